# The bench's short run of system/180, shared with vmx/230: two scenarios
# (idle and a load, stress-cpu unless said) in all three modes,
# count-set-bits over 64 KiB every 20 ms for 2 s after 1 s of warm-up, and
# the checks of what it wrote; also 180's `bench verify`, its run with a
# polling cell and its interrupted run.

# bench_verify_guest: every workload in the cell against the host's
# (section verify); the guest's $BENCH_VERIFY_OPTS go to bench verify.
bench_verify_guest() {
	cat <<'GUEST'
echo "== verify =="
bulkhead bench verify $BENCH_VERIFY_OPTS 2>&1
echo "verify rc=$?"
GUEST
}

bench_verify_checks() {
	verify_all() {
		local n
		n=$(section verify | grep -c '^verify: .* bytes: ok ')
		[ "$n" -ge 21 ] && sec verify "^verify: $n of $n cases ok$" &&
			! section verify | grep -q MISMATCH && sec verify '^verify rc=0$'
	}
	check workload-results-equal-host verify_all
	check sha3-fips202-abc sec verify '^verify: sha3-512 +- +text +3 bytes: ok b751850b1a57168a5693cd924b6b096e.* \(FIPS 202 example\)$'
	check sha3-fips202-a3x200 sec verify '^verify: sha3-512 +- +constant +200 bytes: ok e76dfad22084a8b1467fcf2ffa58361b.* \(FIPS 202 example\)$'
	check random-access-40MiB sec verify '^verify: random-access +- +lcg +41943040 bytes: ok '
	count_bits_methods() {
		[ "$(section verify | grep -c '^verify: count-set-bits \(table\|shift\|mask\) .* 1048576 bytes: ok ')" = 3 ]
	}
	check count-bits-three-methods count_bits_methods
}

# bench_poll_guest: a cell that polls between periods, idle, 2 s of 5 ms
# (section poll); the guest's $BENCH_POLL_OPTS go to bench run.
bench_poll_guest() {
	cat <<'GUEST'
echo "== poll =="
bulkhead bench run $BENCH_POLL_OPTS --scenarios idle --modes cell --wait poll \
	--period 5ms --duration 2s --warmup 0s --out /tmp/p >/dev/null 2>&1
echo "poll rc=$?"
grep '^idle,cell,' /tmp/p/results.csv
GUEST
}

# bench_poll_checks: the polling cell's CPU took no exit in its window
bench_poll_checks() {
	check cell-no-exits-poll sec poll '^idle,cell,on,none,table,0,5000,poll,[0-9]+,[0-9]+,[0-9]+,([^,]*,){16}0,none,0,0,[0-9.]+,-,ok,,'
	check poll-exit-status sec poll '^poll rc=0$'
}

