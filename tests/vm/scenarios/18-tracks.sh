#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 18-tracks: one session of two TAO data tracks on a blank CD-R, burned
# through the CUSE node by wodim (-tao -data a.iso b.iso) and by cdrskin
# (-tao a.iso b.iso), captured in every --format the daemon offers (iso,
# nrg, ccd, mds, cue, toc; a new daemon and blank per burn: 12 burns),
# reads back through the independent readers of docs/formats.md section 7 with
# every sector equal to what was burned:
#  - the track list: vburnctl status --json, READ TRACK INFORMATION
#    (sg_raw), cd-info on the drive and what each reader reports of the
#    image agree: track 1 at LBA 0, track 2 150 sectors (its TAO pregap)
#    after track 1's end as READ TRACK INFORMATION reports it (any run-out
#    counted in the track), the lead-out after track 2;
#  - the bytes: each reader's output equals a reference built from the two
#    ISOs alone (each track at its place, zero pregap and padding), sector
#    for sector; so does the flat ISO store; vburn-img verify passes on
#    the capture.
# A reader that is not installed makes the scenario SKIP at the end, after
# every other check ran; it never passes silently. Where a reader cannot
# judge a format variant (docs/formats.md section 7, "Limits found"), the
# comment at its check says what is compared instead.
# vburn-e2e-timeout: 900
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd wodim cdrskin genisoimage python3 sg_raw cd-info xorriso
require_build vburnd vburnctl vburn-img

missing=()
for c in nrg2iso iat ccd2iso mdf2iso cdrdao toc2cue bchunk; do
	command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
