/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CUE/BIN writer (docs/formats.md 4.1). One BINARY file per session ("x.bin",
 * then "x-s2.bin", ... with REM SESSION, the multi-FILE style libmirage
 * and Aaru read), tracks stored as they are held (raw 2352 stays raw,
 * 2048/2336 user data stays cooked), generated leading pregap sectors as
 * PREGAP and generated postgaps as POSTGAP (not stored, as CDRWIN does),
 * stored pregaps as INDEX 00, FLAGS/ISRC/CATALOG, block-0 CD-TEXT strings
 * as TITLE/PERFORMER/SONGWRITER and raw CD-TEXT packs (the disc's, or
 * made from strings those lines cannot hold) as a CDTEXTFILE.
 * All files are written to temporary names and renamed at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"
#include "vburn/bytes.h"
#include "cue.h"

static void cw_msf(struct fmt_text *b, const char *kw, uint32_t frames)
{
	fmt_printf(b, "%s %02u:%02u:%02u\r\n", kw, frames / 4500,
		   frames / 75 % 60, frames % 75);
}

/* The CUE type a track is written as, and how its sectors are read. */
static const struct cue_type *cw_type(const struct vb_track *t,
				      enum vb_read_kind *kind)
{
	const unsigned sz = vb_track_main_size(t);
	bool raw, m2;

	raw = sz == 2352 || sz == 2336;
	m2 = sz == 2336;

	*kind = raw && !m2 ? VB_READ_RAW : m2 ? VB_READ_MODE2 : VB_READ_USER;
	switch (t->mode) {
	case VB_MODE_AUDIO:
		/* CDG keeps a stored P-W subchannel (2448-byte sectors) */
		*kind = vb_track_sub(t) != VB_SUB_NONE ? VB_READ_RAW_SUB :
							 VB_READ_RAW;
		return cue_type_find(*kind == VB_READ_RAW ? "AUDIO" : "CDG");
	case VB_MODE_MODE1:
		return cue_type_find(raw && !m2 ? "MODE1/2352" : "MODE1/2048");
	case VB_MODE_MODE2_FORM1:
		if (!raw)
			return cue_type_find("MODE2/2048");
		return cue_type_find(m2 ? "MODE2/2336" : "MODE2/2352");
	case VB_MODE_MODE2_FORM2:
	case VB_MODE_MODE2_MIXED:
		/*
		 * Cooked Form 2 (2324 bytes) goes out as 2336 with the
		 * subheader raw reads synthesise: the same sectors.
		 */
		if (!raw)
			*kind = VB_READ_MODE2;
		return cue_type_find(raw && !m2 ? "MODE2/2352" : "MODE2/2336");
	case VB_MODE_MODE2:
		/*
		 * No CUE type for formless Mode 2: MODE2/2336 and MODE2/2352
		 * are read as XA (libmirage, our reader), whose raw sectors
		 * get EDC/ECC over what formless Mode 2 uses as data.
		 */
		return NULL;
	default:
		return NULL;
	}
}

/*
 * Layout facts a cue sheet can express: tracks of a session back to back
 * (no holes) and, with REM SESSION, each later session's first track at
 * the standard distance after the previous lead-out (lead-out + lead-in =
 * 11250 after session 1, 6750 later, then a pregap of at least 150;
 * docs/formats.md 5.3), because that is where readers put it.
 */
static int cue_layout_ok(const struct vb_disc *d, struct vb_diag *diag)
{
	unsigned i;

	for (i = 1; i < d->n_tracks; i++) {
		const struct vb_track *p = d->tracks[i - 1], *t = d->tracks[i];
		const int64_t begin = (int64_t)t->start - t->pregap;
		const struct vb_session *ps = d->sessions[p->session - 1];
		int64_t want = (int64_t)p->start + p->length;

		if (t->session != p->session)
			want = (int64_t)ps->leadout +
			       (p->session == 1 ? 11250 : 6750);
		if (begin == want &&
		    (t->session == p->session || t->pregap >= 150))
			continue;
		vb_diag_set(diag, NULL,
			    "track %u starts at LBA %d, which a "
			    "cue sheet cannot express (expected %lld)",
			    t->number, t->start,
			    (long long)(want +
					(t->session == p->session ? 0 : 150) +
					t->pregap -
					(t->session == p->session ?
						 0 :
						 VB_MIN(t->pregap, 150u))));
		return -EMEDIUMTYPE;
	}
	return 0;
}

