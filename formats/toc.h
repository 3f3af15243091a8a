/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to formats/toc.c and formats/toc_write.c: the TOC writer. */
#ifndef VBURN_FORMATS_TOC_H
#define VBURN_FORMATS_TOC_H

#include "vburn/img.h"

int toc_can_write(const struct vb_disc *d, struct vb_diag *diag);
int toc_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag);

#endif
