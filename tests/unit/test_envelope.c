/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS envelope (24.301 9.1, 9.3.1), EMM messages carrying ESM and identities
 * (8.2), and the presentation walk (text and JSON). Expected values come from
 * the spec coding and from tshark 4.0.17's decode of the same bytes.
 */
#include "unit.h"
#include "vectors.h"

#define ACT_DEF_REQ "5201c101090908696e7465726e657405010a000002270880000d0408080808"

/* Type 1: MAC octets 2-5, SN octet 6, then the plain message (offsets +6). */
static void integrity_protected(void **state)
{
	(void)state;
	decoded *d = dec("17 11223344 01" ACT_DEF_REQ, NAS_DIR_UNKNOWN);
	const nas_pdu *p = &d->pdu;
	assert_true(p->valid);
	assert_int_equal(p->pd, 7);
	assert_int_equal(p->sec_hdr, 1);
	assert_true(p->has_mac);
	assert_int_equal(p->mac, 0x11223344);
	assert_int_equal(p->sqn, 1);
	assert_false(p->ciphered);
	assert_int_equal(p->inner_off, 6);
	assert_true(p->esm.present);
	assert_int_equal(p->esm.type, 0xC1);
	assert_int_equal(p->esm.off, 6);
	assert_int_equal(p->esm.len, 31);
	assert_int_equal(ie_key(&p->esm, "access_point_name")->off, 6 + 5);
	assert_int_equal(p->dir, NAS_DOWNLINK); /* from the table: 8.3.6 is network to UE */
	assert_true(p->dir_inferred);
}

/* Types 2 and 4: the inner bytes are taken only when they decode cleanly. */
static void ciphered_but_clean_is_decoded(void **state)
{
	(void)state;
	decoded *d = dec("27 11223344 05" ACT_DEF_REQ, NAS_DOWNLINK);
	assert_true(d->pdu.valid);
	assert_false(d->pdu.ciphered);
	assert_int_equal(d->pdu.esm.type, 0xC1);
	/* EEA0 ACTIVATE DEDICATED with "create new TFT" and no filter: well-formed
	 * (the UE rejects it with #42, 24.301 6.4.2.4 b 1), so it is decoded */
	d = dec("27 11223344 05 6200c5 05 0105 0120", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_false(d->pdu.ciphered);
	assert_int_equal(d->pdu.esm.type, 0xC5);
	assert_int_equal(first_diag(&d->pdu, NAS_WARN_SEMANTIC)->offset, 13); /* the TFT operation octet */
	d = dec("47 11223344 05 0743 0003 5200c2", NAS_DIR_UNKNOWN); /* type 4, ATTACH COMPLETE */
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.emm_type, 0x43);
	assert_int_equal(d->pdu.esm.type, 0xC2);
}

static void ciphered_is_not_guessed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"27d948f10f01f38665183593a7",            /* real ciphertext (qcsuper) */
		"27 11223344 05 5201c2 00",                 /* trailing octet: unknown TLV IEI, truncated */
		"27 11223344 05 0201d11b 99",               /* unknown type 1 IEI: skipped, but not clean */
		"27 11223344 05 5201c101",                  /* truncated mandatory part */
		"27 11223344 05 52 01 c4",                  /* unassigned ESM message type */
		"27 11223344 05 1201c2",                    /* EBI 1: reserved value warning */
		"27 11223344 05 5201c2 2703800000 2703800000", /* duplicate IE */
		"47 11223344 05 0799",                      /* unknown EMM type */
		"27 11223344 05",                           /* nothing inside */
		"57 11223344 05 074d00",                    /* type 5: partially ciphered */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		decoded *d = dec(bad[i], NAS_DIR_UNKNOWN);
		if (!d->pdu.ciphered)
			fail_msg("vector %u decoded as plain", i);
		assert_false(d->pdu.valid);
		assert_false(d->pdu.esm.present);
		assert_false(d->pdu.is_emm);
		assert_int_equal(d->pdu.n_diag, 1);
		assert_int_equal(d->pdu.diag[0].code, NAS_ERR_CIPHERED);
		assert_int_equal(d->pdu.n_id, 0);
	}
	/* the caller's direction is a hint (UE-side captures get it wrong): a clean
	 * decode of a message sent the other way is still that message, and the
	 * message table gives the direction */
	decoded *d = dec("27 11223344 05 5201c2", NAS_DOWNLINK); /* ACTIVATE DEFAULT ACCEPT: UE to network */
	assert_false(d->pdu.ciphered);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_MESSAGE);
	assert_int_equal(d->pdu.dir_hint, NAS_DOWNLINK);
	d = dec("27 11223344 05 5201c2", NAS_UPLINK);
	assert_false(d->pdu.ciphered);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_SOURCE);
	/* the option turns the attempt off */
	nas_opts o = { .try_ciphered_as_plain = false };
	uint8_t b[64];
	size_t n = unhex("27 11223344 05" ACT_DEF_REQ, b, sizeof(b));
	nas_pdu p;
	assert_false(nas_decode(b, n, NAS_DOWNLINK, &o, &p));
	assert_true(p.ciphered);
}

