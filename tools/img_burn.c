/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img burn IMAGE [DEVICE] [--dummy] [--speed N] [--eject] [--blank]:
 * an image of any readable format to an MMC drive through libburn, the
 * library xorriso and cdrskin burn with (issue "images in users' hands").
 *
 * Each track's sectors come from the disc model (2048 bytes of Mode 1
 * user data, or 2352 bytes of little-endian PCM) through a burn_source.
 * A pure-audio disc is written Session At Once with its pregaps, indexes,
 * ISRCs, MCN and CD-TEXT (lead-in packs); a disc mixing audio and data,
 * or a data disc, Track At Once. What libburn cannot write is refused
 * before anything is written, with a one-line reason (libburn's own
 * limits: CD data in Mode 1 only, no audio and data mixed in SAO,
 * CD-TEXT only in SAO of pure audio): Mode 2/XA tracks, and CD-TEXT or
 * indexes on a mixed disc. A multi-session image is refused for now.
 * Where the burn must differ from the image (track 1's pregap audio, a
 * track shorter than 4 s) a note says so. A progress line is drawn only on a terminal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libburn/libburn.h>

#include "img_cmd.h"

struct burn_opts {
	const char *image, *device;
	bool dummy, eject, blank;
	int speed; /* x, 0: the drive's best */
};

/* ---- a track's sectors as a burn_source ---- */

struct track_src {
	struct vb_disc *disc;
	int32_t lba, end; /* next sector and the track's end */
	enum vb_read_kind kind;
	unsigned size; /* bytes per sector */
};

static int src_read(struct burn_source *s, unsigned char *buf, int size)
{
	struct track_src *t = s->data;
	int done = 0;

	/* libburn asks for one sector at a time, and the whole of it */
	while (done + (int)t->size <= size) {
		if (t->lba >= t->end)
			return done;
		if (vb_disc_read(t->disc, t->lba, 1, t->kind, buf + done))
			return -1;
		t->lba++;
		done += (int)t->size;
	}
	return done;
}

static off_t src_size(struct burn_source *s)
{
	const struct track_src *t = s->data;

	return (off_t)(t->end - t->lba) * t->size;
}

static int src_set_size(struct burn_source *s, off_t size)
{
	(void)s, (void)size;
	return 1;
}

static void src_free(struct burn_source *s)
{
	struct track_src *t = s->data;

	vb_disc_unref(t->disc);
	free(t);
}

static struct burn_source *track_source(struct vb_disc *d,
					const struct vb_track *t, int32_t from)
{
	struct burn_source *s = calloc(1, sizeof(*s));
	struct track_src *ts = calloc(1, sizeof(*ts));

	if (!s || !ts) {
		free(s);
		free(ts);
		return NULL;
	}
	ts->disc = vb_disc_ref(d);
	ts->lba = from;
	ts->end = t->start + (int32_t)t->length;
	ts->kind = t->mode == VB_MODE_AUDIO ? VB_READ_RAW : VB_READ_USER;
	ts->size = t->mode == VB_MODE_AUDIO ? 2352 : 2048;
	s->refcount = 1;
	s->read = src_read;
	s->get_size = src_size;
	s->set_size = src_set_size;
	s->free_data = src_free;
	s->data = ts;
	return s;
}

/* ---- what libburn can write of the disc ---- */

/* NULL if libburn can write d as it is, else the one-line reason. */
static const char *burn_limit(const struct vb_disc *d, bool *audio_only)
{
	bool audio = false, data = false, extras = false;

	if (d->n_sessions != 1)
		return "a multi-session image is burned one session at a "
		       "time, which vburn-img burn cannot do yet";
	for (unsigned i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->mode == VB_MODE_AUDIO) {
			audio = true;
			extras |= t->n_index > 0;
		} else if (t->mode == VB_MODE_MODE1) {
			data = true;
		} else {
			return "libburn writes CD data in Mode 1 only: this "
			       "image has Mode 2/XA tracks";
		}
	}
	extras |= d->cdtext_len > 0 || d->n_cdtext_items > 0;
	if (audio && data && extras)
		return "libburn takes CD-TEXT and indexes only in Session At "
		       "Once of pure audio, and cannot mix audio and data "
		       "there";
	*audio_only = audio && !data;
	return NULL;
}

/* ---- the burn ---- */

/*
 * The pregap of an audio track in SAO: PCM the image stores goes into
 * the track's source as INDEX 00 (pregap -1: none generated), except on
 * track 1, whose 150 sectors before LBA 0 libburn makes silence itself;
 * else generated silence of the image's length.
 */
