/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tracker's declarative table: one row per ESM message (TS 24.301
 * table 9.8.2), saying which procedure it belongs to, whether it opens or
 * closes a transaction, the timer a request starts (tables 10.3.1/10.3.2),
 * and how its answer is found (6.3.2: PTI for UE-initiated procedures, EBI
 * for network-initiated bearer procedures).
 */
#include "track_internal.h"

#include "esmtrace/nas.h"
#include "esmtrace/s1ap.h"
#include "esmtrace/track.h"

const proc_name proc_names[P__COUNT] = {
	[P_DEFAULT] = { "default-bearer-activation", "6.4.1" },
	[P_DEDICATED] = { "dedicated-bearer-activation", "6.4.2" },
	[P_MODIFY] = { "bearer-modification", "6.4.3" },
	[P_DEACT] = { "bearer-deactivation", "6.4.4" },
	[P_PDN_CONN] = { "pdn-connectivity", "6.5.1" },
	[P_PDN_DISC] = { "pdn-disconnect", "6.5.2" },
	[P_BRA] = { "bearer-resource-allocation", "6.5.3" },
	[P_BRM] = { "bearer-resource-modification", "6.5.4" },
	[P_ESM_INFO] = { "esm-information", "6.6.1.2" },
	[P_NOTIFICATION] = { "notification", "6.6.2" },
	[P_REMOTE_UE] = { "remote-ue-report", "6.6.3" },
	[P_DATA] = { "data-transport", "6.6.4" },
	[P_STATUS] = { "esm-status", "6.7" },
};

#define UL NAS_UPLINK
#define DL NAS_DOWNLINK
#define NONE TRACK_TIMER_NONE
#define BIT(p) (1u << (p))

