#!/bin/sh
# 16-proc: /proc/PID/container and /proc/containers (spec 5) - exact
# formats, hierarchy ids, subsystem order, name=, paths, threads.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start debug cpuacct
ct_workdir 16
TAB=$(printf '\t')

# --- /proc/containers, nothing mounted -----------------------------------------
is "$(head -n 1 /proc/containers)" "#subsys_name${TAB}hierarchy${TAB}num_containers${TAB}enabled" "the header, tab separated"
bad=$(sed 1d /proc/containers | grep -vE "^[a-z_0-9]+${TAB}0${TAB}1${TAB}1\$")
is "$bad" "" "unbound: every line is NAME<TAB>0<TAB>1<TAB>1"
is "$(sed 1d /proc/containers | cut -f1 | sort | uniq -d)" "" "each subsystem once"
is "$(cat /proc/self/container)" "" "/proc/self/container is empty with no hierarchy"
order=$(ct_subsystems | tr '\n' ' ')
diag "subsystems: $order"

# --- ids and subsystem order -------------------------------------------------------
ct_mount $CT/a debug,cpuacct
ct_mount $CT/b none,name=pt
if ct_has cpuset; then
	ct_mount $CT/c cpuset,name=cs
fi
is "$(grep "^cpuacct$TAB" /proc/containers)" "cpuacct${TAB}1${TAB}1${TAB}1" "cpuacct: hierarchy 1, 1 group"
is "$(grep "^debug$TAB" /proc/containers)" "debug${TAB}1${TAB}1${TAB}1" "debug: hierarchy 1, 1 group"
want="1:cpuacct,debug:/
2:name=pt:/"
ct_has cpuset && want="$want
3:cpuset,name=cs:/"
is "$(cat /proc/self/container)" "$want" "/proc/self/container: ids 1, 2, 3 in order, subsystems in /proc/containers order"
umount $CT/a
check "mount cpuacct,debug (other order): the same set" mount -t container -o cpuacct,debug none $CT/a
is "$(head -n 1 /proc/self/container)" "1:cpuacct,debug:/" "listed in /proc/containers order, id 1 reused"

# --- paths -----------------------------------------------------------------------------
mkdir -p $CT/a/x/y/z $CT/b/p
sh -c "echo 0 >$CT/a/x/y/z/tasks; echo 0 >$CT/b/p/tasks; exec sleep 300" &
sp=$!
ct_wait 5 grep -q ':/x/y/z$' /proc/$sp/container
want="1:cpuacct,debug:/x/y/z
2:name=pt:/p"
ct_has cpuset && want="$want
3:cpuset,name=cs:/"
is "$(cat /proc/$sp/container)" "$want" "/proc/PID/container of another task"
is "$(grep "^debug$TAB" /proc/containers)" "debug${TAB}1${TAB}4${TAB}1" "debug: 4 groups"
is "$(grep "^cpuacct$TAB" /proc/containers)" "cpuacct${TAB}1${TAB}4${TAB}1" "cpuacct counts the same hierarchy"
mv $CT/a/x/y $CT/a/x/w
is "$(head -n 1 /proc/$sp/container)" "1:cpuacct,debug:/x/w/z" "a rename shows in the path"

# --- threads ------------------------------------------------------------------------------
ctool threads 2 >$W/thr &
tp=$!
ct_wait 10 grep -qs ready $W/thr
t2=$(ls /proc/$tp/task | grep -vx $tp)
echo $t2 >$CT/a/x/tasks
is "$(head -n 1 /proc/$tp/task/$t2/container)" "1:cpuacct,debug:/x" "/proc/PID/task/TID/container: the thread's group"
is "$(head -n 1 /proc/$tp/task/$tp/container)" "1:cpuacct,debug:/" "the leader's stays /"
is "$(head -n 1 /proc/$tp/container)" "1:cpuacct,debug:/" "/proc/PID/container is the leader's"

# --- format of every line of every process ----------------------------------------------
bad=$(cat /proc/[0-9]*/container 2>/dev/null | grep -cvE '^[1-9][0-9]*:[a-z0-9_,=.-]*:/[^ ]*$')
is "$bad" 0 "every /proc/PID/container line matches ID:SUBSYS...:PATH"

# --- an unmounted hierarchy with groups keeps its id -----------------------------------------
umount $CT/b
is "$(sed -n 2p /proc/$sp/container)" "2:name=pt:/p" "a hierarchy kept for its groups is still listed"

kill $sp $tp
wait $sp $tp 2>/dev/null
mkdir -p $CT/b
mount -t container -o none,name=pt none $CT/b
ct_umount $CT/b
ct_umount $CT/a
ct_umount $CT/c
is "$(sed 1d /proc/containers | grep -vE "^[a-z_0-9]+${TAB}0${TAB}1${TAB}1\$")" "" "all unbound again"
is "$(cat /proc/self/container)" "" "/proc/self/container empty again"
ct_cleanup
rm -rf $W
done_testing
