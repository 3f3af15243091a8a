/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCMU front end of one drive (include/vburn/tcmu.h): builds the
 * configfs objects (tcmu_cfs.c), finds the backstore's /dev/uioN by its
 * name, maps its ring and serves it on a thread (tcmu_ring.c) before the
 * LUN link makes the kernel scan the device, then finds the /dev/srN and
 * /dev/sgN that sr and sg bound to it. Teardown keeps the ring served
 * while the LUN goes away, since the kernel's removal may still send
 * commands (docs/clients.md 4.1; quirk:kernel-tcmu-teardown,
 * docs/clients/kernel.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_TAG "tcmu"
#include "vburn/drive.h"
#include "vburn/log.h"
#include "vburn/scsi_nodes.h"
#include "vburn/tcmu.h"

#include "tcmu_int.h"
#include "vburn/clock.h"

#define UIO_DIR "/sys/class/uio"
/* How long the kernel may take to register uio and to bind sr/sg. */
#define UIO_WAIT_MS 5000
#define SR_WAIT_MS 15000

struct tcmu_front {
	struct vb_drive *drive; /* borrowed */
	unsigned port;		/* the drive's port for this LUN */
	struct tcmu_cfs cfs;
	struct tcmu_ring ring;
	int uio_fd;
	int stop_fd; /* eventfd that ends the thread */
	pthread_t thread;
	bool thread_started;
	char addr[32]; /* SCSI address "H:0:T:0" */
	char sr[272];  /* "/dev/srN" */
	char sg[272];  /* "/dev/sgN" or "" */
};

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
static int map_ring(struct tcmu_front *f, char *err, size_t errlen)
{
	char name[160], path[128], buf[64];
	unsigned waited;
	void *map;
	int n = -ENOENT, ret;

	tcmu_cfs_uio_name(&f->cfs, name, sizeof(name));
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
		f->uio_fd = open(path, O_RDWR | O_CLOEXEC);
		if (f->uio_fd >= 0 || errno != ENOENT)
			break;
		vb_sleep_ms(50);
	}
	if (f->uio_fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return ret;
	}
	snprintf(path, sizeof(path), UIO_DIR "/uio%d/maps/map0/size", n);
	ret = tcmu_read_line(path, buf, sizeof(buf));
	if (ret) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	f->ring.size = strtoull(buf, NULL, 0);
	map = mmap(NULL, f->ring.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   f->uio_fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		snprintf(err, errlen, "cannot map uio%d (%zu bytes): %s", n,
			 f->ring.size, strerror(errno));
		f->ring.size = 0;
		return ret;
	}
	f->ring.base = map;
	if (tcmu_ring_check(&f->ring)) {
		snprintf(err, errlen, "uio%d: unexpected TCMU mailbox", n);
		return -EPROTO;
	}
	log_dbg("%s: uio%d, %zu bytes mapped", f->cfs.dev, n, f->ring.size);
	return 0;
}

static void tcmu_exec(void *ctx, struct vb_cmd *cmd)
{
	struct tcmu_front *f = ctx;

	cmd->port = (uint8_t)f->port;
	vb_drive_exec(f->drive, cmd);
}

/*
 * Serves the ring until stop_fd fires. uio's poll() reports readable as
 * soon as the kernel queued anything since our last read(), so nothing
 * queued between a ring walk and the next poll() is missed.
 */
static void *tcmu_thread(void *arg)
{
	struct tcmu_front *f = arg;
	struct pollfd pfd[2] = {
		{ .fd = f->uio_fd, .events = POLLIN },
		{ .fd = f->stop_fd, .events = POLLIN },
	};
	uint32_t ev = 0;
	int n;

	for (;;) {
		n = tcmu_ring_run(&f->ring, tcmu_exec, f);
		if (n < 0) {
			log_err("%s: ring: %s; no longer serving it",
				f->cfs.dev, strerror(-n));
			/* Let the kernel reap what was completed before. */
			if (write(f->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
				log_warn("%s: uio write: %s", f->cfs.dev,
					 strerror(errno));
			break;
		}
		/* Any write() makes the kernel reap the completions. */
		if (n > 0 && write(f->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
			log_warn("%s: uio write: %s", f->cfs.dev,
				 strerror(errno));
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("%s: poll: %s", f->cfs.dev, strerror(errno));
			break;
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			log_err("%s: uio device went away", f->cfs.dev);
			break;
		}
		if ((pfd[0].revents & POLLIN) &&
		    read(f->uio_fd, &ev, sizeof(ev)) != sizeof(ev))
			log_warn("%s: uio read: %s", f->cfs.dev,
				 strerror(errno));
	}
	return NULL;
}

int tcmu_front_check(char *err, size_t errlen)
{
	return tcmu_cfs_check(err, errlen);
}

static void stop_thread(struct tcmu_front *f)
{
	uint64_t one = 1;

	if (!f->thread_started)
		return;
	if (write(f->stop_fd, &one, sizeof(one)) != sizeof(one))
		log_warn("%s: eventfd: %s", f->cfs.dev, strerror(errno));
	pthread_join(f->thread, NULL);
	f->thread_started = false;
}

void tcmu_front_stop(struct tcmu_front *f)
{
	if (!f)
		return;
	/* The ring stays served while the kernel removes the device
	 * (quirk:kernel-tcmu-teardown). */
	tcmu_cfs_unlink(&f->cfs);
	stop_thread(f);
	if (f->ring.base)
		munmap(f->ring.base, f->ring.size);
	if (f->ring.ncmds)
		log_dbg("%s: served %llu commands", f->cfs.dev,
			(unsigned long long)f->ring.ncmds);
	tcmu_ring_release(&f->ring);
	if (f->uio_fd >= 0)
		close(f->uio_fd);
	if (f->stop_fd >= 0)
		close(f->stop_fd);
	tcmu_cfs_remove(&f->cfs);
	vb_drive_port_close(f->drive, f->port);
	free(f);
}

struct tcmu_front *tcmu_front_start(struct vb_drive *d, int index, char *err,
				    size_t errlen)
{
	static bool reaped;
	struct tcmu_front *f;
	int ret;

	if (tcmu_cfs_check(err, errlen))
		return NULL;
	if (!reaped) {
		reaped = true;
		tcmu_cfs_reap_stale();
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->drive = d;
	f->port = vb_drive_port_open(d);
	f->uio_fd = -1;
	f->cfs.hba = -1;
	f->cfs.wwn = -1;
	f->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (f->stop_fd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto err_stop;
	}
	if (tcmu_cfs_backstore(&f->cfs, index, err, errlen))
		goto err_stop;
	if (map_ring(f, err, errlen))
		goto err_stop;
	ret = pthread_create(&f->thread, NULL, tcmu_thread, f);
	if (ret) {
		snprintf(err, errlen, "pthread_create: %s", strerror(ret));
		goto err_stop;
	}
	f->thread_started = true;
	/* Now that the ring is served, let the kernel scan the LUN. */
	if (tcmu_cfs_link(&f->cfs, f->addr, sizeof(f->addr), err, errlen))
		goto err_stop;
	if (vb_scsi_nodes(f->addr, SR_WAIT_MS, f->sr, sizeof(f->sr), f->sg,
			  sizeof(f->sg), err, errlen))
		goto err_stop;
	log_info("drive %d: %s %s (scsi %s, backstore user_%d/%s)", index,
		 f->sr, f->sg, f->addr, f->cfs.hba, f->cfs.dev);
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
