/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A CHD's figures, full check and children for the tools (include/vburn/chd.h;
 * docs/chd.md "SHA-1s" and "Parent").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* What vb_chd_children counts: files whose parent SHA-1 is want. */
struct ci_kids {
	uint8_t want[CHD_SHA1];
	char *first;
	size_t len;
	int n;
};

static int ci_kid(const char *path, void *arg)
{
	struct ci_kids *k = arg;
	uint8_t sha[CHD_SHA1];

	if (chd_head_sha1(path, CHD_H_PARENTSHA1, sha) ||
	    memcmp(sha, k->want, CHD_SHA1))
		return 0;
	if (!k->n && k->first && k->len)
		snprintf(k->first, k->len, "%s", path);
	k->n++;
	return 0;
}

int vb_chd_children(const char *path, char *first, size_t len)
{
	struct ci_kids k = { .first = first, .len = len };
	char *dir;
	int ret;

	ret = chd_head_sha1(path, CHD_H_SHA1, k.want);
	if (ret)
		return ret;
	dir = chd_dir_of(path);
	if (!dir)
		return -ENOMEM;
	ret = chd_dir_each(dir, ci_kid, &k);
	free(dir);
	return ret < 0 && ret != -ENOENT ? ret : k.n;
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

/* What vb_chd_pick_parent compares with, and its best candidate so far. */
struct ci_pick {
	const struct cw_layout *lay;
	const uint16_t *crc;
	uint64_t n, best;
	const char *exclude;
	char *out;
	size_t len;
};

static int ci_candidate(const char *path, void *arg)
{
	struct ci_pick *k = arg;
	struct chd_file *c;
	uint64_t same;

	if ((k->exclude && !strcmp(path, k->exclude)) ||
	    chd_file_open_path(path, &c, NULL))
		return 0;
	same = c->compressed && c->unitbytes == k->lay->unitbytes &&
			       c->hunkbytes == k->lay->hunkbytes ?
		       ci_alike(c, k->crc, k->n) :
		       0;
	chd_file_close(c);
	if (same > k->best && same * 10 >= k->n) {
		k->best = same;
		snprintf(k->out, k->len, "%s", path);
	}
	return 0;
}

int vb_chd_pick_parent(const struct vb_disc *d, const char *dir,
		       const char *exclude, char *out, size_t len)
{
	struct cw_layout lay;
	uint16_t *crc = NULL;
	struct ci_pick k = {
		.lay = &lay, .exclude = exclude, .out = out, .len = len
	};
	int ret;

	ret = ci_disc_crcs(d, &lay, &crc, &k.n);
	k.crc = crc;
	if (!ret)
		ret = chd_dir_each(dir, ci_candidate, &k);
	cw_layout_fini(&lay);
	free(crc);
	return ret ? ret : k.best ? 0 : -ENOENT;
}
