/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: the post-dissector that finds NAS-PDUs and their
 * S1AP context, feeds the core on the first pass and stores the results.
 *
 * Sources (reference/wireshark-plugin-notes.md):
 *  - S1AP: s1ap.NAS_PDU (message-level IE) and s1ap.nAS_PDU (inside E-RAB items),
 *    several per frame (bundled SCTP chunks, E-RAB lists). Each NAS-PDU is paired
 *    by byte offset with the innermost S1AP PDU containing it, that PDU's
 *    procedureCode, UE ids and, for item-level NAS, the E-RAB id before it.
 *    Offsets, not ranges: without -V, PER items may have length 0 (G3), but the
 *    s1ap protocol item always has its real range.
 *  - UE side (preference esm.ue_side): LTE RRC dedicatedInfoNAS and GSMTAP LTE NAS.
 *
 * Wanted fields are primed on the first pass only (G5), and several S1AP fields
 * share one name (G1), so every hfid of a name is wanted and merged, and all
 * analysis happens when !PINFO_FD_VISITED; every pass renders stored results.
 */
#include "esm_plugin.h"

#include "esmtrace/s1ap.h"

#include <epan/tap.h>
#include <epan/to_str.h>
#include <wsutil/str_util.h>

#define MAX_IDS 8        /* hfids sharing one field name (G1: 2 seen in 4.0), or merged names */
#define MAX_FI 1024      /* finfos of one kind per frame that are looked at; more are counted */
#define MAX_NAS 32       /* NAS-PDUs analysed per frame */
#define MAX_PDU 16       /* S1AP PDUs per frame (bundled DATA chunks) */

/* What each S1AP message means (who sends it, the NAS it carries, the tracker
 * event it becomes, its E-RAB list) comes from the core's S1AP table
 * (esmtrace/s1ap.h); this file only finds the fields. */
#define PDU_NONE (-1)    /* S1AP-PDU kind not (yet) known */

typedef struct {
	int id[MAX_IDS];
	int n;
} field_ids;

static dissector_handle_t esm_handle, nas_eps_plain;
static int proto_s1ap = -1, proto_nas_eps = -1, proto_gsmtap = -1;
static field_ids f_nas_ie, f_nas_item, f_mme, f_enb, f_ie_id, f_proc, f_pdu[3], f_erab, f_rrc_nas, f_rrc_dl,
	f_rrc_ul, f_gsmtap_uplink, f_mmec, f_mtmsi, f_cause[S1AP_CAUSE_GROUPS], f_plmn;

/* Capture state, reset by the init routine. */
static track *tracker;
static track_keys *keys;         /* the esm_nas_keys rows the tracker was given */
static bool tracker_finished;
static double last_time;
static GPtrArray *frame_index;   /* frame number -> esm_frame_result* (all passes, and back-filling) */
static GHashTable *nas_copies;   /* ESM_FRAME_ID -> bytes of NAS-PDUs kept as copies */
static GArray *finding_frames;   /* esm_finding_frame, frames with findings in capture order */
static GArray *finish_findings;  /* esm_finish_finding, from track_finish */
static uint32_t frames_seen;
static GHashTable *assoc_numbers;  /* association hash -> 1, 2, 3... (readable UE context keys) */
static GHashTable *text_ids;       /* finding text -> esm_text index */
static GArray *ue_names;           /* uint32_t esm_text index of each UE's latest name, by UE number */
static GArray *whos;               /* esm_who_t, index 0 empty */
static GHashTable *who_ids;        /* "imsi,guti,name" esm_text indices -> esm_who index */
static GPtrArray *texts;           /* esm_text index -> text (index 0: NULL) */
static track_config track_cfg;     /* the tracker's configuration, from the preferences */
static report *recorder;           /* the HTML report being recorded, or NULL */
static bool report_wanted;         /* -z esm,report asked for one */

/* Stored results live in an arena freed when the capture closes: one result
 * exists per NAS-PDU of the capture, and a bump allocator needs no per-object
 * header or 16-octet rounding (file scope costs 16 + 16k octets an object). */
typedef struct arena_block {
	struct arena_block *next;
	size_t used, size;
	uint32_t data[];             /* 4-octet alignment: results hold no pointers */
} arena_block;
#define ARENA_BLOCK (1u << 20)
G_STATIC_ASSERT(sizeof(esm_nas_result) == 68 && sizeof(esm_finding) == 12 && sizeof(esm_frame_result) == 4);
static arena_block *arena;

/* ------------------------------------------------------------ fields */

/* Resolve every hfid registered under `name` (G1: asn2wrs registers some S1AP
 * names twice and proto_registrar_get_id_byname() returns only the last). */
static void resolve(field_ids *f, const char *name, GArray *wanted)
{
	f->n = 0;
	header_field_info *hfi = proto_registrar_get_byname(name);
	if (!hfi)
		return;
	while (hfi->same_name_prev_id != -1)
		hfi = proto_registrar_get_nth((guint)hfi->same_name_prev_id);
	for (; hfi && f->n < MAX_IDS; hfi = hfi->same_name_next) {
		f->id[f->n++] = hfi->id;
		g_array_append_val(wanted, hfi->id);
	}
}

/* Several field names merged into one list (same role, different ASN.1 containers). */
static void resolve_all(field_ids *f, const char *const *names, GArray *wanted)
{
	field_ids one;
	f->n = 0;
	for (; *names; names++) {
		resolve(&one, *names, wanted);
		for (int i = 0; i < one.n && f->n < MAX_IDS; i++)
			f->id[f->n++] = one.id[i];
	}
}

typedef struct {
	field_info *fi[MAX_FI];
	int n;
} fi_list;

/* Set when a frame holds more fields, PDUs or NAS-PDUs than the caps above: the
 * frame's result says so (expert info) instead of dropping them silently. */
static bool frame_capped;

