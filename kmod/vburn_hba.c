// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vburn_hba: a virtual SCSI host whose CD devices are served by vburnd
 * (issue 12). Each open of the misc device /dev/vburn-hba adds one SCSI
 * device of peripheral type 05h; the kernel's sr and sg bind to it as to
 * any drive. Its commands are read from that file and answered on it
 * (protocol: include/vburn/hba.h); closing the file fails what is still
 * pending and removes the device.
 *
 * Built to last across kernels (docs/kernel-and-libs.md A.6): no
 * slave_/sdev_ hooks, tag policies, timers, platform driver or kmap
 * calls of our own; per-command state lives in the command's private
 * area (cmd_size); data moves straight between the command's scatterlist
 * and the daemon's buffer (sg_miter + copy_to/from_iter: one copy each
 * way). The #ifs are the few the kernel's API changes force: scsi_done()
 * (5.16), DRIVER_SENSE (gone in 5.14) and queuecommand's return type
 * (7.0).
 *
 * checkpatch.pl --strict (make kmod-check) is clean but for three kinds
 * of warning, each on purpose: LINUX_VERSION_CODE (an out-of-tree module
 * follows the kernel's API changes no other way), CONSTANT_COMPARISON (it
 * reads LINUX_VERSION_CODE >= KERNEL_VERSION() as a variable on the
 * right) and CAMELCASE (struct Scsi_Host is the kernel's own name).
 *
 * Locking: one spinlock (vbh_lock) guards the device table and every
 * command list; queuecommand runs in atomic context. A command being
 * copied to or from the daemon is marked busy, and the error handlers
 * wait for that copy before taking it back, so a command the kernel has
 * reclaimed is never touched again.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/version.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "vburn/hba.h"

#define VBH_MAX_DEVS 64 /* target ids 0..63, one device each */
#define VBH_CAN_QUEUE 32

#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define VBH_QC_RET enum scsi_qc_status
#else
#define VBH_QC_RET int
#endif

/* One device: one open file of /dev/vburn-hba. */
struct vbh_dev {
	unsigned int id;	   /* SCSI target id on our host */
	struct list_head queued;   /* not yet read by the daemon */
	struct list_head inflight; /* read, not yet answered */
	wait_queue_head_t wq;	   /* readers; error handlers */
	u32 next_tag;
	bool dead; /* its file is closed: every command fails */
	struct scsi_device *sdev; /* what the add work made (a ref) */
	struct work_struct add_work, remove_work;
};

/* Per command, in its private area (scsi_host_template.cmd_size). */
struct vbh_cmd {
	struct list_head list; /* on queued or inflight, else empty */
	struct scsi_cmnd *sc;  /* the command this is the private area of */
	u32 tag;
	bool busy; /* its data is being copied: not to be reclaimed */
};

static DEFINE_SPINLOCK(vbh_lock);
static struct vbh_dev *vbh_devs[VBH_MAX_DEVS];
static struct Scsi_Host *vbh_host;
static struct workqueue_struct *vbh_wq; /* ordered: add before remove */

static void vbh_done(struct scsi_cmnd *sc)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	scsi_done(sc);
#else
	sc->scsi_done(sc);
#endif
}

/* The device sdev is, or NULL. Under vbh_lock. */
static struct vbh_dev *vbh_lookup(struct scsi_device *sdev)
{
	if (sdev->channel || sdev->lun || sdev->id >= VBH_MAX_DEVS)
		return NULL;
	return vbh_devs[sdev->id];
}

/*
 * Whether the midlayer has taken sc back (it timed out: the error handler
 * owns it), so that it must not be completed by us. Under vbh_lock.
 */
static bool vbh_reclaimed(struct scsi_cmnd *sc)
{
	return test_bit(SCMD_STATE_COMPLETE, &sc->state);
}

/* Completes sc with a host byte (DID_*). Under vbh_lock. */
static void vbh_fail(struct scsi_cmnd *sc, int host_byte)
{
	struct vbh_cmd *c = scsi_cmd_priv(sc);

	list_del_init(&c->list);
	if (vbh_reclaimed(sc))
		return;
	sc->result = host_byte << 16;
	vbh_done(sc);
}

