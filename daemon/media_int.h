/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The medium's fields, for media*.c and the drive's status report only
 * (drive.c). Command handlers use the functions of media.h
 * (docs/architecture.md "The medium is a disc": handlers use the medium's
 * functions, never its fields), and the compiler keeps them to it: they do not
 * include this.
 */
#ifndef VBURN_MEDIA_INT_H
#define VBURN_MEDIA_INT_H

#include <sys/types.h>

#include "media.h"

struct vb_medium {
	const struct vb_media_info *info;
	uint32_t capacity; /* user-area sectors */
	/* The capacity of the disc as it came blank: a BD-R formatted with
	 * spare areas has less user area (media_rw.c) */
	uint32_t blank_capacity;
	/* DVD+R DL: layer 0's data zone capacity the host set (SEND DISC
	 * STRUCTURE 20h), 0 while it is the default half */
	uint32_t l0_capacity;
	/* Overwritable media (media_rw.c): formatted capacity (0 while
	 * unformatted) and the first LBA past every block written; a
	 * sequential BD-R formatted with spares: its user area. */
	uint32_t formatted;
	uint32_t written_end;
	struct media_track *tracks; /* owned, ntracks entries */
	int ntracks;
	int tracks_cap;
	int nsessions_closed;
	bool finalized;
	int32_t next_start; /* start of the invisible track */
	int fd;		    /* capture image, 2048 bytes per LBA */
	char *path;	    /* owned */
	char *format;	    /* owned capture format, NULL: drive's */
	uint64_t bytes_written;
	/* The latest recording (the writes of the last session written):
	 * bytes and the monotonic time its first and last WRITE arrived,
	 * so status can show how fast a burn streamed. */
	uint64_t rec_bytes;
	double rec_first, rec_last;
	bool rec_done; /* a session closed since: the next write restarts */
	/* Pauses of VB_CLIENT_PAUSE or more between two commands of one
	 * client since the medium went in: the client waiting, since the
	 * drive answers at once. last_cmd is when the latest command
	 * arrived (vb_medium_note_command); 0 when a client opened the node
	 * since, so the time before its first command (its start-up, or
	 * no client at all) is no pause. */
	double last_cmd;
	double wait_seconds;
	unsigned int wait_count;
	/* The drive's own time: commands from arrival to completion (the
	 * handler and the store under the drive lock, not the transport),
	 * the share of a burn the drive decides (bench/). */
	double exec_seconds;
	unsigned long exec_count;
	/* What reads serve (media_disc.c): a loaded image's disc, or the
	 * recorded tracks, rebuilt when disc_stale. NULL: nothing yet. */
	struct vb_disc *disc;
	bool disc_stale;
	bool loaded;		  /* a loaded image: read-only, no store */
	const char *image_format; /* a loaded image's format (static) */
	/* The log (media_iso.c): the store's append-only second file. */
	int log_fd;
	char *log_path;
	uint64_t log_len;
	/* Session 1's sectors 16..31 kept in the log at vd_log_off once the
	 * flat file shows a later session there (the ISO view). */
	bool vd_saved;
	unsigned vd1_len; /* sectors of session 1's descriptor set */
	uint64_t vd_log_off;
	/* SAO: PCM of the next track's pregap already in the log, each
	 * sector with its R-W if pending_rw */
	uint64_t pending_off;
	uint32_t pending_n;
	bool pending_rw;
	char mcn[14]; /* recorded Media Catalog Number, "" if none */
	/* why the latest write to the store failed ("" if none): status
	 * shows it beside the sense (vb_medium_io_error) */
	char io_err[96];
	/* CD-TEXT packs from the lead-in (SAO), owned; NULL: none */
	uint8_t *cdtext;
	size_t cdtext_len;
};

/* Opens (creating) the log beside the flat file, <stem>.vblog. */
int medium_log_open(struct vb_medium *m);
/* Counts n sectors written to the latest recording (media.c). */
void medium_account(struct vb_medium *m, uint32_t n);
/* The disc of an overwritable medium (media_rw.c): one session, one
 * track of the formatted capacity (whole) or of the written extent (a
 * capture); *out NULL when that is empty. 0 or -errno with diag. */
int medium_ow_disc(const struct vb_medium *m, bool whole, struct vb_disc **out,
		   struct vb_diag *diag);

/* Writes all len bytes at off of fd (path names it in the log), looping
 * over short writes so that a full disk says ENOSPC: 0, or -errno with
 * the reason logged and kept for status (vb_medium_io_error). */
int media_pwrite(struct vb_medium *m, int fd, const char *path, const void *buf,
		 size_t len, off_t off);

#endif
