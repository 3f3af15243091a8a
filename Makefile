# vburn: one non-recursive Makefile; every output goes under $(B)/ (docs/style.md R23).
#   make            build vburnd, vburnctl, vburn-img and libvburn.a
#   make check      unit tests (plain and ASan+UBSan), format cross-checks,
#                   end-to-end tests with real clients (VM when needed)
#   make run        start vburnd in the foreground with a blank CD-R
#   make install    programs, man pages, systemd unit, udev rule, tmpfiles
#                   entry and a default config (PREFIX, DESTDIR honoured)
#   make SANITIZE=1 build with ASan+UBSan;  make V=1  show commands
# CI (CI=true) builds with -Werror.

B ?= build
CC ?= cc
PKG_CONFIG ?= pkg-config

WARN := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla -Wundef \
	-Wcast-align -Wpointer-arith -Wwrite-strings -Wimplicit-fallthrough
ifneq ($(CI),)
WERROR ?= 1
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif

CFLAGS ?= -O2 -g
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

FUSE_CFLAGS := $(shell $(PKG_CONFIG) --cflags fuse3 2>/dev/null)
FUSE_LIBS := $(shell $(PKG_CONFIG) --libs fuse3 2>/dev/null)
ISOFS_CFLAGS := $(shell $(PKG_CONFIG) --cflags libisofs-1 2>/dev/null)
ISOFS_LIBS := $(shell $(PKG_CONFIG) --libs libisofs-1 2>/dev/null)
UDF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libudf libcdio 2>/dev/null)
UDF_LIBS := $(shell $(PKG_CONFIG) --libs libudf libcdio 2>/dev/null)
BURN_CFLAGS := $(shell $(PKG_CONFIG) --cflags libburn-1 2>/dev/null)
BURN_LIBS := $(shell $(PKG_CONFIG) --libs libburn-1 2>/dev/null)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
# The CHD codecs (formats/chd_codec.c) and the SHA-1/MD5 of CHD and hash.
CHD_CFLAGS := $(shell $(PKG_CONFIG) --cflags flac zlib liblzma nettle 2>/dev/null)
CHD_LIBS := $(shell $(PKG_CONFIG) --libs flac zlib liblzma nettle 2>/dev/null)

ALL_CFLAGS = $(WARN) $(CFLAGS) -Iinclude $(CHD_CFLAGS) -MMD -MP

# Third-party test images live beside the repository (never copied in);
# every test finds them through this variable.
export VBURN_TESTDATA ?= $(abspath $(CURDIR)/../shared/testdata)
LIBS := $(CHD_LIBS) -lpthread

ifeq ($(V),1)
Q :=
else
Q := @
endif

