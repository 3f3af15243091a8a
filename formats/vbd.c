/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drive's manifest, <stem>.vbd (include/vburn/vbd.h, docs/vbd.md): the
 * parts its reader and writer share (enum names, file names relative to
 * the manifest, opening data files safely, the write state), the entry
 * point that loads a manifest from a path, and its registry entry, which
 * makes a manifest an image vburn-img and the daemon's load can open
 * (docs/architecture.md "The medium is a disc"). Parsing is vbd_parse.c,
 * writing and the commit protocol vbd_write.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vbd.h"

const char *const vbd_kind_names[3] = {
	[VB_DISC_CD] = "cd",
	[VB_DISC_DVD] = "dvd",
	[VB_DISC_BD] = "bd",
};

const char *const vbd_data_names[3] = {
	[VB_DATA_ZERO] = "zero",
	[VB_DATA_USER] = "user",
	[VB_DATA_RAW] = "raw",
};

const char *const vbd_sub_names[5] = {
	[VB_SUB_NONE] = "none",	    [VB_SUB_RAW] = "raw",
	[VB_SUB_LINEAR] = "linear", [VB_SUB_RW] = "rw",
	[VB_SUB_Q16] = "q16",
};

/*
 * Removes empty, "." and ".." components of an absolute path in place.
 * Lexical only (symbolic links are not resolved), which is enough to tell
 * whether a file lies below the manifest's directory as the names go.
 */
static void vbd_normalise(char *s)
{
	const char *r = s;
	char *w = s;

	while (*r) {
		const char *c;
		size_t n;

		while (*r == '/')
			r++;
		c = r;
		while (*r && *r != '/')
			r++;
		n = (size_t)(r - c);
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			/* drop the last component written (none at "/") */
			while (w > s && *--w != '/')
				;
			continue;
		}
		*w++ = '/';
		memmove(w, c, n);
		w += n;
	}
	if (w == s)
		*w++ = '/';
	*w = 0;
}

char *vbd_abs_path(const char *path)
{
	char *cwd, *p;

	if (path[0] == '/') {
		p = strdup(path);
	} else {
		cwd = getcwd(NULL, 0);
		if (!cwd)
			return NULL;
		if (asprintf(&p, "%s/%s", cwd, path) < 0)
			p = NULL;
		free(cwd);
	}
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	vbd_normalise(p);
	return p;
}

char *vbd_resolve(const char *mpath, const char *name)
{
	const char *slash = strrchr(mpath, '/');
	char *p;

	if (name[0] == '/' || !slash)
		return strdup(name);
	/* "/x.vbd" has the directory "" and gives "/name" */
	if (asprintf(&p, "%.*s/%s", (int)(slash - mpath), mpath, name) < 0)
		return NULL;
	return p;
}

/*
 * The names come from a manifest, which may be damaged or crafted: the
 * stat() comes first because opening a FIFO blocks and opening a device
 * node can act on the device (a tape rewinds). vb_src_open() has no
 * variant that takes a descriptor, so a name swapped for a FIFO between
 * the two calls is not caught; that needs write access to the directory,
 * which lets one rewrite the manifest anyway.
 */
int vbd_open_file(const char *where, const char *path, struct vb_src **out,
		  struct vb_diag *diag)
{
	struct stat st;
	int ret;

	*out = NULL;
	if (stat(path, &st) < 0) {
		ret = -errno;
		vb_diag_set(diag, where, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (!S_ISREG(st.st_mode)) {
		vb_diag_set(diag, where, "%s: not a regular file", path);
		return -EINVAL;
	}
	ret = vb_src_open(out, path);
	if (ret)
		vb_diag_set(diag, where, "%s: %s", path, strerror(-ret));
	return ret;
}

bool vbd_media_ok(const char *s)
{
	size_t n = strnlen(s, VB_VBD_MEDIA_MAX);

	if (!n || n >= VB_VBD_MEDIA_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789+._-") == n;
}

void vb_vbd_state_init(struct vb_vbd_state *st)
{
	memset(st, 0, sizeof(*st));
}

void vb_vbd_state_fini(struct vb_vbd_state *st)
{
	unsigned i;

	if (!st)
		return;
	for (i = 0; i < st->n_files; i++)
		free(st->files[i].path);
	free(st->files);
	vb_vbd_state_init(st);
}

int vb_vbd_state_set_file(struct vb_vbd_state *st, const char *path,
			  uint64_t committed)
{
	struct vb_vbd_file *f;
	unsigned i;

	for (i = 0; i < st->n_files; i++)
		if (!strcmp(st->files[i].path, path)) {
			st->files[i].committed = committed;
			return 0;
		}
	f = realloc(st->files, (st->n_files + 1) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	st->files = f;
	f += st->n_files;
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	f->committed = committed;
	st->n_files++;
	return 0;
}

int vb_vbd_load(const char *path, struct vb_disc **out, struct vb_vbd_state *st,
		struct vb_diag *diag)
{
	struct vb_src *src;
	int ret;

	*out = NULL;
	if (st)
		vb_vbd_state_init(st);
	ret = vbd_open_file(NULL, path, &src, diag);
	if (ret)
		return ret;
	ret = vbd_parse(src, path, out, st, diag);
	vb_src_unref(src);
	return ret;
}

/* ---- the registry entry (include/vburn/img.h) ---- */

/* A manifest says what it is on its first line: "vburn-disc N". */
static int vbd_probe(const struct vb_src *src, const char *path)
{
	static const char magic[] = VBD_MAGIC " ";
	char head[sizeof(magic) - 1];

	(void)path;
	if (vb_src_size(src) < sizeof(head) ||
	    vb_src_read(src, head, sizeof(head), 0))
		return 0;
	return !memcmp(head, magic, sizeof(head));
}

/*
 * An image opened through the registry is a disc to read: the drive's
 * write state is dropped, and a blank medium's manifest (no tracks) is
 * refused by vb_disc_finish() like any image without tracks.
 */
static int vbd_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	int ret = vbd_parse(src, path, out, NULL, diag);

	if (!ret && !(*out)->n_sessions) {
		ret = vb_disc_finish(*out, path, diag);
		vb_disc_unref(*out);
		*out = NULL;
		if (!ret)
			ret = -EINVAL;
	}
	return ret;
}

static const char *const vbd_exts[] = { ".vbd", NULL };

const struct img_ops vbd_ops = {
	.name = "vbd",
	.exts = vbd_exts,
	.probe = vbd_probe,
	.open = vbd_open,
};
