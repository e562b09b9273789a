/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Message tables: one declarative table per message of 3GPP TS 24.301 V17.9.0
 * clause 8.2 (EMM) and 8.3 (ESM; identical in V19.6.0). Each row is one line
 * of the spec's "message content" table, after the header octets (PD, security
 * header type or EPS bearer identity, PTI, message type), in spec order:
 * IEI, format, presence, IE type, IE length in the message as the spec counts
 * it (IEI and length octets included; 0 for a half-octet V IE; max 0 = "n"),
 * the spec name, the JSON key and the clause of the IE type.
 *
 * These tables drive decoding, mandatory-IE and length validation, display
 * names and JSON keys (common/nas.c, common/walk.c). The rows were transcribed
 * from the V17.9.0 tables 8.2.x.1 and 8.3.x.1 (shared/spec); the 27 ESM
 * tables were then compared row by row (IEI, name, presence, format, length)
 * with shared/reference/esm-messages.md, which was itself cross-checked with
 * pycrate and tshark: no difference. Only the EMM IEs that carry ESM,
 * identities, bearer status or what the NAS security key chain needs (KSI,
 * RAND, AUTN, selected algorithms) are decoded further than their IE
 * structure (nas.c). A type 1 IEI
 * is the only kind >= 0x80 in every table (test_messages checks it).
 *
 * Two consecutive half-octet V IEs share one octet, the first listed in bits
 * 4-1 (24.301 8.1 b). Type 1 IEIs are stored as their high nibble (0xC0).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <threads.h>

#include "esmtrace/nas.h"

