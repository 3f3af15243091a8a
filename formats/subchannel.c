/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CD subchannel synthesis and checking (docs/formats.md 6.5-6.6, ECMA-130
 * section 22): the Q channel in its ADR 1 (position), ADR 2 (MCN), ADR 3
 * (ISRC) and lead-in TOC forms with their CRC-16, the P channel, the
 * conversion between raw interleaved P-W (one bit of each channel per
 * byte) and the linear 12-bytes-per-channel form, and the CD-TEXT pack
 * CRC, which is the same CRC over 16 bytes. Pure functions over caller
 * buffers; the CRC table is built once under pthread_once.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "isrc.h"

/* CCITT generator x^16 + x^12 + x^5 + 1, processed MSB first. */
#define CRC16_POLY 0x1021

/* ADR values of the Q channel (ECMA-130 22.3.2). */
#define ADR_POSITION 1
#define ADR_MCN 2
#define ADR_ISRC 3
#define ADR_LEADIN_5 5

#define MSF_LIMIT (100 * 60 * 75) /* 100:00:00, first value BCD cannot hold */

static uint16_t crc16_tab[256];
static pthread_once_t crc16_once = PTHREAD_ONCE_INIT;

static void crc16_init_table(void)
{
	unsigned i, k;

	for (i = 0; i < 256; i++) {
		uint16_t c = (uint16_t)(i << 8);

		for (k = 0; k < 8; k++)
			c = (uint16_t)((c & 0x8000) ? (c << 1) ^ CRC16_POLY :
						      c << 1);
		crc16_tab[i] = c;
	}
}

uint16_t vb_crc16_ccitt(const uint8_t *buf, size_t len)
{
	uint16_t crc = 0;

	pthread_once(&crc16_once, crc16_init_table);
	while (len--)
		crc = (uint16_t)(crc << 8) ^ crc16_tab[(crc >> 8) ^ *buf++];
	return crc;
}

/* Q and CD-TEXT store the CRC inverted, big-endian (docs/formats.md 6.5). */
void vb_subq_set_crc(uint8_t q[VB_SUBQ_SIZE])
{
	put_be16(q + 10, (uint16_t)~vb_crc16_ccitt(q, 10));
}

bool vb_subq_crc_ok(const uint8_t q[VB_SUBQ_SIZE])
{
	return (get_be16(q + 10) ^ vb_crc16_ccitt(q, 10)) == 0xFFFF;
}

void vb_cdtext_set_crc(uint8_t pack[VB_CDTEXT_PACK])
{
	put_be16(pack + 16, (uint16_t)~vb_crc16_ccitt(pack, 16));
}

bool vb_cdtext_crc_ok(const uint8_t pack[VB_CDTEXT_PACK])
{
	return (get_be16(pack + 16) ^ vb_crc16_ccitt(pack, 16)) == 0xFFFF;
}

static bool subq_bcd_ok(uint8_t b)
{
	return (b >> 4) <= 9 && (b & 0x0F) <= 9;
}

/* Relative (no 150 offset) frame count as BCD M:S:F into p[0..2]. */
static void subq_put_rel(uint8_t *p, uint32_t frames)
{
	p[0] = bcd(frames / (60 * 75));
	p[1] = bcd((frames / 75) % 60);
	p[2] = bcd(frames % 75);
}

/* Absolute address as BCD M:S:F (+150, lead-in as 9x minutes). */
static void subq_put_abs(uint8_t *p, int32_t lba)
{
	struct vb_msf m = lba_to_msf(lba);

	p[0] = bcd(m.m);
	p[1] = bcd(m.s);
	p[2] = bcd(m.f);
}

/* BCD M:S:F at p to frames; -1 if not valid BCD or out of range. */
static int32_t subq_get_frames(const uint8_t *p)
{
	if (!subq_bcd_ok(p[0]) || !subq_bcd_ok(p[1]) || !subq_bcd_ok(p[2]))
		return -1;
	if (unbcd(p[1]) > 59 || unbcd(p[2]) > 74)
		return -1;
	return ((int32_t)unbcd(p[0]) * 60 + (int32_t)unbcd(p[1])) * 75 +
	       (int32_t)unbcd(p[2]);
}

static bool subq_abs_ok(int32_t lba)
{
	return lba >= VB_CD_LBA_MIN && lba <= VB_CD_LBA_MAX;
}

