/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vb_notify(): the sd_notify datagram systemd's Type=notify waits for. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../daemon/notify.h"
#include "vburn/log.h"

/* A datagram socket at name (a path, or "@..." abstract); its fd. */
static int listener(const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	memcpy(a.sun_path, name, n);
	if (name[0] == '@')
		a.sun_path[0] = '\0';
	ck_assert_int_eq(
		bind(fd, (struct sockaddr *)&a,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)),
		0);
	return fd;
}

static void expect(int fd, const char *want)
{
	char buf[64];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	ck_assert_int_eq(n, (ssize_t)strlen(want));
	ck_assert(!memcmp(buf, want, (size_t)n));
}

START_TEST(test_notify_path_and_abstract)
{
	char path[64], abs[64];
	int fd;

	vb_log_threshold = VB_LOG_ERR;
	snprintf(path, sizeof(path), "/tmp/vburn-notify.%d", (int)getpid());
	unlink(path);
	fd = listener(path);
	setenv("NOTIFY_SOCKET", path, 1);
	vb_notify("READY=1");
	expect(fd, "READY=1");
	close(fd);
	unlink(path);

	snprintf(abs, sizeof(abs), "@vburn-notify.%d", (int)getpid());
	fd = listener(abs);
	setenv("NOTIFY_SOCKET", abs, 1);
	vb_notify("STOPPING=1");
	expect(fd, "STOPPING=1");
	/* without the variable, or with a name that is no socket: nothing */
	unsetenv("NOTIFY_SOCKET");
	vb_notify("READY=1");
	setenv("NOTIFY_SOCKET", "relative", 1);
	vb_notify("READY=1");
	unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(recv(fd, path, sizeof(path), MSG_DONTWAIT), -1);
	close(fd);
}
END_TEST

Suite *notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("sd_notify");

	tcase_add_test(tc, test_notify_path_and_abstract);
	suite_add_tcase(s, tc);
	return s;
}
