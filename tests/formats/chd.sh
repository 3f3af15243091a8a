#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Cross-validation of the CHD reader and writer (formats/chd*.c,
# docs/chd.md) against chdman 0.251 (Debian's mame-tools), the independent
# judge: what chdman makes of our test images we read with every sector and
# track fact equal; what we write, chdman verifies and extracts to the same
# bytes as its own CHD of the same source; a child made with --parent is
# read by chdman -ip and by us; round trips through CHD keep everything
# `vburn-img info --json` shows. chdman 0.251 writes broken CHDs of fewer
# than ~11 hunks (docs/chd.md "Pitfalls"), so every input has >= 128 frames.
#
# usage: tests/formats/chd.sh BUILD_DIR
# Output as tests/formats/run.sh: PASS/FAIL/SKIP lines, "N passed, N
# failed, N skipped", exit status 1 if anything failed.

. "$(dirname "$0")/lib.sh"
fmt_setup chd "$1"

# facts FILE: the track facts CHD keeps (docs/chd.md "What chdman keeps"),
# or with "all" everything info --json shows, as one line of JSON.
facts() {
	"$IMG" info --json "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
allf = sys.argv[1] == "all"
keep = ("number", "mode", "start", "length", "pregap", "postgap")
out = []
for s in d["sessions"]:
    for t in s["tracks"]:
        # a track with nothing stored has its zeros stored in a CHD
        t.pop("sector_size")
        out.append(t if allf else {k: t[k] for k in keep})
if allf:
    for k in ("media", "mcn", "cdtext", "leadout"):
        out.append(d.get(k))
    out.append([(s["number"], s["leadout"]) for s in d["sessions"]])
print(json.dumps(out, sort_keys=True))' "${2:-some}"
}

# bins X.cue: the BIN files a CUE names, concatenated (to compare data).
bins() {
	sed -n 's/^FILE "\(.*\)" .*/\1/p' "$1" | while read -r f; do
		cat "$(dirname "$1")/$f"
	done
}

# own SRC: a copy of the cue sheet SRC and its BIN in the work directory,
# named as the FILE line says (chdman does not match names regardless of
# case as libcdio's test sheets need); prints the copy's path.
own() {
	b=$(sed -n 's/^FILE "\(.*\)" .*/\1/p' "$1" | head -n 1)
	f=$(ls "$(dirname "$1")" | grep -i -x "$b" | head -n 1)
	mkdir -p own
	sed "s/^FILE \"$b\"/FILE \"$f\"/" "$1" >"own/$(basename "$1")"
	cp "$(dirname "$1")/$f" own/
	echo "$W/own/$(basename "$1")"
}

# A mixed disc chdman and we both read: a Mode 1 track of 2048-byte
# sectors and an audio track with a stored 2-second INDEX 00 (CUE with
# two FILEs); and an audio disc of three tracks, one with a stored INDEX
# 00, one with an unstored PREGAP (chdman 0.251 fails on a FILE of
# several tracks after another FILE, so that one is a disc of its own).
mkdir -p src
head -c 1200000 /dev/urandom >src/payload
xorrisofs -quiet -o mixed-data.iso -r src 2>/dev/null
head -c $((700 * 2352)) /dev/urandom >mixed-audio.bin
cat >mixed.cue <<'EOF'
FILE "mixed-data.iso" BINARY
  TRACK 01 MODE1/2048
    INDEX 01 00:00:00
FILE "mixed-audio.bin" BINARY
  TRACK 02 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
EOF
cat >audio3.cue <<'EOF'
FILE "mixed-audio.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 00 00:02:00
    INDEX 01 00:04:00
  TRACK 03 AUDIO
    PREGAP 00:02:00
    INDEX 01 00:06:00
EOF
# and its audio as a cdrdao TOC (chdman reads those too)
printf 'CD_DA\nTRACK AUDIO\nDATAFILE "mixed-audio.bin" 00:09:25\n' >audio.toc

