# Helpers for system tests. A test is a bash script that boots the reference
# platform once through image/qemu-run, then checks what the guest printed.
# It exits 0 when every check held.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
qemu_run="$top/image/qemu-run"
# The kernel under test ($BULKHEAD_KERNEL, as image/qemu-run boots it):
# KERNEL_RELEASE, KERNEL_SERIES and the rest of its lock.
# shellcheck source=scripts/kernel-lib.sh
. "$top/scripts/kernel-lib.sh"
kernel_load "${BULKHEAD_TEST_KERNEL:-}" || exit 1
guest_out=

# guest SCRIPT_FILE [qemu-run options...]: boot, run, keep output in $guest_out.
guest() {
	local script=$1 rc
	shift
	guest_out=$(mktemp "${TMPDIR:-/tmp}/bulkhead-guest.XXXXXX")
	"$qemu_run" --script "$script" "$@" >"$guest_out" 2>&1
	rc=$?
	cat "$guest_out"
	return $rc
}

# bochs_guest SCRIPT_FILE [bochs-run options...]: guest's twin for the
# VMX tests: boot Bochs, run, keep the output in $guest_out, print it and
# how long the boot and script took on the host; the runner's status.
bochs_guest() {
	local script=$1 start rc
	shift
	start=$(date +%s)
	guest_out=$(mktemp "${TMPDIR:-/tmp}/bulkhead-guest.XXXXXX")
	"$top/image/bochs-run" --script "$script" "$@" >"$guest_out" 2>&1
	rc=$?
	cat "$guest_out"
	echo "bochs boot and script: $(($(date +%s) - start)) s, status $rc"
	return $rc
}

fail() {
	echo "CHECK FAILED: $*"
	exit 1
}

# expect REGEX: the guest printed a line matching REGEX (extended regexp).
expect() {
	grep -E -q -- "$1" "$guest_out" || fail "guest output lacks /$1/"
	echo "ok: /$1/"
}

# expect_line TEXT: the guest printed exactly the line TEXT (no regex, so
# kernel releases like 6.12.95+deb12-amd64 need no escaping).
expect_line() {
	grep -qxF -- "$1" "$guest_out" || fail "guest output lacks the line '$1'"
	echo "ok: '$1'"
}

# expect_not REGEX: no line of the guest output matches REGEX.
expect_not() {
	! grep -E -q -- "$1" "$guest_out" || fail "guest output has /$1/: $(grep -E -m1 -- "$1" "$guest_out")"
	echo "ok: no /$1/"
}

# Guest-side helpers, prepended to every guest script by guest_script.
guest_prelude() {
	cat <<'GUEST'
SYS=/usr/share/bulkhead/configs/qemu-svm.yaml
T=/usr/libexec/bulkhead-tests
TM=/usr/share/bulkhead/test-modules
# Sum of vmexits_total over the root cell's CPUs.
root_exits() {
	cat /sys/devices/bulkhead/cells/0/statistics/cpu*/vmexits_total |
		awk '{ s += $1 } END { print s }'
}
GUEST
}

# guest_script FILE: write the prelude and then stdin to FILE.
guest_script() {
	{
		guest_prelude
		guest_cell_prelude
		cat
	} >"$1"
}

# check NAME CMD...: run a check as a sub-test, reported "RESULT PASS NAME"
# or "RESULT FAIL NAME"; a failed sub-test makes the whole script fail at
# the end (see finish) but does not stop the others.
subtests_failed=0
# What a check prints is its reason: a failed one's lines say "WHY NAME:",
# which tests/run shows beside the verdict.
check() {
	local name=$1 said
	shift
	if said=$("$@" 2>&1); then
		[ -z "$said" ] || echo "$said"
		echo "RESULT PASS $name"
	else
		[ -z "$said" ] || echo "$said" | sed "s/^/WHY $name: /"
		echo "RESULT FAIL $name"
		subtests_failed=$((subtests_failed + 1))
	fi
}

finish() {
	[ "$subtests_failed" = 0 ]
	exit $?
}

