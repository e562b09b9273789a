/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One test per ESM message of TS 24.301 clause 8.3: the spec_vectors of
 * vectors.h decoded, with every value checked against the coding in clause 9
 * (and against tshark 4.0.17's reading of the same bytes, noted where useful).
 */
#include "unit.h"
#include "vectors.h"

static const esm_msg *esm_of(int i, uint8_t type)
{
	decoded *d = dec(spec_vectors[i].hex, NAS_DIR_UNKNOWN);
	if (!d->pdu.valid || d->pdu.n_diag)
		fail_msg("%s: %u diagnostics, first code %u at %u", spec_vectors[i].name, d->pdu.n_diag,
		         d->pdu.n_diag ? d->pdu.diag[0].code : 0, d->pdu.n_diag ? d->pdu.diag[0].offset : 0);
	assert_true(d->pdu.esm.present);
	assert_true(d->pdu.esm.valid);
	assert_int_equal(d->pdu.esm.type, type);
	assert_non_null(d->pdu.esm.def);
	assert_int_equal(d->pdu.esm.def->type, type);
	return &d->pdu.esm;
}

static uint8_t v8(const esm_msg *m, const char *key)
{
	const nas_ie *ie = ie_key(m, key);
	if (!ie)
		fail_msg("IE %s absent", key);
	return ie->v.len ? ie->v.p[0] : ie->half;
}

/* 8.3.6: EBI 5, PTI 1, EPS QoS QCI 9, APN "internet", PDN address IPv4
 * 10.0.0.2, PCO with DNS server IPv4 8.8.8.8 (plugin notes 4, tshark-verified). */
static void act_default_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(0, 0xC1);
	nas_eps_qos q;
	char apn[NAS_APN_MAX];
	nas_pdn_address a;

	assert_int_equal(m->ebi, 5);
	assert_int_equal(m->pti, 1);
	assert_int_equal(nas_decode_eps_qos(ie_key(m, "eps_qos")->v, &q), NAS_OK);
	assert_int_equal(q.qci, 9);
	assert_false(q.has_rates);
	assert_int_equal(nas_decode_apn(ie_key(m, "access_point_name")->v, apn), NAS_OK);
	assert_string_equal(apn, "internet");
	assert_int_equal(nas_decode_pdn_address(ie_key(m, "pdn_address")->v, &a), NAS_OK);
	assert_int_equal(a.type, 1);
	assert_memory_equal(a.ipv4, "\x0a\x00\x00\x02", 4);
	/* IE offsets in the PDU: QoS LV at 3, APN LV at 5, PDN address at 15, PCO TLV at 21 */
	assert_int_equal(ie_key(m, "eps_qos")->off, 3);
	assert_int_equal(ie_key(m, "access_point_name")->off, 5);
	assert_int_equal(ie_key(m, "pdn_address")->off, 15);
	assert_int_equal(ie_key(m, "protocol_configuration_options")->off, 21);
	assert_int_equal(ie_key(m, "protocol_configuration_options")->len, 10);
	assert_null(ie_key(m, "apn_ambr"));
}

static void act_default_accept(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(1, 0xC2);
	nas_pco_iter it;
	nas_pco_item item;

	assert_int_equal(nas_pco_begin(&it, ie_key(m, "protocol_configuration_options")->v, NAS_UPLINK, 5), NAS_OK);
	assert_true(nas_pco_next(&it, &item));
	assert_int_equal(item.id, 0x000D); /* DNS Server IPv4 Address Request, length 0 */
	assert_int_equal(item.v.len, 0);
	assert_int_equal(item.off, 6);
	assert_false(nas_pco_next(&it, &item));
	assert_int_equal(it.err, NAS_OK);
}

static void act_default_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(2, 0xC3), "esm_cause"), 31);
	assert_string_equal(nas_esm_cause_name(31), "Request rejected, unspecified");
}

