/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The protocol between kmod/vburn_hba.c (a virtual SCSI host) and
 * vburnd's kmod front end, over the misc device /dev/vburn-hba: each open
 * file is one SCSI CD device (peripheral type 05h) on the module's host,
 * added when it is opened and removed when it is closed
 * (docs/kernel-and-libs.md A; issue 12).
 *
 * read():  one command, oldest first: struct vb_hba_req, then for a
 *          data-out command its req.data_len bytes of data. The buffer
 *          must hold both (VB_HBA_REQ_MAX is always enough); a shorter
 *          buffer gets EINVAL and the command stays queued. Blocks until
 *          a command is queued, or EAGAIN with O_NONBLOCK; poll() says
 *          POLLIN when one is.
 * write(): the answer to one command read before, any order: struct
 *          vb_hba_rsp, then for a data-in command up to req.data_len
 *          bytes of data (rsp.data_len of them); rsp.xfer_len says how
 *          many bytes the command moved either way (the initiator's
 *          residual is req.data_len minus it: a data-out command the
 *          drive took whole must say so, or SG_IO callers such as wodim
 *          resend it). A tag the kernel no longer waits for (aborted
 *          after a timeout, or never given) gets ENOENT.
 * ioctl(VB_HBA_IOC_ADDR): the device's SCSI address, to find its
 *          /dev/srN and /dev/sgN in /sys/bus/scsi/devices/H:C:T:L.
 *
 * Closing the file fails every command still queued or unanswered
 * (DID_NO_CONNECT) and removes the device. All fields are native-endian;
 * the layout is the same for 32- and 64-bit callers.
 */
#ifndef VBURN_HBA_H
#define VBURN_HBA_H

#ifdef __KERNEL__
#include <linux/ioctl.h>
#include <linux/types.h>
#else
#include <linux/types.h>
#include <sys/ioctl.h>
#endif

#define VB_HBA_MAGIC 0x76626831u   /* "vbh1": the protocol version */
#define VB_HBA_MAX_XFER (1u << 20) /* bytes one command may move */
#define VB_HBA_SENSE_MAX 96	   /* SCSI_SENSE_BUFFERSIZE */

enum vb_hba_dir {
	VB_HBA_DIR_NONE = 0,
	VB_HBA_DIR_TO_DEV = 1,	 /* data-out: data follows the request */
	VB_HBA_DIR_FROM_DEV = 2, /* data-in: data follows the answer */
};

struct vb_hba_req {
	__u32 magic; /* VB_HBA_MAGIC */
	__u32 tag;   /* names the command in its answer */
	__u8 cdb[16];
	__u8 cdb_len;
	__u8 dir; /* enum vb_hba_dir */
	__u8 pad[2];
	__u32 data_len; /* the initiator's transfer length */
};

struct vb_hba_rsp {
	__u32 magic; /* VB_HBA_MAGIC */
	__u32 tag;
	__u8 status;	/* SAM status: 0 GOOD, 2 CHECK CONDITION */
	__u8 sense_len; /* <= VB_HBA_SENSE_MAX, with CHECK CONDITION */
	__u8 pad[2];
	__u32 data_len; /* data-in bytes that follow */
	__u32 xfer_len; /* bytes moved either way: sets the residual */
	__u8 sense[VB_HBA_SENSE_MAX];
};

/* the same layout for the module and the daemon, 32- and 64-bit alike */
_Static_assert(sizeof(struct vb_hba_req) == 32, "struct vb_hba_req layout");
_Static_assert(sizeof(struct vb_hba_rsp) == 116, "struct vb_hba_rsp layout");

#define VB_HBA_REQ_MAX (sizeof(struct vb_hba_req) + VB_HBA_MAX_XFER)
#define VB_HBA_RSP_MAX (sizeof(struct vb_hba_rsp) + VB_HBA_MAX_XFER)

struct vb_hba_addr {
	__u32 host, channel, id, lun;
};

#define VB_HBA_IOC_ADDR _IOR('v', 0x01, struct vb_hba_addr)

#endif
