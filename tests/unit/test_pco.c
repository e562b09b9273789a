/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCO (24.008 10.5.6.3) and ePCO (10.5.6.3A) per shared/reference/pco.md:
 * container IDs in both directions, the "with the length of two octets"
 * containers, typed contents, unknown IDs kept with their bytes.
 */
#include "unit.h"

static unsigned ids(nas_bytes v, nas_dir dir, uint16_t *out, unsigned cap, int *err)
{
	nas_pco_iter it;
	nas_pco_item item;
	unsigned n = 0;
	*err = nas_pco_begin(&it, v, dir, 0);
	if (*err != NAS_OK)
		return 0;
	while (nas_pco_next(&it, &item))
		if (n < cap)
			out[n++] = item.id;
	*err = it.err;
	return n;
}

/* Downlink, 0x0023 (QoS rules with the length of two octets) has a 2-octet
 * length; uplink it is the support indicator with a 1-octet length, so the
 * same bytes split differently. */
static void two_octet_length_by_direction(void **state)
{
	(void)state;
	nas_bytes v = B("80 0023 0003 aabbcc 000d 04 08080808");
	uint16_t id[8];
	int err;
	unsigned n = ids(v, NAS_DOWNLINK, id, 8, &err);
	assert_int_equal(err, NAS_OK);
	assert_int_equal(n, 2);
	assert_int_equal(id[0], 0x0023);
	assert_int_equal(id[1], 0x000D);
	/* uplink: 0023 with length 00, then "03aa" with length 0xbb: runs out */
	n = ids(v, NAS_UPLINK, id, 8, &err);
	assert_int_equal(n, 1);
	assert_int_equal(id[0], 0x0023);
	assert_int_equal(err, NAS_ERR_TRUNCATED);
	assert_true(nas_pco_two_octet_length(0x0024, NAS_DOWNLINK));
	assert_true(nas_pco_two_octet_length(0x0030, NAS_DOWNLINK));
	assert_true(nas_pco_two_octet_length(0x0031, NAS_DOWNLINK));
	assert_false(nas_pco_two_octet_length(0x0031, NAS_UPLINK));
	assert_true(nas_pco_two_octet_length(0x0041, NAS_UPLINK)); /* both directions */
	assert_false(nas_pco_two_octet_length(0x000D, NAS_DOWNLINK));
}

/* ePCO uses 1-octet container lengths too (plugin notes 4, tshark-verified:
 * 7b 0008 80 000d 04 08080404). */
static void epco_one_octet_lengths(void **state)
{
	(void)state;
	decoded *d = dec("5201c101090908696e7465726e657405010a000002 7b000880000d0408080404", NAS_DIR_UNKNOWN);
	assert_true(d->pdu.valid);
	char *j = json_of(&d->pdu);
	assert_contains(j, "\"extended_protocol_configuration_options\":{");
	assert_contains(j, "\"ipv4\":\"8.8.4.4\"");
	free(j);
}

static void names_by_direction(void **state)
{
	(void)state;
	assert_string_equal(nas_pco_id_name(0x000D, NAS_UPLINK), "DNS Server IPv4 Address Request");
	assert_string_equal(nas_pco_id_name(0x000D, NAS_DOWNLINK), "DNS Server IPv4 Address");
	assert_string_equal(nas_pco_id_name(0x0005, NAS_DOWNLINK), "Selected Bearer Control Mode");
	assert_string_equal(nas_pco_id_name(0x0023, NAS_UPLINK), "QoS rules with the length of two octets support indicator");
	assert_string_equal(nas_pco_id_name(0x8021, NAS_UPLINK), "IPCP");
	assert_string_equal(nas_pco_id_name(0xC023, NAS_DOWNLINK), "PAP");
	assert_string_equal(nas_pco_id_name(0xFF00, NAS_DOWNLINK), "Operator specific use");
	assert_string_equal(nas_pco_id_name(0xFFFF, NAS_UPLINK), "Operator specific use");
	assert_string_equal(nas_pco_id_name(0x0033, NAS_DOWNLINK), "Unknown");
	/* every ID 0x0001-0x0032 in either direction has a name */
	for (uint16_t i = 1; i <= 0x0032; i++) {
		if (i >= 0x002C && i <= 0x002F)
			continue; /* unassigned in every source */
		assert_string_not_equal(nas_pco_id_name(i, NAS_UPLINK), "Unknown");
		assert_string_not_equal(nas_pco_id_name(i, NAS_DOWNLINK), "Unknown");
	}
}

static void walk_item(const char *pco_hex, nas_dir dir, rec *r)
{
	nas_pco_iter it;
	nas_pco_item item;
	memset(r, 0, sizeof(*r));
	assert_int_equal(nas_pco_begin(&it, B(pco_hex), dir, 0), NAS_OK);
	while (nas_pco_next(&it, &item)) {
		rec_put(r, "{");
		nas_pco_item_walk(&item, dir, &rec_sink, r);
		rec_put(r, "}");
	}
	assert_int_equal(it.err, NAS_OK);
}

