/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CUSE front end's pure SG_IO / CDROM_SEND_PACKET logic
 * (cuse/cuse_sg.c): native and compat layouts against the system headers
 * and docs/clients.md 1.3/1.7, the sg_io() validation rules, the retry iovec
 * plan per transfer direction, and the reply header fields; and the
 * node's device number (cuse/cuse_devnum.c) against a fake sysfs.
 */
#include <check.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/cdrom.h>
#include <linux/major.h>
#include <scsi/sg.h>

#include "../cuse/cuse_devnum.h"
#include "../cuse/cuse_sg.h"

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A checked-looking native header: 10-byte CDB, 32-byte sense. */
static struct cuse_sghdr mkhdr(int dir, uint32_t len)
{
	struct cuse_sghdr h;

	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.dxfer_direction = dir;
	h.cmd_len = 10;
	h.mx_sb_len = 32;
	h.dxfer_len = len;
	h.dxferp = 0x10000;
	h.cmdp = 0x20000;
	h.sbp = 0x30000;
	return h;
}

START_TEST(test_sizes)
{
	ck_assert_uint_eq(cuse_sghdr_size(false), sizeof(sg_io_hdr_t));
	ck_assert_uint_eq(cuse_sghdr_size(true), 64);
	ck_assert_uint_eq(cuse_cgc_size(false),
			  sizeof(struct cdrom_generic_command));
	ck_assert_uint_eq(cuse_cgc_size(true), 44);
}
END_TEST

START_TEST(test_parse_native)
{
	sg_io_hdr_t io;
	struct cuse_sghdr h;
	uint8_t cdb[10];

	memset(&io, 0, sizeof(io));
	io.interface_id = 'S';
	io.dxfer_direction = SG_DXFER_FROM_DEV;
	io.cmd_len = 10;
	io.mx_sb_len = 64;
	io.iovec_count = 0;
	io.dxfer_len = 4096;
	io.dxferp = (void *)(uintptr_t)0x1122334455667788ull;
	io.cmdp = cdb;
	io.sbp = (unsigned char *)(uintptr_t)0x0102030405060708ull;
	io.timeout = 30000;
	io.flags = SG_FLAG_DIRECT_IO;
	ck_assert_int_eq(cuse_sghdr_parse(&io, sizeof(io), false, &h), 0);
	ck_assert_int_eq(h.interface_id, 'S');
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_FROM_DEV);
	ck_assert_uint_eq(h.cmd_len, 10);
	ck_assert_uint_eq(h.mx_sb_len, 64);
	ck_assert_uint_eq(h.dxfer_len, 4096);
	ck_assert_uint_eq(h.dxferp, 0x1122334455667788ull);
	ck_assert_uint_eq(h.cmdp, (uintptr_t)cdb);
	ck_assert_uint_eq(h.sbp, 0x0102030405060708ull);
	ck_assert_uint_eq(h.timeout, 30000);
	ck_assert_uint_eq(h.flags, SG_FLAG_DIRECT_IO);
	ck_assert(!h.compat);
	ck_assert_int_eq(cuse_sghdr_parse(&io, sizeof(io) - 1, false, &h),
			 -EINVAL);
}
END_TEST

/* struct compat_sg_io_hdr offsets from docs/clients.md 1.3. */
START_TEST(test_parse_compat)
{
	uint8_t b[64];
	struct cuse_sghdr h;

	memset(b, 0, sizeof(b));
	put32(b + 0, 'S');
	put32(b + 4, (uint32_t)CUSE_DXFER_TO_DEV);
	b[8] = 6;
	b[9] = 18;
	put32(b + 12, 2048);
	put32(b + 16, 0x08001000); /* dxferp */
	put32(b + 20, 0x08002000); /* cmdp */
	put32(b + 24, 0xf8003000); /* sbp: zero-extended, not signed */
	put32(b + 28, 5000);	   /* timeout */
	put32(b + 32, 4);	   /* flags */
	ck_assert_int_eq(cuse_sghdr_parse(b, sizeof(b), true, &h), 0);
	ck_assert(h.compat);
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_TO_DEV);
	ck_assert_uint_eq(h.cmd_len, 6);
	ck_assert_uint_eq(h.mx_sb_len, 18);
	ck_assert_uint_eq(h.dxfer_len, 2048);
	ck_assert_uint_eq(h.dxferp, 0x08001000);
	ck_assert_uint_eq(h.cmdp, 0x08002000);
	ck_assert_uint_eq(h.sbp, 0xf8003000ull);
	ck_assert_uint_eq(h.timeout, 5000);
	ck_assert_uint_eq(h.flags, 4);
	ck_assert_int_eq(cuse_sghdr_parse(b, 63, true, &h), -EINVAL);
}
END_TEST

