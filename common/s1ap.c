/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The S1AP messages esmtrace reads (3GPP TS 36.413 V17.3.0): one row per
 * message, read by the plugin, `esmtrace replay` and pcap2replay.py
 * (esmtrace/s1ap.h). Procedure codes and IE ids are 9.3.6 (S1AP-Constants),
 * message names and their IEs 9.3.3 (S1AP-PDU-Contents), the PDU kind of each
 * message 9.3.2 (S1AP-PDU-Descriptions), the message contents and senders the
 * clause in the last column. tests/unit/s1ap_table.py checks every row against
 * the ASN.1.
 */
#include <string.h>
#include <strings.h>

#include "esmtrace/s1ap.h"

#define IM S1AP_INITIATING
#define SO S1AP_SUCCESSFUL
#define UO S1AP_UNSUCCESSFUL
#define ENB S1AP_FROM_ENB
#define MME S1AP_FROM_MME
#define UL NAS_UPLINK
#define DL NAS_DOWNLINK
#define NODIR NAS_DIR_UNKNOWN
#define NONE S1AP_NO_EVENT

static const s1ap_msg msgs[] = {
	/* Handover, 23.401 5.5.1.2. A HANDOVER COMMAND's E-RABs to release go when the
	 * handover completes (24.301 6.4.4.6 case 3); the target's admitted E-RABs and
	 * those the path switch releases, likewise. */
	{ 0, IM, "HandoverRequired", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_HANDOVER_REQUIRED,
	  0, 0, NULL, "9.1.5.1" },
	{ 0, SO, "HandoverCommand", MME, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_HANDOVER_COMMAND,
	  13, 35, "E-RABtoReleaseListHOCmd", "9.1.5.2" },
	{ 1, IM, "HandoverRequest", MME, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_HANDOVER_REQUEST,
	  53, 27, "E-RABToBeSetupListHOReq", "9.1.5.4" },
	{ 1, SO, "HandoverRequestAcknowledge", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_HANDOVER_REQUEST_ACK,
	  18, 20, "E-RABAdmittedList", "9.1.5.5" },
	{ 2, IM, "HandoverNotify", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_HANDOVER_NOTIFY,
	  0, 0, NULL, "9.1.5.7" },
	{ 3, IM, "PathSwitchRequest", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_PATH_SWITCH_REQUEST,
	  22, 23, "E-RABToBeSwitchedDLList", "9.1.5.8" },
	{ 3, SO, "PathSwitchRequestAcknowledge", MME, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_PATH_SWITCH_ACK,
	  33, 35, "E-RABToBeReleasedList", "9.1.5.9" },
	/* E-RAB management: the ESM request rides in the E-RAB request (8.2.1.2,
	 * 8.2.2.2: one per E-RAB item; 8.2.3.2.1: one for the message). */
	{ 5, IM, "E-RABSetupRequest", MME, S1AP_NAS_ITEMS, DL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.3.1" },
	{ 6, IM, "E-RABModifyRequest", MME, S1AP_NAS_ITEMS, DL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.3.3" },
	{ 7, IM, "E-RABReleaseCommand", MME, S1AP_NAS_IE, DL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.3.5" },
	{ 8, IM, "E-RABReleaseIndication", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_ERAB_RELEASE_INDICATION,
	  110, 35, "E-RABReleasedList", "9.1.3.7" },
	/* Context management. Without NAS (the way out of ECM-IDLE) the E-RABs it
	 * sets up say which bearers keep a radio bearer (24.301 6.4.4.6 case 1). */
	{ 9, IM, "InitialContextSetupRequest", MME, S1AP_NAS_ITEMS, DL, TRACK_EV_NAS,
	  TRACK_EV_INITIAL_CTX_SETUP_REQUEST, 24, 52, "E-RABToBeSetupListCtxtSUReq", "9.1.4.1" },
	{ 9, UO, "InitialContextSetupFailure", ENB, S1AP_NAS_NONE, NODIR, NONE,
	  TRACK_EV_INITIAL_CTX_SETUP_FAILURE, 0, 0, NULL, "9.1.4.4" },
	/* NAS transport (8.6.2); a NAS NON DELIVERY INDICATION returns the downlink
	 * NAS-PDU the eNodeB could not deliver (8.6.2.4). */
	{ 11, IM, "DownlinkNASTransport", MME, S1AP_NAS_IE, DL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.7.2" },
	{ 12, IM, "InitialUEMessage", ENB, S1AP_NAS_IE, UL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.7.1" },
	{ 13, IM, "UplinkNASTransport", ENB, S1AP_NAS_IE, UL, TRACK_EV_NAS, NONE,
	  0, 0, NULL, "9.1.7.3" },
	{ 16, IM, "NASNonDeliveryIndication", ENB, S1AP_NAS_IE, DL, TRACK_EV_NAS_NON_DELIVERY, NONE,
	  0, 0, NULL, "9.1.7.4" },
	/* The eNodeB names itself (Global eNB ID): tells an MME relocation whose
	 * source and target eNodeB are the same. */
	{ 17, IM, "S1SetupRequest", ENB, S1AP_NAS_NONE, NODIR, NONE, NONE, 0, 0, NULL, "9.1.8.4" },
	{ 18, IM, "UEContextReleaseRequest", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_UE_CTX_RELEASE_REQUEST,
	  0, 0, NULL, "9.1.4.5" },
	{ 23, IM, "UEContextReleaseCommand", MME, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_UE_CTX_RELEASE_COMMAND,
	  0, 0, NULL, "9.1.4.6" },
	{ 23, SO, "UEContextReleaseComplete", ENB, S1AP_NAS_NONE, NODIR, NONE, TRACK_EV_UE_CTX_RELEASE_COMPLETE,
	  0, 0, NULL, "9.1.4.7" },
};

const char *const s1ap_cause_groups[S1AP_CAUSE_GROUPS] = { "radioNetwork", "transport", "nas", "protocol",
	"misc" };

/* IE names for the JSON table (9.3.6 names without "id-"). */
static const struct {
	const char *name;
	uint16_t id;
} ies[] = {
	{ "MME-UE-S1AP-ID", S1AP_IE_MME_UE_S1AP_ID },
	{ "Cause", S1AP_IE_CAUSE },
	{ "eNB-UE-S1AP-ID", S1AP_IE_ENB_UE_S1AP_ID },
	{ "NAS-PDU", S1AP_IE_NAS_PDU },
	{ "Global-ENB-ID", S1AP_IE_GLOBAL_ENB_ID },
	{ "TAI", S1AP_IE_TAI },
	{ "SourceMME-UE-S1AP-ID", S1AP_IE_SOURCE_MME_UE_S1AP_ID },
	{ "S-TMSI", S1AP_IE_S_TMSI },
	{ "UE-S1AP-IDs", S1AP_IE_UE_S1AP_IDS },
};

const s1ap_msg *s1ap_msgs(size_t *n)
{
	*n = sizeof msgs / sizeof msgs[0];
	return msgs;
}

const s1ap_msg *s1ap_msg_find(int proc, int pdu)
{
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (msgs[i].proc == proc && msgs[i].pdu == pdu)
			return &msgs[i];
	return NULL;
}

const s1ap_msg *s1ap_msg_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (!strcasecmp(msgs[i].name, name))
			return &msgs[i];
	return NULL;
}

uint8_t s1ap_msg_event(const s1ap_msg *m, bool with_nas)
{
	return with_nas && m->nas != S1AP_NAS_NONE ? m->nas_event : m->event;
}

static const char *dir_name(uint8_t d)
{
	return d == NAS_UPLINK ? "\"ul\"" : d == NAS_DOWNLINK ? "\"dl\"" : "null";
}

void s1ap_print_json(FILE *f)
{
	static const char *const pdu_names[] = { "initiatingMessage", "successfulOutcome", "unsuccessfulOutcome" };
	static const char *const nas_names[] = { "none", "ie", "items" };
	fputs("{\"spec\":\"3GPP TS 36.413 V17.3.0\",\"messages\":[", f);
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
		const s1ap_msg *m = &msgs[i];
		fprintf(f, "%s\n{\"proc\":%u,\"pdu\":\"%s\",\"name\":\"%s\",\"sender\":\"%s\",\"nas\":\"%s\","
		        "\"nas_dir\":%s,\"event_with_nas\":%s,\"event\":%s,\"erab_list\":%u,\"erab_item\":%u,"
		        "\"erab_list_name\":%s%s%s,\"clause\":\"%s\"}",
		        i ? "," : "", m->proc, pdu_names[m->pdu], m->name, m->sender == S1AP_FROM_ENB ? "enb" : "mme",
		        nas_names[m->nas], dir_name(m->nas_dir), m->nas_event != S1AP_NO_EVENT ? "true" : "false",
		        m->event != S1AP_NO_EVENT ? "true" : "false", m->erab_list, m->erab_item,
		        m->erab_list_name ? "\"" : "", m->erab_list_name ? m->erab_list_name : "null",
		        m->erab_list_name ? "\"" : "", m->clause);
	}
	fputs("],\n\"ies\":{", f);
	for (size_t i = 0; i < sizeof ies / sizeof ies[0]; i++)
		fprintf(f, "%s\"%s\":%u", i ? "," : "", ies[i].name, ies[i].id);
	fputs("},\n\"cause_groups\":[", f);
	for (int g = 0; g < S1AP_CAUSE_GROUPS; g++)
		fprintf(f, "%s\"%s\"", g ? "," : "", s1ap_cause_groups[g]);
	fputs("]}\n", f);
}
