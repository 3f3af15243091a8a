/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The writers: CUE, ISO, NRG and TOC round trips of third-party images
 * keep every sector, the NRG writer reproduces a real Nero image byte
 * for byte, multi-session discs and a stored subchannel survive, and a
 * format refuses a disc it cannot hold. The systematic matrix of every
 * pair of formats is check_matrix.c.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "formats_util.h"

/* ---- round trips through our writers ---- */

static const struct {
	const char *rel, *out;
} round_trips[] = {
	{ "libcdio/test/data/p1.nrg", "rt.cue" },
	{ "libcdio/test/data/videocd.nrg", "rt.cue" },
	{ "libcdio/test/data/isofs-m1.cue", "rt.iso" },
	{ "libcdio/test/data/isofs-m1.cue", "rt.cue" },
	{ "usbode-circle/integration-tests/testdata/mixed.cue", "rt.cue" },
	{ "local-xorriso/multisession.iso", "rt.iso" },
	{ "libcdio/test/data/copying.iso", "rt.cue" },
	{ "libcdio/test/data/p1.nrg", "rt.nrg" },
	{ "libcdio/test/data/videocd.nrg", "rt.nrg" },
	{ "libcdio/test/data/isofs-m1.cue", "rt.nrg" },
	{ "usbode-circle/integration-tests/testdata/mixed.cue", "rt.nrg" },
	{ "local-xorriso/multisession.iso", "rt.nrg" },
	{ "libcdio/test/data/cdda.toc", "rt.cue" },
	{ "libcdio/test/data/p1.nrg", "rt.toc" },
	{ "libcdio/test/data/videocd.nrg", "rt.toc" },
	{ "libcdio/test/data/isofs-m1.cue", "rt.toc" },
	{ "usbode-circle/integration-tests/testdata/mixed.cue", "rt.toc" },
	{ "libcdio/test/data/cdda.toc", "rt.toc" },
	{ "cdrdao/testtocs/t9.toc", "rt.toc" },
	{ "cdrdao/testtocs/3encodings.toc", "rt.nrg" },
};

