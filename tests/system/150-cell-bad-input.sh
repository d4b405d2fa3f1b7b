#!/usr/bin/env bash
# Bad input to the cell commands: each is refused with a message naming
# what is wrong, and nothing changes (the cell list stays the same). The
# refusals and their checks are in lib-refusals.sh, shared with vmx/210.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-refusals.sh"

script=$(mktemp)
{
	bad_cell_input_guest
	cat <<'GUEST'
# the cache-ways range and what hardware check says of cache QoS
bad_input_extra() {
	variant ways33 '$a cache-ways: 33'
	try ways33 bulkhead cell create /tmp/ways33.yaml
	bulkhead hardware check | grep cache-qos
}
try create-when-disabled bulkhead cell create $CELLS/hello.yaml
bulkhead enable $SYS >/dev/null || exit 1
bad_cell_input
echo "== list =="
bulkhead cell list
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead cell destroy hello >/dev/null && echo destroyed
bulkhead disable >/dev/null && echo disabled
GUEST
} | guest_script "$script"
guest "$script" --timeout 120
rc=$?
rm -f "$script"

bad_cell_input_checks 0-3
check cache-ways-range has '^ways33: rc=1 msg=bulkhead: /tmp/ways33.yaml:[0-9]+: cache-ways: 33, at most 32$'
check cache-qos-reported has 'cache-qos.*no cache or memory bandwidth allocation'
check nothing-changed has '^1 +hello +running +3 +-$'
check only-hello [ "$(section list | grep -c -E '^[0-9]+ ')" = 2 ]
check cleanup has '^disabled$'
finish
