/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who asked: the control socket's peer (SO_PEERCRED, SO_PEERGROUPS), and
 * opening files with that peer's rights. A vburnd that runs as root (the
 * tcmu front end needs it: README.md, "What needs root") must not read
 * for a member of its group what that member could not read
 * itself: `vburnctl load 0 /etc/shadow`, or a cue sheet naming it, would
 * otherwise put any file on a disc anyone in the group can read.
 */
#ifndef VBURN_PEER_H
#define VBURN_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define VB_PEER_GROUPS 256

struct vb_peer {
	uid_t uid;
	gid_t gid;
	gid_t groups[VB_PEER_GROUPS];
	size_t n_groups;
};

/* What vb_peer_enter changed, for vb_peer_leave to put back. */
struct vb_peer_saved {
	bool active;
	uid_t fsuid;
	gid_t fsgid;
	gid_t groups[VB_PEER_GROUPS];
	int n_groups;
};

/*
 * From here on the calling thread (only it) opens files as p would: its
 * file-system uid and gid and its supplementary groups, which also drops
 * the capabilities that bypass file permissions (capabilities(7), "Effect
 * of user ID changes"). A no-op (0) when p is NULL or root, or when we are
 * not root: then our own rights are already no more than the peer could
 * get from us. 0, or -errno with nothing changed.
 */
int vb_peer_enter(const struct vb_peer *p, struct vb_peer_saved *s);

/* Back to the thread's own rights. */
void vb_peer_leave(struct vb_peer_saved *s);

/* The largest secrets file vb_peer_read_secret() reads. */
#define VB_SECRET_MAX (64 * 1024)

/*
 * Reads a file of secrets (CHAP credentials) with p's rights (NULL: our
 * own): it must be a regular file that only its owner may read or write
 * (mode 600 or stricter), owned by root, by p or by us, and at most
 * VB_SECRET_MAX bytes. *text gets it, NUL-terminated, malloc'd. Read
 * once at start, a file stays usable after vburnd has given up root
 * (--user). 0, or -1 with a one-line reason naming the file in err.
 */
int vb_peer_read_secret(const struct vb_peer *p, const char *path, char **text,
			char *err, size_t errlen);

#endif
