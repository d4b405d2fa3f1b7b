#!/usr/bin/env bash
# ivshmem 2.0 between the root cell and cells (docs/ivshmem.md), one boot:
# the root's virtual device appears on enable and goes on disable; both
# sides read the same identity and sizes; doorbells arrive as interrupts
# both ways (the root's through Linux's interrupt remapping), the receiving
# cell CPU taking no exit; ping-pong by interrupt and by polling; a peer
# that stops or goes away leaves state 0 and its peers are told; three
# peers on one device and a peer id taken again; output sections and the
# state table protected in the nested tables; attacks through the device.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
# the attack cell with a device: peer 2 of the demo device
attack_demo_config 3 2 >/tmp/attack-iv.yaml
dev=/sys/bus/pci/devices/0000:00:10.0
echo "== before =="
[ -e $dev ] && echo "device present" || echo "device absent"
echo "== enable =="
bulkhead enable $SYS && echo enabled
dmesg | grep -o "bulkhead: ivshmem 'demo' at 0000:00:10.0: added"
echo "ids: $(cat $dev/vendor) $(cat $dev/device) $(cat $dev/class)"
grep -c 'uio_ivshmem\[0000:00:10.0\]' /proc/interrupts | sed 's/^/msi-x vectors: /'
bulkhead ivshmem list
/usr/libexec/bulkhead-tests/uio-mmap /dev/uio0 1
echo "== demo =="
mark_console
bulkhead cell create $CELLS/ivshmem-demo.yaml >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=200"
bulkhead cell start ivshmem-demo
sleep 1
bulkhead ivshmem list | grep state:
echo "beats received: $(bulkhead ivshmem wait --count 3 --timeout 5000)"
new_console
echo "== receive =="
bulkhead cell shutdown ivshmem-demo >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=0"
bulkhead cell start ivshmem-demo
sleep 1
e0=$(cpu_exits 1 2)
i=0; while [ $i -lt 100 ]; do bulkhead ivshmem ring 1 1; i=$((i + 1)); done
sleep 1
e1=$(cpu_exits 1 2)
echo "cell exits while receiving: $((e1 - e0))"
echo "cell received on vector 1: $(demo_irqs 1 1)"
echo "== hundred =="
# the other way: 100 heartbeats of the cell, 100 interrupts at the root
bulkhead cell shutdown ivshmem-demo >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=50 count=100"
bulkhead ivshmem wait --count 100 --timeout 20000 >/tmp/w &
sleep 1
bulkhead cell start ivshmem-demo
wait
sleep 1
echo "root received: $(cat /tmp/w)"
# rings_sent: offset 0x58 of struct bh_demo_output
echo "cell sent: $(bulkhead ivshmem dump input --peer 1 -l 128 |
	awk '$1 == "00000050" { printf "%d\n", "0x" $13 $12 $11 $10 }')"
