/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DVD-RW in its two modes (daemon/media_dvdrw.c, mmc_dvdrw.c): a blank
 * DVD-RW is sequential (profile 14h) and lists its formats; FORMAT UNIT
 * (00h full, 15h quick) makes it restricted overwrite (13h): profile,
 * features (0026h current, 002Fh not) and the overwritable model follow,
 * quick grow (13h) keeps the data, and BLANK makes it sequential again.
 * DVD+R DL: READ DISC STRUCTURE reports two layers and the layer break.
 * Every buffer is malloc'ed at exactly the length under test.
 */
#include <check.h>
#include <string.h>

#include "mmc_util.h"

#define CAP 4096u

/* GET CONFIGURATION of one feature (RT 2): whether it is current; the
 * header's CURRENT PROFILE stays in buf. */
static bool feature_current(uint16_t code)
{
	uint8_t cdb[10] = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 16 };

	put_be16(cdb + 2, code);
	ck_assert_uint_eq(IN(cdb, 16), 0);
	return get_be32(buf) >= 8 && get_be16(buf + 8) == code &&
	       (buf[10] & 0x01);
}

static uint16_t profile(void)
{
	feature_current(0x0000);
	return get_be16(buf + 6);
}

static uint32_t read_capacity_last(void)
{
	uint8_t cdb[10] = { 0x25 };

	ck_assert_uint_eq(IN(cdb, 8), 0);
	return get_be32(buf);
}

static unsigned read10(int32_t lba, uint16_t n)
{
	uint8_t cdb[10] = { 0x28 };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	return IN(cdb, (uint32_t)n * 2048);
}

/*
 * A blank DVD-RW: sequential, DVD-R/-RW Write (002Fh) current, listed
 * formats 00h (full) and 15h (quick) with the whole capacity; writes
 * outside a track's NWA are a sequential disc's business.
 */
START_TEST(test_sequential)
{
	insert_cap(VB_MEDIA_DVD_RW, CAP);
	ck_assert_uint_eq(profile(), 0x0014);
	ck_assert(feature_current(0x002f));
	ck_assert(!feature_current(0x0026));
	ck_assert(feature_current(0x0023));
	ck_assert_uint_eq(read_format_caps(4), 0);
	ck_assert_uint_eq(buf[3], 24); /* current + two formats */
	ck_assert_uint_eq(read_format_caps(28), 0);
	ck_assert_uint_eq(buf[8], 0x01); /* unformatted */
	ck_assert_uint_eq(get_be32(buf + 12), CAP);
	ck_assert_uint_eq(buf[16], 0x00 << 2);
	ck_assert_uint_eq(get_be24(buf + 17), 16);
	ck_assert_uint_eq(get_be32(buf + 20), CAP);
	ck_assert_uint_eq(buf[24], 0x15 << 2);
}
END_TEST

/*
 * FORMAT UNIT 15h (libburn) turns it into restricted overwrite: profile
 * 13h, 0026h current, 002Fh not, random writes read back, READ CAPACITY
 * the formatted size; quick grow (13h, growisofs) is listed and keeps the
 * data; BLANK makes the disc sequential and blank again.
 */
START_TEST(test_restricted_overwrite)
{
	uint8_t blank[12] = { 0xa1, 0x11 };
	uint8_t sync[10] = { 0x35 };

	insert_cap(VB_MEDIA_DVD_RW, CAP);
	ck_assert_uint_eq(format_unit(CAP, 0x15, 0), 0);
	ck_assert_uint_eq(profile(), 0x0013);
	ck_assert(feature_current(0x0026));
	ck_assert(!feature_current(0x002f));
	ck_assert(feature_current(0x0023));
	ck_assert_uint_eq(read_capacity_last(), CAP - 1);
	ck_assert_uint_eq(write_blocks(32, 16, 7), 0);
	ck_assert_uint_eq(write_blocks(16, 16, 8), 0);
	ck_assert_uint_eq(NODATA(sync), 0);
	ck_assert_uint_eq(read10(16, 32), 0);
	ck_assert_uint_eq(buf[100], 8);
	ck_assert_uint_eq(buf[16 * 2048 + 100], 7);
	ck_assert_uint_eq(read_format_caps(36), 0);
	ck_assert_uint_eq(buf[3], 32);
	ck_assert_uint_eq(buf[8], 0x02); /* formatted */
	ck_assert_uint_eq(buf[24], 0x13 << 2);
	/* quick grow: the data stays */
	ck_assert_uint_eq(format_unit(CAP, 0x13, 16), 0);
	ck_assert_uint_eq(read10(16, 1), 0);
	ck_assert_uint_eq(buf[100], 8);
	ck_assert_uint_eq(profile(), 0x0013);
	/* a format the disc does not list */
	ck_assert_uint_eq(format_unit(CAP, 0x26, 0), 0x052600);

	ck_assert_uint_eq(NODATA(blank), 0);
	ck_assert_uint_eq(profile(), 0x0014);
	ck_assert(feature_current(0x002f));
	ck_assert_uint_eq(read_format_caps(12), 0);
	ck_assert_uint_eq(buf[8], 0x01);
}
END_TEST

