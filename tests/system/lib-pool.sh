# The page pool running out while cells are created, loaded and started:
# system/149 on the reference platform and vmx/220 on Bochs run it. A cell
# "eater" maps an I/O window of N*2 MiB at a guest address 4 KiB off the
# physical one, so that each 2 MiB costs one page table page: its size
# sets how many pool pages are left. The steps and what each shows are in
# system/149's header. The eater runs on CPU 2 and is never started; hello
# on CPU 3 is only created; lx, ly and the final hello start on CPUs of
# the caller's choice (on Bochs a CPU that ran a cell serves no other).

# pool_guest LX_CPU LY_CPU AFTER_CPU: the guest's part, for guest_script,
# with the hypervisor enabled; sections fit, eater, hello, start, load
# and after, which pool_checks judges. The caller disables.
pool_guest() {
	echo "LX_CPU=$1 LY_CPU=$2 AFTER_CPU=$3"
	cat <<'GUEST'
eater() { # CHUNKS [1]: the eater's config with a window of CHUNKS * 2 MiB
	# (and a 4 KiB region that costs one table page more)
	cat >/tmp/eater.yaml <<YAML
kind: cell
name: eater
cpus: [2]
memory:
  - {name: ram, start: 0x31800000, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: comm, start: 0x31900000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
  - {name: window, start: 0x100000000, guest: 0x40001000, size: $(($1 * 2))M, flags: [read, write, io]}
YAML
	[ "${2:-0}" = 1 ] && echo "  - {name: extra, start: 0x8fffff000, guest: 0x3f001000, size: 4K, flags: [read, write, io]}" >>/tmp/eater.yaml
	return 0
}
# an eater that leaves exactly no page free, else "cannot fill"
fill() {
	local n=$((512 + (size - $(used) - c1) * 512 / (c2 - c1) - 3)) x
	while :; do
		eater $n
		bulkhead cell create /tmp/eater.yaml >/dev/null 2>&1 || break
		for x in 0 1; do
			if [ $x = 1 ]; then
				eater $n 1
				bulkhead cell create /tmp/eater.yaml >/dev/null 2>&1 || break
			fi
			[ "$(used)" = "$size" ] && { echo "filled: 0 pages free"; return 0; }
			bulkhead cell destroy eater >/dev/null
		done
		n=$((n + 1))
	done
	echo "cannot fill"
}
used() { cat /sys/devices/bulkhead/mem_pool_used; }
p0=$(used)
size=$(cat /sys/devices/bulkhead/mem_pool_size)
cost() { # CHUNKS: pool pages an eater of CHUNKS takes
	eater $1
	bulkhead cell create /tmp/eater.yaml >/dev/null || return 1
	echo $(($(used) - p0))
	bulkhead cell destroy eater >/dev/null
}
echo "== fit =="
c1=$(cost 512)
c2=$(cost 1024)
echo "pool: $p0 of $size used; eater of 512 chunks: $c1 pages, of 1024: $c2"
# a few below the estimate, then up one chunk at a time
n=$((512 + (size - p0 - c1) * 512 / (c2 - c1) - 3))
while eater $n && bulkhead cell create /tmp/eater.yaml >/dev/null 2>&1; do
	echo "eater of $n chunks fits, $((size - $(used))) pages left"
	bulkhead cell destroy eater >/dev/null
	n=$((n + 1))
done
nmax=$((n - 1))
echo "largest: $nmax; pool: $(used)"
echo "== eater =="
for j in 1 2 3 4 5 6 7 8 9 10 11 12; do
	eater $((nmax + j))
	mark_console
	bulkhead cell create /tmp/eater.yaml >/dev/null 2>/dev/null
	echo "eater +$j: rc=$? pool=$(used)"
	new_console | sed 's/^/console: /'
done
echo "== hello =="
for j in $(seq 0 16); do
	eater $((nmax - j))
	bulkhead cell create /tmp/eater.yaml >/dev/null || echo "eater -$j failed"
	pe=$(used)
	mark_console
	bulkhead cell create $CELLS/hello.yaml >/dev/null 2>/dev/null
	r=$?
	echo "hello with $((size - pe)) free: rc=$r pool=$(used) eater=$pe"
	new_console | sed 's/^/console: /'
	[ $r = 0 ] && bulkhead cell destroy hello >/dev/null
	bulkhead cell destroy eater >/dev/null
	echo "back: $(used)"
done
echo "== start =="
# Loading maps a cell's RAM back into the root at the grain its create
# took it away, with flags of its own (no execute), so no table merges
# away; starting takes back what loading gave: it needs no page, and
# works with the pool empty.
cat >/tmp/lx.yaml <<YAML
kind: cell
name: lx
cpus: [$LX_CPU]
memory:
  - {name: ram, start: 0x40000000, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: comm, start: 0x40400000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
YAML
bulkhead cell create /tmp/lx.yaml >/dev/null && echo created
bulkhead cell load lx $INM/hello.bin -s "greeting=lx run=1" >/dev/null && echo loaded
fill
mark_console
bulkhead cell start lx >/dev/null 2>&1; echo "start rc=$?"
wait_console 'lx\] hello: command line' 30 >/dev/null
new_console | sed 's/^/console: /'
echo "pool while running: $(used) of $size"
bulkhead cell destroy lx >/dev/null
bulkhead cell destroy eater >/dev/null
echo "pool: $(used)"
echo "== load =="
# ly's RAM and buffer empty a 2 MiB table of the root at create, which is
# freed; loading maps the RAM back and needs a table again
cat >/tmp/ly.yaml <<YAML
kind: cell
name: ly
cpus: [$LY_CPU]
memory:
  - {name: ram, start: 0x40800000, guest: 0x0, size: 1M, flags: [read, write, execute, loadable]}
  - {name: buffer, start: 0x40900000, guest: 0x200000, size: 1M, flags: [read, write]}
  - {name: comm, start: 0x40c00000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}
YAML
bulkhead cell create /tmp/ly.yaml >/dev/null && echo created
fill
mark_console
bulkhead cell load ly $INM/hello.bin -s "greeting=ly run=1" >/dev/null 2>&1; echo "load rc=$?"
bulkhead cell start ly >/dev/null 2>&1; echo "start rc=$?"
new_console | sed 's/^/console: /'
bulkhead cell destroy eater >/dev/null
mark_console
bulkhead cell load ly $INM/hello.bin -s "greeting=ly run=1" >/dev/null 2>&1; echo "load again rc=$?"
bulkhead cell start ly >/dev/null 2>&1; echo "start again rc=$?"
wait_console 'greeting=ly' 30 >/dev/null
new_console | grep -i "ly" | sed 's/^/console: /'
bulkhead cell destroy ly >/dev/null
echo "pool: $(used)"
echo "== after =="
mark_console
sed "s/^cpus: \[3\]$/cpus: [$AFTER_CPU]/" $CELLS/hello.yaml >/tmp/after.yaml
bulkhead cell create /tmp/after.yaml >/dev/null && echo created
bulkhead cell load hello $INM/hello.bin -s "greeting=after run=1" >/dev/null
bulkhead cell start hello >/dev/null
wait_console 'greeting=after' 30 >/dev/null
new_console | grep -i "after" | sed 's/^/console: /'
bulkhead cell destroy hello >/dev/null && echo destroyed
echo "pool: $p0 -> $(used)"
GUEST
}

# pool_checks: what pool_guest's sections must show.
pool_checks() {
	p0=$(section fit | sed -n 's/^pool: \([0-9]*\) of .*/\1/p')
	# after a failed create the pool is where it was before: p0 for an
	# eater, the eater's share for hello; after each round's destroys, p0
	pool_back() {
		local bad
		bad=$(section "$1" | awk -v p0="$p0" '
			/rc=[1-9]/ { split($0, a, "pool="); split(a[2], b, " ");
				want = p0; if (match($0, /eater=[0-9]+/))
					want = substr($0, RSTART + 6, RLENGTH - 6);
				if (b[1] != want) print }
			/^back: / && $2 != p0 { print }')
		[ -z "$bad" ] || { echo "pool not back: $bad"; return 1; }
	}
	# causes: how many different console ERROR kinds section $1 shows
	causes() {
		section "$1" | grep '^console: ERROR: cell ' |
			sed -E 's/^console: ERROR: cell [a-z]+: (cannot map memory region .[a-z]+.|no pages left for [^:]*).*/\1/' |
			sort -u | wc -l
	}
	check found-largest sec fit '^largest: [0-9]+; pool: '"$p0"'$'
	check fit-tight sec fit 'fits, [0-9] pages left$'
	check eater-all-fail eval '[ "$(section eater | grep -c "rc=1 ")" = 12 ]'
	check eater-pool-back pool_back eater
	check eater-says-why eval '[ "$(section eater | grep -c "^console: ERROR: cell eater: .*pool is exhausted")" -ge 12 ]'
	check eater-causes eval '[ "$(causes eater)" -ge 3 ]'
	check hello-fails-then-fits eval 'section hello | grep -q "rc=1 " && section hello | grep -q "rc=0 "'
	check hello-pool-back pool_back hello
	check hello-says-why eval '[ "$(section hello | grep -c "rc=1 ")" = "$(section hello | grep -c "^console: ERROR: cell hello: .*pool is exhausted")" ]'
	check hello-causes eval '[ "$(causes hello)" -ge 4 ]'
	check eaters-created eval '! sec hello "failed$"'
	check start-filled sec start '^filled: 0 pages free$'
	check start-needs-no-page eval 'sec start "^start rc=0$" && sec start "^console: \[lx\] hello: command line" && sec start "^pool while running: $(section fit | sed -n "s/^pool: [0-9]* of \([0-9]*\).*/\1/p") of "'
	check start-pool-back sec start "^pool: $p0$"
	check load-filled sec load '^filled: 0 pages free$'
	check load-refused sec load '^load rc=1$'
	check load-says-why sec load "^console: ERROR: cell ly: memory region 'ram' cannot be given to the root cell for loading"
	check load-not-started sec load '^start rc=1$'
	check load-then-runs eval 'sec load "^load again rc=0$" && sec load "^start again rc=0$" && sec load "^console: .*ly"'
	check load-pool-back sec load "^pool: $p0$"
	check after-runs sec after '^console: .*after'
	check after-pool sec after "^pool: $p0 -> $p0$"
}
