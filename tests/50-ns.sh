#!/bin/sh
# 50-ns: the ns subsystem (spec 9, issue 16), and the framework's fork-time
# placement it stands on (fork_clone, issue 12):
# - with ns bound, unshare() and clone() with each CLONE_NEW* flag the
#   guest kernel has put the task in a new group node_PID of its group
#   (PID: the global pid; for clone, the child, already there when it
#   first runs); CLONE_NEWUSER alone (no new nsproxy) makes none;
#   nested namespaces nest the groups;
# - a thread clone with CLONE_NEWPID is refused (EINVAL) and leaves no
#   group; a thread with CLONE_NEWUTS gets node_TID;
# - a taken name: unshare and clone fail with EEXIST, nothing is left;
# - user moves: only into a descendant, only with CAP_SYS_ADMIN (EPERM);
#   mkdir as usual;
# - co-mounted with cpuset and cpuacct: a node group has its parent's
#   CPUs and nodes (post_clone) and cpuacct's files;
# - notify_on_release is inherited: the release agent runs for a node;
# - unbound: unshare and clone make nothing;
# - 4 workers' clones and unshares race 4 racers' rmdirs (nsrace).
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start ns
ct_workdir 50
chmod 0755 $W
U=65534

# path of the current task's group in hierarchy $H, from /proc/PID/container
nspath() { sed -n "s/^$H:[^:]*://p" "${1:-/proc/self/container}"; }

# --- unbound -------------------------------------------------------------------
ct_mount $A debug 2>/dev/null
out=$(try clone u)
like "$out" "^OK$" "unbound: clone(CLONE_NEWUTS) works"
if ! grep -q "node_" /proc/self/container && [ -z "$(ls -d $A/node_* 2>/dev/null)" ]; then
	ok "... and makes no group anywhere"
else
	not_ok "... and makes no group anywhere"
fi
ct_umount $A

ct_mount $A ns || skip_all "cannot mount -o ns"
H=$(ct_hier ns)
ngroups() { ct_ngroups ns; }

