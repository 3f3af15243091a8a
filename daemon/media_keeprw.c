/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * R-W that begin mid-track. In raw recording (RAW96R/P, mmc_raw.c) the
 * host sends P-W with every block, yet on almost every disc the program
 * area's R-W are all zero: only CD+G and similar subcode graphics use
 * them (docs/formats.md, subchannel). A track keeps R-W only from the
 * block that brings some, so an ordinary raw burn captures as small and
 * as widely readable as a TAO or SAO one. When a track turns out to have
 * R-W, the blocks it already holds are copied to the end of the log with
 * zero R-W, and the track reads from there: the log is append-only
 * (media.c) and the manifest names closed tracks only (media_commit.c),
 * so nothing committed moves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/log.h"

#define CHUNK 64u /* blocks copied per pread */

/* n blocks of size bs at *off copied to the log's end with 96 zero bytes
 * after each; *off then names the copy. */
static enum vb_sense widen(struct vb_medium *m, uint64_t *off, uint32_t n,
			   uint32_t bs)
{
	uint8_t *in = malloc((size_t)CHUNK * bs);
	uint8_t *out = calloc(CHUNK, (size_t)bs + 96);
	const uint64_t to = m->log_len;
	uint64_t put = to;
	enum vb_sense s = VB_OK;

	for (uint32_t done = 0; in && out && done < n && !s;) {
		const uint32_t k = n - done < CHUNK ? n - done : CHUNK;
		const size_t len = (size_t)k * bs;
		const ssize_t got = pread(m->log_fd, in, len,
					  (off_t)(*off + (uint64_t)done * bs));

		if (got != (ssize_t)len) {
			log_err("%s: read of %zu bytes: %s", m->log_path, len,
				got < 0 ? strerror(errno) : "short");
			s = S_WRITE_ERROR;
			break;
		}
		for (uint32_t i = 0; i < k; i++)
			memcpy(out + (size_t)i * (bs + 96), in + (size_t)i * bs,
			       bs);
		if (media_pwrite(m, m->log_fd, m->log_path, out,
				 (size_t)k * (bs + 96), (off_t)put))
			s = S_WRITE_ERROR;
		put += (uint64_t)k * (bs + 96);
		done += k;
	}
	if (!in || !out)
		s = S_WRITE_ERROR;
	free(in);
	free(out);
	if (s) {
		/* the log is append-only: a partial copy is cut off again */
		if (ftruncate(m->log_fd, (off_t)to) < 0)
			log_warn("%s: truncate: %s", m->log_path,
				 strerror(errno));
		return s;
	}
	*off = to;
	m->log_len = put;
	return VB_OK;
}

enum vb_sense vb_medium_keep_rw(struct vb_medium *m, bool pregap)
{
	struct media_track *t = vb_medium_open_track(m);
	enum vb_sense s;

	if (pregap) {
		if (!m->pending_n || m->pending_rw)
			return VB_OK;
		s = widen(m, &m->pending_off, m->pending_n, 2352);
		if (!s)
			m->pending_rw = true;
		return s;
	}
	if (!t || t->rw || (!t->written && !t->pregap_stored))
		return VB_OK; /* its first block sets its form */
	if (!t->log_size)
		return S_ILLEGAL_MODE_FOR_TRACK; /* in the flat file */
	s = widen(m, &t->log_off, t->pregap_stored + t->written, t->log_size);
	if (!s)
		t->rw = true;
	return s;
}
