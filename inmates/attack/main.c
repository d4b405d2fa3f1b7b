// SPDX-License-Identifier: GPL-2.0
/*
 * Tries one thing a cell must not be able to do, chosen with
 * attack=<name> on the command line, and says so first:
 *   attack: trying <name>
 * If the cell is still running afterwards (the hypervisor let the access
 * through or handled it without stopping the cell) it says
 *   attack: <name> survived (value 0x...)
 * and idles like hello, so that a test can tell stopped from survived.
 */
#include <inmate/inmate.h>

#include "fpu.h"

#define ROOT_RAM_ADDR 0x10000000ul /* outside every example cell */
#define HV_MEMORY_ADDR 0x30000000ul /* the reference hypervisor memory */
#define ROOT_APIC_ID 0 /* the root cell's boot CPU */
#define IPI_VECTOR 0x40
#define PROBE_PORT 0x3f8
#define MSR_APIC_BASE 0x1b
#define MSR_EFER 0xc0000080
#define EFER_LME (1ul << 8)
#define EFER_RESERVED_BIT (1ul << 63)
/* what a cell CPU would read: default base, enabled, x2APIC, not the BSP */
#define APIC_BASE_CELL_VALUE 0xfee00c00ul
#define WRITE_PATTERN 0x5a5aa5a5c3c33c3cul

struct attack {
	const char *name;
	uint64_t (*run)(void);
};

static uint64_t root_ram(void)
{
	volatile uint64_t *p = (volatile uint64_t *)ROOT_RAM_ADDR;

	*p = WRITE_PATTERN;
	return *p;
}

static uint64_t hv_memory(void)
{
	return *(volatile uint64_t *)HV_MEMORY_ADDR;
}

/* Runs code outside the cell: an instruction fetch the nested tables stop. */
static uint64_t exec_outside(void)
{
	((void (*)(void))ROOT_RAM_ADDR)();
	return 0;
}

/*
 * Page tables outside the cell: the next fetch walks them through memory
 * the cell does not own, a fault of the walk, not of an access.
 */
static uint64_t cr3_outside(void)
{
	asm volatile("mov %0, %%cr3" ::"r"((uint64_t)ROOT_RAM_ADDR) : "memory");
	return 0;
}

static uint64_t send_to_root(uint32_t icr_low)
{
	apic_send_ipi(ROOT_APIC_ID, icr_low);
	return apic_icr_value(ROOT_APIC_ID, icr_low);
}

static uint64_t ipi_root(void)
{
	return send_to_root(APIC_DM_FIXED | APIC_LEVEL_ASSERT | IPI_VECTOR);
}

static uint64_t nmi_root(void)
{
	return send_to_root(APIC_DM_NMI | APIC_LEVEL_ASSERT);
}

static uint64_t init_root(void)
{
	return send_to_root(APIC_DM_INIT | APIC_LEVEL_ASSERT);
}

/*
 * INIT and SIPI to a CPU that stayed out of the hypervisor (the system
 * test boots 5 CPUs, Linux onlines 4): the CPU would run natively, outside
 * nested paging, from the SIPI's page.
 */
#define OUTSIDE_APIC_ID 4
static uint64_t sipi_outside(void)
{
	apic_send_ipi(OUTSIDE_APIC_ID, APIC_DM_INIT | APIC_LEVEL_ASSERT);
	apic_send_ipi(OUTSIDE_APIC_ID, APIC_DM_STARTUP | 0x10);
	return OUTSIDE_APIC_ID;
}

static uint64_t port(void)
{
	return inb(PROBE_PORT);
}

/* The other widths and the string form of the same refused port. */
static uint64_t port_word(void)
{
	uint16_t v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"((uint16_t)PROBE_PORT));
	return v;
}

static uint64_t port_string(void)
{
	uint8_t buf[4];
	void *dst = buf;
	unsigned long n = sizeof(buf);

	asm volatile("rep insb"
		     : "+D"(dst), "+c"(n)
		     : "d"((uint16_t)PROBE_PORT)
		     : "memory");
	return buf[0];
}

/*
 * IPIs in the other destination modes and shorthands, and the other
 * delivery modes: each reaches a root CPU or no CPU the cell may address.
 */
#define ICR_ALL_BUT_SELF (3u << 18)
#define ICR_LOGICAL (1u << 11)
#define APIC_DM_LOWEST 0x100
#define APIC_DM_SMI 0x200
static uint64_t ipi_all_but_self(void)
{
	apic_send_ipi(0, ICR_ALL_BUT_SELF | APIC_DM_FIXED | APIC_LEVEL_ASSERT |
				 IPI_VECTOR);
	return ICR_ALL_BUT_SELF;
}

