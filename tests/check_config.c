/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vburnd's options (daemon/config.c): flags, the config file, [drive N]. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../daemon/config.h"

static char conf[64];

/* Writes text as the config file; returns its path. */
static const char *config(const char *text)
{
	FILE *f;

	snprintf(conf, sizeof(conf), "/tmp/vburn-conf.%d", (int)getpid());
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return conf;
}

/* vb_opts_parse of the words of a command line (at most 15), output muted. */
static int parse(struct vb_opts *o, const char *line)
{
	char buf[512], prog[] = "vburnd", *argv[16] = { prog }, *save = NULL;
	int argc = 1, r, err = dup(2), out = dup(1);
	FILE *null = fopen("/dev/null", "w");

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *w = strtok_r(buf, " ", &save); w && argc < 15;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	fflush(stderr);
	fflush(stdout);
	dup2(fileno(null), 2);
	dup2(fileno(null), 1);
	r = vb_opts_parse(o, argc, argv);
	fflush(stderr);
	fflush(stdout);
	dup2(err, 2);
	dup2(out, 1);
	close(err);
	close(out);
	fclose(null);
	return r;
}

START_TEST(test_sections)
{
	struct vb_opts o;

	config("# defaults\n"
	       "image-dir = /tmp/vb-img\n"
	       "drives = 2\n"
	       "op-time = 0\n"
	       "\n"
	       "[drive 1]\n"
	       "media = dvd+r\n"
	       "  format = mds  \n"
	       "[drive 3]\n"
	       "node = sr20\n");
	ck_assert_int_eq(parse(&o, "-c /tmp/vburn-conf.X"), 1); /* no file */
	{
		char line[128];

		snprintf(line, sizeof(line), "-c %s", conf);
		ck_assert_int_eq(parse(&o, line), -1);
		/* a [drive 3] makes four drives */
		ck_assert_int_eq(o.drives, 4);
		ck_assert_uint_eq(o.op_ms, 0);
		ck_assert_str_eq(o.drive[0].media, "cd-r");
		ck_assert_str_eq(o.drive[1].media, "dvd+r");
		ck_assert_str_eq(o.drive[1].format, "mds");
		ck_assert_str_eq(o.drive[2].format, "");
		ck_assert_str_eq(o.drive[3].node, "sr20");
		ck_assert_str_eq(o.drive[0].node, "");
		for (int i = 0; i < 4; i++) {
			ck_assert_str_eq(o.drive[i].image_dir, "/tmp/vb-img");
			ck_assert_str_eq(o.drive[i].frontend, "cuse");
		}
		/* a flag sets its value for every drive, sections too */
		snprintf(line, sizeof(line), "-c %s --media cd-rw --format nrg",
			 conf);
		ck_assert_int_eq(parse(&o, line), -1);
		ck_assert_str_eq(o.drive[1].media, "cd-rw");
		ck_assert_str_eq(o.drive[1].format, "nrg");
		ck_assert_str_eq(o.drive[3].media, "cd-rw");
		/* --node is drive 0's, over the file's */
		snprintf(line, sizeof(line), "-c %s --node vcd0", conf);
		ck_assert_int_eq(parse(&o, line), -1);
		ck_assert_str_eq(o.drive[0].node, "vcd0");
		ck_assert_str_eq(o.drive[3].node, "sr20");
	}
	unlink(conf);
}
END_TEST

START_TEST(test_defaults_and_relative_dir)
{
	struct vb_opts o;
	char want[4096], cwd[4000];

	ck_assert_int_eq(parse(&o, "--image-dir caps --drives 2"), -1);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s/caps", cwd);
	ck_assert_str_eq(o.drive[1].image_dir, want);
	ck_assert_str_eq(o.drive[0].media, "cd-r");
	ck_assert_uint_eq(o.op_ms, 250);
	ck_assert(o.socket[0] == '/');
	ck_assert_int_eq(parse(&o, "--help"), 0);
	ck_assert_int_eq(parse(&o, "--version"), 0);
}
END_TEST

