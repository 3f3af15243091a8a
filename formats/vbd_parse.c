/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manifest parser (docs/vbd.md): text -> struct vb_disc + the drive's
 * write state. Strict, because a manifest is the drive's own state and
 * not a file from another program: the first line names the grammar's
 * version and any other version is refused; an unknown record or key, a
 * number out of its range, a record out of place or a missing 'end' is an
 * error "<path>: line N: what", never skipped. The disc is built with the
 * vb_disc_* builders; what vb_disc_finish() would find without a line
 * number (track order and overlap, extents adding up to pregap + length,
 * lead-outs) is checked here first, at the line that is wrong.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textbuf.h"
#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "vbd.h"

/* ---- records ---- */

static int vbd_need_disc(struct vbd_parse *p, const struct vbd_line *l)
{
	if (!p->d)
		return vbd_err(p, "%s before the 'disc' record", l->word);
	return 0;
}

static int vbd_rec_drive(struct vbd_parse *p, struct vbd_line *l)
{
	const char *media = NULL;
	int64_t cap = 0, next = 0;
	int ret;

	if (p->seen_drive)
		return vbd_err(p, "a second 'drive' record");
	p->seen_drive = true;
	if ((ret = vbd_str(p, l, "media", true, VB_VBD_MEDIA_MAX - 1,
			   &media)) ||
	    (ret = vbd_num(p, l, "capacity", true, 0, UINT32_MAX, &cap)) ||
	    (ret = vbd_num(p, l, "next-start", true, INT32_MIN, INT32_MAX,
			   &next)) ||
	    (ret = vbd_flag(p, l, "finalized", true, &p->st.finalized)))
		return ret;
	if (!vbd_media_ok(media))
		return vbd_err(p, "media=%s is not a media name", media);
	strcpy(p->st.media, media);
	p->st.capacity = (uint32_t)cap;
	p->st.next_start = (int32_t)next;
	return 0;
}

/*
 * file ID committed=BYTES path="NAME": opens the file (never reads it) and
 * checks that it still holds what was committed; the drive cuts a longer
 * log back, a shorter file has lost data and is an error naming it.
 */
static int vbd_rec_file(struct vbd_parse *p, struct vbd_line *l)
{
	const unsigned id = p->st.n_files + 1;
	struct vb_vbd_file *f;
	struct vbd_pfile *pf;
	const char *name = NULL;
	uint64_t committed;
	char *path, *abs;
	unsigned i;
	int ret;

	if (id > VBD_MAX_FILES)
		return vbd_err(p, "more than %u files", VBD_MAX_FILES);
	if (vbd_u64(l->pos[0], &committed) || committed != id)
		return vbd_err(p, "file %s: files are numbered 1, 2, ...",
			       l->pos[0]);
	if ((ret = vbd_bytes(p, l, "committed", &committed)) ||
	    (ret = vbd_str(p, l, "path", true, 4095, &name)))
		return ret;
	if (!name[0])
		return vbd_err(p, "file %u: empty path", id);
	f = realloc(p->st.files, id * sizeof(*f));
	if (f)
		p->st.files = f;
	pf = realloc(p->files, id * sizeof(*pf));
	if (pf)
		p->files = pf;
	path = vbd_resolve(p->path, name);
	abs = path ? vbd_abs_path(path) : NULL;
	if (!f || !pf || !abs) {
		free(abs);
		free(path);
		return -ENOMEM;
	}
	/* two records for one file could commit two lengths of it */
	for (i = 0; i + 1 < id; i++)
		if (!strcmp(p->files[i].abs, abs)) {
			free(abs);
			free(path);
			return vbd_err(p, "file %u is file %u again", id,
				       i + 1);
		}
	f += id - 1;
	pf += id - 1;
	if (p->bound && id > 1)
		ret = vbd_err(p, "file %u: an image holds one data stream", id);
	else if (p->bound)
		pf->src = vb_src_ref(p->bound);
	else
		ret = vbd_open_file(p->path, path, &pf->src, p->diag);
	if (ret) {
		free(abs);
		free(path);
		return ret;
	}
	pf->abs = abs;
	f->path = path;
	f->committed = pf->committed = committed;
	f->size = vb_src_size(pf->src);
	p->st.n_files = id;
	if (f->size < committed) {
		vb_diag_set(p->diag, p->path,
			    "%s: shorter than committed "
			    "(%llu of %llu bytes)",
			    path, (unsigned long long)f->size,
			    (unsigned long long)committed);
		return -EIO;
	}
	return 0;
}

