/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img ls and get: the files of an image without FUSE (containers,
 * CI), from the tree tools/fs.h opens.
 *
 *   ls IMAGE [PATH] [--session N] [-l] [--json] [TREE]
 *   get IMAGE PATH... DEST [--session N] [TREE]
 *   TREE: --joliet, --rockridge, --plain (ISO 9660) or --udf
 *
 * get copies each PATH (a file, a symbolic link or a whole directory)
 * into the directory DEST, keeping permission bits and modification
 * times. Nothing is ever written outside DEST: every file is created
 * relative to a directory descriptor with O_NOFOLLOW, and a name that is
 * empty, "." or "..", or holds a "/" (a damaged or hostile volume) is
 * skipped with a warning. Device nodes, FIFOs and sockets are skipped
 * with a warning too (they need privileges and hold no data).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "img_cmd.h"
#include "vburn/disc_json.h"
#include "vburn/textbuf.h"

#define COPY_CHUNK (1u << 20)
#define MAX_DEPTH 256 /* deeper is a damaged volume, not a real tree */

/* Options both commands take besides the tree choice. */
struct files_opts {
	struct fs_choice c;
	bool longfmt, json;
};

int img_cmd_open_tree(const char *path, const struct fs_choice *c,
		      struct fs **fs)
{
	struct vb_disc *d;
	char err[256];
	int r;

	if (img_cmd_open(path, &d))
		return 1;
	r = fs_open(d, path, c->session, c->tree, fs, err, sizeof(err));
	vb_disc_unref(d);
	if (r)
		return img_cmd_fail("%s: %s", path, err);
	return 0;
}

static const char *type_name(mode_t m)
{
	return S_ISDIR(m)  ? "dir" :
	       S_ISREG(m)  ? "file" :
	       S_ISLNK(m)  ? "symlink" :
	       S_ISBLK(m)  ? "block" :
	       S_ISCHR(m)  ? "char" :
	       S_ISFIFO(m) ? "fifo" :
	       S_ISSOCK(m) ? "socket" :
			     "other";
}

/* ---- ls ---- */

struct ls_state {
	const struct files_opts *o;
	struct fmt_text json;
	unsigned n;
};

static void ls_mode_string(mode_t m, char s[11])
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = S_ISDIR(m)  ? 'd' :
	       S_ISLNK(m)  ? 'l' :
	       S_ISBLK(m)  ? 'b' :
	       S_ISCHR(m)  ? 'c' :
	       S_ISFIFO(m) ? 'p' :
	       S_ISSOCK(m) ? 's' :
			     '-';
	for (int i = 0; i < 9; i++)
		s[1 + i] = m & (0400u >> i) ? rwx[i] : '-';
	s[10] = 0;
}

static int ls_one(void *ctx, struct fs_node *n)
{
	struct ls_state *st = ctx;
	const char *target = fs_link_target(n);
	struct fs_stat s;

	fs_stat(n, &s);
	if (st->o->json) {
		fmt_printf(&st->json, "%s{\"name\": ", st->n ? ", " : "");
		vb_json_str(&st->json, fs_name(n));
		fmt_printf(&st->json,
			   ", \"type\": \"%s\", \"mode\": %u, \"nlink\": %lu"
			   ", \"uid\": %u, \"gid\": %u, \"size\": %llu"
			   ", \"mtime\": %lld",
			   type_name(s.mode), (unsigned)(s.mode & 07777),
			   (unsigned long)s.nlink, (unsigned)s.uid,
			   (unsigned)s.gid, (unsigned long long)s.size,
			   (long long)s.mtime);
		if (target) {
			fmt_printf(&st->json, ", \"target\": ");
			vb_json_str(&st->json, target);
		}
		if (S_ISBLK(s.mode) || S_ISCHR(s.mode))
			fmt_printf(&st->json, ", \"major\": %u, \"minor\": %u",
				   major(s.rdev), minor(s.rdev));
		fmt_printf(&st->json, "}");
	} else if (st->o->longfmt) {
		char mode[11], when[32];
		struct tm tm;

		ls_mode_string(s.mode, mode);
		gmtime_r(&s.mtime, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%s %3lu %5u %5u %12llu %s %s%s%s\n", mode,
		       (unsigned long)s.nlink, (unsigned)s.uid, (unsigned)s.gid,
		       (unsigned long long)s.size, when, fs_name(n),
		       target ? " -> " : "", target ? target : "");
	} else {
		printf("%s\n", fs_name(n));
	}
	st->n++;
	return 0;
}

