/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diff_driver: the esmtrace side of the differential test against tshark.
 *
 * Reads one NAS PDU per line on stdin, "U <hex>" (uplink), "D <hex>"
 * (downlink) or "N <hex>" (direction unknown), decodes it with the core and
 * prints two lines per PDU:
 *   1. a flat JSON object with the fields the test compares, taken from the
 *      typed API of nas.h (so the comparison does not depend on how the JSON
 *      printer names things);
 *   2. the core's own JSON (nas_print_json), from which the test reads what
 *      the typed API does not expose (DNS servers inside IPCP).
 * No decoding happens here: every value comes from a core function.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/nas.h"

static void put_str(const char *key, const char *s)
{
	printf(",\"%s\":\"", key);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void put_hex(const char *key, const uint8_t *p, uint32_t n)
{
	printf(",\"%s\":\"", key);
	for (uint32_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('"');
}

/* Value of a half-octet IE (V or type 1 TV) or the first octet of any other. */
static int ie_small(const nas_ie *ie)
{
	if (!ie || !ie->def)
		return -1;
	if (ie->def->fmt == NAS_FMT_V_HALF || ie->def->fmt == NAS_FMT_TV_HALF)
		return ie->half;
	return ie->v.len ? ie->v.p[0] : -1;
}

/* PCO and ePCO containers in message order: id, raw contents, and the
 * container's offset (so tshark's list can be compared in the same order). */
static void put_containers(const esm_msg *m, nas_dir dir)
{
	const nas_ie *pco[2] = {NULL, NULL};
	int n = 0;
	for (int i = 0; m->def && i < m->def->n_ies; i++) {
		const nas_ie *ie = &m->ie[i];
		if (ie->def && (ie->def->type == NAS_IE_PCO || ie->def->type == NAS_IE_EPCO) && n < 2)
			pco[n++] = ie;
	}
	if (n == 2 && pco[1]->off < pco[0]->off) {
		const nas_ie *t = pco[0];
		pco[0] = pco[1];
		pco[1] = t;
	}
	printf(",\"n_pco_ies\":%d,\"pco\":[", n);
	int first = 1;
	for (int k = 0; k < n; k++) {
		nas_pco_iter it;
		nas_pco_item item;
		nas_pco_begin(&it, pco[k]->v, dir, pco[k]->off + (pco[k]->def->fmt == NAS_FMT_TLV_E ? 3 : 2));
		while (nas_pco_next(&it, &item)) {
			printf("%s{\"ie\":\"%s\",\"id\":%u", first ? "" : ",",
			       pco[k]->def->type == NAS_IE_EPCO ? "epco" : "pco", item.id);
			put_hex("hex", item.v.p, item.v.len);
			putchar('}');
			first = 0;
		}
		if (it.err != NAS_OK)
			printf("%s{\"ie\":\"%s\",\"error\":\"%s\"}", first ? "" : ",",
			       pco[k]->def->type == NAS_IE_EPCO ? "epco" : "pco", nas_diag_code_name((uint16_t)it.err));
		first = first && it.err == NAS_OK;
	}
	putchar(']');
}

static void put_esm(const esm_msg *m, nas_dir dir)
{
	/* a header cut short (fewer than 3 octets) has no PTI or message type: null, as
	 * the JSON leaves them out */
	printf(",\"esm\":{\"ebi\":%u", m->ebi);
	if (m->len >= 2)
		printf(",\"pti\":%u", m->pti);
	else
		fputs(",\"pti\":null", stdout);
	if (m->len >= 3)
		printf(",\"type\":%u", m->type);
	else
		fputs(",\"type\":null", stdout);
	printf(",\"known\":%s,\"valid\":%s", m->def ? "true" : "false", m->valid ? "true" : "false");
	const nas_ie *ie;
	int v;
	if ((v = ie_small(esm_find_ie(m, NAS_IE_ESM_CAUSE))) >= 0)
		printf(",\"esm_cause\":%d", v);
	if ((v = ie_small(ie = esm_find_ie(m, NAS_IE_EBI))) >= 0) {
		/* linked EBI, or "EPS bearer identity for packet filter" (8.3.10) */
		printf(",\"linked_ebi\":%d", v);
		put_str("linked_ebi_key", ie->def->key);
	}
	if ((v = ie_small(esm_find_ie(m, NAS_IE_REQUEST_TYPE))) >= 0)
		printf(",\"request_type\":%d", v);
	if ((v = ie_small(esm_find_ie(m, NAS_IE_PDN_TYPE))) >= 0)
		printf(",\"pdn_type\":%d", v);
	if ((ie = esm_find_ie(m, NAS_IE_APN))) {
		char apn[NAS_APN_MAX];
		int rc = nas_decode_apn(ie->v, apn);
		if (rc == NAS_OK)
			put_str("apn", apn);
		else
			printf(",\"apn_error\":\"%s\"", nas_diag_code_name((uint16_t)rc));
	}
	if ((ie = esm_find_ie(m, NAS_IE_PDN_ADDRESS))) {
		nas_pdn_address a;
		int rc = nas_decode_pdn_address(ie->v, &a);
		if (rc == NAS_OK) {
			printf(",\"pdn_type\":%u", a.type);
			if (a.has_ipv4)
				printf(",\"pdn_ipv4\":\"%u.%u.%u.%u\"", a.ipv4[0], a.ipv4[1], a.ipv4[2], a.ipv4[3]);
			if (a.has_ipv6_iid)
				put_hex("pdn_ipv6_iid", a.ipv6_iid, 8);
		} else {
			printf(",\"pdn_address_error\":\"%s\"", nas_diag_code_name((uint16_t)rc));
		}
	}
	if ((ie = esm_find_ie(m, NAS_IE_EPS_QOS))) {
		nas_eps_qos q;
		int rc = nas_decode_eps_qos(ie->v, &q);
		if (rc == NAS_OK) {
			printf(",\"qci\":%u", q.qci);
			if (q.has_rates)
				printf(",\"mbr_ul\":%llu,\"mbr_dl\":%llu,\"gbr_ul\":%llu,\"gbr_dl\":%llu",
				       (unsigned long long)q.mbr_ul, (unsigned long long)q.mbr_dl,
				       (unsigned long long)q.gbr_ul, (unsigned long long)q.gbr_dl);
		} else {
			printf(",\"eps_qos_error\":\"%s\"", nas_diag_code_name((uint16_t)rc));
		}
	}
	if ((ie = esm_find_ie(m, NAS_IE_APN_AMBR))) {
		nas_ambr a;
		int rc = nas_decode_apn_ambr(ie->v, &a);
		if (rc == NAS_OK)
			printf(",\"apn_ambr_dl\":%llu,\"apn_ambr_ul\":%llu", (unsigned long long)a.dl,
			       (unsigned long long)a.ul);
		else
			printf(",\"apn_ambr_error\":\"%s\"", nas_diag_code_name((uint16_t)rc));
	}
	if ((ie = esm_find_ie(m, NAS_IE_TFT)) || (ie = esm_find_ie(m, NAS_IE_TFAD))) {
		static nas_tft t; /* large */
		int rc = nas_decode_tft(ie->v, &t);
		if (!nas_diag_is_error((uint16_t)rc)) {
			/* 24.008 10.5.6.12: create (1), add (3), replace (4) code whole
			 * packet filters; delete packet filters (5) only their identifiers */
			bool whole = t.op == 1 || t.op == 3 || t.op == 4;
			unsigned nf = whole || t.op == 5 ? t.n_filters : 0;
			if (nf > NAS_TFT_MAX_FILTERS)
				nf = NAS_TFT_MAX_FILTERS;
			printf(",\"tft\":{\"op\":%u,\"n\":%u,\"filters\":[", t.op, t.n_filters);
			for (unsigned i = 0; i < nf; i++) {
				const nas_tft_filter *f = &t.f[i];
				printf("%s{\"id\":%u", i ? "," : "", f->id);
				if (whole) {
					printf(",\"dir\":%u,\"prec\":%u,\"types\":[", f->direction, f->precedence);
					for (unsigned k = 0; k < f->n_comp && k < NAS_TFT_MAX_COMPONENTS; k++)
						printf("%s%u", k ? "," : "", f->comp[k].type);
					putchar(']');
				}
				putchar('}');
			}
			printf("]}");
		} else {
			printf(",\"tft_error\":\"%s\"", nas_diag_code_name((uint16_t)rc));
		}
	}
	if ((ie = esm_find_ie(m, NAS_IE_GPRS_TIMER3))) { /* T3396 value or back-off timer value */
		nas_timer t;
		if (nas_decode_gprs_timer3(ie->v, &t) == NAS_OK) {
			if (t.deactivated)
				printf(",\"timer3\":\"deactivated\"");
			else
				printf(",\"timer3\":%llu", (unsigned long long)t.seconds);
		}
	}
	put_containers(m, dir);
	putchar('}');
}

static void put_ids(const nas_pdu *pdu)
{
	printf(",\"ids\":[");
	for (unsigned i = 0; i < pdu->n_id; i++) {
		const nas_identity *id = &pdu->id[i];
		printf("%s{\"kind\":%u", i ? "," : "", id->kind);
		if (id->kind == NAS_ID_IMSI || id->kind == NAS_ID_IMEI || id->kind == NAS_ID_IMEISV)
			put_str("digits", id->digits);
		if (id->kind == NAS_ID_GUTI)
			printf(",\"mmegi\":%u,\"mmec\":%u", id->mmegi, id->mmec);
		if (id->kind == NAS_ID_GUTI || id->kind == NAS_ID_TMSI)
			printf(",\"m_tmsi\":%u", id->m_tmsi);
		putchar('}');
	}
	putchar(']');
}

static void decode_line(unsigned long idx, nas_dir dir, const uint8_t *p, size_t n)
{
	nas_pdu pdu;
	nas_decode(p, n, dir, NULL, &pdu);
	printf("{\"i\":%lu,\"valid\":%s,\"pd\":%u,\"sec_hdr\":%u,\"ciphered\":%s", idx, pdu.valid ? "true" : "false",
	       pdu.pd, pdu.sec_hdr, pdu.ciphered ? "true" : "false");
	if (pdu.is_emm && !pdu.is_service_request && !pdu.ciphered)
		printf(",\"emm_type\":%u", pdu.emm_type);
	if (pdu.emm_cause >= 0)
		printf(",\"emm_cause\":%d", pdu.emm_cause);
	if (pdu.detach_type >= 0)
		printf(",\"detach_type\":%d", pdu.detach_type);
	if (pdu.bearer_ctx_status >= 0)
		printf(",\"bearer_ctx_status\":%ld", (long)pdu.bearer_ctx_status);
	/* the NAS security key chain's inputs (9.9.3.21, 9.9.3.3, 9.9.3.2, 9.9.3.23) */
	if (pdu.ksi >= 0)
		printf(",\"ksi\":%d", pdu.ksi);
	if (pdu.sec_algs >= 0)
		printf(",\"sec_algs\":%d", pdu.sec_algs);
	if (pdu.rand.len) {
		printf(",\"rand\":\"");
		for (unsigned i = 0; i < pdu.rand.len; i++)
			printf("%02x", pdu.rand.p[i]);
		putchar('"');
	}
	if (pdu.autn.len) {
		printf(",\"autn\":\"");
		for (unsigned i = 0; i < pdu.autn.len; i++)
			printf("%02x", pdu.autn.p[i]);
		putchar('"');
	}
	if (pdu.is_emm && !pdu.ciphered)
		put_ids(&pdu);
	/* the PDU's own direction (the capture's is a hint: nas_dir_from) reads its PCO */
	nas_dir own = pdu.dir != NAS_DIR_UNKNOWN ? pdu.dir : dir;
	printf(",\"dir\":\"%s\"", own == NAS_UPLINK ? "U" : own == NAS_DOWNLINK ? "D" : "N");
	if (pdu.esm.present)
		put_esm(&pdu.esm, own);
	printf(",\"diags\":[");
	for (unsigned i = 0; i < pdu.n_diag; i++)
		printf("%s\"%s@%u%s%s\"", i ? "," : "", nas_diag_code_name(pdu.diag[i].code), pdu.diag[i].offset,
		       pdu.diag[i].ie ? " " : "", pdu.diag[i].ie ? pdu.diag[i].ie : "");
	printf("]}\n");
	/* The printer's object on a line of its own, whether or not it ends
	 * with a newline. */
	char *json = NULL;
	size_t json_len = 0;
	FILE *mem = open_memstream(&json, &json_len);
	if (!mem) {
		perror("open_memstream");
		exit(2);
	}
	nas_print_json(mem, &pdu);
	fclose(mem);
	while (json_len && json[json_len - 1] == '\n')
		json[--json_len] = '\0';
	printf("%s\n", json);
	free(json);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int main(void)
{
	static char line[1 << 16];
	static uint8_t buf[1 << 15];
	unsigned long idx = 0;

	while (fgets(line, sizeof line, stdin)) {
		nas_dir dir;
		switch (line[0]) {
		case 'U': dir = NAS_UPLINK; break;
		case 'D': dir = NAS_DOWNLINK; break;
		case 'N': dir = NAS_DIR_UNKNOWN; break;
		default:
			fprintf(stderr, "diff_driver: line %lu: expected U, D or N\n", idx + 1);
			return 2;
		}
		size_t n = 0;
		const char *s = line + 1;
		while (*s == ' ')
			s++;
		while (hexval(s[0]) >= 0 && hexval(s[1]) >= 0 && n < sizeof buf) {
			buf[n++] = (uint8_t)(hexval(s[0]) << 4 | hexval(s[1]));
			s += 2;
		}
		if (*s != '\n' && *s != '\0') {
			fprintf(stderr, "diff_driver: line %lu: bad hex\n", idx + 1);
			return 2;
		}
		decode_line(idx++, dir, buf, n);
	}
	return 0;
}
