/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every opcode with junk fields, directions and buffer sizes, in each
 * kind of drive state: never a crash, never sense on GOOD, never more
 * data than the buffer. Each call gets a heap buffer of exactly its
 * length (mmc_util.h's run), so under ASan (make unit-asan) a handler
 * reading or writing past buf_len is a report, not a silent pass. The
 * lengths are the ones that find such bugs: 0 (with and without a
 * buffer), a few bytes, and what the CDB's own fields claim (allocation
 * lengths, parameter list lengths, block counts times block sizes), one
 * byte short of it too.
 */
#include "mmc_util.h"

/* xorshift: reproducible junk. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The most one CUSE ioctl carries (docs/clients.md 1.4); longer claims are
 * cut to it, which the handlers must refuse as too short anyway. */
#define SWEEP_MAX (128u << 10)

/*
 * A buffer length the CDB claims, whatever its opcode: the field
 * offsets of allocation, parameter list and transfer lengths across
 * SPC-4 and MMC-6 (bytes 4, 7-8, 8-9, 9-10, 6-8, 6-9) and block counts
 * times the block sizes READ, WRITE and READ CD use.
 */
static uint32_t claimed_len(const uint8_t *cdb, uint32_t r)
{
	static const uint16_t bs[] = { 2048, 2352, 2448, 2368, 2056,
				       2336, 2324, 16,	 96 };
	const uint32_t fields[] = {
		cdb[4],
		get_be16(cdb + 7),
		get_be16(cdb + 8),
		get_be16(cdb + 9),
		get_be24(cdb + 6),
		get_be32(cdb + 6),
	};
	uint64_t n = fields[r % VB_ARRAY_SIZE(fields)];

	if ((r >> 8) & 1)
		n *= bs[(r >> 9) % VB_ARRAY_SIZE(bs)];
	return (uint32_t)VB_MIN(n, (uint64_t)SWEEP_MAX);
}

/* One length for a call: 0, a few bytes, the claimed one or one less. */
static uint32_t pick_len(const uint8_t *cdb, uint32_t *seed)
{
	const uint32_t r = rnd(seed);
	uint32_t n;

	switch (r % 5) {
	case 0:
		return 0;
	case 1:
		return 1 + (r >> 4) % 40;
	case 2:
		return (r >> 4) % 4096;
	default:
		n = claimed_len(cdb, r >> 4);
		return n && (r & 0x80000000u) ? n - 1 : n;
	}
}

/*
 * A payload of len bytes in buf: its head byte by byte, mostly values
 * that mean something in parameter lists (page codes, lengths, flags),
 * the rest sparsely.
 */
static void fill(uint32_t len, uint32_t *seed)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x04, 0x05, 0x08,
					0x0a, 0x10, 0x14, 0x2a, 0x32, 0x40,
					0x80, 0xaa, 0xc0, 0xff };

	for (uint32_t b = 0; b < len; b += b < 512 ? 1 : 97) {
		const uint32_t r = rnd(seed);

		buf[b] = r & 3 ? vals[(r >> 2) % sizeof(vals)] :
				 (uint8_t)(r >> 8);
	}
}

/*
 * Drive states the sweep starts from: none, tray open, blank media,
 * an open track, an appendable disc, a finalized one, a formatted and
 * written DVD+RW, an unformatted BD-RE. Small capacities
 * keep the image files small.
 */
enum {
	ST_NONE,
	ST_TRAY_OPEN,
	ST_CD_BLANK,
	ST_CD_OPEN_TRACK,
	ST_CD_APPEND,
	ST_DVDP_BLANK,
	ST_DVDM_FINAL,
	ST_BD_TRACK,
	ST_DVDPRW_WRITTEN,
	ST_BDRE_BLANK,
	ST__COUNT
};

