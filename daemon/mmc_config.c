/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GET CONFIGURATION (MMC-6 6.5, features chapter 5) and GET EVENT STATUS
 * NOTIFICATION (MMC-6 6.6). The feature table is the one place that says
 * which features the drive has and when each is current for the medium.
 */
#include <string.h>

#include "drv.h"

/* Is the medium in the drive of one of the given families/kinds? */
static bool cur_cd(const struct vb_medium *m)
{
	return m && vb_medium_info(m)->family == VB_FAM_CD;
}

static bool cur_dvd(const struct vb_medium *m)
{
	return m && vb_medium_info(m)->family == VB_FAM_DVD;
}

static bool cur_bd(const struct vb_medium *m)
{
	return m && vb_medium_info(m)->family == VB_FAM_BD;
}

/* Random Readable is current once there is recorded data to read. */
static bool cur_readable(const struct vb_medium *m)
{
	return m && vb_medium_recorded_end(m) > 0;
}

static bool cur_always(const struct vb_medium *m)
{
	(void)m;
	return true;
}

static bool cur_writable(const struct vb_medium *m)
{
	return m && !vb_medium_finalized(m);
}

static bool cur_cd_writable(const struct vb_medium *m)
{
	return cur_cd(m) && cur_writable(m);
}

static bool is_media(const struct vb_medium *m, enum vb_media k)
{
	return m && vb_medium_info(m)->media == k && cur_writable(m);
}

/* DVD-RW writes as DVD-R while sequential (0014h), not once formatted
 * for restricted overwrite (0013h, media_dvdrw.c). */
static bool cur_dash_r(const struct vb_medium *m)
{
	return is_media(m, VB_MEDIA_DVD_R) ||
	       (is_media(m, VB_MEDIA_DVD_RW) && !vb_medium_overwritable(m));
}

static bool cur_restricted_ow(const struct vb_medium *m)
{
	return is_media(m, VB_MEDIA_DVD_RW) && vb_medium_overwritable(m);
}

static bool cur_incremental(const struct vb_medium *m)
{
	return cur_cd_writable(m) || cur_dash_r(m);
}

static bool cur_plus_r(const struct vb_medium *m)
{
	return is_media(m, VB_MEDIA_DVD_PLUS_R);
}

static bool cur_plus_rw(const struct vb_medium *m)
{
	return is_media(m, VB_MEDIA_DVD_PLUS_RW);
}

static bool cur_plus_r_dl(const struct vb_medium *m)
{
	return is_media(m, VB_MEDIA_DVD_PLUS_R_DL);
}

static bool cur_bd_writable(const struct vb_medium *m)
{
	return cur_bd(m) && cur_writable(m);
}

static bool cur_formattable(const struct vb_medium *m)
{
	return cur_plus_rw(m) || is_media(m, VB_MEDIA_DVD_RW) ||
	       (m && vb_medium_info(m)->media == VB_MEDIA_BD_RE) ||
	       is_media(m, VB_MEDIA_BD_R);
}

/*
 * One feature descriptor: code, version, persistent, when current, and
 * its fixed additional data (MMC-6 chapter 5). The profile list (0000h)
 * is built from vb_profiles.
 */
struct feature {
	uint16_t code;
	uint8_t version;
	bool persistent;
	bool (*current)(const struct vb_medium *m);
	uint8_t len;
	uint8_t data[12];
};

static const struct feature features[] = {
	/* Core: physical interface ATAPI (2), INQ2 + DBE */
	{ 0x0001, 2, true, cur_always, 8, { 0, 0, 0, 2, 0x03 } },
	/* Morphing: OCEvent + ASYNC */
	{ 0x0002, 1, true, cur_always, 4, { 0x02 } },
	/* Removable Medium: tray loader, eject, lock */
	{ 0x0003, 2, true, cur_always, 4, { 0x29 } },
	/* Random Readable: 2048-byte blocks, blocking 16 (DVD), PP */
	{ 0x0010, 0, false, cur_readable, 8, { 0, 0, 0x08, 0, 0, 16, 0x01 } },
	/* Multi-Read */
	{ 0x001d, 0, true, cur_always, 0, { 0 } },
	/* CD Read: CD-Text, C2, DAP */
	{ 0x001e, 2, false, cur_cd, 4, { 0x83 } },
	/* DVD Read: MULTI110, DUAL-R */
	{ 0x001f, 2, false, cur_dvd, 4, { 0x01, 0, 0x01 } },
	/* Incremental Streaming Writable: data block types 0..13, BUF,
	 * one link size of 7 (CD) */
	{ 0x0021, 1, false, cur_incremental, 8, { 0x3f, 0x0f, 0x01, 1, 7 } },
	/* Formattable */
	{ 0x0023, 0, false, cur_formattable, 8, { 0 } },
	/* Restricted Overwrite (MMC-6 5.3.9): DVD-RW in mode 0013h */
	{ 0x0026, 0, false, cur_restricted_ow, 0, { 0 } },
	/* DVD+RW: write */
	{ 0x002a, 0, false, cur_plus_rw, 4, { 0x01 } },
	/* DVD+R: write */
	{ 0x002b, 0, false, cur_plus_r, 4, { 0x01 } },
	/* CD Track at Once (MMC-6 5.3.17): BUF, R-W raw, R-W pack, test
	 * write, CD-RW, R-W subcode (R-W kept from block types 2 and 3);
	 * data block types 0 to 3 and 8 to 13 (mode_rec_form) */
	{ 0x002d, 2, false, cur_cd_writable, 4, { 0x5f, 0, 0x3f, 0x0f } },
	/* CD Mastering (MMC-6 5.3.18): BUF, SAO, raw MS, raw (RAW16 and
	 * RAW96P/R, mmc_raw.c), test write, CD-RW, R-W (CD-TEXT in the
	 * lead-in; cdrdao 1.2.5 takes this bit as "writes CD-TEXT":
	 * quirk:cdrdao-cdtext-feature); max cue sheet length */
	{ 0x002e, 0, false, cur_cd_writable, 4, { 0x7f, 0x00, 0x10, 0x00 } },
	/* DVD-R/-RW Write: BUF, test write, DVD-RW */
	{ 0x002f, 1, false, cur_dash_r, 4, { 0x46 } },
	/* DVD+R Dual Layer: write */
	{ 0x003b, 0, false, cur_plus_r_dl, 4, { 0x01 } },
	/* BD Read: class 0 bitmaps (BD-RE, BD-R, BD-ROM version 1) */
	{ 0x0040, 0, false, cur_bd, 28, { 0 } },
	/* BD Write: SVNR */
	{ 0x0041, 0, false, cur_bd_writable, 24, { 0 } },
	/* Power Management */
	{ 0x0100, 0, true, cur_always, 0, { 0 } },
	/* Timeout */
	{ 0x0105, 0, true, cur_always, 4, { 0 } },
	/* Real Time Streaming: RBCB, SCS, MP2A, WSPD, SW */
	{ 0x0107, 3, true, cur_always, 4, { 0x1f } },
};

