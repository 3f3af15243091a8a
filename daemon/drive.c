/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drive object: creation, medium changes (insert blank, eject) and the
 * status reports the control socket serves. The MMC engine proper is in
 * dispatch.c and the handler files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_TAG "drive"
#include "capture.h"
#include "drv.h"
#include "media_int.h"
#include "sbuf.h"
#include "vburn/disc_json.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/peer.h"

/* The capture worker failed: that becomes the drive's last error (the
 * recording itself is intact and its session closed). */
static void drive_capture_error(void *ctx, const char *msg)
{
	struct vb_drive *d = ctx;

	pthread_mutex_lock(&d->lock);
	snprintf(d->last_error, sizeof(d->last_error), "capture: %s", msg);
	pthread_mutex_unlock(&d->lock);
}

void drive_capture_locked(struct vb_drive *d)
{
	struct vb_medium *m = d->medium;
	const char *fmt = m->format ? m->format : d->format;
	struct vb_diag diag = { "" };
	struct vb_disc *disc = NULL;
	char path[4096];
	int r;

	if (fmt && !strcmp(fmt, "iso"))
		return;
	r = vb_medium_capture_disc(m, &disc, &diag);
	if (!r && disc && (!fmt || !strcmp(fmt, "auto")))
		fmt = vb_capture_auto(disc);
	if (!r && disc && !strcmp(fmt, "iso")) {
		vb_disc_unref(disc); /* the flat store is the ISO */
		return;
	}
	if (!r && disc)
		r = vb_img_sibling(m->path, fmt, path, sizeof(path));
	if (!r && disc)
		r = vb_capture_submit(d->capture, disc, path, fmt);
	else
		vb_disc_unref(disc);
	if (r) {
		log_err("capture: %s", diag.msg[0] ? diag.msg : strerror(-r));
		snprintf(d->last_error, sizeof(d->last_error), "capture: %s",
			 diag.msg[0] ? diag.msg : strerror(-r));
	}
}

void vb_drive_sync(struct vb_drive *d)
{
	vb_capture_wait(d->capture);
}

struct vb_drive *vb_drive_new(const struct vb_drive_opts *opts)
{
	struct vb_drive *d;