static void make_state(int st)
{
	static const uint8_t eject[6] = { 0x1b, 0, 0, 0, 0x02 };
	static const uint8_t ctrack[10] = { 0x5b, 0, 0x01 };
	static const uint8_t fmt_default[6] = { 0x04 }; /* no FMTDATA */

	switch (st) {
	case ST_NONE:
		return;
	case ST_TRAY_OPEN:
		insert_cap(VB_MEDIA_CD_R, 2000);
		ck_assert_uint_eq(NODATA(eject), 0);
		return;
	case ST_CD_BLANK:
		insert_cap(VB_MEDIA_CD_R, 2000);
		return;
	case ST_CD_OPEN_TRACK:
		insert_cap(VB_MEDIA_CD_R, 2000);
		ck_assert_uint_eq(write_blocks(0, 40, 0x11), 0);
		return;
	case ST_CD_APPEND:
		insert_cap(VB_MEDIA_CD_R, 20000);
		set_multisession(true);
		ck_assert_uint_eq(write_blocks(0, 300, 0x22), 0);
		sync_cache();
		close_session();
		return;
	case ST_DVDP_BLANK:
		insert_cap(VB_MEDIA_DVD_PLUS_R, 2000);
		return;
	case ST_DVDM_FINAL:
		insert_cap(VB_MEDIA_DVD_R, 2000);
		ck_assert_uint_eq(write_blocks(0, 32, 0x33), 0);
		sync_cache();
		ck_assert_uint_eq(NODATA(ctrack), 0);
		close_session();
		return;
	case ST_BD_TRACK:
		insert_cap(VB_MEDIA_BD_R, 2000);
		ck_assert_uint_eq(write_blocks(0, 64, 0x44), 0);
		ck_assert_uint_eq(NODATA(ctrack), 0);
		return;
	case ST_DVDPRW_WRITTEN:
		insert_cap(VB_MEDIA_DVD_PLUS_RW, 2000);
		ck_assert_uint_eq(NODATA(fmt_default), 0);
		ck_assert_uint_eq(write_blocks(16, 32, 0x55), 0);
		return;
	case ST_BDRE_BLANK:
		insert_cap(VB_MEDIA_BD_RE, 4096);
		return;
	}
}

START_TEST(test_sweep_junk)
{
	uint32_t seed = 0x1234567u + (uint32_t)_i;

	make_state(_i);
	for (int op = 0; op < 256; op++) {
		for (int k = 0; k < 40; k++) {
			uint8_t cdb[16];
			const enum vb_dxfer dir =
				(enum vb_dxfer)(rnd(&seed) % 3);
			uint32_t len;
			struct vb_cmd r;

			for (int b = 0; b < 16; b++)
				cdb[b] = (uint8_t)rnd(&seed);
			cdb[0] = (uint8_t)op;
			if (k & 1) /* small LBAs and lengths now and then */
				cdb[2] = cdb[3] = cdb[4] = cdb[7] = 0;
			len = pick_len(cdb, &seed);
			fill(len, &seed);
			/* buffer or NULL for length 0 */
			run(cdb, 6 + rnd(&seed) % 11, dir,
			    len || (k & 2) ? buf : NULL, len, &r);
		}
	}
}
END_TEST

/*
 * MODE SELECT(6) and (10) with one page of each kind (the pages the
 * drive has, an unknown one, page 05 with SPF or PS set) and page
 * length 0..60 after the header, in lists cut at every length up to
 * the page's end and beyond: the lists the random sweep rarely builds.
 */
START_TEST(test_sweep_mode_select)
{
	static const uint8_t codes[] = { 0x00, 0x01, 0x05, 0x2a,
					 0x3f, 0x45, 0x85 };
	const bool ten = _i;
	const unsigned hdr = ten ? 8 : 4;
	uint8_t cdb[10] = { ten ? 0x55 : 0x15, 0x10 };

	insert_cap(VB_MEDIA_CD_R, 2000);
	for (unsigned c = 0; c < sizeof(codes); c++) {
		const uint8_t code = codes[c];

		for (unsigned pl = 0; pl <= 60; pl++) {
			for (unsigned n = 0; n <= hdr + 2 + pl + 1; n++) {
				memset(buf, 0, hdr);
				buf[hdr] = code;
				buf[hdr + 1] = (uint8_t)pl;
				memset(buf + hdr + 2, 0x01, pl + 1);
				if (ten)
					put_be16(cdb + 7, (uint16_t)n);
				else
					cdb[4] = (uint8_t)n;
				run(cdb, ten ? 10 : 6, VB_DXFER_TO_DEV, buf, n,
				    NULL);
			}
		}
	}
}
END_TEST

Suite *mmc_sweep_suite(void)
{
	Suite *s = suite_create("mmc_sweep");
	TCase *tc = tcase_create("sweep");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_sweep_junk, 0, ST__COUNT);
	tcase_add_loop_test(tc, test_sweep_mode_select, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
