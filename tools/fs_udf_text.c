/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text a UDF volume stores (fs_int.h): names in OSTA CS0 and the
 * path components of symbolic links, as UTF-8 (fs_udf25.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/textbuf.h"

#include "fs_int.h"

/* UTF-8 of OSTA CS0 d-characters (UDF 2.1.1): compression ID 8 is one
 * byte per character, 16 big-endian UCS-2 (surrogate pairs taken as
 * UTF-16); 254 and 255 are the same for names of deleted files (UDF
 * 2.50 2.1.1). NUL and a name that does not decode give "". */
void fs_udf_cs0(const uint8_t *p, size_t n, char *out, size_t cap)
{
	const unsigned id = n ? p[0] : 0;
	const bool wide = id == 16 || id == 255;
	size_t o = 0;

	out[0] = 0;
	if (id != 8 && id != 16 && id != 254 && id != 255)
		return;
	for (size_t k = 1; k + wide < n; k += 1 + wide) {
		uint32_t c = wide ? (uint32_t)p[k] << 8 | p[k + 1] : p[k];

		if (wide && c >= 0xd800 && c < 0xdc00 && k + 3 < n) {
			const uint32_t lo = (uint32_t)p[k + 2] << 8 | p[k + 3];

			if (lo >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				k += 2;
			}
		}
		if (!c || !fmt_utf8_put(out, cap, &o, c)) {
			out[0] = 0;
			return;
		}
	}
	out[o] = 0;
}

/* A symbolic link's target from its path components (ECMA-167
 * 4/14.16.1: 1 and 2 the root, 3 "..", 4 ".", 5 a name). */
char *fs_udf_link(const uint8_t *p, size_t n)
{
	char *t = calloc(1, 4096), name[1024];
	size_t o = 0;

	if (!t)
		return NULL;
	for (size_t k = 0; k + 4 <= n;) {
		const uint8_t type = p[k], len = p[k + 1];
		const char *part = name;

		if (k + 4 + len > n)
			break;
		if (type == 1 || type == 2) {
			o = 0;
			t[o++] = '/';
			t[o] = 0;
			k += 4 + len;
			continue;
		}
		if (type == 3)
			part = "..";
		else if (type == 4)
			part = ".";
		else
			fs_udf_cs0(p + k + 4, len, name, sizeof(name));
		if (o + strlen(part) + 2 >= 4096)
			break;
		o += (size_t)snprintf(t + o, 4096 - o, "%s%s",
				      o && t[o - 1] != '/' ? "/" : "", part);
		k += 4 + len;
	}
	return t;
}