int cue_can_write(const struct vb_disc *d, struct vb_diag *diag)
{
	enum vb_read_kind kind;
	unsigned i;

	if (d->n_tracks > 99) {
		vb_diag_set(diag, NULL, "a cue sheet holds at most 99 tracks");
		return -EMEDIUMTYPE;
	}
	if (cue_layout_ok(d, diag))
		return -EMEDIUMTYPE;
	for (i = 0; i < d->n_tracks; i++)
		if (!cw_type(d->tracks[i], &kind)) {
			vb_diag_set(diag, NULL,
				    "track %u (%s, %u-byte "
				    "sectors) has no CUE track type",
				    d->tracks[i]->number,
				    vb_track_mode_name(d->tracks[i]->mode),
				    vb_track_sector_size(d->tracks[i]));
			return -EMEDIUMTYPE;
		}
	return 0;
}

/* Leading generated sectors of a track (from its first pregap sector). */
static uint32_t cw_lead_zero(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && !t->extents[i].src; i++)
		n += t->extents[i].sectors;
	return n;
}

/* Trailing generated sectors of a track. */
static uint32_t cw_tail_zero(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = t->n_extents; i > 0 && !t->extents[i - 1].src; i--)
		n += t->extents[i - 1].sectors;
	return n;
}

static void cw_cdtext(struct fmt_text *b, const struct vb_disc *d,
		      unsigned track, const char *indent)
{
	static const char *const kw[] = { "TITLE", "PERFORMER", "SONGWRITER" };
	unsigned i;

	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		if (it->block || it->track != track || it->type > 0x82 ||
		    strchr(it->text, '"'))
			continue;
		fmt_printf(b, "%s%s \"%s\"\r\n", indent, kw[it->type - 0x80],
			   it->text);
	}
}

struct cw_state {
	const struct vb_disc *d;
	const char *path;
	struct fmt_text cue;
	struct img_out bins[99];
	unsigned n_bins;
	const struct vb_progress *prog;
	const struct vb_img_wopts *opts;
	uint64_t done, total;
	uint32_t frames; /* sectors in the current .bin */
};

static int cw_track(struct cw_state *w, const struct vb_track *t, bool first)
{
	struct img_out *o = &w->bins[w->n_bins - 1];
	enum vb_read_kind kind;
	const struct cue_type *ty = cw_type(t, &kind);
	const int64_t begin = (int64_t)t->start - t->pregap;
	uint32_t skip = 0, gen, stored, post, i, f = w->frames;
	int ret;

	/* sectors a cue cannot place: before LBA 0, implicit 2 s pregap */
	if (first && t->session == 1)
		skip = begin < 0 ?
			       (uint32_t)VB_MIN(-begin, (int64_t)t->pregap) :
			       0;
	else if (first)
		skip = VB_MIN(150u, t->pregap);
	gen = cw_lead_zero(t);
	gen = gen > skip ? VB_MIN(gen, t->pregap) - skip : 0;
	stored = t->pregap - skip - gen;
	post = VB_MIN(cw_tail_zero(t), t->postgap);
	fmt_printf(&w->cue, "  TRACK %02u %s\r\n", t->number, ty->name);
	if (t->ctl & (VB_CTL_COPY | VB_CTL_4CH | VB_CTL_PREEMPH))
		fmt_printf(&w->cue, "    FLAGS%s%s%s\r\n",
			   t->ctl & VB_CTL_COPY ? " DCP" : "",
			   t->ctl & VB_CTL_4CH ? " 4CH" : "",
			   t->ctl & VB_CTL_PREEMPH ? " PRE" : "");
	if (t->isrc[0])
		fmt_printf(&w->cue, "    ISRC %s\r\n", t->isrc);
	cw_cdtext(&w->cue, w->d, t->number, "    ");
	if (gen)
		cw_msf(&w->cue, "    PREGAP", gen);
	if (stored)
		cw_msf(&w->cue, "    INDEX 00", f);
	cw_msf(&w->cue, "    INDEX 01", f + stored);
	for (i = 0; i < t->n_index; i++) {
		char kw[16];

		snprintf(kw, sizeof(kw), "    INDEX %02u", i + 2);
		cw_msf(&w->cue, kw, f + stored + t->index[i]);
	}
	if (post)
		cw_msf(&w->cue, "    POSTGAP", post);
	ret = img_copy_sectors(w->d, t->start - (int32_t)stored,
			       stored + t->length - post, kind, o, w->prog,
			       w->done, w->total);
	w->done += stored + t->length - post;
	/* INDEX times count sectors of any size since the file start */
	w->frames += stored + t->length - post;
	return ret;
}

/* "dir/x.cue" -> "dir/x.bin" or "dir/x-sN.bin"; owned. */
static char *cw_bin_path(const char *cue, unsigned session, bool base_only)
{
	const char *slash = strrchr(cue, '/'), *dot = strrchr(cue, '.');
	const char *b = base_only && slash ? slash + 1 : cue;
	size_t len =
		dot && (!slash || dot > slash) ? (size_t)(dot - b) : strlen(b);
	char *p;

	if (session > 1 ?
		    asprintf(&p, "%.*s-s%u.bin", (int)len, b, session) < 0 :
		    asprintf(&p, "%.*s.bin", (int)len, b) < 0)
		return NULL;
	return p;
}

