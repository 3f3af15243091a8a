/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioctl-check: conformance checker for the CUSE node's ioctl, SG_IO,
 * read() and write() behaviour, as docs/clients.md 1.3-1.8 states what each
 * client relies on. tests/vm/scenarios/15-ioctls.sh builds it in the test
 * VM twice, 64-bit and 32-bit (-m32), so both the native and the compat
 * (FUSE_IOCTL_COMPAT) paths of the daemon are exercised with the caller's
 * own struct layouts from the system headers. It is a test program, not
 * library code: it prints one "ok" or "FAIL" line per check. This file
 * has main and the "toc" and "eject" phases; ioctl-sg.c the "sg" phase;
 * ioctl-util.c the helpers all share (ioctl-check.h).
 *
 *   ioctl-check DEV sg               SG_IO, CDROM_SEND_PACKET, SG_* and
 *                                    SCSI_IOCTL_* ioctls, read()/write()
 *   ioctl-check DEV toc TRACKS MS    TOC ioctls after a burn; TRACKS is
 *                                    the last track number, MS the start
 *                                    of the last session (0 if only one)
 *   ioctl-check DEV eject            CDROMEJECT and the empty drive
 *
 * Exit status: 0 all checks passed, 1 some failed, 2 usage or open error.
 */
#include "ioctl-check.h"

/*
 * READ TOC/PMA/ATIP (MMC-6 6.33) through SG_IO: format 0 or 1, LBA or
 * MSF, from track 1 (format 0) or of the last session (format 1).
 * Returns the number of valid bytes or -1.
 */
static int sg_read_toc(struct ctx *c, uint8_t format, bool msf, uint8_t *buf,
		       uint16_t len)
{
	uint8_t cdb[10] = { 0x43 }, sense[32];
	struct sg_io_hdr h;
	int n;

	cdb[1] = msf ? 0x02 : 0;
	cdb[2] = format;
	cdb[6] = format == 0 ? 1 : 0;
	put_be16(cdb + 7, len);
	memset(buf, 0, len);
	sg_setup(&h, cdb, sizeof(cdb), SG_DXFER_FROM_DEV, buf, len, sense,
		 sizeof(sense));
	if (xioctl(c->fd, SG_IO, &h) || h.status)
		return -1;
	n = VB_MIN((int)get_be16(buf) + 2, (int)len - h.resid);
	return n;
}

/*
 * One TOC descriptor against CDROMREADTOCENTRY in both formats. sr's
 * sr_read_tocentry: ctrl = byte 5 low nibble, adr = high nibble,
 * datamode from the data bit, address from bytes 8..11; cdrom.c turns
 * MSF into LBA itself (MSF = LBA + 150).
 */
static void check_tocentry(struct ctx *c, const uint8_t *d, const uint8_t *dm)
{
	struct cdrom_tocentry e;
	const uint8_t track = d[2];
	const int32_t lba = (int32_t)get_be32(d + 4);
	const struct vb_msf want = lba_to_msf(lba);
	int ret;

	memset(&e, 0xee, sizeof(e));
	e.cdte_track = track;
	e.cdte_format = CDROM_LBA;
	ret = xioctl(c->fd, CDROMREADTOCENTRY, &e);
	check(c,
	      !ret && e.cdte_track == track && e.cdte_format == CDROM_LBA &&
		      e.cdte_adr == (d[1] >> 4) &&
		      e.cdte_ctrl == (d[1] & 0x0f) && e.cdte_addr.lba == lba &&
		      e.cdte_datamode == ((d[1] & 0x04) ? 1 : 0),
	      "CDROMREADTOCENTRY %02x LBA: %s adr %u ctrl %u lba %d mode %u "
	      "(want %u %u %d %u)",
	      track, err_name(ret), e.cdte_adr, e.cdte_ctrl, e.cdte_addr.lba,
	      e.cdte_datamode, d[1] >> 4, d[1] & 0x0f, lba,
	      (d[1] & 0x04) ? 1 : 0);

	memset(&e, 0xee, sizeof(e));
	e.cdte_track = track;
	e.cdte_format = CDROM_MSF;
	ret = xioctl(c->fd, CDROMREADTOCENTRY, &e);
	check(c,
	      !ret && e.cdte_format == CDROM_MSF &&
		      e.cdte_addr.msf.minute == want.m &&
		      e.cdte_addr.msf.second == want.s &&
		      e.cdte_addr.msf.frame == want.f && dm[5] == want.m &&
		      dm[6] == want.s && dm[7] == want.f,
	      "CDROMREADTOCENTRY %02x MSF: %s %02u:%02u:%02u, READ TOC MSF "
	      "%02u:%02u:%02u (want %02u:%02u:%02u)",
	      track, err_name(ret), e.cdte_addr.msf.minute,
	      e.cdte_addr.msf.second, e.cdte_addr.msf.frame, dm[5], dm[6],
	      dm[7], want.m, want.s, want.f);
}