#define IE(iei, fmt, pres, type, mn, mx, name, key, clause) \
	{ iei, NAS_FMT_##fmt, NAS_PRES_##pres, NAS_IE_##type, mn, mx, name, key, clause }
#define N(t) ((uint8_t)(sizeof(t) / sizeof((t)[0])))

/* ---------------- EMM messages (24.301 8.2) ---------------- */

/* 8.2.1 ATTACH ACCEPT (0x42), network to UE: table 8.2.1.1 */
static const nas_ie_def t_attach_accept[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "EPS attach result", "eps_attach_result", "9.9.3.10"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, V, M, GPRS_TIMER, 1, 1, "T3412 value", "t3412_value", "9.9.3.16"),
	IE(0x00, LV, M, OPAQUE, 7, 97, "TAI list", "tai_list", "9.9.3.33"),
	IE(0x00, LV_E, M, ESM_CONTAINER, 5, 0, "ESM message container", "esm_message_container", "9.9.3.15"),
	IE(0x50, TLV, O, MOBILE_ID, 13, 13, "GUTI", "guti", "9.9.3.12"),
	IE(0x13, TV, O, OPAQUE, 6, 6, "Location area identification", "location_area_identification", "9.9.2.2"),
	IE(0x23, TLV, O, MOBILE_ID, 7, 10, "MS identity", "ms_identity", "9.9.2.3"),
	IE(0x53, TV, O, EMM_CAUSE, 2, 2, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x17, TV, O, GPRS_TIMER, 2, 2, "T3402 value", "t3402_value", "9.9.3.16"),
	IE(0x59, TV, O, GPRS_TIMER, 2, 2, "T3423 value", "t3423_value", "9.9.3.16"),
	IE(0x4A, TLV, O, OPAQUE, 5, 47, "Equivalent PLMNs", "equivalent_plmns", "9.9.2.8"),
	IE(0x34, TLV, O, OPAQUE, 5, 50, "Emergency number list", "emergency_number_list", "9.9.3.37"),
	IE(0x64, TLV, O, OPAQUE, 3, 4, "EPS network feature support", "eps_network_feature_support", "9.9.3.12A"),
	IE(0xF0, TV_HALF, O, OPAQUE, 1, 1, "Additional update result", "additional_update_result", "9.9.3.0A"),
	IE(0x5E, TLV, O, GPRS_TIMER3, 3, 3, "T3412 extended value", "t3412_extended_value", "9.9.3.16B"),
	IE(0x6A, TLV, O, GPRS_TIMER2, 3, 3, "T3324 value", "t3324_value", "9.9.3.16A"),
	IE(0x6E, TLV, O, OPAQUE, 3, 3, "Extended DRX parameters", "extended_drx_parameters", "9.9.3.46"),
	IE(0x65, TLV, O, OPAQUE, 4, 4, "DCN-ID", "dcn_id", "9.9.3.48"),
	IE(0xE0, TV_HALF, O, OPAQUE, 1, 1, "SMS services status", "sms_services_status", "9.9.3.4B"),
	IE(0xD0, TV_HALF, O, OPAQUE, 1, 1, "Non-3GPP NW provided policies", "non_3gpp_nw_provided_policies", "9.9.3.49"),
	IE(0x6B, TLV, O, GPRS_TIMER2, 3, 3, "T3448 value", "t3448_value", "9.9.3.16A"),
	IE(0xC0, TV_HALF, O, OPAQUE, 1, 1, "Network policy", "network_policy", "9.9.3.52"),
	IE(0x6C, TLV, O, GPRS_TIMER3, 3, 3, "T3447 value", "t3447_value", "9.9.3.16B"),
	IE(0x7A, TLV_E, O, OPAQUE, 7, 65538, "Extended emergency number list", "extended_emergency_number_list", "9.9.3.37A"),
	IE(0x7C, TLV_E, O, OPAQUE, 35, 2291, "Ciphering key data", "ciphering_key_data", "9.9.3.56"),
	IE(0x66, TLV, O, OPAQUE, 3, 0, "UE radio capability ID", "ue_radio_capability_id", "9.9.3.60"),
	IE(0xB0, TV_HALF, O, OPAQUE, 1, 1, "UE radio capability ID deletion indication", "ue_radio_capability_id_deletion_indication", "9.9.3.61"),
	IE(0x35, TLV, O, OPAQUE, 3, 0, "Negotiated WUS assistance information", "negotiated_wus_assistance_information", "9.9.3.62"),
	IE(0x36, TLV, O, OPAQUE, 3, 3, "Negotiated DRX parameter in NB-S1 mode", "negotiated_drx_parameter_in_nb_s1_mode", "9.9.3.63"),
	IE(0x38, TLV, O, OPAQUE, 4, 4, "Negotiated IMSI offset", "negotiated_imsi_offset", "9.9.3.64"),
	IE(0x1D, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.2 ATTACH COMPLETE (0x43), UE to network: table 8.2.2.1 */
static const nas_ie_def t_attach_complete[] = {
	IE(0x00, LV_E, M, ESM_CONTAINER, 5, 0, "ESM message container", "esm_message_container", "9.9.3.15"),
};

/* 8.2.3 ATTACH REJECT (0x44), network to UE: table 8.2.3.1 */
static const nas_ie_def t_attach_reject[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x78, TLV_E, O, ESM_CONTAINER, 6, 0, "ESM message container", "esm_message_container", "9.9.3.15"),
	IE(0x5F, TLV, O, GPRS_TIMER2, 3, 3, "T3346 value", "t3346_value", "9.9.3.16A"),
	IE(0x16, TLV, O, GPRS_TIMER2, 3, 3, "T3402 value", "t3402_value", "9.9.3.16A"),
	IE(0xA0, TV_HALF, O, OPAQUE, 1, 1, "Extended EMM cause", "extended_emm_cause", "9.9.3.26A"),
	IE(0x1C, TLV, O, GPRS_TIMER3, 3, 3, "Lower bound timer value", "lower_bound_timer_value", "9.9.3.16B"),
	IE(0x1D, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.4 ATTACH REQUEST (0x41), UE to network: table 8.2.4.1 */
static const nas_ie_def t_attach_request[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "EPS attach type", "eps_attach_type", "9.9.3.11"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, LV, M, MOBILE_ID, 5, 12, "EPS mobile identity", "eps_mobile_identity", "9.9.3.12"),
	IE(0x00, LV, M, OPAQUE, 3, 14, "UE network capability", "ue_network_capability", "9.9.3.34"),
	IE(0x00, LV_E, M, ESM_CONTAINER, 5, 0, "ESM message container", "esm_message_container", "9.9.3.15"),
	IE(0x19, TV, O, OPAQUE, 4, 4, "Old P-TMSI signature", "old_p_tmsi_signature", "9.9.3.26"),
	IE(0x50, TLV, O, MOBILE_ID, 13, 13, "Additional GUTI", "additional_guti", "9.9.3.12"),
	IE(0x52, TV, O, OPAQUE, 6, 6, "Last visited registered TAI", "last_visited_registered_tai", "9.9.3.32"),
	IE(0x5C, TV, O, OPAQUE, 3, 3, "DRX parameter", "drx_parameter", "9.9.3.8"),
	IE(0x31, TLV, O, OPAQUE, 4, 10, "MS network capability", "ms_network_capability", "9.9.3.20"),
	IE(0x13, TV, O, OPAQUE, 6, 6, "Old location area identification", "old_location_area_identification", "9.9.2.2"),
	IE(0x90, TV_HALF, O, OPAQUE, 1, 1, "TMSI status", "tmsi_status", "9.9.3.31"),
	IE(0x11, TLV, O, OPAQUE, 5, 5, "Mobile station classmark 2", "mobile_station_classmark_2", "9.9.2.4"),
	IE(0x20, TLV, O, OPAQUE, 2, 34, "Mobile station classmark 3", "mobile_station_classmark_3", "9.9.2.5"),
	IE(0x40, TLV, O, OPAQUE, 5, 0, "Supported Codecs", "supported_codecs", "9.9.2.10"),
	IE(0xF0, TV_HALF, O, OPAQUE, 1, 1, "Additional update type", "additional_update_type", "9.9.3.0B"),
	IE(0x5D, TLV, O, OPAQUE, 3, 3, "Voice domain preference and UE's usage setting", "voice_domain_preference_and_ues_usage_setting", "9.9.3.44"),
	IE(0xD0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0xE0, TV_HALF, O, OPAQUE, 1, 1, "Old GUTI type", "old_guti_type", "9.9.3.45"),
	IE(0xC0, TV_HALF, O, OPAQUE, 1, 1, "MS network feature support", "ms_network_feature_support", "9.9.3.20A"),
	IE(0x10, TLV, O, OPAQUE, 4, 4, "TMSI based NRI container", "tmsi_based_nri_container", "9.9.3.24A"),
	IE(0x6A, TLV, O, GPRS_TIMER2, 3, 3, "T3324 value", "t3324_value", "9.9.3.16A"),
	IE(0x5E, TLV, O, GPRS_TIMER3, 3, 3, "T3412 extended value", "t3412_extended_value", "9.9.3.16B"),
	IE(0x6E, TLV, O, OPAQUE, 3, 3, "Extended DRX parameters", "extended_drx_parameters", "9.9.3.46"),
	IE(0x6F, TLV, O, OPAQUE, 6, 6, "UE additional security capability", "ue_additional_security_capability", "9.9.3.53"),
	IE(0x6D, TLV, O, OPAQUE, 3, 3, "UE status", "ue_status", "9.9.3.54"),
	IE(0x17, TV, O, OPAQUE, 2, 2, "Additional information requested", "additional_information_requested", "9.9.3.55"),
	IE(0x32, TLV, O, OPAQUE, 3, 15, "N1 UE network capability", "n1_ue_network_capability", "9.9.3.57"),
	IE(0x34, TLV, O, OPAQUE, 3, 3, "UE radio capability ID availability", "ue_radio_capability_id_availability", "9.9.3.58"),
	IE(0x35, TLV, O, OPAQUE, 3, 0, "Requested WUS assistance information", "requested_wus_assistance_information", "9.9.3.62"),
	IE(0x36, TLV, O, OPAQUE, 3, 3, "DRX parameter in NB-S1 mode", "drx_parameter_in_nb_s1_mode", "9.9.3.63"),
	IE(0x38, TLV, O, OPAQUE, 4, 4, "Requested IMSI offset", "requested_imsi_offset", "9.9.3.64"),
};

/* 8.2.5 AUTHENTICATION FAILURE (0x5C), UE to network: table 8.2.5.1 */
static const nas_ie_def t_authentication_failure[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x30, TLV, O, OPAQUE, 16, 16, "Authentication failure parameter", "authentication_failure_parameter", "9.9.3.1"),
};

/* 8.2.6 AUTHENTICATION REJECT (0x54), network to UE: table 8.2.6.1 */
/* header only */

/* 8.2.7 AUTHENTICATION REQUEST (0x52), network to UE: table 8.2.7.1 */
static const nas_ie_def t_authentication_request[] = {
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifierASME", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, V, M, RAND, 16, 16, "Authentication parameter RAND (EPS challenge)", "authentication_parameter_rand_eps_challenge", "9.9.3.3"),
	IE(0x00, LV, M, AUTN, 17, 17, "Authentication parameter AUTN (EPS challenge)", "authentication_parameter_autn_eps_challenge", "9.9.3.2"),
};

/* 8.2.8 AUTHENTICATION RESPONSE (0x53), UE to network: table 8.2.8.1 */
static const nas_ie_def t_authentication_response[] = {
	IE(0x00, LV, M, OPAQUE, 5, 17, "Authentication response parameter", "authentication_response_parameter", "9.9.3.4"),
};

/* 8.2.9 CS SERVICE NOTIFICATION (0x64), network to UE: table 8.2.9.1 */
static const nas_ie_def t_cs_service_notification[] = {
	IE(0x00, V, M, OPAQUE, 1, 1, "Paging identity", "paging_identity", "9.9.3.25A"),
	IE(0x60, TLV, O, OPAQUE, 3, 14, "CLI", "cli", "9.9.3.38"),
	IE(0x61, TV, O, OPAQUE, 2, 2, "SS Code", "ss_code", "9.9.3.39"),
	IE(0x62, TV, O, OPAQUE, 2, 2, "LCS indicator", "lcs_indicator", "9.9.3.40"),
	IE(0x63, TLV, O, OPAQUE, 3, 257, "LCS client identity", "lcs_client_identity", "9.9.3.41"),
};

/* 8.2.10.1 DETACH ACCEPT (0x46), network to UE: table 8.2.10.1.1 */
/* header only */

/* 8.2.10.2 DETACH ACCEPT (0x46), UE to network: table 8.2.10.2.1 */
/* header only */

/* 8.2.11.1 DETACH REQUEST (0x45), UE to network: table 8.2.11.1.1 */
static const nas_ie_def t_detach_request_1[] = {
	IE(0x00, V_HALF, M, DETACH_TYPE, 0, 0, "Detach type", "detach_type", "9.9.3.7"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, LV, M, MOBILE_ID, 5, 12, "EPS mobile identity", "eps_mobile_identity", "9.9.3.12"),
};

/* 8.2.11.2 DETACH REQUEST (0x45), network to UE: table 8.2.11.2.1 */
static const nas_ie_def t_detach_request_2[] = {
	IE(0x00, V_HALF, M, DETACH_TYPE, 0, 0, "Detach type", "detach_type", "9.9.3.7"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x53, TV, O, EMM_CAUSE, 2, 2, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x1C, TLV, O, GPRS_TIMER3, 3, 3, "Lower bound timer value", "lower_bound_timer_value", "9.9.3.16B"),
	IE(0x1D, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.12 DOWNLINK NAS TRANSPORT (0x62), network to UE: table 8.2.12.1 */
static const nas_ie_def t_downlink_nas_transport[] = {
	IE(0x00, LV, M, OPAQUE, 3, 252, "NAS message container", "nas_message_container", "9.9.3.22"),
};

/* 8.2.13 EMM INFORMATION (0x61), network to UE: table 8.2.13.1 */
static const nas_ie_def t_emm_information[] = {
	IE(0x43, TLV, O, OPAQUE, 3, 0, "Full name for network", "full_name_for_network", "9.9.3.24"),
	IE(0x45, TLV, O, OPAQUE, 3, 0, "Short name for network", "short_name_for_network", "9.9.3.24"),
	IE(0x46, TV, O, OPAQUE, 2, 2, "Local time zone", "local_time_zone", "9.9.3.29"),
	IE(0x47, TV, O, OPAQUE, 8, 8, "Universal time and local time zone", "universal_time_and_local_time_zone", "9.9.3.30"),
	IE(0x49, TLV, O, OPAQUE, 3, 3, "Network daylight saving time", "network_daylight_saving_time", "9.9.3.6"),
};

/* 8.2.14 EMM STATUS (0x60), both directions: table 8.2.14.1 */
static const nas_ie_def t_emm_status[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
};

/* 8.2.15 EXTENDED SERVICE REQUEST (0x4C), UE to network: table 8.2.15.1 */
static const nas_ie_def t_extended_service_request[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "Service type", "service_type", "9.9.3.27"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, LV, M, MOBILE_ID, 6, 6, "M-TMSI", "m_tmsi", "9.9.2.3"),
	IE(0xB0, TV_HALF, C, OPAQUE, 1, 1, "CSFB response", "csfb_response", "9.9.3.5"),
	IE(0x57, TLV, O, BEARER_CTX_STATUS, 4, 4, "EPS bearer context status", "eps_bearer_context_status", "9.9.2.1"),
	IE(0xD0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0x29, TLV, O, OPAQUE, 3, 3, "UE request type", "ue_request_type", "9.9.3.65"),
	IE(0x28, TLV, O, OPAQUE, 3, 5, "Paging restriction", "paging_restriction", "9.9.3.66"),
};

/* 8.2.16 GUTI REALLOCATION COMMAND (0x50), network to UE: table 8.2.16.1 */
static const nas_ie_def t_guti_reallocation_command[] = {
	IE(0x00, LV, M, MOBILE_ID, 12, 12, "GUTI", "guti", "9.9.3.12"),
	IE(0x54, TLV, O, OPAQUE, 8, 98, "TAI list", "tai_list", "9.9.3.33"),
	IE(0x65, TLV, O, OPAQUE, 4, 4, "DCN-ID", "dcn_id", "9.9.3.48"),
	IE(0x66, TLV, O, OPAQUE, 3, 0, "UE radio capability ID", "ue_radio_capability_id", "9.9.3.60"),
	IE(0xB0, TV_HALF, O, OPAQUE, 1, 1, "UE radio capability ID deletion indication", "ue_radio_capability_id_deletion_indication", "9.9.3.61"),
};

/* 8.2.17 GUTI REALLOCATION COMPLETE (0x51), UE to network: table 8.2.17.1 */
/* header only */

/* 8.2.18 IDENTITY REQUEST (0x55), network to UE: table 8.2.18.1 */
static const nas_ie_def t_identity_request[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "Identity type", "identity_type", "9.9.3.17"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
};

/* 8.2.19 IDENTITY RESPONSE (0x56), UE to network: table 8.2.19.1 */
static const nas_ie_def t_identity_response[] = {
	IE(0x00, LV, M, MOBILE_ID, 4, 10, "Mobile identity", "mobile_identity", "9.9.2.3"),
};

/* 8.2.20 SECURITY MODE COMMAND (0x5D), network to UE: table 8.2.20.1 */
static const nas_ie_def t_security_mode_command[] = {
	IE(0x00, V, M, SEC_ALGS, 1, 1, "Selected NAS security algorithms", "selected_nas_security_algorithms", "9.9.3.23"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, LV, M, OPAQUE, 3, 6, "Replayed UE security capabilities", "replayed_ue_security_capabilities", "9.9.3.36"),
	IE(0xC0, TV_HALF, O, OPAQUE, 1, 1, "IMEISV request", "imeisv_request", "9.9.3.18"),
	IE(0x55, TV, O, OPAQUE, 5, 5, "Replayed nonceUE", "replayed_nonceue", "9.9.3.25"),
	IE(0x56, TV, O, OPAQUE, 5, 5, "NonceMME", "noncemme", "9.9.3.25"),
	IE(0x4F, TLV, O, OPAQUE, 10, 10, "HashMME", "hashmme", "9.9.3.50"),
	IE(0x6F, TLV, O, OPAQUE, 6, 6, "Replayed UE additional security capability", "replayed_ue_additional_security_capability", "9.9.3.53"),
	IE(0x37, TLV, O, OPAQUE, 3, 3, "UE radio capability ID request", "ue_radio_capability_id_request", "9.9.3.59"),
};

/* 8.2.21 SECURITY MODE COMPLETE (0x5E), UE to network: table 8.2.21.1 */
static const nas_ie_def t_security_mode_complete[] = {
	IE(0x23, TLV, O, MOBILE_ID, 11, 11, "IMEISV", "imeisv", "9.9.2.3"),
	IE(0x79, TLV_E, O, OPAQUE, 3, 0, "Replayed NAS message container", "replayed_nas_message_container", "9.9.3.51"),
	IE(0x66, TLV, O, OPAQUE, 3, 0, "UE radio capability ID", "ue_radio_capability_id", "9.9.3.60"),
};

/* 8.2.22 SECURITY MODE REJECT (0x5F), UE to network: table 8.2.22.1 */
static const nas_ie_def t_security_mode_reject[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
};

/* 8.2.24 SERVICE REJECT (0x4E), network to UE: table 8.2.24.1 */
static const nas_ie_def t_service_reject[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x5B, TV, C, GPRS_TIMER, 2, 2, "T3442 value", "t3442_value", "9.9.3.16"),
	IE(0x5F, TLV, O, GPRS_TIMER2, 3, 3, "T3346 value", "t3346_value", "9.9.3.16A"),
	IE(0x6B, TLV, O, GPRS_TIMER2, 3, 3, "T3448 value", "t3448_value", "9.9.3.16A"),
	IE(0x1C, TLV, O, GPRS_TIMER3, 3, 3, "Lower bound timer value", "lower_bound_timer_value", "9.9.3.16B"),
	IE(0x1D, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.26 TRACKING AREA UPDATE ACCEPT (0x49), network to UE: table 8.2.26.1 */
static const nas_ie_def t_tracking_area_update_accept[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "EPS update result", "eps_update_result", "9.9.3.13"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x5A, TV, O, GPRS_TIMER, 2, 2, "T3412 value", "t3412_value", "9.9.3.16"),
	IE(0x50, TLV, O, MOBILE_ID, 13, 13, "GUTI", "guti", "9.9.3.12"),
	IE(0x54, TLV, O, OPAQUE, 8, 98, "TAI list", "tai_list", "9.9.3.33"),
	IE(0x57, TLV, O, BEARER_CTX_STATUS, 4, 4, "EPS bearer context status", "eps_bearer_context_status", "9.9.2.1"),
	IE(0x13, TV, O, OPAQUE, 6, 6, "Location area identification", "location_area_identification", "9.9.2.2"),
	IE(0x23, TLV, O, MOBILE_ID, 7, 10, "MS identity", "ms_identity", "9.9.2.3"),
	IE(0x53, TV, O, EMM_CAUSE, 2, 2, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x17, TV, O, GPRS_TIMER, 2, 2, "T3402 value", "t3402_value", "9.9.3.16"),
	IE(0x59, TV, O, GPRS_TIMER, 2, 2, "T3423 value", "t3423_value", "9.9.3.16"),
	IE(0x4A, TLV, O, OPAQUE, 5, 47, "Equivalent PLMNs", "equivalent_plmns", "9.9.2.8"),
	IE(0x34, TLV, O, OPAQUE, 5, 50, "Emergency number list", "emergency_number_list", "9.9.3.37"),
	IE(0x64, TLV, O, OPAQUE, 3, 4, "EPS network feature support", "eps_network_feature_support", "9.9.3.12A"),
	IE(0xF0, TV_HALF, O, OPAQUE, 1, 1, "Additional update result", "additional_update_result", "9.9.3.0A"),
	IE(0x5E, TLV, O, GPRS_TIMER3, 3, 3, "T3412 extended value", "t3412_extended_value", "9.9.3.16B"),
	IE(0x6A, TLV, O, GPRS_TIMER2, 3, 3, "T3324 value", "t3324_value", "9.9.3.16A"),
	IE(0x6E, TLV, O, OPAQUE, 3, 3, "Extended DRX parameters", "extended_drx_parameters", "9.9.3.46"),
	IE(0x68, TLV, O, OPAQUE, 4, 4, "Header compression configuration status", "header_compression_configuration_status", "9.9.4.27"),
	IE(0x65, TLV, O, OPAQUE, 4, 4, "DCN-ID", "dcn_id", "9.9.3.48"),
	IE(0xE0, TV_HALF, O, OPAQUE, 1, 1, "SMS services status", "sms_services_status", "9.9.3.4B"),
	IE(0xD0, TV_HALF, O, OPAQUE, 1, 1, "Non-3GPP NW policies", "non_3gpp_nw_policies", "9.9.3.49"),
	IE(0x6B, TLV, O, GPRS_TIMER2, 3, 3, "T3448 value", "t3448_value", "9.9.3.16A"),
	IE(0xC0, TV_HALF, O, OPAQUE, 1, 1, "Network policy", "network_policy", "9.9.3.52"),
	IE(0x6C, TLV, O, GPRS_TIMER3, 3, 3, "T3447 value", "t3447_value", "9.9.3.16B"),
	IE(0x7A, TLV_E, O, OPAQUE, 7, 65538, "Extended emergency number list", "extended_emergency_number_list", "9.9.3.37A"),
	IE(0x7C, TLV_E, O, OPAQUE, 35, 2291, "Ciphering key data", "ciphering_key_data", "9.9.3.56"),
	IE(0x66, TLV, O, OPAQUE, 3, 0, "UE radio capability ID", "ue_radio_capability_id", "9.9.3.60"),
	IE(0xB0, TV_HALF, O, OPAQUE, 1, 1, "UE radio capability ID deletion indication", "ue_radio_capability_id_deletion_indication", "9.9.3.61"),
	IE(0x35, TLV, O, OPAQUE, 3, 0, "Negotiated WUS assistance information", "negotiated_wus_assistance_information", "9.9.3.62"),
	IE(0x36, TLV, O, OPAQUE, 3, 3, "Negotiated DRX parameter in NB-S1 mode", "negotiated_drx_parameter_in_nb_s1_mode", "9.9.3.63"),
	IE(0x38, TLV, O, OPAQUE, 4, 4, "Negotiated IMSI offset", "negotiated_imsi_offset", "9.9.3.64"),
	IE(0x37, TLV, O, OPAQUE, 3, 3, "EPS additional request result", "eps_additional_request_result", "9.9.3.67"),
	IE(0x1D, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service \"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.27 TRACKING AREA UPDATE COMPLETE (0x4A), UE to network: table 8.2.27.1 */
/* header only */

/* 8.2.28 TRACKING AREA UPDATE REJECT (0x4B), network to UE: table 8.2.28.1 */
static const nas_ie_def t_tracking_area_update_reject[] = {
	IE(0x00, V, M, EMM_CAUSE, 1, 1, "EMM cause", "emm_cause", "9.9.3.9"),
	IE(0x5F, TLV, O, GPRS_TIMER2, 3, 3, "T3346 value", "t3346_value", "9.9.3.16A"),
	IE(0xA0, TV_HALF, O, OPAQUE, 1, 1, "Extended EMM cause", "extended_emm_cause", "9.9.3.26A"),
	IE(0x1C, TLV, O, GPRS_TIMER3, 3, 3, "Lower bound timer value", "lower_bound_timer_value", "9.9.3.16B"),
	IE(0x1D, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 9, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

/* 8.2.29 TRACKING AREA UPDATE REQUEST (0x48), UE to network: table 8.2.29.1 */
static const nas_ie_def t_tracking_area_update_request[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "EPS update type", "eps_update_type", "9.9.3.14"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x00, LV, M, MOBILE_ID, 12, 12, "Old GUTI", "old_guti", "9.9.3.12"),
	IE(0xB0, TV_HALF, O, OPAQUE, 1, 1, "Non-current native NAS key set identifier", "non_current_native_nas_key_set_identifier", "9.9.3.21"),
	IE(0x80, TV_HALF, O, OPAQUE, 1, 1, "GPRS ciphering key sequence number", "gprs_ciphering_key_sequence_number", "9.9.3.4"),
	IE(0x19, TV, O, OPAQUE, 4, 4, "Old P-TMSI signature", "old_p_tmsi_signature", "9.9.3.26"),
	IE(0x50, TLV, O, MOBILE_ID, 13, 13, "Additional GUTI", "additional_guti", "9.9.3.12"),
	IE(0x55, TV, O, OPAQUE, 5, 5, "NonceUE", "nonceue", "9.9.3.25"),
	IE(0x58, TLV, O, OPAQUE, 4, 15, "UE network capability", "ue_network_capability", "9.9.3.34"),
	IE(0x52, TV, O, OPAQUE, 6, 6, "Last visited registered TAI", "last_visited_registered_tai", "9.9.3.32"),
	IE(0x5C, TV, O, OPAQUE, 3, 3, "DRX parameter", "drx_parameter", "9.9.3.8"),
	IE(0xA0, TV_HALF, O, OPAQUE, 1, 1, "UE radio capability information update needed", "ue_radio_capability_information_update_needed", "9.9.3.35"),
	IE(0x57, TLV, O, BEARER_CTX_STATUS, 4, 4, "EPS bearer context status", "eps_bearer_context_status", "9.9.2.1"),
	IE(0x31, TLV, O, OPAQUE, 4, 10, "MS network capability", "ms_network_capability", "9.9.3.20"),
	IE(0x13, TV, O, OPAQUE, 6, 6, "Old location area identification", "old_location_area_identification", "9.9.2.2"),
	IE(0x90, TV_HALF, O, OPAQUE, 1, 1, "TMSI status", "tmsi_status", "9.9.3.31"),
	IE(0x11, TLV, O, OPAQUE, 5, 5, "Mobile station classmark 2", "mobile_station_classmark_2", "9.9.2.4"),
	IE(0x20, TLV, O, OPAQUE, 2, 34, "Mobile station classmark 3", "mobile_station_classmark_3", "9.9.2.5"),
	IE(0x40, TLV, O, OPAQUE, 5, 0, "Supported Codecs", "supported_codecs", "9.9.2.10"),
	IE(0xF0, TV_HALF, O, OPAQUE, 1, 1, "Additional update type", "additional_update_type", "9.9.3.0B"),
	IE(0x5D, TLV, O, OPAQUE, 3, 3, "Voice domain preference and UE's usage setting", "voice_domain_preference_and_ues_usage_setting", "9.9.3.44"),
	IE(0xE0, TV_HALF, O, OPAQUE, 1, 1, "Old GUTI type", "old_guti_type", "9.9.3.45"),
	IE(0xD0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0xC0, TV_HALF, O, OPAQUE, 1, 1, "MS network feature support", "ms_network_feature_support", "9.9.3.20A"),
	IE(0x10, TLV, O, OPAQUE, 4, 4, "TMSI based NRI container", "tmsi_based_nri_container", "9.9.3.24A"),
	IE(0x6A, TLV, O, GPRS_TIMER, 3, 3, "T3324 value", "t3324_value", "9.9.3.16"),
	IE(0x5E, TLV, O, GPRS_TIMER3, 3, 3, "T3412 extended value", "t3412_extended_value", "9.9.3.16B"),
	IE(0x6E, TLV, O, OPAQUE, 3, 3, "Extended DRX parameters", "extended_drx_parameters", "9.9.3.46"),
	IE(0x6F, TLV, O, OPAQUE, 6, 6, "UE additional security capability", "ue_additional_security_capability", "9.9.3.53"),
	IE(0x6D, TLV, O, OPAQUE, 3, 3, "UE status", "ue_status", "9.9.3.54"),
	IE(0x17, TV, O, OPAQUE, 2, 2, "Additional information requested", "additional_information_requested", "9.9.3.55"),
	IE(0x32, TLV, O, OPAQUE, 3, 15, "N1 UE network capability", "n1_ue_network_capability", "9.9.3.57"),
	IE(0x34, TLV, O, OPAQUE, 3, 3, "UE radio capability ID availability", "ue_radio_capability_id_availability", "9.9.3.58"),
	IE(0x35, TLV, O, OPAQUE, 3, 0, "Requested WUS assistance information", "requested_wus_assistance_information", "9.9.3.62"),
	IE(0x36, TLV, O, OPAQUE, 3, 3, "DRX parameter in NB-S1 mode", "drx_parameter_in_nb_s1_mode", "9.9.3.63"),
	IE(0x38, TLV, O, OPAQUE, 4, 4, "Requested IMSI offset", "requested_imsi_offset", "9.9.3.64"),
	IE(0x29, TLV, O, OPAQUE, 3, 3, "UE request type", "ue_request_type", "9.9.3.65"),
	IE(0x28, TLV, O, OPAQUE, 3, 5, "Paging restriction", "paging_restriction", "9.9.3.66"),
};

/* 8.2.30 UPLINK NAS TRANSPORT (0x63), UE to network: table 8.2.30.1 */
static const nas_ie_def t_uplink_nas_transport[] = {
	IE(0x00, LV, M, OPAQUE, 3, 252, "NAS message container", "nas_message_container", "9.9.3.22"),
};

/* 8.2.31 DOWNLINK GENERIC NAS TRANSPORT (0x68), network to UE: table 8.2.31.1 */
static const nas_ie_def t_downlink_generic_nas_transport[] = {
	IE(0x00, V, M, OPAQUE, 1, 1, "Generic message container type", "generic_message_container_type", "9.9.3.42"),
	IE(0x00, LV_E, M, OPAQUE, 3, 0, "Generic message container", "generic_message_container", "9.9.3.43"),
	IE(0x65, TLV, O, OPAQUE, 3, 0, "Additional information", "additional_information", "9.9.2.0"),
};

/* 8.2.32 UPLINK GENERIC NAS TRANSPORT (0x69), UE to network: table 8.2.32.1 */
static const nas_ie_def t_uplink_generic_nas_transport[] = {
	IE(0x00, V, M, OPAQUE, 1, 1, "Generic message container type", "generic_message_container_type", "9.9.3.42"),
	IE(0x00, LV_E, M, OPAQUE, 3, 0, "Generic message container", "generic_message_container", "9.9.3.43"),
	IE(0x65, TLV, O, OPAQUE, 3, 0, "Additional information", "additional_information", "9.9.2.0"),
};

/* 8.2.33 CONTROL PLANE SERVICE REQUEST (0x4D), UE to network: table 8.2.33.1 */
static const nas_ie_def t_control_plane_service_request[] = {
	IE(0x00, V_HALF, M, OPAQUE, 0, 0, "Control plane service type", "control_plane_service_type", "9.9.3.47"),
	IE(0x00, V_HALF, M, KSI, 0, 0, "NAS key set identifier", "nas_key_set_identifier", "9.9.3.21"),
	IE(0x78, TLV_E, O, ESM_CONTAINER, 3, 0, "ESM message container", "esm_message_container", "9.9.3.15"),
	IE(0x67, TLV, O, OPAQUE, 4, 253, "NAS message container", "nas_message_container", "9.9.3.22"),
	IE(0x57, TLV, O, BEARER_CTX_STATUS, 4, 4, "EPS bearer context status", "eps_bearer_context_status", "9.9.2.1"),
	IE(0xD0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0x29, TLV, O, OPAQUE, 3, 3, "UE request type", "ue_request_type", "9.9.3.65"),
	IE(0x28, TLV, O, OPAQUE, 3, 5, "Paging restriction", "paging_restriction", "9.9.3.66"),
};

/* 8.2.34 SERVICE ACCEPT (0x4F), network to UE: table 8.2.34.1 */
static const nas_ie_def t_service_accept[] = {
	IE(0x57, TLV, O, BEARER_CTX_STATUS, 4, 4, "EPS bearer context status", "eps_bearer_context_status", "9.9.2.1"),
	IE(0x6B, TLV, O, GPRS_TIMER2, 3, 3, "T3448 value", "t3448_value", "9.9.3.16A"),
	IE(0x37, TLV, O, OPAQUE, 3, 3, "EPS additional request result", "eps_additional_request_result", "9.9.3.67"),
	IE(0x1D, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for roaming\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_roaming", "9.9.3.33"),
	IE(0x1E, TLV, O, OPAQUE, 8, 98, "Forbidden TAI(s) for the list of \"forbidden tracking areas for regional provision of service\"", "forbidden_tai_s_for_the_list_of_forbidden_tracking_areas_for_regional_provision_of_service", "9.9.3.33"),
};

static const nas_msg_def emm_msgs[] = {
	{ 0x42, NAS_DOWNLINK, "ATTACH ACCEPT", "8.2.1", t_attach_accept, N(t_attach_accept) },
	{ 0x43, NAS_UPLINK, "ATTACH COMPLETE", "8.2.2", t_attach_complete, N(t_attach_complete) },
	{ 0x44, NAS_DOWNLINK, "ATTACH REJECT", "8.2.3", t_attach_reject, N(t_attach_reject) },
	{ 0x41, NAS_UPLINK, "ATTACH REQUEST", "8.2.4", t_attach_request, N(t_attach_request) },
	{ 0x5C, NAS_UPLINK, "AUTHENTICATION FAILURE", "8.2.5", t_authentication_failure, N(t_authentication_failure) },
	{ 0x54, NAS_DOWNLINK, "AUTHENTICATION REJECT", "8.2.6", NULL, 0 },
	{ 0x52, NAS_DOWNLINK, "AUTHENTICATION REQUEST", "8.2.7", t_authentication_request, N(t_authentication_request) },
	{ 0x53, NAS_UPLINK, "AUTHENTICATION RESPONSE", "8.2.8", t_authentication_response, N(t_authentication_response) },
	{ 0x64, NAS_DOWNLINK, "CS SERVICE NOTIFICATION", "8.2.9", t_cs_service_notification, N(t_cs_service_notification) },
	{ 0x46, NAS_DOWNLINK, "DETACH ACCEPT", "8.2.10.1", NULL, 0 },
	{ 0x46, NAS_UPLINK, "DETACH ACCEPT", "8.2.10.2", NULL, 0 },
	{ 0x45, NAS_UPLINK, "DETACH REQUEST", "8.2.11.1", t_detach_request_1, N(t_detach_request_1) },
	{ 0x45, NAS_DOWNLINK, "DETACH REQUEST", "8.2.11.2", t_detach_request_2, N(t_detach_request_2) },
	{ 0x62, NAS_DOWNLINK, "DOWNLINK NAS TRANSPORT", "8.2.12", t_downlink_nas_transport, N(t_downlink_nas_transport) },
	{ 0x61, NAS_DOWNLINK, "EMM INFORMATION", "8.2.13", t_emm_information, N(t_emm_information) },
	{ 0x60, NAS_DIR_UNKNOWN, "EMM STATUS", "8.2.14", t_emm_status, N(t_emm_status) },
	{ 0x4C, NAS_UPLINK, "EXTENDED SERVICE REQUEST", "8.2.15", t_extended_service_request, N(t_extended_service_request) },
	{ 0x50, NAS_DOWNLINK, "GUTI REALLOCATION COMMAND", "8.2.16", t_guti_reallocation_command, N(t_guti_reallocation_command) },
	{ 0x51, NAS_UPLINK, "GUTI REALLOCATION COMPLETE", "8.2.17", NULL, 0 },
	{ 0x55, NAS_DOWNLINK, "IDENTITY REQUEST", "8.2.18", t_identity_request, N(t_identity_request) },
	{ 0x56, NAS_UPLINK, "IDENTITY RESPONSE", "8.2.19", t_identity_response, N(t_identity_response) },
	{ 0x5D, NAS_DOWNLINK, "SECURITY MODE COMMAND", "8.2.20", t_security_mode_command, N(t_security_mode_command) },
	{ 0x5E, NAS_UPLINK, "SECURITY MODE COMPLETE", "8.2.21", t_security_mode_complete, N(t_security_mode_complete) },
	{ 0x5F, NAS_UPLINK, "SECURITY MODE REJECT", "8.2.22", t_security_mode_reject, N(t_security_mode_reject) },
	{ 0x4E, NAS_DOWNLINK, "SERVICE REJECT", "8.2.24", t_service_reject, N(t_service_reject) },
	{ 0x49, NAS_DOWNLINK, "TRACKING AREA UPDATE ACCEPT", "8.2.26", t_tracking_area_update_accept, N(t_tracking_area_update_accept) },
	{ 0x4A, NAS_UPLINK, "TRACKING AREA UPDATE COMPLETE", "8.2.27", NULL, 0 },
	{ 0x4B, NAS_DOWNLINK, "TRACKING AREA UPDATE REJECT", "8.2.28", t_tracking_area_update_reject, N(t_tracking_area_update_reject) },
	{ 0x48, NAS_UPLINK, "TRACKING AREA UPDATE REQUEST", "8.2.29", t_tracking_area_update_request, N(t_tracking_area_update_request) },
	{ 0x63, NAS_UPLINK, "UPLINK NAS TRANSPORT", "8.2.30", t_uplink_nas_transport, N(t_uplink_nas_transport) },
	{ 0x68, NAS_DOWNLINK, "DOWNLINK GENERIC NAS TRANSPORT", "8.2.31", t_downlink_generic_nas_transport, N(t_downlink_generic_nas_transport) },
	{ 0x69, NAS_UPLINK, "UPLINK GENERIC NAS TRANSPORT", "8.2.32", t_uplink_generic_nas_transport, N(t_uplink_generic_nas_transport) },
	{ 0x4D, NAS_UPLINK, "CONTROL PLANE SERVICE REQUEST", "8.2.33", t_control_plane_service_request, N(t_control_plane_service_request) },
	{ 0x4F, NAS_DOWNLINK, "SERVICE ACCEPT", "8.2.34", t_service_accept, N(t_service_accept) },
};

/* ---------------- ESM messages (24.301 8.3) ---------------- */

/* 8.3.1 ACTIVATE DEDICATED EPS BEARER CONTEXT ACCEPT (0xC6), UE to network: table 8.3.1.1 */
static const nas_ie_def t_activate_dedicated_eps_bearer_context_accept[] = {
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.2 ACTIVATE DEDICATED EPS BEARER CONTEXT REJECT (0xC7), UE to network: table 8.3.2.1 */
static const nas_ie_def t_activate_dedicated_eps_bearer_context_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.3 ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST (0xC5), network to UE: table 8.3.3.1 */
static const nas_ie_def t_activate_dedicated_eps_bearer_context_request[] = {
	IE(0x00, V_HALF, M, EBI, 0, 0, "Linked EPS bearer identity", "linked_eps_bearer_identity", "9.9.4.6"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, LV, M, EPS_QOS, 2, 14, "EPS QoS", "eps_qos", "9.9.4.3"),
	IE(0x00, LV, M, TFT, 2, 256, "TFT", "traffic_flow_template", "9.9.4.16"),
	IE(0x5D, TLV, O, TI, 3, 4, "Transaction identifier", "transaction_identifier", "9.9.4.17"),
	IE(0x30, TLV, O, QOS, 14, 22, "Negotiated QoS", "negotiated_qos", "9.9.4.12"),
	IE(0x32, TV, O, LLC_SAPI, 2, 2, "Negotiated LLC SAPI", "negotiated_llc_sapi", "9.9.4.7"),
	IE(0x80, TV_HALF, O, RADIO_PRIORITY, 1, 1, "Radio priority", "radio_priority", "9.9.4.13"),
	IE(0x34, TLV, O, PFI, 3, 3, "Packet flow Identifier", "packet_flow_identifier", "9.9.4.8"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xC0, TV_HALF, O, WLAN_OFFLOAD, 1, 1, "WLAN offload indication", "wlan_offload_indication", "9.9.4.18"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
	IE(0x5C, TLV, O, EXT_EPS_QOS, 12, 12, "Extended EPS QoS", "extended_eps_qos", "9.9.4.30"),
};

/* 8.3.4 ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT (0xC2), UE to network: table 8.3.4.1 */
static const nas_ie_def t_activate_default_eps_bearer_context_accept[] = {
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.5 ACTIVATE DEFAULT EPS BEARER CONTEXT REJECT (0xC3), UE to network: table 8.3.5.1 */
static const nas_ie_def t_activate_default_eps_bearer_context_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.6 ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST (0xC1), network to UE: table 8.3.6.1 */
static const nas_ie_def t_activate_default_eps_bearer_context_request[] = {
	IE(0x00, LV, M, EPS_QOS, 2, 14, "EPS QoS", "eps_qos", "9.9.4.3"),
	IE(0x00, LV, M, APN, 2, 101, "Access point name", "access_point_name", "9.9.4.1"),
	IE(0x00, LV, M, PDN_ADDRESS, 6, 14, "PDN address", "pdn_address", "9.9.4.9"),
	IE(0x5D, TLV, O, TI, 3, 4, "Transaction identifier", "transaction_identifier", "9.9.4.17"),
	IE(0x30, TLV, O, QOS, 14, 22, "Negotiated QoS", "negotiated_qos", "9.9.4.12"),
	IE(0x32, TV, O, LLC_SAPI, 2, 2, "Negotiated LLC SAPI", "negotiated_llc_sapi", "9.9.4.7"),
	IE(0x80, TV_HALF, O, RADIO_PRIORITY, 1, 1, "Radio priority", "radio_priority", "9.9.4.13"),
	IE(0x34, TLV, O, PFI, 3, 3, "Packet flow Identifier", "packet_flow_identifier", "9.9.4.8"),
	IE(0x5E, TLV, O, APN_AMBR, 4, 8, "APN-AMBR", "apn_ambr", "9.9.4.2"),
	IE(0x58, TV, O, ESM_CAUSE, 2, 2, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xB0, TV_HALF, O, CONNECTIVITY_TYPE, 1, 1, "Connectivity type", "connectivity_type", "9.9.4.2A"),
	IE(0xC0, TV_HALF, O, WLAN_OFFLOAD, 1, 1, "WLAN offload indication", "wlan_offload_indication", "9.9.4.18"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x66, TLV, O, HDR_COMPRESSION, 5, 257, "Header compression configuration", "header_compression_configuration", "9.9.4.22"),
	IE(0x90, TV_HALF, O, CP_ONLY, 1, 1, "Control plane only indication", "control_plane_only_indication", "9.9.4.23"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
	IE(0x6E, TLV, O, SERVING_PLMN_RATE, 4, 4, "Serving PLMN rate control", "serving_plmn_rate_control", "9.9.4.28"),
	IE(0x5F, TLV, O, EXT_APN_AMBR, 8, 8, "Extended APN-AMBR", "extended_apn_ambr", "9.9.4.29"),
};

/* 8.3.7 BEARER RESOURCE ALLOCATION REJECT (0xD5), network to UE: table 8.3.7.1 */
static const nas_ie_def t_bearer_resource_allocation_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x37, TLV, O, GPRS_TIMER3, 3, 3, "Back-off timer value", "back_off_timer_value", "9.9.3.16B"),
	IE(0x6B, TLV, O, REATTEMPT_IND, 3, 3, "Re-attempt indicator", "re_attempt_indicator", "9.9.4.13A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.8 BEARER RESOURCE ALLOCATION REQUEST (0xD4), UE to network: table 8.3.8.1 */
static const nas_ie_def t_bearer_resource_allocation_request[] = {
	IE(0x00, V_HALF, M, EBI, 0, 0, "Linked EPS bearer identity", "linked_eps_bearer_identity", "9.9.4.6"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, LV, M, TFAD, 2, 256, "Traffic flow aggregate", "traffic_flow_aggregate", "9.9.4.15"),
	IE(0x00, LV, M, EPS_QOS, 2, 14, "Required traffic flow QoS", "required_traffic_flow_qos", "9.9.4.3"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xC0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
	IE(0x5C, TLV, O, EXT_EPS_QOS, 12, 12, "Extended EPS QoS", "extended_eps_qos", "9.9.4.30"),
};

/* 8.3.9 BEARER RESOURCE MODIFICATION REJECT (0xD7), network to UE: table 8.3.9.1 */
static const nas_ie_def t_bearer_resource_modification_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x37, TLV, O, GPRS_TIMER3, 3, 3, "Back-off timer value", "back_off_timer_value", "9.9.3.16B"),
	IE(0x6B, TLV, O, REATTEMPT_IND, 3, 3, "Re-attempt indicator", "re_attempt_indicator", "9.9.4.13A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.10 BEARER RESOURCE MODIFICATION REQUEST (0xD6), UE to network: table 8.3.10.1 */
static const nas_ie_def t_bearer_resource_modification_request[] = {
	IE(0x00, V_HALF, M, EBI, 0, 0, "EPS bearer identity for packet filter", "eps_bearer_identity_for_packet_filter", "9.9.4.6"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x00, LV, M, TFAD, 2, 256, "Traffic flow aggregate", "traffic_flow_aggregate", "9.9.4.15"),
	IE(0x5B, TLV, O, EPS_QOS, 3, 15, "Required traffic flow QoS", "required_traffic_flow_qos", "9.9.4.3"),
	IE(0x58, TV, O, ESM_CAUSE, 2, 2, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xC0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x66, TLV, O, HDR_COMPRESSION, 5, 257, "Header compression configuration", "header_compression_configuration", "9.9.4.22"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
	IE(0x5C, TLV, O, EXT_EPS_QOS, 12, 12, "Extended EPS QoS", "extended_eps_qos", "9.9.4.30"),
};

/* 8.3.11 DEACTIVATE EPS BEARER CONTEXT ACCEPT (0xCE), UE to network: table 8.3.11.1 */
static const nas_ie_def t_deactivate_eps_bearer_context_accept[] = {
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.12 DEACTIVATE EPS BEARER CONTEXT REQUEST (0xCD), network to UE: table 8.3.12.1 */
static const nas_ie_def t_deactivate_eps_bearer_context_request[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x37, TLV, O, GPRS_TIMER3, 3, 3, "T3396 value", "t3396_value", "9.9.3.16B"),
	IE(0xC0, TV_HALF, O, WLAN_OFFLOAD, 1, 1, "WLAN offload indication", "wlan_offload_indication", "9.9.4.18"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.12A ESM DUMMY MESSAGE (0xDC), both directions: table 8.3.12A.1 */
/* header only */

/* 8.3.13 ESM INFORMATION REQUEST (0xD9), network to UE: table 8.3.13.1 */
/* header only */

/* 8.3.14 ESM INFORMATION RESPONSE (0xDA), UE to network: table 8.3.14.1 */
static const nas_ie_def t_esm_information_response[] = {
	IE(0x28, TLV, O, APN, 3, 102, "Access point name", "access_point_name", "9.9.4.1"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.15 ESM STATUS (0xE8), both directions: table 8.3.15.1 */
static const nas_ie_def t_esm_status[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
};

/* 8.3.16 MODIFY EPS BEARER CONTEXT ACCEPT (0xCA), UE to network: table 8.3.16.1 */
static const nas_ie_def t_modify_eps_bearer_context_accept[] = {
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.17 MODIFY EPS BEARER CONTEXT REJECT (0xCB), UE to network: table 8.3.17.1 */
static const nas_ie_def t_modify_eps_bearer_context_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.18 MODIFY EPS BEARER CONTEXT REQUEST (0xC9), network to UE: table 8.3.18.1 */
static const nas_ie_def t_modify_eps_bearer_context_request[] = {
	IE(0x5B, TLV, O, EPS_QOS, 3, 15, "New EPS QoS", "new_eps_qos", "9.9.4.3"),
	IE(0x36, TLV, O, TFT, 3, 257, "TFT", "traffic_flow_template", "9.9.4.16"),
	IE(0x30, TLV, O, QOS, 14, 22, "New QoS", "new_qos", "9.9.4.12"),
	IE(0x32, TV, O, LLC_SAPI, 2, 2, "Negotiated LLC SAPI", "negotiated_llc_sapi", "9.9.4.7"),
	IE(0x80, TV_HALF, O, RADIO_PRIORITY, 1, 1, "Radio priority", "radio_priority", "9.9.4.13"),
	IE(0x34, TLV, O, PFI, 3, 3, "Packet flow Identifier", "packet_flow_identifier", "9.9.4.8"),
	IE(0x5E, TLV, O, APN_AMBR, 4, 8, "APN-AMBR", "apn_ambr", "9.9.4.2"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xC0, TV_HALF, O, WLAN_OFFLOAD, 1, 1, "WLAN offload indication", "wlan_offload_indication", "9.9.4.18"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x66, TLV, O, HDR_COMPRESSION, 5, 257, "Header compression configuration", "header_compression_configuration", "9.9.4.22"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
	IE(0x5F, TLV, O, EXT_APN_AMBR, 8, 8, "Extended APN-AMBR", "extended_apn_ambr", "9.9.4.29"),
	IE(0x5C, TLV, O, EXT_EPS_QOS, 12, 12, "Extended EPS QoS", "extended_eps_qos", "9.9.4.30"),
};

/* 8.3.18A NOTIFICATION (0xDB), network to UE: table 8.3.18A.1 */
static const nas_ie_def t_notification[] = {
	IE(0x00, LV, M, NOTIFICATION_IND, 2, 2, "Notification indicator", "notification_indicator", "9.9.4.7A"),
};

/* 8.3.19 PDN CONNECTIVITY REJECT (0xD1), network to UE: table 8.3.19.1 */
static const nas_ie_def t_pdn_connectivity_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x37, TLV, O, GPRS_TIMER3, 3, 3, "Back-off timer value", "back_off_timer_value", "9.9.3.16B"),
	IE(0x6B, TLV, O, REATTEMPT_IND, 3, 3, "Re-attempt indicator", "re_attempt_indicator", "9.9.4.13A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.20 PDN CONNECTIVITY REQUEST (0xD0), UE to network: table 8.3.20.1 */
static const nas_ie_def t_pdn_connectivity_request[] = {
	IE(0x00, V_HALF, M, REQUEST_TYPE, 0, 0, "Request type", "request_type", "9.9.4.14"),
	IE(0x00, V_HALF, M, PDN_TYPE, 0, 0, "PDN type", "pdn_type", "9.9.4.10"),
	IE(0xD0, TV_HALF, O, ESM_INFO_FLAG, 1, 1, "ESM information transfer flag", "esm_information_transfer_flag", "9.9.4.5"),
	IE(0x28, TLV, O, APN, 3, 102, "Access point name", "access_point_name", "9.9.4.1"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0xC0, TV_HALF, O, DEVICE_PROPERTIES, 1, 1, "Device properties", "device_properties", "9.9.2.0A"),
	IE(0x33, TLV, O, NBIFOM, 3, 257, "NBIFOM container", "nbifom_container", "9.9.4.19"),
	IE(0x66, TLV, O, HDR_COMPRESSION, 5, 257, "Header compression configuration", "header_compression_configuration", "9.9.4.22"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.21 PDN DISCONNECT REJECT (0xD3), network to UE: table 8.3.21.1 */
static const nas_ie_def t_pdn_disconnect_reject[] = {
	IE(0x00, V, M, ESM_CAUSE, 1, 1, "ESM cause", "esm_cause", "9.9.4.4"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.22 PDN DISCONNECT REQUEST (0xD2), UE to network: table 8.3.22.1 */
static const nas_ie_def t_pdn_disconnect_request[] = {
	IE(0x00, V_HALF, M, EBI, 0, 0, "Linked EPS bearer identity", "linked_eps_bearer_identity", "9.9.4.6"),
	IE(0x00, V_HALF, M, SPARE_HALF, 0, 0, "Spare half octet", "spare_half_octet", "9.9.2.9"),
	IE(0x27, TLV, O, PCO, 3, 253, "Protocol configuration options", "protocol_configuration_options", "9.9.4.11"),
	IE(0x7B, TLV_E, O, EPCO, 4, 65538, "Extended protocol configuration options", "extended_protocol_configuration_options", "9.9.4.26"),
};

/* 8.3.23 REMOTE UE REPORT (0xE9), UE to network: table 8.3.23.1 */
static const nas_ie_def t_remote_ue_report[] = {
	IE(0x79, TLV_E, O, REMOTE_UE_LIST, 3, 65538, "Remote UE Context Connected", "remote_ue_context_connected", "9.9.4.20"),
	IE(0x7A, TLV_E, O, REMOTE_UE_LIST, 3, 65538, "Remote UE Context Disconnected", "remote_ue_context_disconnected", "9.9.4.20"),
	IE(0x6F, TLV, O, PKMF_ADDRESS, 3, 19, "ProSe Key Management Function address", "prose_key_management_function_address", "9.9.4.21"),
};

/* 8.3.24 REMOTE UE REPORT RESPONSE (0xEA), network to UE: table 8.3.24.1 */
/* header only */

/* 8.3.25 ESM DATA TRANSPORT (0xEB), both directions: table 8.3.25.1 */
static const nas_ie_def t_esm_data_transport[] = {
	IE(0x00, LV_E, M, USER_DATA, 2, 0, "User data container", "user_data_container", "9.9.4.24"),
	IE(0xF0, TV_HALF, O, RELEASE_ASSIST, 1, 1, "Release assistance indication", "release_assistance_indication", "9.9.4.25"),
};

static const nas_msg_def esm_msgs[] = {
	{ 0xC6, NAS_UPLINK, "ACTIVATE DEDICATED EPS BEARER CONTEXT ACCEPT", "8.3.1", t_activate_dedicated_eps_bearer_context_accept, N(t_activate_dedicated_eps_bearer_context_accept) },
	{ 0xC7, NAS_UPLINK, "ACTIVATE DEDICATED EPS BEARER CONTEXT REJECT", "8.3.2", t_activate_dedicated_eps_bearer_context_reject, N(t_activate_dedicated_eps_bearer_context_reject) },
	{ 0xC5, NAS_DOWNLINK, "ACTIVATE DEDICATED EPS BEARER CONTEXT REQUEST", "8.3.3", t_activate_dedicated_eps_bearer_context_request, N(t_activate_dedicated_eps_bearer_context_request) },
	{ 0xC2, NAS_UPLINK, "ACTIVATE DEFAULT EPS BEARER CONTEXT ACCEPT", "8.3.4", t_activate_default_eps_bearer_context_accept, N(t_activate_default_eps_bearer_context_accept) },
	{ 0xC3, NAS_UPLINK, "ACTIVATE DEFAULT EPS BEARER CONTEXT REJECT", "8.3.5", t_activate_default_eps_bearer_context_reject, N(t_activate_default_eps_bearer_context_reject) },
	{ 0xC1, NAS_DOWNLINK, "ACTIVATE DEFAULT EPS BEARER CONTEXT REQUEST", "8.3.6", t_activate_default_eps_bearer_context_request, N(t_activate_default_eps_bearer_context_request) },
	{ 0xD5, NAS_DOWNLINK, "BEARER RESOURCE ALLOCATION REJECT", "8.3.7", t_bearer_resource_allocation_reject, N(t_bearer_resource_allocation_reject) },
	{ 0xD4, NAS_UPLINK, "BEARER RESOURCE ALLOCATION REQUEST", "8.3.8", t_bearer_resource_allocation_request, N(t_bearer_resource_allocation_request) },
	{ 0xD7, NAS_DOWNLINK, "BEARER RESOURCE MODIFICATION REJECT", "8.3.9", t_bearer_resource_modification_reject, N(t_bearer_resource_modification_reject) },
	{ 0xD6, NAS_UPLINK, "BEARER RESOURCE MODIFICATION REQUEST", "8.3.10", t_bearer_resource_modification_request, N(t_bearer_resource_modification_request) },
	{ 0xCE, NAS_UPLINK, "DEACTIVATE EPS BEARER CONTEXT ACCEPT", "8.3.11", t_deactivate_eps_bearer_context_accept, N(t_deactivate_eps_bearer_context_accept) },
	{ 0xCD, NAS_DOWNLINK, "DEACTIVATE EPS BEARER CONTEXT REQUEST", "8.3.12", t_deactivate_eps_bearer_context_request, N(t_deactivate_eps_bearer_context_request) },
	{ 0xDC, NAS_DIR_UNKNOWN, "ESM DUMMY MESSAGE", "8.3.12A", NULL, 0 },
	{ 0xD9, NAS_DOWNLINK, "ESM INFORMATION REQUEST", "8.3.13", NULL, 0 },
	{ 0xDA, NAS_UPLINK, "ESM INFORMATION RESPONSE", "8.3.14", t_esm_information_response, N(t_esm_information_response) },
	{ 0xE8, NAS_DIR_UNKNOWN, "ESM STATUS", "8.3.15", t_esm_status, N(t_esm_status) },
	{ 0xCA, NAS_UPLINK, "MODIFY EPS BEARER CONTEXT ACCEPT", "8.3.16", t_modify_eps_bearer_context_accept, N(t_modify_eps_bearer_context_accept) },
	{ 0xCB, NAS_UPLINK, "MODIFY EPS BEARER CONTEXT REJECT", "8.3.17", t_modify_eps_bearer_context_reject, N(t_modify_eps_bearer_context_reject) },
	{ 0xC9, NAS_DOWNLINK, "MODIFY EPS BEARER CONTEXT REQUEST", "8.3.18", t_modify_eps_bearer_context_request, N(t_modify_eps_bearer_context_request) },
	{ 0xDB, NAS_DOWNLINK, "NOTIFICATION", "8.3.18A", t_notification, N(t_notification) },
	{ 0xD1, NAS_DOWNLINK, "PDN CONNECTIVITY REJECT", "8.3.19", t_pdn_connectivity_reject, N(t_pdn_connectivity_reject) },
	{ 0xD0, NAS_UPLINK, "PDN CONNECTIVITY REQUEST", "8.3.20", t_pdn_connectivity_request, N(t_pdn_connectivity_request) },
	{ 0xD3, NAS_DOWNLINK, "PDN DISCONNECT REJECT", "8.3.21", t_pdn_disconnect_reject, N(t_pdn_disconnect_reject) },
	{ 0xD2, NAS_UPLINK, "PDN DISCONNECT REQUEST", "8.3.22", t_pdn_disconnect_request, N(t_pdn_disconnect_request) },
	{ 0xE9, NAS_UPLINK, "REMOTE UE REPORT", "8.3.23", t_remote_ue_report, N(t_remote_ue_report) },
	{ 0xEA, NAS_DOWNLINK, "REMOTE UE REPORT RESPONSE", "8.3.24", NULL, 0 },
	{ 0xEB, NAS_DIR_UNKNOWN, "ESM DATA TRANSPORT", "8.3.25", t_esm_data_transport, N(t_esm_data_transport) },
};

/* Table 9.8.2: every ESM type is 0xC0-0xFF. */
static const nas_msg_def *const esm_by_type[0x40] = {
	[0xC6 - 0xC0] = &esm_msgs[0],
	[0xC7 - 0xC0] = &esm_msgs[1],
	[0xC5 - 0xC0] = &esm_msgs[2],
	[0xC2 - 0xC0] = &esm_msgs[3],
	[0xC3 - 0xC0] = &esm_msgs[4],
	[0xC1 - 0xC0] = &esm_msgs[5],
	[0xD5 - 0xC0] = &esm_msgs[6],
	[0xD4 - 0xC0] = &esm_msgs[7],
	[0xD7 - 0xC0] = &esm_msgs[8],
	[0xD6 - 0xC0] = &esm_msgs[9],
	[0xCE - 0xC0] = &esm_msgs[10],
	[0xCD - 0xC0] = &esm_msgs[11],
	[0xDC - 0xC0] = &esm_msgs[12],
	[0xD9 - 0xC0] = &esm_msgs[13],
	[0xDA - 0xC0] = &esm_msgs[14],
	[0xE8 - 0xC0] = &esm_msgs[15],
	[0xCA - 0xC0] = &esm_msgs[16],
	[0xCB - 0xC0] = &esm_msgs[17],
	[0xC9 - 0xC0] = &esm_msgs[18],
	[0xDB - 0xC0] = &esm_msgs[19],
	[0xD1 - 0xC0] = &esm_msgs[20],
	[0xD0 - 0xC0] = &esm_msgs[21],
	[0xD3 - 0xC0] = &esm_msgs[22],
	[0xD2 - 0xC0] = &esm_msgs[23],
	[0xE9 - 0xC0] = &esm_msgs[24],
	[0xEA - 0xC0] = &esm_msgs[25],
	[0xEB - 0xC0] = &esm_msgs[26],
};

const nas_msg_def *nas_esm_msg_def(uint8_t type)
{
	return type >= 0xC0 ? esm_by_type[type - 0xC0] : NULL;
}

/* Table 9.8.1: EMM types are 0x41-0x69. DETACH REQUEST and DETACH ACCEPT
 * have one table per direction (8.2.10, 8.2.11), next to each other in
 * emm_msgs; the index points at the first. */
static const nas_msg_def *const emm_by_type[0x30] = {
	[0x42 - 0x40] = &emm_msgs[0],
	[0x43 - 0x40] = &emm_msgs[1],
	[0x44 - 0x40] = &emm_msgs[2],
	[0x41 - 0x40] = &emm_msgs[3],
	[0x5C - 0x40] = &emm_msgs[4],
	[0x54 - 0x40] = &emm_msgs[5],
	[0x52 - 0x40] = &emm_msgs[6],
	[0x53 - 0x40] = &emm_msgs[7],
	[0x64 - 0x40] = &emm_msgs[8],
	[0x46 - 0x40] = &emm_msgs[9],
	[0x45 - 0x40] = &emm_msgs[11],
	[0x62 - 0x40] = &emm_msgs[13],
	[0x61 - 0x40] = &emm_msgs[14],
	[0x60 - 0x40] = &emm_msgs[15],
	[0x4C - 0x40] = &emm_msgs[16],
	[0x50 - 0x40] = &emm_msgs[17],
	[0x51 - 0x40] = &emm_msgs[18],
	[0x55 - 0x40] = &emm_msgs[19],
	[0x56 - 0x40] = &emm_msgs[20],
	[0x5D - 0x40] = &emm_msgs[21],
	[0x5E - 0x40] = &emm_msgs[22],
	[0x5F - 0x40] = &emm_msgs[23],
	[0x4E - 0x40] = &emm_msgs[24],
	[0x49 - 0x40] = &emm_msgs[25],
	[0x4A - 0x40] = &emm_msgs[26],
	[0x4B - 0x40] = &emm_msgs[27],
	[0x48 - 0x40] = &emm_msgs[28],
	[0x63 - 0x40] = &emm_msgs[29],
	[0x68 - 0x40] = &emm_msgs[30],
	[0x69 - 0x40] = &emm_msgs[31],
	[0x4D - 0x40] = &emm_msgs[32],
	[0x4F - 0x40] = &emm_msgs[33],
};

const nas_msg_def *nas_emm_msg_def_dir(uint8_t type, nas_dir dir)
{
	const nas_msg_def *d;

	if (type < 0x40 || type >= 0x70 || !(d = emm_by_type[type - 0x40]))
		return NULL;
	if (dir != NAS_DIR_UNKNOWN && d->dir != NAS_DIR_UNKNOWN && d->dir != dir &&
	    d + 1 < emm_msgs + N(emm_msgs) && d[1].type == type)
		return d + 1;
	return d;
}

const nas_msg_def *nas_emm_msg_def(uint8_t type)
{
	return nas_emm_msg_def_dir(type, NAS_DIR_UNKNOWN);
}

/* ---------------- the parser's index ---------------- */

/* One index per table (nas_msg_index), built once from the tables above:
 * the parser then finds an optional IE with one load instead of scanning up
 * to 33 rows, a scan whose exit mispredicts because which IEs a message
 * carries differs from one message to the next, and marks the rows to check
 * or read with one AND per message. No table lists an IEI twice
 * (test_messages). Kept by message type (ESM 0xC0-0xFF, EMM 0x40-0x6F) so
 * that finding a table's index costs no arithmetic; the second DETACH table
 * of a type has its own array; types without a table leave theirs unused. */
static nas_msg_index esm_index[0x40], emm_index[0x30], emm_index_second[0x30];
static once_flag msg_index_once = ONCE_FLAG_INIT;
static atomic_bool msg_index_ready; /* checked first: a plain load, not a call */

_Static_assert(NAS_IE__COUNT <= 64, "IE type sets are 64-bit masks");

static void index_table(const nas_msg_def *def, nas_msg_index *x)
{
	for (unsigned i = 0; i < def->n_ies; i++) {
		const nas_ie_def *r = &def->ies[i];
		uint8_t *e = &x->row_of[nas_row_key(r->iei)];
		if (r->iei != 0 && *e == 0)
			*e = (uint8_t)(i + 1);
		if (NAS_IE_TYPES_CHECKED >> r->type & 1)
			x->rows_checked |= 1ull << i;
		if (NAS_IE_TYPES_EMM_READ >> r->type & 1)
			x->rows_emm_read |= 1ull << i;
	}
}

static void build_msg_index(void)
{
	for (unsigned i = 0; i < N(esm_msgs); i++)
		index_table(&esm_msgs[i], &esm_index[esm_msgs[i].type - 0xC0]);
	for (unsigned i = 0; i < N(emm_msgs); i++) {
		const nas_msg_def *d = &emm_msgs[i];
		bool second = emm_by_type[d->type - 0x40] != d;
		index_table(d, second ? &emm_index_second[d->type - 0x40] : &emm_index[d->type - 0x40]);
	}
	atomic_store_explicit(&msg_index_ready, true, memory_order_release);
}

const nas_msg_index *nas_msg_index_of(const nas_msg_def *def)
{
	static const nas_msg_index none;
	uint8_t t = def->type;
	const nas_msg_def *e;

	if (!atomic_load_explicit(&msg_index_ready, memory_order_acquire))
		call_once(&msg_index_once, build_msg_index);
	/* which table def is, found by its type (a def from elsewhere is never
	 * taken for one of ours: the addresses must match) */
	if (t >= 0xC0)
		return esm_by_type[t - 0xC0] == def ? &esm_index[t - 0xC0] : &none;
	if (t < 0x40 || t >= 0x70 || !(e = emm_by_type[t - 0x40]))
		return &none;
	if (def == e)
		return &emm_index[t - 0x40];
	if (e + 1 < emm_msgs + N(emm_msgs) && def == e + 1 && e[1].type == t)
		return &emm_index_second[t - 0x40];
	return &none;
}
