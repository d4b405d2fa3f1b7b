#!/usr/bin/env bash
# The Intel VMX backend on Bochs (image/bochs-run, docs/vmx.md), in one
# boot, since a Bochs boot takes minutes: the emulated CPU has VMX with EPT
# and unrestricted guest, and `bulkhead hardware check` (the hypervisor's
# own capability checks) takes it; the hypervisor enables on every CPU
# under a Linux whose local APIC is in xAPIC mode (Bochs has no IOMMU), and
# Linux runs on as the root cell: CPUID shows our leaf with VMX hidden, a
# CPU-bound load completes, hypervisor memory is out of the root's EPT,
# the VMX MSRs are refused; Linux's own NMIs given back, one sent while
# its NMI handler runs only after that handler's IRET; exits per
# second idle and after a CPU loop, by reason; CPU 1 goes offline and
# online again under the hypervisor (INIT/SIPI through the xAPIC ICR);
# disable returns Linux to bare metal and a second enable, with
# regulation and the fault-injection build, works. Then a
# cell on CPU 1 (x2APIC, the root xAPIC) finds nothing of the root
# (system/147: RAM cleared at create, Linux's vector registers gone);
# timer-jitter with no exits in steady state, also while the root runs
# stress-ng (system/120); the root's raw xAPIC NMI, INIT, SIPI and fixed
# IPIs at it
# refused with its exit counter unmoved; regulation on the preemption
# timer: stop requests granted, the root held within max-hold-us, duty's
# run phases ended by timer exits, none once the requests ended; a VM
# entry that the hardware refuses (CR0.NE cleared by fault injection)
# fails the cell, naming the state, and the cell loads again; ivshmem
# between the root and the cell (system/160: the root's device through
# ports 0xCF8/0xCFC, doorbells both ways, the root's MSIs with xAPIC
# destinations, none of the cell's CPU exits while receiving, the shared
# sections protected from the root in its EPT, the root told when the
# cell stops); the root's section tools fill, dump, send and recv against
# the demo (system/161); an armed local APIC and filled vector registers not found
# by the next inmate (system/147); the same cell reloaded with each
# attack of system/140 and 160 and VMX instructions (VMXON, VMREAD: #UD
# for the cell), each refused, the cell going on or failed as on SVM, a
# failed cell loaded and started again; destroy, which clears the cell's
# RAM; Bochs 2.7 cannot
# re-enable a local APIC it disabled, so CPU 1 cannot go back to xAPIC
# mode for Linux: it stays parked with a console line, Linux's online of
# it fails, and Linux runs on on CPU 0 (docs/bochs.md#the-local-apic);
# disable is refused, since the hypervisor can leave only from every CPU.
# The hypervisor's UART reaches the runner's log. Times are the guest's
# (Linux on the HPET, docs/bochs.md#time), not the host's.
. "$(dirname "$0")/../system/lib.sh"