/* 8.3.3: octet 4 = spare (bits 8-5) | linked EBI (bits 4-1) = 0x05; TFT
 * 0x21 = op 001 (create), E 0, 1 filter; filter 0x31 = direction 11
 * (bidirectional), id 1; precedence 0; length 9; IPv4 remote 10.0.0.1/32. */
static void act_dedicated_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(3, 0xC5);
	nas_tft t;

	assert_int_equal(m->ebi, 6);
	assert_int_equal(m->pti, 0);
	assert_int_equal(ie_key(m, "linked_eps_bearer_identity")->half, 5);
	assert_int_equal(v8(m, "eps_qos"), 5);
	assert_int_equal(nas_decode_tft(ie_key(m, "traffic_flow_template")->v, &t), NAS_OK);
	assert_int_equal(t.op, 1);
	assert_false(t.e_bit);
	assert_int_equal(t.n_filters, 1);
	assert_int_equal(t.f[0].id, 1);
	assert_int_equal(t.f[0].direction, 3);
	assert_int_equal(t.f[0].precedence, 0);
	assert_int_equal(t.f[0].n_comp, 1);
	assert_int_equal(t.f[0].comp[0].type, 0x10);
	assert_memory_equal(t.f[0].comp[0].v.p, "\x0a\x00\x00\x01\xff\xff\xff\xff", 8);
	assert_non_null(esm_find_ie(m, NAS_IE_TFT));
	assert_null(esm_find_ie(m, NAS_IE_APN));
}

static void act_dedicated_accept(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(4, 0xC6);
	assert_int_equal(m->ebi, 6);
	assert_null(ie_key(m, "protocol_configuration_options"));
}

static void act_dedicated_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(5, 0xC7), "esm_cause"), 44);
}

/* 8.3.18 with IEs out of the table's order is still decoded (dispatch on IEI).
 * QoS 0x40 -> 64 kbit/s (64 + (0x40-0x40)*8). TFT op 101 = delete packet
 * filters, id 1. APN-AMBR fe/fe: 8640 kbit/s, ext 0x7f: 16000 + (0x7f-0x4a)*1000
 * = 69000 kbit/s, ext-2 2: + 2*256000 = 581000 kbit/s (tshark: "Total 581 Mbps"). */
static void modify_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(6, 0xC9);
	nas_eps_qos q;
	nas_tft t;
	nas_ambr a;

	assert_int_equal(nas_decode_eps_qos(ie_key(m, "new_eps_qos")->v, &q), NAS_OK);
	assert_int_equal(q.qci, 1);
	assert_true(q.has_rates);
	assert_int_equal(q.mbr_ul, 64);
	assert_int_equal(q.gbr_dl, 64);
	assert_int_equal(nas_decode_tft(ie_key(m, "traffic_flow_template")->v, &t), NAS_OK);
	assert_int_equal(t.op, 5);
	assert_int_equal(t.n_filters, 1);
	assert_int_equal(t.f[0].id, 1);
	assert_int_equal(nas_decode_apn_ambr(ie_key(m, "apn_ambr")->v, &a), NAS_OK);
	assert_int_equal(a.dl, 581000);
	assert_int_equal(a.ul, 581000);
}

static void modify_accept(void **state)
{
	(void)state;
	esm_of(7, 0xCA);
}

static void modify_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(8, 0xCB), "esm_cause"), 37);
}

/* 8.3.12: cause 36; T3396 0x21 = unit 001 (1 hour) value 1 = 3600 s;
 * WLAN offload 0xC3: IEI C, E-UTRAN bit 1 = 1, UTRAN bit 2 = 1. */
static void deactivate_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(9, 0xCD);
	nas_timer t;

	assert_int_equal(v8(m, "esm_cause"), 36);
	assert_int_equal(nas_decode_gprs_timer3(ie_key(m, "t3396_value")->v, &t), NAS_OK);
	assert_false(t.deactivated);
	assert_int_equal(t.seconds, 3600);
	assert_int_equal(ie_key(m, "wlan_offload_indication")->half, 3);
}

