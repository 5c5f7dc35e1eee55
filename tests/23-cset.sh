#!/bin/sh
# 23-cset: Debian's cset (package cpuset, Python), unmodified, on the cpuset
# filesystem (spec section 12).  First with nothing mounted, so that cset
# mounts -t cpuset at /cpusets itself: set --list, set -c -s, proc --move,
# proc --list, set --destroy, shield --cpu --kthread on, shield --reset;
# then on a hierarchy mounted by hand at /dev/cpuset.  Every command must
# exit 0 with nothing on stderr and no "**>" (cset's error marker) line, and
# its effect is checked in the files and in /proc/PID/{cpuset,status}.
# cset and its python3 come in build/cset.cpio (lab/cset-image), which
# lab/boot adds to test boots.  One cset command takes 5-10 s in the debug
# guest.
# timeout: 900
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null && command -v cset >/dev/null ||
	skip_all "no python3/cset in the guest (lab/cset-image: packages cpuset python3-cpuset python3-future)"
grep -q '	cpuset$' /proc/filesystems || skip_all "no cpuset filesystem"
[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ] || skip_all "needs CPUs 0-3 online"

W=/tmp/23-cset
mkdir -p $W
PIDS=
OWN=	# mount points this test made
# tasks cset may fail to move without it being an error: kernel threads
# that refuse a new cpuset (PF_NO_SETAFFINITY), as under cgroup v1
ALLOW=

