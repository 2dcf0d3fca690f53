#!/bin/sh
# chaos_cpu.sh - CPU seconds (user + system of the campaign and of every
# process it started, from GNU time's rusage) of the 96-run
# power_meter/robust campaign that `make bench` times (6-hour runs,
# --jobs 2), for one or more builds, interleaved. CPU time moves far less
# than wall time when other work loads the machine.
#
# usage: suites/bench/chaos_cpu.sh [IMPCHAOS_BINARY...]   (default ./build/bin/impchaos)
set -eu
cd "$(dirname "$0")/../.."
OUT=/dev/shm/impchaos-chaos-cpu-$$   # on tmpfs, as in make bench
trap 'rm -rf "$OUT" "$OUT.t"' EXIT INT TERM
[ -x /usr/bin/time ] || { echo "chaos_cpu.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
[ $# -gt 0 ] || set -- ./build/bin/impchaos
for bin in "$@"; do
	rm -rf "$OUT"
	# Exit 1 (a failing run found) is a result here, not an error.
	/usr/bin/time -o "$OUT.t" -f '%U %S' "$bin" chaos power_meter/robust --runs 96 --for 6h \
		--jobs 2 --no-shrink --recheck 0 --out "$OUT" >/dev/null 2>&1 || [ $? -eq 1 ]
	tail -1 "$OUT.t" | awk -v b="$bin" '{ printf "%-40s %7.2f CPU s for 96 runs\n", b, $1 + $2 }'
done
