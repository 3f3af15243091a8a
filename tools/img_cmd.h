/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the vburn-img commands share (tools/vburn-img.c): the one-line
 * failure, the usage error and opening an image. Exit statuses follow
 * docs/architecture.md: 0 success, 1 failure, 2 usage error.
 */
#ifndef VBURN_TOOLS_IMG_CMD_H
#define VBURN_TOOLS_IMG_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs.h"
#include "vburn/disc.h"

/* Prints "vburn-img: MESSAGE" on stderr; returns 1. */
int img_cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage on stderr; returns 2. */
int img_cmd_usage(void);
/* Opens an image of any readable format: 0, or 1 with the reason printed. */
int img_cmd_open(const char *path, struct vb_disc **d);

/*
 * Opens the file tree c chooses in the image at path (tools/img_files.c):
 * 0, or 1 with the reason printed.
 */
int img_cmd_open_tree(const char *path, const struct fs_choice *c,
		      struct fs **fs);

/* The commands of tools/img_files.c: exit statuses. */
int img_cmd_ls(int argc, char **argv);
int img_cmd_get(int argc, char **argv);
/* tools/img_mount.c */
int img_cmd_mount(int argc, char **argv);
/* tools/img_burn.c */
int img_cmd_burn(int argc, char **argv);
/* tools/img_hash.c */
int img_cmd_hash(int argc, char **argv);
/*
 * Refuses, in one line, to remove or overwrite (verb) the CHD at path
 * that kids CHDs beside it, child one of them, have as parent; returns 1.
 */
int img_cmd_kept_parent(const char *path, const char *verb, const char *child,
			int kids);
/* tools/img_rm.c */
int img_cmd_rm(int argc, char **argv);
/*
 * The address of the one writable drive present (tools/img_drive.c): 0,
 * or 1 with the reason printed (none, or several: named).
 */
int img_drive_find(char *adr, size_t len);

/*
 * One command through SG_IO on fd (tools/img_sg.c): dir IMG_SG_FROM_DEV or
 * IMG_SG_TO_DEV (len 0: no data). 0 GOOD; a CHECK CONDITION's sense as
 * key << 16 | ASC << 8 | ASCQ (IMG_SG_NO_SENSE: a failure without sense);
 * -errno when the command could not be sent.
 */
#define IMG_SG_FROM_DEV 0
#define IMG_SG_TO_DEV 1
#define IMG_SG_NO_SENSE 0xff0000
int img_sg_run(int fd, const uint8_t *cdb, unsigned cdb_len, int dir, void *buf,
	       unsigned len, unsigned timeout_ms);

/*
 * The CD-TEXT a burn writes into session 1's lead-in (tools/img_burn.c):
 * d's own packs (*packs borrowed), else packs made of its strings (a CUE
 * or TOC holds strings only; *owned, for the caller to free); *len 0:
 * none. 0, or 1 with the reason printed.
 */
int img_burn_cdtext(const struct vb_disc *d, const char *image,
		    const uint8_t **packs, uint8_t **owned, size_t *len);

/*
 * Burns sessions from..to (0-based) of d to the drive at device Session At
 * Once over SG_IO (tools/img_sao.c), for discs libburn cannot write as
 * they are. 0, or 1 with the reason printed.
 */
struct img_sao_opts {
	const char *image, *device;
	bool dummy, eject, blank;
	int speed;	/* x, 0: the drive's best */
	const bool *rw; /* by track number (100): its R-W are kept */
};
int img_sao_burn(struct vb_disc *d, unsigned from, unsigned to,
		 const struct img_sao_opts *o);

#endif
