/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: tree items, fields, expert infos and the Info
 * column, built from the stored results only (never from tracker state), on
 * every pass. The decode subtree is the core's own walk (nas_walk) rendered
 * through a nas_sink; the plugin adds no protocol knowledge of its own.
 */
#include "esm_plugin.h"

#include <epan/column-utils.h>
#include <epan/tap.h>
#include <wsutil/str_util.h>
#include <wsutil/to_str.h>

#define WALK_DEPTH 24


/* ------------------------------------------------ the core's decode tree */

typedef struct {
	tvbuff_t *tvb;
	packet_info *pinfo;
	proto_tree *stack[WALK_DEPTH];
	proto_item *item[WALK_DEPTH];
	int depth;      /* stack[depth] is the current tree */
	int overflow;   /* opens beyond WALK_DEPTH, closed without a tree */
} walk_ctx;

/* The core gives offsets in the outer NAS PDU; a range outside the tvb (a core
 * bug or a truncated PDU) is shown without highlighting rather than throwing. */
static void clamp(const walk_ctx *w, uint32_t *off, uint32_t *len)
{
	guint cap = tvb_captured_length(w->tvb);
	if (*off > cap || *len > cap - *off) {
		*off = 0;
		*len = 0;
	}
}

static proto_tree *cur(walk_ctx *w) { return w->stack[w->depth]; }

static void w_open(void *ctx, const char *key _U_, const char *label, uint32_t off, uint32_t len)
{
	walk_ctx *w = ctx;
	if (w->depth + 1 >= WALK_DEPTH) {
		w->overflow++;
		return;
	}
	clamp(w, &off, &len);
	proto_item *ti = proto_tree_add_none_format(cur(w), hf_esm_node, w->tvb, (gint)off, (gint)len, "%s", label);
	w->depth++;
	w->item[w->depth] = ti;
	w->stack[w->depth] = proto_item_add_subtree(ti, ett_esm_node);
}

static void w_close(void *ctx)
{
	walk_ctx *w = ctx;
	if (w->overflow)
		w->overflow--;
	else if (w->depth > 0)
		w->depth--;
}

static void w_u64(void *ctx, const char *key _U_, const char *label, uint64_t v, const char *text,
                  uint32_t off, uint32_t len)
{
	walk_ctx *w = ctx;
	const char *sp = text && text[0] == '0' && text[1] == 'x' ? strchr(text, ' ') : NULL;
	if (!label) /* for JSON only */
		return;
	clamp(w, &off, &len);
	if (sp) /* "0xNN NAME": a coded value, shown as Wireshark shows one */
		proto_tree_add_uint64_format(cur(w), hf_esm_uint, w->tvb, (gint)off, (gint)len, v,
			"%s: %s (%.*s)", label, sp + 1, (int)(sp - text), text);
	else if (text)
		proto_tree_add_uint64_format(cur(w), hf_esm_uint, w->tvb, (gint)off, (gint)len, v,
			"%s: %s (%" PRIu64 ")", label, text, v);
	else
		proto_tree_add_uint64_format(cur(w), hf_esm_uint, w->tvb, (gint)off, (gint)len, v,
			"%s: %" PRIu64, label, v);
}

static void w_str(void *ctx, const char *key _U_, const char *label, const char *v, uint32_t off, uint32_t len)
{
	walk_ctx *w = ctx;
	if (!label) /* for JSON only */
		return;
	clamp(w, &off, &len);
	proto_tree_add_string_format(cur(w), hf_esm_str, w->tvb, (gint)off, (gint)len, v, "%s: %s", label, v);
}

static void w_bytes(void *ctx, const char *key _U_, const char *label, const uint8_t *p, uint32_t n, uint32_t off)
{
	walk_ctx *w = ctx;
	uint32_t len = n;
	clamp(w, &off, &len);
	/* bytes_to_str_maxlen() logs a CRITICAL for zero octets: say it as the text tree does */
	const char *hex = n ? bytes_to_str_maxlen(w->pinfo->pool, p, n, 48) : "(empty)";
	proto_tree_add_bytes_format(cur(w), hf_esm_bytes, w->tvb, (gint)off, (gint)len, p, "%s: %s", label, hex);
}

