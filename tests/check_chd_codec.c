/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the CHD hunk codecs (formats/chd_codec.c,
 * formats/chd_flac.c; docs/chd.md "Codecs"): round trips of every codec we
 * write on zeros, random, CD data and audio; the ECC stripping of the CD
 * codecs; known bytes chdman 0.251 writes; and hostile blocks (truncated,
 * lengths past the end, garbage, FLAC with too many or too few samples),
 * which must fail with -EINVAL. Blocks are malloc'd at exactly the length
 * under test so that ASan (make unit-asan) sees any over-read.
 */
#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "../formats/chd.h"

#define FRAMES 8
#define HB (FRAMES * CHD_CD_FRAME) /* 19584: chdman's CD hunk */

/* The codecs chd_compress writes. */
static const uint32_t writable[] = {
	CHD_ZLIB, CHD_LZMA, CHD_FLAC, CHD_CDZL, CHD_CDLZ, CHD_CDFL,
};

/* Deterministic filler (xorshift) so failures reproduce. */
static void fill_random(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	while (n--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)(x >> 24);
	}
}

/* Random, but from a 16-letter alphabet: compressible by anything. */
static void fill_low_entropy(uint8_t *p, size_t n, uint32_t seed)
{
	size_t i;

	fill_random(p, n, seed);
	for (i = 0; i < n; i++)
		p[i] &= 0x0f;
}

/* Stereo 16-bit sine (left and right differ), big or little-endian. */
static void fill_sine(uint8_t *p, size_t n, bool big)
{
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		const double t = (double)(i / 4) / 44100.0;
		const uint16_t l =
			(uint16_t)(int16_t)(12000 * sin(2 * M_PI * 440 * t));
		const uint16_t r =
			(uint16_t)(int16_t)(9000 * sin(2 * M_PI * 660 * t));

		if (big) {
			put_be16(p + i, l);
			put_be16(p + i + 2, r);
		} else {
			put_le16(p + i, l);
			put_le16(p + i + 2, r);
		}
	}
}

/*
 * frames CD frames: Mode 1 sectors (mode2: Mode 2 Form 1) with valid
 * EDC/ECC and compressible user data, and non-zero subcode.
 */
static void fill_cd_data(uint8_t *p, uint32_t frames, bool mode2)
{
	uint8_t user[2336];
	uint32_t f;
	size_t i;

	for (f = 0; f < frames; f++) {
		uint8_t *fr = p + (size_t)f * CHD_CD_FRAME;

		for (i = 0; i < sizeof(user); i++)
			user[i] = (uint8_t)((i * (f + 3)) / 7);
		if (mode2) {
			memset(user, 0, 8); /* subheader: Form 1 data */
			user[2] = user[6] = 0x08;
			ck_assert_int_eq(
				vb_sector_encode(fr, VB_SECTOR_MODE2_FORM1,
						 (int32_t)(f + 16), user),
				0);
		} else {
			ck_assert_int_eq(vb_sector_encode(fr, VB_SECTOR_MODE1,
							  (int32_t)(f + 16),
							  user),
					 0);
		}
		for (i = 0; i < CHD_CD_SUB; i++)
			fr[CHD_CD_SECTOR + i] =
				(uint8_t)(i < 12 ? 0xff : f + i);
	}
}

static struct chd_codec *codec(uint32_t hb)
{
	struct chd_codec *c = NULL;

	ck_assert_int_eq(chd_codec_new(&c, hb), 0);
	ck_assert_ptr_nonnull(c);
	return c;
}

/*
 * Compresses hunk with fourcc; 0 and the block (malloc'd at its exact
 * length) in *blk, or the error.
 */
static int squeeze(struct chd_codec *c, uint32_t fourcc, const uint8_t *hunk,
		   uint32_t hb, uint8_t **blk, size_t *len)
{
	uint8_t *out = malloc(hb);
	int ret;

	ck_assert_ptr_nonnull(out);
	*len = 0;
	ret = chd_compress(c, fourcc, hunk, out, len);
	if (ret) {
		free(out);
		return ret;
	}
	ck_assert_uint_lt(*len, hb);
	*blk = malloc(*len ? *len : 1);
	ck_assert_ptr_nonnull(*blk);
	memcpy(*blk, out, *len);
	free(out);
	return 0;
}

