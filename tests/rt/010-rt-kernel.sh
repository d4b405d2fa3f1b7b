#!/usr/bin/env bash
# The PREEMPT_RT kernel of the series (make kernel-rt) boots the reference
# platform and is what it claims: /sys/kernel/realtime reads 1, the release
# is the one in its lock, and cyclictest, which the bench runs on it, measures
# on an isolated CPU.
. "$(dirname "$0")/../system/lib.sh"

script=$(mktemp)
cat >"$script" <<'GUEST'
echo "release: $(uname -r)"
echo "realtime: $(cat /sys/kernel/realtime 2>&1)"
echo "preempt: $(uname -v | grep -o 'PREEMPT_RT' | head -n 1)"
echo "isolated: $(cat /sys/devices/system/cpu/isolated)"
cyclictest -m -q -t 1 -a 3 -p 90 -i 1000 -l 500 2>&1 | tail -n 2
GUEST
guest "$script" --kernel "$BULKHEAD_TEST_KERNEL" --memmap none \
	--append "isolcpus=3 nohz_full=3" --timeout 120
rc=$?
rm -f "$script"
check booted [ "$rc" = 0 ]
check release expect_line "release: $KERNEL_RELEASE"
check realtime expect '^realtime: 1$'
check preempt-rt expect '^preempt: PREEMPT_RT$'
check isolated expect '^isolated: 3$'
check cyclictest expect 'T: 0 \( *[0-9]+\) P:90 I:1000 C: *500 Min: *[0-9]+ Act: *[0-9]+ Avg: *[0-9]+ Max: *[0-9]+'
finish
