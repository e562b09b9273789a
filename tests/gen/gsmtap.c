/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UE-side captures: NAS as a modem-log tool writes it, in GSMTAP (v2) over
 * UDP port 4729: "LTE NAS" (type 18), the modem's own NAS log, and "LTE RRC"
 * (type 13), the RRC message that carried the NAS over the air. The GSMTAP
 * header's uplink flag (bit 14 of the ARFCN field) is whatever the scenario
 * says, right or wrong: modem-log tools often leave it unset.
 *
 * The RRC messages are TS 36.331 V17 ULInformationTransfer (UL-DCCH) and
 * DLInformationTransfer (DL-DCCH) carrying dedicatedInfoNAS, in unaligned PER
 * (X.691), the shortest form each allows.
 */
#include "gen.h"

#include <string.h>

/* GSMTAP (libosmocore gsmtap.h; Wireshark packet-gsmtap.c) */
#define GSMTAP_VERSION 2
#define GSMTAP_TYPE_LTE_RRC 13
#define GSMTAP_TYPE_LTE_NAS 18
#define GSMTAP_ARFCN_F_UPLINK 0x4000
#define GSMTAP_LTE_RRC_SUB_DL_DCCH 1
#define GSMTAP_LTE_RRC_SUB_UL_DCCH 3
#define GSMTAP_LTE_NAS_PLAIN 0
#define GSMTAP_LTE_NAS_SEC_HEADER 1

static void gsmtap_header(buf *b, uint8_t type, bool uplink, uint8_t sub_type)
{
	buf_u8(b, GSMTAP_VERSION);
	buf_u8(b, 4); /* header length in 32-bit words */
	buf_u8(b, type);
	buf_u8(b, 0); /* timeslot */
	buf_u16(b, uplink ? GSMTAP_ARFCN_F_UPLINK : 0);
	buf_u8(b, 0); /* signal dBm */
	buf_u8(b, 0); /* SNR dB */
	buf_u32(b, 0); /* frame number */
	buf_u8(b, sub_type);
	buf_u8(b, 0); /* antenna */
	buf_u8(b, 0); /* sub-slot */
	buf_u8(b, 0); /* reserved */
}

void gsmtap_nas(buf *out, const uint8_t *nas, size_t len, bool uplink_flag)
{
	/* sub-type 1 for a security-protected message (security header type 1-5, 12-15) */
	bool sec = len >= 1 && (nas[0] & 0x0f) == 7 && nas[0] >> 4;
	gsmtap_header(out, GSMTAP_TYPE_LTE_NAS, uplink_flag, sec ? GSMTAP_LTE_NAS_SEC_HEADER : GSMTAP_LTE_NAS_PLAIN);
	buf_put(out, nas, len);
}

/* An unaligned PER bit writer (X.691 clause 10). */
typedef struct {
	buf *b;
	size_t start;
	unsigned bits;   /* bits written */
} per;

static void per_bits(per *w, uint32_t v, unsigned n)
{
	for (unsigned i = n; i-- > 0;) {
		if (w->bits % 8 == 0)
			buf_u8(w->b, 0);
		if (v >> i & 1)
			w->b->p[w->start + w->bits / 8] |= (uint8_t)(0x80 >> (w->bits % 8));
		w->bits++;
	}
}

/* An OCTET STRING without size constraint: length determinant (10.9.3.6/10.9.3.7), then the octets. */
static void per_octets(per *w, const uint8_t *p, size_t len)
{
	if (len < 128)
		per_bits(w, (uint32_t)len, 8);
	else if (len < 16384)
		per_bits(w, 0x8000u | (uint32_t)len, 16);
	else
		gen_fail("NAS message too long for one RRC message (%zu octets)", len);
	for (size_t i = 0; i < len; i++)
		per_bits(w, p[i], 8);
}

void gsmtap_rrc(buf *out, const uint8_t *nas, size_t len, bool uplink, bool uplink_flag)
{
	gsmtap_header(out, GSMTAP_TYPE_LTE_RRC, uplink_flag, uplink ? GSMTAP_LTE_RRC_SUB_UL_DCCH : GSMTAP_LTE_RRC_SUB_DL_DCCH);
	per w = { out, out->len, 0 };
	if (uplink) {
		/* UL-DCCH-MessageType: c1 (0), ulInformationTransfer (9 of 16) */
		per_bits(&w, 0, 1);
		per_bits(&w, 9, 4);
		/* ULInformationTransfer: criticalExtensions c1 (0), ulInformationTransfer-r8 (0 of 4) */
		per_bits(&w, 0, 1);
		per_bits(&w, 0, 2);
	} else {
		/* DL-DCCH-MessageType: c1 (0), dlInformationTransfer (1 of 16) */
		per_bits(&w, 0, 1);
		per_bits(&w, 1, 4);
		/* DLInformationTransfer: rrc-TransactionIdentifier 0, criticalExtensions c1 (0),
		 * dlInformationTransfer-r8 (0 of 4) */
		per_bits(&w, 0, 2);
		per_bits(&w, 0, 1);
		per_bits(&w, 0, 2);
	}
	/* ...-r8-IEs: nonCriticalExtension absent (0); dedicatedInfoType: dedicatedInfoNAS (0 of 3) */
	per_bits(&w, 0, 1);
	per_bits(&w, 0, 2);
	per_octets(&w, nas, len);
	/* the message ends on an octet boundary: the last octet's free bits stay 0 */
}
