/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for CHD files (formats/chd*.c, docs/chd.md): discs written and
 * read back with every track fact and sector equal (two sessions, audio,
 * ISRC, a DVD), self references for repeated hunks, a child that stores
 * only what its parent lacks, and malformed files (bad map, hunk out of
 * range, corrupt block, unknown codec, parent missing, wrong parent,
 * parent loop): a one-line error naming the file, never a crash. chdman
 * judges the same files in tests/formats/chd.sh.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/chd.h"
#include "vburn/img.h"
#include "formats_util.h"

static char cpath[4][600];

static const char *in_dir(const char *dir, const char *name, unsigned slot)
{
	snprintf(cpath[slot], sizeof(cpath[slot]), "%s/%s", dir, name);
	return cpath[slot];
}

static void write_chd(const struct vb_disc *d, const char *path,
		      const char *parent)
{
	struct vb_img_wopts o = { .parent = parent };
	struct vb_diag diag = { "" };
	int ret = vb_img_write_opts(d, path, "chd", &o, &diag);

	ck_assert_msg(ret == 0, "%s: %d %s", path, ret, diag.msg);
}

/* The whole file, in a buffer of exactly its size. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc((size_t)n);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fread(p, 1, (size_t)n, f), n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Opening path fails with a negative errno and one line naming it. */
static int open_fails(const char *path)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	int ret = vb_img_open(path, "chd", &d, NULL, &diag);

	ck_assert_msg(ret < 0, "%s opened", path);
	ck_assert_ptr_null(d);
	ck_assert_msg(strstr(diag.msg, path) && !strchr(diag.msg, '\n'),
		      "diag: %s", diag.msg);
	return ret;
}

/* A DVD of n sectors of a pattern; one sector changed if alt. */
static struct vb_disc *dvd_disc(uint32_t n, bool alt)
{
	uint8_t *p = malloc((size_t)n * 2048);
	struct vb_extent e = { .data = VB_DATA_USER,
			       .stride = 2048,
			       .data_size = 2048,
			       .sectors = n };
	struct vb_disc *d = vb_disc_new(VB_DISC_DVD);
	struct vb_track *t;
	uint32_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n * 2048; i++) /* repeats every 64 sectors */
		p[i] = (uint8_t)((i % (64 * 2048)) * 2654435761u >> 13);
	if (alt)
		memset(p + 300 * 2048, 0x5a, 2048);
	ck_assert_int_eq(vb_src_new_mem(&e.src, p, (size_t)n * 2048, "dvd"), 0);
	free(p);
	vb_disc_add_session(d);
	t = vb_disc_add_track(d);
	t->length = n;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(e.src);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

