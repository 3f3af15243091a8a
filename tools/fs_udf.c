/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDF file systems through libcdio's libudf (a tools/fs.h backend,
 * fs_int.h). libudf opens the image file by its path (a flat image, or
 * the formats libcdio reads itself: NRG, CUE/BIN, TOC; for the others, a
 * CUE sheet written for it names the data track's file), reads the
 * volume at sector 256 and walks directories by mutating one dirent per
 * level; the whole tree is copied into ours at open. libudf reads a file
 * only from its start, so file data is read from the disc model instead,
 * at the partition start plus the file's extent (udf_get_lba): random
 * access, as a mount needs. A file whose data is not one extent (libudf
 * cannot say where the rest is) reads from its start through libudf.
 * Limits are libudf's: UDF up to 2.01 plain partitions, File Entries
 * only (no Extended File Entries, no metadata or VAT partitions).
 */
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/udf.h>

#include "fs_int.h"

#define BLOCK 2048
#define READ_BLOCKS 32

/* What a UDF node keeps for reading: its path from the root, and the
 * absolute LBA of its data when that is one extent (else 0). */
struct udf_file {
	char *path;
	uint32_t lba;
	bool contiguous;
};

struct udf_state {
	udf_t *udf;
	udf_dirent_t *root; /* for udf_fopen */
	struct udf_file *files;
	size_t nfiles, cap;
	/* directories met, by ICB address: one met twice is a loop or a
	 * shared directory (docs/formats.md "Hostile images") */
	struct fs_count dirs;
};

static int udf_file_add(struct udf_state *u, struct fs_node *n,
			const char *path, const udf_dirent_t *d)
{
	struct udf_file *f;
	uint32_t start, end;

	if (u->nfiles == u->cap) {
		const size_t cap = u->cap ? u->cap * 2 : 64;
		struct udf_file *nf = realloc(u->files, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		u->files = nf;
		u->cap = cap;
	}
	f = &u->files[u->nfiles];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	if (udf_get_lba(&d->fe, &start, &end) && end >= start &&
	    ((uint64_t)end - start + 1) * BLOCK >= n->st.size) {
		f->lba = d->i_part_start + start;
		f->contiguous = true;
	}
	/* an index: the array may move while the tree grows */
	n->data = (void *)(uintptr_t)(u->nfiles + 1);
	u->nfiles++;
	return 0;
}

static void node_fill(struct fs_node *n, const udf_dirent_t *d)
{
	udf_file_entry_t fe;

	n->st.mode = udf_get_posix_filemode(d);
	n->st.nlink = udf_get_link_count(d);
	n->st.mtime = udf_get_modification_time(d);
	n->st.atime = udf_get_access_time(d);
	n->st.ctime = udf_get_attribute_time(d);
	/* unset owners are all ones (ECMA-167 4/14.9.3): root's */
	if (udf_get_file_entry(d, &fe)) {
		n->st.uid = fe.uid == 0xffffffffu ? 0 : fe.uid;
		n->st.gid = fe.gid == 0xffffffffu ? 0 : fe.gid;
	}
	if (!udf_is_dir(d))
		n->st.size = udf_get_file_length(d);
}

/* The address of the entry's ICB (ECMA-167 4/14.4: its File Identifier
 * Descriptor's long_ad, little-endian on the medium): partition and block. */
static uint64_t dir_key(const udf_dirent_t *d)
{
	return (uint64_t)le16toh(d->fid->icb.loc.partitionReferenceNum) << 32 |
	       le32toh(d->fid->icb.loc.lba);
}

/* Copies the directory d iterates (freed by the walk) under n. */
static int tree_build(struct fs *fs, struct udf_state *u, struct fs_node *n,
		      udf_dirent_t *d, const char *path, unsigned depth)
{
	int r = 0;

	while (!r && (d = udf_readdir(d))) {
		const char *name = udf_get_filename(d);
		char sub[4096];
		struct fs_node *k;

		if (d->b_parent || !name || !name[0])
			continue; /* the parent entry comes first */
		if (snprintf(sub, sizeof(sub), "%s%s%s", path,
			     path[0] ? "/" : "", name) >= (int)sizeof(sub))
			continue;
		k = fs_node_add(fs, n, name);
		if (!k) {
			r = -ENOMEM;
			break;
		}
		node_fill(k, d);
		if (udf_is_dir(d) && d->fid &&
		    fs_count_add(&u->dirs, dir_key(d)) > 1) {
			r = -ELOOP;
		} else if (udf_is_dir(d)) {
			udf_dirent_t *sd = depth + 1 < FS_MAX_DEPTH ?
						   udf_opendir(d) :
						   NULL;

			if (sd)
				r = tree_build(fs, u, k, sd, sub, depth + 1);
		} else if (S_ISREG(k->st.mode)) {
			r = udf_file_add(u, k, sub, d);
		}
	}
	if (d)
		udf_dirent_free(d);
	return r;
}

/* Reads from the file's start through libudf up to off + len. */
static ssize_t read_seq(struct udf_state *u, const struct udf_file *f,
			uint8_t *out, size_t len, uint64_t off)
{
	udf_dirent_t *d = udf_fopen(u->root, f->path);
	uint8_t *blk = malloc((size_t)READ_BLOCKS * BLOCK);
	uint64_t pos = 0;
	size_t done = 0;

	while (d && blk && done < len) {
		const ssize_t got = udf_read_block(d, blk, READ_BLOCKS);

		if (got <= 0)
			break;
		for (ssize_t k = 0; k < got && done < len; k++, pos++)
			if (pos >= off)
				out[done++] = blk[k];
	}
	free(blk);
	if (d)
		udf_dirent_free(d);
	return done == len ? (ssize_t)done : -EIO;
}

static ssize_t udf_fs_read(struct fs *fs, const struct fs_node *n, void *buf,
			   size_t len, uint64_t off)
{
	struct udf_state *u = fs->be_data;
	const struct udf_file *f = &u->files[(uintptr_t)n->data - 1];
	int r;

	if (!f->contiguous)
		return read_seq(u, f, buf, len, off);
	r = fs_read_blocks(fs, f->lba, off, buf, len);
	return r ? r : (ssize_t)len;
}

static void udf_fs_close(struct fs *fs)
{
	struct udf_state *u = fs->be_data;

	for (size_t i = 0; i < u->nfiles; i++)
		free(u->files[i].path);
	free(u->files);
	fs_count_free(&u->dirs);
	if (u->root)
		udf_dirent_free(u->root);
	udf_close(u->udf);
	free(u);
}

static const struct fs_backend udf_backend = {
	.name = "udf",
	.read = udf_fs_read,
	.close = udf_fs_close,
};

/*
 * libudf opens only what libcdio reads. An MDS/MDF, CCD/IMG or .vbd keeps
 * a data track as a run of sectors in one file (2048 bytes each, or raw
 * 2352), from LBA 0 at the file's start. libcdio reads such a file
 * itself: 2048-byte sectors as a flat image named .iso, raw ones through
 * a CUE sheet (its bin/cue driver takes only raw sectors' sizes, and the
 * data file's name from the sheet's: d.cue beside d.bin). The names are
 * links in a private temporary directory, removed once libudf has the
 * file open, so it reads the sectors in place, with no copy. NULL when
 * the track is laid out otherwise.
 */
static udf_t *udf_open_track(const struct vb_track *t)
{
	const struct vb_extent *e = NULL;
	char dir[] = "/tmp/vburn-udf-XXXXXX", file[PATH_MAX], bin[64], cue[64];
	uint32_t at = 0;
	udf_t *udf = NULL;
	FILE *f;

	for (unsigned i = 0; i < t->n_extents; i++) {
		if (at + t->extents[i].sectors > t->pregap) {
			e = &t->extents[i];
			break;
		}
		at += t->extents[i].sectors;
	}
	if (!e || !e->src || t->start != 0 || t->mode != VB_MODE_MODE1 ||
	    (e->sub != VB_SUB_NONE && !e->sub_src) ||
	    e->offset + (uint64_t)(t->pregap - at) * e->stride != 0 ||
	    at + e->sectors < t->pregap + t->length ||
	    !((e->data == VB_DATA_USER && e->stride == 2048) ||
	      (e->data == VB_DATA_RAW && e->stride == 2352)) ||
	    !realpath(vb_src_name(e->src), file) || !mkdtemp(dir))
		return NULL;
	snprintf(bin, sizeof(bin), "%s/d.%s", dir,
		 e->stride == 2048 ? "iso" : "bin");
	snprintf(cue, sizeof(cue), "%s/d.cue", dir);
	f = NULL;
	if (!symlink(file, bin)) {
		if (e->stride == 2048)
			udf = udf_open(bin);
		else
			f = fopen(cue, "w");
	}
	if (f) {
		fprintf(f,
			"FILE \"d.bin\" BINARY\n  TRACK 01 MODE1/%u\n"
			"    INDEX 01 00:00:00\n",
			e->stride);
		if (!fclose(f))
			udf = udf_open(cue);
	}
	unlink(cue);
	unlink(bin);
	rmdir(dir);
	return udf;
}

int fs_udf_open(struct fs *fs, const char *path, const struct vb_track *t,
		char *err, size_t errlen)
{
	struct udf_state *u = calloc(1, sizeof(*u));
	udf_dirent_t *walk;
	struct fs_node *root;
	int r;

	if (!u) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	u->udf = udf_open(path);
	if (!u->udf && t)
		u->udf = udf_open_track(t);
	if (u->udf)
		u->root = udf_get_root(u->udf, true, 0);
	walk = u->root ? udf_get_root(u->udf, true, 0) : NULL;
	if (!walk) {
		if (u->root)
			udf_dirent_free(u->root);
		if (u->udf)
			udf_close(u->udf);
		free(u);
		snprintf(err, errlen, "no UDF file system libudf can read");
		return -EMEDIUMTYPE;
	}
	fs->be = &udf_backend;
	fs->be_data = u;
	fs->tree = "udf";
	root = fs_node_add(fs, NULL, "");
	if (!root) {
		udf_dirent_free(walk);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	node_fill(root, walk);
	root->st.mode = S_IFDIR | (root->st.mode & 07777);
	r = tree_build(fs, u, root, walk, "", 0);
	if (r == -ELOOP)
		snprintf(err, errlen,
			 "damaged UDF volume (a directory is "
			 "reached twice: its tree loops)");
	return r; /* -ENOMEM: fs_open says why */
}
