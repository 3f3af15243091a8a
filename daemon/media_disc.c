/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The medium as a disc (docs/architecture.md "The medium is a disc"): every
 * read command serves from a struct vb_disc through the formats library's
 * sector reader and synthesis, whatever the disc's origin.
 *
 *   - A loaded image: the disc its reader built; extents point into the
 *     image's own files, opened read-only. Nothing is read at load time
 *     beyond the descriptors, so loading costs the same for any size.
 *   - A recording: the tracks recorded so far, Mode 1 data whose user
 *     bytes are the flat store at LBA x 2048. It is rebuilt lazily after
 *     the layout changed (a WRITE, a track or session closed), which costs
 *     an open of the store and a few allocations, never a read.
 *
 * Addressing of a recording (docs/clients.md 3.3, ECMA-130): on CD the first
 * track of a session starts 150 sectors after the session's program area
 * begins and each later TAO track 150 sectors after the previous track
 * ended; those gaps are the tracks' pregaps (INDEX 00), generated zero
 * data. DVD and BD tracks have no pregap; the alignment holes between
 * them belong to no track and cannot be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"

#define CD_PREGAP 150

static enum vb_disc_kind family_kind(enum vb_family f)
{
	switch (f) {
	case VB_FAM_CD:
		return VB_DISC_CD;
	case VB_FAM_DVD:
		return VB_DISC_DVD;
	default:
		return VB_DISC_BD;
	}
}

enum vb_disc_kind vb_media_disc_kind(const struct vb_media_info *info)
{
	return family_kind(info->family);
}

/*
 * Pregap of the recorded track i: the sectors between the end of the
 * previous track of its session (or 150 before its start for a session's
 * first track) and its start. CD only.
 */
static uint32_t recorded_pregap(const struct vb_medium *m, int i)
{
	const struct media_track *t = &m->tracks[i];
	const struct media_track *p = i ? &m->tracks[i - 1] : NULL;
	int32_t prev_end;

	if (m->info->family != VB_FAM_CD)
		return 0;
	if (!p || p->session != t->session)
		return CD_PREGAP;
	prev_end = p->start + (int32_t)p->length;
	return t->start > prev_end ? (uint32_t)(t->start - prev_end) : 0;
}

/* Appends the stored sectors [from, to) of a track whose LBA `start` is
 * its first stored sector: flat-file extents around the saved descriptor
 * sectors, which come from the log (media_iso.c). */
static int add_stored(const struct vb_medium *m, struct vb_track *t,
		      int32_t from, int32_t to, struct vb_src *store,
		      struct vb_src *log)
{
	struct vb_extent e = {
		.data = VB_DATA_USER,
		.stride = 2048,
		.data_size = 2048,
	};
	int r = 0;

	while (from < to && !r) {
		const bool saved = log && from >= 16 && from < 32;
		const int32_t end = saved	     ? VB_MIN(to, 32) :
				    from < 16 && log ? VB_MIN(to, 16) :
						       to;

		e.sectors = (uint32_t)(end - from);
		e.src = saved ? log : store;
		e.offset =
			saved ? m->vd_log_off + (uint64_t)(from - 16) * 2048 :
				(uint64_t)from * 2048;
		r = vb_track_add_extent(t, &e);
		from = end;
	}
	return r;
}

/* Adds recorded track i to d: pregap, stored sectors, unwritten rest. */
static int add_recorded_track(const struct vb_medium *m, int i,
			      struct vb_src *store, struct vb_src *log,
			      struct vb_disc *d)
{
	const struct media_track *mt = &m->tracks[i];
	const uint32_t stored = VB_MIN(mt->written, mt->length);
	struct vb_track *t = vb_disc_add_track(d);
	int r;

