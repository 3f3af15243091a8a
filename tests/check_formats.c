/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the formats library foundation: byte sources, the disc
 * model and vb_disc_read, and CD-TEXT (packs from NRG and CDTEXTFILE,
 * libcdio's cdtext*.right decodes, strings -> packs -> strings). The
 * readers' tests are in check_formats_read.c, bad input in
 * check_formats_bad.c, the writers' in check_formats_write.c and the
 * round-trip matrix of every pair of formats in check_matrix.c.
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
#include "vburn/textbuf.h"
#include "formats_util.h"

/* ---- byte sources and the disc model ---- */

START_TEST(test_src_bounds)
{
	uint8_t data[100], buf[16];
	struct vb_src *s;

	memset(data, 0x5a, sizeof(data));
	ck_assert_int_eq(vb_src_new_mem(&s, data, sizeof(data), "m"), 0);
	ck_assert_int_eq(vb_src_size(s), 100);
	ck_assert_int_eq(vb_src_read(s, buf, 16, 84), 0);
	ck_assert_int_eq(buf[15], 0x5a);
	ck_assert_int_eq(vb_src_read(s, buf, 16, 85), -EIO);
	ck_assert_int_eq(vb_src_read(s, buf, 1, UINT64_MAX), -EIO);
	ck_assert(!vb_src_has(s, 1, UINT64_MAX));
	ck_assert(vb_src_has(s, 100, 0));
	vb_src_unref(s);
}
END_TEST

/* A Mode 1 track of 4 stored 2048-byte sectors after a 150 zero pregap. */
static struct vb_disc *mem_disc(void)
{
	uint8_t data[4 * 2048];
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_extent e = {
		.sectors = 4,
		.data = VB_DATA_USER,
		.stride = 2048,
		.data_size = 2048,
	};
	struct vb_track *t;
	unsigned i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i / 2048 + 1);
	ck_assert_int_eq(vb_src_new_mem(&e.src, data, sizeof(data), "m"), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	ck_assert_ptr_nonnull(t);
	t->pregap = 150;
	t->length = 4;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src); /* the track holds its own reference */
	strcpy(d->mcn, "0000010271955");
	return d;
}

START_TEST(test_disc_read)
{
	struct vb_disc *d = mem_disc();
	struct vb_sector_check chk;
	struct vb_diag diag;
	struct vb_subq q;
	uint8_t buf[2 * 2448], lin[96];

	ck_assert_int_eq(vb_disc_finish(d, "mem", &diag), 0);
	ck_assert_int_eq(vb_disc_leadout(d), 4);
	ck_assert_int_eq(d->sessions[0]->disc_type, VB_DISC_TYPE_CDDA_CDROM);
	ck_assert_int_eq(vb_disc_read(d, 2, 2, VB_READ_USER, buf), 0);
	ck_assert_int_eq(buf[0], 3);
	ck_assert_int_eq(buf[4095], 4);
	ck_assert_int_eq(vb_disc_read(d, 3, 2, VB_READ_USER, buf), -ENXIO);
	/* raw: synthesised sync/header/EDC/ECC that verify */
	ck_assert_int_eq(vb_disc_read(d, 1, 1, VB_READ_RAW, buf), 0);
	ck_assert_int_eq(vb_sector_verify_as(buf, VB_SECTOR_MODE1, 1, &chk), 0);
	ck_assert_int_eq(buf[16], 2);
	/* generated pregap sector, and generated Q */
	ck_assert_int_eq(vb_disc_read(d, -1, 2, VB_READ_RAW_SUB, buf), 0);
	ck_assert_int_eq(vb_sector_verify_as(buf, VB_SECTOR_MODE1, -1, &chk),
			 0);
	vb_subch_deinterleave(lin, buf + 2352);
	ck_assert(vb_subq_crc_ok(lin + 12));
	ck_assert_int_eq(vb_subq_decode(lin + 12, &q), 0);
	ck_assert_int_eq(q.index, 0);
	ck_assert_int_eq(q.rel, -1);
	ck_assert_int_eq(lin[0], 0xff); /* P: pause in the pregap */
	vb_subch_deinterleave(lin, buf + 2448 + 2352);
	ck_assert_int_eq(vb_subq_decode(lin + 12, &q), 0);
	ck_assert_int_eq(q.index, 1);
	ck_assert_int_eq(q.abs, 0);
	vb_disc_unref(d);
}
END_TEST

