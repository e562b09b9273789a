/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target over event sequences: the input is read as a list of
 * events (kind, time step that may go backwards, UE slot with id reuse, S1AP
 * ids, E-RAB mask, cause, then NAS bytes decoded by nas_decode). Half of the
 * NAS messages are built from a valid ESM header with a fuzzed tail so that
 * the tracker's state machine is reached, not only the decoder's errors.
 * Checks: no crash, no sanitizer report, bounded state (live UEs never above
 * the cap), the queries and finish work at any point, the history callbacks
 * hand over complete records.
 *
 * NAS security: every decoded NAS event goes through track_unprotect first,
 * as in the plugin and replay. When the first octet's top bit is set, the
 * tracker has one subscriber's keys (TS 35.208 set 1) and UE "a" starts with
 * its ATTACH REQUEST, AKA and SECURITY MODE COMMAND/COMPLETE (EEA and EIA from
 * that octet); later events of UE "a" may be wrapped with the real context
 * (header type, COUNT jumps, a corrupted MAC chosen by the input), so the
 * checks, the COUNT estimation and the deciphered decode are reached.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/crypto.h"
#include "esmtrace/nas.h"
#include "esmtrace/track.h"

typedef struct {
	const uint8_t *p;
	size_t n;
} cur;

static uint8_t take(cur *c)
{
	if (!c->n)
		return 0;
	c->n--;
	return *c->p++;
}

static const uint8_t esm_types[] = {
	0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xD0, 0xD1, 0xD2,
	0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD9, 0xDA, 0xDB, 0xDC, 0xE8, 0xE9, 0xEA, 0xEB,
};
static const char *const keys[] = { "a", "b", "c", "d", "e", "f", "g", "h" };

/* The history callbacks: what they hand over must be readable and sane. */
static void on_state(void *ctx, const track_state_change *c)
{
	(void)ctx;
	if (!c->bearer || c->bearer->ebi < 1 || c->bearer->ebi > 15 || !c->mme_before || !c->ue_before ||
	    !c->bearer->final_state || !c->bearer->final_ue_state || strlen(c->bearer->ue_key) >= TRACK_KEY_MAX)
		abort();
}

static void on_timer(void *ctx, const track_timer_run *r)
{
	(void)ctx;
	if (!track_timer_name(r->timer) || r->timer == TRACK_T3396 || !r->outcome || !r->proc || !r->ue ||
	    r->period <= 0 || r->first_expiry < 1)
		abort();
}

/* ---------------------------------------------------------- NAS security */

