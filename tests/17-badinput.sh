#!/bin/sh
# 17-badinput: bad input written to every writable control file of every
# subsystem present (framework files, cpuset.*, cpuacct.*, debug.*), in the
# root and in a child, fails and leaves the value unchanged; read-only
# files refuse writes.
# timeout: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

[ -e /proc/containers ] || skip_all "no container framework"
ct_cleanup
A=$CT/a
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
1.5
-
0-
#1
1,,x'
long=$(printf '%5000s' '' | tr ' ' 1)

# files whose value changes by itself are only checked for the refusal
volatile() { [ "$(cat "$1")" != "$(cat "$1")" ]; }

for dir in $A $A/g; do
	where=${dir#$A}
	where=${where:-/}
	for f in $dir/*; do
		[ -f "$f" ] || continue
		name=${f##*/}
		case $name in
		tasks | procs) [ "$dir" = "$A" ] && continue ;;	# others' tasks come and go
		esac
		perm=$(stat -c %A "$f")
		if [ "${perm#??w}" = "$perm" ]; then
			# read-only: any write fails, the value stays
			v0=$(cat "$f")
			r=$(try write "$f" 0)
			if [ "$r" != OK ] && { volatile "$f" || [ "$(cat "$f")" = "$v0" ]; }; then
				ok "$where $name: read-only, a write fails ($r)"
			else
				not_ok "$where $name: read-only, a write fails ($r)"
			fi
			continue
		fi
		vol=
		volatile "$f" && vol=1
		v0=$(cat "$f")
		fails=
		if [ "$name" != release_agent ]; then
			list=$BAD
		else
			list=
		fi
		IFS='
'
		for b in $list; do
			r=$(try write "$f" "$b")
			[ "$r" = OK ] && fails="$fails '$b' accepted;"
			if [ -z "$vol" ] && [ "$(cat "$f")" != "$v0" ]; then
				fails="$fails '$b' changed it to '$(cat "$f" | head -c 60)';"
				printf '%s' "$v0" >"$f" 2>/dev/null
			fi
		done
		unset IFS
		r=$(try write "$f" "$long")
		[ "$r" = OK ] && fails="$fails 5000 bytes accepted;"
		if [ -z "$vol" ] && [ "$(cat "$f")" != "$v0" ]; then
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
