/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Typed IE decoders against the codings of TS 24.301 clause 9.9 (and the
 * 24.008 codings it refers to, as given in shared/reference/esm-ies.md).
 * Expected values are worked out from the spec tables in the comments.
 */
#include "unit.h"

/* 9.9.4.3 table 9.9.4.3.1: basic octet, boundaries of each range. */
static void eps_qos_basic_rates(void **state)
{
	(void)state;
	static const struct { const char *hex; uint64_t kbps; } t[] = {
		{ "01 01 00 00 00", 1 },    /* 0x01: 1 kbit/s */
		{ "01 3f 00 00 00", 63 },   /* 0x3f: 63 */
		{ "01 40 00 00 00", 64 },   /* 0x40: 64 + 0*8 */
		{ "01 7f 00 00 00", 568 },  /* 0x7f: 64 + 63*8 */
		{ "01 80 00 00 00", 576 },  /* 0x80: 576 + 0*64 */
		{ "01 fe 00 00 00", 8640 }, /* 0xfe: 576 + 126*64 */
		{ "01 ff 00 00 00", 0 },    /* 0xff: 0 kbit/s */
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		nas_eps_qos q;
		assert_int_equal(nas_decode_eps_qos(B(t[i].hex), &q), NAS_OK);
		assert_int_equal(q.qci, 1);
		assert_true(q.has_rates);
		assert_int_equal(q.mbr_ul, t[i].kbps);
	}
}

/* Extended octets (octets 8-11): non-zero replaces the basic octet. */
static void eps_qos_extended_rates(void **state)
{
	(void)state;
	static const struct { uint8_t e; uint64_t kbps; } t[] = {
		{ 0x01, 8700 },   /* 8600 + 1*100 */
		{ 0x4a, 16000 },  /* 8600 + 74*100 */
		{ 0x4b, 17000 },  /* 16000 + (0x4b-0x4a)*1000 */
		{ 0xba, 128000 }, /* 16000 + 112*1000 */
		{ 0xbb, 130000 }, /* 128000 + 1*2000 */
		{ 0xfa, 256000 }, /* 128000 + 64*2000 */
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t b[9] = { 9, 0xfe, 0x10, 0xfe, 0xfe, t[i].e, 0, 0, 0 };
		nas_eps_qos q;
		assert_int_equal(nas_decode_eps_qos((nas_bytes){ b, 9 }, &q), NAS_OK);
		assert_int_equal(q.mbr_ul, t[i].kbps);
		assert_int_equal(q.mbr_dl, 16);   /* ext 0: basic 0x10 = 16 kbit/s */
		assert_int_equal(q.gbr_ul, 8640); /* basic 0xfe */
	}
}

/* Extended-2 octets (octets 12-15) replace both lower octets. */
static void eps_qos_extended2_rates(void **state)
{
	(void)state;
	static const struct { uint8_t x; uint64_t kbps; } t[] = {
		{ 0x01, 260000 },   /* 256000 + 1*4000 */
		{ 0x3d, 500000 },   /* 256000 + 61*4000 */
		{ 0x3e, 510000 },   /* 500000 + 1*10000 */
		{ 0xa1, 1500000 },  /* 500000 + 100*10000 */
		{ 0xa2, 1600000 },  /* 1500000 + 1*100000 */
		{ 0xf6, 10000000 }, /* 1500000 + 85*100000 = 10 Gbit/s */
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t b[13] = { 1, 0xfe, 0xfe, 0xfe, 0xfe, 0xfa, 0xfa, 0xfa, 0xfa, 0, t[i].x, 0, 0 };
		nas_eps_qos q;
		assert_int_equal(nas_decode_eps_qos((nas_bytes){ b, 13 }, &q), NAS_OK);
		assert_int_equal(q.mbr_ul, 256000); /* ext 0xfa, ext-2 0 */
		assert_int_equal(q.mbr_dl, t[i].kbps);
	}
}

static void eps_qos_lengths(void **state)
{
	(void)state;
	nas_eps_qos q;
	assert_int_equal(nas_decode_eps_qos(B("09"), &q), NAS_OK);
	assert_false(q.has_rates);
	assert_int_equal(nas_decode_eps_qos(B(""), &q), NAS_ERR_TRUNCATED);
	assert_int_equal(nas_decode_eps_qos(B("09 01"), &q), NAS_ERR_BAD_LENGTH);      /* 2: not 1/5/9/13 */
	assert_int_equal(nas_decode_eps_qos(B("01 01 01 01 01 01"), &q), NAS_ERR_BAD_LENGTH);
}

