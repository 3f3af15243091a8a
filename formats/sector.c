/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw CD sector synthesis and verification (formats.md 6.1-6.4, ECMA-130
 * sections 14-16 and Annexes A and B): sync and BCD header, the EDC
 * (CRC-32), the Reed-Solomon product code (ECC P and Q) and the scrambler.
 * A pure library over caller buffers. The hot paths are allocation-free
 * because image conversion pushes whole discs through them: EDC is a
 * slicing-by-8 table CRC; ECC folds the 86 P columns and 52 Q diagonals
 * as independent RS vectors, 8 per 64-bit step (GF(2^8) multiply by
 * alpha in SWAR form), with GF tables for the final parity solve. Tables
 * are built once, on first use, under pthread_once.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"

/*
 * Byte offsets in a raw sector (formats.md 6.1). ECC covers 12..2075 as
 * 1032 16-bit words, i.e. 24 rows of 86 bytes; P parity adds rows 24-25.
 */
#define SEC_HEADER 12
#define SEC_DATA 16
#define SEC_XA_DATA 24
#define SEC_M1_EDC 2064
#define SEC_M1_PAD 2068
#define SEC_F1_EDC 2072
#define SEC_F2_EDC 2348
#define SEC_ECC_P 2076
#define SEC_ECC_Q 2248
#define ECC_ROW 86         /* bytes per row: 43 words, both byte planes */
#define ECC_P_ROWS 24      /* P: columns of 24 data bytes */
#define ECC_Q_ROWS 26      /* Q: diagonals over data + P rows */
#define ECC_Q_LEN 43       /* Q: 43 bytes per diagonal */
#define ECC_P_SIZE (2 * ECC_ROW)        /* 172 */
#define ECC_Q_SIZE (2 * 2 * ECC_Q_ROWS) /* 104 */
#define ECC_SWAR_BYTES 88  /* 86 P columns / 52 Q diagonals, rounded to 8 */
#define SCRAMBLE_LEN (VB_SECTOR_RAW - VB_SECTOR_SYNC) /* 2340 */

/* EDC polynomial x^32+x^31+x^16+x^15+x^4+x^3+x+1 reflected (formats.md 6.2) */
#define EDC_POLY 0xD8018001u
/* GF(2^8) field polynomial x^8+x^4+x^3+x^2+1 (formats.md 6.3). */
#define GF_POLY 0x11D

static const uint8_t sector_sync[VB_SECTOR_SYNC] = {
	0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00
};

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

int vb_sector_user_size(enum vb_sector_mode mode)
{
	switch (mode) {
	case VB_SECTOR_AUDIO:
		return VB_SECTOR_RAW;
	case VB_SECTOR_MODE0:
		return 0;
	case VB_SECTOR_MODE1:
		return 2048;
	case VB_SECTOR_MODE2:
		return 2336;
	case VB_SECTOR_MODE2_FORM1:
		return VB_SECTOR_SUBHDR + 2048;
	case VB_SECTOR_MODE2_FORM2:
		return VB_SECTOR_SUBHDR + 2324;
	}
	return -EINVAL;
}

int vb_sector_user_data(enum vb_sector_mode mode, size_t *off, size_t *len)
{
	size_t o, l;

	switch (mode) {
	case VB_SECTOR_AUDIO:
		o = 0;
		l = VB_SECTOR_RAW;
		break;
	case VB_SECTOR_MODE0:
	case VB_SECTOR_MODE2:
		o = SEC_DATA;
		l = 2336;
		break;
	case VB_SECTOR_MODE1:
		o = SEC_DATA;
		l = 2048;
		break;
	case VB_SECTOR_MODE2_FORM1:
		o = SEC_XA_DATA;
		l = 2048;
		break;
	case VB_SECTOR_MODE2_FORM2:
		o = SEC_XA_DATA;
		l = 2324;
		break;
	default:
		return -EINVAL;
	}
	if (off)
		*off = o;
	if (len)
		*len = l;
	return 0;
}

enum vb_sector_mode vb_sector_mode2_form(const uint8_t subheader[8])
{
	return (subheader[2] & VB_SUBMODE_FORM2) ? VB_SECTOR_MODE2_FORM2 :
						   VB_SECTOR_MODE2_FORM1;
}

