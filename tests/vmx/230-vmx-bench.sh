#!/usr/bin/env bash
# The isolation bench on VMX, in one Bochs boot of 5 CPUs, the rt-probe
# cell beside a root in xAPIC mode, as system/180 (tests/system/lib-bench.sh):
# - `bench verify`: every workload in the cell (on CPU 3) equal to the
#   host's, SHA3-512 against FIPS 202's examples;
# - the short run, idle and stress-io, in all three modes, the cell on
#   CPU 2: every file, counts that add up, the workload's result equal to
#   the host's on every row, the cell's CPU without an exit in its
#   windows, and the platform's label on every row, which says Bochs (its
#   BIOS names itself in the firmware's tables);
# - a polling cell (on CPU 4) without an exit in its window;
# - SIGINT to a run in its window, the cell on CPU 1: no cell and no
#   stress-ng left, the hypervisor enabled as before, the partial row
#   kept.
# On Bochs a CPU that ran a cell cannot go back to Linux
# (docs/bochs.md#the-local-apic), so each of the four takes a CPU of its
# own, and the bench runs Linux's modes first and then the cell's, one
# cell for every scenario; the hypervisor is enabled before, so the bench
# leaves it enabled. The system config is the Bochs platform's with the
# root on CPUs 0-4 and the reference platform's `bench` device (the same
# memory, the top of cell-memory). Not run here: 180's TLB sizing
# (QEMU's) and video (ffmpeg's 247 MB initramfs).
# Times are the guest's, counted in instructions (docs/bochs.md#time).
# The load is stress-io, not 180's stress-cpu: stress-ng's cpu workers die
# of SIGILL on Bochs, natively too (docs/bochs.md).
# Not in make test: make test-vmx runs it (docs/testing.md).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/../system/lib-bench.sh"

script=$(mktemp)
{
	cat <<'GUEST'
# the bench device of configs/qemu-svm.yaml after the demo device
awk '{ print }
	/^      memory: \{start: 0x4ff00000, state-table: 4K, rw: 16K, output: 4K\}$/ {
		print "    - name: bench"
		print "      bdf: 00:11.0"
		print "      peers: 2"
		print "      id: 0"
		print "      protocol: 0x4250"
		print "      vectors: 2"
		print "      memory: {start: 0x4fc00000, state-table: 4K, rw: 1M, output: 512K}"
	}' /usr/share/bulkhead/configs/bochs-vmx.yaml |
	sed 's/^  cpus: \[0-1\]$/  cpus: [0-4]/' >/tmp/bsys.yaml
# the bench's cell on CPUs 3, 4 and 1, for verify, polling and the
# interrupted run
for c in 3 4 1; do
	sed "s/^cpus: \[2\]$/cpus: [$c]/" $CELLS/rt-probe.yaml >/tmp/probe$c.yaml
done
echo "== boot =="
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "bios vendor: $(cat /sys/class/dmi/id/bios_vendor 2>/dev/null)"
bulkhead config check /tmp/bsys.yaml $CELLS/rt-probe.yaml && echo "configs valid"
for c in 3 4 1; do
	bulkhead config check /tmp/bsys.yaml /tmp/probe$c.yaml >/dev/null &&
		echo "probe on cpu $c: $(grep -c "^cpus: \[$c\]$" /tmp/probe$c.yaml)"
done
# enabled here, so that the bench leaves it enabled: on Bochs the cell's
# CPU cannot go back to Linux, and disable would be refused
bulkhead enable /tmp/bsys.yaml >/dev/null && echo enabled
bulkhead console | grep -E 'Using|Activating'
BENCH_VERIFY_OPTS="--system /tmp/bsys.yaml --cell /tmp/probe3.yaml"
BENCH_RUN_OPTS="--system /tmp/bsys.yaml" BENCH_RUN_LOAD=stress-io BENCH_RUN_METRIC=io
BENCH_POLL_OPTS="--system /tmp/bsys.yaml --cell /tmp/probe4.yaml"
BENCH_INT_OPTS="--system /tmp/bsys.yaml --cell /tmp/probe1.yaml" BENCH_INT_LOAD=stress-io
GUEST
	bench_verify_guest
	bench_run_guest
	bench_poll_guest
	bench_interrupt_guest
	cat <<'GUEST'
echo "== interference-logs =="
tail -n 12 /tmp/r/interference/*.log
GUEST
	bochs_end_guest
} | guest_script "$script"
# at 50 M instructions a guest second, as regulation/200: at Bochs's 10 M,
# counting the bits of 64 KiB took 39 ms in the cell, 49-53 ms on Linux,
# longer than the 20 ms period, and half the periods or more were missed
BULKHEAD_BOCHS_IPS=50000000 bochs_guest "$script" --smp 5 --timeout 3000
rc=$?
rm -f "$script"

check script-status [ "$rc" = 0 ]
check booted sec boot '^online: 0-4$'
check configs-valid sec boot '^configs valid$'
check using-vmx sec boot 'Using Intel VMX'
probe_cpus() { [ "$(section boot | grep -c -E '^probe on cpu [341]: 1$')" = 3 ]; }
check probe-cpus probe_cpus
bench_verify_checks
bench_run_checks "emulated (Bochs)" stress-io io
bench_poll_checks
bench_interrupt_checks stress-io 1
# every period met: the workload fits the period at this rate
no_missed() {
	local bad
	bad=$(section csv | awk -F, '$1 != "scenario" && $11 != 0 { print $1 "/" $2 ": " $11 " missed" }')
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}
check no-missed-periods no_missed
# CPUs 1-4 ran cells and stay with the hypervisor
bochs_end_checks 0
finish
