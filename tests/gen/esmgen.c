/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmgen: scenario file (tests/gen/FORMAT.md) -> pcapng capture of S1AP over
 * SCTP, plus the scenario's expectations as JSON lines with labels resolved to
 * frame numbers. --scale writes a large synthetic capture for benchmarks.
 *
 * Everything is deterministic: the same input gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "gen.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- scenario state */

#define MAX_NODES 64

typedef struct {
	char name[32];
	s1_enb e;
	int index;
} enb_node;

typedef struct {
	char name[32];
	s1_mme m;
} mme_node;

typedef struct {
	int enb, mme;
	uint32_t tsn[2];           /* [0] eNB->MME, [1] MME->eNB */
	uint16_t ssn[2][2];        /* [dir][stream] */
} assoc;

typedef struct {
	uint32_t key;              /* MME-UE-S1AP-ID, or eNB id + 2^32 marker below */
	bool by_enb;
	uint32_t sqn[2];           /* NAS counts: uplink, downlink */
} ue_ctr;

/* One NAS message of the capture, for --expect. */
typedef struct {
	int frame, msg_no, nas_index, line;
	char *label;
	char *assoc;
	bool has_mme, has_enb;
	uint32_t mme_id, enb_id;
	int dir, proc_code, erab;
	char *nas, *esm;
	bool is_esm;
	int ebi, pti;
	const char *s1ap;
	bool ue_assoc;
	int sec;
	bool crafted;
	int esm_cause, emm_cause;
	uint8_t erabs[S1_MAX_ITEMS * 4]; /* every E-RAB id of the S1AP message, filled when it is encoded */
	int n_erabs;
	char *expect; /* the expect line's tokens, re-joined; NULL if none */
	int expect_line;
	/* UE-side lines (FORMAT.md 3.3): the carrier ("nas-log", "rrc"), NULL for S1AP; the
	 * GSMTAP uplink flag written; the NAS words and sequence number, for copies (same=) */
	const char *carrier;
	int flag;
	char **words;
	int n_words;
	uint8_t sqn;
	size_t esm_off, esm_len;
} nas_rec;

typedef struct {
	char *text;
	int line;
} finish_rec;

static enb_node enbs[MAX_NODES];
static mme_node mmes[MAX_NODES];
static int n_enbs, n_mmes;
static assoc *assocs;
static int n_assocs;
static ue_ctr *ues;
static int n_ues;
static nas_rec *recs;
static int n_recs;
static finish_rec *fins;
static int n_fins;
static nas_sec default_sec = SEC_PLAIN;
static int default_flag;       /* UE-side: GSMTAP uplink flag, 0 = the message's direction, 1 ul, 2 dl,
                                  3 the opposite of the message's direction */
static uint32_t ue_side_sqn[2]; /* UE-side: the one UE's NAS counts, uplink and downlink */

/* Subscribers (FORMAT.md 5.1) and the S1 contexts linked to them: a line's
 * NAS is the subscriber's when its MME-UE-S1AP-ID or eNB-UE-S1AP-ID on its
 * association is linked (sub= on a NAS message links them). */
static gen_sub subs[MAX_NODES];
static int n_subs;
typedef struct {
	int assoc, sub;
	bool mme;
	uint32_t id;
} sub_link;
static sub_link *links;
static int n_links;


/* The message being assembled and the packet it goes into. */
static s1_msg cur;
static bool cur_open;
static int cur_assoc;
static uint64_t cur_t;
static int frame_no;
static buf pkt_msgs[S1_MAX_ITEMS * 4];
static sctp_chunk pkt_chunks[S1_MAX_ITEMS * 4];
static int pkt_n, pkt_assoc;
static bool pkt_up;
static uint64_t pkt_t;
static pcapw *out_w;
static int frame_nas_count;
static int cur_first_rec;
static int msg_no;

static int find_enb(const char *n)
{
	for (int i = 0; i < n_enbs; i++)
		if (strcmp(enbs[i].name, n) == 0)
			return i;
	return -1;
}

static int find_mme(const char *n)
{
	for (int i = 0; i < n_mmes; i++)
		if (strcmp(mmes[i].name, n) == 0)
			return i;
	return -1;
}

static int get_assoc(int e, int m)
{
	for (int i = 0; i < n_assocs; i++)
		if (assocs[i].enb == e && assocs[i].mme == m)
			return i;
	assocs = xrealloc(assocs, sizeof(*assocs) * (size_t)(n_assocs + 1));
	memset(&assocs[n_assocs], 0, sizeof(assoc));
	assocs[n_assocs].enb = e;
	assocs[n_assocs].mme = m;
	/* Initial TSNs differ per association, as after a real INIT exchange. */
	assocs[n_assocs].tsn[0] = 1000u * (uint32_t)(n_assocs + 1);
	assocs[n_assocs].tsn[1] = 5000u * (uint32_t)(n_assocs + 1);
	return n_assocs++;
}

static uint32_t *ue_sqn(bool has_mme, uint32_t mme_id, uint32_t enb_id)
{
	/* NAS counts follow the UE; key it by the MME id once there is one. */
	uint32_t key = has_mme ? mme_id : enb_id;
	for (int i = n_ues - 1; i >= 0; i--)
		if (ues[i].key == key && ues[i].by_enb == !has_mme)
			return ues[i].sqn;
	ues = xrealloc(ues, sizeof(*ues) * (size_t)(n_ues + 1));
	memset(&ues[n_ues], 0, sizeof(ue_ctr));
	ues[n_ues].key = key;
	ues[n_ues].by_enb = !has_mme;
	return ues[n_ues++].sqn;
}

static void flush_packet(void)
{
	if (!pkt_n)
		return;
	assoc *a = &assocs[pkt_assoc];
	const uint8_t *eip = enbs[a->enb].e.ip, *mip = mmes[a->mme].m.ip;
	uint16_t eport = (uint16_t)(36412 + enbs[a->enb].index), mport = 36412;
	if (pkt_up)
		pcapw_sctp(out_w, pkt_t, eip, mip, eport, mport, pkt_chunks, pkt_n);
	else
		pcapw_sctp(out_w, pkt_t, mip, eip, mport, eport, pkt_chunks, pkt_n);
	for (int i = 0; i < pkt_n; i++)
		pkt_msgs[i].len = 0;
	pkt_n = 0;
}

/* Encode the open S1AP message and add it to the packet. */
static void flush_msg(void)
{
	if (!cur_open)
		return;
	const s1_msg_def *d = &s1_defs[cur.msg];
	if (pkt_n == (int)(sizeof(pkt_chunks) / sizeof(pkt_chunks[0])))
		gen_fail("too many bundled chunks");
	buf *b = &pkt_msgs[pkt_n];
	s1_encode(&cur, b);
	/* The E-RAB ids tshark will see in this message, for every record of it. */
	uint8_t ids[S1_MAX_ITEMS * 4];
	int n_ids = 0;
	for (int i = 0; i < cur.n_items; i++)
		ids[n_ids++] = cur.item[i].erab;
	if (cur.n_items == 0)
		for (int i = 0; i < cur.n_erabs; i++)
			ids[n_ids++] = cur.erabs[i];
	for (int i = 0; i < cur.n_failed; i++)
		ids[n_ids++] = cur.failed[i];
	for (int i = 0; i < cur.n_release; i++)
		ids[n_ids++] = cur.release[i];
	for (int i = cur_first_rec; i < n_recs; i++) {
		memcpy(recs[i].erabs, ids, (size_t)n_ids);
		recs[i].n_erabs = n_ids;
	}
	assoc *a = &assocs[cur_assoc];
	int dir = d->uplink ? 0 : 1;
	int stream = d->ue_assoc ? 1 : 0;
	pkt_chunks[pkt_n] = (sctp_chunk){ b->p, b->len, (uint16_t)stream, a->tsn[dir]++, a->ssn[dir][stream]++ };
	pkt_n++;
	pkt_assoc = cur_assoc;
	pkt_up = d->uplink;
	pkt_t = cur_t;
	s1_msg_free(&cur);
	cur_open = false;
}

