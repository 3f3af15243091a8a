/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to formats/mds.c (reader, ops) and formats/mds_write.c: the
 * MDS v1 layout (docs/formats.md 3; all integers little-endian) and the writer
 * entry points.
 */
#ifndef VBURN_FORMATS_MDS_H
#define VBURN_FORMATS_MDS_H

#include "vburn/img.h"

#define MDS_SIGNATURE "MEDIA DESCRIPTOR" /* 16 bytes, no NUL */
#define MDS_HEADER 0x58			 /* header size = first session block */
#define MDS_SESSION 24			 /* session block */
#define MDS_TRACK 80			 /* track ("data") block */
#define MDS_EXTRA 8			 /* extra ("index") block, CD only */
#define MDS_FOOTER 16			 /* filename block */

/* Header fields (docs/formats.md 3.2). */
#define MDS_H_VERSION 0x10  /* u8 major, u8 minor */
#define MDS_H_MEDIUM 0x12   /* u16 medium type */
#define MDS_H_SESSIONS 0x14 /* u16 */
#define MDS_H_UNKNOWN1 0x16 /* u32, always 2 */
#define MDS_H_BCA_LEN 0x1a
#define MDS_H_STRUCT 0x40   /* u32 offset of DVD disc structures */
#define MDS_H_SESS_OFF 0x50 /* u32 offset of the first session block */
#define MDS_H_DPM 0x54	    /* u32 offset of DPM data */

/* Medium types (u16 at 0x12). */
#define MDS_MEDIUM_CD_ROM 0x00
#define MDS_MEDIUM_CD_R 0x01
#define MDS_MEDIUM_CD_RW 0x02
#define MDS_MEDIUM_DVD_ROM 0x10
#define MDS_MEDIUM_DVD_R 0x12

/* Session block (docs/formats.md 3.3). */
#define MDS_S_START 0	  /* s32 */
#define MDS_S_END 4	  /* s32, lead-out */
#define MDS_S_NUMBER 8	  /* u16 */
#define MDS_S_ALL 10	  /* u8 track blocks */
#define MDS_S_NONTRACK 11 /* u8 blocks with point >= 0xA0 */
#define MDS_S_FIRST 12	  /* u16 */
#define MDS_S_LAST 14	  /* u16 */
#define MDS_S_TRACKS 20	  /* u32 offset of its first track block */

/* Track block (docs/formats.md 3.4). */
#define MDS_T_MODE 0x00
#define MDS_T_SUBCH 0x01   /* 0x08: 96 bytes interleaved P-W follow */
#define MDS_T_ADR_CTL 0x02 /* ADR high nibble, CONTROL low nibble */
#define MDS_T_TNO 0x03
#define MDS_T_POINT 0x04
#define MDS_T_MIN 0x05	/* Min, Sec, Frame (B0: next program area) */
#define MDS_T_ZERO 0x08 /* B0: number of ADR-5 pointers */
#define MDS_T_PMIN 0x09
#define MDS_T_EXTRA 0x0c   /* u32: CD extra block offset; DVD: length */
#define MDS_T_SIZE 0x10	   /* u16 sector size in the MDF */
#define MDS_T_UNKNOWN 0x12 /* u8, 2 for CD tracks */
#define MDS_T_START 0x24   /* u32 INDEX 01 LBA */
#define MDS_T_OFFSET 0x28  /* u64 offset in the MDF */
#define MDS_T_FILES 0x30   /* u32 */
#define MDS_T_FOOTER 0x34  /* u32 offset of the filename block(s) */

#define MDS_SUBCH_PW 0x08

/*
 * Track mode byte (docs/formats.md 3.4): readers use the low nibble. Written:
 * 0xA9 audio, 0xAA Mode 1, 0xAB formless Mode 2, 0xEC / 0xED XA Form 1 /
 * Form 2 (Aaru's values), 0xAC for an XA track mixing both forms (the
 * older code psxspx lists, same low nibble), 0x02 DVD (Aaru).
 */
#define MDS_MODE_AUDIO 0xa9
#define MDS_MODE_MODE1 0xaa
#define MDS_MODE_MODE2 0xab
#define MDS_MODE_FORM1 0xec
#define MDS_MODE_FORM2 0xed
#define MDS_MODE_MIXED 0xac
#define MDS_MODE_DVD 0x02

int mds_can_write(const struct vb_disc *d, struct vb_diag *diag);
int mds_write(const struct vb_disc *d, const char *path,
	      const struct vb_img_wopts *opts, struct vb_diag *diag);

#endif
