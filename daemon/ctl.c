/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket server (protocol in include/vburn/ctl.h): one thread
 * that accepts a connection, checks who is at the other end (SO_PEERCRED,
 * issue 11: root, the daemon's user and the configured group only),
 * reads one request line, answers and closes. Commands map onto the
 * drive API; nothing here knows MMC.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define LOG_TAG "ctl"
#include "sbuf.h"
#include "vburn/ctl.h"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/peer.h"

#define MAX_ARGS 8
#define REPLY_MAX (256 * 1024)

/*
 * Appends a drive's status from the drive API. In JSON the node name is
 * the object's first member: {"node": ..., "drive": 0, ...}. The drive's
 * JSON is one snapshot taken under its lock; when a track appeared since
 * the size was guessed, a bigger buffer takes a new snapshot, so the
 * object is never cut short.
 */
/* The iSCSI export of drive i: JSON "iscsi": {...} or null, or a
 * text line (none when not exported). */
static void out_export(struct vb_sbuf *o, const struct vb_ctl_drives *set,
		       int i, bool json)
{
	struct vb_ctl_export e = { 0 };
	const bool on = set->exported && set->exported(set->ctx, i, &e);

	if (!json) {
		if (on)
			vb_sbuf_printf(o, "iscsi %s on %s, %d session(s)%s%s\n",
				       e.target, e.portal, e.nsessions,
				       e.nsessions ? ": " : "", e.sessions);
		return;
	}
	if (!on) {
		vb_sbuf_printf(o, ", \"iscsi\": null");
		return;
	}
	vb_sbuf_printf(o, ", \"iscsi\": {\"target\": ");
	vb_sbuf_json_str(o, e.target);
	vb_sbuf_printf(o, ", \"portal\": ");
	vb_sbuf_json_str(o, e.portal);
	vb_sbuf_printf(o, ", \"sessions\": [");
	for (const char *p = e.sessions; *p;) {
		const size_t n = strcspn(p, ",");
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		vb_sbuf_printf(o, "%s", p == e.sessions ? "" : ", ");
		vb_sbuf_json_str(o, name);
		p += n + (p[n] == ',');
	}
	vb_sbuf_printf(o, "]}");
}

static void out_status(struct vb_sbuf *o, const struct vb_ctl_drives *set,
		       int i, bool json)
{
	struct vb_drive *d = set->drives[i];
	const char *node = set->nodes[i];
	size_t cap = 4096, need;
	char *tmp = NULL;

	if (!json) {
		vb_sbuf_printf(o, "node %s\n", node);
		o->used += vb_drive_status_text(d, vb_sbuf_end(o),
						vb_sbuf_room(o));
		out_export(o, set, i, false);
		return;
	}
	for (;;) {
		free(tmp);
		tmp = malloc(cap);
		if (!tmp)
			return;
		need = vb_drive_status_json(d, tmp, cap);
		if (need < cap)
			break;
		cap = need + 4096;
	}
	/* the drive's object with the node first and the export last */
	need = strlen(tmp);
	while (need > 1 && tmp[need - 1] != '}')
		need--;
	tmp[need - 1] = 0;
	vb_sbuf_printf(o, "{\"node\": ");
	vb_sbuf_json_str(o, node);
	vb_sbuf_printf(o, ", %s", tmp + 1);
	out_export(o, set, i, true);
	vb_sbuf_printf(o, "}");
	free(tmp);
}

void vb_ctl_default_path(char *buf, size_t len)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");

	if (geteuid() == 0)
		snprintf(buf, len, "/run/vburn/vburnd.sock");
	else if (rt && *rt)
		snprintf(buf, len, "%s/vburn/vburnd.sock", rt);
	else
		snprintf(buf, len, "/tmp/vburn-%u/vburnd.sock",
			 (unsigned)getuid());
}

/* DRIVE is an index or a node path ("/dev/sr31" or "sr31"); -1 if no
 * drive (left) has it. */
static int find_drive(const struct vb_ctl_drives *set, const char *arg)
{
	char *end;
	long i = strtol(arg, &end, 10);

	if (*arg && !*end)
		return i >= 0 && i < set->n && set->drives[i] ? (int)i : -1;
	for (int k = 0; k < set->n; k++) {
		const char *base;

		if (!set->drives[k] || !set->nodes[k])
			continue;
		base = strrchr(set->nodes[k], '/');
		if (!strcmp(set->nodes[k], arg) ||
		    (base && !strcmp(base + 1, arg)))
			return k;
	}
	return -1;
}

