/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manifest writer (docs/vbd.md): a disc and the drive's write state to
 * text, then the commit protocol of docs/architecture.md "Commit points":
 * temporary file, fsync, rename over the manifest, fsync of the directory.
 * Every step's failure is returned (the drive fails the command with a medium
 * error), never only logged. Before anything is written, the files are checked
 * so that the manifest written is one vb_vbd_load() takes: each is a regular
 * file at least as long as its committed length, and every extent lies within
 * the committed bytes of its file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textbuf.h"
#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "vbd.h"

struct vbd_wfile {
	const char *name; /* as the caller named it (borrowed) */
	char *abs;	  /* absolute, normalised: the identity of the file */
	uint64_t committed;
	bool from_state; /* committed comes from the state, not a source */
};

struct vbd_writer {
	const char *path;
	struct vb_diag *diag;
	char *mdir; /* the manifest's absolute directory ("" for "/") */
	unsigned n_files;
	struct vbd_wfile *files;
	struct fmt_text b;
	const struct vb_src *bound; /* vbd_text_bound's data, else NULL */
};

/* Index of the file named name (any spelling), added if new; -errno. */
static int vbd_wfile(struct vbd_writer *w, const char *name, bool from_state,
		     uint64_t committed)
{
	struct vbd_wfile *f;
	char *abs = vbd_abs_path(name);
	unsigned i;

	if (!abs) {
		const int err = errno;

		vb_diag_set(w->diag, w->path, "%s: %s", name, strerror(err));
		return -err;
	}
	for (i = 0; i < w->n_files; i++) {
		f = &w->files[i];
		if (strcmp(f->abs, abs))
			continue;
		free(abs);
		if (from_state) {
			vb_diag_set(w->diag, w->path,
				    "%s: named twice in the drive's state",
				    name);
			return -EINVAL;
		}
		/* the same file opened twice: the longer view holds both */
		if (!f->from_state && committed > f->committed)
			f->committed = committed;
		return (int)i;
	}
	f = realloc(w->files, (w->n_files + 1) * sizeof(*f));
	if (!f) {
		free(abs);
		return -ENOMEM;
	}
	w->files = f;
	f += w->n_files;
	f->name = name;
	f->abs = abs;
	f->committed = committed;
	f->from_state = from_state;
	return (int)w->n_files++;
}

/*
 * The bytes an extent reads from its data source (main, or subchannel if
 * sub) must lie within that file's committed length.
 */
static int vbd_wcheck(struct vbd_writer *w, const struct vb_track *t,
		      const struct vb_extent *e, unsigned fi, bool sub)
{
	const struct vbd_wfile *f = &w->files[fi];
	const unsigned subsz = e->sub == VB_SUB_Q16 ? 16 : 96;
	uint64_t off, len;

	if (sub) {
		off = e->sub_offset;
		len = (uint64_t)(e->sectors - 1) * e->sub_stride + subsz;
	} else {
		off = e->offset;
		len = (uint64_t)(e->sectors - 1) * e->stride + e->data_size;
		if (e->sub != VB_SUB_NONE && !e->sub_src)
			len += subsz;
	}
	if (off <= f->committed && len <= f->committed - off)
		return 0;
	vb_diag_set(w->diag, w->path,
		    "track %u reads beyond the %llu committed bytes of %s",
		    t->number, (unsigned long long)f->committed, f->name);
	return -EINVAL;
}

/*
 * The files: the state's first (their committed lengths), then every
 * source an extent reads, in disc order, committed as long as the source
 * (its size was fixed when it was opened, after its data was written).
 * Each must exist as a regular file holding its committed bytes, so that
 * in-memory sources or a vanished file fail here and not at the reload.
 */
