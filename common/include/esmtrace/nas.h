/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace decoder core: NAS envelope, EMM (as far as ESM and identity need),
 * ESM messages and IEs, PCO/ePCO.
 *
 * Spec release: 3GPP TS 24.301 V17.9.0 (Rel-17) clauses 8-10 for message and IE
 * coding (the ESM message tables are identical in V19.6.0); TS 24.008 codings
 * referenced from 24.301 as listed in shared/reference/.
 *
 * Rules (DESIGN.md):
 *  - Stateless, no heap allocation. Every value is a view into the caller's
 *    input, which must outlive the nas_pdu that refers to it.
 *  - One bounds-checked cursor; nothing is read past (p, len).
 *  - Malformed input is data: the decoder records a diagnostic with an offset
 *    and keeps what is valid. It never asserts or aborts.
 *  - Direction is explicit: PCO container IDs mean different things uplink and
 *    downlink.
 */
#ifndef ESMTRACE_NAS_H
#define ESMTRACE_NAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ basics */

typedef enum {
	NAS_DIR_UNKNOWN = 0,
	NAS_UPLINK = 1,   /* UE -> network */
	NAS_DOWNLINK = 2, /* network -> UE */
} nas_dir;

/* Where a decoded PDU's direction comes from (nas_pdu.dir_from). The caller's
 * direction (S1AP procedure, LTE RRC message, GSMTAP uplink flag) is a hint: a
 * message that TS 24.301 defines in one direction only takes that direction
 * from the message table (tables 9.8.1, 9.8.2, and the "Direction" line of each
 * message's clause 8.2 / 8.3); for one that exists both ways, the form that
 * decodes completely decides (DETACH REQUEST and DETACH ACCEPT have one form per
 * direction, 8.2.10-8.2.12), then the bearer tracker's state (track.h), then the
 * hint. */
typedef enum {
	NAS_DIR_FROM_NONE = 0, /* no hint, and nothing else settles it: the direction is unknown */
	NAS_DIR_FROM_SOURCE,   /* the caller's hint (agreeing with the message where it has one direction) */
	NAS_DIR_FROM_MESSAGE,  /* the message is defined in one direction only; the hint said otherwise or nothing */
	NAS_DIR_FROM_DECODE,   /* both directions exist; only this one's form decodes completely */
	NAS_DIR_FROM_STATE,    /* both directions decode alike; the tracker's procedures settle it */
} nas_dir_from;

/* A view into the input. */
typedef struct {
	const uint8_t *p;
	uint32_t len;
} nas_bytes;

/* Diagnostic codes. The first group are errors (the PDU did not decode
 * cleanly); the second are warnings (decoded, but something was skipped). */
typedef enum {
	NAS_OK = 0,
	/* errors */
	NAS_ERR_TRUNCATED,     /* input ends inside a header, length or IE */
	NAS_ERR_BAD_LENGTH,    /* IE length outside the table's range */
	NAS_ERR_MISSING_IE,    /* mandatory IE absent (24.301 7.5.3 / 7.4) */
	NAS_ERR_UNKNOWN_MSG,   /* message type not in tables 9.8.1 / 9.8.2 */
	NAS_ERR_BAD_PD,        /* protocol discriminator is neither 2 (ESM) nor 7 (EMM) */
	NAS_ERR_BAD_VALUE,     /* a coded value the spec forbids (e.g. APN label overrun) */
	NAS_ERR_TRAILING,      /* bytes left inside a fixed-size or counted structure */
	NAS_ERR_CIPHERED,      /* inner message is ciphered: not decoded */
	NAS_ERR__LAST_ERROR,
	/* warnings */
	NAS_WARN_UNKNOWN_IE = 32, /* unknown IEI skipped per TS 24.007 11.2.4 */
	NAS_WARN_DUPLICATE_IE,    /* repeated IE; the first occurrence is kept */
	NAS_WARN_RESERVED,        /* reserved value received (e.g. EBI 1-4, PDN type 7) */
	NAS_WARN_CAP,             /* more items than the decoder keeps; counted */
	NAS_WARN_SEMANTIC,        /* well-formed, but the receiver rejects it (e.g. TFT errors of 24.301 6.4.2.4) */
} nas_diag_code;

