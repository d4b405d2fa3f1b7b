# Bulkhead top-level build. Everything lands in build/; nothing is installed
# on the host except the Debian packages scripts/setup adds.

include scripts/platform.env

# KERNEL picks the kernel series to build for and boot: 6.1 (default) or
# 6.12; scripts/setup resolves it from the archive into
# build/kernel/$(KERNEL)/kernel.lock, which every script below reads.
KERNEL    ?= $(KERNEL_DEFAULT)
export BULKHEAD_KERNEL := $(KERNEL)

BUILD     := $(CURDIR)/build

HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

.PHONY: all setup image modules tools hypervisor inmates unit test demo format \
	format-check clean distclean help kernel-refresh kernel-rt test-rt \
	fuzz fuzz-build bench bench-image test-regulation test-vmx

all: image

help:
	@echo "make demo          boot the reference platform and show what Bulkhead does"
	@echo "make test          host unit tests and system tests; ends with 'N passed, M failed'"
	@echo "make test T=NAME   run only the tests whose name contains NAME"
	@echo "make image         build everything and the test initramfs"
	@echo "make setup         install missing packages and fetch the stock kernel"
	@echo "make kernel-refresh  forget the resolved kernel and resolve it again"
	@echo "make kernel-rt     fetch the PREEMPT_RT kernel of the series, build its image"
	@echo "make test-rt       boot the PREEMPT_RT kernel and check it"
	@echo "make test-vmx      every VMX test under Bochs, two at a time, and the xAPIC root under QEMU (about 32 minutes)"
	@echo "make test-regulation  regulation on SVM (QEMU) and, with its bounds checked, on VMX (Bochs)"
	@echo "make bench         the isolation bench's default matrix (about an hour); results in build/bench/"
	@echo "make format-check  check C sources against .clang-format"
	@echo "make fuzz          run every fuzzer for FUZZ_SECONDS (600) each; FUZZ_SECONDS=3600 for an hour"
	@echo "KERNEL=6.12 (or 6.1, the default) with any of these picks the kernel series"

# Setup runs every time: it is fast when nothing is missing, and it is the
# only thing that knows whether something is.
setup:
	@scripts/setup

kernel-refresh:
	@scripts/setup --refresh

modules: setup
	@scripts/build-modules