static void deactivate_accept(void **state)
{
	(void)state;
	esm_of(10, 0xCE);
}

/* 8.3.20: octet 4 = 0x31: PDN type (bits 8-5) 3 = IPv4v6, request type
 * (bits 4-1) 1 = initial request; 0xD1 = ESM information transfer flag, EIT 1. */
static void pdn_connectivity_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(11, 0xD0);
	char apn[NAS_APN_MAX];
	nas_pco_iter it;
	nas_pco_item item;
	uint16_t ids[4];
	unsigned n = 0;

	assert_int_equal(m->ebi, 0);
	assert_int_equal(ie_key(m, "request_type")->half, 1);
	assert_int_equal(ie_key(m, "pdn_type")->half, 3);
	assert_int_equal(ie_key(m, "esm_information_transfer_flag")->half, 1);
	assert_int_equal(nas_decode_apn(ie_key(m, "access_point_name")->v, apn), NAS_OK);
	assert_string_equal(apn, "internet");
	nas_pco_begin(&it, ie_key(m, "protocol_configuration_options")->v, NAS_UPLINK, 0);
	while (n < 4 && nas_pco_next(&it, &item))
		ids[n++] = item.id;
	assert_int_equal(it.err, NAS_OK);
	assert_int_equal(n, 4);
	assert_int_equal(ids[0], 0x8021);
	assert_int_equal(ids[1], 0x000D);
	assert_int_equal(ids[2], 0x0003);
	assert_int_equal(ids[3], 0x000A);
}

/* 8.3.19: cause 27; back-off 0x21 = 1 h; re-attempt 0x01 = RATC 1, EPLMNC 0. */
static void pdn_connectivity_reject(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(12, 0xD1);
	nas_timer t;

	assert_int_equal(v8(m, "esm_cause"), 27);
	assert_int_equal(nas_decode_gprs_timer3(ie_key(m, "back_off_timer_value")->v, &t), NAS_OK);
	assert_int_equal(t.seconds, 3600);
	assert_int_equal(v8(m, "re_attempt_indicator"), 1);
}

static void pdn_disconnect_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(13, 0xD2);
	assert_int_equal(m->pti, 2);
	assert_int_equal(ie_key(m, "linked_eps_bearer_identity")->half, 5);
}

static void pdn_disconnect_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(14, 0xD3), "esm_cause"), 49);
}

/* 8.3.8: TFAD 0x61 = op 011 (add), 1 filter; 0x20 = uplink only, id 0;
 * components protocol 6 (TCP) and single remote port 0x13c4 = 5060. */
static void bearer_resource_allocation_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(15, 0xD4);
	nas_tft t;
	nas_eps_qos q;

	assert_int_equal(nas_decode_tft(ie_key(m, "traffic_flow_aggregate")->v, &t), NAS_OK);
	assert_int_equal(t.op, 3);
	assert_int_equal(t.f[0].direction, 2);
	assert_int_equal(t.f[0].n_comp, 2);
	assert_int_equal(t.f[0].comp[0].type, 0x30);
	assert_int_equal(t.f[0].comp[0].v.p[0], 6);
	assert_int_equal(t.f[0].comp[1].type, 0x50);
	assert_int_equal(t.f[0].comp[1].v.p[0] << 8 | t.f[0].comp[1].v.p[1], 5060);
	assert_int_equal(nas_decode_eps_qos(ie_key(m, "required_traffic_flow_qos")->v, &q), NAS_OK);
	assert_int_equal(q.qci, 1);
}

static void bearer_resource_allocation_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(16, 0xD5), "esm_cause"), 43);
}