typedef struct {
	uint16_t code;    /* nas_diag_code */
	uint32_t offset;  /* octet offset in the outer NAS PDU */
	const char *ie;   /* IE (or structure) name, static string, may be NULL */
} nas_diag;

static inline bool nas_diag_is_error(uint16_t code) { return code > NAS_OK && code < NAS_ERR__LAST_ERROR; }
const char *nas_diag_code_name(uint16_t code); /* "truncated", "bad-length", ... */

/* ------------------------------------------------------------ tables (9.x) */

typedef enum {
	NAS_FMT_V,       /* value, fixed length, no IEI */
	NAS_FMT_V_HALF,  /* half-octet value, no IEI */
	NAS_FMT_LV,
	NAS_FMT_LV_E,    /* 2-octet length */
	NAS_FMT_TV,      /* IEI + fixed-length value */
	NAS_FMT_TV_HALF, /* type 1: IEI in bits 8-5, value in bits 4-1 */
	NAS_FMT_TLV,
	NAS_FMT_TLV_E,
} nas_ie_fmt;

typedef enum { NAS_PRES_M, NAS_PRES_O, NAS_PRES_C } nas_presence;

/* What an IE's value means: selects the typed decoder used for validation,
 * display and JSON. One entry per IE type of 24.301 9.9.x / 24.008 10.5.x. */
typedef enum {
	NAS_IE_OPAQUE = 0,
	NAS_IE_SPARE_HALF,
	NAS_IE_EBI,              /* linked EBI 9.9.4.6 */
	NAS_IE_EPS_QOS,          /* 9.9.4.3 */
	NAS_IE_EXT_EPS_QOS,      /* 9.9.4.30 */
	NAS_IE_APN,              /* 9.9.4.1 */
	NAS_IE_PDN_ADDRESS,      /* 9.9.4.9 */
	NAS_IE_PDN_TYPE,         /* 9.9.4.10 */
	NAS_IE_REQUEST_TYPE,     /* 9.9.4.14 */
	NAS_IE_APN_AMBR,         /* 9.9.4.2 */
	NAS_IE_EXT_APN_AMBR,     /* 9.9.4.29 */
	NAS_IE_ESM_CAUSE,        /* 9.9.4.4 */
	NAS_IE_TFT,              /* 9.9.4.16 */
	NAS_IE_TFAD,             /* 9.9.4.15 (TFT format) */
	NAS_IE_PCO,              /* 9.9.4.11 */
	NAS_IE_EPCO,             /* 9.9.4.26 */
	NAS_IE_GPRS_TIMER,       /* 9.9.3.16 */
	NAS_IE_GPRS_TIMER2,      /* 9.9.3.16A */
	NAS_IE_GPRS_TIMER3,      /* 9.9.3.16B */
	NAS_IE_TI,               /* 9.9.4.17 */
	NAS_IE_QOS,              /* 9.9.4.12 (opaque, length-checked) */
	NAS_IE_LLC_SAPI,         /* 9.9.4.7 */
	NAS_IE_RADIO_PRIORITY,   /* 9.9.4.13 */
	NAS_IE_PFI,              /* 9.9.4.8 */
	NAS_IE_CONNECTIVITY_TYPE,/* 9.9.4.2A */
	NAS_IE_WLAN_OFFLOAD,     /* 9.9.4.18 */
	NAS_IE_NBIFOM,           /* 9.9.4.19 (opaque) */
	NAS_IE_HDR_COMPRESSION,  /* 9.9.4.22 */
	NAS_IE_CP_ONLY,          /* 9.9.4.23 */
	NAS_IE_SERVING_PLMN_RATE,/* 9.9.4.28 */
	NAS_IE_ESM_INFO_FLAG,    /* 9.9.4.5 */
	NAS_IE_DEVICE_PROPERTIES,/* 9.9.2.0A */
	NAS_IE_NOTIFICATION_IND, /* 9.9.4.7A */
	NAS_IE_REATTEMPT_IND,    /* 9.9.4.13A */
	NAS_IE_REMOTE_UE_LIST,   /* 9.9.4.20 */
	NAS_IE_PKMF_ADDRESS,     /* 9.9.4.21 */
	NAS_IE_USER_DATA,        /* 9.9.4.24 */
	NAS_IE_RELEASE_ASSIST,   /* 9.9.4.25 */
	/* EMM IEs the tracker needs */
	NAS_IE_ESM_CONTAINER,    /* 9.9.3.15 */
	NAS_IE_MOBILE_ID,        /* 9.9.3.12 EPS mobile identity, 9.9.2.3 mobile identity */
	NAS_IE_EMM_CAUSE,        /* 9.9.3.9 */
	NAS_IE_BEARER_CTX_STATUS,/* 9.9.2.1 */
	NAS_IE_DETACH_TYPE,      /* 9.9.3.7 */
	/* EMM IEs the NAS security key chain needs (TS 24.301 4.4) */
	NAS_IE_KSI,              /* 9.9.3.21 NAS key set identifier (half octet) */
	NAS_IE_RAND,             /* 9.9.3.3 authentication parameter RAND */
	NAS_IE_AUTN,             /* 9.9.3.2 authentication parameter AUTN */
	NAS_IE_SEC_ALGS,         /* 9.9.3.23 selected NAS security algorithms */
	NAS_IE__COUNT
} nas_ie_type;

