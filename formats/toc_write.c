/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cdrdao TOC writer (docs/formats.md 4.2): one session per TOC file, all track
 * data in one ".bin" next to it, addressed with #byte offsets. Tracks keep
 * their stored form (MODE1 / MODE1_RAW / MODE2_FORM1 / MODE2_FORM_MIX /
 * MODE2_RAW, RW_RAW after any of them with a stored P-W subchannel);
 * audio is written big-endian, the byte order cdrdao expects in raw
 * files. Generated leading pregap sectors become PREGAP (SILENCE/ZERO
 * when stored ones follow), stored ones come from the file before START,
 * generated postgaps become SILENCE/ZERO; flags, ISRC, CATALOG, indexes
 * and CD-TEXT strings are written too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"
#include "vburn/bytes.h"
#include "vburn/img.h"
#include "toc.h"

/* How a track is stored in the .bin. */
struct tw_form {
	const char *mode;	/* cdrdao track mode */
	enum vb_read_kind kind; /* main channel (+ P-W when raw) */
	unsigned size;		/* bytes per sector written */
	bool sub;		/* RW_RAW: 96 interleaved P-W bytes follow */
};

static int tw_form(const struct vb_track *t, struct tw_form *f)
{
	const unsigned sz = vb_track_main_size(t);
	/*
	 * Any stored subchannel (inline 96 or 16 bytes, or a separate
	 * CloneCD .sub) goes out as RW_RAW through the raw+sub read, which
	 * interleaves it.
	 */
	const bool sub = vb_track_sub(t) != VB_SUB_NONE;

	*f = (struct tw_form){ NULL, VB_READ_RAW, 2352, sub };
	switch (t->mode) {
	case VB_MODE_AUDIO:
		f->mode = "AUDIO";
		break;
	case VB_MODE_MODE1:
		f->mode = sz == 2352 ? "MODE1_RAW" : "MODE1";
		break;
	case VB_MODE_MODE2:
		/* raw formless Mode 2 is its header + these 2336 bytes */
		f->mode = "MODE2";
		break;
	case VB_MODE_MODE2_FORM1:
		f->mode = sz == 2352 ? "MODE2_RAW" :
			  sz == 2336 ? "MODE2_FORM_MIX" :
				       "MODE2_FORM1";
		break;
	case VB_MODE_MODE2_FORM2:
	case VB_MODE_MODE2_MIXED:
		/* cooked Form 2 (2324) with its synthesised subheader too */
		f->mode = sz == 2352 ? "MODE2_RAW" : "MODE2_FORM_MIX";
		break;
	default:
		return -EMEDIUMTYPE;
	}
	if (!f->mode)
		return -EMEDIUMTYPE;
	if (!strcmp(f->mode, "MODE1") || !strcmp(f->mode, "MODE2_FORM1")) {
		f->kind = VB_READ_USER;
		f->size = 2048;
	} else if (!strcmp(f->mode, "MODE2") ||
		   !strcmp(f->mode, "MODE2_FORM_MIX")) {
		f->kind = VB_READ_MODE2;
		f->size = 2336;
	}
	/*
	 * cdrdao takes RW_RAW with every mode (docs/formats.md 4.2): the 96
	 * bytes follow each sector, whatever its size. Raw sectors come with
	 * theirs in one read; cooked ones get them from a raw+sub read
	 * (tw_copy).
	 */
	if (f->sub && f->kind == VB_READ_RAW)
		f->kind = VB_READ_RAW_SUB;
	if (f->sub)
		f->size += 96;
	return 0;
}

