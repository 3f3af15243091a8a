/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MODE SELECT and MODE SENSE through vb_drive_exec (daemon/mode.c):
 * parameter lists that are cut short, pages whose length field is too
 * small for the fields the drive reads, and good lists that must still
 * work. Every list is handed over in a heap buffer of exactly its length
 * (mmc_util.h), so an over-read is an ASan report in make unit-asan.
 */
#include "mmc_util.h"

/* MODE SELECT(10), PF=1, of the n bytes at p; returns the sense. */
static unsigned select10(const uint8_t *p, uint16_t n)
{
	uint8_t cdb[10] = { 0x55, 0x10 };
	uint8_t copy[256];

	ck_assert_uint_le(n, sizeof(copy));
	memcpy(copy, p, n);
	put_be16(cdb + 7, n);
	return OUT(cdb, copy, n);
}

/* MODE SENSE(10) page 05 current values into buf; returns the sense. */
static unsigned sense05(void)
{
	uint8_t cdb[10] = { 0x5a, 0x08, 0x05, 0, 0, 0, 0, 0, 255 };

	return IN(cdb, 255);
}

/*
 * The report that found the heap over-read: a 10-byte list, an 8-byte
 * header and a page 05 whose PAGE LENGTH is 0. The page is inside the
 * list but too short for the fields page 05 carries: INVALID FIELD IN
 * PARAMETER LIST (SPC-4 6.9: a page length other than the one MODE
 * SENSE reports), and nothing past byte 9 is read.
 */
START_TEST(test_select_zero_length_page05)
{
	const uint8_t p[10] = { [8] = 0x05, [9] = 0x00 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(select10(p, sizeof(p)), 0x052600);
}
END_TEST

/* The same in MODE SELECT(6): a 4-byte header and a 2-byte page. */
START_TEST(test_select6_zero_length_page05)
{
	uint8_t cdb[6] = { 0x15, 0x10, 0, 0, 6 };
	uint8_t p[6] = { [4] = 0x05, [5] = 0x00 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(OUT(cdb, p, sizeof(p)), 0x052600);
}
END_TEST

/* Page lengths 1..13 cut page 05 before its audio pause length field:
 * refused, and the stored page is unchanged. */
START_TEST(test_select_short_page05)
{
	uint8_t p[8 + 2 + 13] = { 0 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(sense05(), 0);
	ck_assert_int_eq(buf[8 + 3] >> 6, 0); /* multi-session off */
	for (uint8_t pl = 1; pl <= 13; pl++) {
		memset(p, 0, sizeof(p));
		p[8] = 0x05;
		p[9] = pl;
		p[10] = 0x01;
		p[11] = 0xc4; /* next session allowed */
		p[12] = 8;
		ck_assert_uint_eq(select10(p, (uint16_t)(10 + pl)), 0x052600);
	}
	ck_assert_uint_eq(sense05(), 0);
	ck_assert_int_eq(buf[8 + 3] >> 6, 0);
}
END_TEST

/* A list that ends inside a page, a page header or the mode parameter
 * header, or whose block descriptor length runs past it: PARAMETER LIST
 * LENGTH ERROR (SPC-4 6.9). */
START_TEST(test_select_truncated_lists)
{
	uint8_t p[8 + 52] = { 0 };

	insert(VB_MEDIA_CD_R);
	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = 0x01;
	p[11] = 0x04;
	p[12] = 8;
	/* the page is 52 bytes, the list ends before it does */
	for (uint16_t n = 11; n < sizeof(p); n += 7)
		ck_assert_uint_eq(select10(p, n), 0x051a00);
	/* one byte of a second page header */
	ck_assert_uint_eq(select10(p, 9), 0x051a00);
	/* shorter than the header */
	for (uint16_t n = 1; n < 8; n++)
		ck_assert_uint_eq(select10(p, n), 0x051a00);
	/* block descriptor length 8 with no descriptor in the list */
	p[7] = 8;
	ck_assert_uint_eq(select10(p, 8), 0x051a00);
	p[7] = 0;
	ck_assert_uint_eq(select10(p, sizeof(p)), 0);
}
END_TEST

/* A list whose last page ends exactly at the list's end is taken, also
 * with a block descriptor in front of it and page 01 after it. */
START_TEST(test_select_good_lists)
{
	uint8_t p[8 + 8 + 52 + 12] = { 0 };

	insert(VB_MEDIA_CD_R);
	p[7] = 8; /* one block descriptor */
	p[16] = 0x05;
	p[17] = 0x32;
	p[18] = 0x01;
	p[19] = 0xc4; /* next session allowed, track mode 4 */
	p[20] = 8;
	p[68] = 0x01; /* page 01, length 10 */
	p[69] = 0x0a;
	ck_assert_uint_eq(select10(p, sizeof(p)), 0);
	ck_assert_uint_eq(sense05(), 0);
	ck_assert_int_eq(buf[8 + 3] >> 6, 3);
	/* A parameter list length of 0 transfers nothing and is no error. */
	ck_assert_uint_eq(select10(p, 0), 0);
}
END_TEST

/* A page with the SPF bit has a 4-byte header; the drive has no
 * subpages, so it is an invalid field. An unknown page is one too. */
START_TEST(test_select_subpage_and_unknown)
{
	uint8_t p[8 + 4 + 50] = { 0 };

	insert(VB_MEDIA_CD_R);
	p[8] = 0x45; /* SPF, page 05 */
	p[9] = 0x00; /* subpage */
	p[11] = 50;
	ck_assert_uint_eq(select10(p, sizeof(p)), 0x052600);
	memset(p, 0, sizeof(p));
	p[8] = 0x1d;
	p[9] = 0x02;
	ck_assert_uint_eq(select10(p, 12), 0x052600);
}
END_TEST

/* MODE SELECT needs a data-out buffer for a non-zero list length. */
START_TEST(test_select_wrong_direction)
{
	uint8_t cdb[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 60 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(IN(cdb, 60), 0x051a00);
	ck_assert_uint_eq(NODATA(cdb), 0x051a00);
}
END_TEST

Suite *mode_suite(void)
{
	Suite *s = suite_create("mode");
	TCase *tc = tcase_create("select");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_select_zero_length_page05);
	tcase_add_test(tc, test_select6_zero_length_page05);
	tcase_add_test(tc, test_select_short_page05);
	tcase_add_test(tc, test_select_truncated_lists);
	tcase_add_test(tc, test_select_good_lists);
	tcase_add_test(tc, test_select_subpage_and_unknown);
	tcase_add_test(tc, test_select_wrong_direction);
	suite_add_tcase(s, tc);
	return s;
}
