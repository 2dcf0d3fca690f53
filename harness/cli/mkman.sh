#!/bin/sh
# Writes the impchaos(1) man page to stdout, made at build time from what
# the command itself prints: `impchaos --help` for the description and each
# command's `--help` for its section, so the page says what the binary does.
# Arguments: the built impchaos, and the PREFIX it will be installed under
# (the page names the installed example targets, not the build tree's).
set -eu
bin=$1 prefix=$2

# Help text as roff: a literal block, with backslashes, minus signs and
# lines that would read as requests escaped.
roff() {
	sed -e "s|$examples|$prefix/share/impchaos/targets|g" \
	    -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
}

# The directory this build's `targets --help` names for the examples.
examples=$("$bin" targets --help | sed -n 's/.*then \(.*\))\.$/\1/p')
version=$("$bin" --version | sed 's/^impchaos //')
commands=$("$bin" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')

cat <<HEAD
.TH IMPCHAOS 1 "" "impchaos $version" "User Commands"
.SH NAME
impchaos \\- fault\\-injection harness for Electric Imp agent and device code
.SH SYNOPSIS
.B impchaos
.I COMMAND
.RI [ ARGS ]
.br
.B impchaos
.I COMMAND
.B \\-\\-help
.SH DESCRIPTION
.nf
HEAD
"$bin" --help | sed '1,2d' | roff
echo ".fi"
echo ".SH COMMANDS"
for c in $commands; do
	echo ".SS $c"
	echo ".nf"
	"$bin" "$c" --help | roff
	echo ".fi"
done
cat <<TAIL
.SH ENVIRONMENT
.TP
.B IMPCHAOS_TARGET_PATH
Colon\\-separated directories searched for targets (NAME/target.json)
before the example targets.
.TP
.B IMPCHAOS_LIB_PATH
Colon\\-separated directories that hold the Squirrel libraries a target's
#require names.
.TP
.B IMPCHAOS_FIU_PRELOAD
libfiu's POSIX preload (default /usr/lib/fiu/fiu_posix_preload.so).
.SH FILES
.TP
.I $prefix/lib/impchaos/imp\\-agent, $prefix/lib/impchaos/imp\\-device
The child hosts that load a target's agent and device code.
.TP
.I $prefix/share/impchaos/targets
The example targets.
.TP
.I $prefix/include/impchaos/
The C target API headers (pkg\\-config \\-\\-cflags impchaos).
TAIL
