/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>

#include "charts/pl-chart-palette.h"
#include "charts/pl-trend-chart.h"

/* Figures for issue 5: a 1,000,000-point trend chart rendered at 1200×400
 * onto an image surface, against the same chart of 2,400 points (two per
 * pixel column), best of 5 runs each. Budget: ratio ≤ 3. Then the same
 * with the interval band, stepped control limits (a p chart with varying
 * n) and signals on. Long series are reduced to the plot's pixel columns
 * before drawing (pl_trend_chart.h), so the big chart should cost one pass
 * over its points more than the small one; the reduction alone is timed
 * too. Set PL_BENCH_POINTS for another size. Exits 1 when over budget. */

#define DEFAULT_POINTS 1000000
#define SMALL_POINTS   2400
#define WIDTH          1200
#define HEIGHT         400
#define RUNS           5
#define MAX_RATIO      3.0
#define FIRST_DAY      20543.0   /* 2026-03-30 */
#define SPAN_DAYS      182.0     /* the demo's 26 weeks */

typedef struct
{
  guint          n;
  double        *days;
  double        *values;
  double        *lower;
  double        *upper;
  double        *ucls;
  double        *lcls;
  guint         *sizes;
  PlTrendSignal  signals[8];
} Series;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* A CSAT-like percentage around 84 with a weekly rhythm, a slow fall and
 * noise; every point a sample of 30 to 300 with its Wilson-like band and
 * its p chart limits. */
static void
series_init (Series *series,
             guint   n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261005);

  series->n = n;
  series->days = g_new (double, n);
  series->values = g_new (double, n);
  series->lower = g_new (double, n);
  series->upper = g_new (double, n);
  series->ucls = g_new (double, n);
  series->lcls = g_new (double, n);
  series->sizes = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    {
      double day = FIRST_DAY + SPAN_DAYS * i / n;
      guint size = g_rand_int_range (rand, 30, 301);
      double p = 0.84;
      double sigma = 100 * sqrt (p * (1 - p) / size);
      double value = 84 + 2 * sin (2 * G_PI * (day - FIRST_DAY) / 7) - 3 * (day - FIRST_DAY) / SPAN_DAYS +
                     g_rand_double_range (rand, -1, 1) * sigma;

      series->days[i] = day;
      /* A gap now and then, as a week without data. */
      series->values[i] = i % 9973 == 5000 ? NAN : value;
      series->lower[i] = value - 1.96 * sigma;
      series->upper[i] = MIN (100, value + 1.96 * sigma);
      series->ucls[i] = MIN (100, 100 * p + 3 * sigma);
      series->lcls[i] = 100 * p - 3 * sigma;
      series->sizes[i] = size;
    }

  for (guint i = 0; i < G_N_ELEMENTS (series->signals); i++)
    {
      series->signals[i].index = (guint) ((i + 0.5) * n / G_N_ELEMENTS (series->signals));
      series->signals[i].rule = 1 + i % 4;
      series->signals[i].text = NULL;
    }
}

static void
series_clear (Series *series)
{
  g_free (series->days);
  g_free (series->values);
  g_free (series->lower);
  g_free (series->upper);
  g_free (series->ucls);
  g_free (series->lcls);
  g_free (series->sizes);
}

static void
chart_for (const Series *series,
           gboolean      extras,
           PlTrendChart *chart)
{
  pl_trend_chart_init (chart);
  chart->title = "Customer satisfaction (CSAT)";
  chart->series_label = "CSAT";
  chart->days = series->days;
  chart->values = series->values;
  chart->n = series->n;
  chart->unit = "%";
  chart->decimals = 1;
  chart->higher_is_better = TRUE;
  chart->has_target = TRUE;
  chart->target = 85;
  chart->has_red_threshold = TRUE;
  chart->red_threshold = 80;
  chart->highlight = -1;

  if (!extras)
    return;

  chart->lower = series->lower;
  chart->upper = series->upper;
  chart->interval_label = "Wilson 95% interval";
  chart->sizes = series->sizes;
  chart->has_control_limits = TRUE;
  chart->centre = 84;
  chart->ucls = series->ucls;
  chart->lcls = series->lcls;
  chart->signals = series->signals;
  chart->n_signals = G_N_ELEMENTS (series->signals);
}

