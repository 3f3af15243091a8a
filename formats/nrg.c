/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NRG (Nero) reader, versions 1 and 2 (docs/formats.md 1). The track data comes
 * first; a chain of big-endian chunks located through the footer ("NER5"
 * + u64 at EOF-12, or "NERO" + u32 at EOF-8) describes it. Each DAO
 * session is a CUEX/CUES cue sheet (absolute LBAs, v1 BCD MSF) paired with
 * a DAOX/DAOI chunk (per-track file offsets of INDEX 00, INDEX 01 and the
 * end); each TAO session is an ETN2/ETNF/TINF chunk (offset, length, mode
 * per track) whose tracks get the 150-sector pregap libmirage and libcdio
 * give them. CDTX carries raw CD-TEXT packs, MTYP the medium. The writer
 * is formats/nrg_write.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "isrc.h"
#include "nrg.h"

#define NRG_MAX_CHUNKS 4096
#define NRG_MAX_CHUNK_LEN (1u << 20)
#define NRG_MAX_SESSIONS 99
#define NRG_MIN_LBA (-450150)
#define NRG_MAX_LBA (1 << 30)

static const char *const nrg_exts[] = { ".nrg", NULL };

/* Track mode codes (docs/formats.md 1.5). */
struct nrg_mode {
	uint8_t code;
	enum vb_track_mode mode;
	enum vb_data_fmt data;
	uint16_t size;
	bool sub;
};

static const struct nrg_mode nrg_modes[] = {
	{ 0x00, VB_MODE_MODE1, VB_DATA_USER, 2048, false },
	{ 0x02, VB_MODE_MODE2_FORM1, VB_DATA_USER, 2048, false },
	{ 0x03, VB_MODE_MODE2_MIXED, VB_DATA_USER, 2336, false },
	{ 0x05, VB_MODE_MODE1, VB_DATA_RAW, 2352, false },
	{ 0x06, VB_MODE_MODE2_MIXED, VB_DATA_RAW, 2352, false },
	{ 0x07, VB_MODE_AUDIO, VB_DATA_RAW, 2352, false },
	{ 0x08, VB_MODE_AUDIO, VB_DATA_RAW, 2352, false },
	{ 0x0f, VB_MODE_MODE1, VB_DATA_RAW, 2352, true },
	{ 0x10, VB_MODE_AUDIO, VB_DATA_RAW, 2352, true },
	{ 0x11, VB_MODE_MODE2_MIXED, VB_DATA_RAW, 2352, true },
};

static const struct nrg_mode *nrg_mode_find(unsigned code)
{
	unsigned i;

	for (i = 0; i < VB_ARRAY_SIZE(nrg_modes); i++)
		if (nrg_modes[i].code == code)
			return &nrg_modes[i];
	return NULL;
}

struct nrg_chunk {
	char id[5];
	uint64_t off; /* payload offset in the file */
	uint32_t len;
};

struct nrg_parse {
	struct vb_src *src;
	const char *path;
	struct vb_diag *diag;
	struct vb_disc *d;
	bool v2;
	uint64_t first; /* offset of the first chunk */
	struct nrg_chunk *ch;
	unsigned n_ch;
	int64_t lba; /* end of the previous session's lead-out */
};

static int nrg_err(struct nrg_parse *p, const char *msg)
{
	vb_diag_set(p->diag, p->path, "%s", msg);
	return -EINVAL;
}

/* Footer: 1 (filling first, v2) if there is one, 0 if not, -EINVAL if bad */
static int nrg_footer(const struct vb_src *src, uint64_t *first, bool *v2)
{
	uint64_t size = vb_src_size(src);
	uint8_t b[12];

	if (size < 12 || vb_src_read(src, b, 12, size - 12))
		return 0;
	if (!memcmp(b, "NER5", 4)) {
		*first = get_be64(b + 4);
		*v2 = true;
	} else if (!memcmp(b + 4, "NERO", 4)) {
		*first = get_be32(b + 8);
		*v2 = false;
	} else {
		return 0;
	}
	return *first < size - (*v2 ? 12 : 8) ? 1 : -EINVAL;
}