static int vbd_rec_disc(struct vbd_parse *p, struct vbd_line *l)
{
	const char *mcn = "";
	unsigned kind = 0;
	bool open = false;
	int ret;

	if (p->d)
		return vbd_err(p, "a second 'disc' record");
	if ((ret = vbd_enum(p, l, "kind", true, vbd_kind_names,
			    VB_ARRAY_SIZE(vbd_kind_names), &kind)) ||
	    (ret = vbd_flag(p, l, "open", true, &open)) ||
	    (ret = vbd_str(p, l, "mcn", false, 13, &mcn)))
		return ret;
	p->d = vb_disc_new((enum vb_disc_kind)kind);
	if (!p->d)
		return -ENOMEM;
	p->d->open = open;
	strcpy(p->d->mcn, mcn);
	return 0;
}

static int vbd_rec_cdtext_lang(struct vbd_parse *p, struct vbd_line *l)
{
	int64_t block = 0, code = 0;
	int ret;

	if ((ret = vbd_need_disc(p, l)) ||
	    (ret = vbd_num(p, l, "block", true, 0, 7, &block)) ||
	    (ret = vbd_num(p, l, "code", true, 0, 0xff, &code)))
		return ret;
	if (p->lang_seen & (1u << block))
		return vbd_err(p, "language of block %d given twice",
			       (int)block);
	p->lang_seen |= (uint8_t)(1u << block);
	p->d->cdtext_lang[block] = (uint8_t)code;
	return 0;
}

/* cdtext-pack HEX: one raw 18-byte pack, CRC included, as the disc had it */
static int vbd_rec_cdtext_pack(struct vbd_parse *p, struct vbd_line *l)
{
	const char *hex = l->pos[0];
	uint8_t *pack;
	unsigned k;
	int ret;

	if ((ret = vbd_need_disc(p, l)))
		return ret;
	if (strlen(hex) != 2 * VB_CDTEXT_PACK)
		return vbd_err(p, "a CD-TEXT pack is %u hex digits",
			       2 * VB_CDTEXT_PACK);
	if (p->n_packs == VBD_MAX_PACKS)
		return vbd_err(p, "more than %u CD-TEXT packs", VBD_MAX_PACKS);
	pack = realloc(p->packs, (p->n_packs + 1) * VB_CDTEXT_PACK);
	if (!pack)
		return -ENOMEM;
	p->packs = pack;
	pack += p->n_packs * VB_CDTEXT_PACK;
	for (k = 0; k < VB_CDTEXT_PACK; k++) {
		int hi = vbd_hex(hex[2 * k]), lo = vbd_hex(hex[2 * k + 1]);

		if (hi < 0 || lo < 0)
			return vbd_err(p, "a CD-TEXT pack is hex digits");
		pack[k] = (uint8_t)(hi << 4 | lo);
	}
	p->n_packs++;
	return 0;
}

static int vbd_rec_cdtext(struct vbd_parse *p, struct vbd_line *l)
{
	int64_t block = 0, type = 0, track = 0;
	const char *text = NULL;
	int ret;

	if ((ret = vbd_need_disc(p, l)) ||
	    (ret = vbd_num(p, l, "block", true, 0, 7, &block)) ||
	    (ret = vbd_num(p, l, "type", true, 0x80, 0x8f, &type)) ||
	    (ret = vbd_num(p, l, "track", true, 0, 0xff, &track)) ||
	    (ret = vbd_str(p, l, "text", true, 65535, &text)))
		return ret;
	if (p->d->n_cdtext_items == VBD_MAX_ITEMS)
		return vbd_err(p, "more than %u CD-TEXT strings",
			       VBD_MAX_ITEMS);
	return vb_disc_add_cdtext_item(p->d, (uint8_t)block, (uint8_t)type,
				       (uint8_t)track, text);
}

