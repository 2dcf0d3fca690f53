// Checks: array(0) creates an empty array
local a = array(0);
print(a.len() + " " + typeof a + "\n");
