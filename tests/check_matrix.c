/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The format round-trip matrix (issue 3: "round trips between every pair
 * of formats that can hold the disc keep every sector and every TOC
 * fact"). For every source disc (synthetic ones from matrix_discs.h and
 * the third-party images in $VBURN_TESTDATA the readers accept) and every
 * ordered pair of writable formats (A, B): source -> A -> B, then B's disc
 * is compared with the source on each fact both A and B hold (the caps
 * table in matrix_caps.h): sessions and lead-outs, per track number,
 * mode, CONTROL, start, length, pregap, indexes, ISRC, the MCN, CD-TEXT
 * strings, every sector (user data, raw 2352) and the subchannel. The
 * source's sectors are read once (src_cache). A format that cannot
 * hold a disc must refuse it with -EMEDIUMTYPE and one line, and only
 * for a reason the table gives.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/sector.h"
#include "matrix_caps.h"
#include "matrix_discs.h"
#include "skip.h"

/* ---- one chain: source -> A -> B ---- */

/*
 * Losses found and reported to the formats' owners, not fixed yet:
 * printed as KNOWN (summed per source) instead of failing. None at
 * present; the ones the matrix found are fixed (git log -- formats/).
 * Add { "part of the chain name", "part of the loss message" } before
 * the terminator, and remove the entry once fixed.
 */
static const struct known {
	const char *chain; /* part of the chain name, "mixed: nrg -> cue" */
	const char *what;  /* part of the loss message */
} known[] = {
	{ NULL, NULL },
};

/*
 * The source's sectors, read once per source (a chain reads them again
 * for every pair): raw and user data of each LBA of track i at index
 * base[i] + (lba - first LBA of its pregap); ok bit 0 raw, bit 1 user,
 * bit 2 the P-W subchannel (96 bytes of a raw+sub read).
 */
struct src_cache {
	uint8_t *raw, *user, *sub, *ok;
	uint32_t *base;
};

struct chain {
	char name[128]; /* "mixed: cue -> nrg" */
	const struct src_cache *k;
	unsigned fa, fb;
	const struct vb_disc *src, *a, *b;
	bool lost_content; /* A keeps some source sectors not at all */
	unsigned losses;
	unsigned *known; /* losses listed in known[], per source */
};

static void __attribute__((format(printf, 2, 3)))
loss(struct chain *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	unsigned i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (i = 0; known[i].chain; i++)
		if (strstr(c->name, known[i].chain) &&
		    strstr(msg, known[i].what)) {
			if (getenv("VBURN_MATRIX_VERBOSE"))
				printf("KNOWN %s: %s\n", c->name, msg);
			(*c->known)++;
			return;
		}
	if (c->losses++ < 6)
		printf("LOSS %s: %s\n", c->name, msg);
	fflush(stdout); /* the test's process may end in ck_assert */
}

/* Every string of x is in y once (the same block, type, track). */
static void cdtext_in(struct chain *c, const struct vb_disc *x,
		      const struct vb_disc *y, const char *what)
{
	unsigned i, k;

	for (i = 0; i < x->n_cdtext_items; i++) {
		const struct vb_cdtext_item *p = &x->cdtext_items[i];
		unsigned hit = 0;

		for (k = 0; k < y->n_cdtext_items; k++)
			hit += y->cdtext_items[k].block == p->block &&
			       y->cdtext_items[k].type == p->type &&
			       y->cdtext_items[k].track == p->track &&
			       !strcmp(y->cdtext_items[k].text, p->text);
		if (hit != 1)
			loss(c, "CD-TEXT block %u type %02x track %u '%s' %s",
			     p->block, p->type, p->track, p->text, what);
	}
}

/*
 * Raw and 2336-byte Mode 2 storage (CUE MODE2/2352 and 2336, TOC
 * MODE2_RAW and FORM_MIX, NRG 0x03/0x06, CCD, MDS) tells the XA form per
 * sector by its subheader only (docs/formats.md 1.5, 4.1), so an XA Form 1 or
 * Form 2 track comes back as "mixed": the same sectors, described less
 * narrowly. Formless Mode 2 is not XA and must stay what it is.
 */
