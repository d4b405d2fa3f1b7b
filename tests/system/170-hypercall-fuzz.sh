#!/usr/bin/env bash
# Hypercall fuzzing in the guest: 100000 random hypercalls from the root
# cell (tests/modules/hcfuzz, every code but DISABLE) and 100000 from a
# cell (the attack inmate's hypercall-fuzz). Afterwards the hypervisor
# still serves, the root cell works, the cell ran on, the console's
# guest-caused lines were rate-limited (and the drops counted), and the
# page pool is back at its start value. One boot.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
p0=$(cat /sys/devices/bulkhead/mem_pool_used)
echo "== root =="
mark_console
# on one CPU: the rate limit is per CPU, and a fuzz that Linux moved to a
# CPU with tokens left near its end drew no drop line among the last
# lines, which its unlimited root ERROR lines had pushed out of the ring
taskset -c 1 insmod $TM/bulkhead_hcfuzz.ko && rmmod bulkhead_hcfuzz
dmesg | grep 'hcfuzz:'
echo "cells after: $(bulkhead cell list | grep -c -v -E '^ID|root')"
new_console | grep -c 'unknown hypercall' | sed 's/^/unknown lines: /'
new_console | grep 'dropped (rate limit)' | head -n 1
echo "== cell =="
mark_console
bulkhead cell create $CELLS/attack.yaml >/dev/null
bulkhead cell load attack $INM/attack.bin -s "attack=hypercall-fuzz"
bulkhead cell start attack
# a cell's hypercall takes longer under emulation: about 3000 a second
i=$(wait_console 'hypercall-fuzz survived' 150)
bulkhead cell list | grep attack
echo "waited: $i s"
# the ring may have wrapped since the mark: these lines are unique
bulkhead console | grep -E 'attack: hypercall-fuzz|CPU 1: .*dropped \(rate limit\)' | tail -n 3
bulkhead cell destroy attack >/dev/null && echo destroyed
echo "== after =="
stress-ng --cpu 2 --timeout 2 2>&1 | grep -q successful && echo "root works"
echo "pool: $p0 -> $(cat /sys/devices/bulkhead/mem_pool_used)"
bulkhead console | grep -E 'FATAL|CHECK' || echo "no fatal lines"
bulkhead disable >/dev/null && echo disabled
echo "online: $(cat /sys/devices/system/cpu/online)"
GUEST
guest "$script" --timeout 400
rc=$?
rm -f "$script"

check root-fuzz-ran sec root 'hcfuzz: 100000 calls, seed 0x5eed: [0-9]+ positive'
check root-no-cell-made sec root '^cells after: 0$'
check root-lines-limited root_fuzz_lines_limited '[0-3]' root
check cell-fuzz-ran sec cell 'attack: hypercall-fuzz: 100000 calls came back'
check cell-ran-on eval 'sec cell "attack: hypercall-fuzz survived" && sec cell "^[0-9]+ +attack +running"'
check cell-lines-limited sec cell 'CPU 1: [0-9]+ console lines of its guest.s doing dropped \(rate limit\)'
check cell-destroyed sec cell '^destroyed$'
check root-works sec after '^root works$'
check pool-back sec after '^pool: ([0-9]+) -> \1$'
check no-fatal sec after '^no fatal lines$'
check disabled eval 'sec after "^disabled$" && sec after "^online: 0-3$"'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
