#!/bin/sh
# Measures how fast the nightly chaos campaign finds each naive example
# target's bug: for every naive target `impchaos targets` lists, a campaign
# with the nightly's own settings (suites/nightly/chaos.sh: its duration,
# its valgrind sample, ...) runs seeds from 1, one run at a time, in chunks
# until a failure is known ahead of every starting seed 1..STARTS (or
# MAX_SEEDS seeds ran). It prints, per target:
#   first       the first failing seed from seed 1 (the nightly's start), and
#               the wall seconds of the runs up to and including it
#   median      over starting seeds 1..STARTS, the seeds and the wall seconds
#               of runs until the first failing seed at or after it
#   shrunk      the fault count of the reproducer `impchaos shrink` makes of
#               the first failure (shrunk as chaos shrinks it: under valgrind
#               when memcheck is what failed), and how long shrinking took
# then the median of the targets' median times. Wall seconds are each run's
# own (verdict.json's wall_s), at one run at a time.
#   ./suites/chaos-figures.sh [STARTS [MAX_SEEDS]]   (defaults 20 and 400)
#   FIGURES_OUT=DIR keeps the campaigns there (default: a temporary folder)
#   FIGURES_TARGETS="A B" measures those targets only
set -eu
cd "$(dirname "$0")/.."
BIN=./build/bin/impchaos
STARTS=${1:-20}
MAX_SEEDS=${2:-400}
CHUNK=20
if [ -n "${FIGURES_OUT:-}" ]; then
	OUT=$FIGURES_OUT
	mkdir -p "$OUT"
else
	OUT=${TMPDIR:-/tmp}/impchaos-figures-$$
	trap 'rm -rf "$OUT"' EXIT
fi
TARGETS=${FIGURES_TARGETS:-$("$BIN" targets | awk '$1 ~ /\/(sq_)?naive$/ { print $1 }')}
if [ -z "$TARGETS" ]; then
	echo "chaos-figures: no naive targets found (run make)" >&2
	exit 2
fi

# The failing seeds among those a target's campaigns ran, and the wall
# seconds of each seed's run: "SEED WALL_S FAILED" lines, by seed.
seed_table() {
	python3 - "$1" <<'PY'
import glob, json, os, re, sys
rows = {}
for camp in glob.glob(os.path.join(sys.argv[1], "c*", "campaign.json")):
    base = os.path.dirname(camp)
    for run in json.load(open(camp))["runs"]:
        v = json.load(open(os.path.join(base, run, "verdict.json")))
        seed = int(re.search(r"-s(\d+)$", run).group(1))
        rows[seed] = (v["wall_s"], 0 if v["ok"] else 1)
for seed in sorted(rows):
    print(seed, rows[seed][0], rows[seed][1])
PY
}

printf '%-26s %-22s %-24s %s\n' "target" "first failure" "median from 1..$STARTS" "shrunk reproducer"
medians=""
for target in $TARGETS; do
	dir="$OUT/$(echo "$target" | tr / -)"
	mkdir -p "$dir"
	from=1
	while [ "$from" -le "$MAX_SEEDS" ]; do
		CHAOS_TARGETS=$target CHAOS_RUNS=$CHUNK CHAOS_SEED=$from CHAOS_OUT="$dir/c$from" \
			CHAOS_ARGS="--jobs 1 --no-shrink --recheck 0 --no-pin" \
			./suites/nightly/chaos.sh >"$dir/c$from.log" 2>&1 || true
		# Done once some seed at or after the last starting seed failed.
		if seed_table "$dir" | awk -v s="$STARTS" '$1 >= s && $3 == 1 { f = 1 } END { exit !f }'; then
			break
		fi
		from=$((from + CHUNK))
	done
	seed_table "$dir" >"$dir/seeds"
	first=$(awk '$3 == 1 { print $1; exit }' "$dir/seeds")
	shrunk="-"
	if [ -n "$first" ]; then
		run=$(ls -d "$dir"/c*/runs/*-s"$first" | head -1)
		s=$(date +%s.%N)
		"$BIN" shrink "$run" >"$dir/shrink.log" 2>&1 || true
		e=$(date +%s.%N)
		shrunk=$(python3 - "$run/reproducer.json" "$s" "$e" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print(f"{r['faults_after']} faults, {float(sys.argv[3]) - float(sys.argv[2]):.0f} s"
          + ("" if r.get("fails_again") else " (did not fail again)"))
except (OSError, ValueError, KeyError):
    print("not shrunk")
PY
)
	fi
	line=$(python3 - "$dir/seeds" "$STARTS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
starts = int(sys.argv[2])
seeds = [int(r[0]) for r in rows]
wall = {int(r[0]): float(r[1]) for r in rows}
failing = [int(r[0]) for r in rows if r[2] == "1"]
def to_first(s):
    f = next((x for x in failing if x >= s), None)
    if f is None:
        return None
    return f - s + 1, sum(wall[x] for x in seeds if s <= x <= f)
first = to_first(1)
waits = [w for w in (to_first(s) for s in range(1, starts + 1)) if w]
out = (f"seed {first[0]} ({first[1]:.2f} s)" if first else f"none in {len(seeds)} seeds")
if len(waits) == starts:
    med = (statistics.median(w[0] for w in waits), statistics.median(w[1] for w in waits))
    print(f"{out:22} {med[0]:.0f} seeds, {med[1]:.2f} s".ljust(47), med[1])
else:
    print(f"{out:22} {'-':24}", "-")
PY
)
	med=${line##* }
	printf '%-26s %s %s\n' "$target" "${line% *}" "$shrunk"
	[ "$med" = "-" ] || medians="$medians $med"
done
python3 - $medians <<'PY'
import statistics, sys
m = [float(x) for x in sys.argv[1:]]
if m:
    print(f"median over the targets of the median time to the first failure: "
          f"{statistics.median(m):.2f} s ({len(m)} targets)")
PY
