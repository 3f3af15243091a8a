/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the MDS/MDF reader and writer (formats/mds.c, mds_write.c):
 * round trips of in-memory CD and DVD discs and third-party images
 * through MDS (every sector kept; 2448-byte sectors with the subchannel
 * when the source stores one), a hand-made split DVD image with a
 * UTF-16 file name, and malformed descriptors (offsets past the end,
 * absurd counts, version 2, truncated or missing data file) that must
 * fail with one line naming the file. Disc comparison helpers come from
 * tests/check_ccd.c.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/fulltoc.h"
#include "vburn/img.h"
#include "vburn/sector.h"

#include "formats_util.h"

/* Shared helpers, defined in tests/check_ccd.c (same flag values). */
#define CMP_PREGAP 0x1
#define CMP_SUB 0x2
#define CMP_META 0x4
#define CMP_FOLDED 0x8
void fmt_expect_fail(const char *path, const char *what);
void fmt_same_disc(const struct vb_disc *a, const struct vb_disc *b,
		   unsigned flags);
struct vb_disc *fmt_round_trip(const struct vb_disc *d, const char *path);
struct vb_disc *fmt_mem_disc(bool open);

static size_t read_file(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

/*
 * The track blocks of a CD .mds are the disc's full TOC (fulltoc.h), one
 * per entry and in its order: ADR/CONTROL, TNO, POINT, MSF, ZERO, PMSF at
 * bytes 2..11 of each 80-byte block (docs/formats.md 3.4), the session blocks
 * counting them.
 */
static void mds_is_fulltoc(const char *path, const struct vb_disc *d)
{
	static uint8_t m[1 << 16];
	struct vb_fulltoc_entry e[VB_FULLTOC_MAX];
	struct vb_fulltoc_opts o;
	const size_t len = read_file(path, m, sizeof(m));
	size_t at = 0x58 + d->n_sessions * 24;
	int n, i;

	vb_fulltoc_image_opts(d, &o);
	n = vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e));
	ck_assert_int_gt(n, 0);
	ck_assert_uint_ge(len, at + (size_t)n * 80);
	for (i = 0; i < n; i++, at += 80) {
		const uint8_t want[] = { (uint8_t)(e[i].adr << 4 | e[i].ctl),
					 e[i].tno,
					 e[i].point,
					 e[i].min,
					 e[i].sec,
					 e[i].frame,
					 e[i].zero,
					 e[i].pmin,
					 e[i].psec,
					 e[i].pframe };

		ck_assert_msg(!memcmp(m + at + 2, want, sizeof(want)),
			      "block %d (point 0x%02x) differs", i, e[i].point);
	}
	for (i = 0; i < (int)d->n_sessions; i++) {
		const uint8_t *sb = m + 0x58 + i * 24;
		int all = 0, points = 0, k;

		for (k = 0; k < n; k++)
			if (e[k].session == i + 1) {
				all++;
				points += e[k].point >= 0xa0;
			}
		ck_assert_int_eq(sb[10], all);
		ck_assert_int_eq(sb[11], points);
	}
}

/* ---- round trips ---- */

