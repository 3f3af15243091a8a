/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: vburnd serves it, vburnctl talks to it.
 *
 * Protocol (a Unix stream socket, one request per connection): the client
 * sends one line, words separated by tabs, ending in '\n':
 *     [json\t]COMMAND\tARG...
 * COMMAND is status [DRIVE] | blank DRIVE MEDIA [capacity=SECTORS]
 * [output=PATH] [format=FMT] | load DRIVE IMAGE [writable] | eject DRIVE
 * | add-drive [media=MEDIA] [format=FMT] | remove-drive DRIVE
 * | export DRIVE [portal=ADDR:PORT] [allow=IQN,...] [auth=FILE]
 * | unexport DRIVE. The server answers with
 * "ok\n" or "error\t<one-line reason>\n", then the body (text, or one JSON
 * object when the request began with "json"), and closes.
 */
#ifndef VBURN_CTL_H
#define VBURN_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct vb_drive;

/*
 * The drives the socket serves: slots 0..n-1 of drives and nodes (node
 * paths, "/dev/sr31"); a removed drive leaves its slot NULL. add and
 * remove (NULL: refused) change them at run time and are called on the
 * server's thread only: add fills a free slot of at most max with a new
 * drive (media "none" or a media name, format NULL for the default) and
 * returns its index; remove empties slot i; both return -1 with a reason
 * in err.
 */
/* A drive's iSCSI export as status shows it. */
struct vb_ctl_export {
	char target[224];
	char portal[80];
	char sessions[4096]; /* the initiators logged in, a comma list */
	int nsessions;
};

struct vb_ctl_drives {
	struct vb_drive **drives;
	const char **nodes;
	int n, max;
	int (*add)(void *ctx, const char *media, const char *format, char *err,
		   size_t errlen);
	int (*remove)(void *ctx, int i, char *err, size_t errlen);
	/*
	 * iSCSI (NULL: not served by this daemon): export drive i (a NULL
	 * setting: the drive's configured one; auth_text: the text of the
	 * credentials file auth names, read with the asker's rights), end
	 * its export (0 or -1 with err), and what it exports (1, or 0 when
	 * nothing).
	 */
	int (*export)(void *ctx, int i, const char *portal, const char *allow,
		      const char *auth, const char *auth_text, char *err,
		      size_t errlen);
	int (*unexport)(void *ctx, int i, char *err, size_t errlen);
	int (*exported)(void *ctx, int i, struct vb_ctl_export *e);
	void *ctx;
};

/*
 * Who may use the socket (checked with SO_PEERCRED on every connection):
 * root, the daemon's own user, and members of group when has_group.
 */
struct vb_ctl_access {
	uid_t self;
	bool has_group;
	gid_t group;
};

/* Whether a peer of uid, primary gid and supplementary groups may. */
bool vb_ctl_allowed(const struct vb_ctl_access *a, uid_t uid, gid_t gid,
		    const gid_t *groups, size_t n_groups);

/*
 * Starts the server thread on path (an existing socket file is replaced),
 * mode 0660 and (when a->has_group) owned by that group, so that the
 * file system keeps others out before SO_PEERCRED does. set is copied;
 * its arrays are borrowed and must outlive vb_ctl_stop(). Returns 0 or
 * -errno with a reason in err.
 */
int vb_ctl_start(const struct vb_ctl_drives *set, const char *path,
		 const struct vb_ctl_access *a, char *err, size_t errlen);
/* Stops the server and removes the socket file. */
void vb_ctl_stop(void);

/* The default socket path: /run/vburn/vburnd.sock for root, else
 * $XDG_RUNTIME_DIR/vburn/vburnd.sock, else /tmp/vburn-UID/vburnd.sock.
 * Shared by vburnd and vburnctl so that both agree. */
void vb_ctl_default_path(char *buf, size_t len);

/* The longest request line, '\n' included. */
#define VB_CTL_LINE_MAX 4096

/*
 * Handles one request: the req_len bytes read from a client, which must
 * be one line ending in '\n' of at most VB_CTL_LINE_MAX bytes, without
 * control bytes but tabs (else an error reply says why). Writes the reply
 * (status line + body) into out like snprintf and returns the length it
 * needed. Used by the server thread and by the tests.
 */
size_t vb_ctl_handle(struct vb_ctl_drives *set, const char *req, size_t req_len,
		     char *out, size_t len);

/* The same for a request from peer (NULL: ourselves): the files a load
 * names are opened with the peer's rights (include/vburn/peer.h). */
struct vb_peer;
size_t vb_ctl_handle_as(struct vb_ctl_drives *set, const struct vb_peer *peer,
			const char *req, size_t req_len, char *out, size_t len);

#endif