	if (!vb_capture_format_ok(opts->format)) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->index = opts->index;
	d->op_ms = opts->op_ms;
	d->ports = 1; /* port 0, the default */
	d->writer = -1;
	d->image_dir = strdup(opts->image_dir ? opts->image_dir : ".");
	d->format = opts->format ? strdup(opts->format) : NULL;
	if (!d->image_dir || (opts->format && !d->format)) {
		free(d->image_dir);
		free(d->format);
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&d->lock, NULL);
	d->capture = vb_capture_new(drive_capture_error, d);
	if (d->capture)
		vb_capture_set_dedup(d->capture, opts->dedup);
	if (!d->capture) {
		pthread_mutex_destroy(&d->lock);
		free(d->image_dir);
		free(d->format);
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	d->read_speed = d->write_speed = 0xffff;
	mode_reset_page05(d);
	return d;
}

/*
 * A session still open when the medium goes (a stop or an eject during a
 * burn) is not kept: the manifest and the captures hold closed sessions
 * only (docs/architecture.md "The medium is a disc"). Says so in the log
 * and in status, so the user knows which burn to repeat.
 */
static void note_discard(struct vb_drive *d, const char *why)
{
	const uint32_t n = d->medium ? vb_medium_open_sectors(d->medium) : 0;

	if (!n)
		return;
	snprintf(d->last_error, sizeof(d->last_error),
		 "%s during a burn: the open session %d (%u sectors) is "
		 "discarded; %d closed session(s) kept",
		 why, vb_medium_sessions_closed(d->medium) + 1, n,
		 vb_medium_sessions_closed(d->medium));
	log_warn("drive %d: %s, image %s", d->index, d->last_error,
		 d->medium->path);
}

void vb_drive_free(struct vb_drive *d)
{
	if (!d)
		return;
	note_discard(d, "stopped");
	vb_capture_free(d->capture); /* writes what is queued first */
	vb_medium_free(d->medium);
	pthread_mutex_destroy(&d->lock);
	free(d->image_dir);
	free(d->format);
	free(d);
}

void drive_eject_locked(struct vb_drive *d)
{
	note_discard(d, "ejected");
	if (d->medium) {
		log_info("drive %d: ejected, image %s", d->index,
			 d->medium->path);
		if (!d->medium->loaded)
			vb_capture_leave(d->capture, d->medium->path,
					 vb_medium_finalized(d->medium));
		vb_medium_free(d->medium);
		d->medium = NULL;
		port_post_event(d, VB_EV_MEDIA_REMOVAL);
	}
	d->tray_open = true;
	d->prevent = false;
	d->sao.active = false;
}

void drive_open_tray_locked(struct vb_drive *d)
{
	if (!d->tray_open && d->medium)
		port_post_event(d, VB_EV_MEDIA_REMOVAL);
	d->tray_open = true;
	d->prevent = false;
	d->sao.active = false;
}

void drive_close_tray_locked(struct vb_drive *d)
{
	if (!d->tray_open)
		return;
	d->tray_open = false;
	if (d->medium) {
		port_post_ua(d, S_MEDIUM_CHANGED);
		port_post_event(d, VB_EV_NEW_MEDIA);
		mode_reset_page05(d);
	}
}

/* m replaces the medium: programs see a media change (unit attention
 * 28/00 and a GESN new-media event, docs/style.md R6). */
static void drive_insert_locked(struct vb_drive *d, struct vb_medium *m)
{
	drive_eject_locked(d);
	memset(&d->play, 0, sizeof(d->play)); /* a new disc plays nothing */
	d->medium = m;
	d->tray_open = false;
	port_post_ua(d, S_MEDIUM_CHANGED);
	port_post_event(d, VB_EV_NEW_MEDIA);
	mode_reset_page05(d);
}

int vb_drive_eject(struct vb_drive *d)
{
	/* The disc leaves with its captures complete on disk. */
	vb_capture_wait(d->capture);
	pthread_mutex_lock(&d->lock);
	drive_eject_locked(d);
	pthread_mutex_unlock(&d->lock);
	vb_capture_wait(d->capture); /* and with --dedup its store gone */
	return 0;
}

void vb_drive_note_open(struct vb_drive *d)
{
	pthread_mutex_lock(&d->lock);
	if (d->medium)
		vb_medium_note_open(d->medium);
	pthread_mutex_unlock(&d->lock);
}

bool drive_recording_locked(struct vb_drive *d)
{
	return drive_medium(d) &&
	       (vb_medium_open_track(d->medium) || d->sao.active ||
		raw_recording(d) || vb_medium_ow_writing(d->medium));
}

bool vb_drive_recording(struct vb_drive *d)
{
	bool r;

	pthread_mutex_lock(&d->lock);
	r = drive_recording_locked(d);
	pthread_mutex_unlock(&d->lock);
	return r;
}

/* A fresh image name: <dir>/vburn<N>-<YYYYmmdd-HHMMSS>[-k].iso. */
/*
 * Whether no file in dir is named stem or begins with "stem.": a medium's
 * store, log, manifest and captures all do, so a new medium whose stem is
 * free never takes over another's files (a capture is renamed into place,
 * which would replace one; issue 11: never overwrite an existing file).
 */
static bool drive_stem_free(const char *dir, const char *stem)
{
	const size_t n = strlen(stem);
	DIR *dh = opendir(dir);
	struct dirent *e;
	bool free_ = true;

	if (!dh)
		return errno == ENOENT;
	while (free_ && (e = readdir(dh)))
		free_ = strncmp(e->d_name, stem, n) ||
			(e->d_name[n] && e->d_name[n] != '.');
	closedir(dh);
	return free_;
}

static int drive_image_name(const struct vb_drive *d, char *buf, size_t len)
{
	char stamp[32], stem[64];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (int k = 0; k < 1000; k++) {
		int n;

		if (k)
			snprintf(stem, sizeof(stem), "vburn%d-%s-%d", d->index,
				 stamp, k);
		else
			snprintf(stem, sizeof(stem), "vburn%d-%s", d->index,
				 stamp);
		n = snprintf(buf, len, "%s/%s.iso", d->image_dir, stem);
		if (n < 0 || (size_t)n >= len)
			return -ENAMETOOLONG;
		if (drive_stem_free(d->image_dir, stem))
			return 0;
	}
	return -EEXIST;
}

/*
 * The store path for vburnctl blank --output: output names a file in the
 * image directory, by its name alone or by that directory's path before
 * it; anything else is refused (issue 11: outputs confined to the image
 * directory: no "..", no other directory, no symlinked directory out of
 * it). A name without '/' cannot follow a link out, and the store is
 * created O_EXCL (media.c), so no existing file or link is written.
 */
static int drive_output_path(const struct vb_drive *d, const char *output,
			     char *path, size_t len, char *err, size_t errlen)
{
	const char *slash = strrchr(output, '/');
	const char *name = slash ? slash + 1 : output;
	char dir[4096], real_dir[4096], real_img[4096], stem[256];

	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") ||
	    strlen(name) >= sizeof(stem)) {
		snprintf(err, errlen, "%s: not a file name", output);
		return -EINVAL;
	}
	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - output),
			 output);
		if (output[0] != '/' ||
		    !realpath(slash == output ? "/" : dir, real_dir) ||
		    !realpath(d->image_dir, real_img) ||
		    strcmp(real_dir, real_img)) {
			snprintf(err, errlen,
				 "%s: outside the image directory %s", output,
				 d->image_dir);
			return -EPERM;
		}
	}
	snprintf(stem, sizeof(stem), "%s", name);
	if (strrchr(stem, '.') && strrchr(stem, '.') != stem)
		*strrchr(stem, '.') = '\0';
	if (!drive_stem_free(d->image_dir, stem)) {
		snprintf(err, errlen, "%s: files named %s.* exist in %s", name,
			 stem, d->image_dir);
		return -EEXIST;
	}
	if (snprintf(path, len, "%s/%s", d->image_dir, name) >= (int)len) {
		snprintf(err, errlen, "%s: path too long", output);
		return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * BLANK of an erasable disc (CD-RW, DVD-RW), docs/clients.md 3.7: the disc
 * becomes a fresh blank of the same type and capacity with a store and manifest
 * of its own, committed as any blank that goes in. The erased recording keeps
 * its files (store, manifest, captures): they are the user's copy of what was
 * burned, and nothing is ever left half-erased on disk (docs/architecture.md,
 * commit points). The disc never left the drive, so no media change is
 * reported.
 */
enum vb_sense drive_blank_part_locked(struct vb_drive *d, uint8_t type,
				      uint32_t arg)
{
	struct vb_medium *old = d->medium, *m;
	char path[4096], err[256];
	enum vb_sense s =
		type > 1 ? vb_medium_blank_part(NULL, old, type, arg) : VB_OK;

	if (s)
		return s;
	if (drive_image_name(d, path, sizeof(path))) {
		log_err("drive %d: blank: %s: no free image name", d->index,
			d->image_dir);
		return S_WRITE_ERROR;
	}
	m = vb_medium_new_blank(old->info, old->blank_capacity, path, err,
				sizeof(err));
	if (!m || (old->format && !(m->format = strdup(old->format)))) {
		log_err("drive %d: blank: %s", d->index,
			m ? "out of memory" : err);
		vb_medium_free(m);
		return S_WRITE_ERROR;
	}
	if (type > 1)
		s = vb_medium_blank_part(m, old, type, arg);
	if (s) {
		vb_medium_free(m);
		return s;
	}
	log_info("drive %d: %s blanked (type %u); %s keeps what it held, new "
		 "image %s",
		 d->index, old->info->desc, type, old->path, path);
	vb_medium_free(old);
	d->medium = m;
	d->sao.active = false;
	d->test_nwa = -1;
	raw_reset(d);
	memset(&d->play, 0, sizeof(d->play));
	/* what stays of the disc is captured as after a burn */
	if (vb_medium_sessions_closed(m))
		drive_capture_locked(d);
	return VB_OK;
}

int drive_blank_locked(struct vb_drive *d)
{
	return drive_blank_part_locked(d, 0, 0) ? -EIO : 0;
}

/*
 * An overwritable disc (media_rw.c) changes in place, so its only capture
 * is its store, the ISO: the capture worker's formats are snapshots of
 * sessions that never change again, which such a disc does not have.
 * Refused at insert rather than silently not written.
 */
static int drive_overwritable_format_ok(const struct vb_media_info *info,
					const char *fmt, char *err,
					size_t errlen)
{
	if (!info->overwritable || !fmt || !strcmp(fmt, "auto") ||
	    !strcmp(fmt, "iso"))
		return 0;
	snprintf(err, errlen,
		 "capture format %s: a %s is captured as its ISO store only",
		 fmt, info->desc);
	return -EMEDIUMTYPE; /* as a format that cannot hold the disc */
}

bool vb_drive_format_ok(const char *fmt)
{
	return vb_capture_format_ok(fmt);
}

int vb_drive_insert_blank(struct vb_drive *d, enum vb_media media,
			  uint64_t capacity, const char *output,
			  const char *format, char *err, size_t errlen)
{
	const struct vb_media_info *info = vb_media_info(media);
	char path[4096];
	struct vb_medium *m;
	int r = 0;

	if (!info || info->rom) {
		snprintf(err, errlen, "%s is not a blank medium type",
			 vb_media_name(media));
		return -EINVAL;
	}
	if (!vb_capture_format_ok(format)) {
		snprintf(err, errlen, "unknown capture format: %s", format);
		return -EINVAL;
	}
	r = vb_capture_format_holds(format ? format : d->format,
				    vb_media_disc_kind(info), err, errlen);
	if (r)
		return r;
	r = drive_overwritable_format_ok(info, format ? format : d->format, err,
					 errlen);
	if (r)
		return r;
	pthread_mutex_lock(&d->lock);
	r = mkdir(d->image_dir, 0755);
	if (r < 0 && errno != EEXIST) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", d->image_dir, strerror(errno));
		goto out;
	}
	if (output) {
		r = drive_output_path(d, output, path, sizeof(path), err,
				      errlen);
		if (r)
			goto out;
	} else {
		r = drive_image_name(d, path, sizeof(path));
		if (r < 0) {
			snprintf(err, errlen, "%s: no free image name",
				 d->image_dir);
			goto out;
		}
	}
	m = vb_medium_new_blank(info, capacity, path, err, errlen);
	if (!m) {
		r = -EIO;
		goto out;
	}
	if (format && !(m->format = strdup(format))) {
		vb_medium_free(m);
		snprintf(err, errlen, "out of memory");
		r = -ENOMEM;
		goto out;
	}
	drive_insert_locked(d, m);
	log_info("drive %d: blank %s inserted, image %s", d->index, info->desc,
		 path);
out:
	pthread_mutex_unlock(&d->lock);
	return r;
}