int toc_can_write(const struct vb_disc *d, struct vb_diag *diag)
{
	struct tw_form f;
	unsigned i;

	if (d->n_sessions != 1) {
		vb_diag_set(diag, NULL,
			    "a TOC file describes one session; "
			    "this disc has %u",
			    d->n_sessions);
		return -EMEDIUMTYPE;
	}
	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		/*
		 * TRACK has no number: a TOC file's tracks are 1, 2, ... in
		 * order (docs/formats.md 4.2), so another numbering would come
		 * back renumbered.
		 */
		if (t->number != i + 1) {
			vb_diag_set(diag, NULL,
				    "a TOC file numbers its tracks "
				    "from 1; this disc's track %u is number %u",
				    i + 1, t->number);
			return -EMEDIUMTYPE;
		}
		if (tw_form(t, &f)) {
			vb_diag_set(diag, NULL,
				    "track %u (%s, %u-byte "
				    "sectors) has no TOC track mode",
				    t->number, vb_track_mode_name(t->mode),
				    vb_track_sector_size(t));
			return -EMEDIUMTYPE;
		}
		if ((i && d->tracks[i - 1]->start +
					  (int64_t)d->tracks[i - 1]->length !=
				  (int64_t)t->start - t->pregap) ||
		    (!i && (int64_t)t->start - t->pregap < -150)) {
			vb_diag_set(diag, NULL,
				    "track %u does not follow the "
				    "previous one directly",
				    t->number);
			return -EMEDIUMTYPE;
		}
	}
	return 0;
}

static void tw_msf(struct fmt_text *b, const char *kw, uint32_t frames)
{
	fmt_printf(b, "%s%02u:%02u:%02u\n", kw, frames / 4500, frames / 75 % 60,
		   frames % 75);
}

/* A "string" with cdrdao's escapes for '"' and '\'. */
static void tw_string(struct fmt_text *b, const char *s)
{
	fmt_printf(b, "\"");
	for (; *s; s++)
		fmt_printf(b, "%s%c", *s == '"' || *s == '\\' ? "\\" : "", *s);
	fmt_printf(b, "\"");
}

static bool tw_text_item(const struct vb_cdtext_item *it)
{
	return it->type <= 0x86 || it->type == 0x8e;
}

/*
 * CD_TEXT { [LANGUAGE_MAP { b : code ... }] LANGUAGE b { KEY "text" } }
 * of the disc (track 0, with the map of every block in use) or a track.
 */
static void tw_cdtext(struct fmt_text *b, const struct vb_disc *d,
		      unsigned track, const char *ind)
{
	static const char *const kw[] = {
		"TITLE",    "PERFORMER", "SONGWRITER", "COMPOSER",
		"ARRANGER", "MESSAGE",	 "DISC_ID",
	};
	bool here[8] = { false }, any[8] = { false }, some = false;
	unsigned blk, i;

	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		if (!tw_text_item(it))
			continue;
		any[it->block] = true;
		some = true;
		if (it->track == track)
			here[it->block] = true;
	}
	if (!some || (track && !memchr(here, true, sizeof(here))))
		return;
	fmt_printf(b, "%sCD_TEXT {\n", ind);
	if (!track) {
		fmt_printf(b, "%s  LANGUAGE_MAP {", ind);
		for (blk = 0; blk < 8; blk++)
			if (any[blk])
				fmt_printf(b, " %u : %u", blk,
					   d->cdtext_lang[blk] ?
						   d->cdtext_lang[blk] :
						   9u);
		fmt_printf(b, " }\n");
	}
	for (blk = 0; blk < 8; blk++) {
		if (!here[blk])
			continue;
		fmt_printf(b, "%s  LANGUAGE %u {\n", ind, blk);
		for (i = 0; i < d->n_cdtext_items; i++) {
			const struct vb_cdtext_item *it = &d->cdtext_items[i];

			if (it->block != blk || it->track != track ||
			    !tw_text_item(it))
				continue;
			fmt_printf(b, "%s    %s ", ind,
				   it->type == 0x8e ?
					   (track ? "ISRC" : "UPC_EAN") :
					   kw[it->type - 0x80]);
			tw_string(b, it->text);
			fmt_printf(b, "\n");
		}
		fmt_printf(b, "%s  }\n", ind);
	}
	fmt_printf(b, "%s}\n", ind);
}

