/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pl-error.h"
#include "pl-stats.h"

/* Validation */

static gboolean
check_confidence (double   confidence,
                  GError **error)
{
  if (!isfinite (confidence) || confidence <= 0 || confidence >= 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The confidence level must be more than 0% and less than 100%, "
                             "for example 95%."));
      return FALSE;
    }

  return TRUE;
}

/* Position @i (from 0) as the user counts it, for messages. */
static char *
ordinal (gsize i)
{
  return g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);
}

static gboolean
check_finite (const double *values,
              gsize         n,
              GError      **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]))
      {
        g_autofree char *position = ordinal (i);

        /* Translators: %s is the value's position in the list, from 1 */
        g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                     _("Value %s is not a number."), position);
        return FALSE;
      }

  return TRUE;
}

/* Two-sided critical values: Qinv keeps precision for levels near 100%. */
static double
z_critical (double confidence)
{
  return gsl_cdf_ugaussian_Qinv ((1 - confidence) / 2);
}

/* Intervals */

gboolean
pl_stats_wilson (gint64       successes,
                 gint64       trials,
                 double       confidence,
                 PlInterval  *out,
                 GError     **error)
{
  double n, p, z, z2, denominator, centre, half;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (trials < 1)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A proportion needs at least one case to count."));
      return FALSE;
    }
  if (successes < 0 || successes > trials)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The number that met the standard must be between 0 and the "
                             "number of cases."));
      return FALSE;
    }
  if (!check_confidence (confidence, error))
    return FALSE;

  n = (double) trials;
  p = (double) successes / n;
  z = z_critical (confidence);
  z2 = z * z;
  denominator = 1 + z2 / n;
  centre = (p + z2 / (2 * n)) / denominator;
  half = z * sqrt (p * (1 - p) / n + z2 / (4 * n * n)) / denominator;

  out->n = trials;
  out->confidence = confidence;
  out->estimate = p;
  out->standard_error = sqrt (p * (1 - p) / n);
  out->critical = z;
  /* At k = 0 and k = n the bound is exact; rounding would leave 1e-17. */
  out->lower = successes == 0 ? 0 : CLAMP (centre - half, 0, 1);
  out->upper = successes == trials ? 1 : CLAMP (centre + half, 0, 1);
  return TRUE;
}

gboolean
pl_stats_mean_interval_summary (gint64       n,
                                double       mean,
                                double       sd,
                                double       confidence,
                                PlInterval  *out,
                                GError     **error)
{
  double se, t;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("An interval for a mean needs at least 2 values."));
      return FALSE;
    }
  if (!isfinite (mean))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID, _("The mean is not a number."));
      return FALSE;
    }
  if (!isfinite (sd) || sd < 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The standard deviation must be a number, 0 or more."));
      return FALSE;
    }
  if (!check_confidence (confidence, error))
    return FALSE;

  se = sd / sqrt ((double) n);
  t = gsl_cdf_tdist_Qinv ((1 - confidence) / 2, (double) (n - 1));

  out->n = n;
  out->confidence = confidence;
  out->estimate = mean;
  out->standard_error = se;
  out->critical = t;
  out->lower = mean - t * se;
  out->upper = mean + t * se;
  return TRUE;
}

gboolean
pl_stats_mean_interval (const double  *values,
                        gsize          n_values,
                        double         confidence,
                        PlInterval    *out,
                        GError       **error)
{
  g_return_val_if_fail (values != NULL || n_values == 0, FALSE);

  if (n_values < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("An interval for a mean needs at least 2 values."));
      return FALSE;
    }
  if (!check_finite (values, n_values, error))
    return FALSE;

  return pl_stats_mean_interval_summary ((gint64) n_values,
                                         gsl_stats_mean (values, 1, n_values),
                                         gsl_stats_sd (values, 1, n_values),
                                         confidence, out, error);
}

/* Net Promoter Score */

