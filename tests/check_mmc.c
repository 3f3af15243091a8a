/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drive core tests: CDBs straight into vb_drive_exec, no transport
 * (docs/architecture.md). Covers identification, unit attention, the write-once
 * burn flows on CD-R, DVD+R, DVD-R and BD-R, and error sense codes. The
 * sweep of all 256 opcodes with junk fields is check_mmc_sweep.c.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mmc_util.h"

/* READ TRACK INFORMATION for track n: returns NWA, sets free blocks. */
static uint32_t track_nwa(uint32_t n, uint32_t *free_blocks)
{
	uint8_t cdb[10] = { 0x52, 0x01 };

	put_be32(cdb + 2, n);
	put_be16(cdb + 7, 48);
	ck_assert_uint_eq(IN(cdb, 48), 0);
	if (free_blocks)
		*free_blocks = get_be32(buf + 16);
	ck_assert(buf[7] & 0x01); /* NWA_V */
	return get_be32(buf + 12);
}

static uint8_t disc_status(void)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };

	ck_assert_uint_eq(IN(cdb, 34), 0);
	return buf[2] & 0x03;
}

START_TEST(test_inquiry)
{
	uint8_t cdb[6] = { 0x12, 0, 0, 0, 96 };
	struct vb_cmd r;

	ck_assert_uint_eq(run(cdb, 6, VB_DXFER_FROM_DEV, buf, 96, &r), 0);
	ck_assert_int_eq(buf[0], 0x05);
	ck_assert_int_eq(buf[1], 0x80);
	ck_assert_uint_eq(r.xfer_len, 36);
	ck_assert(!memcmp(buf + 8, "VBURN   ", 8));
}
END_TEST

START_TEST(test_no_medium)
{
	uint8_t tur[6] = { 0 };
	uint8_t cfg[10] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 8 };

	ck_assert_uint_eq(NODATA(tur), 0x023a01);
	ck_assert_uint_eq(IN(cfg, 8), 0);
	ck_assert_int_eq(get_be16(buf + 6), 0); /* no current profile */
}
END_TEST

START_TEST(test_unknown_opcodes)
{
	static const uint8_t ops[] = { 0x02, 0x05, 0x3b, 0xff, 0xc0 };

	for (size_t i = 0; i < sizeof(ops); i++) {
		uint8_t cdb[16] = { ops[i] };

		ck_assert_uint_eq(run(cdb, 16, VB_DXFER_NONE, NULL, 0, NULL),
				  0x052000);
	}
}
END_TEST

/* REZERO UNIT, which cdrdao's drivers send: GOOD, or not ready. */
START_TEST(test_rezero_unit)
{
	uint8_t rezero[6] = { 0x01 };

	ck_assert_uint_eq(NODATA(rezero), 0x023a01);
	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(NODATA(rezero), 0);
}
END_TEST

START_TEST(test_alloc_truncation)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 2 };
	struct vb_cmd r;

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_FROM_DEV, buf, 2, &r), 0);
	ck_assert_uint_eq(r.xfer_len, 2);
	ck_assert_int_eq(get_be16(buf), 32); /* full length in the header */
}
END_TEST

START_TEST(test_get_configuration)
{
	uint8_t cdb[10] = { 0x46, 0x02, 0x00, 0x2b, 0, 0, 0, 0x01, 0 };

	insert(VB_MEDIA_DVD_PLUS_R);
	ck_assert_uint_eq(IN(cdb, 256), 0);
	ck_assert_int_eq(get_be16(buf + 6), 0x001b);
	ck_assert_int_eq(get_be16(buf + 8), 0x002b); /* the one feature */
	ck_assert(buf[10] & 0x01);		     /* current */
	ck_assert_int_eq(get_be32(buf), 4 + 4 + 4);
}
END_TEST

/* Reads the capture image file of the drive's medium. */
static void image_path(char *path, size_t len)
{
	char st[4096];
	const char *p, *e;

	vb_drive_status_json(drv, st, sizeof(st));
	p = strstr(st, "\"image\": \"");
	ck_assert_ptr_nonnull(p);
	p += 10;
	e = strchr(p, '"');
	snprintf(path, len, "%.*s", (int)(e - p), p);
}