# system/140's attacks, VMX's, and
# system/160's through the cell's ivshmem device
attacks="nmi-root ipi-root hv-memory root-ram exec-outside cr3-outside init-root port port-word port-string ipi-all-but-self ipi-logical ipi-lowest ipi-smi-self svm-vmrun svm-vmsave svm-stgi vmx-vmxon vmx-vmread rdpmc hypercall-hostile hypercall-root msr-allowed msr triple-fault efer-reserved efer-lme single-step console-forge console-forge-hypercall ivshmem-foreign-output ivshmem-state-table ivshmem-msix-outside ivshmem-bad-doorbell pci-foreign"
script=$(mktemp)
guest_script "$script" <<GUEST
ATTACKS="$attacks"
GUEST
cat >>"$script" <<'GUEST'
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
# the root's ivshmem device, reached through ports 0xCF8/0xCFC
IVDEV=/sys/bus/pci/devices/0000:00:10.0
echo "ivshmem ids: $(cat $IVDEV/vendor $IVDEV/device $IVDEV/class | tr '\n' ' ')"
echo "ivshmem msi-x vectors: $(grep -c 'uio_ivshmem\[0000:00:10.0\]' /proc/interrupts)"
echo "== idle =="
bulkhead cell stats root -i 2 2>&1 | head -20
echo "== load =="
# a counting loop on each CPU, whose end says it ran (stress-ng's cpu
# worker miscounts on Bochs, below)
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
echo "== root-nmis =="
# Linux's own NMIs, the second of each pair sent while CPU 1 runs the
# first's handler: given back only after that handler's IRET
root_nmi_pairs
echo "== hotplug =="
echo 0 >/sys/devices/system/cpu/cpu1/online && echo "cpu1 offline"
echo 1 >/sys/devices/system/cpu/cpu1/online && echo "cpu1 online"
echo "online: $(cat /sys/devices/system/cpu/online)"
taskset -c 1 sh -c 'echo "cpu1 runs: $(cut -d" " -f39 /proc/self/stat)"'
bulkhead cell stats root | grep -E '^init_sipi '
echo "== disable =="
$T/elapsed bulkhead disable
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "after: $($T/cpuid | tr '\n' ' ')"
echo "== again =="
# from here on with regulation (the reference limits), the cell may ask
printf 'regulation:\n  max-hold-us: 2000\n  min-run-us: 1000\n  duty-period-us: 1000\n  duty-run-percent: 50\n  cells: [attack]\n\n' >/tmp/reg.yaml
cat $VSYS >>/tmp/reg.yaml
# and the fault-injection build: the shipped hypervisor plus BH_HC_FAULT
# (docs/testing.md#the-fault-injection-build), for a refused VM entry
echo bulkhead-hv-faults.bin >/sys/module/bulkhead/parameters/firmware
bulkhead enable /tmp/reg.yaml && echo "enabled again"
dmesg | grep -o 'bulkhead: the image is.*' | tail -1
# reload IMAGE ARGS: the attack cell shut down, IMAGE loaded and started
reload() {
	bulkhead cell shutdown attack >/dev/null
	bulkhead cell load attack "$INM/$1" -s "$2"
	bulkhead cell start attack
}
echo "== cell =="
mark_console
# attack.yaml with peer 1 of the root's ivshmem device `demo`
attack_demo_config 2 1 >/tmp/attack-iv.yaml
# what the root leaves, the cell does not find (system/147): a word in
# the cell's RAM before create, Linux's pattern in CPU 1's vector
# registers (the task migrates when the CPU goes offline under it)
insmod $TM/bulkhead_hvpeek.ko phys=0x31480000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x31480000' | tail -n 1 | sed 's/^.*hvpeek/before create: hvpeek/'
$T/fpu-fill 1 & fill=$!
sleep 3
bulkhead cell create /tmp/attack-iv.yaml >/dev/null && echo "created on CPU 1"
kill $fill
wait $fill 2>/dev/null
bulkhead cell load attack $INM/attack.bin -s "attack=fpu-show"
bulkhead cell start attack
wait_console 'attack: fpu-show survived' 60 >/dev/null
reload attack.bin "attack=ram-probe"
wait_console 'attack: ram-probe survived' 60 >/dev/null
new_console | grep -E 'fpu at entry|vector words|ram at|ram-probe survived'
bulkhead cell shutdown attack >/dev/null
mark_console
bulkhead cell load attack $INM/timer-jitter.bin -s "period_us=1000"
bulkhead cell start attack
# Steady state begins once the inmate is up: before entering the cell CPU 1
# measures its APIC timer for the cell (10 ms), and the inmate's start
# takes its exits after.
echo "inmate up after $(wait_console 'timer-jitter: period' 60) s"
# by reason, so that a moved count says what it was
by_reason() { grep -H . /sys/devices/bulkhead/cells/1/statistics/cpu1/vmexits_* | grep -v ':0$' | sed 's|.*/vmexits_||' | tr '\n' ' '; }
sleep 1
e0=$(cpu_exits 1 1)
r0=$(by_reason)
sleep 3
e1=$(cpu_exits 1 1)
echo "exits: $e0 -> $e1"
echo "by reason: $r0-> $(by_reason)"
bulkhead cell list | grep attack
new_console
# system/120 on VMX: the root's only CPU busy with stress-ng (a CPU and
# an I/O worker) while timer-jitter runs; the cpu worker's metrics check
# fails on Bochs, natively too, so only the io worker's count is checked.
# A vm worker reported no pass over 16 MiB in 5 s here and, over 256 KiB,
# nothing at all.
echo "== stress =="
e0=$(cpu_exits 1 1)
r0=$(by_reason)
stress-ng --cpu 1 --io 1 --taskset 0 -t 5 --metrics-brief 2>&1 |
	grep -E 'metrc: .* io '
