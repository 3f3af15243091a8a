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

/*
 * Opens up to n (at most VB_CUSE_SPARES) /dev/cuse descriptors and keeps
 * them for cuse_front_start, which takes one before opening /dev/cuse
 * itself: vburnd --user calls it before giving root up, so that drives
 * added later still get a device. 0, or -errno of the open that failed
 * (the ones opened are kept).
 */
#define VB_CUSE_SPARES 32
int cuse_front_reserve(unsigned n);
/* Closes the descriptors cuse_front_reserve kept and no drive took. */
void cuse_front_release(void);

/* Stops the thread and removes the device. NULL-safe. */
void cuse_front_stop(struct cuse_front *f);

#endif
