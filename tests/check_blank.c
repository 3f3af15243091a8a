/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BLANK types 2-6 on CD-RW (daemon/media_import.c, drive.c): erase a
 * session, unclose the last session, blank or unreserve the last track
 * of the open session, blank a track tail. What stays reads back as it
 * was written, the disc takes new writes where a drive would put them,
 * the blank goes into a fresh store whose capture holds what stays, and
 * the old files are left whole; a type that does not apply to the disc
 * is 05/24/00.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "medium_util.h"
#include "vburn/img.h"

#define N 300 /* blocks per track */

static unsigned blank(uint8_t type, uint32_t arg)
{
	uint8_t cdb[12] = { 0xa1, type };

	put_be32(cdb + 2, arg);
	return NODATA(cdb);
}

/* A TAO track of N blocks of fill at the NWA; its start. */
static int32_t burn_track(uint8_t fill)
{
	const int32_t nwa = invisible_nwa();

	ck_assert_uint_eq(write_blocks(nwa, N, fill), 0);
	sync_cache();
	close_track();
	return nwa;
}

/* Block lba holds what burn_track(fill) wrote there. */
static void assert_block(int32_t lba, uint8_t fill)
{
	uint8_t *b = malloc(2048);

	ck_assert_uint_eq(read10(lba, 1, b, 2048), 0);
	ck_assert_uint_eq(get_be32(b), (uint32_t)lba);
	ck_assert_uint_eq(b[2047], fill);
	free(b);
}

/* READ DISC INFORMATION: *sessions and *last_state (byte 2 bits 3-2:
 * 0 empty, 1 incomplete, 3 complete); the disc status. */
static uint8_t disc_info(unsigned *sessions, unsigned *last_state)
{
	uint8_t cdb[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };

	ck_assert_uint_eq(IN(cdb, 34), 0);
	*sessions = buf[4];
	*last_state = buf[2] >> 2 & 3;
	return buf[2] & 3;
}

/* READ TOC format 0: the number of tracks it lists. */
static unsigned toc_tracks(void)
{
	uint8_t cdb[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24 };

	ck_assert_uint_eq(IN(cdb, 804), 0);
	return (get_be16(buf) - 2) / 8 - 1;
}

/* A CD-RW whose store is mu_dir/a.iso, with `sessions` closed sessions
 * of one track each (fill 1, 2, ...); *starts gets their starts. */
static void burned_rw(unsigned sessions, int32_t *starts)
{
	char err[256], path[600];

	snprintf(path, sizeof(path), "%s/a.iso", mu_dir);
	ck_assert_msg(vb_drive_insert_blank(drv, VB_MEDIA_CD_RW, 0, path, NULL,
					    err, sizeof(err)) == 0,
		      "%s", err);
	mu_settle();
	set_multisession(true);
	for (unsigned s = 0; s < sessions; s++) {
		starts[s] = burn_track((uint8_t)(s + 1));
		close_session();
	}
}

/* The sessions of the manifest written last in mu_dir (the drive's
 * medium's: every blank commits a fresh one), other than a.vbd. */
static unsigned new_manifest_sessions(void)
{
	char path[600] = "", p[600];
	struct vb_diag diag = { "" };
	struct timespec best = { 0, 0 };
	struct vb_disc *disc;
	struct dirent *e;
	struct stat st;
	DIR *dir;
	unsigned n;

	vb_drive_sync(drv);
	dir = opendir(mu_dir);
	ck_assert_ptr_nonnull(dir);
	while ((e = readdir(dir))) {
		if (!strstr(e->d_name, ".vbd") || !strcmp(e->d_name, "a.vbd"))
			continue;
		snprintf(p, sizeof(p), "%s/%s", mu_dir, e->d_name);
		ck_assert_int_eq(stat(p, &st), 0);
		if (st.st_mtim.tv_sec > best.tv_sec ||
		    (st.st_mtim.tv_sec == best.tv_sec &&
		     st.st_mtim.tv_nsec > best.tv_nsec)) {
			best = st.st_mtim;
			memcpy(path, p, sizeof(path));
		}
	}
	closedir(dir);
	ck_assert_msg(path[0], "no new manifest in %s", mu_dir);
	ck_assert_msg(vb_img_open(path, NULL, &disc, NULL, &diag) == 0, "%s",
		      diag.msg);
	n = disc->n_sessions;
	vb_disc_unref(disc);
	return n;
}

