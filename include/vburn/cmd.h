/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * struct vb_cmd: the one thing the drive core sees (docs/architecture.md).
 * Front ends (CUSE SG_IO, CDROM_SEND_PACKET, TCMU ring) translate to and from
 * it and own nothing else.
 */
#ifndef VBURN_CMD_H
#define VBURN_CMD_H

#include <stdint.h>

/* Fixed-format sense is 18 bytes; keep room for descriptor format. */
#define VB_SENSE_MAX 32

/* SAM status codes (SAM-5 section 5.3). */
#define VB_STATUS_GOOD 0x00
#define VB_STATUS_CHECK_CONDITION 0x02

enum vb_dxfer {
	VB_DXFER_NONE = 0,
	VB_DXFER_TO_DEV,   /* data-out: buf holds buf_len bytes from the host */
	VB_DXFER_FROM_DEV, /* data-in: buf has room for buf_len bytes */
};

struct vb_cmd {
	/* set by the front end */
	uint8_t cdb[16];
	uint8_t cdb_len;
	enum vb_dxfer dir;
	uint8_t *buf;	  /* borrowed; may be NULL when buf_len is 0 */
	uint32_t buf_len; /* the initiator's dxfer_len */
	uint8_t port;	  /* vb_drive_port_open()'s, 0: the default port */

	/* set by the drive */
	uint32_t xfer_len; /* bytes produced (data-in) or consumed (data-out) */
	uint8_t status;	   /* VB_STATUS_* */
	uint8_t sense_len; /* 0 on GOOD: libburn takes any sense as an error */
	uint8_t sense[VB_SENSE_MAX];
};

/* Residual as SG_IO and TCMU report it. */
static inline uint32_t vb_cmd_resid(const struct vb_cmd *c)
{
	return c->buf_len - c->xfer_len;
}

#endif
