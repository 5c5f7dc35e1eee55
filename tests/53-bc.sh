#!/bin/sh
# 53-bc: the bc subsystem, open files charged to groups (spec 11):
# - bc.numfiles.{held,maxheld,minheld,barrier,limit,failcnt} in every group,
#   root too; defaults; max or a number, bad writes EINVAL and nothing
#   changes, the root's not writable, barrier above limit EINVAL both ways;
#   held/failcnt read-only, maxheld/minheld take only 0 (a reset);
# - every struct file (open, pipe, socket(pair), epoll, eventfd, memfd, an
#   exec's binary) charged to the allocating task's group and ancestors,
#   uncharged when freed; dup and fork charge nothing; files opened before
#   the mount are not charged; charges stay where they were made: task
#   moved, descriptor passed to another group's task (SCM_RIGHTS, or
#   pidfd_getfd without networking), group removed (rmdir works);
# - non-root fails at the barrier, root at the limit (ENFILE, exec too);
#   the refusing level counts in failcnt, the levels below give the charge
#   back; ancestors' bounds hold; maxheld/minheld follow held;
# - storm: 4 workers on 4 CPUs, half unprivileged, open and close while
#   moved between two groups: ENFILE only, never over the limit, all counts
#   back to exactly 0.
# timeout: 600
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctlib.sh"

ct_start bc
ct_workdir 53

# bcfiles servers: server N (1..3) takes commands on descriptor 2N+1 and
# answers on 2N+2 (FIFOs), see tests/progs/bcfiles.c
sv_start() {
	_n=$1
	shift
	rm -f $W/in$_n $W/out$_n
	mkfifo $W/in$_n $W/out$_n
	# without the other servers' descriptors: each sees EOF when the
	# shell closes its own
	bcfiles "$@" serve 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- \
		<$W/in$_n >$W/out$_n 2>>$W/err &
	eval "SV$_n=\$!"
	eval "exec $((2 * _n + 1))>$W/in$_n $((2 * _n + 2))<$W/out$_n"
}
# sv N COMMAND...: the answer line
sv() {
	_n=$1
	shift
	_a=
	eval "echo \"\$*\" >&$((2 * _n + 1)); read -r _a <&$((2 * _n + 2))"
	echo "$_a"
}
sv_stop() {
	sv "$1" quit >/dev/null
	eval "exec $((2 * $1 + 1))>&- $((2 * $1 + 2))<&-"
	eval "wait \$SV$1"
}
# v DIR NAME: DIR/bc.numfiles.NAME, read without a fork and exec
v() {
	read -r _v <"$1/bc.numfiles.$2"
	echo "$_v"
}
# held_is DIR WANT DESC: waits up to 5 s for DIR's held to be WANT (a file
# closed by an exit or another task may be freed a little later)
held_is() {
	ct_until 5 "test \"\$(v $1 held)\" = '$2'"
	is "$(v $1 held)" "$2" "$3"
}
# n_ok COND DESC: a test(1) condition as an assertion
n_ok() {
	if eval "test $1"; then ok "$2"; else not_ok "$2"; diag "false: $1"; fi
}

# a server holding files opened before bc is mounted
sv_start 3
is "$(sv 3 open 3)" "3 OK" "before the mount: a server opens 3 files"
if ! ct_mount $A bc; then
	sv_stop 3
	skip_all "cannot mount -o bc"
fi
M=$A
F="held maxheld minheld barrier limit failcnt"

# --- files ----------------------------------------------------------------------
for f in $F; do
	exists "the root has bc.numfiles.$f" $A/bc.numfiles.$f
done
is "$(v $A barrier) $(v $A limit)" "max max" "the root's barrier and limit: max"
like "$(v $A held)" '^[0-9]+$' "the root's held is a number ($(v $A held))"
wr_is EINVAL "the root's barrier is not writable" bc.numfiles.barrier "5"
wr_is EINVAL "... nor its limit" bc.numfiles.limit "5"
wr_is EINVAL "... not even with max" bc.numfiles.limit "max"
wr_is EINVAL "... nor 0" bc.numfiles.barrier "0"
is "$(v $A barrier) $(v $A limit)" "max max" "... still max max"
mkdir $A/g
for f in $F; do
	exists "a new group has bc.numfiles.$f" $A/g/bc.numfiles.$f
