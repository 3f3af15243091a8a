/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cdrdao TOC reader (docs/formats.md 4.2): the session type, CATALOG, CD_TEXT
 * blocks, and per TRACK its mode (+ RW/RW_RAW sub-channel), flags, ISRC,
 * SILENCE/ZERO (generated), FILE/AUDIOFILE/DATAFILE with #byte offsets,
 * start and length (MSF or audio samples), START, PREGAP and INDEX. One
 * TOC file is one session. Addresses follow cdrdao show-toc: the first
 * sector described by the file is LBA 0, a START or PREGAP there adds to
 * the 2-second pregap before it. Raw (non-WAVE) audio files are
 * big-endian, as cdrdao expects them. The writer is formats/toc_write.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vburn/bytes.h"
#include "vburn/img.h"
#include "isrc.h"
#include "textbuf.h"
#include "toc.h"

#define TOC_MAX_TEXT (1u << 20)

static const char *const toc_exts[] = { ".toc", NULL };

enum toc_tok {
	T_EOF,
	T_WORD,
	T_STR,
	T_NUM,
	T_MSF,
	T_LBRACE,
	T_RBRACE,
	T_COLON,
	T_OFFSET,
	T_COMMA,
	T_BAD
};

struct toc_mode {
	const char *name;
	enum vb_track_mode mode;
	enum vb_data_fmt data;
	uint16_t size;
};

static const struct toc_mode toc_modes[] = {
	{ "AUDIO", VB_MODE_AUDIO, VB_DATA_RAW, 2352 },
	{ "MODE0", VB_MODE_MODE0, VB_DATA_USER, 2336 },
	{ "MODE1", VB_MODE_MODE1, VB_DATA_USER, 2048 },
	{ "MODE1_RAW", VB_MODE_MODE1, VB_DATA_RAW, 2352 },
	{ "MODE2", VB_MODE_MODE2, VB_DATA_USER, 2336 },
	{ "MODE2_FORM1", VB_MODE_MODE2_FORM1, VB_DATA_USER, 2048 },
	{ "MODE2_FORM2", VB_MODE_MODE2_FORM2, VB_DATA_USER, 2324 },
	{ "MODE2_FORM_MIX", VB_MODE_MODE2_MIXED, VB_DATA_USER, 2336 },
	{ "MODE2_RAW", VB_MODE_MODE2_MIXED, VB_DATA_RAW, 2352 },
};

/* CD-TEXT item keywords -> pack types (MMC Annex J) */
static const struct {
	const char *kw;
	uint8_t type;
} toc_text_kw[] = {
	{ "TITLE", 0x80 },     { "PERFORMER", 0x81 }, { "SONGWRITER", 0x82 },
	{ "COMPOSER", 0x83 },  { "ARRANGER", 0x84 },  { "MESSAGE", 0x85 },
	{ "DISC_ID", 0x86 },   { "GENRE", 0x87 },     { "TOC_INFO1", 0x88 },
	{ "TOC_INFO2", 0x89 }, { "UPC_EAN", 0x8e },   { "ISRC", 0x8e },
	{ "SIZE_INFO", 0x8f },
};

struct toc_parse {
	const char *path;
	struct vb_diag *diag;
	struct vb_disc *d;
	const char *s; /* cursor */
	unsigned line;
	enum toc_tok tok;
	char text[1024];    /* word or string value */
	uint64_t num;	    /* number, #offset, or MSF in frames */
	struct vb_track *t; /* current track */
	const struct toc_mode *mode;
	unsigned sub; /* 0, or 96 with RW / RW_RAW */
	enum vb_sub_fmt subfmt;
	bool started; /* START seen in this track */
	int64_t lba;  /* next free LBA */
	uint8_t lang_map[8];
};

static int __attribute__((format(printf, 2, 3)))
toc_err(struct toc_parse *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vb_diag_set(p->diag, p->path, "line %u: %s", p->line, msg);
	return -EINVAL;
}

static void toc_skip_space(struct toc_parse *p)
{
	for (;;) {
		while (isspace((unsigned char)*p->s)) {
			if (*p->s == '\n')
				p->line++;
			p->s++;
		}
		if (p->s[0] != '/' || p->s[1] != '/')
			return;
		while (*p->s && *p->s != '\n')
			p->s++;
	}
}

/* A "string" with \" \\ and \ooo escapes. */
static enum toc_tok toc_lex_string(struct toc_parse *p)
{
	size_t n = 0;

