/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcapng writer: Ethernet / IPv4 / SCTP (RFC 9260) packets carrying S1AP
 * (PPID 18, TS 36.412), and Ethernet / IPv4 / UDP packets carrying GSMTAP. Deterministic: every field that a real stack would
 * randomise (MAC addresses, IP id, verification tag) is derived from the
 * addresses or from counters.
 */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

struct pcapw {
	FILE *f;
	uint16_t ip_id;
	buf pkt;
};

/* CRC32c (Castagnoli, reflected polynomial 0x82F63B78), RFC 9260 appendix A. */
static uint32_t crc_table[8][256];

static void crc_init(void)
{
	static bool done;
	if (done)
		return;
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
		crc_table[0][i] = c;
	}
	/* slicing-by-8 tables: the scale mode checksums a million packets */
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
	done = true;
}

uint32_t crc32c(const uint8_t *p, size_t n)
{
	crc_init();
	uint32_t c = 0xffffffffu;
	while (n >= 8) {
		uint32_t lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		c = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^ crc_table[5][(lo >> 16) & 0xff] ^
		    crc_table[4][lo >> 24] ^ crc_table[3][p[4]] ^ crc_table[2][p[5]] ^ crc_table[1][p[6]] ^
		    crc_table[0][p[7]];
		p += 8;
		n -= 8;
	}
	while (n--)
		c = (c >> 8) ^ crc_table[0][(c ^ *p++) & 0xff];
	return ~c;
}

static void put_le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	fwrite(b, 1, 4, f);
}

pcapw *pcapw_open(const char *path)
{
	pcapw *w = calloc(1, sizeof(*w));
	if (!w)
		gen_fail("out of memory");
	w->f = fopen(path, "wb");
	if (!w->f)
		gen_fail("cannot write %s", path);
	setvbuf(w->f, NULL, _IOFBF, 1 << 20);
	/* Section header block: little-endian, version 1.0, section length unknown. */
	put_le32(w->f, 0x0A0D0D0A);
	put_le32(w->f, 28);
	put_le32(w->f, 0x1A2B3C4D);
	put_le32(w->f, 0x00000001);
	put_le32(w->f, 0xffffffff);
	put_le32(w->f, 0xffffffff);
	put_le32(w->f, 28);
	/* Interface description block: Ethernet, snaplen 0 (no limit), default
	 * microsecond timestamps. */
	put_le32(w->f, 1);
	put_le32(w->f, 20);
	put_le32(w->f, 1); /* LINKTYPE_ETHERNET, reserved 0 */
	put_le32(w->f, 0);
	put_le32(w->f, 20);
	return w;
}

static void write_epb(pcapw *w, uint64_t t_us);

static void mac_of(uint8_t mac[6], const uint8_t ip[4])
{
	mac[0] = 0x02; /* locally administered */
	mac[1] = 0x00;
	memcpy(mac + 2, ip, 4);
}

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