/* A capture appends a session to a finished disc and finishes it again. */
START_TEST(test_disc_append)
{
	struct vb_disc *d = mem_disc();
	struct vb_track *t;

	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	ck_assert_int_eq(t->number, 2);
	ck_assert_int_eq(t->session, 2);
	t->start = 4 + 11400;
	t->pregap = 150;
	t->length = 10;
	ck_assert_int_eq(vb_track_add_zero(t, 160), 0);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	ck_assert_int_eq(d->sessions[0]->leadout, 4);
	ck_assert_int_eq(d->sessions[1]->first, 1);
	ck_assert_int_eq(d->sessions[1]->count, 1);
	ck_assert_int_eq(vb_disc_leadout(d), 11414);
	ck_assert_ptr_eq(vb_disc_track_at(d, 11404), t);
	ck_assert_ptr_null(vb_disc_track_at(d, 100));
	vb_disc_unref(d);
}
END_TEST

START_TEST(test_disc_finish_errors)
{
	struct vb_disc *d = mem_disc();
	struct vb_extent e = { .sectors = 1,
			       .data = VB_DATA_USER,
			       .stride = 2048,
			       .data_size = 2048 };
	struct vb_diag diag = { "" };
	uint8_t x[2048] = { 0 };
	struct vb_track *t;

	/* extents (150 + 4) do not add up to pregap + length */
	d->tracks[0]->length = 5;
	ck_assert_int_eq(vb_disc_finish(d, "f.img", &diag), -EINVAL);
	ck_assert_msg(strstr(diag.msg, "f.img: track 1"), "%s", diag.msg);
	d->tracks[0]->length = 4;
	/* an extent past the end of its source */
	ck_assert_int_eq(vb_src_new_mem(&e.src, x, 1000, "short"), 0);
	t = vb_disc_add_track(d);
	t->start = 4;
	t->length = 1;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "f.img", &diag), -EINVAL);
	ck_assert_msg(strstr(diag.msg, "short"), "%s", diag.msg);
	/* an inconsistent extent is refused outright */
	e.src = NULL;
	ck_assert_int_eq(vb_track_add_extent(t, &e), -EINVAL);
	vb_disc_unref(d);
}
END_TEST

/* ---- CD-TEXT ---- */

START_TEST(test_cdtext)
{
	const char *p = td("libcdio/test/data/p1.nrg");
	const char *cdt = td("libcdio/test/data/cdtext.cdt");
	char dir[] = "/tmp/vb-fmt-XXXXXX", cue[600], bin[600];
	struct vb_disc *d;
	unsigned i, found = 0;
	FILE *f;

	if (!p || !cdt)
		return;
	d = open_ok(p, NULL);
	/* p1.nrg CDTX: disc TITLE/PERFORMER as cd-info prints them */
	ck_assert_int_eq(d->cdtext_len, 144);
	for (i = 0; i < d->n_cdtext_items; i++)
		found += !strcmp(d->cdtext_items[i].text,
				 "Join us now we have the software") ||
			 !strcmp(d->cdtext_items[i].text, "Richard Stallman");
	ck_assert_int_eq(found, 2);
	vb_disc_unref(d);
	/* a CDTEXTFILE (CDRWIN, one trailing NUL): cdtext.right's strings */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(bin, sizeof(bin), "%s/x.bin", dir);
	snprintf(cue, sizeof(cue), "%s/x.cue", dir);
	f = fopen(bin, "wb");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 2 * 300 * 2352; i++)
		fputc(0, f);
	fclose(f);
	f = fopen(cue, "w");
	fprintf(f,
		"CDTEXTFILE \"%s\"\nFILE \"x.bin\" BINARY\n"
		"TRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\n"
		"INDEX 01 00:04:00\n",
		cdt);
	fclose(f);
	d = open_ok(cue, NULL);
	found = 0;
	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		if (it->block)
			continue;
		found += it->track == 0 && it->type == VB_CDTEXT_TITLE &&
			 !strcmp(it->text, "Joyful Nights");
		found += it->track == 1 && it->type == VB_CDTEXT_COMPOSER &&
			 !strcmp(it->text, "Ludwig van Beethoven");
		found += it->track == 2 && it->type == VB_CDTEXT_PERFORMER &&
			 !strcmp(it->text, "Catwalk Beauties");
	}
	ck_assert_int_eq(found, 3);
	ck_assert_int_eq(d->cdtext_lang[0], 0x09); /* 'English' */
	vb_disc_unref(d);
	unlink(cue);
	unlink(bin);
	rmdir(dir);
}
END_TEST

