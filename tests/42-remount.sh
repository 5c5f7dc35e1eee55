#!/bin/sh
# 42-remount: remounts that bind and unbind subsystems (issue 12)
# - bug 4: writes to the top group's cpuacct.usage, through descriptors
#   held open, against remounts that drop cpuacct and bring it back, from
#   other CPUs: each write works or fails with ENODEV, the kernel does not
#   crash, and everything unmounts cleanly afterwards;
# - bug 9: each allocation of a remount that adds subsystems fails in turn
#   (fault injection, as in 19-faults): the remount then fails with ENOMEM
#   and /proc/containers, the top group's files and the mount options are
#   exactly as before, or it succeeds whole; afterwards remounts work;
# - bug 11: noprefix names must not collide: debug.stat and cpuacct.stat
#   are both "stat", so -o cpuacct,debug,noprefix fails with EINVAL and
#   leaves nothing mounted or bound, each alone works, and a remount of a
#   debug,noprefix hierarchy that adds cpuacct fails and changes nothing.
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start cpuacct debug
ct_workdir 42

# the state a remount may change, with shell builtins only: the mount's
# options, /proc/containers, the top group's files
state() {
	S="options:"
	while read -r _d _m _t _o _r; do
		[ "$_m" = "$A" ] && S="$S $_o"
	done </proc/mounts
	S="$S containers:"
	while IFS='	' read -r _s _h _n _e; do
		S="$S $_s=$_h/$_n/$_e"
	done </proc/containers
	set -- "$A"/*
	S="$S files: $*"
}
remount() { try remount "$1" container "$2" >/dev/null; }

# --- bug 4: writes to a top file against remounts that unbind it ---------------
SECS=15
ct_mount $A cpuacct,debug || skip_all "cannot mount -o cpuacct,debug"
remounter race $SECS $A cpuacct.usage 0 cpuacct,debug debug >$W/race 2>&1 &
rp=$!
ct_until $((SECS + 60)) "! kill -0 $rp 2>/dev/null"
if kill -0 $rp 2>/dev/null; then
	not_ok "writes against remounts: the race did not end in $((SECS + 60)) s"
	diag "$(cat $W/race)" "kernel log:" "$(dmesg | tail -n 30)"
	done_testing	# nothing more can be trusted (container_mutex is held?)
fi
wait $rp
rc=$?
diag "$(cat $W/race)"
is "$rc" 0 "$SECS s of writes to the top's cpuacct.usage against remounts: OK or ENODEV, every remount worked"
like "$(tail -n 1 $W/race)" \
	'^remounts [1-9][0-9]* failed 0 writes [0-9]+ ok [1-9][0-9]* enodev [1-9][0-9]* other 0 ' \
	"writes worked and writes found their file gone"
is "$(ct_hier cpuacct)" "$(ct_hier debug)" "cpuacct is bound to the hierarchy again"
wr_is OK "the top's cpuacct.usage can be written" $A/cpuacct.usage 0
check "the hierarchy unmounts" umount $A
is "$(ct_hier cpuacct):$(ct_hier debug)" 0:0 "nothing is bound any more"

# --- bug 9: a remount that adds subsystems, each allocation failing in turn ------
FS=/sys/kernel/debug/failslab
ADD=$(ct_subsystems | grep -vx debug | tr '\n' ',')
ADD=${ADD%,}
if [ ! -e /proc/self/fail-nth ] || [ ! -d $FS ]; then
	skip "a failed remount changes nothing" "no CONFIG_FAULT_INJECTION / CONFIG_FAILSLAB"
elif ! ct_mount $A debug; then
	not_ok "mount -o debug"
else
	old_wait=$(cat $FS/ignore-gfp-wait)
	old_verbose=$(cat $FS/verbose)
	restore() {
		echo "$old_wait" >$FS/ignore-gfp-wait
		echo "$old_verbose" >$FS/verbose
	}
	trap restore EXIT
	# every GFP_KERNEL kmalloc of the remount, silently
	echo N >$FS/ignore-gfp-wait
	echo 0 >$FS/verbose
	if [ -e $FS/require-start ]; then
		echo 0 >$FS/require-start
		echo 0xffffffffffffffff >$FS/require-end
	fi
	OPTS=debug,$ADD
	state
	BEFORE=$S
	out=$(remounter faults 60 $A debug $OPTS)
	rc=$?
	diag "$out"
	set -- $(echo "$out" | grep '^points')
	if [ "$1" != points ]; then
		not_ok "remount -o $OPTS with each allocation failing in turn ran"
	else
		ok "remount -o $OPTS passes $2 injection points; $4 tried in 60 s at most"
		check "... the remount failed with ENOMEM at $6 of them" test "$6" -ge 1
		is "$rc" 0 "... each failed remount changed nothing, each that worked bound everything"
	fi
	state
	is "$S" "$BEFORE" "... and the hierarchy is as before"
	restore
	trap - EXIT
	state
	[ "$S" = "$BEFORE" ] || remount $A debug
	check "then remount -o $OPTS works" remount $A $OPTS
	check "... with the added subsystems' files" test -e $A/cpuacct.usage
	is "$(ct_hier cpuacct)" "$(ct_hier debug)" "... and cpuacct bound to it"
	check "... and remount -o debug" remount $A debug
	is "$(ct_hier cpuacct)" 0 "... unbinds it"
	check "... and the hierarchy unmounts" umount $A
fi
ct_cleanup

# --- bug 11: noprefix collisions ------------------------------------------------
mkdir -p $A
errno_is EINVAL "mount -o cpuacct,debug,noprefix: both have a file 'stat'" \
	mount none $A container cpuacct,debug,noprefix
if grep -q " $A " /proc/mounts; then
	not_ok "... and nothing is mounted"
	umount $A
else
	ok "... and nothing is mounted"
fi
is "$(ct_hier cpuacct):$(ct_hier debug)" 0:0 "... nor bound"

if check "mount -o cpuacct,debug" ct_mount $A cpuacct,debug; then
	exists "... has debug.stat" $A/debug.stat
	exists "... and cpuacct.stat" $A/cpuacct.stat
	st=$(cat $A/debug.stat 2>/dev/null | tr '\n' ' ')
	want=
	for f in css_groups containers css hierarchies; do
		want="$want$f $(cat $A/debug.$f) "
	done
	is "$st" "$want" "debug.stat: the four counts"
	umount $A
fi

if check "mount -o debug,noprefix" ct_mount $A debug,noprefix; then
	like "$(cat $A/stat 2>/dev/null | tr '\n' ' ')" \
		'^css_groups [0-9]+ containers [0-9]+ css [0-9]+ hierarchies [0-9]+ $' \
		"... its debug.stat is 'stat'"
	exists "... and debug.css_groups is 'css_groups'" $A/css_groups
	state
	before=$S
	errno_is EINVAL "remount -o cpuacct,debug,noprefix: cpuacct.stat would be 'stat' too" \
		remount $A container cpuacct,debug,noprefix
	state
	is "$S" "$before" "... changes nothing: options, /proc/containers, files"
	is "$(ct_hier cpuacct)" 0 "... cpuacct is not bound"
	# the old kernel took the remount: take cpuacct off again
	[ "$(ct_hier cpuacct)" = 0 ] || remount $A debug,noprefix
	state
	before=$S
	errno_is EINVAL "remount -o cpuacct,debug (without noprefix) fails too" \
		remount $A container cpuacct,debug
	state
	is "$S" "$before" "... and changes nothing either"
	# the old kernel took the remount: take cpuacct off again
	[ "$(ct_hier cpuacct)" = 0 ] || remount $A debug,noprefix
	check "... and the hierarchy unmounts" umount $A
fi

if check "mount -o cpuacct,noprefix" ct_mount $A cpuacct,noprefix; then
	like "$(cat $A/stat 2>/dev/null | tr '\n' ' ')" '^user [0-9]+ system [0-9]+ $' \
		"... its cpuacct.stat is 'stat'"
	exists "... and cpuacct.usage is 'usage'" $A/usage
	umount $A
fi
is "$(ct_hier cpuacct):$(ct_hier debug)" 0:0 "nothing is bound at the end"

ct_cleanup
rm -rf $W
done_testing
