/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: plugin symbols, the "esm" protocol, its fields,
 * expert infos and preferences. Field names are the project's shared
 * vocabulary (esm.proc, esm.mme_state_before, esm.finding ...).
 */
#include "esm_plugin.h"

#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/uat.h>

#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "0.0.0"
#endif

/* The symbols wsutil/plugins.c looks up (doc/README.plugins; plugin_describe from 4.2 on). */
WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register(void);
#ifdef ESM_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

int proto_esm = -1;
int esm_tap = -1;

int hf_esm_ue = -1, hf_esm_msg_type = -1, hf_esm_ebi = -1, hf_esm_pti = -1, hf_esm_proc = -1;
int hf_esm_mme_state_before = -1, hf_esm_mme_state_after = -1;
int hf_esm_ue_state_before = -1, hf_esm_ue_state_after = -1;
int hf_esm_response_in = -1, hf_esm_response_to = -1, hf_esm_response_time = -1;
int hf_esm_retrans_count = -1, hf_esm_retrans_of = -1, hf_esm_timer = -1, hf_esm_timer_expiries = -1;
int hf_esm_finding = -1, hf_esm_finding_severity = -1, hf_esm_finding_clause = -1;
int hf_esm_finding_text = -1, hf_esm_finding_related = -1;
int hf_esm_cause = -1, hf_esm_apn = -1, hf_esm_pdn_ipv4 = -1, hf_esm_qci = -1, hf_esm_lbi = -1;
int hf_esm_pco_id = -1, hf_esm_t3396 = -1;
int hf_esm_ciphered = -1, hf_esm_source = -1, hf_esm_dir = -1, hf_esm_s1ap_proc = -1, hf_esm_dir_source = -1;
int hf_esm_imsi = -1, hf_esm_guti = -1;
int hf_esm_mme_ue_id = -1, hf_esm_enb_ue_id = -1, hf_esm_erab_id = -1, hf_esm_nas_index = -1;
int hf_esm_duplicate = -1, hf_esm_emm_type = -1, hf_esm_sec_hdr = -1;
int hf_esm_integrity = -1, hf_esm_integrity_count = -1, hf_esm_integrity_alg = -1, hf_esm_integrity_reason = -1;
int hf_esm_deciphered = -1;
int hf_esm_node = -1, hf_esm_uint = -1, hf_esm_str = -1, hf_esm_bytes = -1, hf_esm_diag = -1;

int ett_esm = -1, ett_esm_decode = -1, ett_esm_node = -1, ett_esm_track = -1, ett_esm_finding = -1;
int ett_esm_integrity = -1;

expert_field ei_esm_finding[TRACK_F__COUNT];
expert_field ei_esm_decode_error = EI_INIT;
expert_field ei_esm_decode_warn = EI_INIT;
expert_field ei_esm_findings_dropped = EI_INIT;
expert_field ei_esm_capped = EI_INIT;

esm_prefs_t esm_prefs;

/* Value names come from the core, so the plugin keeps no tables of its own. */
static void fmt_esm_msg(gchar *s, guint32 v) { snprintf(s, ITEM_LABEL_LENGTH, "%s (0x%02x)", nas_esm_msg_name((uint8_t)v), v); }
static void fmt_emm_msg(gchar *s, guint32 v) { snprintf(s, ITEM_LABEL_LENGTH, "%s (0x%02x)", nas_emm_msg_name((uint8_t)v), v); }
static void fmt_esm_cause(gchar *s, guint32 v) { snprintf(s, ITEM_LABEL_LENGTH, "%s (%u)", nas_esm_cause_name((uint8_t)v), v); }
static void fmt_sec_hdr(gchar *s, guint32 v) { snprintf(s, ITEM_LABEL_LENGTH, "%s (%u)", nas_sec_hdr_name((uint8_t)v), v); }

static const value_string source_vals[] = {
	{ ESM_SRC_S1AP, "S1AP NAS-PDU" },
	{ ESM_SRC_RRC, "LTE RRC dedicatedInfoNAS" },
	{ ESM_SRC_GSMTAP, "GSMTAP LTE NAS (modem copy)" },
	{ 0, NULL }
};

/* Flags are 1 when present, FT_UINT8 rather than FT_BOOLEAN so that tshark -T fields
 * writes them alike on every Wireshark version (esm_compat.h). */
