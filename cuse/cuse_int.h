/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to cuse/: the per-device state shared by the session code
 * (cuse_main.c), the SG_IO/CDROM_SEND_PACKET rounds (cuse_sgio.c) and the
 * other ioctls (cuse_ioctl.c). Every request is served on the one session
 * thread of its device, so this state needs no lock; the drive has its own.
 */
#ifndef VBURN_CUSE_INT_H
#define VBURN_CUSE_INT_H

#define FUSE_USE_VERSION 31 /* docs/style.md R19: 3.14 defaults to 29 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cuse_lowlevel.h>
#include <fuse_lowlevel.h>

#include "vburn/cmd.h"
#include "vburn/worker.h"

#include "cuse_sg.h"

struct vb_drive;

struct cuse_front {
	struct vb_drive *drive; /* borrowed */
	unsigned port;		/* the drive's port for this node */
	char name[64];		/* DEVNAME, e.g. "sr31" */
	int host_no;		/* SCSI host number we claim (>= 200) */
	int reserved_size;	/* SG_SET_RESERVED_SIZE value, clamped */
	int sg_timeout;		/* SG_SET_TIMEOUT value, clock ticks */
	bool media_changed;	/* sticky CDROM_MEDIA_CHANGED flag */
	int open_count;		/* open file handles, for CDROMEJECT */
	uint64_t next_fh;	/* file handle numbers we hand out */
	uint64_t cur_fh;	/* handle of the request being served */
	uint64_t writer_fh;	/* handle that started a recording, or 0 */
	bool direct;		/* SG_IO by process_vm_readv (cuse_sgio.c) */
	bool direct_failed;	/* a direct read failed once (logged) */
	/*
	 * SG_IO buffers (cuse_sgio.c), kept rather than allocated per
	 * command: glibc gives a freed 64 KiB block back to the kernel, and
	 * every 64 KiB WRITE or READ would fault fresh zeroed pages in.
	 * cuse_sghdr_check bounds the CDB and the data to fit.
	 */
	uint8_t sg_in[CUSE_SGHDR_SIZE + sizeof(((struct vb_cmd *)0)->cdb) +
		      CUSE_MAX_XFER];
	uint8_t sg_data[CUSE_MAX_XFER];

	struct fuse_session *se;
	struct vb_worker worker; /* the session thread */
	atomic_bool loop_done;	 /* the session thread has ended */
	atomic_bool init_done;	 /* CUSE_INIT has been answered */
};

/* cuse_sgio.c: SG_IO and CDROM_SEND_PACKET, direct or in retry rounds. */
void cuse_sgio(fuse_req_t req, struct cuse_front *f, void *arg,
	       unsigned int flags, const void *in_buf, size_t in_bufsz,
	       size_t out_bufsz);
void cuse_send_packet(fuse_req_t req, struct cuse_front *f, void *arg,
		      unsigned int flags, const void *in_buf, size_t in_bufsz,
		      size_t out_bufsz);

/* cuse_ioctl.c: dispatch of every ioctl. */
void cuse_ioctl(fuse_req_t req, int cmd, void *arg, struct fuse_file_info *fi,
		unsigned int flags, const void *in_buf, size_t in_bufsz,
		size_t out_bufsz);

/*
 * Runs one CDB through the drive for an ioctl the daemon translates
 * itself (CDROMEJECT, CDROM_DRIVE_STATUS, ...). buf/len as in vb_cmd.
 */
void cuse_run_cdb(struct cuse_front *f, struct vb_cmd *c, const uint8_t *cdb,
		  uint8_t cdb_len, enum vb_dxfer dir, uint8_t *buf,
		  uint32_t len);

#endif
