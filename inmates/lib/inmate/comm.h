/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The comm region (include/bulkhead/comm.h) and the shutdown handshake.
 *
 * A main loop calls comm_poll() regularly. When it returns true, a
 * shutdown was requested and is approved; the inmate finishes (prints its
 * last line) and calls comm_shutdown(), which sends the approval and
 * stops. The approval is sent last because the hypervisor may stop the
 * cell as soon as it sees it.
 */
#ifndef INMATE_COMM_H
#define INMATE_COMM_H

#include <stdbool.h>

#include <bulkhead/comm.h>

struct bh_comm_region *comm(void);

/*
 * Answers a pending shutdown request: denies it while the inmate is
 * locked (and returns false); otherwise returns true, and the caller must
 * call comm_shutdown() soon, since the hypervisor does not wait forever.
 */
bool comm_poll(void);

/* Approves the shutdown request and stops this CPU. */
__attribute__((noreturn)) void comm_shutdown(void);

/* Locked: shutdown requests are denied (cell_state RUNNING_LOCKED). */
void comm_lock(void);
void comm_unlock(void);

/*
 * Polls the comm region every millisecond until a shutdown is approved,
 * then prints "@who: shutting down" and shuts down. Interrupts stay as
 * they are.
 */
__attribute__((noreturn)) void comm_idle(const char *who);

#endif
