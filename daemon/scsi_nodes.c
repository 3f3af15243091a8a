/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The nodes the kernel made for a SCSI device we serve (TCMU and kmod
 * front ends): /sys/bus/scsi/devices/H:C:T:L/block/srN once sr has bound
 * (its type file exists as soon as the scan added the device), and
 * .../scsi_generic/sgN, which sg (when loaded) binds a moment later;
 * then /dev/srN from devtmpfs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vburn/scsi_nodes.h"
#include "vburn/clock.h"

#define SCSI_DIR "/sys/bus/scsi/devices"
#define STEP_MS 50

/* First entry of path not starting with '.', into name. 0 or -ENOENT. */
static int first_entry(const char *path, char *name, size_t len)
{
	struct dirent *de;
	int ret = -ENOENT;
	DIR *dir;

	dir = opendir(path);
	if (!dir)
		return -ENOENT;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(name, len, "%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(dir);
	return ret;
}

int vb_scsi_nodes(const char *addr, unsigned wait_ms, char *sr, size_t srlen,
		  char *sg, size_t sglen, char *err, size_t errlen)
{
	char path[128], name[256];
	struct stat st;
	unsigned waited;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), SCSI_DIR "/%s/block", addr);
	for (waited = 0; waited < wait_ms; waited += STEP_MS) {
		ret = first_entry(path, name, sizeof(name));
		if (!ret)
			break;
		vb_sleep_ms(STEP_MS);
	}
	if (ret) {
		snprintf(path, sizeof(path), SCSI_DIR "/%s/type", addr);
		if (stat(path, &st))
			snprintf(err, errlen,
				 "the kernel added no SCSI device %s "
				 "(INQUIRY failed? see dmesg)",
				 addr);
		else
			snprintf(err, errlen,
				 "no block device bound to %s (is sr_mod "
				 "loaded?)",
				 addr);
		return -ENOENT;
	}
	snprintf(sr, srlen, "/dev/%s", name);
	/* sg binds on its own, a moment after sr: wait for it when loaded */
	snprintf(path, sizeof(path), SCSI_DIR "/%s/scsi_generic", addr);
	snprintf(sg, sglen, "%s", "");
	for (; waited < wait_ms; waited += STEP_MS) {
		if (!first_entry(path, name, sizeof(name))) {
			snprintf(sg, sglen, "/dev/%s", name);
			break;
		}
		if (stat("/sys/module/sg", &st))
			break; /* no sg driver: no sg node to wait for */
		vb_sleep_ms(STEP_MS);
	}
	for (; waited < wait_ms; waited += STEP_MS) {
		if (!stat(sr, &st))
			return 0;
		vb_sleep_ms(STEP_MS);
	}
	snprintf(err, errlen, "%s did not appear (is devtmpfs on /dev?)", sr);
	return -ENOENT;
}
