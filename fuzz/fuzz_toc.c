/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the cdrdao TOC reader (formats/toc.c): the input is
 * the text of a .toc file (docs/formats.md 4.2), opened from memory as
 * <data dir>/a.toc through the format registry. The files the seeds name
 * (a.bin, a.wav, a.iso) exist in the directory fz_data_init() makes, so
 * inputs reach the layout and the sector reads, not only "file not
 * found"; a disc that opens is walked by fz_walk(). Seeds: fuzz/corpus/toc/.
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
	fz_open("toc", "a.toc", data, size);
	return 0;
}
