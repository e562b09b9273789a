/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bearer tracker: per-UE EPS bearer contexts (TS 24.301 6.1.3), procedure
 * transactions (6.1.3.3, 6.3), timers (10.3), findings.
 *
 * Spec release: TS 24.301 V19.6.0 (clauses 6.1-6.7, 7) and the Rel-18 text of
 * clause 6.4; timer values from V17.9.0 tables 10.3.1/10.3.2 (unchanged).
 *
 * One UE = bearers[1..15] + a small table of transactions + back-off timers.
 * A transaction is one request and its resends; it is found again by meaning:
 * UE-initiated ones by PTI, network-initiated bearer ones by EBI, and a resend
 * must carry the same plain ESM bytes (integrity protection changes the outer
 * bytes of every copy, never the inner ones).
 */
#include "esmtrace/track.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "track_internal.h"

/* ------------------------------------------------------------ vocabulary */

static const char *const timer_names[TRACK_TIMER__COUNT] = {
	"T3485", "T3486", "T3489", "T3495", "T3480", "T3481", "T3482", "T3492", "T3493",
};

const char *track_timer_name(uint8_t timer)
{
	if (timer == TRACK_T3396)
		return "T3396";
	return timer < TRACK_TIMER__COUNT ? timer_names[timer] : NULL;
}

static const char *const sev_names[] = { "chat", "note", "warn", "error" };

const char *track_severity_name(uint8_t sev)
{
	return sev < 4 ? sev_names[sev] : "?";
}

/* Codes and their fixed severities (project vocabulary). */
static const struct { const char *name; uint8_t sev; } codes[TRACK_F__COUNT] = {
	[TRACK_F_RETRANSMISSION] = { "retransmission", TRACK_SEV_NOTE },
	[TRACK_F_TIMER_EXPIRY] = { "timer-expiry", TRACK_SEV_NOTE },
	[TRACK_F_PREMATURE_RETRANSMISSION] = { "premature-retransmission", TRACK_SEV_WARN },
	[TRACK_F_LATE_RETRANSMISSION] = { "late-retransmission", TRACK_SEV_WARN },
	[TRACK_F_EXCESS_RETRANSMISSIONS] = { "excess-retransmissions", TRACK_SEV_ERROR },
	[TRACK_F_PROCEDURE_ABORTED] = { "procedure-aborted", TRACK_SEV_WARN },
	[TRACK_F_PENDING_AT_END] = { "pending-at-end", TRACK_SEV_NOTE },
	[TRACK_F_RESPONSE_WITHOUT_REQUEST] = { "response-without-request", TRACK_SEV_WARN },
	[TRACK_F_UNEXPECTED_MESSAGE] = { "unexpected-message", TRACK_SEV_WARN },
	[TRACK_F_REJECT] = { "reject", TRACK_SEV_WARN },
	[TRACK_F_DUPLICATE_ACTIVATION] = { "duplicate-activation", TRACK_SEV_WARN },
	[TRACK_F_UNKNOWN_LINKED_BEARER] = { "unknown-linked-bearer", TRACK_SEV_WARN },
	[TRACK_F_T3396_VIOLATION] = { "t3396-violation", TRACK_SEV_ERROR },
	[TRACK_F_COLLISION] = { "collision", TRACK_SEV_WARN },
	[TRACK_F_REACTIVATION_REQUESTED] = { "reactivation-requested", TRACK_SEV_NOTE },
	[TRACK_F_LOCAL_DEACTIVATION] = { "local-deactivation", TRACK_SEV_NOTE },
	[TRACK_F_BEARER_STATUS_MISMATCH] = { "bearer-status-mismatch", TRACK_SEV_WARN },
	[TRACK_F_NAS_NON_DELIVERY] = { "nas-non-delivery", TRACK_SEV_WARN },
	[TRACK_F_RETRANSMISSION_AFTER_RESPONSE] = { "retransmission-after-response", TRACK_SEV_WARN },
	[TRACK_F_IP_CONFLICT] = { "ip-conflict", TRACK_SEV_ERROR },
	[TRACK_F_BEARERS_RELEASED_BY_RELOCATION] = { "bearers-released-by-relocation", TRACK_SEV_ERROR },
	[TRACK_F_CIPHERED] = { "ciphered", TRACK_SEV_NOTE },
	[TRACK_F_MALFORMED] = { "malformed", TRACK_SEV_ERROR },
	[TRACK_F_UNKNOWN_PRIOR_STATE] = { "unknown-prior-state", TRACK_SEV_NOTE },
	[TRACK_F_INTEGRITY_FAILURE] = { "integrity-failure", TRACK_SEV_WARN },
};

static const char *const source_names[TRACK_SRC__COUNT] = { "other", "s1ap", "rrc", "nas-log" };

const char *track_source_name(uint8_t src)
{
	return src < TRACK_SRC__COUNT ? source_names[src] : "?";
}

const char *track_code_name(uint8_t code)
{
	return code < TRACK_F__COUNT ? codes[code].name : "?";
}

uint8_t track_code_severity(uint8_t code)
{
	return code < TRACK_F__COUNT ? codes[code].sev : TRACK_SEV_NOTE;
}

/* Names of the M_* and U_* states (track_internal.h). */
static const char *const mme_names[] = {
	"INACTIVE", "ACTIVE PENDING", "ACTIVE", "MODIFY PENDING", "INACTIVE PENDING", "UNKNOWN",
};
static const char *const ue_names[] = { "INACTIVE", "ACTIVE", "UNKNOWN" };

/* ----------------------------------------------------------- configuration */

void track_config_default(track_config *c)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		c->timer_s[i] = 8.0;   /* tables 10.3.1, 10.3.2 */
		c->abort_expiries[i] = 5; /* table 10.3.2 NOTE 1 */
	}
	c->timer_s[TRACK_T3489] = 4.0;
	c->timer_s[TRACK_T3493] = 4.0;
	c->timer_s[TRACK_T3492] = 6.0;
	c->abort_expiries[TRACK_T3489] = 3; /* 6.6.1.2.6 */
	c->abort_expiries[TRACK_T3493] = 3; /* 6.6.3.5 */
	c->tolerance_s = 1.0;
	c->assume_eea0 = true;
	c->check_ip_conflicts = true;
	c->ue_grace_s = 30.0;
	c->ue_idle_s = 3480.0; /* mobile reachable timer default, table 10.2.2 NOTE 4 */
	c->max_ues = 1000000;
	c->max_bearer_rows = 100000;
	c->max_finding_rows = 100000;
}

void track_event_init(track_event *ev, uint8_t kind, double time, uint64_t frame)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->time = time;
	ev->frame = frame;
	ev->s1ap_proc = -1;
	ev->erab_id = -1;
	ev->cause_group = -1;
	ev->nas_status = TRACK_NAS_DECODED;
}

/* ----------------------------------------------------------------- slabs */

/* Under AddressSanitizer a freed slot stays poisoned (but for the free
 * list's link) until reused, so that a stale pointer is caught as it would
 * be with malloc. */
#if defined(__SANITIZE_ADDRESS__)
#define SLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_ASAN 1
#endif
#endif
#ifdef SLAB_ASAN
#include <sanitizer/asan_interface.h>
#define SLOT_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define SLOT_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define SLOT_POISON(p, n) ((void)(p), (void)(n))
#define SLOT_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

uint32_t slab_new(slab *s)
{
	uint32_t h = s->free_head;
	if (h) {
		memcpy(&s->free_head, slab_at(s, h), sizeof(s->free_head));
		SLOT_UNPOISON(slab_at(s, h), s->size);
	} else {
		if (s->used % SLAB_PAGE == 0) {
			s->pages = g_renew(char *, s->pages, s->n_pages + 1);
			s->pages[s->n_pages++] = g_malloc((size_t)SLAB_PAGE * s->size);
		}
		h = ++s->used; /* 4G slots: beyond max_ues x 15 bearers or 8 transactions */
	}
	memset(slab_at(s, h), 0, s->size);
	return h;
}

void slab_free(slab *s, uint32_t h)
{
	if (!h)
		return;
	char *p = slab_at(s, h);
	memcpy(p, &s->free_head, sizeof(s->free_head));
	SLOT_POISON(p + sizeof(s->free_head), s->size - sizeof(s->free_head));
	s->free_head = h;
}

void slab_destroy(slab *s)
{
	for (uint32_t i = 0; i < s->n_pages; i++) {
		SLOT_UNPOISON(s->pages[i], (size_t)SLAB_PAGE * s->size);
		g_free(s->pages[i]);
	}
	g_free(s->pages);
	memset(s, 0, sizeof(*s));
}

/* ----------------------------------------------------------- small helpers */

uint32_t trk_hash(const uint8_t *p, uint32_t n)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static double timer_s(const track *t, uint8_t timer)
{
	double v = timer < TRACK_TIMER__COUNT ? t->c.timer_s[timer] : 0;
	return v > 0 ? v : 1e-3; /* a zero timer would divide by zero */
}

static uint8_t abort_at(const track *t, uint8_t timer)
{
	uint8_t v = timer < TRACK_TIMER__COUNT ? t->c.abort_expiries[timer] : 5;
	return v ? v : 1;
}

/* APN texts are kept once each and compared as pointers first; a
 * transaction names one by its number (2 octets rather than a pointer). */
static const char apn_other[] = "(other)";
#define APN_OTHER_ID 0xffff

static const char *intern_apn(track *t, const char *s)
{
	if (!s)
		return NULL;
	gpointer hit, id;
	if (g_hash_table_lookup_extended(t->apns, s, &hit, &id))
		return hit;
	if (t->apn_list->len >= APN_POOL_MAX)
		return apn_other;
	char *dup = g_strdup(s);
	g_ptr_array_add(t->apn_list, dup);
	g_hash_table_insert(t->apns, dup, GUINT_TO_POINTER(t->apn_list->len));
	return dup;
}

/* An interned APN (or NULL) as a number, 0 for NULL, and back. */
static uint16_t apn_id(const track *t, const char *apn)
{
	if (!apn)
		return 0;
	if (apn == apn_other)
		return APN_OTHER_ID;
	return (uint16_t)GPOINTER_TO_UINT(g_hash_table_lookup(t->apns, apn));
}

static const char *apn_text(const track *t, uint16_t id)
{
	if (id == 0)
		return NULL;
	return id == APN_OTHER_ID ? apn_other : g_ptr_array_index(t->apn_list, id - 1u);
}

static bool ie_half(const esm_msg *m, nas_ie_type type, uint8_t *out)
{
	const nas_ie *ie = esm_find_ie(m, type);
	if (!ie)
		return false;
	*out = ie->half;
	return true;
}

static int esm_cause(const esm_msg *m)
{
	const nas_ie *ie = esm_find_ie(m, NAS_IE_ESM_CAUSE);
	return ie && ie->v.len >= 1 ? ie->v.p[0] : -1; /* 9.9.4.4: one octet */
}

static const char *msg_apn(track *t, const esm_msg *m)
{
	const nas_ie *ie = esm_find_ie(m, NAS_IE_APN);
	char buf[NAS_APN_MAX];
	if (!ie || nas_decode_apn(ie->v, buf) != NAS_OK)
		return NULL;
	return intern_apn(t, buf);
}

static bool qci_is_gbr(uint8_t qci)
{
	/* TS 23.203 table 6.1.7: GBR QCIs */
	return (qci >= 1 && qci <= 4) || qci == 65 || qci == 66 || qci == 67 || (qci >= 71 && qci <= 76);
}

static void format_addr(const bearer *b, char *out, size_t n)
{
	out[0] = 0;
	if (!b->has_addr)
		return;
	const nas_pdn_address *a = &b->addr;
	size_t k = 0;
	if (a->has_ipv4)
		k += (size_t)snprintf(out, n, "%u.%u.%u.%u", a->ipv4[0], a->ipv4[1], a->ipv4[2], a->ipv4[3]);
	if (a->has_ipv6_iid && k < n) {
		const uint8_t *i = a->ipv6_iid;
		snprintf(out + k, n - k, "%sfe80::%x:%x:%x:%x", k ? " " : "", i[0] << 8 | i[1], i[2] << 8 | i[3],
		         i[4] << 8 | i[5], i[6] << 8 | i[7]);
	}
}

/* ------------------------------------------------------------- findings */


static void row_push(track *t, const ue *u, uint64_t frame, double time, uint8_t ebi, uint8_t pti,
                     const char *proc, bool at_finish, const track_finding *f)
{
	track_finding_row r;
	memset(&r, 0, sizeof(r));
	r.ue = u ? u->num : 0;
	if (u) {
		const char *name = trk_name_text(&u->name, r.ue_key);
		if (name != r.ue_key)
			g_strlcpy(r.ue_key, name, sizeof(r.ue_key));
		name = trk_name_display(&u->name, r.ue_name);
		if (name != r.ue_name)
			g_strlcpy(r.ue_name, name, sizeof(r.ue_name));
	}
	r.frame = frame;
	r.time = time;
	r.ebi = ebi;
	r.pti = pti;
	r.proc = proc;
	r.at_finish = at_finish;
	r.f = *f;
	t->n.findings_by_severity[f->severity & 3]++;
	if (t->c.on_finding)
		t->c.on_finding(t->c.cb_ctx, &r);
	if (t->finding_rows->len < t->c.max_finding_rows)
		g_array_append_val(t->finding_rows, r);
	else
		t->n.finding_rows_dropped++;
}

static void make_finding(track_finding *f, uint8_t code, const char *clause, uint64_t related,
                         const char *fmt, va_list ap)
{
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->severity = track_code_severity(code);
	f->code_name = track_code_name(code);
	f->clause = clause;
	f->related_frame = related;
	int n = vsnprintf(f->text, sizeof(f->text), fmt, ap);
	if (n >= (int)sizeof(f->text)) /* say it was cut */
		memcpy(f->text + sizeof(f->text) - 4, "...", 4);
}

static void annot_add(track_annotation *a, const track_finding *f)
{
	if (a->n_findings < TRACK_MAX_FINDINGS)
		a->f[a->n_findings++] = *f;
	else
		a->n_findings_dropped++;
}

/* A finding on the current event's annotation (and in the findings table). */
G_GNUC_PRINTF(5, 6)
static void note(ctx *x, uint8_t code, const char *clause, uint64_t related, const char *fmt, ...)
{
	track_finding f;
	va_list ap;
	va_start(ap, fmt);
	make_finding(&f, code, clause, related, fmt, ap);
	va_end(ap);
	/* one finding per code per message: the first says it (two reasons for
	 * one unknown prior state are one finding) */
	for (unsigned i = 0; i < x->a->n_findings; i++)
		if (x->a->f[i].code == code)
			return;
	annot_add(x->a, &f);
	row_push(x->t, x->u, x->ev->frame, x->ev->time, x->a->ebi, x->a->pti, x->a->proc, false, &f);
}

/* A finding produced at capture end, attached to an earlier frame. */
G_GNUC_PRINTF(11, 12)
static void note_at(track *t, const ue *u, uint64_t frame, double time, uint8_t ebi, uint8_t pti,
                    const char *proc, uint8_t code, const char *clause, uint64_t related, const char *fmt, ...)
{
	track_finding f;
	va_list ap;
	va_start(ap, fmt);
	make_finding(&f, code, clause, related, fmt, ap);
	va_end(ap);
	row_push(t, u, frame, time, ebi, pti, proc, true, &f);
}

/* ------------------------------------------------------- procedure stats */

static uint8_t run_expiries(const track *t, double T, double d);
static void hist_run(track *t, const ue *u, const trans *tr, uint64_t end_frame, double end, uint8_t expiries,
                     const char *outcome);

/* A procedure instance ends: its statistics, the on_proc record, and the end
 * of its timer's last run (run_end_frame: the event that ended it, 0 none). */
