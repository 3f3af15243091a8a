/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The medium in the drive: what kind it is (the one media table), its
 * recorded tracks and sessions, where the next write may go, and the image
 * file that captures what was written.
 *
 * Model (MMC-6 sections 4.2-4.5, write-once media):
 *   - A disc is blank (no tracks), appendable, or complete (finalized).
 *   - Tracks are recorded sequentially. The last track may be open (being
 *     written); otherwise the "invisible" track, numbered ntracks+1, starts
 *     at next_start and is where the next track goes.
 *   - Sessions are numbered from 1; every track carries its session. All
 *     sessions up to nsessions_closed are complete; the one after them is
 *     the open session (empty or incomplete) while the disc is appendable.
 */
#ifndef VB_MEDIA_H
#define VB_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sense.h"
#include "vburn/disc.h"
#include "vburn/drive.h"

enum vb_family { VB_FAM_CD, VB_FAM_DVD, VB_FAM_BD };

struct vb_media_info {
	enum vb_media media;
	const char *name; /* --media name */
	const char *desc; /* human name */
	uint16_t profile; /* MMC-6 Table 91 profile number */
	enum vb_family family;
	bool erasable;	   /* CD-RW, DVD-RW: BLANK works */
	bool overwritable; /* DVD+RW, BD-RE: random writes */
	uint32_t capacity; /* 2048-byte sectors of a standard disc */
	uint32_t unit;	   /* write unit: ECC block (DVD 16) or cluster */
	bool rom;	   /* pressed (read-only) media: loaded images */
	/* Test Write exists: CD-R/RW (features 002Dh, 002Eh), DVD-R/RW
	 * (002Fh); DVD+R/+RW and BD have none (MMC-6 5.3.10-5.3.12) */
	bool test_write;
};

/* The media table entry for m, or NULL for VB_MEDIA_NONE. */
const struct vb_media_info *vb_media_info(enum vb_media m);

/* The media table entry of an MMC profile number, or NULL. */
const struct vb_media_info *vb_media_info_profile(uint16_t profile);

/* Every profile the drive can write, newest first (for GET CONFIGURATION). */
extern const uint16_t vb_profiles[];
extern const unsigned vb_nprofiles;

enum vb_disc_status {
	VB_DISC_BLANK = 0,
	VB_DISC_APPENDABLE = 1,
	VB_DISC_COMPLETE = 2
};

struct media_track {
	int32_t start;	   /* LBA of the first user sector (index 1) */
	uint32_t length;   /* sectors recorded so far */
	uint32_t reserved; /* RESERVE TRACK size, 0 when not reserved */
	uint32_t written;  /* sectors stored */
	uint8_t session;   /* 1-based */
	bool closed;
	/*
	 * What the sectors are and where they are kept (docs/architecture.md:
	 * the flat file holds 2048-byte user data at LBA x 2048, the log every
	 * other block size). log_size 0: Mode 1 user data in the flat file;
	 * else log_size bytes per sector (2352 audio or a raw sector, 2336 Mode
	 * 2 user data) in the log from log_off on, as the host sent them. ctl
	 * is the track's CONTROL nibble (page 05 track mode, or the cue sheet's
	 * CTL). rw: 96 bytes of R-W subchannel follow each sector's log_size
	 * bytes in the log (media_log_stride()).
	 */
	enum vb_track_mode mode;
	uint16_t log_size;
	bool rw;
	uint8_t ctl;
	uint64_t log_off;
	/* Audio sent for its pregap (SAO INDEX 00), in the log just
	 * before its first sector: log_off points at the pregap's start. */
	uint32_t pregap_stored;
	char isrc[13]; /* "" if none */
	/* INDEX 02.. as offsets from start, ascending (SAO cue sheet) */
	uint8_t n_index;
	uint32_t index[VB_MAX_INDEX - 1];
};

/* Bytes per sector of a track in the log: its blocks, with their R-W. */
static inline uint32_t media_log_stride(const struct media_track *t)
{
	return t->log_size + (t->rw ? 96u : 0u);
}

/*
 * How the host sends a track's blocks (page 05 in TAO, the cue sheet's
 * data form in SAO): the sector content, the bytes per block kept (0:
 * 2048-byte user data, else what the log keeps per sector, see
 * media_track), whether 96 bytes of R-W subchannel follow each block (a
 * cue sheet data form with subchannel; log_size is then not 0), CONTROL
 * and ISRC (NULL or "" for none).
 */
struct vb_rec_form {
	enum vb_track_mode mode;
	uint16_t log_size;
	bool rw;
	uint8_t ctl;
	const char *isrc;
};

