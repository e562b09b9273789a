/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS envelope (24.301 9.1, 9.3.1), EMM messages as far as ESM and identity
 * need (24.301 8.2), and the one table-driven IE parser used by every EMM and
 * ESM message (24.301 8.1, 24.007 11.2.4 for unknown IEs).
 * No allocation: everything lands in the caller's nas_pdu.
 */
#include <stddef.h>
#include <string.h>

#include "esmtrace/nas.h"

/* ------------------------------------------------------------ diagnostics */

static void add_diag(nas_pdu *pdu, uint16_t code, uint32_t off, const char *ie)
{
	if (nas_diag_is_error(code))
		pdu->valid = false;
	if (pdu->n_diag >= NAS_MAX_DIAGS) {
		pdu->n_diag_dropped++;
		return;
	}
	pdu->diag[pdu->n_diag++] = (nas_diag){ code, off, ie };
}

static unsigned count_errors(const nas_pdu *pdu)
{
	unsigned n = 0;
	for (unsigned i = 0; i < pdu->n_diag; i++)
		n += nas_diag_is_error(pdu->diag[i].code);
	return n + (pdu->n_diag_dropped ? 1u : 0u);
}

/* ---------------------------------------------------- table-driven parser */

/* The table gives each IE's whole length (IEI and length octets included),
 * max 0 = bounded only by the message. */
static bool length_fits(const nas_ie_def *d, uint32_t ie_len)
{
	return ie_len >= d->min_len && (!d->max_len || ie_len <= d->max_len);
}

/* Step over an IE no row names, by the IEI ranges of 24.007 11.2.4 and
 * 24.301 9.9.2.2 / 8.1 (0x7X is TLV-E in EPS). False if it is truncated. */
static bool skip_unknown(nas_cursor *c, uint8_t iei)
{
	uint8_t l8;
	uint16_t l16;

	c->pos++;
	if (iei & 0x80) /* type 1 or type 2: the IEI octet only */
		return true;
	if ((iei & 0xF0) == 0x70)
		return nas_cur_u16(c, &l16) && nas_cur_take(c, l16, NULL);
	return nas_cur_u8(c, &l8) && nas_cur_take(c, l8, NULL);
}

/* Rows found, of the type sets of nas.h: to check (check_ies visits only
 * these, which matters on ATTACH and TAU messages with many EMM IEs), and
 * for the EMM code to read. */
typedef struct {
	uint64_t check; /* NAS_IE_TYPES_CHECKED */
	uint64_t take;  /* NAS_IE_TYPES_EMM_READ */
} rows_found;

/*
 * Parse the IEs of one message (everything after the message type octet) into
 * found[], indexed like def->ies: only the rows found are written (the others
 * are left as they were), and *rows says which of them to check or read.
 * p/len cover the IE part; off is the offset of p in the outer PDU. Returns
 * false if the message could not be parsed to its end (truncation); missing
 * mandatory IEs, bad lengths and unknown or repeated IEs are diagnostics.
 */