/* 9.9.4.30: unit 2 = 1 Mbit/s, value 10000 -> 10 Gbit/s; unit 7 = 1 Gbit/s,
 * value 20 -> 20 Gbit/s; unit 0 "not used" = 200 kbit/s. */
static void extended_eps_qos(void **state)
{
	(void)state;
	nas_ext_eps_qos x;
	assert_int_equal(nas_decode_ext_eps_qos(B("02 2710 0014 07 0014 0001"), &x), NAS_OK);
	assert_int_equal(x.mbr_ul, 10000000);   /* 0x2710 = 10000 x 1000 kbit/s */
	assert_int_equal(x.mbr_dl, 20000);      /* 0x14 = 20 x 1000 */
	assert_int_equal(x.gbr_ul, 20000000);   /* 20 x 1 Gbit/s */
	assert_int_equal(x.gbr_dl, 1000000);
	assert_int_equal(nas_decode_ext_eps_qos(B("00 0001 0000 0c 0001 0000"), &x), NAS_OK);
	assert_int_equal(x.mbr_ul, 200);
	assert_int_equal(x.gbr_ul, 1000000000); /* unit 12 = 1 Tbit/s */
	assert_int_equal(nas_decode_ext_eps_qos(B("02 2710 0014 07 0014"), &x), NAS_ERR_BAD_LENGTH);
}

/* 9.9.4.2. tshark reads b3/8e as 3840/1472 kbit/s (576 + 0x33*64, 576 + 0x0e*64). */
static void apn_ambr(void **state)
{
	(void)state;
	nas_ambr a;
	assert_int_equal(nas_decode_apn_ambr(B("b3 8e"), &a), NAS_OK);
	assert_int_equal(a.dl, 3840);
	assert_int_equal(a.ul, 1472);
	/* ext: dl 0x4b -> 17000; ul 0 -> basic 0x40 = 64 */
	assert_int_equal(nas_decode_apn_ambr(B("fe 40 4b 00"), &a), NAS_OK);
	assert_int_equal(a.dl, 17000);
	assert_int_equal(a.ul, 64);
	/* ext-2 adds x*256 Mbit/s; 0xff is read as 0; ext 0xfb+ read as 0xfa */
	assert_int_equal(nas_decode_apn_ambr(B("fe fe fa fb 01 ff"), &a), NAS_OK);
	assert_int_equal(a.dl, 256000 + 256000);
	assert_int_equal(a.ul, 256000);
	assert_int_equal(nas_decode_apn_ambr(B("fe fe fe"), &a), NAS_ERR_BAD_LENGTH);
	assert_int_equal(nas_decode_apn_ambr(B("fe"), &a), NAS_ERR_TRUNCATED);
}

/* 9.9.4.29: unit 3 = 4 Mbit/s, unit 4 = 16 Mbit/s (tshark: 03 0001 -> 4 Mbps,
 * 04 0002 -> 32 Mbps); units 0-2 read as 4 Mbit/s; unit 7 = 1 Gbit/s. */
static void extended_apn_ambr(void **state)
{
	(void)state;
	nas_ambr a;
	assert_int_equal(nas_decode_ext_apn_ambr(B("03 0001 04 0002"), &a), NAS_OK);
	assert_int_equal(a.dl, 4000);
	assert_int_equal(a.ul, 32000);
	assert_int_equal(nas_decode_ext_apn_ambr(B("00 0001 07 0041"), &a), NAS_OK);
	assert_int_equal(a.dl, 4000);
	assert_int_equal(a.ul, 65000000); /* 65 x 1 Gbit/s */
	assert_int_equal(nas_decode_ext_apn_ambr(B("03 0001 04"), &a), NAS_ERR_BAD_LENGTH);
}

