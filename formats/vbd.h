/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the manifest modules: formats/vbd.c (names, paths, the state,
 * opening files, the registry entry), formats/vbd_parse.c (text -> disc)
 * and formats/vbd_write.c (disc -> text, atomic commit). The grammar is
 * docs/vbd.md.
 */
#ifndef VBURN_FORMATS_VBD_H
#define VBURN_FORMATS_VBD_H

#include "vburn/img.h"
#include "vburn/vbd.h"

#define VBD_MAGIC "vburn-disc" /* first word of the first line */
#define VBD_VERSION 1	       /* the only grammar this code reads */

/*
 * Limits that keep a hostile manifest from costing more than its own size
 * warrants; each is far above what a disc needs.
 */
#define VBD_MAX_TEXT (16u << 20) /* bytes of manifest text */
#define VBD_MAX_FILES 1000	 /* each one is an open descriptor */
#define VBD_MAX_PACKS 8192	 /* CD-TEXT: 8 blocks x 256 packs is 2048 */
#define VBD_MAX_ITEMS 65536	 /* CD-TEXT strings */
#define VBD_MAX_STRIDE 8192	 /* as extent_valid() in formats/disc.c */

/* Names of the enums, indexed by value (vbd.c). */
extern const char *const vbd_kind_names[3];
extern const char *const vbd_data_names[3];
extern const char *const vbd_sub_names[5];

/* A media name as struct vb_vbd_state allows it (written unquoted). */
bool vbd_media_ok(const char *s);

/*
 * path made absolute (against the current directory) and normalised
 * lexically: no "//", "." or ".." components. Owned; NULL with errno set.
 */
char *vbd_abs_path(const char *path);

/*
 * A file name as the manifest at mpath stores it, resolved: relative to
 * mpath's directory, or absolute as it is. Owned, NULL on ENOMEM.
 */
char *vbd_resolve(const char *mpath, const char *name);

/*
 * Opens path as a byte source if it is a regular file (checked before the
 * open, so a FIFO or a device node is never opened, see vbd.c). 0, the
 * negative errno of stat/open, or -EINVAL for another kind of file, with
 * "<where>: <path>: reason" in diag.
 */
int vbd_open_file(const char *where, const char *path, struct vb_src **out,
		  struct vb_diag *diag);

/*
 * Parses the manifest text in src (opened from path) into an owned disc
 * and, if st is not NULL, the state (vbd_parse.c). See vb_vbd_load().
 */
int vbd_parse(struct vb_src *src, const char *path, struct vb_disc **out,
	      struct vb_vbd_state *st, struct vb_diag *diag);

/*
 * A manifest kept inside another image (formats/chd.c keeps one as CHD
 * metadata, docs/chd.md "What vburn adds"): the text describes the disc
 * and its one `file` record stands for data, a source the caller gives
 * (the image's decoded stream), whatever path it names. vbd_parse_bound
 * reads such a text from src (named path in messages); vbd_text_bound
 * writes one for d, whose extents must all read data, into an owned
 * NUL-terminated *text. st as for vb_vbd_save. 0 or -errno with diag.
 */
int vbd_parse_bound(struct vb_src *src, const char *path, struct vb_src *data,
		    struct vb_disc **out, struct vb_diag *diag)
	__attribute__((warn_unused_result));
int vbd_text_bound(const struct vb_disc *d, const struct vb_vbd_state *st,
		   const struct vb_src *data, char **text, size_t *len,
		   struct vb_diag *diag) __attribute__((warn_unused_result));

/* ---- the parser (vbd_lex.c: lines and fields; vbd_parse.c: records) ---- */

#define VBD_MAX_FIELDS 16 /* key=value fields of one record */
#define VBD_MAX_POS 2	  /* words between a record's name and its keys */

struct vbd_field {
	char *key, *val;
	bool used;
};

/* One record: its name, positional words, then key=value fields. */
struct vbd_line {
	char *word;
	unsigned n_pos, n;
	char *pos[VBD_MAX_POS];
	struct vbd_field f[VBD_MAX_FIELDS];
};

struct vbd_pfile {
	struct vb_src *src;
	char *abs; /* vbd_abs_path() of the file: each file is named once */
	uint64_t committed;
};

struct vbd_parse {
	const char *path;
	struct vb_src *bound; /* vbd_parse_bound's data source, else NULL */
	struct vb_diag *diag;
	unsigned line;
	bool seen_drive, ended;
	struct vb_vbd_state st;
	struct vbd_pfile *files; /* st.n_files, by id - 1 */
	struct vb_disc *d;
	uint8_t *packs;
	size_t n_packs;
	uint8_t lang_seen; /* cdtext-lang blocks given */
	struct vb_session *s;
	struct vb_track *t; /* the track extents go to */
	unsigned s_line, t_line;
	uint64_t t_sum; /* sectors of t's extents so far */
	int64_t end;	/* no track may begin before this LBA */
};

/* Sets diag to "<path>: line N: <fmt...>"; returns -EINVAL. */
int vbd_err_at(struct vbd_parse *p, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define vbd_err(p, ...) vbd_err_at(p, (p)->line, __VA_ARGS__)

char *vbd_skip_ws(char *s);
/* The value of one hex digit, or -1. */
int vbd_hex(char c);
/* Splits the line s (modified in place) into l. 0 or -EINVAL. */
int vbd_split(struct vbd_parse *p, char *s, struct vbd_line *l);
/* The value of key (marked as used), or NULL. */
const char *vbd_get(struct vbd_line *l, const char *key);
/* Decimal, or 0x and hex digits. 0, -EINVAL or -ERANGE. */
int vbd_u64(const char *s, uint64_t *out);

/*
 * Typed fields: 0, or -EINVAL with the reason in diag. An absent field
 * is an error if need, else *out is left alone.
 */
/* A number in [min, max] (a leading '-' if min < 0; max <= INT64_MAX). */
int vbd_num(struct vbd_parse *p, struct vbd_line *l, const char *key, bool need,
	    int64_t min, uint64_t max, int64_t *out);
/* A byte offset or count (all 64 bits); always needed. */
int vbd_bytes(struct vbd_parse *p, struct vbd_line *l, const char *key,
	      uint64_t *out);
/* The index of one of n names. */
int vbd_enum(struct vbd_parse *p, struct vbd_line *l, const char *key,
	     bool need, const char *const *names, unsigned n, unsigned *out);
/* yes or no; *out becomes true for yes. */
int vbd_flag(struct vbd_parse *p, struct vbd_line *l, const char *key,
	     bool need, bool *out);
/* A string of at most max bytes. */
int vbd_str(struct vbd_parse *p, struct vbd_line *l, const char *key, bool need,
	    size_t max, const char **out);

#endif
