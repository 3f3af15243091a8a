/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the CloneCD modules: formats/ccd_parse.c (the .ccd text into
 * struct ccd_parse), formats/ccd.c (the disc built from it, the ops) and
 * formats/ccd_write.c (the writer).
 */
#ifndef VBURN_FORMATS_CCD_H
#define VBURN_FORMATS_CCD_H

#include <stdbool.h>

#include "vburn/img.h"

#define CCD_RAW 2352		/* every .img sector (docs/formats.md 2.1) */
#define CCD_SUB 96		/* every .sub sector, P-W de-interleaved */
#define CCD_MAX_FILE (1u << 20) /* 99 tracks x 99 sessions fit easily */
#define CCD_MAX_ENTRIES 1024	/* [Entry n]: ~7 per session + tracks */
#define CCD_MAX_PACKS 2048	/* CD-TEXT: 8 blocks x 256 packs */
#define CCD_MAX_SECTORS 1000000 /* more than any CD (~100 min) */

/*
 * Keys of an [Entry n] section (docs/formats.md 2.2), in one array of
 * values.
 */
enum {
	E_SESSION,
	E_POINT,
	E_ADR,
	E_CONTROL,
	E_TRACKNO,
	E_AMIN,
	E_ASEC,
	E_AFRAME,
	E_ALBA,
	E_ZERO,
	E_PMIN,
	E_PSEC,
	E_PFRAME,
	E_PLBA,
	E__COUNT
};

#define HAVE(k) (1u << (k))

struct ccd_entry {
	long v[E__COUNT];
	unsigned have; /* HAVE() bits of the keys present */
};

struct ccd_track {
	bool seen;
	long mode;	 /* -1 if no MODE key */
	long index[100]; /* -1 if absent */
	char isrc[13];
};

enum ccd_sect {
	S_NONE,
	S_CLONECD,
	S_DISC,
	S_CDTEXT,
	S_SESSION,
	S_ENTRY,
	S_TRACK,
	S_OTHER
};

/* The parsed .ccd (ccd_parse.c) and the disc being built (ccd.c). */
struct ccd_parse {
	const char *path;
	struct vb_diag *diag;
	unsigned line;
	enum ccd_sect sect;
	long num; /* n of [Entry n] / [TRACK n] */
	bool has_clonecd;
	long version, toc_entries, sessions, scrambled, n_packs;
	char catalog[14];
	struct ccd_entry *e; /* CCD_MAX_ENTRIES */
	struct ccd_track *t; /* 100, by track number */
	uint8_t *packs;	     /* CCD_MAX_PACKS x 18, CRC added here */
	bool *pack_seen;
	struct vb_disc *d;
	struct vb_src *img, *sub;
};

/* "line N: " prefixed while parsing; returns -EINVAL. */
int ccd_err(struct ccd_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parses the .ccd text (len bytes, NUL-terminated, modified in place)
 * into p->e / p->t / the [Disc] and [CDText] fields, then checks the
 * counts (TocEntries, Sessions, CD-TEXT entries). 0 or -errno with
 * p->diag set.
 */
int ccd_parse_text(struct ccd_parse *p, char *text, size_t len);
int ccd_check_counts(struct ccd_parse *p);

/*
 * "dir/x.ccd" -> "dir/x<ext>" (ext with its dot), owned; base_only gives
 * "x<ext>" without the directory. NULL on ENOMEM.
 */
char *ccd_companion(const char *path, const char *ext, bool base_only);

int ccd_can_write(const struct vb_disc *d, struct vb_diag *diag);
int ccd_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag);

#endif
