/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Input the readers must survive: every bad-* test file (and the ones
 * cdrdao rejects) fails with one line naming the file, files cdrdao
 * rejects but libcdio reads are read leniently, malformed NRG/CUE files
 * made here fail the same way, and random mutations of NRG chunk chains
 * and CUE/TOC text give a disc or one line, never a crash.
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

/* ---- files that must fail: one line naming the file, no crash ---- */

static const char *const bad_files[] = {
	"libcdio/test/data/bad-cat1.cue",
	"libcdio/test/data/bad-cat2.cue",
	"libcdio/test/data/bad-cat3.cue",
	"libcdio/test/data/bad-mode1.cue",
	"libcdio/test/data/bad-msf-1.cue",
	"libcdio/test/data/bad-msf-2.cue",
	"libcdio/test/data/bad-msf-3.cue",
	"libcdio/test/data/bad-cat1.toc",
	"libcdio/test/data/bad-cat2.toc",
	"libcdio/test/data/bad-cat3.toc",
	"libcdio/test/data/bad-file.toc",
	"libcdio/test/data/bad-mode1.toc",
	"libcdio/test/data/bad-msf-1.toc",
	"libcdio/test/data/bad-msf-2.toc",
	"libcdio/test/data/bad-msf-3.toc",
	/*
	 * Rejected by cdrdao show-toc too (MANIFEST): FILE start or length
	 * beyond the end of cdda.bin / isofs-m1.bin.
	 */
	"libcdio/test/data/t2.toc",
	"libcdio/test/data/t3.toc",
	"libcdio/test/data/t4.toc",
	"libcdio/test/data/t5.toc",
	"libcdio/test/data/t6.toc",
	"libcdio/test/data/t7.toc",
	"libcdio/test/data/t8.toc",
	"libcdio/test/data/t9.toc",
	"libcdio/test/data/t10.toc",
	"libcdio/test/data/data5.toc",
	"libcdio/test/data/data7.toc",
	/* the data files are not shipped (MANIFEST) */
	"libcdio/test/data/vcd_demo.toc",
	"libcdio/test/vcd_demo.cue",
	"whipper/whipper/test/bloc.toc",
	"whipper/whipper/test/capital.2.toc",
	"whipper/whipper/test/ladyhawke.toc",
	"whipper/whipper/test/bloc.cue",
	"whipper/whipper/test/kings-separate.cue",
	"whipper/whipper/test/surferrosa.eac.currentgap.cue",
	/* audio without a descriptor: nothing says what it is */
	"libcdio/test/data/cdda.bin",
};

static void expect_fail(const char *path)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	int ret = vb_img_open(path, NULL, &d, NULL, &diag);

	ck_assert_msg(ret < 0, "%s opened", path);
	ck_assert_ptr_null(d);
	ck_assert_msg(diag.msg[0] && !strchr(diag.msg, '\n'), "%s: '%s'", path,
		      diag.msg);
	ck_assert_msg(strstr(diag.msg, path), "%s not named in '%s'", path,
		      diag.msg);
}

START_TEST(test_bad_file)
{
	const char *p = td(bad_files[_i]);

	if (p)
		expect_fail(p);
}
END_TEST

/*
 * Lenient readings of TOC files cdrdao rejects, like libcdio: data1 has
 * SILENCE in a data track (a zero data track for us), data2/data6 use
 * FILE for data tracks. Malformed ISO images are still flat images.
 */
static const char *const lenient_files[] = {
	"libcdio/test/data/data1.toc",
	"libcdio/test/data/data2.toc",
	"libcdio/test/data/data6.toc",
	"libcdio/test/data/t1.toc",
	"libcdio/test/data/cdtext.toc",
	"libcdio/test/data/malformed.iso",
	"libcdio/test/data/malformed2.iso",
	"libcdio/test/data/bad-dir.iso",
	"libcdio/test/data/udf102.iso",
	"libcdio/test/data/test-udf1.iso",
	"libcdio/test/data/joliet.iso",
	"libcdio/test/data/copying-rr.iso",
	"libcdio/test/data/deep-directory.iso",
	"libcdio/test/data/multi_extent_8k.iso",
	"libcdio/test/data/multi_extent_8k_joliet.iso",
	"libcdio/test/data/multi_extent_8k_emul_toc_padded.iso",
	"usbode-circle/integration-tests/testdata/freedos-test.iso",
};

