/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which UE an event is about, and how long its state is kept.
 *
 * A UE is followed across its S1AP ids (TS 36.413): an InitialUEMessage
 * starts a new S1 context named by the eNB-UE-S1AP-ID, the first downlink
 * adds the MME-UE-S1AP-ID, S1 handover (HANDOVER REQUEST from the target
 * MME) and X2 path switch (SourceMME-UE-S1AP-ID) move it, and NAS identities
 * (IMSI, GUTI; S-TMSI of a SERVICE REQUEST) find it again after a release
 * (TS 24.301 5.5.1.2, 5.5.3, 5.6.1). Replay input names contexts with an
 * opaque ue_key instead. Every key is a 64-bit integer; a UE keeps its keys
 * in ue.bound, so that freeing it removes them, and the GLib hash table that
 * finds them is a set of pointers to those slots: a key costs no allocation
 * and no value pointer, and the slot's index, kept in the key's low bits,
 * leads back to its UE.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "track_internal.h"

/* ---------------------------------------------------------- lookup keys */

/* A key: its kind in the top 4 bits, the ids in the next 57 (so that keys
 * of two kinds never meet), and in the low 3 bits, once stored in a UE, the
 * index of its slot in ue.bound. Lookups, hashing and comparison ignore
 * those 3 bits. */
enum {
	KEY_MME = 1,   /* association (its small number) + MME-UE-S1AP-ID */
	KEY_ENB,       /* association + eNB-UE-S1AP-ID */
	KEY_MME_ANY,   /* MME-UE-S1AP-ID on any association (S1 handover, path switch) */
	KEY_TMSI,      /* MMEC + M-TMSI: S-TMSI, GUTI (5.5.1.2, 5.5.3, 5.6.1) */
	KEY_IMSI,      /* IMSI digits: count and value */
	KEY_IMSI_TEXT, /* IMSI of 16 digits (the decoder's most; 23.003 allows 15): hash */
	KEY_REPLAY,    /* replay ue_key: 57-bit hash of the text */
};
#define SLOT_BITS 3
#define ID_BITS 57
#define ID_MASK ((UINT64_C(1) << ID_BITS) - 1)
#define ASSOC_BITS (ID_BITS - 32)
#define ASSOC_EXACT (1u << 20) /* associations numbered one by one; more share numbers */
G_STATIC_ASSERT(MAX_BOUND <= 1 << SLOT_BITS);

static uint64_t key_make(unsigned kind, uint64_t ids)
{
	return ((uint64_t)kind << ID_BITS | (ids & ID_MASK)) << SLOT_BITS;
}

/* FNV-1a, 64 bits, for text keys. Two replay keys collide (and name one UE)
 * with probability about n^2 / 2^58: 4e-6 for a million keys. */
static uint64_t text_hash(const char *s, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (size_t i = 0; i < n && s[i]; i++)
		h = (h ^ (uint8_t)s[i]) * UINT64_C(1099511628211);
	return h;
}

/* murmur3's finalizer: every bit of the ids counts */
static guint mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= UINT64_C(0xff51afd7ed558ccd);
	k ^= k >> 33;
	k *= UINT64_C(0xc4ceb9fe1a85ec53);
	k ^= k >> 33;
	return (guint)k;
}

guint trk_key_hash(gconstpointer key)
{
	return mix64(*(const uint64_t *)key >> SLOT_BITS);
}

gboolean trk_key_equal(gconstpointer a, gconstpointer b)
{
	return *(const uint64_t *)a >> SLOT_BITS == *(const uint64_t *)b >> SLOT_BITS;
}

static bool same_key(uint64_t a, uint64_t b)
{
	return a >> SLOT_BITS == b >> SLOT_BITS;
}

/* S1 associations are 64-bit opaque values: a key keeps a small number for
 * each (25 bits beside the 32-bit UE id). The first ASSOC_EXACT ones get
 * their own numbers; any further ones (never in a real capture) share
 * numbers by hash, which may then mix up UE ids of two associations. */
