#!/bin/sh
# 18-scale: 1000 groups (mkdir, list, count, rmdir) and 1000 tasks in one
# group (tasks and procs list exactly them; moving them all one by one).
# timeout: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

[ -e /proc/containers ] || skip_all "no container framework"
ct_has debug || skip_all "needs the debug subsystem"
ct_cleanup
A=$CT/a
W=/tmp/ct18
mkdir -p $W
ct_mount $A debug || skip_all "cannot mount -o debug"
c0=$(cat $A/debug.containers)
N=1000

# --- 1000 groups -------------------------------------------------------------
cd $A
t0=$(date +%s)
check "mkdir $N groups" mkdir $(seq 1 $N | sed 's/^/g/')
is "$(ls -d g* | wc -l)" $N "ls lists $N groups"
is "$(ct_ngroups debug)" $((N + 1)) "/proc/containers counts $((N + 1))"
is "$(cat $A/debug.containers)" $((c0 + N)) "debug.containers counts $N more"
is "$(cat g500/tasks)" "" "g500 is usable"
echo $$ >g777/tasks
like "$(grep ':debug:' /proc/self/container)" ':/g777$' "a task moves into g777"
echo $$ >tasks
check "rmdir $N groups" rmdir $(seq 1 $N | sed 's/^/g/')
is "$(ls -d g* 2>/dev/null | wc -l)" 0 "none left"
is "$(ct_ngroups debug)" 1 "/proc/containers counts 1"
diag "1000 groups: $(($(date +%s) - t0)) s"
cd /

# --- 1000 tasks in one group ---------------------------------------------------
mkdir $A/many $A/other
t0=$(date +%s)
sh -c "echo 0 >$A/many/tasks; exec ctool children $N" >$W/out &
cp=$!
ct_wait 120 grep -q ready $W/out
n=$(grep -c . $A/many/tasks)
is "$n" $((N + 1)) "tasks lists the $N children and their parent"
is "$(cat $A/many/debug.nr_tasks)" $((N + 1)) "debug.nr_tasks agrees"
t=$(cat $A/many/tasks)
is "$(printf '%s\n' "$t" | sort -n -u)" "$t" "ascending, no duplicates"
stats=
for p in $t; do stats="$stats /proc/$p/stat"; done
bad=$(awk -v cp=$cp '$1 != cp && $4 != cp' $stats | wc -l)
is "$bad" 0 "every listed task is the parent or one of its children"
is "$(grep -c . $A/many/procs)" $((N + 1)) "procs lists $((N + 1)) processes"
for p in $t; do
	echo $p >$A/other/tasks || break
done
is "$(grep -c . $A/other/tasks)" $((N + 1)) "all $((N + 1)) moved one by one"
is "$(cat $A/many/tasks)" "" "the first group is empty"
kill $cp
wait $cp 2>/dev/null
ct_wait 60 test -z "$(cat $A/other/tasks)"
is "$(cat $A/other/tasks)" "" "all exited"
diag "1000 tasks: $(($(date +%s) - t0)) s"
rmdir $A/many $A/other
ct_wait 10 test "$(cat $A/debug.containers)" = "$c0"
is "$(cat $A/debug.containers)" "$c0" "debug.containers back to $c0"
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
