/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CRC-16 and the compressed hunk map of CHD v5 (docs/chd.md "Map"): a
 * 16-byte header, a Huffman code of the 16 entry types, the type of every
 * hunk (runs as RLE tokens, repeated references as pseudo-types), then per
 * hunk its length and CRC-16 or its reference. The decoder checks every
 * entry against the file before anything trusts it; the encoder sizes its
 * output from the bits it writes (chdman 0.251 does not: docs/chd.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "chd.h"

/* Symbols of the type stream beyond the seven entry types. */
enum {
	M_RLE_SMALL = 7,
	M_RLE_LARGE,
	M_SELF_0,
	M_SELF_1,
	M_PARENT_SELF,
	M_PARENT_0,
	M_PARENT_1,
	M_SYMBOLS = 16,
};

static uint16_t crc16_update(uint16_t crc, const uint8_t *p, size_t n)
{
	static uint16_t table[256];
	static bool ready;
	unsigned i, k;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < 256; i++) {
			uint16_t c = (uint16_t)(i << 8);

			for (k = 0; k < 8; k++)
				c = (uint16_t)(c & 0x8000 ? c << 1 ^ 0x1021 :
							    c << 1);
			table[i] = c;
		}
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	while (n--)
		crc = (uint16_t)(crc << 8 ^ table[(crc >> 8 ^ *p++) & 0xff]);
	return crc;
}

uint16_t chd_crc16(const uint8_t *p, size_t n)
{
	return crc16_update(0xffff, p, n);
}

/* The 12 bytes of an expanded entry, as its CRC covers them. */
static uint16_t crc_entry(uint16_t crc, const struct chd_entry *e)
{
	uint8_t b[12];

	b[0] = e->type;
	put_be24(b + 1, e->len);
	put_be16(b + 4, (uint16_t)(e->off >> 32));
	put_be32(b + 6, (uint32_t)e->off);
	put_be16(b + 10, e->crc);
	return crc16_update(crc, b, sizeof(b));
}

