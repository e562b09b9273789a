/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace replay: the bearer tracker driven by an event list instead of a
 * capture (an MME log, `tshark -T fields` output, a hand-written scenario).
 *
 * Input, one event per line, in capture order ('#' starts a comment):
 *   tab-separated:  time  ue_key  direction  nas_hex  [s1ap_procedure]
 *   JSON lines:     {"time":1.5,"ue":"mme1/100","dir":"ul","nas":"27...","s1ap":13}
 * S1AP events without NAS use "-" as nas_hex (or omit "nas") and name the
 * event in s1ap_procedure. Each line's number is its frame id.
 *
 * Output: the annotated timeline and the triage table (findings, most severe
 * first), or with --json one JSON object per line, one per procedure and one
 * per finding, each with its ue_key (ready for an Elasticsearch/OpenSearch
 * bulk load).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/nas.h"
#include "esmtrace/report.h"
#include "esmtrace/s1ap.h"
#include "esmtrace/track.h"

int esmtrace_replay_main(int argc, char **argv);

#define LINE_CAP (256 * 1024) /* longer lines are reported and skipped */
#define NAS_CAP 65536
#define FIELD_CAP 128

/* ---------------------------------------------------------------- usage */

static void usage(FILE *f)
{
	fputs("usage: esmtrace replay [OPTIONS] FILE|-\n"
	      "  Follows every UE's EPS bearer contexts and ESM procedures (TS 24.301 6.4-6.7)\n"
	      "  through an event list and reports what went wrong.\n"
	      "\n"
	      "  Input, one event per line ('#' comments and blank lines are skipped):\n"
	      "    time<TAB>ue_key<TAB>direction<TAB>nas_hex[<TAB>s1ap_procedure]\n"
	      "    {\"time\":1.5,\"ue\":\"KEY\",\"dir\":\"ul\",\"nas\":\"HEX\",\"s1ap\":13}\n"
	      "  time: seconds with a fraction; ue_key: text naming one UE context, or\n"
	      "  s1:ASSOCIATION/MME-UE-S1AP-ID/ENB-UE-S1AP-ID[/SOURCE-MME-UE-S1AP-ID] ('-' absent)\n"
	      "  to let the tracker follow S1AP ids (InitialUEMessage, handovers, path switch);\n"
	      "  direction: uplink, downlink, ul, dl, or '-' for none (the source's direction is\n"
	      "  a hint: a message sent one way only takes that way); nas_hex: with or without colons, '-'\n"
	      "  for an S1AP event without NAS; s1ap_procedure: procedure code (12 =\n"
	      "  InitialUEMessage) or an event name below. JSON lines may also carry\n"
	      "  \"frame\" (id), \"erabs\" ([5,6]), \"cause\" (\"radio:21\"), \"enb\" (eNodeB name)\n"
	      "  and \"stmsi\" (\"MMEC:M-TMSI\" in hex, the S-TMSI of an InitialUEMessage),\n"
	      "  \"plmn\" (\"00101\": MCC and MNC of the S1AP TAI, the serving network),\n"
	      "  \"src\" (where the NAS was found: s1ap, rrc or nas-log; s1ap for s1: keys).\n"
	      "  Event names: UEContextReleaseRequest UEContextReleaseCommand\n"
	      "    UEContextReleaseComplete InitialContextSetupRequest InitialContextSetupFailure\n"
	      "    E-RABReleaseIndication HandoverRequired HandoverCommand HandoverRequest\n"
	      "    HandoverRequestAcknowledge HandoverNotify PathSwitchRequest\n"
	      "    PathSwitchRequestAcknowledge NASNonDeliveryIndication (with its NAS)\n"
	      "\n"
	      "  Options:\n"
	      "    --json             one JSON object per line: one per procedure, one per finding\n"
	      "    --annotations      with --json: also one object per event (the timeline) and\n"
	      "                       one per bearer-table row\n"
	      "    --quiet            no timeline, only the tables\n"
	      "    --html FILE        also write the HTML bearer report (summary, triage table,\n"
	      "                       a timeline per UE) to FILE\n"
	      "    --t3485 S          ESM timer value in seconds; likewise --t3486 --t3489 --t3495\n"
	      "                       --t3480 --t3481 --t3482 --t3492 --t3493 (defaults: 8 s;\n"
	      "                       T3489 and T3493 4 s; T3492 6 s)\n"
	      "    --abort-t3485 N    expiry that aborts the procedure (default 5; T3489, T3493 3)\n"
	      "    --tolerance S      slack when judging resend intervals (default 1.0)\n"
	      "    --no-eea0          report integrity-protected and ciphered messages as ciphered\n"
	      "    --no-ip-conflicts  do not check IPv4 addresses handed to two UEs\n"
	      "    --ue-side          UE-side capture: an identical copy within 1 s is a duplicate\n"
	      "    --keys FILE        subscriber keys, one \"IMSI\",\"K\",\"OPc\" row per line: check\n"
	      "                       every NAS MAC and decipher EEA1-3 (TS 24.301 4.4)\n"
	      "    --plmn MCCMNC      serving network of uplink events without \"plmn\" (KASME)\n"
	      "  Exit status: 0 no warn/error finding, 1 some, 2 usage or unreadable input.\n",
	      f);
}

/* ------------------------------------------------------------ utilities */

