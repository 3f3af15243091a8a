/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recording every form a real burner takes (issue "record everything",
 * docs/clients.md 3.1-3.2): TAO audio and Mode 2 block types from page 05, SAO
 * cue sheets with audio, Mode 1, XA and Mode 2 data forms, pregaps, INDEX
 * 02+, CONTROL bits, and the MCN and ISRCs of ADR 2/3 entries. What is
 * recorded must read back through the drive as sent and come back from
 * the capture and the manifest. Every buffer is malloc'ed at exactly the
 * length under test, so ASan sees any over-read.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats_util.h"
#include "medium_util.h"
#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/drive.h"
#include "vburn/img.h"
#include "vburn/sector.h"

/*
 * MODE SELECT of page 05 (MMC-6 7.5.4): write type wt, track mode tm
 * (single session), data block type bt, session format sf, and the MCN
 * and ISRC to record (NULL: none).
 */
static void select_page05(uint8_t wt, uint8_t tm, uint8_t bt, uint8_t sf,
			  const char *mcn, const char *isrc)
{
	uint8_t cdb[10] = { 0x55, 0x10 };
	uint8_t *p = calloc(1, 8 + 52);

	ck_assert_ptr_nonnull(p);
	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = wt;
	p[11] = tm;
	p[12] = bt;
	p[16] = sf;
	put_be16(p + 8 + 14, 150);
	if (mcn) {
		p[8 + 16] = 0x80; /* MCVAL */
		memcpy(p + 8 + 17, mcn, 13);
	}
	if (isrc) {
		p[8 + 32] = 0x80; /* TCVAL */
		memcpy(p + 8 + 33, isrc, 12);
	}
	put_be16(cdb + 7, 8 + 52);
	ck_assert_uint_eq(OUT(cdb, p, 8 + 52), 0);
	free(p);
}

/* TAO, audio track (mode 0), block type 0 (raw 2352), MCN and ISRC. */
static void select_tao_audio_ids(const char *mcn, const char *isrc)
{
	select_page05(0x01, 0x00, 0, 0, mcn, isrc);
}

static void select_tao_audio(void)
{
	select_tao_audio_ids(NULL, NULL);
}

/* READ SUB-CHANNEL format 2 (MCN) or 3 (ISRC of track), MMC-6 6.24:
 * the string when its valid bit is set, else "". */
static const char *sub_id(uint8_t format, uint8_t track)
{
	static char id[14];
	uint8_t cdb[10] = { 0x42, 0, 0x40, format, 0, 0, track, 0, 24 };
	uint8_t *r = malloc(24);

	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_FROM_DEV, r, 24, NULL), 0);
	id[0] = 0;
	if (r[8] & 0x80)
		snprintf(id, sizeof(id), "%.*s", format == 2 ? 13 : 12,
			 (const char *)r + 9);
	free(r);
	return id;
}

/* Audio sector i of a track: 2352 bytes of a pattern of its own. */
static void pcm_sector(uint8_t *out, int32_t i, uint8_t track)
{
	for (unsigned k = 0; k < 2352; k++)
		out[k] = (uint8_t)(k * 7 + (uint32_t)i * 13 + track * 101);
}

/* WRITE(10) of n audio sectors at lba (exact heap buffer). */
static unsigned write_audio(int32_t lba, uint32_t n, uint8_t track)
{
	uint8_t cdb[10] = { 0x2a };
	uint8_t *p = malloc((size_t)n * 2352);
	unsigned st;

	ck_assert_ptr_nonnull(p);
	for (uint32_t i = 0; i < n; i++)
		pcm_sector(p + (size_t)i * 2352, (int32_t)i, track);
	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, (uint16_t)n);
	st = run(cdb, 10, VB_DXFER_TO_DEV, p, n * 2352, NULL);
	free(p);
	return st;
}

/* READ CD of one CD-DA sector at lba equals sector i of track. */
static void audio_reads_back(int32_t lba, int32_t i, uint8_t track)
{
	uint8_t *got = malloc(2352), *want = malloc(2352);

	ck_assert_uint_eq(read_cd(lba, 1, 1, 0x10, 0, got, 2352), 0);
	pcm_sector(want, i, track);
	ck_assert_msg(!memcmp(got, want, 2352), "LBA %d differs", lba);
	free(got);
	free(want);
}

/* The CUE/BIN capture mu_dir/stem.cue of the two audio tracks the audio
 * tests burn (the second at 450), once the worker wrote it. */
static struct vb_disc *audio_capture(const char *stem)
{
	char path[600];
	struct vb_disc *disc;

	vb_drive_sync(drv);
	snprintf(path, sizeof(path), "%s/%s.cue", mu_dir, stem);
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->n_tracks, 2);
	ck_assert_int_eq(disc->tracks[0]->mode, VB_MODE_AUDIO);
	ck_assert_int_eq(disc->tracks[1]->mode, VB_MODE_AUDIO);
	ck_assert_int_eq(disc->tracks[1]->start, 450);
	return disc;
}

/*
 * TAO audio (page 05 track mode 0, block type 0): two tracks recorded
 * into the log as sent, READ TOC marks them audio, READ CD gives the PCM
 * back, the MCN and track 1's ISRC from page 05 come back through READ
 * SUB-CHANNEL, the capture (auto: CUE/BIN) and the manifest hold it, and a
 * data block at an open audio track is 05/64/00.
 */
START_TEST(test_tao_audio)
{
	uint8_t toc[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 28 };
	uint8_t *t = malloc(28);
	char path[600];
	struct vb_disc *disc;

	insert_named("a", NULL);
	mu_settle();
	select_tao_audio_ids("0123456789012", "USEM39600078");
	ck_assert_uint_eq(write_audio(0, 300, 1), 0);
	set_multisession(false); /* page 05 for a data track */
	ck_assert_uint_eq(write_blocks(300, 1, 0), 0x056400);
	select_tao_audio();
	sync_cache(); /* TAO: closes track 1 */
	ck_assert_uint_eq(write_audio(450, 100, 2), 0);
	close_session();
	ck_assert_uint_eq(run(toc, 10, VB_DXFER_FROM_DEV, t, 28, NULL), 0);
	ck_assert_uint_eq(t[5], 0x10); /* ADR 1, CONTROL 0: audio */
	ck_assert_uint_eq(t[13], 0x10);
	ck_assert_uint_eq(get_be32(t + 16), 450);
	ck_assert_uint_eq(get_be32(t + 24), 550); /* lead-out */
	audio_reads_back(10, 10, 1);
	audio_reads_back(460, 10, 2);
	ck_assert_str_eq(sub_id(2, 0), "0123456789012");
	ck_assert_str_eq(sub_id(3, 1), "USEM39600078");
	ck_assert_str_eq(sub_id(3, 2), "");
	disc = audio_capture("a");
	ck_assert_str_eq(disc->mcn, "0123456789012");
	ck_assert_str_eq(disc->tracks[0]->isrc, "USEM39600078");
	ck_assert_str_eq(disc->tracks[1]->isrc, "");
	{
		uint8_t *got = malloc(2352), *want = malloc(2352);

		ck_assert_int_eq(vb_disc_read(disc, 299, 1, VB_READ_RAW, got),
				 0);
		pcm_sector(want, 299, 1);
		ck_assert(!memcmp(got, want, 2352));
		free(got);
		free(want);
	}
	vb_disc_unref(disc);
	snprintf(path, sizeof(path), "%s/a.vbd", mu_dir);
	load_ok(path);
	audio_reads_back(549, 99, 2);
	free(t);
}
END_TEST

