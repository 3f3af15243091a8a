/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside tools/fs.h: the tree every file-system backend builds once at
 * open (fs.c keeps it and answers lookups, listings and attributes from
 * it), and what a backend provides: ISO 9660 through libisofs
 * (fs_iso.c), UDF through libcdio's libudf (fs_udf.c) or, for UDF
 * 2.50+, from the disc model (fs_udf25.c). Only file data
 * is read through the backend afterwards.
 */
#ifndef VBURN_TOOLS_FS_INT_H
#define VBURN_TOOLS_FS_INT_H

#include "fs.h"

#define FS_MAX_DEPTH 256    /* deeper is a damaged volume */
#define FS_MAX_NODES 4000000u /* more is a damaged (or looping) one */

struct fs_node {
	char *name; /* owned; "" for the root */
	struct fs_stat st;
	char *target;	   /* owned symbolic link target, or NULL */
	uint64_t key;	   /* fs_file_key() */
	void *data;	   /* the backend's handle of the node */
	struct fs_node **kids; /* owned array of owned children */
	unsigned nkids, cap;
};

struct fs_backend {
	const char *name; /* "rockridge", "joliet", "iso9660", "udf" */
	/* reads len bytes of regular file n from off (within its size) */
	ssize_t (*read)(struct fs *fs, const struct fs_node *n, void *buf,
			size_t len, uint64_t off);
	void (*close)(struct fs *fs);
};

struct fs {
	struct vb_disc *disc;
	unsigned session;
	const char *tree; /* what fs_tree_name() answers */
	const struct fs_backend *be;
	void *be_data; /* the backend's state */
	struct fs_node *root;
	unsigned nodes;
};

/* A new node named name (copied) under parent (NULL: the root of fs):
 * NULL on ENOMEM or past FS_MAX_NODES. */
struct fs_node *fs_node_add(struct fs *fs, struct fs_node *parent,
			    const char *name);
/* The first data track of session s of d (1-based; 0: the last holding
 * one) and the session number in *s; NULL with a reason in err. */
const struct vb_track *fs_data_track(const struct vb_disc *d, unsigned *s,
				     char *err, size_t errlen);

/* Copies len bytes from byte off of the data that starts at block lba
 * of the disc (2048-byte user data), as file extents lie: 0, or -EIO
 * when a sector cannot be read, -ENOMEM. */
int fs_read_blocks(struct fs *fs, uint64_t lba, uint64_t off, void *buf,
		   size_t len);

/* How often each key was seen (fs_count.c): the backends count the
 * blocks or directories a walk meets, to stop on a volume that loops.
 * Zeroed is empty. */
struct fs_count {
	struct fs_count_slot *slots;
	size_t cap, used;
};

/* Counts key once more and returns its count (UINT32_MAX when out of
 * memory, so a caller stops as it would on a loop). */
unsigned fs_count_add(struct fs_count *c, uint64_t key);
void fs_count_free(struct fs_count *c);

/* 0 if the ISO 9660 volume whose session starts at block start is a
 * tree libisofs can import (fs_iso_tree.c); -ELOOP with the reason in
 * err if its directories loop, are shared or nest too deep; -ENOMEM. */
int fs_iso_tree_check(const struct vb_disc *d, uint32_t start, char *err,
		      size_t errlen);

/* The backends: fill fs (tree, be, be_data, tree name) or return a
 * negative errno with a one-line reason (-ENOMEM: fs_open gives it). */
int fs_iso_open(struct fs *fs, const struct vb_track *t, enum fs_tree tree,
		char *err, size_t errlen);
/* UDF with a metadata partition (2.50, 2.60), a VAT or Extended File Entries,
 * read from data track t's session (fs_udf25.c); -ENODATA for a volume
 * libudf reads (or none), a one-line reason for one it cannot. */
int fs_udf25_open(struct fs *fs, const struct vb_track *t, char *err,
		  size_t errlen);
/* The UTF-8 of a UDF name in OSTA CS0 (UDF 2.1.1; "" when it does not
 * decode or fit in cap), and the target of a symbolic link from its
 * ECMA-167 4/14.16 path components (malloc'd; NULL on ENOMEM):
 * fs_udf_text.c. */
void fs_udf_cs0(const uint8_t *p, size_t n, char *out, size_t cap);
char *fs_udf_link(const uint8_t *p, size_t n);
/* UDF in the image at path, or, where libcdio cannot read that format,
 * in data track t's sectors (fs_udf.c). */
int fs_udf_open(struct fs *fs, const char *path, const struct vb_track *t,
		char *err, size_t errlen);

#endif