static const struct {
	int32_t id;
	int dir;
	uint32_t len;
	uint8_t cmd_len;
	uint16_t iovec_count;
	int expect;
} check_rows[] = {
	{ 'S', CUSE_DXFER_FROM_DEV, 36, 6, 0, 0 },
	{ 'S', CUSE_DXFER_NONE, 0, 6, 0, 0 },
	{ 'S', CUSE_DXFER_TO_DEV, CUSE_MAX_XFER, 10, 0, 0 },
	{ 'S', CUSE_DXFER_TO_FROM_DEV, 2352, 12, 0, 0 },
	{ 'S', CUSE_DXFER_FROM_DEV, 0, 16, 0, 0 },
	/* cdparanoia's check_sgio probe */
	{ 'A', CUSE_DXFER_FROM_DEV, 36, 6, 0, -EINVAL },
	/* the id is checked before the size */
	{ 'A', CUSE_DXFER_FROM_DEV, 1u << 20, 6, 0, -EINVAL },
	{ 'S', CUSE_DXFER_FROM_DEV, CUSE_MAX_XFER + 1, 10, 0, -EIO },
	{ 'S', CUSE_DXFER_TO_DEV, 1u << 20, 10, 0, -EIO },
	{ 'S', CUSE_DXFER_NONE, 512, 6, 0, -EINVAL },
	{ 'S', CUSE_DXFER_UNKNOWN, 512, 6, 0, -EINVAL },
	{ 'S', CUSE_DXFER_UNKNOWN, 0, 6, 0, 0 },
	{ 'S', CUSE_DXFER_NONE, 0, 5, 0, -EMSGSIZE },
	{ 'S', CUSE_DXFER_NONE, 0, 17, 0, -EINVAL },
	{ 'S', CUSE_DXFER_FROM_DEV, 64, 10, 2, -EINVAL },
};

START_TEST(test_check)
{
	struct cuse_sghdr h = mkhdr(check_rows[_i].dir, check_rows[_i].len);

	h.interface_id = check_rows[_i].id;
	h.cmd_len = check_rows[_i].cmd_len;
	h.iovec_count = check_rows[_i].iovec_count;
	ck_assert_int_eq(cuse_sghdr_check(&h), check_rows[_i].expect);
}
END_TEST

START_TEST(test_plan_none)
{
	struct cuse_sghdr h = mkhdr(CUSE_DXFER_NONE, 0);
	struct cuse_plan p;

	cuse_sghdr_plan(&h, 0x5000, 88, &p);
	ck_assert_int_eq(p.dir, VB_DXFER_NONE);
	ck_assert_uint_eq(p.n_in, 2);
	ck_assert_uint_eq(p.in[0].base, 0x5000);
	ck_assert_uint_eq(p.in[0].len, 88);
	ck_assert_uint_eq(p.in[1].base, 0x20000);
	ck_assert_uint_eq(p.in[1].len, 10);
	ck_assert_uint_eq(p.in_size, 98);
	ck_assert_uint_eq(p.cdb_off, 88);
	ck_assert_uint_eq(p.n_out, 2);
	ck_assert_uint_eq(p.out[0].base, 0x5000);
	ck_assert_uint_eq(p.out[0].len, 88);
	ck_assert_uint_eq(p.out[1].base, 0x30000);
	ck_assert_uint_eq(p.out[1].len, 32);
	ck_assert_uint_eq(p.out_size, 120);
	ck_assert(!p.copy_in && !p.copy_out);
}
END_TEST

