/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to formats/nrg.c and formats/nrg_write.c: the NRG v2 writer. */
#ifndef VBURN_FORMATS_NRG_H
#define VBURN_FORMATS_NRG_H

#include "vburn/img.h"

int nrg_can_write(const struct vb_disc *d, struct vb_diag *diag);
int nrg_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag);

#endif
