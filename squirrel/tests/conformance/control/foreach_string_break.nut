// Checks: break out of a foreach over a string
local out = "";
foreach (c in "hello world") {
    if (c == ' ') break;
    out += c.tochar();
}
print(out + "\n");
