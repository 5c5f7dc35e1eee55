#!/bin/sh
# 99-leaks: after everything else, nothing leaked - the debug counts are
# those of a system with one empty hierarchy (after a short wait for RCU
# and the release work), a last workload brings them back to that
# baseline, and a kmemleak scan finds nothing.
# timeout: 200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug

counts() {
	echo "css_groups=$(cat $A/debug.css_groups) containers=$(cat $A/debug.containers) css=$(cat $A/debug.css) hierarchies=$(cat $A/debug.hierarchies)"
}
BASE="css_groups=1 containers=0 css=0 hierarchies=1"

ct_until 10 'test "$(counts)" = "$BASE"'
is "$(counts)" "$BASE" "after all tests: only init's css_group, no group, one hierarchy"
is "$(awk '!/^#/ && $2 != 0 && $1 != "debug"' /proc/containers)" "" "no other subsystem is still bound"
is "$(grep -c . /proc/self/container)" 1 "one hierarchy in /proc/self/container"

# a last workload over every kind of object
mkdir -p $A/a/b $A/c
mount -t container -o none,name=leak none $CT/n 2>/dev/null || { mkdir -p $CT/n; mount -t container -o none,name=leak none $CT/n; }
mkdir $CT/n/x
mount -t container -o cpuacct none $CT/n2 2>/dev/null || { mkdir -p $CT/n2; mount -t container -o cpuacct none $CT/n2; }
mkdir $CT/n2/y
sh -c "echo 0 >$A/a/b/tasks; echo 0 >$CT/n/x/tasks; echo 0 >$CT/n2/y/tasks; for i in 1 2 3 4 5; do sleep 0.1 & done; wait"
ctool threads 4 >/tmp/ct99 &
tp=$!
ct_wait 10 grep -qs ready /tmp/ct99
echo $tp >$A/c/procs
echo $tp >$CT/n/x/procs
kill $tp
wait $tp 2>/dev/null
umount $CT/n	# lives on with x
mount -t container -o none,name=leak none $CT/n
rmdir $CT/n/x $CT/n2/y $A/a/b $A/a $A/c
umount $CT/n
umount $CT/n2
rm -f /tmp/ct99
ct_until 10 'test "$(counts)" = "$BASE"'
is "$(counts)" "$BASE" "after a last workload: back to the baseline"

if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	r=$(cat /sys/kernel/debug/kmemleak)
	is "$r" "" "kmemleak finds nothing"
	[ -z "$r" ] || echo clear >/sys/kernel/debug/kmemleak
else
	skip "kmemleak finds nothing" "no kmemleak"
fi

ct_umount $A
ct_cleanup
is "$(awk '!/^#/ && $2 != 0' /proc/containers)" "" "every subsystem unbound at the end"
done_testing
