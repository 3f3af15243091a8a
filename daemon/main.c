/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburnd's entry point: options (daemon/config.c), default srN node
 * names (docs/clients.md "Decisions taken"; quirk:libburn-sr-name,
 * docs/clients/xorriso-libburn.md), creating the drives with their blank
 * media and front ends, the control socket hook, daemonizing, and a clean
 * shutdown on SIGTERM/SIGINT.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_TAG "vburnd"
#include "config.h"
#include "notify.h"
#include "vburn/ctl.h"
#include "vburn/cuse.h"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/kmod.h"
#include "vburn/peer.h"
#include "vburn/tcmu.h"
#include "vburn/version.h"

/* libburn enumerates /dev/sr0../dev/sr31; the kernel numbers from 0
 * (quirk:libburn-sr-name). */
#define SR_TOP 31

/* mkdir -p; returns 0 or -errno. */
static int mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, mode) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, mode) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Is NAME taken: a node in /dev, a CUSE device, or one of ours? */
static bool name_taken(const char *name, char nodes[][64], int n)
{
	char path[128];
	struct stat st;
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(nodes[i], name))
			return true;
	snprintf(path, sizeof(path), "/dev/%s", name);
	if (!lstat(path, &st))
		return true;
	snprintf(path, sizeof(path), "/sys/class/cuse/%s", name);
	return !lstat(path, &st);
}

/* The highest free srN below *next into out (then *next moves past it):
 * 0, or -1 when none is left. */
static int free_sr_name(char nodes[][64], int n, int *next, char *out)
{
	for (; *next >= 0; (*next)--) {
		snprintf(out, 64, "sr%d", *next);
		if (!name_taken(out, nodes, n)) {
			(*next)--;
			return 0;
		}
	}
	return -1;
}

/* Picks node names: a drive's own (--node, [drive N] node), else srN
 * from sr31 down. */
static int pick_names(const struct vb_opts *o, char nodes[][64])
{
	int i, next = SR_TOP;

	for (i = 0; i < o->drives; i++) {
		if (o->drive[i].node[0]) {
			snprintf(nodes[i], 64, "%s", o->drive[i].node);
			continue;
		}
		if (free_sr_name(nodes, i, &next, nodes[i])) {
			fprintf(stderr,
				"vburnd: no free srN name for drive "
				"%d (use --node)\n",
				i);
			return -1;
		}
	}
	return 0;
}

/*
 * Without -f: fork twice so the daemon is no session leader, and let the
 * first parent exit only when startup is done, with its outcome (so
 * "vburnd && use /dev/sr31" works). Returns the pipe end to report on, or
 * -1 in the foreground.
 */
static int daemonize(void)
{
	int p[2];
	char st = 1;
	pid_t pid;

	if (pipe(p)) {
		fprintf(stderr, "vburnd: pipe: %s\n", strerror(errno));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "vburnd: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &st, 1) != 1)
			st = 1;
		exit(st);
	}
	close(p[0]);
	setsid();
	pid = fork();
	if (pid < 0)
		exit(1);
	if (pid > 0)
		_exit(0);
	if (chdir("/"))
		exit(1);
	return p[1];
}

static void daemon_ready(int fd, char status)
{
	int null;

	if (fd < 0)
		return;
	if (write(fd, &status, 1) != 1)
		status = 1;
	close(fd);
	if (status)
		return;
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
}

struct daemon {
	int n;
	struct vb_drive *drives[VB_MAX_DRIVES];
	struct cuse_front *fronts_c[VB_MAX_DRIVES];
	struct tcmu_front *tfronts[VB_MAX_DRIVES];
	struct kmod_front *kfronts[VB_MAX_DRIVES];
	unsigned fronts; /* VB_FRONT_* of --frontend (one list for all) */
	char nodes[VB_MAX_DRIVES][64]; /* the CUSE node's name */
	/* every node of drive i as printed: "/dev/sr31 /dev/sr0 /dev/sg0" */
	char list[VB_MAX_DRIVES][256];
	/* borrowed by the control server until vb_ctl_stop() */
	char paths[VB_MAX_DRIVES][80];
	const char *path_ptrs[VB_MAX_DRIVES];
	bool ctl_started;
	struct vb_opts *o; /* what drives added at run time get */
	/* the configured CHAP credentials files, read at start (secrets) */
	char *secret_path[VB_MAX_DRIVES], *secret_text[VB_MAX_DRIVES];
};