/* x2APIC logical: cluster 0, bit 0 is the root's CPU 0 */
static uint64_t ipi_logical(void)
{
	apic_send_ipi(1, ICR_LOGICAL | APIC_DM_FIXED | APIC_LEVEL_ASSERT |
				 IPI_VECTOR);
	return 1;
}

static uint64_t ipi_lowest(void)
{
	return send_to_root(APIC_DM_LOWEST | APIC_LEVEL_ASSERT | IPI_VECTOR);
}

/* An SMI, even to itself, would run firmware code outside any cell. */
static uint64_t ipi_smi_self(void)
{
	uint32_t self = comm()->apic_ids[0];

	apic_send_ipi(self, APIC_DM_SMI | APIC_LEVEL_ASSERT);
	return self;
}

/* SVM instructions: the hypervisor offers none; each must give #UD. */
static uint64_t svm_vmrun(void)
{
	asm volatile("vmrun" ::"a"(0ul) : "memory");
	return 0;
}

static uint64_t svm_vmsave(void)
{
	asm volatile("vmsave" ::"a"(0ul) : "memory");
	return 0;
}

static uint64_t svm_stgi(void)
{
	asm volatile("stgi" ::: "memory");
	return 0;
}

/*
 * VMX instructions: on Intel each is an exit in VMX non-root operation and
 * must come back to the cell as #UD, never reach a VMCS; on AMD they are
 * #UD without us.
 */
static uint64_t vmx_vmxon(void)
{
	static uint64_t region __attribute__((aligned(4096)));

	asm volatile("vmxon %0" ::"m"(region) : "memory", "cc");
	return 0;
}

static uint64_t vmx_vmread(void)
{
	uint64_t value = 0;

	/* field 0x6820: the guest's RFLAGS, in whatever VMCS is current */
	asm volatile("vmread %1, %0" : "=r"(value) : "r"(0x6820ul) : "cc");
	return value;
}

/*
 * Performance counter 0, which is the root's: a cell's RDPMC exits on both
 * vendors and must come back as #GP (the library's handler reports
 * exception 13), never with a count.
 */
static uint64_t rdpmc_root(void)
{
	uint32_t lo, hi;

	asm volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(0u));
	return (uint64_t)hi << 32 | lo;
}

/*
 * Hypercalls a cell may make, with hostile arguments: memory in the
 * hypervisor, a range that wraps, a huge size, an unknown code, an unknown
 * info. Each must come back as an error, nothing else.
 */
static uint64_t hypercall_hostile(void)
{
	long r[5];

	r[0] = hypercall(BH_HC_CONSOLE_WRITE, HV_MEMORY_ADDR, 16);
	r[1] = hypercall(BH_HC_CONSOLE_WRITE, ~0xffful, 0x2000);
	r[2] = hypercall(BH_HC_CONSOLE_WRITE, 0, ~0ul);
	r[3] = hypercall(0x7777, ~0ul, ~0ul);
	r[4] = hypercall(BH_HC_GET_INFO, ~0ul, 0);
	printf("attack: hypercall-hostile returned %ld %ld %ld %ld %ld\n", r[0],
	       r[1], r[2], r[3], r[4]);
	return (uint64_t)(r[0] < 0 && r[1] < 0 && r[2] < 0 && r[3] < 0 &&
			  r[4] < 0);
}

/* The console hypercall, the way around the comm region's ring. */
static uint64_t console_forge_hypercall(void)
{
	static const char forged[] = "ERROR: forged by hypercall\n";

	return (uint64_t)hypercall(BH_HC_CONSOLE_WRITE, (uintptr_t)forged,
				   sizeof(forged) - 1);
}

/*
 * 100000 hypercalls with random codes and arguments (xorshift, fixed
 * seed): every one must come back, and the cell run on. Returns how many
 * came back with 0 or more.
 */
