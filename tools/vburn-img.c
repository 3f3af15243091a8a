/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vburn-img: the image tool (docs/architecture.md command-line contract). info
 * (a table or --json in the shared disc shape), convert (format from the output
 * extension or --format), verify (structure, every sector readable, EDC/ECC of
 * raw sectors once the sector module provides it), extract --track N (ISO for
 * data tracks, WAV for audio). Exit 0 on success, 1 on failure with one line
 * naming the file, 2 on usage errors. A progress bar is drawn only when stderr
 * is a terminal.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "img_cmd.h"
#include "vburn/bytes.h"
#include "vburn/disc_json.h"
#include "vburn/chd.h"
#include "vburn/img.h"
#include "vburn/sector.h"
#include "vburn/version.h"

static const char *prog_name = "vburn-img";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s info IMAGE [--json]\n"
		"       %s convert IN OUT [--format FMT] [--parent CHD]\n"
		"       %s verify IMAGE\n"
		"       %s extract IMAGE --track N OUT\n"
		"       %s ls IMAGE [PATH] [--session N] [-l] [--json]\n"
		"       %s get IMAGE PATH... DEST [--session N]\n"
		"       %s mount IMAGE DIR [--session N] [-f]\n"
		"       %s burn IMAGE [DEVICE] [--session N] [--dummy] "
		"[--speed N] [--eject] [--blank]\n"
		"       %s hash IMAGE [--name NAME] [--json | --dat]\n"
		"       %s rm IMAGE... [-n]\n"
		"       %s --version\n"
		"  ls, get, mount: --joliet, --rockridge, --plain or --udf "
		"picks the tree\n"
		"  burn: all sessions, or only N; DEVICE: the one writable "
		"drive there is\n",
		prog_name, prog_name, prog_name, prog_name, prog_name,
		prog_name, prog_name, prog_name, prog_name, prog_name,
		prog_name);
	/* from the registry, so the list is never stale */
	fputs("formats:", f);
	for (int w = 0; w < 2; w++) {
		const struct img_ops *ops;

		for (unsigned i = 0; (ops = vb_img_format_at(i)); i++)
			if (!w || ops->write)
				fprintf(f, " %s", ops->name);
		fputs(w ? " (writing)\n" : " (reading);", f);
	}
}

int img_cmd_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* ---- progress bar (stderr is a terminal only) ---- */

