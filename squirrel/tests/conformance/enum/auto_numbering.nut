// Checks: enum members are numbered from 0
enum Color { Red, Green, Blue }
print(Color.Red + " " + Color.Green + " " + Color.Blue + "\n");
