/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the CHD bit streams, Huffman codes and hunk map
 * (formats/chd_huff.c, formats/chd_map.c; docs/chd.md 4, 5.4, 6, 10).
 * Known answers: the CRC-16 check value and the tree bits of the worked
 * example (docs/chd.md 4.5), whose type stream our encoder reproduces.
 * Round trips cover Huffman codes from very different histograms and maps
 * with every entry type, pseudo-type and run length, down to the 1- and
 * 3-hunk maps chdman 0.251 writes wrong. Hostile maps must fail with a
 * reason: every test buffer is allocated at exactly the length under test
 * so that ASan sees a read past it.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "../formats/chd.h"

/* A copy of p in a buffer of exactly n bytes (at least 1 allocated). */
static uint8_t *exact_copy(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

/* Writes fields given as { value, bits } pairs, ending at bits 0. */
static size_t put_fields(uint8_t *buf, size_t cap, const uint32_t (*f)[2])
{
	struct chd_bitw w = { .p = buf, .cap = cap };

	for (; f[0][1]; f++)
		chd_bitw_put(&w, f[0][0], f[0][1]);
	ck_assert(!w.over);
	return chd_bitw_bytes(&w);
}

/* ---- CRC-16 and bit streams ---- */

START_TEST(crc16_known)
{
	static const uint8_t entry[12] = { 0 };

	ck_assert_uint_eq(chd_crc16((const uint8_t *)"123456789", 9), 0x29b1);
	ck_assert_uint_eq(chd_crc16(NULL, 0), 0xffff);
	ck_assert_uint_eq(chd_crc16(entry, 12), 0x84f9); /* a zero entry */
}
END_TEST

/* CRC-16/CCITT-FALSE a bit at a time: the reference for the tables. */
static uint16_t crc16_bitwise(const uint8_t *p, size_t n)
{
	uint16_t crc = 0xffff;
	unsigned k;

	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (k = 0; k < 8; k++)
			crc = (uint16_t)(crc & 0x8000 ? crc << 1 ^ 0x1021 :
							crc << 1);
	}
	return crc;
}

