#!/bin/sh
# 12-tasks: the tasks and procs files (spec 3) - reading (sorted, unique,
# thread ids vs process ids, pid namespaces), writing (white space, 0 for
# the writer, EINVAL, ESRCH, ENODEV, a no-op move, procs moving every
# thread, a subsystem's refusal).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
mkdir $A/g $A/h
ct_workdir 12

sorted_unique() { [ "$(printf '%s\n' "$1" | sort -n -u)" = "$1" ]; }
cont_of() { grep ':debug:' "$1" | cut -d: -f3; }

# a process with 4 threads
ctool threads 4 >$W/thr &
tp=$!
ct_wait 20 grep -q ready $W/thr
tids=$(ls /proc/$tp/task | sort -n)
is "$(echo $tids | wc -w)" 4 "the helper has 4 threads"
other=$(echo "$tids" | grep -vx $tp | head -n 1)

# --- one thread through tasks ------------------------------------------------
errno_is OK "write a thread id to tasks" write $A/g/tasks "$other"
is "$(cat $A/g/tasks)" "$other" "tasks lists only that thread"
is "$(cat $A/g/procs)" "$tp" "procs lists its process id"
is "$(cont_of /proc/$tp/task/$other/container)" /g "the thread's /proc/.../container says /g"
is "$(cont_of /proc/$tp/container)" / "the other threads stay at the root"
n=0
for t in $tids; do ct_in $A $t && n=$((n + 1)); done
is "$n" 3 "the root still lists the 3 other threads"
if grep -qx "$tp" $A/procs; then ok "the root's procs lists the process too (threads in both)"; else not_ok "the root's procs lists the process too (threads in both)"; fi
is "$(cat $A/g/debug.nr_tasks)" 1 "debug.nr_tasks counts 1"

# --- the whole process through procs --------------------------------------------
errno_is OK "write the pid to procs" write $A/g/procs "$tp"
is "$(cat $A/g/tasks)" "$tids" "tasks lists all 4 threads, ascending"
is "$(cat $A/g/procs)" "$tp" "procs lists the process once"
n=0
for t in $tids; do ct_in $A $t && n=$((n + 1)); done
is "$n" 0 "none of its threads is left at the root"
if grep -qx "$tp" $A/procs; then not_ok "the root's procs no longer lists it"; else ok "the root's procs no longer lists it"; fi
errno_is OK "a non-leader thread id written to procs moves the whole process" write $A/h/procs "$other"
is "$(cat $A/h/tasks)" "$tids" "all 4 threads moved to h"
is "$(cat $A/g/tasks)" "" "g is empty"
is "$(cat $A/h/debug.nr_tasks)" 4 "debug.nr_tasks counts 4"