/* A full format (00h, dvd+rw-format) of a sequential disc that holds a
 * track gives a fresh restricted overwrite disc of zeros. */
START_TEST(test_full_format_written)
{
	uint8_t close_track[10] = { 0x5b, 0, 0x01, 0, 0, 1 };
	uint8_t nodata[6] = { 0x04 };

	insert_cap(VB_MEDIA_DVD_RW, CAP);
	ck_assert_uint_eq(write_blocks(0, 32, 3), 0);
	ck_assert_uint_eq(NODATA(close_track), 0);
	ck_assert_uint_eq(format_unit(0xffffffff, 0x00, 16), 0);
	ck_assert_uint_eq(profile(), 0x0013);
	ck_assert_uint_eq(read10(0, 1), 0);
	ck_assert_uint_eq(buf[100], 0);
	/* without FMTDATA: the default, a full format again */
	ck_assert_uint_eq(NODATA(nodata), 0);
	ck_assert_uint_eq(profile(), 0x0013);
	ck_assert_uint_eq(read_capacity_last(), CAP - 1);
}
END_TEST

/* READ DISC STRUCTURE format fmt into a buffer of len. */
static unsigned rds(uint8_t fmt, uint16_t len)
{
	uint8_t cdb[12] = { 0xad };

	cdb[7] = fmt;
	put_be16(cdb + 8, len);
	return IN(cdb, len);
}

/*
 * DVD+R DL: format 00h says two layers (NUMBER OF LAYERS 01b) and ends
 * layer 0 at half the capacity; format 20h gives the same L0 data zone
 * capacity (growisofs' and libburn's layer break). SEND DISC STRUCTURE
 * 20h (growisofs -dvd-compat) moves the break before anything is
 * recorded: whole ECC blocks within the first half only, and never once
 * a track is written. A single-layer DVD+R has one layer and no format
 * 20h either way.
 */
static unsigned sds(uint32_t l0, uint16_t len)
{
	uint8_t cdb[12] = { 0xbf, 0, 0, 0, 0, 0, 0, 0x20 };
	uint8_t *p = calloc(1, 12);
	unsigned st;

	put_be16(p, 10);
	put_be32(p + 8, l0);
	put_be16(cdb + 8, len);
	st = run(cdb, 12, VB_DXFER_TO_DEV, p, len, NULL);
	free(p);
	return st;
}

START_TEST(test_dvd_plus_r_dl)
{
	const uint32_t cap = 4173824; /* the media table's DVD+R DL */
	const uint32_t l0 = 1000000;

	insert(VB_MEDIA_DVD_PLUS_R_DL);
	ck_assert_uint_eq(rds(0x20, 12), 0);
	ck_assert_uint_eq(buf[4] & 0x80, 0); /* INIT STATUS: not set */
	ck_assert_uint_eq(sds(l0, 8), 0x051a00);
	ck_assert_uint_eq(sds(l0 + 1, 12), 0x052600);
	ck_assert_uint_eq(sds(cap / 2 + 16, 12), 0x052600);
	ck_assert_uint_eq(sds(0, 12), 0x052600);
	ck_assert_uint_eq(sds(l0, 12), 0);
	ck_assert_uint_eq(rds(0x20, 12), 0);
	ck_assert_uint_eq(buf[4] & 0x80, 0x80);
	ck_assert_uint_eq(get_be32(buf + 8), l0);
	ck_assert_uint_eq(rds(0x00, 2052), 0);
	ck_assert_uint_eq(get_be32(buf + 16), 0x30000 + l0 - 1);
	ck_assert_uint_eq(write_blocks(0, 16, 1), 0);
	ck_assert_uint_eq(sds(l0 + 16, 12), 0x052c00);
	vb_drive_eject(drv);
	insert(VB_MEDIA_DVD_PLUS_R_DL);
	ck_assert_uint_eq(profile(), 0x002b);
	ck_assert_uint_eq(rds(0x00, 2052), 0);
	ck_assert_uint_eq(buf[6] & 0x60, 0x20); /* two layers */
	ck_assert_uint_eq(get_be32(buf + 16), 0x30000 + cap / 2 - 1);
	ck_assert_uint_eq(rds(0x20, 12), 0);
	ck_assert_uint_eq(get_be16(buf), 10);
	ck_assert_uint_eq(get_be32(buf + 8), cap / 2);
	vb_drive_eject(drv);
	insert(VB_MEDIA_DVD_PLUS_R);
	ck_assert_uint_eq(rds(0x00, 2052), 0);
	ck_assert_uint_eq(buf[6] & 0x60, 0);
	ck_assert_uint_eq(rds(0x20, 12), 0x052400);
	ck_assert_uint_eq(sds(l0, 12), 0x052400);
}
END_TEST

Suite *dvdrw_suite(void)
{
	Suite *s = suite_create("dvdrw");
	TCase *tc = tcase_create("dvdrw");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_sequential);
	tcase_add_test(tc, test_restricted_overwrite);
	tcase_add_test(tc, test_full_format_written);
	tcase_add_test(tc, test_dvd_plus_r_dl);
	suite_add_tcase(s, tc);
	return s;
}
