// Checks: table.getdelegate example: lookups fall back to the delegate (table.getdelegate page)
local mt = {};
local md = {};
md.name <- function() {
    print(this.title + "\n");
};
mt.title <- "My Table";
md.title <- "My Delegate";
mt.setdelegate(md);
mt.name();
if (mt.getdelegate() == md) print("MD is the delegate of MT\n");
