/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CloneCD reader (docs/formats.md 2), versions 2 and 3. The .ccd is an INI
 * file: [Disc] counts, [CDText] packs, one [Entry n] per lead-in TOC entry
 * (session, point, ADR/Control, binary MSF) and, in version 3, one
 * [TRACK n] per track (MODE, INDEX n relative to the session start,
 * ISRC). The .img holds every 2352-byte sector of each session from its
 * start to its lead-out, sessions back to back; the optional .sub holds
 * 96 de-interleaved P-W bytes per .img sector. Not stored and generated
 * here, as libmirage and Aaru do: the 150-sector pregap before each
 * session's first track. Track modes come from the sync and mode byte of
 * each track's first sector (libmirage), the MODE key only backs them up.
 * The text parser is formats/ccd_parse.c, the writer formats/ccd_write.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "ccd.h"
#include "textbuf.h"

#define LOG_TAG_CCD "ccd"

static const char *const ccd_exts[] = { ".ccd", NULL };

/* Is src a CloneCD control file ("[CloneCD]" first)? */
static bool ccd_is_text(const struct vb_src *src)
{
	uint8_t b[12];
	size_t off = 0;

	if (vb_src_size(src) < 9 ||
	    vb_src_read(src, b, VB_MIN(sizeof(b), (size_t)vb_src_size(src)), 0))
		return 0;
	if (vb_src_size(src) >= 12 && b[0] == 0xef && b[1] == 0xbb &&
	    b[2] == 0xbf)
		off = 3; /* UTF-8 byte order mark */
	return !strncasecmp((const char *)b + off, "[CloneCD]", 9);
}

/* path ends in .img or .sub (any case): a CloneCD data file? */
static bool ccd_is_data_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strchr(dot, '/') &&
	       (!strcasecmp(dot, ".img") || !strcasecmp(dot, ".sub"));
}

/*
 * A .ccd, or the .img/.sub of one that lies next to it (so that
 * "vburn-img info x.img" works); no allocation (img.h).
 */
static int ccd_probe(const struct vb_src *src, const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (ccd_is_text(src))
		return 1;
	if (!ccd_is_data_name(path) || n >= sizeof(buf))
		return 0;
	memcpy(buf, path, n + 1);
	memcpy(buf + n - 3, "ccd", 3);
	if (!access(buf, R_OK))
		return 1;
	memcpy(buf + n - 3, "CCD", 3);
	return !access(buf, R_OK);
}

char *ccd_companion(const char *path, const char *ext, bool base_only)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	const char *b = base_only && slash ? slash + 1 : path;
	size_t len =
		dot && (!slash || dot > slash) ? (size_t)(dot - b) : strlen(b);
	char *p;

	if (asprintf(&p, "%.*s%s", (int)len, b, ext) < 0)
		return NULL;
	return p;
}

/* The LBA an entry points at: binary PMSF (docs/formats.md 2.2), else PLBA. */
static int ccd_entry_lba(struct ccd_parse *p, const struct ccd_entry *e,
			 int32_t *lba)
{
	const unsigned msf = HAVE(E_PMIN) | HAVE(E_PSEC) | HAVE(E_PFRAME);

	if ((e->have & msf) == msf) {
		if (e->v[E_PMIN] < 0 || e->v[E_PMIN] > 99 || e->v[E_PSEC] < 0 ||
		    e->v[E_PSEC] > 59 || e->v[E_PFRAME] < 0 ||
		    e->v[E_PFRAME] > 74)
			return ccd_err(p, "point 0x%02lx: bad PMin/PSec/PFrame",
				       e->v[E_POINT]);
		*lba = msf_to_lba((uint8_t)e->v[E_PMIN], (uint8_t)e->v[E_PSEC],
				  (uint8_t)e->v[E_PFRAME]);
		return 0;
	}
	if (e->have & HAVE(E_PLBA)) {
		if (e->v[E_PLBA] < -45150 || e->v[E_PLBA] > CCD_MAX_SECTORS)
			return ccd_err(p, "point 0x%02lx: bad PLBA",
				       e->v[E_POINT]);
		*lba = (int32_t)e->v[E_PLBA];
		return 0;
	}
	return ccd_err(p, "point 0x%02lx has no address", e->v[E_POINT]);
}