static void proc_end(track *t, const ue *u, const trans *tr, const char *outcome, int cause, uint64_t end_frame,
                     double end_time, double rt, uint64_t run_end_frame)
{
	const esm_rule *r = &esm_rules[tr->rule];
	if (t->c.on_timer && tr->timed && r->timer < TRACK_TIMER__COUNT) {
		/* a timer abort (no event ends it) comes with the expiries left to the
		 * aborting one, as trk_deadline counts them */
		uint8_t n = abort_at(t, r->timer);
		uint8_t k = !run_end_frame && !strcmp(outcome, "aborted")
		                    ? (n > tr->expiries ? (uint8_t)(n - tr->expiries) : 1)
		                    : run_expiries(t, timer_s(t, r->timer), end_time - tr->last_time);
		hist_run(t, u, tr, run_end_frame, end_time, k, outcome);
	}
	if (r->proc >= TRACK_N_PROCS)
		return;
	track_proc_stats *s = &t->stats[r->proc];
	if (!strcmp(outcome, "success"))
		s->succeeded++;
	else if (!strcmp(outcome, "reject")) {
		s->rejected++;
		if (cause >= 0 && cause < 256)
			s->rejected_by_cause[cause]++;
	} else if (!strcmp(outcome, "aborted"))
		s->aborted++;
	else if (!strcmp(outcome, "pending"))
		s->pending++;
	if (rt >= 0) {
		if (s->n_rt == 0 || rt < s->rt_min)
			s->rt_min = rt;
		if (s->n_rt == 0 || rt > s->rt_max)
			s->rt_max = rt;
		s->n_rt++;
		t->rt_sum[r->proc] += rt;
		s->rt_mean = t->rt_sum[r->proc] / s->n_rt;
	}
	if (t->c.on_proc) {
		char name[TRACK_KEY_MAX];
		track_proc_record rec = {
			.ue = u->num, .ue_key = trk_name_text(&u->name, name), .proc = proc_names[r->proc].name,
			.ebi = tr->ebi, .pti = tr->pti, .outcome = outcome, .cause = (int16_t)cause,
			.start_frame = tr->first_frame, .end_frame = end_frame, .start_time = tr->first_time,
			.end_time = end_time, .response_time = rt, .resends = tr->resends,
		};
		t->c.on_proc(t->c.cb_ctx, &rec);
	}
}

static void proc_record(track *t, const ue *u, const trans *tr, const char *outcome, int cause,
                        uint64_t end_frame, double end_time, double rt)
{
	proc_end(t, u, tr, outcome, cause, end_frame, end_time, rt, end_frame);
}

static void proc_started(track *t, uint8_t proc)
{
	if (proc < TRACK_N_PROCS)
		t->stats[proc].started++;
}

/* ------------------------------------------------------------- bearers */

static uint8_t mme_state(const track *t, const ue *u, uint8_t ebi)
{
	if (ebi == 0 || ebi > 15)
		return M_INACTIVE;
	const bearer *b = bearer_at(t, u, ebi);
	if (b)
		return b->mme;
	return u->known ? M_INACTIVE : M_UNKNOWN;
}

static uint8_t ue_state(const track *t, const ue *u, uint8_t ebi)
{
	if (ebi == 0 || ebi > 15)
		return U_INACTIVE;
	const bearer *b = bearer_at(t, u, ebi);
	if (b)
		return b->ue;
	return u->known ? U_INACTIVE : U_UNKNOWN;
}

static bearer *bearer_get(track *t, ue *u, uint8_t ebi)
{
	if (ebi == 0 || ebi > 15)
		return NULL;
	if (u->b[ebi])
		return bearer_at(t, u, ebi);
	uint32_t h = slab_new(&t->bearers);
	bearer *b = slab_at(&t->bearers, h);
	if (!b) /* never: handles start at 1 (and gcc's LTO then knows b is not NULL) */
		return NULL;
	u->b[ebi] = h;
	b->mme = b->shown_mme = u->known ? M_INACTIVE : M_UNKNOWN;
	b->ue = b->shown_ue = u->known ? U_INACTIVE : U_UNKNOWN;
	return b;
}

static void bearer_free(track *t, ue *u, uint8_t ebi)
{
	slab_free(&t->bearers, u->b[ebi]);
	u->b[ebi] = 0;
}

static uint32_t ipv4_of(const bearer *b)
{
	if (!b->has_addr || !b->addr.has_ipv4)
		return 0;
	const uint8_t *a = b->addr.ipv4;
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

void trk_ip_release(track *t, const ue *u, uint8_t ebi, const bearer *b)
{
	uint32_t ip = ipv4_of(b);
	if (!ip)
		return;
	uint32_t hh = GPOINTER_TO_UINT(g_hash_table_lookup(t->ips, GUINT_TO_POINTER(ip)));
	const ip_holder *h = slab_at(&t->holders, hh);
	if (h && h->ue == u->num && h->ebi == ebi) {
		g_hash_table_remove(t->ips, GUINT_TO_POINTER(ip));
		slab_free(&t->holders, hh);
	}
}

static void bearer_row_fill(const track *t, track_bearer_row *r, uint32_t ue_num, const ue_name *name, uint8_t ebi,
                            const bearer *b, bool ended, uint64_t frame, double time, const char *how)
{
	memset(r, 0, sizeof(*r));
	r->ue = ue_num;
	const char *key = trk_name_text(name, r->ue_key);
	if (key != r->ue_key)
		g_strlcpy(r->ue_key, key, sizeof(r->ue_key));
	const char *disp = trk_name_display(name, r->ue_name);
	if (disp != r->ue_name)
		g_strlcpy(r->ue_name, disp, sizeof(r->ue_name));
	r->ebi = ebi;
	r->kind_known = b->kind_known;
	r->is_default = b->is_default;
	r->linked_ebi = b->linked;
	if (b->apn)
		g_strlcpy(r->apn, apn_text(t, b->apn), sizeof(r->apn));
	format_addr(b, r->addr, sizeof(r->addr));
	r->qci = b->qci;
	r->activated = b->activated;
	r->activated_frame = b->act_frame;
	r->activated_time = b->act_time;
	r->deactivated = ended;
	r->deactivated_frame = ended ? frame : 0;
	r->deactivated_time = ended ? time : 0;
	r->resends = b->resends;
	r->final_state = mme_names[b->mme];
	r->final_ue_state = ue_names[b->ue];
	r->how_ended = how;
}

static void keep_bearer_row(track *t, const ue *u, uint8_t ebi, const bearer *b, uint64_t frame, double time,
                            const char *how, bool live)
{
	ended_bearer e = { .b = *b, .frame = frame, .time = time, .how = how, .ue = u->num, .ebi = ebi, .live = live };
	trk_name_copy(&e.name, &u->name);
	g_array_append_val(t->bearer_rows, e);
}

void trk_bearer_row(track *t, const ue *u, uint8_t ebi, const bearer *b, bool ended, uint64_t frame,
                       double time, const char *how)
{
	if (!ended) {
		track_bearer_row r;
		bearer_row_fill(t, &r, u->num, &u->name, ebi, b, false, 0, 0, how);
		g_array_append_val(t->out_bearers, r);
		return;
	}
	if (t->bearer_rows->len >= t->c.max_bearer_rows) {
		t->n.bearer_rows_dropped++;
		return;
	}
	keep_bearer_row(t, u, ebi, b, frame, time, how, false);
}

/* ------------------------------------------------------------- history */

/* Reports a bearer's states when they differ from what on_state last said.
 * Called where states settle: after each event (for the event's UE), after an
 * abort, and when a context ends (before its bearer is freed); so several
 * changes within one event are one net change. */
static void hist_bearer(track *t, const ue *u, uint8_t ebi, bearer *b, uint64_t frame, double time)
{
	if (b->mme == b->shown_mme && b->ue == b->shown_ue)
		return;
	track_bearer_row r;
	bearer_row_fill(t, &r, u->num, &u->name, ebi, b, false, 0, 0, NULL);
	track_state_change c = { &r, mme_names[b->shown_mme], ue_names[b->shown_ue], frame, time };
	b->shown_mme = b->mme;
	b->shown_ue = b->ue;
	t->c.on_state(t->c.cb_ctx, &c);
}

static void hist_ue(track *t, const ue *u, uint64_t frame, double time)
{
	if (!t->c.on_state)
		return;
	for (int e = 1; e <= 15; e++) {
		bearer *b = bearer_at(t, u, e);
		if (b)
			hist_bearer(t, u, (uint8_t)e, b, frame, time);
	}
}

/* Expiries a timer run of period T implies when it ends d seconds after its
 * copy without a resend: whole periods, once more than one (plus tolerance)
 * has passed, as judge_answer_time counts them. */
static uint8_t run_expiries(const track *t, double T, double d)
{
	if (d <= T + t->c.tolerance_s)
		return 0;
	double k = floor((d + t->c.tolerance_s) / T);
	return k > 255 ? 255 : (uint8_t)k;
}

/* The run of tr's timer from its last copy ends (on_timer). expiries: the
 * tracker's count for this run; the first of them is the transaction's next. */
static void hist_run(track *t, const ue *u, const trans *tr, uint64_t end_frame, double end, uint8_t expiries,
                     const char *outcome)
{
	const esm_rule *r = &esm_rules[tr->rule];
	if (!t->c.on_timer || !tr->timed || r->timer >= TRACK_TIMER__COUNT)
		return;
	track_timer_run run = {
		.ue = u->num, .timer = r->timer, .ebi = tr->ebi, .pti = tr->pti, .proc = proc_names[r->proc].name,
		.request_frame = tr->first_frame, .frame = tr->last_frame, .start = tr->last_time,
		.period = timer_s(t, r->timer), .end = end, .end_frame = end_frame, .expiries = expiries,
		.first_expiry = (uint8_t)(tr->expiries < 255 ? tr->expiries + 1 : 255), .outcome = outcome,
	};
	t->c.on_timer(t->c.cb_ctx, &run);
}

enum { SIDE_MME = 1, SIDE_UE = 2, SIDE_BOTH = 3 };

/* One side (or both) deactivates the context. The network side going
 * frees the address; once both sides are INACTIVE the context is over:
 * its row goes to the bearer table. */
static void bearer_off(track *t, ue *u, uint8_t ebi, int sides, uint64_t frame, double time, const char *how)
{
	bearer *b = ebi >= 1 && ebi <= 15 ? bearer_at(t, u, ebi) : NULL;
	if (!b)
		return;
	if (sides & SIDE_MME) {
		b->mme = M_INACTIVE;
		trk_ip_release(t, u, ebi, b);
	}
	if (sides & SIDE_UE)
		b->ue = U_INACTIVE;
	if (b->mme == M_INACTIVE && (b->ue == U_INACTIVE || b->ue == U_UNKNOWN)) {
		b->ue = U_INACTIVE;
		if (t->c.on_state)
			hist_bearer(t, u, ebi, b, frame, time);
		trk_bearer_row(t, u, ebi, b, true, frame, time, how);
		bearer_free(t, u, ebi);
	}
}

static void bearer_end(track *t, ue *u, uint8_t ebi, uint64_t frame, double time, const char *how)
{
	bearer_off(t, u, ebi, SIDE_BOTH, frame, time, how);
}

/* Bitmask of the EBIs of the PDN connection whose default bearer is lbi. */
static uint16_t pdn_members(const track *t, const ue *u, uint8_t lbi)
{
	uint16_t m = 0;
	if (lbi == 0 || lbi > 15)
		return 0;
	m |= 1u << lbi;
	for (int e = 1; e <= 15; e++) {
		const bearer *b = bearer_at(t, u, e);
		if (b && !b->is_default && b->linked == lbi)
			m |= 1u << e;
	}
	return m;
}

static int lowest_ebi(uint16_t mask)
{
	for (int e = 1; e <= 15; e++)
		if (mask & (1u << e))
			return e;
	return 0;
}

static void list_ebis(uint16_t mask, char *out, size_t n)
{
	size_t k = 0;
	out[0] = 0;
	for (int e = 1; e <= 15 && k < n; e++)
		if (mask & (1u << e))
			k += (size_t)snprintf(out + k, n - k, "%s%d", k ? "," : "", e);
}

static void trans_close(ue *u, trans *tr, uint8_t end);

/* Local deactivation (no peer signalling) of the EBIs in mask on one side or
 * both, and for a default bearer its dedicated ones too (6.4.4.6). Returns
 * what went. */
static uint16_t local_deactivate(track *t, ue *u, uint16_t mask, int sides, uint64_t frame, double time,
                                 const char *how)
{
	uint16_t all = 0;
	for (int e = 1; e <= 15; e++) {
		const bearer *b = bearer_at(t, u, e);
		if ((mask & (1u << e)) && b)
			all |= b->is_default ? pdn_members(t, u, (uint8_t)e) : (uint16_t)(1u << e);
	}
	for (int e = 1; e <= 15; e++) {
		if (!(all & (1u << e)) || !bearer_at(t, u, e))
			continue;
		/* the network's procedures about that bearer end with it */
		for (int i = 0; i < TRACK_MAX_TRANS && (sides & SIDE_MME); i++) {
			trans *tr = trans_at(t, u, i);
			if (!tr)
				continue;
			if (tr->state == TR_OPEN && tr->ebi == e && esm_rules[tr->rule].key == K_EBI) {
				proc_record(t, u, tr, "aborted", -1, frame, time, -1);
				trans_close(u, tr, END_LOCAL);
			}
		}
		bearer_off(t, u, (uint8_t)e, sides, frame, time, how);
	}
	return all;
}

/* --------------------------------------------------------- transactions */

static void trans_close(ue *u, trans *tr, uint8_t end)
{
	u->tr_open &= (uint8_t)~(1u << tr->slot);
	tr->state = TR_DONE;
	tr->end = end;
}

/* A free slot (taken now: most UEs need two or three), else the oldest done
 * transaction, else the oldest open one. */
static int trans_new(track *t, ue *u)
{
	int victim = -1;
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		const trans *tr = trans_at(t, u, i), *v = victim >= 0 ? trans_at(t, u, victim) : NULL;
		if (!tr) {
			u->tr[i] = slab_new(&t->transs);
			return i;
		}
		if (tr->state == TR_FREE)
			return i;
		/* reuse the oldest done one; an open one only if all are open */
		if (!v || (tr->state == TR_DONE && v->state == TR_OPEN) ||
		    (tr->state == v->state && tr->last_time < v->last_time))
			victim = i;
	}
	return victim;
}

/* Find the transaction of rule r (same request message) keyed by EBI or PTI. */
static trans *trans_find(const track *t, ue *u, uint8_t rule, uint8_t ebi, uint8_t pti, int state)
{
	const esm_rule *r = &esm_rules[rule];
	trans *best = NULL;
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *tr = trans_at(t, u, i);
		if (!tr)
			continue;
		if (tr->state == TR_FREE || (state && tr->state != state))
			continue;
		if (tr->rule != rule)
			continue;
		if (r->key == K_EBI ? tr->ebi != ebi : tr->pti != pti)
			continue;
		if (!best || tr->state == TR_OPEN || tr->last_time > best->last_time)
			if (!best || best->state != TR_OPEN)
				best = tr;
	}
	return best;
}

/* Open UE request with this PTI whose procedure is in the mask. */
static trans *trans_find_pti(const track *t, ue *u, uint8_t pti, uint32_t proc_mask, int state)
{
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *tr = trans_at(t, u, i);
		if (!tr)
			continue;
		if (tr->state != TR_FREE && (!state || tr->state == state) && tr->pti == pti &&
		    esm_rules[tr->rule].dir == NAS_UPLINK && (proc_mask & (1u << esm_rules[tr->rule].proc)))
			return tr;
	}
	return NULL;
}

/* Time at which the procedure is aborted if nothing answers (the timer is
 * restarted on every resend: 6.4.1.6 a and the like). */
double trk_deadline(const track *t, const trans *tr)
{
	uint8_t timer = esm_rules[tr->rule].timer;
	uint8_t left = abort_at(t, timer) > tr->expiries ? abort_at(t, timer) - tr->expiries : 1;
	return tr->last_time + left * timer_s(t, timer);
}

/* --------------------------------------------------------- annotations */

static void set_states_before(ctx *x, uint8_t ebi)
{
	if (ebi == 0 || ebi > 15)
		return;
	x->a->mme_before = mme_names[mme_state(x->t, x->u, ebi)];
	x->a->ue_before = ue_names[ue_state(x->t, x->u, ebi)];
}

static void set_states_after(ctx *x, uint8_t ebi)
{
	if (ebi == 0 || ebi > 15)
		return;
	x->a->mme_after = mme_names[mme_state(x->t, x->u, ebi)];
	x->a->ue_after = ue_names[ue_state(x->t, x->u, ebi)];
}

