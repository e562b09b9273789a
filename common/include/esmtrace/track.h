/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace bearer tracker: follows every UE's EPS bearer contexts and ESM
 * procedure transactions through a capture, infers timer expiries and
 * retransmissions, and names what went wrong.
 *
 * Behaviour: 3GPP TS 24.301 V19.6.0 clauses 6.1-6.7 (6.4 network-initiated,
 * 6.5 UE-requested, 6.6 miscellaneous, 6.7 ESM status), clause 7, timer
 * tables 10.3.1/10.3.2; 5.5.1.2 / 5.5.3 / 5.6.1 for attach and the EPS
 * bearer context status IE; TS 23.401 call flows for the S1AP side.
 *
 * Model (DESIGN.md): event in, annotation out. The caller feeds events in
 * capture order: NAS messages already decoded by nas_decode() (the tracker
 * never decodes bytes) and S1AP events without NAS. Each event returns one
 * annotation: plain data (fixed-size arrays, static strings) the caller may
 * copy and keep; nothing in it points into tracker memory.
 *
 * Memory: per-UE state is bounded (15 bearers, TRACK_MAX_TRANS open
 * transactions); a UE's state is freed once it can no longer matter (after
 * detach or S1 release plus a grace period), and the number of live UEs is
 * capped (extra UEs are counted, not tracked). Bearer and transaction slots
 * go back to the tracker's own free lists for later UEs; that memory returns
 * to the system at track_free. Time is linear in events.
 * The tracker is not thread-safe; one instance per capture.
 */
#ifndef ESMTRACE_TRACK_H
#define ESMTRACE_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "esmtrace/nas.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------- timers */

/* ESM timers, TS 24.301 tables 10.3.1 (UE side) and 10.3.2 (network side). */
typedef enum {
	TRACK_T3485 = 0, /* MME: ACTIVATE DEFAULT/DEDICATED EPS BEARER CONTEXT REQUEST */
	TRACK_T3486,     /* MME: MODIFY EPS BEARER CONTEXT REQUEST */
	TRACK_T3489,     /* MME: ESM INFORMATION REQUEST (abort on the 3rd expiry) */
	TRACK_T3495,     /* MME: DEACTIVATE EPS BEARER CONTEXT REQUEST */
	TRACK_T3480,     /* UE: BEARER RESOURCE ALLOCATION REQUEST */
	TRACK_T3481,     /* UE: BEARER RESOURCE MODIFICATION REQUEST */
	TRACK_T3482,     /* UE: stand-alone PDN CONNECTIVITY REQUEST */
	TRACK_T3492,     /* UE: PDN DISCONNECT REQUEST */
	TRACK_T3493,     /* UE: REMOTE UE REPORT */
	TRACK_TIMER__COUNT,
	TRACK_T3396 = 0x10, /* UE back-off (6.5.1.4.2, 6.4.4.3): value given by the network */
	TRACK_TIMER_NONE = 0xff
} track_timer;

const char *track_timer_name(uint8_t timer); /* "T3485" ... "T3396"; NULL for TRACK_TIMER_NONE */

/* ------------------------------------------------------ configuration */

struct track_proc_record;
struct track_finding_row;
struct track_state_change;
struct track_timer_run;

