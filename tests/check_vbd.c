/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tests of the drive's manifest (formats/vbd*.c, include/vburn/vbd.h,
 * docs/vbd.md): round trips of discs built in memory over real files (a
 * multi-session data CD and DVD, an audio CD with ISRC/MCN/CD-TEXT/indexes
 * /pregaps/postgap, a mixed-mode disc, separate and inline subchannel, an
 * open disc, a blank medium) compared field by field and sector by sector
 * in every read kind; file names relative to the manifest (a moved
 * directory still loads); a data file shorter than committed, missing, a
 * FIFO or a device; malformed manifests, each one line naming file and
 * line; saves that fail (directory not writable, rename refused) and
 * leave the old manifest as it was; and the manifest as an image of the
 * registry (vburn-img info/convert/verify, byte-identical conversion of a
 * third-party image).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/vbd.h"

#include "formats_util.h"
#include "skip.h"

/* ---- files and discs ---- */

/* dir/name holding n bytes of a pattern that differs per seed. */
static const char *mkdata(const char *dir, const char *name, size_t n,
			  unsigned seed)
{
	static char path[8][300];
	static unsigned slot;
	char *p = path[slot++ % 8];
	uint8_t *buf = malloc(n ? n : 1);
	size_t i;

	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < n; i++)
		buf[i] = (uint8_t)((i * 31 + seed) ^ (i >> 11) ^ (seed >> 3));
	snprintf(p, 300, "%s/%s", dir, name);
	write_file(p, buf, n, NULL, 0);
	free(buf);
	return p;
}

static struct vb_src *src_of(const char *path)
{
	struct vb_src *s = NULL;

	ck_assert_int_eq(vb_src_open(&s, path), 0);
	return s;
}

/* Adds an extent of n sectors of src (may be NULL: generated). */
static void ext(struct vb_track *t, uint32_t n, enum vb_data_fmt data,
		struct vb_src *src, uint64_t off, uint16_t size,
		uint32_t stride)
{
	struct vb_extent e = { .sectors = n,
			       .data = data,
			       .src = src,
			       .offset = off,
			       .stride = stride,
			       .data_size = size };

	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
}

static struct vb_track *track(struct vb_disc *d, enum vb_track_mode mode,
			      int32_t start, uint32_t pregap, uint32_t len)
{
	struct vb_track *t = vb_disc_add_track(d);

	ck_assert_ptr_nonnull(t);
	t->mode = mode;
	t->ctl = mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA;
	t->start = start;
	t->pregap = pregap;
	t->length = len;
	return t;
}

/*
 * The drive's own layout: user data at LBA x 2048 of the flat file.
 * Three sessions (CD) or two (DVD), the last track Mode 2 Form 1 held as
 * 2048-byte user data on a CD.
 */
static struct vb_disc *disc_data(const char *dir, bool dvd)
{
	struct vb_src *iso = src_of(mkdata(dir, "s.iso", 1000 * 2048, 1));
	struct vb_disc *d = vb_disc_new(dvd ? VB_DISC_DVD : VB_DISC_CD);
	const uint32_t gap = dvd ? 0 : 150;
	struct vb_track *t;

	vb_disc_add_session(d);
	t = track(d, VB_MODE_MODE1, 0, gap, 300);
	ck_assert_int_eq(vb_track_add_zero(t, gap), 0);
	ext(t, 300, VB_DATA_USER, iso, 0, 2048, 2048);
	d->sessions[0]->leadout = 400;
	vb_disc_add_session(d);
	t = track(d, VB_MODE_MODE1, 560, gap, 200);
	ck_assert_int_eq(vb_track_add_zero(t, gap), 0);
	ext(t, 200, VB_DATA_USER, iso, 560 * 2048, 2048, 2048);
	if (!dvd) {
		vb_disc_add_session(d);
		t = track(d, VB_MODE_MODE2_FORM1, 920, 150, 40);
		ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
		ext(t, 40, VB_DATA_USER, iso, 920 * 2048, 2048, 2048);
	}
	vb_src_unref(iso);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

/*
 * Audio as the drive logs it: raw 2352-byte sectors, one track
 * big-endian, a stored pregap, INDEX 02/03, a postgap, ISRCs, MCN, and
 * CD-TEXT as strings (with quotes, backslash, newline, UTF-8) and packs.
 */
static struct vb_disc *disc_audio(const char *dir)
{
	struct vb_src *log = src_of(mkdata(dir, "s.log", 400 * 2352, 2));
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;
	struct vb_extent e = { .sectors = 50,
			       .data = VB_DATA_RAW,
			       .src = log,
			       .offset = 300 * 2352,
			       .stride = 2352,
			       .data_size = 2352,
			       .swap = true };
	uint8_t *packs;
	size_t len;

	strcpy(d->mcn, "0123456789012");
	vb_disc_add_session(d);
	t = track(d, VB_MODE_AUDIO, 0, 150, 100);
	t->ctl = VB_CTL_COPY | VB_CTL_PREEMPH;
	strcpy(t->isrc, "USEM39600078");
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ext(t, 100, VB_DATA_RAW, log, 0, 2352, 2352);
	t = track(d, VB_MODE_AUDIO, 175, 75, 125);
	ck_assert_int_eq(vb_track_add_index(t, 20), 0);
	ck_assert_int_eq(vb_track_add_index(t, 90), 0);
	ext(t, 200, VB_DATA_RAW, log, 100 * 2352, 2352, 2352);
	t = track(d, VB_MODE_AUDIO, 300, 0, 80);
	t->postgap = 30;
	strcpy(t->isrc, "GBAYE0000001");
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	ck_assert_int_eq(vb_track_add_zero(t, 30), 0);
	ck_assert_int_eq(
		vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 0,
					"Say \"hi\" \\ o/\nt\xc3\xa9st"),
		0);
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_PERFORMER, 1,
						 "Someone"),
			 0);
	ck_assert_int_eq(vb_disc_add_cdtext_item(d, 1, VB_CDTEXT_TITLE, 2, ""),
			 0);
	ck_assert_int_eq(vb_cdtext_encode(d, &packs, &len), 0);
	ck_assert_int_eq(vb_disc_set_cdtext(d, packs, len), 0);
	free(packs);
	d->cdtext_lang[0] = 0x09;
	d->cdtext_lang[1] = 0x08;
	vb_src_unref(log);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

