#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 45-kmod-load: 31-load-tcmu.sh through the vburn_hba module instead of TCMU
# (issue 12: what the TCMU scenarios prove must hold through the module,
# with the same scenario; tests/vm/lib.sh VBURN_KFRONT).
# vburn-e2e-timeout: 300
VBURN_KFRONT=kmod
. "$(dirname "$0")/31-load-tcmu.sh"
