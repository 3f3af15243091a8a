/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sgio_bench: the front ends' transport without any client's own pauses
 * (bench/fronts.sh, issue 12). Sends WRITE(10) or READ(10) through SG_IO
 * back to back, BLOCKS 2048-byte blocks each, for MB megabytes from LBA
 * 0, and prints "read|write MB MiB in S s: R MB/s". A write is what a
 * burner does after its set-up: one run of WRITEs to a blank DVD+R, then
 * SYNCHRONIZE CACHE (MMC-6 6.44), counted in the time, as libburn would
 * send it. Any command that fails ends the run with its sense, exit 1.
 *
 *   sgio_bench read|write DEVICE MB [BLOCKS]   (BLOCKS default 32)
 */
#include <errno.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int sgio(int fd, uint8_t *cdb, unsigned cdb_len, int dir, void *buf,
		unsigned len)
{
	uint8_t sense[32] = { 0 };
	struct sg_io_hdr h = {
		.interface_id = 'S',
		.dxfer_direction = dir,
		.cmd_len = (unsigned char)cdb_len,
		.mx_sb_len = sizeof(sense),
		.dxfer_len = len,
		.dxferp = buf,
		.cmdp = cdb,
		.sbp = sense,
		.timeout = 60000,
	};

	if (ioctl(fd, SG_IO, &h) < 0) {
		fprintf(stderr, "sgio_bench: SG_IO %02x: %s\n", cdb[0],
			strerror(errno));
		return -1;
	}
	if (h.status || h.host_status || h.driver_status) {
		fprintf(stderr,
			"sgio_bench: %02x: status %u host %u driver %u, "
			"sense %x/%02x/%02x\n",
			cdb[0], h.status, h.host_status, h.driver_status,
			sense[2] & 0xf, sense[12], sense[13]);
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const int write = argc > 1 && !strcmp(argv[1], "write");
	const unsigned long mb = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	const unsigned blocks = argc > 4 ? (unsigned)atoi(argv[4]) : 32;
	const uint32_t total = (uint32_t)(mb * 512); /* 2048-byte blocks */
	uint8_t *buf;
	double t0, t1;
	int fd;

	if (argc < 4 || (!write && strcmp(argv[1], "read")) || !mb || !blocks ||
	    blocks > 512) {
		fprintf(stderr,
			"usage: sgio_bench read|write DEVICE MB [BLOCKS]\n");
		return 2;
	}
	fd = open(argv[2], O_RDWR | O_NONBLOCK);
	buf = malloc((size_t)blocks * 2048);
	if (fd < 0 || !buf) {
		fprintf(stderr, "sgio_bench: %s: %s\n", argv[2],
			strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < (size_t)blocks * 2048; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	t0 = now();
	for (uint32_t lba = 0; lba < total; lba += blocks) {
		const uint32_t n = total - lba < blocks ? total - lba : blocks;
		uint8_t cdb[10] = { write ? 0x2a : 0x28,
				    0,
				    (uint8_t)(lba >> 24),
				    (uint8_t)(lba >> 16),
				    (uint8_t)(lba >> 8),
				    (uint8_t)lba,
				    0,
				    (uint8_t)(n >> 8),
				    (uint8_t)n,
				    0 };

		if (sgio(fd, cdb, sizeof(cdb),
			 write ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV, buf,
			 n * 2048))
			return 1;
	}
	if (write) {
		uint8_t sync[10] = { 0x35 };

		if (sgio(fd, sync, sizeof(sync), SG_DXFER_NONE, NULL, 0))
			return 1;
	}
	t1 = now();
	printf("%s %lu MiB in %.3f s: %.1f MB/s\n", write ? "write" : "read",
	       mb, t1 - t0, (double)mb * 1.048576 / (t1 - t0));
	close(fd);
	free(buf);
	return 0;
}
