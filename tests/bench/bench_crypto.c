/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAS security benchmark: the per-message cost of checking a NAS MAC and
 * deciphering, against the cost of decoding the message.
 *
 * The plain NAS messages of a corpus ("U|D <hex>" per line, tests/bench/
 * corpus.txt: every NAS-PDU of the shared S1AP captures; a protected one
 * gives its inner message) are protected as a UE and an MME would (TS 24.301
 * 9.1, 4.4.3, 4.4.5: header type 2, SN the low octet of each direction's NAS
 * COUNT, ciphered and then MAC'd) with a context from an AKA and SECURITY MODE
 * COMMAND the tracker saw (TS 35.208 set 1 keys), once per algorithm pair
 * 128-EEA1/EIA1 (SNOW 3G), EEA2/EIA2 (AES) and EEA3/EIA3 (ZUC). Then, as CPU
 * time per message, best of ROUNDS:
 *   crypto     nas_eia over SN || message and nas_eea over the message: the
 *              algorithms alone (libgcrypt for AES, common/crypto.c for the rest)
 *   unprotect  track_unprotect: the UE and its context looked up, the NAS COUNT
 *              rebuilt from the SN, the MAC checked, the message deciphered
 *   decode     nas_decode of the deciphered message (nas_opts.deciphered), for scale
 * Every message must come out with its MAC ok and deciphered to the original
 * bytes, or the program exits 1 (so the ctest smoke run, -t 0, checks that).
 *
 * usage: bench_crypto [-n ROUNDS] [-t SECONDS] CORPUS
 *   -n ROUNDS   timed rounds per workload, best kept (default 5)
 *   -t SECONDS  minimum CPU time per round (default 0.3); 0 = one pass
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "esmtrace/crypto.h"
#include "esmtrace/nas.h"
#include "esmtrace/track.h"

typedef struct {
	uint8_t b[1024];
	uint32_t n;
	nas_dir dir;
} msg;

static msg *plain;
static size_t n_plain;

static uint8_t hexval(int c) { return (uint8_t)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10); }

/* The plain messages of the corpus: a type 0 PDU as it is, the inner message
 * of types 1-4 (the shared captures use EEA0), no SERVICE REQUEST. */
static void load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(2);
	}
	char line[8192];
	while (fgets(line, sizeof line, f)) {
		if (line[0] != 'U' && line[0] != 'D')
			continue;
		uint8_t b[1024];
		uint32_t n = 0;
		for (const char *p = line + 2; isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1]) && n < sizeof b;
		     p += 2)
			b[n++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
		if (n < 2)
			continue;
		uint8_t sht = (b[0] & 0x0F) == 7 ? b[0] >> 4 : 0, off = 0;
		if (sht >= 5)
			continue;
		if (sht >= 1)
			off = 6;
		if (n <= off + 1u)
			continue;
		plain = realloc(plain, (n_plain + 1) * sizeof *plain);
		msg *m = &plain[n_plain++];
		memcpy(m->b, b + off, n - off);
		m->n = n - off;
		m->dir = line[0] == 'U' ? NAS_UPLINK : NAS_DOWNLINK;
	}
	fclose(f);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_crypto: %s\n", what);
	exit(1);
}

/* ---------------------------------------------------- one UE, one context */

static const uint8_t set1_k[16] = { 0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
	                                0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc };
static const uint8_t set1_opc[16] = { 0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
	                                  0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf };
static const uint8_t set1_rand[16] = { 0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d,
	                                   0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35 };
static const uint8_t set1_sqn[6] = { 0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07 };
static const uint8_t sn_plmn[3] = { 0x00, 0xF1, 0x10 };

typedef struct {
	track *t;
	track_keys *keys;
	nas_crypto *cr;
	uint8_t alg, k_enc[16], k_int[16];
	uint32_t count[2];
	uint64_t frame;
	nas_pdu pdu, dpdu;
	uint8_t out[1024 + 6];
} session;

/* The sender's wrapper: type sht, SN, EEA for types 2 and 4, then the MAC. */
static uint32_t wrap(session *s, uint8_t sht, nas_dir dir, const uint8_t *m, uint32_t n, uint8_t *out)
{
	uint8_t d = dir == NAS_DOWNLINK;
	uint32_t count = s->count[d]++ & 0xFFFFFF, mac;
	memcpy(out + 6, m, n);
	if ((sht == 2 || sht == 4) && !nas_eea(s->cr, s->alg, s->k_enc, count, 0, d, out + 6, n * 8, out + 6))
		die("EEA refused");
	out[0] = (uint8_t)(sht << 4 | 7);
	out[5] = (uint8_t)count;
	if (!nas_eia(s->cr, s->alg, s->k_int, count, 0, d, out + 5, (n + 1) * 8, &mac))
		die("EIA refused");
	for (int i = 0; i < 4; i++)
		out[1 + i] = (uint8_t)(mac >> (24 - 8 * i));
	return n + 6;
}

