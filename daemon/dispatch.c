/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The opcode table and the dispatcher (style.md R3, R4). Generic policy
 * runs here once, in a fixed order, before any handler:
 *   1. opcode lookup          -> 05/20/00 INVALID COMMAND OPERATION CODE
 *   2. CDB length by group    -> 05/24/00 INVALID FIELD IN CDB
 *   3. unit attention gate    -> 06/xx   (unless F_ALLOW_UA)
 *   4. not-ready gate         -> 02/3A/0x (F_MEDIUM without a medium)
 *   5. the handler
 *   6. data-in length: min(reply, allocation length, initiator buffer)
 * Modelled on QEMU's atapi_cmd_table/ide_atapi_cmd (MMC-6 4.1.6.1, 4.1.8).
 */
#include <stdio.h>
#include <string.h>

#define LOG_TAG "mmc"
#include "capture.h"
#include "drv.h"
#include "vburn/log.h"

const struct mmc_cmd mmc_cmds[256] = {
	[0x00] = { "TEST UNIT READY", spc_test_unit_ready, F_MEDIUM },
	[0x03] = { "REQUEST SENSE", spc_request_sense, F_ALLOW_UA },
	[0x12] = { "INQUIRY", spc_inquiry, F_ALLOW_UA },
	[0x15] = { "MODE SELECT(6)", spc_mode_select, F_RECORD },
	[0x1a] = { "MODE SENSE(6)", spc_mode_sense, 0 },
	[0x1b] = { "START STOP UNIT", spc_start_stop, 0 },
	[0x1e] = { "PREVENT ALLOW MEDIUM REMOVAL", spc_prevent_allow, 0 },
	[0x23] = { "READ FORMAT CAPACITIES", mmc_read_format_capacities,
		   F_MEDIUM },
	[0x25] = { "READ CAPACITY", mmc_read_capacity, F_MEDIUM },
	[0x28] = { "READ(10)", mmc_read, F_MEDIUM },
	[0x2a] = { "WRITE(10)", mmc_write, F_MEDIUM | F_RECORD },
	[0x35] = { "SYNCHRONIZE CACHE", mmc_sync_cache, F_MEDIUM | F_RECORD },
	[0x42] = { "READ SUB-CHANNEL", mmc_read_sub_channel, F_MEDIUM },
	[0x43] = { "READ TOC/PMA/ATIP", mmc_read_toc, F_MEDIUM },
	[0x46] = { "GET CONFIGURATION", mmc_get_configuration, F_ALLOW_UA },
	[0x4a] = { "GET EVENT STATUS NOTIFICATION", mmc_get_event_status,
		   F_ALLOW_UA },
	[0x51] = { "READ DISC INFORMATION", mmc_read_disc_info, F_MEDIUM },
	[0x52] = { "READ TRACK INFORMATION", mmc_read_track_info, F_MEDIUM },
	[0x53] = { "RESERVE TRACK", mmc_reserve_track, F_MEDIUM | F_RECORD },
	[0x54] = { "SEND OPC INFORMATION", mmc_send_opc, F_MEDIUM },
	[0x55] = { "MODE SELECT(10)", spc_mode_select, F_RECORD },
	[0x5a] = { "MODE SENSE(10)", spc_mode_sense, 0 },
	[0x5b] = { "CLOSE TRACK/SESSION", mmc_close_track_session,
		   F_MEDIUM | F_RECORD },
	[0x5c] = { "READ BUFFER CAPACITY", mmc_read_buffer_capacity, 0 },
	[0x5d] = { "SEND CUE SHEET", mmc_send_cue_sheet, F_MEDIUM | F_RECORD },
	[0xa8] = { "READ(12)", mmc_read, F_MEDIUM },
	[0xaa] = { "WRITE(12)", mmc_write, F_MEDIUM | F_RECORD },
	[0xad] = { "READ DVD STRUCTURE", mmc_read_dvd_structure, F_MEDIUM },
	[0xac] = { "GET PERFORMANCE", mmc_get_performance, 0 },
	[0xb6] = { "SET STREAMING", mmc_set_streaming, 0 },
	[0xb9] = { "READ CD MSF", mmc_read_cd_msf, F_MEDIUM },
	[0xbb] = { "SET CD SPEED", mmc_set_cd_speed, 0 },
	[0xbd] = { "MECHANISM STATUS", mmc_mechanism_status, 0 },
	[0xbe] = { "READ CD", mmc_read_cd, F_MEDIUM },
};

