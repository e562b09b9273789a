/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Real NAS-PDUs from ../shared/pcaps (capture_vectors in vectors.h). Every
 * expected value below is what tshark 4.0.17 shows for the same bytes (the
 * inner message given to the nas-eps dissector with dissect_plain on), not
 * what esmtrace printed.
 */
#include "unit.h"
#include "vectors.h"

static const nas_pdu *cap(unsigned i)
{
	decoded *d = dec(capture_vectors[i].hex, NAS_DIR_UNKNOWN);
	return &d->pdu;
}

static void pco_ids(const esm_msg *m, nas_dir dir, const uint16_t *want, unsigned n)
{
	const nas_ie *ie = ie_key(m, "protocol_configuration_options");
	nas_pco_iter it;
	nas_pco_item item;
	unsigned k = 0;
	assert_non_null(ie);
	assert_int_equal(nas_pco_begin(&it, ie->v, dir, 0), NAS_OK);
	while (nas_pco_next(&it, &item)) {
		assert_true(k < n);
		assert_int_equal(item.id, want[k]);
		k++;
	}
	assert_int_equal(it.err, NAS_OK);
	assert_int_equal(k, n);
}

/* tshark: Attach request, EPS attach type 2 (combined), GUTI 310/410 32769 1
 * M-TMSI 1; ESM container: PDN connectivity request PTI 4, PDN type IPv4,
 * request type initial, EIT 1, PCO 0x8021 0x000d 0x000a 0x0010. */
static void iphone_attach_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(0);
	static const uint16_t want[] = { 0x8021, 0x000D, 0x000A, 0x0010 };
	assert_true(p->valid);
	assert_int_equal(p->sec_hdr, 1);
	assert_int_equal(p->emm_type, 0x41);
	assert_int_equal(p->n_id, 1);
	assert_int_equal(p->id[0].kind, NAS_ID_GUTI);
	assert_string_equal(p->id[0].plmn, "310410");
	assert_int_equal(p->esm.type, 0xD0);
	assert_int_equal(p->esm.pti, 4);
	assert_int_equal(ie_key(&p->esm, "pdn_type")->half, 1);
	assert_int_equal(ie_key(&p->esm, "request_type")->half, 1);
	assert_int_equal(ie_key(&p->esm, "esm_information_transfer_flag")->half, 1);
	pco_ids(&p->esm, NAS_UPLINK, want, 4);
}

/* tshark: Attach accept, ESM: act default req EBI 5 PTI 4 QCI 9 APN nxtgenphone
 * IPv4 192.168.3.129, PCO IPCP Nak primary DNS 192.168.168.1. */
static void iphone_attach_accept(void **state)
{
	(void)state;
	const nas_pdu *p = cap(1);
	char apn[NAS_APN_MAX];
	nas_pdn_address a;
	assert_true(p->valid);
	assert_int_equal(p->esm.ebi, 5);
	assert_int_equal(p->esm.pti, 4);
	assert_int_equal(ie_key(&p->esm, "eps_qos")->v.p[0], 9);
	nas_decode_apn(ie_key(&p->esm, "access_point_name")->v, apn);
	assert_string_equal(apn, "nxtgenphone");
	nas_decode_pdn_address(ie_key(&p->esm, "pdn_address")->v, &a);
	assert_memory_equal(a.ipv4, "\xc0\xa8\x03\x81", 4);
	char *j = json_of(p);
	assert_contains(j, "\"type\":129,\"type_name\":\"Primary DNS Server IP Address\",\"ipv4\":\"192.168.168.1\"");
	free(j);
}

/* tshark: EBI 6 PTI 5 QCI 5 APN ims, IPv4v6 ::fd00:183:1:1 / 192.168.3.2,
 * PCO 0x8021 (DNS 192.168.168.1), 0x000c 192.168.168.183, 0x0001 fd01::183. */
static void iphone_ims_default(void **state)
{
	(void)state;
	const nas_pdu *p = cap(2);
	static const uint16_t want[] = { 0x8021, 0x000C, 0x0001 };
	assert_true(p->valid);
	assert_int_equal(p->esm.ebi, 6);
	assert_int_equal(p->esm.pti, 5);
	pco_ids(&p->esm, NAS_DOWNLINK, want, 3);
	char *j = json_of(p);
	assert_contains(j, "\"pdn_address\":{\"pdn_type\":3,\"pdn_type_name\":\"IPv4v6\",\"ipv6_interface_id\":\"::fd00:183:1:1\","
	                   "\"ipv4\":\"192.168.3.2\"}");
	assert_contains(j, "\"ipv4\":\"192.168.168.183\"");
	assert_contains(j, "\"ipv6\":\"fd01::183\"");
	free(j);
}

