/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture through the formats library (see capture.h). The flat file the medium
 * records into stays the recording; other formats are views of the closed
 * sessions, written by one worker thread per drive, off the drive lock
 * (docs/architecture.md "The medium is a disc"): a capture of a large disc must
 * not stall status, open() or any command on the node. The worker writes an
 * immutable snapshot of the disc, so the next session may be recorded while the
 * previous one is still being captured (write-once media never change below the
 * committed end). When the disc only grew by sessions since the worker's last
 * capture to the same file, and that file is as the worker left it, the capture
 * appends the new sessions' sectors to the data files in place
 * (vb_img_wopts.append): closing session N costs what session N holds, not the
 * whole disc.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_TAG "capture"
#include "capture.h"
#include "vburn/bytes.h"
#include "vburn/chd.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/vbd.h"

static const char *const capture_formats[] = { "auto", "iso", "nrg", "ccd",
					       "mds",  "cue", "toc", "chd" };

bool vb_capture_format_ok(const char *fmt)
{
	if (!fmt)
		return true;
	for (size_t i = 0; i < VB_ARRAY_SIZE(capture_formats); i++)
		if (!strcmp(fmt, capture_formats[i]))
			return true;
	return false;
}

const char *vb_capture_auto(const struct vb_disc *d)
{
	bool sub = false, user_only = true;

	for (unsigned i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		/* CUE has no type for formless Mode 2 (docs/formats.md 5.2):
		 * CCD keeps its sectors raw */
		if (vb_track_sub(t) != VB_SUB_NONE || t->mode == VB_MODE_MODE2)
			sub = true;
		if (t->mode != VB_MODE_MODE1 || vb_track_sector_size(t) != 2048)
			user_only = false;
	}
	if (user_only && d->kind != VB_DISC_CD)
		return "iso";
	if (user_only && !d->cdtext_len && !d->n_cdtext_items && !d->mcn[0])
		return "iso";
	return sub ? "ccd" : "cue";
}

int vb_capture_format_holds(const char *fmt, enum vb_disc_kind kind, char *err,
			    size_t errlen)
{
	const struct img_ops *ops = fmt ? vb_img_find(fmt) : NULL;
	struct vb_diag diag = { "" };
	struct vb_disc *d;
	struct vb_track *t;
	int r;

	if (!ops || !ops->can_write || !strcmp(fmt, "iso"))
		return 0; /* auto picks one that can; iso is the store */
	/* the smallest disc of the kind: one data track of one sector */
	d = vb_disc_new(kind);
	r = d && vb_disc_add_session(d) && (t = vb_disc_add_track(d)) ?
		    vb_track_add_zero(t, 1) :
		    -ENOMEM;
	if (!r) {
		t->mode = VB_MODE_MODE1;
		t->ctl = VB_CTL_DATA;
		t->length = 1;
		r = vb_disc_finish(d, fmt, &diag);
	}
	if (!r)
		r = ops->can_write(d, &diag);
	vb_disc_unref(d);
	if (r)
		snprintf(err, errlen, "capture format %s: %s", fmt,
			 diag.msg[0] ? diag.msg : strerror(-r));
	return r;
}

/* One capture to write: the disc snapshot owns its sources. */
struct capture_job {
	struct capture_job *next;
	struct vb_disc *disc; /* NULL: the store at path leaves (dedup) */
	char path[4096];
	char fmt[8];
};

/* The worker's last capture written, to append the next one to it. */
struct capture_done {
	struct vb_disc *disc; /* NULL: none */
	char path[4096];
	char fmt[8];
	struct stat st; /* of path (the descriptor) after the write */
	bool whole;	/* it read back as the whole disc */
};

struct vb_capture {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a job arrived, or the worker went idle */
	pthread_t thread;
	bool stop;
	bool busy;		   /* the worker is writing a job */
	struct capture_job *queue; /* oldest first */
	double last_seconds;	   /* duration of the last capture */
	vb_capture_error_fn on_error;
	void *ctx;
	bool dedup;		  /* set before the first job */
	struct capture_done done; /* the worker's own, unlocked */
};