/* Status counts the client's pauses between commands (media.h). */
START_TEST(test_client_waits)
{
	static const uint8_t tur[6] = { 0x00 };
	const struct timespec pause = { 0, 350 * 1000 * 1000 };
	char st[4096];

	insert(VB_MEDIA_CD_R);
	run(tur, 6, VB_DXFER_NONE, NULL, 0, NULL);
	run(tur, 6, VB_DXFER_NONE, NULL, 0, NULL);
	vb_drive_status_json(drv, st, sizeof(st));
	ck_assert_ptr_nonnull(strstr(st, "\"client_waits\": {\"count\": 0, "));
	nanosleep(&pause, NULL);
	run(tur, 6, VB_DXFER_NONE, NULL, 0, NULL);
	vb_drive_status_json(drv, st, sizeof(st));
	ck_assert_ptr_nonnull(strstr(st, "\"client_waits\": {\"count\": 1, "
					 "\"seconds\": 0.3"));
	/* A new open is a new client: the time before its first command
	 * is its start-up, not a pause. */
	nanosleep(&pause, NULL);
	vb_drive_note_open(drv);
	run(tur, 6, VB_DXFER_NONE, NULL, 0, NULL);
	vb_drive_status_json(drv, st, sizeof(st));
	ck_assert_ptr_nonnull(strstr(st, "\"client_waits\": {\"count\": 1, "
					 "\"seconds\": 0.3"));
}
END_TEST

/* last_recording: bytes and the time from the first WRITE to the last. */
START_TEST(test_last_recording)
{
	const struct timespec pause = { 0, 350 * 1000 * 1000 };
	char st[4096];

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(write_blocks(0, 2, 0x11), 0);
	nanosleep(&pause, NULL);
	ck_assert_uint_eq(write_blocks(2, 1, 0x22), 0);
	vb_drive_status_json(drv, st, sizeof(st));
	ck_assert_ptr_nonnull(strstr(st, "\"last_recording\": {\"bytes\": "
					 "6144, \"seconds\": 0.3"));
}
END_TEST

START_TEST(test_cdr_multisession)
{
	uint8_t toc[10] = { 0x43, 0, 1, 0, 0, 0, 0, 0, 12 };
	uint32_t free_blocks;
	char path[512];
	struct stat stb;
	uint8_t sec[2048];
	int fd;

	insert(VB_MEDIA_CD_R);
	ck_assert_int_eq(disc_status(), 0);
	set_multisession(true);
	ck_assert_uint_eq(track_nwa(0xff, &free_blocks), 0);
	ck_assert_uint_eq(free_blocks, 359849);
	ck_assert_uint_eq(write_blocks(0, 300, 0xa1), 0);
	ck_assert_uint_eq(write_blocks(10, 1, 0), 0x052102); /* not NWA */
	sync_cache();
	close_session();
	ck_assert_int_eq(disc_status(), 1);
	/* session 2 starts after lead-out + lead-in + pregap (11400) */
	ck_assert_uint_eq(track_nwa(0xff, NULL), 300 + 11400);
	ck_assert_uint_eq(write_blocks(300 + 11400, 40, 0xb2), 0);
	sync_cache();
	close_session();
	ck_assert_uint_eq(track_nwa(0xff, NULL), 11740 + 6900);
	{
		/* Between the sessions there is nothing to read. */
		uint8_t rd[10] = { 0x28, 0, 0, 0, 0x03, 0xe8, 0, 0, 1 };

		ck_assert_uint_eq(IN(rd, 2048), 0x052100);
		put_be32(rd + 2, 11700);
		ck_assert_uint_eq(IN(rd, 2048), 0);
	}
	ck_assert_uint_eq(IN(toc, 12), 0);
	ck_assert_int_eq(buf[3], 2);		     /* last session */
	ck_assert_int_eq(buf[6], 2);		     /* its first track */
	ck_assert_uint_eq(get_be32(buf + 8), 11700); /* msc1 */
	/* The image holds each session at its LBA. */
	image_path(path, sizeof(path));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &stb), 0);
	ck_assert_int_eq(stb.st_size, (11700 + 40) * 2048);
	ck_assert_int_eq(pread(fd, sec, 2048, 11701 * 2048), 2048);
	ck_assert_uint_eq(get_be32(sec), 11701);
	ck_assert_int_eq(sec[100], 0xb2);
	close(fd);
}
END_TEST

