/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTML report (esmtrace/report.h): what the tracker said, recorded in
 * capture order, then written as one HTML page whose script draws the
 * tables and timelines from an embedded JSON block.
 *
 * Recording keeps compact rows in four arrays (events, state changes, timer
 * runs, findings) with every string interned once; writing groups them by UE
 * with a counting sort, so both are linear in the capture. The page itself
 * (style, script, layout) is report_page.html, compiled in.
 *
 * JSON (format "esmtrace-report", version 1). Every string of the tracker's
 * vocabulary (states, messages, procedures, timers, codes, clauses, APNs) is
 * an index into "str" (0 is "", meaning none); UE names and addresses are
 * written out. "columns" names the columns of each kind of row; a row may end
 * early, its missing columns being 0 (none). Times in a UE's rows count from
 * its "t0" (compact for absolute timestamps), those of the triage are as given.
 *   title, generator, filter, time {first, last}, timers {name: {seconds, abort}},
 *   summary {events, ues_seen, ues, ues_with_findings, bearers, findings {error,
 *            warn, note, chat}, procedures [{proc, clause, started, succeeded,
 *            rejected, aborted, pending, resends, rt_min, rt_mean, rt_max}], ues_over_cap},
 *   triage [rows, most severe first, then by frame; "later": produced after its frame],
 *   ues [{ue, name, worst, t0, findings [indices into triage], lanes [{ebi, attrs [rows],
 *         segs [rows]}], events [rows], runs [rows]}], UEs with findings first.
 * A lane's segment is a state change: the states after it; the states before it
 * are the previous segment's, unless given in its last two columns (the first
 * segment, or a bearer whose history starts again unknown). The sizes are
 * measured in README.md.
 */
#include "esmtrace/report.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "report_page.inc" /* static const char report_page[]: report_page.html */

/* ------------------------------------------------------------------ rows */

enum { EV_RESPONSE = 1, EV_BACKOFF = 2, EV_BACKOFF_DEACT = 4 };

/* Rows, compact (56, 48, 64 and 56 octets on 64-bit): a capture of 100,000 UEs has
 * millions. Vocabulary strings are 16-bit indices into strs. */
typedef struct {
	double time;
	uint64_t frame, response_to, retrans_of;
	uint32_t ue;
	float backoff_s;
	uint16_t msg, proc, timer, stops, dir;
	uint8_t ebi, pti, retx, expiries, flags;
} rep_event;

typedef struct {
	double time;
	uint64_t frame;
	const char *addr;    /* in the report's string chunk, or NULL */
	uint32_t ue;
	uint16_t mme, uest, mme_before, ue_before, kind, apn;
	uint8_t ebi, lbi, qci;
} rep_state;

typedef struct {
	double start, end;
	uint64_t frame, request_frame, end_frame;
	uint32_t ue;
	float period;
	uint16_t timer, outcome, proc;
	uint8_t ebi, pti, expiries, first;
} rep_run;

typedef struct {
	double time;
	uint64_t frame, related;
	const char *text;    /* in the report's string chunk */
	uint32_t ue, seq;
	uint16_t code, clause, proc;
	uint8_t severity, ebi, pti;
	bool later;          /* produced after its frame (track_finding_row.at_finish) */
} rep_finding;

struct report {
	GStringChunk *chunk;   /* every string, each kept once */
	GHashTable *ids;       /* vocabulary string (chunk pointer) -> its index in strs */
	GPtrArray *strs;       /* index -> string; 0 is "" */
	GArray *events, *states, *runs, *findings;
	GPtrArray *names;      /* UE number -> its name (chunk), or NULL */
	uint32_t max_ue;
	struct { const char *s; uint16_t id; } cache[64]; /* static strings by address */
	report_stats stats;
};

/* The index of a vocabulary string (text the caller may reuse: it is copied).
 * The tracker's vocabulary is small (its APNs are capped at 4096); past 65535
 * distinct strings the rest read as none. */
static uint16_t str_id_dyn(report *r, const char *s)
{
	if (!s || !*s)
		return 0;
	const char *p = g_string_chunk_insert_const(r->chunk, s);
	gpointer v = g_hash_table_lookup(r->ids, p);
	if (v)
		return (uint16_t)GPOINTER_TO_UINT(v);
	if (r->strs->len > UINT16_MAX)
		return 0;
	uint16_t id = (uint16_t)r->strs->len;
	g_ptr_array_add(r->strs, (gpointer)p);
	g_hash_table_insert(r->ids, (gpointer)p, GUINT_TO_POINTER(id));
	return id;
}

/* The same for a static string (the tracker's vocabulary: names of states,
 * procedures, messages, timers, clauses), looked up by its address first. */
