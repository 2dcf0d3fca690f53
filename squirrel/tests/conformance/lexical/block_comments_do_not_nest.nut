// Checks: a block comment ends at the first */ (comments do not nest)
/* outer /* inner */ print("visible\n");
