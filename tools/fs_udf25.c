/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDF volumes libudf cannot read, walked here from the disc model's
 * sectors (a tools/fs.h backend, fs_int.h): those with a Metadata
 * Partition (UDF 2.50 and 2.60: Blu-ray discs, Windows-formatted media),
 * with a Virtual Allocation Table (discs written incrementally: CD-R and
 * DVD±R in Windows' "like a USB flash drive" mode, mkudffs for write-once
 * media) and those whose root is an Extended File Entry. libudf
 * (fs_udf.c) uses only the first partition descriptor and ignores
 * partition references, so in such a volume it reads the File Set
 * Descriptor and every File Entry from the wrong blocks (docs/formats.md
 * 5.6).
 *
 * The walk: the Anchor at the session's block 256 gives the Volume
 * Descriptor Sequence (its Partition and Logical Volume Descriptors);
 * the Logical Volume's partition maps say how each partition reference
 * becomes a disc block: a physical partition directly, the metadata
 * partition through the extents of its Metadata File (or its mirror), a
 * virtual one through the VAT found at the end of the track; the File
 * Set Descriptor names the root's ICB, and every directory's File
 * Identifier Descriptors name the ICBs below it. Each file keeps its
 * data as runs of absolute blocks (or the bytes embedded in its ICB), so
 * reads are random access, as a mount needs.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vburn/bytes.h"

#include "fs_udf25.h"

#define MAX_DIR_BYTES (64u << 20) /* a directory's FID stream */
#define MAX_VDS_BLOCKS 256	  /* a volume descriptor sequence */