/*
 * Reads each drive's configured CHAP credentials file once, at start,
 * while vburnd is root: one that gives up root (--user) could not read
 * root's own mode-600 file again when a drive is exported later
 * (vburnctl export, add-drive). 0, or 1 with the reason in err.
 */
static int read_secrets(struct daemon *dm, char *err, size_t errlen)
{
	int i, k, n = 0;

	for (i = 0; i < VB_MAX_DRIVES; i++) {
		const char *path = dm->o->drive[i].iscsi_auth;

		if (!path[0])
			continue;
		for (k = 0; k < n && strcmp(dm->secret_path[k], path); k++)
			;
		if (k < n)
			continue;
		dm->secret_path[n] = strdup(path);
		if (!dm->secret_path[n] ||
		    vb_peer_read_secret(NULL, path, &dm->secret_text[n], err,
					errlen))
			return 1;
		n++;
	}
	return 0;
}

static const char *secret_of(const struct daemon *dm, const char *path)
{
	for (int k = 0; k < VB_MAX_DRIVES && dm->secret_path[k]; k++)
		if (!strcmp(dm->secret_path[k], path))
			return dm->secret_text[k];
	return NULL;
}

/* Stops drive i's front end, then frees the drive (no command can
 * reach it any more) and empties its slot. */
static void stop_drive(struct daemon *dm, int i)
{
	cuse_front_stop(dm->fronts_c[i]);
	dm->fronts_c[i] = NULL;
	tcmu_front_stop(dm->tfronts[i]);
	dm->tfronts[i] = NULL;
	kmod_front_stop(dm->kfronts[i]);
	dm->kfronts[i] = NULL;
	vb_drive_free(dm->drives[i]);
	dm->drives[i] = NULL;
	dm->path_ptrs[i] = NULL;
	dm->list[i][0] = 0;
}

/* Appends a front end's node(s) to drive i's list ("" adds nothing). */
static void list_add(struct daemon *dm, int i, const char *node)
{
	char *l = dm->list[i];
	const size_t used = strlen(l);

	if (node[0])
		snprintf(l + used, sizeof(dm->list[i]) - used, "%s%s",
			 used ? " " : "", node);
}

/*
 * Exports drive i over iSCSI (vburnctl export, or --iscsi at start): the
 * settings given, else the drive's configured ones. 0 or -1 with err.
 */
static int export_drive(void *ctx, int i, const char *portal, const char *allow,
			const char *auth, const char *auth_text, char *err,
			size_t errlen)
{
	struct daemon *dm = ctx;
	const struct vb_drive_cfg *c = &dm->o->drive[i];
	struct tcmu_export x = {
		.portal = portal ? portal : c->iscsi,
		.allow = allow ? allow : c->iscsi_allow,
		.auth_name = auth ? auth : c->iscsi_auth,
		.auth_text = auth ? auth_text : secret_of(dm, c->iscsi_auth),
	};

	if (!dm->tfronts[i]) {
		snprintf(err, errlen,
			 "drive %d has no tcmu front end to export "
			 "(vburnd --frontend tcmu)",
			 i);
		return -1;
	}
	if (!x.portal[0]) {
		snprintf(err, errlen,
			 "drive %d: no iSCSI portal configured: give "
			 "--portal ADDR:PORT",
			 i);
		return -1;
	}
	if (x.auth_name[0] && !x.auth_text) {
		snprintf(err, errlen, "%s: not read at start", x.auth_name);
		return -1;
	}
	return tcmu_front_export(dm->tfronts[i], &x, err, errlen);
}

