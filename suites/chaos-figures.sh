#!/bin/sh
# Measures the bug-finding figures of chaos for each naive example target: the share
# of swarm seeds that expose its bug, the median number of seeds (and wall
# seconds, at one run at a time) until the first failure from a random
# starting seed, and the median time `impchaos shrink` takes on a failure.
#   ./suites/chaos-figures.sh [SEEDS]      (default 40 seeds per target)
set -eu
cd "$(dirname "$0")/.."
BIN=./build/bin/impchaos
SEEDS=${1:-40}
OUT=${TMPDIR:-/tmp}/impchaos-figures-$$
trap 'rm -rf "$OUT"' EXIT
for target in $("$BIN" targets | awk '$1 ~ /\/naive$/ { print $1 }'); do
	dir="$OUT/$(echo "$target" | tr / -)"
	start=$(date +%s.%N)
	"$BIN" chaos "$target" --runs "$SEEDS" --for 12h --jobs 1 --no-shrink --recheck 0 \
		--out "$dir" >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	shrink_times=""
	for run in $(python3 -c "import json,sys; c=json.load(open('$dir/campaign.json'))
print(' '.join(f['run'] for f in c['failures'][:5]))"); do
		s=$(date +%s.%N)
		"$BIN" shrink "$dir/$run" >/dev/null 2>&1 || true
		e=$(date +%s.%N)
		shrink_times="$shrink_times $(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')"
	done
	python3 - "$target" "$dir/campaign.json" "$start" "$end" "$SEEDS" $shrink_times <<'PY'
import json, statistics, sys
target, path, start, end, seeds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
shrinks = [float(x) for x in sys.argv[6:]]
c = json.load(open(path))
failing = sorted(f["seed"] for f in c["failures"])
per_run = (end - start) / max(1, len(c["runs"]))
# From each starting seed s, how many seeds until the first failing one.
waits = []
for s in range(1, seeds + 1):
    nxt = [f for f in failing if f >= s]
    if nxt:
        waits.append(nxt[0] - s + 1)
med = statistics.median(waits) if waits else float("nan")
print(f"{target:22} {len(failing):3}/{seeds} seeds fail; median {med:.0f} seeds "
      f"(~{med * per_run:.1f} s) to the first failure; median shrink "
      f"{statistics.median(shrinks) if shrinks else float('nan'):.1f} s over {len(shrinks)}")
PY
done
