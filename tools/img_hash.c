/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img hash: the size, CRC-32, MD5 and SHA-1 of every file a
 * redump.org dump of the image would have (docs/formats.md 9,
 * formats/redump.c): one raw 2352-byte BIN per CD track, or one .iso of
 * a DVD or BD. The sectors come through the disc model (vb_disc_read),
 * which synthesises what the image does not store (sync, header, EDC and
 * ECC of cooked sectors, generated pregaps), streamed in chunks of
 * HASH_CHUNK sectors. Output: a table, --json (one object) or --dat
 * (datfile <rom/> lines). The CUE sheet of a dump is not hashed: its text
 * is the dumper's, not the disc's.
 */
#include <errno.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "img_cmd.h"
#include "vburn/bytes.h"
#include "vburn/disc_json.h"
#include "vburn/img.h"

#define HASH_CHUNK 64 /* sectors a read */

enum hash_style { HASH_TABLE, HASH_JSON, HASH_DAT };

/* One file's name and sums. */
struct hash_out {
	struct vb_redump_file f;
	char *name; /* owned */
	uint64_t size;
	char crc[9], md5[2 * MD5_DIGEST_SIZE + 1],
		sha1[2 * SHA1_DIGEST_SIZE + 1];
};

static void hash_hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/*
 * Reads n sectors at lba. On a DVD or BD, sectors outside every track
 * (between sessions) are zeros, as in the flat image the ISO writer makes
 * (docs/formats.md 5.2); a CD file lies inside its tracks.
 */
static int hash_read(const struct vb_disc *d, int32_t lba, uint32_t n,
		     enum vb_read_kind kind, uint8_t *buf)
{
	const unsigned sz = vb_read_size(kind);

	if (d->kind == VB_DISC_CD)
		return vb_disc_read(d, lba, n, kind, buf);
	while (n) {
		const struct vb_track *t = vb_disc_track_at(d, lba);
		int64_t k = n;
		unsigned i;
		int ret;

		if (t) {
			k = VB_MIN(k, (int64_t)t->start + t->length - lba);
			ret = vb_disc_read(d, lba, (uint32_t)k, kind, buf);
			if (ret)
				return ret;
		} else {
			for (i = 0; i < d->n_tracks; i++) {
				const struct vb_track *u = d->tracks[i];
				const int64_t b = (int64_t)u->start - u->pregap;

				if (b > lba) {
					k = VB_MIN(k, b - lba);
					break;
				}
			}
			memset(buf, 0, (size_t)k * sz);
		}
		lba += (int32_t)k;
		n -= (uint32_t)k;
		buf += (size_t)k * sz;
	}
	return 0;
}

/* Streams o's sectors through the three sums; *at: where a read failed. */
static int hash_file(const struct vb_disc *d, struct hash_out *o, uint8_t *buf,
		     int32_t *at)
{
	const enum vb_read_kind kind =
		o->f.sector_size == 2048 ? VB_READ_USER : VB_READ_RAW;
	uint8_t dg[SHA1_DIGEST_SIZE], c[4];
	uLong crc = crc32(0L, Z_NULL, 0);
	struct sha1_ctx sha1;
	struct md5_ctx md5;
	uint32_t k, n;
	size_t len;
	int ret;

	md5_init(&md5);
	sha1_init(&sha1);
	for (k = 0; k < o->f.sectors; k += n) {
		n = VB_MIN(o->f.sectors - k, (uint32_t)HASH_CHUNK);
		*at = o->f.first + (int32_t)k;
		ret = hash_read(d, *at, n, kind, buf);
		if (ret)
			return ret;
		len = (size_t)n * o->f.sector_size;
		crc = crc32(crc, buf, (uInt)len);
		md5_update(&md5, len, buf);
		sha1_update(&sha1, len, buf);
		o->size += len;
	}
	put_be32(c, (uint32_t)crc);
	hash_hex(o->crc, c, 4);
	md5_digest(&md5, MD5_DIGEST_SIZE, dg);
	hash_hex(o->md5, dg, MD5_DIGEST_SIZE);
	sha1_digest(&sha1, SHA1_DIGEST_SIZE, dg);
	hash_hex(o->sha1, dg, SHA1_DIGEST_SIZE);
	return 0;
}

/* The dump's default name: the image's base name without its extension. */
static char *hash_default_name(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

/* Prints s with the five XML special characters as entities. */
static void hash_xml(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", stdout);
			break;
		case '<':
			fputs("&lt;", stdout);
			break;
		case '>':
			fputs("&gt;", stdout);
			break;
		case '"':
			fputs("&quot;", stdout);
			break;
		case '\'':
			fputs("&apos;", stdout);
			break;
		default:
			putchar(*s);
		}
	}
}

