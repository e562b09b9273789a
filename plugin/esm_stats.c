/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: the statistics tables, in tshark (-z esm,bearers,
 * -z esm,procedures, -z esm,triage, -z esm,direction) and in the GUI's
 * Statistics menu.
 *
 * The rows are the tracker's own query tables (track_bearers, track_procs, the
 * direction counters of track_get_counters) and,
 * for triage, the findings the frames show plus those of track_finish, so the
 * plugin computes nothing itself. They can only be
 * complete once the capture has ended: pending procedures and aborts without a
 * later frame are known at track_finish(). tshark has no end-of-capture hook
 * for a table, but tap listeners are drawn head first and a listener added
 * while packets are tapped goes to the head; so the first tapped packet
 * registers a "finisher" listener whose draw finishes the tracker and fills
 * the tables just before the table listeners print them.
 */
#include "esm_plugin.h"

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

/* ---------------------------------------------------------------- tables */

enum { B_UE, B_NAME, B_KEY, B_EBI, B_KIND, B_LBI, B_APN, B_ADDR, B_QCI, B_ACT_FRAME, B_ACT_TIME, B_DEACT_FRAME,
	B_DEACT_TIME, B_RESENDS, B_STATE, B_ENDED, B__N };
static stat_tap_table_item bearer_fields[B__N] = {
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "UE", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "UE name", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "UE context", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "EBI", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Bearer", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Linked EBI", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "APN", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "PDN address", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "QCI", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Activated frame", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Activated at (s)", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Deactivated frame", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Deactivated at (s)", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Resends", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Final state", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Ended", "%s" },
};

/* Clause first: the GUI sorts by the first column, and clause order is the spec's order. */
enum { P_CLAUSE, P_PROC, P_STARTED, P_OK, P_REJ, P_REJ_CAUSE, P_ABORT, P_PENDING, P_RESENDS, P_RT_MIN, P_RT_MEAN,
	P_RT_MAX, P__N };
static stat_tap_table_item proc_fields[P__N] = {
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Clause", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Procedure", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Started", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Succeeded", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Rejected", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Rejected by ESM cause", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Aborted", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Pending", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Resends", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Response min (ms)", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Response mean (ms)", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Response max (ms)", "%s" },
};

/* The GUI sorts a table by its first column: a row number keeps "most severe first".
 * The UE's name comes last: scripts read the columns before it by position. */
enum { T_NO, T_SEV, T_CODE, T_UE, T_FRAME, T_TIME, T_EBI, T_PTI, T_PROC, T_CLAUSE, T_TEXT, T_NAME, T__N };
static stat_tap_table_item triage_fields[T__N] = {
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "No.", "%u" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Severity", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Finding", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "UE", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Frame", "%u" },
	{ TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Time (s)", "%.3f" }, /* a number: no text per row, sorts as one */
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "EBI", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "PTI", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Procedure", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Clause", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Text", "%s" },
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "UE name", "%s" },
};

/* The source's direction against the message's (nas_dir_from), per source. */
enum { D_SOURCE, D_NAS, D_NO_HINT, D_OVERRULED, D_BY_MESSAGE, D_BY_DECODE, D_BY_STATE, D_UNKNOWN, D__N };
static stat_tap_table_item dir_fields[D__N] = {
	{ TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Source", "%s" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "NAS messages", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "No direction given", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Direction overruled", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "by the message table", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "by the decode", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "by the tracker's state", "%u" },
	{ TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Direction unknown", "%u" },
};

static stat_tap_table_ui bearers_ui, procs_ui, triage_ui, dir_ui;

/* ------------------------------------------------------------- row helpers */

static stat_tap_table_item_type u(guint v)
{
	stat_tap_table_item_type it = { .type = TABLE_ITEM_UINT };
	it.value.uint_value = v;
	return it;
}

static stat_tap_table_item_type fl(double v)
{
	stat_tap_table_item_type it = { .type = TABLE_ITEM_FLOAT };
	it.value.float_value = v;
	return it;
}

/* A string the row owns (user_data 1: free_item frees it). */
static stat_tap_table_item_type s(const char *v)
{
	stat_tap_table_item_type it = { .type = TABLE_ITEM_STRING };
	it.value.string_value = g_strdup(v ? v : "");
	it.user_data.uint_value = 1;
	return it;
}

/* A static string (names from the core and the tracker): shared, never freed.
 * Big triage tables have hundreds of thousands of rows. */
static stat_tap_table_item_type st(const char *v)
{
	stat_tap_table_item_type it = { .type = TABLE_ITEM_STRING };
	it.value.string_value = v ? v : "";
	return it;
}

static stat_tap_table_item_type sf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static stat_tap_table_item_type sf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stat_tap_table_item_type it = { .type = TABLE_ITEM_STRING };
	it.value.string_value = g_strdup_vprintf(fmt, ap);
	it.user_data.uint_value = 1;
	va_end(ap);
	return it;
}

