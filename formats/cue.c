/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CUE sheet reader (CDRWIN, docs/formats.md 4.1). Parses the sheet into files,
 * tracks and index events, then lays the events out: the sectors between
 * two consecutive INDEX lines belong to the earlier one's track, a track
 * may continue into the next FILE, and byte offsets inside a file are
 * summed per range so one file can mix sector sizes. PREGAP/POSTGAP are
 * generated (not in the file), the 2-second pregap before LBA 0 is
 * generated, and REM SESSION starts a new session after a lead-out and
 * lead-in gap (11250 sectors after session 1, 6750 later, docs/formats.md 5.3).
 * FILE names fall back to a case-insensitive match and then to the .bin
 * next to the cue, like libcdio. The writer lives in cue_write.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "cue.h"
#include "isrc.h"
#include "textbuf.h"

#define CUE_MAX_TEXT (1u << 20) /* a cue sheet is small text */
#define CUE_MAX_FILES 99
#define CUE_MAX_EVENTS (99 * 100)

static const char *const cue_exts[] = { ".cue", NULL };

struct cue_file {
	struct vb_src *src;
	uint64_t data_off; /* start of sector data (WAVE: data chunk) */
	uint64_t data_len;
	bool swap;    /* MOTOROLA: big-endian samples */
	uint64_t pos; /* bytes laid out so far */
};

struct cue_track {
	unsigned number, session;
	const struct cue_type *type;
	uint8_t ctl;
	char isrc[13];
	uint32_t pregap_gen, postgap; /* PREGAP, POSTGAP (not stored) */
	bool has_index1;
	struct vb_track *t;
};

struct cue_event {
	unsigned track; /* index into cue_track array */
	unsigned index; /* INDEX number */
	unsigned file;
	uint32_t frame;
};

struct cue_parse {
	const char *path;
	struct vb_diag *diag;
	struct vb_disc *d;
	unsigned line;
	struct cue_file files[CUE_MAX_FILES];
	unsigned n_files;
	struct cue_track tracks[99];
	unsigned n_tracks;
	struct cue_event *ev;
	unsigned n_ev;
	unsigned session;
};

/* TRACK types (docs/formats.md 4.1 table) */
static const struct cue_type cue_types[] = {
	{ "AUDIO", VB_MODE_AUDIO, VB_DATA_RAW, 2352, VB_SUB_NONE },
	{ "CDG", VB_MODE_AUDIO, VB_DATA_RAW, 2352, VB_SUB_RAW },
	{ "MODE1/2048", VB_MODE_MODE1, VB_DATA_USER, 2048, VB_SUB_NONE },
	{ "MODE1/2352", VB_MODE_MODE1, VB_DATA_RAW, 2352, VB_SUB_NONE },
	{ "MODE2/2048", VB_MODE_MODE2_FORM1, VB_DATA_USER, 2048, VB_SUB_NONE },
	{ "MODE2/2324", VB_MODE_MODE2_FORM2, VB_DATA_USER, 2324, VB_SUB_NONE },
	{ "MODE2/2336", VB_MODE_MODE2_MIXED, VB_DATA_USER, 2336, VB_SUB_NONE },
	{ "MODE2/2352", VB_MODE_MODE2_MIXED, VB_DATA_RAW, 2352, VB_SUB_NONE },
	{ "CDI/2336", VB_MODE_MODE2_MIXED, VB_DATA_USER, 2336, VB_SUB_NONE },
	{ "CDI/2352", VB_MODE_MODE2_MIXED, VB_DATA_RAW, 2352, VB_SUB_NONE },
};

const struct cue_type *cue_type_find(const char *name)
{
	unsigned i;

	for (i = 0; i < VB_ARRAY_SIZE(cue_types); i++)
		if (!strcasecmp(cue_types[i].name, name))
			return &cue_types[i];
	return NULL;
}

unsigned cue_type_stride(const struct cue_type *ty)
{
	return ty->size + (ty->sub != VB_SUB_NONE ? 96u : 0u);
}

static int __attribute__((format(printf, 2, 3)))
cue_err(struct cue_parse *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vb_diag_set(p->diag, p->path, "line %u: %s", p->line, msg);
	return -EINVAL;
}