static int cmp_fi(const void *a, const void *b)
{
	const field_info *x = *(field_info *const *)a, *y = *(field_info *const *)b;
	if (x->ds_tvb != y->ds_tvb)
		return x->ds_tvb < y->ds_tvb ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/* All occurrences of a field in this frame, in byte order (G4). Each hfid's
 * items come in tree order, which is nearly always byte order: an insertion
 * sort (stable, like glibc's merge sort before it) costs one comparison an
 * item then, and no call per comparison. */
static void collect(proto_tree *tree, const field_ids *f, fi_list *out)
{
	out->n = 0;
	for (int i = 0; i < f->n; i++) {
		GPtrArray *a = proto_get_finfo_ptr_array(tree, f->id[i]);
		for (guint j = 0; a && j < a->len; j++) {
			if (out->n == MAX_FI) {
				frame_capped = true;
				break;
			}
			field_info *fi = (field_info *)g_ptr_array_index(a, j);
			int k = out->n++;
			for (; k > 0 && cmp_fi(&out->fi[k - 1], &fi) > 0; k--)
				out->fi[k] = out->fi[k - 1];
			out->fi[k] = fi;
		}
	}
}

static void collect_proto(proto_tree *tree, int proto, fi_list *out)
{
	field_ids f = { { proto }, proto >= 0 ? 1 : 0 };
	collect(tree, &f, out);
}

static uint32_t fi_uint(field_info *fi)
{
	return fvalue_get_uinteger(ESM_FI_FVALUE(fi));
}

/* The last occurrence in `l` at or before `pos` and at or after `lo` in tvb `ds`, or NULL. */
static field_info *last_before(const fi_list *l, tvbuff_t *ds, gint lo, gint pos)
{
	field_info *r = NULL;
	for (int i = 0; i < l->n; i++) { /* sorted by data source, then start */
		field_info *fi = l->fi[i];
		if (fi->ds_tvb != ds)
			continue;
		if (fi->start > pos)
			break;
		if (fi->start >= lo)
			r = fi;
	}
	return r;
}

/* ------------------------------------------------------------ strings */

/* The tracker's names are static strings from a small fixed vocabulary; one
 * octet per name keeps the stored results small. */
static const char *strtab[256];
static unsigned n_strtab = 1;

uint8_t esm_intern(const char *s)
{
	if (!s)
		return 0;
	/* the tracker hands out the same static strings: their addresses first */
	static const char *seen[256];
	for (unsigned i = 1; i < n_strtab; i++)
		if (seen[i] == s)
			return (uint8_t)i;
	for (unsigned i = 1; i < n_strtab; i++)
		if (strcmp(strtab[i], s) == 0) {
			seen[i] = s;
			return (uint8_t)i;
		}
	if (n_strtab == G_N_ELEMENTS(strtab))
		return 0;
	strtab[n_strtab] = g_strdup(s); /* lives as long as the plugin */
	seen[n_strtab] = s;
	return (uint8_t)n_strtab++;
}

const char *esm_str(uint8_t idx)
{
	return idx < n_strtab ? strtab[idx] : NULL;
}

/* Finding texts repeat (the same note for many UEs): each is kept once. */
uint32_t esm_text_id(const char *s)
{
	if (!s || !texts)
		return 0;
	/* one text (the security check's "no subscriber keys configured") often
	 * comes with every message: the last one is compared first */
	static uint32_t last;
	if (last && last < texts->len && strcmp(g_ptr_array_index(texts, last), s) == 0)
		return last;
	gpointer id = g_hash_table_lookup(text_ids, s);
	if (id)
		return last = GPOINTER_TO_UINT(id);
	char *copy = g_strdup(s);
	g_ptr_array_add(texts, copy);
	g_hash_table_insert(text_ids, copy, GUINT_TO_POINTER(texts->len - 1));
	return last = texts->len - 1;
}

const char *esm_text(uint32_t id)
{
	return texts && id < texts->len ? g_ptr_array_index(texts, id) : NULL;
}

const esm_who_t *esm_who(uint32_t idx)
{
	static const esm_who_t none;
	return whos && idx < whos->len ? &g_array_index(whos, esm_who_t, idx) : &none;
}

static uint32_t who_id(const track_annotation *a)
{
	esm_who_t w = { a->imsi[0] ? esm_text_id(a->imsi) : 0, a->guti[0] ? esm_text_id(a->guti) : 0,
		a->ue_name[0] ? esm_text_id(a->ue_name) : 0 };
	if (!whos || (!w.imsi && !w.guti && !w.name))
		return 0;
	char key[40];
	snprintf(key, sizeof key, "%u,%u,%u", w.imsi, w.guti, w.name);
	gpointer id = g_hash_table_lookup(who_ids, key);
	if (id)
		return GPOINTER_TO_UINT(id);
	g_array_append_val(whos, w);
	g_hash_table_insert(who_ids, g_strdup(key), GUINT_TO_POINTER(whos->len - 1));
	return whos->len - 1;
}

uint32_t esm_ue_name(uint32_t ue)
{
	return ue_names && ue < ue_names->len ? g_array_index(ue_names, uint32_t, ue) : 0;
}

/* ------------------------------------------------------------ results */

static void *arena_alloc(size_t n)
{
	n = (n + 3) & ~(size_t)3;
	if (!arena || arena->size - arena->used < n) {
		size_t size = MAX(n, ARENA_BLOCK - sizeof(arena_block));
		arena_block *b = g_malloc(sizeof(arena_block) + size);
		b->next = arena;
		b->used = 0;
		b->size = size;
		arena = b;
	}
	void *p = (uint8_t *)arena->data + arena->used;
	arena->used += n;
	return p;
}

static void arena_free(void)
{
	while (arena) {
		arena_block *b = arena;
		arena = b->next;
		g_free(b);
	}
}

const esm_finding *esm_nas_findings(const esm_frame_result *fr, unsigned i)
{
	const esm_finding *f = (const esm_finding *)(const void *)&fr->nas[fr->n];
	for (unsigned j = 0; j < i && j < fr->n; j++)
		f += fr->nas[j].n_findings;
	return f;
}

/* A frame's results and findings copied into one arena allocation; `extra` is
 * a finding appended to result `at` (back-filling), or NULL. */
static esm_frame_result *store_frame(const esm_frame_result *hdr, const esm_nas_result *nas,
                                     const esm_finding *f, const esm_finding *extra, unsigned at)
{
	unsigned nf = hdr->n_findings + (extra ? 1u : 0u);
	esm_frame_result *fr = arena_alloc(sizeof *fr + hdr->n * sizeof fr->nas[0] + nf * sizeof *f);
	*fr = *hdr;
	fr->n_findings = (uint16_t)nf;
	memcpy(fr->nas, nas, hdr->n * sizeof fr->nas[0]);
	esm_finding *out = (esm_finding *)(void *)&fr->nas[fr->n];
	for (unsigned i = 0; i < hdr->n; i++) {
		memcpy(out, f, nas[i].n_findings * sizeof *f);
		out += nas[i].n_findings;
		f += nas[i].n_findings;
		if (extra && i == at) {
			*out++ = *extra;
			fr->nas[i].n_findings++;
		}
	}
	return fr;
}

/* ------------------------------------------------------------ tracker */

/* Keep the findings of track_finish (pending at the end, aborts without a later
 * frame); the others are already stored with their frames. */
/* The procedure each finding of the event being fed concerns (a finding may be
 * about another procedure than the message's, e.g. an abort noticed later). */
static uint8_t event_finding_proc[TRACK_MAX_FINDINGS];
static unsigned n_event_findings;

/* An abort (and the local deactivation it causes) belongs to the aborted
 * request, whatever revealed it (tests/gen/FORMAT.md 6.1): append it to that
 * frame's stored result, as response_in is back-filled, so a second pass and
 * the GUI show it there and the triage table lists it with that frame.
 * Returns false when the frame has no stored result to take it. */
static bool backfill_finding(const track_finding_row *f)
{
	uint32_t num = ESM_FRAME_NUM(f->frame);
	uint8_t idx = ESM_FRAME_IDX(f->frame);
	esm_frame_result *fr = frame_index && num < frame_index->len ? g_ptr_array_index(frame_index, num) : NULL;
	if (!fr || idx >= fr->n)
		return false;
	if (fr->nas[idx].n_findings == UINT8_MAX || fr->n_findings == UINT16_MAX)
		return true;
	esm_finding nf = { f->f.severity, f->f.code, esm_intern(f->proc), esm_intern(f->f.clause),
		f->f.related_frame ? ESM_FRAME_NUM(f->f.related_frame) : 0, esm_text_id(f->f.text) };
	/* A new copy with room for it; the old one stays in the arena until the capture closes. */
	g_ptr_array_index(frame_index, num) = store_frame(fr, fr->nas, esm_nas_findings(fr, 0), &nf, idx);
	if (!fr->n_findings) { /* not yet in finding_frames */
		esm_finding_frame ff = { num, f->time };
		g_array_append_val(finding_frames, ff);
	}
	return true;
}

static void on_finding(void *ctx _U_, const track_finding_row *f)
{
	if (recorder)
		report_on_finding(recorder, f);
	if (!f->at_finish) {
		if (n_event_findings < TRACK_MAX_FINDINGS)
			event_finding_proc[n_event_findings++] = esm_intern(f->proc);
		return;
	}
	if ((f->f.code == TRACK_F_PROCEDURE_ABORTED || f->f.code == TRACK_F_LOCAL_DEACTIVATION) &&
	    backfill_finding(f))
		return;
	if (!finish_findings)
		return;
	esm_finish_finding ff = { f->ue, ESM_FRAME_NUM(f->frame), f->time, f->ebi, f->pti, esm_intern(f->proc),
		{ f->f.severity, f->f.code, esm_intern(f->proc), esm_intern(f->f.clause),
		  f->f.related_frame ? ESM_FRAME_NUM(f->f.related_frame) : 0, esm_text_id(f->f.text) } };
	g_array_append_val(finish_findings, ff);
}

static void feed(const track_event *ev, track_annotation *a)
{
	n_event_findings = 0;
	track_feed(tracker, ev, a);
	if (recorder)
		report_event(recorder, ev, a);
}

static void esm_init(void)
{
	track_config c;
	track_config_default(&c);
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		c.timer_s[i] = esm_prefs.timer_s[i];
		c.abort_expiries[i] = (uint8_t)MIN(esm_prefs.abort_expiries, 255);
	}
	c.abort_expiries[TRACK_T3489] = (uint8_t)MIN(esm_prefs.abort_expiries_t3489, 255);
	c.tolerance_s = esm_prefs.tolerance_ms / 1000.0;
	c.assume_eea0 = esm_prefs.assume_eea0;
	c.check_ip_conflicts = esm_prefs.check_ip_conflicts;
	/* The plugin keeps every finding with its frame (stored results), so the
	 * tracker keeps no finding rows; the capture-end findings come through
	 * on_finding during track_finish. */
	c.max_finding_rows = 0;
	c.on_finding = on_finding;
	if (report_wanted || esm_report_in_gui()) {
		/* the report's history: every bearer state change and timer run */
		recorder = report_new();
		c.on_state = report_on_state;
		c.on_timer = report_on_timer;
		c.cb_ctx = recorder;
	}
	track_cfg = c;
	tracker = track_new(&c);
	/* NAS security: the subscribers' keys of the esm_nas_keys table (its
	 * update callback has refused malformed rows) */
	unsigned n_rows;
	const esm_key_row *rows = esm_key_rows(&n_rows);
	keys = track_keys_new();
	for (unsigned i = 0; i < n_rows; i++)
		track_keys_add(keys, rows[i].imsi ? rows[i].imsi : "", rows[i].k ? rows[i].k : "",
		               rows[i].opc ? rows[i].opc : "", NULL, 0);
	track_set_keys(tracker, keys);
	tracker_finished = false;
	last_time = 0;
	frames_seen = 0;
	frame_index = g_ptr_array_new();
	nas_copies = g_hash_table_new(g_int64_hash, g_int64_equal);
	finding_frames = g_array_new(FALSE, FALSE, sizeof(esm_finding_frame));
	finish_findings = g_array_new(FALSE, FALSE, sizeof(esm_finish_finding));
	assoc_numbers = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	text_ids = g_hash_table_new(g_str_hash, g_str_equal);
	ue_names = g_array_new(FALSE, TRUE, sizeof(uint32_t));
	whos = g_array_new(FALSE, TRUE, sizeof(esm_who_t));
	g_array_set_size(whos, 1);
	who_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	texts = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(texts, NULL);
}

