/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the decoder unit tests (cmocka). */
#ifndef ESMTRACE_UNIT_H
#define ESMTRACE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "esmtrace/nas.h"

/* Hex (spaces allowed) to bytes; fails the test on bad input. */
static inline size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		int v = 0;
		if (*s == ' ')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			fail_msg("bad hex character '%c'", *s);
		if (hi < 0) {
			hi = v;
		} else {
			assert_true(n < cap);
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_int_equal(hi, -1);
	return n;
}

/* Decoded PDU plus the bytes it points into (values are views). */
typedef struct {
	uint8_t buf[4096];
	size_t len;
	nas_pdu pdu;
} decoded;

static inline decoded *dec(const char *hex, nas_dir dir)
{
	static decoded d[4];
	static unsigned next;
	decoded *x = &d[next++ % 4];
	x->len = unhex(hex, x->buf, sizeof(x->buf));
	nas_decode(x->buf, x->len, dir, NULL, &x->pdu);
	return x;
}

/* The IE of a message by its JSON key, or NULL. */
static inline const nas_ie *ie_key(const esm_msg *m, const char *key)
{
	if (!m->def)
		return NULL;
	for (unsigned j = 0; j < m->def->n_ies; j++)
		if (m->ie[j].def && !strcmp(m->ie[j].def->key, key))
			return &m->ie[j];
	return NULL;
}

static inline bool has_diag(const nas_pdu *p, uint16_t code)
{
	for (unsigned i = 0; i < p->n_diag; i++)
		if (p->diag[i].code == code)
			return true;
	return false;
}

static inline const nas_diag *first_diag(const nas_pdu *p, uint16_t code)
{
	for (unsigned i = 0; i < p->n_diag; i++)
		if (p->diag[i].code == code)
			return &p->diag[i];
	return NULL;
}

/* Output of a printer as a string (caller frees). */
static inline char *print_to_string(void (*print)(FILE *, const nas_pdu *), const nas_pdu *p)
{
	FILE *f = tmpfile();
	long n;
	char *s;

	assert_non_null(f);
	print(f, p);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static inline char *json_of(const nas_pdu *p)
{
	return print_to_string(nas_print_json, p);
}

static inline char *text_of(const nas_pdu *p)
{
	return print_to_string(nas_print_text, p);
}

#define assert_contains(hay, needle)                                                                  \
	do {                                                                                              \
		if (!strstr((hay), (needle)))                                                                 \
			fail_msg("expected to find %s in %s", (needle), (hay));                                  \
	} while (0)

static inline nas_bytes B(const char *hex)
{
	static uint8_t pool[8][512];
	static unsigned next;
	uint8_t *b = pool[next++ % 8];
	nas_bytes v = { b, (uint32_t)unhex(hex, b, 512) };
	return v;
}

/* A sink that records "key=value;" for values and "{" / "}" for nesting,
 * so tests can check what a walk shows with strstr. */
typedef struct {
	char buf[16384];
	size_t n;
} rec;

static inline void rec_put(rec *r, const char *s)
{
	size_t l = strlen(s);
	if (r->n + l + 1 < sizeof(r->buf)) {
		memcpy(r->buf + r->n, s, l + 1);
		r->n += l;
	}
}

static inline void rec_open(void *c, const char *k, const char *l, uint32_t o, uint32_t n)
{
	(void)l, (void)o, (void)n;
	rec_put(c, k ? k : "");
	rec_put(c, "{");
}

static inline void rec_close(void *c)
{
	rec_put(c, "}");
}

static inline void rec_u64(void *c, const char *k, const char *l, uint64_t v, const char *t, uint32_t o, uint32_t n)
{
	char b[64];
	(void)l, (void)o, (void)n;
	snprintf(b, sizeof(b), "%s=%llu;", k ? k : "", (unsigned long long)v);
	rec_put(c, b);
	if (t) {
		rec_put(c, k ? k : "");
		rec_put(c, t[0] == '0' && t[1] == 'x' ? "_hex=" : "_name=");
		rec_put(c, t);
		rec_put(c, ";");
	}
}

static inline void rec_str(void *c, const char *k, const char *l, const char *v, uint32_t o, uint32_t n)
{
	(void)l, (void)o, (void)n;
	rec_put(c, k ? k : "");
	rec_put(c, "=");
	rec_put(c, v);
	rec_put(c, ";");
}

static inline void rec_bytes(void *c, const char *k, const char *l, const uint8_t *p, uint32_t n, uint32_t o)
{
	char b[3];
	(void)l, (void)o;
	rec_put(c, k ? k : "");
	rec_put(c, "=");
	for (uint32_t i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "%02x", p[i]);
		rec_put(c, b);
	}
	rec_put(c, ";");
}

static inline void rec_diag(void *c, const nas_diag *d)
{
	char b[96];
	snprintf(b, sizeof(b), "diag=%s@%u;", nas_diag_code_name(d->code), d->offset);
	rec_put(c, b);
}

/* A small JSON syntax check (RFC 8259 grammar, no semantic checks), so
 * tests can assert that the printer's output parses. */
static inline const char *json_value(const char *p);

static inline const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static inline const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static inline const char *json_value(const char *p)
{
	p = json_ws(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		bool obj = *p == '{';
		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				p = json_string(json_ws(p));
				if (!p)
					return NULL;
				p = json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			p = json_value(p);
			if (!p)
				return NULL;
			p = json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return json_string(p);
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		p++;
		while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')
			p++;
		return p;
	}
	return NULL;
}

static inline bool json_valid(const char *s)
{
	const char *e = json_value(s);
	return e && *json_ws(e) == '\0';
}

static const nas_sink rec_sink = { rec_open, rec_open, rec_close, rec_u64, rec_str, rec_bytes, rec_diag };

#endif