static uint64_t assoc_number(track *t, uint64_t assoc)
{
	gpointer v = g_hash_table_lookup(t->assocs, &assoc);
	if (v)
		return GPOINTER_TO_UINT(v) - 1;
	uint32_t n = g_hash_table_size(t->assocs);
	if (n >= ASSOC_EXACT)
		return ASSOC_EXACT | (mix64(assoc) & ((1u << ASSOC_BITS) - 1 - ASSOC_EXACT));
	uint64_t *k = g_new(uint64_t, 1);
	*k = assoc;
	g_hash_table_insert(t->assocs, k, GUINT_TO_POINTER(n + 1));
	return n;
}

uint64_t trk_key_mme(track *t, uint64_t assoc, uint32_t id)
{
	return key_make(KEY_MME, assoc_number(t, assoc) << 32 | id);
}

uint64_t trk_key_enb(track *t, uint64_t assoc, uint32_t id)
{
	return key_make(KEY_ENB, assoc_number(t, assoc) << 32 | id);
}

static uint64_t key_tmsi(uint8_t mmec, uint32_t m_tmsi)
{
	return key_make(KEY_TMSI, (uint64_t)mmec << 32 | m_tmsi);
}

/* Up to 15 digits (23.003 2.2): the count (leading zeros matter) and the
 * value (below 10^15 < 2^50). More, or a non-digit (nas_decode gives
 * neither), and the text is hashed. */
static uint64_t key_imsi(const char *digits)
{
	uint64_t v = 0;
	unsigned n = 0;
	for (; n < 16 && digits[n]; n++) {
		if (n == 15 || digits[n] < '0' || digits[n] > '9')
			return key_make(KEY_IMSI_TEXT, text_hash(digits, 16));
		v = v * 10 + (uint64_t)(digits[n] - '0');
	}
	return key_make(KEY_IMSI, (uint64_t)n << 50 | v);
}

/* Replay: the first TRACK_KEY_MAX - 1 characters name the context. */
static uint64_t key_replay(const char *ue_key)
{
	return key_make(KEY_REPLAY, text_hash(ue_key, TRACK_KEY_MAX - 1));
}

/* ------------------------------------------------------------- identity */

/* The UE whose ue.bound slot holds the key. */
static ue *slot_owner(uint64_t *slot)
{
	unsigned i = (unsigned)(*slot & ((1u << SLOT_BITS) - 1));
	return (ue *)(void *)((char *)(slot - i) - offsetof(ue, bound));
}

static ue *lookup(track *t, uint64_t key)
{
	uint64_t *slot = g_hash_table_lookup(t->keys, &key);
	return slot ? slot_owner(slot) : NULL;
}

/* Store the key in the UE's i-th slot and point the table at it (it
 * replaces the table's pointer to the slot it came from, if any). */
static void put_slot(track *t, ue *u, int i, uint64_t key, uint32_t seq)
{
	u->bound[i] = key >> SLOT_BITS << SLOT_BITS | (uint64_t)i;
	u->bound_seq[i] = seq;
	g_hash_table_add(t->keys, &u->bound[i]);
}

/* Remove the UE's i-th key; the last one moves into its slot. */
static void drop_bound(track *t, ue *u, int i)
{
	g_hash_table_remove(t->keys, &u->bound[i]);
	int last = --u->n_bound;
	if (i != last)
		put_slot(t, u, i, u->bound[last], u->bound_seq[last]);
}

void trk_unbind(track *t, ue *u, uint64_t key)
{
	for (int i = 0; i < u->n_bound; i++)
		if (same_key(u->bound[i], key)) {
			drop_bound(t, u, i);
			return;
		}
}

