# shellcheck shell=bash disable=SC2154
# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of bench/convert.sh (sourced, not run): making the inputs,
# timing every converter (best of $reps rounds, warm inputs, output
# fsynced), checking its output against the source ISO, printing rows.
# Uses from the caller (hence SC2154 off): $here, $vimg, $work, $reps,
# and the working directory holding big/ and small/.

export LC_ALL=C

die()
{
	echo "convert.sh: $*" >&2
	exit 1
}

tool_versions()
{
	local p v out=""

	for p in coreutils nrg2iso ccd2iso mdf2iso bchunk iat xorriso; do
		v=$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo none)
		out="$out $p $v,"
	done
	echo "${out%,}; $vimg built $(date -u -r "$vimg" '+%Y-%m-%d %H:%M UTC'), tree $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?')"
}

# make_inputs DIR MIB: DIR/src.iso holding MIB MiB of random files, and
# from it with vburn-img DIR/x.nrg (2048-byte DAO), x.ccd/img/sub,
# x.mds/mdf (2352) and x.cue/bin (MODE1/2352, converted from the MDS).
make_inputs()
{
	local dir=$1 left=$2 n=0 chunk

	mkdir -p "$dir/root"
	while [ "$left" -gt 0 ]; do
		chunk=$((left < 100 ? left : 100))
		head -c $((chunk * 1048576)) /dev/urandom >"$dir/root/f$n.bin"
		left=$((left - chunk))
		n=$((n + 1))
	done
	xorriso -as mkisofs -quiet -V VBURN_BENCH -o "$dir/src.iso" \
		"$dir/root" 2>/dev/null || die "xorriso failed"
	rm -rf "$dir/root"
	"$vimg" convert "$dir/src.iso" "$dir/x.nrg"
	"$vimg" convert "$dir/src.iso" "$dir/x.ccd"
	"$vimg" convert "$dir/src.iso" "$dir/x.mds"
	"$vimg" convert "$dir/x.mds" "$dir/x.cue"
	grep -q 'MODE1/2352' "$dir/x.cue" || die "$dir/x.cue is not MODE1/2352"
}

row_header()
{
	printf '%-10s %-8s %7s %7s %6s %7s %6s %5s %7s %s\n' converter input \
		best median MB/s x-cp x-iso cpu-s rss-KB correct
}

# median TIMES...: the middle value (upper middle of an even count).
median()
{
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
		END { print v[int(NR / 2) + 1] }'
}

# Elapsed seconds between two $EPOCHREALTIME values.
elapsed()
{
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'
}

# check_output MODE OUT FIRST_INPUT: 0 if OUT is right. iso: equal to
# big/src.iso; prefix: starts with it (nrg2iso copies the NRG chunks after
# the data too); copy: equal to the input (cp).
check_output()
{
	local mode=$1 out=$2 in=$3 n

	[ -f "$out" ] || return 1
	n=$(stat -c %s big/src.iso)
	case $mode in
	iso) cmp -s "$out" big/src.iso ;;
	prefix) [ "$(stat -c %s "$out")" -ge "$n" ] &&
		cmp -s -n "$n" "$out" big/src.iso ;;
	copy) cmp -s "$out" "$in" ;;
	esac
}

declare -A cp_secs rss_big
# the registered cases, one index each
c_name=() c_label=() c_inputs=() c_out=() c_mode=() c_cmd=()
c_best=() c_all=() c_cpu=() c_rss=() c_ok=()

