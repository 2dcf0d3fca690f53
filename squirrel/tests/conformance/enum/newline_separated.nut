// Checks: enum members separated by newlines and commas
enum Level {
    Low,
    Mid,
    High
}
print(Level.High + "\n");
