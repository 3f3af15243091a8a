/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Overwritable media (daemon/media_rw.c, mmc_format.c, mmc_overwrite.c):
 * FORMAT UNIT and READ FORMAT CAPACITIES on DVD+RW and BD-RE, writes
 * anywhere in the formatted area read back through the disc, one track
 * and one session of the formatted size, the commit at SYNCHRONIZE CACHE
 * and CLOSE, a reformat that leaves the old recording's files whole, and
 * the sense of every refused command. Every buffer is malloc'ed at
 * exactly the length under test (mmc_util.h's run).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mmc_util.h"
#include "vburn/img.h"

static unsigned read10(int32_t lba, uint16_t n)
{
	uint8_t cdb[10] = { 0x28 };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	return IN(cdb, (uint32_t)n * 2048);
}

/* Block i of buf holds what write_blocks(lba, n, fill) wrote at lba+i. */
static void assert_block(unsigned i, int32_t lba, uint8_t fill)
{
	ck_assert_uint_eq(get_be32(buf + i * 2048), (uint32_t)lba);
	ck_assert_uint_eq(buf[i * 2048 + 100], fill);
	ck_assert_uint_eq(buf[i * 2048 + 2047], fill);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static uint32_t read_capacity_last(void)
{
	uint8_t cdb[10] = { 0x25 };

	ck_assert_uint_eq(IN(cdb, 8), 0);
	ck_assert_uint_eq(get_be32(buf + 4), 2048);
	return get_be32(buf);
}

/* READ DISC INFORMATION: byte 2 (erasable, last session, disc status);
 * *bg gets byte 7's BG FORMAT STATUS. */
static uint8_t disc_info(uint8_t *bg)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };

	ck_assert_uint_eq(IN(cdb, 34), 0);
	ck_assert_uint_eq(get_be16(buf), 32);
	ck_assert_uint_eq(buf[4], 1); /* sessions */
	ck_assert_uint_eq(buf[6], 1); /* last track */
	*bg = buf[7] & 3;
	return buf[2];
}

/* The .iso files of the image directory, and the size of the newest. */
static int iso_files(off_t *newest_size)
{
	DIR *dp = opendir(mu_dir);
	struct dirent *e;
	time_t newest = 0;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp))) {
		char path[512];
		struct stat st;

		if (!strstr(e->d_name, ".iso"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", mu_dir, e->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		if (!n || st.st_mtime >= newest) {
			newest = st.st_mtime;
			*newest_size = st.st_size;
		}
		n++;
	}
	closedir(dp);
	return n;
}

/*
 * A blank DVD+RW is unformatted (READ FORMAT CAPACITIES type 1 with the
 * 26h descriptor growisofs copies, blank disc, writes refused with
 * 05/30/02); FORMAT UNIT 26h with FFFFFFFFh blocks and Immed formats it
 * at once: type 2, disc status 3 "others", BG format complete, READ
 * CAPACITY the formatted size, zeros everywhere, and a new-media event.
 */
START_TEST(test_plus_rw_format)
{
	uint8_t gesn[10] = { 0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8 };
	uint8_t tur[6] = { 0 };
	char status[4096];
	uint8_t bg;

	insert_cap(VB_MEDIA_DVD_PLUS_RW, 4096);
	ck_assert_uint_eq(IN(gesn, 8), 0);	   /* the insertion's event */
	ck_assert_uint_eq(read_format_caps(4), 0); /* libburn's first pass */
	ck_assert_uint_eq(buf[3], 16);
	ck_assert_uint_eq(read_format_caps(20), 0);
	ck_assert_uint_eq(get_be32(buf + 4), 4096);
	ck_assert_uint_eq(buf[8], 0x01); /* unformatted */
	ck_assert_uint_eq(get_be24(buf + 9), 2048);
	ck_assert_uint_eq(get_be32(buf + 12), 4096);
	ck_assert_uint_eq(buf[16], 0x26 << 2);
	ck_assert_uint_eq(disc_info(&bg), 0x10); /* erasable, blank */
	ck_assert_uint_eq(bg, 0);
	vb_drive_status_json(drv, status, sizeof(status));
	ck_assert_ptr_nonnull(strstr(status, "\"state\": \"unformatted\""));
	ck_assert_uint_eq(read_capacity_last(), 0);
	ck_assert_uint_eq(write_blocks(0, 16, 1), 0x053002);

	ck_assert_uint_eq(format_unit(0xffffffff, 0x26, 0), 0);
	ck_assert_uint_eq(NODATA(tur), 0);
	/* a new capacity: hosts (the kernel's sr) learn it from an event */
	ck_assert_uint_eq(IN(gesn, 8), 0);
	ck_assert_uint_eq(buf[4], 0x02); /* NewMedia */
	ck_assert_uint_eq(read_format_caps(20), 0);
	ck_assert_uint_eq(get_be32(buf + 4), 4096);
	ck_assert_uint_eq(buf[8], 0x02); /* formatted */
	ck_assert_uint_eq(disc_info(&bg), 0x10 | 0x0c | 0x03);
	ck_assert_uint_eq(bg, 3);
	ck_assert_uint_eq(read_capacity_last(), 4095);
	ck_assert_uint_eq(read10(4000, 8), 0);
	ck_assert(all_zero(buf, 8 * 2048));
	ck_assert_uint_eq(read10(4095, 1), 0);
	ck_assert_uint_eq(read10(4096, 1), 0x052100);
	vb_drive_status_json(drv, status, sizeof(status));
	ck_assert_ptr_nonnull(strstr(status, "\"state\": \"formatted\""));
}
END_TEST

