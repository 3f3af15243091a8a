/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * iSCSI export of one drive through the kernel's LIO target (issue 13;
 * docs/kernel-and-libs.md B, docs/architecture.md "iSCSI export"): one
 * target iqn.2026-12.org.vburn:<host>.vburn<N> with tpgt_1, a portal,
 * and for each allowed initiator an ACL whose LUN 0 maps to a TCMU
 * backstore of its own (tcmu_port.c), so that the drive knows which
 * initiator sent a command (a ring entry does not say). No demo mode, no
 * generated ACLs, no discovery for unlisted initiators; CHAP (and mutual
 * CHAP) from a root-only credentials file. Build-up and teardown follow
 * the order of kernel-and-libs.md B.4; teardown walks what exists, so it
 * also removes the targets a killed vburnd left (found by the pid in
 * their TargetAlias). A thread watches the target's login statistics and
 * logs each refused login with the initiator's name.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_TAG "iscsi"
#include "vburn/log.h"

#include "tcmu_int.h"

#define ISCSI_DIR TCMU_ISCSI_DIR
#define CORE_DIR TCMU_CORE_DIR
#define IQN_PREFIX TCMU_IQN_PREFIX
#define ALIAS_FMT "vburnd-%d-drive-%d"
#define WATCH_MS 1000

/* Set once this process created iscsi/, so the last export removes it
 * (as tcmu_cfs.c does for loopback/). */
static int made_iscsi_dir;

/* Writes leaf under the target's tpgt_1; err names it on failure. */
static int tpg_write(const struct tcmu_iscsi *x, const char *leaf,
		     const char *val, char *err, size_t errlen)
{
	char path[512];
	int ret;

	snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/%s", x->iqn, leaf);
	ret = tcmu_cfs_write(path, val);
	if (ret)
		snprintf(err, errlen, "%s <- %s: %s", path,
			 strstr(leaf, "password") ? "(secret)" : val,
			 strerror(-ret));
	return ret;
}

static int make_dir(const char *path, char *err, size_t errlen)
{
	const int ret = tcmu_cfs_mkdir(path);

	if (ret)
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(-ret));
	return ret;
}

/* Removes dir (gone already is fine). */
static void rm_plain(const char *dir)
{
	const int ret = tcmu_cfs_rmdir(dir);

	if (ret && ret != -ENOENT)
		log_warn("cannot remove %s: %s", dir, strerror(-ret));
}

/* Unlinks every symbolic link in dir, then removes dir. */
static void rm_links_dir(const char *dir)
{
	char path[1024];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	int ret;

	if (d) {
		while ((de = readdir(d))) {
			if (snprintf(path, sizeof(path), "%s/%s", dir,
				     de->d_name) >= (int)sizeof(path))
				continue;
			if (!lstat(path, &st) && S_ISLNK(st.st_mode) &&
			    (ret = tcmu_cfs_rmlink(path)))
				log_warn("cannot unlink %s: %s", path,
					 strerror(-ret));
		}
		closedir(d);
	}
	rm_plain(dir);
}

/* Calls fn(dir/name) for each subdirectory of dir whose name begins
 * with prefix ("" for all). */
static void each_dir(const char *dir, const char *prefix,
		     void (*fn)(const char *path))
{
	char path[1024];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) <
		    (int)sizeof(path))
			fn(path);
	}
	closedir(d);
}

static void rm_acl(const char *acl)
{
	each_dir(acl, "lun_", rm_links_dir);
	rm_plain(acl);
}

