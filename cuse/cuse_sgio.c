/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SG_IO and CDROM_SEND_PACKET over CUSE, two ways.
 *
 * The retry rounds (docs/clients.md 1.2-1.3, modelled on libfuse example/cuse.c
 * fioc_do_rw): round 1 fetches the caller's struct; round 2 validates it
 * and asks for the CDB and data-out and names the reply areas; round 3
 * runs the command and answers. Each round is a new request, so every
 * round rebuilds its view from arg and in_buf and keeps no state.
 *
 * The direct path does the same in round 1 alone: it reads the caller's
 * struct, CDB and data-out with process_vm_readv() and writes the reply
 * areas with process_vm_writev(), in the address space of the thread
 * that made the ioctl (the request's pid, which FUSE gives as that
 * thread's id). That is one FUSE round trip instead of three and one copy
 * of the data fewer, which is most of the cost of a WRITE under a VM.
 * It needs the right to ptrace the caller (a root daemon has it); when a
 * read fails for any reason the request falls back to the retry rounds,
 * so the kernel still decides EFAULT and the like. The areas and their
 * order are the plan's either way (cuse_sg.c), so both paths answer alike.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#define LOG_TAG "cuse"
#include "vburn/bytes.h"
#include "vburn/drive.h"
#include "vburn/log.h"

#include "cuse_int.h"
#include "cuse_sg.h"

enum sg_kind { KIND_SGIO, KIND_CGC };

static uint32_t elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (int64_t)(t1.tv_sec - t0->tv_sec) * 1000 +
	     (t1.tv_nsec - t0->tv_nsec) / 1000000;
	return ms < 0 ? 0 : (uint32_t)ms;
}

void cuse_run_cdb(struct cuse_front *f, struct vb_cmd *c, const uint8_t *cdb,
		  uint8_t cdb_len, enum vb_dxfer dir, uint8_t *buf,
		  uint32_t len)
{
	bool rec;

	memset(c, 0, sizeof(*c));
	memcpy(c->cdb, cdb, VB_MIN(cdb_len, sizeof(c->cdb)));
	c->cdb_len = VB_MIN(cdb_len, sizeof(c->cdb));
	c->dir = len ? dir : VB_DXFER_NONE;
	c->buf = len ? buf : NULL;
	c->buf_len = len;
	c->port = (uint8_t)f->port;
	rec = f->writer_fh == 0 && vb_drive_recording(f->drive);
	vb_drive_exec(f->drive, c);
	/* The handle whose command started a recording owns it until it
	 * closes (see cuse_open). */
	if (!f->writer_fh && !rec && vb_drive_recording(f->drive))
		f->writer_fh = f->cur_fh;
	if (c->xfer_len > c->buf_len)
		c->xfer_len = c->buf_len;
	if (c->sense_len > sizeof(c->sense))
		c->sense_len = sizeof(c->sense);
	/* The drive logs every command; add which node saw a failure. */
	if (c->status != VB_STATUS_GOOD)
		log_dbg("%s: cdb %02x len %u -> status %02x sense "
			"%02x/%02x/%02x",
			f->name, cdb[0], len, c->status,
			c->sense_len > 2 ? c->sense[2] & 0x0f : 0,
			c->sense_len > 12 ? c->sense[12] : 0,
			c->sense_len > 13 ? c->sense[13] : 0);
}

static int to_fuse_iov(const struct cuse_iov *v, unsigned int n,
		       struct iovec *out)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		out[i].iov_base = (void *)(uintptr_t)v[i].base;
		out[i].iov_len = v[i].len;
	}
	return (int)n;
}

/* Parses the caller's struct (whichever kind) from the start of in_buf. */
static int parse_kind(enum sg_kind kind, const void *in_buf, size_t in_bufsz,
		      bool compat, uint64_t arg, struct cuse_sghdr *h)
{
	if (kind == KIND_SGIO)
		return cuse_sghdr_parse(in_buf, in_bufsz, compat, h);
	return cuse_cgc_parse(in_buf, in_bufsz, compat, arg, h);
}

/*
 * Sends the final reply. The areas in iov are a prefix of the plan's out
 * list, in its order; on the direct path (pid set) they are written into
 * the caller first and the reply carries only the result.
 */
static void deliver(fuse_req_t req, pid_t pid, const struct cuse_plan *p,
		    int result, const struct iovec *iov, int n)
{
	struct iovec remote[3];
	ssize_t want = 0;
	int i;

	if (!pid) {
		fuse_reply_ioctl_iov(req, result, iov, n);
		return;
	}
	for (i = 0; i < n; i++) {
		remote[i].iov_base = (void *)(uintptr_t)p->out[i].base;
		remote[i].iov_len = p->out[i].len;
		want += (ssize_t)iov[i].iov_len;
	}
	/* As sg: the command ran, but the answer could not be copied out. */
	if (process_vm_writev(pid, iov, (unsigned long)n, remote,
			      (unsigned long)n, 0) != want) {
		fuse_reply_err(req, EFAULT);
		return;
	}
	fuse_reply_ioctl(req, result, NULL, 0);
}

