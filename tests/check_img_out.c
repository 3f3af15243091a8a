/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commits of image files (formats/img_out.c): a set of files appears
 * whole; a failure injected mid-sequence (a final name taken by a
 * non-empty directory, which rename(2) refuses with EISDIR) leaves no
 * new file of the set and every previous version as it was, at the
 * first data file, in the middle and at the descriptor; the same through
 * the CCD writer; and no temporary or old-version file is left behind.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vburn/img.h"

#include "formats_util.h"

/* check_ccd.c: a two-session CD in memory. */
struct vb_disc *fmt_mem_disc(bool open);

static const char *const io_names[] = { "x.img", "x.sub", "x.ccd" };

static char io_path[3][160];

/* Opens the set x.img, x.sub, x.ccd in dir with "new <name>" in each. */
static void io_open_set(const char *dir, struct img_out *o)
{
	unsigned i;

	for (i = 0; i < 3; i++) {
		char text[32];

		snprintf(io_path[i], sizeof(io_path[i]), "%s/%s", dir,
			 io_names[i]);
		snprintf(text, sizeof(text), "new %s", io_names[i]);
		ck_assert_int_eq(img_out_open(&o[i], io_path[i]), 0);
		ck_assert_int_eq(img_out_write(&o[i], text, strlen(text)), 0);
	}
}

static int io_commit(struct img_out *o)
{
	struct img_out *const set[] = { &o[0], &o[1], &o[2] };

	return img_out_commit_all(set, 3);
}

