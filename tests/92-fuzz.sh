#!/bin/sh
# 92-fuzz: ctfuzz (tests/progs/ctfuzz.c) for about 30 s on each of two
# subsystem combinations, four workers on four CPUs, fixed seeds; then the
# tree must be gone, every file must read, the hierarchy must mount again,
# nothing may stay bound, the debug counts come back and neither the kernel
# log nor kmemleak may report anything.  A failure prints the seed and the
# command that replays it.  `make stress` is the long form.
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start debug
command -v ctfuzz >/dev/null || skip_all "no ctfuzz"
is "$(ct_debug_counts)" "$CT_BASE" "the debug counts start at the baseline"
n=0
for o in cpuset,numtasks,bc cpuacct,debug,ns; do
	n=$((n + 1))
	ok=1
	for s in $(echo $o | tr , ' '); do ct_has $s || ok=; done
	if [ -z "$ok" ]; then
		skip "-o $o" "a subsystem of it is not built"
		continue
	fi
	ct_fuzz_round $o 30 4 $((9200 + n))
done
ct_kmemleak
ct_cleanup
done_testing