done
is "$(v $A/g held) $(v $A/g maxheld) $(v $A/g minheld) $(v $A/g failcnt)" "0 0 0 0" \
	"a new group: held, maxheld, minheld and failcnt 0"
is "$(v $A/g barrier) $(v $A/g limit)" "max max" "... barrier and limit max"
wr_is OK "barrier: 5" g/bc.numfiles.barrier "5"
is "$(v $A/g barrier)" 5 "... reads 5"
wr_is OK "barrier: 'max\\\\n'" g/bc.numfiles.barrier "max\n"
is "$(v $A/g barrier)" max "... reads max"
wr_is OK "barrier: 0" g/bc.numfiles.barrier "0"
is "$(v $A/g barrier)" 0 "... reads 0"
wr_is OK "barrier: 9223372036854775806" g/bc.numfiles.barrier "9223372036854775806"
is "$(v $A/g barrier)" 9223372036854775806 "... reads it back"
wr_is OK "barrier: 9223372036854775807" g/bc.numfiles.barrier "9223372036854775807"
is "$(v $A/g barrier)" max "... reads max"
wr_is OK "barrier: 7" g/bc.numfiles.barrier "7"
for bad in -1 abc 5x "5 5" 0x5 maxx "\n"; do
	wr_is EINVAL "barrier: '$bad' is EINVAL" g/bc.numfiles.barrier "$bad"
	wr_is EINVAL "limit: '$bad' is EINVAL" g/bc.numfiles.limit "$bad"
done
errno_is EINVAL "barrier: an empty write is EINVAL" write $A/g/bc.numfiles.barrier ""
errno_is EINVAL "limit: an empty write is EINVAL" write $A/g/bc.numfiles.limit ""
is "$(v $A/g barrier) $(v $A/g limit)" "7 max" "... barrier still 7, limit still max"
wr_is OK "limit: 7, equal to the barrier" g/bc.numfiles.limit "7"
is "$(v $A/g limit)" 7 "... reads 7"
wr_is EINVAL "limit: 6, below the barrier 7, is EINVAL" g/bc.numfiles.limit "6"
is "$(v $A/g limit)" 7 "... limit still 7"
wr_is EINVAL "barrier: 8, above the limit 7, is EINVAL" g/bc.numfiles.barrier "8"
wr_is EINVAL "barrier: max, above the limit 7, is EINVAL" g/bc.numfiles.barrier "max"
is "$(v $A/g barrier)" 7 "... barrier still 7"
wr_is OK "limit: 9223372036854775807" g/bc.numfiles.limit "9223372036854775807"
is "$(v $A/g limit)" max "... reads max"
wr_is OK "limit: 9223372036854775806" g/bc.numfiles.limit "9223372036854775806"
is "$(v $A/g limit)" 9223372036854775806 "... reads it back"
wr_is OK "limit: 10" g/bc.numfiles.limit "10"
wr_is OK "barrier: 10, equal to the limit" g/bc.numfiles.barrier "10"
wr_is OK "barrier: 0" g/bc.numfiles.barrier "0"
wr_is OK "limit: 0, equal to the barrier" g/bc.numfiles.limit "0"
is "$(v $A/g barrier) $(v $A/g limit)" "0 0" "... barrier 0, limit 0"
wr_is OK "limit: max" g/bc.numfiles.limit "max"
wr_is OK "barrier: max" g/bc.numfiles.barrier "max"
is "$(v $A/g barrier) $(v $A/g limit)" "max max" "... max max again"
mkdir $A/g/d
wr_is OK "a child's barrier is independent: 3" g/d/bc.numfiles.barrier "3"
is "$(v $A/g/d barrier) $(v $A/g barrier)" "3 max" "... the parent's is still max"
for f in held failcnt; do
	wr_is "EINVAL|EACCES" "$f is read-only (1)" g/bc.numfiles.$f "1"
	wr_is "EINVAL|EACCES" "$f is read-only (0)" g/bc.numfiles.$f "0"
	wr_is "EINVAL|EACCES" "the root's $f is read-only" bc.numfiles.$f "0"
