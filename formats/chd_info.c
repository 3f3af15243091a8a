/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A CHD's figures, full check and children for the tools (include/vburn/chd.h;
 * docs/chd.md "SHA-1s" and "Parent").
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <nettle/sha1.h>

#include "vburn/bytes.h"
#include "vburn/chd.h"
#include "chd_write.h"

static void ci_hex(const uint8_t *s, char *out)
{
	unsigned i, any = 0;

	for (i = 0; i < CHD_SHA1; i++) {
		sprintf(out + 2 * i, "%02x", s[i]);
		any |= s[i];
	}
	if (!any)
		out[0] = 0;
}

int vb_chd_info(const char *path, struct vb_chd_info *info,
		struct vb_diag *diag)
{
	const struct chd_file *p;
	struct chd_file *c;
	unsigned i;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = chd_file_open_path(path, &c, diag);
	if (ret)
		return ret;
	info->hunkbytes = c->hunkbytes;
	info->unitbytes = c->unitbytes;
	info->hunks = c->hunks;
	info->logical = c->logical;
	info->file_size = vb_src_size(c->src);
	for (i = 0; i < 4; i++) {
		const char *n = chd_codec_name(c->comp[i]);

		snprintf(info->codec[i], sizeof(info->codec[i]), "%s",
			 n ? n : "");
	}
	for (i = 0; i < c->hunks; i++)
		if (c->map[i].type < VB_CHD_TYPES)
			info->n_type[c->map[i].type]++;
	ci_hex(c->sha1, info->sha1);
	ci_hex(c->rawsha1, info->rawsha1);
	ci_hex(c->parentsha1, info->parentsha1);
	for (p = c->parent; p && info->n_chain < VB_CHD_MAX_CHAIN;
	     p = p->parent) {
		info->chain[info->n_chain] = strdup(p->path);
		if (!info->chain[info->n_chain])
			break;
		info->n_chain++;
	}
	chd_file_close(c);
	return 0;
}

void vb_chd_info_fini(struct vb_chd_info *info)
{
	unsigned i;

	for (i = 0; i < info->n_chain; i++)
		free(info->chain[i]);
	info->n_chain = 0;
}

/* The overall SHA-1 from the raw one and the file's flagged metadata. */
static int ci_overall(struct chd_file *c, const uint8_t *raw, uint8_t *out)
{
	uint32_t *tags = calloc(c->n_meta + 1, sizeof(*tags));
	uint8_t(*sha)[CHD_SHA1] = calloc(c->n_meta + 1, sizeof(*sha));
	unsigned i, n = 0;
	int ret = tags && sha ? 0 : -ENOMEM;

	for (i = 0; !ret && i < c->n_meta; i++) {
		const struct chd_meta *m = &c->meta[i];
		uint8_t *p;

		if (!(m->flags & CHD_META_CHECKSUM))
			continue;
		p = malloc(m->len ? m->len : 1);
		if (!p) {
			ret = -ENOMEM;
			break;
		}
		ret = vb_src_read(c->src, p, m->len, m->off);
		if (!ret) {
			struct sha1_ctx s;

			sha1_init(&s);
			sha1_update(&s, m->len, p);
			sha1_digest(&s, CHD_SHA1, sha[n]);
			tags[n++] = m->tag;
		}
		free(p);
	}
	if (!ret)
		chd_overall_sha1(raw, tags, (const uint8_t(*)[CHD_SHA1])sha, n,
				 out);
	free(tags);
	free(sha);
	return ret;
}

int vb_chd_verify(const char *path, const struct vb_progress *prog,
		  struct vb_diag *diag)
{
	struct chd_file *c;
	struct sha1_ctx s;
	uint8_t *buf, raw[CHD_SHA1], all[CHD_SHA1];
	uint32_t h;
	int ret;

	ret = chd_file_open_path(path, &c, diag);
	if (ret)
		return ret;
	buf = malloc(c->hunkbytes);
	ret = buf ? 0 : -ENOMEM;
	sha1_init(&s);
	for (h = 0; !ret && h < c->hunks; h++) {
		const uint64_t left = c->logical - (uint64_t)h * c->hunkbytes;

		ret = chd_file_hunk(c, h, buf);
		if (ret) {
			vb_diag_set(diag, path, "hunk %u: %s", h,
				    ret == -EIO ? "CRC-16 differs, or "
						  "unreadable" :
						  strerror(-ret));
			break;
		}
		sha1_update(&s, (size_t)VB_MIN(left, (uint64_t)c->hunkbytes),
			    buf);
		if (prog && prog->fn && (h % 256 == 0 || h + 1 == c->hunks))
			prog->fn(prog->ctx, h + 1, c->hunks);
	}
	sha1_digest(&s, CHD_SHA1, raw);
	if (!ret && c->compressed && memcmp(raw, c->rawsha1, CHD_SHA1)) {
		vb_diag_set(diag, path,
			    "the data's SHA-1 differs from the "
			    "header's");
		ret = -EIO;
	}
	if (!ret && c->compressed && !(ret = ci_overall(c, raw, all)) &&
	    memcmp(all, c->sha1, CHD_SHA1)) {
		vb_diag_set(diag, path,
			    "the overall SHA-1 differs from the "
			    "header's");
		ret = -EIO;
	}
	free(buf);
	chd_file_close(c);
	return ret;
}

