/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * READ DISC STRUCTURE (MMC-6 6.22) for DVD media: format 00h (physical
 * format information, what dvd+rw-mediainfo and the kernel's DVD ioctls
 * read), 20h (DVD+R DL layer boundary, which growisofs reads before
 * splitting a DL recording: quirk:growisofs-layer-break,
 * docs/clients/growisofs.md) and FFh (the list of structures); for BD,
 * format 00h (disc information). Other formats and other media answer
 * 05/24/00, which clients treat as "not available" (growisofs, libburn).
 * SEND DISC STRUCTURE (MMC-6 6.37) sets the layer boundary (20h).
 */
#include "drv.h"

/* Book type (byte 0 bits 7-4), ECMA-267/337/349 and DVD+R DL. */
static uint8_t book_type(enum vb_media k)
{
	switch (k) {
	case VB_MEDIA_DVD_ROM:
		return 0x0;
	case VB_MEDIA_DVD_R:
		return 0x2;
	case VB_MEDIA_DVD_RW:
		return 0x3;
	case VB_MEDIA_DVD_PLUS_RW:
		return 0x9;
	case VB_MEDIA_DVD_PLUS_R:
		return 0xa;
	default:
		return 0xe; /* DVD+R DL */
	}
}

/* Data area of a DVD starts at physical sector 30000h (ECMA-267). */
#define DVD_DATA_START 0x30000u

/* Blocks of layer 0's data zone: the host's layer break on a DVD+R DL,
 * else half the disc. */
static uint32_t l0_blocks(const struct vb_medium *m)
{
	bool set;

	if (vb_medium_info(m)->media == VB_MEDIA_DVD_PLUS_R_DL)
		return vb_medium_l0_capacity(m, &set);
	return vb_medium_capacity(m) / 2;
}

/* Two layers: a DVD+R DL, or a pressed disc larger than one layer holds. */
static bool dual_layer(const struct vb_medium *m)
{
	return vb_medium_info(m)->media == VB_MEDIA_DVD_PLUS_R_DL ||
	       (vb_medium_info(m)->rom &&
		vb_medium_capacity(m) >
			vb_media_info(VB_MEDIA_DVD_PLUS_R)->capacity);
}

/*
 * BD disc information (MMC-6 6.22.3.2.1, format 00h with MEDIA TYPE 1):
 * one DI unit, "DI", unit format 1, and the disc type identifier "BDO"
 * (read-only), "BDR" or "BDW" (rewritable), as BD clients look for.
 */
static void bd_disc_info(const struct vb_medium *m, struct vb_resp *out)
{
	const char *id = vb_medium_info(m)->rom			    ? "BDO" :
			 vb_medium_info(m)->media == VB_MEDIA_BD_RE ? "BDW" :
								      "BDR";

	resp_put16(out, 0, 2 + 4096); /* DATA LENGTH */
	resp_put_bytes(out, 4, "DI", 2);
	resp_put8(out, 6, 0x01); /* DI FORMAT 1 */
	resp_put8(out, 7, 0x08); /* one unit in this DI block */
	resp_put_bytes(out, 12, id, 3);
	resp_put8(out, 15, 0x01); /* 120 mm, class 0, version 1 */
	resp_put8(out, 16, 0x11); /* one layer, 25 GB per layer */
	resp_mark(out, 4 + 4096);
}

