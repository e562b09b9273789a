/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte vectors shared by the unit tests: the truncation sweep and the
 * malformed-input tests run over all of them.
 *
 * "spec" vectors were built by hand from the TS 24.301 clause 8.3 tables
 * (one per ESM message) and checked with tshark 4.0.17's nas-eps dissector
 * (dissect_plain on): every vector decodes there with no expert error.
 * "capture" vectors are NAS-PDUs taken from ../shared/pcaps with
 * `tshark -T fields -e s1ap.NAS_PDU -e s1ap.nAS_PDU` (or the GSMTAP payload for
 * the qcsuper UE-side captures); their expected values in test_real.c were
 * read from tshark's own decode of the same bytes.
 */
#ifndef ESMTRACE_VECTORS_H
#define ESMTRACE_VECTORS_H

#include "esmtrace/nas.h"

typedef struct {
	const char *name;
	const char *hex;
} vector;

/* One per ESM message of 24.301 8.3 (27), plain. */
static const vector spec_vectors[] = {
	{ "8.3.6 act default req (wireshark-plugin-notes 4)", "5201c101090908696e7465726e657405010a000002270880000d0408080808" },
	{ "8.3.4 act default accept + PCO DNS request", "5201c227048000" "0d00" },
	{ "8.3.5 act default reject #31", "5201c31f" },
	{ "8.3.3 act dedicated req (wireshark-plugin-notes 4)", "6200c50501050d21310009100a000001ffffffff" },
	{ "8.3.1 act dedicated accept", "6200c6" },
	{ "8.3.2 act dedicated reject #44", "6200c72c" },
	{ "8.3.18 modify req: QoS, TFT delete filter, APN-AMBR ext-2", "6200c95b0501404040403602a1015e06fefe7f7f0202" },
	{ "8.3.16 modify accept", "6200ca" },
	{ "8.3.17 modify reject #37", "6200cb25" },
	{ "8.3.12 deactivate req #36, T3396 1 h, WLAN offload", "6200cd24370121c3" },
	{ "8.3.11 deactivate accept", "6200ce" },
	{ "8.3.20 PDN connectivity req IPv4v6, EIT, APN, PCO", "0201d031d1280908696e7465726e6574271d8080211001000010810600000000830600000000000d00000300000a00" },
	{ "8.3.19 PDN connectivity reject #27, back-off 1 h, re-attempt", "0201d11b3701216b0101" },
	{ "8.3.22 PDN disconnect req LBI 5", "0202d205" },
	{ "8.3.21 PDN disconnect reject #49", "0202d331" },
	{ "8.3.8 bearer resource allocation req", "0203d4050961200005300650" "13c40501404040" "40" },
	{ "8.3.7 bearer resource allocation reject #43", "0203d52b" },
	{ "8.3.10 bearer resource modification req", "0204d60501405824" },
	{ "8.3.9 bearer resource modification reject #45", "0204d72d" },
	{ "8.3.13 ESM information req", "0205d9" },
	{ "8.3.14 ESM information response APN ims", "0205da280403696d73" },
	{ "8.3.18A notification SRVCC cancelled", "0200db0101" },
	{ "8.3.12A ESM dummy message", "0200dc" },
	{ "8.3.15 ESM status #81", "0206e851" },
	{ "8.3.23 remote UE report", "0207e9790001006f0501c0a80001" },
	{ "8.3.24 remote UE report response", "0207ea" },
	{ "8.3.25 ESM data transport", "0200eb0004deadbeeff1" },
};

