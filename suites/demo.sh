#!/bin/sh
# make demo: runs every example target, robust and naive, under the faults
# that expose the naive variant's bug, then writes the HTML report. Where a
# story is told in both languages the demo runs its Squirrel variants
# (sq_naive, sq_robust: the code as an imp developer writes it); the C
# variants tell the same stories (make test runs both).
# A naive variant is expected to FAIL (that is the point of the demo) and a
# robust one to pass; the script exits 1 if either expectation is not met.
#
# Every example target is in the demo: `demo.sh --check-list` (make test)
# runs nothing and fails when a variant of `impchaos targets` has no run
# (of its own or of its twin in the other language).
set -u
cd "$(dirname "$0")/.."
# B: the build directory (make passes its own, e.g. build-asan).
BIN=./${B:-build}/bin/impchaos
OUT=runs/demo
REPORT=report
only=false
ran=""
if [ "${1:-}" = --check-list ]; then
	only=true
else
	# impchaos run refuses a directory that holds a run (it may be a
	# failure's evidence): the demo starts from an empty one each time.
	rm -rf "$OUT"
	mkdir -p "$OUT"
fi
surprises=0

run() {  # expected-exit name target args...
	want=$1 name=$2
	shift 2
	ran="$ran $1"
	$only && return 0
	echo "== $name (expect $( [ "$want" = 0 ] && echo pass || echo FAIL ))"
	"$BIN" run "$@" --out "$OUT/$name"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "demo: '$name' exited $got, expected $want" >&2
		surprises=$((surprises + 1))
	fi
	echo
}

# Server maintenance restarts the agent alone; the naive power
# meter restarts its totals from zero.
run 1 power_meter-sq_naive power_meter/sq_naive --for 2d --faults 'at 6h agent/restart'
run 0 power_meter-sq_robust power_meter/sq_robust --for 2d \
	--faults 'at 6h agent/restart; at 20h agent/crash; at 30h device/power-cycle; at 36h device/disconnect for=20m'
# A mis-typed message name is dropped with "no handler".
run 1 handler_typo-sq_naive handler_typo/sq_naive --for 1d
run 0 handler_typo-sq_robust handler_typo/sq_robust --for 1d --faults 'every 5h agent/restart; at 7h device/power-cycle'
# After a migration the naive forecast display freezes.
run 1 weather_leds-sq_naive weather_leds/sq_naive --for 1d --faults 'at 6h agent/migrate'
run 0 weather_leds-sq_robust weather_leds/sq_robust --for 1d \
	--faults 'at 6h agent/migrate; at 9h device/disconnect for=10m; at 9h5m agent/crash'
# Saved data survives store failures only if the agent checks server_save().
run 1 door_counter-sq_naive door_counter/sq_naive --for 6h \
	--faults 'at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash'
run 0 door_counter-sq_robust door_counter/sq_robust --for 6h \
	--faults 'at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash'
# A forum answer's HTTP example: credentials set over HTTP must come back after
# the agent moves; the naive agent restores them only when the device boots.
run 1 credentials-sq_naive credentials/sq_naive --for 1d --faults 'at 6h agent/migrate'
run 0 credentials-sq_robust credentials/sq_robust --for 1d \
	--faults 'at 6h agent/migrate; at 9h agent/store/write; at 12h agent/crash'
# After a code deploy the naive agent pushes settings into the rebooting
# device before its handler exists.
run 1 boot_race-sq_naive boot_race/sq_naive --for 6h --faults 'at 2h deploy/code outage=1s download=5s'
run 0 boot_race-sq_robust boot_race/sq_robust --for 6h \
	--faults 'at 2h deploy/code outage=1s download=5s; at 3h device/slow-boot; at 4h agent/migrate'
# A deploy while the device is offline: its version 1 readings reach the
# version 2 agent, which the naive one rejects.
run 1 protocol_skew-sq_naive protocol_skew/sq_naive --for 6h \
	--faults 'at 1h device/disconnect for=30m; at 1h10m deploy/code'
run 0 protocol_skew-sq_robust protocol_skew/sq_robust --for 6h \
	--faults 'at 1h device/disconnect for=30m; at 1h10m deploy/code'
# A daily total kept by the agent's uptime instead of the calendar: right
# when the clock starts at midnight, wrong from 23:40.
run 0 water_daily-sq_naive-midnight water_daily/sq_naive --for 3d
run 1 water_daily-sq_naive water_daily/sq_naive --for 3d --start 2026-03-31T23:40:00Z
run 0 water_daily-sq_robust water_daily/sq_robust --for 3d --start 2026-03-31T23:40:00Z \
	--faults 'at 30h agent/restart'
# A reading sent again after its acknowledgement was lost is counted twice
# by the naive agent (here a failed save leaves it unacknowledged).
run 1 rain_gauge-sq_naive rain_gauge/sq_naive --for 1h --faults 'at 2m30s agent/store/open'
run 0 rain_gauge-sq_robust rain_gauge/sq_robust --for 1d \
	--faults 'at 2m30s agent/store/open; at 2h device/redirect outage=5m; at 5h agent/migrate inflight=drop'
# An agent whose history outgrows its memory quota restarts every few
# minutes, all day: no-crash-loop sees what no other invariant does.
run 1 vibration-sq_naive vibration/sq_naive --for 6h
run 0 vibration-sq_robust vibration/sq_robust --for 6h --faults 'every 1h agent/crash; at 2h device/power-cycle'
# A batch freed on a lost connection and written to until the device is
# back: only memcheck sees it.
run 1 uplink-naive uplink/naive --for 1h --faults 'at 10m device/disconnect for=3m' --valgrind
run 0 uplink-robust uplink/robust --for 1h --faults 'at 10m device/disconnect for=3m' --valgrind

# The README's example: a counter that publishes only what it saved.
run 0 counter-v1 counter/v1 --for 1d --faults 'every 3h agent/crash; from 2h p=0.2 agent/store/write'

# The examples alone: the suites' own targets come from IMPCHAOS_TARGET_PATH.
missing=""
for t in $(env -u IMPCHAOS_TARGET_PATH "$BIN" targets | awk '{ print $1 }'); do
	# A story told in both languages is covered by either variant:
	# NAME/naive by NAME/sq_naive and the other way round.
	v=${t#*/} n=${t%%/*}
	case $v in sq_*) twin=$n/${v#sq_} ;; *) twin=$n/sq_$v ;; esac
	case " $ran " in *" $t "* | *" $twin "*) ;; *) missing="$missing $t" ;; esac
done
if [ -n "$missing" ]; then
	echo "demo: no run of example target(s)$missing: add them to suites/demo.sh" >&2
	exit 1
fi
if $only; then
	echo "demo: every example target has a run"
	exit 0
fi

"$BIN" report "$OUT"/* -o "$REPORT" || exit 2
echo "HTML report: $(pwd)/$REPORT/index.html"
[ "$surprises" -eq 0 ]
