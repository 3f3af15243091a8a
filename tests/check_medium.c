/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The medium is a disc (docs/architecture.md): images loaded as virtual discs
 * read through the drive exactly as the formats library reads the image file
 * itself; recorded sessions with several TAO tracks are captured with every
 * track's pregap; the next writable address never passes the end. Every data-in
 * buffer is malloc'ed at exactly the length under test, so ASan sees any
 * over-read.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "formats_util.h"
#include "medium_util.h"
#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "vburn/vbd.h"

/*
 * Every sector of every track (pregaps included) read through the drive
 * with READ CD (raw 2352 + raw P-W) equals what the formats library reads
 * from the image file itself.
 */
static void same_as_image(const char *path)
{
	struct vb_disc *img = open_ok(path, NULL);
	uint8_t *a = malloc(2448), *b = malloc(2448);

	for (unsigned i = 0; i < img->n_tracks; i++) {
		const struct vb_track *t = img->tracks[i];

		for (int32_t lba = t->start - (int32_t)t->pregap;
		     lba < t->start + (int32_t)t->length; lba++) {
			if (lba < 0)
				continue;
			ck_assert_int_eq(
				vb_disc_read(img, lba, 1, VB_READ_RAW_SUB, b),
				0);
			ck_assert_uint_eq(read_cd(lba, 1, 0, 0xf8, 1, a, 2448),
					  0);
			ck_assert_msg(!memcmp(a, b, 2448), "%s: LBA %d differs",
				      path, lba);
		}
	}
	free(a);
	free(b);
	vb_disc_unref(img);
}

START_TEST(test_load_cdda_cue)
{
	const char *p = td("libcdio/test/data/cdda.cue");
	uint8_t toc[12], sub[24], one[2048],
		cdb[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 12 };
	uint8_t subcmd[10] = { 0x42, 0, 0x40, 2, 0, 0, 0, 0, 24 };

	if (!p)
		return;
	load_ok(p);
	same_as_image(p);
	/* TOC: one audio track, CONTROL with DCP (copy permitted). */
	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_FROM_DEV, toc, 12, NULL), 0);
	ck_assert_uint_eq(toc[3], 1);
	ck_assert_uint_eq(toc[5] & 0x0f, VB_CTL_COPY);
	/* MCN from the CATALOG line. */
	ck_assert_uint_eq(run(subcmd, 10, VB_DXFER_FROM_DEV, sub, 24, NULL), 0);
	ck_assert_uint_eq(sub[8] & 0x80, 0x80);
	ck_assert_mem_eq(sub + 9, "0000010271955", 13);
	/* READ(10) of an audio sector: 05/64/00; READ CD expecting Mode 1
	 * on audio likewise; past the lead-out 05/21/00. */
	ck_assert_uint_eq(read10(0, 1, one, 2048), 0x056400);
	ck_assert_uint_eq(read_cd(0, 1, 2, 0x10, 0, one, 2048), 0x056400);
	ck_assert_uint_eq(read_cd(100000, 1, 0, 0x10, 0, one, 2048), 0x052100);
}
END_TEST

START_TEST(test_load_raw_and_xa)
{
	static const char *const imgs[] = {
		"libcdio/test/data/p1.nrg",
		"libcdio/test/data/isofs-m1.cue",
		"libcdio/test/data/videocd.nrg",
		"libcdio/test/data/cdda.toc",
	};
	const char *p = td(imgs[_i]);

	if (!p)
		return;
	load_ok(p);
	same_as_image(p);
}
END_TEST

/* A plain ISO loads as a CD-ROM whose READ(10) equals the file. */
START_TEST(test_load_iso)
{
	const char *p = td("libcdio/test/data/copying.iso");
	struct vb_disc *img;
	uint8_t *a, *b;
	int32_t end;
	char js[4096];

	if (!p)
		return;
	load_ok(p);
	img = open_ok(p, NULL);
	end = vb_disc_leadout(img);
	a = malloc((size_t)end * 2048);
	b = malloc((size_t)end * 2048);
	ck_assert_int_eq(vb_disc_read(img, 0, (uint32_t)end, VB_READ_USER, b),
			 0);
	for (int32_t lba = 0; lba < end; lba += 16) {
		uint16_t n = (uint16_t)VB_MIN(16, end - lba);

		ck_assert_uint_eq(read10(lba, n, a, n * 2048u), 0);
		ck_assert_mem_eq(a, b + (size_t)lba * 2048, n * 2048u);
	}
	ck_assert_uint_eq(read10(end, 1, a, 2048), 0x052100);
	vb_drive_status_json(drv, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"media\": \"cd-rom\"") &&
			      strstr(js, "\"loaded\": true"),
		      "%s", js);
	free(a);
	free(b);
	vb_disc_unref(img);
}
END_TEST