/* The one-line error reply; returns -1 for the handlers to pass on. */
__attribute__((format(printf, 2, 3))) static int
reply_error(struct vb_sbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	vb_sbuf_printf(o, "error\t");
	va_start(ap, fmt);
	n = vsnprintf(vb_sbuf_end(o), vb_sbuf_room(o), fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
	vb_sbuf_printf(o, "\n");
	return -1;
}

static int cmd_status(struct vb_ctl_drives *set, char **argv, int argc,
		      bool json, struct vb_sbuf *o)
{
	int only = -1;

	if (argc > 1 && (only = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	vb_sbuf_printf(o, "ok\n");
	if (json && only < 0)
		vb_sbuf_printf(o, "{\"drives\": [");
	for (int i = 0, first = 1; i < set->n; i++) {
		if ((only >= 0 && i != only) || !set->drives[i])
			continue;
		if (json && !first)
			vb_sbuf_printf(o, ", ");
		out_status(o, set, i, json);
		first = 0;
	}
	if (json)
		vb_sbuf_printf(o, only < 0 ? "]}\n" : "\n");
	return 0;
}

/* "ok", and with --json the drive's status after the change. */
static int reply_ok(struct vb_sbuf *o, const struct vb_ctl_drives *set, int i,
		    bool json)
{
	vb_sbuf_printf(o, "ok\n");
	if (json) {
		out_status(o, set, i, true);
		vb_sbuf_printf(o, "\n");
	}
	return 0;
}

static int cmd_blank(struct vb_ctl_drives *set, char **argv, int argc,
		     bool json, struct vb_sbuf *o)
{
	const char *output = NULL, *format = NULL;
	unsigned long long capacity = 0;
	char err[512];
	int i, media;

	if (argc < 3)
		return reply_error(o, "usage: blank DRIVE MEDIA");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	if ((media = vb_media_parse(argv[2])) <= 0)
		return reply_error(o, "unknown media type: %s", argv[2]);
	for (int k = 3; k < argc; k++) {
		if (!strncmp(argv[k], "capacity=", 9)) {
			const char *v = argv[k] + 9;
			char *end;

			errno = 0;
			capacity = strtoull(v, &end, 10);
			/* sectors: digits only, not 0, far below 2^32 */
			if (!*v || *end || errno || !capacity ||
			    capacity > UINT32_MAX)
				return reply_error(o, "bad capacity: %s", v);
		} else if (!strncmp(argv[k], "output=", 7)) {
			output = argv[k] + 7;
		} else if (!strncmp(argv[k], "format=", 7)) {
			format = argv[k] + 7;
		} else {
			return reply_error(o, "unknown option: %s", argv[k]);
		}
	}
	if (vb_drive_insert_blank(set->drives[i], (enum vb_media)media,
				  capacity, output, format, err,
				  sizeof(err)) < 0)
		return reply_error(o, "%s", err);
	return reply_ok(o, set, i, json);
}

static int cmd_load(struct vb_ctl_drives *set, const struct vb_peer *peer,
		    char **argv, int argc, bool json, struct vb_sbuf *o)
{
	bool writable = false;
	char err[512];
	int i;

	if (argc < 3)
		return reply_error(o, "usage: load DRIVE IMAGE");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	for (int k = 3; k < argc; k++) {
		if (!strcmp(argv[k], "writable"))
			writable = true;
		else
			return reply_error(o, "unknown option: %s", argv[k]);
	}
	if (vb_drive_load_as(set->drives[i], argv[2], writable, peer, err,
			     sizeof(err)) < 0)
		return reply_error(o, "%s", err);
	return reply_ok(o, set, i, json);
}

static int cmd_eject(struct vb_ctl_drives *set, char **argv, int argc,
		     bool json, struct vb_sbuf *o)
{
	int i;

	if (argc < 2)
		return reply_error(o, "usage: eject DRIVE");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	vb_drive_eject(set->drives[i]);
	return reply_ok(o, set, i, json);
}

/* add-drive [media=MEDIA] [format=FMT]: a new drive, empty or with a
 * blank (design.md: vburnctl add-drive [--media TYPE]). */
static int cmd_add_drive(struct vb_ctl_drives *set, char **argv, int argc,
			 bool json, struct vb_sbuf *o)
{
	const char *media = "none", *format = NULL;
	char err[256];
	int i;

	for (int k = 1; k < argc; k++) {
		if (!strncmp(argv[k], "media=", 6))
			media = argv[k] + 6;
		else if (!strncmp(argv[k], "format=", 7))
			format = argv[k] + 7;
		else
			return reply_error(o, "unknown option: %s", argv[k]);
	}
	if (strcmp(media, "none") && vb_media_parse(media) <= 0)
		return reply_error(o, "unknown media type: %s", media);
	if (!set->add)
		return reply_error(o, "this daemon cannot add drives");
	i = set->add(set->ctx, media, format, err, sizeof(err));
	if (i < 0)
		return reply_error(o, "%s", err);
	if (i >= set->n)
		set->n = i + 1;
	log_info("drive %d added at %s", i, set->nodes[i]);
	/* humans get its status too: the node to use is what they need */
	vb_sbuf_printf(o, "ok\n");
	out_status(o, set, i, json);
	if (json)
		vb_sbuf_printf(o, "\n");
	return 0;
}

/* remove-drive DRIVE: refused while it records (its session would go). */
static int cmd_remove_drive(struct vb_ctl_drives *set, char **argv, int argc,
			    bool json, struct vb_sbuf *o)
{
	char err[256], node[80];
	int i;

	if (argc != 2)
		return reply_error(o, "usage: remove-drive DRIVE");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	if (!set->remove)
		return reply_error(o, "this daemon cannot remove drives");
	if (vb_drive_recording(set->drives[i]))
		return reply_error(o,
				   "drive %d is recording: wait for the burn "
				   "to end, or eject to discard it",
				   i);
	snprintf(node, sizeof(node), "%s", set->nodes[i]);
	if (set->remove(set->ctx, i, err, sizeof(err)) < 0)
		return reply_error(o, "%s", err);
	while (set->n > 0 && !set->drives[set->n - 1])
		set->n--;
	log_info("drive %d at %s removed", i, node);
	vb_sbuf_printf(o, "ok\n");
	if (json) {
		vb_sbuf_printf(o, "{\"removed\": %d, \"node\": ", i);
		vb_sbuf_json_str(o, node);
		vb_sbuf_printf(o, "}\n");
	} else {
		vb_sbuf_printf(o, "removed drive %d (%s)\n", i, node);
	}
	return 0;
}

/*
 * export DRIVE [portal=ADDR:PORT] [allow=IQN,...] [auth=FILE]: the drive
 * over iSCSI, with its configured settings unless others are given
 * (issue 13); unexport DRIVE ends it (initiators' sessions drop).
 */
static int cmd_export(struct vb_ctl_drives *set, const struct vb_peer *peer,
		      char **argv, int argc, bool json, struct vb_sbuf *o)
{
	const char *portal = NULL, *allow = NULL, *auth = NULL;
	char err[512], *text = NULL;
	int i, ret;

	if (argc < 2)
		return reply_error(o, "usage: export DRIVE [portal=ADDR:PORT] "
				      "[allow=IQN,...] [auth=FILE]");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	for (int k = 2; k < argc; k++) {
		if (!strncmp(argv[k], "portal=", 7))
			portal = argv[k] + 7;
		else if (!strncmp(argv[k], "allow=", 6))
			allow = argv[k] + 6;
		else if (!strncmp(argv[k], "auth=", 5))
			auth = argv[k] + 5;
		else
			return reply_error(o, "unknown option: %s", argv[k]);
	}
	if (!set->export)
		return reply_error(o, "iSCSI export needs the tcmu front end "
				      "(vburnd --frontend tcmu)");
	/* a file the asker names is read with the asker's rights, as load
	 * does (include/vburn/peer.h) */
	if (auth && vb_peer_read_secret(peer, auth, &text, err, sizeof(err)))
		return reply_error(o, "%s", err);
	ret = set->export(set->ctx, i, portal, allow, auth, text, err,
			  sizeof(err));
	free(text);
	if (ret)
		return reply_error(o, "%s", err);
	log_info("drive %d exported over iSCSI (vburnctl)", i);
	return reply_ok(o, set, i, json);
}

static int cmd_unexport(struct vb_ctl_drives *set, char **argv, int argc,
			bool json, struct vb_sbuf *o)
{
	char err[256];
	int i;

	if (argc != 2)
		return reply_error(o, "usage: unexport DRIVE");
	if ((i = find_drive(set, argv[1])) < 0)
		return reply_error(o, "no such drive: %s", argv[1]);
	if (!set->unexport)
		return reply_error(o, "iSCSI export needs the tcmu front end "
				      "(vburnd --frontend tcmu)");
	if (set->unexport(set->ctx, i, err, sizeof(err)))
		return reply_error(o, "%s", err);
	log_info("drive %d no longer exported over iSCSI (vburnctl)", i);
	return reply_ok(o, set, i, json);
}

/*
 * Checks the framing of a request (include/vburn/ctl.h): one line of at
 * most VB_CTL_LINE_MAX bytes ending in '\n', no control bytes but tabs
 * (a '\r' before the '\n' is allowed). NULL, or the reason.
 */
static const char *bad_request(const char *req, size_t len, char *why,
			       size_t whylen)
{
	const char *nl = memchr(req, '\n', len);
	size_t n;

	if (!nl)
		return len >= VB_CTL_LINE_MAX ?
			       "request too long" :
			       "request not ended by a newline";
	n = (size_t)(nl - req);
	if (n >= VB_CTL_LINE_MAX)
		return "request too long";
	if (n && req[n - 1] == '\r')
		n--;
	for (size_t i = 0; i < n; i++) {
		const unsigned char c = (unsigned char)req[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			snprintf(why, whylen,
				 "malformed request: byte 0x%02x at %zu", c, i);
			return why;
		}
	}
	return NULL;
}

size_t vb_ctl_handle(struct vb_ctl_drives *set, const char *req, size_t req_len,
		     char *buf, size_t len)
{
	return vb_ctl_handle_as(set, NULL, req, req_len, buf, len);
}

size_t vb_ctl_handle_as(struct vb_ctl_drives *set, const struct vb_peer *peer,
			const char *req, size_t req_len, char *buf, size_t len)
{
	struct vb_sbuf o = { buf, len, 0 };
	/* room for "json", MAX_ARGS words and one too many */
	char copy[VB_CTL_LINE_MAX], *argv[MAX_ARGS + 2], *save = NULL, *tok,
							 why[64];
	const char *bad = bad_request(req, req_len, why, sizeof(why));
	size_t ln;
	int argc = 0;
	bool json = false;

	if (bad) {
		reply_error(&o, "%s", bad);
		return vb_sbuf_finish(&o);
	}
	/* bad_request() found the '\n' in the first VB_CTL_LINE_MAX bytes */
	ln = (size_t)((const char *)memchr(req, '\n', req_len) - req);
	memcpy(copy, req, ln);
	copy[ln] = '\0';
	copy[strcspn(copy, "\r")] = '\0';
	for (tok = strtok_r(copy, "\t", &save); tok && argc < MAX_ARGS + 2;
	     tok = strtok_r(NULL, "\t", &save))
		argv[argc++] = tok;
	if (argc && !strcmp(argv[0], "json")) {
		json = true;
		memmove(argv, argv + 1, sizeof(argv[0]) * (size_t)--argc);
	}
	if (!argc)
		reply_error(&o, "empty request");
	else if (argc > MAX_ARGS)
		reply_error(&o, "too many arguments");
	else if (!strcmp(argv[0], "status"))
		cmd_status(set, argv, argc, json, &o);
	else if (!strcmp(argv[0], "blank"))
		cmd_blank(set, argv, argc, json, &o);
	else if (!strcmp(argv[0], "load"))
		cmd_load(set, peer, argv, argc, json, &o);
	else if (!strcmp(argv[0], "eject"))
		cmd_eject(set, argv, argc, json, &o);
	else if (!strcmp(argv[0], "add-drive"))
		cmd_add_drive(set, argv, argc, json, &o);
	else if (!strcmp(argv[0], "remove-drive"))
		cmd_remove_drive(set, argv, argc, json, &o);
	else if (!strcmp(argv[0], "export"))
		cmd_export(set, peer, argv, argc, json, &o);
	else if (!strcmp(argv[0], "unexport"))
		cmd_unexport(set, argv, argc, json, &o);
	else
		reply_error(&o, "unknown command: %s", argv[0]);
	return vb_sbuf_finish(&o);
}

static struct {
	pthread_t thread;
	int fd;
	int stop_pipe[2];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct vb_ctl_drives set;
	struct vb_ctl_access access;
} srv = { .fd = -1 };

bool vb_ctl_allowed(const struct vb_ctl_access *a, uid_t uid, gid_t gid,
		    const gid_t *groups, size_t n_groups)
{
	if (uid == 0 || uid == a->self)
		return true;
	if (!a->has_group)
		return false;
	if (gid == a->group)
		return true;
	for (size_t i = 0; i < n_groups; i++)
		if (groups[i] == a->group)
			return true;
	return false;
}

/*
 * Whether the peer on c may talk to us. Its supplementary groups come
 * from SO_PEERGROUPS (Linux 4.13): those it had when it connected.
 */
static bool peer_allowed(int c, struct ucred *cr, struct vb_peer *peer)
{
	socklen_t len = sizeof(*cr), glen = sizeof(peer->groups);

	if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, cr, &len) < 0)
		return false;
	if (getsockopt(c, SOL_SOCKET, SO_PEERGROUPS, peer->groups, &glen) < 0)
		glen = 0; /* more than 256 groups, or an old kernel */
	peer->uid = cr->uid;
	peer->gid = cr->gid;
	peer->n_groups = glen / sizeof(peer->groups[0]);
	return vb_ctl_allowed(&srv.access, cr->uid, cr->gid, peer->groups,
			      peer->n_groups);
}

static void serve_one(int c)
{
	static const char refused[] = "error\tpermission denied: only root, "
				      "vburnd's user and its group may\n";
	char line[VB_CTL_LINE_MAX + 1], *reply;
	size_t got = 0, need;
	struct ucred cr = { 0, (uid_t)-1, (gid_t)-1 };
	struct vb_peer peer = { (uid_t)-1, (gid_t)-1, { 0 }, 0 };
	ssize_t r;

	if (!peer_allowed(c, &cr, &peer)) {
		log_warn("control socket: uid %u (pid %d) refused",
			 (unsigned)cr.uid, (int)cr.pid);
		if (write(c, refused, sizeof(refused) - 1) < 0)
			log_info("control socket: the refused peer hung up");
		return;
	}

	/*
	 * A request is one short line; wait at most 5 s for it. What is read
	 * past VB_CTL_LINE_MAX is not read at all: the request is refused.
	 */
	while (got < sizeof(line) && !memchr(line, '\n', got)) {
		struct pollfd p = { c, POLLIN, 0 };

		if (poll(&p, 1, 5000) <= 0)
			break;
		r = read(c, line + got, sizeof(line) - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	reply = malloc(REPLY_MAX);
	if (!reply)
		return;
	need = vb_ctl_handle_as(&srv.set, &peer, line, got, reply, REPLY_MAX);
	if (!strncmp(reply, "error\t", 6))
		log_info("request refused: %.*s", (int)strcspn(reply + 6, "\n"),
			 reply + 6);
	for (size_t off = 0, len = need < REPLY_MAX - 1 ? need : REPLY_MAX - 1;
	     off < len; off += (size_t)r) {
		r = write(c, reply + off, len - off);
		if (r <= 0)
			break;
	}
	free(reply);
}

static void *ctl_thread(void *arg)
{
	(void)arg;
	for (;;) {
		struct pollfd p[2] = { { srv.fd, POLLIN, 0 },
				       { srv.stop_pipe[0], POLLIN, 0 } };
		int c;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		c = accept4(srv.fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		serve_one(c);
		close(c);
	}
	return NULL;
}

int vb_ctl_start(const struct vb_ctl_drives *set, const char *path,
		 const struct vb_ctl_access *access, char *err, size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int r;

	if (strlen(path) >= sizeof(a.sun_path)) {
		snprintf(err, errlen, "socket path too long");
		return -ENAMETOOLONG;
	}
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	snprintf(srv.path, sizeof(srv.path), "%s", path);
	srv.set = *set;
	srv.access = *access;
	srv.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv.fd < 0)
		goto err;
	unlink(path);
	if (bind(srv.fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    chmod(path, 0660) < 0 ||
	    (access->has_group && chown(path, (uid_t)-1, access->group) < 0) ||
	    listen(srv.fd, 8) < 0 || pipe2(srv.stop_pipe, O_CLOEXEC) < 0)
		goto err_close;
	r = pthread_create(&srv.thread, NULL, ctl_thread, NULL);
	if (r) {
		errno = r;
		goto err_pipe;
	}
	return 0;
err_pipe:
	close(srv.stop_pipe[0]);
	close(srv.stop_pipe[1]);
err_close:
	close(srv.fd);
	srv.fd = -1;
err:
	r = -errno;
	snprintf(err, errlen, "%s", strerror(errno));
	return r;
}

void vb_ctl_stop(void)
{
	if (srv.fd < 0)
		return;
	if (write(srv.stop_pipe[1], "x", 1) < 0)
		log_warn("cannot wake the control thread");
	pthread_join(srv.thread, NULL);
	close(srv.stop_pipe[0]);
	close(srv.stop_pipe[1]);
	close(srv.fd);
	srv.fd = -1;
	unlink(srv.path);
}