static int file_add(struct udf25 *u, struct fs_node *n, struct udf_data *d)
{
	if (u->nfiles == u->cap) {
		const size_t cap = u->cap ? u->cap * 2 : 64;
		struct udf_data *nf = realloc(u->files, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		u->files = nf;
		u->cap = cap;
	}
	u->files[u->nfiles++] = *d;
	/* an index: the array moves while the tree grows */
	n->data = (void *)(uintptr_t)u->nfiles;
	return 0;
}

static int dir_walk(struct udf25 *u, struct fs_node *n,
		    const struct udf_data *dir, uint64_t size, unsigned depth);

/* Fills node k from the ICB the FID names: attributes, and its data,
 * children or link target. */
static int node_load(struct udf25 *u, struct fs_node *k, uint16_t ref,
		     uint32_t blk, unsigned depth)
{
	uint8_t b[BLOCK];
	struct udf_icb i;
	struct udf_data d;
	int r;

	if (udf25_icb_read(u, ref, blk, b, &i)) {
		u->bad = "an entry's ICB cannot be read";
		return -EIO;
	}
	k->st = i.st;
	r = udf25_icb_data(u, &i, &d);
	if (r) {
		u->bad = "an entry's allocation descriptors are damaged";
		return r;
	}
	if (S_ISDIR(i.st.mode)) {
		/* its identifiers count its name and its subdirectories'
		 * parent entries (ECMA-167 4/14.9.6); "." makes the POSIX
		 * count, as the kernel's udf adds it */
		k->st.nlink++;
		/* a directory reached twice loops (docs/formats.md 5.5) */
		if (fs_count_add(&u->dirs, (uint64_t)ref << 32 | blk) > 1)
			r = -ELOOP;
		else if (i.size > MAX_DIR_BYTES)
			r = -EIO,
			u->bad = "a directory is larger than a disc's";
		else if (depth + 1 < FS_MAX_DEPTH)
			r = dir_walk(u, k, &d, i.size, depth + 1);
		udf25_data_free(&d);
		return r;
	}
	if (S_ISLNK(i.st.mode)) {
		uint8_t *p = i.size <= 65536 ? malloc(i.size + 1) : NULL;

		if (p && !udf25_data_read(u, &d, p, (size_t)i.size, 0))
			k->target = fs_udf_link(p, (size_t)i.size);
		free(p);
		udf25_data_free(&d);
		if (!k->target)
			return -ENOMEM;
		k->st.size = strlen(k->target);
		return 0;
	}
	k->st.size = S_ISREG(i.st.mode) ? i.size : 0;
	/* hard links share the ICB (fs_file_key) */
	k->key = ((uint64_t)ref << 32 | blk) + 1;
	r = file_add(u, k, &d);
	if (r)
		udf25_data_free(&d);
	return r;
}

/* The children named by a directory's File Identifier Descriptors
 * (ECMA-167 4/14.4), read whole: a FID may cross a block boundary. */
static int dir_walk(struct udf25 *u, struct fs_node *n,
		    const struct udf_data *dir, uint64_t size, unsigned depth)
{
	uint8_t *p = malloc(size ? (size_t)size : 1);
	int r = p ? udf25_data_read(u, dir, p, (size_t)size, 0) : -ENOMEM;

	if (r == -EIO)
		u->bad = "a directory cannot be read";
	for (size_t at = 0; !r && at + 38 <= size;) {
		const uint8_t *f = p + at, l_fi = f[19];
		const uint16_t l_iu = get_le16(f + 36);
		const size_t len = (38 + (size_t)l_iu + l_fi + 3) & ~(size_t)3;
		char name[1024];
		struct fs_node *k;

		/* the CRC may cover the padding (ECMA-167 4/14.4.9) */
		if (at + 38 + l_iu + l_fi > size ||
		    !udf25_tag_ok(f, at + len <= size ? len : size - at,
				  TAG_FID)) {
			r = -EIO;
			u->bad = "a directory's entries are damaged";
			break;
		}
		at += len;
		/* deleted (04h) and the parent (08h), 4/14.4.3 */
		if (f[18] & 0x0c)
			continue;
		fs_udf_cs0(f + 38 + l_iu, l_fi, name, sizeof(name));
		if (!name[0])
			continue;
		k = fs_node_add(u->fs, n, name);
		if (!k)
			r = -ENOMEM;
		else
			r = node_load(u, k, get_le16(f + 20 + 8),
				      get_le32(f + 20 + 4), depth);
	}
	free(p);
	return r;
}

/* The partition numbers' Partition Descriptors (ECMA-167 3/10.5): the
 * prevailing one (highest sequence number) of each. */
struct udf_pd {
	uint16_t num;
	uint32_t seq, start, length;
};

struct udf_vds {
	struct udf_pd pd[MAX_MAPS];
	unsigned npd;
	uint8_t lvd[BLOCK]; /* the prevailing Logical Volume Descriptor */
	bool have_lvd;
};

static void vds_take(struct udf_vds *v, const uint8_t *b)
{
	if (udf25_tag_ok(b, BLOCK, TAG_PD)) {
		struct udf_pd pd = { get_le16(b + 22), get_le32(b + 16),
				     get_le32(b + 188), get_le32(b + 192) };
		unsigned k = 0;

		while (k < v->npd && v->pd[k].num != pd.num)
			k++;
		if (k == v->npd && v->npd < MAX_MAPS)
			v->pd[v->npd++] = pd;
		else if (k < v->npd && pd.seq >= v->pd[k].seq)
			v->pd[k] = pd;
	} else if (udf25_tag_ok(b, BLOCK, TAG_LVD) &&
		   (!v->have_lvd ||
		    get_le32(b + 16) >= get_le32(v->lvd + 16))) {
		memcpy(v->lvd, b, BLOCK);
		v->have_lvd = true;
	}
}

/* The Anchor (3/10.2) at block 256 of the session and the main Volume
 * Descriptor Sequence it names, else the reserve one. */
static int vds_read(struct udf25 *u, uint32_t base, struct udf_vds *v)
{
	uint8_t b[BLOCK];

	memset(v, 0, sizeof(*v));
	if (udf25_read_abs(u, (uint64_t)base + 256, b) ||
	    !udf25_tag_ok(b, BLOCK, TAG_AVDP))
		return -ENODATA;
	for (int seq = 0; seq < 2 && !(v->have_lvd && v->npd); seq++) {
		const uint8_t *ext = b + 16 + 8 * seq;
		const uint32_t loc = get_le32(ext + 4);
		uint32_t n = get_le32(ext) / BLOCK;
		uint8_t d[BLOCK];

		if (n > MAX_VDS_BLOCKS)
			n = MAX_VDS_BLOCKS;
		for (uint32_t k = 0; k < n; k++) {
			if (udf25_read_abs(u, (uint64_t)loc + k, d) ||
			    udf25_tag_ok(d, BLOCK, TAG_TD))
				break;
			vds_take(v, d);
		}
	}
	return v->have_lvd && v->npd ? 0 : -ENODATA;
}

static const struct udf_pd *pd_find(const struct udf_vds *v, uint16_t num)
{
	for (unsigned k = 0; k < v->npd; k++)
		if (v->pd[k].num == num)
			return &v->pd[k];
	return NULL;
}

/* The Logical Volume's partition maps (ECMA-167 3/10.7, UDF 2.2.8-2.2.10)
 * as u->maps. *special: one is a metadata or virtual partition. */
static int maps_load(struct udf25 *u, const struct udf_vds *v, bool *special,
		     const char **why)
{
	const uint8_t *lvd = v->lvd;
	const uint32_t table = get_le32(lvd + 264), count = get_le32(lvd + 268);
	uint32_t at = 440;

	*special = false;
	if (get_le32(lvd + 212) != BLOCK) {
		*why = "its logical blocks are not 2048 bytes";
		return -EMEDIUMTYPE;
	}
	if (count > MAX_MAPS || table > BLOCK - 440) {
		*why = "its partition map table is damaged";
		return -EIO;
	}
	for (uint32_t k = 0; k < count; k++) {
		const uint8_t *m = lvd + at;
		struct udf_map *um = &u->maps[u->nmaps];
		const struct udf_pd *pd;

		if (at + 2 > 440 + table || m[1] < 6 ||
		    at + m[1] > 440 + table) {
			*why = "its partition map table is damaged";
			return -EIO;
		}
		pd = pd_find(v,
			     get_le16(m + (m[0] == 2 && m[1] >= 40 ? 38 : 4)));
		if (!pd || (m[0] != 1 && m[0] != 2) ||
		    (m[0] == 2 && m[1] < 64)) {
			*why = "a partition map names no partition";
			return -EIO;
		}
		um->start = pd->start;
		um->length = pd->length;
		/* a sparable partition reads as the physical one: an image
		 * has no defects to spare */
		if (m[0] == 2 && !memcmp(m + 5, "*UDF Metadata Partition", 23))
			um->kind = MAP_META;
		else if (m[0] == 2 &&
			 !memcmp(m + 5, "*UDF Virtual Partition", 22))
			um->kind = MAP_VAT;
		*special |= um->kind != MAP_PHYS;
		u->nmaps++;
		at += m[1];
	}
	return 0;
}

/* The physical map of the partition special map k lies in. */
static int phys_of(const struct udf25 *u, unsigned k)
{
	for (unsigned p = 0; p < u->nmaps; p++)
		if (u->maps[p].kind == MAP_PHYS &&
		    u->maps[p].start == u->maps[k].start)
			return (int)p;
	return -1;
}

/* The metadata partitions' extents: their Metadata File (file type 250,
 * UDF 2.2.13), else its mirror (251), read through the physical map of
 * the same partition. */
static int meta_load(struct udf25 *u, const struct udf_vds *v)
{
	const uint8_t *m = v->lvd + 440;

	for (unsigned k = 0; k < u->nmaps; m += m[1], k++) {
		struct udf_map *um = &u->maps[k];
		const int phys = phys_of(u, k);
		int r = -EIO;

		if (um->kind != MAP_META)
			continue;
		for (int copy = 0; r && phys >= 0 && copy < 2; copy++) {
			uint8_t b[BLOCK];
			struct udf_icb i;

			if (udf25_icb_read(u, (uint16_t)phys,
					   get_le32(m + 40 + 4 * copy), b,
					   &i) ||
			    i.type != 250 + copy)
				continue;
			r = udf25_icb_data(u, &i, &um->meta_data);
		}
		if (r)
			return r;
	}
	return 0;
}

/* The table of a virtual partition (UDF 2.2.11): the VAT file, recorded
 * last on the track (a few blocks of run-out may follow it). From UDF
 * 2.00 its ICB has file type 248 and its data a header (its own length
 * at byte 0) before the entries; in 1.50 the entries come first and a
 * regid "*UDF Virtual Alloc Tbl" and the previous VAT's address end it.
 * Entry N is the partition block of virtual block N. */
static int vat_read(struct udf25 *u, struct udf_map *um, int phys, uint32_t blk)
{
	uint8_t b[BLOCK], *p = NULL;
	struct udf_icb i;
	struct udf_data d;
	size_t at = 0, end;
	int r;

	free(um->vat);
	um->vat = NULL;
	um->nvat = 0;
	if (udf25_icb_read(u, (uint16_t)phys, blk, b, &i) ||
	    (i.type != 248 && i.type != 0) || i.size < 36 ||
	    i.size > (64u << 20) || udf25_icb_data(u, &i, &d))
		return -EIO;
	p = malloc((size_t)i.size);
	r = p ? udf25_data_read(u, &d, p, (size_t)i.size, 0) : -ENOMEM;
	udf25_data_free(&d);
	end = (size_t)i.size;
	if (!r && i.type == 248)
		at = get_le16(p);
	else if (!r && !memcmp(p + end - 36 + 1, "*UDF Virtual Alloc Tbl", 22))
		end -= 36;
	else
		r = -EIO;
	if (!r && (at > end || !(um->vat = malloc(end - at + 4))))
		r = at > end ? -EIO : -ENOMEM;
	for (size_t k = at; !r && k + 4 <= end; k += 4)
		um->vat[um->nvat++] = get_le32(p + k);
	free(p);
	return r;
}

static int vat_load(struct udf25 *u, const struct vb_track *t)
{
	const uint64_t last = (uint64_t)t->start + t->length - 1;

	if (!t->length)
		return -EIO;

	for (unsigned k = 0; k < u->nmaps; k++) {
		struct udf_map *um = &u->maps[k];
		const int phys = phys_of(u, k);
		int r = -EIO;

		if (um->kind != MAP_VAT)
			continue;
		for (unsigned back = 0;
		     r && phys >= 0 && back < 8 && last >= um->start + back;
		     back++)
			r = vat_read(u, um, phys,
				     (uint32_t)(last - back - um->start));
		if (r)
			return r;
	}
	return 0;
}

static ssize_t udf25_read(struct fs *fs, const struct fs_node *n, void *buf,
			  size_t len, uint64_t off)
{
	struct udf25 *u = fs->be_data;
	const int r = udf25_data_read(u, &u->files[(uintptr_t)n->data - 1], buf,
				      len, off);

	return r ? r : (ssize_t)len;
}

static void udf25_free(struct udf25 *u)
{
	for (size_t k = 0; k < u->nfiles; k++)
		udf25_data_free(&u->files[k]);
	for (unsigned k = 0; k < u->nmaps; k++) {
		udf25_data_free(&u->maps[k].meta_data);
		free(u->maps[k].vat);
	}
	free(u->files);
	fs_count_free(&u->dirs);
	free(u);
}

static void udf25_close(struct fs *fs)
{
	udf25_free(fs->be_data);
}

static const struct fs_backend udf25_backend = {
	.name = "udf",
	.read = udf25_read,
	.close = udf25_close,
};

/* Where the volume's root ICB is (the File Set Descriptor's, 4/14.1):
 * 0, or -EIO. */
static int root_find(struct udf25 *u, const struct udf_vds *v, uint16_t *ref,
		     uint32_t *blk)
{
	uint8_t b[BLOCK];

	if (udf25_read_block(u, get_le16(v->lvd + 248 + 8),
			     get_le32(v->lvd + 248 + 4), b) ||
	    !udf25_tag_ok(b, BLOCK, TAG_FSD))
		return -EIO;
	*blk = get_le32(b + 400 + 4);
	*ref = get_le16(b + 400 + 8);
	return 0;
}

int fs_udf25_open(struct fs *fs, const struct vb_track *t, char *err,
		  size_t errlen)
{
	struct udf25 *u = calloc(1, sizeof(*u));
	struct udf_vds *v = malloc(sizeof(*v));
	const char *why = NULL;
	uint8_t b[BLOCK];
	struct fs_node *root;
	uint32_t blk;
	uint16_t ref;
	bool special;
	int r;

	if (!u || !v) {
		free(u);
		free(v);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	u->fs = fs;
	r = t->start < 0 ? -ENODATA : vds_read(u, (uint32_t)t->start, v);
	if (!r)
		r = maps_load(u, v, &special, &why);
	if (!r && special && meta_load(u, v))
		r = -EIO, why = "its metadata file cannot be read";
	if (!r && special && vat_load(u, t))
		r = -EIO, why = "its virtual allocation table cannot be read";
	if (!r && root_find(u, v, &ref, &blk))
		r = -EIO, why = "its file set descriptor cannot be read";
	if (!r && udf25_read_block(u, ref, blk, b))
		r = -EIO, why = "its root directory cannot be read";
	free(v);
	/* a plain volume of File Entries: libudf's (fs_udf.c) */
	if (!r && !special && !udf25_tag_ok(b, BLOCK, TAG_EFE))
		r = -ENODATA;
	if (r) {
		if (why)
			snprintf(err, errlen, "%s UDF volume (%s)",
				 r == -EIO ? "damaged" : "unsupported", why);
		udf25_free(u);
		return r == -EIO ? -EMEDIUMTYPE : r;
	}
	fs->be = &udf25_backend;
	fs->be_data = u;
	fs->tree = "udf";
	root = fs_node_add(fs, NULL, "");
	if (!root)
		return -ENOMEM;
	r = node_load(u, root, ref, blk, 0);
	root->st.mode = S_IFDIR | (root->st.mode & 07777);
	if (r == -ELOOP)
		snprintf(err, errlen,
			 "damaged UDF volume (a directory is "
			 "reached twice: its tree loops)");
	else if (r == -EIO)
		snprintf(err, errlen, "damaged UDF volume (%s)",
			 u->bad ? u->bad : "a block cannot be read");
	return r == -EIO ? -EMEDIUMTYPE : r;
}
