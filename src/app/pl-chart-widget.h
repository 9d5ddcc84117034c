/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "charts/pl-bar-chart.h"
#include "charts/pl-distribution-chart.h"
#include "charts/pl-heatmap-chart.h"
#include "charts/pl-pareto-chart.h"
#include "charts/pl-trend-chart.h"

G_BEGIN_DECLS

#define PL_TYPE_CHART_WIDGET (pl_chart_widget_get_type ())

G_DECLARE_FINAL_TYPE (PlChartWidget, pl_chart_widget, PL, CHART_WIDGET, GtkWidget)

typedef enum
{
  PL_CHART_WIDGET_NONE,
  PL_CHART_WIDGET_TREND,
  PL_CHART_WIDGET_BAR,
  PL_CHART_WIDGET_DISTRIBUTION,
  PL_CHART_WIDGET_PARETO,
  PL_CHART_WIDGET_HEATMAP,
} PlChartWidgetKind;

/* Where "Save as …" writes instead of asking with a file chooser: tests. */
typedef GFile *(*PlChartWidgetChooseFileFunc) (PlChartWidget *self,
                                               const char    *format,
                                               gpointer       user_data);

PlChartWidget    *pl_chart_widget_new                   (void);

/* A trend chart, copied with everything it points to. */
void              pl_chart_widget_set_chart             (PlChartWidget              *self,
                                                         const PlTrendChart         *chart);

/* Any kind of chart. The widget copies the structure but not what it
 * points to: the caller keeps the arrays and strings alive and unchanged
 * until the widget shows another chart or is destroyed. NULL shows an
 * empty trend chart. */
void              pl_chart_widget_set_trend_chart       (PlChartWidget              *self,
                                                         const PlTrendChart         *chart);
void              pl_chart_widget_set_bar_chart         (PlChartWidget              *self,
                                                         const PlBarChart           *chart);
void              pl_chart_widget_set_distribution_chart (PlChartWidget             *self,
                                                         const PlDistributionChart  *chart);
void              pl_chart_widget_set_pareto_chart      (PlChartWidget              *self,
                                                         const PlParetoChart        *chart);
void              pl_chart_widget_set_heatmap_chart     (PlChartWidget              *self,
                                                         const PlHeatmapChart       *chart);
PlChartWidgetKind pl_chart_widget_get_kind              (PlChartWidget              *self);

char             *pl_chart_widget_dup_description       (PlChartWidget              *self);
int               pl_chart_widget_get_highlight         (PlChartWidget              *self);
void              pl_chart_widget_set_highlight         (PlChartWidget              *self,
                                                         int                         highlight);
/* What the pointer at (x, y) in widget coordinates does: highlights the
 * item there, or none. Returns the item's index or -1. */
int               pl_chart_widget_highlight_at          (PlChartWidget              *self,
                                                         double                      x,
                                                         double                      y);
/* The read-out of the highlighted item as plain text, or NULL. */
char             *pl_chart_widget_dup_readout           (PlChartWidget              *self);

/* A small menu button at the top right with the "Save as …" items, which
 * are also on the context menu (right click, Menu key, long press). */
void              pl_chart_widget_set_show_menu_button  (PlChartWidget              *self,
                                                         gboolean                    show);
gboolean          pl_chart_widget_get_show_menu_button  (PlChartWidget              *self);
void              pl_chart_widget_set_header            (PlChartWidget              *self,
                                                         GtkWidget                  *header);

gboolean          pl_chart_widget_save_to_file          (PlChartWidget              *self,
                                                         const char                 *path,
                                                         double                      width,
                                                         double                      height,
                                                         GError                    **error);
void              pl_chart_widget_set_choose_file_func  (PlChartWidget              *self,
                                                         PlChartWidgetChooseFileFunc func,
                                                         gpointer                    user_data);

/* The chart colours of the widget's current style, for any chart widget. */
void              pl_chart_widget_lookup_palette        (GtkWidget                  *widget,
                                                         PlChartPalette             *palette);

G_END_DECLS