/*
 * The last round: everything the plan asked for is in in (laid out as
 * the plan's in list). Runs the command and sends the one final reply.
 */
static void finish(fuse_req_t req, pid_t pid, struct cuse_front *f,
		   enum sg_kind kind, const struct cuse_sghdr *h,
		   const struct cuse_plan *p, const uint8_t *in)
{
	struct iovec iov[3];
	struct timespec t0;
	struct vb_cmd c;
	uint8_t sense[256];
	uint8_t hdr[CUSE_SGHDR_SIZE];
	uint8_t *data = NULL;
	int n = 0, result = 0;

	/* cuse_sghdr_check keeps both within the buffers; stay safe. */
	if (p->hdr_size > sizeof(hdr) || p->data_len > sizeof(f->sg_data)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	memcpy(hdr, in, p->hdr_size);
	if (p->dir == VB_DXFER_FROM_DEV) {
		/* Full declared length goes back: zeros, or the caller's. */
		data = f->sg_data;
		if (p->copy_in)
			memcpy(data, in + p->data_off, p->data_len);
		else
			memset(data, 0, p->data_len);
	} else if (p->dir == VB_DXFER_TO_DEV) {
		/* The drive only reads data-out; in_buf is ours to lend. */
		data = (uint8_t *)in + p->data_off;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	cuse_run_cdb(f, &c, in + p->cdb_off, h->cmd_len, p->dir, data,
		     p->data_len);

	if (p->dir == VB_DXFER_FROM_DEV) {
		/*
		 * Past the bytes produced the caller gets back what it put
		 * there (TO_FROM_DEV, as sg copies the whole buffer) or zeros:
		 * the drive may have cleared its whole buffer
		 * (quirk:cdparanoia-to-from-dev).
		 */
		if (p->copy_in)
			memcpy(data + c.xfer_len, in + p->data_off + c.xfer_len,
			       p->data_len - c.xfer_len);
		else
			memset(data + c.xfer_len, 0, p->data_len - c.xfer_len);
	}
	if (kind == KIND_SGIO) {
		cuse_sghdr_complete(hdr, h->compat, &c, h->mx_sb_len,
				    elapsed_ms(&t0));
	} else if (c.status == VB_STATUS_GOOD) {
		cuse_cgc_complete(hdr, h->compat, &c);
	} else {
		/* scsi_cdrom_send_packet: -EIO, cgc left as it was; that
		 * is how libcdio sees a failure (quirk:libcdio-send-packet,
		 * docs/clients/rippers.md). */
		result = -EIO;
	}

	/* Order as the plan's out list: struct, data-in, sense. */
	iov[n].iov_base = hdr;
	iov[n++].iov_len = p->hdr_size;
	if (p->copy_out) {
		iov[n].iov_base = data;
		iov[n++].iov_len = p->data_len;
	}
	if (p->sense_len && c.status != VB_STATUS_GOOD) {
		/* Zero padded to the full declared length (docs/testing.md). */
		memset(sense, 0, sizeof(sense));
		memcpy(sense, c.sense, VB_MIN(c.sense_len, p->sense_len));
		iov[n].iov_base = sense;
		iov[n++].iov_len = p->sense_len;
	}
	deliver(req, pid, p, result, iov, n);
}

/*
 * Parses and checks the caller's struct at the start of buf and plans the
 * transfer. A struct sg_io() would refuse gets its error as the reply,
 * and false.
 */
static bool accept(fuse_req_t req, struct cuse_front *f, enum sg_kind kind,
		   const void *buf, size_t len, bool compat, uint64_t uarg,
		   size_t hdr_size, struct cuse_sghdr *h, struct cuse_plan *p)
{
	int ret;

	ret = parse_kind(kind, buf, len, compat, uarg, h);
	if (!ret)
		ret = cuse_sghdr_check(h);
	if (ret) {
		log_dbg("%s: %s refused: %d", f->name,
			kind == KIND_SGIO ? "SG_IO" : "CDROM_SEND_PACKET", ret);
		fuse_reply_err(req, -ret);
		return false;
	}
	cuse_sghdr_plan(h, uarg, hdr_size, p);
	return true;
}

/* Reads the caller's areas v[0..n) into buf, exactly size bytes. */
static bool vm_read(pid_t pid, const struct cuse_iov *v, unsigned int n,
		    uint8_t *buf, size_t size)
{
	struct iovec local = { buf, size }, remote[3];

	if (!size)
		return true;
	to_fuse_iov(v, n, remote);
	return process_vm_readv(pid, &local, 1, remote, n, 0) == (ssize_t)size;
}

/*
 * The direct path (see the top of the file), tried in round 1. Returns
 * false, having replied nothing, when the caller's memory cannot be read:
 * the retry rounds then take over.
 */
static bool direct(fuse_req_t req, struct cuse_front *f, enum sg_kind kind,
		   bool compat, uint64_t uarg, size_t hdr_size)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	const pid_t pid = ctx ? ctx->pid : 0;
	const struct cuse_iov whole = { uarg, hdr_size };
	uint8_t hdr[CUSE_SGHDR_SIZE];
	struct cuse_sghdr h;
	struct cuse_plan p;
	uint8_t *in;

	_Static_assert(CUSE_SGHDR_SIZE >= CUSE_SGHDR_SIZE_COMPAT &&
			       CUSE_SGHDR_SIZE >= CUSE_CGC_SIZE &&
			       CUSE_SGHDR_SIZE >= CUSE_CGC_SIZE_COMPAT,
		       "hdr holds every struct kind");
	if (pid <= 0 || !vm_read(pid, &whole, 1, hdr, hdr_size)) {
		if (!f->direct_failed)
			log_dbg("%s: process_vm_readv of pid %d: %s; using "
				"the ioctl retry rounds",
				f->name, (int)pid, strerror(errno));
		f->direct_failed = true;
		return false;
	}
	if (!accept(req, f, kind, hdr, hdr_size, compat, uarg, hdr_size, &h,
		    &p))
		return true;

	/* The struct as parsed heads the in buffer; the rest is read. */
	if (p.in_size > sizeof(f->sg_in))
		return false;
	in = f->sg_in;
	memcpy(in, hdr, hdr_size);
	if (!vm_read(pid, p.in + 1, p.n_in - 1, in + hdr_size,
		     p.in_size - hdr_size))
		return false;
	finish(req, pid, f, kind, &h, &p, in);
	return true;
}

static void sg_rounds(fuse_req_t req, struct cuse_front *f, enum sg_kind kind,
		      void *arg, unsigned int flags, const void *in_buf,
		      size_t in_bufsz, size_t out_bufsz)
{
	const bool compat = flags & FUSE_IOCTL_COMPAT;
	const uint64_t uarg = (uint64_t)(uintptr_t)arg;
	struct iovec in_iov[3], out_iov[3];
	struct cuse_sghdr h;
	struct cuse_plan p;
	const size_t hdr_size = kind == KIND_SGIO ? cuse_sghdr_size(compat) :
						    cuse_cgc_size(compat);

	if (in_bufsz == 0) {
		if (f->direct && direct(req, f, kind, compat, uarg, hdr_size))
			return;
		/* Round 1: fetch the struct. */
		struct iovec v = { arg, hdr_size };

		fuse_reply_ioctl_retry(req, &v, 1, NULL, 0);
		return;
	}

	if (!accept(req, f, kind, in_buf, in_bufsz, compat, uarg, hdr_size, &h,
		    &p))
		return;

	if (out_bufsz == 0) {
		/* Round 2: the struct is valid; ask for the rest. */
		fuse_reply_ioctl_retry(
			req, in_iov, to_fuse_iov(p.in, p.n_in, in_iov), out_iov,
			to_fuse_iov(p.out, p.n_out, out_iov));
		return;
	}

	/*
	 * Round 3. If the caller changed its struct between rounds, the
	 * buffers no longer match the plan: refuse rather than guess.
	 */
	if (in_bufsz != p.in_size || out_bufsz != p.out_size) {
		log_warn("%s: SG request changed between retry rounds",
			 f->name);
		fuse_reply_err(req, EIO);
		return;
	}
	finish(req, 0, f, kind, &h, &p, in_buf);
}

void cuse_sgio(fuse_req_t req, struct cuse_front *f, void *arg,
	       unsigned int flags, const void *in_buf, size_t in_bufsz,
	       size_t out_bufsz)
{
	sg_rounds(req, f, KIND_SGIO, arg, flags, in_buf, in_bufsz, out_bufsz);
}

void cuse_send_packet(fuse_req_t req, struct cuse_front *f, void *arg,
		      unsigned int flags, const void *in_buf, size_t in_bufsz,
		      size_t out_bufsz)
{
	sg_rounds(req, f, KIND_CGC, arg, flags, in_buf, in_bufsz, out_bufsz);
}
