/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte sources (docs/style.md R14): a pread-like view of one image file or of a
 * memory buffer, with a known size. Parsers and the disc model read every
 * image byte through this, never through FILE * or a path, and never load a
 * whole image into memory. Every offset and count taken from a file is
 * checked against vb_src_size() before use (vb_src_read refuses reads past
 * the end with -EIO, so a missed check cannot read garbage).
 *
 * A source is reference counted: the disc model and each track extent that
 * uses it hold a reference.
 */
#ifndef VBURN_SRC_H
#define VBURN_SRC_H

#include <stddef.h>
#include <stdint.h>

struct vb_src;

/*
 * Opens path read-only. Returns 0 and an owned source (refcount 1) in *out,
 * or a negative errno (-ENOENT, -EISDIR, ...).
 */
int vb_src_open(struct vb_src **out, const char *path)
	__attribute__((warn_unused_result));

/*
 * A source over len bytes of memory. The bytes are copied, so data is only
 * borrowed for the duration of the call. name is used in messages (copied;
 * NULL gives "<memory>"). Returns 0 or -ENOMEM.
 */
int vb_src_new_mem(struct vb_src **out, const void *data, size_t len,
		   const char *name) __attribute__((warn_unused_result));

/*
 * A source whose bytes a decoder makes (a compressed image: formats/chd.c).
 * read fills exactly len bytes at off, which the caller has checked lie
 * inside size; it must be thread-safe. fini (may be NULL) frees ctx when
 * the last reference goes. name is copied.
 */
struct vb_src_ops {
	int (*read)(void *ctx, void *buf, size_t len, uint64_t off);
	void (*fini)(void *ctx);
};

int vb_src_new_ops(struct vb_src **out, uint64_t size, const char *name,
		   const struct vb_src_ops *ops, void *ctx)
	__attribute__((warn_unused_result));
/* The ctx of a source made by vb_src_new_ops with these ops, else NULL. */
void *vb_src_ops_ctx(const struct vb_src *src, const struct vb_src_ops *ops);

/* Takes one more reference; returns src. NULL-safe. */
struct vb_src *vb_src_ref(struct vb_src *src);
/* Drops one reference; the last one closes the file. NULL-safe. */
void vb_src_unref(struct vb_src *src);

/* Size in bytes (fixed when the source was opened). */
uint64_t vb_src_size(const struct vb_src *src);
/* The path (or memory name) given at open; borrowed, lives as long as src. */
const char *vb_src_name(const struct vb_src *src);

/*
 * Reads exactly len bytes at byte offset off into buf. Returns 0, -EIO if
 * [off, off+len) is not entirely inside the source (short file), or the
 * negative errno of a failed pread. Thread-safe (pread).
 */
int vb_src_read(const struct vb_src *src, void *buf, size_t len, uint64_t off)
	__attribute__((warn_unused_result));

/* 1 if [off, off+len) lies inside the source (overflow-safe), else 0. */
int vb_src_has(const struct vb_src *src, uint64_t off, uint64_t len);

#endif