/*
 * ADR 1 in the program area and lead-out (ECMA-130 22.3.3): TNO, INDEX,
 * track-relative time, a zero byte, absolute time. In a pause the
 * relative time counts down toward INDEX 01; sources differ on where the
 * countdown ends (libmirage: |lba - start|, ending at 1; cdrkit:
 * start - 1 - lba, ending at 0), so the caller passes the value it wants
 * and only its magnitude is written.
 */
int vb_subq_encode(uint8_t q[VB_SUBQ_SIZE], const struct vb_subq *pos)
{
	uint32_t rel;

	if (!q || !pos || pos->ctl > 0xF || pos->index > 99 ||
	    !subq_abs_ok(pos->abs) || pos->rel <= -MSF_LIMIT ||
	    pos->rel >= MSF_LIMIT)
		return -EINVAL;
	if (pos->tno != VB_SUBQ_LEADOUT && (pos->tno < 1 || pos->tno > 99))
		return -EINVAL;
	rel = (uint32_t)(pos->rel < 0 ? -pos->rel : pos->rel);

	q[0] = (uint8_t)(pos->ctl << 4 | ADR_POSITION); /* CONTROL | ADR */
	q[1] = pos->tno == VB_SUBQ_LEADOUT ? VB_SUBQ_LEADOUT : bcd(pos->tno);
	q[2] = bcd(pos->index);	       /* INDEX */
	subq_put_rel(q + 3, rel);      /* MIN SEC FRAME */
	q[6] = 0;		       /* ZERO */
	subq_put_abs(q + 7, pos->abs); /* AMIN ASEC AFRAME */
	vb_subq_set_crc(q);
	return 0;
}

int vb_subq_decode(const uint8_t q[VB_SUBQ_SIZE], struct vb_subq *pos)
{
	int32_t rel, abs;
	struct vb_subq r;

	if ((q[0] & 0x0F) != ADR_POSITION || q[1] == 0)
		return -ENOMSG; /* other ADR, or a lead-in TOC entry */
	if ((q[1] != VB_SUBQ_LEADOUT && !subq_bcd_ok(q[1])) ||
	    !subq_bcd_ok(q[2]))
		return -EINVAL;
	rel = subq_get_frames(q + 3);
	abs = subq_get_frames(q + 7);
	if (rel < 0 || abs < 0)
		return -EINVAL;

	r.ctl = q[0] >> 4;
	r.adr = ADR_POSITION;
	r.tno = q[1] == VB_SUBQ_LEADOUT ? VB_SUBQ_LEADOUT :
					  (uint8_t)unbcd(q[1]);
	r.index = (uint8_t)unbcd(q[2]);
	r.rel = r.index == 0 ? -rel : rel;
	r.abs = msf_to_lba((uint8_t)(abs / 4500), (uint8_t)(abs / 75 % 60),
			   (uint8_t)(abs % 75));
	if (pos)
		*pos = r;
	return 0;
}

/*
 * ADR 2 (ECMA-130 22.3.4): 13 BCD digits in bytes 1-7 (the last nibble
 * zero), byte 8 zero, byte 9 the absolute frame number.
 */
int vb_subq_mcn(uint8_t q[VB_SUBQ_SIZE], uint8_t ctl, const char *mcn,
		int32_t abs)
{
	unsigned i;

	if (!q || !mcn || ctl > 0xF || !subq_abs_ok(abs))
		return -EINVAL;
	for (i = 0; i < 13; i++)
		if (mcn[i] < '0' || mcn[i] > '9')
			return -EINVAL;

	memset(q, 0, VB_SUBQ_SIZE);
	q[0] = (uint8_t)(ctl << 4 | ADR_MCN);
	for (i = 0; i < 13; i++)
		q[1 + i / 2] |= (uint8_t)((mcn[i] - '0') << (i % 2 ? 0 : 4));
	q[9] = bcd(lba_to_msf(abs).f); /* AFRAME */
	vb_subq_set_crc(q);
	return 0;
}

int vb_subq_mcn_decode(const uint8_t q[VB_SUBQ_SIZE], char mcn[14])
{
	unsigned i;

	if ((q[0] & 0x0F) != ADR_MCN)
		return -ENOMSG;
	for (i = 0; i < 13; i++) {
		unsigned d = (q[1 + i / 2] >> (i % 2 ? 0 : 4)) & 0x0F;

		if (d > 9)
			return -EINVAL;
		mcn[i] = (char)('0' + d);
	}
	mcn[13] = '\0';
	return 0;
}

