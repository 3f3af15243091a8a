/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TCMU command ring walker (uapi linux/target_core_user.h, docs/clients.md
 * 4.1): from the mailbox's cmd_tail to cmd_head it skips PAD and TMR
 * entries, turns each command entry into a struct vb_cmd (CDB at cdb_off,
 * data in scattered iovecs of the data area, gathered into one contiguous
 * buffer unless they already are contiguous), hands it to a callback, and
 * writes the completion back in place (rsp.scsi_status, rsp.sense_buffer,
 * TCMU_UFLAG_READ_LEN with rsp.read_len for short data-in) before moving
 * cmd_tail past it. It knows nothing of uio or configfs, so the tests run
 * it on a fake mailbox in memory. The ring is native-endian shared
 * memory: fields are read through the uapi structs, never by casting
 * into wider integers.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/target_core_user.h>

#define LOG_TAG "tcmu"
#include "vburn/log.h"

#include "tcmu_int.h"

/* Fixed-format sense (SPC-4 4.5.3) for entries we cannot even decode. */
#define SENSE_FIXED_LEN 18
#define KEY_HARDWARE_ERROR 0x4
#define ASC_INTERNAL_TARGET_FAILURE 0x44

unsigned tcmu_cdb_len(uint8_t opcode)
{
	/* SPC-4 4.2.5.1; groups 3, 6, 7 as the kernel's COMMAND_SIZE. */
	static const uint8_t by_group[8] = { 6, 10, 10, 12, 16, 12, 10, 10 };

	return by_group[opcode >> 5];
}

enum vb_dxfer tcmu_cdb_dir(uint8_t opcode)
{
	switch (opcode) {
	case 0x04: /* FORMAT UNIT: format list (MMC-6 6.5) */
	case 0x0a: /* WRITE(6) */
	case 0x15: /* MODE SELECT(6) */
	case 0x1d: /* SEND DIAGNOSTIC */
	case 0x2a: /* WRITE(10) */
	case 0x2e: /* WRITE AND VERIFY(10) */
	case 0x3b: /* WRITE BUFFER */
	case 0x4c: /* LOG SELECT */
	case 0x54: /* SEND OPC INFORMATION (MMC-6 6.37) */
	case 0x55: /* MODE SELECT(10) */
	case 0x5d: /* SEND CUE SHEET (MMC-6 6.33) */
	case 0x5f: /* PERSISTENT RESERVE OUT */
	case 0x8a: /* WRITE(16) */
	case 0xa3: /* SEND KEY (MMC-6 6.36) */
	case 0xaa: /* WRITE(12) */
	case 0xb6: /* SET STREAMING: performance descriptor (MMC-6 6.39) */
	case 0xbf: /* SEND DISC STRUCTURE (MMC-6 6.34) */
		return VB_DXFER_TO_DEV;
	default:
		return VB_DXFER_FROM_DEV;
	}
}

static struct tcmu_mailbox *ring_mb(const struct tcmu_ring *r)
{
	return (struct tcmu_mailbox *)(void *)r->base;
}

int tcmu_ring_check(const struct tcmu_ring *r)
{
	const struct tcmu_mailbox *mb = ring_mb(r);
	uint32_t off, size;

	if (!r->base || r->size < sizeof(*mb))
		return -EPROTO;
	off = mb->cmdr_off;
	size = mb->cmdr_size;
	if (mb->version != TCMU_MAILBOX_VERSION) {
		log_warn("mailbox version %u, expected %u", mb->version,
			 TCMU_MAILBOX_VERSION);
		return -EPROTO;
	}
	if (off < sizeof(*mb) || size < sizeof(struct tcmu_cmd_entry) ||
	    size % TCMU_OP_ALIGN_SIZE || (uint64_t)off + size > r->size) {
		log_warn("command ring %u+%u outside the %zu-byte map", off,
			 size, r->size);
		return -EPROTO;
	}
	return 0;
}

/* Is [off, off + len) inside the mapping? */
static bool in_map(const struct tcmu_ring *r, uint64_t off, uint64_t len)
{
	return off <= r->size && len <= r->size - off;
}

static int bounce_grow(struct tcmu_ring *r, size_t len)
{
	uint8_t *p;

	if (len <= r->bounce_cap)
		return 0;
	p = realloc(r->bounce, len);
	if (!p)
		return -ENOMEM;
	r->bounce = p;
	r->bounce_cap = len;
	return 0;
}

