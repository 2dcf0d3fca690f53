/*
 * sq_device_bus.c - the device's hardware buses for Squirrel code, inside
 * imp-device: hardware.i2c12/i2c89, spi189/spi257 and uart12/uart57/
 * uart1289 (the imp001's and imp002's names), with the methods the imp's
 * device API documents, so that drivers written for real peripherals run.
 *
 * DESIGN
 * Nothing is on the wire. A write succeeds (i2c.write returns 0) and goes
 * nowhere. What a read returns is drawn from the run's seed, never from
 * rand(): when the workload declares a sensor of the bus's name
 * (workload.sensors.i2c89 {min, max, integer}), each byte is the low byte
 * of that sensor's next reading (hardware_read, device.c's PRNG stream);
 * otherwise a stream of its own, "bus/NAME/BOOT", gives uniform bytes. So
 * a run reads the same bytes for the same seed, and a boot reads new ones.
 * i2c.readerror() is 0: the bus never fails. The UART's receive side stays
 * empty (read() is -1, readstring() is ""), and its callback is kept but
 * never called: an endless seeded stream would hang a read-until-empty loop.
 *
 *   hardware.i2c89.read(0x90, "\x00", 2) -> n_i2c_read -> bus_bytes("i2c89")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prng.h"
#include "impchaos/device.h"
#include "sq_device.h"
#include "sq_host.h"

struct bus {
	const char *name;
	int sensor;                 /* -1 unknown yet, 0 no, 1 workload.sensors[name] */
	int seeded;
	struct prng prng;
};

static struct bus buses[] = {
	{ .name = "i2c12", .sensor = -1 }, { .name = "i2c89", .sensor = -1 },
	{ .name = "spi189", .sensor = -1 }, { .name = "spi257", .sensor = -1 },
	{ .name = "uart12", .sensor = -1 }, { .name = "uart57", .sensor = -1 },
	{ .name = "uart1289", .sensor = -1 },
};

/* n bytes the bus reads, from its sensor or its own stream (see DESIGN). */
static void bus_bytes(struct bus *b, uint8_t *out, size_t n)
{
	size_t i;

	if (b->sensor < 0)
		b->sensor = json_is_object(json_object_get(
			json_object_get(json_object_get(rt_init(), "workload"), "sensors"), b->name));
	if (!b->sensor && !b->seeded) {
		char stream[64];

		snprintf(stream, sizeof(stream), "bus/%s/%lld", b->name,
			 (long long)json_integer_value(json_object_get(rt_init(), "inc")));
		prng_init(&b->prng, (uint64_t)json_integer_value(json_object_get(rt_init(), "seed")),
			  stream);
		b->seeded = 1;
	}
	for (i = 0; i < n; i++)
		out[i] = b->sensor ? (uint8_t)((long long)hardware_read(b->name) & 0xff)
				   : (uint8_t)prng_below(&b->prng, 256);
}

static struct bus *self(sq_value v)
{
	return sq_instance_udata(v);
}

/* A string or blob argument's byte count, or -1 after raising an error. */
static long data_len(sq_vm *vm, sq_value v, const char *call)
{
	size_t n;

	if (sq_blob_bytes(vm, v, &n))
		return (long)n;
	if (v.type == SQ_TSTRING)
		return (long)sq_strlen(v);
	sq_throwf(vm, "%s: expected a string or a blob", call);
	return -1;
}

/* A string of n bus bytes (as_blob: a blob). */
static int read_into(sq_vm *vm, struct bus *b, long n, int as_blob, sq_value *ret)
{
	uint8_t *bytes;

	if (n < 0)
		return sq_throwf(vm, "cannot read a negative number of bytes");
	bytes = sq_malloc(vm, (size_t)n + 1);
	bus_bytes(b, bytes, (size_t)n);
	if (as_blob)
		sq_blob_new(vm, bytes, (size_t)n, ret);
	else
		*ret = sq_string_new(vm, (const char *)bytes, (size_t)n);
	sq_free(vm, bytes);
	return 0;
}

static int n_nothing(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	return 0;
}

static int n_zero(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int(0);
	return 0;
}

/* ---- I2C ---- */

/* i2c.read(address, register, n): a string of n bytes (null on a bus
 * error, which the simulation never has). */
static int n_i2c_read(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return read_into(vm, self(argv[0]), sq_toint(argv[3]), 0, ret);
}

/* ---- SPI ---- */

/* spi.configure(flags, kHz): the rate it runs at, the one asked for. */
static int n_spi_configure(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_int(sq_toint(argv[2]));
	return 0;
}

static int n_spi_write(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	long n = data_len(vm, argv[1], "spi.write");

	(void)argc;
	if (n < 0)
		return SQ_ERROR;
	*ret = sq_int((int32_t)n);
	return 0;
}

/* spi.writeread(data): as many bytes as were written, of the same type. */
static int n_spi_writeread(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	long n = data_len(vm, argv[1], "spi.writeread");

	(void)argc;
	if (n < 0)
		return SQ_ERROR;
	return read_into(vm, self(argv[0]), n, argv[1].type != SQ_TSTRING, ret);
}

