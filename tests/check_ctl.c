/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Control protocol tests: vb_ctl_handle() against real drives. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "skip.h"
#include "vburn/ctl.h"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/peer.h"

static char dir[64];
static struct vb_drive *drives[3];
static const char *nodes[3] = { "/dev/sr31", "/dev/sr30" };
static char out[65536];
static struct vb_ctl_drives set;

/* The daemon's add-drive and remove-drive, on drive slot 2 only: a new
 * drive named /dev/sr29 (with a blank if asked), then an empty slot. */
static int fake_add(void *ctx, const char *media, const char *format, char *err,
		    size_t errlen)
{
	struct vb_drive_opts o = { .index = 2,
				   .image_dir = ctx,
				   .format = format };

	if (drives[2]) {
		snprintf(err, errlen, "all 3 drives are in use");
		return -1;
	}
	drives[2] = vb_drive_new(&o);
	ck_assert_ptr_nonnull(drives[2]);
	if (strcmp(media, "none"))
		ck_assert_int_eq(vb_drive_insert_blank(
					 drives[2],
					 (enum vb_media)vb_media_parse(media),
					 0, NULL, NULL, err, errlen),
				 0);
	nodes[2] = "/dev/sr29";
	return 2;
}

static int fake_remove(void *ctx, int i, char *err, size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	vb_drive_free(drives[i]);
	drives[i] = NULL;
	nodes[i] = NULL;
	return 0;
}