static int hash_print_json(const char *path, const char *name,
			   const struct vb_disc *d, const struct hash_out *o,
			   unsigned n)
{
	struct fmt_text b = { 0 };
	unsigned i;
	int ret;

	fmt_printf(&b, "{\"image\": ");
	vb_json_str(&b, path);
	fmt_printf(&b, ", \"name\": ");
	vb_json_str(&b, name);
	fmt_printf(&b, ", \"media\": \"%s\", \"files\": [",
		   d->kind == VB_DISC_DVD ? "dvd" :
		   d->kind == VB_DISC_BD  ? "bd" :
					    "cd");
	for (i = 0; i < n; i++) {
		fmt_printf(&b, "%s{\"name\": ", i ? ", " : "");
		vb_json_str(&b, o[i].name);
		if (o[i].f.track)
			fmt_printf(&b, ", \"track\": %u", o[i].f.track);
		else
			fmt_printf(&b, ", \"track\": null");
		fmt_printf(&b,
			   ", \"lba\": %d, \"sectors\": %u, \"size\": %llu, "
			   "\"crc32\": \"%s\", \"md5\": \"%s\", "
			   "\"sha1\": \"%s\"}",
			   o[i].f.first, o[i].f.sectors,
			   (unsigned long long)o[i].size, o[i].crc, o[i].md5,
			   o[i].sha1);
	}
	fmt_printf(&b, "]}\n");
	ret = b.err;
	if (!ret && fwrite(b.s, 1, b.len, stdout) != b.len)
		ret = -EIO;
	free(b.s);
	return ret;
}

static void hash_print(enum hash_style style, const struct hash_out *o,
		       unsigned n)
{
	int w = 4;
	unsigned i;

	for (i = 0; i < n; i++)
		w = VB_MAX(w, (int)strlen(o[i].name));
	if (style == HASH_TABLE)
		printf("%-*s  %12s  %-8s  %-32s  %s\n", w, "File", "Size",
		       "CRC32", "MD5", "SHA-1");
	for (i = 0; i < n; i++) {
		if (style == HASH_TABLE) {
			printf("%-*s  %12llu  %s  %s  %s\n", w, o[i].name,
			       (unsigned long long)o[i].size, o[i].crc,
			       o[i].md5, o[i].sha1);
			continue;
		}
		fputs("<rom name=\"", stdout);
		hash_xml(o[i].name);
		printf("\" size=\"%llu\" crc=\"%s\" md5=\"%s\" sha1=\"%s\"/>\n",
		       (unsigned long long)o[i].size, o[i].crc, o[i].md5,
		       o[i].sha1);
	}
}

/*
 * Names (owned, in o[i].name) and hashes every file of d: 0, or 1 with
 * the reason printed.
 */
static int hash_disc(const struct vb_disc *d, const char *path,
		     const char *name, struct hash_out *o, unsigned n)
{
	const size_t len = strlen(name) + 32;
	uint8_t *buf = malloc((size_t)HASH_CHUNK * 2352);
	unsigned i;
	int32_t at = 0;
	int ret = 0;

	if (!buf)
		return img_cmd_fail("%s: %s", path, strerror(ENOMEM));
	for (i = 0; i < n && !ret; i++) {
		o[i].name = malloc(len);
		if (!o[i].name) {
			ret = img_cmd_fail("%s: %s", path, strerror(ENOMEM));
		} else if (vb_redump_name(d, &o[i].f, name, o[i].name, len)) {
			ret = img_cmd_fail("%s: name too long", name);
		} else if ((ret = hash_file(d, &o[i], buf, &at))) {
			ret = img_cmd_fail("%s: %s: cannot read sectors at %d: "
					   "%s",
					   path, o[i].name, at, strerror(-ret));
		}
	}
	free(buf);
	return ret;
}

int img_cmd_hash(int argc, char **argv)
{
	const char *path = NULL, *name = NULL;
	enum hash_style style = HASH_TABLE;
	struct vb_redump_file *f = NULL;
	struct hash_out *o = NULL;
	char *defname = NULL;
	struct vb_disc *d;
	int i, n, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && style == HASH_TABLE)
			style = HASH_JSON;
		else if (!strcmp(argv[i], "--dat") && style == HASH_TABLE)
			style = HASH_DAT;
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strncmp(argv[i], "--name=", 7))
			name = argv[i] + 7;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			return img_cmd_usage();
	}
	if (!path || (name && !*name))
		return img_cmd_usage();
	if (img_cmd_open(path, &d))
		return 1;
	if (!name)
		name = defname = hash_default_name(path);
	/* at most one file a track */
	f = calloc(d->n_tracks ? d->n_tracks : 1, sizeof(*f));
	n = f ? vb_redump_files(d, f, d->n_tracks) : -ENOMEM;
	if (n > 0)
		o = calloc((size_t)n, sizeof(*o));
	if (!name || n <= 0 || !o) {
		ret = img_cmd_fail(
			"%s: %s", path,
			n != -EINVAL ? strerror(ENOMEM) :
			d->n_tracks  ? "a track's file would be empty" :
				       "no track to hash");
		goto out;
	}
	for (i = 0; i < n; i++)
		o[i].f = f[i];
	ret = hash_disc(d, path, name, o, (unsigned)n);
	if (!ret && style == HASH_JSON) {
		ret = hash_print_json(path, name, d, o, (unsigned)n);
		if (ret)
			ret = img_cmd_fail("%s: %s", path, strerror(-ret));
	} else if (!ret) {
		hash_print(style, o, (unsigned)n);
		if (fflush(stdout) || ferror(stdout))
			ret = img_cmd_fail("standard output: %s",
					   strerror(errno ? errno : EIO));
	}
out:
	for (i = 0; o && i < n; i++)
		free(o[i].name);
	free(o);
	free(f);
	free(defname);
	vb_disc_unref(d);
	return ret;
}