static int unexport_drive(void *ctx, int i, char *err, size_t errlen)
{
	struct daemon *dm = ctx;

	if (!dm->tfronts[i] || !tcmu_front_iqn(dm->tfronts[i])[0]) {
		snprintf(err, errlen, "drive %d is not exported", i);
		return -1;
	}
	tcmu_front_unexport(dm->tfronts[i]);
	return 0;
}

static int drive_exported(void *ctx, int i, struct vb_ctl_export *e)
{
	struct daemon *dm = ctx;
	const struct tcmu_front *f = dm->tfronts[i];

	if (!f || !tcmu_front_iqn(f)[0])
		return 0;
	snprintf(e->target, sizeof(e->target), "%s", tcmu_front_iqn(f));
	snprintf(e->portal, sizeof(e->portal), "%s", tcmu_front_portal(f));
	e->nsessions = tcmu_front_sessions(f, e->sessions, sizeof(e->sessions));
	return 1;
}

/*
 * Creates drive i with its blank and each front end of the list (a CUSE
 * node's name already in dm->nodes[i]): all of them serve the same drive
 * (design.md: a comma list serves the same drives on several front ends).
 * The control server names it by its first node. Returns 0, or 1 with
 * the reason in err (the slot left empty).
 */
/*
 * With --user, the files a drive makes before vburnd drops root (its
 * first blank's image, and whatever its capture worker writes) are the
 * user's: made with the user's file-system ids, in the user's image
 * directory. Root could not write there at all under the systemd unit,
 * whose bounding set has no CAP_DAC_OVERRIDE, and files of root's would
 * stay in the user's directory. The ids are the calling thread's, and a
 * thread started meanwhile keeps them (it becomes the user anyway).
 */
static void user_files(const struct vb_opts *o, bool on)
{
	const struct passwd *pw =
		o->user[0] && !geteuid() ? getpwnam(o->user) : NULL;

	if (!pw)
		return;
	setfsgid(on ? pw->pw_gid : 0);
	setfsuid(on ? pw->pw_uid : 0);
}

static int start_drive(struct daemon *dm, const struct vb_opts *o, int i,
		       char *err, size_t errlen)
{
	struct vb_drive_opts dopts = {
		.index = i,
		.image_dir = o->drive[i].image_dir,
		.format = o->drive[i].format[0] ? o->drive[i].format : NULL,
		.dedup = !strcmp(o->drive[i].dedup, "yes"),
		.op_ms = o->op_ms,
	};
	const char *media_name = o->drive[i].media;
	char why[256];
	int media = strcmp(media_name, "none") ? vb_media_parse(media_name) : 0;

	user_files(o, true);
	dm->drives[i] = vb_drive_new(&dopts);
	if (!dm->drives[i]) {
		snprintf(err, errlen, "cannot create drive %d: %s", i,
			 strerror(errno));
		user_files(o, false);
		return 1;
	}
	if (media > 0 &&
	    vb_drive_insert_blank(dm->drives[i], (enum vb_media)media, 0, NULL,
				  NULL, why, sizeof(why))) {
		snprintf(err, errlen, "drive %d: cannot insert %s: %s", i,
			 media_name, why);
		user_files(o, false);
		stop_drive(dm, i);
		return 1;
	}
	user_files(o, false);
	why[0] = 0;
	dm->list[i][0] = 0;
	if (dm->fronts & VB_FRONT_CUSE) {
		char node[80];

		dm->fronts_c[i] = cuse_front_start(dm->drives[i], dm->nodes[i],
						   why, sizeof(why));
		snprintf(node, sizeof(node), "/dev/%s", dm->nodes[i]);
		if (dm->fronts_c[i])
			list_add(dm, i, node);
	}
	if (!why[0] && (dm->fronts & VB_FRONT_TCMU)) {
		dm->tfronts[i] =
			tcmu_front_start(dm->drives[i], i, why, sizeof(why));
		if (dm->tfronts[i]) {
			list_add(dm, i, tcmu_front_sr(dm->tfronts[i]));
			list_add(dm, i, tcmu_front_sg(dm->tfronts[i]));
		}
		if (dm->tfronts[i] && o->drive[i].iscsi[0])
			export_drive(dm, i, NULL, NULL, NULL, NULL, why,
				     sizeof(why));
	}
	if (!why[0] && (dm->fronts & VB_FRONT_KMOD)) {
		dm->kfronts[i] =
			kmod_front_start(dm->drives[i], i, why, sizeof(why));
		if (dm->kfronts[i]) {
			list_add(dm, i, kmod_front_sr(dm->kfronts[i]));
			list_add(dm, i, kmod_front_sg(dm->kfronts[i]));
		}
	}
	if (why[0] || !dm->list[i][0]) {
		snprintf(err, errlen, "drive %d: %s", i,
			 why[0] ? why : "no front end");
		stop_drive(dm, i);
		return 1;
	}
	/* The control server names drives by their first node path (paths
	 * is wider than a node path: /dev/ and a 64-byte name) */
	memcpy(dm->paths[i], dm->list[i], sizeof(dm->paths[i]) - 1);
	dm->paths[i][sizeof(dm->paths[i]) - 1] = 0;
	dm->paths[i][strcspn(dm->paths[i], " ")] = 0;
	dm->path_ptrs[i] = dm->paths[i];
	return 0;
}