/* Every length and alignment around the 8-byte steps, and a hunk. */
START_TEST(crc16_lengths)
{
	const size_t big = 19584;
	uint8_t *buf = malloc(big), *p;
	uint32_t x = 1;
	size_t i, n, off;

	for (i = 0; i < big; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (off = 0; off < 8; off++)
		for (n = 0; n <= 40; n++) {
			p = exact_copy(buf + off, n);
			ck_assert_msg(chd_crc16(p, n) == crc16_bitwise(p, n),
				      "%zu bytes at %zu", n, off);
			free(p);
		}
	ck_assert_uint_eq(chd_crc16(buf, big), crc16_bitwise(buf, big));
	memset(buf, 0xff, big);
	ck_assert_uint_eq(chd_crc16(buf, big), crc16_bitwise(buf, big));
	free(buf);
}
END_TEST

START_TEST(bits_reader)
{
	static const uint8_t p[5] = { 0xa5, 0x3c, 0xff, 0x01, 0x8b };
	struct chd_bits b = { .p = p, .len = sizeof(p) };

	ck_assert_uint_eq(chd_bits_read(&b, 0), 0);
	ck_assert_uint_eq(chd_bits_read(&b, 3), 5); /* 101 */
	ck_assert_uint_eq(chd_bits_read(&b, 5), 5); /* 00101 */
	ck_assert_uint_eq(chd_bits_bytes(&b), 1);
	ck_assert_uint_eq(chd_bits_read(&b, 1), 0);
	ck_assert_uint_eq(chd_bits_bytes(&b), 2); /* a partly read byte */
	ck_assert_uint_eq(chd_bits_read(&b, 30), 0x1e7f80c5u);
	ck_assert(!b.over);
	ck_assert_uint_eq(b.pos, 39);
	/* one bit left, then zeros past the end with over set */
	ck_assert_uint_eq(chd_bits_read(&b, 1), 1);
	ck_assert(!b.over);
	ck_assert_uint_eq(chd_bits_read(&b, 32), 0);
	ck_assert(b.over);
	ck_assert_uint_eq(b.pos, 72);

	/* 32 bits from an odd offset straddle 5 bytes */
	b = (struct chd_bits){ .p = p, .len = sizeof(p) };
	(void)chd_bits_read(&b, 4);
	ck_assert_uint_eq(chd_bits_read(&b, 32), 0x53cff018u);
	ck_assert(!b.over);
	/* a read that ends past the end still returns its real bits */
	ck_assert_uint_eq(chd_bits_read(&b, 8), 0xb0);
	ck_assert(b.over);
}
END_TEST

START_TEST(bits_writer)
{
	uint8_t buf[80];
	struct chd_bitw w = { .p = buf, .cap = sizeof(buf) };
	struct chd_bits r = { .p = buf, .len = sizeof(buf) };
	unsigned n;

	memset(buf, 0xee, sizeof(buf)); /* the writer clears what it uses */
	chd_bitw_put(&w, 5, 3);
	chd_bitw_put(&w, 5, 5);
	chd_bitw_put(&w, 0, 0);
	chd_bitw_put(&w, 0x1, 2);
	ck_assert_uint_eq(chd_bitw_bytes(&w), 2);
	ck_assert_uint_eq(buf[0], 0xa5);
	ck_assert_uint_eq(buf[1], 0x40); /* zero-padded */
	/* every width 0..32, read back */
	w = (struct chd_bitw){ .p = buf, .cap = sizeof(buf) };
	for (n = 0; n <= 32; n++)
		chd_bitw_put(
			&w, 0x9e3779b9u & (n ? 0xffffffffu >> (32 - n) : 0), n);
	ck_assert(!w.over);
	ck_assert_uint_eq(w.pos, 528);
	for (n = 0; n <= 32; n++)
		ck_assert_uint_eq(chd_bits_read(&r, n),
				  0x9e3779b9u &
					  (n ? 0xffffffffu >> (32 - n) : 0));
	/* past cap: over, nothing written */
	w = (struct chd_bitw){ .p = buf, .cap = 1 };
	chd_bitw_put(&w, 0xff, 8);
	ck_assert(!w.over);
	chd_bitw_put(&w, 1, 1);
	ck_assert(w.over);
	ck_assert_uint_eq(w.pos, 8);
	ck_assert_uint_eq(chd_bitw_bytes(&w), 1);
}
END_TEST

/* ---- canonical Huffman codes ---- */

/* The tree of docs/chd.md 4.5 (big.chd), in 4-bit fields. */
static const uint32_t big_tree[][2] = {
	{ 4, 4 },
	{ 6, 4 },
	{ 4, 4 },
	{ 0, 4 },
	{ 0, 4 },
	{ 2, 4 },
	{ 0, 4 },
	{ 4, 4 },
	{ 7, 4 },
	{ 7, 4 },
	{ 1, 4 },
	{ 1, 4 },
	{ 0, 4 },
	{ 5, 4 },
	{ 1, 4 },
	{ 0, 4 },
	{ 0, 4 },
	/* the type stream: RLE_LARGE, 0, 7 */
	{ 0x00, 7 },
	{ 0x1, 4 },
	{ 0x3, 4 },
	{ 0, 0 },
};

START_TEST(huff_worked_example)
{
	static const uint8_t len[16] = { 4, 6, 4, 0, 0, 2, 0, 4,
					 7, 7, 1, 0, 5, 0, 0, 0 };
	static const struct {
		unsigned sym, code;
	} codes[] = { { 8, 0x00 },  { 9, 0x01 }, { 1, 0x01 },
		      { 12, 0x01 }, { 0, 0x1 },	 { 2, 0x2 },
		      { 7, 0x3 },   { 5, 0x1 },	 { 10, 0x1 } };
	uint8_t buf[16], *p;
	struct chd_huff h;
	struct chd_bits b;
	size_t n = put_fields(buf, sizeof(buf), big_tree);
	unsigned i;

	p = exact_copy(buf, n);
	b = (struct chd_bits){ .p = p, .len = n };
	ck_assert_int_eq(chd_huff_init(&h, 16, 8), 0);
	ck_assert_int_eq(chd_huff_import_rle(&h, &b), 0);
	ck_assert_uint_eq(b.pos, 68);
	ck_assert_mem_eq(h.len, len, 16);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		ck_assert_uint_eq(h.code[codes[i].sym], codes[i].code);
	ck_assert_int_eq(chd_huff_decode(&h, &b), 8);
	ck_assert_int_eq(chd_huff_decode(&h, &b), 0);
	ck_assert_int_eq(chd_huff_decode(&h, &b), 7);
	ck_assert(!b.over);
	chd_huff_fini(&h);
	free(p);
}
END_TEST

/* Sum of 2^(maxbits - len) over the codes: 2^maxbits when complete. */
static uint32_t kraft(const struct chd_huff *h)
{
	uint32_t k = 0;
	unsigned s;

	for (s = 0; s < h->nsym; s++)
		if (h->len[s])
			k += 1u << (h->maxbits - h->len[s]);
	return k;
}

/*
 * Code from histo, through the RLE form into a second code, then a
 * message of every used symbol (and a pseudo-random run) both ways.
 */
static void huff_round_trip(const uint32_t *histo, unsigned nsym,
			    unsigned maxbits)
{
	const size_t cap = 8192;
	uint8_t *buf = calloc(1, cap), *p;
	struct chd_bitw w = { .p = buf, .cap = cap };
	struct chd_huff a, b;
	struct chd_bits r;
	unsigned s, used = 0, i;
	uint32_t x = 12345;

	ck_assert_int_eq(chd_huff_init(&a, nsym, maxbits), 0);
	ck_assert_int_eq(chd_huff_init(&b, nsym, maxbits), 0);
	ck_assert_int_eq(chd_huff_from_histo(&a, histo), 0);
	for (s = 0; s < nsym; s++) {
		ck_assert_uint_le(a.len[s], maxbits);
		ck_assert_msg(!histo[s] == !a.len[s], "symbol %u", s);
		used += !!histo[s];
	}
	if (used == 1)
		ck_assert_uint_eq(kraft(&a), 1u << (maxbits - 1));
	else if (used)
		ck_assert_uint_eq(kraft(&a), 1u << maxbits);
	chd_huff_export_rle(&a, &w);
	for (s = 0; s < nsym; s++)
		if (histo[s])
			chd_huff_encode(&a, &w, s);
	for (i = 0; used && i < 500; i++) {
		do
			x = x * 1103515245u + 12345u;
		while (!histo[(x >> 16) % nsym]);
		chd_huff_encode(&a, &w, (x >> 16) % nsym);
	}
	ck_assert(!w.over);
	p = exact_copy(buf, chd_bitw_bytes(&w));
	r = (struct chd_bits){ .p = p, .len = chd_bitw_bytes(&w) };
	ck_assert_int_eq(chd_huff_import_rle(&b, &r), 0);
	ck_assert_mem_eq(a.len, b.len, nsym);
	ck_assert_mem_eq(a.code, b.code, nsym * sizeof(a.code[0]));
	for (s = 0; s < nsym; s++)
		if (histo[s])
			ck_assert_int_eq(chd_huff_decode(&b, &r), (int)s);
	x = 12345;
	for (i = 0; used && i < 500; i++) {
		do
			x = x * 1103515245u + 12345u;
		while (!histo[(x >> 16) % nsym]);
		ck_assert_int_eq(chd_huff_decode(&b, &r),
				 (int)((x >> 16) % nsym));
	}
	ck_assert(!r.over);
	ck_assert_uint_eq(r.pos, w.pos);
	chd_huff_fini(&a);
	chd_huff_fini(&b);
	free(p);
	free(buf);
}

START_TEST(huff_from_histo)
{
	uint32_t h[CHD_HUFF_MAXSYM];
	unsigned i;

	memset(h, 0, sizeof(h));
	huff_round_trip(h, 16, 8); /* no symbol at all */
	h[0] = 7;		   /* one used symbol: a 1-bit code */
	huff_round_trip(h, 16, 8);
	h[0] = 0;
	h[15] = 1;
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++) /* 16 equal: 4 bits each */
		h[i] = 9;
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++) /* a run of length 1 in the RLE form */
		h[i] = i < 2 ? 100 : 1;
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++) /* Fibonacci: 15 bits unlimited */
		h[i] = i < 2 ? 1 : h[i - 1] + h[i - 2];
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++) /* powers of 2 up to 2^31, gaps */
		h[i] = i % 5 == 2 ? 0 : 1u << (2 * i > 31 ? 31 : 2 * i);
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 24; i++) /* the codec's small tree: 3-bit fields */
		h[i] = i % 3 ? 1u << i : 0;
	huff_round_trip(h, 24, 6);
	for (i = 0; i < 256; i++) /* bytes, skewed: 5-bit fields */
		h[i] = i < 32 ? 0xffffffu >> (i % 24) : (i & 1) * (i % 7);
	huff_round_trip(h, 256, 16);
	for (i = 0; i < 256; i++)
		h[i] = 1u << (i % 32);
	huff_round_trip(h, 256, 16);
	huff_round_trip(h, 256, 9);
}
END_TEST

