/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nas_walk: the one presentation of a decoded PDU. The text tree, JSON and the
 * Wireshark plugin are sinks of it. Names and keys come from the message
 * tables; values are decoded here by the typed decoders (ie.c, pco.c), so the
 * decode path itself never builds text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "esmtrace/nas.h"

typedef struct {
	const nas_sink *s;
	void *ctx;
	nas_dir dir;
} walker;

static uint32_t value_off(const nas_ie *ie)
{
	return ie->off + (ie->len - ie->v.len);
}

/* ------------------------------------------------------------------ TFT */

static void walk_component(walker *w, const nas_tft_component *c, uint32_t off)
{
	const nas_sink *s = w->s;
	const uint8_t *q = c->v.p;
	char a[40], m[40];

	s->open(w->ctx, NULL, nas_tft_component_name(c->type), off, 1 + c->v.len);
	s->u64(w->ctx, "type", "Component type", c->type, nas_tft_component_name(c->type), off, 1);
	off++;
	switch (c->type) {
	case 0x10: case 0x11:
		nas_ipv4_text(q, a);
		nas_ipv4_text(q + 4, m);
		s->str(w->ctx, "address", "Address", a, off, 4);
		s->str(w->ctx, "mask", "Mask", m, off + 4, 4);
		break;
	case 0x20:
		nas_ipv6_text(q, a);
		nas_ipv6_text(q + 16, m);
		s->str(w->ctx, "address", "Address", a, off, 16);
		s->str(w->ctx, "mask", "Mask", m, off + 16, 16);
		break;
	case 0x21: case 0x23:
		nas_ipv6_text(q, a);
		s->str(w->ctx, "address", "Address", a, off, 16);
		s->u64(w->ctx, "prefix_length", "Prefix length", q[16], NULL, off + 16, 1);
		break;
	case 0x30:
		s->u64(w->ctx, "protocol", "Protocol identifier/Next header", q[0], NULL, off, 1);
		break;
	case 0x40: case 0x50: case 0x83: case 0x84: case 0x87:
		s->u64(w->ctx, "value", "Value", (uint64_t)(q[0] << 8 | q[1]), NULL, off, 2);
		break;
	case 0x41: case 0x51:
		s->u64(w->ctx, "low", "Low limit", (uint64_t)(q[0] << 8 | q[1]), NULL, off, 2);
		s->u64(w->ctx, "high", "High limit", (uint64_t)(q[2] << 8 | q[3]), NULL, off + 2, 2);
		break;
	case 0x60:
		s->u64(w->ctx, "spi", "Security parameter index",
		       (uint64_t)q[0] << 24 | (uint64_t)q[1] << 16 | (uint64_t)q[2] << 8 | q[3], NULL, off, 4);
		break;
	case 0x70:
		s->u64(w->ctx, "value", "Type of service/Traffic class", q[0], NULL, off, 1);
		s->u64(w->ctx, "mask", "Mask", q[1], NULL, off + 1, 1);
		break;
	case 0x80:
		s->u64(w->ctx, "flow_label", "Flow label", (uint64_t)((q[0] & 0x0F) << 16 | q[1] << 8 | q[2]), NULL, off, 3);
		break;
	case 0x85: case 0x86:
		s->u64(w->ctx, "pcp", "PCP", (q[0] >> 1) & 7, NULL, off, 1);
		s->u64(w->ctx, "dei", "DEI", q[0] & 1, NULL, off, 1);
		break;
	default:
		s->bytes(w->ctx, "value", "Value", q, c->v.len, off);
		break;
	}
	s->close(w->ctx);
}

