/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The image's fixed layout and CPU constants, shared by the assembler
 * entry code and C. inmate.lds places the sections accordingly.
 */
#ifndef INMATE_LAYOUT_H
#define INMATE_LAYOUT_H

#define TRAMPOLINE_ADDR 0x1000 /* SIPI vector 0x01 */
#define CMDLINE_ADDR 0x2000 /* BH_CMDLINE_ADDR */
#define CMDLINE_SIZE 0x1000 /* BH_CMDLINE_SIZE */

/* Our GDT; 0x10 and 0x18 are also what the hypervisor starts us with. */
#define GDT_CS64 0x08
#define GDT_CS32 0x10
#define GDT_DS 0x18

#define BOOT_STACK_SIZE 0x4000
#define AP_STACK_SIZE 0x2000

#define CR0_PE 0x00000001
#define CR0_NW 0x20000000
#define CR0_CD 0x40000000
#define CR0_PG 0x80000000
#define CR4_PAE 0x00000020
#define EFER_MSR 0xc0000080
#define EFER_LME 0x00000100

#define PTE_PRESENT 0x1
#define PTE_WRITE 0x2
#define PTE_LARGE 0x80 /* 2 MiB page in a page directory */

#endif