static VBH_QC_RET vbh_queuecommand(struct Scsi_Host *shost,
				   struct scsi_cmnd *sc)
{
	struct vbh_cmd *c = scsi_cmd_priv(sc);
	struct vbh_dev *dev;
	unsigned long flags;

	spin_lock_irqsave(&vbh_lock, flags);
	dev = vbh_lookup(sc->device);
	if (!dev || dev->dead || sc->cmd_len > 16 ||
	    scsi_bufflen(sc) > VB_HBA_MAX_XFER) {
		/* a rescan's probe of an id nobody opened, or a daemon gone */
		sc->result = DID_NO_CONNECT << 16;
		vbh_done(sc);
		spin_unlock_irqrestore(&vbh_lock, flags);
		return (VBH_QC_RET)0;
	}
	c->sc = sc;
	c->tag = dev->next_tag++;
	c->busy = false;
	list_add_tail(&c->list, &dev->queued);
	spin_unlock_irqrestore(&vbh_lock, flags);
	wake_up(&dev->wq);
	return (VBH_QC_RET)0;
}

/* Waits until no command of dev is being copied. Takes and drops vbh_lock. */
static bool vbh_none_busy(struct vbh_dev *dev)
{
	struct vbh_cmd *c;
	bool busy = false;

	spin_lock_irq(&vbh_lock);
	list_for_each_entry(c, &dev->inflight, list)
		busy |= c->busy;
	spin_unlock_irq(&vbh_lock);
	return !busy;
}

/*
 * Abort: the command is taken off our lists, so the daemon's late answer
 * finds no such tag; a command being copied is waited for first. Never
 * FAILED: nothing of ours can keep a command hanging.
 */
static int vbh_abort(struct scsi_cmnd *sc)
{
	struct vbh_cmd *c = scsi_cmd_priv(sc);
	struct vbh_dev *dev;

	for (;;) {
		spin_lock_irq(&vbh_lock);
		dev = vbh_lookup(sc->device);
		if (!c->busy || !dev) {
			list_del_init(&c->list);
			spin_unlock_irq(&vbh_lock);
			return SUCCESS;
		}
		spin_unlock_irq(&vbh_lock);
		wait_event(dev->wq, !READ_ONCE(c->busy));
	}
}

/*
 * Reset of a device (or, dev NULL, of all): every command it has is
 * dropped; those the error handler does not own complete with DID_RESET.
 */
static void vbh_reset(struct vbh_dev *only)
{
	struct vbh_cmd *c, *n;
	unsigned int id; /* kernels before 5.18 build as gnu89 */

	for (id = 0; id < VBH_MAX_DEVS; id++) {
		struct vbh_dev *dev;

		spin_lock_irq(&vbh_lock);
		dev = vbh_devs[id];
		spin_unlock_irq(&vbh_lock);
		if (!dev || (only && dev != only))
			continue;
		wait_event(dev->wq, vbh_none_busy(dev));
		spin_lock_irq(&vbh_lock);
		list_for_each_entry_safe(c, n, &dev->queued, list)
			vbh_fail(c->sc, DID_RESET);
		list_for_each_entry_safe(c, n, &dev->inflight, list)
			vbh_fail(c->sc, DID_RESET);
		spin_unlock_irq(&vbh_lock);
	}
}

static int vbh_device_reset(struct scsi_cmnd *sc)
{
	struct vbh_dev *dev;

	spin_lock_irq(&vbh_lock);
	dev = vbh_lookup(sc->device);
	spin_unlock_irq(&vbh_lock);
	if (dev)
		vbh_reset(dev);
	return SUCCESS;
}

static int vbh_host_reset(struct scsi_cmnd *sc)
{
	vbh_reset(NULL);
	return SUCCESS;
}

