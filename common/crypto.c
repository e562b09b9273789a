/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS security algorithms (TS 33.401 Annex B) and the AKA key chain (TS
 * 33.401 6.1, Annex A). AES comes from libgcrypt, Milenage and the KDF from
 * libosmogsm; SNOW 3G and ZUC, which no Debian library ships, are written
 * here from the ETSI/SAGE specifications:
 *   SNOW 3G: TS 35.216 (ETSI/SAGE UEA2 & UIA2 Document 2, V1.1), used by
 *            UEA2/UIA2 (TS 35.215, Document 1) = 128-EEA1/EIA1 (33.401 B.1.2, B.2.2);
 *   ZUC:     TS 35.222 (ETSI/SAGE EEA3 & EIA3 Document 2, V1.6), used by
 *            128-EEA3/EIA3 (TS 35.221, Document 1 V1.7; 33.401 B.1.4, B.2.4).
 * Their test data (TS 35.217, TS 35.223, TS 33.401 Annex C) is in
 * tests/unit/test_crypto.c.
 */
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <gcrypt.h>
#include <osmocom/crypt/auth.h>
#include <osmocom/crypt/kdf.h>

#include "esmtrace/crypto.h"

static uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Clear the bits of the last octet past `bits` (TS 33.401 B.1.1). */
static void clear_tail(uint8_t *out, uint32_t bits)
{
	if (bits % 8)
		out[bits / 8] &= (uint8_t)(0xFF00u >> (bits % 8));
}

/* Word i (32 bits, big-endian) of a keystream xored into a bit string. */
static void xor_keystream(const uint8_t *in, uint8_t *out, uint32_t bits, const uint32_t *z)
{
	uint32_t n = (bits + 7) / 8;
	for (uint32_t i = 0; i < n; i++)
		out[i] = in[i] ^ (uint8_t)(z[i / 4] >> (24 - 8 * (i % 4)));
	clear_tail(out, bits);
}

/* =========================================================== SNOW 3G */

/* MULx and MULxPOW (TS 35.216 3.1.1, 3.1.2). */
static uint8_t mulx(uint8_t v, uint8_t c)
{
	return (uint8_t)(v & 0x80 ? (uint8_t)(v << 1) ^ c : (uint8_t)(v << 1));
}

static uint8_t mulxpow(uint8_t v, unsigned i, uint8_t c)
{
	while (i--)
		v = mulx(v, c);
	return v;
}

/* Tables built once from the specification's definitions: the S-boxes S1
 * and S2 as four byte-position tables each (TS 35.216 3.3.1, 3.3.2; the
 * table form of Annex 2.4), and MUL/DIV (3.4.2, 3.4.3). */
static uint32_t s1_t[4][256], s2_t[4][256], mul_alpha[256], div_alpha[256];
static once_flag snow_once = ONCE_FLAG_INIT;

/* Multiplication in GF(2^8) modulo `poly` (the x^8 term included). */
static uint8_t gf_mul(uint8_t a, uint8_t b, unsigned poly)
{
	unsigned r = 0, x = a;
	for (; b; b >>= 1) {
		if (b & 1)
			r ^= x;
		x <<= 1;
		if (x & 0x100)
			x ^= poly;
	}
	return (uint8_t)r;
}

/* SR, the Rijndael S-box (TS 35.216 5.1): the inverse in GF(2^8) modulo
 * x^8 + x^4 + x^3 + x + 1, then Rijndael's affine map with 0x63. */
static uint8_t rijndael_sbox(uint8_t x)
{
	uint8_t inv = 0;
	for (unsigned y = 1; y < 256 && x; y++)
		if (gf_mul(x, (uint8_t)y, 0x11B) == 1) {
			inv = (uint8_t)y;
			break;
		}
	uint8_t s = inv;
	for (int i = 1; i <= 4; i++)
		s ^= (uint8_t)(inv << i | inv >> (8 - i));
	return s ^ 0x63;
}

/* SQ (TS 35.216 5.2, Annex 1.3): the Dickson polynomial g49(x) = x + x^9 +
 * x^13 + x^15 + x^33 + x^41 + x^45 + x^47 + x^49 in GF(2^8) modulo
 * x^8 + x^6 + x^5 + x^3 + 1, XOR 0x25. */
static uint8_t sq_sbox(uint8_t x)
{
	static const unsigned exps[] = { 1, 9, 13, 15, 33, 41, 45, 47, 49 };
	uint8_t pw[50], g = 0;
	pw[0] = 1;
	for (int i = 1; i < 50; i++)
		pw[i] = gf_mul(pw[i - 1], x, 0x169);
	for (size_t i = 0; i < sizeof exps / sizeof exps[0]; i++)
		g ^= pw[exps[i]];
	return g ^ 0x25;
}

