/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the medium and recording tests (check_medium.c,
 * check_record.c): reads through the drive, a named blank, a load.
 */
#ifndef VBURN_TESTS_MEDIUM_UTIL_H
#define VBURN_TESTS_MEDIUM_UTIL_H

#include "mmc_util.h"
#include "vburn/bytes.h"

/* READ CD of n sectors at lba, all fields (sync, headers, user, EDC/ECC)
 * and sub-channel selection sub. */
static inline unsigned read_cd(int32_t lba, uint32_t n, uint8_t type,
			       uint8_t flags, uint8_t sub, uint8_t *out,
			       uint32_t len)
{
	uint8_t cdb[12] = { 0xbe, (uint8_t)(type << 2) };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be24(cdb + 6, n);
	cdb[9] = flags;
	cdb[10] = sub;
	return run(cdb, 12, VB_DXFER_FROM_DEV, out, len, NULL);
}

static inline unsigned read10(int32_t lba, uint16_t n, uint8_t *out,
			      uint32_t len)
{
	uint8_t cdb[10] = { 0x28 };

	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	return run(cdb, 10, VB_DXFER_FROM_DEV, out, len, NULL);
}

/* A blank CD-R whose store is mu_dir/stem.iso, captured as fmt (NULL: the
 * drive's); the media change is left to the caller. */
static inline void insert_named(const char *stem, const char *fmt)
{
	char err[256], path[600];

	snprintf(path, sizeof(path), "%s/%s.iso", mu_dir, stem);
	ck_assert_msg(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 0, path, fmt,
					    err, sizeof(err)) == 0,
		      "%s", err);
}

static inline void load_ok(const char *path)
{
	char err[512] = "";

	ck_assert_msg(vb_drive_load(drv, path, false, err, sizeof(err)) == 0,
		      "%s", err);
	mu_settle();
}

#endif
