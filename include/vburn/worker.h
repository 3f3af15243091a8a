/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A thread that serves a file descriptor until it is asked to stop: the
 * shape every front end's serving thread has (a CUSE session, a TCMU
 * ring, the module's device) and the iSCSI login watcher. The thread
 * polls its own descriptors and stop_fd, an eventfd, and returns when
 * stop_fd is readable; vb_worker_stop() makes it so and joins it, so no
 * signal is needed to end a thread blocked in poll().
 */
#ifndef VBURN_WORKER_H
#define VBURN_WORKER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct vb_worker {
	int stop_fd; /* eventfd; -1 before vb_worker_start() */
	pthread_t thread;
	bool started;
};

/* A worker that has not started: what vb_worker_stop() may be given. */
#define VB_WORKER_INIT        \
	{                     \
		.stop_fd = -1 \
	}

/*
 * Creates stop_fd, then runs fn(arg) on a new thread (fn may read
 * w->stop_fd at once). 0, or -1 with the reason in err and nothing left.
 */
int vb_worker_start(struct vb_worker *w, void *(*fn)(void *), void *arg,
		    char *err, size_t errlen);

/* Wakes the thread through stop_fd, joins it and closes stop_fd.
 * Harmless on a worker that never started or has stopped. */
void vb_worker_stop(struct vb_worker *w);

#endif