/* "mm:ss:ff" with ss < 60 and ff < 75 (Red Book frames) */
int cue_parse_msf(const char *s, uint32_t *out)
{
	unsigned m, sec, f;
	char tail;

	if (!s || sscanf(s, "%u:%u:%u%c", &m, &sec, &f, &tail) != 3 ||
	    !isdigit((unsigned char)s[0]) || sec >= 60 || f >= 75 || m > 999)
		return -EINVAL;
	*out = (m * 60 + sec) * 75 + f;
	return 0;
}

/*
 * Splits a line into up to 4 words; "quoted strings" are one word without
 * the quotes. Modifies line. Returns the number of words.
 */
static unsigned cue_split(char *line, char **w, unsigned max)
{
	unsigned n = 0;
	char *p = line;

	while (n < max) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			char *end = strrchr(p + 1, '"');

			w[n++] = ++p;
			if (end && end >= p) {
				*end = 0;
				p = end + 1;
			} else {
				p += strlen(p);
			}
			continue;
		}
		w[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = 0;
	}
	return n;
}

/* RIFF/WAVE: finds the "data" chunk; raw file if there is no RIFF header. */
static int cue_wave(struct cue_file *f)
{
	uint64_t size = vb_src_size(f->src), off = 12;
	uint8_t h[12];

	if (size < 12 || vb_src_read(f->src, h, 12, 0) ||
	    memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4))
		return 0;
	while (off + 8 <= size) {
		uint32_t len;

		if (vb_src_read(f->src, h, 8, off))
			return -EIO;
		len = get_le32(h + 4);
		if (!memcmp(h, "data", 4)) {
			f->data_off = off + 8;
			f->data_len = VB_MIN((uint64_t)len, size - off - 8);
			return 0;
		}
		off += 8 + (uint64_t)len + (len & 1);
	}
	return -EINVAL;
}

static int cue_cmd_file(struct cue_parse *p, char **w, unsigned n)
{
	struct cue_file *f = &p->files[p->n_files];
	char *path = NULL, *alt = NULL, *dot;
	int ret;

	if (n < 3)
		return cue_err(p, "FILE needs a name and a type");
	if (p->n_files == CUE_MAX_FILES)
		return cue_err(p, "too many FILE lines");
	if (strcasecmp(w[2], "BINARY") && strcasecmp(w[2], "MOTOROLA") &&
	    strcasecmp(w[2], "WAVE"))
		return cue_err(p, "unsupported FILE type %s", w[2]);
	ret = img_resolve(p->path, w[1], &path);
	if (ret == -ENOENT) {
		/* libcdio: fall back to the .bin next to the cue */
		alt = strdup(p->path);
		dot = alt ? strrchr(alt, '.') : NULL;
		if (dot && strlen(dot) == 4) {
			strcpy(dot, ".bin");
			ret = img_resolve(
				p->path,
				strrchr(alt, '/') ? strrchr(alt, '/') + 1 : alt,
				&path);
		}
		free(alt);
	}
	if (ret)
		return cue_err(p, "cannot find data file \"%s\"", w[1]);
	ret = vb_src_open(&f->src, path);
	free(path);
	if (ret)
		return cue_err(p, "cannot open data file \"%s\": %s", w[1],
			       strerror(-ret));
	p->n_files++;
	f->data_len = vb_src_size(f->src);
	f->swap = !strcasecmp(w[2], "MOTOROLA");
	if (!strcasecmp(w[2], "WAVE") && cue_wave(f))
		return cue_err(p, "WAVE file \"%s\" has no data chunk", w[1]);
	return 0;
}

static int cue_cmd_track(struct cue_parse *p, char **w, unsigned n)
{
	struct cue_track *t;
	unsigned num;
	char *end;

	if (n < 3)
		return cue_err(p, "TRACK needs a number and a type");
	if (!p->n_files)
		return cue_err(p, "TRACK before any FILE");
	if (p->n_tracks == 99)
		return cue_err(p, "more than 99 tracks");
	num = (unsigned)strtoul(w[1], &end, 10);
	if (*end || num < 1 || num > 99 ||
	    (p->n_tracks && num <= p->tracks[p->n_tracks - 1].number))
		return cue_err(p, "bad track number %s", w[1]);
	t = &p->tracks[p->n_tracks++];
	memset(t, 0, sizeof(*t));
	t->number = num;
	t->session = p->session;
	t->type = cue_type_find(w[2]);
	if (!t->type)
		return cue_err(p, "unknown track type %s", w[2]);
	t->ctl = t->type->mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA;
	return 0;
}