START_TEST(test_round_trip_mem)
{
	const char *dir = tmpdir("mds");
	char p[128];
	struct vb_disc *a = fmt_mem_disc(_i == 1), *b;
	const struct vb_track *t;

	snprintf(p, sizeof(p), "%s/a.mds", dir);
	b = fmt_round_trip(a, p);
	mds_is_fulltoc(p, a);
	/* track 2's stored pregap ends track 1; MCN, ISRC have no place */
	fmt_same_disc(a, b, CMP_FOLDED);
	t = b->tracks[0];
	ck_assert_int_eq(t->pregap, 150);
	ck_assert_int_eq(t->length, 20 + 75);
	ck_assert_int_eq(b->tracks[1]->pregap, 0);
	t = b->tracks[2];
	ck_assert_int_eq(t->pregap, 150);
	ck_assert_int_eq(t->mode, VB_MODE_MODE2_FORM1);
	ck_assert_int_eq(b->sessions[1]->disc_type, VB_DISC_TYPE_XA);
	ck_assert_int_eq(vb_track_sector_size(t), 2352);
	/* B0 of the last session says whether the disc is open */
	ck_assert_int_eq(b->open, _i == 1);
	vb_disc_unref(b);
	/* the .mdf names the same image */
	snprintf(p, sizeof(p), "%s/a.mdf", dir);
	b = open_ok(p, NULL);
	fmt_same_disc(a, b, CMP_FOLDED);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/* A CCD (stored subchannel) becomes 2448-byte sectors and stays equal. */
START_TEST(test_round_trip_sub)
{
	const char *dir = tmpdir("mds");
	char p[128];
	struct vb_disc *a = fmt_mem_disc(false), *b, *c, *e;

	snprintf(p, sizeof(p), "%s/a.ccd", dir);
	b = fmt_round_trip(a, p);
	snprintf(p, sizeof(p), "%s/b.mds", dir);
	c = fmt_round_trip(b, p);
	ck_assert_int_eq(vb_track_sector_size(c->tracks[0]), 2448);
	ck_assert_int_eq(vb_track_sub(c->tracks[0]), VB_SUB_RAW);
	fmt_same_disc(b, c, CMP_FOLDED | CMP_SUB);
	/*
	 * and back to CCD: the same .sub bytes, whose Q gives track 2 its
	 * INDEX 00 back (the MDS had folded it into track 1)
	 */
	snprintf(p, sizeof(p), "%s/c.ccd", dir);
	e = fmt_round_trip(c, p);
	fmt_same_disc(c, e, CMP_SUB | CMP_FOLDED);
	ck_assert_int_eq(e->tracks[1]->pregap, 75);
	vb_disc_unref(e);
	vb_disc_unref(c);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/* A DVD of 2048-byte sectors, two sessions (track 2 at 1200). */
static struct vb_disc *dvd_disc(void)
{
	static uint8_t data[300 * 2048];
	struct vb_disc *d = vb_disc_new(VB_DISC_DVD);
	struct vb_extent e = { .data = VB_DATA_USER,
			       .stride = 2048,
			       .data_size = 2048,
			       .sectors = 200 };
	struct vb_track *t;
	unsigned i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i / 2048 + i * 13);
	ck_assert_int_eq(vb_src_new_mem(&e.src, data, sizeof(data), "dvd"), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->length = 200;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->start = 1200;
	t->length = 100;
	e.offset = 200 * 2048;
	e.sectors = 100;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "dvd", NULL), 0);
	return d;
}

