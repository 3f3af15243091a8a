/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the UDF walk of fs_udf25.c: the partition maps and what a file's
 * data is (runs of disc blocks, or bytes in its ICB), and the descriptors
 * both files read. fs_udf25_icb.c reads tags, ICBs and allocation
 * descriptors; fs_udf25.c the volume, its maps and its directories
 * (docs/formats.md 5.6).
 */
#ifndef VBURN_TOOLS_FS_UDF25_H
#define VBURN_TOOLS_FS_UDF25_H

#include <stdbool.h>
#include <stdint.h>

#include "fs_int.h"

#define BLOCK 2048
#define MAX_MAPS 8

/* Descriptor tag identifiers (ECMA-167 3/7.2.1, 4/7.2.1). */
enum {
	TAG_AVDP = 2,
	TAG_PD = 5,
	TAG_LVD = 6,
	TAG_TD = 8,
	TAG_FSD = 256,
	TAG_FID = 257,
	TAG_AED = 258,
	TAG_IE = 259,
	TAG_FE = 261,
	TAG_EFE = 266,
};

/* A stretch of a file's data: len bytes at absolute block lba, or zeros
 * (a sparse extent, ECMA-167 4/14.14.1.1 types 1 and 2). */
struct udf_run {
	uint32_t lba;
	bool sparse;
	uint64_t len;
};

struct udf_data {
	struct udf_run *runs;
	size_t nruns, cap;
	uint8_t *embedded; /* data recorded in the ICB, or NULL */
	size_t nembedded;
};

/* A partition reference (an index into the LVD's maps, UDF 2.2.8). */
struct udf_map {
	enum {
		MAP_PHYS, /* type 1, or sparable: blocks from start */
		MAP_META, /* "*UDF Metadata Partition": through meta_data */
		MAP_VAT,  /* "*UDF Virtual Partition": through vat */
	} kind;
	uint32_t start; /* the physical partition's first block */
	uint32_t length;
	struct udf_data meta_data; /* the Metadata File's extents */
	uint32_t *vat;		   /* virtual block -> partition block */
	uint32_t nvat;
};

struct udf25 {
	struct fs *fs;
	struct udf_map maps[MAX_MAPS];
	unsigned nmaps;
	struct udf_data *files; /* by node index (fs_node.data - 1) */
	size_t nfiles, cap;
	struct fs_count dirs;
	const char *bad; /* what is damaged, for the one-line error */
};

/* What an ICB's (Extended) File Entry says, ECMA-167 4/14.9, 4/14.17. */
struct udf_icb {
	uint8_t type; /* ICB tag file type (4/14.6.6) */
	uint16_t flags;
	struct fs_stat st;
	uint64_t size;
	const uint8_t *ad; /* its allocation descriptors, in the block */
	uint32_t nad;
	uint16_t ref; /* the partition short_ads are in */
};

/* Whether b (n bytes) starts with a sound tag of identifier id. */
bool udf25_tag_ok(const uint8_t *b, size_t n, uint16_t id);
/* Reads the 2048 bytes of absolute block lba: 0 or -EIO. */
int udf25_read_abs(struct udf25 *u, uint64_t lba, uint8_t *b);
/* The absolute block of block blk of partition reference ref, or
 * UINT32_MAX when the volume has no such block. */
uint32_t udf25_map_block(const struct udf25 *u, uint16_t ref, uint32_t blk);
/* Reads block blk of partition reference ref: 0 or -EIO. */
int udf25_read_block(struct udf25 *u, uint16_t ref, uint32_t blk, uint8_t *b);
/* Reads the ICB at block blk of partition ref into b and decodes it into
 * i (whose ad points into b): 0 or -EIO. */
int udf25_icb_read(struct udf25 *u, uint16_t ref, uint32_t blk, uint8_t *b,
		   struct udf_icb *i);
/* The ICB's data as d (freed with udf25_data_free; nothing to free after
 * an error): 0, -EIO or -ENOMEM. */
int udf25_icb_data(struct udf25 *u, const struct udf_icb *i,
		   struct udf_data *d);
void udf25_data_free(struct udf_data *d);
/* Copies len bytes from off of d (within its size): 0 or -EIO. */
int udf25_data_read(struct udf25 *u, const struct udf_data *d, uint8_t *out,
		    size_t len, uint64_t off);

#endif
