#!/usr/bin/env bash
# Regulation of the root cell (docs/regulation.md), one boot, with the
# reference config's limits (stop: holds of at most 2 ms, then at least
# 1 ms of run; duty: 50 % of every 1 ms) and the regulator inmate in the
# rt-probe cell (CPU 2), which the config names; `progress` counts a root
# CPU's progress and its gaps.
# - a cell the config does not name is refused, with a console line;
# - stop: each request stops the root (a gap in its progress of at least
#   the request's length); the cell's CPU exits once per request asked by
#   hypercall, and never for requests asked and ended in its comm region;
# - the counters of a long stop request and of duty 50 % are shown in
#   `cell stats`; their figures (longest hold, the root's progress and
#   stress-ng bogo-ops under duty) are printed, not checked: under TCG
#   they are the host's scheduling of spinning and halted vCPUs on one
#   core (docs/regulation.md, "Under emulation"), not the limits';
# - a cell destroyed mid-request leaves the root unregulated, and 1000
#   request/end cycles leave no residue (no interrupt exits afterwards);
# - no RCU stall or soft lockup in a 60 s regulated run under stress-ng.
. "$(dirname "$0")/../system/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
PROGRESS=/usr/libexec/bulkhead-tests/progress
ROOT_STATS=/sys/devices/bulkhead/cells/0/statistics
root_irq_exits() { cat $ROOT_STATS/cpu1/vmexits_interrupt; }
bogo() { # SECONDS: stress-ng cpu on the root's CPUs, bogo-ops per second
	taskset -c 0,1,3 stress-ng --cpu 3 --timeout $1 --metrics-brief 2>&1 |
		awk '$4 == "cpu" && $5 ~ /^[0-9]/ { print $(NF-1); exit }'
}
bulkhead enable $SYS >/dev/null || exit 1

echo "== refused =="
bulkhead cell create $CELLS/hello.yaml >/dev/null
bulkhead cell load hello $INM/regulator.bin -s "count=1 gap_ms=0 hold_ms=0"
mark_console
bulkhead cell start hello
sleep 1
new_console
bulkhead cell destroy hello >/dev/null

bulkhead cell create $CELLS/rt-probe.yaml >/dev/null
run_regulator() { # ARGS: run the regulator in rt-probe until it is done
	bulkhead cell shutdown rt-probe >/dev/null 2>&1
	bulkhead cell load rt-probe $INM/regulator.bin -s "$1" >/dev/null
	mark_console
	bulkhead cell start rt-probe >/dev/null
}
wait_done() {
	for i in $(seq 1 ${1:-60}); do
		new_console | grep -q 'regulator: done' && return 0
		sleep 1
	done
	echo "regulator not done"
}

echo "== baseline =="
$PROGRESS 1 8

echo "== stop short =="
run_regulator "mode=stop how=call hold_ms=1 gap_ms=10 count=300 quiet=1 delay_ms=1500"
# counted from after the inmate's start, whose CPUID and the like exit
sleep 1
e0=$(cpu_exits 1 2)
$PROGRESS 1 8
wait_done
e1=$(cpu_exits 1 2)
new_console | grep 'regulator: done'
echo "cell exits: $((e1 - e0))"

echo "== stop comm =="
run_regulator "mode=stop how=comm hold_ms=1 gap_ms=20 count=50 quiet=1 delay_ms=1500"
sleep 1
e0=$(cpu_exits 1 2)
wait_done
e1=$(cpu_exits 1 2)
new_console | grep 'regulator: done'
echo "cell exits: $((e1 - e0))"

echo "== stop long =="
run_regulator "mode=stop how=call hold_ms=1500 gap_ms=0 count=1"
$PROGRESS 1 1
wait_done
for c in 0 1 3; do
	echo "cpu$c holds $(cat $ROOT_STATS/cpu$c/regulation_holds) max $(cat $ROOT_STATS/cpu$c/regulation_hold_max_ns)"
done

echo "== duty =="
sleep 1
base=$(bogo 3)
run_regulator "mode=duty how=call hold_ms=8000 gap_ms=0 count=1"
sleep 1
$PROGRESS 1 2
reg=$(bogo 3)
wait_done
echo "bogo-ops/s: unregulated $base regulated $reg"
bulkhead cell stats root -i 1 | sed -n '/^Regulation/,$p'

echo "== destroy mid-request =="
run_regulator "mode=stop how=call hold_ms=-1 count=1"
sleep 2
new_console | grep 'holding the request'
mark_console
bulkhead cell destroy rt-probe >/dev/null && echo destroyed
bulkhead console | tail -n 5 | grep 'ends with it'
sleep 1
i0=$(root_irq_exits)
$PROGRESS 1 2
i1=$(root_irq_exits)
echo "root interrupt exits after destroy: $((i1 - i0))"

echo "== cycles =="
bulkhead cell create $CELLS/rt-probe.yaml >/dev/null
run_regulator "mode=stop how=call hold_ms=0 gap_ms=0 count=1000 quiet=1"
wait_done
new_console | grep 'regulator: done'
sleep 1
i0=$(root_irq_exits)
$PROGRESS 1 2
i1=$(root_irq_exits)
echo "root interrupt exits after cycles: $((i1 - i0))"

