#!/usr/bin/env bash
# image/qemu-run with bad input: unknown options, a missing script, a guest
# whose kernel panics and one that hangs each end with a clear message and
# a non-zero status, never a hang; a script's own status comes back.
. "$(dirname "$0")/lib.sh"

out=$(mktemp)
s=$(mktemp)
run() { # run EXPECTED-STATUS MESSAGE-REGEX ARGS...
	local want=$1 msg=$2 rc
	shift 2
	timeout 120 "$qemu_run" "$@" >"$out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] || { cat "$out"; echo "status $rc, expected $want"; return 1; }
	grep -E -q -- "$msg" "$out" || { cat "$out"; echo "no /$msg/"; return 1; }
}
echo 'echo c > /proc/sysrq-trigger' >"$s.panic"
echo 'echo hanging; sleep 1000' >"$s.hang"
printf 'echo "own output"\nexit 7\n' >"$s.status"
check unknown-option run 2 "qemu-run: unknown option '--bogus'" --bogus
check missing-script run 2 "qemu-run: script file '/nonexistent' not found" --script /nonexistent
check bad-smp run 2 "qemu-run: --smp wants a positive number" --smp x
check kernel-panic run 125 "qemu-run: guest kernel panic; console tail" --script "$s.panic" --timeout 60
check hang run 124 "qemu-run: timeout after 15s; console tail" --script "$s.hang" --timeout 15
check script-status run 7 "^own output$" --script "$s.status" --timeout 60
rm -f "$out" "$s" "$s".*
finish
