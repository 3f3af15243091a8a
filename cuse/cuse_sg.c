/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure SG_IO / CDROM_SEND_PACKET logic of the CUSE front end: the byte
 * layouts of struct sg_io_hdr and struct cdrom_generic_command in their
 * native (x86_64) and 32-bit compat forms, the validation rules of the
 * kernel's sg_io() for /dev/sr*, the plan of the final ioctl retry round
 * and the reply header fields (docs/clients.md 1.3, 1.5, 1.7). No libfuse here.
 */
#include <errno.h>
#include <string.h>

#include "vburn/bytes.h"

#include "cuse_sg.h"

/*
 * These structs are the caller's ABI in host byte order, not a wire
 * format, so they are read with memcpy at fixed offsets instead of the
 * big/little-endian helpers of bytes.h. memcpy keeps alignment irrelevant.
 */
static uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t ldptr(const uint8_t *p, bool compat)
{
	uint64_t v;

	/* compat pointers are 32 bits, zero-extended (compat_ptr()). */
	if (compat)
		return ld32(p);
	memcpy(&v, p, sizeof(v));
	return v;
}

static void st32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void st16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

/*
 * Field offsets that differ between the layouts (docs/clients.md 1.3 table).
 * The first 16 bytes are the same in both. The output block (status ...
 * info) has the same inner layout in both and starts at .status.
 */
struct sghdr_layout {
	size_t size;
	size_t dxferp, cmdp, sbp, timeout, flags, status;
};

static const struct sghdr_layout sghdr_native = {
	.size = CUSE_SGHDR_SIZE,
	.dxferp = 16,
	.cmdp = 24,
	.sbp = 32,
	.timeout = 40,
	.flags = 44,
	.status = 64,
};

static const struct sghdr_layout sghdr_compat = {
	.size = CUSE_SGHDR_SIZE_COMPAT,
	.dxferp = 16,
	.cmdp = 20,
	.sbp = 24,
	.timeout = 28,
	.flags = 32,
	.status = 44,
};

/* Offsets inside the output block, relative to .status. */
#define OUT_STATUS 0
#define OUT_MASKED_STATUS 1
#define OUT_MSG_STATUS 2
#define OUT_SB_LEN_WR 3
#define OUT_HOST_STATUS 4
#define OUT_DRIVER_STATUS 6
#define OUT_RESID 8
#define OUT_DURATION 12
#define OUT_INFO 16

/* struct cdrom_generic_command / compat_cdrom_generic_command. */
struct cgc_layout {
	size_t size;
	size_t buffer, buflen, stat, sense, data_direction, timeout;
};

static const struct cgc_layout cgc_native = {
	.size = CUSE_CGC_SIZE,
	.buffer = 16,
	.buflen = 24,
	.stat = 28,
	.sense = 32,
	.data_direction = 40,
	.timeout = 48,
};

static const struct cgc_layout cgc_compat = {
	.size = CUSE_CGC_SIZE_COMPAT,
	.buffer = 12,
	.buflen = 16,
	.stat = 20,
	.sense = 24,
	.data_direction = 28,
	.timeout = 36,
};

/* <linux/cdrom.h> CGC_DATA_* */
#define CGC_DATA_UNKNOWN 0
#define CGC_DATA_WRITE 1
#define CGC_DATA_READ 2
#define CGC_DATA_NONE 3

/* <scsi/sg.h>: driver_status DRIVER_SENSE, info SG_INFO_CHECK. */
#define SG_DRIVER_SENSE 0x08
#define SG_INFO_CHECK 0x1

size_t cuse_sghdr_size(bool compat)
{
	return compat ? sghdr_compat.size : sghdr_native.size;
}

size_t cuse_cgc_size(bool compat)
{
	return compat ? cgc_compat.size : cgc_native.size;
}

int cuse_sghdr_parse(const void *buf, size_t len, bool compat,
		     struct cuse_sghdr *h)
{
	const struct sghdr_layout *l = compat ? &sghdr_compat : &sghdr_native;
	const uint8_t *p = buf;

