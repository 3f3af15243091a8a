/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /dev/srN and /dev/sgN the kernel made for a SCSI device, found by
 * its address in sysfs (daemon/scsi_nodes.c): what the TCMU and kmod
 * front ends print for each drive.
 */
#ifndef VBURN_SCSI_NODES_H
#define VBURN_SCSI_NODES_H

#include <stddef.h>

/*
 * Waits up to wait_ms for sr to bind to the device at addr ("H:C:T:L")
 * and for its node, then names "/dev/srN" in sr and "/dev/sgN" (or "" if
 * sg is not bound) in sg. 0, or -ENOENT with a one-line reason in err.
 */
int vb_scsi_nodes(const char *addr, unsigned wait_ms, char *sr, size_t srlen,
		  char *sg, size_t sglen, char *err, size_t errlen);

#endif
