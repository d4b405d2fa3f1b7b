#!/usr/bin/env bash
# The hypervisor's page pool running out while a cell is created. A cell
# "eater" maps an I/O window of N*2 MiB at a guest address 4 KiB off the
# physical one, so that each 2 MiB costs one page table page: its size
# sets how many pool pages are left. The test finds the largest window
# that fits, then:
# - creates eaters 1 to 12 pages too large: each fails at a later step of
#   create the nearer it comes to fitting (its window, its CPU state, the
#   root cell's tables), says which on the console, and leaves the pool
#   exactly where it was;
# - with an eater leaving 2 to 18 pages free, creates the hello cell: it
#   fails at each of its own steps (its tables, its RAM, its CPU state)
#   until it fits, each failure clean, each success destroyed cleanly;
# - a loaded cell starts with the pool empty: taking back what loading
#   gave the root needs no page (loading maps at the grain create took);
# - a cell whose load needs a table the pool cannot give is refused the
#   load, cannot start unloaded, and loads and runs once there is room;
# - after all that a hello cell runs and the pool is back at its start.
# Every create, failed or not, shows the pool as it is in sysfs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pool.sh"

script=$(mktemp)
{
	echo 'bulkhead enable $SYS >/dev/null || exit 1'
	pool_guest 3 3 3
	echo 'bulkhead disable >/dev/null && echo disabled'
} | guest_script "$script"
guest "$script" --timeout 240
rc=$?
rm -f "$script"

pool_checks
check after-disabled sec after '^disabled$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
