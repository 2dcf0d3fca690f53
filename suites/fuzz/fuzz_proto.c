/*
 * fuzz_proto.c - libFuzzer target for the frame decoder of the lockstep
 * protocol (harness/core/proto.c). The input is fed to a proto_reader in
 * pieces whose sizes come from the input's first byte, as a stream arrives,
 * and every frame is taken out until the reader needs more bytes or a frame
 * is malformed. Any result is fine (frames, -EPROTO); a crash, a sanitizer
 * report, a leak, or a frame without a string "t" is a bug. Built and run
 * by suites/fuzz.sh (make fuzz); make test re-runs the kept inputs through
 * suites/fuzz/regress.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_reader r;
	size_t chunk, off;
	char err[256];
	json_t *msg;
	int rc;

	err[0] = '\0';
	if (size < 1)
		return 0;
	/* 1..256 bytes per piece: frames split across reads, and many
	 * frames in one read. */
	chunk = (size_t)data[0] + 1;
	data++, size--;
	proto_reader_init(&r);
	for (off = 0; off < size; off += chunk) {
		size_t n = size - off < chunk ? size - off : chunk;

		if (proto_reader_feed(&r, data + off, n) < 0)
			break;
		for (;;) {
			size_t before = r.len;

			rc = proto_reader_next(&r, &msg, err, sizeof(err));
			if (rc == 1) {
				if (!json_is_string(json_object_get(msg, "t")))
					abort();
				json_decref(msg);
				continue;
			}
			if (rc == 0)
				break;
			/* A bad frame body is consumed and reading goes on; a bad
			 * length prefix consumes nothing and stops the stream, as
			 * it stops the harness. */
			if (!err[0])
				abort();
			if (r.len == before)
				goto out;
		}
	}
out:
	proto_reader_release(&r);
	return 0;
}
