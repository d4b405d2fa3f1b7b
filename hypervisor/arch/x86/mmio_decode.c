// SPDX-License-Identifier: GPL-2.0
/*
 * MOV decoder for trapped memory accesses. Supported: 88, 89, 8A, 8B,
 * C6 /0, C7 /0, 0F B6, 0F B7 with operand-size, segment and REX prefixes
 * and every ModRM/SIB addressing form. Anything else is refused.
 */
#include <bh/errno.h>
/* by relative path, so that host unit tests build it without arch paths */
#include "include/asm/mmio.h"

#define REX_W 8
#define REX_R 4

/* Bytes of the ModRM operand after the ModRM byte: SIB and displacement. */
static int modrm_extra(const u8 *p, unsigned int avail)
{
	u8 modrm = p[0], mod = modrm >> 6, rm = modrm & 7;
	int extra = 0;

	if (mod == 3)
		return -EINVAL; /* register operand: no memory access */
	if (rm == 4) {
		if (avail < 2)
			return -EINVAL;
		extra = 1;
		if (mod == 0 && (p[1] & 7) == 5)
			extra += 4;
	} else if (mod == 0 && rm == 5) {
		extra += 4; /* RIP-relative */
	}
	if (mod == 1)
		extra += 1;
	else if (mod == 2)
		extra += 4;
	return extra;
}

int mmio_decode_bytes(const u8 *insn, unsigned int avail,
		      struct mmio_access *acc)
{
	unsigned int i = 0, opsize = 4;
	bool opsize16 = false;
	u8 rex = 0, op, modrm;
	int extra;

	*acc = (struct mmio_access){ 0 };
	for (; i < avail && i < 4; i++) {
		u8 b = insn[i];

		if (b == 0x66)
			opsize16 = true;
		else if (b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 ||
			 b == 0x64 || b == 0x65 || b == 0x67)
			continue;
		else
			break;
	}
	if (i < avail && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (rex & REX_W)
		opsize = 8;
	else if (opsize16)
		opsize = 2;
	if (i >= avail)
		return -EINVAL;

	op = insn[i++];
	if (op == 0x0f) {
		if (i >= avail)
			return -EINVAL;
		op = insn[i++];
		if (op != 0xb6 && op != 0xb7)
			return -EINVAL;
		acc->size = op == 0xb6 ? 1 : 2;
		acc->dest_size = opsize;
		acc->zero_extend = true;
		op = 0x8b; /* a read into a register, like MOV r, r/m */
	} else {
		switch (op) {
		case 0x88:
		case 0x8a:
		case 0xc6:
			acc->size = 1;
			break;
		case 0x89:
		case 0x8b:
		case 0xc7:
			acc->size = opsize;
			break;
		default:
			return -EINVAL;
		}
		acc->dest_size = acc->size;
	}
	if (i >= avail)
		return -EINVAL;
	modrm = insn[i];
	extra = modrm_extra(&insn[i], avail - i);
	if (extra < 0)
		return extra;
	i += 1 + extra;

	acc->reg = ((modrm >> 3) & 7) | (rex & REX_R ? 8 : 0);
	acc->write = op == 0x88 || op == 0x89 || op == 0xc6 || op == 0xc7;
	if (op == 0xc6 || op == 0xc7) {
		unsigned int n = acc->size == 1 ? 1 : acc->size == 2 ? 2 : 4;

		if ((modrm >> 3) & 7)
			return -EINVAL; /* only /0 is MOV */
		if (i + n > avail)
			return -EINVAL;
		acc->has_imm = true;
		acc->imm = 0;
		for (unsigned int k = 0; k < n; k++)
			acc->imm |= (u64)insn[i + k] << (8 * k);
		/* a 32-bit immediate is sign-extended for 64-bit stores */
		if (acc->size == 8 && (acc->imm & 0x80000000))
			acc->imm |= 0xffffffff00000000ull;
		i += n;
	}
	if (acc->size == 1 && !rex && acc->reg >= 4 && !acc->zero_extend &&
	    !acc->has_imm) {
		acc->high_byte = true;
		acc->reg -= 4;
	}
	if (acc->size == 4 && !acc->write)
		acc->zero_extend = true;
	if (i > avail || i > 15)
		return -EINVAL;
	acc->len = i;
	return 0;
}

static u64 *reg_ptr(struct guest_regs *regs, u64 *rax, unsigned int reg)
{
	switch (reg) {
	case 0:
		return rax;
	case 1:
		return &regs->rcx;
	case 2:
		return &regs->rdx;
	case 3:
		return &regs->rbx;
	case 4:
		return NULL; /* RSP lives in the VMCB; never an MMIO target */
	case 5:
		return &regs->rbp;
	case 6:
		return &regs->rsi;
	case 7:
		return &regs->rdi;
	default:
		return &(&regs->r8)[-(int)(reg - 8)];
	}
}

void mmio_set_reg(struct guest_regs *regs, u64 *rax,
		  const struct mmio_access *acc, u64 val)
{
	u64 *r = reg_ptr(regs, rax, acc->reg);
	u64 mask;

	if (!r)
		return;
	if (acc->size == 8) {
		*r = val;
		return;
	}
	mask = (1ull << (8 * acc->size)) - 1;
	/* Only 32- and 64-bit destinations clear the upper bits. */
	if (acc->zero_extend && acc->dest_size == 2)
		*r = (*r & ~0xffffull) | (val & mask);
	else if (acc->zero_extend)
		*r = (val & mask);
	else if (acc->high_byte)
		*r = (*r & ~0xff00ull) | ((val & 0xff) << 8);
	else
		*r = (*r & ~mask) | (val & mask);
}

u64 mmio_get_value(struct guest_regs *regs, u64 rax,
		   const struct mmio_access *acc)
{
	u64 v, *r;

	if (acc->has_imm) {
		v = acc->imm;
	} else {
		r = reg_ptr(regs, &rax, acc->reg);
		v = r ? *r : 0;
		if (acc->high_byte)
			v >>= 8;
	}
	return acc->size == 8 ? v : v & ((1ull << (8 * acc->size)) - 1);
}