static void walk_tft(walker *w, const nas_ie *ie)
{
	static const char *const dirs[4] = { "Pre Rel-7 TFT filter", "Downlink only", "Uplink only", "Bidirectional" };
	const nas_sink *s = w->s;
	nas_tft t;
	uint32_t off = value_off(ie);
	nas_cursor c;

	nas_decode_tft(ie->v, &t); /* problems are diagnostics already; show what decoded */

	s->open(w->ctx, ie->def->key, ie->def->name, ie->off, ie->len);
	if (ie->v.len < 1) {
		s->close(w->ctx);
		return;
	}
	s->u64(w->ctx, "operation", "TFT operation code", t.op, nas_tft_op_name(t.op), off, 1);
	s->u64(w->ctx, "e_bit", "E bit (parameters list included)", t.e_bit, NULL, off, 1);
	s->u64(w->ctx, "n_filters", "Number of packet filters", t.n_filters, NULL, off, 1);
	s->open_list(w->ctx, "packet_filters", "Packet filters", off + 1, 0);
	/* offsets: walk the same bytes again with a cursor, the decoder keeps views */
	c = nas_cur(ie->v.p, ie->v.len);
	c.pos = 1;
	/* "delete existing TFT" and "no TFT operation" carry no filter list */
	unsigned n_filters = (t.op == 2 || t.op == 6) ? 0 : t.n_filters;
	for (unsigned i = 0; i < n_filters && i < NAS_TFT_MAX_FILTERS; i++) {
		const nas_tft_filter *f = &t.f[i];
		uint32_t at = c.pos;
		if (t.op == 5) {
			if (!nas_cur_take(&c, 1, NULL))
				break;
			s->open(w->ctx, NULL, "Packet filter", off + at, 1);
			s->u64(w->ctx, "id", "Packet filter identifier", f->id, NULL, off + at, 1);
			s->close(w->ctx);
			continue;
		}
		uint8_t hdr[3];
		if (!nas_cur_u8(&c, &hdr[0]) || !nas_cur_u8(&c, &hdr[1]) || !nas_cur_u8(&c, &hdr[2]))
			break;
		uint32_t body = c.pos;
		if (!nas_cur_take(&c, hdr[2], NULL)) {
			c.pos = body; /* body overrun: show what was decoded */
			hdr[2] = 0;
		}
		s->open(w->ctx, NULL, "Packet filter", off + at, 3u + hdr[2]);
		s->u64(w->ctx, "id", "Packet filter identifier", f->id, NULL, off + at, 1);
		s->u64(w->ctx, "direction", "Direction", f->direction, dirs[f->direction & 3], off + at, 1);
		s->u64(w->ctx, "precedence", "Evaluation precedence", f->precedence, NULL, off + at + 1, 1);
		s->open_list(w->ctx, "components", "Packet filter components", off + body, hdr[2]);
		uint32_t end = body; /* octet after the last component shown */
		for (unsigned k = 0; k < f->n_comp; k++) {
			walk_component(w, &f->comp[k], off + (uint32_t)(f->comp[k].v.p - ie->v.p) - 1);
			end = (uint32_t)(f->comp[k].v.p - ie->v.p) + f->comp[k].v.len;
		}
		s->close(w->ctx);
		if (end < body + hdr[2]) /* a reserved component type stopped the walk */
			s->bytes(w->ctx, "undecoded", "Undecoded", ie->v.p + end, body + hdr[2] - end, off + end);
		s->close(w->ctx);
	}
	s->close(w->ctx);
	if (t.e_bit && t.params.len) {
		nas_cursor pc = nas_cur_of(t.params);
		uint32_t base = off + (uint32_t)(t.params.p - ie->v.p);
		s->open_list(w->ctx, "parameters", "Parameters list", base, t.params.len);
		while (nas_cur_left(&pc)) {
			uint32_t at = pc.pos;
			uint8_t id, l;
			nas_bytes pv;
			if (!nas_cur_u8(&pc, &id) || !nas_cur_u8(&pc, &l) || !nas_cur_take(&pc, l, &pv))
				break;
			s->open(w->ctx, NULL, "Parameter", base + at, 2u + l);
			s->u64(w->ctx, "id", "Parameter identifier", id,
			       id == 1 ? "Authorization Token" : id == 2 ? "Flow Identifier" :
			       id == 3 ? "Packet Filter Identifier" : "Unknown", base + at, 1);
			s->bytes(w->ctx, "contents", "Contents", pv.p, pv.len, base + at + 2);
			s->close(w->ctx);
		}
		s->close(w->ctx);
	}
	s->close(w->ctx);
}

/* ------------------------------------------------------------- PCO/ePCO */

static void walk_pco(walker *w, const nas_ie *ie)
{
	const nas_sink *s = w->s;
	nas_pco_iter it;
	nas_pco_item item;
	uint32_t off = value_off(ie);

	s->open(w->ctx, ie->def->key, ie->def->name, ie->off, ie->len);
	if (nas_pco_begin(&it, ie->v, w->dir, off) != NAS_OK) {
		s->bytes(w->ctx, "undecoded", "Undecoded", ie->v.p, ie->v.len, off);
		s->close(w->ctx);
		return;
	}
	s->u64(w->ctx, "configuration_protocol", "Configuration protocol", ie->v.p[0] & 7, "PPP for use with IP PDP type or IP PDN type", off, 1);
	s->str(w->ctx, "direction", "Container IDs read as", nas_dir_name(w->dir), 0, 0);
	s->open_list(w->ctx, "containers", "Containers", off + 1, ie->v.len - 1);
	while (nas_pco_next(&it, &item)) {
		s->open(w->ctx, NULL, nas_pco_id_name(item.id, w->dir), item.off,
		        (uint32_t)(item.v.p - ie->v.p) + off - item.off + item.v.len);
		nas_pco_item_walk(&item, w->dir, s, w->ctx);
		s->close(w->ctx);
	}
	s->close(w->ctx);
	if (it.err != NAS_OK && it.pos < ie->v.len)
		s->bytes(w->ctx, "undecoded", "Undecoded", ie->v.p + it.pos, ie->v.len - it.pos, off + it.pos);
	s->close(w->ctx);
}

/* ------------------------------------------------------------ other IEs */

static void walk_timer(walker *w, const nas_ie *ie, bool timer3)
{
	nas_timer t;
	int rc = timer3 ? nas_decode_gprs_timer3(ie->v, &t) : nas_decode_gprs_timer(ie->v, &t);
	uint32_t off = value_off(ie);

	if (rc != NAS_OK)
		w->s->bytes(w->ctx, ie->def->key, ie->def->name, ie->v.p, ie->v.len, off);
	else if (t.deactivated)
		w->s->str(w->ctx, ie->def->key, ie->def->name, "deactivated", ie->off, ie->len);
	else
		w->s->u64(w->ctx, ie->def->key, ie->def->name, t.seconds, NULL, ie->off, ie->len);
}