static void progress_fn(void *ctx, uint64_t done, uint64_t total)
{
	const char *what = ctx;
	static int last = -1;
	int pct = total ? (int)(done * 100 / total) : 100, i;

	if (pct == last)
		return;
	last = pct;
	fprintf(stderr, "\r%s [", what);
	for (i = 0; i < 40; i++)
		fputc(i < pct * 40 / 100 ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	if (done >= total)
		fputc('\n', stderr);
}

static struct vb_progress progress_for(const char *what)
{
	struct vb_progress p = { NULL, NULL };

	if (isatty(STDERR_FILENO)) {
		p.fn = progress_fn;
		p.ctx = (void *)(uintptr_t)what;
	}
	return p;
}

/* ---- info ---- */

static const char *kind_name(enum vb_disc_kind k)
{
	return k == VB_DISC_DVD ? "dvd" : k == VB_DISC_BD ? "bd" : "cd";
}

static const char *cdtext_name(uint8_t type)
{
	static const char *const n[] = {
		"title",    "performer", "songwriter", "composer",
		"arranger", "message",	 "disc_id",    "genre",
	};

	if (type >= 0x80 && type < 0x88)
		return n[type - 0x80];
	return type == 0x8e ? "upc_isrc" : "other";
}

/* The "chd" member of info --json (docs/chd.md): figures and chain. */
static void info_chd_json(struct fmt_text *b, const struct vb_chd_info *c)
{
	static const char *const type[VB_CHD_TYPES] = {
		NULL, NULL, NULL, NULL, "none", "self", "parent", "zero",
	};
	unsigned i, n = 0;

	fmt_printf(b,
		   "\"chd\": {\"version\": 5, \"hunk_bytes\": %u, "
		   "\"unit_bytes\": %u, \"hunks\": %u, \"logical_bytes\": "
		   "%llu, \"file_bytes\": %llu, \"ratio\": %.4f, "
		   "\"codecs\": [",
		   c->hunkbytes, c->unitbytes, c->hunks,
		   (unsigned long long)c->logical,
		   (unsigned long long)c->file_size,
		   c->logical ? (double)c->file_size / (double)c->logical : 0);
	for (i = 0; i < 4 && c->codec[i][0]; i++)
		fmt_printf(b, "%s\"%s\"", i ? ", " : "", c->codec[i]);
	fmt_printf(b, "], \"hunk_types\": {");
	for (i = 0; i < VB_CHD_TYPES; i++) {
		const char *name = i < 4 ? c->codec[i] : type[i];

		if (!c->n_type[i] || !name || !name[0])
			continue;
		fmt_printf(b, "%s\"%s\": %u", n++ ? ", " : "", name,
			   c->n_type[i]);
	}
	fmt_printf(b,
		   "}, \"sha1\": \"%s\", \"raw_sha1\": \"%s\", "
		   "\"parent_sha1\": ",
		   c->sha1, c->rawsha1);
	if (c->parentsha1[0])
		fmt_printf(b, "\"%s\"", c->parentsha1);
	else
		fmt_printf(b, "null");
	fmt_printf(b, ", \"parents\": [");
	for (i = 0; i < c->n_chain; i++) {
		fmt_printf(b, "%s", i ? ", " : "");
		vb_json_str(b, c->chain[i]);
	}
	fmt_printf(b, "]}, ");
}

static void info_chd_text(const struct vb_chd_info *c)
{
	static const char *const type[VB_CHD_TYPES] = {
		NULL, NULL, NULL, NULL, "stored", "self", "parent", "zero",
	};
	unsigned i;

	printf("CHD:      v5, %u-byte hunks of %u-byte units, codecs",
	       c->hunkbytes, c->unitbytes);
	for (i = 0; i < 4 && c->codec[i][0]; i++)
		printf(" %s", c->codec[i]);
	printf("%s\n", c->codec[0][0] ? "" : " none");
	printf("Size:     %llu of %llu bytes (%.1f %%)\n",
	       (unsigned long long)c->file_size, (unsigned long long)c->logical,
	       c->logical ? 100.0 * (double)c->file_size / (double)c->logical :
			    0);
	printf("Hunks:    %u:", c->hunks);
	for (i = 0; i < VB_CHD_TYPES; i++) {
		const char *name = i < 4 ? c->codec[i] : type[i];

		if (c->n_type[i] && name && name[0])
			printf(" %u %s", c->n_type[i], name);
	}
	printf("\nSHA-1:    %s\n", c->sha1[0] ? c->sha1 : "(none)");
	for (i = 0; i < c->n_chain; i++)
		printf("%s %s\n",
		       i ? "          then" : "Parent:  ", c->chain[i]);
}

/* One JSON object: "format", then the disc (vburn/disc_json.h). */
static int info_json(const struct vb_disc *d, const char *fmt,
		     const struct vb_chd_info *chd)
{
	struct fmt_text b = { 0 };
	int ret;

	fmt_printf(&b, "{\"format\": ");
	vb_json_str(&b, fmt);
	fmt_printf(&b, ", ");
	if (chd)
		info_chd_json(&b, chd);
	vb_disc_json(&b, d, NULL);
	fmt_printf(&b, "}\n");
	ret = b.err;
	if (!ret && fwrite(b.s, 1, b.len, stdout) != b.len)
		ret = -EIO;
	free(b.s);
	return ret;
}

static void info_text(const struct vb_disc *d, const char *path,
		      const char *fmt)
{
	unsigned s, i;

	printf("Image:    %s (%s)\n", path, fmt);
	printf("Medium:   %s, %u session(s), %u track(s), lead-out %d\n",
	       kind_name(d->kind), d->n_sessions, d->n_tracks,
	       vb_disc_leadout(d));
	if (d->mcn[0])
		printf("MCN:      %s\n", d->mcn);
	for (s = 0; s < d->n_sessions; s++) {
		const struct vb_session *ss = d->sessions[s];

		printf("Session %u (disc type 0x%02x), lead-out %d\n",
		       ss->number, ss->disc_type, ss->leadout);
		printf("  Track Mode         Start   Length  Pregap  Size "
		       "Ctl ISRC\n");
		for (i = 0; i < ss->count; i++) {
			const struct vb_track *t = d->tracks[ss->first + i];

			printf("  %5u %-11s %7d %8u %5u%c %5u 0x%x %s\n",
			       t->number, vb_track_mode_name(t->mode), t->start,
			       t->length, t->pregap,
			       vb_track_pregap_stored(t) ? '*' : ' ',
			       vb_track_sector_size(t), t->ctl, t->isrc);
		}
	}
	for (i = 0; i < d->n_cdtext_items; i++)
		printf("CD-TEXT:  block %u track %u %s: %s\n",
		       d->cdtext_items[i].block, d->cdtext_items[i].track,
		       cdtext_name(d->cdtext_items[i].type),
		       d->cdtext_items[i].text);
}

static int open_image(const char *path, struct vb_disc **d, const char **fmt)
{
	struct vb_diag diag = { "" };

	if (vb_img_open(path, NULL, d, fmt, &diag))
		return img_cmd_fail("%s", diag.msg);
	return 0;
}

int img_cmd_open(const char *path, struct vb_disc **d)
{
	const char *fmt;

	return open_image(path, d, &fmt);
}

int img_cmd_usage(void)
{
	usage(stderr);
	return 2;
}

static int cmd_info(int argc, char **argv)
{
	const char *path = NULL, *fmt;
	struct vb_chd_info chd;
	struct vb_disc *d;
	bool json = false, have_chd = false;
	int i, ret = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			return usage(stderr), 2;
	}
	if (!path)
		return usage(stderr), 2;
	if (open_image(path, &d, &fmt))
		return 1;
	if (!strcmp(fmt, "chd")) {
		struct vb_diag diag = { "" };

		if (vb_chd_info(path, &chd, &diag)) {
			vb_disc_unref(d);
			return img_cmd_fail("%s", diag.msg);
		}
		have_chd = true;
	}
	if (json) {
		ret = info_json(d, fmt, have_chd ? &chd : NULL);
	} else {
		info_text(d, path, fmt);
		if (have_chd)
			info_chd_text(&chd);
	}
	if (have_chd)
		vb_chd_info_fini(&chd);
	vb_disc_unref(d);
	if (ret)
		return img_cmd_fail("%s: %s", path, strerror(-ret));
	return 0;
}