#define FUZZ_CALLS 100000
static uint64_t hypercall_fuzz(void)
{
	uint64_t x = 0x5eed, args[3], ok = 0;
	unsigned int i, k;

	for (i = 0; i < FUZZ_CALLS; i++) {
		for (k = 0; k < 3; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* small values half of the time: real codes, ids,
			 * sizes, addresses inside the cell */
			args[k] = (x % 4) == 0 ? (x >> 8) & 0xff :
				  (x % 4) == 1 ? (x >> 8) & 0xfffff :
						 x;
		}
		if (hypercall(args[0] % 2 ? args[0] % 16 : args[0], args[1],
			      args[2]) >= 0)
			ok++;
	}
	printf("attack: hypercall-fuzz: %u calls came back, %lu with 0 or more\n",
	       FUZZ_CALLS, (unsigned long)ok);
	return ok;
}

/* An MSR a cell may write (its own syscall entry): this one must work. */
#define MSR_LSTAR 0xc0000082
static uint64_t msr_allowed(void)
{
	wrmsr(MSR_LSTAR, 0x123456789abcul);
	return rdmsr(MSR_LSTAR);
}

static uint64_t hypercall_root(void)
{
	long ret = hypercall(BH_HC_DISABLE, 0, 0);

	printf("attack: hypercall-root returned %ld\n", ret);
	return (uint64_t)ret;
}

/*
 * Not read first: a cell may not read IA32_APIC_BASE either, and the
 * attempt is about the write.
 */
static uint64_t msr(void)
{
	wrmsr(MSR_APIC_BASE, APIC_BASE_CELL_VALUE);
	return APIC_BASE_CELL_VALUE;
}

/*
 * EFER values the hardware refuses with #GP. They must reach the cell as
 * that #GP (the library's handler reports exception 13 and stops the CPU),
 * not the VMCB, where VMRUN would fail and take the CPU with it.
 */
static uint64_t efer_reserved(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_RESERVED_BIT);
	return rdmsr(MSR_EFER);
}

/* Leaving long mode without turning paging off first. */
static uint64_t efer_lme(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~EFER_LME);
	return rdmsr(MSR_EFER);
}

/*
 * A single-step trap raises #DB, which the hypervisor intercepts (so that a
 * #DB loop cannot shut out its management NMIs) and must hand back
 * unchanged: the library's handler reports exception 1.
 */
static uint64_t single_step(void)
{
	asm volatile("pushfq; orq $0x100, (%%rsp); popfq; nop; nop" ::
			     : "memory", "cc");
	return 1;
}

/*
 * A line that would read as the hypervisor's own refusal, and a terminal
 * escape sequence (clear screen): the console must show both as the
 * cell's, prefixed with its name, the escape character as '?'.
 */
static uint64_t console_forge(void)
{
	printf("\nERROR: forged by the cell\n\x1b[2J\n");
	return 0;
}

/*
 * Leaves the local APIC armed (TPR raised, timer, performance, LINT1 and
 * error LVTs unmasked, a timer count running) for whatever runs on the CPU
 * next; apic-show, started after it in the same cell, reports what it
 * finds. The hypervisor must have reset all of it at the stop.
 */
#define LVT_TIMER_PERIODIC 0x20000
#define MSR_TSC_AUX 0xc0000103
static uint64_t apic_dirty(void)
{
	wrmsr(X2APIC_TPR, 0x20);
	wrmsr(X2APIC_LVT_PERF, 0x42);
	wrmsr(X2APIC_LVT_LINT1, 0x44);
	wrmsr(X2APIC_LVT_ERROR, 0x43);
	wrmsr(X2APIC_LVT_TIMER, LVT_TIMER_PERIODIC | 0x41);
	/* long enough not to fire before the stop */
	wrmsr(X2APIC_TIMER_INIT, 0xffffffff);
	/* CPU state no VMCB holds: the next guest must not find it */
	wrmsr(MSR_TSC_AUX, 0x5ec2e7);
	asm volatile("mov %0, %%dr0; mov %0, %%dr3" ::"r"(0x5ec2e70ul));
	return rdmsr(X2APIC_LVT_TIMER);
}

static uint64_t apic_show(void)
{
	const struct apic_entry_state *e = apic_entry_state();
	unsigned long dr0, dr3;

	asm volatile("mov %%dr0, %0; mov %%dr3, %1" : "=r"(dr0), "=r"(dr3));
	printf("attack: cpu at entry: tsc_aux=0x%lx dr0=0x%lx dr3=0x%lx\n",
	       (unsigned long)rdmsr(MSR_TSC_AUX), dr0, dr3);

	printf("attack: apic at entry: tpr=0x%lx lvt_timer=0x%lx lvt_perf=0x%lx lvt_lint1=0x%lx lvt_error=0x%lx timer_init=0x%lx in_service=%lu\n",
	       (unsigned long)e->tpr, (unsigned long)e->lvt_timer,
	       (unsigned long)e->lvt_perf, (unsigned long)e->lvt_lint1,
	       (unsigned long)e->lvt_error, (unsigned long)e->timer_init,
	       (unsigned long)e->isr_vectors);
	return 0;
}

