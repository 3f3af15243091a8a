/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ioctl-check's "sg" phase, on a blank CD-R: SG_IO header fields on GOOD
 * and CHECK CONDITION, the 64 KiB limit, EFAULT, CDROM_SEND_PACKET, the
 * SG_* and SCSI_IOCTL_* ioctls, read() and write() (docs/clients.md 1.3-1.8).
 */
#include "ioctl-check.h"

static void check_sgio_good(struct ctx *c)
{
	static const uint8_t inq[6] = { 0x12, 0, 0, 0, 36, 0 };
	struct sg_io_hdr h, before;
	uint8_t buf[96], sense[32];
	int ret;

	/* INQUIRY 36 into 36 bytes: all transferred, sense untouched. */
	memset(sense, PAT_SENSE, sizeof(sense));
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, 36, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, !ret && sg_good(&h) && h.resid == 0 && (buf[0] & 0x1f) == 5,
	      "SG_IO INQUIRY: %s status %u masked %u msg %u sb_len_wr %u "
	      "host %u driver %u info %u resid %d type %u (want GOOD, all 0, "
	      "type 5)",
	      err_name(ret), h.status, h.masked_status, h.msg_status,
	      h.sb_len_wr, h.host_status, h.driver_status, h.info, h.resid,
	      buf[0] & 0x1f);
	check(c, !ret && sg_inputs_kept(&before, &h),
	      "SG_IO GOOD: input fields come back unchanged");
	check(c, all_bytes(sense, sizeof(sense), PAT_SENSE),
	      "SG_IO GOOD: sense buffer untouched");
	check(c, h.duration < SG_TIMEOUT_MS, "SG_IO duration %u ms",
	      h.duration);

	/* wodim and cdrdao ask for direct IO, growisofs LUN inhibit too. */
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, 36, sense,
		 sizeof(sense));
	h.flags = SG_FLAG_DIRECT_IO | SG_FLAG_LUN_INHIBIT;
	ret = sg_run(c, &h, &before);
	check(c, !ret && sg_good(&h) && sg_inputs_kept(&before, &h),
	      "SG_IO with SG_FLAG_DIRECT_IO | SG_FLAG_LUN_INHIBIT: %s status "
	      "%u",
	      err_name(ret), h.status);

	/* 36 bytes into a 96-byte buffer: resid = 60 (wodim sizes by it). */
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, sizeof(buf),
		 sense, sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, !ret && sg_good(&h) && h.resid == 60,
	      "SG_IO INQUIRY 36 into 96 bytes: resid %d (want 60)", h.resid);
}

/* dxfer_len at the limit works; above it EIO, as sr (docs/clients.md 1.4). */
static void check_sgio_limits(struct ctx *c)
{
	static const uint8_t inq[6] = { 0x12, 0, 0, 0xff, 0xff, 0 };
	struct sg_io_hdr h, before;
	uint8_t sense[32];
	uint8_t *buf;
	int ret;

	buf = malloc(1u << 20);
	if (!buf) {
		check(c, false, "malloc 1 MiB");
		return;
	}
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, MAX_XFER, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c,
	      !ret && sg_good(&h) && (buf[0] & 0x1f) == 5 && h.resid >= 0 &&
		      (unsigned int)h.resid < MAX_XFER,
	      "SG_IO dxfer_len 65536: %s status %u resid %d", err_name(ret),
	      h.status, h.resid);

	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, MAX_XFER + 1,
		 sense, sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EIO, "SG_IO dxfer_len 65537: %s (want EIO)",
	      err_name(ret));

	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, buf, 1u << 20, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EIO,
	      "SG_IO dxfer_len 1 MiB: %s (want EIO, not ENOMEM)",
	      err_name(ret));

	/* Data-out over the limit, refused before the data is fetched. */
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_TO_DEV, buf, 1u << 20, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EIO, "SG_IO data-out 1 MiB: %s (want EIO)",
	      err_name(ret));
	free(buf);
}