done
for f in maxheld minheld; do
	for bad in 5 -1 abc; do
		wr_is EINVAL "$f: '$bad' is EINVAL" g/bc.numfiles.$f "$bad"
	done
	wr_is OK "$f: 0" g/bc.numfiles.$f "0"
	wr_is OK "$f: '0\\\\n'" g/bc.numfiles.$f "0\n"
done
is "$(v $A/g held) $(v $A/g maxheld) $(v $A/g minheld) $(v $A/g failcnt)" "0 0 0 0" \
	"... held, maxheld, minheld and failcnt still 0"
rmdir $A/g/d $A/g

# --- files opened before the mount ------------------------------------------------
mkdir $A/pre
echo $SV3 >$A/pre/tasks
r0=$(v $A held)
is "$(sv 3 close)" "3 OK" "a server closes in group pre the 3 files it opened before the mount"
held_is $A/pre 0 "... pre's held stays 0: they were never charged"
r1=$(v $A held)
n_ok "$r1 -ge 0 -a $r1 -ge $((r0 - 1))" "... the root's did not drop for them ($r0 -> $r1)"
is "$(sv 3 open 2)" "2 OK" "... then it opens 2"
held_is $A/pre 2 "... charged to pre"
sv_stop 3
held_is $A/pre 0 "... given back when it exits"

# --- charging -------------------------------------------------------------------------
mkdir -p $A/c/h
C=$A/c
H=$A/c/h
sv_start 1 -g $H
held_is $H 0 "a server moved into c/h: nothing charged there yet"
r0=$(v $A held)
is "$(sv 1 open 5)" "5 OK" "it opens /dev/null 5 times"
held_is $H 5 "... h's held is 5"
held_is $C 5 "... c's held too (descendants count)"
r1=$(v $A held)
# the root's count moves with every task of the root too (the test's own
# shell, files whose last reference other tasks drop meanwhile): 2 of slack
n_ok "$r1 -ge $((r0 + 3))" "... the root's rose with them ($r0 -> $r1)"
is "$(sv 1 dup 3)" "3 OK" "3 dup()s"
held_is $H 5 "... charge nothing"
like "$(sv 1 fork)" '^[1-9][0-9]*$' "a fork"
held_is $H 5 "... charges nothing"
is "$(sv 1 reap)" "1 OK" "... its exit"
held_is $H 5 "... gives nothing back"
is "$(sv 1 close)" "8 OK" "closing them all"
held_is $H 0 "... h's held is 0 again"
held_is $C 0 "... c's too"
r2=$(v $A held)
n_ok "$r2 -le $((r1 - 3))" "... the root's dropped with them ($r1 -> $r2)"

is "$(sv 1 pipe 1)" "1 OK" "a pipe"
held_is $H 2 "... is 2 files"
n=2
if [ "$(sv 1 socketpair 1)" = "1 OK" ]; then
	NET=1
	KINDS="pipe socketpair socket epoll eventfd memfd"
	ok "a socketpair"
	held_is $H 4 "... 2 more"
	is "$(sv 1 socket 1)" "1 OK" "a socket"
	held_is $H 5 "... 1 more"
	n=5
else
	NET=
	KINDS="pipe epoll eventfd memfd"
	skip "a socketpair, a socket" "no networking in this kernel"
