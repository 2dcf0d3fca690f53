// Checks: @"..." verbatim strings: no escapes, "" is a double quote
local s = @"C:\temp\new";
print(s + "\n");
print(s.len() + "\n");
print(@"say ""hi""" + "\n");
