/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-trend-chart.h"

G_BEGIN_DECLS

/* One segment (a channel, a team, a colleague): its value, the interval
 * around it and the sample it rests on. */
typedef struct
{
  const char *label;         /* "Phone" */
  double      value;         /* NAN when the segment has no data */
  double      lower;         /* the interval; NAN when there is none */
  double      upper;
  guint       n;             /* 0 means no data, whatever the value */
  gboolean    small_sample;  /* the interval is wider than the margin the user set */
} PlBarChartBar;

typedef enum
{
  PL_BAR_CHART_AUTO,         /* upright bars while their labels fit under them */
  PL_BAR_CHART_VERTICAL,
  PL_BAR_CHART_HORIZONTAL,
} PlBarChartOrientation;

/* Bars by segment against a target. Bars are coloured by their status
 * (green, amber, red as on the KPI tiles) and the status is also drawn as
 * a mark and said in words in the read-out and the summary. The chart
 * copies nothing: the bars and strings must outlive the call. */
typedef struct
{
  const char            *title;           /* may be NULL */
  const char            *value_label;     /* what the bars measure: "CSAT by channel" */
  const char            *interval_label;  /* "Wilson 95% interval"; NULL: "interval" */
  const PlBarChartBar   *bars;
  guint                  n_bars;
  const char            *unit;            /* "%", " s", "" */
  int                    decimals;
  gboolean               higher_is_better;
  gboolean               has_target;
  double                 target;
  gboolean               has_red_threshold;
  double                 red_threshold;   /* at risk between target and this; off target beyond */
  PlBarChartOrientation  orientation;
  int                    highlight;       /* index of the hovered bar, or -1 */
} PlBarChart;

void      pl_bar_chart_init                 (PlBarChart           *chart);
void      pl_bar_chart_render               (const PlBarChart     *chart,
                                             const PlChartPalette *palette,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height);
/* The height the chart would like at @width: upright bars take a fixed
 * height, lying bars a row each. */
double    pl_bar_chart_get_preferred_height (const PlBarChart     *chart,
                                             cairo_t              *cr,
                                             double                width);
gboolean  pl_bar_chart_is_horizontal        (const PlBarChart     *chart,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height);
void      pl_bar_chart_get_plot_area        (const PlBarChart     *chart,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height,
                                             PlChartRect          *area);
/* The box of bar @index from the baseline to its value; FALSE for a bar
 * without data or out of range. */
gboolean  pl_bar_chart_get_bar_rect         (const PlBarChart     *chart,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height,
                                             guint                 index,
                                             PlChartRect          *rect);
/* The bar whose row or column is under (px, py), or -1. */
int       pl_bar_chart_hit_test             (const PlBarChart     *chart,
                                             cairo_t              *cr,
                                             double                width,
                                             double                height,
                                             double                px,
                                             double                py);
/* What the hover read-out of bar @index says, as plain text; NULL if none. */
char     *pl_bar_chart_dup_readout          (const PlBarChart     *chart,
                                             int                   index);
char     *pl_bar_chart_describe             (const PlBarChart     *chart);
gboolean  pl_bar_chart_save                 (const PlBarChart     *chart,
                                             const PlChartPalette *palette,
                                             const char           *path,
                                             double                width,
                                             double                height,
                                             GError              **error);

G_END_DECLS
