/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tracker's NAS security (common/security.c) on event sequences built
 * here as an MME and a UE would (TS 24.301 4.4, TS 33.401): an AKA with the
 * subscriber of TS 35.208 test set 1, SECURITY MODE COMMAND, messages
 * protected with 128-EIA1/2/3 and ciphered with 128-EEA1/2/3 (the
 * algorithms proven in tests/unit/test_crypto.c). What each case expects is
 * what the clause cited says the receiver does.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "esmtrace/crypto.h"
#include "esmtrace/nas.h"
#include "esmtrace/track.h"

/* TS 35.208 test set 1 (nas-security.md) */
#define IMSI "001010000000001"
#define K_HEX "465b5ce8b199b49faa5f0a2ee238a6bc"
#define OPC_HEX "cd63cb71954a9f4e48a5994e37a02baf"
#define RAND_HEX "23553cbe9637a89d218ae64dae47bf35"
/* AUTN = SQN ^ AK || AMF || MAC-A = ff9bb4d0b607 ^ aa689c648370 || b9b9 || 4a9ffac354dfafb3 */
#define AUTN_HEX "55f328b43577b9b94a9ffac354dfafb3"

/* ATTACH REQUEST (8.2.4) with IMSI 001010000000001, KSI 7 ("no key"), and a PDN CONNECTIVITY REQUEST */
#define ATTACH_IMSI "07417108091010000000001002e0e000050201d011d1"
/* ATTACH ACCEPT (8.2.1) with ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST EBI 5 PTI 1 and GUTI 00101/1/1/0x12345678 */
#define ACT_DEF "5201c101090908696e7465726e657405010a000002270880000d0408080808"
#define ATTACH_ACCEPT "0742015a060000f1100001001f" ACT_DEF "500bf600f11000010112345678"
/* ATTACH COMPLETE (8.2.2) with ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT EBI 5 */
#define ATTACH_COMPLETE "07430003" "5200c2"

