// Checks: writing at a seeked position overwrites without growing
local b = blob(4);
b.seek(1);
b.writen(9, 'b');
print(b.len() + " " + b[0] + b[1] + b[2] + b[3] + " " + b.tell() + "\n");