static void walk_ie(walker *w, const nas_ie *ie)
{
	const nas_sink *s = w->s;
	const nas_ie_def *d = ie->def;
	const uint8_t *q = ie->v.p;
	uint32_t off = value_off(ie);
	uint32_t n = ie->v.len;
	uint32_t hl = d->fmt == NAS_FMT_V_HALF ? 1 : ie->len; /* byte range of the item */
	char txt[NAS_APN_MAX > 40 ? NAS_APN_MAX : 40];

	switch (d->type) {
	case NAS_IE_SPARE_HALF:
		return;
	case NAS_IE_EBI:
		s->u64(w->ctx, d->key, d->name, ie->half, NULL, ie->off, hl);
		return;
	case NAS_IE_REQUEST_TYPE:
		s->u64(w->ctx, d->key, d->name, ie->half & 7, nas_request_type_name(ie->half & 7), ie->off, hl);
		return;
	case NAS_IE_PDN_TYPE:
		s->u64(w->ctx, d->key, d->name, ie->half & 7, nas_pdn_type_name(ie->half & 7), ie->off, hl);
		return;
	case NAS_IE_ESM_INFO_FLAG:
	case NAS_IE_DEVICE_PROPERTIES:
	case NAS_IE_CP_ONLY:
		s->u64(w->ctx, d->key, d->name, ie->half & 1, NULL, ie->off, hl);
		return;
	case NAS_IE_RADIO_PRIORITY:
		s->u64(w->ctx, d->key, d->name, ie->half & 7, NULL, ie->off, hl);
		return;
	case NAS_IE_CONNECTIVITY_TYPE:
		s->u64(w->ctx, d->key, d->name, ie->half, ie->half == 1 ? "LIPA PDN connection" : NULL, ie->off, hl);
		return;
	case NAS_IE_RELEASE_ASSIST: {
		static const char *const ddx[4] = { "No information available", "No further uplink or downlink data expected",
		                                    "Only a single downlink data transmission expected", "Reserved" };
		s->u64(w->ctx, d->key, d->name, ie->half & 3, ddx[ie->half & 3], ie->off, hl);
		return;
	}
	case NAS_IE_WLAN_OFFLOAD:
		s->open(w->ctx, d->key, d->name, ie->off, hl);
		s->u64(w->ctx, "e_utran", "E-UTRAN offload acceptable", ie->half & 1, NULL, ie->off, 1);
		s->u64(w->ctx, "utran", "UTRAN offload acceptable", (ie->half >> 1) & 1, NULL, ie->off, 1);
		s->close(w->ctx);
		return;
	default:
		break;
	}
	if (d->fmt == NAS_FMT_V_HALF || d->fmt == NAS_FMT_TV_HALF) {
		s->u64(w->ctx, d->key, d->name, ie->half, NULL, ie->off, hl);
		return;
	}

	switch (d->type) {
	case NAS_IE_ESM_CAUSE:
		if (n == 1) {
			s->u64(w->ctx, d->key, d->name, q[0], nas_esm_cause_name(q[0]), ie->off, ie->len);
			return;
		}
		break;
	case NAS_IE_EMM_CAUSE:
		if (n == 1) {
			s->u64(w->ctx, d->key, d->name, q[0], nas_emm_cause_name(q[0]), ie->off, ie->len);
			return;
		}
		break;
	case NAS_IE_EPS_QOS: {
		nas_eps_qos x;
		if (nas_decode_eps_qos(ie->v, &x) != NAS_OK)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "qci", "QCI", x.qci, NULL, off, 1);
		if (x.has_rates) {
			s->u64(w->ctx, "mbr_ul_kbps", "Maximum bit rate for uplink (kbit/s)", x.mbr_ul, NULL, off + 1, n - 1);
			s->u64(w->ctx, "mbr_dl_kbps", "Maximum bit rate for downlink (kbit/s)", x.mbr_dl, NULL, off + 1, n - 1);
			s->u64(w->ctx, "gbr_ul_kbps", "Guaranteed bit rate for uplink (kbit/s)", x.gbr_ul, NULL, off + 1, n - 1);
			s->u64(w->ctx, "gbr_dl_kbps", "Guaranteed bit rate for downlink (kbit/s)", x.gbr_dl, NULL, off + 1, n - 1);
		}
		s->close(w->ctx);
		return;
	}
	case NAS_IE_EXT_EPS_QOS: {
		nas_ext_eps_qos x;
		if (nas_decode_ext_eps_qos(ie->v, &x) != NAS_OK)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "mbr_ul_kbps", "Maximum bit rate for uplink (kbit/s)", x.mbr_ul, NULL, off, 3);
		s->u64(w->ctx, "mbr_dl_kbps", "Maximum bit rate for downlink (kbit/s)", x.mbr_dl, NULL, off, 5);
		s->u64(w->ctx, "gbr_ul_kbps", "Guaranteed bit rate for uplink (kbit/s)", x.gbr_ul, NULL, off + 5, 3);
		s->u64(w->ctx, "gbr_dl_kbps", "Guaranteed bit rate for downlink (kbit/s)", x.gbr_dl, NULL, off + 5, 5);
		s->close(w->ctx);
		return;
	}
	case NAS_IE_APN:
		if (nas_decode_apn(ie->v, txt) != NAS_OK)
			break;
		s->str(w->ctx, d->key, d->name, txt, ie->off, ie->len);
		return;
	case NAS_IE_PDN_ADDRESS: {
		nas_pdn_address a;
		int rc = nas_decode_pdn_address(ie->v, &a);
		if (rc != NAS_OK && rc != NAS_WARN_RESERVED)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "pdn_type", "PDN type", a.type, nas_pdn_type_name(a.type), off, 1);
		if (a.has_ipv6_iid) {
			/* shown as the low 64 bits of an address, as Wireshark does */
			uint8_t full[16] = { 0 };
			memcpy(full + 8, a.ipv6_iid, 8);
			nas_ipv6_text(full, txt);
			s->str(w->ctx, "ipv6_interface_id", "IPv6 interface identifier", txt, off + 1, 8);
		}
		if (a.has_ipv4) {
			nas_ipv4_text(a.ipv4, txt);
			s->str(w->ctx, "ipv4", "IPv4 address", txt, off + (a.type == 3 ? 9 : 1), 4);
		}
		s->close(w->ctx);
		return;
	}
	case NAS_IE_APN_AMBR:
	case NAS_IE_EXT_APN_AMBR: {
		nas_ambr a;
		int rc = d->type == NAS_IE_APN_AMBR ? nas_decode_apn_ambr(ie->v, &a) : nas_decode_ext_apn_ambr(ie->v, &a);
		if (rc != NAS_OK)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "dl_kbps", "Downlink (kbit/s)", a.dl, NULL, off, n);
		s->u64(w->ctx, "ul_kbps", "Uplink (kbit/s)", a.ul, NULL, off, n);
		s->close(w->ctx);
		return;
	}
	case NAS_IE_TFT:
	case NAS_IE_TFAD:
		walk_tft(w, ie);
		return;
	case NAS_IE_PCO:
	case NAS_IE_EPCO:
		walk_pco(w, ie);
		return;
	case NAS_IE_GPRS_TIMER:
	case NAS_IE_GPRS_TIMER2:
		walk_timer(w, ie, false);
		return;
	case NAS_IE_GPRS_TIMER3:
		walk_timer(w, ie, true);
		return;
	case NAS_IE_TI:
		if (n < 1)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "ti_flag", "TI flag", q[0] >> 7, NULL, off, 1);
		s->u64(w->ctx, "ti_value", "TI value", (q[0] >> 4) & 7, NULL, off, 1);
		if (n >= 2)
			s->u64(w->ctx, "ti_extended", "Extended TI value", q[1] & 0x7F, NULL, off + 1, 1);
		s->close(w->ctx);
		return;
	case NAS_IE_LLC_SAPI:
		if (n != 1)
			break;
		s->u64(w->ctx, d->key, d->name, q[0] & 0x0F, NULL, ie->off, ie->len);
		return;
	case NAS_IE_PFI:
		if (n != 1)
			break;
		s->u64(w->ctx, d->key, d->name, q[0] & 0x7F, NULL, ie->off, ie->len);
		return;
	case NAS_IE_NOTIFICATION_IND:
		if (n != 1)
			break;
		s->u64(w->ctx, d->key, d->name, q[0],
		       q[0] == 1 ? "SRVCC handover cancelled, IMS session re-establishment required" : NULL, ie->off, ie->len);
		return;
	case NAS_IE_REATTEMPT_IND:
		if (n != 1)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "ratc", "RATC (no re-attempt in A/Gb, Iu or N1 mode)", q[0] & 1, NULL, off, 1);
		s->u64(w->ctx, "eplmnc", "EPLMNC (no re-attempt in an equivalent PLMN)", (q[0] >> 1) & 1, NULL, off, 1);
		s->close(w->ctx);
		return;
	case NAS_IE_SERVING_PLMN_RATE:
		if (n != 2)
			break;
		s->u64(w->ctx, d->key, d->name, (uint64_t)(q[0] << 8 | q[1]),
		       q[0] == 0xFF && q[1] == 0xFF ? "not restricted" : NULL, ie->off, ie->len);
		return;
	case NAS_IE_HDR_COMPRESSION:
		if (n < 3)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "rohc_profiles", "ROHC profiles (bit 1 = 0x0002 ... bit 7 = 0x0104)", q[0] & 0x7F, NULL, off, 1);
		s->u64(w->ctx, "max_cid", "MAX_CID", (uint64_t)((q[1] << 8 | q[2]) & 0x3FFF), NULL, off + 1, 2);
		if (n >= 4) {
			s->u64(w->ctx, "additional_parameters_type", "Additional header compression context parameters type",
			       q[3], NULL, off + 3, 1);
			if (n > 4)
				s->bytes(w->ctx, "additional_parameters", "Additional header compression context parameters container",
				         q + 4, n - 4, off + 4);
		}
		s->close(w->ctx);
		return;
	case NAS_IE_PKMF_ADDRESS:
		if (n == 5 && (q[0] & 7) == 1) {
			nas_ipv4_text(q + 1, txt);
			s->str(w->ctx, d->key, d->name, txt, ie->off, ie->len);
			return;
		}
		if (n == 17 && (q[0] & 7) == 2) {
			nas_ipv6_text(q + 1, txt);
			s->str(w->ctx, d->key, d->name, txt, ie->off, ie->len);
			return;
		}
		break;
	case NAS_IE_REMOTE_UE_LIST:
		if (n < 1)
			break;
		s->open(w->ctx, d->key, d->name, ie->off, ie->len);
		s->u64(w->ctx, "number_of_contexts", "Number of remote UE contexts", q[0], NULL, off, 1);
		s->bytes(w->ctx, "contexts", "Remote UE contexts", q + 1, n - 1, off + 1);
		s->close(w->ctx);
		return;
	default:
		break;
	}
	s->bytes(w->ctx, d->key, d->name, q, n, off);
}