/* ---- convert ---- */

int img_cmd_kept_parent(const char *path, const char *verb, const char *child,
			int kids)
{
	return img_cmd_fail("%s: not %s: it is the parent of %s%s "
			    "(docs/chd.md \"Parent\")",
			    path, verb, child,
			    kids > 1 ? " and other CHDs" : "");
}

/*
 * Writing over a CHD that others beside it have as parent would leave
 * them unreadable (docs/chd.md "Parent"): 1 with the reason, else 0.
 */
static int convert_over_parent(const char *out)
{
	char child[4096];
	int kids;

	if (access(out, F_OK))
		return 0;
	kids = vb_chd_children(out, child, sizeof(child));
	return kids > 0 ? img_cmd_kept_parent(out, "overwritten", child, kids) :
			  0;
}

static int cmd_convert(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *format = NULL, *fmt;
	struct vb_img_wopts o = { .parent = NULL };
	struct vb_diag diag = { "" };
	struct vb_progress p;
	struct vb_disc *d;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--parent") && i + 1 < argc)
			o.parent = argv[++i];
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else if (argv[i][0] == '-')
			return usage(stderr), 2;
		else if (!in)
			in = argv[i];
		else if (!out)
			out = argv[i];
		else
			return usage(stderr), 2;
	}
	if (!in || !out)
		return usage(stderr), 2;
	if (format && !vb_img_find(format))
		return img_cmd_fail("unknown format '%s'", format), 2;
	if (!format && !vb_img_format_for_path(out))
		return img_cmd_fail(
			       "%s: cannot tell the format from the name; use "
			       "--format",
			       out),
		       2;
	if (convert_over_parent(out))
		return 1;
	if (open_image(in, &d, &fmt))
		return 1;
	if (o.parent &&
	    strcmp(format ? format : vb_img_format_for_path(out), "chd")) {
		vb_disc_unref(d);
		return img_cmd_fail("--parent: only a CHD has a parent"), 2;
	}
	p = progress_for("converting");
	o.prog = &p;
	ret = vb_img_write_opts(d, out, format, &o, &diag);
	vb_disc_unref(d);
	if (ret)
		return img_cmd_fail("%s",
				    diag.msg[0] ? diag.msg : "write failed");
	return 0;
}

