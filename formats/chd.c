/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHD v5 files (docs/chd.md): the header, the hunk map, the metadata index,
 * the parent of a child image, and the decoded hunks behind a small cache,
 * so that reading costs memory independent of the image's size. What the
 * stream means (a CD's tracks, a DVD) is formats/chd_disc.c.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <nettle/sha1.h>

#include "vburn/bytes.h"
#include "chd.h"

#define CHD_MAX_HUNK (1u << 20)	 /* chdman's HUNK_SIZE_MAX */
#define CHD_MAX_HUNKS (1u << 25) /* 12 bytes each in memory: 384 MiB */
#define CHD_MAX_META 4096	 /* entries in the metadata chain */
#define CHD_CACHE_SLOTS 8

/* Decoded hunks, least recently used replaced; one lock for the file. */
struct chd_cache {
	pthread_mutex_t lock;
	struct chd_codec *codec;
	uint8_t *blk;  /* a stored block being read */
	uint8_t *data; /* CHD_CACHE_SLOTS hunks */
	uint32_t hunk[CHD_CACHE_SLOTS];
	uint64_t used[CHD_CACHE_SLOTS]; /* 0: empty */
	uint64_t tick;
};

static int chd_bad(struct vb_diag *diag, const char *path, const char *why)
{
	vb_diag_set(diag, path, "not a usable CHD: %s", why);
	return -EINVAL;
}

/* The v5 header (docs/chd.md "Header"); v3/v4 are named, not read. */
static int chd_header(struct chd_file *c, struct vb_diag *diag)
{
	const uint64_t fsize = vb_src_size(c->src);
	uint8_t h[CHD_V5_HEADER];
	uint32_t version;
	unsigned i;

	if (vb_src_read(c->src, h, 16, 0) || memcmp(h, CHD_TAG, 8))
		return chd_bad(diag, c->path, "no MComprHD signature");
	version = get_be32(h + 12);
	if (version != 5) {
		vb_diag_set(diag, c->path,
			    "CHD version %u; this vburn reads version 5 "
			    "(chdman copy converts older files)",
			    version);
		return -ENOTSUP;
	}
	if (get_be32(h + 8) != CHD_V5_HEADER ||
	    vb_src_read(c->src, h, sizeof(h), 0))
		return chd_bad(diag, c->path, "short version 5 header");
	for (i = 0; i < 4; i++) {
		c->comp[i] = get_be32(h + 16 + 4 * i);
		if (i && !c->comp[i - 1] && c->comp[i])
			return chd_bad(diag, c->path,
				       "a compressor after an empty slot");
		if (c->comp[i] && !chd_codec_known(c->comp[i])) {
			vb_diag_set(diag, c->path,
				    "compressor '%c%c%c%c' is not supported",
				    (char)(c->comp[i] >> 24),
				    (char)(c->comp[i] >> 16),
				    (char)(c->comp[i] >> 8), (char)c->comp[i]);
			return -ENOTSUP;
		}
	}
	c->compressed = c->comp[0] != 0;
	c->logical = get_be64(h + 32);
	c->mapoff = get_be64(h + 40);
	c->metaoff = get_be64(h + 48);
	c->hunkbytes = get_be32(h + 56);
	c->unitbytes = get_be32(h + 60);
	memcpy(c->rawsha1, h + CHD_H_RAWSHA1, CHD_SHA1);
	memcpy(c->sha1, h + CHD_H_SHA1, CHD_SHA1);
	memcpy(c->parentsha1, h + CHD_H_PARENTSHA1, CHD_SHA1);
	if (!c->hunkbytes || c->hunkbytes > CHD_MAX_HUNK || !c->unitbytes ||
	    c->hunkbytes % c->unitbytes)
		return chd_bad(diag, c->path, "bad hunk or unit size");
	if (c->logical / c->hunkbytes >= CHD_MAX_HUNKS)
		return chd_bad(diag, c->path, "too many hunks");
	c->hunks = (uint32_t)((c->logical + c->hunkbytes - 1) / c->hunkbytes);
	if (!c->mapoff || c->mapoff > fsize)
		return chd_bad(diag, c->path, "map offset outside the file");
	return 0;
}

/* The compressed map (chd_map.c) or the 4-byte entries of an uncompressed one */
static int chd_read_map(struct chd_file *c, struct vb_diag *diag)
{
	const uint64_t fsize = vb_src_size(c->src);
	const char *why = NULL;
	uint8_t *buf;
	uint64_t len;
	uint32_t i;
	int ret;

	c->map = calloc(c->hunks ? c->hunks : 1, sizeof(*c->map));
	if (!c->map)
		return -ENOMEM;
	if (c->compressed) {
		uint8_t mh[4];

		if (vb_src_read(c->src, mh, 4, c->mapoff))
			return chd_bad(diag, c->path, "map header cut short");
		len = (uint64_t)CHD_MAP_HEADER + get_be32(mh);
	} else {
		len = (uint64_t)c->hunks * 4;
	}
	if (!vb_src_has(c->src, c->mapoff, len))
		return chd_bad(diag, c->path, "map runs past the end");
	buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	ret = vb_src_read(c->src, buf, len, c->mapoff);
	if (ret) {
		free(buf);
		vb_diag_set(diag, c->path, "reading the map: %s",
			    strerror(-ret));
		return ret;
	}
	if (c->compressed) {
		ret = chd_map_decode(buf, len, c->hunks, c->hunkbytes,
				     c->unitbytes, fsize, c->map, &why);
		free(buf);
		return ret ? chd_bad(diag, c->path, why ? why : "bad map") : 0;
	}
	for (i = 0; i < c->hunks; i++) {
		const uint64_t off =
			(uint64_t)get_be32(buf + 4 * i) * c->hunkbytes;
		struct chd_entry *e = &c->map[i];

		e->off = off;
		e->len = c->hunkbytes;
		e->type = CHD_T_NONE;
		if (!off) {
			e->type = CHD_T_ZERO;
		} else if (!vb_src_has(c->src, off, c->hunkbytes)) {
			free(buf);
			return chd_bad(diag, c->path, "a hunk past the end");
		}
	}
	free(buf);
	return 0;
}

/* The metadata chain: entries are found by links, not laid out in order. */
static int chd_read_meta(struct chd_file *c, struct vb_diag *diag)
{
	uint64_t off = c->metaoff;
	uint8_t h[16];

	while (off) {
		struct chd_meta *m;

		if (c->n_meta == CHD_MAX_META)
			return chd_bad(diag, c->path,
				       "metadata chain too long (a loop?)");
		if (vb_src_read(c->src, h, sizeof(h), off))
			return chd_bad(diag, c->path,
				       "metadata entry outside the file");
		m = realloc(c->meta, (c->n_meta + 1) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		c->meta = m;
		m += c->n_meta++;
		m->tag = get_be32(h);
		m->flags = h[4];
		m->len = get_be24(h + 5);
		m->off = off + sizeof(h);
		if (!vb_src_has(c->src, m->off, m->len))
			return chd_bad(diag, c->path,
				       "metadata entry runs past the end");
		off = get_be64(h + 8);
	}
	return 0;
}

unsigned chd_meta_count(const struct chd_file *c, uint32_t tag)
{
	unsigned i, n = 0;

	for (i = 0; i < c->n_meta; i++)
		n += c->meta[i].tag == tag;
	return n;
}

char *chd_meta_get(const struct chd_file *c, uint32_t tag, unsigned index,
		   uint32_t *len)
{
	unsigned i;
	char *p;

	for (i = 0; i < c->n_meta; i++) {
		if (c->meta[i].tag != tag || index--)
			continue;
		p = malloc(c->meta[i].len + 1);
		if (!p)
			return NULL;
		if (vb_src_read(c->src, p, c->meta[i].len, c->meta[i].off)) {
			free(p);
			return NULL;
		}
		p[c->meta[i].len] = 0;
		if (len)
			*len = c->meta[i].len;
		return p;
	}
	return NULL;
}

static int chd_ent_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 4 + CHD_SHA1);
}