	if (len < l->size)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	h->compat = compat;
	h->interface_id = (int32_t)ld32(p + 0);
	h->dxfer_direction = (int32_t)ld32(p + 4);
	h->cmd_len = p[8];
	h->mx_sb_len = p[9];
	h->iovec_count = ld16(p + 10);
	h->dxfer_len = ld32(p + 12);
	h->dxferp = ldptr(p + l->dxferp, compat);
	h->cmdp = ldptr(p + l->cmdp, compat);
	h->sbp = ldptr(p + l->sbp, compat);
	h->timeout = ld32(p + l->timeout);
	h->flags = ld32(p + l->flags);
	return 0;
}

int cuse_cgc_parse(const void *buf, size_t len, bool compat, uint64_t arg,
		   struct cuse_sghdr *h)
{
	const struct cgc_layout *l = compat ? &cgc_compat : &cgc_native;
	const uint8_t *p = buf;

	if (len < l->size)
		return -EINVAL;
	memset(h, 0, sizeof(*h));
	h->compat = compat;
	/* scsi_cdrom_send_packet builds exactly this header. */
	h->interface_id = 'S';
	h->cmd_len = 12; /* sizeof(cgc.cmd) */
	h->cmdp = arg;	 /* cmd[] is the first member */
	h->dxfer_len = ld32(p + l->buflen);
	h->dxferp = ldptr(p + l->buffer, compat);
	h->sbp = ldptr(p + l->sense, compat);
	if (h->sbp)
		h->mx_sb_len = CUSE_CGC_SENSE_LEN;
	/* cgc.timeout is in clock ticks (USER_HZ, 100 on Linux). */
	h->timeout = ld32(p + l->timeout) * 10u;
	switch (p[l->data_direction]) {
	case CGC_DATA_UNKNOWN:
		h->dxfer_direction = CUSE_DXFER_UNKNOWN;
		break;
	case CGC_DATA_WRITE:
		h->dxfer_direction = CUSE_DXFER_TO_DEV;
		break;
	case CGC_DATA_READ:
		h->dxfer_direction = CUSE_DXFER_FROM_DEV;
		break;
	case CGC_DATA_NONE:
		h->dxfer_direction = CUSE_DXFER_NONE;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int cuse_sghdr_check(const struct cuse_sghdr *h)
{
	/*
	 * cdparanoia's check_sgio() relies on EINVAL for a wrong id
	 * (quirk:cdparanoia-check-sgio). Only a malformed header fails
	 * with an errno: libusal takes EINVAL or ENOTTY from SG_IO as "no
	 * SG_IO" for good (quirk:wodim-sgio-errno; docs/clients/).
	 */
	if (h->interface_id != 'S')
		return -EINVAL;
	/*
	 * sr answers EIO above max_hw_sectors. Refuse before planning a data
	 * iovec the kernel would reject with ENOMEM (docs/clients.md 1.4).
	 */
	if (h->dxfer_len > CUSE_MAX_XFER)
		return -EIO;
	if (h->dxfer_len) {
		switch (h->dxfer_direction) {
		case CUSE_DXFER_TO_DEV:
		case CUSE_DXFER_FROM_DEV:
		case CUSE_DXFER_TO_FROM_DEV:
			break;
		default:
			return -EINVAL;
		}
	}
	if (h->cmd_len < 6)
		return -EMSGSIZE;
	if (h->cmd_len > sizeof(((struct vb_cmd *)0)->cdb))
		return -EINVAL;
	/* Scatter lists: none of the clients studied use them. */
	if (h->iovec_count)
		return -EINVAL;
	return 0;
}

static void plan_add(struct cuse_iov *v, unsigned int *n, size_t *total,
		     uint64_t base, size_t len)
{
	v[*n].base = base;
	v[*n].len = len;
	(*n)++;
	*total += len;
}

void cuse_sghdr_plan(const struct cuse_sghdr *h, uint64_t arg, size_t hdr_size,
		     struct cuse_plan *p)
{
	const bool has_data = h->dxfer_len != 0;

	memset(p, 0, sizeof(*p));
	p->hdr_size = hdr_size;
	p->data_len = h->dxfer_len;
	p->sense_len = h->mx_sb_len;

	/*
	 * TO_FROM_DEV is data-in whose buffer is first copied in, as sg
	 * does: cdparanoia pre-fills it and checks what was overwritten.
	 * A no-data CDB with a data-in buffer (cdparanoia's TUR) simply
	 * transfers nothing (quirk:cdparanoia-to-from-dev,
	 * quirk:cdparanoia-tur-buffer; docs/clients/rippers.md).
	 */
	switch (has_data ? h->dxfer_direction : CUSE_DXFER_NONE) {
	case CUSE_DXFER_TO_DEV:
		p->dir = VB_DXFER_TO_DEV;
		p->copy_in = true;
		break;
	case CUSE_DXFER_FROM_DEV:
		p->dir = VB_DXFER_FROM_DEV;
		p->copy_out = true;
		break;
	case CUSE_DXFER_TO_FROM_DEV:
		p->dir = VB_DXFER_FROM_DEV;
		p->copy_in = true;
		p->copy_out = true;
		break;
	default:
		p->dir = VB_DXFER_NONE;
		p->data_len = 0;
		break;
	}

	plan_add(p->in, &p->n_in, &p->in_size, arg, hdr_size);
	p->cdb_off = p->in_size;
	plan_add(p->in, &p->n_in, &p->in_size, h->cmdp, h->cmd_len);
	p->data_off = p->in_size;
	if (p->copy_in)
		plan_add(p->in, &p->n_in, &p->in_size, h->dxferp, p->data_len);

	plan_add(p->out, &p->n_out, &p->out_size, arg, hdr_size);
	if (p->copy_out)
		plan_add(p->out, &p->n_out, &p->out_size, h->dxferp,
			 p->data_len);
	if (h->mx_sb_len)
		plan_add(p->out, &p->n_out, &p->out_size, h->sbp, h->mx_sb_len);
}

void cuse_sghdr_complete(uint8_t *hdr, bool compat, const struct vb_cmd *c,
			 uint8_t mx_sb_len, uint32_t duration_ms)
{
	const struct sghdr_layout *l = compat ? &sghdr_compat : &sghdr_native;
	uint8_t *o = hdr + l->status;
	const uint8_t masked = (c->status >> 1) & 0x7f;
	const uint16_t driver =
		c->status == VB_STATUS_CHECK_CONDITION ? SG_DRIVER_SENSE : 0;
	uint32_t xfer = c->xfer_len;

	if (xfer > c->buf_len)
		xfer = c->buf_len;
	/* Fields as scsi_complete_sghdr_rq() fills them. */
	o[OUT_STATUS] = c->status;
	o[OUT_MASKED_STATUS] = masked;
	o[OUT_MSG_STATUS] = 0;
	o[OUT_SB_LEN_WR] = VB_MIN(mx_sb_len, c->sense_len);
	st16(o + OUT_HOST_STATUS, 0); /* DID_OK */
	st16(o + OUT_DRIVER_STATUS, driver);
	st32(o + OUT_RESID, c->buf_len - xfer);
	st32(o + OUT_DURATION, duration_ms);
	st32(o + OUT_INFO, (masked || driver) ? SG_INFO_CHECK : 0);
}

void cuse_cgc_complete(uint8_t *cgc, bool compat, const struct vb_cmd *c)
{
	const struct cgc_layout *l = compat ? &cgc_compat : &cgc_native;
	uint32_t xfer = VB_MIN(c->xfer_len, c->buf_len);

	/* scsi_cdrom_send_packet: cgc.stat = 0; cgc.buflen = hdr.resid. */
	st32(cgc + l->buflen, c->buf_len - xfer);
	st32(cgc + l->stat, 0);
}