/* The header checks of the kernel's sg_io() for /dev/sr*
 * (docs/clients.md 1.3). */
/*
 * Pointers into unmapped memory get EFAULT, as blk_rq_map_user gives on
 * /dev/sr*: for the data-in buffer, the data-out buffer and the CDB. The
 * daemon's direct path must fall back to what the kernel decides.
 */
static void check_sgio_efault(struct ctx *c)
{
	static const uint8_t inq[6] = { 0x12, 0, 0, 0, 36, 0 };
	/* MODE SELECT(10), PF, 8-byte parameter list (a header only). */
	static const uint8_t msel[10] = { 0x55, 0x10, 0, 0, 0, 0, 0, 0, 8, 0 };
	struct sg_io_hdr h, before;
	uint8_t sense[32];
	void *hole;
	int ret;

	hole = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hole == MAP_FAILED || munmap(hole, 4096)) {
		check(c, false, "mmap/munmap for the EFAULT checks");
		return;
	}
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_FROM_DEV, hole, 36, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EFAULT,
	      "SG_IO data-in at an unmapped page: %s "
	      "(want EFAULT)",
	      err_name(ret));
	sg_setup(&h, msel, sizeof(msel), SG_DXFER_TO_DEV, hole, 8, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EFAULT,
	      "SG_IO data-out at an unmapped page: %s "
	      "(want EFAULT)",
	      err_name(ret));
	sg_setup(&h, hole, 6, SG_DXFER_NONE, NULL, 0, sense, sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EFAULT,
	      "SG_IO CDB at an unmapped page: %s "
	      "(want EFAULT)",
	      err_name(ret));
}

static void check_sgio_invalid(struct ctx *c)
{
	static const uint8_t tur[6] = { 0x00 };
	static const uint8_t inq[6] = { 0x12, 0, 0, 0, 36, 0 };
	struct sg_io_hdr h, before;
	uint8_t buf[64], sense[32];
	int ret;

	/* cdparanoia's check_sgio(): 'A' must give EINVAL (or ENOSYS). */
	sg_setup(&h, tur, sizeof(tur), SG_DXFER_NONE, NULL, 0, sense,
		 sizeof(sense));
	h.interface_id = 'A';
	ret = sg_run(c, &h, &before);
	check(c, ret == -EINVAL, "SG_IO interface_id 'A': %s (want EINVAL)",
	      err_name(ret));

	sg_setup(&h, inq, sizeof(inq), SG_DXFER_NONE, buf, sizeof(buf), sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EINVAL,
	      "SG_IO dxfer_len 64 with SG_DXFER_NONE: %s (want EINVAL)",
	      err_name(ret));

	sg_setup(&h, tur, 5, SG_DXFER_NONE, NULL, 0, sense, sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EMSGSIZE, "SG_IO cmd_len 5: %s (want EMSGSIZE)",
	      err_name(ret));

	sg_setup(&h, buf, 33, SG_DXFER_NONE, NULL, 0, sense, sizeof(sense));
	memset(buf, 0, sizeof(buf));
	ret = sg_run(c, &h, &before);
	check(c, ret == -EINVAL, "SG_IO cmd_len 33: %s (want EINVAL)",
	      err_name(ret));
	check_sgio_efault(c);
}

/*
 * cdparanoia's two habits (docs/clients.md 1.3): reads with TO_FROM_DEV into
 * a pre-filled buffer, judged by what was overwritten; and TEST UNIT
 * READY with a 56-byte data-in buffer.
 */
