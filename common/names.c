/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Value names: message types come from the message tables (esm_tables.c);
 * everything else is listed here with the clause it is taken from
 * (3GPP TS 24.301 V17.9.0, TS 24.008 codings as given in shared/reference/).
 */
#include <stdio.h>

#include "esmtrace/nas.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))

static const char *pick(const char *const *t, size_t n, unsigned v, const char *dflt)
{
	return v < n && t[v] ? t[v] : dflt;
}

const char *nas_diag_code_name(uint16_t code)
{
	switch (code) {
	case NAS_OK: return "ok";
	case NAS_ERR_TRUNCATED: return "truncated";
	case NAS_ERR_BAD_LENGTH: return "bad-length";
	case NAS_ERR_MISSING_IE: return "missing-ie";
	case NAS_ERR_UNKNOWN_MSG: return "unknown-message";
	case NAS_ERR_BAD_PD: return "bad-pd";
	case NAS_ERR_BAD_VALUE: return "bad-value";
	case NAS_ERR_TRAILING: return "trailing";
	case NAS_ERR_CIPHERED: return "ciphered";
	case NAS_WARN_UNKNOWN_IE: return "unknown-ie";
	case NAS_WARN_DUPLICATE_IE: return "duplicate-ie";
	case NAS_WARN_RESERVED: return "reserved-value";
	case NAS_WARN_CAP: return "cap";
	case NAS_WARN_SEMANTIC: return "semantic";
	}
	return "unknown-diagnostic";
}

const char *nas_esm_msg_name(uint8_t type)
{
	const nas_msg_def *d = nas_esm_msg_def(type);
	return d ? d->name : "Unknown";
}

const char *nas_emm_msg_name(uint8_t type)
{
	const nas_msg_def *d = nas_emm_msg_def(type);
	return d ? d->name : "Unknown";
}

/* 24.301 table 9.9.4.4.1 (V17.9.0 name for #29). */
static const char *const esm_cause[] = {
	[8] = "Operator Determined Barring",
	[26] = "Insufficient resources",
	[27] = "Missing or unknown APN",
	[28] = "Unknown PDN type",
	[29] = "User authentication or authorization failed",
	[30] = "Request rejected by Serving GW or PDN GW",
	[31] = "Request rejected, unspecified",
	[32] = "Service option not supported",
	[33] = "Requested service option not subscribed",
	[34] = "Service option temporarily out of order",
	[35] = "PTI already in use",
	[36] = "Regular deactivation",
	[37] = "EPS QoS not accepted",
	[38] = "Network failure",
	[39] = "Reactivation requested",
	[41] = "Semantic error in the TFT operation",
	[42] = "Syntactical error in the TFT operation",
	[43] = "Invalid EPS bearer identity",
	[44] = "Semantic errors in packet filter(s)",
	[45] = "Syntactical errors in packet filter(s)",
	[46] = "Unused (treated as protocol error, unspecified)",
	[47] = "PTI mismatch",
	[49] = "Last PDN disconnection not allowed",
	[50] = "PDN type IPv4 only allowed",
	[51] = "PDN type IPv6 only allowed",
	[52] = "Single address bearers only allowed",
	[53] = "ESM information not received",
	[54] = "PDN connection does not exist",
	[55] = "Multiple PDN connections for a given APN not allowed",
	[56] = "Collision with network initiated request",
	[57] = "PDN type IPv4v6 only allowed",
	[58] = "PDN type non IP only allowed",
	[59] = "Unsupported QCI value",
	[60] = "Bearer handling not supported",
	[61] = "PDN type Ethernet only allowed",
	[65] = "Maximum number of EPS bearers reached",
	[66] = "Requested APN not supported in current RAT and PLMN combination",
	[81] = "Invalid PTI value",
	[95] = "Semantically incorrect message",
	[96] = "Invalid mandatory information",
	[97] = "Message type non-existent or not implemented",
	[98] = "Message type not compatible with the protocol state",
	[99] = "Information element non-existent or not implemented",
	[100] = "Conditional IE error",
	[101] = "Message not compatible with the protocol state",
	[111] = "Protocol error, unspecified",
	[112] = "APN restriction value incompatible with active EPS bearer context",
	[113] = "Multiple accesses to a PDN connection not allowed",
};