/* The content of a file, "" if absent ("<dir>" if a directory). */
static const char *io_read(const char *path)
{
	static char buf[64];
	struct stat st;
	FILE *f;
	size_t n;

	if (stat(path, &st))
		return "";
	if (S_ISDIR(st.st_mode))
		return "<dir>";
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

/* Names in dir, sorted, space-separated ("a b c"). */
static const char *io_list(const char *dir)
{
	static char out[512];
	struct dirent **de;
	int n, i;

	n = scandir(dir, &de, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	out[0] = 0;
	for (i = 0; i < n; i++) {
		if (de[i]->d_name[0] != '.') {
			if (out[0])
				strcat(out, " ");
			strcat(out, de[i]->d_name);
		}
		free(de[i]);
	}
	free(de);
	return out;
}

/* A non-empty directory at name (rename(2) onto it: EISDIR). */
static void io_block(const char *dir, const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/%s/keep", dir, name);
	write_file(p, "k", 1, NULL, 0);
}

static void io_old(const char *dir, const char *name)
{
	char p[256], text[32];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	snprintf(text, sizeof(text), "old %s", name);
	write_file(p, text, strlen(text), NULL, 0);
}

START_TEST(test_commit_set)
{
	const char *dir = tmpdir("io");
	struct img_out o[3];
	unsigned i;

	io_old(dir, "x.img"); /* a previous version is replaced */
	io_open_set(dir, o);
	ck_assert_int_eq(io_commit(o), 0);
	for (i = 0; i < 3; i++) {
		char want[32];

		snprintf(want, sizeof(want), "new %s", io_names[i]);
		ck_assert_str_eq(io_read(io_path[i]), want);
		ck_assert_int_eq(o[i].fd, -1);
		ck_assert_ptr_null(o[i].tmp);
		img_out_abort(&o[i]); /* a no-op after the commit */
	}
	ck_assert_str_eq(io_list(dir), "x.ccd x.img x.sub");
	rm_rf(dir);
}
END_TEST

/* A fresh set whose 2nd or 3rd name is blocked: no file of it appears. */
START_TEST(test_fail_fresh)
{
	const char *dir = tmpdir("io");
	const char *blocked = io_names[1 + _i];
	struct img_out o[3];

	io_block(dir, blocked);
	io_open_set(dir, o);
	ck_assert_int_eq(io_commit(o), -EISDIR);
	ck_assert_str_eq(io_list(dir), blocked);
	rm_rf(dir);
}
END_TEST

/*
 * Previous versions of every file, a name blocked at the first data file,
 * the second, or the descriptor (after both data files were replaced):
 * every old file is back, with its content, and nothing else is left.
 */
START_TEST(test_fail_keeps_old)
{
	const char *dir = tmpdir("io");
	const char *blocked = io_names[_i];
	struct img_out o[3];
	unsigned i;

	for (i = 0; i < 3; i++)
		if (i != (unsigned)_i)
			io_old(dir, io_names[i]);
	io_block(dir, blocked);
	io_open_set(dir, o);
	ck_assert_int_eq(io_commit(o), -EISDIR);
	for (i = 0; i < 3; i++) {
		char want[32];

		snprintf(want, sizeof(want), "old %s", io_names[i]);
		ck_assert_str_eq(io_read(io_path[i]),
				 i == (unsigned)_i ? "<dir>" : want);
	}
	ck_assert_str_eq(io_list(dir), "x.ccd x.img x.sub");
	rm_rf(dir);
}
END_TEST

/* One file (ISO, NRG): refused target, the temp file is gone. */
START_TEST(test_single_fail)
{
	const char *dir = tmpdir("io");
	struct img_out o;
	char p[160];

	io_block(dir, "a.iso");
	snprintf(p, sizeof(p), "%s/a.iso", dir);
	ck_assert_int_eq(img_out_open(&o, p), 0);
	ck_assert_int_eq(img_out_write(&o, "data", 4), 0);
	ck_assert_int_eq(img_out_commit(&o), -EISDIR);
	ck_assert_str_eq(io_list(dir), "a.iso");
	snprintf(p, sizeof(p), "%s/b.iso", dir);
	ck_assert_int_eq(img_out_open(&o, p), 0);
	ck_assert_int_eq(img_out_write(&o, "data", 4), 0);
	ck_assert_int_eq(img_out_commit(&o), 0);
	ck_assert_str_eq(io_read(p), "data");
	ck_assert_str_eq(io_list(dir), "a.iso b.iso");
	rm_rf(dir);
}
END_TEST

/* Skipped entries (never opened) and an empty set. */
START_TEST(test_skip_unopened)
{
	const char *dir = tmpdir("io");
	struct img_out a, none = { .fd = -1 };
	struct img_out *const set[] = { &a, &none };
	char p[160];

	snprintf(p, sizeof(p), "%s/a.bin", dir);
	ck_assert_int_eq(img_out_open(&a, p), 0);
	ck_assert_int_eq(img_out_commit_all(set, 2), 0);
	ck_assert_str_eq(io_list(dir), "a.bin");
	ck_assert_int_eq(img_out_commit_all(set, 0), 0);
	rm_rf(dir);
}
END_TEST

/* The whole of dir/name, owned, its size in *len. */
static char *io_slurp(const char *dir, const char *name, size_t *len)
{
	char p[256], *buf;
	long n;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* dir/name holds exactly len bytes of want. */
static void io_same(const char *dir, const char *name, const char *want,
		    size_t len)
{
	size_t n;
	char *got = io_slurp(dir, name, &n);

	ck_assert_uint_eq(n, len);
	ck_assert_msg(!memcmp(got, want, len), "%s changed", name);
	free(got);
}

/*
 * Through the CCD writer: a second image over a first one, its .sub name
 * taken by a directory, fails and leaves the first .ccd and .img as they
 * were.
 */
START_TEST(test_writer_keeps_old)
{
	const char *dir = tmpdir("io");
	struct vb_disc *a = fmt_mem_disc(false), *b = fmt_mem_disc(true);
	struct vb_diag diag = { "" };
	char p[160], *ccd, *img;
	size_t nccd, nimg;

	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	ck_assert_int_eq(vb_img_write(a, p, NULL, NULL, &diag), 0);
	ccd = io_slurp(dir, "x.ccd", &nccd);
	img = io_slurp(dir, "x.img", &nimg);
	snprintf(p, sizeof(p), "%s/x.sub", dir);
	ck_assert_int_eq(unlink(p), 0);
	io_block(dir, "x.sub");

	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	ck_assert_int_eq(vb_img_write(b, p, NULL, NULL, &diag), -EISDIR);
	ck_assert_ptr_nonnull(strstr(diag.msg, "x.ccd"));
	ck_assert_str_eq(io_list(dir), "x.ccd x.img x.sub");
	io_same(dir, "x.ccd", ccd, nccd);
	io_same(dir, "x.img", img, nimg);
	free(img);
	free(ccd);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/*
 * A data file appended in place (img_out_open_data with append): its
 * kept bytes are compared, not rewritten; a commit keeps its inode; a
 * failed commit, a mismatch or a writer that stops short leaves it as
 * it was.
 */
START_TEST(test_append_in_place)
{
	static const struct vb_img_wopts app = { .append = true };
	const char *dir = tmpdir("io");
	struct img_out o[3];
	struct img_out *const set[] = { &o[0], &o[1], &o[2] };
	struct stat before, after;
	char p[3][160];
	unsigned i;

	for (i = 0; i < 3; i++)
		snprintf(p[i], sizeof(p[i]), "%s/%s", dir, io_names[i]);
	io_old(dir, "x.img");
	ck_assert_int_eq(stat(p[0], &before), 0);

	/* the descriptor's rename fails: x.img is cut back to its old end */
	io_block(dir, "x.ccd");
	ck_assert_int_eq(img_out_open_data(&o[0], p[0], &app), 0);
	ck_assert(o[0].in_place);
	ck_assert_int_eq(img_out_write(&o[0], "old x.img more", 14), 0);
	ck_assert_int_eq(img_out_open(&o[1], p[1]), 0);
	ck_assert_int_eq(img_out_open(&o[2], p[2]), 0);
	ck_assert_int_eq(img_out_commit_all(set, 3), -EISDIR);
	ck_assert_str_eq(io_read(p[0]), "old x.img");
	ck_assert_str_eq(io_list(dir), "x.ccd x.img");
	rm_rf(p[2]);

	/* a kept byte differs: -ESTALE, and the abort keeps the file */
	ck_assert_int_eq(img_out_open_data(&o[0], p[0], &app), 0);
	ck_assert_int_eq(img_out_write(&o[0], "old x.IMG more", 14), -ESTALE);
	img_out_abort(&o[0]);
	ck_assert_str_eq(io_read(p[0]), "old x.img");

	/* the writer ends inside the kept part: -ESTALE at the commit */
	ck_assert_int_eq(img_out_open_data(&o[0], p[0], &app), 0);
	ck_assert_int_eq(img_out_write(&o[0], "old", 3), 0);
	ck_assert_int_eq(img_out_commit_all(set, 1), -ESTALE);
	ck_assert_str_eq(io_read(p[0]), "old x.img");

	/* the whole set: x.img grown in place, the others new */
	ck_assert_int_eq(img_out_open_data(&o[0], p[0], &app), 0);
	ck_assert_int_eq(img_out_write(&o[0], "old x.img more", 14), 0);
	ck_assert_int_eq(img_out_open_data(&o[1], p[1], &app), 0);
	ck_assert(!o[1].in_place); /* no file yet: written anew */
	ck_assert_int_eq(img_out_open(&o[2], p[2]), 0);
	ck_assert_int_eq(img_out_write(&o[2], "ccd", 3), 0);
	ck_assert_int_eq(img_out_commit_all(set, 3), 0);
	ck_assert_str_eq(io_read(p[0]), "old x.img more");
	ck_assert_str_eq(io_read(p[2]), "ccd");
	ck_assert_int_eq(stat(p[0], &after), 0);
	ck_assert_uint_eq(after.st_ino, before.st_ino);
	ck_assert_str_eq(io_list(dir), "x.ccd x.img x.sub");
	rm_rf(dir);
}
END_TEST

Suite *img_out_suite(void)
{
	Suite *s = suite_create("img_out");
	TCase *tc = tcase_create("commit");

	tcase_add_test(tc, test_commit_set);
	tcase_add_loop_test(tc, test_fail_fresh, 0, 2);
	tcase_add_loop_test(tc, test_fail_keeps_old, 0, 3);
	tcase_add_test(tc, test_single_fail);
	tcase_add_test(tc, test_skip_unopened);
	tcase_add_test(tc, test_writer_keeps_old);
	tcase_add_test(tc, test_append_in_place);
	suite_add_tcase(s, tc);
	return s;
}