/* Type 3 (new security context, SECURITY MODE COMMAND): inner is plain (qcsuper). */
static void new_context_is_plain(void **state)
{
	(void)state;
	decoded *d = dec("372212e94f00075d220002f070c1", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.sec_hdr, 3);
	assert_int_equal(d->pdu.mac, 0x2212e94f);
	assert_int_equal(d->pdu.sqn, 0);
	assert_int_equal(d->pdu.emm_type, 0x5D);
	assert_int_equal(d->pdu.dir, NAS_DOWNLINK);
}

/* 8.2.25: SERVICE REQUEST, KSI and sequence number, short MAC (tshark: seq 0, MAC 0x8fff). */
static void service_request(void **state)
{
	(void)state;
	decoded *d = dec("c7008fff", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_true(d->pdu.is_service_request);
	assert_int_equal(d->pdu.sec_hdr, 12);
	assert_int_equal(d->pdu.sqn, 0);
	assert_int_equal(d->pdu.mac, 0x8fff);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	d = dec("c7 2a 8fff", NAS_UPLINK);
	assert_int_equal(d->pdu.sqn, 0x0a); /* 0x2a: KSI 001, sequence number 01010 */
	assert_int_equal(d->pdu.sr_ksi, 1);
	char *j = json_of(&d->pdu);
	assert_contains(j, "\"emm\":{\"msg_name\":\"SERVICE REQUEST\",\"clause\":\"8.2.25\",\"ksi\":1,\"sqn\":10,"
	                   "\"short_mac\":36863,\"short_mac_hex\":\"0x8fff\"}");
	free(j);
	d = dec("c7008f", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRUNCATED));
	d = dec("c7008fff00", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRAILING));
}

static void bad_headers(void **state)
{
	(void)state;
	decoded *d = dec("08 00", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_PD));
	d = dec("67 11223344 05 5201c2", NAS_DIR_UNKNOWN); /* security header type 6: reserved */
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_VALUE));
	d = dec("17 11223344 05 17 11223344 06 5201c2", NAS_DIR_UNKNOWN); /* nested header */
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_VALUE));
	d = dec("17 112233", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRUNCATED));
	d = dec("", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRUNCATED));
	assert_false(d->pdu.valid);
	d = dec("0799", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_UNKNOWN_MSG));
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_UNKNOWN_MSG)->offset, 1);
	d = dec("5201c4", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_UNKNOWN_MSG));
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_UNKNOWN_MSG)->offset, 2);
}

/* ATTACH ACCEPT (type 2, EEA0, iphone6 capture): the ESM container (LV-E)
 * sits at 6 (header) + 2 (type) + 1 (result) + 1 (T3412) + 7 (TAI list LV)
 * + 2 (length) = 19, 40 octets. */
static void attach_accept_container(void **state)
{
	(void)state;
	decoded *d = dec(capture_vectors[1].hex, NAS_DIR_UNKNOWN);
	const nas_pdu *p = &d->pdu;
	assert_true(p->valid);
	assert_int_equal(p->emm_type, 0x42);
	assert_int_equal(p->emm_off, 6);
	assert_int_equal(p->esm.off, 19);
	assert_int_equal(p->esm.len, 40);
	assert_int_equal(p->esm.raw.p, d->buf + 19);
	assert_int_equal(p->esm.type, 0xC1);
	assert_int_equal(ie_key(&p->esm, "eps_qos")->off, 22);
	/* GUTI (0x50) and MS identity TMSI (0x23) */
	assert_int_equal(p->n_id, 2);
	assert_int_equal(p->id[0].kind, NAS_ID_GUTI);
	assert_string_equal(p->id[0].role, "guti");
	assert_string_equal(p->id[0].plmn, "310410");
	assert_int_equal(p->id[1].kind, NAS_ID_TMSI);
	assert_string_equal(p->id[1].role, "ms_identity");
}

/* ATTACH REJECT with the optional TLV-E (0x78) container; tshark: cause #19,
 * PDN CONNECTIVITY REJECT #27. */
