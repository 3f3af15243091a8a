/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburnd's options (daemon/config.c): the command line and the config
 * file, resolved into what each drive gets.
 */
#ifndef VB_CONFIG_H
#define VB_CONFIG_H

#include <limits.h>
#include <stdbool.h>

#define VB_MAX_DRIVES 32

/* The front ends of a --frontend list (vb_frontends). */
#define VB_FRONT_CUSE 1u
#define VB_FRONT_TCMU 2u
#define VB_FRONT_KMOD 4u

/* What one drive may have of its own ([drive N] in the config file). */
struct vb_drive_cfg {
	char frontend[16]; /* cuse, tcmu, kmod, or a comma list of them */
	char node[64];	   /* "": a free srN */
	char image_dir[PATH_MAX];
	char format[32]; /* "": auto */
	char media[32];	 /* a blank type, or "none" */
	/* iSCSI export (tcmu only): portal "": none; allow: initiator
	 * names, a comma list; auth: a CHAP credentials file or "" */
	char iscsi[80];
	char iscsi_allow[4096];
	char iscsi_auth[PATH_MAX];
	char dedup[4]; /* "yes": captures are children (--format chd) */
};

struct vb_opts {
	bool foreground, verbose;
	int drives;
	char socket[PATH_MAX];
	char group[64]; /* "": cdrom where it exists */
	char user[64];	/* "": keep the user vburnd started as */
	unsigned op_ms;
	/* the global keys and the flags: every drive's defaults */
	struct vb_drive_cfg all;
	/* after vb_opts_parse(): drive i's values, complete (image_dir
	 * absolute), for i < drives */
	struct vb_drive_cfg drive[VB_MAX_DRIVES];
};

/*
 * Fills o from argv and the config file given with -c: -1 to go on, or
 * the exit status (0 after --help/--version, 1 an unreadable file, 2 a
 * usage error, printed as one line; a config error names file and line).
 */
int vb_opts_parse(struct vb_opts *o, int argc, char **argv);

/* The VB_FRONT_* bits of a list like "cuse,kmod"; 0 if a name is
 * unknown, repeated, or the list is empty. */
unsigned vb_frontends(const char *list);

#endif
