#!/usr/bin/env bash
# The SVM system tests about several cells, CPUs and refusals, on VMX in one
# Bochs boot of 5 CPUs, Linux onlining 4 (maxcpus=4: CPU 4 waits for a
# SIPI, natively) and the root cell taking all 4. On Bochs a CPU that ran
# a cell cannot go back to Linux (docs/bochs.md#the-local-apic), so each
# part uses CPUs no started cell has used yet, or a cell that stays:
# - system/040's refusal inside the hypervisor's own init: every CPU back
#   in Linux, the hypervisor's reason given, and enable after;
# - system/146's root CPU wedged in its disable hypercall (the
#   fault-injection build): the others give up after 2 s naming it, the
#   hypervisor stays, disable works once it answers, and enable again;
# - system/130's cycles, without start: 10 times create, load, destroy of
#   a cell on CPU 2, the CPU back with Linux each time, the pool back at
#   its start;
# - system/150's refusals of bad cell commands, each naming what is wrong,
#   ending with hello running on CPU 3;
# - system/130's starts on that CPU: 20 times shutdown, load and start of
#   hello, which comes up and answers each time, the pool back at its
#   start;
# - system/110: a second cell beside it, smp-demo on CPUs 1-2, whose first
#   CPU starts the other with INIT/SIPI (wait-for-SIPI on VMX);
# - system/148: in smp-demo, the second CPU restarting the first over and
#   over while the root stops the cell, 5 rounds: no CPU of it runs after
#   the stop, and the cell starts again;
# - system/145: the cell on CPU 3 and Linux each try to start CPU 4, which
#   is outside the hypervisor: both refused;
# - system/146's wedged cell CPUs: destroy of smp-demo with CPU 2
#   wedged gives up after 2 s naming it and leaves the cell failed, shutdown
#   of hello with CPU 3 wedged asks for 2 s and then forces, both cells go
#   once the wedges are over;
# - destroy: the cells' CPUs stay parked, Linux runs on on CPU 0, no
#   unexpected ERROR (the wedged CPUs' park requests are expected).
# Not in make test: 12-18 minutes of Bochs, and 148's race, lost once
# before the VMX park fix, has passed only twice since (docs/status.md);
# make test-vmx runs it.
# Times are the guest's, which Bochs counts in instructions and the TSC
# rate Linux hands the hypervisor agrees with (docs/bochs.md#time).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/../system/lib-refusals.sh"

