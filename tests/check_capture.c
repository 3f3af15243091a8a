/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture in other formats: burn sessions through vb_drive_exec with the
 * drive's format set, then read the derived image back with the formats
 * library and compare every sector with the ISO the drive recorded.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/img.h"
#include "vburn/log.h"

static char dir[64];

static unsigned exec(struct vb_drive *d, const uint8_t *cdb, unsigned len,
		     enum vb_dxfer dir_, uint8_t *buf, uint32_t n)
{
	struct vb_cmd c = { 0 };

	memcpy(c.cdb, cdb, len);
	c.cdb_len = (uint8_t)len;
	c.dir = dir_;
	c.buf = buf;
	c.buf_len = n;
	vb_drive_exec(d, &c);
	return c.status;
}

/* One TAO session of n sectors at the NWA, the disc left appendable, or
 * closed if last. */
static void burn_session_last(struct vb_drive *d, int32_t nwa, uint32_t n,
			      uint8_t fill, bool last)
{
	static uint8_t buf[64 * 2048];
	uint8_t page[8 + 52] = { 0 };
	uint8_t sel[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof(page) };
	uint8_t sync[10] = { 0x35 };
	uint8_t close[10] = { 0x5b, 0, 0x02 };

	page[8] = 0x05;
	page[9] = 0x32;
	page[10] = 0x01;
	page[11] = last ? 0x04 : 0xc4;
	page[12] = 8;
	ck_assert_int_eq(exec(d, sel, 10, VB_DXFER_TO_DEV, page, sizeof(page)),
			 0);
	for (uint32_t i = 0; i < n; i += 64) {
		uint32_t k = VB_MIN(64u, n - i);
		uint8_t w[10] = { 0x2a };

		for (uint32_t j = 0; j < k; j++) {
			memset(buf + j * 2048, fill, 2048);
			put_be32(buf + j * 2048, (uint32_t)nwa + i + j);
		}
		put_be32(w + 2, (uint32_t)nwa + i);
		put_be16(w + 7, (uint16_t)k);
		ck_assert_int_eq(exec(d, w, 10, VB_DXFER_TO_DEV, buf, k * 2048),
				 0);
	}
	ck_assert_int_eq(exec(d, sync, 10, VB_DXFER_NONE, NULL, 0), 0);
	ck_assert_int_eq(exec(d, close, 10, VB_DXFER_NONE, NULL, 0), 0);
}

static void burn_session(struct vb_drive *d, int32_t nwa, uint32_t n,
			 uint8_t fill)
{
	burn_session_last(d, nwa, n, fill, false);
}

/*
 * A drive with options o in a new scratch directory (dir, from tmpl) with a
 * blank of media as <dir>/disc.iso, its media change read away.
 */
static struct vb_drive *new_drive(struct vb_drive_opts *o, const char *tmpl,
				  enum vb_media media)
{
	struct vb_drive *d;
	uint8_t tur[6] = { 0 };
	char err[256], iso[160];

	vb_log_threshold = VB_LOG_ERR;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	o->image_dir = dir;
	d = vb_drive_new(o);
	ck_assert_ptr_nonnull(d);
	snprintf(iso, sizeof(iso), "%s/disc.iso", dir);
	ck_assert_msg(vb_drive_insert_blank(d, media, 0, iso, NULL, err,
					    sizeof(err)) == 0,
		      "%s", err);
	exec(d, tur, 6, VB_DXFER_NONE, NULL, 0);
	return d;
}

/* Frees d and removes its scratch directory. */
static void free_drive(struct vb_drive *d)
{
	char cmd[160];

	vb_drive_free(d);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_capture_formats)
{
	static const char *const fmts[] = { "nrg", "cue" };
	struct vb_drive_opts o = { .format = fmts[_i] };
	struct vb_drive *d =
		new_drive(&o, "/tmp/vburn-capture.XXXXXX", VB_MEDIA_CD_R);
	struct vb_disc *disc;
	struct vb_diag diag;
	const char *fmt;
	char iso[128], img[128];
	uint8_t a[2048], b[2048];
	FILE *f;

	snprintf(iso, sizeof(iso), "%s/disc.iso", dir);
	snprintf(img, sizeof(img), "%s/disc.%s", dir, fmts[_i]);
	burn_session(d, 0, 300, 0x11);
	burn_session(d, 300 + 11400, 100, 0x22);
	vb_drive_sync(d);

	ck_assert_int_eq(vb_img_open(img, NULL, &disc, &fmt, &diag), 0);
	ck_assert_str_eq(fmt, fmts[_i]);
	ck_assert_uint_eq(disc->n_sessions, 2);
	ck_assert_uint_eq(disc->n_tracks, 2);
	ck_assert_int_eq(disc->tracks[1]->start, 11700);
	f = fopen(iso, "rb");
	ck_assert_ptr_nonnull(f);
	for (int32_t lba = 0; lba < 11800; lba++) {
		if (lba >= 300 && lba < 11700)
			continue;
		ck_assert_int_eq(vb_disc_read(disc, lba, 1, VB_READ_USER, a),
				 0);
		ck_assert_int_eq(fseek(f, (long)lba * 2048, SEEK_SET), 0);
		ck_assert_uint_eq(fread(b, 1, 2048, f), 2048);
		ck_assert_mem_eq(a, b, 2048);
	}
	fclose(f);
	vb_disc_unref(disc);
	free_drive(d);
}
END_TEST

