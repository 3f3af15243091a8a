/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What tools ask of a CHD beyond its disc (formats/chd_info.c, docs/chd.md):
 * its header and compression figures, its parent chain, a full check of
 * its hunks and SHA-1s, and which images in a directory are its children.
 * The disc itself is read like any image (vb_img_open, format "chd").
 */
#ifndef VBURN_CHD_H
#define VBURN_CHD_H

#include <stdbool.h>
#include <stdint.h>

#include "vburn/img.h"

#define VB_CHD_MAX_CHAIN 16

/* Hunk counts by how the map stores them. */
enum {
	VB_CHD_CODEC0 = 0, /* .. 3: by compressor slot */
	VB_CHD_NONE = 4,   /* stored uncompressed */
	VB_CHD_SELF = 5,   /* a copy of an earlier hunk */
	VB_CHD_PARENT = 6, /* from the parent */
	VB_CHD_ZERO = 7,   /* not stored (uncompressed files) */
	VB_CHD_TYPES
};

struct vb_chd_info {
	uint32_t hunkbytes, unitbytes, hunks;
	uint64_t logical;   /* bytes of the decompressed stream */
	uint64_t file_size; /* bytes of the file */
	char codec[4][5];   /* "cdlz", ... or "" */
	uint32_t n_type[VB_CHD_TYPES];
	char sha1[41], rawsha1[41], parentsha1[41]; /* hex, "" if zero */
	/* the parent chain, nearest first: paths (owned) */
	unsigned n_chain;
	char *chain[VB_CHD_MAX_CHAIN];
};

/* 0, or -errno with one line in diag (a missing parent is an error). */
int vb_chd_info(const char *path, struct vb_chd_info *info,
		struct vb_diag *diag) __attribute__((warn_unused_result));
void vb_chd_info_fini(struct vb_chd_info *info);

/*
 * Decodes every hunk (checking its CRC-16), then compares the SHA-1 of
 * the stream and the overall SHA-1 with the header's. 0, -EIO with the
 * first difference in diag, or another -errno. An uncompressed file has
 * no SHA-1s to check: its hunks are read, and 0.
 */
int vb_chd_verify(const char *path, const struct vb_progress *prog,
		  struct vb_diag *diag) __attribute__((warn_unused_result));

/*
 * The CHDs in path's directory whose parent is path (their header names
 * its SHA-1): their count, and the first one's name in first (len bytes,
 * may be NULL). -errno if path is not a readable CHD.
 */
int vb_chd_children(const char *path, char *first, size_t len)
	__attribute__((warn_unused_result));

/*
 * The capture deduplication of docs/chd.md "Dedup": among the CHDs in dir
 * (but exclude), the one most like disc d, judged by the CRC-16 of the
 * hunks d would have against the CRC-16s each candidate's map keeps for
 * the same hunk numbers; candidates of another unit size (another medium
 * family) or sharing less than a tenth of the hunks do not count. Its
 * path in out: 0, -ENOENT if none qualifies, or -errno reading d.
 */
int vb_chd_pick_parent(const struct vb_disc *d, const char *dir,
		       const char *exclude, char *out, size_t len)
	__attribute__((warn_unused_result));

#endif
