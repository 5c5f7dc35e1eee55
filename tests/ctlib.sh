# tests/ctlib.sh - helpers shared by the container framework tests
# (1*-*.sh, 90-race.sh, 99-leaks.sh).  Source after lib.sh.
#
# A test starts with
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/ctlib.sh"
#	ct_start_mount debug debug      (or ct_start SUBSYS... and its own mounts)
#	ct_workdir NN                   (if it needs a scratch directory)
#
#	ct_start [SUBSYS...]    skip_all without the container framework or
#	                        without each SUBSYS ("needs the X subsystem");
#	                        then ct_cleanup and A=$CT/a (not mounted)
#	ct_start_mount OPTS [SUBSYS...]
#	                        ct_start SUBSYS..., then ct_mount $A OPTS or
#	                        skip_all "cannot mount -o OPTS"
#	ct_workdir NN           W=/tmp/ctNN, removed and made anew (empty)
#
#	ct_mount DIR OPTS       mkdir -p DIR; mount -t container -o OPTS
#	ct_rmtree DIR           rmdir every group below DIR, deepest first
#	ct_umount DIR           ct_rmtree DIR, umount DIR, rmdir DIR
#	ct_cleanup              mount every hierarchy that is left, empty it
#	                        and unmount it (whatever a failed test left)
#	ct_in DIR PID           is PID listed in DIR/tasks?
#	ct_wait SECS CMD...     poll CMD every 0.1 s until it succeeds, for
#	                        SECS seconds of time at most
#	ct_until SECS 'CODE'    the same for shell code, evaluated each time
#	                        (for conditions with $(...) in them)
#	ct_count DIR            lines in DIR/tasks
#	ct_hier NAME            hierarchy id of subsystem NAME (/proc/containers)
#	ct_ngroups NAME         num_containers of subsystem NAME
#	ct_subsystems           the subsystems compiled in, one a line
#	ct_has NAME             is subsystem NAME compiled in?
#	exists DESC PATH        ok if PATH exists, not ok if not
#	gone DESC PATH          ok if PATH does not exist, not ok if it does

CT=/ct

ct_mount() {
	mkdir -p "$1" && mount -t container -o "$2" none "$1"
}

ct_rmtree() {
	find "$1" -mindepth 1 -depth -type d 2>/dev/null |
		while read -r d; do
			for t in $(cat "$d/tasks" 2>/dev/null); do
				echo "$t" >"$1/tasks" 2>/dev/null
			done
			rmdir "$d" 2>/dev/null
		done
}

ct_umount() {
	ct_rmtree "$1"
	umount "$1" 2>/dev/null
	rmdir "$1" 2>/dev/null
	return 0
}

# unmount every container mount, and bring back and empty hierarchies that
# live on without a mount (they answer a mount of their subsystem set)
ct_cleanup() {
	for m in $(awk '$3 == "container" || $3 == "cpuset" { print $2 }' /proc/mounts | sort -r); do
		ct_rmtree "$m"
		umount "$m" 2>/dev/null
	done
	# subsystems still bound to an unmounted hierarchy
	for s in $(awk '!/^#/ && $2 != 0 { print $1 }' /proc/containers); do
		mkdir -p /tmp/ct-clean
		if mount -t container -o "$s" none /tmp/ct-clean 2>/dev/null; then
			ct_rmtree /tmp/ct-clean
			umount /tmp/ct-clean
		fi
	done
	rm -rf "$CT" /tmp/ct-clean 2>/dev/null
	return 0
}

ct_in() {
	grep -qx "$2" "$1/tasks"
}

# whole seconds since boot, without a fork, in CT_UP
ct_uptime() {
	read -r _up _ </proc/uptime
	CT_UP=${_up%.*}
}

