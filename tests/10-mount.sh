#!/bin/sh
# 10-mount: the container filesystem (spec 1) - mount options and their
# errors, several hierarchies, re-mount of an identical set, named
# hierarchies without subsystems, noprefix, remount rules, umount with
# groups left and the next mount bringing them back, umount of an empty
# hierarchy freeing its subsystems at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start debug
mkdir -p $CT/a $CT/b $CT/c $CT/d
chmod 0777 $CT/a

files() { ls "$1" | tr '\n' ' '; }
selfline() { grep -E "^[0-9]+:$1:" /proc/self/container; }

# --- one subsystem ------------------------------------------------------
check "mount -o debug (source is ignored)" mount -t container -o debug whatever $CT/a
id=$(ct_hier debug)
like "$id" '^[1-9][0-9]*$' "debug is bound to hierarchy $id"
is "$(ct_ngroups debug)" 1 "the new hierarchy has one group, its root"
is "$(ct_hier cpuacct)" 0 "cpuacct stays unbound"
f=$(files $CT/a)
like "$f" '(^| )tasks ' "root has tasks"
like "$f" '(^| )procs ' "root has procs"
like "$f" '(^| )notify_on_release ' "root has notify_on_release"
like "$f" '(^| )release_agent ' "root has release_agent"
like "$f" '(^| )debug\.css_groups ' "root has debug.css_groups (prefixed)"
if printf '%s' "$f" | grep -q 'cpuacct\.\|cpuset\.'; then
	not_ok "no files of unbound subsystems"
	diag "$f"
else
	ok "no files of unbound subsystems"
fi
is "$(selfline debug)" "$id:debug:/" "/proc/self/container: $id:debug:/"
alltids() { ls -d /proc/[0-9]*/task/[0-9]* | sed 's|.*/||' | sort -n; }
alltids >/tmp/ct10.1
cat $CT/a/tasks >/tmp/ct10.t
alltids >/tmp/ct10.2
grep -xF -f /tmp/ct10.1 /tmp/ct10.2 >/tmp/ct10.both
is "$(grep -cvxF -f /tmp/ct10.t /tmp/ct10.both)" 0 "the root holds every task ($(wc -l </tmp/ct10.t) listed)"
rm -f /tmp/ct10.*

# --- option errors: EINVAL, nothing changes -----------------------------
before=$(cat /proc/containers)
errno_is EINVAL "unknown option" mount none $CT/b container bogus
errno_is EINVAL "unknown subsystem" mount none $CT/b container cpuacct,nosuch
errno_is EINVAL "all together with a subsystem" mount none $CT/b container all,cpuacct
errno_is EINVAL "none alone (no name=)" mount none $CT/b container none
errno_is EINVAL "none with a subsystem" mount none $CT/b container none,cpuacct,name=x
errno_is EINVAL "none with all" mount none $CT/b container none,all,name=x
errno_is EINVAL "empty name=" mount none $CT/b container none,name=
errno_is EINVAL "name with a slash" mount none $CT/b container none,name=a/b
errno_is EINVAL "name= without a value" mount none $CT/b container none,name
errno_is EINVAL "a flag with a value (noprefix=1)" mount none $CT/b container cpuacct,noprefix=1
errno_is EINVAL "a subsystem with a value" mount none $CT/b container cpuacct=1
errno_is EINVAL "name= given twice" mount none $CT/b container none,name=x,name=y
is "$(cat /proc/containers)" "$before" "failed mounts change nothing in /proc/containers"
is "$(awk '$2 == "'$CT/b'"' /proc/mounts)" "" "failed mounts leave nothing mounted"

# --- EBUSY: a subsystem bound to a hierarchy with a different set --------
errno_is EBUSY "debug,cpuacct while debug has its own hierarchy" \
	mount none $CT/b container debug,cpuacct
errno_is EBUSY "all while debug has its own hierarchy" mount none $CT/b container all
errno_is EBUSY "no option (= all) while debug is bound" mount none $CT/b container ""
errno_is EBUSY "debug,name=lab: same set, different name" mount none $CT/b container debug,name=lab
is "$(ct_hier cpuacct)" 0 "cpuacct still unbound after the EBUSY mounts"

