/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hunks a CHD need not store (docs/chd.md "Writing"): one equal to a hunk
 * stored earlier in the file becomes a self reference, found by SHA-1 as
 * chdman does; one equal to a hunk-sized run of its parent's units (at
 * any unit, not only at hunk boundaries: a file that grew by a sector
 * shifts the rest of a disc by one unit) becomes a parent reference. The
 * parent's units are indexed by a 64-bit hash each, candidates confirmed
 * against the parent's bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha1.h>

#include "chd_write.h"

#define CW_PARENT_TRIES 16 /* candidate runs checked per hunk */

void cw_hunk_sha1(const uint8_t *p, size_t len, uint8_t *out)
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, len, p);
	sha1_digest(&c, CHD_SHA1, out);
}

static uint64_t cw_pow2(uint64_t n)
{
	uint64_t p = 16;

	while (p < n)
		p <<= 1;
	return p;
}

/* ---- self ---- */

int cw_dedup_init(struct cw_dedup *s, uint64_t hunks)
{
	const uint64_t size = cw_pow2(hunks * 2);

	s->mask = size - 1;
	s->key = calloc(size, sizeof(*s->key));
	s->val = calloc(size, sizeof(*s->val));
	return s->key && s->val ? 0 : -ENOMEM;
}

void cw_dedup_fini(struct cw_dedup *s)
{
	free(s->key);
	free(s->val);
	s->key = NULL;
	s->val = NULL;
}

static uint64_t cw_slot0(const struct cw_dedup *s, const uint8_t *sha)
{
	uint64_t h;

	memcpy(&h, sha, sizeof(h));
	return h & s->mask;
}

bool cw_dedup_find(const struct cw_dedup *s, const uint8_t *sha, uint64_t *hunk)
{
	uint64_t i = cw_slot0(s, sha);

	for (; s->val[i]; i = (i + 1) & s->mask)
		if (!memcmp(s->key[i], sha, CHD_SHA1)) {
			*hunk = s->val[i] - 1;
			return true;
		}
	return false;
}

int cw_dedup_add(struct cw_dedup *s, const uint8_t *sha, uint64_t hunk)
{
	uint64_t i = cw_slot0(s, sha);

	while (s->val[i])
		i = (i + 1) & s->mask;
	memcpy(s->key[i], sha, CHD_SHA1);
	s->val[i] = hunk + 1;
	return 0;
}

/* ---- parent ---- */

/* FNV-1a over 8-byte words: cheap, and only a filter before memcmp. */
static uint64_t cw_uhash(const uint8_t *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static int cw_parent_index(struct cw_parent *p)
{
	const uint32_t hb = p->c->hunkbytes;
	const uint64_t size = cw_pow2(p->units * 2);
	uint8_t *buf = malloc(hb);
	uint64_t u;
	uint32_t h;
	int ret = 0;

	p->mask = size - 1;
	p->uh = calloc(p->units ? p->units : 1, sizeof(*p->uh));
	p->chain = calloc(p->units ? p->units : 1, sizeof(*p->chain));
	p->head = calloc(size, sizeof(*p->head));
	if (!buf || !p->uh || !p->chain || !p->head) {
		free(buf);
		return -ENOMEM;
	}
	for (h = 0; !ret && h < p->c->hunks; h++) {
		ret = chd_file_hunk(p->c, h, buf);
		for (u = 0; !ret && u < hb / p->unitbytes; u++) {
			const uint64_t n =
				(uint64_t)h * (hb / p->unitbytes) + u;
			uint64_t b;

			if (n >= p->units)
				break;
			p->uh[n] =
				cw_uhash(buf + u * p->unitbytes, p->unitbytes);
			b = p->uh[n] & p->mask;
			p->chain[n] = p->head[b];
			p->head[b] = (uint32_t)n + 1;
		}
	}
	free(buf);
	return ret;
}

int cw_parent_open(struct cw_parent *p, const char *parent,
		   const struct cw_layout *lay, const char *path,
		   struct vb_diag *diag)
{
	struct vb_src *src;
	int ret;

	memset(p, 0, sizeof(*p));
	ret = vb_src_open(&src, parent);
	if (ret) {
		vb_diag_set(diag, parent, "%s", strerror(-ret));
		return ret;
	}
	ret = chd_file_open(parent, src, NULL, &p->c, diag);
	vb_src_unref(src);
	if (ret)
		return ret;
	if (p->c->unitbytes != lay->unitbytes) {
		vb_diag_set(diag, path,
			    "parent %s has %u-byte units, this disc %u", parent,
			    p->c->unitbytes, lay->unitbytes);
		return -EINVAL;
	}
	if (!p->c->compressed) {
		vb_diag_set(diag, path, "parent %s is uncompressed: no SHA-1",
			    parent);
		return -EINVAL;
	}
	p->unitbytes = lay->unitbytes;
	p->units_per_hunk = lay->hunkbytes / lay->unitbytes;
	p->units = (uint64_t)p->c->hunks * (p->c->hunkbytes / p->unitbytes);
	p->win = malloc(lay->hunkbytes);
	p->ch = calloc(p->units_per_hunk, sizeof(*p->ch));
	if (!p->win || !p->ch)
		return -ENOMEM;
	ret = cw_parent_index(p);
	if (ret)
		vb_diag_set(diag, parent, "reading the parent: %s",
			    strerror(-ret));
	return ret;
}

void cw_parent_close(struct cw_parent *p)
{
	chd_file_close(p->c);
	free(p->uh);
	free(p->head);
	free(p->chain);
	free(p->win);
	free(p->ch);
	memset(p, 0, sizeof(*p));
}

/* Units u.. of the parent equal the hunk in (hashes, then bytes)? */
static bool cw_parent_run(struct cw_parent *p, const uint8_t *in, uint64_t u)
{
	const uint32_t k = p->units_per_hunk;
	uint32_t i;

	if (u + k > p->units)
		return false;
	for (i = 0; i < k; i++)
		if (p->uh[u + i] != p->ch[i])
			return false;
	return !chd_file_read(p->c, p->win, (size_t)k * p->unitbytes,
			      u * p->unitbytes) &&
	       !memcmp(p->win, in, (size_t)k * p->unitbytes);
}

bool cw_parent_find(struct cw_parent *p, const uint8_t *in, uint32_t num,
		    uint64_t *unit)
{
	const uint32_t k = p->units_per_hunk;
	uint32_t i, tries = 0, n;

	if (!p->c)
		return false;
	for (i = 0; i < k; i++)
		p->ch[i] =
			cw_uhash(in + (size_t)i * p->unitbytes, p->unitbytes);
	if (cw_parent_run(p, in, (uint64_t)num * k)) {
		*unit = (uint64_t)num * k;
		return true;
	}
	for (n = p->head[p->ch[0] & p->mask]; n && tries < CW_PARENT_TRIES;
	     n = p->chain[n - 1]) {
		if (p->uh[n - 1] != p->ch[0])
			continue;
		tries++;
		if (cw_parent_run(p, in, n - 1)) {
			*unit = n - 1;
			return true;
		}
	}
	return false;
}
