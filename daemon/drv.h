/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drive internals shared by the MMC handler files: the drive state, the
 * handler signature and the handler prototypes. Not part of the public API
 * (include/vburn/drive.h).
 */
#ifndef VB_DRV_H
#define VB_DRV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "capture.h"
#include "media.h"
#include "play.h"
#include "resp.h"
#include "sense.h"
#include "vburn/cmd.h"
#include "vburn/drive.h"

/* Write Parameters mode page (MMC-6 section 7.5.4): 2 + 0x32 bytes. */
#define PAGE05_LEN 52

/* GET EVENT STATUS NOTIFICATION media event codes (MMC-6 Table 150). */
enum vb_media_event {
	VB_EV_NONE = 0,
	VB_EV_EJECT_REQUEST = 1,
	VB_EV_NEW_MEDIA = 2,
	VB_EV_MEDIA_REMOVAL = 3,
};

/* One ADR-1 entry of a SEND CUE SHEET (MMC-6 6.34.3). */
struct vb_cue_entry {
	uint8_t ctl;   /* CONTROL nibble */
	uint8_t tno;   /* 0 lead-in, 1..99 tracks, 0xAA lead-out */
	uint8_t index; /* 0 pregap, 1..99 */
	uint8_t form;  /* DATA FORM: main data (bits 5-0), subchannel */
	int32_t lba;
};

#define VB_CUE_MAX 512
/* 8 language blocks of at most 256 packs (MMC-6 Annex J) */
#define VB_SAO_CDTEXT_MAX 2048

/*
 * CD-TEXT the host writes into the lead-in as R-W subchannel (SAO with
 * data form 41h, RAW96): one cycle of its packs, complete when the first
 * comes again.
 */
struct vb_leadin_text {
	bool done;
	size_t n;
	uint8_t packs[VB_SAO_CDTEXT_MAX * 18];
};

/*
 * Session-at-once recording state: the cue sheet the host sent and the
 * next LBA it must write. Active from SEND CUE SHEET until the last block
 * before the lead-out is written (then the session is closed).
 */
struct vb_sao {
	bool active;
	int n;
	struct vb_cue_entry e[VB_CUE_MAX];
	int32_t next;
	int32_t leadout;
	uint8_t tno_open; /* track the image is recording, 0: none yet */
	/* ADR 2 and ADR 3 entries: the MCN and each track's ISRC, "" none */
	char mcn[14];
	char isrc[100][13];
	/* CD-TEXT the host writes into the lead-in (data form 41h/C1h) */
	bool cdtext_in;
	int32_t first; /* the first block after the lead-in */
	struct vb_leadin_text text;
};

/*
 * Raw recording (page 05 write type 3, docs/clients.md 3.2): the host sends
 * every block from the lead-in to the lead-out with its subchannel, and
 * the Q of each block says where it belongs (ECMA-130 22.3).
 */
struct vb_raw {
	int32_t next;	/* the next block expected; INT32_MIN: none yet */
	uint8_t tno;	/* the track being recorded, 0: none yet */
	uint8_t index;	/* its index */
	bool data;	/* CONTROL of the block before: a data track */
	bool leadout;	/* the lead-out began: the session is closed */
	bool rw;	/* the open track keeps R-W (media_keeprw.c) */
	bool rw_pregap; /* the pregap PCM kept for the next track does */
	struct vb_leadin_text text;
};

/*
 * Unit attention and events (QEMU's documented sequence, docs/style.md R6):
 * inserting a medium queues UNIT ATTENTION 28/00 "medium may have
 * changed", reported once to the next command that does not allow UA,
 * and separately a GESN "new media" event; ejecting queues a "media
 * removal" event and the drive answers NOT READY 3A/02 until a new medium
 * comes. REQUEST SENSE returns and clears a pending unit attention.
 */