/* One row of a message table: 24.301 clause 8.x "Information element" tables. */
typedef struct {
	uint8_t iei;         /* 0 when the IE has no IEI; for type 1 the high nibble (0xC0 etc.) */
	uint8_t fmt;         /* nas_ie_fmt */
	uint8_t pres;        /* nas_presence */
	uint8_t type;        /* nas_ie_type */
	uint32_t min_len;    /* IE length in the message, spec convention (incl. IEI/length) */
	uint32_t max_len;    /* 0 = bounded only by the message */
	const char *name;    /* spec name, e.g. "EPS QoS" */
	const char *key;     /* snake_case JSON key, e.g. "eps_qos" */
	const char *clause;  /* "9.9.4.3" */
} nas_ie_def;

typedef struct {
	uint8_t type;        /* message type, table 9.8.1 / 9.8.2 */
	uint8_t dir;         /* nas_dir it is sent in; NAS_DIR_UNKNOWN = both */
	const char *name;    /* "ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST" */
	const char *clause;  /* "8.3.6" */
	const nas_ie_def *ies;
	uint8_t n_ies;
} nas_msg_def;

const nas_msg_def *nas_esm_msg_def(uint8_t type); /* NULL if unassigned */
const nas_msg_def *nas_emm_msg_def(uint8_t type); /* NULL if unassigned */

/* ----------------------------------------------------------------- messages */

#define NAS_MAX_IES 24  /* more than the largest table (19 rows) */
#define NAS_MAX_DIAGS 16

/* One IE as found in the message. def == NULL means absent. */
typedef struct {
	const nas_ie_def *def;
	uint32_t off;    /* offset of the IE's first octet (IEI, or value if none) in the outer PDU */
	uint32_t len;    /* whole IE length in octets (0 for a half-octet V IE) */
	nas_bytes v;     /* value part, after IEI and length */
	uint8_t half;    /* value of a half-octet IE (bits 4-1) */
} nas_ie;

/* A plain ESM message (24.301 8.3), stand-alone or from an ESM message container. */
typedef struct {
	bool present;
	uint8_t ebi;         /* octet 1 bits 8-5 */
	uint8_t pti;         /* octet 2 */
	uint8_t type;        /* octet 3 */
	const nas_msg_def *def; /* NULL if the type is unassigned */
	uint32_t off, len;   /* where the plain ESM message sits in the outer PDU */
	nas_bytes raw;       /* its bytes (used to recognise resends by meaning) */
	nas_ie ie[NAS_MAX_IES]; /* indexed like def->ies */
	uint8_t n_unknown;   /* unknown IEIs skipped */
	bool valid;          /* no error-level diagnostic inside this message */
} esm_msg;

