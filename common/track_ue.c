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
 * opaque ue_key instead. Every key is text in one GLib hash table; a UE
 * keeps the list of its keys so that freeing it removes them.
 */
#include <stdio.h>
#include <string.h>

#include "track_internal.h"

/* ------------------------------------------------------------- identity */

static void ue_set_key(ue *u, const char *k)
{
	g_strlcpy(u->key, k, sizeof(u->key));
}

void trk_unbind(track *t, ue *u, const char *key)
{
	for (int i = 0; i < u->n_bound; i++)
		if (!strcmp(u->bound[i], key)) {
			char *k = u->bound[i];
			u->n_bound--;
			u->bound[i] = u->bound[u->n_bound];
			u->bound_seq[i] = u->bound_seq[u->n_bound];
			g_hash_table_remove(t->keys, k); /* frees k */
			return;
		}
}

static void bind(track *t, ue *u, const char *key)
{
	ue *old = g_hash_table_lookup(t->keys, key);
	if (old == u)
		return;
	if (old)
		trk_unbind(t, old, key); /* the id now names another UE (ids are reused) */
	if (u->n_bound == MAX_BOUND) {
		/* drop the oldest binding */
		int oldest = 0;
		for (int i = 1; i < u->n_bound; i++)
			if (u->bound_seq[i] < u->bound_seq[oldest])
				oldest = i;
		char *k = u->bound[oldest];
		u->n_bound--;
		u->bound[oldest] = u->bound[u->n_bound];
		u->bound_seq[oldest] = u->bound_seq[u->n_bound];
		g_hash_table_remove(t->keys, k);
	}
	char *k = g_strdup(key);
	u->bound_seq[u->n_bound] = ++t->bind_seq;
	u->bound[u->n_bound++] = k;
	g_hash_table_insert(t->keys, k, u);
}

static ue *lookup(track *t, const char *key)
{
	return g_hash_table_lookup(t->keys, key);
}

static uint64_t bound_when(const ue *u, const char *key)
{
	for (int i = 0; i < u->n_bound; i++)
		if (!strcmp(u->bound[i], key))
			return u->bound_seq[i];
	return 0;
}

/* Lookup keys are short text: a kind letter and the ids in hex. Built by
 * hand: this runs several times per event. */
static char *put_hex(char *p, uint64_t v)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void key2(char *b, size_t n, char kind, uint64_t a, uint32_t id)
{
	(void)n; /* callers pass 64 octets: 1 + 16 + 1 + 8 + NUL fit */
	char *p = b;
	*p++ = kind;
	p = put_hex(p, a);
	*p++ = '/';
	p = put_hex(p, id);
	*p = 0;
}

void trk_key_mme(char *b, size_t n, uint64_t assoc, uint32_t id)
{
	key2(b, n, 'm', assoc, id);
}

void trk_key_enb(char *b, size_t n, uint64_t assoc, uint32_t id)
{
	key2(b, n, 'e', assoc, id);
}

static void key_tmsi(char *b, size_t n, uint8_t mmec, uint32_t m_tmsi)
{
	key2(b, n, 't', mmec, m_tmsi);
}

static void ue_free(track *t, ue *u)
{
	for (int e = 1; e <= 15; e++)
		if (u->b[e]) {
			trk_bearer_row(t, u, (uint8_t)e, u->b[e], true, 0, t->now, "forgotten");
			trk_ip_release(t, u, (uint8_t)e, u->b[e]);
			g_free(u->b[e]);
		}
	for (int i = 0; i < TRACK_MAX_TRANS; i++)
		g_free(u->tr[i]);
	while (u->n_bound)
		trk_unbind(t, u, u->bound[0]);
	g_free(u->bo);
	g_free(u->recent);
	g_hash_table_remove(t->by_num, GUINT_TO_POINTER(u->num));
	g_queue_unlink(u->in_gone ? &t->gone : &t->lru, &u->link);
	t->n.ues_live--;
	t->n.ues_freed++;
	g_free(u);
}

/* UE lifetime. Live UEs sit in a list ordered by when they were last seen,
 * detached ones in a second list ordered by detach time: the heads are the
 * next to go, so each event frees what is due in constant time per UE. */
void trk_ue_touch(track *t, ue *u)
{
	if (u->in_gone || t->lru.tail == &u->link)
		return;
	g_queue_unlink(&t->lru, &u->link);
	g_queue_push_tail_link(&t->lru, &u->link);
}

/* Detached (5.5.2): nothing can be answered any more after a grace period. */
void trk_ue_gone(track *t, ue *u, double when)
{
	u->detached = true;
	u->release_time = when;
	if (!u->in_gone) {
		g_queue_unlink(&t->lru, &u->link);
		g_queue_push_tail_link(&t->gone, &u->link);
		u->in_gone = true;
	}
}

void trk_ue_back(track *t, ue *u)
{
	u->idle = false;
	u->detached = false;
	if (u->in_gone) {
		g_queue_unlink(&t->gone, &u->link);
		g_queue_push_tail_link(&t->lru, &u->link);
		u->in_gone = false;
	}
}


