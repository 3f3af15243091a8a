/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the CloneCD reader and writer (formats/ccd.c, ccd_write.c):
 * hand-made .ccd/.img/.sub sets (versions 2 and 3, two sessions, INDEX 0
 * and 2, ISRC, CATALOG, CD-TEXT, .sub present, absent and short), round
 * trips of in-memory and third-party discs through CCD (every sector with
 * its P/Q subchannel and every TOC fact kept), and malformed files that
 * must fail with one line naming the file. The disc comparison helpers
 * here are shared with tests/check_mds.c.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/fulltoc.h"
#include "vburn/img.h"
#include "vburn/sector.h"

#include "formats_util.h"

/* ---- helpers shared with check_mds.c ---- */

/* Opening must fail with one line that names the file. */
void fmt_expect_fail(const char *path, const char *what)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	int ret = vb_img_open(path, NULL, &d, NULL, &diag);

	ck_assert_msg(ret < 0, "%s (%s) was accepted", path, what);
	ck_assert_ptr_null(d);
	ck_assert_msg(strstr(diag.msg, path) && !strchr(diag.msg, '\n'),
		      "%s: bad message '%s'", what, diag.msg);
	ck_assert_msg(strstr(diag.msg, what), "%s: got '%s'", what, diag.msg);
}

/* Mode 2 tracks held raw read back as one class (see ccd.c ccd_mode). */
static int mode_class(enum vb_track_mode m)
{
	return m == VB_MODE_MODE2 || m == VB_MODE_MODE2_FORM1 ||
			       m == VB_MODE_MODE2_FORM2 ||
			       m == VB_MODE_MODE2_MIXED ?
		       VB_MODE_MODE2 :
		       (int)m;
}

/* Leading generated (not stored) pregap sectors of a track. */
static uint32_t lead_gen(const struct vb_track *t)
{
	uint32_t n = 0;
	unsigned i;

	for (i = 0; i < t->n_extents && !t->extents[i].src; i++)
		n += t->extents[i].sectors;
	return VB_MIN(n, t->pregap);
}

/* d has a CD-TEXT string equal to it (in any order) */
static bool has_item(const struct vb_disc *d, const struct vb_cdtext_item *it)
{
	unsigned i;

	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *x = &d->cdtext_items[i];

		if (x->block == it->block && x->type == it->type &&
		    x->track == it->track && !strcmp(x->text, it->text))
			return true;
	}
	return false;
}

/* What fmt_same_disc() compares besides tracks, sessions and sectors. */
#define CMP_PREGAP 0x1 /* pregaps equal */
#define CMP_SUB 0x2    /* P-W subchannel of every sector equal */
#define CMP_META 0x4   /* MCN, ISRC, INDEX 02+, CD-TEXT, open flag */
#define CMP_FOLDED 0x8 /* stored pregaps may end the previous track (MDS) */

/*
 * b (read back from an image) holds a: same sessions, lead-outs and disc
 * types, tracks (number, start, length, mode class, CONTROL), and the
 * same raw sectors (user data for a DVD) from each track's start - pregap
 * to its end, where b stores the sector (the pregaps it generates are the
 * reader's choice, for instance Form 1 or Form 2 zero sectors for an XA
 * track) and never before LBA 0 (a CCD cannot store it); more by flags.
 */