gboolean
pl_stats_nps_counts (gint64   promoters,
                     gint64   passives,
                     gint64   detractors,
                     double   confidence,
                     PlNps   *out,
                     GError **error)
{
  double n, pp, pd, variance, z;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (promoters < 0 || passives < 0 || detractors < 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("The numbers of promoters, passives and detractors cannot be "
                             "negative."));
      return FALSE;
    }
  if (promoters > G_MAXINT64 - passives || promoters + passives > G_MAXINT64 - detractors)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("There are too many responses to add up."));
      return FALSE;
    }
  if (promoters + passives + detractors == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A Net Promoter Score needs at least one response."));
      return FALSE;
    }
  if (!check_confidence (confidence, error))
    return FALSE;

  out->promoters = promoters;
  out->passives = passives;
  out->detractors = detractors;
  out->n = promoters + passives + detractors;
  out->confidence = confidence;

  n = (double) out->n;
  pp = promoters / n;
  pd = detractors / n;
  /* Var(p_P − p_D) for one multinomial sample, the standard NPS interval. */
  variance = MAX (0, (pp + pd - (pp - pd) * (pp - pd)) / n);
  z = z_critical (confidence);

  out->nps = 100 * (pp - pd);
  out->margin = 100 * z * sqrt (variance);
  out->lower = MAX (-100, out->nps - out->margin);
  out->upper = MIN (100, out->nps + out->margin);
  return TRUE;
}

gboolean
pl_stats_nps_scores (const int *scores,
                     gsize      n_scores,
                     double     confidence,
                     PlNps     *out,
                     GError   **error)
{
  gint64 counts[3] = { 0, 0, 0 };   /* promoters, passives, detractors */

  g_return_val_if_fail (scores != NULL || n_scores == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_scores == 0)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A Net Promoter Score needs at least one response."));
      return FALSE;
    }

  for (gsize i = 0; i < n_scores; i++)
    {
      if (scores[i] < 0 || scores[i] > 10)
        {
          g_autofree char *position = ordinal (i);
          g_autofree char *score = g_strdup_printf ("%d", scores[i]);

          /* Translators: the score's position in the list (from 1), then the score */
          g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                       _("Score %s is %s; a recommendation score runs from 0 to 10."),
                       position, score);
          return FALSE;
        }
      counts[scores[i] >= 9 ? 0 : scores[i] >= 7 ? 1 : 2]++;
    }

  return pl_stats_nps_counts (counts[0], counts[1], counts[2], confidence, out, error);
}

/* Trends */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
sign (double value)
{
  return (value > 0) - (value < 0);
}

/* Over the groups of equal values, Σt(t − 1), Σt(t − 1)(t − 2) and
 * Σt(t − 1)(2t + 5), as Kendall's tie corrections need them. */
typedef struct
{
  double t1;
  double t2;
  double t5;
} Ties;

static Ties
count_ties (const double *values,
            gsize         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));
  Ties ties = { 0, 0, 0 };
  gsize i = 0;

  qsort (sorted, n, sizeof (double), compare_doubles);
  while (i < n)
    {
      gsize j = i + 1;
      double t;

      while (j < n && sorted[j] == sorted[i])
        j++;
      t = (double) (j - i);
      ties.t1 += t * (t - 1);
      ties.t2 += t * (t - 1) * (t - 2);
      ties.t5 += t * (t - 1) * (2 * t + 5);
      i = j;
    }

  return ties;
}

