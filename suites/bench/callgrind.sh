#!/bin/sh
# callgrind.sh - instructions a run costs each process, counted by
# valgrind's callgrind (stable under the load of other work, unlike wall
# time): a day of power_meter/robust (seed 1, no faults), printed as one
# line per process (the harness, the fork servers' forked hosts). Used to
# see where dispatch time goes; the figures are in README.md's Costs.
#
# usage: suites/bench/callgrind.sh [IMPCHAOS_BINARY] [DURATION]
#   (default ./build/bin/impchaos and 1d; another build's binary compares)
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-./build/bin/impchaos}
DUR=${2:-1d}
OUT=${TMPDIR:-/tmp}/impchaos-callgrind-$$
trap 'rm -rf "$OUT"' EXIT INT TERM
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
mkdir -p "$OUT"
valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$OUT/cg.%p" \
	"$BIN" run power_meter/robust --seed 1 --for "$DUR" --no-report --out "$OUT/run" \
	>"$OUT/run.out" 2>"$OUT/valgrind.err" || {
	echo "callgrind.sh: the run failed, see:" >&2
	cat "$OUT/run.out" >&2
	exit 1
}
events=$(sed -n 's/^trace: \([0-9]*\) events.*/\1/p' "$OUT/run.out")
for f in "$OUT"/cg.*; do
	cmd=$(sed -n 's/^cmd: *//p' "$f" | head -1 | awk '{ n = split($1, p, "/"); print p[n], $2 }')
	ir=$(sed -n 's/^summary: *//p' "$f" | head -1)
	# The fork servers' own instructions before they fork are a few
	# hundred thousand; the forked hosts carry the server's command line.
	printf '%-28s %12s instructions  %8.0f per trace event\n' "$cmd" "$ir" \
		"$(awk -v i="$ir" -v e="$events" 'BEGIN { print i / e }')"
done