/* Same tracks and session ends as old, then whole new sessions only? */
static bool disc_extends(const struct vb_disc *d, const struct vb_disc *old)
{
	unsigned i;

	if (d->kind != old->kind || d->n_sessions < old->n_sessions ||
	    d->n_tracks < old->n_tracks)
		return false;
	for (i = 0; i < old->n_sessions; i++)
		if (d->sessions[i]->leadout != old->sessions[i]->leadout ||
		    d->sessions[i]->count != old->sessions[i]->count)
			return false;
	for (i = 0; i < old->n_tracks; i++) {
		const struct vb_track *a = d->tracks[i], *b = old->tracks[i];

		if (a->start != b->start || a->length != b->length ||
		    a->pregap != b->pregap || a->mode != b->mode ||
		    a->session != b->session ||
		    vb_track_sector_size(a) != vb_track_sector_size(b) ||
		    vb_track_sub(a) != vb_track_sub(b))
			return false;
	}
	return true;
}

/* Is j's file the worker's last capture, unchanged, of a disc j's extends? */
static bool job_appends(const struct vb_capture *c, const struct capture_job *j)
{
	const struct capture_done *p = &c->done;
	struct stat st;

	return p->disc && !strcmp(p->path, j->path) &&
	       !strcmp(p->fmt, j->fmt) && !stat(j->path, &st) &&
	       st.st_dev == p->st.st_dev && st.st_ino == p->st.st_ino &&
	       st.st_size == p->st.st_size &&
	       st.st_mtim.tv_sec == p->st.st_mtim.tv_sec &&
	       st.st_mtim.tv_nsec == p->st.st_mtim.tv_nsec &&
	       disc_extends(j->disc, p->disc);
}

/* Remembers j as the last capture written (or forgets, if it failed). */
static void job_done(struct vb_capture *c, const struct capture_job *j, bool ok)
{
	struct capture_done *p = &c->done;

	vb_disc_unref(p->disc);
	p->disc = NULL;
	if (!ok || stat(j->path, &p->st))
		return;
	p->disc = vb_disc_ref(j->disc);
	p->whole = false; /* until job_check reads it back */
	snprintf(p->path, sizeof(p->path), "%s", j->path);
	snprintf(p->fmt, sizeof(p->fmt), "%s", j->fmt);
}

/* Reports msg as the capture's error (the log and the drive's status). */
static void job_report(struct vb_capture *c, const char *msg)
{
	log_err("%s", msg);
	if (c->on_error)
		c->on_error(c->ctx, msg);
}

/*
 * j's format cannot hold what (docs/architecture.md: never silently dropped):
 * says so in the log and the status, and captures the disc a second time beside
 * it in the format auto picks, unless that is the same format. The manifest
 * holds everything in any case.
 */
static void job_fallback(struct vb_capture *c, const struct capture_job *j,
			 const char *what)
{
	struct vb_diag diag = { "" };
	const char *fb = vb_capture_auto(j->disc);
	char msg[2 * 4096 + 512], path[4096];

	if (!strcmp(fb, j->fmt) || !strcmp(fb, "iso") ||
	    vb_img_sibling(j->path, fb, path, sizeof(path)) ||
	    vb_img_write(j->disc, path, fb, NULL, &diag))
		snprintf(msg, sizeof(msg),
			 "%s cannot hold %s (the manifest keeps it)", j->path,
			 what);
	else
		snprintf(msg, sizeof(msg),
			 "%s cannot hold %s: also captured as %s", j->path,
			 what, path);
	job_report(c, msg);
}

