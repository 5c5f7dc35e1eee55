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
