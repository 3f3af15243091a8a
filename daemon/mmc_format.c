/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Formatting overwritable media: FORMAT UNIT (MMC-6 6.5) and the list of
 * formats READ FORMAT CAPACITIES (MMC-6 6.24) offers on DVD+RW and BD-RE
 * (docs/clients.md 3.4, 3.5, 3.7). Clients pick from that list: growisofs
 * and dvd+rw-format copy bytes 4..11 of a listed descriptor into FORMAT
 * UNIT (quirk:growisofs-format-descriptor), libburn selects by type (BD-RE:
 * the first descriptor must be 00h) and sends the size of the one it
 * chose, or its own size within the smallest and largest 30h descriptor,
 * rounded up to a cluster (quirk:libburn-format-list).
 *
 * DVD-RW, sequential or restricted overwrite, has formats of its own
 * (mmc_dvdrw.c). A blank BD-R may be formatted with spare areas (00h,
 * 32h) and stays sequential with a smaller user area: growisofs does so
 * to every blank BD-R unless told spare:none (SRM+POW subtype; POW
 * itself is not modelled, media_rw.c; quirk:growisofs-bdr-preformat).
 *
 * Formatting is one commit when FORMAT UNIT runs; with Immed the drive
 * then reports 02/04/04 with progress for its simulated time (busy.c),
 * which libburn's, growisofs' and dvd+rw-format's loops poll
 * (quirk:growisofs-busy-progress). Quirks: docs/clients/growisofs.md,
 * docs/clients/xorriso-libburn.md.
 */
#include "drv.h"

#define FT_FULL 0x00	     /* Full Format (BD-RE: with spare areas) */
#define FT_PLUS_RW 0x26	     /* DVD+RW Basic Format */
#define FT_BD_SPARE 0x30     /* BD-RE Full Format with spare areas */
#define FT_BD_NO_SPARE 0x31  /* BD-RE Full Format without spare areas */
#define FT_BDR_SPARE 0x32    /* BD-R Full Format with spare areas (SRM) */
#define BDR_SUBTYPE_RRM 0x02 /* format subtype, bits 1-0 of byte 8 */

#define BD_CLUSTER 32 /* blocks */
#define BD_STD_CAPACITY 12219392u

/*
 * BD-RE spare areas in clusters, as a drive lists them for a 25 GB disc
 * (libburn's record of a real drive's list, mmc.c): the default, a small
 * and a large one. Other capacities scale them.
 */
static const uint32_t bd_spares[] = { 0x3000, 0x1000, 0x5000 };

static uint32_t bd_spare_blocks(uint32_t cap, uint32_t std_clusters)
{
	uint64_t c = (uint64_t)std_clusters * cap / BD_STD_CAPACITY;

	return (uint32_t)(c ? c : 1) * BD_CLUSTER;
}

/* The formats the medium offers, at most 5; the count. */
static unsigned fmt_list(const struct vb_medium *m, struct fmt_desc *l)
{
	const uint32_t cap = vb_medium_capacity(m);
	const uint32_t bd_cap = cap / BD_CLUSTER * BD_CLUSTER;
	unsigned n = 0;

	if (vb_medium_dvdrw(m)) /* mmc_dvdrw.c */
		return dvdrw_fmt_list(m, l);
	if (vb_medium_info(m)->media == VB_MEDIA_DVD_PLUS_RW) {
		l[n++] = (struct fmt_desc){ cap, FT_PLUS_RW, 0 };
		return n;
	}
	if (bd_cap <= bd_spare_blocks(bd_cap, bd_spares[2]))
		return 0; /* too small for spares: no format offered */
	if (vb_medium_info(m)->media == VB_MEDIA_BD_R &&
	    !vb_medium_bdr_formattable(m))
		return 0; /* formatted or recorded: for good */
	l[n++] = (struct fmt_desc){
		bd_cap - bd_spare_blocks(bd_cap, bd_spares[0]), FT_FULL,
		bd_spare_blocks(bd_cap, bd_spares[0]) / BD_CLUSTER
	};
	for (unsigned i = 0; i < VB_ARRAY_SIZE(bd_spares); i++) {
		const uint32_t spare = bd_spare_blocks(bd_cap, bd_spares[i]);

		l[n++] = (struct fmt_desc){ bd_cap - spare,
					    vb_medium_bdr_formattable(m) ?
						    FT_BDR_SPARE :
						    FT_BD_SPARE,
					    spare / BD_CLUSTER };
	}
	/* a BD-R without spares is simply not formatted */
	if (!vb_medium_bdr_formattable(m))
		l[n++] = (struct fmt_desc){ bd_cap, FT_BD_NO_SPARE, 2048 };
	return n;
}

/*
 * READ FORMAT CAPACITIES on DVD+RW and BD-RE: the current/maximum
 * descriptor (DESCRIPTOR TYPE 1 unformatted, with the largest size a
 * format gives; 2 formatted, with the formatted size), then every format
 * of fmt_list. Called by mmc_read_format_capacities (mmc_info.c).
 */
enum vb_sense fmt_read_format_capacities(struct vb_drive *d,
					 struct vb_resp *out)
{
	const struct vb_medium *m = d->medium;
	struct fmt_desc l[5];
	const unsigned n = fmt_list(m, l);
	const uint32_t fmt = vb_medium_formatted(m);

