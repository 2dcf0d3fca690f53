// Checks: default values may be constants declared earlier
const DEFAULT_PORT = 8080;
function connect(host, port = DEFAULT_PORT) { return host + ":" + port; }
print(connect("h") + "\n");