START_TEST(test_lenient_file)
{
	const char *p = td(lenient_files[_i]);
	struct vb_disc *d;

	if (!p)
		return;
	/* malformed.iso's trailing bytes are worth a warning, not here */
	vb_log_threshold = VB_LOG_ERR;
	d = open_ok(p, NULL);
	vb_log_threshold = VB_LOG_INFO;
	ck_assert_int_ge(d->n_tracks, 1);
	/* one session: the emul_toc_padded image has only one (MANIFEST) */
	ck_assert_int_eq(d->n_sessions, 1);
	vb_disc_unref(d);
}
END_TEST

/* ---- malformed files made here ---- */

/*
 * EAC-style sheets (whipper's samples have no data files): a track's
 * INDEX 00 at the end of one FILE and its INDEX 01 at the start of the
 * next, a WAVE file (data chunk found through the RIFF header), and a
 * track running on into the first sectors of the next FILE.
 */
START_TEST(test_cue_files)
{
	static uint8_t a[44 + 200 * 2352], b[100 * 2352], x[2352];
	char dir[] = "/tmp/vb-fmt-XXXXXX", p[600], cmd[700];
	struct vb_disc *d;
	unsigned i;
	FILE *f;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i / 2352 + 1);
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i / 2352 + 101);
	memcpy(a, "RIFF", 4);
	put_le32(a + 4, sizeof(a) - 8);
	memcpy(a + 8, "WAVEfmt ", 8);
	put_le32(a + 16, 16);
	memset(a + 20, 0, 16);
	memcpy(a + 36, "data", 4);
	put_le32(a + 40, 200 * 2352);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/a.wav", dir);
	write_file(p, a, sizeof(a), NULL, 0);
	snprintf(p, sizeof(p), "%s/B.BIN", dir);
	write_file(p, b, sizeof(b), NULL, 0);
	snprintf(p, sizeof(p), "%s/x.cue", dir);
	f = fopen(p, "w");
	fprintf(f, "FILE \"a.wav\" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n"
		   " TRACK 02 AUDIO\n  INDEX 00 00:02:00\nFILE \"sub\\b.bin\" "
		   "BINARY\n  INDEX 01 00:00:00\n TRACK 03 AUDIO\n"
		   "  INDEX 01 00:00:50\n");
	fclose(f);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->n_tracks, 3);
	ck_assert_int_eq(d->tracks[1]->start, 200);
	ck_assert_int_eq(d->tracks[1]->pregap, 50);
	ck_assert(vb_track_pregap_stored(d->tracks[1]));
	ck_assert_int_eq(d->tracks[2]->start, 250);
	ck_assert_int_eq(vb_disc_leadout(d), 300);
	ck_assert_int_eq(vb_disc_read(d, 150, 1, VB_READ_RAW, x), 0);
	ck_assert_int_eq(x[0], 151); /* a.wav sector 150 (uint8 wrap) */
	ck_assert_int_eq(vb_disc_read(d, 200, 1, VB_READ_RAW, x), 0);
	ck_assert_int_eq(x[0], 101);
	vb_disc_unref(d);
	/* track 1 runs on into B.BIN's first 10 sectors */
	f = fopen(p, "w");
	fprintf(f, "FILE \"a.wav\" WAVE\n TRACK 01 AUDIO\n  INDEX 01 00:00:00\n"
		   "FILE \"b.bin\" BINARY\n TRACK 02 AUDIO\n"
		   "  INDEX 01 00:00:10\n");
	fclose(f);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->tracks[0]->length, 210);
	ck_assert_int_eq(d->tracks[1]->start, 210);
	ck_assert_int_eq(d->tracks[1]->length, 90);
	ck_assert_int_eq(vb_disc_read(d, 205, 1, VB_READ_RAW, x), 0);
	ck_assert_int_eq(x[0], 106);
	vb_disc_unref(d);
	/* a file named with the backslash as written wins (cdrdao's way) */
	memset(b, 77, sizeof(b));
	snprintf(p, sizeof(p), "%s/sub\\b.bin", dir);
	write_file(p, b, sizeof(b), NULL, 0);
	snprintf(p, sizeof(p), "%s/x.cue", dir);
	f = fopen(p, "w");
	fprintf(f, "FILE \"sub\\b.bin\" BINARY\n TRACK 01 AUDIO\n"
		   "  INDEX 01 00:00:00\n");
	fclose(f);
	d = open_ok(p, NULL);
	ck_assert_int_eq(vb_disc_read(d, 0, 1, VB_READ_RAW, x), 0);
	ck_assert_int_eq(x[0], 77);
	vb_disc_unref(d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_malformed)
{
	char dir[] = "/tmp/vb-fmt-XXXXXX", p[600];
	uint8_t buf[4096] = { 0 }, tail[64];
	const char *p1 = td("libcdio/test/data/p1.nrg");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* NRG footer pointing past the end of the file */
	snprintf(p, sizeof(p), "%s/a.nrg", dir);
	memcpy(tail, "NER5", 4);
	put_be64(tail + 4, 1u << 30);
	write_file(p, buf, 100, tail, 12);
	expect_fail(p);
	/* a chunk whose length runs past the footer */
	memcpy(buf + 100, "CUEX", 4);
	put_be32(buf + 104, 0xfffffff0u);
	put_be64(tail + 4, 100);
	write_file(p, buf, 108, tail, 12);
	expect_fail(p);
	/* DAOX claiming 200 tracks (absurd count) */
	memcpy(buf + 100, "CUEX\0\0\0\0DAOX", 12);
	put_be32(buf + 112, 22);
	buf[116 + 20] = 1;
	buf[116 + 21] = 200;
	memcpy(buf + 138, "END!\0\0\0\0", 8);
	write_file(p, buf, 146, tail, 12);
	expect_fail(p);
	/* p1.nrg with its first 200000 data bytes cut: offsets past the end */
	if (p1) {
		FILE *f = fopen(p1, "rb");
		static uint8_t img[1063470];

		ck_assert_int_eq(fread(img, 1, sizeof(img), f), sizeof(img));
		fclose(f);
		put_be64(img + sizeof(img) - 8, 1063104 - 200000);
		write_file(p, img + 200000, sizeof(img) - 200000, NULL, 0);
		expect_fail(p);
	}
	/* CUE: INDEX beyond the end of its one-sector file; binary junk */
	snprintf(p, sizeof(p), "%s/x.bin", dir);
	write_file(p, buf, 2352, NULL, 0);
	snprintf(p, sizeof(p), "%s/x.cue", dir);
	write_file(p,
		   "FILE x.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
		   "TRACK 02 AUDIO\nINDEX 01 00:10:00\n",
		   69, NULL, 0);
	expect_fail(p);
	write_file(p, "FILE x.bin BINARY\n\0\1\2", 21, NULL, 0);
	expect_fail(p);
	/* TOC: a ZERO longer than any disc */
	snprintf(p, sizeof(p), "%s/x.toc", dir);
	write_file(p, "CD_DA TRACK AUDIO ZERO 500000:00:00\n", 36, NULL, 0);
	expect_fail(p);
	/* TOC: binary junk; more text than a TOC file holds (1 MiB) */
	write_file(p, "CD_ROM\n\0\1\2", 10, NULL, 0);
	expect_fail(p);
	{
		static char big[(1u << 20) + 1];

		memset(big, ' ', sizeof(big));
		write_file(p, big, sizeof(big), NULL, 0);
		expect_fail(p);
	}
	/* ISO: empty file */
	snprintf(p, sizeof(p), "%s/x.iso", dir);
	write_file(p, buf, 0, NULL, 0);
	expect_fail(p);
	unlink(p);
	snprintf(p, sizeof(p), "%s/x.toc", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/x.cue", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/x.bin", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/a.nrg", dir);
	unlink(p);
	rmdir(dir);
}
END_TEST

/*
 * Mutations of descriptors (a small fuzz run inside the unit tests; the
 * libFuzzer targets go further): random bytes of an NRG chunk chain and
 * of CUE/TOC text. Every result is a disc or an error with one line.
 */
static uint32_t mut_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void mut_try(const struct img_ops *ops, const uint8_t *buf, size_t len,
		    const char *path)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	struct vb_src *src;
	int ret;

	ck_assert_int_eq(vb_src_new_mem(&src, buf, len, path), 0);
	/* a negative probe is reported by vb_img_open() itself */
	if (ops->probe(src, path) <= 0) {
		vb_src_unref(src);
		return;
	}
	ret = ops->open(src, path, &d, &diag);
	vb_src_unref(src);
	if (ret == 0 && d) {
		uint8_t sec[2448];

		/* whatever was accepted can be read */
		ret = vb_disc_read(d, d->tracks[0]->start, 1, VB_READ_RAW, sec);
		ck_assert(ret == 0 || ret == -EINVAL);
		vb_disc_unref(d);
	} else if (ret < 0) {
		ck_assert_msg(diag.msg[0] && !strchr(diag.msg, '\n'),
			      "%s: %d '%s' for %.*s", ops->name, ret, diag.msg,
			      ops == &nrg_ops ? 0 : (int)len, buf);
	}
}

