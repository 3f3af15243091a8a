/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every ioctl on the CUSE node: dispatch by number, the SG_* and
 * SCSI_IOCTL_* answers that /dev/sr* gives (drivers/scsi/scsi_ioctl.c), and
 * the classic CDROM_* ioctls (drivers/cdrom/cdrom.c, drivers/scsi/sr*.c)
 * translated into CDBs for the drive (docs/clients.md 1.6, 1.7). SG_IO and
 * CDROM_SEND_PACKET are handed to cuse_sgio.c. Unknown numbers get ENOTTY;
 * every path ends in exactly one reply.
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>

#include <linux/cdrom.h>
#include <linux/hdreg.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>

#define LOG_TAG "cuse"
#include "vburn/bytes.h"
#include "vburn/log.h"

#include "cuse_int.h"
#include "cuse_sg.h"

/*
 * What sr answers to SG_GET_VERSION_NUM: wodim wants >= 20134, cdrdao
 * >= 30000 (quirk:wodim-sg-version, quirk:cdrdao-sg-version;
 * docs/clients/).
 */
#define CUSE_SG_VERSION 30527

/* SCSI sense keys and ASCs looked at here (SPC-4 4.5.6). */
#define SK_NOT_READY 0x2
#define SK_UNIT_ATTENTION 0x6
#define ASC_NOT_READY 0x04
#define ASC_MEDIUM_CHANGED 0x28
#define ASC_NO_MEDIUM 0x3a

/*
 * CDROM_GET_CAPABILITY: what this drive can do (cdrom.h CDC_*). libcdio
 * takes a node that answers it for a CD drive
 * (quirk:libcdio-get-capability, docs/clients/rippers.md).
 */
#define CUSE_CDC_MASK                                                         \
	(CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED |       \
	 CDC_MULTI_SESSION | CDC_MCN | CDC_MEDIA_CHANGED | CDC_DRIVE_STATUS | \
	 CDC_GENERIC_PACKET | CDC_CD_R | CDC_CD_RW | CDC_DVD | CDC_DVD_R)

struct sense_kcq {
	uint8_t key, asc, ascq;
};

/* Key/ASC/ASCQ from fixed (70h/71h) or descriptor (72h/73h) sense. */
static struct sense_kcq cmd_kcq(const struct vb_cmd *c)
{
	struct sense_kcq k = { 0, 0, 0 };
	const uint8_t *s = c->sense;

	if (c->status == VB_STATUS_GOOD || c->sense_len < 4)
		return k;
	if ((s[0] & 0x7f) >= 0x72) {
		k.key = s[1] & 0x0f;
		k.asc = s[2];
		k.ascq = s[3];
	} else if (c->sense_len >= 14) {
		k.key = s[2] & 0x0f;
		k.asc = s[12];
		k.ascq = s[13];
	}
	return k;
}

/*
 * Runs a CDB, retrying past unit attentions as the kernel's
 * scsi_execute helpers do. A medium-change attention seen here is kept for
 * CDROM_MEDIA_CHANGED. Returns 0, -ENOMEDIUM, -EOPNOTSUPP or -EIO
 * (sr_do_ioctl).
 */
static int run(struct cuse_front *f, struct vb_cmd *c, const uint8_t *cdb,
	       uint8_t cdb_len, enum vb_dxfer dir, uint8_t *buf, uint32_t len)
{
	struct sense_kcq k;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		cuse_run_cdb(f, c, cdb, cdb_len, dir, buf, len);
		if (c->status == VB_STATUS_GOOD)
			return 0;
		k = cmd_kcq(c);
		if (k.key != SK_UNIT_ATTENTION)
			break;
		if (k.asc == ASC_MEDIUM_CHANGED)
			f->media_changed = true;
	}
	k = cmd_kcq(c);
	if (k.key == SK_NOT_READY && k.asc == ASC_NO_MEDIUM)
		return -ENOMEDIUM;
	if (k.key == 0x5 && k.asc == 0x20) /* invalid opcode, as sr */
		return -EOPNOTSUPP;
	return -EIO;
}

/*
 * Makes sure the caller's areas are in this round. If not, asks for them
 * (one more round) and returns false: the request is then answered.
 */