static void esm_cleanup(void)
{
	if (tracker)
		track_free(tracker);
	tracker = NULL;
	report_free(recorder);
	recorder = NULL;
	track_keys_free(keys); /* after the tracker, which points to it */
	keys = NULL;
	if (frame_index)
		g_ptr_array_free(frame_index, TRUE);
	frame_index = NULL;
	if (nas_copies) /* keys and values live in file scope */
		g_hash_table_destroy(nas_copies);
	nas_copies = NULL;
	if (finding_frames)
		g_array_free(finding_frames, TRUE);
	finding_frames = NULL;
	if (finish_findings)
		g_array_free(finish_findings, TRUE);
	finish_findings = NULL;
	if (assoc_numbers)
		g_hash_table_destroy(assoc_numbers);
	assoc_numbers = NULL;
	if (text_ids)
		g_hash_table_destroy(text_ids);
	text_ids = NULL;
	if (ue_names)
		g_array_free(ue_names, TRUE);
	ue_names = NULL;
	if (whos)
		g_array_free(whos, TRUE);
	whos = NULL;
	if (who_ids)
		g_hash_table_destroy(who_ids);
	who_ids = NULL;
	if (texts)
		g_ptr_array_free(texts, TRUE);
	texts = NULL;
	arena_free();
}

