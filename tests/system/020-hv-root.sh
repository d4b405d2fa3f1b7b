#!/usr/bin/env bash
# The hypervisor under a working Linux: enable, Linux keeps working (load on
# all CPUs, CPU hotplug, module load/unload, its own NMIs, also one sent
# while its NMI handler runs), exits are counted, CPUID shows
# the hypervisor and hides SVM, hypervisor memory is refused to the root
# cell, unload is refused, disable gives Linux back intact.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
echo "before: $($T/cpuid | tr '\n' ' ')"
bulkhead enable $SYS && echo "enable: ok"
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "during: $($T/cpuid | tr '\n' ' ')"
e0=$(root_exits)
for i in 1 2 3 4; do (n=0; while [ $n -lt 20000 ]; do n=$((n + 1)); done) & done
wait && echo "busy loops: ok"
stress-ng --cpu 4 --vm 1 --vm-bytes 64M --timeout 10 2>&1 | grep -q 'successful run' &&
	echo "stress-ng: ok"
for c in 1 3; do
	echo 0 >/sys/devices/system/cpu/cpu$c/online
	echo "offline cpu$c: $(cat /sys/devices/system/cpu/online)"
	echo 1 >/sys/devices/system/cpu/cpu$c/online
	echo "online cpu$c: $(cat /sys/devices/system/cpu/online)"
done
taskset -c 3 sh -c 'echo "task on cpu3 ran"'
insmod $TM/bulkhead_probe.ko && rmmod bulkhead_probe && echo "module load/unload: ok"
rmmod bulkhead 2>/dev/null || echo "rmmod while enabled: refused"
lsmod | grep -q '^bulkhead ' && echo "module still loaded"
insmod $TM/bulkhead_hvpeek.ko phys=0x30000000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek:' | tail -1
insmod $TM/bulkhead_hcall.ko && rmmod bulkhead_hcall
# the shipped image has no fault injection
insmod $TM/bulkhead_hcall.ko fault=1 fault_cpu=1 fault_ms=100 && rmmod bulkhead_hcall
dmesg | grep 'hcall:'
# the root's MSR policy: x2APIC stays on, no microcode loads, no xAPIC page
insmod $TM/bulkhead_msr.ko msr=0x1b write=1 xor=0x400 && rmmod bulkhead_msr
insmod $TM/bulkhead_msr.ko msr=0xc0010020 write=1 value=0 && rmmod bulkhead_msr
# L3 allocation's MSRs: intercepted, and #GP where the CPU has none (QEMU)
insmod $TM/bulkhead_msr.ko msr=0xc90 write=1 value=1 && rmmod bulkhead_msr
insmod $TM/bulkhead_msr.ko msr=0xc8f write=1 value=0x100000000 && rmmod bulkhead_msr
insmod $TM/bulkhead_hvpeek.ko phys=0xfee00000 && rmmod bulkhead_hvpeek
dmesg | grep -E 'msr: CPU|hvpeek: phys 0xfee00000'
# a disable that not every CPU joins: refused after the bounded wait
insmod $TM/bulkhead_hcall.ko lone_disable=1 && rmmod bulkhead_hcall
dmesg | grep 'hcall: lone'
echo "enabled after lone disable: $(cat /sys/devices/bulkhead/enabled)"
$T/vmmcall-user
echo l >/proc/sysrq-trigger
sleep 1
echo "nmi backtraces: $(dmesg | grep -c 'NMI backtrace for cpu')"
# Linux's own NMIs, the second of each pair sent while CPU 1 runs the
# first's handler: given back only after that handler's IRET
root_nmi_pairs
e1=$(root_exits)
echo "exits grew: $([ "$e1" -gt "$e0" ] && echo yes || echo "no ($e0 -> $e1)")"
for c in 0 1 2 3; do
	echo "cpu$c exits: $(cat /sys/devices/bulkhead/cells/0/statistics/cpu$c/vmexits_total)"
done
bulkhead cell stats root -i 0.5 | head -3
# the root rewrites the disable trampoline's first instruction (UD2): the
# hypervisor must run its own copy up to the switch to Linux's tables
a=$(grep ' bh_tramp_leave' /proc/kallsyms | awk '{ print $1 }')
insmod $TM/bulkhead_tramp.ko addr=0x$a
dmesg | grep 'tramp:'
bulkhead disable && echo "disable: ok"
rmmod bulkhead_tramp
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "after: $($T/cpuid | tr '\n' ' ')"
stress-ng --cpu 4 --timeout 2 2>&1 | grep -q 'successful run' && echo "after stress-ng: ok"
echo "online after: $(cat /sys/devices/system/cpu/online)"
bulkhead console >/tmp/console
grep 'did not call disable' /tmp/console
# the lone disable's refusal is the one error expected
grep -E 'ERROR|FATAL' /tmp/console | grep -v 'did not call disable' ||
	echo "console: no errors"
