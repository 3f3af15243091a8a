/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text of the descriptor-file formats (CUE, TOC, CCD), private to
 * formats/: reading a whole descriptor for the readers, and a growable
 * buffer for the writers.
 */
#ifndef VB_FORMATS_TEXTBUF_H
#define VB_FORMATS_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

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

/*
 * The writers' buffer: printf into it; the first failure (ENOMEM, a bad
 * format) is kept in err and later calls do nothing.
 */
struct fmt_text {
	char *s; /* owned, NUL-terminated once anything is written */
	size_t len, cap;
	int err; /* 0 or the first negative errno */
};

void fmt_printf(struct fmt_text *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