/* UE identity from EMM (9.9.3.12 EPS mobile identity, 9.9.2.3 mobile identity). */
typedef enum { NAS_ID_NONE = 0, NAS_ID_IMSI, NAS_ID_IMEI, NAS_ID_IMEISV, NAS_ID_GUTI, NAS_ID_TMSI } nas_id_kind;
typedef struct {
	uint8_t kind;          /* nas_id_kind */
	const char *role;      /* "eps_mobile_identity", "old_guti", "guti", "additional_guti", "m_tmsi" */
	char digits[17];       /* IMSI/IMEI/IMEISV digits */
	char plmn[7];          /* GUTI: MCC+MNC as text, e.g. "00101" */
	uint16_t mmegi;
	uint8_t mmec;
	uint32_t m_tmsi;       /* GUTI / S-TMSI / TMSI */
	uint32_t off, len;     /* the identity IE's value part in the outer PDU */
} nas_identity;

#define NAS_MAX_IDS 3

typedef struct {
	/* envelope (24.301 9.1, 9.3.1) */
	nas_dir dir;
	uint8_t pd;           /* outer protocol discriminator */
	uint8_t sec_hdr;      /* security header type, 0 when plain */
	bool has_mac;         /* types 1-5: MAC and SN present */
	uint32_t mac;
	uint8_t sqn;          /* sequence number (8 LSB of NAS COUNT); for type 12: 5-bit seq */
	bool ciphered;        /* security-protected and the inner bytes were not decoded */
	uint32_t inner_off;   /* offset of the inner plain message (6 for types 1-5) */

	/* EMM (only what ESM and identity need) */
	bool is_emm;
	uint8_t emm_type;               /* 0 when not EMM; 0 too for SERVICE REQUEST (type 12 header) */
	bool is_service_request;        /* security header type 12-15 */
	int16_t emm_cause;              /* -1 when absent */
	int16_t detach_type;            /* -1 when absent; value bits 3-1 (+ switch off bit 4) */
	int32_t bearer_ctx_status;      /* -1 when absent; else bit n = EBI n (9.9.2.1) */
	nas_identity id[NAS_MAX_IDS];
	uint8_t n_id;

	/* ESM */
	esm_msg esm;

	/* diagnostics */
	nas_diag diag[NAS_MAX_DIAGS];
	uint8_t n_diag;
	uint16_t n_diag_dropped;        /* diagnostics beyond NAS_MAX_DIAGS, counted */
	bool valid;                      /* no error-level diagnostic */

	/* added after the first version (additive) */
	bool dir_inferred;              /* dir did not come from the caller (dir_from says whence) */
	const nas_msg_def *emm_def;     /* table of the plain EMM message, NULL if none */
	uint32_t emm_off;               /* offset of the plain EMM message in the outer PDU */
	uint32_t pdu_len;               /* length of the outer PDU */
	uint32_t emm_cause_off;         /* where the EMM cause octet is (when emm_cause >= 0) */
	uint32_t detach_type_off;       /* the octet holding the detach type (when detach_type >= 0) */
	uint32_t bearer_ctx_status_off; /* the 2 octets of EPS bearer context status (when >= 0) */
	uint8_t sr_ksi;                 /* SERVICE REQUEST: KSI, octet 2 bits 8-6 (9.9.3.19) */

	/* NAS security: what the EPS key chain needs (TS 24.301 4.4), read by
	 * the tables' KSI, RAND, AUTN and algorithm rows (additive) */
	int8_t ksi;                     /* NAS key set identifier (9.9.3.21): bit 4 type of security
	                                   context (1 = mapped), bits 3-1 the value (7 = no key);
	                                   ATTACH, TAU, DETACH and EXTENDED SERVICE REQUEST,
	                                   AUTHENTICATION REQUEST, SMC; -1 when absent */
	uint32_t ksi_off;               /* the octet holding it */
	int16_t sec_algs;               /* SMC selected NAS security algorithms (9.9.3.23): bits 7-5
	                                   ciphering (EEA), bits 3-1 integrity (EIA); -1 when absent */
	uint32_t sec_algs_off;
	nas_bytes rand, autn;           /* AUTHENTICATION REQUEST: RAND (9.9.3.3) and AUTN (9.9.3.2)
	                                   values, 16 octets each; len 0 when absent */
	uint32_t rand_off, autn_off;
	bool deciphered;                /* types 2 and 4: the inner bytes were the caller's
	                                   deciphered plaintext (nas_opts.deciphered) */

	/* Direction (additive): dir is the decoder's conclusion, dir_hint the
	 * caller's direction argument, dir_from why dir is what it is. dir_open:
	 * the message exists in both directions and both forms decode alike (ESM
	 * STATUS, EMM STATUS, DETACH ACCEPT, ESM DATA TRANSPORT ...), so the
	 * bearer tracker may settle the direction from its procedures. */
	uint8_t dir_hint;               /* nas_dir */
	uint8_t dir_from;               /* nas_dir_from */
	bool dir_open;
	nas_bytes raw;                  /* the whole PDU as given (additive): copies of one message
	                                   are recognised by their bytes (track.h) */
} nas_pdu;