	resp_put8(out, 3, (uint8_t)(8 * (n + 1))); /* CAPACITY LIST LENGTH */
	resp_put32(out, 4, fmt ? fmt : n ? l[0].blocks : 0);
	resp_put8(out, 8, fmt ? 0x02 : 0x01); /* DESCRIPTOR TYPE */
	resp_put24(out, 9, 2048);	      /* BLOCK LENGTH */
	for (unsigned i = 0; i < n; i++) {
		resp_put32(out, 12 + 8 * i, l[i].blocks);
		resp_put8(out, 16 + 8 * i, (uint8_t)(l[i].type << 2));
		resp_put24(out, 17 + 8 * i, l[i].param);
	}
	return VB_OK;
}

/*
 * The formatted capacity FORMAT UNIT's descriptor asks for, or 0 when the
 * medium offers no such format or cannot hold that size. DVD+RW is
 * formatted whole (MMC-6 6.5.4.2.14: NUMBER OF BLOCKS FFFFFFFFh, or at
 * most the listed size, which libburn and dvd+rw-format send). On BD-RE
 * the size may be any up to the largest listed descriptor of that type,
 * rounded down to a cluster (libburn rounds its wish up to one:
 * quirk:libburn-format-list).
 */
static uint32_t fmt_size(const struct vb_medium *m, uint8_t type,
			 uint32_t blocks)
{
	struct fmt_desc l[5];
	const unsigned n = fmt_list(m, l);
	uint32_t max = 0;

	for (unsigned i = 0; i < n; i++)
		if (l[i].type == type && l[i].blocks > max)
			max = l[i].blocks;
	if (type == FT_PLUS_RW)
		return max && (blocks == 0xffffffff ||
			       (blocks && blocks <= max)) ?
			       max :
			       0;
	blocks = blocks / BD_CLUSTER * BD_CLUSTER;
	return blocks <= max ? blocks : 0;
}

/*
 * FORMAT UNIT, MMC-6 6.5. CDB byte 1: FMTDATA (bit 4), CMPLIST, FORMAT
 * CODE (001b with a parameter list). The list: a 4-byte header (byte 1:
 * FOV, DPRY, DCRT, STPF, IP, DSP, IMMED, VS; bytes 2-3 FORMAT DESCRIPTOR
 * LENGTH, 8) and one format descriptor (NUMBER OF BLOCKS, FORMAT TYPE in
 * bits 7-2 of byte 4, TYPE DEPENDENT PARAMETER). Without FMTDATA the
 * medium gets its default format (the first listed). Other media than
 * DVD+RW, BD-RE, DVD-RW and a blank BD-R: 05/30/06. A disc that holds data is formatted as a
 * fresh medium with a store of its own (drive_blank_locked): the old
 * recording's files are kept whole, never half-erased (docs/architecture.md).
 */
static enum vb_sense format_unit(struct vb_drive *d, const uint8_t *cdb,
				 const struct vb_cmd *cmd)
{
	const bool fmtdata = cdb[1] & 0x10;
	const uint8_t code = cdb[1] & 0x07; /* FORMAT CODE */
	const uint8_t *p = cmd->buf;
	struct fmt_desc l[5];
	enum vb_sense s;
	uint32_t size;

	if (!vb_medium_overwritable(d->medium) && !vb_medium_dvdrw(d->medium) &&
	    !vb_medium_bdr_formattable(d->medium))
		return S_CANNOT_FORMAT_MEDIUM;
	if (fmtdata ? code != 1 : (cdb[1] & 0x0f) != 0)
		return S_INVALID_FIELD_IN_CDB;
	if (!fmtdata) {
		size = fmt_list(d->medium, l) ? l[0].blocks : 0;
	} else {
		if (cmd->dir != VB_DXFER_TO_DEV || !p || cmd->buf_len < 12)
			return S_PARAM_LIST_LENGTH_ERROR;
		/* IP: an initialization pattern follows; none is offered */
		if (p[1] & 0x08 || get_be16(p + 2) != 8)
			return S_INVALID_FIELD_IN_PARAM_LIST;
		/* BD-R: SRM with or without POW; RRM (profile 0042h) and
		 * the reserved subtype are not offered */
		if (vb_medium_bdr_formattable(d->medium) &&
		    (p[8] & 0x03) >= BDR_SUBTYPE_RRM)
			return S_INVALID_FIELD_IN_PARAM_LIST;
		size = fmt_size(d->medium, p[8] >> 2, get_be32(p + 4));
	}
	if (vb_medium_dvdrw(d->medium)) /* restricted overwrite */
		return dvdrw_format(d, fmtdata ? p[8] >> 2 : 0,
				    fmtdata ? get_be32(p + 4) : 0);
	if (!size)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	if (vb_medium_written_end(d->medium) && drive_blank_locked(d))
		return S_WRITE_ERROR;
	s = vb_medium_format(d->medium, size);
	/*
	 * The disc's capacity changed (READ CAPACITY, MMC-6 6.23), which
	 * hosts cache: the kernel's sr reads it again on a media change,
	 * which it checks at every open with GET EVENT STATUS NOTIFICATION
	 * (a new-media event, MMC-6 Table 150). Without it the block device
	 * keeps the unformatted size and isofs cannot read LBA 16
	 * (quirk:kernel-sr-capacity, docs/clients/kernel.md).
	 */
	if (s == VB_OK)
		port_post_event(d, VB_EV_NEW_MEDIA);
	return s;
}

enum vb_sense mmc_format_unit(struct vb_drive *d, const uint8_t *cdb,
			      struct vb_cmd *cmd, struct vb_resp *out)
{
	enum vb_sense s = format_unit(d, cdb, cmd);

	(void)out;
	/* IMMED: bit 1 of the parameter list header's byte 1 */
	if (s == VB_OK)
		drive_busy_begin(d, S_FORMAT_IN_PROGRESS,
				 (cdb[1] & 0x10) && cmd->buf[1] & 0x02);
	return s;
}
