/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CD sector and subchannel synthesis and verification (docs/formats.md section
 * 6, ECMA-130). A pure library: no I/O, no allocation; every function works on
 * caller buffers. Internal tables are built once on first use (thread-safe).
 *
 * formats/sector.c:     raw 2352-byte sector layouts, encode, detect, verify.
 * formats/sector_ecc.c: EDC, ECC P/Q, scrambler.
 * formats/subchannel.c: Q/P subchannel, raw P-W interleaving, lead-in TOC
 *                       entries, CD-TEXT pack CRC.
 */
#ifndef VBURN_SECTOR_H
#define VBURN_SECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VB_SECTOR_RAW 2352 /* sync + header + everything */
#define VB_SECTOR_SYNC 12  /* 00 FF x10 00 */
#define VB_SECTOR_SUBHDR 8 /* Mode 2 XA subheader, two copies of 4 */
#define VB_SUBCH_RAW 96	   /* P-W, 96 bytes per sector */
#define VB_SUBCH_CHAN 12   /* one channel, 96 bits */
#define VB_SUBQ_SIZE 12	   /* Q: 10 data bytes + CRC-16 */
#define VB_CDTEXT_PACK 18  /* CD-TEXT pack: 16 bytes + CRC-16 */

/*
 * Sector layouts (docs/formats.md 6.1). MODE2 is "formless" Mode 2 (2336 bytes
 * after the header, no EDC/ECC); the XA forms carry a subheader.
 */
enum vb_sector_mode {
	VB_SECTOR_AUDIO,
	VB_SECTOR_MODE0,
	VB_SECTOR_MODE1,
	VB_SECTOR_MODE2,
	VB_SECTOR_MODE2_FORM1,
	VB_SECTOR_MODE2_FORM2,
};

/* Pass as mode to vb_sector_verify_as(): detect it from the sector. */
#define VB_SECTOR_MODE_AUTO (-1)
/* Pass as lba to vb_sector_verify_as(): do not compare the header. */
#define VB_SECTOR_LBA_ANY INT32_MIN

/* Submode bit 5 of the XA subheader selects Form 2 (docs/formats.md 6.1). */
#define VB_SUBMODE_FORM2 0x20

/*
 * Number of user bytes vb_sector_encode() reads for a mode: 2352 audio,
 * 0 mode 0, 2048 mode 1, 2336 mode 2, 2056 form 1 and 2332 form 2 (the
 * 8-byte subheader first). Returns -EINVAL for an unknown mode.
 */
int vb_sector_user_size(enum vb_sector_mode mode);

/*
 * Where the payload of a raw sector is: offset and length of the user data
 * (audio 0/2352, mode 0 16/2336, mode 1 16/2048, mode 2 16/2336, form 1
 * 24/2048, form 2 24/2324). Returns 0 or -EINVAL.
 */
int vb_sector_user_data(enum vb_sector_mode mode, size_t *off, size_t *len);

/*
 * The XA form a Mode 2 subheader asks for: VB_SECTOR_MODE2_FORM2 if the
 * submode (subheader byte 2) has the Form 2 bit, else VB_SECTOR_MODE2_FORM1.
 * This is how "mode 2 mixed" tracks (CUE MODE2/2336 holding both forms,
 * cdrdao MODE2_FORM_MIX) pick the layout sector by sector.
 */
enum vb_sector_mode vb_sector_mode2_form(const uint8_t subheader[8]);

/*
 * Builds a raw sector at absolute address lba (LBA 0 = 00:02:00): sync,
 * BCD header, payload, and the EDC/ECC the mode needs (form 2 EDC is always
 * computed). user holds vb_sector_user_size(mode) bytes; for mode 0 it may
 * be NULL. An XA subheader is copied as given (verify flags one whose form
 * bit contradicts the mode). out and user must not overlap. Returns 0 or
 * -EINVAL (unknown mode, NULL user, lba outside -45150..449849).
 */
int vb_sector_encode(uint8_t out[VB_SECTOR_RAW], enum vb_sector_mode mode,
		     int32_t lba, const uint8_t *user)
	__attribute__((warn_unused_result));

/*
 * Mode 2 mixed: builds a form 1 or form 2 sector as the subheader at
 * user[0..7] says (user holds 2056 or 2332 bytes accordingly). Returns the
 * form used (>= 0) or -EINVAL.
 */
int vb_sector_encode_mode2(uint8_t out[VB_SECTOR_RAW], int32_t lba,
			   const uint8_t *user)
	__attribute__((warn_unused_result));

/*
 * Guesses the layout of a raw sector: no sync -> audio; else by the mode
 * byte; Mode 2 is taken as XA with the form from the subheader (formless
 * Mode 2 cannot be told from XA by content, so it is never returned). A
 * sync with a single damaged byte still counts as a sync, so one flipped
 * byte does not turn a data sector into audio. Returns the mode or -EINVAL
 * (sync present, mode byte not 0/1/2).
 */
int vb_sector_detect_mode(const uint8_t raw[VB_SECTOR_RAW]);

