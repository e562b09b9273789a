/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmgen --scale: a large synthetic capture for benchmarks (never committed).
 */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENBS 64

/* N UEs over K eNodeBs and one MME, interleaved round-robin, each running a
 * cycle of procedures: PDN connectivity with its default bearer (E-RAB
 * setup; one UE in eight resends the request), a dedicated GBR bearer, its
 * modification (E-RAB modify), its deactivation (E-RAB release), the PDN
 * disconnect, and an S1 release.
 * Messages are built directly (no text) so that a million frames take
 * seconds. */
typedef struct {
	uint8_t step, pti;
	uint32_t enb_id;
} scale_ue;

void scale_write(const char *out, uint64_t n_ues, uint64_t n_frames, int k_enbs)
{
	if (n_ues == 0 || n_ues > 0xffffff || k_enbs < 1 || k_enbs > MAX_ENBS)
		gen_fail("--ues 1..16777215, --enbs 1..%d", MAX_ENBS);
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
				nas_wrap(&m.item[0].nas, &plain, SEC_INT, sqn);
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
				nas_wrap(&m.item[0].nas, &plain, SEC_INT, sqn);
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
				nas_wrap(&m.item[0].nas, &plain, SEC_INT, sqn);
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
				nas_wrap(&m.nas, &plain, SEC_INT, sqn);
			s1.len = 0;
			s1_encode(&m, &s1);
			s1_msg_free(&m);
			const s1_msg_def *d = &s1_defs[m.msg];
			int dir = d->uplink ? 0 : 1;
			sctp_chunk c = { s1.p, s1.len, 1, tsn[e][dir]++, ssn[e][dir]++ };
			uint16_t eport = (uint16_t)(36412 + e);
			if (d->uplink)
				pcapw_sctp(w, t, enbs[e].ip, mme.ip, eport, 36412, &c, 1);
			else
				pcapw_sctp(w, t, mme.ip, enbs[e].ip, 36412, eport, &c, 1);
			t += step_us;
			frames++;
			x->step = (uint8_t)((x->step + 1) % STEPS);
		}
	}
	pcapw_close(w);
	buf_free(&nas);
	buf_free(&plain);
	buf_free(&s1);
	free(u);
	fprintf(stderr, "esmgen: %llu frames, %llu UEs, %d eNodeBs -> %s\n", (unsigned long long)frames,
	        (unsigned long long)n_ues, k_enbs, out);
}

