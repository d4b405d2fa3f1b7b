#!/usr/bin/env bash
# Attack inmates: each attempt on the isolation is refused and logged, the
# cell is stopped (failed) or the access denied, the root cell keeps running
# and the cell can be destroyed. One boot; each attack is its own result.
. "$(dirname "$0")/lib.sh"

attacks="root-ram hv-memory exec-outside cr3-outside ipi-root nmi-root init-root port port-word port-string ipi-all-but-self ipi-logical ipi-lowest ipi-smi-self svm-vmrun svm-vmsave svm-stgi vmx-vmxon vmx-vmread hypercall-root hypercall-hostile msr msr-allowed console-forge-hypercall triple-fault efer-reserved efer-lme single-step console-forge"
script=$(mktemp)
guest_script "$script" <<GUEST
ATTACKS="$attacks"
GUEST
cat >>"$script" <<'GUEST'
bulkhead enable $SYS >/dev/null || exit 1
for a in $ATTACKS; do
	echo "== $a =="
	mark_console
	bulkhead cell create $CELLS/attack.yaml >/dev/null
	bulkhead cell load attack $INM/attack.bin -s "attack=$a"
	bulkhead cell start attack
	sleep 1
	bulkhead cell list | grep attack
	echo "exception exits: $(cat /sys/devices/bulkhead/cells/1/statistics/cpu1/vmexits_exception)"
	new_console
	echo "root alive: $(echo ok)"
	stress-ng --cpu 1 --timeout 1 2>&1 | grep -q successful && echo "root works"
	bulkhead cell destroy attack >/dev/null && echo "destroyed"
	echo "online: $(cat /sys/devices/system/cpu/online)"
done
echo "== end =="
bulkhead disable >/dev/null && echo disabled
GUEST
guest "$script" --timeout 420
rc=$?
rm -f "$script"

# attack_ok NAME OUTCOME LOGREGEX: OUTCOME is failed, survived, or
# exception-N (the cell got exception N, as the hardware would give it, and
# its library stopped the CPU: the cell is still running, not failed)
attack_ok() {
	local a=$1 outcome=$2 log=$3 s
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
	else
		echo "$s" | grep -E -q '^1 +attack +running +1 +-$' || { echo "$a: cell not running"; return 1; }
		echo "$s" | grep -q "attack: $a survived" || { echo "$a: did not continue"; return 1; }
	fi
	echo "$s" | grep -q '^root works$' || { echo "$a: root cell not working"; return 1; }
	echo "$s" | grep -q '^destroyed$' || { echo "$a: destroy failed"; return 1; }
	echo "$s" | grep -q '^online: 0-3$' || { echo "$a: CPU not back"; return 1; }
}

check root-ram attack_ok root-ram failed "cell attack: write at guest-physical 0x10000000 .*refused: not the cell's memory; cell stopped and marked failed"
check hv-memory attack_ok hv-memory failed "cell attack: read at guest-physical 0x30000000 .*refused: not the cell's memory; cell stopped and marked failed"
check exec-outside attack_ok exec-outside failed "cell attack: instruction fetch at guest-physical 0x10000000 .*refused: not the cell's memory; cell stopped and marked failed"
check cr3-outside attack_ok cr3-outside failed "cell attack: page-table walk at guest-physical 0x10000000 .*refused: not the cell's memory; cell stopped and marked failed"
check ipi-root attack_ok ipi-root survived "cell attack: fixed IPI \(vector 0x40\) to CPUs 0x1 of another cell refused"
check nmi-root attack_ok nmi-root survived "cell attack: NMI IPI .* to CPUs 0x1 of another cell refused"
check init-root attack_ok init-root survived "cell attack: INIT IPI .* to CPUs 0x1 of another cell refused"
check port attack_ok port failed "cell attack: read from port 0x3f8 .*refused: not in its pio list; cell stopped and marked failed"
check port-word attack_ok port-word failed "cell attack: read from port 0x3f8 .*refused: not in its pio list; cell stopped and marked failed"
check port-string attack_ok port-string failed "cell attack: read from port 0x3f8 .*refused: not in its pio list; cell stopped and marked failed"
check ipi-all-but-self attack_ok ipi-all-but-self survived "cell attack: fixed IPI \(vector 0x40\) to CPUs 0x[0-9a-f]+ of another cell refused"
check ipi-logical attack_ok ipi-logical survived "cell attack: fixed IPI \(vector 0x40\) to CPUs 0x1 of another cell refused"
check ipi-lowest attack_ok ipi-lowest survived "cell attack: lowest-priority IPI \(vector 0x40\) to CPUs 0x1 of another cell refused"
check ipi-smi-self attack_ok ipi-smi-self survived "cell attack: SMI IPI to destination 0x1 refused: delivery mode not allowed"
check svm-vmrun attack_ok svm-vmrun exception-6 "attack: trying svm-vmrun"
check svm-vmsave attack_ok svm-vmsave exception-6 "attack: trying svm-vmsave"
check svm-stgi attack_ok svm-stgi exception-6 "attack: trying svm-stgi"
# Intel's VMX instructions are #UD on AMD, without an exit
check vmx-vmxon attack_ok vmx-vmxon exception-6 "attack: trying vmx-vmxon"
check vmx-vmread attack_ok vmx-vmread exception-6 "attack: trying vmx-vmread"
check hypercall-hostile attack_ok hypercall-hostile survived "attack: hypercall-hostile returned -22 -[0-9]+ -7 -38 -22$"
check msr-allowed attack_ok msr-allowed survived "attack: msr-allowed survived \(value 0x123456789abc\)"
forge_hc_ok() {
	attack_ok console-forge-hypercall survived '^\[attack\] ERROR: forged by hypercall$' || return 1
	! section console-forge-hypercall | grep -q '^ERROR: forged' || { echo "forged line unprefixed"; return 1; }
}
check console-forge-hypercall forge_hc_ok
check hypercall-root attack_ok hypercall-root survived "cell attack: hypercall 0 refused: root cell only"
check msr attack_ok msr failed "cell attack: write of MSR 0x1b .*refused; cell stopped and marked failed"
check triple-fault attack_ok triple-fault failed "cell attack: triple fault at RIP .*; cell stopped and marked failed"
check efer-reserved attack_ok efer-reserved exception-13 "cell attack: write of EFER 0x8[0-9a-f]{15} at RIP .* refused: reserved bit or LME change with paging on \(#GP\)"
check efer-lme attack_ok efer-lme exception-13 "cell attack: write of EFER 0x[0-9a-f]+ at RIP .* refused: reserved bit or LME change with paging on \(#GP\)"
# #DB is intercepted (one exit) and handed back to the cell
check single-step attack_ok single-step exception-1 "exception exits: 1$"
# the forged line is the cell's, and no raw escape reaches the reader
forge_ok() {
	attack_ok console-forge survived '^\[attack\] ERROR: forged by the cell$' || return 1
	section console-forge | grep -q '^\[attack\] ?\[2J$' || { echo "escape not replaced"; return 1; }
	! section console-forge | grep -q '^ERROR: forged' || { echo "forged line unprefixed"; return 1; }
	! grep -q $'\x1b' "$guest_out" || { echo "raw escape in the console"; return 1; }
}
check console-forge forge_ok
check root-after [ -n "$(grep '^disabled$' "$guest_out")" ]
finish
