/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One logger with levels and a per-file tag (docs/style.md R24). Library code
 * logs only through this; only main() and the tools print directly.
 * Defined in formats/log.c (stderr), so the formats library needs nothing
 * from daemon/; the tools get the formats' warnings on stderr as they are.
 */
#ifndef VBURN_LOG_H
#define VBURN_LOG_H

enum vb_log_level { VB_LOG_ERR, VB_LOG_WARN, VB_LOG_INFO, VB_LOG_DEBUG };

extern enum vb_log_level vb_log_threshold;

void vb_log(enum vb_log_level lvl, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifndef LOG_TAG
#define LOG_TAG "vburn"
#endif

#define log_err(...) vb_log(VB_LOG_ERR, LOG_TAG, __VA_ARGS__)
#define log_warn(...) vb_log(VB_LOG_WARN, LOG_TAG, __VA_ARGS__)
#define log_info(...) vb_log(VB_LOG_INFO, LOG_TAG, __VA_ARGS__)
#define log_dbg(...)                                                \
	do {                                                        \
		if (vb_log_threshold >= VB_LOG_DEBUG)               \
			vb_log(VB_LOG_DEBUG, LOG_TAG, __VA_ARGS__); \
	} while (0)

#endif
