/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The redump.org file layout (formats/redump.c, docs/formats.md 9) on
 * discs built in memory: which LBAs each track file covers (session 1's
 * first track from LBA 0, a later session's first track from INDEX 01,
 * every other track from INDEX 00, generated pregaps included), the one
 * .iso of a DVD with a gap between its sessions, and the file names
 * (one track, track numbers as wide as the highest, names that do not
 * fit).
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "vburn/img.h"

/* Appends a track of generated sectors to the last session. */
static struct vb_track *rd_track(struct vb_disc *d, enum vb_track_mode mode,
				 int32_t start, uint32_t pregap,
				 uint32_t length)
{
	struct vb_track *t = vb_disc_add_track(d);

	ck_assert_ptr_nonnull(t);
	t->mode = mode;
	t->ctl = mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA;
	t->start = start;
	t->pregap = pregap;
	t->length = length;
	ck_assert_int_eq(vb_track_add_zero(t, pregap + length), 0);
	return t;
}

static void rd_session(struct vb_disc *d)
{
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
}

static void rd_finish(struct vb_disc *d)
{
	struct vb_diag diag = { "" };

	ck_assert_msg(vb_disc_finish(d, "mem", &diag) == 0, "%s", diag.msg);
}

/* The files of d must be want[0..n-1] (track, first, sectors). */
static void rd_expect(const struct vb_disc *d, const int32_t (*want)[3],
		      unsigned n, unsigned size)
{
	struct vb_redump_file f[8];
	unsigned i;

	ck_assert_int_eq(vb_redump_files(d, NULL, 0), (int)n);
	ck_assert_int_eq(vb_redump_files(d, f, 8), (int)n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(f[i].track, (unsigned)want[i][0]);
		ck_assert_int_eq(f[i].first, want[i][1]);
		ck_assert_uint_eq(f[i].sectors, (unsigned)want[i][2]);
		ck_assert_uint_eq(f[i].sector_size, size);
	}
}

/*
 * Mode 1 + audio: the 150-sector pregap of track 1 is in no file; the
 * generated 2-second pregap of audio track 2 and the stored one of
 * track 3 are the heads of their files; the last file ends at the
 * lead-out.
 */
START_TEST(test_single_session)
{
	static const int32_t want[][3] = {
		{ 1, 0, 1000 },
		{ 2, 1000, 150 + 300 },
		{ 3, 1450, 75 + 200 },
	};
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_redump_file f[1];

	rd_session(d);
	rd_track(d, VB_MODE_MODE1, 0, 150, 1000);
	rd_track(d, VB_MODE_AUDIO, 1150, 150, 300);
	rd_track(d, VB_MODE_AUDIO, 1525, 75, 200);
	rd_finish(d);
	rd_expect(d, want, 3, 2352);
	/* less room than files: the first ones, and the count */
	ck_assert_int_eq(vb_redump_files(d, f, 1), 3);
	ck_assert_int_eq(f[0].sectors, 1000);
	vb_disc_unref(d);
}
END_TEST

/*
 * Track 1's INDEX 01 after LBA 0 (a pregap partly at LBA >= 0, p1.cue's
 * layout): its file still starts at LBA 0, with INDEX 00 in it.
 */
START_TEST(test_track1_index0)
{
	static const int32_t want[][3] = {
		{ 1, 0, 150 },
		{ 2, 150, 152 },
	};
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);

	rd_session(d);
	rd_track(d, VB_MODE_AUDIO, 75, 225, 75);
	rd_track(d, VB_MODE_AUDIO, 225, 75, 77);
	rd_finish(d);
	rd_expect(d, want, 2, 2352);
	vb_disc_unref(d);
}
END_TEST

/*
 * Three sessions (audio, then data, an Enhanced CD with one more): the
 * lead-out, lead-in and 150-sector pregap between them are in no file,
 * a later session's first file starts at INDEX 01 and its second track's
 * pregap is in that track's file.
 */
