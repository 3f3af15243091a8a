/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command descriptors and the dispatcher (docs/style.md R3, R4). Generic
 * policy runs here once, in a fixed order, before any handler:
 *   1. opcode lookup          -> 05/20/00 INVALID COMMAND OPERATION CODE
 *   2. CDB length             -> 05/24/00 INVALID FIELD IN CDB
 *   3. reserved bits set      -> 05/24/00, field pointer at the first one
 *   4. unit attention gate    -> 06/xx   (unless F_ALLOW_UA)
 *   5. not-ready gate         -> 02/3A/0x (F_MEDIUM without a medium),
 *                                02/04/04 or 07 while a BLANK, FORMAT
 *                                UNIT or CLOSE with Immed runs (busy.c)
 *   6. data-in buffer: min(initiator buffer, ALLOCATION LENGTH)
 *   7. the handler
 *   8. data-in length: what the reply filled of that buffer
 * Modelled on QEMU's atapi_cmd_table/ide_atapi_cmd (MMC-6 4.1.6.1,
 * 4.1.8) and the Linux LIO target's per-command usage bits.
 *
 * Section numbers: MMC-6 chapter 6 as far as it was checked (6.3 to
 * 6.30); commands past that are cited by their MMC-6 clause name, and
 * the audio commands MMC-5 dropped by their MMC-4 section.
 */
#include <stdio.h>
#include <string.h>

#define LOG_TAG "mmc"
#include "capture.h"
#include "drv.h"
#include "vburn/log.h"

/*
 * Bits many CDBs share. LUN: bits 7-5 of byte 1 held the logical unit
 * in SCSI-2 CDBs; SPC made them reserved, but libusal (wodim, readom)
 * still fills them and the kernel's sr does for SCSI-2 devices, always
 * with LUN 0 here, so they are accepted (quirk:wodim-cdb-lun,
 * quirk:kernel-sr-cdb-lun). CTL: the CONTROL byte (SAM-5 5.2), vendor
 * specific bits 7-6 (wodim's READ TOC for Philips drives and SFF-8020
 * put the TOC format there: quirk:wodim-toc-vendor-bits), NACA, and the
 * obsolete FLAG and LINK bits; only bits 5-3 are reserved. Quirks:
 * docs/clients/wodim.md, docs/clients/kernel.md.
 */
#define U_LUN 0xe0
#define U_CTL 0xc7

