#!/usr/bin/env bash
# The Intel VMX backend on Bochs (image/bochs-run, docs/vmx.md), in one
# boot, since a Bochs boot takes minutes: the emulated CPU has VMX with EPT
# and unrestricted guest, and `bulkhead hardware check` (the hypervisor's
# own capability checks) takes it; the hypervisor enables on every CPU
# under a Linux whose local APIC is in xAPIC mode (Bochs has no IOMMU), and
# Linux runs on as the root cell: CPUID shows our leaf with VMX hidden, a
# CPU-bound load completes, hypervisor memory is out of the root's EPT,
# the VMX MSRs are refused, cells are refused (no ICR filter for xAPIC
# yet); exits per second idle and after a CPU loop, by reason; disable returns Linux
# to bare metal, and a second enable/disable works; the hypervisor's UART
# reaches the runner's log. Times are the guest's (Bochs's instruction
# clock, docs/bochs.md), not the host's.
. "$(dirname "$0")/../system/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
VSYS=/usr/share/bulkhead/configs/bochs-vmx.yaml
echo "before: $($T/cpuid | tr '\n' ' ')"
echo "== caps =="
modprobe msr
$T/vmx-caps | grep -E '^(cpuid|feature)'
bulkhead hardware check | grep -E '^[a-z]+ +(vmx|vmx-backend|nested-paging|unrestricted) '
echo "== enable =="
$T/elapsed bulkhead enable $VSYS
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "during: $($T/cpuid | tr '\n' ' ')"
bulkhead console | grep -E 'Using|VMX|xAPIC|ERROR|FATAL'
echo "== idle =="
bulkhead cell stats root -i 2 2>&1 | head -20
echo "== load =="
# a counting loop on each CPU (stress-ng does not run under Bochs here)
spin() { taskset -c $1 sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i + 1)); done; echo "cpu '$1' loop: done"'; }
spin 0 &
spin 1 &
bulkhead cell stats root -i 1 2>&1 | head -20
wait
echo "== refusals =="
insmod $TM/bulkhead_hvpeek.ko phys=0x30000000 && rmmod bulkhead_hvpeek
dmesg | grep -o 'hvpeek: phys 0x30000000.*' | tail -1
insmod $TM/bulkhead_msr.ko msr=0x480 && rmmod bulkhead_msr
dmesg | grep -o 'msr: CPU .* MSR 0x480.*' | tail -1
# a cell on CPU 1, the only one Linux can give here
sed 's/^cpus: .*/cpus: [1]/' $CELLS/hello.yaml >/tmp/hello1.yaml
bulkhead cell create /tmp/hello1.yaml
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead console | grep -E 'refused' | tail -5
echo "== disable =="
$T/elapsed bulkhead disable
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "after: $($T/cpuid | tr '\n' ' ')"
echo "== again =="
bulkhead enable $VSYS && echo "enabled again"
bulkhead disable && echo "disabled again"
bulkhead console | grep -E 'ERROR|FATAL' | grep -v 'cell hello' | head -3
echo "console errors: $(bulkhead console | grep -E 'ERROR|FATAL' | grep -cv 'cell hello')"
GUEST
start=$(date +%s)
guest_out=$(mktemp "${TMPDIR:-/tmp}/bulkhead-guest.XXXXXX")
"$top/image/bochs-run" --script "$script" --timeout 1200 >"$guest_out" 2>&1
rc=$?
cat "$guest_out"
echo "bochs boot and script: $(($(date +%s) - start)) s, status $rc"
rm -f "$script"

check script-status [ "$rc" = 0 ]
check caps-cpuid sec caps '^cpuid vmx: yes'
check caps-ept sec caps '^feature ept: yes'
check caps-unrestricted sec caps '^feature unrestricted-guest: yes'
check check-backend sec caps "^ok +vmx-backend +the hypervisor's VMX backend takes this CPU"
hvlog=$(sed -n 's/^bochs-run: .*hypervisor console (second UART) -> //p' "$guest_out")
check uart-log grep -q 'Activating hypervisor on 2 CPUs' "${hvlog:-/nonexistent}"
check vmx-native expect "^before: hv-leaf: .* vmx: yes"
check enable-ok sec enable '^elapsed_us [0-9]+ status 0$'
check enabled sec enable '^enabled: 1$'
check using-vmx sec enable '^Using Intel VMX$'
check xapic-root sec enable "^Root cell's local APIC is in xAPIC mode"
check cpuid-during expect "^during: hv-leaf: max 0x40000000 signature 'Bulkhead    ' svm: no vmx: no"
check load-cpu0 sec load '^cpu 0 loop: done$'
check load-cpu1 sec load '^cpu 1 loop: done$'
check hv-memory sec refusals 'hvpeek: phys 0x30000000 read 0xffffffff'
check vmx-msr sec refusals 'msr: CPU [0-9] MSR 0x480 read 0x0 \(-[0-9]+\)'
check cell-refused sec refusals "^bulkhead: cell create: the local APIC is in xAPIC mode, whose ICR the hypervisor does not filter: cells need x2APIC mode$"
check cpus-kept sec refusals '^online: 0-1$'
check disable-ok sec disable '^elapsed_us [0-9]+ status 0$'
check disabled sec disable '^enabled: 0$'
check cpuid-after expect "^after: hv-leaf: .* vmx: yes"
check enable-again sec again '^enabled again$'
check disable-again sec again '^disabled again$'
check no-errors sec again '^console errors: 0$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
