#!/bin/sh
# 24-cpuset-fs: the cpuset filesystem and /proc/PID/cpuset (spec 12).
# "mount -t cpuset" is the cpuset hierarchy with noprefix and
# release_agent=/sbin/cpuset_release_agent, found by the equivalent
# "mount -t container" and refused (EBUSY) where that would be; it shows
# as type cpuset in /proc/mounts and takes no options of its own; a
# remount keeps it.  /proc/PID/cpuset is the task's group path, "/" while
# cpuset is unbound.
# timeout: 300
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start cpuset
D=/dev/cpuset
C=$CT/c
mkdir -p $D $C $CT/x
AGENT=/sbin/cpuset_release_agent

mountline() { awk -v d="$1" '$2 == d' /proc/mounts; }
mkcs() {	# mkcs DIR: a group with CPUs 0-1 and node 0, on a noprefix mount
	mkdir "$1" && echo 0-1 >"$1/cpus" && echo 0 >"$1/mems"
}

# --- the filesystem type ----------------------------------------------
like "$(grep -w cpuset /proc/filesystems)" '^nodev[[:space:]]+cpuset$' \
	"/proc/filesystems lists cpuset (nodev)"
is "$(cat /proc/self/cpuset)" / "/proc/self/cpuset is / while cpuset is unbound"
is "$(cat /proc/1/cpuset)" / "/proc/1/cpuset is / too"
sleep 600 &
S=$!
is "$(cat /proc/$S/cpuset)" / "... and so is a sleeper's"

errno_is EINVAL "mount -t cpuset -o cpuacct: no options of its own" \
	mount none $D cpuset cpuacct
errno_is EINVAL "mount -t cpuset -o noprefix: none at all" mount none $D cpuset noprefix
is "$(ct_hier cpuset)" 0 "the refused mounts left cpuset unbound"
check "mount -t cpuset none $D" mount -t cpuset none $D
is "$(mountline $D | cut -d' ' -f1,3)" "none cpuset" "/proc/mounts: type cpuset"
like "$(mountline $D | cut -d' ' -f4)" \
	"^rw,(.*,)?cpuset,noprefix,release_agent=$AGENT( |$)" \
	"... with cpuset,noprefix,release_agent=$AGENT"
id=$(ct_hier cpuset)
like "$id" '^[1-9][0-9]*$' "cpuset is bound to hierarchy $id"
like "$(grep "^$id:" /proc/self/container)" "^$id:cpuset:/\$" \
	"/proc/self/container: $id:cpuset:/"
for f in cpus mems cpu_exclusive mem_exclusive memory_migrate tasks \
	notify_on_release release_agent; do
	exists "the root has $f (no prefix)" $D/$f
done
gone "... and no cpuset.cpus" $D/cpuset.cpus
is "$(cat $D/release_agent)" $AGENT "release_agent reads $AGENT"
is "$(cat $D/cpus)" "$(cat /sys/devices/system/cpu/online)" "the root has every online CPU"

# --- groups, and /proc/PID/cpuset following the task --------------------
check "make group a (CPUs 0-1, node 0)" mkcs $D/a
check "make group a/b" mkcs $D/a/b
check "move the sleeper to a/b" sh -c "echo $S >$D/a/b/tasks"
is "$(cat /proc/$S/cpuset)" /a/b "/proc/PID/cpuset: /a/b"
like "$(grep "^$id:" /proc/$S/container)" "^$id:cpuset:/a/b\$" \
	"/proc/PID/container agrees"
is "$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$S/status)" 0-1 \
	"the sleeper runs on the group's CPUs"
check "move it to a" sh -c "echo $S >$D/a/tasks"
is "$(cat /proc/$S/cpuset)" /a "/proc/PID/cpuset: /a"
is "$(cat /proc/self/cpuset)" / "the reader itself is still in /"

# --- the same hierarchy through -t container ----------------------------
check "-t container -o cpuset,noprefix,release_agent=$AGENT mounts it too" \
	mount -t container -o cpuset,noprefix,release_agent=$AGENT none $C
