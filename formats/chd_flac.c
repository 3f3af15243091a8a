/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The FLAC half of the CHD codecs `flac` and `cdfl` (docs/chd.md
 * "Codecs"): 16-bit stereo PCM at 44100 Hz to bare FLAC frames with
 * libFLAC's stream encoder, as chdman's settings make them (MAME
 * src/lib/util/flac.cpp, flac_encoder::reset), and back with its stream
 * decoder. A CHD stores neither the "fLaC" marker nor a STREAMINFO block,
 * so the encoder's metadata writes are dropped and the decoder is fed a
 * made-up STREAMINFO before the frames. The hunk layout around the frames
 * is formats/chd_codec.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <FLAC/stream_decoder.h>
#include <FLAC/stream_encoder.h>

#include "vburn/bytes.h"
#include "chd_flac.h"

#define FL_RATE 44100
#define FL_CHANNELS 2
#define FL_BITS 16
#define FL_LEVEL 8	 /* chdman's libFLAC compression level */
#define FL_STREAMINFO 34 /* bytes of a STREAMINFO block's body */
#define FL_HEADER (4 + 4 + FL_STREAMINFO) /* "fLaC", block header, body */

struct chd_flac {
	FLAC__StreamEncoder *enc; /* NULL until the first encode */
	FLAC__StreamDecoder *dec; /* NULL until the first decode */
	FLAC__int32 *pcm;	  /* the encoder's interleaved input */
	size_t pcm_cap;		  /* samples (per channel) pcm holds */

	/* Encoding: where the frames go. */
	uint8_t *out;
	size_t cap, len;
	bool audio; /* the first frame has been written */
	bool over;  /* a frame did not fit in cap */

	/* Decoding: the made-up header, then in; samples go to dst. */
	uint8_t head[FL_HEADER];
	const uint8_t *in;
	size_t inlen, pos; /* pos counts the header too */
	uint8_t *dst;
	size_t want, got; /* samples */
	bool big;
	bool bad; /* libFLAC reported an error, or the frames do not fit */
};

struct chd_flac *chd_flac_new(void)
{
	return calloc(1, sizeof(struct chd_flac));
}

void chd_flac_free(struct chd_flac *f)
{
	if (!f)
		return;
	if (f->enc)
		FLAC__stream_encoder_delete(f->enc);
	if (f->dec)
		FLAC__stream_decoder_delete(f->dec);
	free(f->pcm);
	free(f);
}

/*
 * Encoder write callback, called by libFLAC from process and finish: the
 * stream marker and the metadata come first with samples == 0 and are
 * dropped (a CHD block starts at the first frame header); each frame comes
 * whole in one call. Returning a fatal error when the frames outgrow the
 * block stops the encoder early; the caller sees f->over.
 */
static FLAC__StreamEncoderWriteStatus
fl_enc_write(const FLAC__StreamEncoder *enc, const FLAC__byte buf[],
	     size_t bytes, uint32_t samples, uint32_t frame, void *data)
{
	struct chd_flac *f = data;

	(void)enc;
	(void)frame;
	if (!f->audio && samples == 0)
		return FLAC__STREAM_ENCODER_WRITE_STATUS_OK;
	f->audio = true;
	if (bytes > f->cap - f->len) {
		f->over = true;
		return FLAC__STREAM_ENCODER_WRITE_STATUS_FATAL_ERROR;
	}
	memcpy(f->out + f->len, buf, bytes);
	f->len += bytes;
	return FLAC__STREAM_ENCODER_WRITE_STATUS_OK;
}

/*
 * chdman's settings (flac.cpp flac_encoder::reset). libFLAC's finish puts
 * every setting back to its default, so they are set before each stream;
 * the block size after the level, which has one of its own.
 */
static bool fl_enc_setup(FLAC__StreamEncoder *e, unsigned block)
{
	bool ok = true;

	ok &= FLAC__stream_encoder_set_verify(e, false);
	ok &= FLAC__stream_encoder_set_compression_level(e, FL_LEVEL);
	ok &= FLAC__stream_encoder_set_channels(e, FL_CHANNELS);
	ok &= FLAC__stream_encoder_set_bits_per_sample(e, FL_BITS);
	ok &= FLAC__stream_encoder_set_sample_rate(e, FL_RATE);
	ok &= FLAC__stream_encoder_set_total_samples_estimate(e, 0);
	ok &= FLAC__stream_encoder_set_streamable_subset(e, false);
	ok &= FLAC__stream_encoder_set_blocksize(e, block);
	return ok;
}

