#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 44-kmod-dvd-dl-multisession: 25-tcmu-dvd-dl-multisession.sh through the vburn_hba module instead of TCMU
# (issue 12: what the TCMU scenarios prove must hold through the module,
# with the same scenario; tests/vm/lib.sh VBURN_KFRONT).
# vburn-e2e-timeout: 600
VBURN_KFRONT=kmod
. "$(dirname "$0")/25-tcmu-dvd-dl-multisession.sh"
