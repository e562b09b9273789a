/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The NAS security primitives of common/crypto.c against the test data
 * published with their specifications (crypto_vectors.h: TS 35.217, TS
 * 35.223, TS 33.401 Annex C, TS 35.208), lengths that are not whole octets
 * included, plus the KDF computed independently with libgcrypt's
 * HMAC-SHA-256 from the text of TS 33.220 B.2 / TS 33.401 A.2, A.7.
 */
#include "unit.h"

#include <gcrypt.h>

#include "crypto_vectors.h"
#include "esmtrace/crypto.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAXB 4096

static nas_crypto *cr;

static int setup(void **state)
{
	(void)state;
	cr = nas_crypto_new();
	return cr ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	nas_crypto_free(cr);
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first `bits` bits of a and b are equal. */
static void assert_bits_equal(const char *name, const uint8_t *a, const uint8_t *b, uint32_t bits)
{
	for (uint32_t i = 0; i < bits; i++)
		if ((a[i / 8] ^ b[i / 8]) >> (7 - i % 8) & 1)
			fail_msg("%s: bit %u differs", name, i);
}

static void keystream_words(const ks_vec *v, bool snow)
{
	uint8_t key[16], iv[16], z0[64], last[4];
	uint32_t z[2500];
	unhex(v->key, key, 16);
	unhex(v->iv, iv, 16);
	size_t nz = unhex(v->z, z0, sizeof z0) / 4, n = v->last_at ? v->last_at + 1 : nz;
	assert_true(n <= N(z));
	if (snow) {
		uint32_t k[4], w[4];
		for (int i = 0; i < 4; i++) {
			k[i] = be32(key + 4 * i);
			w[i] = be32(iv + 4 * i);
		}
		nas_snow3g(k, w, z, n);
	} else {
		nas_zuc(key, iv, z, n);
	}
	for (size_t i = 0; i < nz; i++)
		if (z[i] != be32(z0 + 4 * i))
			fail_msg("%s: z%zu = %08x, expected %08x", v->name, i + 1, z[i], be32(z0 + 4 * i));
	if (v->last_at) {
		unhex(v->last, last, 4);
		if (z[v->last_at] != be32(last))
			fail_msg("%s: z%u = %08x, expected %08x", v->name, v->last_at + 1, z[v->last_at], be32(last));
	}
}

/* TS 35.216 / 35.217 section 3: SNOW 3G itself. */
static void snow3g_keystream(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(snow3g_ks); i++)
		keystream_words(&snow3g_ks[i], true);
}

/* TS 35.222 / 35.223 section 3: ZUC itself. */
static void zuc_keystream(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(zuc_ks); i++)
		keystream_words(&zuc_ks[i], false);
}

/* A cipher set through nas_eea: the ciphertext, the bits past LENGTH zero, and back. */
static void run_cipher(const alg_vec *v, uint8_t alg)
{
	static uint8_t key[16], in[MAXB], want[MAXB], out[MAXB];
	unhex(v->key, key, 16);
	size_t n = unhex(v->in, in, MAXB);
	assert_true(unhex(v->out, want, MAXB) >= (v->bits + 7) / 8);
	assert_true(n >= (v->bits + 7) / 8);
	memset(out, 0xAA, sizeof out);
	assert_true(nas_eea(cr, alg, key, v->count, (uint8_t)v->bearer_or_fresh, (uint8_t)v->dir, in, v->bits, out));
	assert_bits_equal(v->name, out, want, v->bits);
	if (v->bits % 8) /* TS 33.401 B.1.1: nothing past LENGTH */
		assert_int_equal(out[v->bits / 8] & (0xFF >> (v->bits % 8)), 0);
	/* deciphering is the same operation, in place */
	assert_true(nas_eea(cr, alg, key, v->count, (uint8_t)v->bearer_or_fresh, (uint8_t)v->dir, out, v->bits, out));
	assert_bits_equal(v->name, out, in, v->bits);
}

static uint32_t want_mac(const alg_vec *v)
{
	uint8_t m[4];
	assert_int_equal(unhex(v->out, m, 4), 4);
	return be32(m);
}