/*
 * The recordable medium a loaded disc continues on: CD-R, DVD+R (DL when
 * it needs the room) or BD-R. NULL with err set when the image's disc is
 * finalized: the formats that record it (our manifest, CCD, MDS) say so.
 */
static const struct vb_media_info *
drive_writable_kind(const struct vb_medium *m0, const struct vb_disc *disc,
		    const char *path, char *err, size_t errlen)
{
	const char *fmt = m0->image_format;
	const int32_t end = vb_disc_leadout(disc);

	if (!disc->open && (!strcmp(fmt, "vbd") || !strcmp(fmt, "ccd") ||
			    !strcmp(fmt, "mds"))) {
		snprintf(err, errlen,
			 "%s: the disc is finalized, no session can be added",
			 path);
		return NULL;
	}
	switch (disc->kind) {
	case VB_DISC_CD:
		return vb_media_info(VB_MEDIA_CD_R);
	case VB_DISC_DVD:
		return vb_media_info(
			end > (int32_t)vb_media_info(VB_MEDIA_DVD_PLUS_R)
						->capacity ?
				VB_MEDIA_DVD_PLUS_R_DL :
				VB_MEDIA_DVD_PLUS_R);
	default:
		return vb_media_info(VB_MEDIA_BD_R);
	}
}

