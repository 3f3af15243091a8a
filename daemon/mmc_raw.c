/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw recording: page 05 write type 3 with data block type 1 (RAW16:
 * 2352 bytes + 16 of Q), 2 (RAW96P: 2352 + 96 of packed P-W) or 3
 * (RAW96R: 2352 + 96 of raw P-W), as wodim -raw16/-raw96p/-raw96r write
 * (docs/clients.md 3.2). Both 96-byte forms carry P and Q as bits 7 and 6 of
 * each byte, so Q is read alike; they differ in how the R-W symbols of
 * the low 6 bits are ordered, and the writers we serve (wodim, libburn)
 * send them in pack order in both (quirk:wodim-raw-pack-order,
 * docs/clients/wodim.md). The host sends the whole session,
 * lead-in to lead-out, and the drive writes what it is given; there is no
 * cue sheet, so the Q subchannel of each block tells the drive where it
 * belongs (ECMA-130 22.3): ADR 1 gives track, index and CONTROL, ADR 2 the
 * MCN, ADR 3 the track's ISRC. The recording follows it into the medium
 * as SAO does: a track begins at its first INDEX 01 block, INDEX 02+
 * become index points, audio pregaps are kept, the lead-out closes the
 * session. R-W of the lead-in (RAW96P/R) carries CD-TEXT; those of the
 * program area (CD+G) are kept with a track's blocks from the first block
 * of it, or of its audio pregap, that has any (media_keeprw.c). Main data
 * is kept as sent: PCM for audio, raw sectors for data.
 */
#include <string.h>

#define LOG_TAG "raw"
#include "drv.h"
#include "vburn/log.h"
#include "vburn/sector.h"

#define BT_RAW16 1
#define BT_RAW96P 2
#define BT_RAW96R 3

void raw_reset(struct vb_drive *d)
{
	memset(&d->raw, 0, sizeof(d->raw));
	d->raw.next = INT32_MIN;
}

bool raw_recording(const struct vb_drive *d)
{
	return d->raw.next != INT32_MIN && !d->raw.leadout;
}

/* The Q of a block (12 bytes: 10 + CRC) from its subchannel. */
static void block_q(uint8_t bt, const uint8_t *sub, uint8_t q[VB_SUBQ_SIZE])
{
	if (bt != BT_RAW16)
		vb_subch_extract(q, sub, 1);
	else
		memcpy(q, sub, VB_SUBQ_SIZE);
}

/* The form of a track whose first block is main with CONTROL ctl: audio,
 * or a raw data sector of the mode in its header (XA when the two copies
 * of a Mode 2 subheader agree, as on every XA sector). */
static struct vb_rec_form block_form(const uint8_t *main, uint8_t ctl)
{
	struct vb_rec_form f = { .mode = VB_MODE_AUDIO,
				 .log_size = 2352,
				 .ctl = ctl };

	if (ctl & VB_CTL_DATA) {
		if (main[15] != 2)
			f.mode = VB_MODE_MODE1;
		else if (!memcmp(main + 16, main + 20, 4))
			f.mode = VB_MODE_MODE2_MIXED;
		else
			f.mode = VB_MODE_MODE2;
	}
	return f;
}

/*
 * Records one program-area block at lba with position pos; rw: its R-W
 * are not all zero. The block's 96 bytes follow main, so a track that
 * keeps R-W takes main and them as one 2448-byte block.
 */
static enum vb_sense raw_block(struct vb_drive *d, int32_t lba,
			       const uint8_t *main, const struct vb_subq *pos,
			       bool rw)
{
	struct vb_raw *r = &d->raw;
	struct vb_rec_form f = block_form(main, pos->ctl);
	const bool begins = pos->index == 0 || pos->tno != r->tno;
	enum vb_sense s;

	/* a pregap: PCM is kept for its audio track, the rest is generated
	 * again when read */
	if (pos->index == 0 && (pos->ctl & VB_CTL_DATA))
		return VB_OK;
	/* R-W in a pregap or a track's first block: the pregap PCM kept for
	 * the track keeps them too */
	if (begins && rw && !r->rw_pregap) {
		s = vb_medium_keep_rw(d->medium, true);
		if (s)
			return s;
		r->rw_pregap = true;
	}
	if (pos->index == 0)
		return vb_medium_write_pregap_audio(d->medium, main, 1,
						    r->rw_pregap);
	if (pos->tno != r->tno) {
		r->rw = r->rw_pregap;
		r->rw_pregap = false;
		f.rw = r->rw;
		s = vb_medium_begin_track(d->medium, lba, &f);
		if (s)
			return s;
		if (!r->tno && r->text.n &&
		    vb_medium_set_cdtext(d->medium, r->text.packs,
					 r->text.n * 18))
			return S_WRITE_ERROR;
		r->tno = pos->tno;
		r->index = 1;
	} else if (rw && !r->rw) {
		s = vb_medium_keep_rw(d->medium, false);
		if (s)
			return s;
		r->rw = true;
	}
	f.rw = r->rw;
	if (pos->index > r->index) {
		s = vb_medium_set_index(d->medium, pos->index, lba);
		if (s)
			return s;
		r->index = pos->index;
	}
	return vb_medium_write_log(d->medium, lba, main, 1, &f);
}