static void attach_reject_container(void **state)
{
	(void)state;
	decoded *d = dec("0744137800040201d11b", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.emm_cause, 19);
	assert_int_equal(d->pdu.emm_cause_off, 2);
	assert_int_equal(d->pdu.esm.type, 0xD1);
	assert_int_equal(d->pdu.esm.off, 6);
	assert_int_equal(d->pdu.esm.len, 4);
	assert_int_equal(ie_key(&d->pdu.esm, "esm_cause")->v.p[0], 27);
	d = dec("074408", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_false(d->pdu.esm.present);
	assert_int_equal(d->pdu.emm_cause, 8);
}

/* CONTROL PLANE SERVICE REQUEST with an ESM DATA TRANSPORT (tshark-checked). */
static void cp_service_request_container(void **state)
{
	(void)state;
	decoded *d = dec("074d007800070201eb0002abcd", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.emm_type, 0x4D);
	assert_int_equal(d->pdu.esm.type, 0xEB);
	assert_int_equal(d->pdu.esm.off, 6);
	assert_int_equal(ie_key(&d->pdu.esm, "user_data_container")->v.len, 2);
}

/* A bad ESM message inside a good EMM message: the error names the ESM offset. */
static void bad_container(void **state)
{
	(void)state;
	decoded *d = dec("0743 0004 5200c2 27", NAS_DIR_UNKNOWN);
	assert_false(d->pdu.valid);
	assert_false(d->pdu.esm.valid);
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_TRUNCATED)->offset, 7);
	d = dec("0743 0001 52", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRUNCATED));
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_LENGTH)); /* LV-E 5-n: contents >= 3 */
}

/* UE identities in the messages the issue names (values from tshark). */
static void identities_in_emm(void **state)
{
	(void)state;
	decoded *d = dec(capture_vectors[0].hex, NAS_DIR_UNKNOWN); /* ATTACH REQUEST */
	assert_int_equal(d->pdu.n_id, 1);
	assert_string_equal(d->pdu.id[0].role, "eps_mobile_identity");
	assert_int_equal(d->pdu.id[0].kind, NAS_ID_GUTI);
	assert_int_equal(d->pdu.id[0].m_tmsi, 1);
	assert_int_equal(d->pdu.esm.type, 0xD0);

	d = dec(capture_vectors[6].hex, NAS_DIR_UNKNOWN); /* TAU REQUEST: old GUTI, bearer status EBI 5, 6 */
	assert_true(d->pdu.valid);
	assert_string_equal(d->pdu.id[0].role, "old_guti");
	assert_int_equal(d->pdu.id[0].m_tmsi, 0xc60cc2be);
	assert_int_equal(d->pdu.bearer_ctx_status, (1 << 5) | (1 << 6));
	/* 07 48 11 | 0b + GUTI (3-14) | 58 07 .. (15-23) | 52 .. (24-29) | 57 02 at 30: value at 32 */
	assert_int_equal(d->pdu.bearer_ctx_status_off, 32);

	d = dec(capture_vectors[7].hex, NAS_DIR_UNKNOWN); /* TAU ACCEPT: bearer status EBI 5, 6 */
	assert_int_equal(d->pdu.bearer_ctx_status, 0x60);

	d = dec("07500bf600f110800101c60cc2be", NAS_DIR_UNKNOWN); /* GUTI REALLOCATION COMMAND */
	assert_true(d->pdu.valid);
	assert_string_equal(d->pdu.id[0].role, "guti");
	assert_string_equal(d->pdu.id[0].plmn, "00101");
	assert_int_equal(d->pdu.id[0].mmegi, 32769);

	d = dec("074c0105f4c60cc2be", NAS_DIR_UNKNOWN); /* EXTENDED SERVICE REQUEST: M-TMSI */
	assert_true(d->pdu.valid);
	assert_string_equal(d->pdu.id[0].role, "m_tmsi");
	assert_int_equal(d->pdu.id[0].kind, NAS_ID_TMSI);
	assert_int_equal(d->pdu.id[0].m_tmsi, 0xc60cc2be);

	d = dec("0756080910101032547698", NAS_DIR_UNKNOWN); /* IDENTITY RESPONSE: IMSI */
	assert_int_equal(d->pdu.id[0].kind, NAS_ID_IMSI);
	assert_string_equal(d->pdu.id[0].digits, "001010123456789");
	assert_int_equal(d->pdu.id[0].off, 3);
	assert_int_equal(d->pdu.id[0].len, 8);
}

/* Other EMM messages: type and name, their IE structure still checked
 * (qcsuper captures; tshark: authentication request, identity request,
 * authentication failure #21 synch failure, security mode command). */