static unsigned bits_for(uint64_t v)
{
	unsigned n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

/* Pass 1: the type of every hunk from the symbol stream. */
static int map_types(struct chd_huff *h, struct chd_bits *b, uint32_t hunks,
		     struct chd_entry *out)
{
	uint32_t i, rep = 0;
	uint8_t last = 0;

	for (i = 0; i < hunks; i++) {
		int v;

		if (rep) {
			out[i].type = last;
			rep--;
			continue;
		}
		v = chd_huff_decode(h, b);
		if (v < 0 || v > M_PARENT_1)
			return -EINVAL;
		if (v == M_RLE_SMALL || v == M_RLE_LARGE) {
			int x = chd_huff_decode(h, b), y = 0;

			if (v == M_RLE_LARGE)
				y = chd_huff_decode(h, b);
			if (x < 0 || y < 0)
				return -EINVAL;
			rep = v == M_RLE_SMALL ?
				      2u + (uint32_t)x :
				      18u + ((uint32_t)x << 4) + (uint32_t)y;
			out[i].type = last;
		} else {
			out[i].type = last = (uint8_t)v;
		}
	}
	return 0;
}

int chd_map_decode(const uint8_t *map, size_t len, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t file_size,
		   struct chd_entry *out, const char **why)
{
	const uint32_t uph = hunkbytes / unitbytes;
	uint64_t cur, last_self = 0, last_parent = 0;
	unsigned lbits, sbits, pbits;
	struct chd_bits b = { 0 };
	struct chd_huff h;
	uint16_t crc = 0xffff;
	uint32_t i, mapbytes;
	int ret;

	*why = "map header cut short";
	if (len < CHD_MAP_HEADER || !uph)
		return -EINVAL;
	mapbytes = get_be32(map);
	cur = (uint64_t)get_be16(map + 4) << 32 | get_be32(map + 6);
	lbits = map[12];
	sbits = map[13];
	pbits = map[14];
	*why = "map runs past the end of the file";
	if (mapbytes > len - CHD_MAP_HEADER)
		return -EINVAL;
	*why = "bad map field widths";
	if (lbits > 24 || sbits > 32 || pbits > 32)
		return -EINVAL;
	b.p = map + CHD_MAP_HEADER;
	b.len = mapbytes;
	ret = chd_huff_init(&h, M_SYMBOLS, 8);
	if (ret)
		return ret;
	*why = "bad map Huffman code";
	ret = chd_huff_import_rle(&h, &b);
	if (!ret) {
		*why = "bad map type stream";
		ret = map_types(&h, &b, hunks, out);
	}
	chd_huff_fini(&h);
	if (ret)
		return -EINVAL;
	for (i = 0; i < hunks; i++) {
		struct chd_entry *e = &out[i];

		*why = "a stored hunk lies outside the file";
		switch (e->type) {
		case 0:
		case 1:
		case 2:
		case 3:
		case CHD_T_NONE:
			e->len = e->type == CHD_T_NONE ?
					 hunkbytes :
					 chd_bits_read(&b, lbits);
			e->crc = (uint16_t)chd_bits_read(&b, 16);
			e->off = cur;
			cur += e->len;
			if (!e->len || e->len > hunkbytes || cur > file_size)
				return -EINVAL;
			break;
		case CHD_T_SELF:
			last_self = chd_bits_read(&b, sbits);
			goto self;
		case M_SELF_1:
			last_self++;
			/* fall through */
		case M_SELF_0:
self:
			e->type = CHD_T_SELF;
			e->off = last_self;
			*why = "a hunk copies a later one";
			if (last_self >= i)
				return -EINVAL;
			break;
		case CHD_T_PARENT:
			last_parent = chd_bits_read(&b, pbits);
			goto parent;
		case M_PARENT_SELF:
			last_parent = (uint64_t)i * uph;
			goto parent;
		case M_PARENT_1:
			last_parent += uph;
			/* fall through */
		case M_PARENT_0:
parent:
			e->type = CHD_T_PARENT;
			e->off = last_parent;
			*why = "a parent reference out of range";
			if (last_parent > (UINT64_MAX >> 16) / unitbytes)
				return -EINVAL;
			break;
		default:
			*why = "bad map entry type";
			return -EINVAL;
		}
		if (e->type == CHD_T_SELF || e->type == CHD_T_PARENT)
			e->len = e->crc = 0;
		crc = crc_entry(crc, e);
	}
	*why = "map bit stream cut short";
	if (b.over)
		return -EINVAL;
	*why = "map CRC differs";
	if (crc != get_be16(map + 10))
		return -EINVAL;
	*why = NULL;
	return 0;
}

/* ---- encoding ---- */

struct map_enc {
	uint8_t *sym; /* per hunk: the type symbol, pseudo-types included */
	uint32_t hist[M_SYMBOLS];
	uint64_t max_len, max_self, max_parent;
};

/* Pseudo-types for references that follow the previous one. */
static void enc_symbols(struct map_enc *m, const struct chd_entry *e,
			uint32_t hunks, uint32_t hunkbytes, uint32_t uph)
{
	uint64_t last_self = 0, last_parent = 0;
	uint32_t i;

	for (i = 0; i < hunks; i++) {
		uint8_t s = e[i].type;

		if (s == CHD_T_SELF) {
			if (e[i].off == last_self)
				s = M_SELF_0;
			else if (e[i].off == last_self + 1)
				s = M_SELF_1;
			else if (e[i].off > m->max_self)
				m->max_self = e[i].off;
			last_self = e[i].off;
		} else if (s == CHD_T_PARENT) {
			if (e[i].off == (uint64_t)i * uph)
				s = M_PARENT_SELF;
			else if (e[i].off == last_parent)
				s = M_PARENT_0;
			else if (e[i].off == last_parent + uph)
				s = M_PARENT_1;
			else if (e[i].off > m->max_parent)
				m->max_parent = e[i].off;
			last_parent = e[i].off;
		} else {
			const uint64_t l =
				s == CHD_T_NONE ? hunkbytes : e[i].len;

			if (l > m->max_len)
				m->max_len = l;
		}
		m->sym[i] = s;
	}
}

/* The type stream with runs; counts symbols (w NULL) or writes them. */
static void enc_stream(struct map_enc *m, uint32_t hunks,
		       const struct chd_huff *h, struct chd_bitw *w)
{
	uint8_t last = 0;
	uint32_t i = 0;

#define EMIT(v)                                               \
	do {                                                  \
		if (w)                                        \
			chd_huff_encode(h, w, (unsigned)(v)); \
		else                                          \
			m->hist[v]++;                         \
	} while (0)

	while (i < hunks) {
		const uint8_t s = m->sym[i];
		uint32_t n = 1, r;

		while (i + n < hunks && m->sym[i + n] == s)
			n++;
		i += n;
		r = n;
		if (s != last) { /* the first hunk of the run names it */
			EMIT(s);
			last = s;
			r--;
		}
		while (r) {
			if (r >= 19) {
				const uint32_t t = r < 274 ? r : 274;

				EMIT(M_RLE_LARGE);
				EMIT((t - 19) >> 4);
				EMIT((t - 19) & 15);
				r -= t;
			} else if (r >= 3) {
				EMIT(M_RLE_SMALL);
				EMIT(r - 3);
				r = 0;
			} else {
				EMIT(s);
				r--;
			}
		}
	}
#undef EMIT
}

int chd_map_encode(const struct chd_entry *e, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t firstoffs,
		   uint8_t **out, size_t *len)
{
	struct map_enc m = { 0 };
	struct chd_huff h;
	struct chd_bitw w = { 0 };
	unsigned lbits, sbits, pbits;
	uint64_t cur = firstoffs;
	uint16_t crc = 0xffff;
	uint32_t i;
	int ret;

	*out = NULL;
	m.sym = malloc(hunks ? hunks : 1);
	/* per hunk at most 3 symbols of 8 bits and 48 bits of fields */
	w.cap = 64 + (size_t)hunks * 12;
	w.p = malloc(CHD_MAP_HEADER + w.cap);
	ret = m.sym && w.p ? chd_huff_init(&h, M_SYMBOLS, 8) : -ENOMEM;
	if (ret)
		goto out;
	enc_symbols(&m, e, hunks, hunkbytes, hunkbytes / unitbytes);
	enc_stream(&m, hunks, NULL, NULL);
	ret = chd_huff_from_histo(&h, m.hist);
	if (ret)
		goto out_huff;
	lbits = bits_for(m.max_len);
	sbits = bits_for(m.max_self);
	pbits = bits_for(m.max_parent);
	w.p += CHD_MAP_HEADER;
	chd_huff_export_rle(&h, &w);
	enc_stream(&m, hunks, &h, &w);
	for (i = 0; i < hunks; i++) {
		struct chd_entry x = e[i];

		switch (m.sym[i]) {
		case 0:
		case 1:
		case 2:
		case 3:
			chd_bitw_put(&w, x.len, lbits);
			/* fall through */
		case CHD_T_NONE:
			chd_bitw_put(&w, x.crc, 16);
			x.off = cur;
			if (x.type == CHD_T_NONE)
				x.len = hunkbytes;
			cur += x.len;
			break;
		case CHD_T_SELF:
			chd_bitw_put(&w, (uint32_t)x.off, sbits);
			break;
		case CHD_T_PARENT:
			chd_bitw_put(&w, (uint32_t)x.off, pbits);
			break;
		}
		if (x.type == CHD_T_SELF || x.type == CHD_T_PARENT)
			x.len = x.crc = 0;
		crc = crc_entry(crc, &x);
	}
	w.p -= CHD_MAP_HEADER;
	if (w.over || pbits > 32) {
		ret = -EOVERFLOW;
		goto out_huff;
	}
	put_be32(w.p, (uint32_t)chd_bitw_bytes(&w));
	put_be16(w.p + 4, (uint16_t)(firstoffs >> 32));
	put_be32(w.p + 6, (uint32_t)firstoffs);
	put_be16(w.p + 10, crc);
	w.p[12] = (uint8_t)lbits;
	w.p[13] = (uint8_t)sbits;
	w.p[14] = (uint8_t)pbits;
	w.p[15] = 0;
	*len = CHD_MAP_HEADER + chd_bitw_bytes(&w);
	*out = w.p;
	w.p = NULL;
out_huff:
	chd_huff_fini(&h);
out:
	free(w.p);
	free(m.sym);
	return ret;
}
