/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The growable text buffer of textbuf.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "textbuf.h"

void fmt_printf(struct fmt_text *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL,
			      b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->err = -EINVAL;
			return;
		}
		if (b->s && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		char *p = realloc(b->s, b->cap + (size_t)n + 4096);

		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->s = p;
		b->cap += (size_t)n + 4096;
	}
}
