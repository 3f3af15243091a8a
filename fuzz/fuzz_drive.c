/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the drive's MMC engine through its public API
 * (include/vburn/drive.h): a drive over a scratch image directory is put
 * in a medium state, then runs a sequence of commands with fuzzed CDBs,
 * data directions, buffer lengths and payloads. Every buffer is a heap
 * block of exactly its length, so ASan sees any access past buf_len.
 *
 * Input (every field is cut short or zero-filled where the input ends):
 *   byte 0   media kind (bits 3-0: none, CD-R, CD-RW, DVD-R, DVD-RW,
 *            DVD+R, DVD+RW, DVD+R DL, BD-R, BD-RE), the state the prelude
 *            leaves it in (bits 6-4, enum fz_stage) and page 05's
 *            multi-session bit for the prelude's burn (bit 7)
 *   byte 1   capture format (bits 2-0: drive default, iso, nrg, ccd, mds,
 *            cue) and capacity (bits 7-4: 300 + 250 * n sectors, n = 15:
 *            20000, room for a second CD session after the 11400-sector
 *            gap; the image is sparse)
 *   then up to FZ_CMDS steps, each an op byte:
 *     0xff   a host action on the next byte: eject, insert a blank, close
 *            or open the tray, a new open, the status reports
 *     else   a command: bits 1-0 direction (none, out, in, in), bits 3-2
 *            CDB length (6, 10, 12, 16), bits 6-4 how the buffer length
 *            is chosen (enum fz_len), then the CDB bytes, the length
 *            bytes the mode reads, and for data-out the payload (the
 *            input's next bytes, then a fill pattern; only the pattern
 *            for the block-sized modes)
 *
 * Oracles (abort, reported as a crash): xfer_len within the buffer; GOOD
 * without sense; CHECK CONDITION with 18 bytes of fixed-format sense, a
 * sense key and an ASC; a data-out (or unused) buffer never written; on
 * GOOD, no data-in byte past xfer_len changed except zeroed; a block a
 * GOOD WRITE sent reads back the same (fz_read_back); the status report
 * fits and says used <= capacity and free >= 0.
 *
 * fsync() is replaced by a no-op here: the drive syncs the image after
 * every closed track and session and on eject, which is what it should
 * do but would make this target a disk benchmark. Seeds: corpus/drive/.
 */

#include "fuzz_common.h"
#include "vburn/drive.h"

#define FZ_CMDS 64
#define FZ_BUF_MAX (128u << 10) /* what one CUSE ioctl carries */
#define FZ_FILL 0xa5		/* data-in buffers start as this */

static char fz_img[300];

int fsync(int fd);
int fsync(int fd)
{
	(void)fd;
	return 0;
}

