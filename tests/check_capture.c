/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture in other formats: burn sessions through vb_drive_exec with the
 * drive's format set, then read the derived image back with the formats
 * library and compare every sector with the ISO the drive recorded.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One TAO session of n sectors at the NWA, left appendable. */
static void burn_session(struct vb_drive *d, int32_t nwa, uint32_t n,
			 uint8_t fill)
{
	static uint8_t buf[64 * 2048];
	uint8_t page[8 + 52] = { 0 };
	uint8_t sel[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof(page) };
	uint8_t sync[10] = { 0x35 };
	uint8_t close[10] = { 0x5b, 0, 0x02 };

	page[8] = 0x05;
	page[9] = 0x32;
	page[10] = 0x01;
	page[11] = 0xc4;
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

START_TEST(test_capture_formats)
{
	static const char *const fmts[] = { "nrg", "cue" };
	struct vb_drive_opts o = { 0 };
	struct vb_drive *d;
	struct vb_disc *disc;
	struct vb_diag diag;
	const char *fmt;
	char err[256], iso[128], img[128], cmd[160];
	uint8_t tur[6] = { 0 }, a[2048], b[2048];
	FILE *f;

	vb_log_threshold = VB_LOG_ERR;
	snprintf(dir, sizeof(dir), "/tmp/vburn-capture.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	o.image_dir = dir;
	o.format = fmts[_i];
	d = vb_drive_new(&o);
	ck_assert_ptr_nonnull(d);
	snprintf(iso, sizeof(iso), "%s/disc.iso", dir);
	snprintf(img, sizeof(img), "%s/disc.%s", dir, fmts[_i]);
	ck_assert_int_eq(vb_drive_insert_blank(d, VB_MEDIA_CD_R, 0, iso, NULL,
					       err, sizeof(err)),
			 0);
	exec(d, tur, 6, VB_DXFER_NONE, NULL, 0);
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
	vb_drive_free(d);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
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
	tcase_add_test(tc, test_unknown_format_refused);
	suite_add_tcase(s, tc);
	return s;
}