static int cue_cmd_index(struct cue_parse *p, char **w, unsigned n)
{
	struct cue_track *t = &p->tracks[p->n_tracks - 1];
	struct cue_event *e;
	unsigned num;
	uint32_t frame;
	char *end;

	if (n < 3)
		return cue_err(p, "INDEX needs a number and a time");
	num = (unsigned)strtoul(w[1], &end, 10);
	if (*end || num > 99)
		return cue_err(p, "bad index number %s", w[1]);
	if (cue_parse_msf(w[2], &frame))
		return cue_err(p, "bad time %s (mm:ss:ff, ss < 60, ff < 75)",
			       w[2]);
	if (p->n_ev && p->ev[p->n_ev - 1].track == p->n_tracks - 1) {
		if (num != p->ev[p->n_ev - 1].index + 1)
			return cue_err(p, "INDEX %s out of order", w[1]);
	} else if (num > 1) {
		return cue_err(p, "track starts with INDEX %s", w[1]);
	}
	if (p->n_ev && p->ev[p->n_ev - 1].file == p->n_files - 1 &&
	    frame < p->ev[p->n_ev - 1].frame)
		return cue_err(p, "INDEX %s goes back in the file", w[2]);
	if (p->n_ev == CUE_MAX_EVENTS)
		return cue_err(p, "too many INDEX lines");
	e = &p->ev[p->n_ev++];
	e->track = p->n_tracks - 1;
	e->index = num;
	e->file = p->n_files - 1;
	e->frame = frame;
	if (num == 1)
		t->has_index1 = true;
	return 0;
}

static int cue_cdtext(struct cue_parse *p, uint8_t type, const char *text)
{
	unsigned track = p->n_tracks ? p->tracks[p->n_tracks - 1].number : 0;

	if (vb_disc_add_cdtext_item(p->d, 0, type, (uint8_t)track, text))
		return cue_err(p, "out of memory");
	return 0;
}

/*
 * A CDTEXTFILE holds the disc's whole CD-TEXT; TITLE/PERFORMER/SONGWRITER
 * lines next to it (our writer adds them for readers that ignore
 * CDTEXTFILE) can only repeat part of it. So the strings come from the
 * packs whenever these decode to any: otherwise every other type and
 * language block of the packs would be missing as strings (the round-trip
 * matrix, NRG/CCD -> CUE). The lines' strings stay if the packs hold none.
 */
static int cue_text_from_packs(struct vb_disc *d)
{
	struct vb_cdtext_item *cmd = d->cdtext_items;
	const unsigned n_cmd = d->n_cdtext_items;
	unsigned i;
	int ret;

	if (!d->cdtext_len || !n_cmd)
		return 0;
	d->cdtext_items = NULL;
	d->n_cdtext_items = 0;
	ret = vb_cdtext_decode(d);
	if (!ret && d->n_cdtext_items) {
		for (i = 0; i < n_cmd; i++)
			free(cmd[i].text);
		free(cmd);
		return 0;
	}
	for (i = 0; i < d->n_cdtext_items; i++)
		free(d->cdtext_items[i].text);
	free(d->cdtext_items);
	d->cdtext_items = cmd;
	d->n_cdtext_items = n_cmd;
	return ret;
}

static int cue_cmd_flags(struct cue_parse *p, char **w, unsigned n)
{
	struct cue_track *t = &p->tracks[p->n_tracks - 1];
	unsigned i;

	for (i = 1; i < n; i++) {
		if (!strcasecmp(w[i], "DCP"))
			t->ctl |= VB_CTL_COPY;
		else if (!strcasecmp(w[i], "4CH"))
			t->ctl |= VB_CTL_4CH;
		else if (!strcasecmp(w[i], "PRE"))
			t->ctl |= VB_CTL_PREEMPH;
		else if (strcasecmp(w[i], "SCMS") && strcasecmp(w[i], "DATA"))
			return cue_err(p, "unknown flag %s", w[i]);
	}
	return 0;
}

