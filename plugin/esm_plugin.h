/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: what the plugin's files share.
 *
 * The plugin holds no protocol logic. esm_hook.c finds NAS-PDUs (S1AP, LTE RRC,
 * GSMTAP) and their S1AP context, hands them to the core (nas_decode, the
 * tracker) on the first pass only, and stores one esm_nas_result per NAS-PDU in
 * file scope. esm_render.c and esm_stats.c build every tree item, field, expert
 * info, column and tap row from those stored results, so tshark one-pass,
 * two-pass (-2) and the GUI show the same thing.
 */
#ifndef ESM_PLUGIN_H
#define ESM_PLUGIN_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>

#include "esm_compat.h"

#include "esmtrace/nas.h"
#include "esmtrace/report.h"
#include "esmtrace/track.h"

/* Where a NAS-PDU was found. */
typedef enum {
	ESM_SRC_S1AP = 0,   /* S1AP NAS-PDU / nAS-PDU (network side) */
	ESM_SRC_RRC,        /* LTE RRC dedicatedInfoNAS (UE side) */
	ESM_SRC_GSMTAP,     /* GSMTAP LTE NAS, the modem's own copy (UE side) */
} esm_source;

/* One finding, copied out of the tracker's annotation (12 octets). */
typedef struct {
	uint8_t severity;    /* track_severity */
	uint8_t code;        /* track_code */
	uint8_t proc;        /* esm_intern index of the procedure it concerns, 0 = the message's */
	uint8_t clause;      /* esm_intern index of the tracker's static clause text */
	uint32_t related;    /* frame number it concerns, 0 none */
	uint32_t text;       /* esm_text index, 0 none */
} esm_finding;

/* Everything known about one NAS-PDU, kept until the capture closes. Compact
 * on purpose (68 octets): one of these exists for every NAS-PDU of the capture.
 * The tracker's static strings are interned (esm_intern) into one octet each;
 * the findings follow the frame's results (esm_nas_findings). */
typedef struct esm_nas_result {
	uint32_t off;                /* offset in the frame's tvb, or ESM_OFF_COPY */
	uint32_t mme_ue_id, enb_ue_id;
	uint32_t ue;                 /* tracker's UE number, 0 none */
	uint32_t response_to;        /* frame number, 0 none */
	uint32_t retrans_of;         /* frame number, 0 none */
	uint32_t response_in;        /* back-filled when the response arrives (a later frame) */
	float response_time;         /* seconds, valid when response_to != 0 (one-pass tshark
	                                cannot look up the request's time at render) */
	uint16_t len;                /* NAS-PDU length (longer ones are kept as copies) */
	int8_t s1ap_proc;            /* S1AP procedureCode (0..66), -1 none */
	int8_t erab_id;              /* -1 none */
	uint8_t index;               /* NAS-PDU number within the frame, in byte order */
	uint8_t source : 2;          /* esm_source */
	uint8_t dir : 2;             /* nas_dir taken (the annotation's) */
	uint8_t dir_hint : 2;        /* nas_dir the source gave */
	uint8_t dir_from : 2;        /* nas_dir_from - 1 when dir is known (none otherwise): esm_dir_from() */
	uint8_t ebi, pti, msg_type;
	uint8_t timer;               /* track_timer */
	uint8_t timer_expiries;
	uint8_t retrans_count;
	uint8_t proc, mme_before, mme_after, ue_before, ue_after; /* esm_intern indices, 0 = none */
	bool has_mme : 1, has_enb : 1, is_esm : 1, ciphered : 1, malformed : 1, duplicate : 1;
	bool backoff : 1;            /* the UE starts T3396 (6.4.4.3, 6.5.1.4.2, 6.5.3.4.2, 6.5.4.4.2) */
	uint8_t n_findings;
	uint8_t n_findings_dropped;  /* saturates at 255 */
	/* NAS security (track_sec of the annotation) */
	uint32_t nas_count : 24;     /* the NAS COUNT the MAC and keystream used */
	uint32_t integrity : 2;      /* track_integrity */
	uint32_t deciphered : 1;     /* deciphered with EEA1-3: shown from track_decipher */
	uint32_t count_known : 1;
	uint32_t sec_ctx : 26;       /* the context for track_decipher, 0 none */
	uint32_t eea : 3, eia : 3;
	uint32_t sec_why;            /* esm_text index: why unchecked or failed, 0 none */
	uint32_t who;                /* esm_who index: who the UE is by this frame, 0 none */
} esm_nas_result;