/*
 * WRITE in raw mode: blocks come in order from the first one the host
 * writes (in the lead-in, or the session's first pregap) on. A block
 * whose Q is not a position (MCN, ISRC, a bad CRC) continues the track
 * and index of the block before it.
 */
enum vb_sense raw_write(struct vb_drive *d, int32_t lba, uint32_t n,
			const uint8_t *data, uint32_t len)
{
	struct vb_raw *r = &d->raw;
	const uint8_t bt = mode_block_type(d);
	const uint32_t bs = bt == BT_RAW16 ? 2368 : 2448;
	const int32_t program = vb_medium_next_start(d->medium) - 150;
	const bool record = !mode_test_write(d);
	enum vb_sense s;

	if (bt != BT_RAW16 && bt != BT_RAW96P && bt != BT_RAW96R)
		return S_ILLEGAL_MODE_FOR_TRACK; /* no Q to follow */
	if ((uint64_t)n * bs > len)
		return S_INVALID_FIELD_IN_CDB;
	if (r->next == INT32_MIN) {
		if (lba < VB_CD_LBA_MIN || lba > program)
			return S_INVALID_WRITE_ADDRESS;
		r->next = lba;
	}
	if (lba != r->next)
		return S_INVALID_WRITE_ADDRESS;
	if ((int64_t)lba + n > (int64_t)vb_medium_capacity(d->medium) + 6750)
		return S_END_OF_USER_AREA;
	for (uint32_t i = 0; i < n; i++, r->next++) {
		const uint8_t *main = data + (size_t)i * bs;
		const int32_t at = lba + (int32_t)i;
		uint8_t q[VB_SUBQ_SIZE];
		struct vb_subq pos = { .ctl = r->data ? VB_CTL_DATA : 0,
				       .tno = r->tno,
				       .index = r->index };
		char code[14];

		if (r->leadout)
			continue;
		if (at < program) {
			/* the lead-in: its Q is the TOC, which the drive
			 * makes itself; R-W may hold CD-TEXT */
			if (bt != BT_RAW16) {
				s = leadin_text_add(&r->text, main + 2352, 1,
						    96);
				if (s)
					return s;
			}
			continue;
		}
		block_q(bt, main + 2352, q);
		if (vb_subq_crc_ok(q) && vb_subq_decode(q, &pos) == 0) {
			r->data = pos.ctl & VB_CTL_DATA;
		} else if (vb_subq_crc_ok(q) && record && r->tno &&
			   vb_subq_isrc_decode(q, code) == 0) {
			vb_medium_set_isrc(d->medium, code);
		} else if (vb_subq_crc_ok(q) && record &&
			   vb_subq_mcn_decode(q, code) == 0) {
			vb_medium_set_mcn(d->medium, code);
		}
		if (pos.tno == VB_SUBQ_LEADOUT) {
			/* the lead-out: the session is complete */
			r->leadout = true;
			s = record && r->tno ?
				    vb_medium_close_session(
					    d->medium,
					    mode_next_session_allowed(d)) :
				    VB_OK;
			if (s)
				return s;
			continue;
		}
		if (!pos.tno || pos.tno > 99 || !record)
			continue;
		if (pos.tno < r->tno ||
		    (pos.tno == r->tno && pos.index && pos.index < r->index)) {
			log_warn("LBA %d: Q goes back to track %u index %u", at,
				 pos.tno, pos.index);
			return S_INVALID_FIELD_IN_PARAM_LIST;
		}
		s = raw_block(d, at, main, &pos,
			      bt != BT_RAW16 && vb_subch_has_rw(main + 2352));
		if (s)
			return s;
	}
	return VB_OK;
}