/* Removes target iqn and everything in it, in the order of B.4. */
static void remove_target(const char *iqn)
{
	char tpg[600], sub[700];

	snprintf(tpg, sizeof(tpg), ISCSI_DIR "/%s/tpgt_1", iqn);
	snprintf(sub, sizeof(sub), "%s/enable", tpg);
	tcmu_cfs_write(sub, "0"); /* absent when the TPG was never made */
	snprintf(sub, sizeof(sub), "%s/acls", tpg);
	each_dir(sub, "", rm_acl);
	snprintf(sub, sizeof(sub), "%s/lun", tpg);
	each_dir(sub, "lun_", rm_links_dir);
	snprintf(sub, sizeof(sub), "%s/np", tpg);
	each_dir(sub, "", rm_plain);
	rm_plain(tpg);
	snprintf(sub, sizeof(sub), ISCSI_DIR "/%s", iqn);
	rm_plain(sub);
}

void tcmu_iscsi_reap_stale(void)
{
	char path[512], alias[128];
	struct dirent *de;
	int pid, index;
	DIR *d = opendir(ISCSI_DIR);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, IQN_PREFIX, strlen(IQN_PREFIX)))
			continue;
		snprintf(path, sizeof(path),
			 ISCSI_DIR "/%s/tpgt_1/param/"
				   "TargetAlias",
			 de->d_name);
		/* the value as written (param show prints it bare) */
		if (tcmu_read_line(path, alias, sizeof(alias)) ||
		    sscanf(alias, ALIAS_FMT, &pid, &index) != 2)
			continue;
		if (pid == getpid() || !kill(pid, 0) || errno != ESRCH)
			continue;
		log_info("removing the iSCSI target %s of vburnd %d, which is "
			 "gone",
			 de->d_name, pid);
		remove_target(de->d_name);
		/* a vburnd made iscsi/: the last of ours removes it */
		made_iscsi_dir = 1;
	}
	closedir(d);
}

/* ---- what the user gives: portal, allow list, credentials ---- */

int tcmu_iscsi_portal(const char *in, char *np, size_t len)
{
	char addr[64];
	const char *colon;
	unsigned char bin[16];
	unsigned long port = 3260;
	char *end;
	size_t alen;
	int v6;

	if (in[0] == '[') {
		colon = strchr(in, ']');
		if (!colon || (colon[1] && colon[1] != ':'))
			return -EINVAL;
		alen = (size_t)(colon - in - 1);
		colon = colon[1] ? colon + 1 : NULL;
		v6 = 1;
		in++;
	} else {
		colon = strrchr(in, ':');
		alen = colon ? (size_t)(colon - in) : strlen(in);
		v6 = 0;
	}
	if (!alen || alen >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, in, alen);
	addr[alen] = 0;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin) != 1)
		return -EINVAL;
	if (colon) {
		errno = 0;
		port = strtoul(colon + 1, &end, 10);
		if (errno || *end || end == colon + 1 || !port || port > 65535)
			return -EINVAL;
	}
	if (snprintf(np, len, v6 ? "[%s]:%lu" : "%s:%lu", addr, port) >=
	    (int)len)
		return -EINVAL;
	return 0;
}

int tcmu_iscsi_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 5 || n > 223)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(".-:", s[i]))
			return 0;
	if (!strncasecmp(s, "iqn.", 4))
		/* iqn.YYYY-MM.reversed.domain[:anything] (RFC 3720) */
		return n > 12 && isdigit((unsigned char)s[4]) &&
		       isdigit((unsigned char)s[7]) && s[8] == '-' &&
		       isdigit((unsigned char)s[9]) &&
		       isdigit((unsigned char)s[10]) && s[11] == '.';
	if (!strncasecmp(s, "eui.", 4) && n == 20)
		return 1;
	return !strncasecmp(s, "naa.", 4) && (n == 20 || n == 36);
}

/* The credentials line of iqn in the text of file (read by
 * vb_peer_read_secret, which checked who owns it): 0, -ENOENT (no line),
 * or -EINVAL with err set. */
static int read_auth(const char *file, const char *text,
		     struct tcmu_iscsi_acl *a, char *err, size_t errlen)
{
	char line[1200], who[256], f[4][256];
	const char *p = text;
	int lineno = 0, n;

