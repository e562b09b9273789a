/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmgen --scale: a large synthetic capture for benchmarks (never committed).
 */
#include "gen.h"

#include "esmtrace/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENBS 64

/* N UEs over K eNodeBs and one MME, interleaved round-robin, each running a
 * cycle of procedures: PDN connectivity with its default bearer (E-RAB
 * setup; one UE in eight resends the request), a dedicated GBR bearer, its
 * modification (E-RAB modify), its deactivation (E-RAB release), the PDN
 * disconnect, and an S1 release.
 * Messages are built directly (no text) so that a million frames take
 * seconds.
 *
 * With --cipher N (FORMAT.md 5.1 in bulk), UE i is subscriber IMSI
 * 00101 + i (10 digits, from 1), K = TS 35.208 set 1's with i in its last
 * four octets, OPc that set's; its first five messages are the security
 * set-up (IDENTITY RESPONSE with the IMSI, AUTHENTICATION REQUEST and RESPONSE
 * by Milenage, SECURITY MODE COMMAND choosing 128-EEA N and 128-EIA N, type 3,
 * and its COMPLETE, type 4), and every NAS message of its cycle is then
 * integrity protected and ciphered (type 2) over its NAS COUNTs; after each
 * S1 release it sets up again (the tracker sees a new UE context there). The key file
 * (one "IMSI","K","OPc" row per UE) goes to --keys FILE. */
typedef struct {
	uint8_t step, pti, setup;
	uint32_t enb_id;
} scale_ue;

/* The key chain of UE i and its key row; the AKA's RAND, AUTN and RES in *aka. */
typedef struct {
	uint8_t rand[16], autn[16], res[8];
} scale_aka;