static void erab_list_max(const char *s, uint8_t *out, int *n, const char *what, unsigned max)
{
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s", s);
	*n = 0;
	for (char *e = strtok(tmp, ","); e; e = strtok(NULL, ",")) {
		if (*n == S1_MAX_ITEMS)
			gen_fail("%s: too many E-RABs", what);
		out[(*n)++] = (uint8_t)parse_num(e, max, what);
	}
}

static void erab_list(const char *s, uint8_t *out, int *n, const char *what)
{
	erab_list_max(s, out, n, what, 15);
}

static void parse_cause(const char *s, int *group, int *value)
{
	static const char *const g[5] = { "radio", "transport", "nas", "protocol", "misc" };
	const char *colon = strchr(s, ':');
	if (!colon)
		gen_fail("cause=GROUP:N expected");
	for (int i = 0; i < 5; i++)
		if ((size_t)(colon - s) == strlen(g[i]) && strncmp(s, g[i], strlen(g[i])) == 0) {
			*group = i;
			*value = (int)parse_num(colon + 1, 63, "cause");
			return;
		}
	gen_fail("cause group must be radio, transport, nas, protocol or misc");
}

static uint64_t parse_time(const char *s)
{
	/* seconds with up to 6 decimals, exact */
	uint64_t sec = 0, us = 0;
	const char *p = s;
	if (!isdigit((unsigned char)*p))
		gen_fail("time expected, got '%s'", s);
	while (isdigit((unsigned char)*p))
		sec = sec * 10 + (uint64_t)(*p++ - '0');
	if (*p == '.') {
		p++;
		int digits = 0;
		while (isdigit((unsigned char)*p) && digits < 6) {
			us = us * 10 + (uint64_t)(*p++ - '0');
			digits++;
		}
		for (; digits < 6; digits++)
			us *= 10;
	}
	if (*p)
		gen_fail("bad time '%s'", s);
	return sec * 1000000 + us;
}

static bool is_gbr_qci(int q) { return (q >= 1 && q <= 4) || (q >= 65 && q <= 67) || (q >= 71 && q <= 76); }

static char *join(char **w, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	char *s = xrealloc(NULL, len);
	s[0] = 0;
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(s, "\t"); /* tab: values may contain blanks */
		strcat(s, w[i]);
	}
	return s;
}

static nas_rec *add_record(const char *label, int dir, const char *nas, const char *esm);

static int find_link(bool mme, uint32_t id)
{
	for (int i = n_links - 1; i >= 0; i--)
		if (links[i].assoc == cur_assoc && links[i].mme == mme && links[i].id == id)
			return links[i].sub;
	return -1;
}

static void add_link(bool mme, uint32_t id, int sub)
{
	if (find_link(mme, id) == sub)
		return;
	links = xrealloc(links, sizeof(*links) * (size_t)(n_links + 1));
	links[n_links++] = (sub_link){ cur_assoc, sub, mme, id };
}

/* The subscriber of the current message: named by sub= (taken out of the
 * words), else by a linked S1AP id; both ids get linked. */
static gen_sub *line_subscriber(char **w, int *n)
{
	int sub = -1;
	for (int i = 0; i < *n; i++)
		if (strncmp(w[i], "sub=", 4) == 0) {
			for (sub = 0; sub < n_subs && strcmp(subs[sub].name, w[i] + 4); sub++)
				;
			if (sub == n_subs)
				gen_fail("unknown subscriber '%s'", w[i] + 4);
			for (int j = i; j + 1 < *n; j++)
				w[j] = w[j + 1];
			(*n)--;
			break;
		}
	if (sub < 0 && cur.has_mme_id)
		sub = find_link(true, cur.mme_id);
	if (sub < 0 && cur.has_enb_id)
		sub = find_link(false, cur.enb_id);
	if (sub < 0)
		return NULL;
	if (cur.has_mme_id)
		add_link(true, cur.mme_id, sub);
	if (cur.has_enb_id)
		add_link(false, cur.enb_id, sub);
	return &subs[sub];
}

/* subscriber NAME imsi=DIGITS k=HEX opc=HEX [sqn=HEX] (FORMAT.md 5.1) */
static void subscriber_line(char **t, int n)
{
	if (n < 2 || n_subs == MAX_NODES)
		gen_fail("subscriber NAME imsi= k= opc= [sqn=]");
	gen_sub *b = &subs[n_subs];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", t[1]);
	for (int i = 0; i < n_subs; i++)
		if (!strcmp(subs[i].name, b->name))
			gen_fail("subscriber '%s' declared twice", b->name);
	kvlist kvs = { .n = 0 };
	for (int i = 2; i < n; i++) {
		char *eq = strchr(t[i], '=');
		if (!eq || kvs.n == KV_MAX)
			gen_fail("key=value expected");
		*eq = 0;
		kvs.a[kvs.n++] = (kv){ t[i], eq + 1, false };
	}
	const char *imsi = kv_get(&kvs, "imsi"), *k = kv_get(&kvs, "k"), *opc = kv_get(&kvs, "opc"),
	           *sqn = kv_get(&kvs, "sqn");
	buf x = { 0 };
	if (!imsi || strlen(imsi) < 6 || strlen(imsi) > 15 || strspn(imsi, "0123456789") != strlen(imsi))
		gen_fail("imsi= needs 6 to 15 digits");
	snprintf(b->imsi, sizeof(b->imsi), "%s", imsi);
	if (!k || parse_hex(k, &x) != 16)
		gen_fail("k= needs 16 octets in hex");
	memcpy(b->k, x.p, 16);
	x.len = 0;
	if (!opc || parse_hex(opc, &x) != 16)
		gen_fail("opc= needs 16 octets in hex");
	memcpy(b->opc, x.p, 16);
	x.len = 0;
	if (sqn) {
		if (parse_hex(sqn, &x) != 6)
			gen_fail("sqn= needs 6 octets in hex");
		memcpy(b->sqn, x.p, 6);
	}
	buf_free(&x);
	for (int i = 0; i < kvs.n; i++)
		if (!kvs.a[i].used)
			gen_fail("unknown key '%s'", kvs.a[i].k);
	n_subs++;
}

/* The NAS part of a line (words after the S1AP part) -> bytes + record. */
static void add_nas(char **w, int n, int dir, buf *out, const char *label, int erab_hint, int item_qci_override,
                    s1_item *item)
{
	uint32_t *sqn = ue_sqn(cur.has_mme_id, cur.mme_id, cur.enb_id);
	nas_info info;
	/* Keys are modified in place by the encoder: work on copies. */
	char *copy[256];
	for (int i = 0; i < n; i++)
		copy[i] = xstrdup(w[i]);
	char *words[256];
	memcpy(words, copy, sizeof(char *) * (size_t)n);
	int nw = n;
	gen_sub *sub = line_subscriber(words, &nw);
	nas_set_subscriber(sub, cur.enb ? cur.enb->plmn : NULL);
	nas_encode_line(words, nw, dir, default_sec, sqn, out, &info);
	nas_set_subscriber(NULL, NULL);

	nas_rec *r = add_record(label, dir, info.name, info.esm_name);
	r->is_esm = info.is_esm;
	r->ebi = info.ebi;
	r->pti = info.pti;
	r->sec = info.sec;
	r->crafted = info.crafted;
	r->esm_cause = info.esm_cause;
	r->emm_cause = info.emm_cause;
	r->erab = -1;
	if (item) {
		item->erab = (uint8_t)(erab_hint >= 0 ? erab_hint : info.ebi);
		item->qci = (uint8_t)(item_qci_override >= 0 ? item_qci_override : info.qci ? info.qci : 9);
		item->gbr = is_gbr_qci(item->qci);
		item->mbr_ul = item->mbr_dl = item->gbr_ul = item->gbr_dl = 128;
		r->erab = item->erab;
	}
	for (int i = 0; i < n; i++)
		free(copy[i]);
}

