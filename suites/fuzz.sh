#!/bin/sh
# Fuzzing the Squirrel compiler (make fuzz), and the regression check of
# what fuzzing found (make test runs `suites/fuzz.sh --regress`).
#
#   suites/fuzz.sh [SECONDS]   build squirrel/ and squirrel/tests/fuzz/
#                              fuzz_compile.c with clang's libFuzzer and
#                              AddressSanitizer, seed the corpus with the
#                              conformance programs, fuzz for SECONDS
#                              (default 60); a crashing input is copied to
#                              squirrel/tests/fuzz/regressions/ to be kept.
#   suites/fuzz.sh --regress   run every kept input through `impchaos sq`:
#                              each must end with exit 0 or 1 (a Squirrel
#                              error), never a signal or another code.
set -u
cd "$(dirname "$0")/.."
REG=squirrel/tests/fuzz/regressions

if [ "${1:-}" = "--regress" ]; then
	n=0 bad=0
	for f in "$REG"/*.nut; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		timeout 20 ./build/bin/impchaos sq "$f" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			echo "fuzz regression: '$f' ended with status $rc (expected 0 or 1)"
			bad=$((bad + 1))
		fi
	done
	echo "fuzz regressions: $n inputs, $bad crashed or hung"
	[ "$bad" -eq 0 ]
	exit
fi

SECS=${1:-60}
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang is needed (apt-get install clang)" >&2
	exit 2
fi
OUT=build/fuzz
mkdir -p "$OUT/corpus" "$OUT/crashes"
# shellcheck disable=SC2046
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-Isquirrel/include -Isquirrel/src \
	$(for l in string array table blob math regexp time; do
		[ -e "squirrel/src/lib_$l.c" ] && echo "-DSQ_HAVE_LIB_$(echo $l | tr a-z A-Z)"; done) \
	squirrel/src/*.c squirrel/tests/fuzz/fuzz_compile.c \
	-o "$OUT/fuzz_compile" -ljansson -lpcre2-8 -lm || exit 2
find squirrel/tests/conformance -name '*.nut' -exec cp {} "$OUT/corpus/" \;
cp "$REG"/*.nut "$OUT/corpus/" 2>/dev/null
"$OUT/fuzz_compile" -max_total_time="$SECS" -max_len=4096 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$OUT/crashes/" "$OUT/corpus" \
	2>&1 | tail -n 25
found=0
for c in "$OUT"/crashes/*; do
	[ -e "$c" ] || continue
	found=$((found + 1))
	cp "$c" "$REG/$(basename "$c").nut"
done
echo "fuzz: $SECS s, $found crashing inputs (kept in $REG)"
[ "$found" -eq 0 ]
