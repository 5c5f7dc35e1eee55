#!/bin/sh
# 31-cpuacct-exit: an exiting task stays in its groups for accounting until
# it is reaped, but leaves them for membership at exit (issue 12, bug 5):
# - a parent in a cpuacct group forks children one after another, each
#   burning 3 ms of CPU without sleeping (most of it without a system call,
#   so the scheduler has not accounted it yet when the child exits) and
#   exiting; the group's cpuacct.usage grows by the parent's own CPU time
#   plus the children's whole CPU time from wait4's rusage, short by no
#   more than 1/100 of a tick per child (the old exit lost each child's
#   last partial tick to the top group);
# - a zombie that burned CPU in a group of its own: the group was charged
#   all the zombie ran there, does not list it, has its release agent run
#   and can be removed before the zombie is reaped; reaping it afterwards
#   is clean (the runner checks the kernel log: KASAN, refcounts).
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start cpuacct
ct_workdir 31
ct_mount $A cpuacct || skip_all "cannot mount -o cpuacct"
TICK_NS=4000000			# CONFIG_HZ=250 (configs/base)
N=100 SECS=20 US=3000
mkdir $A/g

# --- many children that burn and exit -----------------------------------------
out=$(burnkids $A/g $N $SECS $US)
rc=$?
diag "$out"
# children N usage_ns U parent_ns P parent_max_ns PM rusage_ns R short_ns S over_ns O
set -- $out
if [ "$rc" != 0 ] || [ "$1" != children ] || [ "${13}" != over_ns ]; then
	not_ok "burnkids ran (status $rc)"
else
	n=$2 u=$4 p=$6 pm=$8 r=${10} short=${12} over=${14}
	ok "burnkids ran $n children of $US us each"
	check "at least 20 children in $SECS s" test "$n" -ge 20
	tol=$((n * TICK_NS / 100))
	diag "group charged $u ns; parent $p..$pm + children $r ns;" \
		"short by $short ns ($((short / (n > 0 ? n : 1))) ns a child), tolerance $tol ns"
	check "the group was charged the children's whole CPU time: short by $short <= $tol ns" \
		test "$short" -le "$tol"
	# nothing else runs in g: a charge much above its tasks' time is a
	# double charge (the slack: a child's last instructions after the
	# parent sampled its rusage)
	otol=$((n * TICK_NS / 4))
	check "... and not more than a quarter tick a child above it ($over <= $otol ns)" \
		test "$over" -le "$otol"
fi
is "$(cat $A/g/tasks)" "" "g is empty after the children were reaped"
check "g can be removed" rmdir $A/g

# --- a zombie in a group of its own --------------------------------------------
cat >$W/agent <<EOF
#!/bin/sh
echo "\$1" >>$W/released
EOF
chmod 0755 $W/agent
echo $W/agent >$A/release_agent
mkdir $A/z
echo 1 >$A/z/notify_on_release
# the parent stays in the root; the child joins z, burns 20 ms and exits
burnkids -z $A/z 20000 >$W/z &
zp=$!
ct_wait 20 test -s $W/z
read -r z c0 <$W/z
if [ -z "$c0" ]; then
	not_ok "the child joined z"
	diag "$(cat $W/z)"
	z=
else
	ok "the child joined z"
	ct_until 30 "grep -q '^State:.*Z' /proc/$z/status"
	like "$(grep '^State' /proc/$z/status)" 'Z' "it burned 20 ms and is a zombie"
	# its last instructions after it became a zombie: until the usage
	# stays the same for half a second (nothing else runs in z)
	IFS= read -r uz <$A/z/cpuacct.usage
	i=0
	while [ $i -lt 10 ]; do
		sleep 0.5
		IFS= read -r u2 <$A/z/cpuacct.usage
		[ "$u2" != "$uz" ] || break
		uz=$u2 i=$((i + 1))
	done
	is "$(cat $A/z/tasks)" "" "z does not list the zombie"
	ct_wait 10 grep -qx /z $W/released
	is "$(cat $W/released 2>/dev/null)" /z "z's release agent ran before the zombie was reaped"
	errno_is OK "z can be removed while its zombie is not reaped" rmdir $A/z
	gone "... and it is gone" $A/z
fi
kill -TERM $zp
wait $zp
rc=$?
out=$(cat $W/z)
diag "$out"
set -- $(tail -n 1 $W/z)
if [ "$rc" = 0 ] && [ "$1" = rusage_ns ] && [ -n "$z" ]; then
	check "the zombie was reaped after its group went" test ! -e /proc/$z
	want=$(($2 - c0))
	diag "z charged $uz ns; the child ran $want ns after it joined (rusage $2, at the join $c0)"
	check "z was charged all the child ran there ($uz >= $want)" test "$uz" -ge "$want"
else
	not_ok "the parent reaped the zombie (status $rc)"
fi
rmdir $A/z 2>/dev/null

echo >$A/release_agent
ct_umount $A
is "$(ct_hier cpuacct)" 0 "cpuacct is unbound again"
ct_cleanup
rm -rf $W
done_testing