/* One record per NAS message (nas != NULL) or per UE-associated S1AP
 * message without NAS (nas == NULL), for `expect` lines and --expect. */
static nas_rec *add_record(const char *label, int dir, const char *nas, const char *esm)
{
	recs = xrealloc(recs, sizeof(*recs) * (size_t)(n_recs + 1));
	nas_rec *r = &recs[n_recs++];
	memset(r, 0, sizeof(*r));
	r->frame = frame_no;
	r->msg_no = msg_no;
	r->nas_index = nas ? frame_nas_count++ : -1;
	r->line = gen_line;
	r->label = label ? xstrdup(label) : NULL;
	char as[80];
	snprintf(as, sizeof(as), "%s-%s", enbs[assocs[cur_assoc].enb].name, mmes[assocs[cur_assoc].mme].name);
	r->assoc = xstrdup(as);
	r->has_mme = cur.has_mme_id;
	r->has_enb = cur.has_enb_id;
	r->mme_id = cur.mme_id;
	r->enb_id = cur.enb_id;
	r->dir = dir;
	r->proc_code = s1_defs[cur.msg].proc;
	r->s1ap = s1_defs[cur.msg].name;
	r->ue_assoc = s1_defs[cur.msg].ue_assoc;
	r->esm_cause = r->emm_cause = -1;
	r->nas = nas ? xstrdup(nas) : NULL;
	r->esm = esm ? xstrdup(esm) : NULL;
	r->erab = -1;
	return r;
}

static nas_rec *find_label(const char *label)
{
	for (int k = 0; k < n_recs; k++)
		if (recs[k].label && strcmp(recs[k].label, label) == 0)
			return &recs[k];
	return NULL;
}

/* A UE-side line (FORMAT.md 3.3): TIME CARRIER DIR [keys] [@label] [NAS-MESSAGE ...].
 * One GSMTAP frame: the modem's NAS log copy (nas-log) or the RRC message that
 * carried it (rrc). DIR is the message's real direction; flag= the GSMTAP
 * uplink flag written; same=@label a copy of that line's message (same words,
 * same NAS sequence number) in this line's security form; esm-only (=tail)
 * its ESM message alone (followed by the rest of the EMM message). */
static void ue_side_line(char **t, int n)
{
	uint64_t ts = parse_time(t[0]);
	const char *carrier = strcmp(t[1], "rrc") == 0 ? "rrc" : "nas-log";
	if (n < 3 || (strcmp(t[2], "ul") && strcmp(t[2], "dl")))
		gen_fail("TIME %s ul|dl [keys] NAS-MESSAGE ... expected", t[1]);
	int dir = strcmp(t[2], "ul") == 0 ? 1 : 2;
	flush_msg();
	flush_packet();
	frame_no++;
	frame_nas_count = 0;

	const char *label = NULL, *same = NULL, *esm_only = NULL;
	int flag = default_flag == 3 ? 3 - dir : default_flag ? default_flag : dir;
	int i = 3;
	/* a label may stand anywhere on the line: take it out */
	for (int k = 3; k < n; k++)
		if (t[k][0] == '@') {
			if (label)
				gen_fail("one label per line");
			label = t[k] + 1;
			for (int j = k; j + 1 < n; j++)
				t[j] = t[j + 1];
			n--;
			k--;
		}
	char *nas_w[256];
	int nw = 0;
	for (; i < n; i++) {
		if (is_message_name(t[i])) {
			break;
		} else if (strncmp(t[i], "flag=", 5) == 0) {
			if (strcmp(t[i] + 5, "ul") && strcmp(t[i] + 5, "dl"))
				gen_fail("flag=ul|dl expected");
			flag = strcmp(t[i] + 5, "ul") == 0 ? 1 : 2;
		} else if (strncmp(t[i], "same=@", 6) == 0) {
			same = t[i] + 6;
		} else if (strcmp(t[i], "esm-only") == 0 || strcmp(t[i], "esm-only=tail") == 0) {
			esm_only = t[i];
		} else if (strncmp(t[i], "sec=", 4) == 0 && nw < 250) {
			nas_w[nw++] = t[i]; /* for a copy: its own security form */
		} else {
			gen_fail("unknown UE-side key '%s'", t[i]);
		}
	}
	if (label && find_label(label))
		gen_fail("label @%s used twice", label);
	const nas_rec *orig = NULL;
	char sqn_word[16];
	char *words[300];
	int nwords = 0;
	if (same) {
		orig = find_label(same);
		if (!orig || !orig->words)
			gen_fail("same=@%s: no UE-side message with that label before", same);
		if (i < n)
			gen_fail("a copy (same=) names no message of its own");
		if (orig->dir != dir)
			gen_fail("a copy travels as its original: %s", orig->dir == 1 ? "ul" : "dl");
		/* the original's words without its security form and sequence number */
		for (int k = 0; k < orig->n_words; k++)
			if (strncmp(orig->words[k], "sec=", 4) && strncmp(orig->words[k], "sqn=", 4))
				words[nwords++] = orig->words[k];
		snprintf(sqn_word, sizeof sqn_word, "sqn=%u", orig->sqn);
		words[nwords++] = sqn_word;
		if (esm_only) {
			if (!orig->esm_len)
				gen_fail("esm-only: @%s carries no ESM message in a container", same);
			words[nwords++] = (char *)"sec=plain";
		} else {
			for (int k = 0; k < nw; k++)
				words[nwords++] = nas_w[k];
		}
	} else {
		if (esm_only)
			gen_fail("esm-only goes with same=@label");
		if (i == n)
			gen_fail("a NAS message expected");
		for (int k = i; k < n && nwords < 250; k++)
			words[nwords++] = t[k];
		for (int k = 0; k < nw; k++)
			words[nwords++] = nas_w[k];
	}

	nas_info info;
	buf nas = { 0 };
	char *copy[300];
	for (int k = 0; k < nwords; k++)
		copy[k] = xstrdup(words[k]);
	nas_encode_line(copy, nwords, dir, default_sec, ue_side_sqn, &nas, &info);
	const uint8_t *bytes = nas.p;
	size_t len = nas.len;
	if (esm_only) {
		bytes = nas.p + info.esm_off;
		len = strcmp(esm_only, "esm-only=tail") == 0 ? nas.len - info.esm_off : info.esm_len;
	}

	buf frame = { 0 };
	if (strcmp(carrier, "rrc") == 0)
		gsmtap_rrc(&frame, bytes, len, dir == 1, flag == 1);
	else
		gsmtap_nas(&frame, bytes, len, flag == 1);
	static const uint8_t modem[4] = { 127, 0, 0, 1 }, logger[4] = { 127, 0, 0, 2 };
	pcapw_udp(out_w, GEN_EPOCH_US + ts, modem, logger, 4729, 4729, frame.p, frame.len);
	buf_free(&frame);

	uint8_t sqn = orig ? orig->sqn : info.sqn; /* orig points into recs, which moves now */
	recs = xrealloc(recs, sizeof(*recs) * (size_t)(n_recs + 1));
	nas_rec *r = &recs[n_recs++];
	memset(r, 0, sizeof(*r));
	r->frame = frame_no;
	r->msg_no = ++msg_no;
	r->nas_index = frame_nas_count++;
	r->line = gen_line;
	r->label = label ? xstrdup(label) : NULL;
	r->assoc = xstrdup("ue-side");
	r->dir = dir;
	r->proc_code = -1;
	r->s1ap = carrier;
	r->carrier = carrier;
	r->flag = flag;
	r->ue_assoc = true;
	r->erab = -1;
	r->esm_cause = info.esm_cause;
	r->emm_cause = esm_only ? -1 : info.emm_cause;
	r->sec = esm_only ? SEC_PLAIN : info.sec;
	r->crafted = info.crafted || (esm_only && strcmp(esm_only, "esm-only=tail") == 0);
	r->is_esm = info.is_esm;
	r->ebi = info.ebi;
	r->pti = info.pti;
	r->nas = xstrdup(esm_only ? info.esm_name : info.name);
	r->esm = info.esm_name ? xstrdup(info.esm_name) : NULL;
	r->sqn = sqn;
	r->esm_off = info.esm_off;
	r->esm_len = info.esm_len;
	r->n_words = nwords;
	r->words = xrealloc(NULL, sizeof(char *) * (size_t)(nwords ? nwords : 1));
	for (int k = 0; k < nwords; k++)
		r->words[k] = xstrdup(words[k]);
	for (int k = 0; k < nwords; k++) /* the names in info point into these */
		free(copy[k]);
	buf_free(&nas);
}

