#!/usr/bin/env bash
# system/030, 170 and 149 on VMX, in one Bochs boot of 5 CPUs, the root
# cell on all of them:
# - system/030: 10 enable/disable cycles, the pool at the same use each
#   time, Linux's slab and vmalloc back, disable with a root CPU offline,
#   the module reloaded;
# - system/170: 100000 random hypercalls from the root (VMCALL from Linux
#   on CPU 1) and 100000 from a cell on CPU 4: every call comes back, the
#   guest-caused console lines are rate-limited, the pool comes back;
# - system/149: the page pool running out at every step of a cell's
#   create (its EPT, its regions, its VMCS and bitmaps, the root's EPT),
#   of hello's create, at load and with a loaded cell started, each
#   failure named on the console and the pool back where it was
#   (tests/system/lib-pool.sh).
# On Bochs a CPU that ran a cell serves no other in that boot
# (docs/bochs.md#the-local-apic), so the cells that start take CPUs 4,
# 1, 3 and 2, in that order, 149's eater's CPU 2 last. The Bochs
# platform's config gains the reference platform's 64-bit MMIO window,
# where the eater's I/O window lies. At the end the cells' CPUs stay
# parked, so the hypervisor stays enabled.
# Not in make test: make test-vmx runs it (docs/testing.md).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/../system/lib-pool.sh"

script=$(mktemp)
{
	cat <<'GUEST'
# the Bochs platform's config with the root cell on all 5 CPUs and the
# 64-bit MMIO window of configs/qemu-svm.yaml after its 32-bit one
awk '{ print }
	/^       flags: \[read, write, io\]\}$/ && !done {
		print "    - {name: mmio-high, start: 0x100000000, size: 32G,"
		print "       flags: [read, write, io]}"
		done = 1
	}' /usr/share/bulkhead/configs/bochs-vmx.yaml |
	sed 's/^  cpus: \[0-1\]$/  cpus: [0-4]/' >/tmp/vsys.yaml
VSYS=/tmp/vsys.yaml
echo "== boot =="
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "mmio-high: $(grep -c 'name: mmio-high, start: 0x100000000, size: 32G' $VSYS)"
# system/030: kernel memory the driver could leak, slab and vmalloc,
# caches dropped
kmem() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	awk '/^Slab:|^VmallocUsed:/ { s += $2 } END { print s }' /proc/meminfo
}
echo "== cycles =="
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	bulkhead enable $VSYS >/dev/null || { echo "cycle $i: enable failed"; break; }
	used=$(cat /sys/devices/bulkhead/mem_pool_used)
	bulkhead console | grep -E 'ERROR|FATAL' && echo "cycle $i: console error"
	bulkhead disable >/dev/null || { echo "cycle $i: disable failed"; break; }
	echo "cycle $i: pool $used"
	[ $i = 5 ] && k0=$(kmem)
done
k1=$(kmem)
echo "slab+vmalloc kB after cycle 5: $k0, after cycle 10: $k1"
bulkhead enable $VSYS >/dev/null && echo 0 >/sys/devices/system/cpu/cpu2/online &&
	bulkhead disable >/dev/null && echo "disable with cpu2 offline: ok, online $(cat /sys/devices/system/cpu/online)"
rmmod bulkhead && modprobe bulkhead && echo "module reloaded"
echo "== enable =="
bulkhead enable $VSYS >/dev/null && echo enabled
bulkhead console | grep -E 'Using|Activating'
# system/170 on VMX
pf=$(cat /sys/devices/bulkhead/mem_pool_used)
echo "== fuzz-root =="
taskset -c 1 insmod $TM/bulkhead_hcfuzz.ko && rmmod bulkhead_hcfuzz
dmesg | grep 'hcfuzz:'
echo "cells after: $(bulkhead cell list | grep -c -v -E '^ID|root')"
echo "== fuzz-cell =="
mark_console
sed 's/^cpus: \[1\]$/cpus: [4]/' $CELLS/attack.yaml >/tmp/fuzz.yaml
bulkhead cell create /tmp/fuzz.yaml >/dev/null
bulkhead cell load attack $INM/attack.bin -s "attack=hypercall-fuzz"
bulkhead cell start attack
echo "waited: $(wait_console 'hypercall-fuzz survived' 600) s"
bulkhead cell list | grep attack
bulkhead console | grep -E 'attack: hypercall-fuzz|CPU 4: .*dropped \(rate limit\)' | tail -n 3
bulkhead cell destroy attack >/dev/null && echo destroyed
echo "pool: $pf -> $(cat /sys/devices/bulkhead/mem_pool_used)"
ERR_MARK=$(bulkhead console --position)
GUEST
	pool_guest 1 3 2
	cat <<'GUEST'
# since the fuzz: only the refusals the pool's steps expect
ERR_EXPECTED='^ERROR: cell (eater|hello|ly): '
GUEST
	bochs_end_guest
} | guest_script "$script"
bochs_guest "$script" --smp 5 --timeout 2400
rc=$?
rm -f "$script"

check script-status [ "$rc" = 0 ]
check booted sec boot '^online: 0-4$'
check config sec boot '^mmio-high: 1$'
# system/030
cycles_ok() {
	local first n
	first=$(section cycles | sed -n 's/^cycle 1: pool \([0-9]*\)$/\1/p')
	[ -n "$first" ] || { echo "no pool figure in cycle 1"; return 1; }
	n=$(section cycles | grep -c -E "^cycle [0-9]+: pool $first\$")
	echo "pool $first in $n of 10 cycles"
	[ "$n" = 10 ] && ! sec cycles 'console error|failed' >/dev/null
}
check cycles-pool cycles_ok
check cycles-linux-memory eval 'read -r k0 k1 < <(section cycles | sed -n "s/^slab+vmalloc kB after cycle 5: \([0-9]*\), after cycle 10: \([0-9]*\)$/\1 \2/p");
	echo "slab+vmalloc kB: $k0 -> $k1"; [ -n "$k1" ] && [ $((k1 - k0)) -lt 512 ]'
check cycles-cpu-offline sec cycles '^disable with cpu2 offline: ok, online 0-4$'
check cycles-reload sec cycles '^module reloaded$'
check enabled sec enable '^enabled$'
check using-vmx sec enable 'Using Intel VMX'
check five-cpus sec enable 'Activating hypervisor on 5 CPUs'
# system/170
check root-fuzz-ran sec fuzz-root 'hcfuzz: 100000 calls, seed 0x5eed: [0-9]+ positive'
check root-no-cell-made sec fuzz-root '^cells after: 0$'
check root-lines-limited root_fuzz_lines_limited '[0-4]' fuzz-root
check cell-fuzz-ran sec fuzz-cell 'attack: hypercall-fuzz: 100000 calls came back'
check cell-ran-on eval 'sec fuzz-cell "attack: hypercall-fuzz survived" && sec fuzz-cell "^[0-9]+ +attack +running"'
check cell-lines-limited sec fuzz-cell 'CPU 4: [0-9]+ console lines of its guest.s doing dropped \(rate limit\)'
check cell-destroyed sec fuzz-cell '^destroyed$'
check fuzz-pool-back sec fuzz-cell '^pool: ([0-9]+) -> \1$'
pool_checks
bochs_end_checks 0
finish