/* 16-bit samples of either byte order to libFLAC's interleaved int32s. */
static int fl_pcm(struct chd_flac *f, const uint8_t *pcm, size_t samples,
		  bool big)
{
	size_t i;

	if (samples > f->pcm_cap) {
		FLAC__int32 *p;

		p = realloc(f->pcm, samples * FL_CHANNELS * sizeof(*p));
		if (!p)
			return -ENOMEM;
		f->pcm = p;
		f->pcm_cap = samples;
	}
	for (i = 0; i < samples * FL_CHANNELS; i++) {
		const uint16_t v =
			big ? get_be16(pcm + 2 * i) : get_le16(pcm + 2 * i);

		f->pcm[i] = (int16_t)v;
	}
	return 0;
}

int chd_flac_encode(struct chd_flac *f, const uint8_t *pcm, size_t samples,
		    bool big, unsigned block, uint8_t *out, size_t cap,
		    size_t *len)
{
	FLAC__StreamEncoderInitStatus st;
	bool ok;
	int ret;

	if (samples > UINT32_MAX)
		return -ENOSPC;
	if (!f->enc && !(f->enc = FLAC__stream_encoder_new()))
		return -ENOMEM;
	if ((ret = fl_pcm(f, pcm, samples, big)))
		return ret;
	if (!fl_enc_setup(f->enc, block))
		return -ENOSPC;
	f->out = out;
	f->cap = cap;
	f->len = 0;
	f->audio = f->over = false;
	st = FLAC__stream_encoder_init_stream(f->enc, fl_enc_write, NULL, NULL,
					      NULL, f);
	if (st != FLAC__STREAM_ENCODER_INIT_STATUS_OK) {
		/* A failed init leaves the encoder uninitialised. */
		if (FLAC__stream_encoder_get_state(f->enc) ==
		    FLAC__STREAM_ENCODER_MEMORY_ALLOCATION_ERROR)
			return -ENOMEM;
		return -ENOSPC;
	}
	ok = FLAC__stream_encoder_process_interleaved(f->enc, f->pcm,
						      (uint32_t)samples);
	/* finish flushes the last block and returns to the default state. */
	ok = FLAC__stream_encoder_finish(f->enc) && ok;
	/*
	 * ... except after an error (our write callback's on overflow),
	 * which libFLAC keeps: such an encoder takes no settings, so the
	 * next stream gets a new one.
	 */
	if (FLAC__stream_encoder_get_state(f->enc) !=
	    FLAC__STREAM_ENCODER_UNINITIALIZED) {
		FLAC__stream_encoder_delete(f->enc);
		f->enc = NULL;
	}
	if (f->over)
		return -ENOSPC;
	if (!ok)
		return -ENOMEM; /* libFLAC's only other failure */
	*len = f->len;
	return 0;
}

/*
 * The 42 bytes the decoder reads first: "fLaC", then a STREAMINFO that is
 * the last metadata block, with min = max block size, unknown frame sizes,
 * 44100 Hz, 2 channels, 16 bits, unknown length, no MD5 (docs/chd.md
 * "Codecs"; the FLAC format's METADATA_BLOCK_STREAMINFO).
 */
static void fl_head(uint8_t h[FL_HEADER], unsigned block)
{
	uint8_t *si = h + 8;

	memset(h, 0, FL_HEADER);
	memcpy(h, "fLaC", 4);
	h[4] = 0x80; /* last block, type 0 STREAMINFO */
	put_be24(h + 5, FL_STREAMINFO);
	put_be16(si + 0, (uint16_t)block); /* minimum block size */
	put_be16(si + 2, (uint16_t)block); /* maximum block size */
	/* 20 bits rate, 3 bits channels - 1, 5 bits bits - 1, 36 bits total */
	put_be32(si + 10, (uint32_t)FL_RATE << 12 | (FL_CHANNELS - 1) << 9 |
				  (FL_BITS - 1) << 4);
}

/* Decoder read callback: the made-up header, then the block, then EOF. */
static FLAC__StreamDecoderReadStatus fl_read(const FLAC__StreamDecoder *dec,
					     FLAC__byte buf[], size_t *bytes,
					     void *data)
{
	struct chd_flac *f = data;
	size_t n = 0, k;

	(void)dec;
	if (f->pos < FL_HEADER) {
		k = FL_HEADER - f->pos;
		n = k < *bytes ? k : *bytes;
		memcpy(buf, f->head + f->pos, n);
		f->pos += n;
	}
	if (n < *bytes && f->pos - FL_HEADER < f->inlen) {
		k = f->inlen - (f->pos - FL_HEADER);
		if (k > *bytes - n)
			k = *bytes - n;
		memcpy(buf + n, f->in + (f->pos - FL_HEADER), k);
		f->pos += k;
		n += k;
	}
	*bytes = n;
	return n ? FLAC__STREAM_DECODER_READ_STATUS_CONTINUE :
		   FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM;
}

