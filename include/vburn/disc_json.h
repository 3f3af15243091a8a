/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The disc as JSON (formats/disc_json.c): the one emitter of the disc shape of
 * docs/architecture.md's command-line contract, shared by vburn-img info --json
 * and the daemon's status --json. It writes the members of the disc's object
 * into a text buffer (vburn/textbuf.h), without the braces, so that the caller
 * adds its own members before and after:
 *
 *   "media": "cd",
 *   "sessions": [{"number": 1, "disc_type": 0, "leadout": 1234,
 *     "tracks": [{"number": 1, "mode": "mode1", "start": 0,
 *       "length": 1234, "sector_size": 2048, "pregap": 150,
 *       "pregap_stored": false, "postgap": 0, "control": 4,
 *       "subchannel": "none", "indexes": [], "isrc": "..."}]}],
 *   "leadout": 1234, "mcn": "...", "cdtext_packs": 0,
 *   "cdtext": [{"block": 0, "track": 0, "type": "title", "text": "..."}]
 *
 * ("isrc" and "mcn" only when set; "indexes" lists the absolute LBA of
 * INDEX 02 on.) Names are part of the contract: add, never rename.
 */
#ifndef VBURN_DISC_JSON_H
#define VBURN_DISC_JSON_H

#include "vburn/disc.h"
#include "vburn/textbuf.h"

struct vb_disc_json_opts {
	/* The "media" value; NULL: the disc's family, "cd", "dvd", "bd". */
	const char *media;
	/*
	 * Optional: called at the end of each session's / track's object
	 * to append the caller's members there, each written as
	 * ', "name": value' (the daemon's write state, "closed", ...).
	 */
	void (*session_extra)(void *ctx, struct fmt_text *b,
			      const struct vb_session *s);
	void (*track_extra)(void *ctx, struct fmt_text *b,
			    const struct vb_track *t);
	void *ctx;
};

/*
 * Appends the members of d (borrowed) listed above, first "media", last
 * "cdtext", with no leading or trailing comma. o may be NULL. Failures
 * are kept in b->err (textbuf.h).
 */
void vb_disc_json(struct fmt_text *b, const struct vb_disc *d,
		  const struct vb_disc_json_opts *o);

/*
 * Appends s as a JSON string literal: quotes, backslashes and control
 * characters escaped (RFC 8259 section 7); a byte sequence that is not
 * UTF-8 becomes U+FFFD, so the output is always valid JSON.
 */
void vb_json_str(struct fmt_text *b, const char *s);

#endif
