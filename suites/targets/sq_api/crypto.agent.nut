// crypto.agent.nut - test-only agent (suites/targets/sq_api): logs digests
// whose values are published (FIPS 180-2's "abc", RFC 4231's cases 1 and 2).
function hex(b) {
    local s = "";
    for (local i = 0; i < b.len(); i++) s += format("%02x", b[i]);
    return s;
}

local key = blob(20);
for (local i = 0; i < 20; i++) key[i] = 0x0b;
local d = http.hash.sha256("abc");
server.log("sha256 " + typeof d + " " + d.len() + " " + hex(d));
server.log("sha256 base64 " + http.base64encode(d));
server.log("hmacsha256 jefe " + hex(http.hash.hmacsha256("what do ya want for nothing?", "Jefe")));
server.log("hmacsha256 case1 " + hex(http.hash.hmacsha256("Hi There", key)));
server.log("sha1 " + hex(http.hash.sha1("abc")));
server.log("md5 " + hex(http.hash.md5("abc")));
server.log("sha512 " + http.hash.sha512("abc").len());
server.log("hmacsha512 " + http.hash.hmacsha512("abc", "key").len());
server.log("hmacsha1 " + http.hash.hmacsha1("abc", "key").len());
server.log("sha256 of a blob " + hex(http.hash.sha256(http.hash.sha256("abc"))));