script=$(mktemp)
{
	bad_cell_input_guest
	cat <<'GUEST'
# the Bochs platform's config with the root cell on all 4 CPUs Linux has;
# the cells' configs of the reference platform then fit as they are
sed 's/^  cpus: \[0-1\]$/  cpus: [0-3]/' /usr/share/bulkhead/configs/bochs-vmx.yaml >/tmp/vsys.yaml
VSYS=/tmp/vsys.yaml
# guest seconds since boot, at each section: where the time goes
at() { echo "at: $(cut -d' ' -f1 /proc/uptime) s"; }
cid() { bulkhead cell list | awk -v n="$1" '$2 == n { print $1 }'; }
pool() { cat /sys/devices/bulkhead/mem_pool_used; }
echo "== boot =="
echo "root cpus: $(grep -c '^  cpus: \[0-3\]$' $VSYS)"
echo "online: $(cat /sys/devices/system/cpu/online) present: $(cat /sys/devices/system/cpu/present)"
try create-when-disabled bulkhead cell create $CELLS/hello.yaml
# system/040's refusal inside the hypervisor's own init (a config the CLI
# would refuse, handed to the driver directly): every CPU back in Linux
bulkhead config compile $VSYS -o /tmp/vsys.bin
$T/enable-corrupt /tmp/vsys.bin
echo "after the refusal: enabled $(cat /sys/devices/bulkhead/enabled), online $(cat /sys/devices/system/cpu/online)"
taskset -c 3 true && echo "cpu3 runs a task"
# the fault-injection build (docs/testing.md#the-fault-injection-build),
# for system/146's wedged CPUs
echo bulkhead-hv-faults.bin >/sys/module/bulkhead/parameters/firmware
bulkhead enable $VSYS >/dev/null && echo enabled
bulkhead console | grep -E 'Using|Activating'
dmesg | grep -o 'bulkhead: the image is.*' | tail -1
# system/146: a root CPU wedged in its disable hypercall, before any CPU
# ran a cell (on Bochs disable needs them all back)
echo "== disable-wedge =="
at
mark_console
fault 3 1 6000
$T/elapsed bulkhead disable
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
new_console | grep -E 'disable|CPU 1: fault'
bulkhead disable && echo "disabled after the wedge"
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
bulkhead enable $VSYS >/dev/null && echo "enabled again"
echo "== cycles =="
at
mark_console
p0=$(pool)
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	bulkhead cell create $CELLS/timer-jitter.yaml >/dev/null &&
		bulkhead cell load timer-jitter $INM/timer-jitter.bin &&
		bulkhead cell destroy timer-jitter >/dev/null || { echo "cycle $i failed"; break; }
	[ "$(pool)" = "$p0" ] || echo "cycle $i: pool $p0 -> $(pool)"
done
echo "cycles: $i"
echo "pool: $p0 -> $(pool)"
echo "online: $(cat /sys/devices/system/cpu/online)"
taskset -c 2 sh -c 'echo "cpu2 runs: $(cut -d" " -f39 /proc/self/stat)"'
new_console | grep -E 'ERROR|FATAL'
echo "== bad-input =="
at
mark_console
# beyond 150's: CPU 4, outside the hypervisor
bad_input_extra() {
	variant cpu4 's/^cpus: \[3\]/cpus: [4]/'
	try cpu4 bulkhead cell create /tmp/cpu4.yaml
}
bad_cell_input
bulkhead cell list
echo "online: $(cat /sys/devices/system/cpu/online)"
wait_console "hello: cell 'hello'" 60 >/dev/null
new_console
echo "== restarts =="
at
# system/130's starts, on one CPU: Bochs gives a CPU that ran a cell no
# way back to Linux, so hello is shut down, loaded and started again
wait_console 'hello: waiting for shutdown' 60 >/dev/null
p0=$(pool)
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	mark_console
	bulkhead cell shutdown hello >/dev/null &&
		bulkhead cell load hello $INM/hello.bin -s "round=$i" &&
		bulkhead cell start hello >/dev/null || { echo "restart $i failed"; break; }
	w=$(wait_console 'hello: waiting for shutdown' 60)
	new_console | grep -q "hello: command line \"round=$i\"" || echo "restart $i: not up after $w s"
	[ "$(pool)" = "$p0" ] || echo "restart $i: pool $p0 -> $(pool)"
	new_console | grep -E 'ERROR|FATAL|did not answer'
done
echo "restarts: $i"
echo "pool: $p0 -> $(pool)"
bulkhead cell list | grep hello
echo "== two =="
at
# from here on no ERROR is expected but the parked CPUs' (below)
ERR_MARK=$(bulkhead console --position)
mark_console
sed 's/^cpus: \[2, 3\]$/cpus: [1, 2]/' $CELLS/smp-demo.yaml >/tmp/smp12.yaml
bulkhead cell create /tmp/smp12.yaml >/dev/null && echo "smp-demo created"
bulkhead cell load smp-demo $INM/smp-demo.bin
bulkhead cell start smp-demo
# its first CPU measures the APIC timer, then starts the other: TSC
# waits, some 350 times longer here
echo "smp-demo up after $(wait_console 'smp-demo: all 2 CPUs up' 120) s"
bulkhead cell list
echo "online: $(cat /sys/devices/system/cpu/online)"
new_console
SMP=$(cid smp-demo)
for round in 1 2 3 4 5; do
	echo "== round $round =="
	mark_console
	bulkhead cell shutdown smp-demo >/dev/null
	bulkhead cell load smp-demo $INM/attack.bin -s "attack=restart-sibling"
	bulkhead cell start smp-demo
	wait_console 'trying restart-sibling' 60 >/dev/null
	# restarts every 500 us of TSC time, some 0.2 s here: let a few happen
	sleep 2
	new_console | grep -m1 'trying restart-sibling'
	bulkhead cell shutdown smp-demo && echo "stopped"
	e1=$(cpu_exits $SMP 1) e2=$(cpu_exits $SMP 2)
	sleep 2
	echo "exits after stop: $(($(cpu_exits $SMP 1) - e1)) $(($(cpu_exits $SMP 2) - e2))"
	bulkhead cell list | grep smp-demo
done
echo "== after =="
at
mark_console
bulkhead cell load smp-demo $INM/smp-demo.bin
timeout 60 bulkhead cell start smp-demo && echo "started again"
echo "smp-demo up after $(wait_console 'smp-demo: all 2 CPUs up' 120) s"
bulkhead cell list | grep smp-demo
echo "== outside =="
at
mark_console
bulkhead cell shutdown hello >/dev/null
bulkhead cell load hello $INM/attack.bin -s "attack=sipi-outside"
bulkhead cell start hello
wait_console 'attack: sipi-outside survived' 60 >/dev/null
bulkhead cell list | grep hello
if echo 1 >/sys/devices/system/cpu/cpu4/online 2>/dev/null; then
	echo "cpu4 online under the hypervisor"
else
	echo "cpu4 stayed offline"
fi
new_console
# system/146: a cell CPU wedged in the hypervisor, answering nothing:
# destroy gives up after its 2 s bound naming the CPU, the cell stays,
# failed, and goes once the wedge is over; shutdown of a wedged cell asks
# for 2 s, then forces, with the same bound
echo "== wedge-destroy =="
at
mark_console
fault 1 2 5000
$T/elapsed bulkhead cell destroy smp-demo
bulkhead cell list | grep smp-demo
new_console | grep -E 'CPU 2|cell smp-demo'
sleep 5
bulkhead cell destroy smp-demo && echo "destroyed after the wedge"
new_console | grep -E 'wedge over'
echo "== wedge-shutdown =="
at
mark_console
fault 1 3 7000
$T/elapsed bulkhead cell shutdown hello
bulkhead cell list | grep hello
sleep 5
bulkhead cell destroy hello && echo "destroyed after the wedge"
new_console | grep -E "CPU 3|cell hello|Cell 'hello'"
echo "== destroy =="
at
mark_console
echo "online: $(cat /sys/devices/system/cpu/online)"
taskset -c 0 sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i + 1)); done; echo "cpu 0 loop: done"'
new_console
echo "== end =="
at
bulkhead cell list
# every CPU a cell ran stays parked (docs/bochs.md#the-local-apic)
bulkhead console | grep 'did not enter xAPIC mode'
errors() { console_errors "$ERR_MARK" 'a CPU of it did not stop|CPU [23] did not answer a park request'; }
errors | head -3
echo "console errors: $(errors | grep -c .)"
GUEST
} | guest_script "$script"
bochs_guest "$script" --smp 5 --append maxcpus=4 --timeout 1200
rc=$?
rm -f "$script"

