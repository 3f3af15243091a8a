/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CHD writer (docs/chd.md "Writing"): the disc's sectors laid out as
 * chdman lays a CD (2448-byte frames, tracks padded to 4 frames, audio
 * big-endian, CHT2 metadata) or a DVD (2048-byte units), plus our own
 * manifest (VBDM) so that nothing the disc model holds is lost. Hunks are
 * made in batches: this thread reads them in order and finds the ones
 * already stored (a self reference) or in the parent (a parent
 * reference); a worker per core compresses the rest; the blocks are
 * written in hunk order, so memory is a batch whatever the disc's size.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha1.h>
#include <zlib.h>

#include "vburn/bytes.h"
#include "vburn/vbd.h"
#include "chd.h"
#include "chd_write.h"
#include "vbd.h"

#define CW_BATCH 64 /* hunks read, compressed and written together */
#define CW_MAX_WORKERS 8
#define CW_DVD_HUNK 4096 /* chdman createdvd's default: 2 sectors */

struct cw_hunk {
	uint8_t *in, *out; /* hunkbytes each */
	uint8_t class;	   /* CW_DATA | CW_AUDIO of its frames */
	bool compress;	   /* not a reference: compress it */
	struct chd_entry e;
};

struct cw {
	const struct vb_disc *d;
	struct cw_layout lay;
	uint32_t comp[4];
	uint64_t hunks;
	struct cw_hunk batch[CW_BATCH];
	unsigned n_batch;
	unsigned next; /* the next hunk of the batch a worker takes */
	pthread_mutex_t lock;
	struct chd_codec *codec[CW_MAX_WORKERS];
	unsigned workers;
	struct cw_dedup self;
	struct cw_parent par;
	struct sha1_ctx raw;
	struct cw_cursor cur;
};

/* ---- compression ---- */

/* The codec slots worth trying for a hunk of that class. */
/*
 * The codec slots worth trying for a hunk, in order. chdman tries every
 * codec on every hunk and keeps the smallest (docs/chd.md "Writing").
 * FLAC wins on audio, so an audio hunk tries cdfl only. On data LZMA
 * wins where the data compresses at all, and where it does not (random
 * bytes, files compressed already) it is 25 times slower than Deflate and
 * no smaller: a quick Deflate at level 1 that cannot bring the hunk under
 * CW_LZMA_WORTH of its size sends a data hunk to cdzl, any other to cdlz.
 * A hunk of both kinds tries all three.
 */
#define CW_LZMA_WORTH 0.75

static bool cw_compressible(const uint8_t *in, uint32_t hb, uint8_t *tmp)
{
	uLongf n = (uLongf)(hb * CW_LZMA_WORTH);

	return compress2(tmp, &n, in, hb, 1) == Z_OK;
}

static unsigned cw_slots(const struct cw *w, const struct cw_hunk *h,
			 uint8_t *tmp, unsigned *slot)
{
	unsigned n = 0, i;

	if (w->lay.cd && h->class == CW_AUDIO) {
		slot[n++] = 2; /* cdfl */
	} else if (w->lay.cd && h->class != CW_DATA) {
		for (i = 0; i < 3; i++)
			slot[n++] = i;
	} else { /* cdlz or cdzl (CD), lzma or zlib (DVD) */
		slot[n++] =
			cw_compressible(h->in, w->lay.hunkbytes, tmp) ? 0 : 1;
	}
	return n;
}

static int cw_compress(struct cw *w, struct chd_codec *c, struct cw_hunk *h)
{
	const uint32_t hb = w->lay.hunkbytes;
	unsigned slot[4], n, i;
	uint8_t *tmp = h->out + hb; /* the second half: a trial */
	size_t len, best = hb;
	int ret;

	n = cw_slots(w, h, tmp, slot);
	h->e.type = CHD_T_NONE;
	for (i = 0; i < n; i++) {
		ret = chd_compress(c, w->comp[slot[i]], h->in, tmp, &len);
		if (ret == -ENOSPC)
			continue;
		if (ret)
			return ret;
		if (len < best) {
			best = len;
			h->e.type = (uint8_t)slot[i];
			memcpy(h->out, tmp, len);
		}
	}
	if (h->e.type == CHD_T_NONE)
		memcpy(h->out, h->in, hb);
	h->e.len = (uint32_t)best;
	return 0;
}

struct cw_worker {
	struct cw *w;
	unsigned id;
	int ret;
};

static void *cw_work(void *arg)
{
	struct cw_worker *k = arg;
	struct cw *w = k->w;

	for (;;) {
		unsigned j;

		pthread_mutex_lock(&w->lock);
		while (w->next < w->n_batch && !w->batch[w->next].compress)
			w->next++;
		j = w->next < w->n_batch ? w->next++ : w->n_batch;
		pthread_mutex_unlock(&w->lock);
		if (j == w->n_batch || k->ret)
			break;
		k->ret = cw_compress(w, w->codec[k->id], &w->batch[j]);
	}
	return NULL;
}