typedef struct {
	/* Try to decode the inner bytes of security header types 2 and 4
	 * (ciphered) as a plain message, accepted only when they decode completely
	 * and consistently (EEA0 / null ciphering is common in test networks).
	 * Default true. */
	bool try_ciphered_as_plain;
	/* The inner bytes of security header types 2 and 4 are plaintext: the
	 * caller deciphered them with the UE's keys (track_unprotect). They are
	 * decoded as a plain message, diagnostics included, never guessed. */
	bool deciphered;
} nas_opts;

/* Decode one NAS PDU. dir is the direction the capture gives, a hint
 * (nas_dir_from); the PDU's own direction is in out->dir. Returns true when
 * it decoded without error-level diagnostics. opts may be NULL for defaults. */
bool nas_decode(const uint8_t *p, size_t len, nas_dir dir, const nas_opts *opts, nas_pdu *out);

/* Decode a plain ESM message alone (no envelope). off is added to every offset. */
bool esm_decode(const uint8_t *p, size_t len, nas_dir dir, uint32_t off, nas_pdu *diag_sink, esm_msg *out);

/* The IE of type `type` in the message (first match in table order), or NULL. */
const nas_ie *esm_find_ie(const esm_msg *m, nas_ie_type type);

/* ------------------------------------------------------- typed IE decoders */
/* Each returns NAS_OK or the nas_diag_code of the first problem. */

typedef struct {
	uint8_t qci;
	bool has_rates;                 /* contents longer than 1 octet */
	uint64_t mbr_ul, mbr_dl, gbr_ul, gbr_dl; /* kbit/s, with ext and ext-2 resolved */
} nas_eps_qos;
int nas_decode_eps_qos(nas_bytes v, nas_eps_qos *out);

typedef struct { uint64_t mbr_ul, mbr_dl, gbr_ul, gbr_dl; } nas_ext_eps_qos; /* kbit/s */
int nas_decode_ext_eps_qos(nas_bytes v, nas_ext_eps_qos *out);

#define NAS_APN_MAX 101  /* 100 octets of labels -> at most 99 chars + NUL */
int nas_decode_apn(nas_bytes v, char out[NAS_APN_MAX]); /* dotted text */

typedef struct {
	uint8_t type;          /* 1 IPv4, 2 IPv6, 3 IPv4v6, 5 non-IP, 6 Ethernet */
	bool has_ipv4, has_ipv6_iid;
	uint8_t ipv4[4];
	uint8_t ipv6_iid[8];
} nas_pdn_address;
int nas_decode_pdn_address(nas_bytes v, nas_pdn_address *out);

typedef struct { uint64_t dl, ul; } nas_ambr; /* kbit/s */
int nas_decode_apn_ambr(nas_bytes v, nas_ambr *out);
int nas_decode_ext_apn_ambr(nas_bytes v, nas_ambr *out);

/* GPRS timer / timer 2 / timer 3: seconds, or deactivated. */
typedef struct { bool deactivated; uint8_t unit, value; uint64_t seconds; } nas_timer;
int nas_decode_gprs_timer(nas_bytes v, nas_timer *out);   /* 9.9.3.16 (one octet) */
int nas_decode_gprs_timer3(nas_bytes v, nas_timer *out);  /* 9.9.3.16B */