/*
 * restart-sibling, for a cell of two CPUs: the second CPU restarts the
 * first, again and again, with INIT and SIPI into the library's
 * trampoline, as a cell may do with its own CPUs, and keeps at it while the
 * root cell stops the cell. The first CPU, each time it is back, executes
 * CPUID in a loop: every one is a VM exit, so the root cell sees in the
 * first CPU's exit counter whether it runs after the stop. Parking must
 * win: it must not. Nothing here prints or takes a lock, since a CPU can
 * be reset anywhere.
 *
 * The trampoline's variables belong to the library (smp.c fills them to
 * start a CPU); this attack fills them itself to send the first CPU there.
 */
extern char ap_trampoline[];
extern uint64_t ap_boot_stack;
extern uint32_t ap_boot_cpu;

static uint8_t restarted_stack[4096] __attribute__((aligned(16)));

static void restart_sibling_cpu(unsigned int cpu)
{
	uint32_t vector = (uint32_t)((uintptr_t)ap_trampoline >> 12);
	uint32_t a, b, c, d;

	if (cpu == 0)
		for (;;)
			cpuid(0, 0, &a, &b, &c, &d);
	for (;;) {
		ap_boot_stack =
			(uintptr_t)restarted_stack + sizeof(restarted_stack);
		ap_boot_cpu = 0;
		apic_send_ipi(smp_apic_id(0), APIC_DM_INIT | APIC_LEVEL_ASSERT);
		apic_send_ipi(smp_apic_id(0), APIC_DM_STARTUP | vector);
		delay_us(500);
	}
}

static uint64_t restart_sibling(void)
{
	if (smp_num_cpus() < 2) {
		printf("attack: restart-sibling needs a cell of 2 CPUs\n");
		return 0;
	}
	printf("attack: restart-sibling: CPU 1 restarts CPU 0 from now on\n");
	smp_start(restart_sibling_cpu);
	restart_sibling_cpu(0);
	return 0;
}

/*
 * What a new cell finds in its RAM and what it leaves there: it reports the
 * two words at guest 0x80000 (above any image; the system test had the
 * root cell write there before the create), then writes a secret for the
 * root cell to look for after the destroy. Both must find zeros.
 */
#define RAM_PROBE_ADDR 0x80000ul
#define RAM_SECRET 0x5ec2e75eu
static uint64_t ram_probe(void)
{
	volatile uint32_t *p = (volatile uint32_t *)RAM_PROBE_ADDR;

	printf("attack: ram at 0x%lx: 0x%x 0x%x\n", RAM_PROBE_ADDR,
	       (unsigned int)p[0], (unsigned int)p[1]);
	p[0] = RAM_SECRET;
	p[1] = RAM_SECRET;
	return p[0];
}