/* 9.9.4.1 / 23.003 9.1: length-prefixed labels. */
static void access_point_name(void **state)
{
	(void)state;
	char apn[NAS_APN_MAX];
	assert_int_equal(nas_decode_apn(B("08 696e7465726e6574"), apn), NAS_OK);
	assert_string_equal(apn, "internet");
	assert_int_equal(nas_decode_apn(B("03 696d73 06 6d6e63303031 06 6d6363303031 04 67707273"), apn), NAS_OK);
	assert_string_equal(apn, "ims.mnc001.mcc001.gprs");
	assert_int_equal(nas_decode_apn(B("09 696e7465726e6574"), apn), NAS_ERR_BAD_VALUE); /* label overruns */
	assert_int_equal(nas_decode_apn(B("03 696d73 00"), apn), NAS_ERR_BAD_VALUE);        /* empty label */
	/* 100 octets of labels (the most the IE carries) fit the buffer */
	uint8_t big[100];
	for (unsigned i = 0; i < 100; i += 10) {
		big[i] = 9;
		memset(big + i + 1, 'a', 9);
	}
	assert_int_equal(nas_decode_apn((nas_bytes){ big, 100 }, apn), NAS_OK);
	assert_int_equal(strlen(apn), 99);
	uint8_t bigger[101] = { 0 };
	assert_int_equal(nas_decode_apn((nas_bytes){ bigger, 101 }, apn), NAS_ERR_BAD_LENGTH);
}

/* 9.9.4.9 */
static void pdn_address(void **state)
{
	(void)state;
	nas_pdn_address a;
	assert_int_equal(nas_decode_pdn_address(B("01 c0a80381"), &a), NAS_OK);
	assert_int_equal(a.type, 1);
	assert_true(a.has_ipv4);
	assert_false(a.has_ipv6_iid);
	assert_memory_equal(a.ipv4, "\xc0\xa8\x03\x81", 4);
	assert_int_equal(nas_decode_pdn_address(B("02 0000000000000001"), &a), NAS_OK);
	assert_true(a.has_ipv6_iid);
	assert_int_equal(a.ipv6_iid[7], 1);
	/* IPv4v6: interface identifier first, then IPv4 (tshark: ::fd00:183:1:1, 192.168.3.2) */
	assert_int_equal(nas_decode_pdn_address(B("03 fd00018300010001 c0a80302"), &a), NAS_OK);
	assert_true(a.has_ipv4 && a.has_ipv6_iid);
	assert_memory_equal(a.ipv6_iid, "\xfd\x00\x01\x83\x00\x01\x00\x01", 8);
	assert_memory_equal(a.ipv4, "\xc0\xa8\x03\x02", 4);
	assert_int_equal(nas_decode_pdn_address(B("05 00000000"), &a), NAS_OK); /* non IP */
	assert_int_equal(nas_decode_pdn_address(B("06 00000000"), &a), NAS_OK); /* Ethernet */
	assert_int_equal(nas_decode_pdn_address(B("01 c0a803"), &a), NAS_ERR_BAD_LENGTH);
	assert_int_equal(nas_decode_pdn_address(B("03 c0a80381"), &a), NAS_ERR_BAD_LENGTH);
	assert_int_equal(nas_decode_pdn_address(B("04 00000000"), &a), NAS_WARN_RESERVED);
	/* bits 8-4 are spare: ignored */
	assert_int_equal(nas_decode_pdn_address(B("f9 0a000001"), &a), NAS_OK);
	assert_int_equal(a.type, 1);
}

/* 24.008 10.5.7.4a GPRS timer 3: unit in bits 8-6, value bits 5-1. */
static void gprs_timer3(void **state)
{
	(void)state;
	static const struct { uint8_t b; uint64_t s; } t[] = {
		{ 0x05, 3000 },    /* 000: 10 min x 5 */
		{ 0x21, 3600 },    /* 001: 1 h x 1 */
		{ 0x45, 180000 },  /* 010: 10 h x 5 = 50 h (tshark: 0x45 -> 50 h) */
		{ 0x7f, 62 },      /* 011: 2 s x 31 */
		{ 0x82, 60 },      /* 100: 30 s x 2 */
		{ 0xa3, 180 },     /* 101: 1 min x 3 */
		{ 0xc2, 7200 },    /* 110: 320 h only for T3312/T3412 ext, else 1 h (NOTE 1): 2 h */
		{ 0x20, 0 },       /* value 0 */
	};
	nas_timer x;
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(nas_decode_gprs_timer3((nas_bytes){ &t[i].b, 1 }, &x), NAS_OK);
		assert_false(x.deactivated);
		assert_int_equal(x.seconds, t[i].s);
	}
	assert_int_equal(nas_decode_gprs_timer3(B("e5"), &x), NAS_OK);
	assert_true(x.deactivated);
	assert_int_equal(nas_decode_gprs_timer3(B("2121"), &x), NAS_ERR_BAD_LENGTH);
}

