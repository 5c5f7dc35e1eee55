#!/bin/sh
# 51-numtasks: the numtasks subsystem (spec 10, issue 14):
# - files in every group but the root, their defaults and bad writes
#   (EINVAL, nothing changes);
# - max: a fork over it fails with EAGAIN, failcnt counts, nothing else
#   changes; threads count; zombies count until reaped; moves are never
#   refused (current may exceed max); lowering max kills nothing;
# - hierarchy: current includes descendants, the tighter ancestor wins and
#   its failcnt counts;
# - fork bombs of processes, threads and zombies are held at max, the
#   machine stays responsive, current never over max, back to 0 after;
# - forkrate N/S over a real interval;
# - forks from 4 CPUs racing the limit (ntbomb race): never over max;
# - co-mounted with cpuset and cpuacct; rmdir of a limited group.
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start numtasks
ct_workdir 51
ct_mount $A numtasks || skip_all "cannot mount -o numtasks"
M=$A

# --- files --------------------------------------------------------------------
for f in max current failcnt forkrate; do
	gone "the root has no numtasks.$f" $A/numtasks.$f
done
mkdir $A/g
is "$(cat $A/g/numtasks.max)" max "numtasks.max starts at max"
is "$(cat $A/g/numtasks.current)" 0 "numtasks.current starts at 0"
is "$(cat $A/g/numtasks.failcnt)" 0 "numtasks.failcnt starts at 0"
is "$(cat $A/g/numtasks.forkrate)" max "numtasks.forkrate starts at max"
wr_is OK "max: 5" g/numtasks.max "5"
is "$(cat $A/g/numtasks.max)" 5 "... reads 5"
wr_is OK "max: 'max\\\\n'" g/numtasks.max "max\n"
is "$(cat $A/g/numtasks.max)" max "... reads max"
wr_is OK "max: 0" g/numtasks.max "0"
wr_is OK "max: 4194304 (PID_MAX_LIMIT)" g/numtasks.max "4194304"
wr_is OK "max: 7" g/numtasks.max "7"
for bad in -1 4194305 abc 7x "7 7" 0x7 maxx; do
	wr_is EINVAL "max: '$bad' is EINVAL" g/numtasks.max "$bad"
done
is "$(cat $A/g/numtasks.max)" 7 "... max is still 7"
wr_is OK "forkrate: 5/2" g/numtasks.forkrate "5/2"
is "$(cat $A/g/numtasks.forkrate)" 5/2 "... reads 5/2"
wr_is OK "forkrate: 1/3600" g/numtasks.forkrate "1/3600"
for bad in 2/0 1/3601 -1/2 2/-1 abc 5 /2 5/ "5/2x" "5/2/1" 4194305/1; do
	wr_is EINVAL "forkrate: '$bad' is EINVAL" g/numtasks.forkrate "$bad"
done
is "$(cat $A/g/numtasks.forkrate)" 1/3600 "... forkrate is still 1/3600"
wr_is OK "forkrate: max" g/numtasks.forkrate "max"
is "$(cat $A/g/numtasks.forkrate)" max "... reads max"
wr_is EINVAL "current is read-only" g/numtasks.current "1" 2>/dev/null
is "$(cat $A/g/numtasks.current)" 0 "... still 0"

# --- max --------------------------------------------------------------------------
echo 3 >$A/g/numtasks.max
sleep 300 >/dev/null 2>&1 &
s1=$!
echo $s1 >$A/g/tasks
is "$(cat $A/g/numtasks.current)" 1 "a task moved in counts"
out=$(sh -c "echo \$\$ >$A/g/tasks; try clone ''; try clone ''; true" 2>&1)
# the shell (2) + try (3): each try's clone would be the 4th task
like "$out" "EAGAIN" "the fork over max fails with EAGAIN"
is "$(cat $A/g/numtasks.failcnt)" 2 "... failcnt counts each refused fork"
is "$(cat $A/g/numtasks.current)" 1 "... and the counts are as they were once the shell is gone"
echo 1 >$A/g/numtasks.max
sleep 300 >/dev/null 2>&1 &
s2=$!
errno_is OK "a move is never refused, even over max" write $A/g/tasks $s2
is "$(cat $A/g/numtasks.current)" 2 "... current 2, over max 1"
out=$(sh -c "echo \$\$ >$A/g/tasks; exec try clone ''")
is "$out" EAGAIN "... where no task can fork"
kill -0 $s1 $s2 && ok "lowering max killed nothing" || not_ok "lowering max killed nothing"
kill $s1 $s2
wait $s1 $s2 2>/dev/null
ct_until 10 "test \"\$(cat $A/g/numtasks.current)\" = 0"
is "$(cat $A/g/numtasks.current)" 0 "back to 0 when the tasks are gone"