static bool parse_ies(nas_pdu *pdu, const nas_msg_def *def, const uint8_t *p, uint32_t len, uint32_t off,
                      nas_ie *found, rows_found *rows)
{
	nas_cursor c = nas_cur(p, len);
	const nas_msg_index *x = nas_msg_index_of(def);
	const nas_ie_def *ies = def->ies;
	uint64_t seen = 0;
	unsigned i = 0;
	bool half_pending = false; /* first half-octet V IE read, second not yet */
	bool complete = false;

	/* Imperative part: IEs without IEI, in table order (24.301 8.1). */
	for (; i < def->n_ies && ies[i].iei == 0; i++) {
		const nas_ie_def *d = &ies[i];
		uint32_t at;
		nas_bytes v;
		uint8_t l8, half = 0;
		uint16_t l16;

		if (half_pending && d->fmt != NAS_FMT_V_HALF) { /* a lone half still owns its octet */
			c.pos++;
			half_pending = false;
		}
		at = c.pos;
		v = (nas_bytes){ p + at, 0 };
		switch (d->fmt) {
		case NAS_FMT_V_HALF:
			if (c.pos >= c.len) goto truncated;
			if (!half_pending) {
				half = p[c.pos] & 0x0F;
				half_pending = true;
			} else {
				half = p[c.pos] >> 4;
				half_pending = false;
				c.pos++;
			}
			break;
		case NAS_FMT_V:
			if (!nas_cur_take(&c, d->min_len, &v)) goto truncated;
			break;
		case NAS_FMT_LV:
			if (!nas_cur_u8(&c, &l8) || !nas_cur_take(&c, l8, &v)) goto truncated;
			break;
		case NAS_FMT_LV_E:
			if (!nas_cur_u16(&c, &l16) || !nas_cur_take(&c, l16, &v)) goto truncated;
			break;
		default: /* tables only put V, LV, LV-E here */
			break;
		}
		/* whole length: 0 for a half octet, which shares its octet */
		found[i] = (nas_ie){ d, off + at, d->fmt == NAS_FMT_V_HALF ? 0 : c.pos - at, v, half };
		if ((d->fmt == NAS_FMT_LV || d->fmt == NAS_FMT_LV_E) && !length_fits(d, c.pos - at)) /* V: fixed */
			add_diag(pdu, NAS_ERR_BAD_LENGTH, off + at, d->name);
		seen |= 1ull << i;
		continue;
	truncated:
		/* input ending where a mandatory IE should start: 24.301 7.5.1 */
		add_diag(pdu, at == len ? NAS_ERR_MISSING_IE : NAS_ERR_TRUNCATED, off + at, d->name);
		goto done;
	}
	if (half_pending) /* a lone half-octet V IE still owns its octet */
		c.pos++;

	/* Non-imperative part: any order, first occurrence wins. */
	while (c.pos < c.len) {
		uint32_t at = c.pos;
		uint8_t iei = p[at];
		int k = nas_row_of(x, iei);
		const nas_ie_def *d;
		nas_bytes v = { p + at, 0 };
		uint8_t l8, half = 0;
		uint16_t l16;

		if (k < 0) {
			if (!skip_unknown(&c, iei))
				goto truncated_opt;
			add_diag(pdu, NAS_WARN_UNKNOWN_IE, off + at, NULL);
			continue;
		}
		d = &ies[k];
		c.pos++;
		switch (d->fmt) {
		case NAS_FMT_TV_HALF:
			half = iei & 0x0F;
			break;
		case NAS_FMT_TV:
			if (!nas_cur_take(&c, d->min_len - 1, &v)) goto truncated_opt;
			break;
		case NAS_FMT_TLV:
			if (!nas_cur_u8(&c, &l8) || !nas_cur_take(&c, l8, &v)) goto truncated_opt;
			break;
		case NAS_FMT_TLV_E:
			if (!nas_cur_u16(&c, &l16) || !nas_cur_take(&c, l16, &v)) goto truncated_opt;
			break;
		}
		if (seen & (1ull << k)) {
			add_diag(pdu, NAS_WARN_DUPLICATE_IE, off + at, d->name);
			continue;
		}
		/* TV and type 1 rows have one length: only a length field can be off */
		if ((d->fmt == NAS_FMT_TLV || d->fmt == NAS_FMT_TLV_E) && !length_fits(d, c.pos - at))
			add_diag(pdu, NAS_ERR_BAD_LENGTH, off + at, d->name);
		seen |= 1ull << k;
		found[k] = (nas_ie){ d, off + at, c.pos - at, v, half };
		continue;
	truncated_opt:
		add_diag(pdu, NAS_ERR_TRUNCATED, off + at, k >= 0 ? ies[k].name : NULL);
		goto done;
	}

	/* Every mandatory IE is in the imperative part (the tables list them
	 * first, without IEI): reaching here means all were read. */
	complete = true;
done:
	rows->check = seen & x->rows_checked;
	rows->take = seen & x->rows_emm_read;
	return complete;
}