[ ${#missing[@]} -eq 0 ] ||
	note "not installed, their checks are left out: ${missing[*]}"
# has READER: the reader is installed.
has()
{
	[[ " ${missing[*]} " != *" $1 "* ]]
}

T=$VBURN_TMP
py=$T/tracks.py
cat >"$py" <<'EOF'
# One python start per burn (each costs seconds under TCG): waits until
# the capture is written, then prints one per line: the status (state,
# sessions, all closed, track list), the track lengths, the flat store,
# the last error, READ TRACK INFORMATION of each track, the capture
# descriptor's track list (.ccd, .mds; else "-") and its details, and how
# long the capture was waited for (ms). Track lists are "1@0 2@472 lo@772"
# (track@start LBA, lo@lead-out).
import configparser, json, os, struct, subprocess, sys, time

vburnctl, sock, fmt = sys.argv[1:4]


def lst(starts, lo):
    return " ".join("%d@%d" % (n, s) for n, s in starts) + " lo@%d" % lo


def status():
    return json.loads(subprocess.run(
        [vburnctl, "--socket", sock, "--json", "status", "0"],
        check=True, capture_output=True, text=True).stdout)


def ccd(path):  # CloneCD: [TRACK n] INDEX 1 and 0, the A2 entry's PLBA
    c = configparser.ConfigParser(strict=False)
    c.read(path)
    starts, lo, idx0 = [], None, []
    for sec in c.sections():
        if sec.startswith("TRACK "):
            n = int(sec.split()[1])
            starts.append((n, int(c[sec]["index 1"])))
            if "index 0" in c[sec]:
                idx0.append("%d:%s" % (n, c[sec]["index 0"]))
        elif sec.startswith("Entry ") and int(c[sec]["point"], 0) == 0xA2:
            lo = int(c[sec]["plba"])
    return lst(sorted(starts), lo), " ".join(idx0) or "-"


def mds(path):  # Alcohol MDS v1 (docs/formats.md section 3), little-endian
    b = open(path, "rb").read()
    if b[:16] != b"MEDIA DESCRIPTOR":
        return "not an MDS", "-"
    nses, = struct.unpack_from("<H", b, 0x14)
    soff, = struct.unpack_from("<I", b, 0x50)
    starts, files, lo = [], [], None
    for i in range(nses):  # session blocks; track blocks of 80 bytes
        _, lo, _, nblk, _, _, _, _, toff = struct.unpack_from(
            "<iiHBBHHII", b, soff + 24 * i)
        for k in range(nblk):
            o = toff + 80 * k
            point = b[o + 4]
            if not 1 <= point <= 99:
                continue
            xoff, ssz = struct.unpack_from("<IH", b, o + 0x0C)
            start, off = struct.unpack_from("<IQ", b, o + 0x24)
            pregap, length = struct.unpack_from("<II", b, xoff)
            starts.append((point, start))
            files.append("%d:%d/%d/%d+%d" % (point, off, ssz, pregap, length))
    return lst(starts, lo), " ".join(files)


t0 = time.monotonic()
s = status()
while s["capture"]["busy"] and time.monotonic() - t0 < 60:
    time.sleep(0.05)
    s = status()
if s["capture"]["busy"]:
    sys.exit("the capture is still busy after 60 s")
wait = time.monotonic() - t0
t = [t for se in s["sessions"] for t in se["tracks"]]
print(s["state"], len(s["sessions"]),
      all(se["closed"] for se in s["sessions"]),
      lst([(x["number"], x["start"]) for x in t], s["leadout"]))
print(" ".join("%d+%d/%d/%s/%d" % (x["number"], x["length"], x["pregap"],
               x["mode"], x["sector_size"]) for x in t))
print(s["image"])
print(s["last_error"] or "-")
rti = []
for f in sys.argv[4:]:  # READ TRACK INFORMATION: TRACK NUMBER, START, SIZE
    b = open(f, "rb").read()
    rti.append("%d@%d+%d" % (b[2], struct.unpack_from(">I", b, 8)[0],
                             struct.unpack_from(">I", b, 24)[0]))
print(" ".join(rti))
cap = os.path.splitext(s["image"])[0] + "." + fmt
print("\n".join(ccd(cap) if fmt == "ccd" else mds(cap) if fmt == "mds"
                else ("-", "-")))
print("%.0f" % (wait * 1000))
EOF

# The burned tracks: a.iso of more than 300 sectors, b.iso of fewer. A CD
# track lasts at least 4 s (300 sectors, Red Book), and both burners pad
# a shorter one with zeros to that size (wodim "padsize: 54 KB", libburn
# "Enforcing minimum track size of 614400 bytes"): track 2 is b.iso plus
# zeros, the only padding allowed anywhere below.
mkdir -p "$T/src/a" "$T/src/b"
head -c 400000 /dev/urandom >"$T/src/a/a.bin"
echo "track one" >"$T/src/a/one.txt"
head -c 200000 /dev/urandom >"$T/src/b/b.bin"
must "a.iso" genisoimage -quiet -R -o "$T/a.iso" "$T/src/a"
n1=$(($(file_size "$T/a.iso") / 2048))
len1=$((n1 > 300 ? n1 : 300))
# Where the drive puts track 2 (docs/clients.md 3.3, ECMA-130): after track 1
# and a 150-sector pregap. b.iso is made for that LBA (-C), so that its
# ISO 9660 tree reads there too.
start2=$((len1 + 150))
must "b.iso" genisoimage -quiet -R -C "0,$start2" -o "$T/b.iso" "$T/src/b" \
	2>/dev/null
n2=$(($(file_size "$T/b.iso") / 2048))
len2=$((n2 > 300 ? n2 : 300))
lo=$((start2 + len2))
if [ "$n1" -le 300 ] || [ "$n2" -ge 300 ]; then
	fail "ISOs of $n1 and $n2 sectors: want one above 300, one below"
fi
want_list="1@0 2@$start2 lo@$lo"
note "a.iso $n1 sectors, b.iso $n2 sectors; want $want_list"

# References from the ISOs alone: disc.ref is the disc by LBA up to the
# lead-out, zeros in the pregap and padding; packed.ref the two tracks
# back to back (padding included, pregap not), as data files that leave
# the pregap to the reader hold them.
disc=$T/disc.ref
packed=$T/packed.ref
truncate -s $((lo * 2048)) "$disc"
dd if="$T/a.iso" of="$disc" bs=2048 conv=notrunc status=none
dd if="$T/b.iso" of="$disc" bs=2048 seek="$start2" conv=notrunc status=none
truncate -s $(((len1 + len2) * 2048)) "$packed"
dd if="$T/a.iso" of="$packed" bs=2048 conv=notrunc status=none
dd if="$T/b.iso" of="$packed" bs=2048 seek="$len1" conv=notrunc status=none

# same WHAT FILE REF: FILE equals REF, size and every byte (on a
# difference, the first differing sector is named).
same()
{
	local out at
	[ "$(file_size "$2")" -eq "$(file_size "$3")" ] ||
		fail "$1: $(file_size "$2") bytes, want $(file_size "$3")"
	out=$(cmp "$2" "$3" 2>&1) || {
		echo "$out"
		at=${out##*byte }
		fail "$1: differs from sector $(((${at%%,*} - 1) / 2048)) on"
	}
	pass "$1: $(($(file_size "$3") / 2048)) sectors identical"
}

# list_is WHAT GOT [WANT]: what a reader reports, against WANT (default:
# the track list).
list_is()
{
	[ "$2" = "${3-$want_list}" ] ||
		fail "$1 reports '$2', want '${3-$want_list}'"
	pass "$1: $2"
}

# cd_info_list LOG: "1@0 2@472 lo@772" from cd-info's track list.
cd_info_list()
{
	awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] +[0-9]+ /{
		sub(":", "", $1); n = $1 == 170 ? "lo" : $1
		printf "%s%s@%d", sep, n, $3; sep = " " } END { print "" }' "$1"
}

# cdrdao_list LOG: "1@0 2@472 lo@772" from cdrdao show-toc: the START of
# each track, the END of the last.
cdrdao_list()
{
	awk '/^TRACK/ { n = $2 }
		/^ +START/ { gsub(/.*\( *|\).*/, "")
			printf "%s%d@%d", sep, n, $0; sep = " " }
		/^ +END/ { gsub(/.*\( *|\).*/, ""); end = $0 }
		END { printf " lo@%d\n", end }' "$1"
}

# bchunk_list LOG: where bchunk finds each track's data in the .bin
# (startsect, in sectors of the file) and the track's mode.
bchunk_list()
{
	sed -n 's/^Track *\([0-9]*\): *\([A-Z0-9/]*\) .*startsect \([0-9]*\) .*/\1@\3 \2/p' "$1" |
		tr '\n' ' ' | sed 's/ $//'
}

# check_drive WHAT: cd-info reads the drive's TOC (CDROMREADTOC*); its
# track list must be the one status and READ TRACK INFORMATION gave.
check_drive()
{
	cd-info -C "$VBURN_DEV" --no-cddb --no-header >"$T/cd-info.log" 2>&1 ||
		fail "$1: cd-info on the drive: $(tail -n 3 "$T/cd-info.log")"
	list_is "$1: cd-info on the drive" "$(cd_info_list "$T/cd-info.log")"
}

# check_nrg WHAT NRG: cd-info (libcdio's NRG driver) gives the track list;
# nrg2iso copies from byte 307200 (the first track's stored 150-sector
# pregap) to EOF, the NRG chunks included (docs/formats.md 1.4, 7), so its
# output is the disc by LBA followed by the chunk trailer, which is cut;
# iat finds block size and offset of the ISO itself and copies whole
# 2048-byte blocks; it reads in tiny pieces (7 s here under TCG), so it
# judges wodim's NRG only (cdrskin's is the same disc to the NRG writer).
# cd-read is left out: its NRG data path is off for 2048-byte tracks
# (docs/formats.md 7).
check_nrg()
{
	local what=$1 nrg=$2 out=$T/reader.iso
	cd-info --no-header --no-device-info --nrg-file "$nrg" \
		>"$T/nrg-info.log" 2>&1 ||
		fail "$what: cd-info --nrg-file: $(tail -n 3 "$T/nrg-info.log")"
	list_is "$what: cd-info --nrg-file" "$(cd_info_list "$T/nrg-info.log")"
	if has nrg2iso; then
		rm -f "$out"
		nrg2iso "$nrg" "$out" >/dev/null 2>&1
		[ -f "$out" ] || fail "$what: nrg2iso wrote nothing"
		[ "$(file_size "$out")" -eq $(($(file_size "$nrg") - 307200)) ] ||
			fail "$what: nrg2iso gave $(file_size "$out") bytes"
		truncate -s $((lo * 2048)) "$out"
		same "$what: nrg2iso, chunk trailer cut" "$out" "$disc"
	fi
	if [ "${what%%/*}" = wodim ] && has iat; then
		rm -f "$out"
		must "$what: iat" timeout 120 iat "$nrg" "$out" \
			</dev/null >"$T/iat.log" 2>&1
		same "$what: iat" "$out" "$disc"
	fi
}

# check_ccd WHAT CCD LIST DETAIL: the .ccd read with python's configparser
# (no Debian tool reports a CCD track list): INDEX 1 of each track, the A2
# entry, INDEX 0 of track 2 where its pregap starts (the end of track 1).
# ccd2iso turns every Mode 1 sector of the .img into its 2048 user bytes,
# the stored pregap of track 2 too: its output is the disc by LBA.
check_ccd()
{
	local what=$1 ccd=$2
	list_is "$what: .ccd [TRACK n] INDEX 1 and A2" "$3"
	list_is "$what: .ccd INDEX 0" "$4" "2:$len1"
	has ccd2iso || return 0
	rm -f "$T/reader.iso"
	must "$what: ccd2iso" ccd2iso "${ccd%.ccd}.img" "$T/reader.iso" \
		>"$T/ccd2iso.log" 2>&1
	same "$what: ccd2iso" "$T/reader.iso" "$disc"
}

# check_mds WHAT MDS LIST DETAIL: the .mds read per docs/formats.md 3 (python
# struct; no Debian tool reports an MDS track list): start of each track,
# session end, and per track MDF offset/sector size/pregap+length.
# mdf2iso (raw 2352-byte Mode 1 MDF only) turns the .mdf into user data,
# tracks back to back: the MDF leaves out track 2's pregap (the .mds says
# 150 sectors to generate).
check_mds()
{
	local what=$1 mds=$2
	list_is "$what: .mds track blocks" "$3"
	list_is "$what: .mds MDF layout" "$4" \
		"1:0/2352/150+$len1 2:$((len1 * 2352))/2352/150+$len2"
	has mdf2iso || return 0
	rm -f "$T/reader.iso"
	must "$what: mdf2iso" mdf2iso "${mds%.mds}.mdf" "$T/reader.iso" \
		>"$T/mdf2iso.log" 2>&1
	same "$what: mdf2iso" "$T/reader.iso" "$packed"
}

# check_cue_toc WHAT FMT FILE: cdrdao show-toc parses the CUE or TOC:
# each track's START and track 2's PREGAP, which the .bin does not hold;
# bchunk finds where each track's data starts in the .bin (for a TOC,
# through cdrdao's toc2cue). No reader on the list extracts MODE1/2048
# tracks (bchunk dumps them as .ugh at 2352-byte strides; cd-info and
# cd-read size 2048-byte tracks with 2352: docs/formats.md 7), so the user data
# compared is the .bin itself, which must hold the tracks back to back at
# the places bchunk found.
check_cue_toc()
{
	local what=$1 fmt=$2 f=$3 dir base got bin cue=$3
	dir=$(dirname "$f")
	base=$(basename "$f")
	bin=${f%.*}.bin
	if has cdrdao; then
		(cd "$dir" && cdrdao show-toc "$base") >"$T/show-toc.log" 2>&1 ||
			fail "$what: cdrdao show-toc: $(tail -n 3 "$T/show-toc.log")"
		got=$(cdrdao_list "$T/show-toc.log")
		if [ "$fmt" = cue ]; then
			# cdrdao 1.2.4 ends the last track of a MODE1/2048 CUE
			# early (END*, a length it estimates from the .bin, as
			# if INDEX positions counted 2352-byte sectors): only
			# the starts are compared.
			list_is "$what: cdrdao show-toc starts" "${got% lo@*}" \
				"${want_list% lo@*}"
		else
			list_is "$what: cdrdao show-toc" "$got"
		fi
		grep -q "PREGAP 00:02:00(   150)" "$T/show-toc.log" ||
			fail "$what: cdrdao sees no 150-sector pregap"
	fi
	if [ "$fmt" = toc ]; then
		cue=
		if has toc2cue; then
			cue=$T/toc2cue.cue
			(cd "$dir" && toc2cue "$base" "$cue") \
				>"$T/toc2cue.log" 2>&1 ||
				fail "$what: toc2cue: $(tail -n 3 "$T/toc2cue.log")"
		fi
	fi
	if [ -n "$cue" ] && has bchunk; then
		(cd "$T" && bchunk -v "$bin" "$cue" bchunk) \
			>"$T/bchunk.log" 2>&1 ||
			fail "$what: bchunk: $(tail -n 3 "$T/bchunk.log")"
		rm -f "$T"/bchunk[0-9]*
		list_is "$what: bchunk on $(basename "$cue"), data at" \
			"$(bchunk_list "$T/bchunk.log")" \
			"1@0 MODE1/2048 2@$len1 MODE1/2048"
	fi
	same "$what: .bin" "$bin" "$packed"
}

# check_iso WHAT ISO: the ISO capture is the flat store (compared for
# every format); xorriso reads each track's ISO 9660 tree at its LBA and
# gives the burned files back.
check_iso()
{
	local what=$1 iso=$2 k lba
	for k in a b; do
		lba=0
		[ $k = a ] || lba=$start2
		rm -rf "$T/x"
		must "$what: xorriso -extract at LBA $lba" xorriso \
			-load sbsector "$lba" -indev "$iso" -osirrox on \
			-extract / "$T/x" >"$T/xorriso.log" 2>&1
		diff -r "$T/src/$k" "$T/x" || fail "$what: files at $lba differ"
		chmod -R u+w "$T/x"
	done
	rm -rf "$T/x"
	pass "$what: xorriso reads both tracks' files, at LBA 0 and $start2"
}

burn()
{
	case $1 in
	wodim)
		# gracetime=0: no countdown before writing.
		wodim -v dev="$VBURN_DEV" gracetime=0 -tao -data \
			"$T/a.iso" "$T/b.iso"
		;;
	cdrskin)
		cdrskin -v dev="$VBURN_DEV" -tao "$T/a.iso" "$T/b.iso"
		;;
	esac
}

