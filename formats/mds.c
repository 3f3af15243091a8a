/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alcohol 120% MDS/MDF reader, MDS version 1.x (docs/formats.md 3), CD and
 * DVD. The .mds is a little-endian binary descriptor: header, one block
 * per session, per session one 80-byte block per lead-in TOC point
 * (A0/A1/A2, the tracks, B0/C0), and per CD track an extra block with
 * the pregap (not stored, generated here as libmirage does) and the
 * length; a filename block names the data file(s), usually "*.mdf" =
 * the .mds name with .mdf. Track sectors are 2048 (DVD, cooked CD), 2336,
 * 2352 or 2448 (2352 + 96 interleaved P-W) bytes. Tracks are placed at
 * their start sector (INDEX 01, as Aaru does; libmirage lays them out
 * back to back, which gives the same result for consistent files).
 * DVD split files (.mdf, .md0, ...) are read one after the other. BCA,
 * DVD structures and DPM data are not used. The writer is mds_write.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/textbuf.h"
#include "vburn/log.h"
#include "mds.h"

#define LOG_TAG_MDS "mds"
#define MDS_MAX_SIZE (16u << 20) /* descriptor incl. DPM data */
#define MDS_MAX_FILES 64	 /* distinct data files */
#define MDS_MAX_NAME 1024

static const char *const mds_exts[] = { ".mds", NULL };

struct mds_file {
	char *name; /* resolved path */
	struct vb_src *src;
};

struct mds_parse {
	const char *path;
	struct vb_diag *diag;
	const uint8_t *b; /* the whole .mds */
	size_t size;
	bool dvd;
	unsigned n_sessions;
	struct vb_disc *d;
	struct mds_file files[MDS_MAX_FILES];
	unsigned n_files;
};

static int __attribute__((format(printf, 2, 3)))
mds_err(struct mds_parse *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vb_diag_set(p->diag, p->path, "%s", msg);
	return -EINVAL;
}

static bool mds_is_desc(const struct vb_src *src)
{
	uint8_t b[16];

	if (vb_src_size(src) < sizeof(b) || vb_src_read(src, b, sizeof(b), 0))
		return false;
	return !memcmp(b, MDS_SIGNATURE, sizeof(b));
}

/* path ends in .mdf (any case)? */
static bool mds_is_data_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strchr(dot, '/') && !strcasecmp(dot, ".mdf");
}

/*
 * An .mds, or the .mdf of one that lies next to it (so that
 * "vburn-img info x.mdf" works); no allocation (img.h).
 */
static int mds_probe(const struct vb_src *src, const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (mds_is_desc(src))
		return 1;
	if (!mds_is_data_name(path) || n >= sizeof(buf))
		return 0;
	memcpy(buf, path, n + 1);
	memcpy(buf + n - 3, "mds", 3);
	if (!access(buf, R_OK))
		return 1;
	memcpy(buf + n - 3, "MDS", 3);
	return !access(buf, R_OK);
}

/* true if [off, off + len) lies inside the descriptor (overflow-safe) */
static bool mds_has(const struct mds_parse *p, uint64_t off, uint64_t len)
{
	return off <= p->size && len <= p->size - off;
}

/*
 * The name in a filename block (docs/formats.md 3.6): 8-bit or UTF-16LE
 * (converted to UTF-8), NUL-terminated inside the descriptor. "*.ext"
 * means the .mds name with that extension (libmirage).
 */
static int mds_name(struct mds_parse *p, uint64_t footer, char *out)
{
	const uint8_t *f = p->b + footer;
	uint32_t off = get_le32(f), k;
	const bool wide = get_le32(f + 4) != 0;
	size_t n = 0;

	for (k = off; n < MDS_MAX_NAME - 4; k += wide ? 2 : 1) {
		unsigned c;

		if (!mds_has(p, k, wide ? 2 : 1))
			return mds_err(p, "data file name runs past the end");
		c = wide ? get_le16(p->b + k) : p->b[k];
		if (!c)
			break;
		fmt_utf8_put(out, MDS_MAX_NAME, &n, c);
	}
	out[n] = 0;
	if (!n || n >= MDS_MAX_NAME - 4)
		return mds_err(p, "bad data file name");
	return 0;
}

