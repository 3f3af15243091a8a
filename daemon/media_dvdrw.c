/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DVD-RW in its two recording modes (MMC-6 4.5.3, 4.5.4; docs/clients.md 3.4,
 * 3.7). A blank DVD-RW is sequential (profile 0014h) and records tracks
 * and sessions as DVD-R does. FORMAT UNIT turns it into restricted
 * overwrite (profile 0013h): from then on it is an overwritable medium as
 * DVD+RW is (media_rw.c has that model), written in ECC blocks anywhere
 * in the formatted area. BLANK makes it sequential again: the fresh
 * medium a blank gives starts as the kind's first, sequential, entry
 * (vb_medium_new_blank). The mode is the medium's media table entry, so
 * profile, features and the overwritable model all follow it.
 */
#define LOG_TAG "media"
#include "media_int.h"
#include "vburn/log.h"

#define PROFILE_DVD_RW_RO 0x0013

bool vb_medium_dvdrw(const struct vb_medium *m)
{
	return m->info->media == VB_MEDIA_DVD_RW && !m->loaded;
}

enum vb_sense vb_medium_dvdrw_overwrite(struct vb_medium *m, uint32_t blocks)
{
	const struct vb_media_info *ro =
		vb_media_info_profile(PROFILE_DVD_RW_RO);
	const struct vb_media_info *was = m->info;
	enum vb_sense s;

	if (!vb_medium_dvdrw(m) || m->ntracks || m->written_end)
		return S_CANNOT_FORMAT_MEDIUM; /* only a fresh store */
	m->info = ro;
	s = vb_medium_format(m, blocks);
	if (s != VB_OK)
		m->info = was;
	return s;
}

enum vb_sense vb_medium_dvdrw_grow(struct vb_medium *m, uint32_t blocks)
{
	if (!vb_medium_dvdrw(m) || !m->formatted)
		return S_CANNOT_FORMAT_MEDIUM;
	if (blocks > m->capacity)
		return S_INVALID_FIELD_IN_PARAM_LIST;
	if (blocks <= m->formatted)
		return VB_OK;
	m->formatted = blocks;
	vb_medium_disc_changed(m);
	if (vb_medium_commit(m))
		return S_WRITE_ERROR;
	log_info("%s: formatted area grown to %u blocks", m->path, blocks);
	return VB_OK;
}