START_TEST(test_plan_to_dev)
{
	struct cuse_sghdr h = mkhdr(CUSE_DXFER_TO_DEV, 65536);
	struct cuse_plan p;

	cuse_sghdr_plan(&h, 0x5000, 88, &p);
	ck_assert_int_eq(p.dir, VB_DXFER_TO_DEV);
	ck_assert(p.copy_in && !p.copy_out);
	ck_assert_uint_eq(p.n_in, 3);
	ck_assert_uint_eq(p.in[2].base, 0x10000);
	ck_assert_uint_eq(p.in[2].len, 65536);
	ck_assert_uint_eq(p.data_off, 98);
	ck_assert_uint_eq(p.in_size, 88 + 10 + 65536);
	ck_assert_uint_eq(p.n_out, 2);
	ck_assert_uint_eq(p.out_size, 88 + 32);
	/* One direction of a CUSE ioctl carries at most 128 KiB. */
	ck_assert_uint_le(p.in_size, 128 * 1024);
}
END_TEST

START_TEST(test_plan_from_dev)
{
	struct cuse_sghdr h = mkhdr(CUSE_DXFER_FROM_DEV, 2048);
	struct cuse_plan p;

	cuse_sghdr_plan(&h, 0x5000, 88, &p);
	ck_assert_int_eq(p.dir, VB_DXFER_FROM_DEV);
	ck_assert(!p.copy_in && p.copy_out);
	ck_assert_uint_eq(p.n_in, 2);
	ck_assert_uint_eq(p.n_out, 3);
	/* data-in before sense: a GOOD reply stops after the data */
	ck_assert_uint_eq(p.out[1].base, 0x10000);
	ck_assert_uint_eq(p.out[1].len, 2048);
	ck_assert_uint_eq(p.out[2].base, 0x30000);
	ck_assert_uint_eq(p.out[2].len, 32);
	ck_assert_uint_eq(p.out_size, 88 + 2048 + 32);
	ck_assert_uint_eq(p.data_len, 2048);
	ck_assert_uint_eq(p.sense_len, 32);
}
END_TEST

/* cdparanoia's reads: data-in whose buffer is first copied in. */
START_TEST(test_plan_to_from_dev)
{
	struct cuse_sghdr h = mkhdr(CUSE_DXFER_TO_FROM_DEV, 2352);
	struct cuse_plan p;

	cuse_sghdr_plan(&h, 0x5000, 88, &p);
	ck_assert_int_eq(p.dir, VB_DXFER_FROM_DEV);
	ck_assert(p.copy_in && p.copy_out);
	ck_assert_uint_eq(p.n_in, 3);
	ck_assert_uint_eq(p.in[2].len, 2352);
	ck_assert_uint_eq(p.n_out, 3);
	ck_assert_uint_eq(p.out[1].len, 2352);
}
END_TEST

START_TEST(test_plan_no_sense)
{
	struct cuse_sghdr h = mkhdr(CUSE_DXFER_FROM_DEV, 0);
	struct cuse_plan p;

	h.mx_sb_len = 0;
	cuse_sghdr_plan(&h, 0x5000, 64, &p);
	/* no data: direction ignored; no sense buffer: no sense iovec */
	ck_assert_int_eq(p.dir, VB_DXFER_NONE);
	ck_assert_uint_eq(p.n_out, 1);
	ck_assert_uint_eq(p.out_size, 64);
}
END_TEST