/* The NWA of the invisible track (READ TRACK INFORMATION, MMC 6.27). */
static int32_t next_writable(struct vb_drive *d)
{
	uint8_t cdb[10] = { 0x52, 0x01, 0, 0, 0, 0xff, 0, 0, 28 };
	uint8_t *ti = malloc(28);
	int32_t nwa;

	ck_assert_ptr_nonnull(ti);
	ck_assert_int_eq(exec(d, cdb, 10, VB_DXFER_FROM_DEV, ti, 28), 0);
	nwa = (int32_t)get_be32(ti + 12);
	free(ti);
	return nwa;
}

/* Inode and size of dir/name. */
static void file_id(const char *name, struct stat *st)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	ck_assert_int_eq(stat(p, st), 0);
}

/* Are dir/a and dir/b the same bytes? */
static bool same_bytes(const char *a, const char *b)
{
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "cmp -s %s/%s %s/%s", dir, a, dir, b);
	return system(cmd) == 0;
}

/*
 * Each closed session is captured by appending to the data files in
 * place (the same inode grows), and the result is byte for byte what a
 * fresh write of the whole disc gives (docs/architecture.md "The medium is a
 * disc": incremental capture).
 */
static const struct {
	const char *fmt;
	enum vb_media media;
	const char *data[3]; /* data files of the capture, "" none */
	bool tamper; /* change data[0]'s last byte: rewritten, not appended */
} appends[] = {
	{ "cue",
	  VB_MEDIA_CD_R,
	  { "disc.bin", "disc-s2.bin", "disc-s3.bin" },
	  false },
	{ "ccd", VB_MEDIA_CD_R, { "disc.img", "disc.sub", "" }, false },
	{ "mds", VB_MEDIA_CD_R, { "disc.mdf", "", "" }, false },
	{ "mds", VB_MEDIA_DVD_PLUS_R, { "disc.mdf", "", "" }, false },
	{ "ccd", VB_MEDIA_CD_R, { "disc.img", "disc.sub", "" }, true },
};

/* Flips the last byte of dir/name, as a user's edit would. */
static void tamper(const char *name)
{
	char p[160];
	FILE *f;
	int c;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "r+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, -1, SEEK_END), 0);
	c = fgetc(f);
	ck_assert_int_eq(fseek(f, -1, SEEK_END), 0);
	ck_assert_int_eq(fputc(c ^ 0xff, f), c ^ 0xff);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_capture_appends)
{
	struct vb_drive_opts o = { .format = appends[_i].fmt };
	struct vb_drive *d =
		new_drive(&o, "/tmp/vburn-append.XXXXXX", appends[_i].media);
	struct vb_disc *disc;
	struct vb_diag diag;
	struct stat before, after;
	char path[160], cmd[160];
	unsigned k;

	burn_session(d, 0, 300, 0x11);
	vb_drive_sync(d);
	file_id(appends[_i].data[0], &before);
	if (appends[_i].tamper)
		tamper(appends[_i].data[0]);
	burn_session(d, next_writable(d), 100, 0x22);
	burn_session(d, next_writable(d), 200, 0x33);
	vb_drive_sync(d);
	file_id(appends[_i].data[0], &after);
	/* session 1's data file was kept, grown in place (CUE: as is) */
	if (appends[_i].tamper)
		ck_assert_uint_ne(after.st_ino, before.st_ino);
	else
		ck_assert_uint_eq(after.st_ino, before.st_ino);
	ck_assert_int_ge(after.st_size, before.st_size);
	/* ... to what a write of the whole disc from scratch holds */
	snprintf(path, sizeof(path), "%s/disc.%s", dir, appends[_i].fmt);
	ck_assert_int_eq(vb_img_open(path, NULL, &disc, NULL, &diag), 0);
	ck_assert_uint_eq(disc->n_sessions, 3);
	snprintf(path, sizeof(path), "%s/whole/disc.%s", dir, appends[_i].fmt);
	snprintf(cmd, sizeof(cmd), "mkdir %s/whole", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(vb_img_write(disc, path, NULL, NULL, &diag), 0);
	vb_disc_unref(disc);
	for (k = 0; k < 3 && appends[_i].data[k][0]; k++) {
		char w[64];

		snprintf(w, sizeof(w), "whole/%s", appends[_i].data[k]);
		ck_assert_msg(same_bytes(appends[_i].data[k], w), "%s differs",
			      appends[_i].data[k]);
	}
	free_drive(d);
}
END_TEST

/*
 * --format chd --dedup: a finalized disc's store (flat file, log,
 * manifest) goes once its CHD capture is written whole, so the CHD is
 * the one copy (_i 0); an appendable disc keeps its store (_i 1), as
 * only the manifest can take a next session.
 */
START_TEST(test_dedup_store_leaves)
{
	struct vb_drive_opts o = { .format = "chd", .dedup = true };
	const char *const store[] = { "disc.iso", "disc.vbd" };
	struct vb_drive *d =
		new_drive(&o, "/tmp/vburn-dedup.XXXXXX", VB_MEDIA_CD_R);
	struct vb_disc *disc;
	struct vb_diag diag;
	uint8_t *user = malloc(2048);
	char path[160];

	burn_session_last(d, 0, 300, 0x11, _i == 0);
	ck_assert_int_eq(vb_drive_eject(d), 0);
	for (size_t i = 0; i < VB_ARRAY_SIZE(store); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, store[i]);
		ck_assert_msg((access(path, F_OK) == 0) == (_i == 1), "%s: %s",
			      path, _i ? "gone" : "still there");
	}
	snprintf(path, sizeof(path), "%s/disc.chd", dir);
	ck_assert_int_eq(vb_img_open(path, NULL, &disc, NULL, &diag), 0);
	ck_assert_int_eq(vb_disc_read(disc, 7, 1, VB_READ_USER, user), 0);
	ck_assert_uint_eq(get_be32(user), 7);
	ck_assert_uint_eq(user[2047], 0x11);
	vb_disc_unref(disc);
	free_drive(d);
	free(user);
}
END_TEST

