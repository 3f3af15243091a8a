/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the image writers (formats/<fmt>_write.c, iso.c)
 * and their round trips. The input is a CUE sheet or a cdrdao TOC file over
 * the data files of fz_data_init() (tried as CUE, then as TOC); a disc
 * that opens and is small is written in every format whose can_write()
 * accepts it, the result is opened again, and the two discs must agree
 * (issue 3: round trips keep every sector and TOC fact the format can
 * hold): the same sessions and tracks at the same addresses, audio stays
 * audio, and the same raw sectors at the edges of every track (for ISO,
 * which holds only user data, the same 2048-byte blocks). Where a format
 * cannot keep something of a disc it takes, the round-trip matrix's
 * table (tests/matrix_caps.h) says so and this oracle applies the same
 * rule: MDS keeps only generated pregaps (H_PREGAP_GEN), so a stored
 * INDEX 00 of a later track may become the previous track's tail (the
 * starts and the raw sectors stay, keeps()), and it generates a session's
 * first pregap again. Seeds: fuzz/corpus/write/.
 */

#include "fuzz_common.h"
#include "../tests/matrix_caps.h"

/* Writing is slow (fsync): only discs of at most this many sectors. */
#define FZ_WRITE_MAX 3000

static char fz_out[300];
static uint8_t fz_buf2[2448];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_data_init();
	snprintf(fz_out, sizeof(fz_out), "%s/w", fz_dir);
	mkdir(fz_out, 0755);
	return 0;
}

/* Sectors of a disc (pregaps included) and its highest address. */
static bool fz_small(const struct vb_disc *d)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < d->n_tracks; i++)
		n += (uint64_t)d->tracks[i]->pregap + d->tracks[i]->length;
	return n <= FZ_WRITE_MAX && d->tracks[0]->start >= 0;
}

/*
 * Both discs give the same bytes at lba, if a stores that sector of t
 * (generated sectors follow the track mode, which a format may store
 * differently when the label and the data disagree).
 */
static void fz_same_sector(const struct vb_disc *a, const struct vb_disc *b,
			   const struct vb_track *t, int64_t lba,
			   enum vb_read_kind kind)
{
	const struct vb_extent *e;
	int ra, rb;

	if (lba < INT32_MIN || lba > INT32_MAX)
		return;
	e = fz_extent_at(t, (int32_t)lba);
	if (!e || e->data == VB_DATA_ZERO)
		return;
	ra = vb_disc_read(a, (int32_t)lba, 1, kind, fz_buf);
	rb = vb_disc_read(b, (int32_t)lba, 1, kind, fz_buf2);
	if (ra)
		return; /* nothing to keep */
	FZ_CHECK(!rb);
	FZ_CHECK(!memcmp(fz_buf, fz_buf2, vb_read_size(kind)));
}

/* The matrix table's entry of a format (N_FMT if it has none). */
static unsigned fz_caps(const char *fmt)
{
	unsigned f;

	for (f = 0; f < N_FMT && strcmp(caps[f].name, fmt); f++)
		;
	return f;
}

/* Does format f keep the pregap of track i of a (matrix_caps.h)? */
static bool fz_pregap_held(unsigned f, const struct vb_disc *a, unsigned i)
{
	return f == N_FMT || pregap_held(f, a, i);
}

/*
 * Sectors of track i+1's pregap that went into track i of b: with a
 * pregap that format f does not keep (a stored INDEX 00 in MDS), the
 * previous track ends where the next one starts (docs/formats.md 3.5).
 */
static int64_t fz_moved(unsigned f, const struct vb_disc *a,
			const struct vb_disc *b, unsigned i)
{
	if (i + 1 >= a->n_tracks || i + 1 >= b->n_tracks ||
	    a->tracks[i + 1]->session != a->tracks[i]->session ||
	    fz_pregap_held(f, a, i + 1))
		return 0;
	return (int64_t)a->tracks[i + 1]->pregap - b->tracks[i + 1]->pregap;
}

