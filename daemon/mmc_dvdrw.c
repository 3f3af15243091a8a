/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Formatting a DVD-RW (MMC-6 6.5.4.2; docs/clients.md 3.4, 3.7): the formats
 * READ FORMAT CAPACITIES lists and what FORMAT UNIT does with them.
 * mmc_format.c calls these for a DVD-RW in either mode (media_dvdrw.c).
 *
 *   - 00h Full Format: the whole disc, restricted overwrite; what
 *     dvd+rw-format sends. TYPE DEPENDENT PARAMETER: the ECC block, 16.
 *   - 15h Quick (sequential disc): restricted overwrite without writing
 *     the whole disc, libburn's burn_disc_setup_dvd_minus_rw default.
 *   - 13h Quick Grow the last session (restricted overwrite disc): a
 *     larger formatted area keeping the data, growisofs'
 *     minus_rw_quickgrow before it writes past the formatted end.
 *
 * A real drive's quick format leaves a small formatted area; here every
 * format gives the whole capacity at once (formatting takes no time,
 * mmc_format.c), so a quick grow never has to grow anything.
 */
#include "drv.h"

#define FT_FULL 0x00
#define FT_RW_GROW 0x13	 /* Quick Grow the last Session */
#define FT_RW_QUICK 0x15 /* Quick */
#define ECC_BLOCK 16	 /* blocks */

unsigned dvdrw_fmt_list(const struct vb_medium *m, struct fmt_desc *l)
{
	const uint32_t cap = vb_medium_capacity(m) / ECC_BLOCK * ECC_BLOCK;
	const bool ro = vb_medium_overwritable(m);
	unsigned n = 0;

	l[n++] = (struct fmt_desc){ cap, FT_FULL, ECC_BLOCK };
	if (ro && vb_medium_formatted(m))
		l[n++] = (struct fmt_desc){ cap, FT_RW_GROW, ECC_BLOCK };
	l[n++] = (struct fmt_desc){ cap, FT_RW_QUICK, 0 };
	return n;
}

/*
 * FORMAT UNIT on a DVD-RW, type and NUMBER OF BLOCKS from the format
 * descriptor (type 00h and 0 blocks without FMTDATA). Clients send the
 * listed size, FFFFFFFFh or 0 for "the disc's size": any of them gets
 * the listed capacity. Quick grow keeps what the disc holds; a full or
 * quick format of a disc that holds data gives it a fresh store first,
 * keeping the old recording whole (docs/architecture.md, as mmc_format.c).
 */
enum vb_sense dvdrw_format(struct vb_drive *d, uint8_t type, uint32_t blocks)
{
	struct fmt_desc l[5];
	const unsigned n = dvdrw_fmt_list(d->medium, l);
	enum vb_sense s = S_INVALID_FIELD_IN_PARAM_LIST;

	for (unsigned i = 0; i < n; i++)
		if (l[i].type == type)
			s = VB_OK;
	if (s != VB_OK)
		return s;
	(void)blocks; /* every format covers the whole disc, see above */
	if (type == FT_RW_GROW)
		return vb_medium_dvdrw_grow(d->medium, l[0].blocks);
	if ((vb_medium_recorded_end(d->medium) > 0 ||
	     vb_medium_ntracks(d->medium) > 0) &&
	    drive_blank_locked(d))
		return S_WRITE_ERROR;
	s = vb_medium_dvdrw_overwrite(d->medium, l[0].blocks);
	/* profile and capacity changed: hosts read them again on a
	 * media change (mmc_format.c) */
	if (s == VB_OK)
		port_post_event(d, VB_EV_NEW_MEDIA);
	return s;
}
