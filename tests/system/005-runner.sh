#!/usr/bin/env bash
# image/qemu-run with bad input: unknown options, a missing script, a guest
# whose kernel panics and one that hangs each end with a clear message and
# a non-zero status, never a hang; a script's own status comes back.
# --pin: bad values are refused before any boot, and one boot with guest
# CPU 2 pinned is checked from the host while QEMU runs.
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
lacks() { ! grep -q -- "$1" "$2" || { grep -- "$1" "$2"; return 1; }; }
echo 'echo c > /proc/sysrq-trigger' >"$s.panic"
echo 'echo hanging; sleep 1000' >"$s.hang"
printf 'echo "own output"\nexit 7\n' >"$s.status"
check unknown-option run 2 "qemu-run: unknown option '--bogus'" --bogus
check missing-script run 2 "qemu-run: script file '/nonexistent' not found" --script /nonexistent
check bad-smp run 2 "qemu-run: --smp wants a positive number" --smp x
check kernel-panic run 125 "qemu-run: guest kernel panic; console tail" --script "$s.panic" --timeout 60
cp "$out" "$s.panic.out"
check hang run 124 "qemu-run: timeout after 15s; console tail" --script "$s.hang" --timeout 15
check script-status run 7 "^own output$" --script "$s.status" --timeout 60 \
	--pin none --pin-report "$s.none"
check pin-none-report grep -qx "pin none: QEMU's threads not pinned, on host cores\? [0-9,-]*" "$s.none"
# A kernel that panics in its own boot (here: no init to run) is booted once
# more, and both panics are logged; a panic from the script never is (above).
BULKHEAD_BOOT_PANIC_LOG=$s.panics check boot-panic-retried run 125 \
	"booting again \(boot 2 of 2\)" --script "$s.status" --timeout 60 --append rdinit=/nonexistent
check boot-panic-given-up grep -q "panicked in its own boot again, before init (boot 2)" "$out"
check boot-panic-logged test "$(grep -c '^== .* panicked before init' "$s.panics")" = 2
check boot-panic-trace grep -q 'Kernel panic - not syncing: VFS' "$s.panics"
# A boot whose console shows nothing from init within BULKHEAD_INIT_WAIT
# seconds (here 1, too few for any boot to reach init) is stopped, logged
# and booted once more.
BULKHEAD_INIT_WAIT=1 BULKHEAD_BOOT_PANIC_LOG=$s.silent check init-silent-retried run 125 \
	"showed nothing from init within 1s .*booting again \(boot 2 of 2\)" --script "$s.status" --timeout 60
check init-silent-given-up grep -q "showed nothing from init within 1s again (boot 2)" "$out"
check init-silent-logged test "$(grep -c '^== .* showed nothing from init within 1s' "$s.silent")" = 2
# A boot in which init finds a CPU whose timer does not fire (here: every
# CPU's sleep of 3 s against a bound of 0.3 s) loads no module, runs no
# script, and is booted once more; both are logged with the CPUs named.
BULKHEAD_BOOT_PANIC_LOG=$s.timer check timer-lost-retried run 125 \
	"lost a CPU's timer before init loaded any module \(CPU\(s\) 0 1 2 3: a sleep of 3000 ms did not end within 300 ms.*booting again \(boot 2 of 2\)" \
	--script "$s.status" --timeout 60 --append bulkhead.timer_check=3000,300
check timer-lost-given-up grep -q "lost a CPU's timer before init loaded any module .*again (boot 2)" "$out"
check timer-lost-logged test "$(grep -c "^== .* lost a CPU's timer" "$s.timer")" = 2
check timer-lost-no-script lacks "own output" "$out"
# A quiet script that outlasts BULKHEAD_INIT_WAIT is not taken for a silent
# boot: the console file follows the guest line by line (before
# 2026-12-02 it came in 4 KiB blocks, and such a boot was killed).
printf 'sleep 30\necho "quiet done"\n' >"$s.quiet"
BULKHEAD_INIT_WAIT=25 check quiet-script-runs run 0 "^quiet done$" --script "$s.quiet" --timeout 90
check quiet-not-silent lacks "showed nothing from init" "$out"
check script-panic-not-retried lacks "booting again" "$s.panic.out"
check script-not-silent lacks "showed nothing from init" "$s.panic.out"