/*
 * CDROMMULTISESSION as sr_get_last_session(): start of the last session
 * (0 on a single-session disc), xa_flag set when that start is not 0.
 */
static void check_multisession(struct ctx *c, int32_t ms_lba)
{
	struct cdrom_multisession ms;
	const struct vb_msf want = lba_to_msf(ms_lba);
	uint8_t s[12];
	int ret, n;

	n = sg_read_toc(c, 1, false, s, sizeof(s));
	check(c, n >= 12 && (s[6] > 1 ? (int32_t)get_be32(s + 8) : 0) == ms_lba,
	      "READ TOC format 1: last session %u first track %u at %d "
	      "(want %d)",
	      s[3], s[6], (int32_t)get_be32(s + 8), ms_lba);

	memset(&ms, 0xee, sizeof(ms));
	ms.addr_format = CDROM_LBA;
	ret = xioctl(c->fd, CDROMMULTISESSION, &ms);
	check(c,
	      !ret && ms.addr_format == CDROM_LBA && ms.addr.lba == ms_lba &&
		      ms.xa_flag == (ms_lba != 0),
	      "CDROMMULTISESSION LBA: %s %d xa_flag %u (want %d, %d)",
	      err_name(ret), ms.addr.lba, ms.xa_flag, ms_lba, ms_lba != 0);

	memset(&ms, 0xee, sizeof(ms));
	ms.addr_format = CDROM_MSF;
	ret = xioctl(c->fd, CDROMMULTISESSION, &ms);
	check(c,
	      !ret && ms.addr_format == CDROM_MSF &&
		      ms.addr.msf.minute == want.m &&
		      ms.addr.msf.second == want.s &&
		      ms.addr.msf.frame == want.f,
	      "CDROMMULTISESSION MSF: %s %02u:%02u:%02u (want "
	      "%02u:%02u:%02u)",
	      err_name(ret), ms.addr.msf.minute, ms.addr.msf.second,
	      ms.addr.msf.frame, want.m, want.s, want.f);
}

