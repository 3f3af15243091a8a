/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to cuse/ (and tests/check_cuse.c): which device number the CUSE
 * node asks for. Pure apart from looking at sysfs, so it can be tested
 * against a fake sysfs tree.
 */
#ifndef VBURN_CUSE_DEVNUM_H
#define VBURN_CUSE_DEVNUM_H

/*
 * The character major our nodes ask for: 11, the major of sr's block
 * nodes (SCSI_CDROM_MAJOR). libcdio-paranoia (cd-paranoia) takes a node
 * only if st_rdev >> 8 is one of the CD-ROM majors it lists
 * (lib/cdda_interface/scan_devices.c, cdda_identify_device_cdio: "... is
 * not a cooked ioctl CDROM."), so with the dynamic major CUSE hands out
 * it refuses the drive before it sends a single command. No character
 * driver on a PC registers major 11 (devices.txt: raw keyboard, SPARC
 * only). quirk:cd-paranoia-cdrom-major, docs/clients/rippers.md.
 */
#define CUSE_DEVNUM_MAJOR 11u

/*
 * The check reads st_rdev >> 8, and glibc's dev_t keeps minor bits above
 * 7 above the major: only minors 0..255 leave the major alone.
 */
#define CUSE_DEVNUM_MINORS 256

/*
 * A minor for a new node of CUSE_DEVNUM_MAJOR, or -1 if none is free.
 * Counts down from 255 past every minor that SYSFS (normally "/sys")
 * shows in use as a character device (another vburnd's node) or a block
 * device (a real sr drive; those count up from 0, and libburn's
 * burn_drive_find_devno matches st_rdev without the file type, so a
 * char node with a real drive's number could be taken for that drive:
 * quirk:libburn-devno, docs/clients/xorriso-libburn.md). Borrows sysfs.
 */
int cuse_devnum_pick_minor(const char *sysfs);

#endif
