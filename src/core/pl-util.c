/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <stdio.h>

#include "pl-util.h"

gboolean
pl_date_parse_iso (const char *text,
                   GDate      *out)
{
  unsigned int y, m, d;
  char tail;

  g_return_val_if_fail (out != NULL, FALSE);

  g_date_clear (out, 1);
  if (text == NULL)
    return FALSE;

  /* Accept a bare date, or the date part of a timestamp. */
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) < 3)
    return FALSE;
  if (strlen (text) > 10 && text[10] != 'T' && text[10] != ' ')
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
pl_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/* Days since 1970-01-01, the x axis of every chart. */
gint64
pl_date_to_days (const GDate *date)
{
  GDate epoch;

  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return (gint64) g_date_get_julian (date) - (gint64) g_date_get_julian (&epoch);
}

void
pl_date_from_days (gint64  days,
                   GDate  *out)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_clear (out, 1);
  g_date_set_julian (out, (guint32) (g_date_get_julian (&epoch) + days));
}

/* Weeks run Monday to Sunday (ISO 8601). */
char *
pl_date_week_start (const char *iso_date)
{
  GDate date;

  if (!pl_date_parse_iso (iso_date, &date))
    return NULL;

  g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
  return pl_date_to_iso (&date);
}

char *
pl_date_month_start (const char *iso_date)
{
  GDate date;

  if (!pl_date_parse_iso (iso_date, &date))
    return NULL;

  g_date_set_day (&date, 1);
  return pl_date_to_iso (&date);
}

/* "3 Aug 2026", in the user's locale. */
char *
pl_date_format_short (const char *iso_date)
{
  GDate date;
  char buf[64];

  if (!pl_date_parse_iso (iso_date, &date))
    return g_strdup (iso_date != NULL ? iso_date : "");

  if (g_date_strftime (buf, sizeof buf, "%-d %b %Y", &date) == 0)
    return pl_date_to_iso (&date);

  return g_strdup (buf);
}

char *
pl_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
pl_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}