void chd_overall_sha1(const uint8_t raw[CHD_SHA1], const uint32_t *tags,
		      const uint8_t (*sha)[CHD_SHA1], unsigned n,
		      uint8_t out[CHD_SHA1])
{
	uint8_t(*ent)[4 + CHD_SHA1] = calloc(n ? n : 1, sizeof(*ent));
	struct sha1_ctx ctx;
	unsigned i;

	sha1_init(&ctx);
	sha1_update(&ctx, CHD_SHA1, raw);
	if (!ent) { /* cannot sort: an all-zero result never matches */
		memset(out, 0, CHD_SHA1);
		return;
	}
	for (i = 0; i < n; i++) {
		put_be32(ent[i], tags[i]);
		memcpy(ent[i] + 4, sha[i], CHD_SHA1);
	}
	/* entries in memcmp order (docs/chd.md "SHA-1s") */
	qsort(ent, n, sizeof(*ent), chd_ent_cmp);
	for (i = 0; i < n; i++)
		sha1_update(&ctx, sizeof(*ent), ent[i]);
	sha1_digest(&ctx, CHD_SHA1, out);
	free(ent);
}

/* ---- the parent ---- */

/* What chd_find_parent looks for, and what it found. */
struct chd_seek {
	const uint8_t *want;
	struct stat self;
	char *found;
};