#define NAS_TFT_MAX_FILTERS 16
#define NAS_TFT_MAX_COMPONENTS 16
typedef struct {
	uint8_t type;          /* component type id (0x10 IPv4 remote address, ...) */
	nas_bytes v;
} nas_tft_component;
typedef struct {
	uint8_t id, direction, precedence;
	uint8_t n_comp;
	nas_tft_component comp[NAS_TFT_MAX_COMPONENTS];
} nas_tft_filter;
typedef struct {
	uint8_t op;            /* TFT operation code */
	bool e_bit;
	uint8_t n_filters;     /* as coded */
	nas_tft_filter f[NAS_TFT_MAX_FILTERS];
	nas_bytes params;      /* parameters list, when e_bit */
} nas_tft;
int nas_decode_tft(nas_bytes v, nas_tft *out);

/* PCO / ePCO (24.008 10.5.6.3, 10.5.6.3A): iterate containers without copying.
 * dir decides the meaning of container IDs and which IDs use a 2-octet length. */
typedef struct {
	nas_bytes v;           /* contents of the PCO or ePCO IE */
	nas_dir dir;
	uint32_t pos;          /* cursor inside v */
	uint32_t base_off;     /* offset of v.p in the outer PDU, for diagnostics */
	int err;               /* NAS_OK or the problem that stopped the walk */
} nas_pco_iter;
typedef struct {
	uint16_t id;
	nas_bytes v;
	uint32_t off;          /* offset of the container's ID in the outer PDU */
} nas_pco_item;
int nas_pco_begin(nas_pco_iter *it, nas_bytes v, nas_dir dir, uint32_t base_off); /* checks octet 3 */
bool nas_pco_next(nas_pco_iter *it, nas_pco_item *out);
bool nas_pco_two_octet_length(uint16_t id, nas_dir dir);
/* Walk every container to the end without keeping any (the decode-path
 * check): the first problem, with *bad_off set to where the walk stopped
 * inside v when octet 3 was fine. */
int nas_pco_check(nas_bytes v, nas_dir dir, uint32_t *bad_off);

/* The IE value check used on the decode path (no strings built): NAS_OK, an
 * error code, or a warning (NAS_WARN_RESERVED, NAS_WARN_SEMANTIC). *bad_off
 * (may be NULL) receives the offset of the problem inside v. */
int nas_ie_check(uint8_t ie_type, nas_bytes v, nas_dir dir, uint32_t *bad_off);

/* EPS mobile identity (9.9.3.12, eps = true) or mobile identity (24.008
 * 10.5.1.4 via 9.9.2.3, eps = false): the two code IMEI differently. */
int nas_decode_identity(nas_bytes v, bool eps, nas_identity *out);

/* GPRS timer 2 (9.9.3.16A): same coding as GPRS timer. */
int nas_decode_gprs_timer2(nas_bytes v, nas_timer *out);

/* The EMM message table for a direction: DETACH REQUEST and DETACH ACCEPT have
 * one table per direction (8.2.10, 8.2.11). NAS_DIR_UNKNOWN = first listed. */
const nas_msg_def *nas_emm_msg_def_dir(uint8_t type, nas_dir dir);

/* Sets of IE types, as masks over nas_ie_type. */
#define NAS_IE_BIT(t) (1ull << (t))
/* The IE types whose value the decode path checks beyond the row's length
 * range: nas_ie_check, or the reserved values of the half-octet ones. For
 * the others the range is the whole check (test_messages proves that the
 * ranges and nas_ie_check agree), they are opaque, or the EMM decoder reads
 * them (identities, the ESM container). */
#define NAS_IE_TYPES_CHECKED                                                                          \
	(NAS_IE_BIT(NAS_IE_EPS_QOS) | NAS_IE_BIT(NAS_IE_APN) | NAS_IE_BIT(NAS_IE_PDN_ADDRESS) |             \
	 NAS_IE_BIT(NAS_IE_APN_AMBR) | NAS_IE_BIT(NAS_IE_TFT) | NAS_IE_BIT(NAS_IE_TFAD) | NAS_IE_BIT(NAS_IE_PCO) | \
	 NAS_IE_BIT(NAS_IE_EPCO) | NAS_IE_BIT(NAS_IE_PKMF_ADDRESS) | NAS_IE_BIT(NAS_IE_REMOTE_UE_LIST) |       \
	 NAS_IE_BIT(NAS_IE_EBI) | NAS_IE_BIT(NAS_IE_PDN_TYPE) | NAS_IE_BIT(NAS_IE_REQUEST_TYPE))
