#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 16-readback: what xorriso burned is read back through the drive by
# readers that share no code with the burner, and compared byte for byte
# with the captured image and the source files.
#  - CD-R (TAO, closed) and DVD+R: readom (wodim's reader) copies the
#    whole medium; xorriso -osirrox extracts the files; sg_raw READ(10)
#    and READ(12) fetch blocks at chosen LBAs (sg3_utils' sg_dd and
#    sg_read use read() on a node that is neither sg nor a block device,
#    so on CUSE they must fail loudly, docs/clients.md 1.8 / 2.7); cd-info
#    (libcdio: TOC ioctls and CDROM_SEND_PACKET; its data-sector reads use
#    read() and fail by design, docs/clients.md 2.5) shows the track list and
#    lead-out; cdrdao read-toc writes a TOC with one MODE1 track of the
#    right length, and cdrdao read-cd copies the track.
#  - CD-R with two xorriso sessions: cdrdao disk-info and cd-info show two
#    sessions and the start of the second where xorriso -toc has it.
# Checks that fail because of a known gap in the drive are collected and
# fail the scenario at the end, after every other check has run.
# vburn-e2e-timeout: 900
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd xorriso readom sg_raw sg_dd sg_read cd-info cdrdao
require_build vburnd vburnctl

gaps=()
# gap MSG: a check failed because the drive lacks something; the
# scenario goes on and fails at the end.
gap()
{
	echo "FAIL (deferred): $*"
	gaps+=("$*")
}

# msf LBA: the absolute MSF of an LBA (MSF counts the 150-sector pregap).
msf()
{
	local x=$(($1 + 150))
	printf '%02d:%02d:%02d' $((x / 4500)) $((x / 75 % 60)) $((x % 75))
}

# read_blocks OPC LBA COUNT OUT: READ(10) (28) or READ(12) (a8) through
# SG_IO with sg_raw, data into OUT.
read_blocks()
{
	local opc=$1 lba=$2 count=$3 out=$4 a cdb
	a=$(printf '%02x %02x %02x %02x' $((lba >> 24 & 255)) \
		$((lba >> 16 & 255)) $((lba >> 8 & 255)) $((lba & 255)))
	if [ "$opc" = 28 ]; then
		cdb="28 00 $a 00 $(printf '%02x %02x' $((count >> 8)) \
			$((count & 255))) 00"
	else
		cdb="a8 00 $a 00 00 $(printf '%02x %02x' $((count >> 8)) \
			$((count & 255))) 00 00"
	fi
	# shellcheck disable=SC2086 # the CDB is a list of words
	sg_raw -r $((count * 2048)) -o "$out" "$VBURN_DEV" $cdb \
		>"$VBURN_TMP/sg_raw.log" 2>&1 || {
		cat "$VBURN_TMP/sg_raw.log"
		return 1
	}
}

# check_blocks WHAT IMG LBA COUNT OPC: blocks read through the drive equal
# the same blocks of the captured image.
check_blocks()
{
	local what=$1 img=$2 lba=$3 count=$4 opc=$5 got=$VBURN_TMP/blk
	read_blocks "$opc" "$lba" "$count" "$got" ||
		fail "$what: sg_raw $opc at LBA $lba x $count failed"
	cmp -s "$got" <(dd if="$img" bs=2048 skip="$lba" count="$count" \
		2>/dev/null) ||
		fail "$what: LBA $lba x $count ($opc) differs from the image"
	pass "$what: sg_raw $opc LBA $lba x $count identical to the image"
}

# check_readom WHAT IMG: readom copies the medium; equal to the capture.
check_readom()
{
	local what=$1 img=$2 out=$VBURN_TMP/readom.iso
	rm -f "$out"
	readom dev="$VBURN_DEV" f="$out" >"$VBURN_TMP/readom.log" 2>&1 ||
		fail "$what: readom failed: $(tail -n 3 "$VBURN_TMP/readom.log")"
	grep -E '^(Capacity|Read )' "$VBURN_TMP/readom.log"
	cmp "$out" "$img" || fail "$what: readom's copy differs from the image"
	pass "$what: readom copied $(file_size "$out") bytes, identical"
}

# check_extract WHAT SRC: xorriso reads the file tree back; same files.
check_extract()
{
	local what=$1 src=$2 dir=$VBURN_TMP/extract
	rm -rf "$dir"
	must "$what: xorriso -extract" xorriso -indev "$VBURN_DEV" \
		-osirrox on -extract / "$dir" >"$VBURN_TMP/extract.log" 2>&1
	diff -r "$src" "$dir" || fail "$what: extracted files differ"
	pass "$what: xorriso -extract gives the source files back"
	chmod -R u+w "$dir" && rm -rf "$dir"
}