	p->s++;
	while (*p->s && *p->s != '"' && *p->s != '\n') {
		int c = (unsigned char)*p->s++;

		if (c == '\\' && *p->s >= '0' && *p->s <= '7') {
			c = 0;
			for (int k = 0; k < 3 && *p->s >= '0' && *p->s <= '7';
			     k++)
				c = c * 8 + (*p->s++ - '0');
		} else if (c == '\\' && *p->s) {
			c = (unsigned char)*p->s++;
		}
		if (n < sizeof(p->text) - 1 && c)
			p->text[n++] = (char)c;
	}
	p->text[n] = 0;
	if (*p->s != '"')
		return T_BAD;
	p->s++;
	return T_STR;
}

static enum toc_tok toc_lex_number(struct toc_parse *p)
{
	uint64_t v[3] = { 0, 0, 0 };
	unsigned n = 0;

	for (;;) {
		if (!isdigit((unsigned char)*p->s))
			return T_BAD;
		while (isdigit((unsigned char)*p->s)) {
			v[n] = v[n] * 10 + (uint64_t)(*p->s++ - '0');
			if (v[n] > (1ull << 40))
				return T_BAD;
		}
		if (*p->s != ':' || !isdigit((unsigned char)p->s[1]) || n == 2)
			break;
		p->s++;
		n++;
	}
	if (n == 0) {
		p->num = v[0];
		return T_NUM;
	}
	/* mm:ss:ff, seconds < 60, frames < 75 (docs/formats.md 0) */
	if (n != 2 || v[1] >= 60 || v[2] >= 75)
		return T_BAD;
	p->num = (v[0] * 60 + v[1]) * 75 + v[2];
	return T_MSF;
}

static enum toc_tok toc_next(struct toc_parse *p)
{
	char c;
	size_t n = 0;

	toc_skip_space(p);
	c = *p->s;
	if (!c)
		return p->tok = T_EOF;
	if (c == '"')
		return p->tok = toc_lex_string(p);
	if (isdigit((unsigned char)c))
		return p->tok = toc_lex_number(p);
	if (c == '#') {
		p->s++;
		return p->tok = toc_lex_number(p) == T_NUM ? T_OFFSET : T_BAD;
	}
	if (strchr("{}:,", c)) {
		p->s++;
		return p->tok = c == '{' ? T_LBRACE :
				c == '}' ? T_RBRACE :
				c == ':' ? T_COLON :
					   T_COMMA;
	}
	while (isalnum((unsigned char)*p->s) || *p->s == '_' || *p->s == '-') {
		if (n < sizeof(p->text) - 1)
			p->text[n++] = *p->s;
		p->s++;
	}
	p->text[n] = 0;
	if (!n) {
		p->s++;
		return p->tok = T_BAD;
	}
	return p->tok = T_WORD;
}

static bool toc_is(struct toc_parse *p, const char *kw)
{
	return p->tok == T_WORD && !strcmp(p->text, kw);
}

/* Expects an MSF or a plain number (of frames); leaves it in p->num. */
static int toc_expect_len(struct toc_parse *p, const char *what)
{
	toc_next(p);
	if (p->tok != T_MSF && p->tok != T_NUM)
		return toc_err(p, "%s needs a time mm:ss:ff", what);
	return 0;
}

struct toc_save {
	const char *s;
	unsigned line;
};

static struct toc_save toc_mark(const struct toc_parse *p)
{
	return (struct toc_save){ p->s, p->line };
}

static void toc_reset(struct toc_parse *p, struct toc_save m)
{
	p->s = m.s;
	p->line = m.line;
}

static uint8_t toc_lang_code(const char *w)
{
	/* only English has a well-known symbolic name in cdrdao files */
	return !strcasecmp(w, "EN") ? 0x09 : (uint8_t)atoi(w);
}

