/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the sector and subchannel codecs
 * (include/vburn/sector.h: formats/sector.c, sector_ecc.c, subchannel.c)
 * and the CD-TEXT pack decoder and encoder (formats/cdtext.c). The first
 * input byte picks a codec, the rest is its input. Besides memory safety
 * it checks the properties the codecs promise: what the encoder builds
 * verifies, detects as its own mode and carries the user bytes; decoding
 * a Q, MCN, ISRC or lead-in TOC entry and encoding it again gives the
 * same values; interleaving P-W is undone by de-interleaving; the
 * scrambler is its own inverse; CD-TEXT strings decoded from packs
 * survive encoding and decoding again. Seeds: fuzz/corpus/sector/.
 */
#include "fuzz_common.h"

enum fz_codec {
	FZ_VERIFY, /* detect, verify, verify_as, scramble a raw sector */
	FZ_ENCODE, /* encode a sector, then verify it */
	FZ_SUBQ,   /* Q decoders and their round trips */
	FZ_LEADIN, /* lead-in Q from TOC entries */
	FZ_SUBCH,  /* P-W interleaving */
	FZ_CDTEXT, /* CD-TEXT packs -> strings -> packs -> strings */
	FZ_CODECS
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* The input after the selector, zero-padded to want bytes in buf. */
static const uint8_t *fz_take(uint8_t *buf, size_t want, const uint8_t *p,
			      size_t n)
{
	memset(buf, 0, want);
	memcpy(buf, p, VB_MIN(n, want));
	return buf;
}

static void fz_verify(const uint8_t *p, size_t n)
{
	static uint8_t in[5 + VB_SECTOR_RAW], raw[VB_SECTOR_RAW];
	struct vb_sector_check c;
	int mode, ret;

	fz_take(in, sizeof(in), p, n);
	memcpy(raw, in + 5, VB_SECTOR_RAW);
	mode = vb_sector_detect_mode(raw);
	ret = vb_sector_verify(raw, &c);
	FZ_CHECK(ret == 0 || ret == -EBADMSG);
	FZ_CHECK((c.errors & ~c.checked) == 0);
	if (mode >= 0)
		FZ_CHECK(c.mode == mode);
	/* expected mode -1..6 (6 is not a mode), expected LBA from input */
	ret = vb_sector_verify_as(raw, (int)(in[0] % 8) - 1,
				  (int32_t)get_le32(in + 1), &c);
	FZ_CHECK(ret == 0 || ret == -EBADMSG || ret == -EINVAL);
	(void)vb_sector_edc(raw, VB_SECTOR_RAW);
	vb_sector_scramble(raw);
	vb_sector_scramble(raw);
	FZ_CHECK(!memcmp(raw, in + 5, VB_SECTOR_RAW));
}

static void fz_encode(const uint8_t *p, size_t n)
{
	static uint8_t in[5 + VB_SECTOR_RAW], out[VB_SECTOR_RAW];
	const enum vb_sector_mode mode = (enum vb_sector_mode)(p[0] % 6);
	const uint8_t *user;
	struct vb_sector_check c;
	size_t off, len;
	int32_t lba;
	int ret;

	fz_take(in, sizeof(in), p, n);
	/* the encodable range, -45150..449849, and a little outside it */
	lba = (int32_t)(get_le32(in + 1) % 495010) - 45155;
	user = in + 5;
	ret = vb_sector_encode(out, mode, lba, user);
	if (lba < -45150 || lba > 449849) {
		FZ_CHECK(ret == -EINVAL);
		return;
	}
	FZ_CHECK(!ret);
	ret = vb_sector_verify_as(out, (int)mode, lba, &c);
	/* a fuzzed XA subheader may contradict the form: only that */
	FZ_CHECK(!ret || c.errors == VB_SECTOR_ERR_SUBHDR);
	if (mode == VB_SECTOR_MODE0 || mode == VB_SECTOR_MODE1)
		FZ_CHECK(vb_sector_detect_mode(out) == (int)mode);
	FZ_CHECK(!vb_sector_user_data(mode, &off, &len));
	if (mode != VB_SECTOR_MODE0)
		FZ_CHECK(!memcmp(out + off, user + (off == 24 ? 8 : 0), len));
	/* mode 2 mixed: the subheader picks the form */
	ret = vb_sector_encode_mode2(out, lba, user);
	FZ_CHECK(ret == VB_SECTOR_MODE2_FORM1 || ret == VB_SECTOR_MODE2_FORM2);
	FZ_CHECK(ret == (int)vb_sector_mode2_form(user));
	FZ_CHECK(!vb_sector_verify_as(out, ret, lba, NULL) ||
		 memcmp(user, user + 4, 4));
}

static void fz_subq(const uint8_t *p, size_t n)
{
	uint8_t q[VB_SUBQ_SIZE], q2[VB_SUBQ_SIZE];
	struct vb_subq a, b;
	struct vb_toc_point t, u;
	char mcn[14], mcn2[14], isrc[13], isrc2[13];

	fz_take(q, sizeof(q), p, n);
	(void)vb_subq_crc_ok(q);
	if (!vb_subq_decode(q, &a) && !vb_subq_encode(q2, &a)) {
		FZ_CHECK(vb_subq_crc_ok(q2));
		FZ_CHECK(!vb_subq_decode(q2, &b));
		FZ_CHECK(a.ctl == b.ctl && a.tno == b.tno &&
			 a.index == b.index && a.rel == b.rel &&
			 a.abs == b.abs);
	}
	if (!vb_subq_mcn_decode(q, mcn)) {
		FZ_CHECK(strlen(mcn) == 13);
		FZ_CHECK(!vb_subq_mcn(q2, q[0] >> 4, mcn, 0));
		FZ_CHECK(!vb_subq_mcn_decode(q2, mcn2) && !strcmp(mcn, mcn2));
	}
	if (!vb_subq_isrc_decode(q, isrc)) {
		FZ_CHECK(strlen(isrc) == 12);
		FZ_CHECK(!vb_subq_isrc(q2, q[0] >> 4, isrc, 0));
		FZ_CHECK(!vb_subq_isrc_decode(q2, isrc2) &&
			 !strcmp(isrc, isrc2));
	}
	if (!vb_subq_toc_decode(q, &t) && !vb_subq_toc_encode(q2, &t)) {
		FZ_CHECK(vb_subq_crc_ok(q2));
		FZ_CHECK(!vb_subq_toc_decode(q2, &u));
		FZ_CHECK(!memcmp(&t, &u, sizeof(t)));
	}
	vb_subq_set_crc(q);
	FZ_CHECK(vb_subq_crc_ok(q));
}

static void fz_leadin(const uint8_t *p, size_t n)
{
	uint8_t in[8 + 8 * 10], q[VB_SUBQ_SIZE];
	struct vb_toc_point pts[8];
	unsigned i, count;

	fz_take(in, sizeof(in), p, n);
	count = in[0] % 8 + 1;
	for (i = 0; i < count; i++) {
		const uint8_t *e = in + 8 + i * 10;

		pts[i] = (struct vb_toc_point){
			.ctl = e[0] & 15,
			.adr = e[0] >> 4,
			.point = e[1],
			.min = e[2],
			.sec = e[3],
			.frame = e[4],
			.zero = e[5],
			.pmin = e[6],
			.psec = e[7],
			.pframe = e[8],
		};
	}
	if (!vb_subq_leadin(q, pts, count, -(int32_t)get_le16(in + 1),
			    -(int32_t)get_le16(in + 3)))
		FZ_CHECK(vb_subq_crc_ok(q));
}

static void fz_subch(const uint8_t *p, size_t n)
{
	uint8_t raw[VB_SUBCH_RAW], lin[VB_SUBCH_RAW], back[VB_SUBCH_RAW];
	uint8_t chan[VB_SUBCH_CHAN];
	unsigned k;

	fz_take(raw, sizeof(raw), p, n);
	vb_subch_deinterleave(lin, raw);
	vb_subch_interleave(back, lin);
	FZ_CHECK(!memcmp(raw, back, sizeof(raw)));
	for (k = 0; k < 8; k++) {
		vb_subch_extract(chan, raw, k);
		FZ_CHECK(!memcmp(chan, lin + k * VB_SUBCH_CHAN, sizeof(chan)));
	}
	vb_subch_p_pause(chan, p[0] & 1);
	vb_subch_p_leadout(chan, (int32_t)(raw[1] | raw[2] << 8));
}

static bool fz_same_item(const struct vb_cdtext_item *x,
			 const struct vb_cdtext_item *y, bool text)
{
	return x->block == y->block && x->type == y->type &&
	       x->track == y->track && (!text || !strcmp(x->text, y->text));
}

/*
 * The items of a and b are the same set, if a has at most one string per
 * block, type and track (else which one wins is the encoder's choice).
 */
static bool fz_same_items(const struct vb_disc *a, const struct vb_disc *b)
{
	unsigned i, k;

	for (i = 0; i < a->n_cdtext_items; i++)
		for (k = 0; k < i; k++)
			if (fz_same_item(&a->cdtext_items[i],
					 &a->cdtext_items[k], false))
				return true;
	if (a->n_cdtext_items != b->n_cdtext_items)
		return false;
	for (i = 0; i < a->n_cdtext_items; i++) {
		for (k = 0; k < b->n_cdtext_items; k++)
			if (fz_same_item(&a->cdtext_items[i],
					 &b->cdtext_items[k], true))
				break;
		if (k == b->n_cdtext_items)
			return false;
	}
	return true;
}

static void fz_cdtext(const uint8_t *p, size_t n)
{
	struct vb_disc *a = vb_disc_new(VB_DISC_CD),
		       *b = vb_disc_new(VB_DISC_CD);
	uint8_t *packs = NULL;
	size_t len = 0, i;

	n -= n % VB_CDTEXT_PACK;
	if (!a || !b || !n || vb_disc_set_cdtext(a, p, n) ||
	    vb_cdtext_decode(a))
		goto out;
	for (i = 0; i < n; i += VB_CDTEXT_PACK)
		(void)vb_cdtext_crc_ok(a->cdtext + i);
	if (vb_cdtext_encode(a, &packs, &len))
		goto out;
	FZ_CHECK(len && len % VB_CDTEXT_PACK == 0);
	for (i = 0; i < len; i += VB_CDTEXT_PACK)
		FZ_CHECK(vb_cdtext_crc_ok(packs + i));
	FZ_CHECK(!vb_disc_set_cdtext(b, packs, len) && !vb_cdtext_decode(b));
	FZ_CHECK(fz_same_items(a, b));
out:
	free(packs);
	vb_disc_unref(a);
	vb_disc_unref(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	switch (data[0] % FZ_CODECS) {
	case FZ_VERIFY:
		fz_verify(data + 1, size - 1);
		break;
	case FZ_ENCODE:
		fz_encode(data + 1, size - 1);
		break;
	case FZ_SUBQ:
		fz_subq(data + 1, size - 1);
		break;
	case FZ_LEADIN:
		fz_leadin(data + 1, size - 1);
		break;
	case FZ_SUBCH:
		fz_subch(data + 1, size - 1);
		break;
	default:
		fz_cdtext(data + 1, size - 1);
		break;
	}
	return 0;
}