static void snow_tables(void)
{
	for (unsigned x = 0; x < 256; x++) {
		/* S1 / S2 (3.3.1, 3.3.2): input byte j (0 = most significant)
		 * gives MULx(S(wj)) to output byte j, MULx(S(wj)) ^ S(wj) to byte
		 * j + 1 mod 4, and S(wj) to the two others. */
		const uint8_t sbox[2] = { rijndael_sbox((uint8_t)x), sq_sbox((uint8_t)x) };
		const uint8_t poly[2] = { 0x1B, 0x69 };
		for (int t = 0; t < 2; t++) {
			uint8_t s = sbox[t], m = mulx(s, poly[t]);
			for (int j = 0; j < 4; j++) {
				uint32_t w = 0;
				for (int k = 0; k < 4; k++) {
					uint8_t b = k == j ? m : k == (j + 1) % 4 ? (uint8_t)(m ^ s) : s;
					w |= (uint32_t)b << (24 - 8 * k);
				}
				(t ? s2_t : s1_t)[j][x] = w;
			}
		}
		uint8_t c = (uint8_t)x;
		mul_alpha[x] = (uint32_t)mulxpow(c, 23, 0xA9) << 24 | (uint32_t)mulxpow(c, 245, 0xA9) << 16 |
		               (uint32_t)mulxpow(c, 48, 0xA9) << 8 | mulxpow(c, 239, 0xA9);
		div_alpha[x] = (uint32_t)mulxpow(c, 16, 0xA9) << 24 | (uint32_t)mulxpow(c, 39, 0xA9) << 16 |
		               (uint32_t)mulxpow(c, 6, 0xA9) << 8 | mulxpow(c, 64, 0xA9);
	}
}

static uint32_t snow_s(const uint32_t t[4][256], uint32_t w)
{
	return t[0][w >> 24] ^ t[1][w >> 16 & 0xFF] ^ t[2][w >> 8 & 0xFF] ^ t[3][w & 0xFF];
}

typedef struct {
	uint32_t s[16], r1, r2, r3;
} snow_state;

/* Clocking the FSM (3.4.6): F = (s15 + R1) ^ R2. */
static uint32_t snow_fsm(snow_state *st)
{
	uint32_t f = (st->s[15] + st->r1) ^ st->r2;
	uint32_t r = st->r2 + (st->r3 ^ st->s[5]);
	st->r3 = snow_s(s2_t, st->r2);
	st->r2 = snow_s(s1_t, st->r1);
	st->r1 = r;
	return f;
}

/* Clocking the LFSR (3.4.4 with the FSM output f, 3.4.5 with f = 0). */
static void snow_lfsr(snow_state *st, uint32_t f)
{
	uint32_t s0 = st->s[0], s11 = st->s[11];
	uint32_t v = (s0 << 8) ^ mul_alpha[s0 >> 24] ^ st->s[2] ^ (s11 >> 8) ^ div_alpha[s11 & 0xFF] ^ f;
	memmove(st->s, st->s + 1, 15 * sizeof st->s[0]);
	st->s[15] = v;
}

void nas_snow3g(const uint32_t k[4], const uint32_t iv[4], uint32_t *z, size_t n)
{
	call_once(&snow_once, snow_tables);
	const uint32_t one = 0xFFFFFFFFu;
	/* Initialisation (4.1) */
	snow_state st = { { k[0] ^ one, k[1] ^ one, k[2] ^ one, k[3] ^ one, k[0], k[1], k[2], k[3], k[0] ^ one,
	                    k[1] ^ one ^ iv[3], k[2] ^ one ^ iv[2], k[3] ^ one, k[0] ^ iv[1], k[1], k[2],
	                    k[3] ^ iv[0] },
	                  0, 0, 0 };
	for (int i = 0; i < 32; i++)
		snow_lfsr(&st, snow_fsm(&st));
	/* Generation of keystream (4.2): one FSM clock discarded first */
	snow_fsm(&st);
	snow_lfsr(&st, 0);
	for (size_t t = 0; t < n; t++) {
		z[t] = snow_fsm(&st) ^ st.s[0];
		snow_lfsr(&st, 0);
	}
}

/* K for UEA2/UIA2 (TS 35.215 3.4, 4.4): k3 holds the first key octets. */
static void snow_key(const uint8_t key[16], uint32_t k[4])
{
	k[3] = load32(key);
	k[2] = load32(key + 4);
	k[1] = load32(key + 8);
	k[0] = load32(key + 12);
}

#define WORDS_MAX 2048 /* keystream words on the stack (8 KiB of message); longer ones use the heap */

void nas_uea2(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *in, uint32_t bits,
              uint8_t *out)
{
	uint32_t k[4], iv[4], zs[WORDS_MAX];
	snow_key(key, k);
	/* IV (TS 35.215 3.4): COUNT, BEARER || DIRECTION || 0^26, twice */
	iv[3] = iv[1] = count;
	iv[2] = iv[0] = (uint32_t)(bearer & 0x1F) << 27 | (uint32_t)(dir & 1) << 26;
	uint64_t words = ((uint64_t)bits + 31) / 32;
	uint32_t *z = words <= WORDS_MAX ? zs : malloc(words * sizeof *z);
	if (!z) {
		memset(out, 0, (bits + 7) / 8);
		return;
	}
	nas_snow3g(k, iv, z, (size_t)words);
	xor_keystream(in, out, bits, z);
	if (z != zs)
		free(z);
}

