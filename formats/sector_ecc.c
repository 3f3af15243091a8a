/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CD sector error codes (docs/formats.md 6.2-6.4, ECMA-130 Annexes A and
 * B): the EDC (CRC-32), the Reed-Solomon product code (ECC P and Q) and
 * the scrambler. These are the hot paths of image conversion, so they are
 * allocation-free and fast: EDC is a slicing-by-8 table CRC; ECC folds
 * the 86 P columns and 52 Q diagonals as independent RS vectors, 8 per
 * 64-bit step (GF(2^8) multiply by alpha in SWAR form), with GF tables
 * for the final parity solve. Tables are built once, on first use, under
 * pthread_once. Sector layouts live in formats/sector.c.
 */
#include <pthread.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"

#include "sector_ecc.h"

#define ECC_ROW 86	  /* bytes per row: 43 words, both byte planes */
#define ECC_P_ROWS 24	  /* P: columns of 24 data bytes */
#define ECC_Q_ROWS 26	  /* Q: diagonals over data + P rows */
#define ECC_Q_LEN 43	  /* Q: 43 bytes per diagonal */
#define ECC_SWAR_BYTES 88 /* 86 P columns / 52 Q diagonals, rounded to 8 */
#define SCRAMBLE_LEN (VB_SECTOR_RAW - VB_SECTOR_SYNC) /* 2340 */

/*
 * EDC polynomial x^32+x^31+x^16+x^15+x^4+x^3+x+1 reflected
 * (docs/formats.md 6.2)
 */
#define EDC_POLY 0xD8018001u
/* GF(2^8) field polynomial x^8+x^4+x^3+x^2+1 (docs/formats.md 6.3). */
#define GF_POLY 0x11D

static uint32_t edc_tab[8][256];
static uint8_t gf_mul2[256]; /* x * alpha */
static uint8_t gf_div3[256]; /* x / (1 + alpha) */
static uint8_t scramble_tab[SCRAMBLE_LEN];
static pthread_once_t sector_once = PTHREAD_ONCE_INIT;

static void sector_init_tables(void)
{
	unsigned i, k;
	uint16_t lfsr = 1;

	/* Slicing-by-8: edc_tab[k][b] is the CRC of b followed by k zeros. */
	for (i = 0; i < 256; i++) {
		uint32_t c = i;

		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ ((c & 1) ? EDC_POLY : 0);
		edc_tab[0][i] = c;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++) {
			uint32_t c = edc_tab[k - 1][i];

			edc_tab[k][i] = (c >> 8) ^ edc_tab[0][c & 0xFF];
		}

	/*
	 * alpha = x is a generator of GF(2^8) mod 0x11D. The RS parity
	 * solution needs x * alpha and the inverse of multiplying by
	 * (1 + alpha): since y = x ^ x*alpha is a bijection, fill gf_div3
	 * by scattering.
	 */
	for (i = 0; i < 256; i++) {
		unsigned m = i << 1;

		if (m & 0x100)
			m ^= GF_POLY;
		gf_mul2[i] = (uint8_t)m;
	}
	for (i = 0; i < 256; i++)
		gf_div3[i ^ gf_mul2[i]] = (uint8_t)i;

	/*
	 * ECMA-130 Annex B: 15-bit LFSR x^15 + x + 1, preset to 1, the
	 * output (the register's low bit) taken LSB first into each byte.
	 */
	for (i = 0; i < SCRAMBLE_LEN; i++) {
		uint8_t b = 0;

		for (k = 0; k < 8; k++) {
			unsigned fb = (lfsr ^ (lfsr >> 1)) & 1;

			b |= (uint8_t)((lfsr & 1) << k);
			lfsr = (uint16_t)((lfsr >> 1) | (fb << 14));
		}
		scramble_tab[i] = b;
	}
}

static inline void sector_tables(void)
{
	pthread_once(&sector_once, sector_init_tables);
}

uint32_t vb_sector_edc(const uint8_t *buf, size_t len)
{
	uint32_t crc = 0;

	sector_tables();
	while (len >= 8) {
		uint32_t lo = crc ^ get_le32(buf);
		uint32_t hi = get_le32(buf + 4);

		crc = edc_tab[7][lo & 0xFF] ^ edc_tab[6][(lo >> 8) & 0xFF] ^
		      edc_tab[5][(lo >> 16) & 0xFF] ^ edc_tab[4][lo >> 24] ^
		      edc_tab[3][hi & 0xFF] ^ edc_tab[2][(hi >> 8) & 0xFF] ^
		      edc_tab[1][(hi >> 16) & 0xFF] ^ edc_tab[0][hi >> 24];
		buf += 8;
		len -= 8;
	}
	while (len--)
		crc = (crc >> 8) ^ edc_tab[0][(crc ^ *buf++) & 0xFF];
	return crc;
}

/*
 * Parity of one RS vector whose data bytes d_0..d_{N-1} were folded as
 * a = sum d_i alpha^(N-i) (Horner: a = (a ^ d) * alpha) and s = sum d_i.
 * The code (ECMA-130 Annex A) appends p0, p1 so that the plain sum and the
 * sum weighted alpha^(N+1-i) over all N+2 bytes are both zero:
 *   s + p0 + p1 = 0 and a*alpha + p0*alpha + p1 = 0,
 * hence p0 = (s + a*alpha) / (1 + alpha) and p1 = p0 + s.
 */
static inline uint8_t ecc_p0(uint8_t a, uint8_t s)
{
	return gf_div3[gf_mul2[a] ^ s];
}