echo "== pingpong =="
# the demo beats no more: its only doorbells now are its 100 answers
e0=$(cpu_exits 1 2)
bulkhead ivshmem pingpong --peer 1 --count 100 | sed 's/^/irq: /'
e1=$(cpu_exits 1 2)
echo "cell exits for 100 answers: $((e1 - e0))"
bulkhead ivshmem pingpong --peer 1 --count 100 --poll | sed 's/^/poll: /'
echo "== stop =="
bulkhead ivshmem wait --count 1 --timeout 5000 >/tmp/w &
sleep 1
bulkhead cell shutdown ivshmem-demo >/dev/null && echo "shut down"
wait
echo "root told: $(cat /tmp/w)"
bulkhead ivshmem list | grep state:
echo "== protect =="
mark_console
bulkhead cell start ivshmem-demo
sleep 1
# peer 1's output section, then the state table
insmod $TM/bulkhead_hvpeek.ko phys=0x4ff06000 && rmmod bulkhead_hvpeek
insmod $TM/bulkhead_hvpeek.ko phys=0x4ff00000 && rmmod bulkhead_hvpeek
dmesg | grep 'hvpeek: phys 0x4ff0' | tail -n 2
new_console
echo "== three =="
mark_console
bulkhead cell create $CELLS/ivshmem-peer.yaml >/dev/null
bulkhead cell load ivshmem-peer $INM/ivshmem-demo.bin -s "beat=0"
bulkhead cell start ivshmem-peer
sleep 1
bulkhead ivshmem list | grep state: | sed 's/^/both: /'
bulkhead ivshmem wait --count 1 --timeout 5000 >/tmp/w &
sleep 1
bulkhead cell destroy ivshmem-peer >/dev/null && echo "peer destroyed"
wait
echo "root told: $(cat /tmp/w)"
bulkhead ivshmem list | grep state: | sed 's/^/gone: /'
bulkhead cell create $CELLS/ivshmem-peer.yaml >/dev/null && echo "id 2 taken again"
bulkhead cell load ivshmem-peer $INM/ivshmem-demo.bin -s "beat=0"
bulkhead cell start ivshmem-peer
sleep 1
bulkhead ivshmem list | grep state: | sed 's/^/again: /'
bulkhead cell create /tmp/attack-iv.yaml 2>&1 | sed 's/^/taken: /'
new_console
echo "== peer-fails =="
# peer 2 makes itself fail two beats (to peer 1) after it is ready
mark_console
bulkhead cell shutdown ivshmem-peer >/dev/null
bulkhead cell load ivshmem-peer $INM/ivshmem-demo.bin -s "beat=1000 count=2 target=1 fail=1"
bulkhead cell start ivshmem-peer
sleep 1
bulkhead ivshmem wait --count 1 --timeout 8000 >/tmp/w
echo "root told: $(cat /tmp/w)"
sleep 1
bulkhead cell list | grep ivshmem-peer
bulkhead ivshmem list | grep state: | sed 's/^/after failure: /'
new_console | grep -E 'failing on purpose|ivshmem-peer: write'
bulkhead cell destroy ivshmem-peer >/dev/null && echo "failed peer destroyed"
for a in ivshmem-foreign-output ivshmem-state-table ivshmem-msix-outside ivshmem-bad-doorbell pci-foreign; do
	echo "== $a =="
	mark_console
	bulkhead cell create /tmp/attack-iv.yaml >/dev/null
	bulkhead cell load attack $INM/attack.bin -s "attack=$a"
	bulkhead cell start attack
	sleep 1
	bulkhead cell list | grep attack
	new_console
	bulkhead cell destroy attack >/dev/null && echo destroyed
	echo "demo alive: $(bulkhead ivshmem pingpong --peer 1 --count 5 | grep -c 'n=5')"
done
echo "== disable =="
bulkhead cell destroy ivshmem-demo >/dev/null && echo "demo destroyed"
bulkhead disable && echo disabled
dmesg | grep -o "bulkhead: ivshmem 'demo' at 0000:00:10.0: removed"
[ -e $dev ] && echo "device present" || echo "device absent"
echo "== again =="
bulkhead enable $SYS >/dev/null && echo enabled
[ -e $dev ] && echo "device present" || echo "device absent"
ls /sys/class/uio | sed 's/^/uio: /'
bulkhead disable >/dev/null && echo disabled
rmmod uio_ivshmem && echo "uio_ivshmem unloaded"
modprobe uio_ivshmem && echo "uio_ivshmem loaded"
echo "online: $(cat /sys/devices/system/cpu/online)"
GUEST
guest "$script" --timeout 300
rc=$?
rm -f "$script"

