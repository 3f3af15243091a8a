/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the CHD modules (docs/chd.md: MAME's CHD v5 as we read it):
 *   formats/chd_huff.c   bit streams and the canonical Huffman codes of the
 *                        map and of the `huff` codec
 *   formats/chd_map.c    CRC-16 and the compressed hunk map
 *   formats/chd_codec.c  the hunk codecs (zlib, lzma, huff, flac, cdzl,
 *                        cdlz, cdfl; FLAC itself in chd_flac.c)
 *   formats/chd.c        the reader: header, metadata, parent, hunk cache,
 *                        the disc model
 *   formats/chd_disc.c   the disc a CHD holds, and the registry entry
 *   formats/chd_write.c  the writer: hunks compressed by a worker per core,
 *                        self and parent references (chd_dedup.c), the
 *                        layout and metadata (chd_layout.c), the SHA-1s
 *   formats/chd_info.c   figures, verify, children and dedup for tools
 * All multi-byte numbers in a CHD are big-endian.
 */
#ifndef VBURN_FORMATS_CHD_H
#define VBURN_FORMATS_CHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/disc.h"
#include "vburn/img.h"
#include "vburn/src.h"

#define CHD_TAG "MComprHD"
#define CHD_V5_HEADER 124 /* bytes of a version 5 header */
/* Offsets of the v5 header's SHA-1s (docs/chd.md "Header") */
#define CHD_H_RAWSHA1 64
#define CHD_H_SHA1 84
#define CHD_H_PARENTSHA1 104
#define CHD_CD_SECTOR 2352
#define CHD_CD_SUB 96
#define CHD_CD_FRAME 2448    /* unit of a CD CHD: sector + subcode */
#define CHD_CD_HUNK_FRAMES 8 /* chdman's default: 19584-byte hunks */
#define CHD_CD_PAD 4	     /* each track holds a multiple of 4 frames */

#define CHD_FOURCC(a, b, c, d)                                            \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | \
	 (uint32_t)(d))
#define CHD_ZLIB CHD_FOURCC('z', 'l', 'i', 'b')
#define CHD_LZMA CHD_FOURCC('l', 'z', 'm', 'a')
#define CHD_HUFF CHD_FOURCC('h', 'u', 'f', 'f')
#define CHD_FLAC CHD_FOURCC('f', 'l', 'a', 'c')
#define CHD_CDZL CHD_FOURCC('c', 'd', 'z', 'l')
#define CHD_CDLZ CHD_FOURCC('c', 'd', 'l', 'z')
#define CHD_CDFL CHD_FOURCC('c', 'd', 'f', 'l')

/* ---- bit streams, MSB first (chd_huff.c) ---- */

/* Reading: past the end yields zero bits and sets over. */
struct chd_bits {
	const uint8_t *p;
	size_t len; /* bytes */
	size_t pos; /* bits consumed */
	bool over;  /* a read went past the end */
};

/* The next n bits (0 <= n <= 32) as a number; n == 0 gives 0. */
uint32_t chd_bits_read(struct chd_bits *b, unsigned n);
/* Bytes consumed so far, counting a partly read byte. */
size_t chd_bits_bytes(const struct chd_bits *b);

/* Writing into a fixed buffer: past cap sets over (nothing written). */
struct chd_bitw {
	uint8_t *p;
	size_t cap; /* bytes */
	size_t pos; /* bits written */
	bool over;
};

void chd_bitw_put(struct chd_bitw *w, uint32_t v, unsigned n);
/* Bytes used, the last one zero-padded. */
size_t chd_bitw_bytes(const struct chd_bitw *w);

/* ---- canonical Huffman codes (chd_huff.c) ---- */

#define CHD_HUFF_MAXSYM 256

/*
 * A code over nsym symbols (<= CHD_HUFF_MAXSYM) with lengths up to maxbits
 * (<= 16). Canonical order is MAME's: longest codes get the numerically
 * smallest values (docs/chd.md "Map").
 */
