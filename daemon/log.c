/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The logger behind include/vburn/log.h: one line per message on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "vburn/log.h"

enum vb_log_level vb_log_threshold = VB_LOG_INFO;

void vb_log(enum vb_log_level lvl, const char *tag, const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info",
					     "debug" };
	va_list ap;

	if (lvl > vb_log_threshold)
		return;
	if (vb_log_threshold >= VB_LOG_DEBUG) {
		/* Debug logs are for timing questions too: monotonic time. */
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		fprintf(stderr, "%ld.%06ld ", (long)ts.tv_sec,
			ts.tv_nsec / 1000);
	}
	fprintf(stderr, "vburn[%s] %s: ", tag, names[lvl]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