/* An integrity set through nas_eia, then with one message bit flipped. */
static void run_mac(const alg_vec *v, uint8_t alg)
{
	static uint8_t key[16], msg[MAXB];
	uint32_t mac = 0, other = 0;
	unhex(v->key, key, 16);
	assert_true(unhex(v->in, msg, MAXB) >= (v->bits + 7) / 8);
	if (!nas_eia(cr, alg, key, v->count, (uint8_t)v->bearer_or_fresh, (uint8_t)v->dir, msg, v->bits, &mac))
		fail_msg("%s: nas_eia failed", v->name);
	if (mac != want_mac(v))
		fail_msg("%s: MAC %08x, expected %08x", v->name, mac, want_mac(v));
	msg[(v->bits - 1) / 8] ^= (uint8_t)(0x80 >> ((v->bits - 1) % 8)); /* the last bit of the message */
	assert_true(nas_eia(cr, alg, key, v->count, (uint8_t)v->bearer_or_fresh, (uint8_t)v->dir, msg, v->bits, &other));
	assert_int_not_equal(other, mac);
}

/* TS 35.217 section 4: UEA2 = 128-EEA1 (TS 33.401 B.1.2 uses UEA2 unchanged). */
static void uea2_and_eea1(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(uea2_f8); i++) {
		run_cipher(&uea2_f8[i], NAS_ALG_SNOW3G);
		/* and through the UEA2 entry point */
		static uint8_t key[16], in[MAXB], want[MAXB], out[MAXB];
		const alg_vec *v = &uea2_f8[i];
		unhex(v->key, key, 16);
		unhex(v->in, in, MAXB);
		unhex(v->out, want, MAXB);
		nas_uea2(key, v->count, (uint8_t)v->bearer_or_fresh, (uint8_t)v->dir, in, v->bits, out);
		assert_bits_equal(v->name, out, want, v->bits);
	}
	/* TS 33.401 C.3.1 (nas-security.md): LENGTH 253 */
	static const alg_vec c31 = { "33.401 C.3.1", "d3c5d592327fb11c4035c6680af8c6d1", 0x398a59b4, 0x15, 1, 253,
		"981ba6824c1bfb1ab485472029b71d808ce33e2cc3c0b5fc1f3de8a6dc66b1f0",
		"5d5bfe75eb04f68ce0a12377ea00b37d47c6a0ba06309155086a859c4341b378" };
	run_cipher(&c31, NAS_ALG_SNOW3G);
}

/* TS 35.217 section 5: UIA2 with its FRESH, and 128-EIA1 with FRESH = BEARER << 27 (TS 33.401 C.4). */
static void uia2_and_eia1(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(uia2_f9); i++) {
		const alg_vec *v = &uia2_f9[i];
		static uint8_t key[16], msg[MAXB];
		unhex(v->key, key, 16);
		unhex(v->in, msg, MAXB);
		uint32_t mac = nas_uia2(key, v->count, v->bearer_or_fresh, (uint8_t)v->dir, msg, v->bits);
		if (mac != want_mac(v))
			fail_msg("%s: MAC %08x, expected %08x", v->name, mac, want_mac(v));
	}
	for (size_t i = 0; i < N(eia1_c4); i++)
		run_mac(&eia1_c4[i], NAS_ALG_SNOW3G);
}

/* TS 33.401 C.1: 128-EEA2, LENGTH 253, 798, 310, 1022, 1245, 3861. */
static void eea2_sets(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(eea2_c1); i++)
		run_cipher(&eea2_c1[i], NAS_ALG_AES);
}

/* TS 33.401 C.2: 128-EIA2; 58, 254, 511, 383 and 2558 bits take the
 * bit-string CMAC, 64, 768 and 16448 bits libgcrypt's. */
static void eia2_sets(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(eia2_c2); i++)
		run_mac(&eia2_c2[i], NAS_ALG_AES);
}

/* TS 35.223 sections 4, 5: 128-EEA3 and 128-EIA3 (LENGTH 193, 800, 1570,
 * 2798, 4019; 1, 90, 577, 2079, 5670). */
