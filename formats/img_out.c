/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing image files (img.h, docs/style.md R14): every file is written to a
 * temporary name beside its final one and renamed into place at the end;
 * the files of one image (CCD .img/.sub/.ccd, MDS .mdf/.mds, CUE
 * .bin/.cdt/.cue, TOC .bin/.toc) are committed as one, all or nothing
 * (img_out_commit_all); and sectors are streamed from a disc to a file.
 *
 * Why the commit goes the way it does (docs/architecture.md: images are
 * valid on disk after every commit; the usual write-temp, fsync, rename, fsync-
 * the-directory sequence of SQLite's journal and of every careful editor,
 * rename(2) replacing its target atomically):
 *   1. every temporary file is fsync'ed and closed first, so no name is
 *      ever given to data that is not on the disk;
 *   2. the old descriptor (the last file, the one naming the others) is
 *      renamed aside before any data file is replaced: an interrupted
 *      sequence leaves no descriptor, never one that names missing files
 *      or data of another disc;
 *   3. each data file's old version is renamed aside, its new one into
 *      place; then the new descriptor goes into place, last;
 *   4. the old versions are removed and the directory fsync'ed once, so
 *      the renames survive a crash; a failed directory fsync is an error.
 * A failure in steps 1-3 puts every old version back and removes every
 * new file: nothing of the set changes. A crash between steps 2 and 4 may
 * leave old versions as "NAME.old<pid>" beside an image without its
 * descriptor, from which the old image can be restored by hand.

 *
 * A data file appended in place (img_out_open_data, for captures of a
 * disc that grew by a session) takes no part in the renames: step 1
 * fsyncs it, and a failure truncates it back to its kept size, which
 * the old descriptor describes. A crash before the new descriptor is in
 * place leaves the old one beside a longer data file; formats whose
 * descriptor gives every track's length read it as before, and the next
 * capture rewrites the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/img.h"

int img_out_open(struct img_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = strdup(path);
	if (!o->path ||
	    asprintf(&o->tmp, "%s.tmp%ld", path, (long)getpid()) < 0) {
		free(o->path);
		o->path = NULL;
		o->tmp = NULL;
		return -ENOMEM;
	}
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		int ret = -errno;

		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return ret;
	}
	return 0;
}

/* Bytes of output after which writeback is started (img_out_write). */
#define IMG_OUT_WINDOW ((uint64_t)8 << 20)

/*
 * Bytes at the end of an appended file's kept part that are compared with
 * what the writer makes of them again: a writer whose layout changed
 * with the new session (MDS: 2448-byte sectors once a track has
 * subchannel) gives other bytes there, and must not append.
 */
#define IMG_OUT_CHECK ((uint64_t)64 << 10)

int img_out_open_data(struct img_out *o, const char *path,
		      const struct vb_img_wopts *opts)
{
	struct stat st;
	int fd;

	if (!opts || !opts->append)
		return img_out_open(o, path);
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    lseek(fd, st.st_size, SEEK_SET) != st.st_size) {
		/* not there (a new session's own file): write it anew */
		if (fd >= 0)
			close(fd);
		return img_out_open(o, path);
	}
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->path = strdup(path);
	if (!o->path) {
		close(fd);
		o->fd = -1;
		return -ENOMEM;
	}
	o->in_place = true;
	o->keep = o->started = (uint64_t)st.st_size;
	return 0;
}

bool img_out_skip(struct img_out *o, uint64_t len)
{
	if (!o->in_place || o->pos + len + IMG_OUT_CHECK > o->keep)
		return false;
	o->pos += len;
	return true;
}

/* In place: drops the bytes below keep, comparing those near it. */
static int out_below_keep(struct img_out *o, const uint8_t *p, size_t len)
{
	uint64_t from = o->keep > IMG_OUT_CHECK ? o->keep - IMG_OUT_CHECK : 0;
	uint8_t buf[4096];

	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		if (o->pos + n > from) {
			size_t lead =
				o->pos < from ? (size_t)(from - o->pos) : 0;
			ssize_t r = pread(o->fd, buf, n - lead,
					  (off_t)(o->pos + lead));

			if (r != (ssize_t)(n - lead))
				return r < 0 ? -errno : -ESTALE;
			if (memcmp(buf, p + lead, n - lead))
				return -ESTALE;
		}
		p += n;
		len -= n;
		o->pos += n;
	}
	return 0;
}

int img_out_write(struct img_out *o, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (o->in_place && o->pos < o->keep) {
		size_t below = (size_t)VB_MIN((uint64_t)len, o->keep - o->pos);
		int ret = out_below_keep(o, p, below);

		if (ret)
			return ret;
		p += below;
		len -= below;
	}
	while (len) {
		ssize_t n = write(o->fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
		o->pos += (uint64_t)n;
	}
	/*
	 * Start writeback of each full window as soon as it is written, so
	 * the disk works while we copy and the fsync in img_out_commit()
	 * has little left to wait for. Only a hint: errors show at fsync.
	 */
	if (o->pos - o->started >= IMG_OUT_WINDOW) {
		(void)sync_file_range(o->fd, (off_t)o->started,
				      (off_t)(o->pos - o->started),
				      SYNC_FILE_RANGE_WRITE);
		o->started = o->pos;
	}
	return 0;
}

static void out_free(struct img_out *o)
{
	o->fd = -1;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

void img_out_abort(struct img_out *o)
{
	if (o->fd >= 0) {
		if (o->in_place)
			(void)ftruncate(o->fd, (off_t)o->keep);
		else
			unlink(o->tmp);
		close(o->fd);
	}
	out_free(o);
}

/*
 * fsync of the directory holding path, which makes the renames in it
 * durable (fsync(2): syncing a file does not sync its directory entry).
 * EINVAL: a file system that cannot sync directories, nothing to wait for.
 */
static int out_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
		slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
	int fd, ret = 0;

	if (!dir)
		return -ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		ret = -errno;
	else if (fsync(fd) < 0 && errno != EINVAL)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

/* Same directory part ("dir/" prefix, or none) in both paths? */
static bool out_same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	if (!sa || !sb)
		return !sa && !sb;
	return sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a));
}

