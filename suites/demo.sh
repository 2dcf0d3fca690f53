#!/bin/sh
# make demo: runs every example target, robust and naive, under the faults
# that expose the naive variant's bug, then writes the HTML report.
# A naive variant is expected to FAIL (that is the point of the demo) and a
# robust one to pass; the script exits 1 if either expectation is not met.
#
# Every example target is in the demo: `demo.sh --check-list` (make test)
# runs nothing and fails when a variant of `impchaos targets` has no run.
set -u
cd "$(dirname "$0")/.."
BIN=./build/bin/impchaos
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
run 1 power_meter-naive power_meter/naive --for 2d --faults 'at 6h agent/restart'
run 0 power_meter-robust power_meter/robust --for 2d \
	--faults 'at 6h agent/restart; at 20h agent/crash; at 30h device/power-cycle; at 36h device/disconnect for=20m'
# A mis-typed message name is dropped with "no handler".
run 1 handler_typo-naive handler_typo/naive --for 1d
run 0 handler_typo-robust handler_typo/robust --for 1d --faults 'every 5h agent/restart; at 7h device/power-cycle'
# After a migration the naive forecast display freezes.
run 1 weather_leds-naive weather_leds/naive --for 1d --faults 'at 6h agent/migrate'
run 0 weather_leds-robust weather_leds/robust --for 1d \
	--faults 'at 6h agent/migrate; at 9h device/disconnect for=10m; at 9h5m agent/crash'
# Saved data survives store failures only if the agent checks server_save().
run 1 door_counter-naive door_counter/naive --for 6h \
	--faults 'at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash'
run 0 door_counter-robust door_counter/robust --for 6h \
	--faults 'at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash'
# A forum answer's HTTP example: credentials set over HTTP must come back after
# the agent moves; the naive agent restores them only when the device boots.
run 1 credentials-naive credentials/naive --for 1d --faults 'at 6h agent/migrate'
run 0 credentials-robust credentials/robust --for 1d \
	--faults 'at 6h agent/migrate; at 9h agent/store/write; at 12h agent/crash'

# The README's example: a counter that publishes only what it saved.
run 0 counter-v1 counter/v1 --for 1d --faults 'every 3h agent/crash; from 2h p=0.2 agent/store/write'
# Settings pushed before the device's handler exists are dropped.
run 1 boot_race-naive boot_race/naive --for 6h --faults 'at 2h device/power-cycle'
run 0 boot_race-robust boot_race/robust --for 6h \
	--faults 'at 2h device/power-cycle; at 3h device/slow-boot; at 4h deploy/code outage=1s download=5s'
# A device offline at a deploy still speaks version 1 to a version 2 agent.
run 1 protocol_skew-naive protocol_skew/naive --for 6h \
	--faults 'at 1h device/disconnect for=30m; at 1h10m deploy/code'
run 0 protocol_skew-robust protocol_skew/robust --for 6h \
	--faults 'at 1h device/disconnect for=30m; at 1h10m deploy/code'

# The examples alone: the suites' own targets come from IMPCHAOS_TARGET_PATH.
missing=""
for t in $(env -u IMPCHAOS_TARGET_PATH "$BIN" targets | awk '{ print $1 }'); do
	case " $ran " in *" $t "*) ;; *) missing="$missing $t" ;; esac
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
