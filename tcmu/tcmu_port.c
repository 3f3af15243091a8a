/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One TCMU backstore served for a drive: creates it (tcmu_cfs.c), finds
 * its /dev/uioN by name, maps the ring and serves it on a thread of its
 * own (tcmu_ring.c), every command marked with the drive port this
 * backstore is. A drive has one for its local LUN and one per allowed
 * iSCSI initiator (tcmu_iscsi.c), since a TCMU ring entry does not say
 * which initiator sent it (docs/architecture.md, "Ports").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LOG_TAG "tcmu"
#include "vburn/clock.h"
#include "vburn/drive.h"
#include "vburn/log.h"

#include "tcmu_int.h"

#define UIO_DIR "/sys/class/uio"
/* How long the kernel may take to register uio. */
#define UIO_WAIT_MS 5000

/* The uioN whose name is NAME, or -ENOENT. */
static int find_uio(const char *name)
{
	char path[300], buf[256];
	struct dirent *de;
	int minor = -ENOENT;
	DIR *dir;

	dir = opendir(UIO_DIR);
	if (!dir)
		return -ENOENT;
	while ((de = readdir(dir)) && minor < 0) {
		if (strncmp(de->d_name, "uio", 3))
			continue;
		snprintf(path, sizeof(path), UIO_DIR "/%s/name", de->d_name);
		if (!tcmu_read_line(path, buf, sizeof(buf)) &&
		    !strcmp(buf, name))
			minor = atoi(de->d_name + 3);
	}
	closedir(dir);
	return minor;
}

/* Opens and maps the ring of the enabled backstore. 0 or -errno. */
static int map_ring(struct tcmu_port *p, char *err, size_t errlen)
{
	char name[160], path[128], buf[64];
	unsigned waited;
	void *map;
	int n = -ENOENT, ret = -ENOENT;

	tcmu_cfs_uio_name(&p->cfs, name, sizeof(name));
	for (waited = 0; waited < UIO_WAIT_MS; waited += 50) {
		n = find_uio(name);
		if (n >= 0)
			break;
		vb_sleep_ms(50);
	}
	if (n < 0) {
		snprintf(err, errlen, "no uio device named %s", name);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "/dev/uio%d", n);
	for (; waited < UIO_WAIT_MS; waited += 50) {
		ret = tcmu_priv_open(path, O_RDWR | O_CLOEXEC);
		if (ret != -ENOENT)
			break;
		vb_sleep_ms(50);
	}
	if (ret < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	p->uio_fd = ret;
	snprintf(path, sizeof(path), UIO_DIR "/uio%d/maps/map0/size", n);
	ret = tcmu_read_line(path, buf, sizeof(buf));
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	p->ring.size = strtoull(buf, NULL, 0);
	map = mmap(NULL, p->ring.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   p->uio_fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		snprintf(err, errlen, "cannot map uio%d (%zu bytes): %s", n,
			 p->ring.size, strerror(errno));
		p->ring.size = 0;
		return ret;
	}
	p->ring.base = map;
	if (tcmu_ring_check(&p->ring)) {
		snprintf(err, errlen, "uio%d: unexpected TCMU mailbox", n);
		return -EPROTO;
	}
	log_dbg("%s: uio%d, %zu bytes mapped", p->cfs.dev, n, p->ring.size);
	return 0;
}

static void port_exec(void *ctx, struct vb_cmd *cmd)
{
	struct tcmu_port *p = ctx;

	cmd->port = (uint8_t)p->port;
	vb_drive_exec(p->drive, cmd);
}

/*
 * Serves the ring until the worker's stop_fd fires. uio's poll() reports readable as
 * soon as the kernel queued anything since our last read(), so nothing
 * queued between a ring walk and the next poll() is missed.
 */
static void *port_thread(void *arg)
{
	struct tcmu_port *p = arg;
	struct pollfd pfd[2] = {
		{ .fd = p->uio_fd, .events = POLLIN },
		{ .fd = p->worker.stop_fd, .events = POLLIN },
	};
	uint32_t ev = 0;
	int n;

	for (;;) {
		n = tcmu_ring_run(&p->ring, port_exec, p);
		if (n < 0) {
			log_err("%s: ring: %s; no longer serving it",
				p->cfs.dev, strerror(-n));
			/* Let the kernel reap what was completed before. */
			if (write(p->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
				log_warn("%s: uio write: %s", p->cfs.dev,
					 strerror(errno));
			break;
		}
		/* Any write() makes the kernel reap the completions. */
		if (n > 0 && write(p->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
			log_warn("%s: uio write: %s", p->cfs.dev,
				 strerror(errno));
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("%s: poll: %s", p->cfs.dev, strerror(errno));
			break;
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			log_err("%s: uio device went away", p->cfs.dev);
			break;
		}
		if ((pfd[0].revents & POLLIN) &&
		    read(p->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
			log_warn("%s: uio read: %s", p->cfs.dev,
				 strerror(errno));
	}
	return NULL;
}

int tcmu_port_start(struct tcmu_port *p, struct vb_drive *d, int index, int sub,
		    char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->drive = d;
	p->uio_fd = -1;
	p->worker = (struct vb_worker)VB_WORKER_INIT;
	p->cfs.hba = -1;
	p->cfs.wwn = -1;
	p->port = vb_drive_port_open(d);
	if (tcmu_cfs_backstore(&p->cfs, index, sub, err, errlen))
		return -1;
	if (map_ring(p, err, errlen))
		return -1;
	return vb_worker_start(&p->worker, port_thread, p, err, errlen);
}

void tcmu_port_stop(struct tcmu_port *p)
{
	if (!p->drive)
		return;
	vb_worker_stop(&p->worker);
	if (p->ring.base)
		munmap(p->ring.base, p->ring.size);
	if (p->ring.ncmds)
		log_dbg("%s: served %llu commands", p->cfs.dev,
			(unsigned long long)p->ring.ncmds);
	tcmu_ring_release(&p->ring);
	if (p->uio_fd >= 0)
		close(p->uio_fd);
	tcmu_cfs_remove(&p->cfs);
	vb_drive_port_close(p->drive, p->port);
	memset(p, 0, sizeof(*p));
}