/* The EMM IEs the decoder reads into nas_pdu. */
#define NAS_IE_TYPES_EMM_READ                                                                         \
	(NAS_IE_BIT(NAS_IE_MOBILE_ID) | NAS_IE_BIT(NAS_IE_EMM_CAUSE) | NAS_IE_BIT(NAS_IE_DETACH_TYPE) |       \
	 NAS_IE_BIT(NAS_IE_BEARER_CTX_STATUS) | NAS_IE_BIT(NAS_IE_ESM_CONTAINER) | NAS_IE_BIT(NAS_IE_KSI) |        \
	 NAS_IE_BIT(NAS_IE_RAND) | NAS_IE_BIT(NAS_IE_AUTN) | NAS_IE_BIT(NAS_IE_SEC_ALGS))

/* The parser's index of a message table, built once from the tables
 * (nas_msg_index_of; a table that is not this library's gets an empty
 * one): the row an optional IE fills, found from its first octet with one
 * load, and the rows of the type sets above, so that the parser keeps no
 * per-IE bookkeeping. Type 1 IEIs are matched by bits 8-5 (24.007 11.2.4);
 * no full-octet IEI of any table is >= 0x80 (test_messages). */
#define NAS_ROW_KEYS 136 /* 0x00-0x7F full-octet IEIs, then the 8 type 1 IEIs */
typedef struct {
	uint8_t row_of[NAS_ROW_KEYS]; /* nas_row_key(first octet) -> row + 1, 0 = no optional row */
	uint64_t rows_checked;        /* rows of a type in NAS_IE_TYPES_CHECKED */
	uint64_t rows_emm_read;       /* rows of a type in NAS_IE_TYPES_EMM_READ */
} nas_msg_index;
const nas_msg_index *nas_msg_index_of(const nas_msg_def *def);
static inline unsigned nas_row_key(uint8_t iei) { return iei < 0x80 ? iei : 0x80u + (iei >> 4 & 7u); }
/* The row of def->ies an optional IE starting with octet `iei` fills, or -1. */
static inline int nas_row_of(const nas_msg_index *x, uint8_t iei) { return (int)x->row_of[nas_row_key(iei)] - 1; }

/* Walk one PCO/ePCO container's contents (typed where 24.008 defines them). */
struct nas_sink;
void nas_pco_item_walk(const nas_pco_item *it, nas_dir dir, const struct nas_sink *s, void *ctx);

/* --------------------------------------------------- bounds-checked cursor */
/* The one cursor every decoder reads through: a getter either succeeds or
 * leaves the cursor where it was and returns false. */
typedef struct {
	const uint8_t *p;
	uint32_t len, pos;
} nas_cursor;

static inline nas_cursor nas_cur(const uint8_t *p, uint32_t len) { nas_cursor c = { p, len, 0 }; return c; }
static inline nas_cursor nas_cur_of(nas_bytes v) { return nas_cur(v.p, v.len); }
static inline uint32_t nas_cur_left(const nas_cursor *c) { return c->len - c->pos; }
static inline bool nas_cur_take(nas_cursor *c, uint32_t n, nas_bytes *out)
{
	if (n > c->len - c->pos)
		return false;
	if (out) {
		out->p = c->p + c->pos;
		out->len = n;
	}
	c->pos += n;
	return true;
}
static inline bool nas_cur_u8(nas_cursor *c, uint8_t *v)
{
	if (c->pos >= c->len)
		return false;
	*v = c->p[c->pos++];
	return true;
}
static inline bool nas_cur_u16(nas_cursor *c, uint16_t *v)
{
	if (c->len - c->pos < 2)
		return false;
	*v = (uint16_t)(c->p[c->pos] << 8 | c->p[c->pos + 1]);
	c->pos += 2;
	return true;
}
static inline bool nas_cur_u32(nas_cursor *c, uint32_t *v)
{
	if (c->len - c->pos < 4)
		return false;
	const uint8_t *q = c->p + c->pos;
	*v = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	c->pos += 4;
	return true;
}

