/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Issue 14's read figures: the same disc loaded as a CHD and as a CUE/BIN,
 * read with READ CD (raw 2352-byte sectors, as cdparanoia and readom read)
 * through the drive core (vb_drive_exec, no transport): sequentially over
 * the whole disc in 27-sector requests, and 2000 single-sector requests at
 * random LBAs (the same ones for both), best of 3 rounds, alternating.
 * Usage: chd_read_bench DIR IMAGE.chd IMAGE.cue. Prints one JSON object.
 * Not part of make check (bench/README.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/log.h"

#define RANDOM_READS 2000
#define SEQ_CHUNK 27

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned exec(struct vb_drive *d, const uint8_t *cdb, unsigned len,
		     uint8_t *buf, uint32_t n)
{
	struct vb_cmd c = { 0 };

	memcpy(c.cdb, cdb, len);
	c.cdb_len = (uint8_t)len;
	c.dir = buf ? VB_DXFER_FROM_DEV : VB_DXFER_NONE;
	c.buf = buf;
	c.buf_len = n;
	vb_drive_exec(d, &c);
	return c.status;
}

static int read_cd(struct vb_drive *d, uint32_t lba, uint32_t n, uint8_t *buf)
{
	uint8_t cdb[12] = { 0xbe };

	put_be32(cdb + 2, lba);
	cdb[6] = (uint8_t)(n >> 16);
	put_be16(cdb + 7, (uint16_t)n);
	cdb[9] = 0xf8; /* sync, header, user data, EDC/ECC: 2352 bytes */
	return exec(d, cdb, 12, buf, n * 2352) ? -EIO : 0;
}

/* The drive with path loaded, and its lead-out (READ CAPACITY + 1). */
static struct vb_drive *load(const char *dir, const char *path, uint32_t *end)
{
	struct vb_drive_opts o = { .image_dir = dir };
	uint8_t tur[10] = { 0 }, cap[10] = { 0x25 }, b[8];
	struct vb_drive *d = vb_drive_new(&o);
	char err[512];

	if (!d || vb_drive_load(d, path, false, err, sizeof(err))) {
		fprintf(stderr, "chd_read_bench: %s: %s\n", path,
			d ? err : strerror(errno));
		exit(1);
	}
	exec(d, tur, 10, NULL, 0); /* the unit attention of the change */
	if (exec(d, cap, 10, b, 8)) {
		fprintf(stderr, "chd_read_bench: READ CAPACITY failed\n");
		exit(1);
	}
	*end = get_be32(b) + 1;
	return d;
}

static double seq(struct vb_drive *d, uint32_t end, uint8_t *buf)
{
	double t0 = now();

	for (uint32_t lba = 0; lba < end; lba += SEQ_CHUNK)
		if (read_cd(d, lba, VB_MIN(SEQ_CHUNK, end - lba), buf)) {
			fprintf(stderr, "chd_read_bench: READ CD %u\n", lba);
			exit(1);
		}
	return now() - t0;
}

static double rnd(struct vb_drive *d, const uint32_t *lba, uint8_t *buf)
{
	double t0 = now();

	for (unsigned i = 0; i < RANDOM_READS; i++)
		if (read_cd(d, lba[i], 1, buf)) {
			fprintf(stderr, "chd_read_bench: READ CD %u\n", lba[i]);
			exit(1);
		}
	return now() - t0;
}

int main(int argc, char **argv)
{
	double s[2] = { 1e9, 1e9 }, r[2] = { 1e9, 1e9 };
	uint32_t end[2], lba[RANDOM_READS], x = 2463534242u;
	struct vb_drive *d[2];
	uint8_t *buf;

	if (argc != 4) {
		fprintf(stderr, "usage: chd_read_bench DIR IMAGE.chd "
				"IMAGE.cue\n");
		return 2;
	}
	vb_log_threshold = VB_LOG_ERR;
	d[0] = load(argv[1], argv[2], &end[0]);
	d[1] = load(argv[1], argv[3], &end[1]);
	if (end[0] != end[1]) {
		fprintf(stderr, "chd_read_bench: not the same disc\n");
		return 1;
	}
	for (unsigned i = 0; i < RANDOM_READS; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		lba[i] = x % end[0];
	}
	buf = malloc(SEQ_CHUNK * 2352);
	if (!buf)
		return 1;
	seq(d[1], end[1], buf); /* warm the page cache for both */
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 2; i++) {
			s[i] = VB_MIN(s[i], seq(d[i], end[i], buf));
			r[i] = VB_MIN(r[i], rnd(d[i], lba, buf));
		}
	printf("{\"sectors\": %u, \"sequential\": {\"chd_mb_s\": %.1f, "
	       "\"cue_mb_s\": %.1f, \"chd_time_over_cue\": %.2f}, "
	       "\"random\": {\"reads\": %u, \"chd_ms\": %.1f, \"cue_ms\": "
	       "%.1f, \"chd_time_over_cue\": %.2f}}\n",
	       end[0], end[0] * 2352.0 / s[0] / 1e6,
	       end[0] * 2352.0 / s[1] / 1e6, s[0] / s[1], RANDOM_READS,
	       r[0] * 1e3, r[1] * 1e3, r[0] / r[1]);
	free(buf);
	vb_drive_free(d[0]);
	vb_drive_free(d[1]);
	return 0;
}