static void other_emm_messages(void **state)
{
	(void)state;
	static const struct { const char *hex; uint8_t type; const char *name; } v[] = {
		{ "07520024da96044b15939e388448152dddd9f8104c1620e01dda80000539a7bcc5aa2bc9", 0x52, "AUTHENTICATION REQUEST" },
		{ "075501", 0x55, "IDENTITY REQUEST" },
		{ "075c15300e362aa16387f227045ce4fb926812", 0x5C, "AUTHENTICATION FAILURE" },
		{ "075d220104f0700000c14f086bbadae1cdaf1b616f04f0007000", 0x5D, "SECURITY MODE COMMAND" },
	};
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		decoded *d = dec(v[i].hex, NAS_DIR_UNKNOWN);
		assert_true(d->pdu.valid);
		assert_int_equal(d->pdu.n_diag, 0);
		assert_int_equal(d->pdu.emm_type, v[i].type);
		assert_string_equal(nas_emm_msg_name(d->pdu.emm_type), v[i].name);
		assert_false(d->pdu.esm.present);
	}
	decoded *d = dec(v[2].hex, NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.emm_cause, 21);
	/* the authentication failure parameter (TLV 0x30) must be 16 octets: cut one */
	d = dec("075c15300d362aa16387f227045ce4fb9268", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_LENGTH));
}

/* DETACH REQUEST has a table per direction (8.2.11.1 / 8.2.11.2). */
static void detach_request_both_directions(void **state)
{
	(void)state;
	decoded *d = dec(capture_vectors[4].hex, NAS_DIR_UNKNOWN); /* UE: 0x0b = switch off, combined */
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.detach_type, 0x0b);
	assert_int_equal(d->pdu.id[0].kind, NAS_ID_GUTI);
	d = dec("0745035302", NAS_DIR_UNKNOWN); /* network: IMSI detach, EMM cause #2 */
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_DOWNLINK);
	assert_int_equal(d->pdu.detach_type, 3);
	assert_int_equal(d->pdu.detach_type_off, 2);
	assert_int_equal(d->pdu.emm_cause, 2);
	assert_int_equal(d->pdu.emm_cause_off, 4); /* TV 0x53: value after the IEI */
	/* told uplink: the UE's form does not fit (mandatory EPS mobile identity
	 * missing), the network's does: the decode overrules the hint */
	d = dec("0745035302", NAS_UPLINK);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_DOWNLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_DECODE);
	assert_false(d->pdu.dir_open);
	assert_int_equal(d->pdu.emm_cause, 2);
	/* told downlink, the UE's DETACH REQUEST keeps its GUTI (8.2.11.1) */
	d = dec(capture_vectors[4].hex, NAS_DOWNLINK);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_DECODE);
	assert_int_equal(d->pdu.id[0].kind, NAS_ID_GUTI);
	/* DETACH ACCEPT is header only both ways (8.2.10): nothing settles it but
	 * the hint, and the tracker may (dir_open) */
	d = dec("0746", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_NONE);
	assert_true(d->pdu.dir_open);
	d = dec("0746", NAS_DOWNLINK);
	assert_int_equal(d->pdu.dir, NAS_DOWNLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_SOURCE);
	assert_true(d->pdu.dir_open);
}

/* The message table overrules the hint of a message sent one way only; one
 * sent both ways keeps the hint, open for the tracker (nas_dir_from). */
static void direction_hints(void **state)
{
	(void)state;
	/* PDN CONNECTIVITY REQUEST (UE to network) with a PCO: told downlink, it is
	 * uplink and its PCO reads with the MS-to-network container IDs (24.008
	 * 10.5.6.3): 0x0023 and 0x0024 are the empty "... with the length of two
	 * octets support indicator" containers, not the network's QoS rules and
	 * flow descriptions with a two-octet length (which would run past the end) */
	decoded *d = dec("0201d011 2707 80 002300 002400", NAS_DOWNLINK);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.n_diag, 0);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_MESSAGE);
	assert_false(d->pdu.dir_open);
	assert_true(d->pdu.dir_inferred);
	/* the same message with no hint: the table still decides */
	d = dec("0201d011 2707 80 002300 002400", NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_MESSAGE);
	/* ATTACH ACCEPT (network to UE) with its ESM container: told uplink */
	d = dec(capture_vectors[1].hex, NAS_UPLINK);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_DOWNLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_MESSAGE);
	/* ESM STATUS (both ways, one form, 8.3.15): the hint stands, the direction stays open */
	d = dec("5200e82b", NAS_UPLINK);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_SOURCE);
	assert_true(d->pdu.dir_open);
	d = dec("5200e82b", NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.dir, NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_NONE);
	/* SERVICE REQUEST (8.2.25, UE to network only) told downlink */
	d = dec("c7051234", NAS_DOWNLINK);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_MESSAGE);
	/* ciphered (not decoded): nothing but the hint */
	d = dec("27d948f10f01f38665183593a7", NAS_UPLINK);
	assert_true(d->pdu.ciphered);
	assert_int_equal(d->pdu.dir, NAS_UPLINK);
	assert_int_equal(d->pdu.dir_from, NAS_DIR_FROM_SOURCE);
	assert_false(d->pdu.dir_open);
}

