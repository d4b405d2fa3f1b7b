#!/usr/bin/env bash
# A CPU that stops answering, and a VM entry the hardware refuses: faults
# no guest can cause on purpose, made by the fault-injection build of the
# hypervisor (bulkhead-hv-faults.bin, BH_HC_FAULT through the hcall test
# module). Every wait for such a CPU must end within its 2 s bound with
# the CPU named, and the machine must recover once the CPU answers again:
# - a cell CPU wedged for 5 s: destroy returns -ETIMEDOUT after about 2 s
#   naming CPU 3, the cell stays, marked failed; once the wedge is over
#   destroy works, the CPU goes back to Linux and runs a new cell;
# - shutdown of a wedged cell: asked for 2 s, then forced, with the same
#   bound and report for the park;
# - a cell CPU whose guest state VMRUN refuses: the cell fails with the
#   field named, destroy works, the root runs on;
# - a root CPU wedged during disable: the others give up after 2 s naming
#   it, the hypervisor stays, and disable works once it answers.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
hello() {
	bulkhead cell create $CELLS/hello.yaml >/dev/null &&
		bulkhead cell load hello $INM/hello.bin >/dev/null &&
		bulkhead cell start hello >/dev/null && echo "hello started"
}
echo bulkhead-hv-faults.bin >/sys/module/bulkhead/parameters/firmware
bulkhead enable $SYS >/dev/null || exit 1
dmesg | grep -o 'bulkhead: the image is.*'
echo "== destroy =="
hello
sleep 1
mark_console
fault 1 3 5000
$T/elapsed bulkhead cell destroy hello
bulkhead cell list | grep hello
new_console | grep -E 'CPU 3|cell hello'
sleep 5
bulkhead cell destroy hello && echo "destroyed after the wedge"
new_console | grep -E 'wedge over|Destroyed'
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== again =="
mark_console
hello
sleep 1
new_console | grep -m1 '\[hello\]'
bulkhead cell destroy hello && echo destroyed
echo "== shutdown =="
hello
sleep 1
mark_console
fault 1 3 7000
$T/elapsed bulkhead cell shutdown hello
bulkhead cell list | grep hello
sleep 5
bulkhead cell destroy hello && echo "destroyed after the wedge"
new_console | grep -E "CPU 3|cell hello|Cell 'hello'"
echo "== bad-state =="
hello
sleep 1
mark_console
fault 2 3 0
sleep 1
bulkhead cell list | grep hello
new_console | grep -E 'CPU 3|cell hello'
bulkhead cell destroy hello && echo destroyed
echo "online: $(cat /sys/devices/system/cpu/online)"
echo "== bad-requests =="
fault 2 1 0
fault 1 0 100
fault 1 9 100
fault 1 2 0
fault 7 2 100
echo "== disable =="
mark_console
# CPU 1 wedges in its next hypercall, which is the disable: a wedge that
# began earlier would keep Linux from even getting there (its RCU, TLB
# shootdowns and module loading wait for the CPU too)
fault 3 1 6000
$T/elapsed bulkhead disable
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
new_console | grep -E 'disable|CPU 1: fault'
bulkhead disable && echo "disabled after the wedge"
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "soft lockups: $(dmesg | grep -c -E 'soft lockup|self-detected stall|rcu: INFO')"
GUEST
guest "$script" --timeout 240
rc=$?
rm -f "$script"

check image expect_line 'bulkhead: the image is /lib/firmware/bulkhead-hv-faults.bin, not the shipped bulkhead-hv.bin'
# a bounded wait: 2 s, not the wedge's 5 s
check destroy-posted sec destroy '^hcall: fault 1 on CPU 3 for 5000 ms: 0$'
check destroy-wedged sec destroy '^CPU 3: fault injection: wedged for 5000 ms, answering nothing$'
check destroy-refused sec destroy '^bulkhead: cell destroy: CPU 3 did not answer a park request from CPU [0-2] within 2000 ms$'
check destroy-status sec destroy '^elapsed_us [0-9]+ status 1$'
check destroy-bounded elapsed_between destroy 1900 3500
check destroy-console sec destroy '^ERROR: cell hello: a CPU of it did not stop; the cell stays as it is, marked failed$'
check destroy-failed sec destroy '^1 +hello +failed '
check destroy-after sec destroy '^destroyed after the wedge$'
check destroy-over sec destroy '^CPU 3: fault injection: wedge over$'
check destroy-cpus-back sec destroy '^online: 0-3$'
check again-runs sec again '^\[hello\] hello: cell .hello.'
check again-destroyed sec again '^destroyed$'
check shutdown-refused sec shutdown '^bulkhead: cell shutdown: CPU 3 did not answer a park request from CPU [0-2] within 2000 ms$'
# asked for 2 s, then forced: the park's 2 s
check shutdown-bounded elapsed_between shutdown 3900 5500
check shutdown-asked sec shutdown "^Cell 'hello' did not answer the shutdown request in time$"
check shutdown-failed sec shutdown '^1 +hello +failed '
check shutdown-destroyed sec shutdown '^destroyed after the wedge$'
check bad-state-posted sec bad-state '^hcall: fault 2 on CPU 3 for 0 ms: 0$'
check bad-state-named sec bad-state "^CPU 3: cell hello: VMRUN refused the cell's state: EFER.SVME is clear \(EFER 0x[0-9a-f]+, "
check bad-state-failed sec bad-state '^1 +hello +failed '
check bad-state-destroyed sec bad-state '^destroyed$'
check bad-state-cpus-back sec bad-state '^online: 0-3$'
check refuse-root-bad-state sec bad-requests '^hcall: fault 2 on CPU 1 for 0 ms: -22$'
check refuse-self sec bad-requests '^hcall: fault 1 on CPU 0 for 100 ms: -22$'
check refuse-absent-cpu sec bad-requests '^hcall: fault 1 on CPU 9 for 100 ms: -22$'
check refuse-no-duration sec bad-requests '^hcall: fault 1 on CPU 2 for 0 ms: -22$'
check refuse-unknown sec bad-requests '^hcall: fault 7 on CPU 2 for 100 ms: -22$'
check disable-posted sec disable '^hcall: fault 3 on CPU 1 for 6000 ms: 0$'
check disable-refused sec disable 'ERROR: disable: CPU [023]: CPUs 1 did not call disable within 2000 ms; the hypervisor stays'
check disable-reason sec disable '^bulkhead: disable: disable: CPU [023]: CPUs 1 did not call disable within 2000 ms; the hypervisor stays$'
check disable-late sec disable 'ERROR: disable: CPU 1: CPUs 0, 2, 3 did not call disable within 2000 ms; the hypervisor stays'
# CPU 1 comes after its 6 s wedge and waits its own 2 s for the others
check disable-bounded elapsed_between disable 7900 10500
check disable-stays sec disable '^enabled: 1$'
check disable-after sec disable '^disabled after the wedge$'
check disable-done sec disable '^enabled: 0$'
check no-lockups sec disable '^soft lockups: 0$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