static int nrg_probe(const struct vb_src *src, const char *path)
{
	uint64_t first;
	bool v2;

	(void)path;
	return nrg_footer(src, &first, &v2);
}

/* Walks the chunk chain up to END! or the footer. */
static int nrg_chunks(struct nrg_parse *p)
{
	const uint64_t end = vb_src_size(p->src) - (p->v2 ? 12 : 8);
	uint64_t off = p->first;
	uint8_t h[8];

	p->ch = calloc(NRG_MAX_CHUNKS, sizeof(*p->ch));
	if (!p->ch)
		return -ENOMEM;
	while (off + 8 <= end) {
		struct nrg_chunk *c = &p->ch[p->n_ch];

		if (p->n_ch == NRG_MAX_CHUNKS)
			return nrg_err(p, "too many chunks");
		if (vb_src_read(p->src, h, 8, off))
			return -EIO;
		memcpy(c->id, h, 4);
		c->len = get_be32(h + 4);
		c->off = off + 8;
		if (!memcmp(c->id, "END!", 4))
			return 0;
		if (c->len > NRG_MAX_CHUNK_LEN || c->off + c->len > end) {
			vb_diag_set(p->diag, p->path,
				    "chunk %.4s at offset "
				    "%llu runs past the end of the chunk "
				    "chain",
				    c->id, (unsigned long long)off);
			return -EINVAL;
		}
		p->n_ch++;
		off = c->off + c->len;
	}
	/* a chain without END! is accepted if it ends exactly at the footer */
	return off == end ? 0 : nrg_err(p, "chunk chain is truncated");
}

static int nrg_read_chunk(struct nrg_parse *p, const struct nrg_chunk *c,
			  uint8_t **buf)
{
	*buf = malloc(c->len ? c->len : 1);
	if (!*buf)
		return -ENOMEM;
	return vb_src_read(p->src, *buf, c->len, c->off);
}

/* A CUEX/CUES entry's address (v2 s32 LBA, v1 BCD MSF, docs/formats.md 1.3). */
static int32_t nrg_cue_lba(const uint8_t *e, bool cuex)
{
	if (cuex)
		return (int32_t)get_be32(e + 4);
	return msf_to_lba((uint8_t)unbcd(e[5]), (uint8_t)unbcd(e[6]),
			  (uint8_t)unbcd(e[7]));
}

struct nrg_cue_track {
	uint8_t ctl;
	bool has0, has1;
	int32_t idx0, idx1;
	uint8_t n_more;
	int32_t more[VB_MAX_INDEX - 1];
};

static int nrg_add_extent(struct nrg_parse *p, struct vb_track *t,
			  const struct nrg_mode *m, unsigned size, uint64_t off,
			  uint64_t bytes)
{
	struct vb_extent e = {
		.data = m->data,
		.src = p->src,
		.offset = off,
		.stride = size,
		.data_size = m->size,
		.sub = m->sub ? VB_SUB_RAW : VB_SUB_NONE,
	};

	if (bytes % size)
		return nrg_err(p, "track extent is not a whole number of "
				  "sectors");
	if (!bytes)
		return 0;
	if (bytes / size > INT32_MAX)
		return nrg_err(p, "absurd track length");
	e.sectors = (uint32_t)(bytes / size);
	return vb_track_add_extent(t, &e);
}