/* Index of the lowest set bit: walks the rows found without scanning tables. */
static unsigned lowest_bit(uint64_t b)
{
	return (unsigned)__builtin_ctzll(b);
}

/* Reserved values of the half-octet IEs of the ESM tables. */
static bool half_reserved(uint8_t type, uint8_t v)
{
	switch (type) {
	case NAS_IE_EBI: /* table 9.9.4.6.1: 0 is reserved, 1-15 are EBI values */
		return v == 0;
	case NAS_IE_PDN_TYPE: /* 9.9.4.10: 1-3, 5, 6 (4 is read as IPv6); bit 4 spare */
		return (v & 7) == 0 || (v & 7) == 7;
	case NAS_IE_REQUEST_TYPE: /* 24.008 10.5.6.17: 1-4, 6 */
		return (v & 7) == 0 || (v & 7) == 5 || (v & 7) == 7;
	}
	return false;
}

/* Typed checks of the IEs parse_ies marked, with the offset of the problem. */
static void check_ies(nas_pdu *pdu, const nas_ie *found, uint64_t check, nas_dir dir)
{
	for (uint64_t b = check; b; b &= b - 1) {
		const nas_ie *ie = &found[lowest_bit(b)];
		uint32_t bad = 0;
		int rc;

		if (ie->def->fmt == NAS_FMT_V_HALF) {
			if (half_reserved(ie->def->type, ie->half))
				add_diag(pdu, NAS_WARN_RESERVED, ie->off, ie->def->name);
			continue;
		}
		rc = nas_ie_check(ie->def->type, ie->v, dir, &bad);
		if (rc != NAS_OK)
			add_diag(pdu, (uint16_t)rc, ie->off + (ie->len - ie->v.len) + bad, ie->def->name);
	}
}

/* ------------------------------------------------------------------- ESM */

/* Reset a message without touching its IE array (rows are filled as found). */
static void esm_clear(esm_msg *m)
{
	memset(m, 0, offsetof(esm_msg, ie));
	m->n_unknown = 0;
	m->valid = false;
}

bool esm_decode(const uint8_t *p, size_t len, nas_dir dir, uint32_t off, nas_pdu *diag_sink, esm_msg *m)
{
	unsigned errors_before = diag_sink->valid ? 0 : count_errors(diag_sink);
	uint8_t diags_before = diag_sink->n_diag;
	rows_found rows;

	esm_clear(m);
	m->present = true;
	m->off = off;
	m->len = (uint32_t)len;
	m->raw = (nas_bytes){ p, (uint32_t)len };
	if (len < 3) {
		add_diag(diag_sink, NAS_ERR_TRUNCATED, off, "ESM header");
		if (len >= 1)
			m->ebi = p[0] >> 4;
		if (len >= 2)
			m->pti = p[1];
		return false;
	}
	m->ebi = p[0] >> 4;
	m->pti = p[1];
	m->type = p[2];
	if ((p[0] & 0x0F) != 2) {
		add_diag(diag_sink, NAS_ERR_BAD_PD, off, "Protocol discriminator");
		return false;
	}
	m->def = nas_esm_msg_def(m->type);
	if (!m->def) {
		add_diag(diag_sink, NAS_ERR_UNKNOWN_MSG, off + 2, "Message type");
		return false;
	}
	/* a message sent one way only reads its IEs (PCO container IDs) that way,
	 * whatever the caller's hint */
	if (m->def->dir != NAS_DIR_UNKNOWN)
		dir = (nas_dir)m->def->dir;
	/* 9.3.2: EBI 1-4 only with 15-bearer support: unusual, not an error */
	if (m->ebi >= 1 && m->ebi <= 4)
		add_diag(diag_sink, NAS_WARN_RESERVED, off, "EPS bearer identity");
	/* 24.007 11.2.3.1a: PTI 255 is reserved */
	if (m->pti == 255)
		add_diag(diag_sink, NAS_WARN_RESERVED, off + 1, "Procedure transaction identity");
	/* the API: def == NULL means absent; parse_ies fills the rows it finds */
	for (unsigned i = 0, n = m->def->n_ies; i < n; i++)
		m->ie[i].def = NULL;
	if (parse_ies(diag_sink, m->def, p + 3, (uint32_t)len - 3, off + 3, m->ie, &rows))
		check_ies(diag_sink, m->ie, rows.check, dir);
	for (unsigned i = diags_before; i < diag_sink->n_diag; i++)
		m->n_unknown += diag_sink->diag[i].code == NAS_WARN_UNKNOWN_IE;
	m->valid = diag_sink->valid || count_errors(diag_sink) == errors_before;
	return m->valid;
}