# cs ARGS...: run cset; its output in $W/out.  One result: status 0,
# nothing on stderr, no "**>" line other than those matching $ALLOW.
cs() {
	cset "$@" >$W/out 2>$W/err </dev/null
	_rc=$?
	_bad=$(grep -F '**>' $W/out | grep -vE "${ALLOW:-^$}")
	if [ "$_rc" = 0 ] && [ ! -s $W/err ] && [ -z "$_bad" ]; then
		ok "cset $*: status 0, no error"
	else
		not_ok "cset $*: status 0, no error"
		diag "exit status $_rc"
		sed 's/^/#   out: /' $W/out | head -n 20
		sed 's/^/#   err: /' $W/err | head -n 20
	fi
}
status_of() {
	while IFS= read -r _l; do
		case $_l in "$2:"*) echo "${_l#"$2:"	}"; return ;; esac
	done </proc/$1/status
}
cpus_of() { status_of "$1" Cpus_allowed_list; }
rd() { IFS= read -r _v <"$1" && echo "$_v"; }
# a number in cset's output: the first run of digits on the line matching $1
num_in() { grep -E "$1" $W/out | head -n 1 | sed 's/[^0-9]*\([0-9][0-9]*\).*/\1/'; }
ntasks() { grep -c . "$1/tasks"; }
# PF_NO_SETAFFINITY in /proc/PID/stat's flags: the kernel refuses to move it
no_setaffinity() {
	_s=$(cat /proc/$1/stat 2>/dev/null) || return 1
	set -- ${_s##*) }
	[ $(($7 & 0x04000000)) != 0 ]
}

cleanup() {
	for p in $PIDS; do kill -9 $p 2>/dev/null; done
	for p in $PIDS; do wait $p 2>/dev/null; done
	PIDS=
	for m in $OWN; do
		for d in $(find $m -mindepth 1 -type d 2>/dev/null | sort -r); do
			for t in $(cat $d/tasks 2>/dev/null); do echo $t >$m/tasks 2>/dev/null; done
			rmdir $d 2>/dev/null
		done
		umount $m 2>/dev/null
	done
	OWN=
	rmdir /cpusets /dev/cpuset 2>/dev/null
}
trap cleanup EXIT

# 1. nothing mounted: cset mounts -t cpuset none /cpusets itself
M=$(awk '$3 == "cpuset" { print $2; exit }' /proc/mounts)
cs set --list
if [ -n "$M" ]; then
	skip "cset mounts the cpuset filesystem itself" "one is mounted already, at $M"
else
	M=$(awk '$3 == "cpuset" { print $2; exit }' /proc/mounts)
	is "$M" /cpusets "cset mounted -t cpuset at /cpusets"
	[ "$M" = /cpusets ] && OWN=/cpusets
fi
[ -n "$M" ] && [ -f "$M/tasks" ] || { diag "no cpuset hierarchy"; done_testing; }
like "$(grep ' root ' $W/out)" '^ +root +0-3 +[yn] +0-1 +[yn] +[0-9]+ +0 +/$' \
	"set --list: root with CPUs 0-3, nodes 0-1, no children"

# 2. a set
cs set -c 1-2 -s work
[ -d $M/work ] && ok "set -c 1-2 -s work made $M/work" || not_ok "set -c 1-2 -s work made $M/work"
is "$(rd $M/work/cpus)" 1-2 "work's cpus reads 1-2"
is "$(rd $M/work/mems)" 0 "work's mems is what cset writes without -m: 0"

# 3. a task moved into it
sleep 100000 >/dev/null 2>&1 &
P=$!
PIDS="$PIDS $P"
cs proc --move --pid $P --toset work
grep -qx "$P" $M/work/tasks && ok "the sleeper is in work's tasks" || not_ok "the sleeper is in work's tasks"
is "$(rd /proc/$P/cpuset)" /work "/proc/PID/cpuset says /work"
is "$(cpus_of $P)" 1-2 "the sleeper may run on CPUs 1-2 only"

# 4. listed there
cs proc --list --set work
like "$(cat $W/out)" "^ *root +$P +[0-9]+ .*sleep" "proc --list --set work shows the sleeper"

# 5. removed: cset moves its tasks to the parent first
cs set --destroy work
[ ! -e $M/work ] && ok "set --destroy work removed it" || not_ok "set --destroy work removed it"
is "$(rd /proc/$P/cpuset)" / "the sleeper is back in the root"
is "$(cpus_of $P)" 0-3 "... and may run on every CPU again"

# 6. a shield: user gets CPUs 2-3, system the rest and every task cset can move
# tasks with a pid below $before existed before cset started
before=$(sh -c 'echo $$')
ALLOW='tasks are not movable, impossible to move$'
cs shield --cpu 2-3 --kthread on
ALLOW=
is "$(rd $M/user/cpus) $(rd $M/user/cpu_exclusive) $(rd $M/user/mems)" "2-3 1 0" \
	"shield: user has CPUs 2-3, exclusive, node 0"
is "$(rd $M/system/cpus) $(rd $M/system/cpu_exclusive) $(rd $M/system/mems)" "0-1 1 0" \
	"shield: system has CPUs 0-1, exclusive, node 0"
is "$(ntasks $M/user)" 0 "shield: no task in user"
moved=$(num_in 'moving [0-9]+ tasks from root into system')
kmoved=$(num_in 'kthread shield activated, moving [0-9]+ tasks')
refused=$(num_in 'tasks are not movable')
# of the tasks cset counts, itself (gone now) is the only one born after
# $before; kthreadd's new children (in system) are not counted
is "$(awk -v b="$before" '$1 < b' $M/system/tasks | wc -l)" \
	$((${moved:-0} - 1 + ${kmoved:-0} - ${refused:-0})) \
	"system holds what cset reports moved (${moved:-?} tasks, cset among them, + ${kmoved:-?} kthreads - ${refused:-0} refused)"
is "$(rd /proc/$P/cpuset) $(cpus_of $P)" "/system 0-1" "the sleeper is in system, on CPUs 0-1"
is "$(rd /proc/$$/cpuset)" /system "so is this test's shell"
# the kthreads cset moved (those older than cset) run on system's CPUs
kt=0 wrong=
for t in $(cat $M/system/tasks); do
	[ "$t" -lt "$before" ] && [ -d /proc/$t ] || continue
	readlink /proc/$t/exe >/dev/null 2>&1 && continue
	kt=$((kt + 1))
	[ "$(cpus_of $t)" = 0-1 ] || wrong="$wrong $t($(cat /proc/$t/comm):$(cpus_of $t))"
done
[ $kt -gt 0 ] && ok "system holds $kt kthreads" || not_ok "system holds kthreads"
is "${wrong# }" "" "each of them may run on CPUs 0-1 only"
# kthreadd must stay where it is, as cgroup keeps it (no_cgroup_migration):
# every kthread is its child, born in its group, and a worker that gets
# PF_NO_SETAFFINITY there could never leave system (shield --reset fails)
is "$(rd /proc/2/cpuset)" / "kthreadd stays in the root: new kthreads are born there"
# what stays in the root: kthreadd, bound kthreads and those the kernel
# refuses to move
left=
for t in $(cat $M/tasks); do
	[ -d /proc/$t ] && [ "$t" != 2 ] || continue
	if readlink /proc/$t/exe >/dev/null 2>&1; then
		left="$left $t(user)"
	elif [ "$(cpus_of $t)" = 0-3 ] && ! no_setaffinity $t; then
		left="$left $t($(cat /proc/$t/comm))"
	fi
done
is "${left# }" "" "the root keeps no user task and no movable unbound kthread"

cs shield --reset
[ ! -e $M/user ] && [ ! -e $M/system ] && ok "shield --reset removed user and system" ||
	not_ok "shield --reset removed user and system"
is "$(rd /proc/$P/cpuset) $(cpus_of $P)" "/ 0-3" "the sleeper is back in the root, on every CPU"
is "$(rd /proc/2/cpuset) $(cpus_of 2)" "/ 0-3" "kthreadd too"
is "$(rd /proc/$$/cpuset)" / "this shell too"

# 7. a hierarchy mounted by hand elsewhere: cset finds and uses it
if [ "$OWN" = /cpusets ]; then
	umount /cpusets && rmdir /cpusets
	OWN=
	mkdir -p /dev/cpuset
	check "mount -t cpuset none /dev/cpuset" mount -t cpuset none /dev/cpuset && OWN=/dev/cpuset
	M=/dev/cpuset
	like "$(grep ' /dev/cpuset ' /proc/mounts)" '^none /dev/cpuset cpuset .*noprefix.*release_agent=/sbin/cpuset_release_agent' \
		"/proc/mounts: type cpuset, noprefix, the cpuset release agent"
	cs set -c 3 -m 1 -s far
	is "$(rd $M/far/cpus) $(rd $M/far/mems)" "3 1" "set -c 3 -m 1 -s far: made in /dev/cpuset"
	[ ! -e /cpusets ] && ok "cset mounted nothing more" || not_ok "cset mounted nothing more"
	cs set --destroy far
	[ ! -e $M/far ] && ok "set --destroy far removed it" || not_ok "set --destroy far removed it"
else
	skip "cset on a hierarchy mounted by hand" "the hierarchy was there before the test"
fi

cleanup
done_testing