track *esm_tracker(void) { return tracker; }
report *esm_recorder(void) { return recorder; }
const track_config *esm_track_config(void) { return &track_cfg; }

/* tshark reads -z arguments after opening the file, once the tracker exists:
 * before its first packet, the tracker starts again, recording. */
void esm_want_report(void)
{
	report_wanted = true;
	if (tracker && !recorder && !frames_seen) {
		esm_cleanup();
		esm_init();
	}
}
const GArray *esm_finding_frames(void) { return finding_frames; }
const GArray *esm_finish_findings(void) { return finish_findings; }

const esm_frame_result *esm_frame(uint32_t num)
{
	return frame_index && num < frame_index->len ? g_ptr_array_index(frame_index, num) : NULL;
}

int esm_proto_nas_eps(void) { return proto_nas_eps; }
dissector_handle_t esm_nas_eps_plain(void) { return nas_eps_plain; }

const uint8_t *esm_nas_copy(uint32_t num, uint8_t idx)
{
	uint64_t key = ESM_FRAME_ID(num, idx);
	return nas_copies ? g_hash_table_lookup(nas_copies, &key) : NULL;
}
uint32_t esm_capture_frames(void) { return frames_seen; }

bool esm_tracker_finish(void)
{
	if (!tracker)
		return false;
	if (!tracker_finished) {
		track_finish(tracker, last_time);
		/* Every frame's annotation is stored: the per-UE state is only
		 * memory now (and the statistics tables are built next). */
		track_release(tracker);
		tracker_finished = true;
	}
	return true;
}

/* ------------------------------------------------------------ pairing */

typedef struct {
	field_info *fi;        /* the s1ap protocol item */
	tvbuff_t *ds;
	gint start, end;
	int proc, kind;        /* procedureCode, s1ap_pdu_kind or PDU_NONE */
	const s1ap_msg *msg;   /* its row in the S1AP table, NULL when esmtrace does not read it */
	bool has_mme, has_enb, has_src_mme, has_mmec, has_mtmsi;
	uint32_t mme, enb, src_mme, mmec, mtmsi;   /* S-TMSI of an InitialUEMessage */
	uint16_t erab_mask;    /* E-RAB ids of the message's E-RAB list (msg->erab_item) */
	bool has_plmn;         /* the TAI's PLMN identity (36.413 9.2.3.16): the serving network */
	uint8_t plmn[3];
	int8_t cause_group;    /* first Cause in the PDU (36.413 9.2.1.3): 0 radioNetwork..4 misc, -1 none */
	int16_t cause_value;
	gint cause_start;
} s1ap_pdu;

typedef struct {
	field_info *fi;
	int pdu;               /* index into the frame's s1ap_pdu array, -1 for UE side */
	uint8_t source;
	uint8_t dir;
	int8_t erab_id;
} nas_ref;

static bool inside(field_info *fi, const s1ap_pdu *p)
{
	return fi->ds_tvb == p->ds && fi->start >= p->start && fi->start < p->end;
}

/* The innermost S1AP PDU containing fi (a later start is a nested PDU). */
static int pdu_of(field_info *fi, const s1ap_pdu *pdus, int n)
{
	int r = -1;
	for (int i = 0; i < n; i++)
		if (inside(fi, &pdus[i]))
			r = i;
	return r;
}

/* The tracker event of an S1AP message without NAS (the S1AP table), or -1. */
static int s1ap_event(const s1ap_pdu *p)
{
	uint8_t k = p->msg ? s1ap_msg_event(p->msg, false) : S1AP_NO_EVENT;
	return k == S1AP_NO_EVENT ? -1 : k;
}

static uint64_t hash_addr(const address *a, guint32 port)
{
	return add_address_to_hash64(port * 0x9E3779B97F4A7C15ull + 1, a);
}

/* The S1 association (direction-free) and the eNodeB end of it. */
static void assoc_ids(packet_info *pinfo, bool from_enb, uint64_t *assoc, uint64_t *enb)
{
	uint64_t s = hash_addr(&pinfo->net_src, pinfo->srcport);
	uint64_t d = hash_addr(&pinfo->net_dst, pinfo->destport);
	uint64_t h = s < d ? s * 31 + d : d * 31 + s;
	gpointer num = g_hash_table_lookup(assoc_numbers, &h);
	if (!num) {
		uint64_t *key = g_new(uint64_t, 1);
		*key = h;
		num = GUINT_TO_POINTER(g_hash_table_size(assoc_numbers) + 1);
		g_hash_table_insert(assoc_numbers, key, num);
	}
	*assoc = GPOINTER_TO_UINT(num);
	/* The eNodeB by its address alone: its associations change ports when it
	 * sets up a new one (S1 SETUP), the eNodeB stays the same. */
	*enb = hash_addr(from_enb ? &pinfo->net_src : &pinfo->net_dst, 0) | 1;
}

