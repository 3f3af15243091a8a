/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Image formats (docs/style.md R13/R14): one static const struct img_ops per
 * format, a compiled-in registry in formats/img.c, and the wrappers every
 * caller goes through. A reader turns an image file into a finished
 * struct vb_disc (include/vburn/disc.h); a writer turns a disc into image
 * file(s), streaming sectors through vb_disc_read().
 *
 * Errors: 0 or a negative errno; the human detail is one line in a
 * struct vb_diag naming the file and what is wrong.
 */
#ifndef VBURN_IMG_H
#define VBURN_IMG_H

#include <stdbool.h>
#include <stdint.h>

#include "vburn/disc.h"
#include "vburn/src.h"

/* Progress of a long operation; called from the working thread. */
struct vb_progress {
	void (*fn)(void *ctx, uint64_t done, uint64_t total);
	void *ctx;
};

/* How an image is written (vb_img_write_opts). */
struct vb_img_wopts {
	const struct vb_progress *prog; /* may be NULL */
	/*
	 * The image at the path is this library's earlier output for a disc
	 * that the one written now extends with more sessions, unchanged since
	 * (the caller knows it: daemon/capture.c). Data files that only grow
	 * (CUE/TOC .bin, CCD .img/.sub, MDS .mdf) are then appended in place
	 * instead of rewritten: a capture of session N costs what session N
	 * holds, not the whole disc (docs/architecture.md "The medium is a
	 * disc"). The end of the kept part is compared with what would be
	 * written; if it differs the write fails with -ESTALE and every file is
	 * as it was, and the caller writes without append.
	 */
	bool append;
	/*
	 * CHD only (docs/chd.md "Parent"): the path of a parent CHD; the
	 * image written stores only the hunks the parent lacks. NULL: none.
	 */
	const char *parent;
};

struct img_ops {
	const char *name;	 /* "iso", "cue", "toc", "nrg", ... */
	const char *const *exts; /* NULL-terminated, lower case, with dot */
	/*
	 * Is src (opened from path) this format? 1 yes, 0 no (try the next
	 * format), negative errno: it is, but unusable. Must not allocate.
	 */
	int (*probe)(const struct vb_src *src, const char *path);
	/*
	 * Parses src (opened from path; borrowed, take a reference to keep
	 * it) into a finished disc returned owned in *out. Every count and
	 * offset is checked against the sizes of the sources. On error
	 * returns a negative errno and a one-line reason in diag.
	 */
	int (*open)(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag);
	/*
	 * Optional. Can d be written without loss of what this format holds?
	 * 0 yes, -EMEDIUMTYPE with a reason in diag if not. NULL: always.
	 */
	int (*can_write)(const struct vb_disc *d, struct vb_diag *diag);
	/*
	 * Optional (NULL: read-only format). Writes d as path (and companion
	 * files derived from it), to temporary files renamed into place at the
	 * end (all or nothing), or appended in place (opts->append). d is
	 * borrowed; opts is never NULL.
	 */
	int (*write)(const struct vb_disc *d, const char *path,
		     const struct vb_img_wopts *opts, struct vb_diag *diag);
};

/* ---- wrappers (formats/img.c) ---- */

/*
 * Opens an image. format: a format name to force, or NULL to probe (by
 * content, then by extension). On success *out is an owned finished disc
 * and *fmt (if not NULL) the format's name (static string).
 */
int vb_img_open(const char *path, const char *format, struct vb_disc **out,
		const char **fmt, struct vb_diag *diag)
	__attribute__((warn_unused_result));

/*
 * Writes d to path in format (NULL: from path's extension). prog may be
 * NULL. Returns 0, -EMEDIUMTYPE if the format cannot hold the disc, -ENOTSUP
 * for a read-only or unknown format, or another negative errno.
 */
int vb_img_write(const struct vb_disc *d, const char *path, const char *format,
		 const struct vb_progress *prog, struct vb_diag *diag)
	__attribute__((warn_unused_result));
/* vb_img_write with options (opts NULL: none); -ESTALE: see append. */
int vb_img_write_opts(const struct vb_disc *d, const char *path,
		      const char *format, const struct vb_img_wopts *opts,
		      struct vb_diag *diag) __attribute__((warn_unused_result));

/* The format name for path's extension, or NULL. */
const char *vb_img_format_for_path(const char *path);
/*
 * The name of a file beside path: path's stem and ext ("vbd" the
 * manifest, VB_VBD_LOG_EXT its log, a format's name for a capture).
 * 0 or -ENAMETOOLONG.
 */
int vb_img_sibling(const char *path, const char *ext, char *buf, size_t len);
/* The ops of a format name, or NULL. */
const struct img_ops *vb_img_find(const char *name);
/* Registry iteration: the i-th format, NULL past the end. */
const struct img_ops *vb_img_format_at(unsigned i);

/* ---- helpers shared by the format modules ---- */

