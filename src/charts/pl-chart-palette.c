/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Plumbline"

#include "config.h"

#include "pl-chart-palette.h"

static PlColor
rgb (guint  hex,
     double alpha)
{
  PlColor color = {
    ((hex >> 16) & 0xff) / 255.,
    ((hex >> 8) & 0xff) / 255.,
    (hex & 0xff) / 255.,
    alpha,
  };

  return color;
}

/* The libadwaita 1.2 palette, so that a chart saved to a file looks like
 * the one in the window. */
void
pl_chart_palette_init_light (PlChartPalette *palette)
{
  g_return_if_fail (palette != NULL);

  palette->background = rgb (0xffffff, 0.);
  palette->foreground = rgb (0x1e1e1e, .9);
  palette->grid = rgb (0x1e1e1e, .1);
  palette->accent = rgb (0x3584e4, 1.);
  palette->success = rgb (0x26a269, 1.);
  palette->warning = rgb (0xcd9309, 1.);
  palette->error = rgb (0xc01c28, 1.);
  palette->target = rgb (0x26a269, 1.);
  palette->dark = FALSE;
}

void
pl_chart_palette_init_dark (PlChartPalette *palette)
{
  g_return_if_fail (palette != NULL);

  palette->background = rgb (0x242424, 0.);
  palette->foreground = rgb (0xffffff, .9);
  palette->grid = rgb (0xffffff, .1);
  palette->accent = rgb (0x78aeed, 1.);
  palette->success = rgb (0x2ec27e, 1.);
  palette->warning = rgb (0xf6d32d, 1.);
  palette->error = rgb (0xe01b24, 1.);
  palette->target = rgb (0x2ec27e, 1.);
  palette->dark = TRUE;
}
