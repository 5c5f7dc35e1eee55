#!/bin/sh
# 30-cpuacct: CPU accounting per group (spec section 8): a new group reads
# 0; a task burning a known amount of CPU (its own CPU clock) is charged
# that amount within one tick per CPU; parents are charged exactly once; an
# idle sibling stays 0; a task moved away stops charging its old group;
# usage survives the tasks' exit; reset; bad writes change nothing;
# usage_percpu sums to usage; cgroup v1's cpuacct keeps working beside it.
# timeout: 600
. "$(dirname "$0")/lib.sh"

grep -q '^cpuacct	' /proc/containers || skip_all "no cpuacct subsystem"

M=/containers/cpuacct
W=/tmp/30-cpuacct
TICK_NS=4000000			# CONFIG_HZ=250 (configs/base)
NCPU=$(grep -c '^processor' /proc/cpuinfo)
TOL=$((NCPU * TICK_NS))		# "within one tick per CPU"
mkdir -p $M $W

# number of CPUs in a list such as 0-3,5
list_count() {
	echo "$1" | tr ',' '\n' | awk -F- 'NF { n += (NF == 2 ? $2 - $1 + 1 : 1) } END { print n + 0 }'
}
NPOSSIBLE=$(list_count "$(cat /sys/devices/system/cpu/possible)")

usage() { IFS= read -r _v <"$M/$1/cpuacct.usage"; echo "$_v"; }
percpu() { IFS= read -r _v <"$M/$1/cpuacct.usage_percpu"; echo "$_v"; }
percpu_sum() { percpu "$1" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { printf "%.0f\n", s }'; }
stat_ticks() { awk '{ s += $2 } END { print s + 0 }' "$M/$1/cpuacct.stat"; }

# wait until process $1 is stopped (T) and off its CPU, or gone; 60 s at
# most.  The state reads T as soon as the task is in do_signal_stop(), before
# it has scheduled out, and it still burns (and is charged) until then: only
# a CPU clock that no longer moves says the charging is over.
wait_stopped() {
	_i=0
	_c=
	while [ $_i -lt 600 ]; do
		_st=$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)
		case $_st in
		"") return 0 ;;
		T | t)
			_n=$(cpuburn -c "$1" 2>/dev/null) || return 0
			[ "$_n" = "$_c" ] && return 0
			_c=$_n
			;;
		esac
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "process $1 did not stop"
	return 1
}

# clock_of PID: the process's CPU clock, exact while it is stopped
clock_of() { cpuburn -c "$1"; }
# joined FILE: the burner's CPU clock just before and just after it
# joined its group (line 1 of its output): JB and JA
joined() { read -r JB JA <"$1"; : "${JB:=0}" "${JA:=0}"; }
# charged DESC GROUP CLOCK: GROUP was charged the burner's CPU time since
# it joined, CLOCK - (JB..JA), with one tick per CPU of slack above
charged() {
	in_range "$1" "$(usage "$2")" $(($3 - JA)) $(($3 - JB + TOL))
}

# in_range DESC VALUE LOW HIGH
in_range() {
	if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "got $2, want $3..$4"
	fi
}

check "mount a cpuacct hierarchy" mount -t container -o cpuacct none $M || {
	done_testing
}
like "$(grep '^cpuacct	' /proc/containers)" '^cpuacct	[1-9][0-9]*	1	1$' \
	"/proc/containers: cpuacct bound to a hierarchy"
for f in usage usage_percpu stat; do
	check "root has cpuacct.$f" test -f $M/cpuacct.$f
done
like "$(usage .)" '^[0-9]+$' "root usage is a number"
check "make groups g, g/busy, g/idle, g/busy/deep, other" \
	mkdir $M/g $M/g/busy $M/g/idle $M/g/busy/deep $M/other

# --- a new group reads 0
is "$(usage g/busy)" 0 "new group: usage 0"
like "$(percpu g/busy)" '^0( 0)*$' "new group: usage_percpu all 0"
is "$(percpu g/busy | wc -w)" "$NPOSSIBLE" "usage_percpu has one number per possible CPU"
is "$(cat $M/g/busy/cpuacct.stat)" "user 0
system 0" "new group: stat user 0 system 0"

# --- a burner in g/busy: 300 ms, stop; (moved to other) 200 ms, stop; exit
cpuburn -t $M/g/busy/tasks 300 200 >$W/burn1 &
B=$!
wait_stopped $B
c1=$(clock_of $B)
like "$c1" '^[0-9]+$' "the stopped burner's CPU clock reads ($c1 ns)"
joined $W/burn1
d1=$((c1 - JA))
charged "300 ms burner: charged its CPU clock since it joined" g/busy "$c1"
u_busy=$(usage g/busy)
diag "burner clock $d1 ns, g/busy usage $u_busy ns, tolerance $TOL ns"
is "$(usage g)" "$u_busy" "parent g charged exactly once (g == g/busy)"
is "$(usage g/idle)" 0 "idle sibling g/idle stays 0"
is "$(usage g/busy/deep)" 0 "idle child g/busy/deep stays 0"
is "$(usage other)" 0 "unrelated group stays 0"
is "$(percpu_sum g/busy)" "$u_busy" "g/busy: usage_percpu sums to usage"
is "$(percpu_sum g)" "$(usage g)" "g: usage_percpu sums to usage"
root_u=$(usage .)
check "root usage >= g usage ($root_u >= $u_busy)" test "$root_u" -ge "$u_busy"
# the tick samples user/system time: never more than the usage, not 0
in_range "cpuacct.stat: user+system ticks, 1..usage" \
	"$(stat_ticks g/busy)" 1 $((u_busy / 10000000 + 2))
