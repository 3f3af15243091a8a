/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What of the TCMU front end needs root, in one place (issue 11, least
 * privilege; README "What needs root"): making and removing its configfs
 * objects (root's directories and attributes) and opening its uio rings
 * (root's 0600 nodes), /dev/kmsg for the iSCSI login watcher besides.
 * Every such call goes through the functions here. Normally they are the
 * plain system calls. With --user, vburnd first forks a helper that stays
 * root and does them on request, over a socket pair, one at a time: the
 * daemon itself then runs as its user with no capability, as with CUSE.
 *
 * The helper does only what a TCMU drive of ours needs: objects under
 * configfs's target/ whose names are vburn's (core/user_N/vburn*, the
 * loopback WWNs naa.500140576627*, the iSCSI targets
 * iqn.2026-12.org.vburn:*), links only to those, and opens only
 * /dev/uioN and /dev/kmsg. So a daemon taken over cannot make a fileio
 * backstore of /etc/shadow or touch another LIO setup. Of its
 * capabilities it keeps only CAP_SYS_ADMIN, without which LIO neither
 * shows nor takes an iSCSI ACL's CHAP credentials (EPERM), and
 * CAP_SYSLOG (configfs and the uio nodes are root's by owner, which
 * needs none), keeps no descriptor but its socket and
 * stdin/stdout/stderr, and exits when the daemon's end closes (a stop,
 * or a kill -9 of the daemon: then the next vburnd removes the objects,
 * tcmu_cfs.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_TAG "tcmu"
#include "vburn/log.h"

#include "tcmu_int.h"

struct priv_req {
	int32_t op;
	int32_t flags; /* TCMU_PRIV_OPEN's open flags */
	char path[1024];
	char arg[1024]; /* TCMU_PRIV_SYMLINK's target, TCMU_PRIV_WRITE's value */
};

static int priv_sock = -1; /* to the helper; -1: no helper, call here */
static pid_t priv_pid;
static pthread_mutex_t priv_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the policy ---- */

/* Is s after prefix pre, with at least one more character? */
static const char *after(const char *s, const char *pre)
{
	const size_t n = strlen(pre);

	return !strncmp(s, pre, n) && s[n] ? s + n : NULL;
}

/* "user_<digits>" followed by end or "/": the rest, or NULL. */
static const char *user_hba(const char *s)
{
	const char *p = after(s, "user_");

	if (!p || *p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == 0 || *p == '/' ? p : NULL;
}

/* No "." or ".." component and no empty one: the path is what it says. */
static bool plain_path(const char *path)
{
	const char *c = path;

	if (*c != '/')
		return false;
	while (*c == '/') {
		const char *e = strchr(c + 1, '/');
		const size_t n = e ? (size_t)(e - c - 1) : strlen(c + 1);

		if (!n || (n == 1 && c[1] == '.') ||
		    (n == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		if (!e)
			return true;
		c = e;
	}
	return false;
}

/*
 * Is path one of vburn's configfs objects (or in one)? *top is set when
 * it is a directory vburn makes whole (a fabric's, an HBA): those are
 * only made and removed, never written.
 */
static bool ours(const char *path, bool *top)
{
	const char *r, *p;

	*top = false;
	if (!plain_path(path) || !(r = after(path, TCMU_TGT_DIR "/")))
		return false;
	if (!strcmp(r, "loopback") || !strcmp(r, "iscsi")) {
		*top = true;
		return true;
	}
	if ((p = after(r, "core/"))) {
		p = user_hba(p);
		if (p && !*p) {
			*top = true;
			return true;
		}
		return p && after(p, "/" TCMU_DEV_PREFIX);
	}
	return after(r, "loopback/" TCMU_WWN_PREFIX) ||
	       after(r, "iscsi/" TCMU_IQN_PREFIX);
}

static bool uio_node(const char *path)
{
	const char *p = after(path, "/dev/uio");

	if (!p || strlen(p) > 4)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

bool tcmu_priv_allowed(int op, int flags, const char *path, const char *arg)
{
	bool top, arg_top;

	switch (op) {
	case TCMU_PRIV_OPEN:
		return (uio_node(path) && flags == (O_RDWR | O_CLOEXEC)) ||
		       (!strcmp(path, "/dev/kmsg") &&
			flags == (O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	case TCMU_PRIV_MKDIR:
	case TCMU_PRIV_RMDIR:
		return ours(path, &top);
	case TCMU_PRIV_UNLINK:
	case TCMU_PRIV_WRITE:
		return ours(path, &top) && !top;
	case TCMU_PRIV_SYMLINK:
		/* a LUN of ours may point only at an object of ours */
		return ours(path, &top) && !top && ours(arg, &arg_top) &&
		       !arg_top;
	default:
		return false;
	}
}

/* ---- the calls themselves, wherever they run ---- */

static int do_write(const char *path, const char *val)
{
	const size_t len = strlen(val);
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	close(fd);
	return ret;
}

/* 0, an open descriptor (TCMU_PRIV_OPEN), or -errno. */
static int do_op(const struct priv_req *q)
{
	int ret;

	switch (q->op) {
	case TCMU_PRIV_MKDIR:
		ret = mkdir(q->path, 0755);
		break;
	case TCMU_PRIV_RMDIR:
		ret = rmdir(q->path);
		break;
	case TCMU_PRIV_UNLINK:
		ret = unlink(q->path);
		break;
	case TCMU_PRIV_SYMLINK:
		ret = symlink(q->arg, q->path);
		break;
	case TCMU_PRIV_WRITE:
		return do_write(q->path, q->arg);
	case TCMU_PRIV_OPEN:
		ret = open(q->path, q->flags);
		return ret < 0 ? -errno : ret;
	default:
		return -EINVAL;
	}
	return ret ? -errno : 0;
}

/* ---- the helper ---- */

/* Sends ret, and fd with it when fd is one (>= 0; SCM_RIGHTS). */
static int send_reply(int sock, int32_t ret, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &ret, .iov_len = sizeof(ret) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		m.msg_control = u.buf;
		m.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return sendmsg(sock, &m, MSG_NOSIGNAL) == sizeof(ret) ? 0 : -1;
}

/* Keeps CAP_SYS_ADMIN and CAP_SYSLOG (those of them it has) and drops
 * every other capability. */
static void keep_caps(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return;
	/* capabilities 32-63 are in d[1] (linux/capability.h) */
	d[0].permitted &= 1u << CAP_SYS_ADMIN;
	d[0].effective = d[0].permitted;
	d[0].inheritable = 0;
	d[1].permitted &= 1u << (CAP_SYSLOG - 32);
	d[1].effective = d[1].permitted;
	d[1].inheritable = 0;
	(void)syscall(SYS_capset, &h, d);
}

/*
 * The helper's life, in the child of fork(): only system calls and
 * string functions (the parent may have threads). Never returns.
 */
static void serve(int sock)
{
	struct priv_req q;
	ssize_t n;
	int ret;

	if (dup2(sock, 3) < 0)
		_exit(1);
	(void)syscall(SYS_close_range, 4u, ~0u, 0u);
	(void)chdir("/");
	keep_caps();
	for (;;) {
		n = recv(3, &q, sizeof(q), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* the daemon is gone */
			_exit(0);
		q.path[sizeof(q.path) - 1] = 0;
		q.arg[sizeof(q.arg) - 1] = 0;
		if (n != sizeof(q))
			ret = -EPROTO;
		else if (!tcmu_priv_allowed(q.op, q.flags, q.path, q.arg))
			ret = -EPERM;
		else
			ret = do_op(&q);
		/* 0 or -errno, and an opened descriptor beside it */
		if (send_reply(3, ret < 0 ? ret : 0,
			       q.op == TCMU_PRIV_OPEN ? ret : -1))
			_exit(1);
		if (q.op == TCMU_PRIV_OPEN && ret >= 0)
			close(ret);
	}
}

int tcmu_priv_start(char *err, size_t errlen)
{
	int sv[2];
	pid_t pid;

	if (priv_sock >= 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		snprintf(err, errlen,
			 "cannot make the TCMU helper's socket: %s",
			 strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start the TCMU helper: %s",
			 strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (!pid) {
		close(sv[0]);
		serve(sv[1]);
	}
	close(sv[1]);
	priv_sock = sv[0];
	priv_pid = pid;
	log_info("TCMU helper %d keeps root for configfs and the uio rings",
		 (int)pid);
	return 0;
}

void tcmu_priv_stop(void)
{
	int status;

	if (priv_sock < 0)
		return;
	close(priv_sock);
	priv_sock = -1;
	while (waitpid(priv_pid, &status, 0) < 0 && errno == EINTR)
		;
}

bool tcmu_priv_running(void)
{
	return priv_sock >= 0;
}

/* ---- the daemon's side ---- */

/* Receives the helper's answer to a request: -errno, 0, or a descriptor. */
static int recv_reply(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	int32_t ret;
	struct iovec iov = { .iov_base = &ret, .iov_len = sizeof(ret) };
	struct msghdr m = { .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int fd = -1;
	ssize_t n;

	do
		n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(ret))
		return -EPIPE;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (ret < 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		return ret < 0 ? ret : 0;
	}
	return fd;
}

static int call(int op, int flags, const char *path, const char *arg)
{
	struct priv_req q = { .op = op, .flags = flags };
	int ret;

	if (snprintf(q.path, sizeof(q.path), "%s", path) >=
		    (int)sizeof(q.path) ||
	    snprintf(q.arg, sizeof(q.arg), "%s", arg ? arg : "") >=
		    (int)sizeof(q.arg))
		return -ENAMETOOLONG;
	pthread_mutex_lock(&priv_lock);
	if (priv_sock < 0) {
		ret = do_op(&q);
	} else if (send(priv_sock, &q, sizeof(q), MSG_NOSIGNAL) !=
		   (ssize_t)sizeof(q)) {
		ret = -EPIPE;
	} else {
		ret = recv_reply(priv_sock);
	}
	pthread_mutex_unlock(&priv_lock);
	if (ret == -EPIPE)
		log_err("the TCMU helper is gone: %s not done", path);
	return ret;
}

int tcmu_cfs_mkdir(const char *path)
{
	return call(TCMU_PRIV_MKDIR, 0, path, NULL);
}

int tcmu_cfs_rmdir(const char *path)
{
	return call(TCMU_PRIV_RMDIR, 0, path, NULL);
}

int tcmu_cfs_rmlink(const char *path)
{
	return call(TCMU_PRIV_UNLINK, 0, path, NULL);
}

int tcmu_cfs_symlink(const char *target, const char *path)
{
	return call(TCMU_PRIV_SYMLINK, 0, path, target);
}

int tcmu_cfs_write(const char *path, const char *val)
{
	return call(TCMU_PRIV_WRITE, 0, path, val);
}

int tcmu_priv_open(const char *path, int flags)
{
	return call(TCMU_PRIV_OPEN, flags, path, NULL);
}
