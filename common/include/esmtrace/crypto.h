/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace NAS security primitives: the EPS algorithms that protect NAS
 * (TS 33.401 Annex B) and the AKA key chain (TS 33.401 6.1, 7.2, Annex A),
 * for reading and checking captured NAS with the subscriber's keys.
 *
 *  - 128-EEA2/EIA2 are AES-128 in CTR mode and AES-CMAC (libgcrypt).
 *  - 128-EEA1/EIA1 are UEA2/UIA2 (TS 35.215) over SNOW 3G (TS 35.216), and
 *    128-EEA3/EIA3 are the algorithms of TS 35.221 over ZUC (TS 35.222):
 *    no Debian library ships them, so they are written here from the
 *    ETSI/SAGE specifications and proven on their test data (tests/unit).
 *  - Milenage (TS 35.205-35.206) and the EPS key derivations (TS 33.401
 *    A.2, A.7 over the KDF of TS 33.220 B.2) come from libosmogsm.
 *
 * Bit strings: `bits` counts the message's bits; they fill the octets from
 * the most significant bit of the first one (TS 33.401 B.1.1: LENGTH need
 * not be a multiple of 8). Output bits past `bits` are set to 0.
 */
#ifndef ESMTRACE_CRYPTO_H
#define ESMTRACE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Algorithm identities, TS 33.401 5.1.3.2 / 5.1.4.2 (EEA0-3, EIA0-3), as
 * coded in the selected NAS security algorithms IE (TS 24.301 9.9.3.23). */
enum { NAS_ALG_NULL = 0, NAS_ALG_SNOW3G = 1, NAS_ALG_AES = 2, NAS_ALG_ZUC = 3 };

/* Reusable libgcrypt handles (AES-CTR, AES-CMAC): open once, not per message.
 * Not thread-safe: one per thread. NULL when libgcrypt cannot open AES. */
typedef struct nas_crypto nas_crypto;
nas_crypto *nas_crypto_new(void);
void nas_crypto_free(nas_crypto *c);

/* 128-EEAx (TS 33.401 B.1): out = in XOR keystream over `bits` bits. in and
 * out may be the same buffer. EEA0 copies. False for an algorithm that is
 * not 0-3 (or EEA2 without libgcrypt). */
bool nas_eea(nas_crypto *c, uint8_t alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
             const uint8_t *in, uint32_t bits, uint8_t *out);

/* 128-EIAx (TS 33.401 B.2): the 32-bit MAC of `bits` bits of msg. EIA0
 * gives 0 (TS 33.401 5.1.4.1: the null algorithm's MAC is 32 zero bits). */
bool nas_eia(nas_crypto *c, uint8_t alg, const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir,
             const uint8_t *msg, uint32_t bits, uint32_t *mac);

/* ------------------------------------------------------ building blocks */
/* Exposed for the specifications' own test data. */

/* SNOW 3G (TS 35.216 4): keystream words z1..zn from the key words k0..k3
 * and IV0..IV3 (k0 = key octets 0-3, the spec's test data convention). */
void nas_snow3g(const uint32_t k[4], const uint32_t iv[4], uint32_t *z, size_t n);
/* UEA2 f8 (TS 35.215 3) and UIA2 f9 (TS 35.215 4): 128-EEA1 is f8 with
 * BEARER; 128-EIA1 is f9 with FRESH = BEARER << 27 (TS 33.401 B.2.2). */
void nas_uea2(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *in, uint32_t bits,
              uint8_t *out);
uint32_t nas_uia2(const uint8_t key[16], uint32_t count, uint32_t fresh, uint8_t dir, const uint8_t *msg,
                  uint64_t bits);

/* ZUC (TS 35.222 3.6): keystream words from the 16-octet key and IV. */
void nas_zuc(const uint8_t key[16], const uint8_t iv[16], uint32_t *z, size_t n);
/* 128-EEA3 and 128-EIA3 (TS 35.221 3, 4). */
void nas_eea3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *in, uint32_t bits,
              uint8_t *out);
uint32_t nas_eia3(const uint8_t key[16], uint32_t count, uint8_t bearer, uint8_t dir, const uint8_t *msg,
                  uint32_t bits);

/* --------------------------------------------------------- key chain */

/* What the USIM computes from an AUTHENTICATION REQUEST (TS 33.102 6.3.3,
 * Milenage), with the check of the network's MAC-A. */
typedef struct {
	uint8_t res[8], ck[16], ik[16], ak[6];
	uint8_t sqn[6];      /* AUTN's SQN XOR AK, XOR AK */
	uint8_t amf[2];
	bool mac_ok;         /* AUTN's MAC-A equals f1(K, SQN, RAND, AMF) */
} nas_aka;

/* Milenage with K and OPc over RAND; AUTN = SQN^AK || AMF || MAC-A.
 * False when libosmogsm fails. */
bool nas_milenage(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16], const uint8_t autn[16],
                  nas_aka *out);

/* The network's side (TS 33.102 6.3.2), for writing captures: AUTN = SQN ^ AK
 * || AMF || MAC-A for SQN and AMF, with RES, CK and IK. False when
 * libosmogsm fails. */
bool nas_milenage_vector(const uint8_t k[16], const uint8_t opc[16], const uint8_t rand[16], const uint8_t sqn[6],
                         const uint8_t amf[2], uint8_t autn[16], nas_aka *out);

/* OPc = AES_K(OP) XOR OP (TS 35.206 4.1). False without libgcrypt. */
bool nas_opc(const uint8_t k[16], const uint8_t op[16], uint8_t opc[16]);

/* KASME = KDF(CK || IK, FC 0x10, SN id, SQN XOR AK) (TS 33.401 A.2); sn_id is
 * the serving PLMN as coded in TS 24.008 10.5.1.3 (00 F1 10 = 001/01). */
void nas_kdf_kasme(const uint8_t ck[16], const uint8_t ik[16], const uint8_t sn_id[3], const uint8_t sqn_ak[6],
                   uint8_t kasme[32]);

/* K_NASenc (type 1) or K_NASint (type 2) for algorithm alg: the last 128
 * bits of KDF(KASME, FC 0x15, type, alg) (TS 33.401 A.7). */
enum { NAS_KEY_ENC = 1, NAS_KEY_INT = 2 };
void nas_kdf_nas(uint8_t type, uint8_t alg, const uint8_t kasme[32], uint8_t key[16]);

#ifdef __cplusplus
}
#endif
#endif