typedef struct {
	/* Timer values in seconds, indexed by track_timer. Defaults: 8 s, except
	 * T3489 and T3493 4 s, T3492 6 s (tables 10.3.1/10.3.2). */
	double timer_s[TRACK_TIMER__COUNT];
	/* Expiry on which the procedure is aborted: 5, except T3489: 3
	 * (table 10.3.2 NOTE 1, 6.6.1.2.6). */
	uint8_t abort_expiries[TRACK_TIMER__COUNT];
	/* Slack, in seconds, when judging a resend interval against k*T
	 * (capture timestamps, scheduling jitter). Default 1.0. */
	double tolerance_s;
	/* Security-protected messages whose inner bytes decoded cleanly are
	 * treated as plain (EEA0 / null ciphering). When false they are reported
	 * "ciphered" and not analysed; as they may have changed any bearer, the
	 * bearers the capture has not shown become UNKNOWN. Default true. */
	bool assume_eea0;
	/* Report an IPv4 address handed to a second UE while the first still
	 * holds it (ip-conflict). Default true. */
	bool check_ip_conflicts;
	/* Seconds a UE's state is kept after detach before it is freed (late
	 * retransmissions still match). Default 30. */
	double ue_grace_s;
	/* Seconds a UE's state is kept after its last event (ECM-IDLE after an
	 * S1 release, or a release the capture missed): bearers stay active and
	 * the UE may come back with its S-TMSI. A UE seen again later is a new
	 * UE with unknown prior state. Default 3480: the default mobile
	 * reachable timer (T3412 54 min + 4 min, TS 24.301 table 10.2.2 NOTE 4),
	 * before which the network cannot have detached an idle UE implicitly
	 * (5.3.7), so its PDN connections and addresses are still its own. */
	double ue_idle_s;
	/* Most UEs tracked at once; further UEs are counted in
	 * track_counters.ues_over_cap and not tracked. Default 1000000. */
	uint32_t max_ues;
	/* Rows kept for track_bearers() / track_findings(); extras are counted.
	 * Defaults 100000 each; 0 keeps none (streaming use via callbacks). */
	uint32_t max_bearer_rows;
	uint32_t max_finding_rows;
	/* Optional streaming callbacks (may be NULL): every finished procedure
	 * instance (success, reject, abort, or pending at finish) and every
	 * finding, as they are produced. Used by `esmtrace replay --json`. */
	void (*on_proc)(void *ctx, const struct track_proc_record *r);
	void (*on_finding)(void *ctx, const struct track_finding_row *f);
	/* Optional history callbacks (may be NULL), for timelines such as the
	 * HTML report: every change of a bearer's MME or UE state, and every run
	 * of an ESM procedure timer once it has ended (see below). */
	void (*on_state)(void *ctx, const struct track_state_change *c);
	void (*on_timer)(void *ctx, const struct track_timer_run *r);
	void *cb_ctx;
} track_config;

void track_config_default(track_config *c);

/* ------------------------------------------------------------- events */

typedef enum {
	TRACK_EV_NAS = 0,                 /* a NAS-PDU (uplink or downlink) */
	/* S1AP events without NAS (TS 36.413); ids as carried by the message */
	TRACK_EV_UE_CTX_RELEASE_REQUEST,  /* 18, eNB -> MME */
	TRACK_EV_UE_CTX_RELEASE_COMMAND,  /* 23 IM, MME -> eNB */
	TRACK_EV_UE_CTX_RELEASE_COMPLETE, /* 23 SO */
	TRACK_EV_INITIAL_CTX_SETUP_FAILURE, /* 9 UO */
	TRACK_EV_INITIAL_CTX_SETUP_REQUEST, /* 9 IM without NAS: erab_mask = E-RABs to set up */
	TRACK_EV_ERAB_RELEASE_INDICATION, /* 8: erab_mask = E-RABs released */
	TRACK_EV_HANDOVER_REQUIRED,       /* 0 IM, source side ids */
	TRACK_EV_HANDOVER_COMMAND,        /* 0 SO: erab_mask = E-RABtoReleaseListHOCmd (their
	                                     bearers go at HANDOVER NOTIFY, 6.4.4.6 case 3) */
	TRACK_EV_HANDOVER_REQUEST,        /* 1 IM, target MME id only; erab_mask = to set up */
	TRACK_EV_HANDOVER_REQUEST_ACK,    /* 1 SO: target pair; erab_mask = admitted */
	TRACK_EV_HANDOVER_NOTIFY,         /* 2, target pair */
	TRACK_EV_PATH_SWITCH_REQUEST,     /* 3 IM: new eNB id + source_mme_ue_id */
	TRACK_EV_PATH_SWITCH_ACK,         /* 3 SO: erab_mask = E-RABToBeReleasedList */
	TRACK_EV_NAS_NON_DELIVERY,        /* 16: with the undelivered downlink NAS */
	TRACK_EV__COUNT
} track_ev_kind;

