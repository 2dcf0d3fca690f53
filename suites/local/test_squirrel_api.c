/*
 * test_squirrel_api.c - scenario suite for parts of the imp API bound for
 * Squirrel targets: the agent's http.hash.* against published digests
 * (FIPS 180-2's "abc", RFC 4231's HMAC-SHA256 cases 1 and 2) and
 * http.base64encode of a blob; a blob sent either way across the link
 * arrives as a blob with the same bytes; server.save drops a blob and a
 * string with a NUL, each with a logged error; the device's I2C, SPI and
 * UART buses answer as the device API documents, with reads drawn from the
 * workload or the seed; server.flush and imp.onidle on the device; only an
 * agent that hashes loads libcrypto. The targets are in suites/targets/sq_api.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

TestSuite(squirrel_api, .timeout = 120);

/* Runs sq_api/VARIANT for 5 minutes without faults: it must hold, and
 * *trace gets the trace (free it). The blobs variant is checked for
 * no-missing-handler only: the errors server.save logs fail no-target-error,
 * as they should. */
static void run_variant(const char *variant, uint64_t seed, struct run_outcome *out, char **trace)
{
	const char *checks = strcmp(variant, "blobs") ? NULL : "no-missing-handler";
	char target[64];

	scenario_use_test_targets();
	snprintf(target, sizeof(target), "sq_api/%s", variant);
	cr_assert_eq(scenario_run(target, seed, "5m", NULL, checks, out), 0);
	cr_expect_eq(out->res.failed, 0, "see %s", out->dir);
	*trace = scenario_trace(out->dir);
	cr_assert(*trace, "see %s", out->dir);
}

Test(squirrel_api, agent_hashes_match_published_digests)
{
	struct run_outcome out;
	char *t;

	run_variant("crypto", 1, &out, &t);
	cr_expect(strstr(t, "\"sha256 blob 32 "
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""),
		  "see %s", out.dir);
	cr_expect(strstr(t, "\"sha256 base64 ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=\""),
		  "see %s", out.dir);
	cr_expect(strstr(t, "\"hmacsha256 jefe "
			    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\""),
		  "see %s", out.dir);
	/* Case 1's key is twenty 0x0b bytes, given as a blob. */
	cr_expect(strstr(t, "\"hmacsha256 case1 "
			    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\""),
		  "see %s", out.dir);
	cr_expect(strstr(t, "\"sha1 a9993e364706816aba3e25717850c26c9cd0d89d\""), "see %s", out.dir);
	cr_expect(strstr(t, "\"md5 900150983cd24fb0d6963f7d28e17f72\""), "see %s", out.dir);
	cr_expect(strstr(t, "\"sha512 64\""), "see %s", out.dir);
	cr_expect(strstr(t, "\"hmacsha512 64\""), "see %s", out.dir);
	cr_expect(strstr(t, "\"hmacsha1 20\""), "see %s", out.dir);
	/* A digest hashed again: a blob is data too. */
	cr_expect(strstr(t, "\"sha256 of a blob "
			    "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358\""),
		  "see %s", out.dir);
	free(t);
	run_outcome_release(&out);
}

/* An agent loads libcrypto at its first hash, not when its VM is set up:
 * the dynamic loader's own log (LD_DEBUG=files, on the host's stderr, so
 * in agent.log) names it for the agent that hashes and not for one that
 * never does. */
Test(squirrel_api, only_an_agent_that_hashes_loads_libcrypto)
{
	const char *variants[] = { "crypto", "buses" };
	struct run_outcome out;
	char path[4200], *log, *t;
	int i;

	setenv("LD_DEBUG", "files", 1);
	for (i = 0; i < 2; i++) {
		run_variant(variants[i], 1, &out, &t);
		snprintf(path, sizeof(path), "%s/agent.log", out.dir);
		log = scenario_read_file(path);
		cr_assert_not_null(log, "no %s", path);
		/* The loader logged the host's own libraries: the log is on. */
		cr_expect(strstr(log, "libfiu"), "%s", log);
		if (i == 0)
			cr_expect(strstr(log, "libcrypto"), "the hashing agent did not load it: %s", log);
		else
			cr_expect(!strstr(log, "libcrypto"), "an agent that never hashes loaded it: %s",
				  log);
		free(log);
		free(t);
		run_outcome_release(&out);
	}
	unsetenv("LD_DEBUG");
}

