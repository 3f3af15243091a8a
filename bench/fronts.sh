#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/fronts.sh BUILD_DIR: issue 12's front-end benchmark. Runs
# bench/scenarios/fronts.sh in the VM (Debian's kernel, with the
# vburn_hba module built for it): a sleepless 200 MiB SG_IO burn and
# reads of a loaded 200 MiB ISO through CUSE, TCMU and kmod, side by side.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
VBURN_VM_MEM=${VBURN_VM_MEM:-3072} bench_scenario "${1:-build}" fronts