# sec NAME REGEX: section NAME has a line matching REGEX (extended regexp);
# says which section lacked what otherwise.
sec() {
	section "$1" | grep -E -q -- "$2" || {
		echo "section $1 lacks /$2/"
		return 1
	}
}

# attack_expected NAME: what attack NAME of the attack inmate must come to,
# on either vendor: "OUTCOME LOGREGEX", OUTCOME failed, survived or
# exception-N, LOGREGEX a console line (extended regexp) it must cause.
attack_expected() {
	local mem="refused: not the cell's memory; cell stopped and marked failed"
	local pio="cell attack: read from port 0x3f8 .*refused: not in its pio list; cell stopped and marked failed"
	local efer="refused: reserved bit or LME change with paging on \(#GP\)"
	case $1 in
	root-ram) echo "failed cell attack: write at guest-physical 0x10000000 .*$mem" ;;
	hv-memory) echo "failed cell attack: read at guest-physical 0x30000000 .*$mem" ;;
	exec-outside) echo "failed cell attack: instruction fetch at guest-physical 0x10000000 .*$mem" ;;
	cr3-outside) echo "failed cell attack: page-table walk at guest-physical 0x10000000 .*$mem" ;;
	ipi-root | ipi-logical) echo "survived cell attack: fixed IPI \(vector 0x40\) to CPUs 0x1 of another cell refused" ;;
	nmi-root) echo "survived cell attack: NMI IPI .* to CPUs 0x1 of another cell refused" ;;
	init-root) echo "survived cell attack: INIT IPI .* to CPUs 0x1 of another cell refused" ;;
	port | port-word | port-string) echo "failed $pio" ;;
	ipi-all-but-self) echo "survived cell attack: fixed IPI \(vector 0x40\) to CPUs 0x[0-9a-f]+ of another cell refused" ;;
	ipi-lowest) echo "survived cell attack: lowest-priority IPI \(vector 0x40\) to CPUs 0x1 of another cell refused" ;;
	ipi-smi-self) echo "survived cell attack: SMI IPI to destination 0x1 refused: delivery mode not allowed" ;;
	# AMD's instructions are #UD on Intel without an exit, Intel's on
	# AMD; on Intel VMX's are exits, answered with #UD
	svm-* | vmx-*) echo "exception-6 attack: trying $1" ;;
	rdpmc) echo "exception-13 cell attack: RDPMC of counter 0x0 at RIP 0x[0-9a-f]+ refused: the performance counters are not the cell's \(#GP\)" ;;
	hypercall-hostile) echo "survived attack: hypercall-hostile returned -22 -[0-9]+ -7 -38 -22$" ;;
	hypercall-root) echo "survived cell attack: hypercall 0 refused: root cell only" ;;
	msr-allowed) echo "survived attack: msr-allowed survived \(value 0x123456789abc\)" ;;
	msr) echo "failed cell attack: write of MSR 0x1b .*refused; cell stopped and marked failed" ;;
	triple-fault) echo "failed cell attack: triple fault at RIP .*; cell stopped and marked failed" ;;
	efer-reserved) echo "exception-13 cell attack: write of EFER 0x8[0-9a-f]{15} at RIP .* $efer" ;;
	efer-lme) echo "exception-13 cell attack: write of EFER 0x[0-9a-f]+ at RIP .* $efer" ;;
	# #DB is intercepted (one exit) and handed back to the cell
	single-step) echo "exception-1 ^exception exits: 1$" ;;
	# the forged line is shown as the cell's
	console-forge) echo "survived ^\[attack\] ERROR: forged by the cell$" ;;
	console-forge-hypercall) echo "survived ^\[attack\] ERROR: forged by hypercall$" ;;
	# through the cell's ivshmem device `demo` (peers 0, the root, and the
	# cell; state table 4K, R/W 16K, output 4K at 0x200000 in the cell)
	ivshmem-foreign-output) echo "failed cell attack: write at guest-physical 0x205000 .*$mem" ;;
	ivshmem-state-table) echo "failed cell attack: write at guest-physical 0x20000[0-9a-f] .*$mem" ;;
	ivshmem-msix-outside) echo "survived cell attack: ivshmem 'demo': MSI-X vector 1 \(address 0xfee0[01]000, data 0x41\) refused: destination is not a CPU of the cell" ;;
	ivshmem-bad-doorbell) echo "survived attack: ivshmem-bad-doorbell: done" ;;
	pci-foreign) echo "survived attack: pci-foreign: 1 of 32 devices answer" ;;
	*) echo "unknown attack $1" ;;
	esac
}