# zombies and threads count
echo 5 >$A/g/numtasks.max
out=$(ntbomb zombies $A/g)
diag "zombies: $out"
like "$out" "^made 4 refused 1 other 0 peak 5 max 5" \
	"zombies count: 4 unreaped children and their parent hold max 5"
is "$(cat $A/g/numtasks.current)" 0 "... 0 once reaped"
out=$(ntbomb threads $A/g 3)
diag "threads: $out"
like "$out" "^made 4 refused [1-9][0-9]* other 0 peak 5 max 5" "threads count: 4 threads and their process hold max 5"
ct_until 10 "test \"\$(cat $A/g/numtasks.current)\" = 0"
is "$(cat $A/g/numtasks.current)" 0 "... 0 when the process is gone"

# --- hierarchy --------------------------------------------------------------------
mkdir -p $A/p/c
echo 3 >$A/p/numtasks.max
echo 10 >$A/p/c/numtasks.max
out=$(ntbomb zombies $A/p/c)
like "$out" "^made 2 refused 1 other 0 peak 3 max 10" "the tighter ancestor wins: p's 3 holds c's 10"
is "$(cat $A/p/numtasks.failcnt) $(cat $A/p/c/numtasks.failcnt)" "1 0" "... p's failcnt counts, c's does not"
sleep 300 >/dev/null 2>&1 &
s1=$!
echo $s1 >$A/p/c/tasks
is "$(cat $A/p/c/numtasks.current) $(cat $A/p/numtasks.current)" "1 1" "current includes descendants"
kill $s1
wait $s1 2>/dev/null
echo 2 >$A/p/c/numtasks.max
echo max >$A/p/numtasks.max
out=$(ntbomb zombies $A/p/c)
like "$out" "^made 1 refused 1 other 0 peak 2 max 2" "the child's own tighter max"
is "$(cat $A/p/numtasks.failcnt) $(cat $A/p/c/numtasks.failcnt)" "1 1" "... its failcnt counts"
ct_until 10 "test \"\$(cat $A/p/numtasks.current)\" = 0"
is "$(cat $A/p/numtasks.current) $(cat $A/p/c/numtasks.current)" "0 0" "all back to 0"

# --- fork bombs -----------------------------------------------------------------
mkdir $A/bomb
echo 20 >$A/bomb/numtasks.max
out=$(ntbomb procs $A/bomb 5)
diag "procs: $out"
like "$out" "other 0 peak 20 max 20" "a process fork bomb is held at max 20 (EAGAIN only)"
check "the machine is responsive after the bomb" /bin/true
ct_until 20 "test \"\$(cat $A/bomb/numtasks.current)\" = 0"
is "$(cat $A/bomb/numtasks.current)" 0 "... and back to 0"
out=$(ntbomb threads $A/bomb 5)
diag "threads: $out"
like "$out" "other 0 peak 20 max 20" "a thread bomb is held at max 20"
ct_until 20 "test \"\$(cat $A/bomb/numtasks.current)\" = 0"
is "$(cat $A/bomb/numtasks.current)" 0 "... and back to 0"
# a shell bomb: every shell starts two more, in the background
cat >$W/shbomb <<EOF
#!/bin/sh
echo \$\$ >$A/bomb/tasks
b() { while :; do b & done; }
b
EOF
chmod 755 $W/shbomb
$W/shbomb 2>/dev/null &
sb=$!
ct_until 30 "test \"\$(cat $A/bomb/numtasks.failcnt)\" -gt 100"
# ash gives up on a failed fork, so the bomb shrinks and grows again
peak=0 i=0
while [ $i -lt 20 ]; do
	c=$(cat $A/bomb/numtasks.current)
	[ "$c" -le "$peak" ] || peak=$c
	i=$((i + 1))