/* tshark: act dedicated EBI 7 PTI 0 LBI 6, QCI 1, MBR/GBR 40 kbps, TFT create,
 * 2 filters: (id 0, DL, prec 1: UDP, local 192.168.101.2, remote 10.4.128.21,
 * local port 50056, remote port 31226), (id 1, UL, prec 2: same). */
static void volte_dedicated(void **state)
{
	(void)state;
	const nas_pdu *p = cap(3);
	nas_eps_qos q;
	nas_tft t;
	assert_true(p->valid);
	assert_int_equal(p->sec_hdr, 2); /* EEA0: decoded */
	assert_int_equal(p->esm.ebi, 7);
	assert_int_equal(ie_key(&p->esm, "linked_eps_bearer_identity")->half, 6);
	nas_decode_eps_qos(ie_key(&p->esm, "eps_qos")->v, &q);
	assert_int_equal(q.qci, 1);
	assert_int_equal(q.mbr_ul, 40);
	assert_int_equal(q.gbr_dl, 40);
	assert_int_equal(nas_decode_tft(ie_key(&p->esm, "traffic_flow_template")->v, &t), NAS_OK);
	assert_int_equal(t.op, 1);
	assert_int_equal(t.n_filters, 2);
	assert_int_equal(t.f[0].direction, 1);
	assert_int_equal(t.f[0].precedence, 1);
	assert_int_equal(t.f[1].id, 1);
	assert_int_equal(t.f[1].direction, 2);
	assert_int_equal(t.f[0].n_comp, 5);
	assert_int_equal(t.f[0].comp[0].v.p[0], 0x11); /* UDP */
	assert_int_equal(t.f[0].comp[3].type, 0x40);
	assert_int_equal(t.f[0].comp[3].v.p[0] << 8 | t.f[0].comp[3].v.p[1], 50056);
	assert_int_equal(t.f[0].comp[4].v.p[0] << 8 | t.f[0].comp[4].v.p[1], 31226);
}

/* tshark: Detach request (uplink), switch off 1, combined EPS/IMSI (3), GUTI. */
static void iphone_detach(void **state)
{
	(void)state;
	const nas_pdu *p = cap(4);
	assert_true(p->valid);
	assert_int_equal(p->detach_type & 7, 3);
	assert_int_equal(p->detach_type >> 3, 1);
	assert_int_equal(p->id[0].mmegi, 32769);
}

/* tshark: KSI 0, sequence number 0, short MAC 0x8fff. */
static void service_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(5);
	assert_true(p->valid);
	assert_true(p->is_service_request);
	assert_int_equal(p->mac, 0x8fff);
}

/* tshark: TAU request, old GUTI 001/01 32769 1 0xc60cc2be, bearer status EBI 5, 6. */
static void qcsuper_tau_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(6);
	assert_true(p->valid);
	assert_int_equal(p->emm_type, 0x48);
	assert_string_equal(p->id[0].role, "old_guti");
	assert_string_equal(p->id[0].plmn, "00101");
	assert_int_equal(p->id[0].m_tmsi, 0xc60cc2be);
	assert_int_equal(p->bearer_ctx_status, 0x60);
}

/* tshark: TAU accept, bearer status EBI 5, 6. */
static void tau_accept(void **state)
{
	(void)state;
	const nas_pdu *p = cap(7);
	assert_true(p->valid);
	assert_int_equal(p->emm_type, 0x49);
	assert_int_equal(p->bearer_ctx_status, 0x60);
}

/* tshark: Attach reject, EMM cause #8. */
static void attach_reject(void **state)
{
	(void)state;
	const nas_pdu *p = cap(8);
	assert_true(p->valid);
	assert_int_equal(p->emm_cause, 8);
}

/* qcsuper UE-side RRC copy: really ciphered; tshark cannot read it either. */
static void ciphered(void **state)
{
	(void)state;
	const nas_pdu *p = cap(9);
	assert_true(p->ciphered);
	assert_false(p->esm.present);
	assert_false(p->is_emm);
	assert_int_equal(p->mac, 0xd948f10f);
	assert_int_equal(p->sqn, 1);
}

/* tshark: PDN connectivity reject PTI 9 cause #27. */
static void pdn_connectivity_reject(void **state)
{
	(void)state;
	const nas_pdu *p = cap(10);
	assert_true(p->valid);
	assert_int_equal(p->esm.pti, 9);
	assert_int_equal(ie_key(&p->esm, "esm_cause")->v.p[0], 27);
}

/* tshark: modify EPS bearer context request EBI 5 PTI 0, TFT create 4 filters,
 * ids 4..7, directions DL/UL/DL/UL, remote ports 20001, 20360, 20002, 20361. */
