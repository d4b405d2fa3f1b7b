/* SPDX-License-Identifier: GPL-2.0 */
/* Global state of the running hypervisor and its entry points. */
#ifndef BH_HV_H
#define BH_HV_H

#include <bh/pool.h>
#include <bh/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/config.h>
#include <bulkhead/status.h>

struct per_cpu;

extern struct bh_hv_header hv_header;
extern struct bh_status hv_status;
extern struct page_pool hv_pool;
extern const struct bh_system_desc *hv_config;

/* Hypervisor-virtual address of a physical address (all RAM is mapped). */
#ifdef BULKHEAD_HOST_TEST
/* host unit tests back "physical" memory with buffers of their own */
void *phys_to_virt(paddr_t pa);
#else
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(BH_PHYS_MAP_BASE + pa_addr(pa));
}
#endif

/* Physical address of hypervisor memory (image, config, pool). */
paddr_t hv_virt_to_phys(const void *addr);

/* Called by the arch entry code on each CPU, on the hypervisor's stack. */
void hv_cpu_entry(struct bh_linux_cpu *linux_cpu) __attribute__((noreturn));

/* Exit handlers' common work, called by the arch. */
long hypercall(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2);

#endif
