// Checks: push and pop work as a stack (last in, first out)
local st = [];
st.push(1); st.push(2); st.push(3);
local out = "";
while (st.len() > 0) out += st.pop();
print(out + "\n");
