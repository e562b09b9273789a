/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Protocol configuration options (24.008 10.5.6.3, via 24.301 9.9.4.11) and
 * extended PCO (24.008 10.5.6.3A, via 24.301 9.9.4.26). Facts as collected in
 * shared/reference/pco.md. Direction is explicit: container IDs mean different
 * things from the MS and from the network, and the "with the length of two
 * octets" containers use a 2-octet length only in the direction named.
 */
#include <stdio.h>
#include <string.h>

#include "esmtrace/nas.h"

bool nas_pco_two_octet_length(uint16_t id, nas_dir dir)
{
	switch (id) {
	case 0x0023: /* QoS rules with the length of two octets */
	case 0x0024: /* QoS flow descriptions with the length of two octets */
	case 0x0030: /* ATSSS response with the length of two octets */
	case 0x0031: /* DNS server security information with length of two octets */
	case 0x0032: /* ECS address with the length of two octets */
		return dir == NAS_DOWNLINK;
	case 0x0041: /* Service-level-AA container with the length of two octets */
	case 0x0051: /* SDNAEPC EAP message with the length of two octets */
	case 0x0056: /* UE policy container with the length of two octets */
		return true;
	}
	return false;
}

/* Octet 3: ext bit 1, spare, configuration protocol 000 (PPP). */
int nas_pco_begin(nas_pco_iter *it, nas_bytes v, nas_dir dir, uint32_t base_off)
{
	memset(it, 0, sizeof(*it));
	it->v = v;
	it->dir = dir;
	it->base_off = base_off;
	if (v.len < 1) {
		it->err = NAS_ERR_TRUNCATED;
		return it->err;
	}
	it->pos = 1;
	if (!(v.p[0] & 0x80) || (v.p[0] & 0x07) != 0) {
		/* only "PPP for use with IP PDP type or IP PDN type" is defined */
		it->err = NAS_WARN_RESERVED;
		it->pos = 0;
		return it->err;
	}
	return NAS_OK;
}

/* One container step. */
static inline bool pco_step(nas_pco_iter *it, nas_pco_item *out)
{
	nas_cursor c = nas_cur(it->v.p, it->v.len);
	uint16_t id, l16;
	uint8_t l8;

	if (it->err != NAS_OK)
		return false;
	c.pos = it->pos;
	if (!nas_cur_left(&c))
		return false;
	if (!nas_cur_u16(&c, &id)) {
		it->err = NAS_ERR_TRUNCATED;
		return false;
	}
	if (nas_pco_two_octet_length(id, it->dir)) {
		if (!nas_cur_u16(&c, &l16)) {
			it->err = NAS_ERR_TRUNCATED;
			return false;
		}
	} else {
		if (!nas_cur_u8(&c, &l8)) {
			it->err = NAS_ERR_TRUNCATED;
			return false;
		}
		l16 = l8;
	}
	out->id = id;
	out->off = it->base_off + it->pos;
	if (!nas_cur_take(&c, l16, &out->v)) {
		it->err = NAS_ERR_TRUNCATED;
		return false;
	}
	it->pos = c.pos;
	return true;
}

bool nas_pco_next(nas_pco_iter *it, nas_pco_item *out)
{
	return pco_step(it, out);
}

/* The decode-path check walks the same framing as nas_pco_next (24.008
 * 10.5.6.3 / 10.5.6.3A: octet 3, then ID, 1- or 2-octet length, contents)
 * with a local offset instead of an iterator and an item in memory: it runs
 * on every PCO and ePCO decoded. */
int nas_pco_check(nas_bytes v, nas_dir dir, uint32_t *bad_off)
{
	const uint8_t *q = v.p;
	uint32_t pos = 1;

	if (v.len < 1)
		return NAS_ERR_TRUNCATED; /* *bad_off stays as the caller set it: octet 3 */
	if (!(q[0] & 0x80) || (q[0] & 0x07) != 0)
		return NAS_WARN_RESERVED;
	while (v.len - pos >= 3) { /* ID and at least a 1-octet length */
		uint32_t left = v.len - pos, hdr = 3, clen;
		uint16_t id = (uint16_t)(q[pos] << 8 | q[pos + 1]);

		if (nas_pco_two_octet_length(id, dir)) {
			if (left < 4)
				break;
			hdr = 4;
			clen = (uint32_t)q[pos + 2] << 8 | q[pos + 3];
		} else {
			clen = q[pos + 2];
		}
		if (clen > left - hdr)
			break;
		pos += hdr + clen;
	}
	*bad_off = pos; /* the end, or the container that does not fit */
	return pos == v.len ? NAS_OK : NAS_ERR_TRUNCATED;
}

