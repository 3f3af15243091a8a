/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Flat images (docs/formats.md 5): reader and writer. A flat image holds user
 * data at offset LBA * 2048 and nothing else (the reader also takes raw
 * 2352/2336-byte sectors without a cue sheet, see iso_layouts). Sessions of a
 * multi-session image are found by following the ISO 9660 volume
 * descriptor sets (PVD at session start + 16): from a session's end
 * (volume space size, absolute as growisofs/mkisofs -C write it, or
 * relative to the session as xorriso's emulated TOC writes it) the next
 * session start is looked for at the CD gaps (+11400 after session 1,
 * +6900 later, docs/formats.md 5.3) and at 16/32-block alignment (xorriso
 * stdio emulation). A leading 32-block superblock copy (xorriso emulated
 * TOC) becomes the stored pregap of track 1. Without volume descriptors
 * the file is one Mode 1 track. The writer puts every session at its
 * absolute LBA and zero-fills the gaps, which `xorriso -load sbsector N`
 * and the Linux isofs `sbsector=` option read (docs/formats.md 5.2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"

#define LOG_TAG_ISO "iso"
#define ISO_BLOCK 2048u
#define ISO_MAX_SESSIONS 99
#define ISO_CD_MAX_SECTORS 405000u   /* 90 min: larger images are DVD/BD */
#define ISO_DVD_MAX_SECTORS 4173824u /* DVD-9 (libmirage guess) */

static const char *const iso_exts[] = { ".iso", NULL };

/* "CD001" (ISO 9660), "BEA01"/"NSR0x" (UDF) at descriptor byte 1 */
static bool iso_vd_magic(const uint8_t *b)
{
	return !memcmp(b + 1, "CD001", 5) || !memcmp(b + 1, "BEA01", 5) ||
	       !memcmp(b + 1, "NSR02", 5) || !memcmp(b + 1, "NSR03", 5);
}

/*
 * Sector layouts a flat image may have: plain 2048-byte blocks, and, as
 * libmirage's ISO parser accepts them (docs/formats.md 5.1), raw 2352-byte
 * Mode 1 or Mode 2 sectors and 2336-byte XA sectors without a cue sheet
 * (a bare .bin). The layout is the one with a volume descriptor at 16.
 */
struct iso_layout {
	uint16_t stride; /* bytes per sector in the file */
	uint8_t off;	 /* user data offset inside a sector */
	enum vb_track_mode mode;
	enum vb_data_fmt data;
};

static const struct iso_layout iso_layouts[] = {
	{ 2048, 0, VB_MODE_MODE1, VB_DATA_USER },
	{ 2352, 16, VB_MODE_MODE1, VB_DATA_RAW },
	{ 2352, 24, VB_MODE_MODE2_MIXED, VB_DATA_RAW },
	{ 2336, 8, VB_MODE_MODE2_MIXED, VB_DATA_USER },
};

static const struct iso_layout *iso_layout(const struct vb_src *src)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < VB_ARRAY_SIZE(iso_layouts); i++) {
		const struct iso_layout *l = &iso_layouts[i];

		if (!vb_src_read(src, b, sizeof(b), 16u * l->stride + l->off) &&
		    iso_vd_magic(b))
			return l;
	}
	return NULL;
}

static int iso_probe(const struct vb_src *src, const char *path)
{
	(void)path;
	return iso_layout(src) != NULL;
}

/*
 * Volume space size of the primary volume descriptor of the set starting
 * at block start + 16 (ECMA-119 8.4: type 1 at byte 0, "CD001", version 1,
 * both-endian u32 at byte 80). 0 if there is none.
 */
static uint32_t iso_pvd_size(const struct vb_src *src,
			     const struct iso_layout *l, uint64_t start)
{
	uint8_t b[88];
	unsigned i;

	for (i = 16; i < 32; i++) {
		uint64_t off = (start + i) * l->stride + l->off;

		if (vb_src_read(src, b, sizeof(b), off) ||
		    memcmp(b + 1, "CD001", 5))
			return 0;
		if (b[0] == 255)
			return 0;
		if (b[0] == 1 && b[6] == 1)
			return get_le32(b + 80);
	}
	return 0;
}

struct iso_sess {
	uint32_t start;
	uint32_t end; /* exclusive */
};