/* READ TRACK INFORMATION of track 1 into buf; its sense. */
static unsigned track_info(uint8_t type, uint32_t value)
{
	uint8_t cdb[10] = { 0x52, type, 0, 0, 0, 0, 0, 0, 48 };

	put_be32(cdb + 2, value);
	return IN(cdb, 48);
}

/*
 * Writes anywhere in the formatted area, in any order, overwriting: READ
 * returns the last bytes written, unwritten blocks are zeros, nothing
 * past the formatted area is taken (05/21/00). The disc stays one track
 * of the formatted size; SYNCHRONIZE CACHE and CLOSE SESSION commit, and
 * the store (the ISO capture) holds the written extent.
 */
START_TEST(test_plus_rw_overwrite)
{
	uint8_t close_fn2[10] = { 0x5b, 0x01, 0x02 };
	uint8_t close_fn0[10] = { 0x5b, 0, 0 };
	uint8_t close_fn7[10] = { 0x5b, 0, 0x07 };
	uint8_t toc[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 20 };
	uint8_t sync[10] = { 0x35 };
	char status[4096];
	off_t size = 0;

	insert_cap(VB_MEDIA_DVD_PLUS_RW, 4096);
	ck_assert_uint_eq(format_unit(4096, 0x26, 0), 0);
	ck_assert_uint_eq(write_blocks(32, 32, 1), 0);
	ck_assert_uint_eq(write_blocks(0, 32, 2), 0);
	ck_assert_uint_eq(write_blocks(16, 16, 3), 0);	/* the VDs again */
	ck_assert_uint_eq(write_blocks(3000, 5, 4), 0); /* not aligned */
	ck_assert_uint_eq(write_blocks(4090, 16, 5), 0x052100);
	ck_assert_uint_eq(write_blocks(-1, 1, 5), 0x052100);
	ck_assert_uint_eq(read10(0, 64), 0);
	for (unsigned i = 0; i < 64; i++)
		assert_block(i, (int32_t)i, i < 16 ? 2 : i < 32 ? 3 : 1);
	ck_assert_uint_eq(read10(2999, 7), 0);
	ck_assert(all_zero(buf, 2048));
	for (unsigned i = 1; i < 6; i++)
		assert_block(i, 2999 + (int32_t)i, 4);
	ck_assert(all_zero(buf + 6 * 2048, 2048));
	ck_assert(vb_drive_recording(drv)); /* a second writer: EBUSY */
	ck_assert_uint_eq(NODATA(sync), 0);
	ck_assert(!vb_drive_recording(drv));
	ck_assert_uint_eq(NODATA(close_fn2), 0);
	ck_assert_uint_eq(NODATA(close_fn0), 0);
	ck_assert_uint_eq(NODATA(close_fn7), 0x052400);

	/* one track, one session, the formatted size */
	ck_assert_uint_eq(track_info(1, 1), 0);
	ck_assert_uint_eq(buf[2], 1);
	ck_assert_uint_eq(buf[3], 1);
	ck_assert_uint_eq(get_be32(buf + 8), 0);     /* start */
	ck_assert_uint_eq(get_be32(buf + 24), 4096); /* size */
	ck_assert_uint_eq(get_be32(buf + 28), 3004); /* last recorded */
	ck_assert_uint_eq(get_be32(buf + 20), 16);   /* ECC block */
	ck_assert_uint_eq(track_info(0, 4095), 0);
	ck_assert_uint_eq(track_info(0, 4096), 0x052400);
	ck_assert_uint_eq(track_info(1, 2), 0x052400);
	ck_assert_uint_eq(track_info(2, 1), 0);
	ck_assert_uint_eq(track_info(3, 1), 0x052400);
	ck_assert_uint_eq(IN(toc, 20), 0);
	ck_assert_uint_eq(buf[2], 1);		     /* first track */
	ck_assert_uint_eq(buf[3], 1);		     /* last track */
	ck_assert_uint_eq(get_be32(buf + 16), 4096); /* lead-out */
	/* the capture: the written extent, one file */
	ck_assert_int_eq(iso_files(&size), 1);
	ck_assert_int_eq(size, 3005 * 2048);
	vb_drive_status_json(drv, status, sizeof(status));
	ck_assert_ptr_nonnull(strstr(status, "\"used\": 3005, \"free\": 1091"));
}
END_TEST

