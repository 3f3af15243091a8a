/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A serving thread ended through an eventfd (include/vburn/worker.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define LOG_TAG "worker"
#include "vburn/log.h"
#include "vburn/worker.h"

int vb_worker_start(struct vb_worker *w, void *(*fn)(void *), void *arg,
		    char *err, size_t errlen)
{
	int ret;

	w->started = false;
	w->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (w->stop_fd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		return -1;
	}
	ret = pthread_create(&w->thread, NULL, fn, arg);
	if (ret) {
		snprintf(err, errlen, "cannot start a thread: %s",
			 strerror(ret));
		close(w->stop_fd);
		w->stop_fd = -1;
		return -1;
	}
	w->started = true;
	return 0;
}

void vb_worker_stop(struct vb_worker *w)
{
	const uint64_t one = 1;

	if (w->started) {
		/* an eventfd write of 1 cannot block or be short */
		if (write(w->stop_fd, &one, sizeof(one)) != sizeof(one))
			log_err("cannot wake a thread to stop: %s",
				strerror(errno));
		pthread_join(w->thread, NULL);
		w->started = false;
	}
	if (w->stop_fd >= 0)
		close(w->stop_fd);
	w->stop_fd = -1;
}
