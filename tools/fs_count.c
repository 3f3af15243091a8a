/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How often each key was seen (fs_int.h): the backends' guard against
 * volumes whose directories point back at an ancestor or share one
 * subdirectory between several parents. Such a volume is a tree only in
 * appearance: walked naively it doubles at every level and never ends
 * (docs/formats.md "Hostile images"). An open-addressing table of
 * 64-bit keys; it grows by doubling, so it costs memory in proportion to
 * the keys a walk really meets (the directory blocks), not to the disc.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fs_int.h"

struct fs_count_slot {
	uint64_t key;
	unsigned n; /* 0: empty */
};

/* Fibonacci hashing spreads neighbouring block numbers over the table. */
static size_t slot_of(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static int grow(struct fs_count *c)
{
	const size_t cap = c->cap ? c->cap * 2 : 256;
	struct fs_count_slot *s = calloc(cap, sizeof(*s));

	if (!s)
		return -1;
	for (size_t i = 0; i < c->cap; i++) {
		size_t j;

		if (!c->slots[i].n)
			continue;
		j = slot_of(c->slots[i].key, cap);
		while (s[j].n)
			j = (j + 1) & (cap - 1);
		s[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = s;
	c->cap = cap;
	return 0;
}

unsigned fs_count_add(struct fs_count *c, uint64_t key)
{
	size_t j;

	/* at most half full, so probes stay short and always end */
	if (2 * (c->used + 1) > c->cap && grow(c))
		return UINT32_MAX; /* out of memory: treated as seen too often */
	j = slot_of(key, c->cap);
	while (c->slots[j].n && c->slots[j].key != key)
		j = (j + 1) & (c->cap - 1);
	if (!c->slots[j].n) {
		c->slots[j].key = key;
		c->used++;
	}
	if (c->slots[j].n < UINT32_MAX)
		c->slots[j].n++;
	return c->slots[j].n;
}

void fs_count_free(struct fs_count *c)
{
	free(c->slots);
	c->slots = NULL;
	c->cap = c->used = 0;
}
