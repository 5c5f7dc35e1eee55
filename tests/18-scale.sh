#!/bin/sh
# 18-scale: 1000 groups (mkdir, list, count, rmdir) and 1000 tasks in one
# group (tasks and procs list exactly them; moving them all one by one).
# timeout: 500
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 18
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

# --- 1000 tasks in one group (threads: a fork costs much more on TCG+KASAN) ---
mkdir $A/many $A/other
t0=$(date +%s)
sh -c "echo 0 >$A/many/tasks; exec ctool threads $N" >$W/out &
tp=$!
ct_wait 120 grep -q ready $W/out
t=$(cat $A/many/tasks)
is "$(printf '%s\n' "$t" | grep -c .)" $N "tasks lists $N tasks"
is "$t" "$(ls /proc/$tp/task | sort -n)" "exactly the helper's $N threads, ascending"
is "$(cat $A/many/debug.nr_tasks)" $N "debug.nr_tasks agrees"
is "$(cat $A/many/procs)" "$tp" "procs lists the one process"
errno_is OK "one write to procs moves all $N threads" write $A/other/procs "$tp"
is "$(cat $A/other/tasks)" "$t" "all $N are in the other group"
is "$(cat $A/many/tasks)" "" "the first group is empty"
for p in $t; do
	echo $p >$A/many/tasks || break
done
is "$(cat $A/many/tasks)" "$t" "all $N moved back one by one through tasks"
kill $tp
wait $tp 2>/dev/null
ct_until 60 'test -z "$(cat $A/many/tasks)"'
is "$(cat $A/many/tasks)" "" "all exited"
diag "1000 tasks: $(($(date +%s) - t0)) s"
rmdir $A/many $A/other
ct_until 10 'test "$(cat $A/debug.containers)" = "$c0"'
is "$(cat $A/debug.containers)" "$c0" "debug.containers back to $c0"
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