# expand LIST: a kernel CPU list ("0-2,5") as "0,1,2,5".
expand() {
	local part
	for part in ${1//,/ }; do
		case $part in
		*-*) seq "${part%-*}" "${part#*-}" ;;
		*) echo "$part" ;;
		esac
	done | paste -sd,
}
# The host cores the runner may use: this process's own affinity.
IFS=, read -ra cores <<<"$(expand "$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/$$/status)")"
online=$(cat /sys/devices/system/cpu/online)
nocore=$((${online##*[-,]} + 1))
all=
for i in "${!cores[@]}"; do
	all+=${all:+,}$i:${cores[i]}
done
# Refusals: NAME|MESSAGE (a regex after "qemu-run: ")|the --pin values
pin_refused() { # NAME MESSAGE PINS...
	local name=$1 msg=$2 p
	local -a args=()
	shift 2
	for p in "$@"; do
		args+=(--pin "$p")
	done
	check "pin-$name" run 2 "qemu-run: $msg" "${args[@]}" </dev/null
}
while IFS='|' read -r name msg pins; do
	# shellcheck disable=SC2086 # the values are words
	pin_refused "$name" "$msg" $pins
done <<EOT
bad-spec|--pin wants V:C\[:fifo\] \(guest CPU V alone on host core C\), main:C\[:fifo\] or none, not '2'|2
bad-main|--pin wants .*, not 'main:${cores[0]}:rr'|2:${cores[-1]},main:${cores[0]}:rr
main-alone|--pin main:${cores[0]}: the main loop is placed beside pinned vCPUs; pin one too \(V:C\)|main:${cores[0]}
main-twice|--pin main:${cores[0]}: the main loop is pinned twice|2:${cores[-1]},main:${cores[0]} main:${cores[0]}
main-bad-core|--pin main:$nocore: host core $nocore is not online|2:${cores[0]},main:$nocore
main-below-fifo|--pin 2:${cores[-1]}:fifo,main:${cores[-1]}: the main loop beside a vCPU at SCHED_FIFO must be main:${cores[-1]}:fifo, or it waits for that vCPU|2:${cores[-1]}:fifo,main:${cores[-1]}
bad-cpu|--pin 4:${cores[0]}: the guest has no CPU 4 \(--smp 4: CPUs 0-3\)|4:${cores[0]}
bad-core|--pin 2:$nocore: host core $nocore is not online \(online: $online\)|2:$nocore
none-and-cpu|--pin none cannot be combined with --pin V:C|none 2:${cores[0]}
EOT
check pin-all-cores run 2 "qemu-run: --pin $all: the pinned CPUs take every host core .*; leave one for QEMU's other threads" \
	--smp "${#cores[@]}" --pin "$all"

# One boot with guest CPU 2 on the last host core, QEMU's main loop beside
# it, both at SCHED_FIFO (the bench's default): the runner names the threads
# it moved; 3 s later (QEMU's threads made meanwhile included) those two may
# run on that core only, the vCPU at SCHED_FIFO 1, the main loop above it at
# 2 and nothing else real-time, and every other thread of QEMU on every
# other core but that one.
pin_boot() {
	local last=${cores[-1]} others pid i tid mtid tgid t comm aff want pol bad=0 vcpus=0 rc
	if [ ${#cores[@]} -lt 2 ]; then
		echo "one host core: nothing to pin beside the others; not checked"
		return 0
	fi
	others=$(printf '%s\n' "${cores[@]}" | grep -vx "$last" | paste -sd,)
	printf 'sleep 8\necho guest-done\n' >"$s.pin"
	timeout 120 "$qemu_run" --pin "2:$last:fifo,main:$last:fifo" --pin-report "$s.report" --script "$s.pin" \
		--timeout 90 >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		grep -q '^qemu-run: pinned ' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	read -r tid mtid < <(sed -n "s|^qemu-run: pinned CPU 2/TCG (tid \([0-9]*\)) to host core $last at SCHED_FIFO 1, the main loop (tid \([0-9]*\)) to host core $last at SCHED_FIFO 2; other QEMU threads on host cores\{0,1\} $others\$|\1 \2|p" "$out")
	if [ -z "$tid" ] || [ -z "$mtid" ]; then
		wait "$pid"
		cat "$out"
		echo "no line: pinned CPU 2/TCG and the main loop to host core $last, other threads on $others"
		return 1
	fi
	sleep 3
	tgid=$(awk '/^Tgid:/ { print $2 }' "/proc/$tid/status" 2>/dev/null)
	[ -n "$tgid" ] || { wait "$pid"; cat "$out"; echo "QEMU ended before the check"; return 1; }
	for t in "/proc/$tgid/task/"*; do
		comm=$(cat "$t/comm")
		aff=$(expand "$(awk '/^Cpus_allowed_list:/ { print $2 }' "$t/status")")
		pol=$(chrt -p "${t##*/}" | sed -n 's/.*scheduling \(policy\|priority\): //p' | paste -sd' ')
		want="$others SCHED_OTHER 0"
		[ "${t##*/}" != "$tid" ] || want="$last SCHED_FIFO|SCHED_RESET_ON_FORK 1"
		[ "${t##*/}" != "$mtid" ] || want="$last SCHED_FIFO|SCHED_RESET_ON_FORK 2"
		case $comm in "CPU "*/TCG) vcpus=$((vcpus + 1)) ;; esac
		echo "thread ${t##*/} '$comm': host cores $aff $pol (expected $want)"
		[ "$aff $pol" = "$want" ] || bad=1
	done
	[ "$mtid" = "$tgid" ] || { echo "the main loop's tid $mtid is not QEMU's pid $tgid"; bad=1; }
	wait "$pid"
	rc=$?
	cat "$out"
	[ "$rc" = 0 ] || { echo "status $rc, expected 0"; return 1; }
	grep -qx "guest-done" "$out" || { echo "the guest script did not finish"; return 1; }
	[ "$vcpus" = 4 ] || { echo "$vcpus threads named 'CPU N/TCG', expected 4"; return 1; }
	[ "$bad" = 0 ] || { echo "a thread's affinity or policy is not the one expected"; return 1; }
	grep -qx "pin 2:$last:fifo,main:$last:fifo: pinned CPU 2/TCG (tid $tid) to host core $last at SCHED_FIFO 1, the main loop (tid $mtid) to host core $last at SCHED_FIFO 2; other QEMU threads on host cores\{0,1\} $others" \
		"$s.report" || { echo "--pin-report: $(cat "$s.report")"; return 1; }
}
check pin-boot pin_boot
rm -f "$out" "$s" "$s".*
finish
