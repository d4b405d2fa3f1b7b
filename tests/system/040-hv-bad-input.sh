#!/usr/bin/env bash
# Bad input to enable and disable: each is refused with a clear message and
# changes nothing. Three boots: normal, without memmap=, with too small a
# reservation.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
try() { # try LABEL CMD...: run, print "LABEL: rc=N msg=<stderr>"
	label=$1
	shift
	msg=$("$@" 2>&1 >/dev/null)
	echo "$label: rc=$? msg=$msg"
}
state() { echo "state: enabled=$(cat /sys/devices/bulkhead/enabled)"; }
for c in enable disable console "cell create" "cell load" "cell start" \
	"cell shutdown" "cell destroy" "cell list" "cell stats" "config check" \
	"config memmap" "config compile" "ivshmem list" "ivshmem state" \
	"ivshmem ring" "ivshmem wait" "ivshmem dump" "ivshmem fill" \
	"ivshmem send" "ivshmem recv" "ivshmem pingpong"; do
	# shellcheck disable=SC2086
	bulkhead $c --help | grep -q "^usage: bulkhead $c" && echo "help $c: ok"
done
try "disable when not enabled" bulkhead disable
state
printf 'kind: system\nname: [oops\n' >/tmp/malformed.yaml
try "malformed yaml" bulkhead enable /tmp/malformed.yaml
bulkhead config compile $SYS -o /tmp/sys.bin
head -c 100 /tmp/sys.bin >/tmp/truncated.bin
try "truncated binary" bulkhead enable /tmp/truncated.bin
sed 's/^\(  *memory: {start: 0x30000000, size: \)16M/\132M/' $SYS >/tmp/bigger.yaml
grep -q 32M /tmp/bigger.yaml && try "hypervisor memory beyond config" bulkhead enable /tmp/bigger.yaml
echo 0 >/sys/devices/system/cpu/cpu3/online
try "cpu offline" bulkhead enable $SYS
state
echo 1 >/sys/devices/system/cpu/cpu3/online
bulkhead enable $SYS >/dev/null && echo "enable: ok"
timeout 2 bulkhead console -f >/tmp/follow
echo "console -f: rc=$? $(grep -c 'Activating hypervisor' /tmp/follow) activation line"
try "enable twice" bulkhead enable $SYS
state
try "rmmod while enabled" rmmod bulkhead
bulkhead disable >/dev/null && echo "disable: ok"
state
$T/enable-corrupt /tmp/sys.bin
state
bulkhead enable $SYS >/dev/null && bulkhead disable >/dev/null && echo "enable after hypervisor refusal: ok"
bulkhead console | grep -E 'ERROR|FATAL'
echo end
GUEST
guest "$script" --timeout 120
rc=$?
[ "$rc" = 0 ] || fail "guest script exited with $rc"
expect '^disable when not enabled: rc=1 msg=bulkhead: disable: the hypervisor is not enabled$'
expect '^malformed yaml: rc=1 msg=bulkhead: /tmp/malformed.yaml:[0-9]+: YAML syntax'
expect '^truncated binary: rc=1 msg=bulkhead: /tmp/truncated.bin: a system descriptor of 100 bytes'
expect '^hypervisor memory beyond config: rc=1 msg=bulkhead: /tmp/bigger.yaml:[0-9]+: cell-memory: .* overlaps hypervisor memory'
expect '^cpu offline: rc=1 msg=bulkhead: enable: root-cell.cpus: CPU 3 is listed but not online$'
expect '^enable: ok$'
expect '^console -f: rc=(124|143) 1 activation line$'
n=$(grep -c -E '^help .*: ok$' "$guest_out")
[ "$n" = 22 ] || fail "--help: only $n of 22 commands print their usage"
echo "ok: --help of all 22 commands"
expect '^enable twice: rc=1 msg=bulkhead: enable: the hypervisor is already enabled$'
expect "^rmmod while enabled: rc=1 msg=rmmod: can't unload module 'bulkhead'"
expect '^disable: ok$'
expect "^enable-corrupt: ioctl refused: system config: pci-mmconfig"
expect '^enable after hypervisor refusal: ok$'
states=$(grep '^state: ' "$guest_out" | tr '\n' ' ')
[ "$states" = "state: enabled=0 state: enabled=0 state: enabled=1 state: enabled=0 state: enabled=0 " ] ||
	fail "state after refusals: $states"
echo "ok: nothing changed by the refusals"

guest_script "$script" <<'GUEST'
bulkhead enable $SYS; echo "rc=$?"
echo "enabled=$(cat /sys/devices/bulkhead/enabled)"
GUEST
guest "$script" --timeout 60 --memmap none || fail "guest script failed"
expect '^bulkhead: enable: hypervisor.memory 0x30000000-0x30ffffff overlaps System RAM in use by Linux: boot with memmap=0x1000000\$0x30000000$'
expect '^rc=1$'
expect '^enabled=0$'

guest "$script" --timeout 60 --memmap '256M$0x30000000' || fail "guest script failed"
expect '^bulkhead: enable: cell-memory 0x31000000-0x4fffffff overlaps System RAM in use by Linux: boot with memmap=0x1f000000\$0x31000000$'
expect '^rc=1$'
rm -f "$script"