/* MUL64 (TS 35.215 4.3): V times P in GF(2^64) with the reduction c. */
static uint64_t mul64(uint64_t v, uint64_t p, uint64_t c)
{
	uint64_t r = 0;
	for (int i = 0; i < 64; i++) {
		if (p >> i & 1)
			r ^= v;
		v = v >> 63 ? v << 1 ^ c : v << 1;
	}
	return r;
}

/* Octets [from, from + 8) of a bit string as a 64-bit block, zero past its end. */
static uint64_t block64(const uint8_t *msg, uint64_t bytes, uint64_t from)
{
	uint64_t b = 0;
	for (int i = 0; i < 8; i++)
		b = b << 8 | (from + (uint64_t)i < bytes ? msg[from + (uint64_t)i] : 0);
	return b;
}

uint32_t nas_uia2(const uint8_t key[16], uint32_t count, uint32_t fresh, uint8_t dir, const uint8_t *msg,
                  uint64_t bits)
{
	uint32_t k[4], iv[4], z[5];
	snow_key(key, k);
	/* IV (TS 35.215 4.4) */
	iv[3] = count;
	iv[2] = fresh;
	iv[1] = count ^ (uint32_t)(dir & 1) << 31;
	iv[0] = fresh ^ (uint32_t)(dir & 1) << 15;
	nas_snow3g(k, iv, z, 5);
	uint64_t p = (uint64_t)z[0] << 32 | z[1], q = (uint64_t)z[2] << 32 | z[3];
	/* The message in 64-bit blocks M0 .. M(D-2), the last padded with 0
	 * bits (4.5); EVAL over them with P, then LENGTH, then times Q. */
	uint64_t bytes = (bits + 7) / 8, blocks = (bits + 63) / 64, eval = 0;
	for (uint64_t i = 0; i < blocks; i++) {
		uint64_t m = block64(msg, bytes, i * 8);
		if (i == blocks - 1 && bits % 64)
			m &= ~(uint64_t)0 << (64 - bits % 64);
		eval = mul64(eval ^ m, p, 0x1B);
	}
	eval ^= bits;
	eval = mul64(eval, q, 0x1B);
	return (uint32_t)(eval >> 32) ^ z[4];
}

/* =============================================================== ZUC */

/* The S-boxes S0 and S1 (TS 35.222 3.4.1, tables 3.1 and 3.2). */
static const uint8_t zuc_s0[256] = {
	0x3e, 0x72, 0x5b, 0x47, 0xca, 0xe0, 0x00, 0x33, 0x04, 0xd1, 0x54, 0x98, 0x09, 0xb9, 0x6d, 0xcb,
	0x7b, 0x1b, 0xf9, 0x32, 0xaf, 0x9d, 0x6a, 0xa5, 0xb8, 0x2d, 0xfc, 0x1d, 0x08, 0x53, 0x03, 0x90,
	0x4d, 0x4e, 0x84, 0x99, 0xe4, 0xce, 0xd9, 0x91, 0xdd, 0xb6, 0x85, 0x48, 0x8b, 0x29, 0x6e, 0xac,
	0xcd, 0xc1, 0xf8, 0x1e, 0x73, 0x43, 0x69, 0xc6, 0xb5, 0xbd, 0xfd, 0x39, 0x63, 0x20, 0xd4, 0x38,
	0x76, 0x7d, 0xb2, 0xa7, 0xcf, 0xed, 0x57, 0xc5, 0xf3, 0x2c, 0xbb, 0x14, 0x21, 0x06, 0x55, 0x9b,
	0xe3, 0xef, 0x5e, 0x31, 0x4f, 0x7f, 0x5a, 0xa4, 0x0d, 0x82, 0x51, 0x49, 0x5f, 0xba, 0x58, 0x1c,
	0x4a, 0x16, 0xd5, 0x17, 0xa8, 0x92, 0x24, 0x1f, 0x8c, 0xff, 0xd8, 0xae, 0x2e, 0x01, 0xd3, 0xad,
	0x3b, 0x4b, 0xda, 0x46, 0xeb, 0xc9, 0xde, 0x9a, 0x8f, 0x87, 0xd7, 0x3a, 0x80, 0x6f, 0x2f, 0xc8,
	0xb1, 0xb4, 0x37, 0xf7, 0x0a, 0x22, 0x13, 0x28, 0x7c, 0xcc, 0x3c, 0x89, 0xc7, 0xc3, 0x96, 0x56,
	0x07, 0xbf, 0x7e, 0xf0, 0x0b, 0x2b, 0x97, 0x52, 0x35, 0x41, 0x79, 0x61, 0xa6, 0x4c, 0x10, 0xfe,
	0xbc, 0x26, 0x95, 0x88, 0x8a, 0xb0, 0xa3, 0xfb, 0xc0, 0x18, 0x94, 0xf2, 0xe1, 0xe5, 0xe9, 0x5d,
	0xd0, 0xdc, 0x11, 0x66, 0x64, 0x5c, 0xec, 0x59, 0x42, 0x75, 0x12, 0xf5, 0x74, 0x9c, 0xaa, 0x23,
	0x0e, 0x86, 0xab, 0xbe, 0x2a, 0x02, 0xe7, 0x67, 0xe6, 0x44, 0xa2, 0x6c, 0xc2, 0x93, 0x9f, 0xf1,
	0xf6, 0xfa, 0x36, 0xd2, 0x50, 0x68, 0x9e, 0x62, 0x71, 0x15, 0x3d, 0xd6, 0x40, 0xc4, 0xe2, 0x0f,
	0x8e, 0x83, 0x77, 0x6b, 0x25, 0x05, 0x3f, 0x0c, 0x30, 0xea, 0x70, 0xb7, 0xa1, 0xe8, 0xa9, 0x65,
	0x8d, 0x27, 0x1a, 0xdb, 0x81, 0xb3, 0xa0, 0xf4, 0x45, 0x7a, 0x19, 0xdf, 0xee, 0x78, 0x34, 0x60,
};

