/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_CHECK_H
#define BH_CHECK_H

/*
 * CHECK(cond): an invariant of the hypervisor's own logic. When it fails
 * the hypervisor's state can no longer be trusted: print where, and stop
 * (arch_panic). Never used for anything a cell or the root cell controls;
 * those get an error code.
 */
void check_failed(const char *file, int line, const char *cond)
	__attribute__((noreturn));

#define CHECK(cond)                                              \
	do {                                                     \
		if (!(cond))                                     \
			check_failed(__FILE__, __LINE__, #cond); \
	} while (0)

#endif