	while (*p) {
		const size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		lineno++;
		line[strcspn(line, "#")] = 0;
		n = sscanf(line, "%255s %255s %255s %255s %255s", who, f[0],
			   f[1], f[2], f[3]);
		if (n <= 0)
			continue;
		if (n != 3 && n != 5) {
			snprintf(err, errlen,
				 "%s:%d: want INITIATOR USER SECRET "
				 "[MUTUAL-USER MUTUAL-SECRET]",
				 file, lineno);
			return -EINVAL;
		}
		if (strcasecmp(who, a->iqn))
			continue;
		snprintf(a->user, sizeof(a->user), "%s", f[0]);
		snprintf(a->pass, sizeof(a->pass), "%s", f[1]);
		if (n == 5) {
			snprintf(a->muser, sizeof(a->muser), "%s", f[2]);
			snprintf(a->mpass, sizeof(a->mpass), "%s", f[3]);
		}
		/* "NULL..." clears a field in configfs (B.3) */
		for (int i = 0; i < n - 1; i++)
			if (!strncmp(f[i], "NULL", 4)) {
				snprintf(err, errlen,
					 "%s:%d: a value may not begin with "
					 "NULL",
					 file, lineno);
				return -EINVAL;
			}
		return 0;
	}
	return -ENOENT;
}

/* Splits the allow list into x->acl[]: lowercased (LIO lowercases the
 * initiator name at login, B.3), checked, no repeats. */
static int parse_allow(struct tcmu_iscsi *x, const char *allow, char *err,
		       size_t errlen)
{
	const char *p = allow;

	while (*p) {
		size_t n = strcspn(p, ",");
		struct tcmu_iscsi_acl *a;
		char name[256];

		if (!n || n >= sizeof(name)) {
			snprintf(err, errlen, "bad --iscsi-allow list '%s'",
				 allow);
			return -EINVAL;
		}
		memcpy(name, p, n);
		name[n] = 0;
		for (char *c = name; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!tcmu_iscsi_name_ok(name)) {
			snprintf(err, errlen,
				 "--iscsi-allow: '%s' is no iSCSI name "
				 "(iqn.YYYY-MM.domain..., eui. or naa.)",
				 name);
			return -EINVAL;
		}
		for (int i = 0; i < x->nacl; i++)
			if (!strcmp(x->acl[i].iqn, name)) {
				snprintf(err, errlen, "--iscsi-allow: %s twice",
					 name);
				return -EINVAL;
			}
		if (x->nacl == TCMU_ISCSI_MAX_ACL) {
			snprintf(err, errlen,
				 "--iscsi-allow: more than %d initiators",
				 TCMU_ISCSI_MAX_ACL);
			return -EINVAL;
		}
		a = &x->acl[x->nacl++];
		memcpy(a->iqn, name, strlen(name) + 1); /* <= 223 */
		memcpy(a->given, p, n);
		a->given[n] = 0;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!x->nacl) {
		snprintf(err, errlen,
			 "--iscsi needs --iscsi-allow IQN[,IQN...]: nobody "
			 "is allowed in otherwise");
		return -EINVAL;
	}
	return 0;
}

/* iqn.2026-12.org.vburn:<host>.vburn<index>, host made a valid name. */
static void target_name(struct tcmu_iscsi *x, int index)
{
	char host[64] = "localhost";
	size_t n;

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = 0;
	for (char *c = host; *c; c++)
		*c = isalnum((unsigned char)*c) || *c == '-' ?
			     (char)tolower((unsigned char)*c) :
			     '-';
	n = strlen(host);
	if (!n)
		snprintf(host, sizeof(host), "localhost");
	snprintf(x->iqn, sizeof(x->iqn), IQN_PREFIX "%s.vburn%d", host, index);
}

/* ---- build-up (B.4) ---- */

