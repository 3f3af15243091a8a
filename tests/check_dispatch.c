/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dispatcher's generic rules (daemon/dispatch.c): the descriptor
 * table is consistent, reserved CDB bits get 05/24/00 with a field
 * pointer, the bits clients really send pass, the data-in reply is cut
 * to the ALLOCATION LENGTH without touching the buffer past it, and the
 * SEEK and audio stubs of mmc_audio.c answer as MMC says.
 */
#include "../daemon/drv.h"
#include "mmc_util.h"

/* The sense-key specific bytes 15-17 of the last command's sense. */
static struct vb_cmd last;

static unsigned run_cmd(const uint8_t *cdb, unsigned len, enum vb_dxfer dir,
			uint32_t dlen)
{
	return run(cdb, len, dir, dlen ? buf : NULL, dlen, &last);
}

/* Was the command refused by the reserved-bit check (field pointer)? */
static bool reserved_refusal(unsigned sense)
{
	return sense == 0x052400 && (last.sense[15] & 0x80);
}

START_TEST(test_table_consistent)
{
	static const uint8_t by_group[8] = { 6, 10, 10, 0, 16, 12, 0, 0 };

	for (unsigned op = 0; op < 256; op++) {
		const struct mmc_cmd *mc = &mmc_cmds[op];

		if (!mc->fn)
			continue;
		ck_assert_msg(mc->name && mc->spec, "opcode %02x", op);
		/* the CDB length follows the group code, SPC-4 4.2.5.1 */
		ck_assert_msg(mc->cdb_len == by_group[op >> 5], "%s", mc->name);
		ck_assert_int_eq(mc->usage[0], 0xff);
		ck_assert_msg(mc->usage[mc->cdb_len - 1] == 0xc7, "%s: CONTROL",
			      mc->name);
		for (unsigned i = mc->cdb_len; i < 16; i++)
			ck_assert_int_eq(mc->usage[i], 0);
		ck_assert_uint_le(mc->dir, D_OUT);
		ck_assert_uint_le(mc->len_size, 4);
		if (!mc->len_size)
			continue;
		ck_assert_msg(mc->dir != D_NONE, "%s: length, no data",
			      mc->name);
		ck_assert_uint_ge(mc->len_off, 1);
		ck_assert_uint_le(mc->len_off + mc->len_size, mc->cdb_len - 1);
		for (unsigned i = 0; i < mc->len_size; i++)
			ck_assert_msg(mc->usage[mc->len_off + i] == 0xff,
				      "%s: length field masked", mc->name);
	}
}
END_TEST

/*
 * A reserved bit gets 05/24/00 with SKSV, C/D (in the CDB), BPV and the
 * bit, and the byte in the FIELD POINTER (SPC-4 4.5.2.4), before the
 * unit attention and the not-ready gates.
 */
START_TEST(test_reserved_bits)
{
	uint8_t tur[6] = { 0x00, 0, 0x01 };
	uint8_t toc[10] = { 0x43, 0, 0, 0x80, 0, 0, 0, 0, 12 };
	uint8_t cfg[10] = { 0x46, 0x04, 0, 0, 0, 0, 0, 0, 8 };
	uint8_t ctl[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0x28 };

	/* no medium: the field is checked first */
	ck_assert_uint_eq(run_cmd(tur, 6, VB_DXFER_NONE, 0), 0x052400);
	ck_assert_int_eq(last.sense[15], 0x80 | 0x40 | 0x08 | 0);
	ck_assert_int_eq(get_be16(last.sense + 16), 2);
	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(run_cmd(toc, 10, VB_DXFER_FROM_DEV, 12), 0x052400);
	ck_assert_int_eq(last.sense[15], 0xc8 | 7);
	ck_assert_int_eq(get_be16(last.sense + 16), 3);
	ck_assert_uint_eq(last.xfer_len, 0);
	ck_assert_uint_eq(run_cmd(cfg, 10, VB_DXFER_FROM_DEV, 8), 0x052400);
	ck_assert_int_eq(last.sense[15], 0xc8 | 2);
	ck_assert_int_eq(get_be16(last.sense + 16), 1);
	/* CONTROL bits 5-3: the highest one set is pointed at */
	ck_assert_uint_eq(run_cmd(ctl, 10, VB_DXFER_FROM_DEV, 34), 0x052400);
	ck_assert_int_eq(last.sense[15], 0xc8 | 5);
	ck_assert_int_eq(get_be16(last.sense + 16), 9);
	/* a 05/24/00 of a handler carries no field pointer */
	cfg[1] = 0x03; /* RT 3 */
	ck_assert_uint_eq(run_cmd(cfg, 10, VB_DXFER_FROM_DEV, 8), 0x052400);
	ck_assert_int_eq(last.sense[15], 0);
}
END_TEST

