/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCMU front end of one drive (include/vburn/tcmu.h): serves its
 * local backstore (tcmu_port.c) before the loopback LUN link
 * (tcmu_cfs.c) makes the kernel scan the device, then finds the /dev/srN
 * and /dev/sgN that sr and sg bound to it; on request it also exports
 * the drive over iSCSI (tcmu_iscsi.c). Teardown keeps the ring served
 * while the LUN goes away, since the kernel's removal may still send
 * commands (docs/clients.md 4.1; quirk:kernel-tcmu-teardown,
 * docs/clients/kernel.md).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define LOG_TAG "tcmu"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/scsi_nodes.h"
#include "vburn/tcmu.h"

#include "tcmu_int.h"

/* How long the kernel may take to bind sr/sg. */
#define SR_WAIT_MS 15000

struct tcmu_front {
	int index;		  /* the drive's number */
	struct tcmu_port local;	  /* the backstore tcm_loop's LUN links to */
	struct tcmu_iscsi *iscsi; /* NULL: not exported */
	char addr[32];		  /* SCSI address "H:0:T:0" */
	char sr[272];		  /* "/dev/srN" */
	char sg[272];		  /* "/dev/sgN" or "" */
};

int tcmu_front_check(char *err, size_t errlen)
{
	return tcmu_cfs_check(err, errlen);
}

void tcmu_front_stop(struct tcmu_front *f)
{
	if (!f)
		return;
	tcmu_front_unexport(f);
	/* The ring stays served while the kernel removes the device
	 * (quirk:kernel-tcmu-teardown). */
	tcmu_cfs_unlink(&f->local.cfs);
	tcmu_port_stop(&f->local);
	free(f);
}

struct tcmu_front *tcmu_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen)
{
	static bool reaped;
	struct tcmu_front *f;

	if (tcmu_cfs_check(err, errlen))
		return NULL;
	if (!reaped) {
		reaped = true;
		/* targets first: they link to the stale backstores */
		tcmu_iscsi_reap_stale();
		tcmu_cfs_reap_stale();
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->index = index;
	if (tcmu_port_start(&f->local, d, index, 0, err, errlen))
		goto err_stop;
	/* Now that the ring is served, let the kernel scan the LUN. */
	if (tcmu_cfs_link(&f->local.cfs, f->addr, sizeof(f->addr), err, errlen))
		goto err_stop;
	if (vb_scsi_nodes(f->addr, SR_WAIT_MS, f->sr, sizeof(f->sr), f->sg,
			  sizeof(f->sg), err, errlen))
		goto err_stop;
	log_info("drive %d: %s %s (scsi %s, backstore user_%d/%s)", index,
		 f->sr, f->sg, f->addr, f->local.cfs.hba, f->local.cfs.dev);
	return f;

err_stop:
	/* Undoes whatever was done so far, in reverse order. */
	tcmu_front_stop(f);
	return NULL;
}

const char *tcmu_front_sr(const struct tcmu_front *f)
{
	return f->sr;
}

const char *tcmu_front_sg(const struct tcmu_front *f)
{
	return f->sg;
}

int tcmu_front_export(struct tcmu_front *f, const struct tcmu_export *x,
		      char *err, size_t errlen)
{
	if (f->iscsi) {
		snprintf(err, errlen, "already exported as %s", f->iscsi->iqn);
		return -1;
	}
	f->iscsi = malloc(sizeof(*f->iscsi));
	if (!f->iscsi) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (tcmu_iscsi_start(f->iscsi, f->local.drive, f->index, x, err,
			     errlen)) {
		free(f->iscsi);
		f->iscsi = NULL;
		return -1;
	}
	return 0;
}

void tcmu_front_unexport(struct tcmu_front *f)
{
	if (!f || !f->iscsi)
		return;
	tcmu_iscsi_stop(f->iscsi);
	free(f->iscsi);
	f->iscsi = NULL;
}

const char *tcmu_front_iqn(const struct tcmu_front *f)
{
	return f->iscsi ? f->iscsi->iqn : "";
}

const char *tcmu_front_portal(const struct tcmu_front *f)
{
	return f->iscsi ? f->iscsi->portal : "";
}

int tcmu_front_sessions(const struct tcmu_front *f, char *buf, size_t len)
{
	if (!f->iscsi) {
		if (len)
			buf[0] = 0;
		return 0;
	}
	return tcmu_iscsi_sessions(f->iscsi, buf, len);
}
