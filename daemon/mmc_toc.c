/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * READ TOC/PMA/ATIP, MMC-6 6.26: format 0 (TOC), 1 (session info),
 * 2 (full TOC, CD only), 4 (ATIP, CD-R/RW only), 5 (CD-TEXT: none).
 * Formats 0, 1 and 2 come from the disc vb_medium_toc_disc builds (one
 * read path, docs/architecture.md): the tracks of closed sessions, as on a real
 * CD; on DVD and BD every closed track (drives fabricate a DVD-ROM
 * compatible TOC); a loaded image's disc as it is.
 */
#include <stdlib.h>

#include "drv.h"
#include "vburn/fulltoc.h"

#define ADR_Q_POSITION 0x01
#define ADR_Q_MODE5 0x05

/* Address field: LBA, or MSF as 00 MM SS FF when the MSF bit is set. */
static void put_addr(struct vb_resp *out, size_t off, int32_t lba, bool msf)
{
	if (msf) {
		struct vb_msf a = lba_to_msf(lba);

		resp_put8(out, off, 0);
		resp_put8(out, off + 1, a.m);
		resp_put8(out, off + 2, a.s);
		resp_put8(out, off + 3, a.f);
	} else {
		resp_put32(out, off, (uint32_t)lba);
	}
}

/* Format 0: one 8-byte descriptor per track from `from`, then AAh. */
static enum vb_sense toc_format0(const struct vb_disc *disc, uint8_t from,
				 bool msf, struct vb_resp *out)
{
	const struct vb_track *last = disc->tracks[disc->n_tracks - 1];
	size_t off = 4;

	if (from > last->number && from != 0xaa)
		return S_INVALID_FIELD_IN_CDB;
	for (unsigned i = 0; i < disc->n_tracks && from != 0xaa; i++) {
		const struct vb_track *t = disc->tracks[i];

		if (t->number < from)
			continue;
		resp_put8(out, off + 1,
			  (uint8_t)(ADR_Q_POSITION << 4 | t->ctl));
		resp_put8(out, off + 2, (uint8_t)t->number);
		put_addr(out, off + 4, t->start, msf);
		off += 8;
	}
	/* The lead-out carries the CONTROL of the last track. */
	resp_put8(out, off + 1, (uint8_t)(ADR_Q_POSITION << 4 | last->ctl));
	resp_put8(out, off + 2, 0xaa); /* lead-out */
	put_addr(out, off + 4, vb_disc_session(disc, last->session)->leadout,
		 msf);
	off += 8;
	resp_put16(out, 0, (uint16_t)(off - 2)); /* TOC DATA LENGTH */
	resp_put8(out, 2, (uint8_t)disc->tracks[0]->number);
	resp_put8(out, 3, (uint8_t)last->number);
	return VB_OK;
}

/* Format 1: the first track of the last complete session (multi-session
 * start: libburn's msc1, the kernel's CDROMMULTISESSION). */
static enum vb_sense toc_format1(const struct vb_disc *disc, bool msf,
				 struct vb_resp *out)
{
	const struct vb_track *last = disc->tracks[disc->n_tracks - 1];
	const struct vb_session *s = vb_disc_session(disc, last->session);
	const struct vb_track *first = disc->tracks[s->first];

	resp_put16(out, 0, 10);
	resp_put8(out, 2, 1);		       /* FIRST COMPLETE SESSION */
	resp_put8(out, 3, (uint8_t)s->number); /* LAST COMPLETE SESSION */
	resp_put8(out, 5, (uint8_t)(ADR_Q_POSITION << 4 | first->ctl));
	resp_put8(out, 6, (uint8_t)first->number);
	put_addr(out, 8, first->start, msf);
	return VB_OK;
}

/*
 * Format 2, full TOC (MMC-6 Table 480): the lead-in entries of every
 * closed session from the one full-TOC builder the CCD and MDS writers
 * use (include/vburn/fulltoc.h): A0/A1/A2, the tracks with their own
 * CONTROL, and on recordable media B0 (next program area, last possible
 * lead-out) while another session may follow, with C0 (ATIP) beside
 * session 1's B0. Each descriptor is 11 bytes, MSF fields binary.
 */
static enum vb_sense toc_format2(struct vb_medium *m, struct vb_resp *out)
{
	struct vb_fulltoc_entry *e = malloc(sizeof(*e) * VB_FULLTOC_MAX);
	struct vb_fulltoc_opts o = { 0 };
	struct vb_disc *disc = NULL;
	size_t off = 4;
	int n = -1;