/* A message line or a '+' item line. */
static void message_line(char **t, int n, bool plus)
{
	if (!plus && n >= 2 && (strcmp(t[1], "nas-log") == 0 || strcmp(t[1], "rrc") == 0)) {
		ue_side_line(t, n);
		return;
	}
	int i = 0;
	if (!plus) {
		uint64_t ts = parse_time(t[0]);
		if (n < 3)
			gen_fail("TIME ASSOC S1AP-MESSAGE expected");
		char an[64];
		snprintf(an, sizeof(an), "%s", t[1]);
		char *dash = strchr(an, '-');
		if (!dash)
			gen_fail("association ENB-MME expected, got '%s'", t[1]);
		*dash = 0;
		int e = find_enb(an), m = find_mme(dash + 1);
		if (e < 0 || m < 0)
			gen_fail("unknown eNodeB or MME in '%s'", t[1]);
		int msg = s1_lookup(t[2]);
		if (msg < 0)
			gen_fail("unknown S1AP message '%s'", t[2]);

		flush_msg();
		bool bundle = false;
		for (int k = 3; k < n && !is_message_name(t[k]); k++)
			bundle |= strcmp(t[k], "bundle") == 0;
		if (bundle) {
			if (!pkt_n)
				gen_fail("bundle: no previous packet");
			int a = get_assoc(e, m);
			if (a != pkt_assoc || s1_defs[msg].uplink != pkt_up || ts != pkt_t - GEN_EPOCH_US)
				gen_fail("bundle: same association, direction and time as the previous message needed");
		} else {
			if (pkt_n && ts + GEN_EPOCH_US < pkt_t)
				gen_fail("time goes backwards");
			flush_packet();
			frame_no++;
			frame_nas_count = 0;
		}
		memset(&cur, 0, sizeof(cur));
		cur_first_rec = n_recs;
		msg_no++;
		cur.msg = msg;
		cur.enb = &enbs[e].e;
		cur.mme = &mmes[m].m;
		cur.cause_group = 0;
		cur.cause = 20; /* radioNetwork: user-inactivity */
		if (msg == S1_ERAB_RELEASE_CMD || msg == S1_UE_CTX_REL_CMD) {
			cur.cause_group = 2;
			cur.cause = 0; /* nas: normal-release */
		}
		cur_assoc = get_assoc(e, m);
		cur_t = GEN_EPOCH_US + ts;
		cur_open = true;
		i = 3;
	} else {
		if (!cur_open || !s1_defs[cur.msg].nas_items)
			gen_fail("'+' line after a message without E-RAB items");
		i = 1;
	}

	/* A label may stand anywhere on the line: take it out. */
	const char *label = NULL;
	for (int k = i; k < n; k++)
		if (t[k][0] == '@') {
			if (label)
				gen_fail("one label per line");
			label = t[k] + 1;
			for (int j = k; j + 1 < n; j++)
				t[j] = t[j + 1];
			n--;
			k--;
		}
	if (label)
		for (int k = 0; k < n_recs; k++)
			if (recs[k].label && strcmp(recs[k].label, label) == 0)
				gen_fail("label @%s used twice", label);

	/* S1AP keys up to the first message name. */
	int erab = -1, qci = -1;
	for (; i < n && !is_message_name(t[i]); i++) {
		char *w = t[i];
		if (strcmp(w, "bundle") == 0)
			continue;
		char *eq = strchr(w, '=');
		if (!eq)
			gen_fail("unexpected word '%s'", w);
		*eq = 0;
		const char *v = eq + 1;
		if (strcmp(w, "ue") == 0 && !plus) {
			char tmp[64];
			snprintf(tmp, sizeof(tmp), "%s", v);
			char *sl = strchr(tmp, '/');
			if (!sl)
				gen_fail("ue=MME/ENB expected");
			*sl = 0;
			if (strcmp(tmp, "-") != 0) {
				cur.has_mme_id = true;
				cur.mme_id = (uint32_t)parse_num(tmp, 0xffffffffu, "MME-UE-S1AP-ID");
			}
			if (strcmp(sl + 1, "-") != 0) {
				cur.has_enb_id = true;
				cur.enb_id = (uint32_t)parse_num(sl + 1, 0xffffff, "eNB-UE-S1AP-ID");
			}
		} else if (strcmp(w, "erab") == 0) {
			erab = (int)parse_num(v, 15, "erab");
		} else if (strcmp(w, "qci") == 0) {
			qci = (int)parse_num(v, 255, "qci");
		} else if (strcmp(w, "erabs") == 0 && !plus) {
			erab_list(v, cur.erabs, &cur.n_erabs, "erabs");
		} else if (strcmp(w, "failed") == 0 && !plus) {
			erab_list(v, cur.failed, &cur.n_failed, "failed");
		} else if (strcmp(w, "release") == 0 && !plus) {
			erab_list(v, cur.release, &cur.n_release, "release");
		} else if (strcmp(w, "cause") == 0 && !plus) {
			parse_cause(v, &cur.cause_group, &cur.cause);
		} else if (strcmp(w, "qcis") == 0 && !plus) {
			int nq;
			erab_list_max(v, cur.qcis, &nq, "qcis", 255);
			if (nq != cur.n_erabs)
				gen_fail("qcis= needs one QCI per E-RAB of erabs= (given before it)");
		} else if (strcmp(w, "stmsi") == 0 && !plus) {
			char tmp[64];
			snprintf(tmp, sizeof(tmp), "%s", v);
			char *c = strchr(tmp, ':');
			if (!c)
				gen_fail("stmsi=MMEC:MTMSI expected");
			*c = 0;
			cur.has_stmsi = true;
			cur.mmec = (uint8_t)parse_num(tmp, 255, "MMEC");
			cur.m_tmsi = (uint32_t)strtoul(c + 1, NULL, 16);
		} else if (strcmp(w, "target") == 0 && !plus) {
			int e = find_enb(v);
			if (e < 0)
				gen_fail("unknown eNodeB '%s'", v);
			cur.target_enb = &enbs[e].e;
		} else {
			gen_fail("unknown S1AP key '%s'", w);
		}
	}

	const s1_msg_def *d = &s1_defs[cur.msg];
	if (i == n) {
		if (plus)
			gen_fail("'+' line without a NAS message");
		if (cur.msg == S1_ICS_REQ && cur.n_erabs) {
			/* Service request (23.401 5.3.4.1): E-RABs without NAS-PDUs. */
			for (int k = 0; k < cur.n_erabs; k++) {
				s1_item *it = &cur.item[cur.n_items++];
				it->erab = cur.erabs[k];
				it->qci = cur.qcis[k] ? cur.qcis[k] : 9;
				it->gbr = is_gbr_qci(it->qci);
				it->mbr_ul = it->mbr_dl = it->gbr_ul = it->gbr_dl = 128;
			}
		} else if (d->nas_items) {
			gen_fail("%s needs a NAS message (E-RAB item)%s", d->name,
			         cur.msg == S1_ICS_REQ ? " or erabs=" : "");
		}
		if (d->nas_msg && cur.msg != S1_ERAB_RELEASE_CMD)
			gen_fail("%s needs a NAS message", d->name);
		if (label)
			gen_fail("a label names a NAS message; this line has none");
		add_record(NULL, 0, NULL, NULL);
		return;
	}
	if (cur.msg == S1_ICS_REQ && cur.n_erabs)
		gen_fail("erabs= with a NAS message: write the E-RAB on the NAS line (erab=, qci=)");
	if (!d->nas_msg && !d->nas_items)
		gen_fail("%s carries no NAS-PDU", d->name);
	int dir = (d->uplink && cur.msg != S1_NAS_NON_DELIVERY) ? 1 : 2;
	if (d->nas_items) {
		if (cur.n_items == S1_MAX_ITEMS)
			gen_fail("too many E-RAB items");
		s1_item *it = &cur.item[cur.n_items++];
		add_nas(t + i, n - i, dir, &it->nas, label, erab, qci, it);
	} else {
		if (erab >= 0 || qci >= 0)
			gen_fail("erab=/qci= only apply to E-RAB items");
		add_nas(t + i, n - i, dir, &cur.nas, label, -1, -1, NULL);
		if (cur.msg == S1_ERAB_RELEASE_CMD && cur.n_erabs == 0) {
			cur.erabs[0] = (uint8_t)recs[n_recs - 1].ebi;
			cur.n_erabs = 1;
		}
	}
}