fi
is "$(sv 1 epoll 1)" "1 OK" "an epoll"
held_is $H $((n + 1)) "... 1 more"
is "$(sv 1 eventfd 1)" "1 OK" "an eventfd"
held_is $H $((n + 2)) "... 1 more"
is "$(sv 1 memfd 1)" "1 OK" "a memfd"
held_is $H $((n + 3)) "... 1 more"
is "$(sv 1 close)" "$((n + 3)) OK" "all closed"
held_is $H 0 "... back to 0"
held_is $C 0 "... in the parent too"
is "$(sv 1 exec /bin/true)" OK "an exec in h"
held_is $H 0 "... gives its binary's file back when it exits"
sh -c "echo \$\$ >$H/tasks; exec /usr/bin/bcfiles wait" >/dev/null 2>&1 &
ex=$!
held_is $H 1 "a process that moved into h and exec()d holds its binary, charged to h"
kill $ex
wait $ex 2>/dev/null
held_is $H 0 "... given back when it is gone"

# --- charges stay where they were made ------------------------------------------------
mkdir $A/m1 $A/m2
echo $SV1 >$A/m1/tasks
is "$(sv 1 open 3)" "3 OK" "a server in m1 opens 3 files"
held_is $A/m1 3 "... charged to m1"
echo $SV1 >$A/m2/tasks
held_is $A/m1 3 "moved to m2: m1 keeps the charges"
held_is $A/m2 0 "... m2 has none"
is "$(sv 1 close)" "3 OK" "... it closes them"
held_is $A/m1 0 "... m1 drops to 0"
held_is $A/m2 0 "... m2 unaffected"
is "$(sv 1 open 2)" "2 OK" "... it opens 2 more"
held_is $A/m2 2 "... charged to m2 now"
held_is $A/m1 0 "... not to m1"
is "$(sv 1 close)" "2 OK" "... closed"
held_is $A/m2 0 "... m2 back to 0"

# a descriptor passed to a task of another group
mkdir $A/x $A/y
echo $SV1 >$A/x/tasks
sv_start 2 -g $A/y
if [ -n "$NET" ]; then
	is "$(sv 2 listen $W/sock)" OK "a receiver in y listens on a Unix socket"
	is "$(sv 1 connect $W/sock)" OK "the sender in x connects"
	is "$(sv 2 accept)" OK "... accepted"
	nx=1 ny=2
else
	nx=0 ny=0
fi
held_is $A/x $nx "x: the sender's sockets ($nx)"
held_is $A/y $ny "y: the receiver's sockets ($ny)"
is "$(sv 1 open 1)" "1 OK" "the sender opens a file"
held_is $A/x $((nx + 1)) "... charged to x"
if [ -n "$NET" ]; then
	is "$(sv 1 sendfd)" OK "... sends it (SCM_RIGHTS)"
	is "$(sv 2 recvfd)" OK "... the receiver gets it"
else
	is "$(sv 2 grab $SV1 $(sv 1 last))" OK "... the receiver takes it (pidfd_getfd: no networking)"
fi
held_is $A/y $ny "... which charges nothing to y"
is "$(sv 2 fds)" 1 "... the receiver holds it"
is "$(sv 1 close)" "1 OK" "the sender closes its copy"
held_is $A/x $((nx + 1)) "... x keeps the charge"
sv_stop 1
held_is $A/x 1 "the sender exits: the passed file stays charged to x"
held_is $A/y $ny "... y still has only its sockets"
is "$(sv 2 close)" "1 OK" "the receiver closes the file"
held_is $A/x 0 "... x back to 0"
held_is $A/y $ny "... y unchanged"
sv_stop 2
held_is $A/y 0 "y back to 0 when the receiver is gone"

# rmdir
mkdir -p $A/p/q
sv_start 1 -g $A/p/q
is "$(sv 1 open 3)" "3 OK" "a server in p/q opens 3 files"
held_is $A/p 3 "... p's held is 3"
echo $SV1 >$A/tasks
errno_is OK "q is removed while its files are open" rmdir $A/p/q
gone "... it is gone" $A/p/q
held_is $A/p 3 "... p's held still counts them"
is "$(sv 1 open 1)" "1 OK" "the server, in the root now, opens one more"
held_is $A/p 3 "... not charged to p"
is "$(sv 1 close)" "4 OK" "... it closes all"
held_is $A/p 0 "... p's held drops to exactly 0"
sv_stop 1