void fmt_same_disc(const struct vb_disc *a, const struct vb_disc *b,
		   unsigned flags)
{
	static uint8_t x[2448 * 64], y[2448 * 64];
	const enum vb_read_kind kind = a->kind != VB_DISC_CD ? VB_READ_USER :
				       flags & CMP_SUB	     ? VB_READ_RAW_SUB :
							       VB_READ_RAW;
	const unsigned sz = vb_read_size(kind);
	unsigned i, k;

	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_int_eq(a->n_sessions, b->n_sessions);
	ck_assert_int_eq(a->n_tracks, b->n_tracks);
	if (flags & CMP_META) {
		ck_assert_str_eq(a->mcn, b->mcn);
		ck_assert_int_eq(a->open, b->open);
		/* packs equal, or made from the same strings */
		if (a->cdtext_len || !a->n_cdtext_items)
			ck_assert_int_eq(a->cdtext_len, b->cdtext_len);
		if (a->cdtext_len)
			ck_assert(!memcmp(a->cdtext, b->cdtext, a->cdtext_len));
		ck_assert_int_eq(a->n_cdtext_items, b->n_cdtext_items);
		for (i = 0; i < a->n_cdtext_items; i++)
			ck_assert_msg(has_item(b, &a->cdtext_items[i]),
				      "CD-TEXT \"%s\" lost",
				      a->cdtext_items[i].text);
	}
	for (i = 0; i < a->n_sessions; i++) {
		ck_assert_int_eq(a->sessions[i]->leadout,
				 b->sessions[i]->leadout);
		ck_assert_int_eq(a->sessions[i]->disc_type,
				 b->sessions[i]->disc_type);
		ck_assert_int_eq(a->sessions[i]->count, b->sessions[i]->count);
	}
	for (i = 0; i < a->n_tracks; i++) {
		const struct vb_track *s = a->tracks[i], *t = b->tracks[i];
		int32_t from =
			s->start -
			(int32_t)VB_MIN(s->pregap, t->pregap - lead_gen(t));
		int64_t len = s->length;
		int32_t l, n;

		ck_assert_int_eq(s->number, t->number);
		ck_assert_int_eq(s->session, t->session);
		ck_assert_int_eq(s->start, t->start);
		if ((flags & CMP_FOLDED) && i + 1 < a->n_tracks &&
		    a->tracks[i + 1]->session == s->session)
			len += (int64_t)a->tracks[i + 1]->pregap -
			       b->tracks[i + 1]->pregap;
		ck_assert_int_eq(len, t->length);
		ck_assert_int_eq(mode_class(s->mode), mode_class(t->mode));
		ck_assert_int_eq(s->ctl, t->ctl);
		if (flags & CMP_META) {
			ck_assert_str_eq(s->isrc, t->isrc);
			ck_assert_int_eq(s->n_index, t->n_index);
			for (k = 0; k < s->n_index; k++)
				ck_assert_int_eq(s->index[k], t->index[k]);
		}
		if (flags & CMP_PREGAP)
			ck_assert_int_eq(s->pregap, t->pregap);
		if (from < 0)
			from = 0;
		for (l = from; l < s->start + (int32_t)s->length; l += n) {
			n = VB_MIN(64, s->start + (int32_t)s->length - l);
			ck_assert_int_eq(
				vb_disc_read(a, l, (uint32_t)n, kind, x), 0);
			ck_assert_int_eq(
				vb_disc_read(b, l, (uint32_t)n, kind, y), 0);
			for (k = 0; k < (unsigned)n; k++)
				ck_assert_msg(
					!memcmp(x + k * sz, y + k * sz, sz),
					"track %u: sector "
					"%d differs",
					s->number, l + (int32_t)k);
		}
	}
}

/* Writes d as path (format from the extension); returns it read back. */
struct vb_disc *fmt_round_trip(const struct vb_disc *d, const char *path)
{
	struct vb_diag diag = { "" };

	ck_assert_msg(!vb_img_write(d, path, NULL, NULL, &diag), "%s",
		      diag.msg);
	return open_ok(path, NULL);
}

/*
 * An in-memory CD: session 1 = Mode 1 track (2048-byte user data, 150
 * generated pregap), audio track with ISRC, a stored 75-sector pregap and
 * an INDEX 02; session 2 at the lead-out + 11400 = XA track (Mode 2 Form
 * 1 user data). MCN and two CD-TEXT packs.
 */
