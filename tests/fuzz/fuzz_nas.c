/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target over the whole stateless decoder: NAS envelope, EMM, ESM
 * message tables, every typed IE decoder, PCO/ePCO walk, nas_walk and both
 * printers, in every direction.
 *
 * Beyond "no crash" (ASan, UBSan), it checks properties every consumer relies
 * on, and traps when one fails:
 *  - every byte range the walk reports lies inside the input (the Wireshark
 *    plugin turns them into tree items over the tvb);
 *  - the walk's open/close calls nest and balance;
 *  - the JSON printer writes one line of balanced braces and brackets, with no
 *    raw control character inside a string;
 *  - decoding into a nas_pdu filled with garbage prints the same JSON as into
 *    a clean one (no field is read that the decoder did not write);
 *  - the PCO iterator stays inside its IE and always ends.
 *
 * The decipher path: the input decoded as a deciphered PDU (a type 2/4
 * header whose inner bytes the caller deciphered, nas_opts.deciphered),
 * with the same checks; and the NAS algorithms (128-EEA1-3, 128-EIA1-3,
 * common/crypto.c) over the input with parameters and a bit length taken
 * from it, checked for what TS 33.401 B.1/B.2 make true whatever the data:
 * ciphering twice gives the message back, a shorter LENGTH gives a prefix of
 * the keystream, the bits after LENGTH are zero in the output and change no
 * MAC, in place equals out of place, EIA4-7/EEA4-7 are refused.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/crypto.h"
#include "esmtrace/nas.h"

#define CHECK(cond, what)                                                       \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "fuzz_nas: property failed: %s\n", what); \
			__builtin_trap();                                       \
		}                                                               \
	} while (0)

/* ------------------------------------------------------------ checking sink */

typedef struct {
	size_t size;    /* input length: every range must fit */
	int depth;
	unsigned items;
} walk_ctx;

static void in_input(walk_ctx *c, uint32_t off, uint32_t len)
{
	if (len)
		CHECK((uint64_t)off + len <= c->size, "walk byte range outside the input");
	c->items++;
}

static void w_open(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len)
{
	walk_ctx *c = ctx;
	(void)key, (void)label;
	in_input(c, off, len);
	c->depth++;
	CHECK(c->depth < 64, "walk nests too deep");
}

static void w_close(void *ctx)
{
	walk_ctx *c = ctx;
	c->depth--;
	CHECK(c->depth >= 0, "walk closes more than it opens");
}

static void w_u64(void *ctx, const char *key, const char *label, uint64_t v, const char *text, uint32_t off,
                  uint32_t len)
{
	(void)key, (void)label, (void)v;
	if (text)
		CHECK(strlen(text) < 4096, "value text unterminated or huge");
	in_input(ctx, off, len);
}

static void w_str(void *ctx, const char *key, const char *label, const char *v, uint32_t off, uint32_t len)
{
	(void)key, (void)label;
	CHECK(v != NULL && strlen(v) < 4096, "string value NULL, unterminated or huge");
	in_input(ctx, off, len);
}

static void w_bytes(void *ctx, const char *key, const char *label, const uint8_t *p, uint32_t n, uint32_t off)
{
	walk_ctx *c = ctx;
	(void)key, (void)label;
	CHECK(n == 0 || p != NULL, "bytes without a pointer");
	in_input(c, off, n);
}

static void w_diag(void *ctx, const nas_diag *d)
{
	walk_ctx *c = ctx;
	CHECK(d->offset <= c->size, "diagnostic offset beyond the input");
	CHECK(nas_diag_code_name(d->code) != NULL, "diagnostic without a name");
}

static const nas_sink check_sink = { w_open, w_open, w_close, w_u64, w_str, w_bytes, w_diag };

/* ------------------------------------------------------- JSON shape check */

static char json_buf[1 << 20], json_buf2[1 << 20];

/* The printer's output for pdu in buf; its length, or -1 if it did not fit. */
static long render_json(const nas_pdu *pdu, char *buf, size_t size)
{
	FILE *f = fmemopen(buf, size, "w");
	if (!f)
		return -1;
	nas_print_json(f, pdu);
	long n = ftell(f);
	fclose(f);
	return n >= 0 && n < (long)size - 1 ? n : -1;
}