# --- EPERM ----------------------------------------------------------------
errno_is EPERM "a user cannot mount" -u 1000 mount none $CT/a container cpuacct
errno_is EPERM "a user cannot mount a named hierarchy" -u 1000 mount none $CT/a container none,name=u

# --- the same set again: the same hierarchy -------------------------------
check "mount -o debug again at a second place" mount -t container -o debug none $CT/b
is "$(ct_hier debug)" "$id" "still hierarchy $id"
mkdir $CT/a/shared
if [ -d $CT/b/shared ]; then ok "a group made in one mount shows in the other"; else not_ok "a group made in one mount shows in the other"; fi
is "$(ct_ngroups debug)" 2 "/proc/containers counts 2 groups"
echo 1 >$CT/b/shared/notify_on_release
is "$(cat $CT/a/shared/notify_on_release)" 1 "a write through one mount reads back through the other"
rmdir $CT/b/shared
if [ ! -e $CT/a/shared ]; then ok "rmdir through one mount removes it from the other"; else not_ok "rmdir through one mount removes it from the other"; fi
errno_is EBUSY "same set with noprefix: EBUSY" mount none $CT/c container debug,noprefix
errno_is EBUSY "same set with another release_agent=: EBUSY" mount none $CT/c container debug,release_agent=/bin/x
umount $CT/b

echo /sbin/agent1 >$CT/a/release_agent
errno_is OK "same set with the same release_agent=" mount none $CT/b container debug,release_agent=/sbin/agent1
is "$(ct_hier debug)" "$id" "... is the same hierarchy"
umount $CT/b 2>/dev/null
echo >$CT/a/release_agent

# --- several hierarchies ---------------------------------------------------
check "cpuacct in a second hierarchy" mount -t container -o cpuacct none $CT/b
id2=$(ct_hier cpuacct)
if [ -n "$id2" ] && [ "$id2" != 0 ] && [ "$id2" != "$id" ]; then
	ok "cpuacct has its own hierarchy ($id2, debug $id)"
else
	not_ok "cpuacct has its own hierarchy ($id2, debug $id)"
fi
is "$(selfline cpuacct)" "$id2:cpuacct:/" "/proc/self/container lists the second hierarchy"
is "$(grep -c . /proc/self/container)" 2 "one line per hierarchy"
if [ -e $CT/b/cpuacct.usage ] && [ ! -e $CT/b/debug.css_groups ] && [ ! -e $CT/a/cpuacct.usage ]; then
	ok "each hierarchy shows only its own subsystems' files"
else
	not_ok "each hierarchy shows only its own subsystems' files"
fi
mkdir $CT/a/g $CT/b/g
echo $$ >$CT/a/g/tasks
is "$(selfline debug)" "$id:debug:/g" "moved in the debug hierarchy"
is "$(selfline cpuacct)" "$id2:cpuacct:/" "... and not in the cpuacct one"
echo $$ >$CT/a/tasks
rmdir $CT/a/g $CT/b/g
umount $CT/b

# --- named hierarchies -----------------------------------------------------
check "none,name=track" mount -t container -o none,name=track none $CT/b
tid=$(awk -F: '$2 == "name=track" { print $1 }' /proc/self/container)
like "$tid" '^[1-9][0-9]*$' "/proc/self/container: $tid:name=track:/"
is "$(files $CT/b)" "notify_on_release populated procs release_agent tasks " "a hierarchy without subsystems has only the framework's files"
mkdir $CT/b/t1
echo $$ >$CT/b/t1/tasks
is "$(awk -F: '$2 == "name=track" { print $3 }' /proc/self/container)" /t1 "processes are tracked in it"
echo $$ >$CT/b/tasks
rmdir $CT/b/t1
check "none,name=track again: the same hierarchy" mount -t container -o none,name=track none $CT/c
is "$(grep -c ':name=track:' /proc/self/container)" 1 "still one track hierarchy"
umount $CT/c
check "none,name=other: another hierarchy" mount -t container -o none,name=other none $CT/c
is "$(grep -c ':name=\(track\|other\):' /proc/self/container)" 2 "two named hierarchies"
errno_is EBUSY "cpuacct,name=track: the name belongs to another set" mount none $CT/d container cpuacct,name=track
umount $CT/c
umount $CT/b
errno_is OK "the name is free once its empty hierarchy is unmounted" mount none $CT/b container cpuacct,name=track
is "$(selfline 'cpuacct,name=track')" "$(ct_hier cpuacct):cpuacct,name=track:/" "name= labels a hierarchy with subsystems"
errno_is EBUSY "cpuacct without the name: different hierarchy, EBUSY" mount none $CT/c container cpuacct
umount $CT/b