/* Decompresses blk into a fresh hunk and compares it with want. */
static void expand_eq(struct chd_codec *c, uint32_t fourcc, const uint8_t *blk,
		      size_t len, const uint8_t *want, uint32_t hb)
{
	uint8_t *out = malloc(hb);

	ck_assert_ptr_nonnull(out);
	memset(out, 0xa5, hb);
	ck_assert_int_eq(chd_decompress(c, fourcc, blk, len, out), 0);
	ck_assert_msg(memcmp(out, want, hb) == 0, "%s: hunk differs",
		      chd_codec_name(fourcc));
	free(out);
}

/* Decompressing must fail with -EINVAL (and, under ASan, stay in bounds). */
static void expand_bad(struct chd_codec *c, uint32_t fourcc, const uint8_t *blk,
		       size_t len, uint32_t hb)
{
	uint8_t *copy = malloc(len ? len : 1);
	uint8_t *out = malloc(hb);

	ck_assert_ptr_nonnull(copy);
	ck_assert_ptr_nonnull(out);
	memcpy(copy, blk, len);
	ck_assert_msg(chd_decompress(c, fourcc, copy, len, out) == -EINVAL,
		      "%s accepted a bad block of %zu bytes",
		      chd_codec_name(fourcc), len);
	free(out);
	free(copy);
}

/* ---- names ---- */

START_TEST(test_names)
{
	static const char *const names[] = { "zlib", "lzma", "huff", "flac",
					     "cdzl", "cdlz", "cdfl" };
	struct chd_codec *c = NULL;
	size_t i;

	for (i = 0; i < VB_ARRAY_SIZE(names); i++) {
		const uint32_t cc = CHD_FOURCC(names[i][0], names[i][1],
					       names[i][2], names[i][3]);

		ck_assert(chd_codec_known(cc));
		ck_assert_str_eq(chd_codec_name(cc), names[i]);
		ck_assert_uint_eq(chd_codec_by_name(names[i]), cc);
	}
	ck_assert(!chd_codec_known(CHD_FOURCC('a', 'v', 'h', 'u')));
	ck_assert(!chd_codec_known(CHD_FOURCC('c', 'd', 'z', 's')));
	ck_assert(!chd_codec_known(0));
	ck_assert_ptr_null(chd_codec_name(CHD_FOURCC('z', 's', 't', 'd')));
	ck_assert_uint_eq(chd_codec_by_name("zstd"), 0);
	ck_assert_uint_eq(chd_codec_by_name(NULL), 0);
	ck_assert_int_eq(chd_codec_new(&c, 0), -EINVAL);
	ck_assert_int_eq(chd_codec_new(&c, (1u << 20) + 1), -EINVAL);
	chd_codec_free(NULL);
}
END_TEST

/* ---- round trips ---- */

enum { D_ZERO, D_LOW, D_CD, D_SINE, D_MIXED, D_COUNT };

static void fill_kind(uint8_t *p, int kind)
{
	switch (kind) {
	case D_ZERO:
		memset(p, 0, HB);
		break;
	case D_LOW:
		fill_low_entropy(p, HB, 7);
		break;
	case D_CD:
		fill_cd_data(p, FRAMES, false);
		break;
	case D_SINE:
		fill_sine(p, HB, true);
		break;
	default: /* half Mode 2 Form 1 frames, half audio */
		fill_cd_data(p, FRAMES, true);
		fill_sine(p + HB / 2, HB / 2, true);
	}
}

/* Which (codec, data) pairs must compress; the others may say -ENOSPC. */
static bool must_compress(uint32_t fourcc, int kind)
{
	switch (kind) {
	case D_ZERO:
		return true;
	case D_LOW:
	case D_CD:
		return fourcc != CHD_FLAC && fourcc != CHD_CDFL;
	case D_SINE:
		return fourcc == CHD_FLAC || fourcc == CHD_CDFL;
	}
	return fourcc == CHD_CDLZ || fourcc == CHD_CDZL;
}