/* Gather the S1AP PDUs of the frame with their procedure, UE ids and E-RABs. */
static int find_s1ap_pdus(proto_tree *tree, s1ap_pdu *pdus)
{
	fi_list l, ids, tmp;
	collect_proto(tree, proto_s1ap, &l);
	int n = 0;
	frame_capped |= l.n > MAX_PDU;
	for (int i = 0; i < l.n && n < MAX_PDU; i++) {
		field_info *fi = l.fi[i];
		s1ap_pdu *p = &pdus[n++];
		memset(p, 0, sizeof *p);
		p->fi = fi;
		p->ds = fi->ds_tvb;
		p->start = fi->start;
		p->end = fi->length > 0 ? fi->start + fi->length : G_MAXINT;
		p->proc = -1;
		p->kind = PDU_NONE;
		p->cause_group = -1;
	}
	if (!n)
		return 0;

	collect(tree, &f_proc, &tmp);
	for (int i = 0; i < tmp.n; i++) {
		int k = pdu_of(tmp.fi[i], pdus, n);
		if (k >= 0 && pdus[k].proc < 0)
			pdus[k].proc = (int)fi_uint(tmp.fi[i]);
	}
	for (int kind = 0; kind < 3; kind++) {
		collect(tree, &f_pdu[kind], &tmp);
		for (int i = 0; i < tmp.n; i++) {
			int k = pdu_of(tmp.fi[i], pdus, n);
			if (k >= 0 && pdus[k].kind == PDU_NONE)
				pdus[k].kind = kind;
		}
	}
	for (int i = 0; i < n; i++)
		pdus[i].msg = s1ap_msg_find(pdus[i].proc, pdus[i].kind);

	/* UE ids: the same field serves several IEs; the ProtocolIE-ID before it says which. */
	collect(tree, &f_ie_id, &ids);
	for (int which = 0; which < 2; which++) {
		collect(tree, which ? &f_enb : &f_mme, &tmp);
		for (int i = 0; i < tmp.n; i++) {
			field_info *fi = tmp.fi[i];
			int k = pdu_of(fi, pdus, n);
			if (k < 0)
				continue;
			s1ap_pdu *p = &pdus[k];
			field_info *ie = last_before(&ids, p->ds, p->start, fi->start);
			uint32_t ie_id = ie ? fi_uint(ie) : S1AP_IE_UE_S1AP_IDS;
			uint32_t v = fi_uint(fi);
			if (which) {
				if ((ie_id == S1AP_IE_ENB_UE_S1AP_ID || ie_id == S1AP_IE_UE_S1AP_IDS) && !p->has_enb) {
					p->has_enb = true;
					p->enb = v;
				}
			} else if ((ie_id == S1AP_IE_MME_UE_S1AP_ID || ie_id == S1AP_IE_UE_S1AP_IDS) && !p->has_mme) {
				p->has_mme = true;
				p->mme = v;
			} else if (ie_id == S1AP_IE_SOURCE_MME_UE_S1AP_ID && !p->has_src_mme) {
				p->has_src_mme = true;
				p->src_mme = v;
			}
		}
	}

	/* S-TMSI: m-TMSI first, then mMEC, which PER dissects from an octet-aligned
	 * copy (another data source), so it goes to the PDU whose m-TMSI lacks one. */
	bool any_mtmsi = false;
	for (int which = 1; which >= 0; which--) {
		if (!which && !any_mtmsi)
			break; /* an mMEC counts only beside an m-TMSI (S-TMSI) */
		collect(tree, which ? &f_mtmsi : &f_mmec, &tmp);
		any_mtmsi |= which && tmp.n > 0;
		for (int i = 0; i < tmp.n; i++) {
			int k = pdu_of(tmp.fi[i], pdus, n);
			for (int j = 0; k < 0 && !which && j < n; j++)
				if (pdus[j].has_mtmsi && !pdus[j].has_mmec)
					k = j;
			if (k < 0)
				continue;
			if (which) {
				pdus[k].has_mtmsi = true;
				pdus[k].mtmsi = fi_uint(tmp.fi[i]);
			} else {
				pdus[k].has_mmec = true;
				pdus[k].mmec = fi_uint(tmp.fi[i]);
			}
		}
	}

	/* Cause (36.413 9.2.1.3): the choice's alternatives are separate fields; the
	 * first in byte order is the message's own (a release's), E-RAB items follow. */
	for (int g = 0; g < S1AP_CAUSE_GROUPS; g++) {
		collect(tree, &f_cause[g], &tmp);
		for (int i = 0; i < tmp.n; i++) {
			int k = pdu_of(tmp.fi[i], pdus, n);
			if (k >= 0 && (pdus[k].cause_group < 0 || tmp.fi[i]->start < pdus[k].cause_start)) {
				pdus[k].cause_group = (int8_t)g;
				pdus[k].cause_value = (int16_t)MIN(fi_uint(tmp.fi[i]), 255);
				pdus[k].cause_start = tmp.fi[i]->start;
			}
		}
	}

	/* The TAI's PLMN identity: the pLMNidentity after ProtocolIE-ID 67 (other
	 * IEs, e.g. the E-UTRAN CGI, carry one too). Its octets, from the tvb. */
	collect(tree, &f_plmn, &tmp);
	for (int i = 0; i < tmp.n; i++) {
		field_info *fi = tmp.fi[i];
		int k = pdu_of(fi, pdus, n);
		if (k < 0 || pdus[k].has_plmn || fi->length != 3 || !tvb_bytes_exist(fi->ds_tvb, fi->start, 3))
			continue;
		field_info *ie = last_before(&ids, pdus[k].ds, pdus[k].start, fi->start);
		if (ie && fi_uint(ie) == S1AP_IE_TAI) {
			tvb_memcpy(fi->ds_tvb, pdus[k].plmn, fi->start, 3);
			pdus[k].has_plmn = true;
		}
	}

	collect(tree, &f_erab, &tmp);
	for (int i = 0; i < tmp.n; i++) {
		field_info *fi = tmp.fi[i];
		int k = pdu_of(fi, pdus, n);
		uint32_t e = fi_uint(fi);
		if (k < 0 || e > 15)
			continue;
		s1ap_pdu *p = &pdus[k];
		if (!p->msg || !p->msg->erab_item)
			continue;
		/* Each item of an E-RAB list is a ProtocolIE-SingleContainer: the id
		 * before its e-RAB-ID names the list the E-RAB is in. */
		field_info *ie = last_before(&ids, p->ds, p->start, fi->start);
		if (ie && fi_uint(ie) == p->msg->erab_item)
			p->erab_mask |= (uint16_t)(1u << e);
	}
	return n;
}

/* S1AP NAS-PDUs, each with its PDU and, inside an E-RAB item, its E-RAB id. */
static int find_s1ap_nas(proto_tree *tree, const s1ap_pdu *pdus, int npdu, nas_ref *out, int nout)
{
	fi_list ie, item, erab;
	collect(tree, &f_nas_ie, &ie);
	collect(tree, &f_nas_item, &item);
	collect(tree, &f_erab, &erab);
	int n = 0;
	for (int which = 0; which < 2; which++) {
		const fi_list *l = which ? &item : &ie;
		for (int i = 0; i < l->n; i++) {
			field_info *fi = l->fi[i];
			int k = pdu_of(fi, pdus, npdu);
			if (n == nout) {
				frame_capped = true;
				break;
			}
			if (k < 0)
				continue;
			nas_ref *r = &out[n++];
			r->fi = fi;
			r->pdu = k;
			r->source = ESM_SRC_S1AP;
			/* unknown to the table: the core infers the direction from the message */
			r->dir = pdus[k].msg ? pdus[k].msg->nas_dir : NAS_DIR_UNKNOWN;
			r->erab_id = -1;
			if (which) { /* e-RAB-ID is the first member of every item carrying nAS-PDU */
				field_info *e = last_before(&erab, pdus[k].ds, pdus[k].start, fi->start);
				if (e && fi_uint(e) <= 15)
					r->erab_id = (int8_t)fi_uint(e);
			}
		}
	}
	return n;
}

