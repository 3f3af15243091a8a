/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The descriptor-file text of textbuf.h: whole-file reads, printf buffer. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/disc.h"
#include "vburn/src.h"

#include "textbuf.h"

int fmt_read_text(const struct vb_src *src, const char *path, size_t max,
		  const char *what, bool no_nul, struct vb_diag *diag,
		  char **out)
{
	const uint64_t size = vb_src_size(src);
	char *text;
	int ret;

	*out = NULL;
	if (size > max) {
		vb_diag_set(diag, path, "too large for %s", what);
		return -EINVAL;
	}
	text = malloc((size_t)size + 1);
	if (!text)
		return -ENOMEM;
	ret = vb_src_read(src, text, (size_t)size, 0);
	if (ret) {
		free(text);
		return ret;
	}
	text[size] = 0;
	if (no_nul && strlen(text) != size) {
		vb_diag_set(diag, path, "binary data in %s", what);
		free(text);
		return -EINVAL;
	}
	*out = text;
	return 0;
}

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

int fmt_utf8_put(char *out, size_t cap, size_t *n, uint32_t c)
{
	/* the lead byte by length (RFC 3629 3), then 6 bits per byte */
	static const uint8_t lead[] = { 0, 0x00, 0xc0, 0xe0, 0xf0 };
	const size_t len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	char *p = out + *n;

	if (c > 0x10ffff || *n + len + 1 > cap)
		return 0;
	for (size_t k = len - 1; k > 0; k--, c >>= 6)
		p[k] = (char)(0x80 | (c & 0x3f));
	p[0] = (char)(lead[len] | c);
	*n += len;
	return 1;
}
