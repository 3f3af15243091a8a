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
 * Before vburnd gives up root (--user): forks the helper that keeps it
 * for what the front end needs it for (configfs objects, uio rings;
 * tcmu/tcmu_priv.c), so that drives can still be added, removed and
 * exported, and all of it removed at the stop. Call it while vburnd has
 * one thread. 0, or -1 with a one-line reason in err.
 */
int tcmu_priv_start(char *err, size_t errlen);
/* Ends the helper (after the last drive is stopped). */
void tcmu_priv_stop(void);

/*
 * Creates the configfs objects of drive INDEX, starts the thread serving
 * its ring, links the LUN and waits for the kernel's /dev/srN. The drive
 * is borrowed and must outlive the front end. Returns an owned front end,
 * or NULL with a one-line reason in err; on failure everything created so
 * far is removed again.
 */
struct tcmu_front *tcmu_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen);

/*
 * The iSCSI export of a drive (design.md: --iscsi PORTAL, --iscsi-allow,
 * --iscsi-auth; docs/architecture.md "iSCSI export").
 */
struct tcmu_export {
	const char *portal; /* "ADDR:PORT" or "[IPv6]:PORT" */
	const char *allow;  /* initiator names, a comma list */
	/* CHAP credentials: the file's name (for messages) and its text as
	 * vb_peer_read_secret() read it; NULL: none */
	const char *auth_name;
	const char *auth_text;
};

/*
 * Exports the drive over iSCSI through LIO (the same drive as the local
 * LUN, each initiator on a port of its own). Returns 0, or -1 with a
 * one-line reason in err and nothing exported. Refused if exported.
 */
int tcmu_front_export(struct tcmu_front *f, const struct tcmu_export *x,
		      char *err, size_t errlen);
/* Ends the export (sessions of initiators are dropped). NULL-safe. */
void tcmu_front_unexport(struct tcmu_front *f);
/* The target's IQN, or "" when not exported. */
const char *tcmu_front_iqn(const struct tcmu_front *f);
/* The portal, or "". */
const char *tcmu_front_portal(const struct tcmu_front *f);
/* The initiators logged in, a comma list in buf; returns how many. */
int tcmu_front_sessions(const struct tcmu_front *f, char *buf, size_t len);

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
