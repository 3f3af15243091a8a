/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburnd's options (docs/architecture.md command-line contract; issue 11): the
 * command line, and the config file given with -c, INI-style:
 *
 *     # every drive's defaults, and the daemon's own keys
 *     image-dir = /var/lib/vburn/images
 *     drives = 2
 *     [drive 1]
 *     media = dvd+r
 *     format = mds
 *
 * Keys are the long option names. A [drive N] section holds what one
 * drive may have of its own (frontend, node, image-dir, format, media)
 * and makes at least N+1 drives. The command line overrides the file: a
 * per-drive flag sets that value for every drive. A bad line is one error
 * naming the file and the line.
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "vburn/ctl.h"
#include "vburn/drive.h"
#include "vburn/version.h"

enum {
	OPT_DRIVES = 256,
	OPT_FRONTEND,
	OPT_NODE,
	OPT_IMAGE_DIR,
	OPT_FORMAT,
	OPT_MEDIA,
	OPT_ISCSI,
	OPT_ISCSI_ALLOW,
	OPT_ISCSI_AUTH,
	OPT_DEDUP,
	OPT_SOCKET,
	OPT_GROUP,
	OPT_USER,
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
	{ "iscsi", required_argument, NULL, OPT_ISCSI },
	{ "iscsi-allow", required_argument, NULL, OPT_ISCSI_ALLOW },
	{ "iscsi-auth", required_argument, NULL, OPT_ISCSI_AUTH },
	{ "dedup", optional_argument, NULL, OPT_DEDUP },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "user", required_argument, NULL, OPT_USER },
	{ "op-time", required_argument, NULL, OPT_OP_TIME },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char short_opts[] = "fc:vh";

/* Where a config line came from ("FILE:LINE"), while one is applied. */
static char cfg_where[PATH_MAX + 16];

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: vburnd [options]\n"
		"Virtual CD/DVD/BD writer: serves MMC drives whose burns are\n"
		"captured into image files.\n\n"
		"  -f, --foreground     do not daemonize\n"
		"  -c FILE              config file: key = value lines (long "
		"option names),\n"
		"                       [drive N] sections for one drive's "
		"frontend, node,\n"
		"                       image-dir, format, media and iscsi "
		"keys; flags\n"
		"                       override it\n"
		"      --drives N       number of drives (default 1)\n"
		"      --frontend LIST  cuse (default), tcmu, kmod (the "
		"vburn_hba module),\n"
		"                       or a comma list: each drive on each "
		"of them\n"
		"      --node NAME      device node name of drive 0 (default: "
		"free srN from sr31 down)\n"
		"      --image-dir DIR  where captured images go (default "
		"./images)\n"
		"      --format FMT     capture format: auto (default), iso,"
		" nrg, ccd, mds,\n"
		"                       cue, toc, chd\n"
		"      --media TYPE     blank inserted at start: cd-r (default)"
		", cd-rw, dvd-r,\n"
		"                       dvd-rw, dvd+r, dvd+rw, dvd+r-dl, bd-r, "
		"bd-re, none\n"
		"      --iscsi PORTAL   also export each drive over iSCSI on "
		"ADDR:PORT (tcmu)\n"
		"      --iscsi-allow IQN[,IQN...]  the initiators let in "
		"(required)\n"
		"      --dedup          with --format chd: each capture a child "
		"of the most\n"
		"                       similar earlier one in the image "
		"directory\n"
		"      --iscsi-auth FILE  CHAP credentials, lines of INITIATOR "
		"USER SECRET\n"
		"                       [MUTUAL-USER MUTUAL-SECRET]; "
		"mode 600\n"
		"      --socket PATH    control socket\n"
		"      --group NAME     who besides root and vburnd's user may "
		"use it\n"
		"                       (default cdrom, where it exists)\n"
		"      --user NAME      run as NAME once the devices and the "
		"socket exist\n"
		"                       (tcmu: a helper keeps root for "
		"configfs)\n"
		"      --op-time MS     how long BLANK, FORMAT UNIT and CLOSE "
		"report being\n"
		"                       busy (default 250, 0 = done at once)\n"
		"  -v, --verbose        debug log\n"
		"  -h, --help           this text\n"
		"      --version        print the version\n");
}

/* One line on stderr: "vburnd: FILE:LINE: ..." for a config line. */
static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vburnd: ");
	if (cfg_where[0])
		fprintf(stderr, "%s: ", cfg_where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, cfg_where[0] ? "\n" : "\nTry 'vburnd --help'.\n");
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