static int cue_cdtextfile(struct cue_parse *p, const char *name)
{
	struct vb_src *s = NULL;
	uint8_t *buf = NULL;
	char *path = NULL;
	uint64_t len;
	int ret;

	if (img_resolve(p->path, name, &path) || vb_src_open(&s, path)) {
		vb_log(VB_LOG_WARN, "cue",
		       "%s: CDTEXTFILE \"%s\" not found, "
		       "ignored",
		       p->path, name);
		free(path);
		return 0;
	}
	len = vb_src_size(s);
	/* CDRWIN appends one NUL byte; some dumps keep a 4-byte header */
	if (len % 18 == 1)
		len--;
	ret = len % 18 == 4 ? 4 : 0;
	if ((len - (uint64_t)ret) % 18 || len > 65536) {
		ret = cue_err(p,
			      "CDTEXTFILE \"%s\" is not a list of 18-byte "
			      "packs",
			      name);
		goto out;
	}
	buf = malloc(len ? len : 1);
	if (!buf || vb_src_read(s, buf, len, 0) ||
	    vb_disc_set_cdtext(p->d, buf + ret, len - (uint64_t)ret))
		ret = cue_err(p, "cannot read CDTEXTFILE \"%s\"", name);
	else
		ret = 0;
out:
	free(buf);
	free(path);
	vb_src_unref(s);
	return ret;
}

static int cue_track_cmd(struct cue_parse *p, const char *kw, char **w,
			 unsigned n)
{
	struct cue_track *t = &p->tracks[p->n_tracks - 1];
	uint32_t v;

	if (!strcasecmp(kw, "INDEX"))
		return cue_cmd_index(p, w, n);
	if (!strcasecmp(kw, "FLAGS"))
		return cue_cmd_flags(p, w, n);
	if (!strcasecmp(kw, "ISRC")) {
		if (n < 2)
			return cue_err(p, "ISRC needs 12 characters");
		fmt_isrc_take(t->isrc, w[1], strlen(w[1]), "cue", p->path,
			      p->line);
		return 0;
	}
	if (cue_parse_msf(n > 1 ? w[1] : NULL, &v))
		return cue_err(p, "bad time after %s", kw);
	if (!strcasecmp(kw, "PREGAP")) {
		if (t->has_index1 ||
		    (p->n_ev && p->ev[p->n_ev - 1].track == p->n_tracks - 1))
			return cue_err(p, "PREGAP after INDEX");
		t->pregap_gen = v;
	} else {
		t->postgap = v;
	}
	return 0;
}

static int cue_line(struct cue_parse *p, char *line)
{
	static const char *const text_kw[] = {
		"TITLE",    "PERFORMER", "SONGWRITER",
		"COMPOSER", "ARRANGER",	 "MESSAGE",
	};
	char *w[8];
	unsigned n = cue_split(line, w, VB_ARRAY_SIZE(w)), i;

	if (!n)
		return 0;
	if (!strcasecmp(w[0], "REM")) {
		if (n >= 3 && !strcasecmp(w[1], "SESSION")) {
			unsigned s = (unsigned)atoi(w[2]);

			if (s != p->session + (p->n_tracks ? 1 : 0) && s != 1)
				return cue_err(p, "bad REM SESSION %s", w[2]);
			if (s > p->session)
				p->session = s;
		}
		return 0;
	}
	for (i = 0; i < VB_ARRAY_SIZE(text_kw); i++)
		if (!strcasecmp(w[0], text_kw[i]))
			return n < 2 ? 0 :
				       cue_cdtext(p, (uint8_t)(0x80 + i), w[1]);
	if (!strcasecmp(w[0], "CATALOG")) {
		if (n < 2 || strlen(w[1]) != 13 ||
		    strspn(w[1], "0123456789") != 13)
			return cue_err(p, "CATALOG needs 13 digits");
		memcpy(p->d->mcn, w[1], 14);
		return 0;
	}
	if (!strcasecmp(w[0], "CDTEXTFILE"))
		return n < 2 ? cue_err(p, "CDTEXTFILE needs a name") :
			       cue_cdtextfile(p, w[1]);
	if (!strcasecmp(w[0], "FILE"))
		return cue_cmd_file(p, w, n);
	if (!strcasecmp(w[0], "TRACK"))
		return cue_cmd_track(p, w, n);
	if (p->n_tracks &&
	    (!strcasecmp(w[0], "INDEX") || !strcasecmp(w[0], "FLAGS") ||
	     !strcasecmp(w[0], "ISRC") || !strcasecmp(w[0], "PREGAP") ||
	     !strcasecmp(w[0], "POSTGAP")))
		return cue_track_cmd(p, w[0], w, n);
	return cue_err(p, "unexpected '%s'", w[0]);
}

