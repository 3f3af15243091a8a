/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disc model (include/vburn/disc.h): building a disc (sessions, tracks,
 * extents, indexes, MCN/ISRC, CD-TEXT), checking its invariants once in
 * vb_disc_finish(), and the lookups the daemon and the tools use. Reading
 * sectors through the extents lives in formats/disc_read.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"

void vb_diag_set(struct vb_diag *diag, const char *file, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!diag)
		return;
	if (file)
		n = snprintf(diag->msg, sizeof(diag->msg), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(diag->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(diag->msg + n, sizeof(diag->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* one line, whatever bytes a broken file put into the message */
	for (n = 0; diag->msg[n]; n++)
		if ((unsigned char)diag->msg[n] < 0x20 || diag->msg[n] == 0x7f)
			diag->msg[n] = '?';
}

struct vb_disc *vb_disc_new(enum vb_disc_kind kind)
{
	struct vb_disc *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->kind = kind;
	d->refs = 1;
	return d;
}

struct vb_disc *vb_disc_ref(struct vb_disc *d)
{
	if (d)
		__atomic_add_fetch(&d->refs, 1, __ATOMIC_RELAXED);
	return d;
}

static void track_free(struct vb_track *t)
{
	unsigned i;

	for (i = 0; i < t->n_extents; i++) {
		vb_src_unref(t->extents[i].src);
		vb_src_unref(t->extents[i].sub_src);
	}
	free(t->extents);
	free(t);
}

void vb_disc_unref(struct vb_disc *d)
{
	unsigned i;

	if (!d || __atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < d->n_tracks; i++)
		track_free(d->tracks[i]);
	free(d->tracks);
	for (i = 0; i < d->n_sessions; i++)
		free(d->sessions[i]);
	free(d->sessions);
	for (i = 0; i < d->n_cdtext_items; i++)
		free(d->cdtext_items[i].text);
	free(d->cdtext_items);
	free(d->cdtext);
	free(d);
}

/* Grows a pointer array by one slot; 0 or -ENOMEM. */
static int grow(void *arrp, unsigned n, size_t elem)
{
	void **arr = arrp;
	void *p = realloc(*arr, (n + 1) * elem);

	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

struct vb_session *vb_disc_add_session(struct vb_disc *d)
{
	struct vb_session *s = calloc(1, sizeof(*s));

	if (!s || grow(&d->sessions, d->n_sessions, sizeof(*d->sessions))) {
		free(s);
		return NULL;
	}
	s->number = (uint16_t)(d->n_sessions + 1);
	s->disc_type = VB_DISC_TYPE_AUTO;
	s->first = d->n_tracks;
	d->sessions[d->n_sessions++] = s;
	return s;
}

struct vb_track *vb_disc_add_track(struct vb_disc *d)
{
	struct vb_session *s;
	struct vb_track *t;

	if (!d->n_sessions)
		return NULL;
	s = d->sessions[d->n_sessions - 1];
	t = calloc(1, sizeof(*t));
	if (!t || grow(&d->tracks, d->n_tracks, sizeof(*d->tracks))) {
		free(t);
		return NULL;
	}
	t->number = d->n_tracks ? d->tracks[d->n_tracks - 1]->number + 1 : 1;
	t->session = s->number;
	t->mode = VB_MODE_MODE1;
	t->ctl = VB_CTL_DATA;
	if (!s->count)
		s->first = d->n_tracks;
	s->count++;
	d->tracks[d->n_tracks++] = t;
	return t;
}

static bool extent_valid(const struct vb_extent *e)
{
	if (!e->sectors)
		return false;
	if (e->data == VB_DATA_ZERO)
		return !e->src && e->sub == VB_SUB_NONE;
	if (!e->src || e->stride < e->data_size || e->stride > 8192)
		return false;
	if (e->data == VB_DATA_RAW && e->data_size != 2352)
		return false;
	if (e->data == VB_DATA_USER && e->data_size != 2048 &&
	    e->data_size != 2324 && e->data_size != 2336)
		return false;
	if (e->sub != VB_SUB_NONE && !e->sub_src &&
	    e->stride < e->data_size + (e->sub == VB_SUB_Q16 ? 16u : 96u))
		return false;
	return true;
}

/* true if b continues a exactly, so the two can be one extent */
static bool extent_continues(const struct vb_extent *a,
			     const struct vb_extent *b)
{
	if (a->data != b->data || a->src != b->src || a->sub != b->sub ||
	    a->sub_src != b->sub_src || a->swap != b->swap)
		return false;
	if (a->data == VB_DATA_ZERO)
		return true;
	if (a->stride != b->stride || a->data_size != b->data_size ||
	    b->offset != a->offset + (uint64_t)a->sectors * a->stride)
		return false;
	return !a->sub_src ||
	       (a->sub_stride == b->sub_stride &&
		b->sub_offset ==
			a->sub_offset + (uint64_t)a->sectors * a->sub_stride);
}

int vb_track_add_extent(struct vb_track *t, const struct vb_extent *e)
{
	struct vb_extent *last;

	if (!extent_valid(e))
		return -EINVAL;
	last = t->n_extents ? &t->extents[t->n_extents - 1] : NULL;
	if (last && extent_continues(last, e) &&
	    (uint64_t)last->sectors + e->sectors <= UINT32_MAX) {
		last->sectors += e->sectors;
		return 0;
	}
	if (grow(&t->extents, t->n_extents, sizeof(*t->extents)))
		return -ENOMEM;
	t->extents[t->n_extents] = *e;
	vb_src_ref(e->src);
	vb_src_ref(e->sub_src);
	t->n_extents++;
	return 0;
}

int vb_track_add_zero(struct vb_track *t, uint32_t n)
{
	struct vb_extent e = { .sectors = n, .data = VB_DATA_ZERO };

	return n ? vb_track_add_extent(t, &e) : 0;
}

int vb_track_add_index(struct vb_track *t, uint32_t off)
{
	if (t->n_index >= VB_MAX_INDEX - 1)
		return -ERANGE;
	if (off == 0 || (t->n_index && off <= t->index[t->n_index - 1]))
		return -EINVAL;
	t->index[t->n_index++] = off;
	return 0;
}

int vb_disc_set_cdtext(struct vb_disc *d, const uint8_t *packs, size_t len)
{
	uint8_t *p;

	if (len % 18)
		return -EINVAL;
	p = malloc(len ? len : 1);
	if (!p)
		return -ENOMEM;
	memcpy(p, packs, len);
	free(d->cdtext);
	d->cdtext = p;
	d->cdtext_len = len;
	return 0;
}

int vb_disc_add_cdtext_item(struct vb_disc *d, uint8_t block, uint8_t type,
			    uint8_t track, const char *text)
{
	struct vb_cdtext_item *it;
	char *copy;

	if (block > 7 || type < 0x80 || type > 0x8f)
		return -EINVAL;
	copy = strdup(text);
	if (!copy || grow(&d->cdtext_items, d->n_cdtext_items,
			  sizeof(*d->cdtext_items))) {
		free(copy);
		return -ENOMEM;
	}
	it = &d->cdtext_items[d->n_cdtext_items++];
	it->block = block;
	it->type = type;
	it->track = track;
	it->text = copy;
	return 0;
}

static uint8_t session_type(const struct vb_disc *d, const struct vb_session *s)
{
	bool m1 = false, m2 = false;
	unsigned i;

	for (i = s->first; i < s->first + s->count; i++) {
		enum vb_track_mode m = d->tracks[i]->mode;

		if (m == VB_MODE_MODE1)
			m1 = true;
		else if (m != VB_MODE_AUDIO && m != VB_MODE_MODE0)
			m2 = true;
	}
	/* cdrdao's rule (docs/formats.md 4.1): Mode 2 and no Mode 1 -> XA */
	return m2 && !m1 ? VB_DISC_TYPE_XA : VB_DISC_TYPE_CDDA_CDROM;
}

static int track_check(const struct vb_track *t, const char *file,
		       struct vb_diag *diag)
{
	uint64_t sum = 0;
	unsigned i;

	for (i = 0; i < t->n_extents; i++) {
		const struct vb_extent *e = &t->extents[i];
		uint64_t need =
			(uint64_t)(e->sectors - 1) * e->stride + e->data_size;

		sum += e->sectors;
		if (e->src && !vb_src_has(e->src, e->offset, need)) {
			vb_diag_set(diag, file,
				    "track %u needs %u sectors of "
				    "%u bytes at offset %llu of %s, which is "
				    "only %llu bytes long",
				    t->number, e->sectors, e->stride,
				    (unsigned long long)e->offset,
				    vb_src_name(e->src),
				    (unsigned long long)vb_src_size(e->src));
			return -EINVAL;
		}
		if (e->sub_src &&
		    !vb_src_has(e->sub_src, e->sub_offset,
				(uint64_t)e->sectors * e->sub_stride)) {
			vb_diag_set(diag, file,
				    "track %u: subchannel file %s "
				    "is too short",
				    t->number, vb_src_name(e->sub_src));
			return -EINVAL;
		}
	}
	if (sum != (uint64_t)t->pregap + t->length) {
		vb_diag_set(diag, file,
			    "track %u: %llu sectors stored for a "
			    "pregap of %u and a length of %u",
			    t->number, (unsigned long long)sum, t->pregap,
			    t->length);
		return -EINVAL;
	}
	if (!t->length) {
		vb_diag_set(diag, file, "track %u is empty", t->number);
		return -EINVAL;
	}
	if (t->n_index && t->index[t->n_index - 1] >= t->length) {
		vb_diag_set(diag, file, "track %u: index beyond its end",
			    t->number);
		return -EINVAL;
	}
	return 0;
}

static int session_finish(struct vb_disc *d, struct vb_session *s,
			  int64_t *prev_end, const char *file,
			  struct vb_diag *diag)
{
	unsigned i;
	int ret;

	if (!s->count) {
		vb_diag_set(diag, file, "session %u has no tracks", s->number);
		return -EINVAL;
	}
	for (i = s->first; i < s->first + s->count; i++) {
		const struct vb_track *t = d->tracks[i];
		int64_t begin = (int64_t)t->start - t->pregap;

		ret = track_check(t, file, diag);
		if (ret)
			return ret;
		if (begin < *prev_end ||
		    (i && t->number <= d->tracks[i - 1]->number)) {
			vb_diag_set(diag, file,
				    "track %u overlaps the "
				    "previous track or is out of order",
				    t->number);
			return -EINVAL;
		}
		if (t->session != s->number || t->number == 0) {
			vb_diag_set(diag, file,
				    "track %u: bad track or "
				    "session number",
				    t->number);
			return -EINVAL;
		}
		*prev_end = (int64_t)t->start + t->length;
	}
	if (!s->leadout)
		s->leadout = (int32_t)*prev_end;
	if (s->leadout < *prev_end) {
		vb_diag_set(diag, file,
			    "session %u: lead-out %d before the "
			    "end of its last track",
			    s->number, s->leadout);
		return -EINVAL;
	}
	*prev_end = s->leadout;
	if (s->disc_type == VB_DISC_TYPE_AUTO)
		s->disc_type = session_type(d, s);
	return 0;
}

int vb_disc_finish(struct vb_disc *d, const char *file, struct vb_diag *diag)
{
	int64_t end = INT32_MIN;
	unsigned i;
	int ret;

	if (!d->n_sessions || !d->n_tracks) {
		vb_diag_set(diag, file, "no tracks");
		return -EINVAL;
	}
	for (i = 0; i < d->n_sessions; i++) {
		ret = session_finish(d, d->sessions[i], &end, file, diag);
		if (ret)
			return ret;
		if (end > INT32_MAX) {
			vb_diag_set(diag, file, "more than 2^31 sectors");
			return -EINVAL;
		}
	}
	if (d->cdtext_len && !d->n_cdtext_items) {
		ret = vb_cdtext_decode(d);
		if (ret) {
			vb_diag_set(diag, file, "out of memory");
			return ret;
		}
	}
	return 0;
}

const struct vb_track *vb_disc_track(const struct vb_disc *d, unsigned number)
{
	unsigned i;

	for (i = 0; i < d->n_tracks; i++)
		if (d->tracks[i]->number == number)
			return d->tracks[i];
	return NULL;
}

const struct vb_track *vb_disc_track_at(const struct vb_disc *d, int32_t lba)
{
	unsigned lo = 0, hi = d->n_tracks;

	/* tracks are ascending and disjoint (vb_disc_finish) */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		const struct vb_track *t = d->tracks[mid];

		if ((int64_t)lba < (int64_t)t->start - t->pregap)
			hi = mid;
		else if ((int64_t)lba >= (int64_t)t->start + t->length)
			lo = mid + 1;
		else
			return t;
	}
	return NULL;
}

const struct vb_session *vb_disc_session(const struct vb_disc *d,
					 unsigned number)
{
	if (number == 0 || number > d->n_sessions)
		return NULL;
	return d->sessions[number - 1];
}

int32_t vb_disc_leadout(const struct vb_disc *d)
{
	return d->n_sessions ? d->sessions[d->n_sessions - 1]->leadout : 0;
}

const char *vb_track_mode_name(enum vb_track_mode mode)
{
	static const char *const names[VB_MODE__COUNT] = {
		[VB_MODE_AUDIO] = "audio",
		[VB_MODE_MODE1] = "mode1",
		[VB_MODE_MODE2] = "mode2",
		[VB_MODE_MODE2_FORM1] = "mode2_form1",
		[VB_MODE_MODE2_FORM2] = "mode2_form2",
		[VB_MODE_MODE2_MIXED] = "mode2_mixed",
		[VB_MODE_MODE0] = "mode0",
	};

	return (unsigned)mode < VB_MODE__COUNT ? names[mode] : "?";
}

bool vb_mode_is_data(enum vb_track_mode mode)
{
	return mode != VB_MODE_AUDIO;
}

/* The extent holding track-relative sector rel (0 = first pregap sector). */
static const struct vb_extent *extent_at(const struct vb_track *t, uint32_t rel)
{
	unsigned i;

	for (i = 0; i < t->n_extents; i++) {
		if (rel < t->extents[i].sectors)
			return &t->extents[i];
		rel -= t->extents[i].sectors;
	}
	return NULL;
}

unsigned vb_track_sector_size(const struct vb_track *t)
{
	const struct vb_extent *e = extent_at(t, t->pregap);
	unsigned sub = 0;

	if (!e || e->data == VB_DATA_ZERO)
		return 0;
	if (e->sub != VB_SUB_NONE && !e->sub_src)
		sub = e->sub == VB_SUB_Q16 ? 16 : 96;
	return e->data_size + sub;
}

unsigned vb_track_main_size(const struct vb_track *t)
{
	const struct vb_extent *e = extent_at(t, t->pregap);

	return e && e->data != VB_DATA_ZERO ? e->data_size : 0;
}

enum vb_sub_fmt vb_track_sub(const struct vb_track *t)
{
	const struct vb_extent *e = extent_at(t, t->pregap);

	return e ? e->sub : VB_SUB_NONE;
}

bool vb_track_pregap_stored(const struct vb_track *t)
{
	return t->pregap && t->n_extents && t->extents[0].src;
}
