/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decode benchmark: the esmtrace decoder against libosmocore's tlv_parse().
 *
 * Reads a corpus of real NAS PDUs ("U|D <hex>" per line: corpus.txt, every
 * NAS-PDU of the shared S1AP captures, made by tests/diff/nas_captures.py) and
 * times, as CPU time per message, best of ROUNDS:
 *   decode  nas_decode(): envelope, EMM, ESM message table, every IE checked
 *           on the decode path (typed checks and PCO/ePCO walk included);
 *   typed   decode plus what a consumer then extracts: APN text, EPS QoS,
 *           PDN address, APN-AMBR, TFT, and every PCO/ePCO container;
 *   esm     esm_decode() of the plain ESM message alone (mandatory and
 *           optional IEs, typed checks, PCO walk; no envelope, no EMM);
 *   osmo    libosmocore tlv_parse() over each message's optional ESM IEs with
 *           a tlv_definition of the ESM IEIs (24.301 clause 8.3): a bare TLV
 *           walk, the field's reference. Where the optional part starts is
 *           found before timing; the walk does no envelope, no EMM, no
 *           mandatory IE and no value check, so it is the cheaper job.
 * decode and typed run over all PDUs and over those carrying ESM; esm and osmo
 * over those carrying ESM, on which the ratios are taken (target: decode
 * within 2x of osmo). It also counts heap allocations made while the decode
 * loops run (malloc, calloc, realloc, free and the aligned variants are
 * interposed): it must be 0 (DESIGN.md: no allocation).
 *
 * usage: bench_decode [-n ROUNDS] [-t SECONDS] [-w WORKLOAD] CORPUS
 *   -n ROUNDS   timed rounds per workload, best one kept (default 5)
 *   -t SECONDS  minimum CPU time per round (default 0.3); 0 = one pass (smoke test)
 *   -w WORKLOAD run only this one (decode-all, typed-all, decode, typed, esm,
 *               osmo): with -t 0, instruction counts per message are the Ir of
 *               measure() over ROUNDS x messages (tests/bench/callgrind.sh)
 * Exit 1 when the decode path allocated, the hook is not active or the corpus
 * has no ESM message; 2 on usage errors.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <osmocom/gsm/tlv.h>

#include "esmtrace/nas.h"

/* ------------------------------------------------ counting allocator hook */
/* Interposed over glibc's allocator, so every allocation in the process is
 * seen, including any made inside libc on the decoder's behalf. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static volatile unsigned long n_alloc;

void *malloc(size_t n) { n_alloc++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { n_alloc++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { n_alloc++; return __libc_realloc(p, n); }
void free(void *p) { if (p) n_alloc++; __libc_free(p); }
void *memalign(size_t al, size_t n) { n_alloc++; return __libc_memalign(al, n); }
void *aligned_alloc(size_t al, size_t n) { n_alloc++; return __libc_memalign(al, n); }
int posix_memalign(void **out, size_t al, size_t n)
{
	n_alloc++;
	*out = __libc_memalign(al, n);
	return *out ? 0 : 12 /* ENOMEM */;
}

/* ----------------------------------------------------------------- corpus */

typedef struct {
	const uint8_t *p;
	uint32_t len;
	nas_dir dir;
	bool has_esm;              /* carries an ESM message (alone or in an EMM container) */
	uint32_t esm_off, esm_len; /* where the plain ESM message sits */
	uint32_t opt_off, opt_len; /* its optional IEs, for the tlv_parse baseline */
} msg;

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t load(const char *path, msg **out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t n = 0, cap = 0;
	msg *m = NULL;
	char line[1 << 14];
	while (fgets(line, sizeof line, f)) {
		if (line[0] != 'U' && line[0] != 'D')
			continue;
		size_t hl = strspn(line + 2, "0123456789abcdefABCDEF") / 2;
		if (!hl)
			continue;
		uint8_t *b = malloc(hl);
		for (size_t i = 0; i < hl; i++)
			b[i] = (uint8_t)(hexval(line[2 + 2 * i]) << 4 | hexval(line[3 + 2 * i]));
		if (n == cap) {
			cap = cap ? 2 * cap : 512;
			m = realloc(m, cap * sizeof *m);
		}
		m[n++] = (msg){ b, (uint32_t)hl, line[0] == 'U' ? NAS_UPLINK : NAS_DOWNLINK, false, 0, 0, 0, 0 };
	}
	fclose(f);
	*out = m;
	return n;
}