static uint32_t audio_pregap(struct burn_track *bt, const struct vb_track *t,
			     const char *image)
{
	if (vb_track_pregap_stored(t) && t->number > 1) {
		burn_track_set_pregap_size(bt, -1, 0);
		burn_track_set_index(bt, 0, 0, 0);
		burn_track_set_index(bt, 1, t->pregap, 0);
		return t->pregap;
	}
	if (vb_track_pregap_stored(t))
		fprintf(stderr,
			"vburn-img: %s: note: track 1's pregap audio is "
			"burned as silence (libburn makes that pregap)\n",
			image);
	if (t->pregap)
		burn_track_set_pregap_size(bt, (int)t->pregap, 0);
	return 0;
}

static struct burn_disc *make_disc(struct vb_disc *d, bool sao,
				   const char *image)
{
	struct burn_disc *disc = burn_disc_create();
	struct burn_session *s = burn_session_create();
	bool ok = disc && s && burn_disc_add_session(disc, s, BURN_POS_END);

	for (unsigned i = 0; ok && i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];
		const bool audio = t->mode == VB_MODE_AUDIO;
		struct burn_track *bt = burn_track_create();
		const uint32_t pre =
			bt && sao && audio ? audio_pregap(bt, t, image) : 0;
		struct burn_source *src =
			bt ? track_source(d, t, t->start - (int32_t)pre) : NULL;
		int mode = audio ? BURN_AUDIO : BURN_MODE1;

		if (audio && (t->ctl & VB_CTL_PREEMPH))
			mode |= BURN_PREEMPHASIS;
		if (t->ctl & VB_CTL_COPY)
			mode |= BURN_COPY;
		if (t->length < 300)
			fprintf(stderr,
				"vburn-img: %s: note: track %u has %u sectors; "
				"libburn pads it to the 300 a CD track needs\n",
				image, t->number, t->length);
		ok = src && burn_track_set_source(bt, src) == BURN_SOURCE_OK;
		if (ok) {
			burn_track_define_data(bt, 0, 0, 1, mode);
			for (unsigned k = 0; sao && audio && k < t->n_index;
			     k++)
				burn_track_set_index(bt, (int)k + 2,
						     pre + t->index[k], 0);
			if (t->isrc[0])
				burn_track_set_isrc_string(bt, (char *)t->isrc,
							   0);
			ok = burn_session_add_track(s, bt, BURN_POS_END);
		}
		if (src)
			burn_source_free(src);
		if (bt)
			burn_track_free(bt);
	}
	if (s)
		burn_session_free(s);
	if (!ok && disc) {
		burn_disc_free(disc);
		disc = NULL;
	}
	return disc;
}

/* The first message libburn queued at SORRY or worse, for the one line. */
static const char *lib_reason(char *buf, size_t len)
{
	static char sorry[] = "SORRY";
	char text[BURN_MSGS_MESSAGE_LEN], sev[80];
	int code, os_errno;

	buf[0] = 0;
	while (burn_msgs_obtain(sorry, &code, text, &os_errno, sev) == 1)
		if (!buf[0])
			snprintf(buf, len, "%s", text);
	return buf[0] ? buf : "libburn gave no reason";
}

static int wait_idle(struct burn_drive *drive, const char *what)
{
	const bool tty = isatty(2);
	struct burn_progress p;

	while (burn_drive_get_status(drive, &p) != BURN_DRIVE_IDLE) {
		if (tty && p.sectors > 0)
			fprintf(stderr, "\r%s: %3d %%", what,
				(int)(100.0 * p.sector / p.sectors));
		usleep(100000);
	}
	if (tty)
		fprintf(stderr, "\r%s: done  \n", what);
	return 0;
}