# check_sg_dd WHAT: sg_dd and sg_read read a CUSE node with read(), which
# must fail with EIO rather than return data (docs/clients.md 1.8).
check_sg_dd()
{
	local what=$1 out=$VBURN_TMP/sg_dd.bin
	rm -f "$out"
	if sg_dd if="$VBURN_DEV" of="$out" bs=2048 count=16 \
		>"$VBURN_TMP/sg_dd.log" 2>&1; then
		fail "$what: sg_dd read the node with read() and succeeded"
	fi
	grep -q "Input/output error" "$VBURN_TMP/sg_dd.log" ||
		fail "$what: sg_dd failed without EIO: $(cat "$VBURN_TMP/sg_dd.log")"
	[ ! -s "$out" ] || fail "$what: sg_dd wrote data from read()"
	pass "$what: sg_dd (read() on a non-sg char node) fails with EIO"
	if sg_read if="$VBURN_DEV" bs=2048 count=16 >"$VBURN_TMP/sg_read.log" 2>&1
	then
		fail "$what: sg_read read the node with read() and succeeded"
	fi
	grep -q "Input/output error" "$VBURN_TMP/sg_read.log" ||
		fail "$what: sg_read failed without EIO: $(cat "$VBURN_TMP/sg_read.log")"
	pass "$what: sg_read (read() as well) fails with EIO"
}

# cd_info_tracks: "N LSN TYPE" per track of cd-info's track list, the
# lead-out as "170 LSN leadout MSF".
cd_info_tracks()
{
	awk '/^ *[0-9]+: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] +[0-9]+ /{
		sub(":", "", $1); printf "%s %d %s", $1, $3, $4
		if ($1 == 170) printf " %s", $2
		printf "\n" }' "$1"
}

# check_cd_info WHAT BLOCKS STARTS...: cd-info's track list has the
# tracks at STARTS (LBAs), the lead-out at BLOCKS.
check_cd_info()
{
	local what=$1 blocks=$2 log=$VBURN_TMP/cd-info.log want n t
	shift 2
	# For a DVD, cd-info stops after naming the disc type unless --dvd.
	local dvd=
	case "$what" in dvd*) dvd=--dvd ;; esac
	cd-info -C "$VBURN_DEV" --no-cddb $dvd >"$log" 2>&1 ||
		fail "$what: cd-info failed: $(tail -n 3 "$log")"
	sed -n '/Track List/,/Last CD Session/p' "$log"
	want=
	n=0
	for t in "$@"; do
		n=$((n + 1))
		want+="$n $t data"$'\n'
	done
	want+="170 $blocks leadout $(msf "$blocks")"
	[ "$(cd_info_tracks "$log")" = "$want" ] ||
		fail "$what: cd-info track list is not: ${want//$'\n'/; }"
	pass "$what: cd-info lists $n track(s) at $*," \
		"lead-out $blocks ($(msf "$blocks"))"
	# The last session's LSN is a CD notion cd-info prints only for CDs.
	[ -z "$dvd" ] || return 0
	n=$(sed -n 's/^Last CD Session LSN: *\([0-9]*\).*/\1/p' "$log")
	[ "$n" = "${*: -1}" ] ||
		fail "$what: cd-info's last session LSN is '$n', want ${*: -1}"
	pass "$what: cd-info's last session starts at LSN $n"
}

# check_cdrdao_toc WHAT BLOCKS: cdrdao read-toc gives one MODE1 track of
# BLOCKS sectors, and reads it without errors.
check_cdrdao_toc()
{
	local what=$1 blocks=$2 toc=$VBURN_TMP/read.toc want
	local log=$VBURN_TMP/cdrdao.log
	rm -f "$toc"
	cdrdao read-toc --device "$VBURN_DEV" --driver generic-mmc "$toc" \
		>"$log" 2>&1 || fail "$what: cdrdao read-toc failed: $(tail -n 3 "$log")"
	grep -E '^( *[0-9]+|Leadout) ' "$log"
	cat "$toc"
	if [ "$(grep -c '^TRACK ' "$toc")" != 1 ] ||
		! grep -q '^TRACK MODE1$' "$toc"; then
		fail "$what: cdrdao's TOC is not one MODE1 track"
	fi
	want="$(msf $((blocks - 150))) // length in bytes: $((blocks * 2048))"
	grep -q "^DATAFILE .* $want\$" "$toc" ||
		fail "$what: cdrdao's track is not $blocks sectors long"
	pass "$what: cdrdao read-toc: one MODE1 track of $blocks sectors"
	# cdrdao reads a sector of the track (READ CD) to learn its mode,
	# and the MCN with READ SUB-CHANNEL; both are mandatory for the CD
	# Read feature and the page 2A bits this drive reports.
	if grep -q "Cannot read sector of track" "$log"; then
		gap "$what: cdrdao could not read a sector to learn the track mode (READ CD)"
	fi
	if grep -q "Cannot get catalog number" "$log"; then
		gap "$what: cdrdao could not read the MCN (READ SUB-CHANNEL)"
	fi
}