	if (!t)
		return -ENOMEM;
	t->number = (uint16_t)(i + 1);
	t->session = mt->session;
	t->start = mt->start;
	t->length = mt->length;
	t->pregap = recorded_pregap(m, i);
	t->mode = mt->mode;
	t->ctl = mt->ctl;
	memcpy(t->isrc, mt->isrc, sizeof(t->isrc));
	t->n_index = mt->n_index;
	memcpy(t->index, mt->index, sizeof(t->index[0]) * mt->n_index);
	if (mt->log_size && stored) {
		/* the sectors as the host sent them, from the log, with the
		 * part of an audio pregap it sent (SAO INDEX 00) */
		const uint32_t pre = VB_MIN(mt->pregap_stored, t->pregap);
		struct vb_extent e = {
			.data = mt->log_size == 2352 ? VB_DATA_RAW :
						       VB_DATA_USER,
			.src = log,
			.offset = mt->log_off +
				  (uint64_t)(mt->pregap_stored - pre) *
					  media_log_stride(mt),
			.stride = media_log_stride(mt),
			.data_size = mt->log_size,
			.sub = mt->rw ? VB_SUB_RW : VB_SUB_NONE,
			.sectors = pre + stored
		};

		r = t->pregap > pre ? vb_track_add_zero(t, t->pregap - pre) : 0;
		if (!r)
			r = log ? vb_track_add_extent(t, &e) : -EIO;
	} else {
		r = t->pregap ? vb_track_add_zero(t, t->pregap) : 0;
		if (!r && stored)
			r = add_stored(m, t, mt->start,
				       mt->start + (int32_t)stored, store,
				       i == 0 && m->vd_saved ? log : NULL);
	}
	/* A closed reserved track keeps its reserved size; what was never
	 * written reads as zeros, as on a disc written with padding. */
	if (!r && mt->length > stored)
		r = vb_track_add_zero(t, mt->length - stored);
	return r;
}

/* Which recorded tracks a disc of the medium holds. */
enum recorded_view {
	VIEW_READ,	      /* every track that holds a sector (reads) */
	VIEW_CLOSED_TRACKS,   /* closed tracks (the manifest) */
	VIEW_CLOSED_SESSIONS, /* closed sessions (captures) */
	VIEW_TOC,	      /* what READ TOC lists (mmc_toc.c) */
};

static bool view_has(const struct vb_medium *m, const struct media_track *t,
		     enum recorded_view v)
{
	switch (v) {
	case VIEW_READ:
		return t->length > 0;
	case VIEW_CLOSED_TRACKS:
		return t->closed && t->length > 0;
	case VIEW_TOC:
		/* a CD's TOC holds closed sessions; DVD and BD drives list
		 * every closed track (a DVD-ROM compatible TOC) */
		return t->closed && t->length > 0 &&
		       (m->info->family != VB_FAM_CD ||
			t->session <= m->nsessions_closed);
	default:
		return t->length > 0 && t->session <= m->nsessions_closed;
	}
}

/*
 * The recorded tracks in view as a disc. *out is NULL when there is
 * nothing to show.
 */
static int build_recorded(const struct vb_medium *m, enum recorded_view view,
			  struct vb_disc **out, struct vb_diag *diag)
{
	struct vb_disc *d = NULL;
	struct vb_src *store = NULL, *log = NULL;
	int session = 0;
	int r;