/* vburnctl add-drive: the first free slot gets a drive set up as drive
 * 0 is (image directory, front end, format), with media and format as
 * asked. */
static int add_drive(void *ctx, const char *media, const char *format,
		     char *err, size_t errlen)
{
	struct daemon *dm = ctx;
	struct vb_drive_cfg *c;
	int i, next = SR_TOP;

	for (i = 0; i < VB_MAX_DRIVES && dm->drives[i]; i++)
		;
	if (i == VB_MAX_DRIVES) {
		snprintf(err, errlen, "all %d drives are in use",
			 VB_MAX_DRIVES);
		return -1;
	}
	c = &dm->o->drive[i];
	*c = dm->o->drive[0];
	c->node[0] = 0;
	snprintf(c->media, sizeof(c->media), "%s", media);
	if (format)
		snprintf(c->format, sizeof(c->format), "%s", format);
	if (format && !vb_drive_format_ok(format)) {
		snprintf(err, errlen, "unknown format: %s", format);
		return -1;
	}
	dm->nodes[i][0] = 0;
	if ((dm->fronts & VB_FRONT_CUSE) &&
	    free_sr_name(dm->nodes, dm->n, &next, dm->nodes[i])) {
		snprintf(err, errlen, "no free srN name left");
		return -1;
	}
	if (i >= dm->n)
		dm->n = i + 1;
	if (start_drive(dm, dm->o, i, err, errlen)) {
		dm->nodes[i][0] = 0;
		while (dm->n > 0 && !dm->drives[dm->n - 1])
			dm->n--;
		return -1;
	}
	printf("drive %d: %s\n", i, dm->list[i]);
	fflush(stdout);
	return i;
}

/* vburnctl remove-drive (ctl.c refuses it while the drive records). */
static int remove_drive(void *ctx, int i, char *err, size_t errlen)
{
	struct daemon *dm = ctx;

	(void)err;
	(void)errlen;
	stop_drive(dm, i);
	dm->nodes[i][0] = 0;
	while (dm->n > 0 && !dm->drives[dm->n - 1])
		dm->n--;
	return 0;
}

/* Can pw write in dir (by its mode bits: owner, primary group, other)? */
static bool writable_by(const char *dir, const struct passwd *pw)
{
	struct stat st;

	if (stat(dir, &st))
		return false;
	if (st.st_uid == pw->pw_uid)
		return st.st_mode & S_IWUSR;
	if (st.st_gid == pw->pw_gid)
		return st.st_mode & S_IWGRP;
	return st.st_mode & S_IWOTH;
}

