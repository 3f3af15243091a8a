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
#include <string.h>
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