/*
 * The medium's state is private to media*.c and the drive's status
 * (daemon/media_int.h); handlers go through the functions below.
 */
struct vb_medium;

/*
 * libburn sleeps 0.5 s before it polls after START STOP UNIT, SYNCHRONIZE
 * CACHE and CLOSE TRACK/SESSION (spc_wait_unit_attention); status counts
 * such pauses so that a slow burn can be told from a slow drive.
 */
#define VB_CLIENT_PAUSE 0.3

/* Monotonic seconds, for the recording and pause figures above. */
double vb_medium_now(void);

/* Notes a command to m at monotonic time now (see last_cmd). */
void vb_medium_note_command(struct vb_medium *m, double now);
/* The command noted at start finished at end: the drive's own time,
 * and the next pause counts from end (a slow command is no pause). */
void vb_medium_note_done(struct vb_medium *m, double start, double end);

/* A client opened the node: its first command ends no pause. */
void vb_medium_note_open(struct vb_medium *m);

/*
 * Creates a blank medium whose capture image is path (created; an
 * existing file is never overwritten). capacity 0 means the standard size.
 * Returns owned medium or NULL with err set.
 */
struct vb_medium *vb_medium_new_blank(const struct vb_media_info *info,
				      uint64_t capacity, const char *path,
				      char *err, size_t errlen);
/* Syncs and closes the image. NULL-safe. */
void vb_medium_free(struct vb_medium *m);

enum vb_disc_status vb_medium_disc_status(const struct vb_medium *m);
/* MMC READ DISC INFORMATION "state of last session": 0 empty,
 * 1 incomplete, 3 complete. */
int vb_medium_last_session_state(const struct vb_medium *m);
/* Number of sessions as READ DISC INFORMATION counts them (the open
 * session included while the disc is appendable). */
int vb_medium_nsessions(const struct vb_medium *m);
/* The open (last, unclosed) track or NULL. */
struct media_track *vb_medium_open_track(const struct vb_medium *m);
/* Next writable address, or -1 if nothing can be written. */
int32_t vb_medium_nwa(const struct vb_medium *m);
/* First LBA past all recorded data (0 when blank). */
int32_t vb_medium_recorded_end(const struct vb_medium *m);
/* Lead-out start of session s (1-based, closed). */
int32_t vb_medium_session_end(const struct vb_medium *m, int s);
/* First track number of session s, or 0 if none. */
int vb_medium_session_first_track(const struct vb_medium *m, int s);

/* Records n 2048-byte sectors at lba; checks the address. */
/* What the medium is, for the handlers (which never read its fields). */
const struct vb_media_info *vb_medium_info(const struct vb_medium *m);
/* User-area sectors. */
uint32_t vb_medium_capacity(const struct vb_medium *m);
/* No further session can be recorded. */
bool vb_medium_finalized(const struct vb_medium *m);
/* Recorded tracks (the open one included), and recorded track i
 * (0-based; the write state, not the disc: vb_medium_track). */
int vb_medium_ntracks(const struct vb_medium *m);
const struct media_track *vb_medium_rec_track(const struct vb_medium *m, int i);
/* Why the latest write to the store failed, "" if none failed. */
const char *vb_medium_io_error(const struct vb_medium *m);
/* Sessions closed so far. */
int vb_medium_sessions_closed(const struct vb_medium *m);
/* Sectors recorded in the session still open (0: none open, or nothing
 * in it yet): what a stop or an eject now would discard. */
uint32_t vb_medium_open_sectors(const struct vb_medium *m);
/* Start of the invisible track (its pregap included on CD). */
int32_t vb_medium_next_start(const struct vb_medium *m);

/*
 * The first address a write may not reach now: the end of the open
 * reserved track, else of the medium; -1 when nothing is writable.
 */
int64_t vb_medium_write_end(const struct vb_medium *m);
/*
 * Writes n sectors in the log at lba, the NWA: f->log_size bytes each, as
 * the host sent them (audio PCM, raw sectors, Mode 2 user data). The
 * first block of a track sets its form; a track open at the NWA of
 * another form: 05/64/00.
 */
enum vb_sense vb_medium_write_log(struct vb_medium *m, int32_t lba,
				  const uint8_t *data, uint32_t n,
				  const struct vb_rec_form *f);
/* Marks INDEX idx (2..99) of the open track at lba (SAO cue sheet). */
enum vb_sense vb_medium_set_index(struct vb_medium *m, uint8_t idx,
				  int32_t lba);
/* The disc's CD-TEXT: len bytes of 18-byte packs (SAO lead-in). 0 or
 * -ENOMEM. */