/* Entry of session s with this point (ADR 1 for tracks), or NULL. */
static const struct ccd_entry *ccd_find(const struct ccd_parse *p, long s,
					long point)
{
	long i;

	for (i = 0; i < p->toc_entries; i++) {
		const struct ccd_entry *e = &p->e[i];

		if (e->v[E_SESSION] != s || e->v[E_POINT] != point)
			continue;
		if (point <= 99 && (e->v[E_ADR] & 0x0f) != 1)
			continue;
		return e;
	}
	return NULL;
}

/*
 * Track mode from the first sector at INDEX 01 (libmirage); the CONTROL
 * data bit decides audio or data, the MODE key backs up a data track
 * whose first sector has no sync.
 */
static enum vb_track_mode ccd_mode(struct ccd_parse *p, uint8_t ctl, long key,
				   uint64_t off)
{
	uint8_t raw[CCD_RAW];
	int m;

	if (!(ctl & VB_CTL_DATA))
		return VB_MODE_AUDIO;
	if (vb_src_read(p->img, raw, sizeof(raw), off))
		return key == 2 ? VB_MODE_MODE2_MIXED : VB_MODE_MODE1;
	m = vb_sector_detect_mode(raw);
	if (m == VB_SECTOR_MODE1)
		return VB_MODE_MODE1;
	if (m == VB_SECTOR_MODE0)
		return VB_MODE_MODE0;
	if (m == VB_SECTOR_MODE2_FORM1 || m == VB_SECTOR_MODE2_FORM2)
		/* XA if both subheader copies agree, else formless Mode 2 */
		return memcmp(raw + 16, raw + 20, 4) ? VB_MODE_MODE2 :
						       VB_MODE_MODE2_MIXED;
	return key == 2 ? VB_MODE_MODE2_MIXED : VB_MODE_MODE1;
}

struct ccd_sess {
	long number;
	int32_t base; /* LBA of the session's first .img sector */
	int32_t leadout;
	uint64_t off;	      /* its offset in the .img */
	int32_t prev_leadout; /* INT32_MIN for session 1 */
	int32_t pregap_start; /* first LBA of the unstored pregap */
};

/*
 * Where the unstored pregap of session s's first track begins: 150
 * sectors before its base, or where the previous session's B0 entry says
 * the next program area starts (docs/formats.md 2.4), which our writer sets
 * for discs whose sessions are not 150 sectors apart; never inside the
 * previous session.
 */
static int32_t ccd_pregap_start(const struct ccd_parse *p,
				const struct ccd_sess *s)
{
	const struct ccd_entry *b0 = ccd_find(p, s->number - 1, 0xb0);
	int64_t at = (int64_t)s->base - 150;

	if (s->number == 1)
		return s->base - 150;
	if (b0 && b0->v[E_AMIN] >= 0 && b0->v[E_AMIN] < 90 &&
	    b0->v[E_ASEC] >= 0 && b0->v[E_ASEC] < 60 && b0->v[E_AFRAME] >= 0 &&
	    b0->v[E_AFRAME] < 75) {
		int32_t b = msf_to_lba((uint8_t)b0->v[E_AMIN],
				       (uint8_t)b0->v[E_ASEC],
				       (uint8_t)b0->v[E_AFRAME]);

		if (b <= s->base && b > at)
			at = b;
	}
	return (int32_t)VB_MAX(at, (int64_t)s->prev_leadout);
}