/* ----------------------------------------------------------- messages */

static void walk_esm(walker *w, const esm_msg *m)
{
	const nas_sink *s = w->s;
	nas_dir saved = w->dir;

	s->open(w->ctx, "esm", m->def ? m->def->name : "ESM message", m->off, m->len);
	s->u64(w->ctx, "ebi", "EPS bearer identity", m->ebi, NULL, m->off, m->len >= 1 ? 1 : 0);
	if (m->len >= 2)
		s->u64(w->ctx, "pti", "Procedure transaction identity", m->pti, NULL, m->off + 1, 1);
	if (m->len >= 3) {
		char coded[80];
		snprintf(coded, sizeof coded, "0x%02x %s", m->type, nas_esm_msg_name(m->type));
		s->u64(w->ctx, "msg_type", "Message type", m->type, coded, m->off + 2, 1);
		s->str(w->ctx, "msg_name", NULL, nas_esm_msg_name(m->type), m->off + 2, 1);
	}
	if (m->def) {
		s->str(w->ctx, "clause", "Defined in TS 24.301", m->def->clause, 0, 0);
		/* PCO container IDs: read as the message's own direction when fixed */
		if (w->dir == NAS_DIR_UNKNOWN)
			w->dir = (nas_dir)m->def->dir;
		for (unsigned j = 0; j < m->def->n_ies; j++)
			if (m->ie[j].def)
				walk_ie(w, &m->ie[j]);
	}
	s->close(w->ctx);
	w->dir = saved;
}