static int vbd_wfiles(struct vbd_writer *w, const struct vb_disc *d,
		      const struct vb_vbd_state *st)
{
	struct stat sb;
	unsigned i, k;
	int fi;

	for (i = 0; i < st->n_files; i++) {
		fi = vbd_wfile(w, st->files[i].path, true,
			       st->files[i].committed);
		if (fi < 0)
			return fi;
	}
	for (i = 0; i < d->n_tracks; i++)
		for (k = 0; k < d->tracks[i]->n_extents; k++) {
			const struct vb_extent *e = &d->tracks[i]->extents[k];
			const struct vb_src *s[2] = { e->src, e->sub_src };
			unsigned j;

			for (j = 0; j < 2; j++) {
				if (!s[j])
					continue;
				fi = vbd_wfile(w, vb_src_name(s[j]), false,
					       vb_src_size(s[j]));
				if (fi < 0)
					return fi;
			}
		}
	if (w->n_files > VBD_MAX_FILES) {
		vb_diag_set(w->diag, w->path, "more than %u files",
			    VBD_MAX_FILES);
		return -E2BIG;
	}
	for (i = 0; i < w->n_files; i++) {
		const struct vbd_wfile *f = &w->files[i];

		if (stat(f->abs, &sb) < 0) {
			const int err = errno;

			vb_diag_set(w->diag, w->path, "%s: %s", f->name,
				    strerror(err));
			return -err;
		}
		if (!S_ISREG(sb.st_mode) ||
		    (uint64_t)sb.st_size < f->committed) {
			vb_diag_set(w->diag, w->path,
				    "%s: not a regular file of at least "
				    "%llu bytes",
				    f->name, (unsigned long long)f->committed);
			return -EINVAL;
		}
	}
	return 0;
}

/* The file index of a source the extents use (vbd_wfiles added it). */
static unsigned vbd_windex(const struct vbd_writer *w, const struct vb_src *s)
{
	char *abs;
	unsigned i = 0;

	if (w->bound)
		return s == w->bound ? 0 : w->n_files;
	abs = vbd_abs_path(vb_src_name(s));

	while (abs && i < w->n_files && strcmp(w->files[i].abs, abs))
		i++;
	free(abs);
	return i;
}

/* A string in quotes: \" \\ and \xHH for control bytes (vbd_lex.c). */
static void vbd_wstr(struct fmt_text *b, const char *key, const char *s)
{
	fmt_printf(b, " %s=\"", key);
	for (; *s; s++) {
		const unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fmt_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fmt_printf(b, "\\x%02x", c);
		else
			fmt_printf(b, "%c", c);
	}
	fmt_printf(b, "\"");
}

/* The file's name: relative below the manifest's directory, else absolute */
static const char *vbd_wname(const struct vbd_writer *w,
			     const struct vbd_wfile *f)
{
	const size_t n = w->mdir ? strlen(w->mdir) : 0;

	if (w->bound)
		return f->name;
	if (!strncmp(f->abs, w->mdir, n) && f->abs[n] == '/')
		return f->abs + n + 1;
	return f->abs;
}

/*
 * The file index (0-based) of the extent's main or subchannel source,
 * checked against that file's committed length, or a negative errno.
 */
static int vbd_wsource(struct vbd_writer *w, const struct vb_track *t,
		       const struct vb_extent *e, bool sub)
{
	unsigned fi = vbd_windex(w, sub ? e->sub_src : e->src);
	int ret;

	if (fi == w->n_files)
		return -ENOMEM;
	ret = vbd_wcheck(w, t, e, fi, sub);
	return ret ? ret : (int)fi;
}

static int vbd_wextent(struct vbd_writer *w, const struct vb_track *t,
		       const struct vb_extent *e)
{
	struct fmt_text *b = &w->b;
	int ret;

	fmt_printf(b, "    extent sectors=%u data=%s", e->sectors,
		   vbd_data_names[e->data]);
	if (e->data != VB_DATA_ZERO) {
		ret = vbd_wsource(w, t, e, false);
		if (ret < 0)
			return ret;
		fmt_printf(b, " size=%u file=%d offset=%llu stride=%u",
			   e->data_size, ret + 1, (unsigned long long)e->offset,
			   e->stride);
	}
	if (e->swap)
		fmt_printf(b, " swap=yes");
	if (e->sub != VB_SUB_NONE)
		fmt_printf(b, " sub=%s", vbd_sub_names[e->sub]);
	if (e->sub_src) {
		ret = vbd_wsource(w, t, e, true);
		if (ret < 0)
			return ret;
		fmt_printf(b, " sub-file=%d sub-offset=%llu sub-stride=%u",
			   ret + 1, (unsigned long long)e->sub_offset,
			   e->sub_stride);
	}
	fmt_printf(b, "\n");
	return 0;
}

