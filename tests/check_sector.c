/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the CD sector and subchannel library (formats/sector.c,
 * formats/subchannel.c). Known answers come from docs/formats.md 6 and from
 * images made by other tools: libcdio's isofs-m1.bin (Mode 1, 302 sectors)
 * and videocd.nrg (vcdimager, Mode 2 Form 1/2 stored as 2336 bytes) must
 * be reproduced byte for byte, and the CD-TEXT pack dumps must pass the
 * CRC check. Those files live in the shared test data directory
 * ($VBURN_TESTDATA, default ../shared/testdata from the repository
 * root, where make runs the tests); tests that need them print a SKIP
 * line and pass when they are absent.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/sector.h"
#include "skip.h"

#define ISOFS_M1 "libcdio/test/data/isofs-m1.bin"
#define VIDEOCD_NRG "libcdio/test/data/videocd.nrg"
/* videocd.nrg: 1126 records of 2336 bytes before the NRG v1 chunks. */
#define VIDEOCD_SECTORS 1126

/* Reads a whole test data file; NULL (after a SKIP line) if absent. */
static uint8_t *td_load(const char *rel, size_t *len)
{
	const char *dir = getenv("VBURN_TESTDATA");
	char path[512];
	uint8_t *buf = NULL;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/testdata",
		 rel);
	f = fopen(path, "rb");
	if (!f) {
		vb_test_skip("%s absent", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)size;
	}
	fclose(f);
	ck_assert_msg(buf, "cannot read %s", path);
	return buf;
}

/* Deterministic filler (xorshift) so failures reproduce. */
static void fill_random(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	while (n--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)(x >> 24);
	}
}

/* ---- sectors ---- */

/*
 * docs/formats.md 6.2: zero Mode 1 at LBA 0 -> EDC c5 13 68 2b, P 00 f7
 * 00 f5.
 */
START_TEST(test_mode1_zero_known_answer)
{
	static const uint8_t zero[2048];
	static const uint8_t head[16] = { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
					  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,
					  0x00, 0x02, 0x00, 0x01 };
	static const uint8_t edc[4] = { 0xc5, 0x13, 0x68, 0x2b };
	static const uint8_t p[4] = { 0x00, 0xf7, 0x00, 0xf5 };
	uint8_t raw[VB_SECTOR_RAW];

	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE1, 0, zero), 0);
	ck_assert_mem_eq(raw, head, sizeof(head));
	ck_assert_mem_eq(raw + 2064, edc, sizeof(edc));
	ck_assert_mem_eq(raw + 2076, p, sizeof(p));
	ck_assert_uint_eq(vb_sector_edc(raw, 2064), 0x2b6813c5u);
}
END_TEST

/* Every sector of a Mode 1 image made by another tool is reproduced. */
START_TEST(test_isofs_m1_reencode)
{
	struct vb_sector_check c;
	uint8_t out[VB_SECTOR_RAW];
	size_t len = 0, n, i;
	uint8_t *img = td_load(ISOFS_M1, &len);

	if (!img)
		return;
	ck_assert_uint_eq(len % VB_SECTOR_RAW, 0);
	n = len / VB_SECTOR_RAW;
	ck_assert_uint_eq(n, 302);
	for (i = 0; i < n; i++) {
		const uint8_t *s = img + i * VB_SECTOR_RAW;

		ck_assert_int_eq(vb_sector_detect_mode(s), VB_SECTOR_MODE1);
		ck_assert_int_eq(vb_sector_encode(out, VB_SECTOR_MODE1,
						  (int32_t)i, s + 16),
				 0);
		ck_assert_msg(memcmp(out, s, VB_SECTOR_RAW) == 0,
			      "sector %zu differs", i);
		ck_assert_int_eq(vb_sector_verify_as(s, VB_SECTOR_MODE_AUTO,
						     (int32_t)i, &c),
				 0);
		ck_assert_uint_eq(c.errors, 0);
		ck_assert_int_eq(c.lba, (int32_t)i);
		ck_assert_uint_eq(c.checked & (VB_SECTOR_ERR_EDC |
					       VB_SECTOR_ERR_ECC_P |
					       VB_SECTOR_ERR_ECC_Q),
				  VB_SECTOR_ERR_EDC | VB_SECTOR_ERR_ECC_P |
					  VB_SECTOR_ERR_ECC_Q);
	}
	free(img);
}
END_TEST

