#!/bin/sh
# 22-cpuset-v1: the cpuset files cgroup v1 has beyond those of 20-cpuset
# (spec sections "Flags" and 12): the flag rule on every flag file of the
# root and of a child (LTP's rows 0,1,2,-1,A and a few more), the root's
# exclusive flags under an exclusive child, memory_pressure_enabled and
# memory_pressure (under a reclaim load), memory_spread_page seen in the
# nodes' FilePages, and sched_load_balance seen in the scheduler domains,
# across a CPU hotplug.
# timeout: 600
. "$(dirname "$0")/lib.sh"

grep -q '^cpuset	' /proc/containers || skip_all "no cpuset subsystem"
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || skip_all "needs CPUs 0-3 online"
[ "$(cat /sys/devices/system/node/online)" = 0-1 ] || skip_all "needs NUMA nodes 0-1"

M=/containers/v1
R=/tmp/22-ramfs
DBG=/sys/kernel/debug
mkdir -p $M $R
PIDS=

# rd FILE: a control file's content (one line), read with the shell's builtin
rd() { IFS= read -r _v <"$M/$1"; echo "$_v"; }
# rv FILE: the same into $RV, without a subshell (TCG + KASAN forks slowly)
rv() { RV=; IFS= read -r RV <"$M/$1"; }

cleanup() {
	for p in $PIDS; do kill -9 $p 2>/dev/null; done
	for p in $PIDS; do wait $p 2>/dev/null; done
	PIDS=
	echo 1 >/sys/devices/system/cpu/cpu3/online 2>/dev/null
	for d in $(find $M -mindepth 1 -type d 2>/dev/null | sort -r); do
		rmdir $d 2>/dev/null
	done
	echo 1 >$M/cpuset.sched_load_balance 2>/dev/null
	echo 0 >$M/cpuset.memory_pressure_enabled 2>/dev/null
	echo 0 >$M/cpuset.memory_spread_page 2>/dev/null
}

check "mount a cpuset hierarchy" mount -t container -o cpuset none $M || done_testing

# --- defaults
is "$(rd cpuset.sched_load_balance)" 1 "root sched_load_balance starts at 1"
is "$(rd cpuset.memory_pressure_enabled)" 0 "root memory_pressure_enabled starts at 0"
is "$(rd cpuset.memory_spread_page)$(rd cpuset.memory_spread_slab)" 00 \
	"root spread flags start at 0"
is "$(rd cpuset.memory_pressure)" 0 "root memory_pressure 0 while disabled"
check "mkdir c" mkdir $M/c
echo 0-3 >$M/c/cpuset.cpus
echo 0-1 >$M/c/cpuset.mems
is "$(rd c/cpuset.sched_load_balance)" 1 "new group: sched_load_balance 1"
is "$(rd c/cpuset.memory_spread_page)$(rd c/cpuset.memory_spread_slab)" 00 \
	"new group: spread flags 0"
check "memory_pressure_enabled only in the root" \
	test -f $M/cpuset.memory_pressure_enabled -a ! -e $M/c/cpuset.memory_pressure_enabled
check "memory_pressure in every group" \
	test -f $M/cpuset.memory_pressure -a -f $M/c/cpuset.memory_pressure
like "$(stat -c %a $M/c/cpuset.memory_pressure)" '^4[0-4][0-4]$' "memory_pressure is read-only (0444)"
wr_is "EINVAL|EACCES" "memory_pressure cannot be written" c/cpuset.memory_pressure 0
is "$(rd c/cpuset.memory_pressure)" 0 "... and still reads 0"

