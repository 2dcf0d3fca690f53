#!/bin/sh
# readme_samples.sh - the README's samples, made by running what they show.
#
#   suites/readme_samples.sh --update   regenerate every sample in README.md
#   suites/readme_samples.sh --check    regenerate into a copy and fail, with
#                                       a diff, when README.md differs (make test)
#
# In README.md a sample is a fenced block right after a marker line
# `<!-- sample: NAME -->`. The table below gives each NAME a kind and what
# makes it: `file PATH` includes a file of the repository verbatim; `cmd
# COMMAND` runs COMMAND (sh, from the top of the repository) and shows
# "$ COMMAND" and what it printed on stdout. Runs and campaigns write into
# fixed directories under build/readme, so that the output names no
# temporary path and the same build gives the same trace hashes. The only
# figures that vary are wall-clock ones (a campaign's "in 12s (40
# runs/min)"): they are shown as "in Ns (N runs/min)".
#
# B names another build directory to run (make passes its own, such as
# build-asan): the commands run its ./$B/bin/impchaos, and its path is
# shown as ./build/bin/impchaos, as the README has it.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}

samples() {  # NAME|KIND|WHAT, in the order they are made
	cat <<'TABLE'
run|cmd|./build/bin/impchaos run power_meter/naive --seed 1 --for 2d --faults 'at 6h agent/restart' --out build/readme/power_meter-naive-s1
counter-agent|file|targets/counter/v1/agent.c
counter-device|file|targets/counter/v1/device.c
counter-manifest|file|targets/counter/target.json
counter-run|cmd|./build/bin/impchaos run counter/v1 --faults 'every 3h agent/crash; from 2h p=0.2 agent/store/write' --out build/readme/counter-v1 --no-report
chaos|cmd|./build/bin/impchaos chaos door_counter/naive --runs 4 --for 6h --only 'agent/store/*,agent/crash' --out build/readme/chaos
shrink|cmd|./build/bin/impchaos shrink build/readme/chaos/runs/door_counter-naive-s2
sq-snippet|file|squirrel/tests/readme/average.nut
sq-run|cmd|./build/bin/impchaos sq squirrel/tests/readme/average.nut 2>&1
TABLE
}

usage() {
	echo "usage: $0 --update | --check" >&2
	exit 2
}
[ $# -eq 1 ] || usage
case $1 in --update|--check) ;; *) usage ;; esac
[ -x "$B/bin/impchaos" ] || { echo "readme_samples: build first (make)" >&2; exit 2; }

# The command table: the row of each command with options names every
# option its --help lists (a check only: the table is written by hand).
for cmd in run sweep chaos; do
	row=$(grep "^| \`impchaos $cmd " README.md || true)
	for opt in $("./$B/bin/impchaos" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case "$row" in
		*"[$opt "*|*"[$opt]"*|*"($opt "*|*"|$opt "*|*" $opt "*) ;;
		*)
			echo "readme_samples: the README's command table lacks '$opt' of" \
			     "'impchaos $cmd --help' in the row of $cmd" >&2
			exit 1
			;;
		esac
	done
done

gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
rm -rf build/readme
mkdir -p build/readme

# Each sample's block content into $gen/NAME.
samples | while IFS='|' read -r name kind what; do
	case $kind in
	file)
		cp "$what" "$gen/$name"
		;;
	cmd)
		printf '$ %s\n' "$what" > "$gen/$name"
		# An invariant that fails (exit 1) is what some samples show;
		# bad input or an internal error (2, 3) is a broken sample.
		rc=0
		run=$(printf '%s' "$what" | sed "s|\./build/bin/|./$B/bin/|g")
		sh -c "$run" > "$gen/$name.out" 2> "$gen/$name.err" || rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "readme_samples: '$name' exited $rc: $what" >&2
			cat "$gen/$name.err" >&2
			exit 2
		fi
		sed -E -e 's/ in [0-9]+s \([0-9]+ runs\/min\)/ in Ns (N runs\/min)/' \
			-e "s|\./$B/bin/|./build/bin/|g" "$gen/$name.out" >> "$gen/$name"
		;;
	*)
		echo "readme_samples: '$name' has an unknown kind '$kind'" >&2
		exit 2
		;;
	esac
done

# README.md with every marked block replaced by its sample, into $1.
render() {
	awk -v dir="$gen" -v names="$(samples | cut -d'|' -f1 | tr '\n' ' ')" '
	BEGIN { n = split(names, list, " "); for (i = 1; i <= n; i++) known[list[i]] = 1 }
	function fail(msg) { print "readme_samples: README.md:" NR ": " msg > "/dev/stderr"; bad = 1; exit 2 }
	pending != "" {
		if ($0 !~ /^```/)
			fail("the marker of sample \"" pending "\" must be followed by a fenced block")
		print
		f = dir "/" pending
		while ((getline line < f) > 0)
			print line
		close(f)
		pending = ""
		inside = 1
		next
	}
	inside { if ($0 ~ /^```[ ]*$/) { print; inside = 0 } ; next }
	/^<!-- sample: [^ ]+ -->$/ {
		pending = $3
		if (!(pending in known))
			fail("unknown sample \"" pending "\" (not in suites/readme_samples.sh)")
		used[pending] = 1
	}
	{ print }
	END {
		if (bad) exit 2
		if (inside || pending != "") fail("a sample block is not closed")
		for (k in known) if (!(k in used)) fail("sample \"" k "\" has no marker")
	}' README.md > "$1"
}

if [ "$1" = --update ]; then
	render "$gen/README.md"
	if cmp -s README.md "$gen/README.md"; then
		echo "readme_samples: README.md is up to date"
	else
		cp "$gen/README.md" README.md
		echo "readme_samples: README.md updated"
	fi
	exit 0
fi
render "$gen/README.md"
if ! diff -u README.md "$gen/README.md"; then
	echo "readme_samples: README.md's samples are stale (the diff above goes from the README" \
	     "to what the samples make now): run suites/readme_samples.sh --update" >&2
	exit 1
fi
echo "readme_samples: every README sample is what its command or file makes"
