/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img burn IMAGE [DEVICE] [--dummy] [--speed N] [--eject] [--blank]:
 * an image of any readable format to an MMC drive through libburn, the
 * library xorriso and cdrskin burn with (issue "images in users' hands").
 *
 * Each track's sectors come from the disc model (2048 bytes of Mode 1
 * user data, or 2352 bytes of little-endian PCM) through a burn_source.
 * Each session is one libburn write, the disc kept appendable between
 * them: a pure-audio session is written Session At Once with its
 * pregaps, indexes, ISRCs, MCN and (session 1) CD-TEXT as lead-in packs;
 * a session with data, Track At Once. Before a session with data its
 * first track must start where the image has it, else its file system
 * would point to the wrong sectors: that is refused. A disc libburn
 * cannot write as it is (its own limits: CD data in Mode 1 only, no audio
 * and data mixed in SAO, CD-TEXT only in SAO of pure audio), one with
 * Mode 2/XA tracks, CD-TEXT or indexes on a session with data, or R-W
 * subchannel (CD+G), goes whole to vburn-img's own Session At Once writer
 * (img_sao.c), with a note naming the reason. Where the burn must differ
 * from the image (track 1's pregap audio, a track shorter than 4 s) a
 * note says so. A progress line is drawn only on a terminal. Without a
 * DEVICE the one writable drive there is is used (img_drive.c).
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
	int speed;	  /* x, 0: the drive's best */
	unsigned session; /* only this one (1-based); 0: all */
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

static const struct vb_track *first_track(const struct vb_disc *d, unsigned k)
{
	return d->tracks[d->sessions[k]->first];
}

/*
 * NULL if libburn can write session k (0-based) of d as it is, else the
 * one-line reason; *sao: it is pure audio, written Session At Once.
 */
static const char *session_limit(const struct vb_disc *d, unsigned k, bool *sao)
{
	const struct vb_session *s = d->sessions[k];
	bool audio = false, data = false, idx = false;
	/* CD-TEXT lives in the lead-in of session 1 (Red Book / MMC) */
	const bool text = k == 0 && (d->cdtext_len || d->n_cdtext_items);

	for (unsigned i = s->first; i < s->first + s->count; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->mode == VB_MODE_AUDIO) {
			audio = true;
			idx |= t->n_index > 0;
		} else if (t->mode == VB_MODE_MODE1) {
			data = true;
		} else {
			return "libburn writes CD data in Mode 1 only: this "
			       "image has Mode 2/XA tracks";
		}
	}
	if (data && (text || (audio && idx)))
		return "libburn takes CD-TEXT and indexes only in Session At "
		       "Once of pure audio, and cannot mix audio and data "
		       "there";
	*sao = audio && !data;
	return NULL;
}

/*
 * Which tracks of d carry R-W (CD+G), in rw by track number (100), and
 * the one-line reason if any do, as libburn cannot write them. The first
 * track whose subchannel cannot be read goes in *unread (0: none): the
 * own writer refuses it, libburn does not read subchannel.
 */
static const char *rw_limit(const struct vb_disc *d, bool rw[100],
			    unsigned *unread)
{
	bool any = false;

	*unread = 0;
	for (unsigned i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->number >= 100)
			continue;
		if (vb_track_has_rw(d, t, &rw[t->number]) && !*unread)
			*unread = t->number;
		any |= rw[t->number];
	}
	/* an unreadable subchannel does not send the disc to the own
	 * writer by itself (libburn may still burn its main data) */
	return any && !*unread ? "libburn writes no R-W subchannel: this "
				 "image has some (CD+G)" :
				 NULL;
}

