/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmgen: turns scenario files (FORMAT.md) into S1AP captures.
 * Shared declarations of the generator's four parts: byte buffers, the NAS
 * encoder (nasenc.c), the S1AP APER encoder (s1ap.c), the pcapng writer
 * (pcapw.c), helpers (util.c) and the scale mode (scale.c). The scenario
 * reader and main() live in esmgen.c.
 */
#ifndef ESMGEN_GEN_H
#define ESMGEN_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------ byte buffer */

typedef struct {
	uint8_t *p;
	size_t len, cap;
} buf;

void buf_put(buf *b, const void *p, size_t n);
void buf_u8(buf *b, uint8_t v);
void buf_u16(buf *b, uint16_t v);  /* network order */
void buf_u32(buf *b, uint32_t v);  /* network order */
void buf_free(buf *b);

/* Error reporting: the scenario reader sets the current line; every part
 * reports through gen_fail(), which prints "file:line: message" and exits. */
extern const char *gen_file;
extern int gen_line;
_Noreturn void gen_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gen_output(const char *path); /* the file gen_fail() removes (NULL: none) */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
int tokenize(char *line, char **tok, int max); /* shell-like words, '#' comments */
void json_str(FILE *f, const char *s);

/* Capture start: 2024-01-01 00:00:00 UTC, in microseconds. */
#define GEN_EPOCH_US (1704067200ull * 1000000)

/* --------------------------------------------------------- key=value list */

#define KV_MAX 64
typedef struct {
	const char *k, *v;   /* v is "" for a bare key */
	bool used;
} kv;
typedef struct {
	kv a[KV_MAX];
	int n;
} kvlist;

const char *kv_get(kvlist *l, const char *key); /* marks it used; NULL if absent */
bool kv_has(const kvlist *l, const char *key);
/* A message name: upper case, digits and _ (ACTIVATE_DEFAULT_EPS_BEARER_CONTEXT_REQUEST). */
bool is_message_name(const char *w);
unsigned long long kv_num(kvlist *l, const char *key, unsigned long long dflt, unsigned long long max);
unsigned long long parse_num(const char *s, unsigned long long max, const char *what);
void parse_ipv4(const char *s, uint8_t out[4]);
size_t parse_hex(const char *s, buf *out); /* appends; returns octets */

/* -------------------------------------------------------------- NAS (8.x) */

typedef enum { SEC_PLAIN, SEC_INT, SEC_EEA0, SEC_ENC, SEC_INT_NEW, SEC_ENC_NEW } nas_sec;

/* A subscriber of the scenario (FORMAT.md 5.1): its keys, the network's SQN,
 * and the EPS security context its AKA and SECURITY MODE COMMAND set up
 * (TS 33.401 6.1, 7.2; TS 24.301 4.4). With it, security wrappers are the real
 * 128-EEA/EIA algorithms (common/crypto.c). */
typedef struct {
	char name[32], imsi[16];
	uint8_t k[16], opc[16];
	uint8_t sqn[6];            /* the network's SQN for the next AKA */
	bool have_aka;             /* an AUTHENTICATION REQUEST set up aka_kasme */
	uint8_t aka_ksi, aka_kasme[32], res[8];
	bool active;               /* an SMC took a context into use */
	uint8_t ksi, eea, eia, kasme[32], k_enc[16], k_int[16];
	uint32_t count[2];         /* the next NAS COUNT: uplink, downlink */
} gen_sub;

/* What the caller wants to know about an encoded NAS message. */
typedef struct {
	bool is_esm;          /* an ESM message is present (stand-alone or in a container) */
	uint8_t esm_type, ebi, pti;
	uint8_t qci;          /* EPS QoS QCI if the ESM message has one, else 0 */
	bool has_emm;
	uint8_t emm_type;
	bool service_request;
	const char *name;     /* the (outer) message name as written */
	const char *esm_name; /* the ESM message name, if any */
	int sec;              /* nas_sec used */
	bool crafted;         /* hex=, append= or truncate= used */
	int esm_cause, emm_cause; /* as written (cause=, emm-cause=), -1 if none */
	size_t esm_off, esm_len;  /* the ESM message inside the plain message (0, 0: none) */
	uint8_t sqn;              /* the NAS sequence number of the security header (or that it would have) */
} nas_info;

/* Encode the NAS part of a message line. words[0..n) are the tokens after the
 * S1AP part (message names and keys). dir: 1 uplink, 2 downlink. sqn: NAS
 * sequence number for the security header. */
void nas_encode_line(char **words, int n, int dir, nas_sec dflt_sec, uint32_t *sqn_ul_dl,
                     buf *out, nas_info *info);
/* The subscriber the next nas_encode_line() is about (NULL: none) and the
 * serving network's PLMN (the eNodeB's TAI), for its AKA. */
void nas_set_subscriber(gen_sub *sub, const uint8_t sn_plmn[3]);
/* The real security wrapper of a subscriber with a context (types 1-4). */
void nas_wrap_sub(buf *out, const buf *plain, nas_sec sec, gen_sub *sub, int dir, const uint32_t *mac_override);

/* The scale mode builds messages directly, without text. */
void nas_esm_simple(buf *out, uint8_t type, uint8_t ebi, uint8_t pti, uint8_t lbi, uint8_t qci, uint32_t ipv4);
void nas_wrap(buf *out, const buf *plain, nas_sec sec, uint8_t sqn);

