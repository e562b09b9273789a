/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target over event sequences: the input is read as a list of
 * events (kind, time step that may go backwards, UE slot with id reuse, S1AP
 * ids, E-RAB mask, cause, then NAS bytes decoded by nas_decode). Half of the
 * NAS messages are built from a valid ESM header with a fuzzed tail so that
 * the tracker's state machine is reached, not only the decoder's errors.
 * Checks: no crash, no sanitizer report, bounded state (live UEs never above
 * the cap), the queries and finish work at any point, the history callbacks
 * hand over complete records.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/nas.h"
#include "esmtrace/track.h"

typedef struct {
	const uint8_t *p;
	size_t n;
} cur;

static uint8_t take(cur *c)
{
	if (!c->n)
		return 0;
	c->n--;
	return *c->p++;
}

static const uint8_t esm_types[] = {
	0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xD0, 0xD1, 0xD2,
	0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD9, 0xDA, 0xDB, 0xDC, 0xE8, 0xE9, 0xEA, 0xEB,
};
static const char *const keys[] = { "a", "b", "c", "d", "e", "f", "g", "h" };

/* The history callbacks: what they hand over must be readable and sane. */
static void on_state(void *ctx, const track_state_change *c)
{
	(void)ctx;
	if (!c->bearer || c->bearer->ebi < 1 || c->bearer->ebi > 15 || !c->mme_before || !c->ue_before ||
	    !c->bearer->final_state || !c->bearer->final_ue_state || strlen(c->bearer->ue_key) >= TRACK_KEY_MAX)
		abort();
}

static void on_timer(void *ctx, const track_timer_run *r)
{
	(void)ctx;
	if (!track_timer_name(r->timer) || r->timer == TRACK_T3396 || !r->outcome || !r->proc || !r->ue ||
	    r->period <= 0 || r->first_expiry < 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cur c = { data, size };
	track_config cfg;
	track_config_default(&cfg);
	cfg.max_ues = 6;
	cfg.max_bearer_rows = 64;
	cfg.max_finding_rows = 64;
	cfg.ue_grace_s = take(&c) % 8;
	cfg.ue_idle_s = take(&c) % 16;
	cfg.timer_s[TRACK_T3485] = (take(&c) % 20) / 2.0; /* 0 is allowed: no division by zero */
	cfg.on_state = on_state;
	cfg.on_timer = on_timer;
	track *t = track_new(&cfg);
	double time = 0;
	uint64_t frame = 0;
	static uint8_t buf[512];
	static nas_pdu pdu;

	while (c.n && frame < 4096) {
		uint8_t op = take(&c);
		track_event ev;
		track_event_init(&ev, op % (TRACK_EV__COUNT + 1), 0, ++frame);
		int8_t step = (int8_t)take(&c);
		time += step / 8.0; /* backwards too */
		ev.time = time;
		uint8_t who = take(&c);
		if (who & 0x80)
			ev.ue_key = keys[who % 8];
		else {
			ev.assoc = who & 3;
			ev.has_mme_ue_id = who & 4;
			ev.mme_ue_id = (who >> 3) & 3;
			ev.has_enb_ue_id = who & 0x20;
			ev.enb_ue_id = (who >> 4) & 3;
			ev.has_source_mme_ue_id = who & 0x40;
			ev.source_mme_ue_id = who & 3;
			ev.enb_node = who & 1;
		}
		ev.ue_side = op & 0x40;
		ev.dir = (op & 0x80) ? NAS_UPLINK : NAS_DOWNLINK;
		ev.s1ap_proc = (int16_t)((int8_t)take(&c));
		ev.erab_mask = (uint16_t)(take(&c) << 8 | take(&c));
		ev.cause_group = (int8_t)(take(&c) % 6) - 1;
		ev.cause_value = take(&c);
		uint8_t shape = take(&c);
		size_t n = take(&c) % 64;
		if (n > c.n)
			n = c.n;
		size_t len = 0;
		if (shape & 1) {
			/* a plain ESM header with a fuzzed tail */
			buf[0] = (uint8_t)((shape & 0xf0) | 2);
			buf[1] = take(&c) % 8;
			buf[2] = esm_types[take(&c) % sizeof(esm_types)];
			len = 3;
		}
		n = n > c.n ? c.n : n;
		memcpy(buf + len, c.p, n);
		c.p += n;
		c.n -= n;
		len += n;
		if (shape & 2) {
			ev.nas_status = shape & 4 ? TRACK_NAS_CIPHERED : TRACK_NAS_MALFORMED;
			ev.nas = shape & 8 ? NULL : &pdu;
		} else {
			nas_decode(buf, len, ev.dir, NULL, &pdu);
			ev.nas = &pdu;
		}
		track_annotation a;
		int nf = track_feed(t, &ev, &a);
		if (nf < 0 || nf > TRACK_MAX_FINDINGS || a.n_findings != nf)
			abort();
		for (int i = 0; i < a.n_findings; i++)
			if (!a.f[i].code_name || strlen(a.f[i].text) >= TRACK_TEXT_MAX)
				abort();
		track_counters k;
		track_get_counters(t, &k);
		if (k.ues_live > cfg.max_ues)
			abort();
		if ((op & 0x3f) == 0x3f) {
			size_t m;
			track_bearers(t, &m);
			track_findings(t, &m);
			track_procs(t, &m);
		}
		if ((op & 0x7f) == 0x7e) { /* the plugin's end of capture mid-stream: a new segment follows */
			track_finish(t, time);
			track_release(t);
		}
	}
	track_finish(t, time);
	size_t m, m2;
	const track_bearer_row *b = track_bearers(t, &m);
	for (size_t i = 0; i < m; i++)
		if (b[i].ebi > 15 || !b[i].final_state)
			abort();
	track_release(t); /* keeps every bearer row */
	b = track_bearers(t, &m2);
	if (m2 != m)
		abort();
	for (size_t i = 0; i < m2; i++)
		if (b[i].ebi > 15 || !b[i].final_state)
			abort();
	track_findings(t, &m);
	if (m > cfg.max_finding_rows)
		abort();
	track_free(t);
	return 0;
}