static bool proto_present(proto_tree *tree, int proto)
{
	GPtrArray *a = proto >= 0 ? proto_get_finfo_ptr_array(tree, proto) : NULL;
	return a && a->len;
}

/* UE-side NAS: RRC dedicatedInfoNAS (direction from the RRC message's logical
 * channel, TS 36.331 6.2.1: UL-DCCH carries RRCConnectionSetupComplete and
 * ULInformationTransfer, DL-DCCH DLInformationTransfer and
 * RRCConnectionReconfiguration; a frame holds one direction, and PER copies
 * the octet string into a data source of its own, so the channel is looked
 * for in the frame, not around the field) and GSMTAP LTE NAS (the nas-eps
 * protocol item outside any RRC or S1AP, direction from the GSMTAP header).
 * Either is a hint: the core takes the message's own direction (nas_dir_from). */
static int find_ue_side_nas(proto_tree *tree, const s1ap_pdu *pdus, int npdu, nas_ref *out, int n, int nout)
{
	fi_list rrc, dl, ul, nas, up;
	collect(tree, &f_rrc_nas, &rrc);
	if (rrc.n) { /* the RRC messages around them (an S1AP frame has none) */
		collect(tree, &f_rrc_dl, &dl);
		collect(tree, &f_rrc_ul, &ul);
	}
	for (int i = 0; i < rrc.n && n < nout; i++) {
		field_info *fi = rrc.fi[i];
		if (pdu_of(fi, pdus, npdu) >= 0)
			continue;
		nas_ref *r = &out[n++];
		r->fi = fi;
		r->pdu = -1;
		r->source = ESM_SRC_RRC;
		r->dir = dl.n && !ul.n ? NAS_DOWNLINK : ul.n && !dl.n ? NAS_UPLINK : NAS_DIR_UNKNOWN;
		r->erab_id = -1;
	}
	if (!proto_present(tree, proto_gsmtap))
		return n;
	collect_proto(tree, proto_nas_eps, &nas);
	if (!nas.n)
		return n;
	collect(tree, &f_gsmtap_uplink, &up);
	for (int i = 0; i < nas.n && n < nout; i++) {
		field_info *fi = nas.fi[i];
		bool taken = pdu_of(fi, pdus, npdu) >= 0;
		for (int j = 0; j < n && !taken; j++) /* already found as RRC, or nested in one found */
			taken = out[j].fi->ds_tvb == fi->ds_tvb && fi->start >= out[j].fi->start &&
				fi->start < out[j].fi->start + MAX(out[j].fi->length, 1);
		if (taken)
			continue;
		nas_ref *r = &out[n++];
		r->fi = fi;
		r->pdu = -1;
		r->source = ESM_SRC_GSMTAP;
		r->dir = up.n ? (fi_uint(up.fi[0]) ? NAS_UPLINK : NAS_DOWNLINK) : NAS_DIR_UNKNOWN;
		r->erab_id = -1;
	}
	return n;
}


/* ------------------------------------------------------------ analysis */

/* Compact the tracker's annotation into the result and its findings into *out
 * (room for TRACK_MAX_FINDINGS). */
static void keep_annotation(esm_nas_result *r, esm_finding *out, const track_annotation *a, uint32_t frame_num)
{
	r->ue = a->ue;
	if (r->len) { /* a NAS-PDU: the direction the core took, and why */
		r->dir = a->dir & 3;
		r->dir_hint = a->dir_hint & 3;
		r->dir_from = a->dir_from ? (a->dir_from - 1) & 3 : 0;
	}
	r->is_esm = a->is_esm;
	r->duplicate = a->duplicate;
	r->ebi = a->ebi;
	r->pti = a->pti;
	r->msg_type = a->msg_type;
	r->proc = esm_intern(a->proc);
	r->mme_before = esm_intern(a->mme_before);
	r->mme_after = esm_intern(a->mme_after);
	r->ue_before = esm_intern(a->ue_before);
	r->ue_after = esm_intern(a->ue_after);
	r->timer = a->timer;
	r->timer_expiries = a->timer_expiries;
	r->backoff = a->backoff;
	r->retrans_count = a->retrans_count;
	r->retrans_of = a->retrans_count ? ESM_FRAME_NUM(a->retrans_of) : 0;
	if (a->has_response_to) {
		r->response_to = ESM_FRAME_NUM(a->response_to);
		r->response_time = (float)a->response_time;
		/* Back-fill the request: its response is only known now (first answer wins). */
		uint32_t req = ESM_FRAME_NUM(a->response_to);
		if (req < frame_num && req < frame_index->len) {
			esm_frame_result *fr = g_ptr_array_index(frame_index, req);
			uint8_t idx = ESM_FRAME_IDX(a->response_to);
			if (fr && idx < fr->n && !fr->nas[idx].response_in)
				fr->nas[idx].response_in = frame_num;
		}
	}
	r->integrity = a->sec.integrity & 3;
	r->deciphered = a->sec.deciphered;
	r->count_known = a->sec.count_known;
	r->nas_count = a->sec.count & 0xFFFFFF;
	r->sec_ctx = a->sec.ctx & 0x3FFFFFF;
	r->eea = a->sec.eea & 7;
	r->eia = a->sec.eia & 7;
	r->sec_why = a->sec.why[0] ? esm_text_id(a->sec.why) : 0;
	r->who = who_id(a);
	uint32_t name = esm_who(r->who)->name;
	if (a->ue && name && ue_names) { /* frames are analysed in order: the latest wins */
		if (ue_names->len <= a->ue)
			g_array_set_size(ue_names, MAX(a->ue + 1, ue_names->len * 2));
		g_array_index(ue_names, uint32_t, a->ue) = name;
	}
	r->n_findings = (uint8_t)MIN(a->n_findings, TRACK_MAX_FINDINGS);
	r->n_findings_dropped = (uint8_t)MIN(a->n_findings_dropped, UINT8_MAX);
	for (unsigned i = 0; i < r->n_findings; i++) {
		const track_finding *f = &a->f[i];
		/* on_finding saw this event's findings in the same order */
		uint8_t proc = n_event_findings == a->n_findings ? event_finding_proc[i] : 0;
		out[i] = (esm_finding){ f->severity, f->code, proc, esm_intern(f->clause),
			f->related_frame ? ESM_FRAME_NUM(f->related_frame) : 0, esm_text_id(f->text) };
		if (f->code == TRACK_F_CIPHERED)
			r->ciphered = true;
		if (f->code == TRACK_F_MALFORMED)
			r->malformed = true;
	}
}

