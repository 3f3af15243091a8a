#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# vburn-img ls and get (issue "images in users' hands") against xorriso:
# for each ISO and data image, `vburn-img get IMAGE / DIR` must give the
# tree `xorriso -osirrox on -extract / DIR` gives for the same session
# (names, types, sizes, contents, link targets, modes, mtimes), and
# `vburn-img ls --json` its top level (tree_cmp.py). Images: the third-
# party ISOs (Rock Ridge, Joliet only, plain, deep, multi-extent, an
# ISO+UDF bridge, a two-session ISO with both sessions), a CUE/BIN data
# disc (its reference from bchunk's ISO), and the two-session ISO
# converted to NRG and CCD. Damaged volumes give a one-line
# error or a warning, never a crash, and nothing is written outside DEST.
#
# usage: tests/formats/files.sh BUILD_DIR

. "$(dirname "$0")/lib.sh"
fmt_setup files "$1"

CMP=$HERE/tree_cmp.py

# same_tree TEST IMAGE REF_ISO [XORRISO_LOAD...] [-- VBURN_OPTS...]: the
# tree of IMAGE through vburn-img equals xorriso's extraction of REF_ISO.
same_tree() {
	tt=$1 img=$2 ref=$3
	shift 3
	load=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		load="$load $1"
		shift
	done
	[ "${1:-}" = -- ] && shift
	rm -rf ref ours ls.json
	# shellcheck disable=SC2086 # $load is words for xorriso
	if ! xorriso $load -osirrox on -indev "$ref" -extract / ref \
	    >xo.log 2>&1; then
		fail "$tt" "xorriso cannot extract $ref: $(tail -n 1 xo.log)"
	elif ! "$IMG" get "$img" / ours "$@" 2>err; then
		fail "$tt" "get: $(cat err)"
	elif ! "$IMG" ls "$img" --json "$@" >ls.json 2>err; then
		fail "$tt" "ls: $(cat err)"
	elif ! python3 "$CMP" ref ours ls.json >cmp.out 2>&1; then
		fail "$tt" "$(cat cmp.out)"
	else
		pass "$tt ($(cat cmp.out))"
	fi
}

if have files-xorriso xorriso python3; then
	for f in copying-rr copying joliet deep-directory multi_extent_8k \
	    multi_extent_8k_joliet test-udf1; do
		t=files-$f
		data $t "$LD/$f.iso" && same_tree $t "$LD/$f.iso" "$LD/$f.iso"
	done
	t=files-freedos-joliet
	data $t "$UD/freedos-test.iso" &&
		same_tree $t "$UD/freedos-test.iso" "$UD/freedos-test.iso"

	# A two-session ISO: the last session by default, the first on
	# request; then the same disc as NRG and CCD (MDS and CUE cannot
	# hold its layout: data in a pregap, sessions without a gap)
	ms=$TD/local-xorriso/multisession.iso
	t=files-multisession
	if data $t "$ms"; then
		same_tree $t-last "$ms" "$ms"
		same_tree $t-session1 "$ms" "$ms" -load sbsector 32 -- \
			--session 1
		for fmt in nrg ccd; do
			if "$IMG" convert "$ms" "ms.$fmt" >/dev/null 2>err; then
				same_tree $t-$fmt "ms.$fmt" "$ms"
				same_tree $t-$fmt-session1 "ms.$fmt" "$ms" \
					-load sbsector 32 -- --session 1
			else
				fail $t-$fmt "convert: $(cat err)"
			fi
		done
	fi

	# CUE/BIN of a raw Mode 1 disc; bchunk's ISO of it is the reference
	t=files-cue-bin
	if have $t bchunk && data $t "$LD/isofs-m1.cue" "$LD/isofs-m1.bin"; then
		cp "$LD/isofs-m1.bin" "$LD/isofs-m1.cue" .
		if bchunk isofs-m1.bin isofs-m1.cue bc >/dev/null 2>&1 &&
		    [ -f bc01.iso ]; then
			same_tree $t isofs-m1.cue bc01.iso
		else
			fail $t "bchunk could not make the reference ISO"
		fi
	fi

	# --joliet and --plain: the other trees of the same volume
	t=files-trees
	if data $t "$LD/joliet.iso"; then
		if "$IMG" ls "$LD/joliet.iso" --plain >plain.txt 2>err &&
		    grep -q '^LIBCDIO$' plain.txt &&
		    "$IMG" ls "$LD/joliet.iso" --joliet --json >j.json 2>err &&
		    python3 -c 'import json,sys; d=json.load(open("j.json"));
