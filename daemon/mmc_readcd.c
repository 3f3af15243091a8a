/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw reads of a CD: READ CD (MMC-6 6.18), READ CD MSF (6.19) and READ
 * SUB-CHANNEL (6.31). Every sector comes from the medium's disc as a whole
 * 2352-byte sector (plus 96 bytes of interleaved P-W when subchannel is
 * asked for) through the formats library, which returns what the image
 * stored or synthesises sync, header, EDC/ECC and P/Q exactly as a drive
 * reads them from a pressed disc. Here only the fields the CDB selects
 * are cut out of it, per the sector's own layout (ECMA-130 section 14).
 * cdparanoia, cdrdao read-cd/read-toc and libcdio's MMC reads use these.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "vburn/sector.h"

/* READ CD byte 9 fields, MMC-6 Table 467. */
#define RC_SYNC 0x80
#define RC_HEADERS(f) (((f) >> 5) & 3) /* 1 header, 2 subheader, 3 both */
#define RC_USER 0x10
#define RC_EDC_ECC 0x08
#define RC_C2(f) (((f) >> 1) & 3) /* 1: 294 bytes, 2: 296 bytes */

/* EXPECTED SECTOR TYPE, MMC-6 Table 465. */
enum { ST_ANY, ST_CDDA, ST_MODE1, ST_MODE2, ST_FORM1, ST_FORM2 };

/* Sectors fetched from the disc per call. */
#define RC_CHUNK 32

/* Where the fields of one sector layout lie in the raw sector. */
struct rc_layout {
	uint8_t type;	   /* ST_* */
	uint16_t subhdr;   /* bytes of XA subheader (8 or 0) at 16 */
	uint16_t user_off; /* user data */
	uint16_t user_len;
	uint16_t edc_len; /* EDC/ECC after the user data */
};

static const struct rc_layout layouts[] = {
	{ ST_MODE1, 0, 16, 2048, 288 }, /* ECMA-130 14.3: EDC, zero, ECC */
	{ ST_MODE2, 0, 16, 2336, 0 },	/* formless: no EDC */
	{ ST_FORM1, 8, 24, 2048, 280 },
	{ ST_FORM2, 8, 24, 2324, 4 }, /* EDC only */
};

/* The layout of a data sector from its own mode byte and subheader. */
static const struct rc_layout *data_layout(const uint8_t *raw,
					   enum vb_track_mode mode)
{
	if (raw[15] == 2 && mode != VB_MODE_MODE2)
		return &layouts[raw[18] & VB_SUBMODE_FORM2 ? 3 : 2];
	if (raw[15] == 2)
		return &layouts[1];
	return &layouts[0]; /* Mode 1, and Mode 0 gaps laid out alike */
}

/* Cuts the selected fields of one sector into out; returns bytes, or 0
 * with *bad set when the sector is not of the expected type. */
static size_t rc_fields(const uint8_t *raw, enum vb_track_mode mode,
			uint8_t type, uint8_t flags, uint8_t *out, bool *bad)
{
	static const uint16_t c2[4] = { 0, 294, 296, 0 };
	const struct rc_layout *l;
	size_t n = 0;

	if (mode == VB_MODE_AUDIO) {
		if (type != ST_ANY && type != ST_CDDA)
			*bad = true;
		/* CD-DA has no fields: any selection returns all 2352 bytes
		 * (MMC-6 Table 468). */
		if (flags & (RC_SYNC | 0x60 | RC_USER | RC_EDC_ECC)) {
			memcpy(out, raw, 2352);
			n = 2352;
		}
		goto c2;
	}
	l = data_layout(raw, mode);
	if (type != ST_ANY && type != l->type)
		*bad = true;
	if (flags & RC_SYNC) {
		memcpy(out + n, raw, 12);
		n += 12;
	}
	if (RC_HEADERS(flags) & 1) {
		memcpy(out + n, raw + 12, 4);
		n += 4;
	}
	if ((RC_HEADERS(flags) & 2) && l->subhdr) {
		memcpy(out + n, raw + 16, l->subhdr);
		n += l->subhdr;
	}
	if (flags & RC_USER) {
		memcpy(out + n, raw + l->user_off, l->user_len);
		n += l->user_len;
	}
	if (flags & RC_EDC_ECC) {
		memcpy(out + n, raw + l->user_off + l->user_len, l->edc_len);
		n += l->edc_len;
	}
c2:
	/* No C2 errors: a virtual disc reads perfectly. */
	memset(out + n, 0, c2[RC_C2(flags)]);
	return n + c2[RC_C2(flags)];
}

