/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text of the descriptor-file formats (CUE, TOC, CCD), private to
 * formats/: reading a whole descriptor for the readers. The writers'
 * growable buffer is public: include/vburn/textbuf.h.
 */
#ifndef VB_FORMATS_TEXTBUF_H
#define VB_FORMATS_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "vburn/textbuf.h"

struct vb_diag;
struct vb_src;

/*
 * Reads the whole of src as one NUL-terminated string into *out (malloc'd,
 * vb_src_size bytes before the NUL). Larger than max is -EINVAL with
 * "too large for WHAT"; with no_nul, a NUL byte inside is -EINVAL with
 * "binary data in WHAT". Otherwise 0, -ENOMEM or vb_src_read's error.
 */
int fmt_read_text(const struct vb_src *src, const char *path, size_t max,
		  const char *what, bool no_nul, struct vb_diag *diag,
		  char **out);

#endif
