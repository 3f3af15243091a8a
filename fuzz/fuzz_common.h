/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets (fuzz/fuzz_*.c, one per image format plus
 * the sector codecs); each target includes it once, so it may define
 * functions. It owns: a quiet logger that still formats every message
 * (so a bad format argument shows up under ASan), the data directory of
 * companion files that CUE/TOC/CCD/MDS descriptors point at, opening a
 * fuzzed descriptor as an in-memory byte source through a format's ops,
 * and walking a disc that opened: the disc model's invariants are checked
 * (a violation aborts, which libFuzzer reports as a crash) and a few
 * sectors of every track are read in every read kind.
 */
#ifndef VBURN_FUZZ_COMMON_H
#define VBURN_FUZZ_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/disc.h"
#include "vburn/img.h"
#include "vburn/log.h"
#include "vburn/sector.h"
#include "vburn/src.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- logger: replaces formats/log.c, left out of libvburn.a then ---- */

enum vb_log_level vb_log_threshold = VB_LOG_DEBUG;

void vb_log(enum vb_log_level lvl, const char *tag, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	(void)lvl;
	(void)tag;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (getenv("VBURN_FUZZ_LOG"))
		fprintf(stderr, "vburn[%s]: %s\n", tag, line);
}

/* An oracle: a broken invariant is a finding, reported as a crash. */
#define FZ_CHECK(cond)                                                      \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz oracle failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);                 \
			abort();                                            \
		}                                                           \
	} while (0)

/* ---- the data directory ---- */

/*
 * Companion files every descriptor seed refers to, all FZ_SECTORS long:
 * a.bin/a.img raw Mode 1 sectors (LBA i has a valid header and EDC/ECC),
 * a.sub CloneCD linear subchannel with track 1 Q, a.mdf raw + 96 bytes of
 * interleaved P-W, a.iso 2048-byte blocks, a.wav a RIFF/WAVE header and
 * 2352-byte audio frames; a.cdt holds CD-TEXT packs. Seeds use the base name "a" so the name
 * fallbacks (CCD's a.img, MDS's "*.mdf", CUE's a.bin) land there too.
 */
#define FZ_SECTORS 64

static char fz_dir[256];

