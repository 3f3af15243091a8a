/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The media table (the one place that knows profiles and capacities) and
 * the write-once medium model: tracks, sessions, next writable address and
 * the capture image. See media.h for the model.
 *
 * Capture: the image is a flat ISO with 2048 bytes per LBA, written at the
 * absolute LBA the drive reports (LBA * 2048). Session gaps stay holes, so
 * a multi-session disc is one ISO that isofs mounts with sbsector=<start
 * of the last session> and xorriso -indev sees whole. Data of earlier
 * sessions is never rewritten: writes are accepted only at the NWA.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "vburn/vbd.h"

#define SECTOR 2048u

/*
 * CD session gaps (docs/clients.md 3.3, Red Book layout): after the first
 * session 6750 lead-out + 4500 lead-in + 150 pregap, after later sessions
 * 2250 + 4500 + 150. Within a session, each TAO track after the first
 * starts after a 150-sector pregap.
 */
#define CD_GAP_FIRST_SESSION 11400
#define CD_GAP_LATER_SESSION 6900
#define CD_TRACK_PREGAP 150
/*
 * DVD and BD sessions end in a closure zone; drives report the next
 * session a little after the previous one. 2048 sectors for DVD+R/-R and
 * one cluster run for BD-R is an approximation of what drives report.
 */
#define DVD_SESSION_GAP 2048
#define BD_SESSION_GAP 0

static const struct vb_media_info media_table[] = {
	/* 80-minute CD: lead-out may start at 79:59:74 = LBA 359849. */
	{ VB_MEDIA_CD_R, "cd-r", "CD-R", 0x0009, VB_FAM_CD, false, false,
	  359849, 1, false, true },
	{ VB_MEDIA_CD_RW, "cd-rw", "CD-RW", 0x000a, VB_FAM_CD, true, false,
	  359849, 1, false, true },
	/* 4.7 GB single-layer DVD. */
	{ VB_MEDIA_DVD_R, "dvd-r", "DVD-R", 0x0011, VB_FAM_DVD, false, false,
	  2298496, 16, false, true },
	{ VB_MEDIA_DVD_RW, "dvd-rw", "DVD-RW", 0x0014, VB_FAM_DVD, true, false,
	  2298496, 16, false, true },
	/* The same disc formatted for restricted overwrite (media_dvdrw.c):
	 * after the sequential entry, so names and kinds find that one. */
	{ VB_MEDIA_DVD_RW, "dvd-rw", "DVD-RW restricted overwrite", 0x0013,
	  VB_FAM_DVD, true, true, 2298496, 16, false, false },
	{ VB_MEDIA_DVD_PLUS_R, "dvd+r", "DVD+R", 0x001b, VB_FAM_DVD, false,
	  false, 2295104, 16, false, false },
	{ VB_MEDIA_DVD_PLUS_RW, "dvd+rw", "DVD+RW", 0x001a, VB_FAM_DVD, false,
	  true, 2295104, 16, false, false },
	/* 8.5 GB dual-layer DVD+R. */
	{ VB_MEDIA_DVD_PLUS_R_DL, "dvd+r-dl", "DVD+R DL", 0x002b, VB_FAM_DVD,
	  false, false, 4173824, 16, false, false },
	/* 25 GB single-layer BD; BD-R sequential recording mode. */
	{ VB_MEDIA_BD_R, "bd-r", "BD-R", 0x0041, VB_FAM_BD, false, false,
	  12219392, 32, false, false },
	{ VB_MEDIA_BD_RE, "bd-re", "BD-RE", 0x0043, VB_FAM_BD, false, true,
	  12219392, 32, false, false },
	/* Read-only discs: loaded images (media_disc.c). */
	{ VB_MEDIA_CD_ROM, "cd-rom", "CD-ROM", 0x0008, VB_FAM_CD, false, false,
	  359849, 1, true, false },
	{ VB_MEDIA_DVD_ROM, "dvd-rom", "DVD-ROM", 0x0010, VB_FAM_DVD, false,
	  false, 4173824, 16, true, false },
	{ VB_MEDIA_BD_ROM, "bd-rom", "BD-ROM", 0x0040, VB_FAM_BD, false, false,
	  12219392, 32, true, false },
};

