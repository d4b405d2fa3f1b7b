/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_DRIVER_H
#define BH_DRIVER_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <bulkhead/boot.h>
#include <bulkhead/config.h>
#include <bulkhead/ioctl.h>
#include <bulkhead/status.h>

#define BH_FIRMWARE "bulkhead-hv.bin"

struct bh_state {
	struct mutex lock;
	bool enabled;
	/* hypervisor memory as the driver maps it; kept after disable so the
	 * last console stays readable */
	void *hv_mem;
	u64 hv_phys, hv_size;
	struct bh_status *status; /* inside hv_mem */
	struct bh_system_desc *config; /* copy of the enabled config */
	struct bh_linux_cpu *cpus; /* one page per possible CPU */
	unsigned int cpus_pages;
	bool vmmcall; /* AMD: VMMCALL, Intel: VMCALL */
};

extern struct bh_state bh;

/* Fill the caller's @reason (BH_REASON_LEN bytes) and give -EINVAL. */
#define refuse(...)                                           \
	({                                                    \
		snprintf(reason, BH_REASON_LEN, __VA_ARGS__); \
		-EINVAL;                                      \
	})

/* A non-root cell as the driver knows it; id 0 is unused. */
struct bh_cell {
	struct bh_cell_desc *desc; /* NULL: slot free */
	u32 id;
	bool loaded;
	u64 entry;
};

struct bh_cell_load_segment;
extern struct bh_cell bh_cells[BH_STATUS_MAX_CELLS];
int bh_cell_create(const struct bh_cell_desc *d, char *reason);
int bh_cell_load(u32 id, const struct bh_cell_load_segment *seg, unsigned int n,
		 char *reason);
int bh_cell_start(u32 id, char *reason);
int bh_cell_shutdown(u32 id, char *reason);
int bh_cell_destroy(u32 id, char *reason);
bool bh_cells_exist(void);
/* The hypervisor's first ERROR line printed after console position @since
 * into @reason; false if none. */
bool bh_console_error_since(u64 since, char *reason);

int bh_enable(const struct bh_system_desc *config, char *reason);
int bh_disable(char *reason);
void bh_release_memory(void);
long bh_hypercall(unsigned long code, unsigned long arg1, unsigned long arg2);

/* Page tables of the hypervisor's address space, built in its memory. */
struct bh_pgtable {
	void *base; /* driver mapping of the table area */
	u64 phys;
	unsigned int pages, max_pages;
	u64 *pml4;
};
int bh_pgtable_init(struct bh_pgtable *pt, void *base, u64 phys,
		    unsigned int max_pages);
int bh_pgtable_map(struct bh_pgtable *pt, u64 va, u64 pa, u64 size, u64 flags);

#define BH_PTE_P BIT_ULL(0)
#define BH_PTE_RW BIT_ULL(1)
#define BH_PTE_PWT BIT_ULL(3)
#define BH_PTE_PCD BIT_ULL(4)
#define BH_PTE_PS BIT_ULL(7)
#define BH_PTE_NX BIT_ULL(63)

/* The root cell's ivshmem devices: scanned after enable, removed before
 * disable; a device that does not appear is only warned about. */
void bh_pci_add_ivshmem(void);
void bh_pci_remove_ivshmem(void);

int bh_sysfs_init(void);
void bh_sysfs_exit(void);
int bh_sysfs_cells_update(void);
void bh_sysfs_cell_add(u32 id);
void bh_sysfs_cell_remove(u32 id);

extern char bh_tramp_start[], bh_tramp_end[];
long bh_tramp_enter(struct bh_linux_cpu *lc, u64 hv_cr3, u64 hv_entry);
void bh_tramp_leave(struct bh_linux_cpu *lc);

#endif