/* Opens (once) the data file named by filename block footer. */
static int mds_data_file(struct mds_parse *p, uint64_t footer,
			 struct vb_src **src)
{
	char name[MDS_MAX_NAME], *full = NULL, *star = NULL;
	const char *slash = strrchr(p->path, '/');
	const char *base = slash ? slash + 1 : p->path;
	const char *dot = strrchr(base, '.');
	unsigned i;
	int ret;

	if (!mds_has(p, footer, MDS_FOOTER))
		return mds_err(p, "filename block outside the descriptor");
	ret = mds_name(p, footer, name);
	if (ret)
		return ret;
	if (name[0] == '*' && name[1] == '.' &&
	    asprintf(&star, "%.*s%s",
		     (int)(dot ? (size_t)(dot - base) : strlen(base)), base,
		     name + 1) < 0)
		return -ENOMEM;
	ret = img_resolve(p->path, star ? star : name, &full);
	if (ret)
		vb_diag_set(p->diag, p->path, "cannot find its data file %s",
			    star ? star : name);
	free(star);
	if (ret)
		return ret;
	for (i = 0; i < p->n_files; i++)
		if (!strcmp(p->files[i].name, full)) {
			free(full);
			*src = p->files[i].src;
			return 0;
		}
	if (p->n_files == MDS_MAX_FILES) {
		free(full);
		return mds_err(p, "too many data files");
	}
	ret = vb_src_open(src, full);
	if (ret) {
		vb_diag_set(p->diag, p->path, "cannot open %s: %s", full,
			    strerror(-ret));
		free(full);
		return ret;
	}
	p->files[p->n_files].name = full;
	p->files[p->n_files++].src = *src;
	return 0;
}

/* Track mode byte -> model mode, by the low nibble (libmirage). */
static int mds_mode(const struct mds_parse *p, uint8_t code, unsigned size,
		    enum vb_track_mode *mode)
{
	if (p->dvd) {
		*mode = VB_MODE_MODE1;
		return size == 2048 ? 0 : -EINVAL;
	}
	switch (code & 0x07) {
	case 1:
		*mode = VB_MODE_AUDIO;
		return size == 2352 ? 0 : -EINVAL;
	case 2:
		*mode = VB_MODE_MODE1;
		return size == 2352 || size == 2048 ? 0 : -EINVAL;
	case 4:
		*mode = (code & 0xf0) == 0xa0 && size != 2048 ?
				VB_MODE_MODE2_MIXED :
				VB_MODE_MODE2_FORM1;
		break;
	case 5:
		*mode = (code & 0xf0) == 0xa0 ? VB_MODE_MODE2_MIXED :
						VB_MODE_MODE2_FORM2;
		break;
	case 6:
		return -EINVAL;
	default:
		*mode = VB_MODE_MODE2;
		break;
	}
	if (size == 2048)
		return *mode == VB_MODE_MODE2_FORM1 ? 0 : -EINVAL;
	if (size == 2324)
		return *mode == VB_MODE_MODE2_FORM2 ? 0 : -EINVAL;
	return size == 2336 || size == 2352 ? 0 : -EINVAL;
}

/* Adds the stored sectors of track t from its file(s), n sectors. */
static int mds_extents(struct mds_parse *p, struct vb_track *t,
		       const uint8_t *tb, unsigned main, bool sub, uint32_t n)
{
	const uint32_t files = get_le32(tb + MDS_T_FILES);
	const uint32_t footer = get_le32(tb + MDS_T_FOOTER);
	struct vb_extent x = {
		.data = main == 2352 ? VB_DATA_RAW : VB_DATA_USER,
		.stride = main + (sub ? 96u : 0u),
		.data_size = (uint16_t)main,
		.sub = sub ? VB_SUB_RAW : VB_SUB_NONE,
		.offset = get_le64(tb + MDS_T_OFFSET),
	};
	uint32_t j;
	int ret = 0;

	if (!files || files > MDS_MAX_FILES || (files > 1 && !p->dvd))
		return mds_err(p, "track %u: %u data files", t->number, files);
	for (j = 0; j < files && n && !ret; j++) {
		uint64_t have;

		ret = mds_data_file(p, footer + (uint64_t)j * MDS_FOOTER,
				    &x.src);
		if (ret)
			break;
		/* split DVD images: each file holds what fits in it */
		have = vb_src_size(x.src) > x.offset ?
			       (vb_src_size(x.src) - x.offset) / x.stride :
			       0;
		x.sectors = j + 1 < files ? (uint32_t)VB_MIN(have, n) : n;
		if (x.sectors)
			ret = vb_track_add_extent(t, &x);
		n -= x.sectors;
		x.offset = 0;
	}
	return ret;
}