const struct mmc_cmd mmc_cmds[256] = {
	[0x00] = { .name = "TEST UNIT READY",
		   .fn = spc_test_unit_ready,
		   .spec = "MMC-6 TEST UNIT READY",
		   .cdb_len = 6,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   .usage = { 0xff, U_LUN, 0, 0, 0, U_CTL } },
	[0x01] = { .name = "REZERO UNIT",
		   .fn = spc_rezero_unit,
		   .spec = "SCSI-2 8.2.13",
		   .cdb_len = 6,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   .usage = { 0xff, U_LUN, 0, 0, 0, U_CTL } },
	[0x03] = { .name = "REQUEST SENSE",
		   .fn = spc_request_sense,
		   .spec = "MMC-6 6.29",
		   .cdb_len = 6,
		   .dir = D_IN,
		   .len_off = 4,
		   .len_size = 1,
		   .flags = F_ALLOW_UA,
		   /* DESC */
		   .usage = { 0xff, U_LUN | 0x01, 0, 0, 0xff, U_CTL } },
	[0x04] = { .name = "FORMAT UNIT",
		   .fn = mmc_format_unit,
		   .spec = "MMC-6 6.5",
		   .cdb_len = 6,
		   .dir = D_OUT,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* FMTDATA, CMPLIST, FORMAT CODE; VENDOR SPECIFIC; the
		    * obsolete interleave */
		   .usage = { 0xff, U_LUN | 0x1f, 0xff, 0xff, 0xff, U_CTL } },
	[0x12] = { .name = "INQUIRY",
		   .fn = spc_inquiry,
		   .spec = "MMC-6 6.8",
		   .cdb_len = 6,
		   .dir = D_IN,
		   .len_off = 3,
		   .len_size = 2,
		   .flags = F_ALLOW_UA,
		   /* CMDDT (obsolete, refused by the handler), EVPD */
		   .usage = { 0xff, U_LUN | 0x03, 0xff, 0xff, 0xff, U_CTL } },
	[0x15] = { .name = "MODE SELECT(6)",
		   .fn = spc_mode_select,
		   .spec = "SPC-4 MODE SELECT(6)",
		   .cdb_len = 6,
		   .dir = D_OUT,
		   .len_off = 4,
		   .len_size = 1,
		   .flags = F_RECORD,
		   /* PF, SP */
		   .usage = { 0xff, U_LUN | 0x11, 0, 0, 0xff, U_CTL } },
	[0x1a] = { .name = "MODE SENSE(6)",
		   .fn = spc_mode_sense,
		   .spec = "SPC-4 MODE SENSE(6)",
		   .cdb_len = 6,
		   .dir = D_IN,
		   .len_off = 4,
		   .len_size = 1,
		   /* DBD; PC and PAGE CODE; SUBPAGE CODE */
		   .usage = { 0xff, U_LUN | 0x08, 0xff, 0xff, 0xff, U_CTL } },
	[0x1b] = { .name = "START STOP UNIT",
		   .fn = spc_start_stop,
		   .spec = "MMC-6 START STOP UNIT",
		   .cdb_len = 6,
		   .dir = D_NONE,
		   /* IMMED; POWER CONDITION MODIFIER; POWER CONDITIONS, FL,
		    * LOEJ, START */
		   .usage = { 0xff, U_LUN | 0x01, 0, 0x0f, 0xf7, U_CTL } },
	[0x1e] = { .name = "PREVENT ALLOW MEDIUM REMOVAL",
		   .fn = spc_prevent_allow,
		   .spec = "MMC-6 6.13",
		   .cdb_len = 6,
		   .dir = D_NONE,
		   /* PERSISTENT, PREVENT */
		   .usage = { 0xff, U_LUN, 0, 0, 0x03, U_CTL } },
	[0x23] = { .name = "READ FORMAT CAPACITIES",
		   .fn = mmc_read_format_capacities,
		   .spec = "MMC-6 6.23",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0, 0xff, 0xff, U_CTL } },
	[0x25] = { .name = "READ CAPACITY",
		   .fn = mmc_read_capacity,
		   .spec = "MMC-6 6.18",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .flags = F_MEDIUM,
		   /* obsolete RELADR and LOGICAL BLOCK ADDRESS; PMI */
		   .usage = { 0xff, U_LUN | 0x01, 0xff, 0xff, 0xff, 0xff, 0, 0,
			      0x01, U_CTL } },
	[0x28] = { .name = "READ(10)",
		   .fn = mmc_read,
		   .spec = "MMC-6 6.14",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .flags = F_MEDIUM | F_FILLS,
		   /* byte 1: every bit has a meaning in SBC or an MMC
		    * revision (RDPROTECT or LUN, DPO, FUA, obsolete RELADR);
		    * LBA; SBC's GROUP NUMBER; TRANSFER LENGTH */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff,
			      0xff, U_CTL } },
	[0x2a] = { .name = "WRITE(10)",
		   .fn = mmc_write,
		   .spec = "MMC-6 WRITE (10)",
		   .cdb_len = 10,
		   .dir = D_OUT,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* as READ(10) */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0xff,
			      0xff, U_CTL } },
	[0x2b] = { .name = "SEEK(10)",
		   .fn = mmc_seek,
		   .spec = "MMC-6 SEEK (10)",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   .usage = { 0xff, U_LUN, 0xff, 0xff, 0xff, 0xff, 0, 0, 0,
			      U_CTL } },
	[0x35] = { .name = "SYNCHRONIZE CACHE",
		   .fn = mmc_sync_cache,
		   .spec = "MMC-6 SYNCHRONIZE CACHE",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM | F_RECORD,
		   /* SYNC_NV, IMMED, obsolete RELADR; LBA; GROUP NUMBER;
		    * NUMBER OF BLOCKS */
		   .usage = { 0xff, U_LUN | 0x07, 0xff, 0xff, 0xff, 0xff, 0x1f,
			      0xff, 0xff, U_CTL } },
	[0x42] = { .name = "READ SUB-CHANNEL",
		   .fn = mmc_read_sub_channel,
		   .spec = "MMC-6 6.24",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* MSF; SUBQ; SUB-CHANNEL PARAMETER LIST; TRACK NUMBER */
		   .usage = { 0xff, U_LUN | 0x02, 0x40, 0xff, 0, 0, 0xff, 0xff,
			      0xff, U_CTL } },
	[0x43] = { .name = "READ TOC/PMA/ATIP",
		   .fn = mmc_read_toc,
		   .spec = "MMC-6 6.25",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* MSF; FORMAT; TRACK/SESSION NUMBER; the SFF-8020 format
		    * in the CONTROL byte's bits 7-6 is part of U_CTL */
		   .usage = { 0xff, U_LUN | 0x02, 0x0f, 0, 0, 0, 0xff, 0xff,
			      0xff, U_CTL } },
	[0x45] = { .name = "PLAY AUDIO(10)",
		   .fn = mmc_play_audio10,
		   .spec = "MMC-4 6.15",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   /* obsolete RELADR; LBA; TRANSFER LENGTH */
		   .usage = { 0xff, U_LUN | 0x01, 0xff, 0xff, 0xff, 0xff, 0,
			      0xff, 0xff, U_CTL } },
	[0x46] = { .name = "GET CONFIGURATION",
		   .fn = mmc_get_configuration,
		   .spec = "MMC-6 6.5",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_ALLOW_UA,
		   /* RT; STARTING FEATURE NUMBER */
		   .usage = { 0xff, U_LUN | 0x03, 0xff, 0xff, 0, 0, 0, 0xff,
			      0xff, U_CTL } },
	[0x47] = { .name = "PLAY AUDIO MSF",
		   .fn = mmc_play_audio_msf,
		   .spec = "MMC-4 6.17",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   /* STARTING and ENDING M, S, F */
		   .usage = { 0xff, U_LUN, 0, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, U_CTL } },
	[0x4a] = { .name = "GET EVENT STATUS NOTIFICATION",
		   .fn = mmc_get_event_status,
		   .spec = "MMC-6 6.6",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_ALLOW_UA,
		   /* POLLED; NOTIFICATION CLASS REQUEST */
		   .usage = { 0xff, U_LUN | 0x01, 0, 0, 0xff, 0, 0, 0xff, 0xff,
			      U_CTL } },
	[0x4b] = { .name = "PAUSE/RESUME",
		   .fn = mmc_pause_resume,
		   .spec = "MMC-4 6.14",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   /* RESUME */
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0, 0, 0x01, U_CTL } },
	[0x4e] = { .name = "STOP PLAY/SCAN",
		   .fn = mmc_stop_play_scan,
		   .spec = "MMC-4 STOP PLAY/SCAN",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0, 0, 0, U_CTL } },
	[0x51] = { .name = "READ DISC INFORMATION",
		   .fn = mmc_read_disc_info,
		   .spec = "MMC-6 6.21",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* DATA TYPE */
		   .usage = { 0xff, U_LUN | 0x07, 0, 0, 0, 0, 0, 0xff, 0xff,
			      U_CTL } },
	[0x52] = { .name = "READ TRACK INFORMATION",
		   .fn = mmc_read_track_info,
		   .spec = "MMC-6 6.26",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* OPEN, ADDRESS/NUMBER TYPE; the address or number */
		   .usage = { 0xff, U_LUN | 0x07, 0xff, 0xff, 0xff, 0xff, 0,
			      0xff, 0xff, U_CTL } },
	[0x53] = { .name = "RESERVE TRACK",
		   .fn = mmc_reserve_track,
		   .spec = "MMC-6 6.30",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* ARSV; RESERVATION PARAMETER (size or LBA) */
		   .usage = { 0xff, U_LUN | 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, U_CTL } },
	[0x54] = { .name = "SEND OPC INFORMATION",
		   .fn = mmc_send_opc,
		   .spec = "MMC-6 SEND OPC INFORMATION",
		   .cdb_len = 10,
		   .dir = D_OUT,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* DOOPC; EXCLUDE1, EXCLUDE0 */
		   .usage = { 0xff, U_LUN | 0x01, 0x03, 0, 0, 0, 0, 0xff, 0xff,
			      U_CTL } },
	[0x55] = { .name = "MODE SELECT(10)",
		   .fn = spc_mode_select,
		   .spec = "MMC-6 6.11",
		   .cdb_len = 10,
		   .dir = D_OUT,
		   .len_off = 7,
		   .len_size = 2,
		   .flags = F_RECORD,
		   /* PF, SP */
		   .usage = { 0xff, U_LUN | 0x11, 0, 0, 0, 0, 0, 0xff, 0xff,
			      U_CTL } },
	[0x5a] = { .name = "MODE SENSE(10)",
		   .fn = spc_mode_sense,
		   .spec = "MMC-6 6.12",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   /* LLBAA, DBD; PC and PAGE CODE; SUBPAGE CODE */
		   .usage = { 0xff, U_LUN | 0x18, 0xff, 0xff, 0, 0, 0, 0xff,
			      0xff, U_CTL } },
	[0x5b] = { .name = "CLOSE TRACK/SESSION",
		   .fn = mmc_close_track_session,
		   .spec = "MMC-6 6.3",
		   .cdb_len = 10,
		   .dir = D_NONE,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* IMMED; CLOSE FUNCTION; LOGICAL TRACK NUMBER */
		   .usage = { 0xff, U_LUN | 0x01, 0x07, 0, 0xff, 0xff, 0, 0, 0,
			      U_CTL } },
	[0x5c] = { .name = "READ BUFFER CAPACITY",
		   .fn = mmc_read_buffer_capacity,
		   .spec = "MMC-6 6.17",
		   .cdb_len = 10,
		   .dir = D_IN,
		   .len_off = 7,
		   .len_size = 2,
		   /* BLOCK */
		   .usage = { 0xff, U_LUN | 0x01, 0, 0, 0, 0, 0, 0xff, 0xff,
			      U_CTL } },
	[0x5d] = { .name = "SEND CUE SHEET",
		   .fn = mmc_send_cue_sheet,
		   .spec = "MMC-6 SEND CUE SHEET",
		   .cdb_len = 10,
		   .dir = D_OUT,
		   .len_off = 6,
		   .len_size = 3,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* CUE SHEET SIZE */
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0xff, 0xff, 0xff,
			      U_CTL } },
	[0xa1] = { .name = "BLANK",
		   .fn = mmc_blank,
		   .spec = "MMC-6 6.2",
		   .cdb_len = 12,
		   .dir = D_NONE,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* IMMED, BLANKING TYPE; START ADDRESS/TRACK NUMBER */
		   .usage = { 0xff, U_LUN | 0x17, 0xff, 0xff, 0xff, 0xff, 0, 0,
			      0, 0, 0, U_CTL } },
	[0xa5] = { .name = "PLAY AUDIO(12)",
		   .fn = mmc_play_audio12,
		   .spec = "MMC-4 6.16",
		   .cdb_len = 12,
		   .dir = D_NONE,
		   .flags = F_MEDIUM,
		   /* obsolete RELADR; LBA; TRANSFER LENGTH */
		   .usage = { 0xff, U_LUN | 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0, U_CTL } },
	[0xa8] = { .name = "READ(12)",
		   .fn = mmc_read,
		   .spec = "MMC-6 6.15",
		   .cdb_len = 12,
		   .dir = D_IN,
		   .flags = F_MEDIUM | F_FILLS,
		   /* as READ(10); byte 10: STREAMING, GROUP NUMBER */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0x9f, U_CTL } },
	[0xaa] = { .name = "WRITE(12)",
		   .fn = mmc_write,
		   .spec = "MMC-6 WRITE (12)",
		   .cdb_len = 12,
		   .dir = D_OUT,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* as WRITE(10); byte 10: STREAMING (libburn sets it on
		    * BD-RE: quirk:libburn-write12-streaming), GROUP NUMBER */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0x9f, U_CTL } },
	[0xac] = { .name = "GET PERFORMANCE",
		   .fn = mmc_get_performance,
		   .spec = "MMC-6 6.7",
		   .cdb_len = 12,
		   .dir = D_IN,
		   /* DATA TYPE; STARTING LBA; MAXIMUM NUMBER OF DESCRIPTORS
		    * (a count, not bytes: no allocation length); TYPE */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0xff,
			      0xff, 0xff, U_CTL } },
	[0xad] = { .name = "READ DISC STRUCTURE",
		   .fn = mmc_read_dvd_structure,
		   .spec = "MMC-6 6.22",
		   .cdb_len = 12,
		   .dir = D_IN,
		   .len_off = 8,
		   .len_size = 2,
		   .flags = F_MEDIUM,
		   /* MEDIA TYPE; ADDRESS; LAYER; FORMAT CODE; AGID */
		   .usage = { 0xff, U_LUN | 0x0f, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0xc0, U_CTL } },
	[0xb6] = { .name = "SET STREAMING",
		   .fn = mmc_set_streaming,
		   .spec = "MMC-6 SET STREAMING",
		   .cdb_len = 12,
		   .dir = D_OUT,
		   .len_off = 9,
		   .len_size = 2,
		   /* TYPE; PARAMETER LIST LENGTH */
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
			      U_CTL } },
	[0xb9] = { .name = "READ CD MSF",
		   .fn = mmc_read_cd_msf,
		   .spec = "MMC-6 6.20",
		   .cdb_len = 12,
		   .dir = D_IN,
		   .flags = F_MEDIUM | F_FILLS,
		   /* EXPECTED SECTOR TYPE, DAP; START and END M, S, F;
		    * SYNC, HEADER CODES, USER DATA, EDC/ECC, C2; SUB-CHANNEL */
		   .usage = { 0xff, U_LUN | 0x1e, 0, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xfe, 0x07, U_CTL } },
	[0xbb] = { .name = "SET CD SPEED",
		   .fn = mmc_set_cd_speed,
		   .spec = "MMC-6 SET CD SPEED",
		   .cdb_len = 12,
		   .dir = D_NONE,
		   /* ROTATION CONTROL; READ SPEED; WRITE SPEED */
		   .usage = { 0xff, U_LUN | 0x03, 0xff, 0xff, 0xff, 0xff, 0, 0,
			      0, 0, 0, U_CTL } },
	[0xbd] = { .name = "MECHANISM STATUS",
		   .fn = mmc_mechanism_status,
		   .spec = "MMC-6 6.10",
		   .cdb_len = 12,
		   .dir = D_IN,
		   .len_off = 8,
		   .len_size = 2,
		   .usage = { 0xff, U_LUN, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0,
			      U_CTL } },
	[0xbe] = { .name = "READ CD",
		   .fn = mmc_read_cd,
		   .spec = "MMC-6 6.19",
		   .cdb_len = 12,
		   .dir = D_IN,
		   .flags = F_MEDIUM | F_FILLS,
		   /* EXPECTED SECTOR TYPE, DAP, obsolete RELADR; LBA;
		    * TRANSFER LENGTH; the fields of byte 9; SUB-CHANNEL */
		   .usage = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xfe, 0x07, U_CTL } },
	[0xbf] = { .name = "SEND DISC STRUCTURE",
		   .fn = mmc_send_disc_structure,
		   .spec = "MMC-6 6.37",
		   .cdb_len = 12,
		   .dir = D_OUT,
		   .len_off = 8,
		   .len_size = 2,
		   .flags = F_MEDIUM | F_RECORD | F_WRITER,
		   /* MEDIA TYPE; FORMAT CODE; PARAMETER LIST LENGTH; AGID */
		   .usage = { 0xff, U_LUN | 0x0f, 0, 0, 0, 0, 0, 0xff, 0xff,
			      0xff, 0xc0, U_CTL } },
};