/* One file of a commit and what has been done to its names. */
struct out_step {
	struct img_out *o;
	char *old;	/* "NAME.old<pid>": the previous version aside */
	bool had_old;	/* a regular file had the final name */
	bool old_aside; /* ... and is now at old */
	bool placed;	/* the new file has the final name */
};

/* Puts everything back as it was (steps in reverse), temps removed. */
static void out_rollback(struct out_step *st, size_t n)
{
	while (n--) {
		struct out_step *s = &st[n];

		if (s->o->in_place) {
			/* the old descriptor describes the kept part */
			(void)truncate(s->o->path, (off_t)s->o->keep);
			continue;
		}
		if (s->old_aside)
			(void)rename(s->old, s->o->path);
		else if (s->placed)
			(void)unlink(s->o->path);
		if (!s->placed)
			(void)unlink(s->o->tmp);
	}
}

/* Steps 2 and 3 of the file comment: the renames, descriptor last. */
static int out_rename_all(struct out_step *st, size_t n)
{
	struct out_step *desc = &st[n - 1];
	size_t i;

	if (n > 1 && desc->had_old) {
		if (rename(desc->o->path, desc->old) < 0)
			return -errno;
		desc->old_aside = true;
	}
	for (i = 0; i < n; i++) {
		struct out_step *s = &st[i];

		if (s->o->in_place)
			continue;
		if (s != desc && s->had_old) {
			if (rename(s->o->path, s->old) < 0)
				return -errno;
			s->old_aside = true;
		}
		if (rename(s->o->tmp, s->o->path) < 0)
			return -errno;
		s->placed = true;
	}
	return 0;
}

/* Step 1: data on the disk, descriptors closed; names for old versions. */
static int out_prepare(struct out_step *st, size_t n)
{
	int ret = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		struct img_out *o = st[i].o;
		struct stat sb;

		/* an appended file the writer did not reach the end of */
		if (o->in_place && o->pos < o->keep && !ret)
			ret = -ESTALE;
		if (fsync(o->fd) < 0 && errno != EINVAL && !ret)
			ret = -errno;
		if (close(o->fd) < 0 && !ret)
			ret = -errno;
		o->fd = -1;
		if (o->in_place)
			continue;
		if (!ret && asprintf(&st[i].old, "%s.old%ld", o->path,
				     (long)getpid()) < 0) {
			st[i].old = NULL;
			ret = -ENOMEM;
		}
		st[i].had_old = !lstat(o->path, &sb) && S_ISREG(sb.st_mode);
	}
	return ret;
}

int img_out_commit_all(struct img_out *const *outs, size_t n)
{
	struct out_step *st = calloc(n ? n : 1, sizeof(*st));
	size_t i, k, live = 0;
	int ret;

	if (!st) {
		for (i = 0; i < n; i++)
			img_out_abort(outs[i]);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (outs[i]->fd >= 0)
			st[live++].o = outs[i];
	ret = out_prepare(st, live);
	if (!ret)
		ret = out_rename_all(st, live);
	if (ret)
		out_rollback(st, live);
	for (i = 0; !ret && i < live; i++)
		if (st[i].old_aside)
			(void)unlink(st[i].old);
	/* step 4: each directory once (a rollback is synced best-effort) */
	for (i = 0; i < live; i++) {
		int r;

		for (k = 0; k < i; k++)
			if (out_same_dir(st[k].o->path, st[i].o->path))
				break;
		if (k < i)
			continue;
		r = out_sync_dir(st[i].o->path);
		if (!ret)
			ret = r;
	}
	for (i = 0; i < live; i++) {
		free(st[i].old);
		out_free(st[i].o);
	}
	free(st);
	return ret;
}

int img_out_commit(struct img_out *o)
{
	struct img_out *const one[] = { o };

	return img_out_commit_all(one, 1);
}

/*
 * Sectors per read: 128 KiB for 2048-byte sectors. The bounce buffer must
 * stay in the L2 cache: with 1 MiB buffers the copy into the page cache
 * ran 2-5x slower on a loaded host (bench/README.md).
 */
#define COPY_CHUNK 64

int img_copy_sectors(const struct vb_disc *d, int32_t lba, uint32_t count,
		     enum vb_read_kind kind, struct img_out *o,
		     const struct vb_progress *prog, uint64_t done,
		     uint64_t total)
{
	const unsigned sz = vb_read_size(kind);
	uint8_t *buf = malloc((size_t)COPY_CHUNK * sz);
	uint32_t k, n;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (k = 0; k < count && !ret; k += n) {
		n = count - k < COPY_CHUNK ? count - k : COPY_CHUNK;
		if (!img_out_skip(o, (uint64_t)n * sz)) {
			ret = vb_disc_read(d, lba + (int32_t)k, n, kind, buf);
			if (!ret)
				ret = img_out_write(o, buf, (size_t)n * sz);
		}
		if (!ret && prog && prog->fn)
			prog->fn(prog->ctx, done + k + n, total);
	}
	free(buf);
	return ret;
}