/*
 * Mixed mode: Mode 1 user data, Mode 2 formless (2336), XA Form 2 user
 * data (2324), XA mixed raw, audio; sector data in three files, one of
 * them outside the manifest's directory (named absolute).
 */
static struct vb_disc *disc_mixed(const char *dir, const char *other)
{
	struct vb_src *iso = src_of(mkdata(dir, "s.iso", 100 * 2048, 3));
	struct vb_src *log = src_of(mkdata(dir, "s.log", 200 * 2352, 4));
	struct vb_src *ext_src = src_of(mkdata(other, "x.bin", 60 * 2336, 5));
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_track *t;

	vb_disc_add_session(d)->disc_type = VB_DISC_TYPE_XA;
	t = track(d, VB_MODE_MODE1, 0, 150, 100);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ext(t, 100, VB_DATA_USER, iso, 0, 2048, 2048);
	t = track(d, VB_MODE_MODE2, 100, 0, 60);
	ext(t, 60, VB_DATA_USER, ext_src, 0, 2336, 2336);
	t = track(d, VB_MODE_MODE2_FORM2, 160, 0, 40);
	ext(t, 40, VB_DATA_USER, log, 0, 2324, 2352);
	t = track(d, VB_MODE_MODE2_MIXED, 200, 0, 50);
	ext(t, 50, VB_DATA_RAW, log, 40 * 2352, 2352, 2352);
	t = track(d, VB_MODE_AUDIO, 400, 150, 60);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	ext(t, 60, VB_DATA_RAW, log, 90 * 2352, 2352, 2352);
	vb_src_unref(iso);
	vb_src_unref(log);
	vb_src_unref(ext_src);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

/*
 * Subchannel: audio with CloneCD-style linear P-W in a separate file,
 * raw Mode 1 with interleaved P-W inline (2448), Mode 1 with Q16 inline
 * (2368) and R-W in a separate file with a stride of its own; the disc
 * left open (appendable).
 */
static struct vb_disc *disc_sub(const char *dir)
{
	struct vb_src *img = src_of(mkdata(dir, "s.img", 80 * 2352, 6));
	struct vb_src *sub = src_of(mkdata(dir, "s.sub", 200 * 96, 7));
	struct vb_src *raw = src_of(mkdata(dir, "s.raw", 50 * 2448, 8));
	struct vb_src *q16 = src_of(mkdata(dir, "s.q16", 30 * 2368, 9));
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_extent e = { .data = VB_DATA_RAW,
			       .stride = 2352,
			       .data_size = 2352 };
	struct vb_track *t;

