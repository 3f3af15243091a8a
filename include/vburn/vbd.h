/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drive's manifest, <stem>.vbd (docs/vbd.md; docs/architecture.md "The
 * medium is a disc"): a small text file that describes a disc (its whole struct
 * vb_disc: layout, extents, the file each extent reads, CD-TEXT, MCN and ISRC)
 * plus the drive's write state beyond the disc. The drive writes it at every
 * commit point; reloading it gives back the same disc over the same files. It
 * is also an image format of the registry (vbd_ops in include/vburn/img.h,
 * read-only), so vburn-img and the daemon's load read it like any image.
 *
 * Files: every data file is named in the manifest once, with the number
 * of bytes of it that were committed. Names of files in the manifest's
 * directory (or below it) are stored relative to it, so a directory of
 * images can be moved; others are stored absolute.
 */
#ifndef VBURN_VBD_H
#define VBURN_VBD_H

#include <stdbool.h>
#include <stdint.h>

#include "vburn/disc.h"

/* The drive's append-only log beside its manifest: <stem>.vblog, which
 * holds what the flat store does not (docs/vbd.md). */
#define VB_VBD_LOG_EXT "vblog"

/* One data file of the manifest. */
struct vb_vbd_file {
	/*
	 * Owned. On save: the file as the drive names it (the name its
	 * byte source was opened with, absolute or relative to the current
	 * directory). On load: the name resolved against the manifest's
	 * directory, ready to open.
	 */
	char *path;
	/*
	 * Bytes of the file that belong to the disc. An append-only log may
	 * be longer on disk after a crash: a reload cuts it back to this.
	 */
	uint64_t committed;
	/* Load only: the file's size when it was loaded (>= committed). */
	uint64_t size;
};

#define VB_VBD_MEDIA_MAX 16

/*
 * The drive's write state beyond the disc (docs/architecture.md "The
 * medium is a disc").
 */
struct vb_vbd_state {
	/*
	 * The --media name of the medium ("cd-r", "dvd+r", "bd-r", ...), or
	 * "cd-rom"/"dvd-rom"/"bd-rom" for a loaded read-only disc: 1..15
	 * characters of [a-z0-9+._-] (upper case allowed), NUL-terminated.
	 */
	char media[VB_VBD_MEDIA_MAX];
	uint32_t capacity;  /* user-area sectors of the medium */
	int32_t next_start; /* LBA where the next track may start */
	bool finalized;	    /* no more sessions may be added */
	/*
	 * The drive's files with their committed lengths (the flat file,
	 * the log). Files the disc's extents read that are not listed here
	 * are written with their byte source's size as committed length.
	 */
	unsigned n_files;
	struct vb_vbd_file *files; /* owned */
};

/* Empties st (no media, no files); st need not have been initialised. */
void vb_vbd_state_init(struct vb_vbd_state *st);
/* Frees the files of st and empties it. NULL-safe. */
void vb_vbd_state_fini(struct vb_vbd_state *st);

/*
 * Sets the committed length of path (copied) in st, adding the file if st
 * does not name it yet (same string). 0 or -ENOMEM.
 */
int vb_vbd_state_set_file(struct vb_vbd_state *st, const char *path,
			  uint64_t committed)
	__attribute__((warn_unused_result));

/*
 * Writes the manifest of d (borrowed; finished, or empty for a blank medium)
 * and st (borrowed) as path, atomically and durably: the text goes to a
 * temporary file beside path, which is fsync'ed, renamed over path, and the
 * directory is fsync'ed (docs/architecture.md "Commit points"). Before anything
 * is written it checks that every data file exists, is a regular file at least
 * as long as its committed length, and holds every extent that reads it within
 * that length. Returns 0, or a negative errno with one line in diag naming path
 * and the step or file that failed; the previous manifest at path is then
 * unchanged and no temporary file is left behind (a failed fsync of the
 * directory after the rename leaves the new manifest in place, not known to be
 * durable).
 */
int vb_vbd_save(const char *path, const struct vb_disc *d,
		const struct vb_vbd_state *st, struct vb_diag *diag)
	__attribute__((warn_unused_result));

/*
 * Reads the manifest at path. On success *out is an owned disc (finished
 * by vb_disc_finish(); empty, with no sessions, for a blank medium) whose
 * extents read the manifest's files, and *st (if st is not NULL) is
 * initialised with the write state and every file of the manifest (the
 * caller frees it with vb_vbd_state_fini). Parsing is strict: a
 * malformed manifest gives -EINVAL and "<path>: line N: what is wrong";
 * a data file that is missing, not a regular file (device nodes and FIFOs
 * are never opened) or shorter than committed gives a negative errno and
 * "<path>: <file>: reason". Data files are opened and measured, never
 * read. On failure *out is NULL and *st empty.
 */
int vb_vbd_load(const char *path, struct vb_disc **out, struct vb_vbd_state *st,
		struct vb_diag *diag) __attribute__((warn_unused_result));

#endif
