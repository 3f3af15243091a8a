/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The descriptors of a UDF volume that say where data is (fs_udf25.h):
 * tags, (Extended) File Entries and their allocation descriptors, and
 * the partition maps' translation of a block to the disc's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"

#include "fs_udf25.h"

#define MAX_RUNS (1u << 20) /* allocation descriptors per file */
#define MAX_AED_HOPS 4096   /* chained allocation extents */

/* Whether b (n bytes) starts with a sound tag of identifier id: its
 * checksum and its CRC-ITU-T over the bytes it covers (ECMA-167 3/7.2,
 * 1/7.2.6: polynomial 1021h, initial 0, as the subchannel Q's). */
bool udf25_tag_ok(const uint8_t *b, size_t n, uint16_t id)
{
	unsigned sum = 0;
	const size_t crclen = get_le16(b + 10);

	if (n < 16 || get_le16(b) != id)
		return false;
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* a fuzzer cannot forge CRCs: let it through to what they guard */
	return crclen <= n - 16;
#endif
	for (int i = 0; i < 16; i++)
		if (i != 4)
			sum += b[i];
	return (uint8_t)sum == b[4] && crclen <= n - 16 &&
	       vb_crc16_ccitt(b + 16, crclen) == get_le16(b + 8);
}

int udf25_read_abs(struct udf25 *u, uint64_t lba, uint8_t *b)
{
	return fs_read_blocks(u->fs, lba, 0, b, BLOCK);
}

/* The absolute block of block blk of partition reference ref, or
 * UINT32_MAX when the volume has no such block. */
uint32_t udf25_map_block(const struct udf25 *u, uint16_t ref, uint32_t blk)
{
	const struct udf_map *m = ref < u->nmaps ? &u->maps[ref] : NULL;
	uint64_t off;

	if (!m)
		return UINT32_MAX;
	if (m->kind == MAP_VAT)
		return blk < m->nvat && m->vat[blk] < m->length ?
			       m->start + m->vat[blk] :
			       UINT32_MAX;
	if (m->kind == MAP_PHYS)
		return blk < m->length ? m->start + blk : UINT32_MAX;
	off = (uint64_t)blk * BLOCK;
	for (size_t i = 0; i < m->meta_data.nruns; i++) {
		const struct udf_run *r = &m->meta_data.runs[i];

		if (off < r->len)
			return r->sparse ? UINT32_MAX :
					   r->lba + (uint32_t)(off / BLOCK);
		off -= r->len;
	}
	return UINT32_MAX;
}

int udf25_read_block(struct udf25 *u, uint16_t ref, uint32_t blk, uint8_t *b)
{
	const uint32_t lba = udf25_map_block(u, ref, blk);

	return lba == UINT32_MAX ? -EIO : udf25_read_abs(u, lba, b);
}

/* Appends a run of len bytes at block blk of partition ref, split where
 * the partition's blocks are not contiguous on the disc (the metadata
 * partition's are not). */