static int start_ctl(struct daemon *dm, const struct vb_opts *o)
{
	struct vb_ctl_access access = { 0 };
	const struct vb_ctl_drives set = {
		.drives = dm->drives,
		.nodes = dm->path_ptrs,
		.n = dm->n,
		.max = VB_MAX_DRIVES,
		.add = add_drive,
		.remove = remove_drive,
		.export = (dm->fronts & VB_FRONT_TCMU) ? export_drive : NULL,
		.unexport =
			(dm->fronts & VB_FRONT_TCMU) ? unexport_drive : NULL,
		.exported = drive_exported,
		.ctx = dm,
	};
	char dir[PATH_MAX], err[256], *slash;
	struct group *gr;

	const struct passwd *pw = o->user[0] ? getpwnam(o->user) : NULL;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", o->socket);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		bool made;

		*slash = 0;
		made = stat(dir, &st) != 0;
		mkdirs(dir, 0755);
		/*
		 * --user: the socket is removed at exit by that user, so a
		 * directory made for it is that user's; in a directory made
		 * by others it may stay (the next start replaces it).
		 */
		if (made && pw && chown(dir, pw->pw_uid, pw->pw_gid))
			log_warn("cannot give %s to %s: %s", dir, o->user,
				 strerror(errno));
		else if (pw && !made && !writable_by(dir, pw))
			log_warn("%s is not writable for %s: the control "
				 "socket will stay there after vburnd exits",
				 dir, o->user);
	}
	access.self = geteuid();
	if (pw) /* the user it is about to become */
		access.self = pw->pw_uid;
	gr = getgrnam(o->group[0] ? o->group : "cdrom");
	if (gr) {
		access.has_group = true;
		access.group = gr->gr_gid;
	}
	if (vb_ctl_start(&set, o->socket, &access, err, sizeof(err))) {
		fprintf(stderr, "vburnd: control socket %s: %s\n", o->socket,
			err);
		return 1;
	}
	dm->ctl_started = true;
	return 0;
}

/*
 * --user: once the drives and the socket exist, vburnd runs as that user
 * (its own groups) with no capability left: the CUSE nodes stay served
 * through the /dev/cuse descriptors already open (and drives added later
 * through spare ones opened before, cuse_front_reserve), the images
 * through their open files and the image directories, which that user
 * must be able to write. What is lost is what needs root again: removing
 * the socket file at exit where its directory is root's (the next start
 * replaces it), and the node's group and mode for added CUSE drives,
 * which are udev's rule's then. 0, or 1 with the reason.
 */
static int drop_root(const struct vb_opts *o, char *err, size_t errlen)
{
	const struct passwd *pw = getpwnam(o->user);
	int i;

	if (!pw) {
		snprintf(err, errlen, "--user: no user %s", o->user);
		return 1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) || setgid(pw->pw_gid) ||
	    setuid(pw->pw_uid)) {
		snprintf(err, errlen, "--user %s: %s", o->user,
			 strerror(errno));
		return 1;
	}
	/* setuid to non-root clears the capabilities; make sure it took */
	if (pw->pw_uid && setuid(0) == 0) {
		snprintf(err, errlen, "--user %s: root could be regained",
			 o->user);
		return 1;
	}
	for (i = 0; i < o->drives; i++)
		if (access(o->drive[i].image_dir, W_OK | X_OK)) {
			snprintf(err, errlen,
				 "--user %s cannot write the image "
				 "directory %s",
				 o->user, o->drive[i].image_dir);
			return 1;
		}
	log_info("running as %s (uid %u, gid %u)", pw->pw_name,
		 (unsigned)pw->pw_uid, (unsigned)pw->pw_gid);
	return 0;
}

static void shutdown_all(struct daemon *dm)
{
	int i;

	if (dm->ctl_started)
		vb_ctl_stop();
	for (i = 0; i < dm->n; i++)
		stop_drive(dm, i);
	cuse_front_release();
	tcmu_priv_stop();
	for (i = 0; i < VB_MAX_DRIVES && dm->secret_path[i]; i++) {
		if (dm->secret_text[i])
			explicit_bzero(dm->secret_text[i],
				       strlen(dm->secret_text[i]));
		free(dm->secret_text[i]);
		free(dm->secret_path[i]);
	}
}

