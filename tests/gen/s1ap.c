/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * S1AP encoder, ALIGNED PER (X.691) for the messages of TS 36.413 V17.3.0
 * (shared/spec/ts36413-v17.3.0-s1ap.asn) that a NAS trace needs. Only the
 * mandatory IEs are written, plus the NAS-PDU where the message has one.
 * The layouts were checked against tshark 4.0 (tests/gen/check_captures.py).
 */
#include "gen.h"

#include <string.h>

/* ------------------------------------------------------------ bit writer */

typedef struct {
	buf b;
	int bits; /* bits already used in the last octet (0 = aligned) */
} bw;

static void bw_bits(bw *w, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		if (w->bits == 0)
			buf_u8(&w->b, 0);
		if ((v >> i) & 1)
			w->b.p[w->b.len - 1] |= (uint8_t)(0x80 >> w->bits);
		w->bits = (w->bits + 1) & 7;
	}
}

static void bw_align(bw *w) { w->bits = 0; }

static void bw_bytes(bw *w, const void *p, size_t n)
{
	bw_align(w);
	buf_put(&w->b, p, n);
}

/* X.691 10.9 length determinant, aligned (lengths up to 16383). */
static void bw_len(bw *w, size_t n)
{
	bw_align(w);
	if (n < 128) {
		buf_u8(&w->b, (uint8_t)n);
	} else if (n < 16384) {
		buf_u8(&w->b, (uint8_t)(0x80 | n >> 8));
		buf_u8(&w->b, (uint8_t)n);
	} else {
		gen_fail("APER length %zu needs fragmentation (not supported)", n);
	}
}

/* Open type (X.691 10.2): the value is encoded on its own, padded to an
 * octet, and preceded by its length. */
static void bw_open(bw *w, bw *inner)
{
	if (inner->b.len == 0)
		buf_u8(&inner->b, 0); /* an empty encoding is one zero octet (10.1.3) */
	bw_len(w, inner->b.len);
	buf_put(&w->b, inner->b.p, inner->b.len);
	buf_free(&inner->b);
	inner->bits = 0;
}

/* Constrained whole number with a range above 65536 (X.691 10.5.7.4): the
 * octet count as a bit-field of `lenbits`, then the octets, aligned. Used for
 * MME-UE-S1AP-ID (2 bits), ENB-UE-S1AP-ID (2 bits) and BitRate (3 bits). */
static void bw_bigint(bw *w, uint64_t v, int lenbits)
{
	int n = 1;
	while (n < 8 && (v >> (8 * n)))
		n++;
	bw_bits(w, (uint64_t)(n - 1), lenbits);
	bw_align(w);
	for (int i = n - 1; i >= 0; i--)
		buf_u8(&w->b, (uint8_t)(v >> (8 * i)));
}

/* Unconstrained OCTET STRING (NAS-PDU, transparent containers). */
static void bw_octets(bw *w, const uint8_t *p, size_t n)
{
	bw_len(w, n);
	buf_put(&w->b, p, n);
}

/* ------------------------------------------------------- IE containers */

enum { CRIT_REJECT = 0, CRIT_IGNORE = 1, CRIT_NOTIFY = 2 };

/* A ProtocolIE-Field: id, criticality, open-type value. */
static void ie_begin(bw *msg, int *count, uint16_t id, int crit, bw *val)
{
	bw_align(msg);
	buf_u16(&msg->b, id);
	bw_bits(msg, (uint64_t)crit, 2);
	memset(val, 0, sizeof(*val));
	(*count)++;
}

static void ie_end(bw *msg, bw *val) { bw_open(msg, val); }

/* --------------------------------------------------------- IE encoders */

static void enc_mme_id(bw *w, uint32_t v) { bw_bigint(w, v, 2); }   /* 9.2.3.3 */
static void enc_enb_id(bw *w, uint32_t v) { bw_bigint(w, v, 2); }   /* 9.2.3.4 */
static void enc_bitrate(bw *w, uint64_t v) { bw_bigint(w, v, 3); }  /* 9.2.1.19 */

