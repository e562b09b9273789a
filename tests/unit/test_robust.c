/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bad input is data: every prefix of every vector, and many mutated copies,
 * decode to a diagnostic or a valid shorter message, never a crash, hang or
 * read past the input (run this under ASan/UBSan: -DESMTRACE_SANITIZE=ON).
 * Each decode is walked through the text and JSON printers and a recording
 * sink as well, so the presentation code sees the same inputs.
 */
#include "unit.h"
#include "vectors.h"

static bool is_error_present(const nas_pdu *p)
{
	for (unsigned i = 0; i < p->n_diag; i++)
		if (nas_diag_is_error(p->diag[i].code))
			return true;
	return p->n_diag_dropped > 0;
}

/* A sink that checks every byte range the walk gives lies inside the input
 * (the plugin turns them into tvb ranges, which throw when outside). */
typedef struct {
	uint32_t n;
	unsigned bad;
	uint32_t bad_off, bad_len;
} range_ctx;

static void range_check(range_ctx *r, uint32_t off, uint32_t len)
{
	if ((uint64_t)off + len > r->n || (len && off >= r->n)) {
		if (!r->bad++) {
			r->bad_off = off;
			r->bad_len = len;
		}
	}
}
static void rg_open(void *c, const char *k, const char *l, uint32_t o, uint32_t n)
{
	(void)k, (void)l;
	range_check(c, o, n);
}
static void rg_close(void *c)
{
	(void)c;
}
static void rg_u64(void *c, const char *k, const char *l, uint64_t v, const char *t, uint32_t o, uint32_t n)
{
	(void)k, (void)l, (void)v, (void)t;
	range_check(c, o, n);
}
static void rg_str(void *c, const char *k, const char *l, const char *v, uint32_t o, uint32_t n)
{
	(void)k, (void)l, (void)v;
	range_check(c, o, n);
}
static void rg_bytes(void *c, const char *k, const char *l, const uint8_t *p, uint32_t n, uint32_t o)
{
	(void)k, (void)l, (void)p;
	range_check(c, o, n);
}
static void rg_diag(void *c, const nas_diag *d)
{
	range_check(c, d->offset, 0);
}
static const nas_sink range_sink = { rg_open, rg_open, rg_close, rg_u64, rg_str, rg_bytes, rg_diag };

/* Decode from an exact-size heap copy so ASan sees any read past the end. */
static void decode_exact(const uint8_t *b, size_t n, nas_dir dir, nas_pdu *p)
{
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	memcpy(copy, b, n);
	nas_decode(copy, n, dir, NULL, p);
	/* every presentation must cope with whatever was decoded */
	rec r = { .n = 0 };
	nas_walk(p, &rec_sink, &r);
	range_ctx rg = { .n = (uint32_t)n };
	nas_walk(p, &range_sink, &rg);
	if (rg.bad)
		fail_msg("%u byte range(s) outside the %zu-octet input, first [%u+%u]", rg.bad, n, rg.bad_off, rg.bad_len);
	char *j = json_of(p);
	if (!json_valid(j))
		fail_msg("invalid JSON: %s", j);
	free(j);
	free(text_of(p));
	/* offsets stay inside the input */
	for (unsigned i = 0; i < p->n_diag; i++)
		assert_true(p->diag[i].offset <= n);
	if (p->esm.present)
		assert_true(p->esm.off + p->esm.len <= n);
	free(copy);
}

static void sweep(const vector *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++) {
		uint8_t b[512];
		size_t len = unhex(v[i].hex, b, sizeof(b));
		for (unsigned d = 0; d < 3; d++) {
			for (size_t cut = 0; cut < len; cut++) {
				nas_pdu p;
				decode_exact(b, cut, (nas_dir)d, &p);
				/* a prefix is either a valid shorter message (it
				 * ended at an IE boundary) or reports why not */
				if (!p.valid && !is_error_present(&p))
					fail_msg("%s cut at %zu: invalid without an error", v[i].name, cut);
			}
		}
	}
}

static void truncation_sweep_spec(void **state)
{
	(void)state;
	sweep(spec_vectors, N_VEC(spec_vectors));
}

static void truncation_sweep_captures(void **state)
{
	(void)state;
	sweep(capture_vectors, N_VEC(capture_vectors));
}

/* A prefix that cuts into the mandatory part is always an error. */
static void mandatory_cut_is_error(void **state)
{
	(void)state;
	uint8_t b[64];
	size_t len = unhex(spec_vectors[0].hex, b, sizeof(b)); /* ACTIVATE DEFAULT: mandatory up to octet 21 */
	assert_int_equal(len, 31);
	for (size_t cut = 0; cut < 21; cut++) {
		nas_pdu p;
		decode_exact(b, cut, NAS_DIR_UNKNOWN, &p);
		assert_false(p.valid);
	}
	/* 21 octets: all mandatory IEs, no PCO: a valid shorter message */
	nas_pdu p;
	decode_exact(b, 21, NAS_DIR_UNKNOWN, &p);
	assert_true(p.valid);
}