static void
least_squares (const double *x,
               const double *y,
               gsize         n,
               PlTrend      *out)
{
  double c0, c1, cov00, cov01, cov11, sumsq;
  double mean = gsl_stats_mean (y, 1, n);
  double total = 0;
  g_autofree double *residuals = g_new (double, n);

  gsl_fit_linear (x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  for (gsize i = 0; i < n; i++)
    {
      total += (y[i] - mean) * (y[i] - mean);
      residuals[i] = y[i] - (c0 + c1 * x[i]);
    }

  out->intercept = c0;
  out->slope = c1;
  out->slope_se = sqrt (MAX (0, cov11));

  if (total == 0)
    {
      /* A flat series: nothing to explain, nothing to test. */
      out->slope = 0;
      out->slope_se = 0;
      out->slope_p = 1;
      out->r2 = 0;
    }
  else
    {
      out->r2 = CLAMP (1 - sumsq / total, 0, 1);
      if (out->slope_se > 0)
        out->slope_p = 2 * gsl_cdf_tdist_Q (fabs (out->slope / out->slope_se), (double) (n - 2));
      else
        out->slope_p = 0;   /* an exact line */
    }

  out->residual_skewness = gsl_stats_skew (residuals, 1, n);
  if (!isfinite (out->residual_skewness))
    out->residual_skewness = 0;
}

static void
mann_kendall (const double *x,
              const double *y,
              gsize         n,
              PlTrend      *out)
{
  g_autofree double *slopes = g_new (double, n * (n - 1) / 2);
  Ties y_ties = count_ties (y, n);
  Ties x_ties = count_ties (x, n);
  double dn = (double) n;
  double pairs = dn * (dn - 1) / 2;
  double variance, denominator;
  gsize n_slopes = 0;
  gint64 s = 0;

  for (gsize i = 0; i + 1 < n; i++)
    for (gsize j = i + 1; j < n; j++)
      {
        s += sign (x[j] - x[i]) * sign (y[j] - y[i]);
        if (x[j] != x[i])
          slopes[n_slopes++] = (y[j] - y[i]) / (x[j] - x[i]);
      }

  /* Kendall (1975) with ties in both variables; Gilbert (1987) eq. 16.5,
   * where x ties are several values in one time period. */
  variance = (dn * (dn - 1) * (2 * dn + 5) - y_ties.t5 - x_ties.t5) / 18 +
             y_ties.t2 * x_ties.t2 / (9 * dn * (dn - 1) * (dn - 2)) +
             y_ties.t1 * x_ties.t1 / (2 * dn * (dn - 1));

  out->mk_s = s;
  out->mk_variance = MAX (0, variance);
  if (s == 0 || out->mk_variance == 0)
    out->mk_z = 0;
  else
    out->mk_z = (s - sign ((double) s)) / sqrt (out->mk_variance);
  out->mk_p = MIN (1, 2 * gsl_cdf_ugaussian_Q (fabs (out->mk_z)));

  denominator = sqrt ((pairs - y_ties.t1 / 2) * (pairs - x_ties.t1 / 2));
  out->kendall_tau = denominator > 0 ? s / denominator : 0;

  g_assert (n_slopes > 0);
  out->sen_slope = gsl_stats_median (slopes, 1, n_slopes);
}

gboolean
pl_stats_trend (const double  *x,
                const double  *y,
                gsize          n,
                PlTrend       *out,
                GError       **error)
{
  g_autofree double *positions = NULL;
  gboolean x_varies = FALSE;

  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n < 3)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A trend needs at least 3 values."));
      return FALSE;
    }
  if (n > PL_TREND_MAX_VALUES)
    {
      g_autofree char *limit = g_strdup_printf ("%d", PL_TREND_MAX_VALUES);

      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("A trend takes at most %s values; group the records into periods first."),
                   limit);
      return FALSE;
    }
  if (!check_finite (y, n, error))
    return FALSE;

  if (x == NULL)
    {
      positions = g_new (double, n);
      for (gsize i = 0; i < n; i++)
        positions[i] = (double) i;
      x = positions;
    }
  else
    {
      for (gsize i = 0; i < n; i++)
        if (!isfinite (x[i]))
          {
            g_autofree char *position = ordinal (i);

            /* Translators: %s is the position in the list, from 1 */
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("Time %s is not a number."), position);
            return FALSE;
          }
    }

  for (gsize i = 1; i < n && !x_varies; i++)
    x_varies = x[i] != x[0];
  if (!x_varies)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A trend needs values from more than one point in time."));
      return FALSE;
    }

  memset (out, 0, sizeof *out);
  out->n = n;
  least_squares (x, y, n, out);
  mann_kendall (x, y, n, out);

  out->method = n < 10 || fabs (out->residual_skewness) > 1
                ? PL_TREND_MANN_KENDALL : PL_TREND_LEAST_SQUARES;
  return TRUE;
}

