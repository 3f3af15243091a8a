/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioctl-check's shared parts: the checker's context, its report lines and
 * the SG_IO helpers every phase uses (ioctl-util.c). The phases live in
 * ioctl-sg.c ("sg") and ioctl-check.c ("toc", "eject" and main).
 */
#ifndef VBURN_IOCTL_CHECK_H
#define VBURN_IOCTL_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/cdrom.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>

#include "vburn/bytes.h"

/* sr's answers the clients test against (docs/clients.md 1.4, 1.6). */
#define SR_SG_VERSION 30527
#define MAX_XFER 65536u
#define SG_TIMEOUT_MS 20000u

/* An opcode of no MMC or SPC command: every drive answers 05/20/00. */
#define BAD_OPCODE 0x02

/* Fill patterns: bytes a reply must not touch keep them. */
#define PAT_DATA 0xa5
#define PAT_SENSE 0x5a

struct ctx {
	int fd;
	const char *abi; /* "64" or "32" */
	unsigned int checks;
	unsigned int failed;
};

struct sense_kcq {
	uint8_t key, asc, ascq;
};

/* One "ok" or "FAIL" line per check; note() is an "info" line. */
void check(struct ctx *c, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void note(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int xioctl(int fd, unsigned long req, void *arg);
const char *err_name(int ret);
void sg_setup(struct sg_io_hdr *h, const uint8_t *cdb, uint8_t cdb_len, int dir,
	      void *buf, unsigned int len, uint8_t *sense, uint8_t sense_len);
bool sg_inputs_kept(const struct sg_io_hdr *a, const struct sg_io_hdr *b);
int sg_run(struct ctx *c, struct sg_io_hdr *h, struct sg_io_hdr *before);
struct sense_kcq sense_fixed(const uint8_t *s, unsigned int len);
bool all_bytes(const uint8_t *p, size_t len, uint8_t v);
int settle(struct ctx *c);
bool sg_good(const struct sg_io_hdr *h);

/* The "sg" phase (ioctl-sg.c). */
void phase_sg(struct ctx *c);

#endif
