// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening files with the control socket peer's rights (include/vburn/
 * peer.h). The file-system ids and the supplementary groups are changed
 * with the raw system calls, which act on the calling thread alone:
 * glibc's wrappers of setgroups() would change every thread of vburnd
 * (the drives' workers and the capture threads go on with vburnd's own
 * rights meanwhile).
 */
#include "vburn/peer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* setfsuid/setfsgid return the previous id and never fail visibly: an
 * invalid id ((uid_t)-1) changes nothing and reads the current one */
static uid_t fsuid_now(void)
{
	return (uid_t)syscall(SYS_setfsuid, (uid_t)-1);
}

static gid_t fsgid_now(void)
{
	return (gid_t)syscall(SYS_setfsgid, (gid_t)-1);
}

static void put_back(const struct vb_peer_saved *s)
{
	syscall(SYS_setfsuid, s->fsuid);
	syscall(SYS_setfsgid, s->fsgid);
	syscall(SYS_setgroups, (size_t)s->n_groups, s->groups);
}

int vb_peer_enter(const struct vb_peer *p, struct vb_peer_saved *s)
{
	memset(s, 0, sizeof(*s));
	if (!p || p->uid == 0 || geteuid() != 0)
		return 0;
	s->fsuid = fsuid_now();
	s->fsgid = fsgid_now();
	s->n_groups = (int)syscall(SYS_getgroups, VB_PEER_GROUPS, s->groups);
	if (s->n_groups < 0)
		return -errno;
	/* CAP_SETGID (setgroups, setfsgid) is not a file-system
	 * capability: the fsuid change keeps it, and so leaving works */
	if (syscall(SYS_setgroups,
		    p->n_groups <= VB_PEER_GROUPS ? p->n_groups : 0,
		    p->groups) < 0)
		return -errno; /* nothing changed yet */
	syscall(SYS_setfsgid, p->gid);
	syscall(SYS_setfsuid, p->uid);
	if (fsuid_now() != p->uid || fsgid_now() != p->gid) {
		put_back(s);
		return -EPERM;
	}
	s->active = true;
	return 0;
}

void vb_peer_leave(struct vb_peer_saved *s)
{
	if (!s->active)
		return;
	put_back(s);
	s->active = false;
}

int vb_peer_read_secret(const struct vb_peer *p, const char *path, char **text,
			char *err, size_t errlen)
{
	struct vb_peer_saved saved;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *buf;
	int fd, ret;

	*text = NULL;
	ret = vb_peer_enter(p, &saved);
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ret = fd < 0 ? -errno : 0;
	vb_peer_leave(&saved);
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return -1;
	}
	/* the secrets of every initiator: their owner's alone (design.md) */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (st.st_mode & 077) ||
	    (st.st_uid != 0 && st.st_uid != geteuid() &&
	     (!p || st.st_uid != p->uid))) {
		snprintf(err, errlen,
			 "%s: a credentials file must be its owner's alone "
			 "(a regular file, chmod 600, owned by root)",
			 path);
		close(fd);
		return -1;
	}
	if (st.st_size > VB_SECRET_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
			 VB_SECRET_MAX);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	while (buf && got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: %s", path,
			 buf ? "cannot read it whole" : "out of memory");
		free(buf);
		return -1;
	}
	buf[got] = 0;
	*text = buf;
	return 0;
}