static const value_string flag_vals[] = {
	{ 0, "No" },
	{ 1, "Yes" },
	{ 0, NULL }
};

static const value_string dir_vals[] = {
	{ NAS_DIR_UNKNOWN, "unknown" },
	{ NAS_UPLINK, "uplink (UE to network)" },
	{ NAS_DOWNLINK, "downlink (network to UE)" },
	{ 0, NULL }
};

/* Wireshark's expert group for each finding code (doc/README.dissector:
 * PI_SEQUENCE for resends and timers, PI_RESPONSE_CODE for rejects, PI_PROTOCOL
 * for violations and conflicts, PI_MALFORMED for bad input). The severity is
 * the tracker's fixed severity for the code (track_code_severity). */
static int finding_group(uint8_t code)
{
	switch (code) {
	case TRACK_F_RETRANSMISSION:
	case TRACK_F_TIMER_EXPIRY:
	case TRACK_F_PREMATURE_RETRANSMISSION:
	case TRACK_F_LATE_RETRANSMISSION:
	case TRACK_F_EXCESS_RETRANSMISSIONS:
	case TRACK_F_PROCEDURE_ABORTED:
	case TRACK_F_PENDING_AT_END:
	case TRACK_F_RETRANSMISSION_AFTER_RESPONSE:
	case TRACK_F_NAS_NON_DELIVERY:
	case TRACK_F_LOCAL_DEACTIVATION:
		return PI_SEQUENCE;
	case TRACK_F_REJECT:
		return PI_RESPONSE_CODE;
	case TRACK_F_MALFORMED:
		return PI_MALFORMED;
	case TRACK_F_CIPHERED:
		return PI_UNDECODED;
	case TRACK_F_INTEGRITY_FAILURE:
		return PI_SECURITY;
	default:
		return PI_PROTOCOL;
	}
}

static int severity_to_pi(uint8_t sev)
{
	switch (sev) {
	case TRACK_SEV_CHAT: return PI_CHAT;
	case TRACK_SEV_NOTE: return PI_NOTE;
	case TRACK_SEV_WARN: return PI_WARN;
	default: return PI_ERROR;
	}
}

/* ------------------------------------------------- the esm_nas_keys table */

/* Columns imsi, k, opc; saved in the profile as the file esm_nas_keys, in the
 * format `esmtrace --keys` reads: "IMSI","K","OPc" per line. */
static esm_key_row *key_rows;
static unsigned n_key_rows;

UAT_CSTRING_CB_DEF(esm_keys, imsi, esm_key_row)
UAT_CSTRING_CB_DEF(esm_keys, k, esm_key_row)
UAT_CSTRING_CB_DEF(esm_keys, opc, esm_key_row)

static void *key_copy(void *dst, const void *src, size_t len _U_)
{
	esm_key_row *d = dst;
	const esm_key_row *s = src;
	d->imsi = g_strdup(s->imsi);
	d->k = g_strdup(s->k);
	d->opc = g_strdup(s->opc);
	return d;
}

/* A row is checked by the core's own rule (track_keys_add): a malformed one is
 * refused with the reason, Wireshark names the row. */
static esm_uat_bool key_update(void *rec, char **err)
{
	const esm_key_row *r = rec;
	char why[256];
	track_keys *tmp = track_keys_new();
	bool ok = track_keys_add(tmp, r->imsi ? r->imsi : "", r->k ? r->k : "", r->opc ? r->opc : "", why, sizeof why);
	track_keys_free(tmp);
	if (!ok)
		*err = g_strdup(why);
	return ok;
}

static void key_free(void *rec)
{
	esm_key_row *r = rec;
	g_free(r->imsi);
	g_free(r->k);
	g_free(r->opc);
}

const esm_key_row *esm_key_rows(unsigned *n)
{
	*n = n_key_rows;
	return key_rows;
}

