#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# iscsi.sh BUILD: issue 13's figures (bench/scenarios/iscsi.sh) in the
# test VM: reads and a burn through LIO's iSCSI target against the local
# TCMU /dev/srN, one run. "make bench-iscsi".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
VBURN_VM_MEM=${VBURN_VM_MEM:-3072} bench_scenario "${1:-build}" iscsi
