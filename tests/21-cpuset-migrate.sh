#!/bin/sh
# 21-cpuset-migrate: cpuset moves against forks (issue 12, bugs 3 and 6).
# - memory_migrate: while a process with 80-200 MB of touched memory
#   moves between groups on different nodes, the forks of a task in the
#   root keep completing: no fork waits for half a migration or more (the
#   pages are checked to be on the destination node after each move);
# - CPU hotplug: a fork storm (chains of processes that fork and exit, and
#   processes forking short-lived children) in a group whose only CPU goes
#   offline ends up wholly in the nearest ancestor with CPUs: the group
#   holds no task while the storm goes on, nor after it was stopped.
# timeout: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start cpuset
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || skip_all "needs CPUs 0-3 online"
[ "$(cat /sys/devices/system/node/online)" = 0-1 ] || skip_all "needs NUMA nodes 0-1"
ct_workdir 21
ct_mount $A cpuset || skip_all "cannot mount a cpuset hierarchy"
CPU3=/sys/devices/system/cpu/cpu3/online
trap 'echo 1 >$CPU3 2>/dev/null' EXIT
T0=$(date +%s)
elapsed() { diag "$1: $(($(date +%s) - T0)) s"; }
PIDS=
cleanup() {
	for p in $PIDS; do kill -9 $p 2>/dev/null; done
	for p in $PIDS; do wait $p 2>/dev/null; done
	PIDS=
}
# set_group DIR CPUS MEMS
set_group() {
	mkdir -p $1 && echo $2 >$1/cpuset.cpus && echo $3 >$1/cpuset.mems
}
ok_if() { if [ "$1" ]; then ok "$2"; else not_ok "$2"; fi; }
freemb() { awk '/MemFree/ { print int($4 / 1024) }' /sys/devices/system/node/node$1/meminfo; }

# --- bug 3: forks do not wait for a memory migration -------------------------
set_group $A/n0 0-1 0
set_group $A/n1 2-3 1
echo 1 >$A/n0/cpuset.memory_migrate
echo 1 >$A/n1/cpuset.memory_migrate
# The issue asks for 200 MB: that does not fit in the debug guest (node 0
# has about 125 MB free, node 1 about 210 MB; in obj-nocg 235 and 225).  So:
# 200 MB or what fits on each node with 48 MB to spare (about 80 MB in the
# debug guest, where migrating it takes 5-25 s); two moves, the second only
# within 20 s of the first.  Only migrations over 1 s are judged.
f0=$(freemb 0)
f1=$(freemb 1)
mb=$((f0 < f1 ? f0 - 48 : f1 - 48))
[ $mb -gt 200 ] && mb=200
diag "free: node 0 $f0 MB, node 1 $f1 MB; the mover touches $mb MB"
if [ $mb -lt 32 ]; then
	skip "forks during memory migrations" "less than 80 MB free on a node"
else
	out=$(migfork migrate $mb 2 20 $A/n0 0 $A/n1 1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/# /'
	is "$rc" 0 "the mover moved between n0 and n1 while the forker forked"
	set -- $(printf '%s\n' "$out" | tail -n 1)
	if [ "$1" = moves ] && [ "$2" -gt 0 ] 2>/dev/null; then
		start=$(printf '%s\n' "$out" | sed -n 's/^start: pages \([0-9]*\)\/\([0-9]*\) on node 0$/\1 \2/p')
		[ -n "$start" ] || start="? none"
		is "${start% *}" "${start#* }" "the mover's pages start on node 0 ($start)"
		is "$4" "$2" "after each of the $2 moves every page was on the destination node"
		if [ "$6" -gt 0 ]; then
			is "$8" 0 "no fork waited half a migration or more ($6 migrations over 1 s, ${10} forks)"
		else
			skip "no fork waited half a migration or more" "no migration took over 1 s"
		fi
	else
		not_ok "migfork migrate moved the process"
	fi
fi
rmdir $A/n0 $A/n1
elapsed "migrations done"

# --- bug 6: a fork storm in a group whose last CPU goes offline ----------------
if [ -w $CPU3 ]; then
	set_group $A/p 2-3 1
	set_group $A/p/h 3 1
	sh -c "echo \$\$ >$A/p/h/procs && exec migfork storm 4 2 $W/report" >$W/storm 2>&1 &
	sp=$!
	PIDS=$sp
	ct_until 20 'test "$(ct_count $A/p/h)" -ge 7'
	sleep 1
	n=$(ct_count $A/p/h)
	ok_if "$([ "$n" -ge 7 ] && echo y)" "the storm runs in p/h ($n tasks)"
	check "CPU 3 goes offline" sh -c "echo 0 >$CPU3"
	is "$(cat $A/p/h/cpuset.cpus)" "" "p/h lost its only CPU"
	ct_until 15 'test -z "$(cat $A/p/h/tasks)"'
	is "$(cat $A/p/h/tasks)" "" "p/h holds no task while the storm goes on"
	sleep 1
	is "$(cat $A/p/h/tasks)" "" "... nor a second later"
	rm -f $W/report
	kill -USR1 $sp
	ct_until 10 'test -s $W/report'
	like "$(grep -c . $W/report)" '^([3-9]|[1-9][0-9]+)$' "the storm's processes are alive"
	is "$(awk '$2 != "/p"' $W/report)" "" "every one of them is in p, the nearest ancestor with CPUs"
	kill -TERM $sp
	ct_until 30 '! kill -0 $sp 2>/dev/null'
	kill -0 $sp 2>/dev/null && kill -9 $sp
	wait $sp
	is "$?" 0 "the storm stopped and was reaped by its controller"
	diag "storm: $(cat $W/storm)"
	PIDS=
	ct_until 10 'test -z "$(cat $A/p/h/tasks $A/p/tasks)"'
	is "$(cat $A/p/h/tasks)" "" "after the storm was stopped and reaped, p/h is empty"
	is "$(cat $A/p/tasks)" "" "... and so is p"
	check "CPU 3 comes back" sh -c "echo 1 >$CPU3"
	is "$(cat /sys/devices/system/cpu/online)" 0-3 "CPUs 0-3 online"
	cleanup
	rmdir $A/p/h $A/p
else
	skip "a fork storm in a group whose last CPU goes offline" "cpu3/online not writable"
fi
elapsed "hotplug done"

cleanup
echo 1 >$CPU3 2>/dev/null
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