# 1. chdman's CHD of each source is read by us: the same track facts and
#    the same data (our CUE of the CHD against our CUE of the source).
for src in "$LD/isofs-m1.cue" "$LD/cdda.cue" "$W/mixed.cue" "$W/audio3.cue" \
    "$W/audio.toc"; do
	t=chdman-to-vburn-$(basename "$src")
	have $t chdman xorrisofs && data $t "$src" || continue
	case $src in "$LD"/*) src=$(own "$src") ;; esac
	n=$(basename "$src" | tr . -)
	if ! chdman createcd -i "$src" -o "$n.chd" >/dev/null 2>&1; then
		fail $t "chdman createcd failed"
	elif ! "$IMG" convert "$n.chd" "$n-got.cue" 2>err ||
	    ! "$IMG" convert "$src" "$n-ref.cue" 2>>err; then
		fail $t "convert: $(cat err)"
	elif [ "$(facts "$n.chd")" != "$(facts "$src")" ]; then
		fail $t "track facts differ: $(facts "$n.chd") vs $(facts "$src")"
	elif ! bins "$n-got.cue" | cmp -s - "$n-ref.bin"; then
		# one BIN per session: the reference is a single session
		fail $t "data differs from the source's"
	else
		pass $t
	fi
done

# 2. Our CHD of each source: chdman verifies it, and extracts the same
#    bytes and cue sheet as from its own CHD of that source.
for src in "$LD/isofs-m1.cue" "$LD/cdda.cue" "$W/mixed.cue" "$W/audio3.cue"; do
	t=vburn-to-chdman-$(basename "$src")
	have $t chdman && data $t "$src" || continue
	case $src in "$LD"/*) src=$(own "$src") ;; esac
	n=$(basename "$src" | tr . -)
	if ! "$IMG" convert "$src" "$n-ours.chd" 2>err; then
		fail $t "convert: $(cat err)"
	elif ! chdman verify -i "$n-ours.chd" >out 2>&1; then
		fail $t "chdman verify: $(tail -n 1 out)"
	elif ! chdman extractcd -i "$n-ours.chd" -o "$n-o.cue" \
	    -ob "$n-o.bin" >out 2>&1; then
		fail $t "chdman extractcd: $(tail -n 1 out)"
	elif ! chdman createcd -i "$src" -o "$n-theirs.chd" >/dev/null 2>&1 ||
	    ! chdman extractcd -i "$n-theirs.chd" -o "$n-t.cue" \
		-ob "$n-t.bin" >/dev/null 2>&1; then
		fail $t "chdman could not make its own reference"
	elif ! cmp -s "$n-o.bin" "$n-t.bin"; then
		fail $t "extracted data differs from chdman's own CHD's"
	elif sed 1d "$n-o.cue" >o.txt && sed 1d "$n-t.cue" >t.txt &&
	    ! cmp -s o.txt t.txt; then
		fail $t "extracted cue sheet differs from chdman's"
	else
		echo "  $n: ours $(stat -c %s "$n-ours.chd") bytes, chdman's" \
			"$(stat -c %s "$n-theirs.chd")"
		pass $t
	fi
done

# 3. Round trips through CHD keep everything the disc model shows:
#    CD-TEXT, MCN, ISRC, indexes, CONTROL, and two sessions.
ms_iso
for src in "$LD/cdtext.toc" "$W/mixed.cue" "$W/audio3.cue" "$W/ms.iso"; do
	t=round-trip-$(basename "$src")
	data $t "$src" || continue
	n=$(basename "$src" | tr . -)
	if ! "$IMG" convert "$src" "$n-rt.chd" 2>err ||
	    ! "$IMG" convert "$n-rt.chd" "$n-rt.cue" 2>>err ||
	    ! "$IMG" convert "$src" "$n-src.cue" 2>>err; then
		fail $t "convert: $(cat err)"
	elif [ "$(facts "$n-rt.chd" all)" != "$(facts "$src" all)" ]; then
		fail $t "disc differs: $(facts "$n-rt.chd" all) vs" \
			"$(facts "$src" all)"
	elif ! bins "$n-rt.cue" >rt.data || ! bins "$n-src.cue" >src.data ||
	    ! cmp -s rt.data src.data; then
		fail $t "data differs"
	else
		pass $t
	fi
done

# 4. DVD: chdman createraw (2048-byte units; 0.251 has no createdvd) is
#    read by us; our DVD CHD is extracted by chdman extractraw. The DVD
#    disc comes from a manifest (docs/vbd.md) over the ISO.
t=dvd-createraw
if have $t chdman; then
	secs=$(($(stat -c %s mixed-data.iso) / 2048))
	cat >dvd.vbd <<EOF
vburn-disc 1
drive media=dvd-rom capacity=$secs next-start=$secs finalized=yes
file 1 committed=$((secs * 2048)) path="mixed-data.iso"
disc kind=dvd open=no
session 1 type=0x00 leadout=$secs
  track 1 mode=mode1 ctl=0x4 start=0 pregap=0 length=$secs
    extent sectors=$secs data=user size=2048 file=1 offset=0 stride=2048
end
EOF
	if ! chdman createraw -i mixed-data.iso -o raw.chd -us 2048 -hs 4096 \
	    >/dev/null 2>&1; then
		fail $t "chdman createraw failed"
	elif ! "$IMG" convert raw.chd raw-back.iso 2>err; then
		fail $t "convert: $(cat err)"
	elif ! cmp -s raw-back.iso mixed-data.iso; then
		fail $t "sectors differ from the ISO"
	else
		pass $t
	fi
	t=dvd-extractraw
	if ! "$IMG" convert dvd.vbd dvd.chd 2>err; then
		fail $t "convert: $(cat err)"
	elif [ "$("$IMG" info --json dvd.chd | python3 -c \
	    'import json,sys; print(json.load(sys.stdin)["media"])')" != dvd ]; then
		fail $t "not read back as a DVD"
	elif ! chdman verify -i dvd.chd >out 2>&1; then
		fail $t "chdman verify: $(tail -n 1 out)"
	elif ! chdman extractraw -i dvd.chd -o dvd-x.iso >out 2>&1 ||
	    ! cmp -s dvd-x.iso mixed-data.iso; then
		fail $t "chdman extractraw does not give the ISO back"
	else
		pass $t
	fi
fi

# 5. A child CHD: the mixed disc with a few audio frames changed, written
#    with --parent; chdman reads it with -ip, we read it beside its
#    parent; and chdman's own child (createcd -op) is read by us.
t=parent-child
if have $t chdman; then
	mkdir -p child
	cp mixed-data.iso mixed.cue child/
	cp mixed-audio.bin child/
	printf 'changed!' | dd of=child/mixed-audio.bin bs=1 seek=400000 \
		conv=notrunc 2>/dev/null
	mkdir -p par && cp mixed-cue-ours.chd par/p.chd 2>/dev/null ||
		"$IMG" convert mixed.cue par/p.chd
	if ! "$IMG" convert --parent par/p.chd child/mixed.cue par/c.chd \
	    2>err; then
		fail $t "convert --parent: $(cat err)"
	elif ! chdman verify -i par/c.chd -ip par/p.chd >out 2>&1; then
		fail $t "chdman verify -ip: $(tail -n 1 out)"
	elif ! chdman extractcd -i par/c.chd -ip par/p.chd -o c.cue \
	    -ob c.bin >out 2>&1 ||
	    ! chdman createcd -i child/mixed.cue -o ct.chd >/dev/null 2>&1 ||
	    ! chdman extractcd -i ct.chd -o ct.cue -ob ct.bin \
		>/dev/null 2>&1 || ! cmp -s c.bin ct.bin; then
		fail $t "chdman's extraction of the child differs"
	elif ! "$IMG" convert par/c.chd c-back.cue 2>err ||
	    ! "$IMG" convert child/mixed.cue c-ref.cue 2>>err ||
	    ! cmp -s c-back.bin c-ref.bin; then
		fail $t "our read of the child differs: $(cat err)"
	elif ! chdman createcd -i child/mixed.cue -o par/tc.chd \
	    -op par/p.chd >/dev/null 2>&1 ||
	    ! "$IMG" convert par/tc.chd tc.cue 2>err ||
	    ! cmp -s tc.bin c-ref.bin; then
		fail $t "chdman's child not read right: $(cat err)"
	else
		echo "  child of a $(stat -c %s par/p.chd)-byte parent:" \
			"$(stat -c %s par/c.chd) bytes (chdman's:" \
			"$(stat -c %s par/tc.chd))"
		pass $t
	fi
fi

# 6. A CHD with a corrupt block: verify names the file and the hunk, and
#    reading fails cleanly.
t=corrupt-block
if [ -f mixed-cue-ours.chd ]; then
	cp mixed-cue-ours.chd bad.chd
	# 4 bytes into the first stored block (its offset: map header)
	first=$(python3 -c 'import struct,sys
b=open(sys.argv[1],"rb").read(); m=struct.unpack_from(">Q",b,40)[0]
print(int.from_bytes(b[m+4:m+10],"big"))' bad.chd)
	printf '\377\377\377\377' | dd of=bad.chd bs=1 seek=$((first + 4)) \
		conv=notrunc 2>/dev/null
	if "$IMG" verify bad.chd >out 2>err; then
		fail $t "verify passed a corrupt file"
	elif [ "$(wc -l <err)" -ne 1 ] || ! grep -q 'bad.chd: hunk' err; then
		fail $t "not one line naming the hunk: $(cat err)"
	else
		pass $t
	fi
else
	skip $t "no CHD of ours to corrupt (test 2 did not run)"
fi

# 7. A parent that children need is neither overwritten by convert nor
#    removed by rm (docs/chd.md "Parent"); rm of the whole chain removes
#    children first; rm of a CUE removes its BINs too.
t=parent-kept
if [ -f par/p.chd ] && [ -f par/c.chd ] && [ -f par/tc.chd ]; then
	before=$(sha1sum <par/p.chd)
	"$IMG" convert child/mixed.cue par/p.chd >out 2>err
	rc1=$?
	"$IMG" rm par/p.chd >out 2>>err
	rc2=$?
	"$IMG" rm -n par/p.chd par/c.chd par/tc.chd >dry 2>>err
	rc3=$?
	order=$(tr '\n' ' ' <dry)
	mkdir -p rmcue && cp mixed.cue mixed-data.iso mixed-audio.bin rmcue/
	if [ $rc1 = 0 ] || [ $rc2 = 0 ]; then
		fail $t "convert ($rc1) or rm ($rc2) of a needed parent succeeded"
	elif [ "$(sha1sum <par/p.chd)" != "$before" ]; then
		fail $t "the parent changed"
	elif [ "$(grep -c 'p.chd: not .*the parent of' err)" != 2 ] ||
	    [ "$(wc -l <err)" != 2 ]; then
		fail $t "not one line each naming the parent: $(cat err)"
	elif [ $rc3 != 0 ] || [ "$(wc -l <dry)" != 3 ] ||
	    [ "$(tail -n 1 dry)" != par/p.chd ]; then
		fail $t "rm -n of the chain: rc $rc3, listed: $order"
	elif ! "$IMG" rm par/p.chd par/c.chd par/tc.chd 2>err ||
	    ls par/*.chd >/dev/null 2>&1; then
		fail $t "rm of the whole chain: $(cat err); left: $(ls par)"
	elif ! "$IMG" rm rmcue/mixed.cue 2>err ||
	    [ -n "$(ls rmcue)" ]; then
		fail $t "rm of a CUE left $(ls rmcue) $(cat err)"
	else
		pass $t
	fi
else
	skip $t "no parent and children (test 5 did not run)"
fi

fmt_summary