static void event(session *s, track_event *ev, nas_dir dir)
{
	track_event_init(ev, TRACK_EV_NAS, (double)s->frame, s->frame + 1);
	s->frame++;
	ev->ue_key = "ue";
	ev->dir = dir;
	if (dir == NAS_UPLINK) {
		ev->has_plmn = true;
		memcpy(ev->plmn, sn_plmn, 3);
	}
}

/* As the plugin does: decode, unprotect, decode the deciphered PDU, feed. */
static track_sec feed(session *s, nas_dir dir, const uint8_t *b, uint32_t n)
{
	track_event ev;
	event(s, &ev, dir);
	nas_decode(b, n, dir, NULL, &s->pdu);
	ev.nas = &s->pdu;
	ev.nas_status = s->pdu.ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
	static uint8_t dec[1024 + 6];
	track_sec sec;
	if (track_unprotect(s->t, &ev, b, n, dec, &sec)) {
		nas_opts o = { .deciphered = true };
		nas_decode(dec, n, dir, &o, &s->dpdu);
		ev.nas = &s->dpdu;
		ev.nas_status = TRACK_NAS_DECODED;
	}
	track_annotation a;
	track_feed(s->t, &ev, &a);
	return sec;
}

/* ATTACH REQUEST with the IMSI, the AKA, SECURITY MODE COMMAND (type 3) and
 * COMPLETE (type 4) choosing EEA alg and EIA alg. */
static void start(session *s, uint8_t alg)
{
	static const uint8_t attach[] = { 0x07, 0x41, 0x71, 0x08, 0x09, 0x10, 0x10, 0x00, 0x00, 0x00, 0x00,
		                              0x10, 0x02, 0xe0, 0xe0, 0x00, 0x05, 0x02, 0x01, 0xd0, 0x11, 0xd1 };
	char err[128];
	memset(s, 0, sizeof *s);
	s->alg = alg;
	s->keys = track_keys_new();
	if (!track_keys_add(s->keys, "001010000000001", "465b5ce8b199b49faa5f0a2ee238a6bc",
	                    "cd63cb71954a9f4e48a5994e37a02baf", err, sizeof err))
		die(err);
	s->t = track_new(NULL);
	track_set_keys(s->t, s->keys);
	if (!(s->cr = nas_crypto_new()))
		die("libgcrypt: no AES");
	uint8_t autn[16], kasme[32], b[64];
	nas_aka r;
	if (!nas_milenage_vector(set1_k, set1_opc, set1_rand, set1_sqn, (const uint8_t *)"\x80\x00", autn, &r))
		die("Milenage failed");
	nas_kdf_kasme(r.ck, r.ik, sn_plmn, autn, kasme);
	nas_kdf_nas(NAS_KEY_ENC, alg, kasme, s->k_enc);
	nas_kdf_nas(NAS_KEY_INT, alg, kasme, s->k_int);
	feed(s, NAS_UPLINK, attach, sizeof attach);
	b[0] = 0x07, b[1] = 0x52, b[2] = 0x00;
	memcpy(b + 3, set1_rand, 16);
	b[19] = 16;
	memcpy(b + 20, autn, 16);
	feed(s, NAS_DOWNLINK, b, 36);
	b[0] = 0x07, b[1] = 0x53, b[2] = 8;
	memcpy(b + 3, r.res, 8);
	feed(s, NAS_UPLINK, b, 11);
	const uint8_t smc[] = { 0x07, 0x5d, (uint8_t)(alg << 4 | alg), 0x00, 0x02, 0xe0, 0xe0 };
	uint32_t n = wrap(s, 3, NAS_DOWNLINK, smc, sizeof smc, b);
	if (feed(s, NAS_DOWNLINK, b, n).integrity != TRACK_INT_OK)
		die("SECURITY MODE COMMAND not verified");
	n = wrap(s, 4, NAS_UPLINK, (const uint8_t *)"\x07\x5e", 2, b);
	if (feed(s, NAS_UPLINK, b, n).integrity != TRACK_INT_OK)
		die("SECURITY MODE COMPLETE not verified");
}

static void stop(session *s)
{
	track_free(s->t);
	track_keys_free(s->keys);
	nas_crypto_free(s->cr);
}

/* ----------------------------------------------------------- workloads */

static msg *wrapped;
static uint32_t *counts;