const nas_ie *esm_find_ie(const esm_msg *m, nas_ie_type type)
{
	if (!m->def)
		return NULL;
	for (unsigned j = 0; j < m->def->n_ies; j++)
		if (m->ie[j].def && m->ie[j].def->type == type)
			return &m->ie[j];
	return NULL;
}

/* ------------------------------------------------------------------- EMM */

static void emm_take_identity(nas_pdu *pdu, const nas_ie *ie)
{
	nas_identity spare;
	/* decode straight into the next free slot: no copy on the common path */
	nas_identity *id = pdu->n_id < NAS_MAX_IDS ? &pdu->id[pdu->n_id] : &spare;
	bool eps = strcmp(ie->def->clause, "9.9.3.12") == 0;
	int rc = nas_decode_identity(ie->v, eps, id);

	if (rc != NAS_OK) {
		add_diag(pdu, (uint16_t)rc, ie->off + (ie->len - ie->v.len), ie->def->name);
		return;
	}
	if (id->kind == NAS_ID_NONE)
		return;
	if (id == &spare) {
		add_diag(pdu, NAS_WARN_CAP, ie->off, ie->def->name);
		return;
	}
	id->role = ie->def->key;
	id->off = ie->off + (ie->len - ie->v.len);
	id->len = ie->v.len;
	pdu->n_id++;
}

static void reset_content(nas_pdu *pdu, uint8_t n_diag_keep);

/* Decode a plain EMM message with one table. */
static bool emm_decode_def(nas_pdu *pdu, const uint8_t *p, uint32_t len, uint32_t off, nas_dir dir,
                           const nas_msg_def *def)
{
	nas_ie found[64]; /* only the rows marked in rows are read */
	rows_found rows;

	pdu->is_emm = true;
	pdu->emm_off = off;
	pdu->emm_type = p[1];
	pdu->emm_def = def;
	if (!parse_ies(pdu, def, p + 2, len - 2, off + 2, found, &rows))
		return false;
	check_ies(pdu, found, rows.check, dir);

	for (uint64_t b = rows.take; b; b &= b - 1) {
		const nas_ie *ie = &found[lowest_bit(b)];
		switch (ie->def->type) {
		case NAS_IE_MOBILE_ID:
			emm_take_identity(pdu, ie);
			break;
		case NAS_IE_EMM_CAUSE:
			if (ie->v.len >= 1) {
				pdu->emm_cause = ie->v.p[0];
				pdu->emm_cause_off = ie->off + (ie->len - ie->v.len);
			}
			break;
		case NAS_IE_DETACH_TYPE:
			pdu->detach_type = ie->half;
			pdu->detach_type_off = ie->off;
			break;
		case NAS_IE_BEARER_CTX_STATUS:
			if (ie->v.len == 2) { /* 9.9.2.1: octet 3 = EBI(7..0), octet 4 = EBI(15..8) */
				pdu->bearer_ctx_status = (int32_t)(ie->v.p[0] | ie->v.p[1] << 8);
				pdu->bearer_ctx_status_off = ie->off + 2;
			}
			break;
		/* NAS security (4.4): the key chain's inputs */
		case NAS_IE_KSI: /* 9.9.3.21: TSC and value, a half octet */
			pdu->ksi = (int8_t)(ie->half & 0x0F);
			pdu->ksi_off = ie->off;
			break;
		case NAS_IE_RAND: /* 9.9.3.3: fixed 16 octets */
			pdu->rand = ie->v;
			pdu->rand_off = ie->off;
			break;
		case NAS_IE_AUTN: /* 9.9.3.2: LV, 16 octets (the table's length range) */
			if (ie->v.len == 16) {
				pdu->autn = ie->v;
				pdu->autn_off = ie->off + 1;
			}
			break;
		case NAS_IE_SEC_ALGS: /* 9.9.3.23: one octet */
			pdu->sec_algs = ie->v.p[0];
			pdu->sec_algs_off = ie->off;
			break;
		case NAS_IE_ESM_CONTAINER: {
			/* 9.9.3.15: one plain ESM message, no security header */
			uint32_t voff = ie->off + (ie->len - ie->v.len);
			esm_decode(ie->v.p, ie->v.len, dir, voff, pdu, &pdu->esm);
			break;
		}
		default:
			break;
		}
	}
	return true;
}