/* "0".."255" as static strings (EBI and PTI columns). */
static const char *octet_str(uint8_t v)
{
	static char text[256][4];
	if (!text[v][0])
		snprintf(text[v], sizeof text[v], "%u", v);
	return text[v];
}

static void free_item(stat_tap_table *t _U_, guint row _U_, guint col _U_, stat_tap_table_item_type *f)
{
	if (f->type == TABLE_ITEM_STRING && f->user_data.uint_value) {
		g_free((char *)f->value.string_value);
		f->value.string_value = NULL;
		f->user_data.uint_value = 0;
	}
}

/* Drop every row (the tables are refilled from the tracker). */
static void clear_table(stat_tap_table *t)
{
	for (guint r = 0; r < t->num_elements; r++) {
		for (guint c = 0; c < t->num_fields; c++)
			free_item(t, r, c, &t->elements[r][c]);
		g_free(t->elements[r]);
	}
	g_free(t->elements);
	t->elements = NULL;
	t->num_elements = 0;
}

static void clear_rows(stat_tap_table_ui *ui)
{
	for (guint i = 0; ui->tables && i < ui->tables->len; i++)
		clear_table(g_array_index(ui->tables, stat_tap_table *, i));
}

/* Allocate all rows at once: stat_tap_init_table_row grows the table one row at
 * a time otherwise, and a triage table can have hundreds of thousands. */
static void presize(stat_tap_table *t, guint rows)
{
	if (rows > t->num_elements) {
		stat_tap_table_item_type blank[T__N + B__N + P__N + D__N];
		memset(blank, 0, sizeof blank);
		stat_tap_init_table_row(t, rows - 1, t->num_fields, blank);
	}
}

static stat_tap_table *first_table(stat_tap_table_ui *ui)
{
	return ui->tables && ui->tables->len ? g_array_index(ui->tables, stat_tap_table *, 0) : NULL;
}

static void frame_text(stat_tap_table_item_type *it, uint64_t id, bool known)
{
	*it = known ? sf("%u", ESM_FRAME_NUM(id)) : s("");
}

static void fill_bearers(track *tr)
{
	stat_tap_table *t = first_table(&bearers_ui);
	if (!t)
		return;
	size_t n;
	const track_bearer_row *b = track_bearers(tr, &n);
	presize(t, (guint)n);
	stat_tap_table_item_type row[B__N];
	for (size_t i = 0; i < n; i++) {
		row[B_UE] = u(b[i].ue);
		row[B_NAME] = s(b[i].ue_name);
		row[B_KEY] = s(b[i].ue_key);
		row[B_EBI] = u(b[i].ebi);
		row[B_KIND] = s(b[i].is_default ? "default" : "dedicated");
		row[B_LBI] = b[i].linked_ebi ? sf("%u", b[i].linked_ebi) : s("");
		row[B_APN] = s(b[i].apn);
		row[B_ADDR] = s(b[i].addr);
		row[B_QCI] = b[i].qci ? sf("%u", b[i].qci) : s("");
		frame_text(&row[B_ACT_FRAME], b[i].activated_frame, b[i].activated);
		row[B_ACT_TIME] = b[i].activated ? sf("%.3f", b[i].activated_time) : s("");
		frame_text(&row[B_DEACT_FRAME], b[i].deactivated_frame, b[i].deactivated);
		row[B_DEACT_TIME] = b[i].deactivated ? sf("%.3f", b[i].deactivated_time) : s("");
		row[B_RESENDS] = u(b[i].resends);
		row[B_STATE] = s(b[i].final_state);
		row[B_ENDED] = s(b[i].how_ended);
		stat_tap_init_table_row(t, (guint)i, B__N, row);
	}
}