/* MMC-6 Table 91, the profiles this drive reports (GET CONFIGURATION). */
const uint16_t vb_profiles[] = { 0x0043, 0x0041, 0x0040, 0x002b, 0x001b,
				 0x001a, 0x0014, 0x0013, 0x0011, 0x0010,
				 0x000a, 0x0009, 0x0008 };
const unsigned vb_nprofiles = VB_ARRAY_SIZE(vb_profiles);

const struct vb_media_info *vb_media_info(enum vb_media m)
{
	for (size_t i = 0; i < VB_ARRAY_SIZE(media_table); i++)
		if (media_table[i].media == m)
			return &media_table[i];
	return NULL;
}

const struct vb_media_info *vb_media_info_profile(uint16_t profile)
{
	for (size_t i = 0; i < VB_ARRAY_SIZE(media_table); i++)
		if (media_table[i].profile == profile)
			return &media_table[i];
	return NULL;
}

int vb_media_parse(const char *name)
{
	if (!strcmp(name, "none"))
		return VB_MEDIA_NONE;
	for (size_t i = 0; i < VB_ARRAY_SIZE(media_table); i++)
		if (!strcmp(media_table[i].name, name))
			return (int)media_table[i].media;
	return -1;
}

const char *vb_media_name(enum vb_media m)
{
	const struct vb_media_info *mi = vb_media_info(m);

	return mi ? mi->name : "none";
}

struct vb_medium *vb_medium_new_blank(const struct vb_media_info *info,
				      uint64_t capacity, const char *path,
				      char *err, size_t errlen)
{
	struct vb_medium *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (capacity == 0 || capacity > info->capacity * 4ull)
		capacity = capacity ? info->capacity * 4ull : info->capacity;
	/* the kind's first entry: a blank DVD-RW is sequential, 0014h
	 * (docs/clients.md 3.7), whatever mode it was in before BLANK */
	m->info = vb_media_info(info->media);
	m->capacity = (uint32_t)capacity;
	m->blank_capacity = m->capacity;
	m->log_fd = -1;
	m->path = strdup(path);
	m->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (!m->path || m->fd < 0) {
		snprintf(err, errlen, "%s: cannot create image: %s", path,
			 strerror(m->path ? errno : ENOMEM));
		free(m->path);
		free(m);
		return NULL;
	}
	/* Commit point at insert: the manifest of the blank. */
	if (vb_medium_commit(m)) {
		snprintf(err, errlen, "%s: cannot write the manifest", path);
		vb_medium_free(m);
		return NULL;
	}
	return m;
}

/* Removes the store and the manifest of a medium never written. */
static void medium_remove_files(const struct vb_medium *m)
{
	char vbd[4096];

	if (unlink(m->path) < 0 && errno != ENOENT)
		log_warn("%s: %s", m->path, strerror(errno));
	if (!vb_img_sibling(m->path, "vbd", vbd, sizeof(vbd)) &&
	    unlink(vbd) < 0 && errno != ENOENT)
		log_warn("%s: %s", vbd, strerror(errno));
}

void vb_medium_free(struct vb_medium *m)
{
	if (!m)
		return;
	vb_disc_unref(m->disc);
	/* A blank that was never written leaves no empty image behind. */
	if (!m->loaded && m->ntracks == 0 && m->bytes_written == 0)
		medium_remove_files(m);
	if (m->fd >= 0) {
		if (fsync(m->fd) < 0)
			log_warn("%s: fsync: %s", m->path, strerror(errno));
		close(m->fd);
	}
	if (m->log_fd >= 0)
		close(m->log_fd);
	free(m->log_path);
	free(m->cdtext);
	free(m->tracks);
	free(m->format);
	free(m->path);
	free(m);
}

