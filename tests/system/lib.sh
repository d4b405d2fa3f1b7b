# Helpers for system tests. A test is a bash script that boots the reference
# platform once through image/qemu-run, then checks what the guest printed.
# It exits 0 when every check held.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
qemu_run="$top/image/qemu-run"
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
		cat
	} >"$1"
}
