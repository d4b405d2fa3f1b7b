#!/usr/bin/env bash
# Two cells at once on different CPUs (hello on CPU 3, timer-jitter on
# CPU 2) with the root cell on CPUs 0-1; then a two-CPU cell (smp-demo on
# CPUs 2-3) whose boot CPU starts the other with INIT/SIPI.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
echo "== two =="
mark_console
bulkhead cell create $CELLS/hello.yaml >/dev/null
bulkhead cell create $CELLS/timer-jitter.yaml >/dev/null
bulkhead cell load hello $INM/hello.bin
bulkhead cell load timer-jitter $INM/timer-jitter.bin -s "period_us=1000"
bulkhead cell start hello
bulkhead cell start timer-jitter
sleep 3
bulkhead cell list
echo "online: $(cat /sys/devices/system/cpu/online)"
new_console
bulkhead cell destroy hello >/dev/null && bulkhead cell destroy timer-jitter >/dev/null && echo "both destroyed"
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== smp =="
mark_console
bulkhead cell create $CELLS/smp-demo.yaml >/dev/null
bulkhead cell load smp-demo $INM/smp-demo.bin
bulkhead cell start smp-demo
sleep 2
bulkhead cell list
new_console
bulkhead cell shutdown smp-demo
bulkhead cell destroy smp-demo >/dev/null && echo "smp destroyed"
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== end =="
bulkhead disable >/dev/null && echo disabled
GUEST
guest "$script" --timeout 120
rc=$?
rm -f "$script"

check two-running sec two "^1 +hello +running +3 +-$"
check two-running-tj sec two "^2 +timer-jitter +running +2 +-$"
check two-root-cpus sec two "^0 +root +running +0-1 +-$"
check two-linux-cpus sec two "^online: 0-1$"
check two-hello-output sec two "hello: cell 'hello'"
check two-tj-output sec two "^\[timer-jitter\] timer-jitter: n=[0-9]+ min=[0-9]+ avg=[0-9]+ max=[0-9]+ ns$"
check two-destroyed sec two "^both destroyed$"
check two-cpus-back sec two "^online: 0-3$"
check smp-running sec smp "^1 +smp-demo +running +2-3 +-$"
check smp-cpu-up sec smp "smp-demo: CPU 1 \(APIC ID 3\) up"
check smp-all-up sec smp "smp-demo: all 2 CPUs up"
check smp-destroyed sec smp "^smp destroyed$"
check smp-cpus-back sec smp "^online: 0-3$"
check disable [ -n "$(grep '^disabled$' "$guest_out")" ]
finish