static int ci_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static bool parse_double(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

/* Hex to bytes; ':', ' ', '-' separators and a 0x prefix allowed. */
static long parse_hex(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t k = 0;
	int hi = -1;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ':' || c == ' ' || c == '-')
			continue;
		if (!isxdigit((unsigned char)c))
			return -1;
		int v = isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
		if (hi < 0)
			hi = v;
		else {
			if (k == cap)
				return -1;
			out[k++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi >= 0 ? -1 : (long)k;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Sets ev->kind and ev->s1ap_proc from a procedure code or an S1AP message
 * name; false if unknown. */
static bool parse_s1ap(const char *s, bool has_nas, track_event *ev)
{
	char *end;
	long code = strtol(s, &end, 10);
	if (end != s && !*end && code >= 0 && code <= 255) {
		/* the procedure's initiating message (s1ap.c), the only one that carries NAS */
		const s1ap_msg *m = s1ap_msg_find((int)code, S1AP_INITIATING);
		ev->s1ap_proc = (int16_t)code;
		if (m && has_nas && m->nas_event != S1AP_NO_EVENT)
			ev->kind = m->nas_event;
		return true;
	}
	return track_s1ap_name(s, has_nas, &ev->kind, &ev->s1ap_proc);
}

/* The source's direction, a hint: "-" (or none in JSON) when it gives none. */
static bool parse_dir(const char *s, nas_dir *d)
{
	if (ci_equal(s, "uplink") || ci_equal(s, "ul"))
		*d = NAS_UPLINK;
	else if (ci_equal(s, "downlink") || ci_equal(s, "dl"))
		*d = NAS_DOWNLINK;
	else if (!*s || !strcmp(s, "-"))
		*d = NAS_DIR_UNKNOWN;
	else
		return false;
	return true;
}

/* Where a NAS-PDU was found (track_source): s1ap, rrc, nas-log. */
static bool parse_src(const char *s, uint8_t *src)
{
	for (uint8_t i = 0; i < TRACK_SRC__COUNT; i++)
		if (ci_equal(s, track_source_name(i))) {
			*src = i;
			return true;
		}
	return false;
}

/* "radio:21" (S1AP Cause choice: radio, transport, nas, protocol, misc). */
static bool parse_cause(const char *s, track_event *ev)
{
	static const char *const groups[] = { "radio", "transport", "nas", "protocol", "misc" };
	const char *colon = strchr(s, ':');
	if (!colon)
		return false;
	for (int g = 0; g < 5; g++)
		if ((size_t)(colon - s) == strlen(groups[g]) && !strncmp(s, groups[g], (size_t)(colon - s))) {
			char *end;
			long v = strtol(colon + 1, &end, 10);
			if (end == colon + 1 || *end || v < 0 || v > 255)
				return false;
			ev->cause_group = (int8_t)g;
			ev->cause_value = (int16_t)v;
			return true;
		}
	return false;
}

static uint64_t hash_text(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
	return h ? h : 1;
}

static bool parse_id(const char *s, size_t n, bool *has, uint32_t *v)
{
	if (n == 1 && s[0] == '-') {
		*has = false;
		return true;
	}
	uint64_t x = 0;
	if (!n || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x > 0xffffffffu)
		return false;
	*has = true;
	*v = (uint32_t)x;
	return true;
}

/* "s1:ASSOCIATION/MME-UE-S1AP-ID/ENB-UE-S1AP-ID[/SOURCE-MME-UE-S1AP-ID]": the
 * UE context named by its S1AP ids ('-' = absent) on an association named by
 * any text (e.g. "10.0.0.1-10.1.0.1"), so that the tracker links an
 * InitialUEMessage (eNB id only) to what follows, and follows handovers. */
static bool parse_s1_key(const char *s, track_event *ev)
{
	const char *part[4] = { 0 };  /* initialised: gcc -O3 cannot see n >= 3 guards them */
	size_t len[4] = { 0 };
	int n = 0;
	s += 3;
	while (n < 4) {
		const char *e = strchr(s, '/');
		part[n] = s;
		len[n] = e ? (size_t)(e - s) : strlen(s);
		n++;
		if (!e)
			break;
		s = e + 1;
	}
	if (n < 3)
		return false;
	ev->assoc = hash_text(part[0], len[0]);
	if (!parse_id(part[1], len[1], &ev->has_mme_ue_id, &ev->mme_ue_id) ||
	    !parse_id(part[2], len[2], &ev->has_enb_ue_id, &ev->enb_ue_id))
		return false;
	if (n == 4 && !parse_id(part[3], len[3], &ev->has_source_mme_ue_id, &ev->source_mme_ue_id))
		return false;
	ev->ue_key = NULL;
	return true;
}

/* "5,6" -> bit mask */
static bool parse_erabs(const char *s, uint16_t *mask)
{
	*mask = 0;
	while (*s) {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 15)
			return false;
		*mask |= (uint16_t)(1u << v);
		s = end;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return true;
}

/* ------------------------------------------------------------ one event */

typedef struct {
	char time[FIELD_CAP], ue[FIELD_CAP], dir[FIELD_CAP], s1ap[FIELD_CAP];
	char frame[FIELD_CAP], erabs[FIELD_CAP], cause[FIELD_CAP], enb[FIELD_CAP], stmsi[FIELD_CAP], plmn[FIELD_CAP];
	char src[FIELD_CAP];
	const char *nas;      /* view into the line */
	size_t nas_len;
} fields;

static void copy_field(char *dst, const char *s, size_t n)
{
	if (n >= FIELD_CAP)
		n = FIELD_CAP - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* Tab-separated (or, without tabs, whitespace-separated) line. */
static bool split_tsv(const char *line, fields *f)
{
	const char *p = line;
	bool tabs = strchr(line, '\t') != NULL;
	const char *v[5];
	size_t n[5];
	int k = 0;
	while (*p && k < 5) {
		while (!tabs && (*p == ' '))
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && (tabs ? *e != '\t' : *e != ' '))
			e++;
		v[k] = p;
		n[k] = (size_t)(e - p);
		k++;
		p = *e ? e + 1 : e;
	}
	if (k < 4)
		return false;
	copy_field(f->time, v[0], n[0]);
	copy_field(f->ue, v[1], n[1]);
	copy_field(f->dir, v[2], n[2]);
	f->nas = v[3];
	f->nas_len = n[3];
	if (k == 5)
		copy_field(f->s1ap, v[4], n[4]);
	return true;
}

/* A flat JSON object: string, number and array-of-number members. Nested
 * objects are refused. Returns false on a syntax error. */
static bool split_json(const char *s, fields *f)
{
	const char *p = s;
#define WS() while (isspace((unsigned char)*p)) p++
	WS();
	if (*p++ != '{')
		return false;
	for (;;) {
		WS();
		if (*p == '}')
			return true;
		if (*p++ != '"')
			return false;
		const char *k = p;
		while (*p && *p != '"')
			p++;
		if (!*p)
			return false;
		size_t kn = (size_t)(p - k);
		p++;
		WS();
		if (*p++ != ':')
			return false;
		WS();
		const char *v = p;
		size_t vn;
		if (*p == '"') {
			v = ++p;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (!*p)
				return false;
			vn = (size_t)(p - v);
			p++;
		} else if (*p == '[') {
			v = ++p;
			while (*p && *p != ']')
				p++;
			if (!*p)
				return false;
			vn = (size_t)(p - v);
			p++;
		} else {
			while (*p && *p != ',' && *p != '}' && !isspace((unsigned char)*p))
				p++;
			vn = (size_t)(p - v);
			if (!vn)
				return false;
		}
#define KEY(name) (kn == strlen(name) && !strncmp(k, name, kn))
		if (KEY("time"))
			copy_field(f->time, v, vn);
		else if (KEY("ue") || KEY("ue_key"))
			copy_field(f->ue, v, vn);
		else if (KEY("dir") || KEY("direction"))
			copy_field(f->dir, v, vn);
		else if (KEY("nas")) {
			f->nas = v;
			f->nas_len = vn;
		} else if (KEY("s1ap") || KEY("event"))
			copy_field(f->s1ap, v, vn);
		else if (KEY("frame"))
			copy_field(f->frame, v, vn);
		else if (KEY("erabs"))
			copy_field(f->erabs, v, vn);
		else if (KEY("cause"))
			copy_field(f->cause, v, vn);
		else if (KEY("enb"))
			copy_field(f->enb, v, vn);
		else if (KEY("stmsi"))
			copy_field(f->stmsi, v, vn);
		else if (KEY("plmn"))
			copy_field(f->plmn, v, vn);
		else if (KEY("src") || KEY("source"))
			copy_field(f->src, v, vn);
#undef KEY
		WS();
		if (*p == ',')
			p++;
		else if (*p != '}')
			return false;
	}
#undef WS
}

/* ----------------------------------------------------------------- output */

typedef struct {
	FILE *out;
	bool json;
	bool quiet;
	bool annotations; /* --json --annotations: one object per event too */
	report *rep;      /* --html: the report being recorded, or NULL */
} sink;

static void on_state(void *c, const track_state_change *x)
{
	report_on_state(((sink *)c)->rep, x);
}

static void on_timer(void *c, const track_timer_run *x)
{
	report_on_timer(((sink *)c)->rep, x);
}

static void on_proc(void *c, const track_proc_record *r)
{
	sink *s = c;
	if (!s->json)
		return;
	FILE *f = s->out;
	fputs("{\"type\":\"procedure\",\"ue_key\":", f);
	json_str(f, r->ue_key);
	fprintf(f, ",\"ue\":%u,\"proc\":", r->ue);
	json_str(f, r->proc);
	fprintf(f, ",\"ebi\":%u,\"pti\":%u,\"outcome\":", r->ebi, r->pti);
	json_str(f, r->outcome);
	if (r->cause >= 0)
		fprintf(f, ",\"cause\":%d", r->cause);
	fprintf(f, ",\"start_frame\":%llu,\"start_time\":%.6f", (unsigned long long)r->start_frame, r->start_time);
	if (r->end_frame)
		fprintf(f, ",\"end_frame\":%llu", (unsigned long long)r->end_frame);
	fprintf(f, ",\"end_time\":%.6f", r->end_time);
	if (r->response_time >= 0)
		fprintf(f, ",\"response_time\":%.6f", r->response_time);
	fprintf(f, ",\"resends\":%u}\n", r->resends);
}

static void on_finding(void *c, const track_finding_row *r)
{
	sink *s = c;
	if (s->rep)
		report_on_finding(s->rep, r);
	if (!s->json)
		return;
	FILE *f = s->out;
	fputs("{\"type\":\"finding\",\"ue_key\":", f);
	json_str(f, r->ue_key);
	fprintf(f, ",\"ue\":%u,\"ue_name\":", r->ue);
	json_str(f, r->ue_name);
	fprintf(f, ",\"frame\":%llu,\"time\":%.6f,\"severity\":", (unsigned long long)r->frame, r->time);
	json_str(f, track_severity_name(r->f.severity));
	fputs(",\"code\":", f);
	json_str(f, r->f.code_name);
	fputs(",\"clause\":", f);
	json_str(f, r->f.clause);
	if (r->proc) {
		fputs(",\"proc\":", f);
		json_str(f, r->proc);
	}
	fprintf(f, ",\"ebi\":%u,\"pti\":%u", r->ebi, r->pti);
	if (r->f.related_frame)
		fprintf(f, ",\"related_frame\":%llu", (unsigned long long)r->f.related_frame);
	if (r->at_finish)
		fputs(",\"at_end\":true", f);
	fputs(",\"text\":", f);
	json_str(f, r->f.text);
	fputs("}\n", f);
}

static void json_state(FILE *f, const char *key, const char *before, const char *after)
{
	if (!before)
		return;
	fprintf(f, ",\"%s\":[", key);
	json_str(f, before);
	fputc(',', f);
	json_str(f, after);
	fputc(']', f);
}

/* One event's annotation as a JSON object (--json --annotations). */
static void json_annotation(FILE *f, const track_event *ev, const char *key, const track_annotation *a)
{
	fprintf(f, "{\"type\":\"annotation\",\"frame\":%llu,\"time\":%.6f,\"ue_key\":", (unsigned long long)ev->frame,
	        ev->time);
	json_str(f, key);
	fprintf(f, ",\"ue\":%u", a->ue);
	if (a->ue) {
		fputs(",\"ue_name\":", f);
		json_str(f, a->ue_name);
	}
	if (a->imsi[0]) {
		fputs(",\"imsi\":", f);
		json_str(f, a->imsi);
	}
	if (a->guti[0]) {
		fputs(",\"guti\":", f);
		json_str(f, a->guti);
	}
	if (ev->kind == TRACK_EV_NAS) {
		fprintf(f, ",\"dir\":\"%s\",\"dir_source\":\"%s\"", a->dir == NAS_UPLINK ? "ul" : a->dir == NAS_DOWNLINK ? "dl" : "-",
		        nas_dir_from_name(a->dir_from));
		if (a->dir_hint != a->dir && a->dir_hint != NAS_DIR_UNKNOWN)
			fprintf(f, ",\"dir_hint\":\"%s\"", a->dir_hint == NAS_UPLINK ? "ul" : "dl");
	}
	if (a->duplicate)
		fputs(",\"duplicate\":true", f);
	if (a->msg_name) {
		fputs(",\"msg\":", f);
		json_str(f, a->msg_name);
		fprintf(f, ",\"pti\":%u", a->pti);
	}
	if (a->proc) {
		fputs(",\"proc\":", f);
		json_str(f, a->proc);
	}
	if (a->ebi)
		fprintf(f, ",\"ebi\":%u", a->ebi);
	json_state(f, "mme", a->mme_before, a->mme_after);
	json_state(f, "ue_state", a->ue_before, a->ue_after);
	if (a->has_response_to)
		fprintf(f, ",\"response_to\":%llu,\"response_time\":%.6f", (unsigned long long)a->response_to,
		        a->response_time);
	if (a->retrans_count)
		fprintf(f, ",\"retrans_of\":%llu,\"retrans_count\":%u", (unsigned long long)a->retrans_of,
		        a->retrans_count);
	if (a->timer_name) {
		fputs(",\"timer\":", f);
		json_str(f, a->timer_name);
		fprintf(f, ",\"timer_expiries\":%u", a->timer_expiries);
	}
	if (a->backoff) {
		if (a->backoff_deactivated)
			fputs(",\"backoff\":\"deactivated\"", f);
		else
			fprintf(f, ",\"backoff\":%.0f", a->backoff_s);
	}
	if (a->timer_stopped_name) {
		fputs(",\"stops\":", f);
		json_str(f, a->timer_stopped_name);
	}
	if (a->sec.integrity != TRACK_INT_NONE) {
		fputs(",\"integrity\":", f);
		json_str(f, track_integrity_name(a->sec.integrity));
		if (a->sec.count_known)
			fprintf(f, ",\"nas_count\":%u", a->sec.count);
		if (a->sec.deciphered)
			fputs(",\"deciphered\":true", f);
	}
	fputs(",\"findings\":[", f);
	for (int i = 0; i < a->n_findings; i++) {
		if (i)
			fputc(',', f);
		json_str(f, a->f[i].code_name);
	}
	fputs("]}\n", f);
}

/* The bearer table as JSON objects (--json --annotations). */
static void json_bearers(FILE *f, track *t)
{
	size_t n;
	const track_bearer_row *b = track_bearers(t, &n);
	for (size_t i = 0; i < n; i++) {
		fputs("{\"type\":\"bearer\",\"ue_key\":", f);
		json_str(f, b[i].ue_key);
		fprintf(f, ",\"ue\":%u,\"ue_name\":", b[i].ue);
		json_str(f, b[i].ue_name);
		fprintf(f, ",\"ebi\":%u,\"kind\":\"%s\",\"linked_ebi\":%u,\"qci\":%u,\"apn\":",
		        b[i].ebi, !b[i].kind_known ? "unknown" : b[i].is_default ? "default" : "dedicated",
		        b[i].linked_ebi, b[i].qci);
		json_str(f, b[i].apn);
		fputs(",\"address\":", f);
		json_str(f, b[i].addr);
		if (b[i].activated)
			fprintf(f, ",\"activated_frame\":%llu,\"activated_time\":%.6f",
			        (unsigned long long)b[i].activated_frame, b[i].activated_time);
		if (b[i].deactivated)
			fprintf(f, ",\"deactivated_frame\":%llu,\"deactivated_time\":%.6f",
			        (unsigned long long)b[i].deactivated_frame, b[i].deactivated_time);
		fprintf(f, ",\"resends\":%u,\"mme_state\":", b[i].resends);
		json_str(f, b[i].final_state);
		fputs(",\"ue_state\":", f);
		json_str(f, b[i].final_ue_state);
		fputs(",\"how\":", f);
		json_str(f, b[i].how_ended);
		fputs("}\n", f);
	}
}

/* A UE name for the text output: a replay key may hold any bytes (JSON
 * output escapes them; text gets valid UTF-8 without control characters). */
static const char *text_name(const char *s, char *buf, size_t n)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 1 < n;) {
		/* the length of a well-formed UTF-8 sequence here (RFC 3629), 0 none */
		size_t k = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ? 2 : *p >= 0xE0 && *p <= 0xEF ? 3
		         : *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;
		for (size_t j = 1; j < k; j++)
			if ((p[j] & 0xC0) != 0x80)
				k = 0;
		if ((k == 3 && ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] > 0x9F))) ||
		    (k == 4 && ((*p == 0xF0 && p[1] < 0x90) || (*p == 0xF4 && p[1] > 0x8F))))
			k = 0; /* overlong, surrogate, beyond U+10FFFF */
		if (k == 0 || (k == 1 && (*p < 0x20 || *p == 0x7f))) {
			buf[o++] = '?';
			p++;
			continue;
		}
		if (o + k >= n)
			break;
		memcpy(buf + o, p, k);
		o += k;
		p += k;
	}
	buf[o] = 0;
	return buf;
}

