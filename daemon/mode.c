/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Mode pages (MMC-6 chapter 7): 01h Read/Write Error Recovery, 05h Write
 * Parameters, 2Ah Capabilities and Mechanical Status; MODE SENSE and MODE
 * SELECT, 6- and 10-byte forms. Page 05 is the only page that changes the
 * drive's behaviour: write type, multi-session, data block type.
 */
#include <string.h>

#include "drv.h"
#include "vburn/sector.h"

/* Page 05 field offsets (MMC-6 Table 658). */
#define P5_WRITE_TYPE 2 /* BUFE 0x40, LS_V 0x20, test 0x10, type 3..0 */
#define P5_MULTI 3	/* multi-session 7..6, FP, copy, track mode */
#define P5_BLOCK_TYPE 4
#define P5_SESSION_FMT 8
#define P5_PAUSE 14

void mode_reset_page05(struct vb_drive *d)
{
	const struct vb_media_info *mi =
		drive_medium(d) ? vb_medium_info(d->medium) : NULL;
	uint8_t *p = d->page05;

	memset(p, 0, PAGE05_LEN);
	d->test_nwa = -1;
	raw_reset(d);
	p[0] = 0x05;
	p[1] = PAGE05_LEN - 2;
	/* TAO on CD, incremental elsewhere: what libburn expects as the
	 * drive's default (burn_drive_send_default_page_05;
	 * quirk:libburn-default-page05, docs/clients/xorriso-libburn.md). */
	p[P5_WRITE_TYPE] = (mi && mi->family != VB_FAM_CD) ? 0x00 : 0x01;
	p[P5_MULTI] = 0x04;   /* track mode 4: data, uninterrupted */
	p[P5_BLOCK_TYPE] = 8; /* Mode 1, 2048 bytes */
	put_be16(p + P5_PAUSE, 150);
}

bool mode_next_session_allowed(const struct vb_drive *d)
{
	return (d->page05[P5_MULTI] >> 6) == 3;
}

uint8_t mode_track_mode(const struct vb_drive *d)
{
	return d->page05[P5_MULTI] & 0x0f;
}

void mode_mcn(const struct vb_drive *d, char out[14])
{
	const uint8_t *p = d->page05 + 16;

	out[0] = 0;
	if (!(p[0] & 0x80)) /* MCVAL */
		return;
	for (int i = 0; i < 13; i++)
		if (p[1 + i] < '0' || p[1 + i] > '9')
			return; /* N1..N13 are digits (Red Book) */
	memcpy(out, p + 1, 13);
	out[13] = 0;
}

void mode_isrc(const struct vb_drive *d, char out[13])
{
	const uint8_t *p = d->page05 + 32;

	out[0] = 0;
	if (!(p[0] & 0x80)) /* TCVAL */
		return;
	memcpy(out, p + 1, 12);
	out[12] = 0;
	if (!vb_isrc_ok(out))
		out[0] = 0; /* I1..I12 must be an ISRC Q can carry */
}

uint8_t mode_block_type(const struct vb_drive *d)
{
	return d->page05[P5_BLOCK_TYPE] & 0x0f;
}

uint8_t mode_write_type(const struct vb_drive *d)
{
	return d->page05[P5_WRITE_TYPE] & 0x0f;
}

bool mode_test_write(const struct vb_drive *d)
{
	return d->page05[P5_WRITE_TYPE] & 0x10;
}

/* Bytes per block the host sends for a data block type, MMC-6 Table 661. */
static uint32_t block_type_size(uint8_t t)
{
	static const uint16_t sizes[16] = { 2352, 2368, 2448, 2448, 0,	  0,
					    0,	  0,	2048, 2336, 2048, 2056,
					    2324, 2332, 0,    0 };

	return t < 16 ? sizes[t] : 0;
}

uint32_t mode_write_block_size(const struct vb_drive *d)
{
	if (!drive_medium(d) || vb_medium_info(d->medium)->family != VB_FAM_CD)
		return 2048;
	return block_type_size(d->page05[P5_BLOCK_TYPE] & 0x0f);
}

