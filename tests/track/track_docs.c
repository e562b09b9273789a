/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs the tracker test documents (tests/track/docs, one .txt each): event lists with
 * the annotations TS 24.301 says each event must get, written from the spec
 * text before the tracker ran on them. Every document is one cmocka test.
 *
 * Document syntax (one item per line; '#' starts a comment):
 *   ! key=value ...            configuration: t3485=16 (any timer), abort-t3489=3,
 *                              tolerance=0.5, no-eea0, no-ip-conflicts, ue-side
 *   [@label] TIME UE DIR HEX [S1AP] [opt=value ...]
 *                              a NAS event; DIR ul or dl, the source's direction
 *                              (a hint), or - for none; S1AP a procedure name
 *                              (InitialUEMessage, UplinkNASTransport, ...); opt
 *                              src=s1ap|rrc|nas-log: where the NAS was found
 *   [@label] TIME UE s1 EVENT [opt=value ...]
 *                              an S1AP event without NAS (NASNonDeliveryIndication
 *                              takes nas=HEX); opts: erabs=5,6 cause=radio:21 enb=X
 *                              stmsi=MMEC:MTMSI (InitialUEMessage)
 *     UE is a ue_key, or s1:ASSOC/MME-ID/ENB-ID ('-' = absent), or
 *     s1:ASSOC/MME-ID/ENB-ID/SOURCE-MME-ID for a path switch.
 *   > key=value ...            the annotation the previous event must get:
 *       ue=N proc=NAME|- ebi=N pti=N mme=BEFORE>AFTER ue-state=BEFORE>AFTER
 *       resp-to=@label|- retx=N retx-of=@label timer=TXXXX|- expiries=N
 *       stops=TXXXX|- backoff=SECONDS|deactivated (T3396 started) dup=1
 *       dir=ul|dl|- (the direction taken) dir-from=source|message|decode|state|none
 *       findings=code,code (exactly these, in any order)
 *     An event without '>' must produce no finding; '>' without findings=
 *     means no finding either.
 *   = finding CODE frame=@label [ue=N]   a row track_finish() must produce
 *                                        (the set is exact)
 *   = bearer ue=N ebi=N mme=STATE [ue-state=STATE] [how=TEXT]
 *                                        the last bearer-table row for (ue, ebi)
 *   = proc NAME [started=N] [succeeded=N] [rejected=N] [aborted=N] [pending=N] [resends=N]
 *   = dir SOURCE [nas=N] [no-hint=N] [overruled=N] [by-message=N] [by-decode=N] [by-state=N] [unknown=N]
 *                                        the direction counts of one source (track_counters.dir)
 *   = change ue=N ebi=N frame=@label time=SECONDS mme=BEFORE>AFTER [ue-state=BEFORE>AFTER]
 *                                        a bearer state change (on_state); a document
 *                                        with such lines states all of them
 *   = run ue=N timer=TXXXX request=@label from=@label start=S end=S expiries=N first=N
 *         outcome=TEXT ended-by=@label|-
 *                                        a timer run (on_timer); a document with such
 *                                        lines states all of them
 *   END TIME                             capture end for track_finish (default:
 *                                        the last event's time)
 * States may be written with quotes ("ACTIVE PENDING") or underscores.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "esmtrace/nas.h"
#include "esmtrace/track.h"

#define MAX_LINE 4096
#define MAX_TOK 48
#define MAX_LABELS 256
#define MAX_EVENTS 2048

/* ------------------------------------------------------------ tokens */

typedef struct {
	char *t[MAX_TOK];
	int n;
} toks;

/* Splits on blanks; "..." groups words; a trailing # comment is dropped. */
static void tokenize(char *s, toks *out)
{
	out->n = 0;
	while (*s && out->n < MAX_TOK) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			break;
		char *start = s, *w = s;
		bool q = false;
		while (*s && (q || !isspace((unsigned char)*s))) {
			if (*s == '"')
				q = !q;
			else
				*w++ = *s;
			s++;
		}
		if (*s)
			s++;
		*w = 0;
		out->t[out->n++] = start;
	}
}

