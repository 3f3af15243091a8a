/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virtual drive: public API used by front ends, the control socket and
 * tests. Everything here is thread-safe: each call takes the drive lock.
 */
#ifndef VBURN_DRIVE_H
#define VBURN_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/cmd.h"

/* Media kinds a blank can be inserted as (docs/architecture.md, --media). */
enum vb_media {
	VB_MEDIA_NONE = 0,
	VB_MEDIA_CD_R,
	VB_MEDIA_CD_RW,
	VB_MEDIA_DVD_R,
	VB_MEDIA_DVD_RW,
	VB_MEDIA_DVD_PLUS_R,
	VB_MEDIA_DVD_PLUS_RW,
	VB_MEDIA_DVD_PLUS_R_DL,
	VB_MEDIA_BD_R,
	VB_MEDIA_BD_RE,
	/* Pressed media: what a loaded image is (never a blank). */
	VB_MEDIA_CD_ROM,
	VB_MEDIA_DVD_ROM,
	VB_MEDIA_BD_ROM,
	VB_MEDIA__COUNT
};

/* Parses a --media name ("cd-r", "dvd+r", ...). Returns -1 if unknown. */
int vb_media_parse(const char *name);
/* The --media name of a kind; "none" for VB_MEDIA_NONE. */
const char *vb_media_name(enum vb_media m);

struct vb_drive_opts {
	int index;	       /* drive number, used in default image names */
	const char *image_dir; /* where captured images go; borrowed, copied */
	const char *format;    /* capture format name, NULL for the default */
	bool dedup; /* CHD captures are children of alike ones (docs/chd.md) */
	unsigned op_ms; /* simulated time of BLANK, FORMAT UNIT, CLOSE (0) */
};

struct vb_drive;

/* Returns an owned drive with an empty tray, or NULL (errno set). */
struct vb_drive *vb_drive_new(const struct vb_drive_opts *opts);
/* Closes open images cleanly. NULL-safe. */
void vb_drive_free(struct vb_drive *d);

/*
 * Executes one command. The front end fills cdb, cdb_len, dir, buf,
 * buf_len and port; the drive fills status, sense, sense_len and
 * xfer_len. Never fails: every error is a CHECK CONDITION.
 */
void vb_drive_exec(struct vb_drive *d, struct vb_cmd *cmd);

/*
 * Ports: each path commands come by (a CUSE node, a kernel LUN, one
 * iSCSI initiator) opens its own, so that a media change reaches each as
 * its own unit attention and GESN event, and so that while one port
 * records, the others' write-type commands are refused (NOT READY 04/08).
 * Port 0 is always open (commands with port 0 share it). Returns a port
 * number for vb_cmd.port, or 0 when all VB_PORTS are taken.
 */
#define VB_PORTS 32
unsigned vb_drive_port_open(struct vb_drive *d);
/* Closes a port (a front end going away); closing port 0 does nothing. */
void vb_drive_port_close(struct vb_drive *d, unsigned port);

/*
 * Inserts a blank medium. capacity is in 2048-byte sectors (0: the usual
 * size of that medium); output is the image path (NULL: a fresh name in
 * the image directory); format the capture format for this medium (NULL:
 * the drive's). Returns 0 or a negative errno; err gets a one-line
 * reason.
 */
int vb_drive_insert_blank(struct vb_drive *d, enum vb_media media,
			  uint64_t capacity, const char *output,
			  const char *format, char *err, size_t errlen);

/*
 * Loads an image file (ISO, CUE/BIN, cdrdao TOC, NRG, CCD/IMG/SUB, MDS/MDF,
 * or a capture's .vbd manifest) as a read-only disc, replacing the medium
 * in the drive. The profile follows the image (CD-ROM, DVD-ROM, BD-ROM);
 * programs see a media change (UNIT ATTENTION 28/00, a GESN new-media
 * event). On failure the drive keeps its medium and err names the file
 * and the reason. writable (append to the image) is not supported yet.
 */
int vb_drive_load(struct vb_drive *d, const char *path, bool writable,
		  char *err, size_t errlen);

/* vb_drive_load for a control socket peer (NULL: ourselves): the image
 * and every file it names are opened with the peer's rights. */
struct vb_peer;
int vb_drive_load_as(struct vb_drive *d, const char *path, bool writable,
		     const struct vb_peer *peer, char *err, size_t errlen);

/* Is fmt a capture format ("iso", "nrg", "ccd", "mds", "cue")? */
bool vb_drive_format_ok(const char *fmt);

/* Waits until every capture queued so far is written (captures run on a
 * worker thread after each closed session). */
void vb_drive_sync(struct vb_drive *d);

/* Ejects the medium (if any) and closes its image, after its captures are
 * written. Returns 0 or -errno. */
int vb_drive_eject(struct vb_drive *d);

/*
 * Is a recording under way: a track open for writing, a cue sheet
 * whose blocks are still coming, or blocks written to an overwritable
 * disc since its last commit (SYNCHRONIZE CACHE, CLOSE)? Front ends use it to refuse a second
 * writer (the O_EXCL that CUSE cannot see, docs/clients.md 1.8).
 */
bool vb_drive_recording(struct vb_drive *d);

/*
 * A client opened the drive's node (CUSE). Status counts the pauses
 * between a client's commands; the time before the first command of a
 * new open is not one.
 */
void vb_drive_note_open(struct vb_drive *d);

/*
 * Writes the drive's state as one JSON object (docs/architecture.md's
 * disc shape) into buf. Returns the length it needed (like snprintf).
 */
size_t vb_drive_status_json(struct vb_drive *d, char *buf, size_t len);

/* Human-readable status, a few lines. Same return convention. */
size_t vb_drive_status_text(struct vb_drive *d, char *buf, size_t len);

#endif
