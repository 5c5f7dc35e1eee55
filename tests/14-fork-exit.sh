#!/bin/sh
# 14-fork-exit: fork and exit (spec 3, 6) - children start in all of their
# parent's groups, exit leaves them, counts and reference counts follow,
# zombies are out of their groups' lists, and a fork racing with a move of its
# parent never leaves the child behind.
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 14
B=$CT/b
ct_mount $B none,name=fe14 || skip_all "cannot mount a named hierarchy"
mkdir $A/g $A/g2 $B/t

cg0=$(cat $A/debug.css_groups)

# --- inheritance in every hierarchy -----------------------------------------
sh -c "echo 0 >$A/g/tasks; echo 0 >$B/t/tasks; sleep 300 & echo \$! >$W/child; sh -c 'sleep 300 & echo \$! >$W/grandchild; wait' & wait" &
shp=$!
ct_wait 10 test -s $W/grandchild
c=$(cat $W/child)
gc=$(cat $W/grandchild)
like "$(grep ':debug:' /proc/$c/container)" ':debug:/g$' "the child starts in the parent's debug group"
like "$(grep ':name=fe14:' /proc/$c/container)" ':name=fe14:/t$' "... and in its named-hierarchy group"
like "$(grep ':debug:' /proc/$gc/container)" ':debug:/g$' "the grandchild too"
n=$(cat $A/g/tasks | wc -l)
is "$n" 4 "g lists the 4 tasks (2 shells, 2 sleeps)"
is "$(cat $A/g/debug.nr_tasks)" 4 "debug.nr_tasks counts 4"
is "$(cat $A/g/debug.nr_groups)" 1 "they share one css_group"
is "$(cat $A/debug.css_groups)" $((cg0 + 1)) "one css_group was made for them"

# --- exit leaves the group ------------------------------------------------------
kill $gc
ct_until 5 'test "$(cat $A/g/debug.nr_tasks)" = 2'
is "$(cat $A/g/debug.nr_tasks)" 2 "after the grandchild (and the shell waiting for it) exited, 2 tasks"
if grep -qx "$gc" $A/g/tasks; then not_ok "the exited task left tasks"; else ok "the exited task left tasks"; fi
kill $shp $c 2>/dev/null
pkill_list=$(cat $A/g/tasks)
kill $pkill_list 2>/dev/null
wait $shp 2>/dev/null
ct_until 5 'test -z "$(cat $A/g/tasks)"'
is "$(cat $A/g/tasks)" "" "all exited: g is empty"
is "$(cat $A/g/debug.nr_groups)" 0 "g has no css_group left"
ct_until 5 'test "$(cat $A/debug.css_groups)" = "$cg0"'
is "$(cat $A/debug.css_groups)" "$cg0" "the css_group was freed"
errno_is OK "the group can be removed at once" rmdir $A/g2
mkdir $A/g2

# --- reference counts follow forks and exits ------------------------------------
out=$(sh -c "echo 0 >$A/g/tasks; cat $A/g/debug.refcount; sleep 300 & a=\$!; sleep 300 & b=\$!; sleep 300 & c=\$!; cat $A/g/debug.refcount; kill \$a \$b \$c; wait; cat $A/g/debug.refcount; :")
is "$(echo $out)" "2 5 2" "refcount: shell+reader 2, with 3 children 5, after they exit 2"

# --- zombies ----------------------------------------------------------------------
sh -c "echo 0 >$A/g/tasks; exec ctool zombie" >$W/z &
zp=$!
ct_wait 10 test -s $W/z
z=$(cat $W/z)
ct_wait 5 grep -q '^State:.*Z' /proc/$z/status
like "$(grep '^State' /proc/$z/status)" 'Z' "the child is a zombie"
is "$(cat $A/g/tasks)" "$zp" "g lists the parent, not the zombie"
if grep -qx "$z" $A/tasks $A/g/tasks; then not_ok "the zombie is listed nowhere"; else ok "the zombie is listed nowhere"; fi
# it keeps its states until it is reaped: /proc shows where it exited
is "$(grep ':debug:' /proc/$z/container | cut -d: -f3)" /g "/proc/ZOMBIE/container says /g"
is "$(cat $A/g/debug.nr_tasks)" 1 "debug.nr_tasks counts the parent only"
errno_is ESRCH "a zombie cannot be moved through tasks" write $A/g2/tasks "$z"
errno_is ESRCH "a zombie cannot be moved through procs" write $A/g2/procs "$z"
is "$(cat $A/g2/tasks)" "" "nothing moved"
kill $zp
wait $zp 2>/dev/null
ct_until 5 'test -z "$(cat $A/g/tasks)"'
is "$(cat $A/g/tasks)" "" "g is empty once the parent exited"

# --- many short-lived children --------------------------------------------------------
sh -c "echo 0 >$A/g/tasks; i=0; while [ \$i -lt 100 ]; do /bin/true; i=\$((i + 1)); done"
is "$(cat $A/g/tasks)" "" "100 forks and exits later, g is empty"
ct_until 5 'test "$(cat $A/debug.css_groups)" = "$cg0"'
is "$(cat $A/debug.css_groups)" "$cg0" "and no css_group is left"

# --- a fork racing with a move never leaves the child behind --------------------------
ctool forker 0 &
fp=$!
echo $fp >$A/g/tasks
out=$(ctool forkrace 8 $fp $A/g $A/g2)
rc=$?
diag "$out"
is "$rc" 0 "8 s of moves of a task that is forking: no child left in the old group"
like "$(echo "$out" | tail -n 1)" '^moves [1-9][0-9]* violations 0$' "moves happened"
kill $fp
wait $fp 2>/dev/null
ct_until 5 'test -z "$(cat $A/g/tasks $A/g2/tasks)"'
is "$(cat $A/g/tasks $A/g2/tasks)" "" "the forker's children are gone"

rmdir $A/g $A/g2 $B/t
ct_umount $A
ct_umount $B
ct_cleanup
rm -rf $W
done_testing
