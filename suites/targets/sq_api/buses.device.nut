// buses.device.nut - test-only device (suites/targets/sq_api): drives the
// imp001's buses as a sensor driver would and reports what it read.
function hex(s) {
    local t = "";
    for (local i = 0; i < s.len(); i++) t += format("%02x", s[i]);
    return t;
}

local i2c = hardware.i2c89;
i2c.configure(CLOCK_SPEED_400_KHZ);
local w = i2c.write(0x90, "\x01\x60");
local r = i2c.read(0x90, "\x00", 2);
agent.send("report", "i2c89 write " + w + " read " + typeof r + " " + hex(r) + " error " + i2c.readerror());
local seeded = hardware.i2c12.read(0x40, "", 4);
agent.send("report", "i2c12 read " + seeded.len() + " " + hex(seeded));

local spi = hardware.spi257;
local rate = spi.configure(CLOCK_IDLE_LOW | MSB_FIRST, 1000);
local wr = spi.writeread("\x9f\x00\x00");
local wb = spi.writeread(blob(2));
agent.send("report", "spi257 rate " + rate + " write " + spi.write("ab") + " writeread " + typeof wr + " " + wr.len() + " " + typeof wb + " " + wb.len());

local uart = hardware.uart57;
local baud = uart.configure(115200, 8, PARITY_NONE, 1, NO_CTSRTS, function() {});
uart.write("hello\n");
uart.write(0x41);
uart.flush();
agent.send("report", "uart57 baud " + baud + " read " + uart.read() + " readstring '" + uart.readstring() + "'");

imp.onidle(function() {
    agent.send("report", "idle, flush " + server.flush(5));
});
