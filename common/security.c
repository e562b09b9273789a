/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS security contexts rebuilt from a capture (TS 24.301 4.4, TS 33.401
 * 6.1, 7.2), for checking every NAS MAC and deciphering EEA1-3 with the
 * subscribers' keys (the key file / the esm_nas_keys table).
 *
 * What the capture shows, and where it is kept:
 *  - the subscriber: its IMSI from ATTACH REQUEST, IDENTITY RESPONSE or any
 *    EMM identity, or the GUTI an earlier attach gave it (ATTACH ACCEPT,
 *    GUTI REALLOCATION COMMAND, TAU ACCEPT); only subscribers with keys get
 *    state (sec_sub), kept for the whole capture, because the MME keeps
 *    their EPS security context across S1 connections, idle periods and
 *    re-attaches (4.4.2.1) while the tracker's UE lives per S1 context;
 *  - per tracker UE (ue_more.sec, so that it follows the UE across S1AP id
 *    changes as track_ue.c does): its subscriber, the serving network's
 *    PLMN (S1AP TAI) and an AKA seen before the IMSI;
 *  - AUTHENTICATION REQUEST (5.4.2): KSIASME, RAND, AUTN; Milenage over them
 *    with K and OPc checks MAC-A first (a mismatch means the keys do not fit
 *    this UE), then KASME = KDF(CK || IK, SN id, SQN ^ AK) (TS 33.401 A.2)
 *    becomes a non-current native context;
 *  - SECURITY MODE COMMAND (5.4.3, header type 3): the KSI and algorithms of
 *    the context taken into use, K_NASenc / K_NASint (TS 33.401 A.7); a
 *    context fresh from an AKA starts both NAS COUNTs at 0 (4.4.3.1);
 *    SECURITY MODE REJECT puts the previous context back (5.4.3.5);
 *  - NAS COUNT per direction: overflow || sequence number, the overflow
 *    rebuilt from the 8-bit SN (5 bits in a SERVICE REQUEST) by watching it
 *    wrap (4.4.3.1); when the MAC does not verify with the estimate, the
 *    counts one overflow either side are tried, the MAC deciding.
 * Where one of these is not in the capture, the result is "unchecked" with
 * the reason; nothing is guessed.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "esmtrace/crypto.h"
#include "track_internal.h"

/* ------------------------------------------------------------ key table */

typedef struct {
	char imsi[16];
	uint8_t k[16], opc[16];
} sub_key;

struct track_keys {
	GHashTable *by_imsi; /* IMSI text -> sub_key* (owned) */
};

track_keys *track_keys_new(void)
{
	track_keys *k = g_new0(track_keys, 1);
	k->by_imsi = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	return k;
}

void track_keys_free(track_keys *k)
{
	if (!k)
		return;
	g_hash_table_destroy(k->by_imsi);
	g_free(k);
}

size_t track_keys_count(const track_keys *k)
{
	return k ? g_hash_table_size(k->by_imsi) : 0;
}

static bool hex16(const char *s, uint8_t out[16])
{
	size_t n = strlen(s);
	if (n != 32)
		return false;
	for (size_t i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	for (size_t i = 0; i < 16; i++) {
		char b[3] = { s[2 * i], s[2 * i + 1], 0 };
		out[i] = (uint8_t)strtoul(b, NULL, 16);
	}
	return true;
}

G_GNUC_PRINTF(3, 4)
static bool fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return false;
}

bool track_keys_add(track_keys *k, const char *imsi, const char *k_hex, const char *opc_hex, char *err,
                    size_t errlen)
{
	size_t n = strlen(imsi);
	/* TS 23.003 2.2: MCC (3) + MNC (2-3) + MSIN, at most 15 digits */
	if (n < 6 || n > 15 || strspn(imsi, "0123456789") != n)
		return fail(err, errlen, "IMSI must be 6 to 15 digits, got \"%s\"", imsi);
	sub_key *r = g_new0(sub_key, 1);
	memcpy(r->imsi, imsi, n + 1);
	if (!hex16(k_hex, r->k)) {
		g_free(r);
		return fail(err, errlen, "K must be 32 hex digits, got \"%s\" (%zu characters)", k_hex, strlen(k_hex));
	}
	if (!hex16(opc_hex, r->opc)) {
		g_free(r);
		return fail(err, errlen, "OPc must be 32 hex digits, got \"%s\" (%zu characters); from OP, "
		            "esmtrace opc K OP gives it", opc_hex, strlen(opc_hex));
	}
	g_hash_table_replace(k->by_imsi, r->imsi, r);
	return true;
}