/*
 * Resolves a file name found inside a descriptor (CUE FILE, TOC FILE, ...)
 * relative to the descriptor's directory, with the fallbacks readers
 * expect (libcdio/libmirage, cdrdao): the name as written (on Linux '\\'
 * is a file name character), then with '\\' as '/', then the base name
 * matched case-insensitively in that directory. Returns an owned path in
 * *out, or -ENOENT (*out NULL).
 */
int img_resolve(const char *desc_path, const char *name, char **out)
	__attribute__((warn_unused_result));

/*
 * Writing with temporary file + rename (docs/style.md R14, formats/img_out.c).
 * img_out_open creates "PATH.tmp<pid>"; nothing has the final name until
 * a commit.
 */
struct img_out {
	int fd;
	char *path;	  /* final name */
	char *tmp;	  /* temporary name (NULL in place) */
	uint64_t pos;	  /* bytes written so far */
	uint64_t started; /* bytes whose writeback has been started */
	bool in_place;	  /* appending to the file at path */
	uint64_t keep;	  /* in place: its size when opened */
};

int img_out_open(struct img_out *o, const char *path)
	__attribute__((warn_unused_result));
/*
 * A data file that only grows: with opts->append and a regular file at
 * path, opened in place to append after its kept bytes (bytes written
 * below them are dropped, the last IMG_OUT_CHECK of them compared:
 * -ESTALE if they differ); otherwise as img_out_open.
 */
int img_out_open_data(struct img_out *o, const char *path,
		      const struct vb_img_wopts *opts)
	__attribute__((warn_unused_result));
int img_out_write(struct img_out *o, const void *buf, size_t len)
	__attribute__((warn_unused_result));
/*
 * Would the next len bytes only be dropped (in place, below the compared
 * end of the kept part)? Then they count as written and need not be made.
 */
bool img_out_skip(struct img_out *o, uint64_t len);
/*
 * fsync + rename into place + fsync of the directory; closes. On error
 * the temp file is removed and a previous file of that name is intact
 * (unless the failure is the directory fsync, after the rename).
 */
int img_out_commit(struct img_out *o) __attribute__((warn_unused_result));
/*
 * Commits the files of one image all or nothing. outs[0..n-1] are in
 * rename order: the data files first, the descriptor (the file that
 * names the others) last; an entry never opened or already aborted (fd
 * < 0) is skipped. Every file is fsync'ed before any rename; the old
 * descriptor is moved aside before any data file is replaced, so an
 * interrupted commit never leaves a descriptor naming missing or other
 * data; the new descriptor is renamed last; each directory is fsync'ed
 * once. On a failure before the last rename every previous file of the
 * set is put back and no new one remains. Always consumes every entry
 * (closed, freed, fd -1; img_out_abort on them is then a no-op).
 * Returns 0 or the first negative errno (a failed directory fsync too).
 */
int img_out_commit_all(struct img_out *const *outs, size_t n)
	__attribute__((warn_unused_result));
/* Removes the temp file and closes (after an error). NULL-safe fields. */
void img_out_abort(struct img_out *o);

/*
 * Streams count sectors from lba of d in read kind to o (none read that
 * img_out_skip drops), in large chunks,
 * reporting progress as done + sectors written of total.
 */
int img_copy_sectors(const struct vb_disc *d, int32_t lba, uint32_t count,
		     enum vb_read_kind kind, struct img_out *o,
		     const struct vb_progress *prog, uint64_t done,
		     uint64_t total) __attribute__((warn_unused_result));

/* Formats in the registry. */
extern const struct img_ops iso_ops;
extern const struct img_ops cue_ops;
extern const struct img_ops toc_ops;
extern const struct img_ops nrg_ops;
extern const struct img_ops ccd_ops;
extern const struct img_ops mds_ops;
extern const struct img_ops vbd_ops;
extern const struct img_ops chd_ops;

/* ---- redump.org track files (formats/redump.c, docs/formats.md 9) ---- */

/* One file of a dump: sectors [first, first + sectors) of the disc. */
struct vb_redump_file {
	unsigned track;	      /* track number; 0: the .iso of a DVD/BD */
	int32_t first;	      /* LBA of its first sector */
	uint32_t sectors;     /* > 0 */
	unsigned sector_size; /* 2352 (raw CD sectors) or 2048 (.iso) */
};

/*
 * The files a redump.org dump of d (borrowed) has, in disc order: one per
 * CD track, every session's, or one .iso of a DVD or BD. Fills
 * files[0..max-1] and returns how many there are (at most d->n_tracks),
 * or -EINVAL for a disc without tracks or with a track file that would
 * be empty.
 */
int vb_redump_files(const struct vb_disc *d, struct vb_redump_file *files,
		    unsigned max) __attribute__((warn_unused_result));

/*
 * The name of file f of d (all borrowed) in a dump called name:
 * "NAME.iso" (DVD/BD), "NAME.bin" (a CD of one track), else
 * "NAME (Track N).bin" with N as wide as the disc's highest track
 * number. Into out (len bytes, NUL terminated); 0, or -ENAMETOOLONG if
 * it does not fit.
 */
int vb_redump_name(const struct vb_disc *d, const struct vb_redump_file *f,
		   const char *name, char *out, size_t len)
	__attribute__((warn_unused_result));

#endif
