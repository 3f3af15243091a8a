/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file tree of a session (tools/fs.h): opening picks the backend
 * (ISO 9660 through libisofs, else UDF through libudf, or the one asked
 * for), which builds the whole tree of nodes at once (fs_int.h); lookups,
 * listings and attributes are answered from it, and only file data goes
 * to the backend again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs_int.h"

struct fs_node *fs_node_add(struct fs *fs, struct fs_node *parent,
			    const char *name)
{
	struct fs_node *n;

	if (fs->nodes >= FS_MAX_NODES)
		return NULL;
	if (parent && parent->nkids == parent->cap) {
		const unsigned cap = parent->cap ? parent->cap * 2 : 8;
		struct fs_node **k =
			realloc(parent->kids, cap * sizeof(*parent->kids));

		if (!k)
			return NULL;
		parent->kids = k;
		parent->cap = cap;
	}
	n = calloc(1, sizeof(*n));
	if (!n || !(n->name = strdup(name))) {
		free(n);
		return NULL;
	}
	if (parent)
		parent->kids[parent->nkids++] = n;
	else
		fs->root = n;
	fs->nodes++;
	return n;
}

static void node_free(struct fs_node *n)
{
	if (!n)
		return;
	for (unsigned i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->target);
	free(n);
}

const struct vb_track *fs_data_track(const struct vb_disc *d, unsigned *s,
				     char *err, size_t errlen)
{
	const unsigned want = *s;

	for (unsigned k = d->n_sessions; k >= 1; k--) {
		const struct vb_session *ss = d->sessions[k - 1];

		if (want && k != want)
			continue;
		for (unsigned i = ss->first; i < ss->first + ss->count; i++)
			if (d->tracks[i]->mode != VB_MODE_AUDIO &&
			    d->tracks[i]->start >= 0) {
				*s = k;
				return d->tracks[i];
			}
		if (want)
			break;
	}
	if (want)
		snprintf(err, errlen, "session %u holds no data track", want);
	else
		snprintf(err, errlen, "no session holds a data track");
	return NULL;
}

struct link_key {
	uint64_t key;
	struct fs_node *n;
};

static int link_cmp(const void *a, const void *b)
{
	const struct link_key *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static size_t links_collect(struct fs_node *n, struct link_key *k, size_t i)
{
	if (n->key)
		k[i++] = (struct link_key){ n->key, n };
	for (unsigned c = 0; c < n->nkids; c++)
		i = links_collect(n->kids[c], k, i);
	return i;
}

/* Files that share their data are hard links: each gets their count as
 * st_nlink (the kernel's isofs does so with Rock Ridge 1.12 PX). */
static int links_count(struct fs *fs)
{
	struct link_key *k = malloc(((size_t)fs->nodes + 1) * sizeof(*k));
	size_t n;

	if (!k)
		return -ENOMEM;
	n = links_collect(fs->root, k, 0);
	qsort(k, n, sizeof(*k), link_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && k[j].key == k[i].key; j++)
			;
		for (size_t x = i; x < j; x++)
			k[x].n->st.nlink = (nlink_t)(j - i);
	}
	free(k);
	return 0;
}

int fs_open(struct vb_disc *d, const char *path, unsigned session,
	    enum fs_tree tree, struct fs **out, char *err, size_t errlen)
{
	const struct vb_track *t;
	struct fs *fs;
	int r = -EMEDIUMTYPE;

	err[0] = 0;
	t = fs_data_track(d, &session, err, errlen);
	if (!t)
		return -ENOENT;
	fs = calloc(1, sizeof(*fs));
	if (!fs) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	fs->disc = vb_disc_ref(d);
	fs->session = session;
	if (tree != FS_TREE_UDF)
		r = fs_iso_open(fs, t, tree, err, errlen);
	/* no ISO 9660 volume at all: a pure UDF disc, if there is one; one
	 * with a metadata or virtual partition is read here (fs_udf25.c), a
	 * plain one through libudf, which needs the image file */
	if (tree == FS_TREE_UDF || (tree == FS_TREE_AUTO && r == -ENODATA)) {
		char iso_err[256];

		snprintf(iso_err, sizeof(iso_err), "%s", err);
		err[0] = 0;
		r = fs_udf25_open(fs, t, err, errlen);
		if (r == -ENODATA && path) {
			r = fs_udf_open(fs, path, t, err, errlen);
			if (r && r != -ELOOP && tree == FS_TREE_AUTO)
				snprintf(err, errlen, "%s; no UDF either",
					 iso_err);
		} else if (r == -ENODATA) {
			snprintf(err, errlen, "%s",
				 tree == FS_TREE_UDF ?
					 "plain UDF (libudf's) is read from "
					 "an image file only" :
					 iso_err);
		}
	}
	if (!r)
		r = links_count(fs);
	/* a tree that cannot be built: too large for memory, or for a disc */
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s",
			 fs->nodes >= FS_MAX_NODES ?
				 "more files than a disc holds" :
				 "out of memory");
	if (r) {
		fs_close(fs);
		return r == -ENODATA ? -EMEDIUMTYPE : r;
	}
	*out = fs;
	return 0;
}