/* ----------------------------------------------------- typed contents */

/* RFC 1332 / RFC 1877 options inside an IPCP packet (container 0x8021). */
static void ipcp_walk(nas_bytes v, uint32_t off, const nas_sink *s, void *ctx)
{
	static const char *const codes[] = { NULL, "Configure-Request", "Configure-Ack", "Configure-Nak",
	                                     "Configure-Reject" };
	nas_cursor c = nas_cur_of(v);
	uint8_t code, ident;
	uint16_t plen;
	nas_bytes opts;

	if (!nas_cur_u8(&c, &code) || !nas_cur_u8(&c, &ident) || !nas_cur_u16(&c, &plen) || plen < 4 ||
	    !nas_cur_take(&c, plen - 4u, &opts)) {
		s->bytes(ctx, "raw", "IPCP (malformed)", v.p, v.len, off);
		return;
	}
	s->u64(ctx, "ipcp_code", "IPCP code", code, code < 5 ? codes[code] : "Unknown", off, 1);
	s->u64(ctx, "ipcp_identifier", "Identifier", ident, NULL, off + 1, 1);
	s->open_list(ctx, "ipcp_options", "Options", off + 4, opts.len);
	nas_cursor oc = nas_cur_of(opts);
	while (nas_cur_left(&oc)) {
		uint32_t at = oc.pos;
		uint8_t t, l;
		nas_bytes d;
		const char *name;
		char ip[16];

		if (!nas_cur_u8(&oc, &t) || !nas_cur_u8(&oc, &l) || l < 2 || !nas_cur_take(&oc, l - 2u, &d)) {
			s->bytes(ctx, NULL, "Malformed option", opts.p + at, opts.len - at, off + 4 + at);
			break;
		}
		switch (t) {
		case 3: name = "IP-Address"; break;
		case 129: name = "Primary DNS Server IP Address"; break;
		case 130: name = "Primary NBNS Server IP Address"; break;
		case 131: name = "Secondary DNS Server IP Address"; break;
		case 132: name = "Secondary NBNS Server IP Address"; break;
		default: name = "Unknown option"; break;
		}
		s->open(ctx, NULL, name, off + 4 + at, l);
		s->u64(ctx, "type", "Type", t, name, off + 4 + at, 1);
		if (d.len == 4 && (t == 3 || (t >= 129 && t <= 132))) {
			nas_ipv4_text(d.p, ip);
			s->str(ctx, "ipv4", "Address", ip, off + 6 + at, 4);
		} else if (d.len) {
			s->bytes(ctx, "data", "Data", d.p, d.len, off + 6 + at);
		}
		s->close(ctx);
	}
	s->close(ctx);
}

/* 0x0016 / 0x002A: AER (bit 4) and time unit (bits 3-1), then a 3-octet
 * maximum rate; 0x0019 / 0x002B: time unit, then a 2-octet rate (no AER). */
static void rate_control(const nas_pco_item *it, uint32_t voff, bool aer, const nas_sink *s, void *ctx)
{
	static const char *const units[8] = { "unrestricted", "minute", "hour", "day", "week", "Reserved",
	                                      "Reserved", "Reserved" };
	uint64_t rate = 0;

	if (aer)
		s->u64(ctx, "aer", "Additional exception reports", (it->v.p[0] >> 3) & 1, NULL, voff, 1);
	s->u64(ctx, "uplink_time_unit", "Uplink time unit", it->v.p[0] & 7, units[it->v.p[0] & 7], voff, 1);
	for (uint32_t i = 1; i < it->v.len; i++)
		rate = rate << 8 | it->v.p[i];
	s->u64(ctx, "max_uplink_rate", "Maximum uplink rate", rate, NULL, voff + 1, it->v.len - 1);
}