typedef enum {
	TRACK_NAS_DECODED = 0, /* nas points to the decoded PDU, errors included: the
	                          tracker reports "malformed" and keeps the ESM header */
	TRACK_NAS_CIPHERED,    /* security-protected, inner bytes not readable */
	TRACK_NAS_MALFORMED,   /* no decode at all (nas may be NULL) */
} track_nas_status;

typedef struct {
	uint8_t kind;            /* track_ev_kind */
	double time;             /* seconds (any epoch); capture order, may go backwards */
	uint64_t frame;          /* opaque frame id, echoed in annotations and rows; not 0
	                            (0 means "none" in related_frame and friends) */

	/* UE context identification: either ue_key (replay, UE-side captures)
	 * or the S1AP ids on an association. */
	const char *ue_key;      /* opaque string naming one UE context, or NULL */
	const char *ue_label;    /* optional text naming the UE in reports (rows'
	                            ue_key) when it is identified by S1AP ids */
	uint64_t assoc;          /* opaque S1 association id (e.g. SCTP assoc index) */
	uint64_t enb_node;       /* opaque eNodeB id, 0 = unknown: best the Global eNB ID its
	                            S1 SETUP REQUEST announced on this association, else
	                            its address; decides "source eNodeB = target eNodeB" */
	bool has_mme_ue_id, has_enb_ue_id, has_source_mme_ue_id;
	uint32_t mme_ue_id;      /* MME-UE-S1AP-ID */
	uint32_t enb_ue_id;      /* eNB-UE-S1AP-ID */
	uint32_t source_mme_ue_id; /* PathSwitchRequest SourceMME-UE-S1AP-ID (IE 88) */
	bool has_s_tmsi;         /* InitialUEMessage S-TMSI IE */
	uint8_t s_tmsi_mmec;
	uint32_t s_tmsi_m_tmsi;

	/* UE-side capture: one UE's messages may appear several times (inside RRC
	 * and as the modem's own copies); a copy of a message already seen is a
	 * duplicate, not a retransmission. */
	bool ue_side;

	/* NAS direction as the source gives it (TRACK_EV_NAS; NON_DELIVERY:
	 * downlink): a hint. The tracker takes the direction the decode settled
	 * (nas_pdu.dir, nas_dir_from) and, for a message sent both ways that
	 * decodes alike both ways, its own procedures; see the annotation. */
	nas_dir dir;
	int16_t s1ap_proc;       /* S1AP procedureCode the NAS came in, -1 unknown */
	int8_t erab_id;          /* E-RAB the NAS came in (item-level NAS-PDU), -1 none */
	uint16_t erab_mask;      /* bit n = E-RAB id n (lists, see track_ev_kind) */
	/* S1AP Cause (36.413 9.2.1.3) of releases: group 0 radioNetwork,
	 * 1 transport, 2 nas, 3 protocol, 4 misc; -1 = absent. Decides whether
	 * GBR bearers survive an S1 release (TS 23.401 5.3.5). */
	int8_t cause_group;
	int16_t cause_value;

	uint8_t nas_status;      /* track_nas_status */
	const nas_pdu *nas;      /* decoded NAS (TRACK_EV_NAS, NON_DELIVERY), may be NULL */

	/* The serving network of an uplink NAS message: the PLMN identity of the
	 * S1AP TAI (InitialUEMessage, UplinkNASTransport; TS 36.413 9.2.3.16),
	 * coded as in TS 24.008 10.5.1.3. It is the SN id of KASME (NAS security). */
	bool has_plmn;
	uint8_t plmn[3];

	/* Where the NAS-PDU was found (track_source): the direction statistics
	 * count per source, and UE-side copies are told apart by it. */
	uint8_t source;
} track_event;

