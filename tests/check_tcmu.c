/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the TCMU ring walker (tcmu/tcmu_ring.c) on a fake mailbox
 * in memory laid out as uapi linux/target_core_user.h describes: command
 * entries with CDB and iovec offsets into the mapping, PAD entries up to
 * the ring's end, TMR and unknown entries, the completion fields (status,
 * sense, READ_LEN), cmd_tail moving past each entry, and corrupt rings
 * left untouched.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/target_core_user.h>

#include "vburn/log.h"

#include "../tcmu/tcmu_int.h"

#define MAP_SIZE (1u << 20)
#define CMDR_OFF 128u
#define CMDR_SIZE 4096u
#define DATA_OFF (CMDR_OFF + CMDR_SIZE)

static struct tcmu_ring ring;
static uint8_t *map;

/* What the fake drive saw and what it answers. */
static struct {
	int calls;
	struct vb_cmd seen;
	uint8_t data[256 * 1024]; /* copy of data-out */
	uint32_t reply_len;	  /* data-in bytes to produce */
	uint8_t status;
} fake;

static void fake_exec(void *ctx, struct vb_cmd *cmd)
{
	uint32_t i;

	(void)ctx;
	fake.calls++;
	fake.seen = *cmd;
	if (cmd->dir == VB_DXFER_TO_DEV && cmd->buf_len <= sizeof(fake.data))
		memcpy(fake.data, cmd->buf, cmd->buf_len);
	cmd->status = fake.status;
	if (fake.status) {
		memset(cmd->sense, 0, sizeof(cmd->sense));
		cmd->sense[0] = 0x70;
		cmd->sense[2] = 0x05;
		cmd->sense[7] = 10;
		cmd->sense[12] = 0x24;
		cmd->sense_len = 18;
		cmd->xfer_len = 0;
		return;
	}
	if (cmd->dir == VB_DXFER_FROM_DEV) {
		for (i = 0; i < fake.reply_len && i < cmd->buf_len; i++)
			cmd->buf[i] = (uint8_t)(i * 7 + 1);
		cmd->xfer_len = i;
	} else {
		cmd->xfer_len = cmd->buf_len;
	}
}

static struct tcmu_mailbox *mbox(void)
{
	return (struct tcmu_mailbox *)(void *)map;
}

static struct tcmu_cmd_entry *entry_at(uint32_t off)
{
	return (struct tcmu_cmd_entry *)(void *)(map + CMDR_OFF + off);
}

static void setup(void)
{
	map = calloc(1, MAP_SIZE);
	ck_assert_ptr_nonnull(map);
	mbox()->version = TCMU_MAILBOX_VERSION;
	mbox()->flags =
		TCMU_MAILBOX_FLAG_CAP_OOOC | TCMU_MAILBOX_FLAG_CAP_READ_LEN;
	mbox()->cmdr_off = CMDR_OFF;
	mbox()->cmdr_size = CMDR_SIZE;
	memset(&ring, 0, sizeof(ring));
	ring.base = map;
	ring.size = MAP_SIZE;
	memset(&fake, 0, sizeof(fake));
	/* The corrupt rings below are expected: keep their warnings out. */
	vb_log_threshold = VB_LOG_ERR;
}

static void teardown(void)
{
	tcmu_ring_release(&ring);
	free(map);
	vb_log_threshold = VB_LOG_INFO;
}

/*
 * Queues a command at ring offset OFF as the kernel does: CDB after the
 * entry's iovecs, data vectors given as (offset, length) pairs in the
 * data area. Returns the entry's length; moves cmd_head past it.
 */
