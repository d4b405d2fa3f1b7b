/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic types of the hypervisor. Physical and hypervisor-virtual addresses
 * are distinct struct types so that one cannot be passed for the other.
 */
#ifndef BH_TYPES_H
#define BH_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef struct {
	u64 pa;
} paddr_t;

static inline paddr_t pa_init(u64 pa)
{
	return (paddr_t){ .pa = pa };
}

static inline u64 pa_addr(paddr_t pa)
{
	return pa.pa;
}

static inline paddr_t pa_add(paddr_t pa, u64 off)
{
	return pa_init(pa.pa + off);
}

/* A guest-physical address: what a cell puts on its address bus. */
typedef struct {
	u64 gpa;
} gpaddr_t;

static inline gpaddr_t gpa_init(u64 gpa)
{
	return (gpaddr_t){ .gpa = gpa };
}

static inline u64 gpa_addr(gpaddr_t gpa)
{
	return gpa.gpa;
}

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((u64)(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(n) (1ull << (n))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
