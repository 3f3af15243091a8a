/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburnctl: controls a running vburnd over its control socket
 * (docs/architecture.md's command-line contract; protocol in
 * include/vburn/ctl.h).
 *   vburnctl [--socket PATH] [--json] status [DRIVE]
 *   vburnctl [--socket PATH] [--json] blank DRIVE MEDIA [--capacity SIZE]
 *            [--output PATH] [--format FMT]
 *   vburnctl [--socket PATH] [--json] load DRIVE IMAGE [--writable]
 *   vburnctl [--socket PATH] [--json] eject DRIVE
 *   vburnctl --help | --version
 * Exit status: 0 success, 1 failure (one-line reason on stderr), 2 usage.
 * With --json every command prints one JSON object on stdout: the
 * status, or {"error": REASON} when it failed.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vburn/ctl.h"
#include "vburn/disc_json.h"
#include "vburn/textbuf.h"
#include "vburn/version.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vburnctl [--socket PATH] [--json] COMMAND\n"
		"  status [DRIVE]                 drives, media, sessions\n"
		"  blank DRIVE MEDIA [--capacity SIZE] [--output NAME]\n"
		"        [--format FMT]           insert a blank medium\n"
		"  load DRIVE IMAGE [--writable]  insert an image as a disc\n"
		"  eject DRIVE                    eject the medium\n"
		"  add-drive [--media MEDIA] [--format FMT]\n"
		"                                 a new drive (empty, or with "
		"a blank)\n"
		"  remove-drive DRIVE             remove a drive that is not "
		"recording\n"
		"  export DRIVE [--portal ADDR:PORT] [--allow IQN,...] "
		"[--auth FILE]\n"
		"                                 export over iSCSI (tcmu; "
		"default: vburnd's\n"
		"                                 --iscsi settings)\n"
		"  unexport DRIVE                 end the iSCSI export\n"
		"  --help, --version\n"
		"DRIVE is an index (0, 1, ...) or a device node path.\n"
		"MEDIA: cd-r cd-rw dvd-r dvd-rw dvd+r dvd+rw dvd+r-dl bd-r "
		"bd-re\n"
		"SIZE: bytes with an optional K, M or G suffix, or sectors "
		"with an s suffix (2048-byte sectors)\n"
		"NAME: the image's file name in vburnd's image directory\n");
}

/* SIZE to 2048-byte sectors; 0 on a malformed size. */
static unsigned long long parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || *s == '-' || errno)
		return 0;
	switch (*end) {
	case 's':
		return end[1] ? 0 : v;
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case '\0':
		break;
	default:
		return 0;
	}
	if (v > ULLONG_MAX >> shift)
		return 0;
	v <<= shift;
	if (*end && end[1] && strcmp(end + 1, "B") && strcmp(end + 1, "iB"))
		return 0;
	return v / 2048;
}

/* The reason a command failed: on stderr, and with --json as one object. */
static int failed(bool json, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int failed(bool json, const char *fmt, ...)
{
	struct fmt_text t = { 0 };
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "vburnctl: %s\n", msg);
	if (json) {
		fmt_printf(&t, "{\"error\": ");
		vb_json_str(&t, msg);
		fmt_printf(&t, "}\n");
		if (!t.err)
			fputs(t.s, stdout);
		free(t.s);
	}
	return 1;
}

/* Sends one request, prints the body; returns the exit status. */
static int request(const char *path, const char *line, bool json)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char buf[65536];
	size_t used = 0;
	ssize_t r;
	char *nl;
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return failed(json, "%s: socket path too long", path);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		r = failed(json, "cannot reach vburnd at %s: %s", path,
			   strerror(errno));
		if (fd >= 0)
			close(fd);
		return (int)r;
	}
	/*
	 * A peer vburnd refuses (SO_PEERCRED) answers and closes without
	 * reading the request: a write after that must not kill us with
	 * SIGPIPE, and the refusal is still there to be read.
	 */
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) !=
		    (ssize_t)strlen(line) &&
	    errno != EPIPE && errno != ECONNRESET) {
		r = failed(json, "%s: cannot send the request: %s", path,
			   strerror(errno));
		close(fd);
		return (int)r;
	}
	/* The status line first, then the body streamed to stdout. */
	while (used < sizeof(buf) - 1 &&
	       (r = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0)
		used += (size_t)r;
	buf[used] = '\0';
	nl = strchr(buf, '\n');
	if (!nl) {
		close(fd);
		return failed(json, "%s: no answer from vburnd", path);
	}
	*nl = '\0';
	if (strcmp(buf, "ok")) {
		close(fd);
		return failed(json, "%s",
			      strncmp(buf, "error\t", 6) ? buf : buf + 6);
	}
	fputs(nl + 1, stdout);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)r, stdout);
	close(fd);
	return 0;
}

/* Appends "\tword" to line; fails if it does not fit or has a tab. */
static int add_word(char *line, size_t len, const char *w)
{
	size_t used = strlen(line);

	if (strpbrk(w, "\t\n") || used + strlen(w) + 2 >= len)
		return -1;
	snprintf(line + used, len - used, "%s%s", used ? "\t" : "", w);
	return 0;
}

