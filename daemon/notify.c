/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Readiness for systemd's Type=notify (dist/vburnd.service): one datagram
 * to the socket named by $NOTIFY_SOCKET, as sd_notify(3) describes the
 * protocol ("READY=1", "STOPPING=1"; a leading '@' names an abstract
 * socket). Without the variable it does nothing, so vburnd needs no
 * libsystemd.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define LOG_TAG "notify"
#include "notify.h"
#include "vburn/log.h"

void vb_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t alen;
	size_t n;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	n = strlen(path);
	if (n >= sizeof(a.sun_path)) {
		log_warn("NOTIFY_SOCKET too long: %s", path);
		return;
	}
	memcpy(a.sun_path, path, n);
	if (a.sun_path[0] == '@')
		a.sun_path[0] = '\0';
	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, state, strlen(state), MSG_NOSIGNAL,
			     (struct sockaddr *)&a, alen) < 0)
		log_warn("cannot tell systemd %s", state);
	if (fd >= 0)
		close(fd);
}
