#!/usr/bin/env bash
# IPIs to a CPU that stayed out of the hypervisor. The platform boots with
# 5 CPUs and Linux onlines 4 (maxcpus=4): CPU 4 waits for a SIPI, natively.
# Neither a cell nor the root cell may start it (it would run outside
# nested paging): a cell's INIT/SIPI to it and Linux's attempt to online it
# under the hypervisor are refused with a console line; after disable,
# Linux onlines it natively, so nothing was done to it meanwhile.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
echo "== boot =="
echo "online: $(cat /sys/devices/system/cpu/online) present: $(cat /sys/devices/system/cpu/present)"
bulkhead enable $SYS >/dev/null && echo enabled
echo "== cell =="
mark_console
bulkhead cell create $CELLS/attack.yaml >/dev/null
bulkhead cell load attack $INM/attack.bin -s "attack=sipi-outside"
bulkhead cell start attack
sleep 1
bulkhead cell list | grep attack
new_console
bulkhead cell destroy attack >/dev/null && echo destroyed
echo "== root =="
mark_console
if echo 1 >/sys/devices/system/cpu/cpu4/online 2>/dev/null; then
	echo "cpu4 online under the hypervisor"
else
	echo "cpu4 stayed offline"
fi
new_console
echo "== after =="
bulkhead disable >/dev/null && echo disabled
echo 1 >/sys/devices/system/cpu/cpu4/online && echo "cpu4 onlined natively"
echo "online: $(cat /sys/devices/system/cpu/online)"
GUEST
guest "$script" --smp 5 --append maxcpus=4 --timeout 240
rc=$?
rm -f "$script"

check booted sec boot '^online: 0-3 present: 0-4$'
check enabled sec boot '^enabled$'
check cell-sipi-refused sec cell 'cell attack: INIT IPI \(vector 0x0\) to physical destination 0x4 refused: no CPU under the hypervisor'
check cell-sipi-refused-too sec cell 'cell attack: SIPI IPI \(vector 0x10\) to physical destination 0x4 refused: no CPU under the hypervisor'
check cell-survived sec cell 'attack: sipi-outside survived'
check cell-destroyed sec cell '^destroyed$'
check root-refused sec root 'cell root: INIT IPI \(vector 0x0\) to physical destination 0x4 refused: no CPU under the hypervisor'
check root-cpu-offline sec root '^cpu4 stayed offline$'
check disabled sec after '^disabled$'
check native-online sec after '^cpu4 onlined natively$'
check all-online sec after '^online: 0-4$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
