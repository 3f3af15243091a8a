/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the CUE sheet reader (formats/cue.c): the input is
 * the text of a .cue sheet (docs/formats.md 4.1), opened from memory as
 * <data dir>/a.cue through the format registry. The data files the seeds
 * name (a.bin, a.wav, a.iso) exist in the directory fz_data_init() makes,
 * so inputs reach the layout and the sector reads, not only "file not
 * found"; a disc that opens is walked by fz_walk(). Seeds: fuzz/corpus/cue/.
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
	/*
	 * A missing FILE falls back to the .bin named like the sheet; as
	 * b.cue (odd sizes) there is no b.bin, so "not found" is reached too.
	 */
	fz_open("cue", size & 1 ? "b.cue" : "a.cue", data, size);
	return 0;
}