/* a was bound after b (serial number arithmetic: bind_seq may wrap) */
static bool newer(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static void bind(track *t, ue *u, uint64_t key)
{
	ue *old = lookup(t, key);
	if (old == u)
		return;
	if (old)
		trk_unbind(t, old, key); /* the id now names another UE (ids are reused) */
	if (u->n_bound == MAX_BOUND) {
		/* drop the oldest binding */
		int oldest = 0;
		for (int i = 1; i < u->n_bound; i++)
			if (newer(u->bound_seq[oldest], u->bound_seq[i]))
				oldest = i;
		drop_bound(t, u, oldest);
	}
	int i = u->n_bound++;
	put_slot(t, u, i, key, ++t->bind_seq);
}

static uint32_t bound_when(const ue *u, uint64_t key)
{
	for (int i = 0; i < u->n_bound; i++)
		if (same_key(u->bound[i], key))
			return u->bound_seq[i];
	return 0;
}

/* ----------------------------------------------------------------- names */

const char *trk_name_text(const ue_name *n, char out[TRACK_KEY_MAX])
{
	switch (n->kind) {
	case NAME_LABEL:
		return n->label;
	case NAME_MME:
		snprintf(out, TRACK_KEY_MAX, "%" G_GUINT64_FORMAT "/%u", n->assoc, n->id);
		return out;
	case NAME_ENB:
		snprintf(out, TRACK_KEY_MAX, "%" G_GUINT64_FORMAT "/enb%u", n->assoc, n->id);
		return out;
	default:
		return "";
	}
}

/* Who the UE is, for people: its identity when the capture showed one, else
 * its S1AP ids on their association, else its replay key. */
const char *trk_name_display(const ue_name *n, char out[TRACK_NAME_MAX])
{
	if (n->ident)
		return n->ident;
	switch (n->kind) {
	case NAME_LABEL:
		return n->label;
	case NAME_MME:
		snprintf(out, TRACK_NAME_MAX, "MME-UE-S1AP-ID %u (S1 association %" G_GUINT64_FORMAT ")", n->id, n->assoc);
		return out;
	case NAME_ENB:
		snprintf(out, TRACK_NAME_MAX, "eNB-UE-S1AP-ID %u (S1 association %" G_GUINT64_FORMAT ")", n->id, n->assoc);
		return out;
	default:
		return "";
	}
}

void trk_name_copy(ue_name *to, const ue_name *from)
{
	*to = *from;
	if (to->label)
		to->label = g_ref_string_acquire(to->label);
	if (to->ident)
		to->ident = g_ref_string_acquire(to->ident);
}

void trk_name_clear(ue_name *n)
{
	if (n->label)
		g_ref_string_release(n->label);
	if (n->ident)
		g_ref_string_release(n->ident);
	memset(n, 0, sizeof(*n));
}

/* A new key name for the UE; its identity stays. */
static void name_set(ue_name *n, ue_name v)
{
	char *ident = n->ident;
	n->ident = NULL;
	trk_name_clear(n);
	*n = v;
	n->ident = ident;
}

static void ref_set(char **slot, const char *text)
{
	if (*slot && !strcmp(*slot, text))
		return;
	if (*slot)
		g_ref_string_release(*slot);
	*slot = g_ref_string_new(text);
}

void trk_ue_ids_free(ue *u)
{
	g_clear_pointer(&u->imsi, g_ref_string_release);
	g_clear_pointer(&u->guti, g_ref_string_release);
}

/* A text name, cut like a row's ue_key field. */
static void ue_set_label(ue *u, const char *k)
{
	size_t n = 0;
	while (n < TRACK_KEY_MAX - 1 && k[n])
		n++;
	name_set(&u->name, (ue_name){ .kind = NAME_LABEL, .label = g_ref_string_new_len(k, (gssize)n) });
}

static bool name_empty(const ue *u)
{
	return u->name.kind == NAME_NONE || (u->name.kind == NAME_LABEL && !u->name.label[0]);
}

ue_more *trk_ue_more(ue *u)
{
	if (!u->more)
		u->more = g_new0(ue_more, 1);
	return u->more;
}

void trk_ue_more_free(ue *u)
{
	if (u->more) {
		g_free(u->more->bo);
		g_free(u->more->copies);
		trk_sec_ue_free(u->more->sec);
		g_free(u->more);
		u->more = NULL;
	}
}

/* ------------------------------------------------------------- lifetime */

static void list_unlink(ue_list *l, ue *u)
{
	if (u->prev)
		u->prev->next = u->next;
	else
		l->head = u->next;
	if (u->next)
		u->next->prev = u->prev;
	else
		l->tail = u->prev;
	u->prev = u->next = NULL;
}

static void list_push(ue_list *l, ue *u)
{
	u->prev = l->tail;
	u->next = NULL;
	if (l->tail)
		l->tail->next = u;
	else
		l->head = u;
	l->tail = u;
}

static void ue_free(track *t, ue *u)
{
	for (int e = 1; e <= 15; e++)
		if (bearer_at(t, u, e)) {
			trk_bearer_row(t, u, (uint8_t)e, bearer_at(t, u, e), true, 0, t->now, "forgotten");
			trk_ip_release(t, u, (uint8_t)e, bearer_at(t, u, e));
			slab_free(&t->bearers, u->b[e]);
		}
	for (int i = 0; i < TRACK_MAX_TRANS; i++)
		slab_free(&t->transs, u->tr[i]);
	while (u->n_bound)
		drop_bound(t, u, u->n_bound - 1);
	trk_ue_more_free(u);
	trk_name_clear(&u->name);
	trk_ue_ids_free(u);
	g_hash_table_remove(t->by_num, GUINT_TO_POINTER(u->num));
	list_unlink(u->in_gone ? &t->gone : &t->lru, u);
	t->n.ues_live--;
	t->n.ues_freed++;
	g_free(u);
}

/* UE lifetime. Live UEs sit in a list ordered by when they were last seen,
 * detached ones in a second list ordered by detach time: the heads are the
 * next to go, so each event frees what is due in constant time per UE. */
void trk_ue_touch(track *t, ue *u)
{
	if (u->in_gone || t->lru.tail == u)
		return;
	list_unlink(&t->lru, u);
	list_push(&t->lru, u);
}

/* Detached (5.5.2): nothing can be answered any more after a grace period. */
void trk_ue_gone(track *t, ue *u, double when)
{
	u->detached = true;
	u->release_time = when;
	if (!u->in_gone) {
		list_unlink(&t->lru, u);
		list_push(&t->gone, u);
		u->in_gone = true;
	}
}

void trk_ue_back(track *t, ue *u)
{
	u->idle = false;
	u->detached = false;
	if (u->in_gone) {
		list_unlink(&t->gone, u);
		list_push(&t->lru, u);
		u->in_gone = false;
	}
}


/* Forget a UE; what its silence proves (aborts) is reported first. */
static void ue_drop(track *t, ue *u)
{
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *tr = trans_at(t, u, i);
		if (!tr)
			continue;
		if (tr->state == TR_OPEN && tr->timed && t->now > trk_deadline(t, tr) + t->c.tolerance_s)
			trk_abort(t, u, tr, tr->last_frame, trk_deadline(t, tr));
	}
	ue_free(t, u);
}