/* ------------------------------------------------ expectations checking */

static const char *const procs[] = {
	"default-bearer-activation", "dedicated-bearer-activation", "bearer-modification", "bearer-deactivation",
	"pdn-connectivity", "pdn-disconnect", "bearer-resource-allocation", "bearer-resource-modification",
	"esm-information", "notification", "remote-ue-report", "data-transport", "esm-status", "-", NULL,
};
static const char *const mme_states[] = { "INACTIVE", "ACTIVE PENDING", "ACTIVE", "MODIFY PENDING",
	                                  "INACTIVE PENDING", "UNKNOWN", NULL };
static const char *const ue_states[] = { "INACTIVE", "ACTIVE", "UNKNOWN", NULL };
static const char *const timers[] = { "T3485", "T3486", "T3489", "T3495", "T3480", "T3481", "T3482",
	                              "T3492", "T3493", "T3396", "-", NULL };
static const char *const findings[] = {
	"retransmission", "timer-expiry", "premature-retransmission", "late-retransmission",
	"excess-retransmissions", "procedure-aborted", "pending-at-end", "response-without-request",
	"unexpected-message", "reject", "duplicate-activation", "unknown-linked-bearer", "t3396-violation",
	"collision", "reactivation-requested", "local-deactivation", "bearer-status-mismatch",
	"nas-non-delivery", "retransmission-after-response", "ip-conflict", "bearers-released-by-relocation",
	"ciphered", "malformed", "unknown-prior-state", "integrity-failure", NULL,
};
static const char *const integrities[] = { "ok", "failed", "unchecked", "none", NULL };

static void check_word(const char *v, const char *const *set, const char *what)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(set[i], v) == 0)
			return;
	gen_fail("'%s' is not a %s of the shared vocabulary", v, what);
}

static void check_transition(const char *v, const char *const *set, const char *what)
{
	const char *gt = strchr(v, '>');
	if (!gt)
		gen_fail("%s: BEFORE>AFTER expected, got '%s'", what, v);
	char b[40];
	snprintf(b, sizeof(b), "%.*s", (int)(gt - v), v);
	check_word(b, set, what);
	check_word(gt + 1, set, what);
}

static void check_expect_key(const char *k, const char *v, bool finish)
{
	if (strcmp(k, "proc") == 0)
		check_word(v, procs, "procedure");
	else if (strcmp(k, "mme") == 0 || strncmp(k, "mme.", 4) == 0)
		finish ? check_word(v, mme_states, "MME state") : check_transition(v, mme_states, "MME state");
	else if (strcmp(k, "ue-state") == 0 || strncmp(k, "ue-state.", 9) == 0)
		finish ? check_word(v, ue_states, "UE state") : check_transition(v, ue_states, "UE state");
	else if (strcmp(k, "timer") == 0 || strcmp(k, "stops") == 0) {
		char tmp[128];
		snprintf(tmp, sizeof(tmp), "%s", v);
		for (char *x = strtok(tmp, ","); x; x = strtok(NULL, ","))
			check_word(x, timers, "timer");
	}
	else if (strcmp(k, "findings") == 0) {
		char tmp[512];
		snprintf(tmp, sizeof(tmp), "%s", v);
		for (char *f = strtok(tmp, ","); f; f = strtok(NULL, ","))
			check_word(f, findings, "finding code");
	} else if (strcmp(k, "retx-of") == 0 || strcmp(k, "resp-to") == 0 || strcmp(k, "of") == 0) {
		if (v[0] != '@' && strcmp(v, "-") != 0)
			gen_fail("%s=@label expected", k);
	} else if (strcmp(k, "retx") == 0 || strcmp(k, "expiries") == 0 || strcmp(k, "ue-no") == 0 ||
	           strcmp(k, "ebi") == 0 || strcmp(k, "pti") == 0) {
		parse_num(v, 1000000, k);
	} else if (strcmp(k, "dup") == 0 && !finish) {
		parse_num(v, 1, k);
	} else if (strcmp(k, "dir") == 0 && !finish) {
		static const char *const dirs[] = { "ul", "dl", "-", NULL };
		check_word(v, dirs, "direction");
	} else if (strcmp(k, "dir-from") == 0 && !finish) {
		static const char *const from[] = { "source", "message", "decode", "state", "none", NULL };
		check_word(v, from, "direction source");
	} else if (strcmp(k, "at") == 0 && finish) {
		parse_time(v);
	} else if (strcmp(k, "integrity") == 0 && !finish) {
		check_word(v, integrities, "integrity result");
	} else if (strcmp(k, "deciphered") == 0 && !finish) {
		parse_num(v, 1, k);
	} else {
		gen_fail("unknown expectation key '%s'", k);
	}
}

static int label_frame(const char *v)
{
	for (int i = 0; i < n_recs; i++)
		if (recs[i].label && strcmp(recs[i].label, v + 1) == 0)
			return recs[i].frame;
	gen_fail("unknown label '%s'", v);
}

