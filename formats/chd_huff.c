/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bit streams and canonical Huffman codes of CHD v5 (docs/chd.md 4.3 and
 * 5.4): the code of the hunk map (16 symbols, lengths up to 8, sent as
 * RLE'd lengths) and the one of the `huff` codec (256 symbols, lengths up
 * to 16, sent through a small code of its own). MAME assigns canonical
 * codes longest first, so the longest codes are the numerically smallest.
 * Decoding goes through a table of 1 << maxbits entries; a bit pattern
 * that starts no code is an error, never a guess.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chd.h"

/* Width of a length field of the RLE form (docs/chd.md 4.3 step 1). */
#define HUFF_RLE_BITS(maxbits) ((maxbits) >= 16 ? 5 : (maxbits) >= 8 ? 4 : 3)

uint32_t chd_bits_read(struct chd_bits *b, unsigned n)
{
	const size_t byte = b->pos >> 3;
	const unsigned skip = b->pos & 7, need = (skip + n + 7) / 8;
	uint64_t acc = 0;
	unsigned i;

	if (!n)
		return 0;
	/* at most 5 bytes hold the n <= 32 bits; missing ones read as 0 */
	for (i = 0; i < need; i++)
		acc = acc << 8 | (byte + i < b->len ? b->p[byte + i] : 0);
	if ((b->pos + n + 7) / 8 > b->len)
		b->over = true;
	b->pos += n;
	return (uint32_t)(acc >> (need * 8 - skip - n) &
			  (((uint64_t)1 << n) - 1));
}

size_t chd_bits_bytes(const struct chd_bits *b)
{
	return (b->pos + 7) / 8;
}

void chd_bitw_put(struct chd_bitw *w, uint32_t v, unsigned n)
{
	while (n--) {
		const size_t byte = w->pos >> 3;

		if (byte >= w->cap) {
			w->over = true;
			return;
		}
		if (!(w->pos & 7))
			w->p[byte] = 0;
		w->p[byte] |= (uint8_t)((v >> n & 1) << (7 - (w->pos & 7)));
		w->pos++;
	}
}

size_t chd_bitw_bytes(const struct chd_bitw *w)
{
	return (w->pos + 7) / 8;
}

int chd_huff_init(struct chd_huff *h, unsigned nsym, unsigned maxbits)
{
	memset(h, 0, sizeof(*h));
	if (!nsym || nsym > CHD_HUFF_MAXSYM || !maxbits || maxbits > 16)
		return -EINVAL;
	h->nsym = nsym;
	h->maxbits = maxbits;
	h->lookup = calloc((size_t)1 << maxbits, sizeof(*h->lookup));
	return h->lookup ? 0 : -ENOMEM;
}

void chd_huff_fini(struct chd_huff *h)
{
	free(h->lookup);
	h->lookup = NULL;
}

/*
 * Codes from the lengths, longest first (docs/chd.md 4.3 step 2): every
 * level from 2 bits up must be filled exactly, as MAME's check demands; at
 * 1 bit a lone code is allowed (a single used symbol) and an over-full
 * level shows as a code that does not fit. Then the decoding table, whose
 * empty entries (length 0) mark patterns that are no code. 0 or -EINVAL.
 */
static int huff_assign(struct chd_huff *h)
{
	uint32_t count[17] = { 0 }, first[17] = { 0 }, start = 0;
	unsigned s, l;

	for (s = 0; s < h->nsym; s++) {
		if (h->len[s] > h->maxbits)
			return -EINVAL;
		count[h->len[s]]++;
	}
	for (l = 16; l > 0; l--) {
		const uint32_t next = (start + count[l]) >> 1;

		if (l != 1 && next * 2 != start + count[l])
			return -EINVAL;
		first[l] = start;
		start = next;
	}
	memset(h->lookup, 0, ((size_t)1 << h->maxbits) * sizeof(*h->lookup));
	for (s = 0; s < h->nsym; s++) {
		uint32_t base, n, j;

		l = h->len[s];
		if (!l)
			continue;
		if (first[l] >> l)
			return -EINVAL;
		h->code[s] = (uint16_t)first[l]++;
		n = 1u << (h->maxbits - l);
		base = (uint32_t)h->code[s] << (h->maxbits - l);
		for (j = 0; j < n; j++)
			h->lookup[base + j] = (uint16_t)(s << 5 | l);
	}
	return 0;
}

int chd_huff_import_rle(struct chd_huff *h, struct chd_bits *b)
{
	const unsigned nb = HUFF_RLE_BITS(h->maxbits);
	unsigned cur = 0;

	while (cur < h->nsym) {
		uint32_t v = chd_bits_read(b, nb), rep;

		if (v != 1) {
			h->len[cur++] = (uint8_t)v;
			continue;
		}
		/* the escape: "1 1" is one length 1, "1 v r" r + 3 of v */
		v = chd_bits_read(b, nb);
		if (v == 1) {
			h->len[cur++] = 1;
			continue;
		}
		rep = chd_bits_read(b, nb) + 3;
		if (rep > h->nsym - cur)
			return -EINVAL;
		while (rep--)
			h->len[cur++] = (uint8_t)v;
	}
	return b->over ? -EINVAL : huff_assign(h);
}

/*
 * The small code of the `huff` codec's tree (docs/chd.md 5.4 step 1): 24
 * symbols up to 6 bits; symbol 0 is "repeat the last length", symbol v > 0
 * the length v - 1. 0 or -EINVAL.
 */
static int huff_small_tree(struct chd_huff *small, struct chd_bits *b)
{
	unsigned start, i, v = 0;

	small->len[0] = (uint8_t)chd_bits_read(b, 3);
	start = chd_bits_read(b, 3) + 1;
	for (i = 1; i < 24; i++) {
		/* below start, or once a 7 ended the list: no code */
		if (i < start || v == 7) {
			small->len[i] = 0;
			continue;
		}
		v = chd_bits_read(b, 3);
		small->len[i] = (uint8_t)(v == 7 ? 0 : v);
	}
	return huff_assign(small);
}

