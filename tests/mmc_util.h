/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the drive core tests (check_mmc*.c, check_mode.c,
 * check_dispatch.c): a drive over a scratch image directory, and one
 * runner that hands vb_drive_exec a heap buffer of exactly the length
 * the command claims. A static array hides an access past buf_len from
 * ASan; a buffer of exactly that size turns it into a report (make
 * unit-asan). A tests/ file that is not check_*.c is not compiled on its
 * own, hence static inline functions.
 */
#ifndef VBURN_TESTS_MMC_UTIL_H
#define VBURN_TESTS_MMC_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/log.h"

static char mu_dir[64];
static struct vb_drive *drv;
/* The port run() sends commands by (vb_cmd.port; 0 the default). */
static uint8_t mu_port;

/* A shared scratch buffer for replies and payloads (copied, see run). */
static uint8_t buf[1 << 20];

static inline void mu_setup(void)
{
	struct vb_drive_opts o = { 0 };

	vb_log_threshold = VB_LOG_ERR;
	snprintf(mu_dir, sizeof(mu_dir), "/tmp/vburn-check.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(mu_dir));
	o.image_dir = mu_dir;
	drv = vb_drive_new(&o);
	ck_assert_ptr_nonnull(drv);
	mu_port = 0;
}

static inline void mu_teardown(void)
{
	char cmd[128];

	vb_drive_free(drv);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", mu_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The sense of a finished command: key << 16 | asc << 8 | ascq, 0 GOOD. */
static inline unsigned mu_sense(const struct vb_cmd *c)
{
	if (c->status == VB_STATUS_GOOD) {
		ck_assert_int_eq(c->sense_len, 0);
		return 0;
	}
	ck_assert_int_eq(c->status, VB_STATUS_CHECK_CONDITION);
	ck_assert_int_ge(c->sense_len, 18);
	ck_assert_int_eq(c->sense[0], 0x70);
	return (unsigned)(c->sense[2] & 0x0f) << 16 | c->sense[12] << 8 |
	       c->sense[13];
}

/*
 * Runs a CDB with a private heap copy of data, exactly dlen bytes long
 * (NULL when data is NULL and dlen 0), copied back afterwards so
 * callers read replies from data. Returns the sense as mu_sense does;
 * res gets the finished command (its buf points at freed memory).
 */
static inline unsigned run(const uint8_t *cdb, unsigned len, enum vb_dxfer dir,
			   uint8_t *data, uint32_t dlen, struct vb_cmd *res)
{
	struct vb_cmd c = { 0 };
	uint8_t *heap = NULL;

	if (data || dlen) {
		/* malloc(0) too: a zero-length buffer any access overruns */
		heap = malloc(dlen);
		ck_assert(heap || !dlen);
		if (dlen)
			memcpy(heap, data, dlen);
	}
	memcpy(c.cdb, cdb, len);
	c.cdb_len = (uint8_t)len;
	c.dir = dir;
	c.buf = heap;
	c.buf_len = dlen;
	c.port = mu_port;
	vb_drive_exec(drv, &c);
	if (dlen)
		memcpy(data, heap, dlen);
	free(heap);
	ck_assert_uint_le(c.xfer_len, dlen);
	if (res)
		*res = c;
	return mu_sense(&c);
}

#define IN(cdb, n) run(cdb, sizeof(cdb), VB_DXFER_FROM_DEV, buf, n, NULL)
#define OUT(cdb, p, n) run(cdb, sizeof(cdb), VB_DXFER_TO_DEV, p, n, NULL)
#define NODATA(cdb) run(cdb, sizeof(cdb), VB_DXFER_NONE, NULL, 0, NULL)

/* After a medium change: the change is reported as 06/28/00 once, then
 * the drive is ready. */
/* FORMAT UNIT with FMTDATA and a 12-byte list: Immed, one descriptor of
 * blocks, format type and type-dependent parameter. The sense. */
static inline unsigned format_unit(uint32_t blocks, uint8_t type,
				   uint32_t param)
{
	uint8_t cdb[6] = { 0x04, 0x11 };
	uint8_t p[12] = { 0, 0x02, 0, 8 };

	put_be32(p + 4, blocks);
	p[8] = (uint8_t)(type << 2);
	put_be24(p + 9, param);
	return OUT(cdb, p, sizeof(p));
}

/* READ FORMAT CAPACITIES into buf with an allocation of len: the sense. */
static inline unsigned read_format_caps(uint16_t len)
{
	uint8_t cdb[10] = { 0x23 };

	put_be16(cdb + 7, len);
	return IN(cdb, len);
}

static inline void mu_settle(void)
{
	uint8_t tur[6] = { 0 };

	ck_assert_uint_eq(NODATA(tur), 0x062800);
	ck_assert_uint_eq(NODATA(tur), 0);
}

/* Inserts a blank of cap sectors (0: standard) and eats its UA. */
static inline void insert_cap(enum vb_media m, uint64_t cap)
{
	char err[256];

	ck_assert_int_eq(vb_drive_insert_blank(drv, m, cap, NULL, NULL, err,
					       sizeof(err)),
			 0);
	mu_settle();
}

static inline void insert(enum vb_media m)
{
	insert_cap(m, 0);
}

/* WRITE(10) of n 2048-byte blocks at lba, each starting with its LBA. */
static inline unsigned write_blocks(int32_t lba, uint32_t n, uint8_t fill)
{
	uint8_t cdb[10] = { 0x2a };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, (uint16_t)n);
	for (uint32_t i = 0; i < n; i++) {
		memset(buf + i * 2048, fill, 2048);
		put_be32(buf + i * 2048, (uint32_t)(lba + (int32_t)i));
	}
	return run(cdb, 10, VB_DXFER_TO_DEV, buf, n * 2048, NULL);
}

/* MODE SELECT(10) of page 05 (TAO, Mode 1), with Test Write or not,
 * multi-session or not; the status. */
static inline unsigned select_tao(bool test, bool multi)
{
	uint8_t cdb[10] = { 0x55, 0x10 };
	uint8_t p[8 + 52] = { 0 };

	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = (test ? 0x10 : 0) | 0x01; /* Test Write, TAO */
	p[11] = (multi ? 0xc0 : 0) | 4;	  /* multi-session, track mode 4 */
	p[12] = 8;			  /* Mode 1 */
	put_be16(cdb + 7, sizeof(p));
	return OUT(cdb, p, sizeof(p));
}

static inline void set_multisession(bool multi)
{
	ck_assert_uint_eq(select_tao(false, multi), 0);
}

static inline void sync_cache(void)
{
	uint8_t cdb[10] = { 0x35 };

	ck_assert_uint_eq(NODATA(cdb), 0);
}

static inline void close_track(void)
{
	uint8_t cdb[10] = { 0x5b, 0, 0x01 };

	ck_assert_uint_eq(NODATA(cdb), 0);
}

/* READ TRACK INFORMATION of the invisible track: its NWA. */
static inline int32_t invisible_nwa(void)
{
	uint8_t cdb[10] = { 0x52, 0x01, 0, 0, 0, 0xff, 0, 0, 28 };

	ck_assert_uint_eq(IN(cdb, 28), 0);
	return (int32_t)get_be32(buf + 12);
}

static inline void close_session(void)
{
	uint8_t cdb[10] = { 0x5b, 0x01, 0x02 };

	ck_assert_uint_eq(NODATA(cdb), 0);
}

#endif
