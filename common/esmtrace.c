/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace: command-line front end.
 *   esmtrace decode [--uplink|--downlink] [--json] [--keys FILE [--plmn MCCMNC]] [HEX...]
 *   esmtrace replay ...   (the tracker, when built with it)
 *   esmtrace opc K OP
 *   esmtrace s1ap-table   (the S1AP messages the tracker follows, as JSON)
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/crypto.h"
#include "esmtrace/nas.h"

#ifdef ESMTRACE_HAVE_REPLAY
#include "esmtrace/s1ap.h"
#include "esmtrace/track.h"
int esmtrace_replay_main(int argc, char **argv);
#endif

#define MAX_PDU 65536

static void usage(FILE *f)
{
	fputs("usage: esmtrace decode [--uplink|--downlink] [--json] [--keys FILE [--plmn MCCMNC]] [HEX...]\n"
	      "         Decode NAS PDUs (TS 24.301) given as hex arguments, or one per line on\n"
	      "         stdin when no HEX is given. Hex may contain spaces, colons or a 0x prefix.\n"
	      "         --uplink/--downlink  direction (decides PCO container meanings); without\n"
	      "                              it the direction comes from the message table when\n"
	      "                              the message has one direction, else it is unknown\n"
	      "         --json               one JSON object per PDU per line instead of a tree\n"
#ifdef ESMTRACE_HAVE_REPLAY
	      "         --keys FILE          the PDUs are one UE's, in order: with its keys\n"
	      "                              (\"IMSI\",\"K\",\"OPc\" rows) check each NAS MAC and\n"
	      "                              decipher EEA1-3 from the AKA and SECURITY MODE\n"
	      "                              COMMAND among them; a line may start with ul or dl\n"
	      "         --plmn MCCMNC        serving network (KASME), e.g. 00101\n"
#endif
	      "         exit status: 0 all decoded, 1 some PDU had an error, 2 usage error\n"
#ifdef ESMTRACE_HAVE_REPLAY
	      "       esmtrace replay ...  (see esmtrace replay --help)\n"
	      "       esmtrace s1ap-table  print the S1AP messages esmtrace reads (TS 36.413: procedure\n"
	      "                            codes, senders, NAS carried, tracker events, E-RAB lists)\n"
	      "                            as JSON; tests/track/pcap2replay.py reads it\n"
#endif
	      "       esmtrace opc K OP\n"
	      "         OPc = AES_K(OP) xor OP (TS 35.206 4.1), for a key file when only OP is known\n"
	      "       esmtrace --help\n",
	      f);
}

/* Hex text to bytes; separators ' ', ':', '-', tabs and a leading 0x are
 * ignored. Returns the number of bytes, or -1 on a bad character or odd count. */
static long parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	while (isspace((unsigned char)*s))
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int v;
		if (*s == ' ' || *s == ':' || *s == '-' || *s == '\t' || *s == '\r' || *s == '\n')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		v = isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10);
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				return -1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi >= 0 ? -1 : (long)n;
}

/* With --keys: one UE's PDUs in order, through the tracker's NAS security. */
typedef struct {
#ifdef ESMTRACE_HAVE_REPLAY
	track *t;
	track_keys *keys;
	bool has_plmn;
	uint8_t plmn[3];
	uint64_t n;
#endif
	bool on;
} keyring;

#ifdef ESMTRACE_HAVE_REPLAY
static void print_sec(const track_sec *s, const track_annotation *a, bool json)
{
	if (json) {
		printf(",\"nas_security\":{\"integrity\":\"%s\"", track_integrity_name(s->integrity));
		if (s->count_known)
			printf(",\"nas_count\":%u,\"eea\":%u,\"eia\":%u", s->count, s->eea, s->eia);
		if (s->deciphered)
			fputs(",\"deciphered\":true", stdout);
		if (s->why[0]) {
			fputs(",\"why\":\"", stdout);
			for (const char *c = s->why; *c; c++)
				printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
			fputc('"', stdout);
		}
		fputs("}", stdout);
		return;
	}
	if (s->integrity != TRACK_INT_NONE) {
		printf("NAS security: integrity %s", track_integrity_name(s->integrity));
		if (s->count_known)
			printf(" (COUNT %u, %s)", s->count, nas_eia_name(s->eia));
		if (s->deciphered)
			printf(", deciphered with %s", nas_eea_name(s->eea));
		if (s->why[0])
			printf(": %s", s->why);
		putchar('\n');
	}
	for (int i = 0; i < a->n_findings; i++)
		if (a->f[i].code == TRACK_F_INTEGRITY_FAILURE && s->integrity != TRACK_INT_FAILED)
			printf("NAS security: %s\n", a->f[i].text);
}
#endif