/* Forget a UE; what its silence proves (aborts) is reported first. */
static void ue_drop(track *t, ue *u)
{
	for (int i = 0; i < TRACK_MAX_TRANS; i++) {
		trans *tr = u->tr[i];
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
		ue *u = t->gone.head->data;
		if (u->release_time + t->c.ue_grace_s > t->now)
			break;
		ue_drop(t, u);
	}
	while (t->lru.head) {
		ue *u = t->lru.head->data;
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
	u->link.data = u;
	g_queue_push_tail_link(&t->lru, &u->link);
	g_hash_table_insert(t->by_num, GUINT_TO_POINTER(u->num), u);
	t->n.ues_seen++;
	t->n.ues_live++;
	return u;
}

/* A UE named by a NAS identity (GUTI, S-TMSI, IMSI) already known. */
static ue *lookup_identity(track *t, const track_event *ev)
{
	char k[64];
	if (ev->has_s_tmsi) {
		key_tmsi(k, sizeof(k), ev->s_tmsi_mmec, ev->s_tmsi_m_tmsi);
		ue *u = lookup(t, k);
		if (u)
			return u;
	}
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	if (!p)
		return NULL;
	for (int i = 0; i < p->n_id && i < NAS_MAX_IDS; i++) {
		const nas_identity *id = &p->id[i];
		ue *u = NULL;
		if (id->kind == NAS_ID_GUTI || id->kind == NAS_ID_TMSI) {
			key_tmsi(k, sizeof(k), id->mmec, id->m_tmsi);
			u = lookup(t, k);
		} else if (id->kind == NAS_ID_IMSI) {
			snprintf(k, sizeof(k), "i%.16s", id->digits);
			u = lookup(t, k);
		}
		if (u)
			return u;
	}
	return NULL;
}

void trk_bind_identities(track *t, ue *u, const track_event *ev)
{
	char k[64];
	if (ev->has_s_tmsi) {
		key_tmsi(k, sizeof(k), ev->s_tmsi_mmec, ev->s_tmsi_m_tmsi);
		bind(t, u, k);
	}
	const nas_pdu *p = ev->nas_status == TRACK_NAS_DECODED ? ev->nas : NULL;
	if (!p)
		return;
	for (int i = 0; i < p->n_id && i < NAS_MAX_IDS; i++) {
		const nas_identity *id = &p->id[i];
		if (id->kind == NAS_ID_GUTI || (id->kind == NAS_ID_TMSI && p->dir == NAS_DOWNLINK)) {
			key_tmsi(k, sizeof(k), id->mmec, id->m_tmsi);
			bind(t, u, k);
		} else if (id->kind == NAS_ID_IMSI) {
			snprintf(k, sizeof(k), "i%.16s", id->digits);
			bind(t, u, k);
		}
	}
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
	char km[64], ke[64], kk[TRACK_KEY_MAX + 2];
	bool is_nas = ev->kind == TRACK_EV_NAS;
	ue *u = NULL;

	if (ev->ue_key) {
		size_t kl = 0;
		while (kl < TRACK_KEY_MAX && ev->ue_key[kl])
			kl++;
		kk[0] = 'k';
		memcpy(kk + 1, ev->ue_key, kl);
		kk[kl + 1] = 0;
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
			ue_set_key(u, ev->ue_key);
		}
		return u;
	}

	trk_key_mme(km, sizeof(km), ev->assoc, ev->mme_ue_id);
	trk_key_enb(ke, sizeof(ke), ev->assoc, ev->enb_ue_id);
	bool initial = ev->s1ap_proc == 12; /* initialUEMessage: a new S1 context */

	if (ev->kind == TRACK_EV_PATH_SWITCH_REQUEST && ev->has_source_mme_ue_id) {
		char kg[32];
		key2(kg, sizeof(kg), 'g', 0, ev->source_mme_ue_id);
		u = lookup(t, kg);
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
			u = bound_when(ue_, ke) > bound_when(um, km) ? ue_ : um;
		else
			u = um ? um : ue_;
		if (!u && ev->has_mme_ue_id && (ev->kind == TRACK_EV_HANDOVER_REQUEST ||
		                                 ev->kind == TRACK_EV_HANDOVER_REQUEST_ACK ||
		                                 ev->kind == TRACK_EV_HANDOVER_NOTIFY)) {
			/* intra-MME S1 handover keeps the MME id on another association */
			char kg[32];
			key2(kg, sizeof(kg), 'g', 0, ev->mme_ue_id);
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
		char kg[32];
		bind(t, u, km);
		key2(kg, sizeof(kg), 'g', 0, ev->mme_ue_id);
		bind(t, u, kg);
	}
	if (ev->has_enb_ue_id && ev->kind != TRACK_EV_HANDOVER_REQUIRED)
		bind(t, u, ke);
	if (ev->ue_label) {
		if (strncmp(u->key, ev->ue_label, sizeof(u->key) - 1))
			ue_set_key(u, ev->ue_label);
	} else if (ev->has_mme_ue_id &&
	           (!u->key_has_mme || u->key_assoc != ev->assoc || u->key_mme != ev->mme_ue_id)) {
		u->key_has_mme = true;
		u->key_assoc = ev->assoc;
		u->key_mme = ev->mme_ue_id;
		snprintf(u->key, sizeof(u->key), "%" G_GUINT64_FORMAT "/%u", ev->assoc, ev->mme_ue_id);
	} else if (!u->key[0])
		snprintf(u->key, sizeof(u->key), "%" G_GUINT64_FORMAT "/enb%u", ev->assoc, ev->enb_ue_id);
	return u;
}