static void fill_ids(track_event *ev, const s1ap_pdu *p, packet_info *pinfo)
{
	ev->has_mme_ue_id = p->has_mme;
	ev->mme_ue_id = p->mme;
	ev->has_enb_ue_id = p->has_enb;
	ev->enb_ue_id = p->enb;
	ev->has_source_mme_ue_id = p->has_src_mme;
	ev->source_mme_ue_id = p->src_mme;
	ev->s1ap_proc = (int16_t)p->proc;
	ev->cause_group = p->cause_group;
	ev->cause_value = p->cause_value;
	if (p->has_plmn) { /* NAS security: KASME's serving network */
		ev->has_plmn = true;
		memcpy(ev->plmn, p->plmn, 3);
	}
	if (p->has_mmec && p->has_mtmsi) {
		ev->has_s_tmsi = true;
		ev->s_tmsi_mmec = (uint8_t)p->mmec;
		ev->s_tmsi_m_tmsi = p->mtmsi;
	}
	assoc_ids(pinfo, p->msg && p->msg->sender == S1AP_FROM_ENB, &ev->assoc, &ev->enb_node);
}

/* A PDU deciphered by track_unprotect, decoded before it is fed (NAS-PDUs are
 * at most 65535 octets: S1AP's and RRC's length fields). */
static uint8_t plain_buf[65536];

/* Analyse one frame (first pass only) and return its stored result, or NULL. */
static esm_frame_result *analyse(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
	s1ap_pdu pdus[MAX_PDU];
	nas_ref refs[MAX_NAS];
	frame_capped = false;
	int npdu = find_s1ap_pdus(tree, pdus);
	int n = find_s1ap_nas(tree, pdus, npdu, refs, MAX_NAS);
	if (esm_prefs.ue_side)
		n = find_ue_side_nas(tree, pdus, npdu, refs, n, MAX_NAS);
	/* Byte order gives a stable NAS index (G4), the one scenario expectations use. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && cmp_fi(&refs[j - 1].fi, &refs[j].fi) > 0; j--) {
			nas_ref t = refs[j];
			refs[j] = refs[j - 1];
			refs[j - 1] = t;
		}

	/* S1AP messages without NAS that the tracker follows (identity, releases, handovers). */
	int nev = 0, evk[MAX_PDU];
	for (int i = 0; i < npdu; i++) {
		evk[i] = -1;
		bool has_nas = false;
		for (int j = 0; j < n && !has_nas; j++)
			has_nas = refs[j].pdu == i;
		if (!has_nas && (evk[i] = s1ap_event(&pdus[i])) >= 0)
			nev++;
	}
	if (!n && !nev)
		return NULL;

	uint32_t num = pinfo->num;
	double now = nstime_to_sec(&pinfo->rel_ts);
	last_time = MAX(last_time, now);
	/* Results are built here and stored with their exact size at the end. */
	esm_nas_result nas[MAX_NAS + MAX_PDU];
	esm_finding found[(MAX_NAS + MAX_PDU) * TRACK_MAX_FINDINGS];
	esm_frame_result hdr = { 0 };
	esm_frame_result *fr = &hdr;
	nas_opts opts = { .try_ciphered_as_plain = esm_prefs.assume_eea0 };
	track_annotation a;

	for (int i = 0; i < n; i++) {
		nas_ref *ref = &refs[i];
		esm_nas_result *r = &nas[fr->n];
		memset(r, 0, sizeof *r);
		r->index = (uint8_t)fr->n;
		fr->n++;
		r->source = ref->source;
		r->dir = ref->dir;
		r->erab_id = ref->erab_id;
		r->s1ap_proc = -1;
		gint len = MAX(ref->fi->length, 0);
		tvbuff_t *nt = tvb_new_subset_length(ref->fi->ds_tvb, ref->fi->start, len);
		if (ref->fi->ds_tvb == tvb && len <= G_MAXUINT16) {
			r->off = (uint32_t)ref->fi->start;
			r->len = (uint16_t)len;
		} else { /* another data source (reassembly): keep a copy to render later */
			uint64_t *key = wmem_new(wmem_file_scope(), uint64_t);
			*key = ESM_FRAME_ID(num, r->index);
			g_hash_table_insert(nas_copies, key, tvb_memdup(wmem_file_scope(), nt, 0, len));
			r->off = ESM_OFF_COPY;
			r->len = (uint16_t)MIN(len, G_MAXUINT16);
		}

		nas_pdu pdu, dpdu;
		const nas_pdu *use = &pdu;
		const uint8_t *p = tvb_get_ptr(nt, 0, len);
		/* the source's direction is a hint: the core takes the message's (nas_dir_from) */
		nas_decode(p, (size_t)len, (nas_dir)ref->dir, &opts, &pdu);

		track_event ev;
		track_event_init(&ev, TRACK_EV_NAS, now, ESM_FRAME_ID(num, r->index));
		ev.dir = (nas_dir)ref->dir;
		ev.source = ref->source == ESM_SRC_S1AP ? TRACK_SRC_S1AP : ref->source == ESM_SRC_RRC ? TRACK_SRC_RRC
		                                                                                       : TRACK_SRC_NAS_LOG;
		ev.erab_id = ref->erab_id;
		ev.nas = &pdu;
		/* A decode with errors still goes to the tracker as decoded: it reports
		 * "malformed" and follows the procedure from the ESM header (7.3, 7.5). */
		ev.nas_status = pdu.ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
		if (ref->pdu >= 0) {
			const s1ap_pdu *sp = &pdus[ref->pdu];
			fill_ids(&ev, sp, pinfo);
			if (sp->msg && sp->msg->nas_event != S1AP_NO_EVENT)
				ev.kind = sp->msg->nas_event; /* NAS NON DELIVERY INDICATION */
			r->s1ap_proc = (int8_t)sp->proc;
			r->has_mme = sp->has_mme;
			r->mme_ue_id = sp->mme;
			r->has_enb = sp->has_enb;
			r->enb_ue_id = sp->enb;
		} else {
			ev.ue_key = "ue-side"; /* UE-side captures hold one UE (GSMTAP, RRC) */
			ev.ue_side = true;
		}
		/* NAS security (the core's track_unprotect): a deciphered message is
		 * decoded like a plain one and fed in its place */
		track_sec sec;
		if (len <= (gint)sizeof plain_buf && track_unprotect(tracker, &ev, p, (uint32_t)len, plain_buf, &sec)) {
			nas_opts dopts = opts;
			dopts.deciphered = true;
			nas_decode(plain_buf, (size_t)len, ev.dir, &dopts, &dpdu);
			ev.nas = use = &dpdu;
			ev.nas_status = TRACK_NAS_DECODED;
		}
		feed(&ev, &a);
		keep_annotation(r, &found[fr->n_findings], &a, num);
		fr->n_findings = (uint16_t)(fr->n_findings + r->n_findings);
		if (use->ciphered)
			r->ciphered = true;
		/* The ESM header is a decode fact, shown even when the tracker set the
		 * message aside (UE-side duplicate copy, malformed body). */
		if (use->esm.present && !r->is_esm) {
			r->is_esm = true;
			r->ebi = use->esm.ebi;
			r->pti = use->esm.pti;
			r->msg_type = use->esm.type;
		}
	}

	for (int i = 0; i < npdu; i++) {
		if (evk[i] < 0)
			continue;
		track_event ev;
		track_event_init(&ev, (uint8_t)evk[i], now, ESM_FRAME_ID(num, fr->n));
		fill_ids(&ev, &pdus[i], pinfo);
		ev.erab_mask = pdus[i].erab_mask;
		feed(&ev, &a);
		if (!a.n_findings)
			continue; /* nothing to show for this S1AP message */
		esm_nas_result *r = &nas[fr->n];
		memset(r, 0, sizeof *r);
		r->index = (uint8_t)fr->n;
		fr->n++;
		r->source = ESM_SRC_S1AP;
		r->erab_id = -1;
		r->s1ap_proc = (int8_t)pdus[i].proc;
		r->has_mme = pdus[i].has_mme;
		r->mme_ue_id = pdus[i].mme;
		r->has_enb = pdus[i].has_enb;
		r->enb_ue_id = pdus[i].enb;
		keep_annotation(r, &found[fr->n_findings], &a, num);
		fr->n_findings = (uint16_t)(fr->n_findings + r->n_findings);
	}
	if (!fr->n)
		return NULL;
	hdr.capped = frame_capped;
	fr = store_frame(&hdr, nas, found, NULL, 0);
	if (frame_index->len <= num)
		g_ptr_array_set_size(frame_index, (gint)num + 1);
	g_ptr_array_index(frame_index, num) = fr;
	if (fr->n_findings) {
		esm_finding_frame ff = { num, now };
		g_array_append_val(finding_frames, ff);
	}
	return fr;
}