struct media_track *vb_medium_open_track(const struct vb_medium *m)
{
	if (m->ntracks && !m->tracks[m->ntracks - 1].closed)
		return &m->tracks[m->ntracks - 1];
	return NULL;
}

enum vb_disc_status vb_medium_disc_status(const struct vb_medium *m)
{
	if (m->finalized)
		return VB_DISC_COMPLETE;
	return m->ntracks ? VB_DISC_APPENDABLE : VB_DISC_BLANK;
}

int vb_medium_last_session_state(const struct vb_medium *m)
{
	if (m->finalized)
		return 3;
	if (m->ntracks &&
	    m->tracks[m->ntracks - 1].session > m->nsessions_closed)
		return 1;
	return 0;
}

const struct vb_media_info *vb_medium_info(const struct vb_medium *m)
{
	return m->info;
}

uint32_t vb_medium_capacity(const struct vb_medium *m)
{
	return m->capacity;
}

bool vb_medium_finalized(const struct vb_medium *m)
{
	return m->finalized;
}

int vb_medium_ntracks(const struct vb_medium *m)
{
	return m->ntracks;
}

const struct media_track *vb_medium_rec_track(const struct vb_medium *m, int i)
{
	return &m->tracks[i];
}

int vb_medium_sessions_closed(const struct vb_medium *m)
{
	return m->nsessions_closed;
}

int media_pwrite(struct vb_medium *m, int fd, const char *path, const void *buf,
		 size_t len, off_t off)
{
	const uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		const ssize_t n =
			pwrite(fd, p + done, len - done, off + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			const int e = n < 0 ? errno : EIO;

			snprintf(m->io_err, sizeof(m->io_err), "%s",
				 strerror(e));
			log_err("%s: write of %zu bytes at byte %lld: %s", path,
				len, (long long)off, m->io_err);
			return -e;
		}
		done += (size_t)n;
	}
	m->io_err[0] = 0;
	return 0;
}

const char *vb_medium_io_error(const struct vb_medium *m)
{
	return m->io_err;
}

uint32_t vb_medium_open_sectors(const struct vb_medium *m)
{
	uint32_t n = 0;

	/* a loaded image's tracks are its own, never an open recording */
	for (int i = 0; !m->loaded && !m->finalized && i < m->ntracks; i++)
		if (m->tracks[i].session > m->nsessions_closed)
			n += m->tracks[i].length;
	return n;
}

int32_t vb_medium_next_start(const struct vb_medium *m)
{
	return m->next_start;
}

int vb_medium_nsessions(const struct vb_medium *m)
{
	return m->finalized ? m->nsessions_closed : m->nsessions_closed + 1;
}

int32_t vb_medium_nwa(const struct vb_medium *m)
{
	if (m->finalized)
		return -1;
	if (m->ntracks && !m->tracks[m->ntracks - 1].closed) {
		const struct media_track *t = &m->tracks[m->ntracks - 1];

		return t->start + (int32_t)t->length;
	}
	/* No room left for another track: nothing can be written, and
	 * READ TRACK INFORMATION must not offer an address past the end. */
	return m->next_start < (int32_t)m->capacity ? m->next_start : -1;
}

int32_t vb_medium_recorded_end(const struct vb_medium *m)
{
	if (m->info->overwritable && !m->loaded)
		return (int32_t)m->formatted; /* media_rw.c: all readable */
	if (!m->ntracks)
		return 0;
	return m->tracks[m->ntracks - 1].start +
	       (int32_t)m->tracks[m->ntracks - 1].length;
}

int32_t vb_medium_session_end(const struct vb_medium *m, int s)
{
	int32_t end = 0;

	for (int i = 0; i < m->ntracks; i++)
		if (m->tracks[i].session == s)
			end = m->tracks[i].start + (int32_t)m->tracks[i].length;
	return end;
}

int vb_medium_session_first_track(const struct vb_medium *m, int s)
{
	for (int i = 0; i < m->ntracks; i++)
		if (m->tracks[i].session == s)
			return i + 1;
	return 0;
}

