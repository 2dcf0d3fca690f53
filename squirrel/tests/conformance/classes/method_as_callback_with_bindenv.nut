// Checks: passing an instance method as a callback needs bindenv to keep this
class Btn {
    label = "ok";
    function onPress() { return "pressed " + label; }
}
local b = Btn();
local cb = b.onPress.bindenv(b);
print(cb() + "\n");