static bool need(fuse_req_t req, void *arg, size_t in_len, size_t out_len,
		 size_t in_bufsz, size_t out_bufsz)
{
	struct iovec in = { arg, in_len }, out = { arg, out_len };

	if (in_bufsz >= in_len && out_bufsz >= out_len)
		return true;
	fuse_reply_ioctl_retry(req, in_len ? &in : NULL, in_len ? 1 : 0,
			       out_len ? &out : NULL, out_len ? 1 : 0);
	return false;
}

static void reply_int(fuse_req_t req, void *arg, size_t out_bufsz, int v)
{
	if (need(req, arg, 0, sizeof(int), 0, out_bufsz))
		fuse_reply_ioctl(req, 0, &v, sizeof(v));
}

static void reply_status(fuse_req_t req, int ret)
{
	if (ret < 0)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_ioctl(req, ret, NULL, 0);
}

/* CDROM_DRIVE_STATUS via TEST UNIT READY (sr_drive_status). */
static int drive_status(struct cuse_front *f)
{
	static const uint8_t tur[6] = { 0x00 };
	struct sense_kcq k;
	struct vb_cmd c;
	int ret;

	ret = run(f, &c, tur, sizeof(tur), VB_DXFER_NONE, NULL, 0);
	if (!ret)
		return CDS_DISC_OK;
	k = cmd_kcq(&c);
	if (k.key == SK_NOT_READY && k.asc == ASC_NO_MEDIUM)
		return k.ascq == 0x02 ? CDS_TRAY_OPEN : CDS_NO_DISC;
	return CDS_DRIVE_NOT_READY;
}

/*
 * READ TOC/PMA/ATIP (MMC-6 6.33) into buf: format 0 (TOC) or 1 (session
 * info), starting at track, LBA or MSF addresses.
 */
static int read_toc(struct cuse_front *f, uint8_t format, bool msf,
		    uint8_t track, uint8_t *buf, uint16_t len, struct vb_cmd *c)
{
	uint8_t cdb[10] = { 0x43 };

	cdb[1] = msf ? 0x02 : 0; /* TIME */
	cdb[2] = format & 0x0f;	 /* FORMAT */
	cdb[6] = track;		 /* TRACK/SESSION NUMBER */
	put_be16(cdb + 7, len);	 /* ALLOCATION LENGTH */
	memset(buf, 0, len);
	return run(f, c, cdb, sizeof(cdb), VB_DXFER_FROM_DEV, buf, len);
}

/* CDROM_DISC_STATUS, as cdrom.c's cdrom_count_tracks() decides it. */
static int disc_status(struct cuse_front *f)
{
	uint8_t toc[804];
	struct vb_cmd c;
	unsigned int audio = 0, data = 0;
	size_t i, end;
	int ret;

	ret = read_toc(f, 0, false, 1, toc, sizeof(toc), &c);
	if (ret)
		return ret == -ENOMEDIUM ? CDS_NO_DISC : CDS_NO_INFO;
	end = VB_MIN((size_t)get_be16(toc) + 2, (size_t)c.xfer_len);
	for (i = 4; i + 8 <= end; i += 8) {
		if (toc[i + 2] == 0xaa) /* lead-out */
			continue;
		if (toc[i + 1] & 0x04) /* CONTROL: data track */
			data++;
		else
			audio++;
	}
	if (audio)
		return data ? CDS_MIXED : CDS_AUDIO;
	return data ? CDS_DATA_1 : CDS_NO_INFO;
}

/* CDROMREADTOCHDR: first and last track (sr_read_tochdr). */
static void ioc_tochdr(fuse_req_t req, struct cuse_front *f, void *arg,
		       size_t out_bufsz)
{
	uint8_t toc[12], out[2];
	struct vb_cmd c;
	int ret;

	if (!need(req, arg, 0, sizeof(out), 0, out_bufsz))
		return;
	ret = read_toc(f, 0, false, 0, toc, sizeof(toc), &c);
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	out[0] = toc[2]; /* cdth_trk0: FIRST TRACK NUMBER */
	out[1] = toc[3]; /* cdth_trk1: LAST TRACK NUMBER */
	fuse_reply_ioctl(req, 0, out, sizeof(out));
}

