/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hunks a CHD need not store (docs/chd.md "Writing"): one equal to a hunk
 * stored earlier in the file becomes a self reference, found by SHA-1 as
 * chdman does; one equal to a hunk-sized run of its parent's units (at
 * any unit, not only at hunk boundaries: a file that grew by a sector
 * shifts the rest of a disc by one unit) becomes a parent reference. The
 * parent's units are indexed by the SHA-1 of each (decoded once, when the
 * parent is opened); a run is taken when the SHA-1s of all its units
 * match, as chdman takes a hunk's SHA-1 for its self references, so the
 * parent is not decoded again for every hunk. With a parent, a hunk's own
 * key is the SHA-1 of its units' SHA-1s: the hunk is hashed once.
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

/* A unit's SHA-1 (cw_hunk_sha1) picks its bucket by its first 8 bytes. */
static uint64_t cw_key(const uint8_t *sha)
{
	uint64_t k;

	memcpy(&k, sha, sizeof(k));
	return k;
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
	p->us = calloc(p->units ? p->units : 1, sizeof(*p->us));
	p->chain = calloc(p->units ? p->units : 1, sizeof(*p->chain));
	p->head = calloc(size, sizeof(*p->head));
	if (!buf || !p->us || !p->chain || !p->head) {
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
			cw_hunk_sha1(buf + u * p->unitbytes, p->unitbytes,
				     p->us[n]);
			b = cw_key(p->us[n]) & p->mask;
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
	int ret;

	memset(p, 0, sizeof(*p));
	ret = chd_file_open_path(parent, &p->c, diag);
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
	p->cs = calloc(p->units_per_hunk, sizeof(*p->cs));
	if (!p->cs)
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
	free(p->us);
	free(p->head);
	free(p->chain);
	free(p->cs);
	memset(p, 0, sizeof(*p));
}

/* Units u.. of the parent have the SHA-1s of the hunk's units? */
static bool cw_parent_run(const struct cw_parent *p, uint64_t u)
{
	const uint32_t k = p->units_per_hunk;
	uint32_t i;

	if (u + k > p->units)
		return false;
	for (i = 0; i < k; i++)
		if (memcmp(p->us[u + i], p->cs[i], CHD_SHA1))
			return false;
	return true;
}

void cw_hunk_key(struct cw_parent *p, const uint8_t *in, size_t hb,
		 uint8_t *key)
{
	uint32_t i;

	if (!p->c) {
		cw_hunk_sha1(in, hb, key);
		return;
	}
	for (i = 0; i < p->units_per_hunk; i++)
		cw_hunk_sha1(in + (size_t)i * p->unitbytes, p->unitbytes,
			     p->cs[i]);
	cw_hunk_sha1(&p->cs[0][0], (size_t)p->units_per_hunk * CHD_SHA1, key);
}

bool cw_parent_find(const struct cw_parent *p, uint32_t num, uint64_t *unit)
{
	const uint32_t k = p->units_per_hunk;
	uint32_t tries = 0, n;
	uint64_t key;

	if (!p->c)
		return false;
	if (cw_parent_run(p, (uint64_t)num * k)) {
		*unit = (uint64_t)num * k;
		return true;
	}
	key = cw_key(p->cs[0]);
	for (n = p->head[key & p->mask]; n && tries < CW_PARENT_TRIES;
	     n = p->chain[n - 1]) {
		if (cw_key(p->us[n - 1]) != key)
			continue;
		tries++;
		if (cw_parent_run(p, n - 1)) {
			*unit = n - 1;
			return true;
		}
	}
	return false;
}