static int vbd_wtrack(struct vbd_writer *w, const struct vb_track *t)
{
	struct fmt_text *b = &w->b;
	unsigned i;
	int ret;

	fmt_printf(b,
		   "  track %u mode=%s ctl=0x%x start=%d pregap=%u "
		   "length=%u",
		   t->number, vb_track_mode_name(t->mode), t->ctl, t->start,
		   t->pregap, t->length);
	if (t->postgap)
		fmt_printf(b, " postgap=%u", t->postgap);
	for (i = 0; i < t->n_index; i++)
		fmt_printf(b, "%s%u", i ? "," : " index=", t->index[i]);
	if (t->isrc[0])
		vbd_wstr(b, "isrc", t->isrc);
	fmt_printf(b, "\n");
	for (i = 0; i < t->n_extents; i++)
		if ((ret = vbd_wextent(w, t, &t->extents[i])))
			return ret;
	return 0;
}

static void vbd_wcdtext(struct vbd_writer *w, const struct vb_disc *d)
{
	struct fmt_text *b = &w->b;
	size_t i, k;

	for (i = 0; i < 8; i++)
		if (d->cdtext_lang[i])
			fmt_printf(b, "cdtext-lang block=%zu code=0x%02x\n", i,
				   d->cdtext_lang[i]);
	for (i = 0; i + VB_CDTEXT_PACK <= d->cdtext_len; i += VB_CDTEXT_PACK) {
		fmt_printf(b, "cdtext-pack ");
		for (k = 0; k < VB_CDTEXT_PACK; k++)
			fmt_printf(b, "%02x", d->cdtext[i + k]);
		fmt_printf(b, "\n");
	}
	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		fmt_printf(b, "cdtext block=%u type=0x%02x track=%u", it->block,
			   it->type, it->track);
		vbd_wstr(b, "text", it->text);
		fmt_printf(b, "\n");
	}
}

/* The whole manifest text into w->b (docs/vbd.md "Grammar"). */
static int vbd_wtext(struct vbd_writer *w, const struct vb_disc *d,
		     const struct vb_vbd_state *st)
{
	struct fmt_text *b = &w->b;
	unsigned i, k;
	int ret;

	fmt_printf(b, "%s %d\n", VBD_MAGIC, VBD_VERSION);
	fmt_printf(b, "# vburn drive manifest (docs/vbd.md), rewritten at "
		      "every commit\n");
	fmt_printf(b, "drive media=%s capacity=%u next-start=%d finalized=%s\n",
		   st->media, st->capacity, st->next_start,
		   st->finalized ? "yes" : "no");
	for (i = 0; i < w->n_files; i++) {
		fmt_printf(b, "file %u committed=%llu", i + 1,
			   (unsigned long long)w->files[i].committed);
		vbd_wstr(b, "path", vbd_wname(w, &w->files[i]));
		fmt_printf(b, "\n");
	}
	fmt_printf(b, "disc kind=%s open=%s", vbd_kind_names[d->kind],
		   d->open ? "yes" : "no");
	if (d->mcn[0])
		vbd_wstr(b, "mcn", d->mcn);
	fmt_printf(b, "\n");
	vbd_wcdtext(w, d);
	for (i = 0; i < d->n_sessions; i++) {
		const struct vb_session *s = d->sessions[i];

		fmt_printf(b, "session %u type=0x%02x leadout=%d\n", s->number,
			   s->disc_type, s->leadout);
		for (k = s->first; k < s->first + s->count; k++)
			if ((ret = vbd_wtrack(w, d->tracks[k])))
				return ret;
	}
	fmt_printf(b, "end\n");
	return b->err;
}

