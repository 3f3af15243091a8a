/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable text buffer (formats/textbuf.c), public so that callers
 * outside formats/ can build text with the formats library: the
 * descriptor writers (CUE, TOC, CCD) fill one, and so does the disc JSON
 * emitter (vburn/disc_json.h), around which the tools and the daemon add
 * their own fields. Like curl's dynbuf: the first failure sticks.
 *
 * Ownership: zero-initialise the struct ({ 0 }); s is owned by it and
 * freed by the caller with free(b.s) (NULL-safe) when done.
 */
#ifndef VBURN_TEXTBUF_H
#define VBURN_TEXTBUF_H

#include <stddef.h>

struct fmt_text {
	char *s; /* owned, NUL-terminated once anything is written */
	size_t len, cap;
	int err; /* 0 or the first negative errno (-ENOMEM, -EINVAL) */
};

/*
 * Appends printf-formatted text. After a failure (ENOMEM, a bad format)
 * kept in err, this and later calls do nothing.
 */
void fmt_printf(struct fmt_text *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