static int chd_seek_one(const char *path, void *arg)
{
	struct chd_seek *k = arg;
	uint8_t sha[CHD_SHA1];
	struct stat st;

	if (stat(path, &st) == 0 && st.st_ino == k->self.st_ino &&
	    st.st_dev == k->self.st_dev)
		return 0;
	if (chd_head_sha1(path, CHD_H_SHA1, sha) ||
	    memcmp(sha, k->want, CHD_SHA1))
		return 0;
	k->found = strdup(path);
	return 1;
}

/*
 * A parent is named by nothing but its SHA-1 (docs/chd.md "Parent"), so
 * it is looked for among the *.chd files of a directory (not the child).
 * Owned path, or NULL.
 */
static char *chd_find_parent(const struct chd_file *c, const char *dir)
{
	struct chd_seek k = { .want = c->parentsha1 };
	char *own = NULL;

	if (!dir) {
		own = chd_dir_of(c->path);
		if (!own)
			return NULL;
		dir = own;
	}
	if (stat(c->path, &k.self) < 0)
		memset(&k.self, 0, sizeof(k.self));
	chd_dir_each(dir, chd_seek_one, &k);
	free(own);
	return k.found;
}

static bool chd_sha1_zero(const uint8_t *s)
{
	unsigned i;

	for (i = 0; i < CHD_SHA1; i++)
		if (s[i])
			return false;
	return true;
}

static int chd_open_depth(const char *path, struct vb_src *src,
			  const char *parent_dir, unsigned depth,
			  struct chd_file **out, struct vb_diag *diag);

static int chd_open_parent(struct chd_file *c, const char *dir, unsigned depth,
			   struct vb_diag *diag)
{
	struct vb_src *ps;
	char *pp;
	int ret;

	if (depth >= CHD_MAX_PARENTS) {
		vb_diag_set(diag, c->path,
			    "more than %u parents in a chain (a loop?)",
			    CHD_MAX_PARENTS);
		return -ELOOP;
	}
	pp = chd_find_parent(c, dir);
	if (!pp) {
		vb_diag_set(diag, c->path,
			    "needs its parent CHD, which is not in %s",
			    dir ? dir : "its directory");
		return -ENOENT;
	}
	ret = vb_src_open(&ps, pp);
	if (!ret) {
		ret = chd_open_depth(pp, ps, dir, depth + 1, &c->parent, diag);
		vb_src_unref(ps);
	}
	free(pp);
	if (ret)
		return ret;
	if (c->parent->unitbytes != c->unitbytes) {
		vb_diag_set(diag, c->path,
			    "parent %s has units of %u bytes, not %u",
			    c->parent->path, c->parent->unitbytes,
			    c->unitbytes);
		return -EINVAL;
	}
	return 0;
}

/* ---- hunks ---- */

static int chd_cache_new(struct chd_file *c)
{
	struct chd_cache *k = calloc(1, sizeof(*k));

	if (!k)
		return -ENOMEM;
	c->cache = k;
	pthread_mutex_init(&k->lock, NULL);
	k->blk = malloc(c->hunkbytes);
	k->data = malloc((size_t)c->hunkbytes * CHD_CACHE_SLOTS);
	if (!k->blk || !k->data)
		return -ENOMEM;
	return chd_codec_new(&k->codec, c->hunkbytes);
}

/* Decodes hunk h into out; the cache lock is held. */
static int chd_decode(struct chd_file *c, uint32_t h, uint8_t *out)
{
	struct chd_cache *k = c->cache;
	const struct chd_entry *e;
	int ret;

	if (h >= c->hunks)
		return -EIO;
	e = &c->map[h];
	while (e->type == CHD_T_SELF) /* always an earlier hunk: ends */
		e = &c->map[e->off];
	switch (e->type) {
	case CHD_T_ZERO:
		if (c->parent)
			return chd_file_read(c->parent, out, c->hunkbytes,
					     (uint64_t)h * c->hunkbytes);
		memset(out, 0, c->hunkbytes);
		return 0;
	case CHD_T_PARENT:
		if (!c->parent)
			return -EIO;
		return chd_file_read(c->parent, out, c->hunkbytes,
				     e->off * c->unitbytes);
	case CHD_T_NONE:
		ret = vb_src_read(c->src, out, c->hunkbytes, e->off);
		break;
	default:
		if (e->type > 3 || !c->comp[e->type] || e->len > c->hunkbytes)
			return -EINVAL;
		ret = vb_src_read(c->src, k->blk, e->len, e->off);
		/* a block the codec cannot decode is a medium error */
		if (!ret && chd_decompress(k->codec, c->comp[e->type], k->blk,
					   e->len, out))
			ret = -EIO;
	}
	if (!ret && c->compressed && chd_crc16(out, c->hunkbytes) != e->crc)
		ret = -EIO;
	return ret;
}