/* One damaged byte anywhere must be flagged, even without an LBA. */
START_TEST(test_isofs_m1_flip_detected)
{
	uint8_t s[VB_SECTOR_RAW];
	size_t len = 0, n, i, pos;
	uint8_t *img = td_load(ISOFS_M1, &len);
	uint32_t x = 12345;

	if (!img)
		return;
	n = len / VB_SECTOR_RAW;
	for (i = 0; i < n; i++) {
		/* Every position of a few sectors, one random one elsewhere. */
		bool all = i == 0 || i == 16 || i == n - 1;

		for (pos = 0; pos < VB_SECTOR_RAW; pos++) {
			uint8_t flip;

			x = x * 1103515245u + 12345u;
			if (!all && pos != (x >> 8) % VB_SECTOR_RAW)
				continue;
			flip = (uint8_t)(1u << (pos % 8)) | (uint8_t)(x >> 24);
			memcpy(s, img + i * VB_SECTOR_RAW, VB_SECTOR_RAW);
			s[pos] ^= flip;
			ck_assert_msg(vb_sector_verify(s, NULL) == -EBADMSG,
				      "sector %zu byte %zu ^%02x not flagged",
				      i, pos, flip);
			if (!all)
				break;
		}
	}
	free(img);
}
END_TEST

/*
 * vcdimager's Mode 2 sectors (stored from the subheader on): re-encoding
 * subheader + data gives the same Form 1 EDC/ECC and Form 2 EDC. Neither
 * depends on the header, so any LBA will do.
 */
START_TEST(test_videocd_mode2_reencode)
{
	uint8_t out[VB_SECTOR_RAW];
	size_t len = 0, i, form1 = 0;
	uint8_t *img = td_load(VIDEOCD_NRG, &len);

	if (!img)
		return;
	ck_assert_uint_ge(len, VIDEOCD_SECTORS * 2336);
	for (i = 0; i < VIDEOCD_SECTORS; i++) {
		const uint8_t *rec = img + i * 2336;
		int form = vb_sector_encode_mode2(out, (int32_t)i, rec);

		ck_assert_int_ge(form, 0);
		form1 += form == VB_SECTOR_MODE2_FORM1;
		ck_assert_msg(memcmp(out + 16, rec, 2336) == 0,
			      "record %zu differs", i);
		ck_assert_int_eq(vb_sector_detect_mode(out), form);
		ck_assert_int_eq(
			vb_sector_verify_as(out, form, (int32_t)i, NULL), 0);
	}
	/* ISO 9660 and VCD info sectors are Form 1, MPEG Form 2. */
	ck_assert_uint_eq(form1, 226);
	free(img);
}
END_TEST

static const enum vb_sector_mode all_modes[] = {
	VB_SECTOR_AUDIO, VB_SECTOR_MODE0,	VB_SECTOR_MODE1,
	VB_SECTOR_MODE2, VB_SECTOR_MODE2_FORM1, VB_SECTOR_MODE2_FORM2,
};

static const int32_t test_lbas[] = { 0,	   1,	   16,	   74, 75,
				     4499, 333000, 449849, -1, -150,
				     -151, -11635, -45150 };

