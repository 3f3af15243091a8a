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
	struct vb_disc *d = NULL;
	char path[4096];
	int r;

	if (!fmt || !strcmp(fmt, "iso") || m->nsessions_closed == 0)
		return 0;
	r = capture_path(m->path, fmt, path, sizeof(path));
	if (r)
		goto out;
	r = vb_medium_capture_disc(m, &d, &diag);
	if (r || !d)
		goto out;
	r = vb_img_write(d, path, fmt, NULL, &diag);
	if (!r)
		log_info("captured %s", path);
out:
	if (r)
		snprintf(err, errlen, "%s",
			 diag.msg[0] ? diag.msg : strerror(-r));
	vb_disc_unref(d);
	return r;
}
