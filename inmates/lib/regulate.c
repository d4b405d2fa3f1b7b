// SPDX-License-Identifier: GPL-2.0
/* Regulation requests of a cell (inmate/regulate.h). */
#include <inmate/inmate.h>
#include <inmate/regulate.h>

long regulate_now(unsigned int mode)
{
	return hypercall(BH_HC_REGULATE, mode, 0);
}

void regulate_ask(unsigned int mode)
{
	struct bh_comm_region *c = comm();

	if (c)
		c->reg_request = mode; /* volatile: one store, now */
}

unsigned int regulate_status(void)
{
	struct bh_comm_region *c = comm();

	return c ? c->reg_status : BH_REG_STATUS_IDLE;
}

unsigned int regulate_refusal(void)
{
	struct bh_comm_region *c = comm();

	return c ? c->reg_refusal : 0;
}
