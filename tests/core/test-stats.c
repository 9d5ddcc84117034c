/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/pl-error.h"
#include "core/pl-stats.h"

/* Every method against a published worked example or certified data, and,
 * where no publication gives the figure, against a value computed
 * independently in Python (math/statistics only) with the formula shown. */

#define assert_near(a, b, tol) g_assert_cmpfloat_with_epsilon ((a), (b), (tol))

/* Relative agreement, for certified values quoted to 15 digits. */
#define assert_rel(a, b, rel) g_assert_cmpfloat (fabs ((a) - (b)), <=, (rel) * fabs (b))

/* On failure the output must be left as it was. */
#define POISON 0xA5

static gboolean
untouched (const void *data,
           gsize       size)
{
  const guint8 *bytes = data;

  for (gsize i = 0; i < size; i++)
    if (bytes[i] != POISON)
      return FALSE;
  return TRUE;
}

/* Wilson */

/* Newcombe, R. G. (1998). Two-sided confidence intervals for the single
 * proportion: comparison of seven methods. Statistics in Medicine 17,
 * 857–872, Table II, method 3 (score interval without continuity
 * correction), 95%, to 4 decimals. */
static const struct { gint64 k, n; double lower, upper; } newcombe[] = {
  { 81, 263, 0.2553, 0.3662 },
  { 15, 148, 0.0624, 0.1605 },
  { 0, 20, 0.0000, 0.1611 },
  { 1, 29, 0.0061, 0.1718 },
};

static void
test_wilson_newcombe (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (newcombe); i++)
    {
      g_autoptr(GError) error = NULL;
      PlInterval ci;

      g_assert_true (pl_stats_wilson (newcombe[i].k, newcombe[i].n, 0.95, &ci, &error));
      g_assert_no_error (error);
      assert_near (ci.lower, newcombe[i].lower, 0.00005);
      assert_near (ci.upper, newcombe[i].upper, 0.00005);
      assert_near (ci.estimate, (double) newcombe[i].k / newcombe[i].n, 1e-15);
      g_assert_cmpint (ci.n, ==, newcombe[i].n);
      /* z for 95%: 1.959963984540054 (Abramowitz & Stegun 26.2) */
      assert_near (ci.critical, 1.959963984540054, 1e-12);
    }

  /* Exact bounds at the edges, not 1e-17. */
  {
    PlInterval ci;

    g_assert_true (pl_stats_wilson (0, 20, 0.95, &ci, NULL));
    g_assert_cmpfloat (ci.lower, ==, 0.0);
    g_assert_true (pl_stats_wilson (20, 20, 0.95, &ci, NULL));
    g_assert_cmpfloat (ci.upper, ==, 1.0);
    /* Mirror of 0/20: (1 − 0.1611, 1). */
    assert_near (ci.lower, 1 - 0.1611251580528193, 1e-12);
  }
}

/* Other levels, computed independently in Python:
 *   z = NormalDist().inv_cdf((1 + c) / 2); p = k / n; d = 1 + z*z/n
 *   (p + z*z/(2n) ± z*sqrt(p(1−p)/n + z*z/(4n²))) / d
 * 81/263 at 99%: 0.24013690268760773, 0.38528250231822986
 * 15/148 at 90%: 0.06744326224687147, 0.14957293174640027 */
static void
test_wilson_levels (void)
{
  PlInterval ci;

  g_assert_true (pl_stats_wilson (81, 263, 0.99, &ci, NULL));
  assert_near (ci.lower, 0.24013690268760773, 1e-12);
  assert_near (ci.upper, 0.38528250231822986, 1e-12);
  g_assert_true (pl_stats_wilson (15, 148, 0.90, &ci, NULL));
  assert_near (ci.lower, 0.06744326224687147, 1e-12);
  assert_near (ci.upper, 0.14957293174640027, 1e-12);
}

