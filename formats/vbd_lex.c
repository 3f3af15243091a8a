/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manifest's lines (docs/vbd.md "Grammar"): splitting one line into
 * its record name, words and key=value fields (quoted strings unescaped
 * in place), and reading a field as a number in its range, a name of an
 * enum, yes/no or a bounded string, each failure one line
 * "<path>: line N: what". The records themselves are vbd_parse.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vbd.h"

int vbd_err_at(struct vbd_parse *p, unsigned line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vb_diag_set(p->diag, p->path, "line %u: %s", line, msg);
	return -EINVAL;
}

/* ---- splitting a line into fields ---- */

static bool vbd_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Unquoted values and words: printable ASCII but '"', '=' and '\'. */
static bool vbd_bare_char(char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '=' && c != '\\';
}

char *vbd_skip_ws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int vbd_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * A quoted string at *sp (on its '"'), unescaped in place: \" \\ and \xHH
 * (not \x00: the model's strings are NUL-terminated) are the only escapes,
 * and the writer escapes every control byte, so a raw one is an error.
 * Bytes 0x80-0xff stand for themselves (UTF-8 text stays readable).
 */
static int vbd_unquote(struct vbd_parse *p, char **sp, char **out)
{
	char *r = *sp + 1, *w = r;
	int hi, lo;

	*out = w;
	while (*r != '"') {
		const unsigned char c = (unsigned char)*r;

		if (!c)
			return vbd_err(p, "a string is not closed");
		if (c < 0x20 || c == 0x7f)
			return vbd_err(p, "control byte in a string");
		if (c != '\\') {
			*w++ = *r++;
			continue;
		}
		if (r[1] == '"' || r[1] == '\\') {
			*w++ = r[1];
			r += 2;
			continue;
		}
		hi = r[1] == 'x' ? vbd_hex(r[2]) : -1;
		lo = hi >= 0 ? vbd_hex(r[3]) : -1;
		if (lo < 0 || (hi | lo) == 0)
			return vbd_err(p, "bad escape in a string");
		*w++ = (char)(hi << 4 | lo);
		r += 4;
	}
	r++;
	if (*r && *r != ' ' && *r != '\t')
		return vbd_err(p, "text right after a closing quote");
	*w = 0; /* w <= the closing quote, already passed */
	*sp = r;
	return 0;
}

/* Ends the token at *sp (a blank or the end of the line). */
static int vbd_end_token(struct vbd_parse *p, char **sp)
{
	if (**sp && **sp != ' ' && **sp != '\t')
		return vbd_err(p, "malformed field at \"%.16s\"", *sp);
	if (**sp)
		*(*sp)++ = 0;
	return 0;
}

int vbd_split(struct vbd_parse *p, char *s, struct vbd_line *l)
{
	unsigned i;
	int ret;

	memset(l, 0, sizeof(*l));
	s = vbd_skip_ws(s);
	l->word = s;
	while (vbd_key_char(*s))
		s++;
	if (s == l->word)
		return vbd_err(p, "a record must begin with its name");
	if ((ret = vbd_end_token(p, &s)))
		return ret;
	while (*(s = vbd_skip_ws(s))) {
		char *tok = s;

		while (vbd_key_char(*s))
			s++;
		if (*s != '=' || s == tok) {
			/* a positional word, before any key */
			for (s = tok; vbd_bare_char(*s); s++)
				;
			if ((ret = vbd_end_token(p, &s)))
				return ret;
			if (l->n || l->n_pos == VBD_MAX_POS)
				return vbd_err(p, "unexpected word \"%.16s\"",
					       tok);
			l->pos[l->n_pos++] = tok;
			continue;
		}
		*s++ = 0;
		if (l->n == VBD_MAX_FIELDS)
			return vbd_err(p, "too many fields");
		for (i = 0; i < l->n; i++)
			if (!strcmp(l->f[i].key, tok))
				return vbd_err(p, "%s= given twice", tok);
		l->f[l->n].key = tok;
		if (*s == '"') {
			ret = vbd_unquote(p, &s, &l->f[l->n].val);
		} else {
			l->f[l->n].val = s;
			while (vbd_bare_char(*s))
				s++;
			ret = vbd_end_token(p, &s);
		}
		if (ret)
			return ret;
		l->n++;
	}
	return 0;
}

/* ---- typed fields ---- */

/* The value of key (marked as used), or NULL. */
const char *vbd_get(struct vbd_line *l, const char *key)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->f[i].key, key)) {
			l->f[i].used = true;
			return l->f[i].val;
		}
	return NULL;
}