/* Typed contents (tshark-verified values from shared/reference/pco.md). */
static void typed_contents(void **state)
{
	(void)state;
	rec r;
	/* IPCP Configure-Nak: primary DNS 8.8.8.8 (129), secondary 8.8.4.4 (131) */
	walk_item("80 8021 10 03 00 0010 8106 08080808 8306 08080404", NAS_DOWNLINK, &r);
	assert_contains(r.buf, "ipcp_code=3;ipcp_code_name=Configure-Nak;");
	assert_contains(r.buf, "type=129;type_name=Primary DNS Server IP Address;ipv4=8.8.8.8;");
	assert_contains(r.buf, "type=131;type_name=Secondary DNS Server IP Address;ipv4=8.8.4.4;");
	/* IPCP Configure-Request with 0.0.0.0 from the UE */
	walk_item("80 8021 10 01 00 0010 8106 00000000 8306 00000000", NAS_UPLINK, &r);
	assert_contains(r.buf, "ipcp_code_name=Configure-Request;");
	/* DNS IPv6, P-CSCF IPv4/IPv6, IPv4 link MTU 0x05dc = 1500, BCM 2 = MS/NW */
	walk_item("80 0003 10 20014860486000000000000000008888 000c 04 0a048015 "
	          "0001 10 fe80000000000000f8163efffe15fe34 0010 02 05dc 0005 01 02 0015 02 0500",
	          NAS_DOWNLINK, &r);
	assert_contains(r.buf, "id=3;id_hex=0x0003;name=DNS Server IPv6 Address;length=16;ipv6=2001:4860:4860::8888;");
	assert_contains(r.buf, "id=12;id_hex=0x000c;name=P-CSCF IPv4 Address;length=4;ipv4=10.4.128.21;");
	assert_contains(r.buf, "ipv6=fe80::f816:3eff:fe15:fe34;");
	assert_contains(r.buf, "id=16;id_hex=0x0010;name=IPv4 Link MTU;length=2;mtu=1500;");
	assert_contains(r.buf, "bcm=2;bcm_name=MS/NW;");
	assert_contains(r.buf, "id=21;id_hex=0x0015;name=Non-IP Link MTU;length=2;mtu=1280;");
	/* APN rate control: octet 1 bit 4 AER, bits 3-1 unit (3 = day); rate 3 octets (0x000064 = 100) */
	walk_item("80 0016 04 0b000064", NAS_DOWNLINK, &r);
	assert_contains(r.buf, "aer=1;uplink_time_unit=3;uplink_time_unit_name=day;max_uplink_rate=100;");
	/* additional APN rate control for exception data: unit (2 = hour), 2-octet rate 0x000a */
	walk_item("80 0019 03 02000a", NAS_DOWNLINK, &r);
	assert_contains(r.buf, "uplink_time_unit=2;uplink_time_unit_name=hour;max_uplink_rate=10;");
	assert_null(strstr(r.buf, "aer="));
	/* PS data off UE status (uplink): 1 = deactivated */
	walk_item("80 0017 01 01", NAS_UPLINK, &r);
	assert_contains(r.buf, "ps_data_off=1;ps_data_off_name=deactivated;");
	/* operator specific and an unknown ID: shown with their bytes */
	walk_item("80 ff00 02 abcd 0033 01 ee ffff 05 00f110 beef", NAS_DOWNLINK, &r);
	assert_contains(r.buf, "id=65280;id_hex=0xff00;name=Operator specific use;length=2;contents=abcd;");
	/* 3 octets or more: the operator's PLMN first (as tshark 4.0 reads it) */
	assert_contains(r.buf, "id=65535;id_hex=0xffff;name=Operator specific use;length=5;plmn=00101;contents=beef;");
	assert_contains(r.buf, "id=51;id_hex=0x0033;name=Unknown;length=1;contents=ee;");
}

static void malformed(void **state)
{
	(void)state;
	nas_pco_iter it;
	nas_pco_item item;
	/* configuration protocol octet without the extension bit */
	assert_int_equal(nas_pco_begin(&it, B("00 000d 00"), NAS_UPLINK, 0), NAS_WARN_RESERVED);
	assert_false(nas_pco_next(&it, &item));
	assert_int_equal(nas_pco_begin(&it, B(""), NAS_UPLINK, 0), NAS_ERR_TRUNCATED);
	/* a container longer than what is left */
	assert_int_equal(nas_pco_begin(&it, B("80 000d 04 0808"), NAS_DOWNLINK, 10), NAS_OK);
	assert_false(nas_pco_next(&it, &item));
	assert_int_equal(it.err, NAS_ERR_TRUNCATED);
	/* in a message: the error points into the PCO, what precedes is kept */
	decoded *d = dec("5201c101090908696e7465726e657405010a000002 270a 80 000d 04 08080808 000d", NAS_DIR_UNKNOWN);
	assert_false(d->pdu.valid);
	assert_true(has_diag(&d->pdu, NAS_ERR_TRUNCATED));
	assert_int_equal(first_diag(&d->pdu, NAS_ERR_TRUNCATED)->offset, 23 + 8); /* value at 23: 80, 000d 04 08080808, then 000d */
	char *j = json_of(&d->pdu);
	assert_true(json_valid(j));
	assert_contains(j, "\"ipv4\":\"8.8.8.8\"");
	assert_contains(j, "\"undecoded\":\"000d\"");
	free(j);
	/* an IPCP packet whose length overruns the container: shown raw */
	rec r;
	walk_item("80 8021 06 03 00 0010 8106", NAS_DOWNLINK, &r);
	assert_contains(r.buf, "raw=0300001081");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_octet_length_by_direction),
		cmocka_unit_test(epco_one_octet_lengths),
		cmocka_unit_test(names_by_direction),
		cmocka_unit_test(typed_contents),
		cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
