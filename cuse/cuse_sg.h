/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to cuse/ (and tests/check_cuse.c): the pure part of the SG_IO and
 * CDROM_SEND_PACKET translation. Parsing and validating the caller's
 * sg_io_hdr / cdrom_generic_command, planning the CUSE ioctl retry iovecs,
 * and filling the reply header. Nothing here talks to the kernel or to
 * libfuse, so every rule can be unit-tested.
 */
#ifndef VBURN_CUSE_SG_H
#define VBURN_CUSE_SG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/cmd.h"

/*
 * Largest data transfer per SG_IO. CUSE never raises fc->max_pages (32), so
 * one direction of an ioctl carries at most 128 KiB including header and
 * sense; every client studied stays at or below 64 KiB when
 * SG_GET_RESERVED_SIZE says so (docs/clients.md 1.4).
 */
#define CUSE_MAX_XFER 65536u

/* Sizes of the caller's structures (docs/clients.md 1.3 and 1.7, x86_64). */
#define CUSE_SGHDR_SIZE 88
#define CUSE_SGHDR_SIZE_COMPAT 64
#define CUSE_CGC_SIZE 64
#define CUSE_CGC_SIZE_COMPAT 44
/* struct request_sense, what CDROM_SEND_PACKET's sense pointer holds. */
#define CUSE_CGC_SENSE_LEN 64

/* dxfer_direction values of <scsi/sg.h>. */
#define CUSE_DXFER_NONE (-1)
#define CUSE_DXFER_TO_DEV (-2)
#define CUSE_DXFER_FROM_DEV (-3)
#define CUSE_DXFER_TO_FROM_DEV (-4)
#define CUSE_DXFER_UNKNOWN (-5)

/* The input half of an sg_io_hdr, pointers zero-extended. */
struct cuse_sghdr {
	bool compat;
	int32_t interface_id;
	int32_t dxfer_direction;
	uint8_t cmd_len;
	uint8_t mx_sb_len;
	uint16_t iovec_count;
	uint32_t dxfer_len;
	uint64_t dxferp;
	uint64_t cmdp;
	uint64_t sbp;
	uint32_t timeout; /* ms */
	uint32_t flags;
};

/* One area of the caller's memory, as a fuse_ioctl_iovec describes it. */
struct cuse_iov {
	uint64_t base;
	size_t len;
};

/*
 * The iovecs of the last retry round and where things sit in its buffers.
 * in:  [struct][CDB][data-out or data-in-out]
 * out: [struct][data-in][sense]
 * Data-in comes before sense so that a GOOD reply can stop after the data
 * and leave the caller's sense buffer untouched, as sg does.
 */
struct cuse_plan {
	struct cuse_iov in[3];
	unsigned int n_in;
	size_t in_size;
	struct cuse_iov out[3];
	unsigned int n_out;
	size_t out_size;
	size_t hdr_size;   /* bytes of the caller's struct */
	size_t cdb_off;	   /* offset of the CDB in the in buffer */
	size_t data_off;   /* offset of copied-in data in the in buffer */
	bool copy_in;	   /* caller's data buffer is in the in buffer */
	bool copy_out;	   /* caller's data buffer is in the out list */
	enum vb_dxfer dir; /* what the drive is asked to do */
	uint32_t data_len; /* bytes of the data buffer */
	uint8_t sense_len; /* bytes of the caller's sense buffer */
};

size_t cuse_sghdr_size(bool compat);
size_t cuse_cgc_size(bool compat);

/* Decodes a caller's sg_io_hdr. Returns 0, or -EINVAL if len is short. */
int cuse_sghdr_parse(const void *buf, size_t len, bool compat,
		     struct cuse_sghdr *h);

/*
 * Decodes a cdrom_generic_command into the sg_io_hdr the kernel would build
 * from it (drivers/scsi/scsi_ioctl.c: scsi_cdrom_send_packet): 12-byte CDB
 * inside the struct at arg, 64-byte sense when a sense pointer is given.
 * Returns 0, -EINVAL if len is short or data_direction is unknown.
 */
int cuse_cgc_parse(const void *buf, size_t len, bool compat, uint64_t arg,
		   struct cuse_sghdr *h);

/*
 * Applies the checks sg_io() applies for /dev/sr*. Returns 0, -EINVAL,
 * -EIO (transfer above CUSE_MAX_XFER) or -EMSGSIZE (CDB shorter than 6).
 */
int cuse_sghdr_check(const struct cuse_sghdr *h);

/*
 * Plans the last retry round for a checked header whose caller struct
 * (hdr_size bytes) is at arg.
 */
void cuse_sghdr_plan(const struct cuse_sghdr *h, uint64_t arg, size_t hdr_size,
		     struct cuse_plan *p);

/*
 * Writes the output fields of an sg_io_hdr (hdr is a copy of the caller's
 * bytes) as scsi_complete_sghdr_rq does.
 */
void cuse_sghdr_complete(uint8_t *hdr, bool compat, const struct vb_cmd *c,
			 uint8_t mx_sb_len, uint32_t duration_ms);

/*
 * Writes the output fields of a cdrom_generic_command after a GOOD command:
 * buflen = residual, stat = 0.
 */
void cuse_cgc_complete(uint8_t *cgc, bool compat, const struct vb_cmd *c);

#endif