	d->open = true;
	vb_disc_add_session(d);
	t = track(d, VB_MODE_AUDIO, 0, 150, 80);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	e.sectors = 80;
	e.src = img;
	e.sub = VB_SUB_LINEAR;
	e.sub_src = sub;
	e.sub_stride = 96;
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	t = track(d, VB_MODE_MODE1, 230, 150, 50);
	ck_assert_int_eq(vb_track_add_zero(t, 150), 0);
	e = (struct vb_extent){ .sectors = 50,
				.data = VB_DATA_RAW,
				.src = raw,
				.stride = 2448,
				.data_size = 2352,
				.sub = VB_SUB_RAW };
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	t = track(d, VB_MODE_MODE1, 280, 0, 30);
	e = (struct vb_extent){ .sectors = 30,
				.data = VB_DATA_RAW,
				.src = q16,
				.stride = 2368,
				.data_size = 2352,
				.sub = VB_SUB_Q16 };
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_disc_add_session(d);
	t = track(d, VB_MODE_MODE1, 500, 0, 20);
	e = (struct vb_extent){ .sectors = 20,
				.data = VB_DATA_USER,
				.src = img,
				.offset = 10,
				.stride = 2100,
				.data_size = 2048,
				.sub = VB_SUB_RW,
				.sub_src = sub,
				.sub_offset = 96 * 80 + 5,
				.sub_stride = 100 };
	ck_assert_int_eq(vb_track_add_extent(t, &e), 0);
	vb_src_unref(img);
	vb_src_unref(sub);
	vb_src_unref(raw);
	vb_src_unref(q16);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	return d;
}

/* ---- comparing ---- */

static void same_src(const struct vb_src *x, const struct vb_src *y)
{
	char p[PATH_MAX], q[PATH_MAX];

	if (!x || !y) {
		ck_assert(!x && !y);
		return;
	}
	ck_assert_ptr_nonnull(realpath(vb_src_name(x), p));
	ck_assert_ptr_nonnull(realpath(vb_src_name(y), q));
	ck_assert_str_eq(p, q);
}

static void same_extent(const struct vb_extent *x, const struct vb_extent *y,
			bool files)
{
	ck_assert_uint_eq(x->sectors, y->sectors);
	ck_assert_int_eq(x->data, y->data);
	ck_assert_uint_eq(x->offset, y->offset);
	ck_assert_uint_eq(x->stride, y->stride);
	ck_assert_uint_eq(x->data_size, y->data_size);
	ck_assert_int_eq(x->swap, y->swap);
	ck_assert_int_eq(x->sub, y->sub);
	ck_assert_uint_eq(x->sub_offset, y->sub_offset);
	ck_assert_uint_eq(x->sub_stride, y->sub_stride);
	ck_assert_int_eq(!x->src, !y->src);
	ck_assert_int_eq(!x->sub_src, !y->sub_src);
	if (files) {
		same_src(x->src, y->src);
		same_src(x->sub_src, y->sub_src);
	}
}

/* Every field of the model; files: the sources are the same files. */
static void same_model(const struct vb_disc *a, const struct vb_disc *b,
		       bool files)
{
	unsigned i, k;

	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_str_eq(a->mcn, b->mcn);
	ck_assert_int_eq(a->open, b->open);
	ck_assert_uint_eq(a->n_sessions, b->n_sessions);
	ck_assert_uint_eq(a->n_tracks, b->n_tracks);
	for (i = 0; i < a->n_sessions; i++) {
		const struct vb_session *s = a->sessions[i],
					*t = b->sessions[i];

		ck_assert_uint_eq(s->number, t->number);
		ck_assert_uint_eq(s->disc_type, t->disc_type);
		ck_assert_uint_eq(s->first, t->first);
		ck_assert_uint_eq(s->count, t->count);
		ck_assert_int_eq(s->leadout, t->leadout);
	}
	for (i = 0; i < a->n_tracks; i++) {
		const struct vb_track *s = a->tracks[i], *t = b->tracks[i];

		ck_assert_uint_eq(s->number, t->number);
		ck_assert_uint_eq(s->session, t->session);
		ck_assert_int_eq(s->mode, t->mode);
		ck_assert_uint_eq(s->ctl, t->ctl);
		ck_assert_int_eq(s->start, t->start);
		ck_assert_uint_eq(s->pregap, t->pregap);
		ck_assert_uint_eq(s->length, t->length);
		ck_assert_uint_eq(s->postgap, t->postgap);
		ck_assert_uint_eq(s->n_index, t->n_index);
		for (k = 0; k < s->n_index; k++)
			ck_assert_uint_eq(s->index[k], t->index[k]);
		ck_assert_str_eq(s->isrc, t->isrc);
		ck_assert_uint_eq(s->n_extents, t->n_extents);
		for (k = 0; k < s->n_extents; k++)
			same_extent(&s->extents[k], &t->extents[k], files);
	}
	ck_assert_uint_eq(a->cdtext_len, b->cdtext_len);
	if (a->cdtext_len)
		ck_assert_mem_eq(a->cdtext, b->cdtext, a->cdtext_len);
	ck_assert_mem_eq(a->cdtext_lang, b->cdtext_lang, 8);
	ck_assert_uint_eq(a->n_cdtext_items, b->n_cdtext_items);
	for (i = 0; i < a->n_cdtext_items; i++) {
		const struct vb_cdtext_item *x = &a->cdtext_items[i];
		const struct vb_cdtext_item *y = &b->cdtext_items[i];

		ck_assert_uint_eq(x->block, y->block);
		ck_assert_uint_eq(x->type, y->type);
		ck_assert_uint_eq(x->track, y->track);
		ck_assert_str_eq(x->text, y->text);
	}
}

/*
 * Every address from before the first track to past the lead-out, in
 * every read kind: the same result, and the same bytes when it is read.
 */
static void same_sectors(const struct vb_disc *a, const struct vb_disc *b)
{
	static uint8_t x[2448], y[2448];
	const struct vb_track *first = a->tracks[0];
	int32_t lba = first->start - (int32_t)first->pregap - 2;
	uint64_t ok = 0, need = 0;
	unsigned i, k;
	int ra, rb;

	for (i = 0; i < a->n_tracks; i++)
		need += (uint64_t)a->tracks[i]->pregap + a->tracks[i]->length;
	for (; lba <= vb_disc_leadout(a) + 2; lba++) {
		bool any = false;

		for (k = VB_READ_USER; k <= VB_READ_MODE2; k++) {
			memset(x, 0xa5, sizeof(x));
			memset(y, 0x5a, sizeof(y));
			ra = vb_disc_read(a, lba, 1, (enum vb_read_kind)k, x);
			rb = vb_disc_read(b, lba, 1, (enum vb_read_kind)k, y);
			ck_assert_msg(ra == rb, "LBA %d kind %u: %d vs %d", lba,
				      k, ra, rb);
			if (ra)
				continue;
			ck_assert_msg(!memcmp(x, y, vb_read_size(k)),
				      "LBA %d kind %u: bytes differ", lba, k);
			any = true;
		}
		ok += any;
	}
	ck_assert_uint_eq(ok, need);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 20);
	size_t n;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(s);
	n = fread(s, 1, (1 << 20) - 1, f);
	s[n] = 0;
	fclose(f);
	return s;
}

static void state_for(struct vb_vbd_state *st, const struct vb_disc *d,
		      const char *media)
{
	vb_vbd_state_init(st);
	strcpy(st->media, media);
	st->capacity = 359849;
	st->next_start = d->n_sessions ? vb_disc_leadout(d) + 6750 : 0;
	st->finalized = d->n_sessions && !d->open;
}

/* Adds dir/name to st with its size as committed length, if it exists. */
static void state_file(struct vb_vbd_state *st, const char *dir,
		       const char *name)
{
	char p[300];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (!stat(p, &sb))
		ck_assert_int_eq(
			vb_vbd_state_set_file(st, p, (uint64_t)sb.st_size), 0);
}

/* The loaded state equals the saved one; files in order, sized. */
static void same_state(const struct vb_vbd_state *a,
		       const struct vb_vbd_state *b)
{
	char p[PATH_MAX], q[PATH_MAX];
	struct stat sb;
	unsigned i;

	ck_assert_str_eq(a->media, b->media);
	ck_assert_uint_eq(a->capacity, b->capacity);
	ck_assert_int_eq(a->next_start, b->next_start);
	ck_assert_int_eq(a->finalized, b->finalized);
	ck_assert_uint_ge(b->n_files, a->n_files);
	for (i = 0; i < a->n_files; i++) {
		ck_assert_ptr_nonnull(realpath(a->files[i].path, p));
		ck_assert_ptr_nonnull(realpath(b->files[i].path, q));
		ck_assert_str_eq(p, q);
		ck_assert_uint_eq(a->files[i].committed, b->files[i].committed);
	}
	for (i = 0; i < b->n_files; i++) {
		ck_assert_int_eq(stat(b->files[i].path, &sb), 0);
		ck_assert_uint_eq(b->files[i].size, (uint64_t)sb.st_size);
	}
}

static void save_ok(const char *path, const struct vb_disc *d,
		    const struct vb_vbd_state *st)
{
	struct vb_diag diag = { "" };

	ck_assert_msg(!vb_vbd_save(path, d, st, &diag), "%s", diag.msg);
}

