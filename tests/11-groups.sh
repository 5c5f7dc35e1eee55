#!/bin/sh
# 11-groups: groups (spec 2) - mkdir, rmdir, rename (EPERM to another parent), EEXIST, EBUSY;
# control files cannot be created, removed or renamed; modes and owners;
# chown/chmod; a removed name is reusable at once; /proc/containers counts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

umask 022
ct_start_mount debug debug

mode() { stat -c %a "$1"; }
owner() { stat -c %u:%g "$1"; }

c0=$(cat $A/debug.containers)

# --- mkdir ----------------------------------------------------------------
check "mkdir a group" mkdir $A/g
for f in tasks procs notify_on_release debug.nr_tasks debug.nr_groups debug.refcount; do
	exists "the group has $f" $A/g/$f
done
gone "only the root has release_agent" $A/g/release_agent
is "$(ct_ngroups debug)" 2 "/proc/containers counts 2 groups"
is "$(cat $A/debug.containers)" $((c0 + 1)) "debug.containers counts it"
is "$(mode $A/g)" 755 "a new directory is 0755"
is "$(owner $A/g)" 0:0 "owned by root"
is "$(mode $A/g/tasks)" 644 "tasks is 0644"
is "$(mode $A/g/procs)" 644 "procs is 0644"
is "$(mode $A/g/notify_on_release)" 644 "notify_on_release is 0644"
is "$(mode $A/g/debug.nr_tasks)" 444 "a read-only file (debug.nr_tasks) is 0444"
is "$(mode $A/release_agent)" 644 "release_agent is 0644"
is "$(owner $A/g/tasks)" 0:0 "files are owned by root"
is "$(cat $A/g/tasks)" "" "a new group has no tasks"
errno_is OK "mkdir with mode 0700" mkdir $A/m 0700
is "$(mode $A/m)" 700 "mkdir honours the mode it asks for"
rmdir $A/m

errno_is EEXIST "mkdir of an existing group" mkdir $A/g
for f in tasks procs notify_on_release release_agent debug.nr_tasks; do
	errno_is EEXIST "mkdir named like the control file $f" mkdir $A/$f
done
errno_is EEXIST "mkdir named like a control file, in a child" mkdir $A/g/debug.refcount
is "$(ct_ngroups debug)" 2 "failed mkdirs leave the count at 2"
is "$(cat $A/debug.containers)" $((c0 + 1)) "... and make no container"
check "nested mkdir" mkdir -p $A/g/h/i/j
is "$(ct_ngroups debug)" 5 "/proc/containers counts nested groups"

# --- control files are the kernel's -----------------------------------------
errno_is EACCES "creating a file fails" creat $A/newfile
errno_is EACCES "creating a file in a child fails" creat $A/g/newfile
gone "no file was made" $A/newfile
errno_is EPERM "unlinking tasks fails" unlink $A/g/tasks
errno_is EPERM "unlinking notify_on_release fails" unlink $A/notify_on_release
errno_is EPERM "unlinking release_agent fails" unlink $A/release_agent
errno_is EPERM "unlinking a subsystem file fails" unlink $A/g/debug.nr_tasks
errno_is EPERM "renaming a control file fails" rename $A/g/tasks $A/g/tasks2
errno_is EPERM "renaming a subsystem file fails" rename $A/debug.css $A/debug.xyz
errno_is ENOTDIR "rmdir of a control file fails" rmdir $A/g/procs
exists "tasks is still there" $A/g/tasks
exists "debug.css is still there" $A/debug.css
gone "no tasks2 appeared" $A/g/tasks2
errno_is "ENOTDIR|EEXIST|EISDIR" "renaming a group over a control file fails" rename $A/g/h/i/j $A/g/h/i/tasks
is "$(cat $A/g/h/i/tasks)" "" "the control file still works"

# names: NAME_MAX (255) bytes work, one more is ENAMETOOLONG, for mkdir
# and for rename (ctfuzz found a 256-byte group that readdir cut short)
n255=$(printf '%255s' '' | tr ' ' n)
check "mkdir with a 255-byte name" mkdir $A/g/$n255
exists "... it can be opened by its name" $A/g/$n255/tasks
errno_is ENAMETOOLONG "mkdir with a 256-byte name" mkdir $A/g/${n255}x
errno_is ENAMETOOLONG "rename to a 256-byte name" rename $A/g/$n255 $A/g/${n255}x
exists "... the group kept its name" $A/g/$n255
check "rmdir the 255-byte group" rmdir $A/g/$n255
exists "the group is still there" $A/g/h/i/j