int img_cmd_ls(int argc, char **argv)
{
	struct files_opts o = { 0 };
	const char *image = NULL, *path = "/";
	struct ls_state st = { .o = &o };
	struct fs_node *n;
	struct fs *fs;
	int i, r, npos = 0;

	for (i = 0; i < argc; i++) {
		r = fs_choice_arg(argc, argv, &i, &o.c);
		if (r < 0)
			return img_cmd_usage();
		if (r)
			continue;
		if (!strcmp(argv[i], "-l"))
			o.longfmt = true;
		else if (!strcmp(argv[i], "--json"))
			o.json = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return img_cmd_usage();
		else if (npos++ == 0)
			image = argv[i];
		else if (npos == 2)
			path = argv[i];
		else
			return img_cmd_usage();
	}
	if (!image)
		return img_cmd_usage();
	if (img_cmd_open_tree(image, &o.c, &fs))
		return 1;
	r = fs_lookup(fs, path, &n);
	if (r) {
		fs_close(fs);
		return img_cmd_fail("%s: %s: %s", image, path, strerror(-r));
	}
	if (o.json) {
		fmt_printf(&st.json, "{\"image\": ");
		vb_json_str(&st.json, image);
		fmt_printf(&st.json, ", \"session\": %u, \"tree\": \"%s\"",
			   fs_session(fs), fs_tree_name(fs));
		fmt_printf(&st.json, ", \"path\": ");
		vb_json_str(&st.json, path);
		fmt_printf(&st.json, ", \"entries\": [");
	}
	/* a directory lists its children, anything else itself (as ls) */
	r = fs_each_child(n, ls_one, &st);
	if (r == -ENOTDIR)
		r = ls_one(&st, n);
	if (o.json) {
		fmt_printf(&st.json, "]}\n");
		if (st.json.err)
			r = st.json.err;
		else
			fputs(st.json.s, stdout);
		free(st.json.s);
	}
	fs_close(fs);
	if (r)
		return img_cmd_fail("%s: %s", image, strerror(-r));
	return fflush(stdout) ? img_cmd_fail("stdout: %s", strerror(errno)) : 0;
}

/* ---- get ---- */

struct get_state {
	struct fs *fs;
	const char *image;
	int dirfd; /* where the current directory's children go */
	unsigned depth;
	unsigned warnings;
	uint8_t *buf;
};

static void get_warn(struct get_state *g, const char *what, const char *name)
{
	fprintf(stderr, "vburn-img: %s: warning: %s \"%s\" skipped\n", g->image,
		what, name);
	g->warnings++;
}

/* Sets permission bits and times (mtime; atime as recorded) of name. */
static int get_attrs(int dirfd, const char *name, const struct fs_stat *s,
		     bool link)
{
	const struct timespec ts[2] = { { .tv_sec = s->atime },
					{ .tv_sec = s->mtime } };

	if (!link && fchmodat(dirfd, name, s->mode & 07777, 0) < 0)
		return -errno;
	if (utimensat(dirfd, name, ts, link ? AT_SYMLINK_NOFOLLOW : 0) < 0)
		return -errno;
	return 0;
}

