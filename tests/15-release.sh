#!/bin/sh
# 15-release: release notification (spec 4) - notify_on_release values and
# inheritance; the release agent really runs, asynchronously, with
# argv[1] = the group's path, PATH and HOME, when a group loses its last
# task (exit or move) or its last child; release_agent reads and limits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start debug
ct_workdir 15
LOG=$W/log
cat >$W/agent <<EOF
#!/bin/sh
echo "\$# \$1 PATH=\$PATH HOME=\$HOME" >>$LOG
EOF
cat >$W/rmagent <<EOF
#!/bin/sh
echo "\$1" >>$LOG
rmdir "$A\$1"
EOF
chmod 755 $W/agent $W/rmagent
: >$LOG

ct_mount $A debug,release_agent=$W/agent || skip_all "cannot mount"
is "$(cat $A/release_agent)" "$W/agent" "release_agent= from the mount"

logged() { grep -q "^1 $1 " $LOG; }

# --- notify_on_release values ---------------------------------------------
is "$(cat $A/notify_on_release)" 0 "the root starts with 0"
mkdir $A/g
is "$(cat $A/g/notify_on_release)" 0 "a new group inherits 0"
errno_is OK "write 1" write $A/g/notify_on_release 1
is "$(cat $A/g/notify_on_release)" 1 "reads 1"
errno_is OK "write 0" write $A/g/notify_on_release "0\n"
is "$(cat $A/g/notify_on_release)" 0 "reads 0"
# a flag takes any unsigned number: 0 clears it, others set it
errno_is OK "write 2" write $A/g/notify_on_release 2
is "$(cat $A/g/notify_on_release)" 1 "2 sets it: reads 1"
echo 0 >$A/g/notify_on_release
errno_is OK "write 10" write $A/g/notify_on_release " 10 "
is "$(cat $A/g/notify_on_release)" 1 "10 sets it: reads 1"
for bad in -1 abc "" "1 1" 0x1 "1x" 18446744073709551616; do
	errno_is EINVAL "notify_on_release: '$bad' is EINVAL" write $A/g/notify_on_release "$bad"
done
is "$(cat $A/g/notify_on_release)" 1 "still 1 after the bad writes"
mkdir $A/g/child
is "$(cat $A/g/child/notify_on_release)" 1 "a child of a notify=1 group inherits 1"
echo 0 >$A/g/notify_on_release
mkdir $A/g/child2
is "$(cat $A/g/child2/notify_on_release)" 0 "a child made after the parent went back to 0 gets 0"
is "$(cat $A/g/child/notify_on_release)" 1 "the earlier child keeps its own 1"
rmdir $A/g/child $A/g/child2
: >$LOG

# --- the last task exits ------------------------------------------------------
mkdir $A/r1
echo 1 >$A/r1/notify_on_release
sleep 300 &
p=$!
echo $p >$A/r1/tasks
kill $p
wait $p 2>/dev/null
ct_wait 15 logged /r1
if logged /r1; then ok "the agent ran when the last task exited"; else not_ok "the agent ran when the last task exited"; diag "$(cat $LOG)"; fi
is "$(grep ' /r1 ' $LOG)" "1 /r1 PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/" "argv[1] is the path; PATH and HOME are set"
is "$(grep -c ' /r1 ' $LOG)" 1 "it ran once"

# --- the last task moves out, nested path ----------------------------------------
mkdir -p $A/r2/b/c
echo 1 >$A/r2/b/c/notify_on_release
sleep 300 &
p=$!
echo $p >$A/r2/b/c/tasks
echo $p >$A/tasks
ct_wait 15 logged /r2/b/c
if logged /r2/b/c; then ok "the agent ran when the last task moved out, with the full path"; else not_ok "the agent ran when the last task moved out, with the full path"; diag "$(cat $LOG)"; fi
if logged /r2/b || logged /r2; then not_ok "groups with notify_on_release=0 are not reported"; else ok "groups with notify_on_release=0 are not reported"; fi

# --- the last child goes ---------------------------------------------------------
mkdir -p $A/r3/kid
echo 1 >$A/r3/notify_on_release
echo 0 >$A/r3/kid/notify_on_release
rmdir $A/r3/kid
ct_wait 15 logged /r3
if logged /r3; then ok "the agent ran when the last child was removed"; else not_ok "the agent ran when the last child was removed"; diag "$(cat $LOG)"; fi

# --- not while a task or a child is left ---------------------------------------------
mkdir -p $A/r4/kid
echo 1 >$A/r4/notify_on_release
echo $p >$A/r4/tasks
sleep 300 &
q=$!
echo $q >$A/r4/tasks
kill $q
wait $q 2>/dev/null
echo $p >$A/r4/kid/tasks
echo $p >$A/tasks
mkdir -p $A/r5
echo 1 >$A/r5/notify_on_release
echo 0 >$A/r5/notify_on_release
echo $p >$A/r5/tasks
echo $p >$A/tasks
sleep 2
if logged /r4; then not_ok "a group that keeps a child is not released"; else ok "a group that keeps a child is not released"; fi
if logged /r5; then not_ok "a group with notify_on_release=0 is not released"; else ok "a group with notify_on_release=0 is not released"; fi
if grep -q ' / ' $LOG; then not_ok "the root is never released"; else ok "the root is never released"; fi

# --- an empty release_agent runs nothing -------------------------------------------
echo >$A/release_agent
is "$(cat $A/release_agent)" "" "release_agent can be emptied"
: >$LOG
mkdir $A/r6
echo 1 >$A/r6/notify_on_release
echo $p >$A/r6/tasks
echo $p >$A/tasks
sleep 2
is "$(cat $LOG)" "" "no agent ran"

# --- an agent that removes the group -----------------------------------------------
echo "$W/rmagent" >$A/release_agent
is "$(cat $A/release_agent)" "$W/rmagent" "release_agent reads back without the newline"
mkdir $A/r7
echo 1 >$A/r7/notify_on_release
echo $p >$A/r7/tasks
echo $p >$A/tasks
ct_wait 15 test ! -d $A/r7
if [ ! -d $A/r7 ]; then ok "an agent that removes its group really did"; else not_ok "an agent that removes its group really did"; diag "$(cat $LOG)"; fi
kill $p
wait $p 2>/dev/null

# --- release_agent limits ---------------------------------------------------------------
long=/$(printf '%4094s' '' | tr ' ' a)
errno_is OK "a path of PATH_MAX - 1 bytes" write $A/release_agent "$long"
is "$(cat $A/release_agent | wc -c)" 4096 "it reads back whole (4095 + newline)"
errno_is "EINVAL|E2BIG" "a path of PATH_MAX bytes" write $A/release_agent "${long}b"
is "$(cat $A/release_agent | wc -c)" 4096 "unchanged"
echo >$A/release_agent
if [ -e $A/r1/release_agent ]; then not_ok "only the root has release_agent"; else ok "only the root has release_agent"; fi

ct_umount $A
ct_cleanup
rm -rf $W
done_testing
