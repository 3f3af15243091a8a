/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MDS/MDF writer, MDS version 1.5 (formats.md 3), CD and DVD. Layout of
 * the .mds as Alcohol and Aaru write it: header, session blocks, track
 * blocks (per CD session A0, A1, A2, the tracks, then B0 (+ C0 after
 * session 1) when another session follows or the disc is left open, as
 * in the full TOC Alcohol copies), one extra block per
 * CD track block (zeros for A0-A2), one filename block, "*.mdf". The .mdf
 * holds each track from INDEX 01 on, tracks back to back: CD sectors raw
 * (2352 bytes, sync/header/EDC/ECC synthesised for cooked sources; 2448
 * with interleaved P-W when the source stores subchannel), DVD sectors
 * 2048 bytes. An MDS stores no pregap: a pregap of generated sectors
 * (CUE PREGAP, the 150 sectors before a session) becomes the extra
 * block's pregap, which readers generate again; a stored pregap of a later
 * track is kept as the tail of the previous track (as Aaru does), so
 * its sectors survive but its INDEX 00 position does not; the stored
 * pregap of a session's first track cannot be kept. INDEX 02+ and ISRC,
 * MCN and CD-TEXT have no place in MDS v1 either.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "mds.h"

#define MW_CHUNK 256 /* sectors per read */

static const char mw_name[] = "*.mdf";

/* Leading generated (not stored) sectors of a track's pregap. */
static uint32_t mw_lead_gen(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && !t->extents[i].src; i++)
		n += t->extents[i].sectors;
	return VB_MIN(n, t->pregap);
}

/* The pregap an MDS declares for track i (generated, not stored). */
static uint32_t mw_pregap(const struct vb_disc *d, unsigned i)
{
	const struct vb_track *t = d->tracks[i];
	const struct vb_session *s = d->sessions[t->session - 1];

	if (d->kind != VB_DISC_CD)
		return 0;
	if (i == s->first)
		return t->pregap;
	return mw_lead_gen(t) == t->pregap ? t->pregap : 0;
}

/* End of the sectors stored for track i: the next one's pregap start. */
static int32_t mw_end(const struct vb_disc *d, unsigned i)
{
	const struct vb_track *t = d->tracks[i];
	const struct vb_session *s = d->sessions[t->session - 1];

	if (i + 1 < s->first + s->count)
		return d->tracks[i + 1]->start - (int32_t)mw_pregap(d, i + 1);
	return t->start + (int32_t)t->length;
}

int mds_can_write(const struct vb_disc *d, struct vb_diag *diag)
{
	unsigned i;

	if (d->kind == VB_DISC_BD) {
		vb_diag_set(diag, NULL, "MDS version 1 has no BD medium type");
		return -EMEDIUMTYPE;
	}
	if (d->n_sessions > 99 || d->tracks[d->n_tracks - 1]->number > 99) {
		vb_diag_set(diag, NULL, "an MDS holds at most 99 tracks and "
			    "sessions");
		return -EMEDIUMTYPE;
	}
	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->start < 0) {
			vb_diag_set(diag, NULL, "track %u starts before LBA 0",
				    t->number);
			return -EMEDIUMTYPE;
		}
		if (d->kind == VB_DISC_DVD && t->mode != VB_MODE_MODE1) {
			vb_diag_set(diag, NULL, "DVD track %u is %s",
				    t->number, vb_track_mode_name(t->mode));
			return -EMEDIUMTYPE;
		}
	}
	if (d->kind == VB_DISC_CD && vb_disc_leadout(d) > 449849) {
		vb_diag_set(diag, NULL, "the disc ends beyond the largest CD "
			    "address (99:59:74)");
		return -EMEDIUMTYPE;
	}
	return 0;
}

static uint8_t mw_mode(const struct vb_disc *d, const struct vb_track *t)
{
	if (d->kind != VB_DISC_CD)
		return MDS_MODE_DVD;
	switch (t->mode) {
	case VB_MODE_AUDIO:
		return MDS_MODE_AUDIO;
	case VB_MODE_MODE2:
		return MDS_MODE_MODE2;
	case VB_MODE_MODE2_FORM1:
		return MDS_MODE_FORM1;
	case VB_MODE_MODE2_FORM2:
		return MDS_MODE_FORM2;
	case VB_MODE_MODE2_MIXED:
		return MDS_MODE_MIXED;
	default:
		return MDS_MODE_MODE1;
	}
}