struct vb_drive {
	pthread_mutex_t lock;
	int index;
	char *image_dir;	  /* owned */
	char *format;		  /* owned, may be NULL */
	struct vb_medium *medium; /* in the drive or on the open tray */
	bool tray_open;
	bool prevent; /* PREVENT ALLOW MEDIUM REMOVAL */
	/* Ports (port.c): per port a pending unit attention (VB_OK: none)
	 * and GESN media event; the port recording, -1 none, and when it
	 * last sent a write-type command. */
	uint32_t ports; /* bit p: port p is open; port 0 always is */
	enum vb_sense ua[VB_PORTS];
	enum vb_media_event event[VB_PORTS];
	int writer;
	uint64_t writer_ms;
	uint8_t page05[PAGE05_LEN];
	uint16_t read_speed, write_speed; /* kB/s */
	struct vb_sao sao;
	struct vb_raw raw;
	/* Test Write in TAO: where the simulated track goes on, -1 none */
	int32_t test_nwa;
	struct vb_capture *capture; /* the drive's capture worker */
	struct vb_play play;	    /* audio play state (play.h) */
	char last_error[160];
	unsigned op_ms; /* how long BLANK/FORMAT/CLOSE take (busy.c) */
	struct {	/* an Immed operation still running (busy.c) */
		enum vb_sense sense; /* VB_OK: none */
		const struct vb_medium *medium;
		uint64_t start_ms, end_ms;
	} busy;
};

/*
 * A CDB handler (docs/style.md R3, R5). Called with the drive lock held, after
 * the generic gates. Data-in replies go through out (already limited to
 * the initiator's buffer); data-out payload is cmd->buf/cmd->buf_len.
 * Returns VB_OK or the sense to report; never writes sense bytes itself.
 */
typedef enum vb_sense (*mmc_handler)(struct vb_drive *d, const uint8_t *cdb,
				     struct vb_cmd *cmd, struct vb_resp *out);

/* Opcode table flags, applied once by the dispatcher. */
#define F_ALLOW_UA \
	0x01	      /* runs while a unit attention is pending (MMC-6
			 * 4.1.6.1: INQUIRY, REQUEST SENSE, GET
			 * CONFIGURATION, GESN never report one) */
#define F_MEDIUM 0x02 /* needs a medium: NOT READY 3A otherwise */
#define F_RECORD \
	0x04 /* records on the medium: a failure is the drive's
			 * last error (probes failing, e.g. READ TOC on a
			 * blank disc, are not) */
#define F_WRITER \
	0x10 /* writes to the medium (recording, blanking, formatting):
		 * one port at a time (port.c) */
#define F_FILLS \
	0x08 /* data-in the handler writes whole (sector reads): the
			 * reply buffer is not zeroed first, which would
			 * be one more pass over every byte read */

/* The data phase a command has (whatever the front end was given). */
#define D_NONE 0 /* none: a buffer the host passes is left alone */
#define D_IN 1	 /* data-in: the reply, built through struct vb_resp */
#define D_OUT 2	 /* data-out: the payload, read from cmd->buf */

/*
 * One command's descriptor (docs/style.md R3, R4): what the dispatcher needs
 * to apply the generic rules once, before the handler runs. usage[] is
 * the Linux LIO target's usage_bits idea: per CDB byte, the bits the
 * host may set; any other bit is reserved, and a CDB with one set is
 * refused with 05/24/00 and a field pointer at it (SPC-4 4.5.2.4).
 * The masks allow every bit MMC-6/SPC-4 define for the command and the
 * obsolete ones clients still send (LUN bits 7-5 of byte 1, vendor bits
 * of the CONTROL byte, which also carry READ TOC's SFF-8020 format).
 */