static const uint8_t zuc_s1[256] = {
	0x55, 0xc2, 0x63, 0x71, 0x3b, 0xc8, 0x47, 0x86, 0x9f, 0x3c, 0xda, 0x5b, 0x29, 0xaa, 0xfd, 0x77,
	0x8c, 0xc5, 0x94, 0x0c, 0xa6, 0x1a, 0x13, 0x00, 0xe3, 0xa8, 0x16, 0x72, 0x40, 0xf9, 0xf8, 0x42,
	0x44, 0x26, 0x68, 0x96, 0x81, 0xd9, 0x45, 0x3e, 0x10, 0x76, 0xc6, 0xa7, 0x8b, 0x39, 0x43, 0xe1,
	0x3a, 0xb5, 0x56, 0x2a, 0xc0, 0x6d, 0xb3, 0x05, 0x22, 0x66, 0xbf, 0xdc, 0x0b, 0xfa, 0x62, 0x48,
	0xdd, 0x20, 0x11, 0x06, 0x36, 0xc9, 0xc1, 0xcf, 0xf6, 0x27, 0x52, 0xbb, 0x69, 0xf5, 0xd4, 0x87,
	0x7f, 0x84, 0x4c, 0xd2, 0x9c, 0x57, 0xa4, 0xbc, 0x4f, 0x9a, 0xdf, 0xfe, 0xd6, 0x8d, 0x7a, 0xeb,
	0x2b, 0x53, 0xd8, 0x5c, 0xa1, 0x14, 0x17, 0xfb, 0x23, 0xd5, 0x7d, 0x30, 0x67, 0x73, 0x08, 0x09,
	0xee, 0xb7, 0x70, 0x3f, 0x61, 0xb2, 0x19, 0x8e, 0x4e, 0xe5, 0x4b, 0x93, 0x8f, 0x5d, 0xdb, 0xa9,
	0xad, 0xf1, 0xae, 0x2e, 0xcb, 0x0d, 0xfc, 0xf4, 0x2d, 0x46, 0x6e, 0x1d, 0x97, 0xe8, 0xd1, 0xe9,
	0x4d, 0x37, 0xa5, 0x75, 0x5e, 0x83, 0x9e, 0xab, 0x82, 0x9d, 0xb9, 0x1c, 0xe0, 0xcd, 0x49, 0x89,
	0x01, 0xb6, 0xbd, 0x58, 0x24, 0xa2, 0x5f, 0x38, 0x78, 0x99, 0x15, 0x90, 0x50, 0xb8, 0x95, 0xe4,
	0xd0, 0x91, 0xc7, 0xce, 0xed, 0x0f, 0xb4, 0x6f, 0xa0, 0xcc, 0xf0, 0x02, 0x4a, 0x79, 0xc3, 0xde,
	0xa3, 0xef, 0xea, 0x51, 0xe6, 0x6b, 0x18, 0xec, 0x1b, 0x2c, 0x80, 0xf7, 0x74, 0xe7, 0xff, 0x21,
	0x5a, 0x6a, 0x54, 0x1e, 0x41, 0x31, 0x92, 0x35, 0xc4, 0x33, 0x07, 0x0a, 0xba, 0x7e, 0x0e, 0x34,
	0x88, 0xb1, 0x98, 0x7c, 0xf3, 0x3d, 0x60, 0x6c, 0x7b, 0xca, 0xd3, 0x1f, 0x32, 0x65, 0x04, 0x28,
	0x64, 0xbe, 0x85, 0x9b, 0x2f, 0x59, 0x8a, 0xd7, 0xb0, 0x25, 0xac, 0xaf, 0x12, 0x03, 0xe2, 0xf2,
};

