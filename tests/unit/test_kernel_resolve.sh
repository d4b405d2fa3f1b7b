#!/usr/bin/env bash
# Unit test of scripts/kernel-resolve on recorded apt archive answers
# (tests/unit/fixtures/apt). Prints one cmocka-style line per case, which
# tests/run counts like the C unit tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
fix="$top/tests/unit/fixtures/apt"
day="$fix/2026-11-29"
export BULKHEAD_APT_CACHE="$fix/apt-cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-kernel-resolve.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

# resolve OVERLAY ARGS...: run the resolver against the day's records with
# OVERLAY (a fixture directory name, or "-" for none) on top. Output in
# $work/out, messages in $work/err, exit status in $rc.
resolve() {
	local overlay=$1
	shift
	if [ "$overlay" = - ]; then
		export FAKE_APT_DIRS="$day"
	else
		export FAKE_APT_DIRS="$fix/$overlay:$day"
	fi
	"$top/scripts/kernel-resolve" "$@" >"$work/out" 2>"$work/err"
	rc=$?
}

problem=
# has KEY=VALUE: the lock printed has this line.
has() {
	grep -qxF -- "$1" "$work/out" || problem+="lock lacks '$1'; "
}
lacks_key() {
	! grep -q "^$1=" "$work/out" || problem+="lock has $1; "
}
said() {
	grep -qF -- "$1" "$work/err" || problem+="message lacks '$1' (said: $(cat "$work/err")); "
}
quiet() {
	[ ! -s "$work/err" ] || problem+="unexpected message: $(cat "$work/err"); "
}
status() {
	[ "$rc" = "$1" ] || problem+="exit status $rc, expected $1; "
}

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

# The day's stock 6.1: everything from the metapackages' current version.
resolve - 6.1 amd64
status 0
quiet
has KERNEL_RELEASE=6.1.0-57-amd64
has KERNEL_ABI=6.1.0-57
has KERNEL_PKG_IMAGE=linux-image-6.1.0-57-amd64=6.1.192-3
has KERNEL_PKG_HEADERS=linux-headers-6.1.0-57-amd64=6.1.192-3
has KERNEL_PKG_COMMON=linux-headers-6.1.0-57-common=6.1.192-3
has KERNEL_PKG_KBUILD=linux-kbuild-6.1=6.1.192-3
has KERNEL_HEADERS_DIR=usr/src/linux-headers-6.1.0-57-amd64
has KERNEL_COMMON_DIR=usr/src/linux-headers-6.1.0-57-common
has KERNEL_CC=gcc-12
cp "$work/out" "$work/lock-57"
verdict stock_6_1_today

# 6.12 comes from backports' version of the same metapackages, kbuild named
# by ABI without a version constraint.
resolve - 6.12 amd64
status 0
has KERNEL_RELEASE=6.12.95+deb12-amd64
has KERNEL_PKG_IMAGE=linux-image-6.12.95+deb12-amd64=6.12.95-1~bpo12+1
has KERNEL_PKG_COMMON=linux-headers-6.12.95+deb12-common=6.12.95-1~bpo12+1
has KERNEL_PKG_KBUILD=linux-kbuild-6.12.95+deb12=6.12.95-1~bpo12+1
has KERNEL_CC=gcc-12
verdict stock_6_12_from_backports

# PREEMPT_RT: only the image is needed.
resolve - 6.1 rt-amd64
status 0
has KERNEL_RELEASE=6.1.0-57-rt-amd64
has KERNEL_PKG_IMAGE=linux-image-6.1.0-57-rt-amd64=6.1.192-3
lacks_key KERNEL_PKG_HEADERS
lacks_key KERNEL_PKG_KBUILD
verdict rt_image_only

# The failure the pinned setup met: image and headers at 6.1.192-2, kbuild
# only at -3. kbuild comes from the headers' Depends (>= 6.1.192-2).
resolve issue-day 6.1 amd64
status 0
has KERNEL_RELEASE=6.1.0-56-amd64
has KERNEL_PKG_IMAGE=linux-image-6.1.0-56-amd64=6.1.192-2
has KERNEL_PKG_HEADERS=linux-headers-6.1.0-56-amd64=6.1.192-2
has KERNEL_PKG_KBUILD=linux-kbuild-6.1=6.1.192-3
cp "$work/out" "$work/lock-56"
verdict kbuild_newer_than_image

# A lock whose packages are all still served is kept as it is.
resolve - 6.1 amd64 "$work/lock-56"
status 0
quiet
cmp -s "$work/out" "$work/lock-56" || problem+="lock not kept; "
verdict lock_kept_while_served

# The old pin: kbuild at -2 is gone, so the lock is dropped for today's
# stock kernel, in one line naming what vanished.
sed 's/^KERNEL_PKG_KBUILD=.*/KERNEL_PKG_KBUILD=linux-kbuild-6.1=6.1.192-2/' \
	"$work/lock-56" >"$work/lock-old-pin"
resolve - 6.1 amd64 "$work/lock-old-pin"
status 0
has KERNEL_RELEASE=6.1.0-57-amd64
said "linux-kbuild-6.1=6.1.192-2 no longer in the archive"
said "using the current stock kernel 6.1.0-57-amd64"
[ "$(wc -l <"$work/err")" = 1 ] || problem+="more than one line said; "
verdict lock_with_vanished_package_falls_back

# A whole ABI that vanished from the archive.
sed -e 's/6\.1\.0-57/6.1.0-55/g' -e 's/6\.1\.192-3/6.1.190-1/g' \
	"$work/lock-57" >"$work/lock-55"
resolve - 6.1 amd64 "$work/lock-55"
status 0
has KERNEL_RELEASE=6.1.0-57-amd64
said "6.1.0-55-amd64 (linux-image-6.1.0-55-amd64=6.1.190-1 no longer in the archive)"
verdict lock_with_vanished_abi_falls_back

# A lock of another series is not a preference for this one.
resolve - 6.12 amd64 "$work/lock-57"
status 0
quiet
has KERNEL_RELEASE=6.12.95+deb12-amd64
verdict lock_of_other_series_ignored

# Metapackages caught mid-update: the newest version both carry wins.
resolve headers-lag 6.1 amd64
status 0
has KERNEL_RELEASE=6.1.0-56-amd64
has KERNEL_META=linux-image-amd64=6.1.192-2
verdict metapackages_agree_on_version

resolve kbuild-missing 6.1 amd64
status 1
said "linux-headers-6.1.0-57-amd64=6.1.192-3 needs linux-kbuild-6.1 (>= 6.1.192-3)"
said "6.1.176-1"
verdict kbuild_missing_names_need

resolve no-backports 6.12 amd64
status 1
said "no linux-image-amd64 (or linux-image-6.12-amd64) of series 6.12"
said "bookworm-backports"
verdict series_absent_refused

resolve series-meta 6.12 amd64
status 0
has KERNEL_RELEASE=6.12.117+deb12-amd64
has KERNEL_META=linux-image-6.12-amd64=6.12.117-1~deb12u1
has KERNEL_PKG_KBUILD=linux-kbuild-6.12.117+deb12=6.12.117-1~deb12u1
verdict series_metapackage_fallback

resolve image-missing 6.1 amd64
status 1
said "linux-image-6.1.0-57-amd64=6.1.192-3, which the archive does not have"
verdict image_missing_named

resolve - 6 amd64
status 1
said "series '6' is not like 6.1"
verdict bad_series_refused

[ "$failures" = 0 ]