/* Where the optional IEs of the ESM message start: after the last mandatory
 * IE the decoder found (found once, before any timing). */
static void locate_optional(msg *m)
{
	nas_pdu pdu;
	nas_decode(m->p, m->len, m->dir, NULL, &pdu);
	m->has_esm = pdu.esm.present && pdu.esm.def;
	m->esm_off = pdu.esm.off;
	m->esm_len = pdu.esm.len;
	if (!m->has_esm) {
		m->opt_off = m->opt_len = 0;
		return;
	}
	uint32_t end = pdu.esm.off + 3;
	for (int i = 0; i < pdu.esm.def->n_ies; i++) {
		const nas_ie *ie = &pdu.esm.ie[i];
		if (ie->def && ie->def->pres == NAS_PRES_M) {
			uint32_t e = ie->off + (ie->len ? ie->len : 1);
			if (e > end)
				end = e;
		}
	}
	uint32_t stop = pdu.esm.off + pdu.esm.len;
	m->opt_off = end < stop ? end : stop;
	m->opt_len = stop - m->opt_off;
}

/* ------------------------------------------- the libosmocore baseline */

/* Optional ESM IEIs, 24.301 clause 8.3 tables (V17.9.0). */
static struct tlv_definition esm_tlv;

static void esm_tlv_init(void)
{
	static const uint8_t tlv[] = {
		0x27, /* PCO 9.9.4.11 */
		0x28, /* APN 9.9.4.1 */
		0x30, /* (negotiated / new) QoS 9.9.4.12 */
		0x33, /* NBIFOM container 9.9.4.19 */
		0x34, /* packet flow identifier 9.9.4.8 */
		0x36, /* TFT 9.9.4.16 */
		0x37, /* T3396 value / back-off timer value 9.9.3.16B */
		0x5B, /* new EPS QoS / required traffic flow QoS 9.9.4.3 */
		0x5C, /* extended EPS QoS 9.9.4.30 */
		0x5D, /* transaction identifier 9.9.4.17 */
		0x5E, /* APN-AMBR 9.9.4.2 */
		0x5F, /* extended APN-AMBR 9.9.4.29 */
		0x66, /* header compression configuration 9.9.4.22 */
		0x6B, /* re-attempt indicator 9.9.4.13A */
		0x6E, /* serving PLMN rate control 9.9.4.28 */
		0x6F, /* PKMF address 9.9.4.21 */
	};
	static const uint8_t tlv_e[] = {
		0x79, /* remote UE context connected 9.9.4.20 */
		0x7A, /* remote UE context disconnected 9.9.4.20 */
		0x7B, /* ePCO 9.9.4.26 */
	};
	static const uint8_t half[] = {
		0x80, /* radio priority 9.9.4.13 */
		0x90, /* control plane only indication 9.9.4.23 */
		0xB0, /* connectivity type 9.9.4.2A */
		0xC0, /* device properties 9.9.2.0A / WLAN offload indication 9.9.4.18 */
		0xD0, /* ESM information transfer flag 9.9.4.5 */
		0xF0, /* release assistance indication 9.9.4.25 */
	};
	for (size_t i = 0; i < sizeof tlv; i++)
		esm_tlv.def[tlv[i]].type = TLV_TYPE_TLV;
	for (size_t i = 0; i < sizeof tlv_e; i++)
		esm_tlv.def[tlv_e[i]].type = TLV_TYPE_TL16V;
	for (size_t i = 0; i < sizeof half; i++)
		esm_tlv.def[half[i]].type = TLV_TYPE_SINGLE_TV;
	esm_tlv.def[0x32].type = TLV_TYPE_TV; /* negotiated LLC SAPI 9.9.4.7 */
	esm_tlv.def[0x58].type = TLV_TYPE_TV; /* ESM cause 9.9.4.4 */
}

/* ------------------------------------------------------------- workloads */

static uint64_t sink; /* keeps the work observable */

static void run_decode(const msg *m, size_t n)
{
	nas_pdu pdu;
	for (size_t i = 0; i < n; i++) {
		nas_decode(m[i].p, m[i].len, m[i].dir, NULL, &pdu);
		sink += pdu.valid + pdu.esm.type + pdu.n_diag;
	}
}