/* Unknown history: the capture started in the middle of this UE's life and
 * the message may answer something sent before. */
static bool prior_unknown(const ctx *x)
{
	double since = x->u->blind_time > x->u->first_time ? x->u->blind_time : x->u->first_time;
	return !x->u->known && x->ev->time - since <= x->t->window;
}

/* A message the tracker cannot read may have changed any bearer: what is not
 * known for sure becomes unknown (ciphered NAS is reported, never guessed). */
static void lose_track(ctx *x)
{
	x->u->known = false;
	if (x->ev->time > x->u->blind_time)
		x->u->blind_time = x->ev->time;
}

static void note_prior_unknown(ctx *x, const char *what)
{
	note(x, TRACK_F_UNKNOWN_PRIOR_STATE, "6.1.3", 0,
	     "UE first seen mid-life: %s may answer a request before the capture", what);
}

static void set_timer(ctx *x, uint8_t timer, uint8_t expiries)
{
	x->a->timer = timer;
	x->a->timer_name = track_timer_name(timer);
	x->a->timer_expiries = expiries;
}

/* An abort whose deadline has passed (a later event of the UE shows it, or the
 * capture end). The finding belongs to the aborted request, not
 * to whatever event revealed the time: it is a row on the request's first copy
 * (at_finish, on no annotation; the plugin shows it on that frame), and the
 * state change is applied before the revealing event is analysed. */
void trk_abort(track *t, ue *u, trans *tr, uint64_t frame, double time)
{
	const esm_rule *r = &esm_rules[tr->rule];
	uint8_t timer = r->timer;
	uint8_t n = abort_at(t, timer);
	const char *pname = proc_names[r->proc].name;
	double at = trk_deadline(t, tr);
	note_at(t, u, tr->first_frame, at, tr->ebi, tr->pti, pname, TRACK_F_PROCEDURE_ABORTED, r->abort_clause,
	        tr->first_frame, "%s expiry %u at %.3f s, no answer to frame %" G_GUINT64_FORMAT ": %s aborted",
	        track_timer_name(timer), n, at, tr->first_frame, pname);
	proc_end(t, u, tr, "aborted", -1, frame, time, -1, 0);
	tr->expiries = n;
	trans_close(u, tr, END_TIMER);

	bearer *b = tr->ebi <= 15 ? bearer_at(t, u, tr->ebi) : NULL;
	switch (r->type) {
	case 0xC1: case 0xC5: /* 6.4.1.6 a, 6.4.2.6 a: resources released, INACTIVE */
		if (b)
			bearer_end(t, u, tr->ebi, frame, time, "aborted");
		break;
	case 0xC9: /* 6.4.3.6 a: back to ACTIVE */
		if (b && b->mme == M_MODIFY_PENDING)
			b->mme = M_ACTIVE;
		break;
	case 0xCD: { /* 6.4.4.5 a: local deactivation */
		uint16_t m = local_deactivate(t, u, (uint16_t)(1u << (tr->ebi & 15)), SIDE_MME, frame, time,
		                              "local-deactivation");
		char l[48];
		list_ebis(m, l, sizeof(l));
		note_at(t, u, tr->first_frame, time, tr->ebi, tr->pti, pname, TRACK_F_LOCAL_DEACTIVATION,
		        "6.4.4.5 a", tr->first_frame, "T3495 abort: MME deactivates EBI %s locally", l);
		break;
	}
	case 0xD2: /* 6.5.2.5 a: the UE deactivates the PDN's bearers locally */
		for (int e = 1; e <= 15; e++)
			if (u->b[e] && (pdn_members(t, u, tr->lbi) & (1u << e)))
				bearer_at(t, u, e)->ue = U_INACTIVE;
		break;
	default:
		break;
	}
	hist_ue(t, u, frame, time);
}

static void check_deadlines(ctx *x)
{
	uint8_t open = x->u->tr_open; /* an abort may close others: they are skipped below */
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		if (!(open & (1u << i)))
			continue;
		trans *tr = trans_at(x->t, x->u, i);
		if (tr->state != TR_OPEN || !tr->timed)
			continue;
		if (x->ev->time > trk_deadline(x->t, tr) + x->t->c.tolerance_s)
			trk_abort(x->t, x->u, tr, tr->last_frame, trk_deadline(x->t, tr));
	}
}

/* The UE may still hold the PDN connections (and addresses) the capture saw
 * it get: it has not detached, and it has not been out of sight long enough
 * for the network to detach it implicitly. An ECM-IDLE UE keeps its EPS
 * bearer contexts (6.1.1); the network detaches it implicitly only after the
 * mobile reachable timer (default T3412 + 4 min, table 10.2.2 NOTE 4) and then
 * the implicit detach timer have run out (5.3.7), both started no earlier
 * than its last message in the capture. ue_idle_s is that bound. */
static bool ue_holds_addresses(const track *t, const ue *u)
{
	return !u->detached && t->now - u->last_seen < t->c.ue_idle_s;
}

/* ------------------------------------------------------------ T3396 */

static bool apn_eq(const char *a, const char *b)
{
	return a == b || (a && b && !g_ascii_strcasecmp(a, b));
}

static backoff *backoff_find(ue *u, const char *apn)
{
	backoff *bo = u->more ? u->more->bo : NULL;
	for (int i = 0; bo && i < MAX_BACKOFF; i++)
		if (bo[i].used && apn_eq(bo[i].apn, apn))
			return &bo[i];
	return NULL;
}

static void backoff_stop(ue *u, const char *apn)
{
	backoff *b = backoff_find(u, apn);
	if (b)
		b->used = false;
}

/* Back-off timer value / T3396 value IE (GPRS timer 3, 9.9.3.16B): zero
 * stops the timer, "deactivated" blocks until a network trigger, other
 * values run (6.5.1.4.2, 6.4.4.3 i-iii). */
static void backoff_set(ctx *x, const esm_msg *m, const char *apn)
{
	const nas_ie *ie = esm_find_ie(m, NAS_IE_GPRS_TIMER3);
	nas_timer tv;
	if (!ie || nas_decode_gprs_timer3(ie->v, &tv) != NAS_OK)
		return;
	ue *u = x->u;
	backoff *b = backoff_find(u, apn);
	if (!tv.deactivated && tv.seconds == 0) {
		if (b)
			b->used = false;
		return;
	}
	if (!b) {
		ue_more *mo = trk_ue_more(u);
		if (!mo->bo) /* few UEs ever get one: allocated on first use */
			mo->bo = g_new0(backoff, MAX_BACKOFF);
		for (int i = 0; i < MAX_BACKOFF && !b; i++)
			if (!mo->bo[i].used)
				b = &mo->bo[i];
		if (!b)
			b = &mo->bo[0];
	}
	x->a->backoff = true;
	x->a->backoff_deactivated = tv.deactivated;
	x->a->backoff_s = tv.deactivated ? 0 : (double)tv.seconds;
	b->used = true;
	b->apn = apn;
	b->deactivated = tv.deactivated;
	b->until = x->ev->time + (double)tv.seconds;
	b->frame = x->ev->frame;
}

static void backoff_check(ctx *x, const char *apn, bool emergency)
{
	if (emergency && !apn)
		return; /* emergency requests are exempt from the no-APN back-off */
	backoff *b = backoff_find(x->u, apn);
	if (!b)
		return;
	if (!b->deactivated && x->ev->time >= b->until) {
		b->used = false;
		return;
	}
	if (b->deactivated)
		note(x, TRACK_F_T3396_VIOLATION, "6.5.1.4.2", b->frame,
		     "request for %s while T3396 is deactivated (frame %" G_GUINT64_FORMAT ")",
		     apn ? apn : "no APN", b->frame);
	else
		note(x, TRACK_F_T3396_VIOLATION, "6.5.1.4.2", b->frame,
		     "request for %s %.1f s before T3396 expires (set in frame %" G_GUINT64_FORMAT ")",
		     apn ? apn : "no APN", b->until - x->ev->time, b->frame);
}

/* The APN a bearer's PDN connection was requested with, for T3396. */
static bool pdn_req_apn(const track *t, const ue *u, uint8_t lbi, const char **apn)
{
	const bearer *b = lbi <= 15 ? bearer_at(t, u, lbi) : NULL;
	if (b && b->kind_known && !b->is_default && b->linked && b->linked <= 15)
		b = bearer_at(t, u, b->linked);
	if (!b || !b->req_apn_known)
		return false;
	*apn = apn_text(t, b->req_apn);
	return true;
}

/* ------------------------------------------------------- resend judging */

/* Judges a resend against the timer (restarted on every send): one timer
 * period after the previous copy is normal; earlier is premature; later
 * implies expiries without a copy in the capture. */
static void judge_resend(ctx *x, trans *tr)
{
	track *t = x->t;
	const esm_rule *r = &esm_rules[tr->rule];
	double d = x->ev->time - tr->last_time;
	tr->resends++;
	x->a->retrans_count = tr->resends;
	x->a->retrans_of = tr->first_frame;
	bearer *b = tr->ebi <= 15 ? bearer_at(x->t, x->u, tr->ebi) : NULL;
	if (b)
		b->resends++;
	if (r->proc < TRACK_N_PROCS)
		t->stats[r->proc].resends++;
	if (!tr->timed) {
		note(x, TRACK_F_RETRANSMISSION, r->clause, tr->first_frame,
		     "resend %u of frame %" G_GUINT64_FORMAT " (no ESM timer: sent with ATTACH)", tr->resends,
		     tr->first_frame);
		tr->last_time = x->ev->time;
		tr->last_frame = x->ev->frame;
		return;
	}
	double T = timer_s(t, r->timer), tol = t->c.tolerance_s;
	uint8_t k = 1;
	if (d < T - tol) {
		note(x, TRACK_F_PREMATURE_RETRANSMISSION, r->abort_clause, tr->last_frame,
		     "resend %u only %.3f s after the previous copy; %s is %.1f s", tr->resends, d,
		     track_timer_name(r->timer), T);
	} else if (d > T + tol) {
		double kk = floor((d + tol) / T);
		k = kk > 255 ? 255 : (uint8_t)kk;
		if (k < 1)
			k = 1;
	}
	hist_run(t, x->u, tr, x->ev->frame, x->ev->time, k, "resent");
	uint16_t exp = (uint16_t)tr->expiries + k;
	tr->expiries = exp > 255 ? 255 : (uint8_t)exp;
	set_timer(x, r->timer, tr->expiries);
	uint8_t n = abort_at(t, r->timer);
	if (tr->resends >= n || tr->expiries >= n) {
		note(x, TRACK_F_EXCESS_RETRANSMISSIONS, r->abort_clause, tr->first_frame,
		     "resend %u (%u expiries of %s): the procedure ends on expiry %u", tr->resends, tr->expiries,
		     track_timer_name(r->timer), n);
	} else if (k > 1) {
		note(x, TRACK_F_LATE_RETRANSMISSION, r->abort_clause, tr->last_frame,
		     "resend %u %.3f s after the previous copy: %u expiries of %s (%.1f s) without a resend",
		     tr->resends, d, k - 1, track_timer_name(r->timer), T);
		note(x, TRACK_F_TIMER_EXPIRY, r->abort_clause, tr->last_frame, "%s expiry %u (%u implied so far)",
		     track_timer_name(r->timer), tr->expiries, tr->expiries);
	} else if (d >= T - tol) {
		note(x, TRACK_F_RETRANSMISSION, r->abort_clause, tr->first_frame,
		     "resend %u of frame %" G_GUINT64_FORMAT, tr->resends, tr->first_frame);
		note(x, TRACK_F_TIMER_EXPIRY, r->abort_clause, tr->last_frame, "%s expiry %u: %.3f s after the previous copy",
		     track_timer_name(r->timer), tr->expiries, d);
	}
	tr->last_time = x->ev->time;
	tr->last_frame = x->ev->frame;
}

/* The answer came after expiries with no resend in the capture. */
static void judge_answer_time(ctx *x, trans *tr)
{
	const esm_rule *r = &esm_rules[tr->rule];
	if (!tr->timed)
		return;
	double T = timer_s(x->t, r->timer), d = x->ev->time - tr->last_time;
	if (d > T + x->t->c.tolerance_s) {
		unsigned k = (unsigned)floor((d + x->t->c.tolerance_s) / T);
		note(x, TRACK_F_TIMER_EXPIRY, r->abort_clause, tr->last_frame,
		     "%s expired %u time(s) before this answer, %.3f s after the last copy, with no resend seen",
		     track_timer_name(r->timer), k, d);
		set_timer(x, r->timer, (uint8_t)(tr->expiries + (k > 200 ? 200 : k)));
	}
}

static void answered(ctx *x, trans *tr, const char *outcome, int cause)
{
	double rt = x->ev->time - tr->first_time;
	if (tr->timed) {
		x->a->timer_stopped = esm_rules[tr->rule].timer;
		x->a->timer_stopped_name = track_timer_name(x->a->timer_stopped);
	}
	x->a->has_response_to = true;
	x->a->response_to = tr->first_frame;
	x->a->response_time = rt;
	judge_answer_time(x, tr);
	proc_record(x->t, x->u, tr, outcome, cause, x->ev->frame, x->ev->time, rt < 0 ? 0 : rt);
	trans_close(x->u, tr, END_ANSWER);
}

/* ----------------------------------------------------- ESM message logic */

static void reject_note(ctx *x, const esm_rule *r, int cause, uint64_t related)
{
	note(x, TRACK_F_REJECT, r->clause, related, "%s, cause #%d %s", nas_esm_msg_name(r->type), cause,
	     cause >= 0 ? nas_esm_cause_name((uint8_t)cause) : "(absent)");
}

/* A new network request for a bearer ends what the network's earlier
 * procedures on that bearer can still bring: the MME runs one procedure per
 * EPS bearer context at a time (6.1.3.3), stopped the earlier one's timer on
 * its answer (6.4.1.3, 6.4.2.3, 6.4.3.3, 6.4.4.3) or ended it on abort or
 * collision (6.4.1.6, 6.4.2.6, 6.4.3.6, 6.4.4.5), and resends no request of
 * a procedure it has ended: a later copy of it is a new request. Their done
 * transactions give their slots to the new one, so that a UE holds about one
 * per bearer rather than one per procedure it ran. One that was resent keeps
 * its slot: the UE answers each copy it receives, and an answer to a late
 * copy may cross the new request; it still finds its request. */
static void retire_bearer_procs(const track *t, ue *u, const esm_rule *r, uint8_t ebi)
{
	if (r->key != K_EBI || r->dir != NAS_DOWNLINK || ebi == 0 || ebi > 15)
		return;
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *tr = trans_at(t, u, i);
		if (tr && tr->state == TR_DONE && tr->ebi == ebi && !tr->resends &&
		    esm_rules[tr->rule].key == K_EBI && esm_rules[tr->rule].dir == NAS_DOWNLINK)
			tr->state = TR_FREE;
	}
}

static trans *start_trans(ctx *x, uint8_t rule, const esm_msg *m, bool timed)
{
	const esm_rule *r = &esm_rules[rule];
	retire_bearer_procs(x->t, x->u, r, m->ebi);
	int slot = trans_new(x->t, x->u);
	trans *tr = trans_at(x->t, x->u, slot);
	if (tr->state == TR_OPEN) {
		proc_record(x->t, x->u, tr, "superseded", -1, x->ev->frame, x->ev->time, -1);
	}
	memset(tr, 0, sizeof(*tr));
	tr->state = TR_OPEN;
	tr->slot = (uint8_t)slot;
	x->u->tr_open |= (uint8_t)(1u << slot);
	tr->rule = rule;
	tr->ebi = m->ebi;
	tr->pti = m->pti;
	tr->timed = timed && r->timer != TRACK_TIMER_NONE;
	tr->hash = trk_hash(m->raw.p, m->raw.len);
	tr->len = (uint16_t)MIN(m->raw.len, UINT16_MAX);
	tr->first_frame = tr->last_frame = x->ev->frame;
	tr->first_time = tr->last_time = x->ev->time;
	proc_started(x->t, r->proc);
	if (tr->timed)
		set_timer(x, r->timer, 0);
	return tr;
}