/* The extents of the current track hold its pregap + length sectors. */
static int vbd_close_track(struct vbd_parse *p)
{
	struct vb_track *t = p->t;

	if (!t)
		return 0;
	if (p->t_sum != (uint64_t)t->pregap + t->length)
		return vbd_err_at(p, p->t_line,
				  "track %u: its extents hold %llu sectors, "
				  "pregap + length is %llu",
				  t->number, (unsigned long long)p->t_sum,
				  (unsigned long long)t->pregap + t->length);
	p->end = (int64_t)t->start + t->length;
	p->t = NULL;
	return 0;
}

static int vbd_close_session(struct vbd_parse *p)
{
	struct vb_session *s = p->s;
	int ret = vbd_close_track(p);

	if (ret || !s)
		return ret;
	if (!s->count)
		return vbd_err_at(p, p->s_line, "session %u has no tracks",
				  s->number);
	if (s->leadout < p->end)
		return vbd_err_at(p, p->s_line,
				  "session %u: lead-out %d before the end "
				  "of its last track (%lld)",
				  s->number, s->leadout, (long long)p->end);
	p->end = s->leadout;
	p->s = NULL;
	return 0;
}

static int vbd_rec_session(struct vbd_parse *p, struct vbd_line *l)
{
	int64_t type = 0, leadout = 0;
	struct vb_session *s;
	uint64_t number;
	int ret;

	if ((ret = vbd_need_disc(p, l)) || (ret = vbd_close_session(p)))
		return ret;
	if (vbd_u64(l->pos[0], &number) || number != p->d->n_sessions + 1 ||
	    number > UINT16_MAX)
		return vbd_err(p, "session %s: sessions are numbered 1, 2, ...",
			       l->pos[0]);
	if ((ret = vbd_num(p, l, "type", true, 0, 0xfe, &type)) ||
	    (ret = vbd_num(p, l, "leadout", true, INT32_MIN, INT32_MAX,
			   &leadout)))
		return ret;
	s = vb_disc_add_session(p->d);
	if (!s)
		return -ENOMEM;
	s->disc_type = (uint8_t)type;
	s->leadout = (int32_t)leadout;
	p->s = s;
	p->s_line = p->line;
	return 0;
}

/* index=A,B,...: offsets from start of INDEX 02, 03, ... */
static int vbd_indexes(struct vbd_parse *p, struct vbd_line *l,
		       struct vb_track *t)
{
	const char *v = vbd_get(l, "index");
	char num[16];
	uint64_t off;
	size_t n;

	while (v && *v) {
		n = strcspn(v, ",");
		if (n == 0 || n >= sizeof(num))
			return vbd_err(p, "index= is a list of offsets");
		memcpy(num, v, n);
		num[n] = 0;
		v += n + (v[n] == ',');
		if (vbd_u64(num, &off) || off >= t->length ||
		    vb_track_add_index(t, (uint32_t)off))
			return vbd_err(p,
				       "index=: offsets ascend, above 0 and "
				       "below the length, at most %u",
				       VB_MAX_INDEX - 1);
		if (!*v && v[-1] == ',')
			return vbd_err(p, "index= ends with a comma");
	}
	return 0;
}

