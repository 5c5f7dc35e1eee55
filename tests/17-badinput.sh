#!/bin/sh
# 17-badinput: bad input written to every writable control file of every
# subsystem present (framework files, cpuset.*, cpuacct.*, debug.*), in the
# root and in a child, fails and leaves the value unchanged; read-only
# files refuse writes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start
ct_mount $A all || skip_all "cannot mount every subsystem together"
mkdir $A/g
sleep 300 &
sp=$!
echo $sp >$A/tasks

# junk that no control file may accept (release_agent takes any path)
BAD='abc
1x
-1
99999999999999999999
0x1
1,,x'
long=$(printf '%5000s' '' | tr ' ' 1)

# shell builtins only (no fork per read or write: TCG + KASAN is slow)
# rd FILE: its content into $RV
rd() {
	RV=
	while IFS= read -r _l || [ -n "$_l" ]; do
		RV="$RV$_l
"
	done <"$1"
}
writes() { printf '%s' "$2" 2>/dev/null >"$1"; }

for dir in $A $A/g; do
	where=${dir#$A}
	where=${where:-/}
	for f in $dir/*; do
		[ -f "$f" ] || continue
		name=${f##*/}
		case $name in
		tasks | procs) [ "$dir" = "$A" ] && continue ;;	# others' tasks come and go
		esac
		rd "$f"
		v0=$RV
		# a fork and an exec between the two reads, as the checks below
		# make: a value they move (a count of forks or of CPU time)
		# is volatile, whatever subsystem it belongs to
		ls "$f" >/dev/null
		rd "$f"
		vol=
		[ "$RV" = "$v0" ] || vol=1
		# the reader's own css_group: other tasks of the root share it
		[ "$name" = debug.refcount ] && vol=1
		# the root's CPU time grows with every tick, not only between
		# the two reads above
		case $dir:$name in "$A":cpuacct.*) vol=1 ;; esac
		if [ ! -w "$f" ] || ! ls -l "$f" | grep -q '^..w'; then
			# read-only: a write fails, the value stays
			if ! writes "$f" 0 && { [ -n "$vol" ] || { rd "$f"; [ "$RV" = "$v0" ]; }; }; then
				ok "$where $name: read-only, a write fails"
			else
				not_ok "$where $name: read-only, a write fails"
			fi
			continue
		fi
		fails=
		list=$BAD
		[ "$name" = release_agent ] && list=
		IFS='
'
		for b in $list; do
			writes "$f" "$b" && fails="$fails '$b' accepted;"
			rd "$f"
			if [ -z "$vol" ] && [ "$RV" != "$v0" ]; then
				fails="$fails '$b' changed it;"
				writes "$f" "${v0%?}"
			fi
		done
		unset IFS
		writes "$f" "$long" && fails="$fails 5000 bytes accepted;"
		rd "$f"
		if [ -z "$vol" ] && [ "$RV" != "$v0" ]; then
			fails="$fails 5000 bytes changed it;"
		fi
		if [ -z "$fails" ]; then
			ok "$where $name: bad input refused, value unchanged${vol:+ (volatile: refusal only)}"
		else
			not_ok "$where $name: bad input refused, value unchanged"
			diag "$fails"
		fi
	done
done

is "$(cat $A/g/tasks)" "" "no task moved into g"
if grep -qx "$sp" $A/tasks; then ok "the sleeper stayed at the root"; else not_ok "the sleeper stayed at the root"; fi

kill $sp
wait $sp 2>/dev/null
rmdir $A/g
ct_umount $A
ct_cleanup
done_testing