/*
 * Raw pack dumps decoded as libcdio's cdtext*.right files print them:
 * every "KEY: value" of every language block and track (GENRE is a
 * binary-coded pack we do not decode).
 */
static const char *const cdt_names[] = { "cdtext", "cdtext-krosis",
					 "cdtext-libburnia" };

START_TEST(test_cdtext_right)
{
	static const struct {
		const char *key;
		uint8_t type;
	} keys[] = {
		{ "TITLE", 0x80 },	{ "PERFORMER", 0x81 },
		{ "SONGWRITER", 0x82 }, { "COMPOSER", 0x83 },
		{ "ARRANGER", 0x84 },	{ "MESSAGE", 0x85 },
		{ "DISC_ID", 0x86 },	{ "UPC_EAN", 0x8e },
		{ "ISRC", 0x8e },
	};
	char rel[128], line[512];
	const char *cdt, *right;
	static uint8_t raw[65536];
	unsigned block = 0, track = 0, i, k, checked = 0;
	struct vb_disc *d;
	size_t len;
	FILE *f;

	snprintf(rel, sizeof(rel), "libcdio/test/data/%s.cdt", cdt_names[_i]);
	cdt = td(rel);
	snprintf(rel, sizeof(rel), "libcdio/test/%s.right", cdt_names[_i]);
	right = td(rel);
	if (!cdt || !right)
		return;
	f = fopen(cdt, "rb");
	len = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	len -= len % 18; /* CDRWIN's trailing NUL */
	d = vb_disc_new(VB_DISC_CD);
	ck_assert_int_eq(vb_disc_set_cdtext(d, raw, len), 0);
	ck_assert_int_eq(vb_cdtext_decode(d), 0);
	f = fopen(right, "r");
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *colon;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "Language %u", &block) == 1)
			continue;
		if (!strcmp(line, "CD-TEXT for Disc:")) {
			track = 0;
			continue;
		}
		if (sscanf(line, "CD-TEXT for Track %u", &track) == 1)
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		colon = strstr(p, ": ");
		if (p == line || !colon)
			continue;
		*colon = 0;
		for (k = 0; k < VB_ARRAY_SIZE(keys); k++) {
			unsigned hit = 0;

			if (strcmp(p, keys[k].key))
				continue;
			for (i = 0; i < d->n_cdtext_items; i++) {
				const struct vb_cdtext_item *it =
					&d->cdtext_items[i];

				hit += it->block == block &&
				       it->track == track &&
				       it->type == keys[k].type &&
				       !strcmp(it->text, colon + 2);
			}
			ck_assert_msg(hit == 1, "%s: block %u track %u %s '%s'",
				      cdt_names[_i], block, track, p,
				      colon + 2);
			checked++;
		}
	}
	fclose(f);
	ck_assert_int_gt(checked, 10);
	vb_disc_unref(d);
}
END_TEST

