/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCMU front end's helper that keeps root when vburnd runs with
 * --user (tcmu/tcmu_priv.c): what it agrees to do, and the helper process
 * itself. Apart from check_tcmu.c, whose linux/target_core_user.h and
 * fcntl.h each define struct iovec.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../tcmu/tcmu_int.h"

/* What the helper that keeps root does for a vburnd run with --user
 * (tcmu_priv.c): vburn's own configfs objects and rings, nothing else. */
START_TEST(test_priv_policy)
{
#define T TCMU_TGT_DIR "/"
	static const struct {
		int op;
		const char *path, *arg;
	} ok[] = {
		{ TCMU_PRIV_MKDIR, T "core/user_0", NULL },
		{ TCMU_PRIV_MKDIR, T "core/user_12/vburn0", NULL },
		{ TCMU_PRIV_WRITE, T "core/user_3/vburn1-2/control", "x=1" },
		{ TCMU_PRIV_WRITE, T "core/user_3/vburn1/action/reset_ring",
		  "2" },
		{ TCMU_PRIV_RMDIR, T "loopback", NULL },
		{ TCMU_PRIV_MKDIR, T "loopback/naa.5001405766270003/tpgt_1",
		  NULL },
		{ TCMU_PRIV_SYMLINK,
		  T "loopback/naa.5001405766270003/tpgt_1/lun/lun_0/vburn0",
		  T "core/user_3/vburn0" },
		{ TCMU_PRIV_UNLINK,
		  T "loopback/naa.5001405766270003/tpgt_1/lun/lun_0/vburn0",
		  NULL },
		{ TCMU_PRIV_MKDIR, T "iscsi", NULL },
		{ TCMU_PRIV_WRITE,
		  T "iscsi/iqn.2026-12.org.vburn:vm.vburn0/tpgt_1/enable",
		  "1" },
		{ TCMU_PRIV_SYMLINK,
		  T "iscsi/iqn.2026-12.org.vburn:vm.vburn0/tpgt_1/acls/"
		    "iqn.2026-12.test:a/lun_0/vburn",
		  T "iscsi/iqn.2026-12.org.vburn:vm.vburn0/tpgt_1/lun/lun_0" },
	}, bad[] = {
		/* other kinds of backstore: a fileio one reads any file */
		{ TCMU_PRIV_MKDIR, T "core/fileio_0", NULL },
		{ TCMU_PRIV_MKDIR, T "core/fileio_0/vburn0", NULL },
		{ TCMU_PRIV_MKDIR, T "core/iblock_0/x", NULL },
		{ TCMU_PRIV_MKDIR, T "core/user_1/other", NULL },
		{ TCMU_PRIV_MKDIR, T "core/user_x", NULL },
		{ TCMU_PRIV_MKDIR, T "core/user_", NULL },
		{ TCMU_PRIV_MKDIR, T "core", NULL },
		{ TCMU_PRIV_WRITE, T "core/user_1", "x" },
		{ TCMU_PRIV_RMDIR, T "loopback/naa.6001405000000000", NULL },
		{ TCMU_PRIV_RMDIR, T "iscsi/iqn.2003-01.org.linux-iscsi.x",
		  NULL },
		{ TCMU_PRIV_MKDIR, T "vhost", NULL },
		{ TCMU_PRIV_MKDIR, "/sys/kernel/config/other", NULL },
		{ TCMU_PRIV_MKDIR, "/tmp/x", NULL },
		/* no way out of our names */
		{ TCMU_PRIV_MKDIR, T "core/user_1/vburn0/../../fileio_0",
		  NULL },
		{ TCMU_PRIV_WRITE, T "core/user_1/vburn0/./control", "x" },
		{ TCMU_PRIV_WRITE, T "core/user_1/vburn0//control", "x" },
		{ TCMU_PRIV_MKDIR, T "loopback/naa.500140576627/..", NULL },
		{ TCMU_PRIV_MKDIR, "relative/" T "core/user_1", NULL },
		/* links only to objects of ours */
		{ TCMU_PRIV_SYMLINK,
		  T "loopback/naa.5001405766270003/tpgt_1/lun/lun_0/x",
		  T "core/fileio_0/disk" },
		{ TCMU_PRIV_SYMLINK,
		  T "loopback/naa.5001405766270003/tpgt_1/lun/lun_0/x",
		  "/etc/shadow" },
		{ TCMU_PRIV_SYMLINK,
		  T "loopback/naa.5001405766270003/tpgt_1/lun/lun_0/x",
		  T "core/user_1" },
		{ TCMU_PRIV_UNLINK, T "loopback", NULL },
		{ 0, T "core/user_1/vburn0", NULL },
		{ 99, T "core/user_1/vburn0", NULL },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(tcmu_priv_allowed(ok[i].op, 0, ok[i].path,
						ok[i].arg ? ok[i].arg : ""),
			      "refused op %d %s", ok[i].op, ok[i].path);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!tcmu_priv_allowed(bad[i].op, 0, bad[i].path,
						 bad[i].arg ? bad[i].arg : ""),
			      "allowed op %d %s", bad[i].op, bad[i].path);
	ck_assert(tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				    "/dev/uio0", ""));
	ck_assert(tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				    "/dev/uio1234", ""));
	ck_assert(tcmu_priv_allowed(TCMU_PRIV_OPEN,
				    O_RDONLY | O_NONBLOCK | O_CLOEXEC,
				    "/dev/kmsg", ""));
	ck_assert(!tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				     "/dev/uio", ""));
	ck_assert(!tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				     "/dev/uio0/../sda", ""));
	ck_assert(!tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				     "/dev/uio12345", ""));
	ck_assert(!tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				     "/dev/sda", ""));
	ck_assert(!tcmu_priv_allowed(TCMU_PRIV_OPEN, O_RDWR | O_CLOEXEC,
				     "/dev/kmsg", ""));
	ck_assert(!tcmu_priv_allowed(
		TCMU_PRIV_OPEN, O_RDWR | O_CREAT | O_CLOEXEC, "/dev/uio0", ""));
