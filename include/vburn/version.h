/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The release every program reports with --version. */
#ifndef VBURN_VERSION_H
#define VBURN_VERSION_H

#define VBURN_VERSION "0.1"

#endif
