// Checks: a thrown non-string value is printed as its string form
throw 42;