/* ---- verify ---- */

struct verify_stats {
	uint64_t sectors, raw, bad, sync, header, edc, ecc;
	int32_t first_bad[8];
	unsigned n_bad;
};

/*
 * Checks one stored raw data sector with the sector module: sync, header
 * address (must be lba), mode, EDC and ECC P/Q (ECMA-130 14, docs/formats.md
 * 6.1-6.3).
 */
static void verify_raw(struct verify_stats *st, const uint8_t *s,
		       enum vb_track_mode mode, int32_t lba)
{
	struct vb_sector_check chk;
	int want = mode == VB_MODE_MODE1 ? VB_SECTOR_MODE1 :
		   mode == VB_MODE_MODE2 ? VB_SECTOR_MODE2 :
					   VB_SECTOR_MODE_AUTO;

	st->raw++;
	if (!vb_sector_verify_as(s, want, lba, &chk))
		return;
	st->bad++;
	st->sync += !!(chk.errors & VB_SECTOR_ERR_SYNC);
	st->header +=
		!!(chk.errors & (VB_SECTOR_ERR_HEADER | VB_SECTOR_ERR_MODE |
				 VB_SECTOR_ERR_SUBHDR));
	st->edc += !!(chk.errors & VB_SECTOR_ERR_EDC);
	st->ecc += !!(chk.errors & (VB_SECTOR_ERR_ECC_P | VB_SECTOR_ERR_ECC_Q));
	if (st->n_bad < VB_ARRAY_SIZE(st->first_bad))
		st->first_bad[st->n_bad++] = lba;
}

/*
 * A stored 2336-byte XA sector (subheader, data, EDC, ECC as written)
 * with the sync and header it had on the disc put back in front, so its
 * own EDC/ECC can be checked (Mode 2 ECC does not cover the header).
 */
