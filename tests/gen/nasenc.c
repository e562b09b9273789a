/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS encoder for scenario lines (TS 24.301 V17.9.0 clauses 8 and 9).
 *
 * Messages are laid out by the core's own message tables (nas_esm_msg_def,
 * nas_emm_msg_def_dir): the encoder walks the table rows in order and writes
 * every row that has a value, so the wire order, IEIs and formats come from
 * the same rows the decoder uses. This file only knows how to turn readable
 * values ("qci=1 mbr=64/64", "apn=ims") into IE value octets. Every encoded
 * ESM message is decoded again with the core and compared with what was asked
 * (round trip), unless the line deliberately breaks it (hex=, append=,
 * truncate=).
 */
#include "gen.h"

#include "esmtrace/crypto.h"

#include "esmtrace/nas.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- value helpers */

/* 24.008 10.5.6.5 / 24.301 9.9.4.3 bit rate octet (kbit/s up to 8640). */
static uint8_t rate_octet(uint64_t k)
{
	if (k == 0)
		return 0xff; /* 0 kbit/s */
	if (k <= 63)
		return (uint8_t)k;
	if (k <= 568)
		return (uint8_t)(0x40 + (k - 64) / 8);
	if (k <= 8640)
		return (uint8_t)(0x80 + (k - 576) / 64);
	return 0xfe; /* 8640: the extended octet carries the rate */
}

/* Extended bit rate octet (9.9.4.3 octets 8-11, 9.9.4.2 octets 5-6):
 * 8700..16000 kbit/s in 100 kbit/s steps, up to 128 Mbit/s in 1 Mbit/s steps,
 * up to 256 Mbit/s in 2 Mbit/s steps. 0 = use the base octet. */
static uint8_t rate_ext_octet(uint64_t k)
{
	if (k <= 8640)
		return 0;
	if (k <= 16000)
		return (uint8_t)((k - 8600) / 100);
	if (k <= 128000)
		return (uint8_t)(0x4a + (k - 16000) / 1000);
	if (k <= 256000)
		return (uint8_t)(0xba + (k - 128000) / 2000);
	gen_fail("bit rate %llu kbit/s above 256 Mbit/s is not supported", (unsigned long long)k);
}

/* Extended-2 bit rate octet (9.9.4.3 octets 12-15): 260..500 Mbit/s in
 * 4 Mbit/s steps, up to 1500 in 10 Mbit/s steps, up to 10 Gbit/s in
 * 100 Mbit/s steps. 0 = use the lower octets. */
static uint8_t rate_ext2_octet(uint64_t k)
{
	if (k <= 256000)
		return 0;
	if (k <= 500000)
		return (uint8_t)((k - 256000) / 4000);
	if (k <= 1500000)
		return (uint8_t)(0x3d + (k - 500000) / 10000);
	if (k <= 10000000)
		return (uint8_t)(0xa1 + (k - 1500000) / 100000);
	gen_fail("bit rate %llu kbit/s above 10 Gbit/s is not supported", (unsigned long long)k);
}

static void parse_pair(const char *s, uint64_t *a, uint64_t *b, const char *what)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		gen_fail("%s: expected A/B, got '%s'", what, s);
	char tmp[32];
	size_t n = (size_t)(slash - s);
	if (n >= sizeof(tmp))
		gen_fail("%s: bad value '%s'", what, s);
	memcpy(tmp, s, n);
	tmp[n] = 0;
	*a = parse_num(tmp, 10000000000ull, what);
	*b = parse_num(slash + 1, 10000000000ull, what);
}

/* 9.9.4.3 EPS quality of service */
static void enc_eps_qos(kvlist *kv, buf *v)
{
	uint64_t qci = kv_num(kv, "qci", 9, 255);
	buf_u8(v, (uint8_t)qci);
	const char *mbr = kv_get(kv, "mbr"), *gbr = kv_get(kv, "gbr");
	if (!mbr && !gbr)
		return;
	uint64_t r[4] = { 0 }; /* MBR UL, MBR DL, GBR UL, GBR DL */
	if (mbr)
		parse_pair(mbr, &r[0], &r[1], "mbr");
	if (gbr)
		parse_pair(gbr, &r[2], &r[3], "gbr");
	bool ext = false, ext2 = false;
	for (int i = 0; i < 4; i++) {
		buf_u8(v, rate_octet(r[i]));
		ext |= r[i] > 8640;
		ext2 |= r[i] > 256000;
	}
	/* Above 256 Mbit/s the extended octet says 256 (0xFA) and the
	 * extended-2 octet carries the rate. */
	if (ext)
		for (int i = 0; i < 4; i++)
			buf_u8(v, r[i] > 256000 ? 0xfa : rate_ext_octet(r[i]));
	if (ext2)
		for (int i = 0; i < 4; i++)
			buf_u8(v, rate_ext2_octet(r[i]));
}

/* 9.9.4.2 APN aggregate maximum bit rate: ambr=DL/UL */
static void enc_apn_ambr(const char *s, buf *v)
{
	uint64_t dl, ul;
	parse_pair(s, &dl, &ul, "ambr");
	buf_u8(v, rate_octet(dl));
	buf_u8(v, rate_octet(ul));
	if (dl > 8640 || ul > 8640) {
		buf_u8(v, rate_ext_octet(dl));
		buf_u8(v, rate_ext_octet(ul));
	}
}

/* 9.9.4.1 -> 24.008 10.5.6.1: labels, each with its length. */
static void enc_apn(const char *s, buf *v)
{
	while (*s) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);
		if (n == 0 || n > 63)
			gen_fail("bad APN label in '%s'", s);
		buf_u8(v, (uint8_t)n);
		buf_put(v, s, n);
		s += n + (dot ? 1 : 0);
	}
}

static void parse_hex_fixed(const char *s, uint8_t *out, size_t n, const char *what)
{
	buf b = { 0 };
	if (parse_hex(s, &b) != n)
		gen_fail("%s: expected %zu hex octets", what, n);
	memcpy(out, b.p, n);
	buf_free(&b);
}

/* 9.9.4.9 PDN address */
static void enc_pdn_address(const char *s, buf *v)
{
	uint8_t ip[4], iid[8];
	if (strncmp(s, "ipv4:", 5) == 0) {
		parse_ipv4(s + 5, ip);
		buf_u8(v, 1);
		buf_put(v, ip, 4);
	} else if (strncmp(s, "ipv6:", 5) == 0) {
		parse_hex_fixed(s + 5, iid, 8, "pdn ipv6 interface identifier");
		buf_u8(v, 2);
		buf_put(v, iid, 8);
	} else if (strncmp(s, "ipv4v6:", 7) == 0) {
		const char *comma = strchr(s, ',');
		if (!comma || comma - (s + 7) != 16)
			gen_fail("pdn=ipv4v6:IID,A.B.C.D expected");
		char h[17];
		memcpy(h, s + 7, 16);
		h[16] = 0;
		parse_hex_fixed(h, iid, 8, "pdn ipv6 interface identifier");
		parse_ipv4(comma + 1, ip);
		buf_u8(v, 3);
		buf_put(v, iid, 8);
		buf_put(v, ip, 4);
	} else {
		gen_fail("pdn=ipv4:|ipv6:|ipv4v6: expected, got '%s'", s);
	}
}