void trk_expire(track *t)
{
	while (t->gone.head) {
		ue *u = t->gone.head;
		if (u->release_time + t->c.ue_grace_s > t->now)
			break;
		ue_drop(t, u);
	}
	while (t->lru.head) {
		ue *u = t->lru.head;
		if (u->last_seen + t->c.ue_idle_s > t->now)
			break;
		ue_drop(t, u);
	}
}

static ue *ue_new(track *t, double time)
{
	if (t->n.ues_live >= t->c.max_ues) {
		t->n.ues_over_cap++;
		return NULL;
	}
	ue *u = g_new0(ue, 1);
	u->num = ++t->next_num;
	u->first_time = u->last_seen = time;
	u->rel_cause_group = -1;
	list_push(&t->lru, u);
	g_hash_table_insert(t->by_num, GUINT_TO_POINTER(u->num), u);
	t->n.ues_seen++;
	t->n.ues_live++;
	return u;
}

/* A UE named by a NAS identity (GUTI, S-TMSI, IMSI) already known. */
static ue *lookup_identity(track *t, const track_event *ev)
{
	if (ev->has_s_tmsi) {
		ue *u = lookup(t, key_tmsi(ev->s_tmsi_mmec, ev->s_tmsi_m_tmsi));
		if (u)
			return u;
	}
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	if (!p)
		return NULL;
	for (int i = 0; i < p->n_id && i < NAS_MAX_IDS; i++) {
		const nas_identity *id = &p->id[i];
		ue *u = NULL;
		if (id->kind == NAS_ID_GUTI || id->kind == NAS_ID_TMSI)
			u = lookup(t, key_tmsi(id->mmec, id->m_tmsi));
		else if (id->kind == NAS_ID_IMSI)
			u = lookup(t, key_imsi(id->digits));
		if (u)
			return u;
	}
	return NULL;
}

