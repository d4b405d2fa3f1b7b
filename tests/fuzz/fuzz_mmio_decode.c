// SPDX-License-Identifier: GPL-2.0
// uses: hypervisor/arch/x86/mmio_decode.c
/*
 * The MOV decoder behind refused memory accesses, on arbitrary bytes.
 * Input: one byte whose low four bits say how many instruction bytes
 * follow (0 to 15: the hypervisor fetches fewer at the end of a mapped
 * page), those bytes, then register values (RAX, then struct guest_regs in
 * its order), zero where the input ends.
 *
 * The bytes get a heap block of exactly their number, so that
 * AddressSanitizer catches a read past what was fetched. A decoded
 * access must make sense (length within what was given and at most 15,
 * size 1, 2, 4 or 8, ...) and decode the same with more bytes after it;
 * completing a read must leave the registers as the CPU would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../hypervisor/arch/x86/include/asm/mmio.h"

#define MAX_INSN 15

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_access(const struct mmio_access *a, unsigned int avail)
{
	if (!a->len || a->len > avail || a->len > MAX_INSN)
		abort();
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		abort();
	if (!a->write && (a->dest_size < a->size || a->dest_size > 8 ||
			  (a->dest_size & (a->dest_size - 1))))
		abort();
	if (a->reg > 15)
		abort();
	if (a->has_imm && !a->write)
		abort();
	if (a->high_byte && (a->size != 1 || a->reg > 3 || a->zero_extend))
		abort();
	if (a->zero_extend && a->write)
		abort();
}

static bool same_access(const struct mmio_access *a,
			const struct mmio_access *b)
{
	return a->write == b->write && a->zero_extend == b->zero_extend &&
	       a->high_byte == b->high_byte && a->size == b->size &&
	       a->dest_size == b->dest_size && a->len == b->len &&
	       a->reg == b->reg && a->has_imm == b->has_imm && a->imm == b->imm;
}

/* Register @n in encoding order; RSP lives in the VMCB, not here. */
static u64 *reg_field(struct guest_regs *r, u64 *rax, unsigned int n)
{
	u64 *const order[16] = {
		rax,	 &r->rcx, &r->rdx, &r->rbx, NULL,    &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};

	return order[n];
}

static bool is_legacy_prefix(u8 b)
{
	return b == 0x66 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 ||
	       b == 0x64 || b == 0x65 || b == 0x67;
}

/*
 * The register a load of @val by the instruction @insn (decoded before,
 * so well-formed) writes, and the value it holds afterwards, from the
 * instruction's own bytes and the SDM rather than from the decoder: a
 * 32-bit destination is zero-extended to 64 bits, an 8- or 16-bit one
 * keeps the rest of the register.
 */
static u64 *load_result(const u8 *insn, struct guest_regs *regs, u64 *rax,
			u64 val, u64 *result)
{
	unsigned int i = 0, width, reg, shift = 0;
	bool opsize16 = false;
	u8 rex = 0, op;
	u64 *r, mask;

	for (; i < 4 && is_legacy_prefix(insn[i]); i++)
		opsize16 |= insn[i] == 0x66;
	if ((insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	op = insn[i++];
	if (op == 0x0f) {
		val &= insn[i++] == 0xb6 ? 0xff : 0xffff;
		width = rex & 8 ? 64 : opsize16 ? 16 : 32;
	} else if (op == 0x8a) {
		width = 8;
	} else {
		width = rex & 8 ? 64 : opsize16 ? 16 : 32;
	}
	reg = ((insn[i] >> 3) & 7) | (rex & 4 ? 8 : 0);
	if (width == 8 && !rex && reg >= 4) {
		reg -= 4; /* AH, CH, DH, BH */
		shift = 8;
	}
	r = reg_field(regs, rax, reg);
	if (!r)
		return NULL;
	if (width == 64 || width == 32) {
		*result = width == 64 ? val : val & 0xffffffffull;
		return r;
	}
	mask = ((1ull << width) - 1) << shift;
	*result = (*r & ~mask) | ((val << shift) & mask);
	return r;
}

/* A completed read changes its destination as the CPU would, and only it. */
static void check_read(const struct mmio_access *a, const u8 *insn,
		       const struct guest_regs *regs, u64 rax, u64 val)
{
	struct guest_regs after = *regs, expect = *regs;
	u64 rax_after = rax, rax_expect = rax, result;
	u64 *dest;

	mmio_set_reg(&after, &rax_after, a, val);
	dest = load_result(insn, &expect, &rax_expect, val, &result);
	if (dest)
		*dest = result;
	if (memcmp(&after, &expect, sizeof(after)) || rax_after != rax_expect)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mmio_access acc, again;
	u8 padded[MAX_INSN] = { 0 };
	struct guest_regs regs = { 0 };
	unsigned int avail;
	u64 rax = 0, val, mask;
	u8 *insn;
	size_t rest;

	if (!size)
		return 0;
	avail = data[0] & 0x0f;
	data++;
	size--;
	if (avail > size)
		avail = (unsigned int)size;
	insn = malloc(avail ? avail : 1);
	if (!insn)
		abort();
	memcpy(insn, data, avail);
	memcpy(padded, data, avail);
	data += avail;
	size -= avail;

	rest = size < sizeof(rax) ? size : sizeof(rax);
	memcpy(&rax, data, rest);
	data += rest;
	size -= rest;
	memcpy(&regs, data, size < sizeof(regs) ? size : sizeof(regs));

	if (mmio_decode_bytes(insn, avail, &acc)) {
		free(insn);
		return 0;
	}
	free(insn);
	check_access(&acc, avail);

	/* Bytes after the instruction cannot change it. */
	if (mmio_decode_bytes(padded, MAX_INSN, &again) ||
	    !same_access(&acc, &again))
		abort();

	mask = acc.size == 8 ? ~0ull : (1ull << (8 * acc.size)) - 1;
	val = mmio_get_value(&regs, rax, &acc);
	if (val & ~mask)
		abort();
	if (acc.has_imm && val != (acc.imm & mask))
		abort();
	if (!acc.write) {
		check_read(&acc, padded, &regs, rax, rax ^ regs.rdi);
		check_read(&acc, padded, &regs, rax, ~0ull);
	}
	return 0;
}
