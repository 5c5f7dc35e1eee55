#!/bin/sh
# 43-perm-rename: (issue 12)
# - bug 8: writes to tasks and release_agent are checked against the
#   credentials of whoever opened the file, not of the writer: a
#   descriptor a user opened and handed to a setuid-root program cannot
#   move init (EACCES) nor change release_agent (EPERM), and nothing
#   changes; the same descriptor moves the user's own task, and a
#   descriptor root opened works for the setuid program and even for an
#   unprivileged writer;
# - bug 10: a group cannot be moved to another parent: rename(2) fails with
#   EPERM (not EXDEV), so busybox mv does not fall back to copying the
#   group (which would make a new group and move the tasks into it); the
#   group stays where it was with its tasks; a rename within the parent
#   works.
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 43
chmod 0755 $W
U=65534				# nobody, in the guest's /etc/passwd
SU=$W/try			# a setuid-root copy of try
cp /usr/bin/try $SU
chown 0:0 $SU
chmod 4755 $SU
G=$A/g
mkdir $G
chown $U:$U $G/tasks		# g is delegated to the user

# a root task and a task of the user's
sleep 300 >/dev/null 2>&1 &
rp=$!
ctool ids $U $U $U sleep 300 >/dev/null 2>&1 &
up=$!
ct_until 10 "test \"\$(stat -c %u /proc/$up)\" = $U"

# back to the top group: whatever a failed assertion left in g
g_empty() { for t in $(cat $G/tasks); do echo $t >$A/tasks; done; }

# --- bug 8: tasks --------------------------------------------------------------
errno_is EACCES "the user cannot move init through g's tasks" -u $U write $G/tasks 1
errno_is EACCES "nor through the descriptor it opened, written by a setuid-root program" \
	-u $U openexec $G/tasks $SU writefd 3 1
if ct_in $G 1; then
	not_ok "... init is not in g"
	echo 1 >$A/tasks
else
	ok "... init is not in g"
fi
like "$(grep ':debug:' /proc/1/container)" ':debug:/$' "... init is still in the top group"
g_empty
errno_is EACCES "nor root's other task" -u $U openexec $G/tasks $SU writefd 3 $rp
is "$(cat $G/tasks)" "" "nothing moved into g"
g_empty
errno_is OK "the same descriptor, by the same program, moves the user's own task" \
	-u $U openexec $G/tasks $SU writefd 3 $up
is "$(cat $G/tasks)" "$up" "... which is in g"
g_empty
errno_is OK "a descriptor root opened: the setuid program moves init" \
	openexec $G/tasks $SU writefd 3 1
is "$(cat $G/tasks)" 1 "... init is in g"
echo 1 >$A/tasks
is "$(grep -cx 1 $G/tasks)" 0 "... and back in the top group"
g_empty
errno_is OK "a descriptor root opened, written by the unprivileged user: moves root's task" \
	openexec $G/tasks /usr/bin/try -u $U writefd 3 $rp
is "$(cat $G/tasks)" "$rp" "... root's task is in g"
echo $rp >$A/tasks

# --- bug 8: release_agent --------------------------------------------------------
echo /sbin/agent >$A/release_agent
chmod 0666 $A/release_agent
errno_is EPERM "the user's descriptor on release_agent, written by a setuid-root program: EPERM" \
	-u $U openexec $A/release_agent $SU writefd 3 $W/evil
is "$(cat $A/release_agent)" /sbin/agent "... release_agent unchanged"
errno_is OK "a descriptor root opened, by the setuid program: works" \
	openexec $A/release_agent $SU writefd 3 /sbin/agent2
is "$(cat $A/release_agent)" /sbin/agent2 "... release_agent changed"
errno_is OK "a descriptor root opened, written by the unprivileged user: works" \
	openexec $A/release_agent /usr/bin/try -u $U writefd 3 /sbin/agent3
is "$(cat $A/release_agent)" /sbin/agent3 "... release_agent changed"
chmod 0644 $A/release_agent
echo >$A/release_agent

kill $up
wait $up 2>/dev/null
rm -f $SU

# --- bug 10: a group cannot move to another parent ------------------------------------
mkdir $A/p $A/q $A/p/g
sleep 300 >/dev/null 2>&1 &
sp=$!
echo $sp >$A/p/g/tasks
echo 1 >$A/p/g/notify_on_release
out=$(mv $A/p/g $A/q/ 2>&1)
rc=$?
diag "mv: $out"
check "mv of a group to another parent fails (status $rc)" test "$rc" != 0
gone "... there is no q/g" $A/q/g
exists "... p/g is still there" $A/p/g/tasks
is "$(cat $A/p/g/tasks 2>/dev/null)" "$sp" "... with its task"
is "$(cat $A/p/g/notify_on_release 2>/dev/null)" 1 "... and its settings"
like "$(grep ':debug:' /proc/$sp/container)" ':debug:/p/g$' "... the task is in p/g"
errno_is EPERM "rename(2) to another parent: EPERM" rename $A/p/g $A/q/g
errno_is EPERM "... also under a new name" rename $A/p/g $A/q/h
errno_is EPERM "... also to the top group" rename $A/p/g $A/g2
gone "... nothing appeared" $A/q/h
errno_is OK "a rename within the parent works" rename $A/p/g $A/p/h
is "$(cat $A/p/h/tasks 2>/dev/null)" "$sp" "... the group keeps its task"
like "$(grep ':debug:' /proc/$sp/container)" ':debug:/p/h$' "... which is in p/h now"
check "a mv within the parent works" mv $A/p/h $A/p/g
is "$(cat $A/p/g/tasks 2>/dev/null)" "$sp" "... and keeps the task"

kill $rp $sp
wait $rp $sp 2>/dev/null
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