/* One cue sheet entry (MMC-6 Table 556): CTL/ADR ctl << 4 | 1, TNO,
 * INDEX, DATA FORM, SCMS 0, absolute MSF of lba. */
static void cue_entry_ctl(uint8_t *e, uint8_t ctl, uint8_t tno, uint8_t idx,
			  uint8_t form, int32_t lba)
{
	const struct vb_msf f = lba_to_msf(lba);

	e[0] = (uint8_t)(ctl << 4 | 0x01);
	e[1] = tno;
	e[2] = idx;
	e[3] = form;
	e[4] = 0;
	e[5] = f.m;
	e[6] = f.s;
	e[7] = f.f;
}

/* An audio entry (CONTROL 0) of the cue sheet. */
static void cue_entry(uint8_t *e, uint8_t tno, uint8_t idx, uint8_t form,
		      int32_t lba)
{
	cue_entry_ctl(e, 0, tno, idx, form, lba);
}

/* WRITE(10) of n blocks of 0 bytes (a region the drive generates). */
static unsigned write_none(int32_t lba, uint16_t n)
{
	uint8_t cdb[10] = { 0x2a };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	return run(cdb, 10, VB_DXFER_TO_DEV, NULL, 0, NULL);
}

/*
 * SAO audio (SEND CUE SHEET, data forms 00h and 01h): two tracks, the
 * second with a pregap of PCM from the host, which reads back as sent
 * (wodim -dao puts the end of the previous song there); the session
 * closes at the lead-out; TOC, READ CD and the CUE capture as in TAO.
 */
START_TEST(test_sao_audio)
{
	uint8_t cdb[10] = { 0x5d };
	uint8_t *cue = malloc(6 * 8), *t = malloc(20);
	uint8_t toc[10] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 20 };

	insert_named("s", NULL);
	mu_settle();
	cue_entry(cue, 0, 0, 0x01, -150);     /* lead-in */
	cue_entry(cue + 8, 1, 0, 0x01, -150); /* track 1 pregap: silence */
	cue_entry(cue + 16, 1, 1, 0x00, 0);
	cue_entry(cue + 24, 2, 0, 0x00, 300); /* pregap PCM from the host */
	cue_entry(cue + 32, 2, 1, 0x00, 450);
	cue_entry(cue + 40, 0xaa, 1, 0x01, 550);
	put_be24(cdb + 6, 6 * 8);
	ck_assert_uint_eq(OUT(cdb, cue, 6 * 8), 0);
	ck_assert_uint_eq(write_none(-150, 150), 0);
	ck_assert_uint_eq(write_audio(0, 300, 1), 0);
	ck_assert_uint_eq(write_audio(300, 150, 9), 0);
	ck_assert_uint_eq(write_audio(450, 100, 2), 0);
	ck_assert_uint_eq(run(toc, 10, VB_DXFER_FROM_DEV, t, 20, NULL), 0);
	ck_assert_uint_eq(t[3], 2);    /* last track */
	ck_assert_uint_eq(t[5], 0x10); /* audio */
	ck_assert_uint_eq(get_be32(t + 16), 450);
	audio_reads_back(299, 299, 1);
	audio_reads_back(300, 0, 9); /* track 2's pregap, as sent */
	audio_reads_back(449, 149, 9);
	audio_reads_back(549, 99, 2);
	vb_disc_unref(audio_capture("s"));
	free(cue);
	free(t);
}
END_TEST

/* SEND CUE SHEET of n entries (exact heap copy): the sense. */
static unsigned send_cue(const uint8_t *cue, unsigned n)
{
	uint8_t cdb[10] = { 0x5d };
	uint8_t *p = malloc((size_t)n * 8);
	unsigned st;

	ck_assert_ptr_nonnull(p);
	memcpy(p, cue, (size_t)n * 8);
	put_be24(cdb + 6, n * 8);
	st = OUT(cdb, p, n * 8);
	free(p);
	return st;
}

/* ADR 2 (MCN) entry pair, MMC-6 6.33: N1-N7, then N8-N13 and a zero. */
static void cue_mcn(uint8_t *e, const char *mcn)
{
	memset(e, 0, 16);
	e[0] = e[8] = 0x02;
	memcpy(e + 1, mcn, 7);
	memcpy(e + 9, mcn + 7, 6);
}

/* ADR 3 (ISRC) entry pair of track tno: country, owner, year 1; year 2,
 * serial. */
static void cue_isrc(uint8_t *e, uint8_t tno, const char *isrc)
{
	e[0] = e[8] = 0x03;
	e[1] = e[9] = tno;
	memcpy(e + 2, isrc, 6);
	memcpy(e + 10, isrc + 6, 6);
}

/* READ TOC format 0 of a disc of ntracks: CONTROL of track i (1-based). */
static uint8_t toc_ctl(unsigned ntracks, unsigned i)
{
	const unsigned len = 4 + 8 * (ntracks + 1);
	uint8_t toc[10] = { 0x43,	 0, 0, 0, 0, 0, 0, (uint8_t)(len >> 8),
			    (uint8_t)len };
	uint8_t *t = malloc(len), ctl;

	ck_assert_uint_eq(run(toc, 10, VB_DXFER_FROM_DEV, t, len, NULL), 0);
	ck_assert_uint_eq(t[3], ntracks);
	ctl = t[4 + 8 * (i - 1) + 1] & 0x0f;
	free(t);
	return ctl;
}

/* Formatted Q of the first sector from lba on whose Q is a position
 * (ADR 1; some frames carry the MCN or ISRC instead, docs/formats.md 6.5). */