static void scale_subscriber(uint64_t i, uint8_t alg, gen_sub *b, scale_aka *aka, FILE *keys)
{
	static const uint8_t k1[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
		                            0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
	static const uint8_t opc1[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
		                              0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
	static const uint8_t sn[3] = { 0x00, 0xf1, 0x10 }; /* the eNodeBs' PLMN 001/01 */
	memset(b, 0, sizeof *b);
	snprintf(b->imsi, sizeof b->imsi, "00101%010llu", (unsigned long long)(i + 1));
	memcpy(b->k, k1, 16);
	memcpy(b->opc, opc1, 16);
	for (int j = 0; j < 4; j++)
		b->k[12 + j] ^= (uint8_t)(i >> (24 - 8 * j));
	if (keys) {
		fprintf(keys, "\"%s\",\"", b->imsi);
		for (int j = 0; j < 16; j++)
			fprintf(keys, "%02x", b->k[j]);
		fputs("\",\"", keys);
		for (int j = 0; j < 16; j++)
			fprintf(keys, "%02x", b->opc[j]);
		fputs("\"\n", keys);
	}
	for (int j = 0; j < 16; j++)
		aka->rand[j] = (uint8_t)(i * 131 + (uint64_t)j * 17);
	uint8_t sqn[6] = { 0, 0, 0, 0, 0, 0x20 }, kasme[32];
	nas_aka r;
	if (!nas_milenage_vector(b->k, b->opc, aka->rand, sqn, (const uint8_t *)"\x80\x00", aka->autn, &r))
		gen_fail("Milenage failed (libosmogsm)");
	memcpy(aka->res, r.res, 8);
	nas_kdf_kasme(r.ck, r.ik, sn, aka->autn, kasme);
	b->eea = b->eia = alg;
	nas_kdf_nas(NAS_KEY_ENC, alg, kasme, b->k_enc);
	nas_kdf_nas(NAS_KEY_INT, alg, kasme, b->k_int);
	b->active = true; /* counts from 0: the SMC is the first message wrapped */
}

/* The security set-up's step s of UE i: its plain NAS and the wrapper. */
static nas_sec setup_msg(int s, const gen_sub *b, const scale_aka *aka, buf *plain, int *s1)
{
	uint8_t m[40];
	size_t n = 0;
	switch (s) {
	case 0: { /* IDENTITY RESPONSE (8.2.19): mobile identity, IMSI (24.008 10.5.1.4) */
		size_t d = strlen(b->imsi);
		m[n++] = 0x07, m[n++] = 0x56, m[n++] = (uint8_t)(1 + d / 2);
		m[n++] = (uint8_t)((b->imsi[0] - '0') << 4 | (d % 2) << 3 | 1);
		for (size_t j = 1; j < d; j += 2)
			m[n++] = (uint8_t)((j + 1 < d ? b->imsi[j + 1] - '0' : 0xf) << 4 | (b->imsi[j] - '0'));
		*s1 = S1_UL_NAS;
		buf_put(plain, m, n);
		return SEC_PLAIN;
	}
	case 1: /* AUTHENTICATION REQUEST (8.2.7): KSI 0, RAND, AUTN */
		m[n++] = 0x07, m[n++] = 0x52, m[n++] = 0x00;
		memcpy(m + n, aka->rand, 16), n += 16;
		m[n++] = 16;
		memcpy(m + n, aka->autn, 16), n += 16;
		*s1 = S1_DL_NAS;
		buf_put(plain, m, n);
		return SEC_PLAIN;
	case 2: /* AUTHENTICATION RESPONSE (8.2.8): RES */
		m[n++] = 0x07, m[n++] = 0x53, m[n++] = 8;
		memcpy(m + n, aka->res, 8), n += 8;
		*s1 = S1_UL_NAS;
		buf_put(plain, m, n);
		return SEC_PLAIN;
	case 3: /* SECURITY MODE COMMAND (8.2.20): algorithms, KSI 0, replayed capabilities */
		m[n++] = 0x07, m[n++] = 0x5d, m[n++] = (uint8_t)(b->eea << 4 | b->eia), m[n++] = 0x00;
		m[n++] = 2, m[n++] = 0xf0, m[n++] = 0xf0;
		*s1 = S1_DL_NAS;
		buf_put(plain, m, n);
		return SEC_INT_NEW;
	default: /* SECURITY MODE COMPLETE (8.2.21) */
		m[n++] = 0x07, m[n++] = 0x5e;
		*s1 = S1_UL_NAS;
		buf_put(plain, m, n);
		return SEC_ENC_NEW;
	}
}

/* The NAS wrapper of the cycle's messages: integrity only with the
 * deterministic MAC, or, with a subscriber, ciphered with its context. */
static void wrap(buf *out, const buf *plain, gen_sub *b, int dir, uint8_t sqn)
{
	if (b)
		nas_wrap_sub(out, plain, SEC_ENC, b, dir, NULL);
	else
		nas_wrap(out, plain, SEC_INT, sqn);
}

/* One S1AP message in its own SCTP packet on eNodeB e's association. */
static void scale_send(pcapw *w, s1_msg *m, buf *s1, s1_enb *enbs, s1_mme *mme, int e, uint32_t tsn[][2],
                       uint16_t ssn[][2], uint64_t t)
{
	s1->len = 0;
	s1_encode(m, s1);
	s1_msg_free(m);
	const s1_msg_def *d = &s1_defs[m->msg];
	int dir = d->uplink ? 0 : 1;
	sctp_chunk c = { s1->p, s1->len, 1, tsn[e][dir]++, ssn[e][dir]++ };
	/* eNodeB e's port is 36413 + e: with 36412 on both sides, Wireshark cannot tell
	 * the two directions of the association apart and takes the MME's TSNs for
	 * resends of the eNodeB's (the resent chunk's S1AP is not dissected) */
	uint16_t eport = (uint16_t)(36413 + e);
	if (d->uplink)
		pcapw_sctp(w, t, enbs[e].ip, mme->ip, eport, 36412, &c, 1);
	else
		pcapw_sctp(w, t, mme->ip, enbs[e].ip, 36412, eport, &c, 1);
}

void scale_write(const char *out, uint64_t n_ues, uint64_t n_frames, int k_enbs, int cipher, const char *keys_out)
{
	if (n_ues == 0 || n_ues > 0xffffff || k_enbs < 1 || k_enbs > MAX_ENBS)
		gen_fail("--ues 1..16777215, --enbs 1..%d", MAX_ENBS);
	if (cipher < 0 || cipher > 3 || (cipher && !keys_out))
		gen_fail("--cipher 1..3 (128-EEA/EIA 1-3) needs --keys FILE");
	gen_sub *subs = NULL;
	scale_aka *akas = NULL;
	if (cipher) {
		FILE *kf = fopen(keys_out, "w");
		subs = calloc(n_ues, sizeof *subs);
		akas = calloc(n_ues, sizeof *akas);
		if (!kf || !subs || !akas)
			gen_fail("%s: cannot write the key file, or out of memory", keys_out);
		fprintf(kf, "# esmgen --scale --cipher %d: IMSI, K, OPc of its %llu UEs\n", cipher, (unsigned long long)n_ues);
		for (uint64_t i = 0; i < n_ues; i++)
			scale_subscriber(i, (uint8_t)cipher, &subs[i], &akas[i], kf);
		if (fclose(kf) != 0)
			gen_fail("%s: write error", keys_out);
	}
	s1_mme mme = { .plmn = { 0x00, 0xf1, 0x10 }, .mmegi = 1, .mmec = 1, .ip = { 10, 0, 0, 1 } };
	s1_enb enbs[MAX_ENBS];
	uint32_t tsn[MAX_ENBS][2];   /* per association: eNodeB->MME, MME->eNodeB */
	uint16_t ssn[MAX_ENBS][2];
	for (int i = 0; i < k_enbs; i++) {
		enbs[i] = (s1_enb){ .plmn = { 0x00, 0xf1, 0x10 }, .tac = 1, .cell = ((uint32_t)i + 1) << 8 | 1,
		                    .enb_id = (uint32_t)i + 1, .ip = { 10, 1, 0, (uint8_t)(i + 1) } };
		tsn[i][0] = 1000u * (uint32_t)(i + 1);
		tsn[i][1] = 5000u * (uint32_t)(i + 1);
		ssn[i][0] = ssn[i][1] = 0;
	}
	scale_ue *u = calloc(n_ues, sizeof(*u));
	if (!u)
		gen_fail("out of memory");
	pcapw *w = pcapw_open(out);
	uint64_t t = GEN_EPOCH_US, frames = 0;
	/* One round over all UEs lasts 2 s: a UE's consecutive messages are 2 s
	 * apart, so the resends are premature by the spec's 8 s (a finding). */
	uint64_t step_us = 2000000 / n_ues + 1;
	buf nas = { 0 }, plain = { 0 }, s1 = { 0 };
	/* One cycle of (S1AP message, NAS) steps per UE; step 15 = the resend. */
	enum { STEPS = 18 };
	while (frames < n_frames) {
		for (uint64_t i = 0; i < n_ues && frames < n_frames; i++) {
			scale_ue *x = &u[i];
			uint32_t mme_id = (uint32_t)i + 1;
			int e = (int)(i % (uint64_t)k_enbs);
			s1_msg m;
			memset(&m, 0, sizeof(m));
			m.enb = &enbs[e];
			m.mme = &mme;
			m.has_mme_id = m.has_enb_id = true;
			m.mme_id = mme_id;
			m.enb_id = x->enb_id ? x->enb_id : (x->enb_id = (uint32_t)(i / (uint64_t)k_enbs) + 1);
			m.cause_group = 2;
			nas.len = plain.len = 0;
			if (cipher && x->setup < 5) { /* the security set-up comes first */
				int msg_type;
				nas_sec sec = setup_msg(x->setup++, &subs[i], &akas[i], &plain, &msg_type);
				m.msg = msg_type;
				if (sec == SEC_PLAIN)
					buf_put(&m.nas, plain.p, plain.len);
				else
					nas_wrap_sub(&m.nas, &plain, sec, &subs[i], msg_type == S1_UL_NAS ? 1 : 2, NULL);
				scale_send(w, &m, &s1, enbs, &mme, e, tsn, ssn, t);
				t += step_us;
				frames++;
				continue;
			}
			uint8_t sqn = (uint8_t)(x->step + x->pti);
			uint32_t ip = 0x0a2d0000u + (uint32_t)i;
			if (x->step == 2 && i % 8 != 0)
				x->step = 3; /* most UEs answer at once */
			int step = x->step;
			bool with_nas = true;
			switch (step) {
			case 0: /* PDN CONNECTIVITY REQUEST (in the attach's place: UplinkNAS keeps it short) */
				m.msg = S1_UL_NAS;
				x->pti = (uint8_t)(x->pti % 250 + 1);
				nas_esm_simple(&plain, 0xD0, 0, x->pti, 0, 0, 0);
				break;
			case 1: /* default bearer in an E-RAB Setup, T3485 */
			case 2: /* its resend, one round later, for one UE in eight */
				m.msg = S1_ERAB_SETUP_REQ;
				m.n_items = 1;
				m.item[0].erab = 5;
				m.item[0].qci = 9;
				nas_esm_simple(&plain, 0xC1, 5, x->pti, 0, 9, ip);
				wrap(&m.item[0].nas, &plain, cipher ? &subs[i] : NULL, 2, sqn);
				break;
			case 3:
				m.msg = S1_ERAB_SETUP_RSP;
				m.erabs[0] = 5;
				m.n_erabs = 1;
				with_nas = false;
				break;
			case 4:
				m.msg = S1_UL_NAS;
				nas_esm_simple(&plain, 0xC2, 5, 0, 0, 0, 0);
				break;
			case 5: /* dedicated bearer, QCI 1 */
				m.msg = S1_ERAB_SETUP_REQ;
				m.n_items = 1;
				m.item[0].erab = 6;
				m.item[0].qci = 1;
				m.item[0].gbr = true;
				m.item[0].mbr_ul = m.item[0].mbr_dl = m.item[0].gbr_ul = m.item[0].gbr_dl = 64;
				nas_esm_simple(&plain, 0xC5, 6, 0, 5, 1, 0);
				wrap(&m.item[0].nas, &plain, cipher ? &subs[i] : NULL, 2, sqn);
				break;
			case 6:
				m.msg = S1_ERAB_SETUP_RSP;
				m.erabs[0] = 6;
				m.n_erabs = 1;
				with_nas = false;
				break;
			case 7:
				m.msg = S1_UL_NAS;
				nas_esm_simple(&plain, 0xC6, 6, 0, 0, 0, 0);
				break;
			case 8: /* modify the dedicated bearer (T3486) */
				m.msg = S1_ERAB_MODIFY_REQ;
				m.n_items = 1;
				m.item[0].erab = 6;
				m.item[0].qci = 1;
				m.item[0].gbr = true;
				m.item[0].mbr_ul = m.item[0].mbr_dl = m.item[0].gbr_ul = m.item[0].gbr_dl = 128;
				nas_esm_simple(&plain, 0xC9, 6, 0, 0, 1, 0);
				wrap(&m.item[0].nas, &plain, cipher ? &subs[i] : NULL, 2, sqn);
				break;
			case 9:
				m.msg = S1_UL_NAS;
				nas_esm_simple(&plain, 0xCA, 6, 0, 0, 0, 0);
				break;
			case 10: /* deactivate the dedicated bearer */
				m.msg = S1_ERAB_RELEASE_CMD;
				m.erabs[0] = 6;
				m.n_erabs = 1;
				nas_esm_simple(&plain, 0xCD, 6, 0, 0, 0, 0);
				break;
			case 11:
				m.msg = S1_ERAB_RELEASE_RSP;
				m.erabs[0] = 6;
				m.n_erabs = 1;
				with_nas = false;
				break;
			case 12:
				m.msg = S1_UL_NAS;
				nas_esm_simple(&plain, 0xCE, 6, 0, 0, 0, 0);
				break;
			case 13: /* PDN disconnect of the bearer 5 PDN */
				m.msg = S1_UL_NAS;
				x->pti = (uint8_t)(x->pti % 250 + 1);
				nas_esm_simple(&plain, 0xD2, 0, x->pti, 5, 0, 0);
				break;
			case 14:
				m.msg = S1_DL_NAS;
				nas_esm_simple(&plain, 0xCD, 5, x->pti, 0, 0, 0);
				break;
			case 15:
				m.msg = S1_UL_NAS;
				nas_esm_simple(&plain, 0xCE, 5, 0, 0, 0, 0);
				break;
			default: /* idle: a UE context release */
				m.msg = step == 16 ? S1_UE_CTX_REL_CMD : S1_UE_CTX_REL_CPL;
				with_nas = false;
				break;
			}
			if (with_nas && m.n_items == 0)
				wrap(&m.nas, &plain, cipher ? &subs[i] : NULL, s1_defs[m.msg].uplink ? 1 : 2, sqn);
			scale_send(w, &m, &s1, enbs, &mme, e, tsn, ssn, t);
			t += step_us;
			frames++;
			x->step = (uint8_t)((x->step + 1) % STEPS);
			if (cipher && x->step == 0) {
				/* after the S1 release the UE comes back as a new UE context:
				 * it identifies itself and authenticates again, and the new
				 * context's NAS COUNTs start at 0 (4.4.3.1) */
				x->setup = 0;
				subs[i].count[0] = subs[i].count[1] = 0;
			}
		}
	}
	pcapw_close(w);
	buf_free(&nas);
	buf_free(&plain);
	buf_free(&s1);
	free(u);
	free(subs);
	free(akas);
	fprintf(stderr, "esmgen: %llu frames, %llu UEs, %d eNodeBs -> %s\n", (unsigned long long)frames,
	        (unsigned long long)n_ues, k_enbs, out);
}

