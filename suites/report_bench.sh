#!/bin/sh
# suites/report_bench.sh - what the HTML report of a long run costs: a
# 7-day power_meter run (an agent restart every 6 hours, a power cycle a
# day, some 110,000 trace events), best of 3 wall-clock times of
#   - the run without its report (--no-report),
#   - the run with its report, fed from the run as it goes (the default),
#   - `impchaos report` of the finished run, which reads trace.jsonl back
#     (what `run` did before the live report, and what it does for old runs),
# and with --callgrind, callgrind's instruction counts of the harness
# process (children not traced) for the same three, which, unlike wall
# times on a shared machine, separate the report's cost from the run's
# (some minutes). Separate from suites/bench.sh; run by hand:
#
#   suites/report_bench.sh [--callgrind] [BUILD_DIR]      (default build)
set -eu
cg=
if [ "${1:-}" = --callgrind ]; then cg=1; shift; fi
B=${1:-build}
bin=$B/bin/impchaos
[ -x "$bin" ] || { echo "report_bench: no $bin: run make first" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/impchaos-report-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
faults='every 6h agent/restart; every 1d device/power-cycle'

# best_ms CMD...: the fastest of three runs of CMD, in ms.
best_ms() {
	best=
	for i in 1 2 3; do
		t0=$(date +%s%N)
		"$@" >/dev/null || [ $? -eq 1 ]
		t=$(( ($(date +%s%N) - t0) / 1000000 ))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	echo "$best"
}

bare=$(best_ms "$bin" run power_meter/naive --seed 1 --for 7d --faults "$faults" \
	--out "$dir/run" --force --no-report)
echo "trace: $(wc -l < "$dir/run/trace.jsonl") events, $(wc -c < "$dir/run/trace.jsonl") bytes"
live=$(best_ms "$bin" run power_meter/naive --seed 1 --for 7d --faults "$faults" \
	--out "$dir/run" --force)
read=$(best_ms "$bin" report "$dir/run" -o "$dir/out")
echo "run --no-report:            ${bare} ms"
echo "run with its live report:   ${live} ms (the report adds $((live - bare)) ms)"
echo "impchaos report (reads the trace): ${read} ms; page $(cat "$dir"/out/runs/*.html | wc -c) bytes"
[ -n "$cg" ] || exit 0
command -v valgrind >/dev/null || { echo "report_bench: --callgrind needs valgrind" >&2; exit 2; }
# instr NAME CMD...: callgrind's instruction count of CMD's own process.
instr() {
	name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$dir/$name.cg" "$@" >/dev/null \
		2>"$dir/$name.log" || [ $? -eq 1 ]
	sed -n 's/^summary: //p' "$dir/$name.cg"
}
i_bare=$(instr bare "$bin" run power_meter/naive --seed 1 --for 7d --faults "$faults" \
	--out "$dir/run" --force --no-report --run-timeout 30m)
i_live=$(instr live "$bin" run power_meter/naive --seed 1 --for 7d --faults "$faults" \
	--out "$dir/run" --force --run-timeout 30m)
i_read=$(instr read "$bin" report "$dir/run" -o "$dir/out3")
echo "instructions: run --no-report $i_bare; run with its live report $i_live" \
	"(the report: $((i_live - i_bare))); impchaos report reading the trace $i_read"
