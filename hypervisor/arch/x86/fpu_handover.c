// SPDX-License-Identifier: GPL-2.0
/*
 * Extended register state between guests. No VMCB or VMCS holds the x87,
 * SSE and AVX registers or XCR0 (XSETBV is not intercepted): a guest
 * writes them into the CPU itself. A cell started on a CPU Linux has just
 * given up would otherwise read the last Linux task's vector registers
 * (key schedules, buffers), and the next cell those of the last one.
 */
#include <bh/types.h>

#include <asm/fpu_handover.h>
#include <asm/processor.h>

#define MXCSR_DEFAULT 0x1f80
#define FXSAVE_MXCSR 24 /* offset in the legacy area */
#define MSR_IA32_XFD 0x1c4
#define CPUID_D_1_EAX_XFD (1u << 4)
#define CPUID_1_ECX_XSAVE (1u << 26)

/*
 * An XSAVE image of the standard form that names no component in its
 * XSTATE_BV (bytes 512-519): XRSTOR then puts every requested component
 * into its initial state and reads only MXCSR from the legacy area.
 * Shared by every CPU, only ever read. A whole page, so that no component
 * offset of any CPU model lies past it.
 */
static u8 init_image[4096] __attribute__((aligned(4096)));

static void xsetbv0(u64 val)
{
	asm volatile("xsetbv" ::"c"(0), "a"((u32)val), "d"((u32)(val >> 32)));
}

void fpu_handover_reset(void)
{
	unsigned long cr4 = read_cr4();
	u32 a, b, c, d;

	*(volatile u32 *)&init_image[FXSAVE_MXCSR] = MXCSR_DEFAULT;
	/*
	 * OSXSAVE is ours where the CPU has XSAVE (fpu_host_init); OSFXSR
	 * Linux sets on every x86-64 CPU, and we run on its CR4 otherwise.
	 */
	if (cr4 & X86_CR4_OSXSAVE) {
		u64 all;

		/*
		 * Every user component the CPU supports, not only what XCR0
		 * enables now: a guest can load registers, then disable their
		 * component, and the next guest that enables it again would
		 * find them. The supported set is a valid XCR0 by definition.
		 */
		u64 xfd = 0;
		bool has_xfd;

		cpuid_count(0xd, 0, &a, &b, &c, &d);
		all = ((u64)d << 32) | a;
		/*
		 * Linux arms extended feature disable (AMX) per task; XRSTOR
		 * of an armed component would raise #NM here.
		 */
		cpuid_count(0xd, 1, &a, &b, &c, &d);
		has_xfd = a & CPUID_D_1_EAX_XFD;
		if (has_xfd) {
			xfd = rdmsr(MSR_IA32_XFD);
			wrmsr(MSR_IA32_XFD, 0);
		}
		xsetbv0(all);
		asm volatile("xrstor %0" ::"m"(init_image), "a"((u32)all),
			     "d"((u32)(all >> 32))
			     : "memory");
		xsetbv0(1);
		if (has_xfd)
			wrmsr(MSR_IA32_XFD, xfd);
	} else if (cr4 & X86_CR4_OSFXSR) {
		/*
		 * FXRSTOR of zeros clears XMM and sets MXCSR; it loads a
		 * control word of 0 too, which FNINIT then sets to its
		 * initial value.
		 */
		asm volatile("fxrstor %0; fninit" ::"m"(init_image) : "memory");
	} else {
		asm volatile("fninit");
	}
}

void fpu_host_init(void)
{
	u64 cr4 = read_cr4();
	u32 a, b, c, d;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if ((c & CPUID_1_ECX_XSAVE) && !(cr4 & X86_CR4_OSXSAVE))
		write_cr4(cr4 | X86_CR4_OSXSAVE);
}