# --- reading: sorted and unique ----------------------------------------------------
r=$(cat $A/tasks)
if sorted_unique "$r"; then ok "the root's tasks is ascending without duplicates"; else not_ok "the root's tasks is ascending without duplicates"; fi
p=$(cat $A/procs)
if sorted_unique "$p"; then ok "the root's procs is ascending without duplicates"; else not_ok "the root's procs is ascending without duplicates"; fi
want=$(for d in /proc/[0-9]*; do
	[ -r $d/container ] && grep -q ':debug:/$' $d/container 2>/dev/null && echo ${d#/proc/}
done | sort -n)
got=$(cat $A/procs)
# processes come and go (our own subshells): compare the stable ones
miss=0
for q in $want; do
	[ -e /proc/$q ] || continue
	printf '%s\n' "$got" | grep -qx "$q" || miss=$((miss + 1))
done
is "$miss" 0 "every process whose /proc/PID/container says / is in the root's procs"

# --- writing: white space and 0 ------------------------------------------------------
sleep 300 &
sp=$!
errno_is OK "leading and trailing white space" write $A/g/tasks " \t$sp \n"
is "$(cat $A/g/tasks)" "$sp" "moved"
errno_is OK "a trailing newline" write $A/h/tasks "$sp\n"
is "$(cat $A/h/tasks | grep -c -x $sp)" 1 "moved again"
out=$(sh -c "echo 0 >$A/g/tasks && grep ':debug:' /proc/\$\$/container")
like "$out" ':debug:/g$' "writing 0 to tasks moves the writer"
out=$(sh -c "echo 0 >$A/h/procs && grep ':debug:' /proc/\$\$/container")
like "$out" ':debug:/h$' "writing 0 to procs moves the writer"

# --- moving into the same group: success, nothing changes -----------------------
cg=$(cat $A/debug.css_groups)
ng=$(cat $A/h/debug.nr_groups)
errno_is OK "moving a task into its own group" write $A/h/tasks "$sp"
errno_is OK "moving a process into its own group" write $A/h/procs "$tp"
is "$(cat $A/h/tasks | grep -c -x "$sp")" 1 "the task is listed once"
is "$(cat $A/h/debug.nr_groups)" "$ng" "h's nr_groups unchanged"
is "$(cat $A/debug.css_groups)" "$cg" "no css_group was made"

# --- errors ---------------------------------------------------------------------------
before_g=$(cat $A/g/tasks)
before_h=$(cat $A/h/tasks)
for bad in abc -1 -$sp "${sp}x" "$sp 1" "1 $sp" "" " " "0x10" "1.5" \
	"99999999999999999999" "$sp,"; do
	errno_is EINVAL "tasks: '$bad' is EINVAL" write $A/g/tasks "$bad"
	errno_is EINVAL "procs: '$bad' is EINVAL" write $A/g/procs "$bad"
done
true &
dead=$!
wait $dead
errno_is ESRCH "tasks: a pid that does not exist" write $A/g/tasks "$dead"
errno_is ESRCH "procs: a pid that does not exist" write $A/g/procs "$dead"
# kthreadd forks every kernel thread into its own groups: it stays at the top
if [ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ]; then
	errno_is EINVAL "tasks: kthreadd cannot move" write $A/g/tasks 2
	errno_is EINVAL "procs: kthreadd cannot move" write $A/g/procs 2
	if grep -qx 2 $A/tasks; then ok "kthreadd stayed at the top"; else not_ok "kthreadd stayed at the top"; fi
else
	skip "kthreadd cannot move" "pid 2 is not kthreadd"
fi
errno_is ESRCH "tasks: a pid beyond pid_max" write $A/g/tasks 4194304
is "$(cat $A/g/tasks)" "$before_g" "failed writes moved nothing into g"
is "$(cat $A/h/tasks)" "$before_h" "failed writes moved nothing out of h"

# a removed group, through a file opened before the rmdir
mkdir $A/x
is "$(ctool heldwrite $A/x/tasks "$sp" "rmdir $A/x")" ENODEV "tasks of a removed group: ENODEV"
mkdir $A/x
is "$(ctool heldwrite $A/x/procs "$tp" "rmdir $A/x")" ENODEV "procs of a removed group: ENODEV"
mkdir $A/x
is "$(ctool heldwrite $A/x/notify_on_release 1 "rmdir $A/x")" ENODEV "notify_on_release of a removed group: ENODEV"
gone=yes
[ -e $A/x ] && gone=no
is "$gone" yes "the group is gone"
like "$(cont_of /proc/$sp/container)" '^/h$' "the task stayed where it was"

# --- a subsystem refuses: its errno, and procs moves none -----------------------------
if ct_has cpuset && [ "$(ct_hier cpuset)" = 0 ]; then
	ct_mount $CT/cs cpuset
	mkdir $CT/cs/empty
	errno_is ENOSPC "cpuset refuses a group without CPUs: ENOSPC (procs)" write $CT/cs/empty/procs "$tp"
	errno_is ENOSPC "... and through tasks" write $CT/cs/empty/tasks "$sp"
	is "$(cat $CT/cs/empty/tasks)" "" "no thread moved"
	rmdir $CT/cs/empty
	umount $CT/cs
else
	skip "a subsystem's refusal" "cpuset not available"
	skip "... through tasks" "cpuset not available"
	skip "no thread moved" "cpuset not available"
fi

# --- pid namespaces -----------------------------------------------------------------
if unshare -p -f true 2>/dev/null; then
	echo $sp >$A/g/tasks
	out=$(unshare -p -f sh -c "echo 0 >$A/g/tasks; cat $A/g/tasks")
	like "$(echo $out)" '^1( 2)?$' "in a new pid namespace, tasks shows only the namespace's pids"
	if printf '%s\n' "$out" | grep -qx "$sp"; then not_ok "the outside task is left out"; else ok "the outside task is left out"; fi
	out=$(unshare -p -f sh -c "echo 0 >$A/g/procs; cat $A/g/procs")
	like "$(echo $out)" '^1( 2)?$' "... procs too"
	is "$(unshare -p -f cat $A/h/tasks)" "" "a group of outside tasks only reads empty"
	is "$(cat $A/g/tasks)" "$sp" "outside, the namespace's exited tasks are gone and the sleeper is listed"
	echo $sp >$A/h/tasks
else
	for i in 1 2 3 4 5; do skip "pid namespace" "unshare -p -f does not work"; done
fi

# --- clean up -------------------------------------------------------------------
kill $sp $tp
wait $sp $tp 2>/dev/null
ct_until 5 'test -z "$(cat $A/g/tasks $A/h/tasks)"'
is "$(cat $A/g/tasks $A/h/tasks)" "" "the groups are empty after the tasks exited"
rmdir $A/g $A/h
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
