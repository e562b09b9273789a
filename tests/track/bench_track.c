/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tracker benchmark: 1,000,000 events from 100,000 UEs (default), each UE
 * living through attach (default bearer with ATTACH ACCEPT), a dedicated
 * bearer, a modification, its deactivation and a detach: 10 NAS events per
 * UE. The UEs are interleaved in waves of --live UEs so that many are in
 * flight at once. The NAS messages are decoded once, outside the timing (the
 * tracker never decodes); per UE the IMSI, GUTI and IPv4 address differ.
 * Prints events per second and the peak resident memory (getrusage).
 *
 *   bench_track [--ues N] [--live N] [--s1] [--rows N] [--report FILE]
 *     --s1      identify UEs by S1AP ids instead of ue_key strings
 *     --rows    rows kept for the bearer and findings tables (default 100000;
 *               0 = streaming use: memory then follows the UEs in flight only)
 *     --report  also record the HTML report (its recording counts in the
 *               tracker's time) and write it to FILE after track_finish: its
 *               write time (CPU), its size, and the write time over the
 *               tracker's (the report must not take longer than the analysis)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "esmtrace/nas.h"
#include "esmtrace/report.h"
#include "esmtrace/track.h"

typedef struct {
	nas_dir dir;
	int16_t s1ap;
	const char *hex;
	uint8_t b[128];
	size_t n;
	nas_pdu pdu;
} tmpl;

/* One UE's life (TS 24.301 5.5.1.2, 6.4.1.2, 6.4.2, 6.4.3, 6.4.4, 5.5.2). */
static tmpl life[] = {
	{ NAS_UPLINK, 12, "07417108091010000000001002e0e000040201d011", { 0 }, 0, { 0 } },
	{ NAS_DOWNLINK, 9, "07420121060000f110000100155201c101090908696e7465726e657405010a2d0002500bf600f110000101c0000001", { 0 }, 0, { 0 } },
	{ NAS_UPLINK, 13, "074300035200c2", { 0 }, 0, { 0 } },
	{ NAS_DOWNLINK, 5, "6200c5050501404040400621310a023011", { 0 }, 0, { 0 } },
	{ NAS_UPLINK, 13, "6200c6", { 0 }, 0, { 0 } },
	{ NAS_DOWNLINK, 6, "6200c95b050160606060", { 0 }, 0, { 0 } },
	{ NAS_UPLINK, 13, "6200ca", { 0 }, 0, { 0 } },
	{ NAS_DOWNLINK, 7, "6200cd24", { 0 }, 0, { 0 } },
	{ NAS_UPLINK, 13, "6200ce", { 0 }, 0, { 0 } },
	{ NAS_UPLINK, 13, "0745010bf600f110000101c0000001", { 0 }, 0, { 0 } },
};
#define STEPS (sizeof(life) / sizeof(life[0]))

static void hex2bin(tmpl *t)
{
	const char *h = t->hex;
	for (t->n = 0; h[0] && h[1] && t->n < sizeof(t->b); h += 2) {
		unsigned v;
		sscanf(h, "%2x", &v);
		t->b[t->n++] = (uint8_t)v;
	}
}

/* Per-UE identities written into the decoded messages' bytes (the decoded
 * views point there): IMSI digits, M-TMSI, IPv4 address. */
static void personalise(uint32_t ue)
{
	uint8_t *imsi = life[0].b + 8;  /* last 4 BCD octets of the IMSI */
	imsi[0] = (uint8_t)((ue % 10) << 4 | (ue / 10) % 10);
	imsi[1] = (uint8_t)(((ue / 100) % 10) << 4 | (ue / 1000) % 10);
	imsi[2] = (uint8_t)(((ue / 10000) % 10) << 4 | (ue / 100000) % 10);
	uint8_t *tmsi_acc = life[1].b + life[1].n - 4, *tmsi_det = life[9].b + life[9].n - 4;
	uint8_t *ip = life[1].b + 30;   /* PDN address IPv4 octets */
	for (int i = 0; i < 4; i++)
		tmsi_acc[i] = tmsi_det[i] = (uint8_t)(ue >> (24 - 8 * i));
	ip[0] = 10;
	ip[1] = (uint8_t)(ue >> 16);
	ip[2] = (uint8_t)(ue >> 8);
	ip[3] = (uint8_t)ue;
}

/* CPU time of this process: on a shared machine wall time measures the
 * neighbours too */
static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint32_t n_ues = 100000, live = 10000;
	bool s1 = false;
	long rows = -1;
	const char *report_path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ues") && i + 1 < argc)
			n_ues = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--live") && i + 1 < argc)
			live = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--s1"))
			s1 = true;
		else if (!strcmp(argv[i], "--rows") && i + 1 < argc)
			rows = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--report") && i + 1 < argc)
			report_path = argv[++i];
		else {
			fprintf(stderr, "usage: bench_track [--ues N] [--live N] [--s1] [--rows N] [--report FILE]\n");
			return 2;
		}
	}
	if (!live || live > n_ues)
		live = n_ues;
	for (size_t s = 0; s < STEPS; s++) {
		hex2bin(&life[s]);
		nas_decode(life[s].b, life[s].n, life[s].dir, NULL, &life[s].pdu);
		if (!life[s].pdu.valid) {
			fprintf(stderr, "template %zu does not decode\n", s);
			return 1;
		}
	}
	char (*keys)[16] = malloc((size_t)n_ues * sizeof(*keys));
	if (!keys)
		return 1;
	for (uint32_t u = 0; u < n_ues; u++)
		snprintf(keys[u], sizeof(keys[u]), "mme/%u", u);

	track_config cfg;
	track_config_default(&cfg);
	if (rows >= 0)
		cfg.max_bearer_rows = cfg.max_finding_rows = (uint32_t)rows;
	report *rep = report_path ? report_new() : NULL;
	if (rep)
		report_attach(rep, &cfg);
	track *t = track_new(&cfg);
	track_annotation a;
	track_event ev;
	uint64_t frame = 0, findings = 0;
	double clock = 0, t0 = now_s(), decode_s = 0;

	/* waves of `live` UEs: step s of every UE of the wave, then step s+1;
	 * a minute between waves, so detached UEs of the last wave are freed */
	for (uint32_t w = 0; w < n_ues; w += live, clock += 60) {
		uint32_t end = w + live < n_ues ? w + live : n_ues;
		for (size_t s = 0; s < STEPS; s++) {
			for (uint32_t u = w; u < end; u++) {
				if (s <= 1 || s == STEPS - 1) {
					/* re-decode the personalised messages (views into b[]) */
					double d0 = now_s();
					personalise(u);
					nas_decode(life[s].b, life[s].n, life[s].dir, NULL, &life[s].pdu);
					decode_s += now_s() - d0;
				}
				track_event_init(&ev, TRACK_EV_NAS, clock, ++frame);
				clock += 0.00001; /* 10 us: a UE's steps are live x 10 us apart */
				if (s1) {
					ev.assoc = 1;
					ev.has_enb_ue_id = true;
					ev.enb_ue_id = u & 0xffffff;
					ev.has_mme_ue_id = s > 0;
					ev.mme_ue_id = u;
					ev.s1ap_proc = life[s].s1ap;
				} else
					ev.ue_key = keys[u];
				ev.dir = life[s].dir;
				ev.nas = &life[s].pdu;
				findings += (uint64_t)track_feed(t, &ev, &a);
				if (rep)
					report_event(rep, &ev, &a);
			}
		}
	}
	double elapsed = now_s() - t0 - decode_s;
	track_finish(t, clock);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	track_counters c;
	track_get_counters(t, &c);
	printf("events: %llu from %u UEs (%u in flight, %s)\n", (unsigned long long)frame, n_ues, live,
	       s1 ? "S1AP ids" : "ue_key");
	printf("tracker CPU time: %.3f s (NAS decoding of personalised messages excluded: %.3f s)\n", elapsed,
	       decode_s);
	printf("events per second (CPU time): %.0f\n", frame / elapsed);
	printf("peak memory (maxrss): %ld KiB\n", ru.ru_maxrss);
	printf("UEs live at end: %u, freed: %u; findings: %llu (local deactivation at each detach)\n", c.ues_live,
	       c.ues_freed, (unsigned long long)findings);
	if (rep) {
		FILE *f = fopen(report_path, "w");
		if (!f) {
			fprintf(stderr, "cannot write %s\n", report_path);
			return 1;
		}
		double w0 = now_s();
		int r = report_write_html(rep, t, &(report_options){ .title = "bench_track", .generator = "bench_track",
		                                                     .config = &cfg }, f);
		double write_s = now_s() - w0;
		if (fclose(f) != 0 || r != 0) {
			fprintf(stderr, "writing %s failed\n", report_path);
			return 1;
		}
		report_stats st;
		report_get_stats(rep, &st);
		printf("report: %s, %llu octets, %u UEs (%u with findings), %u findings\n", report_path,
		       (unsigned long long)st.bytes, st.ues, st.ues_with_findings, st.findings);
		printf("report write CPU time: %.3f s, %.2f of the tracker's (recording included in it)\n", write_s,
		       write_s / elapsed);
		getrusage(RUSAGE_SELF, &ru);
		printf("peak memory after writing (maxrss): %ld KiB\n", ru.ru_maxrss);
		report_free(rep);
	}
	track_free(t);
	free(keys);
	return 0;
}