static void fill_procs(track *tr)
{
	stat_tap_table *t = first_table(&procs_ui);
	if (!t)
		return;
	size_t n;
	const track_proc_stats *p = track_procs(tr, &n);
	stat_tap_table_item_type row[P__N];
	for (size_t i = 0; i < n; i++) {
		GString *causes = g_string_new(NULL);
		for (int c = 0; c < 256; c++)
			if (p[i].rejected_by_cause[c])
				g_string_append_printf(causes, "%s#%d %s x%u", causes->len ? ", " : "", c,
					nas_esm_cause_name((uint8_t)c), p[i].rejected_by_cause[c]);
		row[P_PROC] = s(p[i].proc);
		row[P_CLAUSE] = s(p[i].clause);
		row[P_STARTED] = u(p[i].started);
		row[P_OK] = u(p[i].succeeded);
		row[P_REJ] = u(p[i].rejected);
		row[P_REJ_CAUSE] = s(causes->str);
		row[P_ABORT] = u(p[i].aborted);
		row[P_PENDING] = u(p[i].pending);
		row[P_RESENDS] = u(p[i].resends);
		row[P_RT_MIN] = p[i].n_rt ? sf("%.1f", p[i].rt_min * 1e3) : s("");
		row[P_RT_MEAN] = p[i].n_rt ? sf("%.1f", p[i].rt_mean * 1e3) : s("");
		row[P_RT_MAX] = p[i].n_rt ? sf("%.1f", p[i].rt_max * 1e3) : s("");
		g_string_free(causes, TRUE);
		stat_tap_init_table_row(t, (guint)i, P__N, row);
	}
}

static void fill_dir(track *tr)
{
	static const char *const names[TRACK_SRC__COUNT] = { "other", "S1AP NAS-PDU", "LTE RRC dedicatedInfoNAS",
		"GSMTAP LTE NAS (modem log)" };
	stat_tap_table *t = first_table(&dir_ui);
	if (!t)
		return;
	track_counters c;
	track_get_counters(tr, &c);
	stat_tap_table_item_type row[D__N];
	guint n = 0;
	for (int i = 0; i < TRACK_SRC__COUNT; i++) {
		const track_dir_counts *d = &c.dir[i];
		if (!d->nas)
			continue;
		row[D_SOURCE] = st(names[i]);
		row[D_NAS] = u(d->nas);
		row[D_NO_HINT] = u(d->no_hint);
		row[D_OVERRULED] = u(d->overruled);
		row[D_BY_MESSAGE] = u(d->by_message);
		row[D_BY_DECODE] = u(d->by_decode);
		row[D_BY_STATE] = u(d->by_state);
		row[D_UNKNOWN] = u(d->unknown);
		stat_tap_init_table_row(t, n++, D__N, row);
	}
}

static bool triage_frame_passed(uint32_t num);

/* One triage row before sorting: where its finding is (12 octets; a big
 * capture has hundreds of thousands). */
typedef struct {
	uint32_t frame;
	uint32_t at;          /* index into esm_finding_frames(), or TRIAGE_AT_END | index into esm_finish_findings() */
	uint8_t severity;
	uint8_t nas, finding; /* which result of the frame, which of its findings */
} triage_ref;
#define TRIAGE_AT_END 0x80000000u

