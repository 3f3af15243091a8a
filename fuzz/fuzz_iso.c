/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the flat image reader (formats/iso.c, formats.md 5).
 * Its interesting input is large and mostly zero: volume descriptors are
 * looked for at block 16 of every session, and sessions follow each other
 * at 16/32-block alignment or after a CD gap. So besides a plain image
 * (any input not starting with the magic below, opened as it is), an
 * input may describe a sparse image that the target expands:
 *
 *   "SPRS"  u8 layout  u16le blocks  then chunks until the end:
 *           u16le block  u16le offset  u8 len  len bytes
 *
 * layout picks the block size (2048, 2352 or 2336 bytes: the layouts
 * iso.c accepts), blocks the image size (at most FZ_ISO_BLOCKS), and
 * each chunk writes bytes at block * size + offset (clipped to the
 * image). A disc that opens is walked by fz_walk(). Seeds:
 * fuzz/corpus/iso/ (see fuzz/mkcorpus.py).
 */
#include "fuzz_common.h"

#define FZ_ISO_MAGIC "SPRS"
#define FZ_ISO_BLOCKS 160u /* three sessions 32 blocks apart */

static const uint16_t fz_iso_sizes[] = { 2048, 2352, 2336 };
static uint8_t *fz_iso_img;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_data_init();
	fz_iso_img = malloc((size_t)FZ_ISO_BLOCKS * 2352);
	if (!fz_iso_img)
		abort();
	return 0;
}

/* Expands a sparse description into fz_iso_img; returns the image size. */
static size_t fz_iso_expand(const uint8_t *data, size_t size)
{
	const unsigned bs = fz_iso_sizes[data[4] % VB_ARRAY_SIZE(fz_iso_sizes)];
	const size_t len =
		(size_t)(get_le16(data + 5) % (FZ_ISO_BLOCKS + 1)) * bs;
	size_t pos = 7;

	memset(fz_iso_img, 0, len);
	while (pos + 5 <= size) {
		size_t off = (size_t)get_le16(data + pos) * bs +
			     get_le16(data + pos + 2) % bs;
		size_t n = data[pos + 4];

		pos += 5;
		n = VB_MIN(n, size - pos);
		if (off < len)
			memcpy(fz_iso_img + off, data + pos,
			       VB_MIN(n, len - off));
		pos += n;
	}
	return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 7 && !memcmp(data, FZ_ISO_MAGIC, 4))
		fz_open("iso", "a.iso", fz_iso_img, fz_iso_expand(data, size));
	else
		fz_open("iso", "a.iso", data, size);
	return 0;
}