static struct vb_disc *load_ok(const char *path, struct vb_vbd_state *st)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;

	ck_assert_msg(!vb_vbd_load(path, &d, st, &diag), "%s", diag.msg);
	ck_assert_ptr_nonnull(d);
	return d;
}

/* ---- round trips ---- */

enum { D_DATA_CD, D_DATA_DVD, D_AUDIO, D_MIXED, D_SUB, D__COUNT };

static struct vb_disc *disc_make(unsigned which, const char *dir,
				 const char *other)
{
	switch (which) {
	case D_DATA_CD:
	case D_DATA_DVD:
		return disc_data(dir, which == D_DATA_DVD);
	case D_AUDIO:
		return disc_audio(dir);
	case D_MIXED:
		return disc_mixed(dir, other);
	default:
		return disc_sub(dir);
	}
}

/*
 * Save, load, compare every field, every sector and the state; the
 * registry opens it as "vbd" to the same disc; saving the loaded disc
 * gives the same text (the writer is stable, so manifests diff well).
 */
START_TEST(test_round_trip)
{
	char dir[] = "/tmp/vb-vbd-XXXXXX", other[] = "/tmp/vb-vbdo-XXXXXX";
	char path[300], again[300], name[300];
	struct vb_vbd_state st, st2;
	struct vb_disc *a, *b, *c;
	const char *fmt = NULL;
	char *t1, *t2;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_ptr_nonnull(mkdtemp(other));
	a = disc_make((unsigned)_i, dir, other);
	state_for(&st, a, _i == D_DATA_DVD ? "dvd+r" : "cd-r");
	state_file(&st, dir, "s.iso");
	state_file(&st, dir, "s.log");
	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	save_ok(path, a, &st);
	b = load_ok(path, &st2);
	same_model(a, b, true);
	same_sectors(a, b);
	same_state(&st, &st2);
	c = open_ok(path, &fmt);
	ck_assert_str_eq(fmt, "vbd");
	same_model(a, c, true);
	/* files in the directory relative, the one outside absolute */
	t1 = slurp(path);
	ck_assert_ptr_null(strstr(t1, dir));
	snprintf(name, sizeof(name), "path=\"%s/x.bin\"", other);
	ck_assert_int_eq(!strstr(t1, name), _i != D_MIXED);
	snprintf(again, sizeof(again), "%s/y.vbd", dir);
	save_ok(again, b, &st2);
	t2 = slurp(again);
	ck_assert_str_eq(t1, t2);
	free(t1);
	free(t2);
	vb_vbd_state_fini(&st);
	vb_vbd_state_fini(&st2);
	vb_disc_unref(a);
	vb_disc_unref(b);
	vb_disc_unref(c);
	rm_rf(dir);
	rm_rf(other);
}
END_TEST

/* A blank medium: no sessions; the registry refuses it (no tracks). */
START_TEST(test_blank)
{
	const char *dir = tmpdir("vbd");
	struct vb_disc *a = vb_disc_new(VB_DISC_BD), *b, *c = NULL;
	struct vb_diag diag = { "" };
	struct vb_vbd_state st, st2;
	char path[300];

	mkdata(dir, "s.iso", 0, 0);
	mkdata(dir, "s.log", 0, 0);
	state_for(&st, a, "bd-r");
	st.capacity = 12219392;
	state_file(&st, dir, "s.iso");
	state_file(&st, dir, "s.log");
	snprintf(path, sizeof(path), "%s/blank.vbd", dir);
	save_ok(path, a, &st);
	b = load_ok(path, &st2);
	ck_assert_int_eq(b->kind, VB_DISC_BD);
	ck_assert_uint_eq(b->n_sessions, 0);
	same_state(&st, &st2);
	ck_assert_uint_eq(st2.n_files, 2);
	ck_assert_int_lt(vb_img_open(path, NULL, &c, NULL, &diag), 0);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(diag.msg, "no tracks"));
	vb_vbd_state_fini(&st);
	vb_vbd_state_fini(&st2);
	vb_disc_unref(a);
	vb_disc_unref(b);
	rm_rf(dir);
}
END_TEST

/* A directory of images moved elsewhere still loads (relative names). */
START_TEST(test_moved_dir)
{
	char dir[] = "/tmp/vb-vbd-XXXXXX", moved[300], path[320];
	struct vb_vbd_state st, st2;
	struct vb_disc *a, *b;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	a = disc_audio(dir);
	state_for(&st, a, "cd-r");
	/* the state may name the file differently from its source */
	snprintf(path, sizeof(path), "%s/./sub/../s.log", dir);
	snprintf(moved, sizeof(moved), "%s/sub", dir);
	ck_assert_int_eq(mkdir(moved, 0755), 0);
	ck_assert_int_eq(vb_vbd_state_set_file(&st, path, 400 * 2352), 0);
	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	save_ok(path, a, &st);
	snprintf(moved, sizeof(moved), "%s.moved", dir);
	ck_assert_int_eq(rename(dir, moved), 0);
	snprintf(path, sizeof(path), "%s/x.vbd", moved);
	b = load_ok(path, &st2);
	same_model(a, b, false);
	same_sectors(a, b);
	ck_assert_uint_eq(st2.n_files, 1);
	ck_assert_uint_eq(st2.files[0].committed, 400 * 2352);
	snprintf(path, sizeof(path), "%s/s.log", moved);
	ck_assert_str_eq(st2.files[0].path, path);
	vb_vbd_state_fini(&st);
	vb_vbd_state_fini(&st2);
	vb_disc_unref(a);
	vb_disc_unref(b);
	rm_rf(moved);
}
END_TEST

/* ---- the files behind a manifest ---- */

/* Loading must fail with err and exactly the one line msg. */
static void load_fails(const char *path, int err, const char *msg)
{
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	struct vb_disc *d = NULL;

	ck_assert_int_eq(vb_vbd_load(path, &d, &st, &diag), err);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(st.n_files, 0);
	ck_assert_str_eq(diag.msg, msg);
}

