#!/bin/sh
# 41-fork-move: fork against moves and exits (issue 12, bugs 1, 2 and 7).
# - a child moved as soon as it is visible, while its parent may still be
#   inside fork(), stays where it was moved (forkmove classify);
# - init's css_group (all top groups) is not reference-counted: the debug
#   subsystem's debug.refcount, read by a task in the top groups, is the
#   same after thousands of forks as before;
# - debug.live, the count kept by the subsystem's fork/attach/exit
#   callbacks, follows moves, forks and exits, and ends at 0 after a race
#   of moves (tasks and procs, several CPUs) against exiting threads and
#   processes.
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 41
PIDS=
cleanup() {
	for p in $PIDS; do kill -9 $p 2>/dev/null; done
	for p in $PIDS; do wait $p 2>/dev/null; done
	PIDS=
}
live() { cat $A/$1/debug.live 2>/dev/null; }
T0=$(date +%s)
elapsed() { diag "$1: $(($(date +%s) - T0)) s"; }

# --- bug 1: a move of a new child is never undone by the fork ----------------
mkdir $A/a $A/d
out=$(forkmove classify 30 10000 $A/a $A/d debug)
rc=$?
diag "classify: $(printf '%s\n' "$out" | tail -n 1)"
printf '%s\n' "$out" | grep '^round' | head -n 5 | sed 's/^/# /'
is "$rc" 0 "every child moved to d as soon as it was visible stayed in d"
like "$(printf '%s\n' "$out" | tail -n 1)" '^rounds [1-9][0-9]* ' "the forker forked and the classifier moved"
ct_until 10 'test -z "$(cat $A/a/tasks $A/d/tasks)"'
is "$(cat $A/a/tasks $A/d/tasks)" "" "a and d are empty once the forker and its children exited"
rmdir $A/a $A/d
elapsed "bug 1 done"

# --- bug 2: forks in the top groups leave init's css_group count alone -------
out=$(forkmove refcount $A/debug.refcount 10 20000)
diag "refcount: $out"
set -- $out
if [ "$1" = before ] && [ "$6" -gt 0 ] 2>/dev/null; then
	is "$4" "$2" "debug.refcount of the top groups' css_group is unchanged after $6 forks"
else
	not_ok "forkmove refcount ran"
fi
b=$(cat $A/debug.refcount)
sh -c 'i=0; while [ $i -lt 5 ]; do /bin/true; i=$((i + 1)); done'
is "$(cat $A/debug.refcount)" "$b" "... and after 5 fork+exec+exit by a shell"
elapsed "bug 2 done"

# --- bug 7: debug.live follows fork, attach and exit --------------------------
mkdir $A/g
exists "a new group has debug.live" $A/g/debug.live
is "$(live g)" 0 "a new group: debug.live 0"
sleep 1000 >/dev/null 2>&1 &
s1=$!
sleep 1000 >/dev/null 2>&1 &
s2=$!
forkmove waitfork $W/child >/dev/null 2>&1 &
wf=$!
PIDS="$s1 $s2 $wf"
for p in $PIDS; do echo $p >$A/g/tasks; done
is "$(ct_count $A/g)" 3 "3 tasks moved into g"
is "$(live g)" 3 "debug.live 3"
kill -USR1 $wf
ct_until 10 'test -s $W/child'
c=$(cat $W/child)
PIDS="$PIDS $c"
like "$(grep ':debug:' /proc/$c/container 2>/dev/null)" ':/g$' "a task of g forked a child in g"
is "$(live g)" 4 "debug.live 4 after the fork"
echo $s1 >$A/tasks
is "$(live g)" 3 "debug.live 3 after one moved out"
kill $s2 $wf
wait $s2 $wf 2>/dev/null
ct_until 10 'test -z "$(cat $A/g/tasks)"'
is "$(cat $A/g/tasks)" "" "g is empty once they exited"
is "$(live g)" 0 "debug.live 0 once they exited"
cleanup
rmdir $A/g
elapsed "debug.live basics done"

# moves (tasks and procs, 3 CPUs) against exiting threads and processes
mkdir $A/g1 $A/g2
out=$(forkmove race 12 $A/g1 $A/g2)
rc=$?
diag "race: $out"
is "$rc" 0 "the race ran without an unexpected error"
like "$out" 'moves [1-9][0-9]* ' "tasks were moved"
ct_until 10 'test -z "$(cat $A/g1/tasks $A/g2/tasks)"'
is "$(cat $A/g1/tasks $A/g2/tasks)" "" "g1 and g2 are empty once everything exited"
ct_until 5 'test "$(live g1)/$(live g2)" = 0/0'
is "$(live g1)" 0 "g1: debug.live 0 after the race"
is "$(live g2)" 0 "g2: debug.live 0 after the race"
rmdir $A/g1 $A/g2
elapsed "race done"

ct_umount $A
ct_cleanup
rm -rf $W
done_testing