static bool xa_as_mixed(const struct vb_track *s, const struct vb_track *t)
{
	return t->mode == VB_MODE_MODE2_MIXED &&
	       (s->mode == VB_MODE_MODE2_FORM1 ||
		s->mode == VB_MODE_MODE2_FORM2);
}

static void cmp_track(struct chain *c, unsigned i, unsigned holds)
{
	const struct vb_track *s = c->src->tracks[i], *t = c->b->tracks[i];
	const struct vb_session *ss = c->src->sessions[s->session - 1];
	const bool a_same = c->a->n_tracks == c->src->n_tracks;
	bool keep;
	unsigned k;

#define SAME(field, fmt)                                               \
	do {                                                           \
		if (s->field != t->field)                              \
			loss(c, "track %u " #field " " fmt " -> " fmt, \
			     s->number, s->field, t->field);           \
	} while (0)
	if (holds & H_NUMBER)
		SAME(number, "%u");
	SAME(session, "%u");
	SAME(start, "%d");
	if (holds & H_MODE && s->mode != t->mode && !xa_as_mixed(s, t))
		loss(c, "track %u mode %s -> %s", s->number,
		     vb_track_mode_name(s->mode), vb_track_mode_name(t->mode));
	if (holds & H_CTL)
		SAME(ctl, "%#x");
	keep = a_same && pregap_held(c->fa, c->src, i) &&
	       pregap_held(c->fb, c->a, i);
	/*
	 * A CD's first track has at least the 150 sectors before LBA 0;
	 * a flat ISO's reader starts it at LBA 0 (an emulated-TOC copy as
	 * INDEX 00), which CD formats extend by those 150.
	 */
	if (keep && !(i == 0 && s->pregap < 150))
		SAME(pregap, "%u");
	/* the length ends where the next track's pregap begins */
	keep = i + 1 == ss->first + ss->count ||
	       (a_same && pregap_held(c->fa, c->src, i + 1) &&
		pregap_held(c->fb, c->a, i + 1));
	if (keep)
		SAME(length, "%u");
	if (holds & H_POSTGAP)
		SAME(postgap, "%u");
	if (holds & H_INDEX) {
		SAME(n_index, "%u");
		for (k = 0; k < s->n_index && k < t->n_index; k++)
			if (s->index[k] != t->index[k])
				loss(c, "track %u INDEX %02u at +%u -> +%u",
				     s->number, k + 2, s->index[k],
				     t->index[k]);
	}
	if (holds & H_ISRC && strcmp(s->isrc, t->isrc))
		loss(c, "track %u ISRC '%s' -> '%s'", s->number, s->isrc,
		     t->isrc);
#undef SAME
}

/* The TOC facts both A and B hold. */
static void cmp_toc(struct chain *c)
{
	const struct vb_disc *s = c->src, *b = c->b;
	const unsigned holds = caps[c->fa].holds & caps[c->fb].holds;
	unsigned i;

	if (s->n_sessions != b->n_sessions &&
	    !(c->lost_content && !caps[c->fb].holds)) {
		loss(c, "%u sessions -> %u", s->n_sessions, b->n_sessions);
		return;
	}
	for (i = 0; i < s->n_sessions; i++) {
		const struct vb_session *x = s->sessions[i],
					*y = b->sessions[i];

		/* an ISO's sessions are found from sector content */
		if (c->lost_content && !caps[c->fb].holds)
			break;
		if (x->leadout != y->leadout)
			loss(c, "session %u lead-out %d -> %d", i + 1,
			     x->leadout, y->leadout);
		if (holds & H_MODE && x->disc_type != y->disc_type)
			loss(c, "session %u disc type %#x -> %#x", i + 1,
			     x->disc_type, y->disc_type);
		if (s->tracks[x->first]->start != b->tracks[y->first]->start)
			loss(c, "session %u starts at %d -> %d", i + 1,
			     s->tracks[x->first]->start,
			     b->tracks[y->first]->start);
	}
	if (holds & H_KIND && s->kind != b->kind)
		loss(c, "medium %d -> %d", s->kind, b->kind);
	if (holds & H_MCN && strcmp(s->mcn, b->mcn))
		loss(c, "MCN '%s' -> '%s'", s->mcn, b->mcn);
	if (holds & H_TRACKS) {
		if (s->n_tracks != b->n_tracks) {
			loss(c, "%u tracks -> %u", s->n_tracks, b->n_tracks);
			return;
		}
		for (i = 0; i < s->n_tracks; i++)
			cmp_track(c, i, holds);
	}
	if (holds & H_CDTEXT) {
		cdtext_in(c, s, b, "lost");
		cdtext_in(c, b, s, "added");
	}
}