START_TEST(chd_round_trip_cd)
{
	char *dir = tmpdir("chd");
	const char *p = in_dir(dir, "ms.chd", 0);
	struct vb_disc *d = ms_disc(true), *got;
	char what[160];

	write_chd(d, p, NULL);
	got = open_ok(p, NULL);
	same_disc(d, got);
	ck_assert_msg(!vb_disc_lost(d, got, what, sizeof(what)), "lost %s",
		      what);
	ck_assert_int_eq(vb_chd_verify(p, NULL, NULL), 0);
	vb_disc_unref(got);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

START_TEST(chd_round_trip_dvd)
{
	char *dir = tmpdir("chd");
	const char *p = in_dir(dir, "dvd.chd", 0);
	struct vb_disc *d = dvd_disc(1000, false), *got;
	struct vb_chd_info info;

	write_chd(d, p, NULL);
	got = open_ok(p, NULL);
	ck_assert_int_eq(got->kind, VB_DISC_DVD);
	same_disc(d, got);
	ck_assert_int_eq(vb_chd_info(p, &info, NULL), 0);
	ck_assert_int_eq(info.unitbytes, 2048);
	/* 1000 sectors repeating every 64: most hunks are self references */
	ck_assert_uint_ge(info.n_type[VB_CHD_SELF], 400);
	ck_assert_str_eq(info.codec[0], "lzma");
	vb_chd_info_fini(&info);
	vb_disc_unref(got);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

START_TEST(chd_parent_child)
{
	char *dir = tmpdir("chd");
	const char *pp = in_dir(dir, "p.chd", 0), *cp = in_dir(dir, "c.chd", 1);
	struct vb_disc *a = dvd_disc(2000, false), *b = dvd_disc(2000, true);
	struct vb_disc *got;
	struct vb_chd_info info;
	char first[600];

	write_chd(a, pp, NULL);
	write_chd(b, cp, pp);
	got = open_ok(cp, NULL);
	same_disc(b, got);
	vb_disc_unref(got);
	ck_assert_int_eq(vb_chd_verify(cp, NULL, NULL), 0);
	ck_assert_int_eq(vb_chd_info(cp, &info, NULL), 0);
	ck_assert_int_eq(info.n_chain, 1);
	ck_assert_str_eq(info.chain[0], pp);
	/* the changed sector's hunk is the only one stored */
	ck_assert_uint_le(info.n_type[0] + info.n_type[VB_CHD_NONE], 1);
	ck_assert_uint_ge(info.n_type[VB_CHD_PARENT], 900);
	vb_chd_info_fini(&info);
	ck_assert_int_eq(vb_chd_children(pp, first, sizeof(first)), 1);
	ck_assert_str_eq(first, cp);
	/* the parent gone, or another file in its place */
	ck_assert_int_eq(rename(pp, in_dir(dir, "moved", 2)), 0);
	ck_assert_int_eq(open_fails(cp), -ENOENT);
	write_chd(b, pp, NULL);
	ck_assert_int_eq(open_fails(cp), -ENOENT);
	vb_disc_unref(a);
	vb_disc_unref(b);
	rm_rf(dir);
}
END_TEST

/* Writes len bytes of buf to path with bytes [off, off+n) set to v. */
static void patched(const char *path, const uint8_t *buf, size_t len,
		    size_t off, const void *v, size_t n)
{
	uint8_t *p = malloc(len);

	ck_assert_ptr_nonnull(p);
	memcpy(p, buf, len);
	memcpy(p + off, v, n);
	write_file(path, p, len, NULL, 0);
	free(p);
}

START_TEST(chd_malformed)
{
	char *dir = tmpdir("chd");
	const char *good = in_dir(dir, "good.chd", 0);
	const char *bad = in_dir(dir, "bad.chd", 1);
	struct vb_disc *d = ms_disc(true), *got;
	uint8_t *buf, v[8];
	uint64_t mapoff, first;
	size_t len;
	int32_t l;
	int r, fails = 0;

	write_chd(d, good, NULL);
	buf = slurp(good, &len);
	mapoff = get_be64(buf + 40);
	/* bad map CRC */
	v[0] = buf[mapoff + 10] ^ 0xff;
	patched(bad, buf, len, mapoff + 10, v, 1);
	ck_assert_int_eq(open_fails(bad), -EINVAL);
	/* more hunks than the map holds (logical bytes doubled) */
	put_be64(v, get_be64(buf + 32) * 2);
	patched(bad, buf, len, 32, v, 8);
	ck_assert_int_eq(open_fails(bad), -EINVAL);
	/* map outside the file */
	put_be64(v, len + 100);
	patched(bad, buf, len, 40, v, 8);
	ck_assert_int_eq(open_fails(bad), -EINVAL);
	/* unknown compressor */
	patched(bad, buf, len, 16 + 4, "zstd", 4);
	ck_assert_int_eq(open_fails(bad), -ENOTSUP);
	/* version 4 */
	put_be32(v, 4);
	patched(bad, buf, len, 12, v, 4);
	ck_assert_int_eq(open_fails(bad), -ENOTSUP);
	/* the file cut inside the map */
	write_file(bad, buf, len - 3, NULL, 0);
	ck_assert_int_eq(open_fails(bad), -EINVAL);
	/* a corrupt first block: opens, but its sectors fail to read */
	memcpy(v, buf + mapoff + 4, 6); /* firstoffs, 48 bits */
	first = (uint64_t)get_be16(v) << 32 | get_be32(v + 2);
	memset(v, 0xa5, sizeof(v));
	patched(bad, buf, len, first + 4, v, sizeof(v));
	got = open_ok(bad, NULL);
	for (l = -150; l < 20; l++) {
		uint8_t s[2448];

		r = vb_disc_read(got, l, 1, VB_READ_RAW, s);
		ck_assert_msg(r == 0 || r == -EIO || r == -EINVAL, "read %d",
			      r);
		fails += r != 0;
	}
	ck_assert_int_gt(fails, 0);
	ck_assert_int_eq(vb_chd_verify(bad, NULL, NULL), -EIO);
	vb_disc_unref(got);
	free(buf);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

START_TEST(chd_parent_loop)
{
	char *dir = tmpdir("chd");
	const char *a = in_dir(dir, "a.chd", 0), *b = in_dir(dir, "b.chd", 1);
	struct vb_disc *d = dvd_disc(100, false);
	uint8_t *buf;
	size_t len;

	write_chd(d, a, NULL);
	buf = slurp(a, &len);
	/* a names b as its parent, b names a */
	memset(buf + 84, 0x11, 20);
	memset(buf + 104, 0x22, 20);
	write_file(a, buf, len, NULL, 0);
	memset(buf + 84, 0x22, 20);
	memset(buf + 104, 0x11, 20);
	write_file(b, buf, len, NULL, 0);
	ck_assert_int_eq(open_fails(a), -ELOOP);
	free(buf);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

Suite *chd_suite(void); /* run by tests/check_main.c */

Suite *chd_suite(void)
{
	Suite *s = suite_create("chd");
	TCase *tc = tcase_create("chd");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, chd_round_trip_cd);
	tcase_add_test(tc, chd_round_trip_dvd);
	tcase_add_test(tc, chd_parent_child);
	tcase_add_test(tc, chd_malformed);
	tcase_add_test(tc, chd_parent_loop);
	suite_add_tcase(s, tc);
	return s;
}
