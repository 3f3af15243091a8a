/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CUSE front end: one character device (/dev/<name>) per drive that
 * answers SG_IO, CDROM_SEND_PACKET and the other SG/SCSI/CDROM ioctls by
 * translating them into struct vb_cmd for the drive (docs/clients.md 1).
 */
#ifndef VBURN_CUSE_H
#define VBURN_CUSE_H

#include <stddef.h>

struct vb_drive;
struct cuse_front;

/*
 * Creates /dev/<devname> (e.g. "sr31") through /dev/cuse and starts a
 * thread serving it. The drive is borrowed and must outlive the front end.
 * Waits until the node exists, then makes it root:cdrom 0660. Returns an
 * owned front end, or NULL with a one-line reason in err (e.g. "cannot
 * open /dev/cuse: No such file or directory (try 'modprobe cuse')").
 */
struct cuse_front *cuse_front_start(struct vb_drive *d, const char *devname,
				    char *err, size_t errlen);

/*
 * Checks that /dev/cuse can be opened (module loaded, permissions), so a
 * caller can fail before creating anything. Returns 0, or -errno with the
 * same one-line reason cuse_front_start would give.
 */
int cuse_front_check(char *err, size_t errlen);

/* Stops the thread and removes the device. NULL-safe. */
void cuse_front_stop(struct cuse_front *f);

#endif