/*
 * The committed length: a longer log loads (the drive cuts it back), a
 * shorter file or a missing one is an error naming it; a save whose
 * extents read past what the state commits is refused, writing nothing.
 */
START_TEST(test_committed)
{
	const char *dir = tmpdir("vbd");
	struct vb_disc *a = disc_data(dir, false), *b;
	struct vb_diag diag = { "" };
	struct vb_vbd_state st, st2;
	char path[300], iso[300], msg[700];
	const uint64_t len = 1000 * 2048;

	state_for(&st, a, "cd-r");
	state_file(&st, dir, "s.iso");
	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	snprintf(iso, sizeof(iso), "%s/s.iso", dir);
	save_ok(path, a, &st);
	ck_assert_int_eq(truncate(iso, (off_t)len + 5000), 0);
	b = load_ok(path, &st2);
	ck_assert_uint_eq(st2.files[0].committed, len);
	ck_assert_uint_eq(st2.files[0].size, len + 5000);
	vb_vbd_state_fini(&st2);
	vb_disc_unref(b);
	ck_assert_int_eq(truncate(iso, (off_t)len - 1), 0);
	snprintf(msg, sizeof(msg),
		 "%s: %s: shorter than committed (%llu of %llu bytes)", path,
		 iso, (unsigned long long)len - 1, (unsigned long long)len);
	load_fails(path, -EIO, msg);
	ck_assert_int_eq(unlink(iso), 0);
	snprintf(msg, sizeof(msg), "%s: %s: No such file or directory", path,
		 iso);
	load_fails(path, -ENOENT, msg);
	/* the state commits less than track 3 reads: refused */
	mkdata(dir, "s.iso", len, 1);
	st.files[0].committed = 950 * 2048;
	snprintf(path, sizeof(path), "%s/short.vbd", dir);
	ck_assert_int_eq(vb_vbd_save(path, a, &st, &diag), -EINVAL);
	ck_assert_ptr_nonnull(strstr(diag.msg, "track 3 reads beyond the"));
	ck_assert_int_eq(access(path, F_OK), -1);
	vb_vbd_state_fini(&st);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

/* A source that is not a file (in memory) cannot go into a manifest. */
START_TEST(test_save_mem_source)
{
	const char *dir = tmpdir("vbd");
	struct vb_disc *a = ms_disc(false);
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	char path[300];

	state_for(&st, a, "cd-r");
	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	ck_assert_int_eq(vb_vbd_save(path, a, &st, &diag), -ENOENT);
	ck_assert_ptr_nonnull(strstr(diag.msg, ": d: No such file"));
	ck_assert_int_eq(strncmp(diag.msg, path, strlen(path)), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	strcpy(st.media, "cd r");
	ck_assert_int_eq(vb_vbd_save(path, a, &st, &diag), -EINVAL);
	ck_assert_ptr_nonnull(strstr(diag.msg, "bad media name"));
	vb_vbd_state_fini(&st);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

#define M_HEAD           \
	"vburn-disc 1\n" \
	"drive media=cd-r capacity=1000 next-start=0 finalized=no\n"
#define M_FILE "file 1 committed=40960 path=\"d.bin\"\n"
#define M_DISC "disc kind=cd open=no\n"
#define M_SESS "session 1 type=0x00 leadout=20\n"
#define M_TRACK "  track 1 mode=mode1 ctl=0x4 start=0 pregap=0 length=20\n"
#define M_EXT                                                        \
	"    extent sectors=20 data=user size=2048 file=1 offset=0 " \
	"stride=2048\n"
#define M_GOOD M_HEAD M_FILE M_DISC M_SESS M_TRACK M_EXT "end\n"

/* A data file that is a device node or a FIFO is never opened. */
START_TEST(test_not_regular)
{
	const char *dir = tmpdir("vbd");
	char path[300], fifo[300], text[600], msg[700];
	struct vb_disc *d;

	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	mkdata(dir, "d.bin", 20 * 2048, 0);
	write_file(path, M_GOOD, strlen(M_GOOD), NULL, 0);
	d = load_ok(path, NULL);
	ck_assert_uint_eq(d->n_tracks, 1);
	vb_disc_unref(d);
	snprintf(text, sizeof(text), "%s%s%s", M_HEAD,
		 "file 1 committed=0 path=\"/dev/zero\"\n", M_DISC "end\n");
	write_file(path, text, strlen(text), NULL, 0);
	snprintf(msg, sizeof(msg), "%s: /dev/zero: not a regular file", path);
	load_fails(path, -EINVAL, msg);
	snprintf(fifo, sizeof(fifo), "%s/f", dir);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	snprintf(text, sizeof(text), "%s%s%s", M_HEAD,
		 "file 1 committed=0 path=\"f\"\n", M_DISC "end\n");
	write_file(path, text, strlen(text), NULL, 0);
	snprintf(msg, sizeof(msg), "%s: %s: not a regular file", path, fifo);
	load_fails(path, -EINVAL, msg);
	/* nor is the manifest itself */
	snprintf(msg, sizeof(msg), "%s: not a regular file", fifo);
	load_fails(fifo, -EINVAL, msg);
	rm_rf(dir);
}
END_TEST

/* ---- malformed manifests: one line, file and line number ---- */

static const struct {
	const char *text;
	unsigned line;
	const char *what;
} bad[] = {
	{ "", 1, "empty manifest" },
	{ "vburn-disc 2\n" M_FILE, 1, "manifest version 2; this vburn reads" },
	{ "vburn disc 1\n", 1, "not a vburn manifest" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK M_EXT "frob x=1\nend\n", 8,
	  "unknown record 'frob'" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode1 ctl=4 start=0 pregap=0 length=20 colour=red\n",
	  6, "unknown key 'colour' in a 'track' record" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode1 ctl=16 start=0 pregap=0 length=20\n",
	  6, "ctl=16 is out of range (0..15)" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode1 ctl=4 start=0 pregap=0 length=2x\n",
	  6, "length=2x is not a number" },
	{ M_HEAD M_FILE M_DISC M_SESS "track 1 mode=mode1 ctl=4 start=0 "
				      "pregap=0\n",
	  6, "track: length= is missing" },
	{ M_HEAD M_FILE M_DISC M_SESS "track 1 mode=mode1 ctl=4 start=0 "
				      "start=1 pregap=0 length=20\n",
	  6, "start= given twice" },
	{ M_HEAD "file 1 committed=40960 path=\"d.bin\n", 3,
	  "a string is not closed" },
	{ M_HEAD "file 1 committed=40960 path=\"d\\x00.bin\"\n", 3,
	  "bad escape in a string" },
	{ M_HEAD "file 1 committed=40960 path=\"d\t.bin\"\n", 3,
	  "control byte in a string" },
	{ M_HEAD "file 1 committed=40960 path=\"d.bin\"x\n", 3,
	  "text right after a closing quote" },
	{ M_HEAD "file 2 committed=40960 path=\"d.bin\"\n", 3,
	  "file 2: files are numbered 1, 2, ..." },
	{ M_HEAD M_FILE "file 2 committed=0 path=\"./x/../d.bin\"\n", 4,
	  "file 2 is file 1 again" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode1 ctl=4 start=0 pregap=0 length=21\n"
	  "extent sectors=21 data=user size=2048 file=1 offset=0 "
	  "stride=2048\n",
	  7, "the data of this extent ends beyond the 40960 committed" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=10 data=user size=2048 file=1 offset=0 "
	  "stride=2048\nend\n",
	  6, "track 1: its extents hold 10 sectors, pregap + length is 20" },
	{ M_HEAD M_FILE M_DISC
	  "session 1 type=0 leadout=30\n" M_TRACK M_EXT
	  "track 2 mode=mode1 ctl=4 start=10 pregap=0 length=10\n",
	  8, "track 2 begins at LBA 10, before the end of the previous" },
	{ M_HEAD M_FILE M_DISC "session 2 type=0 leadout=20\n", 5,
	  "session 2: sessions are numbered 1, 2, ..." },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK M_EXT, 7,
	  "no 'end' record: the manifest is cut short" },
	{ M_GOOD M_DISC, 9, "a record after 'end'" },
	{ M_HEAD M_FILE M_DISC M_SESS M_EXT M_TRACK, 6,
	  "extent before its 'track' record" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=20 data=zero file=1\n",
	  7, "data=zero takes no file=" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=20 data=user size=2000 file=1 offset=0 "
	  "stride=2048\n",
	  7, "size=2000 does not go with data=user" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=20 data=raw size=2352 file=1 offset=0 "
	  "stride=2048\n",
	  7, "stride=2048 is less than the 2352 bytes" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK "extent sectors=0 data=zero\n", 7,
	  "sectors=0 is out of range" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=20 data=user size=2048 file=1 offset="
	  "99999999999999999999 stride=2048\n",
	  7, "offset=99999999999999999999 is not a byte count" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK
	  "extent sectors=20 data=user size=2048 file=1 offset=0 "
	  "stride=2048 sub-file=1 sub-offset=0 sub-stride=96\n",
	  7, "sub-file= without sub=" },
	{ M_HEAD M_FILE M_DISC M_DISC, 5, "a second 'disc' record" },
	{ M_HEAD M_FILE M_DISC "session 1 type=0 leadout=10\n" M_TRACK M_EXT
			       "end\n",
	  5, "session 1: lead-out 10 before the end of its last track" },
	{ M_HEAD M_FILE M_DISC M_SESS M_TRACK M_EXT
	  "session 2 type=0 leadout=40\nend\n",
	  8, "session 2 has no tracks" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode1 ctl=4 start=0 pregap=0 length=20 "
	  "index=5,3\n",
	  6, "index=: offsets ascend" },
	{ M_HEAD M_FILE M_DISC M_SESS
	  "track 1 mode=mode9 ctl=4 start=0 pregap=0 length=20\n",
	  6, "mode=mode9 is not a known value" },
	{ M_HEAD M_FILE M_DISC "cdtext-pack 0011\n", 5,
	  "a CD-TEXT pack is 36 hex digits" },
	{ M_HEAD M_FILE M_DISC "cdtext block=8 type=0x80 track=0 text=\"\"\n",
	  5, "block=8 is out of range (0..7)" },
	{ M_HEAD M_FILE M_SESS, 4, "session before the 'disc' record" },
	{ M_HEAD M_FILE M_DISC M_TRACK, 5, "track before its 'session'" },
	{ "vburn-disc 1\n" M_FILE M_DISC M_SESS M_TRACK M_EXT "end\n", 7,
	  "no 'drive' record" },
	{ "vburn-disc 1\ndrive media=cd-r capacity=-1 next-start=0 "
	  "finalized=no\n",
	  2, "capacity=-1 is not a number" },
	{ "vburn-disc 1\ndrive media=cd/r capacity=1 next-start=0 "
	  "finalized=maybe\n",
	  2, "finalized=maybe is not a known value" },
	{ "vburn-disc 1\ndrive media=cd/r capacity=1 next-start=0 "
	  "finalized=no\n",
	  2, "media=cd/r is not a media name" },
	{ M_HEAD M_FILE "disc kind=cd open=no extra\n", 4,
	  "unexpected word \"extra\"" },
	{ M_HEAD M_FILE M_DISC "session type=0 leadout=20\n", 5,
	  "'session' takes 1 word(s) before its keys" },
	{ M_HEAD M_FILE "disc kind=cd open=no mcn=\"01234567890123\"\n", 4,
	  "mcn= is longer than 13 bytes" },
	{ M_HEAD M_FILE "Disc kind=cd\n", 4, "a record must begin with" },
};

START_TEST(test_malformed)
{
	const char *dir = tmpdir("vbd");
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;
	char path[300], want[400];

	mkdata(dir, "d.bin", 20 * 2048, 0);
	snprintf(path, sizeof(path), "%s/bad.vbd", dir);
	write_file(path, bad[_i].text, strlen(bad[_i].text), NULL, 0);
	snprintf(want, sizeof(want), "%s: line %u: ", path, bad[_i].line);
	ck_assert_int_eq(vb_vbd_load(path, &d, NULL, &diag), -EINVAL);
	ck_assert_ptr_null(d);
	ck_assert_msg(!strncmp(diag.msg, want, strlen(want)) &&
			      strstr(diag.msg, bad[_i].what) &&
			      !strchr(diag.msg, '\n'),
		      "case %d: got '%s'", _i, diag.msg);
	/* the same through the registry (by content, or by extension) */
	memset(&diag, 0, sizeof(diag));
	ck_assert_int_eq(vb_img_open(path, NULL, &d, NULL, &diag), -EINVAL);
	ck_assert_msg(strstr(diag.msg, bad[_i].what), "case %d: got '%s'", _i,
		      diag.msg);
	rm_rf(dir);
}
END_TEST

/* ---- saves that fail ---- */

/*
 * vb_vbd_save() in a child process, as user nobody when we are root (root
 * may write anywhere), so that permissions can make a step fail.
 */
static int save_as_other(const char *path, const struct vb_disc *d,
			 const struct vb_vbd_state *st, struct vb_diag *diag)
{
	int fds[2], status, ret = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct vb_diag dg = { "" };

		close(fds[0]);
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(99);
		ret = vb_vbd_save(path, d, st, &dg);
		if (write(fds[1], &ret, sizeof(ret)) != sizeof(ret) ||
		    write(fds[1], dg.msg, sizeof(dg.msg)) != sizeof(dg.msg))
			_exit(98);
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &ret, sizeof(ret)), sizeof(ret));
	ck_assert_int_eq(read(fds[0], diag->msg, sizeof(diag->msg)),
			 sizeof(diag->msg));
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return ret;
}