/* 8.3.10: TFAD 0x40 = op 010 (delete existing TFT), no filters; ESM cause TV 0x58 36. */
static void bearer_resource_modification_request(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(17, 0xD6);
	nas_tft t;

	assert_int_equal(ie_key(m, "eps_bearer_identity_for_packet_filter")->half, 5);
	assert_int_equal(nas_decode_tft(ie_key(m, "traffic_flow_aggregate")->v, &t), NAS_OK);
	assert_int_equal(t.op, 2);
	assert_int_equal(t.n_filters, 0);
	assert_int_equal(v8(m, "esm_cause"), 36);
}

static void bearer_resource_modification_reject(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(18, 0xD7), "esm_cause"), 45);
}

static void esm_information_request(void **state)
{
	(void)state;
	assert_int_equal(esm_of(19, 0xD9)->pti, 5);
}

static void esm_information_response(void **state)
{
	(void)state;
	char apn[NAS_APN_MAX];
	assert_int_equal(nas_decode_apn(ie_key(esm_of(20, 0xDA), "access_point_name")->v, apn), NAS_OK);
	assert_string_equal(apn, "ims");
}

static void notification(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(21, 0xDB), "notification_indicator"), 1);
}

static void esm_dummy(void **state)
{
	(void)state;
	esm_of(22, 0xDC);
}

static void esm_status(void **state)
{
	(void)state;
	assert_int_equal(v8(esm_of(23, 0xE8), "esm_cause"), 81);
}

/* 8.3.23: remote UE context list (TLV-E 0x79, length 1, 0 contexts); PKMF
 * address type 1 IPv4 192.168.0.1. */
static void remote_ue_report(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(24, 0xE9);
	assert_int_equal(ie_key(m, "remote_ue_context_connected")->v.len, 1);
	assert_int_equal(ie_key(m, "prose_key_management_function_address")->v.len, 5);
}

static void remote_ue_report_response(void **state)
{
	(void)state;
	esm_of(25, 0xEA);
}

/* 8.3.25: user data container LV-E length 4; release assistance 0xF1: DDX 1. */
static void esm_data_transport(void **state)
{
	(void)state;
	const esm_msg *m = esm_of(26, 0xEB);
	assert_int_equal(ie_key(m, "user_data_container")->v.len, 4);
	assert_int_equal(ie_key(m, "release_assistance_indication")->half, 1);
}

/* 8.3.6 with all 19 rows of its table present (tshark 4.0.17 decodes the same
 * bytes without an error): every typed IE reaches the JSON with its value. */
static void act_default_request_every_ie(void **state)
{
	(void)state;
	decoded *d = dec("5201c1 0109 0908696e7465726e6574 05010a000002"
	                 "5d0180"                         /* TI: flag 1, value 0 */
	                 "300c0b921f7396fefe742bffff00"   /* negotiated QoS (opaque) */
	                 "3203"                           /* LLC SAPI 3 */
	                 "81"                             /* radio priority 1 */
	                 "340108"                         /* PFI 8: dynamically assigned */
	                 "5e02fefe"                       /* APN-AMBR 8640/8640 */
	                 "5832"                           /* ESM cause #50 */
	                 "2708 80000d0408080808"          /* PCO: DNS 8.8.8.8 */
	                 "b1"                             /* connectivity type: LIPA */
	                 "c1"                             /* WLAN offload: E-UTRAN only */
	                 "3303010101"                     /* NBIFOM: mode UE-initiated */
	                 "6603050010"                     /* ROHC 0x0002+0x0004, MAX_CID 16 */
	                 "91"                             /* control plane only */
	                 "7b0008 80000d0408080404"        /* ePCO: DNS 8.8.4.4 */
	                 "6e02ffff"                       /* serving PLMN rate: not restricted */
	                 "5f06030001040002",              /* ext APN-AMBR 4 / 32 Mbit/s */
	                 NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.n_diag, 0);
	for (unsigned j = 0; j < d->pdu.esm.def->n_ies; j++)
		assert_non_null(d->pdu.esm.ie[j].def);
	char *j = json_of(&d->pdu);
	assert_true(json_valid(j));
	assert_contains(j, "\"transaction_identifier\":{\"ti_flag\":1,\"ti_value\":0}");
	assert_contains(j, "\"negotiated_qos\":\"0b921f7396fefe742bffff00\"");
	assert_contains(j, "\"negotiated_llc_sapi\":3");
	assert_contains(j, "\"radio_priority\":1");
	assert_contains(j, "\"packet_flow_identifier\":8");
	assert_contains(j, "\"apn_ambr\":{\"dl_kbps\":8640,\"ul_kbps\":8640}");
	assert_contains(j, "\"esm_cause\":50");
	assert_contains(j, "\"connectivity_type\":1,\"connectivity_type_name\":\"LIPA PDN connection\"");
	assert_contains(j, "\"wlan_offload_indication\":{\"e_utran\":1,\"utran\":0}");
	assert_contains(j, "\"nbifom_container\":\"010101\"");
	assert_contains(j, "\"header_compression_configuration\":{\"rohc_profiles\":5,\"max_cid\":16}");
	assert_contains(j, "\"control_plane_only_indication\":1");
	assert_contains(j, "\"extended_protocol_configuration_options\":{");
	assert_contains(j, "\"ipv4\":\"8.8.4.4\"");
	assert_contains(j, "\"serving_plmn_rate_control\":65535,\"serving_plmn_rate_control_name\":\"not restricted\"");
	assert_contains(j, "\"extended_apn_ambr\":{\"dl_kbps\":4000,\"ul_kbps\":32000}");
	free(j);
}

