/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A CHD as a disc (docs/chd.md "CD layout"): the decoded stream becomes a
 * byte source, and the disc is our own manifest kept in the CHD (tag VBDM,
 * which holds everything the disc model has), else the CD track metadata
 * chdman writes (CHT2, or the older CHTR), else a DVD/flat image read as a
 * flat ISO is. The registry entry is here; the writer is chd_write.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/img.h"
#include "chd.h"
#include "cue.h"
#include "vbd.h"

static const char *const chd_exts[] = { ".chd", NULL };

/* ---- the stream as a byte source ---- */

static int chd_src_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	return chd_file_read(ctx, buf, len, off);
}

static void chd_src_fini(void *ctx)
{
	chd_file_close(ctx);
}

static const struct vb_src_ops chd_src_ops = {
	.read = chd_src_read,
	.fini = chd_src_fini,
};

/* ---- CD track metadata (docs/chd.md "Track metadata") ---- */

struct chd_trk {
	int num, frames, pregap, postgap;
	char type[24], sub[24], pgtype[24], pgsub[24];
};

/* One CHT2 or CHTR entry; the fields must all be there, as MAME asks. */
static int chd_trk_parse(const char *s, bool v2, struct chd_trk *t)
{
	int n;

	memset(t, 0, sizeof(*t));
	if (v2)
		n = sscanf(s,
			   "TRACK:%d TYPE:%23s SUBTYPE:%23s FRAMES:%d "
			   "PREGAP:%d PGTYPE:%23s PGSUB:%23s POSTGAP:%d",
			   &t->num, t->type, t->sub, &t->frames, &t->pregap,
			   t->pgtype, t->pgsub, &t->postgap);
	else
		n = sscanf(s, "TRACK:%d TYPE:%23s SUBTYPE:%23s FRAMES:%d",
			   &t->num, t->type, t->sub, &t->frames);
	if (n != (v2 ? 8 : 4) || t->frames < 0 || t->pregap < 0 ||
	    t->postgap < 0 || t->frames > VB_CD_LBA_MAX ||
	    t->pregap > VB_CD_LBA_MAX || t->postgap > VB_CD_LBA_MAX)
		return -EINVAL;
	return 0;
}

/* CHD track types (enum chd_cd_type order) and the CUE type each is. */
static const struct {
	const char *name;
	const char *cue;
} chd_types[CHD_CD_TYPES] = {
	[CHD_MODE1] = { "MODE1", "MODE1/2048" },
	[CHD_MODE1_RAW] = { "MODE1_RAW", "MODE1/2352" },
	[CHD_MODE2] = { "MODE2", "MODE2/2336" },
	[CHD_MODE2_FORM1] = { "MODE2_FORM1", "MODE2/2048" },
	[CHD_MODE2_FORM2] = { "MODE2_FORM2", "MODE2/2324" },
	[CHD_MODE2_FORM_MIX] = { "MODE2_FORM_MIX", "MODE2/2336" },
	[CHD_MODE2_RAW] = { "MODE2_RAW", "MODE2/2352" },
	[CHD_AUDIO] = { "AUDIO", "AUDIO" },
};

const char *chd_cd_type_name(enum chd_cd_type t)
{
	return chd_types[t].name;
}

/* A CHD track type, or one of the CUE spellings MAME also takes. */
static const struct cue_type *chd_type(const char *name)
{
	unsigned i;

	for (i = 0; i < CHD_CD_TYPES; i++)
		if (!strcmp(name, chd_types[i].name))
			return cue_type_find(chd_types[i].cue);
	return cue_type_find(name);
}

/* The CHT2/CHTR entries in order; *n tracks. */
static int chd_tracks(struct chd_file *c, struct chd_trk *trk, unsigned *n,
		      struct vb_diag *diag)
{
	const bool v2 = chd_meta_count(c, CHD_TAG_CHT2) > 0;
	unsigned i;

