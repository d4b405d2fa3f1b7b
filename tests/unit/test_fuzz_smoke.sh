#!/usr/bin/env bash
# The fuzzers' short run for make test: each harness (build/fuzz/fuzz_*,
# built by make test or make fuzz-build) replays its seed corpus and its
# regression inputs once, then fuzzes for FUZZ_SMOKE_SECONDS (5) from the
# seeds. Prints one cmocka-style line per check, which tests/run counts
# like the C unit tests. The long runs are make fuzz (docs/testing.md).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SMOKE_SECONDS:-5}
# Kept after a failure, to reproduce it with the harness.
artifacts="$top/build/fuzz/smoke-artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-fuzz-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

verdict() {
	local name=$1 rc=$2 log=$3
	if [ "$rc" = 0 ]; then
		echo "[       OK ] $name"
	else
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|missing|tests/fuzz/fuzz_' "$log" |
			head -n 10
		echo "[  FAILED  ] $name"
		failures=$((failures + 1))
	fi
}

for src in "$top"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	bin="$top/build/fuzz/fuzz_$t"
	log="$work/$t.log"
	mkdir -p "$artifacts/$t" "$work/corpus-$t"
	if [ ! -x "$bin" ]; then
		echo "$bin missing: run make fuzz-build" >"$log"
		verdict "replay_$t" 1 "$log"
		verdict "fuzz_$t" 1 "$log"
		continue
	fi

	mapfile -t inputs < <(find "$top/tests/fuzz/corpus/$t" \
		"$top/tests/fuzz/regress/$t" -type f ! -name README 2>/dev/null | sort)
	if [ "${#inputs[@]}" = 0 ]; then
		echo "no corpus or regression inputs for $t" >"$log"
		rc=1
	else
		"$bin" -timeout=10 "${inputs[@]}" >"$log" 2>&1
		rc=$?
	fi
	verdict "replay_$t" "$rc" "$log"

	dict=()
	[ -e "$top/tests/fuzz/$t.dict" ] && dict=(-dict="$top/tests/fuzz/$t.dict")
	"$bin" -max_total_time="$seconds" -timeout=10 "${dict[@]}" \
		-artifact_prefix="$artifacts/$t/" "$work/corpus-$t" \
		"$top/tests/fuzz/corpus/$t" >"$log" 2>&1
	verdict "fuzz_$t" $? "$log"
done

[ "$failures" = 0 ]
