#!/usr/bin/env bash
# 20 enable/disable cycles in one boot: the page pool is at the same use
# every time, Linux's memory comes back, and the console shows no errors.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
# kernel memory the driver could leak: slab and vmalloc, caches dropped
kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	awk '/^Slab:|^VmallocUsed:/ { s += $2 } END { print s }' /proc/meminfo
}
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	bulkhead enable $SYS >/dev/null || { echo "cycle $i: enable failed"; exit 1; }
	used=$(cat /sys/devices/bulkhead/mem_pool_used)
	size=$(cat /sys/devices/bulkhead/mem_pool_size)
	bulkhead console | grep -E 'ERROR|FATAL' && { echo "cycle $i: console error"; exit 1; }
	bulkhead disable >/dev/null || { echo "cycle $i: disable failed"; exit 1; }
	echo "cycle $i: pool $used/$size"
	[ $i = 10 ] && k0=$(kmem)
done
k1=$(kmem)
# disable brings offline root CPUs back first; the module unloads after
bulkhead enable $SYS >/dev/null && echo 0 >/sys/devices/system/cpu/cpu2/online &&
	bulkhead disable >/dev/null && echo "disable with cpu2 offline: ok, online $(cat /sys/devices/system/cpu/online)"
rmmod bulkhead && modprobe bulkhead && bulkhead enable $SYS >/dev/null &&
	bulkhead disable >/dev/null && echo "reload and enable: ok"
echo "slab+vmalloc kB after cycle 10: $k0, after cycle 20: $k1"
[ $((k1 - k0)) -lt 512 ] && echo "linux memory: back"
GUEST
guest "$script" --timeout 240
rc=$?
rm -f "$script"
[ "$rc" = 0 ] || fail "guest script exited with $rc"
first=$(grep -m1 -E '^cycle 1: pool ' "$guest_out" | awk '{ print $4 }')
[ -n "$first" ] || fail "no pool figure in cycle 1"
n=$(grep -c -E "^cycle [0-9]+: pool $first\$" "$guest_out")
[ "$n" = 20 ] || fail "pool use differs between cycles: $(grep '^cycle' "$guest_out" | tr '\n' ' ')"
echo "ok: pool $first in all 20 cycles"
expect '^linux memory: back$'
expect '^disable with cpu2 offline: ok, online 0-3$'
expect '^reload and enable: ok$'