/* Every ESM message type of table 9.8.2 has a table, and only those. */
static void message_type_table(void **state)
{
	(void)state;
	static const uint8_t assigned[] = { 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xD0, 0xD1, 0xD2,
	                                    0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD9, 0xDA, 0xDB, 0xDC, 0xE8, 0xE9, 0xEA, 0xEB };
	unsigned n = 0;
	for (unsigned t = 0; t < 256; t++) {
		bool want = memchr(assigned, (int)t, sizeof(assigned)) != NULL;
		const nas_msg_def *d = nas_esm_msg_def((uint8_t)t);
		assert_int_equal(d != NULL, want);
		if (d) {
			n++;
			assert_int_equal(d->type, t);
			/* the IE array of esm_msg is big enough for every table */
			assert_true(d->n_ies <= NAS_MAX_IES);
		}
	}
	assert_int_equal(n, 27);
	assert_string_equal(nas_esm_msg_name(0xC1), "ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST");
	assert_string_equal(nas_esm_msg_name(0xC4), "Unknown");
	assert_int_equal(nas_esm_msg_def(0xC1)->dir, NAS_DOWNLINK);
	assert_int_equal(nas_esm_msg_def(0xD0)->dir, NAS_UPLINK);
	assert_int_equal(nas_esm_msg_def(0xE8)->dir, NAS_DIR_UNKNOWN);
	assert_string_equal(nas_emm_msg_name(0x41), "ATTACH REQUEST");
	assert_int_equal(nas_emm_msg_def_dir(0x45, NAS_DOWNLINK)->dir, NAS_DOWNLINK);
	assert_int_equal(nas_emm_msg_def_dir(0x45, NAS_UPLINK)->dir, NAS_UPLINK);
}

/* Table rows: lengths consistent with the format, type 1 IEIs are nibbles,
 * mandatory rows come first and have no IEI, keys are snake_case. */