/* path made absolute against the current directory into buf; -1 if it
 * already is absolute or does not fit (then it is sent as given). */
static int absolute(const char *path, char *buf, size_t len)
{
	size_t n;

	if (path[0] == '/' || !getcwd(buf, len))
		return -1;
	n = strlen(buf);
	if (snprintf(buf + n, len - n, "/%s", path) >= (int)(len - n))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	enum {
		OPT_CAPACITY = 256,
		OPT_OUTPUT,
		OPT_FORMAT,
		OPT_WRITABLE,
		OPT_MEDIA,
		OPT_PORTAL,
		OPT_ALLOW,
		OPT_AUTH
	};
	static const struct option lopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "capacity", required_argument, NULL, OPT_CAPACITY },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "writable", no_argument, NULL, OPT_WRITABLE },
		{ "media", required_argument, NULL, OPT_MEDIA },
		{ "portal", required_argument, NULL, OPT_PORTAL },
		{ "allow", required_argument, NULL, OPT_ALLOW },
		{ "auth", required_argument, NULL, OPT_AUTH },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char sock[PATH_MAX], line[4096] = "", opt[PATH_MAX + 16];
	const char *capacity = NULL, *output = NULL, *format = NULL,
		   *media = NULL, *portal = NULL, *allow = NULL, *auth = NULL;
	bool json = false, writable = false;
	int c;

	vb_ctl_default_path(sock, sizeof(sock));
	/* GNU getopt permutes: options may come before or after the
	 * command words (vburnctl blank 0 cd-r --capacity 100M). */
	while ((c = getopt_long(argc, argv, "s:jh", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
			snprintf(sock, sizeof(sock), "%s", optarg);
			break;
		case 'j':
			json = true;
			break;
		case OPT_CAPACITY:
			capacity = optarg;
			break;
		case OPT_OUTPUT:
			output = optarg;
			break;
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_WRITABLE:
			writable = true;
			break;
		case OPT_MEDIA:
			media = optarg;
			break;
		case OPT_PORTAL:
			portal = optarg;
			break;
		case OPT_ALLOW:
			allow = optarg;
			break;
		case OPT_AUTH:
			auth = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return printf("vburnctl %s\n", VBURN_VERSION) < 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (json)
		add_word(line, sizeof(line), "json");
	for (int w = 0; optind < argc; optind++, w++) {
		const char *word = argv[optind];
		char abs[PATH_MAX];

		/* load DRIVE IMAGE: the daemon runs elsewhere, so the image
		 * goes as an absolute path. */
		if (w == 2 && !strcmp(argv[optind - 2], "load") &&
		    absolute(word, abs, sizeof(abs)) == 0)
			word = abs;
		if (add_word(line, sizeof(line), word) < 0) {
			fprintf(stderr, "vburnctl: argument too long\n");
			return 2;
		}
	}
	if (capacity) {
		unsigned long long s = parse_size(capacity);

		if (!s) {
			fprintf(stderr, "vburnctl: bad --capacity: %s\n",
				capacity);
			return 2;
		}
		snprintf(opt, sizeof(opt), "capacity=%llu", s);
		add_word(line, sizeof(line), opt);
	}
	if (writable)
		add_word(line, sizeof(line), "writable");
	if (output) {
		char abs[PATH_MAX];

		/* A bare name is a file in the image directory; a path
		 * goes absolute (the daemon runs elsewhere), and must lead
		 * into that directory. */
		if (strchr(output, '/') &&
		    absolute(output, abs, sizeof(abs)) == 0)
			output = abs;
		snprintf(opt, sizeof(opt), "output=%s", output);
		if (add_word(line, sizeof(line), opt) < 0) {
			fprintf(stderr, "vburnctl: --output too long\n");
			return 2;
		}
	}
	if (format) {
		snprintf(opt, sizeof(opt), "format=%s", format);
		add_word(line, sizeof(line), opt);
	}
	if (media) {
		snprintf(opt, sizeof(opt), "media=%s", media);
		add_word(line, sizeof(line), opt);
	}
	if (portal) {
		snprintf(opt, sizeof(opt), "portal=%s", portal);
		add_word(line, sizeof(line), opt);
	}
	if (allow) {
		snprintf(opt, sizeof(opt), "allow=%s", allow);
		if (add_word(line, sizeof(line), opt) < 0) {
			fprintf(stderr, "vburnctl: --allow too long\n");
			return 2;
		}
	}
	if (auth) {
		char abs[PATH_MAX];

		/* the daemon runs elsewhere: the file goes absolute */
		if (absolute(auth, abs, sizeof(abs)) == 0)
			auth = abs;
		snprintf(opt, sizeof(opt), "auth=%s", auth);
		if (add_word(line, sizeof(line), opt) < 0) {
			fprintf(stderr, "vburnctl: --auth too long\n");
			return 2;
		}
	}
	strncat(line, "\n", sizeof(line) - strlen(line) - 1);
	return request(sock, line, json);
}