START_TEST(test_roundtrip)
{
	const uint32_t fourcc = writable[_i % VB_ARRAY_SIZE(writable)];
	const int kind = (int)(_i / VB_ARRAY_SIZE(writable));
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = malloc(HB), *blk = NULL;
	size_t len;
	int ret;

	ck_assert_ptr_nonnull(hunk);
	fill_kind(hunk, kind);
	ret = squeeze(c, fourcc, hunk, HB, &blk, &len);
	if (ret == -ENOSPC) {
		ck_assert_msg(!must_compress(fourcc, kind),
			      "%s did not compress data kind %d",
			      chd_codec_name(fourcc), kind);
	} else {
		ck_assert_int_eq(ret, 0);
		expand_eq(c, fourcc, blk, len, hunk, HB);
		/* the state is reusable: a second round gives the same */
		expand_eq(c, fourcc, blk, len, hunk, HB);
		free(blk);
	}
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* Random data does not compress: every codec says -ENOSPC. */
START_TEST(test_random_enospc)
{
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = malloc(HB), *out = malloc(HB);
	size_t i, len;

	ck_assert_ptr_nonnull(hunk);
	ck_assert_ptr_nonnull(out);
	fill_random(hunk, HB, 1);
	for (i = 0; i < VB_ARRAY_SIZE(writable); i++)
		ck_assert_int_eq(chd_compress(c, writable[i], hunk, out, &len),
				 -ENOSPC);
	ck_assert_int_eq(chd_compress(c, CHD_HUFF, hunk, out, &len), -ENOTSUP);
	ck_assert_int_eq(chd_compress(c, CHD_FOURCC('z', 's', 't', 'd'), hunk,
				      out, &len),
			 -ENOTSUP);
	ck_assert_int_eq(chd_decompress(c, CHD_FOURCC('a', 'v', 'h', 'u'), hunk,
					16, out),
			 -ENOTSUP);
	free(out);
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* A hunk of 28 frames (68544 bytes) has a 3-byte base length. */
START_TEST(test_big_hunk)
{
	const uint32_t frames = 28, hb = frames * CHD_CD_FRAME;
	const uint32_t cd[] = { CHD_CDLZ, CHD_CDZL, CHD_CDFL };
	struct chd_codec *c = codec(hb);
	uint8_t *hunk = malloc(hb), *blk;
	size_t i, len;

	ck_assert_ptr_nonnull(hunk);
	fill_cd_data(hunk, frames / 2, false);
	fill_sine(hunk + hb / 2, hb / 2, true);
	for (i = 0; i < VB_ARRAY_SIZE(cd); i++) {
		ck_assert_int_eq(squeeze(c, cd[i], hunk, hb, &blk, &len), 0);
		if (cd[i] != CHD_CDFL) {
			/* bitmap: frames 0-13 stripped, then 24-bit length */
			ck_assert_uint_eq(blk[0], 0xff);
			ck_assert_uint_eq(blk[1], 0x3f);
			ck_assert_uint_eq(blk[2], 0);
			ck_assert_uint_eq(blk[3], 0);
			ck_assert_uint_lt(get_be24(blk + 4), len);
			ck_assert_uint_gt(get_be24(blk + 4), 0);
		}
		expand_eq(c, cd[i], blk, len, hunk, hb);
		free(blk);
	}
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* ---- ECC stripping ---- */

/*
 * Frames whose ECC verifies are stored without sync and parity (bitmap
 * bit set) and come back whole; a frame with broken ECC is kept as it
 * is. Mode 2 Form 1 sectors verify with the header counted as zero.
 */
START_TEST(test_ecc_strip)
{
	const bool mode2 = _i == 1;
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = malloc(HB), *blk, *blk2;
	size_t len, len2;

	ck_assert_ptr_nonnull(hunk);
	fill_cd_data(hunk, FRAMES, mode2);
	ck_assert_int_eq(squeeze(c, CHD_CDLZ, hunk, HB, &blk, &len), 0);
	ck_assert_uint_eq(blk[0], 0xff);
	expand_eq(c, CHD_CDLZ, blk, len, hunk, HB);

	/* one parity byte of every frame wrong: nothing is stripped */
	for (unsigned f = 0; f < FRAMES; f++)
		hunk[f * CHD_CD_FRAME + 0x900] ^= 0x01;
	ck_assert_int_eq(squeeze(c, CHD_CDLZ, hunk, HB, &blk2, &len2), 0);
	ck_assert_uint_eq(blk2[0], 0x00);
	ck_assert_msg(len2 > len + FRAMES * 200,
		      "stripped %zu, unstripped %zu bytes", len, len2);
	expand_eq(c, CHD_CDLZ, blk2, len2, hunk, HB);
	free(blk2);

	/* only frame 3 broken (Q parity) and frame 5 without sync */
	fill_cd_data(hunk, FRAMES, mode2);
	hunk[3 * CHD_CD_FRAME + 0x92f] ^= 0x80;
	hunk[5 * CHD_CD_FRAME + 1] = 0;
	ck_assert_int_eq(squeeze(c, CHD_CDZL, hunk, HB, &blk2, &len2), 0);
	ck_assert_uint_eq(blk2[0], 0xff & ~(1u << 3) & ~(1u << 5));
	expand_eq(c, CHD_CDZL, blk2, len2, hunk, HB);
	free(blk2);
	free(blk);
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* ---- bytes chdman writes (docs/chd.md "Codecs") ---- */

/*
 * 768 zero subcode bytes deflate to 63 60 18 05 a3 60 e4 02 00, the tail
 * of every CD block of a hunk without subcode; an all-zero CD hunk has an
 * empty bitmap. cdfl frames of an 8-frame hunk have 2352 samples: a frame
 * header ff f8 79 .. 00 09 2f (block size code 7: 16-bit size - 1), and
 * chdman's all-zero cdfl block is 41 bytes.
 */
START_TEST(test_known_cd)
{
	static const uint8_t sub0[] = { 0x63, 0x60, 0x18, 0x05, 0xa3,
					0x60, 0xe4, 0x02, 0x00 };
	const uint32_t cd[] = { CHD_CDLZ, CHD_CDZL, CHD_CDFL };
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = calloc(1, HB), *blk;
	size_t i, len;

	ck_assert_ptr_nonnull(hunk);
	for (i = 0; i < VB_ARRAY_SIZE(cd); i++) {
		ck_assert_int_eq(squeeze(c, cd[i], hunk, HB, &blk, &len), 0);
		ck_assert_uint_gt(len, sizeof(sub0) + 3);
		ck_assert_mem_eq(blk + len - sizeof(sub0), sub0, sizeof(sub0));
		if (cd[i] == CHD_CDFL) {
			/* two 16-byte frames of constant subframes */
			ck_assert_uint_eq(len, 41);
			ck_assert_uint_eq(blk[0], 0xff);
			ck_assert_uint_eq(blk[1], 0xf8);
			ck_assert_uint_eq(blk[2], 0x79);
			ck_assert_uint_eq(blk[4], 0x00); /* frame number 0 */
			ck_assert_uint_eq(get_be16(blk + 5), 2351);
		} else {
			ck_assert_uint_eq(blk[0], 0); /* bitmap */
			ck_assert_uint_eq(get_be16(blk + 1),
					  len - 3 - sizeof(sub0));
		}
		free(blk);
	}
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/*
 * flac on a 4096-byte hunk: 'L' for little-endian samples (and on a tie),
 * then a frame header ff f8 a9 (1024 samples, 44100 Hz); big-endian
 * samples give 'B'.
 */
START_TEST(test_known_flac)
{
	struct chd_codec *c = codec(4096);
	uint8_t hunk[4096], *blk;
	size_t len;

	memset(hunk, 0, sizeof(hunk));
	ck_assert_int_eq(squeeze(c, CHD_FLAC, hunk, 4096, &blk, &len), 0);
	ck_assert_uint_eq(blk[0], 'L');
	ck_assert_uint_eq(blk[1], 0xff);
	ck_assert_uint_eq(blk[2], 0xf8);
	ck_assert_uint_eq(blk[3], 0xa9);
	expand_eq(c, CHD_FLAC, blk, len, hunk, 4096);
	free(blk);

	fill_sine(hunk, sizeof(hunk), false);
	ck_assert_int_eq(squeeze(c, CHD_FLAC, hunk, 4096, &blk, &len), 0);
	ck_assert_uint_eq(blk[0], 'L');
	expand_eq(c, CHD_FLAC, blk, len, hunk, 4096);
	free(blk);

	fill_sine(hunk, sizeof(hunk), true);
	ck_assert_int_eq(squeeze(c, CHD_FLAC, hunk, 4096, &blk, &len), 0);
	ck_assert_uint_eq(blk[0], 'B');
	expand_eq(c, CHD_FLAC, blk, len, hunk, 4096);
	free(blk);
	chd_codec_free(c);
}
END_TEST

/*
 * A `huff` block chdman 0.251 wrote (createraw -us 512 -hs 512 -c huff) for
 * 512 bytes of huff_text repeated: the code lengths as a small tree with
 * runs, then the codes. Every prefix of it runs out of bits.
 */
static const uint8_t huff_blk[] = {
	0x61, 0x01, 0x14, 0x5d, 0x3c, 0x58, 0x13, 0xc0, 0x77, 0x4f, 0x01, 0xd3,
	0xc7, 0x2c, 0x68, 0x5a, 0x77, 0xb5, 0x89, 0xe4, 0xf7, 0xe1, 0xc3, 0xc9,
	0x8f, 0xb2, 0xf6, 0xb5, 0xf5, 0x8e, 0xfb, 0xdf, 0x95, 0x34, 0xa0, 0xb9,
	0x19, 0x3b, 0x64, 0x09, 0x40, 0x76, 0xc2, 0x94, 0x53, 0x8e, 0x41, 0x91,
	0x50, 0x1e, 0x38, 0x79, 0x31, 0xf6, 0x5e, 0xd6, 0xbe, 0xb1, 0xdf, 0x7b,
	0xf2, 0xa6, 0x94, 0x17, 0x23, 0x27, 0x6c, 0x81, 0x28, 0x0e, 0xd8, 0x52,
	0x8a, 0x71, 0xc8, 0x32, 0x2a, 0x03, 0xc7, 0x0f, 0x26, 0x3e, 0xcb, 0xda,
	0xd7, 0xd6, 0x3b, 0xef, 0x7e, 0x54, 0xd2, 0x82, 0xe4, 0x64, 0xed, 0x90,
	0x25, 0x01, 0xdb, 0x0a, 0x51, 0x4e, 0x39, 0x06, 0x45, 0x40, 0x78, 0xe1,
	0xe4, 0xc7, 0xd9, 0x7b, 0x5a, 0xfa, 0xc7, 0x7d, 0xef, 0xca, 0x9a, 0x50,
	0x5c, 0x8c, 0x9d, 0xb2, 0x04, 0xa0, 0x3b, 0x61, 0x4a, 0x29, 0xc7, 0x20,
	0xc8, 0xa8, 0x0f, 0x1c, 0x3c, 0x98, 0xfb, 0x2f, 0x6b, 0x5f, 0x58, 0xef,
	0xbd, 0xf9, 0x53, 0x4a, 0x0b, 0x91, 0x93, 0xb6, 0x40, 0x94, 0x07, 0x6c,
	0x29, 0x45, 0x38, 0xe4, 0x19, 0x15, 0x01, 0xe3, 0x87, 0x93, 0x1f, 0x65,
	0xed, 0x6b, 0xeb, 0x1d, 0xf7, 0xbf, 0x2a, 0x69, 0x41, 0x72, 0x32, 0x76,
	0xc8, 0x12, 0x80, 0xed, 0x85, 0x28, 0xa7, 0x1c, 0x83, 0x22, 0xa0, 0x3c,
	0x70, 0xf2, 0x63, 0xec, 0xbd, 0xad, 0x7d, 0x63, 0xbe, 0xf7, 0xe5, 0x4d,
	0x28, 0x2e, 0x46, 0x4e, 0xd9, 0x02, 0x50, 0x1d, 0xb0, 0xa5, 0x14, 0xe3,
	0x90, 0x64, 0x54, 0x07, 0x8e, 0x1e, 0x4c, 0x7d, 0x97, 0xb5, 0xaf, 0xac,
	0x77, 0xde, 0xfc, 0xa9, 0xa5, 0x05, 0xc8, 0xc9, 0xdb, 0x20, 0x4a, 0x03,
	0xb6, 0x14, 0xa2, 0x9c, 0x72, 0x0c, 0x8a, 0x80, 0xf1, 0xc3, 0xc9, 0x8f,
	0xb2, 0xf6, 0xb5, 0xf5, 0x8e, 0xfb, 0xdf, 0x95, 0x34, 0xa0, 0xb9, 0x19,
	0x3b, 0x64, 0x09, 0x40, 0x76, 0xc2, 0x94, 0x53, 0x8e, 0x41, 0x91, 0x50,
	0x1e, 0x38, 0x79, 0x31, 0xf6, 0x5e, 0xd6, 0xbe, 0xb1, 0xdf, 0x7b, 0xf2,
	0xa6, 0x94,
};

static const char huff_text[] =
	"vburn writes what it reads: chd hunks, huffman coded. ";

START_TEST(test_known_huff)
{
	struct chd_codec *c = codec(512);
	uint8_t want[512], *blk = malloc(sizeof(huff_blk));
	size_t j;

	ck_assert_ptr_nonnull(blk);
	memcpy(blk, huff_blk, sizeof(huff_blk));
	for (j = 0; j < sizeof(want); j++)
		want[j] = (uint8_t)huff_text[j % (sizeof(huff_text) - 1)];
	expand_eq(c, CHD_HUFF, blk, sizeof(huff_blk), want, 512);
	expand_eq(c, CHD_HUFF, blk, sizeof(huff_blk), want, 512);
	for (j = 0; j < sizeof(huff_blk); j++)
		expand_bad(c, CHD_HUFF, blk, j, 512);
	free(blk);
	chd_codec_free(c);
}
END_TEST

/* ---- hostile blocks ---- */

/* Every proper prefix of a good block is refused. */
START_TEST(test_truncated)
{
	const uint32_t fourcc = writable[_i];
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = malloc(HB), *blk;
	size_t len, n;

	ck_assert_ptr_nonnull(hunk);
	fill_kind(hunk,
		  fourcc == CHD_FLAC || fourcc == CHD_CDFL ? D_SINE : D_CD);
	ck_assert_int_eq(squeeze(c, fourcc, hunk, HB, &blk, &len), 0);
	for (n = 0; n < len; n += n < 64 || len - n < 64 ? 1 : 37)
		expand_bad(c, fourcc, blk, n, HB);
	expand_eq(c, fourcc, blk, len, hunk, HB);
	free(blk);
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* A CD block whose base length runs past the block, or cuts it short. */
START_TEST(test_base_length)
{
	const uint32_t fourcc = _i ? CHD_CDZL : CHD_CDLZ;
	struct chd_codec *c = codec(HB);
	uint8_t *hunk = malloc(HB), *blk;
	uint16_t base;
	size_t len;

	ck_assert_ptr_nonnull(hunk);
	fill_cd_data(hunk, FRAMES, false);
	ck_assert_int_eq(squeeze(c, fourcc, hunk, HB, &blk, &len), 0);
	base = get_be16(blk + 1);
	put_be16(blk + 1, (uint16_t)(len - 3 + 1));
	expand_bad(c, fourcc, blk, len, HB);
	put_be16(blk + 1, 0xffff);
	expand_bad(c, fourcc, blk, len, HB);
	put_be16(blk + 1, 0);
	expand_bad(c, fourcc, blk, len, HB);
	put_be16(blk + 1, (uint16_t)(base - 1));
	expand_bad(c, fourcc, blk, len, HB);
	put_be16(blk + 1, (uint16_t)(base + 1));
	expand_bad(c, fourcc, blk, len, HB);
	put_be16(blk + 1, base);
	expand_eq(c, fourcc, blk, len, hunk, HB);
	/* a 3-byte block: header only */
	expand_bad(c, fourcc, blk, 3, HB);
	free(blk);
	free(hunk);
	chd_codec_free(c);
}
END_TEST

/* Garbage of many lengths, for every codec we read (huff included). */
START_TEST(test_garbage)
{
	static const uint32_t all[] = { CHD_ZLIB, CHD_LZMA, CHD_HUFF, CHD_FLAC,
					CHD_CDZL, CHD_CDLZ, CHD_CDFL };
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 9, 42, 100, 1000 };
	struct chd_codec *c = codec(HB);
	uint8_t blk[1000];
	size_t i, j;
	uint32_t seed;

	for (i = 0; i < VB_ARRAY_SIZE(all); i++)
		for (j = 0; j < VB_ARRAY_SIZE(lens); j++)
			for (seed = 0; seed < 4; seed++) {
				fill_random(blk, lens[j],
					    seed + 17 * (uint32_t)j);
				/* some look like real headers */
				if (seed == 1 && lens[j] > 3) {
					blk[0] = 'L';
					put_be16(blk + 1,
						 (uint16_t)(lens[j] - 3));
				}
				if (seed == 2 && lens[j] > 2)
					memcpy(blk, "\xff\xf8\x79", 3);
				expand_bad(c, all[i], blk, lens[j], HB);
			}
	chd_codec_free(c);
}
END_TEST

/*
 * FLAC frames with more or fewer samples than the hunk holds. A frame that
 * would overflow the hunk is refused; whole frames after the hunk is full
 * are ignored by `flac` (as MAME does) but not by `cdfl`, where the
 * subcode's Deflate must follow.
 */
START_TEST(test_flac_sample_count)
{
	const uint32_t fourcc = _i ? CHD_FLAC : CHD_CDFL;
	struct chd_codec *c8 = codec(HB), *c16 = codec(2 * HB),
			 *c9 = codec(HB + CHD_CD_FRAME);
	uint8_t *hunk = malloc(2 * HB), *blk8, *blk16;
	size_t len8, len16;

	ck_assert_ptr_nonnull(hunk);
	fill_sine(hunk, 2 * HB, fourcc == CHD_CDFL);
	ck_assert_int_eq(squeeze(c8, fourcc, hunk, HB, &blk8, &len8), 0);
	ck_assert_int_eq(squeeze(c16, fourcc, hunk, 2 * HB, &blk16, &len16), 0);
	expand_eq(c8, fourcc, blk8, len8, hunk, HB);
	expand_eq(c16, fourcc, blk16, len16, hunk, 2 * HB);
	/* too few samples for 16 frames or 9 */
	expand_bad(c16, fourcc, blk8, len8, 2 * HB);
	expand_bad(c9, fourcc, blk8, len8, HB + CHD_CD_FRAME);
	/* a frame of 16 frames' block crosses the end of 9 frames */
	expand_bad(c9, fourcc, blk16, len16, HB + CHD_CD_FRAME);
	if (fourcc == CHD_CDFL)
		expand_bad(c8, fourcc, blk16, len16, HB);
	else
		expand_eq(c8, fourcc, blk16, len16, hunk, HB);
	free(blk16);
	free(blk8);
	free(hunk);
	chd_codec_free(c9);
	chd_codec_free(c16);
	chd_codec_free(c8);
}
END_TEST

/* The CD codecs need whole frames; flac needs whole samples. */
START_TEST(test_wrong_sizes)
{
	struct chd_codec *c = codec(4096), *odd = codec(4098);
	uint8_t hunk[4098], out[4098];
	size_t len;

	memset(hunk, 0, sizeof(hunk));
	ck_assert_int_eq(chd_compress(c, CHD_CDLZ, hunk, out, &len), -EINVAL);
	ck_assert_int_eq(chd_compress(c, CHD_CDZL, hunk, out, &len), -EINVAL);
	ck_assert_int_eq(chd_compress(c, CHD_CDFL, hunk, out, &len), -EINVAL);
	ck_assert_int_eq(chd_decompress(c, CHD_CDLZ, hunk, 100, out), -EINVAL);
	ck_assert_int_eq(chd_decompress(c, CHD_CDFL, hunk, 100, out), -EINVAL);
	ck_assert_int_eq(chd_compress(odd, CHD_FLAC, hunk, out, &len), -ENOSPC);
	hunk[0] = 'L';
	ck_assert_int_eq(chd_decompress(odd, CHD_FLAC, hunk, 100, out),
			 -EINVAL);
	/* zlib and lzma take any size */
	ck_assert_int_eq(chd_compress(odd, CHD_LZMA, hunk, out, &len), 0);
	ck_assert_int_eq(chd_decompress(odd, CHD_LZMA, out, len, hunk), 0);
	chd_codec_free(odd);
	chd_codec_free(c);
}
END_TEST

Suite *chd_codec_suite(void); /* run by tests/check_main.c */

Suite *chd_codec_suite(void)
{
	Suite *s = suite_create("chd_codec");
	TCase *tc = tcase_create("roundtrip");
	TCase *bad = tcase_create("hostile");
	const int nw = (int)VB_ARRAY_SIZE(writable);

	/* FLAC level 8 and LZMA level 9 are slow under ASan. */
	tcase_set_timeout(tc, 120);
	tcase_set_timeout(bad, 120);
	tcase_add_test(tc, test_names);
	tcase_add_loop_test(tc, test_roundtrip, 0, nw * D_COUNT);
	tcase_add_test(tc, test_random_enospc);
	tcase_add_test(tc, test_big_hunk);
	tcase_add_loop_test(tc, test_ecc_strip, 0, 2);
	tcase_add_test(tc, test_known_cd);
	tcase_add_test(tc, test_known_flac);
	tcase_add_test(tc, test_known_huff);
	suite_add_tcase(s, tc);

	tcase_add_loop_test(bad, test_truncated, 0, nw);
	tcase_add_loop_test(bad, test_base_length, 0, 2);
	tcase_add_test(bad, test_garbage);
	tcase_add_loop_test(bad, test_flac_sample_count, 0, 2);
	tcase_add_test(bad, test_wrong_sizes);
	suite_add_tcase(s, bad);
	return s;
}
