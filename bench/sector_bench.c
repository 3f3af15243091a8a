/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Throughput of the CD sector library (formats/sector.c): encode and
 * verify of Mode 1 and Mode 2 Form 1 sectors, EDC and ECC alone, and the
 * scrambler, in MB/s of raw 2352-byte sectors on one core. Not built by
 * default ("make bench"). Usage: sector_bench [seconds-per-case, 0.5].
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vburn/sector.h"

#define NSEC 64 /* working set: 64 sectors, 150 KB, fits in L2 */

static uint8_t user[NSEC][VB_SECTOR_RAW];
static uint8_t raw[NSEC][VB_SECTOR_RAW];
static volatile uint32_t sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

enum bench_case {
	B_ENC_M1,
	B_ENC_F1,
	B_VER_M1,
	B_VER_F1,
	B_EDC,
	B_ECC,
	B_SCRAMBLE,
	B__COUNT
};

static const char *const bench_name[B__COUNT] = {
	[B_ENC_M1] = "encode mode 1 (EDC+ECC)",
	[B_ENC_F1] = "encode mode 2 form 1",
	[B_VER_M1] = "verify mode 1",
	[B_VER_F1] = "verify mode 2 form 1",
	[B_EDC] = "EDC only (2064 bytes)",
	[B_ECC] = "ECC P+Q only",
	[B_SCRAMBLE] = "scramble",
};

/* Runs one case over the working set; returns the number of failures. */
static unsigned bench_pass(enum bench_case bc, int32_t base)
{
	struct vb_sector_check c;
	unsigned i, bad = 0;

	for (i = 0; i < NSEC; i++) {
		int32_t lba = base + (int32_t)i;

		switch (bc) {
		case B_ENC_M1:
			bad += vb_sector_encode(raw[i], VB_SECTOR_MODE1, lba,
						user[i]) != 0;
			break;
		case B_ENC_F1:
			bad += vb_sector_encode(raw[i], VB_SECTOR_MODE2_FORM1,
						lba, user[i]) != 0;
			break;
		case B_VER_M1:
		case B_VER_F1:
			bad += vb_sector_verify(raw[i], &c) != 0;
			break;
		case B_EDC:
			sink ^= vb_sector_edc(raw[i], 2064);
			break;
		case B_ECC:
			vb_sector_ecc(raw[i]);
			break;
		case B_SCRAMBLE:
			vb_sector_scramble(raw[i]);
			break;
		default:
			break;
		}
	}
	return bad;
}

static int bench_run(enum bench_case bc, double secs)
{
	double t0, t;
	unsigned long n = 0;
	unsigned bad = 0;

	/* The verify cases check sectors of the matching kind. */
	if (bc == B_VER_M1)
		bench_pass(B_ENC_M1, 0);
	else if (bc == B_VER_F1)
		bench_pass(B_ENC_F1, 0);
	t0 = now();
	do {
		bad += bench_pass(bc, 0);
		n += NSEC;
		t = now() - t0;
	} while (t < secs);
	printf("%-28s %9.1f MB/s  %8.0f sectors/s%s\n", bench_name[bc],
	       (double)n * VB_SECTOR_RAW / t / 1e6, (double)n / t,
	       bad ? "  FAILURES" : "");
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0.5;
	unsigned i, j;
	int ret = 0;

	srand(1);
	for (i = 0; i < NSEC; i++)
		for (j = 0; j < VB_SECTOR_RAW; j++)
			user[i][j] = (uint8_t)rand();
	/* Form 1 user data starts with a valid (form 1) subheader. */
	for (i = 0; i < NSEC; i++)
		memcpy(user[i], "\x00\x00\x08\x00\x00\x00\x08\x00", 8);
	for (i = 0; i < B__COUNT; i++)
		ret |= bench_run((enum bench_case)i, secs);
	return ret;
}