assert d["tree"] == "joliet", d["tree"]
assert [e["name"] for e in d["entries"]] == ["libcdio"]' 2>err; then
			pass $t
		else
			fail $t "$(cat err plain.txt)"
		fi
	fi
fi

# UDF through libudf: get, ls --json (and mount, where FUSE is) equal
# 7z's extraction (names, sizes, contents, mtimes; 7z restores no modes)
# of libcdio's UDF 1.02 image, the UDF side of its ISO+UDF bridge, and a
# bridge genisoimage -udf makes with subdirectories, and that bridge
# converted to MDS/MDF and CCD/IMG (formats libcdio cannot open: libudf
# reads their data file through a CUE sheet written for it; 7z's
# reference is the bridge ISO, UDF_REF); --udf picks UDF where there is
# ISO 9660 too.
udf_tree() {
	tt=$1 img=$2
	shift 2
	rm -rf ref ours ls.json
	if ! 7z x -oref "${UDF_REF:-$img}" >/dev/null 2>&1; then
		fail "$tt" "7z cannot extract ${UDF_REF:-$img}"
	elif ! "$IMG" get "$img" / ours "$@" 2>err ||
	    ! "$IMG" ls "$img" --json "$@" >ls.json 2>>err; then
		fail "$tt" "$(cat err)"
	elif ! python3 "$CMP" ref ours ls.json --no-modes >cmp.out 2>&1; then
		fail "$tt" "$(cat cmp.out)"
	elif ! python3 -c 'import json,sys; assert json.load(open("ls.json"))["tree"] == "udf"'; then
		fail "$tt" "ls --json does not say udf"
	else
		pass "$tt ($(cat cmp.out))"
	fi
}
if have files-udf 7z python3 genisoimage; then
	t=files-udf102
	data $t "$LD/udf102.iso" && udf_tree $t "$LD/udf102.iso"
	t=files-udf-bridge
	data $t "$LD/test-udf1.iso" && udf_tree $t "$LD/test-udf1.iso" --udf
	mkdir -p ut/a/b
	head -c 300000 /dev/urandom >ut/a/big.bin
	echo udf >ut/a/b/small.txt
	touch -d "2010-01-02 03:04:05" ut/a/b/small.txt
	genisoimage -quiet -udf -R -o ut.iso ut 2>/dev/null &&
		udf_tree files-udf-genisoimage ut.iso --udf
	for f in mds ccd; do
		if "$IMG" convert ut.iso ut.$f >/dev/null 2>err; then
			UDF_REF=ut.iso udf_tree files-udf-$f ut.$f --udf
		else
			fail files-udf-$f "convert: $(cat err)"
		fi
	done
	if [ -e /dev/fuse ] && command -v fusermount3 >/dev/null &&
	    data files-udf-mount "$LD/udf102.iso"; then
		mkdir -p umnt && rm -rf ref && 7z x -oref "$LD/udf102.iso" >/dev/null
		if "$IMG" mount "$LD/udf102.iso" umnt 2>err; then
			if python3 "$CMP" ref umnt --no-modes >cmp.out 2>&1; then
				pass "files-udf-mount ($(cat cmp.out))"
			else
				fail files-udf-mount "$(cat cmp.out)"
			fi
			fusermount3 -u umnt
		else
			fail files-udf-mount "$(cat err)"
		fi
	fi
fi

