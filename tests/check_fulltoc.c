/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The full TOC builder (formats/fulltoc.c): the entries of a two-session
 * disc with audio and data tracks (each its own CONTROL), B0/C0 between
 * sessions and after the last one of an open disc, the caller's options,
 * a short output array, the refusals, and the ATIP constants.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/fulltoc.h"
#include "vburn/sector.h"

/* check_ccd.c: two sessions; track 1 data, 2 audio (COPY), 3 XA. */
struct vb_disc *fmt_mem_disc(bool open);

/* One expected entry: session, ADR, CONTROL, POINT, MSF, ZERO, PMSF. */
struct ft_want {
	uint8_t s, adr, ctl, point, m, sec, f, zero, pm, ps, pf;
};

static void ft_same(const struct vb_fulltoc_entry *e, const struct ft_want *w,
		    unsigned i)
{
	const uint8_t got[] = { e->session, e->adr,  e->ctl,   e->point,
				e->min,	    e->sec,  e->frame, e->zero,
				e->pmin,    e->psec, e->pframe };
	const uint8_t want[] = { w->s, w->adr,	w->ctl, w->point, w->m, w->sec,
				 w->f, w->zero, w->pm,	w->ps,	  w->pf };

	ck_assert_msg(!memcmp(got, want, sizeof(got)),
		      "entry %u (point 0x%02x) differs", i, e->point);
	ck_assert_uint_eq(e->tno, 0);
}

/*
 * fmt_mem_disc: session 1 = track 1 (data, 0..19), track 2 (audio, COPY,
 * INDEX 01 at 95, lead-out 107); session 2 = track 3 (XA) at 11507 after
 * a 150-sector pregap from 11357 = 107 + 11250, lead-out 11537.
 */
static const struct ft_want ft_two_sessions[] = {
	{ 1, 1, 4, 0xa0, 0, 0, 0, 0, 1, 0x00, 0 }, /* first 1, CD-DA/ROM */
	{ 1, 1, 2, 0xa1, 0, 0, 0, 0, 2, 0, 0 },	   /* last 2, its CONTROL */
	{ 1, 1, 2, 0xa2, 0, 0, 0, 0, 0, 3, 32 },   /* 107 + 150 = 257 */
	{ 1, 1, 4, 1, 0, 0, 0, 0, 0, 2, 0 },
	{ 1, 1, 2, 2, 0, 0, 0, 0, 0, 3, 20 },	     /* 95 + 150 = 245 */
	{ 1, 5, 0, 0xb0, 2, 33, 32, 2, 79, 59, 74 }, /* 11357: 11507 */
	{ 1, 5, 0, 0xc0, 128, 0, 0, 0, 97, 26, 66 },
	{ 2, 1, 4, 0xa0, 0, 0, 0, 0, 3, 0x20, 0 }, /* first 3, XA */
	{ 2, 1, 4, 0xa1, 0, 0, 0, 0, 3, 0, 0 },
	{ 2, 1, 4, 0xa2, 0, 0, 0, 0, 2, 35, 62 }, /* 11537 + 150 */
	{ 2, 1, 4, 3, 0, 0, 0, 0, 2, 35, 32 },	  /* 11507 + 150 */
	/* open disc only: next area 11537 + 6750 = 18287 (+150: 4:05:62) */
	{ 2, 5, 0, 0xb0, 4, 5, 62, 1, 79, 59, 74 },
};

START_TEST(test_two_sessions)
{
	struct vb_disc *d = fmt_mem_disc(_i == 1);
	struct vb_fulltoc_entry e[VB_FULLTOC_MAX];
	struct vb_fulltoc_opts o;
	const unsigned n = _i == 1 ? 12 : 11;
	unsigned i;

	vb_fulltoc_image_opts(d, &o);
	ck_assert_int_eq(o.open, _i == 1);
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e)), n);
	for (i = 0; i < n; i++)
		ft_same(&e[i], &ft_two_sessions[i], i);
	vb_disc_unref(d);
}
END_TEST

