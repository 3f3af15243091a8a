/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CRC-16 and the compressed hunk map of CHD v5 (docs/chd.md 4 and 6): a
 * 16-byte header, a Huffman code of the 16 entry types, the type of every
 * hunk (runs as RLE tokens, repeated references as pseudo-types), then per
 * hunk its length and CRC-16 or its reference. The decoder checks every
 * entry against the file before anything trusts it (docs/chd.md 10.3);
 * the encoder promotes and runs as MAME does (docs/chd.md 4.4) but sizes
 * its output from the bits it writes, where chdman 0.251 guesses too small
 * for tiny maps (docs/chd.md 10.1).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "chd.h"

/* Symbols of the type stream beyond the seven entry types (4.2). */
enum {
	M_RLE_SMALL = 7, /* lastcomp, then 2 + count more */
	M_RLE_LARGE,	 /* lastcomp, then 2 + 16 + (hi << 4) + lo more */
	M_SELF_0,	 /* SELF, the previous SELF's hunk */
	M_SELF_1,	 /* SELF, the previous SELF's hunk + 1 */
	M_PARENT_SELF,	 /* PARENT, unit hunk * hunkbytes / unitbytes */
	M_PARENT_0,	 /* PARENT, the previous PARENT's unit */
	M_PARENT_1,	 /* PARENT, the previous unit + hunkbytes / unitbytes */
	M_SYMBOLS = 16,
};

#define M_TREE_BITS 8 /* longest code of the type stream */
#define M_RLE_MAX 274 /* hunks one RLE_LARGE token covers at most */
/* Parent references must stay below this byte offset (a u48 field). */
#define M_PARENT_LIMIT ((uint64_t)1 << 48)

/* CRC-16/CCITT-FALSE of each byte value (poly 0x1021, MSB first). */
static const uint16_t crc16_table[256] = {
	0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7, 0x8108,
	0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef, 0x1231, 0x0210,
	0x3273, 0x2252, 0x52b5, 0x4294, 0x72f7, 0x62d6, 0x9339, 0x8318, 0xb37b,
	0xa35a, 0xd3bd, 0xc39c, 0xf3ff, 0xe3de, 0x2462, 0x3443, 0x0420, 0x1401,
	0x64e6, 0x74c7, 0x44a4, 0x5485, 0xa56a, 0xb54b, 0x8528, 0x9509, 0xe5ee,
	0xf5cf, 0xc5ac, 0xd58d, 0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6,
	0x5695, 0x46b4, 0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d,
	0xc7bc, 0x48c4, 0x58e5, 0x6886, 0x78a7, 0x0840, 0x1861, 0x2802, 0x3823,
	0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948, 0x9969, 0xa90a, 0xb92b, 0x5af5,
	0x4ad4, 0x7ab7, 0x6a96, 0x1a71, 0x0a50, 0x3a33, 0x2a12, 0xdbfd, 0xcbdc,
	0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a, 0x6ca6, 0x7c87, 0x4ce4,
	0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41, 0xedae, 0xfd8f, 0xcdec, 0xddcd,
	0xad2a, 0xbd0b, 0x8d68, 0x9d49, 0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13,
	0x2e32, 0x1e51, 0x0e70, 0xff9f, 0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a,
	0x9f59, 0x8f78, 0x9188, 0x81a9, 0xb1ca, 0xa1eb, 0xd10c, 0xc12d, 0xf14e,
	0xe16f, 0x1080, 0x00a1, 0x30c2, 0x20e3, 0x5004, 0x4025, 0x7046, 0x6067,
	0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e, 0x02b1,
	0x1290, 0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256, 0xb5ea, 0xa5cb,
	0x95a8, 0x8589, 0xf56e, 0xe54f, 0xd52c, 0xc50d, 0x34e2, 0x24c3, 0x14a0,
	0x0481, 0x7466, 0x6447, 0x5424, 0x4405, 0xa7db, 0xb7fa, 0x8799, 0x97b8,
	0xe75f, 0xf77e, 0xc71d, 0xd73c, 0x26d3, 0x36f2, 0x0691, 0x16b0, 0x6657,
	0x7676, 0x4615, 0x5634, 0xd94c, 0xc96d, 0xf90e, 0xe92f, 0x99c8, 0x89e9,
	0xb98a, 0xa9ab, 0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882,
	0x28a3, 0xcb7d, 0xdb5c, 0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a,
	0x4a75, 0x5a54, 0x6a37, 0x7a16, 0x0af1, 0x1ad0, 0x2ab3, 0x3a92, 0xfd2e,
	0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8, 0x8dc9, 0x7c26, 0x6c07,
	0x5c64, 0x4c45, 0x3ca2, 0x2c83, 0x1ce0, 0x0cc1, 0xef1f, 0xff3e, 0xcf5d,
	0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8, 0x6e17, 0x7e36, 0x4e55, 0x5e74,
	0x2e93, 0x3eb2, 0x0ed1, 0x1ef0,
};