/* import_rle of fields; returns its result. */
static int rle_of(const uint32_t (*f)[2])
{
	uint8_t buf[64], *p;
	size_t n = put_fields(buf, sizeof(buf), f);
	struct chd_huff h;
	struct chd_bits b;
	int ret;

	p = exact_copy(buf, n);
	b = (struct chd_bits){ .p = p, .len = n };
	ck_assert_int_eq(chd_huff_init(&h, 16, 8), 0);
	ret = chd_huff_import_rle(&h, &b);
	chd_huff_fini(&h);
	free(p);
	return ret;
}

START_TEST(huff_rle_bad)
{
	/* the fixed 4-bit code of docs/chd.md 4.4 is fine */
	static const uint32_t fixed[][2] = {
		{ 4, 4 }, { 1, 4 }, { 4, 4 }, { 12, 4 }, { 0, 0 }
	};
	/* three 1-bit codes: over-full */
	static const uint32_t over[][2] = { { 1, 4 }, { 1, 4 }, { 1, 4 },
					    { 1, 4 }, { 1, 4 }, { 1, 4 },
					    { 1, 4 }, { 0, 4 }, { 10, 4 },
					    { 0, 0 } };
	/* three 2-bit codes: level 2 not filled */
	static const uint32_t holes[][2] = { { 2, 4 }, { 2, 4 }, { 2, 4 },
					     { 1, 4 }, { 0, 4 }, { 10, 4 },
					     { 0, 0 } };
	/* a run past the 16th symbol */
	static const uint32_t run[][2] = {
		{ 4, 4 }, { 1, 4 }, { 4, 4 }, { 13, 4 }, { 0, 0 }
	};
	/* a length over maxbits */
	static const uint32_t deep[][2] = {
		{ 9, 4 }, { 1, 4 }, { 0, 4 }, { 12, 4 }, { 0, 0 }
	};
	/* the stream ends after 15 symbols */
	static const uint32_t cut[][2] = {
		{ 4, 4 }, { 1, 4 }, { 4, 4 }, { 11, 4 }, { 0, 0 }
	};

	ck_assert_int_eq(rle_of(fixed), 0);
	ck_assert_int_eq(rle_of(over), -EINVAL);
	ck_assert_int_eq(rle_of(holes), -EINVAL);
	ck_assert_int_eq(rle_of(run), -EINVAL);
	ck_assert_int_eq(rle_of(deep), -EINVAL);
	ck_assert_int_eq(rle_of(cut), -EINVAL);
}
END_TEST