START_TEST(test_erase_session)
{
	int32_t starts[3];
	unsigned n, state;
	char path[600];
	struct vb_diag diag = { "" };
	struct vb_disc *old;

	burned_rw(3, starts);
	ck_assert_uint_eq(blank(6, 0), 0);
	ck_assert_uint_eq(disc_info(&n, &state), 1);
	ck_assert_uint_eq(n, 3); /* 2 complete and the empty next one */
	ck_assert_uint_eq(state, 0);
	ck_assert_uint_eq(toc_tracks(), 2);
	assert_block(starts[0] + 7, 1);
	assert_block(starts[1] + N - 1, 2);
	ck_assert_uint_eq(new_manifest_sessions(), 2);
	/* the next session goes where session 3 was */
	ck_assert_int_eq(invisible_nwa(), starts[2]);
	ck_assert_int_eq(burn_track(9), starts[2]);
	close_session();
	assert_block(starts[2] + 5, 9);
	/* the old recording's files are whole: 3 sessions */
	snprintf(path, sizeof(path), "%s/a.vbd", mu_dir);
	ck_assert_msg(vb_img_open(path, NULL, &old, NULL, &diag) == 0, "%s",
		      diag.msg);
	ck_assert_uint_eq(old->n_sessions, 3);
	vb_disc_unref(old);
	/* down to nothing */
	for (int k = 0; k < 3; k++)
		ck_assert_uint_eq(blank(6 | 0x10, 0), 0); /* with Immed */
	ck_assert_uint_eq(disc_info(&n, &state), 0);
	ck_assert_uint_eq(blank(6, 0), 0); /* an empty disc stays empty */
	ck_assert_uint_eq(disc_info(&n, &state), 0);
}
END_TEST

START_TEST(test_unclose)
{
	int32_t starts[2], t3;
	unsigned n, state;

	burned_rw(2, starts);
	ck_assert_uint_eq(blank(5, 0), 0);
	ck_assert_uint_eq(disc_info(&n, &state), 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(state, 1); /* incomplete: it takes tracks */
	ck_assert_uint_eq(toc_tracks(), 1);
	/* a third track in session 2, 150 after track 2 (its pregap) */
	t3 = burn_track(3);
	ck_assert_int_eq(t3, starts[1] + N + 150);
	close_session();
	ck_assert_uint_eq(disc_info(&n, &state), 1);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(toc_tracks(), 3);
	assert_block(starts[1], 2);
	assert_block(t3 + N - 1, 3);
	/* an open session cannot be unclosed again */
	ck_assert_uint_eq(blank(5, 0), 0);
	ck_assert_uint_eq(blank(5, 0), 0x052400);
}
END_TEST

START_TEST(test_blank_track)
{
	int32_t starts[1], t2, t3;
	unsigned n, state;

	burned_rw(1, starts);
	t2 = burn_track(2); /* tracks 2 and 3 in the open session 2 */
	t3 = burn_track(3);
	ck_assert_uint_eq(blank(2, 2), 0x052400); /* not the last */
	ck_assert_uint_eq(blank(2, 1), 0x052400); /* a closed session's */
	ck_assert_uint_eq(blank(3, 3), 0x052400); /* closed, unreserved */
	ck_assert_uint_eq(blank(2, 3), 0);
	ck_assert_int_eq(invisible_nwa(), t3);
	assert_block(t2 + 10, 2);
	ck_assert_uint_eq(disc_info(&n, &state), 1);
	ck_assert_uint_eq(state, 1);
	/* the last track of the session: the session goes with it */
	ck_assert_uint_eq(blank(2, 2), 0);
	ck_assert_uint_eq(disc_info(&n, &state), 1);
	ck_assert_uint_eq(state, 0);
	ck_assert_int_eq(invisible_nwa(), t2);
	ck_assert_uint_eq(new_manifest_sessions(), 1);
	assert_block(starts[0], 1);
}
END_TEST

START_TEST(test_track_tail)
{
	int32_t starts[1], t2;
	uint8_t ti[10] = { 0x52, 0x01, 0, 0, 0, 2, 0, 0, 36 };

	burned_rw(1, starts);
	t2 = burn_track(2);
	ck_assert_uint_eq(blank(4, (uint32_t)(t2 - 1)), 0x052400);
	ck_assert_uint_eq(blank(4, (uint32_t)(t2 + N)), 0x052400);
	ck_assert_uint_eq(blank(4, (uint32_t)(t2 + 100)), 0);
	/* track 2 is incomplete again, its NWA where the tail began */
	ck_assert_uint_eq(IN(ti, 36), 0);
	ck_assert(buf[7] & 0x01); /* NWA valid */
	ck_assert_int_eq((int32_t)get_be32(buf + 12), t2 + 100);
	assert_block(t2 + 99, 2);
	ck_assert_uint_eq(write_blocks(t2 + 100, 50, 7), 0);
	sync_cache();
	close_track();
	close_session();
	assert_block(t2 + 99, 2);
	assert_block(t2 + 100, 7);
	assert_block(t2 + 149, 7);
	ck_assert_uint_eq(toc_tracks(), 2);
}
END_TEST

/* Types 2-6 do not apply to write-once or overwritable media. */
START_TEST(test_blank_part_refused)
{
	uint8_t blank6[12] = { 0xa1, 0x06 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(NODATA(blank6), 0x053005);
	insert(VB_MEDIA_DVD_PLUS_RW);
	ck_assert_uint_eq(NODATA(blank6), 0x053005);
	insert(VB_MEDIA_CD_RW);
	blank6[1] = 0x07; /* reserved type */
	ck_assert_uint_eq(NODATA(blank6), 0x052400);
}
END_TEST

Suite *blank_suite(void)
{
	Suite *s = suite_create("blank");
	TCase *tc = tcase_create("blank");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_erase_session);
	tcase_add_test(tc, test_unclose);
	tcase_add_test(tc, test_blank_track);
	tcase_add_test(tc, test_track_tail);
	tcase_add_test(tc, test_blank_part_refused);
	suite_add_tcase(s, tc);
	return s;
}
