/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img rm IMAGE... [-n]: removes images with every file each one
 * consists of: the file named, the data files its tracks read (the BINs
 * of a CUE, the IMG and SUB of a CCD, a drive capture's .iso), and the
 * files a drive's .vbd manifest names (its flat store and write log, read
 * by an extent or not). A CHD names its parent only
 * by the parent's SHA-1 and is unreadable without it (docs/chd.md
 * "Parent"), so a CHD that another CHD in its directory has as parent is
 * not removed; the images named together are removed children first, so
 * one command removes a whole chain. -n only lists what would go.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "img_cmd.h"
#include "vburn/chd.h"
#include "vburn/img.h"
#include "vburn/vbd.h"

#define RM_MAX_FILES 256 /* files of one image: a BIN per track at most */

/* One image named on the command line and the files it consists of. */
struct rm_image {
	const char *path;
	bool chd, done, failed;
	char sha1[41], parentsha1[41]; /* of a CHD (hex) */
	unsigned n;
	char *file[RM_MAX_FILES]; /* owned; file[0] is path */
	dev_t dev[RM_MAX_FILES];
	ino_t ino[RM_MAX_FILES];
};

/* Adds name (a regular file, once however many extents read it). */
static int rm_add(struct rm_image *r, const char *name)
{
	struct stat st;
	unsigned i;

	if (stat(name, &st) < 0 || !S_ISREG(st.st_mode))
		return 0; /* a memory source, or gone already */
	for (i = 0; i < r->n; i++)
		if (r->dev[i] == st.st_dev && r->ino[i] == st.st_ino)
			return 0;
	if (r->n == RM_MAX_FILES)
		return -E2BIG;
	r->file[r->n] = strdup(name);
	if (!r->file[r->n])
		return -ENOMEM;
	r->dev[r->n] = st.st_dev;
	r->ino[r->n++] = st.st_ino;
	return 0;
}

/* The files of the image at r->path: 0, or 1 with the reason printed. */
static int rm_collect(struct rm_image *r)
{
	const char *fmt = vb_img_format_for_path(r->path);
	const bool vbd = fmt && !strcmp(fmt, "vbd");
	struct vb_vbd_state st;
	struct vb_disc *d;
	unsigned t, e;
	int ret;

	vb_vbd_state_init(&st);
	if (vbd) {
		/* a drive's manifest names its store's files, the flat file
		 * and the log, whether or not an extent reads them */
		struct vb_diag diag = { "" };

		if (vb_vbd_load(r->path, &d, &st, &diag))
			return img_cmd_fail("%s", diag.msg);
	} else if (img_cmd_open(r->path, &d)) {
		return 1;
	}
	r->chd = fmt && !strcmp(fmt, "chd");
	ret = rm_add(r, r->path);
	for (t = 0; !ret && t < st.n_files; t++)
		ret = rm_add(r, st.files[t].path);
	vb_vbd_state_fini(&st);
	for (t = 0; !ret && t < d->n_tracks; t++) {
		const struct vb_track *k = d->tracks[t];

		for (e = 0; !ret && e < k->n_extents; e++) {
			const struct vb_extent *x = &k->extents[e];

			if (x->src)
				ret = rm_add(r, vb_src_name(x->src));
			if (!ret && x->sub_src)
				ret = rm_add(r, vb_src_name(x->sub_src));
		}
	}
	vb_disc_unref(d);
	if (!ret && r->chd) {
		struct vb_chd_info info;
		struct vb_diag diag = { "" };

		if (vb_chd_info(r->path, &info, &diag))
			return img_cmd_fail("%s", diag.msg);
		memcpy(r->sha1, info.sha1, sizeof(r->sha1));
		memcpy(r->parentsha1, info.parentsha1, sizeof(r->parentsha1));
		vb_chd_info_fini(&info);
	}
	if (ret)
		return img_cmd_fail("%s: %s", r->path, strerror(-ret));
	return 0;
}

/* Removes r's files (or lists them): 0, or 1 with the reason printed. */
static int rm_remove(struct rm_image *r, bool dry)
{
	unsigned i;
	int fails = 0;

	/* the descriptor last: until then the image still says what it was */
	for (i = r->n; i-- > 0;) {
		if (dry)
			printf("%s\n", r->file[i]);
		else if (unlink(r->file[i]) < 0 && errno != ENOENT)
			fails |= img_cmd_fail("%s: %s", r->file[i],
					      strerror(errno));
	}
	r->done = true;
	return fails;
}

/*
 * The CHDs beside r that have it as parent and stay: on disk, less those
 * a dry run has listed. first: one of them (len bytes).
 */
static int rm_children(const struct rm_image *img, unsigned n,
		       const struct rm_image *r, bool dry, char *first,
		       size_t len)
{
	int kids = vb_chd_children(r->path, first, len);
	unsigned j;

	for (j = 0; dry && kids > 0 && j < n; j++)
		kids -= img[j].done && !img[j].failed && img[j].chd &&
			!strcmp(img[j].parentsha1, r->sha1);
	return kids;
}

int img_cmd_rm(int argc, char **argv)
{
	struct rm_image *img;
	bool dry = false, bad = false, progress = true;
	char child[4096];
	unsigned n = 0, i;
	int ret = 0;

	img = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*img));
	if (!img)
		return img_cmd_fail("%s", strerror(ENOMEM));
	for (int a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "-n") || !strcmp(argv[a], "--dry-run"))
			dry = true;
		else if (argv[a][0] != '-')
			img[n++].path = argv[a];
		else
			bad = true;
	}
	if (!n || bad) {
		free(img);
		return img_cmd_usage();
	}
	for (i = 0; i < n; i++) {
		if (rm_collect(&img[i])) {
			img[i].done = img[i].failed = true; /* reason printed */
			ret = 1;
		}
	}
	/*
	 * Children first: each pass removes the images no CHD beside them
	 * needs (a dry run counts the ones it listed as gone).
	 */
	while (progress) {
		progress = false;
		for (i = 0; i < n; i++) {
			if (img[i].done ||
			    (img[i].chd &&
			     rm_children(img, n, &img[i], dry, NULL, 0) > 0))
				continue;
			ret |= rm_remove(&img[i], dry);
			progress = true;
		}
	}
	for (i = 0; i < n; i++) {
		int kids;

		if (img[i].done)
			continue;
		kids = rm_children(img, n, &img[i], dry, child, sizeof(child));
		ret = img_cmd_kept_parent(img[i].path, "removed", child, kids);
	}
	for (i = 0; i < n; i++)
		for (unsigned f = 0; f < img[i].n; f++)
			free(img[i].file[f]);
	free(img);
	return ret;
}