static uint16_t crc16_update(uint16_t crc, const uint8_t *p, size_t n)
{
	while (n--)
		crc = (uint16_t)(crc << 8 ^
				 crc16_table[(crc >> 8 ^ *p++) & 0xff]);
	return crc;
}

/*
 * Every hunk read and written is checked with its CRC-16, the writer's
 * hottest loop after SHA-1: eight bytes a step (the table for a byte
 * followed by k zero bytes is crc16_slice[k]), made at the first call.
 */
static uint16_t crc16_slice[8][256];

static void crc16_slices(void)
{
	unsigned k, v;

	for (v = 0; v < 256; v++)
		crc16_slice[0][v] = crc16_table[v];
	for (k = 1; k < 8; k++)
		for (v = 0; v < 256; v++) {
			const uint16_t c = crc16_slice[k - 1][v];

			crc16_slice[k][v] =
				(uint16_t)(c << 8 ^ crc16_table[c >> 8]);
		}
}

uint16_t chd_crc16(const uint8_t *p, size_t n)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	uint16_t crc = 0xffff;

	pthread_once(&once, crc16_slices);
	for (; n >= 8; n -= 8, p += 8) {
		const uint16_t x = (uint16_t)(crc ^ (p[0] << 8 | p[1]));

		crc = crc16_slice[7][x >> 8] ^ crc16_slice[6][x & 0xff] ^
		      crc16_slice[5][p[2]] ^ crc16_slice[4][p[3]] ^
		      crc16_slice[3][p[4]] ^ crc16_slice[2][p[5]] ^
		      crc16_slice[1][p[6]] ^ crc16_slice[0][p[7]];
	}
	return crc16_update(crc, p, n);
}

/* The 12 bytes of an expanded entry, as the map CRC covers them (4.2). */
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

/* Bits to hold v; 0 for 0 (MAME's bits_for_value). */
static unsigned bits_for(uint64_t v)
{
	unsigned n = 0;

	for (; v; v >>= 1)
		n++;
	return n;
}

/* ---- decoding ---- */

/* What the second pass carries from hunk to hunk. */
struct map_dec {
	struct chd_bits b;
	uint32_t hunkbytes, unitbytes;
	uint64_t file_size, cur, last_self, last_parent;
	unsigned lbits, sbits, pbits;
	const char *why;
};

/* The 16-byte header (4.2); 0 or -EINVAL. */
static int map_header(struct map_dec *d, const uint8_t *map, size_t len)
{
	uint32_t mapbytes;

	d->why = "map header cut short";
	if (len < CHD_MAP_HEADER)
		return -EINVAL;
	mapbytes = get_be32(map);
	d->cur = (uint64_t)get_be16(map + 4) << 32 | get_be32(map + 6);
	d->lbits = map[12];
	d->sbits = map[13];
	d->pbits = map[14];
	d->why = "map runs past the end of the file";
	if (mapbytes > len - CHD_MAP_HEADER)
		return -EINVAL;
	/* lengths are u24 in the entry; references are read 32 bits wide */
	d->why = "bad map field widths";
	if (d->lbits > 24 || d->sbits > 32 || d->pbits > 32)
		return -EINVAL;
	d->b.p = map + CHD_MAP_HEADER;
	d->b.len = mapbytes;
	return 0;
}