# --- rmdir ------------------------------------------------------------------
sleep 300 &
spid=$!
echo $spid >$A/g/h/tasks
errno_is EBUSY "rmdir of a group with children" rmdir $A/g/h/i
rmdir $A/g/h/i/j
errno_is OK "rmdir of an empty leaf" rmdir $A/g/h/i
errno_is EBUSY "rmdir of a group with a task" rmdir $A/g/h
exists "the busy group stays" $A/g/h/tasks
is "$(cat $A/g/h/tasks)" "$spid" "with its task"
errno_is EBUSY "rmdir of a group with a child" rmdir $A/g
kill $spid
wait $spid 2>/dev/null
errno_is OK "rmdir once the task exited" rmdir $A/g/h
is "$(ct_ngroups debug)" 2 "/proc/containers no longer counts removed groups, at once"

# the name is reusable at once, and it is a new group
echo 1 >$A/g/notify_on_release
mkdir $A/g/re
is "$(cat $A/g/re/notify_on_release)" 1 "a child inherits notify_on_release=1"
echo 0 >$A/g/notify_on_release
rmdir $A/g/re
errno_is OK "the removed name is reusable at once" mkdir $A/g/re
is "$(cat $A/g/re/notify_on_release)" 0 "it is a new group (notify_on_release 0 from the parent now)"
for i in 1 2 3 4 5; do
	mkdir $A/g/re2 && rmdir $A/g/re2 || break
done
is "$i" 5 "mkdir/rmdir of one name 5 times in a row"
rmdir $A/g/re

# --- rename -------------------------------------------------------------------
mkdir $A/p $A/p/q
sleep 300 &
spid=$!
echo $spid >$A/g/tasks
errno_is OK "rename within the parent" rename $A/g $A/renamed
gone "the old name is gone" $A/g
is "$(cat $A/renamed/tasks)" "$spid" "the task is still in the group"
like "$(grep ':debug:' /proc/$spid/container)" ':debug:/renamed$' "/proc/PID/container shows the new name"
errno_is EPERM "rename to another parent" rename $A/renamed $A/p/renamed
errno_is EPERM "rename to a child of another group" rename $A/p/q $A/renamed/q
exists "the group stays where it was" $A/renamed/tasks
exists "so does the other" $A/p/q/tasks
errno_is EEXIST "mkdir over the new name" mkdir $A/renamed
errno_is OK "rename back" rename $A/renamed $A/g
errno_is "EEXIST|ENOTEMPTY" "rename onto an existing group fails" rename $A/g $A/p
exists "both groups stay" $A/p/q
is "$(cat $A/g/tasks)" "$spid" "the task stayed throughout"
kill $spid
wait $spid 2>/dev/null

# --- chown / chmod --------------------------------------------------------------
errno_is OK "chown a group directory" chown 1000:1000 $A/g
errno_is OK "chown its tasks file" chown 1000:1000 $A/g/tasks
is "$(owner $A/g)" 1000:1000 "the directory is owned by 1000"
is "$(owner $A/g/tasks)" 1000:1000 "tasks is owned by 1000"
errno_is OK "chmod a control file" chmod 0600 $A/g/notify_on_release
is "$(mode $A/g/notify_on_release)" 600 "chmod sticks"
errno_is OK "chmod a directory" chmod 0700 $A/g
is "$(mode $A/g)" 700 "the directory mode sticks"
errno_is OK "a user makes a group in a delegated directory" -u 1000 mkdir $A/g/mine
is "$(owner $A/g/mine)" 1000:1000 "owned by its maker"
errno_is EACCES "a user cannot make a group elsewhere" -u 1000 mkdir $A/p/mine
errno_is EACCES "a user cannot remove a group it does not own the parent of" -u 1000 rmdir $A/p/q
errno_is OK "the user removes its group" -u 1000 rmdir $A/g/mine
errno_is EPERM "a user cannot chown back" -u 1000 chown 0:0 $A/g

# --- clean up ------------------------------------------------------------------
rmdir $A/p/q $A/p $A/g
is "$(ct_ngroups debug)" 1 "only the root is left"
ct_until 5 'test "$(cat $A/debug.containers)" = "$c0"'
is "$(cat $A/debug.containers)" "$c0" "debug.containers back to $c0"
ct_umount $A
ct_cleanup
done_testing