/* 9.2.1.3 Cause: CHOICE of five extensible ENUMERATEDs; root sizes from the ASN.1. */
static void enc_cause(bw *w, int group, int value)
{
	static const int root[5] = { 36, 2, 4, 7, 6 };
	static const int bits[5] = { 6, 1, 2, 3, 3 };
	if (group < 0 || group > 4 || value < 0 || value >= root[group])
		gen_fail("cause %d:%d outside the ASN.1 root", group, value);
	bw_bits(w, 0, 1);              /* choice extension */
	bw_bits(w, (uint64_t)group, 3);
	bw_bits(w, 0, 1);              /* enumerated extension */
	bw_bits(w, (uint64_t)value, bits[group]);
}

static void enc_plmn(bw *w, const uint8_t plmn[3]) { bw_bytes(w, plmn, 3); }

/* 9.2.3.16 TAI */
static void enc_tai(bw *w, const s1_enb *e)
{
	bw_bits(w, 0, 2); /* extension, iE-Extensions absent */
	enc_plmn(w, e->plmn);
	uint8_t tac[2] = { (uint8_t)(e->tac >> 8), (uint8_t)e->tac };
	bw_bytes(w, tac, 2);
}

/* 9.2.1.38 E-UTRAN CGI */
static void enc_cgi(bw *w, const s1_enb *e)
{
	bw_bits(w, 0, 2);
	enc_plmn(w, e->plmn);
	/* BIT STRING (SIZE(28)): octet-aligned, and what follows starts right
	 * after bit 28 (X.691 16.10), not at the next octet. */
	bw_align(w);
	bw_bits(w, e->cell, 28);
}

/* 9.2.1.37 Global eNB ID with a macro eNB ID (20 bits). */
static void enc_global_enb(bw *w, const s1_enb *e)
{
	bw_bits(w, 0, 2);
	enc_plmn(w, e->plmn);
	bw_bits(w, 0, 1); /* ENB-ID choice extension */
	bw_bits(w, 0, 1); /* macroENB-ID */
	bw_align(w);
	bw_bits(w, e->enb_id, 20);
}

/* 9.2.2.1 Transport Layer Address: BIT STRING (SIZE(1..160, ...)), IPv4 here. */
static void enc_tla(bw *w, const uint8_t ip[4])
{
	bw_bits(w, 0, 1);   /* size extension */
	bw_bits(w, 31, 8);  /* 32 bits - 1 */
	bw_bytes(w, ip, 4);
}

/* 9.2.2.2 GTP-TEID: OCTET STRING (SIZE(4)); deterministic from UE and E-RAB. */
static void enc_teid(bw *w, uint32_t teid)
{
	uint8_t t[4] = { (uint8_t)(teid >> 24), (uint8_t)(teid >> 16), (uint8_t)(teid >> 8), (uint8_t)teid };
	bw_bytes(w, t, 4);
}

/* 9.2.1.15 E-RAB Level QoS Parameters (with GBR QoS Information 9.2.1.18 when GBR). */
static void enc_qos(bw *w, const s1_item *it)
{
	bw_bits(w, 0, 1);           /* extension */
	bw_bits(w, it->gbr, 1);     /* gbrQosInformation present */
	bw_bits(w, 0, 1);           /* iE-Extensions absent */
	bw_align(w);
	buf_u8(&w->b, it->qci);     /* QCI: INTEGER (0..255), one aligned octet */
	/* 9.2.1.60 ARP: priority 9, may not pre-empt, pre-emptable */
	bw_bits(w, 0, 2);
	bw_bits(w, 9, 4);
	bw_bits(w, 0, 1);
	bw_bits(w, 1, 1);
	if (it->gbr) {
		bw_bits(w, 0, 2);
		enc_bitrate(w, it->mbr_dl * 1000);
		enc_bitrate(w, it->mbr_ul * 1000);
		enc_bitrate(w, it->gbr_dl * 1000);
		enc_bitrate(w, it->gbr_ul * 1000);
	}
}

/* 9.2.1.40 UE Security Capabilities: EEA1-2, EIA1-2. */
static void enc_sec_caps(bw *w)
{
	bw_bits(w, 0, 2);
	bw_bits(w, 0, 1);
	bw_bits(w, 0xc000, 16);
	bw_bits(w, 0, 1);
	bw_bits(w, 0xc000, 16);
}

static void enc_key(bw *w, uint8_t seed)
{
	uint8_t k[32];
	for (int i = 0; i < 32; i++)
		k[i] = (uint8_t)(seed * 31 + i * 7);
	bw_bytes(w, k, 32); /* BIT STRING (SIZE(256)) */
}

