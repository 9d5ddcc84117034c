/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PL_TYPE_SPARKLINE_WIDGET (pl_sparkline_widget_get_type ())

G_DECLARE_FINAL_TYPE (PlSparklineWidget, pl_sparkline_widget, PL, SPARKLINE_WIDGET, GtkWidget)

/* The colour of the latest point: its status against the target. */
typedef enum
{
  PL_SPARKLINE_TONE_NONE,
  PL_SPARKLINE_TONE_SUCCESS,
  PL_SPARKLINE_TONE_WARNING,
  PL_SPARKLINE_TONE_ERROR,
} PlSparklineTone;

PlSparklineWidget *pl_sparkline_widget_new        (void);
void               pl_sparkline_widget_set_values (PlSparklineWidget *self,
                                                   const double      *values,
                                                   guint              n,
                                                   gboolean           has_target,
                                                   double             target,
                                                   int                tone);

G_END_DECLS