/* The constants D of the key loading (3.5), 15 bits each. */
static const uint16_t zuc_d[16] = { 0x44D7, 0x26BC, 0x626B, 0x135E, 0x5789, 0x35E2, 0x7135, 0x09AF,
	                                0x4D78, 0x2F13, 0x6BC4, 0x1AF1, 0x5E26, 0x3C4D, 0x789A, 0x47AC };

typedef struct {
	uint32_t s[16], r1, r2, x0, x1, x2, x3;
} zuc_state;

/* a + b mod 2^31 - 1, for a, b below 2^31 (3.2, informative note) */
static uint32_t add31(uint32_t a, uint32_t b)
{
	uint32_t c = a + b;
	return (c & 0x7FFFFFFF) + (c >> 31);
}

/* x * 2^k mod 2^31 - 1: a 31-bit rotation */
static uint32_t rot31(uint32_t x, int k)
{
	return ((x << k) | (x >> (31 - k))) & 0x7FFFFFFF;
}

static uint32_t rol32(uint32_t x, int k)
{
	return x << k | x >> (32 - k);
}

/* The LFSR (3.2): initialisation mode with u = W >> 1, working mode with u = 0. */
static void zuc_lfsr(zuc_state *z, uint32_t u)
{
	uint32_t v = z->s[0];
	v = add31(v, rot31(z->s[0], 8));
	v = add31(v, rot31(z->s[4], 20));
	v = add31(v, rot31(z->s[10], 21));
	v = add31(v, rot31(z->s[13], 17));
	v = add31(v, rot31(z->s[15], 15));
	v = add31(v, u);
	if (v == 0) /* "if s16 = 0, then set s16 = 2^31 - 1" */
		v = 0x7FFFFFFF;
	memmove(z->s, z->s + 1, 15 * sizeof z->s[0]);
	z->s[15] = v;
}

/* The bit-reorganization (3.3): H = bits 30..15, L = bits 15..0. */
static void zuc_br(zuc_state *z)
{
	z->x0 = (z->s[15] & 0x7FFF8000) << 1 | (z->s[14] & 0xFFFF);
	z->x1 = (z->s[11] & 0xFFFF) << 16 | z->s[9] >> 15;
	z->x2 = (z->s[7] & 0xFFFF) << 16 | z->s[5] >> 15;
	z->x3 = (z->s[2] & 0xFFFF) << 16 | z->s[0] >> 15;
}

/* S = (S0, S1, S0, S1) (3.4.1) */
static uint32_t zuc_sbox(uint32_t x)
{
	return (uint32_t)zuc_s0[x >> 24] << 24 | (uint32_t)zuc_s1[x >> 16 & 0xFF] << 16 |
	       (uint32_t)zuc_s0[x >> 8 & 0xFF] << 8 | zuc_s1[x & 0xFF];
}

/* The nonlinear function F (3.4) with L1 and L2 (3.4.2). */
static uint32_t zuc_f(zuc_state *z)
{
	uint32_t w = (z->x0 ^ z->r1) + z->r2;
	uint32_t w1 = z->r1 + z->x1, w2 = z->r2 ^ z->x2;
	uint32_t a = w1 << 16 | w2 >> 16, b = w2 << 16 | w1 >> 16;
	z->r1 = zuc_sbox(a ^ rol32(a, 2) ^ rol32(a, 10) ^ rol32(a, 18) ^ rol32(a, 24));
	z->r2 = zuc_sbox(b ^ rol32(b, 8) ^ rol32(b, 14) ^ rol32(b, 22) ^ rol32(b, 30));
	return w;
}

void nas_zuc(const uint8_t key[16], const uint8_t iv[16], uint32_t *out, size_t n)
{
	zuc_state z;
	memset(&z, 0, sizeof z);
	/* Key loading (3.5): s_i = k_i || d_i || iv_i */
	for (int i = 0; i < 16; i++)
		z.s[i] = (uint32_t)key[i] << 23 | (uint32_t)zuc_d[i] << 8 | iv[i];
	/* Initialisation stage (3.6.1) */
	for (int i = 0; i < 32; i++) {
		zuc_br(&z);
		zuc_lfsr(&z, zuc_f(&z) >> 1);
	}
	/* Working stage (3.6.2): one output of F discarded */
	zuc_br(&z);
	zuc_f(&z);
	zuc_lfsr(&z, 0);
	for (size_t t = 0; t < n; t++) {
		zuc_br(&z);
		out[t] = zuc_f(&z) ^ z.x3;
		zuc_lfsr(&z, 0);
	}
}