static void eea3_eia3_sets(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(eea3_sets); i++)
		run_cipher(&eea3_sets[i], NAS_ALG_ZUC);
	for (size_t i = 0; i < N(eia3_sets); i++)
		run_mac(&eia3_sets[i], NAS_ALG_ZUC);
}

/* EEA0/EIA0 (TS 33.401 5.1.3.2, 5.1.4.1), and identities 4-7 are refused. */
static void null_and_unknown_algorithms(void **state)
{
	(void)state;
	uint8_t key[16] = { 0 }, in[3] = { 1, 2, 0xFF }, out[3];
	uint32_t mac = 1;
	assert_true(nas_eea(cr, NAS_ALG_NULL, key, 0, 0, 0, in, 20, out));
	assert_memory_equal(out, "\x01\x02\xF0", 3);
	assert_true(nas_eia(cr, NAS_ALG_NULL, key, 0, 0, 0, in, 24, &mac));
	assert_int_equal(mac, 0);
	for (uint8_t alg = 4; alg < 8; alg++) {
		assert_false(nas_eea(cr, alg, key, 0, 0, 0, in, 24, out));
		assert_false(nas_eia(cr, alg, key, 0, 0, 0, in, 24, &mac));
	}
}

/* Each input of the NAS algorithms changes the result (TS 24.301 4.4.3.3:
 * COUNT, BEARER 0, DIRECTION 0 uplink / 1 downlink). */
static void inputs_matter(void **state)
{
	(void)state;
	uint8_t key[16] = { 0x2b, 0xd6, 0x45, 0x9f }, msg[20] = { 0x07, 0x41 }, a[20], b[20];
	for (uint8_t alg = 1; alg <= 3; alg++) {
		uint32_t m0, m1, m2, m3;
		assert_true(nas_eia(cr, alg, key, 5, 0, 0, msg, 160, &m0));
		assert_true(nas_eia(cr, alg, key, 5, 0, 1, msg, 160, &m1));
		assert_true(nas_eia(cr, alg, key, 6, 0, 0, msg, 160, &m2));
		assert_true(nas_eia(cr, alg, key, 5, 1, 0, msg, 160, &m3));
		assert_true(m0 != m1 && m0 != m2 && m0 != m3);
		assert_true(nas_eea(cr, alg, key, 5, 0, 0, msg, 160, a));
		assert_true(nas_eea(cr, alg, key, 5, 0, 1, msg, 160, b));
		assert_memory_not_equal(a, b, 20);
	}
}

/* TS 35.208 sets 1-6: OPc from OP, and the USIM side from RAND and AUTN. */
static void milenage_sets_and_autn(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(milenage_sets); i++) {
		const milenage_vec *v = &milenage_sets[i];
		uint8_t k[16], rand[16], sqn[6], amf[2], op[16], opc[16], f1[8], res[8], ck[16], ik[16], ak[6], got[16],
			autn[16];
		unhex(v->k, k, 16);
		unhex(v->rand, rand, 16);
		unhex(v->sqn, sqn, 6);
		unhex(v->amf, amf, 2);
		unhex(v->op, op, 16);
		unhex(v->opc, opc, 16);
		unhex(v->f1, f1, 8);
		unhex(v->res, res, 8);
		unhex(v->ck, ck, 16);
		unhex(v->ik, ik, 16);
		unhex(v->ak, ak, 6);
		assert_true(nas_opc(k, op, got));
		assert_memory_equal(got, opc, 16);
		/* AUTN as the network sends it (TS 33.102 6.3.2) */
		for (int j = 0; j < 6; j++)
			autn[j] = sqn[j] ^ ak[j];
		memcpy(autn + 6, amf, 2);
		memcpy(autn + 8, f1, 8);
		nas_aka a;
		assert_true(nas_milenage(k, opc, rand, autn, &a));
		assert_true(a.mac_ok);
		/* and the network's side gives that AUTN back */
		uint8_t net[16];
		assert_true(nas_milenage_vector(k, opc, rand, sqn, amf, net, &a));
		assert_memory_equal(net, autn, 16);
		assert_memory_equal(a.res, res, 8);
		assert_memory_equal(a.ck, ck, 16);
		assert_memory_equal(a.ik, ik, 16);
		assert_memory_equal(a.ak, ak, 6);
		assert_memory_equal(a.sqn, sqn, 6);
		/* a MAC-A, an SQN or a key that does not fit: mac_ok false */
		autn[15] ^= 1;
		assert_true(nas_milenage(k, opc, rand, autn, &a));
		assert_false(a.mac_ok);
		autn[15] ^= 1;
		autn[0] ^= 0x80;
		assert_true(nas_milenage(k, opc, rand, autn, &a));
		assert_false(a.mac_ok);
		autn[0] ^= 0x80;
		k[0] ^= 1;
		assert_true(nas_milenage(k, opc, rand, autn, &a));
		assert_false(a.mac_ok);
	}
}