static const char *opt(const toks *k, int from, const char *key)
{
	size_t n = strlen(key);
	for (int i = from; i < k->n; i++)
		if (!strncmp(k->t[i], key, n) && k->t[i][n] == '=')
			return k->t[i] + n + 1;
	return NULL;
}

/* "ACTIVE_PENDING" and "ACTIVE PENDING" are the same state. */
static bool state_eq(const char *want, const char *got)
{
	if (!got)
		return !strcmp(want, "-");
	for (; *want && *got; want++, got++)
		if (*want != *got && !(*want == '_' && *got == ' '))
			return false;
	return *want == *got;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* ---------------------------------------------------------- documents */

typedef struct {
	const char *path;
	char *labels[MAX_LABELS];
	uint64_t label_frame[MAX_LABELS];
	int n_labels;
	int errors;
	int lineno;
} doc;

static void fail_at(doc *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", d->path, d->lineno);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	d->errors++;
}

static bool label_frame(doc *d, const char *ref, uint64_t *out)
{
	if (ref[0] != '@')
		return false;
	for (int i = 0; i < d->n_labels; i++)
		if (!strcmp(d->labels[i], ref + 1)) {
			*out = d->label_frame[i];
			return true;
		}
	fail_at(d, "unknown label %s", ref);
	return false;
}

static long parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		int v = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
		if (hi < 0)
			hi = v;
		else if (n < cap) {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		} else
			return -1;
	}
	return hi < 0 ? (long)n : -1;
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h ? h : 1;
}

static bool parse_id(const char *s, bool *has, uint32_t *v)
{
	if (!strcmp(s, "-")) {
		*has = false;
		return true;
	}
	char *end;
	unsigned long x = strtoul(s, &end, 10);
	if (*end || end == s)
		return false;
	*has = true;
	*v = (uint32_t)x;
	return true;
}

/* UE field: ue_key, or s1:ASSOC/MME/ENB[/SOURCE-MME]. */
static bool parse_ue(const char *s, track_event *ev)
{
	if (strncmp(s, "s1:", 3)) {
		ev->ue_key = s;
		return true;
	}
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", s + 3);
	char *parts[4] = { 0 };
	int n = 0;
	for (char *p = strtok(buf, "/"); p && n < 4; p = strtok(NULL, "/"))
		parts[n++] = p;
	if (n < 3)
		return false;
	ev->assoc = strtoull(parts[0], NULL, 10);
	bool ok = parse_id(parts[1], &ev->has_mme_ue_id, &ev->mme_ue_id) &&
	          parse_id(parts[2], &ev->has_enb_ue_id, &ev->enb_ue_id);
	if (n == 4)
		ok = ok && parse_id(parts[3], &ev->has_source_mme_ue_id, &ev->source_mme_ue_id);
	return ok;
}

/* ----------------------------------------------------------- checking */

static void check_states(doc *d, const char *want, const char *before, const char *after, const char *what)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", want);
	char *gt = strchr(buf, '>');
	if (!gt) {
		fail_at(d, "%s expectation needs BEFORE>AFTER", what);
		return;
	}
	*gt = 0;
	if (!state_eq(buf, before) || !state_eq(gt + 1, after))
		fail_at(d, "%s: want %s>%s, got %s>%s", what, buf, gt + 1, before ? before : "-", after ? after : "-");
}

static void check_findings(doc *d, const char *want, const track_annotation *a)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", want ? want : "");
	bool used[TRACK_MAX_FINDINGS] = { false };
	int n_want = 0;
	for (char *c = strtok(buf, ","); c; c = strtok(NULL, ",")) {
		n_want++;
		bool found = false;
		for (int i = 0; i < a->n_findings && !found; i++)
			if (!used[i] && !strcmp(a->f[i].code_name, c))
				used[i] = found = true;
		if (!found)
			fail_at(d, "missing finding %s", c);
	}
	for (int i = 0; i < a->n_findings; i++)
		if (!used[i])
			fail_at(d, "unexpected finding %s (%s): %s", a->f[i].code_name, a->f[i].clause, a->f[i].text);
	(void)n_want;
}

