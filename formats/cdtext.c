/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CD-TEXT (MMC-6 Annex J, Red Book): decoding the raw 18-byte packs an
 * image or a disc carries into strings of the disc model, and encoding
 * the strings a CUE sheet or TOC file gives back into packs (text types
 * 0x80..0x86 and 0x8E per language block, three size-info packs 0x8F per
 * block, CRCs from the sector module) for NRG CDTX chunks and READ TOC
 * format 5. The encoder lays packs out as the Nero image libcdio ships
 * (p1.nrg): strings up to the last track that has one, NUL-terminated,
 * character position capped at 15, sequence numbers per block.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/textbuf.h"
#include "vburn/disc.h"
#include "vburn/sector.h"

#define CDTEXT_MAX_PACKS 256 /* per block: the sequence number is a byte */

/*
 * Item strings are UTF-8; single-byte packs hold ISO 8859-1 (character
 * code 0x00 of the size info, MMC-6 Annex J). Strings that already are
 * valid multi-byte UTF-8 (some authoring tools write it) pass unchanged.
 */
static bool utf8_multi(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool multi = false;

	while (*p) {
		unsigned n = *p < 0x80		 ? 0 :
			     (*p & 0xe0) == 0xc0 ? 1 :
			     (*p & 0xf0) == 0xe0 ? 2 :
			     (*p & 0xf8) == 0xf0 ? 3 :
						   4;

		if (n == 4)
			return false;
		multi |= n > 0;
		for (p++; n; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return multi;
}

static void latin1_to_utf8(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	if (utf8_multi(in)) {
		snprintf(out, cap, "%s", in);
		return;
	}
	for (; *in && fmt_utf8_put(out, cap, &n, (unsigned char)*in); in++)
		;
	out[n] = 0;
}

/* UTF-8 -> ISO 8859-1 if every character fits, else the bytes as they are */
static void utf8_to_latin1(const char *in, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;

	if (!utf8_multi(in)) {
		snprintf(out, cap, "%s", in);
		return;
	}
	for (; *p && n + 1 < cap; p++) {
		if (*p < 0x80) {
			out[n++] = (char)*p;
		} else if ((*p & 0xfe) == 0xc2 && (p[1] & 0xc0) == 0x80) {
			out[n++] = (char)((*p & 0x03) << 6 | (p[1] & 0x3f));
			p++;
		} else {
			snprintf(out, cap, "%s", in);
			return;
		}
	}
	out[n] = 0;
}

/*
 * Decodes the single-byte text packs (types 0x80..0x86, 0x8E) into items.
 * Pack layout (MMC-6 Annex J, Red Book): type, track number, sequence,
 * block/charpos, 12 text bytes, CRC. The text of consecutive packs of one
 * type and block is one stream of NUL-terminated strings for consecutive
 * tracks starting at the first pack's track number; a lone TAB means
 * "same as the previous track". Double-byte blocks are skipped. Size info
 * packs (0x8F) give the language code of each block. Text becomes UTF-8.
 */
size_t vb_cdtext_from_rw(const uint8_t *sub, size_t n, uint8_t *packs)
{
	size_t got = 0;

	for (size_t i = 0; i < n * 4; i++) {
		const uint8_t *s = sub + i * 24;
		uint8_t *p = packs + got * 18;

		/* 4 symbols of 6 bits make 3 bytes, most significant first */
		for (unsigned k = 0; k < 6; k++) {
			const uint8_t *q = s + k * 4;

			p[k * 3] = (uint8_t)((q[0] & 0x3f) << 2 |
					     (q[1] & 0x3f) >> 4);
			p[k * 3 + 1] = (uint8_t)((q[1] & 0x0f) << 4 |
						 (q[2] & 0x3f) >> 2);
			p[k * 3 + 2] =
				(uint8_t)((q[2] & 0x03) << 6 | (q[3] & 0x3f));
		}
		if (vb_cdtext_crc_ok(p))
			got++;
	}
	return got;
}

void vb_cdtext_to_rw(const uint8_t pack[18], uint8_t sub[24])
{
	/* 3 bytes make 4 symbols of 6 bits, most significant first */
	for (unsigned k = 0; k < 18; k += 3, sub += 4) {
		sub[0] = pack[k] >> 2;
		sub[1] = (uint8_t)((pack[k] << 4 | pack[k + 1] >> 4) & 0x3f);
		sub[2] =
			(uint8_t)((pack[k + 1] << 2 | pack[k + 2] >> 6) & 0x3f);
		sub[3] = pack[k + 2] & 0x3f;
	}
}

int vb_cdtext_decode(struct vb_disc *d)
{
	char buf[256], utf8[512];
	size_t len = 0, i;
	int cur_type = -1, cur_block = -1, track = 0, ret;
	char prev[256] = "";

	for (i = 0; i + 18 <= d->cdtext_len; i += 18) {
		const uint8_t *p = d->cdtext + i;
		int type = p[0], block = (p[3] >> 4) & 7, k;

		if (type == 0x8f && p[1] == 2) /* 3rd size info pack */
			memcpy(d->cdtext_lang, p + 8, 8);
		if ((type > 0x86 && type != 0x8e) || type < 0x80 ||
		    (p[3] & 0x80))
			continue;
		if (type != cur_type || block != cur_block) {
			cur_type = type;
			cur_block = block;
			track = p[1] & 0x7f;
			len = 0;
			prev[0] = 0;
		}
		for (k = 4; k < 16; k++) {
			if (p[k] && len < sizeof(buf) - 1) {
				buf[len++] = (char)p[k];
				continue;
			}
			if (p[k])
				continue;
			buf[len] = 0;
			if (!strcmp(buf, "\t"))
				snprintf(buf, sizeof(buf), "%s", prev);
			/* 8 blocks x 16 types x 100 tracks at most */
			if (d->n_cdtext_items >= 8 * 16 * 100)
				return 0;
			if (buf[0] && track <= 99) {
				latin1_to_utf8(buf, utf8, sizeof(utf8));
				ret = vb_disc_add_cdtext_item(
					d, (uint8_t)block, (uint8_t)type,
					(uint8_t)track, utf8);
				if (ret)
					return ret;
			}
			snprintf(prev, sizeof(prev), "%s", buf);
			len = 0;
			track++;
		}
	}
	return 0;
}

struct cdt_out {
	uint8_t *p;
	size_t n; /* packs */
};

static const char *cdt_find(const struct vb_disc *d, unsigned block,
			    unsigned type, unsigned track)
{
	unsigned i;

	for (i = 0; i < d->n_cdtext_items; i++) {
		const struct vb_cdtext_item *it = &d->cdtext_items[i];

		if (it->block == block && it->type == type &&
		    it->track == track)
			return it->text;
	}
	return NULL;
}

/*
 * Packs of one text type of one block: the strings of tracks 0..last,
 * each NUL-terminated, cut into 12-byte pieces. Byte 1 is the track of
 * the string the piece starts in, byte 3 the block and how many characters
 * of that string came before (at most 15).
 */
static int cdt_type(const struct vb_disc *d, unsigned block, unsigned type,
		    struct cdt_out *o, unsigned *seq, uint8_t *counts)
{
	char stream[CDTEXT_MAX_PACKS * 12];
	uint8_t owner[CDTEXT_MAX_PACKS * 12];
	uint16_t start[CDTEXT_MAX_PACKS * 12];
	size_t len = 0, pos;
	int last = -1, tr;
	unsigned i;

	for (i = 0; i < d->n_cdtext_items; i++)
		if (d->cdtext_items[i].block == block &&
		    d->cdtext_items[i].type == type &&
		    d->cdtext_items[i].track > last)
			last = d->cdtext_items[i].track;
	for (tr = 0; tr <= last; tr++) {
		const char *u = cdt_find(d, block, type, (unsigned)tr);
		char s[1024] = "";
		size_t n, k;

		if (u)
			utf8_to_latin1(u, s, sizeof(s));
		n = strlen(s) + 1;

		if (len + n > sizeof(stream))
			return -E2BIG;
		for (k = 0; k < n; k++) {
			stream[len + k] = s[k];
			owner[len + k] = (uint8_t)tr;
			start[len + k] = (uint16_t)k;
		}
		len += n;
	}
	for (pos = 0; pos < len; pos += 12) {
		uint8_t *p = o->p + o->n * 18;

		if (*seq >= CDTEXT_MAX_PACKS)
			return -E2BIG;
		memset(p, 0, 18);
		p[0] = (uint8_t)type;	  /* PACK TYPE */
		p[1] = owner[pos];	  /* TRACK */
		p[2] = (uint8_t)(*seq)++; /* SEQUENCE */
		p[3] = (uint8_t)(block << 4 |
				 (start[pos] > 15 ? 15 : start[pos]));
		memcpy(p + 4, stream + pos, len - pos < 12 ? len - pos : 12);
		vb_cdtext_set_crc(p);
		counts[type - 0x80]++;
		o->n++;
	}
	return 0;
}

/*
 * The three size-info packs (type 0x8F) of block b: character code, first
 * and last track, packs per type, last sequence number of every block and
 * the language code of every block, 12 bytes per pack.
 */
static void cdt_size_info(const struct vb_disc *d, unsigned b, const bool *used,
			  const uint8_t *counts, const uint8_t *last_seq,
			  uint8_t *p)
{
	uint8_t info[36] = { 0 };
	unsigned k;

	info[0] = 0x00; /* character code: ISO 8859-1 */
	info[1] = 1;	/* first track */
	info[2] = 1;	/* last track */
	if (d->n_tracks) {
		info[1] = (uint8_t)d->tracks[0]->number;
		info[2] = (uint8_t)d->tracks[d->n_tracks - 1]->number;
	}
	memcpy(info + 4, counts, 16);	/* packs per type */
	memcpy(info + 20, last_seq, 8); /* last seq per block */
	for (k = 0; k < 8; k++) {	/* language codes */
		uint8_t lang = d->cdtext_lang[k];

		/* block 0 without a code: English (0x09) */
		info[28 + k] = !used[k] ? 0 : lang ? lang : k ? 0 : 0x09;
	}
	for (k = 0; k < 3; k++, p += 18) {
		p[0] = 0x8f;
		p[1] = (uint8_t)k;
		p[2] = (uint8_t)(last_seq[b] - 2 + k);
		p[3] = (uint8_t)(b << 4);
		memcpy(p + 4, info + 12 * k, 12);
		vb_cdtext_set_crc(p);
	}
}

int vb_cdtext_encode(const struct vb_disc *d, uint8_t **out, size_t *len)
{
	static const uint8_t types[] = { 0x80, 0x81, 0x82, 0x83,
					 0x84, 0x85, 0x86, 0x8e };
	uint8_t counts[8][16] = { { 0 } }, last_seq[8] = { 0 };
	size_t size_at[8] = { 0 };
	bool used[8] = { false };
	struct cdt_out o = { NULL, 0 };
	unsigned b, i, seq;
	int ret = 0;

	*out = NULL;
	*len = 0;
	for (i = 0; i < d->n_cdtext_items; i++)
		if (d->cdtext_items[i].block < 8)
			used[d->cdtext_items[i].block] = true;
	for (b = 0; b < 8 && !used[b]; b++)
		;
	if (b == 8)
		return -ENOENT;
	o.p = malloc((size_t)8 * CDTEXT_MAX_PACKS * 18);
	if (!o.p)
		return -ENOMEM;
	for (b = 0; b < 8 && !ret; b++) {
		if (!used[b])
			continue;
		seq = 0;
		for (i = 0; i < VB_ARRAY_SIZE(types) && !ret; i++)
			ret = cdt_type(d, b, types[i], &o, &seq, counts[b]);
		if (!ret && seq + 3 > CDTEXT_MAX_PACKS)
			ret = -E2BIG;
		size_at[b] = o.n;
		o.n += 3;
		counts[b][15] = 3;
		last_seq[b] = (uint8_t)(seq + 2);
	}
	for (b = 0; b < 8 && !ret; b++)
		if (used[b])
			cdt_size_info(d, b, used, counts[b], last_seq,
				      o.p + size_at[b] * 18);
	if (ret) {
		free(o.p);
		return ret;
	}
	*out = o.p;
	*len = o.n * 18;
	return 0;
}