# add NAME LABEL "INPUT FILES" OUT CHECK COMMAND...: registers a case.
add()
{
	local i=${#c_name[@]}

	c_name[i]=$1 c_label[i]=$2 c_inputs[i]=$3 c_out[i]=$4 c_mode[i]=$5
	shift 5
	c_cmd[i]=$(printf '%q ' "$@")
	c_best[i]="" c_all[i]="" c_cpu[i]="" c_rss[i]=0 c_ok[i]=yes
}

# run_once I: one timed run of case I. Before it: output removed, inputs
# read once (warm), sync. The time covers the command and `sync OUT`
# (fsync of the output file); the best time, its CPU seconds, the
# largest RSS and any wrong output are kept.
run_once()
{
	local i=$1 out=${c_out[$1]} t0 t1 secs m u s rc=0

	rm -f "$out"
	# shellcheck disable=SC2086
	cat ${c_inputs[i]} >/dev/null
	sync
	t0=$EPOCHREALTIME
	eval "/usr/bin/time -f '%M %U %S' -o \"\$work/time.txt\" ${c_cmd[i]}" \
		>"$work/run.log" 2>&1 || rc=$?
	[ -e "$out" ] && sync "$out"
	t1=$EPOCHREALTIME
	secs=$(elapsed "$t0" "$t1")
	c_all[i]="${c_all[i]} $secs"
	read -r m u s <"$work/time.txt" || true
	[ "${m:-0}" -gt "${c_rss[i]}" ] && c_rss[i]=$m
	if [ -z "${c_best[i]}" ] || awk -v a="$secs" -v b="${c_best[i]}" \
		'BEGIN { exit !(a < b) }'; then
		c_best[i]=$secs
		c_cpu[i]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	fi
	if [ "$rc" != 0 ]; then
		c_ok[i]="no (exit $rc: $(tail -n 1 "$work/run.log"))"
	elif ! check_output "${c_mode[i]}" "$out" "${c_inputs[i]%% *}"; then
		c_ok[i]="no (output differs)"
	elif [ "${c_mode[i]}" = prefix ]; then
		c_ok[i]="yes (first $(stat -c %s big/src.iso) bytes; +$(($(stat -c %s "$out") - $(stat -c %s big/src.iso))) trailing)"
	fi
	rm -f "$out"
}

# run_all: $reps rounds, each running every case once in order (round
# robin, so a change in the machine's load hits all tools alike).
run_all()
{
	local r i

	for ((r = 0; r < reps; r++)); do
		for i in "${!c_name[@]}"; do
			command -v "${c_cmd[i]%% *}" >/dev/null || continue
			run_once "$i"
		done
	done
}

# print_rows: the table. x-cp: best time over cp's best of the same
# input file; x-iso: over cp's best of the source ISO (the bytes every
# converter writes).
print_rows()
{
	local i f bytes mbs ratio riso med

	row_header
	for i in "${!c_name[@]}"; do
		[ "${c_name[i]}" = cp ] && cp_secs[${c_label[i]}]=${c_best[i]}
	done
	for i in "${!c_name[@]}"; do
		if [ -z "${c_best[i]}" ]; then
			printf '%-10s %-8s %7s %7s %6s %7s %6s %5s %7s %s\n' \
				"${c_name[i]}" "${c_label[i]}" - - - - - - - \
				"not installed"
			continue
		fi
		bytes=0
		for f in ${c_inputs[i]}; do
			bytes=$((bytes + $(stat -c %s "$f")))
		done
		[ "${c_name[i]}" = vburn-img ] && rss_big[${c_label[i]}]=${c_rss[i]}
		# shellcheck disable=SC2086
		med=$(median ${c_all[i]})
		mbs=$(awk -v b="$bytes" -v t="${c_best[i]}" \
			'BEGIN { printf "%.0f", b / 1e6 / t }')
		ratio=$(ratio_of "${c_best[i]}" "${cp_secs[${c_label[i]}]:-0}")
		riso=$(ratio_of "${c_best[i]}" "${cp_secs[iso]:-0}")
		printf '%-10s %-8s %7s %7s %6s %7s %6s %5s %7s %s\n' \
			"${c_name[i]}" "${c_label[i]}" "${c_best[i]}" "$med" \
			"$mbs" "$ratio" "$riso" "${c_cpu[i]}" "${c_rss[i]}" \
			"${c_ok[i]}"
	done
}

# ratio_of A B: A / B with two decimals, "-" without B.
ratio_of()
{
	awk -v a="$1" -v b="$2" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# Peak RSS of vburn-img convert on the small and the big inputs.
rss_scaling()
{
	local f label m u s small_bytes big_bytes

	small_bytes=$(stat -c %s small/src.iso)
	big_bytes=$(stat -c %s big/src.iso)
	printf '%-8s %14s %14s\n' input \
		"$((small_bytes / 1000000)) MB rss-KB" \
		"$((big_bytes / 1000000)) MB rss-KB"
	for f in nrg:nrg ccd:ccd/img mds:mds/mdf cue:cue/bin; do
		label=${f#*:}
		rm -f o.iso
		/usr/bin/time -f '%M %U %S' -o "$work/time.txt" \
			"$vimg" convert "small/x.${f%%:*}" o.iso ||
			die "vburn-img convert small/x.${f%%:*} failed"
		read -r m u s <"$work/time.txt"
		cmp -s o.iso small/src.iso || die "small/x.${f%%:*}: wrong ISO"
		printf '%-8s %14s %14s\n' "$label" "$m" "${rss_big[$label]:--}"
	done
	rm -f o.iso
}
