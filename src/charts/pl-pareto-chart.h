/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-trend-chart.h"

G_BEGIN_DECLS

/* Counts per category (themes, reasons) as bars in descending order, with
 * the cumulative percentage as a line on a 0–100% axis on the right. The
 * items may come in any order; items with a count that is not positive
 * are left out. Indices (highlight, hit test, bar rectangles) are those
 * of the caller's arrays. The chart copies nothing. */
typedef struct
{
  const char         *title;
  const char         *count_label;     /* what the bars count: "Comments" */
  const char * const *labels;          /* n names */
  const double       *counts;          /* n counts */
  guint               n;
  gboolean            show_reference;
  double              reference;       /* in percent, 80 after init */
  int                 highlight;       /* index of the hovered item, or -1 */
} PlParetoChart;

void      pl_pareto_chart_init          (PlParetoChart        *chart);
void      pl_pareto_chart_render        (const PlParetoChart  *chart,
                                         const PlChartPalette *palette,
                                         cairo_t              *cr,
                                         double                width,
                                         double                height);
/* The items drawn, largest first (ties keep their order), as indices into
 * the caller's arrays, and the cumulative percentage after each. Both
 * arrays hold chart->n values and may be NULL. Returns how many are drawn. */
guint     pl_pareto_chart_get_order     (const PlParetoChart  *chart,
                                         guint                *order,
                                         double               *cumulative);
gboolean  pl_pareto_chart_get_bar_rect  (const PlParetoChart  *chart,
                                         cairo_t              *cr,
                                         double                width,
                                         double                height,
                                         guint                 index,
                                         PlChartRect          *rect);
/* Where the cumulative line passes over item @index's bar. */
gboolean  pl_pareto_chart_get_cumulative_point (const PlParetoChart *chart,
                                         cairo_t              *cr,
                                         double                width,
                                         double                height,
                                         guint                 index,
                                         double               *x,
                                         double               *y);
void      pl_pareto_chart_get_plot_area (const PlParetoChart  *chart,
                                         cairo_t              *cr,
                                         double                width,
                                         double                height,
                                         PlChartRect          *area);
/* The index of the item whose column is under (px, py), or -1. */
int       pl_pareto_chart_hit_test      (const PlParetoChart  *chart,
                                         cairo_t              *cr,
                                         double                width,
                                         double                height,
                                         double                px,
                                         double                py);
/* What the read-out of item @index says, as plain text; NULL if none. */
char     *pl_pareto_chart_dup_readout   (const PlParetoChart  *chart,
                                         int                   index);
char     *pl_pareto_chart_describe      (const PlParetoChart  *chart);
gboolean  pl_pareto_chart_save          (const PlParetoChart  *chart,
                                         const PlChartPalette *palette,
                                         const char           *path,
                                         double                width,
                                         double                height,
                                         GError              **error);

G_END_DECLS
