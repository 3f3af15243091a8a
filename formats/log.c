/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The logger behind include/vburn/log.h: one line per message on stderr.
 * It lives in formats/, the bottom layer of libvburn, so that the formats
 * library (its readers warn about odd but usable images) links and works
 * with nothing from daemon/: vburn-img links formats/ alone (Makefile),
 * and the daemon, which sits on top of formats/, logs through it too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "vburn/bytes.h"
#include "vburn/log.h"

enum vb_log_level vb_log_threshold = VB_LOG_INFO;

void vb_log(enum vb_log_level lvl, const char *tag, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info",
					     "debug" };
	char line[1024];
	size_t n = 0;
	va_list ap;
	int r;

	if (lvl > vb_log_threshold)
		return;
	if (vb_log_threshold >= VB_LOG_DEBUG) {
		/* Debug logs are for timing questions too: monotonic time. */
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = snprintf(line, sizeof(line), "%ld.%06ld ", (long)ts.tv_sec,
			     ts.tv_nsec / 1000);
		n = r > 0 ? (size_t)r : 0;
	}
	r = snprintf(line + n, sizeof(line) - n, "vburn[%s] %s: ", tag,
		     names[lvl]);
	n += r > 0 ? (size_t)r : 0;
	va_start(ap, fmt);
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	n = VB_MIN(n + (r > 0 ? (size_t)r : 0), sizeof(line) - 2);
	line[n++] = '\n';
	/* One write per line: threads (front ends, control socket) log at
	 * once, and their lines must not interleave with stdout's. */
	fwrite(line, 1, n, stderr);
}