/* Best of RUNS renders at WIDTH × HEIGHT, in ms. */
static double
time_render (const PlTrendChart   *chart,
             const PlChartPalette *palette,
             cairo_surface_t      *surface)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < RUNS; run++)
    {
      cairo_t *cr;
      double t0 = now_ms ();

      cr = cairo_create (surface);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      pl_trend_chart_render (chart, palette, cr, WIDTH, HEIGHT);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      best = MIN (best, now_ms () - t0);
    }

  return best;
}

/* How many pixels the chart painted: a chart that draws nothing is no
 * benchmark. */
static guint
painted_pixels (cairo_surface_t *surface)
{
  const guint32 *data = (const guint32 *) cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface) / 4;
  guint painted = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      painted += data[y * stride + x] != 0;
  return painted;
}

int
main (int   argc,
      char *argv[])
{
  const char *points_env = g_getenv ("PL_BENCH_POINTS");
  guint n_big = points_env != NULL ? (guint) g_ascii_strtoull (points_env, NULL, 10) : DEFAULT_POINTS;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  PlChartPalette palette;
  Series big, small;
  PlTrendChart chart;
  double big_ms, small_ms, big_extras_ms, small_extras_ms, reduce_ms = G_MAXDOUBLE;
  double ratio, ratio_extras, t0;
  g_autofree double *out_x = g_new (double, 4 * WIDTH);
  g_autofree double *out_y = g_new (double, 4 * WIDTH);
  guint reduced = 0;
  gboolean within_budget;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  pl_chart_palette_init_light (&palette);

  t0 = now_ms ();
  series_init (&big, n_big);
  series_init (&small, SMALL_POINTS);
  printf ("series generated:                %9.1f ms\n", now_ms () - t0);

  chart_for (&small, FALSE, &chart);
  small_ms = time_render (&chart, &palette, surface);
  g_assert_cmpuint (painted_pixels (surface), >, WIDTH * HEIGHT / 10);
  chart_for (&big, FALSE, &chart);
  big_ms = time_render (&chart, &palette, surface);
  g_assert_cmpuint (painted_pixels (surface), >, WIDTH * HEIGHT / 10);

  chart_for (&small, TRUE, &chart);
  small_extras_ms = time_render (&chart, &palette, surface);
  chart_for (&big, TRUE, &chart);
  big_extras_ms = time_render (&chart, &palette, surface);
  g_assert_cmpuint (painted_pixels (surface), >, WIDTH * HEIGHT / 10);

  /* The reduction on its own, over the whole width, for scale. */
  for (guint run = 0; run < RUNS; run++)
    {
      double r0 = now_ms ();

      reduced = pl_chart_reduce_minmax (big.days, big.values, big.n, big.days[0], big.days[big.n - 1],
                                        WIDTH, out_x, out_y);
      reduce_ms = MIN (reduce_ms, now_ms () - r0);
    }

  ratio = big_ms / MAX (small_ms, 0.001);
  ratio_extras = big_extras_ms / MAX (small_extras_ms, 0.001);
  within_budget = ratio <= MAX_RATIO && ratio_extras <= MAX_RATIO;

  printf ("trend chart %ux%u, best of %d:\n", WIDTH, HEIGHT, RUNS);
  printf ("  %7u points:                  %9.2f ms\n", SMALL_POINTS, small_ms);
  printf ("  %7u points:                  %9.2f ms\n", n_big, big_ms);
  printf ("  ratio:                         %9.2f  (budget %.1f)\n", ratio, MAX_RATIO);
  printf ("with band, stepped limits, signals:\n");
  printf ("  %7u points:                  %9.2f ms\n", SMALL_POINTS, small_extras_ms);
  printf ("  %7u points:                  %9.2f ms\n", n_big, big_extras_ms);
  printf ("  ratio:                         %9.2f  (budget %.1f)\n", ratio_extras, MAX_RATIO);
  printf ("min/max reduction alone:         %9.2f ms (%u points to %u)\n", reduce_ms, n_big, reduced);
  printf ("%s\n", within_budget ? "within budget" : "OVER BUDGET");

  series_clear (&big);
  series_clear (&small);
  cairo_surface_destroy (surface);

  return within_budget ? 0 : 1;
}