static int cue_parse_text(struct cue_parse *p, char *text)
{
	char *line = text, *nl;
	int ret;

	if (!strncmp(text, "\xef\xbb\xbf", 3))
		line += 3; /* UTF-8 BOM */
	for (p->line = 1; line; p->line++, line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		if (strchr(line, '\r'))
			*strchr(line, '\r') = 0;
		ret = cue_line(p, line);
		if (ret)
			return ret;
	}
	if (!p->n_tracks) {
		vb_diag_set(p->diag, p->path, "no TRACK in the cue sheet");
		return -EINVAL;
	}
	for (unsigned i = 0; i < p->n_tracks; i++)
		if (!p->tracks[i].has_index1) {
			vb_diag_set(p->diag, p->path,
				    "track %u has no "
				    "INDEX 01",
				    p->tracks[i].number);
			return -EINVAL;
		}
	return 0;
}

static int cue_probe(const struct vb_src *src, const char *path)
{
	const char *dot = strrchr(path, '.');

	(void)src;
	return dot && !strcasecmp(dot, ".cue");
}

/* Appends n sectors of file f (at its current position) to track t. */
static int cue_add_stored(struct cue_parse *p, struct vb_track *t,
			  const struct cue_track *ct, unsigned fi, uint32_t n)
{
	struct cue_file *f = &p->files[fi];
	const unsigned stride = cue_type_stride(ct->type);
	struct vb_extent e = {
		.sectors = n,
		.data = ct->type->data,
		.src = f->src,
		.offset = f->data_off + f->pos,
		.stride = stride,
		.data_size = ct->type->size,
		.swap = f->swap && ct->type->mode == VB_MODE_AUDIO,
		.sub = ct->type->sub,
	};

	if (!n)
		return 0;
	if ((uint64_t)n * stride > f->data_len - f->pos) {
		vb_diag_set(p->diag, p->path,
			    "track %u: INDEX times point "
			    "past the end of %s",
			    ct->number, vb_src_name(f->src));
		return -EINVAL;
	}
	f->pos += (uint64_t)n * stride;
	return vb_track_add_extent(t, &e);
}

/* Sectors of event j's range that are in its own file. */
static int cue_range(struct cue_parse *p, unsigned j, uint32_t *n,
		     uint32_t *skip)
{
	const struct cue_event *e = &p->ev[j], *nx = NULL;
	const struct cue_track *ct = &p->tracks[e->track];
	const struct cue_file *f = &p->files[e->file];
	const unsigned stride = cue_type_stride(ct->type);
	uint64_t left = f->data_len - f->pos;

	*skip = 0;
	if (j + 1 < p->n_ev)
		nx = &p->ev[j + 1];
	if (nx && nx->file == e->file) {
		*n = nx->frame - e->frame;
		/* single-file multi-session: the gap sectors are in the file */
		if (p->tracks[nx->track].session != ct->session) {
			*skip = (ct->session == 1 ? 11400 : 6900) -
				(nx->index == 0 ? 150 : 0);
			if (*n < *skip) {
				vb_diag_set(p->diag, p->path,
					    "session %u "
					    "starts inside the lead-out of "
					    "session %u",
					    p->tracks[nx->track].session,
					    ct->session);
				return -EINVAL;
			}
			*n -= *skip;
		}
		return 0;
	}
	if (left % stride)
		vb_log(VB_LOG_WARN, "cue",
		       "%s: %s is not a whole number of "
		       "%u-byte sectors",
		       p->path, vb_src_name(f->src), stride);
	*n = (uint32_t)VB_MIN(left / stride, (uint64_t)UINT32_MAX);
	return 0;
}

static int cue_new_track(struct cue_parse *p, struct cue_track *ct,
			 int64_t *lba, unsigned *cur_session)
{
	struct vb_session *s;
	struct vb_track *t;
	bool first = false;

	if (ct->session != *cur_session) {
		if (*cur_session) {
			p->d->sessions[p->d->n_sessions - 1]->leadout =
				(int32_t)*lba;
			/* lead-out + lead-in (docs/formats.md 5.3) */
			*lba += *cur_session == 1 ? 11250 : 6750;
		} else {
			*lba = -150;
		}
		while (p->d->n_sessions < ct->session)
			if (!(s = vb_disc_add_session(p->d)))
				return -ENOMEM;
		*cur_session = ct->session;
		first = true;
	}
	t = vb_disc_add_track(p->d);
	if (!t)
		return -ENOMEM;
	ct->t = t;
	t->number = (uint16_t)ct->number;
	t->mode = ct->type->mode;
	t->ctl = ct->ctl;
	memcpy(t->isrc, ct->isrc, sizeof(t->isrc));
	t->start = (int32_t)*lba; /* track begin until INDEX 01 is known */
	t->pregap = ct->pregap_gen + (first ? 150 : 0);
	return vb_track_add_zero(t, t->pregap);
}

