/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The image format registry and the only entry points into format modules
 * (docs/style.md R13): probing and opening images, writing them, plus the
 * helper the format modules share to resolve file names found inside
 * descriptors. Writing files (temp-file-and-rename output, all-or-nothing
 * commits, streaming sectors) is formats/img_out.c.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vburn/bytes.h"
#include "vburn/img.h"

/* Probe order: formats with a signature first, flat ISO last. */
static const struct img_ops *const img_formats[] = {
	&vbd_ops, &chd_ops, &nrg_ops, &ccd_ops,
	&mds_ops, &cue_ops, &toc_ops, &iso_ops,
};

const struct img_ops *vb_img_format_at(unsigned i)
{
	return i < VB_ARRAY_SIZE(img_formats) ? img_formats[i] : NULL;
}

const struct img_ops *vb_img_find(const char *name)
{
	unsigned i;

	for (i = 0; i < VB_ARRAY_SIZE(img_formats); i++)
		if (!strcasecmp(img_formats[i]->name, name))
			return img_formats[i];
	return NULL;
}

int vb_img_sibling(const char *path, const char *ext, char *buf, size_t len)
{
	const char *dot = strrchr(path, '.');
	size_t stem =
		dot && !strchr(dot, '/') ? (size_t)(dot - path) : strlen(path);
	int n = snprintf(buf, len, "%.*s.%s", (int)stem, path, ext);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

const char *vb_img_format_for_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	unsigned i, k;

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (i = 0; i < VB_ARRAY_SIZE(img_formats); i++) {
		const char *const *ext = img_formats[i]->exts;

		for (k = 0; ext && ext[k]; k++)
			if (!strcasecmp(dot, ext[k]))
				return img_formats[i]->name;
	}
	return NULL;
}

static const char *errstr(int err)
{
	return strerror(err < 0 ? -err : err);
}

static int img_open_with(const struct img_ops *ops, struct vb_src *src,
			 const char *path, struct vb_disc **out,
			 struct vb_diag *diag)
{
	int ret;

	if (diag)
		diag->msg[0] = 0;
	ret = ops->open(src, path, out, diag);
	if (ret < 0) {
		*out = NULL;
		if (diag && !diag->msg[0])
			vb_diag_set(diag, path, "%s", errstr(ret));
	}
	return ret;
}

int vb_img_open(const char *path, const char *format, struct vb_disc **out,
		const char **fmt, struct vb_diag *diag)
{
	const struct img_ops *ops = NULL;
	const char *byext;
	struct vb_src *src;
	unsigned i;
	int ret;

	*out = NULL;
	if (format && !(ops = vb_img_find(format))) {
		vb_diag_set(diag, path, "unknown image format '%s'", format);
		return -ENOTSUP;
	}
	ret = vb_src_open(&src, path);
	if (ret) {
		vb_diag_set(diag, path, "%s", errstr(ret));
		return ret;
	}
	for (i = 0; !ops && i < VB_ARRAY_SIZE(img_formats); i++) {
		ret = img_formats[i]->probe(src, path);
		if (ret < 0) {
			vb_diag_set(diag, path, "not a valid %s image: %s",
				    img_formats[i]->name, errstr(ret));
			goto out_unref;
		}
		if (ret > 0)
			ops = img_formats[i];
	}
	/* no signature matched: trust the extension */
	byext = vb_img_format_for_path(path);
	if (!ops && byext)
		ops = vb_img_find(byext);
	if (!ops) {
		vb_diag_set(diag, path, "unrecognised image format");
		ret = -EMEDIUMTYPE;
		goto out_unref;
	}
	ret = img_open_with(ops, src, path, out, diag);
	if (!ret && fmt)
		*fmt = ops->name;
out_unref:
	vb_src_unref(src);
	return ret;
}

int vb_img_write(const struct vb_disc *d, const char *path, const char *format,
		 const struct vb_progress *prog, struct vb_diag *diag)
{
	const struct vb_img_wopts opts = { .prog = prog };

	return vb_img_write_opts(d, path, format, &opts, diag);
}

int vb_img_write_opts(const struct vb_disc *d, const char *path,
		      const char *format, const struct vb_img_wopts *opts,
		      struct vb_diag *diag)
{
	static const struct vb_img_wopts none;
	const struct img_ops *ops;

	if (!format)
		format = vb_img_format_for_path(path);
	if (!format) {
		vb_diag_set(diag, path,
			    "cannot tell the image format from "
			    "the file name; give one");
		return -ENOTSUP;
	}
	ops = vb_img_find(format);
	if (!ops || !ops->write) {
		vb_diag_set(diag, path, "cannot write %s images", format);
		return -ENOTSUP;
	}
	if (ops->can_write) {
		struct vb_diag why = { "" };
		int ret = ops->can_write(d, &why);

		if (ret) {
			/* name the file we were asked to write */
			vb_diag_set(diag, path, "%s", why.msg);
			return ret;
		}
	}
	return ops->write(d, path, opts ? opts : &none, diag);
}

/* Joins dir and name into an owned string. */
static char *path_join(const char *dir, const char *name)
{
	char *p;

	if (name[0] == '/' || !dir[0])
		return strdup(name);
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && !S_ISDIR(st.st_mode);
}

/* Looks for name (no '/') in dir ignoring case; owned path or NULL. */
static char *find_nocase(const char *dir, const char *name)
{
	DIR *dh = opendir(dir[0] ? dir : ".");
	struct dirent *de;
	char *p = NULL;

	if (!dh)
		return NULL;
	while ((de = readdir(dh))) {
		if (strcasecmp(de->d_name, name))
			continue;
		p = path_join(dir, de->d_name);
		if (p && is_file(p))
			break;
		free(p);
		p = NULL;
	}
	closedir(dh);
	return p;
}

int img_resolve(const char *desc_path, const char *name, char **out)
{
	char *copy = strdup(desc_path), *nm = strdup(name), *dir, *p, *base;
	int ret = -ENOENT;

	*out = NULL;
	if (!copy || !nm) {
		ret = -ENOMEM;
		goto out_free;
	}
	dir = dirname(copy);
	/* the name as written: on Linux '\\' is a file name character */
	p = path_join(dir, name);
	if (p && is_file(p)) {
		*out = p;
		ret = 0;
		goto out_free;
	}
	free(p);
	/* Windows separators from EAC & co. */
	for (p = nm; *p; p++)
		if (*p == '\\')
			*p = '/';
	p = path_join(dir, nm);
	if (p && is_file(p)) {
		*out = p;
		ret = 0;
		goto out_free;
	}
	free(p);
	base = strrchr(nm, '/') ? strrchr(nm, '/') + 1 : nm;
	p = find_nocase(dir, base);
	if (p) {
		*out = p;
		ret = 0;
	}
out_free:
	free(nm);
	free(copy);
	return ret;
}