static uint32_t put_cmd(uint32_t off, const uint8_t *cdb, unsigned cdb_len,
			const uint64_t (*iov)[2], uint32_t niov)
{
	struct tcmu_cmd_entry *e = entry_at(off);
	uint32_t len, i;
	size_t base;

	base = offsetof(struct tcmu_cmd_entry, req.iov) +
	       niov * sizeof(struct iovec);
	len = (uint32_t)(base + 16);
	if (len < sizeof(*e))
		len = sizeof(*e);
	len = (len + 7) & ~7u;
	memset(e, 0, len);
	e->hdr.len_op = len | TCMU_OP_CMD;
	e->hdr.cmd_id = (uint16_t)(off + 1);
	e->req.iov_cnt = niov;
	for (i = 0; i < niov; i++) {
		e->req.iov[i].iov_base = (void *)(uintptr_t)iov[i][0];
		e->req.iov[i].iov_len = iov[i][1];
	}
	e->req.cdb_off = CMDR_OFF + off + base;
	memcpy(map + e->req.cdb_off, cdb, cdb_len);
	mbox()->cmd_head = (off + len) % CMDR_SIZE;
	return len;
}

static void put_other(uint32_t off, enum tcmu_opcode op, uint32_t len)
{
	struct tcmu_cmd_entry *e = entry_at(off);

	memset(e, 0, sizeof(e->hdr));
	e->hdr.len_op = len | (uint32_t)op;
	mbox()->cmd_head = (off + len) % CMDR_SIZE;
}

static const uint8_t inquiry[6] = { 0x12, 0, 0, 0, 96, 0 };
static const uint8_t write10[10] = { 0x2a, 0, 0, 0, 0, 16, 0, 0, 3, 0 };
static const uint8_t read10[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0 };
static const uint8_t tur[6] = { 0 };

START_TEST(test_check_mailbox)
{
	ck_assert_int_eq(tcmu_ring_check(&ring), 0);
	mbox()->version = 1;
	ck_assert_int_eq(tcmu_ring_check(&ring), -EPROTO);
	mbox()->version = TCMU_MAILBOX_VERSION;
	mbox()->cmdr_size = MAP_SIZE;
	ck_assert_int_eq(tcmu_ring_check(&ring), -EPROTO);
	mbox()->cmdr_size = CMDR_SIZE;
	mbox()->cmdr_off = 8;
	ck_assert_int_eq(tcmu_ring_check(&ring), -EPROTO);
}
END_TEST

START_TEST(test_empty_ring)
{
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 0);
	ck_assert_int_eq(fake.calls, 0);
}
END_TEST

/* A short data-in reply: READ_LEN with the real length, status GOOD. */
START_TEST(test_inquiry_read_len)
{
	const uint64_t iov[1][2] = { { DATA_OFF, 96 } };
	uint32_t len;

	len = put_cmd(0, inquiry, 6, iov, 1);
	fake.reply_len = 36;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.calls, 1);
	ck_assert_int_eq(fake.seen.cdb_len, 6);
	ck_assert_int_eq(fake.seen.cdb[0], 0x12);
	ck_assert_int_eq(fake.seen.dir, VB_DXFER_FROM_DEV);
	ck_assert_int_eq(fake.seen.buf_len, 96);
	ck_assert_ptr_eq(fake.seen.buf, map + DATA_OFF);
	ck_assert_uint_eq(mbox()->cmd_tail, len);
	ck_assert_int_eq(entry_at(0)->rsp.scsi_status, 0);
	ck_assert(entry_at(0)->hdr.uflags & TCMU_UFLAG_READ_LEN);
	ck_assert_uint_eq(entry_at(0)->rsp.read_len, 36);
	ck_assert_int_eq(map[DATA_OFF + 35], (uint8_t)(35 * 7 + 1));
}
END_TEST

/* Without CAP_READ_LEN the rest of the buffer is zeroed instead. */
START_TEST(test_short_without_cap)
{
	const uint64_t iov[1][2] = { { DATA_OFF, 96 } };

	mbox()->flags = 0;
	memset(map + DATA_OFF, 0xee, 96);
	put_cmd(0, inquiry, 6, iov, 1);
	fake.reply_len = 36;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert(!(entry_at(0)->hdr.uflags & TCMU_UFLAG_READ_LEN));
	ck_assert_int_eq(map[DATA_OFF + 36], 0);
	ck_assert_int_eq(map[DATA_OFF + 95], 0);
}
END_TEST