/* Every mode at a range of addresses: verify passes, payload comes back. */
START_TEST(test_roundtrip_modes)
{
	const enum vb_sector_mode mode = all_modes[_i];
	uint8_t user[VB_SECTOR_RAW], raw[VB_SECTOR_RAW];
	struct vb_sector_check c;
	size_t off, len, k;
	int usize = vb_sector_user_size(mode);

	ck_assert_int_ge(usize, 0);
	ck_assert_int_eq(vb_sector_user_data(mode, &off, &len), 0);
	for (k = 0; k < VB_ARRAY_SIZE(test_lbas); k++) {
		int32_t lba = test_lbas[k];

		fill_random(user, sizeof(user), (uint32_t)(k + 7 * _i));
		if (mode == VB_SECTOR_MODE2_FORM1 ||
		    mode == VB_SECTOR_MODE2_FORM2) {
			uint8_t sm = mode == VB_SECTOR_MODE2_FORM2 ?
					     VB_SUBMODE_FORM2 :
					     0x08;

			memcpy(user,
			       (const uint8_t[]){ 1, 2, sm, 0, 1, 2, sm, 0 },
			       8);
		}
		ck_assert_int_eq(vb_sector_encode(raw, mode, lba, user), 0);
		ck_assert_int_eq(vb_sector_verify_as(raw, (int)mode, lba, &c),
				 0);
		if (mode != VB_SECTOR_MODE2)
			ck_assert_int_eq(vb_sector_detect_mode(raw), (int)mode);
		if (mode == VB_SECTOR_AUDIO)
			ck_assert_uint_eq(c.checked, 0);
		else /* 90-99 minutes read as lead-in (docs/formats.md 0) */
			ck_assert_int_eq(c.lba,
					 lba >= 404850 ? lba - 450000 : lba);
		/* The payload sits where user_data says. */
		if (mode == VB_SECTOR_MODE0)
			continue;
		ck_assert_mem_eq(raw + off, user + (size_t)usize - len, len);
	}
}
END_TEST

/* Form 1 EDC/ECC exclude the header: relocating changes only 12..15. */
START_TEST(test_form1_relocatable)
{
	uint8_t user[2056], a[VB_SECTOR_RAW], b[VB_SECTOR_RAW];

	fill_random(user, sizeof(user), 99);
	user[2] = user[6] = 0x08;
	user[0] = user[4];
	user[1] = user[5];
	user[3] = user[7];
	ck_assert_int_eq(vb_sector_encode(a, VB_SECTOR_MODE2_FORM1, 10, user),
			 0);
	ck_assert_int_eq(
		vb_sector_encode(b, VB_SECTOR_MODE2_FORM1, 70000, user), 0);
	ck_assert_mem_eq(a, b, 12);
	ck_assert_mem_eq(a + 16, b + 16, VB_SECTOR_RAW - 16);
	ck_assert_mem_ne(a + 12, b + 12, 3);
}
END_TEST

/* A zero Form 2 EDC means "none"; a wrong nonzero one is an error. */
START_TEST(test_form2_optional_edc)
{
	uint8_t user[2332], raw[VB_SECTOR_RAW];
	struct vb_sector_check c;

	fill_random(user, sizeof(user), 5);
	memcpy(user, "\0\0\x20\0\0\0\x20\0", 8);
	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE2_FORM2, 3, user),
			 0);
	ck_assert_uint_ne(get_le32(raw + 2348), 0);
	memset(raw + 2348, 0, 4);
	ck_assert_int_eq(vb_sector_verify(raw, &c), 0);
	ck_assert_uint_eq(c.checked & VB_SECTOR_ERR_EDC, 0);
	raw[2348] = 1;
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	ck_assert_uint_eq(c.errors, VB_SECTOR_ERR_EDC);
}
END_TEST