static int burn_to(struct burn_drive *drive, struct vb_disc *d,
		   const struct burn_opts *o, bool audio_only)
{
	char reasons[BURN_REASONS_LEN], why[BURN_MSGS_MESSAGE_LEN];
	struct burn_write_opts *wo;
	struct burn_disc *disc;
	enum burn_disc_status st;
	uint8_t *packs = NULL;
	size_t packs_len = 0;
	int r = 0;

	st = burn_disc_get_status(drive);
	if (o->blank && st != BURN_DISC_BLANK) {
		if (!burn_disc_erasable(drive))
			return img_cmd_fail("%s: the medium cannot be blanked",
					    o->device);
		burn_disc_erase(drive, 1);
		wait_idle(drive, "blanking");
		st = burn_disc_get_status(drive);
	}
	if (st != BURN_DISC_BLANK && st != BURN_DISC_APPENDABLE)
		return img_cmd_fail("%s: the medium is not writable (closed, "
				    "or no medium)",
				    o->device);
	disc = make_disc(d, audio_only, o->image);
	wo = disc ? burn_write_opts_new(drive) : NULL;
	if (!wo) {
		if (disc)
			burn_disc_free(disc);
		return img_cmd_fail("out of memory");
	}
	burn_write_opts_set_perform_opc(wo, 0);
	burn_write_opts_set_underrun_proof(wo, 1);
	burn_write_opts_set_simulate(wo, o->dummy);
	burn_write_opts_set_write_type(
		wo, audio_only ? BURN_WRITE_SAO : BURN_WRITE_TAO,
		audio_only ? BURN_BLOCK_SAO : BURN_BLOCK_MODE1);
	if (d->mcn[0]) {
		burn_write_opts_set_mediacatalog(wo, (unsigned char *)d->mcn);
		burn_write_opts_set_has_mediacatalog(wo, 1);
	}
	/* the image's lead-in packs, else packs made of its CD-TEXT strings
	 * (a CUE or TOC holds strings only) */
	if (audio_only && d->cdtext_len)
		burn_write_opts_set_leadin_text(wo, d->cdtext,
						(int)(d->cdtext_len / 18), 2);
	else if (audio_only && d->n_cdtext_items &&
		 vb_cdtext_encode(d, &packs, &packs_len) == 0)
		burn_write_opts_set_leadin_text(wo, packs,
						(int)(packs_len / 18), 0);
	else if (audio_only && d->n_cdtext_items)
		r = img_cmd_fail("%s: its CD-TEXT does not fit in a lead-in",
				 o->image);
	if (r) {
		/* refused above */
	} else if (burn_precheck_write(wo, disc, reasons, 0) <= 0) {
		r = img_cmd_fail("%s: %s cannot take it: %s", o->image,
				 o->device, reasons);
	} else if (burn_disc_available_space(drive, wo) <
		   (off_t)vb_disc_leadout(d) * 2048) {
		r = img_cmd_fail("%s: the medium in %s is too small for it",
				 o->image, o->device);
	} else {
		burn_drive_set_speed(drive, 0, o->speed ? o->speed * 176 : 0);
		burn_disc_write(wo, disc);
		wait_idle(drive, o->dummy ? "simulating" : "burning");
		if (!burn_drive_wrote_well(drive))
			r = img_cmd_fail("%s: the burn failed: %s", o->device,
					 lib_reason(why, sizeof(why)));
	}
	burn_write_opts_free(wo);
	burn_disc_free(disc);
	free(packs);
	return r;
}

int img_cmd_burn(int argc, char **argv)
{
	struct burn_opts o = { 0 };
	struct burn_drive_info *info = NULL;
	char adr[BURN_DRIVE_ADR_LEN];
	bool audio_only = false;
	const char *limit;
	struct vb_disc *d;
	int r;

	for (int i = 0; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--dummy")) {
			o.dummy = true;
		} else if (!strcmp(argv[i], "--eject")) {
			o.eject = true;
		} else if (!strcmp(argv[i], "--blank")) {
			o.blank = true;
		} else if (!strcmp(argv[i], "--speed") && i + 1 < argc) {
			o.speed = (int)strtol(argv[++i], &end, 10);
			if (*end || o.speed < 1 || o.speed > 100)
				return img_cmd_usage();
		} else if (argv[i][0] == '-' || (o.image && o.device)) {
			return img_cmd_usage();
		} else if (!o.image) {
			o.image = argv[i];
		} else {
			o.device = argv[i];
		}
	}
	if (!o.image || !o.device)
		return img_cmd_usage(); /* no drive search yet: name it */
	if (img_cmd_open(o.image, &d))
		return 1;
	/* what libburn cannot write is refused before any drive is used */
	limit = burn_limit(d, &audio_only);
	if (limit) {
		vb_disc_unref(d);
		return img_cmd_fail("%s: %s", o.image, limit);
	}
	if (!burn_initialize()) {
		vb_disc_unref(d);
		return img_cmd_fail("cannot start libburn");
	}
	{
		static char all[] = "ALL", never[] = "NEVER",
			    id[] = "vburn-img: ";

		/* queued for the one-line reason, never printed */
		burn_msgs_set_severities(all, never, id);
	}
	if (burn_drive_convert_fs_adr((char *)o.device, adr) <= 0 ||
	    burn_drive_scan_and_grab(&info, adr, 1) <= 0) {
		char why[BURN_MSGS_MESSAGE_LEN];

		r = img_cmd_fail("%s: not a drive libburn can use: %s",
				 o.device, lib_reason(why, sizeof(why)));
	} else {
		r = burn_to(info[0].drive, d, &o, audio_only);
		burn_drive_release(info[0].drive, o.eject);
		burn_drive_info_free(info);
	}
	burn_finish();
	vb_disc_unref(d);
	return r;
}
