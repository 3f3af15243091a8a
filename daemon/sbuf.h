/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounded text builder with snprintf semantics: appends what fits and
 * counts the full length needed, so callers can size a second attempt.
 * Used for status reports and control-socket replies.
 */
#ifndef VB_SBUF_H
#define VB_SBUF_H

#include <stddef.h>

struct vb_sbuf {
	char *buf;   /* borrowed; may be NULL when len is 0 */
	size_t len;  /* capacity of buf */
	size_t used; /* bytes needed so far (may exceed len) */
};

__attribute__((format(printf, 2, 3))) void vb_sbuf_printf(struct vb_sbuf *sb,
							  const char *fmt, ...);
/* Appends s as a JSON string literal (quotes and escapes). */
void vb_sbuf_json_str(struct vb_sbuf *sb, const char *s);
/* The free room at the end (0 once full), and where it starts. */
size_t vb_sbuf_room(const struct vb_sbuf *sb);
char *vb_sbuf_end(const struct vb_sbuf *sb);
/* NUL-terminates within the capacity; returns used. */
size_t vb_sbuf_finish(struct vb_sbuf *sb);

#endif
