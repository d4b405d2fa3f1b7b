/* SPDX-License-Identifier: GPL-2.0 */
/* Spinlocks and counters from compiler atomics: arch-neutral. */
#ifndef BH_SPINLOCK_H
#define BH_SPINLOCK_H

#include <bh/types.h>

struct spinlock {
	volatile u32 locked;
};

void arch_cpu_relax(void);

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
}

static inline bool spin_trylock(struct spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define atomic_inc(x) __atomic_add_fetch(&(x), 1, __ATOMIC_SEQ_CST)

#endif
