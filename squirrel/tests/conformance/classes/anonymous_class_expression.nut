// Checks: class expressions can be assigned to variables
local K = class {
    function hi() { return "hi"; }
};
print(K().hi() + "\n");
