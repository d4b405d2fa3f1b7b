# Inmate images, included from the top-level Makefile (which sets BUILD).
# Each inmates/<name>/ with C files becomes $(BUILD)/inmates/<name>.bin:
# its objects and the library's, linked at 0 by inmates/lib/inmate.lds and
# flattened with objcopy (docs/inmates.md).
INM_DIR   := inmates
INM_OUT   := $(BUILD)/inmates
INM_NAMES := $(filter-out lib,$(patsubst $(INM_DIR)/%/,%,$(sort $(dir $(wildcard $(INM_DIR)/*/*.c)))))
INM_LIB_SRCS := $(wildcard $(INM_DIR)/lib/*.c) $(wildcard $(INM_DIR)/lib/*.S)
INM_LIB_OBJS := $(patsubst $(INM_DIR)/%,$(INM_OUT)/%.o,$(INM_LIB_SRCS)) \
	$(INM_OUT)/lib/format.c.o
INM_LDS   := $(INM_DIR)/lib/inmate.lds
INMATE_BINS := $(patsubst %,$(INM_OUT)/%.bin,$(INM_NAMES))

INM_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -m64 -ffreestanding \
	-nostdlib -fno-pic -fno-pie -mcmodel=small -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-common -ffunction-sections \
	-fdata-sections -Iinclude -I$(INM_DIR)/lib -MMD -MP

.PHONY: inmates
inmates: $(INMATE_BINS)

$(INM_OUT)/%.c.o: $(INM_DIR)/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(INM_CFLAGS) -Ibench -c -o $@ $<

# printf's formatter is the hypervisor's: one implementation, freestanding.
$(INM_OUT)/lib/format.c.o: hypervisor/core/format.c
	@mkdir -p $(dir $@)
	@$(CC) $(INM_CFLAGS) -Ihypervisor/include -c -o $@ $<

$(INM_OUT)/%.S.o: $(INM_DIR)/%.S
	@mkdir -p $(dir $@)
	@$(CC) $(INM_CFLAGS) -c -o $@ $<

# Sources outside inmates/ an inmate is built from (the bench's workload
# kernels and statistics, shared with the CLI) are named in a
# "// uses: FILE..." line of the inmate's own sources.
inm_uses = $(shell sed -n 's|^// uses: ||p' $(wildcard $(INM_DIR)/$(1)/*.c))

# The objects of one inmate: inmates/<name>/*.c and what they use.
inm_objs = $(patsubst $(INM_DIR)/%,$(INM_OUT)/%.o,$(wildcard $(INM_DIR)/$(1)/*.c)) \
	$(patsubst bench/%,$(INM_OUT)/bench/%.o,$(call inm_uses,$(1)))

$(INM_OUT)/bench/%.c.o: bench/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(INM_CFLAGS) -Ibench -c -o $@ $<

# Per inmate: the ELF (kept for objdump and gdb), then the flat image.
define inm_image
$(INM_OUT)/$(1).elf: $(call inm_objs,$(1)) $(INM_LIB_OBJS) $(INM_LDS)
	@$$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack \
		--no-warn-rwx-segments --gc-sections -T $(INM_LDS) -o $$@ \
		$$(filter %.o,$$^)

$(INM_OUT)/$(1).bin: $(INM_OUT)/$(1).elf
	@objcopy -O binary $$< $$@
	@echo "inmate: $$@ ($$$$(stat -c %s $$@) bytes)"
endef
$(foreach n,$(INM_NAMES),$(eval $(call inm_image,$(n))))

-include $(patsubst %.o,%.d,$(INM_LIB_OBJS) $(foreach n,$(INM_NAMES),$(call inm_objs,$(n))))