int vb_medium_set_cdtext(struct vb_medium *m, const uint8_t *packs, size_t len);
/* The ISRC of the open track (raw recording: from its Q). */
void vb_medium_set_isrc(struct vb_medium *m, const char *isrc);
/* The disc's Media Catalog Number (13 digits; "" leaves it as it is). */
void vb_medium_set_mcn(struct vb_medium *m, const char *mcn);
/*
 * Keeps n sectors of PCM the host sent for the next track's pregap (SAO
 * INDEX 00 of an audio track) in the log; the track that begins next
 * takes them (a real disc plays them as that pregap: wodim -dao puts the
 * end of the previous song there).
 */
enum vb_sense vb_medium_write_pregap_audio(struct vb_medium *m,
					   const uint8_t *data, uint32_t n,
					   bool rw);
/*
 * From now on the open track (pregap false), or the pregap PCM waiting for
 * the next track (true), keeps each block's R-W after it (raw recording
 * learns mid-track that a track has some, mmc_raw.c); what it holds
 * already gets zero R-W (media_keeprw.c).
 */
enum vb_sense vb_medium_keep_rw(struct vb_medium *m, bool pregap);
enum vb_sense vb_medium_write(struct vb_medium *m, int32_t lba,
			      const uint8_t *data, uint32_t n);
/* Reads n 2048-byte sectors of recorded data. */
enum vb_sense vb_medium_read(struct vb_medium *m, int32_t lba, uint8_t *data,
			     uint32_t n);
/* Closes any open track and opens a new one of form f whose first sector
 * is lba (SAO: the cue sheet places tracks). lba must not precede
 * recorded data. */
enum vb_sense vb_medium_begin_track(struct vb_medium *m, int32_t lba,
				    const struct vb_rec_form *f);
/* DVD+R DL layer 0's data zone capacity: set (true) or the default. */
uint32_t vb_medium_l0_capacity(const struct vb_medium *m, bool *set);
/* Sets it before anything is recorded: 05/2C/00 after, 05/26/00 for a
 * size that is not a whole ECC block or not within the first half. */
enum vb_sense vb_medium_set_l0_capacity(struct vb_medium *m, uint32_t blocks);
/* Reserves the invisible track with size sectors (RESERVE TRACK). */
enum vb_sense vb_medium_reserve(struct vb_medium *m, uint32_t size);
/* Closes the open track, if any (CLOSE TRACK, TAO SYNCHRONIZE CACHE). */
enum vb_sense vb_medium_close_track(struct vb_medium *m);
/* Closes the open session; next_allowed keeps the disc appendable. */
enum vb_sense vb_medium_close_session(struct vb_medium *m, bool next_allowed);

/* ---- overwritable media: DVD+RW, BD-RE (media_rw.c) ---- */

/* A recordable DVD+RW or BD-RE, or a DVD-RW formatted for restricted
 * overwrite (media_dvdrw.c): random writes, FORMAT UNIT. */
bool vb_medium_overwritable(const struct vb_medium *m);
/* Formatted capacity in blocks, 0 while unformatted. */
uint32_t vb_medium_formatted(const struct vb_medium *m);
/* First LBA past every block written (the ISO capture's length). */
uint32_t vb_medium_written_end(const struct vb_medium *m);
/*
 * Formats a medium nothing was written to (the caller gives a written
 * one a fresh store first) to blocks user blocks, and commits:
 * 05/30/06 for other media, 05/26/00 for a size the disc cannot hold.
 */
enum vb_sense vb_medium_format(struct vb_medium *m, uint32_t blocks);
/* A BD-R with nothing recorded and no format yet: FORMAT UNIT may give it
 * spare areas (mmc_format.c). */
bool vb_medium_bdr_formattable(const struct vb_medium *m);
/* Writes n 2048-byte blocks at any lba of the formatted area: 05/30/02
 * while unformatted, 05/21/00 outside it. */
enum vb_sense vb_medium_ow_write(struct vb_medium *m, int32_t lba,
				 const uint8_t *data, uint32_t n);
/* Blocks were written since the last commit: a client is writing (the
 * recording a second writer must not disturb, vb_drive_recording). */
bool vb_medium_ow_writing(const struct vb_medium *m);
/* The commit point of an overwritable disc (SYNCHRONIZE CACHE, CLOSE). */
enum vb_sense vb_medium_ow_flush(struct vb_medium *m);

/* ---- DVD-RW restricted overwrite (media_dvdrw.c) ---- */