static int n_spi_readstring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return read_into(vm, self(argv[0]), sq_toint(argv[1]), 0, ret);
}

static int n_spi_readblob(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return read_into(vm, self(argv[0]), sq_toint(argv[1]), 1, ret);
}

/* ---- UART ---- */

/* uart.configure(baud, bits, parity, stop, flags[, callback]): the baud
 * rate it runs at, the one asked for. */
static int n_uart_configure(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	char slot[64];

	(void)vm;
	snprintf(slot, sizeof(slot), "uart:%s", self(argv[0])->name);
	/* Kept so that it is released with the others; never called. */
	sqh_slot(slot, argc > 6 ? argv[6] : sq_null());
	*ret = sq_int(sq_toint(argv[1]));
	return 0;
}

static int n_uart_write(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)ret;
	if (argv[1].type != SQ_TINTEGER && data_len(vm, argv[1], "uart.write") < 0)
		return SQ_ERROR;
	return 0;
}

static int n_uart_read(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	*ret = sq_int(-1);
	return 0;
}

static int n_uart_readstring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	*ret = sq_string_cstr(vm, "");
	return 0;
}

static int n_uart_readblob(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	return sq_blob_new(vm, "", 0, ret);
}

/* ---- registration ---- */

static void add(sq_vm *vm, sq_value hw, const sq_class_def *def, const char *prefix)
{
	sq_value cls = sq_class_register(vm, def);
	size_t i;

	for (i = 0; i < sizeof(buses) / sizeof(buses[0]); i++) {
		sq_value inst;

		if (strncmp(buses[i].name, prefix, strlen(prefix)))
			continue;
		inst = sq_instance_new(vm, cls);
		sq_instance_setudata(inst, &buses[i]);
		sq_table_setstr(vm, hw, buses[i].name, inst);
		sq_release(vm, inst);
	}
}

static void register_constants(sq_vm *vm)
{
	static const struct { const char *name; int value; } k[] = {
		/* The values the device API documents for these. */
		{ "CLOCK_SPEED_10_KHZ", 10000 }, { "CLOCK_SPEED_50_KHZ", 50000 },
		{ "CLOCK_SPEED_100_KHZ", 100000 }, { "CLOCK_SPEED_400_KHZ", 400000 },
		{ "SIMPLEX_RX", 1 }, { "SIMPLEX_TX", 2 }, { "CLOCK_IDLE_HIGH", 4 },
		{ "CLOCK_IDLE_LOW", 0 }, { "CLOCK_2ND_EDGE", 8 }, { "MSB_FIRST", 0 },
		{ "LSB_FIRST", 16 }, { "NO_SCLK", 32 }, { "USE_CS_L", 64 },
		/* UART settings: opaque to code, so any distinct values do. */
		{ "PARITY_NONE", 0 }, { "PARITY_EVEN", 1 }, { "PARITY_ODD", 2 },
		{ "NO_TX", 1 }, { "NO_RX", 2 }, { "NO_CTSRTS", 4 }, { "CALLBACK_WITH_FLAGS", 8 },
		{ "TIMING_ENABLED", 16 },
	};
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		sqh_const_int(vm, k[i].name, k[i].value);
}

void sqb_device_bus_api(struct sq_vm *vm, sq_value hw)
{
	static const sq_method_def i2c_methods[] = {
		{ "configure", n_nothing, 2, ".n", 0 },
		{ "disable", n_nothing, 1, NULL, 0 },
		{ "write", n_zero, 3, ".ns", 0 },
		{ "read", n_i2c_read, 4, ".nsn", 0 },
		{ "readerror", n_zero, 1, NULL, 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_method_def spi_methods[] = {
		{ "configure", n_spi_configure, 3, ".nn", 0 },
		{ "disable", n_nothing, 1, NULL, 0 },
		{ "write", n_spi_write, 2, NULL, 0 },
		{ "writeread", n_spi_writeread, 2, NULL, 0 },
		{ "readstring", n_spi_readstring, 2, ".n", 0 },
		{ "readblob", n_spi_readblob, 2, ".n", 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_method_def uart_methods[] = {
		{ "configure", n_uart_configure, -5, ".nnnnnc|o", 0 },
		{ "disable", n_nothing, 1, NULL, 0 },
		{ "write", n_uart_write, 2, NULL, 0 },
		{ "flush", n_nothing, 1, NULL, 0 },
		{ "read", n_uart_read, 1, NULL, 0 },
		{ "readstring", n_uart_readstring, -1, ".n", 0 },
		{ "readblob", n_uart_readblob, -1, ".n", 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_class_def i2c = { "_impchaos_i2c", NULL, NULL, i2c_methods };
	static const sq_class_def spi = { "_impchaos_spi", NULL, NULL, spi_methods };
	static const sq_class_def uart = { "_impchaos_uart", NULL, NULL, uart_methods };

	add(vm, hw, &i2c, "i2c");
	add(vm, hw, &spi, "spi");
	add(vm, hw, &uart, "uart");
	register_constants(vm);
}
