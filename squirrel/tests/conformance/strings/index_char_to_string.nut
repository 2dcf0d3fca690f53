// Checks: a string's character code can be turned back into a string with tochar()
local s = "xyz";
local out = "";
for (local i = s.len() - 1; i >= 0; i--) out += s[i].tochar();
print(out + "\n");