START_TEST(test_complete_good)
{
	sg_io_hdr_t io;
	struct vb_cmd c;

	memset(&io, 0xee, sizeof(io));
	io.pack_id = 1234;
	memset(&c, 0, sizeof(c));
	c.buf_len = 252;
	c.xfer_len = 36;
	c.status = VB_STATUS_GOOD;
	cuse_sghdr_complete((uint8_t *)&io, false, &c, 32, 7);
	ck_assert_uint_eq(io.status, 0);
	ck_assert_uint_eq(io.masked_status, 0);
	ck_assert_uint_eq(io.msg_status, 0);
	ck_assert_uint_eq(io.sb_len_wr, 0);
	ck_assert_uint_eq(io.host_status, 0);
	ck_assert_uint_eq(io.driver_status, 0);
	ck_assert_int_eq(io.resid, 216);
	ck_assert_uint_eq(io.duration, 7);
	ck_assert_uint_eq(io.info, 0);
	/* input fields stay as the caller wrote them */
	ck_assert_int_eq(io.pack_id, 1234);
}
END_TEST

START_TEST(test_complete_check)
{
	sg_io_hdr_t io;
	struct vb_cmd c;

	memset(&io, 0, sizeof(io));
	memset(&c, 0, sizeof(c));
	c.buf_len = 2048;
	c.xfer_len = 0;
	c.status = VB_STATUS_CHECK_CONDITION;
	c.sense_len = 18;
	cuse_sghdr_complete((uint8_t *)&io, false, &c, 32, 0);
	ck_assert_uint_eq(io.status, 0x02);
	ck_assert_uint_eq(io.masked_status, 0x01); /* CHECK_CONDITION */
	ck_assert_uint_eq(io.sb_len_wr, 18);
	ck_assert_uint_eq(io.driver_status, 0x08); /* DRIVER_SENSE */
	ck_assert_uint_eq(io.host_status, 0);
	ck_assert_uint_eq(io.info & SG_INFO_OK_MASK, SG_INFO_CHECK);
	ck_assert_int_eq(io.resid, 2048);
	/* sb_len_wr never exceeds the caller's buffer */
	cuse_sghdr_complete((uint8_t *)&io, false, &c, 8, 0);
	ck_assert_uint_eq(io.sb_len_wr, 8);
}
END_TEST

START_TEST(test_complete_compat)
{
	uint8_t b[64];
	struct vb_cmd c;

	memset(b, 0xaa, sizeof(b));
	memset(&c, 0, sizeof(c));
	c.buf_len = 100;
	c.xfer_len = 40;
	c.status = VB_STATUS_CHECK_CONDITION;
	c.sense_len = 18;
	cuse_sghdr_complete(b, true, &c, 255, 99);
	ck_assert_uint_eq(b[43], 0xaa);		/* usr_ptr untouched */
	ck_assert_uint_eq(b[44], 0x02);		/* status */
	ck_assert_uint_eq(b[45], 0x01);		/* masked_status */
	ck_assert_uint_eq(b[46], 0);		/* msg_status */
	ck_assert_uint_eq(b[47], 18);		/* sb_len_wr */
	ck_assert_uint_eq(get16(b + 48), 0);	/* host_status */
	ck_assert_uint_eq(get16(b + 50), 0x08); /* driver_status */
	ck_assert_uint_eq(get32(b + 52), 60);	/* resid */
	ck_assert_uint_eq(get32(b + 56), 99);	/* duration */
	ck_assert_uint_eq(get32(b + 60), 1);	/* info */
}
END_TEST