static void phase_toc(struct ctx *c, unsigned int tracks, int32_t ms_lba)
{
	uint8_t toc[804], tocm[804];
	struct cdrom_tochdr th;
	struct cdrom_tocentry e;
	struct cdrom_mcn mcn;
	int n, nm, i, ret;

	n = sg_read_toc(c, 0, false, toc, sizeof(toc));
	nm = sg_read_toc(c, 0, true, tocm, sizeof(tocm));
	check(c, n >= 12 && n == nm && toc[2] == 1 && toc[3] == tracks,
	      "READ TOC format 0: %d bytes (MSF %d), tracks %u-%u (want 1-%u)",
	      n, nm, toc[2], toc[3], tracks);
	if (n < 12 || n != nm)
		return;

	memset(&th, 0xee, sizeof(th));
	ret = xioctl(c->fd, CDROMREADTOCHDR, &th);
	check(c, !ret && th.cdth_trk0 == 1 && th.cdth_trk1 == tracks,
	      "CDROMREADTOCHDR: %s %u-%u (want 1-%u)", err_name(ret),
	      th.cdth_trk0, th.cdth_trk1, tracks);

	for (i = 4; i + 8 <= n; i += 8)
		check_tocentry(c, toc + i, tocm + i);
	check(c, toc[n - 6] == CDROM_LEADOUT,
	      "READ TOC: last descriptor is the lead-out (%02x)", toc[n - 6]);

	/* READ TOC of a track that is not there: INVALID FIELD IN CDB. */
	memset(&e, 0, sizeof(e));
	e.cdte_track = (uint8_t)(tracks + 1);
	e.cdte_format = CDROM_LBA;
	ret = xioctl(c->fd, CDROMREADTOCENTRY, &e);
	check(c, ret == -EIO, "CDROMREADTOCENTRY track %u: %s (want EIO)",
	      tracks + 1, err_name(ret));

	memset(&e, 0, sizeof(e));
	e.cdte_track = 1;
	e.cdte_format = 3;
	ret = xioctl(c->fd, CDROMREADTOCENTRY, &e);
	check(c, ret == -EINVAL, "CDROMREADTOCENTRY format 3: %s (want EINVAL)",
	      err_name(ret));

	check_multisession(c, ms_lba);

	/*
	 * sr_get_mcn: READ SUB-CHANNEL format 02h, the 13 bytes from byte 9
	 * and a NUL; it succeeds on a disc without an MCN (MCVAL 0) too.
	 */
	memset(&mcn, 0xee, sizeof(mcn));
	ret = xioctl(c->fd, CDROM_GET_MCN, &mcn);
	check(c, !ret && mcn.medium_catalog_number[13] == 0,
	      "CDROM_GET_MCN on a disc without MCN: %s (want success, "
	      "NUL-terminated)",
	      err_name(ret));

	/* cdrom_count_tracks: data tracks only, Mode 1 -> CDS_DATA_1. */
	ret = ioctl(c->fd, CDROM_DISC_STATUS, 0);
	check(c, ret == CDS_DATA_1,
	      "CDROM_DISC_STATUS: %d (want %d CDS_DATA_1)", ret, CDS_DATA_1);
	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	check(c, ret == CDS_DISC_OK, "CDROM_DRIVE_STATUS: %d (want %d)", ret,
	      CDS_DISC_OK);
}

/* TEST UNIT READY's sense on the empty drive: 02/3A/xx. */
static struct sense_kcq tur_sense(struct ctx *c, int *status)
{
	static const uint8_t tur[6] = { 0x00 };
	struct sense_kcq k = { 0, 0, 0 };
	struct sg_io_hdr h;
	uint8_t sense[32];

	sg_setup(&h, tur, sizeof(tur), SG_DXFER_NONE, NULL, 0, sense,
		 sizeof(sense));
	*status = xioctl(c->fd, SG_IO, &h) ? -1 : h.status;
	if (*status == 0x02)
		k = sense_fixed(sense, h.sb_len_wr);
	return k;
}

/*
 * CDROMEJECT (cdrom_ioctl_eject: unlock, then START STOP UNIT LoEj) and
 * the empty drive as the CDROM ioctls report it. sr_drive_status says
 * CDS_TRAY_OPEN for 02/3A/02 and CDS_NO_DISC for other 02/3A.
 */
