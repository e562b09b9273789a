/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the tracker API: defaults from TS 24.301 tables 10.3.1 and
 * 10.3.2, the shared vocabulary, caps and memory release, ordering of the
 * findings table, streaming callbacks, robustness against odd events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "esmtrace/nas.h"
#include "esmtrace/track.h"

/* The NAS PDU of a hex string, decoded (valid until the next call). */
static const nas_pdu *decode_hex(const char *hex, nas_dir dir)
{
	static uint8_t b[512];
	static nas_pdu pdu;
	size_t n = 0;
	for (; hex[0] && hex[1] && n < sizeof(b); hex += 2) {
		unsigned v;
		sscanf(hex, "%2x", &v);
		b[n++] = (uint8_t)v;
	}
	nas_decode(b, n, dir, NULL, &pdu);
	return &pdu;
}

static void feed_hex(track *t, track_annotation *a, double time, uint64_t frame, const char *key, nas_dir dir,
                     const char *hex)
{
	const nas_pdu *pdu = decode_hex(hex, dir);
	track_event ev;
	track_event_init(&ev, TRACK_EV_NAS, time, frame);
	ev.ue_key = key;
	ev.dir = dir;
	ev.nas = pdu;
	track_feed(t, &ev, a);
}

/* An S1AP NAS event: ids < 0 are absent. */
static void feed_s1(track *t, track_annotation *a, double time, uint64_t frame, uint64_t assoc, long mme,
                    long enb, int16_t s1ap_proc, nas_dir dir, const char *hex)
{
	const nas_pdu *pdu = decode_hex(hex, dir);
	track_event ev;
	track_event_init(&ev, TRACK_EV_NAS, time, frame);
	ev.assoc = assoc;
	ev.has_mme_ue_id = mme >= 0;
	ev.mme_ue_id = mme >= 0 ? (uint32_t)mme : 0;
	ev.has_enb_ue_id = enb >= 0;
	ev.enb_ue_id = enb >= 0 ? (uint32_t)enb : 0;
	ev.s1ap_proc = s1ap_proc;
	ev.dir = dir;
	ev.nas = pdu;
	track_feed(t, &ev, a);
}