static uint16_t str_id(report *r, const char *s)
{
	if (!s || !*s)
		return 0;
	unsigned h = (unsigned)(((uintptr_t)s >> 3) % G_N_ELEMENTS(r->cache));
	if (r->cache[h].s != s) {
		r->cache[h].s = s;
		r->cache[h].id = str_id_dyn(r, s);
	}
	return r->cache[h].id;
}

static const char *ue_name(const report *r, uint32_t ue)
{
	return ue < r->names->len ? g_ptr_array_index(r->names, ue) : NULL;
}

static void see_ue(report *r, uint32_t ue, const char *name)
{
	if (!ue)
		return;
	if (ue > r->max_ue)
		r->max_ue = ue;
	if (!name || !*name)
		return;
	if (r->names->len <= ue)
		g_ptr_array_set_size(r->names, (gint)MAX(ue + 1, r->names->len * 2));
	const char *cur = g_ptr_array_index(r->names, ue);
	if (!cur || strcmp(cur, name)) /* the latest name wins (identities learnt later) */
		g_ptr_array_index(r->names, ue) = g_string_chunk_insert_const(r->chunk, name);
}

report *report_new(void)
{
	report *r = g_new0(report, 1);
	r->chunk = g_string_chunk_new(1 << 16);
	r->ids = g_hash_table_new(g_direct_hash, g_direct_equal);
	r->strs = g_ptr_array_new();
	g_ptr_array_add(r->strs, (gpointer) "");
	r->events = g_array_new(FALSE, FALSE, sizeof(rep_event));
	r->states = g_array_new(FALSE, FALSE, sizeof(rep_state));
	r->runs = g_array_new(FALSE, FALSE, sizeof(rep_run));
	r->findings = g_array_new(FALSE, FALSE, sizeof(rep_finding));
	r->names = g_ptr_array_new();
	return r;
}

void report_free(report *r)
{
	if (!r)
		return;
	g_string_chunk_free(r->chunk);
	g_hash_table_destroy(r->ids);
	g_ptr_array_free(r->strs, TRUE);
	g_array_free(r->events, TRUE);
	g_array_free(r->states, TRUE);
	g_array_free(r->runs, TRUE);
	g_array_free(r->findings, TRUE);
	g_ptr_array_free(r->names, TRUE);
	g_free(r);
}

void report_event(report *r, const track_event *ev, const track_annotation *a)
{
	if (!a->ue || !a->is_esm || a->duplicate)
		return;
	see_ue(r, a->ue, a->ue_name); /* IMSI, else GUTI or S-TMSI, else S1AP ids or the replay key */
	rep_event e = {
		.time = ev->time, .frame = ev->frame, .ue = a->ue, .ebi = a->ebi, .pti = a->pti,
		.msg = str_id(r, a->msg_name ? a->msg_name : nas_esm_msg_name(a->msg_type)), .proc = str_id(r, a->proc),
		.dir = str_id(r, a->dir == NAS_UPLINK ? "ul" : a->dir == NAS_DOWNLINK ? "dl" : NULL),
		.retx = a->retrans_count, .retrans_of = a->retrans_count ? a->retrans_of : 0,
		.timer = str_id(r, a->timer_name), .expiries = a->timer_expiries, .stops = str_id(r, a->timer_stopped_name),
	};
	if (a->has_response_to) {
		e.flags |= EV_RESPONSE;
		e.response_to = a->response_to;
	}
	if (a->backoff) {
		e.flags |= EV_BACKOFF | (a->backoff_deactivated ? EV_BACKOFF_DEACT : 0);
		e.backoff_s = (float)a->backoff_s;
	}
	g_array_append_val(r->events, e);
}

void report_on_state(void *ctx, const track_state_change *c)
{
	report *r = ctx;
	const track_bearer_row *b = c->bearer;
	see_ue(r, b->ue, b->ue_name);
	rep_state s = {
		.time = c->time, .frame = c->frame, .ue = b->ue, .ebi = b->ebi,
		.mme = str_id(r, b->final_state), .uest = str_id(r, b->final_ue_state),
		.mme_before = str_id(r, c->mme_before), .ue_before = str_id(r, c->ue_before),
		.kind = str_id(r, !b->kind_known ? NULL : b->is_default ? "default" : "dedicated"),
		.lbi = b->linked_ebi, .qci = b->qci, .apn = str_id_dyn(r, b->apn),
		.addr = b->addr[0] ? g_string_chunk_insert_const(r->chunk, b->addr) : NULL,
	};
	g_array_append_val(r->states, s);
}

void report_on_timer(void *ctx, const track_timer_run *x)
{
	report *r = ctx;
	see_ue(r, x->ue, NULL);
	rep_run run = {
		.start = x->start, .end = x->end, .period = (float)x->period, .frame = x->frame,
		.request_frame = x->request_frame, .end_frame = x->end_frame, .ue = x->ue,
		.timer = str_id(r, track_timer_name(x->timer)), .outcome = str_id(r, x->outcome), .proc = str_id(r, x->proc),
		.ebi = x->ebi, .pti = x->pti, .expiries = x->expiries, .first = x->first_expiry,
	};
	g_array_append_val(r->runs, run);
}

