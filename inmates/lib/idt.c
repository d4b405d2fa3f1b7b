// SPDX-License-Identifier: GPL-2.0
/* One IDT for all CPUs: interrupt gates to the stubs in isr.S. */
#include <stdint.h>
#include "internal.h"
#include "layout.h"

#define IDT_ENTRIES 256
#define ISR_STUB_SIZE 16
#define GATE_INTERRUPT_PRESENT 0x8e /* present, DPL 0, 64-bit interrupt */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct idt_desc {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));

void idt_init(void)
{
	for (unsigned int v = 0; v < IDT_ENTRIES; v++) {
		uint64_t addr = (uintptr_t)isr_stubs + v * ISR_STUB_SIZE;

		idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)addr,
			.selector = GDT_CS64,
			.type = GATE_INTERRUPT_PRESENT,
			.offset_mid = (uint16_t)(addr >> 16),
			.offset_high = (uint32_t)(addr >> 32),
		};
	}
}

void idt_load(void)
{
	struct idt_desc d = { sizeof(idt) - 1, (uintptr_t)idt };

	asm volatile("lidt %0" : : "m"(d));
}