# UDF 2.50 and 2.60 with a metadata partition (Blu-ray, Windows), which
# libudf cannot follow: read by tools/fs_udf25.c from the disc model.
# mkudf25.py writes the volume from a source tree (the kernel's udf is
# the independent judge of its images, in the VM: 31-load-tcmu); get,
# ls --json and mount must give the source tree back (names in CS0 8
# and 16, sizes, contents, modes, mtimes, link targets), from the image,
# from its MDS and CCD conversions, and with the Metadata File damaged
# (its mirror is read); a damaged File Set Descriptor is one line.
# udf25_same TEST IMAGE: the image's tree equals u25src.
udf25_same() {
	rm -rf ours ls.json
	if ! "$IMG" get "$2" / ours 2>err ||
	    ! "$IMG" ls "$2" --json >ls.json 2>>err; then
		fail "$1" "$(cat err)"
	elif ! python3 "$CMP" u25src ours ls.json >cmp.out 2>&1; then
		fail "$1" "$(cat cmp.out)"
	elif ! python3 -c 'import json; assert json.load(open("ls.json"))["tree"] == "udf"'; then
		fail "$1" "ls --json does not say udf"
	else
		pass "$1 ($(cat cmp.out))"
	fi
}
if have files-udf25 python3; then
	rm -rf u25src && mkdir -p u25src/a/b/c u25src/many
	head -c 3000000 /dev/urandom >u25src/a/big.bin
	echo small >u25src/a/b/s.txt
	: >u25src/empty
	for i in $(seq 1 150); do echo "$i" >u25src/many/entry_$i.txt; done
	echo latin >"u25src/café" && echo wide >"u25src/€日本"
	ln -s ../s.txt u25src/a/b/c/rel && ln -s /etc/hostname u25src/abs
	ln u25src/a/b/s.txt u25src/hard
	chmod 0640 u25src/a/b/s.txt && chmod 0750 u25src/a/b
	touch -d "2010-01-02 03:04:05" u25src/a/big.bin u25src/a/b
	for rev in 2.50 2.60; do
		if python3 "$HERE/mkudf25.py" --rev $rev --embed-max 1000 \
		    u25.iso u25src 2>err; then
			udf25_same files-udf25-$rev u25.iso
		else
			fail files-udf25-$rev "mkudf25.py: $(cat err)"
		fi
	done
	for f in mds ccd; do
		# (u25c: the CCD's sectors are u25c.img)
		if "$IMG" convert u25.iso u25c.$f >/dev/null 2>err; then
			udf25_same files-udf25-$f u25c.$f
		else
			fail files-udf25-$f "convert: $(cat err)"
		fi
	done
	# the Metadata File is the partition's block 0 (block 257): a bad
	# tag checksum there; then the File Set Descriptor, block 0 of the
	# metadata partition, where the Metadata File's first short_ad puts it
	# 7-Zip reads these volumes too, as long as they hold no symbolic
	# link (it refuses any ICB file type but 4 and 5): its extraction of
	# the tree without them is a second, independent judge
	t=files-udf25-7z
	if have $t 7z; then
		rm -rf u25nl ref7 ours && cp -a u25src u25nl &&
			find u25nl -type l -delete
		if ! python3 "$HERE/mkudf25.py" u25n.iso u25nl 2>err ||
		    ! 7z x -oref7 u25n.iso >/dev/null 2>>err; then
			fail $t "$(cat err)"
		elif ! "$IMG" get u25n.iso / ours 2>err ||
		    ! python3 "$CMP" ref7 ours --no-modes >cmp.out 2>&1; then
			fail $t "$(cat err cmp.out)"
		else
			pass "$t ($(cat cmp.out))"
		fi
	fi
	# the same volume with a Virtual Allocation Table (udf_vat.py), as a
	# disc written incrementally has it
	if python3 "$HERE/udf_vat.py" u25.iso u25v.iso 2>err; then
		udf25_same files-udf25-vat u25v.iso
	else
		fail files-udf25-vat "udf_vat.py: $(cat err)"
	fi
	cp u25.iso u25m.iso
	printf '\377' | dd of=u25m.iso bs=1 seek=$((257 * 2048 + 4)) \
		conv=notrunc 2>/dev/null
	udf25_same files-udf25-mirror u25m.iso
	t=files-udf25-damaged
	fsd=$(python3 -c 'import struct,sys
b = open("u25.iso", "rb").read()
print(257 + struct.unpack_from("<I", b, 257 * 2048 + 216 + 4)[0])')
	cp u25.iso u25d.iso
	printf '\377\377' | dd of=u25d.iso bs=1 seek=$((fsd * 2048 + 100)) \
		conv=notrunc 2>/dev/null
	if "$IMG" ls u25d.iso >/dev/null 2>err; then
		fail $t "a damaged File Set Descriptor listed"
	elif [ "$(wc -l <err)" = 1 ] && grep -q "damaged UDF volume" err; then
		pass "$t ($(cat err))"
	else
		fail $t "not one line: $(cat err)"
	fi
	if [ -e /dev/fuse ] && command -v fusermount3 >/dev/null; then
		mkdir -p umnt
		if "$IMG" mount u25.iso umnt 2>err; then
			if python3 "$CMP" u25src umnt >cmp.out 2>&1; then
				pass "files-udf25-mount ($(cat cmp.out))"
			else
				fail files-udf25-mount "$(cat cmp.out)"
			fi
			fusermount3 -u umnt
		else
			fail files-udf25-mount "$(cat err)"
		fi
	fi
fi

# VAT volumes as mkudffs makes them for write-once media (UDF 2.01 on a
# CD-R, 2.50 on a BD-R; mkudffs writes them empty): the root is found
# through the VAT and lists nothing.
if have files-udf-vat-mkudffs mkudffs udfinfo python3; then
	t=files-udf-vat-mkudffs
	ok=1
	for m in cdr:2.01 bdr:2.50; do
		rm -f v.img
		if ! mkudffs --new-file --media-type="${m%:*}" \
		    --udfrev="${m#*:}" --label=VAT v.img 2000 >/dev/null 2>err ||
		    ! udfinfo v.img 2>/dev/null | grep -q '^vatblock='; then
			ok=0
			fail $t "mkudffs $m made no VAT volume: $(cat err)"
		elif ! "$IMG" ls v.img --json >ls.json 2>err ||
		    ! python3 -c 'import json; d = json.load(open("ls.json"))
assert d["tree"] == "udf" and d["entries"] == [], d' 2>>err; then
			ok=0
			fail $t "$m: $(cat err)"
		fi
	done
	[ $ok = 1 ] && pass "$t (UDF 2.01 CD-R and 2.50 BD-R: empty roots through the VAT)"
fi

# Rock Ridge device nodes: PN read as the kernel's isofs reads it (major
# in the high word, minor in the low), where xorriso -lsdl shows the raw
# 64-bit value: copying-rr.iso has fd0 (block 2,0) and zero (char 1,5)
t=files-devices
if data $t "$LD/copying-rr.iso"; then
	if "$IMG" ls "$LD/copying-rr.iso" --json >dev.json 2>err &&
	    python3 -c 'import json; d = json.load(open("dev.json"))
e = {x["name"]: x for x in d["entries"]}
assert (e["fd0"]["type"], e["fd0"]["major"], e["fd0"]["minor"]) == ("block", 2, 0), e["fd0"]
assert (e["zero"]["type"], e["zero"]["major"], e["zero"]["minor"]) == ("char", 1, 5), e["zero"]' 2>err; then
		pass $t
	else
		fail $t "$(cat err)"
	fi
fi

# vburn-img mount (FUSE, where /dev/fuse exists): the mounted tree equals
# xorriso's extraction; fusermount3 -u and SIGTERM unmount; hard links
# show one inode and their count; a directory that is not empty is
# refused with one line.
t=files-mount
if [ ! -e /dev/fuse ]; then
	skip $t "no /dev/fuse on this machine"
elif have $t xorriso python3 fusermount3 && data $t "$TD/local-xorriso/multisession.iso" \
    "$LD/copying-rr.iso"; then
	mkdir -p mnt
	ok=1
	for img in "$TD/local-xorriso/multisession.iso" "$LD/copying-rr.iso" \
	    "$LD/joliet.iso"; do
		rm -rf ref
		xorriso -osirrox on -indev "$img" -extract / ref >/dev/null 2>&1
		if ! "$IMG" mount "$img" mnt 2>err; then
			ok=0
			fail $t "$img: $(cat err)"
			continue
		fi
		python3 "$CMP" ref mnt >cmp.out 2>&1 || {
			ok=0
			fail $t "$img: $(cat cmp.out)"
		}
		fusermount3 -u mnt || { ok=0; fail $t "fusermount3 -u failed"; }
	done
	# --session 1 in the foreground, ended by SIGTERM
	"$IMG" mount "$TD/local-xorriso/multisession.iso" mnt --session 1 -f \
		2>err &
	pid=$!
	n=0
	while [ ! -e mnt/ONE.TXT ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if [ -e mnt/s2 ] || [ ! -e mnt/ONE.TXT ]; then
		ok=0
		fail $t "--session 1 shows $(ls mnt | tr '\n' ' ')"
	fi
	kill -TERM $pid
	wait $pid
	rc=$?
	if [ $rc != 0 ] || grep -q " $(pwd)/mnt " /proc/mounts; then
		ok=0
		fail $t "SIGTERM: exit $rc, still mounted: $(grep mnt /proc/mounts)"
	fi
	# hard links (two records of one extent): one st_ino, st_nlink 2
	mkdir -p hl/d
	head -c 5000 /dev/urandom >hl/d/a
	ln hl/d/a hl/d/b
	xorriso -as mkisofs -quiet -R -o hl.iso hl/d 2>/dev/null
	if "$IMG" mount hl.iso mnt 2>err; then
		set -- $(stat -c '%i %h' mnt/a mnt/b)
		[ "$1" = "$3" ] && [ "$2" = 2 ] && [ "$4" = 2 ] || {
			ok=0
			fail $t "hard links: inode/links $*"
		}
		fusermount3 -u mnt
	else
		ok=0
		fail $t "hl.iso: $(cat err)"
	fi
	"$IMG" mount "$LD/copying-rr.iso" "$W" 2>err
	rc=$?
	if [ $rc != 1 ] || [ "$(wc -l <err)" != 1 ]; then
		ok=0
		fail $t "a directory that is not empty: exit $rc, $(cat err)"
	fi
	[ $ok = 1 ] && pass "$t (3 images equal xorriso's trees, --session 1, SIGTERM, hard links)"
fi

# Damaged volumes: ls and get exit 0 or 1 (never a signal), with one line
# on stderr when they fail, and get writes nothing outside its DEST.
t=files-damaged
ok=1
for f in "$LD/malformed.iso" "$LD/malformed2.iso" "$LD/bad-dir.iso"; do
	data $t "$f" || { ok=2; break; }
	mkdir -p sandbox && rm -rf sandbox/*
	"$IMG" ls "$f" -l >/dev/null 2>err
	a=$?
	"$IMG" get "$f" / sandbox/out >/dev/null 2>err2
	b=$?
	if [ $a -gt 1 ] || [ $b -gt 1 ]; then
		ok=0
		fail $t "$f: ls exit $a, get exit $b"
	elif [ $a = 1 ] && ! grep -q "$f" err; then
		ok=0
		fail $t "$f: ls failed without naming the file: $(cat err)"
	elif [ "$(ls sandbox)" != out ]; then
		ok=0
		fail $t "$f: get wrote outside DEST: $(ls sandbox)"
	fi
done
[ $ok = 1 ] && pass $t

# Looping trees (docs/formats.md "Hostile images"): an ISO 9660 volume and
# a UDF one whose two subdirectories point back at the root double at
# every level; ls, get and info must refuse them at once (timeout 20
# turns a hang into a failure) with one line naming the file and the
# loop, while the unpatched volumes list a, b and f.
t=files-loops
if have $t xorriso genisoimage python3; then
	ok=1
	rm -rf lsrc && mkdir -p lsrc/a lsrc/b && echo hi >lsrc/f
	xorriso -outdev loop-src.iso -map lsrc / -commit >/dev/null 2>&1
	genisoimage -quiet -udf -o loop-src-udf.iso lsrc
	for k in iso udf; do
		src=loop-src.iso opt=
		[ $k = udf ] && src=loop-src-udf.iso opt=--udf
		if [ "$("$IMG" ls "$src" $opt | tr '\n' ' ')" != "a b f " ]; then
			ok=0
			fail $t "$k: the sound volume does not list a b f"
		fi
		n=$(python3 "$HERE/loop_patch.py" $k "$src" loop-$k.iso) ||
			{ ok=0; fail $t "$k: loop_patch changed nothing"; continue; }
		[ "$n" = 2 ] || { ok=0; fail $t "$k: patched $n entries, not 2"; }
		rm -rf sandbox && mkdir sandbox
		for cmd in "ls loop-$k.iso $opt -l" "get loop-$k.iso / sandbox/o $opt"; do
			# shellcheck disable=SC2086 # cmd is split on purpose
			timeout 20 "$IMG" $cmd >/dev/null 2>err
			rc=$?
			if [ $rc != 1 ] || [ "$(wc -l <err)" != 1 ] ||
				! grep -q "loop-$k.iso.*loop" err; then
				ok=0
				fail $t "$k: $cmd: exit $rc (want 1): $(head -c 300 err)"
			fi
		done
	done
	[ $ok = 1 ] && pass "$t (ISO 9660 and UDF loops refused with one line; sound volumes list)"
fi

# Usage errors: exit 2; a missing path: exit 1 naming it
t=files-usage
"$IMG" ls >/dev/null 2>&1
a=$?
"$IMG" get only-image >/dev/null 2>&1
b=$?
"$IMG" ls /nonexistent.iso >/dev/null 2>&1
c=$?
# the tree choice is parsed in one place (fs_choice_arg) for all three
rcs=
for cmd in "ls x.iso --session 0" "get x.iso --session 100 / d" \
	"mount x.iso d --session" "mount x.iso d --session 1x" \
	"ls x.iso --bogus"; do
	# shellcheck disable=SC2086 # the words are the command line
	"$IMG" $cmd >/dev/null 2>&1
	rcs="$rcs $?"
done
if [ $a = 2 ] && [ $b = 2 ] && [ $c = 1 ] && [ "$rcs" = " 2 2 2 2 2" ]; then
	pass $t
else
	fail $t "exit $a/$b/$c,$rcs; wanted 2/2/1, 2 2 2 2 2"
fi

fmt_summary