/*
 * Pass 1 (4.3 step 3): the type symbol of every hunk. lastcomp starts as
 * TYPE_0, so a map may open with a run token. 0 or -EINVAL.
 */
static int map_types(struct map_dec *d, const struct chd_huff *h,
		     uint32_t hunks, struct chd_entry *out)
{
	uint32_t i, rep = 0;
	uint8_t last = 0;

	for (i = 0; i < hunks; i++) {
		int v, x = 0, y = 0;

		if (rep) {
			out[i].type = last;
			rep--;
			continue;
		}
		v = chd_huff_decode(h, &d->b);
		if (v == M_RLE_SMALL || v == M_RLE_LARGE) {
			x = chd_huff_decode(h, &d->b);
			if (v == M_RLE_LARGE)
				y = chd_huff_decode(h, &d->b);
			rep = v == M_RLE_SMALL ?
				      2u + (uint32_t)x :
				      18u + ((uint32_t)x << 4) + (uint32_t)y;
			v = last;
		}
		/* stop at once: a short stream must not run hunks times */
		d->why = "map bit stream cut short";
		if (d->b.over)
			return -EINVAL;
		d->why = "bad map type stream";
		if (v < 0 || x < 0 || y < 0 || v > M_PARENT_1)
			return -EINVAL;
		out[i].type = last = (uint8_t)v;
	}
	return 0;
}

/* A stored block (types 0-4): length and CRC, at the running offset. */
static int map_stored(struct map_dec *d, struct chd_entry *e)
{
	if (e->type == CHD_T_NONE)
		e->len = d->hunkbytes;
	else
		e->len = chd_bits_read(&d->b, d->lbits);
	e->crc = (uint16_t)chd_bits_read(&d->b, 16);
	e->off = d->cur;
	d->cur += e->len;
	/* a hostile length must not make a reader overrun a hunk buffer */
	d->why = "a stored hunk is empty or longer than a hunk";
	if (!e->len || e->len > d->hunkbytes)
		return -EINVAL;
	d->why = "a stored hunk lies outside the file";
	if (d->cur > d->file_size)
		return -EINVAL;
	return 0;
}

/* A reference of hunk i, its pseudo-types rewritten (4.3 step 4). */
static int map_ref(struct map_dec *d, struct chd_entry *e, uint32_t i)
{
	const uint8_t t = e->type;

	if (t == CHD_T_SELF || t == M_SELF_0 || t == M_SELF_1) {
		if (t == CHD_T_SELF)
			d->last_self = chd_bits_read(&d->b, d->sbits);
		else if (t == M_SELF_1)
			d->last_self++;
		e->type = CHD_T_SELF;
		e->off = d->last_self;
		d->why = "a hunk copies a later one";
		return d->last_self < i ? 0 : -EINVAL;
	}
	if (t == CHD_T_PARENT)
		d->last_parent = chd_bits_read(&d->b, d->pbits);
	else if (t == M_PARENT_SELF) /* multiplied first, as MAME does */
		d->last_parent = (uint64_t)i * d->hunkbytes / d->unitbytes;
	else if (t == M_PARENT_1)
		d->last_parent += d->hunkbytes / d->unitbytes;
	e->type = CHD_T_PARENT;
	e->off = d->last_parent;
	/* bounded so that unit * unitbytes + hunkbytes cannot wrap */
	d->why = "a parent reference out of range";
	return d->last_parent < M_PARENT_LIMIT / d->unitbytes ? 0 : -EINVAL;
}

