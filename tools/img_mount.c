/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img mount IMAGE DIR [--session N]
 * [--joliet|--rockridge|--plain|--udf] [-f]: the files of an image as a read-only FUSE file system, for an
 * ordinary user where /dev/fuse is usable (libfuse goes through the
 * setuid fusermount3 otherwise). `fusermount3 -u DIR` or SIGTERM
 * unmounts; without -f it goes to the background once mounted.
 *
 * The tree (tools/fs.h) is walked once at mount time and every node gets
 * an inode number: a directory's children get consecutive numbers, so a
 * lookup scans its parent's range and readdir walks it. Names a kernel
 * cannot take ("", ".", "..", or with a "/", on a damaged volume) are left
 * out with a warning. The low-level API keeps the numbers stable, and the
 * loop is single-threaded: libisofs takes no locks. Files never change,
 * so the kernel may keep their pages cached (keep_cache) and attributes
 * for long.
 */
#define FUSE_USE_VERSION 31 /* libfuse 3.14 defaults to 29 otherwise */

#include <dirent.h>
#include <errno.h>
#include <fuse_lowlevel.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "img_cmd.h"

#define MAX_DEPTH 256 /* deeper is a damaged volume */
#define MAX_NODES (16u << 20)
#define CACHE_SECONDS 86400.0 /* the image does not change under us */

struct mnode {
	struct fs_node *node;
	fuse_ino_t parent;
	fuse_ino_t first; /* children: inode numbers first..first+count-1 */
	uint32_t count;
};

/*
 * The st_ino a node shows: hard links (fs_file_key, the same data) show
 * one, from the key, above every table number; anything else its table
 * number.
 */
#define LINK_INO_BASE (1ull << 40)

struct mount_state {
	struct fs *fs;
	const char *image;
	struct mnode *n; /* n[ino - 1]; ino 1 is the root (FUSE_ROOT_ID) */
	size_t len, cap;
	unsigned warnings;
};

/* ---- the inode table ---- */