/* A request seen before: a resend (same plain bytes) of an open or done one. */
static bool handle_resend(ctx *x, uint8_t rule, const esm_msg *m)
{
	trans *tr = trans_find(x->t, x->u, rule, m->ebi, m->pti, 0);
	if (!tr || tr->hash != trk_hash(m->raw.p, m->raw.len) || tr->len != MIN(m->raw.len, UINT16_MAX))
		return false;
	const esm_rule *r = &esm_rules[rule];
	if (tr->state == TR_OPEN) {
		judge_resend(x, tr);
		return true;
	}
	/* done: the answer crossed the resend, or the sender missed it */
	if (tr->end == END_LOCAL || x->ev->time - tr->last_time > x->t->window)
		return false; /* a new request with the same content */
	tr->resends++;
	if (r->proc < TRACK_N_PROCS)
		x->t->stats[r->proc].resends++;
	tr->resent_after_done = true;
	x->a->retrans_count = tr->resends;
	x->a->retrans_of = tr->first_frame;
	if (r->timer != TRACK_TIMER_NONE && tr->timed) {
		uint8_t n = abort_at(x->t, r->timer);
		if (tr->expiries >= n) {
			note(x, TRACK_F_EXCESS_RETRANSMISSIONS, r->abort_clause, tr->first_frame,
			     "resend %u after the procedure was aborted on expiry %u of %s", tr->resends, n,
			     track_timer_name(r->timer));
			tr->last_time = x->ev->time;
			return true;
		}
	}
	note(x, TRACK_F_RETRANSMISSION_AFTER_RESPONSE, r->clause, tr->first_frame,
	     "resend %u of frame %" G_GUINT64_FORMAT " after the procedure was answered", tr->resends,
	     tr->first_frame);
	tr->last_time = x->ev->time;
	return true;
}

/* UE request answered by this network message (PTI link, 6.3.2). */
static trans *ue_request_for(ctx *x, const esm_rule *r, uint8_t pti)
{
	if (pti == 0 || pti == 255 || !r->answers)
		return NULL;
	return trans_find_pti(x->t, x->u, pti, r->answers, TR_OPEN);
}

static void unmatched_answer(ctx *x, const char *what, const char *clause)
{
	uint8_t e = x->a->ebi;
	if (prior_unknown(x) || (e && mme_state(x->t, x->u, e) == M_UNKNOWN))
		note_prior_unknown(x, what);
	else
		note(x, TRACK_F_RESPONSE_WITHOUT_REQUEST, clause, 0, "%s without a pending request", what);
}

/* Network request for a bearer: ACTIVATE DEFAULT/DEDICATED, MODIFY, DEACTIVATE. */
static void on_net_bearer_request(ctx *x, uint8_t rule, const esm_msg *m)
{
	const esm_rule *r = &esm_rules[rule];
	track *t = x->t;
	ue *u = x->u;
	uint8_t ebi = m->ebi;
	bool in_attach = x->ev->nas && x->ev->nas->is_emm && x->ev->nas->emm_type == 0x42;

	if (ebi == 0 || ebi > 15) {
		/* reported by on_esm (7.3.2 g-j); the UE rejects it: keep the
		 * transaction so that the reject finds it, change no bearer */
		if (!handle_resend(x, rule, m))
			start_trans(x, rule, m, !in_attach);
		return;
	}
	set_states_before(x, ebi);
	if (handle_resend(x, rule, m)) {
		set_states_after(x, ebi);
		return;
	}

	/* the UE request this answers, by PTI */
	bool pti_unverified = false;
	trans *req = ue_request_for(x, r, m->pti);
	if (req) {
		answered(x, req, "success", -1);
	} else if (m->pti != 0 && m->pti != 255 && r->answers) {
		trans *done = trans_find_pti(t, u, m->pti, r->answers, TR_DONE);
		if (done) {
			x->a->has_response_to = true;
			x->a->response_to = done->first_frame;
			x->a->response_time = x->ev->time - done->first_time;
		} else if (prior_unknown(x)) {
			note_prior_unknown(x, nas_esm_msg_name(m->type));
			pti_unverified = true;
		} else {
			/* 7.3.1 g, i, k, m: an assigned PTI matching no request in use */
			const char *clause = m->type == 0xC1 ? "7.3.1 g" : m->type == 0xC5 ? "7.3.1 i"
			                   : m->type == 0xC9 ? "7.3.1 k" : "7.3.1 m";
			trans *other = trans_find_pti(t, u, m->pti, 0xffffffffu, 0);
			if (other)
				note(x, TRACK_F_RESPONSE_WITHOUT_REQUEST, clause, other->first_frame,
				     "PTI %u names no pending request (it was used by the %s in frame %" G_GUINT64_FORMAT
				     "): PTI mismatch", m->pti, nas_esm_msg_name(esm_rules[other->rule].type),
				     other->first_frame);
			else
				note(x, TRACK_F_RESPONSE_WITHOUT_REQUEST, clause, 0,
				     "PTI %u names no request of the UE: PTI mismatch", m->pti);
		}
	}

	uint8_t st = mme_state(t, u, ebi);
	bearer *b;
	trans *tr = NULL;
	bool lbi_unverified = false;
	if (st == M_UNKNOWN)
		note(x, TRACK_F_UNKNOWN_PRIOR_STATE, r->clause, 0,
		     "EBI %u was set up before the capture: its prior state is unknown", ebi);
	switch (m->type) {
	case 0xC1: /* ACTIVATE DEFAULT: 6.4.1.2 */
	case 0xC5: { /* ACTIVATE DEDICATED: 6.4.2.2 */
		bool dflt = m->type == 0xC1;
		uint8_t lbi = 0;
		const bearer *prev = bearer_at(t, u, ebi);
		if (st == M_ACTIVE || st == M_MODIFY_PENDING || st == M_INACTIVE_PENDING) {
			bool was_default = prev->is_default;
			note(x, TRACK_F_DUPLICATE_ACTIVATION, dflt ? (was_default ? "6.4.1.5 a" : "6.4.1.5 b")
			                                            : (was_default ? "6.4.2.5 a" : "6.4.2.5 b"),
			     prev->act_frame, "EBI %u is already an active %s bearer: the UE deactivates it locally",
			     ebi, was_default ? "default" : "dedicated");
			local_deactivate(x->t, u, (uint16_t)(1u << ebi), SIDE_BOTH, x->ev->frame, x->ev->time, "replaced");
		} else if (st == M_ACTIVE_PENDING && prev) {
			/* a new activation while the previous one is pending */
			trans *old = trans_find(t, u, rule, ebi, 0, TR_OPEN);
			if (old) {
				proc_record(x->t, u, old, "superseded", -1, x->ev->frame, x->ev->time, -1);
				trans_close(u, old, END_LOCAL);
			}
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, prev->act_frame,
			     "new activation of EBI %u while its activation is pending", ebi);
			bearer_end(x->t, u, ebi, x->ev->frame, x->ev->time, "superseded");
		}
		if (!dflt && ie_half(m, NAS_IE_EBI, &lbi)) {
			uint8_t ls = mme_state(t, u, lbi);
			const bearer *lb = lbi >= 1 && lbi <= 15 ? bearer_at(t, u, lbi) : NULL;
			bool ok = lbi >= 1 && lbi <= 15 &&
			          (ls == M_UNKNOWN || (lb && (lb->is_default || !lb->kind_known) && ls != M_INACTIVE));
			if (!ok)
				note(x, TRACK_F_UNKNOWN_LINKED_BEARER, "6.4.2.5 c", 0,
				     "linked EBI %u is not an active default bearer: the UE rejects with #43", lbi);
			/* accepted only because its activation is not in the capture */
			lbi_unverified = ok && (ls == M_UNKNOWN || !lb || !lb->kind_known);
		}
		b = bearer_get(t, u, ebi);
		b->mme = M_ACTIVE_PENDING;
		b->ue = U_INACTIVE;
		b->is_default = dflt;
		b->kind_known = true;
		b->linked = dflt ? 0 : lbi;
		b->act_frame = x->ev->frame;
		b->act_time = x->ev->time;
		b->activated = false;
		const nas_ie *qie = esm_find_ie(m, NAS_IE_EPS_QOS);
		nas_eps_qos q;
		if (qie && nas_decode_eps_qos(qie->v, &q) == NAS_OK) {
			b->qci = q.qci;
			b->gbr = qci_is_gbr(q.qci);
		}
		if (dflt) {
			b->apn = apn_id(t, msg_apn(t, m));
			if (req && esm_rules[req->rule].type == 0xD0) {
				b->req_apn_known = true;
				b->req_apn = req->apn_given ? req->apn : 0;
				b->emergency = req->emergency;
			}
			const nas_ie *aie = esm_find_ie(m, NAS_IE_PDN_ADDRESS);
			if (aie && nas_decode_pdn_address(aie->v, &b->addr) == NAS_OK)
				b->has_addr = true;
			if (x->t->c.check_ip_conflicts) {
				uint32_t ip = ipv4_of(b);
				if (ip) {
					uint32_t hh = GPOINTER_TO_UINT(g_hash_table_lookup(x->t->ips, GUINT_TO_POINTER(ip)));
					ip_holder *h = slab_at(&x->t->holders, hh);
					const ue *hu = h && h->ue != u->num ? g_hash_table_lookup(x->t->by_num, GUINT_TO_POINTER(h->ue))
					                                   : NULL;
					if (hu && ue_holds_addresses(x->t, hu)) {
						char s[TRACK_ADDR_MAX];
						format_addr(b, s, sizeof(s));
						note(x, TRACK_F_IP_CONFLICT, "5.10.2 (23.401)", h->frame,
						     "IPv4 %s given to UE %u EBI %u is held by UE %u EBI %u (given in frame %"
						     G_GUINT64_FORMAT ", no release seen)", s, u->num, ebi, h->ue, h->ebi, h->frame);
					}
					if (!h) {
						hh = slab_new(&x->t->holders);
						g_hash_table_insert(x->t->ips, GUINT_TO_POINTER(ip), GUINT_TO_POINTER(hh));
						h = slab_at(&x->t->holders, hh);
					}
					h->ue = u->num;
					h->ebi = ebi;
					h->frame = x->ev->frame;
				}
			}
			/* the UE stops T3396 for that APN on activation (6.4.1.3) */
			if (b->req_apn_known)
				backoff_stop(u, apn_text(t, b->req_apn));
		} else {
			const char *apn;
			if (pdn_req_apn(t, u, lbi, &apn))
				backoff_stop(u, apn); /* 6.4.2.3 */
		}
		tr = start_trans(x, rule, m, !in_attach); /* no T3485 with ATTACH ACCEPT: 6.4.1.2 */
		tr->from_attach = in_attach;
		tr->lbi = lbi;
		tr->lbi_unverified = lbi_unverified;
		break;
	}
	case 0xC9: /* MODIFY: 6.4.3.2 */
		if (st == M_INACTIVE || st == M_ACTIVE_PENDING || st == M_INACTIVE_PENDING)
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, 0, "MODIFY for EBI %u in state BEARER CONTEXT %s",
			     ebi, mme_names[st]);
		else if (st == M_MODIFY_PENDING) {
			trans *old = trans_find(t, u, rule, ebi, 0, TR_OPEN);
			if (old) {
				proc_record(x->t, u, old, "superseded", -1, x->ev->frame, x->ev->time, -1);
				trans_close(u, old, END_LOCAL);
			}
		}
		if (st != M_INACTIVE && st != M_ACTIVE_PENDING && st != M_INACTIVE_PENDING) {
			b = bearer_get(t, u, ebi);
			b->mme = M_MODIFY_PENDING;
			const char *apn;
			if (pdn_req_apn(t, u, b->is_default ? ebi : b->linked, &apn))
				backoff_stop(u, apn); /* 6.4.3.3 */
		}
		tr = start_trans(x, rule, m, true);
		break;
	case 0xCD: { /* DEACTIVATE: 6.4.4.2 */
		if (st == M_INACTIVE)
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, 0, "DEACTIVATE for inactive EBI %u", ebi);
		/* a pending activation or modification of that bearer ends here */
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *o = trans_at(t, u, i);
			if (!o)
				continue;
			uint8_t ot = esm_rules[o->rule].type;
			if (o->state == TR_OPEN && o->ebi == ebi && (ot == 0xC1 || ot == 0xC5 || ot == 0xC9)) {
				proc_record(x->t, u, o, "superseded", -1, x->ev->frame, x->ev->time, -1);
				trans_close(u, o, END_LOCAL);
			}
		}
		b = bearer_get(t, u, ebi);
		b->mme = M_INACTIVE_PENDING;
		int cause = esm_cause(m);
		const char *apn = NULL;
		bool apn_known = pdn_req_apn(t, u, b->is_default ? ebi : b->linked, &apn);
		if (cause == 39) {
			if (b->is_default || !b->kind_known) {
				u->react_pending = true;
				trk_ue_more(u)->react_apn = apn_text(t, b->apn);
				u->more->react_frame = x->ev->frame;
				if (apn_known)
					backoff_stop(u, apn); /* 6.4.4.3: #39 stops T3396 */
			}
			note(x, TRACK_F_REACTIVATION_REQUESTED, "6.4.4.3", 0,
			     "#39 reactivation requested for EBI %u (%s): the UE should request PDN connectivity again",
			     ebi, b->apn ? apn_text(t, b->apn) : "APN unknown");
		}
		if (cause == 26 && apn_known)
			backoff_set(x, m, apn); /* 6.4.4.3: T3396 value with #26 */
		tr = start_trans(x, rule, m, true);
		break;
	}
	default:
		break;
	}
	if (tr) {
		tr->ebi_unverified = st == M_UNKNOWN;
		tr->pti_unverified = pti_unverified;
	}
	set_states_after(x, ebi);
}

/* A bearer this event deactivated is INACTIVE on both sides (6.1.3), also
 * for a UE whose other bearers are unknown. */
static void after_deactivation(ctx *x)
{
	x->a->mme_after = mme_names[M_INACTIVE];
	x->a->ue_after = ue_names[U_INACTIVE];
}

/* What a UE's reject or ESM STATUS proves about a network request that was
 * sent while the UE's history was unknown (a capture started mid-life): the
 * UE has no such bearer or linked default bearer, or no such PTI in use. */
static void ue_evidence(ctx *x, const trans *tr, int cause, const char *what, bool status)
{
	uint8_t type = esm_rules[tr->rule].type;
	const char *req = nas_esm_msg_name(type);
	if (cause == 43 && type == 0xC5 && tr->lbi_unverified && tr->ebi >= 5 && tr->ebi <= 15)
		/* 6.4.2.5 c: the UE rejects with #43 when the linked EBI is no active
		 * default bearer (the request's own EBI was valid: not 7.3.2 h) */
		note(x, TRACK_F_UNKNOWN_LINKED_BEARER, "6.4.2.5 c", tr->first_frame,
		     "%s #43: linked EBI %u of the request in frame %" G_GUINT64_FORMAT
		     " is no active default bearer in the UE", what, tr->lbi, tr->first_frame);
	else if (cause == 43 && (type == 0xC9 || type == 0xCD) && tr->ebi_unverified)
		/* 7.3.2 i; 6.7: the UE has no EPS bearer context with that EBI, the
		 * MME had one */
		note(x, TRACK_F_BEARER_STATUS_MISMATCH, status ? "6.7" : "7.3.2 i",
		     tr->first_frame, "%s #43: the UE has no EPS bearer context EBI %u, which the %s in frame %"
		     G_GUINT64_FORMAT " addressed", what, tr->ebi, req, tr->first_frame);
	else if ((cause == 47 || cause == 81) && tr->pti_unverified)
		/* 7.3.1 g, i, k, m: the PTI matches no PTI in use in the UE */
		note(x, TRACK_F_RESPONSE_WITHOUT_REQUEST, "7.3.1", tr->first_frame,
		     "%s #%d: PTI %u of the %s in frame %" G_GUINT64_FORMAT " names no request of the UE", what,
		     cause, tr->pti, req, tr->first_frame);
}