/* Reads one sector of d in kind; 0 or -errno. */
static int rd(const struct vb_disc *d, int32_t lba, enum vb_read_kind k,
	      uint8_t *out)
{
	return vb_disc_read(d, lba, 1, k, out);
}

/* Does the raw sector hold 2048 user bytes (Mode 1, Form 1)? */
static bool has_user(const uint8_t *raw)
{
	return raw[15] == 1 || (raw[15] == 2 && !(raw[18] & VB_SUBMODE_FORM2));
}

/*
 * Sectors a reader makes up (the 150 before a session, CUE PREGAP) take
 * the track's mode; where a track came back as "mixed" (xa_as_mixed),
 * those of a Form 2 track are made up as Form 1 (a generated mixed
 * sector is Form 1 with zero user data, formats/disc_read.c), so they
 * are skipped.
 */
static bool made_up_differently(struct chain *c, int32_t lba)
{
	const struct vb_track *s = vb_disc_track_at(c->src, lba);
	const struct vb_track *t = vb_disc_track_at(c->b, lba);

	return generated(c->src, lba) && s && t && s->mode != t->mode &&
	       xa_as_mixed(s, t);
}

/* Did A keep nothing of some source sector (see keeps())? */
static bool lost_content(struct chain *c)
{
	unsigned i;
	int32_t l;

	for (i = 0; i < c->src->n_tracks; i++) {
		const struct vb_track *t = c->src->tracks[i];

		for (l = t->start - (int32_t)t->pregap; l < t->start; l++)
			if (keeps(c->fa, c->src, l) == KEEP_NONE)
				return true;
	}
	return false;
}

/*
 * Every sector of every source track, its pregap included: the user data
 * of every data sector with some (by its raw content: a Form 2 sector has
 * none), the raw 2352 bytes where both A and B hold them.
 */
static void cmp_sectors(struct chain *c)
{
	static uint8_t y[2448];
	const unsigned holds = caps[c->fa].holds & caps[c->fb].holds;
	unsigned i, bad;
	int32_t l;

	for (i = 0; i < c->src->n_tracks; i++) {
		const struct vb_track *t = c->src->tracks[i];

		bad = 0;
		for (l = t->start - (int32_t)t->pregap;
		     l < t->start + (int32_t)t->length && bad < 2; l++) {
			const int keep = VB_MIN(keeps(c->fa, c->src, l),
						keeps(c->fb, c->a, l));

			const uint32_t j = c->k->base[i] +
					   (uint32_t)(l - t->start + t->pregap);
			const uint8_t *x = c->k->raw + (size_t)j * 2352;

			if (keep == KEEP_NONE || made_up_differently(c, l) ||
			    !(c->k->ok[j] & 1))
				continue;
			if (holds & H_RAW && (rd(c->b, l, VB_READ_RAW, y) ||
					      memcmp(x, y, 2352))) {
				loss(c, "raw sector %d (track %u)", l,
				     t->number);
				bad++;
			}
			if (keep == KEEP_RAW || !has_user(x) ||
			    !(c->k->ok[j] & 2))
				continue;
			x = c->k->user + (size_t)j * 2048;
			if (rd(c->b, l, VB_READ_USER, y) ||
			    memcmp(x, y, 2048)) {
				loss(c, "user data of LBA %d (track %u)", l,
				     t->number);
				bad++;
			}
		}
	}
}