/*
 * load --writable: the image's disc recorded into a fresh blank in the
 * image directory (media_import.c), which stays appendable; the image
 * files are only read. The capture of the imported sessions is written
 * at once, as after a burn.
 */
static int drive_load_writable(struct vb_drive *d, struct vb_medium *m0,
			       const char *path, char *err, size_t errlen)
{
	struct vb_disc *disc =
		vb_disc_ref((struct vb_disc *)vb_medium_disc(m0));
	const struct vb_media_info *info =
		disc ? drive_writable_kind(m0, disc, path, err, errlen) : NULL;
	char store[4096];
	struct vb_medium *m = NULL;
	int r = -EINVAL;

	if (!disc)
		snprintf(err, errlen, "%s: the image holds no disc", path);
	if (info) {
		pthread_mutex_lock(&d->lock);
		r = mkdir(d->image_dir, 0755) < 0 && errno != EEXIST ?
			    -errno :
			    drive_image_name(d, store, sizeof(store));
		pthread_mutex_unlock(&d->lock);
		if (r)
			snprintf(err, errlen, "%s: no free image name",
				 d->image_dir);
	}
	if (!r) {
		const int32_t end = vb_disc_leadout(disc);

		m = vb_medium_new_blank(info,
					end > (int32_t)info->capacity ?
						(uint64_t)end + 11400 :
						0,
					store, err, errlen);
		r = m ? vb_medium_import(m, disc, err, errlen) : -EIO;
	}
	vb_disc_unref(disc);
	vb_medium_free(m0);
	if (r) {
		vb_medium_free(m);
		return r;
	}
	pthread_mutex_lock(&d->lock);
	drive_insert_locked(d, m);
	drive_capture_locked(d);
	log_info("drive %d: %s continues as a %s, image %s", d->index, path,
		 info->desc, store);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

int vb_drive_load(struct vb_drive *d, const char *path, bool writable,
		  char *err, size_t errlen)
{
	return vb_drive_load_as(d, path, writable, NULL, err, errlen);
}

int vb_drive_load_as(struct vb_drive *d, const char *path, bool writable,
		     const struct vb_peer *peer, char *err, size_t errlen)
{
	struct vb_peer_saved saved;
	struct vb_medium *m;
	int r;

	/* Every file of the image is opened here, as the peer (a source
	 * opens its file at once, formats/src.c), and read from later. */
	r = vb_peer_enter(peer, &saved);
	if (r) {
		snprintf(err, errlen, "cannot take the caller's rights: %s",
			 strerror(-r));
		return r;
	}
	/* Parse outside the lock: a slow descriptor read must not stall
	 * the drive, and a failure leaves the drive as it was. */
	m = vb_medium_load(path, err, errlen);
	vb_peer_leave(&saved);
	if (!m)
		return -EINVAL;
	if (writable)
		return drive_load_writable(d, m, path, err, errlen);
	pthread_mutex_lock(&d->lock);
	drive_insert_locked(d, m);
	log_info("drive %d: loaded %s (%s, %s)", d->index, path,
		 m->image_format, m->info->desc);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

static const char *disc_status_name(const struct vb_drive *d)
{
	static const char *const names[] = { "blank", "appendable",
					     "complete" };
	const struct vb_medium *m = drive_medium(d);

	/* DVD+RW, BD-RE have no sessions to grow (media_rw.c) */
	if (m && vb_medium_overwritable(m))
		return vb_medium_formatted(m) ? "formatted" : "unformatted";
	return m ? names[vb_medium_disc_status(m)] : "empty";
}

/*
 * Sectors used and free: the recorded end and what lies past the next
 * writable address; on an overwritable disc (media_rw.c), the written
 * extent and the rest of the formatted area.
 */
static int32_t status_used(const struct vb_medium *m)
{
	return vb_medium_overwritable(m) ? (int32_t)m->written_end :
					   vb_medium_recorded_end(m);
}

static int32_t status_free(const struct vb_medium *m)
{
	const int32_t nwa = vb_medium_nwa(m);

	if (vb_medium_overwritable(m))
		return (int32_t)(m->formatted - m->written_end);
	return nwa < 0 ? 0 : (int32_t)m->capacity - nwa;
}

/* The write state the disc JSON leaves to the drive: is a session or a
 * track closed (the last ones may still be recording). */
static void status_session_extra(void *ctx, struct fmt_text *b,
				 const struct vb_session *s)
{
	const struct vb_medium *m = ctx;

	fmt_printf(b, ", \"closed\": %s",
		   (int)s->number <= m->nsessions_closed ? "true" : "false");
}

static void status_track_extra(void *ctx, struct fmt_text *b,
			       const struct vb_track *t)
{
	const struct vb_medium *m = ctx;
	const bool closed = t->number >= 1 && t->number <= m->ntracks &&
			    m->tracks[t->number - 1].closed;

	fmt_printf(b, ", \"closed\": %s", closed ? "true" : "false");
}

/* "media", "sessions", "leadout" and the rest of the disc (one emitter
 * with vburn-img info --json, include/vburn/disc_json.h). */
static void status_disc_json(struct vb_sbuf *sb, struct vb_medium *m)
{
	const struct vb_disc_json_opts o = {
		.media = m->info->name,
		.session_extra = status_session_extra,
		.track_extra = status_track_extra,
		.ctx = m,
	};
	const struct vb_disc *disc = vb_medium_disc(m);
	struct fmt_text b = { 0 };

	if (disc)
		vb_disc_json(&b, disc, &o);
	if (disc && !b.err && b.s)
		vb_sbuf_printf(sb, "%s", b.s);
	else
		vb_sbuf_printf(sb,
			       "\"media\": \"%s\", \"sessions\": [], "
			       "\"leadout\": 0",
			       m->info->name);
	free(b.s);
}

size_t vb_drive_status_json(struct vb_drive *d, char *buf, size_t len)
{
	struct vb_sbuf sb = { buf, len, 0 };
	struct vb_medium *m;
	double cap_seconds;
	/* Asked before the drive lock: the worker never waits on it while
	 * holding its own. */
	const bool busy = vb_capture_busy(d->capture, &cap_seconds);

	pthread_mutex_lock(&d->lock);
	m = d->medium;
	vb_sbuf_printf(&sb,
		       "{\"drive\": %d, \"state\": \"%s\", "
		       "\"tray\": \"%s\"",
		       d->index, disc_status_name(d),
		       d->tray_open ? "open" : "closed");
	if (m) {
		int32_t nwa = vb_medium_nwa(m);

		vb_sbuf_printf(&sb,
			       ", \"profile\": \"0x%04x\", "
			       "\"format\": \"%s\", \"image\": ",
			       m->info->profile,
			       m->loaded ? m->image_format :
			       m->format ? m->format :
			       d->format ? d->format :
					   "auto");
		vb_sbuf_json_str(&sb, m->path);
		vb_sbuf_printf(&sb, ", \"loaded\": %s",
			       m->loaded ? "true" : "false");
		vb_sbuf_printf(&sb,
			       ", \"last_recording\": {\"bytes\": %llu, "
			       "\"seconds\": %.3f}",
			       (unsigned long long)m->rec_bytes,
			       m->rec_bytes ? m->rec_last - m->rec_first : 0.0);
		vb_sbuf_printf(&sb,
			       ", \"client_waits\": {\"count\": %u, "
			       "\"seconds\": %.3f}",
			       m->wait_count, m->wait_seconds);
		vb_sbuf_printf(&sb,
			       ", \"drive_time\": {\"commands\": %lu, "
			       "\"seconds\": %.3f}",
			       m->exec_count, m->exec_seconds);
		vb_sbuf_printf(&sb,
			       ", \"capacity\": %u, \"used\": %d, "
			       "\"free\": %d, \"nwa\": %d, ",
			       m->capacity, status_used(m), status_free(m),
			       nwa);
		status_disc_json(&sb, m);
	}
	vb_sbuf_printf(&sb,
		       ", \"capture\": {\"busy\": %s, "
		       "\"last_seconds\": %.3f}",
		       busy ? "true" : "false", cap_seconds);
	vb_sbuf_printf(&sb, ", \"last_error\": ");
	vb_sbuf_json_str(&sb, d->last_error);
	vb_sbuf_printf(&sb, "}");
	pthread_mutex_unlock(&d->lock);
	return vb_sbuf_finish(&sb);
}

size_t vb_drive_status_text(struct vb_drive *d, char *buf, size_t len)
{
	struct vb_sbuf sb = { buf, len, 0 };
	const struct vb_medium *m;

	pthread_mutex_lock(&d->lock);
	m = d->medium;
	vb_sbuf_printf(&sb, "drive %d: %s", d->index, disc_status_name(d));
	if (m) {
		vb_sbuf_printf(&sb,
			       " %s (profile 0x%04x)\n  image: %s\n"
			       "  sessions: %d closed, tracks: %d\n"
			       "  used: %d sectors, free: %d sectors\n",
			       m->info->desc, m->info->profile, m->path,
			       m->nsessions_closed, m->ntracks, status_used(m),
			       status_free(m));
		for (int i = 0; i < m->ntracks; i++)
			vb_sbuf_printf(&sb,
				       "  track %d: session %d, start %d, "
				       "length %u%s\n",
				       i + 1, m->tracks[i].session,
				       m->tracks[i].start, m->tracks[i].length,
				       m->tracks[i].closed ? "" : " (open)");
	} else {
		vb_sbuf_printf(&sb, "\n");
	}
	if (d->last_error[0])
		vb_sbuf_printf(&sb, "  last error: %s\n", d->last_error);
	pthread_mutex_unlock(&d->lock);
	return vb_sbuf_finish(&sb);
}