typedef struct {
	track *t;
	track_keys *keys;
	uint64_t frame;
	uint8_t k_enc[16], k_int[16];
	uint8_t eea, eia;
	uint32_t count[2]; /* next NAS COUNT: uplink, downlink */
	nas_crypto *cr;
	nas_pdu pdu, dpdu;
	uint8_t plain[512];
	track_sec sec;
} session;

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (; s[0] && s[1] && n < cap; s += 2) {
		unsigned v;
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

/* Feed one PDU the way the plugin and esmtrace replay do. */
static void feed(session *s, const char *key, nas_dir dir, const uint8_t *b, size_t n, track_annotation *a)
{
	track_event ev;
	s->frame++;
	track_event_init(&ev, TRACK_EV_NAS, (double)s->frame, s->frame);
	ev.ue_key = key;
	ev.dir = dir;
	if (dir == NAS_UPLINK) { /* the TAI of InitialUEMessage / UplinkNASTransport */
		ev.has_plmn = true;
		memcpy(ev.plmn, "\x00\xF1\x10", 3);
	}
	nas_decode(b, n, dir, NULL, &s->pdu);
	ev.nas = &s->pdu;
	ev.nas_status = s->pdu.ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
	if (track_unprotect(s->t, &ev, b, (uint32_t)n, s->plain, &s->sec)) {
		nas_opts o = { .try_ciphered_as_plain = true, .deciphered = true };
		nas_decode(s->plain, n, dir, &o, &s->dpdu);
		ev.nas = &s->dpdu;
		ev.nas_status = TRACK_NAS_DECODED;
	}
	track_feed(s->t, &ev, a);
}

static void feed_hex(session *s, const char *key, nas_dir dir, const char *hex, track_annotation *a)
{
	uint8_t b[512];
	feed(s, key, dir, b, unhex(hex, b, sizeof b), a);
}

/* A message protected as the sender would (9.1, 4.4.3.3, 4.4.5): header
 * type sht, SN = the low octet of COUNT, ciphered for types 2 and 4. */
static size_t protect(session *s, uint8_t sht, nas_dir dir, const char *body_hex, uint8_t *out)
{
	uint8_t d = dir == NAS_DOWNLINK;
	uint32_t count = s->count[d]++;
	size_t n = unhex(body_hex, out + 6, 400);
	if (sht == 2 || sht == 4)
		assert_true(nas_eea(s->cr, s->eea, s->k_enc, count, 0, d, out + 6, (uint32_t)n * 8, out + 6));
	out[0] = (uint8_t)(sht << 4 | 7);
	out[5] = (uint8_t)count;
	uint32_t mac;
	assert_true(nas_eia(s->cr, s->eia, s->k_int, count, 0, d, out + 5, (uint32_t)(n + 1) * 8, &mac));
	out[1] = (uint8_t)(mac >> 24);
	out[2] = (uint8_t)(mac >> 16);
	out[3] = (uint8_t)(mac >> 8);
	out[4] = (uint8_t)mac;
	return n + 6;
}

static void feed_protected(session *s, const char *key, uint8_t sht, nas_dir dir, const char *body,
                           track_annotation *a)
{
	uint8_t b[512];
	size_t n = protect(s, sht, dir, body, b);
	feed(s, key, dir, b, n, a);
}

/* The keys the MME derives for algorithms eea/eia from the set 1 AKA and SN id 00101. */
static void derive(session *s, const char *k_hex, uint8_t eea, uint8_t eia)
{
	uint8_t k[16], opc[16], rand[16], autn[16], kasme[32];
	unhex(k_hex, k, 16);
	unhex(OPC_HEX, opc, 16);
	unhex(RAND_HEX, rand, 16);
	unhex(AUTN_HEX, autn, 16);
	nas_aka r;
	assert_true(nas_milenage(k, opc, rand, autn, &r));
	nas_kdf_kasme(r.ck, r.ik, (const uint8_t *)"\x00\xF1\x10", autn, kasme);
	nas_kdf_nas(NAS_KEY_ENC, eea, kasme, s->k_enc);
	nas_kdf_nas(NAS_KEY_INT, eia, kasme, s->k_int);
	s->eea = eea;
	s->eia = eia;
	s->count[0] = s->count[1] = 0; /* a new context from AKA (4.4.3.1) */
}

static session *start(const char *keyfile_k, const char *opc)
{
	session *s = calloc(1, sizeof *s);
	char err[256];
	s->keys = track_keys_new();
	if (keyfile_k)
		assert_true(track_keys_add(s->keys, IMSI, keyfile_k, opc ? opc : OPC_HEX, err, sizeof err));
	s->t = track_new(NULL);
	track_set_keys(s->t, s->keys);
	s->cr = nas_crypto_new();
	return s;
}

static void session_stop(session *s)
{
	track_free(s->t);
	track_keys_free(s->keys);
	nas_crypto_free(s->cr);
	free(s);
}

static bool has_finding(const track_annotation *a, uint8_t code)
{
	for (int i = 0; i < a->n_findings; i++)
		if (a->f[i].code == code)
			return true;
	return false;
}

/* ATTACH REQUEST, AKA, SMC with eea/eia: the opening every case shares. */
static void attach_and_smc(session *s, uint8_t eea, uint8_t eia)
{
	track_annotation a;
	feed_hex(s, "ue1", NAS_UPLINK, ATTACH_IMSI, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_NONE); /* plain */
	feed_hex(s, "ue1", NAS_DOWNLINK, "075200" RAND_HEX "10" AUTN_HEX, &a);
	assert_false(has_finding(&a, TRACK_F_INTEGRITY_FAILURE)); /* MAC-A verifies (5.4.2.3) */
	feed_hex(s, "ue1", NAS_UPLINK, "075308a54211d5e3ba50bf", &a); /* RES */
	derive(s, K_HEX, eea, eia);
	char smc[64];
	snprintf(smc, sizeof smc, "075d%x%x0002e0e0", eea, eia);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, smc, &a); /* 5.4.3.2: integrity only, new context */
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, 0);
	assert_int_equal(a.sec.eea, eea);
	assert_int_equal(a.sec.eia, eia);
	feed_protected(s, "ue1", 4, NAS_UPLINK, "075e", &a); /* SECURITY MODE COMPLETE: type 4 */
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_true(a.sec.deciphered || eea == 0);
}

