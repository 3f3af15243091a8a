/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the CHD writer: formats/chd_write.c (hunks, workers, header),
 * formats/chd_layout.c (where each track's sectors go in the stream, how
 * they are read, the metadata) and formats/chd_dedup.c (self and parent
 * references).
 */
#ifndef VBURN_FORMATS_CHD_WRITE_H
#define VBURN_FORMATS_CHD_WRITE_H

#include "chd.h"

#define CW_RD_SECTORS 32 /* sectors read from the disc at a time */

/* One track's part of the stream (docs/chd.md "CD layout"). */
struct cw_track {
	const struct vb_track *t;
	const char *type; /* CHT2 TYPE */
	uint16_t dsize;	  /* bytes of main data per unit */
	bool sub;	  /* 96 bytes of raw P-W follow the data */
	bool audio;	  /* byte-swapped to big-endian */
	bool pg_stored;	  /* the pregap is in frames (PGTYPE V...) */
	enum vb_read_kind kind;
	int32_t first;	  /* LBA of the first stored sector */
	uint32_t frames;  /* stored units */
	uint32_t padded;  /* frames rounded up to CHD_CD_PAD (CD) */
	uint32_t postgap; /* unstored (generated) postgap sectors */
	uint64_t frame0;  /* its first unit in the stream */
};

struct cw_layout {
	bool cd;
	uint32_t unitbytes, hunkbytes;
	uint64_t logical;
	unsigned n;
	struct cw_track *t;
};

/* chd_layout.c */
int cw_layout(const struct vb_disc *d, struct cw_layout *lay, const char *path,
	      struct vb_diag *diag) __attribute__((warn_unused_result));
void cw_layout_fini(struct cw_layout *lay);
/*
 * n sectors of t from its stored frame fi, laid out as units of unit
 * bytes at out (data, subchannel, zero rest; audio big-endian); rd is
 * room for CW_RD_SECTORS read sectors.
 */
int cw_read(const struct vb_disc *d, const struct cw_track *t, uint32_t fi,
	    uint32_t n, uint8_t *rd, uint8_t *out, uint32_t unit)
	__attribute__((warn_unused_result));

/* What a hunk holds, which decides the codecs worth trying. */
enum { CW_DATA = 1, CW_AUDIO = 2 };

/* Reads the stream hunk after hunk. */
struct cw_cursor {
	const struct vb_disc *d;
	const struct cw_layout *lay;
	uint8_t *rd; /* sectors as read, before they are laid out */
	unsigned ti;
	uint32_t fi; /* frame fi of layout track ti comes next */
};

int cw_cursor_init(struct cw_cursor *k, const struct vb_disc *d,
		   const struct cw_layout *lay)
	__attribute__((warn_unused_result));
void cw_cursor_fini(struct cw_cursor *k);
/*
 * The next hunk into out (hunkbytes; units past the last track are zero)
 * and what kind of tracks it holds (CW_DATA | CW_AUDIO) in *class.
 */
int cw_next_hunk(struct cw_cursor *k, uint8_t *out, uint8_t *class)
	__attribute__((warn_unused_result));

/* The metadata entries written, in chain order. */
struct cw_meta_list {
	unsigned n;
	uint32_t tag[100];
	uint32_t len[100];
	uint8_t *data[100]; /* owned */
};

int cw_meta_make(const struct vb_disc *d, const struct cw_layout *lay,
		 struct cw_meta_list *m, struct vb_diag *diag)
	__attribute__((warn_unused_result));
void cw_meta_free(struct cw_meta_list *m);
/* The overall SHA-1 of the raw SHA-1 and the entries. */
void cw_meta_sha1(const struct cw_meta_list *m, const uint8_t *raw,
		  uint8_t *out);

/* chd_dedup.c: hunks already stored, by SHA-1 */
struct cw_dedup {
	uint64_t mask;
	uint8_t (*key)[20];
	uint64_t *val; /* hunk number + 1; 0: empty */
};

void cw_hunk_sha1(const uint8_t *p, size_t len, uint8_t *out);
int cw_dedup_init(struct cw_dedup *s, uint64_t hunks)
	__attribute__((warn_unused_result));
void cw_dedup_fini(struct cw_dedup *s);
bool cw_dedup_find(const struct cw_dedup *s, const uint8_t *sha,
		   uint64_t *hunk);
int cw_dedup_add(struct cw_dedup *s, const uint8_t *sha, uint64_t hunk)
	__attribute__((warn_unused_result));

/* A parent's units, indexed by the SHA-1 of each, to find hunk-sized runs. */
struct cw_parent {
	struct chd_file *c; /* NULL: no parent */
	uint32_t unitbytes, units_per_hunk;
	uint64_t units;
	uint8_t (*us)[20]; /* SHA-1 of each unit */
	uint32_t *head;	   /* bucket -> first unit + 1 */
	uint32_t *chain;   /* unit -> next unit + 1 in its bucket */
	uint64_t mask;
	uint8_t (*cs)[20]; /* the SHA-1s of the child hunk's units */
};

int cw_parent_open(struct cw_parent *p, const char *parent,
		   const struct cw_layout *lay, const char *path,
		   struct vb_diag *diag) __attribute__((warn_unused_result));
void cw_parent_close(struct cw_parent *p);
/*
 * The key a hunk (hb bytes at in) is found by among the file's own hunks
 * (cw_dedup): its SHA-1, or with a parent the SHA-1 of its units'
 * SHA-1s, which cw_parent_find then uses (one pass over the hunk, not
 * two).
 */
void cw_hunk_key(struct cw_parent *p, const uint8_t *in, size_t hb,
		 uint8_t *key);
/*
 * Is the hunk cw_hunk_key saw last (number num) a run of the parent's
 * units? Then *unit is the first; the parent's hunk of the same number is
 * tried first (the cheapest reference to encode).
 */
bool cw_parent_find(const struct cw_parent *p, uint32_t num, uint64_t *unit);

#endif
