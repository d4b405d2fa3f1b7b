// SPDX-License-Identifier: GPL-2.0
/*
 * Start of the hypervisor: every CPU Linux enters on arrives here. The first
 * one sets up what is global; all then set themselves up and wait for each
 * other, so that either every CPU continues Linux as a guest or every CPU
 * returns to Linux with the same error. Nothing is half-enabled.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/check.h>
#include <bh/config_check.h>
#include <bh/console.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/regulation.h>
#include <bh/rendezvous.h>
#include <bh/spinlock.h>
#include <bh/string.h>

extern char __image_end[];
extern char __bss_start[];
extern char __text_start[], __text_end[], __rodata_end[];
void arch_entry(void);

__attribute__((section(".header"), used)) struct bh_hv_header hv_header = {
	.signature = BH_HV_SIGNATURE,
	.version = BH_BOOT_VERSION,
	.max_cpus = MAX_CPUS,
	.entry = (u64)(uintptr_t)arch_entry,
	.image_size = (u64)(uintptr_t)__image_end - BH_HV_BASE,
	.text_start = (u64)(uintptr_t)__text_start - BH_HV_BASE,
	.text_end = (u64)(uintptr_t)__text_end - BH_HV_BASE,
	.rodata_end = (u64)(uintptr_t)__rodata_end - BH_HV_BASE,
	.status_offset = (u64)(uintptr_t)&hv_status - BH_HV_BASE,
};

struct per_cpu per_cpus[MAX_CPUS];
struct page_pool hv_pool;
const struct bh_system_desc *hv_config;

static struct spinlock init_lock;
static bool init_done;
static int init_error;
static struct rendezvous enable_meeting;
static int cpus_error;

paddr_t hv_virt_to_phys(const void *addr)
{
	u64 off = (u64)(uintptr_t)addr - BH_HV_BASE;

	CHECK(off < hv_header.hv_size);
	return pa_init(hv_header.hv_phys + off);
}

static int global_init(void)
{
	struct config_error err;
	const char *why;
	u64 pool_pages;
	int ret;

	console_init();
	ret = arch_init();
	if (ret)
		return ret;
	printk("Bulkhead hypervisor: %u CPUs, memory 0x%llx-0x%llx\n",
	       hv_header.num_cpus, (unsigned long long)hv_header.hv_phys,
	       (unsigned long long)(hv_header.hv_phys + hv_header.hv_size - 1));

	if (hv_header.pool_offset >= hv_header.hv_size ||
	    !IS_ALIGNED(hv_header.pool_offset, PAGE_SIZE) ||
	    hv_header.config_size != sizeof(struct bh_system_desc) ||
	    hv_header.config_offset + hv_header.config_size >
		    hv_header.pool_offset) {
		printk("ERROR: boot header: inconsistent layout (config at 0x%llx size %llu, pool at 0x%llx)\n",
		       (unsigned long long)hv_header.config_offset,
		       (unsigned long long)hv_header.config_size,
		       (unsigned long long)hv_header.pool_offset);
		return -EINVAL;
	}

	hv_config =
		(const void *)(uintptr_t)(BH_HV_BASE + hv_header.config_offset);
	ret = config_check_system(hv_config, &err);
	if (ret) {
		printk("ERROR: system config: %s\n", err.msg);
		return ret;
	}
	if (hv_config->hypervisor_memory.phys_start != hv_header.hv_phys ||
	    hv_config->hypervisor_memory.size != hv_header.hv_size) {
		printk("ERROR: system config: hypervisor.memory does not match where the driver loaded the hypervisor\n");
		return -EINVAL;
	}
	console_start_uart();

	pool_pages = (hv_header.hv_size - hv_header.pool_offset) / PAGE_SIZE;
	ret = pool_init(&hv_pool,
			(void *)(uintptr_t)(BH_HV_BASE + hv_header.pool_offset),
			pa_init(hv_header.hv_phys + hv_header.pool_offset),
			pool_pages);
	if (ret) {
		printk("ERROR: page pool: cannot manage %llu pages\n",
		       (unsigned long long)pool_pages);
		return ret;
	}

	ret = root_cell_init();
	if (ret)
		return ret;
	if (hv_config->regulation.max_hold_us &&
	    !arch_regulation_supported(&why)) {
		printk("ERROR: system config: regulation: the root cell cannot be regulated here: %s; leave the regulation block out\n",
		       why);
		return -EINVAL;
	}
	regulation_init(&hv_config->regulation, hv_header.tsc_khz);

	status_update_pool();
	return 0;
}

/* The CPUs Linux sends in: every one it had online. */
static u64 entering_cpus(void)
{
	u64 cpus = 0;
	unsigned int i;

	for (i = 0; i < BH_MAX_CPUS_BOOT && i < MAX_CPUS; i++)
		if (hv_header.cpu_structs[i])
			cpus |= BIT(i);
	return cpus;
}

void hv_cpu_entry(struct bh_linux_cpu *linux_cpu)
{
	struct per_cpu *cpu = per_cpu(linux_cpu->cpu);
	char list[96];
	u64 missing;
	int ret;

	spin_lock(&init_lock);
	if (!init_done) {
		init_error = global_init();
		init_done = true;
	}
	ret = init_error;
	spin_unlock(&init_lock);

	cpu->id = linux_cpu->cpu;
	cpu->apic_id = linux_cpu->apic_id;
	cpu->linux_cpu = linux_cpu;
	cpu->cell = &root_cell;
	cpu->stats = &hv_status.cpu[cpu->id];

	if (!ret) {
		ret = arch_cpu_init(cpu);
		if (ret)
			printk("ERROR: CPU %u: setup failed (%d)\n", cpu->id,
			       ret);
	}
	if (ret)
		__atomic_store_n(&cpus_error, ret, __ATOMIC_SEQ_CST);

	/*
	 * Before the meeting: the first CPU out of it runs Linux again, whose
	 * IPIs are resolved against in_hv; a CPU not yet marked would be
	 * dropped from a multi-CPU destination without a word.
	 */
	cpu->in_hv = !ret;
	/* all in, or all out: a CPU that never comes fails the enable */
	if (rendezvous_join(&enable_meeting, cpu->id, entering_cpus(),
			    BH_WAIT_CPUS_MS, NULL, NULL, &missing) != 0) {
		cpu_list_format(list, sizeof(list), missing);
		printk("ERROR: enable: CPU %u: CPUs %s did not enter within %u ms\n",
		       cpu->id, list, BH_WAIT_CPUS_MS);
		__atomic_store_n(&cpus_error, -ETIMEDOUT, __ATOMIC_SEQ_CST);
	}

	ret = READ_ONCE(cpus_error);
	if (ret) {
		cpu->in_hv = false;
		if (!init_error)
			arch_cpu_cleanup(cpu);
		arch_cpu_leave(cpu, ret);
	}

	cpu->stats->online = 1;
	cpu->stats->cell = 0;
	if (cpu->id == 0)
		printk("Activating hypervisor on %u CPUs\n",
		       hv_header.num_cpus);
	arch_cpu_activate(cpu);
}
