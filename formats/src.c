/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte sources (include/vburn/src.h): a reference-counted, pread-backed view
 * of one image file, or of a private copy of a memory buffer. Every read is
 * bounds-checked against the size fixed at open time, so a parser that
 * trusts a bad offset gets -EIO instead of garbage or a short read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vburn/src.h"

struct vb_src {
	int refs;
	int fd;			      /* -1 for a memory or decoder source */
	uint8_t *mem;		      /* owned copy for a memory source */
	const struct vb_src_ops *ops; /* a decoder source (vb_src_new_ops) */
	void *ctx;
	uint64_t size;
	char *name;
};

static struct vb_src *src_alloc(const char *name)
{
	struct vb_src *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	s->refs = 1;
	s->fd = -1;
	return s;
}

int vb_src_open(struct vb_src **out, const char *path)
{
	struct vb_src *s;
	struct stat st;
	int ret;

	*out = NULL;
	s = src_alloc(path);
	if (!s)
		return -ENOMEM;
	/* O_NONBLOCK: opening a FIFO or a device named as an image must not
	 * hang (a daemon loads what a user names); only regular files are
	 * images. The flag does nothing to reads of a regular file. */
	s->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (s->fd < 0) {
		ret = -errno;
		goto err_free;
	}
	if (fstat(s->fd, &st) < 0) {
		ret = -errno;
		goto err_close;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = -EINVAL; /* "Invalid argument": not a regular file */
		goto err_close;
	}
	if (st.st_size < 0) {
		ret = -EINVAL;
		goto err_close;
	}
	s->size = (uint64_t)st.st_size;
	*out = s;
	return 0;

err_close:
	close(s->fd);
err_free:
	free(s->name);
	free(s);
	return ret;
}

int vb_src_new_mem(struct vb_src **out, const void *data, size_t len,
		   const char *name)
{
	struct vb_src *s;

	*out = NULL;
	s = src_alloc(name ? name : "<memory>");
	if (!s)
		return -ENOMEM;
	s->mem = malloc(len ? len : 1);
	if (!s->mem) {
		free(s->name);
		free(s);
		return -ENOMEM;
	}
	if (len)
		memcpy(s->mem, data, len);
	s->size = len;
	*out = s;
	return 0;
}

int vb_src_new_ops(struct vb_src **out, uint64_t size, const char *name,
		   const struct vb_src_ops *ops, void *ctx)
{
	struct vb_src *s;

	*out = NULL;
	s = src_alloc(name ? name : "<decoder>");
	if (!s)
		return -ENOMEM;
	s->ops = ops;
	s->ctx = ctx;
	s->size = size;
	*out = s;
	return 0;
}

void *vb_src_ops_ctx(const struct vb_src *src, const struct vb_src_ops *ops)
{
	return src && src->ops == ops ? src->ctx : NULL;
}

struct vb_src *vb_src_ref(struct vb_src *src)
{
	if (src)
		__atomic_add_fetch(&src->refs, 1, __ATOMIC_RELAXED);
	return src;
}

void vb_src_unref(struct vb_src *src)
{
	if (!src || __atomic_sub_fetch(&src->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (src->fd >= 0)
		close(src->fd);
	if (src->ops && src->ops->fini)
		src->ops->fini(src->ctx);
	free(src->mem);
	free(src->name);
	free(src);
}

uint64_t vb_src_size(const struct vb_src *src)
{
	return src->size;
}

const char *vb_src_name(const struct vb_src *src)
{
	return src->name;
}

int vb_src_has(const struct vb_src *src, uint64_t off, uint64_t len)
{
	return off <= src->size && len <= src->size - off;
}

int vb_src_read(const struct vb_src *src, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;

	if (!vb_src_has(src, off, len))
		return -EIO;
	if (src->ops)
		return len ? src->ops->read(src->ctx, buf, len, off) : 0;
	if (src->fd < 0) {
		if (len)
			memcpy(p, src->mem + off, len);
		return 0;
	}
	while (len) {
		ssize_t n = pread(src->fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO; /* file shrank under us */
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}
