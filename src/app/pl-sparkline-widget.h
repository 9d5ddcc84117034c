/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_SPARKLINE_WIDGET (pl_sparkline_widget_get_type ())

G_DECLARE_FINAL_TYPE (PlSparklineWidget, pl_sparkline_widget, PL, SPARKLINE_WIDGET, GtkWidget)

G_END_DECLS
