/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Is the ISO 9660 volume a tree? (fs_int.h) libisofs reads a volume's
 * whole tree at import by plain recursion, with no guard against a
 * directory record naming an ancestor or a directory two records share:
 * such a volume never finishes importing (two loops double the walk at
 * each level) or overflows the stack (a long chain), docs/formats.md
 * "Hostile images". Before libisofs sees a volume, this walks what it
 * would follow, breadth first with its own queue: the ECMA-119 hierarchy
 * of the primary descriptor twice, as plain ECMA-119 and as Rock Ridge
 * reads it (RRIP 4.1.5: CL stands for a directory moved elsewhere, which
 * is followed; RE marks it in its new place, which is skipped), and the
 * Joliet hierarchy of a supplementary descriptor. In each walk every
 * directory may be reached once, no deeper than FS_MAX_DEPTH, and no
 * more than FS_MAX_NODES in all.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs_int.h"

#define BLOCK 2048
#define CE_HOPS 32     /* continuation areas followed per record */
#define DESCRIPTORS 64 /* volume descriptors looked at (16..79) */

struct walk_dir {
	uint32_t block, len;
	unsigned depth;
};

struct walk {
	const struct vb_disc *disc;
	struct fs_count seen; /* directory blocks reached */
	struct walk_dir *q;
	size_t head, n, cap;
	unsigned skip; /* SUSP bytes skipped (SUSP 5.3, from SP) */
	bool rr;
	uint8_t blk[BLOCK], ce[BLOCK];
	char *err;
	size_t errlen;
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int read_block(const struct walk *w, uint32_t lba, uint8_t *buf)
{
	return lba > INT32_MAX || vb_disc_read(w->disc, (int32_t)lba, 1,
					       VB_READ_USER, buf) ?
		       -EIO :
		       0;
}

/* Queues directory block (len bytes) unless it was reached before. */
static int enqueue(struct walk *w, uint32_t block, uint32_t len, unsigned depth)
{
	if (fs_count_add(&w->seen, block) > 1) {
		snprintf(w->err, w->errlen,
			 "its directories loop: the one at block %u is "
			 "reached twice",
			 block);
		return -ELOOP;
	}
	if (depth > FS_MAX_DEPTH || w->seen.used > FS_MAX_NODES) {
		snprintf(w->err, w->errlen,
			 "directories nested over %d deep or over %u in all",
			 FS_MAX_DEPTH, FS_MAX_NODES);
		return -ELOOP;
	}
	if (w->n == w->cap) {
		const size_t cap = w->cap ? w->cap * 2 : 64;
		struct walk_dir *q = realloc(w->q, cap * sizeof(*q));

		if (!q)
			return -ENOMEM;
		w->q = q;
		w->cap = cap;
	}
	w->q[w->n++] = (struct walk_dir){ block, len, depth };
	return 0;
}

/*
 * The Rock Ridge entries of one record that change the walk (SUSP 5.1
 * and 5.3, RRIP 4.1.5): *cl the block of a relocated directory, *re
 * whether this is one in its new place. Continuation areas (CE) are
 * followed as libisofs follows them; a damaged entry ends the area.
 */
static void susp_scan(struct walk *w, const uint8_t *p, size_t len,
		      uint32_t *cl, bool *re)
{
	for (unsigned hops = 0; hops <= CE_HOPS;) {
		uint32_t ce_block = 0, ce_off = 0, ce_len = 0;

		while (len >= 4 && p[2] >= 4 && p[2] <= len) {
			if (!memcmp(p, "CE", 2) && p[2] >= 28) {
				ce_block = le32(p + 4);
				ce_off = le32(p + 12);
				ce_len = le32(p + 20);
			} else if (!memcmp(p, "CL", 2) && p[2] >= 12) {
				*cl = le32(p + 4);
			} else if (!memcmp(p, "RE", 2)) {
				*re = true;
			} else if (!memcmp(p, "ST", 2)) {
				break;
			}
			len -= p[2];
			p += p[2];
		}
		if (!ce_len || ce_off >= BLOCK || ++hops > CE_HOPS ||
		    read_block(w, ce_block, w->ce))
			return;
		p = w->ce + ce_off;
		len = ce_len < BLOCK - ce_off ? ce_len : BLOCK - ce_off;
	}
}

/* One directory record (ECMA-119 9.1) of a directory at depth d. */
static int record(struct walk *w, const uint8_t *r, unsigned d, bool root)
{
	const unsigned nlen = r[32], sua = 33 + nlen + !(nlen & 1);
	const bool dir = r[25] & 2, dots = nlen == 1 && r[33] <= 1;
	uint32_t cl = 0;
	bool re = false;

	if (33 + nlen > r[0])
		return 0; /* damaged: libisofs stops at it too */
	if (w->rr && sua + w->skip < r[0])
		susp_scan(w, r + sua + w->skip, r[0] - sua - w->skip, &cl, &re);
	/* SUSP 5.3: SP in the root's "." says how many bytes to skip */
	if (root && dots && !r[33] && w->rr && sua + 7 <= r[0] &&
	    !memcmp(r + sua, "SP", 2) && r[sua + 4] == 0xbe &&
	    r[sua + 5] == 0xef)
		w->skip = r[sua + 6];
	if (dots || re)
		return 0;
	/* the moved directory's size is in its own "." record */
	if (cl)
		return read_block(w, cl, w->ce) || w->ce[0] < 34 ?
			       0 :
			       enqueue(w, cl, le32(w->ce + 10), d + 1);
	if (dir)
		return enqueue(w, le32(r + 2), le32(r + 10), d + 1);
	return 0;
}

/* Walks the hierarchy under the root record at root (34 bytes). */
static int hierarchy(struct walk *w, const uint8_t *root, bool rr)
{
	int r;

	w->rr = rr;
	w->skip = 0;
	w->head = w->n = 0;
	fs_count_free(&w->seen);
	r = enqueue(w, le32(root + 2), le32(root + 10), 0);
	while (!r && w->head < w->n) {
		const struct walk_dir dir = w->q[w->head++];
		const uint32_t blocks = dir.len / BLOCK + !!(dir.len % BLOCK);

		for (uint32_t b = 0; !r && b < blocks; b++) {
			if (read_block(w, dir.block + b, w->blk))
				break; /* libisofs says why */
			/* records do not cross blocks (ECMA-119 6.8.1.1) */
			for (unsigned off = 0;
			     !r && off + 34 <= BLOCK && w->blk[off] >= 34 &&
			     off + w->blk[off] <= BLOCK;
			     off += w->blk[off])
				r = record(w, w->blk + off, dir.depth,
					   dir.depth == 0 && b == 0 &&
						   off == 0);
		}
	}
	return r;
}

int fs_iso_tree_check(const struct vb_disc *d, uint32_t start, char *err,
		      size_t errlen)
{
	struct walk *w = calloc(1, sizeof(*w));
	uint8_t vd[BLOCK];
	int r = 0;

	if (!w)
		return -ENOMEM;
	w->disc = d;
	w->err = err;
	w->errlen = errlen;
	for (unsigned i = 0; !r && i < DESCRIPTORS; i++) {
		if (read_block(w, start + 16 + i, vd) ||
		    memcmp(vd + 1, "CD001", 5) || vd[0] == 255)
			break;
		/* the primary (with Rock Ridge) and a Joliet supplementary
		 * one (ECMA-119 8.4, 8.5; Joliet: escape %/@, %/C or %/E) */
		if (vd[0] == 1) {
			r = hierarchy(w, vd + 156, false);
			if (!r)
				r = hierarchy(w, vd + 156, true);
		} else if (vd[0] == 2 && vd[88] == '%' && vd[89] == '/')
			r = hierarchy(w, vd + 156, false);
	}
	fs_count_free(&w->seen);
	free(w->q);
	free(w);
	return r;
}
