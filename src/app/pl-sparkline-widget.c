/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-sparkline-widget.h"

struct _PlSparklineWidget
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PlSparklineWidget, pl_sparkline_widget, GTK_TYPE_WIDGET)

static void
pl_sparkline_widget_class_init (PlSparklineWidgetClass *klass)
{
}

static void
pl_sparkline_widget_init (PlSparklineWidget *self)
{
}
