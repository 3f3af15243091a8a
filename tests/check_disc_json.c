/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disc JSON emitter (formats/disc_json.c), read back by a tiny JSON
 * parser of its own (RFC 8259 grammar: objects, arrays, strings with
 * escapes and well-formed UTF-8, integers, literals) that flattens the
 * document into "path = value" pairs, so the tests check values by path
 * rather than by matching text: the docs/architecture.md shape of a two-session
 * disc, the caller's members before and after and in every session and
 * track, and strings that need escaping or are not UTF-8.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/disc_json.h"

/* check_ccd.c: two sessions; MCN, ISRC, CD-TEXT packs. */
struct vb_disc *fmt_mem_disc(bool open);

/* ---- the parser ---- */

#define JC_MAX 512

struct jc {
	const char *p;
	unsigned n;
	char path[JC_MAX][96];
	char val[JC_MAX][128]; /* strings decoded, others as written */
};

static bool jc_value(struct jc *j, const char *path);

static void jc_ws(struct jc *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool jc_put(struct jc *j, const char *path, const char *v, size_t n)
{
	if (j->n >= JC_MAX || n >= sizeof(j->val[0]))
		return false;
	snprintf(j->path[j->n], sizeof(j->path[0]), "%s", path);
	memcpy(j->val[j->n], v, n);
	j->val[j->n][n] = 0;
	j->n++;
	return true;
}

/* Length of the UTF-8 sequence at p, 0 if not well-formed. */
static unsigned jc_utf8(const unsigned char *p)
{
	unsigned n = p[0] < 0x80 ? 1 :
		     p[0] < 0xc2 ? 0 :
		     p[0] < 0xe0 ? 2 :
		     p[0] < 0xf0 ? 3 :
		     p[0] < 0xf5 ? 4 :
				   0;
	unsigned i;

	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/* A string into out (decoded, \uXXXX below 0x80 only, else '?'). */
static bool jc_string(struct jc *j, char *out, size_t cap)
{
	size_t n = 0;

	if (*j->p++ != '"')
		return false;
	while (*j->p != '"') {
		const unsigned char c = (unsigned char)*j->p;
		unsigned k;

		if (c < 0x20)
			return false; /* raw control character, or the end */
		if (c == '\\') {
			const char e = j->p[1];
			unsigned long u;
			char hex[5] = { 0 }, *end;

			j->p += 2;
			if (e == 'u') {
				memcpy(hex, j->p, 4);
				u = strtoul(hex, &end, 16);
				if (end != hex + 4)
					return false;
				j->p += 4;
				if (n < cap - 1)
					out[n++] = u < 0x80 ? (char)u : '?';
				continue;
			}
			if (!e || !strchr("\"\\/bfnrt", e))
				return false;
			if (n < cap - 1)
				out[n++] = e == 'b' ? '\b' :
					   e == 'f' ? '\f' :
					   e == 'n' ? '\n' :
					   e == 'r' ? '\r' :
					   e == 't' ? '\t' :
						      e;
			continue;
		}
		k = jc_utf8((const unsigned char *)j->p);
		if (!k)
			return false;
		while (k--) {
			if (n < cap - 1)
				out[n++] = *j->p;
			j->p++;
		}
	}
	j->p++;
	out[n] = 0;
	return true;
}

static bool jc_object(struct jc *j, const char *path)
{
	char key[64], sub[96];

	j->p++;
	jc_ws(j);
	if (*j->p == '}')
		return j->p++, true;
	for (;;) {
		jc_ws(j);
		if (!jc_string(j, key, sizeof(key)))
			return false;
		jc_ws(j);
		if (*j->p++ != ':')
			return false;
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
			 key);
		if (!jc_value(j, sub))
			return false;
		jc_ws(j);
		if (*j->p == '}')
			return j->p++, true;
		if (*j->p++ != ',')
			return false;
	}
}

static bool jc_array(struct jc *j, const char *path)
{
	char sub[96];
	unsigned i = 0;

	j->p++;
	jc_ws(j);
	if (*j->p == ']')
		return j->p++, jc_put(j, path, "[]", 2);
	for (;; i++) {
		snprintf(sub, sizeof(sub), "%s[%u]", path, i);
		if (!jc_value(j, sub))
			return false;
		jc_ws(j);
		if (*j->p == ']')
			return j->p++, true;
		if (*j->p++ != ',')
			return false;
	}
}

static bool jc_scalar(struct jc *j, const char *path)
{
	const char *s = j->p;

	if (!strncmp(s, "true", 4) || !strncmp(s, "null", 4))
		j->p += 4;
	else if (!strncmp(s, "false", 5))
		j->p += 5;
	else {
		if (*j->p == '-')
			j->p++;
		if (*j->p < '0' || *j->p > '9' ||
		    (*j->p == '0' && j->p[1] >= '0' && j->p[1] <= '9'))
			return false;
		while (*j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return jc_put(j, path, s, (size_t)(j->p - s));
}

static bool jc_value(struct jc *j, const char *path)
{
	char s[128];

	jc_ws(j);
	if (*j->p == '{')
		return jc_object(j, path);
	if (*j->p == '[')
		return jc_array(j, path);
	if (*j->p == '"')
		return jc_string(j, s, sizeof(s)) &&
		       jc_put(j, path, s, strlen(s));
	return jc_scalar(j, path);
}

/* Parses text (one value, nothing after it) into j; false if not JSON. */
static bool jc_parse(struct jc *j, const char *text)
{
	memset(j, 0, sizeof(*j));
	j->p = text;
	if (!jc_value(j, ""))
		return false;
	jc_ws(j);
	return !*j->p;
}

/* The value at path, NULL if there is none. */
static const char *jc_get(const struct jc *j, const char *path)
{
	unsigned i;

	for (i = 0; i < j->n; i++)
		if (!strcmp(j->path[i], path))
			return j->val[i];
	return NULL;
}

#define JC_EQ(j, path, want)                                                 \
	do {                                                                 \
		const char *v_ = jc_get(j, path);                            \
		ck_assert_msg(v_ && !strcmp(v_, want), "%s: %s != %s", path, \
			      v_ ? v_ : "(none)", want);                     \
	} while (0)

/* ---- the tests ---- */

/* The parser refuses what is not JSON (so its passes mean something). */
START_TEST(test_checker)
{
	static struct jc j;
	static const char *const bad[] = {
		"{\"a\": 1,}",	    "{\"a\" 1}", "[1 2]",	 "\"a\x01\"",
		"\"\\x\"",	    "01",	 "{\"a\": tru}", "\"\xc3\"",
		"\"\xed\xa0\x80\"", "{} x",
	};
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!jc_parse(&j, bad[i]), "accepted %s", bad[i]);
	ck_assert(jc_parse(&j, "{\"a\": [1, -2, {\"b\": \"\\\"\xc3\xa9\"}]}"));
	JC_EQ(&j, "a[1]", "-2");
	JC_EQ(&j, "a[2].b", "\"\xc3\xa9");
}
END_TEST

static void dj_track_extra(void *ctx, struct fmt_text *b,
			   const struct vb_track *t)
{
	(void)ctx;
	fmt_printf(b, ", \"closed\": %s", t->number < 3 ? "true" : "false");
}

static void dj_session_extra(void *ctx, struct fmt_text *b,
			     const struct vb_session *s)
{
	++*(int *)ctx;
	fmt_printf(b, ", \"state\": \"s%u\"", s->number);
}

/*
 * The docs/architecture.md shape, with the daemon's own members added
 * around it.
 */
START_TEST(test_shape)
{
	static struct jc j;
	struct vb_disc *d = fmt_mem_disc(false);
	struct fmt_text b = { 0 };
	int calls = 0;
	const struct vb_disc_json_opts o = {
		.media = "cd-r",
		.session_extra = dj_session_extra,
		.track_extra = dj_track_extra,
		.ctx = &calls,
	};

	fmt_printf(&b, "{\"drive\": 0, \"state\": \"complete\", ");
	vb_disc_json(&b, d, &o);
	fmt_printf(&b, ", \"last_error\": null}");
	ck_assert_int_eq(b.err, 0);
	ck_assert_msg(jc_parse(&j, b.s), "not JSON: %s", b.s);
	ck_assert_int_eq(calls, 2);
	JC_EQ(&j, "drive", "0");
	JC_EQ(&j, "state", "complete");
	JC_EQ(&j, "media", "cd-r");
	JC_EQ(&j, "last_error", "null");
	JC_EQ(&j, "leadout", "11537");
	JC_EQ(&j, "mcn", "1234567890123");
	JC_EQ(&j, "sessions[0].number", "1");
	JC_EQ(&j, "sessions[0].leadout", "107");
	JC_EQ(&j, "sessions[0].state", "s1");
	JC_EQ(&j, "sessions[0].tracks[0].number", "1");
	JC_EQ(&j, "sessions[0].tracks[0].mode", "mode1");
	JC_EQ(&j, "sessions[0].tracks[0].start", "0");
	JC_EQ(&j, "sessions[0].tracks[0].length", "20");
	JC_EQ(&j, "sessions[0].tracks[0].sector_size", "2048");
	JC_EQ(&j, "sessions[0].tracks[0].pregap", "150");
	JC_EQ(&j, "sessions[0].tracks[0].pregap_stored", "false");
	JC_EQ(&j, "sessions[0].tracks[0].control", "4");
	JC_EQ(&j, "sessions[0].tracks[0].subchannel", "none");
	JC_EQ(&j, "sessions[0].tracks[0].indexes", "[]");
	JC_EQ(&j, "sessions[0].tracks[0].closed", "true");
	JC_EQ(&j, "sessions[0].tracks[1].mode", "audio");
	JC_EQ(&j, "sessions[0].tracks[1].start", "95");
	JC_EQ(&j, "sessions[0].tracks[1].pregap", "75");
	JC_EQ(&j, "sessions[0].tracks[1].pregap_stored", "true");
	JC_EQ(&j, "sessions[0].tracks[1].control", "2");
	JC_EQ(&j, "sessions[0].tracks[1].indexes[0]", "100");
	JC_EQ(&j, "sessions[0].tracks[1].isrc", "USXYZ9912345");
	JC_EQ(&j, "sessions[1].number", "2");
	JC_EQ(&j, "sessions[1].disc_type", "32");
	JC_EQ(&j, "sessions[1].tracks[0].number", "3");
	JC_EQ(&j, "sessions[1].tracks[0].mode", "mode2_form1");
	JC_EQ(&j, "sessions[1].tracks[0].closed", "false");
	JC_EQ(&j, "cdtext_packs", "2");
	JC_EQ(&j, "cdtext[0].type", "title");
	JC_EQ(&j, "cdtext[0].text", "Test");
	JC_EQ(&j, "cdtext[1].type", "performer");
	JC_EQ(&j, "cdtext[1].track", "0");
	JC_EQ(&j, "cdtext[1].text", "Me");
	ck_assert_ptr_null(jc_get(&j, "sessions[2].number"));
	free(b.s);
	vb_disc_unref(d);
}
END_TEST

/* Without options: "media" is the disc's family; an empty disc. */
START_TEST(test_defaults)
{
	static struct jc j;
	struct vb_disc *d = vb_disc_new(VB_DISC_BD);
	struct fmt_text b = { 0 };

	fmt_printf(&b, "{");
	vb_disc_json(&b, d, NULL);
	fmt_printf(&b, "}");
	ck_assert_msg(jc_parse(&j, b.s), "not JSON: %s", b.s);
	JC_EQ(&j, "media", "bd");
	JC_EQ(&j, "sessions", "[]");
	JC_EQ(&j, "leadout", "0");
	JC_EQ(&j, "cdtext", "[]");
	ck_assert_ptr_null(jc_get(&j, "mcn"));
	free(b.s);
	vb_disc_unref(d);
}
END_TEST

/* Strings: escapes, UTF-8 kept, bytes that are not UTF-8 as U+FFFD. */
START_TEST(test_strings)
{
	static const struct {
		const char *in, *out; /* out as this parser decodes it */
	} cases[] = {
		{ "plain", "plain" },
		{ "q\"b\\s/", "q\"b\\s/" },
		{ "tab\tnl\n\x01", "tab\x09nl\x0a\x01" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbf",
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbf" },
		{ "latin1 caf\xe9!", "latin1 caf?!" },
		{ "cut \xe2\x82", "cut ??" },
		{ "overlong \xc0\xaf", "overlong ??" },
		{ "surrogate \xed\xa0\x80", "surrogate ???" },
		{ "", "" },
	};
	static struct jc j;
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fmt_text b = { 0 };

		vb_json_str(&b, cases[i].in);
		ck_assert_int_eq(b.err, 0);
		ck_assert_msg(jc_parse(&j, b.s), "case %u: not JSON: %s", i,
			      b.s);
		JC_EQ(&j, "", cases[i].out);
		free(b.s);
	}
}
END_TEST

Suite *disc_json_suite(void)
{
	Suite *s = suite_create("disc_json");
	TCase *tc = tcase_create("emit");

	tcase_add_test(tc, test_checker);
	tcase_add_test(tc, test_shape);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_strings);
	suite_add_tcase(s, tc);
	return s;
}
