/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The hunk codecs of CHD v5 (docs/chd.md "Codecs"), byte for byte as
 * chdman 0.251 writes and reads them (MAME src/lib/util/chdcodec.cpp):
 * `zlib` (raw Deflate), `lzma` (a bare LZMA1 stream), `huff` (MAME's 8-bit
 * Huffman, read only), `flac`, and the CD codecs `cdzl`, `cdlz` and `cdfl`,
 * which compress the 2352-byte sectors of a hunk's frames apart from their
 * 96-byte subcodes and drop the sync and ECC of sectors whose ECC
 * verifies. One struct chd_codec per thread holds the scratch buffer and
 * the zlib, liblzma and libFLAC state. Every decoder bounds what it reads
 * and writes by the block and the hunk: blocks come from files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <lzma.h>
#include <zlib.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "chd.h"
#include "chd_flac.h"
#include "sector_ecc.h"

#define CC_MAX_HUNK (1u << 20) /* chdman's HUNK_SIZE_MAX */
#define CC_HUFF_BITS 16	       /* longest code of the `huff` codec */
#define CC_FLAC_BLOCK 2048     /* `flac`: the largest block size */
#define CC_CDFL_BLOCK 2352     /* `cdfl`: the largest block size */
#define CC_STEREO 4	       /* bytes of a 16-bit stereo sample */
#define CC_PARITY (ECC_P_SIZE + ECC_Q_SIZE) /* 0x81c..0x92f */

struct chd_codec {
	uint32_t hunkbytes;
	/* A CD hunk's sectors, then its subcodes; the `flac` trial. */
	uint8_t *buf;
	z_stream def, inf; /* raw Deflate, made on first use */
	bool def_on, inf_on;
	lzma_stream lze, lzd; /* LZMA1 encoder and decoder */
	struct chd_flac *flac;
	struct chd_huff huff;
	bool huff_on;
};

static const uint8_t cc_sync[VB_SECTOR_SYNC] = {
	0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
};

static const struct {
	uint32_t fourcc;
	const char *name;
} cc_names[] = {
	{ CHD_ZLIB, "zlib" }, { CHD_LZMA, "lzma" }, { CHD_HUFF, "huff" },
	{ CHD_FLAC, "flac" }, { CHD_CDZL, "cdzl" }, { CHD_CDLZ, "cdlz" },
	{ CHD_CDFL, "cdfl" },
};

bool chd_codec_known(uint32_t fourcc)
{
	return chd_codec_name(fourcc) != NULL;
}

const char *chd_codec_name(uint32_t fourcc)
{
	size_t i;

	for (i = 0; i < VB_ARRAY_SIZE(cc_names); i++)
		if (cc_names[i].fourcc == fourcc)
			return cc_names[i].name;
	return NULL;
}

uint32_t chd_codec_by_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < VB_ARRAY_SIZE(cc_names); i++)
		if (!strcmp(cc_names[i].name, name))
			return cc_names[i].fourcc;
	return 0;
}