/* Leading / trailing generated sectors of a track. */
static uint32_t tw_lead_zero(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && !t->extents[i].src; i++)
		n += t->extents[i].sectors;
	return n;
}

static uint32_t tw_tail_zero(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = t->n_extents; i > 0 && !t->extents[i - 1].src; i--)
		n += t->extents[i - 1].sectors;
	return n;
}

struct tw_state {
	const struct vb_disc *d;
	struct fmt_text toc;
	struct img_out bin;
	const char *bin_name; /* as written in the TOC */
	const struct vb_progress *prog;
	uint64_t done, total;
};

/*
 * Reads m sectors of a cooked RW_RAW track: each its main channel in
 * f->kind followed by the 96 P-W bytes of a raw+sub read.
 */
static int tw_read_cooked_sub(struct tw_state *w, int32_t lba, uint32_t m,
			      const struct tw_form *f, uint8_t *buf)
{
	const unsigned msz = f->size - 96;
	uint8_t *rs = malloc((size_t)m * 2448);
	uint32_t j;
	int ret;

	if (!rs)
		return -ENOMEM;
	ret = vb_disc_read(w->d, lba, m, VB_READ_RAW_SUB, rs);
	/* main channels packed first, then spread from the last one */
	if (!ret)
		ret = vb_disc_read(w->d, lba, m, f->kind, buf);
	for (j = m; !ret && j-- > 0;) {
		memmove(buf + (size_t)j * f->size, buf + (size_t)j * msz, msz);
		memcpy(buf + (size_t)j * f->size + msz,
		       rs + (size_t)j * 2448 + 2352, 96);
	}
	free(rs);
	return ret;
}

/* Copies sectors to the .bin; audio samples become big-endian. */
static int tw_copy(struct tw_state *w, int32_t lba, uint32_t n,
		   const struct tw_form *f, bool audio)
{
	uint8_t *buf = malloc((size_t)256 * f->size);
	uint32_t k, m, j, i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (k = 0; k < n && !ret; k += m) {
		m = VB_MIN(n - k, 256u);
		if (f->sub && f->kind != VB_READ_RAW_SUB)
			ret = tw_read_cooked_sub(w, lba + (int32_t)k, m, f,
						 buf);
		else
			ret = vb_disc_read(w->d, lba + (int32_t)k, m, f->kind,
					   buf);
		for (j = 0; !ret && audio && j < m; j++) {
			uint8_t *s = buf + (size_t)j * f->size;

			for (i = 0; i < 2352; i += 2) {
				uint8_t x = s[i];

				s[i] = s[i + 1];
				s[i + 1] = x;
			}
		}
		if (!ret)
			ret = img_out_write(&w->bin, buf, (size_t)m * f->size);
		if (!ret && w->prog && w->prog->fn)
			w->prog->fn(w->prog->ctx, w->done + k + m, w->total);
	}
	free(buf);
	w->done += n;
	return ret;
}