START_TEST(test_detect_and_errors)
{
	uint8_t user[2048] = { 0 }, raw[VB_SECTOR_RAW];
	struct vb_sector_check c;

	/* Full-scale or -1 PCM matches 10 of 12 sync bytes: still audio. */
	memset(raw, 0xFF, sizeof(raw));
	ck_assert_int_eq(vb_sector_detect_mode(raw), VB_SECTOR_AUDIO);
	ck_assert_int_eq(vb_sector_verify(raw, &c), 0);
	ck_assert_int_eq(c.mode, VB_SECTOR_AUDIO);

	/* One bad sync byte: still Mode 1, flagged as a sync error. */
	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE1, 100, user), 0);
	raw[5] = 0x7F;
	ck_assert_int_eq(vb_sector_detect_mode(raw), VB_SECTOR_MODE1);
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	/* Mode 1 EDC covers the sync too. */
	ck_assert_uint_eq(c.errors, VB_SECTOR_ERR_SYNC | VB_SECTOR_ERR_EDC);
	raw[5] = 0xFF;

	/* Wrong expected LBA: only the header is wrong. */
	ck_assert_int_eq(vb_sector_verify_as(raw, VB_SECTOR_MODE1, 101, &c),
			 -EBADMSG);
	ck_assert_uint_eq(c.errors, VB_SECTOR_ERR_HEADER);
	ck_assert_int_eq(c.lba, 100);

	/* Checked as another mode: the mode byte gives it away. */
	ck_assert_int_eq(vb_sector_verify_as(raw, VB_SECTOR_MODE2_FORM2,
					     VB_SECTOR_LBA_ANY, &c),
			 -EBADMSG);
	ck_assert(c.errors & VB_SECTOR_ERR_MODE);

	/* Unknown mode byte. */
	raw[15] = 3;
	ck_assert_int_eq(vb_sector_detect_mode(raw), -EINVAL);
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	ck_assert_uint_eq(c.errors, VB_SECTOR_ERR_MODE);

	/* Non-BCD header. */
	raw[15] = 1;
	raw[13] = 0x6A;
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	ck_assert(c.errors & VB_SECTOR_ERR_HEADER);
	ck_assert_int_eq(c.lba, VB_SECTOR_LBA_ANY);

	/* Mode 0 must be zero after the header. */
	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE0, 7, NULL), 0);
	ck_assert_int_eq(vb_sector_verify(raw, &c), 0);
	raw[2000] = 1;
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	ck_assert_uint_eq(c.errors, VB_SECTOR_ERR_ZERO);
}
END_TEST

START_TEST(test_xa_subheader_checks)
{
	uint8_t user[2056], raw[VB_SECTOR_RAW];
	struct vb_sector_check c;

	fill_random(user, sizeof(user), 11);
	memcpy(user, "\1\2\x08\0\1\2\x08\0", 8);
	ck_assert_int_eq(vb_sector_encode_mode2(raw, 500, user),
			 VB_SECTOR_MODE2_FORM1);
	/* Copies that disagree on the form: the EDC decides. */
	raw[22] |= VB_SUBMODE_FORM2;
	ck_assert_int_eq(vb_sector_detect_mode(raw), VB_SECTOR_MODE2_FORM1);
	ck_assert_int_eq(vb_sector_verify(raw, &c), -EBADMSG);
	ck_assert(c.errors & VB_SECTOR_ERR_SUBHDR);
	/* Checked as formless Mode 2 there is nothing to disagree with. */
	ck_assert_int_eq(vb_sector_verify_as(raw, VB_SECTOR_MODE2, 500, &c), 0);
}
END_TEST

START_TEST(test_bad_arguments)
{
	uint8_t user[2352] = { 0 }, raw[VB_SECTOR_RAW];

	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE1, 0, NULL),
			 -EINVAL);
	ck_assert_int_eq(
		vb_sector_encode(raw, (enum vb_sector_mode)42, 0, user),
		-EINVAL);
	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE1, 449850, user),
			 -EINVAL);
	ck_assert_int_eq(vb_sector_encode(raw, VB_SECTOR_MODE1, -45151, user),
			 -EINVAL);
	ck_assert_int_eq(vb_sector_user_size((enum vb_sector_mode)42), -EINVAL);
	ck_assert_int_eq(
		vb_sector_user_data((enum vb_sector_mode)42, NULL, NULL),
		-EINVAL);
	ck_assert_int_eq(vb_sector_verify_as(raw, 9, 0, NULL), -EINVAL);
}
END_TEST

