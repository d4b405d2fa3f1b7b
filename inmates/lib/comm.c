// SPDX-License-Identifier: GPL-2.0
/* The comm region and the shutdown handshake (include/bulkhead/comm.h). */
#include <inmate/inmate.h>
#include "internal.h"

static struct bh_comm_region *comm_region;

bool comm_init(void)
{
	struct bh_comm_region *c =
		(struct bh_comm_region *)(uintptr_t)boot_comm_addr;

	if (!c || memcmp(c->signature, BH_COMM_SIGNATURE, 8) != 0 ||
	    c->version != BH_COMM_VERSION || c->tsc_khz == 0)
		return false;
	comm_region = c;
	return true;
}

struct bh_comm_region *comm(void)
{
	return comm_region;
}

bool comm_poll(void)
{
	struct bh_comm_region *c = comm_region;

	if (!c || c->msg_to_cell != BH_MSG_SHUTDOWN_REQUEST)
		return false;
	if (c->cell_state == BH_CELL_RUNNING_LOCKED) {
		c->reply_from_cell = BH_REPLY_DENIED;
		return false;
	}
	return true;
}

void comm_shutdown(void)
{
	irq_disable();
	/* whatever is still buffered goes out before the cell may be gone */
	console_flush();
	comm_region->reply_from_cell = BH_REPLY_APPROVED;
	cpu_stop();
}

void comm_lock(void)
{
	comm_region->cell_state = BH_CELL_RUNNING_LOCKED;
}

void comm_unlock(void)
{
	comm_region->cell_state = BH_CELL_RUNNING;
}

void comm_idle(const char *who)
{
	for (;;) {
		if (comm_poll()) {
			if (who)
				printf("%s: shutting down\n", who);
			comm_shutdown();
		}
		delay_ms(1);
	}
}
