/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Waiting in the front ends: the short sleeps of their polls for
 * devices the kernel creates (sysfs nodes, uio devices, a CUSE node).
 */
#ifndef VBURN_CLOCK_H
#define VBURN_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Sleeps ms milliseconds (a signal may end it early: callers poll). */
static inline void vb_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Milliseconds of CLOCK_MONOTONIC: for intervals, never for dates. */
static inline uint64_t vb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

#endif