int main(int argc, char **argv)
{
	struct vb_opts o;
	struct daemon dm = { .n = 0, .o = &o };
	sigset_t sigs;
	char err[256];
	int ret, i, sig = 0, ready_fd = -1;

	ret = vb_opts_parse(&o, argc, argv);
	if (ret >= 0)
		return ret;
	if (o.verbose)
		vb_log_threshold = VB_LOG_DEBUG;
	dm.fronts = vb_frontends(o.drive[0].frontend);
	/* Fail before any image file is created. */
	if (((dm.fronts & VB_FRONT_CUSE) &&
	     cuse_front_check(err, sizeof(err))) ||
	    ((dm.fronts & VB_FRONT_TCMU) &&
	     tcmu_front_check(err, sizeof(err))) ||
	    ((dm.fronts & VB_FRONT_KMOD) &&
	     kmod_front_check(err, sizeof(err)))) {
		fprintf(stderr, "vburnd: %s\n", err);
		return 1;
	}
	for (i = 0; i < o.drives; i++) {
		struct stat st;
		const bool made = stat(o.drive[i].image_dir, &st) != 0;
		const struct passwd *pw = o.user[0] ? getpwnam(o.user) : NULL;

		ret = mkdirs(o.drive[i].image_dir, 0755);
		/* a directory made for --user is that user's */
		if (!ret && made && pw &&
		    chown(o.drive[i].image_dir, pw->pw_uid, pw->pw_gid))
			ret = -errno;
		if (ret) {
			fprintf(stderr, "vburnd: cannot create %s: %s\n",
				o.drive[i].image_dir, strerror(-ret));
			return 1;
		}
	}
	if ((dm.fronts & VB_FRONT_CUSE) && pick_names(&o, dm.nodes))
		return 1;
	if (read_secrets(&dm, err, sizeof(err))) {
		fprintf(stderr, "vburnd: %s\n", err);
		return 1;
	}

	if (!o.foreground)
		ready_fd = daemonize();

	/*
	 * Block the stop signals before any thread exists, so that every
	 * thread inherits the mask and sigwait() below receives them.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	ret = 0;
	/* configfs stays root's after --user: a helper keeps root for it
	 * (forked here, while vburnd has one thread) */
	if (o.user[0] && (dm.fronts & VB_FRONT_TCMU)) {
		ret = tcmu_priv_start(err, sizeof(err));
		if (ret)
			fprintf(stderr, "vburnd: %s\n", err);
	}
	for (i = 0; i < o.drives && !ret; i++) {
		dm.n = i + 1;
		ret = start_drive(&dm, &o, i, err, sizeof(err));
		if (ret)
			fprintf(stderr, "vburnd: %s\n", err);
	}
	if (!ret)
		ret = start_ctl(&dm, &o);
	if (!ret && o.user[0]) {
		/* add-drive of a CUSE drive needs /dev/cuse, which is root's */
		if ((dm.fronts & VB_FRONT_CUSE) &&
		    cuse_front_reserve((unsigned)(VB_MAX_DRIVES - dm.n)))
			log_warn("--user: could not keep /dev/cuse descriptors "
				 "for drives added later");
		ret = drop_root(&o, err, sizeof(err));
		if (ret)
			fprintf(stderr, "vburnd: %s\n", err);
	}
	if (ret) {
		shutdown_all(&dm);
		daemon_ready(ready_fd, 1);
		return 1;
	}
	for (i = 0; i < dm.n; i++)
		printf("drive %d: %s\n", i, dm.list[i]);
	fflush(stdout);
	daemon_ready(ready_fd, 0);
	vb_notify("READY=1");

	while (sigwait(&sigs, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	log_info("signal %d: stopping", sig);
	vb_notify("STOPPING=1");
	shutdown_all(&dm);
	return 0;
}