/* How completely a decode went: 0 no diagnostic (but semantic ones, which a
 * well-formed message may carry), 1 warnings only, 2 errors. */
static int decode_score(const nas_pdu *pdu, uint8_t n_diag_before)
{
	if (!pdu->valid)
		return 2;
	if (pdu->n_diag_dropped)
		return 1;
	for (unsigned i = n_diag_before; i < pdu->n_diag; i++)
		if (pdu->diag[i].code != NAS_WARN_SEMANTIC)
			return 1;
	return 0;
}

static bool emm_decode(nas_pdu *pdu, const uint8_t *p, uint32_t len, uint32_t off, nas_dir dir)
{
	const nas_msg_def *def, *other;
	uint8_t n_diag = pdu->n_diag;

	pdu->is_emm = true;
	pdu->emm_off = off;
	if (len < 2) {
		add_diag(pdu, NAS_ERR_TRUNCATED, off, "EMM header");
		return false;
	}
	pdu->emm_type = p[1];
	def = nas_emm_msg_def_dir(p[1], dir);
	if (!def) {
		add_diag(pdu, NAS_ERR_UNKNOWN_MSG, off + 1, "Message type");
		return false;
	}
	if (def->dir == NAS_DIR_UNKNOWN) /* one form for both directions (EMM STATUS ...) */
		return emm_decode_def(pdu, p, len, off, dir, def);
	other = nas_emm_msg_def_dir(p[1], def->dir == NAS_UPLINK ? NAS_DOWNLINK : NAS_UPLINK);
	if (other == def) /* one direction only: the table's, whatever the hint */
		return emm_decode_def(pdu, p, len, off, (nas_dir)def->dir, def);
	/* DETACH REQUEST and DETACH ACCEPT have a form per direction (8.2.10-8.2.12):
	 * take the one the bytes fit completely; when both (or neither) fit as well,
	 * the hint's, else the first listed, and the direction stays open */
	emm_decode_def(pdu, p, len, off, (nas_dir)def->dir, def);
	int s_def = decode_score(pdu, n_diag);
	reset_content(pdu, n_diag);
	emm_decode_def(pdu, p, len, off, (nas_dir)other->dir, other);
	int s_other = decode_score(pdu, n_diag);
	const nas_msg_def *pick = s_other < s_def ? other : def;
	if (s_other == s_def) {
		pdu->dir_open = true;
		if (dir == (nas_dir)other->dir)
			pick = other;
	} else {
		pdu->dir_from = NAS_DIR_FROM_DECODE;
	}
	if (pick == other)
		return pdu->valid;
	reset_content(pdu, n_diag);
	return emm_decode_def(pdu, p, len, off, (nas_dir)pick->dir, pick);
}

/* ------------------------------------------------------------- envelope */