Test(squirrel_api, blob_crosses_the_link_both_ways_as_a_blob)
{
	struct run_outcome out;
	char *t;

	run_variant("blobs", 1, &out, &t);
	/* The trace shows the bytes (00 ff 41 0a) in base64 under the reserved key. */
	cr_expect(strstr(t, "\"name\":\"bytes\",\"data\":{\"$impchaos.blob\":\"AP9BCg==\"}"),
		  "see %s", out.dir);
	cr_expect(strstr(t, "\"agent got blob 4: 0 255 65 10\""), "see %s", out.dir);
	/* Inside a table, from the agent to the device. */
	cr_expect(strstr(t, "\"device: blob 4: 0 255 65 10 label back\""), "see %s", out.dir);
	free(t);
	run_outcome_release(&out);
}

Test(squirrel_api, save_drops_blobs_and_strings_with_nul_with_a_log_line)
{
	struct run_outcome out;
	char *t;

	run_variant("blobs", 1, &out, &t);
	cr_expect(strstr(t, "\"level\":\"error\",\"text\":\"server.save: dropped 'raw': blob\""),
		  "see %s", out.dir);
	cr_expect(strstr(t, "\"level\":\"error\",\"text\":\"server.save: dropped 'nul': a string "
			    "with a NUL byte\""), "see %s", out.dir);
	/* The rest of the table is stored. */
	cr_expect(strstr(t, "\"saved keys true false false\""), "see %s", out.dir);
	free(t);
	run_outcome_release(&out);
}

Test(squirrel_api, device_buses_answer_as_documented_from_the_seed)
{
	struct run_outcome out, again, other;
	char *t, *t2, *t3, *a, *b;

	run_variant("buses", 1, &out, &t);
	/* i2c89 is a workload sensor fixed at 16: each byte read is 0x10. */
	cr_expect(strstr(t, "\"i2c89 write 0 read string 1010 error 0\""), "see %s", out.dir);
	cr_expect(strstr(t, "\"i2c12 read 4 "), "see %s", out.dir);
	cr_expect(strstr(t, "\"spi257 rate 1000 write 2 writeread string 3 blob 2\""), "see %s",
		  out.dir);
	cr_expect(strstr(t, "\"uart57 baud 115200 read -1 readstring ''\""), "see %s", out.dir);
	/* Undeclared i2c12 reads seeded bytes: the same for a seed, others for another. */
	run_variant("buses", 1, &again, &t2);
	run_variant("buses", 2, &other, &t3);
	a = strstr(t, "\"i2c12 read 4 ");
	b = strstr(t2, "\"i2c12 read 4 ");
	cr_assert(a && b);
	cr_expect_eq(strncmp(a, b, strcspn(a, "}")), 0, "see %s and %s", out.dir, again.dir);
	b = strstr(t3, "\"i2c12 read 4 ");
	cr_assert(b);
	cr_expect_neq(strncmp(a, b, strcspn(a, "}")), 0, "see %s and %s", out.dir, other.dir);
	free(t);
	free(t2);
	free(t3);
	run_outcome_release(&out);
	run_outcome_release(&again);
	run_outcome_release(&other);
}

Test(squirrel_api, device_onidle_runs_and_server_flush_returns_true)
{
	struct run_outcome out;
	char *t;

	run_variant("buses", 1, &out, &t);
	cr_expect(strstr(t, "\"device: idle, flush true\""), "see %s", out.dir);
	free(t);
	run_outcome_release(&out);
}