/* 24.008 10.5.7.3 GPRS timer: 000 2 s, 001 1 min, 010 decihours, 111 deactivated. */
static void gprs_timer(void **state)
{
	(void)state;
	nas_timer x;
	assert_int_equal(nas_decode_gprs_timer(B("05"), &x), NAS_OK);
	assert_int_equal(x.seconds, 10);
	assert_int_equal(nas_decode_gprs_timer(B("21"), &x), NAS_OK);
	assert_int_equal(x.seconds, 60);
	assert_int_equal(nas_decode_gprs_timer(B("49"), &x), NAS_OK); /* 9 decihours = 54 min */
	assert_int_equal(x.seconds, 3240);
	assert_int_equal(nas_decode_gprs_timer(B("e0"), &x), NAS_OK);
	assert_true(x.deactivated);
	assert_int_equal(nas_decode_gprs_timer2(B("5a"), &x), NAS_OK);
	assert_int_equal(x.seconds, 26 * 360);
}

/* 24.008 10.5.6.12: every packet filter component type with its value length. */
static void tft_component_types(void **state)
{
	(void)state;
	static const struct { uint8_t type; uint8_t len; } t[] = {
		{ 0x10, 8 }, { 0x11, 8 }, { 0x20, 32 }, { 0x21, 17 }, { 0x23, 17 }, { 0x30, 1 }, { 0x40, 2 },
		{ 0x41, 4 }, { 0x50, 2 }, { 0x51, 4 }, { 0x60, 4 }, { 0x70, 2 }, { 0x80, 3 }, { 0x81, 6 },
		{ 0x82, 6 }, { 0x83, 2 }, { 0x84, 2 }, { 0x85, 1 }, { 0x86, 1 }, { 0x87, 2 },
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t b[64] = { 0x21, 0x31, 0x07, (uint8_t)(1 + t[i].len), t[i].type };
		nas_tft x;
		for (unsigned k = 0; k < t[i].len; k++)
			b[5 + k] = (uint8_t)(k + 1);
		assert_int_equal(nas_decode_tft((nas_bytes){ b, 5u + t[i].len }, &x), NAS_OK);
		assert_int_equal(x.f[0].n_comp, 1);
		assert_int_equal(x.f[0].comp[0].type, t[i].type);
		assert_int_equal(x.f[0].comp[0].v.len, t[i].len);
		assert_int_equal(x.f[0].precedence, 7);
		/* one octet short: the component overruns the filter */
		b[3]--;
		assert_int_equal(nas_decode_tft((nas_bytes){ b, 4u + t[i].len }, &x), NAS_ERR_BAD_LENGTH);
		assert_string_not_equal(nas_tft_component_name(t[i].type), "Unknown");
	}
}

/* Structure errors are errors; TFT operation errors and reserved component
 * types (24.301 6.4.2.4 b, c: the UE rejects with #41-#45) leave the IE
 * well-formed and are "semantic" warnings. */
static void tft_errors(void **state)
{
	(void)state;
	nas_tft x;
	/* reserved component type 0x99: the rest of that filter is skipped, the
	 * next filter is still read */
	assert_int_equal(nas_decode_tft(B("22 31 00 02 99 00 32 01 02 30 06"), &x), NAS_WARN_SEMANTIC);
	assert_int_equal(x.f[0].n_comp, 0);
	assert_int_equal(x.f[1].id, 2);
	assert_int_equal(x.f[1].comp[0].type, 0x30);
	/* create new TFT with no filter (6.4.2.4 b 1) */
	assert_int_equal(nas_decode_tft(B("20"), &x), NAS_WARN_SEMANTIC);
	/* delete existing TFT with a filter list: the list is not walked */
	assert_int_equal(nas_decode_tft(B("41"), &x), NAS_WARN_SEMANTIC);
	/* two filters announced, one present */
	assert_int_equal(nas_decode_tft(B("22 31 00 02 30 11"), &x), NAS_ERR_TRUNCATED);
	/* bytes after the last filter without the E bit */
	assert_int_equal(nas_decode_tft(B("21 31 00 02 30 11 ff"), &x), NAS_ERR_TRAILING);
	/* delete existing TFT followed by a list it should not have */
	assert_int_equal(nas_decode_tft(B("41 01"), &x), NAS_ERR_TRAILING);
	/* delete filters: ids only */
	assert_int_equal(nas_decode_tft(B("a2 01 02"), &x), NAS_OK);
	assert_int_equal(x.f[1].id, 2);
	assert_int_equal(nas_decode_tft(B("a2 01"), &x), NAS_ERR_TRUNCATED);
}