static void w_diag(void *ctx, const nas_diag *d)
{
	walk_ctx *w = ctx;
	uint32_t off = d->offset, len = 1;
	clamp(w, &off, &len);
	bool err = nas_diag_is_error(d->code);
	proto_item *ti = proto_tree_add_string_format(cur(w), hf_esm_diag, w->tvb, (gint)off, (gint)len,
		nas_diag_code_name(d->code), "Decoder %s: %s at octet %u%s%s", err ? "error" : "warning",
		nas_diag_code_name(d->code), d->offset, d->ie ? " in " : "", d->ie ? d->ie : "");
	proto_item_set_generated(ti);
	expert_add_info_format(w->pinfo, ti, err ? &ei_esm_decode_error : &ei_esm_decode_warn,
		"NAS decode %s: %s at octet %u%s%s", err ? "error" : "warning", nas_diag_code_name(d->code),
		d->offset, d->ie ? " in " : "", d->ie ? d->ie : "");
}

static const nas_sink tree_sink = { w_open, w_open, w_close, w_u64, w_str, w_bytes, w_diag };

/* ----------------------------------------- values worth a filterable field */

static proto_item *gen(proto_item *ti)
{
	proto_item_set_generated(ti);
	return ti;
}

/* esm.cause, esm.apn, esm.pdn_ipv4, esm.qci, esm.lbi, esm.t3396, esm.pco_id: read
 * with the core's typed decoders, each over the bytes of its IE. */
static void add_values(proto_tree *t, tvbuff_t *tvb, const nas_pdu *pdu, nas_dir dir)
{
	const esm_msg *m = &pdu->esm;
	if (!m->present || !m->def)
		return;
	for (unsigned i = 0; i < m->def->n_ies && i < NAS_MAX_IES; i++) {
		const nas_ie *ie = &m->ie[i];
		if (!ie->def)
			continue;
		gint off = (gint)ie->off, len = (gint)MAX(ie->len, 1);
		if ((guint)off >= tvb_captured_length(tvb) || (guint)(off + len) > tvb_captured_length(tvb))
			off = len = 0;
		switch (ie->def->type) {
		case NAS_IE_ESM_CAUSE:
			if (ie->v.len >= 1)
				proto_tree_add_uint(t, hf_esm_cause, tvb, off, len, ie->v.p[0]);
			break;
		case NAS_IE_APN: {
			char apn[NAS_APN_MAX];
			if (nas_decode_apn(ie->v, apn) == NAS_OK)
				proto_tree_add_string(t, hf_esm_apn, tvb, off, len, apn);
			break;
		}
		case NAS_IE_PDN_ADDRESS: {
			nas_pdn_address a;
			if (nas_decode_pdn_address(ie->v, &a) == NAS_OK && a.has_ipv4) {
				guint32 v4;
				memcpy(&v4, a.ipv4, 4); /* network order, as FT_IPv4 expects */
				proto_tree_add_ipv4(t, hf_esm_pdn_ipv4, tvb, off, len, v4);
			}
			break;
		}
		case NAS_IE_EPS_QOS: {
			nas_eps_qos q;
			if (nas_decode_eps_qos(ie->v, &q) == NAS_OK)
				proto_tree_add_uint(t, hf_esm_qci, tvb, off, len, q.qci);
			break;
		}
		case NAS_IE_EBI: /* the linked EPS bearer identity, a half-octet V IE */
			proto_tree_add_uint(t, hf_esm_lbi, tvb, off, len, ie->half);
			break;
		case NAS_IE_GPRS_TIMER3: { /* T3396 value / back-off timer value (9.9.3.16B) */
			nas_timer tm;
			if (nas_decode_gprs_timer3(ie->v, &tm) == NAS_OK) {
				if (tm.deactivated)
					proto_tree_add_uint_format_value(t, hf_esm_t3396, tvb, off, len, G_MAXUINT32,
						"deactivated");
				else
					proto_tree_add_uint(t, hf_esm_t3396, tvb, off, len,
						(guint32)MIN(tm.seconds, G_MAXUINT32 - 1));
			}
			break;
		}
		case NAS_IE_PCO:
		case NAS_IE_EPCO: {
			nas_pco_iter it;
			nas_pco_item item;
			if (nas_pco_begin(&it, ie->v, dir, ie->off + ie->len - ie->v.len) != NAS_OK)
				break;
			/* One esm.pco_id per container, at most 255 (a 253-octet PCO holds 84); the
			 * decode subtree below lists them all. */
			for (int k = 0; k < 255 && nas_pco_next(&it, &item); k++) {
				gint io = (gint)item.off;
				if ((guint)io >= tvb_captured_length(tvb))
					io = 0;
				proto_tree_add_uint_format_value(t, hf_esm_pco_id, tvb, io, io ? 2 : 0, item.id,
					"%s (0x%04x)", nas_pco_id_name(item.id, dir), item.id);
			}
			break;
		}
		default:
			break;
		}
	}
}