const char *nas_esm_cause_name(uint8_t cause)
{
	return pick(esm_cause, N(esm_cause), cause, "Unknown cause");
}

/* 24.301 table 9.9.3.9.1. */
static const char *const emm_cause[] = {
	[2] = "IMSI unknown in HSS",
	[3] = "Illegal UE",
	[5] = "IMEI not accepted",
	[6] = "Illegal ME",
	[7] = "EPS services not allowed",
	[8] = "EPS services and non-EPS services not allowed",
	[9] = "UE identity cannot be derived by the network",
	[10] = "Implicitly detached",
	[11] = "PLMN not allowed",
	[12] = "Tracking Area not allowed",
	[13] = "Roaming not allowed in this tracking area",
	[14] = "EPS services not allowed in this PLMN",
	[15] = "No Suitable Cells In tracking area",
	[16] = "MSC temporarily not reachable",
	[17] = "Network failure",
	[18] = "CS domain not available",
	[19] = "ESM failure",
	[20] = "MAC failure",
	[21] = "Synch failure",
	[22] = "Congestion",
	[23] = "UE security capabilities mismatch",
	[24] = "Security mode rejected, unspecified",
	[25] = "Not authorized for this CSG",
	[26] = "Non-EPS authentication unacceptable",
	[31] = "Redirection to 5GCN required",
	[35] = "Requested service option not authorized in this PLMN",
	[39] = "CS service temporarily not available",
	[40] = "No EPS bearer context activated",
	[42] = "Severe network failure",
	[95] = "Semantically incorrect message",
	[96] = "Invalid mandatory information",
	[97] = "Message type non-existent or not implemented",
	[98] = "Message type not compatible with the protocol state",
	[99] = "Information element non-existent or not implemented",
	[100] = "Conditional IE error",
	[101] = "Message not compatible with the protocol state",
	[111] = "Protocol error, unspecified",
};

const char *nas_emm_cause_name(uint8_t cause)
{
	return pick(emm_cause, N(emm_cause), cause, "Unknown cause");
}

/* 24.301 table 9.3.1. */
static const char *const sec_hdr[16] = {
	[0] = "Plain NAS message, not security protected",
	[1] = "Integrity protected",
	[2] = "Integrity protected and ciphered",
	[3] = "Integrity protected with new EPS security context",
	[4] = "Integrity protected and ciphered with new EPS security context",
	[5] = "Integrity protected and partially ciphered NAS message",
	[12] = "Security header for the SERVICE REQUEST message",
	[13] = "Not used (treated as SERVICE REQUEST header)",
	[14] = "Not used (treated as SERVICE REQUEST header)",
	[15] = "Not used (treated as SERVICE REQUEST header)",
};

const char *nas_sec_hdr_name(uint8_t sht)
{
	return pick(sec_hdr, N(sec_hdr), sht, "Reserved");
}

const char *nas_dir_name(nas_dir dir)
{
	return dir == NAS_UPLINK ? "uplink" : dir == NAS_DOWNLINK ? "downlink" : "unknown";
}

static const char *const dir_from[] = { "none", "source", "message", "decode", "state" };
static const char *const dir_from_text[] = {
	"nothing: no hint, and the message is sent both ways",
	"the source (S1AP procedure, LTE RRC message or GSMTAP flag)",
	"the message table: sent in this direction only",
	"the decode: only this direction's form decodes completely",
	"the tracker's state: the procedure the message belongs to",
};

const char *nas_dir_from_name(uint8_t from)
{
	return pick(dir_from, N(dir_from), from, "?");
}

const char *nas_dir_from_text(uint8_t from)
{
	return pick(dir_from_text, N(dir_from_text), from, "?");
}

/* 9.9.4.10 */
static const char *const pdn_type[8] = {
	[1] = "IPv4", [2] = "IPv6", [3] = "IPv4v6", [4] = "Unused (IPv6)", [5] = "Non IP", [6] = "Ethernet",
};