struct mmc_cmd {
	const char *name; /* for the log and the drive's last error */
	mmc_handler fn;
	const char *spec; /* where the command is defined */
	uint8_t cdb_len;  /* CDB bytes: 6, 10 or 12 */
	uint8_t dir;	  /* D_NONE, D_IN or D_OUT */
	/* ALLOCATION LENGTH (D_IN: the reply is cut to it) or PARAMETER
	 * LIST LENGTH (D_OUT: what is taken of the payload) field: first
	 * byte and size in bytes (1-4); size 0: the command has none. */
	uint8_t len_off, len_size;
	uint8_t flags;	   /* F_* */
	uint8_t usage[16]; /* bits the host may set, per CDB byte */
};

/* The opcode table (dispatch.c). */
extern const struct mmc_cmd mmc_cmds[256];

/* Adds the CD-TEXT packs of n lead-in blocks whose R-W symbols are at
 * sub, stride bytes apart (mmc_cue.c). */
enum vb_sense leadin_text_add(struct vb_leadin_text *t, const uint8_t *sub,
			      uint32_t n, size_t stride);
/* Raw recording state (mmc_raw.c): back to "no block yet" (a new page
 * 05 or medium), and whether a raw session is being written. */
void raw_reset(struct vb_drive *d);
bool raw_recording(const struct vb_drive *d);
/* WRITE in raw mode (page 05 write type 3, mmc_raw.c). */
enum vb_sense raw_write(struct vb_drive *d, int32_t lba, uint32_t n,
			const uint8_t *data, uint32_t len);

/* Default page 05 for the medium in the drive (mode.c). */
void mode_reset_page05(struct vb_drive *d);
/* Multi-session field of page 05 says "next session allowed" (mode.c). */
bool mode_next_session_allowed(const struct vb_drive *d);
/* Logical block size the host sends for WRITE (mode.c). */
uint32_t mode_write_block_size(const struct vb_drive *d);
bool mode_test_write(const struct vb_drive *d);
/* Page 05 DATA BLOCK TYPE and WRITE TYPE (MMC-6 Tables 659, 661). */
uint8_t mode_block_type(const struct vb_drive *d);
uint8_t mode_write_type(const struct vb_drive *d);
/* The form of TAO blocks page 05 announces on CD; false: not recordable. */
bool mode_rec_form(const struct vb_drive *d, struct vb_rec_form *f);
/* Page 05 TRACK MODE: the CONTROL nibble of the track to write (MMC-6
 * Table 660; bit 2 clear: audio, bit 0 pre-emphasis, bit 1 copy). */
uint8_t mode_track_mode(const struct vb_drive *d);
/* Page 05 MEDIA CATALOG NUMBER (bytes 16-31: MCVAL, 13 digits) and ISRC
 * (bytes 32-47: TCVAL, 12 characters), MMC-6 Table 658; "" when not
 * valid. */
void mode_mcn(const struct vb_drive *d, char out[14]);
void mode_isrc(const struct vb_drive *d, char out[13]);

/* Medium changes (drive.c), drive lock held: remove the medium for good
 * (vburnctl eject, a new blank), or open/close the tray around it
 * (START STOP UNIT, CDROMEJECT). */
void drive_eject_locked(struct vb_drive *d);
void drive_open_tray_locked(struct vb_drive *d);
/* BLANK of the whole disc: a fresh blank of the same type (drive.c). */
int drive_blank_locked(struct vb_drive *d);
/*
 * BLANK of type 0-6 (mmc_session.c): a fresh medium with what stays of
 * the disc (media_import.c for types 2-6), the old files kept whole.
 */
enum vb_sense drive_blank_part_locked(struct vb_drive *d, uint8_t type,
				      uint32_t arg);

/*
 * A long operation (busy.c): what (02/04/04 or 02/04/07) is reported
 * for d->op_ms after an Immed command; without Immed the call itself
 * takes that long. drive_busy() is VB_OK when nothing runs, else the
 * sense to report and *progress (0..65535).
 */
void drive_busy_begin(struct vb_drive *d, enum vb_sense what, bool immed);
enum vb_sense drive_busy(struct vb_drive *d, int *progress);
void drive_close_tray_locked(struct vb_drive *d);
/* A session was closed: queue the capture of the closed sessions in the
 * medium's format (drive.c), drive lock held. */
