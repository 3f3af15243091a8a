/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of what each image format holds, for the round-trip matrix
 * (tests/check_matrix.c) and fuzz_write's oracle (fuzz/fuzz_write.c), so
 * that both apply one rule: per format the TOC facts it keeps, whose
 * subchannel it stores, and the discs it cannot hold (where a refusal
 * is the right answer), each entry citing docs/formats.md; plus the rules for
 * pregaps, whose keeping depends on how the input stores them. Included
 * by those two files (a tests/ file that is not check_*.c is not compiled
 * on its own), hence static functions, inline where one of them may not
 * use it.
 */
#ifndef VBURN_TESTS_MATRIX_CAPS_H
#define VBURN_TESTS_MATRIX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"

#define H_MODE 0x001   /* track modes (Mode 1, XA forms, audio), disc type */
#define H_TRACKS 0x002 /* track boundaries inside a session */
#define H_CTL 0x004    /* CONTROL nibble (copy, pre-emphasis) */
#define H_PREGAP 0x008 /* INDEX 00 lengths, stored or generated */
#define H_PREGAP_GEN 0x010 /* only generated ones (and each session's 1st) */
#define H_INDEX 0x020	   /* INDEX 02..99 */
#define H_ISRC 0x040
#define H_MCN 0x080
#define H_CDTEXT 0x100	 /* CD-TEXT strings, every block and type */
#define H_RAW 0x400	 /* the 2352 bytes of every sector */
#define H_NUMBER 0x800	 /* track numbers */
#define H_KIND 0x1000	 /* the medium: CD, DVD or BD */
#define H_POSTGAP 0x2000 /* a postgap apart (others keep its sectors) */

/* Which tracks' subchannel a format stores. */
enum sub_rule {
	SUB_NONE,   /* none */
	SUB_AUDIO,  /* a stored P-W of audio tracks */
	SUB_RAW,    /* a stored P-W of tracks it stores raw */
	SUB_STORED, /* a stored P-W of any track */
	SUB_ALWAYS, /* every sector, generated P/Q when none is stored */
};

struct caps {
	const char *name, *ext;
	unsigned holds;
	enum sub_rule sub;
	/* 1: the format cannot hold d (a refusal is expected), 0: it can */
	int (*cannot)(const struct vb_disc *d);
};

/* Leading generated (not stored) sectors of a track's pregap. */
static inline uint32_t lead_gen(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && !t->extents[i].src; i++)
		n += t->extents[i].sectors;
	return VB_MIN(n, t->pregap);
}

/* Is sector lba of d generated (no stored bytes)? */
static inline bool generated(const struct vb_disc *d, int32_t lba)
{
	const struct vb_track *t = vb_disc_track_at(d, lba);
	uint32_t off;
	unsigned k;

	if (!t)
		return false;
	off = (uint32_t)(lba - (t->start - (int32_t)t->pregap));
	for (k = 0; k < t->n_extents; k++) {
		if (off < t->extents[k].sectors)
			return !t->extents[k].src;
		off -= t->extents[k].sectors;
	}
	return false;
}

static inline bool has_mode(const struct vb_disc *d, enum vb_track_mode m)
{
	unsigned i;

	for (i = 0; i < d->n_tracks; i++)
		if (d->tracks[i]->mode == m)
			return true;
	return false;
}

/* Tracks of a session back to back (formats that have no holes). */
static inline bool has_holes(const struct vb_disc *d)
{
	unsigned i;

	for (i = 1; i < d->n_tracks; i++) {
		const struct vb_track *p = d->tracks[i - 1], *t = d->tracks[i];

		if (p->session == t->session &&
		    p->start + (int64_t)p->length !=
			    t->start - (int64_t)t->pregap)
			return true;
	}
	return false;
}

/*
 * ISO (docs/formats.md 5.1): 2048-byte Mode 1 / Form 1 user data at LBA *
 * 2048, nothing else: no audio, Form 2 or formless Mode 2, nothing before
 * LBA 0. Sessions survive through their volume descriptors (5.2).
 */
static int iso_cannot(const struct vb_disc *d)
{
	return has_mode(d, VB_MODE_AUDIO) || has_mode(d, VB_MODE_MODE2) ||
	       has_mode(d, VB_MODE_MODE2_FORM2) || has_mode(d, VB_MODE_MODE0) ||
	       d->tracks[0]->start < 0 ||
	       has_mode(d, VB_MODE_MODE2_MIXED); /* its Form 2 sectors */
}