/* A CDB field of size bytes (1-4) at off, big-endian. */
static uint32_t cdb_field(const uint8_t *cdb, unsigned off, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v = v << 8 | cdb[off + i];
	return v;
}

/*
 * The first reserved bit set in the CDB, as byte * 8 + bit (its most
 * significant bit in error, where SPC-4's BIT POINTER points), or -1.
 */
static int reserved_bit(const struct mmc_cmd *mc, const uint8_t *cdb)
{
	for (unsigned i = 0; i < mc->cdb_len; i++) {
		const unsigned bad = cdb[i] & (uint8_t)~mc->usage[i];
		int bit = 7;

		if (!bad)
			continue;
		while (!(bad & 1u << bit))
			bit--;
		return (int)i * 8 + bit;
	}
	return -1;
}

/*
 * Steps 1-5; *field gets the reserved bit of step 3, else -1, and
 * *progress the progress of step 5's operation in progress, else -1.
 */
static enum vb_sense dispatch_gates(struct vb_drive *d,
				    const struct mmc_cmd *mc,
				    const struct vb_cmd *cmd, int *field,
				    int *progress)
{
	enum vb_sense s;

	*field = -1;
	*progress = -1;
	if (!mc->fn)
		return S_INVALID_OPCODE;
	if (cmd->cdb_len < mc->cdb_len)
		return S_INVALID_FIELD_IN_CDB;
	*field = reserved_bit(mc, cmd->cdb);
	if (*field >= 0)
		return S_INVALID_FIELD_IN_CDB;
	if (!(mc->flags & F_ALLOW_UA)) {
		s = port_take_ua(d, cmd->port);
		if (s != VB_OK)
			return s;
	}
	if (!(mc->flags & F_MEDIUM))
		return VB_OK;
	if (!drive_medium(d))
		return d->tray_open ? S_NO_MEDIUM_TRAY_OPEN :
				      S_NO_MEDIUM_TRAY_CLOSED;
	s = drive_busy(d, progress);
	if (s == VB_OK && (mc->flags & F_WRITER))
		s = port_write_gate(d, cmd->port);
	return s;
}

