/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the formats library tests (check_formats*.c,
 * split by topic): finding third-party test data ($VBURN_TESTDATA,
 * default ../shared/testdata from the repository root, where make runs
 * the tests; an absent file is a SKIP line, counted as skipped: skip.h), opening images, writing files, comparing two discs
 * (tracks, sectors, CD-TEXT strings) and an Enhanced-CD-like disc built
 * in memory. A tests/ file that is not check_*.c is not compiled on its
 * own, hence static inline functions.
 */
#ifndef VBURN_TESTS_FORMATS_UTIL_H
#define VBURN_TESTS_FORMATS_UTIL_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "skip.h"

/* Path of a test data file, or NULL after a SKIP line if absent. */
static inline const char *td(const char *rel)
{
	static char path[8][512];
	static unsigned slot;
	const char *dir = getenv("VBURN_TESTDATA");
	char *p = path[slot++ % 8];

	snprintf(p, 512, "%s/%s", dir ? dir : "../shared/testdata", rel);
	if (access(p, R_OK)) {
		vb_test_skip("%s absent", p);
		return NULL;
	}
	return p;
}

/* A new scratch directory /tmp/vb-TAG-XXXXXX (valid until the next call). */
static inline char *tmpdir(const char *tag)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/vb-%s-XXXXXX", tag);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static inline void rm_rf(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static inline struct vb_disc *open_ok(const char *path, const char **fmt)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	int ret = vb_img_open(path, NULL, &d, fmt, &diag);

	ck_assert_msg(ret == 0, "%s: %d %s", path, ret, diag.msg);
	return d;
}

static inline void write_file(const char *path, const void *a, size_t alen,
			      const void *b, size_t blen)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(a, 1, alen, f), alen);
	if (blen)
		ck_assert_int_eq(fwrite(b, 1, blen, f), blen);
	fclose(f);
}

static inline enum vb_read_kind cmp_kind(const struct vb_track *t)
{
	if (t->mode == VB_MODE_AUDIO || vb_track_sector_size(t) >= 2352)
		return VB_READ_RAW;
	if (t->mode == VB_MODE_MODE1 || t->mode == VB_MODE_MODE2_FORM1)
		return VB_READ_USER;
	return VB_READ_MODE2;
}

/* Same tracks (start, length, mode, flags, ISRC) and same sectors. */
static inline void same_disc(const struct vb_disc *a, const struct vb_disc *b)
{
	static uint8_t x[2448], y[2448];
	unsigned i;

	ck_assert_int_eq(a->n_sessions, b->n_sessions);
	ck_assert_int_eq(a->n_tracks, b->n_tracks);
	ck_assert_str_eq(a->mcn, b->mcn);
	for (i = 0; i < a->n_tracks; i++) {
		const struct vb_track *s = a->tracks[i], *t = b->tracks[i];
		const enum vb_read_kind k = cmp_kind(s);
		int32_t l;

		ck_assert_int_eq(s->number, t->number);
		ck_assert_int_eq(s->start, t->start);
		ck_assert_int_eq(s->length, t->length);
		ck_assert_int_eq(s->mode, t->mode);
		ck_assert_int_eq(s->ctl, t->ctl);
		ck_assert_str_eq(s->isrc, t->isrc);
		for (l = s->start; l < s->start + (int32_t)s->length; l++) {
			ck_assert_int_eq(vb_disc_read(a, l, 1, k, x), 0);
			ck_assert_int_eq(vb_disc_read(b, l, 1, k, y), 0);
			ck_assert_msg(!memcmp(x, y, vb_read_size(k)),
				      "sector %d differs", l);
		}
	}
}

/* The same CD-TEXT strings (raw packs may be made or dropped on the way). */
static inline void same_cdtext(const struct vb_disc *a, const struct vb_disc *b)
{
	unsigned i, k;

	ck_assert_int_eq(a->n_cdtext_items, b->n_cdtext_items);
	for (i = 0; i < a->n_cdtext_items; i++) {
		const struct vb_cdtext_item *x = &a->cdtext_items[i];
		unsigned hit = 0;

		for (k = 0; k < b->n_cdtext_items; k++)
			hit += b->cdtext_items[k].block == x->block &&
			       b->cdtext_items[k].type == x->type &&
			       b->cdtext_items[k].track == x->track &&
			       !strcmp(b->cdtext_items[k].text, x->text);
		ck_assert_msg(hit == 1, "CD-TEXT '%s' lost", x->text);
	}
}

/*
 * An Enhanced-CD-like disc built in memory: session 1 = an audio track
 * and a data track, session 2 = a data track at lead-out + 11400
 * (docs/formats.md 5.3), each data session with an ISO 9660 PVD at +16 whose
 * volume space size is absolute (as growisofs writes it). Written as CUE
 * (REM SESSION, one BIN per session), NRG and, without the audio, ISO;
 * read back with the same sessions, tracks and sectors.
 */
static inline struct vb_disc *ms_disc(bool audio)
{
	static uint8_t data[40 * 2048], pcm[30 * 2352];
	struct vb_extent e = { .data = VB_DATA_USER,
			       .stride = 2048,
			       .data_size = 2048,
			       .sectors = 20 };
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	int32_t s1 = audio ? 30 : 0;
	unsigned i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 2048);
	for (i = 0; i < sizeof(pcm); i++)
		pcm[i] = (uint8_t)(i * 13);
	memcpy(data + 16 * 2048, "\1CD001\1", 7);
	put_le32(data + 16 * 2048 + 80, (uint32_t)s1 + 20);
	memcpy(data + 36 * 2048, "\1CD001\1", 7);
	put_le32(data + 36 * 2048 + 80, (uint32_t)s1 + 20 + 11400 + 20);
	ck_assert_int_eq(vb_src_new_mem(&e.src, data, sizeof(data), "d"), 0);
	vb_disc_add_session(d);
	if (audio) {
		struct vb_extent a = { .data = VB_DATA_RAW,
				       .stride = 2352,
				       .data_size = 2352,
				       .sectors = 30 };

		ck_assert_int_eq(vb_src_new_mem(&a.src, pcm, sizeof(pcm), "a"),
				 0);
		t = vb_disc_add_track(d);
		t->mode = VB_MODE_AUDIO;
		t->ctl = VB_CTL_COPY;
		strcpy(t->isrc, "USEM39600078");
		t->pregap = 150;
		t->length = 30;
		ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
		ck_assert_int_eq(vb_track_add_extent(t, &a), 0);
		vb_src_unref(a.src);
	}
	t = vb_disc_add_track(d);
	t->start = s1;
	t->pregap = audio ? 0 : 150;
	t->length = 20;
	ck_assert_int_eq(vb_track_add_zero(t, t->pregap), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_disc_add_session(d);
	t = vb_disc_add_track(d);
	t->start = s1 + 20 + 11400;
	t->pregap = 150;
	t->length = 20;
	e.offset = 20 * 2048;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

#endif
