/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracker tables (private): what each ESM message does to a procedure.
 * TS 24.301 V19.6.0 clauses 6.4-6.7; message types from table 9.8.2.
 */
#ifndef ESMTRACE_TRACK_TABLES_H
#define ESMTRACE_TRACK_TABLES_H

#include <stdint.h>

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

typedef struct {
	uint8_t type;        /* ESM message type, table 9.8.2 */
	uint8_t dir;         /* nas_dir it travels in, 0 = both */
	uint8_t proc;        /* P_* */
	uint8_t role;        /* R_* */
	uint8_t timer;       /* track_timer a request starts, TRACK_TIMER_NONE */
	uint8_t key;         /* K_* */
	uint8_t request_type;/* answers: the request they answer */
	uint32_t answers;    /* network request: UE procedures (1 << P_*) it answers by PTI */
	const char *clause;  /* where the message's handling is specified */
	const char *abort_clause; /* requests: timer expiry / abort clause */
} esm_rule;

extern const esm_rule esm_rules[];
extern const unsigned esm_rules_count;

/* Index into esm_rules of a message type, -1 if none. */
int esm_rule_index(uint8_t type);

#endif