void nas_pco_item_walk(const nas_pco_item *it, nas_dir dir, const nas_sink *s, void *ctx)
{
	uint32_t voff = it->off + 2 + (nas_pco_two_octet_length(it->id, dir) ? 2 : 1);
	const uint8_t *q = it->v.p;
	uint32_t n = it->v.len;
	char txt[40];
	bool dl = dir == NAS_DOWNLINK;

	char hex[8];

	snprintf(hex, sizeof(hex), "0x%04x", it->id); /* as the spec tables write IDs */
	s->u64(ctx, "id", "Protocol or container ID", it->id, hex, it->off, 2);
	s->str(ctx, "name", "Name", nas_pco_id_name(it->id, dir), it->off, 2);
	s->u64(ctx, "length", "Length", n, NULL, it->off + 2, voff - it->off - 2);
	if (n == 0)
		return;
	if (it->id == 0x8021) {
		ipcp_walk(it->v, voff, s, ctx);
		return;
	}
	if (dl && (it->id == 0x000D || it->id == 0x000C || it->id == 0x0009) && n == 4) {
		nas_ipv4_text(q, txt);
		s->str(ctx, "ipv4", "IPv4 address", txt, voff, 4);
		return;
	}
	if (dl && (it->id == 0x0003 || it->id == 0x0001 || it->id == 0x0007) && n == 16) {
		nas_ipv6_text(q, txt);
		s->str(ctx, "ipv6", "IPv6 address", txt, voff, 16);
		return;
	}
	if (dl && (it->id == 0x0010 || it->id == 0x0015 || it->id == 0x0020 || it->id == 0x0021) && n == 2) {
		s->u64(ctx, "mtu", "MTU (octets)", (uint64_t)(q[0] << 8 | q[1]), NULL, voff, 2);
		return;
	}
	if (dl && it->id == 0x0005 && n == 1) {
		s->u64(ctx, "bcm", "Selected bearer control mode", q[0],
		       q[0] == 1 ? "MS only" : q[0] == 2 ? "MS/NW" : "Reserved", voff, 1);
		return;
	}
	if (!dl && it->id == 0x0017 && n == 1) {
		s->u64(ctx, "ps_data_off", "3GPP PS data off UE status", q[0],
		       q[0] == 1 ? "deactivated" : q[0] == 2 ? "activated" : "Reserved", voff, 1);
		return;
	}
	if (dl && it->id == 0x0004 && n == 1) {
		s->u64(ctx, "reject_code", "Policy control rejection code", q[0], NULL, voff, 1);
		return;
	}
	if (it->id == 0x0014 && n == 1) {
		s->u64(ctx, "nbifom_mode", "NBIFOM mode", q[0],
		       q[0] == 0 ? "UE-initiated" : q[0] == 1 ? "Network-initiated" : "Reserved", voff, 1);
		return;
	}
	if (dl && (it->id == 0x0016 || it->id == 0x002A) && n == 4) {
		rate_control(it, voff, true, s, ctx);
		return;
	}
	if (dl && (it->id == 0x0019 || it->id == 0x002B) && n == 3) {
		rate_control(it, voff, false, s, ctx);
		return;
	}
	if (dl && (it->id == 0x0025 || it->id == 0x0028) && n >= 1) {
		/* small data rate control: shown raw, 24.008 points to 24.501 coding */
		s->bytes(ctx, "contents", "Small data rate control parameters", q, n, voff);
		return;
	}
	if (it->id >= 0xFF00) {
		/* operator specific use: the contents start with the operator's
		 * PLMN identity, as tshark 4.0 reads them; shorter ones stay raw */
		if (n >= 3) {
			nas_plmn_text(q, txt);
			s->str(ctx, "plmn", "Operator (MCC MNC)", txt, voff, 3);
			s->bytes(ctx, "contents", "Operator specific contents", q + 3, n - 3, voff + 3);
		} else {
			s->bytes(ctx, "contents", "Operator specific contents", q, n, voff);
		}
		return;
	}
	s->bytes(ctx, "contents", "Contents", q, n, voff);
}