# --- unshare and clone with each namespace -------------------------------------
for spec in mnt:m uts:u ipc:i net:n pid_for_children:p cgroup:C time_for_children:T; do
	f=${spec%:*} l=${spec#*:}
	if [ ! -e /proc/self/ns/$f ]; then
		skip "unshare and clone with '$l'" "the guest kernel has no $f namespace"
		continue
	fi
	try unshare $l >$W/out 2>&1 &
	p=$!
	wait $p
	is "$(cat $W/out)" OK "unshare($f) works with ns bound"
	exists "... and put the task in node_$p" $A/node_$p
	is "$(cat $A/node_$p/tasks 2>/dev/null)" "" "... which is empty once the task is gone"
	rmdir $A/node_$p 2>/dev/null

	# CLONE_NEWTIME lies in clone()'s exit signal bits: clone3 or unshare only
	[ $l != T ] || continue
	n0=$(ngroups)
	out=$(try clone $l)
	c=$(printf '%s\n' "$out" | sed -n 's/^child //p')
	like "$out" "^$H:ns:/node_$c\$" "clone($f): the child saw itself in /node_PID when it first ran"
	is "$(ngroups)" $((n0 + 1)) "... one new group"
	rmdir $A/node_$c 2>/dev/null
done

n0=$(ngroups)
errno_is OK "unshare(CLONE_NEWUSER) alone works" unshare U
out=$(try clone U)
like "$out" "^$H:ns:/\$" "clone(CLONE_NEWUSER) alone: the child stays in the top group"
is "$(ngroups)" $n0 "... neither made a group (no new nsproxy)"

# setns() does not make a group: nsenter joins a UTS namespace that exists
sleep 300 >/dev/null 2>&1 &
sp=$!
unshare -u sleep 300 >/dev/null 2>&1 &
up=$!
ct_until 10 "test \"\$(readlink /proc/$up/ns/uts)\" != \"\$(readlink /proc/$sp/ns/uts)\""
n0=$(ngroups)
out=$(nsenter -t $up -u cat /proc/self/container)
like "$out" "^$H:ns:/\$" "setns (nsenter -u) into another UTS namespace: no new group"
is "$(ngroups)" $n0 "... none made"
kill $sp $up
wait $sp $up 2>/dev/null
ct_rmtree $A

# the live view: busybox unshare, a shell and its child
out=$(unshare -u sh -c 'echo $$; cat /proc/self/container')
p=$(printf '%s\n' "$out" | head -n 1)
like "$out" "^$H:ns:/node_$p\$" "unshare -u sh: the shell's child is in /node_PID of the shell"
out=$(unshare -u sh -c 'unshare -u cat /proc/self/container')
like "$out" "^$H:ns:/node_[0-9]+/node_[0-9]+\$" "nested unshares nest the groups"
is "$(ls -d $A/node_*/node_* 2>/dev/null | wc -l)" 1 "... node_A/node_B exists"
ct_rmtree $A

# --- threads --------------------------------------------------------------------
n0=$(ngroups)
errno_is EINVAL "a thread with CLONE_NEWPID is refused (EINVAL)" clone p thread
is "$(ngroups)" $n0 "... and leaves no group"
out=$(try clone u thread)
c=$(printf '%s\n' "$out" | sed -n 's/^child //p')
like "$out" "^$H:ns:/node_$c\$" "a thread with CLONE_NEWUTS is in node_TID"
ct_rmtree $A

# --- a taken name ---------------------------------------------------------------
n0=$(ngroups)
out=$(sh -c "mkdir $A/node_\$\$ && exec try unshare u")
is "$out" EEXIST "unshare: node_PID exists: EEXIST"
is "$(ngroups)" $((n0 + 1)) "... no group but the one in the way"
# the next pids, in one mkdir (each command of the shell may take a pid)
n0=$(ngroups)
cur=$(sh -c 'echo $$')
names= i=1
while [ $i -le 200 ]; do
	names="$names $A/node_$((cur + i))"
	i=$((i + 1))
done
mkdir $names 2>/dev/null
n0=$((n0 + 200))
out=$(try clone u)
is "$(printf '%s\n' "$out" | tail -n 1)" EEXIST "clone: the child's node_PID exists: EEXIST"
is "$(ngroups)" $n0 "... no group left behind"
ct_rmtree $A
is "$(ngroups)" 1 "every group could be removed"

# --- moves ----------------------------------------------------------------------
mkdir -p $A/x/deep $A/y
sleep 300 >/dev/null 2>&1 &
s=$!
ctool ids $U $U $U sleep 300 >/dev/null 2>&1 &
u=$!
ct_until 10 "test \"\$(stat -c %u /proc/$u)\" = $U"
errno_is OK "root moves a task from the top into a group below it" write $A/x/tasks $s
errno_is EPERM "sideways, x to y: EPERM" write $A/y/tasks $s
errno_is EPERM "upward, x to the top: EPERM" write $A/tasks $s
is "$(nspath /proc/$s/container)" /x "... the task is still in x"
errno_is OK "deeper, x to x/deep: works" write $A/x/deep/tasks $s
errno_is EPERM "back up to x: EPERM" write $A/x/tasks $s
chown $U $A/x/tasks
errno_is EPERM "the user owning x/tasks, without CAP_SYS_ADMIN: EPERM for its own task" \
	-u $U write $A/x/tasks $u
is "$(nspath /proc/$u/container)" / "... which stays at the top"
errno_is OK "mkdir by root works as usual" mkdir $A/z
kill $s $u
wait $s $u 2>/dev/null
ct_until 10 "test -z \"\$(cat $A/x/deep/tasks)\""
ct_umount $A

# --- with cpuset and cpuacct ----------------------------------------------------
if ct_has cpuset && ct_has cpuacct; then
	ct_mount $A ns,cpuset,cpuacct || not_ok "mount -o ns,cpuset,cpuacct"
	H=$(ct_hier ns)
	mkdir $A/x
	echo 0 >$A/x/cpuset.cpus
	echo 0 >$A/x/cpuset.mems
	cat >$W/show <<EOF
#!/bin/sh
p=\$(sed -n "s/^$H:[^:]*://p" /proc/self/container)
echo "\$\$ \$p \$(cat $A\$p/cpuset.cpus) \$(cat $A\$p/cpuset.mems) \$(ls $A\$p | grep -c '^cpuacct.usage\$')"
EOF
	chmod 755 $W/show
	out=$(sh -c "echo \$\$ >$A/x/tasks && exec unshare -u $W/show")
	p=${out%% *}
	is "$out" "$p /x/node_$p 0 0 1" "unshare: the node under x has x's cpus and mems, and cpuacct's files"
	out=$(sh -c "echo \$\$ >$A/x/tasks && exec try clone u")
	c=$(printf '%s\n' "$out" | sed -n 's/^child //p')
	like "$out" "^$H:cpuset,cpuacct,ns:/x/node_$c\$" "clone: the child starts in x/node_PID"
	is "$(cat $A/x/node_$c/cpuset.cpus) $(cat $A/x/node_$c/cpuset.mems)" "0 0" \
		"... which has x's cpus and mems"
	ct_umount $A
else
	skip "co-mounted with cpuset and cpuacct" "needs both"
fi

# --- release agent --------------------------------------------------------------
LOG=$W/log
: >$LOG
cat >$W/agent <<EOF
#!/bin/sh
echo "\$1" >>$LOG
rmdir "$A\$1"
EOF
chmod 755 $W/agent
ct_mount $A ns,release_agent=$W/agent || not_ok "mount with a release agent"
echo 1 >$A/notify_on_release
try unshare u >/dev/null &
p=$!
wait $p
ct_wait 15 grep -qx "/node_$p" $LOG
if grep -qx "/node_$p" $LOG; then ok "the release agent ran for node_PID (notify_on_release inherited)"; else not_ok "the release agent ran for node_PID (notify_on_release inherited)"; diag "$(cat $LOG)"; fi
ct_wait 5 test ! -e $A/node_$p
gone "... and removed it" $A/node_$p
ct_umount $A

# --- the race -------------------------------------------------------------------
o=ns
! ct_has cpuset || o=$o,cpuset
! ct_has cpuacct || o=$o,cpuacct
ct_mount $A $o || not_ok "mount -o $o"
if [ -e $A/cpuset.cpus ]; then
	mkdir $A/r
	cat $A/cpuset.cpus >$A/r/cpuset.cpus
	cat $A/cpuset.mems >$A/r/cpuset.mems
else
	mkdir $A/r
fi
out=$(nsrace $A/r 10 4)
diag "$out"
is "$(printf '%s\n' "$out" | tail -n 1)" OK "4 workers' clones and unshares against 4 racers' rmdirs: no failure"
like "$out" "clones [1-9][0-9]* unshares [1-9]" "... both ran"
ct_rmtree $A
is "$(ct_ngroups ns)" 1 "... every group could be removed afterwards"
is "$(find $A -mindepth 1 -type d | wc -l)" 0 "... and no directory is left"
ct_umount $A

ct_cleanup
done_testing