/* ECMA-130 Annex B sequence start (docs/formats.md 6.4); self-inverse. */
START_TEST(test_scrambler)
{
	static const uint8_t start[16] = { 0x01, 0x80, 0x00, 0x60, 0x00, 0x28,
					   0x00, 0x1E, 0x80, 0x08, 0x60, 0x06,
					   0xA8, 0x02, 0xFE, 0x81 };
	uint8_t raw[VB_SECTOR_RAW] = { 0 }, copy[VB_SECTOR_RAW];

	vb_sector_scramble(raw);
	ck_assert_mem_eq(raw + 12, start, sizeof(start));
	ck_assert_uint_eq(raw[0] | raw[11], 0);
	fill_random(raw, sizeof(raw), 3);
	memcpy(copy, raw, sizeof(raw));
	vb_sector_scramble(raw);
	ck_assert_mem_eq(raw, copy, 12);
	ck_assert_mem_ne(raw + 12, copy + 12, 64);
	vb_sector_scramble(raw);
	ck_assert_mem_eq(raw, copy, sizeof(raw));
}
END_TEST

/* ---- subchannel ---- */

/* CRC catalogue check values for "123456789": XMODEM 0x31C3, GSM 0xCE3C. */
START_TEST(test_crc16_catalogue)
{
	const uint8_t *s = (const uint8_t *)"123456789";

	ck_assert_uint_eq(vb_crc16_ccitt(s, 9), 0x31C3);
	ck_assert_uint_eq((uint16_t)~vb_crc16_ccitt(s, 9), 0xCE3C);
}
END_TEST

/* Every pack of libcdio's raw CD-TEXT dumps carries a valid CRC. */
START_TEST(test_cdtext_files)
{
	static const char *const files[] = {
		"libcdio/test/data/cdtext.cdt",
		"libcdio/test/data/cdtext-krosis.cdt",
		"libcdio/test/data/cdtext-libburnia.cdt",
	};
	uint8_t pack[VB_CDTEXT_PACK];
	size_t len = 0, i;
	uint8_t *buf = td_load(files[_i], &len);

	if (!buf)
		return;
	/* Plain 18-byte packs; cdtext.cdt has one trailing NUL. */
	ck_assert_uint_ge(len / VB_CDTEXT_PACK, 40);
	ck_assert_uint_le(len % VB_CDTEXT_PACK, 1);
	for (i = 0; i + VB_CDTEXT_PACK <= len; i += VB_CDTEXT_PACK) {
		ck_assert_msg(vb_cdtext_crc_ok(buf + i), "%s pack %zu",
			      files[_i], i / VB_CDTEXT_PACK);
		/* Pack type byte 0x80..0x8F (title ... size info). */
		ck_assert_uint_eq(buf[i] & 0xF0, 0x80);
		memcpy(pack, buf + i, sizeof(pack));
		pack[i % 16] ^= 0x10;
		ck_assert(!vb_cdtext_crc_ok(pack));
		vb_cdtext_set_crc(pack);
		ck_assert(vb_cdtext_crc_ok(pack));
	}
	free(buf);
}
END_TEST