/* Print an expect/finish line's keys as JSON members. */
static void json_expect(FILE *f, const char *text, bool finish)
{
	char *tmp = xstrdup(text);
	bool first = true, has_retx = false, has_exp = false, has_find = false;
	for (char *w = strtok(tmp, "\t"); w; w = strtok(NULL, "\t")) {
		char *eq = strchr(w, '=');
		*eq = 0;
		const char *k = w, *v = eq + 1;
		fprintf(f, "%s", first ? "" : ",");
		first = false;
		char key[40];
		snprintf(key, sizeof(key), "%s", k);
		for (char *c = key; *c; c++)
			if (*c == '-')
				*c = '_';
		json_str(f, key);
		fputc(':', f);
		if (strcmp(k, "findings") == 0 || strcmp(k, "timer") == 0 || strcmp(k, "stops") == 0) {
			has_find |= strcmp(k, "findings") == 0;
			if (strcmp(v, "-") == 0)
				v = "";
			fputc('[', f);
			bool ff = true;
			for (char *p = (char *)v, *c; *p; p = c ? c + 1 : p + strlen(p)) {
				c = strchr(p, ',');
				if (c)
					*c = 0;
				if (*p) {
					fprintf(f, "%s", ff ? "" : ",");
					json_str(f, p);
					ff = false;
				}
				if (!c)
					break;
			}
			fputc(']', f);
		} else if (strchr(v, '>') && !finish) {
			const char *gt = strchr(v, '>');
			char b[40];
			snprintf(b, sizeof(b), "%.*s", (int)(gt - v), v);
			fputc('[', f);
			json_str(f, b);
			fputc(',', f);
			json_str(f, gt + 1);
			fputc(']', f);
		} else if (v[0] == '@') {
			fprintf(f, "%d", label_frame(v));
		} else if (strcmp(v, "-") == 0 && (strcmp(k, "resp-to") == 0 || strcmp(k, "retx-of") == 0)) {
			fputs("null", f);
		} else if (strcmp(k, "deciphered") == 0) {
			fputs(strcmp(v, "1") == 0 ? "true" : "false", f);
		} else if (strcmp(k, "retx") == 0 || strcmp(k, "expiries") == 0 || strcmp(k, "ue-no") == 0 ||
		           strcmp(k, "ebi") == 0 || strcmp(k, "pti") == 0 || strcmp(k, "dup") == 0) {
			fprintf(f, "%s", v);
			has_retx |= strcmp(k, "retx") == 0;
			has_exp |= strcmp(k, "expiries") == 0;
		} else if (strcmp(k, "at") == 0) {
			uint64_t us = parse_time(v);
			fprintf(f, "%llu.%06llu", (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000));
		} else {
			json_str(f, v);
		}
	}
	if (!finish) {
		if (!has_retx)
			fprintf(f, "%s\"retx\":0", first ? "" : ","), first = false;
		if (!has_exp)
			fprintf(f, "%s\"expiries\":0", first ? "" : ","), first = false;
		if (!has_find)
			fprintf(f, "%s\"findings\":[]", first ? "" : ",");
	}
	free(tmp);
}

static void write_expect(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		gen_fail("cannot write %s", path);
	gen_line = 0;
	for (int i = 0; i < n_recs; i++) {
		nas_rec *r = &recs[i];
		gen_line = r->expect_line;
		fprintf(f, "{\"frame\":%d,\"msg\":%d,\"nas_index\":", r->frame, r->msg_no);
		if (r->nas)
			fprintf(f, "%d", r->nas_index);
		else
			fputs("null", f);
		fprintf(f, ",\"line\":%d,\"label\":", r->line);
		if (r->label)
			json_str(f, r->label);
		else
			fputs("null", f);
		fputs(",\"assoc\":", f);
		json_str(f, r->assoc);
		if (r->has_mme)
			fprintf(f, ",\"mme_ue_id\":%u", r->mme_id);
		else
			fputs(",\"mme_ue_id\":null", f);
		if (r->has_enb)
			fprintf(f, ",\"enb_ue_id\":%u", r->enb_id);
		else
			fputs(",\"enb_ue_id\":null", f);
		if (r->carrier)
			fprintf(f, ",\"s1ap\":null,\"procedure_code\":null,\"carrier\":\"%s\",\"flag\":\"%s\",\"sqn\":%u",
			        r->carrier, r->flag == 1 ? "ul" : "dl", r->sqn);
		else
			fprintf(f, ",\"s1ap\":\"%s\",\"procedure_code\":%d", r->s1ap, r->proc_code);
		if (r->erab >= 0)
			fprintf(f, ",\"erab_id\":%d", r->erab);
		fputs(",\"erabs\":[", f);
		for (int k = 0; k < r->n_erabs; k++)
			fprintf(f, "%s%d", k ? "," : "", r->erabs[k]);
		fputc(']', f);
		fputs(",\"nas\":", f);
		if (r->nas) {
			static const char *const sec[6] = { "plain", "int", "eea0", "enc", "int-new", "enc-new" };
			json_str(f, r->nas);
			fprintf(f, ",\"dir\":\"%s\",\"sec\":\"%s\",\"crafted\":%s", r->dir == 1 ? "ul" : "dl",
			        sec[r->sec], r->crafted ? "true" : "false");
			if (r->esm_cause >= 0)
				fprintf(f, ",\"esm_cause\":%d", r->esm_cause);
			if (r->emm_cause >= 0)
				fprintf(f, ",\"emm_cause\":%d", r->emm_cause);
		} else {
			fputs("null", f);
		}
		if (r->esm) {
			fputs(",\"esm\":", f);
			json_str(f, r->esm);
		}
		if (r->is_esm)
			fprintf(f, ",\"ebi\":%d,\"pti\":%d", r->ebi, r->pti);
		if (r->expect) {
			fputs(",\"expect\":{", f);
			json_expect(f, r->expect, false);
			fputc('}', f);
		}
		fputs("}\n", f);
	}
	for (int i = 0; i < n_fins; i++) {
		gen_line = fins[i].line;
		char *tab = strchr(fins[i].text, '\t');
		size_t kind_len = tab ? (size_t)(tab - fins[i].text) : strlen(fins[i].text);
		fprintf(f, "{\"finish\":\"%.*s\"", (int)kind_len, fins[i].text);
		if (tab) {
			fputc(',', f);
			json_expect(f, tab + 1, true);
		}
		fputs("}\n", f);
	}
	if (fclose(f) != 0)
		gen_fail("write error on %s", path);
}

/* ------------------------------------------------------------ scenarios */

