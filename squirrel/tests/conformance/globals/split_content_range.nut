// Checks: split() on a Content-Range value and tointeger() of a part (knowledgebase: determine resource sizes)
local parts = split("0-1/17616", "/");
local filesize = parts[1].tointeger();
print(filesize + " " + parts[0] + "\n");