START_TEST(huff_no_code)
{
	/* a lone 1-bit code for symbol 3: a 1 bit is no code */
	static const uint32_t lone[][2] = { { 0, 4 }, { 0, 4 }, { 0, 4 },
					    { 1, 4 }, { 1, 4 }, { 1, 4 },
					    { 0, 4 }, { 9, 4 }, { 0, 1 },
					    { 1, 1 }, { 0, 0 } };
	uint8_t buf[16], *p;
	size_t n = put_fields(buf, sizeof(buf), lone);
	struct chd_huff h;
	struct chd_bits b;
	size_t pos;

	p = exact_copy(buf, n);
	b = (struct chd_bits){ .p = p, .len = n };
	ck_assert_int_eq(chd_huff_init(&h, 16, 8), 0);
	ck_assert_int_eq(chd_huff_import_rle(&h, &b), 0);
	ck_assert_uint_eq(h.len[3], 1);
	ck_assert_uint_eq(h.code[3], 0);
	ck_assert_int_eq(chd_huff_decode(&h, &b), 3);
	pos = b.pos;
	ck_assert_int_eq(chd_huff_decode(&h, &b), -EINVAL);
	ck_assert_uint_eq(b.pos, pos); /* nothing consumed */
	chd_huff_fini(&h);
	free(p);
	ck_assert_int_eq(chd_huff_init(&h, 0, 8), -EINVAL);
	chd_huff_fini(&h);
	ck_assert_int_eq(chd_huff_init(&h, 16, 17), -EINVAL);
	chd_huff_fini(&h);
}
END_TEST

/*
 * The `huff` codec's tree (docs/chd.md 5.4), made by hand: 'a' 1 bit,
 * 'b' 2, 'c' and 'd' 3, nothing else. Small code: RLE 2 bits, then
 * small symbols 1..4 (lengths 0..3) of 2, 3, 3, 2 bits; a 7 ends the
 * list. Its canonical codes: RLE 01, len0 10, len1 000, len2 001, len3 11.
 */
static const uint32_t codec_tree[][2] = {
	{ 2, 3 },   { 0, 3 },	/* RLE length 2; start 1 */
	{ 2, 3 },   { 3, 3 },	/* small symbols 1, 2 */
	{ 3, 3 },   { 2, 3 },	/* 3, 4 */
	{ 7, 3 },		/* 5: none, and the end */
	{ 0x2, 2 },		/* symbol 0: length 0 */
	{ 0x1, 2 }, { 7, 3 },	/* RLE: 9 + */
	{ 87, 8 },		/* 87 more: symbols 1..96 */
	{ 0x0, 3 }, { 0x1, 3 }, /* 'a' 1, 'b' 2 */
	{ 0x3, 2 }, { 0x3, 2 }, /* 'c' 3, 'd' 3 */
	{ 0x2, 2 },		/* 'e': 0 */
	{ 0x1, 2 }, { 7, 3 },	/* RLE: 9 + */
	{ 145, 8 },		/* 145 more: up to 255 */
	{ 0x1, 1 }, { 0x1, 2 }, /* data: a b */
	{ 0x0, 3 }, { 0x1, 3 }, /* c d */
	{ 0x1, 1 }, { 0, 0 },	/* a */
};

START_TEST(huff_codec_tree)
{
	static const uint32_t short_run[][2] = {
		{ 2, 3 }, { 0, 3 },   { 2, 3 },	  { 3, 3 }, { 3, 3 }, { 2, 3 },
		{ 7, 3 }, { 0x2, 2 }, { 0x1, 2 }, { 3, 3 }, /* 5 zeros */
		{ 0, 0 },
	};
	uint8_t buf[64], *p;
	size_t n = put_fields(buf, sizeof(buf), codec_tree), k;
	struct chd_huff h;
	struct chd_bits b;
	unsigned s;

	ck_assert_int_eq(chd_huff_init(&h, 256, 16), 0);
	p = exact_copy(buf, n);
	b = (struct chd_bits){ .p = p, .len = n };
	ck_assert_int_eq(chd_huff_import_tree(&h, &b), 0);
	for (s = 0; s < 256; s++)
		ck_assert_uint_eq(h.len[s], s == 'a'		 ? 1 :
					    s == 'b'		 ? 2 :
					    s == 'c' || s == 'd' ? 3 :
								   0);
	ck_assert_uint_eq(h.code['a'], 1);
	ck_assert_uint_eq(h.code['b'], 1);
	ck_assert_uint_eq(h.code['c'], 0);
	ck_assert_uint_eq(h.code['d'], 1);
	ck_assert_int_eq(chd_huff_decode(&h, &b), 'a');
	ck_assert_int_eq(chd_huff_decode(&h, &b), 'b');
	ck_assert_int_eq(chd_huff_decode(&h, &b), 'c');
	ck_assert_int_eq(chd_huff_decode(&h, &b), 'd');
	ck_assert_int_eq(chd_huff_decode(&h, &b), 'a');
	ck_assert(!b.over);
	free(p);
	/* every shorter stream fails: the tree needs all its bits */
	for (k = 0; k < n - 1; k++) {
		p = exact_copy(buf, k);
		b = (struct chd_bits){ .p = p, .len = k };
		ck_assert_int_eq(chd_huff_import_tree(&h, &b), -EINVAL);
		free(p);
	}
	/* a short run fills 5 symbols, then the stream runs out */
	n = put_fields(buf, sizeof(buf), short_run);
	p = exact_copy(buf, n);
	b = (struct chd_bits){ .p = p, .len = n };
	ck_assert_int_eq(chd_huff_import_tree(&h, &b), -EINVAL);
	ck_assert(b.over);
	free(p);
	chd_huff_fini(&h);
}
END_TEST

/* ---- maps ---- */

#define CD_HB 19584u /* 8 frames */
#define CD_UB 2448u
#define FIRST 439u