/* The plain ESM message alone (no envelope, no EMM): esm_decode() with its
 * typed checks, the same job tlv_parse() is compared with, plus the mandatory
 * IEs and value checks. */
static void run_esm(const msg *m, size_t n)
{
	static nas_pdu diags;
	esm_msg e;
	for (size_t i = 0; i < n; i++) {
		diags.n_diag = 0;
		diags.valid = true;
		esm_decode(m[i].p + m[i].esm_off, m[i].esm_len, m[i].dir, m[i].esm_off, &diags, &e);
		sink += e.valid + e.type;
	}
}

static void run_typed(const msg *m, size_t n)
{
	nas_pdu pdu;
	for (size_t i = 0; i < n; i++) {
		nas_decode(m[i].p, m[i].len, m[i].dir, NULL, &pdu);
		sink += pdu.valid + pdu.esm.type;
		if (!pdu.esm.present || !pdu.esm.def)
			continue;
		const esm_msg *e = &pdu.esm;
		for (int k = 0; k < e->def->n_ies; k++) {
			const nas_ie *ie = &e->ie[k];
			if (!ie->def)
				continue;
			switch (ie->def->type) {
			case NAS_IE_APN: {
				char apn[NAS_APN_MAX];
				sink += (uint64_t)nas_decode_apn(ie->v, apn) + (uint8_t)apn[0];
				break;
			}
			case NAS_IE_EPS_QOS: {
				nas_eps_qos q;
				sink += (uint64_t)nas_decode_eps_qos(ie->v, &q) + q.qci;
				break;
			}
			case NAS_IE_PDN_ADDRESS: {
				nas_pdn_address a;
				sink += (uint64_t)nas_decode_pdn_address(ie->v, &a) + a.type;
				break;
			}
			case NAS_IE_APN_AMBR: {
				nas_ambr a;
				sink += (uint64_t)nas_decode_apn_ambr(ie->v, &a) + a.dl;
				break;
			}
			case NAS_IE_TFT: {
				static nas_tft t; /* large: keep it off the stack */
				sink += (uint64_t)nas_decode_tft(ie->v, &t) + t.n_filters;
				break;
			}
			case NAS_IE_PCO:
			case NAS_IE_EPCO: {
				nas_pco_iter it;
				nas_pco_item item;
				nas_pco_begin(&it, ie->v, m[i].dir, 0);
				while (nas_pco_next(&it, &item))
					sink += item.id + item.v.len;
				break;
			}
			default:
				break;
			}
		}
	}
}

static void run_osmo(const msg *m, size_t n)
{
	struct tlv_parsed tp;
	for (size_t i = 0; i < n; i++) {
		/* Called for every ESM message, as a TLV-based decoder would, even
		 * when there is no optional IE. */
		sink += (uint64_t)tlv_parse(&tp, &esm_tlv, m[i].p + m[i].opt_off, (int)m[i].opt_len, 0, 0);
	}
}

/* CPU time of this thread, not wall time: on a shared machine the time spent
 * descheduled would otherwise count against whichever workload was running. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
	const char *name; /* for -w */
	const char *label;
	void (*fn)(const msg *, size_t);
	const msg *m;
	size_t n;
	double best; /* ns per message */
} workload;

/* Best ns per message of each workload over `rounds` rounds of at least
 * `min_s` seconds each. The workloads take turns within a round, so that a
 * busy machine slows them alike. */
__attribute__((noinline)) /* tests/bench/callgrind.sh counts what runs inside */
static void measure(workload *w, size_t n_w, int rounds, double min_s)
{
	for (size_t k = 0; k < n_w; k++)
		w[k].best = 1e30;
	for (int r = 0; r < rounds; r++) {
		for (size_t k = 0; k < n_w; k++) {
			unsigned long passes = 0;
			double t0 = now(), t;
			do {
				w[k].fn(w[k].m, w[k].n);
				passes++;
				t = now() - t0;
			} while (t < min_s);
			double ns = t * 1e9 / ((double)passes * (double)w[k].n);
			if (ns < w[k].best)
				w[k].best = ns;
		}
	}
}

