/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `bulkhead hardware check`'s judgement: what a machine has and lacks for
 * Bulkhead, as a list of items, from a struct hw_source alone (the live
 * machine or a recording), so that it is unit-tested on recorded
 * machines. cmd_hardware.c only prints the list.
 *
 * The rule for the exit status: every item is ok, missing or warning,
 * and needed or not. The machine is ready when every needed item is ok.
 * A needed item that could not be judged (an unreadable MSR, a file a
 * recording lacks) is a warning that still makes the machine not ready:
 * nothing unproven counts as there. Items that are not needed (NRIP save,
 * decode assists, invariant TSC, TSC deadline, cache QoS, SMT, isolated
 * CPUs, running under a hypervisor, the IOMMU and interrupt remapping,
 * which Bulkhead does not take over yet) only warn.
 */
#ifndef BULKHEAD_HW_CHECK_H
#define BULKHEAD_HW_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <bulkhead/config.h>

#include "hw_source.h"

#define HW_ITEM_NAME_LEN 16
#define HW_ITEM_REASON_LEN 512
#define HW_CHECK_MAX_ITEMS 40

enum hw_status {
	HW_OK,
	HW_WARNING,
	HW_MISSING,
};

struct hw_item {
	char name[HW_ITEM_NAME_LEN]; /* "svm", "x2apic-mode" */
	enum hw_status status;
	bool needed;
	/* What was seen and, unless ok, what to do: one line. */
	char reason[HW_ITEM_REASON_LEN];
};

struct hw_check {
	unsigned int num;
	struct hw_item item[HW_CHECK_MAX_ITEMS];
};

/* "ok", "missing", "warning". */
const char *hw_status_name(enum hw_status status);

/* Every needed item is ok. */
bool hw_check_ready(const struct hw_check *check);

/*
 * Judges the machine @src into @out. @sys is the system config given
 * with --config (validated), whose memory reservation is then checked
 * too, or NULL. Returns 0, or -ENOENT with a one-line reason in @err if
 * the machine has no ACPI tables at all (then there is nothing to judge).
 */
int hw_check_run(struct hw_source *src, const struct bh_system_desc *sys,
		 struct hw_check *out, char *err, size_t errlen);

#endif