/* A failed load names the file and leaves the drive as it was. */
START_TEST(test_load_failure_keeps_medium)
{
	char err[512] = "", path[600];
	const char *p = td("libcdio/test/data/copying.iso");
	uint8_t one[2048];

	if (!p)
		return;
	load_ok(p);
	snprintf(path, sizeof(path), "%s/missing.cue", mu_dir);
	ck_assert_int_lt(vb_drive_load(drv, path, false, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "missing.cue") != NULL, "%s", err);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_uint_eq(read10(16, 1, one, 2048), 0);
	snprintf(path, sizeof(path), "%s/junk.cue", mu_dir);
	write_file(path, "TRACK 99 WHAT\n", 14, NULL, 0);
	ck_assert_int_lt(vb_drive_load(drv, path, false, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "junk.cue") != NULL, "%s", err);
	ck_assert_uint_eq(read10(16, 1, one, 2048), 0);
	/* a CD past 99:59:74 (a sparse 1.1 GB audio file) has no TOC */
	snprintf(path, sizeof(path), "%s/long.bin", mu_dir);
	write_file(path, "", 0, NULL, 0);
	ck_assert_int_eq(truncate(path, (off_t)449850 * 2352), 0);
	snprintf(path, sizeof(path), "%s/long.cue", mu_dir);
	write_file(path,
		   "FILE \"long.bin\" BINARY\nTRACK 01 AUDIO\nINDEX 01 "
		   "00:00:00\n",
		   56, NULL, 0);
	ck_assert_int_lt(vb_drive_load(drv, path, false, err, sizeof(err)), 0);
	ck_assert_msg(
		strstr(err, "long.cue: a CD of 449850 sectors ends past") !=
			NULL,
		"%s", err);
	ck_assert_uint_eq(read10(16, 1, one, 2048), 0);
	/* A loaded disc is read-only: no blank ROM, no writes. */
	ck_assert_int_lt(vb_drive_insert_blank(drv, VB_MEDIA_CD_ROM, 0, NULL,
					       NULL, err, sizeof(err)),
			 0);
}
END_TEST

/* ECMA-119 8.1: descriptor type, "CD001", version 1. */
static const uint8_t vd_pvd[7] = { 1, 'C', 'D', '0', '0', '1', 1 };
static const uint8_t vd_term[7] = { 255, 'C', 'D', '0', '0', '1', 1 };

/* WRITE(10) of n sectors: each holds its LBA and fill; with vd_at >= 0
 * the sectors vd_at and vd_at + 1 start like an ISO 9660 primary volume
 * descriptor and a set terminator. */
static unsigned write_vd(int32_t lba, uint32_t n, uint8_t fill, int32_t vd_at)
{
	uint8_t w[10] = { 0x2a };
	uint8_t *data = malloc((size_t)n * 2048);
	unsigned r;

	for (uint32_t j = 0; j < n; j++) {
		memset(data + j * 2048, fill, 2048);
		put_be32(data + j * 2048 + 8, (uint32_t)lba + j);
		if (lba + (int32_t)j == vd_at)
			memcpy(data + j * 2048, vd_pvd, sizeof(vd_pvd));
		else if (vd_at >= 0 && lba + (int32_t)j == vd_at + 1)
			memcpy(data + j * 2048, vd_term, sizeof(vd_term));
		else
			put_be32(data + j * 2048, (uint32_t)lba + j);
	}
	put_be32(w + 2, (uint32_t)lba);
	put_be16(w + 7, (uint16_t)n);
	r = run(w, 10, VB_DXFER_TO_DEV, data, n * 2048, NULL);
	free(data);
	return r;
}

/* The NWA of READ TRACK INFORMATION for the invisible track (0 if not
 * valid) and its free blocks. */
