/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What DVD+RW and BD-RE answer where write-once media report tracks,
 * sessions and a next writable address (media_rw.c has the model): the
 * WRITE, READ DISC INFORMATION and READ TRACK INFORMATION of an
 * overwritable disc. Their handlers (mmc_rw.c, mmc_info.c) call these
 * for such a disc. A formatted disc is one complete session holding one
 * track that spans the formatted capacity, written anywhere; libburn
 * takes these profiles as random-writable whatever the fields say
 * (docs/clients.md 3.0: it asks track 1 and takes NWA 0;
 * quirk:libburn-overwrite-track1), growisofs reads the capacity (READ
 * CAPACITY, READ FORMAT CAPACITIES) and the ISO image at LBA 16, and
 * dvd+rw-mediainfo prints the fields.
 */
#include "drv.h"

/*
 * WRITE(10)/(12) on an overwritable disc: 2048-byte blocks at any LBA of
 * the formatted area (MMC-6 4.7.2 DVD+RW, 4.10 BD-RE random writes).
 */
enum vb_sense ow_write(struct vb_drive *d, int32_t lba, uint32_t n,
		       const struct vb_cmd *cmd)
{
	if (n && cmd->dir != VB_DXFER_TO_DEV)
		return S_INVALID_FIELD_IN_CDB;
	if ((uint64_t)n * 2048 > cmd->buf_len)
		return S_INVALID_FIELD_IN_CDB;
	return vb_medium_ow_write(d->medium, lba, cmd->buf, n);
}

/*
 * READ DISC INFORMATION (MMC-6 6.22) of an overwritable disc: erasable;
 * unformatted it is blank with an empty session; formatted, DISC STATUS
 * 3 "others" (random writable, MMC-6 Table 515), the one session
 * complete, and BG FORMAT STATUS 3, formatting complete (a format
 * finishes before FORMAT UNIT returns, mmc_format.c).
 */
enum vb_sense ow_read_disc_info(struct vb_drive *d, struct vb_resp *out)
{
	const struct vb_medium *m = d->medium;
	const uint32_t fmt = vb_medium_formatted(m);

	resp_put16(out, 0, 32); /* DISC INFORMATION LENGTH */
	resp_put8(out, 2, (uint8_t)(0x10 | (fmt ? 3 << 2 | 3 : 0)));
	resp_put8(out, 3, 1); /* FIRST TRACK */
	resp_put8(out, 4, 1); /* SESSIONS */
	resp_put8(out, 5, 1); /* FIRST TRACK IN LAST SESSION */
	resp_put8(out, 6, 1); /* LAST TRACK IN LAST SESSION */
	resp_put8(out, 7, (uint8_t)(0x20 | (fmt ? 3 : 0))); /* URU, BG */
	resp_put32(out, 20, fmt ? fmt : vb_medium_capacity(m));
	resp_put8(out, 33, 0); /* NUMBER OF OPC TABLES */
	return VB_OK;
}

/*
 * READ TRACK INFORMATION (MMC-6 6.27) of an overwritable disc: track 1
 * of session 1, whatever is asked that names it (LBA within the disc,
 * track 1, session 1; track FFh too, which names the only track there
 * is). Unformatted it is blank, writable from 0; formatted it is the
 * whole formatted area, written in fixed packets of the ECC block or
 * cluster, with no next writable address (any address is writable).
 */
enum vb_sense ow_read_track_info(struct vb_drive *d, uint8_t type,
				 uint32_t value, struct vb_resp *out)
{
	const struct vb_medium *m = d->medium;
	const uint32_t fmt = vb_medium_formatted(m);
	const uint32_t size = fmt ? fmt : vb_medium_capacity(m);
	const uint32_t end = vb_medium_written_end(m);
	bool ok;

	switch (type) {
	case 0:
		ok = value < size;
		break;
	case 1:
		ok = value == 1 || value == 0xff;
		break;
	case 2:
		ok = value == 1;
		break;
	default:
		return S_INVALID_FIELD_IN_CDB;
	}
	if (!ok)
		return S_INVALID_FIELD_IN_CDB;
	resp_put16(out, 0, 46);	 /* DATA LENGTH */
	resp_put8(out, 2, 1);	 /* TRACK NUMBER */
	resp_put8(out, 3, 1);	 /* SESSION NUMBER */
	resp_put8(out, 5, 0x04); /* TRACK MODE: data, uninterrupted */
	/* BLANK while unformatted, else PACKET/INC and FP; DATA MODE 1 */
	resp_put8(out, 6, (uint8_t)((fmt ? 0x30 : 0x40) | 0x01));
	resp_put8(out, 7,
		  (uint8_t)((end ? 0x02 : 0) |	/* LRA_V */
			    (fmt ? 0 : 0x01))); /* NWA_V */
	resp_put32(out, 8, 0);			/* TRACK START ADDRESS */
	resp_put32(out, 12, 0);			/* NEXT WRITABLE ADDRESS */
	resp_put32(out, 16, fmt ? 0 : size);	/* FREE BLOCKS */
	resp_put32(out, 20, vb_medium_info(m)->unit); /* FIXED PACKET SIZE */
	resp_put32(out, 24, size);		      /* TRACK SIZE */
	resp_put32(out, 28, end ? end - 1 : 0);	      /* LAST RECORDED */
	resp_mark(out, 48);
	return VB_OK;
}