/*
 * CDROMREADTOCENTRY (sr_read_tocentry): struct cdrom_tocentry is
 * track @0, adr (low nibble) | ctrl (high nibble) @1, format @2,
 * address @4 (int LBA or m/s/f bytes), datamode @8; 12 bytes.
 */
static void ioc_tocentry(fuse_req_t req, struct cuse_front *f, void *arg,
			 const uint8_t *in, size_t in_bufsz, size_t out_bufsz)
{
	uint8_t toc[12], e[12];
	const size_t n = sizeof(struct cdrom_tocentry);
	struct vb_cmd c;
	int32_t lba;
	bool msf;
	int ret;

	if (!need(req, arg, n, n, in_bufsz, out_bufsz))
		return;
	memcpy(e, in, n);
	if (e[2] != CDROM_MSF && e[2] != CDROM_LBA) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	msf = e[2] == CDROM_MSF;
	ret = read_toc(f, 0, msf, e[0], toc, sizeof(toc), &c);
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	/* toc[5]: ADR (high nibble) | CONTROL (low nibble). */
	e[1] = (uint8_t)((toc[5] >> 4) | (toc[5] & 0x0f) << 4);
	memset(e + 4, 0, 4);
	if (msf) {
		e[4] = toc[9];	/* minute */
		e[5] = toc[10]; /* second */
		e[6] = toc[11]; /* frame */
	} else {
		lba = (int32_t)get_be32(toc + 8);
		memcpy(e + 4, &lba, sizeof(lba)); /* host-order int */
	}
	e[8] = (toc[5] & 0x04) ? 1 : 0; /* cdte_datamode */
	fuse_reply_ioctl(req, 0, e, n);
}

/*
 * CDROMMULTISESSION (sr_cd_check for MMC drives): start of the first
 * track of the last session from READ TOC format 1; 0 and xa_flag 0 for a
 * single-session disc. struct cdrom_multisession: addr @0, xa_flag @4,
 * addr_format @5.
 */
static void ioc_multisession(fuse_req_t req, struct cuse_front *f, void *arg,
			     const uint8_t *in, size_t in_bufsz,
			     size_t out_bufsz)
{
	uint8_t toc[12], ms[8];
	const size_t n = sizeof(struct cdrom_multisession);
	struct vb_msf m;
	struct vb_cmd c;
	int32_t lba = 0;
	int ret;

	if (!need(req, arg, n, n, in_bufsz, out_bufsz))
		return;
	memcpy(ms, in, n);
	if (ms[5] != CDROM_MSF && ms[5] != CDROM_LBA) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	ret = read_toc(f, 1, false, 0, toc, sizeof(toc), &c);
	if (ret == -ENOMEDIUM) {
		fuse_reply_err(req, ENOMEDIUM);
		return;
	}
	/* toc[3]: last session; toc[6]: its first track. */
	if (!ret && get_be16(toc) >= 0x0a && toc[6] > 1)
		lba = (int32_t)get_be32(toc + 8);
	memset(ms, 0, 5);
	ms[4] = lba != 0; /* xa_flag */
	if (ms[5] == CDROM_MSF) {
		m = lba_to_msf(lba);
		ms[0] = m.m;
		ms[1] = m.s;
		ms[2] = m.f;
	} else {
		memcpy(ms, &lba, sizeof(lba));
	}
	fuse_reply_ioctl(req, 0, ms, n);
}

/* CDROM_GET_MCN: READ SUB-CHANNEL format 02h (MMC-6 6.37). */
static void ioc_mcn(fuse_req_t req, struct cuse_front *f, void *arg,
		    size_t out_bufsz)
{
	uint8_t cdb[10] = { 0x42, 0, 0x40, 0x02 }, buf[24], mcn[14];
	struct vb_cmd c;
	int ret;

	if (!need(req, arg, 0, sizeof(mcn), 0, out_bufsz))
		return;
	cdb[8] = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	ret = run(f, &c, cdb, sizeof(cdb), VB_DXFER_FROM_DEV, buf, sizeof(buf));
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	memcpy(mcn, buf + 9, 13); /* MEDIA CATALOG NUMBER, 13 digits */
	mcn[13] = 0;
	fuse_reply_ioctl(req, 0, mcn, sizeof(mcn));
}

