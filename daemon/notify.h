/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Telling systemd about our state (daemon/notify.c). */
#ifndef VB_NOTIFY_H
#define VB_NOTIFY_H

/* Sends state ("READY=1", "STOPPING=1") to $NOTIFY_SOCKET, if set. */
void vb_notify(const char *state);

#endif