static void check_num(doc *d, const toks *k, const char *key, long got)
{
	const char *v = opt(k, 1, key);
	if (v && strtol(v, NULL, 10) != got)
		fail_at(d, "%s: want %s, got %ld", key, v, got);
}

static void check_timer(doc *d, const char *key, const char *want, const char *got)
{
	if (!want)
		return;
	if (strcmp(want, got ? got : "-"))
		fail_at(d, "%s: want %s, got %s", key, want, got ? got : "-");
}

static void check_annotation(doc *d, const toks *k, const track_annotation *a)
{
	const char *v;
	check_num(d, k, "ue", a->ue);
	check_num(d, k, "ebi", a->ebi);
	check_num(d, k, "pti", a->pti);
	check_num(d, k, "retx", a->retrans_count);
	check_num(d, k, "expiries", a->timer_expiries);
	check_num(d, k, "dup", a->duplicate);
	if ((v = opt(k, 1, "dir"))) {
		const char *got = a->dir == NAS_UPLINK ? "ul" : a->dir == NAS_DOWNLINK ? "dl" : "-";
		if (strcmp(v, got))
			fail_at(d, "dir: want %s, got %s", v, got);
	}
	if ((v = opt(k, 1, "dir-from")) && strcmp(v, nas_dir_from_name(a->dir_from)))
		fail_at(d, "dir-from: want %s, got %s", v, nas_dir_from_name(a->dir_from));
	if ((v = opt(k, 1, "proc")) && strcmp(v, a->proc ? a->proc : "-"))
		fail_at(d, "proc: want %s, got %s", v, a->proc ? a->proc : "-");
	if ((v = opt(k, 1, "mme")))
		check_states(d, v, a->mme_before, a->mme_after, "mme");
	if ((v = opt(k, 1, "ue-state")))
		check_states(d, v, a->ue_before, a->ue_after, "ue-state");
	if ((v = opt(k, 1, "resp-to"))) {
		uint64_t f;
		if (!strcmp(v, "-")) {
			if (a->has_response_to)
				fail_at(d, "resp-to: want none, got frame %llu", (unsigned long long)a->response_to);
		} else if (label_frame(d, v, &f) && (!a->has_response_to || a->response_to != f))
			fail_at(d, "resp-to: want %s (frame %llu), got %s%llu", v, (unsigned long long)f,
			        a->has_response_to ? "frame " : "none ", (unsigned long long)a->response_to);
	}
	if ((v = opt(k, 1, "retx-of"))) {
		uint64_t f;
		if (label_frame(d, v, &f) && a->retrans_of != f)
			fail_at(d, "retx-of: want %s (frame %llu), got frame %llu", v, (unsigned long long)f,
			        (unsigned long long)a->retrans_of);
	}
	check_timer(d, "timer", opt(k, 1, "timer"), a->timer_name);
	check_timer(d, "stops", opt(k, 1, "stops"), a->timer_stopped_name);
	if ((v = opt(k, 1, "backoff"))) {
		if (!a->backoff)
			fail_at(d, "backoff: want %s, got none", v);
		else if (!strcmp(v, "deactivated") ? !a->backoff_deactivated
		                                   : a->backoff_deactivated || a->backoff_s != strtod(v, NULL))
			fail_at(d, "backoff: want %s, got %s%.0f", v, a->backoff_deactivated ? "deactivated " : "",
			        a->backoff_s);
	}
	check_findings(d, opt(k, 1, "findings"), a);
}

typedef struct {
	char code[48];
	uint64_t frame;
	long ue;
	int line;
	bool seen;
} want_finding;

/* The history callbacks' records, kept for the '= change' and '= run' lines
 * (state and outcome names are static strings). */
typedef struct {
	uint32_t ue;
	uint8_t ebi;
	uint64_t frame;
	double time;
	const char *mme_before, *mme_after, *ue_before, *ue_after;
	bool seen;
} got_change;

typedef struct {
	got_change c[MAX_EVENTS];
	int n_c;
	track_timer_run r[MAX_EVENTS];
	bool r_seen[MAX_EVENTS];
	int n_r;
} history;