is "$(stat_ticks g)" "$(stat_ticks g/busy)" "cpuacct.stat: parent counts the child once"

# --- moved away: the old group stops charging
check "move the stopped burner to other" try write $M/other/tasks "$B"
kill -CONT $B
wait_stopped $B
c2=$(clock_of $B)
is "$(usage g/busy)" "$u_busy" "moved-away task no longer charges g/busy"
is "$(usage g)" "$u_busy" "... nor g"
is "$(usage other)" $((c2 - c1)) "other was charged exactly the clock since the move"
kill -CONT $B
wait $B
check "the burner exited" test ! -d /proc/$B
is "$(usage g/busy)" "$u_busy" "usage survives the tasks' exit"

# --- a grandchild: every ancestor gets the same charge, once
g0=$(usage g)
b0=$(usage g/busy)
cpuburn -t $M/g/busy/deep/tasks 200 >$W/burn2 &
B=$!
wait_stopped $B
joined $W/burn2
charged "g/busy/deep charged the burner's time" g/busy/deep "$(clock_of $B)"
u_deep=$(usage g/busy/deep)
is "$(($(usage g/busy) - b0))" "$u_deep" "g/busy grew by exactly g/busy/deep's usage"
is "$(($(usage g) - g0))" "$u_deep" "g grew by exactly g/busy/deep's usage"
is "$(usage g/idle)" 0 "idle sibling still 0"
kill -CONT $B
wait $B

# --- two threads at once
cpuburn -t $M/g/idle/tasks -n 2 200 >$W/burn3 &
B=$!
wait_stopped $B
joined $W/burn3
charged "2 threads: charged their process clock" g/idle "$(clock_of $B)"
is "$(percpu_sum g/idle)" "$(usage g/idle)" "2 threads: usage_percpu sums to usage"
kill -CONT $B
wait $B
check "g/idle can be emptied and removed" rmdir $M/g/idle

# --- bad writes: EINVAL and nothing changes (nothing runs in g now)
v=$(usage g)
for bad in 1 -1 abc 0x0 "\n" "0 0" 00x 18446744073709551616; do
	wr_is EINVAL "write '$bad' to cpuacct.usage" g/cpuacct.usage "$bad"
done
is "$(usage g)" "$v" "bad writes left usage unchanged"
wr_is "EINVAL|EACCES" "usage_percpu is read-only" g/cpuacct.usage_percpu 0
wr_is "EINVAL|EACCES" "stat is read-only" g/cpuacct.stat 0
is "$(usage g)" "$v" "usage still unchanged"

# --- reset
u_deep2=$(usage g/busy/deep)
wr_is OK "write 0 resets g/busy" g/busy/cpuacct.usage 0
is "$(usage g/busy)" 0 "g/busy: usage 0 after reset"
like "$(percpu g/busy)" '^0( 0)*$' "g/busy: usage_percpu all 0 after reset"
is "$(stat_ticks g/busy)" 0 "g/busy: stat 0 after reset"
is "$(usage g)" "$v" "resetting a child leaves the parent alone"
is "$(usage g/busy/deep)" "$u_deep2" "... and the child's children"
wr_is OK "write '0\\n' resets g" g/cpuacct.usage '0\n'
is "$(usage g)" 0 "g: usage 0 after reset"
cpuburn -t $M/g/busy/tasks 100 >$W/burn4 &
B=$!
wait_stopped $B
joined $W/burn4
charged "charging goes on after a reset" g/busy "$(clock_of $B)"
is "$(usage g)" "$(usage g/busy)" "g == g/busy after both were reset"
kill -CONT $B
wait $B

# --- cgroup v1 cpuacct in the same kernel
mkdir -p /mnt/cgcpuacct
if [ ! -e /proc/cgroups ]; then
	skip "cgroup v1 cpuacct beside it" "no CONFIG_CGROUPS"
elif check "cgroup v1 cpuacct mounts beside it" mount -t cgroup -o cpuacct none /mnt/cgcpuacct; then
	mkdir -p /mnt/cgcpuacct/t
	c0=$(cat /mnt/cgcpuacct/t/cpuacct.usage)
	o0=$(usage other)
	sh -c "echo \$\$ > /mnt/cgcpuacct/t/tasks && exec cpuburn -t $M/other/tasks 200" >$W/burn5 &
	B=$!
	wait_stopped $B
	joined $W/burn5
	c=$(clock_of $B)
	d6=$((c - JA))
	c1=$(cat /mnt/cgcpuacct/t/cpuacct.usage)
	check "cgroup cpuacct counted the burner ($((c1 - c0)) >= $d6)" test $((c1 - c0)) -ge "$d6"
	in_range "container cpuacct counted it too" $(($(usage other) - o0)) \
		$((c - JA)) $((c - JB + TOL))
	kill -CONT $B
	wait $B
	echo $$ >/mnt/cgcpuacct/tasks
	rmdir /mnt/cgcpuacct/t
	umount /mnt/cgcpuacct
fi
rmdir /mnt/cgcpuacct 2>/dev/null

check "remove the groups" rmdir $M/g/busy/deep $M/g/busy $M/g $M/other
check "unmount" umount $M
rmdir $M 2>/dev/null
is "$(grep '^cpuacct	' /proc/containers | cut -f2)" 0 "cpuacct is unbound again"
rm -rf $W
done_testing
