/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Typed IE decoders (24.301 9.9.x and the 24.008 codings it refers to). Each
 * reads through one nas_cursor, builds no strings except where the caller
 * asks for text (APN), and returns NAS_OK or the first problem.
 */
#include <string.h>

#include "esmtrace/nas.h"

/* ----------------------------------------------------------- bit rates */

/* 9.9.4.3 table: basic 8-bit bit rate octet, kbit/s. 0x00 is "subscribed"
 * uplink and reserved downlink: shown as 0. */
static uint64_t rate_basic(uint8_t b)
{
	if (b == 0x00 || b == 0xFF)
		return 0;
	if (b <= 0x3F)
		return b;
	if (b <= 0x7F)
		return 64 + (uint64_t)(b - 0x40) * 8;
	return 576 + (uint64_t)(b - 0x80) * 64;
}

/* 9.9.4.3 / 9.9.4.2 extended octet (non-zero), kbit/s; values above 0xFA
 * are read as 0xFA (9.9.4.2 says so; 9.9.4.3 leaves them undefined). */
static uint64_t rate_ext(uint8_t e)
{
	if (e <= 0x4A)
		return 8600 + (uint64_t)e * 100;
	if (e <= 0xBA)
		return 16000 + (uint64_t)(e - 0x4A) * 1000;
	if (e > 0xFA)
		e = 0xFA;
	return 128000 + (uint64_t)(e - 0xBA) * 2000;
}

/* 9.9.4.3 extended-2 octet (non-zero), kbit/s; it replaces the others.
 * Values above 0xF6 map to the maximum (10 Gbit/s). */
static uint64_t rate_ext2_qos(uint8_t x)
{
	if (x <= 0x3D)
		return 256000 + (uint64_t)x * 4000;
	if (x <= 0xA1)
		return 500000 + (uint64_t)(x - 0x3D) * 10000;
	if (x > 0xF6)
		x = 0xF6;
	return 1500000 + (uint64_t)(x - 0xA1) * 100000;
}

/* 9.9.4.3: contents are 1, 5, 9 or 13 octets. The whole check: the decode
 * path validates with it alone rather than computing bit rates it drops. */
static int eps_qos_check(nas_bytes v)
{
	if (v.len != 1 && v.len != 5 && v.len != 9 && v.len != 13)
		return v.len == 0 ? NAS_ERR_TRUNCATED : NAS_ERR_BAD_LENGTH;
	return NAS_OK;
}

int nas_decode_eps_qos(nas_bytes v, nas_eps_qos *out)
{
	uint64_t *r[4];
	int rc = eps_qos_check(v);

	memset(out, 0, sizeof(*out));
	if (rc != NAS_OK)
		return rc;
	out->qci = v.p[0];
	if (v.len == 1)
		return NAS_OK;
	out->has_rates = true;
	r[0] = &out->mbr_ul; r[1] = &out->mbr_dl; r[2] = &out->gbr_ul; r[3] = &out->gbr_dl;
	for (unsigned i = 0; i < 4; i++) {
		uint8_t b = v.p[1 + i];
		uint8_t e = v.len >= 9 ? v.p[5 + i] : 0;
		uint8_t x = v.len >= 13 ? v.p[9 + i] : 0;
		*r[i] = x ? rate_ext2_qos(x) : e ? rate_ext(e) : rate_basic(b);
	}
	return NAS_OK;
}

/* Units of the extended bit rate IEs, kbit/s: 200 kbit/s, then 1, 4, 16, 64,
 * 256 Mbit/s, 1 Gbit/s ... 256 Pbit/s (x4 within a decade of 1000, as
 * tables 9.9.4.29.1 and 9.9.4.30.1 list them). */
static const uint64_t ext_units[22] = {
	200, 200, 1000ull, 4000ull, 16000ull, 64000ull, 256000ull,
	1000000ull, 4000000ull, 16000000ull, 64000000ull, 256000000ull,
	1000000000ull, 4000000000ull, 16000000000ull, 64000000000ull, 256000000000ull,
	1000000000000ull, 4000000000000ull, 16000000000000ull, 64000000000000ull, 256000000000000ull,
};

/* 9.9.4.30: 0 is "not used" and read as 200 kbit/s; above 21 = 256 Pbit/s. */
static uint64_t ext_qos_unit(uint8_t u)
{
	return ext_units[u > 21 ? 21 : u];
}

