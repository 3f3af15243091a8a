/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The full TOC builder of include/vburn/fulltoc.h: the lead-in entries of
 * every session of a CD disc model, A0, A1, A2, the tracks, B0 and C0, as
 * that header lists them (docs/formats.md 2.3, 2.4, 6.6; MMC-6 Table 480).
 */
#include <errno.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/fulltoc.h"

/*
 * Addresses an MSF holds: 90:00:00 (lead-in) to 99:59:74 (docs/formats.md
 * 0).
 */
#define FT_LBA_MIN VB_CD_LBA_MIN
#define FT_LBA_MAX VB_CD_LBA_MAX

/*
 * Lead-out to next program area (docs/formats.md 2.4, 5.3): lead-out +
 * lead-in.
 */
#define FT_GAP_FIRST 11250 /* 6750 + 4500 after session 1 */
#define FT_GAP_LATER 6750  /* 2250 + 4500 after a later session */

void vb_fulltoc_image_opts(const struct vb_disc *d, struct vb_fulltoc_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->open = d->open;
	o->next_area = vb_disc_leadout(d) +
		       (d->n_sessions > 1 ? FT_GAP_LATER : FT_GAP_FIRST);
	o->last_leadout = VB_CD80_LAST_LEADOUT;
	o->c0 = true;
	o->c0_atip[0] = VB_C0_ATIP_MIN;
	o->c0_leadin = VB_ATIP_LEADIN_LBA;
}

static bool ft_lba_ok(int32_t lba)
{
	return lba >= FT_LBA_MIN && lba <= FT_LBA_MAX;
}

/* The builder's cursor: entries past cap are counted, not stored. */
struct ft_out {
	struct vb_fulltoc_entry *e;
	size_t cap, n;
	struct vb_fulltoc_entry spill; /* the entry past cap, never read */
};

/* A zeroed entry of session s, ADR adr, CONTROL ctl at point. */
static struct vb_fulltoc_entry *ft_add(struct ft_out *w, unsigned s,
				       uint8_t adr, uint8_t ctl, uint8_t point)
{
	struct vb_fulltoc_entry *e = w->n < w->cap ? &w->e[w->n] : &w->spill;

	w->n++;
	memset(e, 0, sizeof(*e));
	e->session = (uint8_t)s;
	e->adr = adr;
	e->ctl = ctl & 0x0f;
	e->point = point;
	return e;
}

static void ft_pmsf(struct vb_fulltoc_entry *e, int32_t lba)
{
	const struct vb_msf m = lba_to_msf(lba);

	e->pmin = m.m;
	e->psec = m.s;
	e->pframe = m.f;
}

/* Do the numbers and addresses of d fit in lead-in entries? */
static int ft_check(const struct vb_disc *d, const struct vb_fulltoc_opts *o)
{
	unsigned i;

	if (d->kind != VB_DISC_CD)
		return -EMEDIUMTYPE;
	if (!d->n_tracks || d->n_sessions > 99)
		return -EINVAL;
	for (i = 0; i < d->n_sessions; i++)
		if (!d->sessions[i]->count ||
		    !ft_lba_ok(d->sessions[i]->leadout))
			return -EINVAL;
	for (i = 0; i < d->n_tracks; i++) {
		const struct vb_track *t = d->tracks[i];

		if (t->number < 1 || t->number > 99 || !ft_lba_ok(t->start) ||
		    !ft_lba_ok(t->start - (int32_t)t->pregap))
			return -EINVAL;
	}
	if (o->open && !ft_lba_ok(o->next_area))
		return -EINVAL;
	if ((o->open || d->n_sessions > 1) && !ft_lba_ok(o->last_leadout))
		return -EINVAL;
	if (o->c0 && !ft_lba_ok(o->c0_leadin))
		return -EINVAL;
	return 0;
}

/* B0 and C0 after the tracks of session s, if another may follow. */
static void ft_mode5(struct ft_out *w, const struct vb_disc *d,
		     const struct vb_session *s,
		     const struct vb_fulltoc_opts *o)
{
	const bool more = s->number < d->n_sessions;
	const bool c0 = o->c0 && s->number == 1;
	int32_t next = o->next_area;
	struct vb_fulltoc_entry *e;
	struct vb_msf m;

	if (!more && !o->open)
		return;
	if (more) {
		const struct vb_track *t =
			d->tracks[d->sessions[s->number]->first];

		next = t->start - (int32_t)t->pregap;
	}
	e = ft_add(w, s->number, 5, 0, 0xb0);
	m = lba_to_msf(next);
	e->min = m.m;
	e->sec = m.s;
	e->frame = m.f;
	e->zero = c0 ? 2 : 1; /* B0 itself and C0 */
	ft_pmsf(e, o->last_leadout);
	if (!c0)
		return;
	e = ft_add(w, s->number, 5, 0, 0xc0);
	e->min = o->c0_atip[0];
	e->sec = o->c0_atip[1];
	e->frame = o->c0_atip[2];
	ft_pmsf(e, o->c0_leadin);
}

int vb_fulltoc_build(const struct vb_disc *d, const struct vb_fulltoc_opts *o,
		     struct vb_fulltoc_entry *out, size_t cap)
{
	struct ft_out w = { .e = out, .cap = cap };
	unsigned i, k;
	int ret = ft_check(d, o);

	if (ret)
		return ret;
	for (i = 0; i < d->n_sessions; i++) {
		const struct vb_session *s = d->sessions[i];
		const struct vb_track *first = d->tracks[s->first];
		const struct vb_track *last =
			d->tracks[s->first + s->count - 1];
		struct vb_fulltoc_entry *e;

		e = ft_add(&w, s->number, 1, first->ctl, 0xa0);
		e->pmin = (uint8_t)first->number;
		e->psec = s->disc_type;
		e = ft_add(&w, s->number, 1, last->ctl, 0xa1);
		e->pmin = (uint8_t)last->number;
		e = ft_add(&w, s->number, 1, last->ctl, 0xa2);
		ft_pmsf(e, s->leadout);
		for (k = 0; k < s->count; k++) {
			const struct vb_track *t = d->tracks[s->first + k];

			e = ft_add(&w, s->number, 1, t->ctl,
				   (uint8_t)t->number);
			ft_pmsf(e, t->start);
		}
		ft_mode5(&w, d, s, o);
	}
	return (int)w.n;
}