static void check_json(const char *buf, long n)
{
	int depth = 0, in_str = 0;
	for (long i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (in_str) {
			CHECK(ch >= 0x20, "raw control character inside a JSON string");
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
			continue;
		}
		if (ch == '"')
			in_str = 1;
		else if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']')
			CHECK(--depth >= 0, "JSON closes more than it opens");
		else if (ch == '\n')
			CHECK(i == n - 1, "JSON object spans more than one line");
	}
	CHECK(!in_str && depth == 0, "JSON braces or quotes unbalanced");
}

/* --------------------------------------------------------- the target */

static FILE *devnull;

static void typed_decoders(const uint8_t *data, size_t size, nas_dir dir)
{
	nas_bytes v = { data, (uint32_t)size };
	union {
		nas_eps_qos q;
		nas_ext_eps_qos xq;
		nas_pdn_address a;
		nas_ambr ambr;
		nas_timer t;
		nas_tft tft;
		nas_identity id;
		char apn[NAS_APN_MAX];
	} u;
	nas_decode_eps_qos(v, &u.q);
	nas_decode_ext_eps_qos(v, &u.xq);
	if (nas_decode_apn(v, u.apn) == NAS_OK)
		CHECK(strlen(u.apn) < NAS_APN_MAX, "APN text overflows");
	nas_decode_pdn_address(v, &u.a);
	nas_decode_apn_ambr(v, &u.ambr);
	nas_decode_ext_apn_ambr(v, &u.ambr);
	nas_decode_gprs_timer(v, &u.t);
	nas_decode_gprs_timer2(v, &u.t);
	nas_decode_gprs_timer3(v, &u.t);
	if (nas_decode_tft(v, &u.tft) == NAS_OK)
		CHECK(u.tft.params.len <= size, "TFT parameters outside the input");
	nas_decode_identity(v, true, &u.id);
	nas_decode_identity(v, false, &u.id);
	for (uint8_t t = 0; t < NAS_IE__COUNT; t++) {
		uint32_t bad = 0;
		int rc = nas_ie_check(t, v, dir, &bad);
		if (rc != NAS_OK)
			CHECK(bad <= size, "nas_ie_check offset beyond the value");
	}

	/* The input as PCO/ePCO contents. */
	nas_pco_iter it;
	nas_pco_item item;
	nas_pco_begin(&it, v, dir, 0);
	unsigned n = 0;
	while (nas_pco_next(&it, &item)) {
		CHECK(item.v.len == 0 || (item.v.p >= data && item.v.p + item.v.len <= data + size),
		      "PCO container outside its IE");
		CHECK(++n <= size, "PCO walk does not end");
		walk_ctx c = { size, 0, 0 };
		nas_pco_item_walk(&item, dir, &check_sink, &c);
		CHECK(c.depth == 0, "PCO item walk unbalanced");
	}
}

/* ------------------------------------------------ the NAS algorithms */

static nas_crypto *crypto;
static uint8_t c1[4096], c2[4096], c3[4096];

static bool tail_clear(const uint8_t *p, uint32_t bits)
{
	return bits % 8 == 0 || (p[bits / 8] & (0xFF >> (bits % 8))) == 0;
}

/* Parameters from the first 24 octets (key, COUNT, BEARER, DIRECTION, LENGTH),
 * the message from the rest. */
