/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The statistics of DESIGN.md §6: confidence intervals, trends and control
 * charts, as plain structs and functions, with GSL for the distributions
 * and the regression. Every function checks its input and reports
 * PL_ERROR_INVALID in the user's words; on error the output is untouched.
 * A confidence level is a fraction in (0, 1), e.g. 0.95. */

/* Intervals */

typedef struct
{
  gint64 n;                   /* trials, or the number of values */
  double confidence;
  double estimate;            /* the proportion (0–1) or the mean */
  double lower;
  double upper;
  double standard_error;      /* √(p(1 − p)/n) for Wilson; s/√n for t */
  double critical;            /* the z (Wilson) or t (mean) quantile used */
} PlInterval;

/* Wilson score interval (Wilson 1927) for @successes of @trials:
 * (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n). Needs trials ≥ 1 and
 * 0 ≤ successes ≤ trials. Bounds are exactly 0 at k = 0 and 1 at k = n. */
gboolean pl_stats_wilson              (gint64        successes,
                                       gint64        trials,
                                       double        confidence,
                                       PlInterval   *out,
                                       GError      **error);

/* Student t interval for a mean: x̄ ± t(n − 1) s/√n. At least 2 values,
 * all finite. */
gboolean pl_stats_mean_interval       (const double *values,
                                       gsize         n_values,
                                       double        confidence,
                                       PlInterval   *out,
                                       GError      **error);

/* The same from a summary: @n ≥ 2, @sd ≥ 0 the sample standard deviation
 * (divisor n − 1). */
gboolean pl_stats_mean_interval_summary (gint64      n,
                                         double      mean,
                                         double      sd,
                                         double      confidence,
                                         PlInterval *out,
                                         GError    **error);

/* Net Promoter Score */

typedef struct
{
  gint64 promoters;           /* scores 9–10 */
  gint64 passives;            /* 7–8 */
  gint64 detractors;          /* 0–6 */
  gint64 n;
  double confidence;
  double nps;                 /* 100 (p_P − p_D), in points from −100 to 100 */
  double margin;              /* 100 z √var, var = (p_P + p_D − (p_P − p_D)²)/n */
  double lower;               /* nps − margin, never below −100 */
  double upper;               /* nps + margin, never above 100 */
} PlNps;

/* From counts, each ≥ 0, at least one response in all. */
gboolean pl_stats_nps_counts          (gint64        promoters,
                                       gint64        passives,
                                       gint64        detractors,
                                       double        confidence,
                                       PlNps        *out,
                                       GError      **error);

/* From scores, each a whole number from 0 to 10; at least one. */
gboolean pl_stats_nps_scores          (const int    *scores,
                                       gsize         n_scores,
                                       double        confidence,
                                       PlNps        *out,
                                       GError      **error);

/* Trends */

typedef enum
{
  PL_TREND_LEAST_SQUARES,
  PL_TREND_MANN_KENDALL,
} PlTrendMethod;

typedef enum
{
  PL_TREND_NONE,
  PL_TREND_RISING,
  PL_TREND_FALLING,
} PlTrendDirection;

#define PL_TREND_ALPHA 0.05
#define PL_TREND_MAX_VALUES 2000

typedef struct
{
  gsize n;
  /* Least squares, y = intercept + slope x (gsl_fit_linear). */
  double intercept;
  double slope;
  double slope_se;
  double slope_p;             /* two-sided, t with n − 2 degrees of freedom */
  double r2;
  /* Mann–Kendall (Mann 1945, Kendall 1975, Gilbert 1987 §16.4). */
  gint64 mk_s;                /* Σ sign(x_j − x_i) sign(y_j − y_i) over pairs */
  double mk_variance;         /* with the tie corrections for y and x (Gilbert eq. 16.5) */
  double mk_z;                /* (S − sign S)/√var: continuity-corrected */
  double mk_p;                /* two-sided, normal approximation */
  double kendall_tau;         /* tau-b: S / √((n₀ − n₁)(n₀ − n₂)) */
  double sen_slope;           /* median of (y_j − y_i)/(x_j − x_i), x_i ≠ x_j (Sen 1968) */
  double residual_skewness;   /* of the least-squares residuals (GSL) */
  PlTrendMethod method;       /* the test the words go by: see below */
} PlTrend;

/* Both analyses of @y (@n from 3 to PL_TREND_MAX_VALUES values, finite) at
 * @x, or at 0, 1, …, n − 1 when @x is NULL. @x may repeat (several values
 * in one period) but not be all the same; it need not be sorted.
 * A constant @y has slope 0, slope_se 0, p-values 1, r² 0, tau 0.
 *
 * The rule for which test speaks (->method): Mann–Kendall when the series
 * is short (n < 10) or the least-squares residuals are clearly skewed
 * (|skewness| > 1), because the t test's p-value then leans on a normality
 * it cannot check; least squares otherwise. */
gboolean         pl_stats_trend          (const double   *x,
                                          const double   *y,
                                          gsize           n,
                                          PlTrend        *out,
                                          GError        **error);

/* The p-value of the chosen test. */
double           pl_trend_p              (const PlTrend  *trend);

/* Rising or falling when the chosen test's two-sided p < @alpha (the sign
 * of the slope, or of S for Mann–Kendall); PL_TREND_NONE otherwise. */
