#!/usr/bin/env bash
# timer-jitter at 1 kHz for 10 s while Linux runs stress-ng --cpu 2 --vm 1:
# its reports appear, and in steady state its CPU takes no VM exits: the
# counter does not move between two readings 5 s apart.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
bulkhead cell create $CELLS/timer-jitter.yaml >/dev/null
bulkhead cell load timer-jitter $INM/timer-jitter.bin -s "period_us=1000"
mark_console
bulkhead cell start timer-jitter
stress-ng --cpu 2 --vm 1 --vm-bytes 64M --timeout 14 >/dev/null 2>&1 &
sleep 3
e0=$(cpu_exits 1 2)
sleep 5
e1=$(cpu_exits 1 2)
sleep 2
wait
echo "exits: $e0 -> $e1"
echo "== console =="
new_console
echo "== end =="
bulkhead cell list
mark_console
bulkhead cell shutdown timer-jitter && bulkhead cell destroy timer-jitter >/dev/null && echo destroyed
echo "== summary =="
new_console
bulkhead disable >/dev/null && echo disabled
GUEST
guest "$script" --timeout 120
rc=$?
rm -f "$script"

reports() { [ "$(section console | grep -c -E '^\[timer-jitter\] timer-jitter: n=[0-9]+ min=[0-9]+ avg=[0-9]+ max=[0-9]+ ns$')" -ge 8 ]; }
check reports reports
check exit-free grep -E -q '^exits: ([0-9]+) -> \1$' "$guest_out"
check still-running grep -E -q '^1 +timer-jitter +running +2 +-$' "$guest_out"
check shutdown-destroy grep -q '^destroyed$' "$guest_out"
summary() { section summary | grep -E -q '^\[timer-jitter\] timer-jitter: total n=[0-9]{4,} min=-?[0-9]+ avg=-?[0-9]+ p50=[0-9]+ p99=[0-9]+ p99.9=[0-9]+ max=[0-9]+ ns$'; }
check summary-percentiles summary
check disable grep -q '^disabled$' "$guest_out"
finish