static void fail_entry(struct tcmu_cmd_entry *ent, uint8_t asc)
{
	memset(ent->rsp.sense_buffer, 0, TCMU_SENSE_BUFFERSIZE);
	ent->rsp.sense_buffer[0] = 0x70;
	ent->rsp.sense_buffer[2] = KEY_HARDWARE_ERROR;
	ent->rsp.sense_buffer[7] = SENSE_FIXED_LEN - 8;
	ent->rsp.sense_buffer[12] = (char)asc;
	ent->rsp.scsi_status = VB_STATUS_CHECK_CONDITION;
}

/*
 * The data of a command: total length of its iov_cnt vectors, each inside
 * the mapping; *contig tells whether they follow one another (the kernel
 * merges adjacent data blocks into one vector, so most are).
 */
static int entry_data(const struct tcmu_ring *r,
		      const struct tcmu_cmd_entry *ent, uint32_t n,
		      uint64_t *total, bool *contig)
{
	uint64_t sum = 0, next = 0, off, len;
	uint32_t i;

	*contig = true;
	for (i = 0; i < n; i++) {
		off = (uint64_t)(uintptr_t)ent->req.iov[i].iov_base;
		len = ent->req.iov[i].iov_len;
		if (!in_map(r, off, len))
			return -EPROTO;
		if (i && off != next)
			*contig = false;
		next = off + len;
		sum += len;
	}
	if (sum > UINT32_MAX)
		return -EPROTO;
	*total = sum;
	return 0;
}

/* Copies between the iovecs and a contiguous buffer, in either way. */
static void iov_copy(struct tcmu_ring *r, const struct tcmu_cmd_entry *ent,
		     uint32_t n, uint8_t *flat, uint64_t len, bool to_flat)
{
	uint64_t done = 0, chunk;
	uint32_t i;
	uint8_t *p;

	for (i = 0; i < n && done < len; i++) {
		p = r->base + (uintptr_t)ent->req.iov[i].iov_base;
		chunk = ent->req.iov[i].iov_len;
		if (chunk > len - done)
			chunk = len - done;
		if (to_flat)
			memcpy(flat + done, p, chunk);
		else
			memcpy(p, flat + done, chunk);
		done += chunk;
	}
}

/*
 * Serves one TCMU_OP_CMD entry of ENT_LEN bytes. An entry that cannot be
 * served (malformed, no memory) completes with CHECK CONDITION 04/44/00.
 */
