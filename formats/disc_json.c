/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disc JSON emitter of include/vburn/disc_json.h: the members of a
 * disc's object in docs/architecture.md's shape ("Command-line
 * contract"), into a text buffer the caller wraps with its own members.
 */
#include <stdbool.h>
#include <stdint.h>

#include "vburn/bytes.h"
#include "vburn/disc_json.h"
#include "vburn/sector.h"

/*
 * Length of the well-formed UTF-8 sequence at p (Unicode 15, Table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), 0 if none.
 */
static unsigned dj_utf8_len(const unsigned char *p)
{
	unsigned n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0; /* also stops at the NUL */
	return n;
}

void vb_json_str(struct fmt_text *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fmt_printf(b, "\"");
	while (*p) {
		const unsigned n = dj_utf8_len(p);
		size_t run = 0;

		if (!n) {
			fmt_printf(b, "\\ufffd"); /* not UTF-8 */
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\') {
			fmt_printf(b, "\\%c", *p++);
			continue;
		}
		if (*p < 0x20) {
			fmt_printf(b, "\\u%04x", *p++);
			continue;
		}
		/* a run of characters that need no escape, copied at once */
		while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\') {
			const unsigned k = dj_utf8_len(p + run);

			if (!k)
				break;
			run += k;
		}
		fmt_printf(b, "%.*s", (int)run, (const char *)p);
		p += run;
	}
	fmt_printf(b, "\"");
}

static const char *dj_kind(enum vb_disc_kind k)
{
	return k == VB_DISC_DVD ? "dvd" : k == VB_DISC_BD ? "bd" : "cd";
}

/* Names of enum vb_sub_fmt, as vburn-img has always printed them. */
static const char *dj_sub(enum vb_sub_fmt s)
{
	static const char *const n[] = { "none", "raw", "linear", "rw", "q16" };

	return (unsigned)s < VB_ARRAY_SIZE(n) ? n[s] : "?";
}

/* CD-TEXT pack types 0x80..0x87, 0x8E (MMC-6 Annex J) by name. */
static const char *dj_cdtext(uint8_t type)
{
	static const char *const n[] = {
		"title",    "performer", "songwriter", "composer",
		"arranger", "message",	 "disc_id",    "genre",
	};

	if (type >= VB_CDTEXT_TITLE && type <= VB_CDTEXT_GENRE)
		return n[type - VB_CDTEXT_TITLE];
	return type == VB_CDTEXT_UPC_ISRC ? "upc_isrc" : "other";
}

static void dj_track(struct fmt_text *b, const struct vb_track *t,
		     const struct vb_disc_json_opts *o)
{
	unsigned i;

	fmt_printf(b,
		   "{\"number\": %u, \"mode\": \"%s\", \"start\": %d, "
		   "\"length\": %u, \"sector_size\": %u, \"pregap\": %u, "
		   "\"pregap_stored\": %s, \"postgap\": %u, \"control\": %u, "
		   "\"subchannel\": \"%s\", \"indexes\": [",
		   t->number, vb_track_mode_name(t->mode), t->start, t->length,
		   vb_track_sector_size(t), t->pregap,
		   vb_track_pregap_stored(t) ? "true" : "false", t->postgap,
		   t->ctl, dj_sub(vb_track_sub(t)));
	for (i = 0; i < t->n_index; i++)
		fmt_printf(b, "%s%d", i ? ", " : "",
			   t->start + (int32_t)t->index[i]);
	fmt_printf(b, "]");
	if (t->isrc[0]) {
		fmt_printf(b, ", \"isrc\": ");
		vb_json_str(b, t->isrc);
	}
	if (o && o->track_extra)
		o->track_extra(o->ctx, b, t);
	fmt_printf(b, "}");
}

static void dj_session(struct fmt_text *b, const struct vb_disc *d,
		       const struct vb_session *s,
		       const struct vb_disc_json_opts *o)
{
	unsigned i;

	fmt_printf(b,
		   "{\"number\": %u, \"disc_type\": %u, \"leadout\": %d, "
		   "\"tracks\": [",
		   s->number, s->disc_type, s->leadout);
	for (i = 0; i < s->count; i++) {
		fmt_printf(b, "%s", i ? ", " : "");
		dj_track(b, d->tracks[s->first + i], o);
	}
	fmt_printf(b, "]");
	if (o && o->session_extra)
		o->session_extra(o->ctx, b, s);
	fmt_printf(b, "}");
}

void vb_disc_json(struct fmt_text *b, const struct vb_disc *d,
		  const struct vb_disc_json_opts *o)
{
	unsigned i;

	fmt_printf(b, "\"media\": ");
	vb_json_str(b, o && o->media ? o->media : dj_kind(d->kind));
	fmt_printf(b, ", \"sessions\": [");
	for (i = 0; i < d->n_sessions; i++) {
		fmt_printf(b, "%s", i ? ", " : "");
		dj_session(b, d, d->sessions[i], o);
	}
	fmt_printf(b, "], \"leadout\": %d", vb_disc_leadout(d));
	if (d->mcn[0]) {
		fmt_printf(b, ", \"mcn\": ");
		vb_json_str(b, d->mcn);
	}
	fmt_printf(b, ", \"cdtext_packs\": %zu, \"cdtext\": [",
		   d->cdtext_len / VB_CDTEXT_PACK);
	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		fmt_printf(b,
			   "%s{\"block\": %u, \"track\": %u, \"type\": \"%s\", "
			   "\"text\": ",
			   i ? ", " : "", it->block, it->track,
			   dj_cdtext(it->type));
		vb_json_str(b, it->text);
		fmt_printf(b, "}");
	}
	fmt_printf(b, "]");
}
