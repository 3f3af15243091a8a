/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Data transfer: READ(10)/(12), WRITE(10)/(12), SYNCHRONIZE CACHE.
 * Every WRITE reaches the capture image before it completes, so the cache
 * is always clean; SYNCHRONIZE CACHE matters for what it means to a CD in
 * Track-At-Once mode: the track is closed (MMC-6 4.3.5.3, docs/clients.md
 * 3.1; quirk:libburn-cd-tao-noclose, docs/clients/xorriso-libburn.md).
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "vburn/sector.h"

#define WT_TAO 1 /* page 05 write types, MMC-6 Table 659 */
#define WT_SAO 2
#define WT_RAW 3

/* Transfer length: READ/WRITE(10) bytes 7-8, (12) bytes 6-9. */
static uint32_t cdb_blocks(const uint8_t *cdb)
{
	return cdb[0] >= 0xa0 ? get_be32(cdb + 6) : get_be16(cdb + 7);
}

/* READ(10), READ(12), MMC-6 6.15/6.16: 2048-byte user data. */
enum vb_sense mmc_read(struct vb_drive *d, const uint8_t *cdb,
		       struct vb_cmd *cmd, struct vb_resp *out)
{
	const int32_t lba = cdb_lba(cdb);
	const uint32_t n = cdb_blocks(cdb);
	enum vb_sense s;

	if (n == 0)
		return VB_OK;
	if ((uint64_t)n * 2048 > cmd->buf_len || !out->buf)
		return S_INVALID_FIELD_IN_CDB;
	s = vb_medium_read(d->medium, lba, out->buf, n);
	if (s == VB_OK)
		resp_mark(out, (size_t)n * 2048);
	return s;
}

/*
 * Test Write (page 05, MMC-6 7.5.4.2): the drive goes through the burn
 * with the laser at read power. WRITEs are taken at the next address of
 * the simulated track and dropped, within the medium's end as real ones;
 * the medium, its NWA and the capture stay as they were, so a client's
 * next track, placed by READ TRACK INFORMATION, starts at the real NWA
 * again (wodim -dummy, cdrskin -dummy, cdrdao --simulate).
 */
static enum vb_sense test_write(struct vb_drive *d, int32_t lba, uint32_t n)
{
	const int64_t end = vb_medium_write_end(d->medium);

	if (end < 0)
		return S_CANNOT_WRITE_MEDIUM;
	if ((int64_t)lba + n > end)
		return S_END_OF_USER_AREA;
	d->test_nwa = lba + (int32_t)n;
	return VB_OK;
}

/*
 * WRITE(10), WRITE(12), MMC-6 6.44/6.45: sequential recording at the NWA
 * (05/21/02 elsewhere), within the user area (05/63/00 past it). On CD the
 * blocks are what page 05 announces (mode_rec_form): 2048-byte Mode 1
 * user data go to the flat file, every other form to the log; DVD and BD
 * take 2048-byte blocks.
 */
/*
 * Raw blocks followed by 16 bytes of P-Q (page 05 block type 1, 2368
 * bytes): the drive makes its own Q (ISRC and MCN from page 05), so the
 * log keeps the 2352 bytes of each block.
 */
static enum vb_sense write_raw_pq(struct vb_medium *m, int32_t lba, uint32_t n,
				  const uint8_t *data,
				  const struct vb_rec_form *f)
{
	uint8_t *out = malloc((size_t)n * 2352 + 1);
	enum vb_sense s;

	if (!out)
		return S_WRITE_ERROR;
	for (uint32_t i = 0; i < n; i++)
		memcpy(out + (size_t)i * 2352, data + (size_t)i * 2368, 2352);
	s = vb_medium_write_log(m, lba, out, n, f);
	free(out);
	return s;
}

/*
 * XA blocks sent with their subheader (page 05 block types 11 and 13:
 * 2056 or 2332 bytes) become the 2336 bytes after a sector's header, with
 * the EDC/ECC of the form the subheader names, and go to the log. A
 * Form 2 subheader in a 2056-byte block has no room for its data:
 * 05/64/00.
 */
