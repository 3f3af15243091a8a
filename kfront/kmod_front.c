/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kmod front end (include/vburn/kmod.h): one open file of
 * /dev/vburn-hba per drive, and a thread that reads its commands, runs
 * them on the drive core and writes the answers (include/vburn/hba.h).
 * A command's data-out arrives in the request buffer right after its
 * header and data-in leaves from the answer buffer right after its
 * header, so each byte is copied once each way, by the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define LOG_TAG "kmod"
#include "vburn/cmd.h"
#include "vburn/drive.h"
#include "vburn/hba.h"
#include "vburn/kmod.h"
#include "vburn/log.h"
#include "vburn/worker.h"
#include "vburn/scsi_nodes.h"

#define SR_WAIT_MS 10000 /* the scan runs under TCG in the tests */

struct kmod_front {
	struct vb_drive *drive;
	unsigned port;		 /* the drive's port for this device */
	int fd;			 /* /dev/vburn-hba */
	struct vb_worker worker; /* the thread serving fd */
	char addr[48];		 /* H:C:T:L */
	char sr[64], sg[64];
	uint8_t *req, *rsp; /* VB_HBA_REQ_MAX, VB_HBA_RSP_MAX */
	unsigned long long ncmds;
};

int kmod_front_check(char *err, size_t errlen)
{
	if (!access(VB_KMOD_DEV, R_OK | W_OK))
		return 0;
	if (errno == ENOENT) {
		snprintf(err, errlen,
			 "%s missing: the vburn_hba module is not loaded "
			 "(make kmod, then insmod %s)",
			 VB_KMOD_DEV, "build/kbuild/kmod/vburn_hba.ko");
		return -ENOENT;
	}
	snprintf(err, errlen,
		 "%s: %s (it is for group cdrom, mode 0660: "
		 "dist/60-vburn.rules; is this user in cdrom?)",
		 VB_KMOD_DEV, strerror(errno));
	return -EACCES;
}

/* Runs one request of n bytes; writes its answer. */
static void serve(struct kmod_front *f, size_t n)
{
	const struct vb_hba_req *q = (const void *)f->req;
	struct vb_hba_rsp *a = (void *)f->rsp;
	struct vb_cmd c = { .cdb_len = q->cdb_len, .port = (uint8_t)f->port };
	size_t len;

	if (n < sizeof(*q) || q->magic != VB_HBA_MAGIC || q->cdb_len > 16 ||
	    q->data_len > VB_HBA_MAX_XFER ||
	    (q->dir == VB_HBA_DIR_TO_DEV && n != sizeof(*q) + q->data_len)) {
		log_err("%s: malformed request of %zu bytes", f->addr, n);
		return;
	}
	memcpy(c.cdb, q->cdb, sizeof(c.cdb));
	c.buf_len = q->data_len;
	if (q->dir == VB_HBA_DIR_TO_DEV) {
		c.dir = VB_DXFER_TO_DEV;
		c.buf = f->req + sizeof(*q);
	} else if (q->dir == VB_HBA_DIR_FROM_DEV) {
		c.dir = VB_DXFER_FROM_DEV;
		c.buf = f->rsp + sizeof(*a);
	} else {
		c.buf_len = 0;
	}
	vb_drive_exec(f->drive, &c);
	f->ncmds++;
	memset(a, 0, sizeof(*a));
	a->magic = VB_HBA_MAGIC;
	a->tag = q->tag;
	a->status = c.status;
	a->sense_len = c.sense_len;
	memcpy(a->sense, c.sense, c.sense_len);
	a->data_len = c.dir == VB_DXFER_FROM_DEV ? c.xfer_len : 0;
	a->xfer_len = c.xfer_len;
	len = sizeof(*a) + a->data_len;
	if (write(f->fd, f->rsp, len) != (ssize_t)len) {
		/* ENOENT: the kernel aborted it meanwhile (a timeout) */
		if (errno == ENOENT)
			log_warn("%s: CDB %02x answered after the kernel "
				 "gave up on it",
				 f->addr, q->cdb[0]);
		else
			log_err("%s: answer to CDB %02x: %s", f->addr,
				q->cdb[0], strerror(errno));
	}
}

static void *kmod_thread(void *arg)
{
	struct kmod_front *f = arg;
	struct pollfd p[2] = { { .fd = f->fd, .events = POLLIN },
			       { .fd = f->worker.stop_fd, .events = POLLIN } };

	for (;;) {
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("%s: poll: %s", f->addr, strerror(errno));
			break;
		}
		if (p[1].revents)
			break;
		if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			log_err("%s: the module's device went away", f->addr);
			break;
		}
		/* every queued command, then poll again */
		while ((n = read(f->fd, f->req, VB_HBA_REQ_MAX)) > 0)
			serve(f, (size_t)n);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			log_err("%s: read: %s", f->addr, strerror(errno));
			break;
		}
	}
	return NULL;
}

void kmod_front_stop(struct kmod_front *f)
{
	if (!f)
		return;
	vb_worker_stop(&f->worker);
	if (f->ncmds)
		log_dbg("%s: served %llu commands", f->addr, f->ncmds);
	/* the module fails what is pending and removes the device */
	if (f->fd >= 0)
		close(f->fd);
	free(f->req);
	free(f->rsp);
	vb_drive_port_close(f->drive, f->port);
	free(f);
}

struct kmod_front *kmod_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen)
{
	struct kmod_front *f = calloc(1, sizeof(*f));
	struct vb_hba_addr a;

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->drive = d;
	f->port = vb_drive_port_open(d);
	f->worker = (struct vb_worker)VB_WORKER_INIT;
	f->fd = open(VB_KMOD_DEV, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	f->req = malloc(VB_HBA_REQ_MAX);
	f->rsp = malloc(VB_HBA_RSP_MAX);
	if (f->fd < 0 || !f->req || !f->rsp) {
		snprintf(err, errlen, "%s: %s", VB_KMOD_DEV, strerror(errno));
		goto err;
	}
	if (ioctl(f->fd, VB_HBA_IOC_ADDR, &a) < 0) {
		snprintf(err, errlen,
			 "%s: VB_HBA_IOC_ADDR: %s (an older "
			 "module?)",
			 VB_KMOD_DEV, strerror(errno));
		goto err;
	}
	snprintf(f->addr, sizeof(f->addr), "%u:%u:%u:%u", a.host, a.channel,
		 a.id, a.lun);
	/* served before the kernel's scan sends INQUIRY */
	if (vb_worker_start(&f->worker, kmod_thread, f, err, errlen))
		goto err;
	if (vb_scsi_nodes(f->addr, SR_WAIT_MS, f->sr, sizeof(f->sr), f->sg,
			  sizeof(f->sg), err, errlen))
		goto err;
	log_info("drive %d: %s %s (scsi %s, vburn_hba)", index, f->sr, f->sg,
		 f->addr);
	return f;
err:
	kmod_front_stop(f);
	return NULL;
}

const char *kmod_front_sr(const struct kmod_front *f)
{
	return f->sr;
}

const char *kmod_front_sg(const struct kmod_front *f)
{
	return f->sg;
}