/* One pass over the corpus; returns its CPU time. Wrapping (the sender's
 * work) is done before the clock starts. */
static double pass(session *s, int what, bool check)
{
	/* only the tracker's workload moves the COUNTs on: it follows them */
	uint32_t keep[2] = { s->count[0], s->count[1] };
	for (size_t i = 0; i < n_plain; i++) {
		counts[i] = s->count[plain[i].dir == NAS_DOWNLINK];
		wrapped[i].n = wrap(s, 2, plain[i].dir, plain[i].b, plain[i].n, wrapped[i].b);
		wrapped[i].dir = plain[i].dir;
	}
	if (what != 1)
		memcpy(s->count, keep, sizeof keep);
	static uint8_t dec[1024 + 6];
	static nas_pdu pdu;
	track_event ev;
	double t0 = now();
	for (size_t i = 0; i < n_plain; i++) {
		const msg *w = &wrapped[i];
		uint8_t d = w->dir == NAS_DOWNLINK;
		if (what == 0) { /* crypto: MAC over SN || message, then decipher */
			uint32_t mac;
			nas_eia(s->cr, s->alg, s->k_int, counts[i], 0, d, w->b + 5, (w->n - 5) * 8, &mac);
			nas_eea(s->cr, s->alg, s->k_enc, counts[i], 0, d, w->b + 6, (w->n - 6) * 8, dec + 6);
			if (check && (mac != (uint32_t)(w->b[1] << 24 | w->b[2] << 16 | w->b[3] << 8 | w->b[4]) ||
			              memcmp(dec + 6, plain[i].b, plain[i].n) != 0))
				die("crypto: MAC or plaintext wrong");
		} else if (what == 1) { /* the tracker's check and decipher */
			event(s, &ev, w->dir);
			track_sec sec;
			bool ok = track_unprotect(s->t, &ev, w->b, w->n, dec, &sec);
			if (check && (!ok || sec.integrity != TRACK_INT_OK || !sec.deciphered || sec.count != counts[i] ||
			              memcmp(dec + 6, plain[i].b, plain[i].n) != 0))
				die("track_unprotect: not ok, not deciphered or wrong");
		} else { /* the decode of the deciphered PDU */
			memcpy(dec, w->b, 6);
			memcpy(dec + 6, plain[i].b, plain[i].n);
			nas_opts o = { .deciphered = true };
			nas_decode(dec, w->n, w->dir, &o, &pdu);
		}
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	int rounds = 5, c;
	double min_t = 0.3;
	while ((c = getopt(argc, argv, "n:t:")) != -1) {
		if (c == 'n')
			rounds = atoi(optarg);
		else if (c == 't')
			min_t = atof(optarg);
		else
			return 2;
	}
	if (optind + 1 != argc || rounds < 1) {
		fputs("usage: bench_crypto [-n ROUNDS] [-t SECONDS] CORPUS\n", stderr);
		return 2;
	}
	load(argv[optind]);
	if (!n_plain)
		die("no plain NAS message in the corpus");
	wrapped = calloc(n_plain, sizeof *wrapped);
	counts = calloc(n_plain, sizeof *counts);
	size_t octets = 0;
	for (size_t i = 0; i < n_plain; i++)
		octets += plain[i].n;
	printf("%zu NAS messages, %.1f octets on average (plus the 6-octet security header); CPU time per message,"
	       " best of %d rounds\n",
	       n_plain, (double)octets / (double)n_plain, rounds);
	printf("%-22s %12s %14s %12s\n", "algorithms", "crypto (ns)", "unprotect (ns)", "decode (ns)");
	static const char *const names[4] = { "", "128-EEA1/EIA1 SNOW 3G", "128-EEA2/EIA2 AES", "128-EEA3/EIA3 ZUC" };
	for (uint8_t alg = 1; alg <= 3; alg++) {
		session s;
		start(&s, alg);
		double best[3];
		for (int what = 0; what < 3; what++) {
			pass(&s, what, true); /* warm up and check every message */
			best[what] = 1e30;
			for (int r = 0; r < rounds && min_t > 0; r++) {
				double t = 0;
				size_t n = 0;
				while (t < min_t) {
					t += pass(&s, what, false);
					n += n_plain;
				}
				if (t / (double)n < best[what])
					best[what] = t / (double)n;
			}
		}
		if (min_t > 0)
			printf("%-22s %12.0f %14.0f %12.0f\n", names[alg], best[0] * 1e9, best[1] * 1e9, best[2] * 1e9);
		stop(&s);
	}
	if (min_t <= 0)
		puts("one pass: every MAC verified and every message deciphered to its plain bytes");
	free(plain);
	free(wrapped);
	free(counts);
	return 0;
}