/* A pending unit attention waits behind a CDB that is refused anyway. */
START_TEST(test_reserved_before_ua)
{
	char err[128];
	uint8_t tur[6] = { 0x00, 0, 0, 0, 0x10 };
	uint8_t ok[6] = { 0x00 };

	ck_assert_int_eq(vb_drive_insert_blank(drv, VB_MEDIA_CD_R, 0, NULL,
					       NULL, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(run_cmd(tur, 6, VB_DXFER_NONE, 0), 0x052400);
	ck_assert_uint_eq(NODATA(ok), 0x062800);
}
END_TEST

/*
 * CDBs as real clients send them, with the obsolete and vendor bits
 * they set: none may be refused for a reserved bit.
 */
START_TEST(test_client_bits_accepted)
{
	static const struct {
		uint8_t cdb[12];
		uint8_t len;
		const char *who;
	} cdbs[] = {
		/* libusal fills the LUN bits of byte 1 (LUN 0 here, but
		 * any value is accepted) */
		{ { 0x00, 0xe0 }, 6, "wodim TUR, LUN bits" },
		{ { 0x12, 0x20, 0, 0, 36 }, 6, "INQUIRY, LUN 1" },
		{ { 0x03, 0x01, 0, 0, 18 }, 6, "REQUEST SENSE, DESC" },
		{ { 0x1a, 0x08, 0x2a, 0, 255, 0x80 },
		  6,
		  "MODE SENSE(6) vendor" },
		{ { 0x5a, 0x18, 0x2a, 0, 0, 0, 0, 0, 255 }, 10, "LLBAA, DBD" },
		/* READ TOC format 1 in the SFF-8020 bits of byte 9 */
		{ { 0x43, 0x02, 0, 0, 0, 0, 0, 0, 12, 0x40 }, 10, "wodim TOC" },
		{ { 0x43, 0x02, 0x02, 0, 0, 0, 1, 0x10, 0 }, 10, "libburn" },
		{ { 0x46, 0x02, 0, 0x21, 0, 0, 0, 0, 16 }, 10, "growisofs" },
		{ { 0x4a, 0x01, 0, 0, 0x7e, 0, 0, 0, 8 }, 10, "libburn GESN" },
		{ { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 }, 10, "READ DISC INFO" },
		{ { 0x52, 0x05, 0, 0, 0, 0xff, 0, 0, 48 }, 10, "RTI, Open" },
		{ { 0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 16 },
		  10,
		  "sr subchan" },
		{ { 0x35, 0x02 }, 10, "SYNCHRONIZE CACHE, Immed" },
		{ { 0x5b, 0x01, 0x02 }, 10, "CLOSE SESSION, Immed" },
		{ { 0x5c, 0x01, 0, 0, 0, 0, 0, 0, 12 }, 10, "READ BUFFER CAP" },
		{ { 0x1e, 0, 0, 0, 0x01 }, 6, "PREVENT" },
		{ { 0x1b, 0x01, 0, 0, 0x03 }, 6, "START STOP, Immed, load" },
		{ { 0xbb, 0x01, 0xff, 0xff, 0xff, 0xff }, 12, "SET CD SPEED" },
		{ { 0xac, 0x04, 0, 0, 0, 0, 0, 0, 0, 1, 3 }, 12, "GET PERF" },
		{ { 0xad, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0 }, 12, "RDS" },
		{ { 0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 8 }, 12, "cdrdao MECH" },
		{ { 0x25, 0x00 }, 10, "READ CAPACITY" },
		{ { 0x23, 0, 0, 0, 0, 0, 0, 0, 12 }, 10, "READ FORMAT CAP" },
		{ { 0x28, 0x08, 0, 0, 0, 0, 0, 0, 0 }, 10, "READ(10) FUA" },
		{ { 0xa8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 },
		  12,
		  "READ(12) str" },
		{ { 0xbe, 0x04, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0x02 },
		  12,
		  "cdparanoia READ CD" },
		{ { 0x2b }, 10, "SEEK" },
		{ { 0x4e }, 10, "STOP PLAY/SCAN" },
		{ { 0x00, 0, 0, 0, 0, 0x04 }, 6, "TUR, NACA" },
	};

	insert(VB_MEDIA_CD_R);
	for (size_t i = 0; i < VB_ARRAY_SIZE(cdbs); i++) {
		const uint8_t op = cdbs[i].cdb[0];
		const bool in = mmc_cmds[op].dir == D_IN;
		unsigned s = run_cmd(cdbs[i].cdb, cdbs[i].len,
				     in ? VB_DXFER_FROM_DEV : VB_DXFER_NONE,
				     in ? 255 : 0);

		ck_assert_msg(!reserved_refusal(s), "%s refused: byte %u",
			      cdbs[i].who, get_be16(last.sense + 16));
	}
	/* A disc with a TOC: the SFF-8020 format 1 is used. */
	set_multisession(true);
	ck_assert_uint_eq(write_blocks(0, 300, 1), 0);
	sync_cache();
	close_session();
	ck_assert_uint_eq(run_cmd(cdbs[5].cdb, 10, VB_DXFER_FROM_DEV, 12), 0);
	ck_assert_int_eq(get_be16(buf), 10); /* session info */
}
END_TEST

/*
 * The reply is cut to the ALLOCATION LENGTH; its header keeps the full
 * length, and the buffer past the allocation length is left as it was.
 */
START_TEST(test_alloc_clamps)
{
	uint8_t inq[6] = { 0x12, 0, 0, 0, 5 };
	uint8_t ms[10] = { 0x5a, 0x08, 0x2a, 0, 0, 0, 0, 0, 6 };
	uint8_t cfg[10] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 0 };

	memset(buf, 0xa5, 512);
	ck_assert_uint_eq(run_cmd(inq, 6, VB_DXFER_FROM_DEV, 96), 0);
	ck_assert_uint_eq(last.xfer_len, 5);
	ck_assert_int_eq(buf[4], 36 - 5); /* ADDITIONAL LENGTH: all of it */
	ck_assert_int_eq(buf[5], 0xa5);
	ck_assert_uint_eq(vb_cmd_resid(&last), 91);
	memset(buf, 0xa5, 512);
	ck_assert_uint_eq(run_cmd(ms, 10, VB_DXFER_FROM_DEV, 255), 0);
	ck_assert_uint_eq(last.xfer_len, 6);
	ck_assert_uint_eq(get_be16(buf), 8 + 36 - 2); /* MODE DATA LENGTH */
	ck_assert_int_eq(buf[6], 0xa5);
	/* an allocation length of 0 transfers nothing, and is no error */
	memset(buf, 0xa5, 512);
	ck_assert_uint_eq(run_cmd(cfg, 10, VB_DXFER_FROM_DEV, 64), 0);
	ck_assert_uint_eq(last.xfer_len, 0);
	ck_assert_int_eq(buf[0], 0xa5);
	/* a buffer smaller than the allocation length cuts it further */
	put_be16(cfg + 7, 1000);
	ck_assert_uint_eq(run_cmd(cfg, 10, VB_DXFER_FROM_DEV, 10), 0);
	ck_assert_uint_eq(last.xfer_len, 10);
}
END_TEST

/* A CDB shorter than its command, and data phases the command lacks. */
START_TEST(test_cdb_length_and_direction)
{
	uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1 };
	uint8_t tur[6] = { 0x00 };
	uint8_t msel[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 0 };

	insert(VB_MEDIA_CD_R);
	ck_assert_uint_eq(run_cmd(rd, 6, VB_DXFER_FROM_DEV, 2048), 0x052400);
	ck_assert_uint_eq(run_cmd(rd, 9, VB_DXFER_FROM_DEV, 2048), 0x052400);
	/* padded to 12 bytes (ATAPI) is fine: READ of a blank disc */
	ck_assert_uint_eq(run_cmd(rd, 12, VB_DXFER_FROM_DEV, 2048), 0x052100);
	/* cdparanoia's TEST UNIT READY with a data-in buffer: GOOD,
	 * nothing transferred, the buffer untouched */
	memset(buf, 0x5a, 56);
	ck_assert_uint_eq(run_cmd(tur, 6, VB_DXFER_FROM_DEV, 56), 0);
	ck_assert_uint_eq(last.xfer_len, 0);
	ck_assert_int_eq(buf[0], 0x5a);
	ck_assert_int_eq(buf[55], 0x5a);
	/* data-out: the command takes its PARAMETER LIST LENGTH */
	memset(buf, 0, 100);
	buf[8] = 0x01;
	buf[9] = 0x0a;
	put_be16(msel + 7, 20);
	ck_assert_uint_eq(run_cmd(msel, 10, VB_DXFER_TO_DEV, 100), 0);
	ck_assert_uint_eq(last.xfer_len, 20);
	ck_assert_uint_eq(run_cmd(tur, 6, VB_DXFER_TO_DEV, 100), 0);
	ck_assert_uint_eq(last.xfer_len, 0);
}
END_TEST