static void q_at(int32_t lba, uint8_t q[16])
{
	uint8_t *r = malloc(2352 + 16);

	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(read_cd(lba + i, 1, 1, 0x10, 2, r, 2352 + 16),
				  0);
		memcpy(q, r + 2352, 16);
		if ((q[0] & 0x0f) == 1)
			break;
	}
	ck_assert_uint_eq(q[0] & 0x0f, 1);
	free(r);
}

/*
 * SAO with what cdrdao sends for an audio TOC (GenericMMC cue sheet):
 * CATALOG as ADR 2, each track's ISRC as ADR 3, pre-emphasis and copy
 * bits in CTL, INDEX 02 in track 2. The drive reports them (READ
 * SUB-CHANNEL, TOC CONTROL, Q of the sectors) and the capture keeps them.
 */
START_TEST(test_sao_codes_and_indexes)
{
	uint8_t *cue = calloc(14, 8), q[16];
	struct vb_disc *disc;
	char path[600];

	insert_named("c", NULL);
	mu_settle();
	cue_mcn(cue, "0724384260925");
	cue_isrc(cue + 16, 1, "DEA621000001");
	cue_isrc(cue + 32, 2, "GBAYE9200070");
	cue_entry(cue + 48, 0, 0, 0x01, -150);
	cue_entry_ctl(cue + 56, 1, 1, 0, 0x00, -150); /* pre-emphasis */
	cue_entry_ctl(cue + 64, 1, 1, 1, 0x00, 0);
	cue_entry_ctl(cue + 72, 2, 2, 0, 0x00, 300); /* copy permitted */
	cue_entry_ctl(cue + 80, 2, 2, 1, 0x00, 450);
	cue_entry_ctl(cue + 88, 2, 2, 2, 0x00, 500);
	cue_entry(cue + 96, 0xaa, 1, 0x01, 550);
	ck_assert_uint_eq(send_cue(cue, 13), 0);
	ck_assert_uint_eq(write_audio(-150, 150, 7), 0); /* hidden track */
	ck_assert_uint_eq(write_audio(0, 300, 1), 0);
	ck_assert_uint_eq(write_audio(300, 150, 9), 0);
	ck_assert_uint_eq(write_audio(450, 100, 2), 0);
	ck_assert_uint_eq(toc_ctl(2, 1), 0x1);
	ck_assert_uint_eq(toc_ctl(2, 2), 0x2);
	ck_assert_str_eq(sub_id(2, 0), "0724384260925");
	ck_assert_str_eq(sub_id(3, 1), "DEA621000001");
	ck_assert_str_eq(sub_id(3, 2), "GBAYE9200070");
	q_at(499, q);
	ck_assert_uint_eq(q[1], 0x02); /* track 2 */
	ck_assert_uint_eq(q[2], 0x01); /* index 1 */
	q_at(500, q);
	ck_assert_uint_eq(q[2], 0x02);
	disc = audio_capture("c");
	ck_assert_str_eq(disc->mcn, "0724384260925");
	ck_assert_str_eq(disc->tracks[0]->isrc, "DEA621000001");
	ck_assert_str_eq(disc->tracks[1]->isrc, "GBAYE9200070");
	ck_assert_uint_eq(disc->tracks[0]->ctl, 0x1);
	ck_assert_uint_eq(disc->tracks[1]->ctl, 0x2);
	ck_assert_uint_eq(disc->tracks[1]->n_index, 1);
	ck_assert_uint_eq(disc->tracks[1]->index[0], 50);
	vb_disc_unref(disc);
	/* the manifest holds the same, and the hidden track in track 1's
	 * pregap (which a CUE cannot place before LBA 0) */
	snprintf(path, sizeof(path), "%s/c.vbd", mu_dir);
	disc = open_ok(path, NULL);
	{
		uint8_t *got = malloc(2352), *want = malloc(2352);

		ck_assert_int_eq(vb_disc_read(disc, -150, 1, VB_READ_RAW, got),
				 0);
		pcm_sector(want, 0, 7);
		ck_assert(!memcmp(got, want, 2352));
		free(got);
		free(want);
	}
	vb_disc_unref(disc);
	load_ok(path);
	ck_assert_str_eq(sub_id(3, 2), "GBAYE9200070");
	q_at(500, q);
	ck_assert_uint_eq(q[2], 0x02);
	free(cue);
}
END_TEST

/* Sector i of an XA track as the host sends it with data form 20h: the
 * subheader (Form 2 on odd sectors) and 2328 bytes of a pattern. */
static void xa_block(uint8_t *out, uint32_t i)
{
	const uint8_t sm = i % 2 ? 0x20 : 0x08; /* Form 2 / data */

	memset(out, 0, 2336);
	out[2] = out[6] = sm;
	for (unsigned k = 8; k < (i % 2 ? 2332u : 2056u); k++)
		out[k] = (uint8_t)(k * 3 + i);
}

/* Block i of a formless Mode 2 track (data form 30h): 2336 bytes. */
static void m2_block(uint8_t *out, uint32_t i)
{
	for (unsigned k = 0; k < 2336; k++)
		out[k] = (uint8_t)(k * 5 + i * 11);
}

/* WRITE(10) of n blocks of bs bytes made by fill from block i0 on. */
static unsigned write_made(int32_t lba, uint32_t n, unsigned bs, uint32_t i0,
			   void (*fill)(uint8_t *, uint32_t))
{
	uint8_t cdb[10] = { 0x2a };
	uint8_t *p = malloc((size_t)n * bs);
	unsigned st;

	ck_assert_ptr_nonnull(p);
	for (uint32_t i = 0; i < n; i++)
		fill(p + (size_t)i * bs, i0 + i);
	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, (uint16_t)n);
	st = run(cdb, 10, VB_DXFER_TO_DEV, p, n * bs, NULL);
	free(p);
	return st;
}

/* The raw sector at lba is valid Mode 2 and carries block i as sent. */
static void mode2_reads_back(int32_t lba, uint32_t i, bool xa)
{
	uint8_t *raw = malloc(2352), *want = malloc(2336);
	struct vb_sector_check c;

	ck_assert_uint_eq(read_cd(lba, 1, 0, 0xf8, 0, raw, 2352), 0);
	ck_assert_uint_eq(raw[15], 2);
	(xa ? xa_block : m2_block)(want, i);
	if (xa) {
		const size_t n = i % 2 ? 2332 : 2056;

		ck_assert_int_eq(
			vb_sector_verify_as(raw, VB_SECTOR_MODE_AUTO, lba, &c),
			0);
		ck_assert_msg(!memcmp(raw + 16, want, n), "LBA %d", lba);
	} else {
		ck_assert_msg(!memcmp(raw + 16, want, 2336), "LBA %d", lba);
	}
	free(raw);
	free(want);
}

