#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 19-audio: audio burned to CD-R, read back by programs no one here
# wrote:
#  - two WAV files burned by wodim -tao -audio, cdrskin -tao -audio,
#    wodim -dao -audio and cdrdao write (a CD_DA TOC), each to its own
#    CD-R (Track At Once, then Session At Once with a cue sheet);
#  - on the drive, cd-info lists two audio tracks and cdparanoia and
#    cd-paranoia rip each bit-exactly equal to the PCM of its WAV
#    (headers left out);
#  - the capture (--format auto: CUE/BIN) passes vburn-img verify, its
#    .bin is the two WAVs' PCM back to back, and bchunk splits it into
#    the same PCM.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd wodim cdrskin cdrdao cdparanoia cd-paranoia cd-info bchunk python3
require_build vburnd vburnctl vburn-img

# wav OUT SECTORS SEED: a 44.1 kHz 16-bit stereo WAV of SECTORS whole
# CD sectors of noise.
wav()
{
	python3 - "$1" "$2" "$3" <<'PY'
import random, struct, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
data = random.randbytes(n * 2352)
with open(path, "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16) +
            b"data" + struct.pack("<I", len(data)) + data)
PY
}

wav "$VBURN_TMP/t1.wav" 600 1
wav "$VBURN_TMP/t2.wav" 450 2

printf 'CD_DA\nTRACK AUDIO\nFILE "%s" 0\nTRACK AUDIO\nFILE "%s" 0\n' \
	"$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" >"$VBURN_TMP/audio.toc"
for burner in wodim cdrskin wodim-dao cdrdao; do
	start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-$burner"
	case $burner in
	wodim) must "wodim -tao -audio" wodim -v gracetime=0 dev="$VBURN_DEV" -tao \
		-audio "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" ;;
	cdrskin) must "cdrskin -tao audio" cdrskin -v dev="$VBURN_DEV" \
		-tao -audio "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" ;;
	wodim-dao) must "wodim -dao -audio" wodim -v gracetime=0 dev="$VBURN_DEV" -dao \
		-audio "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" ;;
	cdrdao) must "cdrdao write" cdrdao write --device "$VBURN_DEV" \
		--driver generic-mmc -n "$VBURN_TMP/audio.toc" ;;
	esac
	n=$(cd-info --no-device-info --no-cddb -q -C "$VBURN_DEV" 2>&1 |
		cdinfo_tracks | grep -cE '^ *[0-9]+: [0-9:]+ +[0-9]+ audio')
	[ "$n" -eq 2 ] || fail "$burner: cd-info lists $n audio tracks, not 2"
	for t in 1 2; do
		rip_same "$burner" "$VBURN_DEV" "$t" "$VBURN_TMP/t$t.wav"
	done
	pass "$burner: cd-info lists 2 audio tracks, cdparanoia and cd-paranoia rip both bit-exactly"
	vburnctl eject 0 >/dev/null # waits for the capture
	cue=$(ls "$VBURN_WORK/img-$burner"/*.cue) ||
		fail "$burner: no CUE capture in $VBURN_WORK/img-$burner"
	must "vburn-img verify" "$VBURN_BUILD/vburn-img" verify "$cue"
	bin=${cue%.cue}.bin
	(cd "$VBURN_TMP" && rm -f split*.wav &&
		bchunk -w "$bin" "$cue" split >/dev/null) ||
		fail "$burner: bchunk cannot split the capture"
	# The .bin holds both WAVs' PCM back to back: in TAO the pregap
	# between them is generated (PREGAP), after wodim -dao it is the
	# end of the first WAV, stored as track 2's INDEX 00.
	cmp "$bin" <(tail -q -c +45 "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav") ||
		fail "$burner: the capture's .bin is not the two WAVs' PCM"
	# bchunk cuts each track from its INDEX 01 to the next track's
	# first index, so an INDEX 00 it leaves out: track 1 is the start
	# of the first WAV, track 2 the whole second.
	cmp -n $(($(file_size "$VBURN_TMP/split01.wav") - 44)) \
		<(tail -c +45 "$VBURN_TMP/split01.wav") \
		<(tail -c +45 "$VBURN_TMP/t1.wav") ||
		fail "$burner: bchunk's track 1 differs from the first WAV"
	cmp <(tail -c +45 "$VBURN_TMP/split02.wav") \
		<(tail -c +45 "$VBURN_TMP/t2.wav") ||
		fail "$burner: bchunk's track 2 differs from the second WAV"
	pass "$burner: the CUE/BIN capture splits with bchunk into the same PCM"
	stop_vburnd || fail "vburnd did not stop cleanly"
done
