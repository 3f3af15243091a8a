/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a written image lost (docs/architecture.md: a capture is a
 * faithful view of the disc, and where a format cannot hold something it
 * says so). The
 * image is read back by its own reader and compared with the disc it was
 * written from, fact by fact: sessions, tracks and their layout, modes,
 * CONTROL, ISRCs, index points, the MCN, CD-TEXT strings, and the PCM the
 * host sent for audio pregaps (a hidden track before track 1 that a CUE
 * cannot place). Sectors inside the tracks are the writers' business and
 * their tests'; reading every sector back would double the cost of a
 * capture.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/disc.h"

/* Fills what and returns 1. */
static int lost(char *what, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int lost(char *what, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, len, fmt, ap);
	va_end(ap);
	return 1;
}

/* Data or audio, and for data Mode 1 or Mode 2: XA forms are one class,
 * as readers may tell a mixed track by its first sector's form. */
static int mode_class(enum vb_track_mode m)
{
	switch (m) {
	case VB_MODE_AUDIO:
		return 0;
	case VB_MODE_MODE1:
		return 1;
	case VB_MODE_MODE2:
		return 2;
	default:
		return 3;
	}
}

static bool has_item(const struct vb_disc *d, const struct vb_cdtext_item *x)
{
	for (unsigned k = 0; k < d->n_cdtext_items; k++) {
		const struct vb_cdtext_item *y = &d->cdtext_items[k];

		if (y->block == x->block && y->type == x->type &&
		    y->track == x->track && !strcmp(y->text, x->text))
			return true;
	}
	return false;
}

/* The first sector of an audio track's pregap reads the same. */
static bool same_pregap(const struct vb_disc *a, const struct vb_disc *b,
			const struct vb_track *t)
{
	uint8_t *x = malloc(2352), *y = malloc(2352);
	const int32_t lba = t->start - (int32_t)t->pregap;
	bool same = x && y && !vb_disc_read(a, lba, 1, VB_READ_RAW, x) &&
		    !vb_disc_read(b, lba, 1, VB_READ_RAW, y) &&
		    !memcmp(x, y, 2352);

	free(x);
	free(y);
	return same;
}

static int track_lost(const struct vb_disc *want, const struct vb_disc *got,
		      unsigned i, char *what, size_t len)
{
	const struct vb_track *s = want->tracks[i], *t = got->tracks[i];

	if (s->start != t->start || s->length != t->length ||
	    s->session != t->session)
		return lost(what, len, "track %u's place", s->number);
	if (mode_class(s->mode) != mode_class(t->mode))
		return lost(what, len, "track %u's mode", s->number);
	if (s->ctl != t->ctl)
		return lost(what, len, "track %u's CONTROL bits", s->number);
	if (strcmp(s->isrc, t->isrc))
		return lost(what, len, "track %u's ISRC", s->number);
	if (s->n_index != t->n_index ||
	    memcmp(s->index, t->index, sizeof(s->index[0]) * s->n_index))
		return lost(what, len, "track %u's index points", s->number);
	if (s->mode == VB_MODE_AUDIO && s->pregap && !same_pregap(want, got, s))
		return lost(what, len, "the audio in track %u's pregap",
			    s->number);
	return 0;
}

int vb_disc_lost(const struct vb_disc *want, const struct vb_disc *got,
		 char *what, size_t len)
{
	if (want->n_sessions != got->n_sessions)
		return lost(what, len, "%u sessions (it holds %u)",
			    want->n_sessions, got->n_sessions);
	if (want->n_tracks != got->n_tracks)
		return lost(what, len, "%u tracks (it holds %u)",
			    want->n_tracks, got->n_tracks);
	/* pregaps first: a format that moves a stored pregap to the end of
	 * the track before it changes that track's length too */
	for (unsigned i = 0; i < want->n_tracks; i++)
		if (want->tracks[i]->pregap != got->tracks[i]->pregap)
			return lost(what, len, "track %u's pregap",
				    want->tracks[i]->number);
	for (unsigned i = 0; i < want->n_tracks; i++)
		if (track_lost(want, got, i, what, len))
			return 1;
	if (strcmp(want->mcn, got->mcn))
		return lost(what, len, "the MCN");
	for (unsigned i = 0; i < want->n_cdtext_items; i++)
		if (!has_item(got, &want->cdtext_items[i]))
			return lost(what, len, "CD-TEXT");
	return 0;
}
