/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CD full TOC: the lead-in Q entries (TNO 0) of every session, in the
 * binary form CloneCD [Entry] sections, MDS track blocks and MMC READ TOC
 * format 0010b descriptors carry (docs/formats.md 2.3, 2.4, 3.4, 6.6; MMC-6
 * 6.26.3.4, Table 480). One builder serves every user: the CCD and MDS
 * writers today, READ TOC and the lead-in Q of the drive.
 *
 * Per session, in this order (the order of real lead-ins as CloneCD and
 * Alcohol copy them; psxspx: "session is terminated by B0h, C0h; next
 * session again starts with A0, A1, A2"):
 *   A0  ADR 1, CONTROL of the first track: PMIN first track number, PSEC
 *       disc type (VB_DISC_TYPE_*), PFRAME 0;
 *   A1  ADR 1, CONTROL of the last track: PMIN last track number;
 *   A2  ADR 1, CONTROL of the last track: PMSF start of the lead-out;
 *   one entry per track, its own CONTROL: PMSF its INDEX 01;
 *   B0  ADR 5, CONTROL 0, while another session follows or may follow:
 *       MSF start of the next possible program area (the next session's
 *       pregap), ZERO number of ADR-5 pointers of this lead-in, PMSF last
 *       possible start of the lead-out;
 *   C0  ADR 5, CONTROL 0, only in session 1 and only beside its B0 (a
 *       disc written to take more sessions; a closed single-session
 *       disc's lead-in has neither): MSF ATIP special information 1, PMSF
 *       ATIP start of the first lead-in.
 */
#ifndef VBURN_FULLTOC_H
#define VBURN_FULLTOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/disc.h"

/*
 * ATIP start of the lead-in of the blank 80-minute CD-R the drive
 * emulates: 97:26:66 = LBA -11634 (docs/formats.md 0: 97:26:66 is
 * (97*60+26)*75+66 - 450150). The one value READ TOC format 4 reports and
 * every C0 entry copies (C0's PMSF is the ATIP lead-in start: MMC-6
 * Table 480, docs/formats.md 6.6), so the two must be the same number.
 * Why 66 and not 65: the lead-in start is a code as much as an address
 * (its minutes, seconds and the tens of its frame name the manufacturer,
 * 97:26:6x being CMC Magnetics for cdrecord), so the right value is one
 * real media carry. Every cdrecord -atip log of an 80-minute CD-R found
 * in public bug reports and forum threads ("Is not erasable", lead-out
 * 79:59:71) prints "ATIP start of lead in: -11634 (97:26/66)"; the logs
 * that print "-11635 (97:26/65)" are all of CD-RW ("Is erasable", "Phase
 * change"). The drive (daemon/mmc_toc.c, READ TOC format 4) already
 * reports 97:26:66 for its CD-R; libburn's cookbook gives -11635 only as
 * a typical example (docs/formats.md 6.6).
 */
#define VB_ATIP_LEADIN_MIN 97
#define VB_ATIP_LEADIN_SEC 26
#define VB_ATIP_LEADIN_FRAME 66
#define VB_ATIP_LEADIN_LBA (-11634)

/*
 * Last possible start of the lead-out of an 80-minute CD: 79:59:74 = LBA
 * 359849 (the emulated CD-R's capacity; B0's PMSF in images).
 */
#define VB_CD80_LAST_LEADOUT 359849

/*
 * ATIP special information 1 as C0's MIN/SEC/FRAME in images: 128, 0, 0
 * (bit 7 of MIN set, the rest zero), as CloneCD files of CD-Rs carry it
 * and Aaru's CloneCD writer writes it (docs/formats.md 2.4).
 */
#define VB_C0_ATIP_MIN 128

/* Entries of any CD: 99 sessions x (A0, A1, A2, B0, C0) + 99 tracks. */
#define VB_FULLTOC_MAX (99 * 5 + 99)

/* One lead-in entry; every field binary (not BCD), as READ TOC sends it. */
struct vb_fulltoc_entry {
	uint8_t session;	 /* 1-based, the lead-in that carries it */
	uint8_t adr, ctl;	 /* ADR 1 or 5; CONTROL nibble (VB_CTL_*) */
	uint8_t tno;		 /* 0: lead-in */
	uint8_t point;		 /* 1..99, 0xA0, 0xA1, 0xA2, 0xB0, 0xC0 */
	uint8_t min, sec, frame; /* 0; B0: next area; C0: ATIP info */
	uint8_t zero;		 /* 0; B0: number of ADR-5 pointers */
	uint8_t pmin, psec, pframe;
};

/* What the disc model does not say: the recorder's and the medium's. */
struct vb_fulltoc_opts {
	/* Another session may follow the last one: B0 in its lead-in. */
	bool open;
	/*
	 * If open: start of the next possible program area after the last
	 * session (the pregap of the session to come). Between sessions
	 * of d the next session's own pregap start is used.
	 */
	int32_t next_area;
	/* B0's PMSF: last possible start of the lead-out (ATIP). */
	int32_t last_leadout;
	/* C0 in session 1's lead-in (beside its B0; recordable discs). */
	bool c0;
	uint8_t c0_atip[3]; /* C0 MIN/SEC/FRAME: ATIP special info 1 */
	int32_t c0_leadin;  /* C0 PMSF: ATIP start of the first lead-in */
};

/*
 * The options the image writers use for d: open as d->open, the next
 * area after the lead-out of d's last session (docs/formats.md 2.4: + 11250
 * after session 1, + 6750 after a later one), an 80-minute disc's last
 * lead-out, and C0 with VB_C0_ATIP_MIN and VB_ATIP_LEADIN_LBA.
 */
void vb_fulltoc_image_opts(const struct vb_disc *d, struct vb_fulltoc_opts *o);

/*
 * Builds the full TOC of CD d (borrowed) into out[0..cap-1] (out may be
 * NULL if cap is 0) and returns the number of entries of the whole TOC,
 * at most VB_FULLTOC_MAX: a return above cap means out holds only the
 * first cap. -EMEDIUMTYPE if d is not a CD; -EINVAL if it has no track,
 * a session without tracks, a track or session number above 99, or an
 * address that no MSF holds (outside -45150..449849, docs/formats.md 0).
 */
int vb_fulltoc_build(const struct vb_disc *d, const struct vb_fulltoc_opts *o,
		     struct vb_fulltoc_entry *out, size_t cap)
	__attribute__((warn_unused_result));

#endif