struct vb_disc *fmt_mem_disc(bool open)
{
	static uint8_t data[90 * 2352];
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_extent e = { .data = VB_DATA_USER,
			       .stride = 2048,
			       .data_size = 2048 };
	uint8_t packs[2 * 18] = { 0x80, 0, 0, 0, 'T', 'e', 's', 't', 0 };
	struct vb_src *src;
	struct vb_track *t;
	unsigned i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + i / 2352);
	ck_assert_int_eq(vb_src_new_mem(&src, data, sizeof(data), "mem"), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->pregap = 150;
	t->length = 20;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	e.src = src;
	e.sectors = 20;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	t = vb_disc_add_track(d);
	t->mode = VB_MODE_AUDIO;
	t->ctl = VB_CTL_COPY;
	t->start = 95;
	t->pregap = 75;
	t->length = 12;
	strcpy(t->isrc, "USXYZ9912345");
	ck_assert_int_eq(vb_track_add_index(t, 5), 0);
	e.data = VB_DATA_RAW;
	e.stride = e.data_size = 2352;
	e.offset = 2352;
	e.sectors = 87;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->mode = VB_MODE_MODE2_FORM1;
	t->start = 107 + 11400;
	t->pregap = 150;
	t->length = 30;
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	e.data = VB_DATA_USER;
	e.stride = e.data_size = 2048;
	e.offset = 4096;
	e.sectors = 30;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(src);
	strcpy(d->mcn, "1234567890123");
	d->open = open;
	packs[18] = 0x81;
	memcpy(packs + 22, "Me", 2);
	vb_cdtext_set_crc(packs);
	vb_cdtext_set_crc(packs + 18);
	ck_assert_int_eq(vb_disc_set_cdtext(d, packs, sizeof(packs)), 0);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

/* ---- hand-made images ---- */

/*
 * 20 sectors: LBA 0-9 Mode 1 (track 1), 10-14 audio (track 2), then
 * session 2 at 11415: 5 Mode 1 sectors (track 3).
 */
static void make_img(const char *path)
{
	static uint8_t img[20 * 2352];
	uint8_t user[2048];
	unsigned i;

	for (i = 0; i < 20; i++) {
		int32_t lba = i < 15 ? (int32_t)i : (int32_t)(11415 + i - 15);

		memset(user, (int)i, sizeof(user));
		if (i >= 10 && i < 15)
			memset(img + i * 2352, 0x40 + (int)i, 2352);
		else
			ck_assert_int_eq(vb_sector_encode(img + i * 2352,
							  VB_SECTOR_MODE1, lba,
							  user),
					 0);
	}
	write_file(path, img, sizeof(img), NULL, 0);
}

static const char ccd_head[] =
	"[CloneCD]\r\nVersion=%d\r\n[Disc]\r\nTocEntries=10\r\nSessions=2\r\n"
	"DataTracksScrambled=0\r\nCDTextLength=36\r\nCATALOG=0000010271955\r\n"
	"[CDText]\r\nEntries=2\r\n"
	"Entry 0=80 00 00 00 54 65 73 74 00 00 00 00 00 00 00 00\r\n"
	"Entry 1=81 00 01 00 4d 65 00 00 00 00 00 00 00 00 00 00\r\n"
	"[Session 1]\r\nPreGapMode=1\r\nPreGapSubC=0\r\n"
	"[Session 2]\r\nPreGapMode=1\r\nPreGapSubC=0\r\n";

static void entry(FILE *f, int n, int s, int point, int adr, int ctl, int amin,
		  int asec, int aframe, int pmin, int psec, int pframe)
{
	fprintf(f,
		"[Entry %d]\nSession=%d\nPoint=0x%02x\nADR=0x%02x\n"
		"Control=0x%02x\nTrackNo=0\nAMin=%d\nASec=%d\nAFrame=%d\n"
		"ALBA=0\nZero=0\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=0\n",
		n, s, point, adr, ctl, amin, asec, aframe, pmin, psec, pframe);
}

static void make_ccd(const char *path, int version, const char *extra)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, ccd_head, version);
	entry(f, 0, 1, 0xa0, 1, 4, 0, 0, 0, 1, 0, 0);
	entry(f, 1, 1, 0xa1, 1, 0, 0, 0, 0, 2, 0, 0);
	entry(f, 2, 1, 0xa2, 1, 0, 0, 0, 0, 0, 2, 15);
	entry(f, 3, 1, 1, 1, 4, 0, 0, 0, 0, 2, 0);
	entry(f, 4, 1, 2, 1, 2, 0, 0, 0, 0, 2, 10);
	/* B0: next program area 11415 - 150 = 11265 = 02:32:15 */
	entry(f, 5, 1, 0xb0, 5, 0, 2, 32, 15, 79, 59, 74);
	entry(f, 6, 2, 0xa0, 1, 4, 0, 0, 0, 3, 0, 0);
	entry(f, 7, 2, 0xa1, 1, 4, 0, 0, 0, 3, 0, 0);
	entry(f, 8, 2, 0xa2, 1, 4, 0, 0, 0, 2, 34, 20);
	entry(f, 9, 2, 3, 1, 4, 0, 0, 0, 2, 34, 15);
	if (version >= 3)
		fprintf(f, "[TRACK 1]\nMODE=1\nINDEX 1=0\n[TRACK 2]\nMODE=0\n"
			   "ISRC=GBAYE0000351\nINDEX 0=8\nINDEX 1=10\n"
			   "INDEX 2=12\n[TRACK 3]\nMODE=1\nINDEX 1=0\n");
	if (extra)
		fputs(extra, f);
	fclose(f);
}