static void on_state(void *ctx, const track_state_change *c)
{
	history *h = ctx;
	if (h->n_c < MAX_EVENTS)
		h->c[h->n_c++] = (got_change){ c->bearer->ue, c->bearer->ebi, c->frame, c->time, c->mme_before,
			c->bearer->final_state, c->ue_before, c->bearer->final_ue_state, false };
}

static void on_timer(void *ctx, const track_timer_run *r)
{
	history *h = ctx;
	if (h->n_r < MAX_EVENTS)
		h->r[h->n_r++] = *r;
}

static bool near(double a, double b)
{
	return a - b < 1e-6 && b - a < 1e-6;
}

/* BEFORE>AFTER against two states, quietly. */
static bool states_match(const char *want, const char *before, const char *after)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", want);
	char *gt = strchr(buf, '>');
	if (!gt)
		return false;
	*gt = 0;
	return state_eq(buf, before) && state_eq(gt + 1, after);
}

static void check_change(doc *d, history *h, const toks *k)
{
	const char *v;
	long ue = (v = opt(k, 1, "ue")) ? strtol(v, NULL, 10) : -1;
	long ebi = (v = opt(k, 1, "ebi")) ? strtol(v, NULL, 10) : -1;
	uint64_t frame = 0;
	if ((v = opt(k, 1, "frame")))
		label_frame(d, v, &frame);
	const char *time = opt(k, 1, "time"), *mme = opt(k, 1, "mme"), *ues = opt(k, 1, "ue-state");
	if (ue < 0 || ebi < 0 || !frame || !time || !mme) {
		fail_at(d, "'= change' needs ue, ebi, frame, time and mme");
		return;
	}
	for (int i = 0; i < h->n_c; i++) {
		got_change *c = &h->c[i];
		if (!c->seen && c->ue == ue && c->ebi == ebi && c->frame == frame && near(c->time, strtod(time, NULL)) &&
		    states_match(mme, c->mme_before, c->mme_after) &&
		    (!ues || states_match(ues, c->ue_before, c->ue_after))) {
			c->seen = true;
			return;
		}
	}
	fail_at(d, "no state change UE %ld EBI %ld at frame %llu, %s s: MME %s%s%s", ue, ebi,
	        (unsigned long long)frame, time, mme, ues ? ", UE " : "", ues ? ues : "");
}

static void check_run(doc *d, history *h, const toks *k)
{
	const char *v;
	long ue = (v = opt(k, 1, "ue")) ? strtol(v, NULL, 10) : -1;
	const char *timer = opt(k, 1, "timer"), *start = opt(k, 1, "start"), *end = opt(k, 1, "end");
	const char *exp = opt(k, 1, "expiries"), *first = opt(k, 1, "first"), *outcome = opt(k, 1, "outcome");
	const char *by = opt(k, 1, "ended-by");
	uint64_t request = 0, from = 0, ended_by = 0;
	if ((v = opt(k, 1, "request")))
		label_frame(d, v, &request);
	if ((v = opt(k, 1, "from")))
		label_frame(d, v, &from);
	if (by && strcmp(by, "-"))
		label_frame(d, by, &ended_by);
	if (ue < 0 || !timer || !start || !end || !exp || !first || !outcome || !by || !request || !from) {
		fail_at(d, "'= run' needs ue, timer, request, from, start, end, expiries, first, outcome, ended-by");
		return;
	}
	for (int i = 0; i < h->n_r; i++) {
		const track_timer_run *r = &h->r[i];
		if (!h->r_seen[i] && r->ue == ue && !strcmp(track_timer_name(r->timer), timer) &&
		    r->request_frame == request && r->frame == from && near(r->start, strtod(start, NULL)) &&
		    near(r->end, strtod(end, NULL)) && r->expiries == strtol(exp, NULL, 10) &&
		    r->first_expiry == strtol(first, NULL, 10) && !strcmp(r->outcome, outcome) &&
		    r->end_frame == ended_by) {
			h->r_seen[i] = true;
			return;
		}
	}
	fail_at(d, "no %s run of UE %ld from frame %llu (%s-%s s, %s expiries from %s, %s, ended by %s)", timer, ue,
	        (unsigned long long)from, start, end, exp, first, outcome, by);
}