/* ---------------------------------------------------------------- names */

const char *nas_esm_msg_name(uint8_t type);   /* never NULL ("Unknown") */
const char *nas_emm_msg_name(uint8_t type);
const char *nas_esm_cause_name(uint8_t cause);
const char *nas_emm_cause_name(uint8_t cause);
const char *nas_sec_hdr_name(uint8_t sht);
const char *nas_pco_id_name(uint16_t id, nas_dir dir);
/* added (additive) */
const char *nas_dir_name(nas_dir dir);               /* "uplink", "downlink", "unknown" */
const char *nas_dir_from_name(uint8_t from);         /* "none", "source", "message", "decode", "state" */
/* The same in words, for trees: "the message table (defined in one direction only)" ... */
const char *nas_dir_from_text(uint8_t from);
const char *nas_pdn_type_name(uint8_t v);            /* 9.9.4.10 */
const char *nas_request_type_name(uint8_t v);        /* 24.008 10.5.6.17 */
const char *nas_tft_op_name(uint8_t op);             /* 24.008 10.5.6.12 */
const char *nas_tft_component_name(uint8_t type);    /* 24.008 table 10.5.162 */
const char *nas_id_kind_name(uint8_t kind);          /* "IMSI", "GUTI", ... */
const char *nas_timer_unit_name(bool timer3, uint8_t unit);
void nas_ipv4_text(const uint8_t q[4], char out[16]);  /* dotted quad */
void nas_ipv6_text(const uint8_t q[16], char out[40]); /* RFC 5952 (zero runs compressed) */
void nas_plmn_text(const uint8_t q[3], char out[7]);   /* MCC MNC digits (24.008 10.5.1.3), "00101" */
bool nas_plmn_parse(const char *s, uint8_t out[3]);    /* "00101" -> 00 F1 10; false unless 5-6 digits */
const char *nas_eea_name(uint8_t alg);               /* 24.301 9.9.3.23: "128-EEA2", "EEA0 (null ciphering)" */
const char *nas_eia_name(uint8_t alg);               /* "128-EIA2", "EIA0 (null integrity)" */

/* ------------------------------------------------------ display and JSON */

/* One walk over a decoded PDU drives every presentation: the text tree, JSON,
 * and the Wireshark plugin's tree all implement this sink. Offsets and
 * lengths are octets in the outer PDU (len 0 = no byte range). `key` is the
 * snake_case JSON name; `label` the display name. Objects and lists nest.
 * A u64 `text` that starts with "0x" is the value written in hex (MAC,
 * container IDs): trees show it rather than the decimal number; one written
 * "0xNN NAME" is a coded value and its name (message types): trees show
 * "NAME (0xNN)", as Wireshark does, JSON the number alone (the name has its
 * own key). A NULL label: for JSON only (trees say it in another item); a
 * NULL key outside a list: for trees only. */
typedef struct nas_sink {
	void (*open)(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len);
	void (*open_list)(void *ctx, const char *key, const char *label, uint32_t off, uint32_t len);
	void (*close)(void *ctx);
	void (*u64)(void *ctx, const char *key, const char *label, uint64_t v, const char *text,
	            uint32_t off, uint32_t len);   /* text: value name or unit text, may be NULL */
	void (*str)(void *ctx, const char *key, const char *label, const char *v, uint32_t off, uint32_t len);
	void (*bytes)(void *ctx, const char *key, const char *label, const uint8_t *p, uint32_t n, uint32_t off);
	void (*diag)(void *ctx, const nas_diag *d);
} nas_sink;

void nas_walk(const nas_pdu *pdu, const nas_sink *sink, void *ctx);

#include <stdio.h>
void nas_print_text(FILE *f, const nas_pdu *pdu);  /* indented tree, like Wireshark's */
void nas_print_json(FILE *f, const nas_pdu *pdu);  /* one JSON object, one line */

#ifdef __cplusplus
}
#endif
#endif