/*
 * CUE (docs/formats.md 4.1): tracks back to back in a FILE, later sessions
 * (REM SESSION) at the standard gap. Formless Mode 2 has no type:
 * MODE2/2336 and MODE2/2352 are XA to libmirage (and our reader).
 */
static int cue_cannot(const struct vb_disc *d)
{
	unsigned i;

	if (has_holes(d) || has_mode(d, VB_MODE_MODE2))
		return 1;
	for (i = 1; i < d->n_sessions; i++) {
		const struct vb_track *t = d->tracks[d->sessions[i]->first];

		if (t->start - (int64_t)t->pregap !=
		    d->sessions[i - 1]->leadout + (i == 1 ? 11250 : 6750))
			return 1;
	}
	return 0;
}

/* Tracks numbered 1, 2, ... (what a format without numbers gives). */
static inline bool renumbered(const struct vb_disc *d)
{
	unsigned i;

	for (i = 0; i < d->n_tracks; i++)
		if (d->tracks[i]->number != i + 1)
			return true;
	return false;
}

/*
 * cdrdao TOC (docs/formats.md 4.2): one session per file, no holes, tracks
 * numbered from 1 (TRACK has no number).
 */
static int toc_cannot(const struct vb_disc *d)
{
	return d->n_sessions > 1 || has_holes(d) || renumbered(d) ||
	       d->tracks[0]->start - (int64_t)d->tracks[0]->pregap < -150;
}

/* Track numbers of a session not one by one. */
static inline bool number_gaps(const struct vb_disc *d)
{
	unsigned i;

	for (i = 1; i < d->n_tracks; i++)
		if (d->tracks[i]->session == d->tracks[i - 1]->session &&
		    d->tracks[i]->number != d->tracks[i - 1]->number + 1)
			return true;
	return false;
}

/*
 * NRG: no mode code for formless Mode 2 or Mode 0 (docs/formats.md 1.5); a
 * DAOX chunk numbers a session's tracks one by one (1.4).
 */
static int nrg_cannot(const struct vb_disc *d)
{
	return has_mode(d, VB_MODE_MODE2) || has_mode(d, VB_MODE_MODE0) ||
	       has_holes(d) || number_gaps(d);
}

/* CloneCD (docs/formats.md 2): CDs from LBA 0 up to 99:59:74. */
static int ccd_cannot(const struct vb_disc *d)
{
	return d->kind != VB_DISC_CD || d->tracks[0]->start < 0;
}

/*
 * Does a session's first track store pregap sectors with data (samples,
 * user data, Form 2 or formless payload: not zeros)?
 */
static inline bool first_pregap_data(const struct vb_disc *d)
{
	static uint8_t b[2352];
	unsigned s, k, from, n;
	int32_t l;

	for (s = 0; s < d->n_sessions; s++) {
		const struct vb_track *t = d->tracks[d->sessions[s]->first];

		for (l = t->start - (int32_t)t->pregap; l < t->start; l++) {
			if (generated(d, l))
				continue;
			from = 0;
			n = 2048;
			if (t->mode == VB_MODE_AUDIO) {
				n = 2352;
				if (vb_disc_read(d, l, 1, VB_READ_RAW, b))
					continue;
			} else if (vb_disc_read(d, l, 1, VB_READ_USER, b)) {
				/* XA Form 2: subheader, 2324 bytes, EDC */
				const bool xa = t->mode != VB_MODE_MODE2 &&
						t->mode != VB_MODE_MODE0;

				from = xa ? 8 : 0;
				n = xa ? 8 + 2324 : 2336;
				if (vb_disc_read(d, l, 1, VB_READ_MODE2, b))
					continue;
			}
			for (k = from; k < n; k++)
				if (b[k])
					return true;
		}
	}
	return false;
}

/*
 * MDS v1 (docs/formats.md 3): CD and DVD, tracks from LBA 0; the pregap of a
 * session's first track is generated by readers, so one holding data is
 * refused.
 */
static int mds_cannot(const struct vb_disc *d)
{
	return d->kind == VB_DISC_BD || d->tracks[0]->start < 0 ||
	       (d->kind == VB_DISC_CD && first_pregap_data(d));
}

