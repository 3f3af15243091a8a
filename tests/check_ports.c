/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ports (daemon/port.c): unit attentions and GESN events reach each
 * port on its own, and one port records at a time while the others are
 * answered NOT READY 04/08 for write-type commands only.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc_util.h"

/* GESN (polled, media class): the MEDIA EVENT CODE reported. */
static uint8_t media_event(void)
{
	uint8_t cdb[10] = { 0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8 };

	ck_assert_uint_eq(IN(cdb, 8), 0);
	return buf[4] & 0x0f;
}

START_TEST(test_ports_unit_attention_each)
{
	uint8_t tur[6] = { 0 };
	unsigned a = vb_drive_port_open(drv), b = vb_drive_port_open(drv);
	char err[256];

	ck_assert_uint_ne(a, 0);
	ck_assert_uint_ne(b, 0);
	ck_assert_uint_ne(a, b);
	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 0, NULL,
					       NULL, err, sizeof(err)),
			 0);
	/* each port sees the change once, whoever asked first */
	mu_port = (uint8_t)a;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(tur), 0);
	ck_assert_uint_eq(media_event(), 2); /* new media */
	ck_assert_uint_eq(media_event(), 0);
	mu_port = (uint8_t)b;
	ck_assert_uint_eq(media_event(), 2);
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(tur), 0);
	/* an eject made elsewhere (vburnctl) reaches both as removal */
	ck_assert_int_eq(vb_drive_eject(drv), 0);
	ck_assert_uint_eq(media_event(), 3);
	mu_port = (uint8_t)a;
	ck_assert_uint_eq(media_event(), 3);
	ck_assert_uint_eq(NODATA(tur), 0x023a02); /* tray open */
	vb_drive_port_close(drv, a);
	vb_drive_port_close(drv, b);
}
END_TEST

/* A port opened later meets the disc in the drive as a media change. */
START_TEST(test_ports_new_port_sees_medium)
{
	uint8_t tur[6] = { 0 };
	unsigned p;

	insert(VB_MEDIA_CD_R);
	p = vb_drive_port_open(drv);
	mu_port = (uint8_t)p;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(tur), 0);
	mu_port = 0;
	ck_assert_uint_eq(NODATA(tur), 0);
	vb_drive_port_close(drv, p);
}
END_TEST

START_TEST(test_ports_one_writer)
{
	uint8_t rd[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1 };
	uint8_t tur[6] = { 0 };
	unsigned a, b;

	insert(VB_MEDIA_CD_R);
	a = vb_drive_port_open(drv);
	b = vb_drive_port_open(drv);
	mu_port = (uint8_t)b;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	mu_port = (uint8_t)a;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	/* port a opens a track by writing (multi-session: the disc stays
	 * appendable) */
	set_multisession(true);
	ck_assert_uint_eq(write_blocks(0, 4, 0x5a), 0);
	/* port b: writes and blanking refused, reading and TUR served */
	mu_port = (uint8_t)b;
	ck_assert_uint_eq(write_blocks(4, 1, 0x66), 0x020408);
	{
		uint8_t blank[12] = { 0xa1, 0x01 };

		ck_assert_uint_eq(NODATA(blank), 0x020408);
	}
	ck_assert_uint_eq(NODATA(tur), 0);
	ck_assert_uint_eq(IN(rd, 2048), 0);
	ck_assert_uint_eq(buf[4], 0x5a);
	/* port a goes on and closes the session */
	mu_port = (uint8_t)a;
	ck_assert_uint_eq(write_blocks(4, 2, 0x5b), 0);
	sync_cache();
	close_session();
	/* the closed session ends a's recording: b may write at once */
	mu_port = (uint8_t)b;
	{
		uint8_t ti[10] = { 0x52, 0x01, 0, 0, 0, 0xff, 0, 0, 48 };

		ck_assert_uint_eq(IN(ti, 48), 0);
		ck_assert_uint_eq(
			write_blocks((int32_t)get_be32(buf + 12), 1, 0x66), 0);
	}
	vb_drive_port_close(drv, a);
	vb_drive_port_close(drv, b);
}
END_TEST

/*
 * BLANK leaves no open track: the hold after it keeps the other port out
 * until the blanking port writes; a port that goes away gives it up.
 */
START_TEST(test_ports_hold_after_blank)
{
	uint8_t blank[12] = { 0xa1, 0x01 }; /* minimal */
	uint8_t tur[6] = { 0 };
	unsigned a, b;

	insert(VB_MEDIA_CD_RW);
	a = vb_drive_port_open(drv);
	b = vb_drive_port_open(drv);
	mu_port = (uint8_t)b;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	mu_port = (uint8_t)a;
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(blank), 0);
	mu_port = (uint8_t)b;
	ck_assert_uint_eq(write_blocks(0, 1, 0x66), 0x020408);
	vb_drive_port_close(drv, a);
	ck_assert_uint_eq(write_blocks(0, 1, 0x66), 0);
	vb_drive_port_close(drv, b);
}
END_TEST

/* Ports run out: the rest share port 0; closing 0 is harmless. */
START_TEST(test_ports_exhausted)
{
	unsigned p, n = 0;

	while ((p = vb_drive_port_open(drv)) != 0)
		n++;
	ck_assert_uint_eq(n, VB_PORTS - 1);
	vb_drive_port_close(drv, 0);
	vb_drive_port_close(drv, VB_PORTS + 5);
	vb_drive_port_close(drv, 3);
	ck_assert_uint_eq(vb_drive_port_open(drv), 3);
}
END_TEST

Suite *ports_suite(void)
{
	Suite *s = suite_create("ports");
	TCase *tc = tcase_create("ports");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_ports_unit_attention_each);
	tcase_add_test(tc, test_ports_new_port_sees_medium);
	tcase_add_test(tc, test_ports_one_writer);
	tcase_add_test(tc, test_ports_hold_after_blank);
	tcase_add_test(tc, test_ports_exhausted);
	suite_add_tcase(s, tc);
	return s;
}
