/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/pl-util.h"

#include "pl-kpi-chart.h"

struct _PlKpiChart
{
  PlTrendChart chart;
  GArray *days;
  GArray *values;
  char *unit;
  char *series_label;
};

static void
next_period (GDate    *date,
             PlPeriod  period)
{
  if (period == PL_PERIOD_MONTH)
    g_date_add_months (date, 1);
  else
    g_date_add_days (date, 7);
}

static void
append (PlKpiChart  *self,
        const GDate *date,
        double       value)
{
  double day = (double) pl_date_to_days (date);

  g_array_append_val (self->days, day);
  g_array_append_val (self->values, value);
}

/**
 * pl_kpi_chart_new:
 * @kpi: the KPI
 * @points: (element-type PlKpiPoint): from pl_kpi_compute(), oldest first
 *
 * Returns: (transfer full): the chart description
 */
PlKpiChart *
pl_kpi_chart_new (PlKpi  *kpi,
                  GArray *points)
{
  PlKpiChart *self;
  PlPeriod period;
  GDate expected;

  g_return_val_if_fail (PL_IS_KPI (kpi), NULL);
  g_return_val_if_fail (points != NULL, NULL);

  self = g_new0 (PlKpiChart, 1);
  self->days = g_array_new (FALSE, FALSE, sizeof (double));
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->unit = g_strdup (pl_kpi_get_unit (kpi));
  period = pl_kpi_get_period (kpi);
  self->series_label = period == PL_PERIOD_MONTH
    /* Translators: the legend of a KPI's line, e.g. "Monthly CSAT" */
    ? g_strdup_printf (_("Monthly %s"), pl_kpi_get_name (kpi))
    /* Translators: the legend of a KPI's line, e.g. "Weekly CSAT" */
    : g_strdup_printf (_("Weekly %s"), pl_kpi_get_name (kpi));

  g_date_clear (&expected, 1);

  for (guint i = 0; i < points->len; i++)
    {
      const PlKpiPoint *point = &g_array_index (points, PlKpiPoint, i);
      GDate date;

      if (!pl_date_parse_iso (point->period_start, &date))
        {
          g_warning ("KPI %s has a period with an unreadable date “%s”",
                     pl_kpi_get_code (kpi), point->period_start);
          continue;
        }

      /* A period with no data is a gap, not a line drawn across it. */
      if (g_date_valid (&expected))
        {
          guint guard = 0;

          while (g_date_compare (&expected, &date) < 0 && guard++ < 1000)
            {
              append (self, &expected, NAN);
              next_period (&expected, period);
            }
        }

      append (self, &date, point->value);
      expected = date;
      next_period (&expected, period);
    }

  pl_trend_chart_init (&self->chart);
  self->chart.series_label = self->series_label;
  self->chart.days = (const double *) self->days->data;
  self->chart.values = (const double *) self->values->data;
  self->chart.n = self->days->len;
  self->chart.unit = self->unit;
  self->chart.decimals = pl_kpi_get_decimals (kpi);
  self->chart.higher_is_better = pl_kpi_get_higher_is_better (kpi);
  self->chart.has_target = TRUE;
  self->chart.target = pl_kpi_get_target (kpi);
  self->chart.has_red_threshold = TRUE;
  self->chart.red_threshold = pl_kpi_get_red_threshold (kpi);
  self->chart.highlight = -1;

  return self;
}

/**
 * pl_kpi_chart_get_chart:
 *
 * Returns: (transfer none): the description, valid as long as @self
 */
const PlTrendChart *
pl_kpi_chart_get_chart (PlKpiChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->chart;
}

void
pl_kpi_chart_free (PlKpiChart *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->days);
  g_array_unref (self->values);
  g_free (self->unit);
  g_free (self->series_label);
  g_free (self);
}