e1=$(cpu_exits 1 1)
echo "exits under stress-ng: $e0 -> $e1"
echo "by reason: $r0-> $(by_reason)"
bulkhead cell list | grep attack
echo "== root-attack =="
mark_console
e0=$(cpu_exits 1 1)
xsend() { insmod $TM/bulkhead_xapic.ko cpu=0 dest=$1 icr=$2 && rmmod bulkhead_xapic; }
xsend 1 0x400
xsend 1 0x4500
xsend 1 0x4610
xsend 1 0x40fd
sleep 1
e1=$(cpu_exits 1 1)
echo "attack exits: $e0 -> $e1"
bulkhead cell list | grep attack
new_console
# regulation with the preemption timer: stop requests by hypercall, then
# a duty request, from the regulator in the same cell; CPU 0 is the
# root's only CPU. Guest time: Bochs's TSC and the rate Linux hands the
# hypervisor agree (docs/bochs.md#time).
echo "== regulation =="
mark_console
ROOT0=/sys/devices/bulkhead/cells/0/statistics/cpu0
CELL1=/sys/devices/bulkhead/cells/1/statistics/cpu1
h0=$(cat $ROOT0/regulation_holds)
t0=$(cat $ROOT0/vmexits_interrupt)
reload regulator.bin "mode=stop how=call hold_ms=1 gap_ms=1 count=3 quiet=1"
echo "stop done after $(wait_console 'regulator: done' 120) s"
echo "stop holds: $h0 -> $(cat $ROOT0/regulation_holds)"
echo "hold max ns: $(cat $ROOT0/regulation_hold_max_ns)"
echo "take-up max ns: $(cat $CELL1/regulation_take_up_max_ns)"
new_console
mark_console
t1=$(cat $ROOT0/vmexits_interrupt)
reload regulator.bin "mode=duty how=call hold_ms=10 gap_ms=1 count=1 quiet=1"
echo "duty done after $(wait_console 'regulator: done' 120) s"
t2=$(cat $ROOT0/vmexits_interrupt)
echo "timer exits: stop $((t1 - t0)) duty $((t2 - t1))"
echo "duty holds: $(cat $ROOT0/regulation_holds)"
# no residue: the root takes no timer exit once the requests ended
sleep 2
echo "timer exits after: $t2 -> $(cat $ROOT0/vmexits_interrupt)"
new_console
# a VM entry the hardware refuses (system/146): CR0.NE cleared in the
# running cell's VMCS; the cell fails naming the state, and loads again
echo "== bad-state =="
mark_console
fault 2 1 0
sleep 1
bulkhead cell list | grep attack
# not for the root's CPU: its VM entry failing would stop the machine
fault 2 0 0
new_console | grep -E 'CPU [01]|cell attack'
# what one inmate leaves on the CPU, the next does not find (system/147):
# the local APIC armed, the vector registers filled
for step in apic-dirty apic-show fpu-dirty fpu-show; do
	echo "== $step =="
	mark_console
	reload attack.bin "attack=$step"
	wait_console "attack: $step survived" 60 >/dev/null
	new_console