/*
 * What a TAO WRITE carries on CD, from page 05's data block type and
 * track mode (MMC-6 Tables 660-661): audio PCM (type 0 with an audio
 * track mode), a raw data sector (type 0 with a data track mode: Mode 2
 * XA in an XA session, page 05 byte 8 = 20h, else Mode 1), Mode 1 user
 * data (8), Mode 2 formless (9), XA Form 1 (10) or Form 2 (12) user data,
 * or XA blocks with their subheader: Form 1 (11, 2056 bytes, wodim -xa1)
 * or either form (13, 2332 bytes, wodim -xamix), which the drive makes
 * whole (EDC/ECC, mmc_rw.c) and keeps as 2336-byte XA sectors. Types 1
 * to 3 are type 0 with subchannel after each block: 16 bytes of P-Q (1),
 * which the drive drops as it makes its own Q, or 96 bytes of P-W,
 * packed (2) or raw (3), whose R-W are kept (rw) as in SAO (mmc_cue.c).
 */
bool mode_rec_form(const struct vb_drive *d, struct vb_rec_form *f)
{
	const uint8_t bt = d->page05[P5_BLOCK_TYPE] & 0x0f;
	const bool data = mode_track_mode(d) & VB_CTL_DATA;
	const bool xa = d->page05[P5_SESSION_FMT] == 0x20;

	memset(f, 0, sizeof(*f));
	f->ctl = mode_track_mode(d);
	switch (bt) {
	case 0:
	case 1:
	case 2:
	case 3:
		f->mode = !data ? VB_MODE_AUDIO :
			  xa	? VB_MODE_MODE2_MIXED :
				  VB_MODE_MODE1;
		f->log_size = 2352;
		f->rw = bt >= 2;
		return true;
	case 8:
		f->mode = VB_MODE_MODE1;
		return data;
	case 9:
		f->mode = VB_MODE_MODE2;
		f->log_size = 2336;
		return data;
	case 10:
		f->mode = VB_MODE_MODE2_FORM1;
		f->log_size = 2048;
		return data;
	case 12:
		f->mode = VB_MODE_MODE2_FORM2;
		f->log_size = 2324;
		return data;
	case 11:
	case 13:
		f->mode = VB_MODE_MODE2_MIXED;
		f->log_size = 2336;
		return data;
	default:
		return false;
	}
}

/* Page 01h Read/Write Error Recovery (MMC-6 7.3): defaults only. */
static size_t page01(struct vb_resp *out, size_t off, bool changeable)
{
	resp_put8(out, off, 0x01);
	resp_put8(out, off + 1, 0x0a);
	if (!changeable)
		resp_put8(out, off + 3, 1); /* READ RETRY COUNT */
	resp_put8(out, off + 11, 0);
	return 12;
}

static size_t page05(struct vb_drive *d, struct vb_resp *out, size_t off,
		     bool changeable)
{
	if (!changeable) {
		resp_put_bytes(out, off, d->page05, PAGE05_LEN);
		return PAGE05_LEN;
	}
	resp_put8(out, off, 0x05);
	resp_put8(out, off + 1, PAGE05_LEN - 2);
	resp_put8(out, off + P5_WRITE_TYPE, 0x5f);
	resp_put8(out, off + P5_MULTI, 0xff);
	resp_put8(out, off + P5_BLOCK_TYPE, 0x0f);
	resp_put8(out, off + P5_SESSION_FMT, 0xff);
	resp_put16(out, off + P5_PAUSE, 0xffff);
	for (size_t i = 16; i < 48; i++)
		resp_put8(out, off + i, 0xff); /* MCN, ISRC */
	return PAGE05_LEN;
}

/* Speeds in kB/s (1x CD = 176.4, DVD = 1385, BD = 4495). */
static uint16_t max_read_speed(const struct vb_drive *d)
{
	(void)d;
	return 7056; /* 40x CD */
}

/*
 * Page 2Ah Capabilities (MMC-6 Annex / MMC-3 6.3.11): what libburn
 * (spc_sense_caps_al), wodim (mmc_cap), cdparanoia and sr read to decide
 * the drive is an MMC writer. One write speed descriptor.
 */