/* Track k (entry e) of a session; begin..end are its stored sectors. */
static int ccd_track(struct ccd_parse *p, const struct ccd_sess *s,
		     const struct ccd_entry *e, int32_t begin, int32_t start,
		     int32_t end, bool first)
{
	const long num = e->v[E_POINT];
	const struct ccd_track *ct = &p->t[num];
	struct vb_extent x = {
		.data = VB_DATA_RAW,
		.src = p->img,
		.stride = CCD_RAW,
		.data_size = CCD_RAW,
	};
	struct vb_track *t = vb_disc_add_track(p->d);
	uint32_t gen = 0;
	unsigned k;
	int ret;

	if (!t)
		return -ENOMEM;
	t->number = (uint16_t)num;
	t->ctl = (uint8_t)(e->v[E_CONTROL] & 0x0f);
	t->start = start;
	t->length = (uint32_t)(end - start);
	if (first)
		gen = (uint32_t)(begin - s->pregap_start);
	t->pregap = gen + (uint32_t)(start - begin);
	if (ct->isrc[0])
		memcpy(t->isrc, ct->isrc, sizeof(t->isrc));
	x.offset = s->off + (uint64_t)(begin - s->base) * CCD_RAW;
	x.sectors = (uint32_t)(end - begin);
	if (p->sub) {
		x.sub = VB_SUB_LINEAR;
		x.sub_src = p->sub;
		x.sub_offset = x.offset / CCD_RAW * CCD_SUB;
		x.sub_stride = CCD_SUB;
	}
	t->mode = ccd_mode(p, t->ctl, ct->seen ? ct->mode : -1,
			   x.offset + (uint64_t)(start - begin) * CCD_RAW);
	ret = vb_track_add_zero(t, gen);
	if (!ret)
		ret = vb_track_add_extent(t, &x);
	for (k = 2; !ret && ct->seen && k < 100; k++) {
		int64_t off;

		if (ct->index[k] < 0)
			continue;
		off = s->base + ct->index[k] - (int64_t)start;
		if (off <= 0 || off >= t->length ||
		    vb_track_add_index(t, (uint32_t)off))
			return ccd_err(p,
				       "[TRACK %ld]: INDEX %u out of order "
				       "or outside the track",
				       num, k);
	}
	return ret;
}

#define CCD_SUB_CHUNK 256

/*
 * The INDEX 00 sectors before start (track tno) that the .sub marks as
 * such: Q with a good CRC, ADR 1, this TNO and INDEX 00, counted
 * backwards and never into track prev's INDEX 01 (docs/formats.md 2.2: a
 * version 3 file often leaves INDEX 0 out, the .sub still has it).
 * 0 without a usable .sub.
 */
static uint32_t ccd_sub_pregap(struct ccd_parse *p, const struct ccd_sess *s,
			       long tno, int32_t start, int32_t prev)
{
	uint8_t *buf;
	uint32_t n = 0, k, m;
	int64_t lba = start;

	if (!p->sub || start <= s->base)
		return 0;
	buf = malloc(CCD_SUB_CHUNK * CCD_SUB);
	if (!buf)
		return 0;
	while (lba - 1 > prev && lba > s->base) {
		m = (uint32_t)VB_MIN((int64_t)CCD_SUB_CHUNK,
				     VB_MIN(lba - 1 - prev, lba - s->base));
		lba -= m;
		if (vb_src_read(p->sub, buf, (size_t)m * CCD_SUB,
				(s->off / CCD_RAW + (uint64_t)(lba - s->base)) *
					CCD_SUB))
			break;
		for (k = m; k > 0; k--) {
			const uint8_t *q =
				buf + (k - 1) * CCD_SUB + VB_SUBCH_CHAN;

			if (!vb_subq_crc_ok(q) || (q[0] & 0x0f) != 1 ||
			    q[1] != bcd((unsigned)tno) || q[2] != 0)
				goto out;
			n++;
		}
	}
out:
	free(buf);
	return n;
}

/* Collects the track entries of session s, ascending; their count. */
static int ccd_session_tracks(struct ccd_parse *p, long s,
			      const struct ccd_entry **tr)
{
	int n = 0;
	long pt;

	for (pt = 1; pt <= 99; pt++) {
		const struct ccd_entry *e = ccd_find(p, s, pt);

		if (e)
			tr[n++] = e;
	}
	if (!n)
		return ccd_err(p, "session %ld has no tracks", s);
	return n;
}

/*
 * One session: its .img part runs from its base (session 1: LBA 0;
 * later: first track's INDEX 01 minus its INDEX 1 value, docs/formats.md 2.2)
 * to its lead-out (A2).
 */
