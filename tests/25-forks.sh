#!/bin/sh
# 25-forks: the writer's guide's example subsystem (Documentation/
# containers.txt section 4, kernel/container_forks.c) does what the guide
# says: forks.count counts the forks of a group's tasks and its
# descendants', once each; the guide's own session prints 1; writing 0
# resets a group (not its children), anything else is EINVAL; unbound, it
# counts nothing.
# timeout: 120
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start_mount forks forks
M=$A
rd() { IFS= read -r RV <"$M/$1/forks.count"; }

check "make a, a/b and c" mkdir $M/a $M/a/b $M/c
rd a
is "$RV" 0 "a new group reads 0"

# the guide's session, word for word but the mount point
out=$(sh -c "echo \$\$ > $M/a/tasks; /bin/true; read n < $M/a/forks.count; echo \$n")
is "$out" 1 "the guide's example session prints 1"

# five forks in a/b: b counts 5, a counts them too, c nothing
sh -c "echo \$\$ > $M/a/b/tasks; for i in 1 2 3 4 5; do /bin/true; done"
rd a/b
is "$RV" 5 "five forks in a/b: a/b reads 5"
rd a
is "$RV" 6 "... a counts them too (1 + 5)"
rd c
is "$RV" 0 "... a sibling stays 0"

# reset, and what it refuses
wr_is OK "write 0 to a/forks.count" a/forks.count 0
rd a
is "$RV" 0 "a reads 0 after its reset"
rd a/b
is "$RV" 5 "... a/b keeps its count"
for bad in 1 -1 abc 0x0 "0 0" 18446744073709551616; do
	wr_is EINVAL "write '$bad' refused" a/b/forks.count "$bad"
done
rd a/b
is "$RV" 5 "the refused writes changed nothing"

# unmounted with groups gone, nothing counts; mounted again, from 0
rmdir $M/a/b $M/a $M/c
ct_umount $M
is "$(ct_hier forks)" 0 "forks is unbound again"
/bin/true
check "mount forks again" ct_mount $M forks
rd .
top=$RV
/bin/true
/bin/true
rd .
# kernel threads fork too, now and then: at least the shell's two
if [ "$RV" -ge $((top + 2)) ]; then
	ok "the top counts every fork in the hierarchy ($top, then $RV)"
else
	not_ok "the top counts every fork in the hierarchy ($top, then $RV)"
fi
ct_umount $M
done_testing