int nas_decode_ext_eps_qos(nas_bytes v, nas_ext_eps_qos *out)
{
	const uint8_t *q = v.p;

	memset(out, 0, sizeof(*out));
	if (v.len != 10)
		return NAS_ERR_BAD_LENGTH;
	/* unit MBR, MBR UL(2), MBR DL(2), unit GBR, GBR UL(2), GBR DL(2) */
	out->mbr_ul = ext_qos_unit(q[0]) * (uint64_t)(q[1] << 8 | q[2]);
	out->mbr_dl = ext_qos_unit(q[0]) * (uint64_t)(q[3] << 8 | q[4]);
	out->gbr_ul = ext_qos_unit(q[5]) * (uint64_t)(q[6] << 8 | q[7]);
	out->gbr_dl = ext_qos_unit(q[5]) * (uint64_t)(q[8] << 8 | q[9]);
	return NAS_OK;
}

/* 9.9.4.2: DL, UL, DL ext, UL ext, DL ext-2, UL ext-2. Ext-2 adds
 * value x 256 Mbit/s to the octet 3/5 value; 0xFF is read as 0. */
static int apn_ambr_check(nas_bytes v) /* the whole check, as eps_qos_check */
{
	if (v.len != 2 && v.len != 4 && v.len != 6)
		return v.len < 2 ? NAS_ERR_TRUNCATED : NAS_ERR_BAD_LENGTH;
	return NAS_OK;
}

int nas_decode_apn_ambr(nas_bytes v, nas_ambr *out)
{
	uint64_t r[2];
	int rc = apn_ambr_check(v);

	memset(out, 0, sizeof(*out));
	if (rc != NAS_OK)
		return rc;
	for (unsigned i = 0; i < 2; i++) {
		uint8_t e = v.len >= 4 ? v.p[2 + i] : 0;
		uint8_t x = v.len >= 6 ? v.p[4 + i] : 0;
		r[i] = e ? rate_ext(e) : rate_basic(v.p[i]);
		if (x && x != 0xFF)
			r[i] += (uint64_t)x * 256000;
	}
	out->dl = r[0];
	out->ul = r[1];
	return NAS_OK;
}

/* 9.9.4.29: units 0-2 are not used and read as 4 Mbit/s (unit 3). */
static uint64_t ext_ambr_unit(uint8_t u)
{
	return ext_units[u < 3 ? 3 : u > 21 ? 21 : u];
}

int nas_decode_ext_apn_ambr(nas_bytes v, nas_ambr *out)
{
	const uint8_t *q = v.p;

	memset(out, 0, sizeof(*out));
	if (v.len != 6)
		return NAS_ERR_BAD_LENGTH;
	out->dl = ext_ambr_unit(q[0]) * (uint64_t)(q[1] << 8 | q[2]);
	out->ul = ext_ambr_unit(q[3]) * (uint64_t)(q[4] << 8 | q[5]);
	return NAS_OK;
}

/* ------------------------------------------------------------------ APN */

/* 9.9.4.1 -> 23.003 9.1: length-prefixed labels, no root label. */
static int apn_walk(nas_bytes v, char *out, uint32_t *bad)
{
	nas_cursor c = nas_cur_of(v);
	uint32_t n = 0;

	if (out)
		out[0] = '\0';
	if (v.len > NAS_APN_MAX - 1) {
		*bad = 0;
		return NAS_ERR_BAD_LENGTH;
	}
	while (nas_cur_left(&c)) {
		uint32_t at = c.pos;
		uint8_t l = 0;
		nas_bytes lab;

		nas_cur_u8(&c, &l);
		if (l == 0 || !nas_cur_take(&c, l, &lab)) {
			*bad = at;
			return NAS_ERR_BAD_VALUE;
		}
		if (out) {
			if (n)
				out[n++] = '.';
			memcpy(out + n, lab.p, l);
			n += l;
			out[n] = '\0';
		}
	}
	return NAS_OK;
}

int nas_decode_apn(nas_bytes v, char out[NAS_APN_MAX])
{
	uint32_t bad;
	return apn_walk(v, out, &bad);
}

/* ---------------------------------------------------------- PDN address */