/*
 * Step 6: the reply buffer. A data-in command writes at most the
 * initiator's buffer and the ALLOCATION LENGTH; the header length
 * fields still say the full length (resp.h). Commands without a data-in
 * phase get no buffer, whatever the front end passed (cdparanoia sends
 * TEST UNIT READY with a data-in buffer, docs/clients.md 1.3;
 * quirk:cdparanoia-tur-buffer).
 */
static void dispatch_out(const struct mmc_cmd *mc, const struct vb_cmd *cmd,
			 struct vb_resp *out)
{
	size_t cap = cmd->buf_len;

	if (mc->dir != D_IN || cmd->dir != VB_DXFER_FROM_DEV) {
		resp_init(out, NULL, 0);
		return;
	}
	if (mc->len_size)
		cap = VB_MIN(cap, (size_t)cdb_field(cmd->cdb, mc->len_off,
						    mc->len_size));
	if (mc->flags & F_FILLS)
		resp_init_raw(out, cmd->buf, cap);
	else
		resp_init(out, cmd->buf, cap);
}

/* Step 8: bytes moved: the reply, or the payload the command takes. */
static uint32_t dispatch_xfer(const struct mmc_cmd *mc,
			      const struct vb_cmd *cmd,
			      const struct vb_resp *out)
{
	if (mc->dir == D_IN && cmd->dir == VB_DXFER_FROM_DEV)
		return (uint32_t)VB_MIN(out->len, out->cap);
	if (mc->dir != D_OUT || cmd->dir != VB_DXFER_TO_DEV)
		return 0;
	if (!mc->len_size)
		return cmd->buf_len;
	return VB_MIN(cmd->buf_len,
		      cdb_field(cmd->cdb, mc->len_off, mc->len_size));
}