static void node_line(char **t, int n, bool is_enb)
{
	if (n < 3)
		gen_fail("%s NAME ip=A.B.C.D ... expected", t[0]);
	if ((is_enb ? n_enbs : n_mmes) == MAX_NODES)
		gen_fail("too many nodes");
	if ((is_enb ? find_enb(t[1]) : find_mme(t[1])) >= 0 || strchr(t[1], '-') || strlen(t[1]) >= 32)
		gen_fail("bad or duplicate node name '%s'", t[1]);
	kvlist kvs = { .n = 0 };
	for (int i = 2; i < n; i++) {
		char *eq = strchr(t[i], '=');
		if (!eq || kvs.n == KV_MAX)
			gen_fail("key=value expected");
		*eq = 0;
		kvs.a[kvs.n++] = (kv){ t[i], eq + 1, false };
	}
	const char *ip = kv_get(&kvs, "ip");
	if (!ip)
		gen_fail("ip= needed");
	const char *plmn = kv_get(&kvs, "plmn");
	uint8_t p[3] = { 0x00, 0xf1, 0x10 }; /* 001 01 */
	if (plmn) {
		if (strlen(plmn) != 5 && strlen(plmn) != 6)
			gen_fail("plmn: 5 or 6 digits");
		const char *s = plmn;
		p[0] = (uint8_t)((s[1] - '0') << 4 | (s[0] - '0'));
		p[1] = (uint8_t)((strlen(s) == 6 ? s[5] - '0' : 0xf) << 4 | (s[2] - '0'));
		p[2] = (uint8_t)((s[4] - '0') << 4 | (s[3] - '0'));
	}
	if (is_enb) {
		enb_node *e = &enbs[n_enbs];
		snprintf(e->name, sizeof(e->name), "%s", t[1]);
		parse_ipv4(ip, e->e.ip);
		memcpy(e->e.plmn, p, 3);
		e->index = n_enbs;
		e->e.enb_id = (uint32_t)kv_num(&kvs, "id", (uint64_t)n_enbs + 1, 0xfffff);
		e->e.tac = (uint16_t)kv_num(&kvs, "tac", 1, 65535);
		e->e.cell = (uint32_t)kv_num(&kvs, "cell", (uint64_t)e->e.enb_id << 8 | 1, 0xfffffff);
		n_enbs++;
	} else {
		mme_node *m = &mmes[n_mmes];
		snprintf(m->name, sizeof(m->name), "%s", t[1]);
		parse_ipv4(ip, m->m.ip);
		memcpy(m->m.plmn, p, 3);
		m->m.mmegi = (uint16_t)kv_num(&kvs, "mmegi", 1, 65535);
		m->m.mmec = (uint8_t)kv_num(&kvs, "mmec", (uint64_t)n_mmes + 1, 255);
		n_mmes++;
	}
	for (int i = 0; i < kvs.n; i++)
		if (!kvs.a[i].used)
			gen_fail("unknown key '%s'", kvs.a[i].k);
}

/* Parser state across statements. */
static bool messages_seen, finish_seen;
static int expect_target = -1; /* the last record an `expect` line may attach to */
static int last_rec_seen;

/* One statement (a logical line, continuations joined). `text` is modified. */
static void statement(char *text)
{
	char *tok[256];
	int n = tokenize(text, tok, 256);
	if (n == 0)
		return;
	if (strcmp(tok[0], "scenario") == 0) {
		if (n != 2)
			gen_fail("scenario NAME");
	} else if (strcmp(tok[0], "enb") == 0 || strcmp(tok[0], "mme") == 0) {
		if (messages_seen)
			gen_fail("nodes are declared before the first message");
		node_line(tok, n, tok[0][0] == 'e');
	} else if (strcmp(tok[0], "subscriber") == 0) {
		if (messages_seen)
			gen_fail("subscribers are declared before the first message");
		subscriber_line(tok, n);
	} else if (strcmp(tok[0], "default") == 0 && n == 2 && strncmp(tok[1], "flag=", 5) == 0) {
		static const char *const flags[] = { "message", "ul", "dl", "inverted", NULL };
		check_word(tok[1] + 5, flags, "GSMTAP flag default");
		default_flag = !strcmp(tok[1] + 5, "ul") ? 1 : !strcmp(tok[1] + 5, "dl") ? 2
		             : !strcmp(tok[1] + 5, "inverted") ? 3 : 0;
	} else if (strcmp(tok[0], "default") == 0) {
		if (n != 2 || strncmp(tok[1], "sec=", 4) != 0)
			gen_fail("default sec=plain|int|eea0|enc, or default flag=message|ul|dl|inverted");
		static const char *const sn[4] = { "plain", "int", "eea0", "enc" };
		int k;
		for (k = 0; k < 4 && strcmp(sn[k], tok[1] + 4) != 0; k++)
			;
		if (k == 4)
			gen_fail("unknown sec '%s'", tok[1] + 4);
		default_sec = (nas_sec)k;
	} else if (isdigit((unsigned char)tok[0][0]) || strcmp(tok[0], "+") == 0) {
		if (finish_seen)
			gen_fail("messages after 'finish'");
		messages_seen = true;
		message_line(tok, n, tok[0][0] == '+');
		if (n_recs > last_rec_seen) {
			expect_target = n_recs - 1;
			last_rec_seen = n_recs;
		} else {
			expect_target = -1;
		}
	} else if (strcmp(tok[0], "expect") == 0) {
		if (expect_target < 0 || recs[expect_target].expect || !recs[expect_target].ue_assoc)
			gen_fail("'expect' must follow a NAS message or a UE-associated S1AP message (one per message)");
		for (int i = 1; i < n; i++) {
			char *eq = strchr(tok[i], '=');
			if (!eq)
				gen_fail("key=value expected in expect, got '%s'", tok[i]);
			*eq = 0;
			check_expect_key(tok[i], eq + 1, false);
			*eq = '=';
		}
		recs[expect_target].expect = join(tok + 1, n - 1);
		recs[expect_target].expect_line = gen_line;
	} else if (strcmp(tok[0], "finish") == 0) {
		finish_seen = true;
		static const char *const kinds[] = { "pending", "aborted", "bearer", NULL };
		if (n < 2)
			gen_fail("finish pending|aborted|bearer ...");
		check_word(tok[1], kinds, "finish kind");
		for (int i = 2; i < n; i++) {
			char *eq = strchr(tok[i], '=');
			if (!eq)
				gen_fail("key=value expected in finish, got '%s'", tok[i]);
			*eq = 0;
			check_expect_key(tok[i], eq + 1, true);
			*eq = '=';
		}
		fins = xrealloc(fins, sizeof(*fins) * (size_t)(n_fins + 1));
		fins[n_fins].text = join(tok + 1, n - 1);
		fins[n_fins].line = gen_line;
		n_fins++;
	} else {
		gen_fail("unknown statement '%s'", tok[0]);
	}
}

/* ------------------------------------------------------ repeat blocks */

/* Integer expressions in {...} of a repeat block: + - * / % and
 * parentheses over decimal numbers and the block's variable. */
typedef struct {
	const char *p, *var;
	long long val;
} expr;

static long long ex_sum(expr *e);

static long long ex_atom(expr *e)
{
	while (*e->p == ' ')
		e->p++;
	if (*e->p == '(') {
		e->p++;
		long long v = ex_sum(e);
		while (*e->p == ' ')
			e->p++;
		if (*e->p++ != ')')
			gen_fail("')' expected in {...}");
		return v;
	}
	if (*e->p == '-') {
		e->p++;
		return -ex_atom(e);
	}
	if (isdigit((unsigned char)*e->p)) {
		long long v = 0;
		while (isdigit((unsigned char)*e->p))
			v = v * 10 + (*e->p++ - '0');
		return v;
	}
	size_t n = strlen(e->var);
	if (strncmp(e->p, e->var, n) == 0 && !isalnum((unsigned char)e->p[n])) {
		e->p += n;
		return e->val;
	}
	gen_fail("bad expression near '%s'", e->p);
}

static long long ex_prod(expr *e)
{
	long long v = ex_atom(e);
	for (;;) {
		while (*e->p == ' ')
			e->p++;
		char op = *e->p;
		if (op != '*' && op != '/' && op != '%')
			return v;
		e->p++;
		long long r = ex_atom(e);
		if (op != '*' && r == 0)
			gen_fail("division by zero in {...}");
		v = op == '*' ? v * r : op == '/' ? v / r : v % r;
	}
}

static long long ex_sum(expr *e)
{
	long long v = ex_prod(e);
	for (;;) {
		while (*e->p == ' ')
			e->p++;
		char op = *e->p;
		if (op != '+' && op != '-')
			return v;
		e->p++;
		long long r = ex_prod(e);
		v = op == '+' ? v + r : v - r;
	}
}

/* Replace every {EXPR} (integer) or {EXPR:ms} (milliseconds written as
 * seconds, e.g. 12345 -> 12.345) in `in`. */
