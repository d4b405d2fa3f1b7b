# Results out of the guest, for scripts/bench and scripts/demo: the guest
# packs a directory as a base64 tarball between two marker lines of its
# console output; the host unpacks it from the runner's log.
# shellcheck shell=bash

# guest_send_results DIR: the guest-side commands (text for a script).
guest_send_results() {
	cat <<GUEST
echo "== bench-results-begin =="
tar -C $1 -cf - . | gzip -9 | base64
echo "== bench-results-end =="
GUEST
}

# host_take_results LOG DEST: unpack what the guest sent into DEST.
host_take_results() {
	mkdir -p "$2"
	sed -n '/^== bench-results-begin ==$/,/^== bench-results-end ==$/p' "$1" |
		sed '1d;$d' | tr -d '\r' | base64 -d | tar -C "$2" -xzf -
}