static void print_annotation(FILE *f, const track_event *ev, const char *key, const track_annotation *a)
{
	char nb[TRACK_NAME_MAX];
	fprintf(f, "%6llu %12.6f UE %-3u %-24.24s %s ", (unsigned long long)ev->frame, ev->time, a->ue,
	        text_name(a->ue_name[0] ? a->ue_name : key, nb, sizeof nb),
	        ev->kind != TRACK_EV_NAS ? "S1" : a->dir == NAS_UPLINK ? "UL" : a->dir == NAS_DOWNLINK ? "DL" : "--");
	if (a->duplicate) {
		fputs("(UE-side duplicate copy)\n", f);
		return;
	}
	if (a->msg_name)
		fprintf(f, "%s", a->msg_name);
	else if (ev->kind == TRACK_EV_NAS && ev->nas && ev->nas->is_service_request)
		fputs("SERVICE REQUEST", f);
	else if (ev->kind == TRACK_EV_NAS && ev->nas && ev->nas->is_emm)
		fprintf(f, "%s", nas_emm_msg_name(ev->nas->emm_type));
	else if (ev->kind != TRACK_EV_NAS) {
		static const char *const names[TRACK_EV__COUNT] = {
			"NAS", "UE CONTEXT RELEASE REQUEST", "UE CONTEXT RELEASE COMMAND",
			"UE CONTEXT RELEASE COMPLETE", "INITIAL CONTEXT SETUP FAILURE",
			"INITIAL CONTEXT SETUP REQUEST", "E-RAB RELEASE INDICATION", "HANDOVER REQUIRED",
			"HANDOVER COMMAND", "HANDOVER REQUEST", "HANDOVER REQUEST ACKNOWLEDGE", "HANDOVER NOTIFY",
			"PATH SWITCH REQUEST", "PATH SWITCH REQUEST ACKNOWLEDGE", "NAS NON DELIVERY INDICATION",
		};
		fputs(ev->kind < TRACK_EV__COUNT ? names[ev->kind] : "?", f);
	}
	if (a->is_esm)
		fprintf(f, "  pti %u", a->pti);
	if (a->ebi)
		fprintf(f, "  ebi %u", a->ebi);
	if (a->proc)
		fprintf(f, "  [%s]", a->proc);
	if (a->mme_before)
		fprintf(f, "  MME %s -> %s, UE %s -> %s", a->mme_before, a->mme_after ? a->mme_after : "?",
		        a->ue_before, a->ue_after ? a->ue_after : "?");
	if (a->has_response_to)
		fprintf(f, "  answers %llu (%.3f s)", (unsigned long long)a->response_to, a->response_time);
	if (a->retrans_count)
		fprintf(f, "  resend %u of %llu", a->retrans_count, (unsigned long long)a->retrans_of);
	if (a->timer_name)
		fprintf(f, "  %s%s", a->timer_name, a->timer_expiries ? "" : " started");
	if (a->timer_expiries)
		fprintf(f, " x%u", a->timer_expiries);
	if (a->timer_stopped_name)
		fprintf(f, "  stops %s", a->timer_stopped_name);
	if (a->backoff && a->backoff_deactivated)
		fputs("  T3396 deactivated", f);
	else if (a->backoff)
		fprintf(f, "  T3396 %.0f s", a->backoff_s);
	if (a->sec.integrity != TRACK_INT_NONE && (a->sec.integrity != TRACK_INT_UNCHECKED || a->sec.count_known)) {
		fprintf(f, "  [integrity %s", track_integrity_name(a->sec.integrity));
		if (a->sec.count_known)
			fprintf(f, ", COUNT %u", a->sec.count);
		fputs(a->sec.deciphered ? ", deciphered]" : "]", f);
	}
	fputc('\n', f);
	for (int i = 0; i < a->n_findings; i++)
		fprintf(f, "%28s [%s] %s (%s): %s\n", "", track_severity_name(a->f[i].severity), a->f[i].code_name,
		        a->f[i].clause ? a->f[i].clause : "", a->f[i].text);
	if (a->n_findings_dropped)
		fprintf(f, "%28s (%u more findings)\n", "", a->n_findings_dropped);
}