/* Each bad line is refused (exit status 2), whatever is after it. */
START_TEST(test_bad_lines)
{
	static const char *const bad[] = {
		"media = floppy\n",
		"frobnicate = 1\n",
		"just words\n",
		"[drive 32]\n",
		"[drive x]\n",
		"[drive 1\n",
		"[drive 1]\n[drive 1]\n",
		"[drive 0]\nsocket = /tmp/s\n",
		"[drive 0]\ndrives = 3\n",
		"foreground = maybe\n",
		"drives = 0\n",
		"drives = 33\n",
		"op-time = -1\n",
		"node = a/b\n",
		"image-dir =\n",
		"[drive 1]\nfrontend = tcmu\n",
		"frontend = tcmu\nnode = sr5\n",
		"user = no-such-user-here\n",
		"frontend = cuse,cuse\n",
		"frontend = cuse,,kmod\n",
		"frontend = kmod,tcmu\nnode = sr5\n",
		"iscsi = 0.0.0.0:3260\n",
		"frontend = tcmu\niscsi = 0.0.0.0:3260\n",
		"frontend = cuse\niscsi = 0.0.0.0:3260\niscsi-allow = iqn.x\n",
		"frontend = tcmu\niscsi-allow = iqn.2026-12.a.b:c\n",
		"frontend = tcmu\niscsi =\n",
		"frontend = tcmu\niscsi-auth =\n",
	};
	struct vb_opts o;
	char line[128];

	snprintf(line, sizeof(line), "-c /tmp/vburn-conf.%d", (int)getpid());
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		config(bad[i]);
		ck_assert_msg(parse(&o, line) == 2, "accepted: %s", bad[i]);
	}
	unlink(conf);
	ck_assert_int_eq(parse(&o, "--media floppy"), 2);
	ck_assert_int_eq(parse(&o, "stray"), 2);
	/* tcmu with --user: a helper keeps root for configfs (tcmu_priv.c) */
	ck_assert_int_eq(parse(&o, "--frontend tcmu --user root"), -1);
	ck_assert_int_eq(parse(&o, "--frontend kmod --user root"), -1);
	ck_assert_str_eq(o.user, "root");
	ck_assert_int_eq(parse(&o, "--frontend cuse,tcmu --user root"), -1);
	/* a comma list serves each drive on each front end (design.md) */
	ck_assert_int_eq(parse(&o, "--frontend kmod,cuse --node vb0"), -1);
	ck_assert_uint_eq(vb_frontends(o.drive[0].frontend),
			  VB_FRONT_CUSE | VB_FRONT_KMOD);
	ck_assert_uint_eq(vb_frontends("cuse,tcmu,kmod"), 7);
	ck_assert_uint_eq(vb_frontends("tcmu"), VB_FRONT_TCMU);
	ck_assert_uint_eq(vb_frontends(""), 0);
	ck_assert_uint_eq(vb_frontends("cuse,"), 0);
}
END_TEST

/* --iscsi (design.md): tcmu only, never without an allow list; per drive
 * in the file, the flags for every drive; the credentials file absolute */
START_TEST(test_iscsi_keys)
{
	struct vb_opts o;
	char line[128];

	ck_assert_int_eq(parse(&o, "--frontend tcmu --iscsi 10.0.0.1:3260 "
				   "--iscsi-allow iqn.2026-12.a.b:c "
				   "--iscsi-auth chap.txt"),
			 -1);
	ck_assert_str_eq(o.drive[0].iscsi, "10.0.0.1:3260");
	ck_assert_str_eq(o.drive[0].iscsi_allow, "iqn.2026-12.a.b:c");
	ck_assert(o.drive[0].iscsi_auth[0] == '/');
	ck_assert_ptr_nonnull(strstr(o.drive[0].iscsi_auth, "/chap.txt"));
	ck_assert_int_eq(parse(&o, "--frontend tcmu --iscsi 10.0.0.1:3260"), 2);
	ck_assert_int_eq(parse(&o, "--iscsi 10.0.0.1:3260 --iscsi-allow "
				   "iqn.2026-12.a.b:c"),
			 2);
	config("frontend = tcmu,cuse\ndrives = 2\n[drive 1]\n"
	       "iscsi = [::1]:3261\niscsi-allow = iqn.2026-12.a.b:c\n");
	snprintf(line, sizeof(line), "-c %s", conf);
	ck_assert_int_eq(parse(&o, line), -1);
	ck_assert_str_eq(o.drive[0].iscsi, "");
	ck_assert_str_eq(o.drive[1].iscsi, "[::1]:3261");
	ck_assert_str_eq(o.drive[1].iscsi_auth, "");
	unlink(conf);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("vburnd options");

	tcase_add_test(tc, test_sections);
	tcase_add_test(tc, test_defaults_and_relative_dir);
	tcase_add_test(tc, test_bad_lines);
	tcase_add_test(tc, test_iscsi_keys);
	suite_add_tcase(s, tc);
	return s;
}
