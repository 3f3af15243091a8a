/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a disc's sectors go in a CHD's stream, and the metadata that says
 * so (docs/chd.md "CD layout"): per track one CHT2 entry as chdman writes
 * it, so that chdman and MAME read our files, and our manifest (VBDM) with
 * what CHT2 cannot hold (sessions, CONTROL, indexes, ISRC, MCN, CD-TEXT).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha1.h>

#include "vburn/bytes.h"
#include "vburn/vbd.h"
#include "chd_write.h"
#include "vbd.h"

/* Sectors at the start (or end) of t covered by generated extents only. */
static uint32_t cl_zero_head(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && t->extents[i].data == VB_DATA_ZERO; i++)
		n += t->extents[i].sectors;
	return n;
}

static uint32_t cl_zero_tail(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i = t->n_extents;

	while (i && t->extents[i - 1].data == VB_DATA_ZERO)
		n += t->extents[--i].sectors;
	return n;
}

/* The CHT2 type a CD track is written as, and how its sectors are read. */
static void cl_cd_type(const struct vb_track *tr, struct cw_track *c)
{
	unsigned sz = vb_track_main_size(tr);
	const enum vb_track_mode m = tr->mode;
	enum chd_cd_type t;

	c->audio = m == VB_MODE_AUDIO;
	c->sub = vb_track_sub(tr) != VB_SUB_NONE;
	if (!sz) /* nothing stored: the mode's own size */
		sz = c->audio					    ? 2352 :
		     m == VB_MODE_MODE1 || m == VB_MODE_MODE2_FORM1 ? 2048 :
		     m == VB_MODE_MODE2_FORM2			    ? 2324 :
								      2336;
	if (c->sub || c->audio)
		sz = 2352; /* subchannel needs the raw sector before it */
	c->dsize = (uint16_t)sz;
	switch (sz) {
	case 2352:
		c->kind = c->sub ? VB_READ_RAW_SUB : VB_READ_RAW;
		t = c->audio	       ? CHD_AUDIO :
		    m == VB_MODE_MODE1 ? CHD_MODE1_RAW :
					 CHD_MODE2_RAW;
		break;
	case 2048:
		c->kind = VB_READ_USER;
		t = m == VB_MODE_MODE1 ? CHD_MODE1 : CHD_MODE2_FORM1;
		break;
	case 2324:
		c->kind = VB_READ_MODE2;
		t = CHD_MODE2_FORM2;
		break;
	default:
		c->kind = VB_READ_MODE2;
		t = m == VB_MODE_MODE2 || m == VB_MODE_MODE0 ?
			    CHD_MODE2 :
			    CHD_MODE2_FORM_MIX;
	}
	c->type = chd_cd_type_name(t);
}

int cw_layout(const struct vb_disc *d, struct cw_layout *lay, const char *path,
	      struct vb_diag *diag)
{
	uint64_t frame = 0;
	unsigned i;

	memset(lay, 0, sizeof(*lay));
	lay->cd = d->kind == VB_DISC_CD;
	lay->unitbytes = lay->cd ? CHD_CD_FRAME : 2048;
	lay->hunkbytes = lay->cd ? CHD_CD_FRAME * CHD_CD_HUNK_FRAMES : 4096;
	if (!d->n_tracks) {
		vb_diag_set(diag, path, "a CHD holds a disc with tracks");
		return -EMEDIUMTYPE;
	}
	lay->t = calloc(d->n_tracks, sizeof(*lay->t));
	if (!lay->t)
		return -ENOMEM;
	lay->n = d->n_tracks;
	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];
		struct cw_track *c = &lay->t[i];
		uint32_t pg = t->pregap;

		c->t = t;
		if (lay->cd) {
			cl_cd_type(t, c);
			/* generated pregap and postgap: not stored, as chdman */
			c->pg_stored = cl_zero_head(t) < t->pregap;
			if (!c->pg_stored)
				pg = 0;
			if (t->postgap && cl_zero_tail(t) >= t->postgap)
				c->postgap = t->postgap;
		} else {
			c->dsize = 2048;
			c->kind = VB_READ_USER;
			c->type = chd_cd_type_name(CHD_MODE1);
			c->pg_stored = true;
		}
		c->first = t->start - (int32_t)pg;
		c->frames = pg + t->length - c->postgap;
		c->padded = lay->cd ? (c->frames + CHD_CD_PAD - 1) /
					      CHD_CD_PAD * CHD_CD_PAD :
				      c->frames;
		c->frame0 = frame;
		frame += c->padded;
	}
	lay->logical = frame * lay->unitbytes;
	return 0;
}

void cw_layout_fini(struct cw_layout *lay)
{
	free(lay->t);
	lay->t = NULL;
}