START_TEST(test_subq_position)
{
	static const uint8_t t1[10] = { 0x41, 0x01, 0x01, 0x00, 0x00,
					0x00, 0x00, 0x00, 0x02, 0x00 };
	static const uint8_t gap[10] = { 0x01, 0x12, 0x00, 0x00, 0x02,
					 0x00, 0x00, 0x23, 0x45, 0x67 };
	struct vb_subq pos = { .ctl = 4, .tno = 1, .index = 1 }, back;
	uint8_t q[VB_SUBQ_SIZE];
	unsigned bit;

	ck_assert_int_eq(vb_subq_encode(q, &pos), 0);
	ck_assert_mem_eq(q, t1, sizeof(t1));
	ck_assert(vb_subq_crc_ok(q));
	ck_assert_int_eq(vb_subq_decode(q, &back), 0);
	ck_assert_int_eq(back.abs, 0);
	ck_assert_int_eq(back.rel, 0);
	ck_assert_uint_eq(back.ctl, 4);

	/* Every single-bit error is caught by the CRC. */
	for (bit = 0; bit < 96; bit++) {
		q[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
		ck_assert(!vb_subq_crc_ok(q));
		q[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
	}

	/* Pregap of track 12, 2 s before INDEX 01 at 23:45:67 + 150. */
	pos = (struct vb_subq){ .ctl = 0,
				.tno = 12,
				.index = 0,
				.rel = -150,
				.abs = msf_to_lba(23, 45, 67) };
	ck_assert_int_eq(vb_subq_encode(q, &pos), 0);
	ck_assert_mem_eq(q, gap, sizeof(gap));
	ck_assert_int_eq(vb_subq_decode(q, &back), 0);
	ck_assert_int_eq(back.rel, -150);
	ck_assert_int_eq(back.abs, pos.abs);
	ck_assert_uint_eq(back.tno, 12);

	/* Lead-out: TNO AA stays AA. */
	pos = (struct vb_subq){ .ctl = 4,
				.tno = VB_SUBQ_LEADOUT,
				.index = 1,
				.rel = 10,
				.abs = 302 };
	ck_assert_int_eq(vb_subq_encode(q, &pos), 0);
	ck_assert_uint_eq(q[1], 0xAA);
	ck_assert_int_eq(vb_subq_decode(q, &back), 0);
	ck_assert_uint_eq(back.tno, VB_SUBQ_LEADOUT);

	pos.tno = 100;
	ck_assert_int_eq(vb_subq_encode(q, &pos), -EINVAL);
	pos.tno = 0;
	ck_assert_int_eq(vb_subq_encode(q, &pos), -EINVAL);
	q[0] = 0x42;
	ck_assert_int_eq(vb_subq_decode(q, &back), -ENOMSG);
}
END_TEST

START_TEST(test_subq_mcn_isrc)
{
	/* MCN of libcdio's isofs-m1.cue; AFRAME of LBA 10 is 10. */
	static const uint8_t mcn_q[VB_SUBQ_SIZE] = { 0x02, 0x00, 0x00, 0x01,
						     0x21, 0x01, 0x95, 0x40,
						     0x00, 0x10 };
	/*
	 * ISRC US-RC1-76-07839: U=0x25 S=0x23 R=0x22 C=0x13 1=0x01 packed
	 * 6 bits each from bit 31: 100101 100011 100010 010011 000001 00.
	 */
	static const uint8_t isrc_q[10] = { 0x03, 0x96, 0x38, 0x93, 0x04,
					    0x76, 0x07, 0x83, 0x90, 0x00 };
	uint8_t q[VB_SUBQ_SIZE];
	char mcn[14], isrc[13];

	ck_assert_int_eq(vb_subq_mcn(q, 0, "0000012101954", 10), 0);
	ck_assert_mem_eq(q, mcn_q, 10);
	ck_assert(vb_subq_crc_ok(q));
	ck_assert_int_eq(vb_subq_mcn_decode(q, mcn), 0);
	ck_assert_str_eq(mcn, "0000012101954");
	ck_assert_int_eq(vb_subq_mcn(q, 0, "00000121019X4", 10), -EINVAL);

	ck_assert_int_eq(vb_subq_isrc(q, 0, "US-RC1-76-07839", 75), 0);
	ck_assert_mem_eq(q, isrc_q, sizeof(isrc_q));
	ck_assert(vb_subq_crc_ok(q));
	ck_assert_int_eq(vb_subq_isrc_decode(q, isrc), 0);
	ck_assert_str_eq(isrc, "USRC17607839");
	ck_assert_int_eq(vb_subq_isrc(q, 0, "usrc17607839", 0), -EINVAL);
	ck_assert_int_eq(vb_subq_isrc(q, 0, "USRC1760783", 0), -EINVAL);
	ck_assert_int_eq(vb_subq_isrc(q, 0, "USRC1760783A", 0), -EINVAL);
	ck_assert_int_eq(vb_subq_isrc_decode(mcn_q, isrc), -ENOMSG);
}
END_TEST

START_TEST(test_subq_toc)
{
	struct vb_toc_point pts[4], back;
	uint8_t q[VB_SUBQ_SIZE];
	static const uint8_t a0[10] = { 0x41, 0x00, 0xA0, 0x97, 0x26,
					0x65, 0x00, 0x01, 0x20, 0x00 };
	static const uint8_t a2[10] = { 0x41, 0x00, 0xA2, 0x97, 0x26,
					0x71, 0x00, 0x00, 0x06, 0x02 };
	static const uint8_t t10[10] = { 0x01, 0x00, 0x10, 0x97, 0x26,
					 0x74, 0x00, 0x00, 0x04, 0x00 };

	vb_toc_point_a0(&pts[0], 4, 1, 0x20);
	vb_toc_point_a1(&pts[1], 0, 10);
	vb_toc_point_a2(&pts[2], 4, 302);
	vb_toc_point_track(&pts[3], 0, 10, 150);

	/* Lead-in from 97:26:65 (LBA -11635): each entry 3 times. */
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11635), 0);
	ck_assert_mem_eq(q, a0, sizeof(a0));
	ck_assert(vb_subq_crc_ok(q));
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11633), 0);
	ck_assert_uint_eq(q[2], 0xA0);
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11632), 0);
	ck_assert_uint_eq(q[2], 0xA1);
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11629), 0);
	ck_assert_mem_eq(q, a2, sizeof(a2));
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11626), 0);
	ck_assert_mem_eq(q, t10, sizeof(t10));
	ck_assert_int_eq(vb_subq_leadin(q, pts, 4, -11635, -11623), 0);
	ck_assert_uint_eq(q[2], 0xA0); /* wraps */

	/* Binary form back, disc type kept as a code. */
	ck_assert_int_eq(vb_subq_toc_encode(q, &pts[0]), 0);
	ck_assert_int_eq(vb_subq_toc_decode(q, &back), 0);
	ck_assert_uint_eq(back.point, 0xA0);
	ck_assert_uint_eq(back.pmin, 1);
	ck_assert_uint_eq(back.psec, 0x20);
	ck_assert_int_eq(vb_subq_toc_encode(q, &pts[3]), 0);
	ck_assert_int_eq(vb_subq_toc_decode(q, &back), 0);
	ck_assert_uint_eq(back.point, 10);
	ck_assert_uint_eq(back.psec, 4);

	/* C0 Min/Sec/Frame are ATIP codes, copied as they are. */
	memset(&back, 0, sizeof(back));
	back.adr = 5;
	back.point = 0xC0;
	back.min = 0x80;
	back.pmin = 97;
	back.psec = 27;
	ck_assert_int_eq(vb_subq_toc_encode(q, &back), 0);
	ck_assert_uint_eq(q[3], 0x80);
	ck_assert_uint_eq(q[7], 0x97);

	back.adr = 1;
	back.point = 0x9A;
	ck_assert_int_eq(vb_subq_toc_encode(q, &back), -EINVAL);
	ck_assert_int_eq(vb_subq_leadin(q, pts, 0, 0, 0), -EINVAL);
}
END_TEST