# --- the flag rule on every flag file, root and child
# rows WHERE FILE: each row is a write and the value it must leave
rows() {
	_rf=$1$2
	rv "$_rf"
	_was=$RV
	# LTP's five rows, then white space, a newline alone, trailing junk
	for _row in "0:OK:0" "1:OK:1" "2:OK:1" "-1:EINVAL:1" "A:EINVAL:1" \
		"0\n:OK:0" " 3 \n:OK:1" "\n:EINVAL:1" "0:OK:0" "1x:EINVAL:0"; do
		_in=${_row%%:*}
		_rest=${_row#*:}
		_want=${_rest%%:*}
		_val=${_rest#*:}
		wr_is "$_want" "${1:-root/}$2 '$_in': $_want" "$_rf" "$_in"
		rv "$_rf"
		is "$RV" "$_val" "${1:-root/}$2 reads $_val after '$_in'"
	done
	echo "$_was" >"$M/$_rf"
}
for f in cpu_exclusive mem_exclusive memory_migrate memory_spread_page \
	memory_spread_slab sched_load_balance memory_pressure_enabled; do
	rows "" cpuset.$f
done
for f in cpu_exclusive mem_exclusive memory_migrate memory_spread_page \
	memory_spread_slab sched_load_balance; do
	rows c/ cpuset.$f
done
is "$(rd cpuset.cpu_exclusive)$(rd cpuset.mem_exclusive)$(rd cpuset.sched_load_balance)" 111 \
	"root flags restored"

# --- the root's exclusive flags under an exclusive child
wr_is OK "c becomes cpu_exclusive" c/cpuset.cpu_exclusive 1
wr_is OK "c becomes mem_exclusive" c/cpuset.mem_exclusive 1
wr_is EBUSY "root cannot clear cpu_exclusive under exclusive c" cpuset.cpu_exclusive 0
wr_is EBUSY "root cannot clear mem_exclusive under exclusive c" cpuset.mem_exclusive 0
is "$(rd cpuset.cpu_exclusive)$(rd cpuset.mem_exclusive)" 11 "root still exclusive"
wr_is OK "root may set cpu_exclusive again" cpuset.cpu_exclusive 1
echo 0 >$M/c/cpuset.cpu_exclusive
echo 0 >$M/c/cpuset.mem_exclusive
wr_is OK "root clears cpu_exclusive once c has not" cpuset.cpu_exclusive 0
wr_is EINVAL "c cannot be cpu_exclusive under a root that is not" c/cpuset.cpu_exclusive 1
wr_is OK "root cpu_exclusive again" cpuset.cpu_exclusive 1
rmdir $M/c

# --- memory_spread_page: a task's page cache in ramfs, whose pages are
# allocated by the page cache allocator (tmpfs has its own, which does not
# spread), on CPU 0 of node 0, spread over nodes 0-1 or not
filepages() { # NODE: its FilePages in kB
	while read -r _n _i _k _v _u; do
		[ "$_k" = FilePages: ] && echo "$_v"
	done </sys/devices/system/node/node$1/meminfo
}
# write_in GROUP FILE: write 24 MB to FILE from a task of GROUP; the growth
# of each node's FilePages, in MB, into $D0 and $D1
write_in() {
	_a0=$(filepages 0) _a1=$(filepages 1)
	sh -c "echo \$\$ >$M/$1/tasks && exec dd if=/dev/zero of=$2 bs=1M count=24" \
		>/dev/null 2>&1
	D0=$((($(filepages 0) - _a0) / 1024)) D1=$((($(filepages 1) - _a1) / 1024))
}
if check "mount ramfs" mount -t ramfs none $R; then
	mkdir $M/s
	echo 0 >$M/s/cpuset.cpus
	echo 0-1 >$M/s/cpuset.mems
	write_in s $R/off
	diag "spread off: node0 +${D0} MB, node1 +${D1} MB"
	check "spread off: the page cache stays on node 0 (+${D0}/+${D1} MB)" \
		test $D0 -ge 18 -a $D1 -le 4
	rm -f $R/off
	wr_is OK "s: memory_spread_page 1" s/cpuset.memory_spread_page 1
	mkdir $M/s/t
	is "$(rd s/t/cpuset.memory_spread_page)" 1 "a new child copies memory_spread_page"
	rmdir $M/s/t
	write_in s $R/on
	diag "spread on: node0 +${D0} MB, node1 +${D1} MB"
	check "spread on: the page cache is on both nodes (+${D0}/+${D1} MB)" \
		test $D0 -ge 8 -a $D1 -ge 8
	rm -f $R/on
	# a task already in the group follows the flag
	sh -c "echo \$\$ >$M/s/tasks && exec sleep 100000" >/dev/null 2>&1 &
	PIDS="$PIDS $!"
	sleep 0.5
	wr_is OK "s: memory_spread_page 0 again" s/cpuset.memory_spread_page 0
	write_in s $R/off2
	check "spread off again: node 0 only (+${D0}/+${D1} MB)" test $D0 -ge 18 -a $D1 -le 4
	rm -f $R/off2
	cleanup
	umount $R
fi

# --- memory_pressure under a reclaim load: a SCHED_FIFO task on CPU 2
# with node 1 only, and node 1's kswapd held on the same CPU, so that the
# task reclaims directly (tests/progs/reclaim.c says why it never OOMs)
kswapd1=
for d in /proc/[0-9]*; do
	[ "$(cat $d/comm 2>/dev/null)" = kswapd1 ] && kswapd1=${d#/proc/}
done
mkdir $M/p
echo 2 >$M/p/cpuset.cpus
echo 1 >$M/p/cpuset.mems
[ -n "$kswapd1" ] && try setaffinity $kswapd1 2 >/dev/null
# load_in: the reclaim load in p; its exit status (3: no madvise())
load_in() {
	sh -c "echo \$\$ >$M/p/tasks && exec reclaim 64 5 fifo" >/dev/null 2>&1
}
if load_in; then
	# an event counts once its second is over: let a second pass
	sleep 2
	is "$(rd p/cpuset.memory_pressure)" 0 "reclaim while disabled: p's memory_pressure 0"
	wr_is OK "enable memory_pressure" cpuset.memory_pressure_enabled 1
	check "the reclaim load runs" load_in
	sleep 2
	mp=$(rd p/cpuset.memory_pressure)
	diag "p's memory_pressure after the load: $mp"
	check "reclaim while enabled: p's memory_pressure rises ($mp)" test "$mp" -gt 0
	is "$(rd cpuset.memory_pressure)" 0 "the root's meter counts only its own tasks"
	wr_is OK "disable memory_pressure" cpuset.memory_pressure_enabled 0
	is "$(rd p/cpuset.memory_pressure)" 0 "disabled: memory_pressure reads 0 again"
else
	skip "memory_pressure under reclaim" \
		"reclaim failed (no madvise(): nothing reclaimable without swap)"
fi
[ -n "$kswapd1" ] && try setaffinity $kswapd1 2-3 >/dev/null
rmdir $M/p

# --- sched_load_balance and the scheduler domains, from the kernel's
# report of each CPU's new domains (sched/verbose)
mountpoint -q $DBG || mount -t debugfs none $DBG
if [ -w $DBG/sched/verbose ]; then
	echo Y >$DBG/sched/verbose
	# span CPU: the widest domain of CPU's last report, or "none"
	span() {
		dmesg | awk -v cpu="CPU$1 attaching" '
			index($0, cpu) { s = "none"; on = 1; next }
			on && /CPU[0-9]+ attaching/ { on = 0 }
			on && /domain-[0-9]+: span=/ {
				sub(/.*span=/, ""); sub(/ .*/, ""); s = $0
			}
			END { print s }'
	}
	mkdir $M/a $M/b
	echo 0-1 >$M/a/cpuset.cpus
	echo 0 >$M/a/cpuset.mems
	echo 2-3 >$M/b/cpuset.cpus
	echo 1 >$M/b/cpuset.mems
	wr_is OK "root sched_load_balance 0" cpuset.sched_load_balance 0
	is "$(span 0),$(span 2)" 0-1,2-3 "root 0, a 0-1 and b 2-3: two domains"
	check "debugfs: cpu0 has domains" test -d $DBG/sched/domains/cpu0/domain0
	wr_is OK "b: sched_load_balance 0" b/cpuset.sched_load_balance 0
	is "$(span 2)" none "b not balancing: cpu2 in no domain"
	check "debugfs: cpu2 has no domain" test ! -e $DBG/sched/domains/cpu2/domain0
	is "$(span 0)" 0-1 "... a's domain stays"
	wr_is OK "b: sched_load_balance 1" b/cpuset.sched_load_balance 1
	is "$(span 2)" 2-3 "b balancing again"
	mkdir $M/e
	echo 0 >$M/e/cpuset.sched_load_balance
	wr_is OK "e, without CPUs: sched_load_balance 1" e/cpuset.sched_load_balance 1
	is "$(span 0),$(span 2)" 0-1,2-3 "a balancing group without CPUs changes nothing"
	mkdir $M/x
	echo 1-2 >$M/x/cpuset.cpus
	is "$(span 0)" 0-3 "x 1-2 overlaps a and b: one merged domain"
	rmdir $M/x
	is "$(span 0),$(span 2)" 0-1,2-3 "rmdir x: two domains again"
	echo 0 >$M/a/cpuset.cpus
	is "$(span 1)" none "a's cpus 0: cpu1 in no domain"
	echo 0-1 >$M/a/cpuset.cpus
	is "$(span 1)" 0-1 "a's cpus 0-1 again"
	# hotplug with load balancing off in the root
	if check "cpu3 offline" sh -c 'echo 0 >/sys/devices/system/cpu/cpu3/online'; then
		is "$(rd b/cpuset.cpus)" 2 "b lost cpu3"
		is "$(span 2)" none "cpu2 alone in b: no domain to balance"
		check "cpu3 online" sh -c 'echo 1 >/sys/devices/system/cpu/cpu3/online'
		is "$(span 3)" none "cpu3 back: in no balancing group"
		echo 2-3 >$M/b/cpuset.cpus
		is "$(span 2)" 2-3 "b 2-3 again: its domain is back"
	fi
	rmdir $M/a $M/b $M/e
	is "$(span 0)" none "no balancing group left: no domain"
	wr_is OK "root sched_load_balance 1" cpuset.sched_load_balance 1
	is "$(span 0),$(span 3)" 0-3,0-3 "root balancing again: one domain of 0-3"
	echo N >$DBG/sched/verbose
else
	skip "sched_load_balance in the domains" "no /sys/kernel/debug/sched/verbose"
fi

cleanup
check "unmount" umount $M
rmdir $M $R 2>/dev/null
done_testing
