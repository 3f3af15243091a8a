/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel front end: target_core_user (TCMU) + tcm_loop. Per drive it
 * creates a TCMU user backstore and a loopback target in configfs, serves
 * the backstore's command ring on its own thread, and links the LUN, so
 * that the kernel scans a type-5 device and binds sr and sg to it: a real
 * /dev/srN + /dev/sgN backed by the drive (docs/clients.md 4.1).
 */
#ifndef VBURN_TCMU_H
#define VBURN_TCMU_H

#include <stddef.h>

struct vb_drive;
struct tcmu_front;

/*
 * Checks that configfs is mounted and target_core_user is loaded, so a
 * caller can fail before creating anything. Returns 0, or -errno with a
 * one-line reason (e.g. "target_core_user not available: modprobe
 * target_core_user").
 */
int tcmu_front_check(char *err, size_t errlen);

/*
 * Creates the configfs objects of drive INDEX, starts the thread serving
 * its ring, links the LUN and waits for the kernel's /dev/srN. The drive
 * is borrowed and must outlive the front end. Returns an owned front end,
 * or NULL with a one-line reason in err; on failure everything created so
 * far is removed again.
 */
struct tcmu_front *tcmu_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen);

/* "/dev/srN" of a started front end. */
const char *tcmu_front_sr(const struct tcmu_front *f);
/* "/dev/sgN", or "" if sg is not bound. */
const char *tcmu_front_sg(const struct tcmu_front *f);

/*
 * Unlinks the LUN (still serving the ring, since the kernel's removal may
 * send commands), removes the configfs objects in reverse order, stops the
 * thread. NULL-safe.
 */
void tcmu_front_stop(struct tcmu_front *f);

#endif
