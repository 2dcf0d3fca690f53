// credentials.device.nut - credentials device code in Squirrel, shared by
// the Squirrel variants: target -> runs in imp-device's Squirrel VM. The
// device only says hello when it boots; the story is the agent's HTTP API.
agent.send("hello", null);
