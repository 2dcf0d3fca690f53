// Checks: a verbatim string may span lines and keeps the newline
local s = @"one
two";
print(s + "\n");
print(s.len() + "\n");