struct mw_state {
	const struct vb_disc *d;
	enum vb_read_kind kind;
	unsigned size;		/* bytes per sector in the .mdf */
	uint8_t *desc;		/* the .mds being built */
	size_t desc_len;
	uint32_t tracks_at, extras_at, footer_at;
	unsigned n_blocks;	/* track blocks written so far */
	struct img_out mdf;
	uint8_t *buf;
	const struct vb_progress *prog;
	uint64_t done, total;
};

/* Next track block (and its extra block for a CD); returns the block. */
static uint8_t *mw_block(struct mw_state *w, uint8_t point, uint8_t ctl)
{
	uint8_t *b = w->desc + w->tracks_at + w->n_blocks * MDS_TRACK;

	b[MDS_T_ADR_CTL] = (uint8_t)(0x10 | (ctl & 0x0f));
	b[MDS_T_POINT] = point;
	if (w->d->kind == VB_DISC_CD)
		put_le32(b + MDS_T_EXTRA, w->extras_at +
			 w->n_blocks * MDS_EXTRA);
	w->n_blocks++;
	return b;
}

static void mw_pmsf(uint8_t *b, int32_t lba)
{
	struct vb_msf m = lba_to_msf(lba);

	b[MDS_T_PMIN] = m.m;
	b[MDS_T_PMIN + 1] = m.s;
	b[MDS_T_PMIN + 2] = m.f;
}

/* A0, A1, A2 of a CD session (formats.md 3.4, 2.3). */
static void mw_points(struct mw_state *w, const struct vb_session *s)
{
	const struct vb_track *first = w->d->tracks[s->first];
	const struct vb_track *last = w->d->tracks[s->first + s->count - 1];
	uint8_t *b;

	b = mw_block(w, 0xa0, first->ctl);
	b[MDS_T_PMIN] = (uint8_t)first->number;
	b[MDS_T_PMIN + 1] = s->disc_type;
	b = mw_block(w, 0xa1, last->ctl);
	b[MDS_T_PMIN] = (uint8_t)last->number;
	b = mw_block(w, 0xa2, last->ctl);
	mw_pmsf(b, s->leadout);
}

/* B0 (and C0 after session 1) if another session follows or may follow. */
static unsigned mw_n_mode5(const struct vb_disc *d, const struct vb_session *s)
{
	if (d->kind != VB_DISC_CD || (s->number == d->n_sessions && !d->open))
		return 0;
	return s->number == 1 ? 2 : 1;
}

/*
 * The ADR-5 points after a session's tracks, as in a full TOC (formats.md
 * 2.4, 6.6): B0 = next program area (the next session's pregap, or the
 * lead-out + 11250 / 6750 on an open disc) and the last possible lead-out
 * 79:59:74; C0 = ATIP writing power code, first lead-in 97:26:65.
 */
static void mw_mode5(struct mw_state *w, const struct vb_session *s)
{
	const struct vb_disc *d = w->d;
	const unsigned n = mw_n_mode5(d, s);
	int32_t next = s->leadout + (s->number == 1 ? 11250 : 6750);
	struct vb_msf m;
	uint8_t *b;

	if (!n)
		return;
	if (s->number < d->n_sessions) {
		const unsigned k = d->sessions[s->number]->first;

		next = d->tracks[k]->start - (int32_t)d->tracks[k]->pregap;
	}
	m = lba_to_msf(next);
	b = mw_block(w, 0xb0, 0);
	b[MDS_T_ADR_CTL] = 0x50;
	b[MDS_T_MIN] = m.m;
	b[MDS_T_MIN + 1] = m.s;
	b[MDS_T_MIN + 2] = m.f;
	b[MDS_T_ZERO] = (uint8_t)n;
	b[MDS_T_PMIN] = 79;
	b[MDS_T_PMIN + 1] = 59;
	b[MDS_T_PMIN + 2] = 74;
	if (n < 2)
		return;
	b = mw_block(w, 0xc0, 0);
	b[MDS_T_ADR_CTL] = 0x50;
	b[MDS_T_MIN] = 128;
	b[MDS_T_PMIN] = 97;
	b[MDS_T_PMIN + 1] = 26;
	b[MDS_T_PMIN + 2] = 65;
}