	if (e && vb_medium_toc_disc(m, &disc) == 0 && disc) {
		/* The images' C0 and ATIP values; the drive's own state for
		 * the rest. */
		vb_fulltoc_image_opts(disc, &o);
		o.open = !vb_medium_finalized(m) && !vb_medium_info(m)->rom;
		o.next_area = vb_medium_next_start(m) - 150;
		o.last_leadout = (int32_t)vb_medium_capacity(m);
		o.c0 = o.open;
		n = vb_fulltoc_build(disc, &o, e, VB_FULLTOC_MAX);
	}
	for (int i = 0; i < n; i++, off += 11) {
		resp_put8(out, off, e[i].session);
		resp_put8(out, off + 1, (uint8_t)(e[i].adr << 4 | e[i].ctl));
		resp_put8(out, off + 2, e[i].tno);
		resp_put8(out, off + 3, e[i].point);
		resp_put8(out, off + 4, e[i].min);
		resp_put8(out, off + 5, e[i].sec);
		resp_put8(out, off + 6, e[i].frame);
		resp_put8(out, off + 7, e[i].zero);
		resp_put8(out, off + 8, e[i].pmin);
		resp_put8(out, off + 9, e[i].psec);
		resp_put8(out, off + 10, e[i].pframe);
	}
	free(e);
	if (n <= 0) {
		vb_disc_unref(disc);
		return S_INVALID_FIELD_IN_CDB;
	}
	resp_put16(out, 0, (uint16_t)(off - 2));
	resp_put8(out, 2, 1);
	resp_put8(out, 3,
		  (uint8_t)disc->sessions[disc->n_sessions - 1]->number);
	vb_disc_unref(disc);
	return VB_OK;
}

/*
 * Format 4, ATIP (MMC-6 Table 487): the lead-in start of fulltoc.h (the
 * value C0 carries too) and the last possible lead-out start.
 */
static enum vb_sense toc_format4(const struct vb_medium *m, struct vb_resp *out)
{
	struct vb_msf lo = lba_to_msf((int32_t)vb_medium_capacity(m));

	if (vb_medium_info(m)->family != VB_FAM_CD)
		return S_INVALID_FIELD_IN_CDB;
	resp_put16(out, 0, 26);
	resp_put8(out, 4, 0x80 | 0x50); /* write power, reference speed */
	resp_put8(out, 5, 0x00);	/* URU 0 */
	resp_put8(out, 6,
		  (uint8_t)(0x80 | (vb_medium_info(m)->erasable ? 0x40 : 0)));
	resp_put8(out, 8, VB_ATIP_LEADIN_MIN); /* START TIME OF LEAD-IN */
	resp_put8(out, 9, VB_ATIP_LEADIN_SEC);
	resp_put8(out, 10, VB_ATIP_LEADIN_FRAME);
	resp_put8(out, 12, lo.m); /* LAST POSSIBLE LEAD-OUT START */
	resp_put8(out, 13, lo.s);
	resp_put8(out, 14, lo.f);
	resp_mark(out, 28);
	return VB_OK;
}

/*
 * Format 5, CD-TEXT (MMC-6 6.26.3.7): the lead-in's packs, 18 bytes each
 * with their CRC, as the image stored them or encoded from its strings;
 * an empty list for a disc without CD-TEXT.
 */
static enum vb_sense toc_format5(struct vb_medium *m, struct vb_resp *out)
{
	const struct vb_disc *disc = vb_medium_disc(m);
	uint8_t *packs = NULL;
	size_t len = 0;

	if (vb_medium_info(m)->family != VB_FAM_CD)
		return S_INVALID_FIELD_IN_CDB;
	if (disc && disc->cdtext_len) {
		len = disc->cdtext_len;
		resp_put_bytes(out, 4, disc->cdtext, len);
	} else if (disc && vb_cdtext_encode(disc, &packs, &len) == 0) {
		resp_put_bytes(out, 4, packs, len);
		free(packs);
	} else {
		len = 0;
	}
	resp_put16(out, 0, (uint16_t)VB_MIN(len + 2, 0xffffu));
	resp_mark(out, 4 + len);
	return VB_OK;
}

enum vb_sense mmc_read_toc(struct vb_drive *d, const uint8_t *cdb,
			   struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool msf = cdb[1] & 0x02; /* TIME */
	uint8_t format = cdb[2] & 0x0f; /* FORMAT */
	const uint8_t number = cdb[6];	/* TRACK/SESSION NUMBER */
	const uint16_t alloc = get_be16(cdb + 7);
	struct vb_medium *m = d->medium;
	struct vb_disc *disc = NULL;
	enum vb_sense s;

	(void)cmd;
	resp_limit(out, alloc);
	if (format == 0)
		format = cdb[9] >> 6; /* obsolete SFF-8020 format field */
	if (format == 4)
		return toc_format4(m, out);
	if (format == 5)
		return toc_format5(m, out);
	if (format == 2) {
		if (vb_medium_info(m)->family != VB_FAM_CD)
			return S_INVALID_FIELD_IN_CDB;
		return toc_format2(m, out);
	}
	if (format > 1)
		return S_INVALID_FIELD_IN_CDB;
	/* formats 0 and 1 from the disc READ TOC describes */
	if (vb_medium_toc_disc(m, &disc) || !disc || !disc->n_tracks)
		s = S_INVALID_FIELD_IN_CDB; /* blank: no TOC yet */
	else if (format == 0)
		s = toc_format0(disc, number, msf, out);
	else
		s = toc_format1(disc, msf, out);
	vb_disc_unref(disc);
	return s;
}
