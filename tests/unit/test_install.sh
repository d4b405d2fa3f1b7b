#!/usr/bin/env bash
# Unit test of scripts/install (make install, docs/own-machine.md) into a
# scratch directory, for the project's 6.1 kernel: every file where the
# CLI and the driver look for it, the modules built for that kernel, the
# installed CLI running; and its refusals. Prints one cmocka-style line per
# case, which tests/run counts like the C unit tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/test-install.XXXXXX")
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
has_file() {
	[ -f "$work/root/$1" ] || problem+="no $1; "
}

# shellcheck source=scripts/kernel-lib.sh
. "$top/scripts/kernel-lib.sh"
kernel_load 6.1 >/dev/null || { echo "[  FAILED  ] kernel_6.1_present"; exit 1; }

"$top/scripts/install" --kernel 6.1 --destdir "$work/root" >"$work/out" 2>&1
rc=$?
[ "$rc" = 0 ] || problem+="exit $rc: $(tail -n 3 "$work/out"); "
verdict install_to_destdir

mods="lib/modules/$KERNEL_RELEASE/updates/bulkhead"
has_file lib/firmware/bulkhead-hv.bin
has_file "$mods/bulkhead.ko"
has_file "$mods/uio_ivshmem.ko"
has_file usr/local/bin/bulkhead
for f in hello rt-probe regulator; do has_file "usr/share/bulkhead/inmates/$f.bin"; done
has_file usr/share/bulkhead/configs/cells/rt-probe.yaml
has_file usr/share/bulkhead/bench/scenarios/idle.scn
verdict every_file_in_place

cmp -s "$top/build/firmware/bulkhead-hv.bin" "$work/root/lib/firmware/bulkhead-hv.bin" ||
	problem+="firmware differs from the build's; "
verdict firmware_is_the_build

for m in bulkhead uio_ivshmem; do
	v=$(/sbin/modinfo -F vermagic "$work/root/$mods/$m.ko" 2>/dev/null)
	case $v in
	"$KERNEL_RELEASE "*) ;;
	*) problem+="$m.ko vermagic '$v'; " ;;
	esac
done
grep -q "updates/bulkhead/bulkhead.ko" "$work/root/lib/modules/$KERNEL_RELEASE/modules.dep" ||
	problem+="modules.dep lacks bulkhead.ko; "
verdict modules_for_the_kernel

"$work/root/usr/local/bin/bulkhead" config check "$work/root/usr/share/bulkhead/configs/qemu-svm.yaml" \
	>"$work/cli" 2>&1 || problem+="installed CLI: $(cat "$work/cli"); "
verdict installed_cli_runs

# the tree keeps the objects of the kernel the tests build for
[ ! -e "$top/build/install/$KERNEL_RELEASE/driver/bulkhead.ko" ] &&
	problem+="modules not built in build/install; "
verdict built_beside_the_tree

"$top/scripts/install" --frobnicate >"$work/out" 2>&1
rc=$?
[ "$rc" = 2 ] || problem+="exit $rc; "
grep -q "unknown option '--frobnicate'" "$work/out" || problem+="said: $(cat "$work/out"); "
verdict unknown_option_refused

"$top/scripts/install" --kdir "$work/nokernel" --destdir "$work/root2" >"$work/out" 2>&1
rc=$?
[ "$rc" = 1 ] || problem+="exit $rc; "
grep -q "no kernel build directory at $work/nokernel" "$work/out" || problem+="said: $(cat "$work/out"); "
[ ! -e "$work/root2" ] || problem+="wrote into $work/root2; "
verdict missing_headers_refused

"$top/scripts/install" --kernel 5.10 --destdir "$work/root3" >"$work/out" 2>&1
rc=$?
[ "$rc" = 1 ] || problem+="exit $rc; "
grep -q "unknown kernel '5.10'" "$work/out" || problem+="said: $(cat "$work/out"); "
verdict unknown_kernel_refused

[ "$failures" = 0 ]