START_TEST(test_cdr_single_session_finalizes)
{
	uint8_t toc[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0x01, 0 };

	insert(VB_MEDIA_CD_R);
	set_multisession(false);
	ck_assert_uint_eq(write_blocks(0, 64, 1), 0);
	sync_cache();
	close_session();
	ck_assert_int_eq(disc_status(), 2);
	ck_assert_uint_eq(write_blocks(11464, 1, 0), 0x053005);
	ck_assert_uint_eq(IN(toc, 256), 0);
	ck_assert_int_eq(get_be16(buf), 2 + 2 * 8);
	ck_assert_int_eq(buf[4 + 8 + 2], 0xaa);
	ck_assert_uint_eq(get_be32(buf + 4 + 8 + 4), 64); /* lead-out */
}
END_TEST

static void burn_dvd_like(enum vb_media m, uint32_t first_track)
{
	uint8_t ctrack[10] = { 0x5b, 0, 0x01 };

	insert(m);
	ck_assert_uint_eq(track_nwa(first_track, NULL), 0);
	ck_assert_uint_eq(write_blocks(0, 33, 7), 0);
	sync_cache();
	ck_assert_uint_eq(NODATA(ctrack), 0);
	close_session();
}

START_TEST(test_dvd_plus_r)
{
	uint32_t nwa;

	burn_dvd_like(VB_MEDIA_DVD_PLUS_R, 0xff);
	ck_assert_int_eq(disc_status(), 1);
	nwa = track_nwa(0xff, NULL);
	ck_assert_uint_eq(nwa % 16, 0);
	ck_assert_uint_gt(nwa, 33);
	ck_assert_uint_eq(write_blocks((int32_t)nwa, 16, 9), 0);
}
END_TEST

START_TEST(test_dvd_minus_r_and_bdr)
{
	burn_dvd_like(VB_MEDIA_DVD_R, 1);
	/* page 05 multi-session was 0: closing the session finalized */
	ck_assert_int_eq(disc_status(), 2);
	burn_dvd_like(VB_MEDIA_BD_R, 1);
	ck_assert_int_eq(disc_status(), 1);
}
END_TEST

START_TEST(test_write_past_capacity)
{
	char err[128];
	uint8_t tur[6] = { 0 };

	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 100, NULL,
					       NULL, err, sizeof(err)),
			 0);
	vb_drive_eject(drv);
	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 100, NULL,
					       NULL, err, sizeof(err)),
			 0);
	NODATA(tur); /* consumes the unit attention */
	ck_assert_uint_eq(write_blocks(0, 64, 1), 0);
	ck_assert_uint_eq(write_blocks(64, 40, 1), 0x056300);
	ck_assert_uint_eq(write_blocks(64, 36, 1), 0);
}
END_TEST

/*
 * Test Write (page 05, MMC-6 7.5.4.2): a TAO burn goes through, WRITEs
 * at the simulated track's next address, a new track at the real NWA
 * again, closes and all, and the disc is as blank as before; past the
 * medium's end is 05/63/00 as a real write; DVD+R and BD have no Test
 * Write: the page is refused (05/26/00).
 */
START_TEST(test_test_write)
{
	uint8_t rdi[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };

	insert_cap(VB_MEDIA_CD_R, 1000);
	ck_assert_uint_eq(select_tao(true, true), 0);
	ck_assert_uint_eq(write_blocks(0, 32, 1), 0);
	ck_assert_uint_eq(write_blocks(32, 32, 1), 0);
	ck_assert_uint_eq(write_blocks(100, 1, 1), 0x052102);
	sync_cache();
	close_track();
	ck_assert_int_eq(invisible_nwa(), 0);
	ck_assert_uint_eq(write_blocks(0, 8, 2), 0); /* a second track */
	ck_assert_uint_eq(write_blocks(8, 500, 2), 0);
	ck_assert_uint_eq(write_blocks(508, 500, 2), 0x056300);
	close_track();
	close_session();
	ck_assert_uint_eq(IN(rdi, 34), 0);
	ck_assert_uint_eq(buf[2] & 3, 0); /* DISC STATUS: still blank */
	ck_assert_int_eq(invisible_nwa(), 0);
	/* the same burn for real records */
	ck_assert_uint_eq(select_tao(false, true), 0);
	ck_assert_uint_eq(write_blocks(0, 8, 3), 0);
	sync_cache();
	ck_assert_int_eq(invisible_nwa(), 8 + 150);
	vb_drive_eject(drv);
	insert(VB_MEDIA_DVD_PLUS_R);
	ck_assert_uint_eq(select_tao(true, true), 0x052600);
	vb_drive_eject(drv);
	insert(VB_MEDIA_BD_R);
	ck_assert_uint_eq(select_tao(true, true), 0x052600);
	vb_drive_eject(drv);
	insert(VB_MEDIA_DVD_R);
	ck_assert_uint_eq(select_tao(true, true), 0);
}
END_TEST

