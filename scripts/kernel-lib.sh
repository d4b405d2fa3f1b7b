# Which kernel a build or a boot uses, and where it lives. Sourced by
# scripts/setup, scripts/build-modules, image/build-initramfs, image/qemu-run
# and the system tests, so every one of them reads the same lock file.
#
# A kernel is named by its series and flavour: "6.1" or "6.12" (Debian's
# amd64 flavour), "6.1-rt" (its PREEMPT_RT build). Its files are in
# build/kernel/NAME: kernel.lock, what scripts/kernel-resolve chose, and
# root/, the unpacked packages. Images built for it are in build/image-NAME.
# shellcheck shell=bash

kernel_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/platform.env
. "$kernel_top/scripts/platform.env"

# kernel_parse NAME: set kernel_series, kernel_flavour and kernel_name from
# "SERIES", "SERIES-rt", "rt" (the default series' RT build) or "" (the
# default); refuse a series that is not supported, listing those that are.
kernel_parse() {
	local name=${1:-${BULKHEAD_KERNEL:-}} s
	[ -n "$name" ] || name=$KERNEL_DEFAULT
	[ "$name" = rt ] && name="${BULKHEAD_KERNEL:-$KERNEL_DEFAULT}-rt"
	kernel_series=${name%-rt}
	kernel_flavour=amd64
	[ "$kernel_series" = "$name" ] || kernel_flavour=rt-amd64
	for s in ${KERNEL_SUPPORTED//,/ }; do
		if [ "$s" = "$kernel_series" ]; then
			kernel_name=$name
			return 0
		fi
	done
	kernel_error="unknown kernel '$name'; supported: ${KERNEL_SUPPORTED//,/, } (add -rt for the PREEMPT_RT build, e.g. $KERNEL_DEFAULT-rt)"
	return 1
}

kernel_dir() {
	echo "${BULKHEAD_KERNEL_DIR:-$kernel_top/build/kernel}/$kernel_name"
}

# kernel_complete: true when the lock exists and names what is unpacked.
kernel_complete() {
	local dir lock
	dir=$(kernel_dir)
	lock="$dir/kernel.lock"
	[ -r "$lock" ] || return 1
	(
		# shellcheck disable=SC1090
		. "$lock"
		[ -f "$dir/root/boot/vmlinuz-$KERNEL_RELEASE" ] &&
			[ -d "$dir/root/lib/modules/$KERNEL_RELEASE" ] &&
			{ [ -z "$KERNEL_HEADERS_DIR" ] ||
				{ [ -d "$dir/root/$KERNEL_HEADERS_DIR" ] &&
					[ -d "$dir/root/$KERNEL_COMMON_DIR" ]; }; }
	)
}

# kernel_load [NAME]: parse NAME and read its lock into KERNEL_* variables,
# plus KROOT (the unpacked tree), KIMAGE (vmlinuz), KHDRS and KCOMMON (the
# headers, empty for the RT build) and KBUILD_OUT (build/image-NAME). Says
# what to run when the kernel is not there.
kernel_load() {
	if ! kernel_parse "${1:-}"; then
		echo "$kernel_error" >&2
		return 1
	fi
	if ! kernel_complete; then
		echo "kernel $kernel_name is not unpacked in $(kernel_dir): run 'make setup KERNEL=$kernel_name'" >&2
		return 1
	fi
	# shellcheck disable=SC1091
	. "$(kernel_dir)/kernel.lock"
	KROOT="$(kernel_dir)/root"
	KIMAGE="$KROOT/boot/vmlinuz-$KERNEL_RELEASE"
	KHDRS=${KERNEL_HEADERS_DIR:+$KROOT/$KERNEL_HEADERS_DIR}
	KCOMMON=${KERNEL_COMMON_DIR:+$KROOT/$KERNEL_COMMON_DIR}
	KBUILD_OUT="$kernel_top/build/image-$kernel_name"
}