/*
 * BD-RE: the list libburn selects from starts with a 00h descriptor,
 * then 30h with three spare sizes and 31h without spares, every size a
 * whole number of clusters. 31h formats the whole disc; a size beyond a
 * type's largest descriptor is refused. Formatting again after data was
 * written gives a fresh disc of zeros, and the old recording's image
 * keeps every byte it held (never half-erased).
 */
START_TEST(test_bd_re)
{
	const uint32_t cap = 65536;
	uint32_t max30 = 0;
	off_t size = 0;
	uint8_t bg;

	insert_cap(VB_MEDIA_BD_RE, cap);
	ck_assert_uint_eq(read_format_caps(52), 0);
	ck_assert_uint_eq(buf[3], 48);
	ck_assert_uint_eq(buf[8], 0x01);
	ck_assert_uint_eq(buf[16], 0x00);
	ck_assert_uint_eq(get_be32(buf + 4), get_be32(buf + 12));
	for (unsigned i = 0; i < 5; i++) {
		const uint8_t *dsc = buf + 12 + 8 * i;

		ck_assert_uint_eq(get_be32(dsc) % 32, 0);
		ck_assert_uint_le(get_be32(dsc), cap);
		if (dsc[4] >> 2 == 0x30 && get_be32(dsc) > max30)
			max30 = get_be32(dsc);
	}
	ck_assert_uint_eq(buf[12 + 8 * 1 + 4], 0x30 << 2);
	ck_assert_uint_eq(buf[12 + 8 * 4 + 4], 0x31 << 2);
	ck_assert_uint_eq(get_be32(buf + 12 + 8 * 4), cap);
	ck_assert_uint_lt(max30, cap);
	ck_assert_uint_eq(format_unit(max30 + 32, 0x30, 0), 0x052600);
	ck_assert_uint_eq(format_unit(cap + 32, 0x31, 0x800), 0x052600);
	ck_assert_uint_eq(format_unit(cap, 0x26, 0), 0x052600); /* DVD+RW's */
	ck_assert_uint_eq(format_unit(max30 - 1, 0x30, 0),
			  0); /* a cluster less */
	ck_assert_uint_eq(read_capacity_last(), max30 - 32 - 1);

	ck_assert_uint_eq(format_unit(cap, 0x31, 0x800), 0);
	ck_assert_uint_eq(read_capacity_last(), cap - 1);
	ck_assert_uint_eq(disc_info(&bg), 0x1f);
	ck_assert_uint_eq(write_blocks(64, 32, 7), 0);
	ck_assert_uint_eq(write_blocks(cap - 32, 32, 8), 0);
	ck_assert_uint_eq(iso_files(&size), 1);
	ck_assert_uint_eq(format_unit(cap, 0x31, 0x800), 0);
	ck_assert_uint_eq(read10(64, 32), 0);
	ck_assert(all_zero(buf, 32 * 2048));
	/* the old image is whole beside the new, empty one */
	ck_assert_uint_eq(iso_files(&size), 2);
	ck_assert_uint_eq(write_blocks(0, 32, 9), 0);
	ck_assert_uint_eq(read10(0, 1), 0);
	assert_block(0, 0, 9);
}
END_TEST

/*
 * A blank BD-R lists a 00h and three 32h formats (spare areas) and takes
 * the first as growisofs sends it (subtype SRM+POW); it stays sequential
 * with the smaller user area, formatted for good. RRM is refused, and so
 * is formatting a BD-R that holds data or one formatted already.
 */