static int vbd_rec_track(struct vbd_parse *p, struct vbd_line *l)
{
	int64_t ctl = 0, start = 0, pregap = 0, len = 0, post = 0;
	const char *modes[VB_MODE__COUNT], *isrc = "";
	struct vb_track *t;
	unsigned mode = 0, i;
	uint64_t number;
	int ret;

	if (!p->s)
		return vbd_err(p, "track before its 'session' record");
	if ((ret = vbd_close_track(p)))
		return ret;
	if (vbd_u64(l->pos[0], &number) || number < 1 || number > UINT16_MAX ||
	    (p->d->n_tracks &&
	     number <= p->d->tracks[p->d->n_tracks - 1]->number))
		return vbd_err(p, "track %s: track numbers ascend from 1",
			       l->pos[0]);
	for (i = 0; i < VB_MODE__COUNT; i++)
		modes[i] = vb_track_mode_name((enum vb_track_mode)i);
	if ((ret = vbd_enum(p, l, "mode", true, modes, VB_MODE__COUNT,
			    &mode)) ||
	    (ret = vbd_num(p, l, "ctl", true, 0, 15, &ctl)) ||
	    (ret = vbd_num(p, l, "start", true, INT32_MIN, INT32_MAX,
			   &start)) ||
	    (ret = vbd_num(p, l, "pregap", true, 0, UINT32_MAX, &pregap)) ||
	    (ret = vbd_num(p, l, "length", true, 1, UINT32_MAX, &len)) ||
	    (ret = vbd_num(p, l, "postgap", false, 0, (uint64_t)len, &post)) ||
	    (ret = vbd_str(p, l, "isrc", false, 12, &isrc)))
		return ret;
	if (start - pregap < INT32_MIN || start + len > INT32_MAX)
		return vbd_err(p, "track %u lies outside the LBA range",
			       (unsigned)number);
	if (start - pregap < p->end)
		return vbd_err(p,
			       "track %u begins at LBA %lld, before the end "
			       "of the previous track or session (%lld)",
			       (unsigned)number, (long long)(start - pregap),
			       (long long)p->end);
	t = vb_disc_add_track(p->d);
	if (!t)
		return -ENOMEM;
	t->number = (uint16_t)number;
	t->mode = (enum vb_track_mode)mode;
	t->ctl = (uint8_t)ctl;
	t->start = (int32_t)start;
	t->pregap = (uint32_t)pregap;
	t->length = (uint32_t)len;
	t->postgap = (uint32_t)post;
	strcpy(t->isrc, isrc);
	p->t = t;
	p->t_line = p->line;
	p->t_sum = 0;
	return vbd_indexes(p, l, t);
}

/* Bytes [off, off + len) lie within the committed part of file id. */
static int vbd_check_bytes(struct vbd_parse *p, unsigned id, uint64_t off,
			   uint64_t len, const char *what)
{
	const uint64_t committed = p->files[id - 1].committed;

	if (off <= committed && len <= committed - off)
		return 0;
	return vbd_err(p,
		       "track %u: the %s of this extent ends beyond the %llu "
		       "committed bytes of %s",
		       p->t->number, what, (unsigned long long)committed,
		       p->st.files[id - 1].path);
}

/* sub=F [sub-file=ID sub-offset=BYTES sub-stride=N] of an extent */
static int vbd_extent_sub(struct vbd_parse *p, struct vbd_line *l,
			  struct vb_extent *e)
{
	const bool sep = vbd_get(l, "sub-file") || vbd_get(l, "sub-offset") ||
			 vbd_get(l, "sub-stride");
	unsigned sub = VB_SUB_NONE, size;
	int64_t id = 0, stride = 0;
	int ret;

	if ((ret = vbd_enum(p, l, "sub", false, vbd_sub_names,
			    VB_ARRAY_SIZE(vbd_sub_names), &sub)))
		return ret;
	e->sub = (enum vb_sub_fmt)sub;
	size = sub == VB_SUB_Q16 ? 16 : 96;
	if (!sep)
		return 0;
	if (sub == VB_SUB_NONE)
		return vbd_err(p, "sub-file= without sub=");
	if ((ret = vbd_num(p, l, "sub-file", true, 1, p->st.n_files, &id)) ||
	    (ret = vbd_bytes(p, l, "sub-offset", &e->sub_offset)) ||
	    (ret = vbd_num(p, l, "sub-stride", true, size, VBD_MAX_STRIDE,
			   &stride)))
		return ret;
	e->sub_src = p->files[id - 1].src;
	e->sub_stride = (uint32_t)stride;
	return vbd_check_bytes(p, (unsigned)id, e->sub_offset,
			       (uint64_t)(e->sectors - 1) * e->sub_stride +
				       size,
			       "subchannel");
}

/* The data size each stored kind of extent allows. */
static bool vbd_size_ok(enum vb_data_fmt data, int64_t size)
{
	if (data == VB_DATA_RAW)
		return size == 2352;
	return size == 2048 || size == 2324 || size == 2336;
}

