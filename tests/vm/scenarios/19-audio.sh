#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# 19-audio: audio burned in Track-At-Once, read back by programs no one
# here wrote:
#  - wodim -tao -audio burns two WAV files to a CD-R and cdrskin -tao two
#    more (raw PCM, as .wav too) to another;
#  - on the drive, cd-info lists two audio tracks and cdparanoia rips
#    each bit-exactly equal to the PCM of its WAV (headers left out);
#  - the capture (--format auto: CUE/BIN) splits with bchunk into tracks
#    equal to the same PCM, and vburn-img verify accepts it.
# vburn-e2e-timeout: 300
. "$(dirname "$0")/../lib.sh"

require_root
require_cmd wodim cdrskin cdparanoia cd-info bchunk python3
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

# same_pcm GOT WANT WHAT: the PCM after the 44-byte headers is equal. A
# ripper's track runs on over the next track's pregap (150 sectors of
# TAO silence here), so GOT may be longer: only WANT's length is
# compared, and GOT must have it all.
same_pcm()
{
	local n=$(($(file_size "$2") - 44))
	[ $(($(file_size "$1") - 44)) -ge "$n" ] ||
		fail "$3: $(($(file_size "$1") - 44)) bytes of PCM, not $n"
	cmp -n "$n" <(tail -c +45 "$1") <(tail -c +45 "$2") ||
		fail "$3: the PCM differs"
}

wav "$VBURN_TMP/t1.wav" 600 1
wav "$VBURN_TMP/t2.wav" 450 2

for burner in wodim cdrskin; do
	start_vburnd --media cd-r --image-dir "$VBURN_WORK/img-$burner"
	case $burner in
	wodim) must "wodim -tao -audio" wodim -v dev="$VBURN_DEV" -tao \
		-audio "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" ;;
	cdrskin) must "cdrskin -tao audio" cdrskin -v dev="$VBURN_DEV" \
		-tao -audio "$VBURN_TMP/t1.wav" "$VBURN_TMP/t2.wav" ;;
	esac
	n=$(cd-info --no-device-info --no-cddb -q -C "$VBURN_DEV" 2>&1 |
		cdinfo_tracks | grep -cE '^ *[0-9]+: [0-9:]+ +[0-9]+ audio')
	[ "$n" -eq 2 ] || fail "$burner: cd-info lists $n audio tracks, not 2"
	for t in 1 2; do
		rm -f "$VBURN_TMP/got.wav"
		cdparanoia -d "$VBURN_DEV" -q "$t" "$VBURN_TMP/got.wav" \
			>/dev/null 2>&1 || fail "$burner: cdparanoia of track $t failed"
		same_pcm "$VBURN_TMP/got.wav" "$VBURN_TMP/t$t.wav" \
			"$burner: cdparanoia's track $t"
	done
	pass "$burner -tao -audio: cd-info lists 2 audio tracks, cdparanoia rips both bit-exactly"
	vburnctl eject 0 >/dev/null # waits for the capture
	cue=$(ls "$VBURN_WORK/img-$burner"/*.cue) ||
		fail "$burner: no CUE capture in $VBURN_WORK/img-$burner"
	must "vburn-img verify" "$VBURN_BUILD/vburn-img" verify "$cue"
	bin=${cue%.cue}.bin
	(cd "$VBURN_TMP" && rm -f split*.wav &&
		bchunk -w "$bin" "$cue" split >/dev/null) ||
		fail "$burner: bchunk cannot split the capture"
	for t in 1 2; do
		same_pcm "$VBURN_TMP/split0$t.wav" "$VBURN_TMP/t$t.wav" \
			"$burner: bchunk's track $t of the capture"
	done
	pass "$burner: the CUE/BIN capture splits with bchunk into the same PCM"
	stop_vburnd || fail "vburnd did not stop cleanly"
done