/* Entries as the decoder gives them: blocks back to back from first. */
static void lay_out(struct chd_entry *e, uint32_t n, uint32_t hb,
		    uint64_t first)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (e[i].type <= CHD_T_NONE) {
			if (e[i].type == CHD_T_NONE)
				e[i].len = hb;
			e[i].off = first;
			first += e[i].len;
		} else {
			e[i].len = 0;
			e[i].crc = 0;
		}
	}
}

/* End of the last stored block (the file size a map needs). */
static uint64_t blocks_end(const struct chd_entry *e, uint32_t n,
			   uint64_t first)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (e[i].type <= CHD_T_NONE)
			first = e[i].off + e[i].len;
	return first;
}

/*
 * Encode, check the header against the bits, decode from a buffer of
 * exactly the map's length; the encoded map is returned (owned).
 */
static uint8_t *map_round_trip(struct chd_entry *e, uint32_t n, uint32_t hb,
			       uint32_t ub, size_t *len)
{
	struct chd_entry *got = calloc(n ? n : 1, sizeof(*got));
	const char *why = "?";
	uint64_t end;
	uint8_t *map, *p;

	ck_assert_int_eq(chd_map_encode(e, n, hb, ub, FIRST, &map, len), 0);
	ck_assert_uint_eq(*len, CHD_MAP_HEADER + get_be32(map));
	ck_assert_uint_eq((uint64_t)get_be16(map + 4) << 32 | get_be32(map + 6),
			  FIRST);
	ck_assert_uint_eq(map[15], 0);
	lay_out(e, n, hb, FIRST);
	end = blocks_end(e, n, FIRST);
	p = exact_copy(map, *len);
	ck_assert_msg(chd_map_decode(p, *len, n, hb, ub, end, got, &why) == 0,
		      "%u hunks: %s", n, why);
	ck_assert_ptr_null(why);
	ck_assert_mem_eq(got, e, (size_t)n * sizeof(*e));
	if (end > FIRST) {
		ck_assert_int_eq(
			chd_map_decode(p, *len, n, hb, ub, end - 1, got, &why),
			-EINVAL);
		ck_assert_str_eq(why, "a stored hunk lies outside the file");
	}
	free(p);
	free(got);
	return map;
}

/* The type symbols of an encoded map, through its own tree. */
static void map_symbols(const uint8_t *map, size_t len, int *sym, unsigned n)
{
	struct chd_bits b = { .p = map + CHD_MAP_HEADER,
			      .len = len - CHD_MAP_HEADER };
	struct chd_huff h;
	unsigned i;

	ck_assert_int_eq(chd_huff_init(&h, 16, 8), 0);
	ck_assert_int_eq(chd_huff_import_rle(&h, &b), 0);
	for (i = 0; i < n; i++)
		sym[i] = chd_huff_decode(&h, &b);
	chd_huff_fini(&h);
}

/*
 * The start of big.chd (docs/chd.md 4.5): 26 cdlz hunks, a cdfl hunk,
 * a SELF to it and 16 more: chdman's symbols RLE_LARGE 0 7, TYPE_2,
 * SELF, SELF_0, RLE_SMALL 12 come out of our encoder too.
 */
START_TEST(map_worked_example)
{
	static const int want[] = { 8, 0, 7, 2, 5, 9, 7, 12 };
	struct chd_entry e[44];
	int sym[8];
	uint8_t *map;
	size_t len;
	unsigned i;

	memset(e, 0, sizeof(e));
	for (i = 0; i < 26; i++) {
		e[i].type = 0;
		e[i].len = 430 + i % 5;
		e[i].crc = (uint16_t)(0x433e + i);
	}
	e[26] = (struct chd_entry){ .type = 2, .len = 41, .crc = 0x1234 };
	for (i = 27; i < 44; i++)
		e[i] = (struct chd_entry){ .type = CHD_T_SELF, .off = 26 };
	map = map_round_trip(e, 44, CD_HB, CD_UB, &len);
	ck_assert_uint_eq(map[12], 9); /* bits(434) */
	ck_assert_uint_eq(map[13], 5); /* bits(26): the one explicit SELF */
	ck_assert_uint_eq(map[14], 0);
	map_symbols(map, len, sym, 8);
	ck_assert_mem_eq(sym, want, sizeof(want));
	free(map);
}
END_TEST

/* Appends count entries of kind k (see map_every_type) at *n. */
static void add_run(struct chd_entry *e, uint32_t *n, uint32_t count, int k)
{
	const uint32_t uph = CD_HB / CD_UB;
	uint32_t j;

	for (j = 0; j < count; j++, (*n)++) {
		struct chd_entry *x = &e[*n];
		const uint32_t i = *n;

		memset(x, 0, sizeof(*x));
		x->crc = (uint16_t)(i * 40503u);
		if (k <= 3) { /* codec k, varied lengths */
			x->type = (uint8_t)k;
			x->len = 1 + (i * 7919u) % CD_HB;
		} else if (k == 4) {
			x->type = CHD_T_NONE;
		} else if (k == 5) { /* the same earlier hunk: SELF_0 */
			x->type = CHD_T_SELF;
			x->off = 10;
		} else if (k == 6) { /* ascending from hunk 0: SELF_1 */
			x->type = CHD_T_SELF;
			x->off = j;
		} else if (k == 7) { /* the same unit: PARENT_SELF */
			x->type = CHD_T_PARENT;
			x->off = (uint64_t)i * uph;
		} else if (k == 8) { /* unaligned, ascending: PARENT_1 */
			x->type = CHD_T_PARENT;
			x->off = 7 + (uint64_t)j * uph;
		} else if (k == 9) { /* one unit again: PARENT_0 */
			x->type = CHD_T_PARENT;
			x->off = 123457;
		} else { /* codec 1, one length: a run in the type stream */
			x->type = 1;
			x->len = 333;
		}
	}
}

