/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "pl-trend-chart.h"

G_BEGIN_DECLS

typedef enum
{
  PL_DISTRIBUTION_DIVERGING,   /* levels run from bad through neutral to good: CSAT 1–5, NPS */
  PL_DISTRIBUTION_SEQUENTIAL,  /* levels run from less to more */
} PlDistributionScale;

/* Per category (a month, a channel), the shares of ordered levels as a bar
 * that spans 100%. Counts are given per category and level, row by row:
 * counts[category * n_levels + level], lowest level first; a category
 * whose counts sum to zero has no responses. Colours come from an
 * orange-to-blue scale that colour-blind readers can tell apart. The
 * chart copies nothing. */
typedef struct
{
  const char          *title;
  const char * const  *levels;      /* n_levels names: "1", …, "5" or "Detractors", … */
  guint                n_levels;
  const char * const  *categories;  /* n_categories names */
  guint                n_categories;
  const double        *counts;
  PlDistributionScale  scale;
  int                  highlight;   /* category * n_levels + level, or -1 */
} PlDistributionChart;

void      pl_distribution_chart_init                 (PlDistributionChart       *chart);
void      pl_distribution_chart_render               (const PlDistributionChart *chart,
                                                      const PlChartPalette      *palette,
                                                      cairo_t                   *cr,
                                                      double                     width,
                                                      double                     height);
double    pl_distribution_chart_get_preferred_height (const PlDistributionChart *chart,
                                                      cairo_t                   *cr,
                                                      double                     width);
/* The shares of @category in percent (n_levels values summing to 100),
 * and its number of responses. FALSE when it has none. */
gboolean  pl_distribution_chart_get_shares           (const PlDistributionChart *chart,
                                                      guint                      category,
                                                      double                    *shares,
                                                      double                    *total);
/* The same shares as whole percentages that still sum to 100, as labelled. */
gboolean  pl_distribution_chart_get_rounded_shares   (const PlDistributionChart *chart,
                                                      guint                      category,
                                                      int                       *percents);
/* The colour of @level for @palette. */
PlColor   pl_distribution_chart_get_level_color      (const PlDistributionChart *chart,
                                                      const PlChartPalette      *palette,
                                                      guint                      level);
gboolean  pl_distribution_chart_get_segment_rect     (const PlDistributionChart *chart,
                                                      cairo_t                   *cr,
                                                      double                     width,
                                                      double                     height,
                                                      guint                      category,
                                                      guint                      level,
                                                      PlChartRect               *rect);
/* category * n_levels + level of the segment under (px, py), or -1. */
int       pl_distribution_chart_hit_test             (const PlDistributionChart *chart,
                                                      cairo_t                   *cr,
                                                      double                     width,
                                                      double                     height,
                                                      double                     px,
                                                      double                     py);
/* What the read-out of segment @index says, as plain text; NULL if none. */
char     *pl_distribution_chart_dup_readout          (const PlDistributionChart *chart,
                                                      int                        index);
char     *pl_distribution_chart_describe             (const PlDistributionChart *chart);
gboolean  pl_distribution_chart_save                 (const PlDistributionChart *chart,
                                                      const PlChartPalette      *palette,
                                                      const char                *path,
                                                      double                     width,
                                                      double                     height,
                                                      GError                   **error);

G_END_DECLS
