/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SEEK and the CD audio play commands: PLAY AUDIO (10), (12) and MSF,
 * PAUSE/RESUME, STOP PLAY/SCAN (MMC-4 6.14-6.17; MMC-5 dropped the play
 * commands with the analogue audio output, but the kernel's cdrom layer
 * still sends them for CDROMPLAYMSF, CDROMPAUSE and friends:
 * quirk:kernel-cdrom-play, docs/clients/kernel.md). Nothing is
 * sounded: the play state (play.h) moves its position with the clock, so
 * READ SUB-CHANNEL shows a play advance and complete. Playing a data
 * track is ILLEGAL MODE FOR THIS TRACK (MMC-4 6.15).
 */
#include "drv.h"

/* SEEK (10), MMC-6: any LBA of the medium is GOOD, past its end 21/00. */
enum vb_sense mmc_seek(struct vb_drive *d, const uint8_t *cdb,
		       struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint32_t lba = get_be32(cdb + 2); /* LOGICAL BLOCK ADDRESS */

	(void)cmd, (void)out;
	if (lba >= vb_medium_capacity(d->medium))
		return S_LBA_OUT_OF_RANGE;
	vb_play_seek(&d->play, (int32_t)lba);
	return VB_OK;
}

/*
 * Starts playing [start, start + n): every sector must lie on the disc
 * (21/00) and the play must start in an audio track (64/00). start -1:
 * from the current position. n 0 plays nothing and is no error.
 */
static enum vb_sense play(struct vb_drive *d, int64_t start, int64_t n)
{
	const struct vb_disc *disc = vb_medium_disc(d->medium);
	const struct vb_track *t;
	uint8_t status;

	if (n == 0)
		return VB_OK;
	if (start < 0)
		start = vb_play_position(&d->play, vb_medium_now(), &status);
	if (!disc || start + n > vb_disc_leadout(disc))
		return S_LBA_OUT_OF_RANGE;
	t = vb_disc_track_at(disc, (int32_t)start);
	if (!t)
		return S_LBA_OUT_OF_RANGE;
	if (t->mode != VB_MODE_AUDIO)
		return S_ILLEGAL_MODE_FOR_TRACK;
	vb_play_start(&d->play, (int32_t)start, (int32_t)(start + n),
		      vb_medium_now());
	return VB_OK;
}

/* PLAY AUDIO (10) and (12), MMC-4 6.15/6.16: FFFFFFFFh is the current
 * position. */
enum vb_sense mmc_play_audio10(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint32_t lba = get_be32(cdb + 2);

	(void)cmd, (void)out;
	return play(d, lba == 0xffffffffu ? -1 : (int32_t)lba,
		    get_be16(cdb + 7));
}

enum vb_sense mmc_play_audio12(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint32_t lba = get_be32(cdb + 2);

	(void)cmd, (void)out;
	return play(d, lba == 0xffffffffu ? -1 : (int32_t)lba,
		    get_be32(cdb + 6));
}

/*
 * PLAY AUDIO MSF, MMC-4 6.17: equal start and end play nothing (no
 * error); a start after the end is an invalid field; a start of
 * FF:FF:FF is the current position.
 */
enum vb_sense mmc_play_audio_msf(struct vb_drive *d, const uint8_t *cdb,
				 struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool here = get_be24(cdb + 3) == 0xffffff;
	const int32_t start = msf_to_lba(cdb[3], cdb[4], cdb[5]);
	const int32_t end = msf_to_lba(cdb[6], cdb[7], cdb[8]);

	(void)cmd, (void)out;
	if (!here && (cdb[4] >= 60 || cdb[5] >= 75))
		return S_INVALID_FIELD_IN_CDB;
	if (cdb[7] >= 60 || cdb[8] >= 75)
		return S_INVALID_FIELD_IN_CDB;
	if (here) {
		uint8_t status;
		int32_t pos =
			vb_play_position(&d->play, vb_medium_now(), &status);

		return end < pos ? S_INVALID_FIELD_IN_CDB :
				   play(d, pos, end - pos);
	}
	if (start > end)
		return S_INVALID_FIELD_IN_CDB;
	return play(d, start, end - start);
}

/*
 * PAUSE/RESUME, MMC-4 6.14 (byte 8 bit 0: resume): with no play
 * operation in progress or paused, a COMMAND SEQUENCE ERROR.
 */
enum vb_sense mmc_pause_resume(struct vb_drive *d, const uint8_t *cdb,
			       struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cmd, (void)out;
	return vb_play_pause(&d->play, cdb[8] & 1, vb_medium_now()) ?
		       VB_OK :
		       S_CMD_SEQUENCE_ERROR;
}

/* STOP PLAY/SCAN, MMC-4: stopping when nothing plays is not an error. */
enum vb_sense mmc_stop_play_scan(struct vb_drive *d, const uint8_t *cdb,
				 struct vb_cmd *cmd, struct vb_resp *out)
{
	(void)cdb, (void)cmd, (void)out;
	vb_play_stop(&d->play);
	return VB_OK;
}
