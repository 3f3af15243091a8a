/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sense table and the one builder of sense bytes (docs/style.md R5). Every
 * handler returns an enum vb_sense; the dispatcher calls vb_sense_set().
 * Codes follow SPC-4 Annex D and the list of what clients react to in
 * docs/clients.md 3.8.
 */
#include <string.h>

#include "sense.h"
#include "vburn/bytes.h"

#define SK_NO_SENSE 0x0
#define SK_NOT_READY 0x2
#define SK_MEDIUM_ERROR 0x3
#define SK_ILLEGAL_REQUEST 0x5
#define SK_UNIT_ATTENTION 0x6
#define SK_DATA_PROTECT 0x7

static const struct vb_sense_def sense_defs[] = {
	[VB_OK] = { SK_NO_SENSE, 0x00, 0x00, "no error" },
	[S_NO_SENSE] = { SK_NO_SENSE, 0x00, 0x00, "no additional sense" },
	[S_NOT_READY_CAUSE_NOT_REPORTABLE] = { SK_NOT_READY, 0x04, 0x00,
					       "not ready, cause not reportable" },
	[S_BECOMING_READY] = { SK_NOT_READY, 0x04, 0x01, "becoming ready" },
	[S_FORMAT_IN_PROGRESS] = { SK_NOT_READY, 0x04, 0x04,
				   "not ready, format in progress" },
	[S_OPERATION_IN_PROGRESS] = { SK_NOT_READY, 0x04, 0x07,
				      "not ready, operation in progress" },
	[S_LONG_WRITE_IN_PROGRESS] = { SK_NOT_READY, 0x04, 0x08,
				       "long write in progress" },
	[S_NO_MEDIUM] = { SK_NOT_READY, 0x3a, 0x00, "medium not present" },
	[S_NO_MEDIUM_TRAY_CLOSED] = { SK_NOT_READY, 0x3a, 0x01,
				      "medium not present, tray closed" },
	[S_NO_MEDIUM_TRAY_OPEN] = { SK_NOT_READY, 0x3a, 0x02,
				    "medium not present, tray open" },
	[S_WRITE_ERROR] = { SK_MEDIUM_ERROR, 0x0c, 0x00, "write error" },
	[S_UNRECOVERED_READ_ERROR] = { SK_MEDIUM_ERROR, 0x11, 0x00,
				       "unrecovered read error" },
	[S_INVALID_OPCODE] = { SK_ILLEGAL_REQUEST, 0x20, 0x00,
			       "invalid command operation code" },
	[S_LBA_OUT_OF_RANGE] = { SK_ILLEGAL_REQUEST, 0x21, 0x00,
				 "logical block address out of range" },
	[S_INVALID_WRITE_ADDRESS] = { SK_ILLEGAL_REQUEST, 0x21, 0x02,
				      "invalid address for write" },
	[S_INVALID_FIELD_IN_CDB] = { SK_ILLEGAL_REQUEST, 0x24, 0x00,
				     "invalid field in CDB" },
	[S_INVALID_FIELD_IN_PARAM_LIST] = { SK_ILLEGAL_REQUEST, 0x26, 0x00,
					    "invalid field in parameter list" },
	[S_PARAM_LIST_LENGTH_ERROR] = { SK_ILLEGAL_REQUEST, 0x1a, 0x00,
					"parameter list length error" },
	[S_CMD_SEQUENCE_ERROR] = { SK_ILLEGAL_REQUEST, 0x2c, 0x00,
				   "command sequence error" },
	[S_INCOMPATIBLE_MEDIUM] = { SK_ILLEGAL_REQUEST, 0x30, 0x00,
				    "incompatible medium installed" },
	[S_CANNOT_WRITE_UNKNOWN_FORMAT] = { SK_ILLEGAL_REQUEST, 0x30, 0x02,
					    "cannot write medium, unknown format" },
	[S_CANNOT_WRITE_MEDIUM] = { SK_ILLEGAL_REQUEST, 0x30, 0x05,
				    "cannot write medium, incompatible format" },
	[S_CANNOT_FORMAT_MEDIUM] = { SK_ILLEGAL_REQUEST, 0x30, 0x06,
				     "cannot format medium, incompatible medium" },
	[S_SAVING_PARAMS_NOT_SUPPORTED] = { SK_ILLEGAL_REQUEST, 0x39, 0x00,
					    "saving parameters not supported" },
	[S_MEDIUM_REMOVAL_PREVENTED] = { SK_ILLEGAL_REQUEST, 0x53, 0x02,
					 "medium removal prevented" },
	[S_END_OF_USER_AREA] = { SK_ILLEGAL_REQUEST, 0x63, 0x00,
				 "end of user area encountered on this track" },
	[S_ILLEGAL_MODE_FOR_TRACK] = { SK_ILLEGAL_REQUEST, 0x64, 0x00,
				       "illegal mode for this track" },
	[S_SESSION_FIXATION_ERROR] = { SK_ILLEGAL_REQUEST, 0x72, 0x00,
				       "session fixation error" },
	[S_NO_MORE_TRACK_RESERVATIONS] = { SK_ILLEGAL_REQUEST, 0x72, 0x05,
					   "no more track reservations allowed" },
	[S_EMPTY_OR_PARTIAL_TRACK] = { SK_ILLEGAL_REQUEST, 0x72, 0x04,
				       "empty or partially written reserved track" },
	[S_MEDIUM_CHANGED] = { SK_UNIT_ATTENTION, 0x28, 0x00,
			       "not ready to ready change, medium may have changed" },
	[S_POWER_ON_RESET] = { SK_UNIT_ATTENTION, 0x29, 0x00,
			       "power on, reset, or bus device reset occurred" },
	[S_MODE_PARAMS_CHANGED] = { SK_UNIT_ATTENTION, 0x2a, 0x01,
				    "mode parameters changed" },
	[S_WRITE_PROTECTED] = { SK_DATA_PROTECT, 0x27, 0x00,
				"write protected" },
};

