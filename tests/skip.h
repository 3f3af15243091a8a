/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A test that cannot run here (third-party data absent, a tool not
 * built) says so: a "SKIP: why" line, and a line in the file
 * VBURN_SKIP_LOG names, which check_main.c counts after the run and
 * reports as skipped. Check itself knows only pass and fail, and runs
 * each test in a child process, so the count goes through a file.
 */
#ifndef VBURN_TESTS_SKIP_H
#define VBURN_TESTS_SKIP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((format(printf, 1, 2))) static inline void
vb_test_skip(const char *fmt, ...)
{
	const char *log = getenv("VBURN_SKIP_LOG");
	char why[600];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("SKIP: %s\n", why);
	fflush(stdout);
	f = log ? fopen(log, "a") : NULL;
	if (f) {
		fprintf(f, "%s\n", why);
		fclose(f);
	}
}

#endif
