/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Track and session structure: RESERVE TRACK and CLOSE TRACK/SESSION
 * (MMC-6 6.30, 6.3). Whether closing a session leaves the disc appendable
 * depends on the medium: on CD and DVD-R the multi-session field of page
 * 05 decides; on DVD+R and BD-R close function 2 keeps it appendable and
 * functions 5/6 finalize (docs/clients.md 3.4, 3.5).
 */
#include "drv.h"

/* RESERVE TRACK, MMC-6 6.30: ARSV=0 reserves a size in blocks. */
enum vb_sense mmc_reserve_track(struct vb_drive *d, const uint8_t *cdb,
				struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool arsv = cdb[1] & 0x01; /* address reservation */
	const uint32_t size = get_be32(cdb + 5);

	(void)cmd, (void)out;
	if (arsv)
		return S_INVALID_FIELD_IN_CDB;
	if (vb_medium_info(d->medium)->overwritable)
		return S_INCOMPATIBLE_MEDIUM;
	return vb_medium_reserve(d->medium, size);
}

static bool close_keeps_appendable(const struct vb_drive *d, uint8_t fn)
{
	switch (vb_medium_info(d->medium)->media) {
	case VB_MEDIA_CD_R:
	case VB_MEDIA_CD_RW:
	case VB_MEDIA_DVD_R:
	case VB_MEDIA_DVD_RW:
		return mode_next_session_allowed(d);
	default:
		return fn == 2 || fn == 3;
	}
}

/*
 * BLANK, MMC-6 6.2 (docs/clients.md 3.7): types 0 (the whole disc) and 1
 * (minimal: PMA, TOC and pregap of track 1, which leaves nothing readable
 * either) blank an erasable disc; 2 (a track), 3 (unreserve a track), 4 (a
 * track tail), 5 (unclose the last session) and 6 (erase a session) keep the
 * rest of a sequentially recorded one (media_import.c). Write-once and pressed
 * discs cannot be blanked: 05/30/05; overwritable ones have no sessions to
 * blank part of. The blank is one commit into a fresh store, the old files kept
 * whole (docs/architecture.md); with Immed the drive then reports 02/04/07 with
 * progress for its simulated time (busy.c).
 */
enum vb_sense mmc_blank(struct vb_drive *d, const uint8_t *cdb,
			struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t type = cdb[1] & 0x07;
	enum vb_sense s;

	(void)cmd, (void)out;
	if (!vb_medium_info(d->medium)->erasable)
		return S_CANNOT_WRITE_MEDIUM;
	s = type > 6 || (type > 1 && vb_medium_overwritable(d->medium)) ?
		    S_INVALID_FIELD_IN_CDB :
		    drive_blank_part_locked(d, type, get_be32(cdb + 2));
	if (s)
		return s;
	drive_busy_begin(d, S_OPERATION_IN_PROGRESS, cdb[1] & 0x10);
	return VB_OK;
}

/*
 * CLOSE TRACK/SESSION, MMC-6 6.3. Function 1 closes the open track;
 * 2 (and 3, DVD+R "close session without finalizing") close the session;
 * 5 and 6 finalize DVD+R / BD-R. The close is one commit; with Immed the
 * drive then reports 02/04/07 with progress for its simulated time
 * (busy.c), which libburn's and growisofs' waits poll (docs/clients.md 3.8;
 * quirk:libburn-busy-progress).
 */
static enum vb_sense close_track_session(struct vb_drive *d, uint8_t fn)
{
	struct vb_medium *m = d->medium;

	/* DVD+RW, BD-RE: nothing to close; libburn and growisofs end every
	 * write with function 2 (or 0), which stops background formatting
	 * (docs/clients.md 3.4; quirk:libburn-plusrw-close,
	 * quirk:growisofs-plusrw-close). The write's commit point
	 * (media_rw.c). */
	if (vb_medium_overwritable(m))
		return fn == 4 || fn == 7 ? S_INVALID_FIELD_IN_CDB :
					    vb_medium_ow_flush(m);
	if (vb_medium_finalized(m))
		return S_SESSION_FIXATION_ERROR;
	switch (fn) {
	case 1:
		return vb_medium_close_track(m);
	case 2:
	case 3:
	case 5:
	case 6:
		return vb_medium_close_session(m,
					       close_keeps_appendable(d, fn));
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}

enum vb_sense mmc_close_track_session(struct vb_drive *d, const uint8_t *cdb,
				      struct vb_cmd *cmd, struct vb_resp *out)
{
	enum vb_sense s = close_track_session(d, cdb[2] & 0x07);

	(void)cmd, (void)out;
	if (s == VB_OK)
		drive_busy_begin(d, S_OPERATION_IN_PROGRESS, cdb[1] & 0x01);
	return s;
}
