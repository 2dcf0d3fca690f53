// Checks: any value can be thrown; a table keeps its slots
try {
    throw { code = 42, msg = "bad" };
} catch (e) {
    print(typeof e + " " + e.code + " " + e.msg + "\n");
}