int main(int argc, char **argv)
{
	int rounds = 5;
	double min_s = 0.3;
	const char *only = NULL;
	int a = 1;
	for (; a < argc - 1; a += 2) {
		if (!strcmp(argv[a], "-n"))
			rounds = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "-t"))
			min_s = atof(argv[a + 1]);
		else if (!strcmp(argv[a], "-w"))
			only = argv[a + 1];
		else
			break;
	}
	if (a != argc - 1 || rounds < 1) {
		fprintf(stderr, "usage: %s [-n ROUNDS] [-t SECONDS] [-w WORKLOAD] CORPUS\n", argv[0]);
		return 2;
	}

	msg *m;
	size_t n = load(argv[a], &m);
	if (!n) {
		fprintf(stderr, "%s: no PDU in the corpus\n", argv[a]);
		return 1;
	}
	/* The ESM-carrying PDUs: the set both decoders are compared on. */
	msg *esm = malloc(n * sizeof *esm);
	size_t n_esm = 0, bytes = 0;
	for (size_t i = 0; i < n; i++) {
		locate_optional(&m[i]);
		bytes += m[i].len;
		if (m[i].has_esm)
			esm[n_esm++] = m[i];
	}
	if (!n_esm) {
		fprintf(stderr, "%s: no ESM message in the corpus\n", argv[a]);
		return 1;
	}
	esm_tlv_init();

	/* The hook must see allocations, or a count of 0 would prove nothing. */
	unsigned long c0 = n_alloc;
	void *volatile probe = malloc(16);
	free(probe);
	if (n_alloc - c0 != 2) {
		fprintf(stderr, "allocation hook not active: the count below would prove nothing\n");
		return 1;
	}

	/* Allocation check: one untimed pass of each decode workload first. */
	unsigned long before = n_alloc, allocs;
	run_decode(m, n);
	run_typed(m, n);

	workload w[] = {
		{ "decode-all", "esmtrace nas_decode (full)", run_decode, m, n, 0 },
		{ "typed-all", "esmtrace decode + typed extraction", run_typed, m, n, 0 },
		{ "decode", "esmtrace nas_decode (full)", run_decode, esm, n_esm, 0 },
		{ "typed", "esmtrace decode + typed extraction", run_typed, esm, n_esm, 0 },
		{ "esm", "esmtrace esm_decode (ESM message only)", run_esm, esm, n_esm, 0 },
		{ "osmo", "libosmocore tlv_parse (ESM IEs)", run_osmo, esm, n_esm, 0 },
	};
	if (only) {
		size_t k = 0;
		while (k < sizeof w / sizeof w[0] && strcmp(w[k].name, only))
			k++;
		if (k == sizeof w / sizeof w[0]) {
			fprintf(stderr, "%s: no workload %s\n", argv[0], only);
			return 2;
		}
		measure(&w[k], 1, rounds, min_s);
		allocs = n_alloc - before; /* before printf allocates its buffer */
		printf("%s: %zu messages x %d rounds, best %.1f ns/msg; heap allocations on the decode path: %lu\n",
		       w[k].name, w[k].n, rounds, w[k].best, allocs);
		return allocs ? 1 : 0;
	}
	measure(w, sizeof w / sizeof w[0], rounds, min_s);
	allocs = n_alloc - before; /* the timed loops must not allocate either */

	printf("corpus: %zu NAS PDUs (%zu octets), %zu carrying an ESM message (%s)\n", n, bytes, n_esm, argv[a]);
	for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) {
		if (k == 0 || k == 2)
			printf("%s:\n", k == 0 ? "all PDUs" : "PDUs carrying ESM");
		printf("  %-36s %8.1f ns/msg %11.0f msg/s\n", w[k].label, w[k].best, 1e9 / w[k].best);
	}
	double t_dec = w[2].best, t_typ = w[3].best, t_esm = w[4].best, t_osm = w[5].best;
	printf("ratio full decode / tlv_parse: %.2f (target <= 2.00: %s)\n", t_dec / t_osm,
	       t_dec <= 2 * t_osm ? "met" : "NOT met");
	printf("ratio typed / tlv_parse: %.2f\n", t_typ / t_osm);
	printf("ratio ESM message only / tlv_parse: %.2f\n", t_esm / t_osm);
	printf("heap allocations on the decode path: %lu\n", allocs);
	printf("(checksum %llu)\n", (unsigned long long)sink);
	return allocs ? 1 : 0;
}