/* { KEY "text" | KEY { n, n, ... } ... } of one LANGUAGE block */
static int toc_cdtext_items(struct toc_parse *p, unsigned block, unsigned track)
{
	unsigned i;

	if (toc_next(p) != T_LBRACE)
		return toc_err(p, "'{' expected after LANGUAGE");
	while (toc_next(p) == T_WORD) {
		uint8_t type = 0;

		/* character set of the block (cdrdao >= 1.2.5), not kept */
		if (!strncmp(p->text, "ENCODING_", 9))
			continue;
		for (i = 0; i < VB_ARRAY_SIZE(toc_text_kw); i++)
			if (!strcmp(p->text, toc_text_kw[i].kw))
				type = toc_text_kw[i].type;
		if (!type)
			return toc_err(p, "unknown CD-TEXT item %s", p->text);
		toc_next(p);
		if (p->tok == T_LBRACE) {
			/* binary item: numbers and commas, not kept */
			while (toc_next(p) == T_NUM || p->tok == T_COMMA)
				;
			if (p->tok != T_RBRACE)
				return toc_err(p, "bad binary CD-TEXT item");
			continue;
		}
		if (p->tok != T_STR)
			return toc_err(p, "CD-TEXT item needs a string");
		if (p->text[0] &&
		    vb_disc_add_cdtext_item(p->d, (uint8_t)block, type,
					    (uint8_t)track, p->text))
			return -ENOMEM;
	}
	return p->tok == T_RBRACE ? 0 : toc_err(p, "'}' expected");
}

static int toc_cdtext(struct toc_parse *p, unsigned track)
{
	int ret;

	if (toc_next(p) != T_LBRACE)
		return toc_err(p, "'{' expected after CD_TEXT");
	while (toc_next(p) == T_WORD) {
		if (!strcmp(p->text, "LANGUAGE_MAP")) {
			if (toc_next(p) != T_LBRACE)
				return toc_err(p, "'{' expected");
			while (toc_next(p) == T_NUM) {
				unsigned n = (unsigned)p->num;

				if (n > 7 || toc_next(p) != T_COLON ||
				    (toc_next(p) != T_WORD && p->tok != T_NUM))
					return toc_err(p, "bad LANGUAGE_MAP");
				if (p->tok == T_NUM)
					snprintf(p->text, sizeof(p->text), "%u",
						 (unsigned)p->num);
				p->d->cdtext_lang[n] = toc_lang_code(p->text);
			}
			if (p->tok != T_RBRACE)
				return toc_err(p, "'}' expected");
		} else if (!strcmp(p->text, "LANGUAGE")) {
			if (toc_next(p) != T_NUM || p->num > 7)
				return toc_err(p, "LANGUAGE needs 0..7");
			ret = toc_cdtext_items(p, (unsigned)p->num, track);
			if (ret)
				return ret;
		} else {
			return toc_err(p, "unexpected %s in CD_TEXT", p->text);
		}
	}
	return p->tok == T_RBRACE ? 0 : toc_err(p, "'}' expected");
}

struct toc_track {
	uint64_t total;	 /* sectors described so far */
	uint32_t pregap; /* START / PREGAP position */
	bool has_start;
	uint8_t n_index;
	uint32_t index[VB_MAX_INDEX - 1];
	int64_t begin; /* LBA of the first sector of the track */
};

/* Opens (or reuses) a data file named in the TOC. */
static int toc_file(struct toc_parse *p, struct vb_src **srcs, unsigned *n,
		    const char *name, struct vb_src **out)
{
	char *path = NULL;
	unsigned i;
	int ret;

	if (img_resolve(p->path, name, &path))
		return toc_err(p, "cannot find data file \"%s\"", name);
	for (i = 0; i < *n; i++)
		if (!strcmp(vb_src_name(srcs[i]), path)) {
			free(path);
			*out = srcs[i];
			return 0;
		}
	if (*n == 99) {
		free(path);
		return toc_err(p, "too many data files");
	}
	ret = vb_src_open(&srcs[*n], path);
	free(path);
	if (ret)
		return toc_err(p, "cannot open data file \"%s\": %s", name,
			       strerror(-ret));
	*out = srcs[(*n)++];
	return 0;
}

/* Start of the samples of a RIFF/WAVE file, 0 for a raw file. */
static uint64_t toc_wav_data(const struct vb_src *src, bool *wav)
{
	uint64_t off = 12, size = vb_src_size(src);
	uint8_t h[12];

	*wav = false;
	if (size < 12 || vb_src_read(src, h, 12, 0) || memcmp(h, "RIFF", 4) ||
	    memcmp(h + 8, "WAVE", 4))
		return 0;
	while (off + 8 <= size && !vb_src_read(src, h, 8, off)) {
		if (!memcmp(h, "data", 4)) {
			*wav = true;
			return off + 8;
		}
		off += 8 + (uint64_t)get_le32(h + 4) + (get_le32(h + 4) & 1);
	}
	return 0;
}