static uint32_t round_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) / a * a;
}

/* Finds the session after s (end unknown yet) or returns 0. */
static uint32_t iso_next_session(const struct vb_src *src,
				 const struct iso_layout *l, uint32_t nblocks,
				 struct iso_sess *s, uint32_t vss, bool first)
{
	const uint32_t ends[2] = { vss, s->start + vss };
	unsigned e, c;

	for (e = 0; e < 2; e++) {
		const uint32_t end = ends[e];
		uint32_t cand[7] = {
			end,
			round_up(end, 16),
			round_up(end, 32),
			end + (first ? 11400 : 6900),
			end + 2 + (first ? 11400 : 6900),
			end + 11400,
			end + 6900,
		};

		if (end <= s->start || end > nblocks)
			continue;
		for (c = 0; c < VB_ARRAY_SIZE(cand); c++) {
			if (cand[c] <= s->start || cand[c] + 17 > nblocks)
				continue;
			if (iso_pvd_size(src, l, cand[c])) {
				s->end = end;
				return cand[c];
			}
		}
	}
	return 0;
}

static unsigned iso_find_sessions(const struct vb_src *src,
				  const struct iso_layout *l, uint32_t nblocks,
				  struct iso_sess *ss)
{
	unsigned n = 0;
	uint32_t start = 0, next, vss;

	/* xorriso emulated TOC: superblock copy at 0, first session at 32 */
	if (iso_pvd_size(src, l, 0) && iso_pvd_size(src, l, 32))
		start = 32;
	while (n < ISO_MAX_SESSIONS) {
		ss[n].start = start;
		ss[n].end = nblocks;
		vss = iso_pvd_size(src, l, start);
		next = vss ? iso_next_session(src, l, nblocks, &ss[n], vss,
					      n == 0) :
			     0;
		n++;
		if (!next)
			break;
		start = next;
	}
	return n;
}

static int iso_add_track(struct vb_disc *d, struct vb_src *src,
			 const struct iso_layout *l, const struct iso_sess *s,
			 uint32_t prev_end, bool first)
{
	struct vb_extent e = {
		.data = l->data,
		.src = src,
		.stride = l->stride,
		.data_size = l->stride,
	};
	struct vb_track *t;
	int ret;

	if (!vb_disc_add_session(d) || !(t = vb_disc_add_track(d)))
		return -ENOMEM;
	t->mode = l->mode;
	t->ctl = VB_CTL_DATA;
	t->start = (int32_t)s->start;
	t->length = s->end - s->start;
	if (d->kind == VB_DISC_CD && first && s->start == 0) {
		/* the 2-second pregap before LBA 0 is never in a flat file */
		t->pregap = 150;
		ret = vb_track_add_zero(t, 150);
		if (ret)
			return ret;
	} else if (first) {
		t->pregap = s->start; /* emulated-TOC superblock copy */
	} else if (d->kind == VB_DISC_CD && s->start - prev_end >= 150) {
		t->pregap = 150; /* zeros stored in the inter-session gap */
	}
	e.sectors = t->pregap + t->length;
	e.offset = (uint64_t)(t->start - (int32_t)t->pregap) * l->stride;
	if (t->extents) {
		e.sectors = t->length;
		e.offset = (uint64_t)t->start * l->stride;
	}
	return vb_track_add_extent(t, &e);
}

static int iso_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	const struct iso_layout *l = iso_layout(src);
	struct iso_sess *ss;
	struct vb_disc *d;
	uint64_t size = vb_src_size(src);
	uint32_t nblocks, prev_end = 0;
	unsigned n, i;
	int ret;

	if (!l)
		l = &iso_layouts[0]; /* no descriptors: plain blocks */
	if (size < l->stride || size / l->stride > INT32_MAX) {
		vb_diag_set(diag, path, "%s",
			    size < l->stride ?
				    "smaller than one 2048-byte block" :
				    "too large for a disc");
		return -EINVAL;
	}
	nblocks = (uint32_t)(size / l->stride);
	if (size % l->stride)
		vb_log(VB_LOG_WARN, LOG_TAG_ISO,
		       "%s: %llu trailing bytes "
		       "after the last %u-byte sector ignored",
		       path, (unsigned long long)(size % l->stride), l->stride);
	ss = calloc(ISO_MAX_SESSIONS, sizeof(*ss));
	d = vb_disc_new(nblocks <= ISO_CD_MAX_SECTORS  ? VB_DISC_CD :
			nblocks <= ISO_DVD_MAX_SECTORS ? VB_DISC_DVD :
							 VB_DISC_BD);
	if (!ss || !d) {
		ret = -ENOMEM;
		goto err;
	}
	n = iso_find_sessions(src, l, nblocks, ss);
	for (i = 0; i < n; i++) {
		ret = iso_add_track(d, src, l, &ss[i], prev_end, i == 0);
		if (ret)
			goto err;
		prev_end = ss[i].end;
	}
	ret = vb_disc_finish(d, path, diag);
	if (ret)
		goto err;
	free(ss);
	*out = d;
	return 0;