/* A no-data CDB whose only outcome is 0 / -errno. */
/*
 * DVD_READ_STRUCT, physical format only (cdrom.c dvd_read_physical): the
 * caller's struct dvd_physical is type @0, layer_num @1, then four
 * 20-byte struct dvd_layer from @4. A layer's first bytes are C
 * bit-fields, which the Linux ABI lays out from the low bit (same for
 * 32-bit callers): book_version | book_type << 4, min_rate | disc_size << 4,
 * layer_type | track_path << 4 | nlayers << 5, track_density |
 * linear_density << 4, bca; then host-order u32 start, end and end of
 * layer 0 at +8, +12, +16. Other structure types: EINVAL, as cdrom.c.
 */
#define DVD_PHYS_SIZE 84

static void ioc_dvd_struct(fuse_req_t req, struct cuse_front *f, void *arg,
			   const uint8_t *in, size_t in_bufsz, size_t out_bufsz)
{
	uint8_t cdb[12] = { 0xad }, r[4 + 2048], s[DVD_PHYS_SIZE], *l;
	uint32_t v[3];
	struct vb_cmd c;
	int ret;

	if (!need(req, arg, DVD_PHYS_SIZE, DVD_PHYS_SIZE, in_bufsz, out_bufsz))
		return;
	memcpy(s, in, sizeof(s));
	if (s[0] != DVD_STRUCT_PHYSICAL || s[1] >= 4) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	cdb[6] = s[1]; /* LAYER NUMBER */
	put_be16(cdb + 8, sizeof(r));
	ret = run(f, &c, cdb, sizeof(cdb), VB_DXFER_FROM_DEV, r, sizeof(r));
	if (ret) {
		fuse_reply_err(req, -ret);
		return;
	}
	l = s + 4 + 20 * s[1];
	l[0] = r[4];
	l[1] = r[5];
	l[2] = r[6] & 0x7f;
	l[3] = r[7];
	l[4] = r[20] >> 7; /* BCA */
	v[0] = get_be24(r + 9);
	v[1] = get_be24(r + 13);
	v[2] = get_be24(r + 17);
	memcpy(l + 8, v, sizeof(v));
	fuse_reply_ioctl(req, 0, s, sizeof(s));
}

static int simple_cdb(struct cuse_front *f, const uint8_t *cdb, uint8_t len)
{
	struct vb_cmd c;

	return run(f, &c, cdb, len, VB_DXFER_NONE, NULL, 0);
}

static int lock_door(struct cuse_front *f, bool lock)
{
	/* PREVENT ALLOW MEDIUM REMOVAL (SPC-4 6.13), byte 4 PREVENT. */
	const uint8_t cdb[6] = { 0x1e, 0, 0, 0, lock ? 1 : 0, 0 };

	return simple_cdb(f, cdb, sizeof(cdb));
}

static int start_stop(struct cuse_front *f, bool load)
{
	/* START STOP UNIT (MMC-6 6.44): LoEj=1, Start=load. */
	const uint8_t cdb[6] = { 0x1b, 0, 0, 0, load ? 0x03 : 0x02, 0 };

	return simple_cdb(f, cdb, sizeof(cdb));
}

/* CDROMEJECT as cdrom_ioctl_eject: busy if others hold it, unlock first. */
static int eject(struct cuse_front *f)
{
	int ret;

	if (f->open_count > 1)
		return -EBUSY;
	ret = lock_door(f, false);
	if (!ret)
		ret = start_stop(f, false);
	return ret;
}

/* CDROM_SELECT_SPEED: SET CD SPEED (MMC-6 6.54), x-factor * 177 kB/s. */
static int select_speed(struct cuse_front *f, uintptr_t speed)
{
	uint8_t cdb[12] = { 0xbb };
	const uint16_t kbs = (speed == 0 || speed > 0xffff / 177) ?
				     0xffff :
				     (uint16_t)(speed * 177);

	put_be16(cdb + 2, kbs);	   /* LOGICAL UNIT READ SPEED */
	put_be16(cdb + 4, 0xffff); /* LOGICAL UNIT WRITE SPEED: max */
	return simple_cdb(f, cdb, sizeof(cdb));
}