/* UE answer to a network bearer request: ACCEPT or REJECT, found by EBI. */
static void on_ue_bearer_answer(ctx *x, uint8_t rule, const esm_msg *m)
{
	const esm_rule *r = &esm_rules[rule];
	track *t = x->t;
	ue *u = x->u;
	uint8_t ebi = m->ebi;
	uint8_t req_rule = esm_rule_index(r->request_type);
	set_states_before(x, ebi);
	trans *tr = ebi <= 15 ? trans_find(t, u, req_rule, ebi, 0, 0) : NULL;
	if (!tr || (tr->state == TR_DONE && x->ev->time - tr->last_time > x->t->window)) {
		bool learn = prior_unknown(x) || mme_state(t, u, ebi) == M_UNKNOWN;
		unmatched_answer(x, nas_esm_msg_name(m->type), r->clause);
		/* with an unknown history, learn the state: the UE says what it did */
		bearer *b = learn ? bearer_get(t, u, ebi) : NULL;
		if (b) {
			if (m->type == 0xCE) {
				bearer_end(x->t, u, ebi, x->ev->frame, x->ev->time, "deactivated");
			} else if (r->role == R_ACCEPT) {
				b->mme = M_ACTIVE;
				b->ue = U_ACTIVE;
			}
		}
		set_states_after(x, ebi);
		return;
	}
	if (tr->state == TR_DONE) {
		/* second answer: fine when the network resent its request */
		x->a->has_response_to = true;
		x->a->response_to = tr->first_frame;
		x->a->response_time = x->ev->time - tr->first_time;
		if (tr->end == END_TIMER)
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->abort_clause, tr->first_frame,
			     "%s after the request in frame %" G_GUINT64_FORMAT " was aborted (%s expiry %u)",
			     nas_esm_msg_name(m->type), tr->first_frame, track_timer_name(esm_rules[tr->rule].timer),
			     tr->expiries);
		else if (tr->end == END_LOCAL)
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, tr->first_frame,
			     "%s after the procedure of frame %" G_GUINT64_FORMAT " ended locally",
			     nas_esm_msg_name(m->type), tr->first_frame);
		else if (!tr->resent_after_done)
			note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, tr->first_frame,
			     "second %s for the request in frame %" G_GUINT64_FORMAT, nas_esm_msg_name(m->type),
			     tr->first_frame);
		set_states_after(x, ebi);
		return;
	}
	int cause = r->role == R_REJECT ? esm_cause(m) : -1;
	answered(x, tr, r->role == R_REJECT ? "reject" : "success", cause);
	ue_evidence(x, tr, cause, nas_esm_msg_name(m->type), false);
	bool had = bearer_at(t, u, ebi) != NULL;
	bearer *b = bearer_get(t, u, ebi);
	if (!b) { /* EBI 0: the answer to a request without a bearer (7.3.2 g-j) */
		if (r->role == R_REJECT)
			reject_note(x, r, cause, tr->first_frame);
		return;
	}
	switch (m->type) {
	case 0xC2: case 0xC6: /* 6.4.1.3, 6.4.2.3: ACTIVE on both sides */
		b->mme = M_ACTIVE;
		b->ue = U_ACTIVE;
		b->activated = true;
		b->act_frame = x->ev->frame;
		b->act_time = x->ev->time;
		break;
	case 0xC3: case 0xC7: /* 6.4.1.4, 6.4.2.4: INACTIVE */
		reject_note(x, r, cause, tr->first_frame);
		set_states_after(x, ebi);
		bearer_end(x->t, u, ebi, x->ev->frame, x->ev->time, "rejected");
		x->a->mme_after = mme_names[M_INACTIVE];
		x->a->ue_after = ue_names[U_INACTIVE];
		return;
	case 0xCA: /* 6.4.3.3 */
		if (b->mme == M_MODIFY_PENDING || b->mme == M_UNKNOWN) {
			b->mme = M_ACTIVE;
			b->ue = U_ACTIVE;
		}
		break;
	case 0xCB: /* 6.4.3.4: back to ACTIVE, or local deactivation on #43 */
		reject_note(x, r, cause, tr->first_frame);
		if (b->mme == M_MODIFY_PENDING || b->mme == M_UNKNOWN)
			b->mme = M_ACTIVE;
		if (cause == 43 && had) {
			uint16_t gone = local_deactivate(x->t, u, (uint16_t)(1u << ebi), SIDE_BOTH, x->ev->frame, x->ev->time,
			                                 "local-deactivation");
			char l[48];
			list_ebis(gone, l, sizeof(l));
			note(x, TRACK_F_LOCAL_DEACTIVATION, "6.4.3.4", tr->first_frame,
			     "MODIFY rejected with #43: the MME deactivates EBI %s locally", l);
			set_states_after(x, ebi);
			after_deactivation(x);
			return;
		}
		break;
	case 0xCE: { /* 6.4.4.3: INACTIVE; a default bearer takes its PDN along */
		uint16_t members = b->is_default ? pdn_members(t, u, ebi) : (uint16_t)(1u << ebi);
		set_states_after(x, ebi);
		x->a->mme_after = mme_names[M_INACTIVE];
		x->a->ue_after = ue_names[U_INACTIVE];
		members &= (uint16_t)~(1u << ebi);
		bearer_end(x->t, u, ebi, x->ev->frame, x->ev->time, "deactivated");
		if (members)
			local_deactivate(x->t, u, members, SIDE_BOTH, x->ev->frame, x->ev->time, "with-default");
		return;
	}
	default:
		break;
	}
	b = bearer_at(t, u, ebi);
	if (!had && b && b->mme == M_INACTIVE && b->ue == U_INACTIVE)
		bearer_free(t, u, ebi); /* answered a request for a bearer that never existed */
	set_states_after(x, ebi);
}

/* UE request: PDN CONNECTIVITY, PDN DISCONNECT, BEARER RESOURCE ALLOCATION /
 * MODIFICATION, REMOTE UE REPORT. */
static void on_ue_request(ctx *x, uint8_t rule, const esm_msg *m)
{
	track *t = x->t;
	ue *u = x->u;
	bool in_attach = x->ev->nas && x->ev->nas->is_emm && x->ev->nas->emm_type == 0x41;
	uint8_t lbi = 0;
	ie_half(m, NAS_IE_EBI, &lbi);
	if (lbi && !m->ebi) {
		x->a->ebi = lbi;
		set_states_before(x, lbi);
	}

	if (handle_resend(x, rule, m)) {
		set_states_after(x, x->a->ebi);
		return;
	}

	/* same PTI still open for another request: it is replaced */
	trans *same = trans_find_pti(t, u, m->pti, 0xffffffffu, TR_OPEN);
	if (same) {
		proc_record(x->t, u, same, "superseded", -1, x->ev->frame, x->ev->time, -1);
		trans_close(u, same, END_LOCAL);
	}

	const char *apn = NULL;
	bool apn_given = false, emergency = false;
	switch (m->type) {
	case 0xD0: { /* 6.5.1.2 */
		apn = msg_apn(x->t, m);
		apn_given = esm_find_ie(m, NAS_IE_APN) != NULL;
		uint8_t rt = 0;
		if (ie_half(m, NAS_IE_REQUEST_TYPE, &rt))
			emergency = rt == 4 || rt == 6; /* 9.9.4.14 */
		backoff_check(x, apn_given ? apn : NULL, emergency);
		/* the UE asks again as #39 wants (6.4.4.3): nothing to report */
		const char *react_apn = u->react_pending ? u->more->react_apn : NULL;
		if (u->react_pending && (!apn_given || apn_eq(apn, react_apn) ||
		                         (apn && react_apn && g_str_has_prefix(react_apn, apn))))
			u->react_pending = false;
		break;
	}
	case 0xD4: case 0xD6: { /* 6.5.3.2, 6.5.4.2: back-off covers the PDN's APN */
		const char *papn;
		bool release_only = m->type == 0xD6 && esm_find_ie(m, NAS_IE_ESM_CAUSE); /* 6.5.4.1 exception */
		if (!release_only && pdn_req_apn(t, u, lbi, &papn))
			backoff_check(x, papn, bearer_at(t, u, lbi)->emergency);
		if (m->type == 0xD6 && lbi) {
			/* 6.4.3.6 c: a BRM for a bearer the network is modifying is ignored */
			for (int i = 0; i < TRACK_MAX_TRANS; i++) {
				trans *o = trans_at(t, u, i);
				if (!o)
					continue;
				if (o->state == TR_OPEN && esm_rules[o->rule].type == 0xC9 &&
				    (pdn_members(t, u, lbi) & (1u << (o->ebi & 15))))
					note(x, TRACK_F_COLLISION, "6.4.3.6 c", o->first_frame,
					     "BEARER RESOURCE MODIFICATION during MODIFY of EBI %u: the network ignores it",
					     o->ebi);
			}
		}
		break;
	}
	case 0xD2: { /* 6.5.2.2; collisions 6.4.2.6 b, 6.4.3.6 b, 6.4.4.5 b */
		uint16_t members = pdn_members(t, u, lbi);
		uint8_t ls = mme_state(t, u, lbi);
		const bearer *lb = bearer_at(t, u, lbi);
		if (ls == M_INACTIVE || (lb && lb->kind_known && !lb->is_default))
			note(x, TRACK_F_UNEXPECTED_MESSAGE, "6.5.2.6 a", 0,
			     "PDN DISCONNECT for EBI %u, not an active default bearer: the MME rejects with #43", lbi);
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *o = trans_at(t, u, i);
			if (!o)
				continue;
			if (o->state != TR_OPEN || !(members & (1u << (o->ebi & 15))))
				continue;
			uint8_t ot = esm_rules[o->rule].type;
			if (ot == 0xC5 || ot == 0xC9) {
				x->a->ebi = o->ebi; /* the annotation shows the bearer the collision ends */
				set_states_before(x, o->ebi);
				if (o->timed) {
					x->a->timer_stopped = esm_rules[o->rule].timer;
					x->a->timer_stopped_name = track_timer_name(x->a->timer_stopped);
				}
				note(x, TRACK_F_COLLISION, ot == 0xC5 ? "6.4.2.6 b" : "6.4.3.6 b", o->first_frame,
				     "PDN DISCONNECT during %s of EBI %u: the MME ends that procedure locally",
				     ot == 0xC5 ? "dedicated activation" : "modification", o->ebi);
				proc_record(x->t, u, o, "aborted", -1, x->ev->frame, x->ev->time, -1);
				trans_close(u, o, END_LOCAL);
				if (ot == 0xC5)
					bearer_end(x->t, u, o->ebi, x->ev->frame, x->ev->time, "collision");
				else if (u->b[o->ebi])
					bearer_at(t, u, o->ebi)->mme = M_ACTIVE;
			} else if (ot == 0xCD) {
				note(x, TRACK_F_COLLISION, "6.4.4.5 b", o->first_frame,
				     "PDN DISCONNECT during deactivation of EBI %u: the MME proceeds with %s", o->ebi,
				     o->ebi == lbi ? "the deactivation" : "both procedures");
			}
		}
		break;
	}
	default:
		break;
	}

	trans *tr = start_trans(x, rule, m, !in_attach); /* no T3482 with ATTACH: 6.5.1.2 */
	tr->from_attach = in_attach;
	tr->lbi = lbi;
	tr->apn = apn_id(x->t, apn);
	tr->apn_given = apn_given;
	tr->emergency = emergency;
	set_states_after(x, x->a->ebi);
}

/* Network reject or response to a UE request, by PTI; ESM INFORMATION
 * RESPONSE and REMOTE UE REPORT RESPONSE too. */
static void on_pti_answer(ctx *x, uint8_t rule, const esm_msg *m)
{
	const esm_rule *r = &esm_rules[rule];
	track *t = x->t;
	ue *u = x->u;
	uint8_t req_rule = esm_rule_index(r->request_type);
	trans *tr = trans_find(t, u, req_rule, 0, m->pti, TR_OPEN);
	if (!tr) {
		trans *done = trans_find(t, u, req_rule, 0, m->pti, TR_DONE);
		if (done && x->ev->time - done->last_time <= x->t->window) {
			x->a->has_response_to = true;
			x->a->response_to = done->first_frame;
			x->a->response_time = x->ev->time - done->first_time;
			if (!done->resent_after_done)
				note(x, TRACK_F_UNEXPECTED_MESSAGE, r->clause, done->first_frame,
				     "second %s for the request in frame %" G_GUINT64_FORMAT, nas_esm_msg_name(m->type),
				     done->first_frame);
		} else
			unmatched_answer(x, nas_esm_msg_name(m->type), r->clause);
		return;
	}
	int cause = r->role == R_REJECT ? esm_cause(m) : -1;
	if (tr->lbi && !m->ebi) {
		x->a->ebi = tr->lbi;
		set_states_before(x, tr->lbi);
	}
	answered(x, tr, r->role == R_REJECT ? "reject" : "success", cause);
	if (r->role != R_REJECT) {
		set_states_after(x, x->a->ebi);
		return;
	}
	reject_note(x, r, cause, tr->first_frame);
	switch (m->type) {
	case 0xD1: /* 6.5.1.4.2: #26 with back-off starts T3396 for the APN */
		if (cause == 26)
			backoff_set(x, m, tr->apn_given ? apn_text(t, tr->apn) : NULL);
		break;
	case 0xD5: case 0xD7: { /* 6.5.3.4.2, 6.5.4.4.2 */
		const char *apn;
		if (cause == 26 && pdn_req_apn(t, u, tr->lbi, &apn))
			backoff_set(x, m, apn);
		break;
	}
	case 0xD3: /* 6.5.2.4: except #49, the UE deactivates the PDN locally */
		if (cause != 49 && tr->lbi) {
			uint16_t gone = local_deactivate(x->t, u, pdn_members(t, u, tr->lbi), SIDE_UE, x->ev->frame, x->ev->time,
			                                 "local-deactivation");
			if (gone) {
				char l[48];
				list_ebis(gone, l, sizeof(l));
				note(x, TRACK_F_LOCAL_DEACTIVATION, "6.5.2.4", tr->first_frame,
				     "PDN DISCONNECT REJECT #%d: the UE deactivates EBI %s locally", cause, l);
			}
		}
		break;
	default:
		break;
	}
	set_states_after(x, x->a->ebi);
}

/* 6.7: ESM STATUS aborts procedures and, for #43, deactivates locally. */
static void on_status(ctx *x, const esm_msg *m)
{
	track *t = x->t;
	ue *u = x->u;
	int cause = esm_cause(m);
	set_states_before(x, m->ebi);
	/* #43: the receiver deactivates the bearer locally (6.7), whether or
	 * not a procedure about it was aborted first */
	bool local43 = cause == 43 && m->ebi && bearer_at(t, u, m->ebi);
	uint16_t gone = 0;
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *o = trans_at(t, u, i);
		if (!o)
			continue;
		if (o->state != TR_OPEN)
			continue;
		bool by_ebi = m->ebi && o->ebi == m->ebi;
		bool by_pti = m->pti && o->pti == m->pti;
		/* the UE's status about a network request (6.7, 7.3.1 f, 7.3.2) */
		if (x->dir == NAS_UPLINK && esm_rules[o->rule].dir == NAS_DOWNLINK &&
		    ((cause == 43 && by_ebi) || ((cause == 47 || cause == 81) && by_pti)))
			ue_evidence(x, o, cause, "ESM STATUS", true);
		if ((cause == 43 && by_ebi) || (cause == 81 && by_pti) || (cause == 97 && (by_ebi || by_pti))) {
			if (o->timed) {
				x->a->timer_stopped = esm_rules[o->rule].timer;
				x->a->timer_stopped_name = track_timer_name(x->a->timer_stopped);
			}
			proc_record(x->t, u, o, "aborted", cause, x->ev->frame, x->ev->time, -1);
			trans_close(u, o, END_LOCAL);
			/* an aborted network procedure leaves its bearer as its abort on timer
			 * expiry does: 6.4.1.6 a, 6.4.2.6 a INACTIVE; 6.4.3.6 a ACTIVE again;
			 * 6.4.4.5 a deactivated locally by the MME */
			bearer *ob = o->ebi >= 1 && o->ebi <= 15 ? bearer_at(t, u, o->ebi) : NULL;
			uint8_t ot = esm_rules[o->rule].type;
			if (ob && (ot == 0xC1 || ot == 0xC5) && ob->mme == M_ACTIVE_PENDING)
				bearer_end(t, u, o->ebi, x->ev->frame, x->ev->time, "aborted");
			else if (ob && ot == 0xC9 && ob->mme == M_MODIFY_PENDING)
				ob->mme = M_ACTIVE;
			else if (ob && ot == 0xCD && ob->mme == M_INACTIVE_PENDING)
				gone |= local_deactivate(t, u, (uint16_t)(1u << o->ebi), SIDE_MME, x->ev->frame, x->ev->time,
				                         "local-deactivation");
		}
	}
	if (local43) {
		if (bearer_at(t, u, m->ebi))
			gone |= local_deactivate(x->t, u, (uint16_t)(1u << m->ebi), SIDE_BOTH, x->ev->frame, x->ev->time,
			                         "local-deactivation");
		char l[48];
		list_ebis(gone, l, sizeof(l));
		note(x, TRACK_F_LOCAL_DEACTIVATION, "6.7", 0,
		     "ESM STATUS #43 invalid EPS bearer identity: EBI %s deactivated locally", l);
	}
	set_states_after(x, m->ebi);
	if (local43) /* known now, even for a UE whose history is not */
		after_deactivation(x);
}