int chd_huff_import_tree(struct chd_huff *h, struct chd_bits *b)
{
	struct chd_huff small;
	unsigned cur = 0, last = 0;
	int ret = chd_huff_init(&small, 24, 6);

	if (ret)
		return ret;
	ret = huff_small_tree(&small, b);
	while (!ret && cur < h->nsym) {
		const int v = chd_huff_decode(&small, b);
		uint32_t n;

		if (v < 0 || b->over) {
			ret = -EINVAL;
		} else if (v) {
			last = (unsigned)v - 1;
			h->len[cur++] = (uint8_t)last;
		} else {
			/* a run: 2..8, or 9 + 8 more bits (bits(256 - 9)) */
			n = chd_bits_read(b, 3) + 2;
			if (n == 9)
				n += chd_bits_read(b, 8);
			while (n-- && cur < h->nsym)
				h->len[cur++] = (uint8_t)last;
		}
	}
	chd_huff_fini(&small);
	if (!ret && b->over)
		ret = -EINVAL;
	return ret ? ret : huff_assign(h);
}

int chd_huff_decode(const struct chd_huff *h, struct chd_bits *b)
{
	/* peek maxbits: a short code at the very end must not set over */
	struct chd_bits peek = *b;
	const uint16_t e = h->lookup[chd_bits_read(&peek, h->maxbits)];
	const unsigned len = e & 31;

	if (!len)
		return -EINVAL;
	(void)chd_bits_read(b, len);
	return e >> 5;
}

/* ---- encoding ---- */

/* Huffman lengths of the weights, without a limit; 0 or -ENOMEM. */
static int huff_lengths(const uint32_t *w, unsigned n, uint8_t *len)
{
	/* nodes 0..n-1 are leaves, then inner nodes; O(n^2) is plenty here */
	uint64_t *wt = calloc(2 * n, sizeof(*wt));
	int *up = calloc(2 * n, sizeof(*up));
	bool *done = calloc(2 * n, sizeof(*done));
	unsigned nodes = n, live = 0, i;
	int ret = 0;

	if (!wt || !up || !done) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		wt[i] = w[i];
		up[i] = -1;
		done[i] = !w[i];
		live += !!w[i];
	}
	for (; live > 1; live--, nodes++) {
		int a = -1, c = -1; /* the lightest two live nodes */

		for (i = 0; i < nodes; i++) {
			if (done[i])
				continue;
			if (a < 0 || wt[i] < wt[a]) {
				c = a;
				a = (int)i;
			} else if (c < 0 || wt[i] < wt[c]) {
				c = (int)i;
			}
		}
		wt[nodes] = wt[a] + wt[c];
		up[nodes] = -1;
		up[a] = up[c] = (int)nodes;
		done[a] = done[c] = true;
	}
	for (i = 0; i < n; i++) {
		unsigned d = 0;
		int k;

		for (k = (int)i; w[i] && up[k] >= 0; k = up[k])
			d++;
		/* a lone used symbol is the root: it still needs 1 bit */
		len[i] = (uint8_t)(w[i] && !d ? 1 : d);
	}
out:
	free(wt);
	free(up);
	free(done);
	return ret;
}

int chd_huff_from_histo(struct chd_huff *h, const uint32_t *histo)
{
	uint32_t w[CHD_HUFF_MAXSYM];
	unsigned s, maxlen;
	int ret;

	for (s = 0; s < h->nsym; s++)
		w[s] = histo[s];
	for (;;) {
		ret = huff_lengths(w, h->nsym, h->len);
		if (ret)
			return ret;
		for (maxlen = 0, s = 0; s < h->nsym; s++)
			if (h->len[s] > maxlen)
				maxlen = h->len[s];
		if (maxlen <= h->maxbits)
			break;
		/*
		 * Too deep: flatten the weights and try again. Used weights
		 * end as 1 or 2, whose tree is at most about log2(nsym) + 1
		 * deep, so this stops well within maxbits.
		 */
		for (s = 0; s < h->nsym; s++)
			if (w[s])
				w[s] = w[s] / 2 + 1;
	}
	return huff_assign(h);
}

/* A run of n lengths v in the RLE form import_rle reads. */
static void huff_rle_run(struct chd_bitw *w, unsigned nb, unsigned v,
			 unsigned n)
{
	const unsigned max = (1u << nb) - 1;

	while (n) {
		if (v == 1) { /* 1 is the escape: "1 1" is one length 1 */
			chd_bitw_put(w, 1, nb);
			chd_bitw_put(w, 1, nb);
			n--;
		} else if (n < 3) {
			chd_bitw_put(w, v, nb);
			n--;
		} else {
			const unsigned r = n - 3 < max ? n - 3 : max;

			chd_bitw_put(w, 1, nb);
			chd_bitw_put(w, v, nb);
			chd_bitw_put(w, r, nb);
			n -= r + 3;
		}
	}
}

void chd_huff_export_rle(const struct chd_huff *h, struct chd_bitw *w)
{
	const unsigned nb = HUFF_RLE_BITS(h->maxbits);
	unsigned s = 0;

	while (s < h->nsym) {
		unsigned n = 1;

		while (s + n < h->nsym && h->len[s + n] == h->len[s])
			n++;
		huff_rle_run(w, nb, h->len[s], n);
		s += n;
	}
}

void chd_huff_encode(const struct chd_huff *h, struct chd_bitw *w, unsigned sym)
{
	chd_bitw_put(w, h->code[sym], h->len[sym]);
}
