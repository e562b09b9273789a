/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracker internals shared by track.c (the ESM state machines, findings,
 * queries), track_ue.c (which UE an event is about, UE lifetime) and
 * track_tables.c (what each ESM message does). Not a public interface.
 */
#ifndef ESMTRACE_TRACK_INTERNAL_H
#define ESMTRACE_TRACK_INTERNAL_H

#include <glib.h>
#include <stdint.h>

#include "esmtrace/nas.h"
#include "esmtrace/s1ap.h"
#include "esmtrace/track.h"

/* Procedures, in the order of track_procs() (shared vocabulary). */
enum {
	P_DEFAULT, P_DEDICATED, P_MODIFY, P_DEACT,     /* 6.4.1 - 6.4.4 */
	P_PDN_CONN, P_PDN_DISC, P_BRA, P_BRM,          /* 6.5.1 - 6.5.4 */
	P_ESM_INFO, P_NOTIFICATION, P_REMOTE_UE, P_DATA, /* 6.6.1.2 - 6.6.4 */
	P_STATUS,                                      /* 6.7 */
	P__COUNT,
	P_NONE = 0xff
};

typedef struct {
	const char *name;   /* "default-bearer-activation" */
	const char *clause; /* "6.4.1" */
} proc_name;

extern const proc_name proc_names[P__COUNT];

/* What a message is within its procedure. */
enum { R_REQ, R_ACCEPT, R_REJECT, R_ONESHOT, R_IGNORE };
/* How the answer finds the request (6.3.2): by EBI or by PTI. */
enum { K_EBI, K_PTI };
/* The EBI in the header (6.3.2, 9.3.2): no EBI ("no EPS bearer identity
 * assigned"), an EBI of a bearer, or either. */
enum { EBI_ANY, EBI_ZERO, EBI_BEARER };

typedef struct {
	uint8_t type;        /* ESM message type, table 9.8.2 */
	uint8_t dir;         /* nas_dir it travels in, 0 = both */
	uint8_t proc;        /* P_* */
	uint8_t role;        /* R_* */
	uint8_t timer;       /* track_timer a request starts, TRACK_TIMER_NONE */
	uint8_t key;         /* K_* */
	uint8_t request_type;/* answers: the request they answer */
	uint32_t answers;    /* network request: UE procedures (1 << P_*) it answers by PTI */
	uint8_t ebi_rule;    /* EBI_* : what the header's EBI must be (7.3.2) */
	const char *ebi_clause; /* the 7.3.2 item that handles a wrong one */
	const char *clause;  /* where the message's handling is specified */
	const char *abort_clause; /* requests: timer expiry / abort clause */
} esm_rule;

extern const esm_rule esm_rules[];
extern const unsigned esm_rules_count;

/* Index into esm_rules of a message type, -1 if none. */
int esm_rule_index(uint8_t type);

/* ------------------------------------------------------------- limits */

#define TRACK_MAX_TRANS 8   /* open + recently done transactions per UE */
#define MAX_BACKOFF 4       /* T3396 instances per UE (per APN, plus "no APN") */
#define MAX_BOUND 8         /* lookup keys bound to one UE */
#define MAX_COPIES 8        /* UE-side messages remembered to recognise their copies */
#define APN_POOL_MAX 4096   /* distinct APN strings kept; more are "(other)" */
#define HO_PENDING_MAX 64   /* handovers waiting for their HANDOVER REQUEST */
#define HO_LINK_WINDOW_S 10.0

/* ---------------------------------------------------------------- slabs */

/* Bearers, transactions and address holders live in fixed-size slots, in
 * pages that never move, named by 32-bit handles (0: none): a UE's tables of
 * them take 4 octets an entry rather than a pointer's 8, and a slot pays no
 * malloc overhead. Freed slots are reused first; pages are kept until
 * track_free. */
#define SLAB_PAGE 1024u        /* slots per page */
typedef struct {
	char **pages;
	uint32_t n_pages;
	uint32_t used;             /* slots handed out from the pages so far */
	uint32_t free_head;        /* a freed slot's handle, 0: none; the slot holds the next one */
	uint32_t size;             /* octets per slot */
} slab;

static inline void *slab_at(const slab *s, uint32_t h)
{
	return h ? s->pages[(h - 1) / SLAB_PAGE] + (size_t)((h - 1) % SLAB_PAGE) * s->size : NULL;
}
uint32_t slab_new(slab *s);    /* a zeroed slot */
void slab_free(slab *s, uint32_t h);
void slab_destroy(slab *s);

/* ----------------------------------------------------------- structures */

/* MME bearer states, 6.1.3.3 (without the "BEARER CONTEXT " prefix), plus
 * UNKNOWN for a bearer whose history the capture does not show. */