static gint cmp_triage(gconstpointer a, gconstpointer b)
{
	const triage_ref *x = a, *y = b;
	if (x->severity != y->severity) /* most severe first */
		return x->severity > y->severity ? -1 : 1;
	/* then capture order; GLib's sort is stable, so ties keep production order */
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

/* Findings come from the stored results (the same ones every frame shows) and
 * from track_finish for what only the end of the capture reveals. */
static void fill_triage(void)
{
	stat_tap_table *t = first_table(&triage_ui);
	const GArray *frames = esm_finding_frames(), *fin = esm_finish_findings();
	if (!t || !frames || !fin)
		return;
	guint n = fin->len;
	for (guint i = 0; i < frames->len; i++) {
		const esm_frame_result *fr = esm_frame(g_array_index(frames, esm_finding_frame, i).frame);
		n += fr ? fr->n_findings : 0;
	}
	GArray *refs = g_array_sized_new(FALSE, FALSE, sizeof(triage_ref), n);
	for (guint i = 0; i < frames->len; i++) {
		const esm_finding_frame *ff = &g_array_index(frames, esm_finding_frame, i);
		const esm_frame_result *fr = triage_frame_passed(ff->frame) ? esm_frame(ff->frame) : NULL;
		for (uint32_t k = 0; fr && k < fr->n; k++) {
			const esm_finding *fs = esm_nas_findings(fr, k);
			for (unsigned j = 0; j < fr->nas[k].n_findings; j++) {
				triage_ref x = { ff->frame, i, fs[j].severity, (uint8_t)k, (uint8_t)j };
				g_array_append_val(refs, x);
			}
		}
	}
	for (guint i = 0; i < fin->len && i < TRIAGE_AT_END; i++) {
		const esm_finish_finding *e = &g_array_index(fin, esm_finish_finding, i);
		if (!triage_frame_passed(e->frame))
			continue;
		triage_ref x = { e->frame, TRIAGE_AT_END | i, e->f.severity, 0, 0 };
		g_array_append_val(refs, x);
	}
	g_array_sort(refs, cmp_triage);
	presize(t, refs->len);
	stat_tap_table_item_type row[T__N];
	for (guint i = 0; i < refs->len; i++) {
		const triage_ref *x = &g_array_index(refs, triage_ref, i);
		const esm_finding *f;
		uint32_t ue;
		double time;
		uint8_t ebi, pti, proc;
		bool at_end = x->at & TRIAGE_AT_END;
		if (at_end) {
			const esm_finish_finding *e = &g_array_index(fin, esm_finish_finding, x->at & ~TRIAGE_AT_END);
			f = &e->f;
			ue = e->ue, time = e->time, ebi = e->ebi, pti = e->pti, proc = e->proc;
		} else {
			const esm_finding_frame *ff = &g_array_index(frames, esm_finding_frame, x->at);
			const esm_frame_result *fr = esm_frame(ff->frame);
			const esm_nas_result *r = &fr->nas[x->nas];
			f = &esm_nas_findings(fr, x->nas)[x->finding];
			ue = r->ue, time = ff->time, ebi = r->ebi, pti = r->pti, proc = f->proc ? f->proc : r->proc;
		}
		row[T_NO] = u(i + 1);
		row[T_SEV] = st(track_severity_name(f->severity));
		row[T_CODE] = st(track_code_name(f->code));
		row[T_UE] = u(ue);
		row[T_FRAME] = u(x->frame);
		row[T_TIME] = fl(time);
		row[T_EBI] = st(ebi ? octet_str(ebi) : "");
		row[T_PTI] = st(pti ? octet_str(pti) : "");
		row[T_PROC] = st(esm_str(proc));
		row[T_CLAUSE] = st(esm_str(f->clause));
		/* The texts live until the capture closes, as the table's rows do
		 * (a new capture resets the table first): shared, not copied. */
		const char *text = esm_text(f->text);
		row[T_TEXT] = at_end ? sf("%s (at capture end)", text ? text : "") : st(text);
		/* the UE as the whole capture showed it (IMSI, else GUTI or S-TMSI, else S1AP ids) */
		row[T_NAME] = st(esm_text(esm_ue_name(ue)));
		stat_tap_init_table_row(t, i, T__N, row);
	}
	g_array_free(refs, TRUE);
}

/* ------------------------------------------------------------- finisher */

static int finisher_anchor;          /* tapdata identity of the finisher listener */
static bool finisher_registered;
static bool finisher_at_head;        /* registered after the newest table listener */

static void finisher_draw(void *tapdata _U_)
{
	track *tr = esm_tracker();
	if (!tr || !esm_tracker_finish())
		return;
	stat_tap_table_ui *uis[] = { &bearers_ui, &procs_ui, &triage_ui, &dir_ui };
	for (size_t i = 0; i < G_N_ELEMENTS(uis); i++)
		clear_rows(uis[i]);
	fill_bearers(tr);
	fill_procs(tr);
	fill_triage();
	fill_dir(tr);
}

static void ensure_finisher(void)
{
	if (finisher_at_head)
		return;
	if (finisher_registered)
		remove_tap_listener(&finisher_anchor);
	GString *err = register_tap_listener("esm", &finisher_anchor, NULL, TL_IS_DISSECTOR_HELPER, NULL, NULL,
		finisher_draw, NULL);
	if (err) {
		g_string_free(err, TRUE);
		return;
	}
	finisher_registered = true;
	finisher_at_head = true;
}

static tap_packet_status table_packet(void *tapdata _U_, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data _U_, tap_flags_t flags _U_)
{
	ensure_finisher();
	return TAP_PACKET_REDRAW;
}

/* Frames that passed the triage table's filter (-z esm,triage,FILTER), one bit
 * each: the triage rows are those of these frames. The bearer and procedure
 * tables are the tracker's whole-capture view and take no filter. */
static GByteArray *triage_frames;

static tap_packet_status triage_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt,
                                       const void *data, tap_flags_t flags)
{
	guint byte = pinfo->num / 8;
	if (!triage_frames)
		triage_frames = g_byte_array_new();
	if (triage_frames->len <= byte) {
		guint old = triage_frames->len;
		g_byte_array_set_size(triage_frames, MAX(byte + 1, old * 2));
		memset(triage_frames->data + old, 0, triage_frames->len - old);
	}
	triage_frames->data[byte] |= (guint8)(1u << (pinfo->num % 8));
	return table_packet(tapdata, pinfo, edt, data, flags);
}