/* Mode 1 block i: 2048 bytes of a pattern. */
static void m1_block(uint8_t *out, uint32_t i)
{
	for (unsigned k = 0; k < 2048; k++)
		out[k] = (uint8_t)(k + i * 7);
}

/* READ(10) of lba gives Mode 1 block i. */
static void m1_reads_back(int32_t lba, uint32_t i)
{
	uint8_t *user = malloc(2048), want[2048];

	ck_assert_uint_eq(read10(lba, 1, user, 2048), 0);
	m1_block(want, i);
	ck_assert_msg(!memcmp(user, want, 2048), "LBA %d", lba);
	free(user);
}

/* An XA Form 1 block with its subheader (block type 11): 2056 bytes, a
 * data subheader (submode 08h) and the block number as the data. */
static void xa1_block(uint8_t *out, uint32_t i)
{
	memset(out, (int)i, 2056);
	memset(out, 0, 8);
	out[2] = out[6] = 0x08;
}

/*
 * A mixed disc in one SAO session as cdrdao writes it: Mode 1 (10h), XA
 * (20h, both forms), formless Mode 2 (30h) and audio, each track's pregap
 * in its own form, the lead-in and lead-out generated (14h/01h). TOC
 * CONTROL, every sector read raw, the capture (CCD here: it keeps raw
 * sectors) and the manifest agree.
 */