/* Opens the invisible track as track ntracks+1 of the open session. */
static struct media_track *medium_open_new_track(struct vb_medium *m)
{
	struct media_track *t;

	if (m->ntracks == m->tracks_cap) {
		int cap = m->tracks_cap ? m->tracks_cap * 2 : 8;
		struct media_track *n = realloc(m->tracks, sizeof(*n) * cap);

		if (!n)
			return NULL;
		m->tracks = n;
		m->tracks_cap = cap;
	}
	t = &m->tracks[m->ntracks++];
	memset(t, 0, sizeof(*t));
	t->start = m->next_start;
	t->session = (uint8_t)(m->nsessions_closed + 1);
	t->mode = VB_MODE_MODE1;
	t->ctl = VB_CTL_DATA;
	if (m->pending_n) {
		/* the pregap the host sent before this track (SAO) */
		t->mode = VB_MODE_AUDIO;
		t->log_size = 2352;
		t->rw = m->pending_rw;
		t->ctl = 0;
		t->log_off = m->pending_off;
		t->pregap_stored = m->pending_n;
		m->pending_n = 0;
	}
	return t;
}

/* The most tracks a disc may hold: 99 on CD (Red Book), more elsewhere. */
static int medium_max_tracks(const struct vb_medium *m)
{
	return m->info->family == VB_FAM_CD ? 99 : 7927;
}

/* Sets the form of track t, which holds nothing yet. */
static void track_set_form(struct media_track *t, const struct vb_rec_form *f)
{
	const bool rw = f->log_size && f->rw;

	/* PCM kept for its pregap belongs to an audio track of the same
	 * layout only: a data track's pregap is generated (ECMA-130 14.1) */
	if (f->mode != VB_MODE_AUDIO || rw != t->rw)
		t->pregap_stored = 0;
	t->mode = f->mode;
	t->log_size = f->log_size;
	t->rw = rw;
	t->ctl = (uint8_t)((f->ctl & ~VB_CTL_DATA) |
			   (vb_mode_is_data(f->mode) ? VB_CTL_DATA : 0));
	snprintf(t->isrc, sizeof(t->isrc), "%s", f->isrc ? f->isrc : "");
}

enum vb_sense vb_medium_begin_track(struct vb_medium *m, int32_t lba,
				    const struct vb_rec_form *f)
{
	enum vb_sense s = vb_medium_close_track(m);
	struct media_track *t;

	if (s)
		return s;
	if (m->finalized || lba < vb_medium_recorded_end(m) ||
	    lba >= (int32_t)m->capacity)
		return S_INVALID_WRITE_ADDRESS;
	if (m->ntracks >= medium_max_tracks(m))
		return S_CANNOT_WRITE_MEDIUM;
	m->next_start = lba;
	vb_medium_disc_changed(m);
	t = medium_open_new_track(m);
	if (!t)
		return S_WRITE_ERROR;
	track_set_form(t, f);
	return VB_OK;
}

enum vb_sense vb_medium_set_index(struct vb_medium *m, uint8_t idx, int32_t lba)
{
	struct media_track *t = vb_medium_open_track(m);

	if (!t || idx < 2 || idx != t->n_index + 2 || lba <= t->start ||
	    (t->n_index &&
	     (uint32_t)(lba - t->start) <= t->index[t->n_index - 1]))
		return S_INVALID_FIELD_IN_PARAM_LIST;
	t->index[t->n_index++] = (uint32_t)(lba - t->start);
	vb_medium_disc_changed(m);
	return VB_OK;
}

uint32_t vb_medium_l0_capacity(const struct vb_medium *m, bool *set)
{
	*set = m->l0_capacity != 0;
	return *set ? m->l0_capacity : m->capacity / 2;
}

/*
 * The layer break of a DVD+R DL (MMC-6 6.37 format 20h; growisofs
 * -dvd-compat splits a recording in half so: quirk:growisofs-layer-break).
 * It only moves where layer 1 starts on the disc; the LBAs, the store and
 * the captures stay as they are, so nothing else depends on it. ECC
 * blocks are 16 sectors.
 */