check absent-before sec before '^device absent$'
check appears sec enable "^bulkhead: ivshmem 'demo' at 0000:00:10.0: added$"
check ids sec enable '^ids: 0x110a 0x4106 0xff0000$'
check msix-vectors sec enable '^msi-x vectors: 4$'
check root-view sec enable '^  id: +0$'
check root-sizes eval 'sec enable "max peers: +3" && sec enable "state table: +4096 bytes" && sec enable "rw section: +16384 bytes" && sec enable "output: +4096 bytes per peer"'
check state-table-ro-map sec enable 'rw: EACCES|rw: EPERM'
check cell-view sec demo 'ivshmem-demo: device 00:00.0: id 1 of 3 peers, protocol 0x0000, state table 4K, rw 16K, output 4K at 0x200000, 4 vectors$'
check cell-state-seen sec demo 'state: +0: 0 \(own\), 1: 1, 2: 0$'
check cell-to-root sec demo '^beats received: 3$'
check root-state-change-seen sec demo 'ivshmem-demo: states: '
check no-exits-receiving sec receive '^cell exits while receiving: 0$'
check root-to-cell sec receive '^cell received on vector 1: 100$'
check hundred-cell-to-root eval 'sec hundred "^root received: 100$" && sec hundred "^cell sent: 100$"'
check one-exit-per-doorbell sec pingpong '^cell exits for 100 answers: 100$'
check pingpong-irq sec pingpong '^irq: n=100, min='
check pingpong-poll sec pingpong '^poll: n=100, min='
check stop-notifies eval 'sec stop "^shut down$" && sec stop "^root told: 1$" && sec stop "state: +0: 0 \(own\), 1: 0, 2: 0$"'
check root-write-output-dropped sec protect 'hvpeek: phys 0x4ff06000 read 0x4d444842, wrote 0x5a5a5a5a at \+4, read back 0x00000001$'
check root-write-state-dropped sec protect 'hvpeek: phys 0x4ff00000 read 0x00000000, wrote 0x5a5a5a5a at \+4, read back 0x00000001$'
check root-write-logged sec protect 'write of 4 bytes at 0x4ff06004 .*refused: not the cell.s memory, dropped'
check three-peers sec three '^both: .*1: 1, 2: 1$'
check peer-gone-notified eval 'sec three "^peer destroyed$" && sec three "^root told: 1$" && sec three "^gone: .*1: 1, 2: 0$"'
check peer-id-again eval 'sec three "^id 2 taken again$" && sec three "^again: .*1: 1, 2: 1$"'
check peer-failure-notified eval 'sec peer-fails "^root told: 1$" && sec peer-fails "^[0-9]+ +ivshmem-peer +failed" && sec peer-fails "^after failure: .*1: 1, 2: 0$" && sec peer-fails "cell ivshmem-peer: write at guest-physical 0x200000 .*refused: not the cell.s memory; cell stopped and marked failed" && sec peer-fails "^failed peer destroyed$"'
check peer-id-taken sec three "^taken: .*new cell .attack.: ivshmem\[0\]\.id: 2 is also the id of cell .ivshmem-peer."

# attack_ok NAME: as attack_expected (lib.sh) has it, and the demo peer
# still answers after the attack cell is gone
attack_ok() {
	local a=$1 outcome log s
	read -r outcome log <<<"$(attack_expected "$a")"
	s=$(section "$a")
	echo "$s" | grep -q "attack: trying $a" || { echo "$a: inmate did not run"; return 1; }
	echo "$s" | grep -E -q -- "$log" || { echo "$a: no line /$log/"; return 1; }
	if [ "$outcome" = failed ]; then
		echo "$s" | grep -E -q '^[0-9]+ +attack +failed' || { echo "$a: cell not failed"; return 1; }
	else
		echo "$s" | grep -E -q '^[0-9]+ +attack +running' || { echo "$a: cell not running"; return 1; }
		echo "$s" | grep -q "attack: $a survived" || { echo "$a: did not continue"; return 1; }
	fi
	echo "$s" | grep -q '^destroyed$' || { echo "$a: destroy failed"; return 1; }
	echo "$s" | grep -q '^demo alive: 1$' || { echo "$a: demo peer no longer answers"; return 1; }
}
check attack-foreign-output attack_ok ivshmem-foreign-output
check attack-state-table attack_ok ivshmem-state-table
check attack-msix-outside attack_ok ivshmem-msix-outside
check attack-bad-doorbell attack_ok ivshmem-bad-doorbell
check attack-pci-foreign attack_ok pci-foreign
check gone-on-disable eval 'sec disable "^disabled$" && sec disable "ivshmem .demo. at 0000:00:10.0: removed$" && sec disable "^device absent$"'
check back-on-enable eval 'sec again "^device present$" && sec again "^uio: uio0$" && sec again "^disabled$"'
check uio-reload eval 'sec again "^uio_ivshmem unloaded$" && sec again "^uio_ivshmem loaded$" && sec again "^online: 0-3$"'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