/* The caller's options: its next area, capacity, no C0, or other ATIP. */
START_TEST(test_options)
{
	struct vb_disc *d = fmt_mem_disc(true);
	struct vb_fulltoc_entry e[16];
	struct vb_fulltoc_opts o;

	vb_fulltoc_image_opts(d, &o);
	o.next_area = 20000;	       /* 20150 = 4:28:50 */
	o.last_leadout = 336075 - 150; /* 74:41:00 */
	o.c0 = false;
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e)), 11);
	/* no C0: B0 of session 1 counts one ADR-5 pointer */
	ck_assert_uint_eq(e[5].point, 0xb0);
	ck_assert_uint_eq(e[5].zero, 1);
	ck_assert_uint_eq(e[5].pmin, 74);
	ck_assert_uint_eq(e[5].psec, 41);
	ck_assert_uint_eq(e[5].pframe, 0);
	ck_assert_uint_eq(e[6].point, 0xa0);
	ck_assert_uint_eq(e[10].point, 0xb0);
	ck_assert_uint_eq(e[10].min, 4);
	ck_assert_uint_eq(e[10].sec, 28);
	ck_assert_uint_eq(e[10].frame, 50);

	/* C0 with the drive's own ATIP bytes; a closed disc */
	o.c0 = true;
	o.c0_atip[0] = 0xd0;
	o.c0_atip[1] = 0x00;
	o.c0_atip[2] = 0x80;
	o.open = false;
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e)), 11);
	ck_assert_uint_eq(e[6].point, 0xc0);
	ck_assert_uint_eq(e[6].min, 0xd0);
	ck_assert_uint_eq(e[6].frame, 0x80);
	ck_assert_uint_eq(e[10].point, 3);
	vb_disc_unref(d);
}
END_TEST

/* One closed session: no B0, no C0, whatever the C0 option says. */
START_TEST(test_single_session)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	struct vb_fulltoc_entry e[8];
	struct vb_fulltoc_opts o;
	struct vb_track *t;

	ck_assert_ptr_nonnull(vb_disc_add_session(d));
	t = vb_disc_add_track(d);
	t->pregap = 150;
	t->length = 300;
	ck_assert_int_eq(vb_track_add_zero(t, 450), 0);
	ck_assert_int_eq(vb_disc_finish(d, "mem", NULL), 0);
	vb_fulltoc_image_opts(d, &o);
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e)), 4);
	ck_assert_uint_eq(e[2].point, 0xa2);
	ck_assert_uint_eq(e[2].psec, 6); /* 300 + 150 = 0:06:00 */
	ck_assert_uint_eq(e[3].point, 1);
	ck_assert_uint_eq(e[3].ctl, VB_CTL_DATA);

	/* left open: B0 at 300 + 11250, and C0 in session 1 */
	d->open = true;
	vb_fulltoc_image_opts(d, &o);
	ck_assert_int_eq(o.next_area, 11550);
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e)), 6);
	ck_assert_uint_eq(e[4].point, 0xb0);
	ck_assert_uint_eq(e[4].min, 2); /* 11700 = 2:36:00 */
	ck_assert_uint_eq(e[4].sec, 36);
	ck_assert_uint_eq(e[4].zero, 2);
	ck_assert_uint_eq(e[5].point, 0xc0);
	vb_disc_unref(d);
}
END_TEST

/* A short array: the count of the whole TOC, nothing written past cap. */
START_TEST(test_short_array)
{
	struct vb_disc *d = fmt_mem_disc(false);
	struct vb_fulltoc_entry e[5], guard;
	struct vb_fulltoc_opts o;

	vb_fulltoc_image_opts(d, &o);
	ck_assert_int_eq(vb_fulltoc_build(d, &o, NULL, 0), 11);
	memset(e, 0xee, sizeof(e));
	memset(&guard, 0xee, sizeof(guard));
	ck_assert_int_eq(vb_fulltoc_build(d, &o, e, 3), 11);
	ck_assert_uint_eq(e[2].point, 0xa2);
	ck_assert(!memcmp(&e[3], &guard, sizeof(guard)));
	ck_assert(!memcmp(&e[4], &guard, sizeof(guard)));
	vb_disc_unref(d);
}
END_TEST