#undef T
}
END_TEST

/* The helper process itself: requests go to it, answers come back with
 * its errno (or a descriptor), the refused ones get EPERM, and it ends
 * when vburnd's end of the socket closes. Paths whose parents cannot
 * exist, so that nothing is made even on a machine with LIO. */
START_TEST(test_priv_helper)
{
	const char *dev = TCMU_CORE_DIR "/user_999999/vburn0";
	char err[128] = "", tmp[64];
	int fd;

	snprintf(tmp, sizeof(tmp), "/tmp/vburn-priv-%d", (int)getpid());
	ck_assert(!tcmu_priv_running());
	ck_assert_int_eq(tcmu_priv_start(err, sizeof(err)), 0);
	ck_assert(tcmu_priv_running());
	ck_assert_int_eq(tcmu_cfs_mkdir(tmp), -EPERM);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(tcmu_cfs_mkdir(dev), -ENOENT);
	ck_assert_int_eq(tcmu_cfs_write(TCMU_CORE_DIR
					"/user_999999/vburn0/control",
					"dev_config=x"),
			 -ENOENT);
	ck_assert_int_eq(tcmu_cfs_symlink("/etc/passwd", TCMU_LOOP_DIR
					  "/naa.5001405766279999/tpgt_1/lun/"
					  "lun_0/vburn0"),
			 -EPERM);
	ck_assert_int_eq(tcmu_priv_open("/etc/passwd", O_RDONLY | O_CLOEXEC),
			 -EPERM);
	ck_assert_int_eq(tcmu_priv_open("/dev/uio9999", O_RDWR | O_CLOEXEC),
			 -ENOENT);
	/* a descriptor crosses over when the open is allowed and works */
	fd = tcmu_priv_open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ck_assert_msg(fd >= 0 || fd == -ENOENT || fd == -EPERM || fd == -EACCES,
		      "/dev/kmsg: %d", fd);
	if (fd >= 0) {
		ck_assert_int_ne(fcntl(fd, F_GETFD), -1);
		close(fd);
	}
	tcmu_priv_stop(); /* waits for the helper: it must end */
	ck_assert(!tcmu_priv_running());
	/* without the helper the calls are made here */
	ck_assert_int_eq(tcmu_cfs_mkdir(tmp), 0);
	ck_assert_int_eq(tcmu_cfs_rmdir(tmp), 0);
}
END_TEST

Suite *tcmu_priv_suite(void)
{
	Suite *s = suite_create("tcmu_priv");
	TCase *tc = tcase_create("helper");

	tcase_add_test(tc, test_priv_policy);
	tcase_add_test(tc, test_priv_helper);
	suite_add_tcase(s, tc);
	return s;
}