# ms FROM: milliseconds since FROM (an $EPOCHREALTIME).
ms()
{
	local a=${1/[.,]/} b=${EPOCHREALTIME/[.,]/}
	echo $(((b - a) / 1000))
}

# Images live on tmpfs (iat reads in tiny pieces; 9p is slow); a failed
# burn's directory is copied to the work share for a look afterwards.
# shellcheck disable=SC2016 # expanded when the cleanup runs
on_exit 'cp -a "$T"/img-* "$VBURN_WORK"/ 2>/dev/null'
t_all=$EPOCHREALTIME
burns=0
for fmt in iso nrg ccd mds cue toc; do
	for burner in wodim cdrskin; do
		what="$burner/$fmt"
		dir=$T/img-$fmt-$burner
		mkdir -p "$dir"
		start_vburnd --media cd-r --format "$fmt" --image-dir "$dir"
		t0=$EPOCHREALTIME
		burn "$burner" >"$dir/burn.log" 2>&1 || {
			tail -n 15 "$dir/burn.log"
			fail "$what: the burn failed"
		}
		t_burn=$(ms "$t0")
		t0=$EPOCHREALTIME
		# READ TRACK INFORMATION (52h) of tracks 1 and 2 by number.
		for n in 1 2; do
			sg_raw -r 48 -o "$dir/rti$n" "$VBURN_DEV" \
				52 01 00 00 00 0$n 00 00 30 00 >"$T/sg_raw.log" 2>&1 || {
				cat "$T/sg_raw.log"
				fail "$what: READ TRACK INFORMATION of track $n failed"
			}
		done
		mapfile -t st < <(python3 "$py" "$VBURN_BUILD/vburnctl" \
			"$VBURN_SOCKET" "$fmt" "$dir/rti1" "$dir/rti2")
		[ ${#st[@]} -eq 8 ] || fail "$what: status: ${st[*]}"
		[ "${st[3]}" = - ] || fail "$what: last error: ${st[3]}"
		list_is "$what: status --json" "${st[0]}" \
			"complete 1 True $want_list"
		list_is "$what: status --json lengths" "${st[1]}" \
			"1+$len1/150/mode1/2048 2+$len2/150/mode1/2048"
		# The TAO gap: track 2 starts 150 sectors after track 1's start
		# + size as READ TRACK INFORMATION reports them (a run-out the
		# drive counted would be in the size).
		[[ ${st[4]} =~ ^1@([0-9]+)\+([0-9]+)\ 2@([0-9]+)\+([0-9]+)$ ]] ||
			fail "$what: READ TRACK INFORMATION: '${st[4]}'"
		gap=$((BASH_REMATCH[3] - BASH_REMATCH[1] - BASH_REMATCH[2]))
		[ "$gap" -eq 150 ] ||
			fail "$what: track 2 starts $gap sectors after track 1's end"
		list_is "$what: READ TRACK INFORMATION, TAO gap 150" "${st[4]}" \
			"1@0+$len1 2@$start2+$len2"
		check_drive "$what"
		flat=${st[2]}
		same "$what: flat ISO store" "$flat" "$disc"
		cap=${flat%.iso}.$fmt
		[ -f "$cap" ] || fail "$what: no capture $cap"
		must "$what: vburn-img verify" "$VBURN_BUILD/vburn-img" verify \
			"$cap"
		case $fmt in
		iso) check_iso "$what" "$cap" ;;
		nrg) check_nrg "$what" "$cap" ;;
		ccd) check_ccd "$what" "$cap" "${st[5]}" "${st[6]}" ;;
		mds) check_mds "$what" "$cap" "${st[5]}" "${st[6]}" ;;
		cue | toc) check_cue_toc "$what" "$fmt" "$cap" ;;
		esac
		stop_vburnd || fail "$what: vburnd did not stop cleanly"
		rm -rf "$dir"
		burns=$((burns + 1))
		note "$what: burn $t_burn ms, capture idle after ${st[7]} ms of polling," \
			"checks $(ms "$t0") ms"
	done
done
note "$burns burns and their checks: $(ms "$t_all") ms"

[ ${#missing[@]} -eq 0 ] ||
	skip "all else passed; not checked without ${missing[*]}"