START_TEST(test_multisession)
{
	const int32_t s2 = 600 + 11400, s3 = s2 + 300 + 6900;
	const int32_t want[][3] = {
		{ 1, 0, 300 }, { 2, 300, 300 },
		{ 3, s2, 50 }, { 4, s2 + 50, 150 + 100 },
		{ 5, s3, 20 },
	};
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);

	rd_session(d);
	rd_track(d, VB_MODE_AUDIO, 0, 150, 300);
	rd_track(d, VB_MODE_AUDIO, 450, 150, 150);
	rd_session(d);
	rd_track(d, VB_MODE_MODE2_FORM1, s2, 150, 50);
	rd_track(d, VB_MODE_MODE2_FORM1, s2 + 200, 150, 100);
	rd_session(d);
	rd_track(d, VB_MODE_MODE1, s3, 150, 20);
	rd_finish(d);
	rd_expect(d, want, 5, 2352);
	vb_disc_unref(d);
}
END_TEST

/* A DVD: one .iso from LBA 0 to the last lead-out, the gap included. */
START_TEST(test_dvd)
{
	static const int32_t want[][3] = { { 0, 0, 5000 } };
	struct vb_disc *d = vb_disc_new(VB_DISC_DVD);
	struct vb_redump_file f;
	char name[64];

	rd_session(d);
	rd_track(d, VB_MODE_MODE1, 0, 0, 1000);
	rd_session(d);
	rd_track(d, VB_MODE_MODE1, 3000, 0, 2000);
	rd_finish(d);
	rd_expect(d, want, 1, 2048);
	ck_assert_int_eq(vb_redump_files(d, &f, 1), 1);
	ck_assert_int_eq(vb_redump_name(d, &f, "Disc", name, sizeof(name)), 0);
	ck_assert_str_eq(name, "Disc.iso");
	vb_disc_unref(d);
}
END_TEST

/* Names: one track; ten tracks (two digits); no room; no track. */
START_TEST(test_names)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_redump_file f[10];
	char name[64];
	unsigned i;

	rd_session(d);
	rd_track(d, VB_MODE_MODE1, 0, 150, 300);
	rd_finish(d);
	ck_assert_int_eq(vb_redump_files(d, f, 10), 1);
	ck_assert_int_eq(vb_redump_name(d, f, "A & B", name, sizeof(name)), 0);
	ck_assert_str_eq(name, "A & B.bin");
	ck_assert_int_eq(vb_redump_name(d, f, "A & B", name, 9), -ENAMETOOLONG);
	vb_disc_unref(d);

	d = vb_disc_new(VB_DISC_CD);
	rd_session(d);
	for (i = 0; i < 10; i++)
		rd_track(d, i ? VB_MODE_AUDIO : VB_MODE_MODE1, (int32_t)i * 400,
			 150, 250);
	rd_finish(d);
	ck_assert_int_eq(vb_redump_files(d, f, 10), 10);
	ck_assert_int_eq(vb_redump_name(d, &f[0], "G", name, sizeof(name)), 0);
	ck_assert_str_eq(name, "G (Track 01).bin");
	ck_assert_int_eq(vb_redump_name(d, &f[9], "G", name, sizeof(name)), 0);
	ck_assert_str_eq(name, "G (Track 10).bin");
	ck_assert_int_eq(f[9].first, 9 * 400 - 150);
	ck_assert_uint_eq(f[9].sectors, 400);
	vb_disc_unref(d);

	d = vb_disc_new(VB_DISC_CD);
	ck_assert_int_eq(vb_redump_files(d, f, 10), -EINVAL);
	vb_disc_unref(d);
}
END_TEST

/* Track numbers not from 1 (cdda_4_5.cue): width of the highest. */
START_TEST(test_names_from_4)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_redump_file f[2];
	struct vb_track *t;
	char name[64];

	rd_session(d);
	t = rd_track(d, VB_MODE_AUDIO, 0, 150, 150);
	t->number = 4;
	t = rd_track(d, VB_MODE_AUDIO, 150, 0, 152);
	t->number = 5;
	rd_finish(d);
	ck_assert_int_eq(vb_redump_files(d, f, 2), 2);
	ck_assert_uint_eq(f[1].track, 5);
	ck_assert_int_eq(vb_redump_name(d, &f[1], "c", name, sizeof(name)), 0);
	ck_assert_str_eq(name, "c (Track 5).bin");
	vb_disc_unref(d);
}
END_TEST

Suite *redump_suite(void)
{
	Suite *s = suite_create("redump");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_single_session);
	tcase_add_test(tc, test_track1_index0);
	tcase_add_test(tc, test_multisession);
	tcase_add_test(tc, test_dvd);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_names_from_4);
	suite_add_tcase(s, tc);
	return s;
}
