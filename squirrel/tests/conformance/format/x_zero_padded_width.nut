// Checks: %08X and %02x pad with zeros to the given width
print(format("%08X", 48879) + "\n");
print(format("%02x", 5) + "\n");
print(format("0x%04X", 4660) + "\n");