/* Any order, first wins, unknown IEIs skipped per 24.007 11.2.4. */
static void optional_ie_rules(void **state)
{
	(void)state;
	/* ESM cause, APN-AMBR, PCO: the reverse of the table's order, still found */
	decoded *d = dec("5201c1 0109 0908696e7465726e6574 05010a000002 5832 5e02fefe 2704 80 000d00", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(ie_key(&d->pdu.esm, "esm_cause")->v.p[0], 0x32);
	assert_int_equal(ie_key(&d->pdu.esm, "apn_ambr")->v.len, 2);
	/* duplicate: the first is kept, the second reported */
	d = dec("6200cd24 370121 370161", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(ie_key(&d->pdu.esm, "t3396_value")->v.p[0], 0x21);
	assert_int_equal(first_diag(&d->pdu, NAS_WARN_DUPLICATE_IE)->offset, 7);
	/* unknown IEIs: 0x7X TLV-E, 0x8X-0xFX one octet, else TLV */
	d = dec("6200cd24 7e000201 02 a5 4d0100 370121", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.esm.n_unknown, 3);
	assert_non_null(ie_key(&d->pdu.esm, "t3396_value"));
	assert_int_equal(d->pdu.n_diag, 3);
	/* a known IEI with a length out of the table's range */
	d = dec("6200cd24 37020101", NAS_DIR_UNKNOWN);
	assert_false(d->pdu.valid);
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_BAD_LENGTH)->offset, 4);
	assert_string_equal(first_diag(&d->pdu, NAS_ERR_BAD_LENGTH)->ie, "T3396 value");
}

static void missing_and_bad_mandatory(void **state)
{
	(void)state;
	/* the input ends where the mandatory ESM cause starts: missing (7.5.1) */
	decoded *d = dec("6200cd", NAS_DIR_UNKNOWN);
	assert_false(d->pdu.valid);
	assert_string_equal(first_diag(&d->pdu, NAS_ERR_MISSING_IE)->ie, "ESM cause");
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_MISSING_IE)->offset, 3);
	/* the input ends inside a mandatory IE: truncated */
	d = dec("5201c1 0109 09086974", NAS_DIR_UNKNOWN);
	assert_string_equal(first_diag(&d->pdu, NAS_ERR_TRUNCATED)->ie, "Access point name");
	assert_false(has_diag(&d->pdu, NAS_ERR_MISSING_IE));
	/* EPS QoS LV with 2 octets of contents: out of range for 9.9.4.3 */
	d = dec("5201c1 020901 0908696e7465726e6574 05010a000002", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_LENGTH));
	/* PDN address type IPv4 with an IPv6-sized value */
	d = dec("5201c1 0109 0908696e7465726e6574 09010000000000000001", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_LENGTH));
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_BAD_LENGTH)->offset, 16);
	/* APN label running past the IE */
	d = dec("5201c1 0109 0909696e7465726e6574 05010a000002", NAS_DIR_UNKNOWN);
	assert_true(has_diag(&d->pdu, NAS_ERR_BAD_VALUE));
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_BAD_VALUE)->offset, 6);
}

/* EBI 1-4 in the header need 15-bearer support (9.3.2) and linked EBI 0 is
 * reserved (table 9.9.4.6.1): warnings, not errors. Linked EBI 1-4 are values. */
