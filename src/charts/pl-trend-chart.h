/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-chart-palette.h"

G_BEGIN_DECLS

typedef struct
{
  double x, y, width, height;
} PlChartRect;

/* A special-cause signal on a control chart: the point that completes a
 * pattern and the rule it breaks. */
typedef struct
{
  guint       index;   /* the point, an index into days and values */
  guint       rule;    /* the Western Electric rule, 1 to 4 */
  const char *text;    /* the rule in words for the read-out and summary,
                        * "One point beyond the control limits"; NULL says
                        * "Western Electric rule N" */
} PlTrendSignal;

/* A change made on a date (a new script, coaching, a system outage): a
 * vertical line with its label over the plot. */
typedef struct
{
  double      day;     /* days since 1970-01-01 */
  const char *label;   /* "New IVR menu" */
} PlTrendIntervention;

/* A trend chart description: one series of dated values against a target
 * with amber and red bands, and optionally an interval band around it,
 * control limits with their centre line, special-cause signals and
 * interventions. Dates are days since 1970-01-01. Everything after
 * `highlight` is off when zero, as pl_trend_chart_init() leaves it. The
 * chart copies nothing: the arrays must outlive the render call. */
typedef struct
{
  const char   *title;          /* may be NULL */
  const char   *series_label;   /* legend text for the series, e.g. "Weekly CSAT" */
  const double *days;           /* n values, ascending */
  const double *values;         /* n values; NAN for a period without data */
  guint         n;
  const char   *unit;           /* appended to tick labels and read-outs: "%", " s", "" */
  int           decimals;
  gboolean      higher_is_better;
  gboolean      has_target;
  double        target;
  gboolean      has_red_threshold;
  double        red_threshold;  /* amber between target and this; red beyond */
  int           highlight;      /* index of the hovered point with a read-out, or -1 */

  /* The interval around each value, shaded: n values each, NAN where a
   * point has none. Both or neither. */
  const double *lower;
  const double *upper;
  const char   *interval_label; /* legend and read-out: "Wilson 95% interval"; NULL: "Interval" */

  /* The sample size of each point for the read-out; NULL: none to tell. */
  const guint  *sizes;

  /* Control limits and the centre line, dashed. The limits are `ucl` and
   * `lcl` for every point, or per point from `ucls` and `lcls` when those
   * are given (a p chart with varying n: stepped limits; NAN where a point
   * has none). */
  gboolean      has_control_limits;
  double        centre;
  double        ucl;
  double        lcl;
  const double *ucls;
  const double *lcls;

  /* Special-cause signals, drawn as diamonds on their points. */
  const PlTrendSignal       *signals;
  guint                      n_signals;

  /* Interventions, drawn as labelled vertical lines. */
  const PlTrendIntervention *interventions;
  guint                      n_interventions;

  /* A second series to compare with, at the same days (the team beside
   * a colleague, the other days beside Mondays): n values, NAN where there
   * is none, drawn as a thinner neutral line under the series. */
  const double *compare;
  const char   *compare_label;  /* legend and read-out: "Team average" */
} PlTrendChart;

void      pl_trend_chart_init          (PlTrendChart         *chart);
void      pl_trend_chart_render        (const PlTrendChart   *chart,
                                        const PlChartPalette *palette,
                                        cairo_t              *cr,
                                        double                width,
                                        double                height);
void      pl_trend_chart_get_plot_area (const PlTrendChart   *chart,
                                        cairo_t              *cr,
                                        double                width,
                                        double                height,
                                        PlChartRect          *area);
double    pl_trend_chart_value_to_y    (const PlTrendChart   *chart,
                                        const PlChartRect    *area,
                                        double                value);
int       pl_trend_chart_hit_test      (const PlTrendChart   *chart,
                                        cairo_t              *cr,
                                        double                width,
                                        double                height,
                                        double                px,
                                        double                py);
/* What the hover read-out of point @index says, as plain text: the period,
 * the value, its interval, n, the limits, and any signal or intervention
 * there. NULL for a point without a value. */
char     *pl_trend_chart_dup_readout   (const PlTrendChart   *chart,
                                        int                   index);
char     *pl_trend_chart_describe      (const PlTrendChart   *chart);
gboolean  pl_trend_chart_save          (const PlTrendChart   *chart,
                                        const PlChartPalette *palette,
                                        const char           *path,
                                        double                width,
                                        double                height,
                                        GError              **error);

/* One labelled date on the x axis: where it is, its text (one or two lines,
 * the second a year) and the box the label occupies, in widget coordinates. */
typedef struct
{
  double      day;
  double      x;
  PlChartRect extents;
  char        text[64];
} PlChartTick;

GArray   *pl_trend_chart_get_x_ticks   (const PlTrendChart   *chart,
                                        cairo_t              *cr,
                                        double                width,
                                        double                height);
double    pl_trend_chart_day_to_x      (const PlTrendChart   *chart,
                                        const PlChartRect    *area,
                                        double                day);

/* The boxes of the intervention labels, one per intervention in the
 * chart's order, stacked in rows above the plot so that none overlaps
 * another, a line or the legend; a label that cannot fit is shortened
 * with "…" or, failing that, left out (width 0). */
GArray   *pl_trend_chart_get_intervention_labels (const PlTrendChart *chart,
                                                  cairo_t            *cr,
                                                  double              width,
                                                  double              height);
/* The box the legend takes (height 0 without one). */
void      pl_trend_chart_get_legend_area (const PlTrendChart *chart,
                                          cairo_t            *cr,
                                          double              width,
                                          double              height,
                                          PlChartRect        *area);
/* Appends to @cr's path what render() draws for the series: the line it
 * strokes when there are at most two points per pixel column of the plot;
 * for a longer series, the outline it fills, each column's minimum to
 * maximum, as one closed sub-path per run between gaps with two vertices
 * per column. */
void      pl_trend_chart_append_series_path (const PlTrendChart *chart,
                                             cairo_t            *cr,
                                             double              width,
                                             double              height);

/* Reduces n points (x ascending) to at most the minimum and the maximum of
 * each of `columns` equal slices of [x_min, x_max], in the order they occur,
 * with a NAN where the input has a gap. out_x and out_y must hold
 * 4 * columns values. Returns the number of points written. */
guint     pl_chart_reduce_minmax       (const double         *x,
                                        const double         *y,
                                        guint                 n,
                                        double                x_min,
                                        double                x_max,
                                        guint                 columns,
                                        double               *out_x,
                                        double               *out_y);

G_END_DECLS