/* 4.4.4, 4.4.5: every algorithm pair; a ciphered ATTACH ACCEPT is deciphered
 * and its ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST analysed as if plain
 * (6.4.1.2 inside ATTACH: no T3485), the UE's accept likewise (6.4.1.3). */
static void key_chain_each_algorithm(void **state)
{
	(void)state;
	for (uint8_t alg = 1; alg <= 3; alg++) {
		session *s = start(K_HEX, NULL);
		track_annotation a;
		attach_and_smc(s, alg, alg);
		feed_protected(s, "ue1", 2, NAS_DOWNLINK, ATTACH_ACCEPT, &a);
		assert_int_equal(a.sec.integrity, TRACK_INT_OK);
		assert_true(a.sec.deciphered);
		assert_int_equal(a.sec.count, 1);
		assert_true(a.is_esm);
		assert_int_equal(a.msg_type, 0xC1);
		assert_string_equal(a.proc, "default-bearer-activation");
		assert_string_equal(a.mme_before, "INACTIVE");
		assert_string_equal(a.mme_after, "ACTIVE PENDING");
		assert_false(has_finding(&a, TRACK_F_CIPHERED));
		assert_int_equal(s->dpdu.esm.type, 0xC1);
		feed_protected(s, "ue1", 2, NAS_UPLINK, ATTACH_COMPLETE, &a); /* ATTACH COMPLETE + accept */
		assert_int_equal(a.sec.integrity, TRACK_INT_OK);
		assert_int_equal(a.sec.count, 1);
		assert_string_equal(a.mme_after, "ACTIVE");
		/* the same bytes again later decipher again (a later pass) */
		uint8_t b[128], p[128];
		size_t n = protect(s, 2, NAS_DOWNLINK, "0761", b); /* EMM INFORMATION */
		feed(s, "ue1", NAS_DOWNLINK, b, n, &a);
		assert_int_equal(a.sec.integrity, TRACK_INT_OK);
		assert_true(track_decipher(s->t, a.sec.ctx, a.sec.count, NAS_DOWNLINK, b, (uint32_t)n, p));
		assert_int_equal(p[6], 0x07);
		assert_int_equal(p[7], 0x61);
		session_stop(s);
	}
}

/* 4.4.3.1: the receiver rebuilds the overflow from the 8-bit SN; 300
 * downlink messages wrap it, a gap of 300 is found by the MAC. */
static void count_overflow(void **state)
{
	(void)state;
	session *s = start(K_HEX, NULL);
	track_annotation a;
	attach_and_smc(s, 2, 2);
	for (int i = 0; i < 300; i++) {
		feed_protected(s, "ue1", 2, NAS_DOWNLINK, "0761", &a);
		assert_int_equal(a.sec.integrity, TRACK_INT_OK);
		assert_int_equal(a.sec.count, (uint32_t)i + 1);
	}
	s->count[1] += 300; /* 300 messages the capture missed */
	feed_protected(s, "ue1", 2, NAS_DOWNLINK, "0761", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, 601);
	session_stop(s);
}

/* 4.4.4.2, 4.4.4.3: a message whose MAC does not verify is discarded by its
 * receiver (an integrity-failure). A downlink one is still the MME's act
 * (its request and timer run, a resend follows): read with the proven keys
 * and analysed; an uplink one changes nothing in the MME. */