double
pl_trend_p (const PlTrend *trend)
{
  g_return_val_if_fail (trend != NULL, 1);

  return trend->method == PL_TREND_MANN_KENDALL ? trend->mk_p : trend->slope_p;
}

PlTrendDirection
pl_trend_direction (const PlTrend *trend,
                    double         alpha)
{
  double estimate;

  g_return_val_if_fail (trend != NULL, PL_TREND_NONE);

  if (!(pl_trend_p (trend) < alpha))
    return PL_TREND_NONE;

  estimate = trend->method == PL_TREND_MANN_KENDALL ? (double) trend->mk_s : trend->slope;
  if (estimate > 0)
    return PL_TREND_RISING;
  if (estimate < 0)
    return PL_TREND_FALLING;
  return PL_TREND_NONE;
}

char *
pl_stats_format_p (double p)
{
  g_autofree char *number = NULL;

  if (!(p >= 0.001))
    return g_strdup (_("p < 0.001"));

  if (p < 0.1)
    number = g_strdup_printf ("%.3f", p);
  else
    number = g_strdup_printf ("%.2f", MIN (p, 1.0));

  /* 0.0496 must not read as 0.050 next to "significant". */
  if (p < PL_TREND_ALPHA && round (p * 1000) / 1000 >= PL_TREND_ALPHA)
    {
      g_free (number);
      number = g_strdup_printf ("%.4f", p);
    }

  /* Translators: %s is a p-value such as 0.041 */
  return g_strdup_printf (_("p = %s"), number);
}

char *
pl_trend_describe (const PlTrend *trend)
{
  g_autofree char *p = NULL;

  g_return_val_if_fail (trend != NULL, NULL);

  p = pl_stats_format_p (pl_trend_p (trend));

  switch (pl_trend_direction (trend, PL_TREND_ALPHA))
    {
    case PL_TREND_RISING:
      /* Translators: %s is "p = 0.004" */
      return g_strdup_printf (_("rising, significant (%s)"), p);
    case PL_TREND_FALLING:
      /* Translators: %s is "p = 0.004" */
      return g_strdup_printf (_("falling, significant (%s)"), p);
    case PL_TREND_NONE:
    default:
      /* Translators: %s is "p = 0.41" */
      return g_strdup_printf (_("no clear trend (%s)"), p);
    }
}

const char *
pl_trend_method_label (PlTrendMethod method)
{
  switch (method)
    {
    case PL_TREND_MANN_KENDALL:
      return _("Mann–Kendall test");
    case PL_TREND_LEAST_SQUARES:
    default:
      return _("least-squares slope");
    }
}

const char *
pl_trend_direction_to_string (PlTrendDirection direction)
{
  switch (direction)
    {
    case PL_TREND_RISING:
      return "rising";
    case PL_TREND_FALLING:
      return "falling";
    case PL_TREND_NONE:
    default:
      return "none";
    }
}

/* Control charts */

/* Factors for subgroups of 2 to 10: ASTM STP 15D (1976), reprinted in
 * Montgomery, Introduction to Statistical Quality Control, Appendix VI. */
static const struct
{
  double a2;
  double d3;
  double d4;
} xbar_r_constants[] = {
  { 1.880, 0.000, 3.267 },    /* 2 */
  { 1.023, 0.000, 2.574 },
  { 0.729, 0.000, 2.282 },
  { 0.577, 0.000, 2.114 },
  { 0.483, 0.000, 2.004 },
  { 0.419, 0.076, 1.924 },
  { 0.373, 0.136, 1.864 },
  { 0.337, 0.184, 1.816 },
  { 0.308, 0.223, 1.777 },    /* 10 */
};

/* XmR: 3/d2 with d2 = 1.128 for ranges of two, and D4 for n = 2. */
#define XMR_E2 2.66
#define XMR_D4 3.267

