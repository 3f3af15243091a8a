/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CUSE session of one drive: opens /dev/cuse, announces DEVNAME with
 * unrestricted ioctls (docs/clients.md 1.1), serves requests on its own thread
 * until told to stop, and fixes the node's owner and mode once the kernel
 * has created it. open/release/read/write are answered here; ioctls go to
 * cuse_ioctl.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define LOG_TAG "cuse"
#include "vburn/cuse.h"
#include "vburn/drive.h"
#include "vburn/log.h"

#include "cuse_devnum.h"
#include "cuse_int.h"
#include "cuse_sg.h"
#include "vburn/clock.h"

/*
 * SCSI host numbers we report (SCSI_IOCTL_GET_IDLUN, SG_GET_SCSI_ID):
 * above any real HBA, and different per drive, because libburn maps a path
 * to another drive with the same host/channel/id/lun (docs/clients.md 1.6;
 * quirk:libburn-scsi-address, docs/clients/xorriso-libburn.md).
 */
#define CUSE_HOST_BASE 200
#define CUSE_HOST_COUNT 56
static atomic_int cuse_next_host;

/* How long to wait for the kernel to create the node. */
#define CUSE_NODE_WAIT_MS 5000

static void cuse_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct cuse_front *f = fuse_req_userdata(req);

	/*
	 * O_EXCL never reaches us (fuse_send_open strips it) and libburn
	 * opens the node several times while scanning: accept every open,
	 * except a writable one while another handle is recording (what
	 * O_EXCL protects on /dev/sr*; libburn and wodim retry EBUSY).
	 * quirk:libburn-reopen, docs/clients/xorriso-libburn.md.
	 */
	if ((fi->flags & O_ACCMODE) != O_RDONLY && f->writer_fh &&
	    vb_drive_recording(f->drive)) {
		log_info("%s: busy: a recording is under way", f->name);
		fuse_reply_err(req, EBUSY);
		return;
	}
	fi->fh = ++f->next_fh;
	f->open_count++;
	vb_drive_note_open(f->drive);
	log_dbg("%s: open flags 0%o, %d open", f->name, fi->flags,
		f->open_count);
	fuse_reply_open(req, fi);
}

static void cuse_release(fuse_req_t req, struct fuse_file_info *fi)
{
	struct cuse_front *f = fuse_req_userdata(req);

	if (fi->fh && fi->fh == f->writer_fh)
		f->writer_fh = 0;
	if (f->open_count > 0)
		f->open_count--;
	fuse_reply_err(req, 0);
}

/*
 * read()/write() always arrive with offset 0 on CUSE, so sector access is
 * impossible; EIO also ends wodim's O_NONBLOCK drain loop at once, and
 * makes libcdio's data-sector reads fail loudly (docs/clients.md 1.8;
 * quirk:wodim-read-drain, quirk:libcdio-data-read, docs/clients/).
 */
static void cuse_read(fuse_req_t req, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	(void)size;
	(void)off;
	(void)fi;
	fuse_reply_err(req, EIO);
}

static void cuse_write(fuse_req_t req, const char *buf, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	(void)buf;
	(void)size;
	(void)off;
	(void)fi;
	fuse_reply_err(req, EIO);
}

static void cuse_init_done(void *userdata)
{
	struct cuse_front *f = userdata;

	atomic_store(&f->init_done, true);
	log_dbg("%s: CUSE_INIT answered", f->name);
}

static const struct cuse_lowlevel_ops cuse_ops = {
	.init_done = cuse_init_done,
	.open = cuse_open,
	.release = cuse_release,
	.read = cuse_read,
	.write = cuse_write,
	.ioctl = cuse_ioctl,
};

/*
 * The session loop: like fuse_session_loop(), but also wakes on the
 * worker's stop_fd
 * so that cuse_front_stop() needs no signals.
 */
static void *cuse_thread(void *arg)
{
	struct cuse_front *f = arg;
	struct fuse_buf fbuf = { .mem = NULL };
	struct pollfd pfd[2] = {
		{ .fd = fuse_session_fd(f->se), .events = POLLIN },
		{ .fd = f->worker.stop_fd, .events = POLLIN },
	};
	int res;

	while (!fuse_session_exited(f->se)) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("%s: poll: %s", f->name, strerror(errno));
			break;
		}
		if (pfd[1].revents)
			break;
		if (!pfd[0].revents)
			continue;
		res = fuse_session_receive_buf(f->se, &fbuf);
		if (res == -EINTR || res == -EAGAIN)
			continue;
		if (res <= 0) {
			if (res < 0)
				log_err("%s: %s", f->name, strerror(-res));
			break;
		}
		fuse_session_process_buf(f->se, &fbuf);
	}
	free(fbuf.mem);
	atomic_store(&f->loop_done, true);
	return NULL;
}