/* Optional length after FILE/DATAFILE: frames (MSF), samples or bytes. */
static int toc_opt_len(struct toc_parse *p, bool audio_file, unsigned stride,
		       uint64_t *sectors, bool *given)
{
	struct toc_save m = toc_mark(p);

	*given = true;
	toc_next(p);
	if (p->tok == T_MSF) {
		*sectors = p->num;
	} else if (p->tok == T_NUM && audio_file) {
		/* 588 stereo samples per sector */
		if (p->num % 588)
			return toc_err(p, "length is not whole sectors");
		*sectors = p->num / 588;
	} else if (p->tok == T_NUM) {
		if (p->num % stride)
			return toc_err(p, "length is not whole sectors");
		*sectors = p->num / stride;
	} else {
		toc_reset(p, m);
		*given = false;
	}
	return 0;
}

/* FILE|AUDIOFILE "f" [#off] start [len]  /  DATAFILE "f" [#off] [len] */
static int toc_cmd_file(struct toc_parse *p, struct toc_track *tt,
			struct vb_src **srcs, unsigned *n_srcs, bool datafile)
{
	const unsigned stride = p->mode->size + p->sub;
	const bool audio = p->mode->mode == VB_MODE_AUDIO;
	struct vb_extent e = {
		.data = p->mode->data,
		.stride = stride,
		.data_size = p->mode->size,
		.sub = p->subfmt,
	};
	uint64_t off = 0, base, sectors = 0;
	struct toc_save m;
	bool wav, given;
	int ret;

	if (toc_next(p) != T_STR)
		return toc_err(p, "file name expected");
	ret = toc_file(p, srcs, n_srcs, p->text, &e.src);
	if (ret)
		return ret;
	base = toc_wav_data(e.src, &wav);
	m = toc_mark(p);
	if (toc_next(p) == T_OFFSET)
		off = p->num;
	else
		toc_reset(p, m);
	if (!datafile) {
		toc_next(p);
		if (p->tok == T_NUM && audio)
			off += p->num * 4; /* samples */
		else if (p->tok == T_MSF || p->tok == T_NUM)
			off += p->num * stride;
		else if (p->tok == T_BAD)
			return toc_err(p, "bad time (mm:ss:ff with ss < 60 "
					  "and ff < 75)");
		else
			return toc_err(p, "FILE needs a start time");
	}
	ret = toc_opt_len(p, audio, stride, &sectors, &given);
	if (ret)
		return ret;
	e.offset = base + off;
	if (e.offset > vb_src_size(e.src))
		return toc_err(p, "start is past the end of the file");
	/* no length, or a length of 0: the rest of the file (cdrdao) */
	if (!given || !sectors)
		sectors = (vb_src_size(e.src) - e.offset) / stride;
	if (sectors > INT32_MAX ||
	    !vb_src_has(e.src, e.offset, sectors * stride))
		return toc_err(p,
			       "%llu sectors from byte %llu run past the "
			       "end of the file",
			       (unsigned long long)sectors,
			       (unsigned long long)e.offset);
	e.sectors = (uint32_t)sectors;
	e.swap = audio && !wav;
	tt->total += sectors;
	return sectors ? vb_track_add_extent(p->t, &e) : 0;
}

static int toc_end_track(struct toc_parse *p, struct toc_track *tt)
{
	struct vb_track *t = p->t;
	const uint32_t first = p->d->n_tracks == 1 ? 150 : 0;
	unsigned i;
	int ret = 0;

	if (!t)
		return 0;
	if (tt->total > INT32_MAX || tt->pregap >= tt->total)
		return toc_err(p, "track %u has no sectors after its START",
			       t->number);
	t->pregap = first + tt->pregap;
	t->length = (uint32_t)tt->total - tt->pregap;
	t->start = (int32_t)(tt->begin + tt->pregap);
	for (i = 0; i < tt->n_index && !ret; i++)
		if (tt->index[i] >= t->length ||
		    vb_track_add_index(t, tt->index[i]))
			ret = toc_err(p, "track %u: bad INDEX", t->number);
	p->lba = tt->begin + (int64_t)tt->total;
	p->t = NULL;
	return ret;
}