unsigned vb_frontends(const char *list)
{
	static const char *const names[] = { "cuse", "tcmu", "kmod" };
	unsigned mask = 0;
	const char *p = list;

	for (;;) {
		const size_t len = strcspn(p, ",");
		unsigned bit = 0;

		for (unsigned k = 0; k < 3; k++)
			if (len == strlen(names[k]) &&
			    !strncmp(p, names[k], len))
				bit = 1u << k;
		if (!bit || (mask & bit))
			return 0;
		mask |= bit;
		if (!p[len])
			return mask;
		p += len + 1;
	}
}

static bool per_drive(int id)
{
	return id >= OPT_FRONTEND && id <= OPT_DEDUP;
}

/* Applies a key one drive may have of its own to dc. Returns 0 or 2. */
static int apply_drive(struct vb_drive_cfg *dc, int id, const char *v)
{
	switch (id) {
	case OPT_FRONTEND:
		if (!vb_frontends(v))
			return usage_error(
				"bad front end list '%s' (cuse, tcmu, "
				"kmod, or a comma list of them)",
				v);
		return copy_arg(dc->frontend, sizeof(dc->frontend), v,
				"--frontend");
	case OPT_NODE:
		if (!*v || strchr(v, '/') || strchr(v, ':') || strchr(v, ','))
			return usage_error("bad node name '%s'", v);
		return copy_arg(dc->node, sizeof(dc->node), v, "--node");
	case OPT_IMAGE_DIR:
		if (!*v)
			return usage_error("empty --image-dir");
		return copy_arg(dc->image_dir, sizeof(dc->image_dir), v,
				"--image-dir");
	case OPT_FORMAT:
		if (!vb_drive_format_ok(v))
			return usage_error("unknown capture format '%s' (auto, "
					   "iso, nrg, ccd, mds, cue, toc, chd)",
					   v);
		return copy_arg(dc->format, sizeof(dc->format), v, "--format");
	case OPT_ISCSI:
		if (!*v || strchr(v, ' ') || strchr(v, '/'))
			return usage_error("bad --iscsi portal '%s' "
					   "(ADDR:PORT, [IPv6]:PORT)",
					   v);
		return copy_arg(dc->iscsi, sizeof(dc->iscsi), v, "--iscsi");
	case OPT_ISCSI_ALLOW:
		if (!*v || strchr(v, ' '))
			return usage_error("bad --iscsi-allow list '%s'", v);
		return copy_arg(dc->iscsi_allow, sizeof(dc->iscsi_allow), v,
				"--iscsi-allow");
	case OPT_DEDUP: {
		bool b = true;

		if (v && !parse_bool(v, &b))
			return usage_error("--dedup wants yes or no, not '%s'",
					   v);
		return copy_arg(dc->dedup, sizeof(dc->dedup), b ? "yes" : "no",
				"--dedup");
	}
	case OPT_ISCSI_AUTH:
		if (!*v)
			return usage_error("empty --iscsi-auth");
		return copy_arg(dc->iscsi_auth, sizeof(dc->iscsi_auth), v,
				"--iscsi-auth");
	default: /* OPT_MEDIA */
		if (strcmp(v, "none") && vb_media_parse(v) < 0)
			return usage_error("unknown media type '%s'", v);
		return copy_arg(dc->media, sizeof(dc->media), v, "--media");
	}
}

