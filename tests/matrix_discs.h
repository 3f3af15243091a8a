/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Synthetic source discs for the format round-trip matrix
 * (tests/check_matrix.c), built in memory with the disc model API: every
 * sector is made through the sector module, so a raw read of any of them
 * is exactly what a reader that stores it raw gives back. Included by
 * check_matrix.c only (a tests/ file that is not check_*.c is not
 * compiled on its own), hence static functions.
 */
#ifndef VBURN_TESTS_MATRIX_DISCS_H
#define VBURN_TESTS_MATRIX_DISCS_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/sector.h"

/* A byte of pseudo-random sector content (xorshift of lba and offset). */
static uint8_t md_byte(int32_t lba, uint32_t off, uint32_t salt)
{
	uint32_t x = (uint32_t)lba * 2654435761u ^ off * 40503u ^ salt;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return (uint8_t)x;
}

/*
 * Appends a stored extent of n sectors over a copy of buf (size bytes per
 * sector, the last 96 a P-W subchannel if sub).
 */
static void md_add(struct vb_track *t, const uint8_t *buf, uint32_t n,
		   unsigned size, enum vb_data_fmt fmt, enum vb_sub_fmt sub)
{
	struct vb_extent e = {
		.sectors = n,
		.data = fmt,
		.stride = size,
		.data_size = (uint16_t)(sub ? size - 96 : size),
		.sub = sub,
	};

	ck_assert_int_eq(
		vb_src_new_mem(&e.src, buf, (size_t)n * size, "matrix"), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
}

/*
 * n Mode 1 user-data sectors from lba; an ISO 9660 PVD at session
 * sector 16 (session start s0) whose volume space size vss is absolute,
 * as growisofs writes it, so the ISO reader finds every session.
 */
static void md_mode1(struct vb_track *t, int32_t lba, uint32_t n, int32_t s0,
		     uint32_t vss)
{
	uint8_t *buf = malloc((size_t)n * 2048);
	uint32_t i, k;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++)
		for (k = 0; k < 2048; k++)
			buf[i * 2048 + k] = md_byte(lba + (int32_t)i, k, 1);
	if (s0 + 16 >= lba && s0 + 16 < lba + (int32_t)n) {
		uint8_t *p = buf + (size_t)(s0 + 16 - lba) * 2048;

		memset(p, 0, 2048);
		memcpy(p, "\1CD001\1", 7);
		put_le32(p + 80, vss);
		put_be32(p + 84, vss);
		memcpy(p + 2048 - 8, "\377CD001\1", 7);
	}
	md_add(t, buf, n, 2048, VB_DATA_USER, VB_SUB_NONE);
	free(buf);
}

/* n audio sectors from lba (2352, little-endian PCM), salt per track. */
static void md_audio(struct vb_track *t, int32_t lba, uint32_t n, uint32_t salt)
{
	uint8_t *buf = malloc((size_t)n * 2352);
	uint32_t i, k;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++)
		for (k = 0; k < 2352; k++)
			buf[i * 2352 + k] = md_byte(lba + (int32_t)i, k, salt);
	md_add(t, buf, n, 2352, VB_DATA_RAW, VB_SUB_NONE);
	free(buf);
}

/*
 * n XA sectors from lba stored as 2336 bytes (subheader + data + EDC/ECC
 * as the sector module makes them): form 1 (form 0), form 2 (form 2) or
 * alternating (form -1, a "mixed" track). With user2324, stored as the
 * 2324 Form 2 user bytes only (CUE MODE2/2324, cdrdao MODE2_FORM2).
 */