PlTrendDirection pl_trend_direction      (const PlTrend  *trend,
                                          double          alpha);

/* "rising, significant (p = 0.004)", "falling, significant (p = 0.012)"
 * or "no clear trend (p = 0.41)", at PL_TREND_ALPHA; translated. */
char            *pl_trend_describe       (const PlTrend  *trend);

/* "least squares" / "Mann–Kendall test", translated. */
const char      *pl_trend_method_label   (PlTrendMethod   method);

/* "rising" / "falling" / "none": stable names for JSON. */
const char      *pl_trend_direction_to_string (PlTrendDirection direction);

/* "p = 0.41", "p = 0.004", "p < 0.001": two significant digits, never
 * rounded across 0.05. */
char            *pl_stats_format_p       (double          p);

/* Control charts */

typedef enum
{
  PL_CHART_XMR,               /* individuals and moving range */
  PL_CHART_P,                 /* proportion, varying sample size */
  PL_CHART_XBAR_R,            /* subgroup means and ranges */
} PlChartKind;

/* Western Electric rules (Western Electric Statistical Quality Control
 * Handbook, 1956), each judged at the point that completes the pattern and
 * only when that point itself is in the zone: */
typedef enum
{
  PL_RULE_BEYOND_LIMITS = 1,  /* 1 point beyond 3σ */
  PL_RULE_TWO_OF_THREE = 2,   /* 2 of 3 in a row beyond 2σ, same side */
  PL_RULE_FOUR_OF_FIVE = 3,   /* 4 of 5 in a row beyond 1σ, same side */
  PL_RULE_EIGHT_IN_A_ROW = 4, /* 8 in a row on one side of the centre line */
} PlSignalRule;

typedef struct
{
  PlSignalRule rule;
  gsize point;                /* index from 0 */
  int side;                   /* +1 above the centre line, −1 below */
} PlSignal;

typedef struct
{
  PlChartKind kind;
  gsize n_points;
  double *values;             /* plotted: the value, k/n, or the subgroup mean */
  double center;              /* x̄, p̄ = Σk/Σn, or the grand mean x̿ */
  double *ucl;                /* per point (equal unless limits_vary) */
  double *lcl;
  double *sigma;              /* per point: the σ of the zones, (UCL − centre)/3 */
  gboolean limits_vary;       /* p chart with unequal sample sizes */
  /* The companion chart: XmR moving ranges (n − 1, ranges[i] = |x[i+1] − x[i]|,
   * which belongs to point i + 1) or X̄-R subgroup ranges (one per point). */
  gsize n_ranges;
  double *ranges;
  double range_center;        /* MR̄ or R̄ */
  double range_ucl;           /* 3.267 MR̄, or D4 R̄ */
  double range_lcl;           /* 0, or D3 R̄ */
  guint subgroup_size;        /* X̄-R only */
  GArray *signals;            /* of PlSignal, by point then rule */
} PlControlChart;

/* XmR: centre x̄, limits x̄ ± 2.66 MR̄, MR chart UCL 3.267 MR̄. At least 2
 * finite values. */
PlControlChart *pl_control_chart_xmr    (const double   *values,
                                         gsize           n_values,
                                         GError        **error);

/* p chart: @counts[i] of @sizes[i] (0 ≤ k ≤ n, n ≥ 1), at least 2 samples.
 * p̄ = Σk/Σn; limits p̄ ± 3 √(p̄(1 − p̄)/n_i), LCL floored at 0, UCL capped
 * at 1. */
PlControlChart *pl_control_chart_p      (const gint64   *counts,
                                         const gint64   *sizes,
                                         gsize           n_samples,
                                         GError        **error);

/* X̄-R: @values in consecutive subgroups of @subgroup_size (2–10), at least
 * 2 subgroups, n_values a multiple of the size. Limits x̿ ± A2 R̄, R chart
 * D3 R̄ to D4 R̄ (constants from the standard table, ASTM STP 15D /
 * Montgomery Appendix VI). */
PlControlChart *pl_control_chart_xbar_r (const double   *values,
                                         gsize           n_values,
                                         guint           subgroup_size,
                                         GError        **error);

void            pl_control_chart_free   (PlControlChart *chart);

/* The table's constants for a subgroup size from 2 to 10; FALSE otherwise. */
gboolean        pl_control_constants    (guint           subgroup_size,
                                         double         *a2,
                                         double         *d3,
                                         double         *d4);

/* The Western Electric rules applied to @values around @center with the
 * per-point @sigma (σ = 0 at a point: no signal there). A GArray of
 * PlSignal ordered by point, then rule. */
GArray         *pl_western_electric     (const double   *values,
                                         const double   *sigma,
                                         gsize           n,
                                         double          center);

/* The rule in a few words ("One point beyond the control limits"),
 * translated. */
const char     *pl_signal_rule_summary  (PlSignalRule    rule);

/* What the signal means, in plain words, translated. @label names the point
 * ("the week of 4 May"); NULL says "point 15" (counting from 1). */
char           *pl_signal_explain       (const PlSignal *signal,
                                         const char     *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlControlChart, pl_control_chart_free)

G_END_DECLS
