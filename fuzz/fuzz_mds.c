/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the Alcohol 120% MDS reader (formats/mds.c): the
 * input is a binary .mds descriptor (docs/formats.md 3), opened from memory as
 * <data dir>/a.mds through the format registry, so a "*.mdf" file name
 * means the a.mdf (64 sectors of 2448 bytes) that fz_data_init() writes;
 * a disc that opens is walked by fz_walk(). Seeds: fuzz/corpus/mds/.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_data_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_open("mds", "a.mds", data, size);
	return 0;
}