/*
 * A blank goes in only if the capture format can hold its kind of disc,
 * with the writer's reason; a CD takes every format.
 */
START_TEST(test_format_must_hold_medium)
{
	static const char *const cd_fmts[] = { "auto", "iso", "nrg", "ccd",
					       "mds",  "cue", "toc" };
	struct vb_drive_opts o = { .image_dir = dir, .format = "ccd" };
	struct vb_drive *d;
	char err[256] = "", path[160];
	unsigned i;

	vb_log_threshold = VB_LOG_ERR;
	snprintf(dir, sizeof(dir), "/tmp/vburn-holds.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	d = vb_drive_new(&o); /* outputs go into its image directory */
	ck_assert_ptr_nonnull(d);
	snprintf(path, sizeof(path), "%s/x.iso", dir);
	ck_assert_int_eq(vb_drive_insert_blank(d, VB_MEDIA_DVD_PLUS_R, 0, path,
					       NULL, err, sizeof(err)),
			 -EMEDIUMTYPE);
	ck_assert_str_eq(err,
			 "capture format ccd: a CloneCD image holds only CDs");
	ck_assert_int_eq(access(path, F_OK), -1); /* no store was made */
	ck_assert_int_eq(vb_drive_insert_blank(d, VB_MEDIA_BD_R, 0, path, "mds",
					       err, sizeof(err)),
			 -EMEDIUMTYPE);
	ck_assert_ptr_nonnull(strstr(err, "capture format mds: "));
	ck_assert_int_eq(vb_drive_insert_blank(d, VB_MEDIA_DVD_PLUS_R, 0, path,
					       "mds", err, sizeof(err)),
			 0);
	for (i = 0; i < VB_ARRAY_SIZE(cd_fmts); i++) {
		snprintf(path, sizeof(path), "%s/cd-%s.iso", dir, cd_fmts[i]);
		ck_assert_msg(!vb_drive_insert_blank(d, VB_MEDIA_CD_R, 0, path,
						     cd_fmts[i], err,
						     sizeof(err)),
			      "%s: %s", cd_fmts[i], err);
	}
	free_drive(d);
}
END_TEST

START_TEST(test_unknown_format_refused)
{
	struct vb_drive_opts o = { .image_dir = "/tmp", .format = "zip" };

	ck_assert_ptr_null(vb_drive_new(&o));
}
END_TEST

Suite *capture_suite(void)
{
	Suite *s = suite_create("capture");
	TCase *tc = tcase_create("formats");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_capture_formats, 0, 2);
	tcase_add_loop_test(tc, test_capture_appends, 0,
			    (int)VB_ARRAY_SIZE(appends));
	tcase_add_test(tc, test_format_must_hold_medium);
	tcase_add_test(tc, test_unknown_format_refused);
	tcase_add_loop_test(tc, test_dedup_store_leaves, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