/* ------------------------------------------------------------ one result */

static void add_time(proto_tree *t, int hf, double secs)
{
	nstime_t ns;
	nstime_set_zero(&ns);
	if (secs > 0) {
		ns.secs = (time_t)secs;
		ns.nsecs = (int)((secs - (double)ns.secs) * 1e9 + 0.5);
		if (ns.nsecs >= 1000000000) {
			ns.secs++;
			ns.nsecs -= 1000000000;
		}
	}
	gen(proto_tree_add_time(t, hf, NULL, 0, 0, &ns));
}

static void add_str(proto_tree *t, int hf, const char *s)
{
	if (s)
		gen(proto_tree_add_string(t, hf, NULL, 0, 0, s));
}

/* Is anything of the decode wanted? Decoding again costs time, so skip it when
 * the tree is invisible and no decode field is filtered on or exported. */
static bool decode_wanted(proto_tree *tree)
{
	static int *const hfs[] = { &hf_esm_cause, &hf_esm_apn, &hf_esm_pdn_ipv4, &hf_esm_qci, &hf_esm_lbi,
		&hf_esm_pco_id, &hf_esm_t3396, &hf_esm_node, &hf_esm_uint, &hf_esm_str, &hf_esm_bytes, &hf_esm_diag,
		&hf_esm_emm_type, &hf_esm_sec_hdr };
	if (!tree)
		return false;
	if (PTREE_DATA(tree)->visible)
		return true;
	for (size_t i = 0; i < G_N_ELEMENTS(hfs); i++)
		if (proto_field_is_referenced(tree, *hfs[i]))
			return true;
	return false;
}

/* Does anyone read the findings' expert infos? Formatting them is most of
 * what a finding costs to show. The GUI (its status bar and Expert dialog
 * count them), a visible tree, an expert tap (-z expert), the Expert column,
 * or a filter or output field naming _ws.expert or the finding's own expert
 * field. Otherwise tshark -q, -T fields and filters on esm.* throw them away. */
