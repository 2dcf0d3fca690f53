// Checks: escape sequences inside character literals
print('\n' + "\n");
print('\t' + "\n");
print('\\' + "\n");
print('\'' + "\n");
print('\x41' + "\n");