/* 9.9.4.9: PDN type value (bits 3-1), then address information. */
int nas_decode_pdn_address(nas_bytes v, nas_pdn_address *out)
{
	memset(out, 0, sizeof(*out));
	if (v.len < 1)
		return NAS_ERR_TRUNCATED;
	out->type = v.p[0] & 0x07;
	switch (out->type) {
	case 1:
		if (v.len != 5)
			return NAS_ERR_BAD_LENGTH;
		memcpy(out->ipv4, v.p + 1, 4);
		out->has_ipv4 = true;
		return NAS_OK;
	case 2:
		if (v.len != 9)
			return NAS_ERR_BAD_LENGTH;
		memcpy(out->ipv6_iid, v.p + 1, 8);
		out->has_ipv6_iid = true;
		return NAS_OK;
	case 3:
		if (v.len != 13)
			return NAS_ERR_BAD_LENGTH;
		memcpy(out->ipv6_iid, v.p + 1, 8);
		memcpy(out->ipv4, v.p + 9, 4);
		out->has_ipv4 = out->has_ipv6_iid = true;
		return NAS_OK;
	case 5: /* non IP, Ethernet: 4 spare octets */
	case 6:
		return v.len == 5 ? NAS_OK : NAS_ERR_BAD_LENGTH;
	}
	return NAS_WARN_RESERVED;
}

/* ----------------------------------------------------------- GPRS timers */

/* 24.008 10.5.7.3: unit bits 8-6: 0 = 2 s, 1 = 1 min, 2 = 6 min (decihour),
 * 7 = deactivated, other values read as 1 min. */
int nas_decode_gprs_timer(nas_bytes v, nas_timer *out)
{
	static const uint32_t mult[8] = { 2, 60, 360, 60, 60, 60, 60, 0 };

	memset(out, 0, sizeof(*out));
	if (v.len != 1)
		return v.len ? NAS_ERR_BAD_LENGTH : NAS_ERR_TRUNCATED;
	out->unit = v.p[0] >> 5;
	out->value = v.p[0] & 0x1F;
	out->deactivated = out->unit == 7;
	out->seconds = (uint64_t)mult[out->unit] * out->value;
	return NAS_OK;
}

int nas_decode_gprs_timer2(nas_bytes v, nas_timer *out)
{
	return nas_decode_gprs_timer(v, out);
}

/* 24.008 10.5.7.4a: 0 = 10 min, 1 = 1 h, 2 = 10 h, 3 = 2 s, 4 = 30 s,
 * 5 = 1 min, 7 = deactivated. 6 is 320 h only in the T3312/T3412 extended
 * value IEs and read as 1 h elsewhere (its NOTE 1): this is the reading for
 * the ESM uses, T3396 and the back-off timer. */
int nas_decode_gprs_timer3(nas_bytes v, nas_timer *out)
{
	static const uint32_t mult[8] = { 600, 3600, 36000, 2, 30, 60, 3600, 0 };

	memset(out, 0, sizeof(*out));
	if (v.len != 1)
		return v.len ? NAS_ERR_BAD_LENGTH : NAS_ERR_TRUNCATED;
	out->unit = v.p[0] >> 5;
	out->value = v.p[0] & 0x1F;
	out->deactivated = out->unit == 7;
	out->seconds = (uint64_t)mult[out->unit] * out->value;
	return NAS_OK;
}

/* ------------------------------------------------------------------ TFT */

/* 24.008 table 10.5.162: value length of each packet filter component. */
static int component_len(uint8_t type)
{
	switch (type) {
	case 0x10: case 0x11: return 8;   /* IPv4 address + mask */
	case 0x20: return 32;             /* IPv6 address + mask */
	case 0x21: case 0x23: return 17;  /* IPv6 address + prefix length */
	case 0x30: return 1;
	case 0x40: case 0x50: return 2;
	case 0x41: case 0x51: return 4;
	case 0x60: return 4;
	case 0x70: return 2;
	case 0x80: return 3;
	case 0x81: case 0x82: return 6;
	case 0x83: case 0x84: return 2;
	case 0x85: case 0x86: return 1;
	case 0x87: return 2;
	}
	return -1;
}

/* Errors of the TFT operation and of packet filter contents that 24.301
 * 6.4.2.4 has the receiver reject (#41-#45) leave the IE well-formed: they are
 * NAS_WARN_SEMANTIC. Only bytes that do not fit the structure are errors. */