/* Error bits of struct vb_sector_check (also used for "checked"). */
#define VB_SECTOR_ERR_SYNC 0x01	  /* sync pattern wrong */
#define VB_SECTOR_ERR_HEADER 0x02 /* MSF not BCD, or not the expected LBA */
#define VB_SECTOR_ERR_MODE 0x04	  /* mode byte not the expected one */
#define VB_SECTOR_ERR_SUBHDR 0x08 /* XA subheader copies differ / wrong form */
#define VB_SECTOR_ERR_EDC 0x10
#define VB_SECTOR_ERR_ECC_P 0x20
#define VB_SECTOR_ERR_ECC_Q 0x40
#define VB_SECTOR_ERR_ZERO 0x80 /* mode 0 payload / mode 1 pad not zero */

struct vb_sector_check {
	int mode;	  /* layout checked against, or -1 if unknown */
	int32_t lba;	  /* header MSF decoded (M >= 90 -> negative, lead-in
			    * style, docs/formats.md 0); VB_SECTOR_LBA_ANY if
			    * the MSF is not valid BCD */
	unsigned checked; /* VB_SECTOR_ERR_* bits that were tested */
	unsigned errors;  /* VB_SECTOR_ERR_* bits that failed */
};

/*
 * Verifies a raw sector with its detected mode: sync, header BCD, EDC,
 * ECC P and Q (mode 1, form 1), form 2 EDC when nonzero, zero areas.
 * Returns 0 if nothing failed, -EBADMSG otherwise; out (may be NULL) says
 * what was checked and what failed. Audio sectors have nothing to check.
 */
int vb_sector_verify(const uint8_t raw[VB_SECTOR_RAW],
		     struct vb_sector_check *out);

/*
 * Same with an expected mode (or VB_SECTOR_MODE_AUTO) and an expected
 * absolute LBA for the header (or VB_SECTOR_LBA_ANY). With an explicit
 * mode a missing sync is an error rather than "audio".
 */
int vb_sector_verify_as(const uint8_t raw[VB_SECTOR_RAW], int mode, int32_t lba,
			struct vb_sector_check *out);

/*
 * EDC (docs/formats.md 6.2): CRC-32 with the reflected polynomial 0xD8018001,
 * initial value 0, no final inversion; stored little-endian after the range.
 */
uint32_t vb_sector_edc(const uint8_t *buf, size_t len);

/*
 * Computes ECC P (172 bytes at 2076) and Q (104 bytes at 2248) in place
 * from bytes 12..2075 as they stand (for form 1 the caller zeroes the
 * header first; vb_sector_encode() does that).
 */
void vb_sector_ecc(uint8_t raw[VB_SECTOR_RAW]);

/*
 * ECMA-130 Annex B scrambler: XORs the 2340 bytes after the sync with the
 * x^15+x+1 sequence. Its own inverse. Only data sectors are scrambled.
 */
void vb_sector_scramble(uint8_t raw[VB_SECTOR_RAW]);

/* ---- subchannel (formats/subchannel.c) ---- */

/* TNO of the lead-out in Q (stored as 0xAA, not BCD). */
#define VB_SUBQ_LEADOUT 0xAA

/*
 * One ADR-1 Q position (docs/formats.md 6.5). Numbers are binary; the encoder
 * writes BCD. rel is the track-relative frame count: negative in the
 * pregap (INDEX 00), where Q counts down to 0; abs is the absolute LBA.
 */
struct vb_subq {
	uint8_t ctl;   /* CONTROL nibble: 0x4 data, 0x2 copy, 0x1 pre-emph. */
	uint8_t adr;   /* 1 for positions; encode forces 1 */
	uint8_t tno;   /* 1..99, or VB_SUBQ_LEADOUT */
	uint8_t index; /* 0..99 */
	int32_t rel;
	int32_t abs;
};

/* CRC-16 CCITT (0x1021, init 0, MSB first) of len bytes, not inverted. */
uint16_t vb_crc16_ccitt(const uint8_t *buf, size_t len);

/* Writes the inverted CRC of q[0..9] to q[10..11] big-endian. */
void vb_subq_set_crc(uint8_t q[VB_SUBQ_SIZE]);
/* True if q[10..11] holds the inverted CRC of q[0..9]. */
bool vb_subq_crc_ok(const uint8_t q[VB_SUBQ_SIZE]);

/* Builds a 12-byte ADR-1 Q with CRC. Returns 0 or -EINVAL (out of range). */
int vb_subq_encode(uint8_t q[VB_SUBQ_SIZE], const struct vb_subq *pos)
	__attribute__((warn_unused_result));
/*
 * Parses an ADR-1 Q (CRC not checked; see vb_subq_crc_ok()). Returns 0,
 * -ENOMSG if ADR is not 1, or -EINVAL for bad BCD.
 */
int vb_subq_decode(const uint8_t q[VB_SUBQ_SIZE], struct vb_subq *pos);

/*
 * ADR 2: media catalogue number, exactly 13 decimal digits read from mcn
 * (no terminator needed). abs gives the AFRAME in byte 9. Returns 0 or
 * -EINVAL for a non-digit.
 */
int vb_subq_mcn(uint8_t q[VB_SUBQ_SIZE], uint8_t ctl, const char *mcn,
		int32_t abs) __attribute__((warn_unused_result));