static bool disc_has_audio(const struct vb_disc *d)
{
	for (unsigned i = 0; i < d->n_tracks; i++)
		if (d->tracks[i]->mode == VB_MODE_AUDIO)
			return true;
	return false;
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

/* A libburn disc of the tracks of session k of d. */
static struct burn_disc *make_disc(struct vb_disc *d, unsigned k, bool sao,
				   const char *image)
{
	const struct vb_session *vs = d->sessions[k];
	struct burn_disc *disc = burn_disc_create();
	struct burn_session *s = burn_session_create();
	bool ok = disc && s && burn_disc_add_session(disc, s, BURN_POS_END);

	for (unsigned i = vs->first; ok && i < vs->first + vs->count; i++) {
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
			for (unsigned x = 0; sao && audio && x < t->n_index;
			     x++)
				burn_track_set_index(bt, (int)x + 2,
						     pre + t->index[x], 0);
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

int img_burn_cdtext(const struct vb_disc *d, const char *image,
		    const uint8_t **packs, uint8_t **owned, size_t *len)
{
	*packs = d->cdtext;
	*len = d->cdtext_len;
	*owned = NULL;
	if (d->cdtext_len || !d->n_cdtext_items)
		return 0;
	if (vb_cdtext_encode(d, owned, len))
		return img_cmd_fail("%s: its CD-TEXT does not fit in a lead-in",
				    image);
	*packs = *owned;
	return 0;
}

/*
 * The lead-in text of session 1 of an audio-only first session
 * (img_burn_cdtext). 0, or 1 refused with the reason printed.
 */
static int set_cdtext(struct burn_write_opts *wo, const struct vb_disc *d,
		      const char *image, uint8_t **owned)
{
	const uint8_t *packs;
	size_t len;

	if (img_burn_cdtext(d, image, &packs, owned, &len))
		return 1;
	/* flag 2: repair an image's pack CRCs; made ones are right */
	if (len)
		burn_write_opts_set_leadin_text(wo, (unsigned char *)packs,
						(int)(len / 18),
						*owned ? 0 : 2);
	return 0;
}

/*
 * Refuses a session with data whose first track would not land where the
 * image has it (a file system addresses its sectors absolutely): on
 * another writer's layout of session gaps, or a medium with other
 * sessions than the image's earlier ones. 0 fine, 1 refused.
 */
static int check_start(struct burn_drive *drive, struct burn_write_opts *wo,
		       const struct vb_disc *d, unsigned k, const char *device)
{
	const struct vb_track *t = first_track(d, k);
	int lba, nwa;

	if (t->mode == VB_MODE_AUDIO)
		return 0;
	if (burn_disc_track_lba_nwa(drive, wo, 0, &lba, &nwa) != 1)
		return img_cmd_fail("%s: no next writable address for "
				    "session %u",
				    device, k + 1);
	if (nwa != t->start)
		return img_cmd_fail("%s: session %u would start at sector %d, "
				    "the image has it at %d: its file system "
				    "would point to the wrong sectors",
				    device, k + 1, nwa, t->start);
	return 0;
}

/* Writes session k of d; keeps the disc appendable when multi. */
static int burn_session(struct burn_drive *drive, struct vb_disc *d, unsigned k,
			const struct burn_opts *o, bool check, bool multi)
{
	char reasons[BURN_REASONS_LEN], why[BURN_MSGS_MESSAGE_LEN], what[64];
	struct burn_write_opts *wo;
	struct burn_disc *disc;
	uint8_t *packs = NULL;
	bool sao = false;
	int r = 0;

	session_limit(d, k, &sao); /* checked before the drive was taken */
	disc = make_disc(d, k, sao, o->image);
	wo = disc ? burn_write_opts_new(drive) : NULL;
	if (!wo) {
		if (disc)
			burn_disc_free(disc);
		return img_cmd_fail("out of memory");
	}
	burn_write_opts_set_perform_opc(wo, 0);
	burn_write_opts_set_underrun_proof(wo, 1);
	burn_write_opts_set_simulate(wo, o->dummy);
	burn_write_opts_set_multi(wo, multi);
	burn_write_opts_set_write_type(wo,
				       sao ? BURN_WRITE_SAO : BURN_WRITE_TAO,
				       sao ? BURN_BLOCK_SAO : BURN_BLOCK_MODE1);
	if (d->mcn[0]) {
		burn_write_opts_set_mediacatalog(wo, (unsigned char *)d->mcn);
		burn_write_opts_set_has_mediacatalog(wo, 1);
	}
	if (k == 0 && sao)
		r = set_cdtext(wo, d, o->image, &packs);
	if (r) {
		/* refused above */
	} else if (burn_precheck_write(wo, disc, reasons, 0) <= 0) {
		r = img_cmd_fail("%s: %s cannot take session %u: %s", o->image,
				 o->device, k + 1, reasons);
	} else if (check && check_start(drive, wo, d, k, o->device)) {
		r = 1;
	} else {
		burn_drive_set_speed(drive, 0, o->speed ? o->speed * 176 : 0);
		burn_disc_write(wo, disc);
		snprintf(what, sizeof(what), "%s session %u",
			 o->dummy ? "simulating" : "burning", k + 1);
		wait_idle(drive, what);
		if (!burn_drive_wrote_well(drive))
			r = img_cmd_fail("%s: the burn failed: %s", o->device,
					 lib_reason(why, sizeof(why)));
		else if (burn_drive_re_assess(drive, 0) <= 0)
			r = img_cmd_fail("%s: the medium cannot be read after "
					 "the burn",
					 o->device);
	}
	burn_write_opts_free(wo);
	burn_disc_free(disc);
	free(packs);
	return r;
}

/* Whether the medium can take the sessions from..to of d at all. */
static int check_medium(struct burn_drive *drive, const struct vb_disc *d,
			unsigned from, unsigned to, const struct burn_opts *o)
{
	struct burn_write_opts *wo = burn_write_opts_new(drive);
	const int32_t need =
		d->sessions[to]->leadout - first_track(d, from)->start;
	char profile[80];
	int pno = 0;
	off_t room;

	if (!wo)
		return img_cmd_fail("out of memory");
	room = burn_disc_available_space(drive, wo);
	burn_write_opts_free(wo);
	burn_disc_get_profile(drive, &pno, profile);
	/* CD profiles are 08h-0Ah (MMC-6 Table 91) */
	if (disc_has_audio(d) && (pno < 0x08 || pno > 0x0a))
		return img_cmd_fail("%s: audio tracks need a CD; the medium in "
				    "%s is a %s",
				    o->image, o->device,
				    profile[0] ? profile : "non-CD");
	if (room < (off_t)need * 2048)
		return img_cmd_fail("%s: the medium in %s is too small for it "
				    "(%d sectors, %lld free)",
				    o->image, o->device, need,
				    (long long)(room / 2048));
	return 0;
}

static int burn_to(struct burn_drive *drive, struct vb_disc *d,
		   const struct burn_opts *o)
{
	const unsigned from = o->session ? o->session - 1 : 0;
	const unsigned to = o->session ? o->session - 1 : d->n_sessions - 1;
	enum burn_disc_status st;
	int r = 0;

	st = burn_disc_get_status(drive);
	if (o->blank && st != BURN_DISC_BLANK) {
		if (!burn_disc_erasable(drive))
			return img_cmd_fail("%s: the medium cannot be blanked",
					    o->device);
		burn_disc_erase(drive, 1);
		wait_idle(drive, "blanking");
		burn_drive_re_assess(drive, 0);
		st = burn_disc_get_status(drive);
	}
	if (st != BURN_DISC_BLANK && st != BURN_DISC_APPENDABLE)
		return img_cmd_fail("%s: the medium is not writable (closed, "
				    "or no medium)",
				    o->device);
	if (check_medium(drive, d, from, to, o))
		return 1;
	/*
	 * A simulated session writes nothing, so the next one would start
	 * where the first did: only the first simulated start is checked.
	 */
	for (unsigned k = from; k <= to && !r; k++)
		r = burn_session(drive, d, k, o, !o->dummy || k == from,
				 k + 1 < d->n_sessions || d->open);
	return r;
}

/* A disc libburn cannot write as it is, through img_sao.c. */
static int own_burn(struct vb_disc *d, const struct burn_opts *o,
		    const bool *rw, unsigned unread)
{
	const struct img_sao_opts so = { .image = o->image,
					 .device = o->device,
					 .dummy = o->dummy,
					 .eject = o->eject,
					 .blank = o->blank,
					 .speed = o->speed,
					 .rw = rw };
	const unsigned from = o->session ? o->session - 1 : 0;
	const unsigned to = o->session ? o->session - 1 : d->n_sessions - 1;

	if (unread)
		return img_cmd_fail("%s: cannot read track %u", o->image,
				    unread);
	return img_sao_burn(d, from, to, &so);
}

static int not_a_drive(const char *device)
{
	char why[BURN_MSGS_MESSAGE_LEN];

	return img_cmd_fail("%s: not a drive libburn can use: %s", device,
			    lib_reason(why, sizeof(why)));
}

int img_cmd_burn(int argc, char **argv)
{
	struct burn_opts o = { 0 };
	struct burn_drive_info *info = NULL;
	char adr[BURN_DRIVE_ADR_LEN];
	const char *limit = NULL, *rw_why;
	struct vb_disc *d;
	bool sao, rw[100] = { false };
	unsigned unread;
	int r = 0;

	for (int i = 0; i < argc; i++) {
		char *end;
		unsigned long n;

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
		} else if (!strcmp(argv[i], "--session") && i + 1 < argc) {
			n = strtoul(argv[++i], &end, 10);
			if (*end || n < 1 || n > 99)
				return img_cmd_usage();
			o.session = (unsigned)n;
		} else if (argv[i][0] == '-' || (o.image && o.device)) {
			return img_cmd_usage();
		} else if (!o.image) {
			o.image = argv[i];
		} else {
			o.device = argv[i];
		}
	}
	if (!o.image)
		return img_cmd_usage();
	if (img_cmd_open(o.image, &d))
		return 1;
	if (o.session > d->n_sessions) {
		vb_disc_unref(d);
		return img_cmd_fail("%s: it has no such session", o.image);
	}
	/* what libburn cannot write goes to our own writer (img_sao.c) */
	for (unsigned k = 0; !limit && k < d->n_sessions; k++)
		if (!o.session || k + 1 == o.session)
			limit = session_limit(d, k, &sao);
	/* every track's R-W: the own writer sends them too */
	rw_why = rw_limit(d, rw, &unread);
	if (!limit)
		limit = rw_why;
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
	if (!o.device)
		r = img_drive_find(adr, sizeof(adr));
	else if (!limit &&
		 burn_drive_convert_fs_adr((char *)o.device, adr) <= 0)
		r = not_a_drive(o.device);
	if (!o.device)
		o.device = adr;
	if (!r && limit) {
		fprintf(stderr,
			"vburn-img: %s: note: %s; it goes Session At Once "
			"through vburn-img's own writer\n",
			o.image, limit);
		r = own_burn(d, &o, rw, unread);
	} else if (!r && burn_drive_scan_and_grab(&info, adr, 1) <= 0) {
		r = not_a_drive(adr);
	} else if (!r) {
		r = burn_to(info[0].drive, d, &o);
		burn_drive_release(info[0].drive, o.eject);
		burn_drive_info_free(info);
	}
	burn_finish();
	vb_disc_unref(d);
	return r;
}
