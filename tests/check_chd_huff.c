/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the CHD hunk map and its Huffman codes (formats/chd_map.c,
 * formats/chd_huff.c, docs/chd.md "Map"): the CRC-16 check value, code
 * lengths limited to the maximum and sent in the RLE form, maps of every
 * entry type round-tripped (runs longer than one RLE token, tiny maps that
 * chdman 0.251 gets wrong), and hostile maps refused with a reason.
 * chdman itself reads our maps in tests/formats/chd.sh.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/chd.h"

START_TEST(crc16_check_value)
{
	ck_assert_uint_eq(chd_crc16((const uint8_t *)"123456789", 9), 0x29b1);
}
END_TEST

/* Lengths from counts fit maxbits, survive the RLE form, and code. */
static void huff_round_trip(const uint32_t *histo, unsigned nsym,
			    unsigned maxbits)
{
	struct chd_huff a, b;
	uint8_t *buf = calloc(1, 4096);
	struct chd_bitw w = { .p = buf, .cap = 4096 };
	struct chd_bits r = { .p = buf, .len = 4096 };
	unsigned s;

	ck_assert_int_eq(chd_huff_init(&a, nsym, maxbits), 0);
	ck_assert_int_eq(chd_huff_init(&b, nsym, maxbits), 0);
	ck_assert_int_eq(chd_huff_from_histo(&a, histo), 0);
	for (s = 0; s < nsym; s++) {
		ck_assert_uint_le(a.len[s], maxbits);
		ck_assert(!histo[s] == !a.len[s]);
	}
	chd_huff_export_rle(&a, &w);
	for (s = 0; s < nsym; s++)
		if (histo[s])
			chd_huff_encode(&a, &w, s);
	ck_assert(!w.over);
	ck_assert_int_eq(chd_huff_import_rle(&b, &r), 0);
	ck_assert_mem_eq(a.len, b.len, nsym);
	for (s = 0; s < nsym; s++)
		if (histo[s])
			ck_assert_int_eq(chd_huff_decode(&b, &r), (int)s);
	chd_huff_fini(&a);
	chd_huff_fini(&b);
	free(buf);
}

START_TEST(huff_lengths)
{
	uint32_t h[16] = { 0 };
	unsigned i;

	h[3] = 7; /* one symbol: a 1-bit code */
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++)
		h[i] = 5;
	huff_round_trip(h, 16, 8);
	for (i = 0; i < 16; i++) /* Fibonacci-like: needs the limit */
		h[i] = i < 2 ? 1 : h[i - 1] + h[i - 2];
	huff_round_trip(h, 16, 8);
	h[0] = h[5] = h[9] = 0;
	huff_round_trip(h, 16, 8);
}
END_TEST

#define FIRST 500u
#define HB 19584u

/* Entries of every kind; stored blocks back to back from FIRST. */
static struct chd_entry *map_of(uint32_t n)
{
	struct chd_entry *e = calloc(n, sizeof(*e));
	uint64_t off = FIRST;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const unsigned k = i < 3 ? 0 : (i / 7 + i / 300) % 6;

		switch (k) {
		case 0: /* codecs, runs of one */
			e[i].type = (uint8_t)(i % 3);
			e[i].len = 100 + i % 900;
			e[i].crc = (uint16_t)(i * 7919);
			break;
		case 1:
			e[i].type = CHD_T_NONE;
			e[i].len = HB;
			e[i].crc = (uint16_t)i;
			break;
		case 2: /* self: the same one again and again */
			e[i].type = CHD_T_SELF;
			e[i].off = 1;
			break;
		case 3: /* self: ascending */
			e[i].type = CHD_T_SELF;
			e[i].off = i / 2;
			break;
		case 4: /* parent: the same place, then ascending, then odd */
			e[i].type = CHD_T_PARENT;
			e[i].off =
				i % 3 ? (uint64_t)i * 8 : (uint64_t)i * 8 + 3;
			break;
		default: /* a long run of the same codec */
			e[i].type = 1;
			e[i].len = 333;
			e[i].crc = 0xbeef;
		}
		if (e[i].type <= CHD_T_NONE) {
			e[i].off = off;
			off += e[i].len;
		}
	}
	return e;
}

static void map_round_trip(uint32_t n)
{
	struct chd_entry *e = map_of(n), *got = calloc(n ? n : 1, sizeof(*got));
	const char *why = NULL;
	uint8_t *buf, *exact;
	size_t len;

	ck_assert_int_eq(chd_map_encode(e, n, HB, 2448, FIRST, &buf, &len), 0);
	exact = malloc(len); /* ASan sees a read past the map */
	memcpy(exact, buf, len);
	ck_assert_msg(chd_map_decode(exact, len, n, HB, 2448, UINT64_MAX, got,
				     &why) == 0,
		      "%u hunks: %s", n, why);
	ck_assert_mem_eq(e, got, (size_t)n * sizeof(*e));
	/* a flipped CRC, a cut stream, blocks past the end of the file */
	exact[10] ^= 1;
	ck_assert_int_eq(
		chd_map_decode(exact, len, n, HB, 2448, UINT64_MAX, got, &why),
		-EINVAL);
	ck_assert_str_eq(why, "map CRC differs");
	exact[10] ^= 1;
	if (n > 50) {
		ck_assert_int_eq(chd_map_decode(exact, len - 20, n, HB, 2448,
						UINT64_MAX, got, &why),
				 -EINVAL);
		ck_assert_int_eq(chd_map_decode(exact, len, n, HB, 2448, 1000,
						got, &why),
				 -EINVAL);
	}
	free(exact);
	free(buf);
	free(got);
	free(e);
}

START_TEST(map_round_trips)
{
	map_round_trip(1);
	map_round_trip(3); /* chdman 0.251's map buffer is too small here */
	map_round_trip(10);
	map_round_trip(2000); /* runs of more than 274 hunks */
}
END_TEST

START_TEST(map_self_forward)
{
	struct chd_entry e[3] = {
		{ .type = 0, .len = 10, .off = FIRST, .crc = 1 },
		{ .type = CHD_T_SELF, .off = 2 }, /* a later hunk */
		{ .type = 0, .len = 10, .off = FIRST + 10, .crc = 2 },
	};
	struct chd_entry got[3];
	const char *why = NULL;
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(chd_map_encode(e, 3, HB, 2448, FIRST, &buf, &len), 0);
	ck_assert_int_eq(
		chd_map_decode(buf, len, 3, HB, 2448, UINT64_MAX, got, &why),
		-EINVAL);
	ck_assert_str_eq(why, "a hunk copies a later one");
	free(buf);
	ck_assert_int_eq(chd_map_decode((const uint8_t *)"short", 5, 3, HB,
					2448, UINT64_MAX, got, &why),
			 -EINVAL);
}
END_TEST

Suite *chd_huff_suite(void); /* run by tests/check_main.c */

Suite *chd_huff_suite(void)
{
	Suite *s = suite_create("chd_huff");
	TCase *tc = tcase_create("chd_huff");

	tcase_add_test(tc, crc16_check_value);
	tcase_add_test(tc, huff_lengths);
	tcase_add_test(tc, map_round_trips);
	tcase_add_test(tc, map_self_forward);
	suite_add_tcase(s, tc);
	return s;
}