int chd_codec_new(struct chd_codec **out, uint32_t hunkbytes)
{
	struct chd_codec *c;

	*out = NULL;
	if (!hunkbytes || hunkbytes > CC_MAX_HUNK)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->hunkbytes = hunkbytes; /* calloc's zeros are LZMA_STREAM_INIT */
	c->buf = malloc(hunkbytes);
	c->flac = chd_flac_new();
	if (!c->buf || !c->flac) {
		chd_codec_free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void chd_codec_free(struct chd_codec *c)
{
	if (!c)
		return;
	if (c->def_on)
		deflateEnd(&c->def);
	if (c->inf_on)
		inflateEnd(&c->inf);
	lzma_end(&c->lze);
	lzma_end(&c->lzd);
	if (c->huff_on)
		chd_huff_fini(&c->huff);
	chd_flac_free(c->flac);
	free(c->buf);
	free(c);
}

/* ---- zlib: raw Deflate ---- */

/*
 * Deflates n bytes into at most cap: chdman's deflateInit2(level 9,
 * windowBits -15, memLevel 8, default strategy). 0, -ENOSPC, -ENOMEM.
 */
static int cc_deflate(struct chd_codec *c, const uint8_t *in, size_t n,
		      uint8_t *out, size_t cap, size_t *len)
{
	int zr;

	if (!c->def_on) {
		zr = deflateInit2(&c->def, Z_BEST_COMPRESSION, Z_DEFLATED,
				  -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
		if (zr != Z_OK)
			return zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
		c->def_on = true;
	} else if (deflateReset(&c->def) != Z_OK) {
		return -EINVAL;
	}
	c->def.next_in = in;
	c->def.avail_in = (uInt)n;
	c->def.next_out = out;
	c->def.avail_out = (uInt)cap;
	zr = deflate(&c->def, Z_FINISH);
	if (zr != Z_STREAM_END)
		return zr == Z_MEM_ERROR ? -ENOMEM : -ENOSPC;
	*len = c->def.total_out;
	return 0;
}

/*
 * Inflates n bytes into exactly want. Bytes after the end of the Deflate
 * stream are ignored, as MAME's chd_zlib_decompressor does. 0, -EINVAL,
 * -ENOMEM.
 */
static int cc_inflate(struct chd_codec *c, const uint8_t *in, size_t n,
		      uint8_t *out, size_t want)
{
	int zr;

	if (!c->inf_on) {
		zr = inflateInit2(&c->inf, -MAX_WBITS);
		if (zr != Z_OK)
			return zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
		c->inf_on = true;
	} else if (inflateReset(&c->inf) != Z_OK) {
		return -EINVAL;
	}
	c->inf.next_in = in;
	c->inf.avail_in = (uInt)n;
	c->inf.next_out = out;
	c->inf.avail_out = (uInt)want;
	zr = inflate(&c->inf, Z_FINISH);
	if (zr == Z_MEM_ERROR)
		return -ENOMEM;
	if (zr != Z_STREAM_END || c->inf.total_out != want)
		return -EINVAL;
	return 0;
}

/* ---- lzma: bare LZMA1 ---- */

/*
 * The dictionary size the LZMA SDK's LzmaEncProps_Normalize gives level 9
 * for reduceSize n: the smallest 2^i or 3 * 2^i that holds n, at least
 * 4096. The decoder must use the same (docs/chd.md "Codecs"); any size at
 * least n decodes, since no match can reach further back than the data.
 */
static uint32_t cc_lzma_dict(uint32_t n)
{
	unsigned i;

	for (i = 11; i < 30; i++) {
		if (n <= 2u << i)
			return 2u << i;
		if (n <= 3u << i)
			return 3u << i;
	}
	return 1u << 26; /* level 9's own size; n is far below */
}

/*
 * chdman's encoder settings (LzmaEncProps level 9: lc 3, lp 0, pb 2, normal
 * mode, fb 64, bt4, cut value 16 + fb / 2, which is liblzma's depth 0).
 * LZMA1EXT with flags 0 writes no end marker, as chdman does not; the
 * decoder takes the size and accepts a stream with or without the marker.
 */
static void cc_lzma_opts(lzma_options_lzma *o, uint32_t n, uint32_t flags)
{
	memset(o, 0, sizeof(*o));
	lzma_lzma_preset(o, 9);
	o->dict_size = cc_lzma_dict(n);
	o->lc = 3;
	o->lp = 0;
	o->pb = 2;
	o->mode = LZMA_MODE_NORMAL;
	o->nice_len = 64;
	o->mf = LZMA_MF_BT4;
	o->depth = 0;
	o->ext_flags = flags;
	lzma_set_ext_size(*o, n);
}

/* Runs s to the end; LZMA_STREAM_END, or what stopped it. */
static lzma_ret cc_lzma_run(lzma_stream *s, const uint8_t *in, size_t n,
			    uint8_t *out, size_t cap)
{
	lzma_ret r;

	s->next_in = in;
	s->avail_in = n;
	s->next_out = out;
	s->avail_out = cap;
	do
		r = lzma_code(s, LZMA_FINISH);
	while (r == LZMA_OK && s->avail_out);
	return r;
}

/* Compresses n bytes (the codec's byte count) into at most cap. */
static int cc_lzma_enc(struct chd_codec *c, const uint8_t *in, uint32_t n,
		       uint8_t *out, size_t cap, size_t *len)
{
	lzma_options_lzma o;
	lzma_filter f[2] = {
		{ .id = LZMA_FILTER_LZMA1EXT, .options = &o },
		{ .id = LZMA_VLI_UNKNOWN },
	};
	lzma_ret r;

	cc_lzma_opts(&o, n, 0);
	r = lzma_raw_encoder(&c->lze, f);
	if (r != LZMA_OK)
		return r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
	r = cc_lzma_run(&c->lze, in, n, out, cap);
	if (r == LZMA_MEM_ERROR)
		return -ENOMEM;
	if (r != LZMA_STREAM_END)
		return -ENOSPC;
	*len = cap - c->lze.avail_out;
	return 0;
}

/*
 * Decompresses inlen bytes into exactly n. As in MAME, the stream must
 * end where the block does.
 */
static int cc_lzma_dec(struct chd_codec *c, const uint8_t *in, size_t inlen,
		       uint8_t *out, uint32_t n)
{
	lzma_options_lzma o;
	lzma_filter f[2] = {
		{ .id = LZMA_FILTER_LZMA1EXT, .options = &o },
		{ .id = LZMA_VLI_UNKNOWN },
	};
	lzma_ret r;

	cc_lzma_opts(&o, n, LZMA_LZMA1EXT_ALLOW_EOPM);
	r = lzma_raw_decoder(&c->lzd, f);
	if (r != LZMA_OK)
		return r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
	r = cc_lzma_run(&c->lzd, in, inlen, out, n);
	if (r == LZMA_MEM_ERROR)
		return -ENOMEM;
	if (r != LZMA_STREAM_END || c->lzd.avail_out || c->lzd.avail_in)
		return -EINVAL;
	return 0;
}

/* ---- flac ---- */

/* `flac` block size: a quarter of the bytes, halved down to 2048 or less. */
static unsigned cc_flac_block(uint32_t bytes)
{
	uint32_t b = bytes / CC_STEREO;

	while (b > CC_FLAC_BLOCK)
		b /= 2;
	return b;
}

/* `cdfl` block size: the same, down to one sector's 588 x 4 or less. */
static unsigned cc_cdfl_block(uint32_t bytes)
{
	uint32_t b = bytes / CC_STEREO;

	while (b > CC_CDFL_BLOCK)
		b /= 2;
	return b;
}

/*
 * `flac`: a byte 'L' or 'B' for the byte order the samples were read in,
 * then the frames. Both orders are tried and the smaller kept, 'L' on a
 * tie (chdcodec.cpp chd_flac_compressor::compress). A hunk that is no
 * whole number of samples is left to the other codecs: MAME would lose
 * its tail.
 */
static int cc_flac_compress(struct chd_codec *c, const uint8_t *in,
			    uint8_t *out, size_t *outlen)
{
	const uint32_t hb = c->hunkbytes;
	const unsigned block = cc_flac_block(hb);
	size_t ll = 0, bl = 0;
	int rl, rb;

	if (hb % CC_STEREO || hb < 3)
		return -ENOSPC;
	/* The byte in front and the frames must stay below hunkbytes. */
	rl = chd_flac_encode(c->flac, in, hb / CC_STEREO, false, block, out + 1,
			     hb - 2, &ll);
	if (rl && rl != -ENOSPC)
		return rl;
	rb = chd_flac_encode(c->flac, in, hb / CC_STEREO, true, block, c->buf,
			     hb - 2, &bl);
	if (rb && rb != -ENOSPC)
		return rb;
	if (!rl && (rb || ll <= bl)) {
		out[0] = 'L';
		*outlen = ll + 1;
	} else if (!rb) {
		out[0] = 'B';
		memcpy(out + 1, c->buf, bl);
		*outlen = bl + 1;
	} else {
		return -ENOSPC;
	}
	return 0;
}

/* Anything after the frames is ignored, as in MAME. */
static int cc_flac_decompress(struct chd_codec *c, const uint8_t *in,
			      size_t inlen, uint8_t *out)
{
	const uint32_t hb = c->hunkbytes;
	size_t used;

	if (inlen < 1 || (in[0] != 'L' && in[0] != 'B') || hb % CC_STEREO)
		return -EINVAL;
	return chd_flac_decode(c->flac, in + 1, inlen - 1, cc_flac_block(hb),
			       in[0] == 'B', out, hb / CC_STEREO, &used);
}

/* ---- huff: MAME's 8-bit Huffman, decoding only ---- */

/* The code lengths as a small Huffman tree, then one symbol per byte. */
static int cc_huff_decompress(struct chd_codec *c, const uint8_t *in,
			      size_t inlen, uint8_t *out)
{
	struct chd_bits b = { .p = in, .len = inlen };
	uint32_t i;
	int ret, sym;

	if (!c->huff_on) {
		ret = chd_huff_init(&c->huff, CHD_HUFF_MAXSYM, CC_HUFF_BITS);
		if (ret)
			return ret;
		c->huff_on = true;
	}
	if ((ret = chd_huff_import_tree(&c->huff, &b)))
		return ret;
	for (i = 0; i < c->hunkbytes; i++) {
		sym = chd_huff_decode(&c->huff, &b);
		if (sym < 0)
			return -EINVAL;
		out[i] = (uint8_t)sym;
	}
	/* Running out of bits reads zeros; MAME calls that an error too. */
	return b.over ? -EINVAL : 0;
}

/* ---- the CD codecs ---- */

/* The layout of a CD block's header for this hunk size. */
struct cc_cd {
	uint32_t frames;
	size_t map;  /* ECC bitmap bytes, one bit per frame */
	size_t lenb; /* bytes of the base length: 3 from 64 KiB hunks on */
	size_t hdr;
};

static int cc_cd_layout(const struct chd_codec *c, struct cc_cd *l)
{
	if (c->hunkbytes % CHD_CD_FRAME)
		return -EINVAL;
	l->frames = c->hunkbytes / CHD_CD_FRAME;
	l->map = (l->frames + 7) / 8;
	l->lenb = c->hunkbytes < 65536 ? 2 : 3;
	l->hdr = l->map + l->lenb;
	return 0;
}

/*
 * Do P and Q of raw sector s verify? They are computed from byte 12 on; a
 * Mode 2 sector's 4 header bytes count as zero (the Form 1 rule, which
 * MAME's cdrom.cpp ecc_source_byte applies to every Mode 2 sector). s is
 * left as it was.
 */
static bool cc_ecc_ok(uint8_t *s)
{
	uint8_t p[ECC_P_SIZE], q[ECC_Q_SIZE], head[4];
	const bool mode2 = s[15] == 2;

	if (mode2) {
		memcpy(head, s + SEC_HEADER, 4);
		memset(s + SEC_HEADER, 0, 4);
	}
	sector_ecc_parity(s + SEC_HEADER, p, q);
	if (mode2)
		memcpy(s + SEC_HEADER, head, 4);
	return !memcmp(p, s + SEC_ECC_P, ECC_P_SIZE) &&
	       !memcmp(q, s + SEC_ECC_Q, ECC_Q_SIZE);
}

/* Puts back the sync and P and Q of a sector stored without them. */
static void cc_ecc_fill(uint8_t *s)
{
	uint8_t head[4];
	const bool mode2 = s[15] == 2;

	memcpy(s, cc_sync, VB_SECTOR_SYNC);
	if (mode2) {
		memcpy(head, s + SEC_HEADER, 4);
		memset(s + SEC_HEADER, 0, 4);
	}
	vb_sector_ecc(s);
	if (mode2)
		memcpy(s + SEC_HEADER, head, 4);
}

/*
 * Splits a CD hunk into c->buf: all sectors, then all subcodes. With a
 * bitmap (cdlz, cdzl), a sector with the sync whose ECC verifies loses
 * sync and parity (zeroed: they compress away) and gets its bit.
 */
static void cc_cd_split(struct chd_codec *c, const struct cc_cd *l,
			const uint8_t *in, uint8_t *bitmap)
{
	uint8_t *sub = c->buf + (size_t)l->frames * CHD_CD_SECTOR;
	uint32_t f;

	for (f = 0; f < l->frames; f++) {
		const uint8_t *fr = in + (size_t)f * CHD_CD_FRAME;
		uint8_t *s = c->buf + (size_t)f * CHD_CD_SECTOR;

		memcpy(s, fr, CHD_CD_SECTOR);
		memcpy(sub + (size_t)f * CHD_CD_SUB, fr + CHD_CD_SECTOR,
		       CHD_CD_SUB);
		if (!bitmap || memcmp(s, cc_sync, VB_SECTOR_SYNC) ||
		    !cc_ecc_ok(s))
			continue;
		bitmap[f / 8] |= (uint8_t)(1u << (f % 8));
		memset(s, 0, VB_SECTOR_SYNC);
		memset(s + SEC_ECC_P, 0, CC_PARITY);
	}
}

/* The inverse: frames from c->buf, sync and ECC back where flagged. */
static void cc_cd_join(const struct chd_codec *c, const struct cc_cd *l,
		       const uint8_t *bitmap, uint8_t *out)
{
	const uint8_t *sub = c->buf + (size_t)l->frames * CHD_CD_SECTOR;
	uint32_t f;

	for (f = 0; f < l->frames; f++) {
		uint8_t *fr = out + (size_t)f * CHD_CD_FRAME;

		memcpy(fr, c->buf + (size_t)f * CHD_CD_SECTOR, CHD_CD_SECTOR);
		memcpy(fr + CHD_CD_SECTOR, sub + (size_t)f * CHD_CD_SUB,
		       CHD_CD_SUB);
		if (bitmap && bitmap[f / 8] & (1u << (f % 8)))
			cc_ecc_fill(fr);
	}
}

/*
 * cdlz, cdzl: bitmap, base length (big-endian), the sectors with LZMA or
 * Deflate, the subcodes with Deflate (chdcodec.cpp chd_cd_compressor).
 * The LZMA codec sees frames * 2352 bytes, which sets its dictionary.
 */
static int cc_cd_compress(struct chd_codec *c, uint32_t fourcc,
			  const uint8_t *in, uint8_t *out, size_t *outlen)
{
	const size_t cap = c->hunkbytes - 1; /* must end up smaller */
	struct cc_cd l;
	size_t nsec, blen, slen;
	int ret;

	if ((ret = cc_cd_layout(c, &l)))
		return ret;
	nsec = (size_t)l.frames * CHD_CD_SECTOR;
	memset(out, 0, l.hdr);
	cc_cd_split(c, &l, in, out);
	if (fourcc == CHD_CDLZ)
		ret = cc_lzma_enc(c, c->buf, (uint32_t)nsec, out + l.hdr,
				  cap - l.hdr, &blen);
	else
		ret = cc_deflate(c, c->buf, nsec, out + l.hdr, cap - l.hdr,
				 &blen);
	if (ret)
		return ret;
	if (l.lenb == 2)
		put_be16(out + l.map, (uint16_t)blen);
	else
		put_be24(out + l.map, (uint32_t)blen);
	ret = cc_deflate(c, c->buf + nsec, (size_t)l.frames * CHD_CD_SUB,
			 out + l.hdr + blen, cap - l.hdr - blen, &slen);
	if (ret)
		return ret;
	*outlen = l.hdr + blen + slen;
	return 0;
}

static int cc_cd_decompress(struct chd_codec *c, uint32_t fourcc,
			    const uint8_t *in, size_t inlen, uint8_t *out)
{
	struct cc_cd l;
	size_t nsec, blen;
	int ret;

	if ((ret = cc_cd_layout(c, &l)))
		return ret;
	if (inlen < l.hdr)
		return -EINVAL;
	nsec = (size_t)l.frames * CHD_CD_SECTOR;
	blen = l.lenb == 2 ? get_be16(in + l.map) : get_be24(in + l.map);
	if (blen > inlen - l.hdr)
		return -EINVAL;
	if (fourcc == CHD_CDLZ)
		ret = cc_lzma_dec(c, in + l.hdr, blen, c->buf, (uint32_t)nsec);
	else
		ret = cc_inflate(c, in + l.hdr, blen, c->buf, nsec);
	if (ret)
		return ret;
	ret = cc_inflate(c, in + l.hdr + blen, inlen - l.hdr - blen,
			 c->buf + nsec, (size_t)l.frames * CHD_CD_SUB);
	if (ret)
		return ret;
	cc_cd_join(c, &l, in, out);
	return 0;
}

/*
 * cdfl: the sectors as FLAC of big-endian stereo samples (chdman stores
 * CD audio big-endian), then the subcodes with Deflate; no header, no
 * ECC stripping (chdcodec.cpp chd_cd_flac_compressor).
 */
static int cc_cdfl_compress(struct chd_codec *c, const uint8_t *in,
			    uint8_t *out, size_t *outlen)
{
	const size_t cap = c->hunkbytes - 1;
	struct cc_cd l;
	size_t nsec, flen, slen;
	int ret;

	if ((ret = cc_cd_layout(c, &l)))
		return ret;
	nsec = (size_t)l.frames * CHD_CD_SECTOR;
	cc_cd_split(c, &l, in, NULL);
	ret = chd_flac_encode(c->flac, c->buf, nsec / CC_STEREO, true,
			      cc_cdfl_block((uint32_t)nsec), out, cap, &flen);
	if (ret)
		return ret;
	ret = cc_deflate(c, c->buf + nsec, (size_t)l.frames * CHD_CD_SUB,
			 out + flen, cap - flen, &slen);
	if (ret)
		return ret;
	*outlen = flen + slen;
	return 0;
}

/* The FLAC length is not stored: the subcodes start where FLAC ended. */
static int cc_cdfl_decompress(struct chd_codec *c, const uint8_t *in,
			      size_t inlen, uint8_t *out)
{
	struct cc_cd l;
	size_t nsec, used;
	int ret;

	if ((ret = cc_cd_layout(c, &l)))
		return ret;
	nsec = (size_t)l.frames * CHD_CD_SECTOR;
	ret = chd_flac_decode(c->flac, in, inlen, cc_cdfl_block((uint32_t)nsec),
			      true, c->buf, nsec / CC_STEREO, &used);
	if (ret)
		return ret;
	ret = cc_inflate(c, in + used, inlen - used, c->buf + nsec,
			 (size_t)l.frames * CHD_CD_SUB);
	if (ret)
		return ret;
	cc_cd_join(c, &l, NULL, out);
	return 0;
}

/* ---- entry points ---- */

int chd_decompress(struct chd_codec *c, uint32_t fourcc, const uint8_t *in,
		   size_t inlen, uint8_t *out)
{
	switch (fourcc) {
	case CHD_ZLIB:
		return cc_inflate(c, in, inlen, out, c->hunkbytes);
	case CHD_LZMA:
		return cc_lzma_dec(c, in, inlen, out, c->hunkbytes);
	case CHD_HUFF:
		return cc_huff_decompress(c, in, inlen, out);
	case CHD_FLAC:
		return cc_flac_decompress(c, in, inlen, out);
	case CHD_CDZL:
	case CHD_CDLZ:
		return cc_cd_decompress(c, fourcc, in, inlen, out);
	case CHD_CDFL:
		return cc_cdfl_decompress(c, in, inlen, out);
	}
	return -ENOTSUP;
}

int chd_compress(struct chd_codec *c, uint32_t fourcc, const uint8_t *in,
		 uint8_t *out, size_t *outlen)
{
	const size_t cap = c->hunkbytes - 1; /* must end up smaller */

	switch (fourcc) {
	case CHD_ZLIB:
		return cc_deflate(c, in, c->hunkbytes, out, cap, outlen);
	case CHD_LZMA:
		return cc_lzma_enc(c, in, c->hunkbytes, out, cap, outlen);
	case CHD_FLAC:
		return cc_flac_compress(c, in, out, outlen);
	case CHD_CDZL:
	case CHD_CDLZ:
		return cc_cd_compress(c, fourcc, in, out, outlen);
	case CHD_CDFL:
		return cc_cdfl_compress(c, in, out, outlen);
	}
	return -ENOTSUP; /* huff is read only; unknown codecs */
}
