// SPDX-License-Identifier: GPL-2.0
/*
 * Wake-up NMIs for CPUs that sleep in the hypervisor (regulation's holds),
 * on either vendor, and whose an NMI the CPU took was.
 *
 * NMIs coalesce, and one may still be on its way when the CPU wakes from
 * another, so each NMI taken uses up one credit at most: a wake-up NMI
 * that comes late, even in the guest, is known as ours and not given to
 * Linux. (Two that coalesced leave a credit that may swallow one later
 * Linux NMI: a lost NMI is harmless to Linux, a spurious one is reported
 * as an error.)
 */
#include <bh/arch.h>
#include <bh/percpu.h>
#include <bh/spinlock.h>
#include <asm/host_events.h>

static u32 wake_sent[MAX_CPUS], wake_seen[MAX_CPUS];

void arch_cpu_wake(struct per_cpu *cpu)
{
	atomic_inc(wake_sent[cpu->id]);
	arch_send_nmi(cpu);
}

bool x86_nmi_was_wake(struct per_cpu *cpu)
{
	if (READ_ONCE(wake_sent[cpu->id]) == wake_seen[cpu->id])
		return false;
	wake_seen[cpu->id]++;
	return true;
}

enum x86_nmi_owner x86_nmi_owner(struct per_cpu *cpu)
{
	if (cpu_nmi_was_management(cpu))
		return X86_NMI_MANAGEMENT;
	if (x86_nmi_was_wake(cpu))
		return X86_NMI_WAKE;
	return X86_NMI_GUEST;
}