static int dissect_esm(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	const esm_frame_result *fr;
	if (!PINFO_FD_VISITED(pinfo)) {
		frames_seen = MAX(frames_seen, pinfo->num);
		if (!tracker || !(proto_present(tree, proto_s1ap) || (esm_prefs.ue_side &&
		    (proto_present(tree, proto_nas_eps)))))
			return 0;
		fr = analyse(tvb, pinfo, tree);
	} else { /* the frame index replaces per-frame proto data: 8 octets a frame */
		/* A later pass: the whole capture has been fed, so what only its end
		 * reveals (aborts whose deadline passed, back-filled onto their
		 * requests) is known before the frames are shown again. */
		esm_tracker_finish();
		fr = (esm_frame_result *)esm_frame(pinfo->num);
	}
	if (!fr)
		return 0;
	esm_render_frame(tvb, pinfo, tree, fr);
	tap_queue_packet(esm_tap, pinfo, fr);
	return tvb_captured_length(tvb);
}

void esm_hook_register(void)
{
	register_init_routine(esm_init);
	register_cleanup_routine(esm_cleanup);
	esm_handle = create_dissector_handle(dissect_esm, proto_esm);
	register_postdissector(esm_handle);
}

void esm_hook_handoff(void)
{
	static const char *pdu_names[3] = { "s1ap.initiatingMessage_element", "s1ap.successfulOutcome_element",
		"s1ap.unsuccessfulOutcome_element" };
	GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
	proto_s1ap = proto_get_id_by_filter_name("s1ap");
	proto_nas_eps = proto_get_id_by_filter_name("nas-eps");
	proto_gsmtap = proto_get_id_by_filter_name("gsmtap");
	nas_eps_plain = find_dissector("nas-eps_plain"); /* for the deciphered messages (esm_render.c) */
	if (proto_s1ap >= 0)
		g_array_append_val(wanted, proto_s1ap);
	if (proto_nas_eps >= 0)
		g_array_append_val(wanted, proto_nas_eps);
	if (proto_gsmtap >= 0)
		g_array_append_val(wanted, proto_gsmtap);
	resolve(&f_nas_ie, "s1ap.NAS_PDU", wanted);
	resolve(&f_nas_item, "s1ap.nAS_PDU", wanted);
	resolve(&f_mme, "s1ap.MME_UE_S1AP_ID", wanted);
	resolve(&f_enb, "s1ap.ENB_UE_S1AP_ID", wanted);
	resolve(&f_ie_id, "s1ap.id", wanted);
	resolve(&f_proc, "s1ap.procedureCode", wanted);
	for (int i = 0; i < 3; i++)
		resolve(&f_pdu[i], pdu_names[i], wanted);
	resolve(&f_erab, "s1ap.e_RAB_ID", wanted);
	resolve(&f_mmec, "s1ap.mMEC", wanted);
	resolve(&f_mtmsi, "s1ap.m_TMSI", wanted);
	resolve(&f_plmn, "s1ap.pLMNidentity", wanted);
	for (int g = 0; g < S1AP_CAUSE_GROUPS; g++) { /* track_event cause_group order */
		char name[32];
		snprintf(name, sizeof name, "s1ap.%s", s1ap_cause_groups[g]);
		resolve(&f_cause[g], name, wanted);
	}
	resolve_all(&f_rrc_nas, (const char *[]){ "lte-rrc.dedicatedInfoNAS", "lte-rrc.DedicatedInfoNAS", NULL }, wanted);
	resolve(&f_rrc_dl, "lte-rrc.DL_DCCH_Message_element", wanted);
	resolve(&f_rrc_ul, "lte-rrc.UL_DCCH_Message_element", wanted);
	resolve(&f_gsmtap_uplink, "gsmtap.uplink", wanted);
	set_postdissector_wanted_hfids(esm_handle, wanted);
}