	for (i = 0; i < 99; i++) {
		char *s = chd_meta_get(c, v2 ? CHD_TAG_CHT2 : CHD_TAG_CHTR, i,
				       NULL);
		int ret;

		if (!s)
			break;
		ret = chd_trk_parse(s, v2, &trk[i]);
		free(s);
		if (ret || trk[i].num != (int)i + 1) {
			vb_diag_set(diag, c->path,
				    "track metadata %u is malformed", i + 1);
			return -EINVAL;
		}
	}
	*n = i;
	return 0;
}

static int chd_sub(const char *name, enum vb_sub_fmt *sub)
{
	if (!strcmp(name, "NONE"))
		*sub = VB_SUB_NONE;
	else if (!strcmp(name, "RW"))
		*sub = VB_SUB_RW;
	else if (!strcmp(name, "RW_RAW"))
		*sub = VB_SUB_RAW;
	else
		return -EINVAL;
	return 0;
}

/* n stored frames of a track from frame on, as one extent */
static int chd_stored(struct vb_track *t, struct vb_src *stream,
		      const struct cue_type *ty, enum vb_sub_fmt sub,
		      uint64_t frame, uint32_t n)
{
	struct vb_extent e = {
		.sectors = n,
		.data = ty->data,
		.src = stream,
		.offset = frame * CHD_CD_FRAME,
		.stride = CHD_CD_FRAME,
		.data_size = ty->size,
		/* audio is kept big-endian in a CHD (docs/chd.md) */
		.swap = ty->mode == VB_MODE_AUDIO,
		.sub = sub,
	};

	return n ? vb_track_add_extent(t, &e) : 0;
}

/*
 * One track of the CHT2 layout. MAME lays tracks end to end: a stored
 * pregap (PGTYPE 'V...') is the first PREGAP of FRAMES, an unstored one
 * and the POSTGAP are not in the stream; track 1's INDEX 01 is our LBA 0,
 * and a track 1 without a pregap gets the usual unstored 150 sectors, as
 * a CUE sheet's does (formats/cue.c).
 */
static int chd_cd_track(struct vb_disc *d, struct vb_src *stream,
			const struct chd_trk *k, uint64_t frame, int32_t *end,
			const char *path, struct vb_diag *diag)
{
	const struct cue_type *ty = chd_type(k->type);
	const bool pg_stored = k->pgtype[0] == 'V';
	const uint32_t spg = pg_stored ? (uint32_t)k->pregap : 0;
	enum vb_sub_fmt sub;
	struct vb_track *t;
	int ret;

	if (!ty || chd_sub(k->sub, &sub)) {
		vb_diag_set(diag, path, "track %d: unknown type %s %s", k->num,
			    k->type, k->sub);
		return -EINVAL;
	}
	if (spg > (uint32_t)k->frames ||
	    (uint32_t)k->frames - spg + (uint32_t)k->postgap == 0) {
		vb_diag_set(diag, path, "track %d: bad frame counts", k->num);
		return -EINVAL;
	}
	t = vb_disc_add_track(d);
	if (!t)
		return -ENOMEM;
	t->mode = ty->mode;
	t->ctl = vb_mode_is_data(ty->mode) ? VB_CTL_DATA : 0;
	t->pregap = k->pregap || k->num > 1 ? (uint32_t)k->pregap : 150;
	t->start = k->num == 1 ? 0 : *end + (int32_t)t->pregap;
	t->length = (uint32_t)k->frames - spg + (uint32_t)k->postgap;
	t->postgap = (uint32_t)k->postgap;
	*end = t->start + (int32_t)t->length;
	if (pg_stored)
		ret = chd_stored(t, stream, ty, sub, frame, spg);
	else
		ret = vb_track_add_zero(t, t->pregap);
	if (!ret)
		ret = chd_stored(t, stream, ty, sub, frame + spg,
				 (uint32_t)k->frames - spg);
	if (!ret && k->postgap)
		ret = vb_track_add_zero(t, (uint32_t)k->postgap);
	return ret;
}

static int chd_cd_disc(struct chd_file *c, struct vb_src *stream,
		       struct vb_disc **out, struct vb_diag *diag)
{
	struct chd_trk trk[99];
	struct vb_disc *d;
	uint64_t frame = 0;
	int32_t end = 0;
	unsigned i, n;
	int ret;