static int toc_cmd_track(struct toc_parse *p, struct toc_track *tt)
{
	struct toc_save m;
	unsigned i;
	int ret = toc_end_track(p, tt);

	if (ret)
		return ret;
	if (toc_next(p) != T_WORD)
		return toc_err(p, "track mode expected");
	p->mode = NULL;
	for (i = 0; i < VB_ARRAY_SIZE(toc_modes); i++)
		if (!strcmp(p->text, toc_modes[i].name))
			p->mode = &toc_modes[i];
	if (!p->mode)
		return toc_err(p, "unknown track mode %s", p->text);
	p->sub = 0;
	p->subfmt = VB_SUB_NONE;
	m = toc_mark(p);
	if (toc_next(p) == T_WORD &&
	    (!strcmp(p->text, "RW") || !strcmp(p->text, "RW_RAW"))) {
		p->sub = 96;
		p->subfmt = strcmp(p->text, "RW") ? VB_SUB_RAW : VB_SUB_RW;
	} else {
		toc_reset(p, m);
	}
	if (p->d->n_tracks == 99)
		return toc_err(p, "more than 99 tracks");
	p->t = vb_disc_add_track(p->d);
	if (!p->t)
		return -ENOMEM;
	memset(tt, 0, sizeof(*tt));
	tt->begin = p->lba;
	p->t->mode = p->mode->mode;
	p->t->ctl = p->mode->mode == VB_MODE_AUDIO ? 0 : VB_CTL_DATA;
	/* the 2-second pregap before LBA 0 is never described by the file */
	return p->d->n_tracks == 1 ? vb_track_add_zero(p->t, 150) : 0;
}

/* SILENCE len | ZERO [mode] [sub-channel mode] len | PREGAP len */
static int toc_cmd_zero(struct toc_parse *p, struct toc_track *tt, bool pregap)
{
	int ret;

	if (!pregap && toc_is(p, "ZERO")) {
		struct toc_save m = toc_mark(p);

		while (toc_next(p) == T_WORD)
			m = toc_mark(p);
		toc_reset(p, m);
	}
	ret = toc_expect_len(p, pregap ? "PREGAP" : "SILENCE/ZERO");
	if (ret)
		return ret;
	if (p->num > INT32_MAX)
		return toc_err(p, "absurd length");
	if (pregap) {
		if (tt->total || tt->has_start)
			return toc_err(p, "PREGAP must come first in a track");
		tt->pregap = (uint32_t)p->num;
		tt->has_start = true;
	}
	tt->total += p->num;
	return vb_track_add_zero(p->t, (uint32_t)p->num);
}

static int toc_cmd_start(struct toc_parse *p, struct toc_track *tt)
{
	struct toc_save m = toc_mark(p);

	if (tt->has_start)
		return toc_err(p, "second START/PREGAP in a track");
	tt->has_start = true;
	if (toc_next(p) == T_MSF) {
		if (p->num > INT32_MAX)
			return toc_err(p, "absurd START");
		tt->pregap = (uint32_t)p->num;
	} else {
		toc_reset(p, m);
		tt->pregap = (uint32_t)tt->total;
	}
	return 0;
}

static int toc_cmd_flag(struct toc_parse *p)
{
	bool no = toc_is(p, "NO");
	uint8_t bit;

	if (no && toc_next(p) != T_WORD)
		return toc_err(p, "COPY or PRE_EMPHASIS expected after NO");
	if (!strcmp(p->text, "COPY"))
		bit = VB_CTL_COPY;
	else if (!strcmp(p->text, "PRE_EMPHASIS"))
		bit = VB_CTL_PREEMPH;
	else if (!strcmp(p->text, "FOUR_CHANNEL_AUDIO"))
		bit = VB_CTL_4CH;
	else if (!strcmp(p->text, "TWO_CHANNEL_AUDIO"))
		bit = VB_CTL_4CH, no = true;
	else
		return toc_err(p, "unknown flag %s", p->text);
	if (no)
		p->t->ctl &= (uint8_t)~bit;
	else
		p->t->ctl |= bit;
	return 0;
}

static int toc_track_stmt(struct toc_parse *p, struct toc_track *tt,
			  struct vb_src **srcs, unsigned *n_srcs)
{
	if (toc_is(p, "NO") || toc_is(p, "COPY") || toc_is(p, "PRE_EMPHASIS") ||
	    toc_is(p, "TWO_CHANNEL_AUDIO") || toc_is(p, "FOUR_CHANNEL_AUDIO"))
		return toc_cmd_flag(p);
	if (toc_is(p, "ISRC")) {
		if (toc_next(p) != T_STR)
			return toc_err(p, "ISRC needs a \"string\"");
		fmt_isrc_take(p->t->isrc, p->text, strlen(p->text), "toc",
			      p->path, p->line);
		return 0;
	}
	if (toc_is(p, "CD_TEXT"))
		return toc_cdtext(p, p->t->number);
	if (toc_is(p, "SILENCE") || toc_is(p, "ZERO"))
		return toc_cmd_zero(p, tt, false);
	if (toc_is(p, "PREGAP"))
		return toc_cmd_zero(p, tt, true);
	if (toc_is(p, "FILE") || toc_is(p, "AUDIOFILE"))
		return toc_cmd_file(p, tt, srcs, n_srcs, false);
	if (toc_is(p, "DATAFILE"))
		return toc_cmd_file(p, tt, srcs, n_srcs, true);
	if (toc_is(p, "START"))
		return toc_cmd_start(p, tt);
	if (toc_is(p, "INDEX")) {
		int ret = toc_expect_len(p, "INDEX");

		if (ret)
			return ret;
		if (tt->n_index == VB_MAX_INDEX - 1 || !p->num ||
		    p->num > INT32_MAX ||
		    (tt->n_index && p->num <= tt->index[tt->n_index - 1]))
			return toc_err(p, "INDEX out of order");
		tt->index[tt->n_index++] = (uint32_t)p->num;
		return 0;
	}
	return toc_err(p, "unexpected %s",
		       p->tok == T_WORD ? p->text : "token");
}