static void corrupted_mac_is_discarded(void **state)
{
	(void)state;
	session *s = start(K_HEX, NULL);
	track_annotation a;
	attach_and_smc(s, 2, 2);
	uint8_t b[256];
	size_t n = protect(s, 2, NAS_DOWNLINK, ATTACH_ACCEPT, b);
	b[4] ^= 0x01;
	feed(s, "ue1", NAS_DOWNLINK, b, n, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_FAILED);
	assert_true(a.sec.deciphered);
	assert_true(has_finding(&a, TRACK_F_INTEGRITY_FAILURE));
	assert_false(has_finding(&a, TRACK_F_CIPHERED));
	assert_true(a.is_esm);
	assert_string_equal(a.mme_after, "ACTIVE PENDING");
	for (int i = 0; i < a.n_findings; i++)
		if (a.f[i].code == TRACK_F_INTEGRITY_FAILURE) {
			assert_string_equal(a.f[i].clause, "4.4.4.2");
			assert_non_null(strstr(a.f[i].text, "the UE discards it"));
		}
	/* the UE's ATTACH COMPLETE with a bad MAC: the MME discards it */
	n = protect(s, 2, NAS_UPLINK, ATTACH_COMPLETE, b);
	b[1] ^= 0x80;
	feed(s, "ue1", NAS_UPLINK, b, n, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_FAILED);
	assert_false(a.sec.deciphered);
	assert_false(a.is_esm);
	assert_null(a.mme_after);
	assert_string_equal(a.f[0].clause, "4.4.4.3");
	assert_non_null(strstr(a.f[0].text, "the MME discards it"));
	/* the next one, with the next COUNT, is taken */
	feed_protected(s, "ue1", 2, NAS_UPLINK, ATTACH_COMPLETE, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, 2);
	assert_string_equal(a.mme_before, "ACTIVE PENDING");
	assert_string_equal(a.mme_after, "ACTIVE");
	session_stop(s);
}

/* Keys with one wrong digit: MAC-A fails at the AKA (5.4.2.6 c, TS 33.102
 * 6.3.3), and so does every MAC after the SMC. */
static void wrong_key_fails_everything(void **state)
{
	(void)state;
	session *s = start("465b5ce8b199b49faa5f0a2ee238a6bd", NULL);
	track_annotation a;
	feed_hex(s, "ue1", NAS_UPLINK, ATTACH_IMSI, &a);
	feed_hex(s, "ue1", NAS_DOWNLINK, "075200" RAND_HEX "10" AUTN_HEX, &a);
	assert_true(has_finding(&a, TRACK_F_INTEGRITY_FAILURE));
	assert_string_equal(a.f[0].clause, "5.4.2.6 c");
	derive(s, K_HEX, 2, 2); /* the network's true keys */
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d220002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_FAILED);
	for (int i = 0; i < 5; i++) {
		feed_protected(s, "ue1", 2, i % 2 ? NAS_UPLINK : NAS_DOWNLINK, "0761", &a);
		assert_int_equal(a.sec.integrity, TRACK_INT_FAILED);
		assert_true(has_finding(&a, TRACK_F_INTEGRITY_FAILURE));
		assert_false(a.sec.deciphered);
	}
	session_stop(s);
}