static void fz_compare(const struct vb_disc *a, const struct vb_disc *b,
		       const char *fmt)
{
	const bool iso = !strcmp(fmt, "iso");
	const unsigned f = fz_caps(fmt);
	unsigned i;

	if (!iso) {
		FZ_CHECK(a->n_sessions == b->n_sessions);
		FZ_CHECK(a->n_tracks == b->n_tracks);
	}
	for (i = 0; i < a->n_tracks; i++) {
		const struct vb_track *t = a->tracks[i];
		const struct vb_track *u =
			b->tracks[VB_MIN(i, b->n_tracks - 1)];
		const int64_t end = (int64_t)t->start + t->length;
		const bool held = fz_pregap_held(f, a, i);
		const int64_t moved = iso ? 0 : fz_moved(f, a, b, i);
		const int64_t pre = (int64_t)t->start - t->pregap;

		if (getenv("VBURN_FUZZ_LOG") ||
		    (!iso &&
		     (t->number != u->number || t->session != u->session ||
		      t->start != u->start || t->length + moved != u->length ||
		      (held ? t->pregap != u->pregap : t->pregap < u->pregap))))
			fprintf(stderr,
				"%s round trip, track %u: %s start %d pregap "
				"%u length %u -> %s start %d pregap %u length "
				"%u\n",
				fmt, t->number, vb_track_mode_name(t->mode),
				t->start, t->pregap, t->length,
				vb_track_mode_name(u->mode), u->start,
				u->pregap, u->length);
		if (iso) {
			fz_same_sector(a, b, t, t->start, VB_READ_USER);
			fz_same_sector(a, b, t, end - 1, VB_READ_USER);
			continue;
		}
		FZ_CHECK(t->number == u->number && t->session == u->session);
		FZ_CHECK(t->start == u->start);
		FZ_CHECK(t->length + moved == u->length);
		FZ_CHECK(held ? t->pregap == u->pregap :
				t->pregap >= u->pregap);
		FZ_CHECK(vb_mode_is_data(t->mode) == vb_mode_is_data(u->mode));
		/* a session's first pregap that MDS generates again: zeros */
		if (f == N_FMT || pre < INT32_MIN ||
		    keeps(f, a, (int32_t)pre) != KEEP_NONE)
			fz_same_sector(a, b, t, pre, VB_READ_RAW);
		fz_same_sector(a, b, t, t->start, VB_READ_RAW);
		fz_same_sector(a, b, t, end - 1, VB_READ_RAW);
	}
}

/* Writes d as fmt if the format takes it, reads it back, compares. */
static const struct vb_img_wopts fz_plain, fz_append = { .append = true };

static void fz_round_trip(const struct vb_disc *d, const struct img_ops *ops)
{
	struct vb_diag diag = { .msg = "" };
	struct vb_disc *back = NULL;
	char path[400];
	int ret;

	if (!ops->write || (ops->can_write && ops->can_write(d, &diag)))
		return;
	snprintf(path, sizeof(path), "%s/a%s", fz_out, ops->exts[0]);
	ret = ops->write(d, path, &fz_plain, &diag);
	if (getenv("VBURN_FUZZ_LOG"))
		fprintf(stderr, "write %s: %s\n", ops->name,
			ret ? diag.msg : "ok");
	if (!ret) {
		ret = vb_img_open(path, ops->name, &back, NULL, &diag);
		if (ret)
			fprintf(stderr, "%s round trip, reopen: %s\n",
				ops->name, diag.msg);
		FZ_CHECK(!ret);
		fz_compare(d, back, ops->name);
		vb_disc_unref(back);
		/* a disc appended onto its own image: nothing differs */
		FZ_CHECK(ops->write(d, path, &fz_append, &diag) != -ESTALE);
	}
	fz_clear_dir(fz_out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct img_ops *ops;
	struct vb_disc *d;
	unsigned i;
	int fd = fz_lowest_fd();

	d = fz_open_disc("cue", "a.cue", data, size);
	if (!d)
		d = fz_open_disc("toc", "a.toc", data, size);
	if (d && fz_small(d))
		for (i = 0; (ops = vb_img_format_at(i)); i++)
			fz_round_trip(d, ops);
	vb_disc_unref(d);
	FZ_CHECK(fz_lowest_fd() == fd);
	return 0;
}