done
# ivshmem between the xAPIC root and the cell (system/160): the cell's
# doorbells reach the root as MSIs with xAPIC destinations, the root's the
# cell without an exit.
echo "== ivshmem-beats =="
mark_console
reload ivshmem-demo.bin "beat=300"
echo "beats received: $(bulkhead ivshmem wait --count 3 --timeout 60000)"
bulkhead ivshmem list | grep state:
new_console
echo "== ivshmem-receive =="
mark_console
reload ivshmem-demo.bin "beat=0"
echo "demo up after $(wait_console 'ivshmem-demo: ready' 60) s"
e0=$(cpu_exits 1 1)
i=0; while [ $i -lt 20 ]; do bulkhead ivshmem ring 1 1; i=$((i + 1)); done
sleep 2
e1=$(cpu_exits 1 1)
echo "cell exits while receiving: $((e1 - e0))"
echo "cell received on vector 1: $(demo_irqs 1 1)"
# each answer is one doorbell write, one EPT violation; polling is left
# to system/160: its 2 s for the peer to switch are too few here
e0=$(cpu_exits 1 1)
bulkhead ivshmem pingpong --peer 1 --count 20 | sed 's/^/irq: /'
echo "cell exits for 20 answers: $(($(cpu_exits 1 1) - e0))"
echo "== ivshmem-protect =="
mark_console
# peer 1's output section, then the state table: read-only for the root
insmod $TM/bulkhead_hvpeek.ko phys=0x4ff06000 && rmmod bulkhead_hvpeek
insmod $TM/bulkhead_hvpeek.ko phys=0x4ff00000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x4ff0' | tail -n 2
new_console
# the root's section tools (system/161) with the demo on VMX
echo "== tools-setup =="
mark_console
reload ivshmem-demo.bin "beat=0 msg=1"
echo "demo up after $(wait_console 'ivshmem-demo: ready' 60) s"
ivshmem_tools
echo "== ivshmem-stop =="
bulkhead ivshmem wait --count 1 --timeout 30000 >/tmp/w &
sleep 1
bulkhead cell shutdown attack >/dev/null && echo "shut down"
wait
echo "root told: $(cat /tmp/w)"
bulkhead ivshmem list | grep state:
# the attacks of system/140 and the VMX instructions, one after another in
# the same cell: a failed cell loads and starts again, and destroying it
# would cost CPU 1 (above)
for a in $ATTACKS; do
	echo "== $a =="
	mark_console
	x0=$(cpu_exits 1 1 exception)
	reload attack.bin "attack=$a"
	# until it came to its end (ivshmem-msix-outside: 10 ms per APIC ID
	# it tries)
	wait_console "attack: $a survived|marked failed|inmate: CPU 0: exception" 60 >/dev/null
	sleep 1
	bulkhead cell list | grep attack
	echo "exception exits: $(($(cpu_exits 1 1 exception) - x0))"
	new_console
