/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to the CHD codecs (formats/chd_codec.c, formats/chd_flac.c): the
 * FLAC half of the `flac` and `cdfl` codecs, 16-bit stereo PCM at 44100 Hz
 * to bare FLAC frames and back (docs/chd.md "Codecs").
 */
#ifndef VBURN_FORMATS_CHD_FLAC_H
#define VBURN_FORMATS_CHD_FLAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A libFLAC encoder and decoder, made on first use; one thread at a time. */
struct chd_flac;

/* Owned; NULL if out of memory. */
struct chd_flac *chd_flac_new(void);
void chd_flac_free(struct chd_flac *f);

/*
 * Encodes samples stereo samples (4 bytes each at pcm, borrowed; big is
 * their byte order) in blocks of block samples as FLAC frames without the
 * stream marker and metadata, into out (at most cap bytes). 0 with the
 * length in *len, -ENOSPC if the frames do not fit or libFLAC refuses the
 * parameters, -ENOMEM.
 */
int chd_flac_encode(struct chd_flac *f, const uint8_t *pcm, size_t samples,
		    bool big, unsigned block, uint8_t *out, size_t cap,
		    size_t *len) __attribute__((warn_unused_result));

/*
 * Decodes bare FLAC frames at in (inlen bytes, borrowed) into exactly
 * samples stereo samples at out (byte order big), the stream's STREAMINFO
 * being assumed with block as its block size. *used is the number of
 * bytes of in the frames took (the data after them belongs to the
 * caller). 0, -EINVAL (corrupt, too few or too many samples), -ENOMEM.
 */
int chd_flac_decode(struct chd_flac *f, const uint8_t *in, size_t inlen,
		    unsigned block, bool big, uint8_t *out, size_t samples,
		    size_t *used) __attribute__((warn_unused_result));

#endif