/* Subchannel of one sector from its interleaved P-W: raw (sel 1, 96
 * bytes), formatted Q (sel 2, 12 bytes of Q + 4 zero) or R-W (sel 4, the
 * six R-W bits of each symbol, as the library cooks them). */
static size_t rc_sub(const uint8_t pw[VB_SUBCH_RAW], uint8_t sel, uint8_t *out)
{
	uint8_t lin[VB_SUBCH_RAW];

	switch (sel) {
	case 1:
		memcpy(out, pw, VB_SUBCH_RAW);
		return VB_SUBCH_RAW;
	case 2:
		vb_subch_deinterleave(lin, pw);
		memcpy(out, lin + VB_SUBCH_CHAN, VB_SUBQ_SIZE);
		memset(out + VB_SUBQ_SIZE, 0, 16 - VB_SUBQ_SIZE);
		return 16;
	case 4:
		for (unsigned k = 0; k < VB_SUBCH_RAW; k++)
			out[k] = pw[k] & 0x3f;
		return VB_SUBCH_RAW;
	}
	return 0;
}

/* The common part of READ CD and READ CD MSF once lba/count are known. */
static enum vb_sense read_cd_common(struct vb_drive *d, const uint8_t *cdb,
				    int32_t lba, uint32_t n, struct vb_cmd *cmd,
				    struct vb_resp *out)
{
	const uint8_t type = (cdb[1] >> 2) & 0x07;
	const uint8_t flags = cdb[9];
	const uint8_t sub = cdb[10] & 0x07; /* SUB-CHANNEL DATA SELECTION */
	const enum vb_read_kind kind = sub ? VB_READ_RAW_SUB : VB_READ_RAW;
	const size_t unit = vb_read_size(kind);
	struct vb_medium *m = d->medium;
	const struct vb_disc *disc;
	uint8_t *raw, one[2352 + 296 + 96];
	enum vb_sense s = VB_OK;
	size_t off = 0;

	if (vb_medium_info(m)->family != VB_FAM_CD)
		return S_ILLEGAL_MODE_FOR_TRACK;
	if (type > ST_FORM2 || RC_C2(flags) == 3 ||
	    (sub != 0 && sub != 1 && sub != 2 && sub != 4))
		return S_INVALID_FIELD_IN_CDB;
	disc = vb_medium_disc(m);
	if (!disc || lba < 0 || (int64_t)lba + n > vb_disc_leadout(disc))
		return n ? S_LBA_OUT_OF_RANGE : VB_OK;
	if (n == 0)
		return VB_OK;
	raw = malloc(unit * RC_CHUNK);
	if (!raw)
		return S_UNRECOVERED_READ_ERROR;
	for (uint32_t i = 0; i < n && !s;) {
		const uint32_t k = VB_MIN(n - i, (uint32_t)RC_CHUNK);

		s = vb_medium_read_as(m, lba + (int32_t)i, k, kind, raw);
		for (uint32_t j = 0; j < k && !s; j++) {
			const uint8_t *r = raw + j * unit;
			const struct vb_track *t =
				vb_disc_track_at(disc, lba + (int32_t)(i + j));
			bool bad = false;
			size_t len =
				rc_fields(r, t->mode, type, flags, one, &bad);

			if (sub)
				len += rc_sub(r + 2352, sub, one + len);
			if (bad)
				s = S_ILLEGAL_MODE_FOR_TRACK;
			else if (off + len > cmd->buf_len || !out->buf)
				s = S_INVALID_FIELD_IN_CDB;
			else
				memcpy(out->buf + off, one, len);
			off += len;
		}
		i += k;
	}
	free(raw);
	if (!s)
		resp_mark(out, off);
	return s;
}

/* READ CD, MMC-6 6.18: LBA in bytes 2-5, 24-bit block count 6-8. */
enum vb_sense mmc_read_cd(struct vb_drive *d, const uint8_t *cdb,
			  struct vb_cmd *cmd, struct vb_resp *out)
{
	return read_cd_common(d, cdb, cdb_lba(cdb), get_be24(cdb + 6), cmd,
			      out);
}

/* READ CD MSF, MMC-6 6.19: start MSF in bytes 3-5, end MSF in 6-8. */
enum vb_sense mmc_read_cd_msf(struct vb_drive *d, const uint8_t *cdb,
			      struct vb_cmd *cmd, struct vb_resp *out)
{
	const int32_t start = msf_to_lba(cdb[3], cdb[4], cdb[5]);
	const int32_t end = msf_to_lba(cdb[6], cdb[7], cdb[8]);