START_TEST(test_read_v3)
{
	const char *dir = tmpdir("ccd");
	char p[128];
	uint8_t sub[20 * 96], buf[2448], lin[96];
	struct vb_disc *d, *e;
	const struct vb_track *t;
	unsigned i;

	snprintf(p, sizeof(p), "%s/x.img", dir);
	make_img(p);
	for (i = 0; i < sizeof(sub); i++)
		sub[i] = (uint8_t)(i / 96 * 3 + i % 96);
	snprintf(p, sizeof(p), "%s/x.sub", dir);
	write_file(p, sub, sizeof(sub), NULL, 0);
	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	make_ccd(p, 3, NULL);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->n_sessions, 2);
	ck_assert_int_eq(d->n_tracks, 3);
	ck_assert_str_eq(d->mcn, "0000010271955");
	ck_assert_int_eq(d->cdtext_len, 36);
	ck_assert(vb_cdtext_crc_ok(d->cdtext + 18));
	ck_assert(!d->open);
	t = d->tracks[0];
	ck_assert_int_eq(t->mode, VB_MODE_MODE1);
	ck_assert_int_eq(t->start, 0);
	ck_assert_int_eq(t->pregap, 150);
	ck_assert_int_eq(t->length, 8);
	t = d->tracks[1];
	ck_assert_int_eq(t->mode, VB_MODE_AUDIO);
	ck_assert_int_eq(t->ctl, VB_CTL_COPY);
	ck_assert_int_eq(t->start, 10);
	ck_assert_int_eq(t->pregap, 2);
	ck_assert_int_eq(t->length, 5);
	ck_assert_int_eq(t->n_index, 1);
	ck_assert_int_eq(t->index[0], 2);
	ck_assert_str_eq(t->isrc, "GBAYE0000351");
	ck_assert_int_eq(d->sessions[0]->leadout, 15);
	t = d->tracks[2];
	ck_assert_int_eq(t->session, 2);
	ck_assert_int_eq(t->start, 11415);
	ck_assert_int_eq(t->pregap, 150);
	ck_assert_int_eq(t->length, 5);
	ck_assert_int_eq(vb_disc_leadout(d), 11420);
	/* sectors and the stored subchannel, interleaved on the way out */
	ck_assert_int_eq(vb_disc_read(d, 11417, 1, VB_READ_RAW_SUB, buf), 0);
	ck_assert_int_eq(vb_sector_verify_as(buf, VB_SECTOR_MODE1, 11417, NULL),
			 0);
	ck_assert_int_eq(buf[16], 17);
	vb_subch_deinterleave(lin, buf + 2352);
	ck_assert(!memcmp(lin, sub + 17 * 96, 96));
	ck_assert_int_eq(vb_disc_read(d, 12, 1, VB_READ_RAW, buf), 0);
	ck_assert_int_eq(buf[100], 0x40 + 12);
	/* the unstored pregap of session 2 is generated */
	ck_assert_int_eq(vb_disc_read(d, 11265, 1, VB_READ_RAW_SUB, buf), 0);
	ck_assert_int_eq(vb_sector_verify_as(buf, VB_SECTOR_MODE1, 11265, NULL),
			 0);
	/* the .img and the .sub name the same image */
	snprintf(p, sizeof(p), "%s/x.img", dir);
	e = open_ok(p, NULL);
	fmt_same_disc(d, e, CMP_PREGAP | CMP_SUB | CMP_META);
	vb_disc_unref(e);
	snprintf(p, sizeof(p), "%s/x.sub", dir);
	e = open_ok(p, NULL);
	ck_assert_int_eq(e->n_tracks, 3);
	vb_disc_unref(e);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

