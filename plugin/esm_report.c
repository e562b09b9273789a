/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: the HTML bearer report (common/report.c) from
 * tshark (-z esm,report,OUT.html[,FILTER]) and from the GUI (Tools > ESM >
 * Bearer report (HTML)).
 *
 * The report is recorded while the capture is first dissected (esm_hook.c
 * hands it every annotation and the tracker's history), because a plugin
 * cannot make Wireshark dissect the capture again: the GUI's retap is not in
 * libwireshark. It is recorded when it can be asked for: in the GUI (which
 * plugin_if_get_ws_info tells apart from tshark: only the GUI answers it), and
 * in tshark when -z esm,report was given (its argument is read after the file
 * is opened and before its first packet).
 *
 * The GUI entry goes through Wireshark's plugin interface (epan/plugin_if.h):
 * ext_menubar gives a plugin a menu of its own, here placed in Tools, whose
 * entries call back with no capture-file argument; plugin_if_get_ws_info gives
 * the file's name. plugin_if has no call that opens a URL (its "website"
 * entries open a URL fixed at registration), so the page is opened with GLib's
 * GIO, the desktop's default handler for HTML, or xdg-open.
 */
#include "esm_plugin.h"

#include <epan/plugin_if.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t frame_number(uint64_t id)
{
	return ESM_FRAME_NUM(id);
}

/* The report of the capture so far. Ends the analysis first, as the
 * statistics tables do: what only the end of the capture reveals is in it. */
static int write_report(FILE *f, const char *title, const char *generator, const char *filter,
                        bool (*selected)(void *, uint64_t), void *ctx, report_stats *st)
{
	report *r = esm_recorder();
	if (!r || !esm_tracker_finish())
		return -1;
	report_options o = { .title = title, .generator = generator, .filter = filter, .config = esm_track_config(),
	                     .frame_number = frame_number, .frame_selected = selected, .select_ctx = ctx };
	int ret = report_write_html(r, esm_tracker(), &o, f);
	report_get_stats(r, st);
	return ret;
}

/* ------------------------------------------------- tshark: -z esm,report */

typedef struct {
	char *path, *filter;
	GByteArray *frames;       /* with a filter: one bit per frame that passed it */
	bool written;
} report_request;

static tap_packet_status request_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                        const void *data _U_, tap_flags_t flags _U_)
{
	report_request *q = tapdata;
	guint byte = pinfo->num / 8;
	if (q->frames->len <= byte) {
		guint old = q->frames->len;
		g_byte_array_set_size(q->frames, MAX(byte + 1, old * 2));
		memset(q->frames->data + old, 0, q->frames->len - old);
	}
	q->frames->data[byte] |= (guint8)(1u << (pinfo->num % 8));
	return TAP_PACKET_DONT_REDRAW;
}

static bool request_selected(void *ctx, uint64_t num)
{
	const report_request *q = ctx;
	return num / 8 < q->frames->len && (q->frames->data[num / 8] >> (num % 8)) & 1;
}

/* Drawn once tshark has read the whole capture. */
static void request_draw(void *tapdata)
{
	report_request *q = tapdata;
	if (q->written)
		return;
	q->written = true;
	FILE *f = fopen(q->path, "w");
	if (!f) {
		fprintf(stderr, "esmtrace: -z esm,report: cannot write %s: %s\n", q->path, g_strerror(errno));
		return;
	}
	/* tshark does not tell a plugin the capture's name: the page is named after itself */
	char *title = g_path_get_basename(q->path);
	report_stats st = { 0 };
	gint64 t0 = g_get_monotonic_time();
	int r = write_report(f, title, "tshark -z esm,report", q->filter, q->filter ? request_selected : NULL, q, &st);
	g_free(title);
	if (fclose(f) != 0 || r != 0)
		fprintf(stderr, "esmtrace: -z esm,report: writing %s failed\n", q->path);
	else
		printf("ESM bearer report: %s (%u UEs, %u with findings, %u findings, %" PRIu64 " octets, "
		       "written in %.3f s)\n", q->path, st.ues, st.ues_with_findings, st.findings, st.bytes,
		       (double)(g_get_monotonic_time() - t0) / 1e6);
}