	if (cdb[4] >= 60 || cdb[5] >= 75 || cdb[7] >= 60 || cdb[8] >= 75 ||
	    end < start)
		return S_INVALID_FIELD_IN_CDB;
	return read_cd_common(d, cdb, start, (uint32_t)(end - start), cmd, out);
}

/* An address field of the position: LBA, or MSF as 00 MM SS FF; rel
 * counts from the track's INDEX 01 (no 2-second offset, Red Book). */
static void put_pos(struct vb_resp *out, size_t off, int32_t v, bool msf,
		    bool rel)
{
	if (!msf) {
		resp_put32(out, off, (uint32_t)v);
		return;
	}
	if (rel) {
		const uint32_t a = (uint32_t)(v < 0 ? -v : v);

		resp_put8(out, off + 1, (uint8_t)(a / 4500));
		resp_put8(out, off + 2, (uint8_t)(a / 75 % 60));
		resp_put8(out, off + 3, (uint8_t)(a % 75));
		return;
	}
	{
		const struct vb_msf a = lba_to_msf(v);

		resp_put8(out, off + 1, a.m);
		resp_put8(out, off + 2, a.s);
		resp_put8(out, off + 3, a.f);
	}
}

/* Format 1, current position (MMC-6 Table 519): where the play is, or
 * where it stopped; before any play, the start of track 1. */
static void sub_position(struct vb_drive *d, int32_t pos, bool msf,
			 struct vb_resp *out)
{
	const struct vb_disc *disc = vb_medium_disc(d->medium);
	const struct vb_track *t = NULL;
	uint8_t index = 1;

	if (disc && !d->play.status && disc->n_tracks)
		pos = disc->tracks[0]->start;
	if (disc)
		t = vb_disc_track_at(disc, pos);
	if (t && pos < t->start)
		index = 0;
	for (unsigned k = 0; t && k < t->n_index; k++)
		if (pos >= t->start + (int32_t)t->index[k])
			index = (uint8_t)(k + 2);
	resp_put16(out, 2, 12);
	resp_put8(out, 4, 1);
	resp_put8(out, 5, (uint8_t)(0x10 | (t ? t->ctl : VB_CTL_DATA)));
	resp_put8(out, 6, (uint8_t)(t ? t->number : 0));
	resp_put8(out, 7, index);
	put_pos(out, 8, pos, msf, false);
	put_pos(out, 12, t ? pos - t->start : 0, msf, true);
	resp_mark(out, 16);
}

/*
 * READ SUB-CHANNEL, MMC-6 6.31: format 1 (current position of the play,
 * play.h), 2 (media
 * catalogue number) and 3 (ISRC of a track), from the disc. Audio status
 * 15h: no current audio status.
 */
enum vb_sense mmc_read_sub_channel(struct vb_drive *d, const uint8_t *cdb,
				   struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool msf = cdb[1] & 0x02;
	const bool subq = cdb[2] & 0x40;
	const uint8_t format = cdb[3];
	const uint8_t track = cdb[6];
	const uint16_t alloc = get_be16(cdb + 7);
	struct vb_medium *m = d->medium;
	const struct vb_track *t = vb_medium_track(m, 1);
	const char *mcn = vb_medium_mcn(m);
	uint8_t status;
	int32_t pos;

	(void)cmd;
	/* AUDIO STATUS (MMC-6 Table 517): playing, paused, completed... */
	pos = vb_play_position(&d->play, vb_medium_now(), &status);
	resp_limit(out, alloc);
	resp_put8(out, 1, status);
	if (!subq) {
		resp_mark(out, 4);
		return VB_OK;
	}
	switch (format) {
	case 1:
		sub_position(d, pos, msf, out);
		return VB_OK;
	case 2:
		resp_put16(out, 2, 20);
		resp_put8(out, 4, 2);
		if (mcn) {
			resp_put8(out, 8, 0x80); /* MCVAL */
			resp_put_bytes(out, 9, mcn, 13);
		}
		resp_mark(out, 24);
		return VB_OK;
	case 3:
		t = vb_medium_track(m, track);
		if (!t)
			return S_INVALID_FIELD_IN_CDB;
		resp_put16(out, 2, 20);
		resp_put8(out, 4, 3);
		resp_put8(out, 5, (uint8_t)(0x10 | t->ctl));
		resp_put8(out, 6, track);
		if (t->isrc[0]) {
			resp_put8(out, 8, 0x80); /* TCVAL */
			resp_put_bytes(out, 9, t->isrc, 12);
		}
		resp_mark(out, 24);
		return VB_OK;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}
