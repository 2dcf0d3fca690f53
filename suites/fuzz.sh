#!/bin/sh
# Fuzzing with libFuzzer (make fuzz), and the regression check of what
# fuzzing found (make test runs `suites/fuzz.sh --regress`).
#
# Targets, each an LLVMFuzzerTestOneInput():
#   compile    the Squirrel compiler   squirrel/tests/fuzz/fuzz_compile.c
#   proto      the frame decoder       suites/fuzz/fuzz_proto.c
#   schedule   the schedule parser     suites/fuzz/fuzz_schedule.c
#   target     target.json loading     suites/fuzz/fuzz_target.c
#
#   suites/fuzz.sh [SECONDS [TARGET...]]
#              build the targets with clang's libFuzzer, AddressSanitizer
#              and UBSan (into build/fuzz/), seed each corpus (the
#              conformance programs; suites/fuzz/corpus/NAME/; the example
#              manifests), and fuzz each target for SECONDS (default 60)
#              in turn. A crashing input is kept in the target's regression
#              folder (squirrel/tests/fuzz/regressions/ for compile,
#              suites/fuzz/regressions/NAME/ for the others). Exit 1 when
#              a target found something.
#   suites/fuzz.sh --regress [BUILD_DIR]
#              re-run every kept input (default build dir: build): the
#              compiler's through `impchaos sq`, each must end with exit 0
#              or 1 (a Squirrel error), never a signal or another code; the
#              others' (and their seed corpus) through BUILD_DIR/tests/
#              fuzz-regress-NAME (suites/fuzz/regress.c, built by make
#              test), which must exit 0.
set -u
cd "$(dirname "$0")/.."
REG=squirrel/tests/fuzz/regressions
HARNESS_TARGETS="proto schedule target"

if [ "${1:-}" = "--regress" ]; then
	B=${2:-build}
	n=0 bad=0
	for f in "$REG"/*.nut; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		timeout 20 "$B/bin/impchaos" sq "$f" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			echo "fuzz regression: '$f' ended with status $rc (expected 0 or 1)"
			bad=$((bad + 1))
		fi
	done
	for t in $HARNESS_TARGETS; do
		for f in suites/fuzz/regressions/"$t"/* suites/fuzz/corpus/"$t"/*; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			if ! timeout 20 "$B/tests/fuzz-regress-$t" "$f" >/dev/null 2>&1; then
				echo "fuzz regression: '$f' fails fuzz target '$t' (run $B/tests/fuzz-regress-$t $f)"
				bad=$((bad + 1))
			fi
		done
	done
	echo "fuzz regressions: $n inputs, $bad crashed or hung"
	[ "$bad" -eq 0 ]
	exit
fi

SECS=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-compile $HARNESS_TARGETS}
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: clang is needed (apt-get install clang)" >&2
	exit 2
fi
OUT=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
SQ_DEFS=$(for l in string array table blob math regexp time; do
	[ -e "squirrel/src/lib_$l.c" ] && echo "-DSQ_HAVE_LIB_$(echo $l | tr a-z A-Z)"; done | tr '\n' ' ')
mkdir -p "$OUT"

# The library the harness targets link: the harness's own folders and the
# Squirrel library, instrumented for the fuzzer (fuzzer-no-link) and built
# once per run of this script, two files at a time.
build_lib() {
	rm -rf "$OUT/obj" && mkdir -p "$OUT/obj"
	for f in harness/core/*.c faults/*.c harness/checks/*.c harness/sim/*.c \
		harness/campaign/*.c reports/*.c squirrel/src/*.c; do echo "$f"; done |
	OUT=$OUT SAN=$SAN SQ_DEFS=$SQ_DEFS xargs -P 2 -n 1 sh -c '
		# shellcheck disable=SC2086
		clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer-no-link $SAN \
			-Iharness -I. -Iharness/include -Isquirrel/include -Isquirrel/src \
			$SQ_DEFS -c "$1" -o "$OUT/obj/$(echo "$1" | tr / _).o" || exit 255' sh ||
		return 1
	rm -f "$OUT/libfuzz.a"
	ar rcs "$OUT/libfuzz.a" "$OUT"/obj/*.o
}

build() {
	case $1 in
	compile)
		# shellcheck disable=SC2086
		clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer $SAN \
			-Isquirrel/include -Isquirrel/src $SQ_DEFS \
			squirrel/src/*.c squirrel/tests/fuzz/fuzz_compile.c \
			-o "$OUT/fuzz_compile" -ljansson -lpcre2-8 -lm ;;
	*)
		[ -e "$OUT/libfuzz.a" ] || build_lib || return 1
		# shellcheck disable=SC2086
		clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer $SAN \
			-Iharness -I. -Iharness/include -Isquirrel/include \
			"suites/fuzz/fuzz_$1.c" "$OUT/libfuzz.a" -o "$OUT/fuzz_$1" \
			-lev -ljansson -lxxhash -lpcre2-8 -lm ;;
	esac
}

rm -f "$OUT/libfuzz.a"
total=0
for t in $TARGETS; do
	case $t in
	compile) reg=$REG ext=.nut ;;
	proto|schedule|target) reg=suites/fuzz/regressions/$t ext= ;;
	*) echo "fuzz: unknown target '$t' (compile, proto, schedule, target)" >&2; exit 2 ;;
	esac
	build "$t" || { echo "fuzz: building '$t' failed" >&2; exit 2; }
	corpus=$OUT/corpus/$t crashes=$OUT/crashes/$t
	mkdir -p "$corpus" "$crashes" "$reg"
	rm -f "$crashes"/*
	case $t in
	compile) find squirrel/tests/conformance -name '*.nut' -exec cp {} "$corpus/" \; ;;
	target) for m in targets/*/target.json suites/targets/*/target.json; do
			cp "$m" "$corpus/$(basename "$(dirname "$m")").json"; done ;;
	esac
	[ -d "suites/fuzz/corpus/$t" ] && cp suites/fuzz/corpus/"$t"/* "$corpus/" 2>/dev/null
	cp "$reg"/* "$corpus/" 2>/dev/null
	echo "fuzz: $t for $SECS s"
	"$OUT/fuzz_$t" -max_total_time="$SECS" -max_len=4096 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$crashes/" "$corpus" \
		2>&1 | tail -n 25
	found=0
	for c in "$crashes"/*; do
		[ -e "$c" ] || continue
		found=$((found + 1))
		cp "$c" "$reg/$(basename "$c")$ext"
	done
	echo "fuzz: $t: $SECS s, $found crashing inputs (kept in $reg)"
	total=$((total + found))
done
[ "$total" -eq 0 ]
