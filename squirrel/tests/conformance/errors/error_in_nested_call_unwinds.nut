// Checks: locals after unwinding are intact in the catching frame
function level3() { throw "deep"; }
function level2() { level3(); }
function level1() { level2(); }
local marker = "kept";
try { level1(); } catch (e) { print(e + " " + marker + "\n"); }