/* Pass 2: the fields of every hunk and the CRC over the result. */
static int map_fields(struct map_dec *d, uint32_t hunks, struct chd_entry *out,
		      uint16_t *crc)
{
	uint32_t i;
	int ret;

	*crc = 0xffff;
	for (i = 0; i < hunks; i++) {
		struct chd_entry *e = &out[i];

		if (e->type <= CHD_T_NONE) {
			ret = map_stored(d, e);
		} else {
			ret = map_ref(d, e, i);
			e->len = e->crc = 0;
		}
		if (!ret && d->b.over) {
			d->why = "map bit stream cut short";
			ret = -EINVAL;
		}
		if (ret)
			return ret;
		*crc = crc_entry(*crc, e);
	}
	return 0;
}

int chd_map_decode(const uint8_t *map, size_t len, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t file_size,
		   struct chd_entry *out, const char **why)
{
	struct map_dec d = { .hunkbytes = hunkbytes,
			     .unitbytes = unitbytes,
			     .file_size = file_size };
	struct chd_huff h;
	uint16_t crc;
	int ret;

	*why = "bad hunk or unit size";
	if (!hunkbytes || !unitbytes)
		return -EINVAL;
	ret = map_header(&d, map, len);
	if (ret)
		goto out;
	d.why = "out of memory";
	ret = chd_huff_init(&h, M_SYMBOLS, M_TREE_BITS);
	if (ret)
		goto out;
	d.why = "bad map Huffman code";
	ret = chd_huff_import_rle(&h, &d.b);
	if (!ret)
		ret = map_types(&d, &h, hunks, out);
	chd_huff_fini(&h);
	if (!ret)
		ret = map_fields(&d, hunks, out, &crc);
	if (!ret && crc != get_be16(map + 10)) {
		d.why = "map CRC differs";
		ret = -EINVAL;
	}
out:
	*why = ret ? d.why : NULL;
	return ret;
}

/* ---- encoding ---- */

struct map_enc {
	uint8_t *sym; /* per hunk: the type symbol, pseudo-types included */
	uint32_t hist[M_SYMBOLS];
	uint64_t max_len, max_self, max_parent;
	uint32_t hunkbytes, unitbytes;
};

/*
 * Entries the map cannot hold: 0 or -EINVAL. Entries it can hold but a
 * reader refuses (a SELF to a later hunk, a length over hunkbytes) are
 * written as given, so that tests can forge hostile maps.
 */
static int enc_check(const struct chd_entry *e, uint32_t hunks,
		     uint32_t unitbytes)
{
	uint32_t i;

	if (!unitbytes)
		return -EINVAL;
	for (i = 0; i < hunks; i++) {
		if (e[i].type > CHD_T_PARENT)
			return -EINVAL;
		if (e[i].type == CHD_T_PARENT && e[i].off >= M_PARENT_LIMIT)
			return -EINVAL; /* a u48 in the expanded entry */
	}
	return 0;
}

/*
 * Pseudo-types for references that follow the previous one (4.4); the
 * previous one is updated by every reference, promoted or not.
 */
static void enc_symbols(struct map_enc *m, const struct chd_entry *e,
			uint32_t hunks)
{
	const uint32_t uph = m->hunkbytes / m->unitbytes;
	uint64_t last_self = 0, last_parent = 0, off;
	uint32_t i;

	for (i = 0; i < hunks; i++) {
		uint8_t s = e[i].type;

		off = e[i].off;
		if (s == CHD_T_SELF) {
			if (off == last_self)
				s = M_SELF_0;
			else if (off == last_self + 1)
				s = M_SELF_1;
			else if (off > m->max_self)
				m->max_self = off;
			last_self = off;
		} else if (s == CHD_T_PARENT) {
			if (off == (uint64_t)i * m->hunkbytes / m->unitbytes)
				s = M_PARENT_SELF;
			else if (off == last_parent)
				s = M_PARENT_0;
			else if (off == last_parent + uph)
				s = M_PARENT_1;
			else if (off > m->max_parent)
				m->max_parent = off;
			last_parent = off;
		} else {
			off = s == CHD_T_NONE ? m->hunkbytes : e[i].len;
			if (off > m->max_len)
				m->max_len = off;
		}
		m->sym[i] = s;
	}
}