START_TEST(test_cgc_native)
{
	struct cdrom_generic_command cgc;
	struct request_sense rs;
	unsigned char buf[8];
	struct cuse_sghdr h;
	struct cuse_plan p;
	struct vb_cmd c;

	memset(&cgc, 0, sizeof(cgc));
	cgc.cmd[0] = 0x43;
	cgc.buffer = buf;
	cgc.buflen = sizeof(buf);
	cgc.sense = &rs;
	cgc.data_direction = CGC_DATA_READ;
	cgc.timeout = 100;
	ck_assert_int_eq(cuse_cgc_parse(&cgc, sizeof(cgc), false, 0x7000, &h),
			 0);
	ck_assert_int_eq(h.interface_id, 'S');
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_FROM_DEV);
	ck_assert_uint_eq(h.cmd_len, 12);
	ck_assert_uint_eq(h.cmdp, 0x7000); /* cmd[] inside the struct */
	ck_assert_uint_eq(h.dxferp, (uintptr_t)buf);
	ck_assert_uint_eq(h.dxfer_len, sizeof(buf));
	ck_assert_uint_eq(h.sbp, (uintptr_t)&rs);
	ck_assert_uint_eq(h.mx_sb_len, sizeof(struct request_sense));
	ck_assert_uint_eq(h.timeout, 1000);
	ck_assert_int_eq(cuse_sghdr_check(&h), 0);

	cuse_sghdr_plan(&h, 0x7000, sizeof(cgc), &p);
	ck_assert_uint_eq(p.in[0].len, sizeof(cgc));
	ck_assert_uint_eq(p.in[1].base, 0x7000);
	ck_assert_uint_eq(p.out[2].len, 64);

	/* No sense pointer: no sense buffer. */
	cgc.sense = NULL;
	cgc.data_direction = CGC_DATA_WRITE;
	ck_assert_int_eq(cuse_cgc_parse(&cgc, sizeof(cgc), false, 0, &h), 0);
	ck_assert_uint_eq(h.mx_sb_len, 0);
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_TO_DEV);
	cgc.data_direction = CGC_DATA_NONE;
	cgc.buflen = 0;
	ck_assert_int_eq(cuse_cgc_parse(&cgc, sizeof(cgc), false, 0, &h), 0);
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_NONE);
	/* UNKNOWN with data fails like sg_io() */
	cgc.data_direction = CGC_DATA_UNKNOWN;
	cgc.buflen = 4;
	ck_assert_int_eq(cuse_cgc_parse(&cgc, sizeof(cgc), false, 0, &h), 0);
	ck_assert_int_eq(cuse_sghdr_check(&h), -EINVAL);
	cgc.data_direction = 9;
	ck_assert_int_eq(cuse_cgc_parse(&cgc, sizeof(cgc), false, 0, &h),
			 -EINVAL);

	/* GOOD: buflen = residual, stat = 0 */
	cgc.buflen = 8;
	cgc.stat = 77;
	memset(&c, 0, sizeof(c));
	c.buf_len = 8;
	c.xfer_len = 6;
	cuse_cgc_complete((uint8_t *)&cgc, false, &c);
	ck_assert_uint_eq(cgc.buflen, 2);
	ck_assert_int_eq(cgc.stat, 0);
}
END_TEST

/* struct compat_cdrom_generic_command: 44 bytes (docs/clients.md 1.5). */
START_TEST(test_cgc_compat)
{
	uint8_t b[44];
	struct cuse_sghdr h;
	struct vb_cmd c;

	memset(b, 0, sizeof(b));
	b[0] = 0x51;
	put32(b + 12, 0x0800a000); /* buffer */
	put32(b + 16, 34);	   /* buflen */
	put32(b + 24, 0x0800b000); /* sense */
	b[28] = CGC_DATA_READ;	   /* data_direction */
	put32(b + 36, 50);	   /* timeout */
	ck_assert_int_eq(cuse_cgc_parse(b, sizeof(b), true, 0x0800c000, &h), 0);
	ck_assert_uint_eq(h.dxferp, 0x0800a000);
	ck_assert_uint_eq(h.dxfer_len, 34);
	ck_assert_uint_eq(h.sbp, 0x0800b000);
	ck_assert_uint_eq(h.mx_sb_len, 64);
	ck_assert_int_eq(h.dxfer_direction, CUSE_DXFER_FROM_DEV);
	ck_assert_uint_eq(h.timeout, 500);
	ck_assert_uint_eq(h.cmdp, 0x0800c000);
	ck_assert_int_eq(cuse_cgc_parse(b, 43, true, 0, &h), -EINVAL);

	memset(&c, 0, sizeof(c));
	c.buf_len = 34;
	c.xfer_len = 34;
	put32(b + 20, 5); /* stat */
	cuse_cgc_complete(b, true, &c);
	ck_assert_uint_eq(get32(b + 16), 0);
	ck_assert_uint_eq(get32(b + 20), 0);
}
END_TEST