/* Nothing but the files listed is left in dir (no temporary file). */
static void only_files(const char *dir, unsigned n)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	unsigned seen = 0;

	ck_assert_ptr_nonnull(dh);
	while ((de = readdir(dh)))
		if (de->d_name[0] != '.') {
			ck_assert_ptr_null(strstr(de->d_name, ".tmp"));
			seen++;
		}
	closedir(dh);
	ck_assert_uint_eq(seen, n);
}

/*
 * A save into a directory nobody may write fails at the temporary file;
 * one whose rename is refused (root's manifest in a sticky directory, or,
 * not as root, a directory in its place) fails at the rename. Each
 * returns the error with one line naming the manifest and the step, and
 * leaves the old manifest as it was and no temporary file.
 */
START_TEST(test_save_fails)
{
	const char *dir = tmpdir("vbd");
	struct vb_disc *a = disc_data(dir, false), *b = disc_audio(dir);
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	char path[300], *before, *after;
	int ret;

	state_for(&st, a, "cd-r");
	snprintf(path, sizeof(path), "%s/x.vbd", dir);
	save_ok(path, a, &st);
	before = slurp(path);
	ck_assert_int_eq(chmod(dir, 0555), 0);
	ret = save_as_other(path, b, &st, &diag);
	ck_assert_int_eq(ret, -EACCES);
	ck_assert_int_eq(strncmp(diag.msg, path, strlen(path)), 0);
	ck_assert_ptr_nonnull(strstr(diag.msg, ": create "));
	only_files(dir, 3);
	after = slurp(path);
	ck_assert_str_eq(before, after);
	free(after);
	if (geteuid() == 0) {
		ck_assert_int_eq(chmod(dir, 01777), 0);
		ret = save_as_other(path, b, &st, &diag);
		ck_assert_int_eq(ret, -EPERM);
		after = slurp(path);
		ck_assert_str_eq(before, after);
		free(after);
	} else {
		char moved[300], inner[310];

		ck_assert_int_eq(chmod(dir, 0755), 0);
		snprintf(moved, sizeof(moved), "%s/old.vbd", dir);
		ck_assert_int_eq(rename(path, moved), 0);
		ck_assert_int_eq(mkdir(path, 0755), 0);
		snprintf(inner, sizeof(inner), "%s/keep", path);
		write_file(inner, "x", 1, NULL, 0);
		ret = vb_vbd_save(path, b, &st, &diag);
		ck_assert_int_lt(ret, 0);
		ck_assert_int_eq(access(inner, F_OK), 0);
		ck_assert_int_eq(unlink(inner), 0);
		ck_assert_int_eq(rmdir(path), 0);
		ck_assert_int_eq(rename(moved, path), 0);
	}
	ck_assert_int_eq(strncmp(diag.msg, path, strlen(path)), 0);
	ck_assert_ptr_nonnull(strstr(diag.msg, ": rename "));
	only_files(dir, 3);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	free(before);
	vb_vbd_state_fini(&st);
	vb_disc_unref(a);
	vb_disc_unref(b);
	rm_rf(dir);
}
END_TEST

