/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The files of a dump in redump.org's layout (docs/formats.md 9): which
 * sectors of a disc each file holds and what it is called, so that a
 * capture or a converted image can be hashed the way redump's datfiles
 * list it (vburn-img hash, tools/img_hash.c). Pure: no I/O, no sector is
 * read here.
 */
#include <errno.h>
#include <stdio.h>

#include "vburn/img.h"

/*
 * The file of track t, the k-th of session index s (docs/formats.md 9):
 * session 1's first track from LBA 0 (its INDEX 00 before LBA 0 is the
 * lead-in's pregap, in no file), a later session's first track from its
 * INDEX 01 (the pregap after the lead-in is in no file), every other
 * track from its INDEX 00; each to its end, the next track's INDEX 00 or
 * the session's lead-out.
 */
static int redump_track(const struct vb_track *t, unsigned s, unsigned k,
			struct vb_redump_file *f)
{
	int64_t first = (int64_t)t->start - t->pregap;
	const int64_t end = (int64_t)t->start + t->length;

	if (k == 0 && s == 0 && first < 0)
		first = 0;
	else if (k == 0 && s > 0)
		first = t->start;
	if (end <= first || end - first > UINT32_MAX)
		return -EINVAL;
	f->track = t->number;
	f->first = (int32_t)first;
	f->sectors = (uint32_t)(end - first);
	f->sector_size = 2352;
	return 0;
}

int vb_redump_files(const struct vb_disc *d, struct vb_redump_file *files,
		    unsigned max)
{
	const int32_t leadout = vb_disc_leadout(d);
	unsigned s, k, n = 0;
	int ret;

	if (!d->n_tracks)
		return -EINVAL;
	if (d->kind != VB_DISC_CD) {
		/* one .iso of the whole user-data area, LBA 0 up */
		if (leadout <= 0)
			return -EINVAL;
		if (max)
			files[0] = (struct vb_redump_file){
				.track = 0,
				.first = 0,
				.sectors = (uint32_t)leadout,
				.sector_size = 2048,
			};
		return 1;
	}
	for (s = 0; s < d->n_sessions; s++) {
		const struct vb_session *ss = d->sessions[s];

		for (k = 0; k < ss->count; k++, n++) {
			struct vb_redump_file f;

			ret = redump_track(d->tracks[ss->first + k], s, k, &f);
			if (ret)
				return ret;
			if (n < max)
				files[n] = f;
		}
	}
	return (int)n;
}

int vb_redump_name(const struct vb_disc *d, const struct vb_redump_file *f,
		   const char *name, char *out, size_t len)
{
	unsigned width = 1, top = 0, i;
	int n;

	if (d->kind != VB_DISC_CD) {
		n = snprintf(out, len, "%s.iso", name);
	} else if (d->n_tracks == 1) {
		n = snprintf(out, len, "%s.bin", name);
	} else {
		/* as wide as the highest track number (redumper) */
		for (i = 0; i < d->n_tracks; i++)
			if (d->tracks[i]->number > top)
				top = d->tracks[i]->number;
		for (; top >= 10; top /= 10)
			width++;
		n = snprintf(out, len, "%s (Track %0*u).bin", name, (int)width,
			     f->track);
	}
	if (n < 0)
		return -EINVAL;
	return (size_t)n < len ? 0 : -ENAMETOOLONG;
}