static int name_index(const char *s, const char *const *names, int n, const char *what)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(s, names[i]) == 0)
			return i;
	gen_fail("unknown %s '%s'", what, s);
}

/* 9.9.3.16B GPRS timer 3: the smallest unit that states the value exactly. */
static uint8_t gprs_timer3(const char *s)
{
	if (strcmp(s, "deact") == 0)
		return 0xe0; /* unit 111: deactivated */
	uint64_t sec = parse_num(s, 320ull * 3600 * 31, "timer");
	static const struct { uint8_t unit; uint32_t sec; } u[] = {
		{ 3, 2 }, { 4, 30 }, { 5, 60 }, { 0, 600 }, { 1, 3600 }, { 2, 36000 }, { 6, 1152000 },
	};
	if (sec == 0)
		return 0x00;
	for (unsigned i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (sec % u[i].sec == 0 && sec / u[i].sec <= 31)
			return (uint8_t)(u[i].unit << 5 | sec / u[i].sec);
	gen_fail("timer value %llu s has no exact GPRS timer 3 coding", (unsigned long long)sec);
}

/* 9.9.4.16 TFT / 9.9.4.15 TFAD (24.008 10.5.6.12): tft=OP then filter=... */
static void enc_tft(const char *op_s, kvlist *kv, buf *v)
{
	static const char *const ops[8] = { "ignore", "create", "delete", "add", "replace", "delete-filters", "no-op", NULL };
	int op = name_index(op_s, ops, 8, "TFT operation");
	size_t count_at = v->len;
	buf_u8(v, (uint8_t)(op << 5));
	int n = 0, n_param_ids = 0;
	uint8_t param_ids[15];
	for (int i = 0; i < kv->n; i++) {
		if (strcmp(kv->a[i].k, "filter") != 0)
			continue;
		kv->a[i].used = true;
		char tmp[512];
		snprintf(tmp, sizeof(tmp), "%s", kv->a[i].v);
		if (op == 6) { /* no TFT operation: the ids go to the parameters list */
			if (n_param_ids == 15)
				gen_fail("too many packet filter ids");
			param_ids[n_param_ids++] = (uint8_t)parse_num(tmp, 15, "packet filter id");
			continue;
		}
		n++;
		if (op == 5) { /* identifiers only */
			buf_u8(v, (uint8_t)parse_num(tmp, 15, "packet filter id"));
			continue;
		}
		/* ID:DIR:PREC:COMPONENTS */
		char *id = strtok(tmp, ":"), *dir = strtok(NULL, ":"), *prec = strtok(NULL, ":"),
		     *comps = strtok(NULL, "");
		if (!id || !dir || !prec)
			gen_fail("filter=ID:DIR:PREC:COMP,... expected");
		static const char *const dirs[4] = { "pre", "dl", "ul", "bi" };
		int d = name_index(dir, dirs, 4, "filter direction");
		buf_u8(v, (uint8_t)(d << 4 | parse_num(id, 15, "packet filter id")));
		buf_u8(v, (uint8_t)parse_num(prec, 255, "precedence"));
		size_t len_at = v->len;
		buf_u8(v, 0);
		for (char *c = comps ? strtok(comps, ",") : NULL; c; c = strtok(NULL, ",")) {
			char *eq = strchr(c, '=');
			if (!eq)
				gen_fail("filter component '%s' needs =", c);
			*eq = 0;
			char *val = eq + 1;
			if (strcmp(c, "ip4") == 0 || strcmp(c, "lip4") == 0) {
				char *sl = strchr(val, '/');
				int plen = 32;
				if (sl) {
					*sl = 0;
					plen = (int)parse_num(sl + 1, 32, "prefix length");
				}
				uint8_t ip[4];
				parse_ipv4(val, ip);
				uint32_t mask = plen ? 0xffffffffu << (32 - plen) : 0;
				buf_u8(v, c[0] == 'l' ? 0x11 : 0x10);
				buf_put(v, ip, 4);
				buf_u32(v, mask);
			} else if (strcmp(c, "proto") == 0) {
				buf_u8(v, 0x30);
				buf_u8(v, (uint8_t)parse_num(val, 255, "protocol"));
			} else if (strcmp(c, "lport") == 0 || strcmp(c, "rport") == 0) {
				uint8_t base = c[0] == 'l' ? 0x40 : 0x50;
				char *dash = strchr(val, '-');
				if (dash) {
					*dash = 0;
					buf_u8(v, base + 1);
					buf_u16(v, (uint16_t)parse_num(val, 65535, "port"));
					buf_u16(v, (uint16_t)parse_num(dash + 1, 65535, "port"));
				} else {
					buf_u8(v, base);
					buf_u16(v, (uint16_t)parse_num(val, 65535, "port"));
				}
			} else if (strcmp(c, "tos") == 0) {
				char *sl = strchr(val, '/');
				if (!sl)
					gen_fail("tos=VALUE/MASK expected");
				*sl = 0;
				buf_u8(v, 0x70);
				buf_u8(v, (uint8_t)parse_num(val, 255, "tos"));
				buf_u8(v, (uint8_t)parse_num(sl + 1, 255, "tos mask"));
			} else {
				gen_fail("unknown filter component '%s'", c);
			}
		}
		size_t clen = v->len - len_at - 1;
		if (clen > 255)
			gen_fail("packet filter too long");
		v->p[len_at] = (uint8_t)clen;
	}
	if (n > 15)
		gen_fail("at most 15 packet filters");
	v->p[count_at] |= (uint8_t)n;
	if (n_param_ids) {
		/* E bit and parameter 3 "packet filter identifier" (24.008 10.5.6.12) */
		v->p[count_at] |= 0x10;
		buf_u8(v, 3);
		buf_u8(v, (uint8_t)n_param_ids);
		buf_put(v, param_ids, (size_t)n_param_ids);
	}
}

/* 24.008 10.5.6.3 PCO / 10.5.6.3A ePCO contents: items as in FORMAT.md 4.1. */
static void enc_pco(const char *s, int dir, buf *v)
{
	buf_u8(v, 0x80); /* extension 1, configuration protocol 0 (PPP) */
	char tmp[1024];
	snprintf(tmp, sizeof(tmp), "%s", s);
	for (char *it = strtok(tmp, ","); it; it = strtok(NULL, ",")) {
		char *val = strchr(it, ':');
		if (val)
			*val++ = 0;
		uint16_t id;
		buf c = { 0 };
		uint8_t a[16];
		if (strcmp(it, "dns4") == 0 || strcmp(it, "pcscf4") == 0) {
			id = it[0] == 'd' ? 0x000D : 0x000C;
			if (val) {
				parse_ipv4(val, a);
				buf_put(&c, a, 4);
			}
		} else if (strcmp(it, "dns6") == 0 || strcmp(it, "pcscf6") == 0) {
			id = it[0] == 'd' ? 0x0003 : 0x0001;
			if (val) {
				parse_hex_fixed(val, a, 16, it);
				buf_put(&c, a, 16);
			}
		} else if (strcmp(it, "mtu") == 0) {
			id = 0x0010;
			if (val)
				buf_u16(&c, (uint16_t)parse_num(val, 65535, "mtu"));
		} else if (strcmp(it, "ipcp") == 0) {
			/* RFC 1332 + RFC 1877: Configure-Request (1) or -Nak (3) with the
			 * primary DNS option (129). */
			id = 0x8021;
			memset(a, 0, 4);
			if (val)
				parse_ipv4(val, a);
			buf_u8(&c, dir == 1 ? 1 : 3);
			buf_u8(&c, 0);
			buf_u16(&c, 10);
			buf_u8(&c, 0x81);
			buf_u8(&c, 6);
			buf_put(&c, a, 4);
		} else if (strncmp(it, "id", 2) == 0 && it[2] == 0 && val) {
			/* id:HEX=HEX */
			char *eq = strchr(val, '=');
			if (!eq)
				gen_fail("pco id:ID=HEX expected");
			*eq = 0;
			id = (uint16_t)strtoul(val, NULL, 16);
			parse_hex(eq + 1, &c);
		} else {
			gen_fail("unknown PCO item '%s'", it);
		}
		if (dir == 1 && val && strcmp(it, "ipcp") != 0 && strcmp(it, "id") != 0)
			gen_fail("uplink PCO item '%s' carries no value", it);
		buf_u16(v, id);
		/* ePCO containers 0x0023 and up with two-octet lengths never
		 * appear here, so one length octet is right for every item. */
		if (c.len > 255)
			gen_fail("PCO container too long");
		buf_u8(v, (uint8_t)c.len);
		buf_put(v, c.p, c.len);
		buf_free(&c);
	}
}

/* 24.008 10.5.1.3 PLMN in three octets: "00101" or "001010". */
static void enc_plmn(const char *s, uint8_t out[3])
{
	size_t n = strlen(s);
	if (n != 5 && n != 6)
		gen_fail("PLMN '%s': 5 or 6 digits expected", s);
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			gen_fail("PLMN '%s': digits expected", s);
	uint8_t d[6];
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(s[i] - '0');
	out[0] = (uint8_t)(d[1] << 4 | d[0]);
	out[1] = (uint8_t)((n == 6 ? d[5] : 0xf) << 4 | d[2]);
	out[2] = (uint8_t)(d[4] << 4 | d[3]);
}

/* 9.9.3.12 EPS mobile identity: IMSI digits or a GUTI PLMN:MMEGI:MMEC:MTMSI. */
static void enc_identity(kvlist *kv, buf *v)
{
	const char *imsi = kv_get(kv, "imsi"), *guti = kv_get(kv, "guti");
	if (imsi) {
		size_t n = strlen(imsi);
		if (n < 6 || n > 15)
			gen_fail("IMSI '%s': 6 to 15 digits", imsi);
		buf_u8(v, (uint8_t)((imsi[0] - '0') << 4 | (n % 2) << 3 | 1));
		for (size_t i = 1; i < n; i += 2) {
			uint8_t lo = (uint8_t)(imsi[i] - '0');
			uint8_t hi = i + 1 < n ? (uint8_t)(imsi[i + 1] - '0') : 0xf;
			buf_u8(v, (uint8_t)(hi << 4 | lo));
		}
		return;
	}
	if (!guti)
		gen_fail("imsi= or guti= needed");
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%s", guti);
	char *plmn = strtok(tmp, ":"), *gi = strtok(NULL, ":"), *mc = strtok(NULL, ":"), *tm = strtok(NULL, ":");
	if (!plmn || !gi || !mc || !tm)
		gen_fail("guti=PLMN:MMEGI:MMEC:MTMSI expected");
	uint8_t p[3];
	enc_plmn(plmn, p);
	buf_u8(v, 0xf6); /* spare 1111, even, type 110 GUTI */
	buf_put(v, p, 3);
	buf_u16(v, (uint16_t)parse_num(gi, 65535, "MMEGI"));
	buf_u8(v, (uint8_t)parse_num(mc, 255, "MMEC"));
	char *end;
	unsigned long long mt = strtoull(tm, &end, 16); /* M-TMSI in hex, 0x optional */
	if (*end || mt > 0xffffffffu)
		gen_fail("M-TMSI '%s': hex expected", tm);
	buf_u32(v, (uint32_t)mt);
}

/* 9.9.2.1 EPS bearer context status: bit n = EBI n, EBI 0-7 in the first octet. */
static void enc_bcs(const char *s, buf *v)
{
	uint16_t bits = 0;
	char tmp[128];
	snprintf(tmp, sizeof(tmp), "%s", s);
	for (char *e = strtok(tmp, ","); e; e = strtok(NULL, ","))
		if (strcmp(e, "none") != 0)
			bits |= (uint16_t)(1u << parse_num(e, 15, "EBI"));
	buf_u8(v, (uint8_t)bits);
	buf_u8(v, (uint8_t)(bits >> 8));
}

/* ------------------------------------------------------ table-driven part */

typedef struct {
	bool set;
	uint8_t half;
	buf v;
} row_val;

static bool is_key(const nas_ie_def *r, const char *key) { return strcmp(r->key, key) == 0; }

/* The subscriber of the line being encoded (nas_set_subscriber), the serving
 * network's PLMN, and the RAND of its AUTHENTICATION REQUEST. */
static gen_sub *sec_sub;
static uint8_t sec_plmn[3], aka_rand[16];
static nas_crypto *crypto;

void nas_set_subscriber(gen_sub *sub, const uint8_t sn_plmn[3])
{
	sec_sub = sub;
	if (sn_plmn)
		memcpy(sec_plmn, sn_plmn, 3);
}

/* The network's AKA (TS 33.401 6.1): AUTN from SQN (aka-sqn=, else the
 * subscriber's next) and AMF (amf=, default 8000: the "separation bit" of
 * TS 33.401 6.1.1); KASME with the serving network's PLMN (A.2), kept as the
 * non-current native context of the KSI. */
static void aka_run(kvlist *kv, buf *autn)
{
	gen_sub *b = sec_sub;
	uint8_t sqn[6], amf[2] = { 0x80, 0x00 }, a[16];
	const char *s;
	buf t = { 0 };
	memcpy(sqn, b->sqn, 6);
	if ((s = kv_get(kv, "aka-sqn"))) {
		if (parse_hex(s, &t) != 6)
			gen_fail("aka-sqn= needs 6 octets in hex");
		memcpy(sqn, t.p, 6);
		t.len = 0;
	}
	if ((s = kv_get(kv, "amf"))) {
		if (parse_hex(s, &t) != 2)
			gen_fail("amf= needs 2 octets in hex");
		memcpy(amf, t.p, 2);
	}
	buf_free(&t);
	nas_aka r;
	if (!nas_milenage_vector(b->k, b->opc, aka_rand, sqn, amf, a, &r))
		gen_fail("Milenage failed (libosmogsm)");
	buf_put(autn, a, 16);
	nas_kdf_kasme(r.ck, r.ik, sec_plmn, a, b->aka_kasme);
	memcpy(b->res, r.res, 8);
	b->have_aka = true;
	b->aka_ksi = (uint8_t)kv_num(kv, "ksi", 0, 6);
	/* the next AKA's SQN: SEQ + 1 (TS 33.102 C.1.1, IND not used) */
	memcpy(b->sqn, sqn, 6);
	for (int i = 5; i >= 0 && ++b->sqn[i] == 0; i--)
		;
}

/* SECURITY MODE COMMAND (TS 24.301 5.4.3.2): the named context into use with
 * the chosen algorithms; a context fresh from AKA starts both NAS COUNTs at 0
 * (4.4.3.1), the current one with new algorithms keeps them. */
static void smc_switch(gen_sub *b, uint8_t algs, uint8_t ksi)
{
	if (b->have_aka && ksi == b->aka_ksi) {
		memcpy(b->kasme, b->aka_kasme, 32);
		b->count[0] = b->count[1] = 0;
		b->have_aka = false;
	} else if (!b->active || ksi != b->ksi) {
		gen_fail("SECURITY_MODE_COMMAND: KSI %u names no AKA and no current context", ksi);
	}
	b->ksi = ksi;
	b->eea = algs >> 4 & 7;
	b->eia = algs & 7;
	nas_kdf_nas(NAS_KEY_ENC, b->eea, b->kasme, b->k_enc);
	nas_kdf_nas(NAS_KEY_INT, b->eia, b->kasme, b->k_int);
	b->active = true;
}

/* The readable value for one table row, or false. dir: 1 up, 2 down. */
static bool row_value(const nas_ie_def *r, kvlist *kv, int dir, const buf *container, row_val *out)
{
	char ie_key[80];
	snprintf(ie_key, sizeof(ie_key), "ie.%s", r->key);
	const char *s = kv_get(kv, ie_key);
	if (s) {
		if (r->fmt == NAS_FMT_V_HALF || r->fmt == NAS_FMT_TV_HALF)
			out->half = (uint8_t)parse_num(s, 15, ie_key);
		else
			parse_hex(s, &out->v);
		return true;
	}
	buf *v = &out->v;
	switch (r->type) {
	case NAS_IE_SPARE_HALF:
		out->half = 0;
		return true;
	case NAS_IE_EBI:
		if (!(s = kv_get(kv, "lbi")))
			return false;
		out->half = (uint8_t)parse_num(s, 15, "lbi");
		return true;
	case NAS_IE_EPS_QOS:
		if (r->pres != NAS_PRES_M && !kv_has(kv, "qci"))
			return false;
		enc_eps_qos(kv, v);
		return true;
	case NAS_IE_APN:
		if (!(s = kv_get(kv, "apn")))
			return false;
		enc_apn(s, v);
		return true;
	case NAS_IE_PDN_ADDRESS:
		if (!(s = kv_get(kv, "pdn")))
			return false;
		enc_pdn_address(s, v);
		return true;
	case NAS_IE_PDN_TYPE: {
		static const char *const t[7] = { NULL, "ipv4", "ipv6", "ipv4v6", NULL, "non-ip", "ethernet" };
		s = kv_get(kv, "pdn-type");
		out->half = (uint8_t)(s ? name_index(s, t, 7, "PDN type") : 1);
		return true;
	}
	case NAS_IE_REQUEST_TYPE: {
		static const char *const t[5] = { NULL, "initial", "handover", NULL, "emergency" };
		s = kv_get(kv, "req-type");
		out->half = (uint8_t)(s ? name_index(s, t, 5, "request type") : 1);
		return true;
	}
	case NAS_IE_APN_AMBR:
		if (!(s = kv_get(kv, "ambr")))
			return false;
		enc_apn_ambr(s, v);
		return true;
	case NAS_IE_ESM_CAUSE:
		if (!(s = kv_get(kv, "cause")))
			return false;
		buf_u8(v, (uint8_t)parse_num(s, 255, "cause"));
		return true;
	case NAS_IE_TFT:
		if (!(s = kv_get(kv, "tft")))
			return false;
		enc_tft(s, kv, v);
		return true;
	case NAS_IE_TFAD:
		if (!(s = kv_get(kv, "tad")))
			return false;
		enc_tft(s, kv, v);
		return true;
	case NAS_IE_PCO:
		if (!(s = kv_get(kv, "pco")))
			return false;
		enc_pco(s, dir, v);
		return true;
	case NAS_IE_EPCO:
		if (!(s = kv_get(kv, "epco")))
			return false;
		enc_pco(s, dir, v);
		return true;
	case NAS_IE_GPRS_TIMER3:
		if (!is_key(r, "back_off_timer_value") && !is_key(r, "t3396_value"))
			return false;
		if (!(s = kv_get(kv, "backoff")))
			return false;
		buf_u8(v, gprs_timer3(s));
		return true;
	case NAS_IE_GPRS_TIMER:
		if (r->pres != NAS_PRES_M)
			return false;
		buf_u8(v, 0x49); /* T3412: 9 decihours (54 min) */
		return true;
	case NAS_IE_ESM_INFO_FLAG:
		if (!(s = kv_get(kv, "esm-info-flag")))
			return false;
		out->half = (uint8_t)parse_num(s, 1, "esm-info-flag");
		return true;
	case NAS_IE_NOTIFICATION_IND:
		buf_u8(v, (uint8_t)kv_num(kv, "notify", 1, 255));
		return true;
	case NAS_IE_USER_DATA:
		if (!(s = kv_get(kv, "data")))
			return false;
		parse_hex(s, v);
		return true;
	case NAS_IE_ESM_CONTAINER:
		if (!container)
			return false;
		buf_put(v, container->p, container->len);
		return true;
	case NAS_IE_MOBILE_ID:
		/* 24.008 10.5.1.4 codes an IMSI as 9.9.3.12 does (IDENTITY RESPONSE) */
		if (is_key(r, "eps_mobile_identity") || is_key(r, "old_guti") ||
		    (is_key(r, "guti") && kv_has(kv, "guti")) || (is_key(r, "mobile_identity") && kv_has(kv, "imsi"))) {
			if (!kv_has(kv, "imsi") && !kv_has(kv, "guti"))
				return false;
			enc_identity(kv, v);
			return true;
		}
		return false;
	case NAS_IE_BEARER_CTX_STATUS:
		if (!(s = kv_get(kv, "bcs")))
			return false;
		enc_bcs(s, v);
		return true;
	case NAS_IE_EMM_CAUSE:
		if (!(s = kv_get(kv, "emm-cause")))
			return false;
		buf_u8(v, (uint8_t)parse_num(s, 255, "emm-cause"));
		return true;
	case NAS_IE_DETACH_TYPE: {
		/* 9.9.3.7: uplink 1 EPS, 3 combined; downlink 1 re-attach required,
		 * 2 re-attach not required; bit 4 switch off (uplink). */
		static const char *const ul[4] = { NULL, "eps", NULL, "combined" };
		static const char *const dl[3] = { NULL, "reattach", "no-reattach" };
		s = kv_get(kv, "type");
		int t = s ? (dir == 1 ? name_index(s, ul, 4, "detach type") : name_index(s, dl, 3, "detach type")) : 1;
		out->half = (uint8_t)(t | (dir == 1 ? kv_num(kv, "switch-off", 0, 1) << 3 : 0));
		return true;
	}
	case NAS_IE_KSI: /* 9.9.3.21: TSC (bit 4) and KSI; an SMC names the latest AKA's by default */
		out->half = (uint8_t)kv_num(kv, "ksi", sec_sub && sec_sub->have_aka ? sec_sub->aka_ksi : 0, 15);
		return true;
	case NAS_IE_RAND: /* 9.9.3.3 */
		if (!(s = kv_get(kv, "rand")) || parse_hex(s, v) != 16)
			gen_fail("AUTHENTICATION_REQUEST needs rand= (16 octets in hex)");
		memcpy(aka_rand, v->p, 16);
		return true;
	case NAS_IE_AUTN: /* 9.9.3.2: given, or from the subscriber's keys (Milenage, TS 33.102 6.3.2) */
		if ((s = kv_get(kv, "autn"))) {
			if (parse_hex(s, v) != 16)
				gen_fail("autn= needs 16 octets in hex");
			return true;
		}
		if (!sec_sub)
			gen_fail("AUTHENTICATION_REQUEST needs autn= or a subscriber (sub=, FORMAT.md 5.1)");
		aka_run(kv, v);
		return true;
	case NAS_IE_SEC_ALGS: /* 9.9.3.23: EEA in bits 7-5, EIA in bits 3-1 */
		buf_u8(v, (uint8_t)(kv_num(kv, "eea", 2, 7) << 4 | kv_num(kv, "eia", 2, 7)));
		return true;
	case NAS_IE_OPAQUE:
		/* Mandatory EMM fields the scenarios rarely care about. */
		if (is_key(r, "eps_attach_type")) {
			out->half = (uint8_t)kv_num(kv, "attach-type", 1, 7);
			return true;
		}
		if (is_key(r, "eps_attach_result") || is_key(r, "eps_update_result") || is_key(r, "eps_update_type")) {
			out->half = (uint8_t)kv_num(kv, "result", is_key(r, "eps_attach_result") ? 1 : 0, 7);
			return true;
		}
		if (is_key(r, "identity_type")) { /* 9.9.3.17: 1 IMSI (default) */
			out->half = (uint8_t)kv_num(kv, "id-type", 1, 7);
			return true;
		}
		if (is_key(r, "authentication_response_parameter")) { /* RES of the last AKA, or res= */
			if ((s = kv_get(kv, "res")))
				parse_hex(s, v);
			else if (sec_sub && sec_sub->have_aka)
				buf_put(v, sec_sub->res, 8);
			else
				gen_fail("AUTHENTICATION_RESPONSE needs res= or a subscriber's AKA");
			return true;
		}
		if (is_key(r, "replayed_ue_security_capabilities")) {
			static const uint8_t cap[2] = { 0xe0, 0xe0 }; /* EEA0-2, EIA0-2 as the UE sent them */
			buf_put(v, cap, 2);
			return true;
		}
		if (is_key(r, "ue_network_capability")) {
			static const uint8_t cap[2] = { 0xe0, 0xe0 }; /* EEA0-2, EIA0-2 */
			buf_put(v, cap, 2);
			return true;
		}
		if (is_key(r, "tai_list") && (r->pres == NAS_PRES_M || kv_has(kv, "tai"))) {
			/* 9.9.3.33 type 00: one PLMN, non-consecutive TACs; one TAC */
			const char *tai = kv_get(kv, "tai");
			char tmp[32];
			snprintf(tmp, sizeof(tmp), "%s", tai ? tai : "00101:1");
			char *plmn = strtok(tmp, ":"), *tac = strtok(NULL, ":");
			if (!plmn || !tac)
				gen_fail("tai=PLMN:TAC expected");
			uint8_t p[3];
			enc_plmn(plmn, p);
			buf_u8(v, 0x00);
			buf_put(v, p, 3);
			buf_u16(v, (uint16_t)parse_num(tac, 65535, "TAC"));
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Write the rows of `def` that have values, in table order (24.301 8.1). */
static void enc_by_table(const nas_msg_def *def, kvlist *kv, int dir, const buf *container, buf *out)
{
	int pending_half = -1; /* low nibble waiting for its high-nibble partner */
	for (int i = 0; i < def->n_ies; i++) {
		const nas_ie_def *r = &def->ies[i];
		row_val rv = { 0 };
		rv.set = row_value(r, kv, dir, container, &rv);
		if (!rv.set) {
			if (r->pres == NAS_PRES_M)
				gen_fail("%s needs the %s IE (%s)", def->name, r->name, r->clause);
			continue;
		}
		size_t n = rv.v.len;
		switch (r->fmt) {
		case NAS_FMT_V_HALF:
			/* The first of two half-octet IEs is in bits 4-1 (8.1 b). */
			if (pending_half < 0) {
				pending_half = rv.half & 0x0f;
			} else {
				buf_u8(out, (uint8_t)((rv.half & 0x0f) << 4 | pending_half));
				pending_half = -1;
			}
			break;
		case NAS_FMT_V:
			buf_put(out, rv.v.p, n);
			break;
		case NAS_FMT_LV:
			if (n > 255)
				gen_fail("%s too long", r->name);
			buf_u8(out, (uint8_t)n);
			buf_put(out, rv.v.p, n);
			break;
		case NAS_FMT_LV_E:
			buf_u16(out, (uint16_t)n);
			buf_put(out, rv.v.p, n);
			break;
		case NAS_FMT_TV:
			buf_u8(out, r->iei);
			buf_put(out, rv.v.p, n);
			break;
		case NAS_FMT_TV_HALF:
			buf_u8(out, (uint8_t)(r->iei | (rv.half & 0x0f)));
			break;
		case NAS_FMT_TLV:
			if (n > 255)
				gen_fail("%s too long", r->name);
			buf_u8(out, r->iei);
			buf_u8(out, (uint8_t)n);
			buf_put(out, rv.v.p, n);
			break;
		case NAS_FMT_TLV_E:
			buf_u8(out, r->iei);
			buf_u16(out, (uint16_t)n);
			buf_put(out, rv.v.p, n);
			break;
		}
		buf_free(&rv.v);
	}
	if (pending_half >= 0)
		gen_fail("%s: unpaired half-octet IE in the table", def->name);
}

/* "ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST" -> table entry. */
static bool same_name(const char *word, const char *spec)
{
	for (; *word && *spec; word++, spec++)
		if (*word != (*spec == ' ' ? '_' : *spec))
			return false;
	return *word == 0 && *spec == 0;
}

static const nas_msg_def *find_esm(const char *w)
{
	for (int t = 0xc0; t <= 0xef; t++) {
		const nas_msg_def *d = nas_esm_msg_def((uint8_t)t);
		if (d && same_name(w, d->name))
			return d;
	}
	return NULL;
}

static const nas_msg_def *find_emm(const char *w, int dir)
{
	for (int t = 0x41; t <= 0x6f; t++) {
		const nas_msg_def *d = nas_emm_msg_def_dir((uint8_t)t, dir == 1 ? NAS_UPLINK : NAS_DOWNLINK);
		if (d && same_name(w, d->name))
			return d;
	}
	return NULL;
}

static void split_kv(char **words, int n, kvlist *kv)
{
	kv->n = 0;
	for (int i = 0; i < n; i++) {
		if (kv->n == KV_MAX)
			gen_fail("too many keys");
		char *eq = strchr(words[i], '=');
		kv->a[kv->n].used = false;
		if (eq) {
			*eq = 0;
			kv->a[kv->n].k = words[i];
			kv->a[kv->n].v = eq + 1;
		} else {
			kv->a[kv->n].k = words[i];
			kv->a[kv->n].v = "";
		}
		kv->n++;
	}
}

static void check_all_used(kvlist *kv, const char *msg)
{
	for (int i = 0; i < kv->n; i++)
		if (!kv->a[i].used)
			gen_fail("%s: key '%s' not used (no such IE in the message, or a typo)", msg, kv->a[i].k);
}

/* Round trip: decode what was encoded and compare with what was asked. */
static void round_trip(const buf *plain, int dir, const nas_info *info, kvlist *kv)
{
	nas_pdu pdu;
	nas_decode(plain->p, plain->len, dir == 1 ? NAS_UPLINK : NAS_DOWNLINK, NULL, &pdu);
	/* A value the spec forbids (e.g. a TFT "create" without filters, which
	 * the UE must reject with #42) is still a well-formed message: only
	 * structural errors fail the round trip, and the values are not
	 * compared then. */
	bool semantic_only = pdu.n_diag > 0;
	for (int i = 0; i < pdu.n_diag; i++)
		if (nas_diag_is_error(pdu.diag[i].code) && pdu.diag[i].code != NAS_ERR_BAD_VALUE)
			semantic_only = false;
	if ((!pdu.valid && !semantic_only) || !pdu.esm.present) {
		char d[64] = "";
		if (pdu.n_diag)
			snprintf(d, sizeof(d), " (%s at offset %u)", nas_diag_code_name(pdu.diag[0].code), pdu.diag[0].offset);
		gen_fail("round trip: the core does not decode the encoded %s%s", info->esm_name, d);
	}
	const esm_msg *m = &pdu.esm;
	if (m->type != info->esm_type || m->ebi != info->ebi || m->pti != info->pti)
		gen_fail("round trip: header differs");
	if (!pdu.valid)
		return;
	const nas_ie *ie;
	const char *s;
	if ((s = kv_get(kv, "qci")) && (ie = esm_find_ie(m, NAS_IE_EPS_QOS))) {
		nas_eps_qos q;
		if (nas_decode_eps_qos(ie->v, &q) != NAS_OK || q.qci != parse_num(s, 255, "qci"))
			gen_fail("round trip: QCI differs");
	}
	if ((s = kv_get(kv, "apn")) && (ie = esm_find_ie(m, NAS_IE_APN))) {
		char apn[NAS_APN_MAX];
		if (nas_decode_apn(ie->v, apn) != NAS_OK || strcmp(apn, s) != 0)
			gen_fail("round trip: APN differs ('%s')", apn);
	}
	if ((s = kv_get(kv, "lbi")) && (ie = esm_find_ie(m, NAS_IE_EBI))) {
		if (ie->half != parse_num(s, 15, "lbi"))
			gen_fail("round trip: linked EBI differs");
	}
	if ((s = kv_get(kv, "cause")) && (ie = esm_find_ie(m, NAS_IE_ESM_CAUSE))) {
		if (ie->v.len != 1 || ie->v.p[0] != parse_num(s, 255, "cause"))
			gen_fail("round trip: ESM cause differs");
	}
	if ((s = kv_get(kv, "pdn")) && strncmp(s, "ipv4:", 5) == 0 && (ie = esm_find_ie(m, NAS_IE_PDN_ADDRESS))) {
		nas_pdn_address a;
		uint8_t ip[4];
		parse_ipv4(s + 5, ip);
		if (nas_decode_pdn_address(ie->v, &a) != NAS_OK || !a.has_ipv4 || memcmp(a.ipv4, ip, 4) != 0)
			gen_fail("round trip: PDN address differs");
	}
	if ((ie = esm_find_ie(m, NAS_IE_TFT)) || (ie = esm_find_ie(m, NAS_IE_TFAD))) {
		nas_tft t;
		int want = 0;
		const char *op = kv_get(kv, "tft");
		if (!op)
			op = kv_get(kv, "tad");
		for (int i = 0; i < kv->n; i++)
			want += strcmp(kv->a[i].k, "filter") == 0;
		if (op && strcmp(op, "no-op") == 0)
			want = 0; /* the ids went to the parameters list */
		/* A TFT the spec forbids (#41-#45 cases) is still encoded as asked:
		 * compare only what decodes. */
		if (nas_decode_tft(ie->v, &t) == NAS_OK && t.n_filters != want)
			gen_fail("round trip: TFT differs");
	}
	if ((s = kv_get(kv, "backoff")) && (ie = esm_find_ie(m, NAS_IE_GPRS_TIMER3))) {
		nas_timer t;
		if (nas_decode_gprs_timer3(ie->v, &t) != NAS_OK ||
		    (strcmp(s, "deact") == 0 ? !t.deactivated : t.seconds != parse_num(s, ~0ull, "backoff")))
			gen_fail("round trip: back-off timer differs");
	}
}

/* A pseudo-random stream for "real" ciphering and MACs: xorshift64*. */
static uint64_t prng(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

/* 9.1 / 9.3.1: security header, MAC, sequence number, inner message. */
static bool mac_given;
static uint32_t mac_value;

void nas_wrap(buf *out, const buf *plain, nas_sec sec, uint8_t sqn)
{
	if (sec == SEC_PLAIN) {
		buf_put(out, plain->p, plain->len);
		return;
	}
	uint8_t sq = sqn;
	uint32_t mac = mac_given ? mac_value : crc32c(plain->p, plain->len) ^ (uint32_t)sq * 0x9e3779b9u;
	mac_given = false;
	buf_u8(out, sec == SEC_INT ? 0x17 : 0x27);
	buf_u32(out, mac);
	buf_u8(out, sq);
	if (sec != SEC_ENC) {
		buf_put(out, plain->p, plain->len);
		return;
	}
	/* Deterministic "ciphertext". A stream that happens to decode as a
	 * clean plain message would defeat the point: try the next stream. */
	size_t at = out->len;
	for (uint64_t attempt = 0;; attempt++) {
		out->len = at;
		uint64_t s = ((uint64_t)mac << 20) ^ (attempt + 1) * 0x9e3779b97f4a7c15ull;
		for (size_t i = 0; i < plain->len; i++)
			buf_u8(out, plain->p[i] ^ (uint8_t)(prng(&s) >> 56));
		nas_pdu pdu;
		if (!nas_decode(out->p + at - 6, plain->len + 6, NAS_DIR_UNKNOWN, NULL, &pdu) || pdu.ciphered)
			break;
	}
}

/* The real wrapper (TS 24.301 9.1, 4.4.3.3, 4.4.5): the next NAS COUNT of the
 * direction, SN = its low octet, the message ciphered with the context's EEA
 * for types 2 and 4, the MAC by its EIA over SN || message (or the MAC the
 * scenario gives, to corrupt it). */
void nas_wrap_sub(buf *out, const buf *plain, nas_sec sec, gen_sub *sub, int dir, const uint32_t *mac_override)
{
	static const uint8_t types[] = { [SEC_INT] = 1, [SEC_EEA0] = 2, [SEC_ENC] = 2, [SEC_INT_NEW] = 3,
		                             [SEC_ENC_NEW] = 4 };
	uint8_t d = dir == 2, t = types[sec];
	if (sec == SEC_EEA0 && sub->eea != 0)
		gen_fail("sec=eea0, but the SECURITY MODE COMMAND chose EEA%u: write sec=enc", sub->eea);
	if (!crypto && !(crypto = nas_crypto_new()))
		gen_fail("libgcrypt: no AES");
	uint32_t count = sub->count[d]++;
	size_t at = out->len;
	buf_u8(out, (uint8_t)(t << 4 | 7));
	buf_u32(out, 0);
	buf_u8(out, (uint8_t)count);
	buf_put(out, plain->p, plain->len);
	uint8_t *m = out->p + at + 6;
	if ((t == 2 || t == 4) && !nas_eea(crypto, sub->eea, sub->k_enc, count, 0, d, m, (uint32_t)plain->len * 8, m))
		gen_fail("EEA%u is not an algorithm", sub->eea);
	uint32_t mac;
	if (!nas_eia(crypto, sub->eia, sub->k_int, count, 0, d, out->p + at + 5, (uint32_t)(plain->len + 1) * 8, &mac))
		gen_fail("EIA%u is not an algorithm", sub->eia);
	if (mac_override)
		mac = *mac_override;
	for (int i = 0; i < 4; i++)
		out->p[at + 1 + i] = (uint8_t)(mac >> (24 - 8 * i));
}

static const char *const sec_names[6] = { "plain", "int", "eea0", "enc", "int-new", "enc-new" };

void nas_encode_line(char **words, int n, int dir, nas_sec dflt_sec, uint32_t *sqn_ul_dl, buf *out, nas_info *info)
{
	memset(info, 0, sizeof(*info));
	info->esm_cause = info->emm_cause = -1;
	/* Split into [outer message + keys] [ESM message + keys]. */
	int second = -1;
	for (int i = 1; i < n; i++)
		if (is_message_name(words[i])) {
			second = i;
			break;
		}
	kvlist kv_outer, kv_esm;
	split_kv(words + 1, (second < 0 ? n : second) - 1, &kv_outer);
	if (second >= 0)
		split_kv(words + second + 1, n - second - 1, &kv_esm);
	else
		kv_esm.n = 0;

	/* Line-wide keys: security and the malformation tools. */
	kvlist *all[2] = { &kv_outer, &kv_esm };
	const char *sec_s = NULL, *sqn_s = NULL, *hex = NULL, *append = NULL, *trunc = NULL;
	for (int j = 0; j < 2; j++) {
		const char *t;
		if ((t = kv_get(all[j], "sec")))
			sec_s = t;
		if ((t = kv_get(all[j], "sqn")))
			sqn_s = t;
		if ((t = kv_get(all[j], "hex")))
			hex = t;
		if ((t = kv_get(all[j], "append")))
			append = t;
		if ((t = kv_get(all[j], "mac"))) {
			char *end;
			unsigned long long m = strtoull(t, &end, 16);
			if (*end || strlen(t) != 8 || m > 0xffffffffu)
				gen_fail("mac=8 hex digits expected");
			mac_given = true;
			mac_value = (uint32_t)m;
		}
		if ((t = kv_get(all[j], "truncate")))
			trunc = t;
	}
	nas_sec sec = sec_s ? (nas_sec)name_index(sec_s, sec_names, 6, "sec") : dflt_sec;
	/* with a subscriber: the real algorithms; SECURITY MODE COMMAND goes
	 * integrity protected with the new context (type 3), its COMPLETE
	 * ciphered with it (type 4) (24.301 5.4.3.2, 5.4.3.3) */
	bool real = sec_sub && (sec_sub->active || strcmp(words[0], "SECURITY_MODE_COMMAND") == 0);
	if (real && sec != SEC_PLAIN && strcmp(words[0], "SECURITY_MODE_COMMAND") == 0)
		sec = SEC_INT_NEW;
	else if (real && (sec == SEC_ENC || sec == SEC_EEA0) && strcmp(words[0], "SECURITY_MODE_COMPLETE") == 0)
		sec = SEC_ENC_NEW;
	if ((sec == SEC_INT_NEW || sec == SEC_ENC_NEW) && !real)
		gen_fail("sec=%s needs a subscriber's security context (FORMAT.md 5.1)", sec_names[sec]);
	info->sec = sec;
	if (real && sqn_s)
		gen_fail("sqn= with a subscriber's context: its NAS COUNT runs by itself");
	uint32_t *ctr = &sqn_ul_dl[dir == 1 ? 0 : 1];
	uint8_t sqn = (uint8_t)(sqn_s ? parse_num(sqn_s, 255, "sqn") : *ctr);
	if (sec != SEC_PLAIN && !real)
		*ctr = (uint32_t)sqn + 1;
	info->sqn = sqn;

	info->name = words[0];
	if (strcmp(words[0], "SERVICE_REQUEST") == 0) {
		/* 9.9.3.28 / 8.2.25: security header 12, KSI + sequence number, short MAC. */
		if (sec_sub && sec_sub->active) {
			/* the UE's next uplink COUNT, the 16 low bits of the MAC over octets 1-2 */
			uint32_t count = sec_sub->count[0]++, mac;
			uint8_t h[2] = { 0xc7, (uint8_t)(sec_sub->ksi << 5 | (count & 31)) };
			if (!crypto && !(crypto = nas_crypto_new()))
				gen_fail("libgcrypt: no AES");
			nas_eia(crypto, sec_sub->eia, sec_sub->k_int, count, 0, 0, h, 16, &mac);
			buf_put(out, h, 2);
			buf_u16(out, (uint16_t)(mac_given ? mac_value : mac));
			mac_given = false;
		} else {
			uint8_t seq = (uint8_t)kv_num(&kv_outer, "seq", sqn & 31, 31);
			buf_u8(out, 0xc7);
			buf_u8(out, (uint8_t)(kv_num(&kv_outer, "ksi", 0, 7) << 5 | seq));
			buf_u16(out, (uint16_t)(crc32c(&seq, 1) & 0xffff));
		}
		info->has_emm = info->service_request = true;
		info->sec = SEC_PLAIN;
		check_all_used(&kv_outer, words[0]);
		return;
	}
	const nas_msg_def *esm = find_esm(words[0]);
	const nas_msg_def *emm = esm ? NULL : find_emm(words[0], dir);
	if (!esm && !emm && !hex)
		gen_fail("unknown NAS message %s", words[0]);
	buf plain = { 0 };

	kvlist *kv_e = NULL;
	const nas_msg_def *edef = NULL;
	const char *ename = NULL;
	if (esm) {
		kv_e = &kv_outer;
		edef = esm;
		ename = words[0];
	} else if (second >= 0) {
		kv_e = &kv_esm;
		ename = words[second];
		edef = find_esm(ename);
		if (!edef && !hex)
			gen_fail("unknown ESM message %s", ename);
	}

	buf esm_bytes = { 0 };
	if (hex) {
		/* The escape hatch: these bytes and nothing else. */
		parse_hex(hex, &plain);
		if (plain.len >= 3 && (plain.p[0] & 0x0f) == 2) {
			info->is_esm = true;
			info->esm_name = words[0];
			info->ebi = plain.p[0] >> 4;
			info->pti = plain.p[1];
			info->esm_type = plain.p[2];
		} else if (plain.len >= 2 && (plain.p[0] & 0x0f) == 7) {
			info->has_emm = true;
			info->emm_type = plain.p[1];
		}
	} else {
		if (kv_e) {
			info->is_esm = true;
			info->esm_name = ename;
			info->ebi = (uint8_t)kv_num(kv_e, "ebi", 0, 15);
			info->pti = (uint8_t)kv_num(kv_e, "pti", 0, 255);
			for (int i = 0; i < kv_e->n; i++)
				if (strcmp(kv_e->a[i].k, "qci") == 0)
					info->qci = (uint8_t)parse_num(kv_e->a[i].v, 255, "qci");
			info->esm_type = edef->type;
			/* 9.1 / 9.3.2 / 9.4 / 9.8: EBI + PD 2, PTI, message type */
			buf_u8(&esm_bytes, (uint8_t)(info->ebi << 4 | 0x2));
			buf_u8(&esm_bytes, info->pti);
			buf_u8(&esm_bytes, edef->type);
			enc_by_table(edef, kv_e, dir, NULL, &esm_bytes);
		}
		if (emm) {
			info->has_emm = true;
			info->emm_type = emm->type;
			/* 9.3.1 plain EMM header: security header type 0, PD 7 */
			buf_u8(&plain, 0x07);
			buf_u8(&plain, emm->type);
			enc_by_table(emm, &kv_outer, dir, kv_e ? &esm_bytes : NULL, &plain);
		} else {
			buf_put(&plain, esm_bytes.p, esm_bytes.len);
		}
	}
	if (esm_bytes.len) { /* where the ESM message sits in the plain message (bare copies) */
		for (size_t o = 0; o + esm_bytes.len <= plain.len; o++)
			if (!memcmp(plain.p + o, esm_bytes.p, esm_bytes.len)) {
				info->esm_off = o;
				info->esm_len = esm_bytes.len;
				break;
			}
	}
	if (trunc) {
		size_t t = parse_num(trunc, plain.len, "truncate");
		plain.len = t;
	}
	if (append)
		parse_hex(append, &plain);

	check_all_used(&kv_outer, words[0]);
	if (kv_e == &kv_esm)
		check_all_used(&kv_esm, ename);
	info->crafted = hex || trunc || append;
	/* The causes as written, for the tshark comparison. */
	for (int j = 0; j < 2; j++)
		for (int i = 0; i < all[j]->n; i++) {
			if (strcmp(all[j]->a[i].k, "cause") == 0 && all[j] == kv_e)
				info->esm_cause = (int)parse_num(all[j]->a[i].v, 255, "cause");
			if (strcmp(all[j]->a[i].k, "emm-cause") == 0)
				info->emm_cause = (int)parse_num(all[j]->a[i].v, 255, "emm-cause");
		}

	if (info->is_esm && edef && !hex && !trunc && !append) {
		kvlist *k = kv_e;
		for (int i = 0; i < k->n; i++)
			k->a[i].used = false;
		round_trip(&plain, dir, info, k);
	}
	if (real && emm && emm->type == 0x5D && plain.len >= 4) /* SMC: its context first */
		smc_switch(sec_sub, plain.p[2], plain.p[3] & 0x0f);
	if (real && sec != SEC_PLAIN) {
		nas_wrap_sub(out, &plain, sec, sec_sub, dir, mac_given ? &mac_value : NULL);
		mac_given = false;
	} else {
		nas_wrap(out, &plain, sec, sqn);
	}
	buf_free(&plain);
	buf_free(&esm_bytes);
}

void nas_esm_simple(buf *out, uint8_t type, uint8_t ebi, uint8_t pti, uint8_t lbi, uint8_t qci, uint32_t ipv4)
{
	/* The scale mode's messages: the shortest valid form of each (8.3.x). */
	buf_u8(out, (uint8_t)(ebi << 4 | 0x2));
	buf_u8(out, pti);
	buf_u8(out, type);
	switch (type) {
	case 0xC1: /* ACTIVATE DEFAULT: QoS, APN "internet", PDN address IPv4 */
		buf_u8(out, 1);
		buf_u8(out, qci);
		buf_u8(out, 9);
		buf_put(out, "\x08internet", 9);
		buf_u8(out, 5);
		buf_u8(out, 1);
		buf_u32(out, ipv4);
		break;
	case 0xC5: /* ACTIVATE DEDICATED: LBI, QoS, TFT with one filter */
		buf_u8(out, lbi);
		buf_u8(out, 1);
		buf_u8(out, qci);
		buf_put(out, "\x09\x21\x31\x00\x05\x30\x11\x50\x13\xc4", 10);
		break;
	case 0xC9: /* MODIFY: new EPS QoS (TLV 0x5B) */
		buf_u8(out, 0x5B);
		buf_u8(out, 1);
		buf_u8(out, qci);
		break;
	case 0xCD: /* DEACTIVATE: cause #36 regular deactivation */
		buf_u8(out, 36);
		break;
	case 0xD0: /* PDN CONNECTIVITY REQUEST: IPv4, initial */
		buf_u8(out, 0x11);
		break;
	case 0xD2: /* PDN DISCONNECT REQUEST */
		buf_u8(out, lbi);
		break;
	default:   /* accepts: header only */
		break;
	}
}
