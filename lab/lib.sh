# lab/lib.sh - helpers shared by the lab scripts (sourced, not run).
#
# Paths: $TOP is the repository, $B its build/ directory, $SRC the unpacked
# kernel tree.  Everything that touches $SRC or an obj dir runs under
# lab_lock (flock on build/.lock), so concurrent `make` runs in one work
# tree take turns instead of corrupting each other.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$TOP/build
SRC=$B/linux
TARBALL=${LAB_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
JOBS=${JOBS:-$(nproc)}

mkdir -p "$B/logs"

say()  { printf '[lab] %s\n' "$*" >&2; }
warn() { printf '[lab] warning: %s\n' "$*" >&2; }
die()  { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

# Take build/.lock for the rest of this process and its children.  Nested lab
# scripts see LAB_LOCKED and do not try again (that would deadlock).
lab_lock() {
	[ -n "${LAB_LOCKED:-}" ] && return 0
	exec 9>"$B/.lock"
	if ! flock -n 9; then
		say "waiting for build/.lock (another make is using the kernel tree)"
		flock 9
	fi
	export LAB_LOCKED=1
}

# obj dir of a configuration name (run, debug, nocg, bench, bench-none, bench-ct)
objdir() { echo "$B/obj-$1"; }

# configs/ fragments making up a configuration, in merge order
fragments() {
	case $1 in
	run)   echo "$TOP/configs/base" ;;
	debug) echo "$TOP/configs/base $TOP/configs/tests $TOP/configs/debug" ;;
	nocg)  echo "$TOP/configs/base $TOP/configs/tests $TOP/configs/nocgroups" ;;
	bench) echo "$TOP/configs/base $TOP/configs/bench" ;;
	bench-*) echo "$TOP/configs/base $TOP/configs/bench $TOP/configs/$1" ;;
	*)     die "unknown CONFIG=$1 (run, debug, nocg, bench, bench-none, bench-ct)" ;;
	esac
}

# gen_init_cpio_tool: build/gen_init_cpio, compiled from the kernel tree's
# usr/gen_init_cpio.c when missing or older; prints its path
gen_init_cpio_tool() {
	local gen=$B/gen_init_cpio
	if [ ! -x "$gen" ] || [ "$SRC/usr/gen_init_cpio.c" -nt "$gen" ]; then
		[ -f "$SRC/usr/gen_init_cpio.c" ] || die "build/linux is not unpacked (lab/source)"
		gcc -O2 -o "$gen.tmp" "$SRC/usr/gen_init_cpio.c" && mv "$gen.tmp" "$gen"
	fi
	echo "$gen"
}

# command-line variables of the top make (CONFIG=, T=, CMD=) must not leak
# into the kernel's make through MAKEFLAGS
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL
