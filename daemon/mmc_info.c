/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the medium holds and where writing may go: READ DISC INFORMATION,
 * READ TRACK INFORMATION, READ CAPACITY, READ FORMAT CAPACITIES. These are
 * the fields libburn, wodim, growisofs and cdrdao plan a burn from
 * (docs/clients.md 3.0): disc status, NWA, free blocks.
 */
#include "drv.h"

/* CD addresses in READ DISC INFORMATION are MSF as 00 MM SS FF. */
static uint32_t msf_field(int32_t lba)
{
	struct vb_msf a = lba_to_msf(lba);

	return (uint32_t)a.m << 16 | (uint32_t)a.s << 8 | a.f;
}

/*
 * READ DISC INFORMATION, MMC-6 6.22, data type 0 (standard). Sessions and
 * "last track in last session" count the open session and its invisible
 * or incomplete track while the disc is appendable.
 */
enum vb_sense mmc_read_disc_info(struct vb_drive *d, const uint8_t *cdb,
				 struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t type = cdb[1] & 0x07;
	const uint16_t alloc = get_be16(cdb + 7);
	struct vb_medium *m = d->medium;
	const struct vb_disc *disc = vb_medium_disc(m);
	const enum vb_disc_status st = vb_medium_disc_status(m);
	const int nsess = vb_medium_nsessions(m);
	int last_track, first_in_last;

	(void)cmd;
	resp_limit(out, alloc);
	if (type != 0)
		return S_INVALID_FIELD_IN_CDB;
	if (vb_medium_overwritable(m)) /* mmc_overwrite.c */
		return ow_read_disc_info(d, out);
	last_track = vb_medium_finalized(m) ?
			     vb_medium_ntracks(m) :
			     vb_medium_ntracks(m) + !vb_medium_open_track(m);
	first_in_last = vb_medium_session_first_track(m, nsess);
	if (!first_in_last)
		first_in_last = last_track;

	resp_put16(out, 0, 32); /* DISC INFORMATION LENGTH */
	resp_put8(out, 2,
		  (uint8_t)((vb_medium_info(m)->erasable ? 0x10 : 0) |
			    vb_medium_last_session_state(m) << 2 | st));
	resp_put8(out, 3, 1);		   /* FIRST TRACK */
	resp_put8(out, 4, (uint8_t)nsess); /* SESSIONS LSB */
	resp_put8(out, 5, (uint8_t)first_in_last);
	resp_put8(out, 6, (uint8_t)last_track);
	resp_put8(out, 7, 0x20); /* URU: unrestricted use */
	/* DISC TYPE: CD-DA/CD-ROM, CD-I or CD-ROM XA, from the first
	 * session's lead-in (MMC-6 Table 530). */
	resp_put8(out, 8,
		  disc && vb_medium_info(m)->family == VB_FAM_CD ?
			  disc->sessions[0]->disc_type :
			  0x00);
	resp_put8(out, 9, (uint8_t)(nsess >> 8));
	resp_put8(out, 10, (uint8_t)(first_in_last >> 8));
	resp_put8(out, 11, (uint8_t)(last_track >> 8));
	if (st == VB_DISC_COMPLETE) {
		resp_put32(out, 16, 0xffffffff);
		resp_put32(out, 20, 0xffffffff);
	} else if (vb_medium_info(m)->family == VB_FAM_CD) {
		/* Next session's lead-in, and the last possible lead-out. */
		resp_put32(out, 16,
			   msf_field(vb_medium_next_start(m) - 150 - 4500));
		resp_put32(out, 20, msf_field((int32_t)vb_medium_capacity(m)));
	} else {
		resp_put32(out, 20, vb_medium_capacity(m));
	}
	resp_put8(out, 33, 0); /* NUMBER OF OPC TABLES */
	return VB_OK;
}

/* DATA MODE of READ TRACK INFORMATION (MMC-6 Table 555): 1 Mode 1, 2
 * Mode 2 (either form), Fh for no data (audio). Unrecorded tracks are
 * written as Mode 1. */
static uint8_t data_mode(const struct vb_track *t)
{
	if (!t)
		return 0x01;
	switch (t->mode) {
	case VB_MODE_AUDIO:
		return 0x0f;
	case VB_MODE_MODE1:
	case VB_MODE_MODE0:
		return 0x01;
	default:
		return 0x02;
	}
}

/* Fills a READ TRACK INFORMATION reply for track number n (1-based);
 * n == ntracks + 1 is the invisible track. */
static void track_info(struct vb_medium *m, int n, struct vb_resp *out)
{
	const struct vb_track *dt = vb_medium_track(m, n);
	const bool invisible = n > vb_medium_ntracks(m);
	const struct media_track *t =
		invisible ? NULL : vb_medium_rec_track(m, n - 1);
	const int session = t ? t->session : vb_medium_sessions_closed(m) + 1;
	const bool dash_r = vb_medium_info(m)->media == VB_MEDIA_DVD_R ||
			    vb_medium_info(m)->media == VB_MEDIA_DVD_RW;
	int32_t start = t ? t->start : vb_medium_next_start(m);
	int32_t nwa = vb_medium_nwa(m);
	uint32_t size, free_blocks = 0;
	bool nwa_v = false;

	if (!t || !t->closed) {
		nwa_v = nwa >= 0;
		free_blocks = nwa_v ? vb_medium_capacity(m) - (uint32_t)nwa : 0;
		if (t && t->reserved)
			free_blocks = t->reserved - t->length;
	}
	if (t && t->closed)
		size = t->length;
	else if (t && t->reserved)
		size = t->reserved;
	else
		size = (t ? t->length : 0) + free_blocks;

	resp_put16(out, 0, 46); /* DATA LENGTH */
	resp_put8(out, 2, (uint8_t)n);
	resp_put8(out, 3, (uint8_t)session);
	/* TRACK MODE: the track's CONTROL nibble; a DVD-R track is
	 * recorded incrementally (bit 0). */
	resp_put8(out, 5, (uint8_t)(dash_r ? 0x05 : dt ? dt->ctl : 0x04));
	resp_put8(out, 6,
		  (uint8_t)((t && t->reserved ? 0x80 : 0) | /* RT */
			    (invisible ? 0x40 : 0) |	    /* BLANK */
			    (dash_r ? 0x20 : 0) |	    /* PACKET/INC */
			    data_mode(dt)));
	resp_put8(out, 7,
		  (uint8_t)((t && t->length ? 0x02 : 0) | /* LRA_V */
			    (nwa_v ? 0x01 : 0)));	  /* NWA_V */
	resp_put32(out, 8, (uint32_t)start); /* TRACK START ADDRESS */
	resp_put32(out, 12, nwa_v ? (uint32_t)nwa : 0); /* NEXT WRITABLE */
	resp_put32(out, 16, free_blocks);		/* FREE BLOCKS */
	resp_put32(out, 20, vb_medium_info(m)->unit);	/* FIXED PACKET SIZE */
	resp_put32(out, 24, size);			/* TRACK SIZE */
	resp_put32(out, 28,
		   t && t->length ? (uint32_t)(start + (int32_t)t->length - 1) :
				    0); /* LAST RECORDED */
	resp_put8(out, 32, (uint8_t)(n >> 8));
	resp_put8(out, 33, (uint8_t)(session >> 8));
	resp_mark(out, 48);
}

/* Track number holding lba, or 0 (the invisible track counts). */
static int track_of_lba(const struct vb_medium *m, int32_t lba)
{
	for (int i = 0; i < vb_medium_ntracks(m); i++) {
		const struct media_track *t = vb_medium_rec_track(m, i);
		uint32_t len = t->closed ?
				       t->length :
				       (t->reserved ? t->reserved :
						      vb_medium_capacity(m));

		if (lba >= t->start && lba < t->start + (int32_t)len)
			return i + 1;
	}
	if (!vb_medium_finalized(m) && lba >= vb_medium_next_start(m) &&
	    lba < (int32_t)vb_medium_capacity(m) && !vb_medium_open_track(m))
		return vb_medium_ntracks(m) + 1;
	return 0;
}

/*
 * READ TRACK INFORMATION, MMC-6 6.27. Address type 0 LBA, 1 track number
 * (FFh: the invisible or incomplete track), 2 session number.
 */
enum vb_sense mmc_read_track_info(struct vb_drive *d, const uint8_t *cdb,
				  struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t type = cdb[1] & 0x03;
	const uint32_t value = get_be32(cdb + 2);
	const uint16_t alloc = get_be16(cdb + 7);
	struct vb_medium *m = d->medium;
	const int last =
		vb_medium_ntracks(m) +
		(vb_medium_finalized(m) || vb_medium_open_track(m) ? 0 : 1);
	int n = 0;

	(void)cmd;
	resp_limit(out, alloc);
	if (vb_medium_overwritable(m)) /* mmc_overwrite.c */
		return ow_read_track_info(d, type, value, out);
	switch (type) {
	case 0:
		n = track_of_lba(m, (int32_t)value);
		break;
	case 1:
		n = value == 0xff ? last : (int)VB_MIN(value, 0x10000u);
		if (value == 0xff && vb_medium_finalized(m))
			n = 0;
		break;
	case 2:
		if (value >= 1 && value <= (uint32_t)vb_medium_nsessions(m)) {
			n = vb_medium_session_first_track(m, (int)value);
			if (!n)
				n = last;
		}
		break;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
	if (n < 1 || n > last)
		return S_INVALID_FIELD_IN_CDB;
	track_info(m, n, out);
	return VB_OK;
}

/*
 * READ CAPACITY, MMC-6 6.23: the last recorded LBA (0 when blank: libburn
 * takes "appendable, one empty session, capacity 0" as a blank BD-R,
 * quirk:libburn-bdr-blank) and 2048-byte blocks.
 */
enum vb_sense mmc_read_capacity(struct vb_drive *d, const uint8_t *cdb,
				struct vb_cmd *cmd, struct vb_resp *out)
{
	const int32_t end = vb_medium_recorded_end(d->medium);

	(void)cdb, (void)cmd;
	resp_put32(out, 0, end > 0 ? (uint32_t)(end - 1) : 0);
	resp_put32(out, 4, 2048);
	return VB_OK;
}

/*
 * READ FORMAT CAPACITIES, MMC-6 6.24: the current/maximum capacity
 * descriptor; write-once media report their capacity as formatted (type
 * 2), which is what drives do for sequential media.
 */
enum vb_sense mmc_read_format_capacities(struct vb_drive *d, const uint8_t *cdb,
					 struct vb_cmd *cmd,
					 struct vb_resp *out)
{
	const uint16_t alloc = get_be16(cdb + 7);
	const struct vb_medium *m = d->medium;

	(void)cmd;
	resp_limit(out, alloc);
	/* the formats, mmc_format.c; DVD-RW in both modes, mmc_dvdrw.c */
	if (vb_medium_overwritable(m) || vb_medium_dvdrw(m) ||
	    vb_medium_bdr_formattable(m))
		return fmt_read_format_capacities(d, out);
	resp_put8(out, 3, 8);			   /* CAPACITY LIST LENGTH */
	resp_put32(out, 4, vb_medium_capacity(m)); /* NUMBER OF BLOCKS */
	resp_put8(out, 8, 0x02);  /* DESCRIPTOR TYPE: formatted */
	resp_put24(out, 9, 2048); /* BLOCK LENGTH */
	return VB_OK;
}
