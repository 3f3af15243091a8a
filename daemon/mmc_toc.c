/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * READ TOC/PMA/ATIP, MMC-6 6.26: format 0 (TOC), 1 (session info),
 * 2 (full TOC, CD only), 4 (ATIP, CD-R/RW only), 5 (CD-TEXT: none).
 * The TOC lists the tracks of closed sessions, as on a real CD; on DVD
 * and BD it lists every closed track (drives fabricate a DVD-ROM
 * compatible TOC).
 */
#include <stdlib.h>

#include "drv.h"

#define CTL_DATA 0x04 /* CONTROL: data track, uninterrupted */
#define ADR_Q_POSITION 0x01
#define ADR_Q_MODE5 0x05

static bool toc_lists(const struct vb_medium *m, const struct media_track *t)
{
	if (!t->closed)
		return false;
	return m->info->family != VB_FAM_CD ||
	       t->session <= m->nsessions_closed;
}

/* Number of the last track in the TOC, 0 if none. */
static int toc_last_track(const struct vb_medium *m)
{
	int last = 0;

	for (int i = 0; i < m->ntracks; i++)
		if (toc_lists(m, &m->tracks[i]))
			last = i + 1;
	return last;
}

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
static enum vb_sense toc_format0(struct vb_medium *m, uint8_t from, bool msf,
				 struct vb_resp *out)
{
	const int last = toc_last_track(m);
	size_t off = 4;

	if (from > last && from != 0xaa)
		return S_INVALID_FIELD_IN_CDB;
	for (int i = 0; i < last && from != 0xaa; i++) {
		if (i + 1 < from)
			continue;
		resp_put8(out, off + 1,
			  (uint8_t)(ADR_Q_POSITION << 4 |
				    vb_medium_track_ctl(m, i + 1)));
		resp_put8(out, off + 2, (uint8_t)(i + 1));
		put_addr(out, off + 4, m->tracks[i].start, msf);
		off += 8;
	}
	/* The lead-out carries the CONTROL of the last track. */
	resp_put8(
		out, off + 1,
		(uint8_t)(ADR_Q_POSITION << 4 | vb_medium_track_ctl(m, last)));
	resp_put8(out, off + 2, 0xaa); /* lead-out */
	put_addr(out, off + 4,
		 vb_medium_session_end(m, m->tracks[last - 1].session), msf);
	off += 8;
	resp_put16(out, 0, (uint16_t)(off - 2)); /* TOC DATA LENGTH */
	resp_put8(out, 2, 1);
	resp_put8(out, 3, (uint8_t)last);
	return VB_OK;
}

/* Format 1: the first track of the last complete session (multi-session
 * start: libburn's msc1, the kernel's CDROMMULTISESSION). */
static enum vb_sense toc_format1(struct vb_medium *m, bool msf,
				 struct vb_resp *out)
{
	const int last = toc_last_track(m);
	const int sess = m->tracks[last - 1].session;
	const int first = vb_medium_session_first_track(m, sess);

	resp_put16(out, 0, 10);
	resp_put8(out, 2, 1);		  /* FIRST COMPLETE SESSION */
	resp_put8(out, 3, (uint8_t)sess); /* LAST COMPLETE SESSION */
	resp_put8(
		out, 5,
		(uint8_t)(ADR_Q_POSITION << 4 | vb_medium_track_ctl(m, first)));
	resp_put8(out, 6, (uint8_t)first);
	put_addr(out, 8, m->tracks[first - 1].start, msf);
	return VB_OK;
}

/* One 11-byte format-2 descriptor; MSF fields binary (formats.md 6.6).
 * at is the MIN/SEC/FRAME field (zero except for B0), p the P-MSF one. */
static size_t raw_entry(struct vb_resp *out, size_t off, int sess, uint8_t adr,
			uint8_t ctl, uint8_t point, struct vb_msf at,
			uint8_t zero, struct vb_msf p)
{
	resp_put8(out, off, (uint8_t)sess);
	resp_put8(out, off + 1, (uint8_t)(adr << 4 | ctl));
	resp_put8(out, off + 3, point);
	resp_put8(out, off + 4, at.m);
	resp_put8(out, off + 5, at.s);
	resp_put8(out, off + 6, at.f);
	resp_put8(out, off + 7, zero);
	resp_put8(out, off + 8, p.m);
	resp_put8(out, off + 9, p.s);
	resp_put8(out, off + 10, p.f);
	return 11;
}