/* Unchecked, with the reason, where the capture lacks something. */
static void unchecked_reasons(void **state)
{
	(void)state;
	track_annotation a;
	/* no key for this IMSI */
	session *s = start(NULL, NULL);
	char err[128];
	assert_true(track_keys_add(s->keys, "001010000000002", K_HEX, OPC_HEX, err, sizeof err));
	feed_hex(s, "ue1", NAS_UPLINK, ATTACH_IMSI, &a);
	derive(s, K_HEX, 2, 2);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d220002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	assert_string_equal(a.sec.why, "no key for IMSI 001010000000001");
	session_stop(s);

	/* the AKA happened before the capture: the SMC names a KSI never seen; a
	 * ciphered message stays ciphered, never a bogus decode (4.4.5) */
	s = start(K_HEX, NULL);
	feed_hex(s, "ue1", NAS_UPLINK, ATTACH_IMSI, &a);
	derive(s, K_HEX, 2, 2);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d220002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	assert_non_null(strstr(a.sec.why, "no AKA for KSI 0"));
	feed_protected(s, "ue1", 2, NAS_DOWNLINK, ATTACH_ACCEPT, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	assert_true(has_finding(&a, TRACK_F_CIPHERED));
	assert_false(a.is_esm);
	session_stop(s);

	/* the IMSI is not in the capture (a GUTI no earlier attach gave) */
	s = start(K_HEX, NULL);
	feed_hex(s, "ue1", NAS_UPLINK, "0741710bf600f1100001019999999902e0e000050201d011d1", &a);
	feed_hex(s, "ue1", NAS_DOWNLINK, "075200" RAND_HEX "10" AUTN_HEX, &a);
	derive(s, K_HEX, 2, 2);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d220002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	assert_non_null(strstr(a.sec.why, "IMSI not seen"));
	/* ... until an IDENTITY RESPONSE names it; the AKA seen before is used then */
	feed_hex(s, "ue1", NAS_UPLINK, "0756080910100000000010", &a);
	derive(s, K_HEX, 2, 2);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d220002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	session_stop(s);

	/* EIA0: nothing to check */
	s = start(K_HEX, NULL);
	feed_hex(s, "ue1", NAS_UPLINK, ATTACH_IMSI, &a);
	feed_hex(s, "ue1", NAS_DOWNLINK, "075200" RAND_HEX "10" AUTN_HEX, &a);
	derive(s, K_HEX, 0, 0);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d000002e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	assert_string_equal(a.sec.why, "null integrity (EIA0)");
	session_stop(s);

	/* no keys at all */
	track *t = track_new(NULL);
	track_event ev;
	uint8_t b[16], p[16];
	size_t n = unhex("2711223344050761", b, sizeof b);
	track_event_init(&ev, TRACK_EV_NAS, 1, 1);
	ev.ue_key = "x";
	ev.dir = NAS_DOWNLINK;
	track_sec sec;
	assert_false(track_unprotect(t, &ev, b, (uint32_t)n, p, &sec));
	assert_int_equal(sec.integrity, TRACK_INT_UNCHECKED);
	assert_string_equal(sec.why, "no subscriber keys configured");
	track_free(t);
}

/* 8.2.25, 9.9.3.28: SERVICE REQUEST (header type 12) carries the KSI, the 5
 * low bits of the uplink NAS COUNT and the 16 low bits of the MAC computed
 * over its first two octets. */
static void service_request_short_mac(void **state)
{
	(void)state;
	session *s = start(K_HEX, NULL);
	track_annotation a;
	attach_and_smc(s, 2, 2);
	uint32_t count = s->count[0]++;
	uint8_t b[4] = { 0xC7, (uint8_t)(0 << 5 | (count & 31)) }, mac_in[2] = { b[0], b[1] };
	uint32_t mac;
	assert_true(nas_eia(s->cr, 2, s->k_int, count, 0, 0, mac_in, 16, &mac));
	b[2] = (uint8_t)(mac >> 8);
	b[3] = (uint8_t)mac;
	feed(s, "ue1", NAS_UPLINK, b, 4, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, count);
	/* the next uplink message continues the count */
	feed_protected(s, "ue1", 2, NAS_UPLINK, ATTACH_COMPLETE, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, count + 1);
	/* a KSI that is not the current context's */
	b[1] = (uint8_t)(3 << 5 | (s->count[0] & 31));
	feed(s, "ue1", NAS_UPLINK, b, 4, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_UNCHECKED);
	session_stop(s);
}

/* A second AKA and SMC (5.4.2.1, 5.4.3.1): the new context's counts start
 * at 0; SECURITY MODE REJECT (5.4.3.5) puts the old one back. A UE back in
 * a new S1 connection with the GUTI of its attach is the same subscriber. */
static void several_aka_runs_and_reject(void **state)
{
	(void)state;
	session *s = start(K_HEX, NULL);
	track_annotation a;
	attach_and_smc(s, 2, 2);
	feed_protected(s, "ue1", 2, NAS_DOWNLINK, ATTACH_ACCEPT, &a);
	for (int i = 0; i < 3; i++)
		feed_protected(s, "ue1", 2, NAS_DOWNLINK, "0761", &a);
	session old = *s; /* the keys and counts of the first context */
	/* a second AKA (the same vectors, KSI 1) and an SMC the UE rejects */
	feed_protected(s, "ue1", 2, NAS_DOWNLINK, "075201" RAND_HEX "10" AUTN_HEX, &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	derive(s, K_HEX, 1, 1);
	feed_protected(s, "ue1", 3, NAS_DOWNLINK, "075d110102e0e0", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.count, 0);
	memcpy(s->k_enc, old.k_enc, 16); /* the UE answers in the context it still uses */
	memcpy(s->k_int, old.k_int, 16);
	s->eea = s->eia = 2;
	s->count[0] = old.count[0];
	s->count[1] = old.count[1] + 1; /* the AUTHENTICATION REQUEST used one */
	feed_protected(s, "ue1", 2, NAS_UPLINK, "075f17", &a); /* SECURITY MODE REJECT #23 */
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	feed_protected(s, "ue1", 2, NAS_DOWNLINK, "0761", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	assert_int_equal(a.sec.eia, 2);
	/* a new S1 connection, another UE context key: re-attach with the GUTI,
	 * integrity protected with the current context (5.5.1.2.2) */
	feed_protected(s, "ue2", 1, NAS_UPLINK,
	               "0741010bf600f11000010112345678" "02e0e0" "00050201d011d1", &a);
	assert_int_equal(a.sec.integrity, TRACK_INT_OK);
	session_stop(s);
}

/* Key rows: a malformed one is refused with the reason and its line. */
static void key_file_rows(void **state)
{
	(void)state;
	track_keys *k = track_keys_new();
	char err[256], path[] = "/tmp/esmtrace-keys-XXXXXX";
	assert_false(track_keys_add(k, "12345", K_HEX, OPC_HEX, err, sizeof err));
	assert_non_null(strstr(err, "IMSI"));
	assert_false(track_keys_add(k, IMSI, "465b", OPC_HEX, err, sizeof err));
	assert_non_null(strstr(err, "K must be 32 hex digits"));
	assert_false(track_keys_add(k, IMSI, K_HEX, "zz63cb71954a9f4e48a5994e37a02baf", err, sizeof err));
	assert_non_null(strstr(err, "OPc"));
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# imsi, k, opc\n\n\"" IMSI "\",\"" K_HEX "\",\"" OPC_HEX "\"\n" IMSI "2," K_HEX "," OPC_HEX "\n", f);
	fclose(f);
	assert_false(track_keys_load(k, path, err, sizeof err));
	assert_non_null(strstr(err, ":4: IMSI must be"));
	f = fopen(path, "w");
	fputs("\"" IMSI "\",\"" K_HEX "\"\n", f);
	fclose(f);
	assert_false(track_keys_load(k, path, err, sizeof err));
	assert_non_null(strstr(err, ":1: rows have three fields"));
	f = fopen(path, "w");
	fputs("\"" IMSI "\",\"" K_HEX "\",\"" OPC_HEX "\"\n", f);
	fclose(f);
	assert_true(track_keys_load(k, path, err, sizeof err));
	assert_int_equal(track_keys_count(k), 1);
	unlink(path);
	track_keys_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_chain_each_algorithm),
		cmocka_unit_test(count_overflow),
		cmocka_unit_test(corrupted_mac_is_discarded),
		cmocka_unit_test(wrong_key_fails_everything),
		cmocka_unit_test(unchecked_reasons),
		cmocka_unit_test(service_request_short_mac),
		cmocka_unit_test(several_aka_runs_and_reject),
		cmocka_unit_test(key_file_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
