/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates are stored as ISO 8601 text: "YYYY-MM-DD" for days and
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC) for moments. */

gboolean pl_date_parse_iso   (const char  *text,
                              GDate       *out);
char    *pl_date_to_iso      (const GDate *date);
gint64   pl_date_to_days     (const GDate *date);
void     pl_date_from_days   (gint64       days,
                              GDate       *out);
char    *pl_date_week_start  (const char  *iso_date);
char    *pl_date_month_start (const char  *iso_date);
char    *pl_date_format_short (const char *iso_date);
char    *pl_now_iso8601      (void);
char    *pl_today_iso        (void);

G_END_DECLS
