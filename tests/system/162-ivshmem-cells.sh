#!/usr/bin/env bash
# ivshmem devices beyond one per cell and beyond the root cell
# (docs/ivshmem.md), one boot with the reference config plus a device
# `demo2` of the root cell (00:12.0):
# - one cell with two devices at once (`demo` and `demo2`): each device's
#   state table its own; ping-pong on both at the same time (doorbells
#   both ways on each), counted per device; heartbeats to the root on
#   both;
# - a device of two non-root cells only (`link`): the two ring each other
#   with the root cell no peer, a peer leaves and comes back, ids and
#   memory refused where the validator says, the output sections protected
#   as between root and cell;
# - and before all that, demo2 at a function the machine has: refused.
# The steps and checks are in lib-ivshmem-cells.sh, shared with vmx/240.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ivshmem-cells.sh"

script=$(mktemp)
{
	cat <<'GUEST'
IVC_SYS=$SYS IVC_CPUS="2 2 3 3 1 3"
GUEST
	ivshmem_cells_guest
	echo 'bulkhead disable && echo disabled'
} | guest_script "$script"
guest "$script" --timeout 300
rc=$?
rm -f "$script"

ivshmem_cells_checks
check disabled sec pair-down "^disabled$"
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