gboolean
pl_control_constants (guint   subgroup_size,
                      double *a2,
                      double *d3,
                      double *d4)
{
  if (subgroup_size < 2 || subgroup_size > 10)
    return FALSE;

  if (a2 != NULL)
    *a2 = xbar_r_constants[subgroup_size - 2].a2;
  if (d3 != NULL)
    *d3 = xbar_r_constants[subgroup_size - 2].d3;
  if (d4 != NULL)
    *d4 = xbar_r_constants[subgroup_size - 2].d4;
  return TRUE;
}

static PlControlChart *
control_chart_new (PlChartKind kind,
                   gsize       n_points,
                   gsize       n_ranges)
{
  PlControlChart *chart = g_new0 (PlControlChart, 1);

  chart->kind = kind;
  chart->n_points = n_points;
  chart->values = g_new0 (double, n_points);
  chart->ucl = g_new0 (double, n_points);
  chart->lcl = g_new0 (double, n_points);
  chart->sigma = g_new0 (double, n_points);
  chart->n_ranges = n_ranges;
  chart->ranges = g_new0 (double, MAX (n_ranges, 1));
  return chart;
}

void
pl_control_chart_free (PlControlChart *chart)
{
  if (chart == NULL)
    return;

  g_free (chart->values);
  g_free (chart->ucl);
  g_free (chart->lcl);
  g_free (chart->sigma);
  g_free (chart->ranges);
  g_clear_pointer (&chart->signals, g_array_unref);
  g_free (chart);
}

/* Constant limits ±3σ around the centre, then the signals. */
static void
finish_constant_limits (PlControlChart *chart,
                        double          sigma)
{
  for (gsize i = 0; i < chart->n_points; i++)
    {
      chart->sigma[i] = sigma;
      chart->ucl[i] = chart->center + 3 * sigma;
      chart->lcl[i] = chart->center - 3 * sigma;
    }
  chart->signals = pl_western_electric (chart->values, chart->sigma, chart->n_points,
                                        chart->center);
}

PlControlChart *
pl_control_chart_xmr (const double  *values,
                      gsize          n_values,
                      GError       **error)
{
  g_autoptr(PlControlChart) chart = NULL;
  double mr_sum = 0;

  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_values < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("An individuals chart needs at least 2 values."));
      return NULL;
    }
  if (!check_finite (values, n_values, error))
    return NULL;

  chart = control_chart_new (PL_CHART_XMR, n_values, n_values - 1);
  memcpy (chart->values, values, n_values * sizeof (double));
  chart->center = gsl_stats_mean (values, 1, n_values);
  for (gsize i = 0; i + 1 < n_values; i++)
    {
      chart->ranges[i] = fabs (values[i + 1] - values[i]);
      mr_sum += chart->ranges[i];
    }

  chart->range_center = mr_sum / (double) (n_values - 1);
  chart->range_ucl = XMR_D4 * chart->range_center;
  chart->range_lcl = 0;
  /* The limits are x̄ ± 2.66 MR̄, so σ is a third of that. */
  finish_constant_limits (chart, XMR_E2 * chart->range_center / 3);
  return g_steal_pointer (&chart);
}

PlControlChart *
pl_control_chart_p (const gint64  *counts,
                    const gint64  *sizes,
                    gsize          n_samples,
                    GError       **error)
{
  g_autoptr(PlControlChart) chart = NULL;
  double total_k = 0, total_n = 0, p;

  g_return_val_if_fail ((counts != NULL && sizes != NULL) || n_samples == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_samples < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("A p chart needs at least 2 samples."));
      return NULL;
    }

  for (gsize i = 0; i < n_samples; i++)
    {
      if (sizes[i] < 1 || counts[i] < 0 || counts[i] > sizes[i])
        {
          g_autofree char *position = ordinal (i);

          if (sizes[i] < 1)
            /* Translators: %s is the sample's position, from 1 */
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("Sample %s has no cases; every sample needs at least one."),
                         position);
          else
            /* Translators: %s is the sample's position, from 1 */
            g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                         _("In sample %s the count must be between 0 and the sample’s size."),
                         position);
          return NULL;
        }
      total_k += (double) counts[i];
      total_n += (double) sizes[i];
    }

  chart = control_chart_new (PL_CHART_P, n_samples, 0);
  p = total_k / total_n;
  chart->center = p;
  for (gsize i = 0; i < n_samples; i++)
    {
      double sigma = sqrt (p * (1 - p) / (double) sizes[i]);

      chart->values[i] = (double) counts[i] / (double) sizes[i];
      chart->sigma[i] = sigma;
      chart->ucl[i] = MIN (1, p + 3 * sigma);
      chart->lcl[i] = MAX (0, p - 3 * sigma);
      if (sizes[i] != sizes[0])
        chart->limits_vary = TRUE;
    }

  chart->signals = pl_western_electric (chart->values, chart->sigma, n_samples, p);
  return g_steal_pointer (&chart);
}