START_TEST(map_every_type)
{
	/* runs: {count, kind}; > 274 needs several RLE_LARGE tokens */
	static const uint32_t runs[][2] = {
		{ 30, 0 },   { 1, 1 },	  { 1, 2 },   { 1, 3 },	  { 2, 4 },
		{ 1, 3 },    { 1, 5 },	  { 2, 6 },   { 1, 5 },	  { 1, 7 },
		{ 1, 9 },    { 1, 8 },	  { 1, 9 },   { 600, 5 }, { 600, 7 },
		{ 300, 10 }, { 280, 4 },  { 500, 6 }, { 2, 2 },	  { 3, 3 },
		{ 19, 0 },   { 18, 1 },	  { 275, 2 }, { 276, 3 }, { 277, 9 },
		{ 548, 8 },  { 549, 10 }, { 1, 0 },
	};
	struct chd_entry *e = calloc(5000, sizeof(*e));
	uint32_t n = 0, i;
	uint64_t bits = 0;
	uint8_t *map;
	size_t len;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		add_run(e, &n, runs[i][0], (int)runs[i][1]);
	ck_assert_uint_eq(n, 4292);
	map = map_round_trip(e, n, CD_HB, CD_UB, &len);
	ck_assert_uint_eq(map[12], 15); /* bits(19584): NONE counts */
	ck_assert_uint_eq(map[13], 4);	/* bits(10): promoted ones carry none */
	ck_assert_uint_eq(map[14], 17); /* bits(123457) */
	/* runs and promotions: little beyond the stored hunks' fields */
	for (i = 0; i < n; i++)
		bits += e[i].type < CHD_T_NONE	? 15 + 16 :
			e[i].type == CHD_T_NONE ? 16 :
						  0;
	ck_assert_uint_lt(len - CHD_MAP_HEADER, bits / 8 + 200);
	free(map);
	free(e);
}
END_TEST

/* 0, 1, 2 and 3 hunks: chdman 0.251 sizes such maps too small. */
START_TEST(map_tiny)
{
	struct chd_entry e[3];
	uint8_t *map;
	size_t len;
	uint32_t n;

	for (n = 0; n <= 3; n++) {
		memset(e, 0, sizeof(e));
		e[0] = (struct chd_entry){ .type = 3,
					   .len = CD_HB,
					   .crc = 0xffff };
		e[1] = (struct chd_entry){ .type = CHD_T_SELF, .off = 0 };
		e[2] = (struct chd_entry){ .type = CHD_T_PARENT,
					   .off = 0xffffffffu };
		map = map_round_trip(e, n, CD_HB, CD_UB, &len);
		ck_assert_uint_eq(map[14], n == 3 ? 32 : 0);
		free(map);
	}
	/* one hunk of each single type */
	for (n = 0; n <= CHD_T_PARENT; n++) {
		e[0] = (struct chd_entry){ .type = (uint8_t)n, .len = 77 };
		if (n == CHD_T_SELF)
			continue; /* hunk 0 can copy nothing */
		map = map_round_trip(e, 1, 4096, 2048, &len);
		free(map);
	}
}
END_TEST

/* Many pseudo-random maps of 1..300 hunks, DVD units. */
START_TEST(map_random)
{
	struct chd_entry e[300];
	uint32_t x = 99, n, i;
	uint8_t *map;
	size_t len;

	for (n = 1; n < 300; n += 1 + n / 8) {
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			memset(&e[i], 0, sizeof(e[i]));
			e[i].type = (uint8_t)((x >> 16) % 7);
			if (!i && e[i].type == CHD_T_SELF)
				e[i].type = CHD_T_NONE;
			e[i].len = 1 + (x >> 8) % 4096;
			e[i].crc = (uint16_t)(x >> 3);
			if (e[i].type == CHD_T_SELF)
				e[i].off = (x >> 4) % 3 ? (x >> 9) % i :
					   e[i - 1].off + 1 < i ?
							  e[i - 1].off + 1 :
							  0;
			else if (e[i].type == CHD_T_PARENT)
				e[i].off = (x >> 4) % 3 ? (x >> 9) % 5000 :
							  (uint64_t)i * 2;
		}
		map = map_round_trip(e, n, 4096, 2048, &len);
		free(map);
	}
}
END_TEST

/* What the encoder cannot represent. */
START_TEST(map_encode_refuses)
{
	struct chd_entry e[2] = { { .type = 0, .len = 10 }, { .type = 7 } };
	uint8_t *map = (uint8_t *)1;
	size_t len = 1;

	ck_assert_int_eq(chd_map_encode(e, 2, 4096, 2048, 0, &map, &len),
			 -EINVAL);
	ck_assert_ptr_null(map);
	e[1] = (struct chd_entry){ .type = 0, .len = 1u << 24 };
	ck_assert_int_eq(chd_map_encode(e, 2, 1u << 25, 2048, 0, &map, &len),
			 -EINVAL);
	e[1] = (struct chd_entry){ .type = CHD_T_PARENT,
				   .off = (uint64_t)1 << 33 };
	ck_assert_int_eq(chd_map_encode(e, 2, 4096, 2048, 0, &map, &len),
			 -EINVAL);
	e[1].off = (uint64_t)1 << 48;
	ck_assert_int_eq(chd_map_encode(e, 2, 4096, 2048, 0, &map, &len),
			 -EINVAL);
	ck_assert_int_eq(chd_map_encode(e, 1, 4096, 0, 0, &map, &len), -EINVAL);
}
END_TEST