# --- noprefix ---------------------------------------------------------------
umount $CT/a
check "debug,noprefix" mount -t container -o debug,noprefix none $CT/a
if [ -e $CT/a/css_groups ] && [ ! -e $CT/a/debug.css_groups ] && [ -e $CT/a/tasks ]; then
	ok "noprefix: subsystem files without the prefix"
else
	not_ok "noprefix: subsystem files without the prefix"
	diag "$(files $CT/a)"
fi
mkdir $CT/a/np
if [ -e $CT/a/np/nr_groups ] && [ -e $CT/a/np/tasks ]; then ok "noprefix applies to new groups"; else not_ok "noprefix applies to new groups"; fi
rmdir $CT/a/np
errno_is EBUSY "the same set without noprefix: EBUSY" mount none $CT/b container debug
umount $CT/b 2>/dev/null
check "cpuacct,noprefix beside it" mount -t container -o cpuacct,noprefix none $CT/b
if [ -e $CT/b/usage ] && [ ! -e $CT/b/cpuacct.usage ]; then ok "cpuacct's usage without prefix"; else not_ok "cpuacct's usage without prefix"; diag "$(files $CT/b)"; fi
umount $CT/b
umount $CT/a
if ct_has cpuacct && ct_has debug; then
	# cpuacct.stat and debug.stat would both be "stat"
	errno_is EINVAL "noprefix with every subsystem: two files named stat" mount none $CT/a container noprefix
else
	check "noprefix with every subsystem" mount -t container -o noprefix none $CT/a
	umount $CT/a
fi

# --- remount -----------------------------------------------------------------
check "mount debug,release_agent=/bin/one" mount -t container -o debug,release_agent=/bin/one none $CT/a
is "$(cat $CT/a/release_agent)" /bin/one "release_agent= sets the root's release_agent"
id=$(ct_hier debug)
errno_is OK "remount with the same options" remount $CT/a container debug,release_agent=/bin/one
errno_is OK "remount may change release_agent=" remount $CT/a container debug,release_agent=/bin/two
is "$(cat $CT/a/release_agent)" /bin/two "release_agent changed by remount"
errno_is EINVAL "remount cannot add noprefix" remount $CT/a container debug,noprefix
errno_is EINVAL "remount cannot add a name" remount $CT/a container debug,name=foo
errno_is EINVAL "remount with an unknown option" remount $CT/a container debug,bogus
errno_is OK "remount adds cpuacct (no child group)" remount $CT/a container debug,cpuacct
is "$(ct_hier cpuacct)" "$id" "cpuacct now in hierarchy $id"
if [ -e $CT/a/cpuacct.usage ]; then ok "cpuacct's files appear"; else not_ok "cpuacct's files appear"; fi
is "$(selfline 'cpuacct,debug')" "$id:cpuacct,debug:/" "/proc/self/container lists both, in /proc/containers order"
mkdir $CT/a/child
errno_is EBUSY "remount removing cpuacct with a child group" remount $CT/a container debug
errno_is EBUSY "remount adding cpuset with a child group" remount $CT/a container debug,cpuacct,cpuset
is "$(ct_hier cpuacct)" "$id" "cpuacct still bound after EBUSY"
if [ -e $CT/a/cpuacct.usage ] && [ -e $CT/a/child/cpuacct.usage ]; then ok "files unchanged after EBUSY"; else not_ok "files unchanged after EBUSY"; fi
rmdir $CT/a/child
errno_is OK "remount removing cpuacct once the child is gone" remount $CT/a container debug
is "$(ct_hier cpuacct)" 0 "cpuacct unbound again"
if [ ! -e $CT/a/cpuacct.usage ] && [ -e $CT/a/debug.css_groups ]; then ok "cpuacct's files are gone, debug's stay"; else not_ok "cpuacct's files are gone, debug's stay"; fi
check "cpuacct in its own hierarchy" mount -t container -o cpuacct none $CT/b
errno_is EBUSY "remount adding a subsystem bound elsewhere" remount $CT/a container debug,cpuacct
is "$(ct_hier debug)" "$id" "debug unchanged"
umount $CT/b
is "$(ct_hier cpuacct)" 0 "umount of an empty hierarchy unbinds at once"
umount $CT/a