/* A plain message (PD 2, or PD 7 with security header type 0) at off. */
static void decode_plain(nas_pdu *pdu, const uint8_t *p, uint32_t len, uint32_t off)
{
	uint8_t pd;

	if (len < 1) {
		add_diag(pdu, NAS_ERR_TRUNCATED, off, "Protocol discriminator");
		return;
	}
	pd = p[0] & 0x0F;
	if (pd == 2) {
		esm_decode(p, len, pdu->dir, off, pdu, &pdu->esm);
	} else if (pd == 7) {
		if (p[0] >> 4) { /* a security header inside a security header */
			add_diag(pdu, NAS_ERR_BAD_VALUE, off, "Security header type");
			return;
		}
		emm_decode(pdu, p, len, off, pdu->dir);
	} else {
		add_diag(pdu, NAS_ERR_BAD_PD, off, "Protocol discriminator");
	}
}

static void reset_content(nas_pdu *pdu, uint8_t n_diag_keep)
{
	pdu->is_emm = false;
	pdu->emm_type = 0;
	pdu->emm_def = NULL;
	pdu->emm_off = 0;
	pdu->emm_cause = -1;
	pdu->detach_type = -1;
	pdu->bearer_ctx_status = -1;
	pdu->ksi = -1;
	pdu->sec_algs = -1;
	pdu->rand = pdu->autn = (nas_bytes){ NULL, 0 };
	pdu->n_id = 0;
	esm_clear(&pdu->esm);
	pdu->n_diag = n_diag_keep;
	pdu->n_diag_dropped = 0;
	pdu->valid = true;
}

/* Zero everything but the arrays (identities, IE rows, diagnostics), which
 * are filled as they are found and counted: clearing ~1.5 kB per PDU was the
 * largest cost of a decode. */
static void pdu_init(nas_pdu *pdu, const uint8_t *p, nas_dir dir, uint32_t len)
{
	memset(pdu, 0, offsetof(nas_pdu, id));
	memset(&pdu->n_diag, 0, sizeof(*pdu) - offsetof(nas_pdu, n_diag));
	pdu->raw = (nas_bytes){ p, len };
	pdu->dir = dir;
	pdu->dir_hint = (uint8_t)dir;
	pdu->pdu_len = len;
	reset_content(pdu, 0);
}

/* The PDU's direction from what was decoded (nas_dir_from): the table of a
 * message sent one way only; the form that decoded (emm_decode, for the
 * messages with a form per direction); else the hint, and a message that
 * exists both ways leaves the direction open for the tracker. */
static void settle_dir(nas_pdu *pdu)
{
	nas_dir hint = (nas_dir)pdu->dir_hint, table = NAS_DIR_UNKNOWN;
	bool both_ways = false;

	if (pdu->is_service_request) /* 8.2.25: UE to network */
		table = NAS_UPLINK;
	else if (pdu->emm_def) /* an EMM message decides for the ESM message it carries */
		table = (nas_dir)pdu->emm_def->dir, both_ways = table == NAS_DIR_UNKNOWN;
	else if (pdu->esm.def)
		table = (nas_dir)pdu->esm.def->dir, both_ways = table == NAS_DIR_UNKNOWN;
	if (pdu->dir_open) /* both forms decoded alike: no table settles it */
		table = NAS_DIR_UNKNOWN, both_ways = true;
	pdu->dir_open = both_ways;
	if (table != NAS_DIR_UNKNOWN) {
		pdu->dir = table;
		if (hint == table)
			pdu->dir_from = NAS_DIR_FROM_SOURCE;
		else if (pdu->dir_from != NAS_DIR_FROM_DECODE)
			pdu->dir_from = NAS_DIR_FROM_MESSAGE;
	} else {
		pdu->dir = hint;
		pdu->dir_from = hint != NAS_DIR_UNKNOWN ? NAS_DIR_FROM_SOURCE : NAS_DIR_FROM_NONE;
	}
	pdu->dir_inferred = pdu->dir != NAS_DIR_UNKNOWN && pdu->dir_from != NAS_DIR_FROM_SOURCE;
}

/* A clean decode for the ciphered-or-not test: no diagnostic except
 * "semantic" ones, which real networks send in plain EEA0 messages (a TFT the
 * UE must reject is still a well-formed message). */
