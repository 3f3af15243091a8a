/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CloneCD control file (.ccd) parser (docs/formats.md 2.2): the INI text into
 * the entries, tracks and disc keys of struct ccd_parse, with every count
 * and number checked. Lenient like libmirage where it costs nothing:
 * unknown sections and keys are ignored, keys and section names are
 * case-insensitive, CR LF or LF, a UTF-8 byte order mark is skipped.
 * Building the disc from the result is formats/ccd.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vburn/bytes.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "ccd.h"
#include "isrc.h"

#define LOG_TAG_CCD "ccd"

static const char *const ccd_entry_keys[E__COUNT] = {
	"Session", "Point", "ADR",  "Control", "TrackNo", "AMin",   "ASec",
	"AFrame",  "ALBA",  "Zero", "PMin",    "PSec",	  "PFrame", "PLBA",
};

int ccd_err(struct ccd_parse *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->line)
		vb_diag_set(p->diag, p->path, "line %u: %s", p->line, msg);
	else
		vb_diag_set(p->diag, p->path, "%s", msg);
	return -EINVAL;
}

/*
 * A number as CloneCD writes them: decimal, or hexadecimal with 0x
 * (Point, ADR, Control); an optional sign. 0, or -EINVAL for anything
 * else (no octal: "08" is eight).
 */
static int ccd_num(const char *s, long *out)
{
	unsigned long v = 0;
	bool neg = false, hex = false;
	unsigned digits = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		hex = true;
		s += 2;
	}
	for (; *s; s++, digits++) {
		unsigned d;

		if (isdigit((unsigned char)*s))
			d = (unsigned)(*s - '0');
		else if (hex && isxdigit((unsigned char)*s))
			d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		v = v * (hex ? 16 : 10) + d;
		if (v > 1000000000ul)
			return -EINVAL;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (!digits || *s)
		return -EINVAL;
	*out = neg ? -(long)v : (long)v;
	return 0;
}

/* "[Entry 12]" etc.: sets p->sect and p->num. */
static int ccd_section(struct ccd_parse *p, const char *name)
{
	static const struct {
		const char *name;
		enum ccd_sect sect;
		bool numbered;
	} sects[] = {
		{ "CloneCD", S_CLONECD, false }, { "Disc", S_DISC, false },
		{ "CDText", S_CDTEXT, false },	 { "Session", S_SESSION, true },
		{ "Entry", S_ENTRY, true },	 { "TRACK", S_TRACK, true },
	};
	unsigned i;

	p->sect = S_OTHER;
	for (i = 0; i < VB_ARRAY_SIZE(sects); i++) {
		size_t n = strlen(sects[i].name);

		if (strncasecmp(name, sects[i].name, n))
			continue;
		if (!sects[i].numbered) {
			if (!name[n])
				p->sect = sects[i].sect;
			continue;
		}
		if (name[n] != ' ' || ccd_num(name + n + 1, &p->num))
			continue;
		p->sect = sects[i].sect;
		break;
	}
	if (p->sect == S_CLONECD)
		p->has_clonecd = true;
	if (p->sect == S_ENTRY) {
		if (p->num < 0 || p->num >= CCD_MAX_ENTRIES)
			return ccd_err(p, "[Entry %ld]: absurd entry number",
				       p->num);
		if (p->e[p->num].have)
			return ccd_err(p, "[Entry %ld] appears twice", p->num);
	}
	if (p->sect == S_TRACK) {
		if (p->num < 1 || p->num > 99)
			return ccd_err(p,
				       "[TRACK %ld]: track numbers are "
				       "1..99",
				       p->num);
		if (p->t[p->num].seen)
			return ccd_err(p, "[TRACK %ld] appears twice", p->num);
		p->t[p->num].seen = true;
	}
	return 0;
}

/* "Entry 3=80 00 ..." in [CDText]: one pack without its CRC. */
static int ccd_cdtext_entry(struct ccd_parse *p, long n, const char *val)
{
	uint8_t *pack;
	unsigned k;

	if (n < 0 || n >= p->n_packs)
		return ccd_err(p, "CD-TEXT entry %ld outside Entries=%ld", n,
			       p->n_packs);
	pack = p->packs + (size_t)n * VB_CDTEXT_PACK;
	for (k = 0; k < 16; k++) {
		char *end;
		unsigned long b;

		while (*val == ' ')
			val++;
		b = strtoul(val, &end, 16);
		if (end == val || b > 0xff || (*end && *end != ' '))
			return ccd_err(p,
				       "CD-TEXT entry %ld is not 16 hex "
				       "bytes",
				       n);
		pack[k] = (uint8_t)b;
		val = end;
	}
	vb_cdtext_set_crc(pack);
	p->pack_seen[n] = true;
	return 0;
}

static int ccd_key_entry(struct ccd_parse *p, const char *key, long v)
{
	struct ccd_entry *e = &p->e[p->num];
	unsigned k;

	for (k = 0; k < E__COUNT; k++)
		if (!strcasecmp(key, ccd_entry_keys[k])) {
			e->v[k] = v;
			e->have |= HAVE(k);
		}
	return 0;
}

