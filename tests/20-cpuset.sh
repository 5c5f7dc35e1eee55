#!/bin/sh
# 20-cpuset: cpusets (spec section 7) on the 4-CPU, 2-node guest: the list
# parser (good and bad lists), every hierarchy and exclusivity rule with its
# errno, enforcement seen through sched_getaffinity and /proc/PID/status,
# page placement on each node and memory_migrate, CPU hotplug of CPU 1 off
# and on, CPU hogs that never run outside their group, and noprefix.
# timeout: 1200
. "$(dirname "$0")/lib.sh"

grep -q '^cpuset	' /proc/containers || skip_all "no cpuset subsystem"
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || skip_all "needs CPUs 0-3 online"
[ "$(cat /sys/devices/system/node/online)" = 0-1 ] || skip_all "needs NUMA nodes 0-1"

M=/containers/cpuset
W=/tmp/20-cpuset
mkdir -p $M $W
PIDS=

# rd FILE: a control file's content (one line), read with the shell's builtin
rd() { IFS= read -r _v <"$M/$1"; echo "$_v"; }
# status_of PID KEY: a /proc/PID/status value
status_of() {
	while IFS= read -r _l; do
		case $_l in "$2:"*) echo "${_l#"$2:"	}"; return ;; esac
	done </proc/$1/status
}
cpus_of() { status_of "$1" Cpus_allowed_list; }
mems_of() { status_of "$1" Mems_allowed_list; }
aff_of() { try getaffinity "$1" | head -n 1; }
# group_of PID: the task's group in the cpuset hierarchy
group_of() {
	while IFS= read -r _l; do
		case $_l in *:*cpuset*:*) echo "${_l#*:*:}"; return ;; esac
	done </proc/$1/container
}

