#!/bin/sh
# suites/report_bench.sh - what the HTML report of a long run costs: makes a
# 7-day power_meter run (an agent restart every 6 hours, a power cycle a
# day, some 300,000 trace events) once, then times `impchaos report` on it
# and, when valgrind is installed, counts its instructions with callgrind.
# Separate from suites/bench.sh; run by hand:
#
#   suites/report_bench.sh [BUILD_DIR]      (default build)
set -eu
B=${1:-build}
bin=$B/bin/impchaos
[ -x "$bin" ] || { echo "report_bench: no $bin: run make first" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/impchaos-report-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$bin" run power_meter/naive --seed 1 --for 7d \
	--faults 'every 6h agent/restart; every 1d device/power-cycle' \
	--out "$dir/run" --no-report >/dev/null || [ $? -eq 1 ]
echo "trace: $(wc -l < "$dir/run/trace.jsonl") events, $(wc -c < "$dir/run/trace.jsonl") bytes"
best=
for i in 1 2 3; do
	t0=$(date +%s%N)
	"$bin" report "$dir/run" -o "$dir/out" >/dev/null
	t=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
done
echo "impchaos report: best of 3 ${best} ms wall; page $(cat "$dir"/out/runs/*.html | wc -c) bytes"
if command -v valgrind >/dev/null; then
	valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" \
		"$bin" report "$dir/run" -o "$dir/out2" >/dev/null 2>"$dir/cg.log"
	echo "impchaos report: $(sed -n 's/^summary: //p' "$dir/cg.out") instructions (callgrind)"
fi