static bool expert_wanted(proto_tree *tree, packet_info *pinfo, const esm_nas_result *r, const esm_finding *fs)
{
	static int in_gui = -1, expert_tap = -2, proto_expert = -2;
	if (in_gui < 0)
		in_gui = esm_report_in_gui();
	if (expert_tap == -2)
		expert_tap = find_tap_id("expert");
	if (proto_expert == -2)
		proto_expert = proto_get_id_by_filter_name("_ws.expert");
	if (in_gui || (tree && PTREE_DATA(tree)->visible) || (expert_tap >= 0 && have_tap_listener(expert_tap)))
		return true;
	if (pinfo->cinfo && col_get_text(pinfo->cinfo, COL_EXPERT))
		return true;
	if (!tree)
		return false;
	if (proto_expert >= 0 && proto_field_is_referenced(tree, proto_expert))
		return true;
	if (r->n_findings_dropped && proto_field_is_referenced(tree, ei_esm_findings_dropped.hf))
		return true;
	for (unsigned i = 0; i < r->n_findings; i++)
		if (fs[i].code < TRACK_F__COUNT && proto_field_is_referenced(tree, ei_esm_finding[fs[i].code].hf))
			return true;
	return false;
}

static void render_findings(proto_tree *t, packet_info *pinfo, const esm_nas_result *r, const esm_finding *fs,
                            proto_item *top)
{
	if (!r->n_findings && !r->n_findings_dropped)
		return;
	bool experts = expert_wanted(t, pinfo, r, fs);
	for (unsigned i = 0; i < r->n_findings; i++) {
		const esm_finding *f = &fs[i];
		const char *code = track_code_name(f->code);
		const char *clause = esm_str(f->clause), *text = esm_text(f->text);
		proto_item *fi = gen(proto_tree_add_string_format_value(t, hf_esm_finding, NULL, 0, 0, code,
			"%s (%s, %s)", code, track_severity_name(f->severity), clause ? clause : "-"));
		proto_tree *ft = proto_item_add_subtree(fi, ett_esm_finding);
		add_str(ft, hf_esm_finding_severity, track_severity_name(f->severity));
		add_str(ft, hf_esm_finding_clause, clause);
		add_str(ft, hf_esm_finding_text, text);
		if (f->related)
			gen(proto_tree_add_uint(ft, hf_esm_finding_related, NULL, 0, 0, f->related));
		if (experts && f->code < TRACK_F__COUNT)
			expert_add_info_format(pinfo, fi ? fi : top, &ei_esm_finding[f->code], "%s: %s (TS 24.301 %s)",
				code, text ? text : "", clause ? clause : "-");
	}
	if (experts && r->n_findings_dropped)
		expert_add_info_format(pinfo, top, &ei_esm_findings_dropped, "%u more findings not kept",
			r->n_findings_dropped);
}

/* The UE's name is an identity the capture showed (IMSI, GUTI, S-TMSI),
 * not its S1AP ids, which the frame shows anyway. */
static bool identity(const esm_nas_result *r)
{
	const esm_who_t *w = esm_who(r->who);
	return w->imsi || w->guti || (w->name && g_str_has_prefix(esm_text(w->name), "S-TMSI "));
}

/* Info column: [UE 3 IMSI 001010123456789 EBI 6 ACTIVE PENDING -> ACTIVE], [RETX 2 of frame 1234, T3485]. */
static void render_column(packet_info *pinfo, const esm_nas_result *r, const esm_finding *fs)
{
	if (!r->ue && !r->n_findings)
		return;
	/* No Info column to write (tshark -q, -T fields without _ws.col.Info): the
	 * text would be thrown away. col_get_text() is NULL for a column not shown. */
	if (!pinfo->cinfo || !col_get_writable(pinfo->cinfo, COL_INFO) || !col_get_text(pinfo->cinfo, COL_INFO))
		return;
	wmem_strbuf_t *b = wmem_strbuf_new(pinfo->pool, "[");
	if (r->ue)
		wmem_strbuf_append_printf(b, "UE %u", r->ue);
	if (r->ue && identity(r))
		wmem_strbuf_append_printf(b, " %s", esm_text(esm_who(r->who)->name));
	if (r->is_esm && r->ebi)
		wmem_strbuf_append_printf(b, " EBI %u", r->ebi);
	if (r->mme_before && r->mme_after && r->mme_before != r->mme_after)
		wmem_strbuf_append_printf(b, " %s -> %s", esm_str(r->mme_before), esm_str(r->mme_after));
	else if (r->ue_before && r->ue_after && r->ue_before != r->ue_after)
		wmem_strbuf_append_printf(b, " UE %s -> %s", esm_str(r->ue_before), esm_str(r->ue_after));
	wmem_strbuf_append_c(b, ']');
	if (r->retrans_count)
		wmem_strbuf_append_printf(b, " [RETX %u of frame %u%s%s]", r->retrans_count, r->retrans_of,
			r->timer != TRACK_TIMER_NONE ? ", " : "",
			r->timer != TRACK_TIMER_NONE ? track_timer_name(r->timer) : "");
	for (unsigned i = 0; i < r->n_findings; i++) {
		const esm_finding *f = &fs[i];
		if (f->severity >= TRACK_SEV_WARN)
			wmem_strbuf_append_printf(b, " [%s]", track_code_name(f->code));
	}
	if (r->duplicate)
		wmem_strbuf_append(b, " [duplicate copy]");
	col_append_sep_str(pinfo->cinfo, COL_INFO, " ", wmem_strbuf_get_str(b));
}