static struct scsi_host_template vbh_template = {
	.module = THIS_MODULE,
	.name = "vburn_hba",
	.proc_name = "vburn_hba",
	.queuecommand = vbh_queuecommand,
	.eh_abort_handler = vbh_abort,
	.eh_device_reset_handler = vbh_device_reset,
	.eh_host_reset_handler = vbh_host_reset,
	.can_queue = VBH_CAN_QUEUE,
	.cmd_per_lun = VBH_CAN_QUEUE,
	.this_id = -1,
	.sg_tablesize = 256,
	.max_sectors = VB_HBA_MAX_XFER / 512,
	.cmd_size = sizeof(struct vbh_cmd),
};

/*
 * Copies len bytes between sc's scatterlist and it: into the data for
 * data-in (to_sg), out of it for data-out. Not atomic: the user copy may
 * fault. Returns the bytes copied.
 */
static size_t vbh_copy(struct scsi_cmnd *sc, struct iov_iter *it, size_t len,
		       bool to_sg)
{
	struct sg_mapping_iter m;
	size_t done = 0;

	sg_miter_start(&m, scsi_sglist(sc), scsi_sg_count(sc),
		       to_sg ? SG_MITER_TO_SG : SG_MITER_FROM_SG);
	while (done < len && sg_miter_next(&m)) {
		size_t n = min_t(size_t, m.length, len - done), got;

		got = to_sg ? copy_from_iter(m.addr, n, it) :
			      copy_to_iter(m.addr, n, it);
		done += got;
		if (got < n)
			break;
	}
	sg_miter_stop(&m);
	return done;
}

static bool vbh_has_queued(struct vbh_dev *dev)
{
	bool r;

	spin_lock_irq(&vbh_lock);
	r = !list_empty(&dev->queued);
	spin_unlock_irq(&vbh_lock);
	return r;
}

static ssize_t vbh_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct vbh_dev *dev = iocb->ki_filp->private_data;
	struct vb_hba_req req = { .magic = VB_HBA_MAGIC };
	struct scsi_cmnd *sc;
	struct vbh_cmd *c;
	size_t need, data;

	spin_lock_irq(&vbh_lock);
	while (list_empty(&dev->queued)) {
		spin_unlock_irq(&vbh_lock);
		if ((iocb->ki_filp->f_flags & O_NONBLOCK) ||
		    (iocb->ki_flags & IOCB_NOWAIT))
			return -EAGAIN;
		if (wait_event_interruptible(dev->wq, vbh_has_queued(dev)))
			return -ERESTARTSYS;
		spin_lock_irq(&vbh_lock);
	}
	c = list_first_entry(&dev->queued, struct vbh_cmd, list);
	sc = c->sc;
	data = sc->sc_data_direction == DMA_TO_DEVICE ? scsi_bufflen(sc) : 0;
	need = sizeof(req) + data;
	if (iov_iter_count(to) < need) {
		spin_unlock_irq(&vbh_lock);
		return -EINVAL;
	}
	list_move_tail(&c->list, &dev->inflight);
	c->busy = true;
	req.tag = c->tag;
	memcpy(req.cdb, sc->cmnd, sc->cmd_len);
	req.cdb_len = sc->cmd_len;
	req.dir = sc->sc_data_direction == DMA_TO_DEVICE   ? VB_HBA_DIR_TO_DEV :
		  sc->sc_data_direction == DMA_FROM_DEVICE ? VB_HBA_DIR_FROM_DEV :
							     VB_HBA_DIR_NONE;
	req.data_len = req.dir == VB_HBA_DIR_NONE ? 0 : scsi_bufflen(sc);
	spin_unlock_irq(&vbh_lock);

	if (copy_to_iter(&req, sizeof(req), to) != sizeof(req) ||
	    vbh_copy(sc, to, data, false) != data) {
		/* back to the head of the queue for the next read */
		spin_lock_irq(&vbh_lock);
		c->busy = false;
		if (!list_empty(&c->list))
			list_move(&c->list, &dev->queued);
		spin_unlock_irq(&vbh_lock);
		wake_up(&dev->wq);
		return -EFAULT;
	}
	spin_lock_irq(&vbh_lock);
	c->busy = false;
	spin_unlock_irq(&vbh_lock);
	wake_up(&dev->wq);
	return need;
}

/* The inflight command with tag, marked busy; NULL if none. Under vbh_lock. */
static struct vbh_cmd *vbh_claim(struct vbh_dev *dev, u32 tag)
{
	struct vbh_cmd *c;

