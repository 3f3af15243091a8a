/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ISO 9660 / Rock Ridge / Joliet trees through libisofs (a tools/fs.h
 * backend, fs_int.h). libisofs reads the volume through an IsoDataSource whose blocks are
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

#include "fs_int.h"

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

static int import(struct fs *fs, IsoImage *image, IsoDataSource *src,
		  uint32_t block, enum fs_tree tree, char *err, size_t errlen)
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
	r = iso_image_import(image, src, o, &f);
	if (r < 0) {
		snprintf(err, errlen, "session %u: no ISO 9660 volume (%s)",
			 fs->session, iso_error_to_msg(r));
		r = -ENODATA;
		goto out;
	}
	fs->tree = iso_read_image_features_rr_loaded(f)	       ? "rockridge" :
		   iso_read_image_features_tree_loaded(f) == 1 ? "joliet" :
								 "iso9660";
	r = 0;
	if ((tree == FS_TREE_ROCKRIDGE && strcmp(fs->tree, "rockridge")) ||
	    (tree == FS_TREE_JOLIET && strcmp(fs->tree, "joliet"))) {
		snprintf(err, errlen, "session %u has no %s tree", fs->session,
			 tree == FS_TREE_JOLIET ? "Joliet" : "Rock Ridge");
		r = -EMEDIUMTYPE;
	}
out:
	if (r == -1 || (r < 0 && r != -ENODATA && r != -EMEDIUMTYPE)) {
		snprintf(err, errlen, "out of memory");
		r = -ENOMEM;
	}
	if (f)
		iso_read_image_features_destroy(f);
	iso_read_opts_free(o);
	return r;
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

/* Where a file's data starts (fs_file_key): its first section, + 1. */
static uint64_t file_key(IsoFile *f)
{
	struct iso_file_section *sec = NULL;
	uint64_t key = 0;
	int nsec = 0;

	if (!iso_file_get_size(f))
		return 0;
	if (iso_file_get_old_image_sections(f, &nsec, &sec, 0) == 1 && nsec > 0)
		key = (uint64_t)sec[0].block + 1;
	free(sec);
	return key;
}

/* Copies what the tree needs of libisofs node i into n. */
static int node_fill(struct fs_node *n, IsoNode *i)
{
	n->data = i;
	n->st.mode = iso_node_get_mode(i);
	n->st.uid = iso_node_get_uid(i);
	n->st.gid = iso_node_get_gid(i);
	n->st.mtime = iso_node_get_mtime(i);
	n->st.atime = iso_node_get_atime(i);
	n->st.ctime = iso_node_get_ctime(i);
	n->st.nlink = 1;
	if (ISO_NODE_IS_FILE(i)) {
		n->st.size = (uint64_t)iso_file_get_size((IsoFile *)i);
		n->key = file_key((IsoFile *)i);
	} else if (ISO_NODE_IS_SYMLINK(i)) {
		n->target = strdup(iso_symlink_get_dest((IsoSymlink *)i));
		if (!n->target)
			return -ENOMEM;
		n->st.size = strlen(n->target);
	} else if (iso_node_get_type(i) == LIBISO_SPECIAL) {
		n->st.rdev = rr_dev(iso_special_get_dev((IsoSpecial *)i));
	}
	return 0;
}

/* Builds the children of directory n (libisofs dir i), depth-limited. */
static int tree_build(struct fs *fs, struct fs_node *n, IsoDir *i,
		      unsigned depth)
{
	IsoDirIter *it;
	IsoNode *c;
	int r = 0;

	n->st.nlink = 2;
	if (depth >= FS_MAX_DEPTH)
		return 0;
	if (iso_dir_get_children(i, &it) < 0)
		return -ENOMEM;
	while (!r && iso_dir_iter_next(it, &c) == 1) {
		const char *name = iso_node_get_name(c);
		struct fs_node *k = fs_node_add(fs, n, name ? name : "");

		if (!k)
			r = -ENOMEM;
		if (!r)
			r = node_fill(k, c);
		if (!r && ISO_NODE_IS_DIR(c)) {
			n->st.nlink++;
			r = tree_build(fs, k, (IsoDir *)c, depth + 1);
		}
	}
	iso_dir_iter_free(it);
	return r;
}

/* The file's sections (ECMA-119 9.5: a multi-extent file's sections
 * follow one another) cut to the bytes asked for. */
static ssize_t iso_read(struct fs *fs, const struct fs_node *n, void *buf,
			size_t len, uint64_t off)
{
	struct iso_file_section *sec = NULL;
	uint64_t base = 0;
	int nsec = 0, r = 0;

	if (iso_file_get_old_image_sections(n->data, &nsec, &sec, 0) != 1)
		return -EIO;
	for (int i = 0; i < nsec && !r; base += sec[i++].size) {
		const uint64_t end = base + sec[i].size;
		const uint64_t from = off > base ? off : base;
		const uint64_t to = off + len < end ? off + len : end;

		if (from < to)
			r = fs_read_blocks(fs, sec[i].block, from - base,
					   (uint8_t *)buf + (from - off),
					   (size_t)(to - from));
	}
	free(sec);
	return r ? r : (ssize_t)len;
}

static void iso_close(struct fs *fs)
{
	iso_image_unref(fs->be_data);
}

static const struct fs_backend iso_backend = {
	.name = "iso9660",
	.read = iso_read,
	.close = iso_close,
};

int fs_iso_open(struct fs *fs, const struct vb_track *t, enum fs_tree tree,
		char *err, size_t errlen)
{
	IsoDataSource *src;
	IsoImage *image;
	struct fs_node *root;
	char why[160];
	int r;

	lib_init();
	/* a volume that is no tree would never finish importing */
	r = fs_iso_tree_check(fs->disc, (uint32_t)t->start, why, sizeof(why));
	if (r) {
		if (r != -ENOMEM)
			snprintf(err, errlen,
				 "session %u: damaged ISO 9660 "
				 "volume (%s)",
				 fs->session, why);
		return r == -ENOMEM ? r : -ELOOP;
	}
	src = calloc(1, sizeof(*src));
	if (!src || iso_image_new("vburn", &image) < 0) {
		free(src);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	src->refcount = 1;
	src->open = src_open;
	src->close = src_close;
	src->read_block = src_read_block;
	src->free_data = src_free;
	src->data = vb_disc_ref(fs->disc);
	r = import(fs, image, src, (uint32_t)t->start, tree, err, errlen);
	iso_data_source_unref(src); /* the image holds its own */
	if (r) {
		iso_image_unref(image);
		return r;
	}
	fs->be = &iso_backend;
	fs->be_data = image;
	root = fs_node_add(fs, NULL, "");
	r = root ? node_fill(root, (IsoNode *)iso_image_get_root(image)) :
		   -ENOMEM;
	if (!r)
		r = tree_build(fs, root, iso_image_get_root(image), 0);
	return r; /* -ENOMEM: fs_open says why */
}
