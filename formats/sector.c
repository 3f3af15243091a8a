/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Raw CD sector layouts (docs/formats.md 6.1, ECMA-130 sections 14-16):
 * building a 2352-byte sector from user data at an address (sync, BCD header,
 * mode, XA subheader, EDC/ECC as the mode needs), telling a sector's mode from
 * its content, and verifying sync, header, EDC, ECC and the zero areas. A pure
 * library over caller buffers; the error codes themselves are computed in
 * formats/sector_ecc.c.
 */
#include <errno.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/sector.h"

#include "sector_ecc.h"

static const uint8_t sector_sync[VB_SECTOR_SYNC] = { 0x00, 0xFF, 0xFF, 0xFF,
						     0xFF, 0xFF, 0xFF, 0xFF,
						     0xFF, 0xFF, 0xFF, 0x00 };

int vb_sector_user_size(enum vb_sector_mode mode)
{
	switch (mode) {
	case VB_SECTOR_AUDIO:
		return VB_SECTOR_RAW;
	case VB_SECTOR_MODE0:
		return 0;
	case VB_SECTOR_MODE1:
		return 2048;
	case VB_SECTOR_MODE2:
		return 2336;
	case VB_SECTOR_MODE2_FORM1:
		return VB_SECTOR_SUBHDR + 2048;
	case VB_SECTOR_MODE2_FORM2:
		return VB_SECTOR_SUBHDR + 2324;
	}
	return -EINVAL;
}

int vb_sector_user_data(enum vb_sector_mode mode, size_t *off, size_t *len)
{
	size_t o, l;

	switch (mode) {
	case VB_SECTOR_AUDIO:
		o = 0;
		l = VB_SECTOR_RAW;
		break;
	case VB_SECTOR_MODE0:
	case VB_SECTOR_MODE2:
		o = SEC_DATA;
		l = 2336;
		break;
	case VB_SECTOR_MODE1:
		o = SEC_DATA;
		l = 2048;
		break;
	case VB_SECTOR_MODE2_FORM1:
		o = SEC_XA_DATA;
		l = 2048;
		break;
	case VB_SECTOR_MODE2_FORM2:
		o = SEC_XA_DATA;
		l = 2324;
		break;
	default:
		return -EINVAL;
	}
	if (off)
		*off = o;
	if (len)
		*len = l;
	return 0;
}

enum vb_sector_mode vb_sector_mode2_form(const uint8_t subheader[8])
{
	return (subheader[2] & VB_SUBMODE_FORM2) ? VB_SECTOR_MODE2_FORM2 :
						   VB_SECTOR_MODE2_FORM1;
}

/*
 * Header MSF range: BCD minutes stop at 99, and lead-in addresses (M >= 90,
 * docs/formats.md 0) start at 90:00:00 = LBA -45150.
 */
static bool sector_lba_ok(int32_t lba)
{
	return lba >= VB_CD_LBA_MIN && lba <= VB_CD_LBA_MAX;
}

static void sector_put_header(uint8_t *raw, int32_t lba, uint8_t mode)
{
	struct vb_msf m = lba_to_msf(lba);

	memcpy(raw, sector_sync, VB_SECTOR_SYNC);
	raw[SEC_HEADER + 0] = bcd(m.m); /* MINUTE */
	raw[SEC_HEADER + 1] = bcd(m.s); /* SECOND */
	raw[SEC_HEADER + 2] = bcd(m.f); /* FRAME */
	raw[SEC_HEADER + 3] = mode;	/* MODE */
}

