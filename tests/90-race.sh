#!/bin/sh
# 90-race: 30 seconds of everything at once - mkdir/rmdir churn, moves of
# tasks that are forking (and whole multi-threaded processes), readers of
# tasks and /proc/*/container, kill-then-rmdir loops, mount/umount loops -
# then everything must be consistent: counts, lists, no child left behind,
# every group removable, the debug counts back where they were.  The
# runner checks the kernel log (lockdep, KASAN, ...).
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 90
cg0=$(cat $A/debug.css_groups)
c0=$(cat $A/debug.containers)
h0=$(cat $A/debug.hierarchies)
SECS=30
END=$(($(date +%s) + SECS))
mkdir $A/f1 $A/f2 $A/t1 $A/t2 $A/churn
running() { [ "$(date +%s)" -lt $END ]; }

# 1. mkdir/rmdir churn
(ctool churn $SECS $A/churn >$W/churn 2>&1; echo $? >$W/churn.rc) &

# 2. moves of a task that is forking, checked for children left behind
ctool forker 10 &
fp=$!
echo $fp >$A/f1/tasks
(ctool forkrace $SECS $fp $A/f1 $A/f2 >$W/forkrace 2>&1; echo $? >$W/forkrace.rc) &

# 3. whole processes with threads, and single threads, moving
ctool threads 8 >$W/thr &
tp=$!
(
	i=0
	while running; do
		echo $tp >$A/t$((i % 2 + 1))/procs
		for t in $(ls /proc/$tp/task 2>/dev/null); do
			echo $t >$A/t$(((i + 1) % 2 + 1))/tasks
		done
		i=$((i + 1))
	done 2>/dev/null
	echo $i >$W/threads
) &

# 4. readers
(ctool readall $SECS "$A/tasks" "$A/procs" "$A/*/tasks" "$A/*/procs" "$A/churn/*/tasks" \
	"$A/debug.*" /proc/containers "/proc/[0-9]*/container" \
	"/proc/[0-9]*/task/*/container" >$W/readers 2>&1) &

# 5. kill-then-rmdir: a group must be removable once its task was reaped
(ctool killrmdir $SECS $A >$W/killrmdir 2>&1; echo $? >$W/killrmdir.rc) &

# 6. mount/umount loops: a subsystem hierarchy and a named one
(
	i=0 fail=0
	mkdir -p $CT/m1 $CT/m2
	while running; do
		if mount -t container -o cpuacct none $CT/m1; then
			mkdir $CT/m1/x && echo 0 >$CT/m1/x/tasks && echo 0 >$CT/m1/tasks
			rmdir $CT/m1/x
			umount $CT/m1 || fail=$((fail + 1))
		else
			fail=$((fail + 1))
		fi
		i=$((i + 1))
	done
	echo "$i $fail" >$W/mount1
) &
(
	i=0 fail=0
	while running; do
		if mount -t container -o none,name=race none $CT/m2; then
			mkdir $CT/m2/y
			umount $CT/m2
			# the hierarchy lives on with its group; bring it back
			mount -t container -o none,name=race none $CT/m2 &&
				rmdir $CT/m2/y && umount $CT/m2 || fail=$((fail + 1))
		else
			fail=$((fail + 1))
		fi
		i=$((i + 1))
	done
	echo "$i $fail" >$W/mount2
) &

sleep $SECS
ct_wait 60 test -s $W/churn.rc -a -s $W/threads -a -s $W/readers -a -s $W/killrmdir.rc -a -s $W/mount1 -a -s $W/mount2 -a -s $W/forkrace.rc
diag "iterations: churn $(cat $W/churn), threads $(cat $W/threads), readers $(cat $W/readers), kill-rmdir $(cat $W/killrmdir), mount $(cat $W/mount1) / $(cat $W/mount2)" \
	"forkrace: $(tail -n 1 $W/forkrace)"
is "$(cat $W/forkrace.rc)" 0 "no forked child was left behind by a move"
is "$(cat $W/churn.rc)" 0 "mkdir/rmdir churn saw no unexpected error"
is "$(cat $W/killrmdir.rc)" 0 "every group was removable once its task was killed and reaped"
like "$(cat $W/mount1)" '^[1-9][0-9]* 0$' "cpuacct mount/umount never failed"
like "$(cat $W/mount2)" '^[1-9][0-9]* 0$' "named mount/umount/remount never failed"

# --- consistency ---------------------------------------------------------------
kill -STOP $fp 2>/dev/null
sleep 0.3
tids=$(ls /proc/$tp/task | sort -n)
in1=$(cat $A/t1/tasks)
in2=$(cat $A/t2/tasks)
is "$(printf '%s\n' $in1 $in2 | sort -n)" "$tids" "the 8 threads are each in exactly one of t1, t2"
is "$(($(cat $A/t1/debug.nr_tasks) + $(cat $A/t2/debug.nr_tasks)))" 8 "debug.nr_tasks agrees"
kill -9 $fp $tp
wait $fp $tp 2>/dev/null
ct_until 10 'test -z "$(cat $A/f1/tasks $A/f2/tasks $A/t1/tasks $A/t2/tasks)"'
is "$(cat $A/f1/tasks $A/f2/tasks $A/t1/tasks $A/t2/tasks)" "" "groups are empty once their tasks are gone"
bad=
for d in $(find $A -mindepth 1 -type d); do
	[ "$(grep -c . $d/tasks)" = "$(cat $d/debug.nr_tasks)" ] || bad="$bad $d"
	[ "$(cat $d/debug.nr_groups)" = 0 ] || bad="$bad $d(nr_groups)"
done
is "$bad" "" "every group: tasks and debug.nr_tasks agree, no css_group left"
ndirs=$(find $A -type d | wc -l)
is "$(ct_ngroups debug)" "$ndirs" "/proc/containers counts the $ndirs directories"
ct_rmtree $A
is "$(find $A -mindepth 1 -type d)" "" "every group could be removed"
is "$(ct_ngroups debug)" 1 "only the root is left"
ct_until 10 'test "$(cat $A/debug.css_groups)" = "$cg0" -a "$(cat $A/debug.containers)" = "$c0"'
is "$(cat $A/debug.css_groups)" "$cg0" "debug.css_groups back to $cg0"
is "$(cat $A/debug.containers)" "$c0" "debug.containers back to $c0"
is "$(cat $A/debug.hierarchies)" "$h0" "debug.hierarchies back to $h0"
is "$(awk '$3 == "container"' /proc/mounts | wc -l)" 1 "only our mount is left"

ct_umount $A
ct_cleanup
rm -rf $W
done_testing