int cw_read(const struct vb_disc *d, const struct cw_track *t, uint32_t fi,
	    uint32_t n, uint8_t *rd, uint8_t *out, uint32_t unit)
{
	const unsigned rs = vb_read_size(t->kind);
	/* Form 2 data follows the 8-byte subheader of a Mode 2 read */
	const unsigned skip = t->dsize == 2324 ? 8 : 0;
	uint32_t i, k;
	int ret;

	ret = vb_disc_read(d, t->first + (int32_t)fi, n, t->kind, rd);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		const uint8_t *s = rd + (size_t)i * rs;
		uint8_t *o = out + (size_t)i * unit;

		memcpy(o, s + skip, t->dsize);
		if (t->sub)
			memcpy(o + t->dsize, s + CHD_CD_SECTOR, CHD_CD_SUB);
		if (!t->audio)
			continue;
		for (k = 0; k + 1 < CHD_CD_SECTOR; k += 2) { /* big-endian */
			const uint8_t b = o[k];

			o[k] = o[k + 1];
			o[k + 1] = b;
		}
	}
	return 0;
}

int cw_cursor_init(struct cw_cursor *k, const struct vb_disc *d,
		   const struct cw_layout *lay)
{
	memset(k, 0, sizeof(*k));
	k->d = d;
	k->lay = lay;
	k->rd = malloc((size_t)CW_RD_SECTORS * CHD_CD_FRAME);
	return k->rd ? 0 : -ENOMEM;
}

void cw_cursor_fini(struct cw_cursor *k)
{
	free(k->rd);
	k->rd = NULL;
}

int cw_next_hunk(struct cw_cursor *k, uint8_t *out, uint8_t *class)
{
	const uint32_t unit = k->lay->unitbytes;
	const uint32_t units = k->lay->hunkbytes / unit;
	uint32_t u = 0;

	memset(out, 0, k->lay->hunkbytes);
	*class = 0;
	while (u < units && k->ti < k->lay->n) {
		const struct cw_track *t = &k->lay->t[k->ti];
		uint32_t n;
		int ret;

		if (k->fi >= t->frames) { /* padding frames are zero */
			n = VB_MIN(units - u, t->padded - k->fi);
		} else {
			n = VB_MIN(units - u, t->frames - k->fi);
			n = VB_MIN(n, (uint32_t)CW_RD_SECTORS);
			ret = cw_read(k->d, t, k->fi, n, k->rd,
				      out + (size_t)u * unit, unit);
			if (ret)
				return ret;
			*class |= t->audio ? CW_AUDIO : CW_DATA;
		}
		u += n;
		k->fi += n;
		if (k->fi == t->padded) {
			k->ti++;
			k->fi = 0;
		}
	}
	return 0;
}

/* ---- metadata ---- */

static int cl_add(struct cw_meta_list *m, uint32_t tag, const void *p,
		  size_t len)
{
	if (m->n == sizeof(m->tag) / sizeof(m->tag[0]) || len >= (1u << 24))
		return -E2BIG;
	m->data[m->n] = malloc(len ? len : 1);
	if (!m->data[m->n])
		return -ENOMEM;
	memcpy(m->data[m->n], p, len);
	m->tag[m->n] = tag;
	m->len[m->n++] = (uint32_t)len;
	return 0;
}

/* chdman's CHT2 line (docs/chd.md "Track metadata"), its NUL counted */
static int cl_cht2(struct cw_meta_list *m, const struct cw_track *c,
		   unsigned num)
{
	char s[200];
	uint32_t pregap = c->pg_stored ? c->t->pregap :
			  num > 1      ? c->t->pregap :
					 0;
	int n;

	n = snprintf(s, sizeof(s),
		     "TRACK:%u TYPE:%s SUBTYPE:%s FRAMES:%u PREGAP:%u "
		     "PGTYPE:%s%s PGSUB:NONE POSTGAP:%u",
		     num, c->type, c->sub ? "RW_RAW" : "NONE", c->frames,
		     pregap, c->pg_stored && pregap ? "V" : "", c->type,
		     c->postgap);
	return cl_add(m, CHD_TAG_CHT2, s, (size_t)n + 1);
}

/* An ops source of the stream's size: the manifest's extents name it. */
static int cl_null_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	(void)ctx, (void)buf, (void)len, (void)off;
	return -EIO;
}

static const struct vb_src_ops cl_null_ops = { .read = cl_null_read };

