/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the drive's manifest (formats/vbd*.c, docs/vbd.md).
 * The input is the text of a .vbd. It is opened from memory as
 * <data dir>/a.vbd through the registry (fz_open: probe, open, walk), so
 * the files it names resolve in the data directory of fz_data_init(), to
 * which this target adds two files the parser must never open: a.fifo (a
 * FIFO; opening it would block until the -timeout kills the run) and
 * a.dev (a link to /dev/zero). Then the same text is written to a.vbd and
 * loaded with vb_vbd_load() (the path with the drive's state), whose
 * answer must agree with the registry's; a manifest that loads must save
 * (its files exist and hold what it commits), load again to the same
 * disc and state, and save again to the same text. Seeds: fuzz/corpus/vbd/.
 */
#include <limits.h>

#include "fuzz_common.h"
#include "vburn/vbd.h"

static char fz_man[300], fz_r1[300], fz_r2[300];

/* The files of this target, after which fz_cleanup() removes the rest. */
static void fz_vbd_cleanup(void)
{
	static const char *const names[] = { "a.fifo", "a.dev" };
	char path[300];
	unsigned i;

	if (getenv("VBURN_FUZZ_DATA"))
		return;
	for (i = 0; i < VB_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", fz_dir, names[i]);
		unlink(path);
	}
	unlink(fz_man);
	unlink(fz_r1);
	unlink(fz_r2);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[300];

	(void)argc;
	(void)argv;
	fz_data_init();
	atexit(fz_vbd_cleanup); /* runs before fz_cleanup (atexit is LIFO) */
	snprintf(path, sizeof(path), "%s/a.fifo", fz_dir);
	if (mkfifo(path, 0644) && errno != EEXIST)
		abort();
	snprintf(path, sizeof(path), "%s/a.dev", fz_dir);
	if (symlink("/dev/zero", path) && errno != EEXIST)
		abort();
	snprintf(fz_man, sizeof(fz_man), "%s/a.vbd", fz_dir);
	snprintf(fz_r1, sizeof(fz_r1), "%s/r1.vbd", fz_dir);
	snprintf(fz_r2, sizeof(fz_r2), "%s/r2.vbd", fz_dir);
	return 0;
}

/* The two discs are the same, field by field (sources by name). */
static void fz_same(const struct vb_disc *a, const struct vb_disc *b)
{
	unsigned i, k;

	FZ_CHECK(a->kind == b->kind && a->open == b->open);
	FZ_CHECK(!strcmp(a->mcn, b->mcn));
	FZ_CHECK(a->n_sessions == b->n_sessions && a->n_tracks == b->n_tracks);
	for (i = 0; i < a->n_sessions; i++)
		FZ_CHECK(a->sessions[i]->leadout == b->sessions[i]->leadout &&
			 a->sessions[i]->disc_type ==
				 b->sessions[i]->disc_type &&
			 a->sessions[i]->count == b->sessions[i]->count);
	for (i = 0; i < a->n_tracks; i++) {
		const struct vb_track *s = a->tracks[i], *t = b->tracks[i];

		FZ_CHECK(s->number == t->number && s->session == t->session &&
			 s->mode == t->mode && s->ctl == t->ctl &&
			 s->start == t->start && s->pregap == t->pregap &&
			 s->length == t->length && s->postgap == t->postgap &&
			 s->n_index == t->n_index && !strcmp(s->isrc, t->isrc));
		FZ_CHECK(!memcmp(s->index, t->index,
				 s->n_index * sizeof(s->index[0])));
		FZ_CHECK(s->n_extents == t->n_extents);
		for (k = 0; k < s->n_extents; k++) {
			const struct vb_extent *x = &s->extents[k];
			const struct vb_extent *y = &t->extents[k];

			FZ_CHECK(x->sectors == y->sectors &&
				 x->data == y->data && x->offset == y->offset &&
				 x->stride == y->stride &&
				 x->data_size == y->data_size &&
				 x->swap == y->swap && x->sub == y->sub &&
				 x->sub_offset == y->sub_offset &&
				 x->sub_stride == y->sub_stride &&
				 !x->src == !y->src &&
				 !x->sub_src == !y->sub_src);
		}
	}
	FZ_CHECK(a->cdtext_len == b->cdtext_len &&
		 (!a->cdtext_len ||
		  !memcmp(a->cdtext, b->cdtext, a->cdtext_len)));
	FZ_CHECK(!memcmp(a->cdtext_lang, b->cdtext_lang, 8));
	FZ_CHECK(a->n_cdtext_items == b->n_cdtext_items);
	for (i = 0; i < a->n_cdtext_items; i++)
		FZ_CHECK(!strcmp(a->cdtext_items[i].text,
				 b->cdtext_items[i].text));
}

static void fz_same_state(const struct vb_vbd_state *a,
			  const struct vb_vbd_state *b)
{
	unsigned i;

	FZ_CHECK(!strcmp(a->media, b->media) && a->capacity == b->capacity &&
		 a->next_start == b->next_start &&
		 a->finalized == b->finalized && a->n_files == b->n_files);
	for (i = 0; i < a->n_files; i++)
		FZ_CHECK(a->files[i].committed == b->files[i].committed &&
			 a->files[i].size == b->files[i].size);
}

/* The whole of a small file (a manifest we wrote), owned. */
static char *fz_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 20);

	FZ_CHECK(f && s);
	FZ_CHECK(fread(s, 1, (1 << 20) - 1, f) < (1 << 20) - 1);
	fclose(f);
	return s;
}