/* 9.2.1.20 UE Aggregate Maximum Bit Rate: 100/50 Mbit/s. */
static void enc_ue_ambr(bw *w)
{
	bw_bits(w, 0, 2);
	enc_bitrate(w, 100000000);
	enc_bitrate(w, 50000000);
}

static uint32_t teid_of(const s1_msg *m, uint8_t erab, bool ul)
{
	return (m->has_mme_id ? m->mme_id : m->enb_id) * 32u + erab * 2u + (ul ? 1u : 0u) + 0x1000u;
}

/* E-RAB-ID: INTEGER (0..15, ...), 5 bits with the extension bit. */
static void enc_erab_id(bw *w, uint8_t id)
{
	bw_bits(w, 0, 1);
	bw_bits(w, id, 4);
}

/* A SEQUENCE (SIZE(1..256)) OF ProtocolIE-SingleContainer: count - 1 in one aligned octet. */
static void list_begin(bw *w, int n)
{
	if (n < 1 || n > 256)
		gen_fail("E-RAB list needs 1..256 items, has %d", n);
	bw_align(w);
	buf_u8(&w->b, (uint8_t)(n - 1));
}

/* Lists of simple E-RAB items (Setup/Modify/Release responses, E-RABItem lists, ...). */
enum { ITEM_ID_ONLY, ITEM_TLA_TEID, ITEM_CAUSE, ITEM_ADMITTED };

static void enc_erab_list(bw *w, const uint8_t *ids, int n, uint16_t item_ie, int kind, const s1_msg *m,
                          bool ul_teid)
{
	list_begin(w, n);
	for (int i = 0; i < n; i++) {
		bw_align(w);
		buf_u16(&w->b, item_ie);
		bw_bits(w, CRIT_IGNORE, 2);
		bw v = { 0 };
		bw_bits(&v, 0, 1); /* extension */
		bw_bits(&v, 0, kind == ITEM_ADMITTED ? 5 : 1); /* optional IEs absent */
		enc_erab_id(&v, ids[i]);
		if (kind == ITEM_TLA_TEID || kind == ITEM_ADMITTED) {
			enc_tla(&v, ul_teid ? m->mme->ip : m->enb->ip);
			enc_teid(&v, teid_of(m, ids[i], ul_teid));
		} else if (kind == ITEM_CAUSE) {
			enc_cause(&v, m->cause_group, m->cause);
		}
		bw_open(w, &v);
	}
}

/* E-RAB items that carry QoS and possibly a NAS-PDU. */
enum { SU_BEARER, SU_CTXT, MOD_BEARER, SU_HO };

static void enc_setup_items(bw *w, const s1_msg *m, uint16_t item_ie, int kind)
{
	list_begin(w, m->n_items);
	for (int i = 0; i < m->n_items; i++) {
		const s1_item *it = &m->item[i];
		bw_align(w);
		buf_u16(&w->b, item_ie);
		bw_bits(w, CRIT_REJECT, 2);
		bw v = { 0 };
		bw_bits(&v, 0, 1); /* extension */
		if (kind == SU_CTXT)
			bw_bits(&v, it->nas.len > 0, 1); /* nAS-PDU is OPTIONAL only here */
		bw_bits(&v, 0, 1);                   /* iE-Extensions absent */
		enc_erab_id(&v, it->erab);
		if (kind == SU_HO) {
			enc_tla(&v, m->mme->ip);
			enc_teid(&v, teid_of(m, it->erab, true));
			enc_qos(&v, it);
		} else {
			enc_qos(&v, it);
			if (kind != MOD_BEARER) {
				enc_tla(&v, m->mme->ip);
				enc_teid(&v, teid_of(m, it->erab, true));
			}
			if (kind != SU_CTXT || it->nas.len > 0) {
				if (it->nas.len == 0)
					gen_fail("this E-RAB item needs a NAS-PDU");
				bw_octets(&v, it->nas.p, it->nas.len);
			}
		}
		bw_open(w, &v);
	}
}

/* Transparent containers for S1 handover. tshark decodes them (36.413
 * 9.2.1.56/9.2.1.57 and the RRC messages of TS 36.331 inside, in unaligned
 * PER), so they must be valid: the smallest valid contents are used. */