START_TEST(test_read_v2_nosub)
{
	const char *dir = tmpdir("ccd");
	char p[128];
	struct vb_disc *d;

	snprintf(p, sizeof(p), "%s/x.img", dir);
	make_img(p);
	/* a short .sub is ignored (with a warning), like a missing one */
	snprintf(p, sizeof(p), "%s/x.sub", dir);
	write_file(p, "abc", 3, NULL, 0);
	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	make_ccd(p, 2, NULL);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->n_tracks, 3);
	/* no [TRACK]: no INDEX 0, the pregap belongs to track 1 */
	ck_assert_int_eq(d->tracks[0]->length, 10);
	ck_assert_int_eq(d->tracks[1]->pregap, 0);
	ck_assert_int_eq(d->tracks[1]->isrc[0], 0);
	ck_assert_int_eq(vb_track_sub(d->tracks[0]), VB_SUB_NONE);
	vb_disc_unref(d);
	snprintf(p, sizeof(p), "%s/x.sub", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	d = open_ok(p, NULL);
	ck_assert_int_eq(vb_track_sub(d->tracks[2]), VB_SUB_NONE);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

/*
 * The shape of a PlayStation dump by CloneCD (as found in public test
 * fixtures): A0-A2 with Control 0 although the track is data, A0 PSec 32
 * (XA), PreGapMode=2, PreGapSubC=1, no .sub; the .img is sparse here.
 */
START_TEST(test_read_ps1_shape)
{
	static const char ccd[] =
		"[CloneCD]\nVersion=3\n[Disc]\nTocEntries=4\nSessions=1\n"
		"DataTracksScrambled=0\nCDTextLength=0\n[Session 1]\n"
		"PreGapMode=2\nPreGapSubC=1\n"
		"[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x00\n"
		"TrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\n"
		"PMin=1\nPSec=32\nPFrame=0\nPLBA=6750\n"
		"[Entry 1]\nSession=1\nPoint=0xa1\nADR=0x01\nControl=0x00\n"
		"TrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\n"
		"PMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n"
		"[Entry 2]\nSession=1\nPoint=0xa2\nADR=0x01\nControl=0x00\n"
		"TrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\n"
		"PMin=68\nPSec=57\nPFrame=4\nPLBA=310129\n"
		"[Entry 3]\nSession=1\nPoint=0x01\nADR=0x01\nControl=0x04\n"
		"TrackNo=0\nAMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\n"
		"PMin=0\nPSec=2\nPFrame=0\nPLBA=0\n"
		"[TRACK 1]\nMODE=2\nINDEX 1=0\n";
	const char *dir = tmpdir("ccd");
	char p[128];
	struct vb_disc *d;
	FILE *f;

	snprintf(p, sizeof(p), "%s/ps1.img", dir);
	f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ftruncate(fileno(f), 310129LL * 2352), 0);
	fclose(f);
	snprintf(p, sizeof(p), "%s/ps1.ccd", dir);
	write_file(p, ccd, strlen(ccd), NULL, 0);
	d = open_ok(p, NULL);
	ck_assert_int_eq(d->n_tracks, 1);
	ck_assert_int_eq(d->tracks[0]->mode, VB_MODE_MODE2_MIXED);
	ck_assert_int_eq(d->tracks[0]->ctl, VB_CTL_DATA);
	ck_assert_int_eq(d->tracks[0]->length, 310129);
	ck_assert_int_eq(d->sessions[0]->disc_type, VB_DISC_TYPE_XA);
	ck_assert_int_eq(vb_track_sub(d->tracks[0]), VB_SUB_NONE);
	vb_disc_unref(d);
	rm_rf(dir);
}
END_TEST