START_TEST(test_mutations)
{
	static const char cue[] =
		"CATALOG 0000010271955\nFILE \"x.bin\" "
		"BINARY\nTRACK 01 AUDIO\nFLAGS DCP\nINDEX 00 00:00:00\n"
		"INDEX 01 00:00:30\nTRACK 02 MODE1/2352\nPREGAP 00:02:00\n"
		"INDEX 01 00:01:00\nPOSTGAP 00:00:10\nREM SESSION 02\n";
	static const char toc[] =
		"CD_ROM_XA CATALOG \"0000010271955\"\n"
		"CD_TEXT { LANGUAGE_MAP { 0 : EN } LANGUAGE 0 { TITLE \"t\" } }"
		"\nTRACK AUDIO COPY ISRC \"USEM39600078\" SILENCE 0:1:0 "
		"FILE \"x.bin\" #2352 0:0:10 0:0:20 START 0:0:5\n"
		"TRACK MODE2_FORM_MIX PREGAP 0:2:0 DATAFILE \"x.bin\" "
		"#100 0:0:3 INDEX 0:0:1\n";
	const char charset[] = "0123456789:\" \n#{}AZ.";
	char dir[] = "/tmp/vb-fmt-XXXXXX", path[600], buf[512];
	struct vb_disc *d = ms_disc(true);
	uint8_t *img, zero[2352 * 40] = { 0 }, *m;
	struct vb_diag diag;
	const char *env = getenv("VBURN_MUTATIONS");
	const unsigned runs = env ? (unsigned)atoi(env) : 3000;
	const char *seed = getenv("VBURN_MUTATION_SEED");
	uint32_t x = seed ? (uint32_t)atoi(seed) | 1 : 12345;
	size_t size, first, k;
	unsigned it;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.bin", dir);
	write_file(path, zero, sizeof(zero), NULL, 0);
	snprintf(path, sizeof(path), "%s/m.nrg", dir);
	ck_assert_int_eq(vb_img_write(d, path, "nrg", NULL, &diag), 0);
	vb_disc_unref(d);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	size = (size_t)ftell(f);
	rewind(f);
	img = malloc(size);
	m = malloc(size);
	ck_assert_int_eq(fread(img, 1, size, f), size);
	fclose(f);
	first = (size_t)get_be64(img + size - 8);
	/* a mutated ISRC is dropped with a warning: not worth a line here */
	vb_log_threshold = VB_LOG_ERR;
	for (it = 0; it < runs; it++) {
		memcpy(m, img, size);
		for (k = 0; k < 1 + mut_rand(&x) % 4; k++)
			m[first + mut_rand(&x) % (size - first)] =
				(uint8_t)mut_rand(&x);
		mut_try(&nrg_ops, m, size, path);
	}
	snprintf(path, sizeof(path), "%s/m.cue", dir);
	for (it = 0; it < runs; it++) {
		const char *base = it & 1 ? toc : cue;

		snprintf(path, sizeof(path), "%s/m.%s", dir,
			 it & 1 ? "toc" : "cue");
		strcpy(buf, base);
		for (k = 0; k < 1 + mut_rand(&x) % 3; k++)
			buf[mut_rand(&x) % strlen(base)] =
				charset[mut_rand(&x) % (sizeof(charset) - 1)];
		mut_try(it & 1 ? &toc_ops : &cue_ops, (const uint8_t *)buf,
			strlen(buf), path);
	}
	vb_log_threshold = VB_LOG_INFO;
	/* empty and one-byte inputs (a libFuzzer find: a BOM check read 3) */
	for (it = 0; it < 2; it++) {
		static const struct img_ops *const all[] = {
			&cue_ops,
			&toc_ops,
			&nrg_ops,
			&iso_ops,
		};
		static const char *const ext[] = { "cue", "toc", "nrg", "iso" };

		for (k = 0; k < VB_ARRAY_SIZE(all); k++) {
			snprintf(path, sizeof(path), "%s/e.%s", dir, ext[k]);
			mut_try(all[k], (const uint8_t *)"\xef", it, path);
		}
	}
	free(m);
	free(img);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/*
 * ISRCs (fmt_isrc_ok: 2 capital letters, 3 capitals or digits, 7 digits):
 * every reader drops one it cannot put in Q with a warning, keeping the
 * image, so that what one reader takes every writer and reader takes
 * (fuzz_write once found "U-XX19800001" taken from a TOC file and a cue
 * sheet written from it refused). Each bad ISRC is written by every
 * writer as it comes and read back.
 */
START_TEST(test_bad_isrc)
{
	static const char *const bad[] = {
		"U-XX19800001", "usrc17607839", "1SRC17607839",
		"USRC1760783A", "USRC176078",	"US-RC-76-0783",
	};
	static const char *const fmts[] = { "cue", "toc", "nrg", "ccd" };
	static uint8_t bin[10 * 2352];
	char dir[] = "/tmp/vb-fmt-XXXXXX", p[600], out[600], cmd[700];
	struct vb_diag diag = { "" };
	struct vb_disc *d, *b;
	unsigned i, f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/x.bin", dir);
	write_file(p, bin, sizeof(bin), NULL, 0);
	snprintf(p, sizeof(p), "%s/x.cue", dir);
	write_file(p,
		   "FILE x.bin BINARY\nTRACK 01 AUDIO\nISRC USRC17607839\n"
		   "INDEX 01 00:00:00\n",
		   69, NULL, 0);
	d = open_ok(p, NULL);
	ck_assert_str_eq(d->tracks[0]->isrc, "USRC17607839");
	vb_log_threshold = VB_LOG_ERR;
	for (i = 0; i < VB_ARRAY_SIZE(bad); i++) {
		snprintf(d->tracks[0]->isrc, sizeof(d->tracks[0]->isrc), "%s",
			 bad[i]);
		for (f = 0; f < VB_ARRAY_SIZE(fmts); f++) {
			snprintf(out, sizeof(out), "%s/o%u.%s", dir, i,
				 fmts[f]);
			ck_assert_msg(
				!vb_img_write(d, out, fmts[f], NULL, &diag),
				"%s", diag.msg);
			b = open_ok(out, NULL);
			ck_assert_msg(!b->tracks[0]->isrc[0], "%s %s: '%s'",
				      fmts[f], bad[i], b->tracks[0]->isrc);
			vb_disc_unref(b);
		}
	}
	vb_log_threshold = VB_LOG_INFO;
	vb_disc_unref(d);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *formats_bad_suite(void)
{
	Suite *s = suite_create("formats_bad");
	TCase *tr = tcase_create("bad input");
	TCase *tm = tcase_create("mutations");

	tcase_add_loop_test(tr, test_bad_file, 0,
			    (int)VB_ARRAY_SIZE(bad_files));
	tcase_add_loop_test(tr, test_lenient_file, 0,
			    (int)VB_ARRAY_SIZE(lenient_files));
	tcase_add_test(tr, test_malformed);
	tcase_add_test(tr, test_cue_files);
	tcase_add_test(tr, test_bad_isrc);
	suite_add_tcase(s, tr);
	tcase_set_timeout(tm, 60);
	tcase_add_test(tm, test_mutations);
	suite_add_tcase(s, tm);
	return s;
}