const char *nas_pdn_type_name(uint8_t v)
{
	return pick(pdn_type, N(pdn_type), v, "Reserved");
}

/* 24.008 10.5.6.17, as tshark 4.0 names them. */
static const char *const req_type[8] = {
	[1] = "Initial request", [2] = "Handover", [3] = "RLOS", [4] = "Emergency",
	[6] = "Handover of emergency bearer services",
};

const char *nas_request_type_name(uint8_t v)
{
	return pick(req_type, N(req_type), v, "Reserved");
}

/* 24.008 10.5.6.12 TFT operation code. */
static const char *const tft_op[8] = {
	"Ignore this IE", "Create new TFT", "Delete existing TFT", "Add packet filters to existing TFT",
	"Replace packet filters in existing TFT", "Delete packet filters from existing TFT", "No TFT operation",
	"Reserved",
};

const char *nas_tft_op_name(uint8_t op)
{
	return pick(tft_op, N(tft_op), op, "Reserved");
}

/* 24.008 table 10.5.162: packet filter component type identifiers. */
const char *nas_tft_component_name(uint8_t type)
{
	switch (type) {
	case 0x10: return "IPv4 remote address type";
	case 0x11: return "IPv4 local address type";
	case 0x20: return "IPv6 remote address type";
	case 0x21: return "IPv6 remote address/prefix length type";
	case 0x23: return "IPv6 local address/prefix length type";
	case 0x30: return "Protocol identifier/Next header type";
	case 0x40: return "Single local port type";
	case 0x41: return "Local port range type";
	case 0x50: return "Single remote port type";
	case 0x51: return "Remote port range type";
	case 0x60: return "Security parameter index type";
	case 0x70: return "Type of service/Traffic class type";
	case 0x80: return "Flow label type";
	case 0x81: return "Destination MAC address type";
	case 0x82: return "Source MAC address type";
	case 0x83: return "802.1Q C-TAG VID type";
	case 0x84: return "802.1Q S-TAG VID type";
	case 0x85: return "802.1Q C-TAG PCP/DEI type";
	case 0x86: return "802.1Q S-TAG PCP/DEI type";
	case 0x87: return "Ethertype type";
	}
	return "Unknown";
}

/* 24.301 9.9.3.23 / TS 33.401 5.1.3.2, 5.1.4.2: EPS encryption and integrity
 * algorithm identities; 4-7 are not defined. */
const char *nas_eea_name(uint8_t alg)
{
	static const char *const n[8] = { "EEA0 (null ciphering)", "128-EEA1", "128-EEA2", "128-EEA3",
		                              "EEA4", "EEA5", "EEA6", "EEA7" };
	return n[alg & 7];
}

const char *nas_eia_name(uint8_t alg)
{
	static const char *const n[8] = { "EIA0 (null integrity)", "128-EIA1", "128-EIA2", "128-EIA3",
		                              "EIA4", "EIA5", "EIA6", "EIA7" };
	return n[alg & 7];
}

const char *nas_id_kind_name(uint8_t kind)
{
	static const char *const k[] = { "none", "IMSI", "IMEI", "IMEISV", "GUTI", "TMSI" };
	return pick(k, N(k), kind, "unknown");
}

/* 24.008 10.5.7.3 (GPRS timer, timer 2) and 10.5.7.4a (GPRS timer 3). */
const char *nas_timer_unit_name(bool timer3, uint8_t unit)
{
	static const char *const t1[8] = { "2 seconds", "1 minute", "decihours", "1 minute", "1 minute",
	                                   "1 minute", "1 minute", "deactivated" };
	static const char *const t3[8] = { "10 minutes", "1 hour", "10 hours", "2 seconds", "30 seconds",
	                                   "1 minute", "1 hour (320 hours in T3412 extended value)", "deactivated" };
	return timer3 ? t3[unit & 7] : t1[unit & 7];
}