# bench_run_guest: the guest's part, for guest_script; the guest's
# $BENCH_RUN_OPTS (e.g. --system FILE) goes to bench run, $BENCH_RUN_LOAD
# names the load (stress-cpu) and $BENCH_RUN_METRIC its stress-ng metrics'
# stressor (cpu). Sections run, interference, files, csv, json and totals.
bench_run_guest() {
	cat <<'GUEST'
echo "== run =="
load=${BENCH_RUN_LOAD:-stress-cpu}
bulkhead bench run $BENCH_RUN_OPTS --scenarios idle,$load --workload count-set-bits \
	--size 64K --period 20ms --duration 2s --warmup 1s --out /tmp/r 2>&1
echo "run rc=$?"
echo "== interference =="
ls -1 /tmp/r/interference
grep -h "metrc:.* ${BENCH_RUN_METRIC:-cpu} " /tmp/r/interference/$load.*.log
echo "== files =="
(cd /tmp/r && ls -1 run.txt results.csv results.json hist/*)
echo "== csv =="
cat /tmp/r/results.csv
echo "== json =="
cat /tmp/r/results.json
echo "== totals =="
# per histogram: Total and Overflows, added up on the host (zero-padded)
for f in /tmp/r/hist/*.lat; do
	echo "$(basename $f) $(grep '^# Total:' $f | cut -d' ' -f3) $(grep '^# Histogram Overflows:' $f | cut -d' ' -f4)"
done
GUEST
}

# bench_run_checks LABEL [LOAD METRIC]: the files, rows, histograms and
# JSON of bench_run_guest's run consistent, the cell's CPU without exits,
# LABEL (the platform's, e.g. "emulated (QEMU)") on every row and in the
# JSON; LOAD and METRIC as the guest's BENCH_RUN_LOAD and _METRIC.
bench_run_checks() {
	local load=${2:-stress-cpu} metric=${3:-cpu}
	check run-exit-status sec run '^run rc=0$'
	files_ok() {
		local f
		for f in run.txt results.csv results.json hist/idle.cell.lat \
			hist/idle.cell.exec hist/idle.linux.lat hist/idle.linux.exec \
			hist/idle.cyclictest.lat hist/$load.cell.lat \
			hist/$load.cell.exec hist/$load.linux.lat \
			hist/$load.linux.exec hist/$load.cyclictest.lat; do
			section files | grep -q -x -- "$f" || {
				echo "missing $f"
				return 1
			}
		done
	}
	check run-files files_ok
	# Columns (docs/bench.md): 0 scenario, 1 mode, 8 periods, 9 n, 10 missed,
	# 27 exits, 28 regulation, 29 regulated, 30 reg_refused, 31
	# root_exits_per_s, 32 root_bogo_ops_per_s, 33 result, 34 problems, 35
	# platform; only the last two can be quoted, so splitting at every comma
	# is right up to them.
	rows_consistent() {
		local line f rows=0
		while IFS= read -r line; do
			IFS=, read -r -a f <<<"$line"
			[ "${f[0]}" = scenario ] && continue
			rows=$((rows + 1))
			if [ $((f[9] + f[10])) != "${f[8]}" ]; then
				echo "${f[0]}/${f[1]}: n ${f[9]} + missed ${f[10]} != periods ${f[8]}"
				return 1
			fi
			if [ "${f[8]}" -lt 99 ] || [ "${f[8]}" -gt 101 ]; then
				echo "${f[0]}/${f[1]}: ${f[8]} periods in 2 s of 20 ms"
				return 1
			fi
			if [ -n "${f[34]}" ]; then
				echo "${f[0]}/${f[1]}: problems: ${f[34]}"
				return 1
			fi
			case ${f[1]} in
			cyclictest) [ "${f[33]}" = n/a ] || return 1 ;;
			*) [ "${f[33]}" = ok ] || { echo "${f[0]}/${f[1]}: result ${f[33]}"; return 1; } ;;
			esac
			# stress-ng's throughput beside every loaded row, none idle
			case ${f[0]} in
			"$load") [[ ${f[32]} =~ ^[0-9]+\.[0-9]+$ ]] && awk -v v="${f[32]}" 'BEGIN { exit !(v > 0) }' ||
				{ echo "${f[0]}/${f[1]}: root_bogo_ops_per_s '${f[32]}'"; return 1; } ;;
			idle) [ "${f[32]}" = - ] || { echo "idle/${f[1]}: root_bogo_ops_per_s '${f[32]}'"; return 1; } ;;
			esac
		done < <(section csv)
		[ "$rows" = 6 ]
	}
	check run-rows-consistent rows_consistent
	# the interference's output kept per scenario and phase; stress-ng's
	# metrics in it, one line of its stressor per phase
	check interference-logs sec interference "^$load\\.cell\\.log\$"
	metrics_lines() { [ "$(section interference | grep -c "metrc:.* $metric ")" = 2 ]; }
	check interference-metrics metrics_lines
	cell_exit_free() {
		[ "$(section csv | grep -c -E '^[a-z-]+,cell,on,count-set-bits,table,65536,20000,hlt,[0-9]+,[0-9]+,[0-9]+,([^,]*,){16}0,none,0,0,[0-9.]+,[-0-9.]+,ok,')" = 2 ]
	}
	check cell-no-exits-hlt cell_exit_free
	hist_sums() {
		local name total over n line ok=0
		while read -r name total over; do
			line=$(section csv | grep "^${name%%.*},$(echo "$name" | cut -d. -f2),")
			n=$(echo "$line" | cut -d, -f10)
			if [ $((10#$total + 10#$over)) != "$n" ]; then
				echo "$name: total $total + overflows $over != n $n"
				return 1
			fi
			ok=$((ok + 1))
		done < <(section totals)
		[ "$ok" = 6 ]
	}
	check histogram-sums-equal-n hist_sums
	json_ok() {
		sec json '"schema": "bulkhead-bench",' && sec json '"version": 3,' &&
			[ "$(section json | grep -c '"scenario": ')" = 6 ] &&
			sec json "\"label\": \"$(echo "$1" | sed 's/[()]/\\&/g')"
	}
	check run-json json_ok "$1"
	label_rows() { [ "$(section csv | grep -c -F -- "$1")" = 6 ]; }
	check platform-label-on-every-row label_rows "$1"
}

# bench_interrupt_guest: SIGINT to a cell-mode run under the guest's
# $BENCH_INT_LOAD (stress-cpu unless set) 3 s into its window, the
# guest's $BENCH_INT_OPTS to bench run (section interrupt); await_step
# is the prelude's
bench_interrupt_guest() {
	cat <<'GUEST'
echo "== interrupt =="
load=${BENCH_INT_LOAD:-stress-cpu}
bulkhead bench run $BENCH_INT_OPTS --scenarios $load --modes cell \
	--duration 60s --warmup 1s --out /tmp/i >/tmp/i.log 2>&1 &
pid=$!
# measuring once the cell's window has begun
await_step /tmp/i.log "\[1/1\] $load, cell" 60
sleep 3
kill -INT $pid
wait $pid
echo "interrupt rc=$?"
echo "stress-ng left: $(ps -o comm | grep -c '^stress-ng')"
echo "enabled: $(cat /sys/devices/bulkhead/enabled)"
echo "cells left: $(bulkhead cell list 2>/dev/null | grep -c -v -E '^ID|^0 +root ')"
grep "^$load,cell," /tmp/i/results.csv
tail -n 3 /tmp/i.log
GUEST
}

# bench_interrupt_checks LOAD ENABLED: the interrupted run's status 130,
# no stress-ng and no cell left, the hypervisor as it was before the run
# (ENABLED: 1, or 0 if the bench enabled it), the partial row kept and
# marked
bench_interrupt_checks() {
	check interrupt-status sec interrupt '^interrupt rc=130$'
	check interrupt-no-stress-ng sec interrupt '^stress-ng left: 0$'
	check interrupt-no-cell sec interrupt '^cells left: 0$'
	check interrupt-hypervisor-as-before sec interrupt "^enabled: $2\$"
	check interrupt-partial-results sec interrupt "^$1,cell,on,.*,incomplete window,"
}
