/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the Nero NRG reader (formats/nrg.c): the input is a
 * whole .nrg file (footer, chunk area and the track data it points into,
 * docs/formats.md 1), opened from memory through the format registry; a disc
 * that opens is walked and read by fz_walk(). Seeds: fuzz/corpus/nrg/.
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
	fz_open("nrg", "a.nrg", data, size);
	return 0;
}