int vb_chd_children(const char *path, char *first, size_t len)
{
	uint8_t h[CHD_V5_HEADER], want[CHD_SHA1];
	struct vb_src *src;
	struct dirent *de;
	char *dir, *slash, *p = NULL;
	int ret, n = 0;
	DIR *dp;

	ret = vb_src_open(&src, path);
	if (ret)
		return ret;
	ret = vb_src_read(src, h, sizeof(h), 0);
	vb_src_unref(src);
	if (ret || memcmp(h, CHD_TAG, 8) || get_be32(h + 12) != 5)
		return ret ? ret : -EINVAL;
	memcpy(want, h + 84, CHD_SHA1);
	dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash)
		slash[1] = 0;
	dp = opendir(slash ? dir : ".");
	while (dp && (de = readdir(dp))) {
		const size_t l = strlen(de->d_name);

		if (l < 5 || strcasecmp(de->d_name + l - 4, ".chd"))
			continue;
		free(p);
		if (asprintf(&p, "%s%s", slash ? dir : "", de->d_name) < 0) {
			p = NULL;
			break;
		}
		if (vb_src_open(&src, p))
			continue;
		if (!vb_src_read(src, h, sizeof(h), 0) &&
		    !memcmp(h, CHD_TAG, 8) &&
		    !memcmp(h + 104, want, CHD_SHA1)) {
			if (!n && first && len)
				snprintf(first, len, "%s", p);
			n++;
		}
		vb_src_unref(src);
	}
	if (dp)
		closedir(dp);
	free(p);
	free(dir);
	return n;
}

/* CRC-16s of the hunks d would have as a CHD (one pass over its sectors) */
static int ci_disc_crcs(const struct vb_disc *d, struct cw_layout *lay,
			uint16_t **crc, uint64_t *n)
{
	struct cw_cursor k;
	uint8_t *buf, class;
	uint64_t h;
	int ret;

	*crc = NULL;
	ret = cw_layout(d, lay, "capture", NULL);
	if (ret)
		return ret;
	*n = (lay->logical + lay->hunkbytes - 1) / lay->hunkbytes;
	buf = malloc(lay->hunkbytes);
	*crc = calloc(*n ? *n : 1, sizeof(**crc));
	ret = buf && *crc ? cw_cursor_init(&k, d, lay) : -ENOMEM;
	for (h = 0; !ret && h < *n; h++) {
		ret = cw_next_hunk(&k, buf, &class);
		if (!ret)
			(*crc)[h] = chd_crc16(buf, lay->hunkbytes);
	}
	if (buf)
		cw_cursor_fini(&k);
	free(buf);
	return ret;
}

/* Hunks of c whose CRC-16 matches crc's at the same number. */
static uint64_t ci_alike(const struct chd_file *c, const uint16_t *crc,
			 uint64_t n)
{
	uint64_t h, same = 0;

	for (h = 0; h < n && h < c->hunks; h++) {
		const struct chd_entry *e = &c->map[h];

		while (e->type == CHD_T_SELF)
			e = &c->map[e->off];
		same += e->type <= CHD_T_NONE && e->crc == crc[h];
	}
	return same;
}

int vb_chd_pick_parent(const struct vb_disc *d, const char *dir,
		       const char *exclude, char *out, size_t len)
{
	struct cw_layout lay;
	uint16_t *crc = NULL;
	uint64_t n = 0, best = 0;
	struct dirent *de;
	char *p = NULL;
	DIR *dp;
	int ret;

	ret = ci_disc_crcs(d, &lay, &crc, &n);
	cw_layout_fini(&lay);
	dp = ret ? NULL : opendir(dir);
	while (dp && (de = readdir(dp))) {
		const size_t l = strlen(de->d_name);
		struct chd_file *c;
		uint64_t same;

		if (l < 5 || strcasecmp(de->d_name + l - 4, ".chd"))
			continue;
		free(p);
		if (asprintf(&p, "%s/%s", dir, de->d_name) < 0) {
			p = NULL;
			break;
		}
		if ((exclude && !strcmp(p, exclude)) ||
		    chd_file_open_path(p, &c, NULL))
			continue;
		same = c->compressed && c->unitbytes == lay.unitbytes &&
				       c->hunkbytes == lay.hunkbytes ?
			       ci_alike(c, crc, n) :
			       0;
		chd_file_close(c);
		if (same > best && same * 10 >= n) {
			best = same;
			snprintf(out, len, "%s", p);
		}
	}
	if (dp)
		closedir(dp);
	free(p);
	free(crc);
	return ret ? ret : best ? 0 : -ENOENT;
}
