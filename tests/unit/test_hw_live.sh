#!/usr/bin/env bash
# bulkhead hardware check and config create on the machine running the
# tests (issue 13: "on the development machine itself"), whatever it is:
# not a fixture, so the checks are of consistency, not of values. The
# check's exit status agrees with its own lines (0 exactly when no needed
# item is short), its JSON says the same as its text, and a recording of
# the machine checks the same; config create either writes a config that
# `config check` passes and whose memmap= the check then judges, or
# refuses in one line and writes nothing. Each case prints one
# cmocka-style line, which tests/run counts like the C unit tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cli="$top/build/bin/bulkhead"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-hw-live.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
problem=

verdict() {
	if [ -z "$problem" ]; then
		echo "[       OK ] $1"
	else
		echo "$1: $problem"
		echo "[  FAILED  ] $1"
		failures=$((failures + 1))
	fi
	problem=
}

[ "$(id -u)" = 0 ] || { echo "[  FAILED  ] run_as_root: the live check needs root"; exit 1; }

"$cli" hardware check >"$work/text" 2>"$work/err"
rc=$?
[ -s "$work/text" ] || problem+="no output; "
grep -Evq '^(ok|missing|warning) +[a-z0-9-]+ +.' "$work/text" &&
	problem+="a line not 'STATUS ITEM REASON': $(grep -Ev '^(ok|missing|warning) +[a-z0-9-]+ +.' "$work/text" | head -n 1); "
[ "$rc" = 0 ] || [ "$rc" = 1 ] || problem+="exit $rc; "
verdict check_runs

"$cli" hardware check --json >"$work/json" 2>/dev/null
jrc=$?
[ "$jrc" = "$rc" ] || problem+="--json exit $jrc, text $rc; "
# one item per line in the JSON: {"name": N, "status": S, "needed": B, ...}
sed -n 's/^ *{"name": "\([^"]*\)", "status": "\([a-z]*\)", "needed": \([a-z]*\),.*/\2 \1 \3/p' \
	"$work/json" >"$work/jitems"
awk '{ print $1, $2 }' "$work/jitems" | cmp -s - <(awk '{ print $1, $2 }' "$work/text") ||
	problem+="items differ from the text's; "
ready=$(sed -n 's/^ *"ready": \([a-z]*\),$/\1/p' "$work/json")
short_needed=$(awk '$3 == "true" && $1 != "ok"' "$work/jitems" | wc -l)
{ [ "$ready" = true ] && [ "$short_needed" = 0 ] && [ "$rc" = 0 ]; } ||
	{ [ "$ready" = false ] && [ "$short_needed" -gt 0 ] && [ "$rc" = 1 ]; } ||
	problem+="ready '$ready', $short_needed needed items short, exit $rc; "
verdict json_agrees

if [ "$rc" = 1 ]; then
	grep -q '^bulkhead: not ready for Bulkhead: needed but not ok: ' "$work/err" ||
		problem+="exit 1 without the summary line (stderr: $(cat "$work/err")); "
else
	[ ! -s "$work/err" ] || problem+="ready but stderr: $(cat "$work/err"); "
fi
verdict status_explained

"$cli" hardware record "$work/rec" >/dev/null 2>&1 || problem+="record failed; "
"$cli" hardware check --from "$work/rec" >"$work/rec-text" 2>/dev/null
[ $? = "$rc" ] || problem+="recording's exit differs; "
# the source is named in no line, so the texts must be equal
cmp -s "$work/text" "$work/rec-text" || problem+="recording checks differently: $(diff "$work/text" "$work/rec-text" | head -n 4 | tr '\n' ' '); "
verdict recording_checks_the_same

"$cli" config create -o "$work/sys.yaml" >"$work/cout" 2>"$work/cerr"
crc=$?
if [ "$crc" = 0 ]; then
	"$cli" config check "$work/sys.yaml" >/dev/null 2>"$work/chk" ||
		problem+="generated config refused: $(cat "$work/chk"); "
	m=$("$cli" config memmap "$work/sys.yaml" 2>/dev/null)
	grep -qF "memmap=$m" "$work/sys.yaml" || problem+="config's comment lacks memmap=$m; "
	grep -qF "$m" "$work/cout" || problem+="memmap=$m not printed; "
	# the check judges that reservation: ok if booted with it, else not
	"$cli" hardware check --config "$work/sys.yaml" >"$work/ctext" 2>/dev/null
	if grep -q "memmap=$m" /proc/cmdline; then
		grep -q '^ok +memmap ' "$work/ctext" || problem+="booted with memmap=$m but: $(grep memmap "$work/ctext"); "
	else
		grep -Eq '^(missing|warning) +memmap ' "$work/ctext" || problem+="not booted with memmap=$m but: $(grep memmap "$work/ctext"); "
	fi
else
	[ ! -e "$work/sys.yaml" ] || problem+="refused (exit $crc) but wrote the file; "
	[ "$(wc -l <"$work/cerr")" = 1 ] || problem+="refused without one line: $(cat "$work/cerr"); "
fi
verdict create_consistent

[ "$failures" = 0 ]
