#!/usr/bin/env bash
# image/bochs-run, the Bochs runner of the Intel VMX platform (docs/bochs.md):
# qemu-run's options it refuses say why, before any boot; then one boot,
# whose script's status and output come back, whose CPU has VMX in CPUID
# and EPT and unrestricted guest in its VMX capability MSRs, and whose
# second UART (the hypervisor's) is written to the log file it names.
# shellcheck source=tests/system/lib.sh
. "$(dirname "$0")/../system/lib.sh"

bochs_run="$top/image/bochs-run"
tmp=$(mktemp -d)
out="$tmp/out"

# shellcheck disable=SC2317 # called through check
refused() { # refused MESSAGE-REGEX ARGS...
	local msg=$1 rc
	shift
	timeout 60 "$bochs_run" "$@" >"$out" 2>&1
	rc=$?
	[ "$rc" = 2 ] || { cat "$out"; echo "status $rc, expected 2"; return 1; }
	grep -E -q -- "$msg" "$out" || { cat "$out"; echo "no /$msg/"; return 1; }
}
check refuses-pin refused "bochs-run: --pin is qemu-run's: Bochs emulates every guest CPU on one host thread" \
	--pin 2:1
check refuses-unknown refused "bochs-run: unknown option '--bogus'" --bogus
check refuses-bad-mem refused "bochs-run: --mem wants 256M to 3G, not '8G'" --mem 8G

# vmx-caps (tests/tools) goes in as an extra initrd, so an image built
# before the tool existed serves as well.
mkdir -p "$tmp/root/usr/libexec/bulkhead-tests"
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -static -o "$tmp/root/usr/libexec/bulkhead-tests/vmx-caps" \
	"$top/tests/tools/vmx-caps.c" || exit 1
(cd "$tmp/root" && find . | cpio -o -H newc --quiet) >"$tmp/extra.cpio"
cat >"$tmp/script" <<'EOF'
echo "own output"
echo "bochs-uart-check" >/dev/ttyS1
modprobe msr
/usr/libexec/bulkhead-tests/vmx-caps
grep -m1 '^vmx flags' /proc/cpuinfo
exit 7
EOF
start=$(date +%s)
"$bochs_run" --script "$tmp/script" --extra-initrd "$tmp/extra.cpio" --timeout 900 >"$out" 2>&1
rc=$?
echo "bochs-run: status $rc after $(($(date +%s) - start)) s"
cat "$out"

check script-status [ "$rc" = 7 ]
check script-output grep -qx "own output" "$out"
check cpuid-vmx grep -qx "cpuid vmx: yes" "$out"
check msr-ept grep -qx "feature ept: yes" "$out"
check msr-unrestricted-guest grep -qx "feature unrestricted-guest: yes" "$out"
hvlog=$(sed -n 's/^bochs-run: .*hypervisor console (second UART) -> //p' "$out")
check hypervisor-uart-log grep -q "^bochs-uart-check" "${hvlog:-/nonexistent}"
rm -rf "$tmp"
finish