# SECS of time, not a number of rounds: a round is slow in a busy guest
ct_until() {
	ct_uptime
	_end=$((CT_UP + $1))
	while ! eval "$2"; do
		ct_uptime
		[ "$CT_UP" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

ct_wait() {
	ct_uptime
	_wend=$((CT_UP + $1))
	shift
	while ! "$@"; do
		ct_uptime
		[ "$CT_UP" -lt "$_wend" ] || return 1
		sleep 0.1
	done
}

ct_count() {
	wc -l <"$1/tasks" | tr -d ' '
}

ct_hier() {
	awk -v s="$1" '$1 == s { print $2 }' /proc/containers
}

ct_ngroups() {
	awk -v s="$1" '$1 == s { print $3 }' /proc/containers
}

# the subsystems compiled in, in /proc/containers order
ct_subsystems() {
	awk '!/^#/ { print $1 }' /proc/containers
}

ct_has() {
	ct_subsystems | grep -qx "$1"
}

ct_start() {
	[ -e /proc/containers ] || skip_all "no container framework"
	for _s in "$@"; do
		ct_has "$_s" || skip_all "needs the $_s subsystem"
	done
	ct_cleanup
	A=$CT/a
}

ct_start_mount() {
	_o=$1
	shift
	ct_start "$@"
	ct_mount "$A" "$_o" || skip_all "cannot mount -o $_o"
}

ct_workdir() {
	W=/tmp/ct$1
	rm -rf "$W"
	mkdir -p "$W"
}

exists() { if [ -e "$2" ]; then ok "$1"; else not_ok "$1"; fi; }
gone() { if [ ! -e "$2" ]; then ok "$1"; else not_ok "$1"; fi; }

# --- fuzzing (92-fuzz.sh, stress.sh) ---------------------------------------
#	ct_debug_counts         the debug subsystem's object counts, read from a
#	                        mount of debug alone at $CT/dbg (nothing else may
#	                        hold debug); "css_groups=N containers=N css=N
#	                        hierarchies=N", empty if it cannot mount
#	ct_readall DIR          read every file of DIR; prints those that fail
#	ct_klog_bad             kernel log lines (plain dmesg) that a test fails
#	                        on, after the first $CT_KLOG_MARK lines
#	ct_fuzz_round OPTS SECS PROCS SEED
#	                        mount OPTS at $A, ctfuzz it, then the end checks as
#	                        TAP: ctfuzz's verdict, every file reads, the tree is
#	                        gone, umount and mount again work, nothing stays
#	                        bound, the debug counts are back to CT_BASE, the
#	                        kernel log is clean (else the seed to replay);
#	                        $CT_FUZZ_PRE / $CT_FUZZ_POST (shell code) run just
#	                        before ctfuzz / just after it; $CT_FUZZ_KEEP=1:
#	                        no ct_cleanup at the end (other mounts stay)
#	ct_kmemleak [WHAT]      a kmemleak scan must find nothing
CT_BASE="css_groups=1 containers=0 css=0 hierarchies=1"
CT_KLOG_BAD='BUG:|WARNING:|Oops|general protection|Kernel panic|kernel BUG|possible circular locking|possible recursive locking|inconsistent lock state|lock held when returning|held lock freed|bad unlock balance|DEBUG_LOCKS_WARN_ON|KASAN|UBSAN|unreferenced object|refcount_t:|list_add corruption|list_del corruption|detected stall|soft lockup|hard LOCKUP|blocked for more than|Call Trace|sleeping function called from invalid context|scheduling while atomic'

ct_debug_counts() {
	mkdir -p $CT/dbg
	mount -t container -o debug none $CT/dbg 2>/dev/null || return 0
	echo "css_groups=$(cat $CT/dbg/debug.css_groups) containers=$(cat $CT/dbg/debug.containers) css=$(cat $CT/dbg/debug.css) hierarchies=$(cat $CT/dbg/debug.hierarchies)"
	umount $CT/dbg
}

ct_readall() {
	for _f in "$1"/*; do
		[ -f "$_f" ] || continue
		cat "$_f" >/dev/null 2>&1 || echo "$_f"
	done
}

CT_KLOG_MARK=0
ct_klog_bad() {
	dmesg | tail -n +$((CT_KLOG_MARK + 1)) | grep -E "$CT_KLOG_BAD" |
		grep -v 'kmemleak: Kernel memory leak detector'
}

ct_fuzz_round() {
	_o=$1 _s=$2 _p=$3 _seed=$4
	_out=/tmp/ctfuzz.out
	CT_KLOG_MARK=$(dmesg | wc -l)
	if ! ct_mount $A "$_o"; then
		not_ok "-o $_o: mount"
		return 1
	fi
	eval "${CT_FUZZ_PRE:-}"
	timeout -s KILL $((_s + 240)) ctfuzz $A "$_s" "$_p" "$_seed" >$_out 2>&1
	_rc=$?
	eval "${CT_FUZZ_POST:-}"
	diag "-o $_o: $(grep '^ctfuzz: seed .* ops ' $_out | tail -n 1)"
	if [ "$_rc" = 0 ]; then
		ok "-o $_o: ctfuzz $_s s, $_p procs, seed $_seed: nothing impossible"
	else
		not_ok "-o $_o: ctfuzz $_s s, $_p procs, seed $_seed: exit status $_rc"
		grep -E 'ERROR|note|left:' $_out | head -n 20 | sed 's/^/#   /'
		diag "replay: mount -t container -o $_o none /c; ctfuzz /c $_s $_p $_seed"
	fi
	grep '^ctfuzz: ops' $_out | sed 's/^/# /'
	[ "$_rc" = 0 ] && grep '^ctfuzz: note' $_out | head -n 5 | sed 's/^/# /'
	is "$(ct_readall $A)" "" "-o $_o: every file of the root reads"
	if mkdir $A/after; then
		is "$(ct_readall $A/after)" "" "-o $_o: every file of a new group reads"
		rmdir $A/after
	else
		not_ok "-o $_o: mkdir after the fuzz"
	fi
	is "$(find $A -mindepth 1 -type d)" "" "-o $_o: the fuzzer's tree is gone"
	ct_rmtree $A
	umount $A
	if ct_mount $A "$_o"; then
		ok "-o $_o: mounts again after the umount"
		umount $A
	else
		not_ok "-o $_o: mounts again after the umount"
	fi
	is "$(awk '!/^#/ && $2 != 0 { print $1 }' /proc/containers | tr '\n' ' ')" "" \
		"-o $_o: no subsystem stays bound"
	ct_until 10 'test "$(ct_debug_counts)" = "$CT_BASE"'
	is "$(ct_debug_counts)" "$CT_BASE" "-o $_o: the debug counts are back"
	_bad=$(ct_klog_bad | head -n 5)
	if [ -z "$_bad" ]; then
		ok "-o $_o: kernel log clean"
	else
		not_ok "-o $_o: kernel log clean (seed $_seed: mount -o $_o, ctfuzz $A $_s $_p $_seed)"
		diag "$_bad"
	fi
	[ "${CT_FUZZ_KEEP:-}" = 1 ] || ct_cleanup
}

# kmemleak: a scan finds nothing new (the runner clears it after each test)
ct_kmemleak() {
	if [ -w /sys/kernel/debug/kmemleak ]; then
		sleep 6
		echo scan >/sys/kernel/debug/kmemleak
		_r=$(cat /sys/kernel/debug/kmemleak)
		is "$_r" "" "kmemleak finds nothing${1:+ ($1)}"
		[ -z "$_r" ] || { printf '%s\n' "$_r" | head -n 30 | sed 's/^/#   /'; echo clear >/sys/kernel/debug/kmemleak; }
	else
		skip "kmemleak finds nothing" "no kmemleak"
	fi
}
