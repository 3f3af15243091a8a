/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Speed and buffer commands: SET CD SPEED, SET STREAMING, GET PERFORMANCE,
 * READ BUFFER CAPACITY, SEND OPC INFORMATION. A virtual drive has no real
 * speed; it accepts what is asked (docs/clients.md 3.0) and reports speeds
 * typical of the medium so clients' speed tables look sane.
 */
#include "drv.h"

/* Typical top write speed in kB/s: 48x CD, 16x DVD, 8x BD (1x = 176,
 * 1385, 4495 kB/s). */
static uint32_t top_speed(const struct vb_drive *d)
{
	const struct vb_medium *m = drive_medium(d);

	if (!m || vb_medium_info(m)->family == VB_FAM_CD)
		return 8467;
	return vb_medium_info(m)->family == VB_FAM_DVD ? 22160 : 35960;
}

/* SET CD SPEED (MMC-6): remembers the request; 0xffff = maximum. */
enum vb_sense mmc_set_cd_speed(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cmd, (void)out;
	d->read_speed = get_be16(cdb + 2);
	d->write_speed = get_be16(cdb + 4);
	return VB_OK;
}

/*
 * SET STREAMING (MMC-6): type 0 carries a 28-byte performance
 * descriptor; it is accepted as long as it is complete.
 */
enum vb_sense mmc_set_streaming(struct vb_drive *d, const uint8_t *cdb,
				struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t type = cdb[8];
	const uint16_t plen = get_be16(cdb + 9);

	(void)d, (void)out;
	if (type != 0 && type != 5)
		return S_INVALID_FIELD_IN_CDB;
	if (type == 0 && plen && (plen < 28 || cmd->buf_len < 28))
		return S_PARAM_LIST_LENGTH_ERROR;
	return VB_OK;
}

/*
 * GET PERFORMANCE, MMC-6 6.7: type 00h (nominal performance, one
 * descriptor over the medium) and 03h (write speed, one descriptor).
 * libburn (mmc_get_write_performance) and growisofs read these.
 */
enum vb_sense mmc_get_performance(struct vb_drive *d, const uint8_t *cdb,
				  struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t data_type = cdb[1] & 0x1f;
	const uint16_t max = get_be16(cdb + 8);
	const uint8_t type = cdb[10];
	const uint32_t end =
		drive_medium(d) ? vb_medium_capacity(d->medium) : 0;
	const uint32_t speed = top_speed(d);

	(void)cmd;
	if (type == 0x00) {
		resp_put32(out, 0, max ? 4 + 16 : 4); /* PERFORMANCE LENGTH */
		resp_put8(out, 4, data_type & 0x04 ? 0x02 : 0); /* WRITE */
		if (!max)
			return VB_OK;
		resp_put32(out, 8, 0);	    /* START LBA */
		resp_put32(out, 12, speed); /* START PERFORMANCE */
		resp_put32(out, 16, end);   /* END LBA */
		resp_put32(out, 20, speed); /* END PERFORMANCE */
		return VB_OK;
	}
	if (type == 0x03) {
		resp_put32(out, 0, max ? 4 + 16 : 4);
		if (!max)
			return VB_OK;
		resp_put8(out, 8, 0x00);    /* WRC: default, CLV */
		resp_put32(out, 12, end);   /* END LBA */
		resp_put32(out, 16, speed); /* READ SPEED */
		resp_put32(out, 20, speed); /* WRITE SPEED */
		return VB_OK;
	}
	return S_INVALID_FIELD_IN_CDB;
}

/*
 * READ BUFFER CAPACITY, MMC-6 6.17: a 4 MiB buffer that is always empty,
 * since every WRITE is on disk when it completes. Polled by libburn,
 * wodim, growisofs and cdrdao during writes.
 */
enum vb_sense mmc_read_buffer_capacity(struct vb_drive *d, const uint8_t *cdb,
				       struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool block = cdb[1] & 0x01;
	const uint32_t size = 4u << 20;

	(void)d, (void)cmd;
	resp_put16(out, 0, 10); /* DATA LENGTH */
	if (block) {
		resp_put8(out, 4, 0); /* BLOCK: lengths in blocks */
		resp_put32(out, 8, size / 2048);
		resp_mark(out, 12);
		return VB_OK;
	}
	resp_put32(out, 4, size); /* LENGTH OF THE BUFFER */
	resp_put32(out, 8, size); /* BLANK LENGTH OF BUFFER */
	return VB_OK;
}

/* SEND OPC INFORMATION (MMC-6): nothing to calibrate. */
enum vb_sense mmc_send_opc(struct vb_drive *d, const uint8_t *cdb,
			   struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)d, (void)cdb, (void)cmd, (void)out;
	return VB_OK;
}
