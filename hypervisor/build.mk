# The hypervisor image, included from the top-level Makefile.
HV_DIR   := hypervisor
HV_OUT   := $(BUILD)/hypervisor
# Two images from the same objects but one: the hypervisor as shipped
# (fault_none.c) and the tests' fault-injection build (fault_inject.c,
# BH_HC_FAULT), which the driver loads when told to (docs/testing.md).
HV_FAULT_SRCS := $(HV_DIR)/core/fault_none.c $(HV_DIR)/core/fault_inject.c
HV_CORE  := $(filter-out $(HV_FAULT_SRCS),$(wildcard $(HV_DIR)/core/*.c))
HV_ARCH  := $(wildcard $(HV_DIR)/arch/x86/*.c) $(wildcard $(HV_DIR)/arch/x86/*.S)
HV_COMMON_OBJS := $(patsubst $(HV_DIR)/%,$(HV_OUT)/%.o,$(HV_CORE) $(HV_ARCH))
HV_OBJS  := $(HV_COMMON_OBJS) $(HV_OUT)/core/fault_none.c.o
HV_FAULTS_OBJS := $(HV_COMMON_OBJS) $(HV_OUT)/core/fault_inject.c.o
HV_ELF   := $(HV_OUT)/bulkhead-hv.elf
HV_BIN   := $(BUILD)/firmware/bulkhead-hv.bin
HV_FAULTS_ELF := $(HV_OUT)/bulkhead-hv-faults.elf
HV_FAULTS_BIN := $(BUILD)/firmware/bulkhead-hv-faults.bin

HV_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding \
	-fno-builtin -nostdlib -fno-pic -fno-pie -mcmodel=kernel \
	-mno-red-zone -mno-sse -mno-sse2 -mno-mmx -mno-avx -mno-80387 \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-common -Iinclude -I$(HV_DIR)/include \
	-MMD -MP
# Only arch code sees arch headers; core code must not find them.
HV_ARCH_CFLAGS := -I$(HV_DIR)/arch/x86/include

$(HV_OUT)/core/%.c.o: $(HV_DIR)/core/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(HV_CFLAGS) -c -o $@ $<

$(HV_OUT)/arch/x86/%.c.o: $(HV_DIR)/arch/x86/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(HV_CFLAGS) $(HV_ARCH_CFLAGS) -c -o $@ $<

$(HV_OUT)/arch/x86/%.S.o: $(HV_DIR)/arch/x86/%.S
	@mkdir -p $(dir $@)
	@$(CC) $(HV_CFLAGS) $(HV_ARCH_CFLAGS) -c -o $@ $<

$(HV_ELF): $(HV_OBJS) $(HV_DIR)/hypervisor.lds
	@$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack \
		--no-warn-rwx-segments -T $(HV_DIR)/hypervisor.lds -o $@ $(HV_OBJS)

$(HV_FAULTS_ELF): $(HV_FAULTS_OBJS) $(HV_DIR)/hypervisor.lds
	@$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack \
		--no-warn-rwx-segments -T $(HV_DIR)/hypervisor.lds -o $@ $(HV_FAULTS_OBJS)

$(BUILD)/firmware/%.bin: $(HV_OUT)/%.elf
	@mkdir -p $(dir $@)
	@objcopy -O binary $< $@
	@echo "hypervisor: $@ ($$(stat -c %s $@) bytes)"

-include $(HV_COMMON_OBJS:.o=.d) $(HV_OUT)/core/fault_none.c.d $(HV_OUT)/core/fault_inject.c.d
