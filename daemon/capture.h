/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture in formats other than the drive's own flat ISO: after every
 * closed session the closed sessions (an immutable disc snapshot, see
 * vb_medium_capture_disc) are written as NRG, CCD, MDS or CUE/BIN by the
 * formats library's writer, on a worker thread of the drive, off the
 * drive lock (docs/architecture.md "The medium is a disc").
 */
#ifndef VB_CAPTURE_H
#define VB_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "media.h"

/* Is fmt a capture format the daemon accepts ("iso", "nrg", ...)? NULL is
 * the default and always accepted. */
bool vb_capture_format_ok(const char *fmt);

/*
 * The capture format --format auto picks for d (docs/architecture.md "The
 * medium is a disc"): ISO for a disc of 2048-byte data only (the flat store
 * already is that ISO); otherwise the lossless image most readers accept,
 * CUE/BIN (CD-TEXT in a .cdt beside it), or CCD/IMG/SUB when subchannel was
 * recorded.
 */
const char *vb_capture_auto(const struct vb_disc *d);

/*
 * Can fmt (NULL, "auto" and "iso" always can) hold a disc of this kind?
 * 0, or -EMEDIUMTYPE with the format writer's reason in err ("a CloneCD
 * image holds only CDs"): asked when a blank goes in, so that a burn is
 * not captured into nothing.
 */
int vb_capture_format_holds(const char *fmt, enum vb_disc_kind kind, char *err,
			    size_t errlen);

/* Called on the worker thread with a one-line reason when a capture fails
 * (the caller may take its drive lock: the worker holds no lock then). */
typedef void (*vb_capture_error_fn)(void *ctx, const char *msg);

struct vb_capture;

/* Starts a drive's capture worker; NULL on failure. */
struct vb_capture *vb_capture_new(vb_capture_error_fn on_error, void *ctx);
/*
 * With dedup, a CHD capture is written as a child of the most similar
 * earlier CHD in its directory (vb_chd_pick_parent, docs/chd.md "Dedup").
 */
void vb_capture_set_dedup(struct vb_capture *c, bool dedup);
/*
 * The recorded medium whose store is the flat file store leaves the drive.
 * With dedup, once its CHD capture is written and reads back as the whole
 * disc, and the disc was finalized (nothing more can be appended to it),
 * the store (the flat file, its .vblog and the .vbd manifest) is removed:
 * the CHD is then the disc's one copy, so ten burns of nearly the same
 * disc cost little more than one (docs/chd.md "Dedup of captures").
 */
void vb_capture_leave(struct vb_capture *c, const char *store, bool finalized);
/* Writes what was submitted, then stops the worker. NULL-safe. */
void vb_capture_free(struct vb_capture *c);
/*
 * Queues disc (the reference passes to the worker) to be written as path
 * in fmt (disc NULL: vb_capture_leave's job for the store at path). A queued job for the same file that has not started is dropped:
 * the newer disc contains it. Never blocks on a running capture.
 */
int vb_capture_submit(struct vb_capture *c, struct vb_disc *disc,
		      const char *path, const char *fmt);
/* Waits until everything submitted is written (eject, shutdown). Must not
 * be called with the drive lock held. */
void vb_capture_wait(struct vb_capture *c);
/* Is a capture queued or running? last_seconds: the last one's duration. */
bool vb_capture_busy(struct vb_capture *c, double *last_seconds);

#endif
