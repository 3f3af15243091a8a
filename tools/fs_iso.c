/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ISO 9660 / Rock Ridge / Joliet trees through libisofs (tools/fs.h).
 * libisofs reads the volume through an IsoDataSource whose blocks are
 * absolute disc addresses: ours serves them from the disc model as
 * 2048-byte user data, so every image format the formats library reads
 * has its files read alike, a multi-session disc included (the volume
 * of a later session points into earlier ones). File contents are read
 * from the extents libisofs reports (iso_file_get_old_image_sections),
 * which gives random access and files of several extents (> 4 GiB).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

/* after stdint.h and sys/types.h, which it uses without including */
#include <libisofs/libisofs.h>

#include "fs.h"

#define BLOCK 2048
#define READ_BLOCKS 32 /* blocks per disc read of file data */

struct fs {
	struct vb_disc *disc;
	IsoImage *image;
	unsigned session;
	const char *tree;
};

/* ---- the data source: absolute LBAs of the disc ---- */

static int src_open(IsoDataSource *src)
{
	(void)src;
	return ISO_SUCCESS;
}

static int src_close(IsoDataSource *src)
{
	(void)src;
	return ISO_SUCCESS;
}

static int src_read_block(IsoDataSource *src, uint32_t lba, uint8_t *buf)
{
	struct vb_disc *d = src->data;

	if (lba > INT32_MAX ||
	    vb_disc_read(d, (int32_t)lba, 1, VB_READ_USER, buf))
		return ISO_DATA_SOURCE_MISHAP;
	return ISO_SUCCESS;
}

static void src_free(IsoDataSource *src)
{
	vb_disc_unref(src->data);
}

/* ---- opening ---- */

/* The first data track of session s (1-based), or NULL. */
static const struct vb_track *session_data_track(const struct vb_disc *d,
						 unsigned s)
{
	const struct vb_session *ss;

	if (s < 1 || s > d->n_sessions)
		return NULL;
	ss = d->sessions[s - 1];
	for (unsigned i = ss->first; i < ss->first + ss->count; i++)
		if (d->tracks[i]->mode != VB_MODE_AUDIO)
			return d->tracks[i];
	return NULL;
}

/* libisofs keeps its messages in a queue; they are not ours to print. */
static void lib_init(void)
{
	static char never[] = "NEVER", id[] = "vburn-img";
	static bool done;

	if (!done) {
		iso_init_with_flag(1); /* no locale set-up */
		iso_set_msgs_severities(never, never, id);
		done = true;
	}
}

static int import(struct fs *fs, IsoDataSource *src, uint32_t block,
		  enum fs_tree tree, char *err, size_t errlen)
{
	IsoReadOpts *o = NULL;
	IsoReadImageFeatures *f = NULL;
	int r;

	r = iso_read_opts_new(&o, 0);
	if (r < 0)
		goto out;
	iso_read_opts_set_start_block(o, block);
	iso_read_opts_set_no_iso1999(o, 1);
	iso_read_opts_set_no_aaip(o, 1);
	iso_read_opts_set_no_md5(o, 1);
	/* Without Rock Ridge: readable and executable, as the kernel's isofs
	 * and xorriso show them */
	iso_read_opts_set_default_permissions(o, 0555, 0555);
	if (tree == FS_TREE_JOLIET)
		iso_read_opts_set_preferjoliet(o, 1);
	if (tree == FS_TREE_JOLIET || tree == FS_TREE_PLAIN)
		iso_read_opts_set_no_rockridge(o, 1);
	if (tree == FS_TREE_ROCKRIDGE || tree == FS_TREE_PLAIN)
		iso_read_opts_set_no_joliet(o, 1);
	if (tree == FS_TREE_PLAIN)
		iso_read_opts_set_ecma119_map(o, 0); /* names as recorded */
	r = iso_image_import(fs->image, src, o, &f);
	if (r < 0)
		goto out;
	fs->tree = iso_read_image_features_rr_loaded(f)	       ? "rockridge" :
		   iso_read_image_features_tree_loaded(f) == 1 ? "joliet" :
								 "iso9660";
	if ((tree == FS_TREE_ROCKRIDGE && strcmp(fs->tree, "rockridge")) ||
	    (tree == FS_TREE_JOLIET && strcmp(fs->tree, "joliet"))) {
		snprintf(err, errlen, "session %u has no %s tree", fs->session,
			 tree == FS_TREE_JOLIET ? "Joliet" : "Rock Ridge");
		r = -EMEDIUMTYPE;
	}
out:
	if (r < 0 && !err[0])
		snprintf(err, errlen, "session %u: no ISO 9660 volume (%s)",
			 fs->session, iso_error_to_msg(r));
	if (f)
		iso_read_image_features_destroy(f);
	iso_read_opts_free(o);
	return r < 0 ? (r == -EMEDIUMTYPE ? r : -EMEDIUMTYPE) : 0;
}