struct chd_huff {
	unsigned nsym, maxbits;
	uint8_t len[CHD_HUFF_MAXSYM];
	uint16_t code[CHD_HUFF_MAXSYM];
	uint16_t *lookup; /* 1 << maxbits entries: symbol << 5 | length */
};

/* 0 or -ENOMEM. */
int chd_huff_init(struct chd_huff *h, unsigned nsym, unsigned maxbits)
	__attribute__((warn_unused_result));
void chd_huff_fini(struct chd_huff *h);
/*
 * Reads the code lengths in the map's RLE form (used by the hunk map:
 * 16 symbols, 8 bits) and builds the codes. 0, or -EINVAL for an
 * incomplete or over-full code or a stream that ran out.
 */
int chd_huff_import_rle(struct chd_huff *h, struct chd_bits *b)
	__attribute__((warn_unused_result));
/*
 * Reads the lengths in the Huffman-coded form of the `huff` codec (256
 * symbols, 16 bits: a small 24-symbol tree first). 0 or -EINVAL.
 */
int chd_huff_import_tree(struct chd_huff *h, struct chd_bits *b)
	__attribute__((warn_unused_result));
/* The next symbol, or -EINVAL if the bits are no code. */
int chd_huff_decode(const struct chd_huff *h, struct chd_bits *b);
/*
 * Lengths (<= maxbits) and codes from symbol counts; symbols with count 0
 * get no code, a lone used symbol gets a 1-bit code. 0 or -ENOMEM.
 */
int chd_huff_from_histo(struct chd_huff *h, const uint32_t *histo)
	__attribute__((warn_unused_result));
/* Writes the lengths in the map's RLE form (the inverse of import_rle). */
void chd_huff_export_rle(const struct chd_huff *h, struct chd_bitw *w);
/* Writes the code of sym (which must have one). */
void chd_huff_encode(const struct chd_huff *h, struct chd_bitw *w,
		     unsigned sym);

/* ---- CRC-16 and the hunk map (chd_map.c) ---- */

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xffff): the hunk and map CRC. */
uint16_t chd_crc16(const uint8_t *p, size_t n);

/* Types of an expanded map entry. */
enum {
	CHD_T_CODEC0 = 0, /* .. 3: compressors[type] */
	CHD_T_NONE = 4,	  /* stored uncompressed, hunkbytes long */
	CHD_T_SELF = 5,	  /* a copy of hunk .off (< this hunk) */
	CHD_T_PARENT = 6, /* hunkbytes of the parent from unit .off */
};

/* One hunk as the expanded map describes it. */
struct chd_entry {
	uint8_t type;
	uint32_t len; /* stored bytes (CODEC*, NONE) */
	uint64_t off; /* file offset, hunk number (SELF), unit (PARENT) */
	uint16_t crc; /* CRC-16 of the hunk (CODEC*, NONE) */
};

#define CHD_MAP_HEADER 16

/*
 * Decodes a compressed map: map holds len bytes from the header's map
 * offset (the 16-byte map header, then its bit stream; len may run past
 * the stream). Fills hunks entries of out. Every stored block must end at
 * or before file_size, every SELF must name an earlier hunk; the CRC-16
 * of the expanded entries must match. 0, or -EINVAL with a short reason
 * in *why (a static string).
 */
int chd_map_decode(const uint8_t *map, size_t len, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t file_size,
		   struct chd_entry *out, const char **why)
	__attribute__((warn_unused_result));
/*
 * Encodes hunks entries (types 0-6; blocks laid out back to back from
 * firstoffs in hunk order) as a map with its header, sized from the real
 * bit count. Owned buffer in *out, *len bytes. 0, -ENOMEM, or -EINVAL
 * for what the format cannot hold (unitbytes 0, a type over 6, a length
 * of 2^24 or more, a reference wider than 32 bits). Entries that fit but
 * are wrong (a SELF naming a later hunk) are written as given.
 */