static void md_xa(struct vb_track *t, int32_t lba, uint32_t n, int form,
		  bool user2324)
{
	const unsigned size = user2324 ? 2324 : 2336;
	uint8_t *buf = malloc((size_t)n * size), raw[2352], user[2332];
	uint32_t i, k;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++) {
		const int32_t l = lba + (int32_t)i;
		const bool f2 = form == 2 || (form < 0 && (i & 1));
		const uint8_t sm = f2 ? 0x20 : 0x08;

		/* file 1, channel 0, submode, coding: twice (docs/formats.md 6.1) */
		memset(user, 0, sizeof(user));
		user[0] = user[4] = 1;
		user[2] = user[6] = sm;
		for (k = 8; k < (f2 ? 2332u : 2056u); k++)
			user[k] = md_byte(l, k, 3);
		if (!f2 && l == 16) {
			memset(user + 8, 0, 2048);
			memcpy(user + 8, "\1CD001\1", 7);
			put_le32(user + 8 + 80, (uint32_t)(lba + (int32_t)n));
			put_be32(user + 8 + 84, (uint32_t)(lba + (int32_t)n));
		}
		ck_assert_int_eq(vb_sector_encode_mode2(raw, l, user),
				 f2 ? VB_SECTOR_MODE2_FORM2 :
				      VB_SECTOR_MODE2_FORM1);
		if (user2324)
			memcpy(buf + (size_t)i * size, raw + 24, 2324);
		else
			memcpy(buf + (size_t)i * size, raw + 16, 2336);
	}
	md_add(t, buf, n, size, VB_DATA_USER, VB_SUB_NONE);
	free(buf);
}

/* n formless Mode 2 sectors (2336 user bytes, no EDC/ECC). */
static void md_mode2(struct vb_track *t, int32_t lba, uint32_t n)
{
	uint8_t *buf = malloc((size_t)n * 2336);
	uint32_t i, k;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++)
		for (k = 0; k < 2336; k++)
			buf[i * 2336 + k] = md_byte(lba + (int32_t)i, k, 5);
	md_add(t, buf, n, 2336, VB_DATA_USER, VB_SUB_NONE);
	free(buf);
}

/* A track of the last session with the fields the builders set. */
static struct vb_track *md_track(struct vb_disc *d, enum vb_track_mode mode,
				 uint8_t ctl, int32_t start, uint32_t pregap,
				 uint32_t length, const char *isrc)
{
	struct vb_track *t = vb_disc_add_track(d);

	ck_assert_ptr_nonnull(t);
	t->mode = mode;
	t->ctl = ctl;
	t->start = start;
	t->pregap = pregap;
	t->length = length;
	if (isrc)
		strcpy(t->isrc, isrc);
	return t;
}

static struct vb_disc *md_finish(struct vb_disc *d)
{
	struct vb_diag diag = { "" };

	ck_assert_msg(!vb_disc_finish(d, "matrix", &diag), "%s", diag.msg);
	return d;
}

/* (a) One session, one Mode 1 track of 200 sectors: a plain data CD. */
static struct vb_disc *md_data(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, 0, 150, 200, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode1(t, 0, 200, 0, 200);
	return md_finish(d);
}

/*
 * (b) Mixed mode: track 1 Mode 1 (100), then audio: track 2 with a
 * stored 75-sector INDEX 00 (non-silent), track 3 with no pregap, copy
 * and pre-emphasis flags and an INDEX 02, track 4 with a generated
 * 30-sector pregap (CUE PREGAP), an INDEX 02 and 03 and a generated
 * 10-sector postgap (CUE POSTGAP). MCN, an ISRC per audio track, CD-TEXT
 * title and performer for the disc and tracks, a composer and a French
 * block.
 */
static struct vb_disc *md_mixed(void)
{
	static const char *const isrc[] = {
		"USEM39600078",
		"GBAYE0000351",
		"DEA620512345",
	};
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	char s[64];
	unsigned i;