/* One field of a key-file row: blanks around it, optional double quotes. */
static bool next_field(const char **p, char *out, size_t cap)
{
	const char *s = *p;
	size_t n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	bool quoted = *s == '"';
	if (quoted)
		s++;
	while (*s && (quoted ? *s != '"' : *s != ',' && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')) {
		if (n + 1 < cap)
			out[n++] = *s;
		s++;
	}
	out[n] = 0;
	if (quoted) {
		if (*s != '"')
			return false;
		s++;
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (*s == ',')
		s++;
	*p = s;
	return true;
}

bool track_keys_load(track_keys *k, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return fail(err, errlen, "%s: cannot open", path);
	char line[1024], imsi[64], kh[96], oh[96], extra[8], why[256];
	unsigned ln = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		ln++;
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#' || *p == '\n' || *p == '\r')
			continue;
		if (!strchr(line, '\n') && !feof(f)) {
			ok = fail(err, errlen, "%s:%u: line longer than %zu characters", path, ln, sizeof line - 2);
			break;
		}
		if (!next_field(&p, imsi, sizeof imsi) || !next_field(&p, kh, sizeof kh) || !next_field(&p, oh, sizeof oh))
			ok = fail(err, errlen, "%s:%u: an unterminated quote; rows are \"IMSI\",\"K\",\"OPc\"", path, ln);
		else if (!oh[0] || (next_field(&p, extra, sizeof extra), extra[0] || *p))
			ok = fail(err, errlen, "%s:%u: rows have three fields: \"IMSI\",\"K\",\"OPc\"", path, ln);
		else if (!track_keys_add(k, imsi, kh, oh, why, sizeof why))
			ok = fail(err, errlen, "%s:%u: %s", path, ln, why);
	}
	fclose(f);
	return ok;
}

static const sub_key *keys_find(const track_keys *k, const char *imsi)
{
	return k ? g_hash_table_lookup(k->by_imsi, imsi) : NULL;
}

/* ------------------------------------------------------------ contexts */

/* A native EPS security context (TS 33.401 3.1): KASME and its KSI. */
typedef struct {
	bool valid;
	bool fresh;          /* from an AKA, not taken into use yet: its COUNTs start at 0 */
	bool aka_bad;        /* MAC-A of its AKA did not verify with the keys */
	bool no_plmn;        /* its AKA came without the serving network's PLMN: no KASME */
	uint8_t ksi;
	uint8_t kasme[32];
	uint64_t aka_frame;
} native_ctx;

/* The current EPS security context: the keys of the algorithms the SMC chose. */
typedef struct {
	bool valid;
	bool aka_bad;
	uint8_t ksi, eea, eia;
	uint32_t id;         /* archive number (track_decipher) */
	int64_t last[2];     /* the last NAS COUNT seen per direction (0 uplink, 1 downlink), -1 none */
	uint8_t k_enc[16], k_int[16];
	uint64_t aka_frame;
} cur_ctx;

/* One subscriber with keys, for the whole capture. */
typedef struct {
	const sub_key *key;
	native_ctx nat[2];   /* [0] the current context's, [1] the latest AKA's */
	cur_ctx cur, prev;   /* prev: back in use after SECURITY MODE REJECT */
	const char *lost;    /* why cur is not valid (static), NULL: never established */
} sec_sub;

/* An AKA seen before the UE's IMSI. */
typedef struct {
	bool valid;
	uint8_t ksi, rand[16], autn[16], plmn[3];
	bool has_plmn;
	uint64_t frame;
} aka_seen;

/* Per tracker UE (ue_more.sec). */
struct sec_ue {
	sec_sub *sub;
	char imsi[16];       /* the IMSI seen for this UE, "" none */
	bool has_plmn;
	uint8_t plmn[3];
	aka_seen aka;
};

/* Keys by context number, for deciphering again when rendering. */
typedef struct {
	uint8_t eea;
	uint8_t k_enc[16];
} arch_ctx;

struct sec_state {
	const track_keys *keys;
	nas_crypto *crypto;
	GHashTable *subs;    /* IMSI -> sec_sub* (owned) */
	GHashTable *guti;    /* MMEC << 32 | M-TMSI -> sec_sub* */
	GArray *archive;     /* arch_ctx; context n is index n - 1 */
	/* track_unprotect's result, for track_feed of the same event */
	const track_event *pend_ev;
	uint64_t pend_frame;
	track_sec pend;
	bool pend_discard;   /* the receiver discards the message (4.4.4.2, 4.4.4.3) */
	bool pend_unreadable; /* its content is lost to us: the keys do not fit */
};

static sec_state *state(track *t)
{
	if (!t->sec) {
		t->sec = g_new0(sec_state, 1);
		t->sec->subs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		t->sec->guti = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
		t->sec->archive = g_array_new(FALSE, FALSE, sizeof(arch_ctx));
	}
	return t->sec;
}

void track_set_keys(track *t, const track_keys *k)
{
	sec_state *s = state(t);
	s->keys = k;
	if (k && !s->crypto)
		s->crypto = nas_crypto_new();
}

void trk_sec_free(track *t)
{
	sec_state *s = t->sec;
	if (!s)
		return;
	nas_crypto_free(s->crypto);
	g_hash_table_destroy(s->subs);
	g_hash_table_destroy(s->guti);
	g_array_free(s->archive, TRUE);
	g_free(s);
	t->sec = NULL;
}

void trk_sec_ue_free(struct sec_ue *su)
{
	g_free(su);
}

const char *track_integrity_name(uint8_t v)
{
	static const char *const n[] = { "none", "ok", "failed", "unchecked" };
	return v < 4 ? n[v] : "?";
}

static sec_ue *ue_sec(ue *u)
{
	ue_more *m = trk_ue_more(u);
	if (!m->sec)
		m->sec = g_new0(sec_ue, 1);
	return m->sec;
}

/* The subscriber of an IMSI with keys, created on first use. */
static sec_sub *sub_of(sec_state *s, const char *imsi)
{
	sec_sub *b = g_hash_table_lookup(s->subs, imsi);
	if (b)
		return b;
	const sub_key *k = keys_find(s->keys, imsi);
	if (!k)
		return NULL;
	b = g_new0(sec_sub, 1);
	b->key = k;
	g_hash_table_insert(s->subs, g_strdup(imsi), b);
	return b;
}

static uint64_t guti_key(const nas_identity *id)
{
	return (uint64_t)id->mmec << 32 | id->m_tmsi;
}

/* ----------------------------------------------------------------- AKA */

/* AUTHENTICATION REQUEST with the subscriber known (5.4.2.2): false when
 * AUTN's MAC-A does not verify with the keys. */
static bool aka_run(sec_sub *b, const aka_seen *a)
{
	nas_aka r;
	if (!nas_milenage(b->key->k, b->key->opc, a->rand, a->autn, &r))
		return true;
	native_ctx *n = &b->nat[1];
	memset(n, 0, sizeof *n);
	n->ksi = a->ksi & 7;
	n->aka_frame = a->frame;
	n->aka_bad = !r.mac_ok;
	n->no_plmn = !a->has_plmn;
	if (a->has_plmn) { /* KASME needs the serving network's identity (TS 33.401 A.2) */
		n->valid = true;
		n->fresh = true;
		nas_kdf_kasme(r.ck, r.ik, a->plmn, a->autn, n->kasme);
	}
	return r.mac_ok;
}

/* ------------------------------------------------------------ counting */

/* The NAS COUNT of a sequence number of `bits` bits, from the last one seen
 * in that direction (4.4.3.1): the overflow goes up when the SN wraps; a
 * little backwards is the same overflow (a copy or a reordered message). */
static uint32_t count_estimate(int64_t last, uint32_t sn, unsigned bits)
{
	uint32_t span = 1u << bits;
	if (last < 0)
		return sn;
	int64_t c = (last & ~(int64_t)(span - 1)) | sn;
	if (c < last - (int64_t)span / 2)
		c += span;
	return (uint32_t)(c & 0xFFFFFF); /* 24 bits used, the top octet 0 */
}

/* ------------------------------------------------------------ unprotect */

static void set_why(track_sec *o, uint8_t integrity, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void set_why(track_sec *o, uint8_t integrity, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->why, sizeof o->why, fmt, ap);
	va_end(ap);
	o->integrity = integrity;
}

/* The identities a decoded message gives for the key chain. */
static void learn_identities(sec_state *s, sec_ue *su, const nas_pdu *p)
{
	if (!p || p->ciphered || !p->valid)
		return;
	for (unsigned i = 0; i < p->n_id && i < NAS_MAX_IDS; i++) {
		const nas_identity *id = &p->id[i];
		if (id->kind == NAS_ID_IMSI && !su->imsi[0]) {
			g_strlcpy(su->imsi, id->digits, sizeof su->imsi);
			su->sub = sub_of(s, su->imsi);
		} else if (id->kind == NAS_ID_GUTI && !su->sub) {
			/* the GUTI an earlier attach of this capture gave (5.5.1.2.4, 5.5.3.2.4) */
			sec_sub *b = g_hash_table_lookup(s->guti, &(uint64_t){ guti_key(id) });
			if (b) {
				su->sub = b;
				g_strlcpy(su->imsi, b->key->imsi, sizeof su->imsi);
			}
		}
	}
	if (su->sub)
		for (unsigned i = 0; i < p->n_id && i < NAS_MAX_IDS; i++) /* GUTIs it is given */
			if (p->id[i].kind == NAS_ID_GUTI && p->dir == NAS_DOWNLINK) {
				uint64_t *k = g_new(uint64_t, 1);
				*k = guti_key(&p->id[i]);
				g_hash_table_replace(s->guti, k, su->sub);
			}
}

/* SECURITY MODE COMMAND (5.4.3.2): take the named native context into use. */
static bool smc_context(sec_state *s, sec_sub *b, const nas_pdu *p, track_sec *o)
{
	uint8_t ksi = (uint8_t)p->ksi;
	if (ksi & 8) {
		set_why(o, TRACK_INT_UNCHECKED, "mapped security context (TSC 1, from UTRAN/GERAN): not rebuilt");
		b->cur.valid = false;
		b->lost = "the SMC took a mapped security context into use";
		return false;
	}
	native_ctx *n = NULL;
	for (int i = 1; i >= 0 && !n; i--)
		if (b->nat[i].valid && b->nat[i].ksi == (ksi & 7))
			n = &b->nat[i];
	if (!n && b->nat[1].no_plmn && b->nat[1].ksi == (ksi & 7)) {
		set_why(o, TRACK_INT_UNCHECKED, "no serving network PLMN (S1AP TAI) before the AKA of KSI %u: "
		        "no KASME", ksi & 7);
		b->prev = b->cur;
		b->cur.valid = false;
		b->lost = "its AKA came without the serving network's PLMN (S1AP TAI)";
		return false;
	}
	if (!n) {
		set_why(o, TRACK_INT_UNCHECKED,
		        "no AKA for KSI %u in the capture (the context came before the capture or from another MME)",
		        ksi & 7);
		b->prev = b->cur;
		b->cur.valid = false;
		b->lost = "its SECURITY MODE COMMAND named a KSI whose AKA the capture does not show";
		return false;
	}
	cur_ctx c;
	memset(&c, 0, sizeof c);
	c.valid = true;
	c.ksi = n->ksi;
	c.eea = (uint8_t)(p->sec_algs >> 4 & 7);
	c.eia = (uint8_t)(p->sec_algs & 7);
	c.aka_bad = n->aka_bad;
	c.aka_frame = n->aka_frame;
	nas_kdf_nas(NAS_KEY_ENC, c.eea, n->kasme, c.k_enc);
	nas_kdf_nas(NAS_KEY_INT, c.eia, n->kasme, c.k_int);
	/* a new context from AKA starts both counts at 0; the current one
	 * with other algorithms keeps them (4.4.3.1) */
	if (!n->fresh && b->cur.valid && b->cur.ksi == c.ksi) {
		c.last[0] = b->cur.last[0];
		c.last[1] = b->cur.last[1];
	} else {
		c.last[0] = c.last[1] = -1;
	}
	arch_ctx a = { c.eea, { 0 } };
	memcpy(a.k_enc, c.k_enc, 16);
	g_array_append_val(s->archive, a);
	c.id = s->archive->len;
	b->prev = b->cur;
	b->cur = c;
	if (n == &b->nat[1]) { /* the latest AKA's context becomes the current native one */
		b->nat[0] = *n;
		b->nat[1].valid = false;
	}
	b->nat[0].fresh = false;
	return true;
}

/* The MAC of a PDU under a context and COUNT: MAC field equal to EIA over
 * SN || message (4.4.3.3); SERVICE REQUEST: the 16 low bits over its first
 * two octets (9.9.3.28). */
static bool mac_fits(sec_state *s, const cur_ctx *c, const uint8_t *pdu, uint32_t len, bool sr, uint32_t count,
                     uint8_t dir)
{
	uint32_t mac;
	if (sr) {
		if (!nas_eia(s->crypto, c->eia, c->k_int, count, 0, dir, pdu, 16, &mac))
			return false;
		return (mac & 0xFFFF) == ((uint32_t)pdu[2] << 8 | pdu[3]);
	}
	if (!nas_eia(s->crypto, c->eia, c->k_int, count, 0, dir, pdu + 5, (len - 5) * 8, &mac))
		return false;
	return mac == ((uint32_t)pdu[1] << 24 | (uint32_t)pdu[2] << 16 | (uint32_t)pdu[3] << 8 | pdu[4]);
}

/* The message types a receiver processes even when the MAC does not
 * verify (4.4.4.2 in the UE, 4.4.4.3 in the MME): everything else it
 * discards. */
bool trk_sec_processed_anyway(const nas_pdu *p, uint8_t dir)
{
	if (!p || !p->is_emm || p->ciphered)
		return false;
	if (p->is_service_request)
		return true;
	static const uint8_t ue_side[] = { 0x55, 0x52, 0x54, 0x44, 0x46, 0x4B, 0x4E }; /* to the UE */
	static const uint8_t mme_side[] = { 0x41, 0x56, 0x53, 0x5C, 0x5F, 0x45, 0x46, 0x48 }; /* to the MME */
	const uint8_t *l = dir == NAS_DOWNLINK ? ue_side : mme_side;
	size_t n = dir == NAS_DOWNLINK ? sizeof ue_side : sizeof mme_side;
	for (size_t i = 0; i < n; i++)
		if (p->emm_type == l[i])
			return true;
	return false;
}

bool track_unprotect(track *t, const track_event *ev, const uint8_t *pdu, uint32_t len, uint8_t *plain,
                     track_sec *out)
{
	sec_state *s = state(t);
	memset(out, 0, sizeof *out);
	s->pend_ev = ev;
	s->pend_frame = ev->frame;
	s->pend_discard = s->pend_unreadable = false;
	memset(&s->pend, 0, sizeof s->pend);
	if (len < 1 || (pdu[0] & 0x0F) != 7)
		return false;
	uint8_t sht = pdu[0] >> 4;
	bool sr = sht >= 12;
	if (sht == 0 || (sr && len < 4) || (!sr && (sht > 5 || len < 6)))
		return false; /* plain, or a header the decoder reports */
	if (!s->keys || !track_keys_count(s->keys)) {
		set_why(out, TRACK_INT_UNCHECKED, "no subscriber keys configured");
		s->pend = *out;
		return false;
	}
	if (sht == 5) {
		set_why(out, TRACK_INT_UNCHECKED, "partially ciphered message (header type 5): not supported");
		s->pend = *out;
		return false;
	}
	ue *u = trk_begin(t, ev);
	if (!u) {
		set_why(out, TRACK_INT_UNCHECKED, "UE not tracked (over the UE cap)");
		s->pend = *out;
		return false;
	}
	sec_ue *su = ue_sec(u);
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	if (ev->has_plmn) {
		su->has_plmn = true;
		memcpy(su->plmn, ev->plmn, 3);
	}
	learn_identities(s, su, p); /* an ATTACH REQUEST names the IMSI it is protected for */
	if (!su->sub && ev->has_s_tmsi) { /* a SERVICE REQUEST's S-TMSI: the GUTI given earlier */
		sec_sub *g = g_hash_table_lookup(s->guti, &(uint64_t){ (uint64_t)ev->s_tmsi_mmec << 32 | ev->s_tmsi_m_tmsi });
		if (g) {
			su->sub = g;
			g_strlcpy(su->imsi, g->key->imsi, sizeof su->imsi);
		}
	}
	if (!su->sub) {
		if (su->imsi[0])
			set_why(out, TRACK_INT_UNCHECKED, "no key for IMSI %s", su->imsi);
		else
			set_why(out, TRACK_INT_UNCHECKED, "IMSI not seen (no ATTACH REQUEST, IDENTITY RESPONSE or "
			        "earlier attach with this GUTI in the capture)");
		s->pend = *out;
		return false;
	}
	sec_sub *b = su->sub;
	if (su->aka.valid) { /* an AKA seen before the IMSI */
		aka_run(b, &su->aka);
		su->aka.valid = false;
	}
	if (sht == 3 && p && !p->ciphered && p->emm_type == 0x5D && p->sec_algs >= 0 && p->ksi >= 0) {
		if (!smc_context(s, b, p, out)) {
			s->pend = *out;
			return false;
		}
	}
	cur_ctx *c = &b->cur;
	if (!c->valid) {
		set_why(out, TRACK_INT_UNCHECKED, "no security context for IMSI %s: %s", b->key->imsi,
		        b->lost ? b->lost : "no SECURITY MODE COMMAND before it in the capture");
		s->pend = *out;
		return false;
	}
	if (sr && (pdu[1] >> 5) != c->ksi) {
		set_why(out, TRACK_INT_UNCHECKED, "KSI %u is not the current context's (%u)", pdu[1] >> 5, c->ksi);
		s->pend = *out;
		return false;
	}

	/* COUNT, direction and context: the MAC decides among the candidates.
	 * The context in use before the last SMC is tried after the current
	 * one: a UE answers SECURITY MODE REJECT (5.4.3.5), or sends what it had
	 * queued, under it. */
	uint32_t sn = sr ? pdu[1] & 0x1F : pdu[5];
	unsigned bits = sr ? 5 : 8;
	uint8_t dirs[2] = { ev->dir == NAS_UPLINK ? 0 : 1, 0 };
	int ndirs = ev->dir == NAS_DIR_UNKNOWN ? 2 : 1; /* unknown: downlink, then uplink */
	if (sr)
		dirs[0] = 0, ndirs = 1; /* sent by the UE only */
	cur_ctx *ctxs[2] = { c, b->prev.valid && b->prev.id != c->id && sht != 3 ? &b->prev : NULL };
	bool ok = false, null_int = c->eia == NAS_ALG_NULL;
	uint32_t count = 0;
	uint8_t d = dirs[0];
	for (int x = 0; x < 2 && !ok && !null_int; x++) {
		if (!ctxs[x])
			continue;
		for (int k = 0; k < ndirs && !ok; k++) {
			uint8_t dk = dirs[k];
			uint32_t est = count_estimate(ctxs[x]->last[dk], sn, bits);
			uint32_t cand[3] = { est, (est + (1u << bits)) & 0xFFFFFF, (est - (1u << bits)) & 0xFFFFFF };
			int nc = est >= (1u << bits) ? 3 : 2;
			if (x == 0 && k == 0) {
				count = est;
				d = dk;
			}
			for (int i = 0; i < nc && !ok; i++)
				if (mac_fits(s, ctxs[x], pdu, len, sr, cand[i], dk)) {
					ok = true;
					count = cand[i];
					d = dk;
					c = ctxs[x];
				}
		}
	}
	if (null_int)
		count = count_estimate(c->last[dirs[0]], sn, bits);
	out->count_known = true;
	out->count = count;
	out->eea = c->eea;
	out->eia = c->eia;
	out->ctx = c->id;
	if (null_int) {
		set_why(out, TRACK_INT_UNCHECKED, "null integrity (EIA0)");
	} else if (ok) {
		out->integrity = TRACK_INT_OK;
	} else if (c->aka_bad) {
		set_why(out, TRACK_INT_FAILED, "the MAC does not verify with the keys of IMSI %s (COUNT %u): "
		        "their AKA (frame %" G_GUINT64_FORMAT ") did not either; wrong K or OPc?", b->key->imsi, count,
		        (guint64)(c->aka_frame & 0xffffffffu));
		s->pend_unreadable = true;
	} else {
		set_why(out, TRACK_INT_FAILED, "the MAC does not verify with the keys of IMSI %s (COUNT %u)",
		        b->key->imsi, count);
	}
	if (ok || null_int)
		c->last[d] = count;
	if (out->integrity == TRACK_INT_FAILED) {
		/* The receiver discards it (4.4.4.2, 4.4.4.3), but the sender has
		 * acted: a downlink message is the MME's (its request and timer run:
		 * a resend follows), and with keys the AKA proved it is read. An
		 * uplink one changes nothing in the MME; the UE's side only shows in
		 * its later messages. */
		bool dl = d == 1;
		s->pend_discard = !dl && !trk_sec_processed_anyway(p, NAS_UPLINK);
		if (!dl || c->aka_bad || !(sht == 2 || sht == 4)) {
			s->pend = *out;
			return false;
		}
	}
	if (sht == 2 || sht == 4) { /* deciphered with the context's EEA (4.4.5) */
		memcpy(plain, pdu, 6);
		if (!nas_eea(s->crypto, c->eea, c->k_enc, count, 0, d, pdu + 6, (len - 6) * 8, plain + 6)) {
			set_why(out, TRACK_INT_UNCHECKED, "ciphering algorithm EEA%u not known", c->eea);
			s->pend = *out;
			return false;
		}
		out->plain = true;
		out->deciphered = c->eea != NAS_ALG_NULL;
	}
	s->pend = *out;
	return out->plain;
}

bool track_decipher(const track *t, uint32_t ctx, uint32_t count, uint8_t dir, const uint8_t *pdu, uint32_t len,
                    uint8_t *plain)
{
	const sec_state *s = t->sec;
	if (!s || !ctx || ctx > s->archive->len || len < 6 || !s->crypto)
		return false;
	const arch_ctx *a = &g_array_index(s->archive, arch_ctx, ctx - 1);
	memcpy(plain, pdu, 6);
	return nas_eea(s->crypto, a->eea, a->k_enc, count, 0, dir == NAS_DOWNLINK ? 1 : 0, pdu + 6, (len - 6) * 8,
	               plain + 6);
}

/* ------------------------------------------------------------ track_feed */

int trk_sec_nas(track *t, ue *u, const track_event *ev, track_annotation *a, char *why, size_t n)
{
	sec_state *s = t->sec;
	if (!s)
		return SEC_ANALYSE;
	int verdict = SEC_ANALYSE;
	if (s->pend_ev == ev && s->pend_frame == ev->frame) { /* track_unprotect's result */
		s->pend_ev = NULL;
		a->sec = s->pend;
		if (s->pend.integrity == TRACK_INT_FAILED) {
			if (s->pend_unreadable)
				return SEC_WRONG_KEYS;
			if (s->pend_discard)
				return SEC_DISCARDED;
			verdict = SEC_FAILED_KEPT;
		}
	}
	if (!s->keys || !track_keys_count(s->keys))
		return verdict;
	sec_ue *su = ue_sec(u);
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	if (ev->has_plmn) {
		su->has_plmn = true;
		memcpy(su->plmn, ev->plmn, 3);
	}
	if (!p || p->ciphered || !p->is_emm)
		return verdict;
	learn_identities(s, su, p);
	switch (p->emm_type) {
	case 0x52: /* AUTHENTICATION REQUEST (8.2.7) */
		if (p->ksi >= 0 && p->rand.len == 16 && p->autn.len == 16) {
			aka_seen k = { true, (uint8_t)(p->ksi & 7), { 0 }, { 0 }, { 0 }, su->has_plmn, ev->frame };
			memcpy(k.rand, p->rand.p, 16);
			memcpy(k.autn, p->autn.p, 16);
			memcpy(k.plmn, su->plmn, 3);
			if (!su->sub) {
				su->aka = k; /* run once the IMSI is known */
				break;
			}
			if (!aka_run(su->sub, &k)) {
				snprintf(why, n, "AUTN's MAC-A does not verify with the keys of IMSI %s: "
				         "wrong K or OPc for this UE (TS 33.102 6.3.3)", su->sub->key->imsi);
				return SEC_AKA_FAILED;
			}
		}
		break;
	case 0x5F: /* SECURITY MODE REJECT (5.4.3.5): the previous context stays in use */
		if (su->sub) {
			su->sub->cur = su->sub->prev;
			su->sub->prev.valid = false;
		}
		break;
	case 0x5C: /* AUTHENTICATION FAILURE (5.4.2.6) */
	case 0x54: /* AUTHENTICATION REJECT (5.4.2.5) */
		if (su->sub)
			su->sub->nat[1].valid = false;
		su->aka.valid = false;
		break;
	default:
		break;
	}
	return verdict;
}