/* Who a UE is as far as the capture has shown it (esm_text indices, 0 none):
 * its IMSI, GUTI and name (track_annotation.ue_name). Kept once per distinct
 * triple: a UE's identities change seldom. */
typedef struct {
	uint32_t imsi, guti, name;
} esm_who_t;
const esm_who_t *esm_who(uint32_t idx); /* never NULL: idx 0 is all zero */

/* Where a result's direction came from (nas_dir_from). */
static inline uint8_t esm_dir_from(const esm_nas_result *r)
{
	return r->dir == NAS_DIR_UNKNOWN ? NAS_DIR_FROM_NONE : (uint8_t)(r->dir_from + 1);
}

/* The NAS-PDU sits in another data source (reassembled SCTP) or is longer than
 * 65535 octets: its bytes are kept in a file-scope copy (esm_nas_copy). */
#define ESM_OFF_COPY UINT32_MAX

/* All NAS-PDUs of one frame and then their findings, in one allocation of
 * exactly the size needed, found by frame number (esm_frame). */
typedef struct {
	uint8_t n;                   /* results */
	bool capped;                 /* the frame held more than the plugin analyses */
	uint16_t n_findings;         /* all results' findings, after nas[n] */
	esm_nas_result nas[];
} esm_frame_result;

/* The findings of fr->nas[i]: fr->nas[i].n_findings entries. */
const esm_finding *esm_nas_findings(const esm_frame_result *fr, unsigned i);

/* Finding texts, each distinct text kept once per capture: index 0 is NULL. */
uint32_t esm_text_id(const char *s);
const char *esm_text(uint32_t id);

/* The latest name of tracker UE number ue (esm_text index, 0 none): the
 * triage table names a UE by what the whole capture showed of it. */
uint32_t esm_ue_name(uint32_t ue);

/* Interned tracker strings (procedure and state names): index 0 is NULL. */
uint8_t esm_intern(const char *s);
const char *esm_str(uint8_t idx);

/* Frame ids handed to the tracker: the frame number, plus the NAS index in the
 * high bits so that a finding or a link can name one NAS-PDU of a bundled frame.
 * The first NAS-PDU of a frame has id == frame number, which keeps the
 * tracker's texts ("resend 1 of frame 12") readable. */
#define ESM_FRAME_ID(frame, idx) ((uint64_t)(frame) | ((uint64_t)(uint8_t)(idx) << 40))
#define ESM_FRAME_NUM(id) ((uint32_t)((id) & 0xffffffffu))
#define ESM_FRAME_IDX(id) ((uint8_t)((id) >> 40))

/* ------------------------------------------------------ esm_register.c */
extern int proto_esm;
extern int esm_tap;

extern int hf_esm_ue, hf_esm_msg_type, hf_esm_ebi, hf_esm_pti, hf_esm_proc;
extern int hf_esm_mme_state_before, hf_esm_mme_state_after, hf_esm_ue_state_before, hf_esm_ue_state_after;
extern int hf_esm_response_in, hf_esm_response_to, hf_esm_response_time;
extern int hf_esm_retrans_count, hf_esm_retrans_of, hf_esm_timer, hf_esm_timer_expiries;
extern int hf_esm_finding, hf_esm_finding_severity, hf_esm_finding_clause, hf_esm_finding_text,
	hf_esm_finding_related;
extern int hf_esm_cause, hf_esm_apn, hf_esm_pdn_ipv4, hf_esm_qci, hf_esm_lbi, hf_esm_pco_id, hf_esm_t3396;
extern int hf_esm_dir_source, hf_esm_imsi, hf_esm_guti;
extern int hf_esm_ciphered, hf_esm_source, hf_esm_dir, hf_esm_s1ap_proc, hf_esm_mme_ue_id, hf_esm_enb_ue_id,
	hf_esm_erab_id, hf_esm_nas_index, hf_esm_duplicate;