static void enc_source_to_target(bw *w, const s1_msg *m)
{
	const s1_enb *t = m->target_enb ? m->target_enb : m->enb;
	bw c = { 0 };
	bw_bits(&c, 0, 1); /* extension */
	bw_bits(&c, 0, 3); /* e-RABInformationList, subscriberProfileIDforRFP, iE-Extensions absent */
	/* rRC-Container: HandoverPreparationInformation (36.331 10.2.2), UPER:
	 * c1, handoverPreparationInformation-r8, no optional fields, no RAT capability. */
	static const uint8_t hpi[2] = { 0x00, 0x00 };
	bw_octets(&c, hpi, sizeof(hpi));
	enc_cgi(&c, t);
	/* uE-HistoryInformation: one E-UTRAN cell (the source), small, 10 s. */
	bw_bits(&c, 0, 4);    /* count - 1 */
	bw_bits(&c, 0, 1);    /* LastVisitedCell-Item extension */
	bw_bits(&c, 0, 2);    /* e-UTRAN-Cell */
	bw_bits(&c, 0, 2);    /* extension, iE-Extensions absent */
	enc_cgi(&c, m->enb);
	bw_bits(&c, 0, 2);    /* CellType: extension, iE-Extensions */
	bw_bits(&c, 0, 1);    /* Cell-Size extension */
	bw_bits(&c, 1, 2);    /* small */
	bw_align(&c);
	buf_u16(&c.b, 10);    /* Time-UE-StayedInCell (0..4095): two aligned octets */
	bw_octets(w, c.b.p, c.b.len);
	buf_free(&c.b);
}

static void enc_target_to_source(bw *w)
{
	/* TargeteNB-ToSourceeNB-TransparentContainer with rRC-Container =
	 * HandoverCommand (36.331) whose handoverCommandMessage is a DL-DCCH
	 * RRCConnectionReconfiguration-r8 without optional fields (UPER). */
	bw dcch = { 0 };
	bw_bits(&dcch, 0, 1);  /* DL-DCCH-MessageType: c1 */
	bw_bits(&dcch, 4, 4);  /* rrcConnectionReconfiguration */
	bw_bits(&dcch, 0, 2);  /* rrc-TransactionIdentifier */
	bw_bits(&dcch, 0, 1);  /* criticalExtensions: c1 */
	bw_bits(&dcch, 0, 3);  /* rrcConnectionReconfiguration-r8 */
	bw_bits(&dcch, 0, 6);  /* six optional fields absent */
	bw hoc = { 0 };
	bw_bits(&hoc, 0, 1);   /* criticalExtensions: c1 */
	bw_bits(&hoc, 0, 3);   /* handoverCommand-r8 */
	bw_bits(&hoc, 0, 1);   /* nonCriticalExtension absent */
	bw_bits(&hoc, dcch.b.len, 8); /* unaligned length determinant */
	for (size_t i = 0; i < dcch.b.len; i++)
		bw_bits(&hoc, dcch.b.p[i], 8);
	bw c = { 0 };
	bw_bits(&c, 0, 2);     /* extension, iE-Extensions absent */
	bw_octets(&c, hoc.b.p, hoc.b.len);
	bw_octets(w, c.b.p, c.b.len);
	buf_free(&dcch.b);
	buf_free(&hoc.b);
	buf_free(&c.b);
}

/* ----------------------------------------------------------- messages */