/* Reads j's capture back and compares it with the disc. */
static void job_check(struct vb_capture *c, const struct capture_job *j)
{
	struct vb_diag diag = { "" };
	struct vb_disc *got = NULL;
	char what[160], msg[4096 + 512];
	int r = vb_img_open(j->path, j->fmt, &got, NULL, &diag);

	if (r) {
		snprintf(msg, sizeof(msg),
			 "%s: cannot read the capture back: %s", j->path,
			 diag.msg[0] ? diag.msg : strerror(-r));
		job_report(c, msg);
		return;
	}
	r = vb_disc_lost(j->disc, got, what, sizeof(what));
	vb_disc_unref(got);
	if (r)
		job_fallback(c, j, what);
	else if (c->done.disc && !strcmp(c->done.path, j->path))
		c->done.whole = true;
}

/*
 * The store at j->path left the drive finalized (vb_capture_leave): it is
 * removed when the worker's last capture was its CHD, still as written,
 * and read back whole. Anything less keeps it, with the reason logged.
 */
static void job_leave(struct vb_capture *c, const struct capture_job *j)
{
	const struct capture_done *p = &c->done;
	const char *const exts[] = { VB_VBD_LOG_EXT, "vbd" };
	char chd[4096], f[4096];
	struct stat st;

	if (vb_img_sibling(j->path, "chd", chd, sizeof(chd)))
		return;
	if (!p->disc || strcmp(p->path, chd) || !p->whole || stat(chd, &st) ||
	    st.st_ino != p->st.st_ino || st.st_size != p->st.st_size ||
	    st.st_mtime != p->st.st_mtime) {
		log_info(
			"%s: kept (no whole CHD capture of it to stand for it)",
			j->path);
		return;
	}
	/* the manifest last: until it goes, the store still loads */
	if (unlink(j->path) < 0 && errno != ENOENT)
		log_warn("%s: %s", j->path, strerror(errno));
	for (size_t i = 0; i < VB_ARRAY_SIZE(exts); i++)
		if (!vb_img_sibling(j->path, exts[i], f, sizeof(f)) &&
		    unlink(f) < 0 && errno != ENOENT)
			log_warn("%s: %s", f, strerror(errno));
	log_info("%s: store removed; %s holds the whole disc", j->path, chd);
}

/*
 * A CHD capture with dedup: the parent it gets, in parent (len bytes), or
 * "" for none. A capture that other CHDs already have as their parent is
 * not rewritten (its SHA-1 would change under them): -EBUSY.
 */
