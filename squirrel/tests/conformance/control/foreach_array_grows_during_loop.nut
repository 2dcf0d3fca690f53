// Checks: foreach over an array sees elements appended during the loop
local a = [1, 2];
local seen = 0;
foreach (v in a) {
    seen++;
    if (a.len() < 4) a.push(v * 10);
}
print(seen + " " + a.len() + "\n");