/*
 * ISRC characters in Q are 6-bit codes: '0'-'9' -> 0x00-0x09 and 'A'-'Z'
 * -> 0x11-0x2A, i.e. ASCII minus 0x30 (docs/formats.md 6.5).
 */
static int isrc_char_code(char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
		return c - 0x30;
	return -1;
}

static char isrc_code_char(unsigned v)
{
	if (v <= 0x09 || (v >= 0x11 && v <= 0x2A))
		return (char)(v + 0x30);
	return '\0';
}

/*
 * ADR 3 (ECMA-130 22.3.5): country (2) and owner (3) as 6-bit codes in the
 * first 30 bits of bytes 1-4, 2 zero bits, then year (2) and serial (5)
 * as 7 BCD digits in bytes 5-8 (last nibble zero), byte 9 the AFRAME.
 */
int vb_subq_isrc(uint8_t q[VB_SUBQ_SIZE], uint8_t ctl, const char *isrc,
		 int32_t abs)
{
	char s[12];
	uint32_t bits = 0;
	unsigned i, n = 0;

	if (!q || !isrc || ctl > 0xF || !subq_abs_ok(abs))
		return -EINVAL;
	for (i = 0; isrc[i] && n < sizeof(s); i++)
		if (isrc[i] != '-')
			s[n++] = isrc[i];
	if (n != sizeof(s))
		return -EINVAL;
	for (i = 0; i < 5; i++) {
		int code = isrc_char_code(s[i]);

		if (code < 0)
			return -EINVAL;
		bits |= (uint32_t)code << (26 - 6 * i);
	}
	for (i = 5; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;

	memset(q, 0, VB_SUBQ_SIZE);
	q[0] = (uint8_t)(ctl << 4 | ADR_ISRC);
	put_be32(q + 1, bits);
	for (i = 0; i < 7; i++)
		q[5 + i / 2] |= (uint8_t)((s[5 + i] - '0') << (i % 2 ? 0 : 4));
	q[9] = bcd(lba_to_msf(abs).f); /* AFRAME */
	vb_subq_set_crc(q);
	return 0;
}

bool fmt_isrc_ok(const char *isrc)
{
	unsigned i;

	if (!isrc || strlen(isrc) != 12)
		return false;
	for (i = 0; i < 12; i++) {
		const char c = isrc[i];
		const bool digit = c >= '0' && c <= '9';
		const bool upper = c >= 'A' && c <= 'Z';

		if (i < 2 ? !upper : i < 5 ? !upper && !digit : !digit)
			return false;
	}
	return true;
}

bool vb_isrc_ok(const char *isrc)
{
	return fmt_isrc_ok(isrc);
}

void fmt_isrc_take(char isrc[13], const char *s, size_t len, const char *tag,
		   const char *path, unsigned line)
{
	char v[13];
	unsigned i;

	memset(v, 0, sizeof(v));
	if (len == 12)
		memcpy(v, s, 12);
	if (len == 12 && fmt_isrc_ok(v)) {
		memcpy(isrc, v, sizeof(v));
		return;
	}
	/* what the warning shows: at most 12 printable characters */
	for (i = 0; i < 12 && i < len; i++)
		v[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	v[i] = '\0';
	if (line)
		vb_log(VB_LOG_WARN, tag,
		       "%s: line %u: ISRC \"%s%s\" is not "
		       "CCOOOYYSSSSS, ignored",
		       path, line, v, len > 12 ? "..." : "");
	else
		vb_log(VB_LOG_WARN, tag,
		       "%s: ISRC \"%s%s\" is not "
		       "CCOOOYYSSSSS, ignored",
		       path, v, len > 12 ? "..." : "");
}

int vb_subq_isrc_decode(const uint8_t q[VB_SUBQ_SIZE], char isrc[13])
{
	uint32_t bits;
	unsigned i;

	if ((q[0] & 0x0F) != ADR_ISRC)
		return -ENOMSG;
	bits = get_be32(q + 1);
	for (i = 0; i < 5; i++) {
		isrc[i] = isrc_code_char((bits >> (26 - 6 * i)) & 0x3F);
		if (!isrc[i])
			return -EINVAL;
	}
	for (i = 0; i < 7; i++) {
		unsigned d = (q[5 + i / 2] >> (i % 2 ? 0 : 4)) & 0x0F;

		if (d > 9)
			return -EINVAL;
		isrc[5 + i] = (char)('0' + d);
	}
	isrc[12] = '\0';
	return 0;
}

/* ---- lead-in TOC (docs/formats.md 6.6) ---- */

static void toc_point_adr1(struct vb_toc_point *p, uint8_t ctl, uint8_t point)
{
	memset(p, 0, sizeof(*p));
	p->ctl = ctl;
	p->adr = ADR_POSITION;
	p->point = point;
}

/* POINT 01-99: start (INDEX 01) of that track. */
void vb_toc_point_track(struct vb_toc_point *p, uint8_t ctl, uint8_t tno,
			int32_t start)
{
	struct vb_msf m = lba_to_msf(start);

	toc_point_adr1(p, ctl, tno);
	p->pmin = m.m;
	p->psec = m.s;
	p->pframe = m.f;
}

/* A0: first track number; PSEC the disc type (0x00, 0x10 CD-i, 0x20 XA). */
void vb_toc_point_a0(struct vb_toc_point *p, uint8_t ctl, uint8_t first,
		     uint8_t disc_type)
{
	toc_point_adr1(p, ctl, 0xA0);
	p->pmin = first;
	p->psec = disc_type;
}

/* A1: last track number. */
void vb_toc_point_a1(struct vb_toc_point *p, uint8_t ctl, uint8_t last)
{
	toc_point_adr1(p, ctl, 0xA1);
	p->pmin = last;
}

/* A2: start of the lead-out. */
void vb_toc_point_a2(struct vb_toc_point *p, uint8_t ctl, int32_t leadout)
{
	vb_toc_point_track(p, ctl, 0xA2, leadout);
}

/*
 * Fields of a lead-in entry that are codes rather than numbers, copied
 * as they are instead of converted to BCD: A0's PSEC (disc type) and C0's
 * Min/Sec/Frame (ATIP special information).
 */
static bool toc_time_is_code(const struct vb_toc_point *p)
{
	return p->adr == ADR_LEADIN_5 && p->point == 0xC0;
}

static bool toc_psec_is_code(const struct vb_toc_point *p)
{
	return p->adr == ADR_POSITION && p->point == 0xA0;
}

/* One number-or-code field, binary -> raw. Returns false if not encodable. */
static bool toc_put(uint8_t *out, uint8_t v, bool code)
{
	if (code) {
		*out = v;
		return true;
	}
	if (v > 99)
		return false;
	*out = bcd(v);
	return true;
}

static bool toc_get(uint8_t *out, uint8_t v, bool code)
{
	if (code) {
		*out = v;
		return true;
	}
	if (!subq_bcd_ok(v))
		return false;
	*out = (uint8_t)unbcd(v);
	return true;
}

int vb_subq_toc_encode(uint8_t q[VB_SUBQ_SIZE], const struct vb_toc_point *p)
{
	bool tc, pc, ok;

	/* POINT is 1..99 (BCD in raw Q) or a code from 0xA0 up. */
	if (!q || !p || p->ctl > 0xF || p->adr > 0xF || p->point == 0 ||
	    (p->point > 99 && p->point < 0xA0))
		return -EINVAL;
	tc = toc_time_is_code(p);
	pc = toc_psec_is_code(p);

	q[0] = (uint8_t)(p->ctl << 4 | p->adr);		    /* CONTROL | ADR */
	q[1] = 0;					    /* TNO 0: lead-in */
	q[2] = p->point >= 0xA0 ? p->point : bcd(p->point); /* POINT */
	ok = toc_put(&q[3], p->min, tc) && toc_put(&q[4], p->sec, tc) &&
	     toc_put(&q[5], p->frame, tc) && toc_put(&q[6], p->zero, false) &&
	     toc_put(&q[7], p->pmin, false) && toc_put(&q[8], p->psec, pc) &&
	     toc_put(&q[9], p->pframe, false);
	if (!ok)
		return -EINVAL;
	vb_subq_set_crc(q);
	return 0;
}

int vb_subq_toc_decode(const uint8_t q[VB_SUBQ_SIZE], struct vb_toc_point *p)
{
	struct vb_toc_point r;
	bool tc, pc, ok;

	if (q[1] != 0)
		return -ENOMSG; /* not in the lead-in */
	r.ctl = q[0] >> 4;
	r.adr = q[0] & 0x0F;
	if (q[2] >= 0xA0)
		r.point = q[2];
	else if (subq_bcd_ok(q[2]) && q[2])
		r.point = (uint8_t)unbcd(q[2]);
	else
		return -EINVAL;
	tc = toc_time_is_code(&r);
	pc = toc_psec_is_code(&r);
	ok = toc_get(&r.min, q[3], tc) && toc_get(&r.sec, q[4], tc) &&
	     toc_get(&r.frame, q[5], tc) && toc_get(&r.zero, q[6], false) &&
	     toc_get(&r.pmin, q[7], false) && toc_get(&r.psec, q[8], pc) &&
	     toc_get(&r.pframe, q[9], false);
	if (!ok)
		return -EINVAL;
	if (p)
		*p = r;
	return 0;
}

/*
 * The lead-in repeats the TOC cyclically, each entry in 3 consecutive
 * sectors (docs/formats.md 6.6; cdrkit's lead-in writer does the same). ADR-1
 * entries carry the running lead-in time in Min/Sec/Frame.
 */
int vb_subq_leadin(uint8_t q[VB_SUBQ_SIZE], const struct vb_toc_point *pts,
		   size_t n, int32_t leadin_start, int32_t lba)
{
	struct vb_toc_point p;

	if (!pts || n == 0 || lba < leadin_start)
		return -EINVAL;
	p = pts[(size_t)(lba - leadin_start) / 3 % n];
	if (p.adr == ADR_POSITION) {
		struct vb_msf m = lba_to_msf(lba);

		p.min = m.m;
		p.sec = m.s;
		p.frame = m.f;
	}
	return vb_subq_toc_encode(q, &p);
}

/* ---- P channel and P-W interleaving ---- */

void vb_subch_p_pause(uint8_t p[VB_SUBCH_CHAN], bool pause)
{
	memset(p, pause ? 0xFF : 0x00, VB_SUBCH_CHAN);
}

void vb_subch_p_leadout(uint8_t p[VB_SUBCH_CHAN], int32_t rel)
{
	vb_subch_p_pause(p, rel >= 150 && (rel - 150) / 75 % 2 == 0);
}

/*
 * Raw byte k carries bit k of each channel's 96-bit stream (P in bit 7 ..
 * W in bit 0); a channel's bit k is bit 7 - k % 8 of its byte k / 8.
 * Each group of 8 raw bytes is therefore the 8x8 bit transpose of one
 * byte from each of the 8 channels.
 */
void vb_subch_interleave(uint8_t raw[VB_SUBCH_RAW],
			 const uint8_t lin[VB_SUBCH_RAW])
{
	unsigned i, b, ch;

	for (i = 0; i < VB_SUBCH_CHAN; i++)
		for (b = 0; b < 8; b++) {
			uint8_t v = 0;

			for (ch = 0; ch < 8; ch++)
				v |= (uint8_t)(((lin[ch * VB_SUBCH_CHAN + i] >>
						 (7 - b)) &
						1)
					       << (7 - ch));
			raw[i * 8 + b] = v;
		}
}

void vb_subch_deinterleave(uint8_t lin[VB_SUBCH_RAW],
			   const uint8_t raw[VB_SUBCH_RAW])
{
	unsigned ch;

	for (ch = 0; ch < 8; ch++)
		vb_subch_extract(lin + ch * VB_SUBCH_CHAN, raw, ch);
}

bool vb_subch_has_rw(const uint8_t raw[VB_SUBCH_RAW])
{
	for (unsigned i = 0; i < VB_SUBCH_RAW; i++)
		if (raw[i] & 0x3f)
			return true;
	return false;
}

void vb_subch_extract(uint8_t chan[VB_SUBCH_CHAN],
		      const uint8_t raw[VB_SUBCH_RAW], unsigned which)
{
	unsigned i, b, shift = 7 - (which & 7);

	for (i = 0; i < VB_SUBCH_CHAN; i++) {
		uint8_t v = 0;

		for (b = 0; b < 8; b++)
			v |= (uint8_t)(((raw[i * 8 + b] >> shift) & 1)
				       << (7 - b));
		chan[i] = v;
	}
}
