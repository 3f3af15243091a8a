/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the sector library (formats/sector.c, formats/sector_ecc.c):
 * raw sector offsets and the ECC parity computation verify needs without
 * writing into the sector.
 */
#ifndef VBURN_FORMATS_SECTOR_ECC_H
#define VBURN_FORMATS_SECTOR_ECC_H

#include <stdint.h>

/*
 * Byte offsets in a raw sector (docs/formats.md 6.1). ECC covers 12..2075 as
 * 1032 16-bit words, i.e. 24 rows of 86 bytes; P parity adds rows 24-25.
 */
#define SEC_HEADER 12
#define SEC_DATA 16
#define SEC_XA_DATA 24
#define SEC_M1_EDC 2064
#define SEC_M1_PAD 2068
#define SEC_F1_EDC 2072
#define SEC_F2_EDC 2348
#define SEC_ECC_P 2076
#define SEC_ECC_Q 2248
#define ECC_P_SIZE 172
#define ECC_Q_SIZE 104

/*
 * P parity of the 24 data rows at d (= raw + 12) and Q parity of d's 26
 * rows, i.e. over the P rows as they stand at d + 2064. d must hold 2236
 * readable bytes (12..2247 of a sector).
 */
void sector_ecc_parity(const uint8_t *d, uint8_t p[ECC_P_SIZE],
		       uint8_t q[ECC_Q_SIZE]);

#endif