static size_t put_feature_header(struct vb_resp *out, size_t off, uint16_t code,
				 uint8_t version, bool persistent, bool current,
				 uint8_t len)
{
	resp_put16(out, off, code);
	resp_put8(out, off + 2,
		  (uint8_t)(version << 2 | (persistent ? 0x02 : 0) |
			    (current ? 0x01 : 0)));
	resp_put8(out, off + 3, len);
	return 4;
}

/* Feature 0000h, Profile List (MMC-6 5.3.1): CURRENT bit per profile. */
static size_t put_profile_list(const struct vb_medium *m, struct vb_resp *out,
			       size_t off)
{
	size_t n = put_feature_header(out, off, 0x0000, 0, true, true,
				      (uint8_t)(4 * vb_nprofiles));

	for (unsigned i = 0; i < vb_nprofiles; i++) {
		resp_put16(out, off + n, vb_profiles[i]);
		resp_put8(out, off + n + 2,
			  m && vb_medium_info(m)->profile == vb_profiles[i]);
		n += 4;
	}
	return n;
}

/*
 * GET CONFIGURATION, MMC-6 6.5. RT 0: all features from the starting
 * number; RT 1: only current ones; RT 2: the one starting feature.
 * The header holds the full data length and the current profile
 * (0 without a medium), whatever the allocation length.
 */
enum vb_sense mmc_get_configuration(struct vb_drive *d, const uint8_t *cdb,
				    struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t rt = cdb[1] & 0x03;
	const uint16_t start = get_be16(cdb + 2);
	const struct vb_medium *m = drive_medium(d);
	size_t off = 8;

	(void)cmd;
	if (rt == 3)
		return S_INVALID_FIELD_IN_CDB;
	if (start == 0)
		off += put_profile_list(m, out, off);
	for (size_t i = 0; i < VB_ARRAY_SIZE(features); i++) {
		const struct feature *f = &features[i];
		bool cur = f->current(m);

		if (f->code < start || (rt == 2 && f->code != start) ||
		    (rt == 1 && !cur))
			continue;
		off += put_feature_header(out, off, f->code, f->version,
					  f->persistent, cur, f->len);
		resp_put_bytes(out, off, f->data,
			       VB_MIN((size_t)f->len, sizeof(f->data)));
		resp_mark(out, off + f->len);
		off += f->len;
	}
	resp_mark(out, 8);
	resp_put32(out, 0, (uint32_t)(off - 4)); /* DATA LENGTH */
	resp_put16(out, 6,
		   m ? vb_medium_info(m)->profile : 0); /* CURRENT PROFILE */
	return VB_OK;
}

/*
 * GET EVENT STATUS NOTIFICATION, MMC-6 6.6. Only polled operation;
 * supports the Media class (bit 4). A reported event is consumed.
 */
enum vb_sense mmc_get_event_status(struct vb_drive *d, const uint8_t *cdb,
				   struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool polled = cdb[1] & 0x01;
	const uint8_t classes = cdb[4]; /* NOTIFICATION CLASS REQUEST */

	enum vb_media_event ev;

	if (!polled)
		return S_INVALID_FIELD_IN_CDB;
	resp_put8(out, 3, 0x10); /* SUPPORTED EVENT CLASSES: media */
	if (!(classes & 0x10)) {
		resp_put16(out, 0, 2);
		resp_put8(out, 2, 0x80); /* NEA: no event available */
		return VB_OK;
	}
	resp_put16(out, 0, 6);	 /* EVENT DATA LENGTH */
	resp_put8(out, 2, 0x04); /* NOTIFICATION CLASS: media */
	ev = port_take_event(d, cmd->port);
	resp_put8(out, 4, (uint8_t)ev); /* MEDIA EVENT CODE */
	resp_put8(out, 5,
		  (uint8_t)((drive_medium(d) ? 0x02 : 0) |
			    (d->tray_open ? 0x01 : 0)));
	return VB_OK;
}