static int decode_one(const char *hex, nas_dir dir, bool json, keyring *kr)
{
	static uint8_t buf[MAX_PDU], plain[MAX_PDU];
	static nas_pdu pdu, dpdu;
	const nas_pdu *show = &pdu;
	while (isspace((unsigned char)*hex))
		hex++;
	if ((hex[0] == 'u' || hex[0] == 'd') && hex[1] == 'l' && isspace((unsigned char)hex[2])) {
		dir = hex[0] == 'u' ? NAS_UPLINK : NAS_DOWNLINK; /* a line's own direction */
		hex += 3;
	}
	long n = parse_hex(hex, buf, sizeof(buf));

	if (n < 0) {
		fprintf(stderr, "esmtrace: not a hex string: %s\n", hex);
		return 2;
	}
	nas_decode(buf, (size_t)n, dir, NULL, &pdu);
#ifdef ESMTRACE_HAVE_REPLAY
	track_sec sec;
	track_annotation a;
	memset(&sec, 0, sizeof sec);
	if (kr->on) {
		track_event ev;
		kr->n++;
		track_event_init(&ev, TRACK_EV_NAS, (double)kr->n, kr->n);
		ev.ue_key = "decode";
		ev.dir = pdu.dir != NAS_DIR_UNKNOWN ? pdu.dir : dir;
		ev.nas = &pdu;
		ev.nas_status = pdu.ciphered ? TRACK_NAS_CIPHERED : TRACK_NAS_DECODED;
		ev.has_plmn = kr->has_plmn;
		memcpy(ev.plmn, kr->plmn, 3);
		if (track_unprotect(kr->t, &ev, buf, (uint32_t)n, plain, &sec)) {
			nas_opts o = { .try_ciphered_as_plain = false, .deciphered = true };
			nas_decode(plain, (size_t)n, ev.dir, &o, &dpdu);
			show = &dpdu;
			ev.nas = &dpdu;
			ev.nas_status = TRACK_NAS_DECODED;
		}
		track_feed(kr->t, &ev, &a);
	}
#endif
	if (json) {
#ifdef ESMTRACE_HAVE_REPLAY
		if (kr->on) { /* the decode's object with the security result as one more member */
			char *text = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&text, &len);
			nas_print_json(m, show);
			fclose(m);
			while (len && (text[len - 1] == '\n' || text[len - 1] == '}'))
				len--;
			fwrite(text, 1, len, stdout);
			print_sec(&sec, &a, true);
			fputs("}\n", stdout);
			free(text);
		} else
#endif
			nas_print_json(stdout, show);
	} else {
		nas_print_text(stdout, show);
#ifdef ESMTRACE_HAVE_REPLAY
		if (kr->on)
			print_sec(&sec, &a, false);
#endif
	}
#ifdef ESMTRACE_HAVE_REPLAY
	if (kr->on && sec.integrity == TRACK_INT_FAILED)
		return 1;
#endif
	return show->valid ? 0 : 1;
}

static int decode_main(int argc, char **argv)
{
	nas_dir dir = NAS_DIR_UNKNOWN;
	bool json = false;
	int i, rc = 0;
	keyring kr = { 0 };
	const char *keys_path = NULL;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strcmp(argv[i], "--uplink") && dir == NAS_DIR_UNKNOWN)
			dir = NAS_UPLINK;
		else if (!strcmp(argv[i], "--downlink") && dir == NAS_DIR_UNKNOWN)
			dir = NAS_DOWNLINK;
		else if (!strcmp(argv[i], "--json"))
			json = true;
#ifdef ESMTRACE_HAVE_REPLAY
		else if (!strcmp(argv[i], "--keys") && i + 1 < argc)
			keys_path = argv[++i];
		else if (!strcmp(argv[i], "--plmn") && i + 1 < argc) {
			if (!nas_plmn_parse(argv[++i], kr.plmn)) {
				fprintf(stderr, "esmtrace decode: --plmn needs MCC and MNC digits, e.g. 00101\n");
				return 2;
			}
			kr.has_plmn = true;
		}
#endif
		else if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			usage(stderr);
			return 2;
		}
	}
#ifdef ESMTRACE_HAVE_REPLAY
	if (keys_path) {
		char err[512];
		kr.keys = track_keys_new();
		if (!track_keys_load(kr.keys, keys_path, err, sizeof err)) {
			fprintf(stderr, "esmtrace decode: %s\n", err);
			track_keys_free(kr.keys);
			return 2;
		}
		kr.t = track_new(NULL);
		track_set_keys(kr.t, kr.keys);
		kr.on = true;
	}
#else
	(void)keys_path;
#endif
	if (i < argc) {
		for (; i < argc; i++) {
			int r = decode_one(argv[i], dir, json, &kr);
			if (r > rc)
				rc = r;
		}
	} else {
		char line[2 * MAX_PDU + 1024];
		while (fgets(line, sizeof(line), stdin)) {
			const char *p = line;
			while (isspace((unsigned char)*p))
				p++;
			if (!*p || *p == '#') /* blank lines and comments */
				continue;
			int r = decode_one(p, dir, json, &kr);
			if (r > rc)
				rc = r;
		}
	}
#ifdef ESMTRACE_HAVE_REPLAY
	if (kr.on) {
		track_free(kr.t);
		track_keys_free(kr.keys);
	}
#endif
	return rc;
}

/* esmtrace opc K OP */
static int opc_main(int argc, char **argv)
{
	uint8_t k[16], op[16], opc[16];
	if (argc != 2 || parse_hex(argv[0], k, 16) != 16 || parse_hex(argv[1], op, 16) != 16) {
		fprintf(stderr, "usage: esmtrace opc K OP   (each 32 hex digits)\n");
		return 2;
	}
	if (!nas_opc(k, op, opc)) {
		fprintf(stderr, "esmtrace opc: AES not available (libgcrypt)\n");
		return 2;
	}
	for (int i = 0; i < 16; i++)
		printf("%02x", opc[i]);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "decode"))
		return decode_main(argc - 2, argv + 2);
	if (!strcmp(argv[1], "opc"))
		return opc_main(argc - 2, argv + 2);
#ifdef ESMTRACE_HAVE_REPLAY
	if (!strcmp(argv[1], "replay"))
		return esmtrace_replay_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "s1ap-table") && argc == 2) {
		s1ap_print_json(stdout);
		return 0;
	}
#endif
	usage(stderr);
	return 2;
}