enum { M_INACTIVE, M_ACTIVE_PENDING, M_ACTIVE, M_MODIFY_PENDING, M_INACTIVE_PENDING, M_UNKNOWN };
/* UE bearer states, 6.1.3.2. */
enum { U_INACTIVE, U_ACTIVE, U_UNKNOWN };

/* Ordered for size (48 octets, shown_* in what was padding): one exists per
 * live bearer. */
typedef struct {
	uint8_t mme;          /* M_* */
	uint8_t ue;           /* U_* */
	uint8_t linked;       /* dedicated: default EBI */
	uint8_t qci;
	bool is_default : 1, kind_known : 1, gbr : 1;
	bool req_apn_known : 1; /* the PDN CONNECTIVITY REQUEST was seen */
	bool emergency : 1;
	bool has_addr : 1;
	bool activated : 1;
	nas_pdn_address addr;
	uint32_t resends;
	uint16_t apn;         /* network APN from ACTIVATE DEFAULT (apn_id, 0 unknown) */
	uint16_t req_apn;     /* APN the UE gave (apn_id), 0: none (T3396 "no APN") */
	uint8_t shown_mme, shown_ue; /* the states on_state last reported (history) */
	uint64_t act_frame;
	double act_time;
} bearer;

enum { TR_FREE = 0, TR_OPEN, TR_DONE };
/* How a transaction ended: a resend after an answer or after the final expiry
 * is reported; after a local end (collision, superseded) the same bytes are a
 * new procedure. */
enum { END_NONE = 0, END_ANSWER, END_TIMER, END_LOCAL };

/* 48 octets: one exists per open or recently done procedure. */
typedef struct {
	uint8_t state : 2;    /* TR_* */
	uint8_t end : 2;      /* END_*, when done */
	bool timed : 1;       /* the timer runs (not inside ATTACH) */
	bool from_attach : 1;
	bool resent_after_done : 1;
	bool apn_given : 1;
	bool emergency : 1;
	/* a network request sent while the UE's history was unknown (mid-life
	 * start): its EBI's state, its linked EBI, or its PTI could not be
	 * checked; the UE's answer may prove them wrong (7.3.1, 7.3.2) */
	bool ebi_unverified : 1, lbi_unverified : 1, pti_unverified : 1;
	uint8_t slot : 3;     /* its index in ue.tr */
	uint8_t rule;         /* index into esm_rules of the request */
	uint8_t ebi, pti, lbi;
	uint8_t resends;      /* resends seen */
	uint8_t expiries;     /* timer expiries implied so far */
	uint16_t len;         /* plain ESM bytes: length (at most 65535) and hash */
	uint16_t apn;         /* PDN CONNECTIVITY REQUEST: requested APN (apn_id) */
	uint32_t hash;
	uint64_t first_frame, last_frame;
	double first_time, last_time;
} trans;

typedef struct {
	bool used, deactivated;
	const char *apn;      /* NULL: "no APN" */
	double until;
	uint64_t frame;
} backoff;

/* How rows name a UE (track_bearer_row.ue_key and friends): its replay key
 * or label as text, else its S1 ids, formatted only when a row is read. */
enum { NAME_NONE, NAME_LABEL, NAME_MME, NAME_ENB };
typedef struct {
	char *label;          /* NAME_LABEL: a GRefString, shared by the UE and its ended bearers */
	char *ident;          /* "IMSI ...", "GUTI ...", "S-TMSI ...": a GRefString, or NULL */
	uint64_t assoc;       /* NAME_MME, NAME_ENB: "assoc/mme-id", "assoc/enb<enb-id>" */
	uint32_t id;
	uint8_t kind;         /* NAME_* */
} ue_name;

/* Rarely needed per-UE state, allocated on first use: an S1 handover in
 * progress (23.401 5.5.1.2), a #39 reactivation request (6.4.4.3), back-off
 * timers, the UE-side duplicate window. */
typedef struct {
	backoff *bo;          /* MAX_BACKOFF entries once the UE got a back-off timer, else NULL */
	struct ue_copy *copies; /* UE side: MAX_COPIES, else NULL */
	uint64_t ho_src_assoc, ho_src_enb_node, ho_frame;
	const char *react_apn;
	uint64_t react_frame;
	uint32_t ho_src_mme, ho_src_enb_id;
	uint32_t ho_src_key;  /* replay: hash of the source context's ue_key */
	uint16_t ho_release;  /* E-RABs the target does not set up (HANDOVER COMMAND) */
	struct sec_ue *sec;   /* NAS security: its subscriber and serving network (security.c) */
	bool ho_same_enb;
	bool ho_src_has_mme, ho_src_has_enb_id;
	uint8_t copy_i;
} ue_more;

