#!/usr/bin/env bash
# The root's section tools against a running cell (docs/cli.md#ivshmem),
# one boot: `bulkhead ivshmem fill` of the root's output section is what
# the ivshmem-demo cell sees there, `send` puts a file's bytes into the R/W
# section as the cell checks them (same length and CRC-32 as gzip's),
# `recv` gets the message the cell wrote into its output section, `dump`
# shows the bytes each of these put there. The demo runs with msg=1 and
# reports on a ring on vector 3 (BH_DEMO_VEC_CHECK), ringing back when done.
. "$(dirname "$0")/lib.sh"

script=$(mktemp)
guest_script "$script" <<'GUEST'
# ring the demo (peer 1) on vector 3 and wait for its answer
ask_check() {
	bulkhead ivshmem wait --count 1 --timeout 5000 >/tmp/w &
	sleep 1
	bulkhead ivshmem ring 1 3
	wait
	echo "answered: $(cat /tmp/w)"
}
# the hex bytes of a dump's first line, space-separated
dump_hex() { awk 'NR == 1 { for (i = 2; i <= 17; i++) printf "%s%s", $i, i < 17 ? " " : "\n" }'; }
# a CRC-32 as gzip computes it: its trailer's first four bytes
gzip_crc() { gzip -c "$1" | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' \n'; }
echo "== setup =="
bulkhead enable $SYS && echo enabled
bulkhead cell create $CELLS/ivshmem-demo.yaml >/dev/null
bulkhead cell load ivshmem-demo $INM/ivshmem-demo.bin -s "beat=0 msg=1"
bulkhead cell start ivshmem-demo && echo started
sleep 1
bulkhead ivshmem list | grep state:
echo "== fill =="
mark_console
bulkhead ivshmem fill output 0x5a && echo "filled"
ask_check
bulkhead ivshmem fill output 0xa5 --length 100 && echo "filled 100"
ask_check
new_console
echo "== dump =="
bulkhead ivshmem dump output | sed 's/^/output: /'
bulkhead ivshmem dump output >/tmp/own
bulkhead ivshmem dump input --peer 0 >/tmp/peer0
cmp /tmp/own /tmp/peer0 && echo "input --peer 0 is the output section"
bulkhead ivshmem dump state -l 16 | sed 's/^/state: /'
echo "== send =="
head -c 5000 /dev/urandom >/tmp/f
bulkhead ivshmem send /tmp/f
echo "gzip crc32: 0x$(gzip_crc /tmp/f)"
mark_console
ask_check
new_console
crc=$(gzip_crc /tmp/f)
echo "dump rw: $(bulkhead ivshmem dump rw -l 16 | dump_hex)"
echo "expected: 88 13 00 00 $(echo $crc | sed 's/\(..\)\(..\)\(..\)\(..\)/\4 \3 \2 \1/') $(od -An -tx1 -N8 /tmp/f | tr -s ' ' | sed 's/^ //; s/ $//')"
echo "== recv =="
bulkhead ivshmem recv 1 /tmp/r
sed 's/^/msg: /' /tmp/r
echo "file crc32: 0x$(gzip_crc /tmp/r), $(wc -c </tmp/r) bytes"
echo "dump input: $(bulkhead ivshmem dump input --peer 1 -l 16 | dump_hex)"
bulkhead ivshmem recv 1 - | cmp - /tmp/r && echo "recv to stdout: the same"
echo "== damaged =="
# the message's length set to 0 under its checksum
mark_console
bulkhead ivshmem fill rw 0 --length 4 && echo "length cleared"
ask_check
new_console
echo "== done =="
bulkhead cell shutdown ivshmem-demo >/dev/null && echo "shut down"
bulkhead cell destroy ivshmem-demo >/dev/null && echo destroyed
bulkhead disable && echo disabled
GUEST
guest "$script" --timeout 300
rc=$?
rm -f "$script"

check started sec setup 'state: +0: 0 \(own\), 1: 1, 2: 0$'
check checks-answered eval '[ "$(section fill | grep -c "^answered: 1$")" = 2 ] && sec send "^answered: 1$"'
check fill-seen sec fill 'ivshmem-demo: check 1: peer 0 output: 4096 bytes, first 0x5a, last 0x5a, 4096 equal to the first$'
check fill-length-seen sec fill 'ivshmem-demo: check 2: peer 0 output: 4096 bytes, first 0xa5, last 0x5a, 100 equal to the first$'