PlControlChart *
pl_control_chart_xbar_r (const double  *values,
                         gsize          n_values,
                         guint          subgroup_size,
                         GError       **error)
{
  g_autoptr(PlControlChart) chart = NULL;
  double a2, d3, d4, range_sum = 0, mean_sum = 0;
  gsize n_groups;

  g_return_val_if_fail (values != NULL || n_values == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pl_control_constants (subgroup_size, &a2, &d3, &d4))
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("An X̄-R chart takes subgroups of 2 to 10 values."));
      return NULL;
    }
  if (n_values % subgroup_size != 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GSIZE_FORMAT, n_values);
      g_autofree char *size = g_strdup_printf ("%u", subgroup_size);

      /* Translators: the number of values, then the subgroup size */
      g_set_error (error, PL_ERROR, PL_ERROR_INVALID,
                   _("%s values do not divide into subgroups of %s."), count, size);
      return NULL;
    }
  n_groups = n_values / subgroup_size;
  if (n_groups < 2)
    {
      g_set_error_literal (error, PL_ERROR, PL_ERROR_INVALID,
                           _("An X̄-R chart needs at least 2 subgroups."));
      return NULL;
    }
  if (!check_finite (values, n_values, error))
    return NULL;

  chart = control_chart_new (PL_CHART_XBAR_R, n_groups, n_groups);
  chart->subgroup_size = subgroup_size;
  for (gsize g = 0; g < n_groups; g++)
    {
      const double *group = values + g * subgroup_size;
      double low = group[0], high = group[0], sum = 0;

      for (guint i = 0; i < subgroup_size; i++)
        {
          low = MIN (low, group[i]);
          high = MAX (high, group[i]);
          sum += group[i];
        }
      chart->values[g] = sum / subgroup_size;
      chart->ranges[g] = high - low;
      mean_sum += chart->values[g];
      range_sum += chart->ranges[g];
    }

  chart->center = mean_sum / (double) n_groups;
  chart->range_center = range_sum / (double) n_groups;
  chart->range_ucl = d4 * chart->range_center;
  chart->range_lcl = d3 * chart->range_center;
  finish_constant_limits (chart, a2 * chart->range_center / 3);
  return g_steal_pointer (&chart);
}

static void
add_signal (GArray       *signals,
            PlSignalRule  rule,
            gsize         point,
            int           side)
{
  PlSignal signal = { rule, point, side };

  g_array_append_val (signals, signal);
}

/* At least @needed of the @window points ending at @end beyond @zone σ on
 * @side; the point at @end must be one of them. */
static gboolean
zone_run (const double *z,
          gsize         end,
          guint         window,
          guint         needed,
          double        zone,
          int           side)
{
  guint count = 0;

  if (end + 1 < window || side * z[end] <= zone)
    return FALSE;

  for (gsize i = end + 1 - window; i <= end; i++)
    if (side * z[i] > zone)
      count++;

  return count >= needed;
}