has() { grep -E -q -- "$1" "$guest_out"; }
check script-status [ "$rc" = 0 ]
check booted sec boot '^online: 0-3 present: 0-4$'
check root-config sec boot '^root cpus: 1$'
check corrupt-refused sec boot '^enable-corrupt: ioctl refused: system config: pci-mmconfig'
check corrupt-cpus-back eval 'sec boot "^after the refusal: enabled 0, online 0-3$" && sec boot "^cpu3 runs a task$"'
check enabled sec boot '^enabled$'
check using-vmx sec boot 'Using Intel VMX'
check four-cpus sec boot 'Activating hypervisor on 4 CPUs'
# system/130, without start
check cycles sec cycles '^cycles: 10$'
check cycles-pool sec cycles '^pool: ([0-9]+) -> \1$'
check cycles-no-pool-change eval '! section cycles | grep -E -q "^cycle [0-9]+: pool"'
check cycles-cpus-back sec cycles '^online: 0-3$'
check cycles-cpu2-runs sec cycles '^cpu2 runs: 2$'
check cycles-no-errors eval '! section cycles | grep -E -q "ERROR|FATAL"'
# system/150
bad_cell_input_checks 0-3
check cpu-outside has '^cpu4: rc=1 msg=bulkhead: cell create: cpus: CPU 4 is offline or belongs to another cell$'
check bad-input-hello-runs sec bad-input '^[0-9]+ +hello +running +3 +-$'
check bad-input-online sec bad-input '^online: 0-2$'
# system/130's starts
check restarts sec restarts '^restarts: 20$'
check restarts-up eval '! section restarts | grep -E "^restart [0-9]+(: not up| failed)"'
check restarts-pool eval 'sec restarts "^pool: ([0-9]+) -> \\1$" && ! section restarts | grep -E "^restart [0-9]+: pool"'
check restarts-answered eval '! section restarts | grep -E "ERROR|FATAL|did not answer"'
check restarts-running sec restarts '^[0-9]+ +hello +running +3 +-$'
# system/110
check two-smp-created sec two '^smp-demo created$'
check two-smp-up sec two '^smp-demo up after ([0-9]|[1-9][0-9]|1[01][0-9]) s$'
check two-smp-cpu-up sec two 'smp-demo: CPU 1 \(APIC ID 2\) up'
check two-smp-running sec two '^[0-9]+ +smp-demo +running +1-2 +-$'
check two-hello-running sec two '^[0-9]+ +hello +running +3 +-$'
check two-hello-output sec bad-input "hello: cell 'hello'"
check two-root-cpus sec two '^0 +root +running +0 +-$'
check two-linux-cpus sec two '^online: 0$'
# system/148
for r in 1 2 3 4 5; do
	check "round-$r" restart_round_ok "$r"