/* out == NULL: check only. The decode path calls it that way, which spares
 * clearing and filling a 4 kB nas_tft for every TFT. */
static int tft_parse(nas_bytes v, nas_tft *keep, uint32_t *bad)
{
	nas_cursor c = nas_cur_of(v);
	nas_tft hdr; /* op, E bit and count when nothing is kept */
	nas_tft *out = keep ? keep : &hdr;
	uint8_t o1;
	int warn = NAS_OK;
	uint32_t warn_at = 0;

	if (keep)
		memset(keep, 0, sizeof(*keep));
	*bad = 0;
	if (!nas_cur_u8(&c, &o1))
		return NAS_ERR_TRUNCATED;
	out->op = o1 >> 5;
	out->e_bit = (o1 >> 4) & 1;
	out->n_filters = o1 & 0x0F;

	/* 6.4.2.4 b: create/add/replace with an empty list, delete or
	 * "no TFT operation" with a non-empty one, delete filters with none */
	if (((out->op == 1 || out->op == 3 || out->op == 4 || out->op == 5) && out->n_filters == 0) ||
	    ((out->op == 2 || out->op == 6) && out->n_filters != 0))
		warn = NAS_WARN_SEMANTIC;

	if (out->op == 5) {
		/* delete packet filters: one identifier octet each */
		for (unsigned i = 0; i < out->n_filters; i++) {
			uint8_t id;
			*bad = c.pos;
			if (!nas_cur_u8(&c, &id))
				return NAS_ERR_TRUNCATED;
			if (keep)
				out->f[i].id = id & 0x0F;
		}
	} else if (out->op != 2 && out->op != 6) {
		for (unsigned i = 0; i < out->n_filters; i++) {
			nas_tft_filter scratch, *f = keep ? &out->f[i] : &scratch;
			uint8_t a, prec, flen;
			nas_bytes body;
			nas_cursor fc;

			*bad = c.pos;
			if (!nas_cur_u8(&c, &a) || !nas_cur_u8(&c, &prec) || !nas_cur_u8(&c, &flen))
				return NAS_ERR_TRUNCATED;
			f->id = a & 0x0F;
			f->direction = (a >> 4) & 0x03;
			f->precedence = prec;
			f->n_comp = 0;
			if (!nas_cur_take(&c, flen, &body))
				return NAS_ERR_TRUNCATED;
			fc = nas_cur_of(body);
			while (nas_cur_left(&fc)) {
				uint32_t at = (uint32_t)(body.p - v.p) + fc.pos;
				uint8_t t = 0;
				int cl;
				nas_bytes cv;

				nas_cur_u8(&fc, &t);
				cl = component_len(t);
				if (cl < 0) {
					/* 6.4.2.4 c: a reserved component type; the
					 * filter's length still bounds it: skip the rest */
					if (warn == NAS_OK) {
						warn = NAS_WARN_SEMANTIC;
						warn_at = at;
					}
					break;
				}
				if (!nas_cur_take(&fc, (uint32_t)cl, &cv)) {
					*bad = at;
					return NAS_ERR_BAD_LENGTH;
				}
				if (!keep)
					continue;
				if (f->n_comp < NAS_TFT_MAX_COMPONENTS) {
					f->comp[f->n_comp++] = (nas_tft_component){ t, cv };
				} else if (warn == NAS_OK) {
					warn = NAS_WARN_CAP;
					warn_at = at;
				}
			}
		}
	}
	if (out->e_bit) {
		/* parameters list: {id, length, contents} to the end (10.5.6.12) */
		out->params = (nas_bytes){ v.p + c.pos, nas_cur_left(&c) };
		while (nas_cur_left(&c)) {
			uint8_t id, l;
			*bad = c.pos;
			if (!nas_cur_u8(&c, &id) || !nas_cur_u8(&c, &l) || !nas_cur_take(&c, l, NULL))
				return NAS_ERR_TRUNCATED;
		}
	} else if (nas_cur_left(&c)) {
		*bad = c.pos;
		return NAS_ERR_TRAILING;
	}
	*bad = warn_at;
	return warn;
}

int nas_decode_tft(nas_bytes v, nas_tft *out)
{
	uint32_t bad;
	return tft_parse(v, out, &bad);
}

