/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Alcohol 120% MDS/MDF reader and writer (formats.md 3). Work in
 * progress: only the probe is in place.
 */
#include <errno.h>
#include <string.h>

#include "vburn/img.h"

static const char *const mds_exts[] = { ".mds", NULL };

static int mds_probe(const struct vb_src *src, const char *path)
{
	uint8_t b[16];

	(void)path;
	if (vb_src_size(src) < sizeof(b) || vb_src_read(src, b, sizeof(b), 0))
		return 0;
	return !memcmp(b, "MEDIA DESCRIPTOR", sizeof(b));
}

static int mds_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	(void)src;
	*out = NULL;
	vb_diag_set(diag, path, "MDS images are not supported yet");
	return -ENOSYS;
}

const struct img_ops mds_ops = {
	.name = "mds",
	.exts = mds_exts,
	.probe = mds_probe,
	.open = mds_open,
};
