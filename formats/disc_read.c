/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading sectors of a disc model (vb_disc_read): walks tracks and
 * extents, streams the stored bytes from the byte sources in chunks (one
 * pread per chunk, a single pread when the stored layout already is the
 * requested one), and converts between stored and requested layouts:
 * user data out of raw sectors, byte-swapped audio, subchannel
 * de-interleaved <-> interleaved. Parts that are not stored (sync, header,
 * EDC/ECC, P/Q subchannel) come from the sector module (include/vburn/
 * sector.h) through sector_synth() and sub_synth().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/sector.h"

#define READ_CHUNK 64 /* sectors per pread on the converting path */

unsigned vb_read_size(enum vb_read_kind kind)
{
	switch (kind) {
	case VB_READ_USER:
		return 2048;
	case VB_READ_RAW:
		return 2352;
	case VB_READ_RAW_SUB:
		return 2448;
	case VB_READ_MODE2:
		return 2336;
	}
	return 0;
}

/* Default XA subheaders for cooked sectors that do not store one. */
static const uint8_t subhdr_form1[8] = { 0, 0, 0x08, 0, 0, 0, 0x08, 0 };
static const uint8_t subhdr_form2[8] = { 0, 0, 0x20, 0, 0, 0, 0x20, 0 };

/*
 * Builds the 2352-byte raw sector of a track from its stored user part
 * (user_len bytes: 2048, 2324 or 2336; NULL: a generated sector with zero
 * user data) through the sector module: sync, header, XA subheader (a
 * data/Form 1 one for 2048-byte stores and for generated sectors of Form 1
 * and mixed tracks, a Form 2 one for 2324-byte stores and generated Form 2
 * sectors), EDC and ECC. A generated sector of a mixed track is Form 1
 * with zero user data, the zero pregap or postgap of an XA data track, so
 * that its user-data read (2048 zeros, convert()) and its raw read agree
 * and a writer that stores the raw sector gives the same user data back.
 */