enum vb_sense vb_medium_set_l0_capacity(struct vb_medium *m, uint32_t blocks)
{
	if (m->ntracks || m->finalized)
		return S_CMD_SEQUENCE_ERROR;
	if (blocks == 0 || blocks % 16 || blocks > m->capacity / 2)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	m->l0_capacity = blocks;
	log_info("%s: layer 0 ends after %u blocks", m->path, blocks);
	return VB_OK;
}

enum vb_sense vb_medium_reserve(struct vb_medium *m, uint32_t size)
{
	struct media_track *t;

	if (m->finalized || vb_medium_open_track(m))
		return S_NO_MORE_TRACK_RESERVATIONS;
	if (m->ntracks >= medium_max_tracks(m))
		return S_NO_MORE_TRACK_RESERVATIONS;
	if (size == 0 || (uint64_t)m->next_start + size > m->capacity)
		return S_INVALID_FIELD_IN_CDB;
	t = medium_open_new_track(m);
	if (!t)
		return S_WRITE_ERROR;
	t->reserved = size;
	return VB_OK;
}

double vb_medium_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void vb_medium_note_open(struct vb_medium *m)
{
	m->last_cmd = 0;
}

void vb_medium_note_command(struct vb_medium *m, double now)
{
	if (m->last_cmd > 0 && now - m->last_cmd >= VB_CLIENT_PAUSE) {
		m->wait_seconds += now - m->last_cmd;
		m->wait_count++;
		log_dbg("client pause %u: %.3f s before this command",
			m->wait_count, now - m->last_cmd);
	}
	m->last_cmd = now;
}

void vb_medium_note_done(struct vb_medium *m, double start, double end)
{
	m->exec_seconds += end - start;
	m->exec_count++;
	m->last_cmd = end;
}

/*
 * Accounts n sectors to the latest recording (see media.h), at the time
 * the WRITE arrived: vb_drive_exec notes every command before it runs, so
 * the clock is read once per command.
 */
void medium_account(struct vb_medium *m, uint32_t n)
{
	const double now = m->last_cmd;

	if (m->rec_done || !m->rec_bytes) {
		m->rec_done = false;
		m->rec_bytes = 0;
		m->rec_first = now;
	}
	m->rec_bytes += (uint64_t)n * SECTOR;
	m->rec_last = now;
}

int64_t vb_medium_write_end(const struct vb_medium *m)
{
	const struct media_track *t = vb_medium_open_track(m);

	if (vb_medium_nwa(m) < 0)
		return -1;
	if (t && t->reserved)
		return (int64_t)t->start + t->reserved;
	return m->capacity;
}

int medium_log_open(struct vb_medium *m)
{
	char path[4096];
	int r;

	if (m->log_fd >= 0)
		return 0;
	r = vb_img_sibling(m->path, VB_VBD_LOG_EXT, path, sizeof(path));
	if (r)
		return r;
	free(m->log_path); /* from an earlier open that failed */
	m->log_path = strdup(path);
	if (!m->log_path)
		return -ENOMEM;
	m->log_fd =
		open(m->log_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (m->log_fd < 0)
		return -errno;
	m->log_len = 0;
	return 0;
}

/*
 * The checks every write makes, then the open track (a new one of form f
 * if none is open) in *out; VB_OK with *out NULL for n == 0.
 */
static enum vb_sense write_track(struct vb_medium *m, int32_t lba, uint32_t n,
				 const struct vb_rec_form *f,
				 struct media_track **out)
{
	struct media_track *t = vb_medium_open_track(m);
	const int64_t limit = vb_medium_write_end(m);

	*out = NULL;
	if (limit < 0)
		return S_CANNOT_WRITE_MEDIUM;
	if (lba != vb_medium_nwa(m))
		return S_INVALID_WRITE_ADDRESS;
	if ((int64_t)lba + n > limit)
		return S_END_OF_USER_AREA;
	if (n == 0)
		return VB_OK;
	if (t && !t->written && !t->reserved && !t->pregap_stored)
		track_set_form(t, f); /* open but empty: its first block */
	if (t && (t->mode != f->mode || t->log_size != f->log_size ||
		  t->rw != (f->log_size && f->rw)))
		return S_ILLEGAL_MODE_FOR_TRACK; /* one form per track */
	if (!t) {
		if (m->ntracks >= medium_max_tracks(m))
			return S_CANNOT_WRITE_MEDIUM;
		t = medium_open_new_track(m);
		if (!t)
			return S_WRITE_ERROR;
		track_set_form(t, f);
	}
	*out = t;
	return VB_OK;
}

int vb_medium_set_cdtext(struct vb_medium *m, const uint8_t *packs, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p)
		return -ENOMEM;
	memcpy(p, packs, len);
	free(m->cdtext);
	m->cdtext = p;
	m->cdtext_len = len;
	vb_medium_disc_changed(m);
	return 0;
}