/* --------------------------------------------------------------- S1AP */

typedef struct {
	uint8_t plmn[3];
	uint16_t tac;
	uint32_t cell;     /* 28 bits */
	uint32_t enb_id;   /* 20 bits */
	uint8_t ip[4];
} s1_enb;

typedef struct {
	uint8_t plmn[3];
	uint16_t mmegi;
	uint8_t mmec;
	uint8_t ip[4];
} s1_mme;

#define S1_MAX_ITEMS 16
typedef struct {
	uint8_t erab, qci;
	bool gbr;
	uint64_t mbr_ul, mbr_dl, gbr_ul, gbr_dl;
	buf nas;           /* empty: no NAS-PDU in this item */
} s1_item;

typedef struct {
	int msg;           /* S1_xxx */
	bool has_mme_id, has_enb_id;
	uint32_t mme_id, enb_id;
	int cause_group, cause;   /* 36.413 9.2.1.3 */
	buf nas;           /* message-level NAS-PDU (empty = none) */
	s1_item item[S1_MAX_ITEMS];
	int n_items;
	uint8_t erabs[S1_MAX_ITEMS], failed[S1_MAX_ITEMS], release[S1_MAX_ITEMS];
	uint8_t qcis[S1_MAX_ITEMS];   /* per erabs= entry (InitialContextSetupRequest without NAS) */
	bool has_stmsi;               /* InitialUEMessage S-TMSI (36.413 9.2.3.6) */
	uint8_t mmec;
	uint32_t m_tmsi;
	int n_erabs, n_failed, n_release;
	const s1_enb *enb, *target_enb;
	const s1_mme *mme;
} s1_msg;

enum {
	S1_S1_SETUP_REQ, S1_S1_SETUP_RSP, S1_INITIAL_UE, S1_DL_NAS, S1_UL_NAS, S1_NAS_NON_DELIVERY,
	S1_ICS_REQ, S1_ICS_RSP, S1_ICS_FAIL, S1_ERAB_SETUP_REQ, S1_ERAB_SETUP_RSP,
	S1_ERAB_MODIFY_REQ, S1_ERAB_MODIFY_RSP, S1_ERAB_RELEASE_CMD, S1_ERAB_RELEASE_RSP,
	S1_ERAB_RELEASE_IND, S1_UE_CTX_REL_REQ, S1_UE_CTX_REL_CMD, S1_UE_CTX_REL_CPL,
	S1_HO_REQUIRED, S1_HO_REQUEST, S1_HO_REQUEST_ACK, S1_HO_COMMAND, S1_HO_NOTIFY,
	S1_PATH_SWITCH_REQ, S1_PATH_SWITCH_ACK, S1__COUNT
};

typedef struct {
	const char *name;      /* TS 36.413 ASN.1 name */
	uint8_t proc;          /* procedureCode */
	uint8_t pdu;           /* 0 initiating, 1 successful, 2 unsuccessful */
	bool uplink;           /* eNodeB -> MME */
	bool ue_assoc;         /* UE-associated signalling (SCTP stream 1) */
	bool nas_msg;          /* may carry a message-level NAS-PDU */
	bool nas_items;        /* NAS-PDUs inside E-RAB items */
	uint8_t crit;          /* criticality of the procedure: 0 reject, 1 ignore */
} s1_msg_def;

extern const s1_msg_def s1_defs[S1__COUNT];
int s1_lookup(const char *name); /* -1 if unknown */
void s1_msg_free(s1_msg *m);
void s1_encode(const s1_msg *m, buf *out);

/* ------------------------------------------------------------- pcapng */

typedef struct pcapw pcapw;
pcapw *pcapw_open(const char *path);
/* One SCTP packet from src to dst carrying n DATA chunks (stream, tsn, PPID 18). */
typedef struct {
	const uint8_t *p;
	size_t len;
	uint16_t stream;
	uint32_t tsn;
	uint16_t ssn;
} sctp_chunk;
void pcapw_sctp(pcapw *w, uint64_t t_us, const uint8_t src[4], const uint8_t dst[4], uint16_t sport,
                uint16_t dport, const sctp_chunk *c, int n);
void pcapw_close(pcapw *w);
uint32_t crc32c(const uint8_t *p, size_t n);

/* Over UDP/IPv4/Ethernet, GSMTAP port 4729 (UE-side captures). */
void pcapw_udp(pcapw *w, uint64_t t_us, const uint8_t src[4], const uint8_t dst[4], uint16_t sport, uint16_t dport,
               const uint8_t *p, size_t len);

/* ------------------------------------------------------------ gsmtap.c */

/* A GSMTAP "LTE NAS" payload: the modem's own copy of a NAS message. */
void gsmtap_nas(buf *out, const uint8_t *nas, size_t len, bool uplink_flag);
/* A GSMTAP "LTE RRC" payload: UL/DLInformationTransfer (TS 36.331) carrying the NAS. */
void gsmtap_rrc(buf *out, const uint8_t *nas, size_t len, bool uplink, bool uplink_flag);

/* ------------------------------------------------------------- scale */

/* cipher 1-3: real 128-EEA/EIA with a key chain per UE, key rows to keys_out */
void scale_write(const char *out, uint64_t n_ues, uint64_t n_frames, int k_enbs, int cipher, const char *keys_out);

#endif
