/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The ivshmem 2.0 device as Bulkhead presents it, version 1
 * (docs/ivshmem.md): its PCI identity, the layout of its configuration
 * space, the registers in BAR0 and the MSI-X table in BAR1. Shared by the
 * hypervisor (which emulates the device), the inmate library and the Linux
 * tools (which drive it).
 */
#ifndef BULKHEAD_IVSHMEM_H
#define BULKHEAD_IVSHMEM_H

#include <bulkhead/pci.h>
#include <bulkhead/types.h>

#define BH_IVSHMEM_ABI_VERSION 1

#define IVSHMEM_VENDOR_ID 0x110a
#define IVSHMEM_DEVICE_ID 0x4106
#define IVSHMEM_CLASS 0xff /* base class; protocol in sub-class/prog-if */

/* Configuration space: the standard type 0 header, then our capabilities. */
#define IVSHMEM_CFG_VENDOR_CAP 0x40 /* capability ID 09h, length 20h */
#define IVSHMEM_CFG_MSIX_CAP 0x60 /* capability ID 11h */
#define IVSHMEM_CFG_SIZE 0x1000 /* the rest reads 0 */

/* Offsets inside the vendor-specific capability. */
#define IVSHMEM_VCAP_LENGTH 0x20
#define IVSHMEM_VCAP_PRIV_CTRL 0x03 /* bit 0: one-shot interrupts */
#define IVSHMEM_VCAP_STATE_SIZE 0x04 /* 32 bits */
#define IVSHMEM_VCAP_RW_SIZE 0x08 /* 64 bits */
#define IVSHMEM_VCAP_OUTPUT_SIZE 0x10 /* 64 bits */
#define IVSHMEM_VCAP_ADDR 0x18 /* 64 bits: the shared memory's address */
#define IVSHMEM_PRIV_ONESHOT 0x01

/* BAR0: registers, aligned 32-bit accesses only. */
#define IVSHMEM_BAR0_SIZE 0x1000
#define IVSHMEM_REG_ID 0x00
#define IVSHMEM_REG_MAX_PEERS 0x04
#define IVSHMEM_REG_INT_CTRL 0x08 /* bit 0: interrupts enabled */
#define IVSHMEM_REG_DOORBELL 0x0c /* vector | target peer << 16; reads 0 */
#define IVSHMEM_REG_STATE 0x10
#define IVSHMEM_INT_ENABLE 0x1

/* BAR1: MSI-X table (16 bytes per vector) at 0, pending bits at 0x800. */
#define IVSHMEM_BAR1_SIZE 0x1000
#define IVSHMEM_MSIX_TABLE 0x000
#define IVSHMEM_MSIX_PBA 0x800
#define IVSHMEM_MSIX_ENTRY_SIZE 16
#define IVSHMEM_MSIX_ADDR_LO 0x0
#define IVSHMEM_MSIX_ADDR_HI 0x4
#define IVSHMEM_MSIX_DATA 0x8
#define IVSHMEM_MSIX_CTRL 0xc /* bit 0: entry masked */

#endif