/*
 * Fails cmd with s (the field pointer at reserved bit field, if >= 0;
 * the progress indication progress, if >= 0).
 */
static void dispatch_fail(struct vb_drive *d, const struct mmc_cmd *mc,
			  struct vb_cmd *cmd, enum vb_sense s, int field,
			  int progress)
{
	const struct vb_sense_def *def = vb_sense_def(s);

	if (mc->flags & F_RECORD) {
		/* a store that could not be written says why (a full disk) */
		const char *io = s == S_WRITE_ERROR && d->medium ?
					 vb_medium_io_error(d->medium) :
					 "";

		snprintf(d->last_error, sizeof(d->last_error),
			 "%s: %x/%02x/%02x %s%s%s%s", mc->name, def->key,
			 def->asc, def->ascq, def->text, io[0] ? " (" : "", io,
			 io[0] ? ")" : "");
	}
	if (field >= 0)
		vb_sense_set_field(cmd, s, true, (unsigned)field / 8,
				   field % 8);
	else
		vb_sense_set(cmd, s, progress);
	cmd->xfer_len = 0;
}

void vb_drive_exec(struct vb_drive *d, struct vb_cmd *cmd)
{
	const struct mmc_cmd *mc = &mmc_cmds[cmd->cdb[0]];
	struct vb_medium *m;
	int closed, field, progress;
	double t0 = 0;
	struct vb_resp out;
	enum vb_sense s;

	cmd->status = VB_STATUS_GOOD;
	cmd->sense_len = 0;
	cmd->xfer_len = 0;
	if (cmd->cdb_len > sizeof(cmd->cdb))
		cmd->cdb_len = sizeof(cmd->cdb);

	pthread_mutex_lock(&d->lock);
	m = d->medium;
	if (m)
		vb_medium_note_command(m, t0 = vb_medium_now());
	closed = m ? vb_medium_sessions_closed(m) : 0;
	s = dispatch_gates(d, mc, cmd, &field, &progress);
	if (s == VB_OK) {
		dispatch_out(mc, cmd, &out);
		s = mc->fn(d, cmd->cdb, cmd, &out);
		if (s == VB_OK && (mc->flags & F_WRITER))
			port_wrote(d, cmd->port,
				   m && m == d->medium &&
					   vb_medium_sessions_closed(m) >
						   closed);
	}
	if (m && m == d->medium && vb_medium_sessions_closed(m) > closed)
		drive_capture_locked(d);
	if (s != VB_OK)
		dispatch_fail(d, mc, cmd, s, field, progress);
	else
		cmd->xfer_len = dispatch_xfer(mc, cmd, &out);
	if (m && m == d->medium)
		vb_medium_note_done(m, t0, vb_medium_now());
	pthread_mutex_unlock(&d->lock);

	if (vb_log_threshold >= VB_LOG_DEBUG) {
		char hex[3 * 16 + 1] = "";

		for (unsigned i = 0; i < cmd->cdb_len; i++)
			snprintf(hex + 3 * i, 4, "%02x ", cmd->cdb[i]);
		log_dbg("%s [%s] -> %s xfer %u", mc->name ? mc->name : "?", hex,
			s ? vb_sense_def(s)->text : "GOOD", cmd->xfer_len);
	}
}