static void algorithms(const uint8_t *data, size_t size)
{
	if (size < 24 || !crypto)
		return;
	const uint8_t *key = data;
	uint32_t count = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 | data[19];
	uint8_t bearer = data[20] & 0x1F, dir = data[20] >> 7, alg = data[21] & 3;
	const uint8_t *msg = data + 24;
	size_t n = size - 24 > sizeof c1 ? sizeof c1 : size - 24;
	uint32_t bits = n ? (uint32_t)(((data[22] << 8 | data[23]) % (n * 8)) + 1) : 0;
	uint32_t octets = (bits + 7) / 8;

	CHECK(!nas_eea(crypto, (uint8_t)(4 + (data[21] >> 2 & 3)), key, count, bearer, dir, msg, bits, c1),
	      "EEA4-7 accepted");
	uint32_t mac, mac2;
	CHECK(!nas_eia(crypto, (uint8_t)(4 + (data[21] >> 2 & 3)), key, count, bearer, dir, msg, bits, &mac),
	      "EIA4-7 accepted");

	/* B.1: EEA is an XOR with a keystream */
	CHECK(nas_eea(crypto, alg, key, count, bearer, dir, msg, bits, c1), "EEA refused");
	CHECK(tail_clear(c1, bits), "EEA output has bits after LENGTH");
	CHECK(nas_eea(crypto, alg, key, count, bearer, dir, c1, bits, c2), "EEA refused");
	memcpy(c3, msg, octets);
	if (bits % 8)
		c3[octets - 1] &= (uint8_t)(0xFF << (8 - bits % 8));
	CHECK(memcmp(c2, c3, octets) == 0, "EEA twice is not the message");
	memcpy(c3, msg, octets);
	CHECK(nas_eea(crypto, alg, key, count, bearer, dir, c3, bits, c3), "EEA refused");
	CHECK(memcmp(c1, c3, octets) == 0, "EEA in place differs");
	uint32_t shorter = bits / 2;
	CHECK(nas_eea(crypto, alg, key, count, bearer, dir, msg, shorter, c2), "EEA refused");
	CHECK(memcmp(c1, c2, shorter / 8) == 0, "EEA keystream of a shorter LENGTH is no prefix");
	if (shorter % 8) {
		uint8_t m = (uint8_t)(0xFF << (8 - shorter % 8));
		CHECK((c1[shorter / 8] & m) == (c2[shorter / 8] & m), "EEA keystream of a shorter LENGTH is no prefix");
	}

	/* B.2: the MAC covers LENGTH bits and no more */
	CHECK(nas_eia(crypto, alg, key, count, bearer, dir, msg, bits, &mac), "EIA refused");
	memcpy(c3, msg, octets);
	if (bits % 8)
		c3[octets - 1] ^= (uint8_t)(0xFF >> (bits % 8));
	CHECK(nas_eia(crypto, alg, key, count, bearer, dir, c3, bits, &mac2) && mac == mac2,
	      "EIA reads bits after LENGTH");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const nas_dir dirs[] = { NAS_UPLINK, NAS_DOWNLINK, NAS_DIR_UNKNOWN };
	static nas_pdu pdu, dirty;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size > 65535 + 16)
		return 0; /* NAS-PDUs are bounded; longer inputs only slow the search */

	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		for (int mode = 0; mode < 3; mode++) {
			/* 0: as captured, guessing EEA0; 1: strict; 2: deciphered by the caller */
			nas_opts opts = { .try_ciphered_as_plain = mode == 0, .deciphered = mode == 2 };
			nas_decode(data, size, dirs[d], &opts, &pdu);
			CHECK(pdu.n_diag <= NAS_MAX_DIAGS, "diagnostic count beyond its array");
			CHECK(!pdu.esm.present || (uint64_t)pdu.esm.off + pdu.esm.len <= size,
			      "ESM message outside the input");
			walk_ctx c = { size, 0, 0 };
			nas_walk(&pdu, &check_sink, &c);
			CHECK(c.depth == 0, "walk leaves objects open");
			long n = render_json(&pdu, json_buf, sizeof json_buf);
			if (n > 0)
				check_json(json_buf, n);
			/* The same decode into a nas_pdu full of garbage must print the
			 * same: nothing the decoder did not write may be read back. */
			memset(&dirty, 0xA5, sizeof dirty);
			nas_decode(data, size, dirs[d], &opts, &dirty);
			long n2 = render_json(&dirty, json_buf2, sizeof json_buf2);
			CHECK(n == n2 && (n <= 0 || memcmp(json_buf, json_buf2, (size_t)n) == 0),
			      "decode result depends on the output buffer's previous contents");
			if (devnull)
				nas_print_text(devnull, &pdu);
		}
		/* The input as a bare ESM message. */
		esm_msg m;
		esm_decode(data, size, dirs[d], 0, &pdu, &m);
		typed_decoders(data, size, dirs[d]);
	}
	if (!crypto)
		crypto = nas_crypto_new();
	algorithms(data, size);
	return 0;
}