/* Collects a CUEX/CUES sheet into per-track index addresses. */
static int nrg_parse_cue(struct nrg_parse *p, const uint8_t *cb, uint32_t len,
			 bool cuex, struct nrg_cue_track *ct, int32_t *leadout)
{
	uint32_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		const uint8_t *e = cb + i;
		const int32_t lba = nrg_cue_lba(e, cuex);
		unsigned tn, idx;

		/* lead-in to the end of a BD: differences fit in 31 bits */
		if (lba < NRG_MIN_LBA || lba > NRG_MAX_LBA)
			return nrg_err(p, "cue sheet address out of range");
		if (e[1] == 0)
			continue; /* lead-in marker */
		if (e[1] == 0xaa) {
			*leadout = nrg_cue_lba(e, cuex);
			continue;
		}
		if ((e[1] & 0x0f) > 9 || (e[2] & 0x0f) > 9 || e[1] > 0x99 ||
		    e[2] > 0x99)
			return nrg_err(p, "cue sheet entry is not BCD");
		tn = unbcd(e[1]);
		idx = unbcd(e[2]);
		ct[tn].ctl = e[0] >> 4;
		if (idx == 0) {
			ct[tn].has0 = true;
			ct[tn].idx0 = nrg_cue_lba(e, cuex);
		} else if (idx == 1) {
			ct[tn].has1 = true;
			ct[tn].idx1 = nrg_cue_lba(e, cuex);
		} else if (ct[tn].n_more < VB_MAX_INDEX - 1) {
			ct[tn].more[ct[tn].n_more++] = nrg_cue_lba(e, cuex);
		}
	}
	return 0;
}

/* One DAOX/DAOI track entry (docs/formats.md 1.4) into track t. */
static int nrg_dao_track(struct nrg_parse *p, const uint8_t *e, bool daox,
			 const struct nrg_cue_track *c, struct vb_track *t)
{
	const struct nrg_mode *m = nrg_mode_find(e[14]);
	unsigned size = get_be16(e + 12), i;
	uint64_t o0, o1, oend;
	uint32_t stored;
	int ret;

	o0 = daox ? get_be64(e + 18) : get_be32(e + 18);
	o1 = daox ? get_be64(e + 26) : get_be32(e + 22);
	oend = daox ? get_be64(e + 34) : get_be32(e + 26);
	if (!m)
		return nrg_err(p, "unknown track mode code");
	/* MagicISO writes 2352-byte sectors with cooked mode codes (Aaru) */
	if (size == 2352 && m->size != 2352)
		m = nrg_mode_find(m->mode == VB_MODE_MODE1 ? 0x05 : 0x06);
	if (size != m->size + (m->sub ? 96u : 0u))
		return nrg_err(p, "sector size does not match the track mode");
	if (o0 > o1 || o1 > oend)
		return nrg_err(p, "track offsets out of order");
	if (!c->has1)
		return nrg_err(p, "track missing from the cue sheet");
	t->mode = m->mode;
	t->ctl = (uint8_t)((c->ctl & ~VB_CTL_DATA) |
			   (m->mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA));
	/* 12 NULs: none */
	for (i = 0; i < 12 && !e[i]; i++)
		;
	if (i < 12)
		fmt_isrc_take(t->isrc, (const char *)e, 12, "nrg", p->path, 0);
	t->start = c->idx1;
	if ((o1 - o0) / size > INT32_MAX || (oend - o1) / size > INT32_MAX)
		return nrg_err(p, "absurd track length");
	stored = (uint32_t)((o1 - o0) / size);
	t->pregap = c->has0 && c->idx1 >= c->idx0 ?
			    (uint32_t)(c->idx1 - c->idx0) :
			    stored;
	if (t->pregap < stored)
		t->pregap = stored;
	t->length = (uint32_t)((oend - o1) / size);
	ret = vb_track_add_zero(t, t->pregap - stored);
	if (!ret)
		ret = nrg_add_extent(p, t, m, size, o0, o1 - o0);
	if (!ret)
		ret = nrg_add_extent(p, t, m, size, o1, oend - o1);
	for (i = 0; !ret && i < c->n_more; i++)
		if (c->more[i] > c->idx1)
			ret = vb_track_add_index(
				t, (uint32_t)(c->more[i] - c->idx1));
	return ret;
}