done
check start-again sec after '^started again$'
check start-again-up sec after '^smp-demo up after ([0-9]|[1-9][0-9]|1[01][0-9]) s$'
check start-again-running sec after '^[0-9]+ +smp-demo +running '
# system/145
check cell-sipi-refused sec outside 'cell hello: INIT IPI \(vector 0x0\) to physical destination 0x4 refused: no CPU under the hypervisor'
check cell-sipi-refused-too sec outside 'cell hello: SIPI IPI \(vector 0x10\) to physical destination 0x4 refused: no CPU under the hypervisor'
check cell-survived sec outside 'attack: sipi-outside survived'
check root-refused sec outside 'cell root: INIT IPI \(vector 0x0\) to physical destination 0x4 refused: no CPU under the hypervisor'
check root-cpu-offline sec outside '^cpu4 stayed offline$'
# system/146: bounded waits, in guest time (docs/bochs.md#time)
check faults-build sec boot '^bulkhead: the image is /lib/firmware/bulkhead-hv-faults.bin, not the shipped bulkhead-hv.bin'
check disable-posted sec disable-wedge '^hcall: fault 3 on CPU 1 for 6000 ms: 0$'
check disable-refused sec disable-wedge 'ERROR: disable: CPU [023]: CPUs 1 did not call disable within 2000 ms; the hypervisor stays'
check disable-reason sec disable-wedge '^bulkhead: disable: disable: CPU [023]: CPUs 1 did not call disable within 2000 ms; the hypervisor stays$'
check disable-late sec disable-wedge 'ERROR: disable: CPU 1: CPUs 0, 2, 3 did not call disable within 2000 ms; the hypervisor stays'
# CPU 1 comes after its 6 s wedge and waits its own 2 s for the others
check disable-bounded elapsed_between disable-wedge 7900 10500
check disable-stays sec disable-wedge '^enabled: 1$'
check disable-after eval 'sec disable-wedge "^disabled after the wedge$" && sec disable-wedge "^enabled: 0$"'
check enable-after-wedge sec disable-wedge '^enabled again$'
check destroy-posted sec wedge-destroy '^hcall: fault 1 on CPU 2 for 5000 ms: 0$'
check destroy-wedged sec wedge-destroy '^CPU 2: fault injection: wedged for 5000 ms, answering nothing$'
check destroy-refused sec wedge-destroy '^bulkhead: cell destroy: CPU 2 did not answer a park request from CPU 0 within 2000 ms$'
check destroy-status sec wedge-destroy '^elapsed_us [0-9]+ status 1$'
check destroy-bounded elapsed_between wedge-destroy 1900 3500
check destroy-console sec wedge-destroy '^ERROR: cell smp-demo: a CPU of it did not stop; the cell stays as it is, marked failed$'
check destroy-failed sec wedge-destroy '^[0-9]+ +smp-demo +failed '
check destroy-after sec wedge-destroy '^destroyed after the wedge$'
check destroy-over sec wedge-destroy '^CPU 2: fault injection: wedge over$'
check shutdown-refused sec wedge-shutdown '^bulkhead: cell shutdown: CPU 3 did not answer a park request from CPU 0 within 2000 ms$'
# asked for 2 s, then forced: the park's 2 s
check shutdown-bounded elapsed_between wedge-shutdown 3900 5500
check shutdown-asked sec wedge-shutdown "^Cell 'hello' did not answer the shutdown request in time$"
check shutdown-failed sec wedge-shutdown '^[0-9]+ +hello +failed '
check shutdown-destroyed sec wedge-shutdown '^destroyed after the wedge$'
# the end: no CPU that ran a cell comes back on Bochs
check cpus-parked eval 'for c in 1 2 3; do sec end "ERROR: CPU $c: its local APIC did not enter xAPIC mode for cell root" || exit 1; done'
check root-runs-on sec destroy '^cpu 0 loop: done$'
check only-root eval '[ "$(section end | grep -c -E "^[0-9]+ ")" = 1 ]'
check no-errors sec end '^console errors: 0$'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