static bool only_semantic_warnings(const nas_pdu *pdu)
{
	if (pdu->n_diag_dropped)
		return false;
	for (unsigned i = 0; i < pdu->n_diag; i++)
		if (pdu->diag[i].code != NAS_WARN_SEMANTIC)
			return false;
	return true;
}

static bool decode_envelope(const uint8_t *p, size_t len, nas_dir dir, const nas_opts *opts, nas_pdu *out);

bool nas_decode(const uint8_t *p, size_t len, nas_dir dir, const nas_opts *opts, nas_pdu *out)
{
	bool ok = decode_envelope(p, len, dir, opts, out);
	settle_dir(out);
	return ok;
}

static bool decode_envelope(const uint8_t *p, size_t len, nas_dir dir, const nas_opts *opts, nas_pdu *out)
{
	bool try_plain = opts ? opts->try_ciphered_as_plain : true;
	bool deciphered = opts && opts->deciphered;
	uint8_t sht;

	if (len > UINT32_MAX) /* offsets are 32-bit */
		len = UINT32_MAX;
	pdu_init(out, p, dir, (uint32_t)len);
	if (len < 1) {
		add_diag(out, NAS_ERR_TRUNCATED, 0, "Protocol discriminator");
		return false;
	}
	out->pd = p[0] & 0x0F;
	sht = p[0] >> 4;
	if (out->pd != 7) {
		decode_plain(out, p, (uint32_t)len, 0);
		return out->valid;
	}
	out->sec_hdr = sht;
	if (sht == 0) {
		decode_plain(out, p, (uint32_t)len, 0);
		return out->valid;
	}
	if (sht >= 12) {
		/* 9.3.1 / 8.2.25: SERVICE REQUEST: KSI and sequence number, short MAC */
		out->is_emm = true;
		out->is_service_request = true;
		if (len < 4) {
			add_diag(out, NAS_ERR_TRUNCATED, (uint32_t)len, "SERVICE REQUEST");
			return false;
		}
		out->sr_ksi = p[1] >> 5;
		out->sqn = p[1] & 0x1F;
		out->mac = (uint32_t)(p[2] << 8 | p[3]);
		if (len > 4)
			add_diag(out, NAS_ERR_TRAILING, 4, "SERVICE REQUEST");
		return out->valid;
	}
	if (sht > 5) {
		add_diag(out, NAS_ERR_BAD_VALUE, 0, "Security header type");
		return false;
	}
	/* 9.1 figure 9.1.2: MAC (octets 2-5), sequence number (octet 6) */
	if (len < 6) {
		add_diag(out, NAS_ERR_TRUNCATED, (uint32_t)len, "Security header");
		return false;
	}
	out->has_mac = true;
	out->mac = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
	out->sqn = p[5];
	out->inner_off = 6;

	if (sht == 1 || sht == 3) { /* integrity only: the inner message is plain */
		decode_plain(out, p + 6, (uint32_t)len - 6, 6);
		return out->valid;
	}
	if ((sht == 2 || sht == 4) && deciphered) {
		/* the caller deciphered the inner bytes (4.4.5): a plain message,
		 * decoded with whatever is wrong in it */
		out->deciphered = true;
		decode_plain(out, p + 6, (uint32_t)len - 6, 6);
		return out->valid;
	}
	if ((sht == 2 || sht == 4) && try_plain && len > 6) {
		/* Ciphered, but EEA0 is common: accept only a complete, clean
		 * decode (no diagnostic of any kind), never a guess. */
		decode_plain(out, p + 6, (uint32_t)len - 6, 6);
		if (out->valid && only_semantic_warnings(out) && (out->is_emm || out->esm.present) &&
		    (!out->esm.present || out->esm.valid))
			return true;
	}
	/* types 2 and 4 that did not decode, and type 5 (partially ciphered) */
	reset_content(out, 0);
	out->dir_from = NAS_DIR_FROM_NONE;
	out->dir_open = false;
	out->ciphered = true;
	add_diag(out, NAS_ERR_CIPHERED, 6, "NAS message");
	return false;
}