/* The field pointer only exists for ILLEGAL REQUEST (SPC-4 4.5.2.4). */
START_TEST(test_field_pointer_only_illegal_request)
{
	struct vb_cmd c = { 0 };

	vb_sense_set_field(&c, S_MEDIUM_CHANGED, true, 3, 1);
	ck_assert_int_eq(c.sense[2], 0x06);
	ck_assert_int_eq(c.sense[15], 0);
	ck_assert_int_eq(get_be16(c.sense + 16), 0);
	vb_sense_set_field(&c, S_INVALID_FIELD_IN_PARAM_LIST, false, 300, -1);
	ck_assert_int_eq(c.sense[15], 0x80); /* parameter list, no bit */
	ck_assert_int_eq(get_be16(c.sense + 16), 300);
}
END_TEST

/* SEEK and the audio commands on a blank disc (mmc_audio.c). */
START_TEST(test_seek_and_audio)
{
	uint8_t seek[10] = { 0x2b };
	uint8_t play10[10] = { 0x45 };
	uint8_t play12[12] = { 0xa5 };
	uint8_t msf[10] = { 0x47, 0, 0, 0, 2, 0, 0, 2, 0 };
	uint8_t pause[10] = { 0x4b, 0, 0, 0, 0, 0, 0, 0, 1 };
	uint8_t stop[10] = { 0x4e };

	ck_assert_uint_eq(NODATA(seek), 0x023a01);
	ck_assert_uint_eq(NODATA(play10), 0x023a01);
	insert_cap(VB_MEDIA_CD_R, 1000);
	ck_assert_uint_eq(NODATA(seek), 0);
	put_be32(seek + 2, 999);
	ck_assert_uint_eq(NODATA(seek), 0);
	put_be32(seek + 2, 1000);
	ck_assert_uint_eq(NODATA(seek), 0x052100);
	put_be32(seek + 2, 0xffffff6a); /* -150 */
	ck_assert_uint_eq(NODATA(seek), 0x052100);
	/* a transfer length of 0 plays nothing; a blank disc has no
	 * sector to play (audio plays are in check_medium.c) */
	ck_assert_uint_eq(NODATA(play10), 0);
	put_be16(play10 + 7, 75);
	ck_assert_uint_eq(NODATA(play10), 0x052100);
	ck_assert_uint_eq(NODATA(play12), 0);
	put_be32(play12 + 6, 75);
	ck_assert_uint_eq(NODATA(play12), 0x052100);
	put_be32(play12 + 2, 5000);
	ck_assert_uint_eq(NODATA(play12), 0x052100);
	ck_assert_uint_eq(NODATA(msf), 0);
	msf[7] = 3;
	ck_assert_uint_eq(NODATA(msf), 0x052100);
	msf[7] = 1;
	ck_assert_uint_eq(NODATA(msf), 0x052400);
	ck_assert_uint_eq(NODATA(pause), 0x052c00);
	pause[8] = 0;
	ck_assert_uint_eq(NODATA(pause), 0x052c00);
	ck_assert_uint_eq(NODATA(stop), 0);
}
END_TEST

Suite *dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("dispatch");

	tcase_add_checked_fixture(tc, mu_setup, mu_teardown);
	tcase_add_test(tc, test_table_consistent);
	tcase_add_test(tc, test_reserved_bits);
	tcase_add_test(tc, test_reserved_before_ua);
	tcase_add_test(tc, test_client_bits_accepted);
	tcase_add_test(tc, test_alloc_clamps);
	tcase_add_test(tc, test_cdb_length_and_direction);
	tcase_add_test(tc, test_field_pointer_only_illegal_request);
	tcase_add_test(tc, test_seek_and_audio);
	suite_add_tcase(s, tc);
	return s;
}