/* Where a NAS-PDU comes from. */
typedef enum {
	TRACK_SRC_OTHER = 0, /* unknown or not said (replay input without "src") */
	TRACK_SRC_S1AP,      /* S1AP NAS-PDU: direction from the S1AP procedure */
	TRACK_SRC_RRC,       /* LTE RRC dedicatedInfoNAS: direction from the RRC message */
	TRACK_SRC_NAS_LOG,   /* a modem's NAS log (GSMTAP LTE NAS): direction from its flag */
	TRACK_SRC__COUNT
} track_source;

const char *track_source_name(uint8_t src); /* "other", "s1ap", "rrc", "nas-log" */

/* Zero the event, no ids present, s1ap_proc = erab_id = cause_group = -1. */
void track_event_init(track_event *ev, uint8_t kind, double time, uint64_t frame);

/* -------------------------------------------------------- annotations */

typedef enum {
	TRACK_SEV_CHAT = 0, /* Wireshark PI_CHAT: normal flow notes */
	TRACK_SEV_NOTE,     /* PI_NOTE */
	TRACK_SEV_WARN,     /* PI_WARN */
	TRACK_SEV_ERROR,    /* PI_ERROR */
} track_severity;

const char *track_severity_name(uint8_t sev); /* "chat", "note", "warn", "error" */

/* Finding codes, stable kebab-case (track_code_name). */
typedef enum {
	TRACK_F_RETRANSMISSION = 0,
	TRACK_F_TIMER_EXPIRY,
	TRACK_F_PREMATURE_RETRANSMISSION,
	TRACK_F_LATE_RETRANSMISSION,
	TRACK_F_EXCESS_RETRANSMISSIONS,
	TRACK_F_PROCEDURE_ABORTED,
	TRACK_F_PENDING_AT_END,
	TRACK_F_RESPONSE_WITHOUT_REQUEST,
	TRACK_F_UNEXPECTED_MESSAGE,
	TRACK_F_REJECT,
	TRACK_F_DUPLICATE_ACTIVATION,
	TRACK_F_UNKNOWN_LINKED_BEARER,
	TRACK_F_T3396_VIOLATION,
	TRACK_F_COLLISION,
	TRACK_F_REACTIVATION_REQUESTED,
	TRACK_F_LOCAL_DEACTIVATION,
	TRACK_F_BEARER_STATUS_MISMATCH,
	TRACK_F_NAS_NON_DELIVERY,
	TRACK_F_RETRANSMISSION_AFTER_RESPONSE,
	TRACK_F_IP_CONFLICT,
	TRACK_F_BEARERS_RELEASED_BY_RELOCATION,
	TRACK_F_CIPHERED,
	TRACK_F_MALFORMED,
	TRACK_F_UNKNOWN_PRIOR_STATE,
	TRACK_F_INTEGRITY_FAILURE,        /* a NAS MAC or AUTN's MAC-A does not verify (4.4.4, 5.4.2.6) */
	TRACK_F__COUNT
} track_code;

const char *track_code_name(uint8_t code);   /* "retransmission", ... */
uint8_t track_code_severity(uint8_t code);   /* fixed severity of each code */

/* Fits the longest finding text (a message name, EBI lists and numbers in the
 * longest format); a longer one ends in "..." rather than being cut silently. */
#define TRACK_TEXT_MAX 192

typedef struct {
	uint8_t severity;          /* track_severity */
	uint8_t code;              /* track_code */
	const char *code_name;     /* static, track_code_name(code) */
	const char *clause;        /* static, e.g. "6.4.1.6 a" */
	uint64_t related_frame;    /* another frame it concerns (original request...), 0 none */
	char text[TRACK_TEXT_MAX]; /* one line, no trailing newline */
} track_finding;

#define TRACK_MAX_FINDINGS 6 /* per annotation; extras counted in n_findings_dropped */