/* One symbol of the type stream: counted (w NULL) or written. */
static void enc_emit(struct map_enc *m, const struct chd_huff *h,
		     struct chd_bitw *w, unsigned sym)
{
	if (w)
		chd_huff_encode(h, w, sym);
	else
		m->hist[sym]++;
}

/*
 * The type stream (4.4): a run's first hunk names its symbol unless it
 * equals lastcomp (TYPE_0 at the start); the rest go as RLE tokens of at
 * most 274 hunks, and 1 or 2 left over as plain repeats.
 */
static void enc_stream(struct map_enc *m, uint32_t hunks,
		       const struct chd_huff *h, struct chd_bitw *w)
{
	uint8_t last = 0;
	uint32_t i = 0, n, t;

	for (; i < hunks; i += n) {
		const uint8_t s = m->sym[i];

		for (n = 1; i + n < hunks && m->sym[i + n] == s; n++)
			;
		t = n;
		if (s != last) {
			enc_emit(m, h, w, s);
			last = s;
			t--;
		}
		while (t >= 3) {
			const uint32_t c = t < M_RLE_MAX ? t : M_RLE_MAX;

			if (c >= 19) {
				enc_emit(m, h, w, M_RLE_LARGE);
				enc_emit(m, h, w, (c - 19) >> 4);
				enc_emit(m, h, w, (c - 19) & 15);
			} else {
				enc_emit(m, h, w, M_RLE_SMALL);
				enc_emit(m, h, w, c - 3);
			}
			t -= c;
		}
		while (t--)
			enc_emit(m, h, w, s);
	}
}

/* Bits of hunk i's fields, or (w set) the fields written. */
static unsigned enc_field(const struct map_enc *m, const struct chd_entry *e,
			  uint32_t i, const unsigned bits[3],
			  struct chd_bitw *w)
{
	switch (m->sym[i]) {
	case CHD_T_NONE:
		if (w)
			chd_bitw_put(w, e[i].crc, 16);
		return 16;
	case CHD_T_SELF:
		if (w)
			chd_bitw_put(w, (uint32_t)e[i].off, bits[1]);
		return bits[1];
	case CHD_T_PARENT:
		if (w)
			chd_bitw_put(w, (uint32_t)e[i].off, bits[2]);
		return bits[2];
	default:
		if (m->sym[i] > CHD_T_NONE) /* pseudo-types carry nothing */
			return 0;
		if (w) {
			chd_bitw_put(w, e[i].len, bits[0]);
			chd_bitw_put(w, e[i].crc, 16);
		}
		return bits[0] + 16;
	}
}

/*
 * The CRC of the entries as a reader expands them: stored blocks back to
 * back from firstoffs, references without length or CRC.
 */
static uint16_t enc_crc(const struct chd_entry *e, uint32_t hunks,
			uint32_t hunkbytes, uint64_t firstoffs)
{
	uint16_t crc = 0xffff;
	uint32_t i;

	for (i = 0; i < hunks; i++) {
		struct chd_entry x = e[i];

		if (x.type <= CHD_T_NONE) {
			if (x.type == CHD_T_NONE)
				x.len = hunkbytes;
			x.off = firstoffs;
			firstoffs += x.len;
		} else {
			x.len = x.crc = 0;
		}
		crc = crc_entry(crc, &x);
	}
	return crc;
}

/* The exact bits after the header: tree, type stream, fields. */
static uint64_t enc_bits(const struct map_enc *m, const struct chd_entry *e,
			 uint32_t hunks, const struct chd_huff *h,
			 const unsigned bits[3])
{
	uint8_t scratch[32]; /* 16 lengths, 3 fields of 4 bits at most */
	struct chd_bitw t = { .p = scratch, .cap = sizeof(scratch) };
	uint64_t n;
	uint32_t i;

	chd_huff_export_rle(h, &t);
	n = t.pos;
	for (i = 0; i < M_SYMBOLS; i++)
		n += (uint64_t)m->hist[i] * h->len[i];
	for (i = 0; i < hunks; i++)
		n += enc_field(m, e, i, bits, NULL);
	return n;
}