static int get_file(struct get_state *g, struct fs_node *n, const char *name,
		    const struct fs_stat *s)
{
	uint64_t off = 0;
	int fd, r = 0;

	fd = openat(g->dirfd, name,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return -errno;
	while (off < s->size && !r) {
		const ssize_t got = fs_read(g->fs, n, g->buf, COPY_CHUNK, off);

		if (got <= 0) {
			r = got < 0 ? (int)got : -EIO;
			break;
		}
		for (ssize_t w = 0; w < got && !r;) {
			const ssize_t k =
				write(fd, g->buf + w, (size_t)(got - w));

			if (k < 0)
				r = -errno;
			else
				w += k;
		}
		off += (uint64_t)got;
	}
	if (close(fd) < 0 && !r)
		r = -errno;
	return r ? r : get_attrs(g->dirfd, name, s, false);
}

static int get_node(void *ctx, struct fs_node *n);

static int get_dir(struct get_state *g, struct fs_node *n, const char *name,
		   const struct fs_stat *s)
{
	const int parent = g->dirfd;
	int fd, r;

	if (g->depth >= MAX_DEPTH) {
		get_warn(g, "directory nested too deep", name);
		return 0;
	}
	if (mkdirat(parent, name, 0700) < 0 && errno != EEXIST)
		return -errno;
	/* an existing symbolic link is not followed out of DEST */
	fd = openat(parent, name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	g->dirfd = fd;
	g->depth++;
	r = fs_each_child(n, get_node, g);
	g->depth--;
	g->dirfd = parent;
	close(fd);
	return r ? r : get_attrs(parent, name, s, false);
}

static int get_node(void *ctx, struct fs_node *n)
{
	struct get_state *g = ctx;
	const char *name = fs_name(n);
	struct fs_stat s;
	int r;

	if (!fs_name_safe(name)) {
		get_warn(g, "unsafe name", name);
		return 0;
	}
	fs_stat(n, &s);
	if (S_ISDIR(s.mode)) {
		r = get_dir(g, n, name, &s);
	} else if (S_ISREG(s.mode)) {
		r = get_file(g, n, name, &s);
	} else if (S_ISLNK(s.mode)) {
		if (symlinkat(fs_link_target(n), g->dirfd, name) < 0)
			r = -errno;
		else
			r = get_attrs(g->dirfd, name, &s, true);
	} else {
		get_warn(g, type_name(s.mode), name);
		return 0;
	}
	if (r)
		fprintf(stderr, "vburn-img: %s: %s: %s\n", g->image, name,
			strerror(-r));
	return r;
}

int img_cmd_get(int argc, char **argv)
{
	struct files_opts o = { 0 };
	const char *image = NULL, *dest = NULL;
	const char **paths = calloc((size_t)argc + 1, sizeof(*paths));
	struct get_state g = { 0 };
	int i, r = 0, npaths = 0;

	if (!paths)
		return img_cmd_fail("out of memory");
	for (i = 0; i < argc; i++) {
		r = fs_choice_arg(argc, argv, &i, &o.c);
		if (r < 0 || (!r && argv[i][0] == '-' && argv[i][1])) {
			free(paths);
			return img_cmd_usage();
		}
		if (r)
			continue;
		if (!image)
			image = argv[i];
		else
			paths[npaths++] = argv[i];
	}
	r = 0;
	if (!image || npaths < 2) {
		free(paths);
		return img_cmd_usage();
	}
	dest = paths[--npaths];
	if (mkdir(dest, 0777) < 0 && errno != EEXIST) {
		free(paths);
		return img_cmd_fail("%s: %s", dest, strerror(errno));
	}
	g.dirfd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	g.buf = malloc(COPY_CHUNK);
	if (g.dirfd < 0 || !g.buf) {
		r = img_cmd_fail("%s: %s", dest, strerror(errno));
		goto out;
	}
	g.image = image;
	if (img_cmd_open_tree(image, &o.c, &g.fs)) {
		r = 1;
		goto out;
	}
	for (i = 0; i < npaths && !r; i++) {
		struct fs_node *n;
		const int e = fs_lookup(g.fs, paths[i], &n);

		if (e) {
			r = img_cmd_fail("%s: %s: %s", image, paths[i],
					 strerror(-e));
		} else if (!fs_name(n)[0]) {
			/* the root: its children go into DEST itself */
			r = fs_each_child(n, get_node, &g) ? 1 : 0;
		} else {
			r = get_node(&g, n) ? 1 : 0;
		}
	}
	fs_close(g.fs);
out:
	if (g.dirfd >= 0)
		close(g.dirfd);
	free(g.buf);
	free(paths);
	return r;
}