/* Container and protocol IDs: 24.008 10.5.6.3 as in shared/reference/pco.md.
 * Uplink and downlink meanings differ; index 0 = MS to network, 1 = network to MS. */
static const char *const pco_ids[][2] = {
	[0x0001] = { "P-CSCF IPv6 Address Request", "P-CSCF IPv6 Address" },
	[0x0002] = { "IM CN Subsystem Signaling Flag", "IM CN Subsystem Signaling Flag" },
	[0x0003] = { "DNS Server IPv6 Address Request", "DNS Server IPv6 Address" },
	[0x0004] = { "Not supported", "Policy Control rejection code" },
	[0x0005] = { "MS Support of Network Requested Bearer Control indicator", "Selected Bearer Control Mode" },
	[0x0006] = { "Reserved", "Reserved" },
	[0x0007] = { "DSMIPv6 Home Agent Address Request", "DSMIPv6 Home Agent Address" },
	[0x0008] = { "DSMIPv6 Home Network Prefix Request", "DSMIPv6 Home Network Prefix" },
	[0x0009] = { "DSMIPv6 IPv4 Home Agent Address Request", "DSMIPv6 IPv4 Home Agent Address" },
	[0x000A] = { "IP address allocation via NAS signalling", "Reserved" },
	[0x000B] = { "IPv4 address allocation via DHCPv4", "Reserved" },
	[0x000C] = { "P-CSCF IPv4 Address Request", "P-CSCF IPv4 Address" },
	[0x000D] = { "DNS Server IPv4 Address Request", "DNS Server IPv4 Address" },
	[0x000E] = { "MSISDN Request", "MSISDN" },
	[0x000F] = { "IFOM-Support-Request", "IFOM-Support" },
	[0x0010] = { "IPv4 Link MTU Request", "IPv4 Link MTU" },
	[0x0011] = { "MS support of Local address in TFT indicator", "Network support of Local address in TFT indicator" },
	[0x0012] = { "P-CSCF Re-selection support", "Reserved" },
	[0x0013] = { "NBIFOM request indicator", "NBIFOM accepted indicator" },
	[0x0014] = { "NBIFOM mode", "NBIFOM mode" },
	[0x0015] = { "Non-IP Link MTU Request", "Non-IP Link MTU" },
	[0x0016] = { "APN rate control support indicator", "APN rate control parameters" },
	[0x0017] = { "3GPP PS data off UE status", "3GPP PS data off support indication" },
	[0x0018] = { "Reliable Data Service request indicator", "Reliable Data Service accepted indicator" },
	[0x0019] = { "Additional APN rate control for exception data support indicator",
	             "Additional APN rate control for exception data parameters" },
	[0x001A] = { "PDU session ID", "Reserved" },
	[0x001B] = { "Reserved", "S-NSSAI" },
	[0x001C] = { "Reserved", "QoS rules" },
	[0x001D] = { "Reserved", "Session-AMBR" },
	[0x001E] = { "Reserved", "PDU session address lifetime" },
	[0x001F] = { "Reserved", "QoS flow descriptions" },
	[0x0020] = { "Ethernet Frame Payload MTU Request", "Ethernet Frame Payload MTU" },
	[0x0021] = { "Unstructured Link MTU Request", "Unstructured Link MTU" },
	[0x0022] = { "5GSM cause value", "Reserved" },
	[0x0023] = { "QoS rules with the length of two octets support indicator", "QoS rules with the length of two octets" },
	[0x0024] = { "QoS flow descriptions with the length of two octets support indicator",
	             "QoS flow descriptions with the length of two octets" },
	[0x0025] = { "Reserved", "Small data rate control parameters" },
	[0x0026] = { "Reserved", "Additional small data rate control for exception data parameters" },
	[0x0027] = { "ACS information request", "ACS information" },
	[0x0028] = { "Reserved", "Initial small data rate control parameters" },
	[0x0029] = { "Reserved", "Initial additional small data rate control for exception data parameters" },
	[0x002A] = { "Reserved", "Initial APN rate control parameters" },
	[0x002B] = { "Reserved", "Initial additional APN rate control for exception data parameters" },
	[0x0030] = { "ATSSS request", "ATSSS response with the length of two octets" },
	[0x0031] = { "DNS server security information indicator", "DNS server security information with length of two octets" },
	[0x0032] = { "ECS configuration information provisioning support indicator", "ECS address with the length of two octets" },
	[0x0035] = { "Reserved", "ECSP identifier" },
	[0x0036] = { "PVS information request", "PVS IPv4 address" },
	[0x0037] = { "Reserved", "PVS IPv6 address" },
	[0x0038] = { "Reserved", "PVS name" },
	[0x0039] = { "DNS server security protocol support", "Reserved" },
	[0x003A] = { "EAS rediscovery support indication", "EAS rediscovery indication without indicated impact" },
	[0x003B] = { "Reserved", "EAS rediscovery indication with impacted EAS IPv4 address range" },
	[0x003C] = { "Reserved", "EAS rediscovery indication with impacted EAS IPv6 address range" },
	[0x003D] = { "Reserved", "EAS rediscovery indication with impacted EAS FQDN" },
	[0x003E] = { "Reserved", "Uplink data not allowed" },
	[0x003F] = { "Reserved", "Uplink data allowed" },
	[0x0040] = { "Reserved", "UAS services not allowed indication" },
	[0x0041] = { "Service-level-AA container with the length of two octets",
	             "Service-level-AA container with the length of two octets" },
	[0x0047] = { "EDC support indicator", "Reserved" },
	[0x0048] = { "Reserved", "EDC usage allowed indicator" },
	[0x0049] = { "Reserved", "EDC usage required indicator" },
	[0x004A] = { "MS support of MAC address range in 5GS indicator", "Network support of MAC address range in 5GS indicator" },
	[0x0050] = { "SDNAEPC support indicator", "Reserved" },
	[0x0051] = { "SDNAEPC EAP message with the length of two octets", "SDNAEPC EAP message with the length of two octets" },
	[0x0052] = { "SDNAEPC DN-specific identity", "Reserved" },
	[0x0056] = { "UE policy container with the length of two octets", "UE policy container with the length of two octets" },
	[0x0057] = { "URSP provisioning in EPS support indicator", "URSP provisioning in EPS support indicator" },
};

