#!/bin/sh
# trace_compare.sh - the same build, scenario and seed must give the same
# trace: runs a set of fault-heavy scenarios (C and Squirrel targets,
# restarts, crashes, migrations, power cycles, store faults, duplicates,
# deploys, HTTP, allocation faults counted by call, crashing and hanging
# handlers) with this tree's build and with a build of an earlier
# revision, and compares the trace hashes and the verdicts (verdict.json
# but for its wall time and start). A change to the harness's internals
# (the frame format, the trace writer, the store's place, the checkers'
# plumbing) must leave every hash and verdict as it was; the malloc
# scenarios show that the hosts make the same allocations in the same
# order, since libfiu's malloc faults fail the Nth call. Against a
# revision before the hosts stopped building their hot frames as objects
# and the agent's store stopped using json_dumps (cd0255d is one), the
# three malloc scenarios differ by design (harness/host/README.md, "The
# hosts' own allocations"); every other scenario must still match.
#
# usage: suites/trace_compare.sh [REV]     (default REV: 79bbd3f, the first
#   revision with the hosts' present allocations; every scenario's trace
#   is the same there as in this tree's)
#   B=DIR  this tree's build (default build); the other revision is
#   exported with git archive into build-base-REV and built there once.
# Exit 0 when every hash and verdict matches, 1 when one differs, 2 on bad
# use.
set -eu
cd "$(dirname "$0")/.."
REV=${1:-79bbd3f}
B=${B:-build}
BASE=build-base-$REV
OUT=${TMPDIR:-/tmp}/impchaos-trace-compare-$$
trap 'rm -rf "$OUT"' EXIT INT TERM

git rev-parse -q --verify "$REV^{commit}" >/dev/null || {
	echo "trace_compare: '$REV' is not a commit of this repository" >&2
	exit 2
}
if [ ! -x "$BASE/build/bin/impchaos" ]; then
	rm -rf "$BASE"
	mkdir -p "$BASE"
	git archive "$REV" | tar -x -C "$BASE"
	make -s -C "$BASE" -j2 all build/suite-targets/misbehave/segv/agent.so \
		build/suite-targets/misbehave/hang/agent.so build/suite-targets/misbehave/quiet/device.so \
		build/suite-targets/misbehave/target.json >/dev/null
fi
make -s -j2 B="$B" all "$B/suite-targets/misbehave/segv/agent.so" \
	"$B/suite-targets/misbehave/hang/agent.so" "$B/suite-targets/misbehave/quiet/device.so" \
	"$B/suite-targets/misbehave/target.json" >/dev/null
mkdir -p "$OUT"

# name | target | duration | schedule
SCENARIOS='pm-naive-restarts|power_meter/naive|2d|every 6h agent/restart; every 11h agent/crash; every 1d device/power-cycle
pm-sq-robust|power_meter/sq_robust|2d|every 6h agent/restart; every 11h agent/crash; every 17h device/disconnect for=10m
wl-robust-migrate|weather_leds/robust|1d|every 5h agent/migrate; every 9h device/power-cycle; every 7h device/disconnect for=20m
wl-sq-naive-migrate|weather_leds/sq_naive|1d|every 5h agent/migrate inflight=late; every 9h device/power-cycle; every 7h device/disconnect for=20m; at 3h http/out/error count=3
dc-naive-store|door_counter/naive|1d|every 3h agent/store/write; every 7h agent/store/crash/after-write; every 5h agent/handler/crash; every 11h agent/crash
dc-sq-robust-store|door_counter/sq_robust|1d|every 3h agent/store/write; every 7h agent/store/crash/after-write; every 8h agent/crash
cred-robust-dup|credentials/robust|12h|at 2h agent/duplicate for=20m; at 5h deploy/code; every 3h storage/stale-load
cred-sq-naive-dup|credentials/sq_naive|12h|at 2h agent/duplicate stop=new; at 5h deploy/code; at 7h http/out/slow count=2
boot-race-naive|boot_race/naive|1d|at 3h deploy/code; every 4h device/slow-boot; every 7h device/redirect
boot-race-sq-robust|boot_race/sq_robust|1d|at 3h deploy/code; every 4h device/power-cycle; every 6h agent/migrate
pm-robust-malloc|power_meter/robust|1d|every 3h agent/mem/malloc nth=7; every 5h device/mem/malloc nth=3
pm-naive-raw-malloc|power_meter/naive|12h|every 2h libc/mm/malloc nth=40 proc=agent; every 5h libc/mm/malloc nth=25 proc=device
dc-sq-robust-malloc|door_counter/sq_robust|12h|every 4h agent/mem/malloc nth=11; every 3h libc/mm/malloc nth=200 proc=device
segv-handler|misbehave/segv|1h|every 10m device/power-cycle
hang-handler|misbehave/hang|2m|'

echo "$SCENARIOS" | while IFS='|' read -r name target dur faults; do
	for which in base new; do
		if [ "$which" = base ]; then bin=$BASE/build/bin/impchaos tp=$BASE/build/suite-targets
		else bin=$B/bin/impchaos tp=$B/suite-targets; fi
		IMPCHAOS_TARGET_PATH=$tp "$bin" run "$target" --seed 7 --for "$dur" ${faults:+--faults "$faults"} \
			--watchdog 2 --no-report --out "$OUT/$name-$which" >"$OUT/$name-$which.out" 2>&1 || true
		sed -n 's/^trace: .*hash \([0-9a-f]*\).*/\1/p' "$OUT/$name-$which.out" >"$OUT/$name-$which.hash"
		# verdict.json has one member a line: all but the wall time and
		# the start are the verdict.
		grep -v -e '^  "wall_s":' -e '^  "started":' "$OUT/$name-$which/verdict.json" \
			>"$OUT/$name-$which.verdict" 2>/dev/null || true
	done
	b=$(cat "$OUT/$name-base.hash") n=$(cat "$OUT/$name-new.hash")
	if [ -z "$b" ] || [ "$b" != "$n" ]; then
		printf '%-22s DIFFER base %s new %s\n' "$name" "${b:-none}" "${n:-none}"
		diff "$OUT/$name-base/trace.jsonl" "$OUT/$name-new/trace.jsonl" | head -5 || true
		echo x >>"$OUT/failed"
	elif [ ! -s "$OUT/$name-new.verdict" ] ||
	     ! cmp -s "$OUT/$name-base.verdict" "$OUT/$name-new.verdict"; then
		printf '%-22s VERDICT DIFFERS (trace %s)\n' "$name" "$n"
		diff "$OUT/$name-base.verdict" "$OUT/$name-new.verdict" | head -8 || true
		echo x >>"$OUT/failed"
	else
		printf '%-22s same   %s\n' "$name" "$n"
	fi
done
[ ! -e "$OUT/failed" ] || exit 1