START_TEST(test_bd_r_format)
{
	const uint32_t cap = 65536;
	uint8_t cdb[6] = { 0x04, 0x11 };
	uint8_t p[12] = { 0, 0x02, 0, 8 };
	uint32_t size;
	char status[4096];

	insert_cap(VB_MEDIA_BD_R, cap);
	ck_assert_uint_eq(read_format_caps(44), 0);
	ck_assert_uint_eq(buf[3], 40);
	ck_assert_uint_eq(buf[8], 0x01); /* unformatted */
	ck_assert_uint_eq(buf[16], 0x00);
	for (unsigned i = 1; i < 4; i++) {
		ck_assert_uint_eq(buf[12 + 8 * i + 4], 0x32 << 2);
		ck_assert_uint_eq(get_be32(buf + 12 + 8 * i) % 32, 0);
		ck_assert_uint_lt(get_be32(buf + 12 + 8 * i), cap);
	}
	size = get_be32(buf + 12);
	memcpy(p + 4, buf + 12, 5);
	p[8] = (uint8_t)(0x32 << 2 | 0x02); /* RRM */
	ck_assert_uint_eq(OUT(cdb, p, 12), 0x052600);
	p[8] = 0x00; /* as growisofs: the first descriptor, SRM+POW */
	ck_assert_uint_eq(OUT(cdb, p, 12), 0);
	ck_assert_uint_eq(read_format_caps(12), 0);
	ck_assert_uint_eq(buf[3], 8);
	ck_assert_uint_eq(buf[8], 0x02); /* formatted */
	ck_assert_uint_eq(get_be32(buf + 4), size);
	ck_assert_uint_eq(OUT(cdb, p, 12), 0x053006);
	ck_assert_int_eq(invisible_nwa(), 0);
	ck_assert_uint_eq(write_blocks(0, 32, 7), 0);
	ck_assert_uint_eq(write_blocks(0, 32, 7), 0x052102); /* no POW */
	vb_drive_status_json(drv, status, sizeof(status));
	ck_assert_ptr_nonnull(strstr(status, "\"capacity\": "));
	ck_assert_uint_eq(
		strtoul(strstr(status, "\"capacity\": ") + 12, NULL, 10), size);
	vb_drive_eject(drv);
	insert_cap(VB_MEDIA_BD_R, cap);
	ck_assert_uint_eq(write_blocks(0, 32, 7), 0);
	p[8] = 0x32 << 2;
	put_be32(p + 4, size);
	ck_assert_uint_eq(OUT(cdb, p, 12), 0x053006);
}
END_TEST

/*
 * What FORMAT UNIT refuses: media that cannot be formatted (05/30/06), a
 * parameter list too short to hold a descriptor (05/1A/00), a bad
 * descriptor length, an initialization pattern, a format the medium does
 * not offer or a size it cannot hold (05/26/00), a format code other
 * than 001b (05/24/00). Nothing refused changes the disc.
 */
START_TEST(test_format_errors)
{
	uint8_t cdb[6] = { 0x04, 0x11 };
	uint8_t code2[6] = { 0x04, 0x12 };
	uint8_t nodata[6] = { 0x04 };
	uint8_t p[12] = { 0, 0x02, 0, 8, 0xff, 0xff, 0xff, 0xff, 0x26 << 2 };
	uint8_t bad[12];
	uint8_t bg;

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(OUT(cdb, p, 12), 0x053006);
	vb_drive_eject(drv);
	insert(VB_MEDIA_DVD_PLUS_R);
	ck_assert_uint_eq(OUT(cdb, p, 12), 0x053006);
	vb_drive_eject(drv);
	insert_cap(VB_MEDIA_DVD_PLUS_RW, 4096);
	ck_assert_uint_eq(OUT(cdb, p, 8), 0x051a00);
	ck_assert_uint_eq(OUT(cdb, p, 0), 0x051a00);
	memcpy(bad, p, 12);
	bad[3] = 4;
	ck_assert_uint_eq(OUT(cdb, bad, 12), 0x052600);
	memcpy(bad, p, 12);
	bad[1] |= 0x08; /* IP */
	ck_assert_uint_eq(OUT(cdb, bad, 12), 0x052600);
	ck_assert_uint_eq(format_unit(4097, 0x26, 0), 0x052600);
	ck_assert_uint_eq(format_unit(0, 0x26, 0), 0x052600);
	ck_assert_uint_eq(format_unit(4096, 0x00, 0), 0x052600);
	ck_assert_uint_eq(OUT(code2, p, 12), 0x052400);
	ck_assert_uint_eq(disc_info(&bg), 0x10); /* still unformatted */
	/* without FMTDATA: the default format, the whole DVD+RW */
	ck_assert_uint_eq(NODATA(nodata), 0);
	ck_assert_uint_eq(read_capacity_last(), 4095);
}
END_TEST