/* E bit: parameters list {id, length, contents} after the filters. */
static void tft_parameters(void **state)
{
	(void)state;
	nas_tft x;
	/* no TFT operation (6), E = 1, 0 filters: 0xd0; flow identifier (2), 4 octets */
	assert_int_equal(nas_decode_tft(B("d0 02 04 0001 0002 03 01 05"), &x), NAS_OK);
	assert_int_equal(x.op, 6);
	assert_true(x.e_bit);
	assert_int_equal(x.params.len, 9);
	assert_int_equal(x.params.p[0], 2);
	assert_int_equal(nas_decode_tft(B("d0 02 04 0001"), &x), NAS_ERR_TRUNCATED);
}

/* More components than the decoder keeps: counted, reported as a cap. */
static void tft_component_cap(void **state)
{
	(void)state;
	uint8_t b[4 + 2 * 20] = { 0x21, 0x31, 0x00, 40 };
	nas_tft x;
	for (unsigned i = 0; i < 20; i++) {
		b[4 + 2 * i] = 0x30;
		b[5 + 2 * i] = (uint8_t)i;
	}
	assert_int_equal(nas_decode_tft((nas_bytes){ b, sizeof(b) }, &x), NAS_WARN_CAP);
	assert_int_equal(x.f[0].n_comp, NAS_TFT_MAX_COMPONENTS);
	/* the check on the decode path needs no storage: no cap there */
	assert_int_equal(nas_ie_check(NAS_IE_TFT, (nas_bytes){ b, sizeof(b) }, NAS_DOWNLINK, NULL), NAS_OK);
}

/* 9.9.3.12 EPS mobile identity and 24.008 10.5.1.4 mobile identity. */
static void identities(void **state)
{
	(void)state;
	nas_identity id;
	/* IMSI 001010123456789 (odd): 09 | 10 | 10 | 10 | 32 | 54 | 76 | 98 */
	assert_int_equal(nas_decode_identity(B("09 10 10 10 32 54 76 98"), true, &id), NAS_OK);
	assert_int_equal(id.kind, NAS_ID_IMSI);
	assert_string_equal(id.digits, "001010123456789");
	/* IMEISV (24.008 type 3, even, 0xF filler): tshark 8633050412100851 */
	assert_int_equal(nas_decode_identity(B("83 36 03 05 14 12 00 58 f1"), false, &id), NAS_OK);
	assert_int_equal(id.kind, NAS_ID_IMEISV);
	assert_string_equal(id.digits, "8633050412100851");
	/* the same type 3 in an EPS mobile identity is an IMEI */
	assert_int_equal(nas_decode_identity(B("3b 10 10 10 32 54 76 98"), true, &id), NAS_OK);
	assert_int_equal(id.kind, NAS_ID_IMEI);
	/* GUTI, tshark: MCC 310 MNC 410, MME group 32769, MME code 1, M-TMSI 1 */
	assert_int_equal(nas_decode_identity(B("f6 130014 8001 01 00000001"), true, &id), NAS_OK);
	assert_int_equal(id.kind, NAS_ID_GUTI);
	assert_string_equal(id.plmn, "310410");
	assert_int_equal(id.mmegi, 32769);
	assert_int_equal(id.mmec, 1);
	assert_int_equal(id.m_tmsi, 1);
	/* 2-digit MNC: 00f110 = MCC 001 MNC 01 */
	assert_int_equal(nas_decode_identity(B("f6 00f110 8001 01 c60cc2be"), true, &id), NAS_OK);
	assert_string_equal(id.plmn, "00101");
	assert_int_equal(id.m_tmsi, 0xc60cc2be);
	/* TMSI */
	assert_int_equal(nas_decode_identity(B("f4 00000001"), false, &id), NAS_OK);
	assert_int_equal(id.kind, NAS_ID_TMSI);
	assert_int_equal(id.m_tmsi, 1);
	/* GUTI of the wrong length */
	assert_int_equal(nas_decode_identity(B("f6 00f110 8001 01 c60cc2"), true, &id), NAS_ERR_BAD_LENGTH);
}