/* Writes sectors [from, to) to the .mdf; sectors of no track are zeros. */
static int mw_range(struct mw_state *w, int32_t from, int32_t to)
{
	int32_t lba = from;
	int ret = 0;

	while (!ret && lba < to) {
		const struct vb_track *t = vb_disc_track_at(w->d, lba);
		uint32_t n = (uint32_t)VB_MIN((int64_t)MW_CHUNK,
					      (int64_t)to - lba);

		if (t && (int64_t)lba + n > (int64_t)t->start + t->length)
			n = (uint32_t)(t->start + (int32_t)t->length - lba);
		if (!t) {
			n = 1;
			memset(w->buf, 0, w->size);
		} else {
			ret = vb_disc_read(w->d, lba, n, w->kind, w->buf);
		}
		if (!ret)
			ret = img_out_write(&w->mdf, w->buf,
					    (size_t)n * w->size);
		lba += (int32_t)n;
		w->done += n;
		if (!ret && w->prog && w->prog->fn)
			w->prog->fn(w->prog->ctx, w->done, w->total);
	}
	return ret;
}

static int mw_track(struct mw_state *w, unsigned i)
{
	const struct vb_track *t = w->d->tracks[i];
	const int32_t end = mw_end(w->d, i);
	uint8_t *b = mw_block(w, (uint8_t)t->number, t->ctl);

	b[MDS_T_MODE] = mw_mode(w->d, t);
	if (w->size == 2448)
		b[MDS_T_SUBCH] = MDS_SUBCH_PW;
	put_le16(b + MDS_T_SIZE, (uint16_t)w->size);
	put_le32(b + MDS_T_START, (uint32_t)t->start);
	put_le64(b + MDS_T_OFFSET, w->mdf.pos);
	put_le32(b + MDS_T_FILES, 1);
	put_le32(b + MDS_T_FOOTER, w->footer_at);
	if (w->d->kind == VB_DISC_CD) {
		uint8_t *x = w->desc + get_le32(b + MDS_T_EXTRA);

		mw_pmsf(b, t->start);
		b[MDS_T_UNKNOWN] = 2;
		put_le32(x, mw_pregap(w->d, i));
		put_le32(x + 4, (uint32_t)(end - t->start));
	} else {
		b[MDS_T_ADR_CTL] = 0x14;
		put_le32(b + MDS_T_EXTRA, (uint32_t)(end - t->start));
	}
	return mw_range(w, t->start, end);
}

static int mw_sessions(struct mw_state *w)
{
	const struct vb_disc *d = w->d;
	unsigned i, k;
	int ret = 0;

	for (i = 0; i < d->n_sessions && !ret; i++) {
		const struct vb_session *s = d->sessions[i];
		const struct vb_track *first = d->tracks[s->first];
		uint8_t *sb = w->desc + MDS_HEADER + i * MDS_SESSION;
		const unsigned points = d->kind == VB_DISC_CD ?
					3 + mw_n_mode5(d, s) : 0;

		put_le32(sb + MDS_S_START, (uint32_t)(first->start -
			 (int32_t)mw_pregap(d, s->first)));
		put_le32(sb + MDS_S_END, (uint32_t)s->leadout);
		put_le16(sb + MDS_S_NUMBER, s->number);
		sb[MDS_S_ALL] = (uint8_t)(points + s->count);
		sb[MDS_S_NONTRACK] = (uint8_t)points;
		put_le16(sb + MDS_S_FIRST, first->number);
		put_le16(sb + MDS_S_LAST, d->tracks[s->first + s->count - 1]->
			 number);
		put_le32(sb + MDS_S_TRACKS, w->tracks_at + w->n_blocks *
			 MDS_TRACK);
		if (points)
			mw_points(w, s);
		for (k = 0; k < s->count && !ret; k++)
			ret = mw_track(w, s->first + k);
		mw_mode5(w, s);
	}
	return ret;
}