static void modify_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(11);
	nas_tft t;
	static const unsigned ports[4] = { 20001, 20360, 20002, 20361 };
	assert_true(p->valid);
	assert_int_equal(nas_decode_tft(ie_key(&p->esm, "traffic_flow_template")->v, &t), NAS_OK);
	assert_int_equal(t.n_filters, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(t.f[i].id, 4 + i);
		assert_int_equal(t.f[i].direction, i % 2 ? 2 : 1);
		assert_int_equal(t.f[i].precedence, i + 1);
		assert_int_equal(t.f[i].comp[3].type, 0x50);
		assert_int_equal(t.f[i].comp[3].v.p[0] << 8 | t.f[i].comp[3].v.p[1], ports[i]);
	}
}

/* tshark: deactivate EBI 6 PTI 0 cause 36; PDN disconnect PTI 6 LBI 6. */
static void iphone_teardown(void **state)
{
	(void)state;
	const nas_pdu *p = cap(12);
	assert_true(p->valid);
	assert_int_equal(p->esm.ebi, 6);
	assert_int_equal(ie_key(&p->esm, "esm_cause")->v.p[0], 36);
	p = cap(13);
	assert_true(p->valid);
	assert_int_equal(p->esm.pti, 6);
	assert_int_equal(ie_key(&p->esm, "linked_eps_bearer_identity")->half, 6);
}

/* tshark: ESM information response PTI 1, APN internet, PCO 8021 000a 000d
 * 0005 0011 0010 001a (PDU session ID 5). */
static void esm_information_response(void **state)
{
	(void)state;
	const nas_pdu *p = cap(14);
	static const uint16_t want[] = { 0x8021, 0x000A, 0x000D, 0x0005, 0x0011, 0x0010, 0x001A };
	assert_true(p->valid);
	assert_int_equal(p->dir, NAS_UPLINK);
	pco_ids(&p->esm, NAS_UPLINK, want, 7);
}

/* tshark: EMM status, cause #101. */
static void emm_status(void **state)
{
	(void)state;
	const nas_pdu *p = cap(15);
	assert_true(p->valid);
	assert_int_equal(p->emm_cause, 101);
}

/* tshark: ESM: EBI 5 PTI 70, APN internet, IPv4 192.168.100.6, ESM cause #50,
 * PCO IPCP Ack 8.8.8.8/8.8.4.4 and two 0x000d (8.8.8.8, 8.8.4.4). */
static void open5gs_attach_accept(void **state)
{
	(void)state;
	const nas_pdu *p = cap(16);
	static const uint16_t want[] = { 0x8021, 0x000D, 0x000D };
	assert_true(p->valid);
	assert_int_equal(p->esm.pti, 70);
	assert_int_equal(ie_key(&p->esm, "esm_cause")->v.p[0], 50);
	pco_ids(&p->esm, NAS_DOWNLINK, want, 3);
}

/* tshark: PDN connectivity request PTI 71, IPv4v6, APN ims, PCO 8021 000d 0003
 * 0001 000c 0002 000a 0005 0010 0011. */
static void open5gs_ims_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(17);
	static const uint16_t want[] = { 0x8021, 0x000D, 0x0003, 0x0001, 0x000C, 0x0002, 0x000A, 0x0005, 0x0010, 0x0011 };
	assert_true(p->valid);
	assert_int_equal(p->esm.pti, 71);
	assert_int_equal(ie_key(&p->esm, "pdn_type")->half, 3);
	pco_ids(&p->esm, NAS_UPLINK, want, 10);
}

/* tshark: EBI 6 PTI 71 QCI 5 APN ims IPv4 192.168.101.2, APN-AMBR 3840/1472,
 * cause #50, PCO 8021 000d 000d 0003 0003 0001 000c. */
static void open5gs_ims_default(void **state)
{
	(void)state;
	const nas_pdu *p = cap(18);
	static const uint16_t want[] = { 0x8021, 0x000D, 0x000D, 0x0003, 0x0003, 0x0001, 0x000C };
	nas_ambr a;
	assert_true(p->valid);
	nas_decode_apn_ambr(ie_key(&p->esm, "apn_ambr")->v, &a);
	assert_int_equal(a.dl, 3840);
	assert_int_equal(a.ul, 1472);
	pco_ids(&p->esm, NAS_DOWNLINK, want, 7);
}

/* tshark: Attach request, GUTI 901/55 MME group 1 code 26 M-TMSI 0xcd5d47ec;
 * PDN connectivity request PTI 1, IPv4, initial, EIT 1, PCO 8021 000d 000a
 * 000e 0010, device properties: not low priority (0). */