/* Display name of the IE an identity came from (its role is the JSON key). */
static const char *role_label(const char *role)
{
	static const struct { const char *key, *label; } t[] = {
		{ "eps_mobile_identity", "EPS mobile identity" }, { "guti", "GUTI" }, { "old_guti", "Old GUTI" },
		{ "additional_guti", "Additional GUTI" },          { "m_tmsi", "M-TMSI" }, { "ms_identity", "MS identity" },
		{ "imeisv", "IMEISV" },                            { "mobile_identity", "Mobile identity" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].key, role))
			return t[i].label;
	return role;
}

static void walk_identity(walker *w, const nas_identity *id)
{
	const nas_sink *s = w->s;
	char txt[32];

	s->open(w->ctx, NULL, role_label(id->role), id->off, id->len);
	s->str(w->ctx, "role", "IE", id->role, 0, 0);
	s->str(w->ctx, "type", "Type of identity", nas_id_kind_name(id->kind), id->off, 1);
	switch (id->kind) {
	case NAS_ID_IMSI: case NAS_ID_IMEI: case NAS_ID_IMEISV:
		s->str(w->ctx, "digits", "Identity digits", id->digits, id->off, id->len);
		break;
	case NAS_ID_GUTI:
		s->str(w->ctx, "plmn", "MCC MNC", id->plmn, id->off + 1, 3);
		s->u64(w->ctx, "mmegi", "MME group ID", id->mmegi, NULL, id->off + 4, 2);
		s->u64(w->ctx, "mmec", "MME code", id->mmec, NULL, id->off + 6, 1);
		snprintf(txt, sizeof(txt), "0x%08" PRIx32, id->m_tmsi);
		s->str(w->ctx, "m_tmsi", "M-TMSI", txt, id->off + 7, 4);
		break;
	case NAS_ID_TMSI:
		snprintf(txt, sizeof(txt), "0x%08" PRIx32, id->m_tmsi);
		s->str(w->ctx, "m_tmsi", "M-TMSI", txt, id->off + 1, 4);
		break;
	}
	s->close(w->ctx);
}