static enum vb_sense write_xa(struct vb_medium *m, int32_t lba, uint32_t n,
			      const uint8_t *data, uint32_t bs,
			      const struct vb_rec_form *f)
{
	uint8_t *out = malloc((size_t)n * 2336 + 1), raw[VB_SECTOR_RAW];
	enum vb_sense s = VB_OK;

	if (!out)
		return S_WRITE_ERROR;
	for (uint32_t i = 0; i < n && !s; i++) {
		const uint8_t *b = data + (size_t)i * bs;

		if (vb_sector_mode2_form(b) == VB_SECTOR_MODE2_FORM2 &&
		    bs < 2332)
			s = S_ILLEGAL_MODE_FOR_TRACK;
		else if (vb_sector_encode_mode2(raw, lba + (int32_t)i, b) < 0)
			s = S_INVALID_FIELD_IN_PARAM_LIST;
		else
			memcpy(out + (size_t)i * 2336, raw + 16, 2336);
	}
	if (!s)
		s = vb_medium_write_log(m, lba, out, n, f);
	free(out);
	return s;
}

enum vb_sense mmc_write(struct vb_drive *d, const uint8_t *cdb,
			struct vb_cmd *cmd, struct vb_resp *out)
{
	const int32_t lba = cdb_lba(cdb);
	const uint32_t n = cdb_blocks(cdb);
	const uint32_t bs = mode_write_block_size(d);
	const bool cd = vb_medium_info(d->medium)->family == VB_FAM_CD;
	struct vb_rec_form f = { .mode = VB_MODE_MODE1, .ctl = VB_CTL_DATA };
	char mcn[14], isrc[13];

	(void)out;
	if (vb_medium_overwritable(d->medium)) /* mmc_overwrite.c */
		return ow_write(d, lba, n, cmd);
	if (vb_medium_finalized(d->medium))
		return S_CANNOT_WRITE_MEDIUM;
	if (n && cmd->dir != VB_DXFER_TO_DEV)
		return S_INVALID_FIELD_IN_CDB;
	if (d->sao.active)
		return sao_write(d, lba, n, cmd->buf, cmd->buf_len);
	if (cd && mode_write_type(d) == WT_RAW)
		return raw_write(d, lba, n, cmd->buf, cmd->buf_len);
	if (lba != vb_medium_nwa(d->medium) &&
	    !(mode_test_write(d) && lba == d->test_nwa))
		return S_INVALID_WRITE_ADDRESS;
	if (cd && !mode_rec_form(d, &f))
		return S_ILLEGAL_MODE_FOR_TRACK;
	if ((uint64_t)n * bs > cmd->buf_len)
		return S_INVALID_FIELD_IN_CDB;
	if (mode_test_write(d))
		return test_write(d, lba, n);
	if (!f.log_size)
		return vb_medium_write(d->medium, lba, cmd->buf, n);
	if (cd && (bs == 2056 || bs == 2332)) /* block types 11 and 13 */
		return write_xa(d->medium, lba, n, cmd->buf, bs, &f);
	if (f.mode == VB_MODE_AUDIO) {
		/* the Q subchannel of audio carries them (Red Book) */
		mode_mcn(d, mcn);
		mode_isrc(d, isrc);
		vb_medium_set_mcn(d->medium, mcn);
		f.isrc = isrc;
	}
	if (bs == 2368) /* block type 1 */
		return write_raw_pq(d->medium, lba, n, cmd->buf, &f);
	return vb_medium_write_log(d->medium, lba, cmd->buf, n, &f);
}

/*
 * SYNCHRONIZE CACHE, MMC-6 6.41. What it means depends on the write mode:
 * on CD in Track-At-Once it closes the track (quirk:libburn-cd-tao-noclose);
 * on DVD-R in Disc-At-Once, once the reserved track is complete, the drive
 * writes lead-in and lead-out and the disc is finalized (MMC-6 4.5.3.3;
 * libburn sends no CLOSE TRACK/SESSION there:
 * quirk:libburn-dvdr-dao-noclose).
 */
enum vb_sense mmc_sync_cache(struct vb_drive *d, const uint8_t *cdb,
			     struct vb_cmd *cmd, struct vb_resp *out)
{
	struct vb_medium *m = d->medium;
	const struct media_track *t = vb_medium_open_track(m);
	const uint8_t wtype = d->page05[2] & 0x0f;
	const enum vb_media k = vb_medium_info(m)->media;

	(void)cdb, (void)cmd, (void)out;
	if (vb_medium_overwritable(m)) /* its commit point, media_rw.c */
		return vb_medium_ow_flush(m);
	if (mode_test_write(d) || !t)
		return VB_OK;
	if (vb_medium_info(m)->family == VB_FAM_CD && wtype == WT_TAO)
		return vb_medium_close_track(m);
	if ((k == VB_MEDIA_DVD_R || k == VB_MEDIA_DVD_RW) && wtype == WT_SAO &&
	    t->reserved && t->length == t->reserved)
		return vb_medium_close_session(m, false);
	return VB_OK;
}