/* A UE's identities as text (track_annotation, rows). */
#define TRACK_IMSI_MAX 16   /* up to 15 digits (TS 23.003 2.2) */
#define TRACK_GUTI_MAX 28   /* "00101-8001-01-c0000002" with a 3-digit MNC and room */
#define TRACK_NAME_MAX 64   /* "IMSI ...", "GUTI ...", "S-TMSI 01-c0000002",
                               "MME-UE-S1AP-ID 7 (S1 association 1)", or the replay key */

/* NAS security of one message (track_unprotect). */
typedef enum {
	TRACK_INT_NONE = 0,  /* not security protected (or track_unprotect not called) */
	TRACK_INT_OK,        /* the MAC verifies with the UE's current context */
	TRACK_INT_FAILED,    /* it does not */
	TRACK_INT_UNCHECKED, /* the capture does not show what the check needs: see why */
} track_integrity;

const char *track_integrity_name(uint8_t v); /* "ok", "failed", "unchecked", "none" */

typedef struct {
	uint8_t integrity;       /* track_integrity */
	bool count_known;        /* count, eea, eia and ctx below are the context's */
	bool plain;              /* track_unprotect wrote the PDU to decode with nas_opts.deciphered */
	bool deciphered;         /* ... deciphered with 128-EEA1-3 (under EEA0 it is a copy) */
	uint8_t eea, eia;        /* the context's algorithms (TS 33.401 5.1.3.2, 5.1.4.2) */
	uint32_t count;          /* the NAS COUNT used for the MAC and the keystream (4.4.3.1) */
	uint32_t ctx;            /* the context's number for track_decipher, 0 none */
	char why[160];           /* why unchecked or failed; "" when ok */
} track_sec;

typedef struct {
	uint64_t frame;            /* echoed from the event */
	uint32_t ue;               /* stable UE number (1, 2, ... in order of appearance), 0 = none */
	bool is_esm;               /* an ESM message was analysed */
	uint8_t pti, msg_type;     /* of the ESM message */
	/* The bearer the states below describe: the message's EBI, or for a
	 * message with EBI 0 the bearer it concerns (linked EBI of PDN
	 * DISCONNECT, the bearer a collision ended, a bearer an EMM status IE or
	 * S1AP event changed); 0 = none. */
	uint8_t ebi;
	const char *msg_name;      /* static ESM message name, or NULL */
	const char *proc;          /* procedure name (shared vocabulary), or NULL */
	/* Bearer state before/after, MME view (6.1.3.3) and UE view (6.1.3.2);
	 * NULL when the message concerns no bearer. */
	const char *mme_before, *mme_after, *ue_before, *ue_after;
	/* Response: the frame of the request this answers. */
	bool has_response_to;
	uint64_t response_to;
	double response_time;      /* seconds since that request (its first send) */
	/* Resend: the frame of the original and the resend number (1 = first). */
	uint8_t retrans_count;     /* 0 = not a resend */
	uint64_t retrans_of;
	/* Timer the message starts/restarts or the finding concerns. */
	uint8_t timer;             /* track_timer or TRACK_TIMER_NONE */
	const char *timer_name;    /* static, or NULL */
	uint8_t timer_expiries;    /* expiries implied so far (n on the n-th resend) */
	/* T3396 the message starts in the UE (back-off timer value with #26,
	 * 6.5.1.4.2, 6.5.3.4.2, 6.5.4.4.2; T3396 value, 6.4.4.3). */
	bool backoff;
	bool backoff_deactivated;  /* "deactivated": until switch-off or a network request */
	double backoff_s;
	/* Timer this message stops (the answered request's, or one it ends), or
	 * TRACK_TIMER_NONE. */
	uint8_t timer_stopped;
	const char *timer_stopped_name;
	bool duplicate;            /* UE-side duplicate copy: ignored */
	track_finding f[TRACK_MAX_FINDINGS];
	uint8_t n_findings;
	uint16_t n_findings_dropped;
	track_sec sec;             /* NAS security of the message (track_unprotect) */
	/* NAS events: the direction taken, the source's hint (nas_dir) and why
	 * the direction is what it is (nas_dir_from: source, message, decode,
	 * state; none when unknown). */
	uint8_t dir, dir_hint, dir_from;
	/* Who the UE is, as far as the capture has shown it by this event: its
	 * IMSI (digits), its GUTI ("PLMN-MMEGI-MMEC-M-TMSI": MCC and MNC digits,
	 * then hex), "" when not seen; and the name the tables give it
	 * (track_finding_row.ue_name). */
	char imsi[TRACK_IMSI_MAX];
	char guti[TRACK_GUTI_MAX];
	char ue_name[TRACK_NAME_MAX];
} track_annotation;

