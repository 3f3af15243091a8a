/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Overwritable media, DVD+RW and BD-RE (MMC-6 4.7 and 4.10; docs/clients.md
 * 3.4, 3.5): no tracks and sessions to grow. Once formatted, the disc is
 * one session holding one track that spans the formatted capacity, as
 * real drives present these discs, and every block of it may be written
 * again, in any order, at any time.
 *
 *   - Formatting (FORMAT UNIT) fixes the formatted capacity. The drive
 *     formats a fresh medium with a store of its own (mmc_format.c goes
 *     through drive_blank_locked), so a formatted disc reads as zeros and
 *     an earlier recording's files are never half-erased: they stay as
 *     the user's copy, as after BLANK (docs/architecture.md, commit
 *     points).
 *   - Writes overwrite the flat store in place at LBA x 2048
 *     (docs/architecture.md "The store"). written_end is the first LBA
 *     past the highest block ever written: the store file is that long,
 *     and the blocks between it and the formatted capacity read as zeros.
 *   - The commit point is SYNCHRONIZE CACHE and CLOSE TRACK/SESSION (the
 *     end of every growisofs and libburn write): data fdatasync'ed, then
 *     the manifest. In between, a crash can leave blocks written since
 *     the last commit torn, as on the medium itself.
 *   - The ISO capture is the flat store itself: the written extent, not
 *     the formatted capacity. A 4.7 GB (or 25 GB) file of zeros would
 *     hold nothing more, and the filesystem a client wrote (growisofs,
 *     libisoburn's emulated multi-session) lies within what it wrote;
 *     readers of the file (mount -o loop, xorriso -indev) need no more.
 *     Other capture formats get the same extent as one track.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/log.h"

#define SECTOR 2048u

bool vb_medium_overwritable(const struct vb_medium *m)
{
	return m->info->overwritable && !m->loaded;
}

uint32_t vb_medium_formatted(const struct vb_medium *m)
{
	return m->formatted;
}

uint32_t vb_medium_written_end(const struct vb_medium *m)
{
	return m->written_end;
}

bool vb_medium_bdr_formattable(const struct vb_medium *m)
{
	return m->info->media == VB_MEDIA_BD_R && !m->loaded && !m->formatted &&
	       !m->ntracks;
}

enum vb_sense vb_medium_format(struct vb_medium *m, uint32_t blocks)
{
	const bool bdr = vb_medium_bdr_formattable(m);

	if ((!vb_medium_overwritable(m) || m->written_end) && !bdr)
		return S_CANNOT_FORMAT_MEDIUM; /* only a fresh store */
	if (blocks == 0 || blocks > m->capacity)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	m->formatted = blocks;
	/*
	 * A BD-R formatted with spare areas (SRM, MMC-6 4.5.3.4) stays a
	 * sequential disc with a smaller user area; the manifest keeps it
	 * as the capacity. Pseudo-overwrite (POW) of recorded blocks is not
	 * modelled: a write below the NWA stays 05/21/02.
	 */
	if (bdr)
		m->capacity = blocks;
	vb_medium_disc_changed(m);
	if (vb_medium_commit(m))
		return S_WRITE_ERROR;
	log_info("%s: %s formatted, %u blocks", m->path, m->info->desc, blocks);
	return VB_OK;
}

/*
 * WRITE on an overwritable disc: any LBA of the formatted area. Drives
 * take writes that are not aligned to the ECC block (DVD, 16 sectors) or
 * cluster (BD, 32) by reading, modifying and writing the block, so they
 * are accepted here too (growisofs writes 32 KiB units, libburn 32 or
 * 64 KiB, both aligned; the volume descriptors growisofs -M rewrites at
 * LBA 16 are one ECC block).
 */
enum vb_sense vb_medium_ow_write(struct vb_medium *m, int32_t lba,
				 const uint8_t *data, uint32_t n)
{
	const size_t len = (size_t)n * SECTOR;

	if (!m->formatted)
		return S_CANNOT_WRITE_UNKNOWN_FORMAT;
	if (lba < 0 || (uint64_t)lba + n > m->formatted)
		return S_LBA_OUT_OF_RANGE;
	if (n == 0)
		return VB_OK;
	if (media_pwrite(m, m->fd, m->path, data, len, (off_t)lba * SECTOR)) {
		/* The blocks are as torn as a failed write leaves a disc;
		 * the store keeps its length, so the layout is unchanged. */
		if ((uint64_t)lba + n > m->written_end &&
		    ftruncate(m->fd, (off_t)m->written_end * SECTOR) < 0)
			log_warn("%s: truncate: %s", m->path, strerror(errno));
		return S_WRITE_ERROR;
	}
	m->bytes_written += len;
	medium_account(m, n);
	if ((uint32_t)lba + n > m->written_end) {
		/* Reads of blocks already written see the new bytes through
		 * the store; only a longer store changes the disc. */
		m->written_end = (uint32_t)lba + n;
		vb_medium_disc_changed(m);
	}
	return VB_OK;
}

bool vb_medium_ow_writing(const struct vb_medium *m)
{
	return vb_medium_overwritable(m) && m->rec_bytes && !m->rec_done;
}

enum vb_sense vb_medium_ow_flush(struct vb_medium *m)
{
	if (vb_medium_commit(m))
		return S_WRITE_ERROR;
	/* the writes so far are one recording (status last_recording) */
	m->rec_done = true;
	return VB_OK;
}

int medium_ow_disc(const struct vb_medium *m, bool whole, struct vb_disc **out,
		   struct vb_diag *diag)
{
	const uint32_t len = whole ? m->formatted : m->written_end;
	struct vb_extent e = {
		.data = VB_DATA_USER,
		.stride = SECTOR,
		.data_size = SECTOR,
		.sectors = m->written_end,
	};
	struct vb_disc *d = NULL;
	struct vb_track *t;
	int r;

	*out = NULL;
	if (!len)
		return 0; /* unformatted, or nothing to capture */
	r = vb_src_open(&e.src, m->path);
	if (r) {
		vb_diag_set(diag, m->path, "%s", strerror(-r));
		return r;
	}
	d = vb_disc_new(vb_medium_disc_kind(m));
	t = d && vb_disc_add_session(d) ? vb_disc_add_track(d) : NULL;
	if (!t) {
		r = -ENOMEM;
		goto out;
	}
	t->start = 0;
	t->length = len;
	r = m->written_end ? vb_track_add_extent(t, &e) : 0;
	if (!r && len > m->written_end)
		r = vb_track_add_zero(t, len - m->written_end);
	if (!r)
		r = vb_disc_finish(d, m->path, diag);
	if (!r) {
		*out = d;
		d = NULL;
	}
out:
	vb_disc_unref(d);
	vb_src_unref(e.src);
	return r;
}