/*
 * CDROM_MEDIA_CHANGED: 1 once after a medium change, from GET EVENT
 * STATUS NOTIFICATION media events (MMC-6 6.6.2, event codes 2 NewMedia,
 * 3 MediaRemoval, 4 MediaChanged) or a 06/28 attention seen earlier.
 */
static int media_changed(struct cuse_front *f)
{
	uint8_t cdb[10] = { 0x4a, 0x01, 0, 0, 0x10 }, ev[8];
	struct vb_cmd c;
	bool changed;
	uint8_t code;

	put_be16(cdb + 7, sizeof(ev));
	memset(ev, 0, sizeof(ev));
	if (!run(f, &c, cdb, sizeof(cdb), VB_DXFER_FROM_DEV, ev, sizeof(ev)) &&
	    c.xfer_len >= 5 && !(ev[2] & 0x80)) {
		code = ev[4] & 0x0f;
		if (code >= 2 && code <= 4)
			f->media_changed = true;
	}
	changed = f->media_changed;
	f->media_changed = false;
	return changed;
}

/*
 * SG_SET_RESERVED_SIZE / SG_SET_TIMEOUT / SG_SCSI_RESET: an int in.
 * SG_SET_TIMEOUT must succeed: wodim exits otherwise
 * (quirk:wodim-sg-timeout, docs/clients/wodim.md).
 */
static void ioc_set_int(fuse_req_t req, struct cuse_front *f, unsigned int cmd,
			void *arg, const void *in, size_t in_bufsz)
{
	int v;

	if (!need(req, arg, sizeof(int), 0, in_bufsz, 0))
		return;
	memcpy(&v, in, sizeof(v));
	switch (cmd) {
	case SG_SET_RESERVED_SIZE:
		/*
		 * sg_set_reserved_size: clamp silently to the limit, which
		 * cdparanoia's doubling loop and cdrdao's sizing rely on
		 * (quirk:cdparanoia-reserved-size,
		 * quirk:cdrdao-reserved-size; docs/clients/).
		 */
		if (v < 0) {
			fuse_reply_err(req, EINVAL);
			return;
		}
		f->reserved_size = VB_MIN(v, (int)CUSE_MAX_XFER);
		break;
	case SG_SET_TIMEOUT:
		if (v < 0) {
			fuse_reply_err(req, EIO);
			return;
		}
		f->sg_timeout = v;
		break;
	default: /* SG_SCSI_RESET: nothing to reset */
		break;
	}
	fuse_reply_ioctl(req, 0, NULL, 0);
}

/* SG_GET_SCSI_ID: struct sg_scsi_id, 32 bytes, type 5 (TYPE_ROM). */
static void ioc_scsi_id(fuse_req_t req, struct cuse_front *f, void *arg,
			size_t out_bufsz)
{
	struct sg_scsi_id id;

	if (!need(req, arg, 0, sizeof(id), 0, out_bufsz))
		return;
	memset(&id, 0, sizeof(id));
	id.host_no = f->host_no;
	id.scsi_type = TYPE_ROM;
	id.h_cmd_per_lun = 1;
	id.d_queue_depth = 1;
	fuse_reply_ioctl(req, 0, &id, sizeof(id));
}

/*
 * SCSI_IOCTL_GET_IDLUN: {u32 dev_id; u32 host_unique_id}. dev_id packs
 * id | lun << 8 | channel << 16 | host << 24 (scsi_get_idlun); ours is
 * host f->host_no, channel/id/lun 0. libburn and wodim require it
 * (quirk:libburn-idlun, quirk:wodim-idlun; docs/clients/).
 */
static void ioc_idlun(fuse_req_t req, struct cuse_front *f, void *arg,
		      size_t out_bufsz)
{
	uint32_t v[2];

	if (!need(req, arg, 0, sizeof(v), 0, out_bufsz))
		return;
	v[0] = (uint32_t)(f->host_no & 0xff) << 24;
	v[1] = (uint32_t)f->host_no;
	fuse_reply_ioctl(req, 0, v, sizeof(v));
}

