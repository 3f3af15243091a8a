/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Long operations: BLANK, FORMAT UNIT and CLOSE TRACK/SESSION take a
 * short simulated time (the drive's op_ms, vburnd --op-time), because
 * clients' wait loops are written for drives that take minutes and a
 * drive that is done at once never shows them working (docs/clients.md 3.7).
 *
 * The medium changes at once, as one commit (docs/architecture.md: an erase or
 * format never leaves half a disc); only the reporting is stretched.
 * With Immed the command returns GOOD and, until op_ms has passed,
 * every command that needs the medium is answered NOT READY, 02/04/04
 * FORMAT IN PROGRESS or 02/04/07 OPERATION IN PROGRESS, with the
 * sense-key specific progress indication (SPC-4 4.5.2.4.2, bytes
 * 15-17), and REQUEST SENSE returns the same sense with GOOD status
 * (MMC-6 6.29), as libburn's, wodim's and growisofs' polls expect
 * (docs/clients.md 3.8; quirk:libburn-busy-progress,
 * quirk:growisofs-busy-progress, docs/clients/). Without Immed the
 * command itself lasts op_ms.
 */
#include <time.h>

#include "drv.h"
#include "vburn/clock.h"

void drive_busy_begin(struct vb_drive *d, enum vb_sense what, bool immed)
{
	struct timespec ts;

	if (!d->op_ms)
		return;
	if (immed) {
		d->busy.sense = what;
		d->busy.medium = d->medium;
		d->busy.start_ms = vb_now_ms();
		d->busy.end_ms = d->busy.start_ms + d->op_ms;
		return;
	}
	/* the drive lock is held: other commands wait, as on a drive
	 * whose command has not completed */
	ts.tv_sec = d->op_ms / 1000;
	ts.tv_nsec = (long)(d->op_ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts))
		;
}

enum vb_sense drive_busy(struct vb_drive *d, int *progress)
{
	uint64_t now;

	if (d->busy.sense == VB_OK)
		return VB_OK;
	now = vb_now_ms();
	/* a medium change (eject, load, vburnctl blank) ends it too */
	if (now >= d->busy.end_ms || d->busy.medium != d->medium) {
		d->busy.sense = VB_OK;
		return VB_OK;
	}
	/* PROGRESS INDICATION: the fraction done, of 65536 */
	*progress = (int)((now - d->busy.start_ms) * 65536u /
			  (d->busy.end_ms - d->busy.start_ms));
	return d->busy.sense;
}