static void fz_img_cleanup(void)
{
	fz_clear_dir(fz_img);
	rmdir(fz_img);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(fz_img, sizeof(fz_img), "%s/vburn-fuzz-drive-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fz_img)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	atexit(fz_img_cleanup);
	return 0;
}

/* ---- reading the input ---- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t fz_byte(struct fz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* ---- running one command ---- */

/*
 * Runs cdb with a buffer of exactly len bytes (NULL when none is asked
 * for). Data-out payloads come from out (len bytes); data-in buffers
 * start filled with FZ_FILL. Checks the oracles; returns the sense as
 * key << 16 | asc << 8 | ascq, 0 for GOOD, and leaves a data-in reply in
 * reply (len bytes) when reply is not NULL.
 */
static unsigned fz_exec(struct vb_drive *d, const uint8_t *cdb,
			unsigned cdb_len, enum vb_dxfer dir, const uint8_t *out,
			uint32_t len, bool with_buf, uint8_t *reply)
{
	struct vb_cmd c = { 0 };
	uint8_t *b = NULL, *copy = NULL;

	if (with_buf || len) {
		b = malloc(len);
		copy = malloc(len);
		if (len && (!b || !copy))
			abort();
		if (dir == VB_DXFER_FROM_DEV)
			memset(b, FZ_FILL, len);
		else if (len)
			memcpy(b, out, len);
		if (len)
			memcpy(copy, b, len);
	}
	memcpy(c.cdb, cdb, VB_MIN(cdb_len, 16u));
	c.cdb_len = (uint8_t)cdb_len;
	c.dir = dir;
	c.buf = b;
	c.buf_len = len;
	vb_drive_exec(d, &c);

	FZ_CHECK(c.xfer_len <= len);
	if (c.status == VB_STATUS_GOOD) {
		FZ_CHECK(c.sense_len == 0);
	} else {
		FZ_CHECK(c.status == VB_STATUS_CHECK_CONDITION);
		FZ_CHECK(c.sense_len == 18 && c.sense[0] == 0x70);
		FZ_CHECK(c.sense[7] == 10);
		FZ_CHECK((c.sense[2] & 0x0f) != 0 && c.sense[12] != 0);
		FZ_CHECK(c.xfer_len == 0);
	}
	if (dir != VB_DXFER_FROM_DEV) {
		/* the drive never writes into a data-out buffer */
		FZ_CHECK(c.xfer_len == 0 || dir == VB_DXFER_TO_DEV);
		FZ_CHECK(!len || !memcmp(b, copy, len));
	} else if (c.status == VB_STATUS_GOOD) {
		for (uint32_t i = c.xfer_len; i < len; i++)
			FZ_CHECK(b[i] == FZ_FILL || b[i] == 0);
	}
	if (reply && len)
		memcpy(reply, b, len);
	free(b);
	free(copy);
	if (c.status == VB_STATUS_GOOD)
		return 0;
	return (unsigned)(c.sense[2] & 0x0f) << 16 | c.sense[12] << 8 |
	       c.sense[13];
}

/* ---- the prelude: a medium in a given state ---- */

enum fz_stage {
	FZ_UA,	      /* blank, the medium-changed UA still pending */
	FZ_BLANK,     /* blank, UA consumed */
	FZ_TRAY_OPEN, /* the disc on the open tray */
	FZ_WRITTEN,   /* a few WRITEs: an open track */
	FZ_SYNCED,    /* ... then SYNCHRONIZE CACHE */
	FZ_TRACK,     /* ... then CLOSE TRACK */
	FZ_SESSION,   /* ... then CLOSE SESSION */
	FZ_FINAL,     /* ... then finalized */
};

static const enum vb_media fz_media[] = {
	VB_MEDIA_NONE,	      VB_MEDIA_CD_R,	      VB_MEDIA_CD_RW,
	VB_MEDIA_DVD_R,	      VB_MEDIA_DVD_RW,	      VB_MEDIA_DVD_PLUS_R,
	VB_MEDIA_DVD_PLUS_RW, VB_MEDIA_DVD_PLUS_R_DL, VB_MEDIA_BD_R,
	VB_MEDIA_BD_RE,
};

static const char *const fz_formats[] = { NULL,	 "iso", "nrg",
					  "ccd", "mds", "cue" };

static void fz_nodata(struct vb_drive *d, const uint8_t *cdb, unsigned len)
{
	fz_exec(d, cdb, len, VB_DXFER_NONE, NULL, 0, false, NULL);
}

/* MODE SELECT(10) of page 05: TAO on CD, incremental elsewhere. */
static void fz_page05(struct vb_drive *d, bool cd, bool multi)
{
	uint8_t cdb[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 60 };
	uint8_t p[60] = { 0 };

	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = cd ? 0x01 : 0x00;
	p[11] = (multi ? 0xc0 : 0x00) | (cd ? 0x04 : 0x05);
	p[12] = 8;
	put_be16(p + 8 + 14, 150);
	fz_exec(d, cdb, 10, VB_DXFER_TO_DEV, p, sizeof(p), true, NULL);
}

/* WRITE(10) of n blocks at the invisible track's NWA. */
static void fz_write_nwa(struct vb_drive *d, uint32_t n)
{
	uint8_t rti[10] = { 0x52, 0x01, 0, 0, 0, 0xff, 0, 0, 48 };
	uint8_t cdb[10] = { 0x2a };
	uint8_t info[48];
	uint8_t *data;

	if (fz_exec(d, rti, 10, VB_DXFER_FROM_DEV, NULL, 48, true, info) ||
	    !(info[7] & 0x01))
		return;
	data = calloc(n, 2048);
	if (!data)
		abort();
	memcpy(cdb + 2, info + 12, 4); /* NEXT WRITABLE ADDRESS */
	put_be16(cdb + 7, (uint16_t)n);
	fz_exec(d, cdb, 10, VB_DXFER_TO_DEV, data, n * 2048, true, NULL);
	free(data);
}

static uint64_t fz_capacity(unsigned n)
{
	return n == 15 ? 20000 : 300 + 250u * n;
}

static void fz_prelude(struct vb_drive *d, struct fz_in *in)
{
	static const uint8_t tur[6] = { 0x00 };
	static const uint8_t eject[6] = { 0x1b, 0, 0, 0, 0x02 };
	static const uint8_t sync[10] = { 0x35 };
	static const uint8_t ctrack[10] = { 0x5b, 0, 0x01 };
	uint8_t csess[10] = { 0x5b, 0, 0x02 };
	const uint8_t b0 = fz_byte(in), b1 = fz_byte(in);
	const enum vb_media media = fz_media[(b0 & 0x0f) % 10];
	const enum fz_stage stage = (enum fz_stage)((b0 >> 4) & 7);
	const bool multi = b0 & 0x80;
	const bool cd = media == VB_MEDIA_CD_R || media == VB_MEDIA_CD_RW;
	char err[256];

	if (media == VB_MEDIA_NONE)
		return;
	int r = vb_drive_insert_blank(d, media, fz_capacity(b1 >> 4), NULL,
				      fz_formats[(b1 & 7) % 6], err,
				      sizeof(err));

	/* a format that cannot hold the medium (CCD of a DVD): the default */
	if (r == -EMEDIUMTYPE)
		r = vb_drive_insert_blank(d, media, fz_capacity(b1 >> 4), NULL,
					  NULL, err, sizeof(err));
	if (r)
		abort(); /* a scratch directory must take a blank */
	if (stage == FZ_UA)
		return;
	fz_nodata(d, tur, 6);
	if (stage == FZ_TRAY_OPEN) {
		fz_nodata(d, eject, 6);
		return;
	}
	if (stage == FZ_BLANK)
		return;
	fz_page05(d, cd, stage == FZ_FINAL ? false : multi || !cd);
	fz_write_nwa(d, 32);
	if (stage >= FZ_SYNCED)
		fz_nodata(d, sync, 10);
	if (stage >= FZ_TRACK)
		fz_nodata(d, ctrack, 10);
	if (stage >= FZ_SESSION) {
		/* DVD+R and BD-R finalize with close functions 5 and 6 */
		if (stage == FZ_FINAL && !cd && media != VB_MEDIA_DVD_R &&
		    media != VB_MEDIA_DVD_RW)
			csess[2] = media == VB_MEDIA_DVD_PLUS_R ? 5 : 6;
		fz_nodata(d, csess, 10);
	}
}

/* ---- the fuzzed steps ---- */

enum fz_len {
	FZ_LEN_NONE,	 /* 0, no buffer */
	FZ_LEN_EMPTY,	 /* 0, a zero-length heap block */
	FZ_LEN_BYTE,	 /* the next input byte */
	FZ_LEN_WORD,	 /* the next two bytes */
	FZ_LEN_FIELD,	 /* a length field of the CDB (next byte picks) */
	FZ_LEN_FIELD_M1, /* the same, one byte short */
	FZ_LEN_BLOCKS,	 /* a block count of the CDB times a block size */
	FZ_LEN_2K,	 /* the next byte times 2048 */
};

/* The lengths the CDB's own fields claim, as fuzz_drive reads them. */
static uint32_t fz_claimed(const uint8_t *cdb, uint8_t pick, bool blocks)
{
	static const uint16_t bs[] = { 2048, 2352, 2448, 2368,
				       2056, 2336, 2324, 2332 };
	const uint32_t fields[] = {
		cdb[4],
		get_be16(cdb + 7),
		get_be16(cdb + 8),
		get_be16(cdb + 9),
		get_be24(cdb + 6),
		get_be32(cdb + 6),
	};
	uint64_t n = fields[pick % VB_ARRAY_SIZE(fields)];

	if (blocks)
		n *= bs[(pick >> 4) % VB_ARRAY_SIZE(bs)];
	return (uint32_t)VB_MIN(n, (uint64_t)FZ_BUF_MAX);
}

static void fz_action(struct vb_drive *d, struct fz_in *in)
{
	static const uint8_t trays[2][6] = { { 0x1b, 0, 0, 0, 0x02 },
					     { 0x1b, 0, 0, 0, 0x03 } };
	const uint8_t a = fz_byte(in);
	char err[256];
	static char st[1 << 16];
	size_t n;

	switch (a & 7) {
	case 0:
		vb_drive_eject(d);
		break;
	case 1:
		/* a fresh blank, as vburnctl insert does */
		vb_drive_insert_blank(d, fz_media[1 + (a >> 3) % 9],
				      fz_capacity(a >> 4), NULL, NULL, err,
				      sizeof(err));
		break;
	case 2:
	case 3:
		fz_nodata(d, trays[a & 1], 6);
		break;
	case 4:
		vb_drive_note_open(d);
		break;
	default:
		n = vb_drive_status_text(d, st, sizeof(st));
		FZ_CHECK(n < sizeof(st) && strlen(st) == n);
		(void)vb_drive_recording(d);
		break;
	}
}

/*
 * After a WRITE that was GOOD with 2048-byte blocks, its first block
 * reads back as sent, or not at all (a test write records nothing; in
 * SAO a block may be one the drive generates). What a burn wrote is what
 * the capture holds: this is the drive's one promise.
 */
static void fz_read_back(struct vb_drive *d, const uint8_t *cdb,
			 enum vb_dxfer dir, const uint8_t *payload,
			 uint32_t len)
{
	uint8_t rd[10] = { 0x28 };
	uint8_t back[2048];
	uint32_t n;

	if ((cdb[0] != 0x2a && cdb[0] != 0xaa) || dir != VB_DXFER_TO_DEV)
		return;
	n = cdb[0] == 0xaa ? get_be32(cdb + 6) : get_be16(cdb + 7);
	if (!n || len != (uint64_t)n * 2048 || (int32_t)get_be32(cdb + 2) < 0)
		return;
	memcpy(rd + 2, cdb + 2, 4);
	rd[8] = 1;
	if (!fz_exec(d, rd, 10, VB_DXFER_FROM_DEV, NULL, 2048, true, back))
		FZ_CHECK(!memcmp(back, payload, 2048));
}

static void fz_command(struct vb_drive *d, struct fz_in *in, uint8_t op)
{
	static const uint8_t lens[4] = { 6, 10, 12, 16 };
	static const enum vb_dxfer dirs[4] = { VB_DXFER_NONE, VB_DXFER_TO_DEV,
					       VB_DXFER_FROM_DEV,
					       VB_DXFER_FROM_DEV };
	static uint8_t payload[FZ_BUF_MAX];
	const enum vb_dxfer dir = dirs[op & 3];
	const unsigned cdb_len = lens[(op >> 2) & 3];
	const enum fz_len mode = (enum fz_len)((op >> 4) & 7);
	uint8_t cdb[16] = { 0 };
	uint32_t len = 0, have;
	uint8_t pick;

	for (unsigned i = 0; i < cdb_len; i++)
		cdb[i] = fz_byte(in);
	switch (mode) {
	case FZ_LEN_NONE:
	case FZ_LEN_EMPTY:
		break;
	case FZ_LEN_BYTE:
		len = fz_byte(in);
		break;
	case FZ_LEN_WORD:
		len = (uint32_t)fz_byte(in) << 8;
		len |= fz_byte(in);
		break;
	case FZ_LEN_FIELD:
	case FZ_LEN_FIELD_M1:
		len = fz_claimed(cdb, fz_byte(in), false);
		if (mode == FZ_LEN_FIELD_M1 && len)
			len--;
		break;
	case FZ_LEN_BLOCKS:
		pick = fz_byte(in);
		len = fz_claimed(cdb, pick, true);
		break;
	case FZ_LEN_2K:
		len = 2048u * fz_byte(in);
		break;
	}
	len = VB_MIN(len, FZ_BUF_MAX);
	if (dir == VB_DXFER_TO_DEV) {
		/* the input's next bytes, then blocks that carry their
		 * index, as a burn's payload would; block-sized payloads
		 * take none of the input, which stays for the next steps */
		have = mode >= FZ_LEN_BLOCKS ?
			       0 :
			       (uint32_t)VB_MIN((size_t)len, in->n);
		memcpy(payload, in->p, have);
		in->p += have;
		in->n -= have;
		for (uint32_t i = have; i < len; i++)
			payload[i] = (uint8_t)(i / 2048 + i % 7);
	}
	if (!fz_exec(d, cdb, cdb_len, dir, payload, len, mode != FZ_LEN_NONE,
		     NULL))
		fz_read_back(d, cdb, dir, payload, len);
}

/* The status report is complete and consistent with itself. */
static void fz_check_status(struct vb_drive *d)
{
	static char st[1 << 16];
	const char *p;
	long used, cap, free_blocks;
	size_t n = vb_drive_status_json(d, st, sizeof(st));

	FZ_CHECK(n < sizeof(st) && strlen(st) == n);
	FZ_CHECK(st[0] == '{' && st[n - 1] == '}');
	p = strstr(st, "\"capacity\": ");
	if (!p)
		return;
	FZ_CHECK(sscanf(p, "\"capacity\": %ld, \"used\": %ld, \"free\": %ld",
			&cap, &used, &free_blocks) == 3);
	FZ_CHECK(used >= 0 && used <= cap && free_blocks >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_drive_opts o = { .index = 0, .image_dir = fz_img };
	struct fz_in in = { data, size };
	struct vb_drive *d = vb_drive_new(&o);

	if (!d)
		abort();
	fz_prelude(d, &in);
	for (int i = 0; i < FZ_CMDS && in.n; i++) {
		const uint8_t op = fz_byte(&in);

		if (op == 0xff)
			fz_action(d, &in);
		else
			fz_command(d, &in, op);
	}
	fz_check_status(d);
	vb_drive_free(d);
	fz_clear_dir(fz_img);
	return 0;
}
