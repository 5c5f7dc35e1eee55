#!/bin/sh
# 52-populated: the populated file (spec 13) - every group has it, the
# root too; it reads 1 while the group or a descendant has a task; a
# change wakes poll() (POLLPRI) and inotify (IN_MODIFY) watchers, once per
# change and never without one: first task in, last task out by exit or
# by a move, a descendant emptying, moves between populated groups, rmdir;
# a storm of short-lived tasks from 4 CPUs ends at 0 with its watcher
# woken; named hierarchies and subsystem ones alike; ctwait waits for a
# group to empty.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start debug
ct_workdir 52
command -v ctwait >/dev/null || skip_all "no ctwait"
ct_mount $A none,name=pop52 || skip_all "cannot mount a named hierarchy"

# watch FILE with MODE (poll or inotify) in the background until N
# wakeups or T seconds; $W/w.out gets its lines
nwatch=0
watch() {
	nwatch=$((nwatch + 1))
	WOUT=$W/w$nwatch.out
	ctwait -c "$1" "$2" "${3:-1000}" "${4:-60}" >$WOUT 2>&1 &
	WPID=$!
	ct_wait 10 grep -q '^ready' $WOUT
}
# the lines the watcher printed for wakeups, space separated
wakes() { sed -n '2,$p' $WOUT | grep -v '^total' | tr '\n' ' ' | sed 's/ $//'; }
# wait until the watcher has seen N wakeups
woke() { ct_until 10 "[ \$(sed -n '2,\$p' $WOUT | grep -vc '^total') -ge $1 ]"; }
# stop the watcher; its totals line
# (called in $(...), a subshell, whose wait cannot wait for the watcher)
unwatch() {
	kill -TERM $WPID 2>/dev/null
	ct_wait 10 grep -q '^total' $WOUT
	tail -n 1 $WOUT
}
# a task that sleeps until killed, in group $1; its pid in $SPID
sleeper() { sleep 1000 & SPID=$!; echo $SPID >$1/tasks; }
reap() { kill $1; wait $1 2>/dev/null; }

# --- the file ------------------------------------------------------------------
is "$(cat $A/populated)" 1 "the root reads 1: it holds every task"
mkdir $A/g
is "$(cat $A/g/populated)" 0 "a new group reads 0"
is "$(stat -c %a $A/g/populated)" 444 "populated is read-only (0444)"
errno_is EINVAL "writing populated fails with EINVAL" write $A/g/populated 1
is "$(cat $A/g/populated)" 0 "... and changes nothing"

# --- first task in, a second one, last ones out ------------------------------------
for mode in poll inotify; do
	watch $mode $A/g/populated
	sleeper $A/g; s1=$SPID
	woke 1
	is "$(wakes)" 1 "$mode: the first task wakes the watcher, which reads 1"
	sleeper $A/g; s2=$SPID
	reap $s1
	sleep 0.3
	is "$(wakes)" 1 "$mode: a second task and the first one's exit wake nobody"
	is "$(cat $A/g/populated)" 1 "$mode: still 1 with one task left"
	reap $s2
	woke 2
	is "$(wakes)" "1 0" "$mode: the last task's exit wakes it; it reads 0"
	is "$(unwatch)" "total 2 0" "$mode: two wakeups in all, ending at 0"
done

watch poll $A/g/populated
sleeper $A/g; s1=$SPID
woke 1
echo $s1 >$A/tasks
woke 2
is "$(wakes)" "1 0" "the last task moving out wakes it too; it reads 0"
is "$(unwatch)" "total 2 0" "... two wakeups"
reap $s1

# --- descendants -------------------------------------------------------------------
mkdir -p $A/g/c/d $A/g/e
watch poll $A/g/populated
sleeper $A/g/c/d; s1=$SPID
woke 1
is "$(cat $A/g/c/populated)$(cat $A/g/c/d/populated)$(cat $A/g/e/populated)" 110 \
	"a task in g/c/d populates g/c and g/c/d, not g/e"
echo $s1 >$A/g/e/tasks
echo $s1 >$A/g/tasks
sleep 0.3
is "$(wakes)" 1 "g is not woken while its task moves among g/c/d, g/e and g"
is "$(cat $A/g/c/populated)$(cat $A/g/e/populated)" 00 "g/c and g/e read 0 again"
echo $s1 >$A/g/c/d/tasks
echo $s1 >$A/tasks
woke 2
is "$(wakes)" "1 0" "g wakes when its descendant g/c/d empties"
unwatch >/dev/null
reap $s1

watch poll $A/g/c/populated
rmdir $A/g/c/d
sleep 0.3
is "$(unwatch)" "total 0 0" "rmdir of an emptied child wakes no one"
rmdir $A/g/c $A/g/e
is "$(cat $A/g/populated)" 0 "g reads 0 after its children went"

# --- ctwait, the program that shows the use ----------------------------------------
sleeper $A/g; s1=$SPID
ctwait $A/g 30 >$W/ctwait.out &
wp=$!
sleep 0.3
if kill -0 $wp 2>/dev/null; then ok "ctwait waits while g has a task"; else not_ok "ctwait waits while g has a task"; fi
reap $s1
wait $wp
is "$?:$(cat $W/ctwait.out)" "0:$A/g is empty" "ctwait returns when g empties"
check "ctwait returns at once for an empty group" ctwait $A/g 5

# --- a storm from 4 CPUs -----------------------------------------------------------
mkdir $A/s
watch poll $A/s/populated 1000000 300
n=15 storm=
for cpu in 0 1 2 3; do
	taskset -c $cpu sh -c "i=0; while [ \$i -lt $n ]; do sh -c 'echo \$\$ >$A/s/tasks; exit 0'; i=\$((i + 1)); done" &
	storm="$storm $!"
done
for p in $storm; do wait $p; done
is "$(cat $A/s/populated)" 0 "after the storm: s reads 0"
sleep 0.3
t=$(unwatch)
v=${t##* }; w=${t#total }; w=${w% *}
is "$v" 0 "the watcher's last read after the storm is 0"
if [ "$w" -ge 1 ] && [ "$w" -le $((2 * 4 * n)) ]; then
	ok "the storm woke the watcher 1 to $((2 * 4 * n)) times ($w)"
else
	not_ok "the storm woke the watcher 1 to $((2 * 4 * n)) times ($w)"
fi
last=$(wakes | awk '{ print $NF }')
is "$last" 0 "its last wakeup read 0"
rmdir $A/s $A/g
ct_umount $A

# --- a subsystem's hierarchy -------------------------------------------------------
ct_mount $A debug || skip_all "cannot mount debug"
mkdir $A/h
watch inotify $A/h/populated
sleeper $A/h; s1=$SPID
woke 1
reap $s1
woke 2
is "$(unwatch)" "total 2 0" "a debug hierarchy's group notifies the same way"
is "$(cat $A/populated)" 1 "its root reads 1"
rmdir $A/h
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