/* A NAS message of a UE-side capture, to recognise its copies (a modem log
 * writes one transmission several times: the RRC copy, the NAS log's
 * security-protected and plain copies, the ESM message alone after its EMM
 * message). track.c: ue_side_copy. */
struct ue_copy {
	double t;             /* the first copy's time */
	double was_blind;     /* blind_time before a ciphered first copy took the UE's known state */
	uint64_t frame;
	uint32_t hash;        /* the plain message (after any security header); 0 when unreadable */
	uint32_t esm_hash;    /* the ESM message in its ESM message container, 0 none */
	uint16_t len;         /* the plain message's length (a ciphered copy's inner length) */
	uint16_t esm_len;
	uint16_t kinds;       /* copy kinds seen: bit (source * 3 + form) */
	uint8_t dir;          /* nas_dir */
	uint8_t sqn;          /* NAS sequence number, when has_sqn */
	bool used : 1, has_sqn : 1, readable : 1, blinded : 1, was_known : 1;
};

/* One per UE in the capture (312 octets): fields grouped by size so that no
 * padding is wasted. */
typedef struct ue {
	struct ue *prev, *next; /* in track.lru or track.gone */
	double blind_time;    /* last message the tracker could not read (ciphered) */
	double first_time, last_seen, release_time;
	uint32_t b[16];       /* bearers by EBI: handles in track.bearers, 0 none */
	uint32_t tr[TRACK_MAX_TRANS]; /* handles in track.transs, taken on first use */
	ue_more *more;        /* NULL until needed */
	ue_name name;
	char *imsi, *guti;    /* GRefStrings as in track_annotation, or NULL */
	uint64_t key_assoc;   /* the S1 ids the name was last built from */
	/* current S1 context */
	uint64_t cur_assoc;
	/* lookup keys (track_ue.c), each with when it was bound: the newer wins;
	 * the key table points at these slots */
	uint64_t bound[MAX_BOUND];
	uint32_t bound_seq[MAX_BOUND];
	uint32_t num;
	uint32_t key_mme;
	uint32_t cur_mme;
	/* S1 release cause (Request or Command) applied at Complete */
	int16_t rel_cause_value;
	int8_t rel_cause_group;
	bool key_has_mme : 1;
	bool known : 1;       /* life start seen: absent bearers are INACTIVE */
	bool detached : 1;
	bool idle : 1;
	bool in_gone : 1;     /* in the detached list rather than the live one */
	bool react_pending : 1; /* more->react_* say what for */
	bool has_cur : 1;
	bool cur_has_mme : 1;
	bool ho_active : 1;   /* more->ho_* describe it */
	uint8_t detach_dir : 2; /* nas_dir of the last DETACH REQUEST, for its DETACH ACCEPT */
	uint8_t n_bound;
	uint8_t tr_open;      /* bit i: tr[i] is open, so that the per-event deadline
	                         check reads no transaction when none is */
} ue;

/* A list of UEs linked through ue.prev/next, oldest first. */
typedef struct {
	ue *head, *tail;
} ue_list;

/* An ended bearer's row as kept until a query: the bearer itself rather than
 * its text (104 octets instead of a track_bearer_row's 296, most of which is
 * APN, address and name text). */
typedef struct {
	bearer b;
	uint64_t frame;       /* deactivation */
	double time;
	const char *how;      /* static */
	ue_name name;         /* the UE's name then (a label is shared, not copied) */
	uint32_t ue;
	uint8_t ebi;
	bool live;            /* not ended: kept by track_release as it stood at the end */
} ended_bearer;

typedef struct {
	uint32_t ue;
	uint8_t ebi;
	uint64_t frame;
} ip_holder;

typedef struct {
	uint32_t ue;
	uint16_t erab_mask;
	uint64_t enb_node, assoc, frame;
	double time;
} ho_pending;

struct track {
	track_config c;
	double now;           /* latest event time (times may go backwards) */
	double window;        /* longest abort window: unknown-prior-state horizon */
	double copy_window;   /* UE side: copies of one message lie closer than this (ue_side_copy) */
	uint32_t next_num;
	uint32_t bind_seq;    /* compared as serial numbers: wraps safely */
	GHashTable *keys;     /* set of uint64_t* (slots of ue.bound): UE context keys and identities */
	GHashTable *assocs;   /* uint64_t* S1 association -> its small number + 1, for the keys */
	GHashTable *by_num;   /* num -> ue* */
	GHashTable *apns;     /* interned APN strings -> their number (index in apn_list + 1) */
	GPtrArray *apn_list;  /* the interned APN strings in order */
	GHashTable *ips;      /* IPv4 (host order) -> handle in holders */
	slab bearers;         /* bearer */
	slab transs;          /* trans */
	slab holders;         /* ip_holder */
	ue_list lru;          /* live UEs, least recently seen first */
	ue_list gone;         /* detached UEs, first detached first */
	ho_pending ho[HO_PENDING_MAX];
	uint32_t n_ho;
	GArray *bearer_rows;  /* ended_bearer, ended bearers */
	GArray *finding_rows; /* track_finding_row, production order */
	GArray *out_bearers;  /* query results */
	GArray *out_findings;
	track_proc_stats stats[TRACK_N_PROCS];
	double rt_sum[TRACK_N_PROCS];
	track_counters n;
	bool finished;
	struct sec_state *sec; /* NAS security contexts (security.c), NULL until used */
	/* trk_begin: the event track_unprotect began, for track_feed */
	const track_event *begun_ev;
	uint64_t begun_frame;
	ue *begun_ue;
};