/* Compresses the batch's marked hunks on every worker, this thread too. */
static int cw_compress_batch(struct cw *w)
{
	struct cw_worker k[CW_MAX_WORKERS];
	pthread_t th[CW_MAX_WORKERS];
	bool started[CW_MAX_WORKERS] = { false };
	unsigned i;
	int ret = 0;

	w->next = 0;
	for (i = 0; i < w->workers; i++) {
		k[i] = (struct cw_worker){ .w = w, .id = i };
		if (i)
			started[i] =
				!pthread_create(&th[i], NULL, cw_work, &k[i]);
	}
	cw_work(&k[0]);
	for (i = 0; i < w->workers; i++) {
		if (i && started[i])
			pthread_join(th[i], NULL);
		if (!ret)
			ret = k[i].ret;
	}
	return ret;
}

/* ---- the batch: read, reference, compress, write ---- */

static int cw_batch(struct cw *w, uint64_t first, struct img_out *o,
		    struct chd_entry *map)
{
	const uint32_t hb = w->lay.hunkbytes;
	unsigned j;
	int ret;

	w->n_batch = (unsigned)VB_MIN((uint64_t)CW_BATCH, w->hunks - first);
	for (j = 0; j < w->n_batch; j++) {
		struct cw_hunk *h = &w->batch[j];
		const uint64_t num = first + j;
		const uint64_t left = w->lay.logical - num * hb;
		uint8_t sha[CHD_SHA1];

		if ((ret = cw_next_hunk(&w->cur, h->in, &h->class)))
			return ret;
		sha1_update(&w->raw, (size_t)VB_MIN(left, (uint64_t)hb), h->in);
		h->e = (struct chd_entry){ .crc = chd_crc16(h->in, hb) };
		cw_hunk_key(&w->par, h->in, hb, sha);
		h->compress = false;
		if (cw_dedup_find(&w->self, sha, &h->e.off)) {
			h->e.type = CHD_T_SELF;
		} else if (cw_parent_find(&w->par, (uint32_t)num, &h->e.off)) {
			h->e.type = CHD_T_PARENT;
		} else {
			h->compress = true;
			ret = cw_dedup_add(&w->self, sha, num);
			if (ret)
				return ret;
		}
	}
	if ((ret = cw_compress_batch(w)))
		return ret;
	for (j = 0; j < w->n_batch; j++) {
		struct cw_hunk *h = &w->batch[j];

		if (h->compress) {
			h->e.off = o->pos;
			ret = img_out_write(o, h->out, h->e.len);
			if (ret)
				return ret;
		} else {
			h->e.len = 0;
			h->e.crc = 0;
		}
		map[first + j] = h->e;
	}
	return 0;
}

/* ---- header and metadata ---- */

static void cw_header(const struct cw *w, uint8_t *h, uint64_t mapoff,
		      uint64_t metaoff, const uint8_t *rawsha,
		      const uint8_t *sha)
{
	unsigned i;

	memset(h, 0, CHD_V5_HEADER);
	memcpy(h, CHD_TAG, 8);
	put_be32(h + 8, CHD_V5_HEADER);
	put_be32(h + 12, 5);
	for (i = 0; i < 4; i++)
		put_be32(h + 16 + 4 * i, w->comp[i]);
	put_be64(h + 32, w->lay.logical);
	put_be64(h + 40, mapoff);
	put_be64(h + 48, metaoff);
	put_be32(h + 56, w->lay.hunkbytes);
	put_be32(h + 60, w->lay.unitbytes);
	memcpy(h + CHD_H_RAWSHA1, rawsha, CHD_SHA1);
	memcpy(h + CHD_H_SHA1, sha, CHD_SHA1);
	if (w->par.c)
		memcpy(h + CHD_H_PARENTSHA1, w->par.c->sha1, CHD_SHA1);
}

/* Writes the metadata chain from o->pos (entries back to back). */
static int cw_meta(struct img_out *o, const struct cw_meta_list *m)
{
	unsigned i;
	int ret;

	for (i = 0; i < m->n; i++) {
		uint8_t h[16];
		const uint64_t next = o->pos + sizeof(h) + m->len[i];

		put_be32(h, m->tag[i]);
		h[4] = CHD_META_CHECKSUM;
		put_be24(h + 5, m->len[i]);
		put_be64(h + 8, i + 1 < m->n ? next : 0);
		if ((ret = img_out_write(o, h, sizeof(h))) ||
		    (ret = img_out_write(o, m->data[i], m->len[i])))
			return ret;
	}
	return 0;
}

static int cw_setup(struct cw *w, const struct vb_img_wopts *opts,
		    struct vb_diag *diag, const char *path)
{
	const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const uint32_t hb = w->lay.hunkbytes;
	unsigned i;
	int ret;

