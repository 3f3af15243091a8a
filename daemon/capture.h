/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture in formats other than the drive's own flat ISO: after every
 * closed session the disc as recorded so far is described with the
 * formats library's disc model (ISO file as the sector source) and
 * written as NRG, CCD, MDS or CUE/BIN by that library's writer.
 */
#ifndef VB_CAPTURE_H
#define VB_CAPTURE_H

#include <stddef.h>

#include "media.h"

/* Is fmt a capture format the daemon accepts ("iso", "nrg", ...)? NULL is
 * the default and always accepted. */
bool vb_capture_format_ok(const char *fmt);

/*
 * Writes the medium's recorded sessions as an image in fmt next to the
 * ISO (same name, the format's extension), replacing it atomically.
 * Does nothing for "iso" or NULL. Returns 0 or -errno with err set.
 */
int vb_capture_write(const struct vb_medium *m, const char *fmt, char *err,
		     size_t errlen);

#endif