START_TEST(test_subch_interleave)
{
	uint8_t lin[VB_SUBCH_RAW], raw[VB_SUBCH_RAW], back[VB_SUBCH_RAW];
	uint8_t q[VB_SUBCH_CHAN];
	unsigned k;

	fill_random(lin, sizeof(lin), 77);
	vb_subch_interleave(raw, lin);
	vb_subch_deinterleave(back, raw);
	ck_assert_mem_eq(back, lin, sizeof(lin));
	vb_subch_extract(q, raw, 1);
	ck_assert_mem_eq(q, lin + 12, 12);

	/* P all ones, Q first byte 0x80: bit 7 everywhere, bit 6 in byte 0. */
	memset(lin, 0, sizeof(lin));
	vb_subch_p_pause(lin, true);
	lin[12] = 0x80;
	lin[95] = 0x01; /* last bit of W */
	vb_subch_interleave(raw, lin);
	ck_assert_uint_eq(raw[0], 0xC0);
	for (k = 1; k < 95; k++)
		ck_assert_uint_eq(raw[k], 0x80);
	ck_assert_uint_eq(raw[95], 0x81);
}
END_TEST

START_TEST(test_subch_p)
{
	uint8_t p[VB_SUBCH_CHAN];

	vb_subch_p_pause(p, false);
	ck_assert_uint_eq(p[0] | p[11], 0);
	vb_subch_p_leadout(p, 149);
	ck_assert_uint_eq(p[0], 0);
	vb_subch_p_leadout(p, 150);
	ck_assert_uint_eq(p[0] & p[11], 0xFF);
	vb_subch_p_leadout(p, 224);
	ck_assert_uint_eq(p[5], 0xFF);
	vb_subch_p_leadout(p, 225);
	ck_assert_uint_eq(p[5], 0);
	vb_subch_p_leadout(p, 300);
	ck_assert_uint_eq(p[5], 0xFF);
}
END_TEST