static int vbd_rec_extent(struct vbd_parse *p, struct vbd_line *l)
{
	static const char *const stored[] = {
		"size", "file",	    "offset",	  "stride",
		"sub",	"sub-file", "sub-offset", "sub-stride",
	};
	struct vb_extent e = { 0 };
	int64_t sectors = 0, size = 0, id = 0, stride = 0;
	unsigned data = 0, i, inl;
	int ret;

	if (!p->t)
		return vbd_err(p, "extent before its 'track' record");
	if ((ret = vbd_num(p, l, "sectors", true, 1, UINT32_MAX, &sectors)) ||
	    (ret = vbd_enum(p, l, "data", true, vbd_data_names,
			    VB_ARRAY_SIZE(vbd_data_names), &data)) ||
	    (ret = vbd_flag(p, l, "swap", false, &e.swap)))
		return ret;
	e.sectors = (uint32_t)sectors;
	e.data = (enum vb_data_fmt)data;
	if (e.data == VB_DATA_ZERO) {
		for (i = 0; i < VB_ARRAY_SIZE(stored); i++)
			if (vbd_get(l, stored[i]))
				return vbd_err(
					p, "data=zero takes no %s=", stored[i]);
	} else {
		if ((ret = vbd_num(p, l, "size", true, 1, 2352, &size)) ||
		    (ret = vbd_num(p, l, "file", true, 1, p->st.n_files,
				   &id)) ||
		    (ret = vbd_bytes(p, l, "offset", &e.offset)) ||
		    (ret = vbd_num(p, l, "stride", true, 1, VBD_MAX_STRIDE,
				   &stride)) ||
		    (ret = vbd_extent_sub(p, l, &e)))
			return ret;
		if (!vbd_size_ok(e.data, size))
			return vbd_err(p, "size=%d does not go with data=%s",
				       (int)size, vbd_data_names[data]);
		e.data_size = (uint16_t)size;
		e.stride = (uint32_t)stride;
		e.src = p->files[id - 1].src;
		inl = e.sub == VB_SUB_NONE || e.sub_src ? 0 :
		      e.sub == VB_SUB_Q16		? 16 :
							  96;
		if (e.stride < e.data_size + inl)
			return vbd_err(p,
				       "stride=%u is less than the %u bytes "
				       "stored per sector",
				       e.stride, e.data_size + inl);
		ret = vbd_check_bytes(p, (unsigned)id, e.offset,
				      (uint64_t)(e.sectors - 1) * e.stride +
					      e.data_size + inl,
				      "data");
		if (ret)
			return ret;
	}
	if (p->t_sum + e.sectors > (uint64_t)p->t->pregap + p->t->length)
		return vbd_err(p,
			       "track %u: extents beyond its pregap + length",
			       p->t->number);
	ret = vb_track_add_extent(p->t, &e);
	if (ret == -EINVAL)
		return vbd_err(p, "an extent the disc model refuses");
	p->t_sum += e.sectors;
	return ret;
}

static int vbd_rec_end(struct vbd_parse *p, struct vbd_line *l)
{
	(void)l;
	p->ended = true;
	return 0;
}

static const struct vbd_rec {
	const char *name;
	unsigned n_pos; /* words before the keys */
	int (*fn)(struct vbd_parse *p, struct vbd_line *l);
} vbd_recs[] = {
	{ "drive", 0, vbd_rec_drive },
	{ "file", 1, vbd_rec_file },
	{ "disc", 0, vbd_rec_disc },
	{ "cdtext-lang", 0, vbd_rec_cdtext_lang },
	{ "cdtext-pack", 1, vbd_rec_cdtext_pack },
	{ "cdtext", 0, vbd_rec_cdtext },
	{ "session", 1, vbd_rec_session },
	{ "track", 1, vbd_rec_track },
	{ "extent", 0, vbd_rec_extent },
	{ "end", 0, vbd_rec_end },
};

/* One record after the first line: dispatched, then no key left over. */
static int vbd_record(struct vbd_parse *p, char *text)
{
	const struct vbd_rec *r = NULL;
	struct vbd_line l;
	unsigned i;
	int ret;

	if ((ret = vbd_split(p, text, &l)))
		return ret;
	if (p->ended)
		return vbd_err(p, "a record after 'end'");
	for (i = 0; i < VB_ARRAY_SIZE(vbd_recs) && !r; i++)
		if (!strcmp(l.word, vbd_recs[i].name))
			r = &vbd_recs[i];
	if (!r)
		return vbd_err(p, "unknown record '%s'", l.word);
	if (l.n_pos != r->n_pos)
		return vbd_err(p, "'%s' takes %u word(s) before its keys",
			       r->name, r->n_pos);
	if ((ret = r->fn(p, &l)))
		return ret;
	for (i = 0; i < l.n; i++)
		if (!l.f[i].used)
			return vbd_err(p, "unknown key '%s' in a '%s' record",
				       l.f[i].key, r->name);
	return 0;
}

