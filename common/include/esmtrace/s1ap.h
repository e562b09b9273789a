/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What esmtrace knows of S1AP (3GPP TS 36.413 V17.3.0): the procedure codes
 * and protocol IE ids it reads, and one table of the S1AP messages that carry
 * NAS or that the tracker follows: who sends each, which NAS direction it
 * carries and where, which tracker event it becomes and which E-RAB list gives
 * that event its E-RABs.
 *
 * The Wireshark plugin reads S1AP through this table, `esmtrace replay` names
 * events by it, and tests/track/pcap2replay.py takes it from `esmtrace
 * s1ap-table`, so that they cannot disagree. tests/unit/s1ap_table.py checks
 * every row against the 36.413 ASN.1.
 */
#ifndef ESMTRACE_S1AP_H
#define ESMTRACE_S1AP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "esmtrace/nas.h"
#include "esmtrace/track.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ProcedureCode values (9.3.6, S1AP-Constants). */
enum {
	S1AP_PROC_HANDOVER_PREPARATION = 0,
	S1AP_PROC_HANDOVER_RESOURCE_ALLOCATION = 1,
	S1AP_PROC_HANDOVER_NOTIFICATION = 2,
	S1AP_PROC_PATH_SWITCH_REQUEST = 3,
	S1AP_PROC_E_RAB_SETUP = 5,
	S1AP_PROC_E_RAB_MODIFY = 6,
	S1AP_PROC_E_RAB_RELEASE = 7,
	S1AP_PROC_E_RAB_RELEASE_INDICATION = 8,
	S1AP_PROC_INITIAL_CONTEXT_SETUP = 9,
	S1AP_PROC_DOWNLINK_NAS_TRANSPORT = 11,
	S1AP_PROC_INITIAL_UE_MESSAGE = 12,
	S1AP_PROC_UPLINK_NAS_TRANSPORT = 13,
	S1AP_PROC_NAS_NON_DELIVERY_INDICATION = 16,
	S1AP_PROC_S1_SETUP = 17,
	S1AP_PROC_UE_CONTEXT_RELEASE_REQUEST = 18,
	S1AP_PROC_UE_CONTEXT_RELEASE = 23,
};

/* ProtocolIE-ID values (9.3.6, S1AP-Constants) of the IEs esmtrace reads,
 * besides the E-RAB lists and items named in the message table. */
enum {
	S1AP_IE_MME_UE_S1AP_ID = 0,         /* 9.2.3.3 */
	S1AP_IE_CAUSE = 2,                  /* 9.2.1.3 */
	S1AP_IE_ENB_UE_S1AP_ID = 8,         /* 9.2.3.4 */
	S1AP_IE_NAS_PDU = 26,               /* 9.2.3.5 */
	S1AP_IE_GLOBAL_ENB_ID = 59,         /* 9.2.1.37, in S1 SETUP REQUEST */
	S1AP_IE_TAI = 67,                   /* 9.2.3.16: its PLMN is the serving network */
	S1AP_IE_SOURCE_MME_UE_S1AP_ID = 88, /* 9.2.3.3, in PATH SWITCH REQUEST */
	S1AP_IE_S_TMSI = 96,                /* 9.2.3.6, in INITIAL UE MESSAGE */
	S1AP_IE_UE_S1AP_IDS = 99,           /* 9.2.3.18, in UE CONTEXT RELEASE COMMAND */
};

/* The S1AP-PDU CHOICE (9.3.2), in its order. */
typedef enum {
	S1AP_INITIATING = 0,
	S1AP_SUCCESSFUL = 1,
	S1AP_UNSUCCESSFUL = 2,
} s1ap_pdu_kind;

typedef enum {
	S1AP_FROM_ENB = 1, /* eNodeB to MME */
	S1AP_FROM_MME = 2, /* MME to eNodeB */
} s1ap_sender;

/* Where a message carries its NAS-PDU (9.2.3.5). */
typedef enum {
	S1AP_NAS_NONE = 0,
	S1AP_NAS_IE,    /* the message's NAS-PDU IE (id 26) */
	S1AP_NAS_ITEMS, /* the nAS-PDU member of its E-RAB list items, one per E-RAB */
} s1ap_nas_place;

#define S1AP_NO_EVENT 0xff

typedef struct {
	uint8_t proc;             /* ProcedureCode */
	uint8_t pdu;              /* s1ap_pdu_kind */
	const char *name;         /* ASN.1 message name (9.3.3); `esmtrace replay` event name */
	uint8_t sender;           /* s1ap_sender (the procedure text of clause 8) */
	uint8_t nas;              /* s1ap_nas_place */
	uint8_t nas_dir;          /* direction of the NAS it carries, NAS_DIR_UNKNOWN for none */
	uint8_t nas_event;        /* track_ev_kind of the message with its NAS, or S1AP_NO_EVENT */
	uint8_t event;            /* track_ev_kind of the message without NAS, or S1AP_NO_EVENT */
	uint16_t erab_list;       /* ProtocolIE-ID of the E-RAB list whose E-RABs go with the
	                             event (track_event.erab_mask), 0 none */
	uint16_t erab_item;       /* ProtocolIE-ID of that list's items (ProtocolIE-SingleContainer
	                             around each e-RAB-ID), 0 none */
	const char *erab_list_name; /* its ASN.1 IE name, or NULL */
	const char *clause;       /* 36.413 clause of the message */
} s1ap_msg;

/* Every row, in procedure code order. */
const s1ap_msg *s1ap_msgs(size_t *n);

/* The row of a message by procedure code and PDU kind, or NULL when esmtrace
 * does not read that message. */
const s1ap_msg *s1ap_msg_find(int proc, int pdu);

/* The row of a message by its ASN.1 name (case-insensitive), or NULL. */
const s1ap_msg *s1ap_msg_by_name(const char *name);

/* The tracker event a message becomes: its nas_event when it carries a NAS-PDU,
 * else its event. S1AP_NO_EVENT when the tracker does not follow it. */
uint8_t s1ap_msg_event(const s1ap_msg *m, bool with_nas);

/* ASN.1 names of the Cause CHOICE alternatives (9.2.1.3) in CHOICE order, the
 * order of track_event.cause_group: radioNetwork, transport, nas, protocol, misc. */
#define S1AP_CAUSE_GROUPS 5
extern const char *const s1ap_cause_groups[S1AP_CAUSE_GROUPS];

/* The whole of the above as one JSON object (`esmtrace s1ap-table`). */
void s1ap_print_json(FILE *f);

#ifdef __cplusplus
}
#endif

#endif