static int run_add(struct udf25 *u, struct udf_data *d, uint16_t ref,
		   uint64_t blk, uint64_t len, bool sparse)
{
	while (len) {
		const uint64_t nblk = (len + BLOCK - 1) / BLOCK;
		uint64_t take = len;
		uint32_t lba = 0;

		if (!sparse) {
			if (blk + nblk - 1 > UINT32_MAX)
				return -EIO;
			lba = udf25_map_block(u, ref, (uint32_t)blk);
			if (lba == UINT32_MAX ||
			    udf25_map_block(u, ref,
					    (uint32_t)(blk + nblk - 1)) ==
				    UINT32_MAX)
				return -EIO;
			/* as far as the next blocks follow on the disc: all
			 * of them in a physical partition */
			if (u->maps[ref].kind != MAP_PHYS)
				for (take = BLOCK;
				     take < len &&
				     udf25_map_block(
					     u, ref,
					     (uint32_t)(blk + take / BLOCK)) ==
					     lba + take / BLOCK;
				     take += BLOCK)
					;
			if (take > len)
				take = len;
		}
		if (d->nruns == MAX_RUNS)
			return -EIO;
		if (d->nruns == d->cap) {
			const size_t cap = d->cap ? d->cap * 2 : 4;
			struct udf_run *n = realloc(d->runs, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			d->runs = n;
			d->cap = cap;
		}
		d->runs[d->nruns++] = (struct udf_run){ lba, sparse, take };
		len -= take;
		blk += take / BLOCK;
	}
	return 0;
}

/* ECMA-167 1/7.3 timestamp: type 1 is local time with the offset from
 * UTC in minutes (-2047: unknown, taken as UTC). */
static time_t stamp(const uint8_t *p)
{
	const uint16_t tt = get_le16(p);
	int tz = tt & 0x0fff, y = (int16_t)get_le16(p + 2), m = p[4], d = p[5];
	int64_t days;

	if (tz & 0x800)
		tz -= 0x1000;
	if ((tt >> 12) != 1 || tz == -2047)
		tz = 0;
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	/* days from 1970-01-01 of a proleptic Gregorian date */
	y -= m <= 2;
	days = (int64_t)(y >= 0 ? y : y - 399) / 400 * 146097;
	{
		const int yoe = y - (y >= 0 ? y : y - 399) / 400 * 400;
		const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;

		days += yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	}
	return (time_t)(days * 86400 + p[6] * 3600 + p[7] * 60 + p[8] -
			(int64_t)tz * 60);
}

/* ECMA-167 4/14.9.5 permissions (other, group, owner in 5-bit groups:
 * execute, write, read, attributes, delete) and 4/14.6.8 ICB flags
 * (setuid, setgid, sticky) as POSIX bits. */
static mode_t perm_mode(uint32_t p, uint16_t flags)
{
	mode_t m = (p & 7) | (p >> 2 & 070) | (p >> 4 & 0700);

	if (flags & 0x40)
		m |= S_ISUID;
	if (flags & 0x80)
		m |= S_ISGID;
	if (flags & 0x100)
		m |= S_ISVTX;
	return m;
}

static mode_t type_mode(uint8_t type)
{
	switch (type) {
	case 4:
		return S_IFDIR;
	case 6:
		return S_IFBLK;
	case 7:
		return S_IFCHR;
	case 9:
		return S_IFIFO;
	case 10:
		return S_IFSOCK;
	case 12:
		return S_IFLNK;
	default:
		return S_IFREG; /* 5, and the unknown read as files */
	}
}

/* Reads the ICB at block blk of partition ref into b and decodes it;
 * follows an Indirect Entry (4/14.7) a few times. 0 or -EIO. */
int udf25_icb_read(struct udf25 *u, uint16_t ref, uint32_t blk, uint8_t *b,
		   struct udf_icb *i)
{
	for (int hop = 0; hop < 8; hop++) {
		uint32_t l_ea, l_ad;
		size_t at;

		if (udf25_read_block(u, ref, blk, b))
			return -EIO;
		if (udf25_tag_ok(b, BLOCK, TAG_IE)) {
			ref = get_le16(b + 36 + 8);
			blk = get_le32(b + 36 + 4);
			continue;
		}
		if (!udf25_tag_ok(b, BLOCK, TAG_FE) &&
		    !udf25_tag_ok(b, BLOCK, TAG_EFE))
			return -EIO;
		memset(i, 0, sizeof(*i));
		i->type = b[27];
		i->flags = get_le16(b + 34);
		i->ref = ref;
		i->st.mode = type_mode(i->type) |
			     perm_mode(get_le32(b + 44), i->flags);
		/* unset owners are all ones (4/14.9.3): root's */
		i->st.uid =
			get_le32(b + 36) == UINT32_MAX ? 0 : get_le32(b + 36);
		i->st.gid =
			get_le32(b + 40) == UINT32_MAX ? 0 : get_le32(b + 40);
		i->st.nlink = get_le16(b + 48) ? get_le16(b + 48) : 1;
		i->size = get_le64(b + 56);
		if (get_le16(b) == TAG_EFE) {
			i->st.atime = stamp(b + 80);
			i->st.mtime = stamp(b + 92);
			i->st.ctime = stamp(b + 116);
			at = 208;
		} else {
			i->st.atime = stamp(b + 72);
			i->st.mtime = stamp(b + 84);
			i->st.ctime = stamp(b + 96);
			at = 168;
		}
		l_ea = get_le32(b + at);
		l_ad = get_le32(b + at + 4);
		if ((uint64_t)at + 8 + l_ea + l_ad > BLOCK)
			return -EIO;
		i->ad = b + at + 8 + l_ea;
		i->nad = l_ad;
		return 0;
	}
	return -EIO;
}

void udf25_data_free(struct udf_data *d)
{
	free(d->runs);
	free(d->embedded);
	memset(d, 0, sizeof(*d));
}

/* The ICB's data as runs (or its embedded bytes): its allocation
 * descriptors (4/14.14: short_ad 8 bytes, long_ad 16, ext_ad 20, or the
 * data itself), followed through Allocation Extent Descriptors. */
int udf25_icb_data(struct udf25 *u, const struct udf_icb *i, struct udf_data *d)
{
	const unsigned kind = i->flags & 7;
	const size_t sz = kind == 0 ? 8 : kind == 1 ? 16 : 20;
	uint8_t aed[BLOCK];
	const uint8_t *p = i->ad;
	uint32_t n = i->nad;
	uint64_t have = 0;
	int r = 0;

	memset(d, 0, sizeof(*d));
	if (kind == 3) {
		if (i->size > n)
			return -EIO;
		d->embedded = malloc(n ? n : 1);
		if (!d->embedded)
			return -ENOMEM;
		memcpy(d->embedded, p, n);
		d->nembedded = (size_t)i->size;
		return 0;
	}
	if (kind > 2)
		return -EIO;
	for (unsigned hop = 0; !r && have < i->size && hop < MAX_AED_HOPS;) {
		uint32_t len, blk;
		uint16_t ref = i->ref;
		unsigned etype;

		if (n < sz)
			break; /* the list ends short of the size */
		len = get_le32(p) & 0x3fffffff;
		etype = get_le32(p) >> 30;
		blk = kind == 2 ? get_le32(p + 12) : get_le32(p + 4);
		if (kind)
			ref = get_le16(p + (kind == 1 ? 8 : 16));
		if (!len)
			break;
		if (etype == 3) { /* the list goes on in an AED (4/14.5) */
			if (udf25_read_block(u, ref, blk, aed) ||
			    !udf25_tag_ok(aed, BLOCK, TAG_AED) ||
			    get_le32(aed + 20) > BLOCK - 24) {
				r = -EIO;
				break;
			}
			p = aed + 24;
			n = get_le32(aed + 20);
			hop++;
			continue;
		}
		if (len > i->size - have)
			len = (uint32_t)(i->size - have);
		r = run_add(u, d, ref, blk, len, etype != 0);
		have += len;
		p += sz;
		n -= (uint32_t)sz;
	}
	if (!r && have != i->size)
		r = -EIO;
	if (r)
		udf25_data_free(d);
	return r;
}

/* Copies len bytes from off of d (within its size). */
int udf25_data_read(struct udf25 *u, const struct udf_data *d, uint8_t *out,
		    size_t len, uint64_t off)
{
	if (d->embedded) {
		memcpy(out, d->embedded + off, len);
		return 0;
	}
	for (size_t k = 0; k < d->nruns && len; k++) {
		const struct udf_run *r = &d->runs[k];
		size_t take;

		if (off >= r->len) {
			off -= r->len;
			continue;
		}
		take = r->len - off < len ? (size_t)(r->len - off) : len;
		if (r->sparse)
			memset(out, 0, take);
		else if (fs_read_blocks(u->fs, r->lba, off, out, take))
			return -EIO;
		out += take;
		len -= take;
		off = 0;
	}
	return len ? -EIO : 0;
}
