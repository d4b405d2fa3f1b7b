#!/usr/bin/env bash
# 100 create/load/start/destroy cycles: the page pool returns to its start
# value, the console shows no errors, Linux is fine afterwards.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
p0=$(cat /sys/devices/bulkhead/mem_pool_used)
i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	bulkhead cell create $CELLS/hello.yaml >/dev/null &&
	bulkhead cell load hello $INM/hello.bin &&
	bulkhead cell start hello >/dev/null &&
	bulkhead cell destroy hello >/dev/null || { echo "cycle $i failed"; break; }
	p=$(cat /sys/devices/bulkhead/mem_pool_used)
	[ "$p" = "$p0" ] || { echo "cycle $i: pool $p0 -> $p"; }
done
echo "cycles: $i"
echo "pool: $p0 -> $(cat /sys/devices/bulkhead/mem_pool_used)"
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead console | grep -E 'ERROR|FATAL' || echo "console: no errors"
stress-ng --cpu 4 --timeout 2 2>&1 | grep -q successful && echo "linux fine"
bulkhead disable >/dev/null && echo disabled
GUEST
guest "$script" --timeout 400
rc=$?
rm -f "$script"
[ "$rc" = 0 ] || fail "guest script exited with $rc"
expect '^cycles: 100$'
expect_not 'failed$'
expect_not '^cycle [0-9]+: pool'
expect '^pool: ([0-9]+) -> \1$'
expect '^online: 0-3$'
expect '^console: no errors$'
expect '^linux fine$'
expect '^disabled$'