/* P-W of track i of x and y agree over the track (pregap included). */
static void cmp_sub_track(struct chain *c, const struct vb_disc *x,
			  const struct vb_disc *y, unsigned i, const char *what)
{
	static uint8_t p[2448], q[2448];
	const struct vb_track *t = c->src->tracks[i];
	uint32_t j = c->k->base[i];
	int32_t l;

	for (l = t->start - (int32_t)t->pregap;
	     l < t->start + (int32_t)t->length; l++, j++) {
		const uint8_t *px = p + 2352;

		if (x == c->src) {
			px = c->k->sub + (size_t)j * 96;
			if (!(c->k->ok[j] & 4))
				px = NULL;
		} else if (rd(x, l, VB_READ_RAW_SUB, p)) {
			px = NULL;
		}
		if (!px || rd(y, l, VB_READ_RAW_SUB, q) ||
		    memcmp(px, q + 2352, 96)) {
			loss(c, "subchannel of LBA %d (track %u, %s)", l,
			     t->number, what);
			return;
		}
	}
}

/*
 * Subchannel where A and B hold it: B's equals the source's (stored or,
 * through CCD, generated); where only B holds it (a .sub made from A's
 * disc), it equals what A's disc generates.
 */
static void cmp_sub(struct chain *c)
{
	unsigned i;

	if (c->a->n_tracks != c->src->n_tracks ||
	    c->b->n_tracks != c->src->n_tracks)
		return;
	/* Q carries the track numbers (a TOC renumbers from 1) */
	for (i = 0; i < c->src->n_tracks; i++)
		if (c->src->tracks[i]->number != c->b->tracks[i]->number)
			return;
	for (i = 0; i < c->src->n_tracks; i++) {
		const bool in_a = sub_held(c->fa, c->src->tracks[i]);
		const bool in_b = sub_held(c->fb, c->a->tracks[i]);

		if (in_a && vb_track_sub(c->a->tracks[i]) == VB_SUB_NONE) {
			loss(c, "track %u subchannel dropped by %s",
			     c->src->tracks[i]->number, caps[c->fa].name);
			continue;
		}
		if (in_b && vb_track_sub(c->b->tracks[i]) == VB_SUB_NONE) {
			loss(c, "track %u subchannel dropped by %s",
			     c->src->tracks[i]->number, caps[c->fb].name);
			continue;
		}
		if (in_a && in_b)
			cmp_sub_track(c, c->src, c->b, i, "source");
		else if (in_b)
			cmp_sub_track(c, c->a, c->b, i, "A's");
	}
}

/* ---- sources and the runner ---- */

static const struct source {
	const char *name;
	struct vb_disc *(*build)(void);
	const char *rel; /* a third-party image instead */
	/*
	 * If set, the source is what it makes of the image: the same TOC
	 * and CD-TEXT on fewer sectors (minutes of SILENCE cost time under
	 * ASan and show nothing more).
	 */
	struct vb_disc *(*shrink)(const struct vb_disc *x);
} sources[] = {
	{ "data", md_data, NULL, NULL },
	{ "mixed", md_mixed, NULL, NULL },
	{ "enhanced", md_enhanced, NULL, NULL },
	{ "data2", md_data2, NULL, NULL },
	{ "xa", md_xa_disc, NULL, NULL },
	{ "form2", md_form2, NULL, NULL },
	{ "mode2", md_mode2_disc, NULL, NULL },
	{ "sub", md_sub, NULL, NULL },
	{ "dvd", md_dvd, NULL, NULL },
	{ "p1.nrg", NULL, "libcdio/test/data/p1.nrg", NULL },
	{ "videocd.nrg", NULL, "libcdio/test/data/videocd.nrg", NULL },
	{ "p1.cue", NULL, "libcdio/test/data/p1.cue", NULL },
	{ "cdda.cue", NULL, "libcdio/test/data/cdda.cue", NULL },
	{ "cdda.toc", NULL, "libcdio/test/data/cdda.toc", NULL },
	{ "cdda_4_5.cue", NULL, "libcdio/test/data/cdda_4_5.cue", NULL },
	{ "isofs-m1.cue", NULL, "libcdio/test/data/isofs-m1.cue", NULL },
	{ "cdtext.toc", NULL, "libcdio/test/data/cdtext.toc", md_short_audio },
	{ "copying.iso", NULL, "libcdio/test/data/copying.iso", NULL },
	{ "multisession.iso", NULL, "local-xorriso/multisession.iso", NULL },
	{ "audiocd.cue", NULL,
	  "usbode-circle/integration-tests/testdata/audiocd.cue", NULL },
	{ "mixed.cue", NULL,
	  "usbode-circle/integration-tests/testdata/mixed.cue", NULL },
	{ "vcd2.toc", NULL, "libcdio/test/data/vcd2.toc", NULL },
	{ "t1.toc", NULL, "libcdio/test/data/t1.toc", NULL },
	{ "data6.toc", NULL, "libcdio/test/data/data6.toc", NULL },
	{ "pregap1.toc", NULL, "cdrdao/testtocs/pregap1.toc", md_short_audio },
	{ "pregap2.toc", NULL, "cdrdao/testtocs/pregap2.toc", md_short_audio },
	{ "t9.toc", NULL, "cdrdao/testtocs/t9.toc", md_short_audio },
	{ "3encodings.toc", NULL, "cdrdao/testtocs/3encodings.toc",
	  md_short_audio },
	{ "emul_toc_padded.iso", NULL,
	  "libcdio/test/data/multi_extent_8k_emul_toc_padded.iso", NULL },
	{ "freedos-test.iso", NULL,
	  "usbode-circle/integration-tests/testdata/freedos-test.iso", NULL },
};