# start a process that sleeps in group $1 ("" for the root); its pid in $LAST
start_in() {
	sh -c "echo \$\$ > $M/$1/tasks && exec sleep 100000" >/dev/null 2>&1 &
	_p=$!
	PIDS="$PIDS $_p"
	LAST=$_p
	# wait until it has exec'd
	_i=0
	while [ $_i -lt 100 ] && [ "$(cat /proc/$_p/comm 2>/dev/null)" != sleep ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# wait_for DESC WANT CMD...: poll CMD's output for WANT, 10 s at most
wait_for() {
	_d=$1 _w=$2
	shift 2
	_i=0
	while [ $_i -lt 100 ]; do
		_g=$("$@" 2>/dev/null)
		[ "$_g" = "$_w" ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	is "$_g" "$_w" "$_d"
}

cleanup() {
	for p in $PIDS; do kill -9 $p 2>/dev/null; done
	for p in $PIDS; do wait $p 2>/dev/null; done
	PIDS=
	echo 1 >/sys/devices/system/cpu/cpu1/online 2>/dev/null
	for d in $(find $M -mindepth 1 -type d 2>/dev/null | sort -r); do
		# a killed grandchild may take a moment to exit
		_i=0
		while ! rmdir $d 2>/dev/null && [ $_i -lt 50 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
	done
}

check "mount a cpuset hierarchy" mount -t container -o cpuset none $M || done_testing

# --- the root
is "$(rd cpuset.cpus)" 0-3 "root cpus: every online CPU"
is "$(rd cpuset.mems)" 0-1 "root mems: every node"
is "$(rd cpuset.cpu_exclusive)" 1 "root is cpu_exclusive"
is "$(rd cpuset.mem_exclusive)" 1 "root is mem_exclusive"
is "$(rd cpuset.memory_migrate)" 0 "root memory_migrate 0"
wr_is EINVAL "root cpus cannot be written" cpuset.cpus 0-1
wr_is EINVAL "root mems cannot be written" cpuset.mems 0
wr_is OK "root cpu_exclusive takes a flag (1 keeps it)" cpuset.cpu_exclusive 1
is "$(rd cpuset.cpus),$(rd cpuset.mems),$(rd cpuset.cpu_exclusive)" 0-3,0-1,1 "root unchanged"
like "$(stat -c %a $M/cpuset.cpus)" '^4[0-4][0-4]$' "root cpuset.cpus is read-only (0444)"

# --- a new group
check "mkdir a" mkdir $M/a
is "$(rd a/cpuset.cpus)" "" "new group: no CPUs"
is "$(rd a/cpuset.mems)" "" "new group: no nodes"
is "$(rd a/cpuset.cpu_exclusive)$(rd a/cpuset.mem_exclusive)$(rd a/cpuset.memory_migrate)" 000 \
	"new group: flags 0"
wr_is ENOSPC "attach to a group without CPUs or nodes" a/tasks $$
wr_is OK "a gets CPUs 0-1" a/cpuset.cpus 0-1
wr_is ENOSPC "attach to a group without nodes" a/tasks $$
wr_is OK "a: cpus empty again" a/cpuset.cpus "\n"
wr_is OK "a gets node 0" a/cpuset.mems 0
wr_is ENOSPC "attach to a group without CPUs" a/tasks $$
is "$(group_of $$)" / "the shell is still in the root"

# --- the parser: good lists read back in canonical form
for pair in "0-3=0-3" "0,1,2=0-2" "3,1=1,3" "0-1,3=0-1,3" "2=2" "0,0,1=0-1" \
	"1-1=1" "0,2-3=0,2-3" "0-3:1/2=0,2" "0-3\n=0-3" " 1 =1" "\n="; do
	in=${pair%=*}
	out=${pair#*=}
	wr_is OK "cpus '$in' accepted" a/cpuset.cpus "$in"
	is "$(rd a/cpuset.cpus)" "$out" "cpus '$in' reads '$out'"
done
for pair in "0=0" "1=1" "0-1=0-1" "1,0=0-1" "\n=" "0,1\n=0-1"; do
	in=${pair%=*}
	out=${pair#*=}
	wr_is OK "mems '$in' accepted" a/cpuset.mems "$in"
	is "$(rd a/cpuset.mems)" "$out" "mems '$in' reads '$out'"
done

# --- the parser: bad lists fail with EINVAL and change nothing
wr_is OK "a: cpus 0-1" a/cpuset.cpus 0-1
wr_is OK "a: mems 0" a/cpuset.mems 0
for bad in abc 0- -1 1-0 0x1 "0;1" 4 7 8 64 99999 0-4 0-99999 3-9 "1.5" "+1" "0-1:" \
	"0-3:2" "0-3:3/2" "1,a" "-" "0-1-2"; do
	wr_is EINVAL "cpus '$bad' rejected" a/cpuset.cpus "$bad"
done
is "$(rd a/cpuset.cpus)" 0-1 "a's cpus unchanged after the bad writes"
for bad in x 2 3 63 64 1024 0-2 0- "0;1" -1 1-0; do
	wr_is EINVAL "mems '$bad' rejected" a/cpuset.mems "$bad"
done
is "$(rd a/cpuset.mems)" 0 "a's mems unchanged after the bad writes"

# --- hierarchy: inside the parent (EINVAL), children inside (EBUSY)
check "mkdir a/b" mkdir $M/a/b
wr_is EINVAL "a/b: CPU 2 is outside a" a/b/cpuset.cpus 1-2
wr_is EINVAL "a/b: node 1 is outside a" a/b/cpuset.mems 1
wr_is OK "a/b: cpus 1" a/b/cpuset.cpus 1
wr_is OK "a/b: mems 0" a/b/cpuset.mems 0
wr_is EBUSY "a cannot drop CPU 1 while a/b has it" a/cpuset.cpus 0
wr_is EBUSY "a cannot drop its CPUs while a/b has some" a/cpuset.cpus "\n"
wr_is EBUSY "a cannot drop node 0 while a/b has it" a/cpuset.mems 1
is "$(rd a/cpuset.cpus)/$(rd a/cpuset.mems)" 0-1/0 "a unchanged"
wr_is OK "a may grow" a/cpuset.cpus 0-2
wr_is OK "a may shrink around a/b" a/cpuset.cpus 1-2
wr_is OK "a back to 0-1" a/cpuset.cpus 0-1
wr_is OK "a/b empties" a/b/cpuset.cpus "\n"
wr_is OK "now a may drop CPU 1" a/cpuset.cpus 0
wr_is OK "a back to 0-1 again" a/cpuset.cpus 0-1

# --- exclusivity
check "mkdir c" mkdir $M/c
wr_is OK "c: cpus 1-2" c/cpuset.cpus 1-2
wr_is OK "c: mems 0-1" c/cpuset.mems 0-1
wr_is EBUSY "a cannot be cpu_exclusive while c overlaps it" a/cpuset.cpu_exclusive 1
is "$(rd a/cpuset.cpu_exclusive)" 0 "a still not exclusive"
wr_is OK "c: cpus 2-3" c/cpuset.cpus 2-3
wr_is OK "a becomes cpu_exclusive (root is)" a/cpuset.cpu_exclusive 1
is "$(rd a/cpuset.cpu_exclusive)" 1 "a reads cpu_exclusive 1"
wr_is EBUSY "c cannot overlap exclusive a" c/cpuset.cpus 1-3
wr_is EBUSY "a (exclusive) cannot grow onto c's CPUs" a/cpuset.cpus 0-2
is "$(rd a/cpuset.cpus)/$(rd c/cpuset.cpus)" 0-1/2-3 "a and c unchanged"
wr_is OK "c becomes cpu_exclusive" c/cpuset.cpu_exclusive 1
check "mkdir c/d" mkdir $M/c/d
wr_is OK "c/d: cpus 3" c/d/cpuset.cpus 3
wr_is OK "c/d may be cpu_exclusive: c is" c/d/cpuset.cpu_exclusive 1
wr_is EBUSY "c cannot clear cpu_exclusive under exclusive c/d" c/cpuset.cpu_exclusive 0
is "$(rd c/cpuset.cpu_exclusive)" 1 "c still exclusive"
wr_is OK "a/b: cpus 0" a/b/cpuset.cpus 0
wr_is OK "a clears cpu_exclusive" a/cpuset.cpu_exclusive 0
wr_is EINVAL "a/b cannot be cpu_exclusive: a is not" a/b/cpuset.cpu_exclusive 1
wr_is OK "a is cpu_exclusive again" a/cpuset.cpu_exclusive 1
for bad in -1 x "\n" "1 1" 0x1 18446744073709551616; do
	wr_is EINVAL "cpu_exclusive '$bad' rejected" c/cpuset.cpu_exclusive "$bad"
done
is "$(rd c/cpuset.cpu_exclusive)" 1 "c's flag unchanged after the bad writes"
wr_is OK "cpu_exclusive '10' sets the flag" c/cpuset.cpu_exclusive 10
is "$(rd c/cpuset.cpu_exclusive)" 1 "... which reads 1"
wr_is EINVAL "memory_migrate 'x' rejected" a/cpuset.memory_migrate x
is "$(rd a/cpuset.memory_migrate)" 0 "memory_migrate unchanged"
wr_is OK "memory_migrate '2' sets it" a/cpuset.memory_migrate 2
is "$(rd a/cpuset.memory_migrate)" 1 "... which reads 1"
wr_is OK "memory_migrate back to 0" a/cpuset.memory_migrate 0

# mem_exclusive: a has node 0, c has nodes 0-1
wr_is EBUSY "c cannot be mem_exclusive while a shares node 0" c/cpuset.mem_exclusive 1
wr_is OK "c: mems 1" c/cpuset.mems 1
wr_is OK "c becomes mem_exclusive" c/cpuset.mem_exclusive 1
wr_is EBUSY "a cannot take c's node 1" a/cpuset.mems 0-1
is "$(rd a/cpuset.mems)" 0 "a's mems unchanged"
wr_is OK "c/d: mems 1" c/d/cpuset.mems 1
wr_is OK "c/d becomes mem_exclusive" c/d/cpuset.mem_exclusive 1
wr_is EBUSY "c cannot clear mem_exclusive under c/d" c/cpuset.mem_exclusive 0
wr_is EINVAL "a/b cannot be mem_exclusive: a is not" a/b/cpuset.mem_exclusive 1

# a removed group constrains nobody
check "mkdir e" mkdir $M/e
wr_is EBUSY "e cannot take exclusive a's CPU 0" e/cpuset.cpus 0
check "remove a/b and a" rmdir $M/a/b $M/a
wr_is OK "e takes CPU 0 once a is gone" e/cpuset.cpus 0-1
wr_is OK "e takes node 0" e/cpuset.mems 0
check "mkdir a again (the name is free)" mkdir $M/a
is "$(rd a/cpuset.cpus)" "" "the new a starts empty"
check "remove e, a, c/d, c" rmdir $M/e $M/a $M/c/d $M/c

# --- enforcement
check "mkdir p, p/q" mkdir $M/p $M/p/q
echo 0-3 >$M/p/cpuset.cpus
echo 0-1 >$M/p/cpuset.mems
echo 0-1 >$M/p/q/cpuset.cpus
echo 0 >$M/p/q/cpuset.mems
start_in ""
P=$LAST
is "$(cpus_of $P)/$(mems_of $P)" 0-3/0-1 "a root task: Cpus/Mems_allowed_list 0-3/0-1"
wr_is OK "move it to p/q" p/q/tasks $P
is "$(group_of $P)" /p/q "/proc/PID/container shows /p/q"
is "$(cpus_of $P)" 0-1 "attach set Cpus_allowed_list to p/q's 0-1"
is "$(mems_of $P)" 0 "attach set Mems_allowed_list to p/q's 0"
is "$(aff_of $P)" 0-1 "sched_getaffinity agrees: 0-1"
wr_is OK "p/q: cpus 1" p/q/cpuset.cpus 1
is "$(cpus_of $P)" 1 "changing the group's cpus updated the task"
is "$(aff_of $P)" 1 "sched_getaffinity: 1"
wr_is OK "p/q: cpus 0-1" p/q/cpuset.cpus 0-1
is "$(aff_of $P)" 0-1 "widening the group widened the task"
errno_is OK "sched_setaffinity 0-3 inside p/q" setaffinity $P 0-3
is "$(aff_of $P)" 0-1 "... clamped to the group's 0-1"
errno_is EINVAL "sched_setaffinity 2-3 wholly outside p/q" setaffinity $P 2-3
is "$(aff_of $P)" 0-1 "... and the affinity is unchanged"
errno_is OK "sched_setaffinity 1 inside p/q" setaffinity $P 1
is "$(aff_of $P)" 1 "the task may narrow itself to CPU 1"
wr_is OK "p/q: cpus 0-3" p/q/cpuset.cpus 0-3
is "$(aff_of $P)" 1 "a group change keeps the task's own narrowing (1)"
wr_is OK "p/q: cpus 0-1" p/q/cpuset.cpus 0-1
errno_is OK "sched_setaffinity 0-3 again" setaffinity $P 0-3
is "$(aff_of $P)" 0-1 "... which is clamped to the group's 0-1"
wr_is OK "p/q: mems 0-1" p/q/cpuset.mems 0-1
is "$(mems_of $P)" 0-1 "changing the group's mems updated the task"
wr_is OK "p/q: mems 1" p/q/cpuset.mems 1
is "$(mems_of $P)" 1 "... again (1)"
wr_is ENOSPC "p/q cannot lose its CPUs while it has a task" p/q/cpuset.cpus "\n"
wr_is ENOSPC "p/q cannot lose its nodes while it has a task" p/q/cpuset.mems "\n"
is "$(rd p/q/cpuset.cpus)/$(rd p/q/cpuset.mems)" 0-1/1 "p/q unchanged"
errno_is EBUSY "rmdir of a group with a task" rmdir $M/p/q

# children inherit
sh -c "echo \$\$ > $M/p/q/tasks; sleep 100000 & echo \$! > $W/child; wait" >/dev/null 2>&1 &
PIDS="$PIDS $!"
i=0
while [ ! -s $W/child ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
C=$(cat $W/child)
PIDS="$PIDS $C"
is "$(group_of $C)" /p/q "a forked child starts in its parent's group"
is "$(cpus_of $C)/$(mems_of $C)" 0-1/1 "... with its CPUs and nodes"

# kernel threads bound to CPUs stay in the root
K=$(for d in /proc/[0-9]*; do
	[ "$(cat $d/comm 2>/dev/null)" = ksoftirqd/0 ] && echo ${d#/proc/}
done)
if [ -n "$K" ]; then
	wr_is EINVAL "a per-CPU kernel thread (ksoftirqd/0) cannot be moved" p/tasks $K
else
	skip "a per-CPU kernel thread cannot be moved" "no ksoftirqd/0"
fi

wr_is OK "move the task back to the root" tasks $P
is "$(group_of $P)" / "it is in the root again"
is "$(cpus_of $P)/$(mems_of $P)" 0-3/0-1 "back in the root: all CPUs and nodes"

# --- page placement on each node
check "mkdir n0, n1" mkdir $M/n0 $M/n1
for n in 0 1; do
	echo 0-3 >$M/n$n/cpuset.cpus
	echo $n >$M/n$n/cpuset.mems
	is "$(sh -c "echo \$\$ > $M/n$n/tasks && exec memnode 4")" $n \
		"pages of a task in a group with mems $n are on node $n"
done
# the group's nodes decide, not the CPU the task runs on
is "$(sh -c "echo \$\$ > $M/n1/tasks && exec taskset -c 0 memnode 4" 2>&1)" 1 \
	"node 1 even while running on CPU 0 (node 0)"
is "$(sh -c "echo \$\$ > $M/n0/tasks && exec taskset -c 3 memnode 4" 2>&1)" 0 \
	"node 0 even while running on CPU 3 (node 1)"

# memory_migrate off: pages stay when the task moves
sh -c "echo \$\$ > $M/n0/tasks && exec memnode 4 200" >$W/mem0 &
MP=$!
PIDS="$PIDS $MP"
wait_for "a task in n0 has its pages on node 0" 0 sh -c "tail -n 1 $W/mem0"
wr_is OK "move it to n1 (memory_migrate 0)" n1/tasks $MP
is "$(mems_of $MP)" 1 "its Mems_allowed_list is 1"
sleep 1
is "$(tail -n 1 $W/mem0)" 0 "without memory_migrate its pages stayed on node 0"
kill $MP

# memory_migrate on: move and node change migrate the pages
check "mkdir m" mkdir $M/m
echo 0-3 >$M/m/cpuset.cpus
echo 0 >$M/m/cpuset.mems
wr_is OK "m: memory_migrate 1" m/cpuset.memory_migrate 1
is "$(rd m/cpuset.memory_migrate)" 1 "m reads memory_migrate 1"
sh -c "echo \$\$ > $M/n1/tasks && exec memnode 4 200" >$W/mem1 &
MP=$!
PIDS="$PIDS $MP"
wait_for "a task in n1 has its pages on node 1" 1 sh -c "tail -n 1 $W/mem1"
wr_is OK "move it to m (mems 0, memory_migrate 1)" m/tasks $MP
wait_for "moving it migrated its pages to node 0" 0 sh -c "tail -n 1 $W/mem1"
wr_is OK "m: mems 1" m/cpuset.mems 1
wait_for "changing m's nodes migrated the pages to node 1" 1 sh -c "tail -n 1 $W/mem1"
is "$(mems_of $MP)" 1 "Mems_allowed_list follows: 1"
wr_is OK "m: memory_migrate 0" m/cpuset.memory_migrate 0
wr_is OK "m: mems 0" m/cpuset.mems 0
sleep 1
is "$(tail -n 1 $W/mem1)" 1 "with memory_migrate 0 again, a node change leaves the pages"
kill $MP
cleanup

# --- CPU hotplug: CPU 1 off and on
if [ -w /sys/devices/system/cpu/cpu1/online ]; then
	mkdir $M/hp $M/hp/h $M/h2
	echo 0-1 >$M/hp/cpuset.cpus
	echo 0-1 >$M/hp/cpuset.mems
	echo 1 >$M/hp/h/cpuset.cpus
	echo 0 >$M/hp/h/cpuset.mems
	echo 1-3 >$M/h2/cpuset.cpus
	echo 1 >$M/h2/cpuset.mems
	start_in hp/h
	H=$LAST
	start_in h2
	H2=$LAST
	start_in ""
	R=$LAST
	is "$(cpus_of $H)" 1 "hp/h's task runs on CPU 1 only"
	check "CPU 1 goes offline" sh -c 'echo 0 > /sys/devices/system/cpu/cpu1/online'
	is "$(cat /sys/devices/system/cpu/online)" 0,2-3 "CPUs 0,2-3 online"
	is "$(rd cpuset.cpus)" 0,2-3 "root cpus lost CPU 1"
	is "$(rd hp/cpuset.cpus)" 0 "hp lost CPU 1"
	is "$(rd hp/h/cpuset.cpus)" "" "hp/h lost its only CPU"
	is "$(rd h2/cpuset.cpus)" 2-3 "h2 lost CPU 1"
	wait_for "hp/h's task moved to the nearest ancestor with CPUs (/hp)" /hp group_of $H
	wait_for "... and runs on hp's CPUs (0)" 0 cpus_of $H
	is "$(mems_of $H)" 0-1 "... with hp's nodes (0-1)"
	wait_for "h2's task lost CPU 1" 2-3 cpus_of $H2
	is "$(group_of $H2)" /h2 "h2's task stayed in h2"
	wait_for "a root task lost CPU 1" 0,2-3 cpus_of $R
	wr_is EINVAL "an offline CPU cannot be given to a group" h2/cpuset.cpus 1-3
	check "CPU 1 comes back" sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online'
	is "$(rd cpuset.cpus)" 0-3 "onlining gave the root its CPU back"
	is "$(rd hp/cpuset.cpus)/$(rd hp/h/cpuset.cpus)/$(rd h2/cpuset.cpus)" 0//2-3 \
		"... and only the root"
	wait_for "a root task may run on CPU 1 again" 0-3 cpus_of $R
	wr_is OK "h2 may take CPU 1 again" h2/cpuset.cpus 1-3
	is "$(cpus_of $H2)" 1-3 "h2's task follows"
	cleanup
else
	skip "CPU hotplug" "cpu1/online not writable"
fi

# --- under load: hogs never run outside their group
check "mkdir load" mkdir $M/load
echo 2-3 >$M/load/cpuset.cpus
echo 1 >$M/load/cpuset.mems
HOGS=
for i in 1 2 3; do
	sh -c "echo \$\$ > $M/load/tasks && while :; do :; done" >/dev/null 2>&1 &
	HOGS="$HOGS $!"
done
# and a hog in the root that would happily use CPUs 2-3
sh -c 'while :; do :; done' >/dev/null 2>&1 &
PIDS="$PIDS $! $HOGS"
sleep 1
# sample_cpus N: the CPUs the group's hogs were seen on in N samples
sample_cpus() {
	_stats=
	for h in $HOGS; do _stats="$_stats /proc/$h/stat"; done
	_n=0
	while [ $_n -lt "$1" ]; do
		# shellcheck disable=SC2086
		awk '{ print $39 }' $_stats
		sleep 0.05
		_n=$((_n + 1))
	done | sort -u | tr '\n' ' '
}
seen=$(sample_cpus 40)
like "$seen" '^([23] )+$' "3 hogs in load (2-3) were only seen on CPUs 2-3 ($seen)"
wr_is OK "load: cpus 0" load/cpuset.cpus 0
sleep 1
seen=$(sample_cpus 40)
is "$seen" "0 " "after load's cpus became 0, its hogs ran only on CPU 0"
wr_is OK "load: cpus 0-3" load/cpuset.cpus 0-3
sleep 2
seen=$(sample_cpus 40)
like "$seen" '[0-3] [0-3] ' "with 0-3 the hogs spread over several CPUs ($seen)"
cleanup

# --- noprefix: the files of old cpuset tools
check "unmount" umount $M
check "mount with noprefix" mount -t container -o cpuset,noprefix none $M
for f in cpus mems cpu_exclusive mem_exclusive memory_migrate; do
	check "noprefix: $f" test -f $M/$f
done
check "noprefix: no cpuset.cpus" test ! -e $M/cpuset.cpus
check "noprefix: mkdir x" mkdir $M/x
wr_is OK "noprefix: x/cpus 2" x/cpus 2
is "$(cat $M/x/cpus)" 2 "noprefix: x/cpus reads 2"
rmdir $M/x
check "unmount" umount $M
rmdir $M 2>/dev/null
is "$(grep '^cpuset	' /proc/containers | cut -f2)" 0 "cpuset is unbound again"
rm -rf $W
done_testing