static void print_tables(FILE *f, track *t)
{
	size_t n;
	const track_proc_stats *ps = track_procs(t, &n);
	fputs("\nProcedures (TS 24.301)            started  ok  rejected aborted pending resends"
	      "   rt min/mean/max (s)\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const track_proc_stats *p = &ps[i];
		if (!p->started && !p->aborted && !p->pending)
			continue;
		fprintf(f, "  %-28s %-7s %5u %4u %7u %7u %7u %7u", p->proc, p->clause, p->started, p->succeeded,
		        p->rejected, p->aborted, p->pending, p->resends);
		if (p->n_rt)
			fprintf(f, "   %.3f/%.3f/%.3f", p->rt_min, p->rt_mean, p->rt_max);
		fputc('\n', f);
		for (int c = 0; c < 256; c++)
			if (p->rejected_by_cause[c])
				fprintf(f, "      rejected #%d %s: %u\n", c, nas_esm_cause_name((uint8_t)c),
				        p->rejected_by_cause[c]);
	}

	const track_bearer_row *br = track_bearers(t, &n);
	fputs("\nBearers\n  UE  EBI kind       LBI QCI APN                  address          activated  ended"
	      "      how          MME/UE state          UE name\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const track_bearer_row *b = &br[i];
		char act[24] = "-", end[24] = "-";
		if (b->activated)
			snprintf(act, sizeof(act), "%llu", (unsigned long long)b->activated_frame);
		if (b->deactivated)
			snprintf(end, sizeof(end), "%llu", (unsigned long long)b->deactivated_frame);
		char states[64];
		snprintf(states, sizeof states, "%s/%s", b->final_state, b->final_ue_state);
		char nb[TRACK_NAME_MAX];
		fprintf(f, "  %-3u %3u %-10s %3u %3u %-20.20s %-16.16s %-10s %-10s %-12s %-21s %s\n", b->ue, b->ebi,
		        !b->kind_known ? "-" : b->is_default ? "default" : "dedicated", b->linked_ebi, b->qci, b->apn[0] ? b->apn : "-",
		        b->addr[0] ? b->addr : "-", act, end, b->how_ended ? b->how_ended : "-", states, text_name(b->ue_name, nb, sizeof nb));
	}

	const track_finding_row *fr = track_findings(t, &n);
	fprintf(f, "\nTriage (%zu findings, most severe first)\n", n);
	for (size_t i = 0; i < n; i++) {
		const track_finding_row *r = &fr[i];
		char nb[TRACK_NAME_MAX];
		fprintf(f, "  %-5s %-30s UE %-3u frame %-6llu %-10s %s [%s]\n", track_severity_name(r->f.severity),
		        r->f.code_name, r->ue, (unsigned long long)r->frame, r->f.clause ? r->f.clause : "", r->f.text,
		        text_name(r->ue_name, nb, sizeof nb));
	}
	track_counters c;
	track_get_counters(t, &c);
	fputs("\nDirection (the source's hint against the message; TS 24.301 tables 9.8.1, 9.8.2)\n"
	      "  source    NAS  no hint  overruled  by message  by decode  by state  unknown\n", f);
	for (uint8_t i = 0; i < TRACK_SRC__COUNT; i++) {
		const track_dir_counts *d = &c.dir[i];
		if (d->nas)
			fprintf(f, "  %-8s %4u %8u %10u %11u %10u %9u %8u\n", track_source_name(i), d->nas, d->no_hint,
			        d->overruled, d->by_message, d->by_decode, d->by_state, d->unknown);
	}
	if (c.finding_rows_dropped || c.bearer_rows_dropped || c.ues_over_cap)
		fprintf(f, "  (not kept: %u findings, %u bearer rows; UEs over the cap: %u)\n", c.finding_rows_dropped,
		        c.bearer_rows_dropped, c.ues_over_cap);
}

