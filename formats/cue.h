/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to formats/cue.c and formats/cue_write.c: the CUE TRACK types
 * and the writer entry points.
 */
#ifndef VBURN_FORMATS_CUE_H
#define VBURN_FORMATS_CUE_H

#include "vburn/img.h"

struct cue_type {
	const char *name; /* "MODE1/2352", ... */
	enum vb_track_mode mode;
	enum vb_data_fmt data;
	uint16_t size;	     /* main-channel bytes per sector */
	enum vb_sub_fmt sub; /* CDG: 96 raw P-W bytes follow */
};

/* The TRACK type by name (case-insensitive), or NULL. */
const struct cue_type *cue_type_find(const char *name);
/* Bytes per sector in the file, subchannel included. */
unsigned cue_type_stride(const struct cue_type *ty);
/* Parses "mm:ss:ff" into frames; 0 or -EINVAL. */
int cue_parse_msf(const char *s, uint32_t *out);

int cue_can_write(const struct vb_disc *d, struct vb_diag *diag);
int cue_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag);

#endif
