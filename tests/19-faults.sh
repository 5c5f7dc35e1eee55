#!/bin/sh
# 19-faults: allocation failures (CONFIG_FAILSLAB, /proc/thread-self/fail-nth)
# - a subsystem's create() failing makes mkdir fail with ENOMEM and leaves
#   nothing: no directory, no container, no subsystem state, no css_group;
# - every kmalloc that mkdir, a move through tasks and procs, and mount make
#   is failed in turn: the operation either fails with ENOMEM and changes
#   nothing, or succeeds whole;
# - afterwards the same operations work, and the kernel log stays clean
#   (lab/runtests; 99-leaks runs kmemleak over all of it).
# timeout: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

FS=/sys/kernel/debug/failslab
ct_start debug
[ -e /proc/self/fail-nth ] || skip_all "no CONFIG_FAULT_INJECTION"
[ -d $FS ] || skip_all "no CONFIG_FAILSLAB with CONFIG_FAULT_INJECTION_DEBUG_FS"
[ -e $FS/require-start ] || skip_all "no CONFIG_FAULT_INJECTION_STACKTRACE_FILTER"

# fail GFP_KERNEL allocations too, silently (a stack dump per injected
# failure would read as a report in the kernel log)
old_wait=$(cat $FS/ignore-gfp-wait)
old_verbose=$(cat $FS/verbose)
echo N >$FS/ignore-gfp-wait
echo 0 >$FS/verbose
filter_off() {
	echo 0 >$FS/require-start
	echo 0xffffffffffffffff >$FS/require-end
}
restore() {
	filter_off
	echo "$old_wait" >$FS/ignore-gfp-wait
	echo "$old_verbose" >$FS/verbose
}
trap restore EXIT
filter_off

# every subsystem but ns, which allows moves only deeper (50-ns.sh)
SUBSYS=$(ct_subsystems | grep -vx ns | tr '\n' ',')
SUBSYS=${SUBSYS%,}
ct_mount $A "$SUBSYS" || skip_all "cannot mount $SUBSYS"
mkdir $A/p $A/m
# cpuset: groups need CPUs and memory nodes before tasks can enter
cpuset_fill() {
	for _d in "$@"; do
		cat $A/cpuset.cpus >$_d/cpuset.cpus
		cat $A/cpuset.mems >$_d/cpuset.mems
	done
}
! ct_has cpuset || cpuset_fill $A/p $A/m

# the debug counts, with shell builtins only (this runs a few hundred
# times; a fork per read is slow in the debug guest)
rd() { IFS= read -r RV <"$1"; }
counts() {
	rd $A/debug.css_groups; _cg=$RV
	rd $A/debug.containers; _co=$RV
	rd $A/debug.css; _cs=$RV
	_g=
	while IFS='	' read -r _xs _xh _xn _xe; do
		[ "$_xs" = debug ] && _g=$_xn
	done </proc/containers
	C="css_groups=$_cg containers=$_co css=$_cs groups=$_g"
}
same_counts() {	# same_counts WANT: now, or after RCU and the destroy work
	counts
	[ "$C" = "$1" ] && return 0
	_want=$1
	ct_until 5 'counts; test "$C" = "$_want"'
}

# only allocations made below FUNC (a text symbol) can fail
filter_to() {
	_s=$(awk -v f="$1" '$3 == f && ($2 == "t" || $2 == "T") { print $1; exit }' /proc/kallsyms)
	[ -n "$_s" ] || return 1
	# the next higher address in the symbol table ends the function
	_e=$(awk -v s="$_s" '$1 > s { print $1 }' /proc/kallsyms | sort | head -n 1)
	[ -n "$_e" ] || return 1
	echo "0x$_s" >$FS/require-start
	echo "0x$_e" >$FS/require-end
}

# --- a subsystem's create fails -------------------------------------------
counts
base=$C
for s in $(echo "$SUBSYS" | tr ',' ' '); do
	if ! filter_to "${s}_create"; then
		skip "$s's create fails" "${s}_create not in /proc/kallsyms"
		continue
	fi
	for d in $A/g $A/p/g; do
		is "$(ctool failnth 1 mkdir $d)" "injected ENOMEM" \
			"mkdir ${d#$CT/} fails with ENOMEM when $s's create fails"
		gone "... and leaves no directory" $d
	done
	filter_off
	same_counts "$base"
	is "$C" "$base" "... nor any container, subsystem state or css_group"
	check "... and the same mkdir then works" mkdir $A/p/g
	rmdir $A/p/g
done
filter_off
is "$(ls $A/p | grep -c '^g$')" 0 "no stray group after the create failures"

# --- ns: making a node group fails during clone() and unshare() ------------
if ct_has ns && filter_to ns_create; then
	filter_off
	ct_mount $CT/n ns
	for op in unshare clone; do
		filter_to ns_create
		is "$(ctool failnth 1 $op)" "injected ENOMEM" \
			"$op of a UTS namespace fails with ENOMEM when ns's create fails"
		filter_off
		is "$(find $CT/n -mindepth 1 -type d | wc -l)" 0 "... and leaves no node group"
		is "$(ctool failnth 100000 $op | cut -d' ' -f1,2)" "clean OK" "... and then works"
		for d in $CT/n/node_*; do rmdir $d 2>/dev/null; done
	done
	ct_umount $CT/n
