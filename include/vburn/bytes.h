/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only place that packs and unpacks multi-byte fields (docs/style.md R8).
 * MMC and most image formats are big-endian; MDS and some CCD/NRG fields are
 * little-endian. Implemented with shifts, so alignment never matters.
 * Also CD address arithmetic: LBA <-> MSF and BCD.
 */
#ifndef VBURN_BYTES_H
#define VBURN_BYTES_H

#include <stdint.h>

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p + 4) << 32 | get_le32(p);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* BCD: each nibble one decimal digit (0x42 == 42). */
static inline uint8_t bcd(unsigned v)
{
	return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

static inline unsigned unbcd(uint8_t b)
{
	return (b >> 4) * 10u + (b & 0x0f);
}

struct vb_msf {
	uint8_t m, s, f;
};

/*
 * Absolute CD address to MSF (MMC-6 Table 622; docs/formats.md section 0):
 * MSF counts from the start of the program area's 2-second pregap, so
 * LBA 0 is 00:02:00. Negative LBAs (lead-in) wrap to M >= 90.
 */
static inline struct vb_msf lba_to_msf(int32_t lba)
{
	int32_t x = lba + 150;
	struct vb_msf r;

	if (x < 0)
		x += 450000;
	r.m = (uint8_t)(x / 4500);
	r.s = (uint8_t)((x / 75) % 60);
	r.f = (uint8_t)(x % 75);
	return r;
}

static inline int32_t msf_to_lba(uint8_t m, uint8_t s, uint8_t f)
{
	int32_t x = ((int32_t)m * 60 + s) * 75 + f;

	return m >= 90 ? x - 450150 : x - 150;
}

#define VB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define VB_MIN(a, b) ((a) < (b) ? (a) : (b))
#define VB_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