START_TEST(test_sao_mixed_modes)
{
	uint8_t *cue = calloc(10, 8);
	struct vb_disc *disc;
	char path[600];

	insert_named("x", "ccd");
	mu_settle();
	cue_entry_ctl(cue, 4, 0, 0, 0x14, -150);
	cue_entry_ctl(cue + 8, 4, 1, 0, 0x10, -150);
	cue_entry_ctl(cue + 16, 4, 1, 1, 0x10, 0);
	cue_entry_ctl(cue + 24, 4, 2, 0, 0x20, 300);
	cue_entry_ctl(cue + 32, 4, 2, 1, 0x20, 450);
	cue_entry_ctl(cue + 40, 4, 3, 0, 0x30, 550);
	cue_entry_ctl(cue + 48, 4, 3, 1, 0x30, 700);
	cue_entry(cue + 56, 4, 0, 0x00, 800);
	cue_entry(cue + 64, 4, 1, 0x00, 950);
	cue_entry(cue + 72, 0xaa, 1, 0x01, 1050);
	ck_assert_uint_eq(send_cue(cue, 10), 0);
	ck_assert_uint_eq(write_made(-150, 150, 2048, 0, m1_block), 0);
	ck_assert_uint_eq(write_made(0, 300, 2048, 0, m1_block), 0);
	ck_assert_uint_eq(write_made(300, 150, 2336, 0, m2_block), 0);
	ck_assert_uint_eq(write_made(450, 100, 2336, 0, xa_block), 0);
	ck_assert_uint_eq(write_made(550, 150, 2336, 0, m2_block), 0);
	ck_assert_uint_eq(write_made(700, 100, 2336, 0, m2_block), 0);
	ck_assert_uint_eq(write_audio(800, 150, 9), 0);
	ck_assert_uint_eq(write_audio(950, 100, 4), 0);
	ck_assert_uint_eq(toc_ctl(4, 1), 0x4);
	ck_assert_uint_eq(toc_ctl(4, 2), 0x4);
	ck_assert_uint_eq(toc_ctl(4, 3), 0x4);
	ck_assert_uint_eq(toc_ctl(4, 4), 0x0);
	mode2_reads_back(450, 0, true);
	mode2_reads_back(451, 1, true);
	mode2_reads_back(549, 99, true);
	mode2_reads_back(700, 0, false);
	mode2_reads_back(799, 99, false);
	audio_reads_back(800, 0, 9); /* audio pregap after data, as sent */
	audio_reads_back(1049, 99, 4);
	vb_drive_sync(drv);
	snprintf(path, sizeof(path), "%s/x.ccd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->n_tracks, 4);
	ck_assert_int_eq(disc->tracks[3]->mode, VB_MODE_AUDIO);
	ck_assert_int_eq(disc->tracks[2]->start, 700);
	vb_disc_unref(disc);
	snprintf(path, sizeof(path), "%s/x.vbd", mu_dir);
	load_ok(path);
	mode2_reads_back(451, 1, true);
	mode2_reads_back(799, 99, false);
	audio_reads_back(1049, 99, 4);
	free(cue);
}
END_TEST

/* MODE SELECT of page 05: TAO, data track mode 4, block type bt, session
 * format sf (20h: XA). */
static void select_tao_block(uint8_t bt, uint8_t sf)
{
	select_page05(0x01, 0x04, bt, sf, NULL, NULL);
}

/* Block i of an XA track as wodim -xamix sends it (block type 13): the
 * subheader and 2324 bytes, Form 1 (2048 used) or Form 2 as xa_block. */
static void xamix_block(uint8_t *out, uint32_t i)
{
	uint8_t b[2336];

	xa_block(b, i);
	memcpy(out, b, 2332);
}

/* A 2056-byte block whose subheader says Form 2: no room for its data. */
static void xa2_short_block(uint8_t *out, uint32_t i)
{
	memset(out, (int)i, 2056);
	out[2] = out[6] = 0x20;
}

/*
 * TAO Mode 2: page 05 block type 9 (2336, formless) records a track read
 * back as sent; types 11 (XA Form 1 with subheader, 2056) and 13 (XA of
 * either form, 2332) are made whole sectors with their EDC/ECC; a Form 2
 * subheader in a type 11 block is 05/64/00.
 */
START_TEST(test_tao_mode2)
{
	insert_named("m", NULL);
	mu_settle();
	/* as wodim -xa, -xa1, -xamix and -mode2 write one after another */
	select_tao_block(10, 0x20);
	ck_assert_uint_eq(write_made(0, 300, 2048, 0, m1_block), 0);
	sync_cache();
	select_tao_block(11, 0x20);
	ck_assert_uint_eq(write_made(450, 1, 2056, 1, xa2_short_block),
			  0x056400);
	ck_assert_uint_eq(write_made(450, 300, 2056, 0, xa1_block), 0);
	sync_cache();
	select_tao_block(13, 0x20);
	ck_assert_uint_eq(write_made(900, 300, 2332, 0, xamix_block), 0);
	sync_cache();
	select_tao_block(9, 0x20);
	ck_assert_uint_eq(write_made(1350, 300, 2336, 0, m2_block), 0);
	sync_cache();
	close_session();
	ck_assert_uint_eq(toc_ctl(4, 1), 0x4);
	m1_reads_back(299, 299);
	for (uint32_t i = 0; i < 300; i += 299) {
		uint8_t *raw = malloc(2352), *blk = malloc(2056);
		struct vb_sector_check c;

		ck_assert_uint_eq(
			read_cd(450 + (int32_t)i, 1, 0, 0xf8, 0, raw, 2352), 0);
		ck_assert_int_eq(vb_sector_verify_as(raw, VB_SECTOR_MODE_AUTO,
						     450 + (int32_t)i, &c),
				 0);
		xa1_block(blk, i);
		ck_assert_msg(!memcmp(raw + 16, blk, 2056), "LBA %u", 450 + i);
		free(raw);
		free(blk);
	}
	mode2_reads_back(900, 0, true);
	mode2_reads_back(901, 1, true);
	mode2_reads_back(1199, 299, true);
	mode2_reads_back(1350, 0, false);
	mode2_reads_back(1649, 299, false);
}
END_TEST

/* Cue sheets a real drive refuses with 05/26/00: an ADR 2 entry without
 * its second half, an ISRC that is no ISRC, CTL data on an audio form,
 * the reserved subchannel data form 10b, an ADR 4 entry. */
START_TEST(test_sao_bad_cues)
{
	uint8_t *cue = calloc(6, 8);

	insert_named("b", NULL);
	mu_settle();
	cue_entry(cue + 16, 0, 0, 0x01, -150);
	cue_entry(cue + 24, 1, 0, 0x01, -150);
	cue_entry(cue + 32, 1, 1, 0x00, 0);
	cue_entry(cue + 40, 0xaa, 1, 0x01, 300);
	switch (_i) {
	case 0:
		cue_mcn(cue, "0724384260925");
		cue[8] = 0x01; /* second half missing */
		break;
	case 1:
		cue_isrc(cue, 1, "de-621000001");
		break;
	case 2:
		cue_entry_ctl(cue + 32, 4, 1, 1, 0x00, 0);
		cue_mcn(cue, "0724384260925");
		break;
	case 3:
		cue_entry(cue + 32, 1, 1, 0x80, 0); /* reserved sub form */
		cue_mcn(cue, "0724384260925");
		break;
	default:
		cue_mcn(cue, "0724384260925");
		cue[0] = cue[8] = 0x04;
		break;
	}
	ck_assert_uint_eq(send_cue(cue, 6), 0x052600);
	free(cue);
}
END_TEST

/* 96 bytes of R-W for block i, with P and Q bits set that the drive must
 * not take (it makes P and Q from the cue sheet). */
static void rw_fill(uint8_t *out, uint32_t i)
{
	for (unsigned k = 0; k < 96; k++)
		out[k] = (uint8_t)(0xc0 | ((k * 5 + i * 3) & 0x3f));
}

static void audio_rw_block(uint8_t *out, uint32_t i)
{
	pcm_sector(out, (int32_t)i, 1);
	rw_fill(out + 2352, i);
}

static void m1_rw_block(uint8_t *out, uint32_t i)
{
	m1_block(out, i);
	rw_fill(out + 2048, i);
}

/* READ CD of lba with raw P-W (sub-channel 001b): main data of bytes
 * (flags 0x10 user data, 0xf8 whole), then R-W of block i and a Q of
 * track tno. */
static void rw_reads_back(int32_t lba, uint8_t type, uint32_t bytes, uint32_t i,
			  uint8_t tno)
{
	uint8_t *got = malloc(bytes + 96), want[96], q[VB_SUBQ_SIZE];
	struct vb_subq pos;

	ck_assert_uint_eq(read_cd(lba, 1, type, 0x10, 1, got, bytes + 96), 0);
	rw_fill(want, i);
	for (unsigned k = 0; k < 96; k++)
		ck_assert_uint_eq(got[bytes + k] & 0x3f, want[k] & 0x3f);
	vb_subch_extract(q, got + bytes, 1);
	if (vb_subq_crc_ok(q) && vb_subq_decode(q, &pos) == 0) {
		ck_assert_uint_eq(pos.tno, tno);
		ck_assert_int_eq(pos.abs, lba);
	} else {
		ck_assert_uint_eq(q[0] & 0x0f, 2); /* an MCN frame at most */
	}
	free(got);
}

/*
 * SAO with R-W subchannel data forms (cdrdao's TOC "RW" and "RW_RAW": CD+G
 * karaoke): an audio track in packed R-W (C0h) with its pregap's PCM, and
 * a Mode 1 track in raw R-W (50h: 2048 + 96). Each block's R-W reads back
 * with READ CD in the low bits of raw P-W, under the drive's own P and Q;
 * the main data as sent; the manifest and the capture (auto: CCD, whose
 * .sub holds every track's subchannel) keep the R-W.
 */
START_TEST(test_sao_rw_forms)
{
	uint8_t *cue = malloc(6 * 8);
	struct vb_disc *disc;
	char path[600];

	insert_named("w", NULL);
	mu_settle();
	cue_entry(cue, 0, 0, 0x01, -150);
	cue_entry(cue + 8, 1, 0, 0xc0, -150);
	cue_entry(cue + 16, 1, 1, 0xc0, 0);
	cue_entry_ctl(cue + 24, 4, 2, 0, 0x54, 300);
	cue_entry_ctl(cue + 32, 4, 2, 1, 0x50, 450);
	cue_entry(cue + 40, 0xaa, 1, 0x01, 550);
	ck_assert_uint_eq(send_cue(cue, 6), 0);
	/* a block of the wrong size for its form: nothing taken */
	ck_assert_uint_eq(write_audio(-150, 1, 1), 0x052400);
	ck_assert_uint_eq(write_made(-150, 150, 2448, 0, audio_rw_block), 0);
	ck_assert_uint_eq(write_made(0, 300, 2448, 150, audio_rw_block), 0);
	ck_assert_uint_eq(write_made(300, 150, 96, 0, rw_fill), 0);
	ck_assert_uint_eq(write_made(450, 100, 2144, 0, m1_rw_block), 0);
	ck_assert_uint_eq(toc_ctl(2, 2), 0x4);
	rw_reads_back(7, 1, 2352, 157, 1);
	rw_reads_back(299, 1, 2352, 449, 1);
	rw_reads_back(460, 2, 2048, 10, 2);
	m1_reads_back(549, 99);
	vb_drive_sync(drv);
	snprintf(path, sizeof(path), "%s/w.vbd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_int_eq(vb_track_sub(disc->tracks[0]), VB_SUB_RW);
	ck_assert_int_eq(vb_track_sub(disc->tracks[1]), VB_SUB_RW);
	vb_disc_unref(disc);
	snprintf(path, sizeof(path), "%s/w.ccd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_int_ne(vb_track_sub(disc->tracks[0]), VB_SUB_NONE);
	{
		uint8_t *raw = malloc(2448), w[96];

		ck_assert_int_eq(vb_disc_read(disc, 7, 1, VB_READ_RAW_SUB, raw),
				 0);
		rw_fill(w, 157);
		for (unsigned k = 0; k < 96; k++)
			ck_assert_uint_eq(raw[2352 + k] & 0x3f, w[k] & 0x3f);
		free(raw);
	}
	vb_disc_unref(disc);
	free(cue);
}
END_TEST

/* Raw Mode 1 sector of block i at lba with R-W after it (block type 3). */
static int32_t raw_rw_lba;
static void m1_raw_rw_block(uint8_t *out, uint32_t i)
{
	uint8_t user[2048];

	m1_block(user, i);
	ck_assert_int_eq(vb_sector_encode(out, VB_SECTOR_MODE1,
					  raw_rw_lba + (int32_t)i, user),
			 0);
	rw_fill(out + 2352, i);
}

/* Audio block i with 16 bytes of P-Q after it (block type 1): a Q the
 * drive does not take (its CRC is wrong), so its own Q must be read. */
static void audio_pq_block(uint8_t *out, uint32_t i)
{
	pcm_sector(out, (int32_t)i, 1);
	memset(out + 2352, 0xa5, 16);
}

/*
 * TAO with subchannel (page 05 block types 1-3, MMC-6 Table 661): audio
 * with packed P-W (2) keeps its R-W, audio with P-Q (1) keeps the PCM
 * under the drive's own Q, and raw Mode 1 with raw P-W (3) keeps the
 * sector and its R-W; the manifest marks the R-W tracks; GET
 * CONFIGURATION's CD TAO feature says R-W pack and raw are recorded. The
 * manifest loaded --writable (media_import.c) keeps the R-W too.
 */
START_TEST(test_tao_subchannel)
{
	uint8_t *pcm = malloc(2352);
	uint8_t cfg[10] = { 0x46, 0x02, 0, 0x2d, 0, 0, 0, 0, 16 };
	uint8_t *f = malloc(16);
	struct vb_disc *disc;
	char path[600], err[512] = "";

	insert_named("s", NULL);
	mu_settle();
	ck_assert_uint_eq(run(cfg, 10, VB_DXFER_FROM_DEV, f, 16, NULL), 0);
	ck_assert_uint_eq(get_be16(f + 8), 0x002d);
	ck_assert_uint_eq(f[12] & 0x19, 0x19); /* R-W raw, pack, subcode */
	ck_assert_uint_eq(get_be16(f + 14), 0x3f0f); /* types 0-3, 8-13 */
	select_page05(0x01, 0x00, 2, 0, NULL, NULL);
	ck_assert_uint_eq(write_audio(0, 1, 1), 0x052400); /* 2352: short */
	ck_assert_uint_eq(write_made(0, 300, 2448, 0, audio_rw_block), 0);
	sync_cache();
	select_page05(0x01, 0x00, 1, 0, NULL, NULL);
	ck_assert_uint_eq(write_made(450, 300, 2368, 0, audio_pq_block), 0);
	sync_cache();
	select_page05(0x01, 0xc4, 3, 0, NULL, NULL); /* next session allowed */
	raw_rw_lba = 900;
	ck_assert_uint_eq(write_made(900, 300, 2448, 0, m1_raw_rw_block), 0);
	sync_cache();
	close_session();
	ck_assert_uint_eq(toc_ctl(3, 1), 0);
	ck_assert_uint_eq(toc_ctl(3, 3), 0x4);
	rw_reads_back(7, 1, 2352, 7, 1);
	rw_reads_back(299, 1, 2352, 299, 1);
	ck_assert_uint_eq(read_cd(460, 1, 1, 0x10, 0, pcm, 2352), 0);
	{
		uint8_t w[2352];

		pcm_sector(w, 10, 1);
		ck_assert(!memcmp(pcm, w, 2352));
	}
	{
		uint8_t *q = malloc(2352 + 16);
		struct vb_subq pos;

		ck_assert_uint_eq(read_cd(460, 1, 1, 0x10, 2, q, 2352 + 16), 0);
		ck_assert(vb_subq_crc_ok(q + 2352));
		ck_assert_int_eq(vb_subq_decode(q + 2352, &pos), 0);
		ck_assert_uint_eq(pos.tno, 2);
		free(q);
	}
	rw_reads_back(910, 2, 2048, 10, 3);
	m1_reads_back(1199, 299);
	vb_drive_sync(drv);
	snprintf(path, sizeof(path), "%s/s.vbd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->n_tracks, 3);
	ck_assert_int_eq(vb_track_sub(disc->tracks[0]), VB_SUB_RW);
	ck_assert_int_eq(vb_track_sub(disc->tracks[1]), VB_SUB_NONE);
	ck_assert_int_eq(vb_track_sub(disc->tracks[2]), VB_SUB_RW);
	ck_assert_int_eq(disc->tracks[2]->mode, VB_MODE_MODE1);
	vb_disc_unref(disc);
	/* load --writable of that manifest: the R-W comes along */
	ck_assert_msg(vb_drive_load(drv, path, true, err, sizeof(err)) == 0,
		      "%s", err);
	mu_settle();
	rw_reads_back(7, 1, 2352, 7, 1);
	rw_reads_back(910, 2, 2048, 10, 3);
	m1_reads_back(1199, 299);
	free(pcm);
	free(f);
}
END_TEST

/* The CD-TEXT packs of a two-track album (block 0: titles, performer). */
static uint8_t *album_packs(size_t *len)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	uint8_t *packs = NULL;

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(
		vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 0, "Album"), 0);
	ck_assert_int_eq(
		vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_PERFORMER, 0, "Band"),
		0);
	ck_assert_int_eq(
		vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 1, "One"), 0);
	ck_assert_int_eq(
		vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 2, "Two"), 0);
	ck_assert_int_eq(vb_cdtext_encode(d, &packs, len), 0);
	vb_disc_unref(d);
	return packs;
}

