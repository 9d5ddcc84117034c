/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "charts/pl-trend-chart.h"

G_BEGIN_DECLS

#define PL_TYPE_CHART_WIDGET (pl_chart_widget_get_type ())

G_DECLARE_FINAL_TYPE (PlChartWidget, pl_chart_widget, PL, CHART_WIDGET, GtkWidget)

PlChartWidget *pl_chart_widget_new             (void);
void           pl_chart_widget_set_chart       (PlChartWidget        *self,
                                                const PlTrendChart   *chart);
char          *pl_chart_widget_dup_description (PlChartWidget        *self);
int            pl_chart_widget_get_highlight   (PlChartWidget        *self);
void           pl_chart_widget_set_highlight   (PlChartWidget        *self,
                                                int                   highlight);
gboolean       pl_chart_widget_save_to_file    (PlChartWidget        *self,
                                                const char           *path,
                                                double                width,
                                                double                height,
                                                GError              **error);

/* The chart colours of the widget's current style, for any chart widget. */
void           pl_chart_widget_lookup_palette  (GtkWidget            *widget,
                                                PlChartPalette       *palette);

G_END_DECLS