	if (m->info->overwritable) /* one track: media_rw.c */
		return medium_ow_disc(m, view != VIEW_CLOSED_SESSIONS, out,
				      diag);
	*out = NULL;
	r = vb_src_open(&store, m->path);
	if (!r && m->log_fd >= 0)
		r = vb_src_open(&log, m->log_path);
	if (r) {
		vb_diag_set(diag, log ? m->log_path : m->path, "%s",
			    strerror(-r));
		vb_src_unref(store);
		return r;
	}
	d = vb_disc_new(family_kind(m->info->family));
	if (!d) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < m->ntracks; i++) {
		const struct media_track *mt = &m->tracks[i];

		if (!view_has(m, mt, view))
			continue;
		while (session < mt->session) {
			if (!vb_disc_add_session(d)) {
				r = -ENOMEM;
				goto out;
			}
			session++;
		}
		r = add_recorded_track(m, i, store, log, d);
		if (r)
			goto out;
	}
	if (!d->n_tracks)
		goto out; /* nothing recorded yet: no disc */
	d->open = !m->finalized;
	memcpy(d->mcn, m->mcn, sizeof(d->mcn));
	if (m->cdtext_len) {
		/* the packs as recorded, and their strings for the
		 * formats that keep CD-TEXT as text (CUE, TOC) */
		r = vb_disc_set_cdtext(d, m->cdtext, m->cdtext_len);
		if (!r)
			r = vb_cdtext_decode(d);
		if (r)
			goto out;
	}
	r = vb_disc_finish(d, m->path, diag);
	if (!r) {
		*out = d;
		d = NULL;
	}
out:
	vb_disc_unref(d);
	vb_src_unref(store);
	vb_src_unref(log);
	return r;
}

int vb_medium_capture_disc(const struct vb_medium *m, struct vb_disc **out,
			   struct vb_diag *diag)
{
	return build_recorded(m, VIEW_CLOSED_SESSIONS, out, diag);
}

int vb_medium_toc_disc(struct vb_medium *m, struct vb_disc **out)
{
	struct vb_diag diag = { "" };

	if (m->loaded) {
		*out = vb_disc_ref(m->disc);
		return 0;
	}
	return build_recorded(m, VIEW_TOC, out, &diag);
}

int vb_medium_committed_disc(const struct vb_medium *m, struct vb_disc **out,
			     struct vb_diag *diag)
{
	return build_recorded(m, VIEW_CLOSED_TRACKS, out, diag);
}

enum vb_disc_kind vb_medium_disc_kind(const struct vb_medium *m)
{
	return family_kind(m->info->family);
}

void vb_medium_disc_changed(struct vb_medium *m)
{
	if (!m->loaded)
		m->disc_stale = true;
}

const struct vb_disc *vb_medium_disc(struct vb_medium *m)
{
	struct vb_diag diag = { "" };
	struct vb_disc *d;

	if (m->loaded || !m->disc_stale)
		return m->disc;
	if (build_recorded(m, VIEW_READ, &d, &diag)) {
		/* Keep serving the last good layout; the next change tries
		 * again. */
		log_err("%s", diag.msg);
		return m->disc;
	}
	vb_disc_unref(m->disc);
	m->disc = d;
	m->disc_stale = false;
	return d;
}

const struct vb_track *vb_medium_track(struct vb_medium *m, int number)
{
	const struct vb_disc *d = vb_medium_disc(m);

	return d && number > 0 ? vb_disc_track(d, (unsigned)number) : NULL;
}

uint8_t vb_medium_track_ctl(struct vb_medium *m, int number)
{
	const struct vb_track *t = vb_medium_track(m, number);

	return t ? t->ctl : VB_CTL_DATA;
}

enum vb_sense vb_medium_read_as(struct vb_medium *m, int32_t lba, uint32_t n,
				enum vb_read_kind kind, uint8_t *out)
{
	const struct vb_disc *d = vb_medium_disc(m);
	int r;

	if (!d || lba < 0 || (int64_t)lba + n > vb_disc_leadout(d))
		return S_LBA_OUT_OF_RANGE;
	r = vb_disc_read(d, lba, n, kind, out);
	switch (r) {
	case 0:
		return VB_OK;
	case -ENXIO: /* lead-out, lead-in or a gap between sessions */
		return S_LBA_OUT_OF_RANGE;
	case -EMEDIUMTYPE: /* e.g. READ(10) of an audio sector */
		return S_ILLEGAL_MODE_FOR_TRACK;
	case -EINVAL:
		return S_LBA_OUT_OF_RANGE;
	default:
		log_err("%s: read at LBA %d: %s", m->path, lba, strerror(-r));
		return S_UNRECOVERED_READ_ERROR;
	}
}

