/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The commit point of a recording (docs/architecture.md "The medium is a
 * disc"): the store's data made durable (fdatasync of the flat file and the
 * log), then the manifest <stem>.vbd (docs/vbd.md) written through a temporary
 * file, fsync, rename and a directory fsync by vb_vbd_save. It happens at
 * insert, at every track and session close and when the ISO view moves session
 * 1's descriptors (media_iso.c). A failure at any step fails the command that
 * asked for it; it is never only logged.
 *
 * The manifest holds the closed tracks only: an open track is not on the
 * disc until it is closed, so a crash mid-track reloads as the disc of
 * the last commit. On write-once media nothing below the committed end is
 * ever rewritten, so a closed session cannot be damaged by any crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/vbd.h"

/* Every written byte of the store durable; 0 or -errno (logged). */
int vb_medium_sync(struct vb_medium *m)
{
	if (m->loaded)
		return 0;
	if (fdatasync(m->fd) < 0) {
		log_err("%s: fdatasync: %s", m->path, strerror(errno));
		return -errno;
	}
	if (m->log_fd >= 0 && fdatasync(m->log_fd) < 0) {
		log_err("%s: fdatasync: %s", m->log_path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The bytes of the flat file the closed tracks cover. */
static uint64_t flat_committed(const struct vb_medium *m)
{
	uint64_t end = 0;

	if (m->info->overwritable)
		return (uint64_t)m->written_end * 2048; /* media_rw.c */
	for (int i = 0; i < m->ntracks; i++) {
		const struct media_track *t = &m->tracks[i];
		uint64_t e = (uint64_t)(t->start + (int32_t)t->written) * 2048;

		if (t->closed && t->written && !t->log_size && e > end)
			end = e;
	}
	return end;
}

int vb_medium_commit(struct vb_medium *m)
{
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	struct vb_disc *d = NULL;
	char path[4096];
	int r;

	if (m->loaded)
		return 0;
	r = vb_medium_sync(m);
	if (r)
		return r;
	r = vb_img_sibling(m->path, "vbd", path, sizeof(path));
	if (r)
		return r;
	vb_vbd_state_init(&st);
	snprintf(st.media, sizeof(st.media), "%s", m->info->name);
	st.capacity = m->capacity;
	st.next_start = m->next_start;
	st.finalized = m->finalized;
	r = vb_vbd_state_set_file(&st, m->path, flat_committed(m));
	if (!r && m->log_fd >= 0)
		r = vb_vbd_state_set_file(&st, m->log_path, m->log_len);
	if (!r)
		r = vb_medium_committed_disc(m, &d, &diag);
	if (!r && !d) {
		/* A blank: the manifest of an empty disc. */
		d = vb_disc_new(vb_medium_disc_kind(m));
		if (!d)
			r = -ENOMEM;
	}
	if (!r)
		r = vb_vbd_save(path, d, &st, &diag);
	if (r)
		log_err("%s", diag.msg[0] ? diag.msg : strerror(-r));
	vb_disc_unref(d);
	vb_vbd_state_fini(&st);
	return r;
}
