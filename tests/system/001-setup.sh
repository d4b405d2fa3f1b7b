#!/usr/bin/env bash
# scripts/setup's kernel handling on the host, without booting: an unknown
# series is refused with the supported list; a download the archive cannot
# serve (here: no network) names package, version and reason and leaves
# nothing behind; a lock naming a kernel the archive dropped is resolved
# again in one line; a lock whose kernel is not unpacked is fetched again;
# a complete kernel is not fetched at all. It uses the PREEMPT_RT build of
# the series (the smallest download) in a scratch kernel directory.
. "$(dirname "$0")/lib.sh"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-setup-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
out="$scratch/out"
rt="$KERNEL_SERIES-rt"
kdir="$scratch/kernel/$rt"

# setup_run ARGS...: scripts/setup on the scratch kernel directory; output in
# $out, status in $rc.
setup_run() {
	BULKHEAD_KERNEL_DIR="$scratch/kernel" "$top/scripts/setup" "$@" >"$out" 2>&1
	rc=$?
	sed 's/^/    /' "$out"
}
said() {
	grep -E -q -- "$1" "$out" || { echo "output lacks /$1/"; return 1; }
}
status() {
	[ "$rc" = "$1" ] || { echo "status $rc, expected $1"; return 1; }
}

unknown_series() {
	setup_run --kernel 5.10
	status 2 && said "^setup: unknown kernel '5.10'; supported: 6.1, 6.12" &&
		[ "$(wc -l <"$out")" = 1 ] || return 1
	make -s -C "$top" setup KERNEL=4.19 >"$out" 2>&1 && return 1
	said "unknown kernel '4.19'; supported: 6.1, 6.12" || return 1
	echo true >"$scratch/script"
	"$qemu_run" --kernel 6.99 --script "$scratch/script" >"$out" 2>&1
	rc=$?
	status 2 && said "^qemu-run: unknown kernel '6.99'; supported: 6.1, 6.12"
}
check unknown-series unknown_series

no_network() {
	http_proxy=http://127.0.0.1:9 setup_run --kernel "$rt"
	status 1 || return 1
	said "^setup: download of linux-image-[^ ]*-rt-amd64=[^ ]+ failed: .*(connect|resolve)" ||
		return 1
	[ -z "$(ls -A "$scratch/kernel" 2>/dev/null)" ] ||
		{ echo "left behind: $(ls -A "$scratch/kernel")"; return 1; }
}
check download-refused-leaves-nothing no_network

# A lock from an earlier day: the archive's current choice with an ABI that
# no longer exists.
"$top/scripts/kernel-resolve" "$KERNEL_SERIES" rt-amd64 >"$scratch/lock" ||
	fail "cannot resolve the $rt kernel from the archive"
abi=$(sed -n 's/^KERNEL_ABI=//p' "$scratch/lock")
current=$(sed -n 's/^KERNEL_RELEASE=//p' "$scratch/lock")
# As regular expressions: releases like 6.12.95+deb12-rt-amd64 have '+'.
current_re=$(sed 's/[.+]/\\&/g' <<<"$current")
series_re=$(sed 's/[.+]/\\&/g' <<<"$KERNEL_SERIES")

vanished_lock() {
	mkdir -p "$kdir"
	sed "s/$abi/${KERNEL_SERIES}.0-1/g" "$scratch/lock" >"$kdir/kernel.lock"
	setup_run --kernel "$rt"
	status 0 || return 1
	said "^kernel-resolve: ${series_re}\.0-1-rt-amd64 \(linux-image-${series_re}\.0-1-rt-amd64=[^ ]+ no longer in the archive\); using the current stock kernel $current_re" ||
		return 1
	[ "$(grep -c 'no longer' "$out")" = 1 ] || return 1
	cmp "$scratch/lock" "$kdir/kernel.lock" &&
		[ -f "$kdir/root/boot/vmlinuz-$current" ] &&
		[ ! -e "$kdir.partial" ]
}
check vanished-lock-resolved-again vanished_lock

not_unpacked() {
	rm -rf "$kdir/root"
	setup_run --kernel "$rt"
	status 0 && said "^setup: downloading linux-image-$current_re=" || return 1
	! said "no longer" >/dev/null &&
		cmp "$scratch/lock" "$kdir/kernel.lock" &&
		[ -f "$kdir/root/boot/vmlinuz-$current" ]
}
check lock-not-unpacked-fetched-again not_unpacked

complete_is_kept() {
	setup_run --kernel "$rt"
	status 0 && ! said downloading >/dev/null && [ ! -s "$out" ]
}
check complete-kernel-not-fetched complete_is_kept

finish
