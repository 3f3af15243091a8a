/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CloneCD CCD/IMG/SUB reader and writer (formats.md 2). Work in progress:
 * only the probe is in place.
 */
#include <errno.h>
#include <string.h>

#include "vburn/img.h"

static const char *const ccd_exts[] = { ".ccd", NULL };

static int ccd_probe(const struct vb_src *src, const char *path)
{
	uint8_t b[9];

	(void)path;
	if (vb_src_size(src) < sizeof(b) || vb_src_read(src, b, sizeof(b), 0))
		return 0;
	return !memcmp(b, "[CloneCD]", sizeof(b));
}

static int ccd_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	(void)src;
	*out = NULL;
	vb_diag_set(diag, path, "CloneCD images are not supported yet");
	return -ENOSYS;
}

const struct img_ops ccd_ops = {
	.name = "ccd",
	.exts = ccd_exts,
	.probe = ccd_probe,
	.open = ccd_open,
};
