#!/bin/sh
# Benchmarks (make bench): first the ratios of bench.json (dispatches
# against a bare socketpair round trip and a bare pipe round trip, a
# restart against a bare spawn,
# chaos runs per minute against an earlier build: see below), then
# simulated seconds per wall-clock second of a 7-day power_meter run, with
# the run directory on disk and on tmpfs, with and without faults and with
# --sync-store. Prints one line per case; speed goals live here, never in
# timed tests. BENCH_RATIOS_ONLY=1 stops after the ratios.
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

# ---- ratios against floors measured in the same run (bench.json) ----
# Each figure is put against a baseline this script measures now, on this
# machine, so that the load of other work falls on both alike:
#  dispatch   lockstep dispatches per wall second of a 7-day power_meter run
#             pinned to one CPU (counted from its trace: each timer.fire and
#             msg.deliver is one event handed to a child, each proc.start
#             two, init and start), against socketpair round trips per second of two
#             processes pinned to the same CPU (suites/bench/pingpong.c). The
#             socketpair floor stays the one the dispatch goal is set
#             against; the control channel is now a pipe each way, so the
#             pipe round trip (suites/bench/pingpong_pipe.c) is measured and
#             printed too, as the floor of the transport in use; and
#             against the floor of the run's own pattern
#             (suites/bench/store_floor.c: pipe round trips whose echoing
#             side makes the store's open/write/close/rename on the share
#             of dispatches the run saved, counted from its trace's
#             store.save lines, in the run directory where its store
#             lived), the honest ceiling for this workload
#  restart    wall time one agent restart adds to a run (a day with a
#             restart every minute against the same day without), against
#             posix_spawn + exec + dlopen of agent.so with the same
#             libraries (suites/bench/spawn_dlopen.c)
#  chaos      chaos runs per minute (6-hour power_meter runs, --jobs 2)
#             against the same campaign with the build of BENCH_BASE
#             (default a88ea72), exported with git archive and built here
# and one figure without a floor:
#  start-up   wall milliseconds of a 1-minute power_meter/robust run pinned
#             to CPU 0 (best of 20): what every run pays to start the
#             command and the fork servers, write its files and end them
BB=build/bench
BASE_REV=${BENCH_BASE:-a88ea72}
BASE=build-base-$BASE_REV
mkdir -p "$BB"
cc -O2 -o "$BB/pingpong" suites/bench/pingpong.c
cc -O2 -o "$BB/pingpong_pipe" suites/bench/pingpong_pipe.c
cc -O2 -o "$BB/best_wall" suites/bench/best_wall.c
cc -O2 -o "$BB/store_floor" suites/bench/store_floor.c
cc -O2 -DFIU_ENABLE -o "$BB/spawn_dlopen" suites/bench/spawn_dlopen.c -ldl -lfiu -l:libev.a -l:libjansson.a \
	-l:libxxhash.a -l:libpcre2-8.a -lm
if [ ! -x "$BASE/build/bin/impchaos" ]; then
	rm -rf "$BASE"
	mkdir -p "$BASE"
	git archive "$BASE_REV" | tar -x -C "$BASE"
	make -s -C "$BASE" -j2 all >/dev/null