/* Tables 10.3.1 and 10.3.2 (V17.9.0): values and the expiry that aborts. */
static void defaults_follow_the_timer_tables(void **state)
{
	(void)state;
	track_config c;
	track_config_default(&c);
	static const struct { uint8_t timer; const char *name; double s; uint8_t abort; } want[] = {
		{ TRACK_T3485, "T3485", 8, 5 }, { TRACK_T3486, "T3486", 8, 5 }, { TRACK_T3489, "T3489", 4, 3 },
		{ TRACK_T3495, "T3495", 8, 5 }, { TRACK_T3480, "T3480", 8, 5 }, { TRACK_T3481, "T3481", 8, 5 },
		{ TRACK_T3482, "T3482", 8, 5 }, { TRACK_T3492, "T3492", 6, 5 }, { TRACK_T3493, "T3493", 4, 3 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(track_timer_name(want[i].timer), want[i].name);
		assert_true(c.timer_s[want[i].timer] == want[i].s);
		assert_int_equal(c.abort_expiries[want[i].timer], want[i].abort);
	}
	assert_string_equal(track_timer_name(TRACK_T3396), "T3396");
	assert_null(track_timer_name(TRACK_TIMER_NONE));
	assert_true(c.assume_eea0);
	assert_true(c.check_ip_conflicts);
}

/* The finding codes and severities fixed for the project (plugin fields and
 * scenario expectations use the same strings). */
static void vocabulary_is_the_shared_one(void **state)
{
	(void)state;
	static const struct { uint8_t code; const char *name; const char *sev; } want[] = {
		{ TRACK_F_RETRANSMISSION, "retransmission", "note" },
		{ TRACK_F_TIMER_EXPIRY, "timer-expiry", "note" },
		{ TRACK_F_PREMATURE_RETRANSMISSION, "premature-retransmission", "warn" },
		{ TRACK_F_LATE_RETRANSMISSION, "late-retransmission", "warn" },
		{ TRACK_F_EXCESS_RETRANSMISSIONS, "excess-retransmissions", "error" },
		{ TRACK_F_PROCEDURE_ABORTED, "procedure-aborted", "warn" },
		{ TRACK_F_PENDING_AT_END, "pending-at-end", "note" },
		{ TRACK_F_RESPONSE_WITHOUT_REQUEST, "response-without-request", "warn" },
		{ TRACK_F_UNEXPECTED_MESSAGE, "unexpected-message", "warn" },
		{ TRACK_F_REJECT, "reject", "warn" },
		{ TRACK_F_DUPLICATE_ACTIVATION, "duplicate-activation", "warn" },
		{ TRACK_F_UNKNOWN_LINKED_BEARER, "unknown-linked-bearer", "warn" },
		{ TRACK_F_T3396_VIOLATION, "t3396-violation", "error" },
		{ TRACK_F_COLLISION, "collision", "warn" },
		{ TRACK_F_REACTIVATION_REQUESTED, "reactivation-requested", "note" },
		{ TRACK_F_LOCAL_DEACTIVATION, "local-deactivation", "note" },
		{ TRACK_F_BEARER_STATUS_MISMATCH, "bearer-status-mismatch", "warn" },
		{ TRACK_F_NAS_NON_DELIVERY, "nas-non-delivery", "warn" },
		{ TRACK_F_RETRANSMISSION_AFTER_RESPONSE, "retransmission-after-response", "warn" },
		{ TRACK_F_IP_CONFLICT, "ip-conflict", "error" },
		{ TRACK_F_BEARERS_RELEASED_BY_RELOCATION, "bearers-released-by-relocation", "error" },
		{ TRACK_F_CIPHERED, "ciphered", "note" },
		{ TRACK_F_MALFORMED, "malformed", "error" },
		{ TRACK_F_UNKNOWN_PRIOR_STATE, "unknown-prior-state", "note" },
		{ TRACK_F_INTEGRITY_FAILURE, "integrity-failure", "warn" },
	};
	assert_int_equal(sizeof(want) / sizeof(want[0]), TRACK_F__COUNT);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(track_code_name(want[i].code), want[i].name);
		assert_string_equal(track_severity_name(track_code_severity(want[i].code)), want[i].sev);
	}
	track *t = track_new(NULL);
	size_t n;
	const track_proc_stats *p = track_procs(t, &n);
	static const char *const procs[] = {
		"default-bearer-activation", "dedicated-bearer-activation", "bearer-modification",
		"bearer-deactivation", "pdn-connectivity", "pdn-disconnect", "bearer-resource-allocation",
		"bearer-resource-modification", "esm-information", "notification", "remote-ue-report",
		"data-transport", "esm-status",
	};
	assert_int_equal(n, sizeof(procs) / sizeof(procs[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p[i].proc, procs[i]);
	track_free(t);
}

/* Events the caller could get wrong: no NAS, an unknown kind, a malformed
 * status, S1AP events for a UE never seen. None may crash or invent a UE. */
static void odd_events_are_data(void **state)
{
	(void)state;
	track *t = track_new(NULL);
	track_annotation a;
	track_event ev;

	track_event_init(&ev, TRACK_EV_NAS, 1.0, 1);
	ev.ue_key = "x";
	ev.nas = NULL;
	assert_int_equal(track_feed(t, &ev, &a), 1);
	assert_string_equal(a.f[0].code_name, "malformed");
	assert_int_equal(a.ue, 1);

	track_event_init(&ev, TRACK_EV__COUNT + 3, 2.0, 2);
	ev.ue_key = "x";
	assert_int_equal(track_feed(t, &ev, &a), 0);

	track_event_init(&ev, TRACK_EV_UE_CTX_RELEASE_COMPLETE, 3.0, 3);
	ev.has_mme_ue_id = true;
	ev.mme_ue_id = 7;
	assert_int_equal(track_feed(t, &ev, &a), 0);
	assert_int_equal(a.ue, 0); /* an S1AP event alone creates no UE */

	track_event_init(&ev, TRACK_EV_NAS, 4.0, 4);
	ev.ue_key = "y";
	ev.nas_status = TRACK_NAS_CIPHERED;
	assert_int_equal(track_feed(t, &ev, &a), 1);
	assert_string_equal(a.f[0].code_name, "ciphered");
	assert_int_equal(a.ue, 2);

	track_counters c;
	track_get_counters(t, &c);
	assert_int_equal(c.ues_seen, 2);
	assert_int_equal(c.events, 4);
	track_free(t);
}

static void ue_cap_is_counted(void **state)
{
	(void)state;
	track_config cfg;
	track_config_default(&cfg);
	cfg.max_ues = 2;
	track *t = track_new(&cfg);
	track_annotation a;
	feed_hex(t, &a, 1, 1, "a", NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 1);
	feed_hex(t, &a, 2, 2, "b", NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 2);
	feed_hex(t, &a, 3, 3, "c", NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 0);
	track_counters c;
	track_get_counters(t, &c);
	assert_int_equal(c.ues_over_cap, 1);
	assert_int_equal(c.ues_live, 2);
	track_free(t);
}

/* After detach (5.5.2: all bearers gone) the UE's state is freed once the
 * grace period has passed; a later event under the same key is a new UE. */
static void detached_ue_is_freed_after_grace(void **state)
{
	(void)state;
	track_config cfg;
	track_config_default(&cfg);
	cfg.ue_grace_s = 10;
	track *t = track_new(&cfg);
	track_annotation a;
	feed_hex(t, &a, 1, 1, "a", NAS_UPLINK, "07417108091010000000001002e0e000040201d011");
	feed_hex(t, &a, 2, 2, "a", NAS_UPLINK, "0745010bf600f110000101c0000001");
	track_counters c;
	track_get_counters(t, &c);
	assert_int_equal(c.ues_live, 1);
	feed_hex(t, &a, 5, 3, "b", NAS_UPLINK, "0202d011");
	track_get_counters(t, &c);
	assert_int_equal(c.ues_live, 2); /* 3 s after detach: kept */
	feed_hex(t, &a, 20, 4, "b", NAS_UPLINK, "0203d011");
	track_get_counters(t, &c);
	assert_int_equal(c.ues_live, 1);
	assert_int_equal(c.ues_freed, 1);
	feed_hex(t, &a, 21, 5, "a", NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 3);
	track_free(t);
}

/* Which UE an event names (TS 36.413 UE ids are per association and per
 * side; an IMSI finds the UE again in a new S1 context, 5.5.1.2) and how the
 * rows name it: "association/MME-UE-S1AP-ID", or the replay key's first
 * TRACK_KEY_MAX - 1 characters. */
static void ue_ids_are_kept_apart(void **state)
{
	(void)state;
	const char *attach = "07417108091010000000001002e0e000040201d011"; /* IMSI 001010000000001 */
	const char *act5 = "07420121060000f110000100155201c101090908696e7465726e657405010a2d0002500bf600f110000101c0000001";
	track *t = track_new(NULL);
	track_annotation a;
	feed_s1(t, &a, 1, 1, 1, -1, 7, 12, NAS_UPLINK, attach);
	assert_int_equal(a.ue, 1);
	/* the same eNB-UE-S1AP-ID on another association: another UE */
	feed_s1(t, &a, 2, 2, 2, -1, 7, 12, NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 2);
	feed_s1(t, &a, 3, 3, 1, 7, 7, 11, NAS_DOWNLINK, act5);
	assert_int_equal(a.ue, 1);
	assert_int_equal(a.has_response_to, true);
	feed_s1(t, &a, 4, 4, 2, -1, 7, 13, NAS_UPLINK, "0203d011");
	assert_int_equal(a.ue, 2);
	feed_s1(t, &a, 5, 5, 2, 8, 7, 11, NAS_DOWNLINK, "0203d1");
	assert_int_equal(a.ue, 2);
	/* MME-UE-S1AP-ID 8 is UE 2's on association 2 only; 7 is an eNB id there */
	feed_s1(t, &a, 6, 6, 1, 8, -1, 13, NAS_UPLINK, "0204d011");
	assert_int_equal(a.ue, 3);
	feed_s1(t, &a, 7, 7, 2, 7, -1, 13, NAS_UPLINK, "0205d011");
	assert_int_equal(a.ue, 4);
	/* a new S1 context with UE 1's IMSI */
	feed_s1(t, &a, 8, 8, 3, -1, 1, 12, NAS_UPLINK, attach);
	assert_int_equal(a.ue, 1);
	size_t n;
	const track_bearer_row *rows = track_bearers(t, &n);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		if (rows[i].ue == 1 && rows[i].ebi == 5) {
			assert_string_equal(rows[i].ue_key, "1/7");
			seen = true;
		}
	assert_true(seen);
	track_free(t);

	/* replay keys: the first 63 characters name the context */
	t = track_new(NULL);
	char k1[80], k2[80];
	memset(k1, 'k', 70);
	memcpy(k2, k1, 70);
	k1[70] = '1', k2[70] = '2';
	k1[71] = k2[71] = 0;
	feed_hex(t, &a, 1, 1, k1, NAS_UPLINK, attach);
	assert_int_equal(a.ue, 1);
	feed_hex(t, &a, 2, 2, "other", NAS_UPLINK, "0202d011");
	assert_int_equal(a.ue, 2);
	feed_hex(t, &a, 3, 3, k2, NAS_DOWNLINK, act5);
	assert_int_equal(a.ue, 1);
	rows = track_bearers(t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(rows[0].ue_key), TRACK_KEY_MAX - 1);
	assert_memory_equal(rows[0].ue_key, k1, TRACK_KEY_MAX - 1);
	track_free(t);
}

static int n_procs, n_findings;
static void count_proc(void *ctx, const track_proc_record *r)
{
	(void)ctx;
	assert_non_null(r->proc);
	assert_non_null(r->outcome);
	n_procs++;
}
static void count_finding(void *ctx, const track_finding_row *r)
{
	(void)ctx;
	assert_non_null(r->f.code_name);
	n_findings++;
}

/* Most severe first; capture order among equals; caps counted. */
static void findings_table_order_and_callbacks(void **state)
{
	(void)state;
	track_config cfg;
	track_config_default(&cfg);
	cfg.on_proc = count_proc;
	cfg.on_finding = count_finding;
	track *t = track_new(&cfg);
	track_annotation a;
	n_procs = n_findings = 0;
	/* an answer nobody asked for (warn), a reject (warn), a truncated request (error; the
	 * MME still started its procedure, pending at the end: note) */
	feed_hex(t, &a, 1, 1, "a", NAS_UPLINK, "07417108091010000000001002e0e000040201d011");
	feed_hex(t, &a, 2, 2, "a", NAS_DOWNLINK, "0209d11b");                 /* response-without-request */
	feed_hex(t, &a, 3, 3, "a", NAS_DOWNLINK, "0201d11b");                 /* reject of the attach PDN */
	feed_hex(t, &a, 4, 4, "a", NAS_DOWNLINK, "6200c5");                   /* malformed */
	track_finish(t, 5);
	size_t n;
	const track_finding_row *f = track_findings(t, &n);
	assert_int_equal(n, 4);
	assert_int_equal(n_findings, 4);
	assert_string_equal(f[0].f.code_name, "malformed");
	assert_string_equal(f[1].f.code_name, "response-without-request");
	assert_int_equal(f[1].frame, 2);
	assert_string_equal(f[2].f.code_name, "reject");
	assert_int_equal(f[2].frame, 3);
	assert_string_equal(f[3].f.code_name, "pending-at-end");
	assert_int_equal(f[3].frame, 4);
	assert_true(f[3].at_finish);
	assert_int_equal(n_procs, 2); /* the attach's PDN connectivity (rejected), the activation (pending) */
	track_free(t);

	cfg.max_finding_rows = 1;
	cfg.on_proc = NULL;
	cfg.on_finding = NULL;
	t = track_new(&cfg);
	feed_hex(t, &a, 1, 1, "a", NAS_DOWNLINK, "5200ff"); /* message type not in table 9.8.2 */
	assert_int_equal(a.n_findings, 1);
	feed_hex(t, &a, 2, 2, "a", NAS_DOWNLINK, "5200ff");
	track_counters c;
	track_get_counters(t, &c);
	assert_int_equal(c.finding_rows_dropped, 1);
	track_findings(t, &n);
	assert_int_equal(n, 1);
	track_free(t);
}

/* Timers are configuration: with T3485 = 16 s a resend 8 s later is
 * premature, 16 s later normal. */
static void timer_values_are_configuration(void **state)
{
	(void)state;
	track_config cfg;
	track_config_default(&cfg);
	cfg.timer_s[TRACK_T3485] = 16;
	track *t = track_new(&cfg);
	track_annotation a;
	const char *ded = "6200c5050501404040400621310a023011";
	feed_hex(t, &a, 0, 1, "a", NAS_DOWNLINK, ded);
	feed_hex(t, &a, 8, 2, "a", NAS_DOWNLINK, ded);
	assert_int_equal(a.n_findings, 1);
	assert_string_equal(a.f[0].code_name, "premature-retransmission");
	feed_hex(t, &a, 24, 3, "a", NAS_DOWNLINK, ded);
	assert_int_equal(a.retrans_count, 2);
	assert_string_equal(a.f[0].code_name, "retransmission");
	track_free(t);
}

/* track_release: after the end, the bearers stay in the bearer table as they
 * stood (5.5.1.2.4: the default bearer of the attach is active; 6.4.4: the
 * dedicated one was deactivated), the UE's state is gone, and a later event
 * starts a new segment: the same key names a new UE. */
static void release_keeps_the_bearer_table(void **state)
{
	(void)state;
	track *t = track_new(NULL);
	track_annotation a;
	feed_hex(t, &a, 1, 1, "a", NAS_UPLINK, "07417108091010000000001002e0e000040201d011");
	feed_hex(t, &a, 2, 2, "a", NAS_DOWNLINK,
	         "07420121060000f110000100155201c101090908696e7465726e657405010a2d0002500bf600f110000101c0000001");
	feed_hex(t, &a, 3, 3, "a", NAS_UPLINK, "074300035200c2");
	feed_hex(t, &a, 4, 4, "a", NAS_DOWNLINK, "6200c5050501404040400621310a023011");
	feed_hex(t, &a, 5, 5, "a", NAS_UPLINK, "6200c6");
	feed_hex(t, &a, 6, 6, "a", NAS_DOWNLINK, "6200cd24");
	feed_hex(t, &a, 7, 7, "a", NAS_UPLINK, "6200ce");
	track_finish(t, 8);
	size_t n;
	const track_bearer_row *r = track_bearers(t, &n);
	assert_int_equal(n, 2);
	track_bearer_row before[2];
	memcpy(before, r, sizeof before);
	assert_int_equal(before[0].ebi, 6);
	assert_true(before[0].deactivated);
	assert_int_equal(before[1].ebi, 5);
	assert_false(before[1].deactivated);
	assert_string_equal(before[1].how_ended, "active at end");
	assert_string_equal(before[1].addr, "10.45.0.2");

	track_release(t);
	track_counters c;
	track_get_counters(t, &c);
	assert_int_equal(c.ues_live, 0);
	r = track_bearers(t, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(r[i].ue, before[i].ue);
		assert_int_equal(r[i].ebi, before[i].ebi);
		assert_string_equal(r[i].ue_key, before[i].ue_key);
		assert_string_equal(r[i].apn, before[i].apn);
		assert_string_equal(r[i].addr, before[i].addr);
		assert_int_equal(r[i].deactivated, before[i].deactivated);
		assert_int_equal(r[i].deactivated_frame, before[i].deactivated_frame);
		assert_int_equal(r[i].activated_frame, before[i].activated_frame);
		assert_string_equal(r[i].how_ended, before[i].how_ended);
		assert_string_equal(r[i].final_state, before[i].final_state);
	}
	feed_hex(t, &a, 9, 9, "a", NAS_DOWNLINK, "6200cd24");
	assert_int_equal(a.ue, 2);
	track_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_follow_the_timer_tables),
		cmocka_unit_test(vocabulary_is_the_shared_one),
		cmocka_unit_test(odd_events_are_data),
		cmocka_unit_test(ue_cap_is_counted),
		cmocka_unit_test(detached_ue_is_freed_after_grace),
		cmocka_unit_test(ue_ids_are_kept_apart),
		cmocka_unit_test(findings_table_order_and_callbacks),
		cmocka_unit_test(timer_values_are_configuration),
		cmocka_unit_test(release_keeps_the_bearer_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
