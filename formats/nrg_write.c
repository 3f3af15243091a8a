/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NRG v2 writer, disc-at-once (docs/formats.md 1.8-1.10): the sectors of every
 * track from its INDEX 00 (pregaps are stored, as Nero does, including
 * the 150 sectors before LBA 0), sessions back to back, then per session
 * CUEX (absolute LBAs, one INDEX 00 and INDEX 01 entry per track so
 * libcdio accepts it, further indexes only where the disc has them),
 * DAOX (file offsets), CDTX (raw CD-TEXT packs, session 1) and SINF, then
 * MTYP, END! and the "NER5" footer: the chunk order of the real Nero image
 * libcdio ships (p1.nrg), which this writer reproduces byte for byte.
 * Sectors keep their stored form: cooked 2048/2336
 * or raw 2352, with the interleaved P-W subchannel (2448) when held.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "nrg.h"

/* How a track is stored: mode code (docs/formats.md 1.5) and read kind. */
struct nrg_form {
	uint8_t code;
	uint16_t size;
	enum vb_read_kind kind;
};

static int nrg_track_form(const struct vb_track *t, struct nrg_form *f)
{
	const unsigned sz = vb_track_main_size(t);
	const bool sub = vb_track_sub(t) != VB_SUB_NONE;
	const bool raw = sz >= 2352;

	if (t->mode == VB_MODE_AUDIO) {
		*f = (struct nrg_form){ sub ? 0x10 : 0x07, 2352, VB_READ_RAW };
	} else if (t->mode == VB_MODE_MODE1 && raw) {
		*f = (struct nrg_form){ sub ? 0x0f : 0x05, 2352, VB_READ_RAW };
	} else if (t->mode == VB_MODE_MODE1) {
		*f = (struct nrg_form){ 0x00, 2048, VB_READ_USER };
	} else if (t->mode == VB_MODE_MODE2 || t->mode == VB_MODE_MODE0) {
		/*
		 * No code for formless Mode 2 or Mode 0 (docs/formats.md 1.5):
		 * 0x06 would bring either back as XA Mode 2 (and a Mode 0
		 * track's user-data reads would then fail).
		 */
		return -EMEDIUMTYPE;
	} else if (raw) {
		*f = (struct nrg_form){ sub ? 0x11 : 0x06, 2352, VB_READ_RAW };
	} else if (t->mode == VB_MODE_MODE2_FORM1 && sz != 2336) {
		*f = (struct nrg_form){ 0x02, 2048, VB_READ_USER };
	} else {
		/* 2336, or cooked Form 2 (2324) with its synthesised subheader */
		*f = (struct nrg_form){ 0x03, 2336, VB_READ_MODE2 };
	}
	if (sub && f->kind == VB_READ_RAW) {
		f->kind = VB_READ_RAW_SUB;
		f->size = 2448;
	}
	return 0;
}

int nrg_can_write(const struct vb_disc *d, struct vb_diag *diag)
{
	struct nrg_form f;
	unsigned i;

	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (nrg_track_form(t, &f)) {
			vb_diag_set(diag, NULL,
				    "track %u (%s, %u-byte "
				    "sectors) has no NRG mode code",
				    t->number, vb_track_mode_name(t->mode),
				    vb_track_sector_size(t));
			return -EMEDIUMTYPE;
		}
		if (i && d->tracks[i - 1]->session == t->session &&
		    d->tracks[i - 1]->start +
				    (int64_t)d->tracks[i - 1]->length !=
			    (int64_t)t->start - t->pregap) {
			vb_diag_set(diag, NULL,
				    "track %u does not follow "
				    "track %u directly, which NRG cannot "
				    "express",
				    t->number, t->number - 1);
			return -EMEDIUMTYPE;
		}
		if (t->number > 99) {
			vb_diag_set(diag, NULL, "track number %u > 99",
				    t->number);
			return -EMEDIUMTYPE;
		}
		/*
		 * A DAOX chunk gives a session's first and last track
		 * number and one entry for each number between (docs/formats.md
		 * 1.4): numbers with a gap cannot be written.
		 */
		if (i && d->tracks[i - 1]->session == t->session &&
		    t->number != d->tracks[i - 1]->number + 1) {
			vb_diag_set(diag, NULL,
				    "track %u follows track %u: "
				    "NRG numbers a session's tracks one by one",
				    t->number, d->tracks[i - 1]->number);
			return -EMEDIUMTYPE;
		}
	}
	return 0;
}