/* The cache slot holding hunk h, decoded if needed; the lock is held. */
static int chd_slot(struct chd_file *c, uint32_t h, uint8_t **data)
{
	struct chd_cache *k = c->cache;
	unsigned i, lru = 0;
	int ret;

	for (i = 0; i < CHD_CACHE_SLOTS; i++) {
		if (k->used[i] && k->hunk[i] == h)
			break;
		if (k->used[i] < k->used[lru])
			lru = i;
	}
	if (i == CHD_CACHE_SLOTS) {
		i = lru;
		k->used[i] = 0;
		ret = chd_decode(c, h, k->data + (size_t)i * c->hunkbytes);
		if (ret)
			return ret;
		k->hunk[i] = h;
	}
	k->used[i] = ++k->tick;
	*data = k->data + (size_t)i * c->hunkbytes;
	return 0;
}

int chd_file_read(struct chd_file *c, void *buf, size_t len, uint64_t off)
{
	const uint64_t end = (uint64_t)c->hunks * c->hunkbytes;
	uint8_t *p = buf, *data;
	int ret = 0;

	if (off > end || len > end - off)
		return -EIO;
	pthread_mutex_lock(&c->cache->lock);
	while (len && !ret) {
		const uint32_t h = (uint32_t)(off / c->hunkbytes);
		const uint32_t in = (uint32_t)(off % c->hunkbytes);
		const size_t n = VB_MIN(len, (size_t)(c->hunkbytes - in));

		ret = chd_slot(c, h, &data);
		if (!ret)
			memcpy(p, data + in, n);
		p += n;
		off += n;
		len -= n;
	}
	pthread_mutex_unlock(&c->cache->lock);
	return ret;
}

int chd_file_hunk(struct chd_file *c, uint32_t hunk, uint8_t *out)
{
	return chd_file_read(c, out, c->hunkbytes,
			     (uint64_t)hunk * c->hunkbytes);
}

/* ---- open and close ---- */

static int chd_open_depth(const char *path, struct vb_src *src,
			  const char *parent_dir, unsigned depth,
			  struct chd_file **out, struct vb_diag *diag)
{
	struct chd_file *c = calloc(1, sizeof(*c));
	int ret;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->src = vb_src_ref(src);
	c->path = strdup(path);
	ret = c->path ? chd_header(c, diag) : -ENOMEM;
	if (!ret)
		ret = chd_read_map(c, diag);
	if (!ret)
		ret = chd_read_meta(c, diag);
	if (!ret)
		ret = chd_cache_new(c);
	if (!ret && !chd_sha1_zero(c->parentsha1))
		ret = chd_open_parent(c, parent_dir, depth, diag);
	if (ret) {
		if (ret == -ENOMEM)
			vb_diag_set(diag, path, "out of memory");
		chd_file_close(c);
		return ret;
	}
	*out = c;
	return 0;
}

int chd_file_open(const char *path, struct vb_src *src, const char *parent_dir,
		  struct chd_file **out, struct vb_diag *diag)
{
	return chd_open_depth(path, src, parent_dir, 0, out, diag);
}

int chd_file_open_path(const char *path, struct chd_file **out,
		       struct vb_diag *diag)
{
	struct vb_src *src;
	int ret = vb_src_open(&src, path);

	if (ret) {
		*out = NULL;
		vb_diag_set(diag, path, "%s", strerror(-ret));
		return ret;
	}
	ret = chd_file_open(path, src, NULL, out, diag);
	vb_src_unref(src);
	return ret;
}

void chd_file_close(struct chd_file *c)
{
	if (!c)
		return;
	if (c->cache) {
		pthread_mutex_destroy(&c->cache->lock);
		chd_codec_free(c->cache->codec);
		free(c->cache->blk);
		free(c->cache->data);
		free(c->cache);
	}
	chd_file_close(c->parent);
	vb_src_unref(c->src);
	free(c->meta);
	free(c->map);
	free(c->path);
	free(c);
}