	if (c->unitbytes != CHD_CD_FRAME) {
		vb_diag_set(diag, c->path,
			    "CD metadata with %u-byte units (not %u)",
			    c->unitbytes, CHD_CD_FRAME);
		return -EINVAL;
	}
	ret = chd_tracks(c, trk, &n, diag);
	if (ret)
		return ret;
	d = vb_disc_new(VB_DISC_CD);
	if (!d || !vb_disc_add_session(d)) {
		vb_disc_unref(d);
		return -ENOMEM;
	}
	for (i = 0; i < n && !ret; i++) {
		ret = chd_cd_track(d, stream, &trk[i], frame, &end, c->path,
				   diag);
		frame += ((uint64_t)trk[i].frames + CHD_CD_PAD - 1) /
			 CHD_CD_PAD * CHD_CD_PAD;
	}
	if (!ret)
		ret = vb_disc_finish(d, c->path, diag);
	if (ret) {
		vb_disc_unref(d);
		return ret;
	}
	*out = d;
	return 0;
}

/* Our manifest: the whole disc, extents reading the stream. */
static int chd_vbd_disc(struct chd_file *c, struct vb_src *stream,
			struct vb_disc **out, struct vb_diag *diag)
{
	struct vb_src *text;
	uint32_t len = 0;
	char *s = chd_meta_get(c, CHD_TAG_VBDM, 0, &len);
	int ret;

	if (!s)
		return -ENOMEM;
	/* the payload ends in its NUL, as chdman's text metadata does */
	ret = vb_src_new_mem(&text, s, len && !s[len - 1] ? len - 1 : len,
			     c->path);
	free(s);
	if (ret)
		return ret;
	ret = vbd_parse_bound(text, c->path, stream, out, diag);
	vb_src_unref(text);
	return ret;
}

/* What kind of CHD c is, as a disc; 0 or a one-line refusal. */
static int chd_disc_of(struct chd_file *c, struct vb_src *stream,
		       struct vb_disc **out, struct vb_diag *diag)
{
	if (chd_meta_count(c, CHD_TAG_VBDM))
		return chd_vbd_disc(c, stream, out, diag);
	if (chd_meta_count(c, CHD_TAG_CHT2) || chd_meta_count(c, CHD_TAG_CHTR))
		return chd_cd_disc(c, stream, out, diag);
	if (chd_meta_count(c, CHD_TAG_CHGD) ||
	    chd_meta_count(c, CHD_TAG_CHGT)) {
		vb_diag_set(diag, c->path, "a GD-ROM CHD, not a CD or DVD");
		return -EMEDIUMTYPE;
	}
	if (chd_meta_count(c, CHD_TAG_CHCD)) {
		vb_diag_set(diag, c->path,
			    "old CHCD track metadata (chdman copy updates it)");
		return -ENOTSUP;
	}
	if (c->unitbytes != 2048) {
		vb_diag_set(diag, c->path,
			    "%u-byte units and no disc metadata: a hard disk "
			    "or other image, not a disc",
			    c->unitbytes);
		return -EMEDIUMTYPE;
	}
	/* a DVD (chdman createraw/createdvd): sectors as a flat ISO holds */
	return iso_ops.open(stream, c->path, out, diag);
}

static int chd_probe(const struct vb_src *src, const char *path)
{
	uint8_t tag[8];

	(void)path;
	return !vb_src_read(src, tag, sizeof(tag), 0) &&
	       !memcmp(tag, CHD_TAG, sizeof(tag));
}

static int chd_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	struct chd_file *c;
	struct vb_src *stream;
	int ret;

	ret = chd_file_open(path, src, NULL, &c, diag);
	if (ret)
		return ret;
	ret = vb_src_new_ops(&stream, c->logical, path, &chd_src_ops, c);
	if (ret) {
		chd_file_close(c);
		return ret;
	}
	ret = chd_disc_of(c, stream, out, diag);
	vb_src_unref(stream);
	return ret;
}

const struct img_ops chd_ops = {
	.name = "chd",
	.exts = chd_exts,
	.probe = chd_probe,
	.open = chd_open,
	.write = chd_write,
};