static size_t page2a(struct vb_drive *d, struct vb_resp *out, size_t off,
		     bool changeable)
{
	const size_t len = 32 + 4;

	resp_put8(out, off, 0x2a);
	resp_put8(out, off + 1, len - 2);
	if (changeable)
		return len;
	resp_put8(out, off + 2, 0x1f); /* read CD-R/RW, method 2, DVD-ROM,
					 * DVD-R (no DVD-RAM media here) */
	resp_put8(out, off + 3, 0x17); /* write CD-R/RW, test, DVD-R */
	resp_put8(out, off + 4, 0xf1); /* BUF, multi-session, form 1/2,
					 * audio play */
	resp_put8(out, off + 5, 0x7f); /* UPC, ISRC, C2, R-W, CD-DA
					 * accurate, CD-DA */
	resp_put8(out, off + 6, 0x29 | (d->prevent ? 0x02 : 0));
	/* tray (1 << 5), eject, lock; lock state */
	resp_put16(out, off + 8, max_read_speed(d)); /* obsolete max read */
	resp_put16(out, off + 10, 256);	 /* NUMBER OF VOLUME LEVELS */
	resp_put16(out, off + 12, 4096); /* BUFFER SIZE (KB) */
	resp_put16(out, off + 14, max_read_speed(d));
	resp_put16(out, off + 18, 8467); /* obsolete max write: 48x */
	resp_put16(out, off + 20, 8467);
	resp_put8(out, off + 27, 0x00);	 /* rotation control: CLV */
	resp_put16(out, off + 28, 8467); /* CURRENT WRITE SPEED */
	resp_put16(out, off + 30, 1);	 /* WRITE SPEED DESCRIPTORS */
	resp_put16(out, off + 34, 8467);
	return len;
}

/* Appends page `code` (0x3f: all) at off; returns bytes or 0 if unknown. */
static size_t mode_pages(struct vb_drive *d, uint8_t code, struct vb_resp *out,
			 size_t off, bool changeable)
{
	switch (code) {
	case 0x01:
		return page01(out, off, changeable);
	case 0x05:
		return page05(d, out, off, changeable);
	case 0x2a:
		return page2a(d, out, off, changeable);
	case 0x3f: {
		size_t n = page01(out, off, changeable);

		n += page05(d, out, off + n, changeable);
		n += page2a(d, out, off + n, changeable);
		return n;
	}
	default:
		return 0;
	}
}

/*
 * MODE SENSE(6) (SPC-4) and (10) (MMC-6 6.12). No block descriptors.
 * PC 3 (saved values) is not supported: 05/39/00.
 */
enum vb_sense spc_mode_sense(struct vb_drive *d, const uint8_t *cdb,
			     struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool ten = cdb[0] == 0x5a;
	const uint8_t pc = cdb[2] >> 6;	    /* PAGE CONTROL */
	const uint8_t code = cdb[2] & 0x3f; /* PAGE CODE */
	const uint8_t subpage = cdb[3];
	const size_t hdr = ten ? 8 : 4;
	size_t n;

	(void)cmd;
	if (pc == 3)
		return S_SAVING_PARAMS_NOT_SUPPORTED;
	if (subpage != 0 && subpage != 0xff)
		return S_INVALID_FIELD_IN_CDB;
	n = mode_pages(d, code, out, hdr, pc == 1);
	if (n == 0)
		return S_INVALID_FIELD_IN_CDB;
	if (ten)
		resp_put16(out, 0, (uint16_t)(hdr + n - 2)); /* MODE DATA LEN */
	else
		resp_put8(out, 0, (uint8_t)(hdr + n - 1));
	return VB_OK;
}

/*
 * Page 05 from the host must reach the AUDIO PAUSE LENGTH (bytes 14-15):
 * the drive reads bytes 2-4, and clients send the whole page MODE SENSE
 * gave them (2 + 0x32 bytes). A shorter page is a bad PAGE LENGTH.
 */
#define P5_MIN_LEN 16

/*
 * Validates a page 05 from the host and stores it (MMC-6 7.5.4). len is
 * the page's own length (2 + PAGE LENGTH), all of it inside the list.
 */