/* One track block with point 1..99. */
static int mds_track(struct mds_parse *p, const uint8_t *tb, int64_t *end)
{
	const unsigned size = get_le16(tb + MDS_T_SIZE);
	const bool sub = tb[MDS_T_SUBCH] == MDS_SUBCH_PW;
	const unsigned main = size - (sub ? 96u : 0u);
	struct vb_track *t = vb_disc_add_track(p->d);
	uint32_t pregap = 0, length;
	int ret;

	if (!t)
		return -ENOMEM;
	t->number = tb[MDS_T_POINT];
	t->ctl = tb[MDS_T_ADR_CTL] & 0x0f;
	if (tb[MDS_T_SUBCH] && !sub)
		return mds_err(p, "track %u: unknown subchannel mode 0x%02x",
			       t->number, tb[MDS_T_SUBCH]);
	if ((sub && size < 96) || mds_mode(p, tb[MDS_T_MODE], main, &t->mode))
		return mds_err(p, "track %u: mode 0x%02x with %u-byte sectors",
			       t->number, tb[MDS_T_MODE], size);
	if (p->dvd) {
		length = get_le32(tb + MDS_T_EXTRA);
	} else {
		const uint32_t x = get_le32(tb + MDS_T_EXTRA);

		if (!x || !mds_has(p, x, MDS_EXTRA))
			return mds_err(p,
				       "track %u: extra block outside the "
				       "descriptor",
				       t->number);
		pregap = get_le32(p->b + x);
		length = get_le32(p->b + x + 4);
	}
	t->start = (int32_t)get_le32(tb + MDS_T_START);
	if (get_le32(tb + MDS_T_START) > INT32_MAX / 2 || !length ||
	    length > INT32_MAX / 2 || pregap > 450000)
		return mds_err(p, "track %u: absurd start or length",
			       t->number);
	/* a pregap reaching into the previous track is cut (libmirage
	 * lays tracks out back to back, so it never overlaps) */
	if ((int64_t)t->start - pregap < *end)
		pregap = (uint32_t)VB_MAX((int64_t)t->start - *end, 0);
	t->pregap = pregap;
	t->length = length;
	*end = (int64_t)t->start + length;
	ret = vb_track_add_zero(t, pregap);
	if (!ret)
		ret = mds_extents(p, t, tb, main, sub, length);
	return ret;
}

static int mds_session(struct mds_parse *p, const uint8_t *sb, unsigned i,
		       int64_t *end)
{
	const unsigned all = sb[MDS_S_ALL];
	const uint32_t off = get_le32(sb + MDS_S_TRACKS);
	struct vb_session *s;
	unsigned k, tracks = 0;
	int ret = 0;

	if (!mds_has(p, off, (uint64_t)all * MDS_TRACK))
		return mds_err(p,
			       "session %u: %u track blocks outside the "
			       "descriptor",
			       i + 1, all);
	s = vb_disc_add_session(p->d);
	if (!s)
		return -ENOMEM;
	s->leadout = (int32_t)get_le32(sb + MDS_S_END);
	for (k = 0; k < all && !ret; k++) {
		const uint8_t *tb = p->b + off + k * MDS_TRACK;
		const uint8_t point = tb[MDS_T_POINT];

		if (point == 0xa0 && !p->dvd &&
		    (tb[MDS_T_PMIN + 1] == VB_DISC_TYPE_CDDA_CDROM ||
		     tb[MDS_T_PMIN + 1] == VB_DISC_TYPE_CDI ||
		     tb[MDS_T_PMIN + 1] == VB_DISC_TYPE_XA))
			s->disc_type = tb[MDS_T_PMIN + 1];
		/* B0 in the last session: the disc takes another session */
		if (point == 0xb0 && i + 1 == p->n_sessions)
			p->d->open = tb[MDS_T_MIN] != 0xff;
		if (point < 1 || point > 99)
			continue;
		ret = mds_track(p, tb, end);
		tracks++;
	}
	if (!ret && !tracks)
		return mds_err(p, "session %u has no tracks", i + 1);
	if (!ret && s->leadout < *end) {
		vb_log(VB_LOG_WARN, LOG_TAG_MDS,
		       "%s: session %u ends at %d, "
		       "before the end of its last track; using %lld",
		       p->path, i + 1, s->leadout, (long long)*end);
		s->leadout = (int32_t)*end;
	}
	if (!ret)
		*end = s->leadout;
	return ret;
}

