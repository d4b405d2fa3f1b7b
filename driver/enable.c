// SPDX-License-Identifier: GPL-2.0
/*
 * Enabling and disabling the hypervisor: checks, loading the image into the
 * memory reserved with memmap=, and moving every CPU into it and back.
 */
#include <linux/cpu.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <asm/desc.h>
#include <asm/debugreg.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <bulkhead/hypercall.h>
#include <bulkhead/ioctl.h>
#include "bulkhead.h"
#include "tramp_offsets.h"

static_assert(offsetof(struct bh_linux_cpu, cr3) == LC_CR3);
static_assert(offsetof(struct bh_linux_cpu, gdtr.limit) == LC_GDTR_LIMIT);
static_assert(offsetof(struct bh_linux_cpu, idtr.limit) == LC_IDTR_LIMIT);
static_assert(offsetof(struct bh_linux_cpu, ds.selector) == LC_DS_SEL);
static_assert(offsetof(struct bh_linux_cpu, es.selector) == LC_ES_SEL);
static_assert(offsetof(struct bh_linux_cpu, resume_rip) == LC_RESUME_RIP);
static_assert(offsetof(struct bh_linux_cpu, resume_rsp) == LC_RESUME_RSP);
static_assert(offsetof(struct bh_linux_cpu, regs) == LC_REGS);
static_assert(offsetof(struct bh_linux_cpu, iret) == LC_REGS + 16 * 8);
static_assert(sizeof(struct bh_linux_cpu) <= PAGE_SIZE);

#define PAGE_TABLE_PAGES 64
#define MSR_X2APIC_ID 0x802

struct bh_state bh = { .lock = __MUTEX_INITIALIZER(bh.lock) };

long bh_hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	return bh_hypercall_raw(bh.vmmcall, code, arg1, arg2);
}

/* memmap=SIZE$BASE turns RAM into an e820 "Reserved" resource. */
/*
 * The hypervisor image, a file name in /lib/firmware: the shipped one, or
 * for tests the fault-injection build (docs/testing.md). Read at enable.
 */
static char *firmware = BH_FIRMWARE;
module_param(firmware, charp, 0644);
MODULE_PARM_DESC(firmware,
		 "hypervisor image in /lib/firmware (default " BH_FIRMWARE ")");

/* The image's name as the parameter says now: a plain file name. */
static int firmware_name(char *name, size_t size, char *reason)
{
	size_t len;

	kernel_param_lock(THIS_MODULE);
	len = strscpy(name, firmware ? firmware : "", size) < 0 ? size :
								  strlen(name);
	kernel_param_unlock(THIS_MODULE);
	/* as echo writes it into sysfs */
	if (len > 0 && len < size && name[len - 1] == '\n')
		name[--len] = '\0';
	if (len == 0 || len >= size || name[0] == '.' || strchr(name, '/'))
		return refuse(
			"firmware parameter: '%s' is not a file name in /lib/firmware",
			name);
	return 0;
}

static int check_reserved(const char *field, u64 start, u64 size, char *reason)
{
	int r;

	r = region_intersects(start, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE);
	if (r != REGION_DISJOINT)
		return refuse(
			"%s 0x%llx-0x%llx overlaps System RAM in use by Linux: boot with memmap=0x%llx$0x%llx",
			field, start, start + size - 1, size, start);
	r = region_intersects(start, size, IORESOURCE_MEM, IORES_DESC_RESERVED);
	if (r != REGION_INTERSECTS)
		return refuse(
			"%s 0x%llx-0x%llx is %s reserved: boot with memmap=0x%llx$0x%llx",
			field, start, start + size - 1,
			r == REGION_MIXED ? "only partly" : "not", size, start);
	return 0;
}

static int check_cpus(const struct bh_system_desc *c, char *reason)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (cpu >= BH_MAX_CPUS_BOOT)
			return refuse(
				"CPU %u is online but Bulkhead supports CPUs 0-%u only",
				cpu, BH_MAX_CPUS_BOOT - 1);
		if (!(c->root_cell.cpu_set & BIT_ULL(cpu)))
			return refuse(
				"root-cell.cpus: CPU %u is online but not listed",
				cpu);
	}
	for (cpu = 0; cpu < BH_MAX_CPUS_BOOT; cpu++)
		if ((c->root_cell.cpu_set & BIT_ULL(cpu)) && !cpu_online(cpu))
			return refuse(
				"root-cell.cpus: CPU %u is listed but not online",
				cpu);
	return 0;
}