static void walk_emm(walker *w, const nas_pdu *pdu)
{
	const nas_sink *s = w->s;
	const char *name = nas_emm_msg_name(pdu->emm_type);

	s->open(w->ctx, "emm", name, pdu->emm_off, pdu->pdu_len - pdu->emm_off);
	if (pdu->pdu_len > pdu->emm_off + 1) { /* the message type octet is there */
		char coded[80];
		snprintf(coded, sizeof coded, "0x%02x %s", pdu->emm_type, name);
		s->u64(w->ctx, "msg_type", "Message type", pdu->emm_type, coded, pdu->emm_off + 1, 1);
		s->str(w->ctx, "msg_name", NULL, name, pdu->emm_off + 1, 1);
	}
	if (pdu->emm_def)
		s->str(w->ctx, "clause", "Defined in TS 24.301", pdu->emm_def->clause, 0, 0);
	if (pdu->n_id) {
		s->open_list(w->ctx, "identities", "UE identities", 0, 0);
		for (unsigned i = 0; i < pdu->n_id; i++)
			walk_identity(w, &pdu->id[i]);
		s->close(w->ctx);
	}
	/* NAS security (9.9.3.21, 9.9.3.23, 9.9.3.3, 9.9.3.2) */
	if (pdu->ksi >= 0) {
		s->open(w->ctx, "nas_key_set_identifier", "NAS key set identifier", pdu->ksi_off, 1);
		s->u64(w->ctx, "tsc", "Type of security context", ((unsigned)pdu->ksi >> 3) & 1,
		       pdu->ksi & 8 ? "mapped" : "native", pdu->ksi_off, 1);
		s->u64(w->ctx, "ksi", "NAS key set identifier", (unsigned)pdu->ksi & 7,
		       (pdu->ksi & 7) == 7 ? "no key is available" : NULL, pdu->ksi_off, 1);
		s->close(w->ctx);
	}
	if (pdu->sec_algs >= 0) {
		unsigned a = (unsigned)pdu->sec_algs;
		s->open(w->ctx, "selected_nas_security_algorithms", "Selected NAS security algorithms", pdu->sec_algs_off, 1);
		s->u64(w->ctx, "ciphering", "Type of ciphering algorithm", a >> 4 & 7, nas_eea_name((uint8_t)(a >> 4)),
		       pdu->sec_algs_off, 1);
		s->u64(w->ctx, "integrity", "Type of integrity protection algorithm", a & 7, nas_eia_name((uint8_t)a),
		       pdu->sec_algs_off, 1);
		s->close(w->ctx);
	}
	if (pdu->rand.len)
		s->bytes(w->ctx, "rand", "RAND", pdu->rand.p, pdu->rand.len, pdu->rand_off);
	if (pdu->autn.len == 16) {
		s->open(w->ctx, "autn", "AUTN", pdu->autn_off, 16);
		s->bytes(w->ctx, "sqn_xor_ak", "SQN xor AK", pdu->autn.p, 6, pdu->autn_off);
		s->bytes(w->ctx, "amf", "AMF", pdu->autn.p + 6, 2, pdu->autn_off + 6);
		s->bytes(w->ctx, "mac", "MAC", pdu->autn.p + 8, 8, pdu->autn_off + 8);
		s->close(w->ctx);
	}
	if (pdu->emm_cause >= 0)
		s->u64(w->ctx, "emm_cause", "EMM cause", (uint64_t)pdu->emm_cause, nas_emm_cause_name((uint8_t)pdu->emm_cause),
		       pdu->emm_cause_off, 1);
	if (pdu->detach_type >= 0) {
		/* 9.9.3.7: the values mean different things in each direction;
		 * "All other values are interpreted as" the last entry named */
		static const char *const ul[8] = { "combined EPS/IMSI detach", "EPS detach", "IMSI detach",
		                                   "combined EPS/IMSI detach", "combined EPS/IMSI detach",
		                                   "combined EPS/IMSI detach", "reserved", "reserved" };
		static const char *const dl[8] = { "re-attach not required", "re-attach required", "re-attach not required",
		                                   "IMSI detach", "re-attach not required", "re-attach not required",
		                                   "reserved", "reserved" };
		unsigned t = (unsigned)pdu->detach_type & 7;
		const char *name = pdu->dir == NAS_DOWNLINK ? dl[t] : pdu->dir == NAS_UPLINK ? ul[t] : NULL;
		s->u64(w->ctx, "detach_type", "Detach type", t, name, pdu->detach_type_off, 1);
		if (pdu->dir != NAS_DOWNLINK) /* bit 4 is spare from the network */
			s->u64(w->ctx, "switch_off", "Switch off", ((unsigned)pdu->detach_type >> 3) & 1, NULL,
			       pdu->detach_type_off, 1);
	}
	if (pdu->bearer_ctx_status >= 0) {
		uint32_t o = pdu->bearer_ctx_status_off;
		s->open_list(w->ctx, "eps_bearer_context_status", "EPS bearer context status: active EBIs", o, 2);
		for (unsigned e = 1; e < 16; e++) /* EBI(0) is spare */
			if (pdu->bearer_ctx_status & (1 << e))
				s->u64(w->ctx, NULL, "EBI", e, NULL, o + e / 8, 1);
		s->close(w->ctx);
	}
	s->close(w->ctx);
}