static int job_parent(struct vb_capture *c, const struct capture_job *j,
		      char *parent, size_t len)
{
	char dir[4096], child[4096];
	char *slash;

	parent[0] = 0;
	if (strcmp(j->fmt, "chd"))
		return 0;
	if (vb_chd_children(j->path, child, sizeof(child)) > 0) {
		char msg[4096 * 2 + 64];

		snprintf(msg, sizeof(msg),
			 "%s is the parent of %s: not rewritten", j->path,
			 child);
		job_report(c, msg);
		return -EBUSY;
	}
	if (!c->dedup)
		return 0;
	snprintf(dir, sizeof(dir), "%s", j->path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	else
		snprintf(dir, sizeof(dir), ".");
	if (vb_chd_pick_parent(j->disc, dir, j->path, parent, len))
		parent[0] = 0;
	else
		log_info("%s: a child of %s", j->path, parent);
	return 0;
}

static void job_write(struct vb_capture *c, struct capture_job *j)
{
	struct vb_diag diag = { "" };
	struct vb_img_wopts opts = { .append = job_appends(c, j) };
	char parent[4096];
	double t0 = vb_medium_now();
	int r;

	if (job_parent(c, j, parent, sizeof(parent))) {
		job_done(c, j, false);
		return;
	}
	opts.parent = parent[0] ? parent : NULL;
	r = vb_img_write_opts(j->disc, j->path, j->fmt, &opts, &diag);

	if (r == -ESTALE && opts.append) {
		/* the writer's layout of the kept part changed: rewrite */
		log_info("%s: rewriting, not appending", j->path);
		opts.append = false;
		diag.msg[0] = 0;
		r = vb_img_write_opts(j->disc, j->path, j->fmt, &opts, &diag);
	}
	job_done(c, j, !r);
	pthread_mutex_lock(&c->lock);
	c->last_seconds = vb_medium_now() - t0;
	pthread_mutex_unlock(&c->lock);
	if (r == -EMEDIUMTYPE) {
		/* the format cannot hold this disc at all */
		job_fallback(c, j, diag.msg);
	} else if (r) {
		char msg[320];

		snprintf(msg, sizeof(msg), "%s",
			 diag.msg[0] ? diag.msg : strerror(-r));
		job_report(c, msg);
	} else {
		log_info("captured %s", j->path);
		job_check(c, j);
	}
}

static void *capture_thread(void *arg)
{
	struct vb_capture *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		struct capture_job *j;

		while (!c->queue && !c->stop)
			pthread_cond_wait(&c->cond, &c->lock);
		j = c->queue;
		if (!j)
			break; /* stopping, nothing left to write */
		c->queue = j->next;
		c->busy = true;
		pthread_mutex_unlock(&c->lock);
		if (j->disc)
			job_write(c, j);
		else
			job_leave(c, j);
		vb_disc_unref(j->disc);
		free(j);
		pthread_mutex_lock(&c->lock);
		c->busy = false;
		pthread_cond_broadcast(&c->cond);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

void vb_capture_set_dedup(struct vb_capture *c, bool dedup)
{
	c->dedup = dedup;
}

struct vb_capture *vb_capture_new(vb_capture_error_fn on_error, void *ctx)
{
	struct vb_capture *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->on_error = on_error;
	c->ctx = ctx;
	if (pthread_create(&c->thread, NULL, capture_thread, c)) {
		pthread_cond_destroy(&c->cond);
		pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	return c;
}

void vb_capture_free(struct vb_capture *c)
{
	if (!c)
		return;
	/* Whatever was submitted is still written: a capture is the
	 * user's copy of the disc (docs/architecture.md: SIGTERM waits for
	 * it). */
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	vb_disc_unref(c->done.disc);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int vb_capture_submit(struct vb_capture *c, struct vb_disc *disc,
		      const char *path, const char *fmt)
{
	struct capture_job *j = calloc(1, sizeof(*j)), **p;

	if (!j) {
		vb_disc_unref(disc);
		return -ENOMEM;
	}
	j->disc = disc;
	if (snprintf(j->path, sizeof(j->path), "%s", path) >=
		    (int)sizeof(j->path) ||
	    snprintf(j->fmt, sizeof(j->fmt), "%s", fmt) >=
		    (int)sizeof(j->fmt)) {
		vb_disc_unref(disc);
		free(j);
		return -ENAMETOOLONG;
	}
	pthread_mutex_lock(&c->lock);
	/* A newer disc holds everything an older one not yet started does,
	 * so the older is dropped unwritten when it has the same file. */
	for (p = &c->queue; *p;) {
		struct capture_job *o = *p;

		if (!strcmp(o->path, j->path) && !strcmp(o->fmt, j->fmt)) {
			*p = o->next;
			vb_disc_unref(o->disc);
			free(o);
		} else {
			p = &o->next;
		}
	}
	*p = j;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return 0;
}

void vb_capture_leave(struct vb_capture *c, const char *store, bool finalized)
{
	/* a failure to queue keeps the store: nothing is lost */
	if (c->dedup && finalized)
		(void)vb_capture_submit(c, NULL, store, ""); /* job_leave */
}

void vb_capture_wait(struct vb_capture *c)
{
	pthread_mutex_lock(&c->lock);
	while (c->queue || c->busy)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

bool vb_capture_busy(struct vb_capture *c, double *last_seconds)
{
	bool busy;

	pthread_mutex_lock(&c->lock);
	busy = c->queue || c->busy;
	if (last_seconds)
		*last_seconds = c->last_seconds;
	pthread_mutex_unlock(&c->lock);
	return busy;
}
