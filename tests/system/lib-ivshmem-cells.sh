# system/162's steps, shared with vmx/240: ivshmem devices beyond one per
# cell and beyond the root cell (docs/ivshmem.md), one boot:
# - a root device `demo2` at a function the machine has: refused;
# - one cell with two devices at once (`demo` and `demo2`, 00:12.0 for
#   the root): each device's state table its own; ping-pong on both at
#   the same time (doorbells both ways on each), counted per device;
#   heartbeats to the root on both;
# - a device of two non-root cells only (`link`): the two ring each other
#   with the root cell no peer, a peer leaves and comes back, ids and
#   memory refused where the validator says, the output sections
#   protected as between root and cell.

# ivshmem_cells_guest: the guest's part, for guest_script. It reads the
# guest's $IVC_SYS (the system config, given demo2 here) and $IVC_CPUS,
# the CPUs of six cells in turn: two, left, right, right again, the
# refused ones (third and bad) and attack. Sections taken, enable, two,
# states, together, two-counts, two-beats, pair, pair-leave,
# pair-refused, pair-attack and pair-down; it ends with left destroyed.
ivshmem_cells_guest() {
	cat <<'GUEST'
# the system config with a second demo device of 2 peers
cp $IVC_SYS /tmp/sys2.yaml
cat >>/tmp/sys2.yaml <<'YAML'
    - name: demo2
      bdf: 00:12.0
      peers: 2
      id: 0
      vectors: 4
      memory: {start: 0x4ff80000, state-table: 4K, rw: 16K, output: 4K}
YAML
# cell NAME CPU RAM: the head of a cell config (1M RAM, its comm region)
cell() {
	cat <<YAML
kind: cell
name: $1
cpus: [$2]
memory:
  - {name: ram, start: $3, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: comm, start: $(printf '0x%x' $(($3 + 0x100000))), guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
ivshmem:
YAML
}
# link ID [START [NAME]]: the device of the two cells only
link() {
	echo "  - {name: ${3:-link}, bdf: 00:00.0, peers: 2, id: $1, memory: {start: ${2:-0x4ffc0000}, guest: 0x200000, state-table: 4K, rw: 16K, output: 4K}}"
}
set -- $IVC_CPUS
{
	cell two $1 0x31800000
	echo "  - {name: demo, bdf: 00:00.0, peers: 3, id: 1, memory: {start: 0x4ff00000, guest: 0x200000, state-table: 4K, rw: 16K, output: 4K}}"
	echo "  - {name: demo2, bdf: 00:01.0, peers: 2, id: 1, memory: {start: 0x4ff80000, guest: 0x300000, state-table: 4K, rw: 16K, output: 4K}}"
} >/tmp/two.yaml
{ cell left $2 0x31800000; link 0; } >/tmp/left.yaml
{ cell right $3 0x31a00000; link 1; } >/tmp/right.yaml
{ cell right $4 0x31a00000; link 1; } >/tmp/right2.yaml
{ cell third $5 0x31400000; link 1; } >/tmp/third.yaml
{ cell bad $5 0x31400000; link 0 0x4e000000 stray; } >/tmp/bad.yaml
{ cell attack $6 0x31a00000; link 1; } >/tmp/attack.yaml
echo "== taken =="
# demo2 where the machine has a function: the hardware, asked through
# ports 0xCF8/0xCFC, says who is there, and enable is refused
sed 's/bdf: 00:12.0/bdf: 00:01.0/' /tmp/sys2.yaml >/tmp/taken.yaml
hw=/sys/bus/pci/devices/0000:00:01.0
# demo2 is the root's last device: its index is the number before it
n=$(($(grep -c '^    - name: ' /tmp/taken.yaml) - 1))
want="root-cell.ivshmem[$n] 'demo2': 00:01.0 is taken by a physical device ($(sed 's/^0x//' $hw/vendor):$(sed 's/^0x//' $hw/device))"
bulkhead enable /tmp/taken.yaml >/dev/null 2>&1 || echo "enable refused"
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
dmesg | grep -q -F "enable failed: $want" && echo "refusal names the function"
echo "== enable =="
bulkhead enable /tmp/sys2.yaml && echo enabled
bulkhead ivshmem list | grep -E '^uio|max peers'
echo "== two =="
mark_console
bulkhead cell create /tmp/two.yaml >/dev/null && echo created
bulkhead cell load two $INM/ivshmem-demo.bin -s "devices=2 beat=0"
bulkhead cell start two
sleep 1
bulkhead ivshmem list -d 00:10.0 | grep state: | sed 's/^/demo: /'
bulkhead ivshmem list -d 00:12.0 | grep state: | sed 's/^/demo2: /'
new_console
echo "== states =="
mark_console
bulkhead ivshmem state -d 00:10.0 7 --hold >/dev/null &
sleep 2
bulkhead ivshmem list -d 00:10.0 | grep state: | sed 's/^/demo: /'
bulkhead ivshmem list -d 00:12.0 | grep state: | sed 's/^/demo2: /'
kill $!
wait
sleep 1
new_console
echo "== together =="
# each round waits for its answer: no two interrupts of a vector merge
bulkhead ivshmem pingpong -d 00:10.0 --peer 1 --count 60 >/tmp/p1 &
bulkhead ivshmem pingpong -d 00:12.0 --peer 1 --count 40 >/tmp/p2 &
wait
sed 's/^/demo: /' /tmp/p1
sed 's/^/demo2: /' /tmp/p2
echo "== two-counts =="
mark_console
bulkhead cell shutdown two >/dev/null && echo "shut down"
new_console
echo "== two-beats =="
# a beat every 100 ms: the root re-arms in time even on a busy host
bulkhead cell load two $INM/ivshmem-demo.bin -s "devices=2 beat=100 count=20"
# the cell's state change, then its 20 beats, on each device
bulkhead ivshmem wait -d 00:10.0 --count 21 --timeout 20000 >/tmp/w1 &
bulkhead ivshmem wait -d 00:12.0 --count 21 --timeout 20000 >/tmp/w2 &
sleep 1
mark_console
bulkhead cell start two
wait
echo "demo received: $(cat /tmp/w1)"
echo "demo2 received: $(cat /tmp/w2)"
sleep 1
bulkhead cell shutdown two >/dev/null
new_console | grep totals
bulkhead cell destroy two >/dev/null && echo destroyed
echo "== pair =="
mark_console
bulkhead cell create /tmp/right.yaml >/dev/null && echo "right created"
bulkhead cell load right $INM/ivshmem-demo.bin -s "beat=100 count=20 await=1"
bulkhead cell start right
sleep 1
bulkhead cell create /tmp/left.yaml >/dev/null && echo "left created"
bulkhead cell load left $INM/ivshmem-demo.bin -s "target=1 pong=1 beat=100 count=20 await=1"
bulkhead cell start left
sleep 5
echo "root devices: $(bulkhead ivshmem list | grep -c '^uio')"
new_console
echo "== pair-leave =="
mark_console
bulkhead cell shutdown right >/dev/null && echo "right shut down"
sleep 1
bulkhead cell destroy right >/dev/null && echo "right destroyed"
bulkhead cell create /tmp/right2.yaml >/dev/null && echo "right again"
bulkhead cell load right $INM/ivshmem-demo.bin -s "beat=0"
bulkhead cell start right
sleep 1
new_console
echo "== pair-refused =="
bulkhead cell create /tmp/third.yaml 2>&1 | sed 's/^/taken: /'
bulkhead cell create /tmp/bad.yaml 2>&1 | sed 's/^/bad: /'
echo "== pair-attack =="
bulkhead cell shutdown right >/dev/null
bulkhead cell destroy right >/dev/null
mark_console
bulkhead cell create /tmp/attack.yaml >/dev/null
bulkhead cell load attack $INM/attack.bin -s "attack=ivshmem-foreign-output"
bulkhead cell start attack
sleep 1
bulkhead cell list | grep attack
new_console
bulkhead cell destroy attack >/dev/null && echo "attack destroyed"
echo "== pair-down =="
mark_console
bulkhead cell shutdown left >/dev/null && echo "left shut down"
new_console
bulkhead cell destroy left >/dev/null && echo "left destroyed"
GUEST
}

# ivshmem_cells_checks: what ivshmem_cells_guest's steps must show
ivshmem_cells_checks() {
	check taken-refused eval 'sec taken "^enable refused$" && sec taken "^enabled: 0$" && sec taken "^refusal names the function$"'
	check root-two-devices eval 'sec enable "^enabled$" && [ "$(section enable | grep -c "^uio")" = 2 ] && sec enable "max peers: +2$"'
	check cell-two-devices eval 'sec two "ivshmem-demo: device 00:00.0: id 1 of 3 peers, protocol 0x0000, state table 4K, rw 16K, output 4K at 0x200000, 4 vectors$" && sec two "ivshmem-demo: device 00:01.0: id 1 of 2 peers, protocol 0x0000, state table 4K, rw 16K, output 4K at 0x300000, 4 vectors$"'
	check both-ready eval 'sec two "^demo: .*state: +0: 0 \(own\), 1: 1, 2: 0$" && sec two "^demo2: .*state: +0: 0 \(own\), 1: 1$"'

	# the root's state 7 on demo: seen there by both sides, not on demo2
	states_ok() {
		sec states "^demo: .*state: +0: 7 \(own\), 1: 1, 2: 0$" &&
			sec states "^demo2: .*state: +0: 0 \(own\), 1: 1$" &&
			sec states "ivshmem-demo: 00:00.0: states: 0=7 1=1 2=0$" &&
			sec states "ivshmem-demo: 00:00.0: states: 0=0 1=1 2=0$" || return 1
		! section states | grep -q "00:01.0: states:" || { echo "demo2 saw a state change"; return 1; }
	}
	check state-tables-separate states_ok
	check pingpong-both-at-once eval 'sec together "^demo: n=60, min=" && sec together "^demo2: n=40, min="'
	# the root's state changes (7, then 0) on demo only, the pings per device
	check counted-per-device eval 'sec two-counts "ivshmem-demo: 00:00.0: totals: rings sent 60, irqs received v0 2 v1 0 v2 60 v3 0$" && sec two-counts "ivshmem-demo: 00:01.0: totals: rings sent 40, irqs received v0 0 v1 0 v2 40 v3 0$"'
	check cell-to-root-both eval 'sec two-beats "^demo received: 21$" && sec two-beats "^demo2 received: 21$" && sec two-beats "00:00.0: totals: rings sent 20," && sec two-beats "00:01.0: totals: rings sent 20,"'

	check pair-created eval 'sec pair "^right created$" && sec pair "^left created$" && sec pair "\[left\] ivshmem-demo: device 00:00.0: id 0 of 2 peers, protocol 0x0000, state table 4K, rw 16K, output 4K at 0x200000, 4 vectors$" && sec pair "\[right\] ivshmem-demo: states: 0=1 1=1$"'
	check pair-root-no-peer sec pair '^root devices: 2$'
	check pair-rings-both-ways eval 'sec pair "\[left\] ivshmem-demo: count 20 reached" && sec pair "\[right\] ivshmem-demo: count 20 reached" && sec pair-leave "\[right\] ivshmem-demo: totals: rings sent 20, irqs received v0 [0-9]+ v1 20 v2 0 v3 0$" && sec pair-down "\[left\] ivshmem-demo: totals: rings sent 20, irqs received v0 [0-9]+ v1 20 v2 0 v3 0$"'
	check pair-peer-leaves-and-returns eval 'sec pair-leave "^right shut down$" && sec pair-leave "\[left\] ivshmem-demo: states: 0=1 1=0$" && sec pair-leave "^right destroyed$" && sec pair-leave "^right again$" && sec pair-leave "\[left\] ivshmem-demo: states: 0=1 1=1$"'
	check pair-id-taken sec pair-refused "^taken: .*new cell .third.: ivshmem\[0\]\.id: 1 is also the id of cell .right. ivshmem\[0\] .link.$"
	check pair-memory-in-root-refused sec pair-refused "^bad: .*new cell .bad.: ivshmem\[0\]\.memory: 0x4e000000-0x4e006fff overlaps root-cell\.memory\[1\] .cell-memory. 0x31000000-0x4fbfffff, which the root cell keeps mapped$"
	check pair-output-protected eval 'sec pair-attack "attack: trying ivshmem-foreign-output" && sec pair-attack "cell attack: write at guest-physical 0x205000 .*refused: not the cell.s memory; cell stopped and marked failed" && sec pair-attack "^[0-9]+ +attack +failed" && sec pair-attack "^attack destroyed$"'
	check pair-clean eval 'sec pair-down "^left shut down$" && sec pair-down "^left destroyed$"'
}
