# tests/lib.sh - TAP helpers for guest tests (busybox ash).
#
# A test is tests/NN-name.sh; it starts with
#	. "$(dirname "$0")/lib.sh"
# makes assertions with the helpers below and ends with done_testing.
# Output is TAP: "ok N - desc", "not ok N - desc", "ok N - desc # SKIP why",
# diagnostics as "# ...".  The runner (lab/runtests) adds its own check of the
# exit status and the kernel log after the test.
#
#	ok DESC / not_ok DESC           record a result directly
#	check DESC CMD [ARGS...]        passes if CMD exits 0 (output shown if not)
#	is GOT WANT DESC                string equality
#	like GOT REGEX DESC             GOT matches the extended regex
#	errno_is WANT DESC [-u U[:G]] OP ARGS...
#	                                runs `try` (tests/progs/try.c); WANT is OK
#	                                or an errno name (EINVAL, or EBUSY|EINVAL)
#	skip DESC WHY                   a skipped assertion
#	skip_all WHY                    the whole test does not apply; exits
#	diag TEXT...                    "# " diagnostics
#	done_testing                    prints the plan 1..N; exit 1 if any failed

_tap_n=0
_tap_failed=0

diag() {
	for _l in "$@"; do
		printf '%s\n' "$_l"
	done | sed 's/^/# /'
}

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}

skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP ${2:-}"
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

check() {
	_desc=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	if [ "$_rc" = 0 ]; then
		ok "$_desc"
	else
		not_ok "$_desc"
		diag "command: $*" "exit status: $_rc"
		[ -z "$_out" ] || printf '%s\n' "$_out" | head -n 20 | sed 's/^/#   /'
	fi
	return "$_rc"
}

is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:  '$1'" "want: '$2'"
		return 1
	fi
}

like() {
	if printf '%s\n' "$1" | grep -qE -- "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diag "got:  '$1'" "want: /$2/"
		return 1
	fi
}

# errno_is WANT DESC [try args]: WANT may list alternatives, EBUSY|EINVAL;
# ENOTSUP and EOPNOTSUPP are the same errno and match each other.
errno_is() {
	_want=$1
	_desc=$2
	shift 2
	_out=$(try "$@" 2>&1)
	_got=$(printf '%s\n' "$_out" | tail -n 1)
	[ "$_got" = EOPNOTSUPP ] && _got_alt=ENOTSUP || _got_alt=$_got
	case "|$_want|" in
	*"|$_got|"* | *"|$_got_alt|"*)
		ok "$_desc"
		;;
	*)
		not_ok "$_desc"
		diag "try $*" "got:  $_got" "want: $_want"
		return 1
		;;
	esac
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" = 0 ] || exit 1
	exit 0
}

# wr_is WANT DESC FILE DATA: write DATA (echo -e escapes, no newline added)
# to FILE (relative to $M when set) with the shell's own echo, and compare the
# result, OK or an errno name, with WANT (alternatives as "EBUSY|EINVAL").
# Much cheaper than `try` in a slow guest.
wr_is() {
	_f=${M:+$M/}$3
	_err=${TMPDIR:-/tmp}/.wr_is.err
	if echo -ne "$4" >"$_f" 2>"$_err"; then
		_e=OK
	else
		IFS= read -r _m <"$_err"
		case $_m in
		*"Invalid argument") _e=EINVAL ;;
		*"resource busy") _e=EBUSY ;;
		*"No space left on device") _e=ENOSPC ;;
		*"No such process") _e=ESRCH ;;
		*"Permission denied") _e=EACCES ;;
		*"No such device") _e=ENODEV ;;
		*) _e="other: $_m" ;;
		esac
	fi
	case "|$1|" in
	*"|$_e|"*) ok "$2" ;;
	*) not_ok "$2"; diag "write '$4' to $3" "got:  $_e" "want: $1" ;;
	esac
}
