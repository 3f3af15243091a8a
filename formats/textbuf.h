/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable text buffer for the writers that produce descriptor files
 * (CUE, TOC, CCD): printf into it; the first failure (ENOMEM, a bad
 * format) is kept in err and later calls do nothing. Private to formats/.
 */
#ifndef VB_FORMATS_TEXTBUF_H
#define VB_FORMATS_TEXTBUF_H

#include <stddef.h>

struct fmt_text {
	char *s;	  /* owned, NUL-terminated once anything is written */
	size_t len, cap;
	int err;	  /* 0 or the first negative errno */
};

void fmt_printf(struct fmt_text *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
