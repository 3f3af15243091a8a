/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cdrdao TOC reader (placeholder while being written). */
#include <errno.h>
#include <string.h>

#include "vburn/img.h"

static const char *const toc_exts[] = { ".toc", NULL };

static int toc_probe(const struct vb_src *src, const char *path)
{
	const char *dot = strrchr(path, '.');

	(void)src;
	return dot && !strcasecmp(dot, ".toc");
}

static int toc_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	(void)src;
	(void)out;
	vb_diag_set(diag, path, "TOC files are not supported yet");
	return -ENOTSUP;
}

const struct img_ops toc_ops = {
	.name = "toc",
	.exts = toc_exts,
	.probe = toc_probe,
	.open = toc_open,
};
