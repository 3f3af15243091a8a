/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the TCMU front end shared by its files and its unit tests:
 * the ring walker (tcmu_ring.c, pure: it sees only the mapped memory and
 * a callback) and the configfs plumbing (tcmu_cfs.c).
 */
#ifndef VBURN_TCMU_INT_H
#define VBURN_TCMU_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vburn/cmd.h"
#include "vburn/tcmu.h"
#include "vburn/worker.h"

struct vb_drive;

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

/* Where the kernel's target keeps its objects, and the names of ours. */
#define TCMU_TGT_DIR "/sys/kernel/config/target"
#define TCMU_CORE_DIR TCMU_TGT_DIR "/core"
#define TCMU_LOOP_DIR TCMU_TGT_DIR "/loopback"
#define TCMU_ISCSI_DIR TCMU_TGT_DIR "/iscsi"
#define TCMU_DEV_PREFIX "vburn" /* backstores: core/user_N/vburn... */
/* loopback WWNs: NAA type 5 with the LIO OUI 00-14-05 (as targetcli's),
 * then "vb" */
#define TCMU_WWN_PREFIX "naa.500140576627"
/* iSCSI targets; the naming authority (RFC 3720 3.2.6.3.1): date,
 * reversed domain */
#define TCMU_IQN_PREFIX "iqn.2026-12.org.vburn:"

/*
 * Whatever needs root (tcmu_priv.c): these are the system calls of their
 * names, made here or, once tcmu_priv_start() has run, by the helper that
 * keeps root. Each returns 0 or -errno; tcmu_cfs_write() writes val
 * exactly as given (no newline added: CHAP values are stored as written,
 * kernel-and-libs.md B.3), -EIO on a short write; tcmu_priv_open() returns
 * the descriptor.
 */
int tcmu_cfs_mkdir(const char *path);
int tcmu_cfs_rmdir(const char *path);
int tcmu_cfs_rmlink(const char *path);
int tcmu_cfs_symlink(const char *target, const char *path);
int tcmu_cfs_write(const char *path, const char *val);
int tcmu_priv_open(const char *path, int flags);
/* Is the helper running (then vburnd itself may have no root)? */
bool tcmu_priv_running(void);
/* Would the helper do this? (Exposed for the tests.) */
enum {
	TCMU_PRIV_MKDIR = 1,
	TCMU_PRIV_RMDIR,
	TCMU_PRIV_UNLINK,
	TCMU_PRIV_SYMLINK,
	TCMU_PRIV_WRITE,
	TCMU_PRIV_OPEN
};
bool tcmu_priv_allowed(int op, int flags, const char *path, const char *arg);

/* configfs plumbing of one drive (tcmu_cfs.c). */
struct tcmu_cfs {
	int hba;      /* N of core/user_N, -1 before it exists */
	int wwn;      /* n of the loopback WWN, -1 before it exists */
	char dev[32]; /* backstore name, "vburn<index>[-<sub>]" */
	char cfg[48]; /* dev_config, "vburn/<pid>/<index>[/<sub>]" */
	int state;    /* how far setup got, for the teardown */
};

/*
 * Creates and enables the backstore of drive index: "vburn<index>" for
 * its local LUN (sub 0), "vburn<index>-<sub>" for its sub'th iSCSI
 * initiator. 0 or -errno with err set.
 */
int tcmu_cfs_backstore(struct tcmu_cfs *c, int index, int sub, char *err,
		       size_t errlen);
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

/*
 * One backstore served for a drive (tcmu_port.c): its configfs objects,
 * its mapped ring and the thread serving it, as drive port `port`.
 */
struct tcmu_port {
	struct vb_drive *drive; /* borrowed; NULL: not started */
	unsigned port;		/* vb_drive_port_open()'s */
	struct tcmu_cfs cfs;
	struct tcmu_ring ring;
	int uio_fd;
	struct vb_worker worker; /* the thread serving the ring */
};

/*
 * Creates backstore (index, sub) (tcmu_cfs_backstore), maps its ring and
 * starts serving it. 0, or -1 with err set: then tcmu_port_stop() undoes
 * what was done.
 */
int tcmu_port_start(struct tcmu_port *p, struct vb_drive *d, int index, int sub,
		    char *err, size_t errlen);
/*
 * Stops serving, unmaps, removes the backstore (whatever links to it must
 * be gone: the kernel may send commands while a LUN goes away, so its
 * owner unlinks first) and closes the drive port. Safe on a port never
 * started.
 */
void tcmu_port_stop(struct tcmu_port *p);

/* The iSCSI export of one drive (tcmu_iscsi.c). */
#define TCMU_ISCSI_MAX_ACL 16
struct tcmu_iscsi_acl {
	char iqn[224];	 /* the initiator, lowercase */
	char given[224]; /* as the allow list spells it */
	char user[256], pass[256], muser[256], mpass[256]; /* "": none */
	struct tcmu_port port; /* its own backstore: its own drive port */
};
struct tcmu_iscsi {
	int index;
	char iqn[224];	 /* the target's name */
	char portal[80]; /* np name, "ADDR:PORT" or "[ADDR]:PORT" */
	bool made;	 /* the target directory exists */
	int nacl;
	struct tcmu_iscsi_acl acl[TCMU_ISCSI_MAX_ACL];
	struct vb_worker watcher; /* the login watcher */
	unsigned long authorize_fails, authenticate_fails; /* last seen */
	int kmsg_fd;		/* /dev/kmsg from the export on, or -1 */
	char last_refused[224]; /* the last initiator it named refused */
};

/*
 * Exports drive d (number index) as opts says: a backstore per allowed
 * initiator, the target, its ACLs, the portal. 0, or -1 with a one-line
 * reason in err and nothing left behind.
 */
int tcmu_iscsi_start(struct tcmu_iscsi *x, struct vb_drive *d, int index,
		     const struct tcmu_export *opts, char *err, size_t errlen);
/* Removes the target (B.4 order) and the backstores. */
void tcmu_iscsi_stop(struct tcmu_iscsi *x);
/* The initiators logged in now, a comma list in buf; returns how many. */
int tcmu_iscsi_sessions(const struct tcmu_iscsi *x, char *buf, size_t len);
/* Removes the targets of vburnds that are gone (by TargetAlias pid). */
void tcmu_iscsi_reap_stale(void);
/* "ADDR[:PORT]" or "[IPv6][:PORT]" as an np name (port 3260 if none):
 * 0, or -EINVAL. */
int tcmu_iscsi_portal(const char *in, char *np, size_t len);
/* Is s an iSCSI name (iqn., eui., naa.; RFC 3720 3.2.6)? */
int tcmu_iscsi_name_ok(const char *s);

/* Is configfs mounted and target_core_user there? 0 or -errno. */
int tcmu_cfs_check(char *err, size_t errlen);

#endif