static bool triage_frame_passed(uint32_t num)
{
	return triage_frames && num / 8 < triage_frames->len && (triage_frames->data[num / 8] >> (num % 8)) & 1;
}

static void table_init(stat_tap_table_ui *ui)
{
	finisher_at_head = false; /* a new table listener is about to go ahead of it */
	if (ui == &triage_ui && triage_frames)
		g_byte_array_set_size(triage_frames, 0);
	if (stat_tap_find_table(ui, ui->title))
		return;
	stat_tap_table *t = stat_tap_init_table(ui->title, (int)ui->nfields, 0, NULL);
	stat_tap_add_table(ui, t);
}

static void table_reset(stat_tap_table *t)
{
	clear_table(t);
	if (t->title && strcmp(t->title, triage_ui.title) == 0 && triage_frames)
		g_byte_array_set_size(triage_frames, 0);
}

void esm_stats_register(void)
{
	bearers_ui = (stat_tap_table_ui){ ESM_STAT_GROUP, "ESM bearers", "esm", "esm,bearers",
		table_init, table_packet, table_reset, free_item, NULL, B__N, bearer_fields, 0, NULL, NULL, 0 };
	procs_ui = (stat_tap_table_ui){ ESM_STAT_GROUP, "ESM procedures", "esm", "esm,procedures",
		table_init, table_packet, table_reset, free_item, NULL, P__N, proc_fields, 0, NULL, NULL, 0 };
	triage_ui = (stat_tap_table_ui){ ESM_STAT_GROUP, "ESM triage", "esm", "esm,triage",
		table_init, triage_packet, table_reset, free_item, NULL, T__N, triage_fields, 0, NULL, NULL, 0 };
	dir_ui = (stat_tap_table_ui){ ESM_STAT_GROUP, "ESM direction", "esm", "esm,direction",
		table_init, table_packet, table_reset, free_item, NULL, D__N, dir_fields, 0, NULL, NULL, 0 };
	register_stat_tap_table_ui(&bearers_ui);
	register_stat_tap_table_ui(&procs_ui);
	register_stat_tap_table_ui(&triage_ui);
	register_stat_tap_table_ui(&dir_ui);
}