/*
 * BLANK (docs/clients.md 3.7): a CD-RW with a session is blank again at once
 * (Immed: the next TEST UNIT READY is GOOD, no media change), erasable,
 * NWA 0, and records anew; write-once media give 05/30/05, the types
 * not offered 05/24/00.
 */
START_TEST(test_blank)
{
	uint8_t blank[12] = { 0xa1, 0x11 }; /* Immed, minimal */
	uint8_t track[12] = { 0xa1, 0x02 }; /* a track: not offered */
	uint8_t rdi[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };
	uint8_t tur[6] = { 0 };

	insert(VB_MEDIA_CD_RW);
	set_multisession(true);
	ck_assert_uint_eq(write_blocks(0, 16, 1), 0);
	sync_cache();
	close_session();
	ck_assert_uint_eq(IN(rdi, 34), 0);
	ck_assert_uint_eq(buf[2], 0x10 | 0x01); /* erasable, appendable */
	ck_assert_uint_eq(NODATA(track), 0x052400);
	ck_assert_uint_eq(NODATA(blank), 0);
	ck_assert_uint_eq(NODATA(tur), 0);
	ck_assert_uint_eq(IN(rdi, 34), 0);
	ck_assert_uint_eq(buf[2], 0x10); /* erasable, empty session, blank */
	ck_assert_int_eq(invisible_nwa(), 0);
	ck_assert_uint_eq(write_blocks(0, 16, 2), 0);
	sync_cache();
	vb_drive_eject(drv);
	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(NODATA(blank), 0x053005);
}
END_TEST

START_TEST(test_eject)
{
	uint8_t prevent[6] = { 0x1e, 0, 0, 0, 1 };
	uint8_t allow[6] = { 0x1e };
	uint8_t eject[6] = { 0x1b, 0, 0, 0, 0x02 };
	uint8_t load[6] = { 0x1b, 0, 0, 0, 0x03 };
	uint8_t tur[6] = { 0 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(NODATA(prevent), 0);
	ck_assert_uint_eq(NODATA(eject), 0x055302);
	ck_assert_uint_eq(NODATA(allow), 0);
	ck_assert_uint_eq(NODATA(eject), 0);
	ck_assert_uint_eq(NODATA(tur), 0x023a02);
	/* Closing the tray brings the same disc back (growisofs' reload). */
	ck_assert_uint_eq(NODATA(load), 0);
	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(tur), 0);
	ck_assert_int_eq(disc_status(), 0);
	/* vburnctl eject takes it away for good. */
	vb_drive_eject(drv);
	ck_assert_uint_eq(NODATA(load), 0);
	ck_assert_uint_eq(NODATA(tur), 0x023a01);
	insert(VB_MEDIA_DVD_PLUS_R);
}
END_TEST

START_TEST(test_mode_select_bad_page05)
{
	uint8_t cdb[10] = { 0x55, 0x10 };
	uint8_t p[8 + 52] = { 0 };

	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = 0x01;
	p[12] = 5; /* reserved data block type */
	put_be16(cdb + 7, sizeof(p));
	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_TO_DEV, p, sizeof(p), NULL),
			  0x052600);
}
END_TEST

