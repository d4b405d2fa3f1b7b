/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The comm region, version 3 (docs/cells.md; 2: PCI configuration space,
 * 3: regulation requests): one page in every non-root
 * cell, at the guest-physical address of the cell's comm-region memory
 * region, passed to the boot CPU in ESI at start.
 *
 * The hypervisor fills it at every start. Shutdown handshake: the
 * hypervisor sets msg_to_cell to BH_MSG_SHUTDOWN_REQUEST; the cell answers
 * in reply_from_cell with BH_REPLY_APPROVED (then stops its work and may
 * halt) or BH_REPLY_DENIED. A cell that does not answer in time is stopped
 * anyway. A cell sets cell_state to BH_CELL_RUNNING_LOCKED to say it will
 * deny shutdown requests, BH_CELL_RUNNING otherwise.
 *
 * Console: the cell appends its output to console[] (a ring; byte N goes to
 * console[N % BH_COMM_CONSOLE_SIZE]) and then advances console_written.
 * Writing costs no VM exit; the hypervisor copies new output into its own
 * console whenever the root cell reads that, and before it reports
 * anything about the cell.
 */
#ifndef BULKHEAD_COMM_H
#define BULKHEAD_COMM_H

#include <bulkhead/regulation.h>
#include <bulkhead/types.h>

#define BH_COMM_SIGNATURE "BHCOMM\0\0"
#define BH_COMM_VERSION 3
#define BH_COMM_MAX_CPUS 64
#define BH_COMM_CONSOLE_SIZE 2048

#define BH_MSG_NONE 0
#define BH_MSG_SHUTDOWN_REQUEST 1

#define BH_REPLY_NONE 0
#define BH_REPLY_DENIED 1
#define BH_REPLY_APPROVED 2

#define BH_CELL_RUNNING 0
#define BH_CELL_RUNNING_LOCKED 1

/* Where the inmate library looks for the command line given with
 * 'bulkhead cell load ... -s STRING' (which defaults to this address). */
#define BH_CMDLINE_ADDR 0x2000
#define BH_CMDLINE_SIZE 0x1000

struct bh_comm_region {
	char signature[8];
	uint32_t version;
	uint32_t cell_id;
	volatile uint32_t msg_to_cell;
	volatile uint32_t reply_from_cell;
	volatile uint32_t cell_state;
	uint32_t num_cpus;
	uint64_t tsc_khz; /* TSC frequency, from Linux's calibration */
	uint64_t apic_khz; /* x2APIC timer input (divide by 1), measured */
	uint16_t console_port; /* the cell's UART, 0 for none */
	uint16_t reserved[3];
	char name[32];
	uint32_t apic_ids[BH_COMM_MAX_CPUS]; /* [0] is the boot CPU */
	/*
	 * The cell's PCI configuration space (ECAM: bus << 20 | device << 15
	 * | function << 12 | register), guest-physical; 0 when the cell has
	 * no PCI devices. Buses pci_start_bus..pci_end_bus.
	 */
	uint64_t pci_mmconfig;
	uint8_t pci_start_bus;
	uint8_t pci_end_bus;
	uint16_t pci_reserved[3];
	volatile uint32_t console_written;
	uint32_t console_reserved;
	char console[BH_COMM_CONSOLE_SIZE];
	/*
	 * Regulation (include/bulkhead/regulation.h): the cell writes the
	 * mode it asks for into reg_request, BH_REG_NONE to end; the
	 * hypervisor writes reg_status, the positive errno of its last
	 * refusal into reg_refusal, and counts the requests it granted.
	 */
	volatile uint32_t reg_request;
	volatile uint32_t reg_status;
	volatile uint32_t reg_refusal;
	uint32_t reg_reserved;
	volatile uint64_t reg_granted;
};

#endif
