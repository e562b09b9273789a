/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the decoder unit tests (cmocka). */
#ifndef ESMTRACE_UNIT_H
#define ESMTRACE_UNIT_H

#define _GNU_SOURCE /* open_memstream */
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

/* JSON text of a PDU (caller frees). */
static inline char *json_of(const nas_pdu *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	nas_print_json(f, p);
	fclose(f);
	return s;
}

static inline char *text_of(const nas_pdu *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	nas_print_text(f, p);
	fclose(f);
	return s;
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

#endif
