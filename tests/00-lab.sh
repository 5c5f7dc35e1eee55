#!/bin/sh
# 00-lab: the lab boots what we think it boots - a 6.12 kernel on 4 CPUs in
# 2 NUMA nodes - and cgroup v1's cpuacct, the control for later comparisons,
# works.
. "$(dirname "$0")/lib.sh"

release=$(uname -r)
like "$release" '^6\.12\.' "uname -r is 6.12.x ($release)"
is "$(cat /sys/devices/system/cpu/online)" 0-3 "CPUs 0-3 online"
is "$(cat /sys/devices/system/node/online)" 0-1 "NUMA nodes 0-1 online"
is "$(cat /sys/devices/system/node/node1/cpulist 2>/dev/null)" 2-3 "node 1 holds CPUs 2-3"

mkdir -p /mnt/cpuacct
if [ ! -e /proc/cgroups ]; then
	# obj-nocg: CONFIG_CGROUPS=n
	errno_is ENODEV "no cgroup filesystem without CONFIG_CGROUPS" mount none /mnt/cpuacct cgroup cpuacct
elif check "cgroup v1 cpuacct mounts" mount -t cgroup -o cpuacct none /mnt/cpuacct; then
	usage=$(cat /mnt/cpuacct/cpuacct.usage 2>/dev/null)
	like "$usage" '^[0-9]+$' "cpuacct.usage reads a number ($usage)"
	check "cgroup v1 cpuacct unmounts" umount /mnt/cpuacct
else
	skip "cpuacct.usage reads a number" "not mounted"
	skip "cgroup v1 cpuacct unmounts" "not mounted"
fi
rmdir /mnt/cpuacct

done_testing