/* ---- the manifest as an image: the registry and vburn-img ---- */

/* build/vburn-img beside build/tests/check_main, or NULL after a SKIP. */
static const char *vburn_img(void)
{
	static char p[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", p, sizeof(p) - 20);
	char *slash;

	if (n > 0) {
		p[n] = 0;
		slash = strrchr(p, '/');
		*slash = 0;
		slash = strrchr(p, '/');
		if (slash) {
			strcpy(slash, "/vburn-img");
			if (!access(p, X_OK))
				return p;
		}
	}
	vb_test_skip("vburn-img not built beside the tests; "
		     "library calls only");
	return NULL;
}

/* The output of a shell command (at most 64 KiB), owned. */
static char *run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	char *s = calloc(1, 65536);
	size_t n;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(s);
	n = fread(s, 1, 65535, f);
	s[n] = 0;
	ck_assert_int_eq(pclose(f), 0);
	return s;
}

/* `vburn-img convert in out`, or the same through the library. */
static void convert(const char *img, const char *in, const char *out)
{
	struct vb_diag diag = { "" };
	char cmd[1200];
	struct vb_disc *d;

	if (img) {
		snprintf(cmd, sizeof(cmd), "'%s' convert '%s' '%s'", img, in,
			 out);
		ck_assert_int_eq(system(cmd), 0);
		return;
	}
	d = open_ok(in, NULL);
	ck_assert_msg(!vb_img_write(d, out, NULL, NULL, &diag), "%s", diag.msg);
	vb_disc_unref(d);
}

