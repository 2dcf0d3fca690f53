#!/bin/sh
# Checks the direction of dependence between the project's folders
# (ARCHITECTURE.md, "Folders and their direction of dependence"): every
# quoted #include names its folder ("core/prng.h"), and a folder may include
# only from the folders listed for it here. Prints each include that points
# the wrong way and exits 1; run by `make test`. Argument: the tree's root
# (default: this checkout).
cd "${1:-$(dirname "$0")/..}" || exit 2

# folder: the folders (besides itself) its files may include from
allowed() {
	case $1 in
	harness/core) echo "" ;;
	faults) echo "core" ;;
	reports) echo "core" ;;
	harness/checks) echo "core" ;;
	harness/sim) echo "core faults checks impchaos squirrel" ;;
	harness/campaign) echo "core faults checks sim reports" ;;
	harness/cli) echo "core faults checks sim campaign reports squirrel" ;;
	harness/host) echo "core impchaos squirrel" ;;
	squirrel) echo "" ;;
	*) echo "ANY" ;;
	esac
}

bad=0 checked=0
for dir in harness/core faults reports harness/checks harness/sim harness/campaign harness/cli harness/host squirrel; do
	[ -d "$dir" ] || continue
	ok=$(allowed "$dir")
	for f in $(find "$dir" -name '*.[ch]' | sort); do
		checked=$((checked + 1))
		grep -n '^#include [<"]squirrel\.h[>"]\|^#include "' "$f" | while IFS= read -r line; do
			inc=${line#*[\"<]}
			inc=${inc%%[\">]*}
			if [ "$inc" = squirrel.h ]; then
				top=squirrel   # the Squirrel library's public header
			elif [ -e "$(dirname "$f")/$inc" ]; then
				# relative to the including file: fine while it stays in
				# the same folder tree
				real=$(realpath -m "$(dirname "$f")/$inc")
				case $real in
				"$(realpath -m "$dir")"/*) continue ;;
				esac
				top=${inc%%/*}
			else
				case $inc in
				*/*) top=${inc%%/*} ;;
				*) echo "$f:${line%%:*}: '#include \"$inc\"' must name its folder"; continue ;;
				esac
			fi
			case " $ok " in
			*" $top "*) ;;
			*) [ "$top" = "${dir##*/}" ] && continue   # the folder itself
			   echo "$f:${line%%:*}: $dir may not include '$inc' (allowed: ${ok:-nothing of the project})" ;;
			esac
		done
	done
done > /tmp/layers.$$ 2>&1
if [ -s /tmp/layers.$$ ]; then
	cat /tmp/layers.$$
	bad=$(wc -l < /tmp/layers.$$)
fi
rm -f /tmp/layers.$$
echo "layers: $checked files checked, $bad includes against the direction of dependence"
[ "$bad" -eq 0 ]
