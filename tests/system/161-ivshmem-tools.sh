#!/usr/bin/env bash
# The root's section tools against a running cell (docs/cli.md#ivshmem),
# one boot: `bulkhead ivshmem fill` of the root's output section is what
# the ivshmem-demo cell sees there, `send` puts a file's bytes into the R/W
# section as the cell checks them (same length and CRC-32 as gzip's),
# `recv` gets the message the cell wrote into its output section, `dump`
# shows the bytes each of these put there (ivshmem_tools in lib.sh, which
# vmx/200 runs too). The demo runs with msg=1.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
echo "== setup =="
bulkhead enable $SYS && echo enabled
bulkhead cell create $CELLS/ivshmem-demo.yaml >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=0 msg=1"
bulkhead cell start ivshmem-demo && echo started
sleep 1
bulkhead ivshmem list | grep state:
ivshmem_tools
echo "== done =="
bulkhead cell shutdown ivshmem-demo >/dev/null && echo "shut down"
bulkhead cell destroy ivshmem-demo >/dev/null && echo destroyed
bulkhead disable && echo disabled
GUEST
guest "$script" --timeout 300
rc=$?
rm -f "$script"

check started sec setup 'state: +0: 0 \(own\), 1: 1, 2: 0$'
ivshmem_tools_checks
check clean eval 'sec done "^destroyed$" && sec done "^disabled$"'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