/* ------------------------------------------------------------ identities */

/* 24.008 10.5.1.4: digit 1 in bits 8-5 of octet 1 (bits 4-1 hold the odd/even
 * indicator and the type), then two digits per octet, the low nibble first;
 * an even count ends with a 0xF filler. Counted in nibbles: nibble j is the
 * high one of octet j / 2 when j is odd. Stops at the first non-digit. */
static void bcd_digits(const uint8_t *q, uint32_t n, bool odd, char *out, size_t cap)
{
	uint32_t end = 2 * n - (odd ? 0 : 1); /* the nibble after the last digit */
	size_t k = 0;

	for (uint32_t j = 1; j < end && k + 1 < cap; j++) {
		uint8_t d = j & 1 ? q[j / 2] >> 4 : q[j / 2] & 0x0F;
		if (d > 9)
			break;
		out[k++] = (char)('0' + d);
	}
	out[k] = '\0';
}

void nas_plmn_text(const uint8_t q[3], char out[7])
{
	/* 9.9.3.32 / 24.008 10.5.1.3: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1; MNC3 0xF
	 * = two-digit MNC. Written in place: this runs for every GUTI decoded. */
	const uint8_t d[6] = { q[0] & 0x0F, q[0] >> 4, q[1] & 0x0F, q[2] & 0x0F, q[2] >> 4, q[1] >> 4 };
	for (unsigned i = 0; i < 6; i++)
		out[i] = d[i] <= 9 ? (char)('0' + d[i]) : '?';
	out[(q[1] >> 4) == 0x0F ? 5 : 6] = '\0';
}

bool nas_plmn_parse(const char *s, uint8_t out[3])
{
	/* the reverse of nas_plmn_text: MCC (3 digits) then MNC (2 or 3) */
	size_t n = strlen(s);
	if ((n != 5 && n != 6) || strspn(s, "0123456789") != n)
		return false;
	uint8_t d[6];
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(s[i] - '0');
	out[0] = (uint8_t)(d[1] << 4 | d[0]);
	out[1] = (uint8_t)((n == 6 ? d[5] : 0x0F) << 4 | d[2]);
	out[2] = (uint8_t)(d[4] << 4 | d[3]);
	return true;
}

int nas_decode_identity(nas_bytes v, bool eps, nas_identity *out)
{
	uint8_t t;
	bool odd;

	memset(out, 0, sizeof(*out));
	if (v.len < 1)
		return NAS_ERR_TRUNCATED;
	t = v.p[0] & 0x07;
	odd = (v.p[0] >> 3) & 1;
	/* 9.9.3.12: 1 IMSI, 6 GUTI, 3 IMEI. 24.008 10.5.1.4: 1 IMSI, 2 IMEI,
	 * 3 IMEISV, 4 TMSI/P-TMSI/M-TMSI. */
	if (t == 1 || (eps && t == 3) || (!eps && (t == 2 || t == 3))) {
		out->kind = t == 1 ? NAS_ID_IMSI : (eps || t == 2) ? NAS_ID_IMEI : NAS_ID_IMEISV;
		if (v.len > 9)
			return NAS_ERR_BAD_LENGTH;
		bcd_digits(v.p, v.len, odd, out->digits, sizeof(out->digits));
		return NAS_OK;
	}
	if (eps && t == 6) {
		if (v.len != 11)
			return NAS_ERR_BAD_LENGTH;
		out->kind = NAS_ID_GUTI;
		nas_plmn_text(v.p + 1, out->plmn);
		out->mmegi = (uint16_t)(v.p[4] << 8 | v.p[5]);
		out->mmec = v.p[6];
		out->m_tmsi = (uint32_t)v.p[7] << 24 | (uint32_t)v.p[8] << 16 | (uint32_t)v.p[9] << 8 | v.p[10];
		return NAS_OK;
	}
	if (!eps && t == 4) {
		if (v.len != 5)
			return NAS_ERR_BAD_LENGTH;
		out->kind = NAS_ID_TMSI;
		out->m_tmsi = (uint32_t)v.p[1] << 24 | (uint32_t)v.p[2] << 16 | (uint32_t)v.p[3] << 8 | v.p[4];
		return NAS_OK;
	}
	return t == 0 ? NAS_OK : NAS_WARN_RESERVED; /* 0 = no identity */
}