int fs_choice_arg(int argc, char **argv, int *i, struct fs_choice *c)
{
	const char *a = argv[*i];
	char *end;
	unsigned long n;

	if (!strcmp(a, "--session")) {
		if (*i + 1 >= argc)
			return -1;
		n = strtoul(argv[++*i], &end, 10);
		if (*end || n < 1 || n > 99) /* sessions are 1..99 (MMC) */
			return -1;
		c->session = (unsigned)n;
	} else if (!strcmp(a, "--joliet")) {
		c->tree = FS_TREE_JOLIET;
	} else if (!strcmp(a, "--rockridge")) {
		c->tree = FS_TREE_ROCKRIDGE;
	} else if (!strcmp(a, "--plain")) {
		c->tree = FS_TREE_PLAIN;
	} else if (!strcmp(a, "--udf")) {
		c->tree = FS_TREE_UDF;
	} else {
		return 0;
	}
	return 1;
}

bool fs_name_safe(const char *name)
{
	return name[0] && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

void fs_close(struct fs *fs)
{
	if (!fs)
		return;
	if (fs->be)
		fs->be->close(fs);
	node_free(fs->root);
	vb_disc_unref(fs->disc);
	free(fs);
}

unsigned fs_session(const struct fs *fs)
{
	return fs->session;
}

const char *fs_tree_name(const struct fs *fs)
{
	return fs->tree;
}

int fs_lookup(struct fs *fs, const char *path, struct fs_node **out)
{
	struct fs_node *n = fs->root;

	while (*path) {
		const char *end = strchr(path, '/');
		const size_t len = end ? (size_t)(end - path) : strlen(path);
		struct fs_node *next = NULL;

		if (len && !S_ISDIR(n->st.mode))
			return -ENOTDIR;
		for (unsigned i = 0; len && i < n->nkids && !next; i++)
			if (strlen(n->kids[i]->name) == len &&
			    !memcmp(n->kids[i]->name, path, len))
				next = n->kids[i];
		if (len && !next)
			return -ENOENT;
		if (next)
			n = next;
		path += len + (end != NULL);
	}
	*out = n;
	return 0;
}

const char *fs_name(const struct fs_node *n)
{
	return n->name;
}

void fs_stat(const struct fs_node *n, struct fs_stat *st)
{
	*st = n->st;
}

uint64_t fs_file_key(const struct fs_node *n)
{
	return n->key;
}

const char *fs_link_target(const struct fs_node *n)
{
	return n->target;
}

int fs_each_child(struct fs_node *dir,
		  int (*fn)(void *ctx, struct fs_node *child), void *ctx)
{
	int r = 0;

	if (!S_ISDIR(dir->st.mode))
		return -ENOTDIR;
	for (unsigned i = 0; i < dir->nkids && !r; i++)
		r = fn(ctx, dir->kids[i]);
	return r;
}

#define READ_BLOCKS 32 /* blocks per disc read */

int fs_read_blocks(struct fs *fs, uint64_t lba, uint64_t off, void *buf,
		   size_t len)
{
	uint8_t *blk = malloc((size_t)READ_BLOCKS * 2048), *out = buf;
	size_t done = 0;

	if (!blk)
		return -ENOMEM;
	while (done < len) {
		const uint64_t at = off + done, first = lba + at / 2048;
		const size_t skip = (size_t)(at % 2048);
		size_t want = len - done, nblk = (skip + want + 2047) / 2048;

		if (nblk > READ_BLOCKS)
			nblk = READ_BLOCKS;
		if (want > nblk * 2048 - skip)
			want = nblk * 2048 - skip;
		if (first + nblk > INT32_MAX ||
		    vb_disc_read(fs->disc, (int32_t)first, (uint32_t)nblk,
				 VB_READ_USER, blk)) {
			free(blk);
			return -EIO;
		}
		memcpy(out + done, blk + skip, want);
		done += want;
	}
	free(blk);
	return 0;
}

ssize_t fs_read(struct fs *fs, const struct fs_node *n, void *buf, size_t len,
		uint64_t off)
{
	if (S_ISDIR(n->st.mode))
		return -EISDIR;
	if (!S_ISREG(n->st.mode))
		return -EINVAL;
	if (off >= n->st.size || !len)
		return 0;
	if (len > n->st.size - off)
		len = (size_t)(n->st.size - off);
	return fs->be->read(fs, n, buf, len, off);
}