const char *nas_pco_id_name(uint16_t id, nas_dir dir)
{
	switch (id) { /* configuration protocols, both directions */
	case 0xC021: return "LCP";
	case 0xC023: return "PAP";
	case 0xC223: return "CHAP";
	case 0x8021: return "IPCP";
	}
	if (id >= 0xFF00)
		return "Operator specific use";
	if (id < N(pco_ids) && pco_ids[id][0]) {
		/* an unknown direction shows the MS-to-network name, which the
		 * caller marks as a guess by printing the direction */
		return pco_ids[id][dir == NAS_DOWNLINK ? 1 : 0];
	}
	return "Unknown";
}

void nas_ipv4_text(const uint8_t q[4], char out[16])
{
	snprintf(out, 16, "%u.%u.%u.%u", q[0], q[1], q[2], q[3]);
}

/* RFC 5952 4.2: the longest run of two or more zero groups becomes "::"
 * (the first one on a tie); hex digits in lower case without leading zeros. */
void nas_ipv6_text(const uint8_t q[16], char out[40])
{
	unsigned g[8], best = 0, best_at = 8, run = 0;
	size_t n = 0;

	for (unsigned i = 0; i < 8; i++) {
		g[i] = (unsigned)(q[2 * i] << 8 | q[2 * i + 1]);
		run = g[i] ? 0 : run + 1;
		if (run > best && run >= 2) {
			best = run;
			best_at = i + 1 - run;
		}
	}
	out[0] = '\0';
	for (unsigned i = 0; i < 8; i++) {
		if (i == best_at) {
			n += (size_t)snprintf(out + n, 40 - n, "::");
			i += best - 1;
			continue;
		}
		n += (size_t)snprintf(out + n, 40 - n, "%s%x", (n && out[n - 1] != ':') ? ":" : "", g[i]);
	}
}