static int build_acl(struct tcmu_iscsi *x, int k, char *err, size_t errlen)
{
	struct tcmu_iscsi_acl *a = &x->acl[k];
	char path[1024], leaf[600], tgt[1024];
	int ret;

	snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/acls/%s", x->iqn,
		 a->iqn);
	ret = make_dir(path, err, errlen);
	if (ret)
		return ret;
	if (a->user[0]) {
		const char *keys[4] = { "userid", "password", "userid_mutual",
					"password_mutual" };
		const char *vals[4] = { a->user, a->pass, a->muser, a->mpass };

		for (int i = 0; i < 4 && vals[i][0]; i++) {
			snprintf(leaf, sizeof(leaf), "acls/%s/auth/%s", a->iqn,
				 keys[i]);
			ret = tpg_write(x, leaf, vals[i], err, errlen);
			if (ret)
				return ret;
		}
	}
	/* explicit ACLs get no mapped LUN by themselves (B.3) */
	snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/acls/%s/lun_0",
		 x->iqn, a->iqn);
	ret = make_dir(path, err, errlen);
	if (ret)
		return ret;
	snprintf(tgt, sizeof(tgt), ISCSI_DIR "/%s/tpgt_1/lun/lun_%d", x->iqn,
		 k);
	snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/acls/%s/lun_0/vburn",
		 x->iqn, a->iqn);
	ret = tcmu_cfs_symlink(tgt, path);
	if (ret) {
		snprintf(err, errlen, "cannot link %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	snprintf(leaf, sizeof(leaf), "acls/%s/lun_0/write_protect", a->iqn);
	ret = tpg_write(x, leaf, "0", err, errlen);
	/*
	 * Login lowercases the initiator's name before it looks for the
	 * ACL, SendTargets does not (quirk:lio-discovery-case,
	 * docs/clients/kernel.md): an initiator configured with capitals
	 * would log in but discover nothing. An ACL in its own spelling,
	 * with no LUN, lets it discover; a login never matches it.
	 */
	if (!ret && strcmp(a->given, a->iqn)) {
		snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/acls/%s",
			 x->iqn, a->given);
		ret = make_dir(path, err, errlen);
	}
	return ret;
}

static int build(struct tcmu_iscsi *x, char *err, size_t errlen)
{
	char path[1024], tgt[1024], val[64];
	int ret;

	snprintf(path, sizeof(path), ISCSI_DIR "/%s", x->iqn);
	ret = tcmu_cfs_mkdir(path);
	if (ret) {
		snprintf(err, errlen, "cannot create the target %s: %s%s", path,
			 strerror(-ret),
			 ret == -EEXIST ? " (another vburnd?)" : "");
		return ret;
	}
	x->made = true;
	snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1", x->iqn);
	ret = make_dir(path, err, errlen);
	/* no demo mode; unlisted initiators do not even see the target */
	if (!ret)
		ret = tpg_write(x, "attrib/generate_node_acls", "0", err,
				errlen);
	if (!ret)
		ret = tpg_write(x, "attrib/demo_mode_discovery", "0", err,
				errlen);
	if (!ret)
		ret = tpg_write(x, "attrib/authentication",
				x->acl[0].user[0] ? "1" : "0", err, errlen);
	if (!ret && x->acl[0].user[0])
		ret = tpg_write(x, "param/AuthMethod", "CHAP", err, errlen);
	snprintf(val, sizeof(val), ALIAS_FMT, (int)getpid(), x->index);
	if (!ret)
		ret = tpg_write(x, "param/TargetAlias", val, err, errlen);
	for (int k = 0; !ret && k < x->nacl; k++) {
		snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/lun/lun_%d",
			 x->iqn, k);
		ret = make_dir(path, err, errlen);
		if (ret)
			break;
		snprintf(tgt, sizeof(tgt), CORE_DIR "/user_%d/%s",
			 x->acl[k].port.cfs.hba, x->acl[k].port.cfs.dev);
		snprintf(path, sizeof(path),
			 ISCSI_DIR "/%s/tpgt_1/lun/lun_%d/vburn", x->iqn, k);
		ret = tcmu_cfs_symlink(tgt, path);
		if (ret)
			snprintf(err, errlen, "cannot link %s: %s", path,
				 strerror(-ret));
	}
	if (!ret) {
		snprintf(path, sizeof(path), ISCSI_DIR "/%s/tpgt_1/np/%s",
			 x->iqn, x->portal);
		ret = tcmu_cfs_mkdir(path);
		if (ret)
			snprintf(
				err, errlen,
				"cannot listen on %s: %s (is the port in use?)",
				x->portal, strerror(-ret));
	}
	for (int k = 0; !ret && k < x->nacl; k++)
		ret = build_acl(x, k, err, errlen);
	if (!ret)
		ret = tpg_write(x, "enable", "1", err, errlen);
	return ret;
}