static void verify_xa(struct verify_stats *st, const uint8_t *s336, int32_t lba)
{
	/* sync: 00, ten FF, 00 (ECMA-130 14.1) */
	uint8_t raw[2352] = { 0,    0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	struct vb_msf msf = lba_to_msf(lba);

	raw[12] = bcd(msf.m);
	raw[13] = bcd(msf.s);
	raw[14] = bcd(msf.f);
	raw[15] = 2;
	memcpy(raw + 16, s336, 2336);
	verify_raw(st, raw, VB_MODE_MODE2_MIXED, lba);
}

static int verify_track(const struct vb_disc *d, const struct vb_track *t,
			struct verify_stats *st, const char *path,
			const struct vb_progress *p, uint64_t total)
{
	const unsigned stored = vb_track_sector_size(t);
	const bool raw = stored >= 2352 && t->mode != VB_MODE_AUDIO;
	const bool xa = stored == 2336 && t->mode != VB_MODE_MODE2 &&
			t->mode != VB_MODE_MODE0;
	const enum vb_read_kind kind =
		t->mode == VB_MODE_AUDIO || raw ? VB_READ_RAW :
		t->mode == VB_MODE_MODE1 || t->mode == VB_MODE_MODE2_FORM1 ?
						  VB_READ_USER :
						  VB_READ_MODE2;
	const unsigned sz = vb_read_size(kind);
	uint8_t *buf = malloc((size_t)256 * sz);
	uint32_t k, n, j;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (k = 0; k < t->length && !ret; k += n) {
		n = VB_MIN(t->length - k, 256u);
		ret = vb_disc_read(d, t->start + (int32_t)k, n, kind, buf);
		for (j = 0; !ret && j < n; j++) {
			const int32_t lba = t->start + (int32_t)(k + j);

			if (raw && lba >= 0)
				verify_raw(st, buf + (size_t)j * sz, t->mode,
					   lba);
			else if (xa && kind == VB_READ_MODE2 && lba >= 0)
				verify_xa(st, buf + (size_t)j * sz, lba);
		}
		st->sectors += n;
		if (p->fn)
			p->fn(p->ctx, st->sectors, total);
	}
	if (ret)
		fprintf(stderr,
			"%s: %s: track %u: cannot read sectors at "
			"%d: %s\n",
			prog_name, path, t->number, t->start + (int32_t)k,
			strerror(-ret));
	free(buf);
	return ret;
}

static int cmd_verify(int argc, char **argv)
{
	struct verify_stats st = { 0 };
	struct vb_progress p;
	const char *fmt;
	struct vb_disc *d;
	uint64_t total = 0;
	unsigned i, n_sessions;
	int ret = 0;

	if (argc != 1 || argv[0][0] == '-')
		return usage(stderr), 2;
	if (open_image(argv[0], &d, &fmt))
		return 1;
	p = progress_for("verifying");
	if (!strcmp(fmt, "chd")) {
		struct vb_diag diag = { "" };

		/* every hunk's CRC-16 and both SHA-1s (docs/chd.md) */
		if (vb_chd_verify(argv[0], &p, &diag)) {
			vb_disc_unref(d);
			return img_cmd_fail("%s", diag.msg);
		}
		printf("%s: CHD hunks and SHA-1s verified\n", argv[0]);
	}
	for (i = 0; i < d->n_tracks; i++)
		total += d->tracks[i]->length;
	for (i = 0; i < d->n_tracks && !ret; i++)
		ret = verify_track(d, d->tracks[i], &st, argv[0], &p, total);
	n_sessions = d->n_sessions;
	vb_disc_unref(d);
	if (ret)
		return 1;
	printf("%s: %s, %u session(s), %llu sectors readable; %llu stored "
	       "raw/XA sectors checked: %llu bad (sync %llu, header %llu, EDC %llu, "
	       "ECC %llu)\n",
	       argv[0], fmt, n_sessions, (unsigned long long)st.sectors,
	       (unsigned long long)st.raw, (unsigned long long)st.bad,
	       (unsigned long long)st.sync, (unsigned long long)st.header,
	       (unsigned long long)st.edc, (unsigned long long)st.ecc);
	if (st.n_bad) {
		printf("first bad LBAs:");
		for (i = 0; i < st.n_bad; i++)
			printf(" %d", st.first_bad[i]);
		printf("\n");
		return img_cmd_fail("%s: %s", argv[0], "sector errors found");
	}
	return 0;
}

/* ---- extract ---- */

static int extract_write(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -EIO;
}

/* RIFF/WAVE header for 44.1 kHz 16-bit stereo PCM of n data bytes. */
static int extract_wav_header(FILE *f, uint32_t n)
{
	uint8_t h[44] = "RIFF\0\0\0\0WAVEfmt ";

	put_le32(h + 4, 36 + n);
	put_le32(h + 16, 16);
	put_le16(h + 20, 1);	     /* PCM */
	put_le16(h + 22, 2);	     /* channels */
	put_le32(h + 24, 44100);     /* sample rate */
	put_le32(h + 28, 44100 * 4); /* byte rate */
	put_le16(h + 32, 4);	     /* block align */
	put_le16(h + 34, 16);	     /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le32(h + 40, n);
	return extract_write(f, h, sizeof(h));
}

/*
 * An XA track as an ISO: every sector's 2048 bytes after the subheader,
 * as iat and ISO 9660 readers take them; Form 2 sectors (2324 bytes) are
 * cut to 2048 and counted in *form2.
 */
static void extract_xa(uint8_t *buf, uint32_t n, enum vb_track_mode mode,
		       uint64_t *form2)
{
	const unsigned skip = mode == VB_MODE_MODE2 ? 0 : 8;
	uint32_t j;

	for (j = 0; j < n; j++) {
		const uint8_t *s = buf + (size_t)j * 2336;

		*form2 += skip && (s[2] & 0x20);
		memmove(buf + (size_t)j * 2048, s + skip, 2048);
	}
}

static int extract_track(const struct vb_disc *d, const struct vb_track *t,
			 FILE *f, uint64_t *form2)
{
	const bool audio = t->mode == VB_MODE_AUDIO;
	const bool xa =
		!audio && t->mode != VB_MODE_MODE1 && t->mode != VB_MODE_MODE0;
	const enum vb_read_kind kind = audio ? VB_READ_RAW :
				       xa    ? VB_READ_MODE2 :
					       VB_READ_USER;
	const unsigned sz = vb_read_size(kind);
	struct vb_progress p = progress_for("extracting");
	uint8_t *buf = malloc((size_t)512 * sz);
	uint32_t k, n;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	if (audio)
		ret = (uint64_t)t->length * 2352 > UINT32_MAX - 36 ?
			      -EFBIG :
			      extract_wav_header(f, t->length * 2352);
	for (k = 0; k < t->length && !ret; k += n) {
		n = VB_MIN(t->length - k, 512u);
		ret = vb_disc_read(d, t->start + (int32_t)k, n, kind, buf);
		if (!ret && xa)
			extract_xa(buf, n, t->mode, form2);
		if (!ret)
			ret = extract_write(f, buf,
					    (size_t)n * (xa ? 2048 : sz));
		if (p.fn)
			p.fn(p.ctx, k + n, t->length);
	}
	free(buf);
	return ret;
}

static int cmd_extract(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *fmt;
	const struct vb_track *t;
	struct vb_disc *d;
	uint64_t form2 = 0;
	long track = -1;
	char *end;
	FILE *f;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--track") && i + 1 < argc) {
			track = strtol(argv[++i], &end, 10);
			if (*end || track < 1)
				return usage(stderr), 2;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage(stderr), 2;
		} else if (!in) {
			in = argv[i];
		} else if (!out) {
			out = argv[i];
		} else {
			return usage(stderr), 2;
		}
	}
	if (!in || !out || track < 0)
		return usage(stderr), 2;
	if (open_image(in, &d, &fmt))
		return 1;
	t = vb_disc_track(d, (unsigned)track);
	if (!t) {
		vb_disc_unref(d);
		fprintf(stderr, "%s: %s: no track %ld\n", prog_name, in, track);
		return 1;
	}
	f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!f) {
		vb_disc_unref(d);
		return img_cmd_fail("%s: %s", out, strerror(errno));
	}
	ret = extract_track(d, t, f, &form2);
	if (f != stdout && fclose(f) && !ret)
		ret = -EIO;
	vb_disc_unref(d);
	if (ret) {
		if (f != stdout)
			unlink(out);
		return img_cmd_fail("%s: extraction failed: %s", in,
				    strerror(-ret));
	}
	if (form2)
		fprintf(stderr,
			"%s: note: %llu Mode 2 Form 2 sectors cut to "
			"2048 bytes in %s\n",
			prog_name, (unsigned long long)form2, out);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr), 2;
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout), 0;
	if (!strcmp(argv[1], "info"))
		return cmd_info(argc - 2, argv + 2);
	if (!strcmp(argv[1], "convert"))
		return cmd_convert(argc - 2, argv + 2);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(argc - 2, argv + 2);
	if (!strcmp(argv[1], "extract"))
		return cmd_extract(argc - 2, argv + 2);
	if (!strcmp(argv[1], "ls"))
		return img_cmd_ls(argc - 2, argv + 2);
	if (!strcmp(argv[1], "get"))
		return img_cmd_get(argc - 2, argv + 2);
	if (!strcmp(argv[1], "mount"))
		return img_cmd_mount(argc - 2, argv + 2);
	if (!strcmp(argv[1], "burn"))
		return img_cmd_burn(argc - 2, argv + 2);
	if (!strcmp(argv[1], "hash"))
		return img_cmd_hash(argc - 2, argv + 2);
	if (!strcmp(argv[1], "rm"))
		return img_cmd_rm(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--version"))
		return printf("vburn-img %s\n", VBURN_VERSION) < 0;
	return usage(stderr), 2;
}
