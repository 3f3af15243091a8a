/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file tree of one session of a disc, for vburn-img ls, get and
 * mount (issue "images in users' hands"). ISO 9660 with Rock Ridge and
 * Joliet comes from libisofs, which reads 2048-byte sectors from the
 * disc model (fs_iso.c), whatever the image format: ISO, CUE/BIN, TOC,
 * NRG, CCD, MDS or a .vbd manifest. UDF comes from libcdio's libudf
 * (fs_udf.c), which opens the image file itself: a flat ISO, or the
 * formats libcdio reads (NRG, CUE/BIN, TOC); UDF 2.50+ (a metadata
 * partition, which libudf cannot follow) is read from the disc model
 * (fs_udf25.c). The tree is read once at
 * open (fs.c); not thread-safe (neither library takes locks): one
 * caller at a time.
 */
#ifndef VBURN_TOOLS_FS_H
#define VBURN_TOOLS_FS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "vburn/disc.h"

/* Which of the trees of an ISO 9660 volume to read. */
enum fs_tree {
	FS_TREE_AUTO,	   /* Rock Ridge, else Joliet, else plain */
	FS_TREE_ROCKRIDGE, /* Rock Ridge only: an error without it */
	FS_TREE_JOLIET,	   /* Joliet names: an error without them */
	FS_TREE_PLAIN,	   /* ISO 9660 names (";1" and all) */
	FS_TREE_UDF,	   /* the UDF file system (AUTO: when no ISO 9660) */
};

/* Which tree of which session a command asks for (ls, get, mount). */
struct fs_choice {
	unsigned session; /* 1-based; 0: the last that holds data */
	enum fs_tree tree;
};

/*
 * Takes argv[*i] when it is --session N, --joliet, --rockridge, --plain
 * or --udf: 1 taken (*i moved past N), 0 not one of them, -1 malformed.
 */
int fs_choice_arg(int argc, char **argv, int *i, struct fs_choice *c);

/*
 * Whether a file may be made under name: not empty, "." or "..", and
 * without "/", so that a hostile image's names stay inside the
 * directory they are copied or mounted to.
 */
bool fs_name_safe(const char *name);

struct fs;
struct fs_node; /* borrowed from its fs; valid until fs_close() */

struct fs_stat {
	mode_t mode; /* type and permission bits */
	nlink_t nlink;
	uid_t uid;
	gid_t gid;
	uint64_t size;
	time_t mtime, atime, ctime;
	dev_t rdev; /* block and character devices */
};

/*
 * Opens the tree of session (1-based; 0: the last that holds data) of d
 * (borrowed; the fs takes its own reference), read from the image file
 * path (NULL: no UDF). 0, or a negative errno with a one-line reason in
 * err: -ENOENT no such session or no data track in it, -EMEDIUMTYPE no
 * file system there or not the tree asked for.
 */
int fs_open(struct vb_disc *d, const char *path, unsigned session,
	    enum fs_tree tree, struct fs **out, char *err, size_t errlen);
void fs_close(struct fs *fs);

/* The session opened and the tree loaded ("rockridge", "joliet", "iso9660"). */
unsigned fs_session(const struct fs *fs);
const char *fs_tree_name(const struct fs *fs);

/* The node at path ("/" or "" for the root; "a/b" from the root): 0,
 * -ENOENT, or -ENOTDIR when a component before the last is no directory. */
int fs_lookup(struct fs *fs, const char *path, struct fs_node **out);
const char *fs_name(const struct fs_node *n); /* "" for the root */
void fs_stat(const struct fs_node *n, struct fs_stat *st);
/*
 * Where a regular file's data starts on the disc (its first block), the
 * same for every hard link to it; 0 for anything else and for an empty
 * file. Rock Ridge 1.10 has no inode numbers, so this is how hard links
 * to one file are told: two directory records of one extent.
 */
uint64_t fs_file_key(const struct fs_node *n);
/* A symbolic link's target, else NULL. */
const char *fs_link_target(const struct fs_node *n);

/*
 * The children of directory dir, in the volume's order: calls fn for each
 * until it returns non-zero, which is returned; 0 at the end, -ENOTDIR.
 */
int fs_each_child(struct fs_node *dir,
		  int (*fn)(void *ctx, struct fs_node *child), void *ctx);

/*
 * Reads up to len bytes of regular file n from byte off: the count (short
 * only at the end of the file), or a negative errno (-EIO: a sector of
 * the file cannot be read from the image).
 */
ssize_t fs_read(struct fs *fs, const struct fs_node *n, void *buf, size_t len,
		uint64_t off);

#endif