/* "esm,report,OUT.html[,FILTER]": the file name is everything up to the next comma. */
static ESM_TAP_INIT_RET request_init(const char *arg, void *userdata _U_)
{
	const char *rest = g_str_has_prefix(arg, "esm,report,") ? arg + strlen("esm,report,") : NULL;
	const char *comma = rest ? strchr(rest, ',') : NULL;
	if (!rest || !*rest || rest == comma) {
		fprintf(stderr, "tshark: -z esm,report needs the report's file name: -z esm,report,OUT.html[,FILTER]\n");
		ESM_TAP_INIT_FAIL;
	}
	report_request *q = g_new0(report_request, 1);
	q->path = comma ? g_strndup(rest, (gsize)(comma - rest)) : g_strdup(rest);
	q->filter = comma && comma[1] ? g_strdup(comma + 1) : NULL;
	q->frames = g_byte_array_new();
	GString *err = register_tap_listener("esm", q, q->filter, TL_REQUIRES_NOTHING, NULL, request_packet,
	                                     request_draw, NULL);
	if (err) {
		fprintf(stderr, "tshark: -z esm,report: %s\n", err->str);
		g_string_free(err, TRUE);
		ESM_TAP_INIT_FAIL;
	}
	esm_want_report();
	ESM_TAP_INIT_OK;
}

/* ------------------------------------------------ GUI: Tools > ESM > report */

bool esm_report_in_gui(void)
{
	ws_info_t *wi = NULL;
	plugin_if_get_ws_info(&wi); /* only the GUI fills it in: tshark registers no callback */
	return wi && wi->ws_info_supported;
}

/* The desktop's browser: GIO's default handler for the file, else xdg-open. */
static bool open_in_browser(const char *path)
{
	GError *err = NULL;
	char *uri = g_filename_to_uri(path, NULL, &err);
	bool ok = uri && g_app_info_launch_default_for_uri(uri, NULL, &err);
	if (!ok) {
		fprintf(stderr, "esmtrace: no default handler for HTML (%s), trying xdg-open\n", err ? err->message : "?");
		g_clear_error(&err);
		char *argv[] = { (char *)"xdg-open", (char *)path, NULL };
		ok = g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err);
	}
	if (!ok)
		fprintf(stderr, "esmtrace: cannot open a browser (%s): open %s yourself\n", err ? err->message : "?", path);
	g_clear_error(&err);
	g_free(uri);
	return ok;
}

static void menu_report(ext_menubar_gui_type gui_type _U_, gpointer gui_object _U_, gpointer user_data _U_)
{
	ws_info_t *wi = NULL;
	plugin_if_get_ws_info(&wi);
	char *title = wi && wi->cf_filename ? g_path_get_basename(wi->cf_filename) : g_strdup("(no capture file)");
	char *path = NULL;
	GError *err = NULL;
	int fd = g_file_open_tmp("esmtrace-report-XXXXXX.html", &path, &err);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "esmtrace: cannot create the report file: %s\n", err ? err->message : g_strerror(errno));
		if (fd >= 0)
			g_close(fd, NULL);
	} else {
		report_stats st;
		int r = write_report(f, title, "Wireshark, Tools > ESM > Bearer report", NULL, NULL, NULL, &st);
		if (fclose(f) != 0 || r != 0)
			fprintf(stderr, "esmtrace: writing the report %s failed\n", path);
		else
			open_in_browser(path);
	}
	g_clear_error(&err);
	g_free(path);
	g_free(title);
}

void esm_report_register(void)
{
	static stat_tap_ui cli = { REGISTER_TOOLS_GROUP_UNSORTED, "ESM HTML bearer report", "esm,report", request_init,
	                           0, NULL };
	register_stat_tap_ui(&cli, NULL);
	/* A plugin's menu; ext_menubar has no entry directly in an existing menu. */
	ext_menu_t *menu = ext_menubar_register_menu(proto_esm, "&ESM", TRUE); /* & marks the access key */
	ext_menubar_set_parentmenu(menu, "Tools");
	ext_menubar_add_entry(menu, "&Bearer report (HTML)",
	                      "Write the HTML bearer report of this capture (summary, triage, a timeline per UE) to a "
	                      "temporary file and open it in the browser",
	                      menu_report, NULL);
}