/*
 * CD-TEXT in the lead-in as cdrdao and libburn write it: SEND CUE SHEET
 * with lead-in data form 41h, then WRITEs of 96-byte blocks from the ATIP
 * lead-in start to the first pregap, each holding 4 packs as 6-bit R-W
 * symbols, the packs over and over. READ TOC format 5 gives one cycle
 * back, and the CUE capture and the manifest keep the strings.
 */
START_TEST(test_sao_cdtext_leadin)
{
	const int32_t leadin = msf_to_lba(97, 26, 66);
	const uint32_t nblk = (uint32_t)(-150 - leadin);
	uint8_t *cue = calloc(6, 8), *sub = malloc((size_t)nblk * 96);
	uint8_t cdb[10] = { 0x2a }, toc[10] = { 0x43, 0, 5 }, *t;
	size_t len, cur = 0;
	uint8_t *packs = album_packs(&len);
	const size_t npacks = len / 18;
	struct vb_disc *disc;
	char path[600];

	/* loop 1: an MDS capture, which cannot hold CD-TEXT */
	insert_named("t", _i ? "mds" : NULL);
	mu_settle();
	cue_entry(cue, 0, 0, 0x41, leadin);
	cue_entry(cue + 8, 1, 0, 0x01, -150);
	cue_entry(cue + 16, 1, 1, 0x00, 0);
	cue_entry(cue + 24, 2, 0, 0x00, 300);
	cue_entry(cue + 32, 2, 1, 0x00, 450);
	cue_entry(cue + 40, 0xaa, 1, 0x01, 550);
	ck_assert_uint_eq(send_cue(cue, 6), 0);
	for (uint32_t b = 0; b < nblk * 4; b++, cur = (cur + 1) % npacks)
		vb_cdtext_to_rw(packs + cur * 18, sub + b * 24);
	/* a write past the lead-in's end is refused */
	put_be32(cdb + 2, (uint32_t)-151);
	put_be16(cdb + 7, 2);
	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_TO_DEV, sub, 192, NULL),
			  0x052102);
	for (uint32_t b = 0; b < nblk; b += 100) {
		const uint32_t n = VB_MIN(100u, nblk - b);

		put_be32(cdb + 2, (uint32_t)(leadin + (int32_t)b));
		put_be16(cdb + 7, (uint16_t)n);
		ck_assert_uint_eq(run(cdb, 10, VB_DXFER_TO_DEV,
				      sub + (size_t)b * 96, n * 96, NULL),
				  0);
	}
	ck_assert_uint_eq(write_none(-150, 150), 0);
	ck_assert_uint_eq(write_audio(0, 300, 1), 0);
	ck_assert_uint_eq(write_audio(300, 150, 9), 0);
	ck_assert_uint_eq(write_audio(450, 100, 2), 0);
	t = malloc(4 + len);
	put_be16(toc + 7, (uint16_t)(4 + len));
	ck_assert_uint_eq(run(toc, 10, VB_DXFER_FROM_DEV, t, 4 + len, NULL), 0);
	ck_assert_uint_eq(get_be16(t), 2 + len);
	ck_assert(!memcmp(t + 4, packs, len));
	/* auto: CUE; after the MDS capture, whose read-back lacks what
	 * MDS cannot hold, the drive captured the disc again as CUE */
	disc = audio_capture("t");
	ck_assert_uint_ge(disc->n_cdtext_items, 4);
	vb_disc_unref(disc);
	if (_i) {
		char *st = malloc(1 << 16);

		snprintf(path, sizeof(path), "%s/t.mds", mu_dir);
		ck_assert_int_eq(access(path, F_OK), 0);
		vb_drive_status_text(drv, st, 1 << 16);
		/* (MDS keeps a stored pregap as the end of the track
		 * before it, and has no place for CD-TEXT) */
		ck_assert_msg(strstr(st, "t.mds cannot hold track 2's pregap: "
					 "also captured as "),
			      "%s", st);
		free(st);
	}
	snprintf(path, sizeof(path), "%s/t.vbd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->cdtext_len, len);
	ck_assert(!memcmp(disc->cdtext, packs, len));
	vb_disc_unref(disc);
	free(t);
	free(packs);
	free(sub);
	free(cue);
}
END_TEST