int chd_map_encode(const struct chd_entry *e, uint32_t hunks,
		   uint32_t hunkbytes, uint32_t unitbytes, uint64_t firstoffs,
		   uint8_t **out, size_t *len)
	__attribute__((warn_unused_result));

/* ---- hunk codecs (chd_codec.c) ---- */

/*
 * Per-thread state of the codecs for one hunk size: scratch buffers and
 * encoder/decoder objects that are costly to make per hunk.
 */
struct chd_codec;

/* 0, -ENOMEM, or -EINVAL (hunkbytes 0, or over 1 MiB). */
int chd_codec_new(struct chd_codec **out, uint32_t hunkbytes)
	__attribute__((warn_unused_result));
void chd_codec_free(struct chd_codec *c);
/* Can this build decompress fourcc? */
bool chd_codec_known(uint32_t fourcc);
/* "zlib", "cdlz", ... or NULL. */
const char *chd_codec_name(uint32_t fourcc);
/* The FourCC of a name, or 0. */
uint32_t chd_codec_by_name(const char *name);
/*
 * Decompresses one block of inlen bytes into exactly hunkbytes at out.
 * 0, -ENOTSUP (unknown codec), or -EINVAL (corrupt block: the codec did
 * not produce exactly hunkbytes, or left input unused where it must not).
 */
int chd_decompress(struct chd_codec *c, uint32_t fourcc, const uint8_t *in,
		   size_t inlen, uint8_t *out)
	__attribute__((warn_unused_result));
/*
 * Compresses one hunk (hunkbytes at in) into out (room for hunkbytes).
 * 0 with *outlen < hunkbytes, -ENOSPC if the result would not be smaller
 * than the hunk, -ENOTSUP for a codec this build cannot write, -ENOMEM.
 * The CD codecs (cdlz, cdzl, cdfl) need hunkbytes % 2448 == 0.
 */
int chd_compress(struct chd_codec *c, uint32_t fourcc, const uint8_t *in,
		 uint8_t *out, size_t *outlen)
	__attribute__((warn_unused_result));

/* ---- CHD files (chd.c) ---- */

#define CHD_SHA1 20
#define CHD_META_CHECKSUM 0x01 /* the entry counts in the overall SHA-1 */
#define CHD_MAX_PARENTS 16     /* a longer chain is refused (a loop?) */

#define CHD_TAG_CHT2 CHD_FOURCC('C', 'H', 'T', '2')
#define CHD_TAG_CHTR CHD_FOURCC('C', 'H', 'T', 'R')
#define CHD_TAG_CHCD CHD_FOURCC('C', 'H', 'C', 'D')
#define CHD_TAG_CHGD CHD_FOURCC('C', 'H', 'G', 'D')
#define CHD_TAG_CHGT CHD_FOURCC('C', 'H', 'G', 'T')
#define CHD_TAG_DVD CHD_FOURCC('D', 'V', 'D', ' ')
#define CHD_TAG_GDDD CHD_FOURCC('G', 'D', 'D', 'D')
/* Ours: the disc as a vbd manifest over the stream (docs/chd.md). */
#define CHD_TAG_VBDM CHD_FOURCC('V', 'B', 'D', 'M')

struct chd_meta {
	uint32_t tag;
	uint8_t flags;
	uint32_t len; /* payload bytes */
	uint64_t off; /* file offset of the payload */
};

/* An open CHD (v5): its header, map and metadata index, and its parent. */
struct chd_file {
	struct vb_src *src; /* the file (one reference) */
	char *path;
	uint32_t comp[4];
	uint64_t logical; /* bytes of the decompressed stream */
	uint64_t mapoff, metaoff;
	uint32_t hunkbytes, unitbytes, hunks;
	bool compressed; /* compressors[0] != 0: CRC-16s and SHA-1s kept */
	uint8_t rawsha1[CHD_SHA1], sha1[CHD_SHA1], parentsha1[CHD_SHA1];
	struct chd_entry *map; /* hunks entries */
	struct chd_meta *meta; /* in chain order */
	unsigned n_meta;
	struct chd_file *parent; /* owned; NULL without one */
	struct chd_cache *cache; /* decoded hunks (thread-safe) */
};