/*
 * Header MSF range: BCD minutes stop at 99, and lead-in addresses (M >= 90,
 * formats.md 0) start at 90:00:00 = LBA -45150.
 */
static bool sector_lba_ok(int32_t lba)
{
	return lba >= -45150 && lba < 100 * 60 * 75 - 150;
}

static void sector_put_header(uint8_t *raw, int32_t lba, uint8_t mode)
{
	struct vb_msf m = lba_to_msf(lba);

	memcpy(raw, sector_sync, VB_SECTOR_SYNC);
	raw[SEC_HEADER + 0] = bcd(m.m); /* MINUTE */
	raw[SEC_HEADER + 1] = bcd(m.s); /* SECOND */
	raw[SEC_HEADER + 2] = bcd(m.f); /* FRAME */
	raw[SEC_HEADER + 3] = mode;     /* MODE */
}

int vb_sector_encode(uint8_t out[VB_SECTOR_RAW], enum vb_sector_mode mode,
		     int32_t lba, const uint8_t *user)
{
	if (!out || (!user && mode != VB_SECTOR_MODE0) || !sector_lba_ok(lba))
		return -EINVAL;

	sector_tables();
	switch (mode) {
	case VB_SECTOR_AUDIO:
		memcpy(out, user, VB_SECTOR_RAW);
		break;
	case VB_SECTOR_MODE0:
		sector_put_header(out, lba, 0);
		memset(out + SEC_DATA, 0, VB_SECTOR_RAW - SEC_DATA);
		break;
	case VB_SECTOR_MODE1:
		/* EDC over sync+header+data, then 8 zero bytes, then ECC. */
		sector_put_header(out, lba, 1);
		memcpy(out + SEC_DATA, user, 2048);
		put_le32(out + SEC_M1_EDC, vb_sector_edc(out, SEC_M1_EDC));
		memset(out + SEC_M1_PAD, 0, 8);
		vb_sector_ecc(out);
		break;
	case VB_SECTOR_MODE2:
		sector_put_header(out, lba, 2);
		memcpy(out + SEC_DATA, user, 2336);
		break;
	case VB_SECTOR_MODE2_FORM1:
		/*
		 * EDC from the subheader on (the header is excluded so a
		 * sector can be relocated); ECC with the header taken as
		 * zero (ECMA-130 14.5), restored afterwards.
		 */
		memcpy(out + SEC_DATA, user, VB_SECTOR_SUBHDR + 2048);
		put_le32(out + SEC_F1_EDC,
			 vb_sector_edc(out + SEC_DATA, SEC_F1_EDC - SEC_DATA));
		memset(out + SEC_HEADER, 0, 4);
		vb_sector_ecc(out);
		sector_put_header(out, lba, 2);
		break;
	case VB_SECTOR_MODE2_FORM2:
		/* EDC is optional for form 2 (0 = none); we always write it. */
		sector_put_header(out, lba, 2);
		memcpy(out + SEC_DATA, user, VB_SECTOR_SUBHDR + 2324);
		put_le32(out + SEC_F2_EDC,
			 vb_sector_edc(out + SEC_DATA, SEC_F2_EDC - SEC_DATA));
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int vb_sector_encode_mode2(uint8_t out[VB_SECTOR_RAW], int32_t lba,
			   const uint8_t *user)
{
	enum vb_sector_mode form;
	int ret;

	if (!user)
		return -EINVAL;
	form = vb_sector_mode2_form(user);
	ret = vb_sector_encode(out, form, lba, user);
	return ret < 0 ? ret : (int)form;
}

/* Number of sync bytes that differ from the pattern. */
static unsigned sector_sync_errors(const uint8_t *raw)
{
	unsigned i, n = 0;

	for (i = 0; i < VB_SECTOR_SYNC; i++)
		n += raw[i] != sector_sync[i];
	return n;
}

static bool sector_edc_ok(const uint8_t *raw, size_t from, size_t at)
{
	return vb_sector_edc(raw + from, at - from) == get_le32(raw + at);
}

/* Form of an XA sector whose two subheader copies may disagree. */
static int sector_xa_form(const uint8_t *raw)
{
	const uint8_t *sh = raw + SEC_DATA;

	if (memcmp(sh, sh + 4, 4) == 0 ||
	    ((sh[2] ^ sh[6]) & VB_SUBMODE_FORM2) == 0)
		return vb_sector_mode2_form(sh);
	/* The copies disagree on the form: believe the EDC that fits. */
	if (sector_edc_ok(raw, SEC_DATA, SEC_F1_EDC))
		return VB_SECTOR_MODE2_FORM1;
	if (sector_edc_ok(raw, SEC_DATA, SEC_F2_EDC))
		return VB_SECTOR_MODE2_FORM2;
	return vb_sector_mode2_form(sh);
}

int vb_sector_detect_mode(const uint8_t raw[VB_SECTOR_RAW])
{
	/*
	 * At most one damaged sync byte still counts as a sync. Audio of
	 * near-silence (0x0000/0xFFFF samples) can match up to 10 of the 12
	 * bytes, never 11, unless it happens to contain the pattern itself.
	 */
	if (sector_sync_errors(raw) > 1)
		return VB_SECTOR_AUDIO;
	switch (raw[SEC_HEADER + 3]) {
	case 0:
		return VB_SECTOR_MODE0;
	case 1:
		return VB_SECTOR_MODE1;
	case 2:
		sector_tables();
		return sector_xa_form(raw);
	}
	return -EINVAL;
}

/* Decodes the header MSF; VB_SECTOR_LBA_ANY if a field is not valid BCD. */
static int32_t sector_header_lba(const uint8_t *h)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		if ((h[i] & 0x0F) > 9 || (h[i] >> 4) > 9)
			return VB_SECTOR_LBA_ANY;
	if (unbcd(h[1]) > 59 || unbcd(h[2]) > 74)
		return VB_SECTOR_LBA_ANY;
	return msf_to_lba((uint8_t)unbcd(h[0]), (uint8_t)unbcd(h[1]),
			  (uint8_t)unbcd(h[2]));
}

/*
 * Compares the header MSF with the one lba encodes to. Comparing MSF, not
 * the decoded LBA, keeps 90-99 minute addresses (which decode as lead-in,
 * formats.md 0) matching the LBA they were written for.
 */
static bool sector_header_is(const uint8_t *raw, int32_t lba)
{
	struct vb_msf m;

	if (lba == VB_SECTOR_LBA_ANY)
		return true;
	if (!sector_lba_ok(lba))
		return false;
	m = lba_to_msf(lba);
	return raw[SEC_HEADER] == bcd(m.m) && raw[SEC_HEADER + 1] == bcd(m.s) &&
	       raw[SEC_HEADER + 2] == bcd(m.f);
}

static bool sector_is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/*
 * Recomputes P and Q over bytes 12..2075 (with the header zeroed for form
 * 1) and compares them with the stored parity. Q is checked against the
 * stored P rows, so the two results are independent.
 */
static void sector_check_ecc(const uint8_t *raw, bool zero_header,
			     struct vb_sector_check *c)
{
	uint8_t tmp[SEC_ECC_Q - SEC_HEADER];
	uint8_t p[ECC_P_SIZE], q[ECC_Q_SIZE];
	const uint8_t *d = raw + SEC_HEADER;

	if (zero_header) {
		memcpy(tmp, d, sizeof(tmp));
		memset(tmp, 0, 4);
		d = tmp;
	}
	ecc_compute_p(d, p);
	ecc_compute_q(d, q);
	c->checked |= VB_SECTOR_ERR_ECC_P | VB_SECTOR_ERR_ECC_Q;
	if (memcmp(p, raw + SEC_ECC_P, sizeof(p)))
		c->errors |= VB_SECTOR_ERR_ECC_P;
	if (memcmp(q, raw + SEC_ECC_Q, sizeof(q)))
		c->errors |= VB_SECTOR_ERR_ECC_Q;
}

static void sector_check_edc(const uint8_t *raw, size_t from, size_t at,
			     struct vb_sector_check *c)
{
	c->checked |= VB_SECTOR_ERR_EDC;
	if (!sector_edc_ok(raw, from, at))
		c->errors |= VB_SECTOR_ERR_EDC;
}

/* Both subheader copies equal and their form bit matching the layout. */
static void sector_check_subhdr(const uint8_t *raw, int mode,
				struct vb_sector_check *c)
{
	const uint8_t *sh = raw + SEC_DATA;

	c->checked |= VB_SECTOR_ERR_SUBHDR;
	if (memcmp(sh, sh + 4, 4) || (int)vb_sector_mode2_form(sh) != mode)
		c->errors |= VB_SECTOR_ERR_SUBHDR;
}

static void sector_check_payload(const uint8_t *raw, int mode,
				 struct vb_sector_check *c)
{
	switch (mode) {
	case VB_SECTOR_MODE0:
		c->checked |= VB_SECTOR_ERR_ZERO;
		if (!sector_is_zero(raw + SEC_DATA, VB_SECTOR_RAW - SEC_DATA))
			c->errors |= VB_SECTOR_ERR_ZERO;
		break;
	case VB_SECTOR_MODE1:
		sector_check_edc(raw, 0, SEC_M1_EDC, c);
		c->checked |= VB_SECTOR_ERR_ZERO;
		if (!sector_is_zero(raw + SEC_M1_PAD, 8))
			c->errors |= VB_SECTOR_ERR_ZERO;
		sector_check_ecc(raw, false, c);
		break;
	case VB_SECTOR_MODE2_FORM1:
		sector_check_subhdr(raw, mode, c);
		sector_check_edc(raw, SEC_DATA, SEC_F1_EDC, c);
		sector_check_ecc(raw, true, c);
		break;
	case VB_SECTOR_MODE2_FORM2:
		sector_check_subhdr(raw, mode, c);
		/* A zero EDC field means "no EDC" (ECMA-130 14.6). */
		if (get_le32(raw + SEC_F2_EDC))
			sector_check_edc(raw, SEC_DATA, SEC_F2_EDC, c);
		break;
	default: /* formless Mode 2: nothing beyond the header */
		break;
	}
}

int vb_sector_verify_as(const uint8_t raw[VB_SECTOR_RAW], int mode,
			int32_t lba, struct vb_sector_check *out)
{
	struct vb_sector_check c = { .mode = mode, .lba = VB_SECTOR_LBA_ANY };
	static const uint8_t mode_byte[] = {
		[VB_SECTOR_MODE0] = 0, [VB_SECTOR_MODE1] = 1,
		[VB_SECTOR_MODE2] = 2, [VB_SECTOR_MODE2_FORM1] = 2,
		[VB_SECTOR_MODE2_FORM2] = 2,
	};

	if (!raw || mode < VB_SECTOR_MODE_AUTO || mode > VB_SECTOR_MODE2_FORM2)
		return -EINVAL;
	sector_tables();
	if (mode == VB_SECTOR_MODE_AUTO) {
		c.mode = vb_sector_detect_mode(raw);
		if (c.mode < 0) {
			/* Data sync but an unknown mode byte. */
			c.mode = -1;
			c.checked = c.errors = VB_SECTOR_ERR_MODE;
		}
	}
	if (c.mode == VB_SECTOR_AUDIO || c.mode < 0)
		goto out;

	c.checked |= VB_SECTOR_ERR_SYNC | VB_SECTOR_ERR_HEADER |
		     VB_SECTOR_ERR_MODE;
	if (sector_sync_errors(raw))
		c.errors |= VB_SECTOR_ERR_SYNC;
	c.lba = sector_header_lba(raw + SEC_HEADER);
	if (c.lba == VB_SECTOR_LBA_ANY || !sector_header_is(raw, lba))
		c.errors |= VB_SECTOR_ERR_HEADER;
	if (raw[SEC_HEADER + 3] != mode_byte[c.mode])
		c.errors |= VB_SECTOR_ERR_MODE;
	sector_check_payload(raw, c.mode, &c);
out:
	if (out)
		*out = c;
	return c.errors ? -EBADMSG : 0;
}

int vb_sector_verify(const uint8_t raw[VB_SECTOR_RAW],
		     struct vb_sector_check *out)
{
	return vb_sector_verify_as(raw, VB_SECTOR_MODE_AUTO, VB_SECTOR_LBA_ANY,
				   out);
}