/* ------------------------------------------------------------------ main */

/* Reads one line into buf (NUL-terminated, no newline). Returns -1 at EOF,
 * 1 when the line was longer than the buffer (rest discarded), else 0. */
static int read_line(FILE *in, char *buf, size_t cap)
{
	size_t n = 0;
	int c, too_long = 0;
	while ((c = fgetc(in)) != EOF && c != '\n') {
		if (n + 1 < cap)
			buf[n++] = (char)c;
		else
			too_long = 1;
	}
	if (c == EOF && n == 0 && !too_long)
		return -1;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = 0;
	return too_long;
}

static bool set_timer_opt(track_config *c, const char *opt, const char *val)
{
	bool abort_opt = !strncmp(opt, "--abort-", 8);
	const char *name = opt + (abort_opt ? 8 : 2);
	for (int i = 0; i < TRACK_TIMER__COUNT; i++) {
		if (!ci_equal(name, track_timer_name((uint8_t)i)))
			continue;
		double v;
		if (!val || !parse_double(val, &v) || v <= 0 || (abort_opt && (v > 255 || v != floor(v))))
			return false;
		if (abort_opt)
			c->abort_expiries[i] = (uint8_t)v;
		else
			c->timer_s[i] = v;
		return true;
	}
	return false;
}

