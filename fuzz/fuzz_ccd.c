/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the CloneCD reader (formats/ccd.c, ccd_parse.c):
 * the input is the text of a .ccd control file (docs/formats.md 2), opened from
 * memory as <data dir>/a.ccd through the format registry, so its
 * companions are the a.img (64 raw sectors) and a.sub that fz_data_init()
 * writes; a disc that opens is walked by fz_walk(). Seeds:
 * fuzz/corpus/ccd/.
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
	fz_open("ccd", "a.ccd", data, size);
	return 0;
}