static int tw_track(struct tw_state *w, const struct vb_track *t, bool first)
{
	const bool audio = t->mode == VB_MODE_AUDIO;
	const int64_t begin = (int64_t)t->start - t->pregap;
	uint32_t skip = 0, gen, stored, post, i, data;
	struct tw_form f;

	(void)tw_form(t, &f); /* checked by toc_can_write */
	/* sectors before LBA 0 are the implicit 2-second pregap */
	if (first && begin < 0)
		skip = (uint32_t)VB_MIN(-begin, (int64_t)t->pregap);
	gen = tw_lead_zero(t);
	gen = gen > skip ? VB_MIN(gen, t->pregap) - skip : 0;
	stored = t->pregap - skip - gen;
	post = VB_MIN(tw_tail_zero(t), t->length - 1);
	data = stored + t->length - post;
	fmt_printf(&w->toc, "\nTRACK %s%s\n", f.mode, f.sub ? " RW_RAW" : "");
	fmt_printf(&w->toc, "%sCOPY\n", t->ctl & VB_CTL_COPY ? "" : "NO ");
	if (audio) {
		fmt_printf(&w->toc, "%sPRE_EMPHASIS\n",
			   t->ctl & VB_CTL_PREEMPH ? "" : "NO ");
		fmt_printf(&w->toc, "%s_CHANNEL_AUDIO\n",
			   t->ctl & VB_CTL_4CH ? "FOUR" : "TWO");
	}
	if (t->isrc[0]) {
		fmt_printf(&w->toc, "ISRC ");
		tw_string(&w->toc, t->isrc);
		fmt_printf(&w->toc, "\n");
	}
	tw_cdtext(&w->toc, w->d, t->number, "");
	/*
	 * PREGAP is a generated pregap and START at once, and a track has
	 * one START (cdrdao refuses a second): a pregap both generated and
	 * stored is SILENCE/ZERO, the file's sectors, then START at its
	 * whole length.
	 */
	if (gen)
		tw_msf(&w->toc,
		       stored ? audio ? "SILENCE " : "ZERO " : "PREGAP ", gen);
	fmt_printf(&w->toc, "%s ", audio ? "FILE" : "DATAFILE");
	tw_string(&w->toc, w->bin_name);
	fmt_printf(&w->toc, " #%llu%s", (unsigned long long)w->bin.pos,
		   audio ? " 0" : "");
	tw_msf(&w->toc, " ", data);
	if (stored)
		tw_msf(&w->toc, "START ", gen + stored);
	if (post)
		tw_msf(&w->toc, audio ? "SILENCE " : "ZERO ", post);
	for (i = 0; i < t->n_index; i++)
		tw_msf(&w->toc, "INDEX ", t->index[i]);
	return tw_copy(w, t->start - (int32_t)stored, data, &f, audio);
}

int toc_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag)
{
	static const char *const types[] = { "CD_DA", "CD_I", "CD_ROM_XA" };
	struct tw_state w = { .d = d, .prog = opts->prog };
	struct img_out toc = { .fd = -1 };
	const struct vb_session *s = d->sessions[0];
	char *bin = NULL;
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	unsigned i;
	int ret;

	w.bin.fd = -1;
	if (asprintf(&bin, "%.*s.bin",
		     (int)(dot && (!slash || dot > slash) ? dot - path :
							    (long)strlen(path)),
		     path) < 0)
		return -ENOMEM;
	w.bin_name = strrchr(bin, '/') ? strrchr(bin, '/') + 1 : bin;
	for (i = 0; i < d->n_tracks; i++)
		w.total += d->tracks[i]->length;
	ret = img_out_open(&w.bin, bin);
	/* CD_DA also stands for CD-ROM (cdrdao derives it from the modes) */
	fmt_printf(&w.toc, "%s\n",
		   s->disc_type == VB_DISC_TYPE_XA  ? types[2] :
		   s->disc_type == VB_DISC_TYPE_CDI ? types[1] :
		   d->n_tracks && d->tracks[0]->mode != VB_MODE_AUDIO ?
						      "CD_ROM" :
						      types[0]);
	if (d->mcn[0])
		fmt_printf(&w.toc, "CATALOG \"%s\"\n", d->mcn);
	tw_cdtext(&w.toc, d, 0, "");
	for (i = 0; i < d->n_tracks && !ret; i++)
		ret = tw_track(&w, d->tracks[i], i == 0);
	if (!ret)
		ret = w.toc.err;
	if (!ret)
		ret = img_out_open(&toc, path);
	if (!ret)
		ret = img_out_write(&toc, w.toc.s, w.toc.len);
	if (!ret) {
		struct img_out *const set[] = { &w.bin, &toc }; /* toc last */

		ret = img_out_commit_all(set, VB_ARRAY_SIZE(set));
	}
	if (ret) {
		vb_diag_set(diag, path, "writing failed: %s", strerror(-ret));
		if (w.bin.fd >= 0)
			img_out_abort(&w.bin);
		if (toc.fd >= 0)
			img_out_abort(&toc);
	}
	free(w.toc.s);
	free(bin);
	return ret;
}