/* ---- the login watcher ---- */

static unsigned long stat_count(const struct tcmu_iscsi *x, const char *name)
{
	char path[512], buf[32];

	snprintf(path, sizeof(path),
		 ISCSI_DIR "/%s/fabric_statistics/iscsi_login_stats/%s", x->iqn,
		 name);
	return tcmu_read_line(path, buf, sizeof(buf)) ? 0 :
							strtoul(buf, NULL, 10);
}

/*
 * The initiator a refused login came from. The statistics keep its name
 * only once the login got far enough (CHAP); an initiator without an ACL
 * is named only in the kernel's log line "iSCSI Initiator Node: NAME is
 * not authorized to access iSCSI target portal group: T."
 * (quirk:lio-login-name, docs/clients/kernel.md), read from /dev/kmsg
 * since the export began.
 */
static void kmsg_scan(struct tcmu_iscsi *x)
{
	static const char pre[] = "iSCSI Initiator Node: ";
	char rec[1024], *msg, *end;
	ssize_t n;

	while (x->kmsg_fd >= 0 &&
	       ((n = read(x->kmsg_fd, rec, sizeof(rec) - 1)) > 0 ||
		(n < 0 && errno == EPIPE))) {
		if (n <= 0)
			continue; /* EPIPE: records were overwritten */
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? strstr(msg, pre) : NULL;
		end = msg ? strstr(msg, " is not authorized") : NULL;
		if (!end)
			continue;
		msg += sizeof(pre) - 1;
		snprintf(x->last_refused, sizeof(x->last_refused), "%.*s",
			 (int)(end - msg), msg);
	}
}

static void watch_once(struct tcmu_iscsi *x)
{
	unsigned long authz, authn;
	char path[512], who[256] = "?";

	kmsg_scan(x);
	authz = stat_count(x, "authorize_fails");
	authn = stat_count(x, "authenticate_fails");
	if (authz == x->authorize_fails && authn == x->authenticate_fails)
		return;
	snprintf(path, sizeof(path),
		 ISCSI_DIR "/%s/fabric_statistics/iscsi_tgt_attr/"
			   "fail_intr_name",
		 x->iqn);
	tcmu_read_line(path, who, sizeof(who));
	if (authz != x->authorize_fails && x->last_refused[0] &&
	    (!strcmp(who, "Unknown") || !strcmp(who, "None") || !who[0]))
		snprintf(who, sizeof(who), "%s", x->last_refused);
	if (authz != x->authorize_fails)
		log_warn("drive %d: iSCSI login refused: initiator %s is not "
			 "allowed (%lu so far)",
			 x->index, who, authz);
	if (authn != x->authenticate_fails)
		log_warn("drive %d: iSCSI login refused: CHAP authentication "
			 "of %s failed (%lu so far)",
			 x->index, who, authn);
	x->authorize_fails = authz;
	x->authenticate_fails = authn;
}

static void *watch_thread(void *arg)
{
	struct tcmu_iscsi *x = arg;
	struct pollfd pfd = { .fd = x->watcher.stop_fd, .events = POLLIN };

	for (;;) {
		int r = poll(&pfd, 1, WATCH_MS);

		if (r > 0 || (r < 0 && errno != EINTR))
			break;
		watch_once(x);
	}
	return NULL;
}

