/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the formats library: the one ISRC check every reader applies
 * (formats/subchannel.c), so that an ISRC one reader takes is one every
 * writer can write and every reader takes back.
 */
#ifndef VBURN_FORMATS_ISRC_H
#define VBURN_FORMATS_ISRC_H

#include <stdbool.h>

/*
 * An ISRC as image files hold it (ISO 3901, docs/formats.md 4.1 "ISRC
 * CCOOOYYSSSSS"): exactly 12 characters, 2 capital letters (country), 3
 * capital letters or digits (owner), 2 digits (year), 5 digits (serial);
 * no dashes. Readers drop any other with a warning (fmt_isrc_take).
 */
bool fmt_isrc_ok(const char *isrc);

/*
 * Copies an ISRC of len bytes into isrc[13] if fmt_isrc_ok() takes it;
 * otherwise logs a warning naming where (path, line, 0 if none) under tag
 * and leaves isrc unchanged. An ISRC is a fact about a track, not about
 * its sectors: one that cannot be put in Q is dropped, not the image.
 */
void fmt_isrc_take(char isrc[13], const char *s, size_t len, const char *tag,
		   const char *path, unsigned line);

#endif