done
echo "== destroy =="
mark_console
bulkhead cell destroy attack >/dev/null && echo destroyed
# the cell's RAM cleared at destroy (ram-probe left a secret there)
insmod $TM/bulkhead_hvpeek.ko phys=0x31480000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x31480000' | tail -n 1 | sed 's/^.*hvpeek/after destroy: hvpeek/'
echo "online: $(cat /sys/devices/system/cpu/online)"
spin 0
new_console
echo "== end =="
bulkhead disable 2>&1 | grep -o 'disable: .*'
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead console | grep -E 'ERROR|FATAL' | grep -v -E 'cell attack|^\[attack\] |CPU 1: its local APIC' | head -3
echo "console errors: $(bulkhead console | grep -E 'ERROR|FATAL' | grep -v -E 'cell attack|^\[attack\] |CPU 1: its local APIC' | grep -c .)"
GUEST
bochs_guest "$script" --timeout 1200
rc=$?
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
check root-hv-memory sec refusals 'hvpeek: phys 0x30000000 read 0xffffffff'
check vmx-msr sec refusals 'msr: CPU [0-9] MSR 0x480 read 0x0 \(-[0-9]+\)'
check root-nmis-handled sec root-nmis '^nmi: CPU 1: 40 NMIs sent, each second one in the first.s handler, 40 handled, 0 nested, [1-9][0-9]* sent before that handler ended$'
check root-nmis-held sec root-nmis '^cpu1 nmis given back: 40, held: [1-9][0-9]*$'
check root-nmis-held-early sec root-nmis '^cpu1 held every NMI sent while the handler ran: yes$'
check hotplug-off sec hotplug '^cpu1 offline$'
check hotplug-on sec hotplug '^cpu1 online$'
check hotplug-all sec hotplug '^online: 0-1$'
check hotplug-runs sec hotplug '^cpu1 runs: 1$'
check hotplug-counted sec hotplug '^init_sipi +[1-9]'
check disable-ok sec disable '^elapsed_us [0-9]+ status 0$'
check disabled sec disable '^enabled: 0$'
check cpuid-after expect "^after: hv-leaf: .* vmx: yes"
check enable-again sec again '^enabled again$'
check cell-created sec cell '^created on CPU 1$'
# its summary at shutdown
check cell-reports sec regulation '^\[attack\] timer-jitter: total n=[1-9][0-9]* min=[0-9]+ avg=[0-9]+ .*max=[0-9]+ ns$'
check fpu-root-filled sec cell '^fpu-fill: pattern in xmm0-15'
check fpu-root-clean sec cell "$(handover_expected fpu)"
check fpu-root-no-vectors sec cell "$(handover_expected vectors)"
check ram-root-wrote sec cell '^before create: hvpeek: phys 0x31480000 read 0x[0-9a-f]+, wrote 0x5a5a5a5a at \+4, read back 0x5a5a5a5a'
check ram-clean-at-create sec cell 'attack: ram at 0x80000: 0x0 0x0$'
check ram-secret-written sec cell 'attack: ram-probe survived \(value 0x5ec2e75e\)'
check faults-build sec again '^bulkhead: the image is /lib/firmware/bulkhead-hv-faults.bin, not the shipped bulkhead-hv.bin'
check bad-state-posted sec bad-state '^hcall: fault 2 on CPU 1 for 0 ms: 0$'
check bad-state-named sec bad-state "^CPU 1: cell attack: VM entry refused the cell's state: .*\(CR0 0x[0-9a-f]+, CR4 0x[0-9a-f]+, RIP 0x[0-9a-f]+\)"
check bad-state-failed sec bad-state '^1 +attack +failed '
check refuse-root-bad-state sec bad-state '^hcall: fault 2 on CPU 0 for 0 ms: -22$'
check apic-armed sec apic-dirty 'attack: apic-dirty survived \(value 0x20041\)'
check apic-clean sec apic-show "$(handover_expected apic)"
check cpu-regs-clean sec apic-show "$(handover_expected cpu-regs)"
check fpu-dirtied sec fpu-dirty 'attack: fpu-dirty survived \(value 0x3\)'
check fpu-cell-clean sec fpu-show "$(handover_expected fpu)"
check fpu-cell-no-vectors sec fpu-show "$(handover_expected vectors)"
check cpuid-osxsave-own sec fpu-show "$(handover_expected osxsave)"
check cell-up sec cell '^inmate up after ([0-9]|[1-5][0-9]) s$'
check cell-exit-free sec cell '^exits: ([0-9]+) -> \1$'
check cell-running sec cell '^1 +attack +running +1 +-$'
check stress-io-ran sec stress 'metrc: .* io +[1-9][0-9]* '
check stress-exit-free sec stress '^exits under stress-ng: ([0-9]+) -> \1$'
check stress-cell-running sec stress '^1 +attack +running +1 +-$'
check root-nmi sec root-attack 'NMI IPI \(vector 0x0\) to CPUs 0x2 of another cell refused'
check root-init sec root-attack 'INIT IPI \(vector 0x0\) to CPUs 0x2 of another cell refused'
check root-sipi sec root-attack 'SIPI IPI \(vector 0x10\) to CPUs 0x2 of another cell refused'
check root-fixed sec root-attack 'fixed IPI \(vector 0xfd\) to CPUs 0x2 of another cell refused'
check root-attack-no-exits sec root-attack '^attack exits: ([0-9]+) -> \1$'
check root-attack-cell-runs sec root-attack '^1 +attack +running +1 +-$'
check reg-stop-granted sec regulation '^\[attack\] regulator: done: 3 requests, 3 granted, 0 refused'
check reg-stop-held eval 'section regulation | awk "/^stop holds:/ { exit !(\$5 - \$3 >= 3) }"'
# held no longer than max-hold-us, 2 ms
check reg-hold-bounded eval 'section regulation | awk "/^hold max ns:/ { exit !(\$4 > 0 && \$4 <= 2100000) }"'
check reg-take-up-counted sec regulation '^take-up max ns: [1-9][0-9]*$'
check reg-duty-granted sec regulation '^\[attack\] regulator: done: 1 requests, 1 granted, 0 refused'
# duty's run phases end on the preemption timer
check reg-duty-timer eval 'section regulation | awk "/^timer exits:/ { exit !(\$6 > 0) }"'
check reg-no-residue sec regulation '^timer exits after: ([0-9]+) -> \1$'
check ivshmem-device sec enable '^ivshmem ids: 0x110a 0x4106 0xff0000 $'
check ivshmem-msix sec enable '^ivshmem msi-x vectors: 4$'
check ivshmem-cell-view sec ivshmem-beats 'ivshmem-demo: device 00:00.0: id 1 of 2 peers, protocol 0x0000, state table 4K, rw 16K, output 4K at 0x200000, 4 vectors$'
check ivshmem-cell-to-root sec ivshmem-beats '^beats received: 3$'
check ivshmem-state-seen sec ivshmem-beats 'state: +0: 0 \(own\), 1: 1$'
check ivshmem-no-exits-receiving sec ivshmem-receive '^cell exits while receiving: 0$'
check ivshmem-root-to-cell sec ivshmem-receive '^cell received on vector 1: 20$'
check ivshmem-pingpong sec ivshmem-receive '^irq: n=20, min='
check ivshmem-exit-per-doorbell sec ivshmem-receive '^cell exits for 20 answers: 20$'
check ivshmem-root-output-dropped sec ivshmem-protect 'hvpeek: phys 0x4ff06000 read 0x4d444842, wrote 0x5a5a5a5a at \+4, read back 0x00000001$'
check ivshmem-root-state-dropped sec ivshmem-protect 'hvpeek: phys 0x4ff00000 read 0x00000000, wrote 0x5a5a5a5a at \+4, read back 0x00000001$'
check ivshmem-stop-notifies eval 'sec ivshmem-stop "^shut down$" && sec ivshmem-stop "^root told: 1$" && sec ivshmem-stop "state: +0: 0 \(own\), 1: 0$"'
check tools-demo-up sec tools-setup '^demo up after [0-9]+ s$'
ivshmem_tools_checks
# each attack as attack_expected (lib.sh) has it
for a in $attacks; do
	check $a attack_outcome $a
done
check destroyed sec destroy '^destroyed$'
check ram-clean-at-destroy sec destroy '^after destroy: hvpeek: phys 0x31480000 read 0x00000000, wrote'
check cpu1-stays-parked sec destroy 'ERROR: CPU 1: its local APIC did not enter xAPIC mode for cell root'
check root-runs-on sec destroy '^cpu 0 loop: done$'
# CPU 1 cannot come back to call disable: the hypervisor stays, Linux on
check disable-refused sec end 'disable: CPU 1 is offline and cannot be brought online .*the hypervisor needs it to disable'
check still-enabled sec end '^enabled: 1$'
check no-errors sec end '^console errors: 0$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