enum vb_sense vb_medium_read(struct vb_medium *m, int32_t lba, uint8_t *data,
			     uint32_t n)
{
	return vb_medium_read_as(m, lba, n, VB_READ_USER, data);
}

/* Largest CD a drive reads: 99 minutes of lead-out address. */
#define CD_MAX_SECTORS (99 * 60 * 75 - 150)

/*
 * The read-only medium for a loaded disc (docs/architecture.md: the profile
 * follows the image, by kind and size): an image that says DVD or BD is one; a
 * plain 2048-byte image larger than any CD is a DVD-ROM, or a BD-ROM when it is
 * larger than a dual-layer DVD.
 */
static const struct vb_media_info *loaded_info(const struct vb_disc *d)
{
	const int32_t end = vb_disc_leadout(d);
	enum vb_media k = VB_MEDIA_CD_ROM;

	if (d->kind == VB_DISC_BD)
		k = VB_MEDIA_BD_ROM;
	else if (d->kind == VB_DISC_DVD || end > CD_MAX_SECTORS)
		k = end > (int32_t)vb_media_info(VB_MEDIA_DVD_PLUS_R_DL)
					    ->capacity ?
			    VB_MEDIA_BD_ROM :
			    VB_MEDIA_DVD_ROM;
	return vb_media_info(k);
}

/* The write-state track table of a loaded disc: every track closed, every
 * session complete, the disc finalized (read-only media). */
static int load_tracks(struct vb_medium *m, const struct vb_disc *d)
{
	m->tracks = calloc(d->n_tracks, sizeof(*m->tracks));
	if (!m->tracks)
		return -ENOMEM;
	for (unsigned i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];
		struct media_track *mt = &m->tracks[i];

		mt->start = t->start;
		mt->length = mt->written = t->length;
		mt->session = (uint8_t)VB_MIN(t->session, 255u);
		mt->closed = true;
	}
	m->ntracks = m->tracks_cap = (int)d->n_tracks;
	m->nsessions_closed = d->sessions[d->n_sessions - 1]->number;
	m->finalized = true;
	m->next_start = vb_disc_leadout(d);
	return 0;
}

struct vb_medium *vb_medium_load(const char *path, char *err, size_t errlen)
{
	struct vb_diag diag = { "" };
	struct vb_medium *m = calloc(1, sizeof(*m));
	struct vb_disc *d = NULL;
	const char *fmt = NULL;
	int r;

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->fd = -1;
	m->log_fd = -1;
	m->loaded = true;
	r = vb_img_open(path, NULL, &d, &fmt, &diag);
	if (r) {
		snprintf(err, errlen, "%s",
			 diag.msg[0] ? diag.msg : strerror(-r));
		free(m);
		return NULL;
	}
	/* a CD whose end no MSF can address has no TOC to give */
	if (d->kind == VB_DISC_CD && vb_disc_leadout(d) > VB_CD_LBA_MAX) {
		snprintf(err, errlen,
			 "%s: a CD of %d sectors ends past the last CD "
			 "address (99:59:74)",
			 path, vb_disc_leadout(d));
		vb_disc_unref(d);
		free(m);
		return NULL;
	}
	m->disc = d;
	m->info = loaded_info(d);
	m->capacity = (uint32_t)vb_disc_leadout(d);
	m->image_format = fmt;
	m->path = strdup(path);
	if (!m->path || load_tracks(m, d)) {
		snprintf(err, errlen, "out of memory");
		vb_medium_free(m);
		return NULL;
	}
	return m;
}

bool vb_medium_loaded(const struct vb_medium *m)
{
	return m->loaded;
}

const char *vb_medium_mcn(struct vb_medium *m)
{
	const struct vb_disc *d = vb_medium_disc(m);

	return d && d->mcn[0] ? d->mcn : NULL;
}
