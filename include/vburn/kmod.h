/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kmod front end (issue 12): a drive served through our own kernel
 * module, kmod/vburn_hba.c. Opening /dev/vburn-hba makes the kernel add a
 * SCSI CD device that sr and sg bind to: a real /dev/srN + /dev/sgN, on
 * any kernel the module builds for, without root (the node belongs to
 * group cdrom). Protocol: include/vburn/hba.h.
 */
#ifndef VBURN_KMOD_H
#define VBURN_KMOD_H

#include <stddef.h>

struct vb_drive;
struct kmod_front;

/* The module's control device. */
#define VB_KMOD_DEV "/dev/vburn-hba"

/*
 * Checks that the module is loaded and its device usable by us, so a
 * caller can fail before creating anything. 0, or -errno with a one-line
 * reason saying what to do.
 */
int kmod_front_check(char *err, size_t errlen);

/*
 * Opens a device for drive index, starts the thread serving its commands
 * and waits for the kernel's /dev/srN. The drive is borrowed and must
 * outlive the front end. An owned front end, or NULL with a one-line
 * reason in err.
 */
struct kmod_front *kmod_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen);

/* "/dev/srN" of a started front end. */
const char *kmod_front_sr(const struct kmod_front *f);
/* "/dev/sgN", or "" if sg is not bound. */
const char *kmod_front_sg(const struct kmod_front *f);

/*
 * Stops the thread and closes the device: the module fails what is still
 * pending and removes the SCSI device. NULL-safe.
 */
void kmod_front_stop(struct kmod_front *f);

#endif