echo "== long run =="
# NMIs Linux got from the hypervisor that were not Linux's own
echo "unknown NMIs before: $(dmesg | grep -c 'NMI received for unknown reason')"
dmesg -c >/dev/null
run_regulator "mode=duty how=call hold_ms=62000 gap_ms=0 count=1"
taskset -c 0,1,3 stress-ng --cpu 3 --vm 1 --vm-bytes 32M --timeout 60 >/dev/null 2>&1
wait_done 10
new_console | grep 'regulator: done'
echo "kernel warnings: $(dmesg | grep -c -i -E 'rcu.*stall|soft lockup|hard lockup|watchdog: BUG')"
dmesg | grep -i -E 'rcu.*stall|soft lockup|hard lockup|watchdog: BUG' | head -n 3
echo "unknown NMIs in it: $(dmesg | grep -c 'NMI received for unknown reason')"

bulkhead cell destroy rt-probe >/dev/null
bulkhead disable >/dev/null && echo disabled
echo "== end =="
GUEST
guest "$script" --timeout 420
rc=$?
rm -f "$script"

# progress lines: "progress: cpu 1, S s, N reads, R/s, max gap G us, gaps >= 1 ms: A, >= 5 ms: B, >= 10 ms: C, >= 30 ms: D"
rate() { section "$1" | sed -n 's/^progress: .* reads, \([0-9]*\)\/s,.*/\1/p' | head -n 1; }
gaps() { section "$1" | sed -n "s/^progress: .*gaps >= 1 ms: \([0-9]*\), >= 5 ms: \([0-9]*\), >= 10 ms: \([0-9]*\), >= 30 ms: \([0-9]*\)$/\\$2/p" | head -n 1; }

check refused-not-named sec refused '^\[hello\] regulator: done: 1 requests, 0 granted, 1 refused \(last errno 1\)$'
check refused-logged grep -q "^cell hello: regulation refused: the system config's regulation does not name it$" "$guest_out"

# The 300 stops must add at least 240 gaps of 1 ms to what the host's own
# noise gives in the same 8 s. While the root is stopped it makes no
# progress and so no gap of its own: a noise gap there merges into the
# stop's. Under TCG a stop of 1 ms holds for up to 10 ms, and the root then
# progresses for only part of the window (40 % less in stop 29's CI run,
# where 237 gaps against a baseline of 82 in 2 s, counted as if noise ran
# all 4 s, failed). The noise expected is therefore the baseline's, scaled
# by the progress rate under stops over the baseline's; stops that do not
# stop the root leave that rate as it was, and the bound with it. 300
# stops, not 100 as before 2026-12-02: the noise of a window varies by
# tens of gaps from run to run (20 to 165 in 4 s), and the stops must
# stand out of it.
stop_gaps() {
	local base stop rb rs want
	base=$(gaps baseline 1)
	stop=$(gaps 'stop short' 1)
	rb=$(rate baseline)
	rs=$(rate 'stop short')
	[ -n "$base" ] && [ -n "$stop" ] && [ -n "$rb" ] && [ -n "$rs" ] && [ "$rb" -gt 0 ] || {
		echo "progress lines missing"
		return 1
	}
	want=$(awk -v b="$base" -v rb="$rb" -v rs="$rs" \
		'BEGIN { f = rs / rb; if (f > 1) f = 1; printf "%d", b * f + 240 + 0.999 }')
	echo "gaps >= 1 ms in 8 s: baseline $base at $rb reads/s; under 300 stops of 1 ms" \
		"$stop at $rs reads/s; at least $want wanted"
	[ "$stop" -ge "$want" ]
}
check stop-stops-root stop_gaps
check stop-granted sec 'stop short' '^\[rt-probe\] regulator: done: 300 requests, 300 granted, 0 refused'
check stop-one-exit-per-call sec 'stop short' '^cell exits: 300$'
check comm-granted sec 'stop comm' '^\[rt-probe\] regulator: done: 50 requests, 50 granted, 0 refused'
check comm-no-exits sec 'stop comm' '^cell exits: 0$'
# Figures, not checks (see the header): printed for the log and the note.
hold_figures() {
	section 'stop long' | grep '^cpu[013] holds'
	echo "gaps >= 30 ms under a 1.5 s stop request: $(gaps 'stop long' 4)"
	echo "progress/s: unregulated $(rate baseline), duty 50% $(rate duty)"
	section duty | grep '^bogo-ops/s:'
}
hold_figures
check stats-show-regulation sec duty '^cpu1 +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$'

check destroy-ends-request sec 'destroy mid-request' 'cell rt-probe: its regulation request ends with it'
check destroy-root-free sec 'destroy mid-request' '^root interrupt exits after destroy: 0$'
check cycles-granted sec cycles '^\[rt-probe\] regulator: done: 1000 requests, 1000 granted, 0 refused'
check cycles-no-residue sec cycles '^root interrupt exits after cycles: 0$'
check long-run-quiet sec 'long run' '^kernel warnings: 0$'
check no-stray-nmis eval 'sec "long run" "^unknown NMIs before: 0$" && sec "long run" "^unknown NMIs in it: 0$"'
check long-run-done sec 'long run' '^\[rt-probe\] regulator: done: 1 requests, 1 granted'
check disabled grep -q '^disabled$' "$guest_out"
check guest-finished grep -q '^== end ==$' "$guest_out"
[ $rc = 0 ] || echo "guest exit status $rc"
finish