/* Scattered data-out arrives contiguous and in order. */
START_TEST(test_write_scattered)
{
	const uint64_t iov[3][2] = {
		{ DATA_OFF + 8192, 4096 },
		{ DATA_OFF, 2048 },
		{ DATA_OFF + 65536, 8192 },
	};
	uint32_t i, n = 0;

	for (i = 0; i < 3; i++)
		memset(map + iov[i][0], 'a' + (int)i, iov[i][1]);
	put_cmd(0, write10, 10, iov, 3);
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.seen.dir, VB_DXFER_TO_DEV);
	ck_assert_int_eq(fake.seen.buf_len, 4096 + 2048 + 8192);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(fake.data[n], 'a' + (int)i);
		ck_assert_int_eq(fake.data[n + iov[i][1] - 1], 'a' + (int)i);
		n += (uint32_t)iov[i][1];
	}
	ck_assert_int_eq(entry_at(0)->rsp.scsi_status, 0);
	ck_assert(!(entry_at(0)->hdr.uflags & TCMU_UFLAG_READ_LEN));
}
END_TEST

/* Scattered data-in is spread back over the vectors. */
START_TEST(test_read_scattered)
{
	const uint64_t iov[2][2] = {
		{ DATA_OFF + 4096, 4096 },
		{ DATA_OFF, 2048 },
	};

	put_cmd(0, read10, 10, iov, 2);
	fake.reply_len = 6144;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.seen.buf_len, 6144);
	ck_assert_int_eq(map[DATA_OFF + 4096], 1);
	ck_assert_int_eq(map[DATA_OFF + 4096 + 4095], (uint8_t)(4095 * 7 + 1));
	ck_assert_int_eq(map[DATA_OFF], (uint8_t)(4096 * 7 + 1));
	ck_assert_int_eq(map[DATA_OFF + 2047], (uint8_t)(6143 * 7 + 1));
	ck_assert(!(entry_at(0)->hdr.uflags & TCMU_UFLAG_READ_LEN));
}
END_TEST

/* Adjacent vectors are used in place, without a copy. */
START_TEST(test_contiguous_in_place)
{
	const uint64_t iov[2][2] = {
		{ DATA_OFF, 4096 },
		{ DATA_OFF + 4096, 4096 },
	};

	put_cmd(0, read10, 10, iov, 2);
	fake.reply_len = 8192;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_ptr_eq(fake.seen.buf, map + DATA_OFF);
	ck_assert_int_eq(fake.seen.buf_len, 8192);
}
END_TEST

START_TEST(test_check_condition)
{
	const uint64_t iov[1][2] = { { DATA_OFF, 96 } };
	struct tcmu_cmd_entry *e = entry_at(0);

	put_cmd(0, inquiry, 6, iov, 1);
	fake.status = 0x02;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(e->rsp.scsi_status, 0x02);
	ck_assert_int_eq(e->rsp.sense_buffer[0], 0x70);
	ck_assert_int_eq(e->rsp.sense_buffer[2], 0x05);
	ck_assert_int_eq(e->rsp.sense_buffer[12], 0x24);
	ck_assert_int_eq(e->rsp.sense_buffer[18], 0);
	ck_assert(!(e->hdr.uflags & TCMU_UFLAG_READ_LEN));
}
END_TEST

/* No data: TEST UNIT READY has no vectors and dir NONE. */
START_TEST(test_no_data)
{
	put_cmd(0, tur, 6, NULL, 0);
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.seen.dir, VB_DXFER_NONE);
	ck_assert_int_eq(fake.seen.buf_len, 0);
}
END_TEST