	vb_disc_add_session(d);
	strcpy(d->mcn, "0000010271955");
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, 0, 150, 100, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode1(t, 0, 100, 0, 100);
	t = md_track(d, VB_MODE_AUDIO, 0, 175, 75, 60, isrc[0]);
	md_audio(t, 100, 135, 2);
	t = md_track(d, VB_MODE_AUDIO, VB_CTL_COPY | VB_CTL_PREEMPH, 235, 0, 50,
		     isrc[1]);
	md_audio(t, 235, 50, 3);
	ck_assert_int_eq(vb_track_add_index(t, 20), 0);
	t = md_track(d, VB_MODE_AUDIO, VB_CTL_COPY, 315, 30, 50, isrc[2]);
	ck_assert_int_eq(vb_track_add_zero(t, 30), 0);
	md_audio(t, 315, 40, 4);
	ck_assert_int_eq(vb_track_add_zero(t, 10), 0); /* CUE POSTGAP */
	t->postgap = 10;
	ck_assert_int_eq(vb_track_add_index(t, 10), 0);
	ck_assert_int_eq(vb_track_add_index(t, 25), 0);
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 0,
						 "Matrix Disc"),
			 0);
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_PERFORMER, 0,
						 "The Formats"),
			 0);
	/* beyond what CUE commands hold: a composer and a second block */
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_COMPOSER, 0,
						 "A. Composer"),
			 0);
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 1, VB_CDTEXT_TITLE, 0,
						 "Disque matrice"),
			 0);
	d->cdtext_lang[0] = 0x09; /* English (MMC Annex J language codes) */
	d->cdtext_lang[1] = 0x0f; /* French */
	for (i = 1; i <= 4; i++) {
		snprintf(s, sizeof(s), "Track %u title", i);
		ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE,
							 (uint8_t)i, s),
				 0);
		snprintf(s, sizeof(s), "Performer %u", i);
		ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0,
							 VB_CDTEXT_PERFORMER,
							 (uint8_t)i, s),
				 0);
	}
	return md_finish(d);
}

/*
 * (c) Enhanced CD: session 1 two audio tracks (the second with a stored
 * 20-sector INDEX 00), session 2 one Mode 1 track at lead-out + 11400
 * (docs/formats.md 5.3) with a PVD. MCN and an ISRC on track 1.
 */
static struct vb_disc *md_enhanced(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	const int32_t s2 = 120 + 11400;

	vb_disc_add_session(d);
	strcpy(d->mcn, "4006381333931");
	t = md_track(d, VB_MODE_AUDIO, 0, 0, 150, 60, "USEM39600078");
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_audio(t, 0, 60, 6);
	t = md_track(d, VB_MODE_AUDIO, 0, 80, 20, 40, NULL);
	md_audio(t, 60, 60, 7);
	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, s2, 150, 80, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode1(t, s2, 80, s2, (uint32_t)s2 + 80);
	return md_finish(d);
}

/* (c') Two data sessions (a multi-session CD-ROM an ISO can hold too). */
static struct vb_disc *md_data2(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	const int32_t s2 = 100 + 11400;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, 0, 150, 100, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode1(t, 0, 100, 0, 100);
	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, s2, 150, 60, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode1(t, s2, 60, s2, (uint32_t)s2 + 60);
	return md_finish(d);
}

/*
 * (d) CD-ROM XA: track 1 Form 1 (with the PVD), track 2 mixed Form 1 /
 * Form 2 after a generated 150-sector pregap; both stored as 2336 bytes.
 */
