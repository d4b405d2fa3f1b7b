#!/usr/bin/env bash
# system/162 on VMX, in one Bochs boot of 6 CPUs beside a root in xAPIC
# mode (tests/system/lib-ivshmem-cells.sh): a root device at a function
# the machine has refused; one cell with two devices at once (state
# tables, ping-pong on both at once, counts per device, beats to the
# root on both, MSIs with xAPIC destinations); a device of two cells
# only, a peer leaving and coming back, the taken id and the root's
# memory refused, a foreign output section written (the cell fails).
# On Bochs a CPU that ran a cell cannot go back to Linux
# (docs/bochs.md#the-local-apic): where 162 gives a CPU back and takes it
# again, each cell here has its own, two on CPU 1, left on 3, right on 2,
# right again on 4, attack on 5; the hypervisor stays enabled at the end.
# Not in make test: make test-vmx runs it (docs/testing.md).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/../system/lib-ivshmem-cells.sh"

script=$(mktemp)
{
	cat <<'GUEST'
# the Bochs platform's config on all 6 CPUs, its demo device of 3 peers
# as the reference platform's
sed -e 's/^  cpus: \[0-1\]$/  cpus: [0-5]/' -e 's/^      peers: 2$/      peers: 3/' \
	/usr/share/bulkhead/configs/bochs-vmx.yaml >/tmp/vsys.yaml
echo "== boot =="
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "demo peers: $(grep -c '^      peers: 3$' /tmp/vsys.yaml)"
IVC_SYS=/tmp/vsys.yaml IVC_CPUS="1 3 2 4 5 5"
GUEST
	ivshmem_cells_guest
	cat <<'GUEST'
# but the refusals the steps cause
ERR_EXPECTED="^ERROR: new cell '(third|bad)': |^ERROR: root-cell.ivshmem\[1\] 'demo2': 00:01.0 is taken"
GUEST
	bochs_end_guest
} | guest_script "$script"
bochs_guest "$script" --smp 6 --timeout 3000
rc=$?
rm -f "$script"

check script-status [ "$rc" = 0 ]
check booted eval 'sec boot "^online: 0-5$" && sec boot "^demo peers: 1$"'
check using-vmx sec end 'Using Intel VMX'
ivshmem_cells_checks
# the five CPUs that ran cells stay with the hypervisor
bochs_end_checks 0
finish