static void register_keys(module_t *m)
{
	static uat_field_t fields[] = {
		UAT_FLD_CSTRING(esm_keys, imsi, "IMSI", "The subscriber's IMSI, 6 to 15 digits"),
		UAT_FLD_CSTRING(esm_keys, k, "K", "The subscriber key K, 32 hex digits"),
		UAT_FLD_CSTRING(esm_keys, opc, "OPc", "OPc, 32 hex digits (from OP: esmtrace opc K OP)"),
		UAT_END_FIELDS
	};
	uat_t *u = uat_new("NAS security keys", sizeof(esm_key_row), "esm_nas_keys", TRUE, &key_rows, &n_key_rows,
		UAT_AFFECTS_DISSECTION, NULL, key_copy, key_update, key_free, NULL, NULL, fields);
	prefs_register_uat_preference(m, "nas_keys", "NAS security keys (IMSI, K, OPc)",
		"With a subscriber's keys, every NAS MAC of the UE is checked and EEA1-3 ciphered NAS is "
		"deciphered, from the AKA and SECURITY MODE COMMAND in the capture (TS 24.301 4.4, TS 33.401)", u);
}

static void register_prefs(void)
{
	track_config def;
	track_config_default(&def);
	module_t *m = prefs_register_protocol(proto_esm, NULL);
	static char names[TRACK_TIMER__COUNT][8], titles[TRACK_TIMER__COUNT][32];
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		const char *n = track_timer_name((uint8_t)i);
		esm_prefs.timer_s[i] = (guint)(def.timer_s[i] + 0.5);
		/* "t3485": -o esm.t3485:16 */
		g_strlcpy(names[i], n, sizeof names[i]);
		names[i][0] = 't';
		snprintf(titles[i], sizeof titles[i], "%s (seconds)", n);
		prefs_register_uint_preference(m, names[i], titles[i],
			"Timer value used to judge resend intervals and infer expiries "
			"(TS 24.301 tables 10.3.1 and 10.3.2)", 10, &esm_prefs.timer_s[i]);
	}
	esm_prefs.abort_expiries = def.abort_expiries[TRACK_T3485];
	esm_prefs.abort_expiries_t3489 = def.abort_expiries[TRACK_T3489];
	prefs_register_uint_preference(m, "abort_expiries", "Expiry that aborts a procedure",
		"A procedure is aborted on this expiry of its timer (5 in TS 24.301 6.4 and 6.5)",
		10, &esm_prefs.abort_expiries);
	prefs_register_uint_preference(m, "abort_expiries_t3489", "Expiry of T3489 that aborts ESM information",
		"The ESM information request procedure is aborted on this expiry (3 in TS 24.301 6.6.1.2.6)",
		10, &esm_prefs.abort_expiries_t3489);
	esm_prefs.tolerance_ms = (guint)(def.tolerance_s * 1000 + 0.5);
	prefs_register_uint_preference(m, "tolerance_ms", "Resend interval tolerance (ms)",
		"Slack when judging a resend interval against k times the timer value",
		10, &esm_prefs.tolerance_ms);
	esm_prefs.assume_eea0 = def.assume_eea0;
	prefs_register_bool_preference(m, "assume_eea0", "Assume null ciphering (EEA0)",
		"Analyse security-protected NAS whose inner bytes decode cleanly; "
		"otherwise such messages are reported as ciphered and change no state",
		&esm_prefs.assume_eea0);
	esm_prefs.check_ip_conflicts = def.check_ip_conflicts;
	prefs_register_bool_preference(m, "check_ip_conflicts", "Check PDN address conflicts",
		"Report an IPv4 address handed to a second UE while the first still holds it",
		&esm_prefs.check_ip_conflicts);
	esm_prefs.ue_side = true;
	prefs_register_bool_preference(m, "ue_side", "Analyse UE-side NAS (LTE RRC, GSMTAP)",
		"Also analyse NAS found in LTE RRC dedicatedInfoNAS and in GSMTAP LTE NAS "
		"(one UE per capture); S1AP NAS-PDUs are always analysed",
		&esm_prefs.ue_side);
	register_keys(m);
}

