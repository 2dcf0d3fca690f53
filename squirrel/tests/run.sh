#!/bin/sh
# Conformance runner for impchaos's Squirrel interpreter.
# Usage: squirrel/tests/run.sh SQRUN [PATTERN]
#   SQRUN    path to the sqrun driver (made absolute before use)
#   PATTERN  optional substring (grep -e) matched against the test path
#            relative to squirrel/tests/conformance, e.g. "arrays/" or "sort"
# Each test NAME.nut is run as `SQRUN NAME.nut` from inside its folder.
#   NAME.out  expected stdout (compared when present)
#   NAME.err  expected stderr; its presence means the exit status must be 1
#             (otherwise the exit status must be 0)
# Prints a unified diff per failure and ends with "N passed, M failed".
TIMEOUT_SECS=${SQ_TEST_TIMEOUT:-10}

if [ $# -lt 1 ]; then
    echo "usage: $0 SQRUN [PATTERN]" >&2
    exit 2
fi
SQRUN=$1
PATTERN=${2:-}
case $SQRUN in
    /*) ;;
    *) SQRUN=$(pwd)/$SQRUN ;;
esac
if [ ! -x "$SQRUN" ]; then
    echo "$0: $SQRUN is not an executable" >&2
    exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$HERE/conformance
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sqtest.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

passed=0
failed=0
LIST=$TMP/list
(cd "$ROOT" && find . -name '*.nut' -type f | sed 's|^\./||' | LC_ALL=C sort) > "$LIST"

while IFS= read -r rel; do
    if [ -n "$PATTERN" ] && ! printf '%s\n' "$rel" | grep -q -e "$PATTERN"; then
        continue
    fi
    dir=$(dirname "$rel")
    base=$(basename "$rel" .nut)
    out=$TMP/stdout
    err=$TMP/stderr
    (cd "$ROOT/$dir" && timeout "$TIMEOUT_SECS" "$SQRUN" "$base.nut" >"$out" 2>"$err" </dev/null)
    status=$?
    ok=1
    report=$TMP/report
    : > "$report"
    if [ -f "$ROOT/$dir/$base.out" ]; then
        if ! diff -u --label "expected stdout: $dir/$base.out" --label "actual stdout" \
                "$ROOT/$dir/$base.out" "$out" >> "$report"; then
            ok=0
        fi
    fi
    if [ -f "$ROOT/$dir/$base.err" ]; then
        if ! diff -u --label "expected stderr: $dir/$base.err" --label "actual stderr" \
                "$ROOT/$dir/$base.err" "$err" >> "$report"; then
            ok=0
        fi
        want=1
    else
        want=0
    fi
    if [ "$status" -ne "$want" ]; then
        ok=0
        if [ "$status" -eq 124 ]; then
            echo "timed out after ${TIMEOUT_SECS}s" >> "$report"
        fi
        echo "exit status $status, expected $want" >> "$report"
        if [ "$want" -eq 0 ] && [ -s "$err" ]; then
            echo "stderr:" >> "$report"
            head -n 20 "$err" >> "$report"
        fi
    fi
    if [ $ok -eq 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: conformance/$rel"
        cat "$report"
        echo
    fi
done < "$LIST"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