/* ---- hostile maps ---- */

/* Decodes len bytes of map (copied to an exact buffer); the reason. */
static const char *decode_why(const uint8_t *map, size_t len, uint32_t n,
			      uint32_t hb, uint32_t ub, uint64_t fsize)
{
	struct chd_entry *got = calloc(n ? n : 1, sizeof(*got));
	uint8_t *p = exact_copy(map, len);
	const char *why = NULL;
	int ret = chd_map_decode(p, len, n, hb, ub, fsize, got, &why);

	free(p);
	free(got);
	if (!ret)
		return NULL;
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(why);
	return why;
}

/* A forged map of entries the encoder writes as given. */
static uint8_t *forge(const struct chd_entry *e, uint32_t n, uint32_t hb,
		      uint32_t ub, size_t *len)
{
	uint8_t *map;

	ck_assert_int_eq(chd_map_encode(e, n, hb, ub, FIRST, &map, len), 0);
	return map;
}

START_TEST(hostile_header)
{
	struct chd_entry e[40];
	uint8_t *map;
	size_t len, k;
	uint32_t n = 40, i;
	uint8_t lbits;

	for (i = 0; i < n; i++)
		e[i] = (struct chd_entry){ .type = (uint8_t)(i % 5),
					   .len = 100 + i };
	map = forge(e, n, CD_HB, CD_UB, &len);
	ck_assert_ptr_null(decode_why(map, len, n, CD_HB, CD_UB, 1u << 30));
	for (k = 0; k < CHD_MAP_HEADER; k++)
		ck_assert_str_eq(decode_why(map, k, n, CD_HB, CD_UB, 1u << 30),
				 "map header cut short");
	for (k = CHD_MAP_HEADER; k < len; k++)
		ck_assert_str_eq(decode_why(map, k, n, CD_HB, CD_UB, 1u << 30),
				 "map runs past the end of the file");
	/* mapbytes shortened: every cut of the stream is seen */
	for (k = 0; k < len - CHD_MAP_HEADER; k++) {
		put_be32(map, (uint32_t)k);
		ck_assert_ptr_nonnull(decode_why(map, CHD_MAP_HEADER + k, n,
						 CD_HB, CD_UB, 1u << 30));
	}
	put_be32(map, (uint32_t)(len - CHD_MAP_HEADER));
	map[10] ^= 0x80;
	ck_assert_str_eq(decode_why(map, len, n, CD_HB, CD_UB, 1u << 30),
			 "map CRC differs");
	map[10] ^= 0x80;
	lbits = map[12];
	map[12] = 25;
	ck_assert_str_eq(decode_why(map, len, n, CD_HB, CD_UB, 1u << 30),
			 "bad map field widths");
	map[12] = lbits;
	map[14] = 33;
	ck_assert_str_eq(decode_why(map, len, n, CD_HB, CD_UB, 1u << 30),
			 "bad map field widths");
	map[14] = 0;
	ck_assert_str_eq(decode_why(map, len, n, CD_HB, 0, 1u << 30),
			 "bad hunk or unit size");
	ck_assert_str_eq(decode_why(map, len, n, 0, CD_UB, 1u << 30),
			 "bad hunk or unit size");
	/* a huge hunk count against a small map ends quickly */
	ck_assert_ptr_nonnull(
		decode_why(map, len, 1u << 18, CD_HB, CD_UB, 1u << 30));
	free(map);
}
END_TEST

START_TEST(hostile_entries)
{
	struct chd_entry e[4] = {
		{ .type = 0, .len = 10 },
		{ .type = CHD_T_SELF, .off = 0 },
		{ .type = CHD_T_NONE },
		{ .type = CHD_T_SELF, .off = 1 },
	};
	uint8_t *map;
	size_t len;

	e[3].off = 3; /* itself */
	map = forge(e, 4, 4096, 2048, &len);
	ck_assert_str_eq(decode_why(map, len, 4, 4096, 2048, 1u << 30),
			 "a hunk copies a later one");
	free(map);
	e[1].off = 2; /* forward; then e[3] is its SELF_1 */
	e[3].off = 3;
	map = forge(e, 4, 4096, 2048, &len);
	ck_assert_str_eq(decode_why(map, len, 4, 4096, 2048, 1u << 30),
			 "a hunk copies a later one");
	free(map);
	e[1].off = 0;
	e[3].off = 0;
	e[0].len = 4097; /* longer than a hunk */
	map = forge(e, 4, 4096, 2048, &len);
	ck_assert_str_eq(decode_why(map, len, 4, 4096, 2048, 1u << 30),
			 "a stored hunk is empty or longer than a hunk");
	free(map);
	e[0].len = 0; /* empty */
	map = forge(e, 4, 4096, 2048, &len);
	ck_assert_str_eq(decode_why(map, len, 4, 4096, 2048, 1u << 30),
			 "a stored hunk is empty or longer than a hunk");
	free(map);
	e[0].len = 10; /* the NONE block ends at 439 + 10 + 4096 */
	map = forge(e, 4, 4096, 2048, &len);
	ck_assert_ptr_null(decode_why(map, len, 4, 4096, 2048, 4545));
	ck_assert_str_eq(decode_why(map, len, 4, 4096, 2048, 4544),
			 "a stored hunk lies outside the file");
	/* the same map read with a smaller hunk size: NONE past the end */
	ck_assert_ptr_nonnull(decode_why(map, len, 4, 8, 8, 1u << 30));
	free(map);
	/* a parent unit whose byte offset passes 2^48 */
	e[1] = (struct chd_entry){ .type = CHD_T_PARENT, .off = 1u << 30 };
	map = forge(e, 4, 1u << 20, 1u << 20, &len);
	ck_assert_str_eq(decode_why(map, len, 4, 1u << 20, 1u << 20, 1u << 30),
			 "a parent reference out of range");
	ck_assert_ptr_null(decode_why(map, len, 4, 1u << 20, 2048, 1u << 30));
	free(map);
}
END_TEST