/* GET CONFIGURATION: profile 1Ah current, features DVD+RW (002Ah) and
 * Formattable (0023h) current; on BD-RE profile 43h and 0023h. */
static bool feature_current(uint16_t code)
{
	uint8_t cdb[10] = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 16 };

	put_be16(cdb + 2, code);
	ck_assert_uint_eq(IN(cdb, 16), 0);
	return get_be32(buf) >= 8 && get_be16(buf + 8) == code &&
	       (buf[10] & 0x01);
}

START_TEST(test_features)
{
	insert(VB_MEDIA_DVD_PLUS_RW);
	ck_assert(feature_current(0x002a));
	ck_assert(feature_current(0x0023));
	ck_assert_uint_eq(get_be16(buf + 6), 0x001a);
	vb_drive_eject(drv);
	insert(VB_MEDIA_BD_RE);
	ck_assert(feature_current(0x0023));
	ck_assert(!feature_current(0x002a));
	ck_assert_uint_eq(get_be16(buf + 6), 0x0043);
}
END_TEST

/* The path of the one file in the image directory ending in ext. */
static void find_file(const char *ext, char *path, size_t len)
{
	DIR *dp = opendir(mu_dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((e = readdir(dp))) {
		const size_t l = strlen(e->d_name);

		if (l > strlen(ext) &&
		    !strcmp(e->d_name + l - strlen(ext), ext)) {
			snprintf(path, len, "%s/%s", mu_dir, e->d_name);
			n++;
		}
	}
	closedir(dp);
	ck_assert_int_eq(n, 1);
}

/*
 * The manifest (docs/vbd.md) after SYNCHRONIZE CACHE: loaded by the
 * formats library, it is the disc the drive serves, one track of the
 * formatted size holding the written blocks, zeros after them.
 */
START_TEST(test_manifest)
{
	uint8_t sync[10] = { 0x35 };
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	const char *fmt = NULL;
	uint8_t sector[2048];
	char vbd[512];

	insert_cap(VB_MEDIA_DVD_PLUS_RW, 4096);
	ck_assert_uint_eq(format_unit(0xffffffff, 0x26, 0), 0);
	ck_assert_uint_eq(write_blocks(0, 32, 6), 0);
	ck_assert_uint_eq(write_blocks(16, 16, 7), 0);
	ck_assert_uint_eq(NODATA(sync), 0);
	find_file(".vbd", vbd, sizeof(vbd));
	ck_assert_int_eq(vb_img_open(vbd, NULL, &d, &fmt, &diag), 0);
	ck_assert_uint_eq(d->n_sessions, 1);
	ck_assert_uint_eq(d->n_tracks, 1);
	ck_assert_int_eq(vb_disc_leadout(d), 4096);
	ck_assert_int_eq(vb_disc_read(d, 20, 1, VB_READ_USER, sector), 0);
	ck_assert_uint_eq(get_be32(sector), 20);
	ck_assert_uint_eq(sector[100], 7);
	ck_assert_int_eq(vb_disc_read(d, 4000, 1, VB_READ_USER, sector), 0);
	ck_assert(all_zero(sector, sizeof(sector)));
	vb_disc_unref(d);
}
END_TEST

/* An overwritable disc is captured as its ISO store only: another
 * capture format is refused when it goes in, never silently skipped. */
START_TEST(test_capture_format)
{
	char err[256];

	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_BD_RE, 0, NULL,
					       "nrg", err, sizeof(err)),
			 -EMEDIUMTYPE);
	ck_assert_ptr_nonnull(strstr(err, "nrg"));
	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_DVD_PLUS_RW, 0,
					       NULL, "iso", err, sizeof(err)),
			 0);
	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_DVD_PLUS_R, 0,
					       NULL, "nrg", err, sizeof(err)),
			 0);
}
END_TEST

Suite *overwrite_suite(void)
{
	Suite *s = suite_create("overwrite");
	TCase *tc = tcase_create("overwrite");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_plus_rw_format);
	tcase_add_test(tc, test_plus_rw_overwrite);
	tcase_add_test(tc, test_bd_re);
	tcase_add_test(tc, test_bd_r_format);
	tcase_add_test(tc, test_format_errors);
	tcase_add_test(tc, test_features);
	tcase_add_test(tc, test_capture_format);
	tcase_add_test(tc, test_manifest);
	suite_add_tcase(s, tc);
	return s;
}
