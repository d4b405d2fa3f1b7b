# Helpers for system tests. A test is a bash script that boots the reference
# platform once through image/qemu-run, then checks what the guest printed.
# It exits 0 when every check held.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
qemu_run="$top/image/qemu-run"
# The kernel under test ($BULKHEAD_KERNEL, as image/qemu-run boots it):
# KERNEL_RELEASE, KERNEL_SERIES and the rest of its lock.
# shellcheck source=scripts/kernel-lib.sh
. "$top/scripts/kernel-lib.sh"
kernel_load "${BULKHEAD_TEST_KERNEL:-}" || exit 1
guest_out=

# guest SCRIPT_FILE [qemu-run options...]: boot, run, keep output in $guest_out.
guest() {
	local script=$1 rc
	shift
	guest_out=$(mktemp "${TMPDIR:-/tmp}/bulkhead-guest.XXXXXX")
	"$qemu_run" --script "$script" "$@" >"$guest_out" 2>&1
	rc=$?
	cat "$guest_out"
	return $rc
}

fail() {
	echo "CHECK FAILED: $*"
	exit 1
}

# expect REGEX: the guest printed a line matching REGEX (extended regexp).
expect() {
	grep -E -q -- "$1" "$guest_out" || fail "guest output lacks /$1/"
	echo "ok: /$1/"
}

# expect_line TEXT: the guest printed exactly the line TEXT (no regex, so
# kernel releases like 6.12.95+deb12-amd64 need no escaping).
expect_line() {
	grep -qxF -- "$1" "$guest_out" || fail "guest output lacks the line '$1'"
	echo "ok: '$1'"
}

# expect_not REGEX: no line of the guest output matches REGEX.
expect_not() {
	! grep -E -q -- "$1" "$guest_out" || fail "guest output has /$1/: $(grep -E -m1 -- "$1" "$guest_out")"
	echo "ok: no /$1/"
}

# Guest-side helpers, prepended to every guest script by guest_script.
guest_prelude() {
	cat <<'GUEST'
SYS=/usr/share/bulkhead/configs/qemu-svm.yaml
T=/usr/libexec/bulkhead-tests
TM=/usr/share/bulkhead/test-modules
# Sum of vmexits_total over the root cell's CPUs.
root_exits() {
	cat /sys/devices/bulkhead/cells/0/statistics/cpu*/vmexits_total |
		awk '{ s += $1 } END { print s }'
}
GUEST
}

# guest_script FILE: write the prelude and then stdin to FILE.
guest_script() {
	{
		guest_prelude
		guest_cell_prelude
		cat
	} >"$1"
}

# check NAME CMD...: run a check as a sub-test, reported "RESULT PASS NAME"
# or "RESULT FAIL NAME"; a failed sub-test makes the whole script fail at
# the end (see finish) but does not stop the others.
subtests_failed=0
check() {
	local name=$1
	shift
	if ("$@"); then
		echo "RESULT PASS $name"
	else
		echo "RESULT FAIL $name"
		subtests_failed=$((subtests_failed + 1))
	fi
}

finish() {
	[ "$subtests_failed" = 0 ]
	exit $?
}

# sec NAME REGEX: section NAME has a line matching REGEX (extended regexp);
# says which section lacked what otherwise.
sec() {
	section "$1" | grep -E -q -- "$2" || {
		echo "section $1 lacks /$2/"
		return 1
	}
}

# section NAME: the guest output between "== NAME ==" and the next "== ".
section() {
	awk -v s="== $1 ==" '$0 == s { on = 1; next } /^== / { on = 0 } on' "$guest_out"
}

# Guest helpers for cells, appended to the prelude.
guest_cell_prelude() {
	cat <<'GUEST'
CELLS=/usr/share/bulkhead/configs/cells
INM=/usr/share/bulkhead/inmates
# console lines printed since mark_console was last called
mark_console() { CONSOLE_MARK=$(bulkhead console | wc -l); }
new_console() { bulkhead console | tail -n +$((CONSOLE_MARK + 1)); }
cpu_exits() { cat /sys/devices/bulkhead/cells/$1/statistics/cpu$2/vmexits_total; }
GUEST
}