static void table_rows_are_consistent(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const nas_msg_def *defs[2] = { nas_esm_msg_def((uint8_t)t), nas_emm_msg_def((uint8_t)t) };
		for (unsigned k = 0; k < 2; k++) {
			const nas_msg_def *d = defs[k];
			bool optional_seen = false;
			if (!d)
				continue;
			for (unsigned i = 0; i < d->n_ies; i++) {
				const nas_ie_def *r = &d->ies[i];
				if (r->pres == NAS_PRES_M) {
					assert_false(optional_seen);
					assert_int_equal(r->iei, 0);
				} else {
					optional_seen = true;
					assert_int_not_equal(r->iei, 0);
				}
				if (r->fmt == NAS_FMT_TV_HALF) {
					assert_int_equal(r->iei & 0x0F, 0);
					assert_true(r->iei >= 0x80); /* nas_row_key relies on it */
				} else {
					assert_true(r->iei < 0x80);
				}
				if (r->max_len)
					assert_true(r->min_len <= r->max_len);
				for (const char *c = r->key; *c; c++)
					assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_');
				for (unsigned j = 0; j < i; j++) /* no IEI twice in a table */
					if (r->iei && d->ies[j].iei == r->iei)
						fail_msg("%s: IEI 0x%02x twice", d->name, r->iei);
			}
		}
	}
}

/* The parser's index (nas_msg_index_of) against the tables themselves: for
 * every table, both directions of DETACH included, and every first octet, the
 * row it names is the row a scan of the table finds (a type 1 IEI by bits
 * 8-5, 24.007 11.2.4), or -1 when no optional row has it; the row masks hold
 * exactly the rows of their IE types. A table from elsewhere gets nothing. */
static void optional_row_index_matches_tables(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const nas_msg_def *defs[3] = { nas_esm_msg_def((uint8_t)t), nas_emm_msg_def_dir((uint8_t)t, NAS_UPLINK),
		                               nas_emm_msg_def_dir((uint8_t)t, NAS_DOWNLINK) };
		for (unsigned k = 0; k < 3; k++) {
			const nas_msg_def *d = defs[k];
			if (!d)
				continue;
			const nas_msg_index *x = nas_msg_index_of(d);
			assert_true(d->n_ies <= 64); /* rows are bits of 64-bit masks */
			for (unsigned i = 0; i < d->n_ies; i++) {
				assert_int_equal(x->rows_checked >> i & 1, NAS_IE_TYPES_CHECKED >> d->ies[i].type & 1);
				assert_int_equal(x->rows_emm_read >> i & 1, NAS_IE_TYPES_EMM_READ >> d->ies[i].type & 1);
			}
			assert_int_equal(x->rows_checked >> d->n_ies, 0);
			assert_int_equal(x->rows_emm_read >> d->n_ies, 0);
			for (unsigned o = 0; o < 256; o++) {
				uint8_t key = o >= 0x80 ? (uint8_t)(o & 0xF0) : (uint8_t)o;
				int want = -1;
				for (unsigned i = 0; i < d->n_ies && want < 0; i++)
					if (d->ies[i].iei != 0 && d->ies[i].iei == key)
						want = (int)i;
				if (nas_row_of(x, (uint8_t)o) != want)
					fail_msg("%s: octet 0x%02x names row %d, the table says %d", d->name, o,
					         nas_row_of(x, (uint8_t)o), want);
			}
		}
	}
	static const nas_ie_def foreign_rows[] = { { 0x27, NAS_FMT_TLV, NAS_PRES_O, NAS_IE_PCO, 3, 253, "PCO", "pco", "9.9.4.11" } };
	static const nas_msg_def foreign = { 0xC1, NAS_DOWNLINK, "copy", "8.3.6", foreign_rows, 1 };
	assert_int_equal(nas_row_of(nas_msg_index_of(&foreign), 0x27), -1);
	assert_int_equal(nas_msg_index_of(&foreign)->rows_checked, 0);
}

/* nas.c skips nas_ie_check for IE types whose check is a length check only,
 * relying on the table's range: for every such row, the check accepts exactly
 * the value lengths the row allows. */