static inline int fz_put_file(const char *name, const uint8_t *buf, size_t len)
{
	char path[300];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", fz_dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	if (fwrite(buf, 1, len, f) != len)
		ret = -EIO;
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

/* Removes every file in dir (what a writer or the drive left there). */
static inline void fz_clear_dir(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	char path[600];

	if (!dh)
		return;
	while ((de = readdir(dh)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	closedir(dh);
}

static inline void fz_cleanup(void)
{
	static const char *const names[] = {
		"a.bin", "a.img", "a.sub", "a.mdf", "a.iso", "a.wav", "a.cdt",
	};
	char path[300];
	unsigned i;

	if (!fz_dir[0] || getenv("VBURN_FUZZ_DATA"))
		return;
	for (i = 0; i < VB_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", fz_dir, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/w", fz_dir); /* fuzz_write's */
	rmdir(path);
	rmdir(fz_dir);
}

/* Raw sector i of the companion files: Mode 1, user bytes a pattern. */
static inline void fz_raw_sector(uint8_t raw[VB_SECTOR_RAW], unsigned i)
{
	uint8_t user[2048];
	unsigned k;

	for (k = 0; k < sizeof(user); k++)
		user[k] = (uint8_t)(i * 7 + k);
	if (vb_sector_encode(raw, VB_SECTOR_MODE1, (int32_t)i, user))
		abort();
}

static inline void fz_sub_sector(uint8_t lin[VB_SUBCH_RAW], unsigned i)
{
	const struct vb_subq pos = {
		.ctl = VB_CTL_DATA,
		.adr = 1,
		.tno = 1,
		.index = 1,
		.rel = (int32_t)i,
		.abs = (int32_t)i,
	};

	memset(lin, 0, VB_SUBCH_RAW);
	if (vb_subq_encode(lin + VB_SUBCH_CHAN, &pos))
		abort();
}

/* a.cdt: the CD-TEXT packs of a title and a performer (CUE CDTEXTFILE). */
static inline void fz_put_cdtext(void)
{
	struct vb_disc *d = vb_disc_new(VB_DISC_CD);
	uint8_t *packs = NULL;
	size_t len = 0;

	if (!d || vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 0, "Fuzz") ||
	    vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_TITLE, 1, "One") ||
	    vb_disc_add_cdtext_item(d, 0, VB_CDTEXT_PERFORMER, 1, "Seed") ||
	    vb_cdtext_encode(d, &packs, &len) ||
	    fz_put_file("a.cdt", packs, len))
		abort();
	free(packs);
	vb_disc_unref(d);
}

/*
 * Creates the data directory: $VBURN_FUZZ_DATA if set (kept, so that a
 * crash input can be replayed with vburn-img next to the same files), else
 * a fresh mkdtemp() under $TMPDIR, removed at exit.
 */
static inline void fz_data_init(void)
{
	const char *env = getenv("VBURN_FUZZ_DATA");
	const char *tmp = getenv("TMPDIR");
	uint8_t *bin, *sub, *mdf, *iso, *wav;
	unsigned i;

	if (env) {
		snprintf(fz_dir, sizeof(fz_dir), "%s", env);
		mkdir(fz_dir, 0755);
	} else {
		snprintf(fz_dir, sizeof(fz_dir), "%s/vburn-fuzz-XXXXXX",
			 tmp && tmp[0] ? tmp : "/tmp");
		if (!mkdtemp(fz_dir)) {
			perror("fuzz: mkdtemp");
			exit(1);
		}
		atexit(fz_cleanup);
	}
	bin = malloc(FZ_SECTORS * 2352);
	sub = malloc(FZ_SECTORS * 96);
	mdf = malloc(FZ_SECTORS * 2448);
	iso = malloc(FZ_SECTORS * 2048);
	wav = calloc(1, 44 + FZ_SECTORS * 2352);
	if (!bin || !sub || !mdf || !iso || !wav)
		abort();
	for (i = 0; i < FZ_SECTORS; i++) {
		fz_raw_sector(bin + i * 2352, i);
		fz_sub_sector(sub + i * 96, i);
		memcpy(mdf + i * 2448, bin + i * 2352, 2352);
		vb_subch_interleave(mdf + i * 2448 + 2352, sub + i * 96);
		memcpy(iso + i * 2048, bin + i * 2352 + 16, 2048);
	}
	/* canonical 44-byte RIFF/WAVE header: PCM, 2 ch, 44100 Hz, 16 bit */
	memcpy(wav, "RIFF", 4);
	put_le32(wav + 4, 36 + FZ_SECTORS * 2352);
	memcpy(wav + 8, "WAVEfmt ", 8);
	put_le32(wav + 16, 16);
	put_le16(wav + 20, 1);
	put_le16(wav + 22, 2);
	put_le32(wav + 24, 44100);
	put_le32(wav + 28, 44100 * 4);
	put_le16(wav + 32, 4);
	put_le16(wav + 34, 16);
	memcpy(wav + 36, "data", 4);
	put_le32(wav + 40, FZ_SECTORS * 2352);
	for (i = 0; i < FZ_SECTORS * 2352; i++)
		wav[44 + i] = (uint8_t)(i * 13);
	if (fz_put_file("a.bin", bin, FZ_SECTORS * 2352) ||
	    fz_put_file("a.img", bin, FZ_SECTORS * 2352) ||
	    fz_put_file("a.sub", sub, FZ_SECTORS * 96) ||
	    fz_put_file("a.mdf", mdf, FZ_SECTORS * 2448) ||
	    fz_put_file("a.iso", iso, FZ_SECTORS * 2048) ||
	    fz_put_file("a.wav", wav, 44 + FZ_SECTORS * 2352)) {
		fprintf(stderr, "fuzz: cannot write the data files in %s\n",
			fz_dir);
		exit(1);
	}
	fz_put_cdtext();
	free(bin);
	free(sub);
	free(mdf);
	free(iso);
	free(wav);
}

/*
 * The lowest free file descriptor: the same before and after an open and
 * unref means no descriptor leaked (or was closed twice) in between.
 */
static inline int fz_lowest_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* ---- walking a disc that opened ---- */

static uint8_t fz_buf[2 * 2448];

/* The extent holding absolute sector lba of t, or NULL. */
static inline const struct vb_extent *fz_extent_at(const struct vb_track *t,
						   int32_t lba)
{
	int64_t rel = (int64_t)lba - t->start + t->pregap;
	unsigned i;

	for (i = 0; rel >= 0 && i < t->n_extents; i++) {
		if (rel < t->extents[i].sectors)
			return &t->extents[i];
		rel -= t->extents[i].sectors;
	}
	return NULL;
}

/*
 * Reads count sectors at lba in every read kind. Errors are fine (a
 * negative errno); what comes back synthesised must be well formed: a
 * Mode 1 sector built from user data verifies (EDC, ECC, header), and a
 * generated Q has a good CRC.
 */
static inline void fz_read(const struct vb_disc *d, const struct vb_track *t,
			   int64_t lba, uint32_t count)
{
	const struct vb_extent *e;
	uint8_t q[VB_SUBCH_CHAN];
	unsigned k;
	int ret;

	if (lba < INT32_MIN || lba > INT32_MAX)
		return;
	for (k = VB_READ_USER; k <= VB_READ_MODE2; k++) {
		ret = vb_disc_read(d, (int32_t)lba, count, (enum vb_read_kind)k,
				   fz_buf);
		FZ_CHECK(ret <= 0 && ret > -4096);
		if (ret || count != 1 || d->kind != VB_DISC_CD)
			continue;
		e = fz_extent_at(t, (int32_t)lba);
		FZ_CHECK(e);
		if (k == VB_READ_RAW && t->mode == VB_MODE_MODE1 &&
		    e->data != VB_DATA_RAW)
			FZ_CHECK(!vb_sector_verify_as(fz_buf, VB_SECTOR_MODE1,
						      (int32_t)lba, NULL));
		if (k == VB_READ_RAW_SUB && e->sub == VB_SUB_NONE) {
			vb_subch_extract(q, fz_buf + VB_SECTOR_RAW, 1);
			FZ_CHECK(vb_subq_crc_ok(q));
		}
	}
}

/* The invariants vb_disc_finish() promises (include/vburn/disc.h). */
static inline void fz_check_layout(const struct vb_disc *d)
{
	int64_t end = INT64_MIN;
	unsigned i, k, n = 0, x;

	FZ_CHECK(d->n_sessions && d->n_tracks);
	for (i = 0; i < d->n_sessions; i++) {
		const struct vb_session *s = d->sessions[i];

		FZ_CHECK(s->number == i + 1 && vb_disc_session(d, i + 1) == s);
		FZ_CHECK(s->first == n && s->count &&
			 s->first + s->count <= d->n_tracks);
		for (k = s->first; k < s->first + s->count; k++) {
			const struct vb_track *t = d->tracks[k];
			uint64_t sum = 0;

			FZ_CHECK(t->session == s->number && t->length);
			FZ_CHECK((int64_t)t->start - t->pregap >= end);
			FZ_CHECK(!k || t->number > d->tracks[k - 1]->number);
			for (x = 0; x < t->n_extents; x++)
				sum += t->extents[x].sectors;
			FZ_CHECK(sum == (uint64_t)t->pregap + t->length);
			FZ_CHECK(!t->n_index ||
				 t->index[t->n_index - 1] < t->length);
			FZ_CHECK(vb_disc_track_at(d, t->start) == t);
			FZ_CHECK(vb_disc_track(d, t->number) == t);
			end = (int64_t)t->start + t->length;
		}
		FZ_CHECK(s->leadout >= end);
		end = s->leadout;
		n += s->count;
	}
	FZ_CHECK(n == d->n_tracks);
}

/* Everything a caller may do with a finished disc, briefly. */
static inline void fz_walk(struct vb_disc *d)
{
	const struct vb_track *first, *last;
	struct vb_diag diag;
	const struct img_ops *ops;
	uint8_t *packs = NULL;
	size_t len = 0;
	unsigned i;

	fz_check_layout(d);
	vb_disc_unref(vb_disc_ref(d));
	for (i = 0; i < d->n_tracks && i < 99; i++) {
		const struct vb_track *t = d->tracks[i];
		int64_t begin = (int64_t)t->start - t->pregap;
		int64_t end = (int64_t)t->start + t->length;

		(void)vb_track_mode_name(t->mode);
		(void)vb_track_sector_size(t);
		(void)vb_track_sub(t);
		(void)vb_track_pregap_stored(t);
		(void)vb_mode_is_data(t->mode);
		fz_read(d, t, begin, 1);
		fz_read(d, t, t->start, 1);
		fz_read(d, t, end - 1, 1);
		/* across the end of the track (into the next, or nowhere) */
		fz_read(d, t, end - 1, 2);
	}
	/* before the first track and in the last lead-out: nothing there */
	first = d->tracks[0];
	last = d->tracks[d->n_tracks - 1];
	if ((int64_t)first->start - first->pregap > INT32_MIN)
		FZ_CHECK(vb_disc_read(d,
				      first->start - (int32_t)first->pregap - 1,
				      1, VB_READ_RAW, fz_buf) == -ENXIO);
	if (vb_disc_leadout(d) < INT32_MAX &&
	    vb_disc_leadout(d) >= (int64_t)last->start + last->length)
		FZ_CHECK(vb_disc_read(d, vb_disc_leadout(d), 1, VB_READ_RAW,
				      fz_buf) == -ENXIO);
	if (d->n_cdtext_items && !vb_cdtext_encode(d, &packs, &len))
		FZ_CHECK(len && len % VB_CDTEXT_PACK == 0);
	free(packs);
	for (i = 0; (ops = vb_img_format_at(i)); i++)
		if (ops->can_write)
			(void)ops->can_write(d, &diag);
}

/*
 * Opens data as an image of format fmt named name in the data directory
 * (the name decides where companion files are looked for). Returns the
 * disc (owned) or NULL; checks what every open must hold on the way: a
 * probe answer in range, a negative errno and a one-line reason on
 * failure, no file descriptor leaked.
 */
static inline struct vb_disc *fz_open_disc(const char *fmt, const char *name,
					   const uint8_t *data, size_t size)
{
	const struct img_ops *ops = vb_img_find(fmt);
	struct vb_diag diag = { .msg = "" };
	struct vb_disc *d = NULL;
	struct vb_src *src;
	char path[300];
	size_t i;
	int ret;

	FZ_CHECK(ops && fz_dir[0]);
	snprintf(path, sizeof(path), "%s/%s", fz_dir, name);
	if (vb_src_new_mem(&src, data, size, path))
		return NULL;
	ret = ops->probe(src, path);
	FZ_CHECK(ret <= 1 && ret > -4096);
	ret = ops->open(src, path, &d, &diag);
	vb_src_unref(src);
	if (getenv("VBURN_FUZZ_LOG"))
		fprintf(stderr, "%s: %s\n", fmt, ret ? diag.msg : "opened");
	if (d && getenv("VBURN_FUZZ_LOG"))
		fprintf(stderr, "%s: %u sessions, %u tracks, lead-out %d\n",
			fmt, d->n_sessions, d->n_tracks, vb_disc_leadout(d));
	if (ret) {
		FZ_CHECK(ret < 0 && ret > -4096);
		/* one line (the reason shown to users) */
		for (i = 0; diag.msg[i]; i++)
			FZ_CHECK((unsigned char)diag.msg[i] >= 0x20);
		return NULL;
	}
	FZ_CHECK(d);
	return d;
}

/*
 * A sparse image (fuzz_iso, fuzz_fs): file systems are large and mostly
 * zero, so an input may describe one that the target expands:
 *
 *   "SPRS"  u8 layout  u16le blocks  then chunks until the end:
 *           u16le block  u16le offset  u8 len  len bytes
 *
 * layout picks the block size (2048, 2352 or 2336 bytes: the layouts
 * formats/iso.c accepts), blocks the image size (at most
 * FZ_SPARSE_BLOCKS), and each chunk writes bytes at block * size + offset
 * (clipped to the image).
 */
#define FZ_SPARSE_MAGIC "SPRS"
/* three ISO sessions 32 blocks apart; a small UDF 2.50 volume (its
 * anchor at 256 and at the end, fuzz_fs) */
#define FZ_SPARSE_BLOCKS 512u

/* Expands the description (size >= 7) into img, which holds
 * FZ_SPARSE_BLOCKS * 2352 bytes; returns the image size. */
static inline size_t fz_sparse_expand(uint8_t *img, const uint8_t *data,
				      size_t size)
{
	static const uint16_t sizes[] = { 2048, 2352, 2336 };
	const unsigned bs = sizes[data[4] % VB_ARRAY_SIZE(sizes)];
	const size_t len =
		(size_t)(get_le16(data + 5) % (FZ_SPARSE_BLOCKS + 1)) * bs;
	size_t pos = 7;

	memset(img, 0, len);
	while (pos + 5 <= size) {
		size_t off = (size_t)get_le16(data + pos) * bs +
			     get_le16(data + pos + 2) % bs;
		size_t n = data[pos + 4];

		pos += 5;
		n = VB_MIN(n, size - pos);
		if (off < len)
			memcpy(img + off, data + pos, VB_MIN(n, len - off));
		pos += n;
	}
	return len;
}

/* Opens data as fz_open_disc() does and walks the disc if it opened. */
static inline void fz_open(const char *fmt, const char *name,
			   const uint8_t *data, size_t size)
{
	int fd = fz_lowest_fd();
	struct vb_disc *d = fz_open_disc(fmt, name, data, size);

	if (d) {
		fz_walk(d);
		vb_disc_unref(d);
	}
	FZ_CHECK(fz_lowest_fd() == fd);
}

#endif