/* NAS security: esm.integrity with the COUNT, algorithm and reason under it,
 * esm.deciphered. */
static void render_security(proto_tree *t, const esm_nas_result *r)
{
	if (r->integrity == TRACK_INT_NONE)
		return;
	const char *v = track_integrity_name(r->integrity), *why = esm_text(r->sec_why);
	proto_item *ii = r->count_known
		? proto_tree_add_string_format_value(t, hf_esm_integrity, NULL, 0, 0, v, "%s (COUNT %u, %s)", v,
		                                     r->nas_count, nas_eia_name(r->eia))
		: proto_tree_add_string(t, hf_esm_integrity, NULL, 0, 0, v);
	gen(ii);
	proto_tree *it = proto_item_add_subtree(ii, ett_esm_integrity);
	if (r->count_known) {
		gen(proto_tree_add_uint(it, hf_esm_integrity_count, NULL, 0, 0, r->nas_count));
		add_str(it, hf_esm_integrity_alg, nas_eia_name(r->eia));
	}
	add_str(it, hf_esm_integrity_reason, why);
	if (r->deciphered)
		gen(proto_tree_add_uint_format_value(t, hf_esm_deciphered, NULL, 0, 0, 1, "Yes (%s)",
		                                     nas_eea_name(r->eea)));
}

/* The deciphered PDU (header as captured, message deciphered) as the data
 * source "Deciphered NAS", its message dissected by Wireshark's own NAS-EPS
 * dissector when a tree shows it or a filter names nas-eps fields. NULL
 * when there is nothing to show. */
static tvbuff_t *deciphered_source(tvbuff_t *tvb, tvbuff_t *nt, packet_info *pinfo, proto_tree *tree,
                                   const esm_nas_result *r)
{
	if (!r->deciphered || !nt || !tree || !esm_tracker())
		return NULL;
	uint8_t *plain = wmem_alloc(pinfo->pool, r->len);
	if (!track_decipher(esm_tracker(), r->sec_ctx, r->nas_count, r->dir, tvb_get_ptr(nt, 0, r->len), r->len,
	                    plain))
		return NULL;
	tvbuff_t *dt = tvb_new_child_real_data(tvb, plain, r->len, r->len);
	add_new_data_source(pinfo, dt, "Deciphered NAS");
	dissector_handle_t h = esm_nas_eps_plain();
	if (h && r->len > 6 &&
	    (PTREE_DATA(tree)->visible || proto_field_is_referenced(tree, esm_proto_nas_eps()))) {
		/* the direction NAS-EPS reads for direction-dependent codings (PCO) */
		int saved = pinfo->link_dir;
		pinfo->link_dir = r->dir == NAS_UPLINK ? P2P_DIR_UL : r->dir == NAS_DOWNLINK ? P2P_DIR_DL : P2P_DIR_UNKNOWN;
		call_dissector(h, tvb_new_subset_remaining(dt, 6), pinfo, tree);
		pinfo->link_dir = saved;
	}
	return dt;
}