/* PAD to the end of the ring, then a command at offset 0. */
START_TEST(test_pad_wraps)
{
	const uint64_t iov[1][2] = { { DATA_OFF, 96 } };
	uint32_t start = CMDR_SIZE - 256, len;

	mbox()->cmd_tail = start;
	put_other(start, TCMU_OP_PAD, 256);
	len = put_cmd(0, inquiry, 6, iov, 1);
	fake.reply_len = 96;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 2);
	ck_assert_int_eq(fake.calls, 1);
	ck_assert_uint_eq(mbox()->cmd_tail, len);
}
END_TEST

/* Several commands in one walk; TMR skipped; unknown op flagged. */
START_TEST(test_batch_tmr_unknown)
{
	uint32_t off = 0;

	off += put_cmd(off, tur, 6, NULL, 0);
	put_other(off, TCMU_OP_TMR, 64);
	off += 64;
	put_other(off, (enum tcmu_opcode)5, 64);
	off += 64;
	off += put_cmd(off, tur, 6, NULL, 0);
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 4);
	ck_assert_int_eq(fake.calls, 2);
	ck_assert_uint_eq(mbox()->cmd_tail, off);
	ck_assert(entry_at(off - 64 - 112)->hdr.uflags & TCMU_UFLAG_UNKNOWN_OP);
}
END_TEST

/* A zero-length entry would loop forever: stop, touch nothing. */
START_TEST(test_corrupt_length)
{
	put_other(0, TCMU_OP_CMD, 0);
	mbox()->cmd_head = 64;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), -EPROTO);
	ck_assert_uint_eq(mbox()->cmd_tail, 0);
	put_other(0, TCMU_OP_CMD, CMDR_SIZE + 8);
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), -EPROTO);
	mbox()->cmd_tail = 4;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), -EPROTO);
}
END_TEST

/* Data outside the mapping: CHECK CONDITION 04/44/00, never executed. */
START_TEST(test_iov_out_of_map)
{
	const uint64_t iov[1][2] = { { MAP_SIZE - 100, 4096 } };
	struct tcmu_cmd_entry *e = entry_at(0);

	put_cmd(0, read10, 10, iov, 1);
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.calls, 0);
	ck_assert_int_eq(e->rsp.scsi_status, 0x02);
	ck_assert_int_eq(e->rsp.sense_buffer[2], 0x04);
	ck_assert_int_eq(e->rsp.sense_buffer[12], 0x44);
}
END_TEST

/* Bidirectional commands are not MMC: refused without running them. */
START_TEST(test_bidi_refused)
{
	const uint64_t iov[2][2] = { { DATA_OFF, 512 },
				     { DATA_OFF + 4096, 512 } };
	struct tcmu_cmd_entry *e = entry_at(0);

	put_cmd(0, read10, 10, iov, 2);
	e->req.iov_cnt = 1;
	e->req.iov_bidi_cnt = 1;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), 1);
	ck_assert_int_eq(fake.calls, 0);
	ck_assert_int_eq(e->rsp.scsi_status, 0x02);
}
END_TEST

/* A good entry before a corrupt one stays completed and consumed. */
START_TEST(test_good_then_corrupt)
{
	uint32_t len;

	len = put_cmd(0, tur, 6, NULL, 0);
	put_other(len, TCMU_OP_CMD, 0);
	mbox()->cmd_head = len + 64;
	ck_assert_int_eq(tcmu_ring_run(&ring, fake_exec, NULL), -EPROTO);
	ck_assert_int_eq(fake.calls, 1);
	ck_assert_uint_eq(mbox()->cmd_tail, len);
}
END_TEST