/* Real NAS-PDUs (see test_real.c for what tshark says about each). */
static const vector capture_vectors[] = {
	/* 0: s1ap_iphone6: ATTACH REQUEST (integrity protected) + PDN CONNECTIVITY REQUEST */
	{ "iphone6 attach request", "17c0c8102d0b0741020bf61300148001010000000105e060c0401900240204d011d1271d8080211001000010810600000000830600000000000d00000a000010005213001400015c0a003103e5e03e13130014000111035758a6200b6014046f65230200243c2040080402600000021f005d0103e0c1" },
	/* 1: s1ap_iphone6: ATTACH ACCEPT (type 2, EEA0) + ACTIVATE DEFAULT, GUTI, MS identity TMSI */
	{ "iphone6 attach accept", "27756d9fd702074202e00600130014000100285204c101090c0b6e787467656e70686f6e650501c0a80381270e8080210a0300000a8106c0a8a801500bf61300148001010000000113130014000123050400000001640101" },
	/* 2: s1ap_iphone6: ACTIVATE DEFAULT ims, IPv4v6, P-CSCF v4/v6 */
	{ "iphone6 act default ims", "277def620a036205c101050403696d730d03fd00018300010001c0a8030227288080210a0300000a8106c0a8a801000c04c0a8a8b7000110fd010000000000000000000000000183" },
	/* 3: open5gs_volte_call_dedicated_bearer: ACTIVATE DEDICATED with 2-filter TFT */
	{ "volte dedicated bearer", "276489306f117200c5060501282828283b2210011a301111c0a86502ffffffff100a048015ffffffff40c3885079fa21021a301111c0a86502ffffffff100a048015ffffffff40c3885079fa" },
	/* 4: s1ap_iphone6: DETACH REQUEST (UE originating, switch off) with GUTI */
	{ "iphone6 detach request", "27acd9244d0b07450b0bf613001480010100000001" },
	/* 5: open5gs_srsenb_2019: SERVICE REQUEST */
	{ "service request", "c7008fff" },
	/* 6: qcsuper attach_rej_esmcause50 (NAS log copy): TAU REQUEST with old GUTI, bearer status */
	{ "qcsuper TAU request", "0748110bf600f110800101c60cc2be5807f07000001880a05200f1100002570260001300f110000111034f18a4f15d0107e0c110020cc06f04f0007000" },
	/* 7: open5gs_testsuite: TAU ACCEPT with EPS bearer context status */
	{ "open5gs TAU accept", "0749005a4954062000f1103039570260005949640101" },
	/* 8: qcsuper: ATTACH REJECT #8 */
	{ "qcsuper attach reject", "074408" },
	/* 9: qcsuper: ciphered (type 2) uplink: must not decode */
	{ "qcsuper ciphered uplink", "27d948f10f01f38665183593a7" },
	/* 10: open5gs_testsuite: PDN CONNECTIVITY REJECT #27 */
	{ "open5gs PDN connectivity reject", "2783f87b87070209d11b" },
	/* 11: open5gs_testsuite: MODIFY EPS BEARER CONTEXT REQUEST with 4-filter TFT */
	{ "open5gs modify request", "276ce4e9c7067205c9366924140117301111ac14a654ffffffff10ac128014ffffffff504e21250217301111ac128014ffffffff10ac14a654ffffffff504f88160317301111ac14a654ffffffff10ac128014ffffffff504e22270417301111ac128014ffffffff10ac14a654ffffffff504f89" },
	/* 12: s1ap_iphone6: DEACTIVATE EPS BEARER CONTEXT REQUEST #36 */
	{ "iphone6 deactivate request", "27bacc6133046206cd24" },
	/* 13: s1ap_iphone6: PDN DISCONNECT REQUEST */
	{ "iphone6 PDN disconnect request", "279c434efe090206d206" },
	/* 14: magma: ESM INFORMATION RESPONSE with PCO requests incl. PDU session ID */
	{ "ESM information response", "270c03129a010201da280908696e7465726e657427278080211001010010810600000000830600000000000a00000d00000500001100001000001a0105" },
	/* 15: EMM STATUS #101 */
	{ "EMM status", "276941dec802076065" },
	/* 16: open5gs_volte_ims_registration: ATTACH ACCEPT + ACTIVATE DEFAULT with ESM cause #50 */
	{ "open5gs attach accept cause 50", "271af201c40f07420249062000f1100001003b5246c101090908696e7465726e65740501c0a86406583227228080211002000010810608080808830608080404000d0408080808000d04080804045949640101" },
	/* 17: open5gs_volte_ims_registration: PDN CONNECTIVITY REQUEST ims */
	{ "open5gs PDN connectivity request ims", "27df08c9b4150247d031280403696d73272f8080211001000010810600000000830600000000000d00000300000100000c00000200000a00000500001000001100" },
	/* 18: open5gs_volte_ims_registration: ACTIVATE DEFAULT ims with APN-AMBR, DNS v4/v6, P-CSCF v4/v6 */
	{ "open5gs act default ims", "27bb449bce116247c101050403696d730501c0a865025e02b38e583227628080211002000010810608080808830608080404000d0408080808000d04080804040003102001486048600000000000000000888800031020014860486000000000000000008844000110fe80000000000000f8163efffe15fe34000c040a048015" },
	/* 19: ltesniffer_ul_rrc_nas_attach (LTE RRC dedicatedInfoNAS, a real phone): ATTACH REQUEST,
	 * PDN CONNECTIVITY REQUEST with device properties (type 1 IEI 0xC-) and MSISDN request */
	{ "ltesniffer attach request", "177d46bf96040741020bf609f15500011acd5d47ec06f0f00000100000280201d011d127208080211001000010810600000000830600000000000d00000a00000e00001000c05209f15500075c10041309f155000111033358a2f15d0104e0c110025d40" },
};

#define N_VEC(a) (sizeof(a) / sizeof((a)[0]))

#endif
