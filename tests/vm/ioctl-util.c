/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ioctl-check: report lines and the SG_IO helpers of every phase. */
#include "ioctl-check.h"

void check(struct ctx *c, bool ok, const char *fmt, ...)
{
	va_list ap;

	c->checks++;
	if (!ok)
		c->failed++;
	printf("[%s] %s ", c->abi, ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void note(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	printf("[%s] info ", c->abi);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* ioctl() as 0 or -errno, so a check can name the error it saw. */
int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

const char *err_name(int ret)
{
	return ret ? strerror(-ret) : "success";
}

void sg_setup(struct sg_io_hdr *h, const uint8_t *cdb, uint8_t cdb_len, int dir,
	      void *buf, unsigned int len, uint8_t *sense, uint8_t sense_len)
{
	memset(h, 0, sizeof(*h));
	h->interface_id = 'S';
	h->dxfer_direction = dir;
	h->cmd_len = cdb_len;
	h->mx_sb_len = sense_len;
	h->dxfer_len = len;
	h->dxferp = buf;
	h->cmdp = (unsigned char *)cdb;
	h->sbp = sense;
	h->timeout = SG_TIMEOUT_MS;
	/* Echo checks: these must come back as they went in. */
	h->pack_id = 0x1234;
	h->usr_ptr = h;
}

/* The fields sg_io() never changes (scsi_complete_sghdr_rq writes others). */
bool sg_inputs_kept(const struct sg_io_hdr *a, const struct sg_io_hdr *b)
{
	return a->interface_id == b->interface_id &&
	       a->dxfer_direction == b->dxfer_direction &&
	       a->cmd_len == b->cmd_len && a->mx_sb_len == b->mx_sb_len &&
	       a->iovec_count == b->iovec_count &&
	       a->dxfer_len == b->dxfer_len && a->dxferp == b->dxferp &&
	       a->cmdp == b->cmdp && a->sbp == b->sbp &&
	       a->timeout == b->timeout && a->flags == b->flags &&
	       a->pack_id == b->pack_id && a->usr_ptr == b->usr_ptr;
}

/* Runs h, returns the ioctl result; *before keeps the request as sent. */
int sg_run(struct ctx *c, struct sg_io_hdr *h, struct sg_io_hdr *before)
{
	*before = *h;
	return xioctl(c->fd, SG_IO, h);
}

/* Fixed-format sense (SPC-4 4.5.3): key byte 2, ASC 12, ASCQ 13. */
struct sense_kcq sense_fixed(const uint8_t *s, unsigned int len)
{
	struct sense_kcq k = { 0, 0, 0 };

	if (len >= 14) {
		k.key = s[2] & 0x0f;
		k.asc = s[12];
		k.ascq = s[13];
	}
	return k;
}

bool all_bytes(const uint8_t *p, size_t len, uint8_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/*
 * TEST UNIT READY until it stops reporting a unit attention, as sr's
 * probe and every client's first command do; the checks then see a
 * settled drive. Returns the last SAM status.
 */
int settle(struct ctx *c)
{
	static const uint8_t tur[6] = { 0x00 };
	uint8_t sense[32];
	struct sg_io_hdr h;
	int i;

	for (i = 0; i < 5; i++) {
		sg_setup(&h, tur, sizeof(tur), SG_DXFER_NONE, NULL, 0, sense,
			 sizeof(sense));
		if (xioctl(c->fd, SG_IO, &h))
			return -1;
		if (h.status != 0x02 ||
		    sense_fixed(sense, h.sb_len_wr).key != 0x06)
			return h.status;
		note(c, "TEST UNIT READY: unit attention %02x/%02x", sense[12],
		     sense[13]);
	}
	return h.status;
}

/* A GOOD command: every output field as scsi_complete_sghdr_rq sets it. */
bool sg_good(const struct sg_io_hdr *h)
{
	return h->status == 0 && h->masked_status == 0 && h->msg_status == 0 &&
	       h->sb_len_wr == 0 && h->host_status == 0 &&
	       h->driver_status == 0 && h->info == 0;
}
