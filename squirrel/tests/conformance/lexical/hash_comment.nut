// Checks: # starts a line comment (so #require lines are comments to the language)
#require "Something.lib.nut:1.0.0"
local y = 5; # trailing hash comment
print(y + "\n");