/* TS 35.208 test set 1 as subscriber 001010000000001, its RAND and AUTN */
static const uint8_t set1_k[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
	                                0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t set1_opc[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
	                                  0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
static const uint8_t set1_rand[16] = { 0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
	                                   0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };
static const uint8_t set1_sqn[6] = { 0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07 };
static const uint8_t sn_plmn[3] = { 0x00, 0xF1, 0x10 }; /* 001/01 */

typedef struct {
	nas_crypto *cr;
	uint8_t k_enc[16], k_int[16], eea, eia;
	uint32_t count[2]; /* the next NAS COUNT: uplink, downlink */
} sec_peer;

static uint8_t plain[65536];
static nas_pdu dpdu;

/* Decode, unprotect and decode the deciphered PDU, as the plugin does. */
static void decode_event(track *t, track_event *ev, const uint8_t *b, size_t n, nas_pdu *pdu)
{
	nas_decode(b, n, ev->dir, NULL, pdu);
	ev->nas = pdu;
	ev->nas_status = pdu->ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
	track_sec sec;
	if (track_unprotect(t, ev, b, (uint32_t)n, plain, &sec)) {
		nas_opts o = { .try_ciphered_as_plain = true, .deciphered = true };
		nas_decode(plain, n, ev->dir, &o, &dpdu);
		ev->nas = &dpdu;
		ev->nas_status = TRACK_NAS_DECODED;
	}
	if (sec.integrity > TRACK_INT_UNCHECKED || strlen(sec.why) >= sizeof sec.why)
		abort();
}

/* The sender's wrapper (TS 24.301 9.1, 4.4.3.3): header type sht, SN = COUNT's
 * low octet, EEA for types 2 and 4, the MAC over SN || message. */
static size_t wrap(sec_peer *p, uint8_t sht, int up, uint32_t jump, bool bad_mac, const uint8_t *msg, size_t n,
                   uint8_t *out)
{
	uint8_t d = !up;
	p->count[d] += jump;
	uint32_t count = p->count[d]++;
	memcpy(out + 6, msg, n);
	if ((sht == 2 || sht == 4) && !nas_eea(p->cr, p->eea, p->k_enc, count, 0, d, out + 6, (uint32_t)n * 8, out + 6))
		abort();
	out[0] = (uint8_t)(sht << 4 | 7);
	out[5] = (uint8_t)count;
	uint32_t mac;
	if (!nas_eia(p->cr, p->eia, p->k_int, count, 0, d, out + 5, (uint32_t)(n + 1) * 8, &mac))
		abort();
	mac ^= bad_mac;
	for (int i = 0; i < 4; i++)
		out[1 + i] = (uint8_t)(mac >> (24 - 8 * i));
	return n + 6;
}

/* UE "a": ATTACH REQUEST with the IMSI, the AKA, SECURITY MODE COMMAND and COMPLETE. */
static void secure_prologue(track *t, sec_peer *p, uint8_t algs, uint64_t *frame, nas_pdu *pdu)
{
	static const uint8_t attach[] = { 0x07, 0x41, 0x71, 0x08, 0x09, 0x10, 0x10, 0x00, 0x00, 0x00, 0x00,
		                              0x10, 0x02, 0xe0, 0xe0, 0x00, 0x05, 0x02, 0x01, 0xd0, 0x11, 0xd1 };
	uint8_t b[64], autn[16], kasme[32];
	nas_aka r;
	if (!nas_milenage_vector(set1_k, set1_opc, set1_rand, set1_sqn, (const uint8_t *)"\x80\x00", autn, &r))
		abort();
	nas_kdf_kasme(r.ck, r.ik, sn_plmn, autn, kasme);
	p->eea = algs >> 4 & 3;
	p->eia = algs & 3;
	nas_kdf_nas(NAS_KEY_ENC, p->eea, kasme, p->k_enc);
	nas_kdf_nas(NAS_KEY_INT, p->eia, kasme, p->k_int);
	p->count[0] = p->count[1] = 0;
	for (int step = 0; step < 5; step++) {
		track_event ev;
		track_event_init(&ev, TRACK_EV_NAS, *frame * 0.01, ++*frame);
		ev.ue_key = "a";
		ev.dir = step % 2 == 0 && step != 4 ? NAS_UPLINK : NAS_DOWNLINK;
		size_t n;
		if (step == 0) { /* ATTACH REQUEST */
			memcpy(b, attach, n = sizeof attach);
		} else if (step == 1) { /* AUTHENTICATION REQUEST: KSI 0, RAND, AUTN */
			ev.dir = NAS_DOWNLINK;
			b[0] = 0x07, b[1] = 0x52, b[2] = 0x00;
			memcpy(b + 3, set1_rand, 16);
			b[19] = 16;
			memcpy(b + 20, autn, 16);
			n = 36;
		} else if (step == 2) { /* AUTHENTICATION RESPONSE */
			ev.dir = NAS_UPLINK;
			b[0] = 0x07, b[1] = 0x53, b[2] = 8;
			memcpy(b + 3, r.res, 8);
			n = 11;
		} else if (step == 3) { /* SECURITY MODE COMMAND, type 3 (5.4.3.2) */
			ev.dir = NAS_DOWNLINK;
			const uint8_t smc[] = { 0x07, 0x5d, algs & 0x33, 0x00, 0x02, 0xe0, 0xe0 };
			n = wrap(p, 3, 0, 0, false, smc, sizeof smc, b);
		} else { /* SECURITY MODE COMPLETE, type 4 */
			ev.dir = NAS_UPLINK;
			n = wrap(p, 4, 1, 0, false, (const uint8_t *)"\x07\x5e", 2, b);
		}
		if (ev.dir == NAS_UPLINK) {
			ev.has_plmn = true;
			memcpy(ev.plmn, sn_plmn, 3);
		}
		decode_event(t, &ev, b, n, pdu);
		track_annotation a;
		track_feed(t, &ev, &a);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cur c = { data, size };
	track_config cfg;
	track_config_default(&cfg);
	cfg.max_ues = 6;
	cfg.max_bearer_rows = 64;
	cfg.max_finding_rows = 64;
	uint8_t first = take(&c);
	cfg.ue_grace_s = first % 8;
	cfg.ue_idle_s = take(&c) % 16;
	cfg.timer_s[TRACK_T3485] = (take(&c) % 20) / 2.0; /* 0 is allowed: no division by zero */
	cfg.on_state = on_state;
	cfg.on_timer = on_timer;
	track *t = track_new(&cfg);
	double time = 0;
	uint64_t frame = 0;
	static uint8_t buf[512], wrapped[512 + 6];
	static nas_pdu pdu;
	static sec_peer peer;
	track_keys *subs = NULL;
	bool secure = first & 0x80;
	if (secure) {
		char err[128];
		subs = track_keys_new();
		if (!track_keys_add(subs, "001010000000001", "465b5ce8b199b49faa5f0a2ee238a6bc",
		                    "cd63cb71954a9f4e48a5994e37a02baf", err, sizeof err))
			abort();
		track_set_keys(t, subs);
		if (!peer.cr && !(peer.cr = nas_crypto_new()))
			abort();
		secure_prologue(t, &peer, (uint8_t)((first >> 1 & 0x30) | (first >> 3 & 3)), &frame, &pdu);
	}

	while (c.n && frame < 4096) {
		uint8_t op = take(&c);
		track_event ev;
		track_event_init(&ev, op % (TRACK_EV__COUNT + 1), 0, ++frame);
		int8_t step = (int8_t)take(&c);
		time += step / 8.0; /* backwards too */
		ev.time = time;
		uint8_t who = take(&c);
		if (who & 0x80)
			ev.ue_key = keys[who % 8];
		else {
			ev.assoc = who & 3;
			ev.has_mme_ue_id = who & 4;
			ev.mme_ue_id = (who >> 3) & 3;
			ev.has_enb_ue_id = who & 0x20;
			ev.enb_ue_id = (who >> 4) & 3;
			ev.has_source_mme_ue_id = who & 0x40;
			ev.source_mme_ue_id = who & 3;
			ev.enb_node = who & 1;
		}
		ev.ue_side = op & 0x40;
		ev.dir = (op & 0x80) ? NAS_UPLINK : NAS_DOWNLINK;
		ev.s1ap_proc = (int16_t)((int8_t)take(&c));
		ev.erab_mask = (uint16_t)(take(&c) << 8 | take(&c));
		ev.cause_group = (int8_t)(take(&c) % 6) - 1;
		ev.cause_value = take(&c);
		uint8_t shape = take(&c);
		size_t n = take(&c) % 64;
		if (n > c.n)
			n = c.n;
		size_t len = 0;
		if (shape & 1) {
			/* a plain ESM header with a fuzzed tail */
			buf[0] = (uint8_t)((shape & 0xf0) | 2);
			buf[1] = take(&c) % 8;
			buf[2] = esm_types[take(&c) % sizeof(esm_types)];
			len = 3;
		}
		n = n > c.n ? c.n : n;
		memcpy(buf + len, c.p, n);
		c.p += n;
		c.n -= n;
		len += n;
		if (shape & 2) {
			ev.nas_status = shape & 4 ? TRACK_NAS_CIPHERED : TRACK_NAS_MALFORMED;
			ev.nas = shape & 8 ? NULL : &pdu;
		} else if (secure && (who & 0xC0) == 0xC0 && !strcmp(ev.ue_key, "a")) {
			/* UE "a"'s message with its real context: header type 1-4, a COUNT
			 * jump of 250 (the SN wraps), a corrupted MAC now and then */
			size_t m = wrap(&peer, (uint8_t)(1 + (who >> 3 & 3)), ev.dir == NAS_UPLINK, who & 0x20 ? 250 : 0,
			                (ev.cause_value & 0x0f) == 0x0f, buf, len, wrapped);
			decode_event(t, &ev, wrapped, m, &pdu);
		} else {
			decode_event(t, &ev, buf, len, &pdu);
		}
		track_annotation a;
		int nf = track_feed(t, &ev, &a);
		if (nf < 0 || nf > TRACK_MAX_FINDINGS || a.n_findings != nf)
			abort();
		for (int i = 0; i < a.n_findings; i++)
			if (!a.f[i].code_name || strlen(a.f[i].text) >= TRACK_TEXT_MAX)
				abort();
		track_counters k;
		track_get_counters(t, &k);
		if (k.ues_live > cfg.max_ues)
			abort();
		if ((op & 0x3f) == 0x3f) {
			size_t m;
			track_bearers(t, &m);
			track_findings(t, &m);
			track_procs(t, &m);
		}
		if ((op & 0x7f) == 0x7e) { /* the plugin's end of capture mid-stream: a new segment follows */
			track_finish(t, time);
			track_release(t);
		}
	}
	track_finish(t, time);
	size_t m, m2;
	const track_bearer_row *b = track_bearers(t, &m);
	for (size_t i = 0; i < m; i++)
		if (b[i].ebi > 15 || !b[i].final_state)
			abort();
	track_release(t); /* keeps every bearer row */
	b = track_bearers(t, &m2);
	if (m2 != m)
		abort();
	for (size_t i = 0; i < m2; i++)
		if (b[i].ebi > 15 || !b[i].final_state)
			abort();
	track_findings(t, &m);
	if (m > cfg.max_finding_rows)
		abort();
	track_free(t);
	track_keys_free(subs);
	return 0;
}
