/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Long operations (daemon/busy.c): BLANK, FORMAT UNIT and CLOSE
 * TRACK/SESSION with Immed leave the drive NOT READY with 02/04/07 or
 * 02/04/04 and a rising progress indication (sense bytes 15-17) in
 * TEST UNIT READY and REQUEST SENSE for the drive's simulated time, then
 * ready; without Immed the command itself takes that time. Timings are
 * checked as ranges, never exact.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mmc_util.h"

#define OP_MS 300

static void busy_setup(void)
{
	struct vb_drive_opts o = { 0 };

	mu_setup();
	vb_drive_free(drv);
	o.image_dir = mu_dir;
	o.op_ms = OP_MS;
	drv = vb_drive_new(&o);
	ck_assert_ptr_nonnull(drv);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* TEST UNIT READY: its sense; *progress gets bytes 16-17, or -1
 * without SKSV. */
static unsigned tur(int *progress)
{
	uint8_t cdb[6] = { 0x00 };
	struct vb_cmd c;
	unsigned s = run(cdb, sizeof(cdb), VB_DXFER_NONE, NULL, 0, &c);

	*progress = s && (c.sense[15] & 0x80) ? get_be16(c.sense + 16) : -1;
	return s;
}

/* REQUEST SENSE of 18 bytes, which must be GOOD: the sense it reports,
 * and *progress as tur() does. */
static unsigned request_sense(int *progress)
{
	uint8_t cdb[6] = { 0x03, 0, 0, 0, 18 };

	ck_assert_uint_eq(IN(cdb, 18), 0);
	*progress = buf[15] & 0x80 ? get_be16(buf + 16) : -1;
	return (unsigned)(buf[2] & 0x0f) << 16 | buf[12] << 8 | buf[13];
}

/*
 * Polls as libburn's wait loop does until TEST UNIT READY is GOOD: every
 * poll before that says busy (sense) with a progress that never goes
 * back. Returns the milliseconds it took from t0.
 */
static double wait_ready(unsigned sense, double t0)
{
	int last = -1, p, polls = 0;
	unsigned s;

	while ((s = tur(&p)) != 0) {
		ck_assert_uint_eq(s, sense);
		ck_assert_int_ge(p, last);
		ck_assert_int_le(p, 0xffff);
		last = p;
		ck_assert_int_lt(++polls, 2000); /* 2 s and more: stuck */
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	ck_assert_int_gt(polls, 0);
	return now_ms() - t0;
}

START_TEST(test_blank_immed)
{
	uint8_t blank[12] = { 0xa1, 0x11 }; /* Immed, minimal */
	uint8_t inq[6] = { 0x12, 0, 0, 0, 36 };
	uint8_t di[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };
	double t0, ms;
	int p;

	insert(VB_MEDIA_CD_RW);
	t0 = now_ms();
	ck_assert_uint_eq(NODATA(blank), 0);
	/* busy: medium commands refused with progress, others served */
	ck_assert_uint_eq(tur(&p), 0x020407);
	ck_assert_int_ge(p, 0);
	ck_assert_uint_eq(request_sense(&p), 0x020407);
	ck_assert_int_ge(p, 0);
	ck_assert_uint_eq(IN(inq, 36), 0);
	ck_assert_uint_eq(IN(di, 34), 0x020407);
	ms = wait_ready(0x020407, t0);
	ck_assert_double_ge(ms, OP_MS * 0.9);
	ck_assert_double_lt(ms, OP_MS * 5.0);
	/* done: nothing pending, no progress */
	ck_assert_uint_eq(request_sense(&p), 0);
	ck_assert_int_eq(p, -1);
	ck_assert_uint_eq(IN(di, 34), 0);
	ck_assert_uint_eq(buf[2] & 0x03, 0); /* empty disc */
}
END_TEST

START_TEST(test_blank_not_immed)
{
	uint8_t blank[12] = { 0xa1, 0x01 };
	double t0;
	int p;

	insert(VB_MEDIA_CD_RW);
	t0 = now_ms();
	ck_assert_uint_eq(NODATA(blank), 0);
	ck_assert_double_ge(now_ms() - t0, OP_MS * 0.9);
	ck_assert_uint_eq(tur(&p), 0);
}
END_TEST

/* Status: the drive's own time counts a slow command, and the client's
 * pauses do not (media.h, the figures bench/ reports). */
START_TEST(test_drive_time)
{
	double secs;
	char st[4096];
	unsigned long n;
	unsigned waits;
	const char *p;
	int p2;

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(select_tao(false, true), 0);
	ck_assert_uint_eq(write_blocks(0, 300, 0x5a), 0);
	close_track(); /* without Immed: OP_MS long */
	ck_assert_uint_eq(tur(&p2), 0);
	vb_drive_status_json(drv, st, sizeof(st));
	p = strstr(st, "\"drive_time\": {");
	ck_assert_msg(p && sscanf(p,
				  "\"drive_time\": {\"commands\": %lu, "
				  "\"seconds\": %lf}",
				  &n, &secs) == 2,
		      "%s", st);
	ck_assert_uint_eq(n, 2 + 4); /* mu_settle's, and the burn's */
	ck_assert_double_ge(secs, OP_MS * 0.9 / 1000);
	ck_assert_double_lt(secs, OP_MS * 5.0 / 1000);
	p = strstr(st, "\"client_waits\": {");
	ck_assert_msg(p && sscanf(p, "\"client_waits\": {\"count\": %u,",
				  &waits) == 1,
		      "%s", st);
	ck_assert_uint_eq(waits, 0);
}
END_TEST

START_TEST(test_format_immed)
{
	double t0;
	int p;

	insert(VB_MEDIA_DVD_PLUS_RW);
	t0 = now_ms();
	ck_assert_uint_eq(format_unit(0xffffffffu, 0x26, 0), 0);
	ck_assert_uint_eq(request_sense(&p), 0x020404);
	ck_assert_int_ge(p, 0);
	ck_assert_double_ge(wait_ready(0x020404, t0), OP_MS * 0.9);
}
END_TEST

START_TEST(test_close_immed)
{
	uint8_t close_s[10] = { 0x5b, 0x01, 0x02 };
	double t0;
	int p;

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(select_tao(false, true), 0);
	ck_assert_uint_eq(write_blocks(0, 300, 0x5a), 0);
	sync_cache();
	close_track();
	t0 = now_ms();
	ck_assert_uint_eq(NODATA(close_s), 0);
	ck_assert_double_ge(wait_ready(0x020407, t0), OP_MS * 0.9);
	/* a refused close starts nothing */
	close_s[2] = 0x04;
	ck_assert_uint_eq(NODATA(close_s), 0x052400);
	ck_assert_uint_eq(tur(&p), 0);
}
END_TEST

/* An eject ends the report: the new medium is not busy. */
START_TEST(test_busy_ends_with_medium)
{
	uint8_t blank[12] = { 0xa1, 0x11 };
	int p;

	insert(VB_MEDIA_CD_RW);
	ck_assert_uint_eq(NODATA(blank), 0);
	ck_assert_uint_eq(tur(&p), 0x020407);
	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(tur(&p), 0);
}
END_TEST

Suite *busy_suite(void)
{
	Suite *s = suite_create("busy");
	TCase *tc = tcase_create("busy");

	tcase_add_checked_fixture(tc, busy_setup, mu_teardown);
	tcase_add_test(tc, test_blank_immed);
	tcase_add_test(tc, test_blank_not_immed);
	tcase_add_test(tc, test_drive_time);
	tcase_add_test(tc, test_format_immed);
	tcase_add_test(tc, test_close_immed);
	tcase_add_test(tc, test_busy_ends_with_medium);
	suite_add_tcase(s, tc);
	return s;
}
