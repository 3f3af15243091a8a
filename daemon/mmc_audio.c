/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEEK and the CD audio play commands: PLAY AUDIO (10), (12) and MSF,
 * PAUSE/RESUME, STOP PLAY/SCAN (MMC-4 6.14-6.17; MMC-5 dropped the play
 * commands with the analogue audio output, but the kernel's cdrom layer
 * still sends them for CDROMPLAYMSF, CDROMPAUSE and friends). These are
 * stubs for a drive with no audio to play: the media this drive records
 * hold data tracks only, and a PLAY AUDIO of data is ILLEGAL MODE FOR
 * THIS TRACK (MMC-4 6.15); nothing ever plays, so there is nothing to
 * pause or resume, and stopping nothing is no error.
 */
#include "drv.h"

/* SEEK (10), MMC-6: any LBA of the medium is GOOD, past its end 21/00. */
enum vb_sense mmc_seek(struct vb_drive *d, const uint8_t *cdb,
		       struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint32_t lba = get_be32(cdb + 2); /* LOGICAL BLOCK ADDRESS */

	(void)cmd, (void)out;
	if (lba >= d->medium->capacity)
		return S_LBA_OUT_OF_RANGE;
	return VB_OK;
}

/*
 * PLAY AUDIO (10) and (12), MMC-4 6.15/6.16. A TRANSFER LENGTH of 0
 * plays nothing and is no error; anything else would play a data track.
 */
static enum vb_sense play_lba(const struct vb_drive *d, uint32_t lba,
			      uint32_t n)
{
	if (n == 0)
		return VB_OK;
	/* FFFFFFFFh: from the current position */
	if (lba != 0xffffffffu && lba >= d->medium->capacity)
		return S_LBA_OUT_OF_RANGE;
	return S_ILLEGAL_MODE_FOR_TRACK;
}

enum vb_sense mmc_play_audio10(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cmd, (void)out;
	return play_lba(d, get_be32(cdb + 2), get_be16(cdb + 7));
}

enum vb_sense mmc_play_audio12(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cmd, (void)out;
	return play_lba(d, get_be32(cdb + 2), get_be32(cdb + 6));
}

/*
 * PLAY AUDIO MSF, MMC-4 6.17: equal start and end play nothing (no
 * error); a start after the end is an invalid field.
 */
enum vb_sense mmc_play_audio_msf(struct vb_drive *d, const uint8_t *cdb,
				 struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint32_t start = get_be24(cdb + 3); /* STARTING M, S, F */
	const uint32_t end = get_be24(cdb + 6);	  /* ENDING M, S, F */

	(void)d, (void)cmd, (void)out;
	if (start == end)
		return VB_OK;
	if (start > end)
		return S_INVALID_FIELD_IN_CDB;
	return S_ILLEGAL_MODE_FOR_TRACK;
}

/*
 * PAUSE/RESUME, MMC-4 6.14: with no play operation in progress or
 * paused, the command is a COMMAND SEQUENCE ERROR.
 */
enum vb_sense mmc_pause_resume(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)d, (void)cdb, (void)cmd, (void)out;
	return S_CMD_SEQUENCE_ERROR;
}

/* STOP PLAY/SCAN, MMC-4: stopping when nothing plays is not an error. */
enum vb_sense mmc_stop_play_scan(struct vb_drive *d, const uint8_t *cdb,
				 struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)d, (void)cdb, (void)cmd, (void)out;
	return VB_OK;
}