/* Chunk buffer: the whole chain is small (58 bytes per track + CD-TEXT). */
struct nrg_buf {
	uint8_t *p;
	size_t len, cap;
};

static uint8_t *nb_put(struct nrg_buf *b, size_t n)
{
	uint8_t *p;

	if (b->len + n > b->cap) {
		size_t cap = (b->cap + n) * 2;

		p = realloc(b->p, cap);
		if (!p)
			return NULL;
		b->p = p;
		b->cap = cap;
	}
	p = b->p + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

/* Appends a chunk header; returns the payload pointer. */
static uint8_t *nb_chunk(struct nrg_buf *b, const char *id, uint32_t len)
{
	uint8_t *p = nb_put(b, 8 + (size_t)len);

	if (!p)
		return NULL;
	memcpy(p, id, 4);
	put_be32(p + 4, len);
	return p + 8;
}

static void nrg_cue_entry(uint8_t *e, uint8_t ctl, uint8_t tno, uint8_t idx,
			  int32_t lba)
{
	e[0] = (uint8_t)(ctl << 4 | 1); /* CONTROL<<4 | ADR 1 */
	e[1] = tno;			/* BCD, or 0xAA */
	e[2] = idx;			/* BCD */
	e[3] = 0;
	put_be32(e + 4, (uint32_t)lba);
}

/* CUEX: the session's cue sheet with absolute LBAs (docs/formats.md 1.3). */
static int nrg_cuex(struct nrg_buf *b, const struct vb_disc *d,
		    const struct vb_session *s)
{
	const struct vb_track *t0 = d->tracks[s->first];
	const struct vb_track *tl = d->tracks[s->first + s->count - 1];
	unsigned i, k, n_cue = 2;
	uint8_t *c;

	for (i = 0; i < s->count; i++)
		n_cue += 2 + d->tracks[s->first + i]->n_index;
	c = nb_chunk(b, "CUEX", n_cue * 8);
	if (!c)
		return -ENOMEM;
	/* lead-in marker: LBA of the first INDEX 00 (-150 in session 1) */
	nrg_cue_entry(c, t0->ctl & VB_CTL_DATA, 0, 0,
		      t0->start - (int32_t)t0->pregap);
	c += 8;
	for (i = 0; i < s->count; i++) {
		const struct vb_track *t = d->tracks[s->first + i];

		nrg_cue_entry(c, t->ctl, bcd(t->number), 0,
			      t->start - (int32_t)t->pregap);
		nrg_cue_entry(c + 8, t->ctl, bcd(t->number), 1, t->start);
		c += 16;
		for (k = 0; k < t->n_index; k++, c += 8)
			nrg_cue_entry(c, t->ctl, bcd(t->number), bcd(k + 2),
				      t->start + (int32_t)t->index[k]);
	}
	nrg_cue_entry(c, tl->ctl & VB_CTL_DATA, 0xaa, 1, s->leadout);
	return 0;
}

/* DAOX: header and file offsets per track (docs/formats.md 1.4). */
static int nrg_daox(struct nrg_buf *b, const struct vb_disc *d,
		    const struct vb_session *s, const uint64_t *offs)
{
	uint8_t *x = nb_chunk(b, "DAOX", 22 + 42 * s->count), *e;
	unsigned i;

	if (!x)
		return -ENOMEM;
	put_be32(x, 22 + 42 * s->count); /* chunk length copy */
	if (d->mcn[0])
		memcpy(x + 4, d->mcn, 13); /* MCN */
	x[18] = s->disc_type;		   /* disc type */
	/*
	 * docs/formats.md 1.4 reads byte 19 as 1 for data sessions, but the
	 * real Nero image libcdio ships (p1.nrg, pure audio) has 1 too: write
	 * 1.
	 */
	x[19] = 1;
	x[20] = (uint8_t)d->tracks[s->first]->number; /* first track */
	x[21] = (uint8_t)d->tracks[s->first + s->count - 1]->number;
	for (i = 0; i < s->count; i++) {
		const struct vb_track *t = d->tracks[s->first + i];
		struct nrg_form f;

		e = x + 22 + 42 * i;
		(void)nrg_track_form(t, &f); /* checked by nrg_can_write */
		memcpy(e, t->isrc, strlen(t->isrc)); /* ISRC */
		put_be16(e + 12, f.size);	     /* sector size */
		e[14] = f.code;			     /* mode */
		put_be16(e + 16, 1);
		put_be64(e + 18, offs[i]); /* INDEX 00 */
		put_be64(e + 26, offs[i] + (uint64_t)t->pregap * f.size);
		put_be64(e + 34, offs[i] + ((uint64_t)t->pregap + t->length) *
						   f.size); /* end */
	}
	return 0;
}

/* CUEX + DAOX (+ CDTX) + SINF of one session; offs: file offset per track */
static int nrg_session_chunks(struct nrg_buf *b, const struct vb_disc *d,
			      const struct vb_session *s, const uint64_t *offs,
			      const uint8_t *cdt, size_t cdt_len)
{
	uint8_t *e;
	int ret = nrg_cuex(b, d, s);

	if (!ret)
		ret = nrg_daox(b, d, s, offs);
	if (ret)
		return ret;
	/* CD-TEXT belongs to session 1; Nero puts CDTX before its SINF */
	if (s->number == 1 && cdt_len) {
		e = nb_chunk(b, "CDTX", (uint32_t)cdt_len);
		if (!e)
			return -ENOMEM;
		memcpy(e, cdt, cdt_len);
	}
	e = nb_chunk(b, "SINF", 4);
	if (!e)
		return -ENOMEM;
	put_be32(e, s->count);
	return 0;
}

static int nrg_tail(struct nrg_buf *b, const struct vb_disc *d)
{
	uint8_t *p = nb_chunk(b, "MTYP", 4);

	if (!p)
		return -ENOMEM;
	/* docs/formats.md 1.7: 1 = CD; DVD-ROM 0x200; BD-ROM 0x100000 */
	put_be32(p, d->kind == VB_DISC_DVD ? 0x200 :
		    d->kind == VB_DISC_BD  ? 0x100000 :
					     1);
	return nb_chunk(b, "END!", 0) ? 0 : -ENOMEM;
}

int nrg_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag)
{
	uint64_t *offs = calloc(d->n_tracks + 1, sizeof(*offs));
	uint64_t total = 0, done = 0, first;
	struct nrg_buf b = { 0 };
	uint8_t *cdt = NULL;
	size_t cdt_len = 0;
	struct img_out o;
	uint8_t foot[12];
	unsigned i;
	int ret;

	ret = offs ? img_out_open(&o, path) : -ENOMEM;
	if (ret) {
		vb_diag_set(diag, path, "cannot create: %s", strerror(-ret));
		free(offs);
		return ret;
	}
	for (i = 0; i < d->n_tracks; i++)
		total += d->tracks[i]->pregap + d->tracks[i]->length;
	for (i = 0; i < d->n_tracks && !ret; i++) {
		const struct vb_track *t = d->tracks[i];
		const uint32_t n = t->pregap + t->length;
		struct nrg_form f;

		(void)nrg_track_form(t, &f);
		offs[i] = o.pos;
		ret = img_copy_sectors(d, t->start - (int32_t)t->pregap, n,
				       f.kind, &o, opts->prog, done, total);
		done += n;
	}
	first = o.pos;
	/* raw packs as held, else packs built from CUE/TOC strings */
	if (!d->cdtext_len && !ret && d->n_cdtext_items) {
		ret = vb_cdtext_encode(d, &cdt, &cdt_len);
		if (ret == -ENOENT)
			ret = 0;
	}
	for (i = 0; i < d->n_sessions && !ret; i++)
		ret = nrg_session_chunks(
			&b, d, d->sessions[i], offs + d->sessions[i]->first,
			cdt ? cdt : d->cdtext, cdt ? cdt_len : d->cdtext_len);
	if (!ret)
		ret = nrg_tail(&b, d);
	if (!ret)
		ret = img_out_write(&o, b.p, b.len);
	memcpy(foot, "NER5", 4);
	put_be64(foot + 4, first); /* offset of the first chunk */
	if (!ret)
		ret = img_out_write(&o, foot, sizeof(foot));
	if (!ret)
		ret = img_out_commit(&o);
	else
		img_out_abort(&o);
	if (ret)
		vb_diag_set(diag, path, "writing failed: %s", strerror(-ret));
	free(cdt);
	free(b.p);
	free(offs);
	return ret;
}