fi
secs() {  # command... -> prints its wall-clock seconds
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }'
}
best() {  # prints the smallest of its arguments
	printf '%s\n' "$@" | sort -g | head -1
}
run7() {
	rm -rf "$TMPFS/d"
	"$BIN" run power_meter/robust --seed 1 --for 7d --no-report --cpu 0 --out "$TMPFS/d" >"$TMPFS/d.out"
}
# The floor of the run's own pattern: 200,000 pipe round trips with the
# run's share of saves, of its store's size, in its run directory (where
# its store lived: the directory is on tmpfs). Counted from the trace of
# the run just made; the store file goes, the trace stays.
floor7() {
	n=$(grep -c -E '"ev":"(timer.fire|msg.deliver)"' "$TMPFS/d/trace.jsonl")
	n=$((n + 2 * $(grep -c '"ev":"proc.start"' "$TMPFS/d/trace.jsonl")))
	sv=$(grep -c '"ev":"store.save"' "$TMPFS/d/trace.jsonl" || true)
	sz=$(stat -c %s "$TMPFS/d/store.json" 2>/dev/null || echo 108)
	taskset -c 0 "$BB/store_floor" 200000 $((200000 * sv / n)) "$TMPFS/d" "$sz"
}
# Interleaved, best of 3 each: the load of other work on CPU 0 falls on
# all alike.
p1=$(taskset -c 0 "$BB/pingpong" 200000) q1=$(taskset -c 0 "$BB/pingpong_pipe" 200000) t1=$(secs run7) f1=$(floor7)
p2=$(taskset -c 0 "$BB/pingpong" 200000) q2=$(taskset -c 0 "$BB/pingpong_pipe" 200000) t2=$(secs run7) f2=$(floor7)
p3=$(taskset -c 0 "$BB/pingpong" 200000) q3=$(taskset -c 0 "$BB/pingpong_pipe" 200000) t3=$(secs run7) f3=$(floor7)
pp=$(printf '%s\n' "$p1" "$p2" "$p3" | sort -g | tail -1)
pq=$(printf '%s\n' "$q1" "$q2" "$q3" | sort -g | tail -1)
pf=$(printf '%s\n' "$f1" "$f2" "$f3" | sort -g | tail -1)
tdisp=$(best "$t1" "$t2" "$t3")
ev=$(grep -c -E '"ev":"(timer.fire|msg.deliver)"' "$TMPFS/d/trace.jsonl")
ev=$((ev + 2 * $(grep -c '"ev":"proc.start"' "$TMPFS/d/trace.jsonl")))
saves=$(grep -c '"ev":"store.save"' "$TMPFS/d/trace.jsonl" || true)
spawn_us=$(best "$("$BB/spawn_dlopen" build/targets/power_meter/robust/agent.so 300)" \
	"$("$BB/spawn_dlopen" build/targets/power_meter/robust/agent.so 300)")
rday() {  # faults -> one day of power_meter/robust
	rm -rf "$TMPFS/r"
	"$BIN" run power_meter/robust --seed 1 --for 1d --no-report --out "$TMPFS/r" ${1:+--faults "$1"}
}
r_plain=$(best "$(secs rday '')" "$(secs rday '')" "$(secs rday '')")
r_fault=$(best "$(secs rday 'every 1m agent/restart')" "$(secs rday 'every 1m agent/restart')" \
	"$(secs rday 'every 1m agent/restart')")
chaos() {  # bin jobs (exit 1, a failing run found, is a result here, not an error)
	rm -rf "$TMPFS/c"
	"$1" chaos power_meter/robust --runs 96 --for 6h --jobs "$2" --no-shrink --recheck 0 \
		--out "$TMPFS/c" || [ $? -eq 1 ]
}
c_base=$(best "$(secs chaos "$BASE/build/bin/impchaos" 2)" "$(secs chaos "$BASE/build/bin/impchaos" 2)")
c_new2=$(best "$(secs chaos "$BIN" 2)" "$(secs chaos "$BIN" 2)")
c_new3=$(best "$(secs chaos "$BIN" 3)" "$(secs chaos "$BIN" 3)")
c_new4=$(best "$(secs chaos "$BIN" 4)" "$(secs chaos "$BIN" 4)")
disk7() { "$BIN" run power_meter/robust --seed 1 --for 7d --no-report --force --out "$DISK/ratio-disk"; }
t_disk=$(best "$(secs disk7)" "$(secs disk7)" "$(secs disk7)")
t_start=$(taskset -c 0 "$BB/best_wall" 20 "$BIN" run power_meter/robust --seed 1 --for 1m \
	--no-report --cpu 0 --force --out "$TMPFS/m") || { echo "bench: the 1-minute run failed" >&2; exit 1; }