/*
 * Eight Horner steps at once (SWAR): each byte lane of v is multiplied by
 * alpha in GF(2^8). Shift every lane left, then reduce the lanes whose
 * top bit fell out by XORing 0x1D (the low byte of GF_POLY); (hi >> 7)
 * leaves 0 or 1 per lane, so the multiply never carries across lanes.
 * Lanes are loaded and stored with get_le64/put_le64, so byte i of a
 * group is always lane i whatever the host byte order.
 */
#define SWAR_HI 0x8080808080808080ull
#define SWAR_LO 0x7F7F7F7F7F7F7F7Full

static inline uint64_t gf_mul2_x8(uint64_t v)
{
	return ((v & SWAR_LO) << 1) ^ (((v & SWAR_HI) >> 7) * (GF_POLY & 0xFF));
}

/* Fold one group of 8 bytes into 8 RS vectors (a: Horner, s: plain sum). */
static inline void ecc_fold8(uint64_t *a, uint64_t *s, const uint8_t *x)
{
	uint64_t v = get_le64(x);

	*a = gf_mul2_x8(*a ^ v);
	*s ^= v;
}

/* Turns n folded vectors into their parity bytes p0[i] and p1[i]. */
static void ecc_finish(const uint64_t *a, const uint64_t *s, unsigned n,
		       uint8_t *p0, uint8_t *p1)
{
	uint8_t ab[ECC_SWAR_BYTES], sb[ECC_SWAR_BYTES];
	unsigned i;

	for (i = 0; i < ECC_SWAR_BYTES / 8; i++) {
		put_le64(ab + 8 * i, a[i]);
		put_le64(sb + 8 * i, s[i]);
	}
	for (i = 0; i < n; i++) {
		p0[i] = ecc_p0(ab[i], sb[i]);
		p1[i] = p0[i] ^ sb[i];
	}
}

/*
 * P parity: 86 columns (43 words x 2 byte planes) of 24 bytes, column i
 * being byte i of each 86-byte row from offset 12; the two parity rows go
 * to 2076 and 2162. d points at raw + 12. Each row is folded as 11 groups
 * of 8; the last group reads 2 bytes past the row (still inside the
 * sector) into lanes that are ignored.
 */
static void ecc_compute_p(const uint8_t *d, uint8_t par[ECC_P_SIZE])
{
	uint64_t a[ECC_SWAR_BYTES / 8] = { 0 }, s[ECC_SWAR_BYTES / 8] = { 0 };
	unsigned r, w;

	for (r = 0; r < ECC_P_ROWS; r++, d += ECC_ROW)
		for (w = 0; w < (ECC_ROW + 7) / 8; w++)
			ecc_fold8(&a[w], &s[w], d + 8 * w);
	ecc_finish(a, s, ECC_ROW, par, par + ECC_ROW);
}

/*
 * Q parity: 26 diagonals per byte plane. Diagonal k takes word
 * (43k + 44j) mod 1118 for j = 0..42, which is row (k + j) mod 26,
 * column j of the 26x43 word matrix (rows 24-25 being the P parity).
 * Column j thus holds one word of every diagonal, in j order: gather it
 * rotated by j into t (word k of t = diagonal k) and fold t 8 bytes at a
 * time. Parity bytes go to 2248 and 2300.
 */
static void ecc_compute_q(const uint8_t *d, uint8_t par[ECC_Q_SIZE])
{
	uint64_t a[ECC_SWAR_BYTES / 8] = { 0 }, s[ECC_SWAR_BYTES / 8] = { 0 };
	uint8_t t[ECC_SWAR_BYTES] = { 0 }; /* bytes 52.. stay zero */
	unsigned j, r, k, w;

	for (j = 0; j < ECC_Q_LEN; j++) {
		const uint8_t *col = d + 2 * j;

		/*
		 * Row r belongs to diagonal (r - j) mod 26: rows from
		 * j mod 26 on fill t from its start, the rows before them
		 * its end.
		 */
		k = j % ECC_Q_ROWS;
		for (r = 0; r < ECC_Q_ROWS - k; r++)
			memcpy(t + 2 * r, col + (r + k) * ECC_ROW, 2);
		for (; r < ECC_Q_ROWS; r++)
			memcpy(t + 2 * r, col + (r + k - ECC_Q_ROWS) * ECC_ROW,
			       2);
		for (w = 0; w < (2 * ECC_Q_ROWS + 7) / 8; w++)
			ecc_fold8(&a[w], &s[w], t + 8 * w);
	}
	ecc_finish(a, s, 2 * ECC_Q_ROWS, par, par + 2 * ECC_Q_ROWS);
}

_Static_assert(ECC_P_SIZE == 2 * ECC_ROW && ECC_Q_SIZE == 4 * ECC_Q_ROWS,
	       "parity sizes");

void sector_ecc_parity(const uint8_t *d, uint8_t p[ECC_P_SIZE],
		       uint8_t q[ECC_Q_SIZE])
{
	sector_tables();
	ecc_compute_p(d, p);
	ecc_compute_q(d, q);
}

void vb_sector_ecc(uint8_t raw[VB_SECTOR_RAW])
{
	sector_tables();
	ecc_compute_p(raw + SEC_HEADER, raw + SEC_ECC_P);
	ecc_compute_q(raw + SEC_HEADER, raw + SEC_ECC_Q);
}

void vb_sector_scramble(uint8_t raw[VB_SECTOR_RAW])
{
	uint8_t *p = raw + VB_SECTOR_SYNC;
	unsigned i;

	sector_tables();
	for (i = 0; i < SCRAMBLE_LEN; i++)
		p[i] ^= scramble_tab[i];
}