static int mds_parse(struct mds_parse *p)
{
	const uint8_t *h = p->b;
	const unsigned medium = get_le16(h + MDS_H_MEDIUM);
	const unsigned n = get_le16(h + MDS_H_SESSIONS);
	const uint32_t off = get_le32(h + MDS_H_SESS_OFF);
	int64_t end = INT32_MIN;
	unsigned i;
	int ret = 0;

	if (h[MDS_H_VERSION] == 2) {
		vb_diag_set(p->diag, p->path,
			    "MDS version 2 (DAEMON Tools "
			    "MDX, encrypted) is not supported");
		return -ENOTSUP;
	}
	if (h[MDS_H_VERSION] != 1)
		return mds_err(p, "unknown MDS version %u.%u", h[MDS_H_VERSION],
			       h[MDS_H_VERSION + 1]);
	p->dvd = medium >= MDS_MEDIUM_DVD_ROM;
	p->d->kind = p->dvd ? VB_DISC_DVD : VB_DISC_CD;
	if (!n || n > 99 || !mds_has(p, off, (uint64_t)n * MDS_SESSION))
		return mds_err(p,
			       "%u sessions at offset %u: not in the "
			       "descriptor",
			       n, off);
	p->n_sessions = n;
	for (i = 0; i < n && !ret; i++)
		ret = mds_session(p, p->b + off + i * MDS_SESSION, i, &end);
	return ret;
}

static int mds_open_desc(struct vb_src *src, const char *path,
			 struct vb_disc **out, struct vb_diag *diag)
{
	struct mds_parse p = { .path = path, .diag = diag };
	uint64_t size = vb_src_size(src);
	uint8_t *buf = NULL;
	unsigned i;
	int ret;

	*out = NULL;
	if (size < MDS_HEADER || size > MDS_MAX_SIZE) {
		vb_diag_set(diag, path, "%s",
			    size < MDS_HEADER ?
				    "shorter than an MDS header" :
				    "too large for an MDS descriptor");
		return -EINVAL;
	}
	buf = malloc((size_t)size);
	p.d = vb_disc_new(VB_DISC_CD);
	if (!buf || !p.d) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vb_src_read(src, buf, (size_t)size, 0);
	if (ret)
		goto out;
	p.b = buf;
	p.size = (size_t)size;
	ret = mds_parse(&p);
	if (!ret)
		ret = vb_disc_finish(p.d, path, diag);
out:
	if (ret == -ENOMEM)
		vb_diag_set(diag, path, "out of memory");
	for (i = 0; i < p.n_files; i++) {
		vb_src_unref(p.files[i].src);
		free(p.files[i].name);
	}
	free(buf);
	if (ret) {
		vb_disc_unref(p.d);
		return ret;
	}
	*out = p.d;
	return 0;
}

static int mds_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *name = NULL, *desc = NULL;
	struct vb_src *d;
	int ret;

	if (mds_is_desc(src) || !mds_is_data_name(path))
		return mds_open_desc(src, path, out, diag);
	/* given the .mdf: read the .mds next to it */
	*out = NULL;
	if (asprintf(&name, "%.*s.mds", (int)(strlen(base) - 4), base) < 0)
		return -ENOMEM;
	ret = img_resolve(path, name, &desc);
	free(name);
	if (ret) {
		vb_diag_set(diag, path, "no .mds file next to it");
		return ret;
	}
	ret = vb_src_open(&d, desc);
	if (ret)
		vb_diag_set(diag, desc, "%s", strerror(-ret));
	else
		ret = mds_open_desc(d, desc, out, diag);
	vb_src_unref(d);
	free(desc);
	return ret;
}

const struct img_ops mds_ops = {
	.name = "mds",
	.exts = mds_exts,
	.probe = mds_probe,
	.open = mds_open,
	.can_write = mds_can_write,
	.write = mds_write,
};