# handover_expected WHAT: the line of the attack inmate (apic-show,
# fpu-show) that says it found nothing of the guest before it, on either
# vendor (docs/cells.md)
handover_expected() {
	case $1 in
	apic) echo 'attack: apic at entry: tpr=0x0 lvt_timer=0x10000 lvt_perf=0x10000 lvt_lint1=0x10000 lvt_error=0x10000 timer_init=0x0 in_service=0$' ;;
	cpu-regs) echo 'attack: cpu at entry: tsc_aux=0x0 dr0=0x0 dr3=0x0$' ;;
	fpu) echo 'attack: fpu at entry: xcr0=0x1 fcw=0x37f fsw=0x0 mxcsr=0x1f80$' ;;
	vectors) echo 'attack: vector words at entry: 0 not zero, 0 the pattern' ;;
	# CPUID runs in the hypervisor, with its CR4: the bit is the guest's
	osxsave) echo 'attack: cpuid osxsave 0 at cr4.osxsave 0, 1 at 1$' ;;
	*) echo "unknown handover check $1" ;;
	esac
}

# attack_outcome NAME: in section NAME, the attack inmate tried NAME and it
# came to what attack_expected says, in the cell (id 1, named attack, one
# CPU): failed; survived (running, the inmate went on); or exception-N
# (the cell took exception N, as the hardware would give it, and its
# library stopped the CPU: still running, not failed).
attack_outcome() {
	local a=$1 outcome log s
	read -r outcome log <<<"$(attack_expected "$a")"
	s=$(section "$a")
	echo "$s" | grep -q "attack: trying $a" || { echo "$a: inmate did not run"; return 1; }
	echo "$s" | grep -E -q -- "$log" || { echo "$a: no console line /$log/"; return 1; }
	if [[ $outcome == exception-* ]]; then
		echo "$s" | grep -E -q "inmate: CPU 0: exception ${outcome#exception-} " || { echo "$a: no exception ${outcome#exception-}"; return 1; }
		echo "$s" | grep -E -q '^1 +attack +running +1 +-$' || { echo "$a: cell not running"; return 1; }
		! echo "$s" | grep -q "attack: $a survived" || { echo "$a: survived"; return 1; }
	elif [ "$outcome" = failed ]; then
		echo "$s" | grep -E -q '^1 +attack +failed +1 +1$' || { echo "$a: cell not failed"; return 1; }
		! echo "$s" | grep -q "attack: $a survived" || { echo "$a: survived"; return 1; }
	elif [ "$outcome" = survived ]; then
		echo "$s" | grep -E -q '^1 +attack +running +1 +-$' || { echo "$a: cell not running"; return 1; }
		echo "$s" | grep -q "attack: $a survived" || { echo "$a: did not continue"; return 1; }
	else
		echo "$a: $outcome $log"
		return 1
	fi
	# a forged line is shown only as the cell's, an escape as '?'
	if [[ $a == console-forge* ]]; then
		! echo "$s" | grep -q '^ERROR: forged' || { echo "$a: forged line unprefixed"; return 1; }
	fi
	if [ "$a" = console-forge ]; then
		echo "$s" | grep -q '^\[attack\] ?\[2J$' || { echo "$a: escape not replaced"; return 1; }
	fi
}

# section NAME: the guest output between "== NAME ==" and the next "== ".
section() {
	awk -v s="== $1 ==" '$0 == s { on = 1; next } /^== / { on = 0 } on' "$guest_out"
}