static void dvd_physical(const struct vb_medium *m, struct vb_resp *out)
{
	const bool dl = dual_layer(m);
	const uint32_t end = DVD_DATA_START + vb_medium_capacity(m) - 1;
	/* Layer type (byte 2 bits 3-0): embossed, recordable, rewritable. */
	const uint8_t layer =
		vb_medium_info(m)->rom ? 0x01 :
		vb_medium_info(m)->overwritable || vb_medium_info(m)->erasable ?
					 0x04 :
					 0x02;

	resp_put16(out, 0, 2048 + 2); /* DATA LENGTH */
	resp_put8(out, 4,
		  (uint8_t)(book_type(vb_medium_info(m)->media) << 4 | 1));
	resp_put8(out, 5, 0x0f); /* 120 mm, rate not specified */
	resp_put8(out, 6, (uint8_t)((dl ? 0x20 : 0) | layer));
	resp_put8(out, 7, 0x10);	    /* densities */
	resp_put32(out, 8, DVD_DATA_START); /* STARTING PHYSICAL SECTOR */
	resp_put32(out, 12, end);	    /* END PHYSICAL SECTOR */
	resp_put32(out, 16, dl ? DVD_DATA_START + l0_blocks(m) - 1 : 0);
	resp_mark(out, 4 + 2048);
}

static void dvd_list(const struct vb_medium *m, struct vb_resp *out)
{
	const bool dl = vb_medium_info(m)->media == VB_MEDIA_DVD_PLUS_R_DL;
	size_t off = 4;

	resp_put8(out, off, 0x00);
	resp_put8(out, off + 1, 0x40); /* RDS: readable */
	resp_put16(out, off + 2, 2048 + 4);
	off += 4;
	if (dl) {
		resp_put8(out, off, 0x20);
		resp_put8(out, off + 1, 0x40);
		resp_put16(out, off + 2, 12);
		off += 4;
	}
	resp_put8(out, off, 0xff);
	resp_put8(out, off + 1, 0x40);
	resp_put16(out, off + 2, 4 + 4 * 3);
	off += 4;
	resp_put16(out, 0, (uint16_t)(off - 2));
}

enum vb_sense mmc_read_dvd_structure(struct vb_drive *d, const uint8_t *cdb,
				     struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint8_t media_type = cdb[1] & 0x0f; /* 0 DVD, 1 BD */
	const uint8_t format = cdb[7];		  /* FORMAT CODE */
	const struct vb_medium *m = d->medium;

	(void)cmd;
	if (media_type == 1 && vb_medium_info(m)->family == VB_FAM_BD &&
	    format == 0) {
		bd_disc_info(m, out);
		return VB_OK;
	}
	if (media_type != 0 || vb_medium_info(m)->family != VB_FAM_DVD)
		return S_INVALID_FIELD_IN_CDB;
	switch (format) {
	case 0x00:
		dvd_physical(m, out);
		return VB_OK;
	case 0x20:
		if (vb_medium_info(m)->media != VB_MEDIA_DVD_PLUS_R_DL)
			return S_INVALID_FIELD_IN_CDB; /* DVD+R DL only */
		{
			bool set;
			const uint32_t l0 = vb_medium_l0_capacity(m, &set);

			/* INIT STATUS once the host set the L0 data zone capacity */
			resp_put16(out, 0, 10);
			resp_put8(out, 4, set ? 0x80 : 0x00);
			resp_put32(out, 8, l0);
			return VB_OK;
		}
	case 0xff:
		dvd_list(m, out);
		return VB_OK;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
}

/*
 * SEND DISC STRUCTURE (BFh), MMC-6 6.37: only format 20h, DVD+R DL layer
 * boundary information. The list: DATA LENGTH (10), 6 reserved bytes,
 * then the L0 DATA ZONE CAPACITY in bytes 8-11.
 */
enum vb_sense mmc_send_disc_structure(struct vb_drive *d, const uint8_t *cdb,
				      struct vb_cmd *cmd, struct vb_resp *out)
{
	const uint16_t len = get_be16(cdb + 8);

	(void)out;
	if ((cdb[1] & 0x0f) != 0 || cdb[7] != 0x20 ||
	    vb_medium_info(d->medium)->media != VB_MEDIA_DVD_PLUS_R_DL)
		return S_INVALID_FIELD_IN_CDB;
	if (len < 12 || len > cmd->buf_len || cmd->dir != VB_DXFER_TO_DEV)
		return S_PARAM_LIST_LENGTH_ERROR;
	return vb_medium_set_l0_capacity(d->medium, get_be32(cmd->buf + 8));
}