/* Decoder tell callback: get_decode_position needs it. */
static FLAC__StreamDecoderTellStatus fl_tell(const FLAC__StreamDecoder *dec,
					     FLAC__uint64 *off, void *data)
{
	const struct chd_flac *f = data;

	(void)dec;
	*off = f->pos;
	return FLAC__STREAM_DECODER_TELL_STATUS_OK;
}

/*
 * Decoder write callback, one decoded frame: only 16-bit stereo, and never
 * more samples than the hunk has room for (a hostile block cannot write
 * past it; MAME drops the excess, we refuse the block).
 */
static FLAC__StreamDecoderWriteStatus fl_write(const FLAC__StreamDecoder *dec,
					       const FLAC__Frame *frame,
					       const FLAC__int32 *const buf[],
					       void *data)
{
	struct chd_flac *f = data;
	const uint32_t n = frame->header.blocksize;
	uint8_t *p = f->dst + f->got * 4;
	uint32_t i;
	unsigned ch;

	(void)dec;
	if (frame->header.channels != FL_CHANNELS ||
	    frame->header.bits_per_sample != FL_BITS || n > f->want - f->got) {
		f->bad = true;
		return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
	}
	for (i = 0; i < n; i++)
		for (ch = 0; ch < FL_CHANNELS; ch++, p += 2) {
			const uint16_t v = (uint16_t)buf[ch][i];

			if (f->big)
				put_be16(p, v);
			else
				put_le16(p, v);
		}
	f->got += n;
	return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

/* Decoder error callback: lost sync, a bad header or CRC; all fatal here. */
static void fl_error(const FLAC__StreamDecoder *dec,
		     FLAC__StreamDecoderErrorStatus status, void *data)
{
	struct chd_flac *f = data;

	(void)dec;
	(void)status;
	f->bad = true;
}

/* Runs the decoder until the hunk is full; false on any error or EOF. */
static bool fl_run(struct chd_flac *f)
{
	FLAC__StreamDecoderState st;

	if (!FLAC__stream_decoder_process_until_end_of_metadata(f->dec))
		return false;
	/* Each successful round adds a frame's samples (>= 1), so it ends. */
	while (f->got < f->want) {
		if (!FLAC__stream_decoder_process_single(f->dec) || f->bad)
			return false;
		st = FLAC__stream_decoder_get_state(f->dec);
		if (st == FLAC__STREAM_DECODER_END_OF_STREAM ||
		    st == FLAC__STREAM_DECODER_ABORTED)
			return false;
	}
	return !f->bad;
}

int chd_flac_decode(struct chd_flac *f, const uint8_t *in, size_t inlen,
		    unsigned block, bool big, uint8_t *out, size_t samples,
		    size_t *used)
{
	FLAC__StreamDecoderInitStatus st;
	FLAC__uint64 pos = 0;
	bool ok;

	if (!f->dec && !(f->dec = FLAC__stream_decoder_new()))
		return -ENOMEM;
	fl_head(f->head, block);
	f->in = in;
	f->inlen = inlen;
	f->pos = 0;
	f->dst = out;
	f->want = samples;
	f->got = 0;
	f->big = big;
	f->bad = false;
	st = FLAC__stream_decoder_init_stream(f->dec, fl_read, NULL, fl_tell,
					      NULL, NULL, fl_write, NULL,
					      fl_error, f);
	if (st != FLAC__STREAM_DECODER_INIT_STATUS_OK)
		return st == FLAC__STREAM_DECODER_INIT_STATUS_MEMORY_ALLOCATION_ERROR ?
			       -ENOMEM :
			       -EINVAL;
	ok = fl_run(f);
	/*
	 * Where the last frame ended: libFLAC's tell minus what it has read
	 * ahead (MAME flac.cpp flac_decoder::finish does the same).
	 */
	ok = ok && FLAC__stream_decoder_get_decode_position(f->dec, &pos) &&
	     pos >= FL_HEADER && pos - FL_HEADER <= inlen;
	FLAC__stream_decoder_finish(f->dec);
	if (FLAC__stream_decoder_get_state(f->dec) !=
	    FLAC__STREAM_DECODER_UNINITIALIZED) {
		FLAC__stream_decoder_delete(f->dec); /* as for the encoder */
		f->dec = NULL;
	}
	if (!ok)
		return -EINVAL;
	*used = (size_t)(pos - FL_HEADER);
	return 0;
}