static int nrg_dao(struct nrg_parse *p, const struct nrg_chunk *cue,
		   const struct nrg_chunk *dao)
{
	const bool cuex = !memcmp(cue->id, "CUEX", 4);
	const bool daox = !memcmp(dao->id, "DAOX", 4);
	const unsigned esz = daox ? 42 : 30;
	struct nrg_cue_track *ct = calloc(100, sizeof(*ct));
	uint8_t *cb = NULL, *db = NULL;
	int32_t leadout = INT32_MIN;
	struct vb_session *s;
	unsigned n, i, first;
	int ret;

	if (!ct)
		return -ENOMEM;
	if (cue->len % 8 || dao->len < 22 || (dao->len - 22) % esz) {
		ret = nrg_err(p, "bad CUEX/DAOX chunk length");
		goto out;
	}
	ret = nrg_read_chunk(p, cue, &cb);
	if (!ret)
		ret = nrg_read_chunk(p, dao, &db);
	if (!ret)
		ret = nrg_parse_cue(p, cb, cue->len, cuex, ct, &leadout);
	if (ret)
		goto out;
	first = db[20];
	n = (dao->len - 22) / esz;
	if (first < 1 || first + n - 1 > 99 || db[21] != first + n - 1 || !n) {
		ret = nrg_err(p, "DAO track numbers do not match its entries");
		goto out;
	}
	if (strspn((const char *)db + 4, "0123456789") >= 13 && !p->d->mcn[0])
		memcpy(p->d->mcn, db + 4, 13);
	s = vb_disc_add_session(p->d);
	for (i = 0; s && !ret && i < n; i++) {
		struct vb_track *t = vb_disc_add_track(p->d);

		if (!t) {
			ret = -ENOMEM;
			break;
		}
		t->number = (uint16_t)(first + i);
		ret = nrg_dao_track(p, db + 22 + i * esz, daox, &ct[first + i],
				    t);
	}
	if (!s)
		ret = -ENOMEM;
	if (!ret && leadout != INT32_MIN)
		s->leadout = leadout;
out:
	free(db);
	free(cb);
	free(ct);
	return ret;
}

/* ETN2 / ETNF / TINF: track-at-once session (docs/formats.md 1.6). */
static int nrg_tao(struct nrg_parse *p, const struct nrg_chunk *c)
{
	const bool etn2 = !memcmp(c->id, "ETN2", 4);
	const unsigned esz = etn2 ? 32 : !memcmp(c->id, "ETNF", 4) ? 20 : 12;
	struct vb_session *s;
	uint8_t *b = NULL;
	int64_t lba;
	unsigned i;
	int ret;

	if (!c->len || c->len % esz)
		return nrg_err(p, "bad ETNF/ETN2 chunk length");
	ret = nrg_read_chunk(p, c, &b);
	s = ret ? NULL : vb_disc_add_session(p->d);
	if (!ret && !s)
		ret = -ENOMEM;
	/* next program area after a lead-out (docs/formats.md 5.3) */
	lba = s && s->number > 1 ? p->d->sessions[s->number - 2]->leadout +
					   (s->number == 2 ? 11400 : 6900) :
				   0;
	for (i = 0; !ret && i < c->len / esz; i++) {
		const uint8_t *e = b + i * esz;
		const uint64_t off = etn2 ? get_be64(e) : get_be32(e);
		const uint64_t len = etn2 ? get_be64(e + 8) : get_be32(e + 4);
		const struct nrg_mode *m =
			nrg_mode_find(get_be32(e + (etn2 ? 16 : 8)));
		struct vb_track *t = vb_disc_add_track(p->d);

		if (!t) {
			ret = -ENOMEM;
			break;
		}
		if (!m) {
			ret = nrg_err(p, "unknown track mode code");
			break;
		}
		t->mode = m->mode;
		t->ctl = m->mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA;
		t->pregap = 150; /* not stored in TAO images */
		t->start = (int32_t)lba;
		ret = vb_track_add_zero(t, 150);
		if (!ret)
			ret = nrg_add_extent(p, t, m,
					     m->size + (m->sub ? 96u : 0u), off,
					     len);
		if (ret)
			break;
		t->length = t->n_extents > 1 ? t->extents[1].sectors : 0;
		lba += (int64_t)t->length + 150;
		if (lba > INT32_MAX)
			ret = nrg_err(p, "absurd track length");
	}
	free(b);
	return ret;
}