/* Every entry becomes a lead-in Q with a good CRC (sector.h). */
START_TEST(test_as_leadin_q)
{
	struct vb_disc *d = fmt_mem_disc(true);
	struct vb_fulltoc_entry e[16];
	struct vb_fulltoc_opts o;
	uint8_t q[VB_SUBQ_SIZE];
	int n, i;

	vb_fulltoc_image_opts(d, &o);
	n = vb_fulltoc_build(d, &o, e, VB_ARRAY_SIZE(e));
	ck_assert_int_eq(n, 12);
	for (i = 0; i < n; i++) {
		const struct vb_toc_point p = {
			.ctl = e[i].ctl,
			.adr = e[i].adr,
			.point = e[i].point,
			.min = e[i].min,
			.sec = e[i].sec,
			.frame = e[i].frame,
			.zero = e[i].zero,
			.pmin = e[i].pmin,
			.psec = e[i].psec,
			.pframe = e[i].pframe,
		};

		ck_assert_int_eq(vb_subq_toc_encode(q, &p), 0);
		ck_assert(vb_subq_crc_ok(q));
		ck_assert_uint_eq(q[1], 0); /* TNO */
	}
	vb_disc_unref(d);
}
END_TEST

START_TEST(test_refused)
{
	struct vb_disc *dvd = vb_disc_new(VB_DISC_DVD);
	struct vb_disc *cd = vb_disc_new(VB_DISC_CD);
	struct vb_disc *big = fmt_mem_disc(true);
	struct vb_fulltoc_opts o;
	struct vb_track *t;

	vb_fulltoc_image_opts(cd, &o);
	ck_assert_int_eq(vb_fulltoc_build(dvd, &o, NULL, 0), -EMEDIUMTYPE);
	ck_assert_int_eq(vb_fulltoc_build(cd, &o, NULL, 0), -EINVAL);
	ck_assert_ptr_nonnull(vb_disc_add_session(cd));
	t = vb_disc_add_track(cd);
	t->number = 100;
	t->length = 300;
	ck_assert_int_eq(vb_track_add_zero(t, 300), 0);
	ck_assert_int_eq(vb_disc_finish(cd, "mem", NULL), 0);
	ck_assert_int_eq(vb_fulltoc_build(cd, &o, NULL, 0), -EINVAL);
	t->number = 99;
	ck_assert_int_eq(vb_fulltoc_build(cd, &o, NULL, 0), 4);
	vb_fulltoc_image_opts(big, &o);
	o.next_area = 449850; /* past 99:59:74 */
	ck_assert_int_eq(vb_fulltoc_build(big, &o, NULL, 0), -EINVAL);
	o.next_area = 20000;
	o.c0_leadin = -45151; /* before 90:00:00 */
	ck_assert_int_eq(vb_fulltoc_build(big, &o, NULL, 0), -EINVAL);
	vb_disc_unref(big);
	vb_disc_unref(cd);
	vb_disc_unref(dvd);
}
END_TEST

/* The ATIP values, defined once (fulltoc.h), agree with themselves. */
START_TEST(test_atip_constants)
{
	const struct vb_msf lead = lba_to_msf(VB_ATIP_LEADIN_LBA);
	const struct vb_msf out = lba_to_msf(VB_CD80_LAST_LEADOUT);

	ck_assert_int_eq(msf_to_lba(VB_ATIP_LEADIN_MIN, VB_ATIP_LEADIN_SEC,
				    VB_ATIP_LEADIN_FRAME),
			 VB_ATIP_LEADIN_LBA);
	ck_assert_uint_eq(lead.m, 97);
	ck_assert_uint_eq(lead.s, 26);
	ck_assert_uint_eq(lead.f, 66);
	ck_assert_uint_eq(out.m, 79);
	ck_assert_uint_eq(out.s, 59);
	ck_assert_uint_eq(out.f, 74);
}
END_TEST

Suite *fulltoc_suite(void)
{
	Suite *s = suite_create("fulltoc");
	TCase *tc = tcase_create("build");

	tcase_add_loop_test(tc, test_two_sessions, 0, 2);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_single_session);
	tcase_add_test(tc, test_short_array);
	tcase_add_test(tc, test_as_leadin_q);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_atip_constants);
	suite_add_tcase(s, tc);
	return s;
}