extern int hf_esm_emm_type, hf_esm_sec_hdr;
extern int hf_esm_integrity, hf_esm_integrity_count, hf_esm_integrity_alg, hf_esm_integrity_reason,
	hf_esm_deciphered;
extern int hf_esm_node, hf_esm_uint, hf_esm_str, hf_esm_bytes, hf_esm_diag;
extern int ett_esm, ett_esm_decode, ett_esm_node, ett_esm_track, ett_esm_finding, ett_esm_integrity;
extern expert_field ei_esm_finding[TRACK_F__COUNT];
extern expert_field ei_esm_decode_error, ei_esm_decode_warn, ei_esm_findings_dropped, ei_esm_capped;

/* Preferences, read by esm_hook.c when the tracker is created. */
typedef struct {
	guint timer_s[TRACK_TIMER__COUNT];
	guint abort_expiries;        /* all procedures but ESM information */
	guint abort_expiries_t3489;  /* ESM information (T3489) */
	guint tolerance_ms;
	esm_pref_bool assume_eea0;
	esm_pref_bool check_ip_conflicts;
	esm_pref_bool ue_side;       /* analyse LTE RRC and GSMTAP NAS */
} esm_prefs_t;
extern esm_prefs_t esm_prefs;

/* The esm_nas_keys table (UAT, Preferences > Protocols > ESM): one row per
 * subscriber; the tracker of each capture gets them (esm_hook.c). */
typedef struct {
	char *imsi, *k, *opc;
} esm_key_row;
const esm_key_row *esm_key_rows(unsigned *n);

/* ---------------------------------------------------------- esm_hook.c */
void esm_hook_register(void);            /* from proto_register */
void esm_hook_handoff(void);             /* from the handoff: resolve S1AP fields */
track *esm_tracker(void);                /* the capture's tracker, NULL before init */
bool esm_tracker_finish(void);           /* calls track_finish once per capture */
const esm_frame_result *esm_frame(uint32_t num); /* the stored result of a frame, or NULL */
const uint8_t *esm_nas_copy(uint32_t num, uint8_t idx); /* bytes of an ESM_OFF_COPY NAS-PDU */
int esm_proto_nas_eps(void);             /* Wireshark's NAS-EPS protocol, -1 when absent */
dissector_handle_t esm_nas_eps_plain(void); /* its dissector of a plain NAS message, or NULL */

/* Frames with findings, in capture order, and the findings produced at capture
 * end (track_finish): the triage table is built from these and the stored results. */
typedef struct {
	uint32_t frame;
	double time;
} esm_finding_frame;
typedef struct {
	uint32_t ue, frame;
	double time;
	uint8_t ebi, pti, proc;      /* proc: esm_intern index */
	esm_finding f;
} esm_finish_finding;
const GArray *esm_finding_frames(void);  /* of esm_finding_frame */
const GArray *esm_finish_findings(void); /* of esm_finish_finding, valid after esm_tracker_finish */
uint32_t esm_capture_frames(void);       /* frames seen on the first pass */
const track_config *esm_track_config(void); /* the tracker's configuration (preferences) */

/* The HTML report being recorded with the tracker (annotations, history,
 * findings), or NULL: recorded in the GUI, and in tshark once -z esm,report
 * asked for it (esm_want_report, before the first packet). */
report *esm_recorder(void);
void esm_want_report(void);

/* -------------------------------------------------------- esm_render.c */
/* Build the subtree, fields, expert infos and Info column for one frame. */
void esm_render_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const esm_frame_result *fr);

/* --------------------------------------------------------- esm_stats.c */
void esm_stats_register(void);

/* -------------------------------------------------------- esm_report.c */
void esm_report_register(void);          /* -z esm,report and the Tools menu entry */
bool esm_report_in_gui(void);            /* running in Wireshark's GUI, not tshark */

#endif