static void reserved_bearer_identities(void **state)
{
	(void)state;
	decoded *d = dec("1201c2", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_true(has_diag(&d->pdu, NAS_WARN_RESERVED));
	d = dec("0202d200", NAS_DIR_UNKNOWN); /* linked EBI 0 */
	assert_true(d->pdu.valid);
	assert_int_equal(first_diag(&d->pdu, NAS_WARN_RESERVED)->offset, 3);
	d = dec("0202d205", NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.n_diag, 0);
	d = dec("0202d203", NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.n_diag, 0);
	/* PDN CONNECTIVITY REQUEST with PDN type 7 and request type 0 */
	d = dec("0201d070", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.n_diag, 2);
	assert_string_equal(d->pdu.diag[0].ie, "Request type");
	assert_string_equal(d->pdu.diag[1].ie, "PDN type");
	assert_int_equal(d->pdu.diag[1].offset, 3);
}

/* More diagnostics than NAS_MAX_DIAGS are counted, not lost silently. */
static void diagnostics_cap(void **state)
{
	(void)state;
	char hex[256] = "6200cd24";
	for (unsigned i = 0; i < 20; i++)
		strcat(hex, " a1"); /* 20 unknown type 1 IEs */
	decoded *d = dec(hex, NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_int_equal(d->pdu.n_diag, NAS_MAX_DIAGS);
	assert_int_equal(d->pdu.n_diag_dropped, 20 - NAS_MAX_DIAGS);
	char *j = json_of(&d->pdu);
	assert_contains(j, "\"diagnostics_dropped\":4");
	free(j);
}

/* JSON: the keys the issue names, values decoded, one object per PDU. */
static void json_keys(void **state)
{
	(void)state;
	decoded *d = dec(capture_vectors[18].hex, NAS_DIR_UNKNOWN);
	char *j = json_of(&d->pdu);
	assert_true(json_valid(j));
	assert_int_equal(strchr(j, '\n') - j, strlen(j) - 1); /* one line */
	assert_contains(j, "\"esm\":{\"ebi\":6,\"pti\":71,\"msg_type\":193,");
	assert_contains(j, "\"msg_name\":\"ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST\"");
	assert_contains(j, "\"eps_qos\":{\"qci\":5}");
	assert_contains(j, "\"access_point_name\":\"ims\"");
	assert_contains(j, "\"pdn_address\":{\"pdn_type\":1,\"pdn_type_name\":\"IPv4\",\"ipv4\":\"192.168.101.2\"}");
	assert_contains(j, "\"apn_ambr\":{\"dl_kbps\":3840,\"ul_kbps\":1472}");
	assert_contains(j, "\"esm_cause\":50,\"esm_cause_name\":\"PDN type IPv4 only allowed\"");
	assert_contains(j, "\"protocol_configuration_options\":{");
	assert_contains(j, "{\"id\":3,\"id_hex\":\"0x0003\",\"name\":\"DNS Server IPv6 Address\",\"length\":16,\"ipv6\":\"2001:4860:4860::8888\"}");
	assert_contains(j, "{\"id\":12,\"id_hex\":\"0x000c\",\"name\":\"P-CSCF IPv4 Address\",\"length\":4,\"ipv4\":\"10.4.128.21\"}");
	assert_contains(j, "\"direction\":\"downlink\",\"direction_source\":\"message\"");
	assert_contains(j, "\"mac\":3141835726,\"mac_hex\":\"0xbb449bce\",\"sqn\":17");
	free(j);

	d = dec("6200cd24 370121", NAS_DIR_UNKNOWN);
	j = json_of(&d->pdu);
	assert_contains(j, "\"t3396_value\":3600");
	free(j);
	d = dec("6200cd24 3701e0", NAS_DIR_UNKNOWN);
	j = json_of(&d->pdu);
	assert_contains(j, "\"t3396_value\":\"deactivated\"");
	free(j);
	d = dec(capture_vectors[3].hex, NAS_DIR_UNKNOWN);
	j = json_of(&d->pdu);
	assert_true(json_valid(j));
	assert_contains(j, "\"linked_eps_bearer_identity\":6");
	assert_contains(j, "\"traffic_flow_template\":{\"operation\":1,");
	assert_contains(j, "{\"type\":17,\"type_name\":\"IPv4 local address type\",\"address\":\"192.168.101.2\","
	                   "\"mask\":\"255.255.255.255\"}");
	free(j);
}

/* A reserved packet filter component (24.301 6.4.2.4 c) stops that filter's
 * walk: its remaining octets are shown, the next filter is decoded. */
static void json_tft_reserved_component(void **state)
{
	(void)state;
	decoded *d = dec("6200c5 05 0105 0b 22 31 00 02 99 00 32 01 02 30 06", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	assert_string_equal(nas_diag_code_name(d->pdu.diag[0].code), "semantic");
	assert_int_equal(d->pdu.diag[0].offset, 11);
	char *j = json_of(&d->pdu);
	assert_contains(j, "\"components\":[],\"undecoded\":\"9900\"}");
	assert_contains(j, "\"id\":2,\"direction\":3,\"direction_name\":\"Bidirectional\",\"precedence\":1,"
	                   "\"components\":[{\"type\":48,");
	assert_contains(j, "\"warnings\":[{\"warning\":\"semantic\",\"code\":36,\"offset\":11,\"ie\":\"TFT\"}]");
	free(j);
}

/* Errors are {"error": code, "offset": n, "ie": name} next to what decoded. */
static void json_errors(void **state)
{
	(void)state;
	decoded *d = dec("5201c1 0109 0908696e7465726e6574 05010a0000", NAS_DIR_UNKNOWN);
	char *j = json_of(&d->pdu);
	assert_true(json_valid(j));
	assert_contains(j, "\"access_point_name\":\"internet\"");
	assert_contains(j, "\"errors\":[{\"error\":\"truncated\",\"code\":1,\"offset\":15,\"ie\":\"PDN address\"}]");
	free(j);
	d = dec("27d948f10f01f38665183593a7", NAS_UPLINK);
	j = json_of(&d->pdu);
	assert_contains(j, "\"ciphered\":\"not decoded\"");
	assert_contains(j, "\"error\":\"ciphered\"");
	assert_null(strstr(j, "\"esm\""));
	free(j);
}

/* The text tree: indented, labelled, byte ranges. */
static void text_tree(void **state)
{
	(void)state;
	decoded *d = dec("17 11223344 01" ACT_DEF_REQ, NAS_DIR_UNKNOWN);
	char *t = text_of(&d->pdu);
	assert_contains(t, "NAS-PDU  [0+37]\n");
	assert_contains(t, "    Message authentication code: 0x11223344\n");
	assert_null(strstr(t, "287454020")); /* the number is for JSON only */
	assert_contains(t, "    Security header type: 1 (Integrity protected)\n");
	assert_contains(t, "    ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST  [6+31]\n");
	assert_contains(t, "        Access point name: internet\n");
	assert_contains(t, "                    IPv4 address: 8.8.8.8\n");
	free(t);
}

/* Every vector's JSON parses, whatever happened in the decode. */
static void json_always_valid(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 2; k++) {
		const vector *v = k ? capture_vectors : spec_vectors;
		size_t n = k ? N_VEC(capture_vectors) : N_VEC(spec_vectors);
		for (size_t i = 0; i < n; i++) {
			uint8_t b[512];
			size_t len = unhex(v[i].hex, b, sizeof(b));
			for (size_t cut = 0; cut <= len; cut++) {
				nas_pdu p;
				nas_decode(b, cut, NAS_DIR_UNKNOWN, NULL, &p);
				char *j = json_of(&p);
				if (!json_valid(j))
					fail_msg("%s cut at %zu: invalid JSON %s", v[i].name, cut, j);
				free(j);
			}
		}
	}
}

/* What the NAS security key chain reads through the tables (4.4): AUTHENTICATION
 * REQUEST (table 8.2.7.1) KSIASME (9.9.3.21, bits 4-1 of octet 3), RAND
 * (9.9.3.3) and AUTN (9.9.3.2, LV); bytes of a real phone's attach
 * (open5gs_srsenb_real_attach frame 36; tshark 4.0: KSI 0, RAND 80:56:a1:..,
 * AUTN 70:ed:e1:..). */
static void authentication_request_parameters(void **state)
{
	(void)state;
	decoded *d = dec("075200 8056a141f74abc09f62035366e205d6d 10 70ede1af42488000ddc49e88dd342753", NAS_DIR_UNKNOWN);
	const nas_pdu *p = &d->pdu;
	assert_true(p->valid);
	assert_int_equal(p->emm_type, 0x52);
	assert_int_equal(p->ksi, 0);
	assert_int_equal(p->ksi_off, 2);
	assert_int_equal(p->rand.len, 16);
	assert_int_equal(p->rand_off, 3);
	assert_int_equal(p->rand.p[0], 0x80);
	assert_int_equal(p->rand.p[15], 0x6d);
	assert_int_equal(p->autn.len, 16);
	assert_int_equal(p->autn_off, 20); /* after the length octet */
	assert_int_equal(p->autn.p[0], 0x70);
	assert_int_equal(p->autn.p[15], 0x53);
	assert_int_equal(p->sec_algs, -1);
	char *j = json_of(p);
	assert_contains(j, "\"rand\":\"8056a141f74abc09f62035366e205d6d\"");
	assert_contains(j, "\"sqn_xor_ak\":\"70ede1af4248\"");
	free(j);
	/* an AUTN that is not 16 octets is a bad length and not taken */
	d = dec("075200 8056a141f74abc09f62035366e205d6d 0f 70ede1af42488000ddc49e88dd3427", NAS_DIR_UNKNOWN);
	assert_false(d->pdu.valid);
	assert_int_equal(d->pdu.autn.len, 0);
}

/* SECURITY MODE COMMAND (table 8.2.20.1), header type 3: selected NAS
 * security algorithms (9.9.3.23: bits 7-5 EEA, 3-1 EIA) and KSI (real phone,
 * frame 38: EEA0, 128-EIA2, KSI 0); ATTACH REQUEST's KSI in bits 8-5. */
static void security_mode_command_parameters(void **state)
{
	(void)state;
	decoded *d = dec("37 6fdc545a 00 075d 02 00 05f0f0c04010 c1 4f0879bca4dd82d9d412", NAS_DIR_UNKNOWN);
	const nas_pdu *p = &d->pdu;
	assert_true(p->valid);
	assert_int_equal(p->sec_hdr, 3);
	assert_int_equal(p->emm_type, 0x5D);
	assert_int_equal(p->sec_algs, 0x02);
	assert_int_equal(p->sec_algs_off, 8);
	assert_int_equal(p->ksi, 0);
	assert_int_equal(p->ksi_off, 9);
	char *t = text_of(p);
	assert_contains(t, "Type of ciphering algorithm: 0 (EEA0 (null ciphering))");
	assert_contains(t, "Type of integrity protection algorithm: 2 (128-EIA2)");
	free(t);
	d = dec("075d 31 0a 05f0f0c04010", NAS_DIR_UNKNOWN); /* 128-EEA3 / 128-EIA1, KSI 2 mapped (TSC 1) */
	assert_int_equal(d->pdu.sec_algs, 0x31);
	assert_int_equal(d->pdu.ksi, 0x0A);
	/* ATTACH REQUEST: EPS attach type in bits 4-1, KSI 7 "no key" in bits 8-5 */
	d = dec("0741 72 0bf609f107000201cb000740 05f0f0c04009 0005 0201d011d1", NAS_DIR_UNKNOWN);
	assert_int_equal(d->pdu.emm_type, 0x41);
	assert_int_equal(d->pdu.ksi, 7);
	assert_int_equal(d->pdu.ksi_off, 2);
}

/* nas_opts.deciphered: the inner bytes of a type 2/4 PDU are the caller's
 * plaintext, decoded whatever is wrong in them; without it a message that
 * does not decode cleanly stays "ciphered" (never a guess). */
static void deciphered_inner_is_decoded_with_its_errors(void **state)
{
	(void)state;
	uint8_t b[32];
	size_t n = unhex("47 11223344 00 0743 0005 5200c2", b, sizeof b); /* container says 5, holds 3 */
	nas_pdu p;
	nas_decode(b, n, NAS_UPLINK, NULL, &p);
	assert_true(p.ciphered);
	assert_false(p.deciphered);
	nas_opts o = { .try_ciphered_as_plain = true, .deciphered = true };
	nas_decode(b, n, NAS_UPLINK, &o, &p);
	assert_false(p.ciphered);
	assert_true(p.deciphered);
	assert_false(p.valid);
	assert_int_equal(p.emm_type, 0x43);
	assert_true(has_diag(&p, NAS_ERR_TRUNCATED));
	char *t = text_of(&p);
	assert_contains(t, "Deciphered: read with the UE's NAS security context");
	free(t);
	/* the plaintext says nothing about type 1 (never ciphered) */
	n = unhex("17 11223344 00 0743 0003 5200c2", b, sizeof b);
	nas_decode(b, n, NAS_UPLINK, &o, &p);
	assert_true(p.valid);
	assert_false(p.deciphered);
}

/* 24.008 10.5.1.3 both ways: "00101" is 00 F1 10 (nas-security.md), a
 * three-digit MNC fills the F. */
static void plmn_text_and_back(void **state)
{
	(void)state;
	uint8_t q[3];
	char t[7];
	assert_true(nas_plmn_parse("00101", q));
	assert_memory_equal(q, "\x00\xF1\x10", 3);
	assert_true(nas_plmn_parse("90170", q));
	assert_memory_equal(q, "\x09\xF1\x07", 3);
	assert_true(nas_plmn_parse("310410", q));
	assert_memory_equal(q, "\x13\x00\x14", 3);
	nas_plmn_text(q, t);
	assert_string_equal(t, "310410");
	assert_false(nas_plmn_parse("0010", q));
	assert_false(nas_plmn_parse("0010x", q));
	assert_false(nas_plmn_parse("0010101", q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integrity_protected),
		cmocka_unit_test(ciphered_but_clean_is_decoded),
		cmocka_unit_test(ciphered_is_not_guessed),
		cmocka_unit_test(new_context_is_plain),
		cmocka_unit_test(service_request),
		cmocka_unit_test(bad_headers),
		cmocka_unit_test(attach_accept_container),
		cmocka_unit_test(attach_reject_container),
		cmocka_unit_test(cp_service_request_container),
		cmocka_unit_test(bad_container),
		cmocka_unit_test(identities_in_emm),
		cmocka_unit_test(other_emm_messages),
		cmocka_unit_test(detach_request_both_directions),
		cmocka_unit_test(direction_hints),
		cmocka_unit_test(optional_ie_rules),
		cmocka_unit_test(missing_and_bad_mandatory),
		cmocka_unit_test(reserved_bearer_identities),
		cmocka_unit_test(diagnostics_cap),
		cmocka_unit_test(json_keys),
		cmocka_unit_test(json_tft_reserved_component),
		cmocka_unit_test(json_errors),
		cmocka_unit_test(text_tree),
		cmocka_unit_test(json_always_valid),
		cmocka_unit_test(authentication_request_parameters),
		cmocka_unit_test(security_mode_command_parameters),
		cmocka_unit_test(deciphered_inner_is_decoded_with_its_errors),
		cmocka_unit_test(plmn_text_and_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
