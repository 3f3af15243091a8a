/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the CHD reader (formats/chd.c, chd_disc.c, chd_map.c,
 * chd_huff.c, chd_codec.c): the input is a whole .chd file (header, metadata
 * chain, hunk map and compressed hunks, docs/chd.md), opened from memory
 * through the format registry; a disc that opens is walked and read by
 * fz_walk(), which decodes hunks with every codec the file names. Seeds:
 * fuzz/corpus/chd/ (CHDs of our writer and of chdman 0.251).
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
	fz_open("chd", "a.chd", data, size);
	return 0;
}