static void nrg_mtyp(struct nrg_parse *p, const struct nrg_chunk *c)
{
	uint8_t b[4];
	uint32_t v;

	if (c->len != 4 || vb_src_read(p->src, b, 4, c->off))
		return;
	v = get_be32(b);
	/* docs/formats.md 1.7: CD bits -> CD, DVD bits -> DVD, BD bits -> BD */
	if (v & 0x00401)
		p->d->kind = VB_DISC_CD;
	else if (v & 0x700000)
		p->d->kind = VB_DISC_BD;
	else if (v & 0x0c021c)
		p->d->kind = VB_DISC_DVD;
}

static int nrg_sessions(struct nrg_parse *p)
{
	const struct nrg_chunk *cue = NULL;
	uint8_t *buf;
	unsigned i;
	int ret = 0;

	for (i = 0; i < p->n_ch && !ret; i++) {
		const struct nrg_chunk *c = &p->ch[i];

		if (p->d->n_sessions >= NRG_MAX_SESSIONS)
			return nrg_err(p, "too many sessions");
		if (!memcmp(c->id, "CUEX", 4) || !memcmp(c->id, "CUES", 4)) {
			if (cue)
				return nrg_err(p, "cue sheet without DAO "
						  "chunk");
			cue = c;
		} else if (!memcmp(c->id, "DAOX", 4) ||
			   !memcmp(c->id, "DAOI", 4)) {
			if (!cue)
				return nrg_err(p, "DAO chunk without cue "
						  "sheet");
			ret = nrg_dao(p, cue, c);
			cue = NULL;
		} else if (!memcmp(c->id, "ETN2", 4) ||
			   !memcmp(c->id, "ETNF", 4) ||
			   !memcmp(c->id, "TINF", 4)) {
			ret = nrg_tao(p, c);
		} else if (!memcmp(c->id, "CDTX", 4)) {
			if (c->len % 18)
				return nrg_err(p, "CDTX is not a list of "
						  "18-byte packs");
			ret = nrg_read_chunk(p, c, &buf);
			if (!ret)
				ret = vb_disc_set_cdtext(p->d, buf, c->len);
			free(buf);
		} else if (!memcmp(c->id, "MTYP", 4)) {
			nrg_mtyp(p, c);
		}
	}
	if (!ret && !p->d->n_sessions)
		return nrg_err(p, "no track descriptions (CUEX/DAOX or ETN2)");
	return ret;
}

static int nrg_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	struct nrg_parse p = { .src = src, .path = path, .diag = diag };
	int ret = nrg_footer(src, &p.first, &p.v2);

	if (ret <= 0) {
		vb_diag_set(diag, path, "no valid NRG footer");
		return -EINVAL;
	}
	p.d = vb_disc_new(VB_DISC_CD);
	if (!p.d)
		return -ENOMEM;
	ret = nrg_chunks(&p);
	if (!ret)
		ret = nrg_sessions(&p);
	if (!ret)
		ret = vb_disc_finish(p.d, path, diag);
	free(p.ch);
	if (ret) {
		vb_disc_unref(p.d);
		return ret;
	}
	*out = p.d;
	return 0;
}

const struct img_ops nrg_ops = {
	.name = "nrg",
	.exts = nrg_exts,
	.probe = nrg_probe,
	.open = nrg_open,
	.can_write = nrg_can_write,
	.write = nrg_write,
};