void drive_capture_locked(struct vb_drive *d);

/*
 * Ports (port.c), drive lock held: the paths commands come by, as SAM's
 * I_T nexus. A media change posts its unit attention and GESN event to
 * every port; each port takes its own. One port records at a time:
 * port_write_gate() is the answer to another port's write-type command
 * while it does, port_wrote() notes a write-type command done (which
 * may have closed a session, ending the recording).
 */
void port_post_ua(struct vb_drive *d, enum vb_sense s);
void port_post_event(struct vb_drive *d, enum vb_media_event ev);
enum vb_sense port_take_ua(struct vb_drive *d, unsigned port);
enum vb_media_event port_take_event(struct vb_drive *d, unsigned port);
enum vb_sense port_write_gate(struct vb_drive *d, unsigned port);
void port_wrote(struct vb_drive *d, unsigned port, bool session_closed);
/* Is a recording under way (vb_drive_recording() under the lock)? */
bool drive_recording_locked(struct vb_drive *d);

/* The medium the drive can use: none while the tray is open (a disc on an
 * open tray comes back when the tray closes, as growisofs' reload
 * expects: quirk:growisofs-reload). */
static inline struct vb_medium *drive_medium(const struct vb_drive *d)
{
	return d->tray_open ? NULL : d->medium;
}

/* CDB field helpers. */
static inline int32_t cdb_lba(const uint8_t *cdb)
{
	return (int32_t)get_be32(cdb + 2);
}

/* Handlers, one per CDB, grouped by file. */
/* spc.c */
enum vb_sense spc_test_unit_ready(struct vb_drive *, const uint8_t *,
				  struct vb_cmd *, struct vb_resp *);
enum vb_sense spc_rezero_unit(struct vb_drive *, const uint8_t *,
			      struct vb_cmd *, struct vb_resp *);
enum vb_sense spc_request_sense(struct vb_drive *, const uint8_t *,
				struct vb_cmd *, struct vb_resp *);
enum vb_sense spc_inquiry(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			  struct vb_resp *);
enum vb_sense spc_start_stop(struct vb_drive *, const uint8_t *,
			     struct vb_cmd *, struct vb_resp *);