static void value_names(void **state)
{
	(void)state;
	assert_string_equal(nas_esm_cause_name(36), "Regular deactivation");
	assert_string_equal(nas_esm_cause_name(50), "PDN type IPv4 only allowed");
	assert_string_equal(nas_esm_cause_name(200), "Unknown cause");
	assert_string_equal(nas_emm_cause_name(8), "EPS services and non-EPS services not allowed");
	assert_string_equal(nas_sec_hdr_name(2), "Integrity protected and ciphered");
	assert_string_equal(nas_sec_hdr_name(7), "Reserved");
	assert_string_equal(nas_pdn_type_name(3), "IPv4v6");
	assert_string_equal(nas_request_type_name(4), "Emergency");
	assert_string_equal(nas_tft_op_name(5), "Delete packet filters from existing TFT");
	assert_string_equal(nas_diag_code_name(NAS_ERR_TRUNCATED), "truncated");
	char t[40];
	static const uint8_t a1[16] = { 0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88 };
	nas_ipv6_text(a1, t);
	assert_string_equal(t, "2001:4860:4860::8888"); /* as tshark prints it */
	static const uint8_t a2[16] = { 0 };
	nas_ipv6_text(a2, t);
	assert_string_equal(t, "::");
	static const uint8_t a3[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xf8, 0x16, 0x3e, 0xff, 0xfe, 0x15, 0xfe, 0x34 };
	nas_ipv6_text(a3, t);
	assert_string_equal(t, "fe80::f816:3eff:fe15:fe34");
	static const uint8_t a4[16] = { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
	nas_ipv6_text(a4, t);
	assert_string_equal(t, "1:0:1::1:0:0"); /* longest zero run wins; a single zero group stays */
}

/* nas_ie_check reports the offset of the problem inside the value. */
static void check_offsets(void **state)
{
	(void)state;
	uint32_t bad = 99;
	assert_int_equal(nas_ie_check(NAS_IE_APN, B("03 696d73 09 6162"), NAS_UPLINK, &bad), NAS_ERR_BAD_VALUE);
	assert_int_equal(bad, 4);
	assert_int_equal(nas_ie_check(NAS_IE_TFT, B("21 31 00 04 30 11 99 00"), NAS_DOWNLINK, &bad), NAS_WARN_SEMANTIC);
	assert_int_equal(bad, 6);
	assert_int_equal(nas_ie_check(NAS_IE_TFT, B("21 31 00 04 30 11 40 00"), NAS_DOWNLINK, &bad), NAS_ERR_BAD_LENGTH);
	assert_int_equal(bad, 6);
	assert_int_equal(nas_ie_check(NAS_IE_REMOTE_UE_LIST, B("02 01 aa"), NAS_UPLINK, &bad), NAS_ERR_TRUNCATED);
	assert_int_equal(nas_ie_check(NAS_IE_REMOTE_UE_LIST, B("01 01 aa ff"), NAS_UPLINK, &bad), NAS_ERR_TRAILING);
	assert_int_equal(bad, 3);
	assert_int_equal(nas_ie_check(NAS_IE_PKMF_ADDRESS, B("02 c0a80001"), NAS_UPLINK, &bad), NAS_ERR_BAD_LENGTH);
	assert_int_equal(nas_ie_check(NAS_IE_SERVING_PLMN_RATE, B("ffff"), NAS_DOWNLINK, &bad), NAS_OK);
	assert_int_equal(nas_ie_check(NAS_IE_HDR_COMPRESSION, B("01 00"), NAS_DOWNLINK, &bad), NAS_ERR_BAD_LENGTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eps_qos_basic_rates),
		cmocka_unit_test(eps_qos_extended_rates),
		cmocka_unit_test(eps_qos_extended2_rates),
		cmocka_unit_test(eps_qos_lengths),
		cmocka_unit_test(extended_eps_qos),
		cmocka_unit_test(apn_ambr),
		cmocka_unit_test(extended_apn_ambr),
		cmocka_unit_test(access_point_name),
		cmocka_unit_test(pdn_address),
		cmocka_unit_test(gprs_timer3),
		cmocka_unit_test(gprs_timer),
		cmocka_unit_test(tft_component_types),
		cmocka_unit_test(tft_errors),
		cmocka_unit_test(tft_parameters),
		cmocka_unit_test(tft_component_cap),
		cmocka_unit_test(identities),
		cmocka_unit_test(value_names),
		cmocka_unit_test(check_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