	list_for_each_entry(c, &dev->inflight, list) {
		if (c->tag == tag && !c->busy) {
			c->busy = true;
			return c;
		}
	}
	return NULL;
}

static ssize_t vbh_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct vbh_dev *dev = iocb->ki_filp->private_data;
	size_t total = iov_iter_count(from), n = 0;
	struct vb_hba_rsp rsp;
	struct scsi_cmnd *sc;
	struct vbh_cmd *c;

	if (total < sizeof(rsp))
		return -EINVAL;
	if (copy_from_iter(&rsp, sizeof(rsp), from) != sizeof(rsp))
		return -EFAULT;
	if (rsp.magic != VB_HBA_MAGIC || rsp.sense_len > VB_HBA_SENSE_MAX ||
	    rsp.data_len != total - sizeof(rsp))
		return -EINVAL;
	spin_lock_irq(&vbh_lock);
	c = vbh_claim(dev, rsp.tag);
	spin_unlock_irq(&vbh_lock);
	if (!c)
		return -ENOENT; /* aborted meanwhile, or never ours */
	sc = c->sc;
	if (rsp.data_len && sc->sc_data_direction != DMA_FROM_DEVICE) {
		spin_lock_irq(&vbh_lock);
		c->busy = false;
		spin_unlock_irq(&vbh_lock);
		wake_up(&dev->wq);
		return -EINVAL;
	}
	if (rsp.data_len) {
		n = vbh_copy(sc, from,
			     min_t(size_t, rsp.data_len, scsi_bufflen(sc)),
			     true);
	} else {
		/* data-out (or none): what the daemon says it took */
		n = min_t(size_t, rsp.xfer_len, scsi_bufflen(sc));
	}
	scsi_set_resid(sc, scsi_bufflen(sc) - n);
	sc->result = (DID_OK << 16) | rsp.status;
	if (rsp.status == SAM_STAT_CHECK_CONDITION && rsp.sense_len) {
		memset(sc->sense_buffer, 0, SCSI_SENSE_BUFFERSIZE);
		memcpy(sc->sense_buffer, rsp.sense,
		       min_t(size_t, rsp.sense_len, SCSI_SENSE_BUFFERSIZE));
#ifdef DRIVER_SENSE
		sc->result |= DRIVER_SENSE << 24;
#endif
	}
	/* completed under the lock, so no error handler reclaims it between */
	spin_lock_irq(&vbh_lock);
	c->busy = false;
	list_del_init(&c->list);
	if (!vbh_reclaimed(sc))
		vbh_done(sc);
	spin_unlock_irq(&vbh_lock);
	wake_up(&dev->wq);
	return total;
}

static __poll_t vbh_poll(struct file *file, poll_table *pt)
{
	struct vbh_dev *dev = file->private_data;

	poll_wait(file, &dev->wq, pt);
	return EPOLLOUT | EPOLLWRNORM |
	       (vbh_has_queued(dev) ? EPOLLIN | EPOLLRDNORM : 0);
}

static long vbh_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vbh_dev *dev = file->private_data;
	struct vb_hba_addr a = { vbh_host->host_no, 0, dev->id, 0 };

	if (cmd != VB_HBA_IOC_ADDR)
		return -ENOTTY;
	return copy_to_user((void __user *)arg, &a, sizeof(a)) ? -EFAULT : 0;
}

/*
 * Adding the device sends INQUIRY and more, which only the daemon answers
 * once open() has returned: so it is done from a work item (as vhba does).
 */
static void vbh_add_work(struct work_struct *w)
{
	struct vbh_dev *dev = container_of(w, struct vbh_dev, add_work);
	struct scsi_device *sdev;

	sdev = __scsi_add_device(vbh_host, 0, dev->id, 0, NULL);
	if (IS_ERR(sdev)) {
		pr_warn("vburn_hba: device %u: not added (%ld)\n", dev->id,
			PTR_ERR(sdev));
		return;
	}
	dev->sdev = sdev;
}