/* ------------------------------------------------------------ lifetime */

typedef struct track track;

track *track_new(const track_config *c); /* c may be NULL for defaults */
void track_free(track *t);

/* An S1AP message by its TS 36.413 ASN.1 name (case-insensitive), as written in
 * replay input and test documents: the event kind and procedure code.
 * with_nas: the message carries a NAS-PDU, which makes it a TRACK_EV_NAS event
 * (e.g. an InitialContextSetupRequest carrying ATTACH ACCEPT). False when the
 * name is unknown. */
bool track_s1ap_name(const char *name, bool with_nas, uint8_t *kind, int16_t *proc);

/* Feed one event. Fills *out (always: zeroed when there is nothing to say)
 * and returns the number of findings in it. */
int track_feed(track *t, const track_event *ev, track_annotation *out);

/* Capture end at end_time: procedures still pending (pending-at-end),
 * aborts whose deadline fell inside the capture (procedure-aborted), #39
 * reactivations never asked for; bearers still active stay in the bearer
 * table (how_ended "active at end"). The findings go to the
 * findings table and the on_finding callback, attached to their frames.
 * Returns the number of findings produced. Call once; feeding afterwards
 * is allowed (a new segment) but the report is about the capture so far. */
size_t track_finish(track *t, double end_time);

/* After track_finish, for a user that has kept what it needs per event (the
 * plugin stores every annotation with its frame): frees every UE's state.
 * Their bearers stay in the bearer table as they stood at the end; the
 * procedure statistics and counters stay. Events fed afterwards start a new
 * segment in which every UE is new (prior state unknown). */
void track_release(track *t);

/* --------------------------------------------------------- NAS security */
/* TS 24.301 4.4 and TS 33.401: with the subscribers' keys the tracker
 * rebuilds each UE's EPS security context from the AKA and SECURITY MODE
 * COMMAND the capture shows, checks every NAS MAC and deciphers EEA1-3
 * (common/security.c says how). Where the capture does not show what is
 * needed, the message is "unchecked" with the reason; nothing is guessed.
 *
 * Use, per NAS event: decode the PDU as captured (ev->nas), call
 * track_unprotect; when it returns true, decode plain[] with
 * nas_opts.deciphered and point ev->nas at that decode; then track_feed the
 * same event. The annotation carries the result (sec) and the finding
 * integrity-failure. */

/* The subscribers' keys: IMSI, K, OPc. */
typedef struct track_keys track_keys;
track_keys *track_keys_new(void);
void track_keys_free(track_keys *k);
size_t track_keys_count(const track_keys *k);
/* One row; false, with the reason in err, when a field is malformed (IMSI
 * 6-15 digits, K and OPc 32 hex digits). A later row of an IMSI replaces it. */
bool track_keys_add(track_keys *k, const char *imsi, const char *k_hex, const char *opc_hex, char *err,
                    size_t errlen);
/* A key file, the esm_nas_keys UAT's format: one "IMSI","K","OPc" row per
 * line (quotes optional), '#' comments and blank lines. False with
 * "FILE:LINE: reason" for the first malformed row. */
bool track_keys_load(track_keys *k, const char *path, char *err, size_t errlen);

/* Before the first event; the tracker keeps the pointer: k outlives it. */
void track_set_keys(track *t, const track_keys *k);

/* Check a NAS event's PDU (the bytes ev->nas was decoded from) with its UE's
 * security context; the UE is found as track_feed will find it. Returns true
 * when plain (len octets) holds the PDU to decode with nas_opts.deciphered:
 * the header as captured, the message deciphered. *out says what was
 * checked; track_feed of the same event puts it in the annotation. */
