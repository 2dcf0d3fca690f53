// Checks: member attributes </ ... /> are accepted and read with class.getattributes(member)
class A {
    </ unit = "cm" />
    length = 5;
}
print(A().length + " " + A.getattributes("length").unit + "\n");