static void render_one(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const esm_nas_result *r,
                       const esm_finding *fs)
{
	tvbuff_t *nt = NULL;
	if (r->len) {
		const uint8_t *copy = r->off == ESM_OFF_COPY ? esm_nas_copy(pinfo->num, r->index) : NULL;
		if (copy) {
			nt = tvb_new_child_real_data(tvb, copy, r->len, r->len);
			add_new_data_source(pinfo, nt, "NAS-PDU");
		} else if (r->off != ESM_OFF_COPY && (guint64)r->off + r->len <= tvb_captured_length(tvb)) {
			nt = tvb_new_subset_length(tvb, (gint)r->off, (gint)r->len);
		}
	}
	render_column(pinfo, r, fs);

	proto_item *top = proto_tree_add_item(tree, proto_esm, nt, 0, nt ? -1 : 0, ENC_NA);
	proto_item_append_text(top, ": %s", r->is_esm ? nas_esm_msg_name(r->msg_type)
		: r->len ? "NAS without ESM content" : "S1AP event");
	if (r->ue)
		proto_item_append_text(top, ", UE %u", r->ue);
	if (r->ue && identity(r))
		proto_item_append_text(top, " (%s)", esm_text(esm_who(r->who)->name));
	if (r->proc)
		proto_item_append_text(top, ", %s", esm_str(r->proc));
	proto_tree *t = proto_item_add_subtree(top, ett_esm);

	/* The tracker's view. */
	if (r->ue) {
		proto_item *ui = proto_tree_add_uint(t, hf_esm_ue, NULL, 0, 0, r->ue);
		if (esm_who(r->who)->name)
			proto_item_append_text(ui, " (%s)", esm_text(esm_who(r->who)->name));
		gen(ui);
	}
	if (esm_who(r->who)->imsi)
		add_str(t, hf_esm_imsi, esm_text(esm_who(r->who)->imsi));
	if (esm_who(r->who)->guti)
		add_str(t, hf_esm_guti, esm_text(esm_who(r->who)->guti));
	if (r->is_esm)
		gen(proto_tree_add_uint(t, hf_esm_msg_type, NULL, 0, 0, r->msg_type));
	if (r->is_esm || r->ebi) /* an EMM message may concern one bearer (status IE) */
		gen(proto_tree_add_uint(t, hf_esm_ebi, NULL, 0, 0, r->ebi));
	if (r->is_esm)
		gen(proto_tree_add_uint(t, hf_esm_pti, NULL, 0, 0, r->pti));
	add_str(t, hf_esm_proc, esm_str(r->proc));
	add_str(t, hf_esm_mme_state_before, esm_str(r->mme_before));
	add_str(t, hf_esm_mme_state_after, esm_str(r->mme_after));
	add_str(t, hf_esm_ue_state_before, esm_str(r->ue_before));
	add_str(t, hf_esm_ue_state_after, esm_str(r->ue_after));
	if (r->response_to) {
		gen(proto_tree_add_uint(t, hf_esm_response_to, NULL, 0, 0, r->response_to));
		add_time(t, hf_esm_response_time, r->response_time);
	}
	if (r->response_in)
		gen(proto_tree_add_uint(t, hf_esm_response_in, NULL, 0, 0, r->response_in));
	if (r->is_esm || r->retrans_count)
		gen(proto_tree_add_uint(t, hf_esm_retrans_count, NULL, 0, 0, r->retrans_count));
	if (r->retrans_of)
		gen(proto_tree_add_uint(t, hf_esm_retrans_of, NULL, 0, 0, r->retrans_of));
	if (r->timer != TRACK_TIMER_NONE && track_timer_name(r->timer)) {
		add_str(t, hf_esm_timer, track_timer_name(r->timer));
		gen(proto_tree_add_uint(t, hf_esm_timer_expiries, NULL, 0, 0, r->timer_expiries));
	}
	if (r->backoff) /* a second esm.timer: the UE starts T3396 with the value the message gives */
		add_str(t, hf_esm_timer, track_timer_name(TRACK_T3396));
	if (r->ciphered)
		gen(proto_tree_add_uint(t, hf_esm_ciphered, NULL, 0, 0, 1));
	render_security(t, r);
	if (r->duplicate)
		gen(proto_tree_add_uint(t, hf_esm_duplicate, NULL, 0, 0, 1));
	render_findings(t, pinfo, r, fs, top);

	/* Where the NAS came from. */
	gen(proto_tree_add_uint(t, hf_esm_source, NULL, 0, 0, r->source));
	gen(proto_tree_add_uint(t, hf_esm_nas_index, NULL, 0, 0, r->index));
	if (r->len) {
		gen(proto_tree_add_uint(t, hf_esm_dir, NULL, 0, 0, r->dir));
		add_str(t, hf_esm_dir_source, nas_dir_from_name(esm_dir_from(r)));
	}
	if (r->s1ap_proc >= 0)
		gen(proto_tree_add_uint(t, hf_esm_s1ap_proc, NULL, 0, 0, (guint32)r->s1ap_proc));
	if (r->has_mme)
		gen(proto_tree_add_uint(t, hf_esm_mme_ue_id, NULL, 0, 0, r->mme_ue_id));
	if (r->has_enb)
		gen(proto_tree_add_uint(t, hf_esm_enb_ue_id, NULL, 0, 0, r->enb_ue_id));
	if (r->erab_id >= 0)
		gen(proto_tree_add_uint(t, hf_esm_erab_id, NULL, 0, 0, (guint32)r->erab_id));

	/* A deciphered message: its own data source, then the decode below reads it. */
	tvbuff_t *dt = deciphered_source(tvb, nt, pinfo, tree, r);
	if (dt)
		nt = dt;

	/* The core's decode: values as fields, then the whole walk. */
	if (nt && decode_wanted(tree)) {
		nas_pdu pdu;
		nas_opts opts = { .try_ciphered_as_plain = esm_prefs.assume_eea0, .deciphered = dt != NULL };
		nas_decode(tvb_get_ptr(nt, 0, (gint)r->len), r->len, (nas_dir)r->dir_hint, &opts, &pdu);
		if (esm_dir_from(r) == NAS_DIR_FROM_STATE) { /* the tracker settled it: show its direction */
			pdu.dir = (nas_dir)r->dir;
			pdu.dir_from = NAS_DIR_FROM_STATE;
		}
		if (pdu.sec_hdr)
			proto_tree_add_uint(t, hf_esm_sec_hdr, nt, 0, 1, pdu.sec_hdr);
		if (pdu.is_emm && pdu.emm_type)
			proto_tree_add_uint(t, hf_esm_emm_type, nt, (gint)MIN(pdu.inner_off + 1, r->len - 1), 1,
				pdu.emm_type);
		add_values(t, nt, &pdu, (nas_dir)r->dir);
		proto_item *di = proto_tree_add_none_format(t, hf_esm_node, nt, 0, -1, "NAS decode (esmtrace core)");
		walk_ctx w = { .tvb = nt, .pinfo = pinfo, .depth = 0 };
		w.stack[0] = proto_item_add_subtree(di, ett_esm_decode);
		nas_walk(&pdu, &tree_sink, &w);
	}
}

void esm_render_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const esm_frame_result *fr)
{
	for (uint32_t i = 0; i < fr->n; i++)
		render_one(tvb, pinfo, tree, &fr->nas[i], esm_nas_findings(fr, i));
	if (fr->capped)
		expert_add_info(pinfo, NULL, &ei_esm_capped);
}