/*
 * Format 2, full TOC (MMC-6 Table 480): per session A0 (first track,
 * disc type), A1 (last track), A2 (lead-out), the tracks, and B0 (next
 * program area, ADR 5) while another session may follow.
 */
static enum vb_sense toc_format2(struct vb_medium *m, struct vb_resp *out)
{
	const int last = toc_last_track(m);
	const int nsess = m->tracks[last - 1].session;
	size_t off = 4;

	for (int s = 1; s <= nsess; s++) {
		const int first = vb_medium_session_first_track(m, s);
		int lt = first;
		const struct vb_msf none = { 0, 0, 0 };
		const struct vb_disc *disc = vb_medium_disc(m);
		const struct vb_session *ds =
			disc ? vb_disc_session(disc, (unsigned)s) : NULL;
		/* A0 PSEC: the session's disc type (formats.md 6.6). */
		struct vb_msf a0 = { (uint8_t)first, ds ? ds->disc_type : 0x00,
				     0 };
		struct vb_msf a1 = { 0, 0, 0 };
		uint8_t ctl_first = vb_medium_track_ctl(m, first), ctl_last;

		while (lt < last && m->tracks[lt].session == s)
			lt++;
		a1.m = (uint8_t)lt;
		ctl_last = vb_medium_track_ctl(m, lt);
		off += raw_entry(out, off, s, ADR_Q_POSITION, ctl_first, 0xa0,
				 none, 0, a0);
		off += raw_entry(out, off, s, ADR_Q_POSITION, ctl_last, 0xa1,
				 none, 0, a1);
		off += raw_entry(out, off, s, ADR_Q_POSITION, ctl_last, 0xa2,
				 none, 0,
				 lba_to_msf(vb_medium_session_end(m, s)));
		for (int t = first; t <= lt; t++)
			off += raw_entry(out, off, s, ADR_Q_POSITION,
					 vb_medium_track_ctl(m, t), (uint8_t)t,
					 none, 0,
					 lba_to_msf(m->tracks[t - 1].start));
		if (m->finalized && s == nsess)
			continue;
		/* B0: next possible program area (its pregap start), one ADR 5
		 * point, last possible lead-out start. */
		off += raw_entry(out, off, s, ADR_Q_MODE5, ctl_last, 0xb0,
				 lba_to_msf(s < nsess ?
						    m->tracks[lt].start - 150 :
						    m->next_start - 150),
				 1, lba_to_msf((int32_t)m->capacity));
	}
	resp_put16(out, 0, (uint16_t)(off - 2));
	resp_put8(out, 2, 1);
	resp_put8(out, 3, (uint8_t)nsess);
	return VB_OK;
}

/*
 * Format 4, ATIP (MMC-6 Table 487): lead-in start 97:26:66 (a common
 * value for 80-minute media) and the last possible lead-out start.
 */
static enum vb_sense toc_format4(const struct vb_medium *m, struct vb_resp *out)
{
	struct vb_msf lo = lba_to_msf((int32_t)m->capacity);

	if (m->info->family != VB_FAM_CD)
		return S_INVALID_FIELD_IN_CDB;
	resp_put16(out, 0, 26);
	resp_put8(out, 4, 0x80 | 0x50); /* write power, reference speed */
	resp_put8(out, 5, 0x00);	/* URU 0 */
	resp_put8(out, 6, (uint8_t)(0x80 | (m->info->erasable ? 0x40 : 0)));
	resp_put8(out, 8, 97); /* START TIME OF LEAD-IN */
	resp_put8(out, 9, 26);
	resp_put8(out, 10, 66);
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

	if (m->info->family != VB_FAM_CD)
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

	(void)cmd;
	resp_limit(out, alloc);
	if (format == 0)
		format = cdb[9] >> 6; /* obsolete SFF-8020 format field */
	if (format == 4)
		return toc_format4(m, out);
	if (format == 5)
		return toc_format5(m, out);
	if (toc_last_track(m) == 0)
		return S_INVALID_FIELD_IN_CDB; /* blank: no TOC yet */
	switch (format) {
	case 0:
		return toc_format0(m, number, msf, out);
	case 1:
		return toc_format1(m, msf, out);
	case 2:
		if (m->info->family != VB_FAM_CD)
			return S_INVALID_FIELD_IN_CDB;
		return toc_format2(m, out);
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}
