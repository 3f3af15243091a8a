/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture through the formats library (see capture.h). The ISO written
 * by media.c stays the recording; other formats are derived from it after
 * every closed session, so each is valid on disk between sessions (the
 * writers go through a temporary file and rename).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define LOG_TAG "capture"
#include "capture.h"
#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"

static const char *const capture_formats[] = { "iso", "nrg", "ccd", "mds",
					       "cue" };

bool vb_capture_format_ok(const char *fmt)
{
	if (!fmt)
		return true;
	for (size_t i = 0; i < VB_ARRAY_SIZE(capture_formats); i++)
		if (!strcmp(fmt, capture_formats[i]))
			return true;
	return false;
}

static enum vb_disc_kind disc_kind(const struct vb_medium *m)
{
	switch (m->info->family) {
	case VB_FAM_CD:
		return VB_DISC_CD;
	case VB_FAM_DVD:
		return VB_DISC_DVD;
	default:
		return VB_DISC_BD;
	}
}

/*
 * The closed sessions as a disc: Mode 1 data tracks whose user data is
 * the ISO at LBA * 2048. On CD each session's first track has its
 * 150-sector pregap (generated, not stored), as the lead-in rules want.
 */
static int capture_disc(const struct vb_medium *m, struct vb_src *iso,
			struct vb_disc **out, struct vb_diag *diag)
{
	struct vb_disc *d = vb_disc_new(disc_kind(m));
	int r = -ENOMEM;

	if (!d)
		return -ENOMEM;
	for (int s = 1; s <= m->nsessions_closed; s++) {
		if (!vb_disc_add_session(d))
			goto err;
		for (int i = 0; i < m->ntracks; i++) {
			const struct media_track *mt = &m->tracks[i];
			struct vb_extent e = {
				.sectors = mt->length,
				.data = VB_DATA_USER,
				.src = iso,
				.offset = (uint64_t)mt->start * 2048,
				.stride = 2048,
				.data_size = 2048,
			};
			struct vb_track *t;

			if (mt->session != s)
				continue;
			t = vb_disc_add_track(d);
			if (!t)
				goto err;
			t->number = (uint16_t)(i + 1);
			t->session = (uint16_t)s;
			t->start = mt->start;
			t->length = mt->length;
			if (m->info->family == VB_FAM_CD &&
			    vb_medium_session_first_track(m, s) == i + 1) {
				t->pregap = 150;
				r = vb_track_add_zero(t, 150);
				if (r)
					goto err;
			}
			r = vb_track_add_extent(t, &e);
			if (r)
				goto err;
		}
	}
	d->open = !m->finalized;
	r = vb_disc_finish(d, m->path, diag);
	if (r)
		goto err;
	*out = d;
	return 0;
err:
	vb_disc_unref(d);
	return r;
}

/* path with its extension replaced by "." fmt. */
static int capture_path(const char *iso, const char *fmt, char *buf, size_t len)
{
	const char *dot = strrchr(iso, '.');
	size_t stem =
		dot && !strchr(dot, '/') ? (size_t)(dot - iso) : strlen(iso);
	int n = snprintf(buf, len, "%.*s.%s", (int)stem, iso, fmt);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int vb_capture_write(const struct vb_medium *m, const char *fmt, char *err,
		     size_t errlen)
{
	struct vb_diag diag = { "" };
	struct vb_src *iso = NULL;
	struct vb_disc *d = NULL;
	char path[4096];
	int r;

	if (!fmt || !strcmp(fmt, "iso") || m->nsessions_closed == 0)
		return 0;
	r = capture_path(m->path, fmt, path, sizeof(path));
	if (r)
		goto out;
	r = vb_src_open(&iso, m->path);
	if (r) {
		vb_diag_set(&diag, m->path, "%s", strerror(-r));
		goto out;
	}
	r = capture_disc(m, iso, &d, &diag);
	if (r)
		goto out;
	r = vb_img_write(d, path, fmt, NULL, &diag);
	if (!r)
		log_info("captured %s", path);
out:
	if (r)
		snprintf(err, errlen, "%s",
			 diag.msg[0] ? diag.msg : strerror(-r));
	vb_disc_unref(d);
	vb_src_unref(iso);
	return r;
}
