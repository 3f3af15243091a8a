/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw reads of CD data: READ CD (MMC-6 6.18), READ CD MSF (6.19) and READ
 * SUB-CHANNEL (6.31). The capture keeps 2048 user bytes per sector; the
 * rest of a Mode 1 sector (sync, header, EDC/ECC) and its subchannel are
 * synthesised with the formats library's sector module, exactly as a
 * drive would return them from a real disc. cdrdao read-cd and read-toc,
 * cdparanoia and libcdio's MMC reads rely on these.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "vburn/sector.h"

/* READ CD byte 9 fields, MMC-6 Table 467. */
#define RC_SYNC 0x80
#define RC_HEADER 0x20 /* header codes 01b (and 11b: all headers) */
#define RC_USER 0x10
#define RC_EDC_ECC 0x08

/* Mode 1 sector layout (ECMA-130 14.3). */
#define M1_SYNC 0
#define M1_HEADER 12
#define M1_USER 16
#define M1_EDC 2064
#define M1_END 2352

/* The track holding lba (1-based number) or 0. */
static int track_at(const struct vb_medium *m, int32_t lba)
{
	for (int i = 0; i < m->ntracks; i++)
		if (lba >= m->tracks[i].start &&
		    lba < m->tracks[i].start + (int32_t)m->tracks[i].length)
			return i + 1;
	return 0;
}

/* Subchannel for lba: raw P-W (96), formatted Q (16) or R-W (96). */
static size_t read_cd_sub(const struct vb_medium *m, int32_t lba, uint8_t sel,
			  uint8_t *out)
{
	const int t = track_at(m, lba);
	struct vb_subq pos = {
		.ctl = 0x4,
		.adr = 1,
		.tno = (uint8_t)t,
		.index = 1,
		.rel = lba - (t ? m->tracks[t - 1].start : 0),
		.abs = lba,
	};
	uint8_t lin[VB_SUBCH_RAW] = { 0 }, q[VB_SUBQ_SIZE];

	if (sel == 4) {
		memset(out, 0, 96); /* R-W: no CD-TEXT or graphics here */
		return 96;
	}
	if (vb_subq_encode(q, &pos) < 0)
		memset(q, 0, sizeof(q));
	if (sel == 2) {
		memcpy(out, q, VB_SUBQ_SIZE);
		memset(out + VB_SUBQ_SIZE, 0, 16 - VB_SUBQ_SIZE);
		return 16;
	}
	memcpy(lin + VB_SUBCH_CHAN, q, VB_SUBQ_SIZE); /* P stays 0 */
	vb_subch_interleave(out, lin);
	return 96;
}

/* Bytes per block for the selected fields, 0 if the selection is bad. */
static size_t read_cd_block_size(uint8_t flags, uint8_t sub)
{
	static const uint16_t c2[4] = { 0, 294, 296, 0 };
	size_t n = 0;

	if (((flags >> 1) & 3) == 3 ||
	    (sub != 0 && sub != 1 && sub != 2 && sub != 4))
		return 0;
	if (flags & RC_SYNC)
		n += 12;
	if (flags & 0x60)
		n += 4;
	if (flags & RC_USER)
		n += 2048;
	if (flags & RC_EDC_ECC)
		n += 288;
	n += c2[(flags >> 1) & 3];
	return n + (sub == 2 ? 16 : sub ? 96 : 0);
}

/* Copies the selected fields of one Mode 1 sector; returns bytes. */
static size_t read_cd_fields(const uint8_t raw[M1_END], uint8_t flags,
			     uint8_t *out)
{
	static const uint16_t c2[4] = { 0, 294, 296, 0 };
	size_t n = 0;

	if (flags & RC_SYNC) {
		memcpy(out + n, raw + M1_SYNC, 12);
		n += 12;
	}
	if (flags & 0x60) { /* Mode 1 has only the 4-byte header */
		memcpy(out + n, raw + M1_HEADER, 4);
		n += 4;
	}
	if (flags & RC_USER) {
		memcpy(out + n, raw + M1_USER, 2048);
		n += 2048;
	}
	if (flags & RC_EDC_ECC) {
		memcpy(out + n, raw + M1_EDC, M1_END - M1_EDC);
		n += M1_END - M1_EDC;
	}
	memset(out + n, 0, c2[(flags >> 1) & 3]); /* no C2 errors */
	return n + c2[(flags >> 1) & 3];
}