enum vb_sense spc_prevent_allow(struct vb_drive *, const uint8_t *,
				struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_mechanism_status(struct vb_drive *, const uint8_t *,
				   struct vb_cmd *, struct vb_resp *);
/* mode.c */
enum vb_sense spc_mode_sense(struct vb_drive *, const uint8_t *,
			     struct vb_cmd *, struct vb_resp *);
enum vb_sense spc_mode_select(struct vb_drive *, const uint8_t *,
			      struct vb_cmd *, struct vb_resp *);
/* mmc_config.c */
enum vb_sense mmc_get_configuration(struct vb_drive *, const uint8_t *,
				    struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_get_event_status(struct vb_drive *, const uint8_t *,
				   struct vb_cmd *, struct vb_resp *);
/* mmc_speed.c */
enum vb_sense mmc_set_cd_speed(struct vb_drive *, const uint8_t *,
			       struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_get_performance(struct vb_drive *, const uint8_t *,
				  struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_set_streaming(struct vb_drive *, const uint8_t *,
				struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_read_buffer_capacity(struct vb_drive *, const uint8_t *,
				       struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_send_opc(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			   struct vb_resp *);
/* mmc_info.c */
enum vb_sense mmc_read_disc_info(struct vb_drive *, const uint8_t *,
				 struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_read_track_info(struct vb_drive *, const uint8_t *,
				  struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_read_capacity(struct vb_drive *, const uint8_t *,
				struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_read_format_capacities(struct vb_drive *, const uint8_t *,
					 struct vb_cmd *, struct vb_resp *);
/* mmc_toc.c */
enum vb_sense mmc_read_toc(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			   struct vb_resp *);
/* mmc_rw.c */
enum vb_sense mmc_read(struct vb_drive *, const uint8_t *, struct vb_cmd *,
		       struct vb_resp *);
enum vb_sense mmc_write(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			struct vb_resp *);
enum vb_sense mmc_sync_cache(struct vb_drive *, const uint8_t *,
			     struct vb_cmd *, struct vb_resp *);
/* mmc_readcd.c */
enum vb_sense mmc_read_cd(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			  struct vb_resp *);
enum vb_sense mmc_read_cd_msf(struct vb_drive *, const uint8_t *,
			      struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_read_sub_channel(struct vb_drive *, const uint8_t *,
				   struct vb_cmd *, struct vb_resp *);
/* mmc_dvd.c */
enum vb_sense mmc_read_dvd_structure(struct vb_drive *, const uint8_t *,
				     struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_send_disc_structure(struct vb_drive *, const uint8_t *,
				      struct vb_cmd *, struct vb_resp *);
/* mmc_cue.c */
enum vb_sense mmc_send_cue_sheet(struct vb_drive *, const uint8_t *,
				 struct vb_cmd *, struct vb_resp *);
/* WRITE while a cue sheet is active (SAO). */
enum vb_sense sao_write(struct vb_drive *d, int32_t lba, uint32_t n,
			const uint8_t *data, uint32_t len);
/* mmc_format.c */
enum vb_sense mmc_format_unit(struct vb_drive *, const uint8_t *,
			      struct vb_cmd *, struct vb_resp *);
/* One formattable capacity descriptor (MMC-6 Table 481). */
struct fmt_desc {
	uint32_t blocks;
	uint8_t type;
	uint32_t param; /* TYPE DEPENDENT PARAMETER */
};
/* DVD-RW formats (mmc_dvdrw.c): the list READ FORMAT CAPACITIES shows,
 * at most 5, and FORMAT UNIT of a format type with its NUMBER OF BLOCKS. */
unsigned dvdrw_fmt_list(const struct vb_medium *m, struct fmt_desc *l);
enum vb_sense dvdrw_format(struct vb_drive *d, uint8_t type, uint32_t blocks);
/* READ FORMAT CAPACITIES of a formattable disc (the formats offered). */
enum vb_sense fmt_read_format_capacities(struct vb_drive *d,
					 struct vb_resp *out);
/* mmc_overwrite.c: the answers of an overwritable disc (DVD+RW, BD-RE) */
enum vb_sense ow_write(struct vb_drive *d, int32_t lba, uint32_t n,
		       const struct vb_cmd *cmd);
enum vb_sense ow_read_disc_info(struct vb_drive *d, struct vb_resp *out);
enum vb_sense ow_read_track_info(struct vb_drive *d, uint8_t type,
				 uint32_t value, struct vb_resp *out);
/* mmc_session.c */
enum vb_sense mmc_reserve_track(struct vb_drive *, const uint8_t *,
				struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_blank(struct vb_drive *, const uint8_t *, struct vb_cmd *,
			struct vb_resp *);
enum vb_sense mmc_close_track_session(struct vb_drive *, const uint8_t *,
				      struct vb_cmd *, struct vb_resp *);
/* mmc_audio.c */
enum vb_sense mmc_seek(struct vb_drive *, const uint8_t *, struct vb_cmd *,
		       struct vb_resp *);
enum vb_sense mmc_play_audio10(struct vb_drive *, const uint8_t *,
			       struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_play_audio12(struct vb_drive *, const uint8_t *,
			       struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_play_audio_msf(struct vb_drive *, const uint8_t *,
				 struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_pause_resume(struct vb_drive *, const uint8_t *,
			       struct vb_cmd *, struct vb_resp *);
enum vb_sense mmc_stop_play_scan(struct vb_drive *, const uint8_t *,
				 struct vb_cmd *, struct vb_resp *);

#endif
