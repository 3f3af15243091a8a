/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the TCMU front end shared by its files and its unit tests:
 * the ring walker (tcmu_ring.c, pure: it sees only the mapped memory and
 * a callback) and the configfs plumbing (tcmu_cfs.c).
 */
#ifndef VBURN_TCMU_INT_H
#define VBURN_TCMU_INT_H

#include <stddef.h>
#include <stdint.h>

#include "vburn/cmd.h"

/* One mapped TCMU region: mailbox, command ring, data area. */
struct tcmu_ring {
	uint8_t *base;	   /* start of the mapping: the mailbox */
	size_t size;	   /* bytes mapped */
	uint8_t *bounce;   /* contiguous copy of scattered data, grown */
	size_t bounce_cap; /* bytes allocated at bounce */
	uint64_t ncmds;	   /* commands completed, for the log */
};

/*
 * Runs one command: called by tcmu_ring_run() on the thread that walks
 * the ring, once per command entry, with the vb_cmd's CDB, direction and
 * buffer filled in; it must set status, sense and xfer_len as
 * vb_drive_exec() does. ctx is tcmu_ring_run()'s, borrowed.
 */
typedef void (*tcmu_exec_fn)(void *ctx, struct vb_cmd *cmd);

/* Checks the mailbox: version, ring inside the mapping. 0 or -EPROTO. */
int tcmu_ring_check(const struct tcmu_ring *r);

/*
 * Serves every entry from cmd_tail to cmd_head: skips PAD and TMR entries,
 * turns each command into a vb_cmd for exec, writes status, sense and
 * READ_LEN back, and advances cmd_tail after each. Returns the number of
 * entries consumed (the caller then write()s the uio fd so the kernel
 * reaps them), or -EPROTO if the ring itself is corrupt (nothing after the
 * bad entry is touched).
 */
int tcmu_ring_run(struct tcmu_ring *r, tcmu_exec_fn exec, void *ctx);

/* Frees the bounce buffer (not the mapping). */
void tcmu_ring_release(struct tcmu_ring *r);

/* CDB length by group code, as the kernel's COMMAND_SIZE(). */
unsigned tcmu_cdb_len(uint8_t opcode);

/*
 * Transfer direction of an opcode with data: TCMU entries do not carry
 * it, so it follows from the command set (SPC-4, MMC-6): the few commands
 * that send a parameter list or blocks are data-out, the rest data-in.
 */
enum vb_dxfer tcmu_cdb_dir(uint8_t opcode);

/*
 * Reads the first line of a small sysfs/configfs file into buf, without
 * its newline. Returns 0 or -errno (tcmu_cfs.c).
 */
int tcmu_read_line(const char *path, char *buf, size_t len);

/* configfs plumbing of one drive (tcmu_cfs.c). */
struct tcmu_cfs {
	int hba;      /* N of core/user_N, -1 before it exists */
	int wwn;      /* n of the loopback WWN, -1 before it exists */
	char dev[32]; /* backstore name, "vburn<index>" */
	char cfg[48]; /* dev_config, "vburn/<pid>/<index>" */
	int state;    /* how far setup got, for the teardown */
};

/* Creates and enables the backstore. 0 or -errno with err set. */
int tcmu_cfs_backstore(struct tcmu_cfs *c, int index, char *err, size_t errlen);
/* The uio name the kernel gives that backstore. */
void tcmu_cfs_uio_name(const struct tcmu_cfs *c, char *buf, size_t len);
/*
 * Creates the loopback WWN, TPG, nexus and links the LUN (which scans the
 * device: the ring must be served already). On success host_addr gets
 * "H:0:T:0", the SCSI address in sysfs. 0 or -errno with err set.
 */
int tcmu_cfs_link(struct tcmu_cfs *c, char *host_addr, size_t addrlen,
		  char *err, size_t errlen);
/* Unlinks the LUN and removes the loopback objects. */
void tcmu_cfs_unlink(struct tcmu_cfs *c);
/* Removes the backstore and its HBA. */
void tcmu_cfs_remove(struct tcmu_cfs *c);

/*
 * Removes the objects a vburnd killed without its teardown left (their
 * dev_config names a pid that no longer runs): fails the commands stuck
 * in their rings, unlinks their LUNs, removes the rest.
 */
void tcmu_cfs_reap_stale(void);

/* Is configfs mounted and target_core_user there? 0 or -errno. */
int tcmu_cfs_check(char *err, size_t errlen);

#endif