static u16 seg_attrib(u64 d)
{
	return ((d >> 40) & 0xff) | ((d >> 44) & 0xf00);
}

/* Selector, attributes, limit and base as the VMCB wants them. */
static void read_segment(struct bh_segment *s, u16 sel)
{
	const u64 *gdt = (const u64 *)get_current_gdt_ro();
	u64 d, limit;

	s->selector = sel;
	if (!(sel & ~3)) {
		s->attrib = 0;
		s->limit = 0;
		s->base = 0;
		return;
	}
	d = gdt[sel >> 3];
	limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
	if (d & BIT_ULL(55))
		limit = (limit << 12) | 0xfff;
	s->attrib = seg_attrib(d);
	s->limit = limit;
	s->base = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
	/* system segments (TSS, LDT) have 16-byte descriptors */
	if (!(d & BIT_ULL(44)))
		s->base |= gdt[(sel >> 3) + 1] << 32;
}

static void capture_linux_state(struct bh_linux_cpu *lc)
{
	struct desc_ptr dt;
	u16 sel;

	lc->cpu = smp_processor_id();
	lc->apic_id = cpu_physical_id(smp_processor_id());
	lc->cr0 = read_cr0();
	lc->cr3 = __read_cr3();
	lc->cr4 = __read_cr4();
	rdmsrl(MSR_EFER, lc->efer);
	rdmsrl(MSR_IA32_CR_PAT, lc->pat);
	native_store_gdt(&dt);
	lc->gdtr.base = dt.address;
	lc->gdtr.limit = dt.size;
	store_idt(&dt);
	lc->idtr.base = dt.address;
	lc->idtr.limit = dt.size;
	savesegment(cs, sel);
	read_segment(&lc->cs, sel);
	savesegment(ss, sel);
	read_segment(&lc->ss, sel);
	savesegment(ds, sel);
	read_segment(&lc->ds, sel);
	savesegment(es, sel);
	read_segment(&lc->es, sel);
	savesegment(fs, sel);
	read_segment(&lc->fs, sel);
	savesegment(gs, sel);
	read_segment(&lc->gs, sel);
	read_segment(&lc->tr, native_store_tr());
	asm volatile("sldt %0" : "=r"(sel));
	read_segment(&lc->ldtr, sel);
	rdmsrl(MSR_FS_BASE, lc->fs_base);
	rdmsrl(MSR_GS_BASE, lc->gs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, lc->kernel_gs_base);
	rdmsrl(MSR_IA32_SYSENTER_CS, lc->sysenter_cs);
	rdmsrl(MSR_IA32_SYSENTER_ESP, lc->sysenter_esp);
	rdmsrl(MSR_IA32_SYSENTER_EIP, lc->sysenter_eip);
	rdmsrl(MSR_STAR, lc->star);
	rdmsrl(MSR_LSTAR, lc->lstar);
	rdmsrl(MSR_CSTAR, lc->cstar);
	rdmsrl(MSR_SYSCALL_MASK, lc->sfmask);
	get_debugreg(lc->dr7, 7);
}

struct enter_ctx {
	u64 hv_cr3;
	u64 entry;
	u64 cpus; /* the CPUs online when the hypervisor was loaded */
};

/* Online CPUs as a mask; check_cpus keeps them below BH_MAX_CPUS_BOOT. */
static u64 online_mask(void)
{
	unsigned int cpu;
	u64 m = 0;

	for_each_online_cpu(cpu)
		if (cpu < BH_MAX_CPUS_BOOT)
			m |= BIT_ULL(cpu);
	return m;
}