/* Tree, type stream and fields into w, which holds exactly nbits. */
static int enc_write(struct map_enc *m, const struct chd_entry *e,
		     uint32_t hunks, const struct chd_huff *h,
		     const unsigned bits[3], struct chd_bitw *w, uint64_t nbits)
{
	uint32_t i;

	chd_huff_export_rle(h, w);
	enc_stream(m, hunks, h, w);
	for (i = 0; i < hunks; i++)
		(void)enc_field(m, e, i, bits, w);
	/* the count and the writer disagreeing would be a bug here */
	return w->over || w->pos != nbits ? -EOVERFLOW : 0;
}

/* The 16-byte map header (4.2); the reserved byte stays 0. */
static void enc_header(uint8_t *buf, uint32_t mapbytes, uint64_t firstoffs,
		       uint16_t crc, const unsigned bits[3])
{
	put_be32(buf, mapbytes);			/* MAPBYTES */
	put_be16(buf + 4, (uint16_t)(firstoffs >> 32)); /* FIRSTOFFS */
	put_be32(buf + 6, (uint32_t)firstoffs);
	put_be16(buf + 10, crc);    /* MAPCRC */
	buf[12] = (uint8_t)bits[0]; /* LENGTHBITS */
	buf[13] = (uint8_t)bits[1]; /* SELFBITS */
	buf[14] = (uint8_t)bits[2]; /* PARENTBITS */
}

/*
 * 0, -ENOMEM, or -EINVAL for entries the map cannot hold (unitbytes 0, a
 * type over 6, a length of 2^24 or more, a reference needing more than
 * 32 bits, a parent unit of 2^48 or more).
 */
int chd_map_encode(const struct chd_entry *e, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t firstoffs,
		   uint8_t **out, size_t *len)
{
	struct map_enc m = { .hunkbytes = hunkbytes, .unitbytes = unitbytes };
	struct chd_bitw w = { 0 };
	struct chd_huff h;
	unsigned bits[3];
	uint64_t nbits;
	uint8_t *buf = NULL;
	int ret;

	*out = NULL;
	*len = 0;
	ret = enc_check(e, hunks, unitbytes);
	if (ret)
		return ret;
	m.sym = malloc(hunks ? hunks : 1);
	if (!m.sym)
		return -ENOMEM;
	ret = chd_huff_init(&h, M_SYMBOLS, M_TREE_BITS);
	if (ret)
		goto out_sym;
	enc_symbols(&m, e, hunks);
	enc_stream(&m, hunks, NULL, NULL);
	bits[0] = bits_for(m.max_len);
	bits[1] = bits_for(m.max_self);
	bits[2] = bits_for(m.max_parent);
	/* a u24 length; references are read at most 32 bits wide */
	ret = bits[0] > 24 || bits[1] > 32 || bits[2] > 32 ?
		      -EINVAL :
		      chd_huff_from_histo(&h, m.hist);
	if (ret)
		goto out_huff;
	nbits = enc_bits(&m, e, hunks, &h, bits);
	buf = calloc(1, CHD_MAP_HEADER + (size_t)((nbits + 7) / 8));
	if (!buf) {
		ret = -ENOMEM;
		goto out_huff;
	}
	w.p = buf + CHD_MAP_HEADER;
	w.cap = (size_t)((nbits + 7) / 8);
	ret = enc_write(&m, e, hunks, &h, bits, &w, nbits);
	if (ret)
		goto out_huff;
	enc_header(buf, (uint32_t)w.cap, firstoffs,
		   enc_crc(e, hunks, hunkbytes, firstoffs), bits);
	*out = buf;
	*len = CHD_MAP_HEADER + w.cap;
	buf = NULL;
out_huff:
	chd_huff_fini(&h);
	free(buf);
out_sym:
	free(m.sym);
	return ret;
}
