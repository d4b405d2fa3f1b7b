#!/usr/bin/env bash
# A two-CPU cell whose second CPU restarts the first with INIT/SIPI, over
# and over, also while the root cell stops it (attack restart-sibling).
# Parking must win: after each stop no CPU of the cell runs (the first CPU,
# which executes CPUID in a loop whenever it runs, takes no more exits), a
# new start works, and destroy gives both CPUs back to Linux. Five rounds,
# since the race is a matter of timing.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
bulkhead cell create $CELLS/smp-demo.yaml >/dev/null || exit 1
for round in 1 2 3 4 5; do
	echo "== round $round =="
	mark_console
	bulkhead cell load smp-demo $INM/attack.bin -s "attack=restart-sibling"
	bulkhead cell start smp-demo
	sleep 1
	new_console | grep -m1 'trying restart-sibling'
	bulkhead cell shutdown smp-demo && echo "stopped"
	e2=$(cpu_exits 1 2) e3=$(cpu_exits 1 3)
	sleep 1
	echo "exits after stop: $(($(cpu_exits 1 2) - e2)) $(($(cpu_exits 1 3) - e3))"
	bulkhead cell list | grep smp-demo
done
echo "== after =="
bulkhead cell load smp-demo $INM/hello.bin
timeout 30 bulkhead cell start smp-demo && echo "started again"
sleep 1
bulkhead cell list | grep smp-demo
timeout 30 bulkhead cell destroy smp-demo >/dev/null && echo destroyed
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead disable >/dev/null && echo disabled
GUEST
guest "$script" --timeout 240
rc=$?
rm -f "$script"

for r in 1 2 3 4 5; do
	check "round-$r" restart_round_ok "$r"
done
check start-again sec after '^started again$'
check running sec after '^[0-9]+ +smp-demo +running '
check destroyed sec after '^destroyed$'
check cpus-back sec after '^online: 0-3$'
check disabled sec after '^disabled$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