int fs_open(struct vb_disc *d, unsigned session, enum fs_tree tree,
	    struct fs **out, char *err, size_t errlen)
{
	const struct vb_track *t = NULL;
	IsoDataSource *src;
	struct fs *fs;
	int r;

	err[0] = 0;
	if (session) {
		t = session_data_track(d, session);
	} else {
		for (session = d->n_sessions; session && !t; session--)
			t = session_data_track(d, session);
		session++;
	}
	if (!t || t->start < 0) {
		snprintf(err, errlen, "%s%u holds no data track",
			 session ? "session " : "no session", session);
		return -ENOENT;
	}
	lib_init();
	fs = calloc(1, sizeof(*fs));
	src = calloc(1, sizeof(*src));
	if (!fs || !src || iso_image_new("vburn", &fs->image) < 0) {
		free(fs);
		free(src);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	fs->disc = vb_disc_ref(d);
	fs->session = session;
	src->refcount = 1;
	src->open = src_open;
	src->close = src_close;
	src->read_block = src_read_block;
	src->free_data = src_free;
	src->data = vb_disc_ref(d);
	r = import(fs, src, (uint32_t)t->start, tree, err, errlen);
	iso_data_source_unref(src); /* the image holds its own */
	if (r) {
		fs_close(fs);
		return r;
	}
	*out = fs;
	return 0;
}

void fs_close(struct fs *fs)
{
	if (!fs)
		return;
	if (fs->image)
		iso_image_unref(fs->image);
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

/* ---- nodes ---- */

int fs_lookup(struct fs *fs, const char *path, struct fs_node **out)
{
	char buf[4096];
	IsoNode *n;
	int r;

	while (*path == '/')
		path++;
	if (strlen(path) + 2 > sizeof(buf))
		return -ENAMETOOLONG;
	snprintf(buf, sizeof(buf), "/%s", path);
	/* "a/b/" names the directory a/b */
	while (strlen(buf) > 1 && buf[strlen(buf) - 1] == '/')
		buf[strlen(buf) - 1] = 0;
	r = iso_tree_path_to_node(fs->image, buf, &n);
	if (r < 0)
		return -EIO;
	if (r == 0) {
		/* ENOTDIR when a leading component is a file */
		char *slash = strrchr(buf, '/');

		while (slash && slash != buf) {
			*slash = 0;
			if (iso_tree_path_to_node(fs->image, buf, &n) == 1)
				return ISO_NODE_IS_DIR(n) ? -ENOENT : -ENOTDIR;
			slash = strrchr(buf, '/');
		}
		return -ENOENT;
	}
	*out = (struct fs_node *)n;
	return 0;
}

const char *fs_name(const struct fs_node *n)
{
	const char *s = iso_node_get_name((IsoNode *)n);

	return s ? s : "";
}

static nlink_t dir_links(IsoDir *dir)
{
	IsoDirIter *it;
	IsoNode *c;
	nlink_t n = 2;

	if (iso_dir_get_children(dir, &it) < 0)
		return n;
	while (iso_dir_iter_next(it, &c) == 1)
		n += ISO_NODE_IS_DIR(c);
	iso_dir_iter_free(it);
	return n;
}

/*
 * A Rock Ridge PN entry as libisofs hands it over: its high 32 bits in
 * the upper half of a 64-bit dev_t, the low 32 in the lower. The kernel's
 * isofs reads them as major and minor, or, when the high half is 0 and
 * the low one wider than 8 bits, as an old 16-bit dev_t (major 8 bits,
 * minor 8): the device a mount shows is the one isofs shows.
 */
static dev_t rr_dev(dev_t pn)
{
	const uint64_t v = (uint64_t)pn;
	const unsigned high = (unsigned)(v >> 32), low = (unsigned)v;

	if (!high && (low & ~0xffu))
		return makedev(low >> 8, low & 0xff);
	return makedev(high, low);
}

void fs_stat(const struct fs_node *cn, struct fs_stat *st)
{
	IsoNode *n = (IsoNode *)cn;

	memset(st, 0, sizeof(*st));
	st->mode = iso_node_get_mode(n);
	st->uid = iso_node_get_uid(n);
	st->gid = iso_node_get_gid(n);
	st->mtime = iso_node_get_mtime(n);
	st->atime = iso_node_get_atime(n);
	st->ctime = iso_node_get_ctime(n);
	st->nlink = 1;
	if (ISO_NODE_IS_DIR(n))
		st->nlink = dir_links((IsoDir *)n);
	else if (ISO_NODE_IS_FILE(n))
		st->size = (uint64_t)iso_file_get_size((IsoFile *)n);
	else if (ISO_NODE_IS_SYMLINK(n))
		st->size = strlen(iso_symlink_get_dest((IsoSymlink *)n));
	else if (iso_node_get_type(n) == LIBISO_SPECIAL)
		st->rdev = rr_dev(iso_special_get_dev((IsoSpecial *)n));
}

uint64_t fs_file_key(const struct fs_node *n)
{
	struct iso_file_section *sec = NULL;
	uint64_t key = 0;
	int nsec = 0;

	if (!ISO_NODE_IS_FILE((IsoNode *)n) || !iso_file_get_size((IsoFile *)n))
		return 0;
	if (iso_file_get_old_image_sections((IsoFile *)n, &nsec, &sec, 0) ==
		    1 &&
	    nsec > 0)
		key = (uint64_t)sec[0].block + 1;
	free(sec);
	return key;
}

const char *fs_link_target(const struct fs_node *n)
{
	if (!ISO_NODE_IS_SYMLINK((IsoNode *)n))
		return NULL;
	return iso_symlink_get_dest((IsoSymlink *)n);
}

int fs_each_child(struct fs_node *dir,
		  int (*fn)(void *ctx, struct fs_node *child), void *ctx)
{
	IsoDirIter *it;
	IsoNode *c;
	int r = 0;

	if (!ISO_NODE_IS_DIR((IsoNode *)dir))
		return -ENOTDIR;
	if (iso_dir_get_children((IsoDir *)dir, &it) < 0)
		return -ENOMEM;
	while (!r && iso_dir_iter_next(it, &c) == 1)
		r = fn(ctx, (struct fs_node *)c);
	iso_dir_iter_free(it);
	return r;
}

/* ---- file data ---- */

ssize_t fs_read(struct fs *fs, const struct fs_node *cn, void *buf, size_t len,
		uint64_t off)
{
	IsoFile *f = (IsoFile *)cn;
	struct iso_file_section *sec = NULL;
	uint8_t *blk = NULL, *out = buf;
	uint64_t size, base = 0;
	size_t done = 0;
	int nsec = 0;

	if (!ISO_NODE_IS_FILE((IsoNode *)cn))
		return -EISDIR;
	size = (uint64_t)iso_file_get_size(f);
	if (off >= size || !len)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	if (iso_file_get_old_image_sections(f, &nsec, &sec, 0) != 1)
		return -EIO;
	blk = malloc((size_t)READ_BLOCKS * BLOCK);
	if (!blk) {
		free(sec);
		return -ENOMEM;
	}
	/* each section: size bytes from its block on (ECMA-119 9.5, a
	 * multi-extent file's sections follow one another) */
	for (int i = 0; i < nsec && done < len; base += sec[i++].size) {
		const uint64_t end = base + sec[i].size;

		while (off + done < end && done < len) {
			const uint64_t rel = off + done - base;
			const uint64_t lba = sec[i].block + rel / BLOCK;
			const size_t skip = (size_t)(rel % BLOCK);
			size_t want = len - done, nblk;

			if (want > end - (off + done))
				want = (size_t)(end - (off + done));
			nblk = (skip + want + BLOCK - 1) / BLOCK;
			if (nblk > READ_BLOCKS)
				nblk = READ_BLOCKS;
			if (want > nblk * BLOCK - skip)
				want = nblk * BLOCK - skip;
			if (lba + nblk > INT32_MAX ||
			    vb_disc_read(fs->disc, (int32_t)lba, (uint32_t)nblk,
					 VB_READ_USER, blk)) {
				free(blk);
				free(sec);
				return -EIO;
			}
			memcpy(out + done, blk + skip, want);
			done += want;
		}
	}
	free(blk);
	free(sec);
	return (ssize_t)done;
}