exists "... the same hierarchy: a/b is there" $C/a/b
is "$(ct_hier cpuset)" "$id" "... the same hierarchy id"
like "$(mountline $C | cut -d' ' -f3)" '^container$' "that mount shows as type container"
check "a group made there" mkdir $C/c2
exists "... is seen through the cpuset mount" $D/c2
rmdir $C/c2
umount $C
errno_is EBUSY "-t container -o cpuset (prefixed) while it is noprefix" \
	mount none $C container cpuset
errno_is EBUSY "-t container with another release agent" \
	mount none $C container "cpuset,noprefix,release_agent=/bin/other"
errno_is EBUSY "-t container -o cpuset,cpuacct (another set)" \
	mount none $C container cpuset,cpuacct,noprefix

# --- remount --------------------------------------------------------------
check "mount -o remount $D" mount -o remount $D
is "$(mountline $D | cut -d' ' -f3)" cpuset "... still type cpuset"
exists "... groups kept" $D/a/b
check "remount with the options /proc/mounts shows" \
	mount -o remount,cpuset,noprefix,release_agent=$AGENT $D
check "remount -o cpuset: noprefix is the type's, not an option" \
	try remount $D cpuset cpuset
exists "... files still without prefix" $D/a/b/cpus
errno_is EBUSY "remount adding cpuacct while groups exist" \
	remount $D cpuset cpuset,cpuacct,noprefix

# --- unmount with groups left, mount again --------------------------------
check "unmount with groups left" umount $D
is "$(ct_hier cpuset)" "$id" "the hierarchy lives on"
is "$(cat /proc/$S/cpuset)" /a "/proc/PID/cpuset still /a"
check "mount -t cpuset again" mount -t cpuset cpuset $D
exists "... groups back" $D/a/b
is "$(mountline $D | cut -d' ' -f1,3)" "cpuset cpuset" "source and type in /proc/mounts"

# --- cpuset bound elsewhere first ---------------------------------------
kill $S
wait $S 2>/dev/null
ct_umount $D
mkdir -p $D
is "$(ct_hier cpuset)" 0 "cpuset unbound once its groups are gone"
is "$(cat /proc/self/cpuset)" / "/proc/self/cpuset: / again"
if ct_has cpuacct; then
	check "mount -t container -o cpuset,cpuacct" ct_mount $C cpuset,cpuacct
	errno_is EBUSY "mount -t cpuset while cpuset is bound with cpuacct" \
		mount none $D cpuset
	umount $C
else
	skip "mount -t cpuset while cpuset is bound with cpuacct" "no cpuacct"
fi
check "mount -t container -o cpuset" ct_mount $C cpuset
errno_is EBUSY "mount -t cpuset while cpuset is bound with its prefix" mount none $D cpuset
check "... and a group there" mkdir $C/p
check "sh in it" sh -c "echo 0 >$C/p/cpuset.cpus && echo 0 >$C/p/cpuset.mems"
is "$(sh -c "echo \$\$ >$C/p/tasks && cat /proc/self/cpuset")" /p \
	"/proc/PID/cpuset follows the prefixed hierarchy too"
ct_umount $C
is "$(ct_hier cpuset)" 0 "cpuset is unbound at the end"

# --- a user without CAP_SYS_ADMIN -----------------------------------------
if command -v su >/dev/null 2>&1 && grep -q '^nobody:' /etc/passwd; then
	out=$(su -s /bin/sh nobody -c "mount -t cpuset none $D" 2>&1)
	rc=$?
	if [ $rc != 0 ] && ! grep -q " $D cpuset" /proc/mounts; then
		ok "nobody cannot mount -t cpuset"
	else
		not_ok "nobody cannot mount -t cpuset"
		diag "$out"
		umount $D 2>/dev/null
	fi
else
	skip "nobody cannot mount -t cpuset" "no su or no nobody"
fi

rmdir $D 2>/dev/null
done_testing