START_TEST(test_round_trip)
{
	const char *in = td(round_trips[_i].rel);
	char dir[] = "/tmp/vb-fmt-XXXXXX", out[600], cmd[700];
	struct vb_diag diag = { "" };
	struct vb_disc *a, *b;

	if (!in)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/%s", dir, round_trips[_i].out);
	a = open_ok(in, NULL);
	ck_assert_msg(!vb_img_write(a, out, NULL, NULL, &diag), "%s", diag.msg);
	b = open_ok(out, NULL);
	if (strstr(out, ".iso")) {
		/* an ISO has no MCN, flags or ISRC to keep */
		ck_assert_int_eq(b->n_tracks, a->n_tracks);
		strcpy(a->mcn, b->mcn);
	}
	same_disc(a, b);
	same_cdtext(a, b);
	vb_disc_unref(b);
	vb_disc_unref(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* The NRG writer reproduces a real Nero image byte for byte. */
START_TEST(test_nrg_identical)
{
	const char *in = td("libcdio/test/data/p1.nrg");
	char dir[] = "/tmp/vb-fmt-XXXXXX", out[600], cmd[1400];
	struct vb_diag diag = { "" };
	struct vb_disc *d;

	if (!in)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/p1.nrg", dir);
	d = open_ok(in, NULL);
	ck_assert_msg(!vb_img_write(d, out, NULL, NULL, &diag), "%s", diag.msg);
	vb_disc_unref(d);
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", in, out);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static const struct {
	bool audio;
	const char *out;
} ms_outs[] = {
	{ true, "ms.cue" },  { true, "ms.nrg" },  { false, "ms.iso" },
	{ false, "ms.cue" }, { false, "ms.nrg" },
};

START_TEST(test_multisession_write)
{
	char dir[] = "/tmp/vb-fmt-XXXXXX", out[600], cmd[700];
	struct vb_diag diag = { "" };
	struct vb_disc *a = ms_disc(ms_outs[_i].audio), *b;
	unsigned i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/%s", dir, ms_outs[_i].out);
	ck_assert_msg(!vb_img_write(a, out, NULL, NULL, &diag), "%s", diag.msg);
	b = open_ok(out, NULL);
	same_disc(a, b);
	for (i = 0; i < a->n_sessions; i++)
		ck_assert_int_eq(a->sessions[i]->leadout,
				 b->sessions[i]->leadout);
	vb_disc_unref(b);
	vb_disc_unref(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Audio with a stored P-W subchannel keeps it through CUE (CDG) and NRG. */
START_TEST(test_subchannel_write)
{
	static uint8_t raw[40 * 2448];
	static const char *const outs[] = { "s.cue", "s.nrg", "s.toc" };
	char dir[] = "/tmp/vb-fmt-XXXXXX", out[600], cmd[700];
	struct vb_extent e = { .sectors = 40,
			       .data = VB_DATA_RAW,
			       .stride = 2448,
			       .data_size = 2352,
			       .sub = VB_SUB_RAW };
	uint8_t x[2448], y[2448];
	struct vb_disc *d = vb_disc_new(VB_DISC_CD), *b;
	struct vb_track *t;
	unsigned i, k;
	int32_t l;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (uint8_t)(i * 31 + 7);
	ck_assert_int_eq(vb_src_new_mem(&e.src, raw, sizeof(raw), "s"), 0);
	vb_disc_add_session(d);
	t = vb_disc_add_track(d);
	t->mode = VB_MODE_AUDIO;
	t->ctl = 0;
	t->pregap = 150;
	t->length = 40;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (k = 0; k < VB_ARRAY_SIZE(outs); k++) {
		struct vb_diag diag = { "" };

		snprintf(out, sizeof(out), "%s/%s", dir, outs[k]);
		ck_assert_msg(!vb_img_write(d, out, NULL, NULL, &diag), "%s",
			      diag.msg);
		b = open_ok(out, NULL);
		ck_assert_int_eq(vb_track_sub(b->tracks[0]), VB_SUB_RAW);
		for (l = 0; l < 40; l++) {
			ck_assert_int_eq(
				vb_disc_read(d, l, 1, VB_READ_RAW_SUB, x), 0);
			ck_assert_int_eq(
				vb_disc_read(b, l, 1, VB_READ_RAW_SUB, y), 0);
			ck_assert(!memcmp(x, y, sizeof(x)));
		}
		vb_disc_unref(b);
	}
	vb_disc_unref(d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * A cooked track (Mode 1, 2048 bytes, and XA 2336) with a stored P-W
 * keeps it through TOC: cdrdao takes RW_RAW after every mode, each
 * sector's 96 bytes after its main channel (docs/formats.md 4.2).
 */
START_TEST(test_cooked_sub_toc)
{
	static const struct {
		enum vb_track_mode mode;
		unsigned size;
		const char *line;
	} forms[] = {
		{ VB_MODE_MODE1, 2048, "TRACK MODE1 RW_RAW" },
		{ VB_MODE_MODE2_MIXED, 2336, "TRACK MODE2_FORM_MIX RW_RAW" },
	};
	static uint8_t cooked[30 * (2336 + 96)];
	char dir[] = "/tmp/vb-fmt-XXXXXX", out[600], cmd[700], toc[4096];
	const unsigned size = forms[_i].size;
	struct vb_extent e = { .sectors = 30,
			       .data = VB_DATA_USER,
			       .stride = size + 96,
			       .data_size = size,
			       .sub = VB_SUB_RAW };
	struct vb_diag diag = { "" };
	uint8_t x[2448], y[2448];
	struct vb_disc *d = vb_disc_new(VB_DISC_CD), *b;
	struct vb_track *t;
	unsigned i;
	int32_t l;
	FILE *f;
	size_t n;

	for (i = 0; i < sizeof(cooked); i++)
		cooked[i] = (uint8_t)(i * 13 + 5);
	for (i = 0; i < 30 && size == 2336; i++) /* Form 1 subheaders */
		memcpy(cooked + i * (size + 96), "\0\0\x08\0\0\0\x08\0", 8);
	ck_assert_int_eq(vb_src_new_mem(&e.src, cooked, sizeof(cooked), "c"),
			 0);
	vb_disc_add_session(d);
	d->sessions[0]->disc_type = size == 2336 ? VB_DISC_TYPE_XA : 0;
	t = vb_disc_add_track(d);
	t->mode = forms[_i].mode;
	t->ctl = VB_CTL_DATA;
	t->pregap = 150;
	t->length = 30;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/c.toc", dir);
	ck_assert_msg(!vb_img_write(d, out, NULL, NULL, &diag), "%s", diag.msg);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(toc, 1, sizeof(toc) - 1, f);
	fclose(f);
	toc[n] = '\0';
	ck_assert_msg(strstr(toc, forms[_i].line), "%s", toc);
	b = open_ok(out, NULL);
	ck_assert_int_eq(vb_track_sub(b->tracks[0]), VB_SUB_RAW);
	ck_assert_int_eq(vb_track_sector_size(b->tracks[0]),
			 vb_track_sector_size(d->tracks[0]));
	for (l = 0; l < 30; l++) {
		ck_assert_int_eq(vb_disc_read(d, l, 1, VB_READ_RAW_SUB, x), 0);
		ck_assert_int_eq(vb_disc_read(b, l, 1, VB_READ_RAW_SUB, y), 0);
		ck_assert_msg(!memcmp(x, y, sizeof(x)), "sector %d", l);
	}
	vb_disc_unref(b);
	vb_disc_unref(d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_write_refused)
{
	const char *in = td("libcdio/test/data/cdda.cue");
	struct vb_diag diag = { "" };
	struct vb_disc *d;

	if (!in)
		return;
	d = open_ok(in, NULL);
	/* audio cannot go into an ISO; nothing is left behind */
	ck_assert_int_eq(
		vb_img_write(d, "/tmp/vb-fmt-refused.iso", NULL, NULL, &diag),
		-EMEDIUMTYPE);
	ck_assert(strstr(diag.msg, "track 1"));
	ck_assert(access("/tmp/vb-fmt-refused.iso", F_OK));
	vb_disc_unref(d);
}
END_TEST

/*
 * Discs fuzz_write found a writer accepting and its reader not giving
 * back (fuzz/README.md), over a.bin (64 raw Mode 1 sectors) and a.iso
 * (64 blocks): each is now refused with one line, or comes back with the
 * same tracks, pregaps and sectors.
 */
static const struct {
	const char *ext, *sheet, *fmt;
	bool refused;
} findings[] = {
	/* a TOC file has no track numbers: it would come back as 1 */
	{ "cue",
	  "FILE \"a.bin\" BINARY\nTRACK 04 MODE1/2352\n"
	  "INDEX 01 00:00:00\n",
	  "toc", true },
	/* DAOX numbers a session's tracks one by one (and TOC from 1) */
	{ "cue",
	  "FILE \"a.bin\" BINARY\nTRACK 01 MODE1/2352\n"
	  "INDEX 01 00:00:00\nTRACK 03 MODE1/2352\nINDEX 01 00:00:10\n",
	  "nrg", true },
	{ "cue",
	  "FILE \"a.bin\" BINARY\nTRACK 01 MODE1/2352\n"
	  "INDEX 01 00:00:00\nTRACK 03 MODE1/2352\nINDEX 01 00:00:10\n",
	  "toc", true },
	/* NRG has no Mode 0 code: 0x06 would make it XA Mode 2 */
	{ "toc", "CD_ROM\nTRACK MODE0\nDATAFILE \"a.iso\" 00:00:02\n", "nrg",
	  true },
	/* a pregap partly generated, partly stored: not PREGAP + START */
	{ "toc",
	  "CD_DA\nTRACK AUDIO\nFILE \"a.bin\" 0 00:00:10\nTRACK AUDIO\n"
	  "SILENCE 00:00:02\nFILE \"a.bin\" 00:00:10 00:00:10\n"
	  "START 00:00:04\n",
	  "toc", false },
	{ "toc",
	  "CD_DA\nTRACK AUDIO\nSILENCE 00:00:02\n"
	  "FILE \"a.bin\" 00:00:10 00:00:10\nSTART 00:00:04\n"
	  "TRACK AUDIO\nFILE \"a.bin\" 0 00:00:10\n",
	  "toc", false },
	{ "toc",
	  "CD_ROM\nTRACK MODE1_RAW\nDATAFILE \"a.bin\" 00:00:10\n"
	  "TRACK MODE1_RAW\nZERO 00:00:03\nDATAFILE \"a.bin\" #23520 "
	  "00:00:10\nSTART 00:00:05\n",
	  "toc", false },
};

START_TEST(test_fuzz_findings)
{
	static uint8_t bin[64 * 2352], iso[64 * 2048], x[2352], y[2352];
	char dir[] = "/tmp/vb-fmt-XXXXXX", p[600], out[600];
	struct vb_diag diag = { "" };
	struct vb_disc *d, *b;
	unsigned i;
	int32_t l;
	int ret;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof(iso); i++)
		iso[i] = (uint8_t)(i * 7 + i / 2048);
	for (i = 0; i < 64; i++)
		ck_assert_int_eq(vb_sector_encode(bin + i * 2352,
						  VB_SECTOR_MODE1, (int32_t)i,
						  iso + i * 2048),
				 0);
	snprintf(p, sizeof(p), "%s/a.bin", dir);
	write_file(p, bin, sizeof(bin), NULL, 0);
	snprintf(p, sizeof(p), "%s/a.iso", dir);
	write_file(p, iso, sizeof(iso), NULL, 0);
	snprintf(p, sizeof(p), "%s/s.%s", dir, findings[_i].ext);
	write_file(p, findings[_i].sheet, strlen(findings[_i].sheet), NULL, 0);
	d = open_ok(p, NULL);
	snprintf(out, sizeof(out), "%s/o.%s", dir, findings[_i].fmt);
	ret = vb_img_write(d, out, NULL, NULL, &diag);
	if (findings[_i].refused) {
		ck_assert_int_eq(ret, -EMEDIUMTYPE);
		ck_assert(diag.msg[0] && !strchr(diag.msg, '\n'));
		ck_assert(access(out, F_OK));
	} else {
		ck_assert_msg(!ret, "%s", diag.msg);
		b = open_ok(out, NULL);
		same_disc(d, b);
		for (i = 0; i < d->n_tracks; i++) {
			const struct vb_track *t = d->tracks[i];

			ck_assert_int_eq(t->pregap, b->tracks[i]->pregap);
			for (l = t->start - (int32_t)t->pregap; l < t->start;
			     l++) {
				if (l < 0)
					continue;
				ck_assert_int_eq(
					vb_disc_read(d, l, 1, VB_READ_RAW, x),
					0);
				ck_assert_int_eq(
					vb_disc_read(b, l, 1, VB_READ_RAW, y),
					0);
				ck_assert_msg(!memcmp(x, y, sizeof(x)),
					      "pregap sector %d differs", l);
			}
		}
		vb_disc_unref(b);
	}
	vb_disc_unref(d);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(p), 0);
}
END_TEST

Suite *formats_write_suite(void)
{
	Suite *s = suite_create("formats_write");
	TCase *tw = tcase_create("writers");

	tcase_set_timeout(tw, 60);
	tcase_add_loop_test(tw, test_round_trip, 0,
			    (int)VB_ARRAY_SIZE(round_trips));
	tcase_add_test(tw, test_write_refused);
	tcase_add_loop_test(tw, test_fuzz_findings, 0,
			    (int)VB_ARRAY_SIZE(findings));
	tcase_add_test(tw, test_subchannel_write);
	tcase_add_loop_test(tw, test_cooked_sub_toc, 0, 2);
	tcase_add_test(tw, test_nrg_identical);
	tcase_add_loop_test(tw, test_multisession_write, 0,
			    (int)VB_ARRAY_SIZE(ms_outs));
	suite_add_tcase(s, tw);
	return s;
}