static int sector_synth(enum vb_track_mode mode, int32_t lba,
			const uint8_t *user, unsigned user_len, uint8_t *out)
{
	uint8_t buf[2336];

	switch (mode) {
	case VB_MODE_AUDIO:
		memset(out, 0, 2352);
		return 0;
	case VB_MODE_MODE0:
		return vb_sector_encode(out, VB_SECTOR_MODE0, lba, NULL);
	case VB_MODE_MODE1:
	case VB_MODE_MODE2:
		memset(buf, 0, sizeof(buf));
		if (user)
			memcpy(buf, user, VB_MIN(user_len, 2336u));
		return vb_sector_encode(out,
					mode == VB_MODE_MODE1 ?
						VB_SECTOR_MODE1 :
						VB_SECTOR_MODE2,
					lba, buf);
	case VB_MODE_MODE2_FORM1:
	case VB_MODE_MODE2_FORM2:
	case VB_MODE_MODE2_MIXED:
		memset(buf, 0, sizeof(buf));
		if (user && user_len == 2336) {
			memcpy(buf, user, 2336);
		} else {
			memcpy(buf,
			       mode == VB_MODE_MODE2_FORM1 ||
					       (!user &&
						mode == VB_MODE_MODE2_MIXED) ||
					       (user && user_len == 2048) ?
				       subhdr_form1 :
				       subhdr_form2,
			       8);
			if (user)
				memcpy(buf + 8, user, VB_MIN(user_len, 2324u));
		}
		return vb_sector_encode_mode2(out, lba, buf) < 0 ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* INDEX number of lba inside track t (0 in the pregap). */
static uint8_t track_index_at(const struct vb_track *t, int32_t lba)
{
	uint8_t k = 0;

	if (lba < t->start)
		return 0;
	while (k < t->n_index && (int64_t)lba - t->start >= t->index[k])
		k++;
	return (uint8_t)(k + 1);
}

/*
 * Generates the 96-byte interleaved P-W subchannel of a sector that has
 * none stored: P = pause flag in the pregap, Q = ADR-1 position with CRC,
 * with the MCN at relative frame % 100 == 25 and the ISRC of audio tracks
 * at % 100 == 50 (libmirage's placement, docs/formats.md 6.5) except next to
 * an index change; R-W zero.
 */
static int sub_synth(const struct vb_disc *d, const struct vb_track *t,
		     int32_t lba, uint8_t *out)
{
	uint8_t lin[96] = { 0 };
	const int32_t rel = lba - t->start;
	struct vb_subq q = {
		.ctl = t->ctl,
		.adr = 1,
		.tno = (uint8_t)t->number,
		.index = track_index_at(t, lba),
		.rel = rel,
		.abs = lba,
	};
	int ret;

	/* A position frame where an index begins or ends, so that a reader
	 * that searches an index by its Q (cdrdao's findIndex: the first
	 * sector whose Q shows it, and its relative time) finds its first
	 * sector, as on discs mastered with index points. */
	const bool edge =
		track_index_at(t, lba) != track_index_at(t, lba - 1) ||
		track_index_at(t, lba) != track_index_at(t, lba + 1);

	vb_subch_p_pause(lin, lba < t->start);
	if (edge)
		ret = vb_subq_encode(lin + 12, &q);
	else if (rel >= 0 && rel % 100 == 25 && d->mcn[0])
		ret = vb_subq_mcn(lin + 12, t->ctl, d->mcn, lba);
	else if (rel >= 0 && rel % 100 == 50 && t->isrc[0] &&
		 t->mode == VB_MODE_AUDIO)
		ret = vb_subq_isrc(lin + 12, t->ctl, t->isrc, lba);
	else
		ret = vb_subq_encode(lin + 12, &q);
	if (ret)
		return ret;
	vb_subch_interleave(out, lin);
	return 0;
}

static void sub_to_raw(enum vb_sub_fmt fmt, const uint8_t *in, uint8_t *raw)
{
	uint8_t lin[96];

	switch (fmt) {
	case VB_SUB_RAW:
		memcpy(raw, in, 96);
		break;
	case VB_SUB_LINEAR:
		vb_subch_interleave(raw, in);
		break;
	case VB_SUB_Q16:
		memset(lin, 0, sizeof(lin));
		memcpy(lin + 12, in, 12);
		vb_subch_interleave(raw, lin);
		break;
	case VB_SUB_RW: /* convert() adds the R-W to a generated P and Q */
	case VB_SUB_NONE:
		memset(raw, 0, 96);
		break;
	}
}

/* Offset of the 2048 user bytes in a stored main channel, or -EMEDIUMTYPE. */
static int user_offset(const struct vb_track *t, const struct vb_extent *e,
		       const uint8_t *m)
{
	if (t->mode == VB_MODE_AUDIO)
		return -EMEDIUMTYPE;
	if (e->data == VB_DATA_RAW) {
		if (m[15] == 1)
			return 16;
		/* Mode 2: Form 2 if submode bit 5 set (docs/formats.md 6.1) */
		if (m[15] == 2 && t->mode != VB_MODE_MODE2 && !(m[18] & 0x20))
			return 24;
		return -EMEDIUMTYPE;
	}
	if (e->data_size == 2048)
		return 0;
	if (e->data_size == 2336 && t->mode != VB_MODE_MODE2 && !(m[2] & 0x20))
		return 8;
	return -EMEDIUMTYPE;
}

/* Converts one stored sector m (NULL for ZERO) into the requested layout. */
static int convert(const struct vb_disc *d, const struct vb_track *t,
		   const struct vb_extent *e, int32_t lba, const uint8_t *m,
		   const uint8_t *sub, enum vb_read_kind kind, uint8_t *out)
{
	unsigned i;
	int off, ret;

	if (kind == VB_READ_USER) {
		if (!m) {
			if (t->mode != VB_MODE_MODE1 &&
			    t->mode != VB_MODE_MODE2_FORM1 &&
			    t->mode != VB_MODE_MODE2_MIXED)
				return -EMEDIUMTYPE;
			memset(out, 0, 2048);
			return 0;
		}
		off = user_offset(t, e, m);
		if (off < 0)
			return off;
		memcpy(out, m + off, 2048);
		return 0;
	}
	if (kind == VB_READ_MODE2 && m && e->data_size == 2336) {
		memcpy(out, m, 2336);
		return 0;
	}
	if (kind == VB_READ_MODE2) {
		uint8_t raw[2352];

		if (m && e->data == VB_DATA_RAW)
			memcpy(raw, m, 2352);
		else if ((ret = sector_synth(t->mode, lba, m,
					     m ? e->data_size : 0, raw)))
			return ret;
		memcpy(out, raw + 16, 2336);
		return 0;
	}
	if (m && e->data == VB_DATA_RAW) {
		memcpy(out, m, 2352);
		if (e->swap)
			for (i = 0; i + 1 < 2352; i += 2) {
				uint8_t x = out[i];

				out[i] = out[i + 1];
				out[i + 1] = x;
			}
	} else {
		ret = sector_synth(t->mode, lba, m, m ? e->data_size : 0, out);
		if (ret)
			return ret;
	}
	if (kind == VB_READ_RAW)
		return 0;
	if (sub && e->sub != VB_SUB_RW) {
		sub_to_raw(e->sub, sub, out + 2352);
		return 0;
	}
	ret = sub_synth(d, t, lba, out + 2352);
	/*
	 * Stored R-W only (cdrdao "RW", a recording's R-W data form): P and
	 * Q are the disc's own, generated as for any sector, and the R-W
	 * symbols (6 bits per byte) go into the low bits as they were
	 * given, without re-interleaving the packs.
	 */
	for (i = 0; sub && !ret && i < 96; i++)
		out[2352 + i] =
			(uint8_t)((out[2352 + i] & 0xc0) | (sub[i] & 0x3f));
	return ret;
}

/* Reads n sectors starting at sector i of extent e (all in track t). */
static int read_extent(const struct vb_disc *d, const struct vb_track *t,
		       const struct vb_extent *e, uint32_t i, uint32_t n,
		       int32_t lba, enum vb_read_kind kind, uint8_t *out)
{
	const unsigned osz = vb_read_size(kind);
	const bool want_sub = kind == VB_READ_RAW_SUB && e->sub != VB_SUB_NONE;
	const unsigned sub_sz = e->sub == VB_SUB_Q16 ? 16 : 96;
	uint8_t *buf = NULL, *sbuf = NULL;
	uint32_t k, m;
	int ret = 0;

	if (e->data == VB_DATA_ZERO) {
		for (k = 0; k < n && !ret; k++)
			ret = convert(d, t, e, lba + (int32_t)k, NULL, NULL,
				      kind, out + (size_t)k * osz);
		return ret;
	}
	/* fast paths: the stored layout is the requested one */
	if ((kind == VB_READ_USER && e->data_size == 2048 &&
	     e->stride == 2048 && t->mode != VB_MODE_AUDIO &&
	     t->mode != VB_MODE_MODE2 && t->mode != VB_MODE_MODE2_FORM2) ||
	    (kind == VB_READ_RAW && e->data == VB_DATA_RAW &&
	     e->stride == 2352 && !e->swap) ||
	    (kind == VB_READ_MODE2 && e->data_size == 2336 &&
	     e->stride == 2336))
		return vb_src_read(e->src, out, (size_t)n * osz,
				   e->offset + (uint64_t)i * e->stride);

	buf = malloc((size_t)READ_CHUNK * e->stride);
	sbuf = malloc((size_t)READ_CHUNK * (e->sub_src ? e->sub_stride : 1));
	if (!buf || !sbuf) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (k = 0; k < n && !ret; k += m) {
		uint64_t first = i + (uint64_t)k;
		size_t len;
		uint32_t j;

		m = n - k < READ_CHUNK ? n - k : READ_CHUNK;
		len = (size_t)(m - 1) * e->stride + e->data_size +
		      (want_sub && !e->sub_src ? sub_sz : 0);
		ret = vb_src_read(e->src, buf, len,
				  e->offset + first * e->stride);
		if (!ret && want_sub && e->sub_src)
			ret = vb_src_read(
				e->sub_src, sbuf, (size_t)m * e->sub_stride,
				e->sub_offset + first * e->sub_stride);
		for (j = 0; j < m && !ret; j++) {
			const uint8_t *mp = buf + (size_t)j * e->stride;
			const uint8_t *sp = NULL;

			if (want_sub)
				sp = e->sub_src ?
					     sbuf + (size_t)j * e->sub_stride :
					     mp + e->data_size;
			ret = convert(d, t, e, lba + (int32_t)(k + j), mp, sp,
				      kind, out + (size_t)(k + j) * osz);
		}
	}
out_free:
	free(sbuf);
	free(buf);
	return ret;
}

int vb_disc_read(const struct vb_disc *d, int32_t lba, uint32_t count,
		 enum vb_read_kind kind, uint8_t *out)
{
	const unsigned osz = vb_read_size(kind);

	if (!osz)
		return -EINVAL;
	while (count) {
		const struct vb_track *t = vb_disc_track_at(d, lba);
		uint32_t rel, n;
		unsigned x;
		int ret;

		if (!t)
			return -ENXIO;
		rel = (uint32_t)((int64_t)lba - t->start + t->pregap);
		for (x = 0; x < t->n_extents; x++) {
			const struct vb_extent *e = &t->extents[x];

			if (rel >= e->sectors) {
				rel -= e->sectors;
				continue;
			}
			n = e->sectors - rel < count ? e->sectors - rel : count;
			ret = read_extent(d, t, e, rel, n, lba, kind, out);
			if (ret)
				return ret;
			lba += (int32_t)n;
			count -= n;
			out += (size_t)n * osz;
			break;
		}
		if (x == t->n_extents)
			return -ENXIO; /* unreachable on a finished disc */
	}
	return 0;
}

int vb_track_has_rw(const struct vb_disc *d, const struct vb_track *t, bool *rw)
{
	enum { CHUNK = 32 };
	const enum vb_sub_fmt sub = vb_track_sub(t);
	const int32_t end = t->start + (int32_t)t->length;
	uint8_t *buf;
	int ret = 0;

	*rw = false;
	if (sub == VB_SUB_NONE || sub == VB_SUB_Q16)
		return 0;
	buf = malloc((size_t)CHUNK * 2448);
	if (!buf)
		return -ENOMEM;
	for (int32_t lba = t->start; lba < end && !*rw && !ret; lba += CHUNK) {
		const uint32_t k = (uint32_t)VB_MIN(end - lba, CHUNK);

		ret = vb_disc_read(d, lba, k, VB_READ_RAW_SUB, buf);
		for (uint32_t i = 0; i < k && !*rw && !ret; i++)
			*rw = vb_subch_has_rw(buf + (size_t)i * 2448 + 2352);
	}
	free(buf);
	return ret;
}
