/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * esmtrace Wireshark plugin: every difference between the Wireshark versions
 * the plugin is built for, keyed on WIRESHARK_VERSION_MAJOR/MINOR (ws_version.h).
 * No other file of the plugin tests a version. Built and tested against
 * 4.0 (Debian 12), 4.4 (Debian 13) and 4.6 (Debian testing); the 4.2 limits
 * below follow the 4.2 release notes and headers, not a 4.2 build.
 *
 * The plugin's memory scopes need no shim: pinfo->pool (every version) instead
 * of wmem_packet_scope(), which 4.6 removed.
 */
#ifndef ESM_COMPAT_H
#define ESM_COMPAT_H

#include <wireshark.h>          /* ws_version.h */
#include <epan/proto.h>
#include <epan/stat_groups.h>
#include <epan/unit_strings.h>  /* units_seconds: proto.h stopped including it in 4.4 */

#define ESM_WS_AT_LEAST(maj, min) \
	(WIRESHARK_VERSION_MAJOR > (maj) || (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

#if !ESM_WS_AT_LEAST(4, 0)
#error "esmtrace needs Wireshark 4.0 or later"
#endif

/* Boolean preferences: prefs_register_bool_preference() takes gboolean * up to
 * 4.2 and bool * from 4.4 on. */
#if ESM_WS_AT_LEAST(4, 4)
typedef bool esm_pref_bool;
#else
typedef gboolean esm_pref_bool;
#endif

/* UAT callbacks (epan/uat.h) return gboolean up to 4.2 and bool from 4.4
 * on, with the preferences' change. */
typedef esm_pref_bool esm_uat_bool;

/* A field's value: field_info embeds its fvalue_t in 4.0 and points to it from
 * 4.2 on. */
#if ESM_WS_AT_LEAST(4, 2)
#define ESM_FI_FVALUE(fi) ((fi)->value)
#else
#define ESM_FI_FVALUE(fi) (&(fi)->value)
#endif

/* Statistics menu group of the ESM tables: Statistics > Telephony > LTE in 4.0;
 * 4.4 renamed the group (Telephony > 3GPP Uu). */
#if ESM_WS_AT_LEAST(4, 4)
#define ESM_STAT_GROUP REGISTER_TELEPHONY_GROUP_3GPP_UU
#else
#define ESM_STAT_GROUP REGISTER_STAT_GROUP_TELEPHONY_LTE
#endif

/* -z argument callbacks (stat_tap_ui.tap_init_cb) return bool from 4.6 on: false
 * refuses the argument and tshark stops; before, a refused argument ends tshark
 * with exit(1), as its own taps do. */
#if ESM_WS_AT_LEAST(4, 6)
#define ESM_TAP_INIT_RET bool
#define ESM_TAP_INIT_OK return true
#define ESM_TAP_INIT_FAIL return false
#else
#define ESM_TAP_INIT_RET void
#define ESM_TAP_INIT_OK return
#define ESM_TAP_INIT_FAIL exit(1)
#endif

/* plugin_describe(): from 4.2 on the loader asks a plugin what it provides
 * (wsutil/plugins.h, which 4.0 does not install); without it `tshark -G plugins`
 * says "unknown". 4.0 takes the type from the plugin's registration. */
#if ESM_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define ESM_HAVE_PLUGIN_DESCRIBE 1
#endif

/* No shim, a rule: tshark -T fields writes FT_BOOLEAN values as 1/0 in 4.0 and as True/False
 * from 4.4 on, so the plugin's flags are FT_UINT8 1 (esm.ciphered, esm.duplicate, esm.deciphered) and its
 * output reads the same on every version (tests/plugin/esm_outputs.sh). */

#endif
