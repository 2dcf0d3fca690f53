#!/bin/sh
# Shows that suites/layers.sh catches an include against the direction of
# dependence and passes a tree without one: a tiny tree is made in a
# temporary directory, checked clean, then given a report writer that
# includes the simulation. Run by `make test`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/harness/core" "$t/harness/sim" "$t/reports"
printf '#include "core/prng.h"\n' > "$t/harness/sim/sim.c"
printf '#include "prng.h"\n' > "$t/harness/core/prng.c"
: > "$t/harness/core/prng.h"
printf '#include "core/prng.h"\n#include "html.h"\n' > "$t/reports/html.c"
: > "$t/reports/html.h"
if ! "$here/layers.sh" "$t" >/dev/null; then
	echo "layers selftest: a clean tree was refused" >&2
	exit 1
fi
printf '#include "sim/sim.h"\n' >> "$t/reports/html.c"
out=$("$here/layers.sh" "$t")
if [ $? -eq 0 ] || ! echo "$out" | grep -q "reports may not include 'sim/sim.h'"; then
	echo "layers selftest: reports/ including sim/ was not caught: $out" >&2
	exit 1
fi
printf '#include "prng.h"\n' > "$t/harness/sim/sim.c"
if "$here/layers.sh" "$t" >/dev/null; then
	echo "layers selftest: an include without its folder was not caught" >&2
	exit 1
fi
printf '#include "core/prng.h"\n' > "$t/harness/sim/sim.c"
mkdir -p "$t/squirrel/src"
printf '#include "core/heap.h"\n' > "$t/squirrel/src/vm.c"
out=$("$here/layers.sh" "$t")
if [ $? -eq 0 ] || ! echo "$out" | grep -q "squirrel may not include 'core/heap.h'"; then
	echo "layers selftest: the Squirrel library including the harness was not caught: $out" >&2
	exit 1
fi
echo "layers selftest: clean tree passes, wrong-way, unqualified and language-to-harness includes fail"