/* chdman's CD track types (docs/chd.md "CD metadata"), as CHT2 spells them */
enum chd_cd_type {
	CHD_MODE1,
	CHD_MODE1_RAW,
	CHD_MODE2,
	CHD_MODE2_FORM1,
	CHD_MODE2_FORM2,
	CHD_MODE2_FORM_MIX,
	CHD_MODE2_RAW,
	CHD_AUDIO,
	CHD_CD_TYPES
};
/* The CHT2 TYPE name of a chd_cd_type (chd_disc.c) */
const char *chd_cd_type_name(enum chd_cd_type t);

/* The writer (chd_write.c): img_ops.write of the registry entry. */
int chd_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag)
	__attribute__((warn_unused_result));

/* Local map type of an uncompressed file's unstored hunk: zeros. */
#define CHD_T_ZERO 7

/*
 * Opens the CHD at path (src: the file, borrowed). A child's parent is
 * looked for in parent_dir (NULL: the child's directory) among the *.chd
 * files, by the SHA-1 in the child's header. 0, or -errno with a one-line
 * reason naming the file.
 */
int chd_file_open(const char *path, struct vb_src *src, const char *parent_dir,
		  struct chd_file **out, struct vb_diag *diag)
	__attribute__((warn_unused_result));
/*
 * The *.chd files of a directory, where parents and children are found
 * by the SHA-1s in their headers (chd_dir.c; docs/chd.md "Parent").
 */
/* The directory part of path ("" for none: the working directory). */
char *chd_dir_of(const char *path);
/*
 * Calls fn with the path of each *.chd file in dir ("": the working
 * directory) until fn returns non-zero, and returns that; 0 when every
 * file was seen; -errno when dir cannot be read.
 */
int chd_dir_each(const char *dir, int (*fn)(const char *path, void *arg),
		 void *arg);
/* The SHA-1 at offset at (CHD_H_*) of a v5 header; 0 or -errno/-EINVAL */
int chd_head_sha1(const char *path, unsigned at, uint8_t *out);
/* chd_file_open of the file at path (its parent looked for beside it). */
int chd_file_open_path(const char *path, struct chd_file **out,
		       struct vb_diag *diag)
	__attribute__((warn_unused_result));
void chd_file_close(struct chd_file *c);
/*
 * len bytes of the decompressed stream at off (up to hunks * hunkbytes);
 * thread-safe. 0, -EIO (out of range, or a hunk's CRC-16 is wrong),
 * -EINVAL (a corrupt block) or the errno of a failed read.
 */
int chd_file_read(struct chd_file *c, void *buf, size_t len, uint64_t off)
	__attribute__((warn_unused_result));
/* One whole hunk into out (hunkbytes); as chd_file_read. */
int chd_file_hunk(struct chd_file *c, uint32_t hunk, uint8_t *out)
	__attribute__((warn_unused_result));
/* How many metadata entries have tag. */
unsigned chd_meta_count(const struct chd_file *c, uint32_t tag);
/* The payload of the index-th entry with tag (owned, NUL added), or NULL. */
char *chd_meta_get(const struct chd_file *c, uint32_t tag, unsigned index,
		   uint32_t *len);
/*
 * The overall SHA-1 (docs/chd.md "SHA-1s") of rawsha1 and the metadata
 * entries flagged CHD_META_CHECKSUM, given each entry's payload SHA-1.
 */
void chd_overall_sha1(const uint8_t raw[CHD_SHA1], const uint32_t *tags,
		      const uint8_t (*sha)[CHD_SHA1], unsigned n,
		      uint8_t out[CHD_SHA1]);

#endif