static void vbh_remove_work(struct work_struct *w)
{
	struct vbh_dev *dev = container_of(w, struct vbh_dev, remove_work);

	if (dev->sdev) {
		scsi_remove_device(dev->sdev);
		scsi_device_put(dev->sdev);
	}
	spin_lock_irq(&vbh_lock);
	vbh_devs[dev->id] = NULL;
	spin_unlock_irq(&vbh_lock);
	kfree(dev);
}

static int vbh_open(struct inode *inode, struct file *file)
{
	struct vbh_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	unsigned int id;

	if (!dev)
		return -ENOMEM;
	INIT_LIST_HEAD(&dev->queued);
	INIT_LIST_HEAD(&dev->inflight);
	init_waitqueue_head(&dev->wq);
	INIT_WORK(&dev->add_work, vbh_add_work);
	INIT_WORK(&dev->remove_work, vbh_remove_work);
	spin_lock_irq(&vbh_lock);
	for (id = 0; id < VBH_MAX_DEVS && vbh_devs[id]; id++)
		;
	if (id < VBH_MAX_DEVS) {
		dev->id = id;
		vbh_devs[id] = dev;
	}
	spin_unlock_irq(&vbh_lock);
	if (id == VBH_MAX_DEVS) {
		kfree(dev);
		return -EBUSY;
	}
	file->private_data = dev;
	queue_work(vbh_wq, &dev->add_work);
	return nonseekable_open(inode, file);
}

/*
 * The daemon closed the file (or died): every command still queued or
 * unanswered fails with DID_NO_CONNECT, later ones too, and the device is
 * removed. No read or write of this file can run any more.
 */
static int vbh_release(struct inode *inode, struct file *file)
{
	struct vbh_dev *dev = file->private_data;
	struct vbh_cmd *c, *n;

	spin_lock_irq(&vbh_lock);
	dev->dead = true;
	list_for_each_entry_safe(c, n, &dev->queued, list)
		vbh_fail(c->sc, DID_NO_CONNECT);
	list_for_each_entry_safe(c, n, &dev->inflight, list)
		vbh_fail(c->sc, DID_NO_CONNECT);
	spin_unlock_irq(&vbh_lock);
	wake_up(&dev->wq);
	queue_work(vbh_wq, &dev->remove_work);
	return 0;
}

static const struct file_operations vbh_fops = {
	.owner = THIS_MODULE,
	.open = vbh_open,
	.release = vbh_release,
	.read_iter = vbh_read_iter,
	.write_iter = vbh_write_iter,
	.poll = vbh_poll,
	.unlocked_ioctl = vbh_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/* udev gives the node to group cdrom, mode 0660 (dist/60-vburn.rules). */
static struct miscdevice vbh_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vburn-hba",
	.fops = &vbh_fops,
	.mode = 0600,
};

static int __init vbh_init(void)
{
	int r;

	vbh_wq = alloc_ordered_workqueue("vburn_hba", 0);
	if (!vbh_wq)
		return -ENOMEM;
	vbh_host = scsi_host_alloc(&vbh_template, 0);
	if (!vbh_host) {
		r = -ENOMEM;
		goto err_wq;
	}
	vbh_host->max_id = VBH_MAX_DEVS;
	vbh_host->max_lun = 1;
	vbh_host->max_channel = 0;
	vbh_host->max_cmd_len = 16;
	r = scsi_add_host(vbh_host, NULL);
	if (r)
		goto err_put;
	r = misc_register(&vbh_misc);
	if (r)
		goto err_remove;
	return 0;
err_remove:
	scsi_remove_host(vbh_host);
err_put:
	scsi_host_put(vbh_host);
err_wq:
	destroy_workqueue(vbh_wq);
	return r;
}

static void __exit vbh_exit(void)
{
	/* no file is open: each holds a module reference (fops.owner) */
	misc_deregister(&vbh_misc);
	flush_workqueue(vbh_wq);
	scsi_remove_host(vbh_host);
	scsi_host_put(vbh_host);
	destroy_workqueue(vbh_wq);
}

module_init(vbh_init);
module_exit(vbh_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vburn: a virtual SCSI host for vburnd's CD/DVD/BD drives");
MODULE_AUTHOR("the vburn authors");