static void check_sgio_cdparanoia(struct ctx *c)
{
	static const uint8_t inq[6] = { 0x12, 0, 0, 0, 36, 0 };
	static const uint8_t tur[6] = { 0x00 };
	struct sg_io_hdr h, before;
	uint8_t buf[96], sense[32];
	int ret;

	memset(buf, PAT_DATA, sizeof(buf));
	sg_setup(&h, inq, sizeof(inq), SG_DXFER_TO_FROM_DEV, buf, sizeof(buf),
		 sense, sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, !ret && sg_good(&h) && (buf[0] & 0x1f) == 5 && h.resid == 60,
	      "SG_IO TO_FROM_DEV INQUIRY: %s type %u resid %d (want 5, 60)",
	      err_name(ret), buf[0] & 0x1f, h.resid);
	check(c, !ret && all_bytes(buf + 36, sizeof(buf) - 36, PAT_DATA),
	      "SG_IO TO_FROM_DEV: bytes 36..95 keep the caller's pattern");

	memset(buf, PAT_DATA, sizeof(buf));
	sg_setup(&h, tur, sizeof(tur), SG_DXFER_FROM_DEV, buf, 56, sense,
		 sizeof(sense));
	ret = sg_run(c, &h, &before);
	check(c, !ret && sg_good(&h) && h.resid == 56,
	      "SG_IO TEST UNIT READY with 56-byte data-in: %s status %u "
	      "resid %d (want GOOD, 56)",
	      err_name(ret), h.status, h.resid);
}

/* CHECK CONDITION fields (scsi_complete_sghdr_rq) and the sense bytes. */
static void check_sgio_check_condition(struct ctx *c)
{
	/*
	 * Opcode 02h is in no MMC or SPC command set: 05/20/00. (Not 01h:
	 * cdrdao sends REZERO UNIT, which a drive may well accept.)
	 */
	static const uint8_t bad[6] = { BAD_OPCODE };
	/* READ TOC format 7 does not exist (MMC-6 6.33): 05/24/00. */
	static const uint8_t toc7[10] = { 0x43, 0, 0x07, 0, 0, 0, 0, 0, 64 };
	struct sg_io_hdr h, before;
	struct sense_kcq k;
	uint8_t buf[512], sense[64], big_sense[255];
	int ret;

	memset(sense, PAT_SENSE, sizeof(sense));
	sg_setup(&h, bad, sizeof(bad), SG_DXFER_FROM_DEV, buf, sizeof(buf),
		 sense, 32);
	ret = sg_run(c, &h, &before);
	k = sense_fixed(sense, h.sb_len_wr);
	check(c,
	      !ret && h.status == 0x02 && h.masked_status == 0x01 &&
		      h.msg_status == 0 && h.host_status == 0 &&
		      h.driver_status == 0x08 && h.info == 1,
	      "SG_IO CHECK CONDITION: %s status %02x masked %02x msg %u host "
	      "%u driver %02x info %u (want 0, 02, 01, 0, 0, 08, 1)",
	      err_name(ret), h.status, h.masked_status, h.msg_status,
	      h.host_status, h.driver_status, h.info);
	check(c,
	      h.sb_len_wr >= 18 && h.sb_len_wr <= 32 &&
		      (sense[0] & 0x7f) == 0x70 && sense[7] >= 10,
	      "SG_IO sense: sb_len_wr %u, response code %02x, additional "
	      "length %u (want 18..32, 70h, >= 10)",
	      h.sb_len_wr, sense[0] & 0x7f, sense[7]);
	check(c, k.key == 5 && k.asc == 0x20 && k.ascq == 0,
	      "SG_IO opcode 02h: sense %x/%02x/%02x (want 5/20/00)", k.key,
	      k.asc, k.ascq);
	check(c, all_bytes(sense + 32, sizeof(sense) - 32, PAT_SENSE),
	      "SG_IO sense: nothing written past mx_sb_len");
	check(c, h.resid == (int)sizeof(buf),
	      "SG_IO CHECK CONDITION: resid %d (want %zu)", h.resid,
	      sizeof(buf));
	check(c, sg_inputs_kept(&before, &h),
	      "SG_IO CHECK CONDITION: input fields come back unchanged");

	/* A shorter sense buffer gets a prefix, the rest stays. */
	memset(sense, PAT_SENSE, sizeof(sense));
	sg_setup(&h, toc7, sizeof(toc7), SG_DXFER_FROM_DEV, buf, 64, sense, 14);
	ret = sg_run(c, &h, &before);
	k = sense_fixed(sense, h.sb_len_wr);
	check(c,
	      !ret && h.status == 0x02 && h.sb_len_wr == 14 && k.key == 5 &&
		      k.asc == 0x24 &&
		      all_bytes(sense + 14, sizeof(sense) - 14, PAT_SENSE),
	      "SG_IO READ TOC format 7, mx_sb_len 14: status %02x sb_len_wr "
	      "%u sense %x/%02x/%02x (want 02, 14, 5/24/00, tail untouched)",
	      h.status, h.sb_len_wr, k.key, k.asc, k.ascq);

	/* The largest sense buffer: sb_len_wr is what the drive had. */
	memset(big_sense, PAT_SENSE, sizeof(big_sense));
	sg_setup(&h, bad, sizeof(bad), SG_DXFER_NONE, NULL, 0, big_sense,
		 sizeof(big_sense));
	ret = sg_run(c, &h, &before);
	k = sense_fixed(big_sense, h.sb_len_wr);
	check(c,
	      !ret && h.status == 0x02 && h.sb_len_wr >= 18 &&
		      h.sb_len_wr == 8u + big_sense[7] && k.key == 5 &&
		      k.asc == 0x20,
	      "SG_IO mx_sb_len 255: sb_len_wr %u, additional length %u "
	      "(want 8 + additional length, >= 18)",
	      h.sb_len_wr, big_sense[7]);

	/* No sense buffer at all: the status still says it all. */
	sg_setup(&h, bad, sizeof(bad), SG_DXFER_NONE, NULL, 0, NULL, 0);
	ret = sg_run(c, &h, &before);
	check(c,
	      !ret && h.status == 0x02 && h.driver_status == 0x08 &&
		      h.sb_len_wr == 0 && h.info == 1,
	      "SG_IO CHECK CONDITION, no sense buffer: status %02x driver "
	      "%02x sb_len_wr %u info %u (want 02, 08, 0, 1)",
	      h.status, h.driver_status, h.sb_len_wr, h.info);
}