const s1_msg_def s1_defs[S1__COUNT] = {
	/* name, procedureCode, pdu, uplink, ue_assoc, nas_msg, nas_items, procedure
	 * criticality (36.413 clause 9.1 and the ASN.1 elementary procedure table) */
	[S1_S1_SETUP_REQ] = { "S1SetupRequest", 17, 0, true, false, false, false, CRIT_REJECT },
	[S1_S1_SETUP_RSP] = { "S1SetupResponse", 17, 1, false, false, false, false, CRIT_REJECT },
	[S1_INITIAL_UE] = { "InitialUEMessage", 12, 0, true, true, true, false, CRIT_IGNORE },
	[S1_DL_NAS] = { "DownlinkNASTransport", 11, 0, false, true, true, false, CRIT_IGNORE },
	[S1_UL_NAS] = { "UplinkNASTransport", 13, 0, true, true, true, false, CRIT_IGNORE },
	[S1_NAS_NON_DELIVERY] = { "NASNonDeliveryIndication", 16, 0, true, true, true, false, CRIT_IGNORE },
	[S1_ICS_REQ] = { "InitialContextSetupRequest", 9, 0, false, true, false, true, CRIT_REJECT },
	[S1_ICS_RSP] = { "InitialContextSetupResponse", 9, 1, true, true, false, false, CRIT_REJECT },
	[S1_ICS_FAIL] = { "InitialContextSetupFailure", 9, 2, true, true, false, false, CRIT_REJECT },
	[S1_ERAB_SETUP_REQ] = { "E-RABSetupRequest", 5, 0, false, true, false, true, CRIT_REJECT },
	[S1_ERAB_SETUP_RSP] = { "E-RABSetupResponse", 5, 1, true, true, false, false, CRIT_REJECT },
	[S1_ERAB_MODIFY_REQ] = { "E-RABModifyRequest", 6, 0, false, true, false, true, CRIT_REJECT },
	[S1_ERAB_MODIFY_RSP] = { "E-RABModifyResponse", 6, 1, true, true, false, false, CRIT_REJECT },
	[S1_ERAB_RELEASE_CMD] = { "E-RABReleaseCommand", 7, 0, false, true, true, false, CRIT_REJECT },
	[S1_ERAB_RELEASE_RSP] = { "E-RABReleaseResponse", 7, 1, true, true, false, false, CRIT_REJECT },
	[S1_ERAB_RELEASE_IND] = { "E-RABReleaseIndication", 8, 0, true, true, false, false, CRIT_IGNORE },
	[S1_UE_CTX_REL_REQ] = { "UEContextReleaseRequest", 18, 0, true, true, false, false, CRIT_IGNORE },
	[S1_UE_CTX_REL_CMD] = { "UEContextReleaseCommand", 23, 0, false, true, false, false, CRIT_REJECT },
	[S1_UE_CTX_REL_CPL] = { "UEContextReleaseComplete", 23, 1, true, true, false, false, CRIT_REJECT },
	[S1_HO_REQUIRED] = { "HandoverRequired", 0, 0, true, true, false, false, CRIT_REJECT },
	[S1_HO_REQUEST] = { "HandoverRequest", 1, 0, false, true, false, false, CRIT_REJECT },
	[S1_HO_REQUEST_ACK] = { "HandoverRequestAcknowledge", 1, 1, true, true, false, false, CRIT_REJECT },
	[S1_HO_COMMAND] = { "HandoverCommand", 0, 1, false, true, false, false, CRIT_REJECT },
	[S1_HO_NOTIFY] = { "HandoverNotify", 2, 0, true, true, false, false, CRIT_IGNORE },
	[S1_PATH_SWITCH_REQ] = { "PathSwitchRequest", 3, 0, true, true, false, false, CRIT_REJECT },
	[S1_PATH_SWITCH_ACK] = { "PathSwitchRequestAcknowledge", 3, 1, false, true, false, false, CRIT_REJECT },
};

void s1_msg_free(s1_msg *m)
{
	buf_free(&m->nas);
	for (int i = 0; i < S1_MAX_ITEMS; i++)
		buf_free(&m->item[i].nas);
}

int s1_lookup(const char *name)
{
	for (int i = 0; i < S1__COUNT; i++)
		if (strcmp(s1_defs[i].name, name) == 0)
			return i;
	return -1;
}

/* IE(id, criticality) { encode the value into v } : the statement after it
 * runs once between ie_begin() and ie_end(), which write the IE header and
 * wrap the value as an open type. */
#define IE(id, crit) for (int once_ = (ie_begin(&msg, &n_ies, (id), (crit), &v), 1); once_; once_ = (ie_end(&msg, &v), 0))

static void need_ids(const s1_msg *m, bool mme, bool enb)
{
	if ((mme && !m->has_mme_id) || (enb && !m->has_enb_id))
		gen_fail("%s needs ue=%s", s1_defs[m->msg].name, mme && enb ? "MME/ENB" : mme ? "MME/-" : "-/ENB");
}