/* Applies one option by its id (getopt value). Returns 0 or 2. */
static int apply(struct vb_opts *o, int id, const char *v)
{
	char *end;
	long n;

	if (per_drive(id))
		return apply_drive(&o->all, id, v);
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
		if (errno || *end || end == v || n < 1 || n > VB_MAX_DRIVES)
			return usage_error("--drives wants 1..32, not '%s'", v);
		o->drives = (int)n;
		return 0;
	case OPT_SOCKET:
		return copy_arg(o->socket, sizeof(o->socket), v, "--socket");
	case OPT_GROUP:
		if (!getgrnam(v))
			return usage_error("no such group '%s'", v);
		return copy_arg(o->group, sizeof(o->group), v, "--group");
	case OPT_USER:
		if (!getpwnam(v))
			return usage_error("no such user '%s'", v);
		return copy_arg(o->user, sizeof(o->user), v, "--user");
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

/* "[drive N]": the section's drive index into *sect. Returns 0 or 2. */
static int section(char *line, int *sect, bool *seen)
{
	char *end;
	long n;

	if (strncmp(line, "[drive ", 7) || line[strlen(line) - 1] != ']')
		return usage_error("expected '[drive N]'");
	line[strlen(line) - 1] = 0;
	errno = 0;
	n = strtol(line + 7, &end, 10);
	if (errno || *end || end == line + 7 || n < 0 || n >= VB_MAX_DRIVES)
		return usage_error("[drive N] wants N in 0..31, not '%s'",
				   line + 7);
	if (seen[n])
		return usage_error("a second [drive %ld] section", n);
	seen[n] = true;
	*sect = (int)n;
	return 0;
}

/*
 * One line of the config file; *sect is the current [drive N] section
 * (-1 before any). Returns 0 or 2.
 */
static int config_line(struct vb_opts *o, char *line, int *sect, bool *seen)
{
	const struct option *lo;
	char *key, *val, *eq;
	bool b;

	key = trim(line);
	if (!*key || *key == '#' || *key == ';')
		return 0;
	if (*key == '[')
		return section(key, sect, seen);
	eq = strchr(key, '=');
	if (!eq)
		return usage_error("expected 'key = value' or '[drive N]'");
	*eq = 0;
	key = trim(key);
	val = trim(eq + 1);
	for (lo = long_opts; lo->name; lo++) {
		if (strcmp(lo->name, key) || lo->val == 'h' || lo->val == 'c' ||
		    lo->val == OPT_VERSION)
			continue;
		if (*sect >= 0 && !per_drive(lo->val))
			return usage_error(
				"%s is not a drive's own key (frontend, "
				"node, image-dir, format, media, iscsi, "
				"iscsi-allow, iscsi-auth, dedup); set it "
				"before "
				"the first [drive N]",
				key);
		if (*sect >= 0)
			return apply_drive(&o->drive[*sect], lo->val, val);
		if (lo->has_arg != no_argument)
			return apply(o, lo->val, val);
		if (!parse_bool(val, &b))
			return usage_error("%s wants yes or no", key);
		if (b)
			return apply(o, lo->val, NULL);
		if (lo->val == 'f')
			o->foreground = false;
		else
			o->verbose = false;
		return 0;
	}
	return usage_error("unknown key '%s'", key);
}

static int load_config(struct vb_opts *o, const char *path, bool *seen)
{
	char line[PATH_MAX + 64];
	int lineno = 0, ret = 0, sect = -1;
	FILE *fp;

	fp = fopen(path, "re");
	if (!fp) {
		fprintf(stderr, "vburnd: cannot read %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	while (!ret && fgets(line, sizeof(line), fp)) {
		snprintf(cfg_where, sizeof(cfg_where), "%s:%d", path, ++lineno);
		if (!strchr(line, '\n') && !feof(fp))
			ret = usage_error("line too long");
		else
			ret = config_line(o, line, &sect, seen);
	}
	cfg_where[0] = 0;
	fclose(fp);
	return ret;
}

static void set_if_unset(char *dst, size_t len, const char *v, bool force)
{
	if (force || !dst[0])
		snprintf(dst, len, "%s", v);
}

/* A path made absolute: daemons chdir to /. Returns 0 or 2. */
static int absolute_dir(char *dir, size_t len)
{
	char cwd[PATH_MAX], abs[PATH_MAX];

	if (dir[0] == '/')
		return 0;
	if (!getcwd(cwd, sizeof(cwd)) ||
	    snprintf(abs, sizeof(abs), "%s/%s", cwd, dir) >= (int)sizeof(abs) ||
	    strlen(abs) >= len)
		return usage_error("image directory %s: path too long", dir);
	memcpy(dir, abs, strlen(abs) + 1);
	return 0;
}

/* The iSCSI keys of drive i agree with each other and its front end:
 * nobody is let in without an allow list (design.md). 0 or 2. */
static int check_iscsi(const struct vb_drive_cfg *dc, int i)
{
	if (!dc->iscsi[0] && (dc->iscsi_allow[0] || dc->iscsi_auth[0]))
		return usage_error("drive %d: --iscsi-allow and --iscsi-auth "
				   "need --iscsi PORTAL",
				   i);
	if (!dc->iscsi[0])
		return 0;
	if (!(vb_frontends(dc->frontend) & VB_FRONT_TCMU))
		return usage_error("drive %d: --iscsi exports the tcmu front "
				   "end's backstore: add tcmu to --frontend",
				   i);
	if (!dc->iscsi_allow[0])
		return usage_error("drive %d: --iscsi needs --iscsi-allow "
				   "IQN[,IQN...] (nobody is let in without "
				   "one)",
				   i);
	return 0;
}

/*
 * Each drive's values: its section's, else the global ones (a flag on
 * the command line wins over both); drive 0's node may also come from
 * the global node key. One front end for all drives (for now).
 */
static int resolve(struct vb_opts *o, const bool *seen, unsigned flags)
{
	for (int i = 0; i < VB_MAX_DRIVES; i++)
		if (seen[i] && i + 1 > o->drives)
			o->drives = i + 1;
	for (int i = 0; i < o->drives; i++) {
		struct vb_drive_cfg *dc = &o->drive[i];

		set_if_unset(dc->frontend, sizeof(dc->frontend),
			     o->all.frontend, flags & 1u << 0);
		if (i == 0)
			set_if_unset(dc->node, sizeof(dc->node), o->all.node,
				     flags & 1u << 1);
		set_if_unset(dc->image_dir, sizeof(dc->image_dir),
			     o->all.image_dir, flags & 1u << 2);
		set_if_unset(dc->format, sizeof(dc->format), o->all.format,
			     flags & 1u << 3);
		set_if_unset(dc->media, sizeof(dc->media), o->all.media,
			     flags & 1u << 4);
		set_if_unset(dc->iscsi, sizeof(dc->iscsi), o->all.iscsi,
			     flags & 1u << 5);
		set_if_unset(dc->iscsi_allow, sizeof(dc->iscsi_allow),
			     o->all.iscsi_allow, flags & 1u << 6);
		set_if_unset(dc->iscsi_auth, sizeof(dc->iscsi_auth),
			     o->all.iscsi_auth, flags & 1u << 7);
		set_if_unset(dc->dedup, sizeof(dc->dedup), o->all.dedup,
			     flags & 1u << 8);
		if (!strcmp(dc->dedup, "yes") && strcmp(dc->format, "chd"))
			return usage_error("drive %d: --dedup needs --format "
					   "chd (only CHD images have parents)",
					   i);
		if (absolute_dir(dc->image_dir, sizeof(dc->image_dir)) ||
		    (dc->iscsi_auth[0] &&
		     absolute_dir(dc->iscsi_auth, sizeof(dc->iscsi_auth))))
			return 2;
		if (check_iscsi(dc, i))
			return 2;
		if (strcmp(dc->frontend, o->drive[0].frontend))
			return usage_error("drive %d's front end %s differs "
					   "from drive 0's %s: one front end "
					   "serves all drives",
					   i, dc->frontend,
					   o->drive[0].frontend);
		if (!(vb_frontends(dc->frontend) & VB_FRONT_CUSE) &&
		    dc->node[0])
			return usage_error("drive %d: node applies to the cuse "
					   "front end only (the kernel names "
					   "/dev/srN)",
					   i);
	}
	if (!o->socket[0]) /* shared with vburnctl, so that both agree */
		vb_ctl_default_path(o->socket, sizeof(o->socket));
	return -1;
}

/*
 * Two passes over argv: the first only finds -c (and --help/--version),
 * so that the command line overrides the config file in the second.
 */
int vb_opts_parse(struct vb_opts *o, int argc, char **argv)
{
	bool seen[VB_MAX_DRIVES] = { false };
	const char *config = NULL;
	unsigned flags = 0; /* per-drive keys given as flags, by bit */
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->drives = 1;
	o->op_ms = 250;
	snprintf(o->all.frontend, sizeof(o->all.frontend), "cuse");
	snprintf(o->all.media, sizeof(o->all.media), "cd-r");
	snprintf(o->all.image_dir, sizeof(o->all.image_dir), "images");
	optind = 0; /* GNU: full re-initialisation (tests parse again) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		if (c == 'c') {
			config = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == OPT_VERSION) {
			printf("vburnd %s\n", VBURN_VERSION);
			return 0;
		}
	}
	if (config) {
		ret = load_config(o, config, seen);
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
		if (per_drive(c))
			flags |= 1u << (c - OPT_FRONTEND);
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return resolve(o, seen, flags);
}