# --- umount with groups left; the next mount brings them back -------------
mount -t container -o debug none $CT/a
id=$(ct_hier debug)
mkdir -p $CT/a/g1/g2
echo 1 >$CT/a/g1/notify_on_release
sleep 300 &
spid=$!
echo $spid >$CT/a/g1/g2/tasks
check "umount with groups left" umount $CT/a
if ! grep -q " $CT/a " /proc/mounts; then ok "the mount point is gone"; else not_ok "the mount point is gone"; fi
is "$(ct_hier debug)" "$id" "the hierarchy lives on (debug still in $id)"
is "$(ct_ngroups debug)" 3 "... with its 3 groups"
is "$(grep ":debug:" /proc/$spid/container)" "$id:debug:/g1/g2" "the task stays in its group"
errno_is EBUSY "debug,cpuacct: debug is still bound" mount none $CT/b container debug,cpuacct
check "mount debug again" mount -t container -o debug none $CT/b
if [ -d $CT/b/g1/g2 ]; then ok "the groups are back"; else not_ok "the groups are back"; fi
is "$(cat $CT/b/g1/g2/tasks)" "$spid" "with their tasks"
is "$(cat $CT/b/g1/notify_on_release)" 1 "and their settings"
kill $spid
wait $spid 2>/dev/null
rmdir $CT/b/g1/g2 $CT/b/g1
check "umount of the emptied hierarchy" umount $CT/b
is "$(ct_hier debug)" 0 "debug is free at once"

# --- an empty hierarchy frees its subsystems at once -------------------------
for i in 1 2 3; do
	mount -t container -o debug,cpuacct none $CT/a
	mkdir $CT/a/x
	rmdir $CT/a/x
	umount $CT/a
	errno_is OK "round $i: debug alone right after umount of debug,cpuacct" mount none $CT/a container debug
	errno_is OK "round $i: cpuacct alone beside it" mount none $CT/b container cpuacct
	umount $CT/a
	umount $CT/b
done

# --- all ----------------------------------------------------------------------
check "mount without options binds every subsystem" mount -t container none $CT/a
id=$(ct_hier debug)
n=$(awk -v id=$id '!/^#/ && $2 != id' /proc/containers | wc -l)
is "$n" 0 "every subsystem in hierarchy $id"
want=$(ct_subsystems | tr '\n' ',' | sed 's/,$//')
is "$(selfline "$want")" "$id:$want:/" "/proc/self/container: $id:$want:/"
umount $CT/a
check "mount -o all" mount -t container -o all none $CT/a
is "$(awk '!/^#/ && $2 == 0' /proc/containers)" "" "all binds every subsystem"
errno_is EBUSY "all,name=everything while unnamed all is mounted" mount none $CT/b container all,name=everything
umount $CT/a
check "all,name=everything is allowed (documented choice)" mount -t container -o all,name=everything none $CT/b
umount $CT/b 2>/dev/null
is "$(awk '!/^#/ && $2 != 0' /proc/containers)" "" "every subsystem unbound again"

# --- hierarchy slots ------------------------------------------------------------
n=0
res=OK
while [ $n -lt 20 ]; do
	n=$((n + 1))
	mkdir -p $CT/h/$n
	res=$(try mount none $CT/h/$n container none,name=h$n)
	[ "$res" = OK ] || break
done
is "$res" ENOSPC "hierarchy slots run out with ENOSPC (after $((n - 1)))"
for d in $CT/h/*; do umount "$d" 2>/dev/null; done
errno_is OK "slots are free again after umount" mount none $CT/a container none,name=again
umount $CT/a

ct_cleanup
done_testing