static int ccd_session(struct ccd_parse *p, struct ccd_sess *s)
{
	const struct ccd_entry *tr[99], *a0, *a2;
	struct vb_session *vs;
	int32_t start[99], begin[99];
	int n, k, ret;

	n = ccd_session_tracks(p, s->number, tr);
	if (n < 0)
		return n;
	a0 = ccd_find(p, s->number, 0xa0);
	a2 = ccd_find(p, s->number, 0xa2);
	if (!a2)
		return ccd_err(p,
			       "session %ld has no lead-out entry (point "
			       "0xa2)",
			       s->number);
	ret = ccd_entry_lba(p, a2, &s->leadout);
	for (k = 0; !ret && k < n; k++)
		ret = ccd_entry_lba(p, tr[k], &start[k]);
	if (ret)
		return ret;
	s->base = 0;
	if (s->number > 1) {
		const struct ccd_track *ct = &p->t[tr[0]->v[E_POINT]];

		s->base = start[0] - (int32_t)(ct->seen && ct->index[1] > 0 ?
						       ct->index[1] :
						       0);
	}
	if (s->base < s->prev_leadout || s->base > start[0])
		return ccd_err(p, "session %ld starts inside the previous one",
			       s->number);
	for (k = 0; k < n; k++) {
		const struct ccd_track *ct = &p->t[tr[k]->v[E_POINT]];

		begin[k] = start[k];
		if (k == 0)
			begin[k] = s->base;
		else if (ct->seen && ct->index[0] >= 0)
			begin[k] = s->base + (int32_t)ct->index[0];
		else if (start[k] > start[k - 1])
			begin[k] = start[k] -
				   ccd_sub_pregap(p, s, tr[k]->v[E_POINT],
						  start[k], start[k - 1]);
		if (begin[k] > start[k] || (k && begin[k] <= start[k - 1]))
			return ccd_err(p,
				       "track %ld starts before track %ld "
				       "or its INDEX 0 is after INDEX 1",
				       tr[k]->v[E_POINT],
				       k ? tr[k - 1]->v[E_POINT] : 0);
	}
	if (s->leadout <= start[n - 1] ||
	    s->leadout - s->base > CCD_MAX_SECTORS)
		return ccd_err(p,
			       "session %ld: lead-out %d does not follow "
			       "its last track",
			       s->number, s->leadout);
	s->pregap_start = ccd_pregap_start(p, s);
	vs = vb_disc_add_session(p->d);
	if (!vs)
		return -ENOMEM;
	vs->leadout = s->leadout;
	if (a0 && (a0->v[E_PSEC] == VB_DISC_TYPE_CDDA_CDROM ||
		   a0->v[E_PSEC] == VB_DISC_TYPE_CDI ||
		   a0->v[E_PSEC] == VB_DISC_TYPE_XA))
		vs->disc_type = (uint8_t)a0->v[E_PSEC];
	for (k = 0; k < n && !ret; k++)
		ret = ccd_track(p, s, tr[k], begin[k], start[k],
				k + 1 < n ? begin[k + 1] : s->leadout, k == 0);
	return ret;
}
static int ccd_open_files(struct ccd_parse *p)
{
	char *name = ccd_companion(p->path, ".img", true), *full = NULL;
	int ret;

	if (!name)
		return -ENOMEM;
	ret = img_resolve(p->path, name, &full);
	if (!ret)
		ret = vb_src_open(&p->img, full);
	if (ret) {
		vb_diag_set(p->diag, p->path,
			    "cannot open its image file "
			    "%s: %s",
			    name, strerror(-ret));
		goto out;
	}
	free(name);
	free(full);
	full = NULL;
	name = ccd_companion(p->path, ".sub", true);
	if (!name) {
		ret = -ENOMEM;
		goto out;
	}
	if (!img_resolve(p->path, name, &full) && vb_src_open(&p->sub, full))
		p->sub = NULL;
out:
	free(name);
	free(full);
	return ret;
}