static void ltesniffer_attach_request(void **state)
{
	(void)state;
	const nas_pdu *p = cap(19);
	static const uint16_t want[] = { 0x8021, 0x000D, 0x000A, 0x000E, 0x0010 };
	assert_true(p->valid);
	assert_int_equal(p->n_diag, 0);
	assert_string_equal(p->id[0].plmn, "90155");
	assert_int_equal(p->id[0].mmegi, 1);
	assert_int_equal(p->id[0].mmec, 26);
	assert_int_equal(p->id[0].m_tmsi, 0xcd5d47ec);
	assert_int_equal(p->esm.pti, 1);
	assert_int_equal(ie_key(&p->esm, "esm_information_transfer_flag")->half, 1);
	assert_int_equal(ie_key(&p->esm, "device_properties")->half, 0);
	pco_ids(&p->esm, NAS_UPLINK, want, 5);
}

/* The NAS-PDUs inside the S1AP PDUs of shared/reference/wireshark-plugin-notes.md
 * section 4 (tshark-verified there: no malformed frame, no error). */
static void plugin_notes_vectors(void **state)
{
	(void)state;
	static const struct {
		const char *hex;
		uint8_t sqn, ebi, pti, type;
		const char *dns;
	} v[] = {
		{ "5201c101090908696e7465726e657405010a000002270880000d0408080808", 0, 5, 1, 0xC1, "8.8.8.8" },
		{ "1711223344015201c101090908696e7465726e657405010a000002270880000d04080808087b000880000d0408080404", 1, 5, 1,
		  0xC1, "8.8.4.4" },
		{ "5201c2", 0, 5, 1, 0xC2, NULL },
		{ "1711223344015201c2", 1, 5, 1, 0xC2, NULL },
		{ "1711223344036200c50501050d21310009100a000001ffffffff", 3, 6, 0, 0xC5, NULL },
		{ "1711223344047200c50501050d21310009100a000001ffffffff", 4, 7, 0, 0xC5, NULL },
		{ "1711223344015202c101090908696e7465726e657405010a000002270880000d0408080808", 1, 5, 2, 0xC1, "8.8.8.8" },
		{ "1711223344015203c101090908696e7465726e657405010a000002270880000d0408080808", 1, 5, 3, 0xC1, "8.8.8.8" },
	};
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		decoded *d = dec(v[i].hex, NAS_DIR_UNKNOWN);
		const nas_pdu *p = &d->pdu;
		assert_true(p->valid);
		assert_int_equal(p->n_diag, 0);
		if (v[i].sqn) {
			assert_int_equal(p->sec_hdr, 1);
			assert_int_equal(p->mac, 0x11223344);
			assert_int_equal(p->sqn, v[i].sqn);
		}
		assert_int_equal(p->esm.ebi, v[i].ebi);
		assert_int_equal(p->esm.pti, v[i].pti);
		assert_int_equal(p->esm.type, v[i].type);
		if (v[i].type == 0xC1) {
			char apn[NAS_APN_MAX];
			nas_decode_apn(ie_key(&p->esm, "access_point_name")->v, apn);
			assert_string_equal(apn, "internet");
			char *j = json_of(p);
			assert_contains(j, "\"eps_qos\":{\"qci\":9}");
			assert_contains(j, "\"ipv4\":\"10.0.0.2\"");
			assert_contains(j, v[i].dns);
			free(j);
		}
		if (v[i].type == 0xC5) {
			nas_tft t;
			assert_int_equal(ie_key(&p->esm, "linked_eps_bearer_identity")->half, 5);
			assert_int_equal(nas_decode_tft(ie_key(&p->esm, "traffic_flow_template")->v, &t), NAS_OK);
			assert_int_equal(t.n_filters, 1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iphone_attach_request),
		cmocka_unit_test(iphone_attach_accept),
		cmocka_unit_test(iphone_ims_default),
		cmocka_unit_test(volte_dedicated),
		cmocka_unit_test(iphone_detach),
		cmocka_unit_test(service_request),
		cmocka_unit_test(qcsuper_tau_request),
		cmocka_unit_test(tau_accept),
		cmocka_unit_test(attach_reject),
		cmocka_unit_test(ciphered),
		cmocka_unit_test(pdn_connectivity_reject),
		cmocka_unit_test(modify_request),
		cmocka_unit_test(iphone_teardown),
		cmocka_unit_test(esm_information_response),
		cmocka_unit_test(emm_status),
		cmocka_unit_test(open5gs_attach_accept),
		cmocka_unit_test(open5gs_ims_request),
		cmocka_unit_test(open5gs_ims_default),
		cmocka_unit_test(ltesniffer_attach_request),
		cmocka_unit_test(plugin_notes_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