/* The event being handled, for the functions that annotate it. */
typedef struct ctx {
	track *t;
	const track_event *ev;
	track_annotation *a;
	ue *u;
	bool malformed_noted; /* the decoder refused the ESM part: header only */
	nas_dir dir;          /* NAS events: the direction taken (the annotation's dir) */
} ctx;

static inline bearer *bearer_at(const track *t, const ue *u, unsigned ebi)
{
	return slab_at(&t->bearers, u->b[ebi]);
}

static inline trans *trans_at(const track *t, const ue *u, int i)
{
	return slab_at(&t->transs, u->tr[i]);
}

/* ------------------------------------------------ track_ue.c: identity */

ue *trk_resolve(track *t, const track_event *ev);     /* created for NAS events */
void trk_bind_identities(track *t, ue *u, const track_event *ev);
void trk_unbind(track *t, ue *u, uint64_t key);
uint64_t trk_key_mme(track *t, uint64_t assoc, uint32_t id);  /* association + MME-UE-S1AP-ID */
uint64_t trk_key_enb(track *t, uint64_t assoc, uint32_t id);  /* association + eNB-UE-S1AP-ID */
guint trk_key_hash(gconstpointer key);                        /* for the key table */
gboolean trk_key_equal(gconstpointer a, gconstpointer b);
ue_more *trk_ue_more(ue *u);                          /* allocated on first use */
void trk_ue_more_free(ue *u);
const char *trk_name_text(const ue_name *n, char out[TRACK_KEY_MAX]);
const char *trk_name_display(const ue_name *n, char out[TRACK_NAME_MAX]); /* the rows' ue_name */
void trk_ue_ids_free(ue *u);
void trk_name_copy(ue_name *to, const ue_name *from); /* a label is shared */
void trk_name_clear(ue_name *n);
void trk_ue_touch(track *t, ue *u);                   /* seen now */
void trk_ue_gone(track *t, ue *u, double when);       /* detached */
void trk_ue_back(track *t, ue *u);                    /* active again */
void trk_expire(track *t);                            /* free what is due */

/* ---------------------------------------------- security.c: NAS security */

typedef struct sec_ue sec_ue;
typedef struct sec_state sec_state;
/* What track_feed does with a NAS message after the security check. */
enum {
	SEC_ANALYSE = 0,   /* as usual */
	SEC_DISCARDED,     /* its MAC failed and the receiver discards it (4.4.4.2, 4.4.4.3): no state change */
	SEC_FAILED_KEPT,   /* its MAC failed, but it is analysed: the receiver processes it anyway, or
	                      it is the MME's (sent, and its timer runs) and the UE discards it */
	SEC_WRONG_KEYS,    /* its MAC failed and so did the AKA's: the keys do not fit; as without keys */
	SEC_AKA_FAILED,    /* AUTHENTICATION REQUEST whose MAC-A does not verify with the keys */
};
int trk_sec_nas(track *t, ue *u, const track_event *ev, track_annotation *a, char *why, size_t n);
/* 4.4.4.2, 4.4.4.3: the messages a receiver processes although their MAC fails */
bool trk_sec_processed_anyway(const nas_pdu *p, uint8_t dir);
void trk_sec_free(track *t);
void trk_sec_ue_free(sec_ue *s);
/* track.c: the start of an event (time, expiry, its UE), for track_unprotect */
ue *trk_begin(track *t, const track_event *ev);

/* ------------------------------------------- track.c: used by track_ue.c */

uint32_t trk_hash(const uint8_t *p, uint32_t n);
void trk_bearer_row(track *t, const ue *u, uint8_t ebi, const bearer *b, bool ended, uint64_t frame,
                    double time, const char *how);
void trk_ip_release(track *t, const ue *u, uint8_t ebi, const bearer *b);
void trk_abort(track *t, ue *u, trans *tr, uint64_t frame, double time);
double trk_deadline(const track *t, const trans *tr);

#endif