static int table_add(struct mount_state *m, struct fs_node *node,
		     fuse_ino_t parent)
{
	if (m->len == m->cap) {
		const size_t cap = m->cap ? m->cap * 2 : 1024;
		struct mnode *n;

		if (cap > MAX_NODES)
			return -EFBIG;
		n = realloc(m->n, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		m->n = n;
		m->cap = cap;
	}
	m->n[m->len++] = (struct mnode){ .node = node, .parent = parent };
	return 0;
}

struct add_ctx {
	struct mount_state *m;
	fuse_ino_t parent;
};

static int add_child(void *ctx, struct fs_node *child)
{
	struct add_ctx *a = ctx;
	const char *name = fs_name(child);

	if (!fs_name_safe(name)) {
		fprintf(stderr,
			"vburn-img: %s: warning: unsafe name \"%s\" "
			"left out\n",
			a->m->image, name);
		a->m->warnings++;
		return 0;
	}
	return table_add(a->m, child, a->parent);
}

/* Numbers the children of ino, then theirs (depth-limited). */
static int table_fill(struct mount_state *m, fuse_ino_t ino, unsigned depth)
{
	struct add_ctx a = { m, ino };
	const size_t first = m->len;
	struct fs_stat st;
	int r;

	fs_stat(m->n[ino - 1].node, &st);
	if (!S_ISDIR(st.mode))
		return 0;
	if (depth >= MAX_DEPTH) {
		fprintf(stderr,
			"vburn-img: %s: warning: directories nested "
			"deeper than %d left out\n",
			m->image, MAX_DEPTH);
		m->warnings++;
		return 0;
	}
	r = fs_each_child(m->n[ino - 1].node, add_child, &a);
	if (r)
		return r;
	m->n[ino - 1].first = first + 1;
	m->n[ino - 1].count = (uint32_t)(m->len - first);
	for (size_t i = first; i < m->len && !r; i++)
		r = table_fill(m, i + 1, depth + 1);
	return r;
}

static struct mount_state *state(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

static const struct mnode *node_of(struct mount_state *m, fuse_ino_t ino)
{
	return ino >= 1 && ino <= m->len ? &m->n[ino - 1] : NULL;
}

static void attr_of(struct mount_state *m, fuse_ino_t ino, struct stat *s)
{
	struct fs_stat st;

	fs_stat(m->n[ino - 1].node, &st);
	memset(s, 0, sizeof(*s));
	s->st_ino = fs_file_key(m->n[ino - 1].node) ?
			    LINK_INO_BASE + fs_file_key(m->n[ino - 1].node) :
			    ino;
	s->st_mode = st.mode;
	s->st_nlink = st.nlink;
	s->st_uid = st.uid;
	s->st_gid = st.gid;
	s->st_size = (off_t)st.size;
	s->st_blksize = 2048;
	s->st_blocks = (blkcnt_t)((st.size + 511) / 512);
	s->st_rdev = st.rdev;
	s->st_mtim.tv_sec = st.mtime;
	s->st_atim.tv_sec = st.atime;
	s->st_ctim.tv_sec = st.ctime;
}

/* ---- operations ---- */

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct mount_state *m = state(req);
	const struct mnode *p = node_of(m, parent);
	struct fuse_entry_param e = { .attr_timeout = CACHE_SECONDS,
				      .entry_timeout = CACHE_SECONDS };

	if (!p) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	for (uint32_t i = 0; i < p->count; i++) {
		const fuse_ino_t ino = p->first + i;

		if (!strcmp(fs_name(m->n[ino - 1].node), name)) {
			e.ino = ino;
			attr_of(m, ino, &e.attr);
			fuse_reply_entry(req, &e);
			return;
		}
	}
	fuse_reply_err(req, ENOENT);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	struct mount_state *m = state(req);
	struct stat s;

	(void)fi;
	if (!node_of(m, ino)) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	attr_of(m, ino, &s);
	fuse_reply_attr(req, &s, CACHE_SECONDS);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct mount_state *m = state(req);
	const struct mnode *n = node_of(m, ino);
	const char *t = n ? fs_link_target(n->node) : NULL;

	if (t)
		fuse_reply_readlink(req, t);
	else
		fuse_reply_err(req, EINVAL);
}

/* The node open or opendir asks for, when it is (dir) or is not a
 * directory; else the error is the reply and NULL. */
static const struct mnode *open_node(fuse_req_t req, fuse_ino_t ino, bool dir)
{
	const struct mnode *n = node_of(state(req), ino);
	struct fs_stat st;

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return NULL;
	}
	fs_stat(n->node, &st);
	if (!S_ISDIR(st.mode) != !dir) {
		fuse_reply_err(req, dir ? ENOTDIR : EISDIR);
		return NULL;
	}
	return n;
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (!open_node(req, ino, false))
		return;
	if ((fi->flags & O_ACCMODE) != O_RDONLY) {
		fuse_reply_err(req, EROFS);
		return;
	}
	fi->keep_cache = 1;
	fuse_reply_open(req, fi);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct mount_state *m = state(req);
	const struct mnode *n = node_of(m, ino);
	char *buf;
	ssize_t got;

	(void)fi;
	if (!n || off < 0) {
		fuse_reply_err(req, n ? EINVAL : ENOENT);
		return;
	}
	buf = malloc(size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	got = fs_read(m->fs, n->node, buf, size, (uint64_t)off);
	if (got < 0)
		fuse_reply_err(req, (int)-got);
	else
		fuse_reply_buf(req, buf, (size_t)got);
	free(buf);
}

static void op_opendir(fuse_req_t req, fuse_ino_t ino,
		       struct fuse_file_info *fi)
{
	if (!open_node(req, ino, true))
		return;
	fi->cache_readdir = 1;
	fi->keep_cache = 1;
	fuse_reply_open(req, fi);
}

/* Entry k of directory p: ".", "..", then the children. */
static const char *dir_entry(struct mount_state *m, const struct mnode *p,
			     fuse_ino_t self, off_t k, struct stat *s)
{
	fuse_ino_t ino;

	if (k == 0)
		ino = self;
	else if (k == 1)
		ino = p->parent ? p->parent : self;
	else
		ino = p->first + (fuse_ino_t)(k - 2);
	attr_of(m, ino, s);
	return k == 0 ? "." : k == 1 ? ".." : fs_name(m->n[ino - 1].node);
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct mount_state *m = state(req);
	const struct mnode *p = node_of(m, ino);
	char *buf;
	size_t used = 0;

	(void)fi;
	if (!p) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	buf = malloc(size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	for (off_t k = off; k < (off_t)p->count + 2; k++) {
		struct stat s;
		const char *name = dir_entry(m, p, ino, k, &s);
		const size_t need = fuse_add_direntry(
			req, buf + used, size - used, name, &s, k + 1);

		if (need > size - used)
			break;
		used += need;
	}
	fuse_reply_buf(req, buf, used);
	free(buf);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct mount_state *m = state(req);
	struct statvfs v = { .f_bsize = 2048,
			     .f_frsize = 2048,
			     .f_namemax = 255 };

	(void)ino;
	v.f_files = m->len;
	fuse_reply_statfs(req, &v);
}

static const struct fuse_lowlevel_ops mount_ops = {
	.lookup = op_lookup,
	.getattr = op_getattr,
	.readlink = op_readlink,
	.open = op_open,
	.read = op_read,
	.opendir = op_opendir,
	.readdir = op_readdir,
	.statfs = op_statfs,
};

/* ---- the command ---- */

/* 0 if dir is an empty directory, else a one-line reason (1). */
static int check_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return img_cmd_fail("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	if (n)
		return img_cmd_fail("%s: not an empty directory", dir);
	return 0;
}

static int mount_loop(struct mount_state *m, const char *dir, bool fg)
{
	char fsname[PATH_MAX + 32];
	char *argv[] = { (char *)"vburn-img", (char *)"-o", NULL, NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct fuse_session *se;
	int r = 1;

	/* the kernel checks modes and owners (Rock Ridge's) itself */
	snprintf(fsname, sizeof(fsname),
		 "ro,default_permissions,subtype=vburn,fsname=%s", m->image);
	if (strchr(m->image, ','))
		snprintf(fsname, sizeof(fsname),
			 "ro,default_permissions,subtype=vburn");
	argv[2] = fsname;
	se = fuse_session_new(&args, &mount_ops, sizeof(mount_ops), m);
	if (!se)
		return img_cmd_fail("%s: cannot start FUSE", m->image);
	if (fuse_set_signal_handlers(se) != 0) {
		fuse_session_destroy(se);
		return img_cmd_fail("cannot set signal handlers");
	}
	if (fuse_session_mount(se, dir) != 0) {
		img_cmd_fail("%s: cannot mount (is FUSE available? /dev/fuse "
			     "or fusermount3 missing or not permitted)",
			     dir);
		goto out;
	}
	/* the image stays open across the fork; fuse_daemonize also
	 * changes to "/", so every path was resolved before */
	if (fuse_daemonize(fg) == 0)
		r = fuse_session_loop(se) < 0;
	fuse_session_unmount(se);
out:
	fuse_remove_signal_handlers(se);
	fuse_session_destroy(se);
	fuse_opt_free_args(&args);
	return r;
}

int img_cmd_mount(int argc, char **argv)
{
	struct mount_state m = { 0 };
	const char *image = NULL, *dir = NULL;
	char abs_dir[PATH_MAX];
	struct fs_choice c = { 0 };
	struct fs_node *root;
	bool fg = false;
	int r;

	for (int i = 0; i < argc; i++) {
		r = fs_choice_arg(argc, argv, &i, &c);
		if (r < 0)
			return img_cmd_usage();
		if (r)
			continue;
		if (!strcmp(argv[i], "-f"))
			fg = true;
		else if (argv[i][0] == '-' || (image && dir))
			return img_cmd_usage();
		else if (!image)
			image = argv[i];
		else
			dir = argv[i];
	}
	if (!image || !dir)
		return img_cmd_usage();
	if (check_dir(dir))
		return 1;
	if (!realpath(dir, abs_dir))
		return img_cmd_fail("%s: %s", dir, strerror(errno));
	if (img_cmd_open_tree(image, &c, &m.fs))
		return 1;
	m.image = image;
	fs_lookup(m.fs, "/", &root);
	r = table_add(&m, root, 0);
	if (!r)
		r = table_fill(&m, FUSE_ROOT_ID, 0);
	if (r)
		r = img_cmd_fail("%s: %s", image, strerror(-r));
	else
		r = mount_loop(&m, abs_dir, fg);
	free(m.n);
	fs_close(m.fs);
	return r;
}