/* One track of the manifest's disc: d's track over the stream. */
static int cl_track(struct vb_disc *l, const struct cw_layout *lay,
		    const struct cw_track *c, struct vb_src *stream)
{
	const struct vb_track *t = c->t;
	struct vb_track *n = vb_disc_add_track(l);
	struct vb_extent e = {
		.sectors = c->frames,
		.data = c->dsize == 2352 ? VB_DATA_RAW : VB_DATA_USER,
		.src = stream,
		.offset = c->frame0 * lay->unitbytes,
		.stride = lay->unitbytes,
		.data_size = c->dsize,
		.swap = c->audio,
		.sub = c->sub ? VB_SUB_RAW : VB_SUB_NONE,
	};
	int ret = 0;

	if (!n)
		return -ENOMEM;
	n->number = t->number;
	n->mode = t->mode;
	n->ctl = t->ctl;
	n->start = t->start;
	n->pregap = t->pregap;
	n->length = t->length;
	n->postgap = t->postgap;
	n->n_index = t->n_index;
	memcpy(n->index, t->index, sizeof(n->index));
	memcpy(n->isrc, t->isrc, sizeof(n->isrc));
	if (!c->pg_stored && t->pregap)
		ret = vb_track_add_zero(n, t->pregap);
	if (!ret && c->frames)
		ret = vb_track_add_extent(n, &e);
	if (!ret && c->postgap)
		ret = vb_track_add_zero(n, c->postgap);
	return ret;
}

/* The disc as it lies in the stream, as a manifest (docs/vbd.md). */
static int cl_vbdm(const struct vb_disc *d, const struct cw_layout *lay,
		   struct cw_meta_list *m, struct vb_diag *diag)
{
	struct vb_vbd_state st;
	struct vb_src *stream = NULL;
	struct vb_disc *l = vb_disc_new(d->kind);
	char *text = NULL;
	size_t len = 0;
	unsigned i, k;
	int ret = l ? vb_src_new_ops(&stream, lay->logical, "stream",
				     &cl_null_ops, NULL) :
		      -ENOMEM;

	vb_vbd_state_init(&st);
	for (i = 0; !ret && i < d->n_sessions; i++) {
		const struct vb_session *s = d->sessions[i];
		struct vb_session *ns = vb_disc_add_session(l);

		if (!ns) {
			ret = -ENOMEM;
			break;
		}
		ns->disc_type = s->disc_type;
		ns->leadout = s->leadout;
		for (k = s->first; !ret && k < s->first + s->count; k++)
			ret = cl_track(l, lay, &lay->t[k], stream);
	}
	if (!ret) {
		memcpy(l->mcn, d->mcn, sizeof(l->mcn));
		l->open = d->open;
		memcpy(l->cdtext_lang, d->cdtext_lang, sizeof(l->cdtext_lang));
		if (d->cdtext_len)
			ret = vb_disc_set_cdtext(l, d->cdtext, d->cdtext_len);
	}
	for (i = 0; !ret && i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		ret = vb_disc_add_cdtext_item(l, it->block, it->type, it->track,
					      it->text);
	}
	if (!ret)
		ret = vb_disc_finish(l, vb_src_name(stream), diag);
	if (!ret) {
		const int32_t end = vb_disc_leadout(d);

		snprintf(st.media, sizeof(st.media), "%s-rom",
			 d->kind == VB_DISC_CD	? "cd" :
			 d->kind == VB_DISC_DVD ? "dvd" :
						  "bd");
		st.capacity = end > 0 ? (uint32_t)end : 0;
		st.next_start = end;
		st.finalized = !d->open;
		ret = vbd_text_bound(l, &st, stream, &text, &len, diag);
	}
	if (!ret)
		ret = cl_add(m, CHD_TAG_VBDM, text, len + 1);
	free(text);
	vb_src_unref(stream);
	vb_disc_unref(l);
	return ret;
}

int cw_meta_make(const struct vb_disc *d, const struct cw_layout *lay,
		 struct cw_meta_list *m, struct vb_diag *diag)
{
	unsigned i;
	int ret = 0;

	if (lay->cd)
		for (i = 0; !ret && i < lay->n; i++)
			ret = cl_cht2(m, &lay->t[i], i + 1);
	else
		ret = cl_add(m, CHD_TAG_DVD, "", 1); /* createdvd's tag */
	return ret ? ret : cl_vbdm(d, lay, m, diag);
}

void cw_meta_free(struct cw_meta_list *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		free(m->data[i]);
	m->n = 0;
}

void cw_meta_sha1(const struct cw_meta_list *m, const uint8_t *raw,
		  uint8_t *out)
{
	uint8_t sha[100][CHD_SHA1];
	unsigned i;

	for (i = 0; i < m->n; i++)
		cw_hunk_sha1(m->data[i], m->len[i], sha[i]);
	chd_overall_sha1(raw, m->tag, (const uint8_t(*)[CHD_SHA1])sha, m->n,
			 out);
}
