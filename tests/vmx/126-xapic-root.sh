#!/usr/bin/env bash
# A root cell whose Linux runs its local APIC in xAPIC mode (booted with
# intremap=off, so Linux leaves x2APIC off, as on a machine without
# interrupt remapping and on Bochs), one boot. The hypervisor maps the
# APIC page read-only and filters every write (docs/architecture.md#a-root-in-xapic-mode):
# a config with regulation is refused; Linux's APIC writes exit as MMIO;
# a root CPU goes offline and online again (INIT and SIPI through the
# xAPIC ICR); a cell on CPU 2 runs x2APIC with no exits in steady state,
# and raw xAPIC IPIs from the root at it (NMI, INIT, SIPI, a fixed vector,
# a physical broadcast, a shorthand) are refused (the broadcasts clipped to
# the root without a word, as Linux sends them itself) while the cell's
# exit counter stays put; the root's APIC ID stays; a two-CPU cell starts its second CPU
# by INIT/SIPI; ivshmem doorbells go both ways between the root and a
# cell; CPUs come back to Linux in xAPIC mode, and after disable Linux
# takes a CPU offline and online natively.
. "$(dirname "$0")/../system/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
XSYS=/tmp/xapic.yaml
# what the root sends: ICR2's destination byte, then the ICR low word
xsend() { insmod $TM/bulkhead_xapic.ko cpu=0 dest=$1 icr=$2 && rmmod bulkhead_xapic; }
echo "== boot =="
dmesg | grep -q 'x2apic: IRQ remapping doesn.t support X2APIC mode' && echo "root in xAPIC mode"
grep -q ' x2apic ' /proc/cpuinfo && echo "cpu has x2apic"
# what to read when the hotplug below hangs: each CPU's timer softirqs and
# the kernel's timer lines, before the hypervisor is enabled
echo "up $(cut -d' ' -f1 /proc/uptime) s, $(grep TIMER: /proc/softirqs)"
dmesg | grep -E 'tsc:|clocksource: Switched|APIC timer|rcu.*stall' | sed 's/^/dmesg: /'
echo "== enable =="
bulkhead enable $SYS 2>&1 | grep -o 'regulation: .*xAPIC mode.*' | head -1
sed '/^regulation:/,/^$/d' $SYS >$XSYS
bulkhead enable $XSYS >/dev/null && echo enabled
bulkhead console | grep -E 'xAPIC'
bulkhead cell stats root -i 2 | grep -E '^(mmio|init_sipi) '
echo "== hotplug =="
echo "up $(cut -d' ' -f1 /proc/uptime) s, $(grep TIMER: /proc/softirqs), stalls $(dmesg | grep -c 'detected stalls')"
echo 0 >/sys/devices/system/cpu/cpu3/online && echo "cpu3 offline"
echo 1 >/sys/devices/system/cpu/cpu3/online && echo "cpu3 online"
echo "online: $(cat /sys/devices/system/cpu/online)"
taskset -c 3 sh -c 'echo "cpu3 runs: $(cat /proc/self/stat | cut -d" " -f39)"'
echo "== cell =="
mark_console
bulkhead cell create $CELLS/timer-jitter.yaml >/dev/null
bulkhead cell load timer-jitter $INM/timer-jitter.bin -s "period_us=1000"
bulkhead cell start timer-jitter
sleep 3
e0=$(cpu_exits 1 2)
sleep 3
e1=$(cpu_exits 1 2)
echo "exits: $e0 -> $e1"
new_console
echo "== attack =="
mark_console
e0=$(cpu_exits 1 2)
xsend 2 0x400    # NMI to the cell's CPU (APIC ID 2)
xsend 2 0x4500   # INIT
xsend 2 0x4610   # SIPI
xsend 2 0x40fd   # a fixed vector
xsend 0xff 0x40fd  # physical broadcast
xsend 0 0xc40fd    # all but self
insmod $TM/bulkhead_xapic.ko cpu=1 reg=0x20 value=0x7000000 && rmmod bulkhead_xapic
dmesg | grep -o 'xapic: CPU 1 register 0x20 .*' | tail -1
sleep 2
e1=$(cpu_exits 1 2)
echo "attack exits: $e0 -> $e1"
bulkhead cell list | grep timer-jitter
new_console
bulkhead cell shutdown timer-jitter && bulkhead cell destroy timer-jitter >/dev/null && echo destroyed
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== smp =="
mark_console
bulkhead cell create $CELLS/smp-demo.yaml >/dev/null
bulkhead cell load smp-demo $INM/smp-demo.bin
bulkhead cell start smp-demo
sleep 2
bulkhead cell list | grep smp-demo
new_console
bulkhead cell shutdown smp-demo && bulkhead cell destroy smp-demo >/dev/null && echo "smp destroyed"
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== ivshmem =="
bulkhead cell create $CELLS/ivshmem-demo.yaml >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=0 msg=1"
bulkhead cell start ivshmem-demo && echo started
sleep 1
for i in 1 2 3; do
	bulkhead ivshmem wait --count 1 --timeout 5000 >/tmp/w &
	sleep 1
	bulkhead ivshmem ring 1 3
	wait
	echo "answered: $(cat /tmp/w)"