/*
 * A manifest naming r1.vbd or r2.vbd as a data file would see the round
 * trip overwrite its own data: not a finding, so not tried.
 */
static bool fz_names_output(const struct vb_vbd_state *st)
{
	char a[PATH_MAX], b[PATH_MAX];
	unsigned i, k;

	for (i = 0; i < st->n_files; i++)
		for (k = 0; k < 2; k++)
			if (realpath(st->files[i].path, a) &&
			    realpath(k ? fz_r2 : fz_r1, b) && !strcmp(a, b))
				return true;
	return false;
}

/* Save, load, compare, save again: the same text. */
static void fz_round_trip(const struct vb_disc *d,
			  const struct vb_vbd_state *st)
{
	struct vb_diag diag = { "" };
	struct vb_vbd_state st2;
	struct vb_disc *e = NULL;
	char *t1, *t2;
	int ret;

	if (fz_names_output(st))
		return;
	ret = vb_vbd_save(fz_r1, d, st, &diag);
	if (ret)
		fprintf(stderr, "save: %s\n", diag.msg);
	FZ_CHECK(!ret);
	ret = vb_vbd_load(fz_r1, &e, &st2, &diag);
	if (ret)
		fprintf(stderr, "load of the saved manifest: %s\n", diag.msg);
	FZ_CHECK(!ret);
	fz_same(d, e);
	fz_same_state(st, &st2);
	FZ_CHECK(!vb_vbd_save(fz_r2, e, &st2, &diag));
	t1 = fz_slurp(fz_r1);
	t2 = fz_slurp(fz_r2);
	FZ_CHECK(!strcmp(t1, t2));
	free(t1);
	free(t2);
	vb_vbd_state_fini(&st2);
	vb_disc_unref(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_diag diag = { "" };
	struct vb_vbd_state st;
	struct vb_disc *d = NULL, *m;
	int fd, ret;
	size_t i;

	fd = fz_lowest_fd();
	/* first, so that a manifest naming itself sees itself both times */
	if (fz_put_file("a.vbd", data, size))
		abort();
	m = fz_open_disc("vbd", "a.vbd", data, size);
	if (m)
		fz_walk(m);
	ret = vb_vbd_load(fz_man, &d, &st, &diag);
	FZ_CHECK(ret <= 0 && ret > -4096);
	for (i = 0; ret && diag.msg[i]; i++)
		FZ_CHECK((unsigned char)diag.msg[i] >= 0x20);
	/* the registry takes exactly the manifests with tracks */
	FZ_CHECK(!m == (ret || !d->n_sessions));
	if (!ret) {
		if (m)
			fz_same(m, d);
		fz_round_trip(d, &st);
		vb_vbd_state_fini(&st);
	}
	vb_disc_unref(d);
	vb_disc_unref(m);
	FZ_CHECK(fz_lowest_fd() == fd);
	return 0;
}