static const struct caps caps[] = {
	/* user data at absolute LBAs and the sessions, nothing else */
	{ "iso", "iso", 0, SUB_NONE, iso_cannot },
	/*
	 * Everything but subchannel of data tracks (CDG is audio only);
	 * CD-TEXT as TITLE/PERFORMER/SONGWRITER lines plus, for anything
	 * else, a CDTEXTFILE of packs.
	 */
	{ "cue", "cue",
	  H_MODE | H_TRACKS | H_CTL | H_PREGAP | H_INDEX | H_ISRC | H_MCN |
		  H_CDTEXT | H_RAW | H_NUMBER | H_POSTGAP,
	  SUB_AUDIO, cue_cannot },
	/*
	 * Everything (a disc not numbered from 1 is refused: TRACK has no
	 * number); RW_RAW for every mode (docs/formats.md 4.2 table), cooked
	 * ones too.
	 */
	{ "toc", "toc",
	  H_MODE | H_TRACKS | H_CTL | H_PREGAP | H_INDEX | H_ISRC | H_MCN |
		  H_CDTEXT | H_RAW | H_NUMBER,
	  SUB_STORED, toc_cannot },
	/*
	 * Everything (MTYP the medium, 1.7); P-W only with the raw mode
	 * codes 0x0F/0x10/0x11
	 */
	{ "nrg", "nrg",
	  H_MODE | H_TRACKS | H_CTL | H_PREGAP | H_INDEX | H_ISRC | H_MCN |
		  H_CDTEXT | H_RAW | H_NUMBER | H_KIND,
	  SUB_RAW, nrg_cannot },
	/* Everything, and a .sub for every sector */
	{ "ccd", "ccd",
	  H_MODE | H_TRACKS | H_CTL | H_PREGAP | H_INDEX | H_ISRC | H_MCN |
		  H_CDTEXT | H_RAW | H_NUMBER,
	  SUB_ALWAYS, ccd_cannot },
	/*
	 * The medium type (3.2). No INDEX 00 in the .mdf (only the extra
	 * block's generated pregap), no INDEX 02+, ISRC, MCN or CD-TEXT in
	 * MDS v1 (docs/formats.md 3.4-3.5); P-W with subchannel mode 0x08
	 * (2448-byte sectors). A
	 * stored INDEX 00 becomes the previous track's tail (its raw
	 * sectors stay); that of a session's first track is generated
	 * again, so one holding data is refused (mds_cannot) and one of
	 * zeros may come back with other sync/header bytes (KEEP_NONE).
	 */
	{ "mds", "mds",
	  H_MODE | H_TRACKS | H_CTL | H_PREGAP_GEN | H_RAW | H_NUMBER | H_KIND,
	  SUB_STORED, mds_cannot },
};

#define N_FMT VB_ARRAY_SIZE(caps)

/* Does format f store the subchannel of track t (as held in its input)? */
static inline bool sub_held(unsigned f, const struct vb_track *t)
{
	const bool stored = vb_track_sub(t) != VB_SUB_NONE;

	switch (caps[f].sub) {
	case SUB_AUDIO:
		return stored && t->mode == VB_MODE_AUDIO;
	case SUB_RAW:
		return stored && (t->mode == VB_MODE_AUDIO ||
				  vb_track_sector_size(t) >= 2352);
	case SUB_STORED:
		return stored;
	case SUB_ALWAYS:
		return true;
	default:
		return false;
	}
}

enum { KEEP_NONE, KEEP_RAW, KEEP_ALL };

/*
 * What format f keeps of sector lba of its input d: all of it, only its
 * raw bytes (a stored INDEX 00 that MDS files under the previous track,
 * whose mode then applies), or nothing (the stored pregap of a session's
 * first track, which MDS generates again: zeros, or it refuses the disc).
 */
static inline int keeps(unsigned f, const struct vb_disc *d, int32_t lba)
{
	const struct vb_track *t = vb_disc_track_at(d, lba);

	if (!t || lba >= t->start || !(caps[f].holds & H_PREGAP_GEN) ||
	    generated(d, lba))
		return KEEP_ALL;
	return t == d->tracks[d->sessions[t->session - 1]->first] ? KEEP_NONE :
								    KEEP_RAW;
}

/* Does format f keep the pregap of track i of its input disc d? */
static inline bool pregap_held(unsigned f, const struct vb_disc *d, unsigned i)
{
	const struct vb_track *t = d->tracks[i];

	if (caps[f].holds & H_PREGAP)
		return true;
	if (!(caps[f].holds & H_PREGAP_GEN))
		return false;
	return i == d->sessions[t->session - 1]->first ||
	       lead_gen(t) == t->pregap;
}

#endif
