// Checks: a class with a constructor, member variables and methods
class Point {
    x = 0;
    y = 0;
    constructor(px, py) { x = px; y = py; }
    function sum() { return x + y; }
}
local p = Point(3, 4);
print(p.x + " " + p.y + " " + p.sum() + "\n");
