/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configfs objects of one TCMU drive (docs/clients.md 4.1 "configfs
 * steps"): a user backstore core/user_N/vburn<i> with its own HBA, and a
 * loopback WWN naa.500140576627xxxx with tpgt_1, an I_T nexus and lun_0
 * linked to the backstore. Setup records how far it got in a bit set, so
 * that one teardown path undoes exactly that, in reverse order, after a
 * failed start as after SIGTERM. Free HBA and WWN numbers are found by
 * mkdir's EEXIST, so two drives (or two daemons) never share an object.
 * Objects of a vburnd that was killed are found by the pid in their
 * dev_config and removed at the next start.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOG_TAG "tcmu"
#include "vburn/log.h"

#include "tcmu_int.h"

#define CFS_ROOT "/sys/kernel/config"
#define TGT_DIR TCMU_TGT_DIR
#define CORE_DIR TCMU_CORE_DIR
#define LOOP_DIR TCMU_LOOP_DIR

#define WWN_FMT TCMU_WWN_PREFIX "%04x"
#define NEXUS_FMT "naa.500140576628%04x"
#define MAX_TRIES 4096

enum {
	ST_HBA = 1 << 0,
	ST_DEV = 1 << 1,
	ST_ENABLED = 1 << 2,
	ST_WWN = 1 << 3,
	ST_TPG = 1 << 4,
	ST_LUN = 1 << 5,
	ST_NEXUS = 1 << 6,
	ST_LINK = 1 << 7,
};

/* Set once this process created loopback/, so the last stop removes it. */
static int cfs_made_loop_dir;

int tcmu_read_line(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

int tcmu_cfs_check(char *err, size_t errlen)
{
	if (!exists(TGT_DIR)) {
		if (!exists("/sys/module/target_core_mod"))
			snprintf(err, errlen,
				 "target_core_user not available:"
				 " modprobe target_core_user");
		else
			snprintf(err, errlen,
				 "configfs not mounted: mount -t "
				 "configfs none " CFS_ROOT);
		return -ENOENT;
	}
	if (!exists("/sys/module/target_core_user")) {
		snprintf(err, errlen,
			 "target_core_user not available: "
			 "modprobe target_core_user");
		return -ENOENT;
	}
	if (!exists(LOOP_DIR) && !exists("/sys/module/tcm_loop")) {
		snprintf(err, errlen,
			 "tcm_loop not available: modprobe "
			 "tcm_loop");
		return -ENOENT;
	}
	/* the helper has root when vburnd has given it up (--user) */
	if (!tcmu_priv_running() && access(CORE_DIR, W_OK)) {
		snprintf(err, errlen,
			 "cannot write %s: %s (the tcmu front "
			 "end needs root)",
			 CORE_DIR, strerror(errno));
		return -EACCES;
	}
	return 0;
}

static void hba_path(const struct tcmu_cfs *c, char *buf, size_t len)
{
	snprintf(buf, len, CORE_DIR "/user_%d", c->hba);
}

static void dev_path(const struct tcmu_cfs *c, const char *leaf, char *buf,
		     size_t len)
{
	snprintf(buf, len, CORE_DIR "/user_%d/%s%s%s", c->hba, c->dev,
		 leaf ? "/" : "", leaf ? leaf : "");
}

static void tpg_path(const struct tcmu_cfs *c, const char *leaf, char *buf,
		     size_t len)
{
	snprintf(buf, len, LOOP_DIR "/" WWN_FMT "/tpgt_1%s%s", c->wwn,
		 leaf ? "/" : "", leaf ? leaf : "");
}

/* Optional control/attrib settings: older kernels may lack some. */
static void cfs_try(const struct tcmu_cfs *c, const char *leaf, const char *val)
{
	char path[256];
	int ret;

	dev_path(c, leaf, path, sizeof(path));
	ret = tcmu_cfs_write(path, val);
	if (ret)
		log_warn("%s <- %s: %s", path, val, strerror(-ret));
}

int tcmu_cfs_backstore(struct tcmu_cfs *c, int index, int sub, char *err,
		       size_t errlen)
{
	char path[256], val[64];
	int ret, n;

	/* The pid lets a later vburnd tell our objects from stale ones. */
	if (sub) {
		snprintf(c->dev, sizeof(c->dev), TCMU_DEV_PREFIX "%d-%d", index,
			 sub);
		snprintf(c->cfg, sizeof(c->cfg), "vburn/%d/%d/%d",
			 (int)getpid(), index, sub);
	} else {
		snprintf(c->dev, sizeof(c->dev), TCMU_DEV_PREFIX "%d", index);
		snprintf(c->cfg, sizeof(c->cfg), "vburn/%d/%d", (int)getpid(),
			 index);
	}
	for (n = 0; n < MAX_TRIES; n++) {
		c->hba = n;
		hba_path(c, path, sizeof(path));
		ret = tcmu_cfs_mkdir(path);
		if (!ret)
			break;
		if (ret != -EEXIST) {
			snprintf(err, errlen,
				 "cannot create %s: %s (is "
				 "target_core_user loaded?)",
				 path, strerror(-ret));
			c->hba = -1;
			return ret;
		}
	}
	if (n == MAX_TRIES) {
		c->hba = -1;
		snprintf(err, errlen, "no free user_N HBA in " CORE_DIR);
		return -EEXIST;
	}
	c->state |= ST_HBA;
	dev_path(c, NULL, path, sizeof(path));
	ret = tcmu_cfs_mkdir(path);
	if (ret) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	c->state |= ST_DEV;

	/* Shown in the uio name, which is how the ring is found. */
	snprintf(val, sizeof(val), "dev_config=%s", c->cfg);
	dev_path(c, "control", path, sizeof(path));
	ret = tcmu_cfs_write(path, val);
	if (ret) {
		snprintf(err, errlen, "%s <- %s: %s", path, val,
			 strerror(-ret));
		return ret;
	}
	/* No tcmu-runner: never wait for a netlink reply. */
	cfs_try(c, "control", "nl_reply_supported=-1");
	/* tcm_loop sends up to 0xFFFF sectors (32 MiB) in one command. */
	cfs_try(c, "control", "max_data_area_mb=64");
	/*
	 * BLANK/FORMAT/CLOSE without Immed may take long; but with no
	 * timeout at all, commands would hang forever on a vburnd that was
	 * killed. Ten minutes is longer than any local program waits. An
	 * iSCSI initiator's SCSI layer gives a command 30 s (Linux's sd/sr,
	 * open-iscsi) and then aborts it, which LIO holds until the backend
	 * answers: on a killed vburnd the remote host would hang for the
	 * whole timeout, so its backstores answer an error after 30 s.
	 */
	cfs_try(c, "attrib/cmd_time_out", sub ? "30" : "600");

	dev_path(c, "enable", path, sizeof(path));
	ret = tcmu_cfs_write(path, "1");
	if (ret) {
		snprintf(err, errlen, "cannot enable %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	c->state |= ST_ENABLED;
	return 0;
}

void tcmu_cfs_uio_name(const struct tcmu_cfs *c, char *buf, size_t len)
{
	/* target_core_user.c: "tcm-user/<hba>/<dev>/<dev_config>" */
	snprintf(buf, len, "tcm-user/%d/%s/%s", c->hba, c->dev, c->cfg);
}

static int make_wwn(struct tcmu_cfs *c, char *err, size_t errlen)
{
	char path[256];
	int n, ret;

	if (!exists(LOOP_DIR)) {
		/* Registers the loopback fabric (loads tcm_loop if need be). */
		ret = tcmu_cfs_mkdir(LOOP_DIR);
		if (ret && ret != -EEXIST) {
			snprintf(err, errlen,
				 "tcm_loop not available: "
				 "modprobe tcm_loop (%s)",
				 strerror(-ret));
			return ret;
		}
		cfs_made_loop_dir = 1;
	}
	for (n = 0; n < MAX_TRIES; n++) {
		snprintf(path, sizeof(path), LOOP_DIR "/" WWN_FMT, n);
		ret = tcmu_cfs_mkdir(path);
		if (!ret) {
			c->wwn = n;
			c->state |= ST_WWN;
			return 0;
		}
		if (ret != -EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", path,
				 strerror(-ret));
			return ret;
		}
	}
	snprintf(err, errlen, "no free loopback WWN in " LOOP_DIR);
	return -EEXIST;
}

/* "H:0:T\n" from tpgt_1/address (tcm_loop, Linux 4.5+) -> "H:0:T:0". */
static int read_address(const struct tcmu_cfs *c, char *addr, size_t len)
{
	char path[256], buf[64];
	unsigned host, chan, tgt;
	int ret;

	tpg_path(c, "address", path, sizeof(path));
	ret = tcmu_read_line(path, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%u:%u:%u", &host, &chan, &tgt) != 3)
		return -EPROTO;
	snprintf(addr, len, "%u:%u:%u:0", host, chan, tgt);
	return 0;
}

int tcmu_cfs_link(struct tcmu_cfs *c, char *host_addr, size_t addrlen,
		  char *err, size_t errlen)
{
	char path[256], target[256], val[64];
	int ret;

	ret = make_wwn(c, err, errlen);
	if (ret)
		return ret;
	tpg_path(c, NULL, path, sizeof(path));
	if ((ret = tcmu_cfs_mkdir(path)))
		goto fail;
	c->state |= ST_TPG;
	tpg_path(c, "lun/lun_0", path, sizeof(path));
	if ((ret = tcmu_cfs_mkdir(path)))
		goto fail;
	c->state |= ST_LUN;
	/* The nexus first: without it the scan's commands get DID_ERROR
	 * (quirk:kernel-tcm-loop-nexus, docs/clients/kernel.md). */
	snprintf(val, sizeof(val), NEXUS_FMT, c->wwn);
	tpg_path(c, "nexus", path, sizeof(path));
	ret = tcmu_cfs_write(path, val);
	if (ret) {
		snprintf(err, errlen, "%s <- %s: %s", path, val,
			 strerror(-ret));
		return ret;
	}
	c->state |= ST_NEXUS;
	/* The link scans the LUN: INQUIRY etc. arrive on our ring now. */
	dev_path(c, NULL, target, sizeof(target));
	snprintf(path, sizeof(path),
		 LOOP_DIR "/" WWN_FMT "/tpgt_1/lun/lun_0/%s", c->wwn, c->dev);
	if ((ret = tcmu_cfs_symlink(target, path)))
		goto fail;
	c->state |= ST_LINK;
	ret = read_address(c, host_addr, addrlen);
	if (ret) {
		tpg_path(c, "address", path, sizeof(path));
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	return 0;

fail:
	snprintf(err, errlen, "cannot create %s: %s", path, strerror(-ret));
	return ret;
}

static void cfs_undo(const char *what, const char *path, int ret)
{
	if (ret)
		log_warn("cannot %s %s: %s", what, path, strerror(-ret));
}

void tcmu_cfs_unlink(struct tcmu_cfs *c)
{
	char path[256];

	if (c->state & ST_LINK) {
		snprintf(path, sizeof(path),
			 LOOP_DIR "/" WWN_FMT "/tpgt_1/lun/lun_0/%s", c->wwn,
			 c->dev);
		cfs_undo("unlink", path, tcmu_cfs_rmlink(path));
		c->state &= ~ST_LINK;
	}
	if (c->state & ST_NEXUS) {
		tpg_path(c, "nexus", path, sizeof(path));
		if (tcmu_cfs_write(path, "NULL"))
			log_warn("cannot drop the nexus %s", path);
		c->state &= ~ST_NEXUS;
	}
	if (c->state & ST_LUN) {
		tpg_path(c, "lun/lun_0", path, sizeof(path));
		cfs_undo("remove", path, tcmu_cfs_rmdir(path));
		c->state &= ~ST_LUN;
	}
	if (c->state & ST_TPG) {
		tpg_path(c, NULL, path, sizeof(path));
		cfs_undo("remove", path, tcmu_cfs_rmdir(path));
		c->state &= ~ST_TPG;
	}
	if (c->state & ST_WWN) {
		snprintf(path, sizeof(path), LOOP_DIR "/" WWN_FMT, c->wwn);
		cfs_undo("remove", path, tcmu_cfs_rmdir(path));
		c->state &= ~ST_WWN;
	}
	/* Fails while another drive's WWN is left; the last one wins. */
	if (cfs_made_loop_dir && !tcmu_cfs_rmdir(LOOP_DIR))
		cfs_made_loop_dir = 0;
}

void tcmu_cfs_remove(struct tcmu_cfs *c)
{
	char path[256];

	/* rmdir of an enabled backstore disables and frees it. */
	if (c->state & ST_DEV) {
		dev_path(c, NULL, path, sizeof(path));
		cfs_undo("remove", path, tcmu_cfs_rmdir(path));
		c->state &= ~(ST_DEV | ST_ENABLED);
	}
	if (c->state & ST_HBA) {
		hba_path(c, path, sizeof(path));
		cfs_undo("remove", path, tcmu_cfs_rmdir(path));
		c->state &= ~ST_HBA;
	}
}

/* The WWN whose lun_0 links to core/user_<hba>/<dev>, or -1. */
static int find_wwn(int hba, const char *dev)
{
	char path[512], link[512], want[96];
	struct dirent *de;
	int wwn = -1;
	unsigned n;
	ssize_t len;
	DIR *dir;

	snprintf(want, sizeof(want), "/core/user_%d/%s", hba, dev);
	dir = opendir(LOOP_DIR);
	if (!dir)
		return -1;
	while ((de = readdir(dir)) && wwn < 0) {
		if (sscanf(de->d_name, WWN_FMT, &n) != 1)
			continue;
		snprintf(path, sizeof(path), LOOP_DIR "/%s/tpgt_1/lun/lun_0/%s",
			 de->d_name, dev);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = 0;
		len -= (ssize_t)strlen(want);
		if (len >= 0 && !strcmp(link + len, want))
			wwn = (int)n;
	}
	closedir(dir);
	return wwn;
}

/* Tears down the objects of one stale backstore. */
static void reap_one(int hba, const char *dev, int pid)
{
	struct tcmu_cfs c = { .hba = hba, .wwn = -1 };
	char path[512], buf[128];

	snprintf(c.dev, sizeof(c.dev), "%s", dev);
	c.state = ST_HBA | ST_DEV | ST_ENABLED;
	/* Fail what the dead daemon left in its ring, or unlink waits. */
	dev_path(&c, "action/reset_ring", path, sizeof(path));
	if (tcmu_cfs_write(path, "2"))
		log_warn("cannot reset the ring of %s", path);
	c.wwn = find_wwn(hba, dev);
	if (c.wwn >= 0) {
		c.state |= ST_WWN | ST_TPG | ST_LUN | ST_LINK;
		/* A vburnd made loopback/: the last of ours removes it. */
		cfs_made_loop_dir = 1;
		tpg_path(&c, "nexus", path, sizeof(path));
		if (!tcmu_read_line(path, buf, sizeof(buf)) &&
		    strstr(buf, "naa."))
			c.state |= ST_NEXUS;
	}
	log_info("removing the TCMU objects of vburnd %d, which is gone: "
		 "user_%d/%s",
		 pid, hba, dev);
	tcmu_cfs_unlink(&c);
	tcmu_cfs_remove(&c);
}

void tcmu_cfs_reap_stale(void)
{
	char path[300], name[256], dev[32];
	int hba, pid, index, end;
	struct dirent *de;
	DIR *dir;

	dir = opendir("/sys/class/uio");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "uio", 3))
			continue;
		snprintf(path, sizeof(path), "/sys/class/uio/%s/name",
			 de->d_name);
		if (tcmu_read_line(path, name, sizeof(name)))
			continue;
		end = 0;
		if (sscanf(name, "tcm-user/%d/%31[^/]/vburn/%d/%d%n", &hba, dev,
			   &pid, &index, &end) != 4 ||
		    !end)
			continue;
		if (pid == getpid() || !kill(pid, 0) || errno != ESRCH)
			continue;
		reap_one(hba, dev, pid);
	}
	closedir(dir);
}
