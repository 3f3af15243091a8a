/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the flat image reader (formats/iso.c,
 * docs/formats.md 5).
 * Its interesting input is large and mostly zero: volume descriptors are
 * looked for at block 16 of every session, and sessions follow each other
 * at 16/32-block alignment or after a CD gap. So besides a plain image
 * (any input not starting with "SPRS", opened as it is), an input may
 * describe a sparse image (fz_sparse_expand in fuzz_common.h). A disc
 * that opens is walked by fz_walk(). Seeds: fuzz/corpus/iso/ (see
 * fuzz/mkcorpus.py).
 */
#include "fuzz_common.h"

static uint8_t *fz_iso_img;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_data_init();
	fz_iso_img = malloc((size_t)FZ_SPARSE_BLOCKS * 2352);
	if (!fz_iso_img)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 7 && !memcmp(data, FZ_SPARSE_MAGIC, 4))
		fz_open("iso", "a.iso", fz_iso_img,
			fz_sparse_expand(fz_iso_img, data, size));
	else
		fz_open("iso", "a.iso", data, size);
	return 0;
}