static struct vb_disc *md_xa_disc(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE2_FORM1, VB_CTL_DATA, 0, 150, 100, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_xa(t, 0, 100, 0, false);
	t = md_track(d, VB_MODE_MODE2_MIXED, VB_CTL_DATA, 250, 150, 60, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_xa(t, 250, 60, -1, false);
	return md_finish(d);
}

/* (d') XA Form 2 stored as 2324-byte user data (cdrdao MODE2_FORM2). */
static struct vb_disc *md_form2(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE2_FORM2, VB_CTL_DATA, 0, 150, 80, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_xa(t, 0, 80, 2, true);
	return md_finish(d);
}

/* (d'') Formless Mode 2 (2336 user bytes; NRG has no code for it). */
static struct vb_disc *md_mode2_disc(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE2, VB_CTL_DATA, 0, 150, 80, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_mode2(t, 0, 80);
	return md_finish(d);
}

/*
 * (e) Stored raw P-W subchannel: an audio track and a raw Mode 1 track
 * (with a stored 20-sector INDEX 00), 2448 bytes per sector. P and Q are
 * what the generator makes for this layout (so readers that look at Q,
 * as the CCD reader does for INDEX 00, see a consistent disc); R-W carry
 * a pattern (CD+G-like user data that only a stored subchannel keeps).
 */
static struct vb_disc *md_sub(void)
{
	struct vb_disc *g = vb_disc_new(VB_DISC_CD), *d;
	struct vb_track *t;
	uint8_t *buf = malloc(140 * 2448), lin[96];
	int32_t l;
	unsigned k;

	ck_assert_ptr_nonnull(buf);
	/* the same layout without subchannel, to generate P and Q */
	vb_disc_add_session(g);
	t = md_track(g, VB_MODE_AUDIO, 0, 0, 150, 70, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_audio(t, 0, 70, 8);
	t = md_track(g, VB_MODE_MODE1, VB_CTL_DATA, 90, 20, 50, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 20), 0);
	md_mode1(t, 90, 50, -1, 0);
	g = md_finish(g);
	ck_assert_int_eq(vb_disc_read(g, 0, 140, VB_READ_RAW_SUB, buf), 0);
	vb_disc_unref(g);
	for (l = 0; l < 140; l++) {
		uint8_t *p = buf + (size_t)l * 2448 + 2352;

		vb_subch_deinterleave(lin, p);
		for (k = 24; k < 96; k++)
			lin[k] = md_byte(l, k, 9);
		vb_subch_interleave(p, lin);
	}
	d = vb_disc_new(VB_DISC_CD);
	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_AUDIO, 0, 0, 150, 70, NULL);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	md_add(t, buf, 70, 2448, VB_DATA_RAW, VB_SUB_RAW);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, 90, 20, 50, NULL);
	md_add(t, buf + 70 * 2448, 70, 2448, VB_DATA_RAW, VB_SUB_RAW);
	free(buf);
	return md_finish(d);
}

/* (f) A DVD: one 2048-byte track from LBA 0, no pregap (MDS, NRG, ISO). */
static struct vb_disc *md_dvd(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_DVD);
	struct vb_track *t;

	vb_disc_add_session(d);
	t = md_track(d, VB_MODE_MODE1, VB_CTL_DATA, 0, 0, 300, NULL);
	md_mode1(t, 0, 300, 0, 300);
	return md_finish(d);
}

/*
 * The layout, CD-TEXT, MCN, ISRCs and flags of an audio image whose
 * sectors are long silence (cdrdao's samples: seconds or minutes of
 * SILENCE) on a short disc: every track as many pregap sectors
 * (generated where the image generates them), its INDEX 02+ and 40
 * sectors from INDEX 01 (or up to the last index + 10).
 */
static struct vb_disc *md_short_audio(const struct vb_disc *x)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	int32_t lba = x->tracks[0]->start - (int32_t)x->tracks[0]->pregap;
	unsigned i, k;

	vb_disc_add_session(d);
	memcpy(d->mcn, x->mcn, sizeof(d->mcn));
	memcpy(d->cdtext_lang, x->cdtext_lang, sizeof(d->cdtext_lang));
	for (i = 0; i < x->n_tracks; i++) {
		const struct vb_track *s = x->tracks[i];
		uint32_t len = 40;

		ck_assert_int_eq(s->mode, VB_MODE_AUDIO);
		if (s->n_index)
			len = VB_MAX(len, s->index[s->n_index - 1] + 10);
		t = md_track(d, VB_MODE_AUDIO, s->ctl, lba + (int32_t)s->pregap,
			     s->pregap, len, s->isrc);
		t->number = s->number;
		if (!vb_track_pregap_stored(s))
			ck_assert_int_eq(vb_track_add_zero(t, s->pregap), 0);
		md_audio(t, lba,
			 vb_track_pregap_stored(s) ? s->pregap + len : len,
			 10 + i);
		for (k = 0; k < s->n_index; k++)
			ck_assert_int_eq(vb_track_add_index(t, s->index[k]), 0);
		lba = t->start + (int32_t)len;
	}
	for (i = 0; i < x->n_cdtext_items; i++) {
		const struct vb_cdtext_item *c = &x->cdtext_items[i];

		ck_assert_int_eq(vb_disc_add_cdtext_item(d, c->block, c->type,
							 c->track, c->text),
				 0);
	}
	return md_finish(d);
}

#endif
