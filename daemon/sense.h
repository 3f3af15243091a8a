/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sense identifiers: what every CDB handler returns (docs/style.md R5). Only
 * sense.c turns an identifier into sense bytes.
 */
#ifndef VB_SENSE_H
#define VB_SENSE_H

#include <stdbool.h>
#include <stdint.h>

#include "vburn/cmd.h"

enum vb_sense {
	VB_OK = 0,
	S_NO_SENSE,
	S_NOT_READY_CAUSE_NOT_REPORTABLE, /* 02/04/00 */
	S_BECOMING_READY,		  /* 02/04/01 */
	S_FORMAT_IN_PROGRESS,		  /* 02/04/04 */
	S_OPERATION_IN_PROGRESS,	  /* 02/04/07 */
	S_LONG_WRITE_IN_PROGRESS,	  /* 02/04/08 */
	S_NO_MEDIUM,			  /* 02/3A/00 */
	S_NO_MEDIUM_TRAY_CLOSED,	  /* 02/3A/01 */
	S_NO_MEDIUM_TRAY_OPEN,		  /* 02/3A/02 */
	S_WRITE_ERROR,			  /* 03/0C/00 */
	S_UNRECOVERED_READ_ERROR,	  /* 03/11/00 */
	S_INVALID_OPCODE,		  /* 05/20/00 */
	S_LBA_OUT_OF_RANGE,		  /* 05/21/00 */
	S_INVALID_WRITE_ADDRESS,	  /* 05/21/02 */
	S_INVALID_FIELD_IN_CDB,		  /* 05/24/00 */
	S_INVALID_FIELD_IN_PARAM_LIST,	  /* 05/26/00 */
	S_PARAM_LIST_LENGTH_ERROR,	  /* 05/1A/00 */
	S_CMD_SEQUENCE_ERROR,		  /* 05/2C/00 */
	S_INCOMPATIBLE_MEDIUM,		  /* 05/30/00 */
	S_CANNOT_WRITE_UNKNOWN_FORMAT,	  /* 05/30/02 */
	S_CANNOT_WRITE_MEDIUM,		  /* 05/30/05 */
	S_CANNOT_FORMAT_MEDIUM,		  /* 05/30/06 */
	S_SAVING_PARAMS_NOT_SUPPORTED,	  /* 05/39/00 */
	S_MEDIUM_REMOVAL_PREVENTED,	  /* 05/53/02 */
	S_END_OF_USER_AREA,		  /* 05/63/00 */
	S_ILLEGAL_MODE_FOR_TRACK,	  /* 05/64/00 */
	S_SESSION_FIXATION_ERROR,	  /* 05/72/00 */
	S_NO_MORE_TRACK_RESERVATIONS,	  /* 05/72/05 */
	S_EMPTY_OR_PARTIAL_TRACK,	  /* 05/72/04 */
	S_MEDIUM_CHANGED,		  /* 06/28/00 */
	S_POWER_ON_RESET,		  /* 06/29/00 */
	S_MODE_PARAMS_CHANGED,		  /* 06/2A/01 */
	S_WRITE_PROTECTED,		  /* 07/27/00 */
	S__COUNT
};

struct vb_sense_def {
	uint8_t key, asc, ascq;
	const char *text;
};

/* The table entry for id (always valid for id < S__COUNT). */
const struct vb_sense_def *vb_sense_def(enum vb_sense id);

/*
 * Completes cmd with CHECK CONDITION and fixed-format sense for id.
 * progress >= 0 sets the sense-key specific progress indication
 * (SKSV, bytes 15-17), which libburn and growisofs read while a drive is
 * busy (docs/clients.md 3.8; quirk:libburn-busy-progress,
 * quirk:growisofs-busy-progress).
 */
void vb_sense_set(struct vb_cmd *cmd, enum vb_sense id, int progress);

/* Builds fixed-format sense into buf (>= 18 bytes); returns its length. */
unsigned vb_sense_build(uint8_t *buf, enum vb_sense id, int progress);

/*
 * Completes cmd with CHECK CONDITION for id and, when id's sense key is
 * ILLEGAL REQUEST, the sense-key specific field pointer (SPC-4 4.5.2.4):
 * the field at byte `byte` of the CDB (in_cdb) or of the parameter list,
 * and bit 0..7 of that byte (its most significant bit in error), or -1
 * when the whole byte is meant.
 */
void vb_sense_set_field(struct vb_cmd *cmd, enum vb_sense id, bool in_cdb,
			unsigned byte, int bit);

#endif