/* Decimal, or 0x and hexadecimal digits; no sign, no blanks. */
int vbd_u64(const char *s, uint64_t *out)
{
	const unsigned base = s[0] == '0' && s[1] == 'x' ? 16 : 10;
	uint64_t v = 0;
	int d;

	if (base == 16)
		s += 2;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		d = vbd_hex(*s);
		if (d < 0 || (unsigned)d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return -ERANGE;
		v = v * base + (unsigned)d;
	}
	*out = v;
	return 0;
}

/*
 * key's value as a number in [min, max], a leading '-' allowed if min is
 * negative. Absent: an error if need, else *out is left alone.
 */
int vbd_num(struct vbd_parse *p, struct vbd_line *l, const char *key, bool need,
	    int64_t min, uint64_t max, int64_t *out)
{
	const char *v = vbd_get(l, key);
	bool neg;
	uint64_t u;

	if (!v)
		return need ? vbd_err(p, "%s: %s= is missing", l->word, key) :
			      0;
	neg = v[0] == '-' && min < 0;
	if (vbd_u64(v + neg, &u))
		return vbd_err(p, "%s=%s is not a number", key, v);
	/* -u >= min is u <= -min, written so that -INT64_MIN is never made */
	if (neg ? u - 1 > (uint64_t) - (min + 1) && u :
		  u > max || (min > 0 && u < (uint64_t)min))
		return vbd_err(p, "%s=%s is out of range (%lld..%llu)", key, v,
			       (long long)min, (unsigned long long)max);
	*out = neg && u ? -(int64_t)(u - 1) - 1 : (int64_t)u;
	return 0;
}

/* The same for byte offsets and lengths, which may use all 64 bits. */
int vbd_bytes(struct vbd_parse *p, struct vbd_line *l, const char *key,
	      uint64_t *out)
{
	const char *v = vbd_get(l, key);

	if (!v)
		return vbd_err(p, "%s: %s= is missing", l->word, key);
	if (vbd_u64(v, out))
		return vbd_err(p, "%s=%s is not a byte count", key, v);
	return 0;
}

/* key's value as the index of one of n names. */
int vbd_enum(struct vbd_parse *p, struct vbd_line *l, const char *key,
	     bool need, const char *const *names, unsigned n, unsigned *out)
{
	const char *v = vbd_get(l, key);
	unsigned i;

	if (!v)
		return need ? vbd_err(p, "%s: %s= is missing", l->word, key) :
			      0;
	for (i = 0; i < n; i++)
		if (!strcmp(v, names[i])) {
			*out = i;
			return 0;
		}
	return vbd_err(p, "%s=%s is not a known value", key, v);
}

int vbd_flag(struct vbd_parse *p, struct vbd_line *l, const char *key,
	     bool need, bool *out)
{
	static const char *const yn[] = { "no", "yes" };
	unsigned v = 0;
	int ret = vbd_enum(p, l, key, need, yn, 2, &v);

	if (!ret && v)
		*out = true;
	return ret;
}

/* key's value as a string of at most max bytes. */
int vbd_str(struct vbd_parse *p, struct vbd_line *l, const char *key, bool need,
	    size_t max, const char **out)
{
	const char *v = vbd_get(l, key);

	if (!v)
		return need ? vbd_err(p, "%s: %s= is missing", l->word, key) :
			      0;
	if (strlen(v) > max)
		return vbd_err(p, "%s= is longer than %zu bytes", key, max);
	*out = v;
	return 0;
}