/*
 * Every online CPU enters at once from stop_machine, interrupts off, so
 * that the hypervisor's 2 s meeting waits for its own setup only. From an
 * IPI, as before, a CPU could be caught holding a spinlock that another
 * one spins for with interrupts off, and that one never takes the IPI; a
 * slow machine's IPIs alone could exceed the meeting (Bochs).
 */
static int enter_cpu(void *info)
{
	struct enter_ctx *ctx = info;
	struct bh_linux_cpu *lc =
		(void *)bh.cpus + smp_processor_id() * PAGE_SIZE;

	/* the same on every CPU: all of them are here, none can change it */
	if (online_mask() != ctx->cpus) {
		lc->result = -EAGAIN;
		return -EAGAIN;
	}
	capture_linux_state(lc);
	lc->result = bh_tramp_enter(lc, ctx->hv_cr3, ctx->entry);
	return 0;
}

static int disable_cpu(void *info)
{
	struct bh_linux_cpu *lc =
		(void *)bh.cpus + smp_processor_id() * PAGE_SIZE;

	lc->result = bh_hypercall(BH_HC_DISABLE, 0, 0);
	return 0;
}

bool bh_console_error_since(u64 since, char *reason)
{
	const struct bh_status *st = bh.status;
	u64 end = READ_ONCE(st->console_written), pos;
	char line[BH_REASON_LEN];
	unsigned int len = 0;

	if (end - since > BH_CONSOLE_SIZE)
		since = end - BH_CONSOLE_SIZE;
	for (pos = since; pos < end; pos++) {
		char c = st->console[pos % BH_CONSOLE_SIZE];

		if (c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = 0;
		len = 0;
		if (!strncmp(line, "ERROR: ", 7) ||
		    !strncmp(line, "FATAL: ", 7)) {
			strscpy(reason, line + 7, BH_REASON_LEN);
			return true;
		}
	}
	return false;
}

static u64 phys_map_size(const struct bh_system_desc *c)
{
	u64 end =
		max(c->hypervisor_memory.phys_start + c->hypervisor_memory.size,
		    c->cell_memory.phys_start + c->cell_memory.size);
	unsigned int i;

	for (i = 0; i < c->root_cell.num_mem_regions && i < BH_MAX_MEM_REGIONS;
	     i++) {
		const struct bh_mem_region *r = &c->root_cell.mem_regions[i];

		end = max(end, r->phys_start + r->size);
	}
	return ALIGN(end, SZ_1G);
}

/*
 * Code read-execute, the header and read-only data read-only, everything
 * else (data, bss, config, page pool) read-write and never executable:
 * nothing the hypervisor writes can run, nothing it runs can be written.
 */
static int map_hypervisor(struct bh_pgtable *pt, const struct bh_hv_header *h)
{
	const struct {
		u64 start, end, flags;
	} parts[] = {
		{ 0, h->text_start, BH_PTE_P | BH_PTE_NX },
		{ h->text_start, h->text_end, BH_PTE_P },
		{ h->text_end, h->rodata_end, BH_PTE_P | BH_PTE_NX },
		{ h->rodata_end, bh.hv_size, BH_PTE_P | BH_PTE_RW | BH_PTE_NX },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		if (parts[i].end <= parts[i].start)
			continue;
		ret = bh_pgtable_map(pt, BH_HV_BASE + parts[i].start,
				     bh.hv_phys + parts[i].start,
				     parts[i].end - parts[i].start,
				     parts[i].flags);
		if (ret)
			return ret;
	}
	return 0;
}

/* Linux's direct-mapped pages at their Linux addresses. */
static int map_linux_range(struct bh_pgtable *pt, void *start, u64 size,
			   u64 flags)
{
	u64 va = (u64)start & PAGE_MASK, end = (u64)start + size;
	int ret;

	for (; va < end; va += PAGE_SIZE) {
		u64 pa = __pa(va);

		ret = bh_pgtable_map(pt, va, pa, PAGE_SIZE, flags);
		if (ret)
			return ret;
	}
	return 0;
}

static int load_hypervisor(const struct bh_system_desc *c,
			   const struct firmware *fw, const char *fw_name,
			   u64 *hv_cr3, char *reason)
{
	struct bh_hv_header *hdr = (void *)fw->data;
	u64 cfg_off, pt_off, tramp_off, tramp_size, pool_off;
	struct bh_pgtable pt;
	unsigned int cpu;
	int ret;

	if (fw->size < sizeof(*hdr) ||
	    memcmp(hdr->signature, BH_HV_SIGNATURE, 8) ||
	    hdr->version != BH_BOOT_VERSION)
		return refuse(
			"%s: not a Bulkhead hypervisor image of boot ABI version %u",
			fw_name, BH_BOOT_VERSION);
	cfg_off = PAGE_ALIGN(hdr->image_size);
	pt_off = PAGE_ALIGN(cfg_off + sizeof(*c));
	tramp_off = pt_off + PAGE_TABLE_PAGES * PAGE_SIZE;
	tramp_size = PAGE_ALIGN((u64)bh_tramp_end) -
		     ((u64)bh_tramp_start & PAGE_MASK);
	pool_off = tramp_off + tramp_size;
	if (hdr->image_size < fw->size || hdr->image_size > BH_HV_MAX_SIZE ||
	    pool_off + 16 * PAGE_SIZE > bh.hv_size)
		return refuse(
			"hypervisor.memory: %llu bytes are too small for the image (%llu bytes), config and page tables",
			bh.hv_size, hdr->image_size);

	if (hdr->text_start > hdr->text_end ||
	    hdr->text_end > hdr->rodata_end ||
	    hdr->rodata_end > hdr->image_size ||
	    (hdr->text_start | hdr->text_end | hdr->rodata_end) & ~PAGE_MASK)
		return refuse(
			"%s: section offsets out of order or not page-aligned",
			fw_name);

	memcpy(bh.hv_mem, fw->data, fw->size);
	memset(bh.hv_mem + fw->size, 0, hdr->image_size - fw->size);
	memcpy(bh.hv_mem + cfg_off, c, sizeof(*c));
	/*
	 * The trampoline runs on both sides of the CR3 switch. What runs
	 * before it under the hypervisor's tables comes from this copy in
	 * hypervisor memory, which Linux cannot write; after the switch the
	 * CPU is Linux's again and fetches Linux's own pages.
	 */
	memcpy(bh.hv_mem + tramp_off, (void *)((u64)bh_tramp_start & PAGE_MASK),
	       tramp_size);

	hdr = bh.hv_mem;
	hdr->hv_phys = bh.hv_phys;
	hdr->hv_size = bh.hv_size;
	hdr->config_offset = cfg_off;
	hdr->config_size = sizeof(*c);
	hdr->pool_offset = pool_off;
	hdr->phys_map_size = phys_map_size(c);
	hdr->num_cpus = num_online_cpus();
	hdr->tsc_khz = tsc_khz;
	hdr->leave_entry = (u64)bh_tramp_leave;
	hdr->lapic_phys = native_read_msr(MSR_IA32_APICBASE) &
			  MSR_IA32_APICBASE_BASE;
	for_each_online_cpu(cpu)
		hdr->cpu_structs[cpu] = (u64)bh.cpus + cpu * PAGE_SIZE;
	bh.status = bh.hv_mem + hdr->status_offset;

	ret = bh_pgtable_init(&pt, bh.hv_mem + pt_off, bh.hv_phys + pt_off,
			      PAGE_TABLE_PAGES);
	if (!ret)
		ret = map_hypervisor(&pt, hdr);
	if (!ret)
		ret = bh_pgtable_map(&pt, BH_PHYS_MAP_BASE, 0,
				     hdr->phys_map_size,
				     BH_PTE_P | BH_PTE_RW | BH_PTE_NX);
	if (!ret)
		ret = bh_pgtable_map(&pt, (u64)bh_tramp_start & PAGE_MASK,
				     bh.hv_phys + tramp_off, tramp_size,
				     BH_PTE_P);
	if (!ret)
		ret = bh_pgtable_map(&pt, BH_LAPIC_VIRT, hdr->lapic_phys,
				     PAGE_SIZE,
				     BH_PTE_P | BH_PTE_RW | BH_PTE_NX |
					     BH_PTE_PCD | BH_PTE_PWT);
	if (!ret)
		ret = map_linux_range(&pt, bh.cpus,
				      (u64)bh.cpus_pages * PAGE_SIZE,
				      BH_PTE_P | BH_PTE_RW | BH_PTE_NX);
	if (ret)
		return refuse("hypervisor page tables need more than %u pages",
			      PAGE_TABLE_PAGES);
	*hv_cr3 = pt.phys;
	return 0;
}

void bh_release_memory(void)
{
	if (bh.hv_mem)
		memunmap(bh.hv_mem);
	bh.hv_mem = NULL;
	bh.status = NULL;
	if (bh.cpus)
		free_pages_exact(bh.cpus, (size_t)bh.cpus_pages * PAGE_SIZE);
	bh.cpus = NULL;
	kfree(bh.config);
	bh.config = NULL;
}

int bh_enable(const struct bh_system_desc *c, char *reason)
{
	const struct firmware *fw = NULL;
	char fw_name[64] = "";
	struct enter_ctx ctx;
	u64 m;
	bool svm, vmx;
	int ret;

	if (bh.enabled)
		return refuse("the hypervisor is already enabled");
	if (memcmp(c->signature, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN) ||
	    c->version != BH_CONFIG_VERSION || c->size != sizeof(*c))
		return refuse(
			"not a system config of version %u (compile it with 'bulkhead config compile')",
			BH_CONFIG_VERSION);
	if (c->hypervisor_memory.size > BH_HV_MAX_SIZE ||
	    !IS_ALIGNED(c->hypervisor_memory.phys_start, SZ_2M))
		return refuse(
			"hypervisor.memory: must be 2 MiB aligned and at most %llu MiB",
			BH_HV_MAX_SIZE >> 20);
	/*
	 * Ask the CPU, not boot_cpu_data: Linux ANDs in the features of every
	 * CPU it brings up, and one brought up under the hypervisor saw SVM
	 * hidden, so the cached flags no longer show it after a disable.
	 */
	svm = cpuid_ecx(0x80000001) & BIT(2);
	vmx = cpuid_ecx(1) & BIT(5);
	if (!svm && !vmx)
		return refuse("this CPU has neither AMD SVM nor Intel VMX");
	/* another hypervisor (KVM) in VMX operation: VMXON would fail */
	if (!svm && (__read_cr4() & X86_CR4_VMXE))
		return refuse(
			"CR4.VMXE is set: another hypervisor uses VMX (unload kvm_intel)");
	if (!boot_cpu_has(X86_FEATURE_GBPAGES))
		return refuse(
			"this CPU has no 1 GiB pages, which the hypervisor's page tables use");
	if (__read_cr4() & X86_CR4_LA57)
		return refuse(
			"5-level paging is active; Bulkhead supports 4-level paging only");
	/*
	 * A root in xAPIC mode (no interrupt remapping) has its APIC page's
	 * writes trapped and filtered by the hypervisor, one exit per write.
	 */
	if (!(native_read_msr(MSR_IA32_APICBASE) & X2APIC_ENABLE))
		pr_info("bulkhead: the local APIC is in xAPIC mode: every write to it (EOIs, IPIs) will exit to the hypervisor\n");

	ret = check_reserved("hypervisor.memory",
			     c->hypervisor_memory.phys_start,
			     c->hypervisor_memory.size, reason);
	if (!ret)
		ret = check_reserved("cell-memory", c->cell_memory.phys_start,
				     c->cell_memory.size, reason);
	if (ret)
		return ret;

	ret = firmware_name(fw_name, sizeof(fw_name), reason);
	if (ret)
		return ret;
	ret = request_firmware(&fw, fw_name, NULL);
	if (ret) {
		snprintf(reason, BH_REASON_LEN,
			 "cannot load /lib/firmware/%s (%d)", fw_name, ret);
		return ret;
	}

	bh_release_memory();
	bh.config = kmemdup(c, sizeof(*c), GFP_KERNEL);
	bh.cpus_pages = nr_cpu_ids;
	bh.cpus = alloc_pages_exact((size_t)bh.cpus_pages * PAGE_SIZE,
				    GFP_KERNEL | __GFP_ZERO);
	bh.hv_phys = c->hypervisor_memory.phys_start;
	bh.hv_size = c->hypervisor_memory.size;
	bh.hv_mem = memremap(bh.hv_phys, bh.hv_size, MEMREMAP_WB);
	if (!bh.config || !bh.cpus || !bh.hv_mem) {
		ret = -ENOMEM;
		snprintf(reason, BH_REASON_LEN,
			 "out of memory mapping the hypervisor");
		goto out;
	}
	bh.vmmcall = boot_cpu_data.x86_vendor == X86_VENDOR_AMD ||
		     boot_cpu_data.x86_vendor == X86_VENDOR_HYGON;

	cpus_read_lock();
	ret = check_cpus(c, reason);
	if (!ret)
		ret = load_hypervisor(c, fw, fw_name, &ctx.hv_cr3, reason);
	ctx.cpus = online_mask();
	/* stop_machine takes the hotplug lock itself; enter_cpu checks that
	 * no CPU came or went in between */
	cpus_read_unlock();
	if (!ret) {
		ctx.entry = ((struct bh_hv_header *)bh.hv_mem)->entry;
		stop_machine(enter_cpu, &ctx, cpu_online_mask);
		/* the CPUs that ran enter_cpu: those of the mask */
		for (m = ctx.cpus; m && !ret; m &= m - 1) {
			const struct bh_linux_cpu *lc =
				(void *)bh.cpus + __ffs64(m) * PAGE_SIZE;

			ret = lc->result;
		}
		if (ret == -EAGAIN)
			snprintf(
				reason, BH_REASON_LEN,
				"a CPU went online or offline during enable: enable again");
		else if (ret && !bh_console_error_since(0, reason))
			snprintf(
				reason, BH_REASON_LEN,
				"the hypervisor refused to start (%d); see 'bulkhead console'",
				ret);
		else if (!ret)
			bh.enabled = true;
	}

out:
	release_firmware(fw);
	if (ret) {
		pr_err("bulkhead: enable failed: %s\n", reason);
		return ret;
	}
	pr_info("bulkhead: hypervisor enabled on %u CPUs\n", num_online_cpus());
	if (strcmp(fw_name, BH_FIRMWARE))
		pr_info("bulkhead: the image is /lib/firmware/%s, not the shipped %s\n",
			fw_name, BH_FIRMWARE);
	/* outside the CPU hotplug lock: probing a driver may take it */
	bh_pci_add_ivshmem();
	return 0;
}

int bh_disable(char *reason)
{
	u64 since;
	unsigned int cpu;
	int ret = 0;

	if (!bh.enabled)
		return refuse("the hypervisor is not enabled");
	if (bh_cells_exist())
		return refuse(
			"cells exist: destroy them first ('bulkhead cell list')");

	/* every root CPU must leave, so offline ones come back first */
	for_each_present_cpu(cpu)
	{
		if (cpu_online(cpu) ||
		    !(bh.config->root_cell.cpu_set & BIT_ULL(cpu)))
			continue;
		ret = add_cpu(cpu);
		if (ret)
			return refuse(
				"CPU %u is offline and cannot be brought online (%d); the hypervisor needs it to disable",
				cpu, ret);
	}

	bh_pci_remove_ivshmem();
	since = READ_ONCE(bh.status->console_written);
	/* at once, from stop_machine, as enable (enter_cpu) */
	stop_machine(disable_cpu, NULL, cpu_online_mask);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct bh_linux_cpu *lc = (void *)bh.cpus + cpu * PAGE_SIZE;

		if (lc->result && !ret)
			ret = lc->result;
	}
	cpus_read_unlock();
	/* the first ERROR line names the CPUs that did not come */
	if (ret && !bh_console_error_since(since, reason))
		snprintf(reason, BH_REASON_LEN,
			 "the hypervisor refused to disable (%d)", ret);
	if (ret) {
		/* still running: give Linux its devices back */
		bh_pci_add_ivshmem();
		return ret;
	}
	bh.enabled = false;
	pr_info("bulkhead: hypervisor disabled\n");
	return 0;
}