void nas_walk(const nas_pdu *pdu, const nas_sink *s, void *ctx)
{
	walker w = { s, ctx, pdu->dir };
	unsigned n_err = 0, n_warn = 0;

	s->open(ctx, NULL, "NAS-PDU", 0, pdu->pdu_len);
	s->str(ctx, "direction", "Direction", nas_dir_name(pdu->dir), 0, 0);
	s->str(ctx, "direction_source", NULL, nas_dir_from_name(pdu->dir_from), 0, 0);
	if (pdu->dir_hint != NAS_DIR_UNKNOWN)
		s->str(ctx, "direction_hint", NULL, nas_dir_name((nas_dir)pdu->dir_hint), 0, 0);
	{
		/* in words: where it came from, and what the source said when it was overruled */
		char from[192];
		bool said = pdu->dir_from != NAS_DIR_FROM_NONE && pdu->dir_from != NAS_DIR_FROM_SOURCE;
		snprintf(from, sizeof from, "%s%s%s", nas_dir_from_text(pdu->dir_from),
		         !said ? "" : pdu->dir_hint == NAS_DIR_UNKNOWN ? "; the source gave none" : "; the source said ",
		         said && pdu->dir_hint != NAS_DIR_UNKNOWN ? nas_dir_name((nas_dir)pdu->dir_hint) : "");
		s->str(ctx, NULL, "Direction from", from, 0, 0);
	}
	if (pdu->pdu_len >= 1) {
		s->u64(ctx, "pd", "Protocol discriminator", pdu->pd,
		       pdu->pd == 2 ? "EPS session management" : pdu->pd == 7 ? "EPS mobility management" : "Unknown", 0, 1);
		if (pdu->pd == 7)
			s->u64(ctx, "security_header_type", "Security header type", pdu->sec_hdr, nas_sec_hdr_name(pdu->sec_hdr), 0, 1);
	}
	if (pdu->has_mac) {
		char hex[12];
		snprintf(hex, sizeof(hex), "0x%08" PRIx32, pdu->mac);
		s->u64(ctx, "mac", "Message authentication code", pdu->mac, hex, 1, 4);
		s->u64(ctx, "sqn", "Sequence number", pdu->sqn, NULL, 5, 1);
	}
	if (pdu->is_service_request && pdu->pdu_len >= 4) {
		/* 8.2.25: no message type octet; KSI and sequence number, short MAC */
		char hex[8];
		snprintf(hex, sizeof(hex), "0x%04" PRIx32, pdu->mac & 0xFFFF);
		s->open(ctx, "emm", "SERVICE REQUEST", 0, pdu->pdu_len);
		s->str(ctx, "msg_name", "Message name", "SERVICE REQUEST", 0, 1);
		s->str(ctx, "clause", "Defined in TS 24.301", "8.2.25", 0, 0);
		s->u64(ctx, "ksi", "NAS key set identifier", pdu->sr_ksi, pdu->sr_ksi == 7 ? "no key is available" : NULL, 1, 1);
		s->u64(ctx, "sqn", "Sequence number (short)", pdu->sqn, NULL, 1, 1);
		s->u64(ctx, "short_mac", "Message authentication code (short)", pdu->mac, hex, 2, 2);
		s->close(ctx);
	}
	if (pdu->ciphered)
		s->str(ctx, "ciphered", "Ciphered", "not decoded", pdu->inner_off, pdu->pdu_len - pdu->inner_off);
	if (pdu->deciphered)
		s->str(ctx, "deciphered", "Deciphered", "read with the UE's NAS security context", pdu->inner_off,
		       pdu->pdu_len - pdu->inner_off);
	if (pdu->is_emm && !pdu->is_service_request)
		walk_emm(&w, pdu);
	if (pdu->esm.present)
		walk_esm(&w, &pdu->esm);

	for (unsigned i = 0; i < pdu->n_diag; i++)
		nas_diag_is_error(pdu->diag[i].code) ? n_err++ : n_warn++;
	if (n_err || pdu->n_diag_dropped) {
		s->open_list(ctx, "errors", "Errors", 0, 0);
		for (unsigned i = 0; i < pdu->n_diag; i++)
			if (nas_diag_is_error(pdu->diag[i].code))
				s->diag(ctx, &pdu->diag[i]);
		s->close(ctx);
	}
	if (n_warn) {
		s->open_list(ctx, "warnings", "Warnings", 0, 0);
		for (unsigned i = 0; i < pdu->n_diag; i++)
			if (!nas_diag_is_error(pdu->diag[i].code))
				s->diag(ctx, &pdu->diag[i]);
		s->close(ctx);
	}
	if (pdu->n_diag_dropped)
		s->u64(ctx, "diagnostics_dropped", "Diagnostics not kept", pdu->n_diag_dropped, NULL, 0, 0);
	s->close(ctx);
}

/* ------------------------------------------------------------ text sink */

typedef struct {
	FILE *f;
	int depth;
} text_ctx;

static void t_indent(text_ctx *t)
{
	for (int i = 0; i < t->depth; i++)
		fputs("    ", t->f);
}

static void t_open(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len)
{
	text_ctx *t = ctx;
	(void)key;
	t_indent(t);
	if (len)
		fprintf(t->f, "%s  [%" PRIu32 "+%" PRIu32 "]\n", label, off, len);
	else
		fprintf(t->f, "%s\n", label);
	t->depth++;
}

static void t_close(void *ctx)
{
	((text_ctx *)ctx)->depth--;
}

static void t_u64(void *ctx, const char *key, const char *label, uint64_t v, const char *text, uint32_t off, uint32_t len)
{
	text_ctx *t = ctx;
	(void)key, (void)off, (void)len;
	if (!label)
		return;
	t_indent(t);
	if (text && text[0] == '0' && text[1] == 'x' && strchr(text, ' ')) { /* "0xNN NAME" */
		const char *sp = strchr(text, ' ');
		fprintf(t->f, "%s: %s (%.*s)\n", label, sp + 1, (int)(sp - text), text);
	} else if (text && text[0] == '0' && text[1] == 'x') /* the value in hex */
		fprintf(t->f, "%s: %s\n", label, text);
	else if (text)
		fprintf(t->f, "%s: %" PRIu64 " (%s)\n", label, v, text);
	else
		fprintf(t->f, "%s: %" PRIu64 "\n", label, v);
}