struct idt_desc {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/*
 * With an empty IDT, int3 cannot be delivered (#GP), nor can the #GP or
 * the #DF that follow: a triple fault. ud2 in case int3 comes back.
 */
static uint64_t triple_fault(void)
{
	struct idt_desc empty = { 0, 0 }, saved;

	asm volatile("sidt %0" : "=m"(saved));
	asm volatile("lidt %0; int3; ud2" : : "m"(empty) : "memory");
	asm volatile("lidt %0" : : "m"(saved));
	return 3;
}

/*
 * ivshmem and PCI: what a cell may not do with its ivshmem device. Each
 * needs the device; a cell without one says so and idles:
 *   attack: <name> skipped: <why>
 */
#define SHM_PATTERN 0x5a5aa5a5u
#define STRAY_APIC_IDS 2 /* root CPUs in the reference setup: 0 and 1 */
#define BAD_DOORBELLS 1000
#define BAD_PEER 200
#define BAD_VECTOR 999
#define PCI_DEVICES_PER_BUS 32

static struct ivshmem shm_dev;
static volatile uint32_t stray_irqs;

static __attribute__((noreturn)) void skip(const char *name, const char *why)
{
	printf("attack: %s skipped: %s\n", name, why);
	comm_idle("attack");
}

static struct ivshmem *need_ivshmem(const char *name)
{
	/* the library has printed what is missing */
	if (ivshmem_init(&shm_dev, 0) < 0)
		skip(name, "no usable ivshmem device");
	return &shm_dev;
}

/* Peer 0's output section (peer 1's if this cell is peer 0). */
static uint64_t ivshmem_foreign_output(void)
{
	struct ivshmem *d = need_ivshmem("ivshmem-foreign-output");
	uint32_t victim = ivshmem_get_id(d) == 0 ? 1 : 0;
	const volatile void *sec;
	volatile uint32_t *p;

	if (!ivshmem_get_output_section(d, victim, &sec))
		skip("ivshmem-foreign-output", "output sections are empty");
	p = (volatile uint32_t *)(uintptr_t)sec;
	printf("attack: ivshmem-foreign-output: writing 0x%x to peer %u's "
	       "output section at 0x%lx\n",
	       SHM_PATTERN, victim, (unsigned long)(uintptr_t)p);
	*p = SHM_PATTERN;
	return *p;
}

/* The own entry of the state table, forged without the State register. */
static uint64_t ivshmem_state_table(void)
{
	struct ivshmem *d = need_ivshmem("ivshmem-state-table");
	const volatile uint32_t *table;
	volatile uint32_t *p;

	ivshmem_get_state_table(d, &table);
	p = (volatile uint32_t *)(uintptr_t)&table[ivshmem_get_id(d)];
	printf("attack: ivshmem-state-table: writing 0x%x to own entry %u "
	       "of the state table at 0x%lx\n",
	       SHM_PATTERN, ivshmem_get_id(d), (unsigned long)(uintptr_t)p);
	*p = SHM_PATTERN;
	return *p;
}

static void count_stray(unsigned int vector, uint64_t entry_tsc)
{
	(void)vector;
	(void)entry_tsc;
	stray_irqs++;
}

static bool own_apic_id(uint32_t id)
{
	for (unsigned int i = 0; i < smp_num_cpus(); i++)
		if (smp_apic_id(i) == id)
			return true;
	return false;
}

/*
 * MSI-X entry 1 aimed at a CPU outside the cell (APIC IDs 0 and 1 unless
 * they are the cell's), then a doorbell to ourselves on vector 1: the
 * device would deliver it to that CPU. Returns how many IDs were tried;
 * an interrupt that arrives here anyway is counted.
 */
static uint64_t ivshmem_msix_outside(void)
{
	struct ivshmem *d = need_ivshmem("ivshmem-msix-outside");
	unsigned int idt = IVSHMEM_IDT_VECTOR(0, 1);
	uint32_t tried = 0;

	if (ivshmem_get_vectors(d) < 2)
		skip("ivshmem-msix-outside", "the device has no vector 1");
	irq_register(idt, count_stray);
	ivshmem_enable_interrupts(d, true);
	for (uint32_t dest = 0; dest < STRAY_APIC_IDS; dest++) {
		if (own_apic_id(dest)) {
			printf("attack: ivshmem-msix-outside: APIC ID %u is "
			       "this cell's, not tried\n",
			       dest);
			continue;
		}
		printf("attack: ivshmem-msix-outside: MSI-X entry 1 to APIC "
		       "ID %u vector 0x%x, then ringing own id %u on vector "
		       "1\n",
		       dest, idt, ivshmem_get_id(d));
		if (pci_msix_set_entry(&d->msix, 1, dest, idt) < 0)
			continue;
		pci_msix_mask(&d->msix, 1, false);
		irq_enable();
		ivshmem_ring(d, ivshmem_get_id(d), 1);
		delay_ms(10);
		irq_disable();
		tried++;
	}
	printf("attack: ivshmem-msix-outside: still alive, %u interrupt(s) "
	       "on vector 0x%x arrived here\n",
	       stray_irqs, idt);
	return tried;
}

static uint64_t ivshmem_bad_doorbell(void)
{
	struct ivshmem *d = need_ivshmem("ivshmem-bad-doorbell");
	unsigned int i;

	printf("attack: ivshmem-bad-doorbell: %u rings to peer %u vector 1, "
	       "%u to peer 0 vector %u\n",
	       BAD_DOORBELLS, BAD_PEER, BAD_DOORBELLS, BAD_VECTOR);
	for (i = 0; i < BAD_DOORBELLS; i++)
		ivshmem_ring(d, BAD_PEER, 1);
	for (i = 0; i < BAD_DOORBELLS; i++)
		ivshmem_ring(d, 0, BAD_VECTOR);
	printf("attack: ivshmem-bad-doorbell: done\n");
	return 2 * BAD_DOORBELLS;
}

/*
 * Every device slot of the cell's first bus: only the cell's own device
 * may answer, the rest must read all-ones. Returns how many answered.
 */
static uint64_t pci_foreign(void)
{
	struct bh_comm_region *c = comm();
	unsigned int bus = c->pci_start_bus, found = 0;

	if (!pci_available())
		skip("pci-foreign", "no PCI config space in the comm region");
	printf("attack: pci-foreign: reading the vendor IDs of bus %02x, "
	       "devices 0-31\n",
	       bus);
	for (unsigned int dev = 0; dev < PCI_DEVICES_PER_BUS; dev++) {
		uint16_t bdf = PCI_BDF(bus, dev, 0);
		uint32_t id = pci_read_config(bdf, PCI_CFG_VENDOR_ID, 4);

		if ((id & 0xffff) == 0xffff)
			continue;
		found++;
		printf("attack: pci-foreign: " PCI_BDF_FMT " is %04x:%04x\n",
		       PCI_BDF_ARGS(bdf), id & 0xffff, id >> 16);
	}
	printf("attack: pci-foreign: %u of %u devices answer\n", found,
	       PCI_DEVICES_PER_BUS);
	return found;
}

static const struct attack attacks[] = {
	{ "root-ram", root_ram },
	{ "hv-memory", hv_memory },
	{ "exec-outside", exec_outside },
	{ "cr3-outside", cr3_outside },
	{ "ipi-root", ipi_root },
	{ "nmi-root", nmi_root },
	{ "init-root", init_root },
	{ "port", port },
	{ "port-word", port_word },
	{ "port-string", port_string },
	{ "ipi-all-but-self", ipi_all_but_self },
	{ "ipi-logical", ipi_logical },
	{ "ipi-lowest", ipi_lowest },
	{ "ipi-smi-self", ipi_smi_self },
	{ "svm-vmrun", svm_vmrun },
	{ "svm-vmsave", svm_vmsave },
	{ "svm-stgi", svm_stgi },
	{ "vmx-vmxon", vmx_vmxon },
	{ "vmx-vmread", vmx_vmread },
	{ "rdpmc", rdpmc_root },
	{ "hypercall-hostile", hypercall_hostile },
	{ "msr-allowed", msr_allowed },
	{ "console-forge-hypercall", console_forge_hypercall },
	{ "hypercall-fuzz", hypercall_fuzz },
	{ "hypercall-root", hypercall_root },
	{ "msr", msr },
	{ "triple-fault", triple_fault },
	{ "efer-reserved", efer_reserved },
	{ "efer-lme", efer_lme },
	{ "single-step", single_step },
	{ "console-forge", console_forge },
	{ "sipi-outside", sipi_outside },
	{ "apic-dirty", apic_dirty },
	{ "apic-show", apic_show },
	{ "restart-sibling", restart_sibling },
	{ "ram-probe", ram_probe },
	{ "fpu-dirty", fpu_dirty },
	{ "fpu-show", fpu_show },
	{ "ivshmem-foreign-output", ivshmem_foreign_output },
	{ "ivshmem-state-table", ivshmem_state_table },
	{ "ivshmem-msix-outside", ivshmem_msix_outside },
	{ "ivshmem-bad-doorbell", ivshmem_bad_doorbell },
	{ "pci-foreign", pci_foreign },
};

#define NUM_ATTACKS (sizeof(attacks) / sizeof(attacks[0]))

static void list_attacks(void)
{
	printf("attack: known:");
	for (unsigned int i = 0; i < NUM_ATTACKS; i++)
		printf(" %s", attacks[i].name);
	printf("\n");
}

void inmate_main(void)
{
	char name[32];
	uint64_t value;
	unsigned int i;

	if (!cmdline_get_str("attack", name, sizeof(name))) {
		printf("attack: no attack=<name> on the command line\n");
		list_attacks();
		comm_idle("attack");
	}
	for (i = 0; i < NUM_ATTACKS; i++)
		if (strcmp(name, attacks[i].name) == 0)
			break;
	if (i == NUM_ATTACKS) {
		printf("attack: unknown attack '%s'\n", name);
		list_attacks();
		comm_idle("attack");
	}

	printf("attack: trying %s\n", name);
	value = attacks[i].run();
	printf("attack: %s survived (value 0x%lx)\n", name,
	       (unsigned long)value);
	comm_idle("attack");
}
