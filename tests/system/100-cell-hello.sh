#!/usr/bin/env bash
# A cell's whole life with the hello inmate: create, load with a command
# line, start, output in the hypervisor console, shutdown (approved through
# the comm region), start again, destroy; its CPU is Linux's again after.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
p0=$(cat /sys/devices/bulkhead/mem_pool_used)
echo "== create =="
bulkhead cell create $CELLS/hello.yaml
echo "online: $(cat /sys/devices/system/cpu/online)"
bulkhead cell list
echo "== load-start =="
mark_console
bulkhead cell load hello $INM/hello.bin -s "greeting=hi run=1"
bulkhead cell start hello
sleep 1
bulkhead cell list
new_console
echo "== shutdown =="
mark_console
bulkhead cell shutdown hello
bulkhead cell list
new_console
echo "== again =="
mark_console
bulkhead cell load hello $INM/hello.bin -a 0 -s "run=2" -a 0x2000
bulkhead cell start hello
sleep 1
new_console
bulkhead cell list
echo "== locked =="
bulkhead cell shutdown hello >/dev/null
bulkhead cell load hello $INM/hello.bin -s "lock=1"
bulkhead cell start hello >/dev/null
sleep 1
mark_console
bulkhead cell shutdown hello; echo "shutdown rc=$?"
bulkhead cell list
new_console
echo "== deaf =="
bulkhead cell destroy hello >/dev/null
bulkhead cell create $CELLS/hello.yaml >/dev/null
bulkhead cell load hello $INM/hello.bin -s "deaf=1"
bulkhead cell start hello >/dev/null
sleep 1
mark_console
bulkhead cell shutdown hello; echo "shutdown rc=$?"
bulkhead cell list
new_console
echo "== destroy =="
bulkhead cell destroy hello
echo "online: $(cat /sys/devices/system/cpu/online)"
taskset -c 3 echo "cpu3 runs Linux tasks"
bulkhead cell list
echo "pool: $p0 -> $(cat /sys/devices/bulkhead/mem_pool_used)"
echo "== end =="
bulkhead disable >/dev/null && echo "disabled"
GUEST
guest "$script" --timeout 120
rc=$?
rm -f "$script"

check create sec create "^Created cell 'hello' \(id 1\)$"
check cpu-taken sec create "^online: 0-2$"
check list-shut-down sec create "^1 +hello +shut-down +3 +-$"
check running sec load-start "^1 +hello +running +3 +-$"
check output-name sec load-start "hello: cell 'hello'"
check output-cmdline sec load-start 'greeting=hi run=1'
check shutdown-approved sec shutdown "hello: shutting down"
check shutdown-state sec shutdown "^1 +hello +shut-down +3 +-$"
check start-again sec again 'run=2'
check running-again sec again "^1 +hello +running +3 +-$"
check locked-refuses sec locked "^bulkhead: cell shutdown: cell 'hello' refused to shut down$"
check locked-rc sec locked "^shutdown rc=1$"
check locked-state sec locked "^1 +hello +running/locked +3 +-$"
check locked-console sec locked "^Cell 'hello' denied the shutdown request$"
check deaf-stopped sec deaf "^Cell 'hello' did not answer the shutdown request in time$"
check deaf-rc sec deaf "^shutdown rc=0$"
check deaf-state sec deaf "^1 +hello +shut-down +3 +-$"
check destroyed sec destroy "^Destroyed cell hello$"
check cpu-back sec destroy "^online: 0-3$"
check cpu-runs-linux sec destroy "^cpu3 runs Linux tasks$"
check pool-back sec destroy "^pool: ([0-9]+) -> \1$"
disabled_cleanly() { [ "$rc" = 0 ] && grep -q '^disabled$' "$guest_out"; }
check disable-after disabled_cleanly
finish