static void t_str(void *ctx, const char *key, const char *label, const char *v, uint32_t off, uint32_t len)
{
	text_ctx *t = ctx;
	(void)key, (void)off, (void)len;
	if (!label) /* for JSON only */
		return;
	t_indent(t);
	fprintf(t->f, "%s: ", label);
	for (const char *c = v; *c; c++) /* APN labels may hold any octet */
		if ((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7F)
			fputc(*c, t->f);
		else
			fprintf(t->f, "\\x%02x", (unsigned char)*c);
	fputc('\n', t->f);
}

static void t_bytes(void *ctx, const char *key, const char *label, const uint8_t *p, uint32_t n, uint32_t off)
{
	text_ctx *t = ctx;
	(void)key, (void)off;
	t_indent(t);
	fprintf(t->f, "%s: ", label);
	for (uint32_t i = 0; i < n; i++)
		fprintf(t->f, "%02x", p[i]);
	if (!n)
		fputs("(empty)", t->f);
	fputc('\n', t->f);
}

static void t_diag(void *ctx, const nas_diag *d)
{
	text_ctx *t = ctx;
	t_indent(t);
	fprintf(t->f, "%s at offset %" PRIu32 "%s%s%s\n", nas_diag_code_name(d->code), d->offset, d->ie ? " (" : "",
	        d->ie ? d->ie : "", d->ie ? ")" : "");
}

void nas_print_text(FILE *f, const nas_pdu *pdu)
{
	static const nas_sink sink = { t_open, t_open, t_close, t_u64, t_str, t_bytes, t_diag };
	text_ctx t = { f, 0 };
	nas_walk(pdu, &sink, &t);
}

/* ------------------------------------------------------------ JSON sink */

#define JSON_DEPTH 32

typedef struct {
	FILE *f;
	int depth;
	bool list[JSON_DEPTH];  /* container at this depth is a list */
	bool first[JSON_DEPTH]; /* nothing written in it yet */
} json_ctx;

static void j_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7F) /* keep the output plain ASCII */
			fprintf(f, "\\u%04x", *c);
		else
			fputc(*c, f);
	}
	fputc('"', f);
}

/* Separator and key for the next member; NULL key inside an object is given
 * a generic name so the output stays valid JSON. */
static void j_member(json_ctx *j, const char *key, const char *suffix)
{
	int d = j->depth;
	if (d > 0) {
		if (!j->first[d - 1])
			fputc(',', j->f);
		j->first[d - 1] = false;
		if (!j->list[d - 1]) {
			fputc('"', j->f);
			fputs(key ? key : "item", j->f);
			if (suffix)
				fputs(suffix, j->f);
			fputs("\":", j->f);
		}
	}
}

static void j_push(json_ctx *j, const char *key, bool list)
{
	j_member(j, key, NULL);
	fputc(list ? '[' : '{', j->f);
	if (j->depth < JSON_DEPTH) {
		j->list[j->depth] = list;
		j->first[j->depth] = true;
	}
	j->depth++;
}

static void j_open(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len)
{
	(void)label, (void)off, (void)len;
	j_push(ctx, key, false);
}

static void j_open_list(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len)
{
	(void)label, (void)off, (void)len;
	j_push(ctx, key, true);
}

static void j_close(void *ctx)
{
	json_ctx *j = ctx;
	j->depth--;
	fputc(j->depth < JSON_DEPTH && j->list[j->depth] ? ']' : '}', j->f);
}

static void j_u64(void *ctx, const char *key, const char *label, uint64_t v, const char *text, uint32_t off, uint32_t len)
{
	json_ctx *j = ctx;
	(void)label, (void)off, (void)len;
	if (!key && !(j->depth > 0 && j->list[j->depth - 1])) /* for trees only */
		return;
	j_member(j, key, NULL);
	fprintf(j->f, "%" PRIu64, v);
	if (text && text[0] == '0' && text[1] == 'x' && strchr(text, ' '))
		return; /* a coded value: its name has its own key */
	if (text && !(j->depth > 0 && j->list[j->depth - 1])) {
		j_member(j, key, text[0] == '0' && text[1] == 'x' ? "_hex" : "_name");
		j_string(j->f, text);
	}
}

static void j_str(void *ctx, const char *key, const char *label, const char *v, uint32_t off, uint32_t len)
{
	json_ctx *j = ctx;
	(void)label, (void)off, (void)len;
	if (!key && !(j->depth > 0 && j->list[j->depth - 1])) /* for trees only */
		return;
	j_member(j, key, NULL);
	j_string(j->f, v);
}

static void j_bytes(void *ctx, const char *key, const char *label, const uint8_t *p, uint32_t n, uint32_t off)
{
	json_ctx *j = ctx;
	(void)label, (void)off;
	j_member(j, key, NULL);
	fputc('"', j->f);
	for (uint32_t i = 0; i < n; i++)
		fprintf(j->f, "%02x", p[i]);
	fputc('"', j->f);
}

static void j_diag(void *ctx, const nas_diag *d)
{
	json_ctx *j = ctx;
	j_member(j, NULL, NULL);
	fprintf(j->f, "{\"%s\":", nas_diag_is_error(d->code) ? "error" : "warning");
	j_string(j->f, nas_diag_code_name(d->code));
	fprintf(j->f, ",\"code\":%u,\"offset\":%" PRIu32 ",\"ie\":", d->code, d->offset);
	if (d->ie)
		j_string(j->f, d->ie);
	else
		fputs("null", j->f);
	fputc('}', j->f);
}

void nas_print_json(FILE *f, const nas_pdu *pdu)
{
	static const nas_sink sink = { j_open, j_open_list, j_close, j_u64, j_str, j_bytes, j_diag };
	json_ctx j = { .f = f };
	nas_walk(pdu, &sink, &j);
	fputc('\n', f);
}