/* CDB length from the group code, SPC-4 section 4.2.5.1. */
static unsigned cdb_length(uint8_t opcode)
{
	static const uint8_t by_group[8] = { 6, 10, 10, 0, 16, 12, 0, 0 };

	return by_group[opcode >> 5];
}

static enum vb_sense dispatch_gates(struct vb_drive *d,
				    const struct mmc_cmd *mc,
				    const struct vb_cmd *cmd)
{
	unsigned need = cdb_length(cmd->cdb[0]);
	enum vb_sense ua;

	if (!mc->fn)
		return S_INVALID_OPCODE;
	if (need == 0 || cmd->cdb_len < need)
		return S_INVALID_FIELD_IN_CDB;
	if (d->ua != VB_OK && !(mc->flags & F_ALLOW_UA)) {
		ua = d->ua;
		d->ua = VB_OK;
		return ua;
	}
	if ((mc->flags & F_MEDIUM) && !drive_medium(d))
		return d->tray_open ? S_NO_MEDIUM_TRAY_OPEN :
				      S_NO_MEDIUM_TRAY_CLOSED;
	return VB_OK;
}

void vb_drive_exec(struct vb_drive *d, struct vb_cmd *cmd)
{
	const struct mmc_cmd *mc = &mmc_cmds[cmd->cdb[0]];
	const struct vb_medium *m;
	int closed;
	struct vb_resp out;
	enum vb_sense s;

	cmd->status = VB_STATUS_GOOD;
	cmd->sense_len = 0;
	cmd->xfer_len = 0;
	if (cmd->cdb_len > sizeof(cmd->cdb))
		cmd->cdb_len = sizeof(cmd->cdb);
	if (cmd->dir == VB_DXFER_FROM_DEV)
		resp_init(&out, cmd->buf, cmd->buf_len);
	else
		resp_init(&out, NULL, 0);

	pthread_mutex_lock(&d->lock);
	m = d->medium;
	if (m)
		vb_medium_note_command(d->medium, vb_medium_now());
	closed = m ? m->nsessions_closed : 0;
	s = dispatch_gates(d, mc, cmd);
	if (s == VB_OK)
		s = mc->fn(d, cmd->cdb, cmd, &out);
	if (m && m == d->medium && m->nsessions_closed > closed)
		drive_capture_locked(d);
	if (s != VB_OK) {
		const struct vb_sense_def *def = vb_sense_def(s);

		if (mc->flags & F_RECORD)
			snprintf(d->last_error, sizeof(d->last_error),
				 "%s: %x/%02x/%02x %s",
				 mc->name ? mc->name : "opcode", def->key,
				 def->asc, def->ascq, def->text);
		vb_sense_set(cmd, s, -1);
		cmd->xfer_len = 0;
	} else if (cmd->dir == VB_DXFER_FROM_DEV) {
		cmd->xfer_len = (uint32_t)VB_MIN(out.len, out.cap);
	} else if (cmd->dir == VB_DXFER_TO_DEV) {
		cmd->xfer_len = cmd->buf_len;
	}
	pthread_mutex_unlock(&d->lock);

	if (vb_log_threshold >= VB_LOG_DEBUG) {
		char hex[3 * 16 + 1] = "";

		for (unsigned i = 0; i < cmd->cdb_len; i++)
			snprintf(hex + 3 * i, 4, "%02x ", cmd->cdb[i]);
		log_dbg("%s [%s] -> %s xfer %u", mc->name ? mc->name : "?", hex,
			s ? vb_sense_def(s)->text : "GOOD", cmd->xfer_len);
	}
}
