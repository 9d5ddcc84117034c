/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-trend-chart.h"

G_BEGIN_DECLS

/* Rows (colleagues) by columns (criteria), each cell a value from 0 to
 * 100% on a blue scale that reads in light and dark, with its sample
 * size for the read-out. Values and counts go row by row:
 * values[row * n_columns + column]. A cell with NAN or a count of 0 has
 * no data and is drawn hatched, unlike any value. The chart copies nothing. */
typedef struct
{
  const char         *title;
  const char         *value_label;  /* what the cells hold: "Pass rate" */
  const char * const *rows;
  guint               n_rows;
  const char * const *columns;
  guint               n_columns;
  const double       *values;       /* 0–100; NAN for no data */
  const guint        *counts;       /* may be NULL: no sizes to tell */
  int                 decimals;
  int                 highlight;    /* row * n_columns + column, or -1 */
} PlHeatmapChart;

void      pl_heatmap_chart_init                 (PlHeatmapChart       *chart);
void      pl_heatmap_chart_render               (const PlHeatmapChart *chart,
                                                 const PlChartPalette *palette,
                                                 cairo_t              *cr,
                                                 double                width,
                                                 double                height);
double    pl_heatmap_chart_get_preferred_height (const PlHeatmapChart *chart,
                                                 cairo_t              *cr,
                                                 double                width);
/* The fill of a cell holding @value (0–100) for @palette. */
PlColor   pl_heatmap_chart_get_color            (const PlChartPalette *palette,
                                                 double                value);
gboolean  pl_heatmap_chart_get_cell_rect        (const PlHeatmapChart *chart,
                                                 cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 guint                 row,
                                                 guint                 column,
                                                 PlChartRect          *rect);
/* row * n_columns + column of the cell under (px, py), or -1. */
int       pl_heatmap_chart_hit_test             (const PlHeatmapChart *chart,
                                                 cairo_t              *cr,
                                                 double                width,
                                                 double                height,
                                                 double                px,
                                                 double                py);
/* What the read-out of cell @index says (its n included), as plain text;
 * NULL if none. */
char     *pl_heatmap_chart_dup_readout          (const PlHeatmapChart *chart,
                                                 int                   index);
char     *pl_heatmap_chart_describe             (const PlHeatmapChart *chart);
gboolean  pl_heatmap_chart_save                 (const PlHeatmapChart *chart,
                                                 const PlChartPalette *palette,
                                                 const char           *path,
                                                 double                width,
                                                 double                height,
                                                 GError              **error);

G_END_DECLS
