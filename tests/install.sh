#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/install.sh BUILD_DIR: make install into a scratch DESTDIR (PREFIX
# /usr and /usr/local) puts every file where its reader looks, with its
# mode; the installed config is kept on a second install; the man pages
# render without a warning (man --warnings) and have a NAME lexgrog
# reads; the unit names the installed vburnd and passes systemd-analyze
# verify where systemd-analyze can run. A check that cannot run is a
# counted SKIP. (issue 11)
B=${1:-build}
. "$(dirname "$0")/formats/lib.sh"

d=$(mktemp -d "${TMPDIR:-/tmp}/vburn-install.XXXXXX")
trap 'rm -rf "$d"' EXIT

# mode_is FILE MODE: FILE exists with that octal mode
mode_is()
{
	[ "$(stat -c %a "$1" 2>/dev/null)" = "$2" ]
}

t=install-usr
if make -s --no-print-directory B="$B" install DESTDIR="$d/usr" \
	PREFIX=/usr >"$d/log" 2>&1; then
	ok=1
	for f in usr/sbin/vburnd:755 usr/bin/vburnctl:755 usr/bin/vburn-img:755 \
		usr/share/man/man8/vburnd.8:644 \
		usr/share/man/man1/vburnctl.1:644 \
		usr/share/man/man1/vburn-img.1:644 \
		usr/lib/systemd/system/vburnd.service:644 \
		usr/lib/udev/rules.d/60-vburn.rules:644 \
		usr/lib/tmpfiles.d/vburn.conf:644 \
		usr/lib/sysusers.d/vburn.conf:644 \
		etc/vburn/vburnd.conf:644; do
		mode_is "$d/usr/${f%:*}" "${f#*:}" || {
			ok=0
			fail $t "${f%:*}: not there with mode ${f#*:}"
		}
	done
	grep -q '^ExecStart=/usr/sbin/vburnd -f -c /etc/vburn/vburnd.conf$' \
		"$d/usr/usr/lib/systemd/system/vburnd.service" || {
		ok=0
		fail $t "the unit does not start /usr/sbin/vburnd with /etc's config"
	}
	[ $ok = 1 ] && pass $t
else
	fail $t "make install failed: $(tail -n 3 "$d/log")"
fi

t=install-local-keeps-config
if make -s --no-print-directory B="$B" install DESTDIR="$d/local" \
	PREFIX=/usr/local >"$d/log" 2>&1 &&
	echo "# mine" >>"$d/local/usr/local/etc/vburn/vburnd.conf" &&
	make -s --no-print-directory B="$B" install DESTDIR="$d/local" \
		PREFIX=/usr/local >"$d/log" 2>&1; then
	if ! tail -n 1 "$d/local/usr/local/etc/vburn/vburnd.conf" |
		grep -q '^# mine$'; then
		fail $t "a second install replaced the edited config"
	elif ! mode_is "$d/local/usr/local/sbin/vburnd" 755; then
		fail $t "PREFIX=/usr/local: no sbin/vburnd"
	else
		pass $t
	fi
else
	fail $t "make install failed: $(tail -n 3 "$d/log")"
fi

t=install-uninstall
make -s --no-print-directory B="$B" uninstall DESTDIR="$d/usr" \
	PREFIX=/usr >"$d/log" 2>&1
left=$(find "$d/usr" -type f ! -path '*/etc/*')
if [ -z "$left" ]; then
	pass $t
else
	fail $t "left: $left"
fi

t=man-pages
if ! command -v man >/dev/null || ! command -v lexgrog >/dev/null; then
	skip $t "man or lexgrog missing (apt install man-db)"
else
	ok=1
	for p in man/vburnd.8 man/vburnctl.1 man/vburn-img.1; do
		w=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$p" 2>&1 >/dev/null)
		[ -z "$w" ] || {
			ok=0
			fail $t "$p: $w"
		}
		n=$(basename "$p" | sed 's/\.[18]$//')
		lexgrog "$p" 2>&1 | grep -q ": \"$n - " || {
			ok=0
			fail $t "$p: lexgrog finds no NAME: $(lexgrog "$p" 2>&1)"
		}
	done
	[ $ok = 1 ] && pass "$t (3 pages, no warnings, NAME sections parse)"
fi

t=unit-verify
unit=$d/vburnd.service
sed -e "s|@SBINDIR@|$PWD/$B|g" -e "s|@SYSCONFDIR@|$PWD/dist|g" \
	dist/vburnd.service.in >"$unit"
if ! command -v systemd-analyze >/dev/null; then
	skip $t "no systemd-analyze"
elif out=$(systemd-analyze verify --man=no "$unit" 2>&1) && [ -z "$out" ]; then
	pass $t
elif echo "$out" | grep -qi "failed to .*connect\|not booted\|bus"; then
	skip $t "systemd-analyze cannot run here: $(echo "$out" | head -n 1)"
else
	fail $t "$out"
fi

fmt_summary