void report_on_finding(void *ctx, const track_finding_row *f)
{
	report *r = ctx;
	see_ue(r, f->ue, f->ue_name);
	rep_finding x = {
		.time = f->time, .frame = f->frame, .related = f->f.related_frame,
		.text = g_string_chunk_insert(r->chunk, f->f.text), .ue = f->ue, .seq = r->findings->len,
		.code = str_id(r, f->f.code_name), .clause = str_id(r, f->f.clause), .proc = str_id(r, f->proc),
		.severity = f->f.severity, .ebi = f->ebi, .pti = f->pti, .later = f->at_finish,
	};
	g_array_append_val(r->findings, x);
}

void report_attach(report *r, track_config *c)
{
	c->on_state = report_on_state;
	c->on_timer = report_on_timer;
	c->on_finding = report_on_finding;
	c->cb_ctx = r;
}

void report_get_stats(const report *r, report_stats *out)
{
	*out = r->stats;
}

/* ---------------------------------------------------------------- output */

/* A buffered writer with fast number formatting: a report of 100,000 UEs has
 * millions of numbers, and must not take longer to write than the analysis. */
typedef struct {
	FILE *f;
	char buf[1 << 16];
	size_t n;
	uint64_t total;
	bool failed;
} out_t;

static void o_flush(out_t *o)
{
	if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->failed = true;
	o->total += o->n;
	o->n = 0;
}