static int toc_header_stmt(struct toc_parse *p, struct vb_session *s)
{
	if (toc_is(p, "CD_DA") || toc_is(p, "CD_ROM")) {
		s->disc_type = VB_DISC_TYPE_CDDA_CDROM;
	} else if (toc_is(p, "CD_ROM_XA")) {
		s->disc_type = VB_DISC_TYPE_XA;
	} else if (toc_is(p, "CD_I")) {
		s->disc_type = VB_DISC_TYPE_CDI;
	} else if (toc_is(p, "CATALOG")) {
		if (toc_next(p) != T_STR || strlen(p->text) != 13 ||
		    strspn(p->text, "0123456789") != 13)
			return toc_err(p, "CATALOG needs a string of 13 "
					  "digits");
		memcpy(p->d->mcn, p->text, 14);
	} else if (toc_is(p, "CD_TEXT")) {
		return toc_cdtext(p, 0);
	} else {
		return toc_err(p, "unexpected %s",
			       p->tok == T_WORD ? p->text : "token");
	}
	return 0;
}

static int toc_parse_all(struct toc_parse *p)
{
	struct vb_src *srcs[99];
	struct toc_track tt = { 0 };
	struct vb_session *s = vb_disc_add_session(p->d);
	unsigned n_srcs = 0, i;
	int ret = 0;

	if (!s)
		return -ENOMEM;
	while (!ret && toc_next(p) != T_EOF) {
		if (p->tok == T_BAD)
			ret = toc_err(p, "bad token (times are mm:ss:ff with "
					 "ss < 60 and ff < 75)");
		else if (p->tok != T_WORD)
			ret = toc_err(p, "keyword expected");
		else if (!strcmp(p->text, "TRACK"))
			ret = toc_cmd_track(p, &tt);
		else if (p->t)
			ret = toc_track_stmt(p, &tt, srcs, &n_srcs);
		else
			ret = toc_header_stmt(p, s);
	}
	if (!ret)
		ret = toc_end_track(p, &tt);
	if (!ret && !p->d->n_tracks)
		ret = toc_err(p, "no TRACK");
	for (i = 0; i < n_srcs; i++)
		vb_src_unref(srcs[i]);
	return ret;
}

static int toc_probe(const struct vb_src *src, const char *path)
{
	const char *dot = strrchr(path, '.');

	(void)src;
	return dot && !strcasecmp(dot, ".toc");
}

static int toc_open(struct vb_src *src, const char *path, struct vb_disc **out,
		    struct vb_diag *diag)
{
	struct toc_parse *p = calloc(1, sizeof(*p));
	char *text = NULL;
	int ret;

	if (!p)
		return -ENOMEM;
	p->path = path;
	p->diag = diag;
	p->line = 1;
	ret = fmt_read_text(src, path, TOC_MAX_TEXT, "a TOC file", true, diag,
			    &text);
	if (ret)
		goto out;
	ret = -ENOMEM;
	p->d = vb_disc_new(VB_DISC_CD);
	if (!p->d)
		goto out;
	p->s = text;
	ret = toc_parse_all(p);
	if (!ret)
		ret = vb_disc_finish(p->d, path, diag);
	if (!ret) {
		*out = p->d;
		p->d = NULL;
	}
out:
	vb_disc_unref(p->d);
	free(text);
	free(p);
	return ret;
}

const struct img_ops toc_ops = {
	.name = "toc",
	.exts = toc_exts,
	.probe = toc_probe,
	.open = toc_open,
	.can_write = toc_can_write,
	.write = toc_write,
};