/* The dev_t the kernel gave the device, from /sys/class/cuse/NAME/dev. */
static int sysfs_devt(const char *name, dev_t *devt)
{
	char path[128];
	unsigned int maj, min;
	FILE *fp;
	int n;

	snprintf(path, sizeof(path), "/sys/class/cuse/%s/dev", name);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	n = fscanf(fp, "%u:%u", &maj, &min);
	fclose(fp);
	if (n != 2)
		return -EINVAL;
	*devt = makedev(maj, min);
	return 0;
}

/*
 * Waits for /dev/NAME to be our character device. Returns 0, -ENODEV if
 * the kernel refused the device (the session ended), or -ETIMEDOUT.
 */
static int wait_node(struct cuse_front *f, const char *node)
{
	struct stat st;
	dev_t devt = 0;
	long waited;

	for (waited = 0; waited < CUSE_NODE_WAIT_MS; waited += 10) {
		if (atomic_load(&f->loop_done))
			return -ENODEV;
		if (atomic_load(&f->init_done) && !stat(node, &st) &&
		    S_ISCHR(st.st_mode) &&
		    (sysfs_devt(f->name, &devt) || st.st_rdev == devt))
			return 0;
		vb_sleep_ms(10);
	}
	return -ETIMEDOUT;
}

/*
 * The kernel creates the node root:root 0600 (no devnode callback for the
 * cuse class). Give it to group cdrom, mode 0660, like /dev/sr*.
 */
static void fix_node(const char *node)
{
	struct group grp, *res = NULL;
	char buf[1024];
	gid_t gid = 0;

	if (geteuid()) /* after --user: udev's rule (dist/60-vburn.rules) */
		return;
	if (!getgrnam_r("cdrom", &grp, buf, sizeof(buf), &res) && res)
		gid = res->gr_gid;
	if (res && chown(node, 0, gid))
		log_warn("chown %s: %s", node, strerror(errno));
	if (chmod(node, 0660))
		log_warn("chmod %s: %s", node, strerror(errno));
}

/*
 * A name the kernel would refuse (another CUSE device) or whose node
 * devtmpfs could not create (an existing /dev entry, e.g. a real sr0).
 * Checked first, because such a /dev node would look like ours.
 */
static int name_in_use(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/cuse/%s", name);
	if (!lstat(path, &st))
		return -EBUSY;
	snprintf(path, sizeof(path), "/dev/%s", name);
	if (!lstat(path, &st))
		return -EEXIST;
	return 0;
}

/*
 * /dev/cuse descriptors opened while vburnd was root, for the drives
 * added after it gave root up (--user): opening one creates nothing
 * until the session's CUSE_INIT reply (docs/clients.md 1.1).
 */
static struct {
	pthread_mutex_t lock;
	int fd[VB_CUSE_SPARES];
	unsigned n, kept;
} spares = { .lock = PTHREAD_MUTEX_INITIALIZER };

int cuse_front_reserve(unsigned n)
{
	int ret = 0;

	pthread_mutex_lock(&spares.lock);
	while (spares.n < n && spares.n < VB_CUSE_SPARES) {
		int fd = open("/dev/cuse", O_RDWR | O_CLOEXEC);

		if (fd < 0) {
			ret = -errno;
			break;
		}
		spares.fd[spares.n++] = fd;
	}
	spares.kept = spares.n;
	pthread_mutex_unlock(&spares.lock);
	return ret;
}

void cuse_front_release(void)
{
	pthread_mutex_lock(&spares.lock);
	while (spares.n)
		close(spares.fd[--spares.n]);
	pthread_mutex_unlock(&spares.lock);
}

/* A kept descriptor, or -1 when none is left. */
static int take_spare(unsigned *kept)
{
	int fd = -1;

	pthread_mutex_lock(&spares.lock);
	if (spares.n)
		fd = spares.fd[--spares.n];
	*kept = spares.kept;
	pthread_mutex_unlock(&spares.lock);
	return fd;
}

