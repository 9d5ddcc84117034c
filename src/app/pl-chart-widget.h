/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_CHART_WIDGET (pl_chart_widget_get_type ())

G_DECLARE_FINAL_TYPE (PlChartWidget, pl_chart_widget, PL, CHART_WIDGET, GtkWidget)

G_END_DECLS
