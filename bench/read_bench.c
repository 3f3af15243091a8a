/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Issue 8's read figures, measured side by side in one run:
 *   - load: vb_drive_load of a 4 GiB ISO (sparse, a primary volume
 *     descriptor at sector 16), best of 10, and the resident memory it
 *     adds (loading parses descriptors only, so it must not grow with
 *     the image);
 *   - sequential READ(10) through the drive core (vb_drive_exec, no
 *     transport) against pread() of the same file, same chunk size,
 *     warm page cache, best of 5 rounds each, alternating.
 * Usage: read_bench DIR [MiB, 1024] [chunk sectors, 32]. Prints one JSON
 * object. Not part of make check (bench/README.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/log.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set size in KiB (/proc/self/statm, pages). */
static long rss_kib(void)
{
	long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static void die(const char *what)
{
	fprintf(stderr, "read_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* An ISO of `sectors` whose PVD (ECMA-119 8.4) says so; data random when
 * fill, else a sparse file. */
static void make_iso(const char *path, uint32_t sectors, int fill)
{
	uint8_t pvd[2048] = { 1, 'C', 'D', '0', '0', '1', 1 };
	uint8_t term[2048] = { 255, 'C', 'D', '0', '0', '1', 1 };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die(path);
	put_le32(pvd + 80, sectors);
	put_be32(pvd + 84, sectors);
	if (fill) {
		uint8_t *buf = malloc(1 << 20);
		uint32_t x = 12345;

		for (size_t i = 0; i < (1 << 20); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		for (uint64_t off = 0; off < (uint64_t)sectors * 2048;
		     off += 1 << 20)
			if (pwrite(fd, buf, 1 << 20, (off_t)off) != 1 << 20)
				die(path);
		free(buf);
	} else if (ftruncate(fd, (off_t)sectors * 2048) < 0) {
		die(path);
	}
	if (pwrite(fd, pvd, 2048, 16 * 2048) != 2048 ||
	    pwrite(fd, term, 2048, 17 * 2048) != 2048)
		die(path);
	close(fd);
}

static unsigned exec(struct vb_drive *d, const uint8_t *cdb, uint8_t *buf,
		     uint32_t len)
{
	struct vb_cmd c = { 0 };

	memcpy(c.cdb, cdb, 10);
	c.cdb_len = 10;
	c.dir = buf ? VB_DXFER_FROM_DEV : VB_DXFER_NONE;
	c.buf = buf;
	c.buf_len = len;
	vb_drive_exec(d, &c);
	return c.status;
}

static double time_pread(int fd, uint32_t sectors, uint32_t chunk, uint8_t *buf)
{
	double t0 = now();

	for (uint32_t lba = 0; lba < sectors; lba += chunk)
		if (pread(fd, buf, (size_t)chunk * 2048, (off_t)lba * 2048) !=
		    (ssize_t)chunk * 2048)
			die("pread");
	return now() - t0;
}

static double time_read10(struct vb_drive *d, uint32_t sectors, uint32_t chunk,
			  uint8_t *buf)
{
	uint8_t cdb[10] = { 0x28 };
	double t0 = now();

	put_be16(cdb + 7, (uint16_t)chunk);
	for (uint32_t lba = 0; lba < sectors; lba += chunk) {
		put_be32(cdb + 2, lba);
		if (exec(d, cdb, buf, chunk * 2048)) {
			fprintf(stderr, "read_bench: READ(10) at %u failed\n",
				lba);
			exit(1);
		}
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : NULL;
	const uint32_t mib = argc > 2 ? (uint32_t)atoi(argv[2]) : 1024;
	const uint32_t chunk = argc > 3 ? (uint32_t)atoi(argv[3]) : 32;
	const uint32_t sectors = mib * 512;
	struct vb_drive_opts o = { .image_dir = dir };
	char big[4096], seq[4096], err[512];
	double load_best = 1e9, pread_best = 1e9, read_best = 1e9;
	uint8_t tur[10] = { 0 }, *buf;
	struct vb_drive *d;
	long rss0, rss1;
	int fd;

	if (!dir || !mib || !chunk || chunk > 65535) {
		fprintf(stderr, "usage: read_bench DIR [MiB] [chunk]\n");
		return 2;
	}
	vb_log_threshold = VB_LOG_ERR;
	snprintf(big, sizeof(big), "%s/big.iso", dir);
	snprintf(seq, sizeof(seq), "%s/seq.iso", dir);
	make_iso(big, 2u << 20, 0); /* 4 GiB */
	make_iso(seq, sectors, 1);
	d = vb_drive_new(&o);
	if (!d)
		die("vb_drive_new");

	rss0 = rss_kib();
	for (int i = 0; i < 10; i++) {
		double t0 = now();

		if (vb_drive_load(d, big, false, err, sizeof(err))) {
			fprintf(stderr, "read_bench: %s\n", err);
			return 1;
		}
		t0 = now() - t0;
		load_best = VB_MIN(load_best, t0);
	}
	rss1 = rss_kib();

	if (vb_drive_load(d, seq, false, err, sizeof(err))) {
		fprintf(stderr, "read_bench: %s\n", err);
		return 1;
	}
	exec(d, tur, NULL, 0); /* the unit attention of the change */
	fd = open(seq, O_RDONLY);
	buf = malloc((size_t)chunk * 2048);
	if (fd < 0 || !buf)
		die(seq);
	time_pread(fd, sectors, chunk, buf); /* warm the page cache */
	for (int r = 0; r < 5; r++) {
		pread_best =
			VB_MIN(pread_best, time_pread(fd, sectors, chunk, buf));
		read_best =
			VB_MIN(read_best, time_read10(d, sectors, chunk, buf));
	}
	printf("{\"load\": {\"image_bytes\": %llu, \"best_ms\": %.3f, "
	       "\"rss_added_kib\": %ld}, "
	       "\"sequential\": {\"bytes\": %llu, \"chunk_bytes\": %u, "
	       "\"pread_s\": %.4f, \"read10_s\": %.4f, "
	       "\"pread_mb_s\": %.0f, \"read10_mb_s\": %.0f, "
	       "\"ratio\": %.3f}}\n",
	       (unsigned long long)(2ull << 20) * 2048, load_best * 1e3,
	       rss1 - rss0, (unsigned long long)sectors * 2048, chunk * 2048,
	       pread_best, read_best, sectors * 2048.0 / pread_best / 1e6,
	       sectors * 2048.0 / read_best / 1e6, pread_best / read_best);
	close(fd);
	free(buf);
	vb_drive_free(d);
	unlink(big);
	unlink(seq);
	return 0;
}