static void proto_register_esm(void)
{
	static hf_register_info hf[] = {
		/* The tracker's view. */
		{ &hf_esm_ue, { "UE", "esm.ue", FT_UINT32, BASE_DEC, NULL, 0,
			"UE number, 1, 2, 3... in order of first appearance in the capture", HFILL } },
		{ &hf_esm_imsi, { "IMSI", "esm.imsi", FT_STRING, BASE_NONE, NULL, 0,
			"The UE's IMSI, as the capture has shown it by this message (ATTACH REQUEST, IDENTITY "
			"RESPONSE): the same subscriber across S1AP ids and UE numbers", HFILL } },
		{ &hf_esm_guti, { "GUTI", "esm.guti", FT_STRING, BASE_NONE, NULL, 0,
			"The UE's latest GUTI by this message (TS 23.003 2.8): MCC and MNC digits, MME group id, "
			"MME code and M-TMSI in hex, e.g. 00101-8001-01-c0000002", HFILL } },
		{ &hf_esm_msg_type, { "ESM message type", "esm.msg_type", FT_UINT8, BASE_CUSTOM, CF_FUNC(fmt_esm_msg), 0,
			"TS 24.301 table 9.8.2", HFILL } },
		{ &hf_esm_ebi, { "EPS bearer identity", "esm.ebi", FT_UINT8, BASE_DEC, NULL, 0, "TS 24.301 9.3.2", HFILL } },
		{ &hf_esm_pti, { "Procedure transaction identity", "esm.pti", FT_UINT8, BASE_DEC, NULL, 0,
			"TS 24.301 9.4", HFILL } },
		{ &hf_esm_proc, { "Procedure", "esm.proc", FT_STRING, BASE_NONE, NULL, 0,
			"ESM procedure (TS 24.301 6.4-6.7), e.g. dedicated-bearer-activation", HFILL } },
		{ &hf_esm_mme_state_before, { "MME bearer state before", "esm.mme_state_before", FT_STRING, BASE_NONE,
			NULL, 0, "BEARER CONTEXT state in the MME (TS 24.301 6.1.3.3)", HFILL } },
		{ &hf_esm_mme_state_after, { "MME bearer state after", "esm.mme_state_after", FT_STRING, BASE_NONE,
			NULL, 0, "BEARER CONTEXT state in the MME (TS 24.301 6.1.3.3)", HFILL } },
		{ &hf_esm_ue_state_before, { "UE bearer state before", "esm.ue_state_before", FT_STRING, BASE_NONE,
			NULL, 0, "BEARER CONTEXT state in the UE (TS 24.301 6.1.3.2)", HFILL } },
		{ &hf_esm_ue_state_after, { "UE bearer state after", "esm.ue_state_after", FT_STRING, BASE_NONE,
			NULL, 0, "BEARER CONTEXT state in the UE (TS 24.301 6.1.3.2)", HFILL } },
		{ &hf_esm_response_in, { "Response in", "esm.response_in", FT_FRAMENUM, BASE_NONE,
			FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The frame that answers this request", HFILL } },
		{ &hf_esm_response_to, { "Response to", "esm.response_to", FT_FRAMENUM, BASE_NONE,
			FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The request this message answers (PTI or EBI pairing)", HFILL } },
		{ &hf_esm_response_time, { "Response time", "esm.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
			"Time since the request was first sent", HFILL } },
		{ &hf_esm_retrans_count, { "Retransmission", "esm.retrans_count", FT_UINT8, BASE_DEC, NULL, 0,
			"n on the n-th resend of a request, 0 on the original", HFILL } },
		{ &hf_esm_retrans_of, { "Retransmission of", "esm.retrans_of", FT_FRAMENUM, BASE_NONE,
			FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0, "The original request", HFILL } },
		{ &hf_esm_timer, { "Timer", "esm.timer", FT_STRING, BASE_NONE, NULL, 0,
			"Timer this message starts or restarts (TS 24.301 tables 10.3.1, 10.3.2)", HFILL } },
		{ &hf_esm_timer_expiries, { "Timer expiries", "esm.timer_expiries", FT_UINT8, BASE_DEC, NULL, 0,
			"Expiries of the timer implied so far", HFILL } },
		{ &hf_esm_finding, { "Finding", "esm.finding", FT_STRING, BASE_NONE, NULL, 0,
			"Finding code (one occurrence per finding)", HFILL } },
		{ &hf_esm_finding_severity, { "Severity", "esm.finding.severity", FT_STRING, BASE_NONE, NULL, 0,
			NULL, HFILL } },
		{ &hf_esm_finding_clause, { "Clause", "esm.finding.clause", FT_STRING, BASE_NONE, NULL, 0,
			"TS 24.301 clause behind the finding", HFILL } },
		{ &hf_esm_finding_text, { "Text", "esm.finding.text", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_esm_finding_related, { "Related frame", "esm.finding.related", FT_FRAMENUM, BASE_NONE, NULL, 0,
			NULL, HFILL } },
		/* Values of the decoded message. */
		{ &hf_esm_cause, { "ESM cause", "esm.cause", FT_UINT8, BASE_CUSTOM, CF_FUNC(fmt_esm_cause), 0,
			"TS 24.301 9.9.4.4", HFILL } },
		{ &hf_esm_apn, { "APN", "esm.apn", FT_STRING, BASE_NONE, NULL, 0, "TS 24.301 9.9.4.1", HFILL } },
		{ &hf_esm_pdn_ipv4, { "PDN IPv4 address", "esm.pdn_ipv4", FT_IPv4, BASE_NONE, NULL, 0,
			"TS 24.301 9.9.4.9", HFILL } },
		{ &hf_esm_qci, { "QCI", "esm.qci", FT_UINT8, BASE_DEC, NULL, 0, "TS 24.301 9.9.4.3", HFILL } },
		{ &hf_esm_lbi, { "Linked EPS bearer identity", "esm.lbi", FT_UINT8, BASE_DEC, NULL, 0,
			"TS 24.301 9.9.4.6", HFILL } },
		{ &hf_esm_pco_id, { "PCO container", "esm.pco_id", FT_UINT16, BASE_HEX, NULL, 0,
			"Protocol or container ID in PCO/ePCO (TS 24.008 10.5.6.3)", HFILL } },
		{ &hf_esm_t3396, { "T3396 back-off", "esm.t3396", FT_UINT32, BASE_DEC|BASE_UNIT_STRING, &units_seconds, 0,
			"Back-off timer value (TS 24.301 9.9.3.16B); 4294967295 = deactivated", HFILL } },
		{ &hf_esm_ciphered, { "Ciphered", "esm.ciphered", FT_UINT8, BASE_DEC, VALS(flag_vals), 0,
			"Security-protected and the inner message is not readable: not analysed", HFILL } },
		/* NAS security with the subscribers' keys (the esm_nas_keys table). */
		{ &hf_esm_integrity, { "NAS integrity", "esm.integrity", FT_STRING, BASE_NONE, NULL, 0,
			"The NAS MAC checked with the UE's security context: ok, failed or unchecked (TS 24.301 4.4.4)",
			HFILL } },
		{ &hf_esm_integrity_count, { "NAS COUNT", "esm.integrity.count", FT_UINT32, BASE_DEC, NULL, 0,
			"NAS COUNT the MAC (and the keystream) used: overflow and sequence number (TS 24.301 4.4.3.1)",
			HFILL } },
		{ &hf_esm_integrity_alg, { "Integrity algorithm", "esm.integrity.algorithm", FT_STRING, BASE_NONE, NULL,
			0, "EIA of the context (TS 33.401 5.1.4.2)", HFILL } },
		{ &hf_esm_integrity_reason, { "Reason", "esm.integrity.reason", FT_STRING, BASE_NONE, NULL, 0,
			"Why the MAC is unchecked or failed", HFILL } },
		{ &hf_esm_deciphered, { "Deciphered", "esm.deciphered", FT_UINT8, BASE_DEC, VALS(flag_vals), 0,
			"Deciphered with the UE's keys (128-EEA1-3): shown in the data source \"Deciphered NAS\"", HFILL } },
		/* Context: where the NAS came from. */
		{ &hf_esm_source, { "Source", "esm.source", FT_UINT8, BASE_DEC, VALS(source_vals), 0, NULL, HFILL } },
		{ &hf_esm_dir, { "Direction", "esm.dir", FT_UINT8, BASE_DEC, VALS(dir_vals), 0,
			"The NAS message's direction (the source's is a hint, see esm.dir_source)", HFILL } },
		{ &hf_esm_dir_source, { "Direction from", "esm.dir_source", FT_STRING, BASE_NONE, NULL, 0,
			"Where esm.dir comes from: source (the S1AP procedure, LTE RRC message or GSMTAP flag), "
			"message (sent in one direction only: the source said otherwise or nothing), decode (only "
			"that direction's form decodes completely), state (the procedure in progress), none", HFILL } },
		{ &hf_esm_s1ap_proc, { "S1AP procedure code", "esm.s1ap_proc", FT_UINT8, BASE_DEC, NULL, 0,
			"TS 36.413 procedureCode of the message carrying the NAS-PDU", HFILL } },
		{ &hf_esm_mme_ue_id, { "MME-UE-S1AP-ID", "esm.mme_ue_id", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_esm_enb_ue_id, { "eNB-UE-S1AP-ID", "esm.enb_ue_id", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_esm_erab_id, { "E-RAB ID", "esm.erab_id", FT_UINT8, BASE_DEC, NULL, 0,
			"E-RAB item carrying the NAS-PDU", HFILL } },
		{ &hf_esm_nas_index, { "NAS-PDU index", "esm.nas_index", FT_UINT8, BASE_DEC, NULL, 0,
			"NAS-PDU number within the frame, in byte order", HFILL } },
		{ &hf_esm_duplicate, { "Duplicate copy", "esm.duplicate", FT_UINT8, BASE_DEC, VALS(flag_vals), 0,
			"UE-side copy of a message already seen (RRC and modem log): not counted again", HFILL } },
		{ &hf_esm_emm_type, { "EMM message type", "esm.emm_type", FT_UINT8, BASE_CUSTOM, CF_FUNC(fmt_emm_msg), 0,
			"TS 24.301 table 9.8.1", HFILL } },
		{ &hf_esm_sec_hdr, { "Security header type", "esm.sec_hdr", FT_UINT8, BASE_CUSTOM, CF_FUNC(fmt_sec_hdr), 0,
			"TS 24.301 9.3.1", HFILL } },
		/* The core's decode tree (nas_walk); labels come from the core. */
		{ &hf_esm_node, { "Element", "esm.ie", FT_NONE, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_esm_uint, { "Value", "esm.ie.value", FT_UINT64, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_esm_str, { "Text", "esm.ie.text", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_esm_bytes, { "Octets", "esm.ie.octets", FT_BYTES, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_esm_diag, { "Decoder diagnostic", "esm.diag", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
	};

	static gint *ett[] = { &ett_esm, &ett_esm_decode, &ett_esm_node, &ett_esm_track, &ett_esm_finding,
		&ett_esm_integrity };

	proto_esm = proto_register_protocol("ESM bearer analysis (esmtrace)", "ESM", "esm");
	proto_register_field_array(proto_esm, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));

	/* One expert info per finding code, so `tshark -z expert` groups them by code. */
	static ei_register_info ei[TRACK_F__COUNT + 4];
	static char ei_names[TRACK_F__COUNT][48];
	for (int c = 0; c < TRACK_F__COUNT; c++) {
		snprintf(ei_names[c], sizeof ei_names[c], "esm.expert.%s", track_code_name((uint8_t)c));
		ei_esm_finding[c] = (expert_field)EI_INIT;
		ei[c] = (ei_register_info){ &ei_esm_finding[c],
			{ ei_names[c], finding_group((uint8_t)c), severity_to_pi(track_code_severity((uint8_t)c)),
			  track_code_name((uint8_t)c), EXPFILL } };
	}
	ei[TRACK_F__COUNT] = (ei_register_info){ &ei_esm_decode_error,
		{ "esm.expert.decode_error", PI_MALFORMED, PI_ERROR, "NAS decode error", EXPFILL } };
	ei[TRACK_F__COUNT + 1] = (ei_register_info){ &ei_esm_decode_warn,
		{ "esm.expert.decode_warning", PI_PROTOCOL, PI_NOTE, "NAS decode warning", EXPFILL } };
	ei[TRACK_F__COUNT + 2] = (ei_register_info){ &ei_esm_findings_dropped,
		{ "esm.expert.findings_dropped", PI_PROTOCOL, PI_NOTE, "More findings than kept", EXPFILL } };
	ei[TRACK_F__COUNT + 3] = (ei_register_info){ &ei_esm_capped,
		{ "esm.expert.capped", PI_UNDECODED, PI_WARN,
		  "More S1AP PDUs, NAS-PDUs or fields in this frame than the plugin analyses", EXPFILL } };
	expert_module_t *em = expert_register_protocol(proto_esm);
	expert_register_field_array(em, ei, array_length(ei));

	register_prefs();
	esm_tap = register_tap("esm");
	esm_hook_register();
	esm_stats_register();
	esm_report_register();
}

static void proto_reg_handoff_esm(void)
{
	esm_hook_handoff();
}

#ifdef ESM_HAVE_PLUGIN_DESCRIBE
/* A dissector: `tshark -G plugins` and About > Plugins say so. */
uint32_t plugin_describe(void)
{
	return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void plugin_register(void)
{
	static proto_plugin plug;
	plug.register_protoinfo = proto_register_esm;
	plug.register_handoff = proto_reg_handoff_esm;
	proto_register_plugin(&plug);
}
