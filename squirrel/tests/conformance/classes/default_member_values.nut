// Checks: members keep their declared values when the constructor does not set them
class C {
    a = 1;
    b = "two";
}
local c = C();
print(c.a + " " + c.b + "\n");