static void run_doc(void **state)
{
	doc *d = *state;
	FILE *f = fopen(d->path, "r");
	assert_non_null(f);

	track_config cfg;
	track_config_default(&cfg);
	static history hist;
	memset(&hist, 0, sizeof(hist));
	cfg.on_state = on_state;
	cfg.on_timer = on_timer;
	cfg.cb_ctx = &hist;
	bool want_changes = false, want_runs = false;
	track *t = NULL;
	char line[MAX_LINE];
	uint8_t bytes[4096];
	static nas_pdu pdu;
	track_annotation a;
	bool have_event = false, checked = true;
	double last_time = 0, end_time = -1;
	uint64_t frame = 0;
	bool ue_side = false;
	want_finding wf[64];
	int n_wf = 0;
	char *finish_lines[256];
	int finish_lineno[256], n_finish = 0;

	/* the previous event with no '>' line must have said nothing */
#define CLOSE_EVENT()                                                                          \
	do {                                                                                   \
		if (have_event && !checked && a.n_findings)                                    \
			fail_at(d, "unexpected finding %s (%s): %s (event has no '>' line)",   \
			        a.f[0].code_name, a.f[0].clause, a.f[0].text);                 \
	} while (0)

	while (fgets(line, sizeof(line), f)) {
		d->lineno++;
		line[strcspn(line, "\r\n")] = 0;
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		toks k;
		if (*p == '!') {
			tokenize(p + 1, &k);
			for (int i = 0; i < k.n; i++) {
				char *eq = strchr(k.t[i], '=');
				double v = eq ? strtod(eq + 1, NULL) : 0;
				bool done = false;
				for (int tm = 0; tm < TRACK_TIMER__COUNT && eq; tm++) {
					char name[16];
					snprintf(name, sizeof(name), "t%s", track_timer_name((uint8_t)tm) + 1);
					if ((size_t)(eq - k.t[i]) == strlen(name) && !strncmp(k.t[i], name, strlen(name)))
						cfg.timer_s[tm] = v, done = true;
					snprintf(name, sizeof(name), "abort-t%s", track_timer_name((uint8_t)tm) + 1);
					if ((size_t)(eq - k.t[i]) == strlen(name) && !strncmp(k.t[i], name, strlen(name)))
						cfg.abort_expiries[tm] = (uint8_t)v, done = true;
				}
				if (!strncmp(k.t[i], "tolerance=", 10))
					cfg.tolerance_s = v, done = true;
				else if (!strcmp(k.t[i], "no-eea0"))
					cfg.assume_eea0 = false, done = true;
				else if (!strcmp(k.t[i], "no-ip-conflicts"))
					cfg.check_ip_conflicts = false, done = true;
				else if (!strcmp(k.t[i], "ue-side"))
					ue_side = true, done = true;
				if (!done)
					fail_at(d, "unknown configuration %s", k.t[i]);
			}
			continue;
		}
		if (!t)
			t = track_new(&cfg);
		if (*p == '>') {
			tokenize(p + 1, &k);
			if (!have_event)
				fail_at(d, "'>' before any event");
			else
				check_annotation(d, &k, &a);
			checked = true;
			continue;
		}
		if (*p == '=') {
			if (n_finish < 256) {
				finish_lines[n_finish] = xstrdup(p + 1);
				finish_lineno[n_finish++] = d->lineno;
			}
			continue;
		}
		tokenize(p, &k);
		if (k.n >= 2 && !strcmp(k.t[0], "END")) {
			end_time = strtod(k.t[1], NULL);
			continue;
		}
		/* an event */
		CLOSE_EVENT();
		int i = 0;
		const char *label = NULL;
		if (k.t[0][0] == '@')
			label = k.t[i++] + 1;
		if (k.n - i < 4) {
			fail_at(d, "event needs TIME UE DIR HEX|EVENT");
			have_event = false;
			continue;
		}
		track_event ev;
		track_event_init(&ev, TRACK_EV_NAS, strtod(k.t[i], NULL), ++frame);
		if (!parse_ue(k.t[i + 1], &ev))
			fail_at(d, "bad UE field %s", k.t[i + 1]);
		const char *dir = k.t[i + 2], *what = k.t[i + 3];
		const char *hex = NULL;
		int optfrom = i + 4;
		if (!strcmp(dir, "s1")) {
			if (!track_s1ap_name(what, false, &ev.kind, &ev.s1ap_proc) || ev.kind == TRACK_EV_NAS)
				fail_at(d, "unknown S1AP event %s", what);
			hex = opt(&k, optfrom, "nas");
			ev.dir = NAS_DOWNLINK;
		} else {
			ev.dir = !strcmp(dir, "ul") ? NAS_UPLINK : !strcmp(dir, "dl") ? NAS_DOWNLINK : NAS_DIR_UNKNOWN;
			if (strcmp(dir, "ul") && strcmp(dir, "dl") && strcmp(dir, "-"))
				fail_at(d, "direction must be ul, dl, - or s1");
			hex = what;
			if (k.n > optfrom && !strchr(k.t[optfrom], '=')) {
				uint8_t kind;
				if (!track_s1ap_name(k.t[optfrom], true, &kind, &ev.s1ap_proc) || kind != TRACK_EV_NAS)
					fail_at(d, "unknown S1AP procedure %s", k.t[optfrom]);
				optfrom++;
			}
		}
		const char *v;
		if ((v = opt(&k, optfrom, "erabs")))
			for (const char *q = v; *q;) {
				char *end;
				long e = strtol(q, &end, 10);
				if (end == q)
					break;
				ev.erab_mask |= (uint16_t)(1u << (e & 15));
				q = *end ? end + 1 : end;
			}
		if ((v = opt(&k, optfrom, "cause"))) {
			static const char *const groups[] = { "radio", "transport", "nas", "protocol", "misc" };
			for (int g = 0; g < 5; g++)
				if (!strncmp(v, groups[g], strlen(groups[g])) && v[strlen(groups[g])] == ':') {
					ev.cause_group = (int8_t)g;
					ev.cause_value = (int16_t)atoi(v + strlen(groups[g]) + 1);
				}
		}
		if ((v = opt(&k, optfrom, "enb")))
			ev.enb_node = hash_text(v);
		if ((v = opt(&k, optfrom, "stmsi"))) {
			ev.has_s_tmsi = true;
			ev.s_tmsi_mmec = (uint8_t)strtoul(v, NULL, 16);
			const char *c = strchr(v, ':');
			ev.s_tmsi_m_tmsi = c ? (uint32_t)strtoul(c + 1, NULL, 16) : 0;
		}
		ev.ue_side = ue_side;
		if ((v = opt(&k, optfrom, "src"))) {
			bool known = false;
			for (uint8_t sc = 0; sc < TRACK_SRC__COUNT; sc++)
				if (!strcmp(v, track_source_name(sc)))
					ev.source = sc, known = true;
			if (!known)
				fail_at(d, "unknown src=%s", v);
		}
		if (hex) {
			long n = parse_hex(hex, bytes, sizeof(bytes));
			if (n < 0)
				fail_at(d, "bad hex %s", hex);
			else {
				nas_opts no = { .try_ciphered_as_plain = cfg.assume_eea0 };
				nas_decode(bytes, (size_t)n, ev.dir, &no, &pdu);
				ev.nas = &pdu;
				ev.nas_status = pdu.ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
			}
		}
		if (label && d->n_labels < MAX_LABELS) {
			d->labels[d->n_labels] = xstrdup(label);
			d->label_frame[d->n_labels++] = frame;
		}
		if (ev.time > last_time)
			last_time = ev.time;
		track_feed(t, &ev, &a);
		have_event = true;
		checked = false;
	}
	CLOSE_EVENT();
	fclose(f);
	if (!t)
		t = track_new(&cfg);

	/* finish, then the '=' expectations */
	track_finish(t, end_time >= 0 ? end_time : last_time);
	size_t nf, nb, np;
	const track_finding_row *fr = track_findings(t, &nf);
	const track_bearer_row *br = track_bearers(t, &nb);
	const track_proc_stats *ps = track_procs(t, &np);
	for (int i = 0; i < n_finish; i++) {
		toks k;
		d->lineno = finish_lineno[i];
		tokenize(finish_lines[i], &k);
		if (k.n < 2) {
			fail_at(d, "'=' needs finding|bearer|proc");
			continue;
		}
		const char *v;
		if (!strcmp(k.t[0], "finding")) {
			if (n_wf == 64)
				continue;
			want_finding *w = &wf[n_wf++];
			memset(w, 0, sizeof(*w));
			snprintf(w->code, sizeof(w->code), "%s", k.t[1]);
			w->ue = (v = opt(&k, 2, "ue")) ? strtol(v, NULL, 10) : -1;
			w->line = d->lineno;
			if ((v = opt(&k, 2, "frame")))
				label_frame(d, v, &w->frame);
		} else if (!strcmp(k.t[0], "bearer")) {
			long ue = (v = opt(&k, 1, "ue")) ? strtol(v, NULL, 10) : 0;
			long ebi = (v = opt(&k, 1, "ebi")) ? strtol(v, NULL, 10) : 0;
			const track_bearer_row *last = NULL;
			for (size_t j = 0; j < nb; j++)
				if (br[j].ue == ue && br[j].ebi == ebi)
					last = &br[j];
			if (!last) {
				fail_at(d, "no bearer row for UE %ld EBI %ld", ue, ebi);
				continue;
			}
			if ((v = opt(&k, 1, "mme")) && !state_eq(v, last->final_state))
				fail_at(d, "bearer UE %ld EBI %ld: MME state want %s, got %s", ue, ebi, v, last->final_state);
			if ((v = opt(&k, 1, "ue-state")) && !state_eq(v, last->final_ue_state))
				fail_at(d, "bearer UE %ld EBI %ld: UE state want %s, got %s", ue, ebi, v, last->final_ue_state);
			if ((v = opt(&k, 1, "how")) && strcmp(v, last->how_ended ? last->how_ended : "-"))
				fail_at(d, "bearer UE %ld EBI %ld: ended want %s, got %s", ue, ebi, v, last->how_ended);
		} else if (!strcmp(k.t[0], "proc")) {
			const track_proc_stats *s = NULL;
			for (size_t j = 0; j < np; j++)
				if (!strcmp(ps[j].proc, k.t[1]))
					s = &ps[j];
			if (!s) {
				fail_at(d, "no procedure %s", k.t[1]);
				continue;
			}
			static const struct { const char *key; size_t off; } cols[] = {
				{ "started", offsetof(track_proc_stats, started) },
				{ "succeeded", offsetof(track_proc_stats, succeeded) },
				{ "rejected", offsetof(track_proc_stats, rejected) },
				{ "aborted", offsetof(track_proc_stats, aborted) },
				{ "pending", offsetof(track_proc_stats, pending) },
				{ "resends", offsetof(track_proc_stats, resends) },
			};
			for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
				uint32_t got = *(const uint32_t *)(const void *)((const char *)s + cols[c].off);
				if ((v = opt(&k, 2, cols[c].key)) && strtoul(v, NULL, 10) != got)
					fail_at(d, "proc %s %s: want %s, got %u", k.t[1], cols[c].key, v, got);
			}
		} else if (!strcmp(k.t[0], "dir")) {
			/* = dir SOURCE nas=N no-hint=N overruled=N by-message=N by-decode=N by-state=N unknown=N */
			track_counters c;
			track_get_counters(t, &c);
			int src = -1;
			for (int sc = 0; sc < TRACK_SRC__COUNT; sc++)
				if (!strcmp(k.t[1], track_source_name((uint8_t)sc)))
					src = sc;
			if (src < 0) {
				fail_at(d, "no source %s", k.t[1]);
				continue;
			}
			static const struct { const char *key; size_t off; } dcols[] = {
				{ "nas", offsetof(track_dir_counts, nas) },
				{ "no-hint", offsetof(track_dir_counts, no_hint) },
				{ "overruled", offsetof(track_dir_counts, overruled) },
				{ "by-message", offsetof(track_dir_counts, by_message) },
				{ "by-decode", offsetof(track_dir_counts, by_decode) },
				{ "by-state", offsetof(track_dir_counts, by_state) },
				{ "unknown", offsetof(track_dir_counts, unknown) },
			};
			for (size_t j = 0; j < sizeof(dcols) / sizeof(dcols[0]); j++) {
				uint32_t got = *(const uint32_t *)(const void *)((const char *)&c.dir[src] + dcols[j].off);
				if ((v = opt(&k, 2, dcols[j].key)) && strtoul(v, NULL, 10) != got)
					fail_at(d, "dir %s %s: want %s, got %u", k.t[1], dcols[j].key, v, got);
			}
		} else if (!strcmp(k.t[0], "change")) {
			want_changes = true;
			check_change(d, &hist, &k);
		} else if (!strcmp(k.t[0], "run")) {
			want_runs = true;
			check_run(d, &hist, &k);
		} else
			fail_at(d, "unknown '=' line %s", k.t[0]);
		free(finish_lines[i]);
	}
	/* a document that states the history states all of it */
	d->lineno = 0;
	for (int i = 0; want_changes && i < hist.n_c; i++)
		if (!hist.c[i].seen)
			fail_at(d, "unexpected state change UE %u EBI %u at frame %llu, %.3f s: MME %s>%s, UE %s>%s",
			        hist.c[i].ue, hist.c[i].ebi, (unsigned long long)hist.c[i].frame, hist.c[i].time,
			        hist.c[i].mme_before, hist.c[i].mme_after, hist.c[i].ue_before, hist.c[i].ue_after);
	for (int i = 0; want_runs && i < hist.n_r; i++)
		if (!hist.r_seen[i]) {
			const track_timer_run *r = &hist.r[i];
			fail_at(d, "unexpected %s run of UE %u from frame %llu (%.3f-%.3f s, %u expiries from %u, %s, "
			        "ended by frame %llu)", track_timer_name(r->timer), r->ue, (unsigned long long)r->frame,
			        r->start, r->end, r->expiries, r->first_expiry, r->outcome, (unsigned long long)r->end_frame);
		}
	/* the findings produced at finish must be exactly the '= finding' ones */
	for (size_t j = 0; j < nf; j++) {
		if (!fr[j].at_finish)
			continue;
		bool ok = false;
		for (int i = 0; i < n_wf && !ok; i++)
			if (!wf[i].seen && !strcmp(wf[i].code, fr[j].f.code_name) && (!wf[i].frame || wf[i].frame == fr[j].frame) &&
			    (wf[i].ue < 0 || wf[i].ue == (long)fr[j].ue))
				wf[i].seen = ok = true;
		if (!ok) {
			d->lineno = 0;
			fail_at(d, "unexpected finding at finish: %s UE %u frame %llu: %s", fr[j].f.code_name, fr[j].ue,
			        (unsigned long long)fr[j].frame, fr[j].f.text);
		}
	}
	for (int i = 0; i < n_wf; i++)
		if (!wf[i].seen) {
			d->lineno = wf[i].line;
			fail_at(d, "missing finding at finish: %s", wf[i].code);
		}
	track_free(t);
	for (int i = 0; i < d->n_labels; i++)
		free(d->labels[i]);
	if (d->errors)
		fail_msg("%s: %d expectation(s) not met", d->path, d->errors);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: track_docs DOC.txt...\n");
		return 2;
	}
	struct CMUnitTest *tests = calloc((size_t)argc - 1, sizeof(*tests));
	doc *docs = calloc((size_t)argc - 1, sizeof(*docs));
	if (!tests || !docs)
		return 2;
	for (int i = 1; i < argc; i++) {
		docs[i - 1].path = argv[i];
		const char *slash = strrchr(argv[i], '/');
		tests[i - 1].name = slash ? slash + 1 : argv[i];
		tests[i - 1].test_func = run_doc;
		tests[i - 1].initial_state = &docs[i - 1];
	}
	int r = _cmocka_run_group_tests("track_docs", tests, (size_t)argc - 1, NULL, NULL);
	free(tests);
	free(docs);
	return r;
}
