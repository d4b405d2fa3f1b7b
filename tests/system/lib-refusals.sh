# Bad input to the cell commands (system/150, shared with vmx/210): each
# refused with a message naming what is wrong, nothing changed.

# bad_cell_input_guest: guest functions for guest_script. try LABEL CMD...
# prints "LABEL: rc=N msg=<first stderr line>"; bad_cell_input, with the
# hypervisor enabled, tries every refusal of a cell command in turn, ending
# with hello running on CPU 3 (and calls the guest's bad_input_extra, if
# it has one, after the CPU refusals).
bad_cell_input_guest() {
	cat <<'GUEST'
try() {
	label=$1
	shift
	"$@" 2>/tmp/err >/dev/null
	rc=$?
	echo "$label: rc=$rc msg=$(head -n 1 /tmp/err)"
}
variant() { # variant NAME SED-EXPR: a copy of hello.yaml
	sed -e "s/^name: hello/name: $1/" -e "$2" $CELLS/hello.yaml >/tmp/$1.yaml
}
bad_cell_input() {
	variant cpu0 's/^cpus: \[3\]/cpus: [0]/'
	try cpu0 bulkhead cell create /tmp/cpu0.yaml
	variant cpu9 's/^cpus: \[3\]/cpus: [9]/'
	try cpu9 bulkhead cell create /tmp/cpu9.yaml
	type bad_input_extra >/dev/null 2>&1 && bad_input_extra
	variant hvmem 's/start: 0x31000000/start: 0x30000000/'
	try hvmem bulkhead cell create /tmp/hvmem.yaml
	variant outside 's/start: 0x31000000/start: 0x60000000/'
	try outside bulkhead cell create /tmp/outside.yaml
	# neither QEMU nor Bochs emulates L3 allocation: refused
	variant ways '$a cache-ways: 2'
	try ways bulkhead cell create /tmp/ways.yaml
	echo "after ways: online $(cat /sys/devices/system/cpu/online)"
	bulkhead cell create $CELLS/hello.yaml >/dev/null
	variant samecpu 's/start: 0x31000000/start: 0x31800000/; s/start: 0x31100000/start: 0x31900000/'
	try samecpu bulkhead cell create /tmp/samecpu.yaml
	variant overlap 's/^cpus: \[3\]/cpus: [2]/'
	try overlap bulkhead cell create /tmp/overlap.yaml
	try noimage bulkhead cell start hello
	dd if=/dev/zero of=/tmp/big.bin bs=1024 count=2048 2>/dev/null
	try toolarge bulkhead cell load hello /tmp/big.bin
	bulkhead cell load hello $INM/hello.bin && bulkhead cell start hello >/dev/null
	try running-load bulkhead cell load hello $INM/hello.bin
	try nonexistent bulkhead cell destroy nosuch
	try root bulkhead cell destroy root
	try disable-with-cells bulkhead disable
}
GUEST
}

# bad_cell_input_checks ONLINE: every refusal with its message; ONLINE
# the CPU list Linux has after the refused cache ways. The guest's own
# "try create-when-disabled bulkhead cell create ..." before enable is
# checked too.
bad_cell_input_checks() {
	has() { grep -E -q -- "$1" "$guest_out"; }
	check create-when-disabled has '^create-when-disabled: rc=1 msg=bulkhead: cell create: the hypervisor is not enabled$'
	check cpu0 has '^cpu0: rc=1 msg=bulkhead: /tmp/cpu0.yaml:[0-9]+: cpus: .*CPU 0'
	check cpu9 has '^cpu9: rc=1 msg=bulkhead: cell create: cpus: CPU 9 does not exist$'
	check hypervisor-memory has "^hvmem: rc=1 msg=bulkhead: cell create: new cell 'hvmem': memory\[0\] 'ram': overlaps hypervisor memory 0x30000000-0x30ffffff$"
	check cache-ways-refused has "^ways: rc=1 msg=bulkhead: cell create: cell ways: cache-ways 2 refused: this CPU has no L3 cache allocation \(CPUID 7 EBX\[15\] and 10h.0 EBX\[1\]\)$"
	check cache-ways-cpu-back has "^after ways: online $1\$"
	check outside-cell-memory has "^outside: rc=1 msg=bulkhead: cell create: new cell 'outside': memory\[0\] 'ram': 0x60000000-0x600fffff is outside cell-memory"
	check cpu-in-other-cell has '^samecpu: rc=1 msg=bulkhead: cell create: cpus: CPU 3 is offline or belongs to another cell$'
	check overlap-other-cell has "^overlap: rc=1 msg=bulkhead: cell create: new cell 'overlap': memory\[0\] 'ram': .* overlaps cell 'hello'"
	check start-without-image has "^noimage: rc=1 msg=bulkhead: cell start: cell 'hello' has no image loaded"
	check image-too-large has "^toolarge: rc=1 msg=bulkhead: cell load: 2097152 bytes at 0x0 do not fit in a loadable region of cell 'hello'$"
	check load-running has '^running-load: rc=1 msg=bulkhead: cell load: cell hello is running: shut it down before loading$'
	check destroy-nonexistent has "^nonexistent: rc=1 msg=bulkhead: no cell 'nosuch'"
	check destroy-root has '^root: rc=1 msg=bulkhead: the root cell cannot be managed this way$'
	check disable-with-cells has "^disable-with-cells: rc=1 msg=bulkhead: disable: cells exist: destroy them first"
}
