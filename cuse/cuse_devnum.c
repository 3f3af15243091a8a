/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CUSE node's device number (cuse_devnum.h): char major 11 with a
 * minor no other device uses, so that libcdio-paranoia takes the node
 * for a CD-ROM drive (quirk:cd-paranoia-cdrom-major).
 */
#include <stdio.h>
#include <sys/stat.h>

#include "cuse_devnum.h"

/* Whether SYSFS/dev/KIND/MAJOR:MINOR exists (KIND "char" or "block"). */
static int devnum_used(const char *sysfs, const char *kind, unsigned int minor)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/dev/%s/%u:%u", sysfs, kind,
		 CUSE_DEVNUM_MAJOR, minor);
	return lstat(path, &st) == 0;
}

int cuse_devnum_pick_minor(const char *sysfs)
{
	int minor;

	for (minor = CUSE_DEVNUM_MINORS - 1; minor >= 0; minor--) {
		if (!devnum_used(sysfs, "char", (unsigned int)minor) &&
		    !devnum_used(sysfs, "block", (unsigned int)minor))
			return minor;
	}
	return -1;
}
