#!/bin/sh
# stress.sh SECS SEED - the guest side of `make stress` (lab/stress); not a
# test of `make test` (no NN- prefix).  For SECS seconds in all, ctfuzz runs
# on every subsystem combination in turn (each non-empty subset of
# /proc/containers, then none,name=fzs; the time split evenly, at least
# 20 s a combination, starting at combination SEED % N), four workers,
# seed SEED + the combination's index; beside each run, the race loops of
# 90-race.sh (mkdir/rmdir churn, moves of a forking task, moves of a
# threaded process and its threads, readers of tasks and /proc/*/container,
# kill-then-rmdir) on a hierarchy of their own, none,name=race.  After each
# run: the checks of ct_fuzz_round (tests/ctlib.sh); at the end a kmemleak
# scan.  TAP, then "N passed, N failed".
. /tests/lib.sh
. /tests/ctlib.sh

SECS=${1:-1800}
SEED=${2:-1}
ct_start debug
R=$CT/race
RW=/tmp/race
mkdir -p $RW

# the race loops of 90-race.sh, for $1 seconds, on $R
race_start() {
	_rs=$1
	rm -f $RW/*
	ct_mount $R none,name=race || { not_ok "race: mount none,name=race"; return 1; }
	mkdir $R/f1 $R/f2 $R/t1 $R/t2 $R/churn
	(ctool churn $_rs $R/churn >$RW/churn 2>&1; echo $? >$RW/churn.rc) &
	ctool forker 10 >/dev/null 2>&1 &
	FP=$!
	echo $FP >$R/f1/tasks
	(ctool forkrace $_rs $FP $R/f1 $R/f2 >$RW/forkrace 2>&1; echo $? >$RW/forkrace.rc) &
	ctool threads 8 >$RW/thr 2>&1 &
	TP=$!
	(
		ct_uptime
		_end=$((CT_UP + _rs))
		i=0
		while [ "$CT_UP" -lt $_end ]; do
			echo $TP >$R/t$((i % 2 + 1))/procs
			for t in $(ls /proc/$TP/task 2>/dev/null); do
				echo $t >$R/t$(((i + 1) % 2 + 1))/tasks
			done
			i=$((i + 1))
			ct_uptime
		done 2>/dev/null
		echo $i >$RW/threads
	) &
	(ctool readall $_rs "$R/*/tasks" "$R/*/procs" "$CT/a/*" "$CT/a/*/*" /proc/containers \
		"/proc/[0-9]*/container" >$RW/readers 2>&1) &
	(ctool killrmdir $_rs $R >$RW/killrmdir 2>&1; echo $? >$RW/killrmdir.rc) &
}

race_stop() {
	ct_wait 120 test -s $RW/churn.rc -a -s $RW/threads -a -s $RW/readers -a \
		-s $RW/killrmdir.rc -a -s $RW/forkrace.rc
	is "$(cat $RW/forkrace.rc $RW/churn.rc $RW/killrmdir.rc 2>/dev/null | tr -d '\n')" 000 \
		"race loops: no child left behind, churn and kill-rmdir as expected"
	diag "race: churn $(cat $RW/churn), forkrace $(tail -n 1 $RW/forkrace), kill-rmdir $(cat $RW/killrmdir), readers $(cat $RW/readers), thread moves $(cat $RW/threads)"
	kill -9 $FP $TP 2>/dev/null
	wait $FP $TP 2>/dev/null
	ct_until 10 'test -z "$(cat $R/*/tasks)"'
	ct_umount $R
}

# the combinations: every non-empty subset of the subsystems, then none
subs=$(ct_subsystems)
n=$(echo $subs | wc -w)
combos=
m=1
while [ $m -lt $((1 << n)) ]; do
	c= i=0
	for s in $subs; do
		[ $((m >> i & 1)) = 1 ] && c=${c:+$c,}$s
		i=$((i + 1))
	done
	combos="$combos $c"
	m=$((m + 1))
done
combos="$combos none,name=fzs"
nc=$(echo $combos | wc -w)
per=$((SECS / nc))
[ $per -ge 20 ] || per=20
runs=$((SECS / per))
[ $runs -ge 1 ] || runs=1
[ $runs -le $nc ] || runs=$nc
first=$((SEED % nc))
diag "stress: $SECS s, seed $SEED: $runs of $nc combinations, $per s each (race loops beside)"

is "$(ct_debug_counts)" "$CT_BASE" "the debug counts start at the baseline"
CT_FUZZ_KEEP=1
CT_FUZZ_PRE='race_start $per'
CT_FUZZ_POST='race_stop'
k=0
while [ $k -lt $runs ]; do
	idx=$(((first + k) % nc))
	set -- $combos
	shift $idx
	ct_fuzz_round "$1" $per 4 $((SEED + idx))
	ct_cleanup
	k=$((k + 1))
done
ct_kmemleak "after the stress"
CT_KLOG_MARK=0
is "$(ct_klog_bad | head -n 5)" "" "the whole kernel log is clean (seed $SEED)"
ct_cleanup
echo "# stress: seed $SEED"
echo "$((_tap_n - _tap_failed)) passed, $_tap_failed failed"
done_testing