/*
 * Garbage in: decoders and verify must neither crash (ASan/UBSan runs) nor
 * accept what they cannot re-encode. A Q that decodes re-encodes to the
 * same bytes (when its ZERO byte is zero, the one field decode drops).
 */
START_TEST(test_random_input)
{
	uint8_t q[VB_SUBQ_SIZE], again[VB_SUBQ_SIZE], raw[VB_SECTOR_RAW];
	struct vb_toc_point tp;
	struct vb_sector_check c;
	struct vb_subq pos;
	char text[14];
	uint32_t i, decoded = 0;

	for (i = 0; i < 50000; i++) {
		unsigned k;

		/* Mostly BCD bytes so that some of them decode. */
		fill_random(q, sizeof(q), i);
		for (k = 1; k < 10; k++)
			if (q[k] & 0x07)
				q[k] = bcd(q[k] % 100u);
		q[0] = (uint8_t)((q[0] & 0xF0) | (i % 4)); /* ADR 0..3 */
		if (i & 1)
			q[6] = 0;
		if (vb_subq_decode(q, &pos) == 0 && q[6] == 0) {
			ck_assert_int_eq(vb_subq_encode(again, &pos), 0);
			ck_assert_mem_eq(again, q, 10);
			decoded++;
		}
		(void)vb_subq_mcn_decode(q, text);
		(void)vb_subq_isrc_decode(q, text);
		(void)vb_subq_crc_ok(q);
		q[1] = 0; /* the same bytes as a lead-in entry */
		if (vb_subq_toc_decode(q, &tp) == 0) {
			ck_assert_int_eq(vb_subq_toc_encode(again, &tp), 0);
			ck_assert_mem_eq(again, q, 10);
			decoded++;
		}
	}
	ck_assert_uint_gt(decoded, 1000);
	for (i = 0; i < 300; i++) {
		fill_random(raw, sizeof(raw), i);
		memcpy(raw, "\0\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\0", 12);
		raw[15] = (uint8_t)(i % 4);
		(void)vb_sector_detect_mode(raw);
		ck_assert_int_ne(vb_sector_verify(raw, &c), 0);
	}
}
END_TEST

Suite *sector_suite(void); /* run by tests/check_main.c */

Suite *sector_suite(void)
{
	Suite *s = suite_create("sector");
	TCase *tc = tcase_create("sector");
	TCase *sub = tcase_create("subchannel");

	/* The whole-image passes take a while under ASan. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mode1_zero_known_answer);
	tcase_add_test(tc, test_isofs_m1_reencode);
	tcase_add_test(tc, test_isofs_m1_flip_detected);
	tcase_add_test(tc, test_videocd_mode2_reencode);
	tcase_add_loop_test(tc, test_roundtrip_modes, 0,
			    (int)VB_ARRAY_SIZE(all_modes));
	tcase_add_test(tc, test_form1_relocatable);
	tcase_add_test(tc, test_form2_optional_edc);
	tcase_add_test(tc, test_detect_and_errors);
	tcase_add_test(tc, test_xa_subheader_checks);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_scrambler);
	suite_add_tcase(s, tc);

	tcase_add_test(sub, test_crc16_catalogue);
	tcase_add_loop_test(sub, test_cdtext_files, 0, 3);
	tcase_add_test(sub, test_subq_position);
	tcase_add_test(sub, test_subq_mcn_isrc);
	tcase_add_test(sub, test_subq_toc);
	tcase_add_test(sub, test_subch_interleave);
	tcase_add_test(sub, test_subch_p);
	tcase_add_test(sub, test_random_input);
	suite_add_tcase(s, sub);
	return s;
}