void vb_medium_set_isrc(struct vb_medium *m, const char *isrc)
{
	struct media_track *t = vb_medium_open_track(m);

	if (t && vb_isrc_ok(isrc) && strcmp(t->isrc, isrc)) {
		snprintf(t->isrc, sizeof(t->isrc), "%s", isrc);
		vb_medium_disc_changed(m);
	}
}

void vb_medium_set_mcn(struct vb_medium *m, const char *mcn)
{
	if (mcn && mcn[0] && strcmp(m->mcn, mcn)) {
		snprintf(m->mcn, sizeof(m->mcn), "%s", mcn);
		vb_medium_disc_changed(m);
	}
}

enum vb_sense vb_medium_write_log(struct vb_medium *m, int32_t lba,
				  const uint8_t *data, uint32_t n,
				  const struct vb_rec_form *f)
{
	const size_t len = (size_t)n * (f->log_size + (f->rw ? 96u : 0u));
	struct media_track *t;
	enum vb_sense s;

	if (!f->log_size)
		return vb_medium_write(m, lba, data, n);
	s = write_track(m, lba, n, f, &t);
	if (s || !t)
		return s;
	if (medium_log_open(m) < 0) {
		log_err("%s: cannot open the log: %s", m->path,
			strerror(errno));
		return S_WRITE_ERROR;
	}
	if (t->written == 0 && !t->pregap_stored)
		t->log_off = m->log_len;
	if (media_pwrite(m, m->log_fd, m->log_path, data, len,
			 (off_t)m->log_len)) {
		/* the log is append-only: a short write is cut off again */
		if (ftruncate(m->log_fd, (off_t)m->log_len) < 0)
			log_warn("%s: truncate: %s", m->log_path,
				 strerror(errno));
		return S_WRITE_ERROR;
	}
	m->log_len += len;
	t->length += n;
	t->written += n;
	m->bytes_written += len;
	vb_medium_disc_changed(m);
	medium_account(m, n);
	return VB_OK;
}

enum vb_sense vb_medium_write_pregap_audio(struct vb_medium *m,
					   const uint8_t *data, uint32_t n,
					   bool rw)
{
	const size_t len = (size_t)n * (rw ? 2448u : 2352u);

	/* one layout per pregap: a change starts it again (nothing reads a
	 * pending pregap before its track begins) */
	if (m->pending_n && m->pending_rw != rw)
		m->pending_n = 0;

	if (medium_log_open(m) < 0) {
		log_err("%s: cannot open the log: %s", m->path,
			strerror(errno));
		return S_WRITE_ERROR;
	}
	if (media_pwrite(m, m->log_fd, m->log_path, data, len,
			 (off_t)m->log_len)) {
		if (m->log_fd >= 0 && ftruncate(m->log_fd, (off_t)m->log_len))
			log_warn("%s: truncate: %s", m->log_path,
				 strerror(errno));
		return S_WRITE_ERROR;
	}
	if (!m->pending_n) {
		m->pending_off = m->log_len;
		m->pending_rw = rw;
	}
	m->pending_n += n;
	m->log_len += len;
	return VB_OK;
}