static void run_cmd(struct tcmu_ring *r, struct tcmu_cmd_entry *ent,
		    uint32_t ent_len, tcmu_exec_fn exec, void *ctx)
{
	const struct tcmu_mailbox *mb = ring_mb(r);
	struct vb_cmd cmd = { .dir = VB_DXFER_NONE };
	uint32_t niov = ent->req.iov_cnt;
	uint64_t cdb_off = ent->req.cdb_off, total = 0;
	uint64_t iov_end;
	uint32_t out;
	bool contig = true;
	unsigned len;

	/* The response overlays the request: both must fit the entry. */
	iov_end = offsetof(struct tcmu_cmd_entry, req.iov) +
		  ((uint64_t)niov + ent->req.iov_bidi_cnt +
		   ent->req.iov_dif_cnt) *
			  sizeof(struct iovec);
	if (ent_len < sizeof(*ent) || iov_end > ent_len ||
	    !in_map(r, cdb_off, 1)) {
		log_warn("malformed command entry (len %u, %u iovecs)", ent_len,
			 niov);
		fail_entry(ent, ASC_INTERNAL_TARGET_FAILURE);
		return;
	}
	len = tcmu_cdb_len(r->base[cdb_off]);
	if (len > sizeof(cmd.cdb))
		len = sizeof(cmd.cdb);
	if (!in_map(r, cdb_off, len) ||
	    entry_data(r, ent, niov, &total, &contig) ||
	    ent->req.iov_bidi_cnt) {
		log_warn("command entry with data outside the map or bidi");
		fail_entry(ent, ASC_INTERNAL_TARGET_FAILURE);
		return;
	}
	memcpy(cmd.cdb, r->base + cdb_off, len);
	cmd.cdb_len = (uint8_t)len;
	cmd.buf_len = (uint32_t)total;
	if (total) {
		cmd.dir = tcmu_cdb_dir(cmd.cdb[0]);
		if (contig) {
			cmd.buf = r->base + (uintptr_t)ent->req.iov[0].iov_base;
		} else {
			if (bounce_grow(r, total)) {
				/* This command fails; the ring goes on. */
				log_warn("no memory for a %llu-byte transfer",
					 (unsigned long long)total);
				fail_entry(ent, ASC_INTERNAL_TARGET_FAILURE);
				return;
			}
			cmd.buf = r->bounce;
			if (cmd.dir == VB_DXFER_TO_DEV)
				iov_copy(r, ent, niov, cmd.buf, total, true);
		}
	}

	exec(ctx, &cmd);

	if (cmd.dir == VB_DXFER_FROM_DEV) {
		if (cmd.xfer_len > cmd.buf_len)
			cmd.xfer_len = cmd.buf_len;
		out = cmd.xfer_len;
		/*
		 * A short reply gets its length. An error carries no data
		 * (the drive sets xfer_len 0), and CHECK CONDITION with
		 * READ_LEN would make the kernel return the buffer anyway;
		 * without READ_LEN the kernel returns it all: no stale bytes
		 * (quirk:kernel-tcmu-read-len, docs/clients/kernel.md).
		 */
		if (out < cmd.buf_len) {
			if (cmd.status == VB_STATUS_GOOD &&
			    (mb->flags & TCMU_MAILBOX_FLAG_CAP_READ_LEN)) {
				ent->hdr.uflags |= TCMU_UFLAG_READ_LEN;
				ent->rsp.read_len = out;
			} else {
				memset(cmd.buf + out, 0, cmd.buf_len - out);
				out = cmd.buf_len;
			}
		}
		if (!contig)
			iov_copy(r, ent, niov, cmd.buf, out, false);
	}
	ent->rsp.scsi_status = cmd.status;
	if (cmd.status != VB_STATUS_GOOD) {
		len = cmd.sense_len;
		if (len > TCMU_SENSE_BUFFERSIZE)
			len = TCMU_SENSE_BUFFERSIZE;
		memset(ent->rsp.sense_buffer, 0, TCMU_SENSE_BUFFERSIZE);
		memcpy(ent->rsp.sense_buffer, cmd.sense, len);
	}
	r->ncmds++;
}

int tcmu_ring_run(struct tcmu_ring *r, tcmu_exec_fn exec, void *ctx)
{
	struct tcmu_mailbox *mb = ring_mb(r);
	/* The kernel moves cmd_head behind the compiler's back. */
	volatile struct tcmu_mailbox *vmb = mb;
	struct tcmu_cmd_entry *ent;
	uint32_t size = mb->cmdr_size, head, tail, len;
	int n = 0;

	tail = mb->cmd_tail;
	for (;;) {
		/* Acquire: the entry is written before cmd_head moves. */
		head = vmb->cmd_head;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (tail == head)
			break;
		if (tail % TCMU_OP_ALIGN_SIZE || head >= size ||
		    size - tail < sizeof(struct tcmu_cmd_entry_hdr)) {
			log_warn("ring pointers out of range: tail %u head %u",
				 tail, head);
			return -EPROTO;
		}
		ent = (struct tcmu_cmd_entry *)(void *)(r->base + mb->cmdr_off +
							tail);
		len = tcmu_hdr_get_len(ent->hdr.len_op);
		if (len < sizeof(ent->hdr) || len % TCMU_OP_ALIGN_SIZE ||
		    len > size - tail) {
			log_warn("ring entry at %u with bad length %u", tail,
				 len);
			return -EPROTO;
		}
		switch (tcmu_hdr_get_op(ent->hdr.len_op)) {
		case TCMU_OP_PAD:
			/* Fills up to the ring's end: wraps to 0 below. */
			break;
		case TCMU_OP_TMR:
			/* Commands are served in order and at once: no task
			 * of ours can be aborted any more. */
			break;
		case TCMU_OP_CMD:
			run_cmd(r, ent, len, exec, ctx);
			break;
		default:
			ent->hdr.uflags |= TCMU_UFLAG_UNKNOWN_OP;
			break;
		}
		tail = (tail + len) % size;
		/* Release: the response is complete before the tail moves. */
		__atomic_thread_fence(__ATOMIC_RELEASE);
		vmb->cmd_tail = tail;
		n++;
	}
	return n;
}

void tcmu_ring_release(struct tcmu_ring *r)
{
	free(r->bounce);
	r->bounce = NULL;
	r->bounce_cap = 0;
}