int esmtrace_replay_main(int argc, char **argv)
{
	track_config cfg;
	track_config_default(&cfg);
	sink s = { stdout, false, false, false, NULL };
	bool ue_side = false;
	const char *path = NULL, *keys_path = NULL, *html = NULL;
	bool has_plmn = false;
	uint8_t plmn[3];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--json"))
			s.json = true;
		else if (!strcmp(a, "--quiet"))
			s.quiet = true;
		else if (!strcmp(a, "--annotations"))
			s.annotations = true;
		else if (!strcmp(a, "--no-eea0"))
			cfg.assume_eea0 = false;
		else if (!strcmp(a, "--no-ip-conflicts"))
			cfg.check_ip_conflicts = false;
		else if (!strcmp(a, "--ue-side"))
			ue_side = true;
		else if (!strcmp(a, "--keys") && i + 1 < argc)
			keys_path = argv[++i];
		else if (!strcmp(a, "--plmn") && i + 1 < argc) {
			if (!nas_plmn_parse(argv[++i], plmn)) {
				fprintf(stderr, "esmtrace replay: --plmn needs MCC and MNC digits, e.g. 00101\n");
				return 2;
			}
			has_plmn = true;
		} else if (!strcmp(a, "--html")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				fprintf(stderr, "esmtrace replay: --html needs a file name\n");
				return 2;
			}
			html = argv[++i];
		}
		else if (!strcmp(a, "--tolerance")) {
			if (i + 1 >= argc || !parse_double(argv[i + 1], &cfg.tolerance_s) || cfg.tolerance_s < 0) {
				fprintf(stderr, "esmtrace replay: --tolerance needs seconds >= 0\n");
				return 2;
			}
			i++;
		} else if (!strncmp(a, "--t", 3) || !strncmp(a, "--abort-t", 9)) {
			if (!set_timer_opt(&cfg, a, i + 1 < argc ? argv[i + 1] : NULL)) {
				fprintf(stderr, "esmtrace replay: bad timer option %s\n", a);
				return 2;
			}
			i++;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "esmtrace replay: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else if (!path)
			path = a;
		else {
			fprintf(stderr, "esmtrace replay: one input only\n");
			return 2;
		}
	}
	if (!path) {
		usage(stderr);
		return 2;
	}
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		fprintf(stderr, "esmtrace replay: cannot open %s\n", path);
		return 2;
	}
	track_keys *keys = NULL;
	if (keys_path) {
		char err[512];
		keys = track_keys_new();
		if (!track_keys_load(keys, keys_path, err, sizeof err)) {
			fprintf(stderr, "esmtrace replay: %s\n", err);
			track_keys_free(keys);
			if (in != stdin)
				fclose(in);
			return 2;
		}
	}
	cfg.on_proc = on_proc;
	cfg.on_finding = on_finding;
	cfg.cb_ctx = &s;
	FILE *html_out = NULL;
	if (html) {
		/* opened first: a report that cannot be written is a usage error, before any work */
		html_out = fopen(html, "w");
		if (!html_out) {
			fprintf(stderr, "esmtrace replay: cannot write %s\n", html);
			track_keys_free(keys);
			if (in != stdin)
				fclose(in);
			return 2;
		}
		s.rep = report_new();
		cfg.on_state = on_state;
		cfg.on_timer = on_timer;
	}
	track *t = track_new(&cfg);
	if (keys)
		track_set_keys(t, keys);
	char *line = malloc(LINE_CAP);
	uint8_t *bytes = malloc(NAS_CAP), *plain = malloc(NAS_CAP);
	nas_pdu *pdu = malloc(sizeof(*pdu)), *dpdu = malloc(sizeof(*dpdu));
	if (!t || !line || !bytes || !pdu || !plain || !dpdu) {
		fprintf(stderr, "esmtrace replay: out of memory\n");
		return 2;
	}
	nas_opts nopts = { .try_ciphered_as_plain = cfg.assume_eea0 };
	unsigned long lineno = 0, bad = 0;
	double last_time = 0;
	bool any_time = false;
	int r;

	while ((r = read_line(in, line, LINE_CAP)) >= 0) {
		lineno++;
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (r == 1) {
			fprintf(stderr, "esmtrace replay: line %lu: longer than %d bytes, skipped\n", lineno, LINE_CAP);
			bad++;
			continue;
		}
		fields f;
		memset(&f, 0, sizeof(f));
		if (!(*p == '{' ? split_json(p, &f) : split_tsv(p, &f))) {
			fprintf(stderr, "esmtrace replay: line %lu: not an event line\n", lineno);
			bad++;
			continue;
		}
		track_event ev;
		track_event_init(&ev, TRACK_EV_NAS, 0, lineno);
		bool has_nas = f.nas && f.nas_len && !(f.nas_len == 1 && f.nas[0] == '-');
		const char *why = NULL;
		if (!parse_double(f.time, &ev.time))
			why = "bad time";
		else if (!f.ue[0])
			why = "no ue_key";
		else if (f.s1ap[0] && !parse_s1ap(f.s1ap, has_nas, &ev))
			why = "unknown s1ap_procedure";
		else if (f.cause[0] && !parse_cause(f.cause, &ev))
			why = "bad cause";
		else if (f.erabs[0] && !parse_erabs(f.erabs, &ev.erab_mask))
			why = "bad erabs";
		else if ((ev.kind == TRACK_EV_NAS || ev.kind == TRACK_EV_NAS_NON_DELIVERY) && !has_nas)
			why = "no NAS";
		else if (ev.kind == TRACK_EV_NAS && !parse_dir(f.dir, &ev.dir))
			why = "bad direction";
		else if (f.src[0] && !parse_src(f.src, &ev.source))
			why = "bad src";
		if (f.frame[0]) {
			char *end;
			unsigned long long fr = strtoull(f.frame, &end, 10);
			if (*end || end == f.frame)
				why = "bad frame";
			else
				ev.frame = fr;
		}
		if (f.enb[0]) { /* any text naming the eNodeB; hashed to a non-zero id */
			uint64_t h = 1469598103934665603ull;
			for (const char *q = f.enb; *q; q++)
				h = (h ^ (uint8_t)*q) * 1099511628211ull;
			ev.enb_node = h ? h : 1;
		}
		if (f.stmsi[0]) { /* "MMEC:M-TMSI" in hex, from an InitialUEMessage */
			char *end;
			unsigned long mmec = strtoul(f.stmsi, &end, 16);
			unsigned long long tmsi = *end == ':' ? strtoull(end + 1, &end, 16) : 0;
			if (*end || mmec > 255 || tmsi > 0xffffffffull)
				why = "bad stmsi";
			ev.has_s_tmsi = true;
			ev.s_tmsi_mmec = (uint8_t)mmec;
			ev.s_tmsi_m_tmsi = (uint32_t)tmsi;
		}
		if (f.plmn[0]) {
			if (!nas_plmn_parse(f.plmn, ev.plmn))
				why = "bad plmn";
			ev.has_plmn = true;
		} else if (has_plmn) {
			memcpy(ev.plmn, plmn, 3);
			ev.has_plmn = true;
		}
		if (why) {
			fprintf(stderr, "esmtrace replay: line %lu: %s, skipped\n", lineno, why);
			bad++;
			continue;
		}
		if (ev.kind == TRACK_EV_NAS_NON_DELIVERY)
			ev.dir = NAS_DOWNLINK;
		ev.ue_key = f.ue;
		/* NAS from an RRC message or a modem's NAS log is UE-side, whatever the options */
		ev.ue_side = ue_side || ev.source == TRACK_SRC_RRC || ev.source == TRACK_SRC_NAS_LOG;
		if (!strncmp(f.ue, "s1:", 3))
			ev.ue_label = f.ue;
		if (!f.src[0] && !strncmp(f.ue, "s1:", 3)) /* S1AP ids: the NAS came in S1AP */
			ev.source = TRACK_SRC_S1AP;
		if (!strncmp(f.ue, "s1:", 3) && !parse_s1_key(f.ue, &ev)) {
			fprintf(stderr, "esmtrace replay: line %lu: bad s1: key, skipped\n", lineno);
			bad++;
			continue;
		}
		if (has_nas) {
			long n = parse_hex(f.nas, f.nas_len, bytes, NAS_CAP);
			if (n < 0) {
				fprintf(stderr, "esmtrace replay: line %lu: bad NAS hex, skipped\n", lineno);
				bad++;
				continue;
			}
			nas_decode(bytes, (size_t)n, ev.dir, &nopts, pdu);
			ev.nas = pdu;
			ev.nas_status = pdu->ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
			/* NAS security: a deciphered message is decoded like a plain one */
			track_sec sec;
			if (track_unprotect(t, &ev, bytes, (uint32_t)n, plain, &sec)) {
				nas_opts dopts = nopts;
				dopts.deciphered = true;
				nas_decode(plain, (size_t)n, ev.dir, &dopts, dpdu);
				ev.nas = dpdu;
				ev.nas_status = TRACK_NAS_DECODED;
			}
		}
		if (!any_time || ev.time > last_time)
			last_time = ev.time;
		any_time = true;
		track_annotation a;
		track_feed(t, &ev, &a);
		if (s.rep)
			report_event(s.rep, &ev, &a);
		if (s.json && s.annotations)
			json_annotation(stdout, &ev, f.ue, &a);
		else if (!s.json && !s.quiet)
			print_annotation(stdout, &ev, f.ue, &a);
	}
	if (in != stdin)
		fclose(in);
	track_finish(t, last_time);
	if (!s.json)
		print_tables(stdout, t);
	else if (s.annotations)
		json_bearers(stdout, t);
	track_counters c;
	track_get_counters(t, &c);
	int status = bad ? 2 : (c.findings_by_severity[TRACK_SEV_WARN] || c.findings_by_severity[TRACK_SEV_ERROR]) ? 1 : 0;
	if (s.rep) {
		const char *slash = strrchr(path, '/');
		report_options ro = { .title = strcmp(path, "-") ? (slash ? slash + 1 : path) : "standard input",
		                      .generator = "esmtrace replay", .config = &cfg };
		if (report_write_html(s.rep, t, &ro, html_out) != 0 || fclose(html_out) != 0) {
			fprintf(stderr, "esmtrace replay: writing %s failed\n", html);
			status = 2;
		}
		report_free(s.rep);
	}
	track_free(t);
	track_keys_free(keys);
	free(line);
	free(bytes);
	free(plain);
	free(pdu);
	free(dpdu);
	return status;
}
