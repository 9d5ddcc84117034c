/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} PlColor;

/* The colours a chart is drawn with. The app fills it from the GTK theme
 * (window_fg_color, accent_bg_color, success/warning/error colours); PNG,
 * PDF and tests use the built-in light and dark palettes. */
typedef struct
{
  PlColor background;   /* alpha 0 draws nothing: the widget's own background shows */
  PlColor foreground;   /* text and axes */
  PlColor grid;
  PlColor accent;       /* the series */
  PlColor success;      /* green band, on-target markers */
  PlColor warning;      /* amber band */
  PlColor error;        /* red band, off-target markers */
  PlColor target;       /* the target line */
  gboolean dark;
} PlChartPalette;

void pl_chart_palette_init_light (PlChartPalette *palette);
void pl_chart_palette_init_dark  (PlChartPalette *palette);

G_END_DECLS