/* The UE's name for people: IMSI, else GUTI, else the S-TMSI it was paged or
 * came back with (TS 23.003 2.2, 2.8). */
static void name_identity(ue *u, const char *s_tmsi)
{
	char buf[TRACK_NAME_MAX];
	if (u->imsi)
		snprintf(buf, sizeof buf, "IMSI %s", u->imsi);
	else if (u->guti)
		snprintf(buf, sizeof buf, "GUTI %s", u->guti);
	else if (s_tmsi)
		snprintf(buf, sizeof buf, "S-TMSI %s", s_tmsi);
	else
		return;
	ref_set(&u->name.ident, buf);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void trk_bind_identities(track *t, ue *u, const track_event *ev)
{
	char s_tmsi[16];
	const char *st = NULL;
	if (ev->has_s_tmsi) {
		bind(t, u, key_tmsi(ev->s_tmsi_mmec, ev->s_tmsi_m_tmsi));
		snprintf(s_tmsi, sizeof s_tmsi, "%02x-%08x", ev->s_tmsi_mmec, ev->s_tmsi_m_tmsi);
		st = s_tmsi;
	}
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	for (int i = 0; p && i < p->n_id && i < NAS_MAX_IDS; i++) {
		const nas_identity *id = &p->id[i];
		if (id->kind == NAS_ID_GUTI || (id->kind == NAS_ID_TMSI && p->dir == NAS_DOWNLINK))
			bind(t, u, key_tmsi(id->mmec, id->m_tmsi));
		else if (id->kind == NAS_ID_IMSI)
			bind(t, u, key_imsi(id->digits));
		if (id->kind == NAS_ID_GUTI) {
			char g[TRACK_GUTI_MAX];
			snprintf(g, sizeof g, "%s-%04x-%02x-%08x", id->plmn, id->mmegi, id->mmec, id->m_tmsi);
			ref_set(&u->guti, g);
		} else if (id->kind == NAS_ID_IMSI && all_digits(id->digits) && strlen(id->digits) < TRACK_IMSI_MAX) {
			ref_set(&u->imsi, id->digits);
		}
	}
	name_identity(u, st);
}

bool track_ue_name(const track *t, uint32_t num, char out[TRACK_NAME_MAX])
{
	const ue *u = g_hash_table_lookup(t->by_num, GUINT_TO_POINTER(num));
	if (!u)
		return false;
	const char *n = trk_name_display(&u->name, out);
	if (n != out)
		g_strlcpy(out, n, TRACK_NAME_MAX);
	return true;
}


/* MME relocation: the target MME's HANDOVER REQUEST (new ids, maybe another
 * association) follows the source's HANDOVER REQUIRED; take the oldest
 * pending one with the same E-RABs within a few seconds. */
static ue *match_pending_handover(track *t, const track_event *ev)
{
	for (uint32_t i = 0; i < t->n_ho; i++) {
		ho_pending *h = &t->ho[i];
		if (ev->time - h->time > HO_LINK_WINDOW_S || h->time > ev->time + 1)
			continue;
		if (h->erab_mask && ev->erab_mask && h->erab_mask != ev->erab_mask)
			continue;
		ue *u = g_hash_table_lookup(t->by_num, GUINT_TO_POINTER(h->ue));
		t->ho[i] = t->ho[--t->n_ho];
		if (u)
			return u;
		i--;
	}
	return NULL;
}

/* The UE an event is about; created for NAS events when unknown. */
ue *trk_resolve(track *t, const track_event *ev)
{
	bool is_nas = ev->kind == TRACK_EV_NAS;
	ue *u = NULL;

	if (ev->ue_key) {
		uint64_t kk = key_replay(ev->ue_key);
		u = lookup(t, kk);
		if (u)
			return u;
		if (ev->kind == TRACK_EV_HANDOVER_REQUEST)
			u = match_pending_handover(t, ev);
		if (!u && is_nas)
			u = lookup_identity(t, ev);
		if (!u && is_nas)
			u = ue_new(t, ev->time);
		if (u) {
			bind(t, u, kk);
			ue_set_label(u, ev->ue_key);
		}
		return u;
	}

	uint64_t km = trk_key_mme(t, ev->assoc, ev->mme_ue_id);
	uint64_t ke = trk_key_enb(t, ev->assoc, ev->enb_ue_id);
	uint64_t kg = key_make(KEY_MME_ANY, ev->mme_ue_id);
	bool initial = ev->s1ap_proc == S1AP_PROC_INITIAL_UE_MESSAGE; /* a new S1 context */

	if (ev->kind == TRACK_EV_PATH_SWITCH_REQUEST && ev->has_source_mme_ue_id) {
		u = lookup(t, key_make(KEY_MME_ANY, ev->source_mme_ue_id));
	} else if (initial) {
		if (ev->has_enb_ue_id) {
			ue *stale = lookup(t, ke);
			if (stale)
				trk_unbind(t, stale, ke);
		}
		u = lookup_identity(t, ev);
	} else {
		ue *um = ev->has_mme_ue_id ? lookup(t, km) : NULL;
		ue *ue_ = ev->has_enb_ue_id ? lookup(t, ke) : NULL;
		/* both ids known but naming two UEs: one binding is stale (the MME
		 * or the eNodeB reused an id without a release in the capture);
		 * the newer binding is the live one */
		if (um && ue_ && um != ue_)
			u = newer(bound_when(ue_, ke), bound_when(um, km)) ? ue_ : um;
		else
			u = um ? um : ue_;
		if (!u && ev->has_mme_ue_id && (ev->kind == TRACK_EV_HANDOVER_REQUEST ||
		                                 ev->kind == TRACK_EV_HANDOVER_REQUEST_ACK ||
		                                 ev->kind == TRACK_EV_HANDOVER_NOTIFY)) {
			/* intra-MME S1 handover keeps the MME id on another association */
			u = lookup(t, kg);
		}
		if (!u && ev->kind == TRACK_EV_HANDOVER_REQUEST)
			u = match_pending_handover(t, ev);
		if (!u && is_nas)
			u = lookup_identity(t, ev);
	}
	if (!u && is_nas)
		u = ue_new(t, ev->time);
	if (!u)
		return NULL;

	if (ev->has_mme_ue_id) {
		bind(t, u, km);
		bind(t, u, kg);
	}
	if (ev->has_enb_ue_id && ev->kind != TRACK_EV_HANDOVER_REQUIRED)
		bind(t, u, ke);
	if (ev->ue_label) {
		char now[TRACK_KEY_MAX];
		if (strncmp(trk_name_text(&u->name, now), ev->ue_label, TRACK_KEY_MAX - 1))
			ue_set_label(u, ev->ue_label);
	} else if (ev->has_mme_ue_id &&
	           (!u->key_has_mme || u->key_assoc != ev->assoc || u->key_mme != ev->mme_ue_id)) {
		u->key_has_mme = true;
		u->key_assoc = ev->assoc;
		u->key_mme = ev->mme_ue_id;
		name_set(&u->name, (ue_name){ .kind = NAME_MME, .assoc = ev->assoc, .id = ev->mme_ue_id });
	} else if (name_empty(u)) {
		name_set(&u->name, (ue_name){ .kind = NAME_ENB, .assoc = ev->assoc, .id = ev->enb_ue_id });
	}
	return u;
}
