#!/usr/bin/env bash
# What one guest leaves, the next does not find. The local APIC: the
# attack inmate arms it (TPR, timer, performance, LINT1 and error LVTs, a
# running timer count) and is shut down; the next image started on the
# same CPU reports the APIC as it found it, before its library touched it.
# Vector registers: a Linux task's pattern on the CPU given to a cell,
# then the attack inmate's own (with AVX turned off over it), each
# looked for by the next image.
# The cell's RAM: the root cell writes a word into the memory of a cell
# not yet created, the cell reports what it finds there and writes a
# secret, and after the destroy the root cell reads the place again. The
# hypervisor resets the APIC (and TSC_AUX, DR0-DR3 and the x87, SSE and
# AVX registers and XCR0, which no VMCB holds) when a CPU stops and clears the cell's RAM at
# create and at destroy (docs/cells.md).
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
echo "== ram =="
# 0x31480000 is guest 0x80000 of the attack cell
insmod $TM/bulkhead_hvpeek.ko phys=0x31480000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x31480000' | tail -n 1 | sed 's/^.*hvpeek/before create: hvpeek/'
bulkhead cell create $CELLS/attack.yaml >/dev/null
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=ram-probe"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell destroy attack >/dev/null && echo destroyed
insmod $TM/bulkhead_hvpeek.ko phys=0x31480000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x31480000' | tail -n 1 | sed 's/^.*hvpeek/after destroy: hvpeek/'
echo "== fpu-root =="
# a Linux task leaves a pattern in CPU 1's vector registers; the CPU goes
# to a cell (offlined under the task, which migrates)
$T/fpu-fill 1 & fill=$!
sleep 1
bulkhead cell create $CELLS/attack.yaml >/dev/null
kill $fill
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=fpu-show"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell shutdown attack && echo "shut down"
echo "== fpu-dirty =="
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=fpu-dirty"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell shutdown attack && echo "shut down"
echo "== fpu-cell =="
mark_console
bulkhead cell load attack $INM/attack.bin -s "attack=fpu-show"
bulkhead cell start attack
sleep 1
new_console
bulkhead cell destroy attack >/dev/null && echo destroyed
echo "== ports =="
# a cell that owns COM4's ports: the root cell loses them while it exists
cat >/tmp/ports.yaml <<'YAML'
kind: cell
name: ports
cpus: [1]
memory:
  - {name: ram, start: 0x31400000, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: comm, start: 0x31500000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
pio:
  - {start: 0x2e8, size: 8}
YAML
rd() { dd if=/dev/port bs=1 skip=$((0x2e9)) count=1 2>/dev/null | od -An -tx1 | tr -d ' '; }
mark_console
echo "before: $(rd)"
bulkhead cell create /tmp/ports.yaml >/dev/null && echo created
echo "while: $(rd)"
bulkhead cell destroy ports >/dev/null && echo destroyed
echo "after: $(rd)"
new_console | grep 'port 0x2e' | sed 's/^/console: /'
echo "== msrs =="
# the root changes an MTRR of CPU 3 (the base of a pair that is off) and
# hands the CPU to a cell: it is put back first
mark_console
insmod $TM/bulkhead_msr.ko msr=0x20f cpu=3 && rmmod bulkhead_msr
insmod $TM/bulkhead_msr.ko msr=0x20e cpu=3 write=1 xor=0x1000 && rmmod bulkhead_msr
dmesg | grep 'msr: CPU 3' | tail -n 2
bulkhead cell create $CELLS/hello.yaml >/dev/null && echo created
bulkhead cell destroy hello >/dev/null && echo destroyed
new_console | grep 'MSR 0x20e' | sed 's/^/console: /'
bulkhead disable >/dev/null && echo disabled
echo "online: $(cat /sys/devices/system/cpu/online)"
GUEST
guest "$script" --timeout 180
rc=$?
rm -f "$script"

check armed sec dirty 'attack: apic-dirty survived \(value 0x20041\)'
check shut-down sec dirty '^shut down$'
check cpu-regs-clean sec show "$(handover_expected cpu-regs)"
check apic-clean sec show "$(handover_expected apic)"
check ram-root-wrote sec ram '^before create: hvpeek: phys 0x31480000 read 0x[0-9a-f]+, wrote 0x5a5a5a5a at \+4, read back 0x5a5a5a5a'
check ram-clean-at-create sec ram 'attack: ram at 0x80000: 0x0 0x0$'
check ram-secret-written sec ram 'attack: ram-probe survived \(value 0x5ec2e75e\)'
check ram-clean-at-destroy sec ram '^after destroy: hvpeek: phys 0x31480000 read 0x00000000, wrote'
check fpu-root-filled sec fpu-root '^fpu-fill: pattern in xmm0-15'
check fpu-root-clean sec fpu-root "$(handover_expected fpu)"
check fpu-root-no-vectors sec fpu-root "$(handover_expected vectors)"
check fpu-dirtied sec fpu-dirty 'attack: fpu-dirty survived \(value 0x3\)'
check fpu-cell-clean sec fpu-cell "$(handover_expected fpu)"
check fpu-cell-no-vectors sec fpu-cell "$(handover_expected vectors)"
check cpuid-osxsave-own sec fpu-cell "$(handover_expected osxsave)"
check ports-leave-root eval 'sec ports "^created$" && sec ports "^console: .*cell root: read from port 0x2e9 refused \(not in its pio list\), reads all-ones$" && sec ports "^while: ff$"'
check ports-come-back eval 'sec ports "^destroyed$" && [ "$(section ports | grep -c "^console: ")" = 1 ]'
check mtrr-pair-off sec msrs 'msr: CPU 3 MSR 0x20f read (0x0|0x[0-9a-f]*[0-7][0-9a-f]{2}) \(0\)$'
check mtrr-changed sec msrs 'msr: CPU 3 MSR 0x20e read 0x[0-9a-f]+ \(0\), wrote 0x[0-9a-f]+ \(0\), read back'
check mtrr-put-back sec msrs '^console: CPU 3: MSR 0x20e changed since enable \(0x[0-9a-f]+, was 0x[0-9a-f]+\): put back before the CPU runs another guest$'
check cleanup sec msrs '^disabled$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
