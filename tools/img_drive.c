/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drive vburn-img burn writes to when none is named: the one
 * writable drive present (issue "images in users' hands"). libburn's
 * scan sees the kernel's drives (/dev/sr*, /dev/sg*: real ones and
 * vburnd's TCMU drives); vburnd's CUSE drives are character devices
 * libburn does not scan, so each CUSE device (/sys/class/cuse) that
 * answers INQUIRY as an MMC drive (peripheral type 05h, SPC-4 6.6.2) is
 * counted too; other CUSE devices (osspd's /dev/dsp) are not.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libburn/libburn.h>

#include "img_cmd.h"

#define MAX_FOUND 16

/* Whether path is a character device answering INQUIRY as type 05h. */
static bool is_mmc(const char *path)
{
	const uint8_t cdb[6] = { 0x12, 0, 0, 0, 36, 0 };
	uint8_t buf[36] = { 0 };
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = img_sg_run(fd, cdb, sizeof(cdb), IMG_SG_FROM_DEV, buf, sizeof(buf),
			5000) == 0 &&
	     (buf[0] & 0x1f) == 0x05;
	close(fd);
	return ok;
}

/* Writable per page 2A bits, or a recordable DVD/BD profile (MMC-6 Table 91). */
static bool can_write(const struct burn_drive_info *i)
{
	int n = 0, prof[64];
	char cur[64];

	if (i->write_cdr || i->write_cdrw || i->write_dvdr || i->write_dvdram)
		return true;
	burn_drive_get_all_profiles(i->drive, &n, prof, cur);
	for (int k = 0; k < n; k++)
		if ((prof[k] >= 0x11 && prof[k] <= 0x1b) || prof[k] == 0x2b ||
		    (prof[k] >= 0x41 && prof[k] <= 0x43))
			return true;
	return false;
}

static unsigned scan_kernel(char found[][BURN_DRIVE_ADR_LEN], unsigned n)
{
	struct burn_drive_info *info = NULL;
	unsigned count = 0;

	while (!burn_drive_scan(&info, &count))
		usleep(1000);
	for (unsigned i = 0; i < count && n < MAX_FOUND; i++)
		if (can_write(&info[i]) &&
		    burn_drive_get_adr(&info[i], found[n]) > 0)
			n++;
	if (info)
		burn_drive_info_free(info);
	return n;
}

static bool listed(char found[][BURN_DRIVE_ADR_LEN], unsigned n,
		   const char *adr)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(found[i], adr))
			return true;
	return false;
}

static unsigned scan_cuse(char found[][BURN_DRIVE_ADR_LEN], unsigned n)
{
	DIR *dir = opendir("/sys/class/cuse");
	struct dirent *e;

	if (!dir)
		return n; /* no CUSE: no CUSE drives */
	while ((e = readdir(dir)) && n < MAX_FOUND) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(found[n], BURN_DRIVE_ADR_LEN, "/dev/%s", e->d_name);
		/* vburnd's default names (srN) are ones libburn scans too */
		if (!listed(found, n, found[n]) && is_mmc(found[n]))
			n++;
	}
	closedir(dir);
	return n;
}

int img_drive_find(char *adr, size_t len)
{
	char found[MAX_FOUND][BURN_DRIVE_ADR_LEN], list[256] = "";
	unsigned n = scan_cuse(found, scan_kernel(found, 0));

	if (n == 1) {
		snprintf(adr, len, "%s", found[0]);
		return 0;
	}
	if (!n)
		return img_cmd_fail("no writable drive found: name the "
				    "DEVICE to burn to");
	for (unsigned i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", i ? ", " : "", found[i]);
	return img_cmd_fail("%u writable drives (%s): name the DEVICE to "
			    "burn to",
			    n, list);
}