static void o_mem(out_t *o, const char *s, size_t n)
{
	if (o->n + n > sizeof(o->buf)) {
		o_flush(o);
		if (n > sizeof(o->buf)) {
			if (fwrite(s, 1, n, o->f) != n)
				o->failed = true;
			o->total += n;
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static void o_str(out_t *o, const char *s)
{
	o_mem(o, s, strlen(s));
}

static void o_ch(out_t *o, char c)
{
	if (o->n == sizeof(o->buf))
		o_flush(o);
	o->buf[o->n++] = c;
}

static void o_u64(out_t *o, uint64_t v)
{
	char t[24];
	int k = 0;
	do
		t[k++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (k)
		o_ch(o, t[--k]);
}

/* Seconds with up to 6 decimals, trailing zeros dropped: 28, 28.5, 1.000125. */
static void o_time(out_t *o, double v)
{
	if (!isfinite(v)) {
		o_ch(o, '0');
		return;
	}
	if (v < 0) {
		o_ch(o, '-');
		v = -v;
	}
	if (v >= 9e12) { /* beyond microseconds in 64 bits: plainly */
		char t[40];
		snprintf(t, sizeof(t), "%.0f", v);
		o_str(o, t);
		return;
	}
	uint64_t us = (uint64_t)llround(v * 1e6);
	o_u64(o, us / 1000000);
	uint32_t frac = (uint32_t)(us % 1000000);
	if (!frac)
		return;
	char t[8];
	int k = 6;
	for (int i = 5; i >= 0; i--, frac /= 10)
		t[i] = (char)('0' + frac % 10);
	while (k > 0 && t[k - 1] == '0')
		k--;
	o_ch(o, '.');
	o_mem(o, t, (size_t)k);
}

/* A JSON string that is also safe inside <script> (no '<', '>' or '&' as
 * themselves) and valid UTF-8 (invalid bytes become U+FFFD). */
static void o_json(out_t *o, const char *s)
{
	o_ch(o, '"');
	const char *p = s ? s : "";
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {
			gunichar u = g_utf8_get_char_validated(p, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				o_str(o, "\\ufffd");
				p++;
			} else {
				const char *next = g_utf8_next_char(p);
				o_mem(o, p, (size_t)(next - p));
				p = next;
			}
			continue;
		}
		if (c == '"' || c == '\\') {
			o_ch(o, '\\');
			o_ch(o, (char)c);
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			char t[8];
			snprintf(t, sizeof(t), "\\u%04x", c);
			o_str(o, t);
		} else
			o_ch(o, (char)c);
		p++;
	}
	o_ch(o, '"');
}

/* Text for HTML element content and attributes. */
static void o_html(out_t *o, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '&': o_str(o, "&amp;"); break;
		case '<': o_str(o, "&lt;"); break;
		case '>': o_str(o, "&gt;"); break;
		case '"': o_str(o, "&quot;"); break;
		case '\'': o_str(o, "&#39;"); break;
		default: o_ch(o, *p);
		}
	}
}

/* ------------------------------------------------------------ selection */

typedef struct {
	report *r;
	const report_options *o;
	track *t;
	uint32_t n_ue;              /* UE numbers 0..max_ue */
	uint8_t *sel;               /* per UE: in the report */
	uint8_t *worst;             /* per UE: most severe finding + 1, 0 none */
	GArray *triage;             /* indices into r->findings, in triage order */
} wctx;

static uint64_t frame_no(const wctx *w, uint64_t id)
{
	return w->o->frame_number && id ? w->o->frame_number(id) : id;
}

static bool selected(const wctx *w, uint64_t id)
{
	return !w->o->frame_selected || w->o->frame_selected(w->o->select_ctx, frame_no(w, id));
}

static gint cmp_triage(gconstpointer a, gconstpointer b, gpointer findings)
{
	const rep_finding *x = &g_array_index((GArray *)findings, rep_finding, *(const uint32_t *)a);
	const rep_finding *y = &g_array_index((GArray *)findings, rep_finding, *(const uint32_t *)b);
	if (x->severity != y->severity) /* most severe first, then capture order */
		return x->severity > y->severity ? -1 : 1;
	if (x->frame != y->frame)
		return x->frame < y->frame ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void select_all(wctx *w)
{
	report *r = w->r;
	w->n_ue = r->max_ue + 1;
	w->sel = g_new0(uint8_t, w->n_ue);
	w->worst = g_new0(uint8_t, w->n_ue);
	for (guint i = 0; i < r->events->len; i++) {
		const rep_event *e = &g_array_index(r->events, rep_event, i);
		if (!w->sel[e->ue] && selected(w, e->frame))
			w->sel[e->ue] = 1;
	}
	for (guint i = 0; i < r->states->len; i++) {
		const rep_state *s = &g_array_index(r->states, rep_state, i);
		if (!w->sel[s->ue] && selected(w, s->frame))
			w->sel[s->ue] = 1;
	}
	for (guint i = 0; i < r->runs->len; i++) {
		const rep_run *x = &g_array_index(r->runs, rep_run, i);
		if (!w->sel[x->ue] && selected(w, x->frame))
			w->sel[x->ue] = 1;
	}
	w->triage = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	for (guint i = 0; i < r->findings->len; i++) {
		const rep_finding *f = &g_array_index(r->findings, rep_finding, i);
		if (!selected(w, f->frame))
			continue;
		g_array_append_val(w->triage, i);
		if (f->ue && f->ue < w->n_ue) {
			w->sel[f->ue] = 1;
			if (f->severity + 1u > w->worst[f->ue])
				w->worst[f->ue] = (uint8_t)(f->severity + 1);
		}
	}
	w->sel[0] = 0;
	g_array_sort_with_data(w->triage, cmp_triage, r->findings);
}

static gint cmp_ue_order(gconstpointer a, gconstpointer b, gpointer worst_)
{
	const uint8_t *worst = worst_;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (worst[x] != worst[y]) /* UEs with findings first, most severe first */
		return worst[x] > worst[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Rows of one kind grouped by UE: first[ue] .. first[ue + 1] in idx. */
typedef struct {
	uint32_t *first, *idx;
} groups;

static void group(groups *g, uint32_t n_ue, const GArray *rows, size_t size, size_t ue_off)
{
	g->first = g_new0(uint32_t, n_ue + 1);
	g->idx = g_new(uint32_t, rows->len + 1);
	for (guint i = 0; i < rows->len; i++) {
		uint32_t ue = *(const uint32_t *)(const void *)(rows->data + i * size + ue_off);
		if (ue < n_ue)
			g->first[ue + 1]++;
	}
	for (uint32_t u = 0; u < n_ue; u++)
		g->first[u + 1] += g->first[u];
	uint32_t *fill = g_memdup2(g->first, (n_ue + 1) * sizeof(uint32_t));
	for (guint i = 0; i < rows->len; i++) {
		uint32_t ue = *(const uint32_t *)(const void *)(rows->data + i * size + ue_off);
		if (ue < n_ue)
			g->idx[fill[ue]++] = i;
	}
	g_free(fill);
}

static void groups_free(groups *g)
{
	g_free(g->first);
	g_free(g->idx);
}

/* ------------------------------------------------------------------ JSON */

static const char *const sev_names[4] = { "chat", "note", "warn", "error" };

static void json_triage(wctx *w, out_t *o)
{
	report *r = w->r;
	o_str(o, "\"triage\":[");
	for (guint k = 0; k < w->triage->len; k++) {
		const rep_finding *f = &g_array_index(r->findings, rep_finding, g_array_index(w->triage, uint32_t, k));
		o_str(o, k ? ",\n[" : "\n[");
		o_u64(o, str_id(r, track_severity_name(f->severity)));
		o_ch(o, ',');
		o_u64(o, f->code);
		o_ch(o, ',');
		o_u64(o, f->ue);
		o_ch(o, ',');
		o_u64(o, frame_no(w, f->frame));
		o_ch(o, ',');
		o_time(o, f->time);
		o_ch(o, ',');
		o_u64(o, f->ebi);
		o_ch(o, ',');
		o_u64(o, f->pti);
		o_ch(o, ',');
		o_u64(o, f->proc);
		o_ch(o, ',');
		o_u64(o, f->clause);
		o_ch(o, ',');
		o_json(o, f->text);
		o_ch(o, ',');
		o_ch(o, f->later ? '1' : '0');
		o_ch(o, ',');
		o_u64(o, frame_no(w, f->related));
		o_ch(o, ']');
	}
	o_str(o, "]");
}

/* A row of numbers whose trailing zeros are left out (a reader takes a missing
 * column as 0): most ESM messages are no resend, answer nothing, stop no timer. */
typedef struct {
	int n;
	struct { bool time; double v; } c[16];
} row_t;

static void row_u(row_t *w, uint64_t v)
{
	w->c[w->n].time = false;
	w->c[w->n++].v = (double)v;
}

static void row_t_(row_t *w, double v)
{
	w->c[w->n].time = true;
	w->c[w->n++].v = v;
}

static void o_row(out_t *o, const row_t *w, int keep)
{
	int n = w->n;
	while (n > keep && w->c[n - 1].v == 0)
		n--;
	o_ch(o, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			o_ch(o, ',');
		if (w->c[i].time)
			o_time(o, w->c[i].v);
		else
			o_u64(o, (uint64_t)w->c[i].v);
	}
	o_ch(o, ']');
}

/* A lane's distinct bearer descriptions (kind, LBI, APN, address, QCI): rows
 * of the same EBI point to one of them. */
typedef struct {
	const char *addr;
	uint16_t kind, apn;
	uint8_t lbi, qci;
} lane_attr;

static void json_lanes(wctx *w, out_t *o, const groups *gs, uint32_t ue, double t0)
{
	report *r = w->r;
	o_str(o, ",\"lanes\":[");
	bool first_lane = true;
	for (int ebi = 1; ebi <= 15; ebi++) {
		lane_attr attrs[64];
		unsigned n_attr = 0;
		bool any = false;
		uint16_t prev_mme = 0, prev_ue = 0;
		for (uint32_t k = gs->first[ue]; k < gs->first[ue + 1]; k++) {
			const rep_state *s = &g_array_index(r->states, rep_state, gs->idx[k]);
			if (s->ebi != ebi)
				continue;
			if (!any) {
				o_str(o, first_lane ? "\n{\"ebi\":" : ",\n{\"ebi\":");
				o_u64(o, (uint64_t)ebi);
				o_str(o, ",\"segs\":[");
				first_lane = false;
			} else
				o_ch(o, ',');
			unsigned a = 0;
			while (a < n_attr && !(attrs[a].kind == s->kind && attrs[a].apn == s->apn && attrs[a].addr == s->addr &&
			                       attrs[a].lbi == s->lbi && attrs[a].qci == s->qci))
				a++;
			if (a == n_attr && n_attr < G_N_ELEMENTS(attrs))
				attrs[n_attr++] = (lane_attr){ s->addr, s->kind, s->apn, s->lbi, s->qci };
			else if (a == n_attr)
				a = n_attr - 1; /* more than 64 descriptions on one EBI: the last one stands for the rest */
			row_t row = { 0 };
			row_t_(&row, s->time - t0);
			row_u(&row, frame_no(w, s->frame));
			row_u(&row, s->mme);
			row_u(&row, s->uest);
			row_u(&row, a);
			bool chained = any && s->mme_before == prev_mme && s->ue_before == prev_ue;
			if (!chained) { /* where the states before are not the previous segment's */
				row_u(&row, s->mme_before);
				row_u(&row, s->ue_before);
			}
			o_row(o, &row, chained ? 4 : 7);
			prev_mme = s->mme;
			prev_ue = s->uest;
			any = true;
		}
		if (!any)
			continue;
		o_str(o, "],\"attrs\":[");
		for (unsigned a = 0; a < n_attr; a++) {
			o_str(o, a ? ",[" : "[");
			o_u64(o, attrs[a].kind);
			o_ch(o, ',');
			o_u64(o, attrs[a].lbi);
			o_ch(o, ',');
			o_u64(o, attrs[a].apn);
			o_ch(o, ',');
			o_json(o, attrs[a].addr);
			o_ch(o, ',');
			o_u64(o, attrs[a].qci);
			o_ch(o, ']');
		}
		o_str(o, "]}");
	}
	o_ch(o, ']');
}

static void json_events(wctx *w, out_t *o, const groups *ge, uint32_t ue, double t0)
{
	report *r = w->r;
	o_str(o, ",\"events\":[");
	for (uint32_t k = ge->first[ue]; k < ge->first[ue + 1]; k++) {
		const rep_event *e = &g_array_index(r->events, rep_event, ge->idx[k]);
		if (k > ge->first[ue])
			o_ch(o, ',');
		row_t row = { 0 };
		row_t_(&row, e->time - t0);
		row_u(&row, frame_no(w, e->frame));
		row_u(&row, e->msg);
		row_u(&row, e->ebi);
		row_u(&row, e->pti);
		row_u(&row, e->dir);
		row_u(&row, e->proc);
		row_u(&row, e->timer);
		row_u(&row, e->flags & EV_RESPONSE ? frame_no(w, e->response_to) : 0);
		row_u(&row, e->stops);
		row_u(&row, e->expiries);
		row_u(&row, e->retx);
		row_u(&row, frame_no(w, e->retrans_of));
		if (e->flags & EV_BACKOFF) { /* T3396: seconds, or -1 deactivated; 0 is a value here */
			row_t_(&row, e->flags & EV_BACKOFF_DEACT ? -1 : e->backoff_s);
			o_row(o, &row, row.n);
		} else
			o_row(o, &row, 2);
	}
	o_ch(o, ']');
}

static void json_runs(wctx *w, out_t *o, const groups *gr, uint32_t ue, double t0)
{
	report *r = w->r;
	o_str(o, ",\"runs\":[");
	for (uint32_t k = gr->first[ue]; k < gr->first[ue + 1]; k++) {
		const rep_run *x = &g_array_index(r->runs, rep_run, gr->idx[k]);
		if (k > gr->first[ue])
			o_ch(o, ',');
		row_t row = { 0 };
		row_u(&row, x->timer);
		row_t_(&row, x->start - t0);
		row_t_(&row, x->end - t0);
		row_t_(&row, x->period);
		row_u(&row, frame_no(w, x->frame));
		row_u(&row, x->outcome);
		row_u(&row, x->expiries);
		row_u(&row, x->first);
		row_u(&row, x->ebi);
		row_u(&row, x->pti);
		row_u(&row, frame_no(w, x->request_frame));
		row_u(&row, x->proc);
		row_u(&row, frame_no(w, x->end_frame));
		o_row(o, &row, 12);
	}
	o_ch(o, ']');
}

static void json_summary(wctx *w, out_t *o, uint32_t n_sel, uint32_t n_with, uint64_t bearers)
{
	report *r = w->r;
	track_counters c;
	track_get_counters(w->t, &c);
	uint32_t by_sev[4] = { 0 };
	for (guint k = 0; k < w->triage->len; k++)
		by_sev[g_array_index(r->findings, rep_finding, g_array_index(w->triage, uint32_t, k)).severity & 3]++;
	o_str(o, "\"summary\":{\"events\":");
	o_u64(o, r->events->len);
	o_str(o, ",\"ues_seen\":");
	o_u64(o, c.ues_seen);
	o_str(o, ",\"ues\":");
	o_u64(o, n_sel);
	o_str(o, ",\"ues_with_findings\":");
	o_u64(o, n_with);
	o_str(o, ",\"bearers\":");
	o_u64(o, bearers);
	o_str(o, ",\"ues_over_cap\":");
	o_u64(o, c.ues_over_cap);
	o_str(o, ",\"findings\":{");
	for (int s = 3; s >= 0; s--) {
		o_json(o, sev_names[s]);
		o_ch(o, ':');
		o_u64(o, by_sev[s]);
		if (s)
			o_ch(o, ',');
	}
	o_str(o, "},\"procedures\":[");
	size_t np;
	const track_proc_stats *p = track_procs(w->t, &np);
	bool first = true;
	for (size_t i = 0; i < np; i++) {
		if (!p[i].started && !p[i].aborted && !p[i].pending && !p[i].succeeded && !p[i].rejected)
			continue;
		o_str(o, first ? "\n{\"proc\":" : ",\n{\"proc\":");
		first = false;
		o_json(o, p[i].proc);
		o_str(o, ",\"clause\":");
		o_json(o, p[i].clause);
		const struct { const char *k; uint32_t v; } cols[] = {
			{ "started", p[i].started }, { "succeeded", p[i].succeeded }, { "rejected", p[i].rejected },
			{ "aborted", p[i].aborted }, { "pending", p[i].pending }, { "resends", p[i].resends },
		};
		for (size_t k = 0; k < G_N_ELEMENTS(cols); k++) {
			o_str(o, ",\"");
			o_str(o, cols[k].k);
			o_str(o, "\":");
			o_u64(o, cols[k].v);
		}
		if (p[i].n_rt) {
			o_str(o, ",\"rt_min\":");
			o_time(o, p[i].rt_min);
			o_str(o, ",\"rt_mean\":");
			o_time(o, p[i].rt_mean);
			o_str(o, ",\"rt_max\":");
			o_time(o, p[i].rt_max);
		}
		o_ch(o, '}');
	}
	o_str(o, "]}");
}

static void json_timers(wctx *w, out_t *o)
{
	o_str(o, "\"timers\":{");
	const track_config *c = w->o->config;
	track_config def;
	if (!c) {
		track_config_default(&def);
		c = &def;
	}
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		if (i)
			o_ch(o, ',');
		o_json(o, track_timer_name((uint8_t)i));
		o_str(o, ":{\"seconds\":");
		o_time(o, c->timer_s[i]);
		o_str(o, ",\"abort\":");
		o_u64(o, c->abort_expiries[i]);
		o_ch(o, '}');
	}
	o_ch(o, '}');
}

/* The whole JSON block. */
static void json_all(wctx *w, out_t *o)
{
	report *r = w->r;
	/* interned before the string table is written: names used by the rows */
	for (int s = 0; s < 4; s++)
		str_id(r, track_severity_name((uint8_t)s));
	uint32_t inactive = str_id(r, "INACTIVE"), unknown = str_id(r, "UNKNOWN");

	groups ge, gs, gr;
	group(&ge, w->n_ue, r->events, sizeof(rep_event), offsetof(rep_event, ue));
	group(&gs, w->n_ue, r->states, sizeof(rep_state), offsetof(rep_state, ue));
	group(&gr, w->n_ue, r->runs, sizeof(rep_run), offsetof(rep_run, ue));
	/* findings by UE, as rows of the triage */
	uint32_t *ff = g_new0(uint32_t, w->n_ue + 1), *fi = g_new(uint32_t, w->triage->len + 1);
	for (guint k = 0; k < w->triage->len; k++) {
		uint32_t ue = g_array_index(r->findings, rep_finding, g_array_index(w->triage, uint32_t, k)).ue;
		if (ue < w->n_ue)
			ff[ue + 1]++;
	}
	for (uint32_t u = 0; u < w->n_ue; u++)
		ff[u + 1] += ff[u];
	uint32_t *fill = g_memdup2(ff, (w->n_ue + 1) * sizeof(uint32_t));
	for (guint k = 0; k < w->triage->len; k++) {
		uint32_t ue = g_array_index(r->findings, rep_finding, g_array_index(w->triage, uint32_t, k)).ue;
		if (ue < w->n_ue)
			fi[fill[ue]++] = k;
	}
	g_free(fill);

	GArray *order = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	uint32_t n_with = 0;
	uint64_t bearers = 0;
	for (uint32_t u = 1; u < w->n_ue; u++) {
		if (!w->sel[u])
			continue;
		g_array_append_val(order, u);
		n_with += w->worst[u] != 0;
		for (uint32_t k = gs.first[u]; k < gs.first[u + 1]; k++) {
			const rep_state *s = &g_array_index(r->states, rep_state, gs.idx[k]);
			bearers += (s->mme_before == inactive || s->mme_before == unknown) && s->mme != inactive;
		}
	}
	g_array_sort_with_data(order, cmp_ue_order, w->worst);

	o_str(o, "{\"format\":\"esmtrace-report\",\"version\":1,\"title\":");
	o_json(o, w->o->title);
	o_str(o, ",\"generator\":");
	o_json(o, w->o->generator);
	o_str(o, ",\"filter\":");
	if (w->o->filter && *w->o->filter)
		o_json(o, w->o->filter);
	else
		o_str(o, "null");
	double t0 = INFINITY, t1 = -INFINITY;
#define SPAN(t) do { if ((t) < t0) t0 = (t); if ((t) > t1) t1 = (t); } while (0)
	for (guint i = 0; i < r->events->len; i++)
		SPAN(g_array_index(r->events, rep_event, i).time);
	for (guint i = 0; i < r->states->len; i++)
		SPAN(g_array_index(r->states, rep_state, i).time);
	for (guint i = 0; i < r->runs->len; i++)
		SPAN(g_array_index(r->runs, rep_run, i).end);
#undef SPAN
	o_str(o, ",\"time\":");
	if (t0 <= t1) {
		o_str(o, "{\"first\":");
		o_time(o, t0);
		o_str(o, ",\"last\":");
		o_time(o, t1);
		o_ch(o, '}');
	} else
		o_str(o, "null");
	o_str(o, ",\n");
	json_timers(w, o);
	o_str(o, ",\n\"columns\":{"
	         "\"triage\":[\"severity\",\"code\",\"ue\",\"frame\",\"time\",\"ebi\",\"pti\",\"proc\",\"clause\","
	         "\"text\",\"later\",\"related\"],"
	         "\"seg\":[\"time\",\"frame\",\"mme\",\"ue\",\"attr\",\"mme_before\",\"ue_before\"],"
	         "\"attr\":[\"kind\",\"lbi\",\"apn\",\"address\",\"qci\"],"
	         "\"event\":[\"time\",\"frame\",\"msg\",\"ebi\",\"pti\",\"dir\",\"proc\",\"timer\",\"response_to\","
	         "\"stops\",\"expiries\",\"retx\",\"retx_of\",\"backoff\"],"
	         "\"run\":[\"timer\",\"start\",\"end\",\"period\",\"frame\",\"outcome\",\"expiries\",\"first_expiry\","
	         "\"ebi\",\"pti\",\"request\",\"proc\",\"end_frame\"]},\n");
	json_summary(w, o, order->len, n_with, bearers);
	o_str(o, ",\n");
	json_triage(w, o);
	o_str(o, ",\n\"ues\":[");
	for (guint k = 0; k < order->len; k++) {
		uint32_t u = g_array_index(order, uint32_t, k);
		o_str(o, k ? ",\n{\"ue\":" : "\n{\"ue\":");
		o_u64(o, u);
		o_str(o, ",\"name\":");
		o_json(o, ue_name(r, u));
		/* the UE's time origin: its earliest row */
		double t0 = INFINITY;
		for (uint32_t k = ge.first[u]; k < ge.first[u + 1]; k++)
			t0 = MIN(t0, g_array_index(r->events, rep_event, ge.idx[k]).time);
		for (uint32_t k = gs.first[u]; k < gs.first[u + 1]; k++)
			t0 = MIN(t0, g_array_index(r->states, rep_state, gs.idx[k]).time);
		for (uint32_t k = gr.first[u]; k < gr.first[u + 1]; k++)
			t0 = MIN(t0, g_array_index(r->runs, rep_run, gr.idx[k]).start);
		if (!isfinite(t0))
			t0 = 0;
		o_str(o, ",\"t0\":");
		o_time(o, t0);
		o_str(o, ",\"worst\":");
		if (w->worst[u])
			o_json(o, sev_names[w->worst[u] - 1]);
		else
			o_str(o, "null");
		o_str(o, ",\"findings\":[");
		for (uint32_t j = ff[u]; j < ff[u + 1]; j++) {
			if (j > ff[u])
				o_ch(o, ',');
			o_u64(o, fi[j]);
		}
		o_ch(o, ']');
		json_lanes(w, o, &gs, u, t0);
		json_events(w, o, &ge, u, t0);
		json_runs(w, o, &gr, u, t0);
		o_ch(o, '}');
	}
	o_str(o, "],\n\"str\":[");
	/* last: rows above may have interned more */
	for (guint i = 0; i < r->strs->len; i++) {
		if (i)
			o_ch(o, ',');
		o_json(o, g_ptr_array_index(r->strs, i));
	}
	o_str(o, "]}");
	g_array_free(order, TRUE);
	g_free(ff);
	g_free(fi);
	groups_free(&ge);
	groups_free(&gs);
	groups_free(&gr);
}

/* ------------------------------------------------------------------ page */

int report_write_html(report *r, track *t, const report_options *opts, FILE *out)
{
	report_options none = { 0 };
	out_t *o = g_new0(out_t, 1);
	o->f = out;
	wctx w = { .r = r, .o = opts ? opts : &none, .t = t };
	select_all(&w);
	const char *title = w.o->title && *w.o->title ? w.o->title : "(unnamed)";

	uint32_t n_sel = 0, n_with = 0;
	for (uint32_t u = 1; u < w.n_ue; u++) {
		n_sel += w.sel[u];
		n_with += w.sel[u] && w.worst[u];
	}

	/* The page is report_page.html with its @@NAME@@ slots filled. */
	const char *p = report_page;
	while (*p) {
		const char *slot = strstr(p, "@@");
		if (!slot) {
			o_str(o, p);
			break;
		}
		o_mem(o, p, (size_t)(slot - p));
		const char *end = strstr(slot + 2, "@@");
		if (!end) {
			o_str(o, slot);
			break;
		}
		size_t n = (size_t)(end - slot - 2);
		if (n == 5 && !memcmp(slot + 2, "TITLE", 5))
			o_html(o, title);
		else if (n == 6 && !memcmp(slot + 2, "STATIC", 6)) {
			/* what the page says before (or without) its script */
			char line[256];
			if (!n_sel && !w.triage->len)
				o_str(o, "<p class=\"empty\" id=\"no-esm\">No ESM traffic in this capture: no EPS bearer, "
				         "no ESM procedure, no finding.</p>");
			else {
				snprintf(line, sizeof(line), "<p id=\"static-summary\">%u UEs, %u with findings; %u findings.</p>",
				         n_sel, n_with, w.triage->len);
				o_str(o, line);
			}
		} else if (n == 4 && !memcmp(slot + 2, "DATA", 4))
			json_all(&w, o);
		else
			o_mem(o, slot, n + 4); /* not a slot: as it stands */
		p = end + 2;
	}
	o_flush(o);
	if (fflush(out) != 0)
		o->failed = true;
	r->stats = (report_stats){ n_sel, n_with, w.triage->len, o->total };
	int ret = o->failed ? -1 : 0;
	g_free(o);
	g_free(w.sel);
	g_free(w.worst);
	g_array_free(w.triage, TRUE);
	return ret;
}