START_TEST(test_round_trip_dvd)
{
	const char *dir = tmpdir("mds");
	char p[128];
	uint8_t hdr[0x20];
	struct vb_disc *a = dvd_disc(), *b;

	snprintf(p, sizeof(p), "%s/d.mds", dir);
	b = fmt_round_trip(a, p);
	fmt_same_disc(a, b, CMP_PREGAP);
	ck_assert_int_eq(vb_track_sector_size(b->tracks[1]), 2048);
	ck_assert_int_eq(read_file(p, hdr, sizeof(hdr)), sizeof(hdr));
	ck_assert_int_eq(get_le16(hdr + 0x12), 0x10); /* DVD-ROM */
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/*
 * Refused: the stored pregap of a session's first track holds data, which
 * an MDS has no place for (readers generate that pregap again).
 */
#define MDS_REFUSED 0x80000000u

static const struct {
	const char *rel;
	unsigned flags;
} mds_sources[] = {
	{ "libcdio/test/data/isofs-m1.cue", CMP_PREGAP },
	{ "libcdio/test/data/cdda.cue", CMP_PREGAP },
	{ "libcdio/test/data/copying.iso", CMP_PREGAP },
	/* track 1's stored pregap (LBA 0-149) holds audio */
	{ "libcdio/test/data/p1.nrg", MDS_REFUSED },
	{ "libcdio/test/data/videocd.nrg", CMP_PREGAP },
	{ "usbode-circle/integration-tests/testdata/mixed.cue", CMP_PREGAP },
	/* track 1 starts at 32: LBA 0-31 (a volume descriptor at 16) */
	{ "local-xorriso/multisession.iso", MDS_REFUSED },
	{ "libcdio/test/data/vcd2.toc", CMP_PREGAP },
};

START_TEST(test_round_trip_testdata)
{
	const char *in = td(mds_sources[_i].rel);
	const char *dir;
	char p[128];
	struct vb_disc *a, *b;

	if (!in)
		return;
	dir = tmpdir("mds");
	snprintf(p, sizeof(p), "%s/r.mds", dir);
	a = open_ok(in, NULL);
	if (mds_sources[_i].flags & MDS_REFUSED) {
		struct vb_diag diag = { "" };

		ck_assert_int_eq(vb_img_write(a, p, NULL, NULL, &diag),
				 -EMEDIUMTYPE);
		ck_assert_msg(strstr(diag.msg, "pregap holds data"), "%s",
			      diag.msg);
		ck_assert(access(p, F_OK));
		vb_disc_unref(a);
		rm_rf(dir);
		return;
	}
	b = fmt_round_trip(a, p);
	fmt_same_disc(a, b, mds_sources[_i].flags);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/*
 * The stored pregap of a session's first track: readers of an MDS
 * generate it again (docs/formats.md 3.5), so a disc whose such pregap holds
 * data is refused with one line instead of written without it; one of
 * zeros is written, its length kept.
 */
START_TEST(test_first_pregap)
{
	static const char cue[] = "FILE \"x.bin\" BINARY\nTRACK 01 AUDIO\n"
				  "INDEX 00 00:00:00\nINDEX 01 00:00:10\n";
	static uint8_t pcm[30 * 2352];
	const char *dir = tmpdir("mds");
	struct vb_diag diag = { "" };
	struct vb_disc *a, *b;
	char p[128];
	FILE *f;
	unsigned pass;

	for (pass = 0; pass < 2; pass++) {
		/* pass 0: a sample in the pregap (LBA 9); pass 1: zeros */
		pcm[9 * 2352 + 100] = pass ? 0 : 1;
		pcm[20 * 2352] = 7; /* the track itself holds data */
		snprintf(p, sizeof(p), "%s/x.bin", dir);
		f = fopen(p, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fwrite(pcm, 1, sizeof(pcm), f), sizeof(pcm));
		fclose(f);
		snprintf(p, sizeof(p), "%s/x.cue", dir);
		f = fopen(p, "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(fwrite(cue, 1, strlen(cue), f), strlen(cue));
		fclose(f);
		a = open_ok(p, NULL);
		ck_assert_int_eq(a->tracks[0]->pregap, 160);
		snprintf(p, sizeof(p), "%s/f.mds", dir);
		if (!pass) {
			ck_assert_int_eq(vb_img_write(a, p, NULL, NULL, &diag),
					 -EMEDIUMTYPE);
			ck_assert_msg(strstr(diag.msg, "track 1's pregap "
						       "holds data (LBA 9)"),
				      "%s", diag.msg);
			ck_assert(access(p, F_OK));
		} else {
			b = fmt_round_trip(a, p);
			fmt_same_disc(a, b, CMP_PREGAP);
			vb_disc_unref(b);
		}
		vb_disc_unref(a);
	}
	rm_rf(dir);
}
END_TEST

/*
 * Aaru puts a 150-sector gap between tracks of different modes by cutting
 * it from the previous track's length into the next track's extra pregap
 * while the sectors stay in the MDF: tracks are found by their start
 * offsets, the cut sectors are skipped. Here: 3 sectors of mixed.cue.
 */
START_TEST(test_cut_gap)
{
	const char *in = td("usbode-circle/integration-tests/"
			    "testdata/mixed.cue");
	const char *dir;
	static uint8_t m[4096];
	struct vb_disc *a, *b;
	uint8_t raw[2352], ref[2352];
	uint32_t trk, x1, x2;
	char p[128];
	size_t n;

	if (!in)
		return;
	dir = tmpdir("mds");
	snprintf(p, sizeof(p), "%s/g.mds", dir);
	a = open_ok(in, NULL);
	vb_disc_unref(fmt_round_trip(a, p));
	n = read_file(p, m, sizeof(m));
	trk = get_le32(m + get_le32(m + 0x50) + 20) + 3 * 80;
	x1 = get_le32(m + trk + 0x0c);
	x2 = get_le32(m + trk + 80 + 0x0c);
	put_le32(m + x1 + 4, get_le32(m + x1 + 4) - 3);
	put_le32(m + x2, 3);
	write_file(p, m, n, NULL, 0);
	b = open_ok(p, NULL);
	ck_assert_int_eq(b->tracks[0]->length, 97);
	ck_assert_int_eq(b->tracks[1]->pregap, 3);
	ck_assert_int_eq(b->tracks[1]->start, 100);
	ck_assert_int_eq(vb_disc_read(a, 100, 1, VB_READ_RAW, ref), 0);
	ck_assert_int_eq(vb_disc_read(b, 100, 1, VB_READ_RAW, raw), 0);
	ck_assert(!memcmp(raw, ref, sizeof(raw)));
	ck_assert_int_eq(vb_disc_read(b, 99, 1, VB_READ_RAW, raw), 0);
	ck_assert_int_eq(raw[1000], 0); /* generated silence */
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/* ---- a hand-made split DVD image ---- */

/*
 * Header, one session, one track block of 16 sectors in two files:
 * "*.mdf" (8-bit, 10 sectors) and "*.md0" (UTF-16LE, 6 sectors).
 */
static void make_split_dvd(const char *dir)
{
	uint8_t m[0x100] = "MEDIA DESCRIPTOR";
	static uint8_t data[16 * 2048];
	uint8_t *s = m + 0x58, *t = m + 0x70;
	char p[128];
	unsigned i;

	m[0x10] = 1;
	m[0x11] = 3;
	put_le16(m + 0x12, 0x12); /* DVD-R */
	put_le16(m + 0x14, 1);
	put_le32(m + 0x50, 0x58);
	put_le32(s + 4, 16); /* end */
	put_le16(s + 8, 1);
	s[10] = 1;
	put_le16(s + 12, 1);
	put_le16(s + 14, 1);
	put_le32(s + 20, 0x70);
	t[0] = 0x02;
	t[2] = 0x14;
	t[4] = 1;
	put_le32(t + 0x0c, 16); /* DVD: track length */
	put_le16(t + 0x10, 2048);
	put_le32(t + 0x30, 2);
	put_le32(t + 0x34, 0xc0);
	put_le32(m + 0xc0, 0xe0); /* footer 1: "*.mdf" */
	put_le32(m + 0xd0, 0xe8); /* footer 2: u"*.md0" */
	put_le32(m + 0xd4, 1);
	memcpy(m + 0xe0, "*.mdf", 6);
	for (i = 0; i < 5; i++)
		m[0xe8 + 2 * i] = (uint8_t) "*.md0"[i];
	snprintf(p, sizeof(p), "%s/s.mds", dir);
	write_file(p, m, 0xf4, NULL, 0);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i / 2048);
	snprintf(p, sizeof(p), "%s/s.mdf", dir);
	write_file(p, data, 10 * 2048, NULL, 0);
	snprintf(p, sizeof(p), "%s/S.MD0", dir); /* found ignoring case */
	write_file(p, data + 10 * 2048, 6 * 2048, NULL, 0);
}

START_TEST(test_split_dvd)
{
	const char *dir = tmpdir("mds");
	char p[128];
	uint8_t buf[16 * 2048];
	struct vb_disc *d;
	unsigned i;

	make_split_dvd(dir);
	snprintf(p, sizeof(p), "%s/s.mds", dir);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->kind, VB_DISC_DVD);
	ck_assert_int_eq(d->n_tracks, 1);
	ck_assert_int_eq(d->tracks[0]->length, 16);
	ck_assert_int_eq(d->tracks[0]->n_extents, 2);
	ck_assert_int_eq(vb_disc_read(d, 0, 16, VB_READ_USER, buf), 0);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(buf[i * 2048 + 77], i);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

/* ---- malformed input ---- */

enum { M_U8, M_U16, M_U32, M_CUT, M_MDF_CUT, M_MDF_GONE };

static const struct {
	const char *what;
	int kind;
	int where; /* -1 session block, -2 first track block, -3 extra */
	unsigned off;
	uint32_t val;
} mds_bad[] = {
	{ "sessions", M_U32, 0, 0x50, 0xfffffff0u },
	{ "sessions", M_U16, 0, 0x14, 5000 },
	{ "sessions", M_U16, 0, 0x14, 0 },
	{ "version 2", M_U8, 0, 0x10, 2 },
	{ "version", M_U8, 0, 0x10, 7 },
	{ "track blocks", M_U8, -1, 10, 255 },
	{ "track blocks", M_U32, -1, 20, 0x7ffffff0u },
	{ "no tracks", M_U8, -1, 10, 3 },
	{ "extra block", M_U32, -2, 0x0c, 0xffffff00u },
	{ "mode", M_U16, -2, 0x10, 1234 },
	{ "mode", M_U8, -2, 0x00, 0xa6 },
	{ "subchannel", M_U8, -2, 0x01, 0x05 },
	{ "absurd", M_U32, -2, 0x24, 0x7fffffffu },
	{ "absurd", M_U32, -3, 4, 0xfffffff0u },
	{ "data files", M_U32, -2, 0x30, 1000 },
	{ "data files", M_U32, -2, 0x30, 0 },
	{ "filename block", M_U32, -2, 0x34, 0xfffffff0u },
	{ "name", M_U32, -4, 0, 0xfffffff0u },
	{ "header", M_CUT, 0, 40, 0 },
	{ "not in the descriptor", M_CUT, 0, 0x60, 0 },
	{ "only", M_MDF_CUT, 0, 0, 0 },
	{ "data file", M_MDF_GONE, 0, 0, 0 },
};

START_TEST(test_malformed)
{
	const char *dir = tmpdir("mds");
	static uint8_t m[4096];
	struct vb_disc *a = fmt_mem_disc(false), *b;
	char p[128], q[128];
	size_t n;
	uint8_t *at;
	uint32_t sess, trk;

	snprintf(p, sizeof(p), "%s/m.mds", dir);
	snprintf(q, sizeof(q), "%s/m.mdf", dir);
	b = fmt_round_trip(a, p);
	vb_disc_unref(b);
	vb_disc_unref(a);
	n = read_file(p, m, sizeof(m));
	sess = get_le32(m + 0x50);
	trk = get_le32(m + sess + 20) + 3 * 80; /* after A0, A1, A2 */
	at = m + mds_bad[_i].off;
	if (mds_bad[_i].where == -1)
		at = m + sess + mds_bad[_i].off;
	else if (mds_bad[_i].where == -2)
		at = m + trk + mds_bad[_i].off;
	else if (mds_bad[_i].where == -3)
		at = m + get_le32(m + trk + 0x0c) + mds_bad[_i].off;
	else if (mds_bad[_i].where == -4)
		at = m + get_le32(m + trk + 0x34) + mds_bad[_i].off;
	switch (mds_bad[_i].kind) {
	case M_U8:
		*at = (uint8_t)mds_bad[_i].val;
		break;
	case M_U16:
		put_le16(at, (uint16_t)mds_bad[_i].val);
		break;
	case M_U32:
		put_le32(at, mds_bad[_i].val);
		break;
	case M_CUT:
		n = mds_bad[_i].off;
		break;
	case M_MDF_CUT:
		ck_assert_int_eq(truncate(q, 2352 * 100), 0);
		break;
	case M_MDF_GONE:
		unlink(q);
		break;
	}
	write_file(p, m, n, NULL, 0);
	fmt_expect_fail(p, mds_bad[_i].what);
	rm_rf(dir);
}
END_TEST

Suite *mds_suite(void)
{
	Suite *s = suite_create("mds");
	TCase *tw = tcase_create("round-trip");
	TCase *tm = tcase_create("malformed");

	tcase_set_timeout(tw, 60);
	tcase_add_loop_test(tw, test_round_trip_mem, 0, 2);
	tcase_add_test(tw, test_round_trip_sub);
	tcase_add_test(tw, test_round_trip_dvd);
	tcase_add_loop_test(tw, test_round_trip_testdata, 0,
			    (int)VB_ARRAY_SIZE(mds_sources));
	tcase_add_test(tw, test_first_pregap);
	tcase_add_test(tw, test_split_dvd);
	tcase_add_test(tw, test_cut_gap);
	suite_add_tcase(s, tw);
	tcase_add_loop_test(tm, test_malformed, 0, (int)VB_ARRAY_SIZE(mds_bad));
	suite_add_tcase(s, tm);
	return s;
}