# The CLI runs on the host (config check, memmap) and in the image. It links
# the core's config validator and formatter, so both sides judge configs alike.
# It also links the bench's workload kernels and statistics (bench/), the
# same sources the rt-probe inmate is built from.
CLI_SRCS := $(wildcard tools/bulkhead/*.c bench/workloads/*.c bench/stats/*.c) \
	hypervisor/core/config_check.c hypervisor/core/format.c \
	hypervisor/arch/x86/vmx_caps.c
CLI_HDRS := $(wildcard tools/bulkhead/*.h include/bulkhead/*.h hypervisor/include/bh/*.h \
	bench/workloads/*.h bench/stats/*.h)
$(BUILD)/bin/bulkhead: $(CLI_SRCS) $(CLI_HDRS)
	@mkdir -p $(dir $@)
	@$(CC) $(HOST_CFLAGS) -Iinclude -Ihypervisor/include -Itools/bulkhead -Ibench \
		-DBULKHEAD_CLI -o $@ $(CLI_SRCS) -lyaml

# Small programs the system tests run inside the guest.
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/test-bin/%,$(wildcard tests/tools/*.c))
$(BUILD)/test-bin/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(HOST_CFLAGS) -Iinclude -static -o $@ $<

tools: setup $(BUILD)/bin/bulkhead $(TEST_TOOLS)

include hypervisor/build.mk
include inmates/build.mk

hypervisor: $(HV_BIN) $(HV_FAULTS_BIN)

image: setup modules tools hypervisor inmates
	@image/build-initramfs

# The bench's extra initramfs (ffmpeg for the video scenario): too big for
# every boot, given only to the bench's boots and test 180.
bench-image: setup
	@image/build-bench-initrd

# The PREEMPT_RT build of the series, fetched only on demand: the bench
# compares a real-time cell with cyclictest on it. It is booted without the
# hypervisor, so its image has no Bulkhead modules.
kernel-rt: setup tools hypervisor inmates
	@scripts/setup --kernel $(KERNEL)-rt
	@image/build-initramfs $(KERNEL)-rt

test-rt: kernel-rt
	@tests/run --rt

# Regulation's system test: not part of make test while its 60 s run can
# crash the guest kernel (docs/status.md).
test-regulation: setup image
	@tests/run --regulation

# Every VMX backend test under Bochs, two at a time, and the xAPIC root
# under QEMU; make test runs 006, 200 and 126 of them (docs/testing.md).
test-vmx: setup image
	@tests/run --vmx

# libFuzzer harnesses, tests/fuzz/fuzz_*.c, built like the unit tests (the
# "// uses:" line, plus "// libs:") but with clang and the sanitizers.
# make test replays their corpora and fuzzes each for a few seconds
# (tests/unit/test_fuzz_smoke.sh); make fuzz runs each for FUZZ_SECONDS,
# one at a time, growing build/fuzz/corpus/. New crash inputs land in
# build/fuzz/artifacts/; once fixed they belong in tests/fuzz/regress/.
FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 600
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Iinclude -Ihypervisor/include -Itools/bulkhead -DBULKHEAD_HOST_TEST

$(BUILD)/fuzz/%: tests/fuzz/%.c $(wildcard hypervisor/core/*.c hypervisor/include/bh/*.h hypervisor/arch/x86/*.c hypervisor/arch/x86/include/asm/*.h include/bulkhead/*.h tools/bulkhead/*.c tools/bulkhead/*.h)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< \
		$(shell sed -n 's|^// uses: ||p' $<) \
		$(shell sed -n 's|^// libs: ||p' $<)

fuzz-build: setup $(FUZZ_BINS)

fuzz: fuzz-build
	@for bin in $(FUZZ_BINS); do \
		t=$${bin##*/fuzz_}; \
		mkdir -p $(BUILD)/fuzz/corpus/$$t $(BUILD)/fuzz/artifacts/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$$bin -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-print_final_stats=1 \
			$$(test -e tests/fuzz/$$t.dict && echo -dict=tests/fuzz/$$t.dict) \
			-artifact_prefix=$(BUILD)/fuzz/artifacts/$$t/ \
			$(BUILD)/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			$$(test -d tests/fuzz/regress/$$t && echo tests/fuzz/regress/$$t) \
			>$(BUILD)/fuzz/$$t.log 2>&1 || \
			{ tail -n 40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^Done' $(BUILD)/fuzz/$$t.log; \
	done

# Host unit tests: each tests/unit/test_*.c is one cmocka binary, linked with
# the core sources it names in its "// uses:" line.
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := $(HOST_CFLAGS) -Iinclude -Ihypervisor/include -Ibench -Itests/unit/fake \
	-DBULKHEAD_HOST_TEST

$(BUILD)/unit/%: tests/unit/%.c $(wildcard bench/*/*.c bench/*/*.h inmates/lib/*.c inmates/lib/inmate/*.h hypervisor/core/*.c hypervisor/include/bh/*.h hypervisor/arch/x86/*.c hypervisor/arch/x86/include/asm/*.h include/bulkhead/*.h tools/bulkhead/*.c tools/bulkhead/*.h tests/unit/fake/* tests/unit/cli_harness.*)
	@mkdir -p $(dir $@)
	@$(CC) $(UNIT_CFLAGS) -o $@ $< \
		$(shell sed -n 's|^// uses: ||p' $<) \
		$(wildcard tests/unit/fake/*.c) -lcmocka

unit: setup tools $(UNIT_BINS) $(FUZZ_BINS)

test: setup image bench-image $(UNIT_BINS) $(FUZZ_BINS)
	@tests/run $(if $(T),--only '$(T)')

demo: setup image
	@scripts/demo

# Bulkhead on this machine, for real hardware (docs/own-machine.md): for
# the running kernel; INSTALL_ARGS="--kernel 6.1 --destdir DIR" and the like
# otherwise (scripts/install). Needs no QEMU, so not setup.
install:
	@scripts/install $(INSTALL_ARGS)

.PHONY: install

# The isolation bench (docs/bench.md): long, not part of make test.
bench: setup image bench-image kernel-rt
	@scripts/bench

format: setup
	@clang-format -i $(FORMAT_FILES)

format-check: setup
	@bad=0; for f in $(FORMAT_FILES); do \
		clang-format --dry-run --Werror $$f >/dev/null 2>&1 || \
			{ echo "format: $$f differs from .clang-format (run make format)"; bad=1; }; \
	done; exit $$bad

clean:
	@for d in driver linux/uio-ivshmem tests/modules/*; do \
		rm -f $$d/*.o $$d/*.ko $$d/*.mod $$d/*.mod.c $$d/.*.cmd \
			$$d/modules.order $$d/Module.symvers; \
	done
	rm -rf $(BUILD)/unit $(BUILD)/fuzz/fuzz_* $(BUILD)/image-* $(BUILD)/bin \
		$(BUILD)/log $(BUILD)/modules-built-for

# distclean also forgets the resolved kernels and drops their files.
distclean: clean
	rm -rf $(BUILD)