else
	skip "ns: node groups that cannot be made" "no ns subsystem or no ns_create"
fi

# --- every allocation fails in turn -----------------------------------------
# points OP...: how many fault-injection points OP passes, run clean once
# (then undone by the caller); 0 if that fails
points() {
	_r=$(ctool failnth 100000 "$@")
	case $_r in
	"clean OK "*) echo "${_r#clean OK }" ;;
	*) echo 0 ;;
	esac
}
ok_if() { if [ "$1" ]; then ok "$2"; else not_ok "$2"; fi; }
ge() { ok_if "$([ "$1" -ge "$2" ] && echo y)" "$3"; }

# mkdir: each of its allocations fails in turn; the mkdir then fails with
# ENOMEM and leaves nothing, or (a failure the kernel could take) works
d=$A/p/s
P=$(points mkdir $d)
rmdir $d
ge "$P" 10 "mkdir of a group with every subsystem passes $P injection points"
# the number varies a little from run to run (e.g. kmemleak's own
# allocations, which fall back to a pool): a few more to be sure
P=$((P + 8))
n=1 bad= failed=0 t0=$(date +%s)
while [ $n -le "$P" ]; do
	[ $((n % 25)) != 0 ] || diag "point $n, $(($(date +%s) - t0)) s"
	r=$(ctool failnth $n mkdir $d)
	case $r in
	"injected OK" | "clean OK "*)
		[ -e $d/tasks ] || bad="$bad $n:no-tasks-file"
		rmdir $d || bad="$bad $n:rmdir"
		;;
	"injected ENOMEM")
		failed=$((failed + 1))
		[ ! -e $d ] || { bad="$bad $n:dir-left"; rmdir $d; }
		;;
	*)
		bad="$bad $n:$r"
		[ ! -e $d ] || rmdir $d
		;;
	esac
	n=$((n + 1))
done
ge "$failed" 3 "mkdir failed with ENOMEM at $failed of the $P points"
is "$bad" "" "each failed mkdir left nothing, each mkdir that worked made a whole group"
# what a failed mkdir made and undid is freed after RCU: look at the end
same_counts "$base"
is "$C" "$base" "then the counts are those from before: nothing left behind"

# moves: a failed write to tasks or procs moves nothing, a write that
# works moves the thread (tasks) or all three threads (procs)
ctool threads 3 >/tmp/ct19 &
tp=$!
ct_wait 10 grep -qs ready /tmp/ct19
echo $tp >$A/p/procs
lines() { _k=0; while read -r _l; do _k=$((_k + 1)); done <"$1"; echo $_k; }
for file in tasks procs; do
	want=$([ $file = tasks ] && echo 1:2 || echo 3:0)
	P=$(points write $A/m/$file $tp)
	echo $tp >$A/p/procs
	ge "$P" 1 "a write to $file passes $P injection points"
	P=$((P + 4))
	n=1 bad= failed=0
	while [ $n -le "$P" ]; do
		r=$(ctool failnth $n write $A/m/$file $tp)
		where="$(lines $A/m/tasks):$(lines $A/p/tasks)"
		case $r in
		"injected ENOMEM")
			failed=$((failed + 1))
			[ "$where" = 0:3 ] || bad="$bad $n:moved($where)" ;;
		"injected OK" | "clean OK "*)
			[ "$where" = "$want" ] || bad="$bad $n:partly($where)" ;;
		*)
			bad="$bad $n:$r" ;;
		esac
		echo $tp >$A/p/procs
		n=$((n + 1))
	done
	ge "$failed" 1 "a write to $file failed with ENOMEM at $failed of the $P points"
	is "$bad" "" "each failed write to $file moved nothing, each that worked moved all it should"
done
kill $tp
wait $tp 2>/dev/null
same_counts "$base"
is "$C" "$base" "after the moves, the counts are back (css_groups freed)"

# --- mount -----------------------------------------------------------------
# mount: a failed mount leaves nothing mounted and nothing bound
ct_umount $A
s1=$(ct_subsystems | head -n 1)
mkdir -p $CT/m
before=$(cat /proc/containers)
P=$(points mount "$s1,name=faults" $CT/m)
umount $CT/m
ge "$P" 3 "mount -o $s1,name=faults passes $P injection points"
P=$((P + 4))
n=1 bad= failed=0
while [ $n -le "$P" ]; do
	r=$(ctool failnth $n mount "$s1,name=faults" $CT/m)
	case $r in
	"injected OK" | "clean OK "*)
		umount $CT/m || bad="$bad $n:umount" ;;
	"injected ENOMEM")
		failed=$((failed + 1))
		! grep -q " $CT/m " /proc/mounts || { bad="$bad $n:mounted"; umount $CT/m; }
		;;
	*)
		bad="$bad $n:$r" ;;
	esac
	# an empty hierarchy goes with its last mount: nothing stays bound
	ct_until 5 'test "$(cat /proc/containers)" = "$before"' ||
		bad="$bad $n:proc-containers"
	n=$((n + 1))
done
ge "$failed" 1 "mount failed with ENOMEM at $failed of the $P points"
is "$bad" "" "each failed mount left nothing mounted or bound"
check "the same mount then works" mount -t container -o "$s1,name=faults" none $CT/m
check "... and a group in it" mkdir $CT/m/x
rmdir $CT/m/x
umount $CT/m

ct_cleanup
done_testing