/* Path of a test data file, or NULL after a SKIP line if absent. */
static const char *td(const char *rel)
{
	static char path[512];
	const char *dir = getenv("VBURN_TESTDATA");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/testdata",
		 rel);
	if (access(path, R_OK)) {
		vb_test_skip("%s absent", path);
		return NULL;
	}
	return path;
}

/*
 * Writes d as dir/name.ext in format f. Returns 0, or 1 after a refusal
 * the table agrees with; a refusal it does not agree with, or any other
 * failure, is a loss (and returns 1 too).
 */
static int write_as(struct chain *c, const struct vb_disc *d, unsigned f,
		    const char *path)
{
	struct vb_diag diag = { "" };
	int ret = vb_img_write(d, path, caps[f].name, NULL, &diag);

	if (ret == -EMEDIUMTYPE) {
		if (!diag.msg[0] || strchr(diag.msg, '\n'))
			loss(c, "%s refusal without one line: '%s'",
			     caps[f].name, diag.msg);
		else if (!caps[f].cannot(d))
			loss(c, "%s refuses a disc it can hold: %s",
			     caps[f].name, diag.msg);
		return 1;
	}
	if (!ret && caps[f].cannot(d))
		printf("NOTE %s: %s accepts a disc the table says it cannot "
		       "hold\n",
		       c->name, caps[f].name);
	if (ret) {
		loss(c, "writing %s failed: %d %s", caps[f].name, ret,
		     diag.msg);
		return 1;
	}
	return 0;
}

static struct vb_disc *open_as(struct chain *c, const char *path)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d = NULL;

	if (vb_img_open(path, NULL, &d, NULL, &diag)) {
		loss(c, "reading back failed: %s", diag.msg);
		return NULL;
	}
	return d;
}

static void cache_src(struct src_cache *k, const struct vb_disc *d)
{
	static uint8_t buf[2448];
	uint32_t n = 0, j;
	unsigned i;
	int32_t l;

	k->base = calloc(d->n_tracks, sizeof(*k->base));
	ck_assert_ptr_nonnull(k->base);
	for (i = 0; i < d->n_tracks; i++) {
		k->base[i] = n;
		n += d->tracks[i]->pregap + d->tracks[i]->length;
	}
	k->raw = malloc((size_t)n * 2352 + 1);
	k->user = malloc((size_t)n * 2048 + 1);
	k->sub = malloc((size_t)n * 96 + 1);
	k->ok = calloc(n + 1, 1);
	ck_assert(k->raw && k->user && k->sub && k->ok);
	for (i = 0, j = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		for (l = t->start - (int32_t)t->pregap;
		     l < t->start + (int32_t)t->length; l++, j++) {
			if (!rd(d, l, VB_READ_RAW, k->raw + (size_t)j * 2352))
				k->ok[j] |= 1;
			if (!rd(d, l, VB_READ_USER, k->user + (size_t)j * 2048))
				k->ok[j] |= 2;
			if (!rd(d, l, VB_READ_RAW_SUB, buf)) {
				memcpy(k->sub + (size_t)j * 96, buf + 2352, 96);
				k->ok[j] |= 4;
			}
		}
	}
}

