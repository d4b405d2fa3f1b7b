#!/usr/bin/env bash
# A CPU handed from one guest to the next starts clean: the attack inmate
# arms the local APIC (TPR, timer, performance, LINT1 and error LVTs, a
# running timer count) and is shut down; the next image started on the
# same CPU reports the APIC as it found it, before its library touched it.
# The hypervisor resets it when the CPU stops (docs/cells.md).
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
bulkhead cell create $CELLS/attack.yaml >/dev/null
echo "== dirty =="
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=apic-dirty"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell shutdown attack && echo "shut down"
echo "== show =="
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=apic-show"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell destroy attack >/dev/null && echo destroyed
bulkhead disable >/dev/null && echo disabled
echo "online: $(cat /sys/devices/system/cpu/online)"
GUEST
guest "$script" --timeout 180
rc=$?
rm -f "$script"

sec() { # sec SECTION REGEX
	section "$1" | grep -E -q -- "$2" || { echo "section $1 lacks /$2/"; return 1; }
}
check armed sec dirty 'attack: apic-dirty survived \(value 0x20041\)'
check shut-down sec dirty '^shut down$'
check apic-clean sec show 'attack: apic at entry: tpr=0x0 lvt_timer=0x10000 lvt_perf=0x10000 lvt_lint1=0x10000 lvt_error=0x10000 timer_init=0x0 in_service=0$'
check cleanup sec show '^disabled$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