static int ccd_key_track(struct ccd_parse *p, const char *key, const char *val,
			 int numret, long v)
{
	struct ccd_track *t = &p->t[p->num];
	long n;

	if (!strcasecmp(key, "ISRC")) {
		/* kept if Q can hold it (CCOOOYYSSSSS, docs/formats.md 6.5) */
		fmt_isrc_take(t->isrc, val, strlen(val), LOG_TAG_CCD, p->path,
			      p->line);
		return 0;
	}
	if (!strcasecmp(key, "MODE")) {
		if (numret || v < 0 || v > 2)
			return ccd_err(p, "[TRACK %ld]: MODE must be 0, 1 or 2",
				       p->num);
		t->mode = v;
		return 0;
	}
	if (strncasecmp(key, "INDEX ", 6) || ccd_num(key + 6, &n))
		return 0;
	if (n < 0 || n > 99 || numret || v < 0 || v > CCD_MAX_SECTORS)
		return ccd_err(p, "[TRACK %ld]: bad %s", p->num, key);
	t->index[n] = v;
	return 0;
}

static int ccd_key(struct ccd_parse *p, const char *key, const char *val)
{
	long v = 0;
	int numret = ccd_num(val, &v);

	switch (p->sect) {
	case S_CLONECD:
		if (strcasecmp(key, "Version"))
			return 0;
		if (numret || v < 1)
			return ccd_err(p, "bad Version");
		p->version = v;
		return 0;
	case S_DISC:
		if (!strcasecmp(key, "CATALOG")) {
			if (strlen(val) == 13 &&
			    strspn(val, "0123456789") == 13)
				memcpy(p->catalog, val, 14);
			return 0;
		}
		if (!strcasecmp(key, "TocEntries"))
			p->toc_entries = numret ? -1 : v;
		else if (!strcasecmp(key, "Sessions"))
			p->sessions = numret ? -1 : v;
		else if (!strcasecmp(key, "DataTracksScrambled"))
			p->scrambled = numret ? 1 : v;
		return 0;
	case S_CDTEXT:
		if (!strcasecmp(key, "Entries")) {
			if (numret || v < 0 || v > CCD_MAX_PACKS)
				return ccd_err(p, "bad CD-TEXT Entries=%s",
					       val);
			p->n_packs = v;
			return 0;
		}
		if (!strncasecmp(key, "Entry ", 6) && !ccd_num(key + 6, &v))
			return ccd_cdtext_entry(p, v, val);
		return 0;
	case S_ENTRY:
		if (numret)
			return ccd_err(p, "[Entry %ld]: %s is not a number",
				       p->num, key);
		return ccd_key_entry(p, key, v);
	case S_TRACK:
		return ccd_key_track(p, key, val, numret, v);
	default:
		return 0; /* [Session n] PreGapMode etc.: informative only */
	}
}

static char *ccd_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

static int ccd_line(struct ccd_parse *p, char *line)
{
	char *eq, *s = ccd_trim(line);

	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');

		if (!end)
			return ccd_err(p, "unterminated section name");
		*end = 0;
		return ccd_section(p, ccd_trim(s + 1));
	}
	eq = strchr(s, '=');
	if (!eq)
		return ccd_err(p, "expected KEY=VALUE or [SECTION]");
	*eq = 0;
	if (p->sect == S_NONE)
		return ccd_err(p, "key outside any section");
	return ccd_key(p, ccd_trim(s), ccd_trim(eq + 1));
}

int ccd_parse_text(struct ccd_parse *p, char *text, size_t len)
{
	char *line = text, *nl;
	int ret = 0;

	if (memchr(text, 0, len))
		return ccd_err(p, "binary data in a CloneCD control file");
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		line += 3;
	while (!ret && line) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		p->line++;
		ret = ccd_line(p, line);
		line = nl ? nl + 1 : NULL;
	}
	p->line = 0;
	return ret;
}

int ccd_check_counts(struct ccd_parse *p)
{
	long i;

	if (!p->has_clonecd)
		return ccd_err(p, "no [CloneCD] section");
	if (p->version < 1)
		return ccd_err(p, "no Version in [CloneCD]");
	if (p->version < 2 || p->version > 3)
		vb_log(VB_LOG_WARN, LOG_TAG_CCD,
		       "%s: CloneCD version %ld, "
		       "reading it like version 3",
		       p->path, p->version);
	if (p->scrambled) {
		vb_diag_set(p->diag, p->path,
			    "scrambled data tracks "
			    "(DataTracksScrambled=1) are not supported");
		return -ENOTSUP;
	}
	if (p->sessions < 1 || p->sessions > 99)
		return ccd_err(p, "[Disc] Sessions missing or not 1..99");
	if (p->toc_entries < 1 || p->toc_entries > CCD_MAX_ENTRIES)
		return ccd_err(p, "[Disc] TocEntries missing or absurd");
	for (i = 0; i < CCD_MAX_ENTRIES; i++) {
		const struct ccd_entry *e = &p->e[i];

		if (!e->have != (i >= p->toc_entries))
			return ccd_err(p, "[Entry %ld] %s TocEntries=%ld", i,
				       e->have ? "beyond" : "missing for",
				       p->toc_entries);
		if (!e->have)
			continue;
		if (!(e->have & HAVE(E_SESSION)) || !(e->have & HAVE(E_POINT)))
			return ccd_err(p,
				       "[Entry %ld] has no Session or "
				       "Point",
				       i);
		if (e->v[E_SESSION] < 1 || e->v[E_SESSION] > p->sessions)
			return ccd_err(p, "[Entry %ld]: session %ld of %ld", i,
				       e->v[E_SESSION], p->sessions);
		if (!(e->have & HAVE(E_ADR)))
			p->e[i].v[E_ADR] = 1;
	}
	for (i = 0; i < p->n_packs; i++)
		if (!p->pack_seen[i])
			return ccd_err(p, "CD-TEXT entry %ld missing", i);
	return 0;
}