void nas_eea3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *in, uint32_t bits,
              uint8_t *out)
{
	/* IV (TS 35.221 3.3): COUNT, BEARER || DIRECTION || 00, 0, 0, 0, twice */
	uint8_t iv[16] = { 0 };
	store32(iv, count);
	iv[4] = (uint8_t)((bearer & 0x1F) << 3 | (dir & 1) << 2);
	memcpy(iv + 8, iv, 8);
	uint64_t words = ((uint64_t)bits + 31) / 32;
	uint32_t zs[WORDS_MAX], *z = words <= WORDS_MAX ? zs : malloc(words * sizeof *z);
	if (!z) {
		memset(out, 0, (bits + 7) / 8);
		return;
	}
	nas_zuc(key, iv, z, (size_t)words);
	xor_keystream(in, out, bits, z);
	if (z != zs)
		free(z);
}

/* The 32 keystream bits starting at bit i (TS 35.221 4.4: z_i). */
static uint32_t zuc_word_at(const uint32_t *z, uint64_t i)
{
	uint64_t w = i / 32;
	unsigned b = (unsigned)(i % 32);
	return b ? z[w] << b | z[w + 1] >> (32 - b) : z[w];
}

uint32_t nas_eia3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *msg,
                  uint32_t bits)
{
	/* IV (TS 35.221 4.3, V1.7) */
	uint8_t iv[16] = { 0 };
	store32(iv, count);
	iv[4] = (uint8_t)((bearer & 0x1F) << 3);
	memcpy(iv + 8, iv, 8);
	iv[8] ^= (uint8_t)((dir & 1) << 7);
	iv[14] ^= (uint8_t)((dir & 1) << 7);
	/* L = ceil(N / 32) words for N = LENGTH + 64 (4.4) */
	uint64_t words = ((uint64_t)bits + 64 + 31) / 32;
	uint32_t zs[WORDS_MAX], *z = words <= WORDS_MAX ? zs : malloc(words * sizeof *z);
	if (!z)
		return 0;
	nas_zuc(key, iv, z, (size_t)words);
	uint32_t t = 0;
	for (uint32_t i = 0; i < bits; i++)
		if (msg[i / 8] >> (7 - i % 8) & 1)
			t ^= zuc_word_at(z, i);
	t ^= zuc_word_at(z, bits);
	uint32_t mac = t ^ z[words - 1];
	if (z != zs)
		free(z);
	return mac;
}

/* ========================================================= AES (gcrypt) */

struct nas_crypto {
	gcry_cipher_hd_t ctr, ecb;
	gcry_mac_hd_t cmac;
	uint8_t ctr_key[16], ecb_key[16], cmac_key[16];
	bool ctr_keyed, ecb_keyed, cmac_keyed;
};

/* libgcrypt must be initialised by its first caller; inside Wireshark it is. */
static void gcrypt_init(void)
{
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		gcry_check_version(NULL);
}

nas_crypto *nas_crypto_new(void)
{
	gcrypt_init();
	nas_crypto *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	if (gcry_cipher_open(&c->ctr, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CTR, 0) ||
	    gcry_cipher_open(&c->ecb, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0) ||
	    gcry_mac_open(&c->cmac, GCRY_MAC_CMAC_AES, 0, NULL)) {
		nas_crypto_free(c);
		return NULL;
	}
	return c;
}

void nas_crypto_free(nas_crypto *c)
{
	if (!c)
		return;
	gcry_cipher_close(c->ctr);
	gcry_cipher_close(c->ecb);
	gcry_mac_close(c->cmac);
	free(c);
}

/* Key schedules are kept: consecutive messages of a UE share their key. */
static bool cipher_key(gcry_cipher_hd_t h, uint8_t *have, bool *keyed, const uint8_t key[16])
{
	if (*keyed && !memcmp(have, key, 16))
		return true;
	*keyed = !gcry_cipher_setkey(h, key, 16);
	memcpy(have, key, 16);
	return *keyed;
}

/* 128-EEA2 (TS 33.401 B.1.3): AES-128 CTR, T1 = COUNT || BEARER || DIRECTION || 0^26 || 0^64. */
static bool eea2(nas_crypto *c, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
                 const uint8_t *in, uint32_t bits, uint8_t *out)
{
	uint8_t t1[16] = { 0 };
	uint32_t n = (bits + 7) / 8;
	store32(t1, count);
	t1[4] = (uint8_t)((bearer & 0x1F) << 3 | (dir & 1) << 2);
	if (!c || !cipher_key(c->ctr, c->ctr_key, &c->ctr_keyed, key) || gcry_cipher_setctr(c->ctr, t1, 16))
		return false;
	gcry_error_t e = in == out ? gcry_cipher_encrypt(c->ctr, out, n, NULL, 0)
	                           : gcry_cipher_encrypt(c->ctr, out, n, in, n);
	if (e)
		return false;
	clear_tail(out, bits);
	return true;
}

