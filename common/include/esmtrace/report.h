/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace HTML report: one self-contained HTML file with a summary, the
 * triage table and, per UE, a timeline of its EPS bearers drawn in inline SVG
 * (one lane per EBI with its MME and UE states over time, requests and
 * answers, resends numbered by the timer expiry they imply, timer runs from
 * each copy to its expiry, aborts, rejects and every other finding with its
 * frame, clause and text; linked EBI, APN, address and QCI on the lane).
 *
 * The report draws what the tracker says and derives nothing itself: it is
 * filled from the tracker's annotations (report_event), its history callbacks
 * (bearer state changes, timer runs) and its findings, in capture order, then
 * written once after track_finish. The page embeds its data as one JSON block
 * (<script type="application/json" id="esm-report-data">), from which its
 * script draws the tables and the SVG; nothing is loaded from elsewhere (no
 * network, no external script, style or font).
 *
 * Large captures: UEs with findings come first, each with its timeline; the
 * others are collapsed, their timelines drawn when opened; both lists and the
 * triage table are paged, so the page stays usable with 100,000 UEs.
 */
#ifndef ESMTRACE_REPORT_H
#define ESMTRACE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "esmtrace/track.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct report report;

report *report_new(void);
void report_free(report *r);

/* Recording, in capture order. report_event takes every event with the
 * annotation track_feed returned for it (ESM messages become markers); the
 * three callbacks take the tracker's history and findings, with the report as
 * their context: install them with report_attach, or call them from your own
 * callbacks (track_config has one context for all). */
void report_event(report *r, const track_event *ev, const track_annotation *a);
void report_on_state(void *report, const track_state_change *c);
void report_on_timer(void *report, const track_timer_run *run);
void report_on_finding(void *report, const track_finding_row *f);
void report_attach(report *r, track_config *c); /* sets on_state, on_timer, on_finding, cb_ctx */

typedef struct {
	const char *title;      /* what was analysed, e.g. the capture's file name */
	const char *generator;  /* the command that wrote it, e.g. "esmtrace replay" */
	const char *filter;     /* the display filter the report is limited to, or NULL */
	const track_config *config; /* timer values and abort expiries shown, or NULL */
	/* The frame number to show for a tracker frame id (a user that packs more
	 * into its ids, like the plugin's NAS-PDU index); NULL: the id itself. */
	uint64_t (*frame_number)(uint64_t id);
	/* Limits the report to the UEs with a selected frame and to the findings
	 * of selected frames (frame numbers as shown); NULL: everything. */
	bool (*frame_selected)(void *ctx, uint64_t frame);
	void *select_ctx;
} report_options;

/* Writes the report (after track_finish: the procedure statistics and
 * counters come from the tracker). Returns 0, or -1 when writing failed. */
int report_write_html(report *r, track *t, const report_options *o, FILE *out);

/* Counts for the caller's own messages (after report_write_html). */
typedef struct {
	uint32_t ues, ues_with_findings, findings;
	uint64_t bytes;
} report_stats;
void report_get_stats(const report *r, report_stats *out);

#ifdef __cplusplus
}
#endif
#endif