static void same_file(const char *dir, const char *a, const char *b)
{
	char cmd[800];

	snprintf(cmd, sizeof(cmd), "cmp '%s/%s' '%s/%s'", dir, a, dir, b);
	ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

/*
 * A real Nero image (audio, CD-TEXT) converted to CUE/BIN; a manifest
 * pointing into that .bin; the manifest converted to CUE again gives the
 * same cue sheet, BIN and CD-TEXT file byte for byte; info --json shows
 * the same disc as the cue sheet's; verify passes.
 */
START_TEST(test_img_convert_audio)
{
	const char *in = td("libcdio/test/data/p1.nrg"), *img;
	const char *dir;
	char p[300], q[300], cmd[1000];
	struct vb_vbd_state st;
	struct vb_disc *d;
	char *j1, *j2, *f;

	if (!in)
		return;
	img = vburn_img();
	dir = tmpdir("vbd");
	snprintf(p, sizeof(p), "%s/a.cue", dir);
	convert(img, in, p);
	d = open_ok(p, NULL);
	state_for(&st, d, "cd-rom");
	snprintf(q, sizeof(q), "%s/a.vbd", dir);
	save_ok(q, d, &st);
	vb_disc_unref(d);
	snprintf(p, sizeof(p), "%s/out", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/out/a.cue", dir);
	convert(img, q, p);
	same_file(dir, "a.cue", "out/a.cue");
	same_file(dir, "a.bin", "out/a.bin");
	same_file(dir, "a.cdt", "out/a.cdt");
	if (img) {
		snprintf(cmd, sizeof(cmd), "'%s' info --json '%s/a.vbd'", img,
			 dir);
		j1 = run(cmd);
		snprintf(cmd, sizeof(cmd), "'%s' info --json '%s/a.cue'", img,
			 dir);
		j2 = run(cmd);
		f = strstr(j1, "\"format\": \"vbd\"");
		ck_assert_ptr_nonnull(f);
		memcpy(f, "\"format\": \"cue\"", 15);
		ck_assert_str_eq(j1, j2);
		free(j1);
		free(j2);
		snprintf(cmd, sizeof(cmd), "'%s' verify '%s/a.vbd' >/dev/null",
			 img, dir);
		ck_assert_int_eq(system(cmd), 0);
	}
	vb_vbd_state_fini(&st);
	rm_rf(dir);
}
END_TEST

/*
 * A data image (raw Mode 1 BIN, read where it lies: named absolute): the
 * manifest of its cue sheet converts to the same ISO as the cue sheet.
 */
START_TEST(test_img_convert_data)
{
	const char *in = td("libcdio/test/data/isofs-m1.cue"), *img;
	const char *dir;
	char p[300], q[300];
	struct vb_vbd_state st;
	struct vb_disc *d, *e;

	if (!in)
		return;
	img = vburn_img();
	dir = tmpdir("vbd");
	d = open_ok(in, NULL);
	state_for(&st, d, "cd-rom");
	snprintf(q, sizeof(q), "%s/m1.vbd", dir);
	save_ok(q, d, &st);
	e = open_ok(q, NULL);
	same_model(d, e, true);
	same_sectors(d, e);
	snprintf(p, sizeof(p), "%s/a.iso", dir);
	convert(img, in, p);
	snprintf(p, sizeof(p), "%s/b.iso", dir);
	convert(img, q, p);
	same_file(dir, "a.iso", "b.iso");
	vb_vbd_state_fini(&st);
	vb_disc_unref(d);
	vb_disc_unref(e);
	rm_rf(dir);
}
END_TEST

/* The registry knows .vbd, never writes it, and leaves others alone. */
START_TEST(test_registry)
{
	const char *dir = tmpdir("vbd");
	struct vb_disc *a = disc_data(dir, false);
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	char path[300];

	ck_assert_str_eq(vb_img_format_for_path("/x/y.VBD"), "vbd");
	ck_assert_ptr_nonnull(vb_img_find("vbd"));
	snprintf(path, sizeof(path), "%s/w.vbd", dir);
	ck_assert_int_eq(vb_img_write(a, path, NULL, NULL, &diag), -ENOTSUP);
	state_for(&st, a, "cd-r");
	snprintf(path, sizeof(path), "%s/x.cue", dir);
	save_ok(path, a, &st); /* a manifest, whatever its name */
	vb_disc_unref(a);
	a = open_ok(path, NULL);
	ck_assert_uint_eq(a->n_sessions, 3);
	vb_vbd_state_fini(&st);
	vb_disc_unref(a);
	rm_rf(dir);
}
END_TEST

Suite *vbd_suite(void)
{
	Suite *s = suite_create("vbd");
	TCase *tr = tcase_create("round trip");
	TCase *tf = tcase_create("files");
	TCase *tb = tcase_create("malformed");
	TCase *ti = tcase_create("image");

	tcase_add_loop_test(tr, test_round_trip, 0, D__COUNT);
	tcase_add_test(tr, test_blank);
	tcase_add_test(tr, test_moved_dir);
	tcase_set_timeout(tr, 60);
	tcase_add_test(tf, test_committed);
	tcase_add_test(tf, test_save_mem_source);
	tcase_add_test(tf, test_not_regular);
	tcase_add_test(tf, test_save_fails);
	tcase_set_timeout(tf, 30);
	tcase_add_loop_test(tb, test_malformed, 0, VB_ARRAY_SIZE(bad));
	tcase_add_test(ti, test_img_convert_audio);
	tcase_add_test(ti, test_img_convert_data);
	tcase_add_test(ti, test_registry);
	tcase_set_timeout(ti, 60);
	suite_add_tcase(s, tr);
	suite_add_tcase(s, tf);
	suite_add_tcase(s, tb);
	suite_add_tcase(s, ti);
	return s;
}