grep -E 'refused|dropped|^hcall|^Hypervisor memory' /tmp/console
GUEST
guest "$script" --timeout 180
rc=$?
rm -f "$script"
[ "$rc" = 0 ] || fail "guest script exited with $rc"
hvlog="$top/build/log/$BULKHEAD_RUN_NAME.hypervisor.log"
grep -q 'Activating hypervisor on 4 CPUs' "$hvlog" || fail "hypervisor UART log $hvlog lacks the activation line"
echo "ok: hypervisor UART log has the activation line"
expect "^before: hv-leaf: .* svm: yes"
expect_not "^before: .*'Bulkhead    '"
expect '^enable: ok$'
expect "^during: hv-leaf: max 0x40000000 signature 'Bulkhead    ' svm: no"
expect '^busy loops: ok$'
expect '^stress-ng: ok$'
expect '^offline cpu1: 0,2-3$'
expect '^online cpu1: 0-3$'
expect '^offline cpu3: 0-2$'
expect '^online cpu3: 0-3$'
expect '^task on cpu3 ran$'
expect '^module load/unload: ok$'
expect '^rmmod while enabled: refused$'
expect '^module still loaded$'
expect 'hvpeek: phys 0x30000000 read 0xffffffff, wrote 0x5a5a5a5a at \+4, read back 0xffffffff'
expect 'hcall: abi 3 pool_pages [0-9]+ pool_used [0-9]+ cells 1 bad_info -22$'
expect 'hcall: console_write 48 too_long -7 unknown -38$'
expect 'hcall: fault 1 on CPU 1 for 100 ms: -38$'
expect 'CPU [0-3]: fault injection refused: not in this build'
expect 'msr: CPU 0 MSR 0x1b read (0x[0-9a-f]+) \(0\), wrote 0x[0-9a-f]+ \(-[0-9]+\), read back \1$'
expect 'msr: CPU 0 MSR 0xc0010020 read 0x[0-9a-f]+ \(0\), wrote 0x0 \(0\), read back'
expect 'msr: CPU 0 MSR 0xc90 read 0x[0-9a-f]+ \(0\), wrote 0x1 \(-[0-9]+\)'
expect 'msr: CPU 0 MSR 0xc8f read 0x[0-9a-f]+ \(0\), wrote 0x100000000 \(-[0-9]+\)'
expect 'hvpeek: phys 0xfee00000 read 0xffffffff, wrote 0x5a5a5a5a at \+4, read back 0xffffffff'
expect 'CPU 0: cell root: write of APIC_BASE 0x[0-9a-f]+ refused: x2APIC stays on and in place under the hypervisor \(#GP\)'
expect 'CPU 0: cell root: microcode load dropped: not while the hypervisor runs'
expect "cell root: read of 4 bytes at 0xfee00000 .* refused: not the cell's memory, reads all-ones"
expect '^Hypervisor memory: code read-execute, header and read-only data read-only, the rest not executable$'
expect 'hcall: lone disable on CPU [0-3]: -110$'
expect '^enabled after lone disable: 1$'
expect 'ERROR: disable: CPU [0-3]: CPUs [0-3], [0-3], [0-3] did not call disable within 2000 ms; the hypervisor stays'
expect '^vmmcall from user: SIGILL$'
expect '^nmi backtraces: [34]$'
expect 'nmi: CPU 1: 40 NMIs sent, each second one in the first.s handler, 40 handled, 0 nested, [1-9][0-9]* sent before that handler ended$'
expect '^cpu1 nmis given back: 40, held: [1-9][0-9]*$'
expect '^cpu1 held every NMI sent while the handler ran: yes$'
expect '^exits grew: yes$'
for c in 0 1 2 3; do expect "^cpu$c exits: [1-9][0-9]*$"; done
expect '^total +[0-9]+ +[0-9.]+'
expect 'tramp: bh_tramp_leave\+4 at 0x[0-9a-f]+ now 0f 0b \(0\)$'
expect '^disable: ok$'
expect '^enabled: 0$'
expect "^after: hv-leaf: .* svm: yes"
expect_not "^after: .*'Bulkhead    '"
expect '^after stress-ng: ok$'
expect '^online after: 0-3$'
expect '^console: no errors$'
expect "cell root: read of 4 bytes at 0x30000000 .* refused: not the cell's memory, reads all-ones"
expect "^hcall: hello from the root cell's console write$"
expect "CPU [0-3]: unknown hypercall 30583 refused"
expect "cell root: write of 4 bytes at 0x30000004 .* refused: not the cell's memory, dropped"
