# tests/ctlib.sh - helpers shared by the container framework tests
# (10-*.sh to 18-*.sh, 90-race.sh, 99-leaks.sh).  Source after lib.sh.
#
#	ct_mount DIR OPTS       mkdir -p DIR; mount -t container -o OPTS
#	ct_rmtree DIR           rmdir every group below DIR, deepest first
#	ct_umount DIR           ct_rmtree DIR, umount DIR, rmdir DIR
#	ct_cleanup              mount every hierarchy that is left, empty it
#	                        and unmount it (whatever a failed test left)
#	ct_in DIR PID           is PID listed in DIR/tasks?
#	ct_wait SECS CMD...     poll CMD every 0.1 s until it succeeds
#	ct_until SECS 'CODE'    the same for shell code, evaluated each time
#	                        (for conditions with $(...) in them)
#	ct_count DIR            lines in DIR/tasks
#	ct_hier NAME            hierarchy id of subsystem NAME (/proc/containers)
#	ct_ngroups NAME         num_containers of subsystem NAME

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
	for m in $(awk '$3 == "container" { print $2 }' /proc/mounts | sort -r); do
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

ct_wait() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	"$@"
}

ct_until() {
	_n=$(($1 * 10))
	while [ "$_n" -gt 0 ]; do
		eval "$2" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	eval "$2"
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
