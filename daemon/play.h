/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Audio play state of the drive (MMC-6 6.13 PLAY AUDIO, 6.11 PAUSE/RESUME,
 * 6.38 STOP PLAY/SCAN, and the current position READ SUB-CHANNEL reports,
 * 6.31). Nothing is sounded: the position moves with the clock at the
 * disc's normal speed, 75 sectors a second (Red Book), so programs that
 * poll the position while playing see it advance and the play complete.
 */
#ifndef VB_PLAY_H
#define VB_PLAY_H

#include <stdbool.h>
#include <stdint.h>

/* AUDIO STATUS of the sub-channel header, MMC-6 Table 517. */
#define VB_AUDIO_PLAYING 0x11
#define VB_AUDIO_PAUSED 0x12
#define VB_AUDIO_COMPLETED 0x13
#define VB_AUDIO_ERROR 0x14
#define VB_AUDIO_NONE 0x15

struct vb_play {
	int32_t start, end; /* [start, end) being played */
	int32_t pos;	    /* position when paused or last looked at */
	double since;	    /* monotonic time pos was taken while playing */
	uint8_t status;	    /* VB_AUDIO_*; 0 means NONE */
	bool reported;	    /* a COMPLETED/ERROR status was reported once */
};

/* Starts playing [start, end). */
void vb_play_start(struct vb_play *p, int32_t start, int32_t end, double now);
/* PAUSE (resume false) or RESUME; false if nothing plays or is paused. */
bool vb_play_pause(struct vb_play *p, bool resume, double now);
/* STOP PLAY/SCAN: no audio operation any more. */
void vb_play_stop(struct vb_play *p);
/* The position now (start of the play, or where it stopped), and the
 * audio status to report (a completed play reports COMPLETED once, then
 * NONE, MMC-6 6.31.2.1). */
int32_t vb_play_position(struct vb_play *p, double now, uint8_t *status);
/* SEEK moves the head: a play or pause ends there. */
void vb_play_seek(struct vb_play *p, int32_t lba);

#endif
