#!/usr/bin/env bash
# make demo, the project's main job, as a user runs it (scripts/demo, one
# boot): it ends with status 0; its short bench prints the six rows (idle,
# stress-vm and study; cell and Linux), each with 3 periods that passed
# the validity checks, the cell's with 0 VM exits; results.csv, results.json,
# the histograms and the HTML report come back to the host; over ivshmem
# Linux receives the inmate's heartbeats, the inmate counts Linux's 20
# doorbells, 200 ping-pongs run each way of waiting, the cell's CPU takes
# no exit while it receives interrupts, and the cell and the hypervisor
# are gone at the end. Only what the demo does is checked, not its times.
. "$(dirname "$0")/lib.sh"

out=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-demo.XXXXXX")
log=$out/stdout
BULKHEAD_DEMO_OUT=$out/run "$top/scripts/demo" >"$log" 2>&1
rc=$?
cat "$log"

has() { grep -E -q -- "$1" "$log" || { echo "demo output lacks /$1/"; return 1; }; }
status_zero() { [ "$rc" = 0 ] || { echo "scripts/demo ended with status $rc"; return 1; }; }
# The table: scenario mode n missed 4 latencies 2 exec times exits checks.
bench_rows() {
	awk '
	$1 ~ /^(idle|stress-vm|study)$/ && $2 ~ /^(cell|linux)$/ && NF == 12 {
		rows++
		bad = ($3 != 3 || $12 != "ok" || ($2 == "cell" && $11 != "0") ||
		       ($2 == "linux" && $11 != "-"))
		if (bad) { print "bad row: " $0; nbad++ }
	}
	END {
		if (rows != 6) { print rows + 0 " table rows, expected 6"; exit 1 }
		exit nbad > 0
	}' "$log"
}
result_files() {
	local d=$out/run/demo f
	for f in results.csv results.json report.html; do
		[ -s "$d/$f" ] || { echo "no $d/$f"; return 1; }
	done
	[ "$(wc -l <"$d/results.csv")" = 7 ] ||
		{ echo "results.csv has $(wc -l <"$d/results.csv") lines, expected 7"; return 1; }
	[ "$(find "$d/hist" -type f | wc -l)" -ge 6 ] ||
		{ echo "fewer than 6 histogram files in $d/hist"; return 1; }
	grep -q '^pin 2:1:fifo,main:1:fifo: pinned CPU 2' "$out/run/pinning" ||
		{ echo "pinning report: $(cat "$out/run/pinning" 2>&1)"; return 1; }
}
pingpongs() { [ "$(grep -c '^n=200, min=' "$log")" = 2 ] || { echo "not two ping-pong lines of n=200"; return 1; }; }

check demo-status status_zero
check bench-rows bench_rows
check result-files result_files
check heartbeats has "^interrupts Linux received: 3$"
check doorbells-counted has "beat [0-9]+: rings sent [0-9]+, irqs received v0 0 v1 20 v2 0$"
check pingpong pingpongs
check receive-no-exits has "^VM exits of the cell's CPU 2 while it received 20 interrupts: 0$"
check cell-destroyed has "^Destroyed cell ivshmem-demo$"
check disabled has "^Bulkhead disabled$"
rm -rf "$out"
finish