	if (w->lay.cd) {
		w->comp[0] = CHD_CDLZ;
		w->comp[1] = CHD_CDZL;
		w->comp[2] = CHD_CDFL;
	} else { /* chdman's raw and DVD defaults, so it reads them */
		w->comp[0] = CHD_LZMA;
		w->comp[1] = CHD_ZLIB;
		w->comp[2] = CHD_HUFF;
		w->comp[3] = CHD_FLAC;
	}
	w->hunks = (w->lay.logical + hb - 1) / hb;
	w->workers = cpus < 1 ? 1 : (unsigned)VB_MIN(cpus, CW_MAX_WORKERS);
	pthread_mutex_init(&w->lock, NULL);
	sha1_init(&w->raw);
	if ((ret = cw_cursor_init(&w->cur, w->d, &w->lay)))
		return ret;
	for (i = 0; i < CW_BATCH; i++) {
		w->batch[i].in = malloc(hb);
		w->batch[i].out = malloc(2 * (size_t)hb);
		if (!w->batch[i].in || !w->batch[i].out)
			return -ENOMEM;
	}
	for (i = 0; i < w->workers; i++)
		if ((ret = chd_codec_new(&w->codec[i], hb)))
			return ret;
	if ((ret = cw_dedup_init(&w->self, w->hunks)))
		return ret;
	if (opts->parent)
		return cw_parent_open(&w->par, opts->parent, &w->lay, path,
				      diag);
	return 0;
}

static void cw_free(struct cw *w)
{
	unsigned i;

	for (i = 0; i < CW_BATCH; i++) {
		free(w->batch[i].in);
		free(w->batch[i].out);
	}
	for (i = 0; i < CW_MAX_WORKERS; i++)
		chd_codec_free(w->codec[i]);
	cw_dedup_fini(&w->self);
	cw_parent_close(&w->par);
	cw_layout_fini(&w->lay);
	cw_cursor_fini(&w->cur);
	pthread_mutex_destroy(&w->lock);
}

/* Hunks from the cursor to the end, the map after them. */
static int cw_body(struct cw *w, struct img_out *o, uint64_t *mapoff,
		   const struct vb_img_wopts *opts)
{
	struct chd_entry *map = calloc(w->hunks ? w->hunks : 1, sizeof(*map));
	const uint64_t firstoffs = o->pos;
	uint8_t *mbuf = NULL;
	size_t mlen = 0;
	uint64_t h;
	int ret = map ? 0 : -ENOMEM;

	for (h = 0; !ret && h < w->hunks; h += CW_BATCH) {
		ret = cw_batch(w, h, o, map);
		if (opts->prog && opts->prog->fn)
			opts->prog->fn(opts->prog->ctx,
				       VB_MIN(h + CW_BATCH, w->hunks),
				       w->hunks);
	}
	if (!ret)
		ret = chd_map_encode(map, (uint32_t)w->hunks, w->lay.hunkbytes,
				     w->lay.unitbytes, firstoffs, &mbuf, &mlen);
	*mapoff = o->pos;
	if (!ret)
		ret = img_out_write(o, mbuf, mlen);
	free(mbuf);
	free(map);
	return ret;
}

int chd_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag)
{
	struct cw w = { .d = d };
	struct cw_meta_list meta = { 0 };
	struct img_out o = { .fd = -1 };
	uint8_t hdr[CHD_V5_HEADER], rawsha[CHD_SHA1], sha[CHD_SHA1];
	uint64_t mapoff = 0;
	int ret;

	ret = cw_layout(d, &w.lay, path, diag);
	if (!ret)
		ret = cw_setup(&w, opts, diag, path);
	if (!ret)
		ret = cw_meta_make(d, &w.lay, &meta, diag);
	if (!ret)
		ret = img_out_open(&o, path);
	if (!ret) {
		memset(hdr, 0, sizeof(hdr));
		ret = img_out_write(&o, hdr, sizeof(hdr));
	}
	if (!ret)
		ret = cw_meta(&o, &meta);
	if (!ret)
		ret = cw_body(&w, &o, &mapoff, opts);
	if (!ret) {
		sha1_digest(&w.raw, CHD_SHA1, rawsha);
		cw_meta_sha1(&meta, rawsha, sha);
		cw_header(&w, hdr, mapoff, meta.n ? CHD_V5_HEADER : 0, rawsha,
			  sha);
		if (pwrite(o.fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr))
			ret = errno ? -errno : -EIO;
	}
	if (!ret)
		ret = img_out_commit(&o);
	else
		img_out_abort(&o);
	if (ret && diag && !diag->msg[0])
		vb_diag_set(diag, path, "%s", strerror(-ret));
	cw_meta_free(&meta);
	cw_free(&w);
	return ret;
}