/*
 * CDROM_SEND_PACKET as scsi_cdrom_send_packet(): success gives
 * buflen = resid and stat 0; a CHECK CONDITION gives -EIO, with the sense
 * in the request_sense (libcdio: all its MMC goes this way).
 */
static void check_send_packet(struct ctx *c)
{
	struct cdrom_generic_command cgc;
	struct request_sense rs;
	uint8_t buf[64];
	int ret;

	memset(&cgc, 0, sizeof(cgc));
	memset(&rs, PAT_SENSE, sizeof(rs));
	memset(buf, 0, sizeof(buf));
	cgc.cmd[0] = 0x12; /* INQUIRY, 36 bytes */
	cgc.cmd[4] = 36;
	cgc.buffer = buf;
	cgc.buflen = sizeof(buf);
	cgc.sense = &rs;
	cgc.data_direction = CGC_DATA_READ;
	cgc.timeout = 2000; /* clock ticks */
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c,
	      !ret && (buf[0] & 0x1f) == 5 && cgc.buflen == 28 && cgc.stat == 0,
	      "CDROM_SEND_PACKET INQUIRY: %s type %u buflen %u stat %d "
	      "(want 5, 28 = resid, 0)",
	      err_name(ret), buf[0] & 0x1f, cgc.buflen, cgc.stat);
	check(c,
	      cgc.buffer == buf && cgc.sense == &rs &&
		      cgc.data_direction == CGC_DATA_READ && cgc.cmd[0] == 0x12,
	      "CDROM_SEND_PACKET: other fields unchanged");
	check(c, all_bytes((uint8_t *)&rs, sizeof(rs), PAT_SENSE),
	      "CDROM_SEND_PACKET GOOD: request_sense untouched");

	memset(&cgc, 0, sizeof(cgc));
	memset(&rs, 0, sizeof(rs));
	cgc.cmd[0] = BAD_OPCODE;
	cgc.buffer = buf;
	cgc.buflen = 37; /* sentinel: must stay as it was */
	cgc.sense = &rs;
	cgc.data_direction = CGC_DATA_READ;
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c,
	      ret == -EIO && rs.error_code == 0x70 && rs.sense_key == 5 &&
		      rs.asc == 0x20 && rs.ascq == 0 && rs.add_sense_len >= 10,
	      "CDROM_SEND_PACKET opcode 02h: %s, sense %02x %x/%02x/%02x "
	      "additional length %u (want EIO, 70 5/20/00, >= 10)",
	      err_name(ret), rs.error_code, rs.sense_key, rs.asc, rs.ascq,
	      rs.add_sense_len);
	check(c, cgc.buflen == 37,
	      "CDROM_SEND_PACKET CHECK CONDITION: struct left as it was "
	      "(buflen %u)",
	      cgc.buflen);

	memset(&cgc, 0, sizeof(cgc));
	cgc.cmd[0] = BAD_OPCODE;
	cgc.data_direction = CGC_DATA_NONE;
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c, ret == -EIO,
	      "CDROM_SEND_PACKET CHECK CONDITION without sense: %s (want EIO)",
	      err_name(ret));

	memset(&cgc, 0, sizeof(cgc));
	cgc.data_direction = CGC_DATA_NONE; /* TEST UNIT READY */
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c, !ret, "CDROM_SEND_PACKET TEST UNIT READY: %s", err_name(ret));

	/* sg_io(): a data length needs a data direction. */
	memset(&cgc, 0, sizeof(cgc));
	cgc.buffer = buf;
	cgc.buflen = 8;
	cgc.data_direction = CGC_DATA_NONE;
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c, ret == -EINVAL,
	      "CDROM_SEND_PACKET buflen 8 with CGC_DATA_NONE: %s (want "
	      "EINVAL)",
	      err_name(ret));

	memset(&cgc, 0, sizeof(cgc));
	cgc.data_direction = 7;
	ret = xioctl(c->fd, CDROM_SEND_PACKET, &cgc);
	check(c, ret == -EINVAL,
	      "CDROM_SEND_PACKET data_direction 7: %s (want EINVAL)",
	      err_name(ret));
}