# elapsed_between SECTION MIN_MS MAX_MS: the section's first
# "elapsed_us N status S" line (tests/tools/elapsed) says N lies within
# the bounds; a bounded wait's check (146, vmx/210).
elapsed_between() {
	local us
	us=$(section "$1" | sed -n 's/^elapsed_us \([0-9]*\) status [0-9]*$/\1/p' | head -1)
	[ -n "$us" ] || { echo "section $1: no elapsed line"; return 1; }
	echo "section $1: $((us / 1000)) ms"
	[ "$us" -ge $(($2 * 1000)) ] && [ "$us" -le $(($3 * 1000)) ]
}

# restart_round_ok N: round N of the restart-sibling race in smp-demo
# (148, vmx/210): the attack ran, the shutdown worked, neither CPU of the
# cell exited after it ("exits after stop: 0 0"), the cell shut down.
restart_round_ok() {
	local s
	s=$(section "round $1")
	echo "$s" | grep -q 'attack: trying restart-sibling' ||
		{ echo "round $1: the attack did not run"; return 1; }
	echo "$s" | grep -q '^stopped$' || { echo "round $1: shutdown failed"; return 1; }
	echo "$s" | grep -q '^exits after stop: 0 0$' || { echo "round $1: a CPU ran after the stop: $(echo "$s" | grep 'exits after')"; return 1; }
	echo "$s" | grep -E -q '^[0-9]+ +smp-demo +shut-down ' || { echo "round $1: not shut-down"; return 1; }
}