# libvburn.a: the drive core and the formats library; no transport, no main().
# libvbformats.a: the formats library alone (docs/architecture.md: formats/ knows
# nothing of the daemon); vburn-img links only it, so a dependency of
# formats/ on daemon/ fails the build.
FORMATS_SRCS := $(wildcard formats/*.c)
LIB_SRCS := $(FORMATS_SRCS) $(filter-out daemon/main.c,$(wildcard daemon/*.c))
CUSE_SRCS := $(wildcard cuse/*.c)
TCMU_SRCS := $(wildcard tcmu/*.c)
KFRONT_SRCS := $(wildcard kfront/*.c)
TEST_SRCS := $(wildcard tests/check_*.c)

LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
FORMATS_OBJS := $(FORMATS_SRCS:%.c=$(B)/%.o)
CUSE_OBJS := $(CUSE_SRCS:%.c=$(B)/%.o)
TCMU_OBJS := $(TCMU_SRCS:%.c=$(B)/%.o)
KFRONT_OBJS := $(KFRONT_SRCS:%.c=$(B)/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(B)/%.o)

LIBVBURN := $(B)/libvburn.a
LIBFORMATS := $(B)/libvbformats.a
VBURND := $(B)/vburnd
VBURNCTL := $(B)/vburnctl
VBURNIMG := $(B)/vburn-img
CHECK_MAIN := $(B)/tests/check_main

PROGS := $(VBURND) $(VBURNCTL) $(VBURNIMG)

.PHONY: all check unit unit-asan formats-check e2e run deps clean format check-format bench bench-read fuzz fuzz-check install uninstall install-check kmod kmod-install kmod-clean kmod-check bench-files bench-fronts bench-iscsi bench-chd soak demo e2e-kernels FORCE
all: $(PROGS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/cuse/%.o: cuse/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(FUSE_CFLAGS) -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(CHECK_CFLAGS) -I$(B)/tests -c -o $@ $<

# The runner's suite list: every "Suite *NAME_suite(void)" in the tests.
$(B)/tests/suites.h: $(filter-out tests/check_main.c,$(TEST_SRCS))
	@mkdir -p $(dir $@)
	$(Q)sed -n 's/^Suite \*\([a-z0-9_]*\)_suite(void)$$/SUITE(\1)/p' $^ | sort > $@.tmp
	$(Q)cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@

$(B)/tests/check_main.o: $(B)/tests/suites.h

$(LIBVBURN): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBFORMATS): $(FORMATS_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(VBURND): $(B)/daemon/main.o $(CUSE_OBJS) $(TCMU_OBJS) $(KFRONT_OBJS) $(LIBVBURN)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(FUSE_LIBS) $(LIBS)

$(VBURNCTL): $(B)/tools/vburnctl.o $(LIBVBURN) $(LIBFORMATS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

# vburn-img: its commands (tools/img_*.c) and the file trees of images
# (tools/fs*.c: libisofs, libudf).
FS_SRCS := tools/fs.c $(wildcard tools/fs_*.c)
IMG_OBJS := $(patsubst %.c,$(B)/%.o,tools/vburn-img.c $(wildcard tools/img_*.c) \
	$(FS_SRCS))
$(B)/tools/fs_iso.o: ALL_CFLAGS += $(ISOFS_CFLAGS)
$(B)/tools/fs_udf.o: ALL_CFLAGS += $(UDF_CFLAGS)
$(B)/tools/img_mount.o: ALL_CFLAGS += $(FUSE_CFLAGS)
$(B)/tools/img_burn.o $(B)/tools/img_drive.o: ALL_CFLAGS += $(BURN_CFLAGS)

$(VBURNIMG): $(IMG_OBJS) $(LIBFORMATS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(ISOFS_LIBS) $(UDF_LIBS) $(FUSE_LIBS) \
		$(BURN_LIBS) $(LIBS)

# The tests link the front ends' objects too, to test their pure helpers.
$(CHECK_MAIN): $(TEST_OBJS) $(CUSE_OBJS) $(TCMU_OBJS) $(KFRONT_OBJS) $(LIBVBURN)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(FUSE_LIBS) $(LIBS)

# Installs (as root) or names (otherwise) the Debian packages a target needs.
deps:
	$(Q)scripts/deps.sh check

unit: $(CHECK_MAIN)
	$(Q)$(CHECK_MAIN)

# The same unit tests under ASan+UBSan, in a build tree of their own.
unit-asan:
	$(Q)$(MAKE) --no-print-directory B=$(B)/asan SANITIZE=1 $(B)/asan/tests/check_main
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(B)/asan/tests/check_main

# libFuzzer targets (fuzz/fuzz_*.c), built with clang against a libvburn
# of their own with ASan+UBSan; fuzz-check runs each briefly over its seed
# corpus (FUZZ_SECONDS each), longer runs: fuzz/run.sh DIR SECONDS.
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)
FUZZ_B := $(B)/fuzz
FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_BINS := $(FUZZ_SRCS:fuzz/%.c=$(FUZZ_B)/%)
FUZZ_SECONDS ?= 5

$(FUZZ_B)/lib/libvburn.a: $(LIB_SRCS) $(wildcard include/vburn/*.h formats/*.h daemon/*.h)
	$(Q)$(MAKE) --no-print-directory B=$(FUZZ_B)/lib CC=clang \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" $@

# fuzz_fs walks file trees through tools/fs*.c, libisofs and libudf;
# built so that fs_udf25.c lets descriptors with bad CRCs through.
$(FUZZ_B)/fuzz_fs: fuzz/fuzz_fs.c $(FS_SRCS) fuzz/fuzz_common.h tools/fs.h tools/fs_int.h tools/fs_udf25.h $(FUZZ_B)/lib/libvburn.a
	@$(if $(Q),echo "  FUZZ    $<")
	$(Q)clang $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer -Iinclude \
		-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
		$(ISOFS_CFLAGS) $(UDF_CFLAGS) -o $@ $(filter-out %.h,$^) \
		$(ISOFS_LIBS) $(UDF_LIBS) $(LIBS)

$(FUZZ_B)/%: fuzz/%.c fuzz/fuzz_common.h tests/matrix_caps.h $(FUZZ_B)/lib/libvburn.a
	@$(if $(Q),echo "  FUZZ    $<")
	$(Q)clang $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer -Iinclude -o $@ \
		$(filter-out %.h,$^) $(LIBS)

fuzz: $(FUZZ_BINS)

fuzz-check: fuzz
	$(Q)fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS)

# Benchmarks (not part of make check): conversion and burn figures.
bench: all bench-read bench-files bench-fronts bench-iscsi bench-chd
	$(Q)bench/convert.sh $(B)
	$(Q)bench/burn.sh $(B)
	$(Q)bench/burn-audio.sh $(B)

# Issue 12: CUSE, TCMU and kmod side by side (bench/sgio_bench.c, a
# sleepless SG_IO burn and reads; bench/scenarios/fronts.sh in the VM).
$(B)/sgio_bench: bench/sgio_bench.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O2 $(WARN) -o $@ $<

bench-fronts: all $(B)/sgio_bench
	$(Q)tests/vm/kmod-build.sh $(B)
	$(Q)bench/fronts.sh $(B)

# Reads and a burn through LIO's iSCSI target against the local TCMU
# /dev/srN, in the test VM (issue 13).
bench-iscsi: all
	$(Q)bench/iscsi.sh $(B)

# vburn-img mount/get against fuseiso, xorriso, 7z and the loop mount
# (bench/files.sh: a 520 MB ISO, one VM with 4 GiB)
bench-files: all
	$(Q)bench/files.sh $(B)

# Issue 8's drive-core read figures (load time and memory, READ(10)
# against pread): bench/read_bench.c, in a scratch directory on disk.
$(B)/bench/read_bench: bench/read_bench.c $(LIBVBURN)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBVBURN) $(LIBS)

bench-read: $(B)/bench/read_bench
	$(Q)d=$$(mktemp -d $${TMPDIR:-/var/tmp}/vburn-read.XXXXXX) && \
		$(B)/bench/read_bench $$d $(or $(READ_MIB),1024); \
		r=$$?; rm -rf $$d; exit $$r

# Issue 14's CHD figures against chdman (bench/chd.sh, on disk under
# /var/tmp: about 6 GB) and the READ CD comparison it runs
# (bench/chd_read_bench.c).
$(B)/bench/chd_read_bench: bench/chd_read_bench.c $(LIBVBURN)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBVBURN) $(LIBS)

bench-chd: all $(B)/bench/chd_read_bench
	$(Q)bench/chd.sh $(B)

formats-check: $(VBURNIMG)
	$(Q)tests/formats/run.sh $(B)

# The ioctl/SG_IO checker that 15-ioctls runs in the VM, for both ABIs,
# built here: a compiler under TCG takes seconds a file. No -m32 here
# (no gcc-multilib) leaves the 32-bit half out, which the scenario says.
IOCTL_CHECK_SRCS := tests/vm/ioctl-check.c tests/vm/ioctl-sg.c \
	tests/vm/ioctl-util.c
IOCTL_CHECK_FLAGS := -O1 $(WARN) -Werror -Iinclude
$(B)/ioctl-check64: $(IOCTL_CHECK_SRCS) tests/vm/ioctl-check.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(IOCTL_CHECK_FLAGS) -o $@ $(IOCTL_CHECK_SRCS)
$(B)/ioctl-check32: $(IOCTL_CHECK_SRCS) tests/vm/ioctl-check.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) -m32 $(IOCTL_CHECK_FLAGS) -o $@ $(IOCTL_CHECK_SRCS) \
		>$(B)/ioctl-check32.log 2>&1 || rm -f $@

e2e: all $(B)/ioctl-check64 $(B)/ioctl-check32
	$(Q)tests/vm/kmod-build.sh $(B)
	$(Q)tests/vm/run-e2e.sh $(B)

# A burn, its capture, a reload and a read-back, narrated, in the test VM
# (for machines whose kernel lacks CUSE; natively where it has it).
demo: all
	$(Q)tests/vm/run-demo.sh $(B)

# The kmod scenarios under the newest other kernel Debian ships (make
# check builds the module for it, and boots the default kernel only).
e2e-kernels: all
	$(Q)tests/vm/kernels.sh $(B)

# Four drives busy for 10 minutes in the VM, with vburnd's memory and
# descriptors reported (make check runs the same scenario for 60 s).
soak: all
	$(Q)tests/vm/soak.sh $(B)

check:
	$(Q)scripts/deps.sh check
	$(Q)$(MAKE) --no-print-directory all $(CHECK_MAIN)
	$(Q)$(MAKE) --no-print-directory check-format
	$(Q)tests/check.sh $(B)

run:
	$(Q)scripts/deps.sh run
	$(Q)$(MAKE) --no-print-directory all
	$(Q)[ -e /dev/cuse ] || modprobe cuse 2>/dev/null || true
	$(Q)[ -e /dev/cuse ] || { echo "make run: this kernel has no CUSE" \
		"(/dev/cuse). Try 'make demo' (the test VM), or" \
		"'vburnd -f --frontend kmod' after 'make kmod' (README," \
		"Troubleshooting)."; exit 1; }
	$(Q)$(VBURND) -f --media cd-r --image-dir $(or $(IMAGE_DIR),$(CURDIR)/images)

# Every C file and header of the project (docs/style.md R17).
FMT_SRCS = $(sort $(wildcard daemon/*.[ch] cuse/*.[ch] tcmu/*.[ch] kfront/*.[ch] \
	formats/*.[ch] tools/*.c include/vburn/*.h tests/*.[ch] \
	tests/vm/*.[ch] fuzz/*.[ch] bench/*.c))

format:
	clang-format -i $(FMT_SRCS)

# .clang-format is tuned to clang-format 14 (Debian 12's); another
# version lays some lines out differently, so it is a visible skip.
check-format:
	$(Q)v=$$(clang-format --version 2>/dev/null | \
		sed -n 's/.*version \([0-9]*\)\..*/\1/p'); \
	if [ "$$v" != 14 ]; then \
		echo "SKIP: check-format needs clang-format 14, found '$${v:-none}'"; \
	else \
		clang-format --dry-run -Werror $(FMT_SRCS) && \
		echo "check-format: $(words $(FMT_SRCS)) files as .clang-format lays them out"; \
	fi

# The optional kernel module (issue 12; kmod/, Kbuild): built by the
# kernel's kbuild against KDIR, in a copy of its sources under $(B)/kbuild
# so that every output stays under $(B) (kbuild writes beside the sources,
# and its clean would sweep the whole tree: docs/kernel-and-libs.md A.7).
KDIR ?= /lib/modules/$(shell uname -r)/build
KBUILD_DIR := $(B)/kbuild
KMOD := $(KBUILD_DIR)/kmod/vburn_hba.ko

# Always handed to kbuild, which rebuilds only what changed, a KDIR
# included (its .cmd files hold the command lines): a .ko made for one
# kernel is never taken as up to date for another.
kmod: $(KMOD)
$(KMOD): Kbuild kmod/Kbuild kmod/vburn_hba.c include/vburn/hba.h FORCE
	@[ -d "$(KDIR)" ] || { echo "make kmod: no kernel build tree at" \
		"$(KDIR) (apt install linux-headers-$$(uname -r), or KDIR=...)"; \
		exit 1; }
	@mkdir -p $(KBUILD_DIR)/kmod $(KBUILD_DIR)/include/vburn
	@cp -p Kbuild $(KBUILD_DIR)/
	@cp -p kmod/Kbuild kmod/vburn_hba.c $(KBUILD_DIR)/kmod/
	@cp -p include/vburn/hba.h $(KBUILD_DIR)/include/vburn/
	$(Q)$(MAKE) --no-print-directory -C $(KDIR) M=$(abspath $(KBUILD_DIR)) modules

kmod-install: $(KMOD)
	$(MAKE) --no-print-directory -C $(KDIR) M=$(abspath $(KBUILD_DIR)) modules_install
	install -d $(DESTDIR)$(UDEVRULESDIR)
	install -m 0644 dist/60-vburn.rules $(DESTDIR)$(UDEVRULESDIR)/

kmod-clean:
	rm -rf $(KBUILD_DIR)

FORCE:

# checkpatch.pl --strict on the module (tests/kmod-check.sh)
kmod-check:
	$(Q)tests/kmod-check.sh

# Installation (issue 11). Under PREFIX=/usr the config goes to /etc;
# systemd, udev and tmpfiles read their PREFIX/lib directories only for
# /usr (and /usr/local for units): set UNITDIR etc. to place them elsewhere.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
LIBDIR_SYS ?= $(if $(filter /usr,$(PREFIX)),/usr/lib,$(PREFIX)/lib)
UNITDIR ?= $(LIBDIR_SYS)/systemd/system
UDEVRULESDIR ?= $(LIBDIR_SYS)/udev/rules.d
TMPFILESDIR ?= $(LIBDIR_SYS)/tmpfiles.d
SYSUSERSDIR ?= $(LIBDIR_SYS)/sysusers.d
MAN_PAGES := man/vburnd.8 man/vburnctl.1 man/vburn-img.1

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(UDEVRULESDIR) \
		$(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSUSERSDIR) \
		$(DESTDIR)$(SYSCONFDIR)/vburn
	install -m 0755 $(VBURND) $(DESTDIR)$(SBINDIR)/vburnd
	install -m 0755 $(VBURNCTL) $(VBURNIMG) $(DESTDIR)$(BINDIR)/
	install -m 0644 man/vburnctl.1 man/vburn-img.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/vburnd.8 $(DESTDIR)$(MANDIR)/man8/
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		dist/vburnd.service.in >$(DESTDIR)$(UNITDIR)/vburnd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/vburnd.service
	install -m 0644 dist/60-vburn.rules $(DESTDIR)$(UDEVRULESDIR)/
	install -m 0644 dist/vburn.tmpfiles $(DESTDIR)$(TMPFILESDIR)/vburn.conf
	install -m 0644 dist/vburn.sysusers $(DESTDIR)$(SYSUSERSDIR)/vburn.conf
	@# a config someone edited is never replaced
	[ -e $(DESTDIR)$(SYSCONFDIR)/vburn/vburnd.conf ] || \
		install -m 0644 dist/vburnd.conf $(DESTDIR)$(SYSCONFDIR)/vburn/
	@# the config's user: made now on this system, by a package's
	@# postinst (or at boot) where installed into a DESTDIR
	@if [ -z "$(DESTDIR)" ] && ! getent passwd vburn >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v systemd-sysusers >/dev/null; \
		then systemd-sysusers $(SYSUSERSDIR)/vburn.conf; \
		else echo "make install: create the user vburn (in group cdrom):" \
			"sudo systemd-sysusers $(SYSUSERSDIR)/vburn.conf," \
			"or delete 'user = vburn' from" \
			"$(SYSCONFDIR)/vburn/vburnd.conf"; fi; \
	fi

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/vburnd $(DESTDIR)$(BINDIR)/vburnctl \
		$(DESTDIR)$(BINDIR)/vburn-img \
		$(DESTDIR)$(MANDIR)/man1/vburnctl.1 \
		$(DESTDIR)$(MANDIR)/man1/vburn-img.1 \
		$(DESTDIR)$(MANDIR)/man8/vburnd.8 \
		$(DESTDIR)$(UNITDIR)/vburnd.service \
		$(DESTDIR)$(UDEVRULESDIR)/60-vburn.rules \
		$(DESTDIR)$(TMPFILESDIR)/vburn.conf \
		$(DESTDIR)$(SYSUSERSDIR)/vburn.conf

# make install into a scratch DESTDIR, the man pages through man and
# lexgrog, the unit through systemd-analyze (tests/install.sh)
install-check: all
	$(Q)tests/install.sh $(B)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