const esm_rule esm_rules[] = {
	/* type  dir proc            role       timer        key    request answers                      EBI (7.3.2)                clause       abort clause */
	{ 0xC1, DL, P_DEFAULT,      R_REQ,     TRACK_T3485, K_EBI, 0,    BIT(P_PDN_CONN),              EBI_BEARER, "7.3.2 g", "6.4.1.2",   "6.4.1.6 a" },
	{ 0xC2, UL, P_DEFAULT,      R_ACCEPT,  NONE,        K_EBI, 0xC1, 0,                            EBI_ANY,    NULL,      "6.4.1.3",   NULL },
	{ 0xC3, UL, P_DEFAULT,      R_REJECT,  NONE,        K_EBI, 0xC1, 0,                            EBI_ANY,    NULL,      "6.4.1.4",   NULL },
	{ 0xC5, DL, P_DEDICATED,    R_REQ,     TRACK_T3485, K_EBI, 0,    BIT(P_BRA) | BIT(P_BRM),      EBI_BEARER, "7.3.2 h", "6.4.2.2",   "6.4.2.6 a" },
	{ 0xC6, UL, P_DEDICATED,    R_ACCEPT,  NONE,        K_EBI, 0xC5, 0,                            EBI_ANY,    NULL,      "6.4.2.3",   NULL },
	{ 0xC7, UL, P_DEDICATED,    R_REJECT,  NONE,        K_EBI, 0xC5, 0,                            EBI_ANY,    NULL,      "6.4.2.4",   NULL },
	{ 0xC9, DL, P_MODIFY,       R_REQ,     TRACK_T3486, K_EBI, 0,    BIT(P_BRA) | BIT(P_BRM),      EBI_BEARER, "7.3.2 i", "6.4.3.2",   "6.4.3.6 a" },
	{ 0xCA, UL, P_MODIFY,       R_ACCEPT,  NONE,        K_EBI, 0xC9, 0,                            EBI_ANY,    NULL,      "6.4.3.3",   NULL },
	{ 0xCB, UL, P_MODIFY,       R_REJECT,  NONE,        K_EBI, 0xC9, 0,                            EBI_ANY,    NULL,      "6.4.3.4",   NULL },
	{ 0xCD, DL, P_DEACT,        R_REQ,     TRACK_T3495, K_EBI, 0,    BIT(P_PDN_DISC) | BIT(P_BRM), EBI_BEARER, "7.3.2 j", "6.4.4.2",   "6.4.4.5 a" },
	{ 0xCE, UL, P_DEACT,        R_ACCEPT,  NONE,        K_EBI, 0xCD, 0,                            EBI_ANY,    NULL,      "6.4.4.3",   NULL },
	{ 0xD0, UL, P_PDN_CONN,     R_REQ,     TRACK_T3482, K_PTI, 0,    0,                            EBI_ZERO,   "7.3.2 a", "6.5.1.2",   "6.5.1.5 a" },
	{ 0xD1, DL, P_PDN_CONN,     R_REJECT,  NONE,        K_PTI, 0xD0, 0,                            EBI_ZERO,   "7.3.2 a", "6.5.1.4",   NULL },
	{ 0xD2, UL, P_PDN_DISC,     R_REQ,     TRACK_T3492, K_PTI, 0,    0,                            EBI_ZERO,   "7.3.2 b", "6.5.2.2",   "6.5.2.5 a" },
	{ 0xD3, DL, P_PDN_DISC,     R_REJECT,  NONE,        K_PTI, 0xD2, 0,                            EBI_ZERO,   "7.3.2 b", "6.5.2.4",   NULL },
	{ 0xD4, UL, P_BRA,          R_REQ,     TRACK_T3480, K_PTI, 0,    0,                            EBI_ZERO,   "7.3.2 c", "6.5.3.2",   "6.5.3.5 a" },
	{ 0xD5, DL, P_BRA,          R_REJECT,  NONE,        K_PTI, 0xD4, 0,                            EBI_ZERO,   "7.3.2 c", "6.5.3.4",   NULL },
	{ 0xD6, UL, P_BRM,          R_REQ,     TRACK_T3481, K_PTI, 0,    0,                            EBI_ZERO,   "7.3.2 d", "6.5.4.2",   "6.5.4.5 a" },
	{ 0xD7, DL, P_BRM,          R_REJECT,  NONE,        K_PTI, 0xD6, 0,                            EBI_ZERO,   "7.3.2 d", "6.5.4.4",   NULL },
	{ 0xD9, DL, P_ESM_INFO,     R_REQ,     TRACK_T3489, K_PTI, 0,    0,                            EBI_ZERO,   "7.3.2 e", "6.6.1.2.2", "6.6.1.2.6" },
	{ 0xDA, UL, P_ESM_INFO,     R_ACCEPT,  NONE,        K_PTI, 0xD9, 0,                            EBI_ZERO,   "7.3.2 e", "6.6.1.2.3", NULL },
	{ 0xDB, DL, P_NOTIFICATION, R_ONESHOT, NONE,        K_PTI, 0,    0,                            EBI_ANY,    NULL,      "6.6.2.2",   NULL },
	{ 0xDC, 0,  P_NONE,         R_IGNORE,  NONE,        K_PTI, 0,    0,                            EBI_ANY,    NULL,      "8.3.12A",   NULL },
	{ 0xE8, 0,  P_STATUS,       R_ONESHOT, NONE,        K_EBI, 0,    0,                            EBI_ANY,    NULL,      "6.7",       NULL },
	{ 0xE9, UL, P_REMOTE_UE,    R_REQ,     TRACK_T3493, K_PTI, 0,    0,                            EBI_ANY,    NULL,      "6.6.3.2",   "6.6.3.5" },
	{ 0xEA, DL, P_REMOTE_UE,    R_ACCEPT,  NONE,        K_PTI, 0xE9, 0,                            EBI_ANY,    NULL,      "6.6.3.3",   NULL },
	{ 0xEB, 0,  P_DATA,         R_ONESHOT, NONE,        K_PTI, 0,    0,                            EBI_ANY,    NULL,      "6.6.4",     NULL },
};

const unsigned esm_rules_count = sizeof(esm_rules) / sizeof(esm_rules[0]);

int esm_rule_index(uint8_t type)
{
	for (unsigned i = 0; i < esm_rules_count; i++)
		if (esm_rules[i].type == type)
			return (int)i;
	return -1;
}

/* S1AP messages by name: the rows of the S1AP table (s1ap.c). A message that
 * carries NAS named without it keeps its NAS event, so that replay reports the
 * missing NAS rather than another event. */
bool track_s1ap_name(const char *name, bool with_nas, uint8_t *kind, int16_t *proc)
{
	const s1ap_msg *m = s1ap_msg_by_name(name);
	if (!m)
		return false;
	uint8_t k = s1ap_msg_event(m, with_nas);
	if (k == S1AP_NO_EVENT)
		k = m->nas_event;
	if (k == S1AP_NO_EVENT)
		return false;
	*kind = k;
	*proc = m->proc;
	return true;
}