static int32_t track_nwa(uint32_t *free_blocks)
{
	uint8_t cdb[10] = { 0x52, 1, 0, 0, 0, 0xff, 0, 0, 48 };
	uint8_t ti[48];

	if (run(cdb, 10, VB_DXFER_FROM_DEV, ti, 48, NULL))
		return -2;
	*free_blocks = get_be32(ti + 16);
	return ti[7] & 1 ? (int32_t)get_be32(ti + 12) : -1;
}

/*
 * Two TAO tracks in one CD session, captured in every format: the second
 * track starts 150 sectors after the first ends and that gap is its
 * pregap; every raw sector of the capture verifies (EDC/ECC, header) and
 * every user sector equals the recording.
 */
START_TEST(test_two_track_session)
{
	static const char *const fmts[] = { "nrg", "cue", "ccd", "mds" };
	uint8_t sync[10] = { 0x35 }, close[10] = { 0x5b, 0, 0x02 };
	char iso[600], img[600];
	struct vb_disc *disc;
	uint8_t *raw = malloc(2352), user[2048];
	uint32_t free_blocks;

	snprintf(iso, sizeof(iso), "%s/two.iso", mu_dir);
	snprintf(img, sizeof(img), "%s/two.%s", mu_dir, fmts[_i]);
	insert_named("two", fmts[_i]);
	mu_settle();
	set_multisession(true);
	ck_assert_uint_eq(write_blocks(0, 40, 0x11), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_int_eq(track_nwa(&free_blocks), 190);
	ck_assert_uint_eq(write_blocks(190, 30, 0x22), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(run(close, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	vb_drive_sync(drv);

	disc = open_ok(img, NULL);
	ck_assert_uint_eq(disc->n_tracks, 2);
	ck_assert_int_eq(disc->tracks[1]->start, 190);
	ck_assert_uint_eq(disc->tracks[1]->pregap, 150);
	for (int32_t lba = -150; lba < 220; lba++) {
		struct vb_sector_check chk;
		const bool gap = lba < 0 || (lba >= 40 && lba < 190);

		if (lba < 0 && !vb_track_pregap_stored(disc->tracks[0]))
			continue;
		ck_assert_int_eq(vb_disc_read(disc, lba, 1, VB_READ_RAW, raw),
				 0);
		ck_assert_msg(vb_sector_verify_as(raw, VB_SECTOR_MODE1, lba,
						  &chk) == 0,
			      "%s: LBA %d does not verify", fmts[_i], lba);
		if (gap)
			continue;
		ck_assert_int_eq(vb_disc_read(disc, lba, 1, VB_READ_USER, user),
				 0);
		ck_assert_uint_eq(get_be32(user), (uint32_t)lba);
		ck_assert_uint_eq(user[100], lba < 40 ? 0x11 : 0x22);
	}
	vb_disc_unref(disc);
	free(raw);
}
END_TEST

/* On a 1000-sector CD-R, 950 written and the track closed: the next
 * track would start past the end, so there is no NWA and no free block. */
START_TEST(test_nwa_not_past_end)
{
	uint8_t sync[10] = { 0x35 };
	char err[256], js[4096];
	uint32_t free_blocks = 1;

	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 1000, NULL,
					       NULL, err, sizeof(err)),
			 0);
	mu_settle();
	set_multisession(true);
	ck_assert_uint_eq(write_blocks(0, 50, 1), 0);
	for (int32_t lba = 50; lba < 950; lba += 50)
		ck_assert_uint_eq(write_blocks(lba, 50, 1), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_int_lt(track_nwa(&free_blocks), 0);
	ck_assert_uint_eq(free_blocks, 0);
	vb_drive_status_json(drv, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"free\": 0,") != NULL, "%s", js);
	ck_assert_uint_eq(write_blocks(1100, 1, 1) >> 16, 5);
}
END_TEST

/* Two closed TAO sessions of 40 sectors on the CD-R in the drive, at 0
 * and s2, each with a volume descriptor set at its sector 16. */
static void burn_two_iso_sessions(int32_t s2)
{
	uint8_t sync[10] = { 0x35 }, close[10] = { 0x5b, 0, 0x02 };

	mu_settle();
	set_multisession(true);
	ck_assert_uint_eq(write_vd(0, 40, 0x11, 16), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(run(close, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(write_vd(s2, 40, 0x22, s2 + 16), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(run(close, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
}

/*
 * Two ISO sessions: the flat file (the ISO capture) shows session 2's
 * volume descriptors at LBA 16..31 so that any ISO reader opens the last
 * session, while the drive and the lossless capture keep session 1's own
 * sectors there.
 */
START_TEST(test_iso_opens_last_session)
{
	char iso[600], ccd[600];
	const int32_t s2 = 40 + 11400;
	uint8_t *a = malloc(16 * 2048), *b = malloc(16 * 2048);
	struct vb_disc *disc;
	FILE *f;

	snprintf(iso, sizeof(iso), "%s/ms.iso", mu_dir);
	snprintf(ccd, sizeof(ccd), "%s/ms.ccd", mu_dir);
	insert_named("ms", "ccd");
	burn_two_iso_sessions(s2);
	vb_drive_sync(drv);

	/* The drive: session 1's own sectors. */
	ck_assert_uint_eq(read10(16, 16, a, 16 * 2048), 0);
	ck_assert_uint_eq(a[7], 0x11);
	ck_assert_uint_eq(get_be32(a + 8), 16);
	ck_assert_uint_eq(get_be32(a + 2048 + 8), 17);
	/* The ISO file: session 2's descriptor area at 16..31. */
	f = fopen(iso, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 16 * 2048, SEEK_SET), 0);
	ck_assert_uint_eq(fread(b, 1, 16 * 2048, f), 16 * 2048);
	fclose(f);
	ck_assert_mem_eq(b, vd_pvd, sizeof(vd_pvd));
	ck_assert_uint_eq(get_be32(b + 8), (uint32_t)s2 + 16);
	ck_assert_uint_eq(b[100], 0x22);
	ck_assert_mem_eq(b + 2048, vd_term, sizeof(vd_term));
	ck_assert_uint_eq(b[2048 + 100], 0x22);
	/* Only the descriptor set moves: session 1's sector 18 stays. */
	ck_assert_uint_eq(get_be32(b + 2 * 2048), 18);
	ck_assert_uint_eq(b[2 * 2048 + 100], 0x11);
	/* READ TOC format 2: the full-TOC builder's lead-ins. Session 1:
	 * A0 A1 A2 track 1 B0 C0; session 2: A0 A1 A2 track 2 B0. */
	{
		static const uint8_t want[][2] = {
			{ 1, 0xa0 }, { 1, 0xa1 }, { 1, 0xa2 }, { 1, 1 },
			{ 1, 0xb0 }, { 1, 0xc0 }, { 2, 0xa0 }, { 2, 0xa1 },
			{ 2, 0xa2 }, { 2, 2 },	  { 2, 0xb0 },
		};
		uint8_t cdb[10] = { 0x43, 0, 2, 0, 0, 0, 1, 0x04, 0 };
		uint8_t *t = malloc(1024);
		struct vb_cmd res;

		ck_assert_uint_eq(
			run(cdb, 10, VB_DXFER_FROM_DEV, t, 1024, &res), 0);
		ck_assert_uint_eq(get_be16(t), 2 + 11 * 11);
		ck_assert_uint_eq(res.xfer_len, 4 + 11 * 11);
		ck_assert_uint_eq(t[3], 2); /* last complete session */
		for (unsigned i = 0; i < 11; i++) {
			ck_assert_uint_eq(t[4 + 11 * i], want[i][0]);
			ck_assert_uint_eq(t[4 + 11 * i + 3], want[i][1]);
		}
		/* C0: the ATIP lead-in start READ TOC format 4 reports. */
		ck_assert_uint_eq(t[4 + 11 * 5 + 8], 97);
		ck_assert_uint_eq(t[4 + 11 * 5 + 9], 26);
		ck_assert_uint_eq(t[4 + 11 * 5 + 10], 66);
		free(t);
	}
	/* The lossless capture keeps the disc as the drive has it. */
	disc = open_ok(ccd, NULL);
	ck_assert_int_eq(vb_disc_read(disc, 16, 16, VB_READ_USER, b), 0);
	ck_assert_mem_eq(a, b, 16 * 2048);
	vb_disc_unref(disc);
	free(a);
	free(b);
}
END_TEST

/*
 * The manifest is written at every commit point and describes the closed
 * tracks: a daemon killed in the middle of the next track leaves a
 * manifest that loads as the disc of the last commit, byte for byte.
 */
START_TEST(test_manifest_reload)
{
	char err[512], iso[600], vbd[600], js[8192];
	struct vb_disc *disc;
	uint8_t *a = malloc(2048), *b = malloc(2048);
	const int32_t s2 = 40 + 11400;

	snprintf(iso, sizeof(iso), "%s/m.iso", mu_dir);
	snprintf(vbd, sizeof(vbd), "%s/m.vbd", mu_dir);
	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 0, iso, NULL,
					       err, sizeof(err)),
			 0);
	/* Insert is a commit point: the blank's manifest. */
	{
		struct vb_vbd_state st;
		struct vb_diag diag = { "" };

		ck_assert_msg(vb_vbd_load(vbd, &disc, &st, &diag) == 0, "%s",
			      diag.msg);
		ck_assert_uint_eq(disc->n_tracks, 0);
		ck_assert_str_eq(st.media, "cd-r");
		ck_assert_int_eq(st.finalized, 0);
		vb_vbd_state_fini(&st);
		vb_disc_unref(disc);
	}
	burn_two_iso_sessions(s2);
	/* A third track is being written when the daemon dies. */
	ck_assert_uint_eq(write_blocks(s2 + 40 + 6900, 20, 0x33), 0);

	disc = open_ok(vbd, NULL);
	ck_assert_uint_eq(disc->n_sessions, 2);
	ck_assert_uint_eq(disc->n_tracks, 2);
	ck_assert_int_eq(disc->tracks[1]->start, s2);
	for (int32_t lba = 0; lba < s2 + 40; lba++) {
		if (lba >= 40 && lba < s2)
			continue;
		ck_assert_uint_eq(read10(lba, 1, a, 2048), 0);
		ck_assert_int_eq(vb_disc_read(disc, lba, 1, VB_READ_USER, b),
				 0);
		ck_assert_msg(!memcmp(a, b, 2048), "LBA %d differs", lba);
	}
	vb_disc_unref(disc);
	/* vburnctl load of the manifest: the disc as committed. */
	load_ok(vbd);
	ck_assert_uint_eq(read10(16, 1, a, 2048), 0);
	ck_assert_uint_eq(a[7], 0x11);
	vb_drive_status_json(drv, js, sizeof(js));
	ck_assert_msg(strstr(js, "\"format\": \"vbd\"") != NULL, "%s", js);
	{
		/* The status is one JSON object of the docs/architecture.md
		 * disc shape (parsed, not matched). */
		char path[700], cmd[1200];

		snprintf(path, sizeof(path), "%s/status.json", mu_dir);
		write_file(path, js, strlen(js), NULL, 0);
		snprintf(
			cmd, sizeof(cmd),
			"python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));"
			" s=d[\"sessions\"]; t=s[1][\"tracks\"][0];"
			" sys.exit(not (d[\"media\"]==\"cd-rom\" and len(s)==2 and"
			" t[\"number\"]==2 and t[\"start\"]==%d and t[\"closed\"]"
			" and d[\"leadout\"]==%d))' %s",
			s2, s2 + 40, path);
		ck_assert_msg(system(cmd) == 0, "%s", js);
	}
	free(a);
	free(b);
}
END_TEST

/* A sparse ISO of n sectors whose primary descriptor says so. */
static void sparse_iso(const char *path, uint32_t n)
{
	uint8_t pvd[2048] = { 0 }, term[2048] = { 0 };
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	memcpy(pvd, vd_pvd, sizeof(vd_pvd));
	memcpy(term, vd_term, sizeof(vd_term));
	put_le32(pvd + 80, n);
	put_be32(pvd + 84, n);
	ck_assert_int_eq(fseek(f, 16 * 2048, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(pvd, 1, 2048, f), 2048);
	ck_assert_uint_eq(fwrite(term, 1, 2048, f), 2048);
	ck_assert_int_eq(ftruncate(fileno(f), (off_t)n * 2048), 0);
	fclose(f);
}

/* The profile follows the image: an ISO larger than any CD is a DVD-ROM
 * (two layers past one layer's size), larger than a DVD a BD-ROM; READ
 * DISC STRUCTURE describes them as pressed discs. */
START_TEST(test_load_profile_by_size)
{
	static const struct {
		uint32_t sectors;
		uint16_t profile;
	} cases[] = {
		{ 1000, 0x0008 },
		{ 2000000, 0x0010 },
		{ 3000000, 0x0010 },
		{ 5000000, 0x0040 },
	};
	uint8_t gc[10] = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 8 }, cfg[8];
	uint8_t ds[12] = { 0xad, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x04 };
	uint8_t *st = malloc(4 + 4096);
	char path[600];

	snprintf(path, sizeof(path), "%s/big.iso", mu_dir);
	sparse_iso(path, cases[_i].sectors);
	load_ok(path);
	ck_assert_uint_eq(run(gc, 10, VB_DXFER_FROM_DEV, cfg, 8, NULL), 0);
	ck_assert_uint_eq(get_be16(cfg + 6), cases[_i].profile);
	if (cases[_i].profile == 0x0010) {
		ck_assert_uint_eq(
			run(ds, 12, VB_DXFER_FROM_DEV, st, 2052, NULL), 0);
		ck_assert_uint_eq(st[4] >> 4, 0);   /* book type DVD-ROM */
		ck_assert_uint_eq(st[6] & 0x0f, 1); /* embossed layer */
		ck_assert_uint_eq(st[6] >> 5 & 3,
				  cases[_i].sectors > 2295104 ? 1 : 0);
	} else if (cases[_i].profile == 0x0040) {
		ds[1] = 1; /* MEDIA TYPE: BD */
		put_be16(ds + 8, 4 + 4096);
		ck_assert_uint_eq(
			run(ds, 12, VB_DXFER_FROM_DEV, st, 4100, NULL), 0);
		ck_assert_mem_eq(st + 4, "DI", 2);
		ck_assert_mem_eq(st + 12, "BDO", 3);
	}
	free(st);
}
END_TEST

/* The play position READ SUB-CHANNEL reports: audio status and
 * absolute LBA. */
static uint8_t play_pos(int32_t *lba)
{
	uint8_t cdb[10] = { 0x42, 0, 0x40, 1, 0, 0, 0, 0, 16 }, q[16];

	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_FROM_DEV, q, 16, NULL), 0);
	*lba = (int32_t)get_be32(q + 8);
	return q[1];
}

/*
 * PLAY AUDIO of a loaded audio disc: the position moves at 75 sectors a
 * second (play.h), PAUSE holds it, RESUME goes on, STOP ends the play;
 * a data track cannot be played.
 */
START_TEST(test_play_audio)
{
	const char *p = td("libcdio/test/data/cdda.cue");
	uint8_t play[10] = { 0x45, 0, 0, 0, 0, 0, 0, 0, 200 };
	uint8_t pause[10] = { 0x4b },
		resume[10] = { 0x4b, 0, 0, 0, 0, 0, 0, 0, 1 };
	uint8_t stop[10] = { 0x4e };
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int32_t a, b;

	if (!p)
		return;
	load_ok(p);
	ck_assert_uint_eq(play_pos(&a), 0x15);
	ck_assert_int_eq(a, 0);
	ck_assert_uint_eq(run(play, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	nanosleep(&ts, NULL);
	ck_assert_uint_eq(play_pos(&a), 0x11);
	ck_assert_int_gt(a, 0);
	ck_assert_int_lt(a, 200);
	ck_assert_uint_eq(run(pause, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(play_pos(&a), 0x12);
	nanosleep(&ts, NULL);
	ck_assert_uint_eq(play_pos(&b), 0x12);
	ck_assert_int_eq(a, b);
	ck_assert_uint_eq(run(resume, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(play_pos(&a), 0x11);
	ck_assert_uint_eq(run(stop, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(play_pos(&a), 0x15);
	/* Past the lead-out (302 sectors). */
	play[8] = 0;
	put_be16(play + 7, 400);
	ck_assert_uint_eq(run(play, 10, VB_DXFER_NONE, NULL, 0, NULL),
			  0x052100);
	/* A data disc. */
	p = td("libcdio/test/data/copying.iso");
	load_ok(p);
	put_be16(play + 7, 10);
	ck_assert_uint_eq(run(play, 10, VB_DXFER_NONE, NULL, 0, NULL),
			  0x056400);
}
END_TEST

/* The whole of a small file (NULL if missing), its size in *len. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f)
		return NULL;
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	p = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* The manifest of the drive's own new store in mu_dir (vburn0-*.vbd). */
static void new_manifest(char *path, size_t len)
{
	DIR *dir = opendir(mu_dir);
	struct dirent *e;

	ck_assert_ptr_nonnull(dir);
	path[0] = 0;
	while ((e = readdir(dir)))
		if (!strncmp(e->d_name, "vburn0-", 7) &&
		    strstr(e->d_name, ".vbd"))
			snprintf(path, len, "%s/%s", mu_dir, e->d_name);
	closedir(dir);
	ck_assert_msg(path[0], "no new manifest in %s", mu_dir);
}

/*
 * load --writable (issue "record everything"): a one-session capture
 * (its manifest, or its CCD) is loaded as an appendable CD-R; session 2
 * goes at the next address a burner expects, both read back, the new
 * manifest holds both, and the loaded files are byte for byte as they
 * were. A finalized disc is refused with a one-line reason.
 */
START_TEST(test_load_writable)
{
	static const char *const files[] = { "w.vbd", "w.ccd", "w.img",
					     "w.iso" };
	uint8_t sync[10] = { 0x35 }, close[10] = { 0x5b, 0, 0x02 };
	uint8_t *keep[4], *a = malloc(2048);
	size_t klen[4], len;
	char path[600], err[512] = "";
	const int32_t s2 = 40 + 11400;
	uint32_t free_blocks;
	struct vb_disc *disc;

	insert_named("w", "ccd");
	mu_settle();
	set_multisession(_i != 2);
	ck_assert_uint_eq(write_vd(0, 40, 0x11, 16), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(run(close, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	vb_drive_sync(drv);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", mu_dir, files[i]);
		keep[i] = slurp(path, &klen[i]);
		ck_assert_ptr_nonnull(keep[i]);
	}
	snprintf(path, sizeof(path), "%s/%s", mu_dir, files[_i == 1]);
	if (_i == 2) {
		ck_assert_int_lt(
			vb_drive_load(drv, path, true, err, sizeof(err)), 0);
		ck_assert_msg(strstr(err, "finalized"), "%s", err);
		goto out;
	}
	ck_assert_msg(vb_drive_load(drv, path, true, err, sizeof(err)) == 0,
		      "%s", err);
	mu_settle();
	ck_assert_int_eq(track_nwa(&free_blocks), s2);
	set_multisession(true);
	ck_assert_uint_eq(write_vd(s2, 40, 0x22, s2 + 16), 0);
	ck_assert_uint_eq(run(sync, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(run(close, 10, VB_DXFER_NONE, NULL, 0, NULL), 0);
	ck_assert_uint_eq(read10(20, 1, a, 2048), 0);
	ck_assert_uint_eq(a[7], 0x11);
	ck_assert_uint_eq(read10(s2 + 20, 1, a, 2048), 0);
	ck_assert_uint_eq(a[7], 0x22);
	vb_drive_sync(drv);
	new_manifest(path, sizeof(path));
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->n_sessions, 2);
	ck_assert_int_eq(disc->tracks[1]->start, s2);
	ck_assert_int_eq(vb_disc_read(disc, 20, 1, VB_READ_USER, a), 0);
	ck_assert_uint_eq(a[7], 0x11);
	vb_disc_unref(disc);
	for (int i = 0; i < 4; i++) {
		uint8_t *now;

		snprintf(path, sizeof(path), "%s/%s", mu_dir, files[i]);
		now = slurp(path, &len);
		ck_assert_ptr_nonnull(now);
		ck_assert_msg(len == klen[i] && !memcmp(now, keep[i], len),
			      "%s changed", files[i]);
		free(now);
	}
out:
	for (int i = 0; i < 4; i++)
		free(keep[i]);
	free(a);
}
END_TEST

Suite *medium_suite(void)
{
	Suite *s = suite_create("medium");
	TCase *tc = tcase_create("disc");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_load_cdda_cue);
	tcase_add_loop_test(tc, test_load_raw_and_xa, 0, 4);
	tcase_add_test(tc, test_load_iso);
	tcase_add_test(tc, test_load_failure_keeps_medium);
	tcase_add_loop_test(tc, test_two_track_session, 0, 4);
	tcase_add_test(tc, test_nwa_not_past_end);
	tcase_add_test(tc, test_iso_opens_last_session);
	tcase_add_test(tc, test_manifest_reload);
	tcase_add_loop_test(tc, test_load_writable, 0, 3);
	tcase_add_loop_test(tc, test_load_profile_by_size, 0, 4);
	tcase_add_test(tc, test_play_audio);
	suite_add_tcase(s, tc);
	return s;
}
