/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One SCSI command through SG_IO, for vburn-img's own talk to drives
 * (img_drive.c's INQUIRY, img_sao.c's writer): the kernel's sr/sg nodes
 * and vburnd's CUSE nodes take the same sg_io_hdr (docs/clients.md 4).
 */
#include <errno.h>
#include <scsi/sg.h>
#include <string.h>
#include <sys/ioctl.h>

#include "img_cmd.h"

int img_sg_run(int fd, const uint8_t *cdb, unsigned cdb_len, int dir, void *buf,
	       unsigned len, unsigned timeout_ms)
{
	uint8_t sense[32] = { 0 };
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = !len			  ? SG_DXFER_NONE :
				   dir == IMG_SG_FROM_DEV ? SG_DXFER_FROM_DEV :
							    SG_DXFER_TO_DEV,
		.cmd_len = (unsigned char)cdb_len,
		.mx_sb_len = sizeof(sense),
		.dxfer_len = len,
		.dxferp = buf,
		.cmdp = (uint8_t *)cdb,
		.sbp = sense,
		.timeout = timeout_ms,
	};

	if (ioctl(fd, SG_IO, &io) < 0)
		return -errno;
	if (io.status == 0 && !io.host_status && !io.driver_status)
		return 0;
	if (io.sb_len_wr >= 14 && (sense[0] & 0x7e) == 0x70)
		return (sense[2] & 0x0f) << 16 | sense[12] << 8 | sense[13];
	if (io.sb_len_wr >= 4 && (sense[0] & 0x7e) == 0x72)
		return (sense[1] & 0x0f) << 16 | sense[2] << 8 | sense[3];
	return IMG_SG_NO_SENSE;
}