/*
 * Source -> A (format fa) -> every B, in dir. Returns the losses and
 * lists the Bs done and refused.
 */
static unsigned run_a(const char *sname, const struct vb_disc *src,
		      const struct src_cache *k, unsigned fa, const char *dir,
		      char *done, char *refused, unsigned *n_known)
{
	struct chain c = { .fa = fa, .src = src, .k = k, .known = n_known };
	char pa[600], pb[600];
	unsigned fb, total = 0;
	struct vb_disc *a;

	snprintf(c.name, sizeof(c.name), "%s: %s", sname, caps[fa].name);
	snprintf(pa, sizeof(pa), "%s/a.%s", dir, caps[fa].ext);
	if (write_as(&c, src, fa, pa) || !(a = open_as(&c, pa))) {
		strcpy(done, " -");
		return c.losses;
	}
	c.a = a;
	for (fb = 0; fb < N_FMT; fb++) {
		snprintf(c.name, sizeof(c.name), "%s: %s -> %s", sname,
			 caps[fa].name, caps[fb].name);
		c.fb = fb;
		c.losses = 0;
		snprintf(pb, sizeof(pb), "%s/b.%s", dir, caps[fb].ext);
		if (write_as(&c, a, fb, pb)) {
			strcat(refused, " ");
			strcat(refused, caps[fb].name);
		} else if ((c.b = open_as(&c, pb))) {
			strcat(done, " ");
			strcat(done, caps[fb].name);
			c.lost_content = lost_content(&c);
			cmp_toc(&c);
			cmp_sectors(&c);
			cmp_sub(&c);
			vb_disc_unref((struct vb_disc *)c.b);
		}
		c.b = NULL;
		total += c.losses;
	}
	vb_disc_unref(a);
	return total;
}

/*
 * One source, every A and B. The images go to /dev/shm when there is
 * one: the writers fsync every file they finish.
 */
START_TEST(test_matrix)
{
	const struct source *so = &sources[_i];
	char dir[64], cmd[100];
	struct src_cache k;
	struct vb_disc *src;
	unsigned fa, total = 0, known_losses = 0;

	if (so->rel) {
		const char *in = td(so->rel);
		struct vb_diag diag = { "" };

		if (!in)
			return;
		ck_assert_msg(!vb_img_open(in, NULL, &src, NULL, &diag), "%s",
			      diag.msg);
		if (so->shrink) {
			struct vb_disc *x = src;

			src = so->shrink(x);
			vb_disc_unref(x);
		}
	} else {
		src = so->build();
	}
	cache_src(&k, src);
	snprintf(dir, sizeof(dir), "%s/vb-matrix-XXXXXX",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (fa = 0; fa < N_FMT; fa++) {
		char done[64] = "", refused[64] = "";
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		total += run_a(so->name, src, &k, fa, dir, done, refused,
			       &known_losses);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* VBURN_MATRIX_VERBOSE=1: which chains ran, and how long */
		if (getenv("VBURN_MATRIX_VERBOSE"))
			printf("matrix %s: %s -> {%s }, refused {%s } "
			       "(%ld ms)\n",
			       so->name, caps[fa].name, done, refused,
			       (long)((t1.tv_sec - t0.tv_sec) * 1000 +
				      (t1.tv_nsec - t0.tv_nsec) / 1000000));
	}
	if (known_losses)
		printf("KNOWN %s: %u losses listed in known[] "
		       "(tests/check_matrix.c; VBURN_MATRIX_VERBOSE=1 shows "
		       "them)\n",
		       so->name, known_losses);
	free(k.raw);
	free(k.user);
	free(k.sub);
	free(k.ok);
	free(k.base);
	vb_disc_unref(src);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(total == 0, "%s: %u losses (LOSS lines above)", so->name,
		      total);
}
END_TEST

Suite *matrix_suite(void)
{
	Suite *s = suite_create("matrix");
	TCase *tc = tcase_create("round trips");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_matrix, 0, (int)VB_ARRAY_SIZE(sources));
	suite_add_tcase(s, tc);
	return s;
}