/* Sizes the descriptor and fills its header and filename block. */
static int mw_layout(struct mw_state *w)
{
	const struct vb_disc *d = w->d;
	const bool cd = d->kind == VB_DISC_CD;
	unsigned blocks = d->n_tracks, i;
	uint8_t *h;

	for (i = 0; cd && i < d->n_sessions; i++)
		blocks += 3 + mw_n_mode5(d, d->sessions[i]);
	w->tracks_at = MDS_HEADER + d->n_sessions * MDS_SESSION;
	w->extras_at = w->tracks_at + blocks * MDS_TRACK;
	w->footer_at = w->extras_at + (cd ? blocks * MDS_EXTRA : 0);
	w->desc_len = w->footer_at + MDS_FOOTER + sizeof(mw_name);
	w->desc = calloc(1, w->desc_len);
	if (!w->desc)
		return -ENOMEM;
	h = w->desc;
	memcpy(h, MDS_SIGNATURE, 16);
	h[MDS_H_VERSION] = 1;
	h[MDS_H_VERSION + 1] = 5;
	put_le16(h + MDS_H_MEDIUM, cd ? MDS_MEDIUM_CD_ROM : MDS_MEDIUM_DVD_ROM);
	put_le16(h + MDS_H_SESSIONS, (uint16_t)d->n_sessions);
	put_le32(h + MDS_H_UNKNOWN1, 2); /* Alcohol writes it (Aaru) */
	put_le32(h + MDS_H_SESS_OFF, MDS_HEADER);
	put_le32(w->desc + w->footer_at, w->footer_at + MDS_FOOTER);
	memcpy(w->desc + w->footer_at + MDS_FOOTER, mw_name, sizeof(mw_name));
	return 0;
}

/* 2448-byte sectors if any track stores subchannel, else 2352 (CD). */
static void mw_sector_kind(struct mw_state *w)
{
	unsigned i;

	w->kind = VB_READ_USER;
	w->size = 2048;
	if (w->d->kind != VB_DISC_CD)
		return;
	w->kind = VB_READ_RAW;
	w->size = 2352;
	for (i = 0; i < w->d->n_tracks; i++)
		if (vb_track_sub(w->d->tracks[i]) != VB_SUB_NONE) {
			w->kind = VB_READ_RAW_SUB;
			w->size = 2448;
		}
}

int mds_write(const struct vb_disc *d, const char *path,
	      const struct vb_progress *prog, struct vb_diag *diag)
{
	struct mw_state w = { .d = d, .prog = prog };
	struct img_out mds = { .fd = -1 };
	char *mdf = NULL;
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	unsigned i;
	int ret;

	w.mdf.fd = -1;
	mw_sector_kind(&w);
	for (i = 0; i < d->n_tracks; i++)
		w.total += (uint64_t)(mw_end(d, i) - d->tracks[i]->start);
	if (asprintf(&mdf, "%.*s.mdf", (int)(dot && (!slash || dot > slash) ?
					     (size_t)(dot - path) :
					     strlen(path)), path) < 0)
		mdf = NULL;
	w.buf = malloc((size_t)MW_CHUNK * w.size);
	ret = mdf && w.buf ? mw_layout(&w) : -ENOMEM;
	if (!ret)
		ret = img_out_open(&w.mdf, mdf);
	if (!ret)
		ret = mw_sessions(&w);
	if (!ret)
		ret = img_out_open(&mds, path);
	if (!ret)
		ret = img_out_write(&mds, w.desc, w.desc_len);
	if (!ret)
		ret = img_out_commit(&w.mdf);
	if (!ret)
		ret = img_out_commit(&mds);
	if (ret) {
		vb_diag_set(diag, path, "writing failed: %s", strerror(-ret));
		if (w.mdf.fd >= 0)
			img_out_abort(&w.mdf);
		if (mds.fd >= 0)
			img_out_abort(&mds);
	}
	free(w.buf);
	free(w.desc);
	free(mdf);
	return ret;
}