START_TEST(test_cdb_helpers)
{
	ck_assert_uint_eq(tcmu_cdb_len(0x12), 6);
	ck_assert_uint_eq(tcmu_cdb_len(0x46), 10);
	ck_assert_uint_eq(tcmu_cdb_len(0x5d), 10);
	ck_assert_uint_eq(tcmu_cdb_len(0x8a), 16);
	ck_assert_uint_eq(tcmu_cdb_len(0xbe), 12);
	ck_assert_int_eq(tcmu_cdb_dir(0x2a), VB_DXFER_TO_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0x55), VB_DXFER_TO_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0x5d), VB_DXFER_TO_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0xb6), VB_DXFER_TO_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0x46), VB_DXFER_FROM_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0x28), VB_DXFER_FROM_DEV);
	ck_assert_int_eq(tcmu_cdb_dir(0xad), VB_DXFER_FROM_DEV);
}
END_TEST

/* The portal and initiator names vburnd --iscsi takes (tcmu_iscsi.c). */
START_TEST(test_iscsi_names)
{
	static const char *const bad_portal[] = {
		"",	     ":3260",	      "1.2.3:3260",	   "1.2.3.4:",
		"1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:32x",	   "[::1",
		"[::1]x",    "[nope]:1",      "host.example:3260",
	};
	char np[80];

	ck_assert_int_eq(tcmu_iscsi_portal("127.0.0.1:3260", np, sizeof(np)),
			 0);
	ck_assert_str_eq(np, "127.0.0.1:3260");
	ck_assert_int_eq(tcmu_iscsi_portal("10.1.2.3", np, sizeof(np)), 0);
	ck_assert_str_eq(np, "10.1.2.3:3260");
	ck_assert_int_eq(tcmu_iscsi_portal("[::]:3261", np, sizeof(np)), 0);
	ck_assert_str_eq(np, "[::]:3261");
	ck_assert_int_eq(tcmu_iscsi_portal("[fe80::1]", np, sizeof(np)), 0);
	ck_assert_str_eq(np, "[fe80::1]:3260");
	for (size_t i = 0; i < sizeof(bad_portal) / sizeof(bad_portal[0]); i++)
		ck_assert_msg(tcmu_iscsi_portal(bad_portal[i], np, sizeof(np)),
			      "accepted portal '%s'", bad_portal[i]);
	ck_assert(tcmu_iscsi_name_ok("iqn.2026-12.test.vm:init1"));
	ck_assert(tcmu_iscsi_name_ok("iqn.1993-08.org.debian:01:abc"));
	ck_assert(tcmu_iscsi_name_ok("eui.02004567A425678D"));
	ck_assert(tcmu_iscsi_name_ok("naa.52004567BA64678D"));
	ck_assert(!tcmu_iscsi_name_ok("iqn.x"));
	ck_assert(!tcmu_iscsi_name_ok("iqn.2026-12.a b:c"));
	ck_assert(!tcmu_iscsi_name_ok("iqn.2026-12.a/b"));
	ck_assert(!tcmu_iscsi_name_ok("eui.0200"));
	ck_assert(!tcmu_iscsi_name_ok("foo.2026-12.a.b"));
}
END_TEST

Suite *tcmu_suite(void)
{
	Suite *s = suite_create("tcmu");
	TCase *tc = tcase_create("ring");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_check_mailbox);
	tcase_add_test(tc, test_empty_ring);
	tcase_add_test(tc, test_inquiry_read_len);
	tcase_add_test(tc, test_short_without_cap);
	tcase_add_test(tc, test_write_scattered);
	tcase_add_test(tc, test_read_scattered);
	tcase_add_test(tc, test_contiguous_in_place);
	tcase_add_test(tc, test_check_condition);
	tcase_add_test(tc, test_no_data);
	tcase_add_test(tc, test_pad_wraps);
	tcase_add_test(tc, test_batch_tmr_unknown);
	tcase_add_test(tc, test_corrupt_length);
	tcase_add_test(tc, test_iscsi_names);
	tcase_add_test(tc, test_iov_out_of_map);
	tcase_add_test(tc, test_bidi_refused);
	tcase_add_test(tc, test_good_then_corrupt);
	tcase_add_test(tc, test_cdb_helpers);
	suite_add_tcase(s, tc);
	return s;
}