/* Writes all of len bytes to fd. 0 or -errno. */
static int vbd_write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * fsync, except that EINVAL means the file system has nothing to sync
 * (fsync(2): "fd is bound to a special file ... which does not support
 * synchronization"); img_out_commit() in img.c takes it the same way.
 */
static int vbd_fsync(int fd)
{
	return fsync(fd) < 0 && errno != EINVAL ? -errno : 0;
}

/* fsync of the directory path lives in, so that the rename is durable. */
static int vbd_sync_dir(const char *path, struct vb_diag *diag)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, ret;

	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (!dir)
		return -ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ret = fd < 0 ? -errno : vbd_fsync(fd);
	if (fd >= 0 && close(fd) < 0 && !ret)
		ret = -errno;
	if (ret)
		vb_diag_set(diag, path, "fsync of the directory %s: %s", dir,
			    strerror(-ret));
	free(dir);
	return ret;
}

/*
 * The commit protocol: a new temporary file beside path (O_EXCL, so a
 * file or link planted under that name is never written through), the
 * text, fsync, close, rename over path, fsync of the directory. Until the
 * rename the old manifest is untouched; any failure before it removes the
 * temporary file.
 */
static int vbd_commit(const char *path, const char *text, size_t len,
		      struct vb_diag *diag)
{
	static unsigned seq;
	const char *step = "create";
	char *tmp = NULL;
	int fd = -1, ret = 0, n;

	for (n = 0; n < 100 && fd < 0; n++) {
		free(tmp);
		if (asprintf(&tmp, "%s.tmp%ld.%u", path, (long)getpid(),
			     __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED)) < 0)
			return -ENOMEM;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	step = "write";
	ret = vbd_write_all(fd, text, len);
	if (!ret) {
		step = "fsync";
		ret = vbd_fsync(fd);
	}
	if (close(fd) < 0 && !ret) {
		step = "close";
		ret = -errno;
	}
	if (!ret && rename(tmp, path) < 0) {
		step = "rename";
		ret = -errno;
	}
	if (ret)
		unlink(tmp);
out:
	if (ret)
		vb_diag_set(diag, path, "%s %s: %s", step, tmp, strerror(-ret));
	free(tmp);
	return ret ? ret : vbd_sync_dir(path, diag);
}

int vb_vbd_save(const char *path, const struct vb_disc *d,
		const struct vb_vbd_state *st, struct vb_diag *diag)
{
	struct vbd_writer w = { .path = path, .diag = diag };
	char *slash;
	unsigned i;
	int ret;

	if (diag)
		diag->msg[0] = 0;
	if (!vbd_media_ok(st->media)) {
		vb_diag_set(diag, path, "bad media name '%s'", st->media);
		return -EINVAL;
	}
	w.mdir = vbd_abs_path(path);
	if (!w.mdir) {
		ret = -errno;
		goto out;
	}
	slash = strrchr(w.mdir, '/');
	*slash = 0;
	ret = vbd_wfiles(&w, d, st);
	if (!ret)
		ret = vbd_wtext(&w, d, st);
	if (!ret)
		ret = vbd_commit(path, w.b.s, w.b.len, diag);
out:
	if (ret && diag && !diag->msg[0])
		vb_diag_set(diag, path, "%s", strerror(-ret));
	for (i = 0; i < w.n_files; i++)
		free(w.files[i].abs);
	free(w.files);
	free(w.b.s);
	free(w.mdir);
	return ret;
}

int vbd_text_bound(const struct vb_disc *d, const struct vb_vbd_state *st,
		   const struct vb_src *data, char **text, size_t *len,
		   struct vb_diag *diag)
{
	struct vbd_writer w = { .path = vb_src_name(data), .diag = diag };
	struct vbd_wfile f = { .name = "stream", .abs = (char *)"/stream" };
	int ret;

	*text = NULL;
	f.committed = vb_src_size(data);
	w.bound = data;
	w.files = &f;
	w.n_files = 1;
	ret = vbd_wtext(&w, d, st);
	if (ret) {
		free(w.b.s);
		return ret;
	}
	*text = w.b.s;
	*len = w.b.len;
	return 0;
}