/* SG_GET/SET_RESERVED_SIZE clamp silently, like sg_set_reserved_size. */
static void check_reserved_size(struct ctx *c)
{
	int v, ret, size;

	ret = xioctl(c->fd, SG_GET_RESERVED_SIZE, &v);
	check(c, !ret && v == (int)MAX_XFER,
	      "SG_GET_RESERVED_SIZE: %s %d (want 65536)", err_name(ret), v);

	v = 1 << 20;
	ret = xioctl(c->fd, SG_SET_RESERVED_SIZE, &v);
	check(c, !ret, "SG_SET_RESERVED_SIZE 1 MiB: %s", err_name(ret));
	ret = xioctl(c->fd, SG_GET_RESERVED_SIZE, &v);
	check(c, !ret && v == (int)MAX_XFER,
	      "SG_GET_RESERVED_SIZE after 1 MiB: %d (want 65536)", v);

	v = 32768;
	ret = xioctl(c->fd, SG_SET_RESERVED_SIZE, &v);
	if (!ret)
		ret = xioctl(c->fd, SG_GET_RESERVED_SIZE, &v);
	check(c, !ret && v == 32768, "SG_SET_RESERVED_SIZE 32768, GET: %s %d",
	      err_name(ret), v);

	v = -1;
	ret = xioctl(c->fd, SG_SET_RESERVED_SIZE, &v);
	check(c, ret == -EINVAL, "SG_SET_RESERVED_SIZE -1: %s (want EINVAL)",
	      err_name(ret));

	/* cdparanoia's tweak_SG_buffer: double until error or 1 GiB. */
	for (size = 4096; size <= (1 << 30); size *= 2) {
		v = size;
		ret = xioctl(c->fd, SG_SET_RESERVED_SIZE, &v);
		if (ret || size == (1 << 30))
			break;
	}
	check(c, !ret, "SG_SET_RESERVED_SIZE doubling to 1 GiB: %s at %d",
	      err_name(ret), size);
	ret = xioctl(c->fd, SG_GET_RESERVED_SIZE, &v);
	check(c, !ret && v == (int)MAX_XFER,
	      "SG_GET_RESERVED_SIZE after the doubling: %d (want 65536)", v);
}