static void on_esm(ctx *x, const esm_msg *m)
{
	track_annotation *a = x->a;
	a->is_esm = true;
	a->ebi = m->ebi;
	a->pti = m->pti;
	a->msg_type = m->type;
	a->msg_name = nas_esm_msg_name(m->type);
	int ri = esm_rule_index(m->type);
	if (ri < 0) {
		if (!x->malformed_noted)
			note(x, TRACK_F_MALFORMED, "7.4", 0, "ESM message type 0x%02x is not defined", m->type);
		return;
	}
	const esm_rule *r = &esm_rules[ri];
	if (r->proc < TRACK_N_PROCS)
		a->proc = proc_names[r->proc].name;
	/* 6.3.2, 9.3.2: transaction messages carry no EBI, bearer requests one */
	if ((r->ebi_rule == EBI_ZERO && m->ebi != 0) || (r->ebi_rule == EBI_BEARER && m->ebi == 0))
		note(x, TRACK_F_MALFORMED, r->ebi_clause, 0, "%s with EPS bearer identity %u", a->msg_name, m->ebi);
	/* 7.3.1: a transaction needs an assigned PTI (1-254, 24.007 11.2.3.1a) */
	if (r->key == K_PTI && (r->role == R_REQ || r->role == R_ACCEPT || r->role == R_REJECT) &&
	    (m->pti == 0 || m->pti == 255))
		note(x, TRACK_F_MALFORMED, "7.3.1", 0, "%s with %s PTI %u", a->msg_name,
		     m->pti ? "reserved" : "unassigned", m->pti);
	if (x->malformed_noted) {
		/* the decoder refused it: the sender still started its procedure
		 * (an answer will come), but nothing in it is believed */
		set_states_before(x, m->ebi);
		set_states_after(x, m->ebi);
		if (r->role == R_REQ && !handle_resend(x, (uint8_t)ri, m)) {
			bool in_attach = x->ev->nas && x->ev->nas->is_emm &&
			                 (x->ev->nas->emm_type == 0x41 || x->ev->nas->emm_type == 0x42);
			start_trans(x, (uint8_t)ri, m, !in_attach);
		}
		return;
	}
	switch (r->role) {
	case R_REQ:
		if (r->dir == NAS_DOWNLINK && r->key == K_EBI)
			on_net_bearer_request(x, (uint8_t)ri, m);
		else if (r->dir == NAS_DOWNLINK) { /* ESM INFORMATION REQUEST: 6.6.1.2.2 */
			if (!handle_resend(x, (uint8_t)ri, m)) {
				/* it carries the PTI of the PDN CONNECTIVITY REQUEST it completes */
				trans *pdn = trans_find_pti(x->t, x->u, m->pti, 1u << P_PDN_CONN, TR_OPEN);
				if (pdn) {
					a->has_response_to = true;
					a->response_to = pdn->first_frame;
					a->response_time = x->ev->time - pdn->first_time;
				} else if (prior_unknown(x))
					note_prior_unknown(x, "ESM INFORMATION REQUEST");
				else
					note(x, TRACK_F_RESPONSE_WITHOUT_REQUEST, "6.6.1.2.2", 0,
					     "ESM INFORMATION REQUEST with PTI %u: no PDN CONNECTIVITY REQUEST pending", m->pti);
				start_trans(x, (uint8_t)ri, m, true);
			}
		} else
			on_ue_request(x, (uint8_t)ri, m);
		break;
	case R_ACCEPT:
	case R_REJECT:
		if (r->key == K_EBI)
			on_ue_bearer_answer(x, (uint8_t)ri, m);
		else
			on_pti_answer(x, (uint8_t)ri, m);
		break;
	case R_ONESHOT:
		proc_started(x->t, r->proc);
		x->t->stats[r->proc].succeeded++;
		if (m->type == 0xE8)
			on_status(x, m);
		else if (m->ebi) {
			set_states_before(x, m->ebi);
			set_states_after(x, m->ebi);
		}
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ EMM */

/* EPS bearer context status IE (9.9.2.1) in TAU / service messages: the
 * sender's view. The receiver deactivates locally what is active on its side
 * but inactive in the IE (5.5.3.2.4, 5.6.1.4); what the sender holds but the
 * receiver does not is a mismatch. A bearer of unknown history is learnt. */
static void on_bearer_status(ctx *x, uint16_t status, bool uplink)
{
	track *t = x->t;
	ue *u = x->u;
	uint16_t mismatch = 0, gone = 0, listed = status & 0xfffe;
	for (int e = 1; e <= 15; e++) {
		bool says = status & (1u << e);
		uint8_t ms = mme_state(t, u, (uint8_t)e), us = ue_state(t, u, (uint8_t)e);
		if (ms == M_UNKNOWN && us == U_UNKNOWN) {
			if (says) {
				bearer *b = bearer_get(t, u, (uint8_t)e);
				b->mme = M_ACTIVE;
				b->ue = U_ACTIVE;
			}
			continue;
		}
		/* the receiver's side is what the IE is compared with */
		bool recv_active = uplink ? ms != M_INACTIVE && ms != M_UNKNOWN : us == U_ACTIVE;
		bool recv_known = uplink ? ms != M_UNKNOWN : us != U_UNKNOWN;
		if (!recv_known)
			continue;
		if (says && !recv_active)
			mismatch |= (uint16_t)(1u << e);
		if (!says && recv_active)
			gone |= (uint16_t)(1u << e);
	}
	uint8_t focus = (uint8_t)lowest_ebi(mismatch | gone);
	for (int e = 15; !focus && e >= 1; e--)
		if (listed & (1u << e))
			focus = (uint8_t)e;
	x->a->ebi = focus;
	set_states_before(x, focus);
	char l[48];
	if (mismatch) {
		list_ebis(mismatch, l, sizeof(l));
		note(x, TRACK_F_BEARER_STATUS_MISMATCH, "5.5.3.2.4", 0,
		     "EPS bearer context status from the %s lists EBI %s, inactive in the %s",
		     uplink ? "UE" : "network", l, uplink ? "MME" : "UE");
	}
	if (gone) {
		uint16_t all = local_deactivate(x->t, u, gone, SIDE_BOTH, x->ev->frame, x->ev->time, "status-sync");
		list_ebis(all, l, sizeof(l));
		note(x, TRACK_F_LOCAL_DEACTIVATION, "5.5.3.2.4", 0,
		     "EPS bearer context status: the %s deactivates EBI %s locally", uplink ? "MME" : "UE", l);
	}
	set_states_after(x, focus);
}

static void on_emm(ctx *x, const nas_pdu *p)
{
	track *t = x->t;
	ue *u = x->u;
	switch (p->emm_type) {
	case 0x41: { /* ATTACH REQUEST: a new life; old contexts are dropped (5.5.1.2.4) */
		uint16_t act = 0;
		for (int e = 1; e <= 15; e++) {
			const bearer *b = bearer_at(t, u, e);
			if (b && b->mme != M_INACTIVE && b->mme != M_UNKNOWN)
				act |= (uint16_t)(1u << e);
		}
		for (int e = 1; e <= 15; e++)
			if (bearer_at(t, u, e) && !(act & (1u << e)))
				bearer_end(x->t, u, (uint8_t)e, x->ev->frame, x->ev->time, "unknown");
		if (act) {
			char l[48];
			local_deactivate(x->t, u, act, SIDE_BOTH, x->ev->frame, x->ev->time, "re-attach");
			list_ebis(act, l, sizeof(l));
			note(x, TRACK_F_LOCAL_DEACTIVATION, "5.5.1.2.7", 0,
			     "ATTACH REQUEST: the bearer contexts EBI %s of the previous attach are deactivated locally", l);
		}
		/* nothing before the attach can be answered or resent any more */
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *tr = trans_at(t, u, i);
			if (tr && tr->state == TR_OPEN)
				proc_record(x->t, u, tr, "superseded", -1, x->ev->frame, x->ev->time, -1);
			if (tr)
				tr->state = TR_FREE;
		}
		u->tr_open = 0;
		u->known = true;
		u->react_pending = false;
		break;
	}
	case 0x44: /* ATTACH REJECT without an ESM answer: the attach PDN request fails */
		if (!p->esm.present)
			for (int i = 0; i < TRACK_MAX_TRANS; i++) {
				trans *tr = trans_at(t, u, i);
				if (!tr)
					continue;
				if (tr->state == TR_OPEN && tr->from_attach) {
					proc_record(x->t, u, tr, "reject", -1, x->ev->frame, x->ev->time, x->ev->time - tr->first_time);
					trans_close(u, tr, END_LOCAL);
				}
			}
		break;
	case 0x45: { /* DETACH REQUEST: both sides deactivate locally (5.5.2.2.2, 5.5.2.3.2) */
		u->detach_dir = (uint8_t)x->dir;
		uint16_t act = 0;
		for (int e = 1; e <= 15; e++)
			if (bearer_at(t, u, e))
				act |= (uint16_t)(1u << e);
		uint8_t focus = (uint8_t)lowest_ebi(act); /* the annotation shows the first bearer that goes */
		if (act) {
			char l[48];
			x->a->ebi = focus;
			set_states_before(x, focus);
			list_ebis(act, l, sizeof(l));
			local_deactivate(x->t, u, act, SIDE_BOTH, x->ev->frame, x->ev->time, "detach");
			note(x, TRACK_F_LOCAL_DEACTIVATION, x->dir == NAS_UPLINK ? "5.5.2.2.2" : "5.5.2.3.2", 0,
			     "DETACH: EBI %s deactivated locally", l);
		}
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *tr = trans_at(t, u, i);
			if (tr && tr->state == TR_OPEN) {
				proc_record(x->t, u, tr, "aborted", -1, x->ev->frame, x->ev->time, -1);
				trans_close(u, tr, END_LOCAL);
			}
		}
		u->known = true; /* after detach nothing is active */
		set_states_after(x, focus);
		trk_ue_gone(x->t, u, x->ev->time);
		break;
	}
	default:
		break;
	}
	/* TAU REQUEST/ACCEPT, (EXTENDED, CONTROL PLANE) SERVICE REQUEST, SERVICE
	 * ACCEPT: the only EMM messages with the IE (tables 8.2.x) */
	if (p->bearer_ctx_status >= 0)
		on_bearer_status(x, (uint16_t)p->bearer_ctx_status, x->dir == NAS_UPLINK);
}

/* ------------------------------------------------------------ NAS event */

/* UE-side copies (TS 24.301 4.4.3.1, 9.1): a modem-log capture holds one
 * transmission of a NAS message several times, as the RRC message that carried
 * it (security-protected, ciphered once security is on), as the NAS log's
 * security-protected copy, as its plain copy, and the ESM message of an EMM
 * message's ESM message container alone, right after it; their timestamps
 * may be out of order by a second or more. A copy is the same transmission
 * when it has the same content and, where both have a security header, the
 * same NAS sequence number (the low octet of the NAS COUNT, 4.4.3.1: a
 * resend has a new one); without a sequence number on one side, a
 * transmission has at most one copy of each kind (source and form). Copies
 * lie closer together than the shortest ESM timer less the tolerance: a real
 * resend comes a timer period later (6.4.x.6, 6.5.x.5). */
enum { COPY_NEW, COPY_DUP, COPY_FILL };
enum { FORM_PROTECTED, FORM_PLAIN, FORM_BARE_ESM };

typedef struct {
	uint32_t hash, esm_hash;
	uint16_t len, esm_len;
	uint8_t sqn, kind;
	bool has_sqn, readable, bare;
} copy_key;

static copy_key copy_of(const ctx *x, const nas_pdu *p)
{
	copy_key k = { 0 };
	bool unreadable = p->ciphered || x->ev->nas_status != TRACK_NAS_DECODED;
	uint32_t at = p->has_mac ? 6 : 0; /* 9.1: the plain message after the security header */
	k.has_sqn = p->has_mac || p->is_service_request;
	k.sqn = p->sqn;
	k.readable = !unreadable && p->raw.p;
	k.len = (uint16_t)MIN(p->pdu_len > at ? p->pdu_len - at : 0, UINT16_MAX);
	if (k.readable)
		k.hash = trk_hash(p->raw.p + at, p->pdu_len - at);
	if (k.readable && p->is_emm && p->esm.present) {
		k.esm_hash = trk_hash(p->esm.raw.p, p->esm.raw.len);
		k.esm_len = (uint16_t)MIN(p->esm.raw.len, UINT16_MAX);
	}
	/* the ESM message alone, as a modem logs it after its EMM message */
	k.bare = k.readable && !p->is_emm && p->pd == 2;
	int form = k.has_sqn ? FORM_PROTECTED : k.bare ? FORM_BARE_ESM : FORM_PLAIN;
	uint8_t src = x->ev->source < TRACK_SRC__COUNT ? x->ev->source : TRACK_SRC_OTHER;
	k.kind = (uint8_t)(src * 3 + form);
	return k;
}

static bool copy_matches(const ctx *x, const struct ue_copy *r, const copy_key *k)
{
	if (!r->used || fabs(x->ev->time - r->t) > x->t->copy_window)
		return false;
	if (r->dir && x->dir && r->dir != x->dir)
		return false;
	bool any_kind = k->kind < 3; /* source not said: the kinds cannot tell copies apart */
	if (k->bare && r->esm_hash) {
		/* the ESM message of that EMM message, maybe followed by the rest of it */
		const esm_msg *m = &x->ev->nas->esm;
		if (m->raw.len >= r->esm_len && trk_hash(m->raw.p, r->esm_len) == r->esm_hash &&
		    (any_kind || !(r->kinds & (1u << k->kind))))
			return true;
	}
	if (k->has_sqn && r->has_sqn) {
		if (k->sqn != r->sqn)
			return false; /* another NAS COUNT: another transmission (a resend) */
		return k->readable && r->readable ? k->hash == r->hash && k->len == r->len : k->len == r->len;
	}
	if (!any_kind && (r->kinds & (1u << k->kind)))
		return false; /* this kind of copy of it was seen already: a new transmission */
	if (k->readable && r->readable)
		return k->hash == r->hash && k->len == r->len;
	return k->len == r->len; /* a ciphered copy: its length is the plain message's */
}

static int ue_side_copy(ctx *x, const nas_pdu *p)
{
	if (!p)
		return COPY_NEW;
	copy_key k = copy_of(x, p);
	ue_more *mo = trk_ue_more(x->u);
	if (!mo->copies) /* UE-side captures only */
		mo->copies = g_new0(struct ue_copy, MAX_COPIES);
	for (int i = 0; i < MAX_COPIES; i++) {
		struct ue_copy *r = &mo->copies[i];
		if (!copy_matches(x, r, &k))
			continue;
		r->kinds |= (uint16_t)(1u << k.kind);
		if (k.has_sqn && !r->has_sqn) {
			r->has_sqn = true;
			r->sqn = k.sqn;
		}
		if (!k.readable || r->readable)
			return COPY_DUP;
		/* the first readable copy of a transmission seen ciphered: analysed,
		 * and what the ciphered copy made unknown is known again */
		r->readable = true;
		r->hash = k.hash;
		r->len = k.len;
		r->esm_hash = k.esm_hash;
		r->esm_len = k.esm_len;
		if (r->blinded) {
			x->u->known = r->was_known;
			x->u->blind_time = r->was_blind;
			r->blinded = false;
		}
		return COPY_FILL;
	}
	struct ue_copy *r = &mo->copies[mo->copy_i];
	mo->copy_i = (uint8_t)((mo->copy_i + 1) % MAX_COPIES);
	*r = (struct ue_copy){ .t = x->ev->time, .frame = x->ev->frame, .hash = k.hash, .esm_hash = k.esm_hash,
		               .len = k.len, .esm_len = k.esm_len, .kinds = (uint16_t)(1u << k.kind),
		               .dir = (uint8_t)x->dir, .sqn = k.sqn, .used = true, .has_sqn = k.has_sqn,
		               .readable = k.readable };
	if (!k.readable) { /* lose_track follows: remember what it takes */
		r->blinded = true;
		r->was_known = x->u->known;
		r->was_blind = x->u->blind_time;
	}
	return COPY_NEW;
}

