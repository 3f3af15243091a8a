/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img burn's own writer, for the CDs libburn cannot write as the
 * image has them (img_burn.c): Mode 2 and XA tracks, audio and data in
 * one session, CD-TEXT or indexes beside data, R-W subchannel (CD+G).
 * Each session goes Session At Once over SG_IO, as cdrdao writes
 * (docs/clients.md 3.2): page 05 with write type SAO, SEND CUE SHEET made
 * from the disc model (MMC-6 6.33: an entry per index, ADR 2/3 entries
 * for the MCN and ISRCs), in session 1 the CD-TEXT as R-W packs written
 * into the lead-in (data form 41h), then WRITE(10) of every block from
 * the session's first pregap to its lead-out, each as the image has it:
 * 2352 bytes of PCM (data form 00h) or a whole data sector with its sync,
 * header and EDC/ECC (11h, 21h, 31h), followed in a track with R-W by
 * 96 bytes of them (40h set), so the disc is the image sector for
 * sector. Then SYNCHRONIZE CACHE: the drive writes lead-in and lead-out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "img_cmd.h"
#include "vburn/bytes.h"

#define BLOCKS 26 /* per WRITE: 26 * 2352 bytes, under 64 KiB */
/* cue sheet entries: lead-in, MCN (2), lead-out, and per track an ISRC
 * (2), INDEX 00, 01 and the further indexes */
#define CUE_MAX (4 + 99 * (3 + VB_MAX_INDEX))
#define LONG_MS (10 * 60 * 1000) /* what a drive may take to close */