/* MODE SELECT of page 05: raw (write type 3), block type bt. */
static void select_raw(uint8_t bt)
{
	select_page05(0x03, 0x00, bt, 0, NULL, NULL);
}

/*
 * One raw block (2352 + 96 raw P-W, or + 16 of Q) at lba of the test
 * disc below: track 1 audio from 0 (pregap from -150, INDEX 02 at 100,
 * its ISRC in Q at relative frame 50, the MCN at 25), track 2 Mode 1 from
 * 450 after a 150-block pregap, lead-out at 650; in the lead-in, CD-TEXT
 * packs in R-W. R-W graphics (as CD+G has) from -60 to -51 in track 1's
 * pregap and from 620 to 629 in track 2, after blocks without.
 */
static bool raw_has_rw(int32_t lba)
{
	return (lba >= -60 && lba < -50) || (lba >= 620 && lba < 630);
}

static void raw_block_at(uint8_t *out, int32_t lba, bool raw16,
			 const uint8_t *packs, size_t npacks)
{
	uint8_t lin[96] = { 0 }, *q = lin + 12;
	struct vb_subq pos = { .adr = 1, .abs = lba };

	memset(out, 0, 2352);
	if (lba < -150) {
		/* lead-in: 4 CD-TEXT packs per block, as libburn sends */
		for (unsigned k = 0; k < 4; k++)
			vb_cdtext_to_rw(
				packs + ((size_t)(lba + 20000) * 4 + k) %
						npacks * 18,
				out + 2352 + k * 24);
		return;
	}
	if (lba < 450) {
		pos.tno = 1;
		pos.index = lba < 0 ? 0 : lba < 100 ? 1 : 2;
		pos.rel = lba;
		pcm_sector(out, lba + 150, 5);
	} else if (lba < 650) {
		uint8_t user[2048];

		pos.ctl = VB_CTL_DATA;
		pos.tno = 2;
		pos.index = lba < 600 ? 0 : 1;
		pos.rel = lba - 600;
		memset(user, (int)(lba & 0xff), sizeof(user));
		ck_assert_int_eq(
			vb_sector_encode(out, VB_SECTOR_MODE1, lba, user), 0);
	} else {
		pos.ctl = VB_CTL_DATA;
		pos.tno = VB_SUBQ_LEADOUT;
		pos.index = 1;
		pos.rel = lba - 650;
	}
	if (lba == 50)
		ck_assert_int_eq(vb_subq_isrc(q, 0, "USEM39600078", lba), 0);
	else if (lba == 25)
		ck_assert_int_eq(vb_subq_mcn(q, 0, "0123456789012", lba), 0);
	else
		ck_assert_int_eq(vb_subq_encode(q, &pos), 0);
	for (unsigned i = 24; i < 96 && raw_has_rw(lba); i++)
		lin[i] = (uint8_t)(lba * 7 + (int32_t)i);
	if (raw16)
		memcpy(out + 2352, q, 12);
	else
		vb_subch_interleave(out + 2352, lin);
}