int vb_sector_encode(uint8_t out[VB_SECTOR_RAW], enum vb_sector_mode mode,
		     int32_t lba, const uint8_t *user)
{
	if (!out || (!user && mode != VB_SECTOR_MODE0) || !sector_lba_ok(lba))
		return -EINVAL;

	switch (mode) {
	case VB_SECTOR_AUDIO:
		memcpy(out, user, VB_SECTOR_RAW);
		break;
	case VB_SECTOR_MODE0:
		sector_put_header(out, lba, 0);
		memset(out + SEC_DATA, 0, VB_SECTOR_RAW - SEC_DATA);
		break;
	case VB_SECTOR_MODE1:
		/* EDC over sync+header+data, then 8 zero bytes, then ECC. */
		sector_put_header(out, lba, 1);
		memcpy(out + SEC_DATA, user, 2048);
		put_le32(out + SEC_M1_EDC, vb_sector_edc(out, SEC_M1_EDC));
		memset(out + SEC_M1_PAD, 0, 8);
		vb_sector_ecc(out);
		break;
	case VB_SECTOR_MODE2:
		sector_put_header(out, lba, 2);
		memcpy(out + SEC_DATA, user, 2336);
		break;
	case VB_SECTOR_MODE2_FORM1:
		/*
		 * EDC from the subheader on (the header is excluded so a
		 * sector can be relocated); ECC with the header taken as
		 * zero (ECMA-130 14.5), restored afterwards.
		 */
		memcpy(out + SEC_DATA, user, VB_SECTOR_SUBHDR + 2048);
		put_le32(out + SEC_F1_EDC,
			 vb_sector_edc(out + SEC_DATA, SEC_F1_EDC - SEC_DATA));
		memset(out + SEC_HEADER, 0, 4);
		vb_sector_ecc(out);
		sector_put_header(out, lba, 2);
		break;
	case VB_SECTOR_MODE2_FORM2:
		/* EDC is optional for form 2 (0 = none); we always write it. */
		sector_put_header(out, lba, 2);
		memcpy(out + SEC_DATA, user, VB_SECTOR_SUBHDR + 2324);
		put_le32(out + SEC_F2_EDC,
			 vb_sector_edc(out + SEC_DATA, SEC_F2_EDC - SEC_DATA));
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int vb_sector_encode_mode2(uint8_t out[VB_SECTOR_RAW], int32_t lba,
			   const uint8_t *user)
{
	enum vb_sector_mode form;
	int ret;

	if (!user)
		return -EINVAL;
	form = vb_sector_mode2_form(user);
	ret = vb_sector_encode(out, form, lba, user);
	return ret < 0 ? ret : (int)form;
}

/* Number of sync bytes that differ from the pattern. */
static unsigned sector_sync_errors(const uint8_t *raw)
{
	unsigned i, n = 0;

	for (i = 0; i < VB_SECTOR_SYNC; i++)
		n += raw[i] != sector_sync[i];
	return n;
}

static bool sector_edc_ok(const uint8_t *raw, size_t from, size_t at)
{
	return vb_sector_edc(raw + from, at - from) == get_le32(raw + at);
}

/* Form of an XA sector whose two subheader copies may disagree. */
static int sector_xa_form(const uint8_t *raw)
{
	const uint8_t *sh = raw + SEC_DATA;

	if (memcmp(sh, sh + 4, 4) == 0 ||
	    ((sh[2] ^ sh[6]) & VB_SUBMODE_FORM2) == 0)
		return vb_sector_mode2_form(sh);
	/* The copies disagree on the form: believe the EDC that fits. */
	if (sector_edc_ok(raw, SEC_DATA, SEC_F1_EDC))
		return VB_SECTOR_MODE2_FORM1;
	if (sector_edc_ok(raw, SEC_DATA, SEC_F2_EDC))
		return VB_SECTOR_MODE2_FORM2;
	return vb_sector_mode2_form(sh);
}

int vb_sector_detect_mode(const uint8_t raw[VB_SECTOR_RAW])
{
	/*
	 * At most one damaged sync byte still counts as a sync. Audio of
	 * near-silence (0x0000/0xFFFF samples) can match up to 10 of the 12
	 * bytes, never 11, unless it happens to contain the pattern itself.
	 */
	if (sector_sync_errors(raw) > 1)
		return VB_SECTOR_AUDIO;
	switch (raw[SEC_HEADER + 3]) {
	case 0:
		return VB_SECTOR_MODE0;
	case 1:
		return VB_SECTOR_MODE1;
	case 2:
		return sector_xa_form(raw);
	}
	return -EINVAL;
}

/* Decodes the header MSF; VB_SECTOR_LBA_ANY if a field is not valid BCD. */
static int32_t sector_header_lba(const uint8_t *h)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		if ((h[i] & 0x0F) > 9 || (h[i] >> 4) > 9)
			return VB_SECTOR_LBA_ANY;
	if (unbcd(h[1]) > 59 || unbcd(h[2]) > 74)
		return VB_SECTOR_LBA_ANY;
	return msf_to_lba((uint8_t)unbcd(h[0]), (uint8_t)unbcd(h[1]),
			  (uint8_t)unbcd(h[2]));
}

/*
 * Compares the header MSF with the one lba encodes to. Comparing MSF, not
 * the decoded LBA, keeps 90-99 minute addresses (which decode as lead-in,
 * docs/formats.md 0) matching the LBA they were written for.
 */
static bool sector_header_is(const uint8_t *raw, int32_t lba)
{
	struct vb_msf m;

	if (lba == VB_SECTOR_LBA_ANY)
		return true;
	if (!sector_lba_ok(lba))
		return false;
	m = lba_to_msf(lba);
	return raw[SEC_HEADER] == bcd(m.m) && raw[SEC_HEADER + 1] == bcd(m.s) &&
	       raw[SEC_HEADER + 2] == bcd(m.f);
}

static bool sector_is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/*
 * Recomputes P and Q over bytes 12..2075 (with the header zeroed for form
 * 1) and compares them with the stored parity. Q is checked against the
 * stored P rows, so the two results are independent.
 */
static void sector_check_ecc(const uint8_t *raw, bool zero_header,
			     struct vb_sector_check *c)
{
	uint8_t tmp[SEC_ECC_Q - SEC_HEADER];
	uint8_t p[ECC_P_SIZE], q[ECC_Q_SIZE];
	const uint8_t *d = raw + SEC_HEADER;

	if (zero_header) {
		memcpy(tmp, d, sizeof(tmp));
		memset(tmp, 0, 4);
		d = tmp;
	}
	sector_ecc_parity(d, p, q);
	c->checked |= VB_SECTOR_ERR_ECC_P | VB_SECTOR_ERR_ECC_Q;
	if (memcmp(p, raw + SEC_ECC_P, sizeof(p)))
		c->errors |= VB_SECTOR_ERR_ECC_P;
	if (memcmp(q, raw + SEC_ECC_Q, sizeof(q)))
		c->errors |= VB_SECTOR_ERR_ECC_Q;
}

static void sector_check_edc(const uint8_t *raw, size_t from, size_t at,
			     struct vb_sector_check *c)
{
	c->checked |= VB_SECTOR_ERR_EDC;
	if (!sector_edc_ok(raw, from, at))
		c->errors |= VB_SECTOR_ERR_EDC;
}

/* Both subheader copies equal and their form bit matching the layout. */
static void sector_check_subhdr(const uint8_t *raw, int mode,
				struct vb_sector_check *c)
{
	const uint8_t *sh = raw + SEC_DATA;

	c->checked |= VB_SECTOR_ERR_SUBHDR;
	if (memcmp(sh, sh + 4, 4) || (int)vb_sector_mode2_form(sh) != mode)
		c->errors |= VB_SECTOR_ERR_SUBHDR;
}

static void sector_check_payload(const uint8_t *raw, int mode,
				 struct vb_sector_check *c)
{
	switch (mode) {
	case VB_SECTOR_MODE0:
		c->checked |= VB_SECTOR_ERR_ZERO;
		if (!sector_is_zero(raw + SEC_DATA, VB_SECTOR_RAW - SEC_DATA))
			c->errors |= VB_SECTOR_ERR_ZERO;
		break;
	case VB_SECTOR_MODE1:
		sector_check_edc(raw, 0, SEC_M1_EDC, c);
		c->checked |= VB_SECTOR_ERR_ZERO;
		if (!sector_is_zero(raw + SEC_M1_PAD, 8))
			c->errors |= VB_SECTOR_ERR_ZERO;
		sector_check_ecc(raw, false, c);
		break;
	case VB_SECTOR_MODE2_FORM1:
		sector_check_subhdr(raw, mode, c);
		sector_check_edc(raw, SEC_DATA, SEC_F1_EDC, c);
		sector_check_ecc(raw, true, c);
		break;
	case VB_SECTOR_MODE2_FORM2:
		sector_check_subhdr(raw, mode, c);
		/* A zero EDC field means "no EDC" (ECMA-130 14.6). */
		if (get_le32(raw + SEC_F2_EDC))
			sector_check_edc(raw, SEC_DATA, SEC_F2_EDC, c);
		break;
	default: /* formless Mode 2: nothing beyond the header */
		break;
	}
}

int vb_sector_verify_as(const uint8_t raw[VB_SECTOR_RAW], int mode, int32_t lba,
			struct vb_sector_check *out)
{
	struct vb_sector_check c = { .mode = mode, .lba = VB_SECTOR_LBA_ANY };
	static const uint8_t mode_byte[] = {
		[VB_SECTOR_MODE0] = 0,	     [VB_SECTOR_MODE1] = 1,
		[VB_SECTOR_MODE2] = 2,	     [VB_SECTOR_MODE2_FORM1] = 2,
		[VB_SECTOR_MODE2_FORM2] = 2,
	};

	if (!raw || mode < VB_SECTOR_MODE_AUTO || mode > VB_SECTOR_MODE2_FORM2)
		return -EINVAL;
	if (mode == VB_SECTOR_MODE_AUTO) {
		c.mode = vb_sector_detect_mode(raw);
		if (c.mode < 0) {
			/* Data sync but an unknown mode byte. */
			c.mode = -1;
			c.checked = c.errors = VB_SECTOR_ERR_MODE;
		}
	}
	if (c.mode == VB_SECTOR_AUDIO || c.mode < 0)
		goto out;

	c.checked |=
		VB_SECTOR_ERR_SYNC | VB_SECTOR_ERR_HEADER | VB_SECTOR_ERR_MODE;
	if (sector_sync_errors(raw))
		c.errors |= VB_SECTOR_ERR_SYNC;
	c.lba = sector_header_lba(raw + SEC_HEADER);
	if (c.lba == VB_SECTOR_LBA_ANY || !sector_header_is(raw, lba))
		c.errors |= VB_SECTOR_ERR_HEADER;
	if (raw[SEC_HEADER + 3] != mode_byte[c.mode])
		c.errors |= VB_SECTOR_ERR_MODE;
	sector_check_payload(raw, c.mode, &c);
out:
	if (out)
		*out = c;
	return c.errors ? -EBADMSG : 0;
}

int vb_sector_verify(const uint8_t raw[VB_SECTOR_RAW],
		     struct vb_sector_check *out)
{
	return vb_sector_verify_as(raw, VB_SECTOR_MODE_AUTO, VB_SECTOR_LBA_ANY,
				   out);
}
