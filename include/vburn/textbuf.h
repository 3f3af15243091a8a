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
#include <stdint.h>

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

/*
 * Writes the character c (up to U+10FFFF) as UTF-8 at out + *n and moves
 * *n past it, when it fits in cap bytes with room for a NUL after it:
 * 1, else 0 with nothing written. The one UTF-8 encoder of the names and
 * texts that formats and file systems store in other encodings.
 */
int fmt_utf8_put(char *out, size_t cap, size_t *n, uint32_t c);

#endif
