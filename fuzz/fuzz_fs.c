/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the file tree of an image (tools/fs_iso.c and
 * fs_udf25.c: what vburn-img ls, get and mount walk): a flat image, plain
 * or a sparse description (fz_sparse_expand in fuzz_common.h), is opened
 * as a disc; then each session's volume in each tree (Rock Ridge, Joliet,
 * plain through libisofs; UDF 2.50+, which needs no image file) is
 * opened and walked to a bounded depth: every node is
 * stat'ed, every link read, every regular file read at its start, across
 * a block edge and past its end. Findings besides ASan/UBSan reports: a
 * failed open without its one-line reason, a read longer than asked or
 * past the file's size, a link without a target. Seeds: fuzz/corpus/fs/
 * (fuzz/mkcorpus.py: tiny volumes xorriso and tests/formats/mkudf25.py
 * made, as sparse descriptions).
 */
#include "fuzz_common.h"

#include "../tools/fs.h"

#define FZ_FS_DEPTH 12
#define FZ_FS_NODES 2000 /* nodes visited per volume */

static uint8_t *fz_fs_img;
static uint8_t fz_fs_buf[3 * 2048];

struct fz_fs_walk {
	struct fs *fs;
	unsigned depth, nodes;
};

/*
 * libisofs 1.5.4 leaks a few hundred bytes in iso_image_import on some
 * damaged Joliet trees (valgrind shows it with vburn-img ls --joliet as
 * well): leaks whose stack is inside libisofs are the library's, not
 * ours, and are not findings. LeakSanitizer asks for this list.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libisofs.so\n";
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_data_init();
	fz_fs_img = malloc((size_t)FZ_SPARSE_BLOCKS * 2352);
	if (!fz_fs_img)
		abort();
	return 0;
}

/* A regular file read where reads go wrong: start, a block edge, the end. */
static void fz_fs_read(struct fs *fs, struct fs_node *n, uint64_t size)
{
	const uint64_t at[] = { 0, 2047, size > 10 ? size - 10 : 0, size,
				size + 1 };

	for (unsigned i = 0; i < VB_ARRAY_SIZE(at); i++) {
		const ssize_t got =
			fs_read(fs, n, fz_fs_buf, sizeof(fz_fs_buf), at[i]);

		FZ_CHECK(got <= (ssize_t)sizeof(fz_fs_buf));
		if (got > 0)
			FZ_CHECK(at[i] + (uint64_t)got <= size);
		if (at[i] >= size)
			FZ_CHECK(got == 0);
	}
}

static int fz_fs_node(void *ctx, struct fs_node *n)
{
	struct fz_fs_walk *w = ctx;
	struct fs_stat st;

	if (++w->nodes > FZ_FS_NODES)
		return 1;
	FZ_CHECK(fs_name(n) != NULL);
	fs_stat(n, &st);
	if (S_ISLNK(st.mode))
		FZ_CHECK(fs_link_target(n) != NULL);
	else if (S_ISREG(st.mode))
		fz_fs_read(w->fs, n, st.size);
	else if (S_ISDIR(st.mode) && w->depth < FZ_FS_DEPTH) {
		int r;

		w->depth++;
		r = fs_each_child(n, fz_fs_node, w);
		w->depth--;
		return r;
	}
	return 0;
}

static void fz_fs_trees(struct vb_disc *d)
{
	static const enum fs_tree trees[] = { FS_TREE_AUTO, FS_TREE_JOLIET,
					      FS_TREE_PLAIN, FS_TREE_UDF };

	for (unsigned s = 0; s <= d->n_sessions && s <= 3; s++)
		for (unsigned t = 0; t < VB_ARRAY_SIZE(trees); t++) {
			struct fz_fs_walk w = { 0 };
			struct fs_node *root;
			char err[256];

			if (fs_open(d, NULL, s, trees[t], &w.fs, err,
				    sizeof(err))) {
				FZ_CHECK(err[0] && !strchr(err, '\n'));
				continue;
			}
			FZ_CHECK(fs_lookup(w.fs, "/", &root) == 0);
			fz_fs_node(&w, root);
			fs_close(w.fs);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_disc *d;

	if (size >= 7 && !memcmp(data, FZ_SPARSE_MAGIC, 4))
		d = fz_open_disc("iso", "a.iso", fz_fs_img,
				 fz_sparse_expand(fz_fs_img, data, size));
	else
		d = fz_open_disc("iso", "a.iso", data, size);
	if (d) {
		fz_fs_trees(d);
		vb_disc_unref(d);
	}
	return 0;
}