bool track_unprotect(track *t, const track_event *ev, const uint8_t *pdu, uint32_t len, uint8_t *plain,
                     track_sec *out);

/* Decipher a PDU again with context ctx and the COUNT of a track_sec (e.g.
 * to show it on a later pass); dir the NAS direction. Works after
 * track_release. False for an unknown context. */
bool track_decipher(const track *t, uint32_t ctx, uint32_t count, uint8_t dir, const uint8_t *pdu, uint32_t len,
                    uint8_t *plain);

/* ------------------------------------------------------------- queries */
/* Each returns an array owned by the tracker, valid until the next call
 * into the tracker; n receives its length. */

#define TRACK_KEY_MAX 64
#define TRACK_ADDR_MAX 48

typedef struct track_finding_row {
	uint32_t ue;
	char ue_key[TRACK_KEY_MAX];  /* replay key, or "assoc/mme-id" text */
	char ue_name[TRACK_NAME_MAX]; /* who the UE is: "IMSI 001010123456789", else "GUTI
	                                ...", else "S-TMSI ...", else its S1AP ids with the
	                                association, or the replay key (when the row was made) */
	uint64_t frame;              /* the frame it is about; for procedure-aborted
	                                the request's first copy */
	double time;                 /* for procedure-aborted: when the abort happened */
	uint8_t ebi, pti;
	const char *proc;            /* static or NULL */
	bool at_finish;              /* on no event's annotation: produced by track_finish,
	                                when a silent UE's state was dropped, or an abort
	                                (and its local deactivation) a later event revealed,
	                                which belongs to the request's frame */
	track_finding f;
} track_finding_row;

typedef struct track_bearer_row {
	uint32_t ue;
	char ue_key[TRACK_KEY_MAX];
	char ue_name[TRACK_NAME_MAX]; /* as track_finding_row.ue_name */
	uint8_t ebi;
	bool kind_known;             /* false: learnt from a status IE or an answer only */
	bool is_default;
	uint8_t linked_ebi;          /* dedicated: its default bearer; 0 unknown */
	char apn[NAS_APN_MAX];       /* "" unknown */
	char addr[TRACK_ADDR_MAX];   /* PDN address as text, "" unknown */
	uint8_t qci;                 /* 0 unknown */
	bool activated;              /* activation seen in the capture */
	uint64_t activated_frame;
	double activated_time;
	bool deactivated;
	uint64_t deactivated_frame;
	double deactivated_time;
	uint32_t resends;            /* resends of requests concerning this bearer */
	const char *final_state;     /* MME state at the end, or when released */
	const char *final_ue_state;  /* UE state, likewise */
	const char *how_ended;       /* static: "deactivated", "rejected", "aborted",
	                                "local-deactivation", "active", "deactivated by
	                                the MME only" (one side ended it locally), ... */
} track_bearer_row;

#define TRACK_N_PROCS 13

typedef struct {
	const char *proc;            /* shared vocabulary name */
	const char *clause;          /* "6.4.1" */
	uint32_t started, succeeded, rejected, aborted, pending, resends;
	uint32_t rejected_by_cause[256]; /* ESM cause (9.9.4.4) */
	uint32_t n_rt;               /* responses timed */
	double rt_min, rt_mean, rt_max; /* seconds */
} track_proc_stats;

/* One finished procedure instance (on_proc callback). */
typedef struct track_proc_record {
	uint32_t ue;
	const char *ue_key;          /* valid during the callback only */
	const char *proc;
	uint8_t ebi, pti;
	const char *outcome;         /* "success", "reject", "aborted", "pending", "superseded" */
	int16_t cause;               /* ESM cause of a reject, -1 none */
	uint64_t start_frame, end_frame;
	double start_time, end_time;
	double response_time;        /* -1 when none */
	uint8_t resends;
} track_proc_record;

/* ------------------------------------------------------------- history */