/* The direction of a message sent both ways whose two forms decode alike
 * (nas_pdu.dir_open), from the procedures in progress: an ESM STATUS (6.7,
 * 7.3) answers the peer's message, so one about the EBI or PTI of an open
 * network request comes from the UE and one about the PTI of an open UE
 * request from the network; a DETACH ACCEPT answers the other side's DETACH
 * REQUEST (5.5.2.2.2, 5.5.2.3.2). NAS_DIR_UNKNOWN when nothing or both say. */
static nas_dir dir_by_state(const ctx *x, const nas_pdu *p)
{
	const ue *u = x->u;
	if (p->is_emm && p->emm_type == 0x46 && !p->esm.present)
		return u->detach_dir == NAS_UPLINK ? NAS_DOWNLINK : u->detach_dir == NAS_DOWNLINK ? NAS_UPLINK
		                                                                                   : NAS_DIR_UNKNOWN;
	if (!p->esm.present || p->esm.type != 0xE8 || p->is_emm)
		return NAS_DIR_UNKNOWN;
	const esm_msg *m = &p->esm;
	bool from_ue = false, from_net = false;
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		const trans *tr = trans_at(x->t, u, i);
		if (!tr || tr->state != TR_OPEN)
			continue;
		const esm_rule *r = &esm_rules[tr->rule];
		bool same = r->key == K_EBI ? m->ebi && tr->ebi == m->ebi : m->pti && tr->pti == m->pti;
		if (same && r->dir == NAS_DOWNLINK)
			from_ue = true;
		else if (same && r->dir == NAS_UPLINK)
			from_net = true;
	}
	return from_ue == from_net ? NAS_DIR_UNKNOWN : from_ue ? NAS_UPLINK : NAS_DOWNLINK;
}

/* The direction the tracker takes for a NAS event (nas_dir_from): the one the
 * decode settled, for a message sent both ways the procedures' when they say,
 * else the source's hint; counted per source. */
static void take_dir(ctx *x)
{
	const track_event *ev = x->ev;
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	nas_dir hint = ev->dir;
	uint8_t from;
	if (p) {
		x->dir = p->dir;
		from = p->dir_from;
		hint = (nas_dir)p->dir_hint;
		nas_dir st = p->dir_open && !p->ciphered ? dir_by_state(x, p) : NAS_DIR_UNKNOWN;
		if (st != NAS_DIR_UNKNOWN) {
			x->dir = st;
			from = st == hint ? NAS_DIR_FROM_SOURCE : NAS_DIR_FROM_STATE;
		}
	} else {
		x->dir = hint;
		from = hint != NAS_DIR_UNKNOWN ? NAS_DIR_FROM_SOURCE : NAS_DIR_FROM_NONE;
	}
	x->a->dir = (uint8_t)x->dir;
	x->a->dir_hint = (uint8_t)hint;
	x->a->dir_from = from;
	track_dir_counts *c = &x->t->n.dir[ev->source < TRACK_SRC__COUNT ? ev->source : TRACK_SRC_OTHER];
	c->nas++;
	if (hint == NAS_DIR_UNKNOWN)
		c->no_hint++;
	if (x->dir == NAS_DIR_UNKNOWN)
		c->unknown++;
	else if (hint != NAS_DIR_UNKNOWN && hint != x->dir) {
		c->overruled++;
		c->by_message += from == NAS_DIR_FROM_MESSAGE;
		c->by_decode += from == NAS_DIR_FROM_DECODE;
		c->by_state += from == NAS_DIR_FROM_STATE;
	}
}

static void on_nas(ctx *x)
{
	const track_event *ev = x->ev;
	const nas_pdu *p = ev->nas;
	x->t->n.nas_events++;
	take_dir(x);
	/* NAS security (security.c): what the MAC check says about the message */
	char why[TRACK_TEXT_MAX];
	int sec = trk_sec_nas(x->t, x->u, ev, x->a, why, sizeof why);
	if (sec == SEC_AKA_FAILED) /* the UE answers AUTHENTICATION FAILURE #20 (5.4.2.6 c) */
		note(x, TRACK_F_INTEGRITY_FAILURE, "5.4.2.6 c", 0, "%s", why);
	if (sec == SEC_DISCARDED || sec == SEC_FAILED_KEPT || sec == SEC_WRONG_KEYS) {
		bool dl = x->dir == NAS_DOWNLINK;
		bool processed = trk_sec_processed_anyway(p, (uint8_t)x->dir);
		bool kept = sec == SEC_FAILED_KEPT && !processed; /* a downlink message the UE discards */
		note(x, TRACK_F_INTEGRITY_FAILURE, dl ? "4.4.4.2" : "4.4.4.3", 0, "%s%s", x->a->sec.why,
		     sec == SEC_DISCARDED || kept ? (dl ? ": the UE discards it" : ": the MME discards it") : "");
		if (sec == SEC_DISCARDED)
			return; /* the receiver's state does not change */
	}
	if (ev->ue_side && ev->nas_status != TRACK_NAS_MALFORMED && ue_side_copy(x, p) == COPY_DUP) {
		x->a->duplicate = true;
		return;
	}
	if (ev->nas_status == TRACK_NAS_CIPHERED || (p && ev->nas_status == TRACK_NAS_DECODED && p->ciphered)) {
		note(x, TRACK_F_CIPHERED, "4.4.5", 0, "ciphered NAS: not analysed");
		lose_track(x);
		return;
	}
	if (!p || ev->nas_status == TRACK_NAS_MALFORMED) {
		note(x, TRACK_F_MALFORMED, "7", 0, "malformed NAS: not analysed");
		return;
	}
	if (!x->t->c.assume_eea0 && (p->sec_hdr == 2 || p->sec_hdr == 4)) {
		note(x, TRACK_F_CIPHERED, "4.4.5", 0, "ciphered NAS (EEA0 not assumed): not analysed");
		lose_track(x);
		return;
	}
	if (!p->valid) {
		const nas_diag *d = p->n_diag ? &p->diag[0] : NULL;
		note(x, TRACK_F_MALFORMED, "7", 0, "malformed NAS: %s at octet %u%s%s",
		     d ? nas_diag_code_name(d->code) : "error", d ? d->offset : 0, d && d->ie ? " in " : "",
		     d && d->ie ? d->ie : "");
		/* an ESM part that did not decode cleanly is only a header: see on_esm */
		x->malformed_noted = p->esm.present && !p->esm.valid;
	}
	/* a broken EMM part changes nothing: its identities and bearer status
	 * are not believed */
	if (p->valid) {
		trk_bind_identities(x->t, x->u, ev);
		if (p->is_emm)
			on_emm(x, p);
	}
	if (p->esm.present)
		on_esm(x, &p->esm);
}

/* NAS NON DELIVERY INDICATION: the eNB could not deliver a downlink NAS. */
static void on_non_delivery(ctx *x)
{
	/* the undelivered message went downlink (36.413 8.6.2.5) */
	x->a->dir = NAS_DOWNLINK;
	x->a->dir_hint = (uint8_t)x->ev->dir;
	x->a->dir_from = NAS_DIR_FROM_SOURCE;
	const nas_pdu *p = x->ev->nas_status == TRACK_NAS_DECODED ? x->ev->nas : NULL;
	uint64_t rel = 0;
	if (p && p->esm.present) {
		const esm_msg *m = &p->esm;
		x->a->is_esm = true;
		x->a->ebi = m->ebi;
		x->a->pti = m->pti;
		x->a->msg_type = m->type;
		x->a->msg_name = nas_esm_msg_name(m->type);
		int ri = esm_rule_index(m->type);
		set_states_before(x, m->ebi);
		set_states_after(x, m->ebi); /* no state change: T3485 and the like run on */
		if (ri >= 0) {
			if (esm_rules[ri].proc < TRACK_N_PROCS)
				x->a->proc = proc_names[esm_rules[ri].proc].name;
			trans *tr = trans_find(x->t, x->u, (uint8_t)ri, m->ebi, m->pti, 0);
			if (tr && tr->hash == trk_hash(m->raw.p, m->raw.len)) {
				rel = tr->last_frame;
				x->a->retrans_of = tr->first_frame;
			}
		}
	}
	note(x, TRACK_F_NAS_NON_DELIVERY, "5.4.5 (23.401)", rel, "eNodeB could not deliver %s%s",
	     x->a->msg_name ? x->a->msg_name : "a downlink NAS message",
	     rel ? ": the MME resends it on timer expiry" : "");
}

/* ----------------------------------------------------------- S1AP events */

static uint32_t key_hash(const char *k)
{
	return k ? trk_hash((const uint8_t *)k, (uint32_t)strlen(k)) : 0;
}

/* The event is about the source side of the UE's handover. */
static bool ho_source(const ue *u, const track_event *ev)
{
	if (!u->ho_active)
		return false;
	const ue_more *h = u->more;
	if (ev->ue_key)
		return key_hash(ev->ue_key) == h->ho_src_key;
	return ev->assoc == h->ho_src_assoc &&
	       (!ev->has_mme_ue_id || !h->ho_src_has_mme || ev->mme_ue_id == h->ho_src_mme);
}

static bool same_ctx(const ue *u, const track_event *ev)
{
	return u->has_cur && u->cur_assoc == ev->assoc && (!ev->has_mme_ue_id || !u->cur_has_mme ||
	                                                     u->cur_mme == ev->mme_ue_id);
}

static void set_cur(ue *u, const track_event *ev)
{
	u->has_cur = true;
	u->cur_assoc = ev->assoc;
	u->cur_has_mme = ev->has_mme_ue_id;
	u->cur_mme = ev->mme_ue_id;
}

/* 23.401 5.3.5: after an S1 release the MME keeps non-GBR bearers; GBR ones
 * survive only user inactivity (radioNetwork 20), inter-RAT redirection (28)
 * and CS fallback (23); otherwise the MME deactivates them, locally since no
 * NAS signalling connection exists (24.301 6.4.4.2, 6.4.4.6). The UE is not
 * told: its side stays ACTIVE until the next service request or TAU. */
static bool release_keeps_gbr(int cause_group, int cause_value)
{
	if (cause_group != 0)
		return true; /* nas / transport / misc causes, or none: normal release */
	return cause_value == 20 || cause_value == 28 || cause_value == 23 || cause_value == 2;
}

static void gbr_release(ctx *x)
{
	track *t = x->t;
	ue *u = x->u;
	uint16_t gbr = 0;
	for (int e = 1; e <= 15; e++) {
		const bearer *b = bearer_at(t, u, e);
		if (b && b->gbr && !b->is_default && b->mme != M_INACTIVE)
			gbr |= (uint16_t)(1u << e);
	}
	if (!gbr)
		return;
	uint8_t first = (uint8_t)lowest_ebi(gbr);
	x->a->ebi = first;
	set_states_before(x, first);
	if (!release_keeps_gbr(u->rel_cause_group, u->rel_cause_value)) {
		char l[48];
		list_ebis(gbr, l, sizeof(l));
		local_deactivate(x->t, u, gbr, SIDE_MME, x->ev->frame, x->ev->time, "s1-release");
		note(x, TRACK_F_LOCAL_DEACTIVATION, "6.4.4.6", 0,
		     "S1 release (radio cause %d): the MME deactivates GBR EBI %s locally", u->rel_cause_value, l);
	}
	set_states_after(x, first);
}

