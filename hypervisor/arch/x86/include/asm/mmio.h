/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding the instruction behind a nested page fault. TCG offers no decode
 * assists, so we fetch the bytes and decode the MOV forms compilers use for
 * device and memory access.
 */
#ifndef ASM_MMIO_H
#define ASM_MMIO_H

#include <bh/types.h>
#include "processor.h"

struct per_cpu;

struct mmio_access {
	bool write;
	bool zero_extend; /* MOVZX, or a 32-bit destination */
	bool high_byte; /* AH, CH, DH, BH */
	u8 size; /* 1, 2, 4, 8 bytes */
	u8 dest_size; /* of a read's register: MOVZX's is wider than size */
	u8 len; /* instruction length */
	u8 reg; /* register number in encoding order, 0 = RAX */
	bool has_imm;
	u64 imm;
};

/* Decode the guest instruction at @rip (guest-virtual, paging via @cr3).
 * 0 on success, -EINVAL if not a supported MOV, -EFAULT if unreadable. */
int mmio_decode(struct per_cpu *cpu, u64 rip, u64 cr3, struct mmio_access *acc);

/* Pure decoder over fetched bytes, for unit tests and the above. */
int mmio_decode_bytes(const u8 *insn, unsigned int avail,
		      struct mmio_access *acc);

/* Complete a read: write @val into the destination register. */
void mmio_set_reg(struct guest_regs *regs, u64 *rax,
		  const struct mmio_access *acc, u64 val);
/* The value a write stores (register or immediate), truncated to size. */
u64 mmio_get_value(struct guest_regs *regs, u64 rax,
		   const struct mmio_access *acc);

/* Read guest-virtual memory of the CPU's cell (4-level paging or none). */
int guest_read_virt(struct per_cpu *cpu, u64 cr3, u64 va, void *buf,
		    unsigned int len);

#endif
