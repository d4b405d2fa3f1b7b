#!/usr/bin/env bash
# The chain end to end: boot the reference platform, load a module built
# against the resolved kernel's headers, load all CPUs with stress-ng, power off cleanly.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
cat >"$script" <<'GUEST'
set -e
echo "cpus: $(nproc)"
echo "release: $(uname -r)"
grep -q -w svm /proc/cpuinfo && echo "flag: svm"
grep -q -w npt /proc/cpuinfo && echo "flag: npt"
grep -q -w x2apic /proc/cpuinfo && echo "flag: x2apic"
insmod /usr/share/bulkhead/test-modules/bulkhead_probe.ko
dmesg | grep 'bulkhead-probe:'
rmmod bulkhead_probe
dmesg | grep 'bulkhead-probe: unloaded'
stress-ng --cpu 0 --timeout 2 --metrics-brief 2>&1 | grep -E 'stress-ng: .*(dispatching|successful|cpu )'
echo "guest done"
GUEST
guest "$script" --timeout 120
rc=$?
rm -f "$script"
[ "$rc" = 0 ] || fail "guest script exited with $rc"
expect '^cpus: 4$'
expect_line "release: $KERNEL_RELEASE"
expect '^flag: svm$'
expect '^flag: npt$'
expect '^flag: x2apic$'
expect 'bulkhead-probe: loaded, 4 CPUs online'
expect 'bulkhead-probe: unloaded'
expect 'dispatching hogs: 4 cpu'
expect 'successful run completed'
expect '^guest done$'