done
bulkhead cell destroy ivshmem-demo >/dev/null && echo "ivshmem destroyed"
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== disable =="
bulkhead disable >/dev/null && echo disabled
echo 0 >/sys/devices/system/cpu/cpu2/online && echo 1 >/sys/devices/system/cpu/cpu2/online && echo "cpu2 cycled natively"
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "console errors: $(bulkhead console | grep -E 'ERROR|FATAL' | grep -vc 'regulation')"
GUEST
guest "$script" --append intremap=off --timeout 240
rc=$?
rm -f "$script"

check xapic-boot sec boot "^root in xAPIC mode$"
check regulation-refused sec enable "^regulation: the root cell cannot be regulated here: SVM shares .*xAPIC mode"
check enabled sec enable "^enabled$"
check console-says sec enable "xAPIC mode: its page is read-only, writes trap, IPIs filtered"
# Linux's EOIs and timer writes exit: some per second on an idle root
mmio() { section enable | awk '$1 == "mmio" && $3 > 0 { ok = 1 } END { exit !ok }'; }
check mmio-exits mmio
check hotplug-off sec hotplug "^cpu3 offline$"
check hotplug-on sec hotplug "^cpu3 online$"
check hotplug-all sec hotplug "^online: 0-3$"
check hotplug-runs sec hotplug "^cpu3 runs: 3$"
check cell-reports sec cell "^\[timer-jitter\] timer-jitter: n=[0-9]+ min=[0-9]+ avg=[0-9]+ max=[0-9]+ ns$"
check cell-exit-free sec cell "^exits: ([0-9]+) -> \1$"
check attack-nmi sec attack "NMI IPI \(vector 0x0\) to CPUs 0x4 of another cell refused"
check attack-init sec attack "INIT IPI \(vector 0x0\) to CPUs 0x4 of another cell refused"
check attack-sipi sec attack "SIPI IPI \(vector 0x10\) to CPUs 0x4 of another cell refused"
check attack-fixed sec attack "fixed IPI \(vector 0xfd\) to CPUs 0x4 of another cell refused"
# Linux's own shorthands cover the cell's CPU (it takes it for offline):
# clipped without a word, as the broadcasts above
quiet() { [ "$(section attack | grep -c 'cell root: fixed IPI')" = 1 ]; }
check root-broadcasts-quiet quiet
check attack-id sec attack "write of 0x7000000 to local APIC register 0x20 dropped"
check attack-id-kept sec attack "register 0x20 was 0x1000000, wrote 0x7000000, reads 0x1000000$"
check attack-no-exits sec attack "^attack exits: ([0-9]+) -> \1$"
check attack-cell-runs sec attack "^1 +timer-jitter +running +2 +-$"
check cell-destroyed sec attack "^destroyed$"
check cell-cpu-back sec attack "^online: 0-3$"
check smp-all-up sec smp "smp-demo: all 2 CPUs up"
check smp-back sec smp "^online: 0-3$"
answered() { [ "$(section ivshmem | grep -c '^answered: 1$')" = 3 ]; }
check ivshmem-both-ways answered
check ivshmem-back sec ivshmem "^online: 0-3$"
check disabled sec disable "^disabled$"
check native-hotplug sec disable "^cpu2 cycled natively$"
check native-online sec disable "^online: 0-3$"
check no-errors sec disable "^console errors: 0$"
finish
