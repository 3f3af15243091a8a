/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburnd's entry point: the command-line and config-file contract of
 * design.md, default srN node names (clients.md "Decisions taken"),
 * creating the drives with their blank media and front ends, the control
 * socket hook, daemonizing, and a clean shutdown on SIGTERM/SIGINT.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_TAG "vburnd"
#include "notify.h"
#include "vburn/ctl.h"
#include "vburn/cuse.h"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/tcmu.h"
#include "vburn/version.h"

#define MAX_DRIVES 32
/* libburn enumerates /dev/sr0../dev/sr31; the kernel numbers from 0. */
#define SR_TOP 31

struct opts {
	bool foreground;
	bool verbose;
	int drives;
	char frontend[16];
	char node[64];
	char image_dir[PATH_MAX];
	char format[32];
	char media[32];
	char socket[PATH_MAX];
	char group[64]; /* "": cdrom where it exists */
	unsigned op_ms;
};

enum {
	OPT_DRIVES = 256,
	OPT_FRONTEND,
	OPT_NODE,
	OPT_IMAGE_DIR,
	OPT_FORMAT,
	OPT_MEDIA,
	OPT_SOCKET,
	OPT_GROUP,
	OPT_OP_TIME,
	OPT_VERSION
};

static const struct option long_opts[] = {
	{ "foreground", no_argument, NULL, 'f' },
	{ "config", required_argument, NULL, 'c' },
	{ "drives", required_argument, NULL, OPT_DRIVES },
	{ "frontend", required_argument, NULL, OPT_FRONTEND },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "media", required_argument, NULL, OPT_MEDIA },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "op-time", required_argument, NULL, OPT_OP_TIME },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char short_opts[] = "fc:vh";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vburnd [options]\n"
		"Virtual CD/DVD/BD writer: serves MMC drives whose burns are\n"
		"captured into image files.\n\n"
		"  -f, --foreground     do not daemonize\n"
		"  -c FILE              config file (key = value, long option "
		"names)\n"
		"      --drives N       number of drives (default 1)\n"
		"      --frontend NAME  cuse (default) or tcmu\n"
		"      --node NAME      device node name of drive 0 (default: "
		"free srN from sr31 down)\n"
		"      --image-dir DIR  where captured images go (default "
		"./images)\n"
		"      --format FMT     capture format: auto (default), iso,"
		" nrg, ccd, mds,\n"
		"                       cue, toc\n"
		"      --media TYPE     blank inserted at start: cd-r (default)"
		", cd-rw, dvd-r,\n"
		"                       dvd-rw, dvd+r, dvd+rw, dvd+r-dl, bd-r, "
		"bd-re, none\n"
		"      --socket PATH    control socket\n"
		"      --group NAME     who besides root and vburnd's user may "
		"use it\n"
		"                       (default cdrom, where it exists)\n"
		"      --op-time MS     how long BLANK, FORMAT UNIT and CLOSE "
		"report being\n"
		"                       busy (default 250, 0 = done at once)\n"
		"  -v, --verbose        debug log\n"
		"  -h, --help           this text\n"
		"      --version        print the version\n");
}

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vburnd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'vburnd --help'.\n");
	return 2;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = true;
		if (!strcasecmp(v, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

static int copy_arg(char *dst, size_t len, const char *v, const char *what)
{
	if (strlen(v) >= len)
		return usage_error("%s is too long", what);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Applies one option by its id (getopt value). Returns 0 or 2. */
static int apply(struct opts *o, int id, const char *v)
{
	char *end;
	long n;

	switch (id) {
	case 'f':
		o->foreground = true;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case OPT_DRIVES:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || end == v || n < 1 || n > MAX_DRIVES)
			return usage_error("--drives wants 1..32, not '%s'", v);
		o->drives = (int)n;
		return 0;
	case OPT_FRONTEND:
		if (strcmp(v, "cuse") && strcmp(v, "tcmu"))
			return usage_error("unknown front end '%s'", v);
		return copy_arg(o->frontend, sizeof(o->frontend), v,
				"--frontend");
	case OPT_NODE:
		if (!*v || strchr(v, '/') || strchr(v, ':') || strchr(v, ','))
			return usage_error("bad node name '%s'", v);
		return copy_arg(o->node, sizeof(o->node), v, "--node");
	case OPT_IMAGE_DIR:
		return copy_arg(o->image_dir, sizeof(o->image_dir), v,
				"--image-dir");
	case OPT_FORMAT:
		if (!vb_drive_format_ok(v))
			return usage_error("unknown capture format '%s' (auto, "
					   "iso, nrg, ccd, mds, cue, toc)",
					   v);
		return copy_arg(o->format, sizeof(o->format), v, "--format");
	case OPT_MEDIA:
		if (strcmp(v, "none") && vb_media_parse(v) < 0)
			return usage_error("unknown media type '%s'", v);
		return copy_arg(o->media, sizeof(o->media), v, "--media");
	case OPT_SOCKET:
		return copy_arg(o->socket, sizeof(o->socket), v, "--socket");
	case OPT_GROUP:
		if (!getgrnam(v))
			return usage_error("no such group '%s'", v);
		return copy_arg(o->group, sizeof(o->group), v, "--group");
	case OPT_OP_TIME:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || *end || end == v || n < 0 || n > 60000)
			return usage_error("--op-time wants 0..60000 ms, not "
					   "'%s'",
					   v);
		o->op_ms = (unsigned)n;
		return 0;
	default:
		return 2;
	}
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* One "key = value" line of the config file. Returns 0, 1 or 2. */
static int config_line(struct opts *o, const char *path, int lineno, char *line)
{
	const struct option *lo;
	char *key, *val, *eq;
	bool b;

	key = trim(line);
	if (!*key || *key == '#')
		return 0;
	eq = strchr(key, '=');
	if (!eq) {
		fprintf(stderr, "vburnd: %s:%d: expected 'key = value'\n", path,
			lineno);
		return 2;
	}
	*eq = 0;
	key = trim(key);
	val = trim(eq + 1);
	for (lo = long_opts; lo->name; lo++) {
		if (strcmp(lo->name, key) || lo->val == 'h' || lo->val == 'c' ||
		    lo->val == OPT_VERSION)
			continue;
		if (lo->has_arg == required_argument)
			return apply(o, lo->val, val);
		if (!parse_bool(val, &b)) {
			fprintf(stderr, "vburnd: %s:%d: %s wants yes or no\n",
				path, lineno, key);
			return 2;
		}
		if (b)
			return apply(o, lo->val, NULL);
		if (lo->val == 'f')
			o->foreground = false;
		else
			o->verbose = false;
		return 0;
	}
	fprintf(stderr, "vburnd: %s:%d: unknown key '%s'\n", path, lineno, key);
	return 2;
}

static int load_config(struct opts *o, const char *path)
{
	char line[PATH_MAX + 64];
	int lineno = 0, ret = 0;
	FILE *fp;

	fp = fopen(path, "re");
	if (!fp) {
		fprintf(stderr, "vburnd: cannot read %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	while (!ret && fgets(line, sizeof(line), fp))
		ret = config_line(o, path, ++lineno, line);
	fclose(fp);
	return ret;
}

/*
 * Two passes over argv: the first only finds -c (and --help/--version),
 * so that the command line overrides the config file in the second.
 * Returns -1 to go on, or an exit status.
 */
static int parse_args(struct opts *o, int argc, char **argv)
{
	const char *config = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == OPT_VERSION) {
			printf("vburnd %s\n", VBURN_VERSION);
			return 0;
		}
	}
	if (config) {
		ret = load_config(o, config);
		if (ret)
			return ret;
	}
	optind = 0; /* GNU: full re-initialisation */
	opterr = 1;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		if (c == 'c')
			continue;
		if (c == '?' || c == ':')
			return usage_error("%s", "bad option");
		ret = apply(o, c, optarg);
		if (ret)
			return ret;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return -1;
}

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

static void default_paths(struct opts *o)
{
	char cwd[PATH_MAX];

	if (!o->image_dir[0])
		snprintf(o->image_dir, sizeof(o->image_dir), "images");
	/* Daemons chdir to /: keep a relative image dir meaningful. */
	if (o->image_dir[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		char abs[PATH_MAX];

		if (snprintf(abs, sizeof(abs), "%s/%s", cwd, o->image_dir) <
		    (int)sizeof(abs))
			memcpy(o->image_dir, abs, strlen(abs) + 1);
	}
	if (o->socket[0])
		return;
	/* Shared with vburnctl, so that both agree. */
	vb_ctl_default_path(o->socket, sizeof(o->socket));
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

/* Picks node names: drive 0's from --node, the rest srN from sr31 down. */
static int pick_names(const struct opts *o, char nodes[][64])
{
	int i, next = SR_TOP;

	for (i = 0; i < o->drives; i++) {
		if (i == 0 && o->node[0]) {
			snprintf(nodes[0], 64, "%s", o->node);
			continue;
		}
		for (; next >= 0; next--) {
			snprintf(nodes[i], 64, "sr%d", next);
			if (!name_taken(nodes[i], nodes, i))
				break;
		}
		if (next < 0) {
			fprintf(stderr,
				"vburnd: no free srN name for drive "
				"%d (use --node)\n",
				i);
			return -1;
		}
		next--;
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
	struct vb_drive *drives[MAX_DRIVES];
	struct cuse_front *fronts[MAX_DRIVES];
	struct tcmu_front *tfronts[MAX_DRIVES];
	bool tcmu;
	char nodes[MAX_DRIVES][64];
	char sg[MAX_DRIVES][64]; /* tcmu: the kernel's /dev/sgN, or "" */
	/* borrowed by the control server until vb_ctl_stop() */
	char paths[MAX_DRIVES][80];
	const char *path_ptrs[MAX_DRIVES];
	bool ctl_started;
};

/* Creates drive i with its blank and its front end. Returns 0 or 1. */
static int start_drive(struct daemon *dm, const struct opts *o, int i)
{
	struct vb_drive_opts dopts = {
		.index = i,
		.image_dir = o->image_dir,
		.format = o->format[0] ? o->format : NULL,
		.op_ms = o->op_ms,
	};
	char err[256];
	int media = strcmp(o->media, "none") ? vb_media_parse(o->media) : 0;

	dm->drives[i] = vb_drive_new(&dopts);
	if (!dm->drives[i]) {
		fprintf(stderr, "vburnd: cannot create drive %d: %s\n", i,
			strerror(errno));
		return 1;
	}
	if (media > 0 &&
	    vb_drive_insert_blank(dm->drives[i], (enum vb_media)media, 0, NULL,
				  NULL, err, sizeof(err))) {
		fprintf(stderr, "vburnd: drive %d: cannot insert %s: %s\n", i,
			o->media, err);
		return 1;
	}
	if (dm->tcmu) {
		/* The kernel names the nodes: /dev/srN and /dev/sgN. */
		dm->tfronts[i] =
			tcmu_front_start(dm->drives[i], i, err, sizeof(err));
		if (!dm->tfronts[i]) {
			fprintf(stderr, "vburnd: drive %d: %s\n", i, err);
			return 1;
		}
		snprintf(dm->nodes[i], sizeof(dm->nodes[i]), "%s",
			 tcmu_front_sr(dm->tfronts[i]) + strlen("/dev/"));
		snprintf(dm->sg[i], sizeof(dm->sg[i]), "%s",
			 tcmu_front_sg(dm->tfronts[i]));
		return 0;
	}
	dm->fronts[i] =
		cuse_front_start(dm->drives[i], dm->nodes[i], err, sizeof(err));
	if (!dm->fronts[i]) {
		fprintf(stderr, "vburnd: drive %d: %s\n", i, err);
		return 1;
	}
	return 0;
}

static int start_ctl(struct daemon *dm, const struct opts *o)
{
	struct vb_ctl_access access = { 0 };
	char dir[PATH_MAX], err[256], *slash;
	struct group *gr;
	int i;

	/* The control server names drives by node path ("/dev/sr31"). */
	for (i = 0; i < dm->n; i++) {
		snprintf(dm->paths[i], sizeof(dm->paths[i]), "/dev/%s",
			 dm->nodes[i]);
		dm->path_ptrs[i] = dm->paths[i];
	}
	snprintf(dir, sizeof(dir), "%s", o->socket);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdirs(dir, 0755);
	}
	access.self = geteuid();
	gr = getgrnam(o->group[0] ? o->group : "cdrom");
	if (gr) {
		access.has_group = true;
		access.group = gr->gr_gid;
	}
	if (vb_ctl_start(dm->drives, dm->path_ptrs, dm->n, o->socket, &access,
			 err, sizeof(err))) {
		fprintf(stderr, "vburnd: control socket %s: %s\n", o->socket,
			err);
		return 1;
	}
	dm->ctl_started = true;
	return 0;
}

static void shutdown_all(struct daemon *dm)
{
	int i;

	if (dm->ctl_started)
		vb_ctl_stop();
	/* Front ends first: no command may reach a freed drive. */
	for (i = 0; i < dm->n; i++) {
		cuse_front_stop(dm->fronts[i]);
		dm->fronts[i] = NULL;
		tcmu_front_stop(dm->tfronts[i]);
		dm->tfronts[i] = NULL;
	}
	for (i = 0; i < dm->n; i++) {
		vb_drive_free(dm->drives[i]);
		dm->drives[i] = NULL;
	}
}

int main(int argc, char **argv)
{
	struct opts o = {
		.drives = 1, .frontend = "cuse", .media = "cd-r", .op_ms = 250
	};
	struct daemon dm = { .n = 0 };
	sigset_t sigs;
	char err[256];
	int ret, i, sig = 0, ready_fd = -1;

	ret = parse_args(&o, argc, argv);
	if (ret >= 0)
		return ret;
	if (o.verbose)
		vb_log_threshold = VB_LOG_DEBUG;
	dm.tcmu = !strcmp(o.frontend, "tcmu");
	if (dm.tcmu && o.node[0])
		return usage_error("%s", "--node applies to the cuse front end"
					 " only (the kernel names /dev/srN)");
	/* Fail before any image file is created. */
	if (dm.tcmu ? tcmu_front_check(err, sizeof(err)) :
		      cuse_front_check(err, sizeof(err))) {
		fprintf(stderr, "vburnd: %s\n", err);
		return 1;
	}
	default_paths(&o);
	ret = mkdirs(o.image_dir, 0755);
	if (ret) {
		fprintf(stderr, "vburnd: cannot create %s: %s\n", o.image_dir,
			strerror(-ret));
		return 1;
	}
	if (!dm.tcmu && pick_names(&o, dm.nodes))
		return 1;

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
	for (i = 0; i < o.drives && !ret; i++) {
		dm.n = i + 1;
		ret = start_drive(&dm, &o, i);
	}
	if (!ret)
		ret = start_ctl(&dm, &o);
	if (ret) {
		shutdown_all(&dm);
		daemon_ready(ready_fd, 1);
		return 1;
	}
	for (i = 0; i < dm.n; i++)
		printf("drive %d: /dev/%s%s%s\n", i, dm.nodes[i],
		       dm.sg[i][0] ? " " : "", dm.sg[i]);
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