/* xorshift32: a fixed seed keeps failures reproducible. */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Flip, replace, insert and delete octets of every vector, many times. */
static void mutations(void **state)
{
	(void)state;
	uint32_t seed = 0x2b1ce5u;
	const vector *sets[2] = { spec_vectors, capture_vectors };
	size_t sizes[2] = { N_VEC(spec_vectors), N_VEC(capture_vectors) };
	unsigned decodes = 0;

	for (unsigned s = 0; s < 2; s++) {
		for (size_t i = 0; i < sizes[s]; i++) {
			uint8_t orig[512];
			size_t len = unhex(sets[s][i].hex, orig, sizeof(orig));
			for (unsigned round = 0; round < 400; round++) {
				uint8_t b[520];
				size_t n = len;
				memcpy(b, orig, len);
				unsigned edits = 1 + rnd(&seed) % 4;
				for (unsigned e = 0; e < edits && n > 0; e++) {
					size_t at = rnd(&seed) % n;
					switch (rnd(&seed) % 4) {
					case 0: b[at] ^= (uint8_t)(1u << (rnd(&seed) % 8)); break;
					case 1: b[at] = (uint8_t)rnd(&seed); break;
					case 2:
						if (n < sizeof(b)) {
							memmove(b + at + 1, b + at, n - at);
							b[at] = (uint8_t)rnd(&seed);
							n++;
						}
						break;
					default:
						memmove(b + at, b + at + 1, n - at - 1);
						n--;
						break;
					}
				}
				nas_pdu p;
				decode_exact(b, n, (nas_dir)(round % 3), &p);
				if (!p.valid && !is_error_present(&p))
					fail_msg("%s mutation %u: invalid without an error", sets[s][i].name, round);
				decodes++;
			}
		}
	}
	assert_true(decodes > 10000);
}

/* Found by the fuzz target (every walk byte range inside the input): an EMM
 * message cut before its message type octet. */
static void emm_header_cut(void **state)
{
	(void)state;
	static const char *const v[] = { "07", "17722fe0092707", "170000002c0607" };
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t b[16];
		size_t n = unhex(v[i], b, sizeof(b));
		nas_pdu p;
		decode_exact(b, n, NAS_DIR_UNKNOWN, &p);
		assert_true(has_diag(&p, NAS_ERR_TRUNCATED));
		char *j = json_of(&p);
		assert_null(strstr(j, "\"msg_type\""));
		free(j);
	}
}

/* Lengths at their extremes: 0xFFFF TLV-E, 0xFF TLV, on short input. */
static void huge_lengths(void **state)
{
	(void)state;
	static const char *const v[] = {
		"5201c2 7bffff 80",             /* ePCO claims 65535 octets */
		"5201c2 27ff 80",               /* PCO claims 255 */
		"0743 ffff 5200c2",             /* ESM container claims 65535 */
		"5201c1 ff",                    /* EPS QoS LV claims 255 */
		"0200eb ffff",                  /* user data container */
		"0207e9 79ffff ff",             /* remote UE list */
		"6200c5 05 0109 ff 21",         /* TFT LV */
		"5201c1 0109 0908696e7465726e6574 05010a000002 2702 80 ff", /* PCO ID cut */
	};
	for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t b[64];
		size_t n = unhex(v[i], b, sizeof(b));
		nas_pdu p;
		decode_exact(b, n, NAS_DIR_UNKNOWN, &p);
		assert_false(p.valid);
		assert_true(has_diag(&p, NAS_ERR_TRUNCATED) || has_diag(&p, NAS_ERR_BAD_LENGTH));
	}
}

/* The largest legal containers decode without a cap or an overflow. */
static void big_valid_containers(void **state)
{
	(void)state;
	static uint8_t b[70000];
	size_t n = 0;
	/* ePCO with 1000 operator-specific containers of 60 octets */
	b[n++] = 0x52; b[n++] = 0x01; b[n++] = 0xC2; b[n++] = 0x7B;
	size_t lpos = n;
	n += 2;
	b[n++] = 0x80;
	for (unsigned i = 0; i < 1000; i++) {
		b[n++] = 0xFF; b[n++] = 0x00; b[n++] = 60;
		memset(b + n, (int)i, 60);
		n += 60;
	}
	size_t clen = n - lpos - 2;
	b[lpos] = (uint8_t)(clen >> 8);
	b[lpos + 1] = (uint8_t)clen;
	nas_pdu p;
	decode_exact(b, n, NAS_DIR_UNKNOWN, &p);
	assert_true(p.valid);
	assert_int_equal(p.n_diag, 0);
	assert_int_equal(ie_key(&p.esm, "extended_protocol_configuration_options")->v.len, clen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(truncation_sweep_spec),
		cmocka_unit_test(truncation_sweep_captures),
		cmocka_unit_test(mandatory_cut_is_error),
		cmocka_unit_test(mutations),
		cmocka_unit_test(emm_header_cut),
		cmocka_unit_test(huge_lengths),
		cmocka_unit_test(big_valid_containers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