static void check_sg_ioctls(struct ctx *c)
{
	int v, ret;

	v = 0;
	ret = xioctl(c->fd, SG_GET_VERSION_NUM, &v);
	check(c, !ret && v == SR_SG_VERSION,
	      "SG_GET_VERSION_NUM: %s %d (want %d, cdrdao needs >= 30000)",
	      err_name(ret), v, SR_SG_VERSION);

	/* wodim's sg_initdev: a failing SG_SET_TIMEOUT is fatal. */
	v = 1234;
	ret = xioctl(c->fd, SG_SET_TIMEOUT, &v);
	check(c, !ret, "SG_SET_TIMEOUT 1234: %s", err_name(ret));
	ret = ioctl(c->fd, SG_GET_TIMEOUT, 0);
	check(c, ret == 1234, "SG_GET_TIMEOUT: %d (want 1234 as the result)",
	      ret);
	v = 6000;
	xioctl(c->fd, SG_SET_TIMEOUT, &v);

	v = 0;
	ret = xioctl(c->fd, SG_EMULATED_HOST, &v);
	check(c, !ret && v == 1, "SG_EMULATED_HOST: %s %d (want 1)",
	      err_name(ret), v);

	check_reserved_size(c);
}

/*
 * libburn needs SG_GET_SCSI_ID type 5 and SCSI_IOCTL_GET_IDLUN (its
 * address must not collide with a real HBA: host >= 200); wodim and
 * libcdio read GET_IDLUN and GET_BUS_NUMBER. HDIO_GET_IDENTITY must fail
 * so libburn does not take the node for an ATA drive.
 */
static void check_scsi_ioctls(struct ctx *c)
{
	struct sg_scsi_id id;
	uint32_t idlun[4];
	uint8_t hd[512];
	int v, ret;

	memset(&id, 0xff, sizeof(id));
	ret = xioctl(c->fd, SG_GET_SCSI_ID, &id);
	check(c,
	      !ret && id.scsi_type == TYPE_ROM && id.host_no >= 200 &&
		      id.channel == 0 && id.scsi_id == 0 && id.lun == 0,
	      "SG_GET_SCSI_ID: %s host %d channel %d id %d lun %d type %d "
	      "(want host >= 200, 0, 0, 0, type 5)",
	      err_name(ret), id.host_no, id.channel, id.scsi_id, id.lun,
	      id.scsi_type);

	/* Two 32-bit words, whatever the caller's struct (libusal: longs). */
	memset(idlun, 0xee, sizeof(idlun));
	ret = xioctl(c->fd, SCSI_IOCTL_GET_IDLUN, idlun);
	check(c,
	      !ret && (idlun[0] >> 24) == ((uint32_t)id.host_no & 0xff) &&
		      (idlun[0] & 0xffffff) == 0,
	      "SCSI_IOCTL_GET_IDLUN: %s dev_id %08x host_unique_id %u "
	      "(want host << 24)",
	      err_name(ret), idlun[0], idlun[1]);
	check(c, idlun[2] == 0xeeeeeeee && idlun[3] == 0xeeeeeeee,
	      "SCSI_IOCTL_GET_IDLUN writes 8 bytes only");

	v = -1;
	ret = xioctl(c->fd, SCSI_IOCTL_GET_BUS_NUMBER, &v);
	check(c, !ret && v == id.host_no,
	      "SCSI_IOCTL_GET_BUS_NUMBER: %s %d (want %d)", err_name(ret), v,
	      id.host_no);

	ret = xioctl(c->fd, HDIO_GET_IDENTITY, hd);
	check(c, ret == -ENOTTY || ret == -EINVAL,
	      "HDIO_GET_IDENTITY: %s (want ENOTTY or EINVAL)", err_name(ret));
}