/* ------------------------------------------------------------ the check */

/* 9.9.4.20: number of contexts, then {length, contents} per context. */
static int remote_ue_list_check(nas_bytes v, uint32_t *bad)
{
	nas_cursor c = nas_cur_of(v);
	uint8_t n, l;

	if (!nas_cur_u8(&c, &n))
		return NAS_ERR_TRUNCATED;
	for (unsigned i = 0; i < n; i++) {
		*bad = c.pos;
		if (!nas_cur_u8(&c, &l) || !nas_cur_take(&c, l, NULL))
			return NAS_ERR_TRUNCATED;
	}
	*bad = c.pos;
	return nas_cur_left(&c) ? NAS_ERR_TRAILING : NAS_OK;
}

int nas_ie_check(uint8_t ie_type, nas_bytes v, nas_dir dir, uint32_t *bad_off)
{
	uint32_t bad = 0;
	int rc = NAS_OK;

	switch (ie_type) {
	case NAS_IE_EPS_QOS:
		rc = eps_qos_check(v);
		break;
	case NAS_IE_EXT_EPS_QOS: {
		nas_ext_eps_qos q;
		rc = nas_decode_ext_eps_qos(v, &q);
		break;
	}
	case NAS_IE_APN:
		rc = apn_walk(v, NULL, &bad);
		break;
	case NAS_IE_PDN_ADDRESS: {
		nas_pdn_address a;
		rc = nas_decode_pdn_address(v, &a);
		break;
	}
	case NAS_IE_APN_AMBR:
		rc = apn_ambr_check(v);
		break;
	case NAS_IE_EXT_APN_AMBR: {
		nas_ambr a;
		rc = nas_decode_ext_apn_ambr(v, &a);
		break;
	}
	case NAS_IE_TFT:
	case NAS_IE_TFAD:
		rc = tft_parse(v, NULL, &bad); /* keeps nothing: no cap applies */
		break;
	case NAS_IE_PCO:
	case NAS_IE_EPCO:
		rc = nas_pco_check(v, dir, &bad);
		break;
	case NAS_IE_GPRS_TIMER:
	case NAS_IE_GPRS_TIMER2:
	case NAS_IE_GPRS_TIMER3:
	case NAS_IE_ESM_CAUSE:
	case NAS_IE_EMM_CAUSE:
	case NAS_IE_NOTIFICATION_IND:
	case NAS_IE_REATTEMPT_IND:
	case NAS_IE_LLC_SAPI:
		rc = v.len == 1 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		break;
	case NAS_IE_PFI:
		rc = v.len == 1 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		break;
	case NAS_IE_TI: /* 24.008 10.5.6.7: one octet, a second when TI value is 7 */
		rc = (v.len == 1 || v.len == 2) ? NAS_OK : NAS_ERR_BAD_LENGTH;
		break;
	case NAS_IE_SERVING_PLMN_RATE:
	case NAS_IE_BEARER_CTX_STATUS:
		rc = v.len == 2 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		break;
	case NAS_IE_HDR_COMPRESSION: /* 9.9.4.22: profiles, MAX_CID(2), [type, container] */
		rc = v.len >= 3 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		break;
	case NAS_IE_PKMF_ADDRESS: /* 9.9.4.21: type 1 IPv4, 2 IPv6 */
		if (v.len < 1)
			rc = NAS_ERR_TRUNCATED;
		else if ((v.p[0] & 7) == 1)
			rc = v.len == 5 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		else if ((v.p[0] & 7) == 2)
			rc = v.len == 17 ? NAS_OK : NAS_ERR_BAD_LENGTH;
		else
			rc = NAS_WARN_RESERVED;
		break;
	case NAS_IE_REMOTE_UE_LIST:
		rc = remote_ue_list_check(v, &bad);
		break;
	case NAS_IE_MOBILE_ID: {
		nas_identity id;
		/* the caller cannot tell which of the two codings; both reject the same lengths */
		rc = nas_decode_identity(v, true, &id);
		if (rc != NAS_OK)
			rc = nas_decode_identity(v, false, &id);
		break;
	}
	default:
		break;
	}
	if (bad_off)
		*bad_off = bad;
	return rc;
}