awk -v pp="$pp" -v pq="$pq" -v pf="$pf" -v sv="$saves" -v ev="$ev" -v td="$tdisp" -v sp="$spawn_us" -v rp="$r_plain" -v rf="$r_fault" \
    -v cb="$c_base" -v c2="$c_new2" -v c3="$c_new3" -v c4="$c_new4" -v tk="$t_disk" -v ts="$t_start" \
    -v out="$BB/bench.json" -v base="$BASE_REV" 'BEGIN {
	disp = ev / td; restart = (rf - rp) / 1440 * 1e6
	printf "{\n  \"pingpong_round_trips_per_s\": %.0f,\n", pp > out
	printf "  \"pingpong_pipe_round_trips_per_s\": %.0f,\n", pq > out
	printf "  \"dispatches_per_s_pinned\": %.0f,\n  \"dispatch_ratio\": %.3f,\n", disp, disp / pp > out
	printf "  \"dispatch_ratio_pipe\": %.3f,\n", disp / pq > out
	printf "  \"store_floor_round_trips_per_s\": %.0f,\n", pf > out
	printf "  \"store_floor_saves_per_dispatch\": %.3f,\n", sv / ev > out
	printf "  \"dispatch_ratio_floor\": %.3f,\n", disp / pf > out
	printf "  \"spawn_exec_dlopen_us\": %.0f,\n  \"agent_restart_us\": %.0f,\n", sp, restart > out
	printf "  \"restart_ratio\": %.2f,\n", restart / sp > out
	printf "  \"disk_7d_sim_s_per_wall_s\": %.0f,\n", 604800 / tk > out
	printf "  \"startup_1m_run_ms_pinned\": %.2f,\n", ts > out
	printf "  \"chaos_runs_per_min_base_%s_jobs2\": %.1f,\n", base, 96 * 60 / cb > out
	printf "  \"chaos_runs_per_min_jobs2\": %.1f,\n", 96 * 60 / c2 > out
	printf "  \"chaos_runs_per_min_jobs3\": %.1f,\n", 96 * 60 / c3 > out
	printf "  \"chaos_runs_per_min_jobs4\": %.1f,\n", 96 * 60 / c4 > out
	printf "  \"chaos_ratio_jobs2\": %.2f\n}\n", cb / c2 > out
	printf "%-28s %9.0f dispatches/s pinned, %9.0f round trips/s: %.3f (goal >= 0.5)\n", "dispatch", disp, pp, disp / pp
	printf "%-28s %9.0f dispatches/s pinned, %9.0f pipe round trips/s: %.3f\n", "dispatch-vs-pipe", disp, pq, disp / pq
	printf "%-28s %9.0f dispatches/s pinned, %9.0f pipe round trips/s saving on %.3f of them: %.3f\n", "dispatch-vs-floor", disp, pf, sv / ev, disp / pf
	printf "%-28s %9.0f us per restart, %9.0f us spawn+exec+dlopen: %.2fx (goal <= 1.5x)\n", "restart", restart, sp, restart / sp
	printf "%-28s %9.0f sim-s/wall-s (goal >= 300000)\n", "disk-7d", 604800 / tk
	printf "%-28s %9.2f ms for a 1-minute run pinned (best of 20)\n", "start-up", ts
	printf "%-28s %9.1f runs/min, %s: %.1f: %.2fx (goal >= 2x)\n", "chaos-jobs2", 96 * 60 / c2, base, 96 * 60 / cb, cb / c2
	printf "%-28s %9.1f runs/min at --jobs 3, %.1f at --jobs 4\n", "chaos-jobs", 96 * 60 / c3, 96 * 60 / c4
}'
echo "(written to $BB/bench.json)"
[ -z "${BENCH_RATIOS_ONLY:-}" ] || exit 0

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