static void phase_eject(struct ctx *c)
{
	struct cdrom_generic_command cgc;
	struct request_sense rs;
	struct cdrom_tochdr th;
	struct sense_kcq k;
	int ret, status, want;

	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	check(c, ret == CDS_DISC_OK,
	      "CDROM_DRIVE_STATUS before eject: %d "
	      "(want %d)",
	      ret, CDS_DISC_OK);
	ret = ioctl(c->fd, CDROM_LOCKDOOR, 1) < 0 ? -errno : 0;
	check(c, !ret, "CDROM_LOCKDOOR 1: %s", err_name(ret));
	ret = ioctl(c->fd, CDROM_LOCKDOOR, 0) < 0 ? -errno : 0;
	check(c, !ret, "CDROM_LOCKDOOR 0: %s", err_name(ret));

	ret = xioctl(c->fd, CDROMEJECT, NULL);
	check(c, !ret, "CDROMEJECT: %s", err_name(ret));

	k = tur_sense(c, &status);
	check(c, status == 0x02 && k.key == 2 && k.asc == 0x3a,
	      "SG_IO TEST UNIT READY after eject: status %d sense "
	      "%x/%02x/%02x (want 02, 2/3A/xx)",
	      status, k.key, k.asc, k.ascq);
	want = k.ascq == 0x02 ? CDS_TRAY_OPEN : CDS_NO_DISC;
	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	check(c, ret == want,
	      "CDROM_DRIVE_STATUS after eject: %d (want %d for ASCQ %02x)", ret,
	      want, k.ascq);
	ret = ioctl(c->fd, CDROM_DISC_STATUS, 0);
	check(c, ret == CDS_NO_DISC,
	      "CDROM_DISC_STATUS after eject: %d "
	      "(want %d CDS_NO_DISC)",
	      ret, CDS_NO_DISC);
	/* Reported once per change (cdrom.c media_changed(), queue 1). */
	ret = ioctl(c->fd, CDROM_MEDIA_CHANGED, CDSL_CURRENT);
	status = ioctl(c->fd, CDROM_MEDIA_CHANGED, CDSL_CURRENT);
	check(c, ret == 1 && status == 0,
	      "CDROM_MEDIA_CHANGED after eject: %d, then %d (want 1, 0)", ret,
	      status);
	ret = xioctl(c->fd, CDROMREADTOCHDR, &th);
	check(c, ret == -ENOMEDIUM,
	      "CDROMREADTOCHDR after eject: %s (want ENOMEDIUM)",
	      err_name(ret));

	memset(&cgc, 0, sizeof(cgc));
	memset(&rs, 0, sizeof(rs));
	cgc.sense = &rs;
	cgc.data_direction = CGC_DATA_NONE; /* TEST UNIT READY */
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c, ret == -EIO && rs.sense_key == 2 && rs.asc == 0x3a,
	      "CDROM_SEND_PACKET TEST UNIT READY after eject: %s sense "
	      "%x/%02x/%02x (want EIO, 2/3A/xx)",
	      err_name(ret), rs.sense_key, rs.asc, rs.ascq);

	/* As on a real drive, the disc stayed on the open tray: closing it
	 * brings the disc back (growisofs' reload relies on this). */
	ret = xioctl(c->fd, CDROMCLOSETRAY, NULL);
	check(c, !ret, "CDROMCLOSETRAY: %s", err_name(ret));
	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	check(c, ret == CDS_DISC_OK,
	      "CDROM_DRIVE_STATUS after closing the tray: %d (want %d "
	      "CDS_DISC_OK, the disc is back)",
	      ret, CDS_DISC_OK);
}

static int usage(void)
{
	fprintf(stderr, "usage: ioctl-check DEV sg\n"
			"       ioctl-check DEV toc TRACKS MS_LBA\n"
			"       ioctl-check DEV eject\n");
	return 2;
}

static bool parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	struct ctx c = { .fd = -1, .abi = sizeof(void *) == 8 ? "64" : "32" };
	long tracks = 0, ms = 0;
	const char *phase;

	if (argc < 3)
		return usage();
	phase = argv[2];
	if (!strcmp(phase, "toc") &&
	    (argc != 5 || !parse_num(argv[3], 1, 99, &tracks) ||
	     !parse_num(argv[4], 0, 500000, &ms)))
		return usage();
	if (strcmp(phase, "sg") && strcmp(phase, "toc") &&
	    strcmp(phase, "eject"))
		return usage();

	/* As libburn, wodim and cdrdao open it (docs/clients.md 2.1-2.4). */
	c.fd = open(argv[1], O_RDWR | O_NONBLOCK);
	if (c.fd < 0) {
		fprintf(stderr, "ioctl-check: %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	if (settle(&c) != 0)
		note(&c, "the drive is not ready before the checks");

	if (!strcmp(phase, "sg"))
		phase_sg(&c);
	else if (!strcmp(phase, "toc"))
		phase_toc(&c, (unsigned int)tracks, (int32_t)ms);
	else
		phase_eject(&c);

	close(c.fd);
	printf("[%s] %s: %u checks, %u failed\n", c.abi, phase, c.checks,
	       c.failed);
	return c.failed ? 1 : 0;
}
