/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bounded response writer (docs/style.md R7). Handlers build data-in replies
 * as if the buffer were unlimited: writes past the cap are dropped, but
 * len keeps the full would-be length, so header length fields are right
 * even when the initiator asked for fewer bytes (clients read variable
 * replies in two passes, docs/clients.md 3.0).
 */
#ifndef VB_RESP_H
#define VB_RESP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vburn/bytes.h"

struct vb_resp {
	uint8_t *buf; /* borrowed: the command's data-in buffer */
	size_t cap;   /* bytes that may be written: min(buffer, allocation) */
	size_t len;   /* highest offset written + 1, past cap included */
};

static inline void resp_init(struct vb_resp *r, uint8_t *buf, size_t cap)
{
	r->buf = buf;
	r->cap = buf ? cap : 0;
	r->len = 0;
	if (r->cap)
		memset(buf, 0, r->cap);
}

/* As resp_init, for a handler that writes every byte it reports: no
 * zeroing (the front end returns only xfer_len bytes). */
static inline void resp_init_raw(struct vb_resp *r, uint8_t *buf, size_t cap)
{
	r->buf = buf;
	r->cap = buf ? cap : 0;
	r->len = 0;
}

/* Lowers the cap to the CDB's allocation length. */
static inline void resp_limit(struct vb_resp *r, size_t alloc)
{
	if (alloc < r->cap)
		r->cap = alloc;
}

static inline void resp_mark(struct vb_resp *r, size_t end)
{
	if (end > r->len)
		r->len = end;
}

static inline void resp_put8(struct vb_resp *r, size_t off, uint8_t v)
{
	if (off < r->cap)
		r->buf[off] = v;
	resp_mark(r, off + 1);
}

static inline void resp_put16(struct vb_resp *r, size_t off, uint16_t v)
{
	resp_put8(r, off, (uint8_t)(v >> 8));
	resp_put8(r, off + 1, (uint8_t)v);
}

static inline void resp_put24(struct vb_resp *r, size_t off, uint32_t v)
{
	resp_put8(r, off, (uint8_t)(v >> 16));
	resp_put16(r, off + 1, (uint16_t)v);
}

static inline void resp_put32(struct vb_resp *r, size_t off, uint32_t v)
{
	resp_put16(r, off, (uint16_t)(v >> 16));
	resp_put16(r, off + 2, (uint16_t)v);
}

static inline void resp_put_bytes(struct vb_resp *r, size_t off, const void *p,
				  size_t n)
{
	const uint8_t *s = p;

	for (size_t i = 0; i < n; i++)
		resp_put8(r, off + i, s[i]);
}

/* Space-padded ASCII field (INQUIRY vendor/product/revision). */
static inline void resp_put_ascii(struct vb_resp *r, size_t off, const char *s,
				  size_t width)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < width; i++)
		resp_put8(r, off + i, (uint8_t)(i < n ? s[i] : ' '));
}

#endif