# --- barrier and limit --------------------------------------------------------------
mkdir $A/b
echo 4 >$A/b/bc.numfiles.barrier
echo 6 >$A/b/bc.numfiles.limit
sv_start 2 -u -g $A/b
held_is $A/b 0 "an unprivileged server in b (barrier 4, limit 6)"
is "$(sv 2 open 10)" "4 ENFILE" "... opens 4 files, the 5th fails with ENFILE"
held_is $A/b 4 "... held is 4, the barrier"
is "$(v $A/b barrier) $(v $A/b limit)" "4 6" "... (reads barrier 4, limit 6)"
is "$(v $A/b failcnt)" 1 "... failcnt 1"
fc=1
for k in $KINDS; do
	is "$(sv 2 $k 1)" "0 ENFILE" "... $k: ENFILE"
	fc=$((fc + 1))
done
held_is $A/b 4 "... held still 4"
is "$(v $A/b failcnt)" $fc "... failcnt $fc"
is "$(sv 2 exec /bin/true)" ENFILE "... its exec fails with ENFILE (no room for the binary)"
held_is $A/b 4 "... held still 4"
is "$(v $A/b failcnt)" $((fc + 1)) "... failcnt $((fc + 1))"
is "$(sv 2 close 1)" "1 OK" "one file closed: room for one"
held_is $A/b 3 "... held 3"
is "$(sv 2 pipe 1)" "0 ENFILE" "... a pipe (two files) fails with ENFILE"
held_is $A/b 3 "... and its first file is given back: held 3"
is "$(v $A/b failcnt)" $((fc + 2)) "... failcnt $((fc + 2))"
is "$(sv 2 exec /bin/true)" OK "... an exec works"
held_is $A/b 3 "... held 3 once it exited"
sv_start 1 -g $A/b
is "$(sv 1 open 10)" "3 ENFILE" "a root server in b opens past the barrier up to the limit 6"
held_is $A/b 6 "... held 6"
is "$(v $A/b failcnt)" $((fc + 3)) "... failcnt $((fc + 3))"
is "$(sv 2 open 1)" "0 ENFILE" "the unprivileged server, over the barrier, still cannot open"
is "$(sv 1 pipe 1)" "0 ENFILE" "the root server at the limit cannot make a pipe"
held_is $A/b 6 "... held 6"
is "$(v $A/b maxheld)" 6 "... maxheld 6: never above the limit"
is "$(v $A/b failcnt)" $((fc + 5)) "... failcnt $((fc + 5))"
is "$(sv 1 close)" "3 OK" "the root server closes"
is "$(sv 2 close)" "3 OK" "the unprivileged one too"
held_is $A/b 0 "... held 0"
sv_stop 1
sv_stop 2

# hierarchy
mkdir -p $A/p2/c2
echo 3 >$A/p2/bc.numfiles.barrier
echo 5 >$A/p2/bc.numfiles.limit
sv_start 2 -u -g $A/p2/c2
is "$(sv 2 open 10)" "3 ENFILE" "the parent's barrier 3 holds an unprivileged task of the child"
is "$(v $A/p2 failcnt) $(v $A/p2/c2 failcnt)" "1 0" "... the parent's failcnt counts, the child's does not"
held_is $A/p2/c2 3 "... the child gave its charge back: held 3"
held_is $A/p2 3 "... the parent's held 3"
is "$(sv 2 close)" "3 OK" "... closed"
echo 2 >$A/p2/c2/bc.numfiles.barrier
is "$(sv 2 open 10)" "2 ENFILE" "the child's own tighter barrier 2"
is "$(v $A/p2 failcnt) $(v $A/p2/c2 failcnt)" "1 1" "... the child's failcnt counts, the parent's does not"
held_is $A/p2 2 "... the parent's held 2"
sv_start 1 -g $A/p2/c2
is "$(sv 1 open 10)" "3 ENFILE" "a root task of the child passes both barriers up to the parent's limit 5"
is "$(v $A/p2 failcnt) $(v $A/p2/c2 failcnt)" "2 1" "... the parent's failcnt counts"
held_is $A/p2/c2 5 "... the child's held 5"
held_is $A/p2 5 "... the parent's held 5"
sv_stop 1
sv_stop 2
held_is $A/p2/c2 0 "... back to 0 in the child"
held_is $A/p2 0 "... and in the parent"

