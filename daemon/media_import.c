/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Appending to a loaded image (`vburnctl load DRIVE IMAGE --writable`,
 * issue "record everything"): the image's disc is recorded into a fresh
 * blank medium as a burner would have written it, session by session,
 * through the medium's own functions (begin track, write, index points,
 * close track and session), and the disc stays appendable. From then on
 * it is an ordinary recording: new sessions go into the same fresh store,
 * the manifest and the capture hold every session, and the image files
 * that were loaded are only read, never modified. Copying costs one read
 * of the image; in return every later path (reads, the ISO view of the
 * last session, captures, the manifest) is the one burns use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/bytes.h"
#include "vburn/log.h"

#define CHUNK 32 /* sectors per copy */

/*
 * How a track's sectors are recorded: Mode 1 user data into the flat
 * store, everything else raw into the log; with rw, raw into the log
 * each with its 96 bytes of subchannel, whose R-W the drive keeps as it
 * keeps a recording's (docs/architecture.md "The store").
 */
static struct vb_rec_form track_form(const struct vb_track *t, bool rw)
{
	struct vb_rec_form f = { .mode = t->mode,
				 .log_size = 2352,
				 .rw = rw,
				 .ctl = t->ctl,
				 .isrc = t->isrc };

	if (t->mode == VB_MODE_MODE1 && !rw)
		f.log_size = 0;
	return f;
}

/* Does the image store the first sector of t's pregap (not generated)? */
static bool pregap_stored(const struct vb_track *t)
{
	return t->pregap && t->n_extents && t->extents[0].data != VB_DATA_ZERO;
}

/* Copies n sectors of d from lba into m with form f. */
static enum vb_sense copy_sectors(struct vb_medium *m, const struct vb_disc *d,
				  int32_t lba, uint32_t n,
				  const struct vb_rec_form *f, bool pregap,
				  uint8_t *buf)
{
	const enum vb_read_kind kind = f->rw	   ? VB_READ_RAW_SUB :
				       f->log_size ? VB_READ_RAW :
						     VB_READ_USER;
	enum vb_sense s = VB_OK;

	while (n && !s) {
		const uint32_t k = VB_MIN(n, (uint32_t)CHUNK);

		if (vb_disc_read(d, lba, k, kind, buf))
			return S_UNRECOVERED_READ_ERROR;
		if (pregap)
			s = vb_medium_write_pregap_audio(m, buf, k, f->rw);
		else if (f->log_size)
			s = vb_medium_write_log(m, lba, buf, k, f);
		else
			s = vb_medium_write(m, lba, buf, k);
		lba += (int32_t)k;
		n -= k;
	}
	return s;
}

/*
 * Records track t of d into m up to end (exclusive; t's own end for the
 * whole track), closing it unless left_open.
 */
static enum vb_sense import_track(struct vb_medium *m, const struct vb_disc *d,
				  const struct vb_track *t, int32_t end,
				  bool left_open, uint8_t *buf)
{
	struct vb_rec_form f;
	enum vb_sense s = VB_OK;
	bool rw;

	if (vb_track_has_rw(d, t, &rw))
		return S_UNRECOVERED_READ_ERROR;
	f = track_form(t, rw);

	/* PCM stored in an audio pregap is kept for the track it leads to
	 * (SAO INDEX 00, a hidden track before track 1) */
	if (t->mode == VB_MODE_AUDIO && pregap_stored(t))
		s = copy_sectors(m, d, t->start - (int32_t)t->pregap, t->pregap,
				 &f, true, buf);
	if (!s)
		s = vb_medium_begin_track(m, t->start, &f);
	if (!s)
		s = copy_sectors(m, d, t->start, (uint32_t)(end - t->start), &f,
				 false, buf);
	for (unsigned k = 0; k < t->n_index && !s; k++)
		if (t->start + (int32_t)t->index[k] < end)
			s = vb_medium_set_index(m, (uint8_t)(k + 2),
						t->start +
							(int32_t)t->index[k]);
	return s || left_open ? s : vb_medium_close_track(m);
}

/*
 * What of a disc is recorded: its first `sessions` sessions, all closed
 * but, with open, the last, of which only `tracks` tracks are kept (all
 * when negative), the last of them cut at tail and left open when tail
 * is not negative.
 */
struct import_cut {
	unsigned sessions;
	bool open;
	int tracks;
	int32_t tail;
};