static enum vb_sense select_page05(struct vb_drive *d, const uint8_t *p,
				   size_t len)
{
	uint8_t wtype, btype, multi;

	if (len < P5_MIN_LEN)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	wtype = p[P5_WRITE_TYPE] & 0x0f;
	btype = p[P5_BLOCK_TYPE] & 0x0f;
	multi = p[P5_MULTI] >> 6;
	/* write types 0 packet, 1 TAO, 2 SAO, 3 raw, 4 layer jump */
	if (wtype > 4 || block_type_size(btype) == 0 || multi == 2)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	/* Test Write on media without it (DVD+R/+RW, BD: no test write
	 * bit in their write features, MMC-6 5.3.10-5.3.12) */
	if ((p[P5_WRITE_TYPE] & 0x10) && drive_medium(d) &&
	    !vb_medium_info(d->medium)->test_write)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	memcpy(d->page05 + 2, p + 2, VB_MIN(len, (size_t)PAGE05_LEN) - 2);
	/* a raw recording starts again from its first block */
	raw_reset(d);
	return VB_OK;
}

/*
 * One mode page at off of a list of len bytes; *pl gets its length.
 * SPC-4 MODE SELECT: a page cut off by the end of the list is a PARAMETER LIST
 * LENGTH ERROR; the SPF (sub-page) format is an invalid field, as this
 * drive has no sub-pages, and so is a page it does not have.
 */
static enum vb_sense select_page(struct vb_drive *d, const uint8_t *p,
				 size_t off, size_t len, size_t *pl)
{
	uint8_t code;

	if (off + 2 > len)
		return S_PARAM_LIST_LENGTH_ERROR;
	if (p[off] & 0x40) /* SPF */
		return S_INVALID_FIELD_IN_PARAM_LIST;
	code = p[off] & 0x3f;	      /* PAGE CODE */
	*pl = (size_t)p[off + 1] + 2; /* PAGE LENGTH */
	if (off + *pl > len)
		return S_PARAM_LIST_LENGTH_ERROR;
	if (code == 0x05)
		return select_page05(d, p + off, *pl);
	if (code != 0x01 && code != 0x2a)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	return VB_OK;
}

/*
 * MODE SELECT(6) (SPC-4) and (10) (MMC-6 6.11). Validates every page before
 * changing anything (QEMU: "ensure no change is made if there is an
 * error"). Page 05 is stored; pages 01 and 2A are accepted and ignored.
 * The list is the PARAMETER LIST LENGTH bytes of the data-out buffer
 * (fewer if the host sent fewer): every byte read lies inside both, and
 * a header, block descriptors or page cut off by its end is a PARAMETER
 * LIST LENGTH ERROR (SPC-4 MODE SELECT). A list length of 0 is no error.
 */
enum vb_sense spc_mode_select(struct vb_drive *d, const uint8_t *cdb,
			      struct vb_cmd *cmd, struct vb_resp *out)
{
	const bool ten = cdb[0] == 0x55;
	const size_t plen = ten ? get_be16(cdb + 7) : cdb[4];
	const size_t hdr = ten ? 8 : 4;
	const size_t have = cmd->dir == VB_DXFER_TO_DEV ? cmd->buf_len : 0;
	const size_t len = VB_MIN(plen, have);
	const uint8_t *p = cmd->buf;
	uint8_t saved[PAGE05_LEN];
	enum vb_sense s = VB_OK;
	size_t off, pl = 0;

	(void)out;
	if (plen == 0)
		return VB_OK;
	if (len < hdr || !p)
		return S_PARAM_LIST_LENGTH_ERROR;
	/* BLOCK DESCRIPTOR LENGTH: descriptors are skipped, not used. */
	off = hdr + (ten ? get_be16(p + 6) : p[3]);
	if (off > len)
		return S_PARAM_LIST_LENGTH_ERROR;
	memcpy(saved, d->page05, PAGE05_LEN);
	for (; off < len && s == VB_OK; off += pl)
		s = select_page(d, p, off, len, &pl);
	if (s != VB_OK)
		memcpy(d->page05, saved, PAGE05_LEN);
	return s;
}
