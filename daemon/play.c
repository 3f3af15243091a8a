/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audio play state (play.h). */
#include "play.h"

#define SECTORS_PER_SECOND 75 /* Red Book: 1x CD-DA */

void vb_play_start(struct vb_play *p, int32_t start, int32_t end, double now)
{
	p->start = start;
	p->end = end;
	p->pos = start;
	p->since = now;
	p->status = start < end ? VB_AUDIO_PLAYING : VB_AUDIO_COMPLETED;
	p->reported = false;
}

/* Advances a playing position to now; completes at the end. */
static void play_advance(struct vb_play *p, double now)
{
	double moved;

	if (p->status != VB_AUDIO_PLAYING)
		return;
	moved = (now - p->since) * SECTORS_PER_SECOND;
	if (moved >= (double)(p->end - p->pos)) {
		p->pos = p->end;
		p->status = VB_AUDIO_COMPLETED;
		p->reported = false;
		return;
	}
	if (moved >= 1) {
		p->pos += (int32_t)moved;
		p->since += (int32_t)moved / (double)SECTORS_PER_SECOND;
	}
}

bool vb_play_pause(struct vb_play *p, bool resume, double now)
{
	play_advance(p, now);
	if (resume && p->status == VB_AUDIO_PAUSED) {
		p->status = VB_AUDIO_PLAYING;
		p->since = now;
		return true;
	}
	if (!resume && p->status == VB_AUDIO_PLAYING) {
		p->status = VB_AUDIO_PAUSED;
		return true;
	}
	/* MMC-6 6.11.2: PAUSE while paused and RESUME while playing are
	 * no errors; either without an audio operation is. */
	return p->status == VB_AUDIO_PLAYING || p->status == VB_AUDIO_PAUSED;
}

void vb_play_stop(struct vb_play *p)
{
	p->status = VB_AUDIO_NONE;
}

int32_t vb_play_position(struct vb_play *p, double now, uint8_t *status)
{
	play_advance(p, now);
	*status = p->status ? p->status : VB_AUDIO_NONE;
	if (p->status == VB_AUDIO_COMPLETED || p->status == VB_AUDIO_ERROR) {
		if (p->reported)
			*status = VB_AUDIO_NONE;
		p->reported = true;
	}
	return p->pos;
}

void vb_play_seek(struct vb_play *p, int32_t lba)
{
	p->pos = lba;
	if (p->status == VB_AUDIO_PLAYING || p->status == VB_AUDIO_PAUSED)
		p->status = VB_AUDIO_NONE;
}
