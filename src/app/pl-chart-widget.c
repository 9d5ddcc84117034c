/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-chart-widget.h"

struct _PlChartWidget
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PlChartWidget, pl_chart_widget, GTK_TYPE_WIDGET)

static void
pl_chart_widget_class_init (PlChartWidgetClass *klass)
{
}

static void
pl_chart_widget_init (PlChartWidget *self)
{
}
