/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bounded text builder of sbuf.h. */
#include <stdarg.h>
#include <stdio.h>

#include "sbuf.h"

size_t vb_sbuf_room(const struct vb_sbuf *sb)
{
	return sb->used < sb->len ? sb->len - sb->used : 0;
}

char *vb_sbuf_end(const struct vb_sbuf *sb)
{
	return vb_sbuf_room(sb) ? sb->buf + sb->used : NULL;
}

void vb_sbuf_printf(struct vb_sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(vb_sbuf_end(sb), vb_sbuf_room(sb), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->used += (size_t)n;
}

void vb_sbuf_json_str(struct vb_sbuf *sb, const char *s)
{
	vb_sbuf_printf(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			vb_sbuf_printf(sb, "\\%c", c);
		else if (c < 0x20)
			vb_sbuf_printf(sb, "\\u%04x", c);
		else
			vb_sbuf_printf(sb, "%c", c);
	}
	vb_sbuf_printf(sb, "\"");
}

size_t vb_sbuf_finish(struct vb_sbuf *sb)
{
	if (sb->len)
		sb->buf[sb->used < sb->len ? sb->used : sb->len - 1] = '\0';
	return sb->used;
}
