/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Binary configuration descriptors, version 5 (2: ivshmem devices, 3:
 * regulation limits, 4: the regulation's take-up bound, 5: a cell's L3
 * cache ways).
 *
 * The CLI compiles the text (YAML) configs into these; the driver hands them
 * to the hypervisor unchanged and the hypervisor validates them again. All
 * arrays have fixed sizes so that a descriptor is one flat struct: no offsets
 * to follow, nothing to bounds-check but the counts. Layout is documented in
 * docs/config.md.
 */
#ifndef BULKHEAD_CONFIG_H
#define BULKHEAD_CONFIG_H

#include <bulkhead/regulation.h>
#include <bulkhead/types.h>

#define BH_CONFIG_VERSION 5
#define BH_SYSTEM_SIGNATURE "BHSYSTEM" /* 8 bytes, no terminator stored */
#define BH_CELL_SIGNATURE "BHCELL\0\0"
#define BH_SIGNATURE_LEN 8

#define BH_NAME_LEN 32 /* including the terminating NUL */
/* regulation.h cannot include this header: its names are these names */
_Static_assert(BH_REG_NAME_LEN == BH_NAME_LEN, "regulation cell names");
#define BH_MAX_CPUS 64
#define BH_MAX_MEM_REGIONS 32
#define BH_MAX_PIO_REGIONS 16
#define BH_MAX_IOMMUS 4
#define BH_MAX_IVSHMEM 4 /* ivshmem devices per cell */
#define BH_IVSHMEM_MIN_PEERS 2
#define BH_IVSHMEM_MAX_PEERS 8
#define BH_IVSHMEM_MAX_VECTORS 16
/* L3 cache ways a cell may reserve: a capacity bitmask has at most 32 bits */
#define BH_MAX_CACHE_WAYS 32

/* Memory region flags. */
#define BH_MEM_READ (1u << 0)
#define BH_MEM_WRITE (1u << 1)
#define BH_MEM_EXECUTE (1u << 2)
#define BH_MEM_DMA (1u << 3)
#define BH_MEM_IO (1u << 4) /* device memory: mapped uncached */
#define BH_MEM_COMM_REGION (1u << 5) /* the cell's comm region page */
#define BH_MEM_LOADABLE (1u << 6) /* root may write it while cell stopped */
#define BH_MEM_ROOTSHARED (1u << 7) /* stays mapped in the root cell */
#define BH_MEM_FLAGS_ALL 0xffu

struct bh_mem_region {
	char name[BH_NAME_LEN];
	uint64_t phys_start; /* host-physical */
	uint64_t virt_start; /* guest-physical, as the cell sees it */
	uint64_t size;
	uint32_t flags;
	uint32_t reserved;
};

/*
 * One ivshmem 2.0 device of a cell (docs/ivshmem.md). The peers of one
 * device each list it in their config under the same name; everything but
 * bdf, peer_id, virt_start and num_vectors must then be equal. The shared
 * memory, from phys_start up: state table, R/W section, max_peers output
 * sections; all sizes page multiples.
 */
struct bh_ivshmem_desc {
	char name[BH_NAME_LEN];
	uint64_t phys_start; /* host-physical; inside the system's cell memory */
	uint64_t virt_start; /* guest-physical; the root cell's equals phys */
	uint64_t state_size; /* at least 4 bytes per peer */
	uint64_t rw_size; /* may be 0 */
	uint64_t output_size; /* per peer, may be 0 */
	uint16_t bdf; /* bus << 8 | device << 3 | function */
	uint16_t protocol; /* sub-class << 8 | programming interface */
	uint16_t max_peers; /* BH_IVSHMEM_MIN_PEERS..BH_IVSHMEM_MAX_PEERS */
	uint16_t peer_id; /* this cell's: 0..max_peers-1 */
	uint16_t num_vectors; /* MSI-X vectors, 1..BH_IVSHMEM_MAX_VECTORS */
	uint16_t reserved[3];
};

/* An I/O port range the cell may access directly. */
struct bh_pio_region {
	uint16_t base;
	uint16_t length;
};

struct bh_cell_desc {
	char signature[BH_SIGNATURE_LEN];
	uint32_t version;
	uint32_t flags;
	char name[BH_NAME_LEN];
	uint64_t cpu_set; /* bit N: CPU N (Linux CPU number = APIC order) */
	uint32_t num_mem_regions;
	uint32_t num_pio_regions;
	struct bh_mem_region mem_regions[BH_MAX_MEM_REGIONS];
	struct bh_pio_region pio_regions[BH_MAX_PIO_REGIONS];
	/* I/O port of the cell's UART, 0 for none. */
	uint16_t console_port;
	uint16_t reserved[3];
	uint32_t num_ivshmem;
	/*
	 * L3 cache ways for this cell alone (Intel CAT, AMD L3 allocation):
	 * 0 for none; 1..BH_MAX_CACHE_WAYS; always 0 in the root cell, which
	 * gets the ways no cell holds (docs/config.md#cache-ways).
	 */
	uint32_t cache_ways;
	struct bh_ivshmem_desc ivshmem[BH_MAX_IVSHMEM];
};

#define BH_CONSOLE_NONE 0
#define BH_CONSOLE_UART_PIO 1 /* 16550 at an I/O port */

struct bh_console_desc {
	uint32_t type;
	uint32_t baud; /* 0: keep the firmware's setting */
	uint64_t address; /* port number for UART_PIO */
};

struct bh_phys_range {
	uint64_t phys_start;
	uint64_t size;
};

struct bh_pci_mmconfig {
	uint64_t phys_start;
	uint8_t start_bus;
	uint8_t end_bus;
	uint8_t reserved[6];
};

struct bh_system_desc {
	char signature[BH_SIGNATURE_LEN];
	uint32_t version;
	uint32_t size; /* sizeof(struct bh_system_desc), checked on load */
	char name[BH_NAME_LEN];
	/* Memory the hypervisor runs in; reserved from Linux with memmap=. */
	struct bh_phys_range hypervisor_memory;
	/* Memory set aside for non-root cells, also reserved with memmap=. */
	struct bh_phys_range cell_memory;
	struct bh_console_desc console;
	struct bh_pci_mmconfig pci_mmconfig;
	uint32_t num_iommus;
	uint32_t reserved;
	struct bh_phys_range iommus[BH_MAX_IOMMUS];
	/* Regulation of the root cell on request of the cells it names. */
	struct bh_regulation_desc regulation;
	struct bh_cell_desc root_cell;
};

#endif