/* A recordable DVD-RW, sequential (0014h) or restricted overwrite. */
bool vb_medium_dvdrw(const struct vb_medium *m);
/*
 * Formats a DVD-RW nothing was written to for restricted overwrite
 * (profile 0013h) with blocks user blocks, and commits; from then on it
 * is an overwritable medium (media_rw.c).
 */
enum vb_sense vb_medium_dvdrw_overwrite(struct vb_medium *m, uint32_t blocks);
/* Grows the formatted area of a restricted overwrite disc to blocks,
 * keeping what it holds (quick grow); a smaller size keeps the area. */
enum vb_sense vb_medium_dvdrw_grow(struct vb_medium *m, uint32_t blocks);

/* ---- the medium as a disc (media_disc.c) ---- */

/*
 * Loads an image (any format of the registry) as a read-only disc. Opens
 * files and parses descriptors only. Returns an owned medium or NULL with
 * a one-line reason naming the file in err.
 */
struct vb_medium *vb_medium_load(const char *path, char *err, size_t errlen);
/*
 * Records the disc d (a loaded image) into m, a fresh blank of its kind,
 * session by session as a burner would, leaving it appendable
 * (media_import.c). 0, or -errno with a one-line reason in err.
 */
int vb_medium_import(struct vb_medium *m, const struct vb_disc *d, char *err,
		     size_t errlen);
/*
 * BLANK types 2-6 (media_import.c): records into m, a fresh blank of
 * src's kind, what stays of src's disc after blanking type (2 a track,
 * 3 unreserve, 4 a track tail, 5 unclose the last session, 6 erase a
 * session) with START ADDRESS/TRACK NUMBER arg. VB_OK, 05/24/00 when the
 * type does not apply to src's disc, or the failure's sense. With m NULL
 * it only checks.
 */
enum vb_sense vb_medium_blank_part(struct vb_medium *m, struct vb_medium *src,
				   uint8_t type, uint32_t arg);
/* Is m a loaded image (not a recording)? */
bool vb_medium_loaded(const struct vb_medium *m);
/* The recorded layout changed: the disc is rebuilt before the next read. */
void vb_medium_disc_changed(struct vb_medium *m);
/* The disc reads serve (borrowed, valid until the next change of m), or
 * NULL when nothing is recorded. */
const struct vb_disc *vb_medium_disc(struct vb_medium *m);
/* The disc's track with that number, or NULL. */
const struct vb_track *vb_medium_track(struct vb_medium *m, int number);
/* CONTROL nibble of a track (data, uninterrupted when unknown). */
uint8_t vb_medium_track_ctl(struct vb_medium *m, int number);
/* The disc's media catalogue number, or NULL. */
const char *vb_medium_mcn(struct vb_medium *m);
/*
 * Reads n sectors at lba in one of the formats library's read kinds:
 * 05/21/00 outside every track, 05/64/00 for the wrong sector type,
 * 03/11/00 when an image file cannot be read.
 */
enum vb_sense vb_medium_read_as(struct vb_medium *m, int32_t lba, uint32_t n,
				enum vb_read_kind kind, uint8_t *out);
/*
 * After session N >= 2 closed at session_start: the flat file's LBA 16..31
 * show that session's volume descriptors (media_iso.c). 0, or -errno when
 * session 1's own sectors could not be kept (the flat file is untouched).
 */
int vb_medium_iso_view(struct vb_medium *m, int32_t session_start);
/* ---- the commit point (media_commit.c) ---- */

/* Every written byte of the store durable (fdatasync). 0 or -errno. */
int vb_medium_sync(struct vb_medium *m);
/* vb_medium_sync, then the manifest <stem>.vbd of the closed tracks and
 * the write state, atomically (docs/vbd.md). 0 or -errno (logged). */
int vb_medium_commit(struct vb_medium *m);
/* The closed tracks as an owned disc (*out NULL: none). */
int vb_medium_committed_disc(const struct vb_medium *m, struct vb_disc **out,
			     struct vb_diag *diag);
/* CD, DVD or BD, from the media table. */
enum vb_disc_kind vb_medium_disc_kind(const struct vb_medium *m);
/* The kind of disc a medium type holds. */
enum vb_disc_kind vb_media_disc_kind(const struct vb_media_info *info);

/* The disc a CD's lead-in describes: the closed sessions (a loaded
 * disc: all of it), owned in *out (NULL: none). 0 or -errno. */
int vb_medium_toc_disc(struct vb_medium *m, struct vb_disc **out);
/* The closed sessions as an owned disc for a capture (*out NULL: none). */
int vb_medium_capture_disc(const struct vb_medium *m, struct vb_disc **out,
			   struct vb_diag *diag);

#endif
