/*
 * test_home.c - unit tests of harness/sim/home.c: a build tree's
 * executable (this test binary, build/tests/impchaos-tests) finds the hosts
 * and the examples in the build directory, as it always has. The installed
 * layout is shown by suites/install.sh, which runs an installed command.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/home.h"

Test(home, build_tree_finds_hosts_and_examples_in_the_build_directory)
{
	char path[8192];

	snprintf(path, sizeof(path), "%s/bin", impchaos_home());
	cr_assert_str_eq(impchaos_host_dir(), path);
	snprintf(path, sizeof(path), "%s/targets", impchaos_home());
	cr_assert_str_eq(impchaos_examples_dir(), path);
	snprintf(path, sizeof(path), "%s/imp-agent", impchaos_host_dir());
	cr_assert(access(path, X_OK) == 0, "no host at %s", path);
	snprintf(path, sizeof(path), "%s/power_meter/target.json", impchaos_examples_dir());
	cr_assert(access(path, R_OK) == 0, "no example at %s", path);
}