/* CMAC (NIST SP 800-38B 6.2) over a bit string of `bits` bits, for the
 * lengths libgcrypt's octet-oriented CMAC cannot take; AES from libgcrypt. */
static bool cmac_bits(nas_crypto *c, const uint8_t key[16], const uint8_t *m, uint64_t bits, uint8_t t[16])
{
	uint8_t k1[16], k2[16], x[16] = { 0 }, blk[16];
	if (!cipher_key(c->ecb, c->ecb_key, &c->ecb_keyed, key) || gcry_cipher_encrypt(c->ecb, k1, 16, x, 16))
		return false;
	/* subkeys (6.1): K1 = L << 1, K2 = K1 << 1, each XOR R128 (0x87) when the bit shifted out is 1 */
	for (int r = 0; r < 2; r++) {
		uint8_t *o = r ? k2 : k1, tmp[16], carry = k1[0] >> 7;
		for (int i = 0; i < 16; i++)
			tmp[i] = (uint8_t)(k1[i] << 1 | (i < 15 ? k1[i + 1] >> 7 : 0));
		tmp[15] ^= carry ? 0x87 : 0;
		memcpy(o, tmp, 16);
	}
	uint64_t n = bits ? (bits + 127) / 128 : 1;
	bool complete = bits && bits % 128 == 0;
	for (uint64_t i = 0; i < n; i++) {
		for (int j = 0; j < 16; j++) {
			uint64_t bit = (i * 16 + (uint64_t)j) * 8;
			uint8_t b = bit < bits ? m[i * 16 + (uint64_t)j] : 0;
			if (bit < bits && bits - bit < 8)
				b &= (uint8_t)(0xFF00u >> (bits - bit)); /* the partial last octet */
			blk[j] = b;
		}
		if (i == n - 1) {
			if (!complete) /* padding 10^j (6.2 step 3) */
				blk[(bits % 128) / 8] |= (uint8_t)(0x80u >> (bits % 8));
			for (int j = 0; j < 16; j++)
				blk[j] ^= complete ? k1[j] : k2[j];
		}
		for (int j = 0; j < 16; j++)
			x[j] ^= blk[j];
		if (gcry_cipher_encrypt(c->ecb, x, 16, NULL, 0))
			return false;
	}
	memcpy(t, x, 16);
	return true;
}

/* 128-EIA2 (TS 33.401 B.2.3): AES-CMAC over COUNT || BEARER || DIRECTION ||
 * 0^26 || MESSAGE, the MAC being the first 32 bits. */
static bool eia2(nas_crypto *c, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
                 const uint8_t *msg, uint32_t bits, uint32_t *mac)
{
	uint8_t hdr[8] = { 0 }, t[16];
	size_t tl = sizeof t;
	store32(hdr, count);
	hdr[4] = (uint8_t)((bearer & 0x1F) << 3 | (dir & 1) << 2);
	if (!c)
		return false;
	if (bits % 8) {
		uint32_t n = (bits + 7) / 8;
		uint8_t stack[512], *m = n + 8 <= sizeof stack ? stack : malloc(n + 8);
		if (!m)
			return false;
		memcpy(m, hdr, 8);
		memcpy(m + 8, msg, n);
		bool ok = cmac_bits(c, key, m, (uint64_t)bits + 64, t);
		if (m != stack)
			free(m);
		if (!ok)
			return false;
	} else {
		/* a MAC already read leaves the handle finalised: reset it before a new message or key */
		gcry_mac_reset(c->cmac);
		if (!c->cmac_keyed || memcmp(c->cmac_key, key, 16)) {
			c->cmac_keyed = !gcry_mac_setkey(c->cmac, key, 16);
			memcpy(c->cmac_key, key, 16);
			if (!c->cmac_keyed)
				return false;
		}
		if (gcry_mac_write(c->cmac, hdr, 8) || gcry_mac_write(c->cmac, msg, bits / 8) ||
		    gcry_mac_read(c->cmac, t, &tl))
			return false;
	}
	*mac = load32(t);
	return true;
}

/* ======================================================= the NAS API */

bool nas_eea(nas_crypto *c, uint8_t alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
             const uint8_t *in, uint32_t bits, uint8_t *out)
{
	switch (alg) {
	case NAS_ALG_NULL:
		if (in != out)
			memmove(out, in, (bits + 7) / 8);
		clear_tail(out, bits);
		return true;
	case NAS_ALG_SNOW3G: /* B.1.2: UEA2 with the NAS inputs */
		nas_uea2(key, count, bearer, dir, in, bits, out);
		return true;
	case NAS_ALG_AES:
		return eea2(c, key, count, bearer, dir, in, bits, out);
	case NAS_ALG_ZUC:
		nas_eea3(key, count, bearer, dir, in, bits, out);
		return true;
	default:
		return false;
	}
}