START_TEST(test_read_dvd_structure)
{
	uint8_t cdb[12] = { 0xad, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x04 };
	struct vb_cmd r;

	insert(VB_MEDIA_DVD_PLUS_R);
	ck_assert_uint_eq(run(cdb, 12, VB_DXFER_FROM_DEV, buf, 2052, &r), 0);
	ck_assert_uint_eq(r.xfer_len, 2052);
	ck_assert_int_eq(buf[4] >> 4, 0xa);	       /* book type DVD+R */
	ck_assert_uint_eq(get_be32(buf + 8), 0x30000); /* data area start */
	ck_assert_uint_eq(get_be32(buf + 12), 0x30000 + 2295104 - 1);
	cdb[7] = 0x20; /* DL boundary: not on single-layer DVD+R */
	ck_assert_uint_eq(IN(cdb, 12), 0x052400);
	insert(VB_MEDIA_CD_R);
	cdb[7] = 0;
	ck_assert_uint_eq(IN(cdb, 2052), 0x052400);
}
END_TEST

START_TEST(test_read_cd)
{
	uint8_t cdb[12] = { 0xbe, 0x08, 0, 0, 0, 5, 0, 0, 2, 0xf8, 0x01 };
	uint8_t sub[12] = { 0x42, 0, 0x40, 0x02, 0, 0, 0, 0, 24 };
	struct vb_cmd r;

	insert(VB_MEDIA_CD_R);
	set_multisession(false);
	ck_assert_uint_eq(write_blocks(0, 300, 0x5a), 0);
	sync_cache();
	close_session();
	/* Two raw Mode 1 sectors with raw P-W: 2 x (2352 + 96). */
	ck_assert_uint_eq(run(cdb, 12, VB_DXFER_FROM_DEV, buf, 2 * 2448, &r),
			  0);
	ck_assert_uint_eq(r.xfer_len, 2 * 2448);
	ck_assert_int_eq(buf[0], 0x00);
	ck_assert_int_eq(buf[1], 0xff);	 /* sync */
	ck_assert_int_eq(buf[12], 0x00); /* 00:02:05 in BCD */
	ck_assert_int_eq(buf[13], 0x02);
	ck_assert_int_eq(buf[14], 0x05);
	ck_assert_int_eq(buf[15], 0x01);	  /* mode 1 */
	ck_assert_uint_eq(get_be32(buf + 16), 5); /* user data */
	ck_assert_int_eq(buf[16 + 100], 0x5a);
	/* user data only, and the wrong expected type */
	cdb[9] = 0x10;
	cdb[10] = 0;
	ck_assert_uint_eq(run(cdb, 12, VB_DXFER_FROM_DEV, buf, 4096, &r), 0);
	ck_assert_uint_eq(r.xfer_len, 4096);
	ck_assert_uint_eq(get_be32(buf + 2048), 6);
	cdb[1] = 0x04; /* CD-DA */
	ck_assert_uint_eq(IN(cdb, 4096), 0x056400);
	ck_assert_uint_eq(IN(sub, 24), 0); /* MCN: none, MCVAL 0 */
	ck_assert_int_eq(buf[4], 2);
	ck_assert_int_eq(buf[8] & 0x80, 0);
}
END_TEST

Suite *mmc_suite(void)
{
	Suite *s = suite_create("mmc");
	TCase *tc = tcase_create("drive");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_inquiry);
	tcase_add_test(tc, test_no_medium);
	tcase_add_test(tc, test_unknown_opcodes);
	tcase_add_test(tc, test_rezero_unit);
	tcase_add_test(tc, test_alloc_truncation);
	tcase_add_test(tc, test_get_configuration);
	tcase_add_test(tc, test_client_waits);
	tcase_add_test(tc, test_last_recording);
	tcase_add_test(tc, test_cdr_multisession);
	tcase_add_test(tc, test_cdr_single_session_finalizes);
	tcase_add_test(tc, test_dvd_plus_r);
	tcase_add_test(tc, test_dvd_minus_r_and_bdr);
	tcase_add_test(tc, test_write_past_capacity);
	tcase_add_test(tc, test_test_write);
	tcase_add_test(tc, test_blank);
	tcase_add_test(tc, test_eject);
	tcase_add_test(tc, test_mode_select_bad_page05);
	tcase_add_test(tc, test_read_dvd_structure);
	tcase_add_test(tc, test_read_cd);
	suite_add_tcase(s, tc);
	return s;
}