static void setup(void)
{
	struct vb_drive_opts o = { 0 };

	vb_log_threshold = VB_LOG_ERR;
	snprintf(dir, sizeof(dir), "/tmp/vburn-ctl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	o.image_dir = dir;
	drives[0] = vb_drive_new(&o);
	o.index = 1;
	drives[1] = vb_drive_new(&o);
	drives[2] = NULL;
	nodes[2] = NULL;
	set = (struct vb_ctl_drives){ .drives = drives,
				      .nodes = nodes,
				      .n = 2,
				      .max = 3,
				      .add = fake_add,
				      .remove = fake_remove,
				      .ctx = dir };
}

static void teardown(void)
{
	char cmd[128];

	vb_drive_free(drives[0]);
	vb_drive_free(drives[1]);
	vb_drive_free(drives[2]);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *req(const char *line)
{
	vb_ctl_handle(&set, line, strlen(line), out, sizeof(out));
	return out;
}

START_TEST(test_status_blank_eject)
{
	ck_assert_str_eq(req("status\t0\n"), "ok\nnode /dev/sr31\ndrive 0: "
					     "empty\n");
	ck_assert_str_eq(req("blank\tsr30\tdvd+r\n"), "ok\n");
	ck_assert_ptr_nonnull(strstr(req("json\tstatus\t1\n"),
				     "{\"node\": \"/dev/sr30\", \"drive\": 1, "
				     "\"state\": \"blank\", \"tray\": "
				     "\"closed\""));
	ck_assert_ptr_nonnull(strstr(req("json\tstatus\t1\n"),
				     "\"media\": \"dvd+r\", \"sessions\": []"));
	ck_assert_ptr_nonnull(strstr(req("json\tstatus\n"),
				     "{\"drives\": [{\"node\": \"/dev/sr31\""));
	ck_assert_str_eq(req("blank\t0\tcd-r\tformat=nrg\n"), "ok\n");
	ck_assert_ptr_nonnull(
		strstr(req("json\tstatus\t0\n"), "\"format\": \"nrg\""));
	ck_assert_str_eq(req("eject\t1\n"), "ok\n");
	ck_assert_ptr_nonnull(strstr(req("status\t1\n"), "empty"));
}
END_TEST

START_TEST(test_errors)
{
	ck_assert_str_eq(req("status\t7\n"), "error\tno such drive: 7\n");
	ck_assert_str_eq(req("blank\t0\tfloppy\n"),
			 "error\tunknown media type: floppy\n");
	ck_assert_str_eq(req("frobnicate\n"),
			 "error\tunknown command: frobnicate\n");
	ck_assert_str_eq(req("\n"), "error\tempty request\n");
	ck_assert_str_eq(req("blank\t0\tcd-r\tformat=zip\n"),
			 "error\tunknown capture format: zip\n");
}
END_TEST

/* add-drive fills a free slot through the daemon's hook and answers
 * with its status; remove-drive empties it, and the slot is gone from
 * status and from lookups; both refuse what they cannot do. */
START_TEST(test_add_remove)
{
	ck_assert_str_eq(req("add-drive\tmedia=floppy\n"),
			 "error\tunknown media type: floppy\n");
	ck_assert_str_eq(req("add-drive\tcolour=red\n"),
			 "error\tunknown option: colour=red\n");
	ck_assert_ptr_nonnull(strstr(req("json\tadd-drive\tmedia=dvd+r\n"),
				     "ok\n{\"node\": \"/dev/sr29\", "
				     "\"drive\": 2, \"state\": \"blank\""));
	ck_assert_int_eq(set.n, 3);
	ck_assert_str_eq(req("add-drive\n"),
			 "error\tall 3 drives are in use\n");
	ck_assert_ptr_nonnull(strstr(req("status\tsr29\n"), "drive 2: blank"));
	ck_assert_int_eq(vb_drive_recording(drives[2]), 0);
	ck_assert_str_eq(req("remove-drive\n"),
			 "error\tusage: remove-drive DRIVE\n");
	ck_assert_str_eq(req("json\tremove-drive\t/dev/sr29\n"),
			 "ok\n{\"removed\": 2, \"node\": \"/dev/sr29\"}\n");
	ck_assert_int_eq(set.n, 2);
	ck_assert_str_eq(req("status\t2\n"), "error\tno such drive: 2\n");
	ck_assert_str_eq(req("remove-drive\t2\n"), "error\tno such drive: 2\n");
	/* a middle slot removed: status skips it, the last one stays */
	ck_assert_str_eq(req("remove-drive\t0\n"),
			 "ok\nremoved drive 0 (/dev/sr31)\n");
	ck_assert_int_eq(set.n, 2);
	ck_assert_str_eq(req("status\n"), "ok\nnode /dev/sr30\ndrive 1: "
					  "empty\n");
	ck_assert_str_eq(req("status\tsr31\n"), "error\tno such drive: sr31\n");
	set.add = NULL;
	ck_assert_str_eq(req("add-drive\n"),
			 "error\tthis daemon cannot add drives\n");
}
END_TEST

/* req() of exactly len bytes in a block of their own (ASan sees overreads). */
static const char *req_n(const char *bytes, size_t len)
{
	char *p = malloc(len ? len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, bytes, len);
	vb_ctl_handle(&set, p, len, out, sizeof(out));
	free(p);
	return out;
}

START_TEST(test_hostile)
{
	char *big = malloc(1 << 20);

	ck_assert_ptr_nonnull(big);
	ck_assert_str_eq(req_n("status", 6),
			 "error\trequest not ended by a newline\n");
	ck_assert_str_eq(req_n("", 0),
			 "error\trequest not ended by a newline\n");
	/* 1 MB without a newline; then a line one byte too long */
	memset(big, 'a', 1 << 20);
	ck_assert_str_eq(req_n(big, 1 << 20), "error\trequest too long\n");
	big[VB_CTL_LINE_MAX] = '\n';
	ck_assert_str_eq(req_n(big, VB_CTL_LINE_MAX + 1),
			 "error\trequest too long\n");
	/* the longest line there may be is read (an unknown command) */
	big[VB_CTL_LINE_MAX - 1] = '\n';
	ck_assert_ptr_nonnull(strstr(req_n(big, VB_CTL_LINE_MAX),
				     "error\tunknown command: aaaa"));
	free(big);
	ck_assert_str_eq(req_n("status\0\n", 8),
			 "error\tmalformed request: byte 0x00 at 6\n");
	ck_assert_str_eq(req_n("stat\x01us\n", 8),
			 "error\tmalformed request: byte 0x01 at 4\n");
	ck_assert_str_eq(req_n("status\x7f\n", 8),
			 "error\tmalformed request: byte 0x7f at 6\n");
	ck_assert_str_eq(req_n("\xff\xfe\n", 3),
			 "error\tunknown command: \xff\xfe\n");
	ck_assert_str_eq(req("status\t0\r\n"), "ok\nnode /dev/sr31\ndrive 0: "
					       "empty\n");
	ck_assert_str_eq(req("status\t1\t2\t3\t4\t5\t6\t7\t8\n"),
			 "error\ttoo many arguments\n");
	ck_assert_str_eq(req("json\tstatus\t1\t2\t3\t4\t5\t6\t7\t8\n"),
			 "error\ttoo many arguments\n");
	/* capacity= is a sector count: digits only, 1 .. 2^32-1 */
	ck_assert_str_eq(req("blank\t0\tcd-r\tcapacity=12x\n"),
			 "error\tbad capacity: 12x\n");
	ck_assert_str_eq(req("blank\t0\tcd-r\tcapacity=0\n"),
			 "error\tbad capacity: 0\n");
	ck_assert_str_eq(req("blank\t0\tcd-r\tcapacity=\n"),
			 "error\tbad capacity: \n");
	ck_assert_str_eq(req("blank\t0\tcd-r\tcapacity=-5\n"),
			 "error\tbad capacity: -5\n");
	ck_assert_str_eq(
		req("blank\t0\tcd-r\tcapacity=99999999999999999999999\n"),
		"error\tbad capacity: 99999999999999999999999\n");
	ck_assert_str_eq(req("blank\t0\tcd-r\tcapacity=4294967296\n"),
			 "error\tbad capacity: 4294967296\n");
	ck_assert_str_eq(req("status\t0\n"), "ok\nnode /dev/sr31\ndrive 0: "
					     "empty\n");
}
END_TEST

/* blank output= names a file in the image directory, never elsewhere. */
START_TEST(test_output_confined)
{
	char line[256], want[256], path[128];
	FILE *f;

	snprintf(want, sizeof(want),
		 "error\t/nonexistent/x.iso: outside the image directory "
		 "%s\n",
		 dir);
	ck_assert_str_eq(req("blank\t0\tcd-r\toutput=/nonexistent/x.iso\n"),
			 want);
	snprintf(want, sizeof(want),
		 "error\tsub/x.iso: outside the image directory %s\n", dir);
	ck_assert_str_eq(req("blank\t0\tcd-r\toutput=sub/x.iso\n"), want);
	snprintf(want, sizeof(want),
		 "error\t%s/../x.iso: outside the image directory %s\n", dir,
		 dir);
	snprintf(line, sizeof(line), "blank\t0\tcd-r\toutput=%s/../x.iso\n",
		 dir);
	ck_assert_str_eq(req(line), want);
	ck_assert_str_eq(req("blank\t0\tcd-r\toutput=..\n"),
			 "error\t..: not a file name\n");
	/* someone's capture beside: its stem is taken */
	snprintf(path, sizeof(path), "%s/mine.nrg", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(want, sizeof(want),
		 "error\tmine.iso: files named mine.* exist in %s\n", dir);
	ck_assert_str_eq(req("blank\t0\tcd-r\toutput=mine.iso\n"), want);
	/* the directory's own path, or a bare name: inside */
	snprintf(line, sizeof(line), "blank\t0\tcd-r\toutput=%s/a.iso\n", dir);
	ck_assert_str_eq(req(line), "ok\n");
	ck_assert_str_eq(req("blank\t1\tcd-r\toutput=b.iso\n"), "ok\n");
	snprintf(path, sizeof(path), "%s/b.iso", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
}
END_TEST

/* A node name is a JSON string like any other: quotes and backslashes escaped. */
START_TEST(test_node_escaped)
{
	const char *saved = nodes[1];

	nodes[1] = "/dev/a\"b\\c";
	ck_assert_ptr_nonnull(strstr(req("json\tstatus\t1\n"),
				     "{\"node\": \"/dev/a\\\"b\\\\c\", "
				     "\"drive\": 1"));
	nodes[1] = saved;
}
END_TEST

/* Who may use the socket (SO_PEERCRED): root, vburnd's user, the group. */
START_TEST(test_access)
{
	const struct vb_ctl_access grp = { 1000, true, 24 },
				   none = { 1000, false, 0 };
	const gid_t sup[] = { 100, 24 }, other[] = { 100, 27 };

	ck_assert(vb_ctl_allowed(&grp, 0, 0, NULL, 0));
	ck_assert(vb_ctl_allowed(&grp, 1000, 1000, NULL, 0));
	ck_assert(vb_ctl_allowed(&grp, 1001, 24, NULL, 0));
	ck_assert(vb_ctl_allowed(&grp, 1001, 1001, sup, 2));
	ck_assert(!vb_ctl_allowed(&grp, 1001, 1001, other, 2));
	ck_assert(!vb_ctl_allowed(&grp, 1001, 1001, sup, 1));
	ck_assert(!vb_ctl_allowed(&none, 1001, 24, sup, 2));
	ck_assert(vb_ctl_allowed(&none, 0, 0, NULL, 0));
}
END_TEST

/* The daemon's iSCSI hooks: drive 0 only, remembering what was asked. */
static int exported0;
static char asked[512];

static int fake_export(void *ctx, int i, const char *portal, const char *allow,
		       const char *auth, const char *auth_text, char *err,
		       size_t errlen)
{
	(void)ctx;
	snprintf(asked, sizeof(asked), "%d %s %s %s %s", i,
		 portal ? portal : "-", allow ? allow : "-", auth ? auth : "-",
		 auth_text ? auth_text : "-");
	if (i != 0 || exported0) {
		snprintf(err, errlen, "drive %d cannot", i);
		return -1;
	}
	exported0 = 1;
	return 0;
}

static int fake_unexport(void *ctx, int i, char *err, size_t errlen)
{
	(void)ctx;
	if (i != 0 || !exported0) {
		snprintf(err, errlen, "drive %d is not exported", i);
		return -1;
	}
	exported0 = 0;
	return 0;
}

static int fake_exported(void *ctx, int i, struct vb_ctl_export *e)
{
	(void)ctx;
	if (i != 0 || !exported0)
		return 0;
	snprintf(e->target, sizeof(e->target),
		 "iqn.2026-12.org.vburn:h.vburn0");
	snprintf(e->portal, sizeof(e->portal), "10.0.0.1:3260");
	snprintf(e->sessions, sizeof(e->sessions), "iqn.a:x,iqn.b:\"y");
	e->nsessions = 2;
	return 1;
}

/* export/unexport (issue 13) and the export in status, JSON and text. */
START_TEST(test_export)
{
	char chap[128], line[300], want[400];
	int fd;

	ck_assert_str_eq(req("export\t0\n"),
			 "error\tiSCSI export needs the tcmu front end "
			 "(vburnd --frontend tcmu)\n");
	set.export = fake_export;
	set.unexport = fake_unexport;
	set.exported = fake_exported;
	ck_assert_ptr_nonnull(
		strstr(req("json\tstatus\t0\n"), ", \"iscsi\": null}\n"));
	ck_assert_str_eq(req("export\t0\n"), "ok\n");
	ck_assert_str_eq(asked, "0 - - - -");
	ck_assert_ptr_nonnull(strstr(
		req("json\tstatus\t0\n"),
		", \"iscsi\": {\"target\": \"iqn.2026-12.org.vburn:h.vburn0\", "
		"\"portal\": \"10.0.0.1:3260\", \"sessions\": [\"iqn.a:x\", "
		"\"iqn.b:\\\"y\"]}}\n"));
	ck_assert_ptr_nonnull(strstr(req("status\t0\n"),
				     "iscsi iqn.2026-12.org.vburn:h.vburn0 on "
				     "10.0.0.1:3260, 2 session(s): "
				     "iqn.a:x,iqn.b:\"y\n"));
	ck_assert_str_eq(req("export\t0\n"), "error\tdrive 0 cannot\n");
	ck_assert_str_eq(req("unexport\t0\n"), "ok\n");
	ck_assert_str_eq(req("unexport\t0\n"),
			 "error\tdrive 0 is not exported\n");
	/* a credentials file the asker names: read here (its text goes to
	 * the daemon), and only when its owner alone may read it */
	snprintf(chap, sizeof(chap), "%s/chap", dir);
	fd = open(chap, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "iqn.a:x u s\n", 12), 12);
	close(fd);
	snprintf(line, sizeof(line),
		 "export\tsr31\tportal=[::1]:3261\tallow=iqn.a:x"
		 "\tauth=%s\n",
		 chap);
	ck_assert_str_eq(req(line), "ok\n");
	snprintf(want, sizeof(want), "0 [::1]:3261 iqn.a:x %s iqn.a:x u s\n",
		 chap);
	ck_assert_str_eq(asked, want);
	ck_assert_int_eq(unlink(chap), 0);
	ck_assert_str_eq(req("unexport\t0\n"), "ok\n");
	snprintf(want, sizeof(want), "error\t%s: %s\n", chap, strerror(ENOENT));
	ck_assert_str_eq(req(line), want);
	fd = open(chap, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, 0644), 0);
	close(fd);
	ck_assert_ptr_nonnull(strstr(req(line),
				     "a credentials file must be its owner's "
				     "alone"));
	ck_assert_int_eq(unlink(chap), 0);
	ck_assert_str_eq(req("export\t0\tport=1\n"),
			 "error\tunknown option: port=1\n");
	ck_assert_str_eq(req("export\t7\n"), "error\tno such drive: 7\n");
	ck_assert_str_eq(req("unexport\n"), "error\tusage: unexport DRIVE\n");
	exported0 = 0;
}
END_TEST

/* make_file NAME MODE BYTES: a file of zeros in dir; its path in out */
static void make_file(const char *name, mode_t mode, off_t bytes, char *out_,
		      size_t len)
{
	int fd;

	snprintf(out_, len, "%s/%s", dir, name);
	fd = open(out_, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, bytes), 0);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	close(fd);
}

/* A load for a peer opens the image, and every file it names, with the
 * peer's rights (vburn/peer.h): a root daemon must not put root's 0600
 * files on a disc for a member of its group. */
START_TEST(test_load_as_peer)
{
	struct vb_peer nobody = { 65534, 65534, { 65534 }, 1 };
	char priv[96], pub[96], bin[96], cue[96], line[256];
	FILE *f;
	int fd;

	if (geteuid()) {
		vb_test_skip("ctl load as peer: needs root (setfsuid)");
		return;
	}
	ck_assert_int_eq(chmod(dir, 0755), 0);
	make_file("priv.iso", 0600, 32 * 2048, priv, sizeof(priv));
	make_file("pub.iso", 0644, 32 * 2048, pub, sizeof(pub));
	make_file("priv.bin", 0600, 32 * 2352, bin, sizeof(bin));
	snprintf(cue, sizeof(cue), "%s/pub.cue", dir);
	f = fopen(cue, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "FILE \"priv.bin\" BINARY\n  TRACK 01 MODE1/2352\n"
		   "    INDEX 01 00:00:00\n");
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(cue, 0644), 0);

	snprintf(line, sizeof(line), "load\t0\t%s\n", priv);
	vb_ctl_handle_as(&set, &nobody, line, strlen(line), out, sizeof(out));
	ck_assert_msg(!strncmp(out, "error\t", 6) &&
			      strstr(out, "Permission denied"),
		      "%s", out);
	ck_assert_ptr_nonnull(strstr(req("status\t0\n"), "empty"));
	/* the thread's own rights are back */
	fd = open(priv, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	close(fd);

	snprintf(line, sizeof(line), "load\t0\t%s\n", cue);
	vb_ctl_handle_as(&set, &nobody, line, strlen(line), out, sizeof(out));
	ck_assert_msg(!strncmp(out, "error\t", 6) &&
			      strstr(out, "Permission denied"),
		      "%s", out);

	snprintf(line, sizeof(line), "load\t0\t%s\n", pub);
	vb_ctl_handle_as(&set, &nobody, line, strlen(line), out, sizeof(out));
	ck_assert_str_eq(out, "ok\n");
	/* root's request, or our own, opens what we can */
	snprintf(line, sizeof(line), "load\t1\t%s\n", priv);
	ck_assert_str_eq(req(line), "ok\n");
	snprintf(line, sizeof(line), "load\t1\t%s\n", cue);
	ck_assert_str_eq(req(line), "ok\n");
}
END_TEST

/* A credentials file is read with the asker's rights too: root's
 * mode-600 file is not the asker's to name; the asker's own is. */
START_TEST(test_secret_as_peer)
{
	struct vb_peer nobody = { 65534, 65534, { 65534 }, 1 };
	char path[96], err[256], *text = (char *)"x";

	if (geteuid()) {
		vb_test_skip("ctl secrets as peer: needs root (setfsuid)");
		return;
	}
	ck_assert_int_eq(chmod(dir, 0755), 0);
	make_file("chap", 0600, 5, path, sizeof(path));
	ck_assert_int_eq(
		vb_peer_read_secret(&nobody, path, &text, err, sizeof(err)),
		-1);
	ck_assert_ptr_null(text);
	ck_assert_msg(strstr(err, "Permission denied"), "%s", err);
	ck_assert_int_eq(chown(path, 65534, 65534), 0);
	ck_assert_int_eq(
		vb_peer_read_secret(&nobody, path, &text, err, sizeof(err)), 0);
	ck_assert_mem_eq(text, "\0\0\0\0\0", 6);
	free(text);
	/* someone else's file is not a credentials file for vburnd */
	ck_assert_int_eq(chown(path, 1, 1), 0);
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(
		vb_peer_read_secret(&nobody, path, &text, err, sizeof(err)),
		-1);
	ck_assert_ptr_nonnull(strstr(err, "owner's alone"));
	ck_assert_int_eq(unlink(path), 0);
}
END_TEST

Suite *ctl_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc = tcase_create("protocol");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_status_blank_eject);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_add_remove);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_node_escaped);
	tcase_add_test(tc, test_access);
	tcase_add_test(tc, test_output_confined);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_load_as_peer);
	tcase_add_test(tc, test_secret_as_peer);
	suite_add_tcase(s, tc);
	return s;
}