static int cue_end_track(struct cue_track *ct, int64_t *lba)
{
	struct vb_track *t = ct->t;
	int ret;

	t->start += (int32_t)t->pregap;
	ret = vb_track_add_zero(t, ct->postgap);
	t->length += ct->postgap;
	t->postgap = ct->postgap;
	*lba = (int64_t)t->start + t->length;
	return *lba > INT32_MAX ? -EINVAL : ret;
}

static int cue_layout(struct cue_parse *p)
{
	unsigned j, cur_session = 0;
	int64_t lba = -150;
	int ret = 0;

	for (j = 0; j < p->n_ev && !ret; j++) {
		const struct cue_event *e = &p->ev[j];
		struct cue_track *ct = &p->tracks[e->track];
		const bool last_of_track =
			j + 1 == p->n_ev || p->ev[j + 1].track != e->track;
		uint32_t n, skip;
		struct vb_track *t;

		if (!j || p->ev[j - 1].track != e->track)
			ret = cue_new_track(p, ct, &lba, &cur_session);
		t = ct->t;
		/* sectors before the very first INDEX: stored pregap */
		if (!ret && !j && e->frame)
			ret = cue_add_stored(p, t, ct, e->file, e->frame);
		if (!ret && !j)
			t->pregap += e->frame;
		if (!ret && e->index >= 2)
			ret = vb_track_add_index(t, t->length);
		if (!ret)
			ret = cue_range(p, j, &n, &skip);
		if (!ret)
			ret = cue_add_stored(p, t, ct, e->file, n);
		if (ret)
			break;
		if (e->index == 0)
			t->pregap += n;
		else
			t->length += n;
		p->files[e->file].pos +=
			(uint64_t)skip * cue_type_stride(ct->type);
		/* the range continues at the start of the next file */
		if (j + 1 < p->n_ev && p->ev[j + 1].file != e->file &&
		    p->ev[j + 1].frame) {
			n = p->ev[j + 1].frame;
			ret = cue_add_stored(p, t, ct, p->ev[j + 1].file, n);
			if (e->index == 0)
				t->pregap += n;
			else
				t->length += n;
		}
		if (!ret && last_of_track)
			ret = cue_end_track(ct, &lba);
	}
	if (ret == -EINVAL && p->diag && !p->diag->msg[0])
		vb_diag_set(p->diag, p->path, "bad track layout");
	return ret;
}

static int cue_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	struct cue_parse *p = calloc(1, sizeof(*p));
	char *text = NULL;
	unsigned i;
	int ret;

	if (!p)
		return -ENOMEM;
	p->path = path;
	p->diag = diag;
	p->session = 1;
	ret = fmt_read_text(src, path, CUE_MAX_TEXT, "a cue sheet", true, diag,
			    &text);
	if (ret)
		goto out;
	ret = -ENOMEM;
	p->d = vb_disc_new(VB_DISC_CD);
	p->ev = calloc(CUE_MAX_EVENTS, sizeof(*p->ev));
	if (!p->d || !p->ev)
		goto out;
	ret = cue_parse_text(p, text);
	if (!ret)
		ret = cue_layout(p);
	if (!ret && cue_text_from_packs(p->d)) {
		vb_diag_set(diag, path, "out of memory");
		ret = -ENOMEM;
	}
	if (!ret)
		ret = vb_disc_finish(p->d, path, diag);
	if (!ret) {
		*out = p->d;
		p->d = NULL;
	}
out:
	for (i = 0; i < p->n_files; i++)
		vb_src_unref(p->files[i].src);
	vb_disc_unref(p->d);
	free(p->ev);
	free(text);
	free(p);
	return ret;
}

const struct img_ops cue_ops = {
	.name = "cue",
	.exts = cue_exts,
	.probe = cue_probe,
	.open = cue_open,
	.can_write = cue_can_write,
	.write = cue_write,
};
