/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disc model: the ONE shape every image reader produces, every writer
 * consumes, and the daemon serves (virtual discs) or fills (captured burns).
 *
 *   disc -> sessions -> tracks -> indexes
 *                        track -> extents -> byte sources (struct vb_src)
 *
 * Addressing (docs/formats.md section 0): LBA 0 is track 1 INDEX 01 of
 * session 1.
 * A track covers [start - pregap, start + length): `pregap` sectors of
 * INDEX 00 before INDEX 01 (`start`), then `length` sectors up to the next
 * track's INDEX 00 or the session's lead-out. The sectors of a track are
 * described, in order, by its extents; the extent lengths add up to
 * pregap + length. An extent either points into a byte source (a file) or
 * is generated (zero user data / digital silence: CUE PREGAP, TOC ZERO,
 * the unstored 150-sector pregap of a session's first track, ...).
 * Sectors outside every track (lead-out, lead-in, the gap between
 * sessions) cannot be read.
 *
 * Ownership (docs/style.md R12): a disc is reference counted (shared by the
 * drive, a capture writer and tools). It owns its sessions, tracks,
 * extents, CD-TEXT and one reference on every source its extents use.
 * Pointers returned by the accessors and builders are borrowed and stay
 * valid until the last reference on the disc is dropped. The struct
 * fields are public for reading; build and change a disc only through the
 * vb_disc_* / vb_track_* functions, then call vb_disc_finish().
 * A finished disc is immutable and may be read from several threads.
 */
#ifndef VBURN_DISC_H
#define VBURN_DISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/src.h"

/* One-line human-readable error detail (docs/style.md R10), "FILE: what". */
struct vb_diag {
	char msg[256];
};

/* Fills diag (NULL-safe) with "<file>: <message>"; file may be NULL. */
void vb_diag_set(struct vb_diag *diag, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Physical medium family of the disc (not the writable sub-type). */
enum vb_disc_kind {
	VB_DISC_CD = 0,
	VB_DISC_DVD,
	VB_DISC_BD,
};

/*
 * Sector content of a track (ECMA-130 / docs/formats.md 6.1). This decides how
 * sectors are synthesised and which bytes "user data" means.
 */
enum vb_track_mode {
	VB_MODE_AUDIO = 0,   /* CD-DA: 2352 bytes of 16-bit LE stereo */
	VB_MODE_MODE1,	     /* 2048 user bytes + EDC/ECC */
	VB_MODE_MODE2,	     /* Mode 2 formless: 2336 user bytes */
	VB_MODE_MODE2_FORM1, /* XA Form 1: subheader, 2048, EDC/ECC */
	VB_MODE_MODE2_FORM2, /* XA Form 2: subheader, 2324 bytes, EDC */
	VB_MODE_MODE2_MIXED, /* XA, form per sector from the subheader */
	VB_MODE_MODE0,	     /* Mode 0: 2336 zero bytes (gaps) */
	VB_MODE__COUNT
};

/* CONTROL nibble of Q / TOC entries (docs/formats.md section 0). */
#define VB_CTL_PREEMPH 0x1 /* audio with pre-emphasis */
#define VB_CTL_COPY 0x2	   /* digital copy permitted */
#define VB_CTL_DATA 0x4	   /* data track */
#define VB_CTL_4CH 0x8	   /* four-channel audio */

/* Session "disc type" (TOC A0 PSEC, docs/formats.md 6.6). */
#define VB_DISC_TYPE_CDDA_CDROM 0x00
#define VB_DISC_TYPE_CDI 0x10
#define VB_DISC_TYPE_XA 0x20
#define VB_DISC_TYPE_AUTO 0xff /* vb_disc_finish() derives it (cdrdao rule) */

/*
 * The CD addresses an MSF holds (docs/formats.md 0): 90:00:00 in the lead-in
 * (LBA -45150) to 99:59:74 (LBA 449849). No CD sector lies outside.
 */
#define VB_CD_LBA_MIN (-45150)
#define VB_CD_LBA_MAX 449849

/* What an extent stores of each sector's 2352-byte main channel. */
enum vb_data_fmt {
	/*
	 * Nothing stored: zero user data (data tracks; synthesised with
	 * sync/header/EDC/ECC on raw reads) or digital silence (audio).
	 */
	VB_DATA_ZERO = 0,
	/*
	 * User data only: data_size 2048 (Mode 1, Form 1), 2324 (Form 2) or
	 * 2336 (Mode 2 formless, or XA subheader + data = bytes 16..2351 of
	 * the raw sector). Raw reads synthesise the rest.
	 */
	VB_DATA_USER,
	/* The whole 2352-byte sector (audio is always stored this way). */
	VB_DATA_RAW,
};

/* Subchannel stored with an extent (docs/formats.md 6.5). */
enum vb_sub_fmt {
	VB_SUB_NONE = 0,
	/* 96 bytes P-W interleaved (NRG, MDS, CUE CDG, TOC RW_RAW) */
	VB_SUB_RAW,
	/* 96 bytes de-interleaved, 12 per channel (CloneCD .sub) */
	VB_SUB_LINEAR,
	VB_SUB_RW,  /* 96 bytes R-W "packed"/cooked (cdrdao RW) */
	VB_SUB_Q16, /* 16 bytes: 12 Q + 4 zero (2368-byte sectors) */
};

/*
 * A run of consecutive sectors of one track stored the same way.
 * Sector i of the extent (0 <= i < sectors) has its main channel at
 * src byte offset + i * stride (data_size bytes, see vb_data_fmt) and its
 * subchannel, if sub != VB_SUB_NONE, either inline right after the main
 * data (sub_src == NULL: offset + i * stride + data_size) or in a separate
 * source at sub_offset + i * sub_stride.
 */
struct vb_extent {
	uint32_t sectors;
	enum vb_data_fmt data;
	struct vb_src *src; /* NULL iff data == VB_DATA_ZERO */
	uint64_t offset;
	uint32_t stride;    /* bytes per sector in src, >= data_size */
	uint16_t data_size; /* 0 (ZERO), 2048, 2324, 2336 or 2352 */
	bool swap;	    /* audio stored big-endian (MOTOROLA) */
	enum vb_sub_fmt sub;
	struct vb_src *sub_src; /* NULL: inline; else a separate source */
	uint64_t sub_offset;
	uint32_t sub_stride;
};

#define VB_MAX_INDEX 99

struct vb_track {
	uint16_t number;  /* 1..99 on CD; continues over sessions */
	uint16_t session; /* session number (1-based) */
	enum vb_track_mode mode;
	uint8_t ctl;	  /* VB_CTL_* bits; DATA matches the mode */
	int32_t start;	  /* absolute LBA of INDEX 01 */
	uint32_t pregap;  /* INDEX 00 sectors before start */
	uint32_t length;  /* sectors from start to the track's end */
	uint32_t postgap; /* last sectors of length that are a postgap */
	/*
	 * Further indexes: index[k] is the offset from start of INDEX k+2,
	 * ascending, for k < n_index (INDEX 01 is start itself).
	 */
	uint8_t n_index;
	uint32_t index[VB_MAX_INDEX - 1];
	char isrc[13]; /* 12 chars + NUL, "" if none */
	unsigned n_extents;
	struct vb_extent *extents; /* owned; cover pregap + length sectors */
};

struct vb_session {
	uint16_t number;   /* 1-based */
	uint8_t disc_type; /* VB_DISC_TYPE_* */
	unsigned first;	   /* index in disc->tracks of its first */
	unsigned count;	   /* tracks (0 only while building) */
	int32_t leadout;   /* LBA where the lead-out starts */
};

/* One CD-TEXT string (pack types 0x80..0x8F, MMC Annex J / Red Book). */
struct vb_cdtext_item {
	uint8_t block; /* 0..7, language block */
	uint8_t type;  /* VB_CDTEXT_*: 0x80 TITLE, ... */
	uint8_t track; /* 0 = whole disc */
	char *text;    /* owned, UTF-8, NUL-terminated */
};

#define VB_CDTEXT_TITLE 0x80
#define VB_CDTEXT_PERFORMER 0x81
#define VB_CDTEXT_SONGWRITER 0x82
#define VB_CDTEXT_COMPOSER 0x83
#define VB_CDTEXT_ARRANGER 0x84
#define VB_CDTEXT_MESSAGE 0x85
#define VB_CDTEXT_DISC_ID 0x86
#define VB_CDTEXT_GENRE 0x87
#define VB_CDTEXT_UPC_ISRC 0x8e

struct vb_disc {
	enum vb_disc_kind kind;
	char mcn[14]; /* 13 digits + NUL, "" if none (CATALOG) */
	bool open;    /* last session left open (appendable) */
	unsigned n_sessions;
	struct vb_session **sessions; /* owned */
	unsigned n_tracks;
	struct vb_track **tracks; /* owned, ascending LBA and number */
	/* CD-TEXT as raw 18-byte packs (with CRC), as read from a disc/image */
	uint8_t *cdtext;   /* owned, NULL if none */
	size_t cdtext_len; /* multiple of 18 */
	/* ... and/or as strings (from CUE/TOC, or decoded from the packs) */
	unsigned n_cdtext_items;
	struct vb_cdtext_item *cdtext_items; /* owned */
	uint8_t cdtext_lang[8]; /* language per block (0x09 English) */
	int refs;		/* private */
};

/* ---- lifetime ---- */

/* Returns an owned empty disc (refcount 1), or NULL on ENOMEM. */
struct vb_disc *vb_disc_new(enum vb_disc_kind kind);
/* Takes one more reference; returns d. NULL-safe. */
struct vb_disc *vb_disc_ref(struct vb_disc *d);
/* Drops a reference; the last frees everything and unrefs sources. */
void vb_disc_unref(struct vb_disc *d);

/* ---- building (readers, capture) ---- */

/*
 * Appends session number n_sessions+1 with disc_type VB_DISC_TYPE_AUTO.
 * Returns a borrowed pointer, or NULL on ENOMEM.
 */
struct vb_session *vb_disc_add_session(struct vb_disc *d);

/*
 * Appends a track to the last session (there must be one), numbered one
 * more than the previous track (1 for the first); mode MODE1, ctl DATA.
 * The caller sets number/mode/ctl/start/pregap/length/isrc as needed.
 * Returns a borrowed pointer, or NULL on ENOMEM or if there is no session.
 */
struct vb_track *vb_disc_add_track(struct vb_disc *d);

/*
 * Appends a copy of *e to the track's extents, taking a new reference on
 * e->src and e->sub_src (the caller keeps its own). Adjacent compatible
 * extents are merged. Returns 0, -EINVAL (inconsistent extent) or -ENOMEM.
 */
int vb_track_add_extent(struct vb_track *t, const struct vb_extent *e)
	__attribute__((warn_unused_result));

/* Convenience: appends a generated (VB_DATA_ZERO) extent of n sectors. */
int vb_track_add_zero(struct vb_track *t, uint32_t n)
	__attribute__((warn_unused_result));

/* Adds INDEX n_index+2 at offset off from start. 0, -EINVAL or -ERANGE. */
int vb_track_add_index(struct vb_track *t, uint32_t off)
	__attribute__((warn_unused_result));

/* Copies len bytes of raw CD-TEXT packs (len % 18 == 0). 0 or -errno. */
int vb_disc_set_cdtext(struct vb_disc *d, const uint8_t *packs, size_t len)
	__attribute__((warn_unused_result));

/* Adds (a copy of) one CD-TEXT string. 0 or -errno. */
int vb_disc_add_cdtext_item(struct vb_disc *d, uint8_t block, uint8_t type,
			    uint8_t track, const char *text)
	__attribute__((warn_unused_result));

/*
 * Completes and checks a disc built by a reader: a session lead-out left
 * at 0 becomes the end of its last track, a disc type left AUTO is
 * derived from the track modes, raw CD-TEXT packs are decoded into items
 * if there are no items (vb_disc_add_track keeps first/count); then
 * verifies the invariants (sessions and tracks ascending and not
 * overlapping, extents add up to pregap + length, every stored byte lies
 * inside its source). On failure returns -EINVAL and a one-line reason in
 * diag naming file (may be NULL). May be called again after appending
 * sessions (a capture of an appendable disc); earlier sessions keep their
 * values. A byte source's size is fixed when it is opened, so open a
 * capture's data file after the track's sectors are written.
 */
int vb_disc_finish(struct vb_disc *d, const char *file, struct vb_diag *diag)
	__attribute__((warn_unused_result));

/*
 * CD-TEXT packs <-> strings (formats/cdtext.c, MMC-6 Annex J / Red Book).
 * vb_cdtext_decode() adds an item for every single-byte text string in
 * d->cdtext and fills d->cdtext_lang. vb_cdtext_encode() builds the packs
 * of d's items (text types, language blocks, size-info packs, CRCs),
 * returned owned in *out (*len bytes, a multiple of 18); -ENOENT if d has
 * no items, -E2BIG if they need more than 256 packs in one block.
 */
int vb_cdtext_decode(struct vb_disc *d) __attribute__((warn_unused_result));
/*
 * The CD-TEXT packs in n 96-byte lead-in subchannel blocks as a writer
 * sends them (MMC-6 data form 41h/C1h of the lead-in; libburn and cdrdao
 * put each 6-bit R-W symbol in the low bits of a byte, raw P-W or packed
 * alike): 4 packs of 24 symbols per block, 18 bytes each. Appends the
 * packs whose CRC is right to packs (room for 4 * n) and returns how many.
 */
size_t vb_cdtext_from_rw(const uint8_t *sub, size_t n, uint8_t *packs);
/* One 18-byte pack as the 24 R-W symbols of that form, one per byte. */
void vb_cdtext_to_rw(const uint8_t pack[18], uint8_t sub[24]);
int vb_cdtext_encode(const struct vb_disc *d, uint8_t **out, size_t *len)
	__attribute__((warn_unused_result));

/*
 * What got (an image read back) lost of want (the disc it was written
 * from): 0, or 1 with a short phrase in what ("CD-TEXT", "track 2's
 * ISRC", ...). Compares the layout, modes, CONTROL, ISRCs, indexes, MCN,
 * CD-TEXT strings and the first sector of audio pregaps
 * (formats/disc_lost.c).
 */
int vb_disc_lost(const struct vb_disc *want, const struct vb_disc *got,
		 char *what, size_t len);

/* ---- queries ---- */

/* The track with that number, or NULL. */
const struct vb_track *vb_disc_track(const struct vb_disc *d, unsigned number);
/* The track whose [start - pregap, start + length) holds lba, or NULL. */
const struct vb_track *vb_disc_track_at(const struct vb_disc *d, int32_t lba);
/* The session with that number, or NULL. */
const struct vb_session *vb_disc_session(const struct vb_disc *d,
					 unsigned number);
/* Lead-out LBA of the last session (0 for an empty disc). */
int32_t vb_disc_leadout(const struct vb_disc *d);

/* "audio", "mode1", "mode2", "mode2_form1", "mode2_form2", "mode2_mixed". */
const char *vb_track_mode_name(enum vb_track_mode mode);
/* Bytes per sector stored for INDEX 01 (main data + subchannel), 0 if none. */
unsigned vb_track_sector_size(const struct vb_track *t);
/* Bytes of main data per sector stored for INDEX 01 (2048, 2324, 2336
 * or 2352; no subchannel), 0 if none. */
unsigned vb_track_main_size(const struct vb_track *t);
/* Subchannel format stored at INDEX 01. */
enum vb_sub_fmt vb_track_sub(const struct vb_track *t);
/* true if the first pregap sector is stored in a source (not generated). */
bool vb_track_pregap_stored(const struct vb_track *t);
/* true for data modes (everything but AUDIO). */
bool vb_mode_is_data(enum vb_track_mode mode);

/* ---- reading sectors ---- */

enum vb_read_kind {
	/*
	 * 2048 bytes per sector: Mode 1 / Mode 2 Form 1 user data, DVD/BD
	 * blocks. Other sectors (audio, Form 2, formless) give -EMEDIUMTYPE.
	 */
	VB_READ_USER = 0,
	/* 2352 bytes per sector, sync/header/EDC/ECC synthesised if needed. */
	VB_READ_RAW,
	/* 2352 + 96 bytes of interleaved P-W (generated Q/P if not stored). */
	VB_READ_RAW_SUB,
	/* 2336 bytes: raw sector bytes 16..2351 (Mode 2 / XA as stored). */
	VB_READ_MODE2,
};

/* Bytes per sector of a read kind (2048, 2352, 2448 or 2336). */
unsigned vb_read_size(enum vb_read_kind kind);

/*
 * Reads count sectors starting at absolute lba into out (count *
 * vb_read_size(kind) bytes), streaming from the sources. Sectors may span
 * tracks. Returns 0, -ENXIO if a sector lies outside every track,
 * -EMEDIUMTYPE (see VB_READ_USER), -EINVAL if a sector cannot be
 * synthesised (address outside the encodable range), or the errno of a
 * failed source read. Thread-safe on a finished disc.
 */
int vb_disc_read(const struct vb_disc *d, int32_t lba, uint32_t count,
		 enum vb_read_kind kind, uint8_t *out)
	__attribute__((warn_unused_result));
/*
 * Whether the image stores R-W for t's sectors (INDEX 01 on) that are not
 * all zero: CD+G graphics, CD-TEXT in the program area. An image's .sub
 * is mostly P and Q, which a drive makes itself. One read of a track
 * that stores subchannel; 0, or -errno.
 */
int vb_track_has_rw(const struct vb_disc *d, const struct vb_track *t, bool *rw)
	__attribute__((warn_unused_result));

#endif
