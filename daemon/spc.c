/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Primary commands every client sends first (SPC-4, MMC-6 chapter 6):
 * TEST UNIT READY, REQUEST SENSE, INQUIRY, START STOP UNIT, PREVENT ALLOW
 * MEDIUM REMOVAL, MECHANISM STATUS.
 */
#include <stdio.h>
#include <string.h>

#include "drv.h"

#define VB_VENDOR "VBURN"
#define VB_PRODUCT "Virtual Burner"
#define VB_REVISION "0.1"

/*
 * TEST UNIT READY (MMC-6, SPC-4). The not-ready gate in the dispatcher
 * already answered 02/3A without a medium.
 */
enum vb_sense spc_test_unit_ready(struct vb_drive *d, const uint8_t *cdb,
				  struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)d, (void)cdb, (void)cmd, (void)out;
	return VB_OK;
}

/*
 * REZERO UNIT (01h, SCSI-2 8.2.13; obsolete since SPC but still sent by
 * cdrdao's drivers, docs/clients.md 3; quirk:cdrdao-rezero,
 * docs/clients/cdrdao.md): seek to LBA 0. Nothing to move here; a drive
 * answers GOOD with a medium, and the dispatcher's not-ready gate answers
 * 02/3A without one.
 */
enum vb_sense spc_rezero_unit(struct vb_drive *d, const uint8_t *cdb,
			      struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)d, (void)cdb, (void)cmd, (void)out;
	return VB_OK;
}

/*
 * REQUEST SENSE, MMC-6 6.29: returns and clears a pending unit attention,
 * else the not-ready state (no medium, or an operation in progress with
 * its progress, busy.c), else NO SENSE. Always fixed format: libburn
 * reads descriptor format too, most clients do not (docs/clients.md 1.3).
 */
enum vb_sense spc_request_sense(struct vb_drive *d, const uint8_t *cdb,
				struct vb_cmd *cmd, struct vb_resp *out)
{
	enum vb_sense s;
	int progress = -1;
	uint8_t sense[18];
	unsigned n;

	(void)cdb;
	s = port_take_ua(d, cmd->port); /* reported, and so cleared */
	if (s == VB_OK && !drive_medium(d))
		s = d->tray_open ? S_NO_MEDIUM_TRAY_OPEN :
				   S_NO_MEDIUM_TRAY_CLOSED;
	else if (s == VB_OK)
		s = drive_busy(d, &progress);
	if (s == VB_OK)
		s = S_NO_SENSE;
	n = vb_sense_build(sense, s, progress);
	resp_put_bytes(out, 0, sense, n);
	return VB_OK;
}

/* INQUIRY VPD pages (SPC-4 7.8): supported pages and unit serial. */
static enum vb_sense inquiry_vpd(struct vb_drive *d, uint8_t page,
				 struct vb_resp *out)
{
	char serial[16];

	resp_put8(out, 0, 0x05); /* PERIPHERAL DEVICE TYPE: MMC */
	resp_put8(out, 1, page);
	switch (page) {
	case 0x00: /* SUPPORTED VPD PAGES */
		resp_put16(out, 2, 2);
		resp_put8(out, 4, 0x00);
		resp_put8(out, 5, 0x80);
		return VB_OK;
	case 0x80: /* UNIT SERIAL NUMBER */
		snprintf(serial, sizeof(serial), "VB%08d", d->index);
		resp_put16(out, 2, (uint16_t)strlen(serial));
		resp_put_ascii(out, 4, serial, strlen(serial));
		return VB_OK;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}

/*
 * INQUIRY, MMC-6 6.8. Peripheral type 5 (MMC) is what libburn,
 * growisofs and cdparanoia check; sr binds to it on the kernel path.
 */
enum vb_sense spc_inquiry(struct vb_drive *d, const uint8_t *cdb,
			  struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool evpd = cdb[1] & 0x01;
	const uint8_t page = cdb[2];

	(void)cmd;
	if (evpd)
		return inquiry_vpd(d, page, out);
	if (page != 0 || (cdb[1] & 0x02)) /* page code or obsolete CMDDT */
		return S_INVALID_FIELD_IN_CDB;
	resp_put8(out, 0, 0x05);   /* PERIPHERAL DEVICE TYPE: MMC */
	resp_put8(out, 1, 0x80);   /* RMB: removable medium */
	resp_put8(out, 2, 0x05);   /* VERSION: SPC-3 */
	resp_put8(out, 3, 0x02);   /* RESPONSE DATA FORMAT */
	resp_put8(out, 4, 36 - 5); /* ADDITIONAL LENGTH */
	resp_put_ascii(out, 8, VB_VENDOR, 8);
	resp_put_ascii(out, 16, VB_PRODUCT, 16);
	resp_put_ascii(out, 32, VB_REVISION, 4);
	return VB_OK;
}

/*
 * START STOP UNIT (MMC-6, SBC): LoEj with Start=0 opens the tray, LoEj
 * with Start=1 closes it; the disc stays on the tray meanwhile and is back
 * (unit attention 28/00) once it closes, which growisofs' reload relies
 * on (quirk:growisofs-reload, docs/clients/growisofs.md). Eject is
 * refused while removal is prevented (05/53/02). Spin up/down alone does
 * nothing here.
 */
enum vb_sense spc_start_stop(struct vb_drive *d, const uint8_t *cdb,
			     struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool loej = cdb[4] & 0x02;  /* LOEJ */
	const bool start = cdb[4] & 0x01; /* START */
	const uint8_t pc = cdb[4] >> 4;	  /* POWER CONDITION */

	(void)cmd, (void)out;
	if (pc != 0 || !loej)
		return VB_OK;
	if (start) {
		drive_close_tray_locked(d);
		return VB_OK;
	}
	if (d->prevent)
		return S_MEDIUM_REMOVAL_PREVENTED;
	drive_open_tray_locked(d);
	return VB_OK;
}

/* PREVENT ALLOW MEDIUM REMOVAL, MMC-6 6.13: bit 0 of byte 4 locks. */
enum vb_sense spc_prevent_allow(struct vb_drive *d, const uint8_t *cdb,
				struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cmd, (void)out;
	d->prevent = cdb[4] & 0x01;
	return VB_OK;
}

/*
 * MECHANISM STATUS, MMC-6 6.10: an 8-byte header, no changer slots.
 * cdrdao polls it (needs CAP_SYS_RAWIO on the kernel path;
 * quirk:cdrdao-mechanism-status, docs/clients/cdrdao.md).
 */
enum vb_sense mmc_mechanism_status(struct vb_drive *d, const uint8_t *cdb,
				   struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cdb, (void)cmd;
	resp_put8(out, 1, d->tray_open ? 0x10 : 0x00); /* DOOR OPEN */
	resp_put8(out, 5, 0);			       /* NUMBER OF SLOTS */
	resp_put16(out, 6, 0);			       /* SLOT TABLE LENGTH */
	return VB_OK;
}