static void on_s1ap(ctx *x)
{
	const track_event *ev = x->ev;
	track *t = x->t;
	ue *u = x->u;
	char l[48];
	switch (ev->kind) {
	case TRACK_EV_UE_CTX_RELEASE_REQUEST:
	case TRACK_EV_UE_CTX_RELEASE_COMMAND:
	case TRACK_EV_UE_CTX_RELEASE_COMPLETE: {
		if (ho_source(u, ev)) {
			/* release of the handover's source side (23.401 5.5.1.2.2 step 19) */
			if (ev->kind == TRACK_EV_UE_CTX_RELEASE_COMMAND && u->more->ho_same_enb) {
				uint16_t in_use = 0;
				for (int e = 1; e <= 15; e++) {
					const bearer *b = bearer_at(t, u, e);
					if (b && b->mme != M_INACTIVE)
						in_use |= (uint16_t)(1u << e);
				}
				list_ebis(in_use, l, sizeof(l));
				note(x, TRACK_F_BEARERS_RELEASED_BY_RELOCATION, "5.5.1.2.2 (23.401)", u->more->ho_frame,
				     "MME relocation with source eNodeB = target eNodeB: the source MME's release of its "
				     "UE context releases the bearers in use%s%s", in_use ? ", EBI " : "", l);
			}
			if (ev->kind == TRACK_EV_UE_CTX_RELEASE_COMPLETE)
				u->ho_active = false;
			if (ev->kind != TRACK_EV_UE_CTX_RELEASE_REQUEST && ev->has_mme_ue_id)
				trk_unbind(t, u, trk_key_mme(t, ev->assoc, ev->mme_ue_id));
			break;
		}
		if (ev->kind != TRACK_EV_UE_CTX_RELEASE_COMPLETE) {
			if (ev->cause_group >= 0) {
				u->rel_cause_group = ev->cause_group;
				u->rel_cause_value = ev->cause_value;
			}
			break;
		}
		gbr_release(x);
		u->rel_cause_group = -1;
		if (ev->has_mme_ue_id)
			trk_unbind(t, u, trk_key_mme(t, ev->assoc, ev->mme_ue_id));
		if (ev->has_enb_ue_id)
			trk_unbind(t, u, trk_key_enb(t, ev->assoc, ev->enb_ue_id));
		if (same_ctx(u, ev) || !u->has_cur) {
			u->has_cur = false;
			u->idle = true; /* ECM-IDLE: kept while it may come back (ue_idle_s) */
		}
		break;
	}
	case TRACK_EV_INITIAL_CTX_SETUP_REQUEST: {
		/* 6.4.4.6 case 1: bearers that get no user plane radio bearer on
		 * the way out of idle are deactivated locally (here: those the MME
		 * no longer sets up) */
		uint16_t want = ev->erab_mask & 0xfffe, drop = 0;
		if (!want)
			break;
		for (int e = 1; e <= 15; e++) {
			const bearer *b = bearer_at(t, u, e);
			if (b && !(want & (1u << e)) && (b->ue == U_ACTIVE || b->mme == M_ACTIVE))
				drop |= (uint16_t)(1u << e);
		}
		if (!drop)
			break;
		uint8_t first = (uint8_t)lowest_ebi(drop);
		x->a->ebi = first;
		set_states_before(x, first);
		uint16_t gone = local_deactivate(t, u, drop, SIDE_BOTH, ev->frame, ev->time, "no-radio-bearer");
		list_ebis(gone, l, sizeof(l));
		note(x, TRACK_F_LOCAL_DEACTIVATION, "6.4.4.6", 0,
		     "initial context setup without E-RAB for EBI %s: deactivated locally (case 1)", l);
		set_states_after(x, first);
		break;
	}
	case TRACK_EV_INITIAL_CTX_SETUP_FAILURE:
		/* 6.4.1.1: a failed attach fails the default bearer activation */
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *tr = trans_at(t, u, i);
			if (!tr)
				continue;
			if (tr->state == TR_OPEN && tr->from_attach && esm_rules[tr->rule].type == 0xC1) {
				note(x, TRACK_F_PROCEDURE_ABORTED, "6.4.1.1", tr->first_frame,
				     "initial context setup failed: the default bearer activation with ATTACH fails");
				proc_record(t, u, tr, "aborted", -1, ev->frame, ev->time, -1);
				trans_close(u, tr, END_LOCAL);
				bearer_end(t, u, tr->ebi, ev->frame, ev->time, "aborted");
			}
		}
		break;
	case TRACK_EV_HANDOVER_COMMAND:
		/* 6.4.4.6 case 3 takes effect when the handover completes */
		trk_ue_more(u)->ho_release = ev->erab_mask & 0xfffe;
		break;
	case TRACK_EV_ERAB_RELEASE_INDICATION: /* 6.4.4.6 case 4 */
	case TRACK_EV_HANDOVER_NOTIFY:        /* 6.4.4.6 case 3: not set up by the target */
	case TRACK_EV_PATH_SWITCH_ACK: {      /* likewise, E-RABToBeReleasedList */
		uint16_t m = ev->erab_mask & 0xfffe;
		if (ev->kind == TRACK_EV_HANDOVER_NOTIFY) {
			m = u->more ? u->more->ho_release : 0;
			if (u->more)
				u->more->ho_release = 0;
		}
		if (ev->kind != TRACK_EV_ERAB_RELEASE_INDICATION)
			set_cur(u, ev);
		uint16_t have = 0;
		for (int e = 1; e <= 15; e++)
			if ((m & (1u << e)) && bearer_at(t, u, e))
				have |= (uint16_t)(1u << e);
		if (!have)
			break;
		x->a->ebi = (uint8_t)lowest_ebi(have);
		set_states_before(x, x->a->ebi);
		uint16_t gone = local_deactivate(t, u, have, SIDE_BOTH, ev->frame, ev->time, "local-deactivation");
		set_states_after(x, x->a->ebi);
		list_ebis(gone, l, sizeof(l));
		note(x, TRACK_F_LOCAL_DEACTIVATION, "6.4.4.6", 0, "%s: EBI %s deactivated locally",
		     ev->kind == TRACK_EV_ERAB_RELEASE_INDICATION ? "E-RAB release indication"
		                                                  : "handover without these E-RABs", l);
		break;
	}
	case TRACK_EV_HANDOVER_REQUIRED: {
		ue_more *h = trk_ue_more(u);
		u->ho_active = true;
		h->ho_same_enb = false;
		h->ho_src_assoc = ev->assoc;
		h->ho_src_enb_node = ev->enb_node;
		h->ho_src_has_mme = ev->has_mme_ue_id;
		h->ho_src_mme = ev->mme_ue_id;
		h->ho_src_has_enb_id = ev->has_enb_ue_id;
		h->ho_src_enb_id = ev->enb_ue_id;
		h->ho_src_key = key_hash(ev->ue_key);
		h->ho_frame = ev->frame;
		if (t->n_ho == HO_PENDING_MAX) {
			memmove(&t->ho[0], &t->ho[1], sizeof(t->ho[0]) * (HO_PENDING_MAX - 1));
			t->n_ho--;
		}
		t->ho[t->n_ho++] = (ho_pending){ .ue = u->num, .erab_mask = ev->erab_mask, .enb_node = ev->enb_node,
		                                 .assoc = ev->assoc, .frame = ev->frame, .time = ev->time };
		break;
	}
	case TRACK_EV_HANDOVER_REQUEST:
		/* source eNodeB = target eNodeB: the same node, or (S1 ids) the
		 * same association */
		if (u->ho_active)
			u->more->ho_same_enb = (ev->enb_node && ev->enb_node == u->more->ho_src_enb_node) ||
			                       (!ev->ue_key && ev->assoc == u->more->ho_src_assoc);
		for (uint32_t i = 0; i < t->n_ho; i++)
			if (t->ho[i].ue == u->num)
				t->ho[i--] = t->ho[--t->n_ho];
		break;
	case TRACK_EV_HANDOVER_REQUEST_ACK:
		/* the seed's case is one UE context in the eNodeB: the target side
		 * answers with the source's eNB-UE-S1AP-ID */
		if (u->ho_active && u->more->ho_same_enb && ev->has_enb_ue_id && u->more->ho_src_has_enb_id &&
		    ev->enb_ue_id != u->more->ho_src_enb_id && ev->assoc != u->more->ho_src_assoc)
			u->more->ho_same_enb = false;
		break;
	case TRACK_EV_PATH_SWITCH_REQUEST:
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------ lifetime */

static gint by_num(gconstpointer a, gconstpointer b)
{
	const ue *x = *(const ue *const *)a, *y = *(const ue *const *)b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* Live UEs in UE number order: reports do not depend on hash order. */
static GPtrArray *ues_in_order(track *t)
{
	GPtrArray *all = g_ptr_array_sized_new(g_hash_table_size(t->by_num));
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, t->by_num);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(all, v);
	g_ptr_array_sort(all, by_num);
	return all;
}

/* The UEs and what belongs to them or points into them: created by
 * track_new, dropped by track_free, and both by track_release. */
static void ue_tables_new(track *t)
{
	t->keys = g_hash_table_new(trk_key_hash, trk_key_equal); /* keys live in the UEs */
	t->by_num = g_hash_table_new(g_direct_hash, g_direct_equal);
	t->ips = g_hash_table_new(g_direct_hash, g_direct_equal);
	t->holders.size = sizeof(ip_holder);
	t->bearers.size = sizeof(bearer);
	t->transs.size = sizeof(trans);
}

static void ue_tables_drop(track *t)
{
	g_hash_table_destroy(t->keys); /* its keys point into the UEs */
	GPtrArray *all = ues_in_order(t);
	for (guint i = 0; i < all->len; i++) {
		ue *u = all->pdata[i];
		trk_ue_more_free(u);
		trk_name_clear(&u->name);
		trk_ue_ids_free(u);
		g_free(u);
	}
	t->n.ues_freed += all->len;
	t->n.ues_live = 0;
	g_ptr_array_free(all, TRUE);
	g_hash_table_destroy(t->by_num);
	g_hash_table_destroy(t->ips);
	memset(&t->lru, 0, sizeof t->lru);
	memset(&t->gone, 0, sizeof t->gone);
	t->n_ho = 0;
	slab_destroy(&t->bearers); /* every slot belonged to a UE */
	slab_destroy(&t->transs);
	slab_destroy(&t->holders);
}

track *track_new(const track_config *c)
{
	track *t = g_new0(track, 1);
	if (c)
		t->c = *c;
	else
		track_config_default(&t->c);
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		double w = timer_s(t, (uint8_t)i) * abort_at(t, (uint8_t)i);
		if (w > t->window)
			t->window = w;
	}
	t->window += t->c.tolerance_s;
	/* UE-side copies: a resend comes no sooner than a timer period (less the
	 * tolerance) after its original; copies of one transmission are closer */
	t->copy_window = 0;
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		double w = timer_s(t, (uint8_t)i) - t->c.tolerance_s;
		if (i == 0 || w < t->copy_window)
			t->copy_window = w;
	}
	if (t->copy_window < 0.5)
		t->copy_window = 0.5;
	ue_tables_new(t);
	t->assocs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	t->apns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	t->apn_list = g_ptr_array_new(); /* the strings belong to apns */
	t->bearer_rows = g_array_new(FALSE, TRUE, sizeof(ended_bearer));
	t->finding_rows = g_array_new(FALSE, TRUE, sizeof(track_finding_row));
	t->out_bearers = g_array_new(FALSE, TRUE, sizeof(track_bearer_row));
	t->out_findings = g_array_new(FALSE, TRUE, sizeof(track_finding_row));
	for (int p = 0; p < TRACK_N_PROCS; p++) {
		t->stats[p].proc = proc_names[p].name;
		t->stats[p].clause = proc_names[p].clause;
	}
	return t;
}

void track_free(track *t)
{
	if (!t)
		return;
	ue_tables_drop(t);
	trk_sec_free(t);
	g_hash_table_destroy(t->assocs);
	for (guint i = 0; i < t->bearer_rows->len; i++)
		trk_name_clear(&g_array_index(t->bearer_rows, ended_bearer, i).name);
	g_hash_table_destroy(t->apns);
	g_ptr_array_free(t->apn_list, TRUE);
	g_array_free(t->bearer_rows, TRUE);
	g_array_free(t->finding_rows, TRUE);
	g_array_free(t->out_bearers, TRUE);
	g_array_free(t->out_findings, TRUE);
	g_free(t);
}

/* A NAS event's direction as the decode settled it (the tracker's state may
 * settle a message sent both ways later, in on_nas). */
static nas_dir event_dir(const track_event *ev)
{
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	return p && p->dir != NAS_DIR_UNKNOWN ? p->dir : ev->dir;
}

/* The start of every event: the time, what is due, and the UE it is about,
 * seen now. */
static ue *feed_begin(track *t, const track_event *ev)
{
	t->n.events++;
	if (ev->time > t->now || t->n.events == 1)
		t->now = ev->time;
	trk_expire(t);
	if (ev->kind >= TRACK_EV__COUNT)
		return NULL;
	ue *u = trk_resolve(t, ev);
	if (!u)
		return NULL;
	if (ev->time > u->last_seen)
		u->last_seen = ev->time;
	trk_ue_touch(t, u);
	if (ev->kind == TRACK_EV_NAS || ev->kind == TRACK_EV_NAS_NON_DELIVERY) {
		if (ev->kind == TRACK_EV_NAS && (u->idle || u->detached) && event_dir(ev) == NAS_UPLINK)
			trk_ue_back(t, u);
		if (!ev->ue_key && ev->kind == TRACK_EV_NAS && (!u->has_cur || ev->s1ap_proc == S1AP_PROC_INITIAL_UE_MESSAGE))
			set_cur(u, ev);
	}
	return u;
}

/* track_unprotect needs the event's UE before the event is fed: the start
 * runs once, here, and track_feed of the same event takes its UE. */
ue *trk_begin(track *t, const track_event *ev)
{
	if (t->begun_ev == ev && t->begun_frame == ev->frame)
		return t->begun_ue;
	t->begun_ev = ev;
	t->begun_frame = ev->frame;
	t->begun_ue = feed_begin(t, ev);
	return t->begun_ue;
}

int track_feed(track *t, const track_event *ev, track_annotation *out)
{
	memset(out, 0, sizeof(*out));
	out->frame = ev->frame;
	out->timer = TRACK_TIMER_NONE;
	ue *u;
	if (t->begun_ev == ev && t->begun_frame == ev->frame) {
		u = t->begun_ue;
		t->begun_ev = NULL;
	} else {
		u = feed_begin(t, ev);
	}
	if (!u)
		return 0;
	ctx x = { t, ev, out, u, false, ev->dir };
	out->ue = u->num;
	check_deadlines(&x);
	if (ev->kind == TRACK_EV_NAS)
		on_nas(&x);
	else if (ev->kind == TRACK_EV_NAS_NON_DELIVERY)
		on_non_delivery(&x);
	else
		on_s1ap(&x);
	hist_ue(t, u, ev->frame, ev->time);
	if (u->imsi)
		g_strlcpy(out->imsi, u->imsi, sizeof out->imsi);
	if (u->guti)
		g_strlcpy(out->guti, u->guti, sizeof out->guti);
	const char *name = trk_name_display(&u->name, out->ue_name);
	if (name != out->ue_name)
		g_strlcpy(out->ue_name, name, sizeof out->ue_name);
	return out->n_findings;
}

size_t track_finish(track *t, double end_time)
{
	size_t before = t->finding_rows->len + t->n.finding_rows_dropped;
	GPtrArray *all = ues_in_order(t);
	for (guint j = 0; j < all->len; j++) {
		ue *u = all->pdata[j];
		for (int i = 0; i < TRACK_MAX_TRANS; i++) {
			trans *tr = trans_at(t, u, i);
			if (!tr)
				continue;
			if (tr->state != TR_OPEN)
				continue;
			const esm_rule *r = &esm_rules[tr->rule];
			if (tr->timed && end_time > trk_deadline(t, tr) + t->c.tolerance_s) {
				trk_abort(t, u, tr, tr->last_frame, trk_deadline(t, tr));
				continue;
			}
			note_at(t, u, tr->first_frame, tr->first_time, tr->ebi, tr->pti, proc_names[r->proc].name,
			        TRACK_F_PENDING_AT_END, r->clause, tr->last_frame,
			        "%s still pending at capture end (%u resend(s), %.3f s after the first copy)",
			        nas_esm_msg_name(r->type), tr->resends, end_time - tr->first_time);
			proc_record(t, u, tr, "pending", -1, 0, end_time, -1);
			trans_close(u, tr, END_LOCAL);
		}
		if (u->react_pending) {
			note_at(t, u, u->more->react_frame, 0, 0, 0, proc_names[P_DEACT].name, TRACK_F_REACTIVATION_REQUESTED,
			        "6.4.4.3", 0, "#39 reactivation requested: the UE did not ask again before capture end");
			u->react_pending = false;
		}
	}
	g_ptr_array_free(all, TRUE);
	t->finished = true;
	return t->finding_rows->len + t->n.finding_rows_dropped - before;
}

/* How a bearer that has not ended stands. One side may have ended the
 * context locally (e.g. 6.4.4.5 a: T3495 abort, the MME only) while the
 * other has not shown it yet: not "active". */
static const char *live_how(const track *t, const bearer *b)
{
	return b->mme == M_INACTIVE ? "deactivated by the MME only"
	       : b->ue == U_INACTIVE ? "deactivated by the UE only"
	       : t->finished ? "active at end" : "active";
}

void track_release(track *t)
{
	/* The bearers as they stand become rows, in the order track_bearers()
	 * lists live UEs; they are state already held, so max_bearer_rows does
	 * not drop them. */
	GPtrArray *all = ues_in_order(t);
	for (guint j = 0; j < all->len; j++) {
		ue *u = all->pdata[j];
		for (int e = 1; e <= 15; e++) {
			const bearer *b = bearer_at(t, u, e);
			if (b)
				keep_bearer_row(t, u, (uint8_t)e, b, 0, 0, live_how(t, b), true);
		}
	}
	g_ptr_array_free(all, TRUE);
	ue_tables_drop(t);
	ue_tables_new(t);
}

/* ------------------------------------------------------------- queries */

const track_bearer_row *track_bearers(track *t, size_t *n)
{
	g_array_set_size(t->out_bearers, t->bearer_rows->len);
	for (guint i = 0; i < t->bearer_rows->len; i++) {
		const ended_bearer *e = &g_array_index(t->bearer_rows, ended_bearer, i);
		track_bearer_row *r = &g_array_index(t->out_bearers, track_bearer_row, i);
		bearer_row_fill(t, r, e->ue, &e->name, e->ebi, &e->b, !e->live, e->frame, e->time, e->how);
		track_ue_name(t, e->ue, r->ue_name); /* what the capture showed of the UE since */
	}
	GPtrArray *all = ues_in_order(t);
	for (guint j = 0; j < all->len; j++) {
		ue *u = all->pdata[j];
		for (int e = 1; e <= 15; e++) {
			const bearer *b = bearer_at(t, u, e);
			if (!b)
				continue;
			trk_bearer_row(t, u, (uint8_t)e, b, false, 0, 0, live_how(t, b));
		}
	}
	g_ptr_array_free(all, TRUE);
	*n = t->out_bearers->len;
	return (const track_bearer_row *)(void *)t->out_bearers->data;
}

const track_proc_stats *track_procs(track *t, size_t *n)
{
	*n = TRACK_N_PROCS;
	return t->stats;
}

static gint by_severity(gconstpointer a, gconstpointer b)
{
	const track_finding_row *x = a, *y = b;
	if (x->f.severity != y->f.severity)
		return y->f.severity - x->f.severity;
	return 0;
}

const track_finding_row *track_findings(track *t, size_t *n)
{
	g_array_set_size(t->out_findings, 0);
	g_array_append_vals(t->out_findings, t->finding_rows->data, t->finding_rows->len);
	for (guint i = 0; i < t->out_findings->len; i++) { /* what the capture showed of the UE since */
		track_finding_row *r = &g_array_index(t->out_findings, track_finding_row, i);
		if (r->ue)
			track_ue_name(t, r->ue, r->ue_name);
	}
	/* GLib's sort is stable: capture order within one severity */
	g_array_sort(t->out_findings, by_severity);
	*n = t->out_findings->len;
	return (const track_finding_row *)(void *)t->out_findings->data;
}

void track_get_counters(const track *t, track_counters *out)
{
	*out = t->n;
}