/* Whether the R-W of the 96 raw P-W bytes a and b are the same. */
static bool same_rw(const uint8_t *a, const uint8_t *b)
{
	for (unsigned i = 0; i < 96; i++)
		if ((a[i] ^ b[i]) & 0x3f)
			return false;
	return true;
}

/*
 * Raw recording as wodim -raw96r, -raw96p and -raw16 do it (_i 0, 2, 1):
 * the whole session, lead-in to lead-out, each block with its
 * subchannel; the drive follows Q. The tracks, pregap PCM, INDEX 02,
 * ISRC, MCN, the lead-in's CD-TEXT and the program area's R-W (RAW96R/P:
 * kept from the first block with some, media_keeprw.c) and the data
 * sectors come back; writing out of order is
 * 05/21/02, block type 0 (no subchannel) 05/64/00.
 */
START_TEST(test_raw_session)
{
	const bool raw16 = _i == 1;
	const unsigned bs = raw16 ? 2368 : 2448;
	const int32_t from = raw16 ? -150 : -1150, to = 700;
	uint8_t cdb[10] = { 0x2a }, q[16], *blk;
	uint8_t *raw = malloc(2352), *want = malloc(2448);
	size_t len;
	uint8_t *packs = album_packs(&len);
	struct vb_disc *disc;
	char path[600];

	insert_named("r", NULL);
	mu_settle();
	select_raw(0);
	put_be32(cdb + 2, (uint32_t)from);
	put_be16(cdb + 7, 1);
	blk = calloc(1, 2352);
	ck_assert_uint_eq(run(cdb, 10, VB_DXFER_TO_DEV, blk, 2352, NULL),
			  0x056400);
	free(blk);
	select_raw(raw16 ? 1 : _i == 2 ? 2 : 3);
	blk = malloc((size_t)bs * 50);
	for (int32_t lba = from; lba < to; lba += 50) {
		for (int i = 0; i < 50; i++)
			raw_block_at(blk + (size_t)i * bs, lba + i, raw16,
				     packs, len / 18);
		if (lba == 300) {
			/* not the next block: refused, nothing taken */
			put_be32(cdb + 2, (uint32_t)(lba + 1));
			ck_assert_uint_eq(run(cdb, 10, VB_DXFER_TO_DEV, blk,
					      bs * 50, NULL),
					  0x052102);
		}
		put_be32(cdb + 2, (uint32_t)lba);
		put_be16(cdb + 7, 50);
		ck_assert_uint_eq(
			run(cdb, 10, VB_DXFER_TO_DEV, blk, bs * 50, NULL), 0);
	}
	free(blk);
	ck_assert_uint_eq(toc_ctl(2, 1), 0x0);
	ck_assert_uint_eq(toc_ctl(2, 2), 0x4);
	audio_reads_back(0, 150, 5);
	audio_reads_back(449, 599, 5);
	ck_assert_str_eq(sub_id(2, 0), "0123456789012");
	ck_assert_str_eq(sub_id(3, 1), "USEM39600078");
	q_at(100, q);
	ck_assert_uint_eq(q[2], 0x02);
	ck_assert_uint_eq(read_cd(620, 1, 0, 0xf8, 0, raw, 2352), 0);
	raw_block_at(want, 620, raw16, packs, len / 18);
	ck_assert(!memcmp(raw, want, 2352));
	for (int32_t lba = 615; lba < 635; lba++) {
		uint8_t *got = malloc(2448);

		ck_assert_uint_eq(read_cd(lba, 1, 0, 0xf8, 1, got, 2448), 0);
		raw_block_at(want, lba, raw16, packs, len / 18);
		ck_assert_msg(!memcmp(got, want, 2352), "LBA %d", lba);
		/* RAW16 has no R-W to keep: they read as zero */
		if (raw16)
			memset(want + 2352, 0, 96);
		ck_assert_msg(same_rw(got + 2352, want + 2352), "LBA %d: R-W",
			      lba);
		free(got);
	}
	vb_drive_sync(drv);
	snprintf(path, sizeof(path), "%s/r.vbd", mu_dir);
	disc = open_ok(path, NULL);
	ck_assert_uint_eq(disc->n_tracks, 2);
	ck_assert_int_eq(disc->tracks[1]->start, 600);
	ck_assert_int_eq(disc->tracks[0]->pregap, 150);
	ck_assert_uint_eq(disc->cdtext_len, raw16 ? 0 : len);
	for (int32_t lba = -150; lba < 0; lba++) {
		uint8_t *got = malloc(2448);

		/* track 1's pregap as sent, the R-W of the blocks before
		 * the first with some (-60) too */
		ck_assert_int_eq(
			vb_disc_read(disc, lba, 1, VB_READ_RAW_SUB, got), 0);
		raw_block_at(want, lba, raw16, packs, len / 18);
		if (raw16)
			memset(want + 2352, 0, 96);
		ck_assert_msg(!memcmp(got, want, 2352), "LBA %d", lba);
		ck_assert_msg(same_rw(got + 2352, want + 2352), "LBA %d: R-W",
			      lba);
		free(got);
	}
	vb_disc_unref(disc);
	free(packs);
	free(raw);
	free(want);
}
END_TEST

Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("forms");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tao_audio);
	tcase_add_test(tc, test_sao_audio);
	tcase_add_test(tc, test_sao_codes_and_indexes);
	tcase_add_test(tc, test_sao_mixed_modes);
	tcase_add_test(tc, test_tao_mode2);
	tcase_add_loop_test(tc, test_sao_cdtext_leadin, 0, 2);
	tcase_add_loop_test(tc, test_raw_session, 0, 3);
	tcase_add_loop_test(tc, test_sao_bad_cues, 0, 5);
	tcase_add_test(tc, test_sao_rw_forms);
	tcase_add_test(tc, test_tao_subchannel);
	suite_add_tcase(s, tc);
	return s;
}