_Static_assert(VB_ARRAY_SIZE(sense_defs) == S__COUNT,
	       "every sense identifier needs a table entry");

const struct vb_sense_def *vb_sense_def(enum vb_sense id)
{
	if ((unsigned)id >= S__COUNT)
		id = S_NO_SENSE;
	return &sense_defs[id];
}

/*
 * Fixed format sense data, SPC-4 section 4.5.3: response code 0x70,
 * additional length 10 so that bytes 8-17 are present (cdrdao only trusts
 * ASC/ASCQ when sense[7] >= 6: quirk:cdrdao-sense-length,
 * docs/clients/cdrdao.md).
 */
unsigned vb_sense_build(uint8_t *buf, enum vb_sense id, int progress)
{
	const struct vb_sense_def *def = vb_sense_def(id);

	memset(buf, 0, 18);
	buf[0] = 0x70;	    /* RESPONSE CODE: current, fixed */
	buf[2] = def->key;  /* SENSE KEY */
	buf[7] = 10;	    /* ADDITIONAL SENSE LENGTH */
	buf[12] = def->asc; /* ADDITIONAL SENSE CODE */
	buf[13] = def->ascq;
	if (progress >= 0) {
		buf[15] = 0x80; /* SKSV: progress indication valid */
		put_be16(buf + 16, (uint16_t)VB_MIN(progress, 0xffff));
	}
	return 18;
}

void vb_sense_set(struct vb_cmd *cmd, enum vb_sense id, int progress)
{
	cmd->status = VB_STATUS_CHECK_CONDITION;
	cmd->sense_len = (uint8_t)vb_sense_build(cmd->sense, id, progress);
}

/*
 * The field pointer is defined for ILLEGAL REQUEST only (SPC-4 4.5.2.4);
 * other keys carry other sense-key specific data, or none.
 * Byte 15: SKSV, C/D (the field is in the CDB), BPV (the bit pointer is
 * valid) and the bit pointer; bytes 16-17: the field pointer.
 */
void vb_sense_set_field(struct vb_cmd *cmd, enum vb_sense id, bool in_cdb,
			unsigned byte, int bit)
{
	uint8_t *s = cmd->sense;

	vb_sense_set(cmd, id, -1);
	if (vb_sense_def(id)->key != SK_ILLEGAL_REQUEST)
		return;
	s[15] = 0x80; /* SKSV */
	if (in_cdb)
		s[15] |= 0x40; /* C/D */
	if (bit >= 0 && bit <= 7)
		s[15] |= (uint8_t)(0x08 | bit); /* BPV, BIT POINTER */
	put_be16(s + 16, (uint16_t)VB_MIN(byte, 0xffffu)); /* FIELD POINTER */
}