GArray *
pl_western_electric (const double *values,
                     const double *sigma,
                     gsize         n,
                     double        center)
{
  g_autoptr(GArray) signals = g_array_new (FALSE, FALSE, sizeof (PlSignal));
  g_autofree double *z = g_new0 (double, MAX (n, 1));
  g_autofree int *sides = g_new0 (int, MAX (n, 1));

  g_return_val_if_fail (values != NULL || n == 0, NULL);
  g_return_val_if_fail (sigma != NULL || n == 0, NULL);

  for (gsize i = 0; i < n; i++)
    {
      z[i] = sigma[i] > 0 ? (values[i] - center) / sigma[i] : 0;
      sides[i] = sigma[i] > 0 ? sign (values[i] - center) : 0;
    }

  for (gsize i = 0; i < n; i++)
    {
      int side = sides[i];

      if (side == 0)
        continue;

      if (fabs (z[i]) > 3)
        add_signal (signals, PL_RULE_BEYOND_LIMITS, i, side);
      if (zone_run (z, i, 3, 2, 2, side))
        add_signal (signals, PL_RULE_TWO_OF_THREE, i, side);
      if (zone_run (z, i, 5, 4, 1, side))
        add_signal (signals, PL_RULE_FOUR_OF_FIVE, i, side);
      if (i >= 7)
        {
          gboolean run = TRUE;

          for (gsize j = i - 7; j <= i && run; j++)
            run = sides[j] == side;
          if (run)
            add_signal (signals, PL_RULE_EIGHT_IN_A_ROW, i, side);
        }
    }

  return g_steal_pointer (&signals);
}

const char *
pl_signal_rule_summary (PlSignalRule rule)
{
  switch (rule)
    {
    case PL_RULE_BEYOND_LIMITS:
      return _("One point beyond the control limits (3 sigma)");
    case PL_RULE_TWO_OF_THREE:
      return _("Two of three points in a row beyond 2 sigma on the same side");
    case PL_RULE_FOUR_OF_FIVE:
      return _("Four of five points in a row beyond 1 sigma on the same side");
    case PL_RULE_EIGHT_IN_A_ROW:
      return _("Eight points in a row on one side of the centre line");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
pl_signal_explain (const PlSignal *signal,
                   const char     *label)
{
  g_autofree char *point = NULL;
  gboolean above;

  g_return_val_if_fail (signal != NULL, NULL);

  if (label == NULL)
    {
      g_autofree char *number = ordinal (signal->point);

      /* Translators: %s is the point's number on the chart, from 1 */
      point = g_strdup_printf (_("point %s"), number);
      label = point;
    }
  above = signal->side > 0;

  /* Translators: in all these, %s names the point: "point 14" or "the week of 4 May" */
  switch (signal->rule)
    {
    case PL_RULE_BEYOND_LIMITS:
      return g_strdup_printf (above
                              ? _("The value for %s is above the upper control limit: "
                                  "something unusual happened then, worth finding out what.")
                              : _("The value for %s is below the lower control limit: "
                                  "something unusual happened then, worth finding out what."),
                              label);
    case PL_RULE_TWO_OF_THREE:
      return g_strdup_printf (above
                              ? _("Two of the three values up to %s are far above the centre "
                                  "line (beyond 2 sigma): an early sign that the level has "
                                  "moved up.")
                              : _("Two of the three values up to %s are far below the centre "
                                  "line (beyond 2 sigma): an early sign that the level has "
                                  "moved down."),
                              label);
    case PL_RULE_FOUR_OF_FIVE:
      return g_strdup_printf (above
                              ? _("Four of the five values up to %s are more than 1 sigma "
                                  "above the centre line: the level has probably moved up.")
                              : _("Four of the five values up to %s are more than 1 sigma "
                                  "below the centre line: the level has probably moved down."),
                              label);
    case PL_RULE_EIGHT_IN_A_ROW:
      return g_strdup_printf (above
                              ? _("Eight values in a row up to %s are above the centre line: "
                                  "the average has shifted up. Look for what changed when "
                                  "the run began.")
                              : _("Eight values in a row up to %s are below the centre line: "
                                  "the average has shifted down. Look for what changed when "
                                  "the run began."),
                              label);
    default:
      g_return_val_if_reached (NULL);
    }
}