# --- maxheld, minheld ---------------------------------------------------------------
mkdir -p $A/mm/s
sv_start 1 -g $A/mm/s
is "$(sv 1 open 5)" "5 OK" "5 files in mm/s"
is "$(v $A/mm/s maxheld) $(v $A/mm/s minheld)" "5 0" "... maxheld 5, minheld 0"
is "$(v $A/mm maxheld) $(v $A/mm minheld)" "5 0" "... in the parent too"
is "$(sv 1 close 3)" "3 OK" "3 closed"
held_is $A/mm/s 2 "... held 2"
is "$(v $A/mm/s maxheld) $(v $A/mm/s minheld)" "5 0" "... maxheld still 5, minheld 0"
wr_is OK "minheld: 0 resets it" mm/s/bc.numfiles.minheld "0"
is "$(v $A/mm/s minheld)" 2 "... to held, 2"
is "$(v $A/mm/s maxheld)" 5 "... maxheld untouched"
wr_is OK "maxheld: 0 resets it" mm/s/bc.numfiles.maxheld "0"
is "$(v $A/mm/s maxheld)" 2 "... to held, 2"
is "$(v $A/mm maxheld)" 5 "... the parent's is its own: still 5"
for bad in 5 -1 abc; do
	wr_is EINVAL "maxheld: '$bad' is EINVAL" mm/s/bc.numfiles.maxheld "$bad"
	wr_is EINVAL "minheld: '$bad' is EINVAL" mm/s/bc.numfiles.minheld "$bad"
done
is "$(v $A/mm/s maxheld) $(v $A/mm/s minheld)" "2 2" "... both still 2"
is "$(sv 1 open 1)" "1 OK" "one more"
is "$(v $A/mm/s maxheld) $(v $A/mm/s minheld)" "3 2" "... maxheld 3"
is "$(sv 1 close)" "3 OK" "all closed"
held_is $A/mm/s 0 "... held 0"
is "$(v $A/mm/s maxheld) $(v $A/mm/s minheld)" "3 0" "... minheld 0, maxheld 3"
sv_stop 1

# --- storm -------------------------------------------------------------------------------
mkdir -p $A/s/g1 $A/s/g2
echo 3 >$A/s/g1/bc.numfiles.barrier
echo 5 >$A/s/g1/bc.numfiles.limit
out=$(bcfiles -u storm 5 4 $A/s/g1 $A/s/g2 2>&1)
diag "storm: $out"
like "$out" "^ops [1-9][0-9]* enfile [0-9]+ other 0 moves [1-9]" \
	"4 workers on 4 CPUs open and close files while moved between g1 and g2: ENFILE only"
held_is $A/s/g1 0 "... g1's held back to 0"
held_is $A/s/g2 0 "... g2's held back to 0"
held_is $A/s 0 "... their parent's held back to 0"
like "$(v $A/s/g1 maxheld)" '^[0-5]$' "... g1 never above its limit 5 (maxheld $(v $A/s/g1 maxheld))"
n_ok "$(v $A/s maxheld) -ge $(v $A/s/g1 maxheld)" "... the parent's maxheld at least g1's"
is "$(v $A/s/g1 minheld) $(v $A/s/g2 minheld) $(v $A/s minheld)" "0 0 0" "... minheld 0"

if [ -s $W/err ]; then
	diag "bcfiles said:" "$(head -n 20 $W/err)"
fi
ct_cleanup
done_testing