static int cw_cdt(struct cw_state *w, struct img_out *cdt, const uint8_t *packs,
		  size_t len)
{
	char *p, *base;
	int ret;

	p = cw_bin_path(w->path, 1, false);
	base = cw_bin_path(w->path, 1, true);
	if (!p || !base) {
		ret = -ENOMEM;
		goto out;
	}
	strcpy(p + strlen(p) - 4, ".cdt");
	strcpy(base + strlen(base) - 4, ".cdt");
	ret = img_out_open(cdt, p);
	if (!ret)
		ret = img_out_write(cdt, packs, len);
	fmt_printf(&w->cue, "CDTEXTFILE \"%s\"\r\n", base);
out:
	free(base);
	free(p);
	return ret;
}

static int cw_session(struct cw_state *w, const struct vb_session *s)
{
	char *p = cw_bin_path(w->path, s->number, false);
	char *base = cw_bin_path(w->path, s->number, true);
	unsigned i;
	int ret = -ENOMEM;

	if (!p || !base)
		goto out;
	ret = img_out_open_data(&w->bins[w->n_bins], p, w->opts);
	if (ret)
		goto out;
	w->n_bins++;
	w->frames = 0;
	if (w->d->n_sessions > 1)
		fmt_printf(&w->cue, "REM SESSION %02u\r\n", s->number);
	fmt_printf(&w->cue, "FILE \"%s\" BINARY\r\n", base);
	for (i = 0; i < s->count && !ret; i++)
		ret = cw_track(w, w->d->tracks[s->first + i], i == 0);
out:
	free(base);
	free(p);
	return ret;
}

/* Does d have CD-TEXT strings no TITLE/PERFORMER/SONGWRITER line holds? */
static bool cw_text_beyond_lines(const struct vb_disc *d)
{
	unsigned i;

	for (i = 0; i < d->n_cdtext_items; i++)
		if (d->cdtext_items[i].block ||
		    d->cdtext_items[i].type > VB_CDTEXT_SONGWRITER)
			return true;
	return false;
}

int cue_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag)
{
	struct cw_state *w = calloc(1, sizeof(*w));
	struct img_out cue = { .fd = -1 }, cdt = { .fd = -1 };
	uint8_t *packs = NULL;
	size_t plen = 0;
	unsigned i;
	int ret = -ENOMEM;

	if (!w)
		goto out;
	/*
	 * Strings the lines cannot hold (other types, other language
	 * blocks) go into a CDTEXTFILE of packs made from them, as the CCD
	 * and NRG writers make theirs; a disc's own packs are kept as they
	 * are. Too many strings for one block: the lines only.
	 */
	if (!d->cdtext_len && cw_text_beyond_lines(d)) {
		ret = vb_cdtext_encode(d, &packs, &plen);
		if (ret == -ENOMEM)
			goto out;
	}
	w->d = d;
	w->path = path;
	w->prog = opts->prog;
	w->opts = opts;
	for (i = 0; i < d->n_tracks; i++)
		w->total += d->tracks[i]->pregap + d->tracks[i]->length;
	if (d->mcn[0])
		fmt_printf(&w->cue, "CATALOG %s\r\n", d->mcn);
	if (d->cdtext_len)
		ret = cw_cdt(w, &cdt, d->cdtext, d->cdtext_len);
	else
		ret = packs ? cw_cdt(w, &cdt, packs, plen) : 0;
	cw_cdtext(&w->cue, d, 0, "");
	for (i = 0; i < d->n_sessions && !ret && i < 99; i++)
		ret = cw_session(w, d->sessions[i]);
	if (!ret)
		ret = w->cue.err;
	if (!ret)
		ret = img_out_open(&cue, path);
	if (!ret)
		ret = img_out_write(&cue, w->cue.s, w->cue.len);
	/* all or nothing, the cue last: it never names missing files */
	if (!ret) {
		struct img_out *set[VB_ARRAY_SIZE(w->bins) + 2];

		for (i = 0; i < w->n_bins; i++)
			set[i] = &w->bins[i];
		set[i++] = &cdt; /* skipped if not written */
		set[i++] = &cue;
		ret = img_out_commit_all(set, i);
	}
out:
	if (ret) {
		vb_diag_set(diag, path, "writing failed: %s", strerror(-ret));
		for (i = 0; w && i < w->n_bins; i++)
			if (w->bins[i].fd >= 0)
				img_out_abort(&w->bins[i]);
		if (cdt.fd >= 0)
			img_out_abort(&cdt);
		if (cue.fd >= 0)
			img_out_abort(&cue);
	}
	if (w)
		free(w->cue.s);
	free(w);
	free(packs);
	return ret;
}