void s1_encode(const s1_msg *m, buf *out)
{
	const s1_msg_def *d = &s1_defs[m->msg];
	bw msg = { 0 }, v;
	int n_ies = 0;

	/* The message: SEQUENCE { protocolIEs, ... }: extension bit, then the IE
	 * count (0..65535) as two aligned octets, filled in at the end. */
	bw_bits(&msg, 0, 1);
	bw_align(&msg);
	buf_u16(&msg.b, 0);

	bool ids = d->ue_assoc && m->msg != S1_UE_CTX_REL_CMD && m->msg != S1_INITIAL_UE &&
	           m->msg != S1_HO_REQUEST && m->msg != S1_PATH_SWITCH_REQ;
	if (ids) {
		need_ids(m, true, true);
		IE(0, CRIT_REJECT) enc_mme_id(&v, m->mme_id);
		IE(8, CRIT_REJECT) enc_enb_id(&v, m->enb_id);
	}

	switch (m->msg) {
	case S1_S1_SETUP_REQ: /* 9.1.8.4 */
		IE(59, CRIT_REJECT) enc_global_enb(&v, m->enb);
		IE(64, CRIT_REJECT) {
			buf_u8(&v.b, 0);        /* one SupportedTAs-Item */
			bw_bits(&v, 0, 2);      /* extension, iE-Extensions */
			bw_bits(&v, m->enb->tac, 16);
			bw_bits(&v, 0, 3);      /* one broadcast PLMN */
			enc_plmn(&v, m->enb->plmn);
		}
		IE(137, CRIT_IGNORE) {
			bw_bits(&v, 0, 1);
			bw_bits(&v, 1, 2);      /* v64 */
		}
		break;
	case S1_S1_SETUP_RSP: /* 9.1.8.5 */
		IE(105, CRIT_REJECT) {
			bw_bits(&v, 0, 3);      /* one ServedGUMMEIsItem */
			bw_bits(&v, 0, 2);      /* extension, iE-Extensions */
			bw_bits(&v, 0, 5);      /* one served PLMN */
			enc_plmn(&v, m->mme->plmn);
			bw_align(&v);
			buf_u16(&v.b, 0);       /* one group id (SIZE(1..65535)): two aligned octets */
			uint8_t g[2] = { (uint8_t)(m->mme->mmegi >> 8), (uint8_t)m->mme->mmegi };
			buf_put(&v.b, g, 2);
			buf_u8(&v.b, 0);        /* one MME code (SIZE(1..256)) */
			bw_bits(&v, m->mme->mmec, 8);
		}
		IE(87, CRIT_IGNORE) buf_u8(&v.b, 255);
		break;
	case S1_INITIAL_UE: /* 9.1.7.1 */
		need_ids(m, false, true);
		IE(8, CRIT_REJECT) enc_enb_id(&v, m->enb_id);
		IE(26, CRIT_REJECT) bw_octets(&v, m->nas.p, m->nas.len);
		IE(67, CRIT_REJECT) enc_tai(&v, m->enb);
		IE(100, CRIT_IGNORE) enc_cgi(&v, m->enb);
		IE(134, CRIT_IGNORE) {
			bw_bits(&v, 0, 1);
			bw_bits(&v, 3, 3);  /* mo-Signalling */
		}
		if (m->has_stmsi)
			IE(96, CRIT_REJECT) { /* 9.2.3.6 S-TMSI */
				bw_bits(&v, 0, 2);
				bw_bits(&v, m->mmec, 8);
				uint8_t t[4] = { (uint8_t)(m->m_tmsi >> 24), (uint8_t)(m->m_tmsi >> 16),
				                 (uint8_t)(m->m_tmsi >> 8), (uint8_t)m->m_tmsi };
				bw_bytes(&v, t, 4);
			}
		break;
	case S1_DL_NAS: /* 9.1.7.2 */
		IE(26, CRIT_REJECT) bw_octets(&v, m->nas.p, m->nas.len);
		break;
	case S1_UL_NAS: /* 9.1.7.3 */
		IE(26, CRIT_REJECT) bw_octets(&v, m->nas.p, m->nas.len);
		IE(100, CRIT_IGNORE) enc_cgi(&v, m->enb);
		IE(67, CRIT_IGNORE) enc_tai(&v, m->enb);
		break;
	case S1_NAS_NON_DELIVERY: /* 9.1.7.4 */
		IE(26, CRIT_IGNORE) bw_octets(&v, m->nas.p, m->nas.len);
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		break;
	case S1_ICS_REQ: /* 9.1.4.1 */
		IE(66, CRIT_REJECT) enc_ue_ambr(&v);
		IE(24, CRIT_REJECT) enc_setup_items(&v, m, 52, SU_CTXT);
		IE(107, CRIT_REJECT) enc_sec_caps(&v);
		IE(73, CRIT_REJECT) enc_key(&v, (uint8_t)m->mme_id);
		break;
	case S1_ICS_RSP: /* 9.1.4.2 */
		IE(51, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 50, ITEM_TLA_TEID, m, false);
		if (m->n_failed)
			IE(48, CRIT_IGNORE) enc_erab_list(&v, m->failed, m->n_failed, 35, ITEM_CAUSE, m, false);
		break;
	case S1_ICS_FAIL: /* 9.1.4.3 */
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		break;
	case S1_ERAB_SETUP_REQ: /* 9.1.3.1 */
		IE(16, CRIT_REJECT) enc_setup_items(&v, m, 17, SU_BEARER);
		break;
	case S1_ERAB_SETUP_RSP: /* 9.1.3.2 */
		if (m->n_erabs)
			IE(28, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 39, ITEM_TLA_TEID, m, false);
		if (m->n_failed)
			IE(29, CRIT_IGNORE) enc_erab_list(&v, m->failed, m->n_failed, 35, ITEM_CAUSE, m, false);
		break;
	case S1_ERAB_MODIFY_REQ: /* 9.1.3.3 */
		IE(30, CRIT_REJECT) enc_setup_items(&v, m, 36, MOD_BEARER);
		break;
	case S1_ERAB_MODIFY_RSP: /* 9.1.3.4 */
		if (m->n_erabs)
			IE(31, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 37, ITEM_ID_ONLY, m, false);
		if (m->n_failed)
			IE(32, CRIT_IGNORE) enc_erab_list(&v, m->failed, m->n_failed, 35, ITEM_CAUSE, m, false);
		break;
	case S1_ERAB_RELEASE_CMD: /* 9.1.3.5 */
		IE(33, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 35, ITEM_CAUSE, m, false);
		if (m->nas.len)
			IE(26, CRIT_IGNORE) bw_octets(&v, m->nas.p, m->nas.len);
		break;
	case S1_ERAB_RELEASE_RSP: /* 9.1.3.6 */
		if (m->n_erabs)
			IE(69, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 15, ITEM_ID_ONLY, m, false);
		break;
	case S1_ERAB_RELEASE_IND: /* 9.1.3.7 */
		IE(110, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 35, ITEM_CAUSE, m, false);
		break;
	case S1_UE_CTX_REL_REQ: /* 9.1.4.5 */
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		break;
	case S1_UE_CTX_REL_CMD: /* 9.1.4.6 */
		need_ids(m, true, false);
		IE(99, CRIT_REJECT) {
			bw_bits(&v, 0, 1);                 /* choice extension */
			bw_bits(&v, m->has_enb_id ? 0 : 1, 1);
			if (m->has_enb_id) {
				bw_bits(&v, 0, 2);         /* pair: extension, iE-Extensions */
				enc_mme_id(&v, m->mme_id);
				enc_enb_id(&v, m->enb_id);
			} else {
				enc_mme_id(&v, m->mme_id);
			}
		}
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		break;
	case S1_UE_CTX_REL_CPL: /* 9.1.4.7 */
		break;
	case S1_HO_REQUIRED: /* 9.1.5.1 */
		IE(1, CRIT_REJECT) {
			bw_bits(&v, 0, 1);
			bw_bits(&v, 0, 3); /* intralte */
		}
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		IE(4, CRIT_REJECT) {
			const s1_enb *t = m->target_enb ? m->target_enb : m->enb;
			bw_bits(&v, 0, 1); /* choice extension */
			bw_bits(&v, 0, 2); /* targeteNB-ID */
			bw_bits(&v, 0, 2); /* extension, iE-Extensions */
			enc_global_enb(&v, t);
			enc_tai(&v, t);
		}
		IE(104, CRIT_REJECT) enc_source_to_target(&v, m);
		break;
	case S1_HO_COMMAND: /* 9.1.5.2 */
		IE(1, CRIT_REJECT) {
			bw_bits(&v, 0, 1);
			bw_bits(&v, 0, 3);
		}
		if (m->n_release) {
			s1_msg rel = *m;
			rel.cause_group = 0;
			rel.cause = 2; /* successful-handover */
			IE(13, CRIT_IGNORE) enc_erab_list(&v, m->release, m->n_release, 35, ITEM_CAUSE, &rel, false);
		}
		IE(123, CRIT_REJECT) enc_target_to_source(&v);
		break;
	case S1_HO_REQUEST: /* 9.1.5.4 */
		need_ids(m, true, false);
		IE(0, CRIT_REJECT) enc_mme_id(&v, m->mme_id);
		IE(1, CRIT_REJECT) {
			bw_bits(&v, 0, 1);
			bw_bits(&v, 0, 3);
		}
		IE(2, CRIT_IGNORE) enc_cause(&v, m->cause_group, m->cause);
		IE(66, CRIT_REJECT) enc_ue_ambr(&v);
		IE(53, CRIT_REJECT) {
			/* the bearers to set up come from erabs=, QCI 9 */
			s1_msg h = *m;
			h.n_items = m->n_erabs;
			for (int i = 0; i < m->n_erabs; i++)
				h.item[i] = (s1_item){ .erab = m->erabs[i], .qci = 9 };
			enc_setup_items(&v, &h, 27, SU_HO);
		}
		IE(104, CRIT_REJECT) enc_source_to_target(&v, m);
		IE(107, CRIT_REJECT) enc_sec_caps(&v);
		IE(40, CRIT_REJECT) {
			bw_bits(&v, 0, 2);
			bw_bits(&v, 1, 3); /* nextHopChainingCount */
			enc_key(&v, (uint8_t)(m->mme_id + 1));
		}
		break;
	case S1_HO_REQUEST_ACK: /* 9.1.5.5 */
		IE(18, CRIT_IGNORE) enc_erab_list(&v, m->erabs, m->n_erabs, 20, ITEM_ADMITTED, m, false);
		if (m->n_failed) {
			s1_msg f = *m;
			f.cause_group = 0;
			f.cause = 12; /* no-radio-resources-available-in-target-cell */
			IE(19, CRIT_IGNORE) enc_erab_list(&v, m->failed, m->n_failed, 21, ITEM_CAUSE, &f, false);
		}
		IE(123, CRIT_REJECT) enc_target_to_source(&v);
		break;
	case S1_HO_NOTIFY: /* 9.1.5.7 */
		IE(100, CRIT_IGNORE) enc_cgi(&v, m->enb);
		IE(67, CRIT_IGNORE) enc_tai(&v, m->enb);
		break;
	case S1_PATH_SWITCH_REQ: /* 9.1.5.8 */
		need_ids(m, true, true);
		IE(8, CRIT_REJECT) enc_enb_id(&v, m->enb_id);
		IE(22, CRIT_REJECT) enc_erab_list(&v, m->erabs, m->n_erabs, 23, ITEM_TLA_TEID, m, false);
		IE(88, CRIT_REJECT) enc_mme_id(&v, m->mme_id);
		IE(100, CRIT_IGNORE) enc_cgi(&v, m->enb);
		IE(67, CRIT_IGNORE) enc_tai(&v, m->enb);
		IE(107, CRIT_IGNORE) enc_sec_caps(&v);
		break;
	case S1_PATH_SWITCH_ACK: /* 9.1.5.9 */
		if (m->n_release)
			IE(33, CRIT_IGNORE) {
				s1_msg rel = *m;
				rel.cause_group = 0;
				rel.cause = 0;
				enc_erab_list(&v, m->release, m->n_release, 35, ITEM_CAUSE, &rel, false);
			}
		IE(40, CRIT_REJECT) {
			bw_bits(&v, 0, 2);
			bw_bits(&v, 2, 3);
			enc_key(&v, (uint8_t)(m->mme_id + 2));
		}
		break;
	default:
		gen_fail("internal: S1AP message %d", m->msg);
	}
	msg.b.p[1] = (uint8_t)(n_ies >> 8);
	msg.b.p[2] = (uint8_t)n_ies;

	/* S1AP-PDU: CHOICE (extensible, 3 alternatives), then the procedure code,
	 * the criticality and the message as an open type. */
	bw pdu = { 0 };
	bw_bits(&pdu, 0, 1);
	bw_bits(&pdu, d->pdu, 2);
	bw_align(&pdu);
	buf_u8(&pdu.b, d->proc);
	bw_bits(&pdu, d->crit, 2);
	bw_open(&pdu, &msg);
	buf_put(out, pdu.b.p, pdu.b.len);
	buf_free(&pdu.b);
}