static int ccd_build(struct ccd_parse *p)
{
	struct ccd_sess s = { .prev_leadout = INT32_MIN };
	uint64_t sectors;
	long i;
	int ret;

	ret = ccd_open_files(p);
	for (i = 1; !ret && i <= p->sessions; i++) {
		s.number = i;
		ret = ccd_session(p, &s);
		s.off += (uint64_t)(s.leadout - s.base) * CCD_RAW;
		s.prev_leadout = s.leadout;
	}
	if (ret)
		return ret;
	sectors = s.off / CCD_RAW;
	if (vb_src_size(p->img) > s.off)
		vb_log(VB_LOG_WARN, LOG_TAG_CCD,
		       "%s: %llu bytes after the "
		       "last lead-out ignored",
		       vb_src_name(p->img),
		       (unsigned long long)(vb_src_size(p->img) - s.off));
	/* entry B0 in the last session: the disc can take another session */
	p->d->open = ccd_find(p, p->sessions, 0xb0) &&
		     ccd_find(p, p->sessions, 0xb0)->v[E_AMIN] != 0xff;
	if (p->catalog[0])
		memcpy(p->d->mcn, p->catalog, sizeof(p->d->mcn));
	if (p->n_packs)
		ret = vb_disc_set_cdtext(p->d, p->packs,
					 (size_t)p->n_packs * VB_CDTEXT_PACK);
	if (p->sub && vb_src_size(p->sub) < sectors * CCD_SUB) {
		if (vb_src_size(p->sub))
			vb_log(VB_LOG_WARN, LOG_TAG_CCD,
			       "%s: shorter than "
			       "%llu sectors, subchannel ignored",
			       vb_src_name(p->sub),
			       (unsigned long long)sectors);
		for (i = 0; i < (long)p->d->n_tracks; i++) {
			struct vb_track *t = p->d->tracks[i];
			unsigned k;

			for (k = 0; k < t->n_extents; k++) {
				t->extents[k].sub = VB_SUB_NONE;
				vb_src_unref(t->extents[k].sub_src);
				t->extents[k].sub_src = NULL;
			}
		}
	}
	return ret;
}

static int ccd_open_text(struct vb_src *src, const char *path,
			 struct vb_disc **out, struct vb_diag *diag)
{
	struct ccd_parse p = { .path = path, .diag = diag, .version = -1 };
	const size_t size = (size_t)vb_src_size(src);
	char *text = NULL;
	unsigned i, k;
	int ret;

	*out = NULL;
	/* NUL bytes are the parser's to report, with their line. */
	ret = fmt_read_text(src, path, CCD_MAX_FILE, "a CloneCD control file",
			    false, diag, &text);
	if (ret)
		goto out;
	p.e = calloc(CCD_MAX_ENTRIES, sizeof(*p.e));
	p.t = calloc(100, sizeof(*p.t));
	p.packs = calloc(CCD_MAX_PACKS, VB_CDTEXT_PACK);
	p.pack_seen = calloc(CCD_MAX_PACKS, sizeof(*p.pack_seen));
	p.d = vb_disc_new(VB_DISC_CD);
	if (!p.e || !p.t || !p.packs || !p.pack_seen || !p.d) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < 100; i++) {
		p.t[i].mode = -1;
		for (k = 0; k < 100; k++)
			p.t[i].index[k] = -1;
	}
	ret = ccd_parse_text(&p, text, size);
	if (!ret)
		ret = ccd_check_counts(&p);
	if (!ret)
		ret = ccd_build(&p);
	if (!ret)
		ret = vb_disc_finish(p.d, path, diag);
out:
	if (ret == -ENOMEM)
		vb_diag_set(diag, path, "out of memory");
	vb_src_unref(p.sub);
	vb_src_unref(p.img);
	free(p.pack_seen);
	free(p.packs);
	free(p.t);
	free(p.e);
	free(text);
	if (ret) {
		vb_disc_unref(p.d);
		return ret;
	}
	*out = p.d;
	return 0;
}

static int ccd_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	char *name, *desc = NULL;
	struct vb_src *text;
	int ret;

	if (ccd_is_text(src) || !ccd_is_data_name(path))
		return ccd_open_text(src, path, out, diag);
	/* given the .img or .sub: read the .ccd next to it */
	*out = NULL;
	name = ccd_companion(path, ".ccd", true);
	if (!name)
		return -ENOMEM;
	ret = img_resolve(path, name, &desc);
	free(name);
	if (ret) {
		vb_diag_set(diag, path, "no CloneCD .ccd file next to it");
		return ret;
	}
	ret = vb_src_open(&text, desc);
	if (ret)
		vb_diag_set(diag, desc, "%s", strerror(-ret));
	else
		ret = ccd_open_text(text, desc, out, diag);
	vb_src_unref(text);
	free(desc);
	return ret;
}

const struct img_ops ccd_ops = {
	.name = "ccd",
	.exts = ccd_exts,
	.probe = ccd_probe,
	.open = ccd_open,
	.can_write = ccd_can_write,
	.write = ccd_write,
};
