/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The flat store as the ISO a user opens (docs/architecture.md "The medium is a
 * disc"): the flat file holds every session's user data at LBA x 2048, so
 * it is the ISO capture of a data disc. ISO 9660 readers that are not told
 * where the last session starts (loop mount without sbsector, xorriso
 * -indev on the file, bsdtar, iso-info) read the volume descriptors at LBA
 * 16 and would show session 1. So when a later session closes, its volume
 * descriptor set (from its sector 16 through the set terminator) is also
 * written at LBA 16 of the flat file, as growisofs does on overwritable
 * media (ECMA-119 6.2: the set starts at sector 16; a multi-session
 * writer's descriptors use absolute addresses, so they work from there).
 * Only the descriptors move, never more sectors than session 1's own set
 * has: the sectors after it are session 1's path tables and directories,
 * and the data of session 1's files, which later sessions still point to
 * (on write-once media session 1 starts at LBA 0, unlike growisofs'
 * overwritable layout that leaves sectors 16..31 free).
 *
 * The disc itself must not change: session 1's own sectors 16..31 are
 * first appended to the log (the store's second, append-only file) and
 * made durable, and the disc's extents read them from there. Only then is
 * the flat file's copy replaced. A crash in between leaves the ISO view
 * stale or torn, never the disc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/bytes.h"
#include "vburn/log.h"

#define VD_FIRST 16 /* ECMA-119 6.2.1: system area is sectors 0..15 */
#define VD_COUNT 16

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	return n == (ssize_t)len ? 0 : -1;
}

static int pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t n = pwrite(fd, buf, len, off);

	return n == (ssize_t)len ? 0 : -1;
}

/*
 * Sectors of the ISO 9660 descriptor set at lba of the flat file: a
 * primary descriptor first, every one "CD001", up to and including the
 * terminator (type 255), at most VD_COUNT. 0 when there is none.
 */
static unsigned vd_set_len(const struct vb_medium *m, int32_t lba)
{
	uint8_t vd[8];

	for (unsigned i = 0; i < VD_COUNT; i++) {
		if (pread_all(m->fd, vd, sizeof(vd),
			      (off_t)(lba + (int32_t)i) * 2048) ||
		    memcmp(vd + 1, "CD001", 5) || (i == 0 && vd[0] != 1))
			return 0;
		if (vd[0] == 255)
			return i + 1;
	}
	return 0;
}

/*
 * The copy at LBA 16 describes the file from LBA 0, so its volume space
 * size (ECMA-119 8.4.8, both-endian at byte 80 of a primary or
 * supplementary descriptor) must count from there. libisofs writes a
 * later session's own size relative to the session's start and reads it
 * as session start + size (xorriso's emulated-TOC copy at LBA 16 holds
 * the absolute end, as ../shared/testdata/local-xorriso shows); mkisofs
 * -C writes it absolute already. A size too small to reach past the
 * session's descriptors is relative (quirk:xorriso-session-size,
 * docs/clients/xorriso-libburn.md).
 */
static void absolute_size(uint8_t *vd, int32_t session_start)
{
	uint32_t size = get_le32(vd + 80);

	if ((vd[0] != 1 && vd[0] != 2) ||
	    size > (uint32_t)session_start + VD_FIRST)
		return;
	size += (uint32_t)session_start;
	put_le32(vd + 80, size);
	put_be32(vd + 84, size);
}

/* Keeps session 1's own descriptor sectors in the log, durably. */
static int save_originals(struct vb_medium *m)
{
	uint8_t *buf;
	int r = 0;

	if (m->vd_saved)
		return 0;
	m->vd1_len = vd_set_len(m, VD_FIRST);
	r = medium_log_open(m);
	if (r)
		return r;
	buf = malloc(VD_COUNT * 2048);
	if (!buf)
		return -ENOMEM;
	if (pread_all(m->fd, buf, VD_COUNT * 2048, (off_t)VD_FIRST * 2048) ||
	    pwrite_all(m->log_fd, buf, VD_COUNT * 2048, (off_t)m->log_len) ||
	    fdatasync(m->log_fd))
		r = errno ? -errno : -EIO;
	free(buf);
	if (r)
		return r;
	m->vd_log_off = m->log_len;
	m->log_len += VD_COUNT * 2048;
	m->vd_saved = true;
	vb_medium_disc_changed(m);
	return 0;
}

/* Sectors of the flat file from lba that were written, by the tracks. */
static uint32_t written_from(const struct vb_medium *m, int32_t lba)
{
	for (int i = 0; i < m->ntracks; i++) {
		const struct media_track *t = &m->tracks[i];

		if (lba >= t->start && lba < t->start + (int32_t)t->written)
			return (uint32_t)(t->start + (int32_t)t->written - lba);
	}
	return 0;
}

int vb_medium_iso_view(struct vb_medium *m, int32_t session_start)
{
	unsigned n, n1;
	uint8_t *buf;
	int r;

	/* Only a data disc whose first track and new session both carry an
	 * ISO 9660 descriptor set, the new one no longer than session 1's. */
	if (session_start <= 0 || written_from(m, VD_FIRST) < VD_COUNT ||
	    written_from(m, session_start + VD_FIRST) < VD_COUNT)
		return 0;
	/* Session 1's set: at LBA 16 of the flat file until it is first
	 * replaced, remembered from then on. */
	n = vd_set_len(m, session_start + VD_FIRST);
	n1 = m->vd_saved ? m->vd1_len : vd_set_len(m, VD_FIRST);
	if (!n || !n1 || n > n1)
		return 0;
	/* Session 1's sectors are durable in the log and the disc reads
	 * them from there before the flat file's copy changes. */
	r = save_originals(m);
	if (!r)
		r = vb_medium_commit(m);
	if (r) {
		log_err("%s: %s", m->log_path ? m->log_path : m->path,
			strerror(-r));
		return r;
	}
	buf = malloc((size_t)n * 2048);
	if (!buf)
		return -ENOMEM;
	r = pread_all(m->fd, buf, (size_t)n * 2048,
		      (off_t)(session_start + VD_FIRST) * 2048);
	if (!r) {
		for (unsigned i = 0; i < n; i++)
			absolute_size(buf + (size_t)i * 2048, session_start);
		r = pwrite_all(m->fd, buf, (size_t)n * 2048,
			       (off_t)VD_FIRST * 2048) ||
		    fdatasync(m->fd);
	}
	free(buf);
	if (r) {
		r = errno ? -errno : -EIO;
		log_err("%s: ISO view: %s", m->path, strerror(-r));
	}
	return r;
}