/* A bearer context changed state (on_state): the MME view (6.1.3.3), the UE
 * view (6.1.3.2) or both, as the tracker's states stand after an event, an
 * abort or a local deactivation. Changes within one event are reported once,
 * net; a change to the same states is not reported. The first change of a
 * bearer starts from INACTIVE (UE life start seen) or UNKNOWN. */
typedef struct track_state_change {
	/* The bearer as it stands after the change, as its bearer-table row would
	 * show it: UE, UE name, EBI, kind, linked EBI, APN, address, QCI, and in
	 * final_state / final_ue_state the new MME and UE states. Valid during
	 * the callback only. */
	const struct track_bearer_row *bearer;
	const char *mme_before, *ue_before; /* static state names */
	uint64_t frame;            /* the event that made the change; for an abort (6.4.x.6 a)
	                              the request's last copy, whatever revealed it */
	double time;               /* when: the event's time, or the abort's (last copy + the
	                              remaining timer periods) */
} track_state_change;

/* One run of an ESM procedure timer (T3485 ... T3493, tables 10.3.1 and
 * 10.3.2): started by a copy of a request and ended by the next copy, the
 * answer, the abort, another end of the procedure or the capture end
 * (on_timer, called when it ends). Requests whose timer does not run (the
 * default bearer inside ATTACH ACCEPT, 6.4.1.2) have none. */
typedef struct track_timer_run {
	uint32_t ue;
	uint8_t timer;             /* track_timer */
	uint8_t ebi, pti;          /* of the request */
	const char *proc;          /* static procedure name */
	uint64_t request_frame;    /* the request's first copy (names the procedure instance) */
	uint64_t frame;            /* the copy that started this run */
	double start;              /* its time */
	double period;             /* the timer value used, seconds */
	double end;                /* when the run ended */
	uint64_t end_frame;        /* the event that ended it; 0 for an abort or the capture end */
	/* Expiries in this run, by the tracker's count: the n-th resend implies
	 * the n-th expiry; an answer or the capture end later than one period
	 * (plus tolerance) after the copy implies as many as whole periods
	 * passed; the abort comes with the expiry that ends the procedure. */
	uint8_t expiries;
	uint8_t first_expiry;      /* number of the first of them: 1 for the timer's first expiry */
	const char *outcome;       /* static: "resent" (the next copy), or how the procedure
	                              ended: "success", "reject", "aborted", "pending" (capture
	                              end), "superseded" */
} track_timer_run;

/* The NAS events of one source and how often its direction hint held. */
typedef struct {
	uint32_t nas;            /* NAS events */
	uint32_t no_hint;        /* the source gave no direction */
	uint32_t overruled;      /* the source's direction was wrong ... */
	uint32_t by_message;     /* ... said so by the message table (one direction only) */
	uint32_t by_decode;      /* ... by the only form that decodes completely */
	uint32_t by_state;       /* ... by the tracker's procedures */
	uint32_t unknown;        /* no direction at all (no hint, both ways, nothing settles it) */
} track_dir_counts;

typedef struct {
	uint64_t events, nas_events;
	uint32_t ues_seen, ues_live, ues_freed, ues_over_cap;
	uint32_t bearer_rows_dropped, finding_rows_dropped;
	uint32_t findings_by_severity[4];
	track_dir_counts dir[TRACK_SRC__COUNT]; /* by track_source */
} track_counters;

const track_bearer_row *track_bearers(track *t, size_t *n);   /* released and live bearers */
const track_proc_stats *track_procs(track *t, size_t *n);     /* TRACK_N_PROCS rows, fixed order */
const track_finding_row *track_findings(track *t, size_t *n); /* most severe first, then capture order */
/* The name of UE number ue as the capture now knows it (track_finding_row.ue_name);
 * false when no such UE is tracked any more. */
bool track_ue_name(const track *t, uint32_t ue, char out[TRACK_NAME_MAX]);
void track_get_counters(const track *t, track_counters *out);

#ifdef __cplusplus
}
#endif
#endif