enum vb_sense vb_medium_write(struct vb_medium *m, int32_t lba,
			      const uint8_t *data, uint32_t n)
{
	static const struct vb_rec_form mode1 = { .mode = VB_MODE_MODE1,
						  .ctl = VB_CTL_DATA };
	struct media_track *t;
	enum vb_sense s = write_track(m, lba, n, &mode1, &t);

	if (s || !t)
		return s;
	if (media_pwrite(m, m->fd, m->path, data, (size_t)n * SECTOR,
			 (off_t)lba * SECTOR)) {
		/* ENOSPC and friends: the track stays as it was, and the
		 * image of earlier sessions is untouched. */
		if (ftruncate(m->fd, (off_t)lba * SECTOR) < 0)
			log_warn("%s: truncate: %s", m->path, strerror(errno));
		return S_WRITE_ERROR;
	}
	t->length += n;
	t->written += n;
	m->bytes_written += (uint64_t)n * SECTOR;
	vb_medium_disc_changed(m);
	medium_account(m, n);
	return VB_OK;
}

static uint32_t align_up(uint32_t v, uint32_t unit)
{
	return (v + unit - 1) / unit * unit;
}

enum vb_sense vb_medium_close_track(struct vb_medium *m)
{
	struct media_track *t = vb_medium_open_track(m);

	if (!t)
		return VB_OK;
	if (t->length == 0 && !t->reserved) {
		/* Nothing was written: the track was never really opened. */
		m->ntracks--;
		return VB_OK;
	}
	/* The track is on the medium only once its data is durable: a
	 * failed fsync fails CLOSE TRACK and the track stays open. */
	if (vb_medium_sync(m))
		return S_WRITE_ERROR;
	/* A reserved track keeps its reserved size on the medium. */
	if (t->reserved && t->length < t->reserved)
		t->length = t->reserved;
	t->closed = true;
	m->next_start = (int32_t)align_up(
		(uint32_t)(t->start + (int32_t)t->length), m->info->unit);
	if (m->info->family == VB_FAM_CD)
		m->next_start += CD_TRACK_PREGAP;
	vb_medium_disc_changed(m);
	return vb_medium_commit(m) ? S_WRITE_ERROR : VB_OK;
}

enum vb_sense vb_medium_close_session(struct vb_medium *m, bool next_allowed)
{
	int open_session = m->nsessions_closed + 1;
	int32_t end, gap;
	enum vb_sense s;

	if (m->finalized)
		return S_SESSION_FIXATION_ERROR;
	s = vb_medium_close_track(m);
	if (s)
		return s;
	if (!vb_medium_session_first_track(m, open_session))
		return VB_OK; /* empty session: nothing to close */
	if (vb_medium_sync(m))
		return S_WRITE_ERROR;
	m->nsessions_closed = open_session;
	m->rec_done = true;
	end = vb_medium_session_end(m, open_session);
	switch (m->info->family) {
	case VB_FAM_CD:
		gap = open_session == 1 ? CD_GAP_FIRST_SESSION :
					  CD_GAP_LATER_SESSION;
		break;
	case VB_FAM_DVD:
		gap = DVD_SESSION_GAP;
		break;
	default:
		gap = BD_SESSION_GAP;
		break;
	}
	m->next_start = (int32_t)align_up((uint32_t)(end + gap), m->info->unit);
	if (!next_allowed || m->next_start >= (int32_t)m->capacity)
		m->finalized = true;
	vb_medium_disc_changed(m);
	if (open_session >= 2 &&
	    vb_medium_iso_view(
		    m,
		    m->tracks[vb_medium_session_first_track(m, open_session) -
			      1]
			    .start) < 0)
		return S_WRITE_ERROR;
	if (vb_medium_commit(m))
		return S_WRITE_ERROR;
	log_info("%s: session %d closed (%d..%d)%s", m->path, open_session,
		 m->tracks[vb_medium_session_first_track(m, open_session) - 1]
			 .start,
		 end - 1, m->finalized ? ", disc finalized" : "");
	return VB_OK;
}