# check_cdrdao_read_cd WHAT IMG: cdrdao read-cd copies the data track
# (READ CD, MMC-6 6.18, mandatory with the CD Read feature the drive
# reports); the copy equals the capture.
check_cdrdao_read_cd()
{
	local what=$1 img=$2 bin=$VBURN_TMP/read-cd.bin log=$VBURN_TMP/read-cd.log
	rm -f "$bin" "$VBURN_TMP/read-cd.toc"
	if ! cdrdao read-cd --device "$VBURN_DEV" --driver generic-mmc \
		--datafile "$bin" "$VBURN_TMP/read-cd.toc" >"$log" 2>&1; then
		tail -n 7 "$log"
		gap "$what: cdrdao read-cd cannot copy the data track (READ CD)"
		return
	fi
	cmp "$bin" "$img" || fail "$what: cdrdao read-cd's copy differs"
	pass "$what: cdrdao read-cd copied the track, identical to the image"
}

src=$VBURN_TMP/src
mkdir -p "$src/d"
head -c 700000 /dev/urandom >"$src/a.bin"
head -c 300000 /dev/urandom >"$src/d/b.bin"
echo "read me back" >"$src/d/c.txt"
iso=$VBURN_TMP/source.iso
must "make the ISO" xorriso -as mkisofs -quiet -R -J -o "$iso" "$src"

for media in cd-r dvd+r; do
	start_vburnd -v --media "$media" --image-dir "$VBURN_WORK/img-$media"
	must "$media: burn" xorriso -as cdrecord dev="$VBURN_DEV" "$iso" \
		>"$VBURN_TMP/burn.log" 2>&1
	img=$(captured_image)
	[ -f "$img" ] || fail "$media: no captured image"
	blocks=$(($(file_size "$img") / 2048))
	[ "$(sha256_prefix "$img" "$(file_size "$iso")")" = \
		"$(sha256sum <"$iso" | cut -d' ' -f1)" ] ||
		fail "$media: the capture does not hold the ISO"
	note "$media: $blocks blocks captured"

	check_readom "$media" "$img"
	check_extract "$media" "$src"
	check_blocks "$media" "$img" 0 32 28
	check_blocks "$media" "$img" 16 1 a8
	check_blocks "$media" "$img" $((blocks - 1)) 1 28
	check_sg_dd "$media"
	check_cd_info "$media" "$blocks" 0
	if [ "$media" = cd-r ]; then
		grep -q "Disc mode is listed as: CD-DATA (Mode 1)" \
			"$VBURN_TMP/cd-info.log" ||
			fail "cd-r: cd-info's disc mode is not CD-DATA (Mode 1)"
		check_cdrdao_toc "$media" "$blocks"
		check_cdrdao_read_cd "$media" "$img"
	else
		# libcdio asks DVD_READ_STRUCT first; without it, a DVD is
		# taken for a CD from CDROM_DISC_STATUS.
		grep -q "Disc mode is listed as: DVD+R" \
			"$VBURN_TMP/cd-info.log" ||
			gap "dvd+r: cd-info says '$(sed -n 's/^Disc mode is listed as: //p' \
				"$VBURN_TMP/cd-info.log")', not DVD+R (DVD_READ_STRUCT)"
	fi
	stop_vburnd || fail "vburnd did not stop cleanly"
done

# Two sessions on a CD-R.
start_vburnd -v --media cd-r --image-dir "$VBURN_WORK/img-ms"
msrc=$VBURN_TMP/msrc
for s in 1 2; do
	mkdir -p "$msrc/s$s"
	head -c $((200000 * s)) /dev/urandom >"$msrc/s$s/f.bin"
	must "session $s" xorriso -dev "$VBURN_DEV" -map "$msrc/s$s" "/s$s" \
		-commit >"$VBURN_TMP/burn.log" 2>&1
done
toc=$(xorriso -indev "$VBURN_DEV" -toc 2>&1)
echo "$toc" | grep -E '^(ISO session|Media (blocks|summary))'
start2=$(echo "$toc" |
	sed -n 's/^ISO session *: *2 , *\([0-9]*\) ,.*/\1/p')
[ -n "$start2" ] || fail "xorriso -toc shows no session 2"
img=$(captured_image)
blocks=$(($(file_size "$img") / 2048))

log=$VBURN_TMP/disk-info.log
cdrdao disk-info --device "$VBURN_DEV" --driver generic-mmc >"$log" 2>&1 ||
	fail "cdrdao disk-info failed: $(tail -n 3 "$log")"
grep -E '^(Sessions|Last Track|Appendable|Start of)' "$log"
for want in 'Sessions *: 2' 'Last Track *: 2' 'Appendable *: yes'; do
	grep -q "^$want\$" "$log" || fail "cdrdao disk-info: no '$want'"
done
grep -q "^Start of last session: $start2 ($(msf "$start2"))\$" "$log" ||
	fail "cdrdao disk-info: start of last session is not $start2"
pass "cdrdao disk-info: 2 sessions, the last at $start2 ($(msf "$start2"))"
check_cd_info "two sessions" "$blocks" 0 "$start2"
check_extract "two sessions" "$msrc"
check_blocks "two sessions" "$img" "$start2" 32 28
stop_vburnd || fail "vburnd did not stop cleanly"

[ ${#gaps[@]} -eq 0 ] ||
	fail "${#gaps[@]} check(s) failed on drive gaps:" \
		"$(printf '%s; ' "${gaps[@]}")"