bool nas_eia(nas_crypto *c, uint8_t alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
             const uint8_t *msg, uint32_t bits, uint32_t *mac)
{
	switch (alg) {
	case NAS_ALG_NULL:
		*mac = 0;
		return true;
	case NAS_ALG_SNOW3G: /* B.2.2: UIA2 with FRESH = BEARER || 0^27 */
		*mac = nas_uia2(key, count, (uint32_t)(bearer & 0x1F) << 27, dir, msg, bits);
		return true;
	case NAS_ALG_AES:
		return eia2(c, key, count, bearer, dir, msg, bits, mac);
	case NAS_ALG_ZUC:
		*mac = nas_eia3(key, count, bearer, dir, msg, bits);
		return true;
	default:
		return false;
	}
}

/* ========================================================= key chain */

/* libosmogsm's Milenage is the network's (it makes a vector from SQN): run
 * it for SQN = 0 to learn AK, recover SQN from AUTN, then run it for that
 * SQN and compare AUTN. Its SQN input is the previous one: it uses
 * sqn + 1 when ind_bitlen is 0 (auth_milenage.c). */
static bool milenage_vec(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16], uint64_t sqn,
                         const uint8_t amf[2], struct osmo_auth_vector *v)
{
#ifdef ESMTRACE_OSMO_AUTH_GEN_VEC2 /* libosmocore >= 1.9: the old call is deprecated */
	struct osmo_sub_auth_data2 aud;
	memset(&aud, 0, sizeof aud);
	aud.u.umts.k_len = 16;
	aud.u.umts.opc_len = 16;
#else
	struct osmo_sub_auth_data aud;
	memset(&aud, 0, sizeof aud);
#endif
	aud.type = OSMO_AUTH_TYPE_UMTS;
	aud.algo = OSMO_AUTH_ALG_MILENAGE;
	memcpy(aud.u.umts.k, k, 16);
	memcpy(aud.u.umts.opc, opc, 16);
	memcpy(aud.u.umts.amf, amf, 2);
	aud.u.umts.sqn = sqn - 1;
	memset(v, 0, sizeof *v);
#ifdef ESMTRACE_OSMO_AUTH_GEN_VEC2
	v->res_len = 8; /* the caller asks for the RES length: Milenage f2 gives 64 bits (TS 35.206) */
	return osmo_auth_gen_vec2(v, &aud, rand) == 0;
#else
	return osmo_auth_gen_vec(v, &aud, rand) == 0;
#endif
}

bool nas_milenage(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16], const uint8_t autn[16],
                  nas_aka *out)
{
	struct osmo_auth_vector v;
	memset(out, 0, sizeof *out);
	if (!milenage_vec(k, opc, rand, 0, autn + 6, &v))
		return false;
	memcpy(out->ak, v.autn, 6); /* SQN 0: AUTN starts with AK */
	memcpy(out->res, v.res, sizeof out->res);
	memcpy(out->ck, v.ck, 16);
	memcpy(out->ik, v.ik, 16);
	memcpy(out->amf, autn + 6, 2);
	uint64_t sqn = 0;
	for (int i = 0; i < 6; i++) {
		out->sqn[i] = autn[i] ^ out->ak[i];
		sqn = sqn << 8 | out->sqn[i];
	}
	if (!milenage_vec(k, opc, rand, sqn, autn + 6, &v))
		return false;
	out->mac_ok = memcmp(v.autn, autn, 16) == 0;
	return true;
}

bool nas_milenage_vector(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16], const uint8_t sqn[6],
                         const uint8_t amf[2], uint8_t autn[16], nas_aka *out)
{
	struct osmo_auth_vector v;
	uint64_t q = 0;
	for (int i = 0; i < 6; i++)
		q = q << 8 | sqn[i];
	if (!milenage_vec(k, opc, rand, q, amf, &v))
		return false;
	memcpy(autn, v.autn, 16);
	return nas_milenage(k, opc, rand, autn, out) && out->mac_ok;
}

bool nas_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16])
{
	gcry_cipher_hd_t h;
	gcrypt_init();
	if (gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0))
		return false;
	bool ok = !gcry_cipher_setkey(h, k, 16) && !gcry_cipher_encrypt(h, opc, 16, op, 16);
	gcry_cipher_close(h);
	for (int i = 0; ok && i < 16; i++)
		opc[i] ^= op[i];
	return ok;
}

void nas_kdf_kasme(const uint8_t ck[16], const uint8_t ik[16], const uint8_t sn_id[3], const uint8_t sqn_ak[6],
                   uint8_t kasme[32])
{
	static const uint8_t zero[6] = { 0 };
	osmo_kdf_kasme(ck, ik, sn_id, sqn_ak, zero, kasme); /* it XORs its last two inputs */
}

void nas_kdf_nas(uint8_t type, uint8_t alg, const uint8_t kasme[32], uint8_t key[16])
{
	osmo_kdf_nas(type, alg, kasme, key);
}