/* The common part of READ CD and READ CD MSF once lba/count are known. */
static enum vb_sense read_cd_common(struct vb_drive *d, const uint8_t *cdb,
				    int32_t lba, uint32_t n, struct vb_cmd *cmd,
				    struct vb_resp *out)
{
	const uint8_t type = (cdb[1] >> 2) & 0x07; /* EXPECTED SECTOR TYPE */
	const uint8_t flags = cdb[9];
	const uint8_t sub = cdb[10] & 0x07; /* SUB-CHANNEL DATA SELECTION */
	const size_t bs = read_cd_block_size(flags, sub);
	struct vb_medium *m = d->medium;
	uint8_t raw[M1_END];
	enum vb_sense s;
	size_t off = 0;

	if (m->info->family != VB_FAM_CD || (type != 0 && type != 2))
		return S_ILLEGAL_MODE_FOR_TRACK; /* only Mode 1 data here */
	if (!bs && (flags || sub))
		return S_INVALID_FIELD_IN_CDB;
	if (n == 0 || bs == 0) {
		/* Nothing to transfer; the address is still checked. */
		if (n &&
		    (lba < 0 || (int64_t)lba + n > vb_medium_recorded_end(m)))
			return S_LBA_OUT_OF_RANGE;
		return VB_OK;
	}
	if ((uint64_t)n * bs > cmd->buf_len || !out->buf)
		return S_INVALID_FIELD_IN_CDB;
	for (uint32_t i = 0; i < n; i++, lba++) {
		uint8_t user[2048];

		s = vb_medium_read(m, lba, user, 1);
		if (s)
			return s;
		if (vb_sector_encode(raw, VB_SECTOR_MODE1, lba, user) < 0)
			return S_LBA_OUT_OF_RANGE;
		off += read_cd_fields(raw, flags, out->buf + off);
		if (sub)
			off += read_cd_sub(m, lba, sub, out->buf + off);
	}
	resp_mark(out, off);
	return VB_OK;
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

/*
 * READ SUB-CHANNEL, MMC-6 6.31: format 1 (current position: the start of
 * the first track, as a drive that is not playing reports), 2 (media
 * catalogue number) and 3 (ISRC of a track). Burned data discs carry
 * neither MCN nor ISRC, so MCVAL/TCVAL are 0. Audio status 15h: no
 * current audio status.
 */
enum vb_sense mmc_read_sub_channel(struct vb_drive *d, const uint8_t *cdb,
				   struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool msf = cdb[1] & 0x02;
	const bool subq = cdb[2] & 0x40;
	const uint8_t format = cdb[3];
	const uint8_t track = cdb[6];
	const uint16_t alloc = get_be16(cdb + 7);
	const struct vb_medium *m = d->medium;

	(void)cmd;
	resp_limit(out, alloc);
	resp_put8(out, 1, 0x15); /* AUDIO STATUS: none */
	if (!subq) {
		resp_mark(out, 4);
		return VB_OK;
	}
	switch (format) {
	case 1:
		resp_put16(out, 2, 12);
		resp_put8(out, 4, 1);
		resp_put8(out, 5, 0x14); /* ADR 1, CONTROL data */
		resp_put8(out, 6, m->ntracks ? 1 : 0);
		resp_put8(out, 7, 1);
		if (msf)
			resp_put32(out, 8, 0x00000200); /* 00:02:00 */
		resp_mark(out, 16);
		return VB_OK;
	case 2:
		resp_put16(out, 2, 20);
		resp_put8(out, 4, 2);
		resp_mark(out, 24); /* MCVAL 0 */
		return VB_OK;
	case 3:
		if (track < 1 || track > m->ntracks)
			return S_INVALID_FIELD_IN_CDB;
		resp_put16(out, 2, 20);
		resp_put8(out, 4, 3);
		resp_put8(out, 5, 0x14);
		resp_put8(out, 6, track);
		resp_mark(out, 24); /* TCVAL 0 */
		return VB_OK;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}