static void substitute(const char *in, const char *var, long long val, buf *out)
{
	out->len = 0;
	for (const char *p = in; *p;) {
		if (*p != '{') {
			buf_u8(out, (uint8_t)*p++);
			continue;
		}
		const char *close = strchr(p, '}');
		if (!close)
			gen_fail("'}' missing");
		char tmp[256];
		snprintf(tmp, sizeof(tmp), "%.*s", (int)(close - p - 1), p + 1);
		char *colon = strchr(tmp, ':');
		bool ms = false;
		if (colon) {
			if (strcmp(colon, ":ms") != 0)
				gen_fail("only the :ms format exists");
			*colon = 0;
			ms = true;
		}
		expr e = { tmp, var, val };
		long long v = ex_sum(&e);
		while (*e.p == ' ')
			e.p++;
		if (*e.p)
			gen_fail("bad expression '%s'", tmp);
		char num[64];
		if (ms) {
			if (v < 0)
				gen_fail("negative time");
			snprintf(num, sizeof(num), "%lld.%03lld", v / 1000, v % 1000);
		} else {
			snprintf(num, sizeof(num), "%lld", v);
		}
		buf_put(out, num, strlen(num));
		p = close + 1;
	}
	buf_u8(out, 0);
}

typedef struct {
	char *text;
	int line;
} raw_line;

/* repeat VAR=A..B [interleave] ... end: the body once per value; with
 * interleave, each message group (a message line with its '+' and expect
 * lines) for every value before the next group. */
static void expand_repeat(const char *head, raw_line *body, int n_body)
{
	char var[32];
	long long a, b;
	char mode[32] = "";
	if (sscanf(head, "repeat %31[a-z]=%lld..%lld %31s", var, &a, &b, mode) < 3 || a > b || b - a > 10000000)
		gen_fail("repeat VAR=A..B [interleave] expected");
	bool inter = strcmp(mode, "interleave") == 0;
	if (*mode && !inter)
		gen_fail("unknown repeat mode '%s'", mode);
	/* groups: [start, end) indexes into body */
	int *gs = xrealloc(NULL, sizeof(int) * (size_t)(n_body + 1));
	int ng = 0;
	for (int i = 0; i < n_body; i++) {
		const char *t = body[i].text;
		while (*t == ' ' || *t == '\t')
			t++;
		bool cont = strncmp(t, "expect", 6) == 0 || t[0] == '+';
		if (!cont || ng == 0)
			gs[ng++] = i;
	}
	gs[ng] = n_body;
	buf sub = { 0 };
	int outer = inter ? ng : 1;
	for (int g = 0; g < outer; g++)
		for (long long v = a; v <= b; v++) {
			int from = inter ? gs[g] : 0, to = inter ? gs[g + 1] : n_body;
			for (int i = from; i < to; i++) {
				gen_line = body[i].line;
				substitute(body[i].text, var, v, &sub);
				statement((char *)sub.p);
			}
		}
	buf_free(&sub);
	free(gs);
}

static void run_scenario(const char *path, const char *out, const char *expect_path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		gen_fail("cannot read %s", path);
	gen_file = path;
	out_w = pcapw_open(out);
	gen_output(out);
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	buf joined = { 0 };
	int lineno = 0, start_line = 0;
	raw_line *body = NULL;
	int n_body = 0, repeat_line = 0;
	char *repeat_head = NULL;
	while ((got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = 0;
		if (!joined.len)
			start_line = lineno;
		if (got > 0 && line[got - 1] == '\\') {
			buf_put(&joined, line, (size_t)got - 1);
			buf_u8(&joined, ' ');
			continue;
		}
		buf_put(&joined, line, (size_t)got);
		buf_u8(&joined, 0);
		gen_line = start_line;
		char *text = (char *)joined.p;
		const char *t = text;
		while (*t == ' ' || *t == '\t')
			t++;
		if (strncmp(t, "repeat ", 7) == 0) {
			if (repeat_head)
				gen_fail("repeat blocks do not nest");
			repeat_head = xstrdup(t);
			repeat_line = start_line;
		} else if (repeat_head && (strcmp(t, "end") == 0 || strncmp(t, "end ", 4) == 0 || strncmp(t, "end#", 4) == 0)) {
			gen_line = repeat_line;
			expand_repeat(repeat_head, body, n_body);
			for (int i = 0; i < n_body; i++)
				free(body[i].text);
			n_body = 0;
			free(repeat_head);
			repeat_head = NULL;
		} else if (repeat_head) {
			if (*t && *t != '#') {
				body = xrealloc(body, sizeof(*body) * (size_t)(n_body + 1));
				body[n_body].text = xstrdup(text);
				body[n_body].line = start_line;
				n_body++;
			}
		} else {
			statement(text);
		}
		joined.len = 0;
	}
	if (repeat_head)
		gen_fail("repeat without end");
	free(body);
	flush_msg();
	flush_packet();
	pcapw_close(out_w);
	free(line);
	buf_free(&joined);
	fclose(f);
	if (expect_path)
		write_expect(expect_path); /* also resolves and checks every label */
	else
		for (int i = 0; i < n_recs; i++)
			if (recs[i].expect) {
				gen_line = recs[i].expect_line;
				char *tmp = xstrdup(recs[i].expect);
				for (char *w = strtok(tmp, "\t"); w; w = strtok(NULL, "\t")) {
					char *eq = strchr(w, '=');
					if (eq[1] == '@')
						label_frame(eq + 1);
				}
				free(tmp);
			}
	gen_output(NULL);
}

static void usage(void)
{
	fputs("usage: esmgen [-o OUT.pcapng] [--expect OUT.jsonl] FILE.scn\n"
	      "       esmgen --scale --ues N --frames M [--enbs K] [--cipher 1|2|3 --keys OUT.keys] -o OUT.pcapng\n"
	      "Turns a scenario file (tests/gen/FORMAT.md) into an S1AP capture.\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *out = NULL, *expect = NULL, *in = NULL;
	bool scale_mode = false;
	uint64_t ues = 100000, frames = 1000000;
	int k_enbs = 16, cipher = 0;
	const char *keys_out = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(a, "--expect") == 0 && i + 1 < argc)
			expect = argv[++i];
		else if (strcmp(a, "--scale") == 0)
			scale_mode = true;
		else if (strcmp(a, "--ues") == 0 && i + 1 < argc)
			ues = parse_num(argv[++i], 0xffffff, "--ues");
		else if (strcmp(a, "--frames") == 0 && i + 1 < argc)
			frames = parse_num(argv[++i], 1000000000ull, "--frames");
		else if (strcmp(a, "--cipher") == 0 && i + 1 < argc)
			cipher = (int)parse_num(argv[++i], 3, "--cipher");
		else if (strcmp(a, "--keys") == 0 && i + 1 < argc)
			keys_out = argv[++i];
		else if (strcmp(a, "--enbs") == 0 && i + 1 < argc)
			k_enbs = (int)parse_num(argv[++i], MAX_NODES, "--enbs");
		else if (a[0] == '-')
			usage();
		else if (!in)
			in = a;
		else
			usage();
	}
	if (scale_mode) {
		if (!out || in)
			usage();
		scale_write(out, ues, frames, k_enbs, cipher, keys_out);
		return 0;
	}
	if (!in)
		usage();
	char def_out[4096];
	if (!out) {
		/* x.scn -> x.pcapng */
		snprintf(def_out, sizeof(def_out), "%s", in);
		char *dot = strrchr(def_out, '.');
		if (dot && strcmp(dot, ".scn") == 0)
			*dot = 0;
		strncat(def_out, ".pcapng", sizeof(def_out) - strlen(def_out) - 1);
		out = def_out;
	}
	run_scenario(in, out, expect);
	return 0;
}