err:
	free(ss);
	vb_disc_unref(d);
	return ret;
}

static int iso_can_write(const struct vb_disc *d, struct vb_diag *diag)
{
	unsigned i;

	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->mode == VB_MODE_MODE1 ||
		    t->mode == VB_MODE_MODE2_FORM1 ||
		    t->mode == VB_MODE_MODE2_MIXED)
			continue;
		vb_diag_set(diag, NULL,
			    "an ISO image holds only 2048-byte "
			    "data sectors; track %u is %s",
			    t->number, vb_track_mode_name(t->mode));
		return -EMEDIUMTYPE;
	}
	if (d->n_tracks && d->tracks[0]->start < 0) {
		vb_diag_set(diag, NULL, "track 1 starts before LBA 0");
		return -EMEDIUMTYPE;
	}
	return 0;
}

static int iso_zero_fill(struct img_out *o, uint64_t upto)
{
	static const uint8_t zero[64 * ISO_BLOCK];
	int ret = 0;

	while (!ret && o->pos < upto) {
		uint64_t n = upto - o->pos;

		ret = img_out_write(
			o, zero, n < sizeof(zero) ? (size_t)n : sizeof(zero));
	}
	return ret;
}

/* Every track at offset start * 2048; pregaps and gaps are zeros. */
static int iso_write(const struct vb_disc *d, const char *path,
		     const struct vb_img_wopts *opts, struct vb_diag *diag)
{
	struct img_out o;
	uint64_t total = 0, done = 0;
	unsigned i;
	int ret;

	for (i = 0; i < d->n_tracks; i++)
		total += d->tracks[i]->length;
	ret = img_out_open(&o, path);
	if (ret) {
		vb_diag_set(diag, path, "cannot create: %s", strerror(-ret));
		return ret;
	}
	for (i = 0; i < d->n_tracks && !ret; i++) {
		const struct vb_track *t = d->tracks[i];
		/* pregap sectors at LBA >= 0 (e.g. an emulated-TOC copy) */
		int64_t from = VB_MAX((int64_t)t->start - t->pregap,
				      (int64_t)o.pos / ISO_BLOCK);

		ret = iso_zero_fill(&o, (uint64_t)from * ISO_BLOCK);
		if (!ret && from < t->start)
			ret = img_copy_sectors(d, (int32_t)from,
					       (uint32_t)(t->start - from),
					       VB_READ_USER, &o, NULL, 0, 0);
		if (ret == -EMEDIUMTYPE) /* audio/Form 2 pregap: zeros */
			ret = iso_zero_fill(&o, (uint64_t)t->start * ISO_BLOCK);
		if (!ret)
			ret = img_copy_sectors(d, t->start, t->length,
					       VB_READ_USER, &o, opts->prog,
					       done, total);
		done += t->length;
	}
	if (ret) {
		img_out_abort(&o);
		vb_diag_set(diag, path, "writing failed: %s%s", strerror(-ret),
			    ret == -EMEDIUMTYPE ? " (a Form 2 sector cannot "
						  "be stored in an ISO image)" :
						  "");
		return ret;
	}
	ret = img_out_commit(&o);
	if (ret)
		vb_diag_set(diag, path, "cannot finish: %s", strerror(-ret));
	return ret;
}

const struct img_ops iso_ops = {
	.name = "iso",
	.exts = iso_exts,
	.probe = iso_probe,
	.open = iso_open,
	.can_write = iso_can_write,
	.write = iso_write,
};