void pcapw_sctp(pcapw *w, uint64_t t_us, const uint8_t src[4], const uint8_t dst[4], uint16_t sport,
                uint16_t dport, const sctp_chunk *c, int n)
{
	buf *b = &w->pkt;
	b->len = 0;
	uint8_t mac[6];
	mac_of(mac, dst);
	buf_put(b, mac, 6);
	mac_of(mac, src);
	buf_put(b, mac, 6);
	buf_u16(b, 0x0800);

	size_t ip = b->len;
	static const uint8_t ip_hdr[20] = { 0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 132 };
	buf_put(b, ip_hdr, sizeof(ip_hdr));
	memcpy(b->p + ip + 12, src, 4);
	memcpy(b->p + ip + 16, dst, 4);

	size_t sctp = b->len;
	buf_u16(b, sport);
	buf_u16(b, dport);
	/* Verification tag: one per association and direction, from the ports
	 * and addresses (a real stack picks it at random during INIT). */
	buf_u32(b, 0x5a000000u ^ ((uint32_t)sport << 8) ^ ((uint32_t)src[3] << 16) ^ dst[3]);
	buf_u32(b, 0); /* checksum, filled below */
	for (int i = 0; i < n; i++) {
		/* DATA chunk, RFC 9260 3.3.1: unfragmented (B and E bits set). */
		buf_u8(b, 0);
		buf_u8(b, 0x03);
		buf_u16(b, (uint16_t)(16 + c[i].len));
		buf_u32(b, c[i].tsn);
		buf_u16(b, c[i].stream);
		buf_u16(b, c[i].ssn);
		buf_u32(b, 18); /* PPID: S1AP */
		buf_put(b, c[i].p, c[i].len);
		static const uint8_t pad[3];
		buf_put(b, pad, (4 - c[i].len % 4) % 4);
	}
	/* The CRC32c goes on the wire least significant byte first (RFC 9260 appendix A). */
	uint32_t crc = crc32c(b->p + sctp, b->len - sctp);
	b->p[sctp + 8] = (uint8_t)crc;
	b->p[sctp + 9] = (uint8_t)(crc >> 8);
	b->p[sctp + 10] = (uint8_t)(crc >> 16);
	b->p[sctp + 11] = (uint8_t)(crc >> 24);

	size_t ip_len = b->len - ip;
	if (ip_len > 65535)
		gen_fail("packet too large (%zu octets)", ip_len);
	b->p[ip + 2] = (uint8_t)(ip_len >> 8);
	b->p[ip + 3] = (uint8_t)ip_len;
	w->ip_id++;
	b->p[ip + 4] = (uint8_t)(w->ip_id >> 8);
	b->p[ip + 5] = (uint8_t)w->ip_id;
	uint16_t ck = ip_checksum(b->p + ip, 20);
	b->p[ip + 10] = (uint8_t)(ck >> 8);
	b->p[ip + 11] = (uint8_t)ck;

	write_epb(w, t_us);
}

/* The enhanced packet block around the frame in w->pkt. */
static void write_epb(pcapw *w, uint64_t t_us)
{
	buf *b = &w->pkt;
	uint32_t padded = (uint32_t)((b->len + 3) & ~(size_t)3);
	uint32_t blen = 32 + padded;
	put_le32(w->f, 6);
	put_le32(w->f, blen);
	put_le32(w->f, 0);
	put_le32(w->f, (uint32_t)(t_us >> 32));
	put_le32(w->f, (uint32_t)t_us);
	put_le32(w->f, (uint32_t)b->len);
	put_le32(w->f, (uint32_t)b->len);
	fwrite(b->p, 1, b->len, w->f);
	static const uint8_t pad[3];
	fwrite(pad, 1, padded - b->len, w->f);
	put_le32(w->f, blen);
}

void pcapw_udp(pcapw *w, uint64_t t_us, const uint8_t src[4], const uint8_t dst[4], uint16_t sport, uint16_t dport,
               const uint8_t *p, size_t len)
{
	buf *b = &w->pkt;
	b->len = 0;
	uint8_t mac[6];
	mac_of(mac, dst);
	buf_put(b, mac, 6);
	mac_of(mac, src);
	buf_put(b, mac, 6);
	buf_u16(b, 0x0800);
	size_t ip = b->len;
	static const uint8_t ip_hdr[20] = { 0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17 };
	buf_put(b, ip_hdr, sizeof(ip_hdr));
	memcpy(b->p + ip + 12, src, 4);
	memcpy(b->p + ip + 16, dst, 4);
	size_t ip_len = 20 + 8 + len;
	if (ip_len > 65535)
		gen_fail("packet too large (%zu octets)", ip_len);
	b->p[ip + 2] = (uint8_t)(ip_len >> 8);
	b->p[ip + 3] = (uint8_t)ip_len;
	w->ip_id++;
	b->p[ip + 4] = (uint8_t)(w->ip_id >> 8);
	b->p[ip + 5] = (uint8_t)w->ip_id;
	uint16_t ck = ip_checksum(b->p + ip, 20);
	b->p[ip + 10] = (uint8_t)(ck >> 8);
	b->p[ip + 11] = (uint8_t)ck;
	buf_u16(b, sport);
	buf_u16(b, dport);
	buf_u16(b, (uint16_t)(8 + len));
	buf_u16(b, 0); /* no UDP checksum (RFC 768: optional over IPv4) */
	buf_put(b, p, len);
	write_epb(w, t_us);
}

void pcapw_close(pcapw *w)
{
	if (fclose(w->f) != 0)
		gen_fail("write error");
	buf_free(&w->pkt);
	free(w);
}
