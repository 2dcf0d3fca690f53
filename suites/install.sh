#!/bin/sh
# Shows that `make install` gives a working impchaos away from the build
# tree: installs with PREFIX=/opt/impchaos into a temporary DESTDIR, then,
# from a directory outside the tree and with a clean environment, runs the
# installed command (--version, targets, an installed example target),
# builds a C target against the installed headers with the flags
# `pkg-config --cflags impchaos` gives and runs it through
# IMPCHAOS_TARGET_PATH (and one linked with `--libs` too), checks the man page, and that `make uninstall`
# leaves no file behind. Run by `make test` (MAKE: the make to call).
set -u
tree=$(cd "$(dirname "$0")/.." && pwd)
make=${MAKE:-make}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
prefix=/opt/impchaos
root=$t/stage$prefix

fail() {
	echo "install test: $*" >&2
	exit 1
}

# What the installed command does, run from $t with nothing of the build
# tree in its environment.
installed() {
	(cd "$t" && env -i PATH=/usr/bin:/bin HOME="$t" LC_ALL=C "$@")
}

"$make" -s -C "$tree" install DESTDIR="$t/stage" PREFIX=$prefix >"$t/install.log" 2>&1 ||
	fail "make install failed: $(cat "$t/install.log")"
for f in bin/impchaos lib/impchaos/imp-agent lib/impchaos/imp-device \
	 share/impchaos/targets/power_meter/target.json \
	 share/impchaos/targets/power_meter/robust/agent.so \
	 share/impchaos/targets/power_meter/sq_robust/power_meter.agent.nut \
	 include/impchaos/imp.h include/impchaos/agent.h include/impchaos/device.h \
	 share/pkgconfig/impchaos.pc share/man/man1/impchaos.1.gz; do
	[ -f "$root/$f" ] || fail "make install did not install $prefix/$f"
done

out=$(installed "$root/bin/impchaos" --version) || fail "impchaos --version failed"
echo "$out" | grep -q '^impchaos ' || fail "impchaos --version printed '$out'"

# The examples are the installed ones: `targets --help` and an unknown
# target's message name the directories searched, and no build/ among them.
out=$(installed "$root/bin/impchaos" targets --help)
echo "$out" | grep -qF "then $root/share/impchaos/targets)" ||
	fail "the installed impchaos does not search its installed examples: $out"
out=$(installed "$root/bin/impchaos" run nosuch/x 2>&1)
case $out in
*"$tree"*) fail "the installed impchaos searches the build tree: $out" ;;
esac
out=$(installed "$root/bin/impchaos" targets) || fail "impchaos targets failed: $out"
echo "$out" | grep -q '^power_meter/robust ' || fail "impchaos targets lists no power_meter/robust: $out"

# An installed example runs with the installed hosts (a build-tree layout
# would look for bin/imp-agent beside the command and not start).
out=$(installed "$root/bin/impchaos" run power_meter/robust --for 1h --out "$t/run" --no-report 2>&1) ||
	fail "impchaos run power_meter/robust --for 1h failed: $out"

# A C target of one's own, built as the README says once installed: the
# counter example's sources, compiled outside the tree against the
# installed headers only. pkg-config is pointed at the staged prefix.
pc="pkg-config --define-variable=prefix=$root"
export PKG_CONFIG_PATH="$root/share/pkgconfig"
got=$(echo $(pkg-config --cflags impchaos))
[ "$got" = "-I$prefix/include" ] || fail "pkg-config --cflags impchaos gives '$got'"
cflags=$($pc --cflags impchaos) || fail "pkg-config --cflags impchaos failed"
mkdir -p "$t/mytargets/counter/v1"
cp "$tree/targets/counter/target.json" "$t/mytargets/counter/"
for side in agent device; do
	cp "$tree/targets/counter/v1/$side.c" "$t/mytargets/counter/v1/"
	(cd "$t/mytargets" && cc $cflags -shared -fPIC counter/v1/$side.c -o counter/v1/$side.so) ||
		fail "the counter's $side.c does not build with 'cc $cflags -shared -fPIC'"
done
out=$(installed IMPCHAOS_TARGET_PATH="$t/mytargets" "$root/bin/impchaos" run counter/v1 --for 6h \
	--faults 'every 3h agent/crash' --out "$t/counter" --no-report 2>&1) ||
	fail "the C target built against the installed headers failed: $out"
hash=$(echo "$out" | sed -n 's/^trace: .*hash //p')

# The hosts carry jansson linked in and export its json_* API: a target
# linked with `pkg-config --libs impchaos` (libjansson.so) loads as well,
# its calls bound to the host's copy, and gives the same trace.
libs=$($pc --libs impchaos) || fail "pkg-config --libs impchaos failed"
mkdir -p "$t/linked/counter/v1"
cp "$tree/targets/counter/target.json" "$t/linked/counter/"
for side in agent device; do
	cc $cflags -shared -fPIC "$t/mytargets/counter/v1/$side.c" -o "$t/linked/counter/v1/$side.so" \
		$libs || fail "the counter's $side.c does not build with 'cc $cflags ... $libs'"
done
out=$(installed IMPCHAOS_TARGET_PATH="$t/linked" "$root/bin/impchaos" run counter/v1 --for 6h \
	--faults 'every 3h agent/crash' --out "$t/counter-linked" --no-report 2>&1) ||
	fail "the C target linked with '$libs' failed: $out"
got=$(echo "$out" | sed -n 's/^trace: .*hash //p')
[ -n "$hash" ] && [ "$got" = "$hash" ] ||
	fail "the C target linked with '$libs' gave trace hash '$got', without it '$hash'"
# jansson's internals stay hidden, as in libjansson.so: a target's own
# hashtable_get or utf8_encode is not taken for the host's.
for h in imp-agent imp-device; do
	api=$(nm -D --defined-only "$root/lib/impchaos/$h" | grep -c ' json_')
	[ "$api" -ge 70 ] || fail "$h exports $api json_* functions, not jansson's API"
	inner=$(nm -D --defined-only "$root/lib/impchaos/$h" | grep -E ' (hashtable|jsonp|utf8|strbuffer)_')
	[ -z "$inner" ] || fail "$h exports jansson's internals: $inner"
done

# The man page has a section for every command `impchaos --help` lists.
man=$(gzip -dc "$root/share/man/man1/impchaos.1.gz") || fail "the man page is not gzip"
for c in $("$root/bin/impchaos" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'); do
	echo "$man" | grep -q "^\.SS $c\$" || fail "the man page has no section for '$c'"
done
case $man in
*"$tree"*) fail "the man page names the build tree" ;;
esac

"$make" -s -C "$tree" uninstall DESTDIR="$t/stage" PREFIX=$prefix >"$t/uninstall.log" 2>&1 ||
	fail "make uninstall failed: $(cat "$t/uninstall.log")"
left=$(find "$t/stage" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install test: make install, the installed command, a C target built with pkg-config, make uninstall: ok"
