// helpers.nut - included by require.agent.nut (@include, relative path).
function logCount(c) {
    server.log("count " + c.count);
}
