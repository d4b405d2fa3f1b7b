/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Asking the hypervisor to regulate the root cell (docs/regulation.md,
 * include/bulkhead/regulation.h). Only cells the system config names may
 * ask; the others are refused.
 */
#ifndef INMATE_REGULATE_H
#define INMATE_REGULATE_H

#include <bulkhead/regulation.h>

/*
 * At once: the hypercall (one VM exit). 0 once every root CPU has taken
 * the request up; -EPERM, -EBUSY, -EINVAL as refused.
 */
long regulate_now(unsigned int mode);

/* Without an exit: the root takes the request up at its next exit. */
void regulate_ask(unsigned int mode);

/* Ends this cell's request, without an exit. */
static inline void regulate_end(void)
{
	regulate_ask(BH_REG_NONE);
}

/* The hypervisor's answer: BH_REG_STATUS_*, and the errno of a refusal. */
unsigned int regulate_status(void);
unsigned int regulate_refusal(void);

#endif