/* touch SYSFS/dev/KIND/MAJOR:MINOR, as the kernel's device links are. */
static void fake_dev(const char *sysfs, const char *kind, unsigned int major,
		     unsigned int minor)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/dev/%s/%u:%u", sysfs, kind, major,
		 minor);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
}

/*
 * The minor counts down from 255 past char 11:N (another vburnd's node)
 * and block 11:N (a real sr drive), and other majors do not matter.
 */
START_TEST(test_devnum_pick)
{
	char dir[] = "/tmp/vburn-devnum.XXXXXX", path[300];
	unsigned int m;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/dev", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	/* No sysfs dev/char or dev/block at all: nothing is in use. */
	ck_assert_int_eq(cuse_devnum_pick_minor(dir), 255);
	snprintf(path, sizeof(path), "%s/dev/char", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/dev/block", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(cuse_devnum_pick_minor(dir), 255);

	fake_dev(dir, "char", 11, 255);
	ck_assert_int_eq(cuse_devnum_pick_minor(dir), 254);
	fake_dev(dir, "block", 11, 254);
	fake_dev(dir, "char", 10, 253);	 /* misc: another major */
	fake_dev(dir, "block", 8, 253);	 /* sd */
	fake_dev(dir, "char", 11, 1253); /* beyond 255: never asked for */
	ck_assert_int_eq(cuse_devnum_pick_minor(dir), 253);

	for (m = 0; m < CUSE_DEVNUM_MINORS; m++)
		fake_dev(dir, m % 2 ? "char" : "block", 11, m);
	ck_assert_int_eq(cuse_devnum_pick_minor(dir), -1);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/*
 * What libcdio-paranoia computes from stat(): st_rdev >> 8 is the major
 * for every minor we may pick, and not past it (cuse_devnum.h).
 */
START_TEST(test_devnum_rdev)
{
	const dev_t last = makedev(CUSE_DEVNUM_MAJOR, CUSE_DEVNUM_MINORS - 1);
	const dev_t past = makedev(CUSE_DEVNUM_MAJOR, CUSE_DEVNUM_MINORS);

	ck_assert_uint_eq(CUSE_DEVNUM_MAJOR, SCSI_CDROM_MAJOR);
	ck_assert_int_eq((int)(makedev(CUSE_DEVNUM_MAJOR, 0) >> 8),
			 SCSI_CDROM_MAJOR);
	ck_assert_int_eq((int)(last >> 8), SCSI_CDROM_MAJOR);
	ck_assert_int_ne((int)(past >> 8), SCSI_CDROM_MAJOR);
}
END_TEST

Suite *cuse_suite(void); /* listed by tests/check_main.c */

Suite *cuse_suite(void)
{
	Suite *s = suite_create("cuse");
	TCase *tc = tcase_create("sg");

	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_parse_native);
	tcase_add_test(tc, test_parse_compat);
	tcase_add_loop_test(tc, test_check, 0,
			    (int)(sizeof(check_rows) / sizeof(check_rows[0])));
	tcase_add_test(tc, test_plan_none);
	tcase_add_test(tc, test_plan_to_dev);
	tcase_add_test(tc, test_plan_from_dev);
	tcase_add_test(tc, test_plan_to_from_dev);
	tcase_add_test(tc, test_plan_no_sense);
	tcase_add_test(tc, test_complete_good);
	tcase_add_test(tc, test_complete_check);
	tcase_add_test(tc, test_complete_compat);
	tcase_add_test(tc, test_cgc_native);
	tcase_add_test(tc, test_cgc_compat);
	suite_add_tcase(s, tc);
	tc = tcase_create("devnum");
	tcase_add_test(tc, test_devnum_pick);
	tcase_add_test(tc, test_devnum_rdev);
	suite_add_tcase(s, tc);
	return s;
}
