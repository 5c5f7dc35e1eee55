#!/bin/sh
# 13-perm: what a user (uid 1000) may not do, and what it may (spec 1, 3,
# 4): EACCES moving others' tasks, moving its own tasks once the file is
# delegated, the euid/uid/suid rule, EPERM writing release_agent, EPERM
# mounting.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount debug debug
ct_workdir 13
chmod 0777 $W
mkdir $A/g $A/d

# a root task and user tasks
sleep 300 &
rp=$!
ctool ids 1000 1000 1000 sleep 300 &
up=$!
ctool ids 2000 2000 1000 >$W/suid &
sp=$!
ctool ids 2000 2000 2000 >$W/other &
op=$!
ct_wait 10 grep -qs ready $W/suid
ct_wait 10 grep -qs ready $W/other
ct_until 10 'test "$(stat -c %u /proc/$up)" = 1000'

# --- no write permission on the file --------------------------------------
errno_is EACCES "a user cannot write root's tasks file, even for its own task" -u 1000 write $A/g/tasks "$up"
errno_is EACCES "... nor procs" -u 1000 write $A/g/procs "$up"
errno_is EACCES "... nor notify_on_release" -u 1000 write $A/g/notify_on_release 1
errno_is EACCES "... nor mkdir in root's group" -u 1000 mkdir $A/g/x
errno_is EACCES "... nor rmdir a group" -u 1000 rmdir $A/g
is "$(cat $A/g/tasks)" "" "nothing moved"
is "$(cat $A/g/notify_on_release)" 0 "notify_on_release unchanged"
errno_is OK "a user may read tasks" -u 1000 read $A/tasks

# --- with write permission: only its own tasks ----------------------------
chown 1000:1000 $A/g/tasks $A/g/procs
errno_is OK "after chown, the user moves its own task" -u 1000 write $A/g/tasks "$up"
is "$(cat $A/g/tasks)" "$up" "it moved"
errno_is EACCES "but not root's task" -u 1000 write $A/g/tasks "$rp"
errno_is EACCES "nor init" -u 1000 write $A/g/tasks 1
errno_is EACCES "nor another user's task" -u 1000 write $A/g/tasks "$op"
errno_is EACCES "nor another user's process through procs" -u 1000 write $A/g/procs "$op"
errno_is OK "a task whose saved uid is the user's (ruid 2000, suid 1000)" -u 1000 write $A/g/tasks "$sp"
errno_is OK "the user moves itself (0)" -u 1000 write $A/g/tasks 0
chmod 0666 $A/g/procs
errno_is OK "a uid-2000 writer moves its own process (real uid match)" -u 2000 write $A/g/procs "$op"
errno_is EACCES "a uid-2000 writer cannot move uid 1000's process" -u 2000 write $A/g/procs "$up"
chmod 0644 $A/g/procs
is "$(grep -c -x "$rp" $A/g/tasks)" 0 "root's task did not move"
is "$(cat $A/g/tasks | tr '\n' ' ')" "$(printf '%s\n' $up $sp $op | sort -n | tr '\n' ' ')" \
	"exactly the permitted tasks are in g"
errno_is OK "root moves a user's task back (CAP_SYS_ADMIN)" write $A/tasks "$up"
errno_is EACCES "a third user without write permission on the file: EACCES" -u 3000 write $A/g/tasks 0

# --- delegation of a subtree ------------------------------------------------
chown -R 1000:1000 $A/d
errno_is OK "the user makes a group below its delegated group" -u 1000 mkdir $A/d/sub
errno_is OK "and moves its own task into it" -u 1000 write $A/d/sub/tasks "$up"
is "$(cat $A/d/sub/tasks 2>/dev/null)" "$up" "the task is there"
errno_is EACCES "but not root's task" -u 1000 write $A/d/sub/tasks "$rp"
errno_is OK "the user moves its task back to its delegated group" -u 1000 write $A/d/tasks "$up"
errno_is OK "and removes the group it made" -u 1000 rmdir $A/d/sub

# --- release_agent: CAP_SYS_ADMIN only ---------------------------------------
echo /sbin/agent >$A/release_agent
errno_is EACCES "release_agent is not writable by a user (mode)" -u 1000 write $A/release_agent /tmp/evil
chmod 0666 $A/release_agent
errno_is EPERM "even with write permission, a user gets EPERM" -u 1000 write $A/release_agent /tmp/evil
is "$(cat $A/release_agent)" /sbin/agent "release_agent unchanged"
chmod 0644 $A/release_agent
echo >$A/release_agent

# --- mounting ------------------------------------------------------------------
mkdir -p $CT/u
chmod 0777 $CT/u
errno_is EPERM "a user cannot mount" -u 1000 mount none $CT/u container debug
errno_is EPERM "a user cannot mount a new hierarchy" -u 1000 mount none $CT/u container cpuacct
errno_is EPERM "a user cannot remount" -u 1000 remount $A container debug,release_agent=/tmp/evil
errno_is EPERM "a user cannot umount" -u 1000 umount $A
is "$(cat $A/release_agent)" "" "release_agent unchanged by the failed remount"
if grep -q " $A container " /proc/mounts; then ok "still mounted"; else not_ok "still mounted"; fi

kill $rp $up $sp $op
wait $rp $up $sp $op 2>/dev/null
ct_umount $A
ct_cleanup
rm -rf $W
done_testing