static enum vb_sense import_cut(struct vb_medium *m, const struct vb_disc *d,
				const struct import_cut *cut)
{
	uint8_t *buf = malloc((size_t)CHUNK * 2448);
	enum vb_sense s = buf ? VB_OK : S_WRITE_ERROR;
	uint8_t *packs = NULL;
	size_t len = 0;

	vb_medium_set_mcn(m, d->mcn);
	if (d->cdtext_len)
		s = vb_medium_set_cdtext(m, d->cdtext, d->cdtext_len) ?
			    S_WRITE_ERROR :
			    VB_OK;
	else if (d->n_cdtext_items && !vb_cdtext_encode(d, &packs, &len))
		s = vb_medium_set_cdtext(m, packs, len) ? S_WRITE_ERROR : VB_OK;
	free(packs);
	for (unsigned i = 0; i < cut->sessions && !s; i++) {
		const struct vb_session *se = d->sessions[i];
		const bool last = i + 1 == cut->sessions;
		unsigned n = se->count;

		if (last && cut->tracks >= 0)
			n = VB_MIN(n, (unsigned)cut->tracks);
		for (unsigned k = 0; k < n && !s; k++) {
			const struct vb_track *t = d->tracks[se->first + k];
			const bool cut_here =
				last && k + 1 == n && cut->tail >= 0;

			s = import_track(m, d, t,
					 cut_here ?
						 cut->tail :
						 t->start + (int32_t)t->length,
					 cut_here, buf);
		}
		if (!s && !(last && cut->open))
			s = vb_medium_close_session(m, true);
		if (!s && vb_medium_finalized(m))
			s = S_END_OF_USER_AREA; /* no room left to append */
	}
	free(buf);
	return s;
}

int vb_medium_import(struct vb_medium *m, const struct vb_disc *d, char *err,
		     size_t errlen)
{
	const struct import_cut all = { d->n_sessions, false, -1, -1 };
	const enum vb_sense s = import_cut(m, d, &all);

	if (s) {
		snprintf(err, errlen, "%s: cannot record the image's disc: %s",
			 m->path, vb_sense_def(s)->text);
		return -EIO;
	}
	return 0;
}

/* The tracks of src's open session that hold sectors (media_disc.c's
 * read view), and the last of them in *last (NULL when none). */
static int open_tracks(const struct vb_medium *src,
		       const struct media_track **last)
{
	int n = 0;

	*last = NULL;
	for (int i = 0; i < src->ntracks; i++)
		if (src->tracks[i].session > src->nsessions_closed &&
		    src->tracks[i].length > 0) {
			n++;
			*last = &src->tracks[i];
		}
	return n;
}

/*
 * BLANK types 2-6 (MMC-6 6.2, Table 40): what of src's disc stays.
 * Types 2-4 act on the incomplete (open) session only, 5 on a complete
 * last session; anything else is 05/24/00.
 */
static enum vb_sense blank_cut(const struct vb_medium *src, uint8_t type,
			       uint32_t arg, struct import_cut *cut)
{
	const struct media_track *last;
	const int n_open = open_tracks(src, &last);
	const unsigned closed = (unsigned)src->nsessions_closed;

	*cut = (struct import_cut){ closed, false, -1, -1 };
	switch (type) {
	case 6: /* erase session: the open one, else the last closed */
		if (!n_open && closed)
			cut->sessions = closed - 1;
		return VB_OK;
	case 5: /* unclose the last session: it takes tracks again */
		if (n_open || !closed)
			return S_INVALID_FIELD_IN_CDB;
		cut->open = true;
		return VB_OK;
	case 2: /* blank a track: START ADDRESS is its number */
	case 3: /* unreserve a track: the incomplete or reserved one */
		if (!n_open ||
		    (type == 2 && arg != (uint32_t)(last - src->tracks + 1)) ||
		    (type == 3 && last->closed && !last->reserved))
			return S_INVALID_FIELD_IN_CDB;
		if (n_open > 1)
			*cut = (struct import_cut){ closed + 1, true,
						    n_open - 1, -1 };
		return VB_OK;
	case 4: /* blank a track tail: from the LBA in START ADDRESS */
		if (!n_open || (int32_t)arg < last->start ||
		    (int32_t)arg >= last->start + (int32_t)last->length)
			return S_INVALID_FIELD_IN_CDB;
		*cut = (struct import_cut){ closed + 1, true, n_open,
					    (int32_t)arg };
		return VB_OK;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}

enum vb_sense vb_medium_blank_part(struct vb_medium *m, struct vb_medium *src,
				   uint8_t type, uint32_t arg)
{
	const struct vb_disc *d;
	struct import_cut cut;
	enum vb_sense s = blank_cut(src, type, arg, &cut);

	if (s || !m)
		return s;
	d = vb_medium_disc(src);
	if (!d || !cut.sessions)
		return VB_OK; /* nothing stays: a blank disc */
	s = import_cut(m, d, &cut);
	if (s)
		log_err("%s: blank type %u: cannot record what stays of %s: %s",
			m->path, type, src->path, vb_sense_def(s)->text);
	return s;
}
