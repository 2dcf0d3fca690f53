#!/bin/sh
# make chaos: the nightly chaos campaign over the robust example targets,
# in C (robust) and in Squirrel (sq_robust).
# Every robust target must hold under every swarm schedule; a failure is a
# bug in the target or in the harness, and comes back shrunk. A share of
# the runs (CHAOS_VALGRIND) goes under valgrind memcheck: a memory error
# only memcheck sees fails memcheck-clean, and is shrunk under valgrind.
#
#   CHAOS_RUNS     runs in all (default: 1000 seeds for each robust target)
#   CHAOS_BUDGET   a wall-clock budget instead (e.g. 30m); overrides CHAOS_RUNS
#   CHAOS_SHARD    K/N: this machine's share of the seeds (default 1/1)
#   CHAOS_FOR      simulated duration of each run (default 8d: from any start
#                  chaos draws, a run crosses 8 midnights and a week boundary,
#                  Monday's and Thursday's, and a quiet swarm's agent lives
#                  through several of them)
#   CHAOS_SEED     first seed (default 1)
#   CHAOS_OUT      campaign directory (default chaos-out)
#   CHAOS_VALGRIND share of the runs under valgrind memcheck (default 0.02)
#   CHAOS_VALGRIND_FOR  simulated duration of those runs at most (default 1d:
#                  memcheck slows a run 10-30 times)
#   CHAOS_TARGETS  the targets instead of the robust ones (suites/chaos-figures.sh
#                  runs the naive ones with these very settings)
#   CHAOS_ARGS     more options for impchaos chaos (e.g. '--jobs 1 --no-shrink')
#                  (a failing run ends at its first failure; --full-runs simulates
#                  every run to its end)
set -eu
cd "$(dirname "$0")/../.."
BIN=./build/bin/impchaos
# The robust variants in both languages: robust (C) and sq_robust (Squirrel).
TARGETS=${CHAOS_TARGETS:-$("$BIN" targets | awk '$1 ~ /\/(sq_)?robust$/ { print $1 }')}
if [ -z "$TARGETS" ]; then
	echo "chaos: no robust targets found (run make)" >&2
	exit 2
fi
if [ -n "${CHAOS_BUDGET:-}" ]; then
	LIMIT="--budget $CHAOS_BUDGET"
else
	LIMIT="--runs ${CHAOS_RUNS:-$((1000 * $(echo "$TARGETS" | wc -w)))}"
fi
# shellcheck disable=SC2086
exec "$BIN" chaos $TARGETS $LIMIT --shard "${CHAOS_SHARD:-1/1}" \
	--for "${CHAOS_FOR:-8d}" --seed-from "${CHAOS_SEED:-1}" --out "${CHAOS_OUT:-chaos-out}" \
	--valgrind-sample "${CHAOS_VALGRIND:-0.02}" --valgrind-for "${CHAOS_VALGRIND_FOR:-1d}" \
	${CHAOS_ARGS:-}