done
like "$peak" '^([1-9]|1[0-9]|20)$' "a shell fork bomb runs, never over max 20 (peak $peak)"
like "$(cat $A/bomb/numtasks.failcnt)" '^[1-9][0-9][0-9]+' "... refused again and again"
check "... while the machine answers (fork and exec outside the group)" /bin/true
# max 0: no shell can fork again while they are killed
echo 0 >$A/bomb/numtasks.max
ct_until 30 "for t in \$(cat $A/bomb/tasks); do kill -9 \$t 2>/dev/null; done; test -z \"\$(cat $A/bomb/tasks)\""
wait $sb 2>/dev/null
ct_until 30 "test \"\$(cat $A/bomb/numtasks.current)\" = 0"
is "$(cat $A/bomb/numtasks.current)" 0 "... back to 0 once killed"

# --- forkrate -----------------------------------------------------------------------
mkdir $A/rate
echo 3/30 >$A/rate/numtasks.forkrate
out=$(ntbomb zombies $A/rate)
like "$out" "^made 3 refused 1 other 0" "forkrate 3/30: a full bucket gives 3 forks, then EAGAIN"
is "$(cat $A/rate/numtasks.failcnt)" 1 "... failcnt counts it"
out=$(ntbomb zombies $A/rate)
like "$out" "^made 0 refused 1" "... and none right after"
sleep 11
out=$(ntbomb zombies $A/rate)
like "$out" "^made 1 refused 1" "... one more 10 s later (a token every 30/3 s)"
echo 3/30 >$A/rate/numtasks.forkrate
out=$(ntbomb zombies $A/rate)
like "$out" "^made 3 refused 1" "writing forkrate fills the bucket"
echo 0/1 >$A/rate/numtasks.forkrate
out=$(ntbomb zombies $A/rate)
like "$out" "^made 0 refused 1" "0/1 refuses every fork"
mkdir $A/rate/sub
echo 2/3600 >$A/rate/numtasks.forkrate
out=$(ntbomb zombies $A/rate/sub)
like "$out" "^made 2 refused 1" "an ancestor's forkrate holds the subtree"
echo max >$A/rate/numtasks.forkrate
echo 5 >$A/rate/sub/numtasks.max
out=$(ntbomb zombies $A/rate/sub)
like "$out" "^made 4 refused 1 other 0" "forkrate max again: only max limits"

# --- race ---------------------------------------------------------------------------
mkdir $A/race
echo 6 >$A/race/numtasks.max
out=$(ntbomb race $A/race 10 4)
diag "race: $out"
like "$out" "refused [1-9][0-9]* other 0 peak [0-6] max 6" "forks from 4 CPUs racing max 6: refused, never over it"
ct_until 10 "test \"\$(cat $A/race/numtasks.current)\" = 0"
is "$(cat $A/race/numtasks.current)" 0 "... back to 0"

# --- rmdir, co-mounting ------------------------------------------------------------
errno_is OK "rmdir of a limited, empty group" rmdir $A/race
ct_umount $A
if ct_has cpuset && ct_has cpuacct; then
	ct_mount $A numtasks,cpuset,cpuacct || not_ok "mount -o numtasks,cpuset,cpuacct"
	mkdir $A/x
	cat $A/cpuset.cpus >$A/x/cpuset.cpus
	cat $A/cpuset.mems >$A/x/cpuset.mems
	echo 4 >$A/x/numtasks.max
	out=$(ntbomb zombies $A/x)
	like "$out" "^made 3 refused 1 other 0 peak 4 max 4" "co-mounted with cpuset and cpuacct: max holds"
	like "$(cat $A/x/cpuacct.usage)" '^[1-9]' "... cpuacct counts the group's time"
	ct_umount $A
else
	skip "co-mounted with cpuset and cpuacct" "needs both"
fi

ct_cleanup
done_testing
