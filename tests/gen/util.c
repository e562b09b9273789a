/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmgen helpers: errors with file:line, byte buffers, key=value lists,
 * number/address/hex parsing, the shell-like tokenizer and JSON strings.
 */
#include "gen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *gen_file = "<args>";
int gen_line;
static const char *gen_out; /* removed on failure: no half-written capture is left behind */

void gen_output(const char *path) { gen_out = path; }

_Noreturn void gen_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (gen_line)
		fprintf(stderr, "%s:%d: ", gen_file, gen_line);
	else
		fprintf(stderr, "esmgen: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (gen_out)
		remove(gen_out);
	exit(1);
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p && n)
		gen_fail("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

void buf_put(buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}
void buf_u8(buf *b, uint8_t v) { buf_put(b, &v, 1); }
void buf_u16(buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	buf_put(b, x, 2);
}
void buf_u32(buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	buf_put(b, x, 4);
}
void buf_free(buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *kv_get(kvlist *l, const char *key)
{
	const char *v = NULL;
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->a[i].k, key) == 0) {
			if (v)
				gen_fail("key '%s' given twice", key);
			l->a[i].used = true;
			v = l->a[i].v;
		}
	return v;
}

bool kv_has(const kvlist *l, const char *key)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->a[i].k, key) == 0)
			return true;
	return false;
}

unsigned long long parse_num(const char *s, unsigned long long max, const char *what)
{
	char *end;
	if (!*s || *s == '-')
		gen_fail("%s: number expected, got '%s'", what, s);
	/* decimal, or hex with 0x (never octal: "010" is ten) */
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	unsigned long long v = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
	if (*end || v > max)
		gen_fail("%s: '%s' is not a number in 0..%llu", what, s, max);
	return v;
}

unsigned long long kv_num(kvlist *l, const char *key, unsigned long long dflt, unsigned long long max)
{
	const char *s = kv_get(l, key);
	return s ? parse_num(s, max, key) : dflt;
}

void parse_ipv4(const char *s, uint8_t out[4])
{
	unsigned a, b, c, d;
	char tail;
	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 || c > 255 || d > 255)
		gen_fail("IPv4 address expected, got '%s'", s);
	out[0] = (uint8_t)a, out[1] = (uint8_t)b, out[2] = (uint8_t)c, out[3] = (uint8_t)d;
}

size_t parse_hex(const char *s, buf *out)
{
	size_t n = strlen(s);
	if (n % 2)
		gen_fail("odd number of hex digits in '%s'", s);
	for (size_t i = 0; i < n; i += 2) {
		if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]))
			gen_fail("bad hex '%s'", s);
		char t[3] = { s[i], s[i + 1], 0 };
		buf_u8(out, (uint8_t)strtoul(t, NULL, 16));
	}
	return n / 2;
}

/* Shell-like split: blanks separate, quotes group (and are removed), '#'
 * outside quotes ends the line. Modifies `line`. */
int tokenize(char *line, char **tok, int max)
{
	int n = 0;
	char *r = line, *w = line;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (!*r || *r == '#')
			break;
		if (n == max)
			gen_fail("too many words on the line");
		tok[n++] = w;
		char q = 0;
		while (*r && (q || (*r != ' ' && *r != '\t' && *r != '\r' && *r != '\n'))) {
			if (q && *r == q) {
				q = 0;
				r++;
			} else if (!q && (*r == '"' || *r == '\'')) {
				q = *r++;
			} else if (!q && *r == '#') {
				break;
			} else {
				*w++ = *r++;
			}
		}
		if (q)
			gen_fail("unterminated quote");
		bool end = !*r || *r == '#';
		*w++ = 0;
		if (end)
			break;
		r++;
	}
	return n;
}

/* ------------------------------------------------------------- JSON out */

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

bool is_message_name(const char *w)
{
	if (!isupper((unsigned char)w[0]))
		return false;
	for (; *w; w++)
		if (!isupper((unsigned char)*w) && *w != '_' && !isdigit((unsigned char)*w))
			return false;
	return true;
}