/* Extracts the MCN into mcn[14] (NUL-terminated). 0, -ENOMSG or -EINVAL. */
int vb_subq_mcn_decode(const uint8_t q[VB_SUBQ_SIZE], char mcn[14]);

/*
 * ADR 3: ISRC, 12 characters CCOOOYYSSSSS (country and owner 0-9/A-Z,
 * year and serial digits; dashes are skipped). Returns 0 or -EINVAL.
 */
int vb_subq_isrc(uint8_t q[VB_SUBQ_SIZE], uint8_t ctl, const char *isrc,
		 int32_t abs) __attribute__((warn_unused_result));
/* An ISRC every image format and Q can hold (ISO 3901: CCOOOYYSSSSS,
 * no dashes; docs/formats.md 4.1): the one check readers and the drive use. */
bool vb_isrc_ok(const char *isrc);
/* Extracts the ISRC into isrc[13] (NUL-terminated). 0, -ENOMSG, -EINVAL. */
int vb_subq_isrc_decode(const uint8_t q[VB_SUBQ_SIZE], char isrc[13]);

/*
 * One lead-in TOC entry (Q with TNO 0, docs/formats.md 6.6) in the binary form
 * CCD, MDS and READ TOC format 0010b use. POINT 1..99 and the time fields
 * become BCD in raw Q; A0's PSEC (disc type 0x00/0x10/0x20) and C0's
 * Min/Sec/Frame (ATIP codes) are codes and are copied as they are.
 */
struct vb_toc_point {
	uint8_t ctl, adr;
	uint8_t point;		 /* 1..99, 0xA0, 0xA1, 0xA2, 0xB0, 0xC0, ... */
	uint8_t min, sec, frame; /* ADR 1: running time; B0: next area */
	uint8_t zero;		 /* B0: number of ADR-5 pointers */
	uint8_t pmin, psec, pframe;
};

/* Helpers filling an ADR-1 entry (running time left zero). */
void vb_toc_point_track(struct vb_toc_point *p, uint8_t ctl, uint8_t tno,
			int32_t start);
void vb_toc_point_a0(struct vb_toc_point *p, uint8_t ctl, uint8_t first,
		     uint8_t disc_type);
void vb_toc_point_a1(struct vb_toc_point *p, uint8_t ctl, uint8_t last);
void vb_toc_point_a2(struct vb_toc_point *p, uint8_t ctl, int32_t leadout);

/* Raw Q (BCD, with CRC) <-> binary entry. Return 0 or -EINVAL. */
int vb_subq_toc_encode(uint8_t q[VB_SUBQ_SIZE], const struct vb_toc_point *p)
	__attribute__((warn_unused_result));
int vb_subq_toc_decode(const uint8_t q[VB_SUBQ_SIZE], struct vb_toc_point *p);

/*
 * The lead-in Q of sector lba (negative): entries pts[0..n-1] in turn, each
 * repeated 3 times, starting at leadin_start, with the running time set to
 * lba's absolute MSF. Returns 0 or -EINVAL.
 */
int vb_subq_leadin(uint8_t q[VB_SUBQ_SIZE], const struct vb_toc_point *pts,
		   size_t n, int32_t leadin_start, int32_t lba)
	__attribute__((warn_unused_result));

/* P channel: all ones in a pause (INDEX 00), else zeros. */
void vb_subch_p_pause(uint8_t p[VB_SUBCH_CHAN], bool pause);
/*
 * P channel in the lead-out, rel sectors after its start: zero for the
 * first 150 sectors, then ones and zeros alternating every 75 sectors
 * (cdrkit's writer; docs/formats.md 8 lists the lead-out P pattern as open).
 */
void vb_subch_p_leadout(uint8_t p[VB_SUBCH_CHAN], int32_t rel);

/*
 * Raw (interleaved) P-W: byte k holds bit k of every channel, P in bit 7
 * ... W in bit 0. Linear: 12 bytes P, 12 Q, ... 12 W (CloneCD .sub).
 * in and out must not overlap.
 */
void vb_subch_interleave(uint8_t raw[VB_SUBCH_RAW],
			 const uint8_t lin[VB_SUBCH_RAW]);
void vb_subch_deinterleave(uint8_t lin[VB_SUBCH_RAW],
			   const uint8_t raw[VB_SUBCH_RAW]);
/* Extracts one channel (0 = P ... 7 = W) from raw P-W. */
void vb_subch_extract(uint8_t chan[VB_SUBCH_CHAN],
		      const uint8_t raw[VB_SUBCH_RAW], unsigned which);
/* Whether raw P-W carry any R-W: a low 6 bits not zero (CD+G, CD-TEXT). */
bool vb_subch_has_rw(const uint8_t raw[VB_SUBCH_RAW]);

/* CD-TEXT: inverted CRC-16 of pack bytes 0..15 in bytes 16..17 (BE). */
void vb_cdtext_set_crc(uint8_t pack[VB_CDTEXT_PACK]);
bool vb_cdtext_crc_ok(const uint8_t pack[VB_CDTEXT_PACK]);

#endif