static void
test_wilson_invalid (void)
{
  static const struct { gint64 k, n; double c; const char *words; } cases[] = {
    { 0, 0, 0.95, "at least one case" },
    { 5, 4, 0.95, "between 0 and the number of cases" },
    { -1, 4, 0.95, "between 0 and the number of cases" },
    { 1, 4, 0.0, "more than 0% and less than 100%" },
    { 1, 4, 1.0, "more than 0% and less than 100%" },
    { 1, 4, 95, "more than 0% and less than 100%" },
    { 1, 4, NAN, "more than 0% and less than 100%" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      PlInterval ci;

      memset (&ci, POISON, sizeof ci);
      g_assert_false (pl_stats_wilson (cases[i].k, cases[i].n, cases[i].c, &ci, &error));
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_true (untouched (&ci, sizeof ci));
    }
}

/* t interval */

/* Student (1908), The probable error of a mean, Biometrika 6, 1–25: the
 * Cushny–Peebles sleep data, extra hours of sleep with drug 2 minus drug 1
 * for ten patients (R's datasets::sleep). R 4.x, t.test (extra ~ group,
 * data = sleep, paired = TRUE) prints mean difference −1.58 and 95% CI
 * −2.4598858 to −0.7001142; for drug 2 − drug 1 the signs flip.
 * sd = 1.2299954832798732 and se = 0.3889587238883952 (Python statistics). */
static const double sleep_differences[] = { 1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4 };

static void
test_mean_student (void)
{
  PlInterval ci;
  PlInterval from_summary;

  g_assert_true (pl_stats_mean_interval (sleep_differences, G_N_ELEMENTS (sleep_differences),
                                         0.95, &ci, NULL));
  assert_near (ci.estimate, 1.58, 1e-12);
  assert_near (ci.lower, 0.7001142, 5e-8);
  assert_near (ci.upper, 2.4598858, 5e-8);
  assert_near (ci.standard_error, 0.3889587238883952, 1e-12);
  /* t(0.975, 9) = 2.262157 (any t table) */
  assert_near (ci.critical, 2.262157, 5e-7);
  g_assert_cmpint (ci.n, ==, 10);

  g_assert_true (pl_stats_mean_interval_summary (10, 1.58, 1.2299954832798732, 0.95,
                                                 &from_summary, NULL));
  assert_near (from_summary.lower, ci.lower, 1e-12);
  assert_near (from_summary.upper, ci.upper, 1e-12);
}

static void
test_mean_invalid (void)
{
  const double with_nan[] = { 1.0, NAN, 2.0 };
  g_autoptr(GError) error = NULL;
  PlInterval ci;

  memset (&ci, POISON, sizeof ci);
  g_assert_false (pl_stats_mean_interval (sleep_differences, 1, 0.95, &ci, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least 2 values"));
  g_clear_error (&error);

  g_assert_false (pl_stats_mean_interval (with_nan, 3, 0.95, &ci, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Value 2 is not a number.");
  g_clear_error (&error);

  g_assert_false (pl_stats_mean_interval_summary (10, 1.0, -1.0, 0.95, &ci, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_stats_mean_interval_summary (10, 1.0, 1.0, 1.5, &ci, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_true (untouched (&ci, sizeof ci));
}

/* NPS */

/* No publication gives an NPS interval worked through, so the reference is
 * computed independently in Python by treating each response as +1
 * (promoter), 0 (passive) or −1 (detractor): NPS = 100 mean, and the
 * variance of the mean pvariance(xs)/n is exactly (p_P + p_D − (p_P − p_D)²)/n.
 *   xs = [1]*P + [0]*PA + [-1]*D
 *   margin = 100 * NormalDist().inv_cdf((1 + c)/2) * sqrt(pvariance(xs)/len(xs))
 * 120,45,35 at 95%: nps 42.5, margin 10.684725280862558
 * 19,0,1 at 95%: nps 90, margin 19.10336588054424, upper clamped to 100
 * 0,3,7 at 90%: nps −70, margin 23.836193600489914 */
static void
test_nps_counts (void)
{
  PlNps nps;

  g_assert_true (pl_stats_nps_counts (120, 45, 35, 0.95, &nps, NULL));
  assert_near (nps.nps, 42.5, 1e-12);
  assert_near (nps.margin, 10.684725280862558, 1e-10);
  assert_near (nps.lower, 31.81527471913744, 1e-10);
  assert_near (nps.upper, 53.18472528086256, 1e-10);
  g_assert_cmpint (nps.n, ==, 200);

  g_assert_true (pl_stats_nps_counts (19, 0, 1, 0.95, &nps, NULL));
  assert_near (nps.nps, 90, 1e-12);
  assert_near (nps.margin, 19.10336588054424, 1e-10);
  assert_near (nps.lower, 70.89663411945577, 1e-10);
  g_assert_cmpfloat (nps.upper, ==, 100);

  g_assert_true (pl_stats_nps_counts (0, 3, 7, 0.90, &nps, NULL));
  assert_near (nps.nps, -70, 1e-12);
  assert_near (nps.margin, 23.836193600489914, 1e-10);
  assert_near (nps.lower, -93.8361936004899, 1e-10);

  /* All promoters: no variance, no margin. */
  g_assert_true (pl_stats_nps_counts (10, 0, 0, 0.95, &nps, NULL));
  g_assert_cmpfloat (nps.nps, ==, 100);
  g_assert_cmpfloat (nps.margin, ==, 0);
  g_assert_cmpfloat (nps.lower, ==, 100);
}

static void
test_nps_scores (void)
{
  /* The boundaries: 6 detracts, 7 and 8 are passive, 9 promotes. */
  const int scores[] = { 0, 6, 7, 8, 9, 10, 10, 9, 5, 10 };
  const int bad[] = { 9, 10, 11 };
  g_autoptr(GError) error = NULL;
  PlNps nps;
  PlNps from_counts;

  g_assert_true (pl_stats_nps_scores (scores, G_N_ELEMENTS (scores), 0.95, &nps, NULL));
  g_assert_cmpint (nps.promoters, ==, 5);
  g_assert_cmpint (nps.passives, ==, 2);
  g_assert_cmpint (nps.detractors, ==, 3);
  g_assert_true (pl_stats_nps_counts (5, 2, 3, 0.95, &from_counts, NULL));
  g_assert_cmpmem (&nps, sizeof nps, &from_counts, sizeof from_counts);

  memset (&nps, POISON, sizeof nps);
  g_assert_false (pl_stats_nps_scores (bad, G_N_ELEMENTS (bad), 0.95, &nps, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Score 3 is 11; a recommendation score runs from 0 to 10.");
  g_clear_error (&error);

  g_assert_false (pl_stats_nps_scores (scores, 0, 0.95, &nps, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_stats_nps_counts (0, 0, 0, 0.95, &nps, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least one response"));
  g_clear_error (&error);

  g_assert_false (pl_stats_nps_counts (3, -1, 2, 0.95, &nps, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (pl_stats_nps_counts (3, 1, 2, 0, &nps, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_true (untouched (&nps, sizeof nps));
}

/* Trends */

/* NIST Statistical Reference Datasets, linear least squares, "Norris"
 * (lower difficulty; calibration of ozone monitors), y then x. Certified:
 * B0 −0.262323073774029 (sd 0.232818234301152),
 * B1 1.00211681802045 (sd 4.29796848199937E-04), R² 0.999993745883712,
 * residual SD 0.884796396144373, 34 degrees of freedom. */
static const double norris[][2] = {
  { 0.1, 0.2 }, { 338.8, 337.4 }, { 118.1, 118.2 }, { 888.0, 884.6 }, { 9.2, 10.1 },
  { 228.1, 226.5 }, { 668.5, 666.3 }, { 998.5, 996.3 }, { 449.1, 448.6 }, { 778.9, 777.0 },
  { 559.2, 558.2 }, { 0.3, 0.4 }, { 0.1, 0.6 }, { 778.1, 775.5 }, { 668.8, 666.9 },
  { 339.3, 338.0 }, { 448.9, 447.5 }, { 10.8, 11.6 }, { 557.7, 556.0 }, { 228.3, 228.1 },
  { 998.0, 995.8 }, { 888.8, 887.6 }, { 119.6, 120.2 }, { 0.3, 0.3 }, { 0.6, 0.3 },
  { 557.6, 556.8 }, { 339.3, 339.1 }, { 888.0, 887.2 }, { 998.5, 999.0 }, { 778.9, 779.0 },
  { 10.2, 11.1 }, { 117.6, 118.3 }, { 228.9, 229.2 }, { 668.4, 669.1 }, { 449.2, 448.9 },
  { 0.2, 0.5 },
};

static void
test_trend_norris (void)
{
  double x[G_N_ELEMENTS (norris)], y[G_N_ELEMENTS (norris)];
  g_autoptr(GError) error = NULL;
  PlTrend trend;

  for (guint i = 0; i < G_N_ELEMENTS (norris); i++)
    {
      y[i] = norris[i][0];
      x[i] = norris[i][1];
    }

  g_assert_true (pl_stats_trend (x, y, G_N_ELEMENTS (norris), &trend, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trend.n, ==, 36);
  assert_rel (trend.slope, 1.00211681802045, 1e-10);
  assert_rel (trend.intercept, -0.262323073774029, 1e-8);
  assert_rel (trend.slope_se, 4.29796848199937E-04, 1e-9);
  assert_rel (trend.r2, 0.999993745883712, 1e-12);
  /* t = 2331.6 on 34 df: p = I_x(17, 1/2) with x = 34/(34 + t²) ≈ 6.25e-6,
   * whose leading term x^17 (1 − x)^½ / (17 B(17, ½)) is, in Python with
   * math.lgamma, 4.6540125540855035e-90 (the next term is ~1e-4 of it). */
  assert_rel (trend.slope_p, 4.6540125540855035e-90, 1e-3);
  g_assert_cmpint (trend.method, ==, PL_TREND_LEAST_SQUARES);
}

/* A Mann–Kendall example worked by hand: J. Little, "A Mann-Kendall
 * Example (By Hand)", College of the Holy Cross (MannKendallByHand.txt):
 * S = 54, V = ((14)(13)(33) − (2)(1)(9))/18 (one pair of ties),
 * Z = (S − 1)/√V = 2.9058. Two-sided p, tau-b and Sen's slope computed
 * independently in Python:
 *   p = 2 * (1 − NormalDist().cdf(Z)) = 0.0036627237628823472
 *   tau_b = S / sqrt((91 − 1) * 91) = 0.5966941897186163
 *   sen = median((y[j] − y[i]) / (j − i) for i < j) = 0.566666666666667 */
static const double little[] = {
  12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7,
};

static void
test_trend_mann_kendall (void)
{
  PlTrend trend;
  g_autofree char *words = NULL;

  g_assert_true (pl_stats_trend (NULL, little, G_N_ELEMENTS (little), &trend, NULL));
  g_assert_cmpint (trend.mk_s, ==, 54);
  assert_near (trend.mk_variance, (14.0 * 13 * 33 - 2 * 1 * 9) / 18, 1e-9);
  assert_near (trend.mk_z, 2.9058, 5e-5);
  assert_near (trend.mk_z, 2.905836845996537, 1e-12);
  assert_near (trend.mk_p, 0.0036627237628823472, 1e-12);
  assert_near (trend.kendall_tau, 0.5966941897186163, 1e-12);
  assert_near (trend.sen_slope, 0.566666666666667, 1e-12);

  /* n ≥ 10, but the residuals are skewed: Python, with r the least-squares
   * residuals, mean(((r − mean r)/stdev r)³) = −1.1712524697131523 (GSL's
   * definition), beyond ±1, so Mann–Kendall speaks. */
  assert_near (trend.residual_skewness, -1.1712524697131523, 1e-9);
  g_assert_cmpint (trend.method, ==, PL_TREND_MANN_KENDALL);
  g_assert_cmpfloat (pl_trend_p (&trend), ==, trend.mk_p);

  words = pl_trend_describe (&trend);
  g_assert_cmpstr (words, ==, "rising, significant (p = 0.004)");

  /* Falling: the same series reversed. */
  {
    double reversed[G_N_ELEMENTS (little)];
    g_autofree char *falling = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (little); i++)
      reversed[i] = little[G_N_ELEMENTS (little) - 1 - i];
    g_assert_true (pl_stats_trend (NULL, reversed, G_N_ELEMENTS (little), &trend, NULL));
    g_assert_cmpint (trend.mk_s, ==, -54);
    assert_near (trend.mk_z, -2.905836845996537, 1e-12);
    assert_near (trend.sen_slope, -0.566666666666667, 1e-12);
    g_assert_cmpint (pl_trend_direction (&trend, PL_TREND_ALPHA), ==, PL_TREND_FALLING);
    falling = pl_trend_describe (&trend);
    g_assert_true (g_str_has_prefix (falling, "falling, significant (p = "));
  }
}

/* Several values in one period (Gilbert 1987, §16.4.2: ties in time), with
 * ties in the values too. Var(S) by Kendall's formula with both tie
 * corrections (Gilbert eq. 16.5) = 58.02380952380952, which an exhaustive
 * Python enumeration of all 8! orderings of y confirms exactly
 * (E[S²] = 58.023809523809526 under the null). S = 16; Z = 15/√V =
 * 1.9691923487461247; p = 0.04893100718059129; tau-b = 16/√((28 − 1)(28 − 5))
 * = 0.6542886560876245; Sen's slope over pairs in different periods = 1.0. */
static void
test_trend_tied_times (void)
{
  const double x[] = { 1, 1, 2, 2, 2, 3, 4, 4 };
  const double y[] = { 3, 5, 4, 4, 6, 7, 6, 9 };
  PlTrend trend;

  g_assert_true (pl_stats_trend (x, y, G_N_ELEMENTS (x), &trend, NULL));
  g_assert_cmpint (trend.mk_s, ==, 16);
  assert_near (trend.mk_variance, 58.02380952380952, 1e-10);
  assert_near (trend.mk_z, 1.9691923487461247, 1e-12);
  assert_near (trend.mk_p, 0.04893100718059129, 1e-12);
  assert_near (trend.kendall_tau, 0.6542886560876245, 1e-12);
  assert_near (trend.sen_slope, 1.0, 1e-12);
  /* n < 10: Mann–Kendall speaks, and p = 0.049 is below 0.05. */
  g_assert_cmpint (trend.method, ==, PL_TREND_MANN_KENDALL);
  g_assert_cmpint (pl_trend_direction (&trend, PL_TREND_ALPHA), ==, PL_TREND_RISING);
  {
    g_autofree char *words = pl_trend_describe (&trend);

    g_assert_cmpstr (words, ==, "rising, significant (p = 0.049)");
  }
}

static void
test_trend_words (void)
{
  /* Flat: everything neutral, nothing undefined. */
  const double flat[] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 };
  /* Ten values with no order to speak of: Mann–Kendall S = 1 (Python);
   * least squares decides (n ≥ 10, residual skewness 0.07). */
  const double noise[] = { 5, 3, 6, 2, 7, 4, 1, 8, 3, 5 };
  PlTrend trend;
  g_autofree char *flat_words = NULL;
  g_autofree char *noise_words = NULL;

  g_assert_true (pl_stats_trend (NULL, flat, G_N_ELEMENTS (flat), &trend, NULL));
  g_assert_cmpfloat (trend.slope, ==, 0);
  g_assert_cmpfloat (trend.slope_se, ==, 0);
  g_assert_cmpfloat (trend.slope_p, ==, 1);
  g_assert_cmpfloat (trend.r2, ==, 0);
  g_assert_cmpint (trend.mk_s, ==, 0);
  g_assert_cmpfloat (trend.mk_z, ==, 0);
  g_assert_cmpfloat (trend.mk_p, ==, 1);
  g_assert_cmpfloat (trend.kendall_tau, ==, 0);
  g_assert_cmpfloat (trend.sen_slope, ==, 0);
  flat_words = pl_trend_describe (&trend);
  g_assert_cmpstr (flat_words, ==, "no clear trend (p = 1.00)");

  g_assert_true (pl_stats_trend (NULL, noise, G_N_ELEMENTS (noise), &trend, NULL));
  g_assert_cmpint (trend.mk_s, ==, 1);
  assert_near (trend.residual_skewness, 0.07142893476103349, 1e-9);
  g_assert_cmpint (trend.method, ==, PL_TREND_LEAST_SQUARES);
  g_assert_cmpfloat (pl_trend_p (&trend), ==, trend.slope_p);
  g_assert_cmpint (pl_trend_direction (&trend, PL_TREND_ALPHA), ==, PL_TREND_NONE);
  noise_words = pl_trend_describe (&trend);
  g_assert_true (g_str_has_prefix (noise_words, "no clear trend (p = 0."));

  /* The p-value in words. */
  {
    static const struct { double p; const char *text; } cases[] = {
      { 0.41, "p = 0.41" }, { 0.004, "p = 0.004" }, { 0.0004, "p < 0.001" },
      { 0.041, "p = 0.041" }, { 0.0496, "p = 0.0496" }, { 0.05, "p = 0.050" },
      { 1.0, "p = 1.00" }, { 0.0, "p < 0.001" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text = pl_stats_format_p (cases[i].p);

        g_assert_cmpstr (text, ==, cases[i].text);
      }
  }
}

static void
test_trend_invalid (void)
{
  const double two[] = { 1, 2 };
  const double bad[] = { 1, NAN, 3 };
  const double same_x[] = { 2, 2, 2 };
  const double y[] = { 1, 2, 3 };
  g_autofree double *many = g_new0 (double, PL_TREND_MAX_VALUES + 1);
  g_autoptr(GError) error = NULL;
  PlTrend trend;

  memset (&trend, POISON, sizeof trend);

  g_assert_false (pl_stats_trend (NULL, two, 2, &trend, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A trend needs at least 3 values.");
  g_clear_error (&error);

  g_assert_false (pl_stats_trend (NULL, bad, 3, &trend, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Value 2 is not a number.");
  g_clear_error (&error);

  g_assert_false (pl_stats_trend (same_x, y, 3, &trend, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than one point in time"));
  g_clear_error (&error);

  g_assert_false (pl_stats_trend (NULL, many, PL_TREND_MAX_VALUES + 1, &trend, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at most 2000 values"));
  g_clear_error (&error);

  g_assert_true (untouched (&trend, sizeof trend));

  /* The largest series allowed takes well under a second. */
  for (guint i = 0; i < PL_TREND_MAX_VALUES; i++)
    many[i] = sin (i) + i * 0.001;
  g_assert_true (pl_stats_trend (NULL, many, PL_TREND_MAX_VALUES, &trend, &error));
  g_assert_no_error (error);
}

/* Control charts */

/* Montgomery, Introduction to Statistical Quality Control (6th ed.),
 * Example 6.5: cost of processing mortgage loan applications, 20 weeks.
 * x̄ = 300.5, MR̄ = 7.79 (148/19), UCL 321.22, LCL 279.78; MR chart UCL
 * 3.267 × 7.79 = 25.45. The process is in control: no signals. */
static const double mortgage[] = {
  310, 288, 297, 298, 307, 303, 294, 297, 308, 306,
  294, 299, 297, 299, 314, 295, 293, 306, 301, 304,
};

static void
test_control_xmr (void)
{
  g_autoptr(PlControlChart) chart = NULL;
  g_autoptr(GError) error = NULL;

  chart = pl_control_chart_xmr (mortgage, G_N_ELEMENTS (mortgage), &error);
  g_assert_no_error (error);
  g_assert_cmpint (chart->kind, ==, PL_CHART_XMR);
  g_assert_cmpuint (chart->n_points, ==, 20);
  assert_near (chart->center, 300.5, 1e-12);
  assert_near (chart->range_center, 148.0 / 19, 1e-12);
  assert_near (chart->ucl[0], 321.22, 0.005);
  assert_near (chart->lcl[0], 279.78, 0.005);
  assert_near (chart->ucl[19], 321.22, 0.005);
  assert_near (chart->range_ucl, 25.45, 0.005);
  g_assert_cmpfloat (chart->range_lcl, ==, 0);
  g_assert_cmpuint (chart->n_ranges, ==, 19);
  g_assert_cmpfloat (chart->ranges[0], ==, 22);    /* |288 − 310| */
  g_assert_false (chart->limits_vary);
  g_assert_cmpuint (chart->signals->len, ==, 0);
}

static void
assert_signals (GArray         *signals,
                const PlSignal *expected,
                guint           n_expected)
{
  g_assert_cmpuint (signals->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const PlSignal *s = &g_array_index (signals, PlSignal, i);

      g_assert_cmpint (s->rule, ==, expected[i].rule);
      g_assert_cmpuint (s->point, ==, expected[i].point);
      g_assert_cmpint (s->side, ==, expected[i].side);
    }
}

/* Montgomery, ISQC, Example 7.1 (Table 7.1): frozen orange juice cans,
 * 30 samples of 50, nonconforming counts. p̄ = 347/1500 = 0.2313,
 * UCL 0.4102, LCL 0.0524; samples 15 and 23 are above the UCL. R's qcc
 * (orangejuice, trial samples) prints 0.2313333, 0.4102391, 0.05242755.
 * The other Western Electric signals, found by a Python implementation of
 * the rules written from the handbook's wording: rule 2 at samples 22 and
 * 23, rule 3 at sample 24 (0-based points 21, 22, 23). */
static const gint64 orange_juice[] = {
  12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
  8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6,
};

static void
test_control_p (void)
{
  gint64 sizes[G_N_ELEMENTS (orange_juice)];
  g_autoptr(PlControlChart) chart = NULL;
  const PlSignal expected[] = {
    { PL_RULE_BEYOND_LIMITS, 14, 1 },
    { PL_RULE_TWO_OF_THREE, 21, 1 },
    { PL_RULE_BEYOND_LIMITS, 22, 1 },
    { PL_RULE_TWO_OF_THREE, 22, 1 },
    { PL_RULE_FOUR_OF_FIVE, 23, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    sizes[i] = 50;

  chart = pl_control_chart_p (orange_juice, sizes, G_N_ELEMENTS (orange_juice), NULL);
  g_assert_nonnull (chart);
  assert_near (chart->center, 0.2313333, 5e-8);
  assert_near (chart->ucl[0], 0.4102391, 5e-8);
  assert_near (chart->lcl[0], 0.05242755, 5e-9);
  assert_near (chart->values[14], 22.0 / 50, 1e-15);
  g_assert_false (chart->limits_vary);
  assert_signals (chart->signals, expected, G_N_ELEMENTS (expected));
}

/* Varying n: Pyzdek & Keller, The Handbook for Quality Management (2nd
 * ed., 2013), Table 9.6: bruised peaches in 25 shipments of one or two
 * crates of 250. p̄ = 1544/8000 = 0.193. Limits computed independently in
 * Python, p̄ ± 3 sqrt(p̄(1 − p̄)/n): n = 250: 0.11811985576936967 to
 * 0.26788014423063033; n = 500: 0.14005174223829459 to 0.24594825776170542.
 * No point signals. */
static const gint64 peaches[][2] = {
  { 47, 250 }, { 42, 250 }, { 55, 250 }, { 51, 250 }, { 46, 250 },
  { 61, 250 }, { 39, 250 }, { 44, 250 }, { 41, 250 }, { 51, 250 },
  { 88, 500 }, { 101, 500 }, { 101, 500 }, { 40, 250 }, { 48, 250 },
  { 47, 250 }, { 50, 250 }, { 48, 250 }, { 57, 250 }, { 45, 250 },
  { 43, 250 }, { 105, 500 }, { 98, 500 }, { 100, 500 }, { 96, 500 },
};

static void
test_control_p_varying (void)
{
  gint64 counts[G_N_ELEMENTS (peaches)], sizes[G_N_ELEMENTS (peaches)];
  g_autoptr(PlControlChart) chart = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (peaches); i++)
    {
      counts[i] = peaches[i][0];
      sizes[i] = peaches[i][1];
    }

  chart = pl_control_chart_p (counts, sizes, G_N_ELEMENTS (peaches), NULL);
  g_assert_nonnull (chart);
  g_assert_true (chart->limits_vary);
  assert_near (chart->center, 0.193, 1e-15);
  assert_near (chart->lcl[0], 0.11811985576936967, 1e-12);
  assert_near (chart->ucl[0], 0.26788014423063033, 1e-12);
  assert_near (chart->lcl[10], 0.14005174223829459, 1e-12);
  assert_near (chart->ucl[10], 0.24594825776170542, 1e-12);
  assert_near (chart->ucl[24], 0.24594825776170542, 1e-12);
  assert_near (chart->sigma[0], (0.26788014423063033 - 0.193) / 3, 1e-12);
  g_assert_cmpuint (chart->signals->len, ==, 0);

  /* A floored LCL: p̄ = 0.05 with n = 20 gives 0.05 − 0.146 < 0. */
  {
    const gint64 k[] = { 1, 1, 1, 1 };
    const gint64 n[] = { 20, 20, 20, 20 };
    g_autoptr(PlControlChart) small = pl_control_chart_p (k, n, 4, NULL);

    g_assert_cmpfloat (small->lcl[0], ==, 0);
    assert_near (small->ucl[0], 0.05 + 3 * sqrt (0.05 * 0.95 / 20), 1e-15);
  }
}

/* Montgomery, ISQC, Table 6.3 (Example 6.3 in the 6th ed.): inside diameter
 * of piston rings, 25 samples of 5, as shipped in R's qcc (pistonrings,
 * trial = TRUE). qcc prints centre 74.00118, LCL 73.98805, UCL 74.0143;
 * Montgomery: x̿ = 74.001, R̄ = 0.023, R chart UCL 0.049 (qcc: R̄ 0.02276,
 * UCL 0.04812). In control: no signals. */
static const double piston_rings[] = {
  74.030, 74.002, 74.019, 73.992, 74.008, 73.995, 73.992, 74.001, 74.011, 74.004,
  73.988, 74.024, 74.021, 74.005, 74.002, 74.002, 73.996, 73.993, 74.015, 74.009,
  73.992, 74.007, 74.015, 73.989, 74.014, 74.009, 73.994, 73.997, 73.985, 73.993,
  73.995, 74.006, 73.994, 74.000, 74.005, 73.985, 74.003, 73.993, 74.015, 73.988,
  74.008, 73.995, 74.009, 74.005, 74.004, 73.998, 74.000, 73.990, 74.007, 73.995,
  73.994, 73.998, 73.994, 73.995, 73.990, 74.004, 74.000, 74.007, 74.000, 73.996,
  73.983, 74.002, 73.998, 73.997, 74.012, 74.006, 73.967, 73.994, 74.000, 73.984,
  74.012, 74.014, 73.998, 73.999, 74.007, 74.000, 73.984, 74.005, 73.998, 73.996,
  73.994, 74.012, 73.986, 74.005, 74.007, 74.006, 74.010, 74.018, 74.003, 74.000,
  73.984, 74.002, 74.003, 74.005, 73.997, 74.000, 74.010, 74.013, 74.020, 74.003,
  73.988, 74.001, 74.009, 74.005, 73.996, 74.004, 73.999, 73.990, 74.006, 74.009,
  74.010, 73.989, 73.990, 74.009, 74.014, 74.015, 74.008, 73.993, 74.000, 74.010,
  73.982, 73.984, 73.995, 74.017, 74.013,
};

static void
test_control_xbar_r (void)
{
  g_autoptr(PlControlChart) chart = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (G_N_ELEMENTS (piston_rings), ==, 125);
  chart = pl_control_chart_xbar_r (piston_rings, G_N_ELEMENTS (piston_rings), 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chart->n_points, ==, 25);
  g_assert_cmpuint (chart->subgroup_size, ==, 5);
  assert_near (chart->center, 74.00118, 5e-6);
  assert_near (chart->range_center, 0.02276, 5e-6);
  assert_near (chart->ucl[0], 74.0143, 5e-5);
  assert_near (chart->lcl[0], 73.98805, 5e-5);
  assert_near (chart->range_ucl, 0.04812, 2e-5);
  g_assert_cmpfloat (chart->range_lcl, ==, 0);
  assert_near (chart->values[0], 74.0102, 1e-9);   /* first sample's mean */
  assert_near (chart->ranges[0], 0.038, 1e-9);     /* 74.030 − 73.992 */
  g_assert_cmpuint (chart->signals->len, ==, 0);
}

/* The table's constants against their definitions from d2 and d3, the
 * mean and standard deviation of the range of n standard normal values
 * (Harter 1960, Ann. Math. Stat. 31, 1122; to six decimals as in ASTM
 * Manual on Presentation of Data and Control Chart Analysis; the d2 values
 * also agree with a numerical integration of ∫ 1 − Φⁿ − (1 − Φ)ⁿ in Python):
 * A2 = 3/(d2 √n), D3 = max(0, 1 − 3 d3/d2), D4 = 1 + 3 d3/d2, which the
 * table rounds to three decimals. */
static void
test_control_constants (void)
{
  static const double d2[] = { 1.128379, 1.692569, 2.058751, 2.325929, 2.534413,
                               2.704357, 2.847201, 2.970026, 3.077505 };
  static const double d3[] = { 0.852502, 0.888368, 0.879808, 0.864082, 0.848040,
                               0.833205, 0.819831, 0.807834, 0.797051 };

  for (guint n = 2; n <= 10; n++)
    {
      double a2, lower, upper;

      g_assert_true (pl_control_constants (n, &a2, &lower, &upper));
      assert_near (a2, 3 / (d2[n - 2] * sqrt (n)), 0.0006);
      assert_near (lower, MAX (0, 1 - 3 * d3[n - 2] / d2[n - 2]), 0.0006);
      assert_near (upper, 1 + 3 * d3[n - 2] / d2[n - 2], 0.0006);
    }
  g_assert_false (pl_control_constants (1, NULL, NULL, NULL));
  g_assert_false (pl_control_constants (11, NULL, NULL, NULL));
}

/* Constructed series around centre 0 with σ = 1, each tripping exactly one
 * Western Electric rule at one point, and one tripping none. */
static void
test_western_electric (void)
{
  static const double none[] = { 0.5, -0.5, 0.9, -0.9, 1.5, -1.5, 2.5, -2.5, 0.5, -0.5, 0.5, -0.5 };
  static const double rule1[] = { 0.5, -0.5, 0.5, -0.5, 3.5, -0.5, 0.5, -0.5 };
  static const double rule2[] = { 0.5, -0.5, -2.5, 0.5, -2.5, 0.5 };
  static const double rule3[] = { -0.5, 1.5, 1.5, 0.5, 1.5, 1.5, -0.5 };
  static const double rule4[] = { -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5 };
  static const struct { const double *values; gsize n; PlSignal expected; } cases[] = {
    { rule1, G_N_ELEMENTS (rule1), { PL_RULE_BEYOND_LIMITS, 4, 1 } },
    { rule2, G_N_ELEMENTS (rule2), { PL_RULE_TWO_OF_THREE, 4, -1 } },
    { rule3, G_N_ELEMENTS (rule3), { PL_RULE_FOUR_OF_FIVE, 5, 1 } },
    { rule4, G_N_ELEMENTS (rule4), { PL_RULE_EIGHT_IN_A_ROW, 8, 1 } },
  };
  double ones[16];
  g_autoptr(GArray) quiet = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ones); i++)
    ones[i] = 1;

  quiet = pl_western_electric (none, ones, G_N_ELEMENTS (none), 0);
  g_assert_cmpuint (quiet->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) signals = pl_western_electric (cases[i].values, ones, cases[i].n, 0);

      assert_signals (signals, &cases[i].expected, 1);
    }

  /* Exactly on a boundary is not beyond it: 3.0 is no rule 1 signal. */
  {
    static const double edge[] = { 0, 3.0, 0 };
    g_autoptr(GArray) signals = pl_western_electric (edge, ones, 3, 0);

    g_assert_cmpuint (signals->len, ==, 0);
  }

  /* σ = 0 (a constant process) makes no signals. */
  {
    static const double zeros[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    static const double high[] = { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 };
    g_autoptr(GArray) signals = pl_western_electric (high, zeros, 10, 0);

    g_assert_cmpuint (signals->len, ==, 0);
  }

  /* Through a chart: a step up after ten points. Centre 11.25, MR̄ = 23/19,
   * σ = 2.66 MR̄/3; the signals found by the Python implementation of the
   * rules: the run below ends in rule 3 and rule 4 signals, the run above
   * in rule 4 signals. */
  {
    static const double shifted[] = { 10, 11, 9, 10, 11, 9, 10, 11, 9, 10,
                                      12, 13, 12, 13, 12, 13, 12, 13, 12, 13 };
    const PlSignal expected[] = {
      { PL_RULE_FOUR_OF_FIVE, 6, -1 }, { PL_RULE_EIGHT_IN_A_ROW, 7, -1 },
      { PL_RULE_EIGHT_IN_A_ROW, 8, -1 }, { PL_RULE_FOUR_OF_FIVE, 9, -1 },
      { PL_RULE_EIGHT_IN_A_ROW, 9, -1 }, { PL_RULE_EIGHT_IN_A_ROW, 17, 1 },
      { PL_RULE_EIGHT_IN_A_ROW, 18, 1 }, { PL_RULE_EIGHT_IN_A_ROW, 19, 1 },
    };
    g_autoptr(PlControlChart) chart = pl_control_chart_xmr (shifted, G_N_ELEMENTS (shifted), NULL);

    assert_near (chart->center, 11.25, 1e-12);
    assert_near (chart->range_center, 23.0 / 19, 1e-12);
    assert_signals (chart->signals, expected, G_N_ELEMENTS (expected));
  }
}

static void
test_signal_words (void)
{
  const PlSignal beyond = { PL_RULE_BEYOND_LIMITS, 13, 1 };
  const PlSignal below = { PL_RULE_BEYOND_LIMITS, 2, -1 };
  const PlSignal run = { PL_RULE_EIGHT_IN_A_ROW, 20, -1 };
  const PlSignal two = { PL_RULE_TWO_OF_THREE, 5, 1 };
  const PlSignal four = { PL_RULE_FOUR_OF_FIVE, 5, -1 };
  g_autofree char *a = pl_signal_explain (&beyond, NULL);
  g_autofree char *b = pl_signal_explain (&below, NULL);
  g_autofree char *c = pl_signal_explain (&run, "the week of 17 August");
  g_autofree char *d = pl_signal_explain (&two, NULL);
  g_autofree char *e = pl_signal_explain (&four, NULL);

  g_assert_cmpstr (a, ==, "The value for point 14 is above the upper control limit: "
                          "something unusual happened then, worth finding out what.");
  g_assert_nonnull (strstr (b, "point 3 is below the lower control limit"));
  g_assert_cmpstr (c, ==, "Eight values in a row up to the week of 17 August are below the "
                          "centre line: the average has shifted down. Look for what changed "
                          "when the run began.");
  g_assert_nonnull (strstr (d, "up to point 6 are far above the centre line"));
  g_assert_nonnull (strstr (e, "below the centre line"));

  g_assert_nonnull (strstr (pl_signal_rule_summary (PL_RULE_FOUR_OF_FIVE), "Four of five"));
}

static void
test_control_invalid (void)
{
  static const struct { PlChartKind kind; const double *values; gsize n; guint m;
                        const char *words; } cases[] = {
    { PL_CHART_XMR, mortgage, 1, 0, "at least 2 values" },
    { PL_CHART_XBAR_R, piston_rings, 10, 1, "subgroups of 2 to 10" },
    { PL_CHART_XBAR_R, piston_rings, 22, 11, "subgroups of 2 to 10" },
    { PL_CHART_XBAR_R, piston_rings, 12, 5, "12 values do not divide into subgroups of 5" },
    { PL_CHART_XBAR_R, piston_rings, 5, 5, "at least 2 subgroups" },
  };
  const double with_inf[] = { 1, 2, INFINITY, 4 };
  const gint64 k[] = { 3, 9 };
  const gint64 n[] = { 5, 8 };
  const gint64 empty[] = { 5, 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PlControlChart *chart;

      if (cases[i].kind == PL_CHART_XMR)
        chart = pl_control_chart_xmr (cases[i].values, cases[i].n, &error);
      else
        chart = pl_control_chart_xbar_r (cases[i].values, cases[i].n, cases[i].m, &error);
      g_assert_null (chart);
      g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_clear_error (&error);
    }

  g_assert_null (pl_control_chart_xmr (with_inf, 4, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Value 3 is not a number.");
  g_clear_error (&error);

  g_assert_null (pl_control_chart_p (k, n, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "In sample 2 the count must be between 0 and the sample’s size.");
  g_clear_error (&error);

  g_assert_null (pl_control_chart_p (k, empty, 2, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Sample 2 has no cases"));
  g_clear_error (&error);

  g_assert_null (pl_control_chart_p (k, n, 1, &error));
  g_assert_error (error, PL_ERROR, PL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "at least 2 samples"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/stats/wilson/newcombe", test_wilson_newcombe);
  g_test_add_func ("/core/stats/wilson/levels", test_wilson_levels);
  g_test_add_func ("/core/stats/wilson/invalid", test_wilson_invalid);
  g_test_add_func ("/core/stats/mean/student", test_mean_student);
  g_test_add_func ("/core/stats/mean/invalid", test_mean_invalid);
  g_test_add_func ("/core/stats/nps/counts", test_nps_counts);
  g_test_add_func ("/core/stats/nps/scores", test_nps_scores);
  g_test_add_func ("/core/stats/trend/norris", test_trend_norris);
  g_test_add_func ("/core/stats/trend/mann-kendall", test_trend_mann_kendall);
  g_test_add_func ("/core/stats/trend/tied-times", test_trend_tied_times);
  g_test_add_func ("/core/stats/trend/words", test_trend_words);
  g_test_add_func ("/core/stats/trend/invalid", test_trend_invalid);
  g_test_add_func ("/core/stats/control/xmr", test_control_xmr);
  g_test_add_func ("/core/stats/control/p", test_control_p);
  g_test_add_func ("/core/stats/control/p-varying", test_control_p_varying);
  g_test_add_func ("/core/stats/control/xbar-r", test_control_xbar_r);
  g_test_add_func ("/core/stats/control/constants", test_control_constants);
  g_test_add_func ("/core/stats/control/western-electric", test_western_electric);
  g_test_add_func ("/core/stats/control/signal-words", test_signal_words);
  g_test_add_func ("/core/stats/control/invalid", test_control_invalid);

  return g_test_run ();
}