/* ---- the export ---- */

int tcmu_iscsi_start(struct tcmu_iscsi *x, struct vb_drive *d, int index,
		     const struct tcmu_export *opts, char *err, size_t errlen)
{
	int ret;

	memset(x, 0, sizeof(*x));
	x->index = index;
	x->watcher = (struct vb_worker)VB_WORKER_INIT;
	x->kmsg_fd = -1;
	if (tcmu_iscsi_portal(opts->portal, x->portal, sizeof(x->portal))) {
		snprintf(err, errlen,
			 "bad --iscsi portal '%s' (ADDR:PORT, [IPv6]:PORT)",
			 opts->portal);
		return -1;
	}
	if (parse_allow(x, opts->allow ? opts->allow : "", err, errlen))
		return -1;
	for (int k = 0; opts->auth_text && k < x->nacl; k++) {
		ret = read_auth(opts->auth_name, opts->auth_text, &x->acl[k],
				err, errlen);
		if (ret == -ENOENT)
			snprintf(err, errlen, "%s: no credentials for %s",
				 opts->auth_name, x->acl[k].iqn);
		if (ret)
			return -1;
	}
	if (access(ISCSI_DIR, F_OK)) {
		/* mkdir loads iscsi_target_mod (B.1) */
		ret = tcmu_cfs_mkdir(ISCSI_DIR);
		if (ret) {
			snprintf(err, errlen,
				 "iSCSI target not available: modprobe "
				 "iscsi_target_mod (%s)",
				 strerror(-ret));
			return -1;
		}
		made_iscsi_dir = 1;
	}
	target_name(x, index);
	for (int k = 0; k < x->nacl; k++)
		if (tcmu_port_start(&x->acl[k].port, d, index, k + 1, err,
				    errlen))
			goto fail;
	if (build(x, err, errlen))
		goto fail;
	x->authorize_fails = stat_count(x, "authorize_fails");
	x->authenticate_fails = stat_count(x, "authenticate_fails");
	x->kmsg_fd =
		tcmu_priv_open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (x->kmsg_fd >= 0)
		lseek(x->kmsg_fd, 0, SEEK_END);
	if (vb_worker_start(&x->watcher, watch_thread, x, err, errlen))
		goto fail;
	log_info("drive %d: exported as %s on %s to %d initiator(s)%s", index,
		 x->iqn, x->portal, x->nacl,
		 x->acl[0].user[0] ? " with CHAP" : "");
	return 0;

fail:
	tcmu_iscsi_stop(x);
	return -1;
}

void tcmu_iscsi_stop(struct tcmu_iscsi *x)
{
	vb_worker_stop(&x->watcher);
	if (x->kmsg_fd >= 0)
		close(x->kmsg_fd);
	x->kmsg_fd = -1;
	/* the rings stay served while the LUNs go (as for tcm_loop) */
	if (x->made)
		remove_target(x->iqn);
	x->made = false;
	for (int k = 0; k < x->nacl; k++)
		tcmu_port_stop(&x->acl[k].port);
	x->nacl = 0;
	/* fails while another target is left; the last one wins */
	if (made_iscsi_dir && !tcmu_cfs_rmdir(ISCSI_DIR))
		made_iscsi_dir = 0;
}

int tcmu_iscsi_sessions(const struct tcmu_iscsi *x, char *buf, size_t len)
{
	char path[512], line[300];
	size_t used = 0;
	int n = 0;

	if (len)
		buf[0] = 0;
	for (int k = 0; k < x->nacl; k++) {
		snprintf(path, sizeof(path),
			 ISCSI_DIR "/%s/tpgt_1/acls/%s/info", x->iqn,
			 x->acl[k].iqn);
		if (tcmu_read_line(path, line, sizeof(line)) ||
		    strncmp(line, "InitiatorName:", 14))
			continue;
		n++;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "," : "",
						 x->acl[k].iqn);
	}
	return n;
}