/* Returns the fd, or -1 with errno set and the reason in err. */
static int open_cuse(char *err, size_t errlen)
{
	unsigned kept;
	int fd = take_spare(&kept);
	int e;

	if (fd >= 0)
		return fd;
	fd = open("/dev/cuse", O_RDWR | O_CLOEXEC);
	e = errno;
	if (fd >= 0)
		return fd;
	if ((e == EACCES || e == EPERM) && kept) {
		snprintf(err, errlen,
			 "cannot open /dev/cuse: %s (vburnd kept %u "
			 "descriptors from before --user for drives added "
			 "later, and all are used; restart it to add more)",
			 strerror(e), kept);
		errno = e;
		return -1;
	}
	/* what to try next (README, Troubleshooting) */
	if (e == ENOENT || e == ENODEV)
		snprintf(err, errlen,
			 "cannot open /dev/cuse: %s (try 'modprobe cuse'; a "
			 "kernel without CUSE: --frontend kmod or tcmu)",
			 strerror(e));
	else if (e == EACCES || e == EPERM)
		snprintf(err, errlen,
			 "cannot open /dev/cuse: %s (CUSE needs root; as a "
			 "member of cdrom: --frontend kmod)",
			 strerror(e));
	else
		snprintf(err, errlen, "cannot open /dev/cuse: %s", strerror(e));
	errno = e;
	return -1;
}