struct sao {
	int fd;
	const struct img_sao_opts *o;
	struct vb_disc *d;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Runs a command; NOT READY "in progress" (04/xx: a drive busy with its
 * buffer or a long operation) is retried for up to a minute, as cdrdao
 * does. 0, or 1 with "DEVICE: WHAT failed: sense K/ASC/ASCQ" printed.
 */
static int run(struct sao *s, const char *what, const uint8_t *cdb,
	       unsigned cdb_len, int dir, void *buf, unsigned len)
{
	const double end = now() + 60;
	int r;

	for (;;) {
		r = img_sg_run(s->fd, cdb, cdb_len, dir, buf, len, LONG_MS);
		if (r <= 0 || (r >> 8) != 0x0204 || now() > end)
			break;
		usleep(40000);
	}
	if (r < 0)
		return img_cmd_fail("%s: %s failed: %s", s->o->device, what,
				    strerror(-r));
	if (r)
		return img_cmd_fail("%s: %s failed: sense %02X/%02X/%02X",
				    s->o->device, what, r >> 16,
				    (r >> 8) & 0xff, r & 0xff);
	return 0;
}

/* Waits until TEST UNIT READY is good (a unit attention is read away). */
static int wait_ready(struct sao *s, const char *what)
{
	const uint8_t tur[6] = { 0 };
	const double end = now() + LONG_MS / 1000;
	int r;

	while ((r = img_sg_run(s->fd, tur, 6, IMG_SG_FROM_DEV, NULL, 0,
			       30000)) != 0) {
		if (r < 0)
			return img_cmd_fail("%s: not a drive: %s", s->o->device,
					    strerror(-r));
		if (now() > end || ((r >> 8) != 0x0204 && (r >> 16) != 6))
			return img_cmd_fail("%s: %s: the drive did not become "
					    "ready (sense %02X/%02X/%02X)",
					    s->o->device, what, r >> 16,
					    (r >> 8) & 0xff, r & 0xff);
		usleep(100000);
	}
	return 0;
}

/* ---- what the drive holds ---- */

struct medium {
	uint16_t profile;
	uint8_t status; /* READ DISC INFORMATION: 0 blank, 1 open, 2 closed */
	int32_t last_lout; /* the last possible lead-out start */
	int32_t nwa;	   /* the next writable address, INT32_MIN: none */
};

static int read_medium(struct sao *s, struct medium *m)
{
	const uint8_t conf[10] = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 8, 0 };
	const uint8_t rdi[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
	const uint8_t rti[10] = { 0x52, 0x01, 0, 0, 0, 0xff, 0, 0, 36, 0 };
	uint8_t b[36] = { 0 };

	if (run(s, "GET CONFIGURATION", conf, 10, IMG_SG_FROM_DEV, b, 8))
		return 1;
	m->profile = get_be16(b + 6);
	memset(b, 0, sizeof(b));
	if (run(s, "READ DISC INFORMATION", rdi, 10, IMG_SG_FROM_DEV, b, 34))
		return 1;
	m->status = b[2] & 3;
	/* MSF in bytes 21-23 for CD (MMC-6 Table 514); FFh: not known */
	m->last_lout = b[22] < 60 && b[23] < 75 ?
			       msf_to_lba(b[21], b[22], b[23]) :
			       INT32_MAX;
	m->nwa = INT32_MIN;
	if (m->status == 2)
		return 0;
	memset(b, 0, sizeof(b));
	if (run(s, "READ TRACK INFORMATION", rti, 10, IMG_SG_FROM_DEV, b, 36))
		return 1;
	if (b[7] & 1) /* NWA_V */
		m->nwa = (int32_t)get_be32(b + 12);
	return 0;
}

/* The ATIP's start of the lead-in (READ TOC format 4, MMC-6 6.26.3.6). */
static int leadin_start(struct sao *s, int32_t *lba)
{
	const uint8_t cdb[10] = { 0x43, 0x02, 0x04, 0, 0, 0, 0, 0, 28, 0 };
	uint8_t b[28] = { 0 };

	if (run(s, "READ TOC (ATIP)", cdb, 10, IMG_SG_FROM_DEV, b, 28))
		return 1;
	if (get_be16(b) < 10 || b[8] < 90)
		return img_cmd_fail("%s: the medium gives no lead-in start "
				    "for CD-TEXT",
				    s->o->device);
	*lba = msf_to_lba(b[8], b[9], b[10]);
	return 0;
}

/* ---- the cue sheet ---- */

/* DATA FORM of a track's blocks as sent (MMC-6 Table 558), 0: none. */
static uint8_t track_form(const struct vb_track *t)
{
	switch (t->mode) {
	case VB_MODE_AUDIO:
		return 0x00;
	case VB_MODE_MODE1:
		return 0x11;
	case VB_MODE_MODE2:
		return 0x31;
	case VB_MODE_MODE2_FORM1:
	case VB_MODE_MODE2_FORM2:
	case VB_MODE_MODE2_MIXED:
		return 0x21;
	default:
		return 0xff;
	}
}

/* The form the drive makes itself for the lead-in and lead-out beside t:
 * generated silence (01h) or data of t's mode (x4h). */
static uint8_t made_form(const struct vb_track *t)
{
	return t->mode == VB_MODE_AUDIO ? 0x01 : (track_form(t) & 0xf0) | 4;
}

static uint8_t *entry(uint8_t *e, uint8_t ctl_adr, uint8_t tno, uint8_t idx,
		      uint8_t form, int32_t lba)
{
	const struct vb_msf msf = lba_to_msf(lba);

	e[0] = ctl_adr;
	e[1] = tno;
	e[2] = idx;
	e[3] = form;
	e[4] = 0; /* SCMS */
	e[5] = msf.m;
	e[6] = msf.s;
	e[7] = msf.f;
	return e + 8;
}

/* An ADR 2 or 3 pair: 13 MCN digits after byte 0, or the 12 ISRC
 * characters after bytes 0-1 (TNO), 6 in each entry (MMC-6 6.33). */
static uint8_t *code_pair(uint8_t *e, uint8_t ctl_adr, uint8_t tno,
			  const char *code)
{
	memset(e, 0, 16);
	e[0] = e[8] = ctl_adr;
	if ((ctl_adr & 0x0f) == 2) {
		memcpy(e + 1, code, 7);
		memcpy(e + 9, code + 7, 6);
	} else {
		e[1] = e[9] = tno;
		memcpy(e + 2, code, 6);
		memcpy(e + 10, code + 6, 6);
	}
	return e + 16;
}

/* The form of t's blocks as sent: with raw R-W (40h) after each where the
 * image has some (CD+G; docs/clients.md 3.2). */
static uint8_t sent_form(const struct sao *s, const struct vb_track *t)
{
	return (uint8_t)(track_form(t) | (s->o->rw[t->number] ? 0x40 : 0));
}

/* The cue sheet of session k into cue; its length in bytes. */
static size_t make_cue(const struct sao *s, unsigned k, bool text, uint8_t *cue)
{
	const struct vb_disc *d = s->d;
	const struct vb_session *vs = d->sessions[k];
	const struct vb_track *first = d->tracks[vs->first];
	const struct vb_track *last = d->tracks[vs->first + vs->count - 1];
	uint8_t *e = cue;

	/* the lead-in: CD-TEXT in its R-W, or made by the drive */
	e = entry(e, (uint8_t)(first->ctl << 4 | 1), 0, 0,
		  text ? 0x41 : made_form(first),
		  first->start - (int32_t)first->pregap);
	if (k == 0 && d->mcn[0])
		e = code_pair(e, 0x02, 0, d->mcn);
	for (unsigned i = vs->first; i < vs->first + vs->count; i++) {
		const struct vb_track *t = d->tracks[i];
		const uint8_t ca = (uint8_t)(t->ctl << 4 | 1);

		if (t->isrc[0])
			e = code_pair(e, (uint8_t)(t->ctl << 4 | 3),
				      (uint8_t)t->number, t->isrc);
		if (t->pregap)
			e = entry(e, ca, (uint8_t)t->number, 0, sent_form(s, t),
				  t->start - (int32_t)t->pregap);
		e = entry(e, ca, (uint8_t)t->number, 1, sent_form(s, t),
			  t->start);
		for (unsigned x = 0; x < t->n_index; x++)
			e = entry(e, ca, (uint8_t)t->number, (uint8_t)(x + 2),
				  sent_form(s, t),
				  t->start + (int32_t)t->index[x]);
	}
	e = entry(e, (uint8_t)(last->ctl << 4 | 1), 0xaa, 1, made_form(last),
		  vs->leadout);
	return (size_t)(e - cue);
}

/* ---- the burn ---- */

/* MODE SELECT of page 05 as the drive has it, for SAO of a session. */
static int set_page05(struct sao *s, bool multi, bool xa)
{
	/* DBD: no block descriptors, the page right after the header */
	uint8_t sense_cdb[10] = { 0x5a, 0x08, 0x05, 0, 0, 0, 0, 0, 60, 0 };
	uint8_t sel_cdb[10] = { 0x55, 0x10 }, b[60] = { 0 }, *p = b + 8;
	unsigned len;

	if (run(s, "MODE SENSE (page 05)", sense_cdb, 10, IMG_SG_FROM_DEV, b,
		sizeof(b)))
		return 1;
	len = 8u + 2u + p[1];
	if ((p[0] & 0x3f) != 0x05 || get_be16(b + 6) || len > sizeof(b))
		return img_cmd_fail("%s: MODE SENSE gave no page 05",
				    s->o->device);
	memset(b, 0, 8); /* MODE DATA LENGTH is reserved in MODE SELECT */
	p[0] &= 0x3f;	 /* PS */
	p[2] = (uint8_t)(0x40 | (s->o->dummy ? 0x10 : 0) | 2); /* BUFE, SAO */
	p[3] = multi ? 0xc0 : 0x00; /* next session allowed, or none */
	p[4] = 0;		    /* block type: the cue sheet says */
	p[8] = xa ? 0x20 : 0x00;    /* session format: CD-ROM XA or not */
	put_be16(sel_cdb + 7, (uint16_t)len);
	return run(s, "MODE SELECT (page 05)", sel_cdb, 10, IMG_SG_TO_DEV, b,
		   len);
}

/* CD-TEXT packs over and over, 4 to a 96-byte block, from the lead-in's
 * start to the first pregap. */
static int write_text(struct sao *s, const uint8_t *packs, size_t npacks,
		      int32_t from, int32_t to)
{
	uint8_t *buf = malloc((size_t)BLOCKS * 96);
	size_t cur = 0;
	int r = buf ? 0 : img_cmd_fail("out of memory");

	for (int32_t lba = from; lba < to && !r; lba += BLOCKS) {
		const uint32_t n = (uint32_t)VB_MIN(BLOCKS, to - lba);
		uint8_t cdb[10] = { 0x2a };

		for (uint32_t i = 0; i < n * 4; i++, cur = (cur + 1) % npacks)
			vb_cdtext_to_rw(packs + cur * 18, buf + i * 24);
		put_be32(cdb + 2, (uint32_t)lba);
		put_be16(cdb + 7, (uint16_t)n);
		r = run(s, "WRITE (CD-TEXT)", cdb, 10, IMG_SG_TO_DEV, buf,
			n * 96);
	}
	free(buf);
	return r;
}

/* Bytes sent for the block at lba: 2352, and 96 of R-W in a track that
 * sends them. */
static unsigned block_size(const struct sao *s, int32_t lba)
{
	const struct vb_track *t = vb_disc_track_at(s->d, lba);

	return t && s->o->rw[t->number] ? 2448 : 2352;
}

/*
 * Every block from lba to end as the cue sheet says, progress on a
 * terminal. One WRITE holds blocks of one size only.
 */
static int write_blocks(struct sao *s, int32_t from, int32_t end,
			const char *what)
{
	uint8_t *buf = malloc((size_t)BLOCKS * 2448);
	const bool tty = isatty(2);
	int32_t shown = from;
	int r = buf ? 0 : img_cmd_fail("out of memory");

	for (int32_t lba = from; lba < end && !r;) {
		const unsigned size = block_size(s, lba);
		uint8_t cdb[10] = { 0x2a };
		uint32_t n = 0;

		for (; n < BLOCKS && lba + (int32_t)n < end && !r &&
		       block_size(s, lba + (int32_t)n) == size;
		     n++)
			if (vb_disc_read(s->d, lba + (int32_t)n, 1,
					 size == 2448 ? VB_READ_RAW_SUB :
							VB_READ_RAW,
					 buf + (size_t)n * size))
				r = img_cmd_fail("%s: cannot read sector %d",
						 s->o->image, lba + (int32_t)n);
		put_be32(cdb + 2, (uint32_t)lba);
		put_be16(cdb + 7, (uint16_t)n);
		if (!r)
			r = run(s, "WRITE", cdb, 10, IMG_SG_TO_DEV, buf,
				n * size);
		lba += (int32_t)n;
		if (tty && lba - shown >= 2000) {
			fprintf(stderr, "\r%s: %3d %%", what,
				(int)(100.0 * (lba - from) / (end - from)));
			shown = lba;
		}
	}
	if (tty && !r)
		fprintf(stderr, "\r%s: done  \n", what);
	free(buf);
	return r;
}

/* Writes session k; the medium was checked for it. */
static int burn_session(struct sao *s, unsigned k, bool multi)
{
	const struct vb_disc *d = s->d;
	const struct vb_session *vs = d->sessions[k];
	const struct vb_track *first = d->tracks[vs->first];
	const int32_t from = first->start - (int32_t)first->pregap;
	uint8_t *cue = malloc(CUE_MAX * 8), cdb[10] = { 0x5d }, *owned = NULL;
	const uint8_t *packs = NULL;
	const uint8_t sync[10] = { 0x35 };
	bool xa = false;
	size_t len, plen = 0;
	int32_t leadin = 0;
	char what[64];
	int r;

	for (unsigned i = vs->first; i < vs->first + vs->count; i++)
		xa |= track_form(d->tracks[i]) == 0x21;
	if (!cue)
		return img_cmd_fail("out of memory");
	r = k == 0 ? img_burn_cdtext(d, s->o->image, &packs, &owned, &plen) : 0;
	if (!r && plen)
		r = leadin_start(s, &leadin);
	len = make_cue(s, k, plen, cue);
	if (!r)
		r = set_page05(s, multi, xa);
	put_be24(cdb + 6, (uint32_t)len);
	if (!r)
		r = run(s, "SEND CUE SHEET", cdb, 10, IMG_SG_TO_DEV, cue,
			(unsigned)len);
	free(cue);
	if (!r && plen)
		r = write_text(s, packs, plen / 18, leadin, from);
	free(owned);
	snprintf(what, sizeof(what), "%s session %u",
		 s->o->dummy ? "simulating" : "burning", k + 1);
	if (!r)
		r = write_blocks(s, from, vs->leadout, what);
	if (!r)
		r = run(s, "SYNCHRONIZE CACHE", sync, 10, IMG_SG_FROM_DEV, NULL,
			0);
	return r || wait_ready(s, what);
}

/* Whether the medium can take the sessions up to to: a CD-R/RW, open, with
 * room up to the last lead-out. */
static int check_medium(struct sao *s, unsigned to)
{
	struct medium m;

	if (read_medium(s, &m))
		return 1;
	/* CD-R 09h, CD-RW 0Ah (MMC-6 Table 91) */
	if (m.profile != 0x09 && m.profile != 0x0a)
		return img_cmd_fail("%s: this image needs a CD-R or CD-RW; "
				    "the medium in %s has profile %04Xh",
				    s->o->image, s->o->device, m.profile);
	if (m.status == 2 || m.nwa == INT32_MIN)
		return img_cmd_fail("%s: the medium is not writable (closed)",
				    s->o->device);
	if (s->d->sessions[to]->leadout > m.last_lout)
		return img_cmd_fail("%s: the medium in %s is too small for it "
				    "(lead-out at %d, the medium's last at %d)",
				    s->o->image, s->o->device,
				    s->d->sessions[to]->leadout, m.last_lout);
	return 0;
}

/*
 * Whether session k's first track starts at the next writable address,
 * where the image has it (a file system addresses its sectors
 * absolutely), its pregap the 150 blocks before.
 */
static int check_start(struct sao *s, unsigned k)
{
	const struct vb_track *t = s->d->tracks[s->d->sessions[k]->first];
	struct medium m;

	if (read_medium(s, &m))
		return 1;
	if (t->start - (int32_t)t->pregap != m.nwa - 150)
		return img_cmd_fail("%s: session %u would start at sector %d, "
				    "the image has it at %d: its file system "
				    "would point to the wrong sectors",
				    s->o->device, k + 1, m.nwa,
				    t->start - (int32_t)t->pregap + 150);
	return 0;
}

/* BLANK (A1h) minimal, with Immed, then TEST UNIT READY until done. */
static int blank(struct sao *s)
{
	const uint8_t cdb[12] = { 0xa1, 0x11 };
	struct medium m;

	if (read_medium(s, &m))
		return 1;
	if (m.status == 0)
		return 0;
	if (run(s, "BLANK", cdb, 12, IMG_SG_FROM_DEV, NULL, 0))
		return 1;
	return wait_ready(s, "blanking");
}

int img_sao_burn(struct vb_disc *d, unsigned from, unsigned to,
		 const struct img_sao_opts *o)
{
	struct sao s = { .o = o, .d = d };
	int r;

	s.fd = open(o->device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (s.fd < 0)
		return img_cmd_fail("%s: %s", o->device, strerror(errno));
	r = wait_ready(&s, "the medium");
	if (!r && o->blank)
		r = blank(&s);
	if (!r && o->speed) {
		uint8_t cdb[12] = { 0xbb, 0, 0xff, 0xff };

		put_be16(cdb + 4, (uint16_t)(o->speed * 176));
		r = run(&s, "SET CD SPEED", cdb, 12, IMG_SG_FROM_DEV, NULL, 0);
	}
	if (!r)
		r = check_medium(&s, to);
	for (unsigned k = from; k <= to && !r; k++) {
		r = check_start(&s, k) ||
		    burn_session(&s, k, k + 1 < d->n_sessions || d->open);
		/* a simulated session writes nothing: the next would not
		 * start where the image has it */
		if (o->dummy && k < to) {
			fprintf(stderr,
				"vburn-img: %s: note: --dummy simulates "
				"session %u only (nothing was written for "
				"the next to follow)\n",
				o->image, k + 1);
			break;
		}
	}
	if (!r && o->eject) {
		const uint8_t cdb[6] = { 0x1b, 0, 0, 0, 0x02, 0 };

		r = run(&s, "START STOP UNIT (eject)", cdb, 6, IMG_SG_FROM_DEV,
			NULL, 0);
	}
	close(s.fd);
	return r;
}
