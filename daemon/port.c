/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ports: the paths commands come by (a CUSE node, a kernel LUN through
 * tcm_loop or our module, one iSCSI initiator each), which SAM calls I_T
 * nexuses. Two rules hang on them (docs/architecture.md, "Ports"):
 *
 * - A unit attention is established for every I_T nexus (SPC-4 5.14),
 *   and each host polls its own GESN events: a media change made through
 *   one port, or by vburnctl, is posted to every port, and each port
 *   takes (clears) only its own.
 * - One port records at a time. A drive shared by two hosts that is
 *   writing answers the other host's write-type commands with NOT READY,
 *   LONG WRITE IN PROGRESS (04/08, MMC-6 4.1.6.2); readers are served.
 *   The recording port keeps the medium while a track, cue sheet, raw
 *   recording or overwrite is open, and for WRITER_HOLD_MS after its
 *   last write-type command, which bridges a client's steps between
 *   them (BLANK or FORMAT UNIT, then the writes); closing a session ends
 *   the hold at once.
 */
#include <string.h>

#include "drv.h"
#include "vburn/clock.h"

#define WRITER_HOLD_MS 3000

void port_post_ua(struct vb_drive *d, enum vb_sense s)
{
	for (unsigned p = 0; p < VB_PORTS; p++)
		d->ua[p] = s;
}

void port_post_event(struct vb_drive *d, enum vb_media_event ev)
{
	for (unsigned p = 0; p < VB_PORTS; p++)
		d->event[p] = ev;
}

enum vb_sense port_take_ua(struct vb_drive *d, unsigned port)
{
	enum vb_sense s;

	if (port >= VB_PORTS)
		port = 0;
	s = d->ua[port];
	d->ua[port] = VB_OK;
	return s;
}

enum vb_media_event port_take_event(struct vb_drive *d, unsigned port)
{
	enum vb_media_event ev;

	if (port >= VB_PORTS)
		port = 0;
	ev = d->event[port];
	d->event[port] = VB_EV_NONE;
	return ev;
}

enum vb_sense port_write_gate(struct vb_drive *d, unsigned port)
{
	if (d->writer < 0 || (unsigned)d->writer == port)
		return VB_OK;
	if (drive_recording_locked(d) ||
	    vb_now_ms() - d->writer_ms < WRITER_HOLD_MS)
		return S_LONG_WRITE_IN_PROGRESS;
	d->writer = -1;
	return VB_OK;
}

void port_wrote(struct vb_drive *d, unsigned port, bool session_closed)
{
	d->writer = session_closed ? -1 : (int)port;
	d->writer_ms = vb_now_ms();
}

unsigned vb_drive_port_open(struct vb_drive *d)
{
	unsigned port = 0;

	pthread_mutex_lock(&d->lock);
	for (unsigned p = 1; p < VB_PORTS; p++) {
		if (!(d->ports & (1u << p))) {
			port = p;
			break;
		}
	}
	if (port) {
		d->ports |= 1u << port;
		/* a new nexus meets a disc it has not seen: a media change,
		 * as at the drive's start (a real target posts 29/00) */
		d->ua[port] = drive_medium(d) ? S_MEDIUM_CHANGED : VB_OK;
		d->event[port] = drive_medium(d) ? VB_EV_NEW_MEDIA : VB_EV_NONE;
	}
	pthread_mutex_unlock(&d->lock);
	return port;
}

void vb_drive_port_close(struct vb_drive *d, unsigned port)
{
	if (!port || port >= VB_PORTS)
		return;
	pthread_mutex_lock(&d->lock);
	d->ports &= ~(1u << port);
	if (d->writer == (int)port)
		d->writer = -1;
	pthread_mutex_unlock(&d->lock);
}