/* The KDF of TS 33.220 B.2 written out here with libgcrypt's HMAC-SHA-256:
 * S = FC || P0 || L0 || P1 || L1, key = CK || IK (A.2) or KASME (A.7). */
static void hmac_sha256(const uint8_t *key, size_t kl, const uint8_t *s, size_t sl, uint8_t out[32])
{
	gcry_mac_hd_t h;
	size_t ol = 32;
	assert_int_equal(gcry_mac_open(&h, GCRY_MAC_HMAC_SHA256, 0, NULL), 0);
	assert_int_equal(gcry_mac_setkey(h, key, kl), 0);
	assert_int_equal(gcry_mac_write(h, s, sl), 0);
	assert_int_equal(gcry_mac_read(h, out, &ol), 0);
	gcry_mac_close(h);
}

static void kdf_kasme_and_nas_keys(void **state)
{
	(void)state;
	/* the KASME of nas-security.md (agreed by independent implementations) */
	uint8_t ck[16], ik[16], sqnak[6], sn[3], kasme[32], want[32];
	unhex("7bc15d69309cf3ec5d324404edd6f0f9", ck, 16);
	unhex("c15d69309cf3ec5d324404edd6f0f97b", ik, 16);
	unhex("5d69309ce135", sqnak, 6);
	unhex("00f110", sn, 3);
	unhex("d5ef4d8f33266902295d42f322a2f2cf11fb2ccc124c09b4d88d361597037990", want, 32);
	nas_kdf_kasme(ck, ik, sn, sqnak, kasme);
	assert_memory_equal(kasme, want, 32);

	/* A.2 by hand: FC 0x10, SN id (3), 0x0003, SQN ^ AK (6), 0x0006 */
	uint8_t key[32], s[14] = { 0x10 }, ref[32];
	memcpy(key, ck, 16);
	memcpy(key + 16, ik, 16);
	memcpy(s + 1, sn, 3);
	s[5] = 3;
	memcpy(s + 6, sqnak, 6);
	s[13] = 6;
	hmac_sha256(key, 32, s, sizeof s, ref);
	assert_memory_equal(ref, want, 32);

	/* A.7: FC 0x15, type (1 enc, 2 int), 0x0001, algorithm, 0x0001; the key is the last 128 bits */
	for (uint8_t type = 1; type <= 2; type++)
		for (uint8_t alg = 0; alg <= 3; alg++) {
			uint8_t s7[7] = { 0x15, type, 0, 1, alg, 0, 1 }, full[32], knas[16];
			hmac_sha256(kasme, 32, s7, sizeof s7, full);
			nas_kdf_nas(type, alg, kasme, knas);
			assert_memory_equal(knas, full + 16, 16);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snow3g_keystream),
		cmocka_unit_test(zuc_keystream),
		cmocka_unit_test(uea2_and_eea1),
		cmocka_unit_test(uia2_and_eia1),
		cmocka_unit_test(eea2_sets),
		cmocka_unit_test(eia2_sets),
		cmocka_unit_test(eea3_eia3_sets),
		cmocka_unit_test(null_and_unknown_algorithms),
		cmocka_unit_test(inputs_matter),
		cmocka_unit_test(milenage_sets_and_autn),
		cmocka_unit_test(kdf_kasme_and_nas_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