static void table_ranges_cover_length_checks(void **state)
{
	(void)state;
	static const uint8_t length_only[] = {
		NAS_IE_GPRS_TIMER, NAS_IE_GPRS_TIMER2, NAS_IE_GPRS_TIMER3, NAS_IE_ESM_CAUSE, NAS_IE_EMM_CAUSE,
		NAS_IE_NOTIFICATION_IND, NAS_IE_REATTEMPT_IND, NAS_IE_LLC_SAPI, NAS_IE_PFI, NAS_IE_TI,
		NAS_IE_SERVING_PLMN_RATE, NAS_IE_BEARER_CTX_STATUS, NAS_IE_EXT_APN_AMBR, NAS_IE_EXT_EPS_QOS,
		NAS_IE_HDR_COMPRESSION,
	};
	static const uint8_t zeros[300];
	unsigned rows = 0;
	for (unsigned t = 0; t < 256; t++) {
		const nas_msg_def *defs[3] = { nas_esm_msg_def((uint8_t)t), nas_emm_msg_def_dir((uint8_t)t, NAS_UPLINK),
		                               nas_emm_msg_def_dir((uint8_t)t, NAS_DOWNLINK) };
		for (unsigned k = 0; k < 3; k++) {
			const nas_msg_def *d = defs[k];
			for (unsigned i = 0; d && i < d->n_ies; i++) {
				const nas_ie_def *r = &d->ies[i];
				if (!memchr(length_only, r->type, sizeof(length_only)))
					continue;
				unsigned hdr = r->fmt == NAS_FMT_V ? 0 : r->fmt == NAS_FMT_LV || r->fmt == NAS_FMT_TV ? 1 :
				               r->fmt == NAS_FMT_TLV ? 2 : 3;
				unsigned lo = r->min_len - hdr, hi = r->max_len - hdr;
				assert_true(r->max_len != 0 && hi < sizeof(zeros));
				/* a 1-octet length cannot say more than 255 */
				unsigned top = (r->fmt == NAS_FMT_LV || r->fmt == NAS_FMT_TLV) && hi + 1 > 255 ? 255 : hi + 1;
				for (unsigned n = 0; n <= top; n++) {
					int rc = nas_ie_check(r->type, (nas_bytes){ zeros, n }, NAS_DOWNLINK, NULL);
					if ((rc == NAS_OK) != (n >= lo && n <= hi))
						fail_msg("%s / %s: length %u: check %d, row range %u-%u", d->name, r->name, n, rc, lo, hi);
				}
				rows++;
			}
		}
	}
	assert_true(rows > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(act_default_request),
		cmocka_unit_test(act_default_request_every_ie),
		cmocka_unit_test(act_default_accept),
		cmocka_unit_test(act_default_reject),
		cmocka_unit_test(act_dedicated_request),
		cmocka_unit_test(act_dedicated_accept),
		cmocka_unit_test(act_dedicated_reject),
		cmocka_unit_test(modify_request),
		cmocka_unit_test(modify_accept),
		cmocka_unit_test(modify_reject),
		cmocka_unit_test(deactivate_request),
		cmocka_unit_test(deactivate_accept),
		cmocka_unit_test(pdn_connectivity_request),
		cmocka_unit_test(pdn_connectivity_reject),
		cmocka_unit_test(pdn_disconnect_request),
		cmocka_unit_test(pdn_disconnect_reject),
		cmocka_unit_test(bearer_resource_allocation_request),
		cmocka_unit_test(bearer_resource_allocation_reject),
		cmocka_unit_test(bearer_resource_modification_request),
		cmocka_unit_test(bearer_resource_modification_reject),
		cmocka_unit_test(esm_information_request),
		cmocka_unit_test(esm_information_response),
		cmocka_unit_test(notification),
		cmocka_unit_test(esm_dummy),
		cmocka_unit_test(esm_status),
		cmocka_unit_test(remote_ue_report),
		cmocka_unit_test(remote_ue_report_response),
		cmocka_unit_test(esm_data_transport),
		cmocka_unit_test(message_type_table),
		cmocka_unit_test(table_rows_are_consistent),
		cmocka_unit_test(optional_row_index_matches_tables),
		cmocka_unit_test(table_ranges_cover_length_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