# ivshmem_tools_checks: what the guest's ivshmem_tools printed (system/161,
# vmx/200): fill seen by the cell, dump of the output and state, send's
# bytes and CRC-32 as the cell found them, recv of the cell's message, a
# damaged message noticed.
ivshmem_tools_checks() {
	check checks-answered eval '[ "$(section tools-fill | grep -c "^answered: 1$")" = 2 ] && sec tools-send "^answered: 1$"'
	check fill-seen sec tools-fill 'ivshmem-demo: check 1: peer 0 output: 4096 bytes, first 0x5a, last 0x5a, 4096 equal to the first$'
	check fill-length-seen sec tools-fill 'ivshmem-demo: check 2: peer 0 output: 4096 bytes, first 0xa5, last 0x5a, 100 equal to the first$'
	check dump-output tools_dump_ok
	check dump-state sec tools-dump '^state: 00000000  00 00 00 00 01 00 00 00  00 00 00 00 00 00 00 00  \|\.{16}\|$'
	check send-seen-by-cell tools_send_ok
	check dump-rw eval '[ "$(section tools-send | sed -n "s/^dump rw: //p")" = "$(section tools-send | sed -n "s/^expected: //p")" ] && sec tools-send "^dump rw: 88 13 00 00 "'
	check recv-cell-message tools_recv_ok
	check damaged-message-seen tools_damaged_ok
}
tools_dump_ok() {
	local want got
	want=$(printf '%s\n' \
		'output: 00000000  a5 a5 a5 a5 a5 a5 a5 a5  a5 a5 a5 a5 a5 a5 a5 a5  |................|' \
		'output: *' \
		'output: 00000060  a5 a5 a5 a5 5a 5a 5a 5a  5a 5a 5a 5a 5a 5a 5a 5a  |....ZZZZZZZZZZZZ|' \
		'output: 00000070  5a 5a 5a 5a 5a 5a 5a 5a  5a 5a 5a 5a 5a 5a 5a 5a  |ZZZZZZZZZZZZZZZZ|' \
		'output: *' \
		'output: 00001000')
	got=$(section tools-dump | grep '^output: ')
	[ "$got" = "$want" ] || { printf 'dump output was:\n%s\n' "$got"; return 1; }
	sec tools-dump '^input --peer 0 is the output section$'
}
# the CRC-32 that send printed, gzip computed and the cell found
tools_sent_crc() { section tools-send | sed -n 's/^sent 5000 bytes (crc32 \(0x[0-9a-f]\{8\}\))$/\1/p'; }
tools_send_ok() {
	local crc
	crc=$(tools_sent_crc)
	[ -n "$crc" ] || { echo "no 'sent 5000 bytes' line"; return 1; }
	sec tools-send "^gzip crc32: $crc$" &&
		sec tools-send "ivshmem-demo: check 3: rw: message of 5000 bytes, crc32 $crc, intact$"
}
# the message the cell says it wrote (check 3), as recv got it
tools_recv_ok() {
	local line len crc msg hex
	line=$(section tools-send | grep -E 'ivshmem-demo: check 3: wrote a message of [0-9]+ bytes, crc32 0x[0-9a-f]{8}$')
	[ -n "$line" ] || { echo "the cell wrote no message"; return 1; }
	len=$(echo "$line" | sed 's/.* of \([0-9]*\) bytes.*/\1/')
	crc=$(echo "$line" | sed 's/.*crc32 \(0x[0-9a-f]*\)$/\1/')
	sec tools-recv "^received $len bytes \(crc32 $crc\)$" &&
		sec tools-recv "^file crc32: $crc, $len bytes$" &&
		sec tools-recv '^recv to stdout: the same$' || return 1
	# its text: the two lines the cell printed for check 3
	msg=$(section tools-recv | sed -n 's/^msg: //p')
	[ "$msg" = "$(section tools-send | sed -n 's/.*ivshmem-demo: \(check 3: \(rw\|peer\)\)/\1/p')" ] ||
		{ printf 'message was:\n%s\n' "$msg"; return 1; }
	# the header in the dump: length and CRC, little-endian
	hex=$(printf '%02x %02x %02x %02x' $((len & 255)) $((len >> 8 & 255)) $((len >> 16 & 255)) $((len >> 24)))
	hex="$hex $(echo "${crc#0x}" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4 \3 \2 \1/')"
	sec tools-recv "^dump input: $hex 63 68 65 63 6b 20 33 3a$"
}
# the checksum still the file's, as send printed it
tools_damaged_ok() {
	local crc
	crc=$(tools_sent_crc)
	sec tools-damaged "^length cleared$" &&
		sec tools-damaged "ivshmem-demo: check 4: rw: message of 0 bytes, crc32 0x00000000, but the header says ${crc:-none}$"
}

# root_fuzz_lines_limited CPUS SECTION: the root's hypercall fuzz (170,
# vmx/220) had its console lines rate-limited on its CPUs (CPUS, a
# bracket expression such as [0-3]): drop lines before the first cell,
# and no more refusals printed than the limit lets through in the time
# the fuzz took (tests/modules/hcfuzz's "; N ms" in SECTION): a burst of
# 20, then 10 a second (bh/ratelimit.h), 10 more for the edges. From the
# hypervisor's UART log, which has every line: the 16 KiB ring the guest
# reads keeps only the last few hundred, and the root's ERROR lines, which
# are not rate-limited, push the last drop line out of it in some runs.
root_fuzz_lines_limited() {
	local log="$top/build/log/$BULKHEAD_RUN_NAME.hypervisor.log" root u d ms most
	ms=$(section "$2" | sed -n 's/.*hcfuzz: .*; \([0-9]*\) ms$/\1/p')
	[ -n "$ms" ] || { echo "section $2: no hcfuzz line with its time"; return 1; }
	most=$((20 + (10 * ms + 999) / 1000 + 10))
	# the root's lines: those before the first cell
	root=$(awk '/Created cell/ { exit } { print }' "$log")
	u=$(grep -c "unknown hypercall" <<<"$root")
	d=$(grep -c "CPU $1: [0-9]* console lines of its guest.s doing dropped (rate limit)" <<<"$root")
	echo "root fuzz in the UART log: $u unknown-hypercall lines printed in $ms ms (at most $most), $d drop lines"
	[ "$d" -gt 0 ] && [ "$u" -le "$most" ]
}

# bochs_end_guest: the end of a VMX test's guest script (section end):
# the hypervisor's backend, the cells, Linux's CPUs, FATAL lines, and the
# ERROR and FATAL lines since the guest's $ERR_MARK (all without) but a
# parked CPU's (console_errors) and those matching the guest's
# $ERR_EXPECTED. On Bochs every CPU that ran a cell stays parked.
bochs_end_guest() {
	cat <<'GUEST'
echo "== end =="
bulkhead console | grep -E 'Using|Activating'
bulkhead cell list
echo "online: $(cat /sys/devices/system/cpu/online)"
console_errors "$ERR_MARK" "$ERR_EXPECTED" | head -3
echo "fatal lines: $(bulkhead console | grep -c -E 'FATAL|CHECK')"
echo "console errors: $(console_errors "$ERR_MARK" "$ERR_EXPECTED" | grep -c .)"
GUEST
}

# bochs_end_checks ONLINE: only the root cell left, Linux on ONLINE (the
# CPUs no cell ran), no unexpected ERROR, no FATAL
bochs_end_checks() {
	check only-root eval '[ "$(section end | grep -c -E "^[0-9]+ ")" = 1 ]'
	check root-only-cpu sec end "^online: $1\$"
	check no-errors sec end '^console errors: 0$'
	check no-fatal sec end '^fatal lines: 0$'
}

# Guest helpers for cells, appended to the prelude.
guest_cell_prelude() {
	cat <<'GUEST'
CELLS=/usr/share/bulkhead/configs/cells
INM=/usr/share/bulkhead/inmates
# await_step LOG PATTERN SECONDS: until a line matching PATTERN appears
# in LOG (a bench run's progress), at most SECONDS
await_step() {
	for i in $(seq 1 $3); do
		grep -q "$2" $1 && break
		sleep 1
	done
}
# console_errors [MARK [REGEX]]: the ERROR and FATAL console lines (since
# MARK, a console position), but for a CPU Bochs leaves parked after a
# cell (docs/bochs.md#the-local-apic) and those matching REGEX
console_errors() {
	bulkhead console ${1:+--from "$1"} | grep -E 'ERROR|FATAL' |
		grep -v -E "its local APIC did not enter xAPIC${2:+|$2}"
}
# console lines printed since mark_console was last called
# by byte position (bulkhead console --position/--from), which names the
# same place however often the 16 KiB ring wrapped since the mark
mark_console() { CONSOLE_MARK=$(bulkhead console --position); }
new_console() { bulkhead console --from "$CONSOLE_MARK"; }
# cpu_exits CELL CPU [REASON]: the CPU's exits, all or of one reason
cpu_exits() { cat /sys/devices/bulkhead/cells/$1/statistics/cpu$2/vmexits_${3:-total}; }
# root_nmi_pairs: tests/modules/nmi's 20 pairs of NMIs from CPU 0 to root
# CPU 1, each second one inside the first's handler; the module's line, how
# many of CPU 1's NMIs the hypervisor gave back and held meanwhile, and
# whether it held at least every second one sent before the first's
# handler ended (those it must hold)
root_nmi_pairs() {
	local s=/sys/devices/bulkhead/cells/0/statistics/cpu1 n0 h0 line held early
	n0=$(cat $s/nmis_injected) h0=$(cat $s/nmis_held)
	taskset -c 0 insmod $TM/bulkhead_nmi.ko cpu=1 && rmmod bulkhead_nmi
	line=$(dmesg | grep -o 'nmi: CPU.*' | tail -n 1)
	echo "$line"
	held=$(($(cat $s/nmis_held) - h0))
	early=$(echo "$line" | sed -n 's/.*nested, \([0-9]*\) sent before.*/\1/p')
	echo "cpu1 nmis given back: $(($(cat $s/nmis_injected) - n0)), held: $held"
	echo "cpu1 held every NMI sent while the handler ran: $([ "$held" -ge "${early:-0}" ] && echo yes || echo "no ($held < $early)")"
}
# wait_console REGEX SECONDS: wait, up to SECONDS, for a console line
# since mark_console matching REGEX; prints the seconds waited
wait_console() {
	local i=0
	while ! new_console | grep -E -q -- "$1" && [ $i -lt $2 ]; do
		sleep 1
		i=$((i + 1))
	done
	echo $i
}
# attack_demo_config PEERS ID: configs/cells/attack.yaml (CPU 1) with
# peer ID of the root's `demo` device of PEERS peers, as 160 and vmx/200
# use it
attack_demo_config() {
	cat <<YAML
kind: cell
name: attack
cpus: [1]
memory:
  - {name: ram, start: 0x31400000, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: comm, start: 0x31500000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
ivshmem:
  - {name: demo, bdf: 00:00.0, peers: $1, id: $2, memory: {start: 0x4ff00000, guest: 0x200000, state-table: 4K, rw: 16K, output: 4K}}
YAML
}
# fault KIND CPU MS: post a fault to CPU through BH_HC_FAULT, from CPU 0
# (the fault-injection build only, docs/testing.md)
fault() { # KIND CPU MS, from CPU 0
	taskset -c 0 insmod $TM/bulkhead_hcall.ko fault=$1 fault_cpu=$2 fault_ms=$3 &&
		rmmod bulkhead_hcall
	dmesg | grep -o 'hcall: fault.*' | tail -1
}
# demo_irqs PEER V: irqs[V] in PEER's demo output section (struct
# bh_demo_output), the doorbells the ivshmem-demo inmate took on vector V
demo_irqs() {
	bulkhead ivshmem dump input --peer $1 -l 32 | sed -n 2p |
		awk -v v=$2 '{ o = 10 + 4 * (v + 2) - 8; printf "%d\n", "0x" $(o+3) $(o+2) $(o+1) $o }'
}
# ivshmem_tools: the root's section tools against a running ivshmem-demo
# (peer 1 of the root's first device, started with msg=1), as system/161
# and vmx/200 run them; sections tools-fill to tools-damaged, judged by
# ivshmem_tools_checks. The demo reports on a ring on vector 3
# (BH_DEMO_VEC_CHECK) and rings back when done.
tools_ask() { # ring the demo and wait for its answer
	bulkhead ivshmem wait --count 1 --timeout 5000 >/tmp/w &
	sleep 1
	bulkhead ivshmem ring 1 3
	wait
	echo "answered: $(cat /tmp/w)"
}
# the hex bytes of a dump's first line, space-separated
tools_hex() { awk 'NR == 1 { for (i = 2; i <= 17; i++) printf "%s%s", $i, i < 17 ? " " : "\n" }'; }
# a CRC-32 as gzip computes it: its trailer's first four bytes
tools_crc() { gzip -c "$1" | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' \n'; }
ivshmem_tools() {
	local crc
	echo "== tools-fill =="
	mark_console
	bulkhead ivshmem fill output 0x5a && echo "filled"
	tools_ask
	bulkhead ivshmem fill output 0xa5 --length 100 && echo "filled 100"
	tools_ask
	new_console
	echo "== tools-dump =="
	bulkhead ivshmem dump output | sed 's/^/output: /'
	bulkhead ivshmem dump output >/tmp/own
	bulkhead ivshmem dump input --peer 0 >/tmp/peer0
	cmp /tmp/own /tmp/peer0 && echo "input --peer 0 is the output section"
	bulkhead ivshmem dump state -l 16 | sed 's/^/state: /'
	echo "== tools-send =="
	head -c 5000 /dev/urandom >/tmp/f
	bulkhead ivshmem send /tmp/f
	echo "gzip crc32: 0x$(tools_crc /tmp/f)"
	mark_console
	tools_ask
	new_console
	crc=$(tools_crc /tmp/f)
	echo "dump rw: $(bulkhead ivshmem dump rw -l 16 | tools_hex)"
	echo "expected: 88 13 00 00 $(echo $crc | sed 's/\(..\)\(..\)\(..\)\(..\)/\4 \3 \2 \1/') $(od -An -tx1 -N8 /tmp/f | tr -s ' ' | sed 's/^ //; s/ $//')"
	echo "== tools-recv =="
	bulkhead ivshmem recv 1 /tmp/r
	sed 's/^/msg: /' /tmp/r
	echo "file crc32: 0x$(tools_crc /tmp/r), $(wc -c </tmp/r) bytes"
	echo "dump input: $(bulkhead ivshmem dump input --peer 1 -l 16 | tools_hex)"
	bulkhead ivshmem recv 1 - | cmp - /tmp/r && echo "recv to stdout: the same"
	# the message's length set to 0 under its checksum
	echo "== tools-damaged =="
	mark_console
	bulkhead ivshmem fill rw 0 --length 4 && echo "length cleared"
	tools_ask
	new_console
}
GUEST
}