/* Strings -> packs -> strings; and the packs Nero made for p1's strings. */
START_TEST(test_cdtext_encode)
{
	const char *toc = td("cdrdao/testtocs/3encodings.toc");
	const char *nrg = td("libcdio/test/data/p1.nrg");
	const char *cue = td("libcdio/test/data/p1.cue");
	struct vb_disc *a, *b;
	uint8_t *packs;
	size_t len;
	unsigned i;

	if (!toc || !nrg || !cue)
		return;
	a = open_ok(toc, NULL);
	ck_assert_int_eq(vb_cdtext_encode(a, &packs, &len), 0);
	for (i = 0; i < len; i += 18)
		ck_assert(vb_cdtext_crc_ok(packs + i));
	b = vb_disc_new(VB_DISC_CD);
	ck_assert_int_eq(vb_disc_set_cdtext(b, packs, len), 0);
	ck_assert_int_eq(vb_cdtext_decode(b), 0);
	ck_assert_int_eq(b->n_cdtext_items, a->n_cdtext_items);
	for (i = 0; i < a->n_cdtext_items; i++) {
		const struct vb_cdtext_item *x = &a->cdtext_items[i];
		unsigned k, hit = 0;

		for (k = 0; k < b->n_cdtext_items; k++)
			hit += b->cdtext_items[k].block == x->block &&
			       b->cdtext_items[k].type == x->type &&
			       b->cdtext_items[k].track == x->track &&
			       !strcmp(b->cdtext_items[k].text, x->text);
		ck_assert_msg(hit == 1, "lost '%s'", x->text);
	}
	ck_assert_int_eq(b->cdtext_lang[1], 15);
	free(packs);
	vb_disc_unref(b);
	vb_disc_unref(a);
	/* p1.cue's TITLE/PERFORMER encode to the CDTX chunk of p1.nrg */
	a = open_ok(cue, NULL);
	b = open_ok(nrg, NULL);
	ck_assert_int_eq(vb_cdtext_encode(a, &packs, &len), 0);
	ck_assert_int_eq(len, b->cdtext_len);
	ck_assert(!memcmp(packs, b->cdtext, len));
	free(packs);
	vb_disc_unref(b);
	vb_disc_unref(a);
}
END_TEST

/* fmt_utf8_put: every length of UTF-8 (RFC 3629), and the room check
 * counts the NUL, in a buffer of exactly the bytes under test. */
START_TEST(test_utf8_put)
{
	static const struct {
		uint32_t c;
		const char *utf8;
	} cases[] = { { 'A', "A" },
		      { 0xe9, "\xc3\xa9" },
		      { 0x20ac, "\xe2\x82\xac" },
		      { 0x1f600, "\xf0\x9f\x98\x80" } };

	for (unsigned i = 0; i < VB_ARRAY_SIZE(cases); i++) {
		const size_t len = strlen(cases[i].utf8);
		char *out = malloc(len + 1);
		size_t n = 0;

		ck_assert_ptr_nonnull(out);
		/* one byte short of the NUL: nothing written */
		ck_assert_int_eq(fmt_utf8_put(out, len, &n, cases[i].c), 0);
		ck_assert_uint_eq(n, 0);
		ck_assert_int_eq(fmt_utf8_put(out, len + 1, &n, cases[i].c), 1);
		ck_assert_uint_eq(n, len);
		ck_assert(!memcmp(out, cases[i].utf8, len));
		free(out);
	}
	{
		char out[8];
		size_t n = 0;

		ck_assert_int_eq(fmt_utf8_put(out, sizeof(out), &n, 0x110000),
				 0);
	}
}
END_TEST

Suite *formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *tc = tcase_create("model");
	TCase *tt = tcase_create("cdtext");

	tcase_add_test(tc, test_src_bounds);
	tcase_add_test(tc, test_disc_read);
	tcase_add_test(tc, test_disc_finish_errors);
	tcase_add_test(tc, test_disc_append);
	tcase_add_test(tc, test_utf8_put);
	suite_add_tcase(s, tc);
	tcase_add_test(tt, test_cdtext);
	tcase_add_test(tt, test_cdtext_encode);
	tcase_add_loop_test(tt, test_cdtext_right, 0,
			    (int)VB_ARRAY_SIZE(cdt_names));
	suite_add_tcase(s, tt);
	return s;
}
