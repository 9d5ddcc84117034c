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

/* A trend chart description: one series of dated values against a target
 * with amber and red bands. Dates are days since 1970-01-01. The chart
 * copies nothing: the arrays must outlive the render call. */
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
