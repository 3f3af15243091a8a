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

/* How a track's sectors are recorded: Mode 1 user data into the flat
 * store, everything else raw into the log. */
static struct vb_rec_form track_form(const struct vb_track *t)
{
	struct vb_rec_form f = { .mode = t->mode,
				 .log_size = 2352,
				 .ctl = t->ctl,
				 .isrc = t->isrc };

	if (t->mode == VB_MODE_MODE1)
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
	const enum vb_read_kind kind = f->log_size ? VB_READ_RAW : VB_READ_USER;
	enum vb_sense s = VB_OK;

	while (n && !s) {
		const uint32_t k = VB_MIN(n, (uint32_t)CHUNK);

		if (vb_disc_read(d, lba, k, kind, buf))
			return S_UNRECOVERED_READ_ERROR;
		if (pregap)
			s = vb_medium_write_pregap_audio(m, buf, k);
		else if (f->log_size)
			s = vb_medium_write_log(m, lba, buf, k, f);
		else
			s = vb_medium_write(m, lba, buf, k);
		lba += (int32_t)k;
		n -= k;
	}
	return s;
}

/* Records track t of d into m. */
static enum vb_sense import_track(struct vb_medium *m, const struct vb_disc *d,
				  const struct vb_track *t, uint8_t *buf)
{
	const struct vb_rec_form f = track_form(t);
	enum vb_sense s = VB_OK;

	/* PCM stored in an audio pregap is kept for the track it leads to
	 * (SAO INDEX 00, a hidden track before track 1) */
	if (t->mode == VB_MODE_AUDIO && pregap_stored(t))
		s = copy_sectors(m, d, t->start - (int32_t)t->pregap, t->pregap,
				 &f, true, buf);
	if (!s)
		s = vb_medium_begin_track(m, t->start, &f);
	if (!s)
		s = copy_sectors(m, d, t->start, t->length, &f, false, buf);
	for (unsigned k = 0; k < t->n_index && !s; k++)
		s = vb_medium_set_index(m, (uint8_t)(k + 2),
					t->start + (int32_t)t->index[k]);
	return s ? s : vb_medium_close_track(m);
}

int vb_medium_import(struct vb_medium *m, const struct vb_disc *d, char *err,
		     size_t errlen)
{
	uint8_t *buf = malloc((size_t)CHUNK * 2352);
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
	for (unsigned i = 0; i < d->n_sessions && !s; i++) {
		const struct vb_session *se = d->sessions[i];

		for (unsigned k = 0; k < se->count && !s; k++)
			s = import_track(m, d, d->tracks[se->first + k], buf);
		if (!s)
			s = vb_medium_close_session(m, true);
		if (!s && vb_medium_finalized(m))
			s = S_END_OF_USER_AREA; /* no room left to append */
	}
	free(buf);
	if (s) {
		snprintf(err, errlen, "%s: cannot record the image's disc: %s",
			 m->path, vb_sense_def(s)->text);
		return -EIO;
	}
	return 0;
}