dump_ok() {
	local want got
	want=$(printf '%s\n' \
		'output: 00000000  a5 a5 a5 a5 a5 a5 a5 a5  a5 a5 a5 a5 a5 a5 a5 a5  |................|' \
		'output: *' \
		'output: 00000060  a5 a5 a5 a5 5a 5a 5a 5a  5a 5a 5a 5a 5a 5a 5a 5a  |....ZZZZZZZZZZZZ|' \
		'output: 00000070  5a 5a 5a 5a 5a 5a 5a 5a  5a 5a 5a 5a 5a 5a 5a 5a  |ZZZZZZZZZZZZZZZZ|' \
		'output: *' \
		'output: 00001000')
	got=$(section dump | grep '^output: ')
	[ "$got" = "$want" ] || { printf 'dump output was:\n%s\n' "$got"; return 1; }
	sec dump '^input --peer 0 is the output section$'
}
check dump-output dump_ok
check dump-state sec dump '^state: 00000000  00 00 00 00 01 00 00 00  00 00 00 00 00 00 00 00  \|\.{16}\|$'

# the CRC-32 that send printed, gzip computed and the cell found
send_ok() {
	local crc
	crc=$(section send | sed -n 's/^sent 5000 bytes (crc32 \(0x[0-9a-f]\{8\}\))$/\1/p')
	[ -n "$crc" ] || { echo "no 'sent 5000 bytes' line"; return 1; }
	sec send "^gzip crc32: $crc$" &&
		sec send "ivshmem-demo: check 3: rw: message of 5000 bytes, crc32 $crc, intact$"
}
check send-seen-by-cell send_ok
check dump-rw eval '[ "$(section send | sed -n "s/^dump rw: //p")" = "$(section send | sed -n "s/^expected: //p")" ] && sec send "^dump rw: 88 13 00 00 "'

# the message the cell says it wrote (check 3), as recv got it
recv_ok() {
	local line len crc msg
	line=$(section send | grep -E 'ivshmem-demo: check 3: wrote a message of [0-9]+ bytes, crc32 0x[0-9a-f]{8}$')
	[ -n "$line" ] || { echo "the cell wrote no message"; return 1; }
	len=$(echo "$line" | sed 's/.* of \([0-9]*\) bytes.*/\1/')
	crc=$(echo "$line" | sed 's/.*crc32 \(0x[0-9a-f]*\)$/\1/')
	sec recv "^received $len bytes \(crc32 $crc\)$" &&
		sec recv "^file crc32: $crc, $len bytes$" &&
		sec recv '^recv to stdout: the same$' || return 1
	# its text: the two lines the cell printed for check 3
	msg=$(section recv | sed -n 's/^msg: //p')
	[ "$msg" = "$(section send | sed -n 's/.*ivshmem-demo: \(check 3: \(rw\|peer\)\)/\1/p')" ] ||
		{ printf 'message was:\n%s\n' "$msg"; return 1; }
	# the header in the dump: length and CRC, little-endian
	local hex
	hex=$(printf '%02x %02x %02x %02x' $((len & 255)) $((len >> 8 & 255)) $((len >> 16 & 255)) $((len >> 24)))
	hex="$hex $(echo "${crc#0x}" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4 \3 \2 \1/')"
	sec recv "^dump input: $hex 63 68 65 63 6b 20 33 3a$"
}
check recv-cell-message recv_ok
# the checksum still the file's, as send printed it
damaged_ok() {
	local crc
	crc=$(section send | sed -n 's/^sent 5000 bytes (crc32 \(0x[0-9a-f]\{8\}\))$/\1/p')
	sec damaged "^length cleared$" &&
		sec damaged "ivshmem-demo: check 4: rw: message of 0 bytes, crc32 0x00000000, but the header says ${crc:-none}$"
}
check damaged-message-seen damaged_ok
check clean eval 'sec done "^destroyed$" && sec done "^disabled$"'
[ "$rc" = 0 ] || echo "guest script exited with $rc"
finish
