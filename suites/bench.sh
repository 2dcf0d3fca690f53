#!/bin/sh
# Benchmarks (make bench): simulated seconds per wall-clock second of a
# 7-day power_meter run, with the run directory on disk and on tmpfs, with
# and without faults and with --sync-store. Prints one line per case; speed
# goals live here, never in timed tests.
set -eu
cd "$(dirname "$0")/.."
BIN=./build/bin/impchaos
DISK=build/bench-runs
TMPFS=/dev/shm/impchaos-bench-$$
mkdir -p "$DISK" "$TMPFS"
trap 'rm -rf "$TMPFS"' EXIT

SIM_S=604800    # 7 days
FAULTS='every 6h agent/restart; every 11h agent/crash; every 1d device/power-cycle; every 17h device/disconnect for=10m'

bench() {  # name dir extra-args...
	name=$1 dir=$2
	shift 2
	# impchaos run refuses a directory that holds a run; BENCH_BIN may be
	# a build from before --force, so the old run goes first.
	rm -rf "${dir:?}/$name"
	start=$(date +%s.%N)
	"${BENCH_BIN:-$BIN}" run power_meter/robust --seed 1 --for 7d --out "$dir/$name" "$@" >"$dir/$name.out" || {
		echo "bench: run '$name' failed, see $dir/$name.out" >&2
		exit 1
	}
	end=$(date +%s.%N)
	events=$(sed -n 's/^trace: \([0-9]*\) events.*/\1/p' "$dir/$name.out")
	awk -v n="$name" -v s="$start" -v e="$end" -v sim="$SIM_S" -v ev="$events" 'BEGIN {
		w = e - s
		printf "%-28s %7.2f s wall  %9.0f sim-s/wall-s  %8.0f events/s\n", n, w, sim / w, ev / w
	}'
}

echo "power_meter/robust, 7 days simulated, $(nproc) CPUs"
bench disk-nofaults "$DISK"
bench disk-faults "$DISK" --faults "$FAULTS"
bench disk-sync-store "$DISK" --sync-store
bench tmpfs-nofaults "$TMPFS"
bench tmpfs-faults "$TMPFS" --faults "$FAULTS"

# The cost of fault points: the same runs with every libfiu point compiled
# out of the hosts (FIU=0, a separate build tree), and with points armed.
make -s B=build-nofiu FIU=0 all >/dev/null
BENCH_BIN=./build-nofiu/bin/impchaos bench tmpfs-nofaults-FIU0 "$TMPFS"
bench tmpfs-nofaults-again "$TMPFS"
bench tmpfs-points-armed "$TMPFS" --faults 'every 1h agent/store/write; every 5h agent/handler/crash; every 7h agent/store/crash/after-write'

# Squirrel against C: the same 7-day power_meter week, the robust variant
# in C (robust) and in Squirrel (sq_robust: agent and device code in the
# hosts' Squirrel VMs), with the faults above, on tmpfs, without the HTML
# report. Each is the best of 3, the runs interleaved so that the
# machine's drift falls on both alike. The goal: Squirrel at most 2x C.
wall() {  # target name -> prints the run's wall-clock seconds
	s=$(date +%s.%N)
	"$BIN" run "$1" --seed 1 --for 7d --faults "$FAULTS" --no-report --out "$TMPFS/$2" \
		>"$TMPFS/$2.out" || {
		echo "bench: run of '$1' failed:" >&2
		cat "$TMPFS/$2.out" >&2
		exit 1
	}
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}
best_c="" best_sq=""
for i in 1 2 3; do
	t=$(wall power_meter/robust "c$i")
	best_c=$(awk -v t="$t" -v b="$best_c" 'BEGIN { print (b == "" || t < b) ? t : b }')
	t=$(wall power_meter/sq_robust "sq$i")
	best_sq=$(awk -v t="$t" -v b="$best_sq" 'BEGIN { print (b == "" || t < b) ? t : b }')
done
awk -v c="$best_c" -v q="$best_sq" 'BEGIN {
	printf "%-28s %7.2f s C  %7.2f s Squirrel  %5.2fx (goal: at most 2x)\n",
	       "tmpfs-faults-c-vs-squirrel", c, q, q / c
}'