START_TEST(hostile_stream)
{
	/* 16 4-bit codes (symbol s is code s), then type symbols */
	static const uint32_t bad_sym[][2] = {
		{ 4, 4 }, { 1, 4 },  { 4, 4 }, { 12, 4 },
		{ 0, 4 }, { 14, 4 }, { 0, 0 },
	};
	static const uint32_t bad_tree[][2] = {
		{ 1, 4 }, { 1, 4 }, { 1, 4 }, { 1, 4 },	 { 1, 4 },
		{ 1, 4 }, { 1, 4 }, { 0, 4 }, { 10, 4 }, { 0, 0 },
	};
	uint8_t map[64];
	size_t n;

	memset(map, 0, CHD_MAP_HEADER);
	map[12] = 8;
	n = put_fields(map + CHD_MAP_HEADER, sizeof(map) - CHD_MAP_HEADER,
		       bad_sym);
	put_be32(map, (uint32_t)n);
	ck_assert_str_eq(
		decode_why(map, CHD_MAP_HEADER + n, 2, 4096, 2048, 1u << 30),
		"bad map type stream");
	n = put_fields(map + CHD_MAP_HEADER, sizeof(map) - CHD_MAP_HEADER,
		       bad_tree);
	put_be32(map, (uint32_t)n);
	ck_assert_str_eq(
		decode_why(map, CHD_MAP_HEADER + n, 2, 4096, 2048, 1u << 30),
		"bad map Huffman code");
}
END_TEST

/* Every single-bit flip of a real map: a clean refusal or sane entries. */
START_TEST(hostile_bit_flips)
{
	struct chd_entry e[60], got[60];
	const char *why;
	uint32_t n = 60, i;
	uint8_t *map, *p;
	size_t len, bit;

	memset(e, 0, sizeof(e));
	for (i = 0; i < n;) /* add_run moves i on */
		add_run(e, &i, 1, (int)(i < 11 ? i % 5 : i % 11));
	map = forge(e, n, CD_HB, CD_UB, &len);
	for (bit = 0; bit < len * 8; bit++) {
		uint64_t end = 0;
		int ret;

		p = exact_copy(map, len);
		p[bit / 8] ^= (uint8_t)(0x80 >> bit % 8);
		ret = chd_map_decode(p, len, n, CD_HB, CD_UB, 1u << 22, got,
				     &why);
		free(p);
		if (ret) {
			ck_assert_int_eq(ret, -EINVAL);
			ck_assert_ptr_nonnull(why);
			continue;
		}
		for (i = 0; i < n; i++) {
			ck_assert_uint_le(got[i].type, CHD_T_PARENT);
			if (got[i].type == CHD_T_SELF)
				ck_assert_uint_lt(got[i].off, i);
			if (got[i].type <= CHD_T_NONE) {
				ck_assert_uint_le(got[i].len, CD_HB);
				ck_assert_uint_ge(got[i].off, end);
				end = got[i].off + got[i].len;
			}
		}
		ck_assert_uint_le(end, 1u << 22);
	}
	free(map);
}
END_TEST

Suite *chd_map_suite(void); /* run by tests/check_main.c */

Suite *chd_map_suite(void)
{
	Suite *s = suite_create("chd_map");
	TCase *bits = tcase_create("bits");
	TCase *huff = tcase_create("huff");
	TCase *map = tcase_create("map");
	TCase *bad = tcase_create("hostile");

	tcase_add_test(bits, crc16_known);
	tcase_add_test(bits, crc16_lengths);
	tcase_add_test(bits, bits_reader);
	tcase_add_test(bits, bits_writer);
	tcase_add_test(huff, huff_worked_example);
	tcase_add_test(huff, huff_from_histo);
	tcase_add_test(huff, huff_rle_bad);
	tcase_add_test(huff, huff_no_code);
	tcase_add_test(huff, huff_codec_tree);
	tcase_add_test(map, map_worked_example);
	tcase_add_test(map, map_every_type);
	tcase_add_test(map, map_tiny);
	tcase_add_test(map, map_random);
	tcase_add_test(map, map_encode_refuses);
	tcase_add_test(bad, hostile_header);
	tcase_add_test(bad, hostile_entries);
	tcase_add_test(bad, hostile_stream);
	tcase_add_test(bad, hostile_bit_flips);
	suite_add_tcase(s, bits);
	suite_add_tcase(s, huff);
	suite_add_tcase(s, map);
	suite_add_tcase(s, bad);
	return s;
}