/*
 * The [Entry n] sections of a written .ccd are the disc's full TOC
 * (fulltoc.h), in its order, with ALBA/PLBA computed as CloneCD does
 * (docs/formats.md 2.2): C0's PLBA is the ATIP lead-in start, -11634.
 */
static void ccd_is_fulltoc(const char *path, const struct vb_disc *d)
{
	static char text[1 << 16];
	struct vb_fulltoc_entry e[VB_FULLTOC_MAX];
	struct vb_fulltoc_opts o;
	char want[512];
	FILE *f = fopen(path, "rb");
	size_t len;
	int n, i;

	ck_assert_ptr_nonnull(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = 0;
	vb_fulltoc_image_opts(d, &o);
	n = vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e));
	snprintf(want, sizeof(want), "TocEntries=%d\r\n", n);
	ck_assert_ptr_nonnull(strstr(text, want));
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want),
			 "[Entry %d]\r\nSession=%u\r\nPoint=0x%02x\r\n"
			 "ADR=0x%02x\r\nControl=0x%02x\r\nTrackNo=0\r\n"
			 "AMin=%u\r\nASec=%u\r\nAFrame=%u\r\nALBA=%d\r\n"
			 "Zero=%u\r\nPMin=%u\r\nPSec=%u\r\nPFrame=%u\r\n"
			 "PLBA=%d\r\n",
			 i, e[i].session, e[i].point, e[i].adr, e[i].ctl,
			 e[i].min, e[i].sec, e[i].frame,
			 (e[i].min * 60 + e[i].sec) * 75 + e[i].frame - 150,
			 e[i].zero, e[i].pmin, e[i].psec, e[i].pframe,
			 msf_to_lba(e[i].pmin, e[i].psec, e[i].pframe));
		ck_assert_msg(strstr(text, want), "no %s", want);
	}
	ck_assert_ptr_nonnull(strstr(text, "Point=0xc0\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "PFrame=66\r\nPLBA=-11634\r\n"));
}

/* ---- round trips ---- */

START_TEST(test_round_trip_mem)
{
	const char *dir = tmpdir("ccd");
	char p[128], q[128];
	struct vb_disc *a = fmt_mem_disc(_i == 1), *b, *c;
	struct vb_sector_check chk;
	uint8_t buf[2448];

	snprintf(p, sizeof(p), "%s/a.ccd", dir);
	b = fmt_round_trip(a, p);
	ccd_is_fulltoc(p, a);
	fmt_same_disc(a, b, CMP_PREGAP | CMP_SUB | CMP_META);
	ck_assert_int_eq(b->sessions[1]->disc_type, VB_DISC_TYPE_XA);
	ck_assert_int_eq(vb_track_sub(b->tracks[0]), VB_SUB_LINEAR);
	/* raw sectors synthesised from 2048-byte data verify */
	ck_assert_int_eq(vb_disc_read(b, 11510, 1, VB_READ_RAW, buf), 0);
	ck_assert_int_eq(vb_sector_verify(buf, &chk), 0);
	ck_assert_int_eq(chk.mode, VB_SECTOR_MODE2_FORM1);
	/* a second generation is identical, pregaps included */
	snprintf(q, sizeof(q), "%s/b.ccd", dir);
	c = fmt_round_trip(b, q);
	fmt_same_disc(b, c, CMP_PREGAP | CMP_SUB | CMP_META);
	vb_disc_unref(c);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/*
 * CloneCD often leaves INDEX 0 out of [TRACK n]; the pregap is then found
 * in the .sub (Q INDEX 00 before the track's INDEX 01).
 */
START_TEST(test_pregap_from_sub)
{
	const char *dir = tmpdir("ccd");
	char p[128], text[16384], *at;
	struct vb_disc *a = fmt_mem_disc(false), *b;
	FILE *f;
	size_t n;

	snprintf(p, sizeof(p), "%s/a.ccd", dir);
	vb_disc_unref(fmt_round_trip(a, p));
	f = fopen(p, "r");
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	at = strstr(text, "INDEX 0=");
	ck_assert_ptr_nonnull(at);
	memcpy(at, ";NDEX", 5); /* now a comment */
	write_file(p, text, n, NULL, 0);
	b = open_ok(p, NULL);
	ck_assert_int_eq(b->tracks[1]->pregap, 75);
	ck_assert_int_eq(b->tracks[0]->length, 20);
	fmt_same_disc(a, b, CMP_PREGAP | CMP_SUB | CMP_META);
	vb_disc_unref(b);
	/* without the .sub the pregap is the end of track 1 */
	snprintf(p, sizeof(p), "%s/a.sub", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/a.ccd", dir);
	b = open_ok(p, NULL);
	ck_assert_int_eq(b->tracks[1]->pregap, 0);
	ck_assert_int_eq(b->tracks[0]->length, 95);
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

static const struct {
	const char *rel;
	bool exact_pregap;
} ccd_sources[] = {
	{ "libcdio/test/data/isofs-m1.cue", true },
	{ "libcdio/test/data/cdda.cue", true },
	{ "libcdio/test/data/copying.iso", true },
	/* stored pregap from LBA -150: a CCD image starts at LBA 0 */
	{ "libcdio/test/data/p1.nrg", false },
	{ "libcdio/test/data/videocd.nrg", true },
	{ "usbode-circle/integration-tests/testdata/mixed.cue", true },
	/* xorriso stdio layout: track 1's 32-block pregap gains 150 */
	{ "local-xorriso/multisession.iso", false },
	{ "libcdio/test/data/vcd2.toc", true },
};

START_TEST(test_round_trip_testdata)
{
	const char *in = td(ccd_sources[_i].rel);
	const char *dir;
	char p[128];
	struct vb_disc *a, *b;

	if (!in)
		return;
	dir = tmpdir("ccd");
	snprintf(p, sizeof(p), "%s/r.ccd", dir);
	a = open_ok(in, NULL);
	b = fmt_round_trip(a, p);
	/* CD-TEXT given as strings (cue) comes back as packs */
	if (a->n_cdtext_items && !a->cdtext_len)
		ck_assert_int_ne(b->cdtext_len, 0);
	fmt_same_disc(a, b,
		      CMP_SUB | CMP_META |
			      (ccd_sources[_i].exact_pregap ? CMP_PREGAP : 0));
	vb_disc_unref(b);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

START_TEST(test_write_refused)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_DVD);
	struct vb_extent e = { .sectors = 10, .data = VB_DATA_ZERO };
	struct vb_diag diag = { "" };
	struct vb_track *t;

	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->length = 10;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	ck_assert_int_eq(vb_disc_finish(d, "dvd", NULL), 0);
	ck_assert_int_eq(
		vb_img_write(d, "/tmp/vb-ccd-refused.ccd", NULL, NULL, &diag),
		-EMEDIUMTYPE);
	ck_assert(access("/tmp/vb-ccd-refused.ccd", F_OK));
	ck_assert(access("/tmp/vb-ccd-refused.img", F_OK));
	vb_disc_unref(d);
}
END_TEST

/* ---- malformed input ---- */

static const struct {
	const char *what, *from, *to;
} ccd_bad[] = {
	{ "TocEntries", "TocEntries=10", "TocEntries=100000" },
	{ "TocEntries", "TocEntries=10", "TocEntries=9" },
	{ "Entry", "TocEntries=10", "TocEntries=11" },
	{ "Sessions", "Sessions=2", "Sessions=0" },
	{ "session", "Sessions=2", "Sessions=1" },
	{ "Entries", "Entries=2", "Entries=99999" },
	{ "CD-TEXT entry", "Entries=2", "Entries=3" },
	{ "hex", "4d 65 00", "4d zz 00" },
	{ "scrambled", "Scrambled=0", "Scrambled=1" },
	{ "lead-out", "Point=0xa2", "Point=0xa3" },
	{ "no tracks", "Point=0x03", "Point=0x7f" },
	{ "PMin", "PMin=2\nPSec=34\nPFrame=20", "PMin=2\nPSec=74\nPFrame=20" },
	{ "lead-out", "PMin=0\nPSec=2\nPFrame=15", "PMin=0\nPSec=2\nPFrame=5" },
	{ "INDEX", "INDEX 2=12", "INDEX 2=99" },
	{ "INDEX 0", "INDEX 0=8", "INDEX 0=11" },
	{ "twice", "[Entry 9]", "[Entry 8]" },
	{ "Entry", "[Entry 9]", "[Entry 4000]" },
	{ "track", "[TRACK 3]", "[TRACK 300]" },
	{ "number", "AMin=2", "AMin=x2" },
	{ "KEY", "[Disc]", "Disc" },
	{ "Version", "Version=3", "Version=-1" },
	{ "CloneCD", "[CloneCD]", "[CloneDVD]" },
	{ "session 7", "Session=2", "Session=7" },
};

/* The good v3 .ccd with one substitution. */
static void make_bad_ccd(const char *path, unsigned i)
{
	char text[16384], out[16384], *at;
	FILE *f;
	size_t n;

	make_ccd(path, 3, NULL);
	f = fopen(path, "r");
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	at = strstr(text, ccd_bad[i].from);
	ck_assert_msg(at != NULL, "%s", ccd_bad[i].from);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - text), text,
		 ccd_bad[i].to, at + strlen(ccd_bad[i].from));
	write_file(path, out, strlen(out), NULL, 0);
}

START_TEST(test_malformed)
{
	const char *dir = tmpdir("ccd");
	char p[128], q[128];
	static uint8_t junk[2 << 20];

	snprintf(q, sizeof(q), "%s/x.img", dir);
	make_img(q);
	snprintf(p, sizeof(p), "%s/x.ccd", dir);
	make_bad_ccd(p, (unsigned)_i);
	fmt_expect_fail(p, ccd_bad[_i].what);
	if (_i)
		goto out;
	/* truncated .img: offsets past its end */
	make_ccd(p, 3, NULL);
	ck_assert_int_eq(truncate(q, 19 * 2352 + 100), 0);
	fmt_expect_fail(p, "only");
	unlink(q);
	fmt_expect_fail(p, "x.img");
	/* binary junk and an oversized control file */
	memcpy(junk, "[CloneCD]\n", 10);
	junk[20] = 1;
	write_file(p, junk, 100, NULL, 0);
	fmt_expect_fail(p, "binary");
	memset(junk + 10, '\n', sizeof(junk) - 10);
	write_file(p, junk, sizeof(junk), NULL, 0);
	fmt_expect_fail(p, "large");
out:
	rm_rf(dir);
}
END_TEST

Suite *ccd_suite(void)
{
	Suite *s = suite_create("ccd");
	TCase *tr = tcase_create("read");
	TCase *tw = tcase_create("round-trip");
	TCase *tm = tcase_create("malformed");

	tcase_add_test(tr, test_read_v3);
	tcase_add_test(tr, test_read_v2_nosub);
	tcase_add_test(tr, test_read_ps1_shape);
	suite_add_tcase(s, tr);
	tcase_set_timeout(tw, 60);
	tcase_add_loop_test(tw, test_round_trip_mem, 0, 2);
	tcase_add_test(tw, test_pregap_from_sub);
	tcase_add_loop_test(tw, test_round_trip_testdata, 0,
			    (int)VB_ARRAY_SIZE(ccd_sources));
	tcase_add_test(tw, test_write_refused);
	suite_add_tcase(s, tw);
	tcase_add_loop_test(tm, test_malformed, 0, (int)VB_ARRAY_SIZE(ccd_bad));
	suite_add_tcase(s, tm);
	return s;
}