int cuse_front_check(char *err, size_t errlen)
{
	int fd = open_cuse(err, errlen);

	/* Opening alone creates nothing: the device needs CUSE_INIT. */
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Creates the CUSE session on the open /dev/cuse FD, asking for device
 * number MAJOR:MINOR (0:0 lets the kernel pick a dynamic major).
 */
static int start_session(struct cuse_front *f, int fd, unsigned int major,
			 unsigned int minor, char *err, size_t errlen)
{
	char devinfo[80], mnt[32];
	const char *dev_info_argv[] = { devinfo };
	char *argv[] = { (char *)"vburnd", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	struct cuse_info ci;

	snprintf(devinfo, sizeof(devinfo), "DEVNAME=%s", f->name);
	memset(&ci, 0, sizeof(ci));
	ci.dev_info_argc = 1;
	ci.dev_info_argv = dev_info_argv;
	/* Without it SG_IO could never fetch its data (docs/clients.md 1.1). */
	ci.flags = CUSE_UNRESTRICTED_IOCTL;
	ci.dev_major = major;
	ci.dev_minor = minor;

	f->se = cuse_lowlevel_new(&args, &ci, &cuse_ops, f);
	/* The option parser may have copied argv into args. */
	fuse_opt_free_args(&args);
	if (!f->se) {
		snprintf(err, errlen, "cannot create CUSE session for %s",
			 f->name);
		return -ENOMEM;
	}
	/* fuse_session_mount adopts an open /dev/cuse given as /dev/fd/N. */
	snprintf(mnt, sizeof(mnt), "/dev/fd/%d", fd);
	if (fuse_session_mount(f->se, mnt)) {
		snprintf(err, errlen, "cannot attach CUSE session for %s",
			 f->name);
		fuse_session_destroy(f->se);
		f->se = NULL;
		return -EIO;
	}
	return 0;
}

/*
 * What sr_probe()/scsi_scan do on the kernel path before any user sees the
 * device: TEST UNIT READY until the power-on / medium-changed attentions
 * are gone. Otherwise the first client's first command gets 06/28 or
 * 06/29, and cdrdao, for one, then fails its MMC check
 * (quirk:cdrdao-startup-ua, docs/clients/cdrdao.md).
 */
static void probe(struct cuse_front *f)
{
	static const uint8_t tur[6] = { 0x00 };
	struct vb_cmd c;
	int i;

	for (i = 0; i < 4; i++) {
		cuse_run_cdb(f, &c, tur, sizeof(tur), VB_DXFER_NONE, NULL, 0);
		if (c.status == VB_STATUS_GOOD || c.sense_len < 14 ||
		    (c.sense[2] & 0x0f) != 0x6)
			break;
	}
}

/*
 * Brings the device up as MAJOR:MINOR: session, thread, node. Returns 0,
 * -ENODEV if the kernel refused the device (name or number in use), or
 * another negative errno with the reason in err. On failure, detach()
 * undoes what was done.
 */
static int attach(struct cuse_front *f, const char *node, unsigned int major,
		  unsigned int minor, char *err, size_t errlen)
{
	int fd, ret;

	fd = open_cuse(err, errlen);
	if (fd < 0)
		return -errno;
	ret = start_session(f, fd, major, minor, err, errlen);
	if (ret) {
		close(fd);
		return ret;
	}
	if (vb_worker_start(&f->worker, cuse_thread, f, err, errlen))
		return -EAGAIN;

	ret = wait_node(f, node);
	if (ret == -ENODEV) {
		snprintf(err, errlen,
			 "the kernel refused CUSE device %s (name in use?)",
			 f->name);
		return ret;
	}
	if (ret)
		log_warn("%s did not appear; is devtmpfs mounted on /dev?",
			 node);
	else
		fix_node(node);
	return 0;
}

/* Ends the session thread and the session: the kernel removes the node. */
static void detach(struct cuse_front *f)
{
	vb_worker_stop(&f->worker);
	/* Closes /dev/cuse: the kernel removes the device and its node. */
	if (f->se) {
		fuse_session_destroy(f->se);
		f->se = NULL;
	}
	atomic_store(&f->loop_done, false);
	atomic_store(&f->init_done, false);
}

/*
 * Char major 11 first (cuse_devnum.h: cd-paranoia takes no other node,
 * quirk:cd-paranoia-cdrom-major), then, should the kernel refuse that
 * number, a dynamic major, with which everything but cd-paranoia works.
 */
static int attach_any(struct cuse_front *f, const char *node, char *err,
		      size_t errlen)
{
	const int minor = cuse_devnum_pick_minor("/sys");
	int ret;

	if (minor < 0) {
		log_warn("%s: no free minor of char major %u; a dynamic "
			 "major instead (cd-paranoia will refuse the node)",
			 f->name, CUSE_DEVNUM_MAJOR);
		return attach(f, node, 0, 0, err, errlen);
	}
	ret = attach(f, node, CUSE_DEVNUM_MAJOR, (unsigned int)minor, err,
		     errlen);
	if (ret != -ENODEV)
		return ret;
	detach(f);
	log_warn("%s: the kernel refused char %u:%d; a dynamic major "
		 "instead (cd-paranoia will refuse the node)",
		 f->name, CUSE_DEVNUM_MAJOR, minor);
	return attach(f, node, 0, 0, err, errlen);
}

struct cuse_front *cuse_front_start(struct vb_drive *d, const char *devname,
				    char *err, size_t errlen)
{
	struct cuse_front *f;
	const char *direct;
	char node[96];
	struct stat st;
	int ret;

	if (!devname[0] || strlen(devname) >= sizeof(f->name) ||
	    strchr(devname, '/')) {
		snprintf(err, errlen, "invalid device name '%s'", devname);
		return NULL;
	}
	ret = name_in_use(devname);
	if (ret) {
		snprintf(
			err, errlen,
			ret == -EEXIST ?
				"/dev/%s already exists" :
				"CUSE device %s already exists (another vburnd?)",
			devname);
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->drive = d;
	f->port = vb_drive_port_open(d);
	f->worker = (struct vb_worker)VB_WORKER_INIT;
	snprintf(f->name, sizeof(f->name), "%s", devname);
	f->host_no = CUSE_HOST_BASE +
		     atomic_fetch_add(&cuse_next_host, 1) % CUSE_HOST_COUNT;
	f->reserved_size = CUSE_MAX_XFER;
	f->sg_timeout = 6000; /* 60 s in USER_HZ ticks, sr's default */
	/*
	 * SG_IO reads and writes the caller's memory directly when it can
	 * (cuse_sgio.c). VBURN_CUSE_DIRECT=0 keeps every request on the
	 * ioctl retry rounds: the tests run both ways.
	 */
	direct = getenv("VBURN_CUSE_DIRECT");
	f->direct = !direct || strcmp(direct, "0") != 0;
	log_dbg("%s: SG_IO %s", devname,
		f->direct ? "direct (process_vm_readv), retry rounds as "
			    "fallback" :
			    "in ioctl retry rounds only (VBURN_CUSE_DIRECT=0)");
	atomic_init(&f->loop_done, false);
	atomic_init(&f->init_done, false);
	snprintf(node, sizeof(node), "/dev/%s", devname);

	probe(f);
	if (attach_any(f, node, err, errlen)) {
		cuse_front_stop(f);
		return NULL;
	}
	if (!stat(node, &st))
		log_info("serving %s (char %u:%u, SCSI host %d)", node,
			 major(st.st_rdev), minor(st.st_rdev), f->host_no);
	else
		log_info("serving %s (SCSI host %d)", node, f->host_no);
	return f;
}

void cuse_front_stop(struct cuse_front *f)
{
	if (!f)
		return;
	detach(f);
	vb_drive_port_close(f->drive, f->port);
	free(f);
}