/*
 * Line 1, "vburn-disc N": the version of the grammar. Only version 1 is
 * read; a later one may hold records or keys this code would have to
 * drop, and a dropped part of the drive's state (a kind of extent, a
 * committed length) would serve a different disc (docs/vbd.md).
 */
static int vbd_header(struct vbd_parse *p, char *text)
{
	struct vbd_line l;
	uint64_t v;

	if (vbd_split(p, text, &l) || strcmp(l.word, VBD_MAGIC) ||
	    l.n_pos != 1 || l.n)
		return vbd_err(p, "not a vburn manifest (no '%s %d' line)",
			       VBD_MAGIC, VBD_VERSION);
	if (vbd_u64(l.pos[0], &v) || v != VBD_VERSION)
		return vbd_err(p,
			       "manifest version %s; this vburn reads "
			       "version %d only",
			       l.pos[0], VBD_VERSION);
	return 0;
}

/* Every line of text; comments (#) and blank lines after line 1. */
static int vbd_lines(struct vbd_parse *p, char *text)
{
	char *s = text, *nl, *first;
	size_t n;
	int ret;

	for (p->line = 1; *s; p->line++, s = nl ? nl + 1 : s + n) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		if (nl)
			*nl = 0;
		if (n && s[n - 1] == '\r')
			s[n - 1] = 0; /* a manifest edited on Windows */
		if (p->line == 1) {
			ret = vbd_header(p, s);
		} else {
			first = vbd_skip_ws(s);
			if (!*first || *first == '#')
				continue;
			ret = vbd_record(p, s);
		}
		if (ret)
			return ret;
	}
	if (p->line == 1)
		return vbd_err(p, "empty manifest");
	if (!p->ended)
		return vbd_err_at(p, p->line - 1,
				  "no 'end' record: the manifest is cut "
				  "short");
	return 0;
}

static int vbd_build(struct vbd_parse *p)
{
	int ret;

	if ((ret = vbd_close_session(p)))
		return ret;
	if (!p->seen_drive || !p->d)
		return vbd_err_at(p, p->line - 1, "no '%s' record",
				  p->d ? "drive" : "disc");
	if (p->n_packs &&
	    (ret = vb_disc_set_cdtext(p->d, p->packs,
				      p->n_packs * VB_CDTEXT_PACK)))
		return ret;
	/* a blank medium has no session, and nothing to finish */
	if (p->d->n_sessions)
		return vb_disc_finish(p->d, p->path, p->diag);
	return 0;
}

static int vbd_parse_with(struct vb_src *src, const char *path,
			  struct vb_src *bound, struct vb_disc **out,
			  struct vb_vbd_state *st, struct vb_diag *diag)
{
	struct vbd_parse p = { .path = path, .diag = diag, .end = INT64_MIN };
	char *text = NULL;
	unsigned i;
	int ret;

	*out = NULL;
	p.bound = bound;
	if (st)
		vb_vbd_state_init(st);
	ret = fmt_read_text(src, path, VBD_MAX_TEXT, "a manifest", true, diag,
			    &text);
	if (!ret)
		ret = vbd_lines(&p, text);
	if (!ret)
		ret = vbd_build(&p);
	if (ret == -ENOMEM)
		vb_diag_set(diag, path, "out of memory");
	for (i = 0; i < p.st.n_files; i++) {
		vb_src_unref(p.files[i].src);
		free(p.files[i].abs);
	}
	free(p.files);
	free(p.packs);
	free(text);
	if (ret) {
		vb_disc_unref(p.d);
		vb_vbd_state_fini(&p.st);
		return ret;
	}
	*out = p.d;
	if (st)
		*st = p.st;
	else
		vb_vbd_state_fini(&p.st);
	return 0;
}

int vbd_parse(struct vb_src *src, const char *path, struct vb_disc **out,
	      struct vb_vbd_state *st, struct vb_diag *diag)
{
	return vbd_parse_with(src, path, NULL, out, st, diag);
}

int vbd_parse_bound(struct vb_src *src, const char *path, struct vb_src *data,
		    struct vb_disc **out, struct vb_diag *diag)
{
	return vbd_parse_with(src, path, data, out, NULL, diag);
}