static void ioc_cdrom(fuse_req_t req, struct cuse_front *f, unsigned int cmd,
		      void *arg, const void *in_buf, size_t in_bufsz,
		      size_t out_bufsz)
{
	switch (cmd) {
	case CDROMREADTOCHDR:
		ioc_tochdr(req, f, arg, out_bufsz);
		break;
	case CDROMREADTOCENTRY:
		ioc_tocentry(req, f, arg, in_buf, in_bufsz, out_bufsz);
		break;
	case CDROMMULTISESSION:
		ioc_multisession(req, f, arg, in_buf, in_bufsz, out_bufsz);
		break;
	case CDROM_GET_MCN:
		ioc_mcn(req, f, arg, out_bufsz);
		break;
	case DVD_READ_STRUCT:
		ioc_dvd_struct(req, f, arg, in_buf, in_bufsz, out_bufsz);
		break;
	case CDROMEJECT:
		reply_status(req, eject(f));
		break;
	case CDROMCLOSETRAY:
		reply_status(req, start_stop(f, true));
		break;
	case CDROM_LOCKDOOR:
		reply_status(req, lock_door(f, (uintptr_t)arg != 0));
		break;
	case CDROM_SELECT_SPEED:
		reply_status(req, select_speed(f, (uintptr_t)arg));
		break;
	case CDROM_DRIVE_STATUS: /* arg is a slot; not a changer */
		reply_status(req, drive_status(f));
		break;
	case CDROM_DISC_STATUS:
		reply_status(req, disc_status(f));
		break;
	case CDROM_MEDIA_CHANGED:
		reply_status(req, media_changed(f));
		break;
	case CDROM_GET_CAPABILITY:
		reply_status(req, CUSE_CDC_MASK);
		break;
	default:
		log_dbg("%s: unknown ioctl 0x%x", f->name, cmd);
		fuse_reply_err(req, ENOTTY);
		break;
	}
}

void cuse_ioctl(fuse_req_t req, int cmd, void *arg, struct fuse_file_info *fi,
		unsigned int flags, const void *in_buf, size_t in_bufsz,
		size_t out_bufsz)
{
	struct cuse_front *f = fuse_req_userdata(req);
	/* libfuse < 3.19 passes int: compare unsigned (docs/clients.md 1.5). */
	const unsigned int ucmd = (unsigned int)cmd;

	f->cur_fh = fi ? fi->fh : 0;
	switch (ucmd) {
	case SG_IO:
		cuse_sgio(req, f, arg, flags, in_buf, in_bufsz, out_bufsz);
		break;
	case CDROM_SEND_PACKET:
		cuse_send_packet(req, f, arg, flags, in_buf, in_bufsz,
				 out_bufsz);
		break;
	case SG_GET_VERSION_NUM:
		reply_int(req, arg, out_bufsz, CUSE_SG_VERSION);
		break;
	case SG_GET_RESERVED_SIZE:
		reply_int(req, arg, out_bufsz, f->reserved_size);
		break;
	case SG_EMULATED_HOST: /* sr always says 1 */
		reply_int(req, arg, out_bufsz, 1);
		break;
	case SG_GET_SG_TABLESIZE:
		reply_int(req, arg, out_bufsz, 1);
		break;
	case SCSI_IOCTL_GET_BUS_NUMBER:
		reply_int(req, arg, out_bufsz, f->host_no);
		break;
	case SG_SET_RESERVED_SIZE:
	case SG_SET_TIMEOUT:
	case SG_SCSI_RESET:
		ioc_set_int(req, f, ucmd, arg, in_buf, in_bufsz);
		break;
	case SG_GET_TIMEOUT: /* the value is the ioctl's result */
		fuse_reply_ioctl(req, f->sg_timeout, NULL, 0);
		break;
	case SG_GET_SCSI_ID:
		ioc_scsi_id(req, f, arg, out_bufsz);
		break;
	case SCSI_IOCTL_GET_IDLUN:
		ioc_idlun(req, f, arg, out_bufsz);
		break;
	case HDIO_GET_IDENTITY:
		/* libburn's is_ata_drive must not take us for ATA
		 * (quirk:libburn-ata-probe). */
		fuse_reply_err(req, ENOTTY);
		break;
	default:
		ioc_cdrom(req, f, ucmd, arg, in_buf, in_bufsz, out_bufsz);
		break;
	}
}
