/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace: command-line front end.
 *   esmtrace decode [--uplink|--downlink] [--json] [HEX...]
 *   esmtrace replay ...   (the tracker, when built with it)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esmtrace/nas.h"

#ifdef ESMTRACE_HAVE_REPLAY
int esmtrace_replay_main(int argc, char **argv);
#endif

#define MAX_PDU 65536

static void usage(FILE *f)
{
	fputs("usage: esmtrace decode [--uplink|--downlink] [--json] [HEX...]\n"
	      "         Decode NAS PDUs (TS 24.301) given as hex arguments, or one per line on\n"
	      "         stdin when no HEX is given. Hex may contain spaces, colons or a 0x prefix.\n"
	      "         --uplink/--downlink  direction (decides PCO container meanings); without\n"
	      "                              it the direction comes from the message table when\n"
	      "                              the message has one direction, else it is unknown\n"
	      "         --json               one JSON object per PDU per line instead of a tree\n"
	      "         exit status: 0 all decoded, 1 some PDU had an error, 2 usage error\n"
#ifdef ESMTRACE_HAVE_REPLAY
	      "       esmtrace replay ...  (see esmtrace replay --help)\n"
#endif
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

static int decode_one(const char *hex, nas_dir dir, bool json)
{
	static uint8_t buf[MAX_PDU];
	static nas_pdu pdu;
	long n = parse_hex(hex, buf, sizeof(buf));

	if (n < 0) {
		fprintf(stderr, "esmtrace: not a hex string: %s\n", hex);
		return 2;
	}
	nas_decode(buf, (size_t)n, dir, NULL, &pdu);
	if (json)
		nas_print_json(stdout, &pdu);
	else
		nas_print_text(stdout, &pdu);
	return pdu.valid ? 0 : 1;
}

static int decode_main(int argc, char **argv)
{
	nas_dir dir = NAS_DIR_UNKNOWN;
	bool json = false;
	int i, rc = 0;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strcmp(argv[i], "--uplink") && dir == NAS_DIR_UNKNOWN)
			dir = NAS_UPLINK;
		else if (!strcmp(argv[i], "--downlink") && dir == NAS_DIR_UNKNOWN)
			dir = NAS_DOWNLINK;
		else if (!strcmp(argv[i], "--json"))
			json = true;
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
	if (i < argc) {
		for (; i < argc; i++) {
			int r = decode_one(argv[i], dir, json);
			if (r > rc)
				rc = r;
		}
		return rc;
	}
	char line[2 * MAX_PDU + 1024];
	while (fgets(line, sizeof(line), stdin)) {
		const char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#') /* blank lines and comments */
			continue;
		int r = decode_one(p, dir, json);
		if (r > rc)
			rc = r;
	}
	return rc;
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
#ifdef ESMTRACE_HAVE_REPLAY
	if (!strcmp(argv[1], "replay"))
		return esmtrace_replay_main(argc - 1, argv + 1);
#endif
	usage(stderr);
	return 2;
}