/* Unknown ioctls ENOTTY; read() and write() EIO (docs/clients.md 1.7, 1.8). */
static void check_misc(struct ctx *c)
{
	uint64_t size64;
	uint8_t buf[2048];
	ssize_t n;
	int ret;

	ret = xioctl(c->fd, _IO('v', 0x77), NULL);
	check(c, ret == -ENOTTY,
	      "unknown ioctl _IO('v', 0x77): %s (want "
	      "ENOTTY)",
	      err_name(ret));
	ret = isatty(c->fd) ? 0 : -errno;
	check(c, ret == -ENOTTY, "isatty (TCGETS): %s (want ENOTTY)",
	      err_name(ret));
	/* >= 0x80000000: the int cmd of libfuse < 3.19
	 * (docs/clients.md 1.5). */
	ret = xioctl(c->fd, BLKGETSIZE64, &size64);
	check(c, ret == -ENOTTY, "BLKGETSIZE64: %s (want ENOTTY)",
	      err_name(ret));

	/* wodim's sg_initdev drains with 136-byte O_NONBLOCK reads. */
	n = read(c->fd, buf, 136);
	ret = n < 0 ? -errno : 0;
	check(c, n < 0 && ret == -EIO, "read(136): %zd %s (want EIO)", n,
	      err_name(ret));
	n = read(c->fd, buf, sizeof(buf));
	ret = n < 0 ? -errno : 0;
	check(c, n < 0 && ret == -EIO, "read(2048): %zd %s (want EIO)", n,
	      err_name(ret));
	memset(buf, 0, sizeof(buf));
	n = write(c->fd, buf, sizeof(buf));
	ret = n < 0 ? -errno : 0;
	check(c, n < 0 && ret == -EIO, "write(2048): %zd %s (want EIO)", n,
	      err_name(ret));
}

static void check_cdrom_basic(struct ctx *c)
{
	const int need = CDC_GENERIC_PACKET | CDC_DRIVE_STATUS |
			 CDC_MULTI_SESSION | CDC_OPEN_TRAY | CDC_CD_R;
	int ret;

	/* libcdio's is_cdrom_linux: anything but -1 is a CD drive. */
	ret = ioctl(c->fd, CDROM_GET_CAPABILITY, 0);
	check(c, ret != -1 && (ret & need) == need,
	      "CDROM_GET_CAPABILITY: %#x (want %#x included)", ret, need);
	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	check(c, ret == CDS_DISC_OK,
	      "CDROM_DRIVE_STATUS CDSL_CURRENT: %d (want %d CDS_DISC_OK)", ret,
	      CDS_DISC_OK);
	/* Not a changer: any slot means the current one (cdrom.c). */
	ret = ioctl(c->fd, CDROM_DRIVE_STATUS, 0);
	check(c, ret == CDS_DISC_OK, "CDROM_DRIVE_STATUS slot 0: %d (want %d)",
	      ret, CDS_DISC_OK);
}

/* The ABI under test really is the one this binary was built for. */
static void check_abi(struct ctx *c)
{
	const bool lp64 = sizeof(void *) == 8;

	check(c,
	      sizeof(struct sg_io_hdr) == (lp64 ? 88u : 64u) &&
		      sizeof(struct cdrom_generic_command) ==
			      (lp64 ? 64u : 44u),
	      "%s-bit caller: sizeof sg_io_hdr %zu, cdrom_generic_command %zu",
	      c->abi, sizeof(struct sg_io_hdr),
	      sizeof(struct cdrom_generic_command));
}

void phase_sg(struct ctx *c)
{
	check_abi(c);
	check_sgio_good(c);
	check_sgio_limits(c);
	check_sgio_invalid(c);
	check_sgio_cdparanoia(c);
	check_sgio_check_condition(c);
	check_send_packet(c);
	check_sg_ioctls(c);
	check_scsi_ioctls(c);
	check_misc(c);
	check_cdrom_basic(c);
}
